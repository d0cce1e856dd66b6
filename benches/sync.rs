//! `labordesk sync import` of a transfer file with 10,000 changed cases (issue: under 2 s on a
//! release build). Run: `cargo bench --bench sync`.

mod common;

use std::time::Duration;

use labordesk::{Settings, Store};

const CASES: usize = 10_000;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let center = dir.path().join("center.db");
    let mut a = Store::open(&center).unwrap();
    a.update_settings(&Settings {
        center_name: "벤치 센터".into(),
        device_letter: "A".into(),
    })
    .unwrap();
    let (enrollment, code) = a.sync_enrollment("B").unwrap();
    drop(a);
    let mut booth = Store::open(&dir.path().join("booth.db")).unwrap();
    booth.sync_enroll(&enrollment, code.as_str()).unwrap();
    labordesk::gen::generate(&mut booth, CASES, 1).unwrap();
    let (file, summary) = booth.sync_export_bytes(false).unwrap();
    assert_eq!(summary.cases as usize, CASES);
    println!(
        "transfer file: {} cases, {} records, {:.1} MB",
        summary.cases,
        summary.records,
        file.len() as f64 / 1e6
    );

    let mut n = 0;
    let times = common::time_runs(3, || {
        n += 1;
        let copy = dir.path().join(format!("center-{n}.db"));
        std::fs::copy(&center, &copy).unwrap();
        let mut s = Store::open(&copy).unwrap();
        let r = s.sync_import_bytes(&file, "bench").unwrap();
        assert_eq!(r.new_cases as usize, CASES);
    });
    common::report(
        "sync import: 10,000 new cases into the center",
        &times,
        Duration::from_secs(2),
    );

    let merged = dir.path().join("center-1.db");
    let mut s = Store::open(&merged).unwrap();
    let times = common::time_runs(3, || {
        let r = s.sync_import_bytes(&file, "bench").unwrap();
        assert_eq!(r.new_cases, 0);
    });
    common::report(
        "sync import: the same 10,000 cases again",
        &times,
        Duration::from_secs(2),
    );
    let times = common::time_runs(3, || {
        booth.sync_export_bytes(true).unwrap();
    });
    common::report("sync export: 10,000 cases", &times, Duration::from_secs(2));
}
