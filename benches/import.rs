//! `labordesk import cases` of 100,000 rows (issue: under 10 s on a release build).
//! Run: `cargo bench --bench import`.

mod common;

use std::io::Write;
use std::time::Duration;

use labordesk::{Settings, Store};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

const ROWS: usize = 100_000;

fn write_csv(path: &std::path::Path) {
    let mut rng = SmallRng::seed_from_u64(42);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(b"\xEF\xBB\xBF").unwrap();
    writeln!(out, "{}", labordesk::import::CASE_COLUMNS.join(",")).unwrap();
    let cats = [
        "임금체불",
        "부당해고 등",
        "직장내 괴롭힘",
        "노동조합",
        "4대보험",
        "산업재해",
        "기타",
    ];
    let methods = ["전화", "방문", "온라인", "메신저"];
    for i in 0..ROWS {
        let year = 2016 + (i * 9 / ROWS) as i32;
        let month = rng.random_range(1..=12);
        let day = rng.random_range(1..=28);
        let closed = rng.random_bool(0.8);
        writeln!(
            out,
            "{year}-B{seq:05},{year}-{month:02}-{day:02},상담원{c:02},{m},{cat},,{outcome},{closed_on},여,30대,내국인,정규직,5인 미만,C,관내,홍길{n},010-{p:04}-{q:04},,\"임금 {amount}만원 미지급, 퇴사 후 연락 두절\"",
            seq = i + 1,
            c = rng.random_range(1..=12),
            m = methods[rng.random_range(0..methods.len())],
            cat = cats[rng.random_range(0..cats.len())],
            outcome = if closed { "정보제공" } else { "" },
            closed_on = if closed { format!("{year}-{month:02}-{:02}", (day + 1).min(28)) } else { String::new() },
            n = rng.random_range(0..5000),
            p = rng.random_range(0..10_000),
            q = rng.random_range(0..10_000),
            amount = rng.random_range(10..900),
        )
        .unwrap();
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("cases-100k.csv");
    write_csv(&csv);
    let mut n = 0;
    let times = common::time_runs(3, || {
        n += 1;
        let db = dir.path().join(format!("import-{n}.db"));
        let mut store = Store::open(&db).unwrap();
        store
            .update_settings(&Settings {
                center_name: "bench".into(),
                device_letter: "A".into(),
            })
            .unwrap();
        let r = store.import_cases(&csv).unwrap();
        assert_eq!(r.added, ROWS);
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    });
    common::report(
        "import cases: 100,000 CSV rows into a new store",
        &times,
        Duration::from_secs(10),
    );
}
