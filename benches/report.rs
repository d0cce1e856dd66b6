//! Every report table and the full workbook over 1,000,000 generated cases
//! (issue: under 2 s on a release build). Run: `cargo bench --bench report`.
//! The generated database is kept under target/bench-data/ between runs.

mod common;

use std::time::Duration;

use labordesk::export::{write_workbook, WorkbookOptions};
use labordesk::report::Period;
use labordesk::Store;

fn main() {
    let cases = common::bench_cases();
    let path = common::generated_store(cases);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.count_cases().unwrap() as usize, cases);
    let period = Period::as_of(chrono::NaiveDate::from_ymd_opt(2025, 8, 31).unwrap());
    let out = tempfile::tempdir().unwrap();
    let xlsx = out.path().join("통계.xlsx");

    let t1 = common::time_runs(5, || {
        store.t1(period).unwrap();
        store.t2(period).unwrap();
    });
    common::report(
        &format!("T1+T2 at {cases} cases"),
        &t1,
        Duration::from_millis(2000),
    );
    let all = common::time_runs(5, || {
        let report = store.report(period).unwrap();
        write_workbook(&store, &report, &xlsx, &WorkbookOptions::default()).unwrap();
    });
    let met = common::report(
        &format!("all tables + workbook at {cases} cases"),
        &all,
        Duration::from_millis(2000),
    );
    if !met {
        std::process::exit(1);
    }
}
