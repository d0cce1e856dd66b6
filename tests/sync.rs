//! Sync between devices: transfer files, the merge, conflicts, refusals, the sync folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use labordesk::domain::{CodeList, RemedyConclusion, RemedyInput, SessionInput};
use labordesk::report::Period;
use labordesk::{CaseInput, Settings, Store};
use proptest::prelude::*;

use crate::common::*;

mod enrollment;
mod hostile;

/// A center's devices, each a store in its own file: A is the center, the others enrolled.
struct Center {
    dir: tempfile::TempDir,
    paths: Vec<PathBuf>,
}

fn open(path: &Path) -> Store {
    let mut s = Store::open(path).unwrap();
    s.set_clock(now());
    s
}

fn center(devices: usize) -> Center {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    let main = dir.path().join("A.db");
    let mut a = Store::open(&main).unwrap();
    init(&mut a);
    a.update_settings(&Settings {
        center_name: "동기화 센터".into(),
        device_letter: "A".into(),
    })
    .unwrap();
    paths.push(main);
    for letter in ["B", "C", "D"].iter().take(devices - 1) {
        let (file, code) = a.sync_enrollment(letter).unwrap();
        let path = dir.path().join(format!("{letter}.db"));
        let mut s = open(&path);
        let name = s.sync_enroll(&file, code.as_str()).unwrap();
        assert_eq!(name, "동기화 센터");
        assert_eq!(s.settings().unwrap().device_letter, *letter);
        paths.push(path);
    }
    Center { dir, paths }
}

impl Center {
    fn store(&self, i: usize) -> Store {
        open(&self.paths[i])
    }

    /// Exports device `from` (its changes not yet confirmed) and imports the file into `to`.
    fn send(&self, from: usize, to: usize) -> labordesk::sync::SyncReport {
        let (bytes, _) = self.store(from).sync_export_bytes(false).unwrap();
        self.store(to).sync_import_bytes(&bytes, "test").unwrap()
    }

    /// A case logged at the center and synced to every device.
    fn case_on_every_device(&self) -> labordesk::domain::Case {
        let case = self
            .store(0)
            .create_case(&case_input(5, "wage_arrears", "김센터"))
            .unwrap();
        self.exchange_all();
        case
    }

    /// Everyone to everyone, three rounds: after the first, every device knows every other.
    fn exchange_all(&self) {
        for _ in 0..3 {
            for from in 0..self.paths.len() {
                for to in 0..self.paths.len() {
                    if from != to {
                        self.send(from, to);
                    }
                }
            }
        }
    }
}

/// Everything sync carries, as data a device shows: every synced record's fields (counselors
/// by name), the sets, and each field's winning stamp. Local bookkeeping is left out.
fn dump(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = Vec::new();
    for table in [
        "clients",
        "outreach_events",
        "cases",
        "sessions",
        "remedies",
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY id"))
            .unwrap();
        let names: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let mut line = table.to_string();
            let stamps: serde_json::Value =
                serde_json::from_str(&r.get::<_, String>("_stamps").unwrap()).unwrap();
            for (i, name) in names.iter().enumerate() {
                if name == "_seq" || name == "_stamps" {
                    continue;
                }
                let v: rusqlite::types::Value = r.get(i).unwrap();
                let v = match (name.as_str(), v) {
                    ("counselor_id", rusqlite::types::Value::Text(id)) => conn
                        .query_row("SELECT name FROM counselors WHERE id = ?1", [id], |r| {
                            r.get::<_, String>(0)
                        })
                        .unwrap(),
                    (_, v) => format!("{v:?}"),
                };
                let stamp = stamps
                    .get(name)
                    .or_else(|| stamps.get("*"))
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                line.push_str(&format!(" {name}={v}@{stamp}"));
            }
            out.push(line);
        }
    }
    let mut cats = conn
        .prepare("SELECT case_id, category FROM case_categories ORDER BY 1, 2")
        .unwrap();
    out.extend(
        cats.query_map([], |r| {
            Ok(format!(
                "category {} {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?
            ))
        })
        .unwrap()
        .map(Result::unwrap),
    );
    out
}

