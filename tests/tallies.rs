//! The report tallies (schema 6): kept by triggers through every kind of edit, equal to a plain
//! count of the rows, and checked and rebuilt by `check_tallies`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};
use labordesk::domain::{Category, CodeList, SessionInput};
use labordesk::report::{MonthlyTable, Period, Report};
use labordesk::store::accounts::AccessLogFilter;
use labordesk::CaseInput;
use proptest::prelude::*;

use crate::common::*;

const METHODS: [&str; 3] = ["phone", "visit", "online"];
const OUTCOMES: [&str; 3] = ["info", "mediation", "referral"];
const GENDERS: [&str; 3] = ["male", "female", "unknown"];
/// Four people (the same name and phone is the same client), or nobody named.
const CLIENTS: [(&str, &str); 4] = [
    ("김민수", "010-1111-2222"),
    ("이영희", "010-3333-4444"),
    ("박철수", "010-5555-6666"),
    ("최지은", "010-7777-8888"),
];

fn base() -> NaiveDate {
    d(2023, 1, 1)
}

#[derive(Debug, Clone)]
enum Op {
    Create {
        day: i64,
        category: usize,
        method: usize,
        client: Option<usize>,
        gender: usize,
        secondary: Vec<usize>,
    },
    Edit {
        case: usize,
        day: i64,
        category: usize,
        client: Option<usize>,
        secondary: Vec<usize>,
    },
    Close {
        case: usize,
        after: i64,
        outcome: usize,
    },
    Reopen {
        case: usize,
    },
    Delete {
        case: usize,
    },
    Session {
        case: usize,
        after: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let client = proptest::option::weighted(0.7, 0usize..4);
    let secondary = proptest::collection::vec(0usize..7, 0..3);
    prop_oneof![
        4 => (0i64..680, 0usize..7, 0usize..3, client.clone(), 0usize..3, secondary.clone()).prop_map(
            |(day, category, method, client, gender, secondary)| Op::Create { day, category, method, client, gender, secondary }
        ),
        2 => (any::<usize>(), 0i64..680, 0usize..7, client, secondary).prop_map(
            |(case, day, category, client, secondary)| Op::Edit { case, day, category, client, secondary }
        ),
        2 => (any::<usize>(), 0i64..60, 0usize..3).prop_map(|(case, after, outcome)| Op::Close { case, after, outcome }),
        1 => any::<usize>().prop_map(|case| Op::Reopen { case }),
        1 => any::<usize>().prop_map(|case| Op::Delete { case }),
        2 => (any::<usize>(), 0i64..40).prop_map(|(case, after)| Op::Session { case, after }),
    ]
}

fn client_fields(input: &mut CaseInput, client: Option<usize>) {
    let (name, phone) = client.map(|c| CLIENTS[c]).unzip();
    input.client_name = name.map(Into::into);
    input.client_phone = phone.map(Into::into);
}

/// Applies the operations through the public API. An operation the store refuses (a closing
/// day before the day received, a deleted case) is simply not applied.
fn apply(s: &mut labordesk::Store, ops: &[Op]) {
    let mut cases: Vec<(String, CaseInput)> = Vec::new();
    let pick =
        |cases: &Vec<(String, CaseInput)>, i: usize| (!cases.is_empty()).then(|| i % cases.len());
    for op in ops {
        match op {
            Op::Create {
                day,
                category,
                method,
                client,
                gender,
                secondary,
            } => {
                let mut input = intake(
                    &(base() + Duration::days(*day)).to_string(),
                    Category::ALL[*category].code(),
                );
                input.intake_method = Some(METHODS[*method].into());
                input.gender = Some(GENDERS[*gender].into());
                input.secondary_categories = secondary
                    .iter()
                    .map(|c| Category::ALL[*c].code().to_string())
                    .collect();
                client_fields(&mut input, *client);
                let case = s.create_case(&input).unwrap();
                cases.push((case.id, input));
            }
            Op::Edit {
                case,
                day,
                category,
                client,
                secondary,
            } => {
                let Some(i) = pick(&cases, *case) else {
                    continue;
                };
                let mut input = cases[i].1.clone();
                input.received_on = Some((base() + Duration::days(*day)).to_string());
                input.primary_category = Some(Category::ALL[*category].code().into());
                input.secondary_categories = secondary
                    .iter()
                    .map(|c| Category::ALL[*c].code().to_string())
                    .collect();
                client_fields(&mut input, *client);
                if s.update_case(&cases[i].0, &input).is_ok() {
                    cases[i].1 = input;
                }
            }
            Op::Close {
                case,
                after,
                outcome,
            } => {
                let Some(i) = pick(&cases, *case) else {
                    continue;
                };
                let received: NaiveDate =
                    cases[i].1.received_on.as_deref().unwrap().parse().unwrap();
                let closed = (received + Duration::days(*after)).to_string();
                if s.close_case(&cases[i].0, OUTCOMES[*outcome], Some(&closed))
                    .is_ok()
                {
                    cases[i].1.outcome = Some(OUTCOMES[*outcome].into());
                    cases[i].1.closed_on = Some(closed);
                }
            }
            Op::Reopen { case } => {
                let Some(i) = pick(&cases, *case) else {
                    continue;
                };
                if s.reopen_case(&cases[i].0).is_ok() {
                    cases[i].1.outcome = None;
                    cases[i].1.closed_on = None;
                }
            }
            Op::Delete { case } => {
                let Some(i) = pick(&cases, *case) else {
                    continue;
                };
                let _ = s.delete_case(&cases[i].0);
            }
            Op::Session { case, after } => {
                let Some(i) = pick(&cases, *case) else {
                    continue;
                };
                let received: NaiveDate =
                    cases[i].1.received_on.as_deref().unwrap().parse().unwrap();
                let _ = s.add_session(
                    &cases[i].0,
                    &SessionInput {
                        held_on: Some((received + Duration::days(*after)).to_string()),
                        method: Some("phone".into()),
                        ..SessionInput::default()
                    },
                );
            }
        }
    }
}

/// A live case as the oracle sees it: read straight from the file, counted in Rust.
struct Row {
    received: NaiveDate,
    category: String,
    method: String,
    /// The client, or the case itself for a case without one.
    person: String,
    outcome: Option<String>,
    closed: Option<NaiveDate>,
    /// Earlier closings ended by a reopening: (closed, outcome, reopened).
    closings: Vec<(NaiveDate, Option<String>, NaiveDate)>,
    gender: String,
}

struct Rows {
    cases: Vec<Row>,
    sessions: Vec<NaiveDate>,
    /// (day received, category) of every secondary category of a live case.
    secondary: Vec<(NaiveDate, String)>,
}

fn read_rows(path: &Path) -> Rows {
    let conn = rusqlite::Connection::open(path).unwrap();
    let date = |t: String| -> NaiveDate { t.parse().unwrap() };
    let cases = conn
        .prepare(
            "SELECT received_on, primary_category, intake_method, coalesce(client_id, 'case ' || id),
                    outcome, closed_on, gender, closings FROM cases WHERE deleted_at IS NULL",
        )
        .unwrap()
        .query_map([], |r| {
            Ok(Row {
                received: date(r.get(0)?),
                category: r.get(1)?,
                method: r.get(2)?,
                person: r.get(3)?,
                outcome: r.get(4)?,
                closed: r.get::<_, Option<String>>(5)?.map(date),
                gender: r.get(6)?,
                closings: serde_json::from_str::<Vec<serde_json::Value>>(&r.get::<_, String>(7)?)
                    .unwrap()
                    .iter()
                    .map(|c| {
                        let day = |k: &str| date(c[k].as_str().unwrap().to_string());
                        (day("closed_on"), c["outcome"].as_str().map(String::from), day("reopened_on"))
                    })
                    .collect(),
            })
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let sessions = conn
        .prepare("SELECT held_on FROM sessions WHERE deleted_at IS NULL")
        .unwrap()
        .query_map([], |r| Ok(date(r.get(0)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let secondary = conn
        .prepare(
            "SELECT c.received_on, cc.category FROM case_categories cc JOIN cases c ON c.id = cc.case_id
             WHERE c.deleted_at IS NULL",
        )
        .unwrap()
        .query_map([], |r| Ok((date(r.get(0)?), r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    Rows {
        cases,
        sessions,
        secondary,
    }
}

fn within(day: NaiveDate, p: Period) -> bool {
    day >= p.start && day <= p.as_of
}

/// Per key, the count of each month of `p` and over the period.
fn by_month<'a>(
    items: impl Iterator<Item = (NaiveDate, String)> + 'a,
) -> HashMap<String, [u64; 12]> {
    let mut out: HashMap<String, [u64; 12]> = HashMap::new();
    for (day, key) in items {
        out.entry(key).or_insert([0; 12])[day.month0() as usize] += 1;
    }
    out
}

/// Checks a monthly table against the oracle's counts for the period and a year earlier.
fn check_table(
    table: &MonthlyTable,
    current: &HashMap<String, [u64; 12]>,
    previous: &HashMap<String, [u64; 12]>,
    shown: usize,
) -> Result<(), TestCaseError> {
    for row in &table.rows {
        let months = current.get(&row.key).copied().unwrap_or([0; 12]);
        for (m, &n) in months.iter().enumerate() {
            let expected = (m < shown).then_some(n);
            prop_assert_eq!(
                row.months[m],
                expected,
                "{} {}: month {}",
                table.title,
                row.key,
                m + 1
            );
        }
        let prev: u64 = previous.get(&row.key).map(|m| m.iter().sum()).unwrap_or(0);
        prop_assert_eq!(
            row.previous_year,
            prev,
            "{} {}: 전년 동기",
            table.title,
            row.key
        );
    }
    Ok(())
}

fn check_report(report: &Report, rows: &Rows, period: Period) -> Result<(), TestCaseError> {
    let prev = period.year_before();
    let shown = period.as_of.month() as usize;
    let cases_in = |p: Period| rows.cases.iter().filter(move |c| within(c.received, p));
    let category = |p| by_month(cases_in(p).map(|c| (c.received, c.category.clone())));
    let method = |p| by_month(cases_in(p).map(|c| (c.received, c.method.clone())));
    // An outcome counts only while the case is closed on the as-of date: by its current
    // closing, or by an earlier one that a later reopening ended.
    let outcome = |p: Period| {
        by_month(cases_in(p).map(|c| {
            let earlier = c
                .closings
                .iter()
                .find(|(closed, _, reopened)| *closed <= p.as_of && p.as_of < *reopened)
                .and_then(|(_, outcome, _)| outcome.clone());
            let key = match (&c.outcome, c.closed, earlier) {
                (Some(o), Some(closed), _) if closed <= p.as_of => o.clone(),
                (_, _, Some(o)) => o,
                _ => "none".to_string(),
            };
            (c.received, key)
        }))
    };
    check_table(
        &report.t2.by_category,
        &category(period),
        &category(prev),
        shown,
    )?;
    check_table(
        &report.t2.by_intake_method,
        &method(period),
        &method(prev),
        shown,
    )?;
    check_table(
        &report.t2.by_outcome,
        &outcome(period),
        &outcome(prev),
        shown,
    )?;

    let t1 = report.t1.consultations;
    prop_assert_eq!(t1.total, cases_in(period).count() as u64, "T1 합계");
    prop_assert_eq!(
        t1.wage_arrears,
        cases_in(period)
            .filter(|c| c.category == "wage_arrears")
            .count() as u64
    );

    let units = &report.t2.units.rows;
    let persons = |p: Period| cases_in(p).map(|c| &c.person).collect::<HashSet<_>>().len() as u64;
    let mut persons_by_month = [0u64; 12];
    for (m, slot) in persons_by_month.iter_mut().enumerate() {
        *slot = cases_in(period)
            .filter(|c| c.received.month0() as usize == m)
            .map(|c| &c.person)
            .collect::<HashSet<_>>()
            .len() as u64;
    }
    let persons_row = units.iter().find(|r| r.key == "persons").unwrap();
    for (m, &n) in persons_by_month.iter().enumerate().take(shown) {
        prop_assert_eq!(persons_row.months[m], Some(n), "실인원 month {}", m + 1);
    }
    prop_assert_eq!(persons_row.cumulative, persons(period), "실인원 누계");
    prop_assert_eq!(persons_row.previous_year, persons(prev), "실인원 전년 동기");
    let sessions = |p: Period| {
        by_month(
            rows.sessions
                .iter()
                .filter(|d| within(**d, p))
                .map(|d| (*d, "sessions".to_string())),
        )
    };
    let sessions_row = units.iter().find(|r| r.key == "sessions").unwrap();
    let held = sessions(period).remove("sessions").unwrap_or([0; 12]);
    for (m, &n) in held.iter().enumerate().take(shown) {
        prop_assert_eq!(sessions_row.months[m], Some(n), "상담 횟수 month {}", m + 1);
    }
    prop_assert_eq!(
        sessions_row.previous_year,
        sessions(prev)
            .remove("sessions")
            .map(|m| m.iter().sum())
            .unwrap_or(0),
        "상담 횟수 전년 동기"
    );

    let gender = report.t3.blocks.iter().find(|b| b.key == "gender").unwrap();
    for row in &gender.rows {
        prop_assert_eq!(
            row.count,
            cases_in(period).filter(|c| c.gender == row.key).count() as u64,
            "T3 {}",
            row.key
        );
    }
    for row in &report.t5.rows {
        let primary = cases_in(period).filter(|c| c.category == row.key).count() as u64;
        let secondary = rows
            .secondary
            .iter()
            .filter(|(day, cat)| within(*day, period) && *cat == row.key)
            .count() as u64;
        prop_assert_eq!(row.primary, primary, "T5 {}", row.key);
        prop_assert_eq!(
            row.with_secondary,
            primary + secondary,
            "T5 복수 {}",
            row.key
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random intakes, edits (day, category, client, secondary categories), closings,
    /// reopenings, deletions and sessions; then reports as of days in both years, each checked
    /// against a count of the live rows done here in Rust, and the tallies against their views.
    #[test]
    fn reports_from_the_tallies_equal_a_plain_count_after_any_edits(
        ops in proptest::collection::vec(op(), 1..60),
        as_of in proptest::collection::vec(0i64..800, 3),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, path) = file_store(&dir);
        apply(&mut s, &ops);
        let check = s.check_tallies(false).unwrap();
        prop_assert!(check.agree(), "tallies differ from their definition: {:?}", check.differing);
        let rows = read_rows(&path);
        for offset in as_of {
            let period = Period::as_of(base() + Duration::days(offset));
            check_report(&s.report(period).unwrap(), &rows, period)?;
        }
    }
}

#[test]
fn a_tally_edited_behind_the_stores_back_is_found_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    let mut input = intake("2024-03-04", "wage_arrears");
    client_fields(&mut input, Some(0));
    let case = s.create_case(&input).unwrap();
    s.create_case(&intake("2024-03-05", "dismissal")).unwrap();
    let period = Period::as_of(d(2024, 3, 31));
    let before = s.report(period).unwrap();
    assert!(s.check_tallies(false).unwrap().agree());

    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE case_tally SET n = n + 5 WHERE dim = 'category' AND value = 'dismissal';
         DELETE FROM client_periods;",
    )
    .unwrap();
    drop(conn);
    let check = s.check_tallies(false).unwrap();
    let tables: Vec<&str> = check.differing.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(tables, ["case_tally", "client_periods", "person_tally"]);
    assert!(!check.repaired);
    assert_ne!(
        s.report(period).unwrap().t1,
        before.t1,
        "the report reads the tallies"
    );

    let check = s.check_tallies(true).unwrap();
    assert!(check.repaired);
    assert!(s.check_tallies(false).unwrap().agree());
    assert_eq!(s.report(period).unwrap(), before);
    let log = s.access_log(&AccessLogFilter::default()).unwrap();
    assert!(
        log.iter().any(|e| e
            .detail
            .as_deref()
            .is_some_and(|d| d.starts_with("집계표 재작성: case_tally"))),
        "the rebuild is in the access log"
    );

    // A count already wrong never blocks an edit: the client's periods follow their cases.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE client_periods SET cases = cases + 1", [])
        .unwrap();
    drop(conn);
    s.delete_case(&case.id).unwrap();
    assert_eq!(
        s.check_tallies(false).unwrap().differing,
        [],
        "the client's periods went with the case"
    );
}

#[test]
fn an_import_indexes_its_cases_for_search_and_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = file_store(&dir);
    // The same person as the import's first row, received later: the import moves their first
    // day of the month and of the year earlier.
    let mut earlier = intake("2024-03-10", "other");
    client_fields(&mut earlier, Some(0));
    s.create_case(&earlier).unwrap();
    let csv = dir.path().join("cases.csv");
    let row = |fields: &[(&str, &str)]| {
        let cells: Vec<&str> = labordesk::import::CASE_COLUMNS
            .iter()
            .map(|col| {
                fields
                    .iter()
                    .find(|(c, _)| c == col)
                    .map_or("", |(_, v)| *v)
            })
            .collect();
        cells.join(",")
    };
    let common = [("counselor", "상담원01"), ("intake_method", "전화")];
    let text = [
        labordesk::import::CASE_COLUMNS.join(","),
        row(&[
            &common[..],
            &[
                ("case_no", "2024-B0001"),
                ("received_on", "2024-03-04"),
                ("primary_category", "임금체불"),
                ("client_name", CLIENTS[0].0),
                ("client_phone", CLIENTS[0].1),
                ("summary", "체불 임금 상담"),
            ],
        ]
        .concat()),
        row(&[
            &common[..],
            &[
                ("case_no", "2024-B0002"),
                ("received_on", "2024-03-05"),
                ("primary_category", "기타"),
                ("summary", "퇴직금 문의"),
            ],
        ]
        .concat()),
    ];
    std::fs::write(&csv, text.join("\n") + "\n").unwrap();
    assert_eq!(s.import_cases(&csv).unwrap().added, 2);
    let found = |text: &str| {
        s.list_cases(&labordesk::domain::CaseFilter {
            text: Some(text.into()),
            ..Default::default()
        })
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.case_no)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        found("민수"),
        ["2024-A0001", "2024-B0001"],
        "newest received first"
    );
    assert_eq!(found("퇴직금"), ["2024-B0002"]);
    assert_eq!(found("B000").len(), 2);
    assert!(s.check_tallies(false).unwrap().agree());
    let report = s.report(Period::as_of(d(2024, 3, 31))).unwrap();
    assert_eq!(report.t1.consultations.total, 3);
    let unit = |key: &str| {
        report
            .t2
            .units
            .rows
            .iter()
            .find(|r| r.key == key)
            .unwrap()
            .months[2]
    };
    assert_eq!(
        unit("persons"),
        Some(2),
        "one client twice, and a case without a client"
    );
    assert_eq!(unit("sessions"), Some(3), "each case's intake session");
}
