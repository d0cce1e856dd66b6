//! The case-list export: 100,000 cases to .xlsx in constant-memory mode (issue 8: ≤ 3 s on a
//! release build) and to .csv. Run: `cargo bench --bench export`.

mod common;

use std::time::Duration;

use labordesk::export::CaseListExport;
use labordesk::Store;

const ROWS: u64 = 100_000;

fn main() {
    let cases = common::bench_cases();
    let store = Store::open(&common::generated_store(cases)).unwrap();
    let which = CaseListExport {
        limit: Some(ROWS),
        ..CaseListExport::default()
    };
    let rows = ROWS.min(cases as u64);
    let out = tempfile::tempdir().unwrap();
    for ext in ["xlsx", "csv"] {
        let path = out.path().join(format!("cases.{ext}"));
        let times = common::time_runs(3, || {
            assert_eq!(store.export_case_list(&which, &path).unwrap(), rows);
        });
        common::report(
            &format!("case-list export, {rows} rows, .{ext}"),
            &times,
            Duration::from_secs(3),
        );
    }
}
