//! `labordesk`: the command line over the core, for center leads and scripts.
//! Errors go to stderr in Korean; exit code 2 means the input was refused (nothing written),
//! 1 any other failure.

mod args;
mod calc;
mod cases;
mod console;
mod print;
mod sync;

use std::process::ExitCode;

use clap::Parser;
use labordesk::domain::AccessAction;
use labordesk::domain::{validate, CodeList};
use labordesk::export::WorkbookOptions;
use labordesk::report::Period;
use labordesk::store::accounts::{AccessLogFilter, AccountInput};
use labordesk::{Error, Settings, Store};

use args::{AccountsWhat, Cli, Command, ImportWhat, LogWhat, RecoveryWhat};
use cases::run_cases;
use print::{print_review, print_t1};
use sync::run_sync;

fn main() -> ExitCode {
    let _console = console::use_utf8();
    let cli = Cli::parse();
    let db = match cli.db.clone() {
        Some(db) => db,
        None => default_db(),
    };
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

/// The default database, after moving an earlier version's data folder on Windows; what the
/// move did is said on stderr, and a move that did not happen is no reason to stop.
fn default_db() -> std::path::PathBuf {
    let (db, moved) = labordesk::store::default_db_path_moving_legacy();
    match moved {
        Ok(Some(moved)) => eprintln!("{}", moved.message()),
        Ok(None) => {}
        Err(e) => eprintln!("경고: {e}"),
    }
    db
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
    // The calculators over facts given on the command line need no database.
    let command = match command {
        Command::Calc {
            what: Some(what),
            json,
            ..
        } => return calc::run_formula(what, json),
        Command::Calc {
            what: None,
            case_no: None,
            ..
        } => return Err(Error::invalid(
            "case_no",
            "사건번호 또는 계산 종류(severance, leave, notice, minimum-wage, interest)를 주세요",
        )),
        other => other,
    };
    let mut store = open(db, user)?;
    for problem in store.integrity_problems() {
        eprintln!("경고: {problem}");
    }
    match command {
        Command::Init { .. } | Command::Restore { .. } => unreachable!("handled above"),
        Command::Calc {
            case_no: Some(case_no),
            json,
            ..
        } => {
            let id = store.find_case_by_no(&case_no)?;
            calc::print_case(&store.case_calculations(&id)?, json);
        }
        Command::Calc { .. } => unreachable!("handled above"),
        Command::Doc {
            kind,
            case_no,
            out,
            reason,
        } => {
            let kind = labordesk::export::DocumentKind::from(kind);
            let id = store.find_case_by_no(&case_no)?;
            store.write_document(kind, &id, &out, &reason)?;
            println!("{} {}: {}", case_no.trim(), kind.label(), out.display());
        }
        Command::Review { json } => print_review(&store.review(&Default::default())?, json),
        Command::Log {
            what: Some(LogWhat::Verify),
            ..
        } => {
            let verdict = store.verify_access_log()?;
            match verdict.problem {
                None => println!(
                    "접근 기록 사슬과 계정 역할에 이상이 없습니다(검증한 기록 {}건).",
                    verdict.checked
                ),
                Some((seq, what)) => {
                    return Err(Error::InvalidState(format!(
                        "접근 기록 검증 실패 — 처음 문제가 된 곳 {seq}번: {what}"
                    )))
                }
            }
        }
        Command::Log {
            from,
            to,
            by,
            action,
            out,
            what: None,
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
                    "{} 이전에 종결된 사건 {}건, 내담자 {}명의 개인정보를 파기했습니다(백업·보관 파일 {}개 포함).",
                    r.cutoff, r.cases, r.clients, r.copies
                );
                if r.copies_unreadable > 0 {
                    eprintln!(
                        "참고: 열 수 없는 백업·보관 파일 {}개는 파기하지 못했습니다(접근 기록에 파일 이름이 있습니다).",
                        r.copies_unreadable
                    );
                }
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
            what: AccountsWhat::Deactivate { username },
        } => {
            store.set_account_active(&username, false)?;
            println!("{username} 계정을 비활성화하고 데이터베이스 키를 바꿨습니다.");
        }
        Command::Accounts {
            what: AccountsWhat::Activate { username },
        } => {
            store.set_account_active(&username, true)?;
            println!(
                "{username} 계정을 활성화했습니다. 'accounts password {username}'로 새 암호를 정해 주세요."
            );
        }
        Command::RecoveryCode {
            what: RecoveryWhat::New,
        } => {
            let code = store.new_recovery_code()?;
            println!("새 복구 코드: {}", code.as_str());
            println!("이 코드는 지금 한 번만 표시됩니다. 인쇄해 안전한 곳에 보관하세요. 이전 복구 코드는 더 이상 쓸 수 없습니다.");
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
                (Some(d), _) => Period::parse_as_of(&d)?,
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