/// The records of a store that break a rule `validate` enforces on a local edit.
fn broken_rules(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT 'closed before received ' || case_no FROM cases WHERE closed_on < received_on
             UNION ALL SELECT 'closed without an outcome ' || case_no FROM cases
                 WHERE closed_on IS NOT NULL AND outcome IS NULL
             UNION ALL SELECT 'primary among secondary ' || case_no FROM cases c
                 JOIN case_categories cc ON cc.case_id = c.id AND cc.category = c.primary_category
             UNION ALL SELECT 'concluded before filed ' || id FROM remedies WHERE concluded_on < filed_on
             UNION ALL SELECT 'outcome without conclusion ' || id FROM remedies
                 WHERE outcome IS NOT NULL AND concluded_on IS NULL",
        )
        .unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn case_input(day: u32, category: &str, counselor: &str) -> CaseInput {
    CaseInput {
        counselor: Some(counselor.into()),
        client_name: Some(format!("내담자{day}")),
        client_phone: Some("010-1234-5678".into()),
        workplace_name: Some("동기화 상사".into()),
        summary: Some("임금 미지급".into()),
        secondary_categories: vec!["harassment".into()],
        ..intake(&format!("2024-10-{day:02}"), category)
    }
}

fn remedy(filed_on: &str) -> RemedyInput {
    RemedyInput {
        channel: Some("labor_office".into()),
        procedure: Some("진정".into()),
        filed_on: Some(filed_on.into()),
        amount_claimed: Some(3_000_000),
        ..Default::default()
    }
}

#[test]
fn a_case_logged_at_a_booth_arrives_at_the_center_whole_and_only_once() {
    let c = center(2);
    let mut booth = c.store(1);
    let case = booth
        .create_case(&case_input(5, "wage_arrears", "박부스"))
        .unwrap();
    assert!(case.case_no.contains("-B"), "{}", case.case_no);
    booth
        .add_session(
            &case.id,
            &SessionInput {
                held_on: Some("2024-10-06".into()),
                method: Some("visit".into()),
                counselor: Some("박부스".into()),
                minutes: Some(40),
                notes: Some("체불 확인".into()),
            },
        )
        .unwrap();
    booth.add_remedy(&case.id, &remedy("2024-10-07")).unwrap();
    drop(booth);

    let report = c.send(1, 0);
    assert_eq!((report.new_cases, report.updated_cases), (1, 0));
    assert_eq!(
        report.new_records, 5,
        "client, case, the intake session and one more, proceeding"
    );
    assert_eq!(report.from_letter, "B");
    assert_eq!(report.conflicts, 0);
    let center_store = c.store(0);
    let at_center = center_store.get_case(&case.id).unwrap();
    let at_booth = c.store(1).get_case(&case.id).unwrap();
    assert_eq!(at_center, at_booth);
    assert_eq!(at_center.case.counselor.as_deref(), Some("박부스"));
    assert_eq!(at_center.sessions.len(), 2);
    assert_eq!(at_center.remedies.len(), 1);
    drop(center_store);
    assert_eq!(dump(&c.paths[0]), dump(&c.paths[1]));

    // The same changes again: nothing new.
    let (bytes, _) = c.store(1).sync_export_bytes(true).unwrap();
    let again = c.store(0).sync_import_bytes(&bytes, "again").unwrap();
    assert_eq!((again.new_records, again.updated_records), (0, 0));
    assert_eq!(c.store(0).count_cases().unwrap(), 1);
    // The center confirmed them: the booth's next file carries nothing.
    c.send(0, 1);
    let (_, summary) = c.store(1).sync_export_bytes(false).unwrap();
    assert_eq!(summary.records, 0, "{summary:?}");
}

#[test]
fn a_tampered_truncated_or_foreign_file_is_refused_and_nothing_is_imported() {
    let c = center(2);
    c.store(1)
        .create_case(&case_input(5, "wage_arrears", "박부스"))
        .unwrap();
    let (good, _) = c.store(1).sync_export_bytes(false).unwrap();
    let before = dump(&c.paths[0]);
    let mut center_store = c.store(0);
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x20;
    for (what, bytes) in [
        ("tampered", flipped),
        ("truncated", good[..good.len() - 40].to_vec()),
        ("not a transfer file", b"case_no,received_on\n".to_vec()),
    ] {
        let e = center_store.sync_import_bytes(&bytes, what).unwrap_err();
        assert_eq!(e.code(), "sync_refused", "{what}: {e}");
        assert!(e.to_string().contains("가져오지 않았습니다"), "{e}");
    }
    // Another center's device, with its own transfer key.
    let other = tempfile::tempdir().unwrap();
    let (mut foreign, _) = file_store(&other);
    foreign
        .update_settings(&Settings {
            center_name: "다른 센터".into(),
            device_letter: "Z".into(),
        })
        .unwrap();
    foreign
        .create_case(&case_input(6, "dismissal", "남상담"))
        .unwrap();
    let (theirs, _) = foreign.sync_export_bytes(true).unwrap();
    let e = center_store
        .sync_import_bytes(&theirs, "foreign")
        .unwrap_err();
    assert!(e.to_string().contains("다른 센터"), "{e}");
    // Its own file back.
    let (own, _) = center_store.sync_export_bytes(true).unwrap();
    let e = center_store.sync_import_bytes(&own, "own").unwrap_err();
    assert!(e.to_string().contains("이 기기가 내보낸"), "{e}");
    drop(center_store);
    assert_eq!(dump(&c.paths[0]), before, "nothing was imported");
    assert!(c.store(0).sync_import_bytes(&good, "good").is_ok());
}

