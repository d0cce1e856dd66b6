//! What the fuzz targets share: a scratch folder, the stores they feed, and the ways they wrap
//! the fuzzer's bytes into a file the reader under test accepts far enough to be worth fuzzing
//! (an XLSX package around a sheet, a transfer file sealed with the center's key, an enrollment
//! file sealed under its code).
//!
//! A target fails (panics) on what a user must never see: a panic or an abort in the product, a
//! memory bomb (libFuzzer's `-rss_limit_mb`), an error message that echoes a whole hostile
//! value, or a file accepted and then leaving the store unreadable. A clean refusal is a pass.

use std::cell::RefCell;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{FixedOffset, TimeZone};
use labordesk::domain::CaseFilter;
use labordesk::import::ImportKind;
use labordesk::{CaseInput, Clock, Error, Settings, Store};

/// The longest error message a hostile file may produce. Values are quoted in part (about 50
/// characters); the rest of a message is a sentence, a file name and a few numbers.
pub const MAX_MESSAGE_BYTES: usize = 2048;

/// "Now" for every store the targets make: the tests' fixed time, so runs repeat.
pub fn clock() -> Clock {
    Clock::Fixed(
        FixedOffset::east_opt(9 * 3600)
            .unwrap()
            .with_ymd_and_hms(2024, 11, 30, 10, 0, 0)
            .unwrap(),
    )
}

/// A folder for the files one fuzzing process writes, removed when it exits normally.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temp folder"))
        .path()
}

/// Writes `bytes` as `name` in the scratch folder, replacing what the last input left there.
pub fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, bytes).expect("the scratch folder is writable");
    path
}

/// Fails the run when an error message is longer than any honest one.
pub fn check_message(e: &Error) {
    let text = e.to_string();
    assert!(
        text.len() <= MAX_MESSAGE_BYTES,
        "error message of {} bytes: {}…",
        text.len(),
        text.chars().take(200).collect::<String>()
    );
}

/// A fresh in-memory store as the tests make it: fixed clock, center name, letter A.
pub fn fresh_store() -> Store {
    let mut s = Store::open_in_memory().expect("an in-memory store");
    s.set_clock(clock());
    s.update_settings(&Settings {
        center_name: "퍼징 노동권익센터".into(),
        device_letter: "A".into(),
    })
    .expect("settings");
    s
}

/// Checks the file at `path` as both import kinds, as the app's import preview does: the
/// reader, the column mapping and every row check run; nothing is written.
pub fn check_import_file(path: &Path) {
    thread_local! {
        static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
    }
    STORE.with(|cell| {
        let mut cell = cell.borrow_mut();
        let store = cell.get_or_insert_with(fresh_store);
        for kind in [ImportKind::Cases, ImportKind::Remedies] {
            match store.check_import(kind, path) {
                Ok(check) => {
                    for e in &check.errors {
                        let text = e.to_string();
                        assert!(
                            text.len() <= MAX_MESSAGE_BYTES,
                            "row error of {} bytes",
                            text.len()
                        );
                    }
                }
                Err(e) => check_message(&e),
            }
        }
    });
}

/// The shipped example workbook, whose package parts (styles, workbook, relations) wrap the
/// fuzzed sheet.
const TEMPLATE_XLSX: &[u8] = include_bytes!("../../assets/examples/cases.xlsx");

/// An XLSX package: the example workbook with its first sheet and shared strings replaced.
/// The parts are stored uncompressed, so that what the fuzzer changes is what calamine reads.
pub fn xlsx_with(sheet: &[u8], shared_strings: &[u8]) -> Vec<u8> {
    let mut template = zip::ZipArchive::new(Cursor::new(TEMPLATE_XLSX)).expect("the example");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..template.len() {
        let mut entry = template.by_index(i).expect("an entry of the example");
        let name = entry.name().to_owned();
        let body = match name.as_str() {
            "xl/worksheets/sheet1.xml" => sheet.to_vec(),
            "xl/sharedStrings.xml" => shared_strings.to_vec(),
            _ => {
                let mut body = Vec::new();
                entry.read_to_end(&mut body).expect("the example unpacks");
                body
            }
        };
        out.start_file(name, stored).expect("zip");
        out.write_all(&body).expect("zip");
    }
    out.finish().expect("zip").into_inner()
}

