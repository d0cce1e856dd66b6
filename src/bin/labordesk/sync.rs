//! `labordesk sync …`: status, export, import, folder, conflicts, enrollment.

use labordesk::{Error, Store};

use crate::args::SyncWhat;
use crate::print::print_sync_report;

pub fn run_sync(store: &mut Store, what: SyncWhat) -> labordesk::Result<()> {
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
            let bytes = labordesk::fs::retry_if_in_use(&file, || std::fs::read(&file))?;
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
        SyncWhat::RevokeEnrollment { letter } => {
            let n = store.sync_revoke_enrollment(&letter)?;
            println!("기기 문자 {letter}의 쓰이지 않은 등록 {n}건을 취소했습니다. 그 파일로 등록한 기기의 동기화 파일은 받지 않습니다.");
        }
    }
    Ok(())
}