#[test]
fn a_receipt_moved_on_one_device_and_a_closing_on_another_merge_as_one_unit() {
    let c = center(2);
    let case = c.case_on_every_device();
    // The booth closes the case on 1 November; later, not having seen that, the center moves
    // its receipt to 10 November. Field by field, the merged case would be closed before it
    // was received, and every later file would fail on both devices.
    c.store(1)
        .close_case(&case.id, "info", Some("2024-11-01"))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(3));
    let mut input =
        labordesk::domain::fields::case_input(&c.store(0).get_case(&case.id).unwrap().case);
    input.received_on = Some("2024-11-10".into());
    c.store(0).update_case(&case.id, &input).unwrap();

    let to_center = c.send(1, 0);
    let to_booth = c.send(0, 1);
    for (i, path) in c.paths.iter().enumerate() {
        assert!(
            broken_rules(path).is_empty(),
            "device {i}: {:?}",
            broken_rules(path)
        );
        let merged = c.store(i).get_case(&case.id).unwrap().case;
        assert_eq!(
            (merged.received_on, merged.closed_on),
            (d(2024, 11, 10), None),
            "device {i}: the later edit wins receipt, closing and outcome together"
        );
    }
    assert_eq!(dump(&c.paths[0]), dump(&c.paths[1]));
    // The closing that lost is kept for the lead of the device that merged both edits.
    assert_eq!(
        to_center.conflicts, 3,
        "receipt, closing and outcome: {to_center:?}"
    );
    assert_eq!(
        to_booth.conflicts, 0,
        "the center had seen both: {to_booth:?}"
    );
    let fields: BTreeSet<String> = c
        .store(0)
        .sync_conflicts()
        .unwrap()
        .into_iter()
        .map(|k| k.field)
        .collect();
    assert!(
        fields.contains("closed_on") && fields.contains("received_on"),
        "{fields:?}"
    );
    // Later files still merge.
    c.store(1)
        .add_session(
            &case.id,
            &SessionInput {
                held_on: Some("2024-11-20".into()),
                method: Some("phone".into()),
                ..Default::default()
            },
        )
        .unwrap();
    c.send(1, 0);
}

#[test]
fn a_field_changed_on_two_devices_is_a_conflict_the_lead_resolves() {
    let c = center(2);
    let case = c.case_on_every_device();
    // Both change the summary before they sync again; the booth's change is the later one.
    let mut input = case_input(5, "wage_arrears", "김센터");
    input.summary = Some("센터에서 고친 요약".into());
    c.store(0).update_case(&case.id, &input).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(3));
    input.summary = Some("부스에서 고친 요약".into());
    input.workplace_name = Some("부스에서 고친 사업장".into());
    c.store(1).update_case(&case.id, &input).unwrap();

    let report = c.send(1, 0);
    assert_eq!(report.conflicts, 1, "{report:?}");
    let lead = c.store(0);
    let conflicts = lead.sync_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    let k = &conflicts[0];
    assert_eq!(k.field, "summary");
    assert_eq!(k.local_value, "\"센터에서 고친 요약\"");
    assert_eq!(k.remote_value, "\"부스에서 고친 요약\"");
    assert_eq!(k.kept, "remote", "the later change is the merged value");
    assert_eq!(k.case_no.as_deref(), Some(case.case_no.as_str()));
    let merged = lead.get_case(&case.id).unwrap().case;
    assert_eq!(merged.summary.as_deref(), Some("부스에서 고친 요약"));
    assert_eq!(
        merged.workplace_name.as_deref(),
        Some("부스에서 고친 사업장"),
        "a field only one side changed is no conflict"
    );
    // Importing the same file again records nothing new.
    drop(lead);
    assert_eq!(c.send(1, 0).conflicts, 0);
    let mut lead = c.store(0);
    assert_eq!(lead.sync_conflicts().unwrap().len(), 1);

    // The lead chooses the center's value; it travels back to the booth as a new change.
    lead.resolve_conflict(k.id, true).unwrap();
    assert!(lead.sync_conflicts().unwrap().is_empty());
    assert_eq!(
        lead.get_case(&case.id).unwrap().case.summary.as_deref(),
        Some("센터에서 고친 요약")
    );
    drop(lead);
    c.exchange_all();
    assert_eq!(
        c.store(1)
            .get_case(&case.id)
            .unwrap()
            .case
            .summary
            .as_deref(),
        Some("센터에서 고친 요약")
    );
    assert_eq!(dump(&c.paths[0]), dump(&c.paths[1]));
}

