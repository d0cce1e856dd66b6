//! One enrollment file and code enroll one device; a letter is never handed out twice; only a
//! device of the center signs a file the center accepts.

use super::*;

/// A fresh store at `name` in the center's folder, enrolled with `file` and `code`.
fn enrolled(c: &Center, name: &str, file: &[u8], code: &str) -> PathBuf {
    let path = c.dir.path().join(name);
    open(&path).sync_enroll(file, code).unwrap();
    path
}

fn send_from(from: &Path, to: &Path) -> labordesk::Result<labordesk::sync::SyncReport> {
    let (bytes, _) = open(from).sync_export_bytes(false).unwrap();
    open(to).sync_import_bytes(&bytes, "test")
}

#[test]
fn a_reused_enrollment_code_is_refused_and_the_first_device_keeps_working() {
    let c = center(2);
    let (file, code) = c.store(0).sync_enrollment("E").unwrap();
    let first = enrolled(&c, "E1.db", &file, code.as_str());
    let second = enrolled(&c, "E2.db", &file, code.as_str());
    let third = enrolled(&c, "E3.db", &file, code.as_str());
    for (i, path) in [&first, &second, &third].into_iter().enumerate() {
        open(path)
            .create_case(&case_input(i as u32 + 1, "wage_arrears", "박부스"))
            .unwrap();
    }
    let center_path = c.paths[0].clone();
    assert_eq!(send_from(&first, &center_path).unwrap().new_cases, 1);
    for other in [&second, &third] {
        let e = send_from(other, &center_path).unwrap_err();
        assert_eq!(e.code(), "sync_refused", "{e}");
        assert!(e.to_string().contains("이미 다른 기기"), "{e}");
    }
    assert_eq!(
        c.store(0).count_cases().unwrap(),
        1,
        "only the first device's case"
    );
    // The first keeps working.
    open(&first)
        .create_case(&case_input(9, "dismissal", "박부스"))
        .unwrap();
    assert_eq!(send_from(&first, &center_path).unwrap().new_cases, 1);
    // Another device of the center takes the center's word: the second is refused there too,
    // the first accepted.
    let booth = c.paths[1].clone();
    send_from(&center_path, &booth).unwrap();
    let e = send_from(&second, &booth).unwrap_err();
    assert!(e.to_string().contains("이미 다른 기기"), "{e}");
    send_from(&first, &booth).unwrap();
    assert_eq!(c.store(1).count_cases().unwrap(), 2);
}

#[test]
fn an_unused_enrollment_is_revoked_and_a_used_one_cannot_be() {
    let c = center(2);
    let mut lead = c.store(0);
    let (file, code) = lead.sync_enrollment("D").unwrap();
    // A second file for the same letter while the first is unused: revoke it first.
    let e = lead.sync_enrollment("D").unwrap_err();
    assert!(e.to_string().contains("취소"), "{e}");
    assert_eq!(lead.sync_revoke_enrollment("D").unwrap(), 1);
    drop(lead);
    // The revoked file still opens with its code, but the center refuses what it enrolled.
    let stolen = enrolled(&c, "D-stolen.db", &file, code.as_str());
    open(&stolen)
        .create_case(&case_input(3, "other", "박부스"))
        .unwrap();
    let e = send_from(&stolen, &c.paths[0]).unwrap_err();
    assert!(e.to_string().contains("취소한"), "{e}");
    // A new file for D enrolls a device the center accepts.
    let (file, code) = c.store(0).sync_enrollment("D").unwrap();
    let d = enrolled(&c, "D.db", &file, code.as_str());
    send_from(&d, &c.paths[0]).unwrap();
    // B's enrollment was used: it cannot be revoked, nor D's any more.
    let mut lead = c.store(0);
    c.exchange_all();
    for letter in ["B", "D"] {
        let e = lead.sync_revoke_enrollment(letter).unwrap_err();
        assert!(e.to_string().contains("이미 기기"), "{letter}: {e}");
    }
    assert_eq!(
        lead.sync_revoke_enrollment("Q").unwrap_err().code(),
        "not_found"
    );
    // Only the center revokes.
    let e = c.store(1).sync_revoke_enrollment("D").unwrap_err();
    assert!(e.to_string().contains("센터 기기"), "{e}");
    // The center's word reaches the booth: the stolen device is refused there too.
    send_from(&c.paths[0], &c.paths[1]).unwrap();
    let e = send_from(&stolen, &c.paths[1]).unwrap_err();
    assert!(e.to_string().contains("취소한"), "{e}");
}

