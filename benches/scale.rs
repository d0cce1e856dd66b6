//! The daily operations at province scale (1,000,000 generated cases): a case-list page with
//! filters, a Korean substring search, and case-save latency with full durability.
//! Run: `cargo bench --bench scale`. Targets are issue 8's; this bench reports, it does not tune.

mod common;

use std::time::Duration;

use labordesk::domain::{CaseFilter, CaseStatus, Category};
use labordesk::{Settings, Store};

fn main() {
    let cases = common::bench_cases();
    let path = common::generated_store(cases);
    let store = Store::open(&path).unwrap();

    let page = |filter: &CaseFilter| store.list_cases(filter).unwrap();
    let first_page = CaseFilter {
        limit: 100,
        ..CaseFilter::default()
    };
    common::report(
        &format!("case-list page of 100, newest first, {cases} cases"),
        &common::time_runs(5, || {
            page(&first_page);
        }),
        Duration::from_millis(50),
    );
    let filtered = CaseFilter {
        category: Some(Category::Dismissal),
        status: CaseStatus::Open,
        received_from: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
        limit: 100,
        ..CaseFilter::default()
    };
    common::report(
        "case-list page of 100 with category, status and period",
        &common::time_runs(5, || {
            page(&filtered);
        }),
        Duration::from_millis(50),
    );
    for text in ["해고 통보", "민수", "한빛식당"] {
        let search = CaseFilter {
            text: Some(text.into()),
            limit: 100,
            ..CaseFilter::default()
        };
        common::report(
            &format!("search '{text}' (name, workplace, summary)"),
            &common::time_runs(5, || {
                page(&search);
            }),
            Duration::from_millis(100),
        );
    }
    drop(store);

    // Case save latency: a fresh file store, synchronous = FULL, one transaction per save.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("save.db")).unwrap();
    store
        .update_settings(&Settings {
            center_name: "벤치".into(),
            device_letter: "A".into(),
        })
        .unwrap();
    let latencies = common::save_latencies(&mut store, 300);
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize];
    println!(
        "case save (full durability)                      p50 {:>8.2} ms  p99 {:>8.2} ms  (300 saves)  target p99 ≤ 10 ms  {}",
        pct(0.5).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        if pct(0.99) <= Duration::from_millis(10) { "MET" } else { "MISSED" }
    );
}
