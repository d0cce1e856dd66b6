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
    /// Sets up the database: center name and this device's letter for case numbers.
    Init {
        #[arg(long)]
        center: String,
        #[arg(long)]
        device: String,
        /// Display name of the first account (the center lead) when --user is given.
        #[arg(long)]
        name: Option<String>,
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
        /// Write the entries to this CSV file (the export is itself logged).
        #[arg(long)]
        csv: Option<PathBuf>,
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
        Store::restore(db, backup, credentials)?;
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
    } = &command
    {
        let settings = Settings {
            center_name: center.clone(),
            device_letter: device.clone(),
        };
        return match user {
            Some(user) => {
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
            None => {
                let mut store = Store::open(db)?;
                let s = store.update_settings(&settings)?;
                println!(
                    "초기화했습니다: {} (기기 문자 {}) — {}",
                    s.center_name,
                    s.device_letter,
                    db.display()
                );
                if !Store::is_encrypted(db) {
                    eprintln!("참고: 암호화하지 않은 데이터베이스입니다. 내담자 개인정보를 기록하려면 --user로 암호화된 데이터베이스를 만드세요.");
                }
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
            csv,
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
            let entries = store.access_log(&filter)?;
            match csv {
                Some(path) => write_log_csv(&store, &entries, &path)?,
                None => {
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
            what:
                AccountsWhat::Add {
                    username,
                    name,
                    role,
                },
        } => {
            let password = match std::env::var("LABORDESK_NEW_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    rpassword::prompt_password(format!("{username}의 새 암호: ")).map_err(|_| {
                        Error::invalid(
                            "password",
                            "암호 — 터미널에서 입력하거나 LABORDESK_NEW_PASSWORD로 주어야 합니다",
                        )
                    })?
                }
            };
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
        Command::Cases {
            what:
                CasesWhat::List {
                    year,
                    category,
                    open,
                },
        } => list_cases(&store, year, category, open)?,
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

/// The access log as CSV (UTF-8 with a BOM, so Excel opens the Korean as written).
fn write_log_csv(
    store: &Store,
    entries: &[labordesk::store::accounts::AccessEntry],
    path: &std::path::Path,
) -> labordesk::Result<()> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let io = |e: csv::Error| Error::Io {
        path: path.display().to_string(),
        source: e.into(),
    };
    w.write_record(["seq", "at", "username", "action", "record_id", "detail"])
        .map_err(io)?;
    for e in entries {
        let seq = e.seq.to_string();
        let record = e.record_id.as_deref().unwrap_or("");
        let detail = e.detail.as_deref().unwrap_or("");
        w.write_record([
            seq.as_str(),
            &e.at,
            &e.username,
            e.action.code(),
            record,
            detail,
        ])
        .map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e.into_error(),
    })?;
    labordesk::export::write_atomically(path, &bytes)?;
    store.log_export(&format!("접근 기록 {}건 {}", entries.len(), path.display()))?;
    println!(
        "접근 기록 {}건을 저장했습니다: {}",
        entries.len(),
        path.display()
    );
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

fn list_cases(
    store: &Store,
    year: Option<i32>,
    category: Option<String>,
    open: bool,
) -> labordesk::Result<()> {
    let category = category
        .map(|c| {
            Category::parse(&c).ok_or_else(|| {
                Error::invalid(
                    "category",
                    format!(
                        "상담유형 — '{c}'은(는) 목록에 없는 값입니다 (허용: {})",
                        Category::allowed()
                    ),
                )
            })
        })
        .transpose()?;
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
