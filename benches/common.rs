//! Shared by the benches: timing with medians, and generated data kept between runs.
#![allow(dead_code)] // each bench uses part of these helpers

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Runs `f` `runs` times after one warm-up and returns the sorted durations.
pub fn time_runs(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}

/// Prints one measure against its target; returns whether the median met it.
pub fn report(name: &str, times: &[Duration], target: Duration) -> bool {
    let median = times[times.len() / 2];
    let ok = median <= target;
    println!(
        "{name:<48} median {:>8.1} ms  (min {:>8.1}, max {:>8.1}, {} runs)  target ≤ {:>7.0} ms  {}",
        ms(median),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len(),
        ms(target),
        if ok { "MET" } else { "MISSED" }
    );
    ok
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A folder under target/ for generated data that is expensive to make and safe to reuse.
pub fn data_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A database of `cases` generated cases (seed 1), made once and kept under target/bench-data.
pub fn generated_store(cases: usize) -> PathBuf {
    let path = data_dir().join(format!("gen-{cases}-seed1.db"));
    if !path.exists() {
        eprintln!("generating {cases} cases into {} (once)…", path.display());
        let tmp = path.with_extension("partial");
        let _ = std::fs::remove_file(&tmp);
        let mut store = labordesk::Store::open(&tmp).unwrap();
        store
            .update_settings(&labordesk::Settings {
                center_name: "벤치 센터".into(),
                device_letter: "G".into(),
            })
            .unwrap();
        labordesk::gen::generate(&mut store, cases, 1).unwrap();
        drop(store);
        std::fs::rename(&tmp, &path).unwrap();
    }
    path
}

/// The number of cases to generate: BENCH_CASES, else a million.
pub fn bench_cases() -> usize {
    std::env::var("BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// `saves` case saves into `store` (full durability), after one unmeasured save: each save's
/// time, sorted.
pub fn save_latencies(store: &mut labordesk::Store, saves: usize) -> Vec<Duration> {
    let input = labordesk::CaseInput {
        received_on: Some("2025-03-04".into()),
        counselor: Some("상담원01".into()),
        intake_method: Some("phone".into()),
        primary_category: Some("wage_arrears".into()),
        client_name: Some("홍길순".into()),
        summary: Some("3개월분 임금 미지급".into()),
        ..labordesk::CaseInput::default()
    };
    store.create_case(&input).unwrap();
    let mut times: Vec<Duration> = (0..saves)
        .map(|_| {
            let start = Instant::now();
            store.create_case(&input).unwrap();
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}
