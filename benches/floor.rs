//! Issue 8's floor for T1+T2: one raw SQL GROUP BY (month × primary category, the cells of T2's
//! first table, whose column sums are T1's first block) over the report bench's period, on the
//! same generated database and the same SQLite build as the core, without the core around it.
//!
//! Run: `cargo bench --bench floor -- --test --nocapture` (BENCH_CASES as for the other benches).
//! Cargo.toml declares no `harness = false` target for this file, so it is a libtest test that
//! `cargo bench` runs only when asked with `--test`; it prints the same line as the other
//! benches, which `scripts/bench.sh` reads.

mod common;

use std::time::Duration;

use labordesk::report::Period;
use labordesk::Store;
use rusqlite::{named_params, Connection, OpenFlags};

/// The floor: the one query a report cannot do without.
const FLOOR: &str = "SELECT substr(received_on, 6, 2), primary_category, count(*) FROM cases
     WHERE deleted_at IS NULL AND received_on BETWEEN :start AND :as_of
     GROUP BY 1, 2";

#[test]
fn raw_group_by_floor() {
    let cases = common::bench_cases();
    let path = common::generated_store(cases);
    let period = Period::as_of(chrono::NaiveDate::from_ymd_opt(2025, 8, 31).unwrap());
    // Opened (and upgraded) once by the core, so the raw connection reads the current schema.
    let store = Store::open(&path).unwrap();
    let t1 = store.t1(period).unwrap();
    drop(store);

    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut stmt = conn.prepare(FLOOR).unwrap();
    let mut run = || -> u64 {
        let params = named_params! {":start": period.start, ":as_of": period.as_of};
        stmt.query_map(params, |r| r.get::<_, u64>(2))
            .unwrap()
            .map(Result::unwrap)
            .sum()
    };
    // The floor must count what T1 counts, or it is the floor of some other report.
    assert_eq!(
        run(),
        t1.consultations.total,
        "the GROUP BY's cells add up to T1's total of cases received in the period"
    );
    let times = common::time_runs(9, || {
        run();
    });
    common::report(
        &format!("raw SQL GROUP BY floor at {cases} cases"),
        &times,
        Duration::from_millis(100),
    );
}
