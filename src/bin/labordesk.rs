//! `labordesk`: the command line over the core, for center leads and scripts.
//! Errors go to stderr in Korean; exit code 2 means the input was refused (nothing written),
//! 1 any other failure.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use labordesk::domain::AccessAction;
use labordesk::domain::{
    validate, CaseFilter, CaseSort, CaseStatus, Category, CodeList, RemedyChannel, SortColumn,
};
use labordesk::export::WorkbookOptions;
use labordesk::report::Period;
use labordesk::store::accounts::{AccessLogFilter, AccountInput};
use labordesk::{Error, Settings, Store};

#[derive(Parser)]
#[command(
    name = "labordesk",
    version,
    about = "LaborDesk 노동상담 사건관리 — 명령줄 도구"
)]
struct Cli {
    /// Database file (default: the platform data folder, or LABORDESK_DB).
    #[arg(long, global = true, env = "LABORDESK_DB")]
    db: Option<PathBuf>,
    /// Account to act as on an encrypted database. The password comes from LABORDESK_PASSWORD
    /// (for scripts) or is asked for on the terminal.
    #[arg(long, global = true, env = "LABORDESK_USER")]
    user: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Creates the encrypted database: center name, this device's letter for case numbers,
    /// and the first account (the center lead, --user); prints the recovery code once.
    Init {
        #[arg(long)]
        center: String,
        #[arg(long)]
        device: String,
        /// Display name of the first account (the center lead).
        #[arg(long)]
        name: Option<String>,
        /// An unencrypted database with no accounts, for generated benchmark data only. The
        /// app does not open it until its first-run setup has encrypted it.
        #[arg(long, conflicts_with = "name")]
        unencrypted: bool,
    },
    /// Imports a center's case log (CSV or XLSX, import format v1); all or nothing.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Case commands.
    Cases {
        #[command(subcommand)]
        what: CasesWhat,
    },
    /// Writes the demo data set into an empty database.
    Demo,
    /// The supervisor's review queue: open proceedings by nearest deadline, and data problems.
    Review {
        #[arg(long)]
        json: bool,
    },
    /// The access log (center lead): newest first, or written to a CSV file.
    Log {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// Only this account's entries.
        #[arg(long = "by")]
        by: Option<String>,
        /// Only this action (view, create, update, delete, export, login, failed_login, ...).
        #[arg(long)]
        action: Option<String>,
        /// Write the entries to this file, .xlsx or .csv (the export is itself logged).
        #[arg(long, alias = "csv")]
        out: Option<PathBuf>,
    },
    /// Makes a backup now, into backups/ beside the database.
    Backup,
    /// Replaces the database with a backup; the current file is moved aside, never deleted.
    Restore { backup: PathBuf },
    /// Shows the retention period, sets it (--years), or destroys expired personal data (--run).
    Retention {
        #[arg(long)]
        years: Option<u32>,
        #[arg(long)]
        run: bool,
    },
    /// Accounts of an encrypted database (center lead).
    Accounts {
        #[command(subcommand)]
        what: AccountsWhat,
    },
    /// Sync with the center's other devices through transfer files or a shared folder.
    Sync {
        #[command(subcommand)]
        what: SyncWhat,
    },
    /// Checks the report tallies against a full count of the cases; --repair rebuilds them
    /// if they differ. Exits 1 when they differ and were not repaired.
    CheckTallies {
        #[arg(long)]
        repair: bool,
    },
    /// Writes N generated cases (ten years, realistic distributions) for benchmarks.
    Gen {
        #[arg(long)]
        cases: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The city's statistics: prints T1, or all tables as JSON, or writes the Excel workbook.
    #[command(group(clap::ArgGroup::new("date").required(true).args(["as_of", "month"])))]
    Report {
        /// As-of date YYYY-MM-DD; the period runs from 1 January of its year.
        #[arg(long)]
        as_of: Option<String>,
        /// Close a month YYYY-MM: as of its last day.
        #[arg(long)]
        month: Option<String>,
        /// Write the workbook (.xlsx) here.
        #[arg(long)]
        xlsx: Option<PathBuf>,
        /// Print every table as JSON.
        #[arg(long)]
        json: bool,
        /// Add a case-list sheet (no names or phone numbers) to the workbook.
        #[arg(long, requires = "xlsx")]
        case_list: bool,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Cases file: case_no,received_on,counselor,intake_method,primary_category,...
    Cases { file: PathBuf },
    /// Remedies file: case_no,channel,procedure,filed_on,concluded_on,outcome,...
    Remedies { file: PathBuf },
}

#[derive(Subcommand)]
enum AccountsWhat {
    /// Lists the accounts.
    List,
    /// Adds an account; its password comes from LABORDESK_NEW_PASSWORD or the terminal.
    Add {
        username: String,
        #[arg(long)]
        name: String,
        /// counselor (상담원), supervisor (검토자) or lead (센터장).
        #[arg(long)]
        role: String,
    },
    /// Sets a new password for an account (a forgotten one, or after reactivating it);
    /// from LABORDESK_NEW_PASSWORD or the terminal.
    Password { username: String },
}

#[derive(Subcommand)]
enum SyncWhat {
    /// This device, the devices it syncs with, pending changes and open conflicts.
    Status,
    /// Writes the changes the other devices have not confirmed yet (all with --all).
    Export {
        file: PathBuf,
        #[arg(long)]
        all: bool,
    },
    /// Merges another device's transfer file; prints the sync report.
    Import { file: PathBuf },
    /// Merges every other device's outbox in a shared folder, then writes this device's.
    Folder { dir: PathBuf },
    /// Fields two devices changed without seeing each other's change (center lead).
    Conflicts,
    /// Resolves a conflict: keep the merged value, or take the other one (--other).
    Resolve {
        id: i64,
        #[arg(long)]
        other: bool,
    },
    /// Writes an enrollment file for a new device with this letter; prints its one-time code.
    Enrollment {
        #[arg(long)]
        letter: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Enrolls this device in the center of an enrollment file (code from
    /// LABORDESK_ENROLL_CODE or the terminal).
    Enroll { file: PathBuf },
}

#[derive(Subcommand)]
enum CasesWhat {
    /// Lists cases, oldest first, one per line.
    List {
        /// Received in this year.
        #[arg(long)]
        year: Option<i32>,
        /// Primary category, as a code (wage_arrears) or label (임금체불).
        #[arg(long)]
        category: Option<String>,
        /// Only cases not yet closed.
        #[arg(long)]
        open: bool,
    },
    /// Writes the case list (no names or phone numbers) to .xlsx (constant memory) or .csv
    /// (codes; every statistics column). The export is logged.
    Export {
        file: PathBuf,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        open: bool,
        /// At most this many cases, oldest first.
        #[arg(long)]
        limit: Option<u64>,
    },
    /// Shows one case with its sessions and proceedings (logged as a view).
    Show {
        case_no: String,
        /// As JSON, by the field names of import format v1.
        #[arg(long)]
        json: bool,
    },
    /// Changes fields of a case, FIELD=VALUE by the names of import format v1 (an empty value
    /// clears one), validated as in the app, in one logged edit.
    Set {
        case_no: String,
        #[arg(required = true, value_name = "FIELD=VALUE")]
        changes: Vec<String>,
    },
    /// Closes a case (종결) on a day with its outcome.
    Close {
        case_no: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
        /// 처리결과, as a code (info) or label (정보제공).
        #[arg(long)]
        outcome: String,
    },
    /// Reopens a closed case on a day (default today).
    Reopen {
        case_no: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
    },
    /// Deletes a case with its sessions and proceedings (they leave every list and report).
    Delete { case_no: String },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db = cli.db.clone().unwrap_or_else(labordesk::default_db_path);
    match run(cli.command, &db, cli.user.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("오류: {e}");
            match &e {
                Error::ImportRows(rows) => rows.iter().for_each(|r| eprintln!("{r}")),
                Error::Invalid(fields) => fields
                    .iter()
                    .for_each(|f| eprintln!("  {}: {}", f.field, f.message)),
                _ => {}
            }
            match e {
                Error::ImportRows(_) | Error::ImportFile { .. } | Error::Invalid(_) => {
                    ExitCode::from(2)
                }
                _ => ExitCode::FAILURE,
            }
        }
    }
}

/// The password for `user`: LABORDESK_PASSWORD, else asked on the terminal (never echoed).
fn password(user: &str) -> labordesk::Result<String> {
    if let Ok(p) = std::env::var("LABORDESK_PASSWORD") {
        return Ok(p);
    }
    rpassword::prompt_password(format!("{user}의 암호: ")).map_err(|_| {
        Error::invalid(
            "password",
            "암호 — 터미널에서 입력하거나 LABORDESK_PASSWORD로 주어야 합니다",
        )
    })
}

/// A new password for `user`: LABORDESK_NEW_PASSWORD, else asked on the terminal.
fn new_password(user: &str) -> labordesk::Result<String> {
    if let Ok(p) = std::env::var("LABORDESK_NEW_PASSWORD") {
        return Ok(p);
    }
    rpassword::prompt_password(format!("{user}의 새 암호: ")).map_err(|_| {
        Error::invalid(
            "password",
            "암호 — 터미널에서 입력하거나 LABORDESK_NEW_PASSWORD로 주어야 합니다",
        )
    })
}

fn open(db: &std::path::Path, user: Option<&str>) -> labordesk::Result<Store> {
    if !Store::is_encrypted(db) {
        return Store::open(db);
    }
    let user = user.ok_or_else(|| Error::invalid("user", "사용자 — 암호화된 데이터베이스입니다. --user 또는 LABORDESK_USER로 계정을 지정해 주세요"))?;
    Store::open_encrypted(db, user, &password(user)?)
}

fn run(command: Command, db: &std::path::Path, user: Option<&str>) -> labordesk::Result<()> {
    if let Command::Restore { backup } = &command {
        let credentials = match user {
            Some(u) if Store::is_encrypted(db) => Some((u.to_string(), password(u)?)),
            _ => None,
        };
        let credentials = credentials.as_ref().map(|(u, p)| (u.as_str(), p.as_str()));
        Store::restore(db, backup, credentials, labordesk::Clock::System)?;
        println!(
            "백업으로 복원했습니다: {} ← {} (이전 파일은 옆에 보관했습니다)",
            db.display(),
            backup.display()
        );
        return Ok(());
    }
    if let Command::Init {
        center,
        device,
        name,
        unencrypted,
    } = &command
    {
        let settings = Settings {
            center_name: center.clone(),
            device_letter: device.clone(),
        };
        return match (user, unencrypted) {
            (Some(user), false) => {
                let (store, code) = Store::create_encrypted(
                    db,
                    &settings,
                    user,
                    name.as_deref().unwrap_or(user),
                    &password(user)?,
                )?;
                let s = store.settings()?;
                println!(
                    "암호화된 데이터베이스를 만들었습니다: {} (기기 문자 {}) — {}",
                    s.center_name,
                    s.device_letter,
                    db.display()
                );
                println!("센터장 계정: {user}");
                println!();
                println!("복구 코드: {}", code.as_str());
                println!("이 코드는 지금 한 번만 표시됩니다. 인쇄해 안전한 곳에 보관하세요. 암호를 잊었을 때 이 코드로만 데이터를 열 수 있습니다.");
                Ok(())
            }
            (None, false) => Err(Error::invalid(
                "user",
                "사용자 — 첫 계정(센터장)을 --user로 지정해 주세요. 암호는 LABORDESK_PASSWORD 또는 터미널에서 받습니다",
            )),
            (_, true) => {
                if Store::is_encrypted(db) {
                    return Err(Error::InvalidState(format!(
                        "{}은(는) 암호화된 데이터베이스입니다. 변경하지 않았습니다.",
                        db.display()
                    )));
                }
                let mut store = Store::open(db)?;
                let s = store.update_settings(&settings)?;
                println!(
                    "초기화했습니다: {} (기기 문자 {}) — {}",
                    s.center_name,
                    s.device_letter,
                    db.display()
                );
                eprintln!("참고: 암호화하지 않은 데이터베이스입니다(벤치마크용). 앱은 최초 설정에서 암호화한 뒤에 엽니다.");
                Ok(())
            }
        };
    }
    let mut store = open(db, user)?;
    match command {
        Command::Init { .. } | Command::Restore { .. } => unreachable!("handled above"),
        Command::Review { json } => print_review(&store.review(&Default::default())?, json),
        Command::Log {
            from,
            to,
            by,
            action,
            out,
        } => {
            let date =
                |field: &str, v: Option<String>| -> labordesk::Result<Option<chrono::NaiveDate>> {
                    v.map(|t| validate::parse_date(&t).map_err(|m| Error::invalid(field, m)))
                        .transpose()
                };
            let action = action
                .map(|a| {
                    AccessAction::parse(&a).ok_or_else(|| {
                        Error::invalid(
                            "action",
                            format!("행위 — 허용: {}", AccessAction::allowed()),
                        )
                    })
                })
                .transpose()?;
            let filter = AccessLogFilter {
                from: date("from", from)?,
                to: date("to", to)?,
                username: by,
                action,
                record_id: None,
                limit: Some(100_000),
            };
            match out {
                Some(path) => {
                    let n = store.export_access_log(&filter, &path)?;
                    println!("접근 기록 {n}건을 저장했습니다: {}", path.display());
                }
                None => {
                    let entries = store.access_log(&filter)?;
                    for e in &entries {
                        let record = e.record_id.as_deref().unwrap_or("-");
                        let detail = e.detail.as_deref().unwrap_or("");
                        println!(
                            "{}\t{}\t{}\t{record}\t{detail}",
                            e.at,
                            e.username,
                            e.action.label()
                        );
                    }
                }
            }
        }
        Command::Backup => {
            let path = store.backup_now(labordesk::store::backup::DEFAULT_KEEP)?;
            println!("백업했습니다: {}", path.display());
        }
        Command::Retention { years, run } => {
            if let Some(y) = years {
                store.set_retention_years(y)?;
            }
            println!("개인정보 보존기간: 종결 후 {}년", store.retention_years()?);
            if run {
                let r = store.destroy_expired_personal_data()?;
                println!(
                    "{} 이전에 종결된 사건 {}건, 내담자 {}명의 개인정보를 파기했습니다.",
                    r.cutoff, r.cases, r.clients
                );
            }
        }
        Command::Accounts {
            what: AccountsWhat::List,
        } => {
            for a in store.accounts()? {
                let state = if a.active { "사용" } else { "중지" };
                println!(
                    "{}\t{}\t{}\t{state}",
                    a.username,
                    a.display_name,
                    a.role.label()
                );
            }
        }
        Command::Accounts {
            what: AccountsWhat::Password { username },
        } => {
            store.reset_password(&username, &new_password(&username)?)?;
            println!("{username}의 암호를 새로 정했습니다.");
        }
        Command::Accounts {
            what:
                AccountsWhat::Add {
                    username,
                    name,
                    role,
                },
        } => {
            let password = new_password(&username)?;
            let input = AccountInput {
                username: Some(username),
                display_name: Some(name),
                role: Some(role),
                password: Some(password),
            };
            let a = store.create_account(&input)?;
            println!(
                "계정을 만들었습니다: {} ({}, {})",
                a.username,
                a.display_name,
                a.role.label()
            );
        }
        Command::Sync { what } => run_sync(&mut store, what)?,
        Command::Import { what } => {
            let (report, kind) = match what {
                ImportWhat::Cases { file } => (store.import_cases(&file)?, "사건"),
                ImportWhat::Remedies { file } => (store.import_remedies(&file)?, "권리구제"),
            };
            println!(
                "{kind} {}행을 읽어 {}건을 추가했습니다 (이미 있는 {}건은 건너뜀).",
                report.rows, report.added, report.skipped
            );
        }
        Command::Cases { what } => run_cases(&mut store, what)?,
        Command::Report {
            as_of,
            month,
            xlsx,
            json,
            case_list,
        } => {
            let period = match (as_of, month) {
                (Some(d), _) => Period::as_of(
                    validate::parse_date(&d)
                        .map_err(|m| Error::invalid("as_of", format!("기준일 — {m}")))?,
                ),
                (None, Some(m)) => Period::closing_month(&m)?,
                (None, None) => unreachable!("clap requires one of --as-of and --month"),
            };
            let report = store.report(period)?;
            if let Some(path) = &xlsx {
                let options = WorkbookOptions {
                    case_list,
                    personal_data_reason: None,
                };
                labordesk::export::write_workbook(&store, &report, path, &options)?;
                eprintln!("통계 통합문서를 저장했습니다: {}", path.display());
            }
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("a report always serializes")
                );
            } else if xlsx.is_none() {
                print_t1(&report);
            }
        }
        Command::CheckTallies { repair } => {
            let check = store.check_tallies(repair)?;
            if check.agree() {
                println!("집계표가 사건 전수 집계와 일치합니다.");
            } else {
                for (table, rows) in &check.differing {
                    println!("집계표 {table}: {rows}행이 전수 집계와 다릅니다.");
                }
                if check.repaired {
                    println!("집계표를 전수 집계로 다시 만들었습니다.");
                } else {
                    println!("다시 만들려면 --repair 를 붙여 실행하십시오.");
                    std::process::exit(1);
                }
            }
        }
        Command::Gen { cases, seed } => {
            if !store.is_initialized()? {
                store.update_settings(&Settings {
                    center_name: "생성 데이터 센터".into(),
                    device_letter: "G".into(),
                })?;
            }
            let n = labordesk::gen::generate(&mut store, cases, seed)?;
            println!("생성한 사건 {n}건을 썼습니다 — {}", db.display());
        }
        Command::Demo => {
            let s = labordesk::demo::write_demo(&mut store)?;
            println!(
                "데모 데이터를 썼습니다: 사건 {}건(삭제 {}건 별도), 권리구제 {}건, 찾아가는 상담 {}회 — {}",
                s.cases, s.deleted_cases, s.remedies, s.outreach_events, db.display()
            );
        }
    }
    Ok(())
}

fn print_review(review: &labordesk::review::Review, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(review).expect("a review always serializes")
        );
        return;
    }
    println!("사건번호\t기관\t신청일\t진행 일수\t다음 기한\t남은 일수");
    for r in &review.open {
        let deadline = r
            .next_deadline
            .map_or_else(|| "-".to_string(), |d| d.to_string());
        let left = r
            .days_to_deadline
            .map_or_else(|| "-".to_string(), |d| d.to_string());
        println!(
            "{}\t{}\t{}\t{}\t{deadline}\t{left}",
            r.case_no,
            r.channel.label(),
            r.filed_on,
            r.days_open
        );
    }
    for p in &review.problems {
        println!("점검: {}", p.message);
    }
}