#[test]
fn a_deleted_case_stays_deleted_with_everything_added_to_it_elsewhere() {
    let c = center(2);
    let case = c.case_on_every_device();
    c.store(0).delete_case(&case.id).unwrap();
    // Meanwhile at the booth: a session and a proceeding for the same case.
    let mut booth = c.store(1);
    booth
        .add_session(
            &case.id,
            &SessionInput {
                held_on: Some("2024-10-09".into()),
                method: Some("phone".into()),
                counselor: Some("박부스".into()),
                ..Default::default()
            },
        )
        .unwrap();
    booth.add_remedy(&case.id, &remedy("2024-10-10")).unwrap();
    drop(booth);
    c.exchange_all();
    for i in 0..2 {
        let s = c.store(i);
        assert_eq!(s.count_cases().unwrap(), 0, "device {i}");
        assert_eq!(s.get_case(&case.id).unwrap_err().code(), "not_found");
        let t1 = s.report(Period::as_of(d(2024, 11, 30))).unwrap().t1;
        assert_eq!(t1.consultations.total, 0, "device {i}");
        assert_eq!(t1.remedies.total, 0, "device {i}");
    }
    assert_eq!(dump(&c.paths[0]), dump(&c.paths[1]));
}

#[test]
fn case_numbers_never_collide_between_devices() {
    let c = center(3);
    let mut lead = c.store(0);
    // The lead cannot hand out a letter twice, nor this device's own.
    assert_eq!(lead.sync_enrollment("A").unwrap_err().code(), "invalid");
    for i in 0..3 {
        let mut s = c.store(i);
        for day in 1..=3 {
            s.create_case(&case_input(day, "wage_arrears", "상담원"))
                .unwrap();
        }
    }
    c.exchange_all();
    assert_eq!(lead.count_cases().unwrap(), 9);
    let numbers: BTreeSet<String> = lead
        .list_cases(&Default::default())
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.case_no)
        .collect();
    assert_eq!(numbers.len(), 9, "{numbers:?}");
    // Letters that B and C use are now known to the center.
    assert_eq!(lead.sync_enrollment("B").unwrap_err().code(), "invalid");
    // A device letter cannot change once case numbers were handed out under it.
    let e = lead
        .update_settings(&Settings {
            center_name: "동기화 센터".into(),
            device_letter: "Q".into(),
        })
        .unwrap_err();
    assert_eq!(e.code(), "invalid");
    // A device that took another's letter by hand: its files are refused whole.
    let rogue_dir = tempfile::tempdir().unwrap();
    let rogue_path = rogue_dir.path().join("rogue.db");
    std::fs::copy(&c.paths[2], &rogue_path).unwrap();
    let mut rogue = open(&rogue_path);
    drop(lead);
    let conn = rusqlite::Connection::open(&rogue_path).unwrap();
    conn.execute(
        "UPDATE settings SET value = 'feedfacefeedface' WHERE key = 'sync_device_id'",
        [],
    )
    .unwrap();
    drop(conn);
    drop(rogue);
    rogue = open(&rogue_path);
    rogue
        .create_case(&case_input(20, "dismissal", "상담원"))
        .unwrap();
    let (bytes, _) = rogue.sync_export_bytes(true).unwrap();
    let e = c.store(0).sync_import_bytes(&bytes, "rogue").unwrap_err();
    assert!(e.to_string().contains("기기 문자"), "{e}");
    assert_eq!(c.store(0).count_cases().unwrap(), 9);
}

