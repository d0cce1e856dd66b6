//! `labordesk cases …`: list, export, show, set, close, reopen, delete.

use chrono::NaiveDate;
use std::io::Write;

use labordesk::domain::{CaseFilter, CaseSort, CaseStatus, Category, CodeList, SortColumn};
use labordesk::{Error, Store};

use crate::args::{CaseSelection, CasesWhat};

/// A primary category given as a code (wage_arrears) or a label (임금체불).
fn parse_category(c: &str) -> labordesk::Result<Category> {
    Category::parse(c).ok_or_else(|| {
        Error::invalid(
            "category",
            format!(
                "상담유형 — '{c}'은(는) 목록에 없는 값입니다 (허용: {})",
                Category::allowed()
            ),
        )
    })
}

/// The `cases` commands; each change is one store call, validated and logged as in the app.
pub fn run_cases(store: &mut Store, what: CasesWhat) -> labordesk::Result<()> {
    use labordesk::domain::fields;
    match what {
        CasesWhat::List { which } => list_cases(store, which)?,
        CasesWhat::Export { file, which, limit } => {
            let (received_from, received_to) = which.received();
            let which = labordesk::export::CaseListExport {
                received_from,
                received_to,
                category: which.category()?,
                open_only: which.open,
                limit,
            };
            let n = store.export_case_list(&which, &file)?;
            println!("사건 {n}건을 저장했습니다: {}", file.display());
        }
        CasesWhat::Show { case_no, json } => {
            let detail = store.get_case(&store.find_case_by_no(&case_no)?)?;
            let outreach = match &detail.case.outreach_event_id {
                Some(id) => {
                    let e = store.outreach_event(id)?;
                    Some(format!("{} {}", e.held_on, e.place))
                }
                None => None,
            };
            let shown = fields::case_json(&detail, outreach);
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&shown).expect("plain JSON")
                );
            } else {
                for (field, value) in shown.as_object().expect("an object") {
                    match value {
                        serde_json::Value::Null => {}
                        serde_json::Value::String(s) => println!("{field}\t{s}"),
                        serde_json::Value::Array(items) if items.is_empty() => {}
                        other => println!("{field}\t{other}"),
                    }
                }
            }
        }
        CasesWhat::Set { case_no, changes } => {
            let id = store.find_case_by_no(&case_no)?;
            let mut input = fields::case_input(&store.get_case(&id)?.case);
            for change in &changes {
                let (field, value) = change.split_once('=').ok_or_else(|| {
                    Error::invalid(
                        "field",
                        format!(
                            "'{change}': FIELD=VALUE 형식이어야 합니다 (예: closed_on=2024-05-02)"
                        ),
                    )
                })?;
                fields::set_field(&mut input, field.trim(), value)?;
            }
            store.update_case(&id, &input)?;
            println!("사건 {case_no}을(를) 고쳤습니다: {}", changes.join(", "));
        }
        CasesWhat::Close {
            case_no,
            on,
            outcome,
        } => {
            let id = store.find_case_by_no(&case_no)?;
            let case = store.close_case(&id, &outcome, on.as_deref())?;
            println!(
                "사건 {case_no}을(를) {}에 종결했습니다 ({}).",
                case.closed_on.map(|d| d.to_string()).unwrap_or_default(),
                case.outcome.map(|o| o.label()).unwrap_or_default()
            );
        }
        CasesWhat::Reopen { case_no, on } => {
            let id = store.find_case_by_no(&case_no)?;
            store.reopen_case_on(&id, on.as_deref())?;
            println!("사건 {case_no}을(를) 다시 열었습니다.");
        }
        CasesWhat::Delete { case_no } => {
            let id = store.find_case_by_no(&case_no)?;
            store.delete_case(&id)?;
            println!("사건 {case_no}을(를) 삭제했습니다 (통계와 목록에서 빠집니다).");
        }
    }
    Ok(())
}

fn list_cases(store: &Store, which: CaseSelection) -> labordesk::Result<()> {
    let (received_from, received_to) = which.received();
    let mut filter = CaseFilter {
        received_from,
        received_to,
        category: which.category()?,
        status: if which.open {
            CaseStatus::Open
        } else {
            CaseStatus::Any
        },
        sort: CaseSort::by(SortColumn::ReceivedOn, false),
        limit: 1000,
        ..CaseFilter::default()
    };
    // A closed pipe (`| head`) ends the listing quietly.
    let mut out = std::io::stdout().lock();
    if writeln!(out, "사건번호\t접수일\t상태\t상담유형\t상담원\t내담자").is_err()
    {
        return Ok(());
    }
    loop {
        let page = store.list_cases(&filter)?;
        for c in &page.items {
            let status = if c.closed_on.is_some() {
                "종결"
            } else {
                "진행"
            };
            let line = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}",
                c.case_no,
                c.received_on,
                status,
                c.primary_category.label(),
                c.counselor.as_deref().unwrap_or("-"),
                c.client_name.as_deref().unwrap_or("(익명)")
            );
            if line.is_err() {
                return Ok(());
            }
        }
        if page.items.len() < filter.limit as usize {
            break;
        }
        filter.offset += filter.limit;
    }
    Ok(())
}

impl CaseSelection {
    /// The first and last day of the chosen year.
    fn received(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        (
            self.year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)),
            self.year.and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31)),
        )
    }

    fn category(&self) -> labordesk::Result<Option<Category>> {
        self.category.as_deref().map(parse_category).transpose()
    }
}