fn print_sync_report(r: &labordesk::sync::SyncReport) {
    println!(
        "{} (기기 {}): 새 사건 {}건, 바뀐 사건 {}건 — 전체 기록 새로 {}건, 바뀜 {}건, 그대로 {}건, 충돌 {}건",
        r.file,
        r.from_letter,
        r.new_cases,
        r.updated_cases,
        r.new_records,
        r.updated_records,
        r.unchanged_records,
        r.conflicts
    );
}

fn run_sync(store: &mut Store, what: SyncWhat) -> labordesk::Result<()> {
    match what {
        SyncWhat::Status => {
            let s = store.sync_status()?;
            println!("이 기기: {} (기기 문자 {})", s.device_id, s.letter);
            for p in &s.peers {
                println!(
                    "  {} {}: 마지막 가져오기 {}, {}",
                    p.letter,
                    p.device_id,
                    p.last_import_at.as_deref().unwrap_or("-"),
                    if p.up_to_date {
                        "최신"
                    } else {
                        "보낼 변경 있음"
                    }
                );
            }
            println!(
                "보낼 변경: {}건, 해결할 충돌: {}건",
                s.pending, s.open_conflicts
            );
        }
        SyncWhat::Export { file, all } => {
            let e = store.sync_export(&file, all)?;
            println!(
                "동기화 파일을 저장했습니다: {} (사건 {}건, 기록 {}건)",
                e.path, e.cases, e.records
            );
        }
        SyncWhat::Import { file } => print_sync_report(&store.sync_import(&file)?),
        SyncWhat::Folder { dir } => {
            let r = store.sync_folder(&dir)?;
            for f in &r.imported {
                match (&f.report, &f.refused) {
                    (Some(report), _) => print_sync_report(report),
                    (None, Some(why)) => println!("{}: {why}", f.file),
                    _ => {}
                }
            }
            println!(
                "내 변경을 저장했습니다: {} (사건 {}건, 기록 {}건)",
                r.exported.path, r.exported.cases, r.exported.records
            );
        }
        SyncWhat::Conflicts => {
            for k in store.sync_conflicts()? {
                println!(
                    "{}\t{}\t{}\t이 기기 {} / 다른 기기 {}\t(유지된 값: {})",
                    k.id,
                    k.case_no.as_deref().unwrap_or(&k.row_id),
                    k.field,
                    k.local_value,
                    k.remote_value,
                    if k.kept == "remote" {
                        "다른 기기"
                    } else {
                        "이 기기"
                    }
                );
            }
        }
        SyncWhat::Resolve { id, other } => {
            store.resolve_conflict(id, other)?;
            println!("충돌 {id}을(를) 해결했습니다.");
        }
        SyncWhat::Enrollment { letter, out } => {
            let (bytes, code) = store.sync_enrollment(&letter)?;
            labordesk::fs::write_atomically(&out, &bytes)?;
            println!(
                "기기 등록 파일을 저장했습니다: {} (기기 문자 {letter})",
                out.display()
            );
            println!("등록 코드: {}", code.as_str());
            println!("파일과 코드를 따로 전달하세요. 코드는 지금 한 번만 표시됩니다.");
        }
        SyncWhat::Enroll { file } => {
            let bytes = std::fs::read(&file).map_err(|e| Error::Io {
                path: file.display().to_string(),
                source: e,
            })?;
            let code = match std::env::var("LABORDESK_ENROLL_CODE") {
                Ok(c) => c,
                Err(_) => rpassword::prompt_password("등록 코드: ").map_err(|_| {
                    Error::invalid(
                        "code",
                        "등록 코드 — 터미널에서 입력하거나 LABORDESK_ENROLL_CODE로 주어야 합니다",
                    )
                })?,
            };
            let center = store.sync_enroll(&bytes, &code)?;
            let s = store.settings()?;
            println!("{center}에 등록했습니다 (기기 문자 {}).", s.device_letter);
        }
    }
    Ok(())
}

