//! Issue 8's latency percentiles at the bench's size (BENCH_CASES): the p95 of Korean substring
//! searches over name, workplace and summary, and case save p50/p99 with full durability in a
//! copy of the generated store, so the indexes and the search index a save updates have the
//! size of the store. (`scale` reports medians, and saves into a fresh store.)
//!
//! Run: `cargo bench --bench latency -- --test --nocapture`. Cargo.toml declares no
//! `harness = false` target for this file, so it is a libtest test that `cargo bench` runs
//! only when asked with `--test`; it prints one line per measure, which `scripts/bench.sh` reads.

mod common;

use std::time::Duration;

use labordesk::domain::CaseFilter;
use labordesk::Store;

/// The three searches of `scale`, a common word, a given name and another workplace.
const QUERIES: [&str; 6] = [
    "해고 통보",
    "민수",
    "한빛식당",
    "퇴직금",
    "서연",
    "새솔물류",
];
const SEARCH_RUNS: usize = 20;
const SAVES: usize = 300;

/// The `p`-th percentile of sorted durations, nearest rank.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn print_percentiles(name: &str, sorted: &[Duration], p: f64, target: Duration) {
    let (p50, pt) = (percentile(sorted, 50.0), percentile(sorted, p));
    println!(
        "{name:<48} p50 {:>8.2} ms  p{p} {:>8.2} ms  (max {:>8.2}, {} runs)  target p{p} ≤ {:>4.0} ms  {}",
        ms(p50),
        ms(pt),
        ms(sorted[sorted.len() - 1]),
        sorted.len(),
        ms(target),
        if pt <= target { "MET" } else { "MISSED" }
    );
}

#[test]
fn search_p95_and_save_p99() {
    let cases = common::bench_cases();
    let path = common::generated_store(cases);

    let store = Store::open(&path).unwrap();
    let mut searches = Vec::new();
    for text in QUERIES {
        let filter = CaseFilter {
            text: Some(text.into()),
            limit: 100,
            ..CaseFilter::default()
        };
        let times = common::time_runs(SEARCH_RUNS, || {
            store.list_cases(&filter).unwrap();
        });
        println!(
            "  search '{text}': median {:.1} ms",
            ms(times[times.len() / 2])
        );
        searches.extend(times);
    }
    searches.sort();
    print_percentiles(
        &format!("search, {} queries, at {cases} cases", QUERIES.len()),
        &searches,
        95.0,
        Duration::from_millis(100),
    );
    drop(store);

    // Saving into the generated store itself would change the case count the other benches
    // check, so the saves go into a copy beside it (with its WAL, should one be left).
    let copy = path.with_extension("save-copy.db");
    for suffix in ["", "-wal"] {
        let from = format!("{}{suffix}", path.display());
        if std::path::Path::new(&from).exists() {
            std::fs::copy(&from, format!("{}{suffix}", copy.display())).unwrap();
        }
    }
    let mut store = Store::open(&copy).unwrap();
    let saves = common::save_latencies(&mut store, SAVES);
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
    }
    print_percentiles(
        &format!("case save (synchronous = FULL) at {cases} cases"),
        &saves,
        99.0,
        Duration::from_millis(10),
    );
}