#[test]
fn enrollment_needs_the_code_and_a_device_without_cases() {
    let c = center(1);
    let lead = c.store(0);
    let (file, code) = lead.sync_enrollment("B").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut fresh, _) = file_store(&dir);
    let e = fresh
        .sync_enroll(&file, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
        .unwrap_err();
    assert!(e.to_string().contains("등록 코드"), "{e}");
    fresh
        .create_case(&case_input(1, "wage_arrears", "상담원"))
        .unwrap();
    let e = fresh.sync_enroll(&file, code.as_str()).unwrap_err();
    assert!(e.to_string().contains("이미 사건이"), "{e}");
    let (other, _) = file_store(&tempfile::tempdir().unwrap());
    drop(other);
    let counselor_dir = tempfile::tempdir().unwrap();
    let path = counselor_dir.path().join("c.db");
    let (mut enc, _) = Store::create_encrypted(
        &path,
        &Settings {
            center_name: "부스".into(),
            device_letter: "A".into(),
        },
        "lead",
        "부스 책임",
        "booth lead violet lantern",
    )
    .unwrap();
    enc.create_account(&labordesk::store::accounts::AccountInput {
        username: Some("counsel".into()),
        display_name: Some("상담원".into()),
        role: Some("counselor".into()),
        password: Some("counsel violet lantern".into()),
    })
    .unwrap();
    drop(enc);
    let mut counselor = Store::open_encrypted(&path, "counsel", "counsel violet lantern").unwrap();
    assert_eq!(
        counselor
            .sync_enroll(&file, code.as_str())
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(counselor.sync_conflicts().unwrap_err().code(), "forbidden");
}

#[test]
fn a_sync_folder_brings_every_device_to_the_same_cases() {
    let c = center(3);
    let folder = c.dir.path().join("공유 폴더");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..3 {
        c.store(i)
            .create_case(&case_input(i as u32 + 1, "harassment", "상담원"))
            .unwrap();
    }
    // A half-written outbox of another program and a foreign file lie in the folder too.
    std::fs::write(folder.join(".A-1234.ldsync.99.tmp"), b"LDSYNC01 partial").unwrap();
    std::fs::write(
        folder.join("다른센터.ldsync"),
        b"LDSYNC01ffffffffffffffffffffffffffffffff",
    )
    .unwrap();
    let mut refused = Vec::new();
    for _round in 0..3 {
        for i in 0..3 {
            let report = c.store(i).sync_folder(&folder).unwrap();
            refused.extend(report.imported.iter().filter_map(|f| f.refused.clone()));
        }
    }
    assert!(
        !refused.is_empty() && refused.iter().all(|r| r.contains("다른 센터")),
        "{refused:?}"
    );
    let outboxes = std::fs::read_dir(&folder)
        .unwrap()
        .filter(|e| {
            let n = e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .into_owned();
            n.ends_with(".ldsync") && !n.starts_with('.') && n != "다른센터.ldsync"
        })
        .count();
    assert_eq!(outboxes, 3, "one outbox per device");
    for i in 0..3 {
        assert_eq!(c.store(i).count_cases().unwrap(), 3, "device {i}");
    }
    assert_eq!(dump(&c.paths[0]), dump(&c.paths[1]));
    assert_eq!(dump(&c.paths[0]), dump(&c.paths[2]));
}

/// Adds the numbers of `b` into `a`, wherever both have a number at the same place.
fn add_numbers(a: &mut serde_json::Value, b: &serde_json::Value) {
    match (a, b) {
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => {
            *x = (x.as_u64().unwrap() + y.as_u64().unwrap()).into();
        }
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
            for (k, v) in x.iter_mut() {
                add_numbers(v, &y[k]);
            }
        }
        (serde_json::Value::Array(x), serde_json::Value::Array(y)) => {
            for (v, w) in x.iter_mut().zip(y) {
                add_numbers(v, w);
            }
        }
        _ => {}
    }
}

#[test]
fn t1_and_t2_at_the_center_are_the_sums_of_the_devices() {
    let c = center(3);
    let categories = ["wage_arrears", "dismissal", "harassment", "union", "other"];
    for i in 0..3 {
        let mut s = c.store(i);
        for day in 1..=(4 + i as u32 * 3) {
            // Each device's own clients: the same person on two devices is one (see below).
            let case = s
                .create_case(&CaseInput {
                    client_phone: Some(format!("010-000{i}-0000")),
                    ..case_input(
                        day,
                        categories[(day as usize + i) % categories.len()],
                        "상담원",
                    )
                })
                .unwrap();
            if day % 3 == 0 {
                s.add_remedy(&case.id, &remedy("2024-10-20")).unwrap();
            }
        }
    }
    let period = Period::as_of(d(2024, 11, 30));
    let tables = |s: &Store| {
        let r = s.report(period).unwrap();
        (
            serde_json::to_value(r.t1).unwrap(),
            serde_json::to_value(&r.t2).unwrap(),
        )
    };
    let (mut t1, mut t2) = tables(&c.store(0));
    for i in 1..3 {
        let (x, y) = tables(&c.store(i));
        add_numbers(&mut t1, &x);
        add_numbers(&mut t2, &y);
    }
    c.exchange_all();
    for i in 0..3 {
        assert_eq!(tables(&c.store(i)), (t1.clone(), t2.clone()), "device {i}");
    }
}

#[derive(Debug, Clone)]
enum Op {
    Create(u8),
    Close(u8),
    Reopen(u8),
    Delete(u8),
    Summary(u8, u8),
    Session(u8),
    Remedy(u8),
    Conclude(u8),
    /// Moves a case's receipt into November: past a closing made elsewhere (1 November).
    Received(u8, u8),
    /// Sets a case's primary category, or its only secondary one: both sides of one rule.
    Primary(u8, u8),
    Secondary(u8, u8),
    /// Moves a proceeding's filing past a conclusion made elsewhere (20 November).
    Filed(u8, u8),
    Send(u8),
}