/// Splits a structured input at its first NUL byte (which no XML text may hold): the sheet
/// before it, the shared strings after it.
pub fn split_parts(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// A center of two devices in files: A, the center, and B, enrolled; B has logged two cases
/// with a session and a proceeding. Made once per fuzzing process.
pub struct Center {
    /// The center's database as it was before anything was imported: each input is merged into
    /// a fresh copy of it.
    pub center_db: PathBuf,
    pub key: [u8; 32],
    pub center_id: String,
    /// B's transfer file, as B made it.
    pub transfer_file: Vec<u8>,
    /// Its payload, in the clear.
    pub payload: Vec<u8>,
}

pub fn center() -> &'static Center {
    static CENTER: OnceLock<Center> = OnceLock::new();
    CENTER.get_or_init(make_center)
}

fn make_center() -> Center {
    let dir = scratch().join("center");
    std::fs::create_dir_all(&dir).expect("scratch");
    let center_db = dir.join("A.db");
    let mut a = Store::open(&center_db).expect("the center's store");
    a.set_clock(clock());
    a.update_settings(&Settings {
        center_name: "퍼징 센터".into(),
        device_letter: "A".into(),
    })
    .expect("settings");
    let (file, code) = a.sync_enrollment("B").expect("an enrollment file");
    drop(a);
    let mut b = Store::open(&dir.join("B.db")).expect("the booth's store");
    b.set_clock(clock());
    b.sync_enroll(&file, code.as_str()).expect("enrolled");
    let case = b
        .create_case(&CaseInput {
            received_on: Some("2024-10-05".into()),
            counselor: Some("박부스".into()),
            intake_method: Some("phone".into()),
            primary_category: Some("wage_arrears".into()),
            client_name: Some("내담자".into()),
            client_phone: Some("010-1234-5678".into()),
            summary: Some("임금 미지급".into()),
            secondary_categories: vec!["harassment".into()],
            ..CaseInput::default()
        })
        .expect("a case");
    b.add_session(
        &case.id,
        &labordesk::domain::SessionInput {
            held_on: Some("2024-10-06".into()),
            method: Some("visit".into()),
            counselor: Some("박부스".into()),
            minutes: Some(40),
            notes: Some("체불 확인".into()),
        },
    )
    .expect("a session");
    b.add_remedy(
        &case.id,
        &labordesk::domain::RemedyInput {
            channel: Some("labor_office".into()),
            procedure: Some("진정".into()),
            filed_on: Some("2024-10-10".into()),
            amount_claimed: Some(3_000_000),
            ..Default::default()
        },
    )
    .expect("a proceeding");
    let (transfer_file, _) = b.sync_export_bytes(true).expect("B's transfer file");
    drop(b);
    // The key and center id, as anyone holding an enrolled device's file can read them.
    let conn = rusqlite_setting_reader(&center_db);
    let mut key = [0u8; 32];
    hex::decode_to_slice(conn("sync_key"), &mut key).expect("a hex key");
    let center_id = conn("sync_center_id");
    let payload = labordesk::sync::transfer::open(&key, &center_id, &transfer_file)
        .expect("B's file opens at the center")
        .to_vec();
    Center {
        center_db,
        key,
        center_id,
        transfer_file,
        payload,
    }
}

/// A reader of the settings table of an unencrypted store file.
fn rusqlite_setting_reader(path: &Path) -> impl Fn(&str) -> String {
    let conn = rusqlite::Connection::open(path).expect("the store file");
    move |key: &str| {
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .expect("a sync setting")
    }
}

impl Center {
    /// The center's store as it was before any input, in a file of its own.
    pub fn fresh_copy(&self) -> Store {
        let path = scratch().join("center-work.db");
        for suffix in ["", "-wal", "-shm"] {
            let mut side = path.clone().into_os_string();
            side.push(suffix);
            let _ = std::fs::remove_file(side);
        }
        std::fs::copy(&self.center_db, &path).expect("a copy of the center");
        let mut s = Store::open(&path).expect("the copy opens");
        s.set_clock(clock());
        s
    }

    pub fn seal(&self, payload: &[u8]) -> Vec<u8> {
        labordesk::sync::transfer::seal(&self.key, &self.center_id, payload)
    }
}

/// What a store must still do after it accepted a file: list its cases, show its sync
/// status and conflicts, and make its own transfer file. A file that leaves any of these
/// failing (or panicking) was accepted when it should have been refused.
pub fn check_store_still_works(store: &Store, what: &str) {
    if let Err(e) = store.list_cases(&CaseFilter::default()) {
        panic!("after {what}, the case list fails: {e}");
    }
    if let Err(e) = store.sync_status() {
        panic!("after {what}, the sync status fails: {e}");
    }
    if let Err(e) = store.sync_conflicts() {
        panic!("after {what}, the conflicts fail: {e}");
    }
    if let Err(e) = store.sync_export_bytes(true) {
        panic!("after {what}, making a transfer file fails: {e}");
    }
}