/// T1 as a readable table on the terminal.
fn print_t1(r: &labordesk::report::Report) {
    let c = &r.t1.consultations;
    let rem = &r.t1.remedies;
    println!(
        "노동관련 법률상담 및 구제 — {} ({} 기준/단위 : 건)",
        r.center_name,
        Period::as_of(r.as_of).title_date()
    );
    println!("기간: {} ~ {}", r.period_start, r.as_of);
    println!();
    println!("합계\t임금체불\t부당해고 등\t직장내 괴롭힘\t노동조합\t4대보험\t산업재해\t기타");
    println!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        c.total,
        c.wage_arrears,
        c.dismissal,
        c.harassment,
        c.union,
        c.social_insurance,
        c.industrial_accident,
        c.other
    );
    println!();
    println!(
        "권리구제: 합계 {} = 완료 {} + 진행 {}",
        rem.total, rem.concluded, rem.in_progress
    );
    println!("진행 중\t신규\t이월");
    for ch in RemedyChannel::ALL {
        let s = rem.in_progress_by_channel.get(*ch);
        println!("{}\t{}\t{}", ch.label(), s.new, s.carried);
    }
}

/// A primary category given as a code (wage_arrears) or a label (임금체불).
fn parse_category(c: &str) -> labordesk::Result<Category> {
    Category::parse(c).ok_or_else(|| {
        Error::invalid(
            "category",
            format!(
                "상담유형 — '{c}'은(는) 목록에 없는 값입니다 (허용: {})",
                Category::allowed()
            ),
        )
    })
}

