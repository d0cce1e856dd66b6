//! The one way tests make a store: fresh, initialized, with a fixed clock.

use chrono::{FixedOffset, NaiveDate, TimeZone};
use labordesk::{CaseInput, Clock, Settings, Store};

/// "Now" in every test: 30 November 2024, 10:00 in Seoul. No test reads the real clock.
pub fn now() -> Clock {
    Clock::Fixed(
        FixedOffset::east_opt(9 * 3600)
            .unwrap()
            .with_ymd_and_hms(2024, 11, 30, 10, 0, 0)
            .unwrap(),
    )
}

pub fn init(store: &mut Store) {
    store.set_clock(now());
    store
        .update_settings(&Settings {
            center_name: "테스트 노동권익센터".into(),
            device_letter: "A".into(),
        })
        .unwrap();
}

/// A fresh in-memory store.
pub fn store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    init(&mut s);
    s
}

/// A fresh store in a real (encrypted-capable) file under `dir`.
pub fn file_store(dir: &tempfile::TempDir) -> (Store, std::path::PathBuf) {
    let path = dir.path().join("labordesk.db");
    let mut s = Store::open(&path).unwrap();
    init(&mut s);
    (s, path)
}

/// The lead's password in the encrypted test stores: one the password policy accepts.
pub const LEAD_PASSWORD: &str = "violet-lantern-harbor";

/// A new encrypted store at `path`: center "테스트 노동권익센터", device A, the lead `lead`
/// (김센터, `LEAD_PASSWORD`), the fixed clock. Returns it with its recovery code.
pub fn encrypted_store(path: &std::path::Path) -> (Store, labordesk::store::keys::RecoveryCode) {
    let settings = Settings {
        center_name: "테스트 노동권익센터".into(),
        device_letter: "A".into(),
    };
    let (mut s, code) =
        Store::create_encrypted(path, &settings, "lead", "김센터", LEAD_PASSWORD).unwrap();
    s.set_clock(now());
    (s, code)
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The smallest valid intake: date, counselor, method, category.
pub fn intake(received_on: &str, category: &str) -> CaseInput {
    CaseInput {
        received_on: Some(received_on.into()),
        counselor: Some("김상담".into()),
        intake_method: Some("phone".into()),
        primary_category: Some(category.into()),
        ..CaseInput::default()
    }
}

/// Path of a file shipped in the repository.
pub fn repo_file(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}