fn op() -> impl Strategy<Value = (u8, Op)> {
    let op = prop_oneof![
        3 => any::<u8>().prop_map(Op::Create),
        1 => any::<u8>().prop_map(Op::Close),
        1 => any::<u8>().prop_map(Op::Reopen),
        1 => any::<u8>().prop_map(Op::Delete),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Summary(a, b)),
        1 => any::<u8>().prop_map(Op::Session),
        1 => any::<u8>().prop_map(Op::Remedy),
        1 => any::<u8>().prop_map(Op::Conclude),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Received(a, b)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Primary(a, b)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Secondary(a, b)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Filed(a, b)),
        2 => any::<u8>().prop_map(Op::Send),
    ];
    (0u8..3, op)
}

/// Runs one edit on a device; an edit its state does not allow (a closed case closed again)
/// is simply refused, as in the app.
fn run(c: &Center, device: usize, op: &Op) {
    let mut s = c.store(device);
    let live: Vec<labordesk::domain::CaseSummary> =
        s.list_cases(&Default::default()).unwrap().items;
    let pick = |n: u8| {
        live.get(n as usize % live.len().max(1))
            .map(|c| c.id.clone())
    };
    let categories = ["wage_arrears", "dismissal", "harassment", "union", "other"];
    let _ = match op {
        Op::Create(n) => s
            .create_case(&case_input(
                1 + u32::from(*n % 28),
                categories[*n as usize % categories.len()],
                ["김상담", "박부스", "이상담"][device],
            ))
            .map(|_| ()),
        Op::Close(n) => match pick(*n) {
            Some(id) => s
                .close_case(&id, "resolved", Some("2024-11-01"))
                .map(|_| ()),
            None => Ok(()),
        },
        Op::Reopen(n) => match pick(*n) {
            Some(id) => s.reopen_case(&id).map(|_| ()),
            None => Ok(()),
        },
        Op::Delete(n) => match pick(*n) {
            Some(id) => s.delete_case(&id),
            None => Ok(()),
        },
        Op::Summary(n, t) => match pick(*n) {
            Some(id) => {
                let case = s.get_case(&id).unwrap().case;
                let mut input = case_input(5, case.primary_category.code(), "김상담");
                input.received_on = Some(case.received_on.to_string());
                input.summary = Some(format!("요약 {t} (기기 {device})"));
                s.update_case(&id, &input).map(|_| ())
            }
            None => Ok(()),
        },
        Op::Session(n) => match pick(*n) {
            Some(id) => s
                .add_session(
                    &id,
                    &SessionInput {
                        held_on: Some("2024-11-02".into()),
                        method: Some("phone".into()),
                        counselor: Some("이상담".into()),
                        ..Default::default()
                    },
                )
                .map(|_| ()),
            None => Ok(()),
        },
        Op::Remedy(n) => match pick(*n) {
            Some(id) => s.add_remedy(&id, &remedy("2024-11-03")).map(|_| ()),
            None => Ok(()),
        },
        Op::Received(n, days) | Op::Primary(n, days) | Op::Secondary(n, days) => match pick(*n) {
            Some(id) => {
                let case = s.get_case(&id).unwrap().case;
                let mut input = labordesk::domain::fields::case_input(&case);
                let category = categories[*days as usize % categories.len()].to_string();
                match op {
                    Op::Received(..) => {
                        let day = d(2024, 11, 2) + chrono::Duration::days(i64::from(*days % 28));
                        input.received_on = Some(day.to_string());
                    }
                    Op::Primary(..) => input.primary_category = Some(category),
                    _ => input.secondary_categories = vec![category],
                }
                s.update_case(&id, &input).map(|_| ())
            }
            None => Ok(()),
        },
        Op::Filed(n, days) => {
            let remedies: Vec<labordesk::domain::Remedy> = live
                .iter()
                .flat_map(|c| s.get_case(&c.id).unwrap().remedies)
                .collect();
            match remedies.get(*n as usize % remedies.len().max(1)) {
                Some(r) => {
                    let day = d(2024, 11, 21) + chrono::Duration::days(i64::from(*days % 9));
                    s.update_remedy(
                        &r.id,
                        &RemedyInput {
                            filed_on: Some(day.to_string()),
                            concluded_on: r.concluded_on.map(|d| d.to_string()),
                            outcome: r.outcome.map(|o| o.code().to_string()),
                            amount_recovered: r.amount_recovered,
                            ..remedy("2024-11-03")
                        },
                    )
                    .map(|_| ())
                }
                None => Ok(()),
            }
        }
        Op::Conclude(n) => {
            let open: Vec<String> = live
                .iter()
                .flat_map(|c| s.get_case(&c.id).unwrap().remedies)
                .filter(|r| r.concluded_on.is_none())
                .map(|r| r.id)
                .collect();
            match open.get(*n as usize % open.len().max(1)) {
                Some(id) => s
                    .conclude_remedy(
                        id,
                        &RemedyConclusion {
                            concluded_on: Some("2024-11-20".into()),
                            outcome: Some("settled".into()),
                            amount_recovered: Some(1_000_000),
                            decision_on: None,
                        },
                    )
                    .map(|_| ()),
                None => Ok(()),
            }
        }
        Op::Send(to) => {
            let to = (*to as usize) % 3;
            drop(s);
            if to != device {
                c.send(device, to);
            }
            return;
        }
    };
}

