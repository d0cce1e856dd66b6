//! Transfer files made or changed by someone who holds the transfer key (every enrolled device
//! does): each is refused whole, with a Korean reason naming the record, and nothing panics.

use serde_json::{json, Value};

use super::*;

/// The keys a device holds, read from its store as anyone holding the file could.
struct Keys {
    transfer: [u8; 32],
    center_id: String,
    signing: ed25519_dalek::SigningKey,
}

fn keys(c: &Center, device: usize) -> Keys {
    let conn = rusqlite::Connection::open(&c.paths[device]).unwrap();
    let setting = |key: &str| -> String {
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let mut transfer = [0u8; 32];
    hex::decode_to_slice(setting("sync_key"), &mut transfer).unwrap();
    let mut seed = [0u8; 32];
    hex::decode_to_slice(setting("sync_signing_key"), &mut seed).unwrap();
    Keys {
        transfer,
        center_id: setting("sync_center_id"),
        signing: ed25519_dalek::SigningKey::from_bytes(&seed),
    }
}

/// Device `from`'s transfer file opened with the center's transfer key, its payload changed
/// by `edit`, and sealed again; signed by `signer` (its key, as a device that lies would),
/// or not signed at all (`None`, as anyone holding the transfer key can make).
pub(super) fn changed_file(
    c: &Center,
    from: usize,
    signer: Option<&ed25519_dalek::SigningKey>,
    edit: impl FnOnce(&mut Value),
) -> Vec<u8> {
    let (bytes, _) = c.store(from).sync_export_bytes(true).unwrap();
    let k = keys(c, from);
    let plain = labordesk::sync::transfer::open(&k.transfer, &k.center_id, &bytes).unwrap();
    let (_, json) = labordesk::sync::transfer::split_signed(&plain).unwrap();
    let mut payload: Value = serde_json::from_slice(json).unwrap();
    edit(&mut payload);
    let json = serde_json::to_vec(&payload).unwrap();
    let plain = match signer {
        Some(key) => labordesk::sync::transfer::sign(key, &k.center_id, &json),
        None => json,
    };
    labordesk::sync::transfer::seal(&k.transfer, &k.center_id, &plain)
}

/// Device `from`'s own file with its payload changed, signed by `from` itself: what a device
/// of the center that lies (or a bug on it) would send.
fn edited(c: &Center, from: usize, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let signing = keys(c, from).signing;
    changed_file(c, from, Some(&signing), edit)
}

/// The booth's two cases, the first of which the edits below spoil.
fn booth_with_two_cases() -> (Center, String) {
    let c = center(2);
    let mut booth = c.store(1);
    let first = booth
        .create_case(&case_input(5, "wage_arrears", "박부스"))
        .unwrap();
    booth
        .create_case(&case_input(6, "dismissal", "박부스"))
        .unwrap();
    (c, first.case_no)
}

fn first_case(payload: &mut Value) -> &mut Value {
    payload["tables"]["cases"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .min_by_key(|c| c["v"]["case_no"].as_str().unwrap().to_string())
        .unwrap()
}

/// Imports `bytes` at the center and checks that it was refused whole: the reason contains
/// every word of `names`, and the center holds what it held before.
fn refused_whole(c: &Center, bytes: &[u8], names: &[&str]) {
    let before = dump(&c.paths[0]);
    let e = c.store(0).sync_import_bytes(bytes, "hostile").unwrap_err();
    assert_eq!(e.code(), "sync_refused", "{e}");
    for name in names {
        assert!(e.to_string().contains(name), "{name:?} in {e}");
    }
    assert_eq!(dump(&c.paths[0]), before, "nothing merged");
    let center_store = c.store(0);
    assert_eq!(center_store.count_cases().unwrap(), 0);
    center_store.list_cases(&Default::default()).unwrap();
}

#[test]
fn a_signed_file_with_an_invalid_date_is_refused_whole_and_the_case_list_still_works() {
    let (c, case_no) = booth_with_two_cases();
    let bytes = edited(&c, 1, |p| {
        first_case(p)["v"]["received_on"] = json!("2024-13-45");
    });
    refused_whole(&c, &bytes, &[&case_no, "접수일", "2024-13-45"]);
}

type Edit = Box<dyn Fn(&mut Value)>;

#[test]
fn records_a_local_edit_could_not_save_are_refused_whole() {
    let edits: Vec<(&str, Edit)> = vec![
        (
            "closed before received",
            Box::new(|p| {
                let case = first_case(p);
                case["v"]["closed_on"] = json!("2024-10-01");
                case["v"]["outcome"] = json!("info");
            }),
        ),
        (
            "a label where a code is stored",
            Box::new(|p| first_case(p)["v"]["primary_category"] = json!("임금체불")),
        ),
        (
            "a number where a date is stored",
            Box::new(|p| first_case(p)["v"]["received_on"] = json!(20241005)),
        ),
        (
            "a negative amount",
            Box::new(|p| first_case(p)["v"]["unpaid_amount"] = json!(-5)),
        ),
        (
            "a malformed case number",
            Box::new(|p| first_case(p)["v"]["case_no"] = json!("2024-b0001")),
        ),
        (
            "a session with a date that does not exist",
            Box::new(|p| {
                p["tables"]["sessions"][0]["v"]["held_on"] = json!("2024-02-30");
            }),
        ),
        (
            "a birth year of the future",
            Box::new(|p| p["tables"]["clients"][0]["v"]["birth_year"] = json!(2999)),
        ),
        (
            "a deletion time that is not a time",
            Box::new(|p| first_case(p)["v"]["deleted_at"] = json!("어제")),
        ),
        (
            "a history that is not a list",
            Box::new(|p| first_case(p)["v"]["closings"] = json!("{\"closed_on\": 1}")),
        ),
    ];
    for (what, edit) in edits {
        let (c, _) = booth_with_two_cases();
        let bytes = edited(&c, 1, edit);
        let e = c.store(0).sync_import_bytes(&bytes, what).unwrap_err();
        assert_eq!(e.code(), "sync_refused", "{what}: {e}");
        assert_eq!(
            c.store(0).count_cases().unwrap(),
            0,
            "{what}: nothing merged"
        );
    }
}

#[test]
fn a_deletion_stamped_far_in_the_future_is_refused_and_the_cases_stay() {
    let c = center(2);
    let case = c.case_on_every_device();
    let bytes = edited(&c, 1, |p| {
        let row = &mut p["tables"]["cases"][0];
        let device = row["s"]["*"]
            .as_str()
            .unwrap()
            .split_once('-')
            .unwrap()
            .1
            .to_string();
        row["v"]["deleted_at"] = json!("9999-01-01T00:00:00.000Z");
        row["s"]["deleted_at"] = json!(format!("ffffffffffff0000-{device}"));
    });
    let e = c.store(0).sync_import_bytes(&bytes, "future").unwrap_err();
    assert_eq!(e.code(), "sync_refused", "{e}");
    assert!(e.to_string().contains(&case.case_no), "{e}");
    assert!(e.to_string().contains("하루"), "{e}");
    assert_eq!(
        c.store(0).count_cases().unwrap(),
        1,
        "the case is still listed"
    );
    // The whole file claiming a time far ahead: refused too, for its own time.
    let bytes = edited(&c, 1, |p| {
        let device = p["device_id"].as_str().unwrap().to_string();
        p["stamped_at"] = json!(format!("ffffffffffff0000-{device}"));
    });
    let e = c.store(0).sync_import_bytes(&bytes, "future").unwrap_err();
    assert!(e.to_string().contains("시계"), "{e}");
}

#[test]
fn a_stamp_with_a_multibyte_character_is_refused_and_panics_nothing() {
    let (c, case_no) = booth_with_two_cases();
    for bad in [
        "0193a0b0c0d가-0123456789abcdef",
        "0193a0b0c0d0000가-aaaa",
        "가",
        "",
        "~",
    ] {
        let bytes = edited(&c, 1, |p| first_case(p)["s"]["*"] = json!(bad));
        refused_whole(&c, &bytes, &[&case_no, "형식"]);
        let bytes = edited(&c, 1, |p| p["stamped_at"] = json!(bad));
        refused_whole(&c, &bytes, &["형식"]);
        if bad.is_empty() {
            continue; // a device that has made no stamp yet sends an empty one
        }
        let bytes = edited(&c, 1, |p| {
            let device = p["device_id"].as_str().unwrap().to_string();
            p["seen"][device] = json!(bad);
        });
        let e = c.store(0).sync_import_bytes(&bytes, "seen").unwrap_err();
        assert_eq!(e.code(), "sync_refused", "{bad:?}: {e}");
    }
}

#[test]
fn a_signed_payload_that_does_not_parse_is_refused_quoting_at_most_a_little_of_it() {
    // Found by the sync_transfer fuzz target: serde's message repeats the bad value whole, so a
    // 5,000-character value with a terminal escape reached the refusal and the screen.
    let (c, _) = booth_with_two_cases();
    let hostile = format!("\u{1b}[2J{}", "x".repeat(5_000));
    let bytes = edited(&c, 1, |p| p["acks"] = json!(hostile));
    let e = c.store(0).sync_import_bytes(&bytes, "acks").unwrap_err();
    assert_eq!(e.code(), "sync_refused", "{e}");
    let message = e.to_string();
    assert!(
        message.chars().count() < 300 && !message.chars().any(char::is_control),
        "a short message without the escape: {} characters",
        message.chars().count()
    );
}

#[test]
fn an_oversized_file_in_the_sync_folder_is_refused_before_it_is_read() {
    let c = center(2);
    c.store(1)
        .create_case(&case_input(5, "wage_arrears", "박부스"))
        .unwrap();
    let folder = c.dir.path().join("폴더");
    std::fs::create_dir(&folder).unwrap();
    // Larger than the cap, and sparse: reading it whole would take 513 MB of memory.
    let cap = labordesk::sync::transfer::MAX_FILE_BYTES;
    for (name, head) in [
        ("huge.ldsync", &b"LDSYNC01"[..]),
        ("junk.ldsync", b"PK\x03\x04"),
    ] {
        let file = std::fs::File::create(folder.join(name)).unwrap();
        std::io::Write::write_all(&mut &file, head).unwrap();
        file.set_len(cap + 1).unwrap();
    }
    c.store(1).sync_folder(&folder).unwrap();
    let report = c.store(0).sync_folder(&folder).unwrap();
    let refused: Vec<(String, String)> = report
        .imported
        .iter()
        .filter_map(|f| Some((f.file.clone(), f.refused.clone()?)))
        .collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(refused[0].0.ends_with("huge.ldsync") && refused[0].1.contains("512 MB"));
    assert!(
        refused[1].0.ends_with("junk.ldsync") && refused[1].1.contains("동기화 파일이 아닙니다")
    );
    assert_eq!(
        c.store(0).count_cases().unwrap(),
        1,
        "the booth's outbox merged"
    );
}

#[test]
fn every_record_the_demo_and_the_generator_write_passes_the_checks() {
    for data in ["demo", "generated"] {
        let c = center(2);
        let mut booth = c.store(1);
        match data {
            "demo" => drop(labordesk::demo::write_demo(&mut booth).unwrap()),
            _ => drop(labordesk::gen::generate(&mut booth, 300, 7).unwrap()),
        }
        let cases = booth.count_cases().unwrap();
        let (bytes, _) = booth.sync_export_bytes(false).unwrap();
        drop(booth);
        let mut center_store = c.store(0);
        // The generator spreads cases over 2016–2025 (sessions and proceedings into 2026): a
        // center's today after all of them.
        center_store.set_clock(labordesk::Clock::Fixed(
            chrono::DateTime::parse_from_rfc3339("2026-06-30T10:00:00+09:00").unwrap(),
        ));
        let report = center_store.sync_import_bytes(&bytes, data).unwrap();
        assert!(report.new_records > 0, "{data}");
        assert_eq!(c.store(0).count_cases().unwrap(), cases, "{data}");
    }
}

#[test]
fn a_file_of_another_version_is_refused_with_which_side_to_update() {
    let (c, _) = booth_with_two_cases();
    for (format, drop_field, expected) in [
        (1, true, "이전 버전"),
        (1, false, "이전 버전"),
        (99, false, "더 새 버전"),
        (99, true, "더 새 버전"),
    ] {
        let bytes = edited(&c, 1, |p| {
            p["format"] = json!(format);
            if drop_field {
                p.as_object_mut().unwrap().remove("stamped_at");
            }
        });
        refused_whole(&c, &bytes, &[expected]);
    }
}