/// The `cases` commands; each change is one store call, validated and logged as in the app.
fn run_cases(store: &mut Store, what: CasesWhat) -> labordesk::Result<()> {
    use labordesk::domain::fields;
    match what {
        CasesWhat::List {
            year,
            category,
            open,
        } => list_cases(store, year, category, open)?,
        CasesWhat::Export {
            file,
            year,
            category,
            open,
            limit,
        } => {
            let which = labordesk::export::CaseListExport {
                received_from: year.and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 1, 1)),
                received_to: year.and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 12, 31)),
                category: category.map(|c| parse_category(&c)).transpose()?,
                open_only: open,
                limit,
            };
            let n = store.export_case_list(&which, &file)?;
            println!("사건 {n}건을 저장했습니다: {}", file.display());
        }
        CasesWhat::Show { case_no, json } => {
            let detail = store.get_case(&store.find_case_by_no(&case_no)?)?;
            let outreach = match &detail.case.outreach_event_id {
                Some(id) => {
                    let e = store.outreach_event(id)?;
                    Some(format!("{} {}", e.held_on, e.place))
                }
                None => None,
            };
            let shown = fields::case_json(&detail, outreach);
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&shown).expect("plain JSON")
                );
            } else {
                for (field, value) in shown.as_object().expect("an object") {
                    match value {
                        serde_json::Value::Null => {}
                        serde_json::Value::String(s) => println!("{field}\t{s}"),
                        serde_json::Value::Array(items) if items.is_empty() => {}
                        other => println!("{field}\t{other}"),
                    }
                }
            }
        }
        CasesWhat::Set { case_no, changes } => {
            let id = store.find_case_by_no(&case_no)?;
            let mut input = fields::case_input(&store.get_case(&id)?.case);
            for change in &changes {
                let (field, value) = change.split_once('=').ok_or_else(|| {
                    Error::invalid(
                        "field",
                        format!(
                            "'{change}': FIELD=VALUE 형식이어야 합니다 (예: closed_on=2024-05-02)"
                        ),
                    )
                })?;
                fields::set_field(&mut input, field.trim(), value)?;
            }
            store.update_case(&id, &input)?;
            println!("사건 {case_no}을(를) 고쳤습니다: {}", changes.join(", "));
        }
        CasesWhat::Close {
            case_no,
            on,
            outcome,
        } => {
            let id = store.find_case_by_no(&case_no)?;
            let case = store.close_case(&id, &outcome, on.as_deref())?;
            println!(
                "사건 {case_no}을(를) {}에 종결했습니다 ({}).",
                case.closed_on.map(|d| d.to_string()).unwrap_or_default(),
                case.outcome.map(|o| o.label()).unwrap_or_default()
            );
        }
        CasesWhat::Reopen { case_no, on } => {
            let id = store.find_case_by_no(&case_no)?;
            store.reopen_case_on(&id, on.as_deref())?;
            println!("사건 {case_no}을(를) 다시 열었습니다.");
        }
        CasesWhat::Delete { case_no } => {
            let id = store.find_case_by_no(&case_no)?;
            store.delete_case(&id)?;
            println!("사건 {case_no}을(를) 삭제했습니다 (통계와 목록에서 빠집니다).");
        }
    }
    Ok(())
}