proptest! {
    // PROPTEST_CASES=1000 for a deeper search than the 48 histories `make test` tries.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48)
    ))]

    #[test]
    fn random_histories_on_three_devices_merge_to_one_state_in_any_order(
        history in proptest::collection::vec(op(), 1..30),
        order in Just([0usize, 1, 2]).prop_shuffle(),
    ) {
        let c = center(3);
        for (device, op) in &history {
            run(&c, *device as usize, op);
        }
        // The same files merged into copies of the center in two orders: the same state.
        let files: Vec<Vec<u8>> = (1..3).map(|i| c.store(i).sync_export_bytes(true).unwrap().0).collect();
        let copies: Vec<PathBuf> = (0..2).map(|k| {
            let p = c.dir.path().join(format!("center-copy-{k}.db"));
            let s = c.store(0);
            drop(s);
            std::fs::copy(&c.paths[0], &p).unwrap();
            p
        }).collect();
        for (k, seq) in [[0usize, 1], [1, 0]].iter().enumerate() {
            let mut s = open(&copies[k]);
            for &f in seq {
                s.sync_import_bytes(&files[f], "f").unwrap();
            }
            // Twice changes nothing.
            for &f in seq {
                let again = s.sync_import_bytes(&files[f], "f").unwrap();
                prop_assert_eq!((again.new_records, again.updated_records), (0, 0));
            }
        }
        prop_assert_eq!(dump(&copies[0]), dump(&copies[1]));

        // Everyone with everyone, starting from a random device: one state everywhere.
        for _ in 0..3 {
            for &from in &order {
                for to in 0..3 {
                    if from != to {
                        c.send(from, to);
                    }
                }
            }
        }
        let first = dump(&c.paths[0]);
        prop_assert_eq!(&first, &dump(&c.paths[1]));
        prop_assert_eq!(&first, &dump(&c.paths[2]));
        // Every rule a local edit keeps holds on every device after the merges.
        // And the report tallies the merges kept agree with a full count (check-tallies).
        for path in c.paths.iter().chain(&copies) {
            let broken = broken_rules(path);
            prop_assert!(broken.is_empty(), "{}: {:?}", path.display(), broken);
            let check = open(path).check_tallies(false).unwrap();
            prop_assert!(check.agree(), "{}: {:?}", path.display(), check);
        }
        // No case twice: every case number is one case.
        let s = c.store(0);
        let all = s.list_cases(&Default::default()).unwrap();
        let numbers: BTreeSet<String> = all.items.iter().map(|c| c.case_no.clone()).collect();
        prop_assert_eq!(numbers.len(), all.items.len());
    }
}

#[test]
fn the_sync_folder_setting_must_name_an_existing_folder() {
    let c = center(1);
    let mut s = c.store(0);
    assert_eq!(s.sync_folder_path().unwrap(), None);
    let missing = c.dir.path().join("없는 폴더");
    let e = s.set_sync_folder_path(Some(&missing)).unwrap_err();
    assert_eq!(e.code(), "invalid");
    s.set_sync_folder_path(Some(c.dir.path())).unwrap();
    assert_eq!(
        s.sync_folder_path().unwrap().as_deref(),
        Some(c.dir.path().to_str().unwrap())
    );
    s.set_sync_folder_path(None).unwrap();
    assert_eq!(s.sync_folder_path().unwrap(), None);
}