#[test]
fn a_letter_already_in_case_numbers_is_refused_at_enrollment_and_at_import() {
    let c = center(2);
    let examples = std::fs::read_to_string(repo_file("assets/examples/cases.csv")).unwrap();
    let numbered = |letter: &str| {
        let path = c.dir.path().join(format!("old-{letter}.csv"));
        std::fs::write(&path, examples.replace("-B0", &format!("-{letter}0"))).unwrap();
        path
    };
    // Old cases numbered with F are imported; F can then not be enrolled.
    c.store(0).import_cases(&numbered("F")).unwrap();
    let e = c.store(0).sync_enrollment("F").unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().contains("2024-F0001"), "{e}");
    // E is enrolled: the center's own import refuses cases numbered with it.
    let (file, code) = c.store(0).sync_enrollment("E").unwrap();
    let Err(labordesk::Error::ImportRows(rows)) = c.store(0).import_cases(&numbered("E")) else {
        panic!("cases under an enrolled device's letter must be refused")
    };
    assert!(
        rows[0]
            .message
            .contains("'E'는 이 센터의 다른 기기가 쓰는 문자입니다"),
        "{}",
        rows[0].message
    );
    // Device B, which has not heard of E yet, imports them and sends them on: the device
    // enrolled as E would then collide, so its files are refused.
    c.store(1).import_cases(&numbered("E")).unwrap();
    send_from(&c.paths[1], &c.paths[0]).unwrap();
    let e_device = enrolled(&c, "E.db", &file, code.as_str());
    open(&e_device)
        .create_case(&case_input(3, "other", "박부스"))
        .unwrap();
    let before = c.store(0).count_cases().unwrap();
    let e = send_from(&e_device, &c.paths[0]).unwrap_err();
    assert_eq!(e.code(), "sync_refused", "{e}");
    assert!(e.to_string().contains("2024-E0001"), "{e}");
    assert_eq!(c.store(0).count_cases().unwrap(), before);
}

#[test]
fn a_resealed_but_unsigned_transfer_file_is_refused() {
    let c = center(2);
    let case = c.case_on_every_device();
    let deleted = |p: &mut serde_json::Value| {
        let row = &mut p["tables"]["cases"][0];
        let stamp = row["s"]["*"].as_str().unwrap().to_string();
        row["v"]["deleted_at"] = serde_json::json!("2024-11-30T01:00:00.000Z");
        row["s"]["deleted_at"] = serde_json::json!(stamp);
    };
    // Re-sealed with the transfer key every device holds, without a signature.
    let bytes = super::hostile::changed_file(&c, 1, None, deleted);
    let e = c
        .store(0)
        .sync_import_bytes(&bytes, "unsigned")
        .unwrap_err();
    assert_eq!(e.code(), "sync_refused", "{e}");
    assert!(e.to_string().contains("서명이 없는"), "{e}");
    // Signed, but with a key that is not the booth's.
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let bytes = super::hostile::changed_file(&c, 1, Some(&stranger), deleted);
    let e = c.store(0).sync_import_bytes(&bytes, "forged").unwrap_err();
    assert!(e.to_string().contains("서명이 맞지 않습니다"), "{e}");
    // A device that was never enrolled, holding a copy of the transfer key and the store.
    let copy = c.dir.path().join("copy.db");
    std::fs::copy(&c.paths[1], &copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    conn.execute_batch(
        "UPDATE settings SET value = 'feedfacefeedface' WHERE key = 'sync_device_id';
         DELETE FROM settings WHERE key = 'sync_enrollment';",
    )
    .unwrap();
    drop(conn);
    let e = send_from(&copy, &c.paths[0]).unwrap_err();
    assert!(
        e.to_string().contains("등록된 기기의 파일이 아닙니다"),
        "{e}"
    );
    assert_eq!(
        c.store(0).count_cases().unwrap(),
        1,
        "{} stays",
        case.case_no
    );
    assert_eq!(
        c.store(0).get_case(&case.id).unwrap().case.case_no,
        case.case_no
    );
}

#[test]
fn a_store_from_before_signatures_keeps_syncing_with_the_devices_it_knew() {
    let c = center(2);
    c.case_on_every_device();
    // Both stores as schema 8 left them, opened by this version: no keys, peers unpinned.
    for path in &c.paths {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(
            "DELETE FROM settings WHERE key IN ('sync_signing_key', 'sync_center_key', 'sync_enrollment');
             UPDATE sync_devices SET public_key = NULL, enrollment_id = NULL;
             DELETE FROM sync_enrollments;",
        )
        .unwrap();
    }
    c.store(1)
        .create_case(&case_input(7, "dismissal", "박부스"))
        .unwrap();
    c.exchange_all();
    assert_eq!(c.store(0).count_cases().unwrap(), 2);
    // Each pinned the other's key at its first signed file: another key is refused now.
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let bytes = super::hostile::changed_file(&c, 1, Some(&stranger), |_| {});
    let e = c.store(0).sync_import_bytes(&bytes, "forged").unwrap_err();
    assert!(e.to_string().contains("서명이 맞지 않습니다"), "{e}");
    // The center becomes the center again when its lead enrolls a device; the booth learns it.
    let (file, code) = c.store(0).sync_enrollment("C").unwrap();
    let new = enrolled(&c, "C.db", &file, code.as_str());
    send_from(&c.paths[0], &c.paths[1]).unwrap();
    send_from(&new, &c.paths[1]).unwrap();
}