fn list_cases(
    store: &Store,
    year: Option<i32>,
    category: Option<String>,
    open: bool,
) -> labordesk::Result<()> {
    let category = category.map(|c| parse_category(&c)).transpose()?;
    let mut filter = CaseFilter {
        received_from: year.and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 1, 1)),
        received_to: year.and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 12, 31)),
        category,
        status: if open {
            CaseStatus::Open
        } else {
            CaseStatus::Any
        },
        sort: CaseSort::by(SortColumn::ReceivedOn, false),
        limit: 1000,
        ..CaseFilter::default()
    };
    // A closed pipe (`| head`) ends the listing quietly.
    let mut out = std::io::stdout().lock();
    if writeln!(out, "사건번호\t접수일\t상태\t상담유형\t상담원\t내담자").is_err()
    {
        return Ok(());
    }
    loop {
        let page = store.list_cases(&filter)?;
        for c in &page.items {
            let status = if c.closed_on.is_some() {
                "종결"
            } else {
                "진행"
            };
            let line = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}",
                c.case_no,
                c.received_on,
                status,
                c.primary_category.label(),
                c.counselor.as_deref().unwrap_or("-"),
                c.client_name.as_deref().unwrap_or("(익명)")
            );
            if line.is_err() {
                return Ok(());
            }
        }
        if page.items.len() < filter.limit as usize {
            break;
        }
        filter.offset += filter.limit;
    }
    Ok(())
}