/// The code the enrollment target seals its inputs under, and the salt it uses.
pub const ENROLL_CODE: &str = "FUZZA-FUZZB-FUZZC-FUZZD-FUZZE";
const ENROLL_SALT: [u8; 16] = *b"labordesk-fuzz!!";
const ENROLL_MAGIC: &[u8; 8] = b"LDENROL1";

/// An enrollment file holding `plain`, sealed under `ENROLL_CODE` as `sync_enrollment` seals
/// (see src/sync/enrollment.rs: magic · salt · nonce · XChaCha20-Poly1305 under the Argon2id
/// key of the code). The key is derived once per process; `enrollment_seal_matches_the_product`
/// checks at start-up that the product still opens what this makes.
pub fn seal_enrollment(plain: &[u8]) -> Vec<u8> {
    static KEY: OnceLock<[u8; 32]> = OnceLock::new();
    let key = KEY.get_or_init(|| {
        let secret: Vec<u8> = ENROLL_CODE
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase() as u8)
            .collect();
        // The product's KDF for codes: OWASP's minimum (19 MiB, 2 passes, 1 lane).
        let params = argon2::Params::new(19 * 1024, 2, 1, Some(32)).expect("params");
        let mut key = [0u8; 32];
        argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
            .hash_password_into(&secret, &ENROLL_SALT, &mut key)
            .expect("argon2");
        key
    });
    let nonce = [7u8; 24];
    let sealed = XChaCha20Poly1305::new(key.into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: ENROLL_MAGIC,
            },
        )
        .expect("encrypts");
    [ENROLL_MAGIC.as_slice(), &ENROLL_SALT, &nonce, &sealed].concat()
}

/// A real enrollment payload of the fuzzing center, for the seed and the start-up check.
pub fn enrollment_payload() -> Vec<u8> {
    let c = center();
    serde_json::to_vec(&serde_json::json!({
        "center_id": c.center_id,
        "center_name": "퍼징 센터",
        "key": hex::encode(c.key),
        "letter": "C",
    }))
    .expect("json")
}

/// Panics when the product no longer opens what `seal_enrollment` makes (its format or KDF
/// changed): the enrollment target would then fuzz nothing but the refusal.
pub fn enrollment_seal_matches_the_product() {
    static CHECKED: OnceLock<()> = OnceLock::new();
    CHECKED.get_or_init(|| {
        let mut s = fresh_store_without_cases();
        if let Err(e) = s.sync_enroll(&seal_enrollment(&enrollment_payload()), ENROLL_CODE) {
            panic!("fuzz/src/lib.rs seals enrollment files differently from the product: {e}");
        }
    });
}

/// A fresh in-memory store that has never logged a case, as a device is before enrollment.
pub fn fresh_store_without_cases() -> Store {
    let mut s = Store::open_in_memory().expect("an in-memory store");
    s.set_clock(clock());
    s
}

/// `payload` with one value changed as `edit` says: byte 0 picks a table, byte 1 a record,
/// byte 2 a field of its values (`v`) or, with the high bit set, of its stamps (`s`); the rest
/// is the new value: JSON if it parses as JSON, else a string. None when `edit` is too short.
pub fn edited_payload(payload: &[u8], edit: &[u8]) -> Option<Vec<u8>> {
    let [table, record, field, value @ ..] = edit else {
        return None;
    };
    let mut p: serde_json::Value = serde_json::from_slice(payload).expect("a real payload");
    let value = serde_json::from_slice(value)
        .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(value).into_owned()));
    let target = match *table % 4 {
        // The payload's own fields (letter, made_at, seen, acks, …).
        3 => &mut p,
        t => {
            let tables = p["tables"].as_object_mut()?;
            let count = tables.len().max(1);
            let rows = tables.values_mut().nth(usize::from(t) % count)?;
            let rows = rows.as_array_mut()?;
            let len = rows.len();
            let row = rows.get_mut(usize::from(*record) % len.max(1))?;
            let part = if field & 0x80 != 0 { "s" } else { "v" };
            &mut row[part]
        }
    };
    let object = target.as_object_mut()?;
    let len = object.len();
    let name = object
        .keys()
        .nth(usize::from(field & 0x7f) % len.max(1))?
        .clone();
    object.insert(name, value);
    Some(serde_json::to_vec(&p).expect("json"))
}