#[test]
fn a_device_restored_from_a_backup_still_sends_its_new_cases_and_gets_back_what_it_lost() {
    let c = center(2);
    let mut booth = c.store(1);
    booth
        .create_case(&case_input(1, "wage_arrears", "박부스"))
        .unwrap();
    let backup = booth.backup_now(3).unwrap();
    let lost = booth
        .create_case(&case_input(2, "dismissal", "박부스"))
        .unwrap();
    drop(booth);
    c.exchange_all();
    assert_eq!(c.store(0).count_cases().unwrap(), 2);

    let mut booth = Store::restore(&c.paths[1], &backup, None, now()).unwrap();
    booth.set_clock(now());
    assert_eq!(
        booth.count_cases().unwrap(),
        1,
        "the backup predates the second case"
    );
    let fresh = booth
        .create_case(&case_input(3, "harassment", "박부스"))
        .unwrap();
    drop(booth);
    c.exchange_all();
    assert!(
        c.store(0).get_case(&fresh.id).is_ok(),
        "the new case reached the center"
    );
    assert!(
        c.store(1).get_case(&lost.id).is_ok(),
        "the lost case came back"
    );
    assert_eq!(dump(&c.paths[0]), dump(&c.paths[1]));
    assert_eq!(lost.case_no, "2024-B0002");
    assert_eq!(
        fresh.case_no, "2024-B1002",
        "numbering skipped past what the lost days may have used"
    );
}

#[test]
fn a_replaced_laptop_enrolled_with_a_new_letter_gets_every_case_and_numbers_its_own() {
    let c = center(2);
    let mut booth = c.store(1);
    for day in 1..=3 {
        booth
            .create_case(&case_input(day, "wage_arrears", "박부스"))
            .unwrap();
    }
    drop(booth);
    c.exchange_all();
    // The booth's file is lost without a backup; the laptop is set up again with letter E.
    std::fs::remove_file(&c.paths[1]).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", c.paths[1].display()));
    }
    let (file, code) = c.store(0).sync_enrollment("E").unwrap();
    let mut booth = open(&c.paths[1]);
    booth.sync_enroll(&file, code.as_str()).unwrap();
    drop(booth);
    c.exchange_all();
    let mut booth = c.store(1);
    assert_eq!(booth.count_cases().unwrap(), 3);
    let next = booth
        .create_case(&case_input(9, "other", "박부스"))
        .unwrap();
    assert_eq!(next.case_no, "2024-E0001");
}

#[test]
fn numbering_continues_after_the_own_cases_a_merge_brings_back() {
    let c = center(2);
    let mut booth = c.store(1);
    booth
        .create_case(&case_input(1, "wage_arrears", "박부스"))
        .unwrap();
    let backup = booth.backup_now(3).unwrap();
    for day in 2..=4 {
        booth
            .create_case(&case_input(day, "wage_arrears", "박부스"))
            .unwrap();
    }
    drop(booth);
    c.exchange_all();
    drop(Store::restore(&c.paths[1], &backup, None, now()).unwrap());
    // Without the skip a restore makes: the merge alone must move numbering on.
    let conn = rusqlite::Connection::open(&c.paths[1]).unwrap();
    conn.execute_batch("UPDATE case_numbers SET last = 1 WHERE year = 2024")
        .unwrap();
    drop(conn);
    let (all, _) = c.store(0).sync_export_bytes(true).unwrap();
    let report = c.store(1).sync_import_bytes(&all, "center").unwrap();
    assert_eq!(report.new_cases, 3);
    let next = c
        .store(1)
        .create_case(&case_input(9, "other", "박부스"))
        .unwrap();
    assert_eq!(next.case_no, "2024-B0005");
}

#[test]
fn one_person_registered_at_a_booth_and_at_the_center_is_one_person_after_a_merge() {
    let c = center(2);
    let person = |phone: &str, name: &str| CaseInput {
        client_name: Some(name.into()),
        client_phone: Some(phone.into()),
        ..case_input(12, "wage_arrears", "상담원")
    };
    c.store(0)
        .create_case(&person("010-1234-5678", "홍길동"))
        .unwrap();
    // The same person at the booth, the phone written without dashes and a space in the name.
    c.store(1)
        .create_case(&person("01012345678", "홍 길동"))
        .unwrap();
    c.store(1)
        .create_case(&person("010-9999-0000", "김다른"))
        .unwrap();
    let persons = |s: &Store| {
        let units = s.t2(Period::as_of(d(2024, 11, 30))).unwrap().units;
        units
            .rows
            .iter()
            .find(|r| r.key == "persons")
            .unwrap()
            .cumulative
    };
    c.exchange_all();
    for i in 0..2 {
        assert_eq!(
            persons(&c.store(i)),
            2,
            "device {i}: 홍길동 counted once, as on one device holding all three cases"
        );
    }
    // The same count as one store that logged all three cases itself.
    let mut single = store();
    for (phone, name) in [
        ("010-1234-5678", "홍길동"),
        ("01012345678", "홍 길동"),
        ("010-9999-0000", "김다른"),
    ] {
        single.create_case(&person(phone, name)).unwrap();
    }
    assert_eq!(persons(&single), 2);
}
