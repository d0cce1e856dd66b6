//! Import format v1: a center's existing case log (cases, then remedies) from CSV or XLSX.
//!
//! All or nothing: every row is checked first and every bad row is reported as
//! `row N: field: reason`; only a file without errors is written, in one transaction.
//! Importing a file again adds nothing: cases match on `case_no`, remedies on their key
//! (case_no, channel, procedure, filed_on). Two rows of one file with the same key are a row
//! error, never one proceeding silently made of two.

mod table;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::domain::validate::{self, parse_date};
use crate::domain::AccessAction;
use crate::domain::{CaseFields, CaseInput, RemedyChannel, RemedyFields, RemedyInput};
use crate::error::{Error, FieldError, Result, RowError};
use crate::store::accounts::Permission;
use crate::store::{self, Store};
pub use table::{read_table, Table};

/// The columns of a cases file, in the documented order. Every field a report reads has one,
/// so imported history is counted like history typed in.
pub const CASE_COLUMNS: [&str; 24] = [
    "case_no",
    "received_on",
    "counselor",
    "intake_method",
    "primary_category",
    "secondary_categories",
    "outcome",
    "closed_on",
    "gender",
    "age_band",
    "nationality",
    "employment_type",
    "workplace_size",
    "industry",
    "region",
    "client_name",
    "client_phone",
    "outreach_event",
    "summary",
    "client_role",
    "union_presence",
    "sub_type",
    "birth_year",
    "workplace_name",
];
const CASE_REQUIRED: [&str; 3] = ["case_no", "received_on", "primary_category"];

/// The columns of a remedies file, in the documented order.
pub const REMEDY_COLUMNS: [&str; 8] = [
    "case_no",
    "channel",
    "procedure",
    "filed_on",
    "concluded_on",
    "outcome",
    "amount_claimed",
    "amount_recovered",
];
const REMEDY_REQUIRED: [&str; 3] = ["case_no", "channel", "filed_on"];

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportReport {
    /// Data rows read (blank rows excluded).
    pub rows: usize,
    pub added: usize,
    /// Rows already in the store, left as they are.
    pub skipped: usize,
}

/// One row's cells by column name.
struct Row<'a> {
    number: usize,
    cells: HashMap<&'a str, &'a str>,
}

impl Row<'_> {
    fn get(&self, column: &str) -> Option<String> {
        self.cells
            .get(column)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    fn error(&self, field: &str, message: impl Into<String>) -> RowError {
        RowError {
            row: self.number,
            field: field.to_owned(),
            message: message.into(),
        }
    }

    fn year(&self, field: &str, errors: &mut Vec<RowError>) -> Option<i32> {
        let text = self.get(field)?;
        match text.trim_end_matches('년').parse::<i32>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(self.error(
                    field,
                    format!("출생연도 — '{text}'은(는) 연도(YYYY)가 아닙니다"),
                ));
                None
            }
        }
    }

    fn amount(&self, field: &str, errors: &mut Vec<RowError>) -> Option<i64> {
        let text = self.get(field)?;
        match text
            .replace([',', ' '], "")
            .trim_end_matches('원')
            .parse::<i64>()
        {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(self.error(field, format!("'{text}'은(는) 금액(원, 정수)이 아닙니다")));
                None
            }
        }
    }
}

/// Checks the header and splits the table into rows by column name, skipping blank rows.
fn rows<'a>(
    path: &Path,
    table: &'a Table,
    columns: &[&str],
    required: &[&str],
) -> Result<Vec<Row<'a>>> {
    let bad = |reason: String| Error::ImportFile {
        file: path.display().to_string(),
        reason,
    };
    let unknown: Vec<&str> = table
        .header
        .iter()
        .map(String::as_str)
        .filter(|h| !h.is_empty() && !columns.contains(h))
        .collect();
    if !unknown.is_empty() {
        return Err(bad(format!(
            "알 수 없는 열이 있습니다: {} (허용되는 열: {})",
            unknown.join(", "),
            columns.join(",")
        )));
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !table.header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(bad(format!("필수 열이 없습니다: {}", missing.join(", "))));
    }
    Ok(table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, cells)| Row {
            number: i + 1,
            cells: table
                .header
                .iter()
                .map(String::as_str)
                .zip(cells.iter().map(String::as_str))
                .collect(),
        })
        .collect())
}

fn field_errors(row: &Row<'_>, e: Error, errors: &mut Vec<RowError>) -> Result<()> {
    match e {
        Error::Invalid(fields) => {
            errors.extend(
                fields
                    .into_iter()
                    .map(|FieldError { field, message }| row.error(&field, message)),
            );
            Ok(())
        }
        other => Err(other),
    }
}

struct PlannedCase {
    case_no: String,
    fields: CaseFields,
    outreach: Option<(NaiveDate, String)>,
}

fn case_row(
    row: &Row<'_>,
    today: NaiveDate,
    errors: &mut Vec<RowError>,
) -> Result<Option<PlannedCase>> {
    let before = errors.len();
    let case_no = row.get("case_no");
    match &case_no {
        None => errors.push(row.error("case_no", "사건번호 — 필수 항목입니다")),
        Some(no) if store::parse_case_no(no).is_none() => errors.push(row.error(
            "case_no",
            format!("사건번호 — '{no}': YYYY-A0001 형식(연도-기기문자 1자-일련번호 4자리 이상)이어야 합니다"),
        )),
        Some(_) => {}
    }
    let outreach = row.get("outreach_event").and_then(|text| {
        let parsed = text
            .split_once(' ')
            .and_then(|(date, place)| Some((parse_date(date).ok()?, place.trim().to_owned())))
            .filter(|(_, place)| !place.is_empty());
        if parsed.is_none() {
            errors.push(row.error(
                "outreach_event",
                format!("찾아가는 상담 — '{text}': 'YYYY-MM-DD 장소' 형식이어야 합니다"),
            ));
        }
        parsed
    });
    let input = CaseInput {
        received_on: row.get("received_on"),
        counselor: row.get("counselor"),
        intake_method: row.get("intake_method"),
        primary_category: row.get("primary_category"),
        secondary_categories: row
            .get("secondary_categories")
            .map(|s| {
                s.split(';')
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        outcome: row.get("outcome"),
        closed_on: row.get("closed_on"),
        gender: row.get("gender"),
        age_band: row.get("age_band"),
        nationality: row.get("nationality"),
        employment_type: row.get("employment_type"),
        workplace_size: row.get("workplace_size"),
        industry: row.get("industry"),
        region: row.get("region"),
        client_name: row.get("client_name"),
        client_phone: row.get("client_phone"),
        summary: row.get("summary"),
        client_role: row.get("client_role"),
        union_presence: row.get("union_presence"),
        sub_type: row.get("sub_type"),
        client_birth_year: row.year("birth_year", errors),
        workplace_name: row.get("workplace_name"),
        ..CaseInput::default()
    };
    let fields = match validate::case_fields(&input, today) {
        Ok(f) => Some(f),
        Err(e) => {
            field_errors(row, e, errors)?;
            None
        }
    };
    Ok(match (case_no, fields) {
        (Some(case_no), Some(fields)) if errors.len() == before => Some(PlannedCase {
            case_no,
            fields,
            outreach,
        }),
        _ => None,
    })
}

fn fail_if_any(errors: Vec<RowError>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::ImportRows(errors))
    }
}

/// The two files of import format v1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Cases,
    Remedies,
}

/// What an import would do, found without writing anything: the preview a center lead checks
/// before importing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportCheck {
    pub kind: ImportKind,
    pub header: Vec<String>,
    /// The first data rows as read, for the preview.
    pub preview: Vec<Vec<String>>,
    /// Data rows read (blank rows excluded).
    pub rows: usize,
    /// Every bad row; an import writes nothing while there is one.
    pub errors: Vec<RowError>,
    pub would_add: usize,
    pub would_skip: usize,
}

/// How many rows the preview shows.
pub const PREVIEW_ROWS: usize = 10;

/// Checks every case row; duplicates within the file are errors too.
fn plan_cases(rows: &[Row<'_>], today: NaiveDate) -> Result<(Vec<PlannedCase>, Vec<RowError>)> {
    let mut errors = Vec::new();
    let mut planned = Vec::with_capacity(rows.len());
    let mut first_row: HashMap<String, usize> = HashMap::new();
    for row in rows {
        if let Some(no) = row.get("case_no") {
            if let Some(first) = first_row.insert(no.clone(), row.number) {
                errors.push(row.error(
                    "case_no",
                    format!("사건번호 — {no}: {first}행과 중복됩니다"),
                ));
                first_row.insert(no, first);
                continue;
            }
        }
        planned.extend(case_row(row, today, &mut errors)?);
    }
    Ok((planned, errors))
}

/// What a re-import matches a proceeding on: its case, channel, procedure and filing day.
type RemedyKey = (String, RemedyChannel, Option<String>, NaiveDate);

/// Remedy rows ready to write: each with the id of its case.
type PlannedRemedies = Vec<(String, RemedyFields)>;

/// Checks every remedy row; each must name a case already in the store, and no two rows may
/// share the key a re-import matches on.
fn plan_remedies(
    conn: &Connection,
    rows: &[Row<'_>],
    today: NaiveDate,
) -> Result<(PlannedRemedies, Vec<RowError>)> {
    let mut errors = Vec::new();
    let mut planned = Vec::with_capacity(rows.len());
    let mut first_row: HashMap<RemedyKey, usize> = HashMap::new();
    for row in rows {
        let before = errors.len();
        let case_id = match row.get("case_no") {
            None => {
                errors.push(row.error("case_no", "사건번호 — 필수 항목입니다"));
                None
            }
            Some(no) => {
                let id = store::live_case_id(conn, &no)?;
                if id.is_none() && store::case_no_exists(conn, &no)?.is_some() {
                    errors
                        .push(row.error("case_no", format!("사건번호 — {no}: 삭제된 사건입니다")));
                } else if id.is_none() {
                    errors.push(row.error(
                        "case_no",
                        format!(
                            "사건번호 — {no}: 등록된 사건이 없습니다 (사건 파일을 먼저 가져오세요)"
                        ),
                    ));
                }
                id
            }
        };
        let input = RemedyInput {
            channel: row.get("channel"),
            procedure: row.get("procedure"),
            filed_on: row.get("filed_on"),
            concluded_on: row.get("concluded_on"),
            outcome: row.get("outcome"),
            amount_claimed: row.amount("amount_claimed", &mut errors),
            amount_recovered: row.amount("amount_recovered", &mut errors),
            ..RemedyInput::default()
        };
        match validate::remedy_fields(&input, today) {
            Ok(fields) if errors.len() == before => {
                let case_id = case_id.expect("checked");
                let key = (
                    case_id.clone(),
                    fields.channel,
                    fields.procedure.clone(),
                    fields.filed_on,
                );
                if let Some(&first) = first_row.get(&key) {
                    errors.push(row.error(
                        "filed_on",
                        format!(
                            "권리구제 — {first}행과 사건번호·기관·절차·신청일이 같습니다 (같은 날 같은 기관에 낸 두 절차는 절차 이름으로 구별해 주세요)"
                        ),
                    ));
                    continue;
                }
                first_row.insert(key, row.number);
                planned.push((case_id, fields))
            }
            Ok(_) => {}
            Err(e) => field_errors(row, e, &mut errors)?,
        }
    }
    Ok((planned, errors))
}

/// Calls `progress(done, total)` every this many rows while writing.
const PROGRESS_EVERY: usize = 500;

impl Store {
    /// Reads and checks an import file without writing anything.
    pub fn check_import(&self, kind: ImportKind, path: &Path) -> Result<ImportCheck> {
        self.require(Permission::Import)?;
        let table = read_table(path)?;
        let today = self.clock().today();
        let conn = self.conn();
        let (rows, errors, would_add) = match kind {
            ImportKind::Cases => {
                let rows = rows(path, &table, &CASE_COLUMNS, &CASE_REQUIRED)?;
                let (planned, errors) = plan_cases(&rows, today)?;
                let mut add = 0;
                for case in &planned {
                    add += usize::from(store::case_no_exists(conn, &case.case_no)?.is_none());
                }
                (rows.len(), errors, add)
            }
            ImportKind::Remedies => {
                let rows = rows(path, &table, &REMEDY_COLUMNS, &REMEDY_REQUIRED)?;
                let (planned, errors) = plan_remedies(conn, &rows, today)?;
                let mut add = 0;
                for (case_id, fields) in &planned {
                    add += usize::from(!store::remedy_exists(conn, case_id, fields)?);
                }
                (rows.len(), errors, add)
            }
        };
        let would_skip = if errors.is_empty() {
            rows - would_add
        } else {
            0
        };
        Ok(ImportCheck {
            kind,
            header: table.header.clone(),
            preview: table.rows.iter().take(PREVIEW_ROWS).cloned().collect(),
            rows,
            would_add: if errors.is_empty() { would_add } else { 0 },
            would_skip,
            errors,
        })
    }

    /// Imports a cases file (format v1). On any bad row nothing is written and every bad row is
    /// returned in `Error::ImportRows`.
    pub fn import_cases(&mut self, path: &Path) -> Result<ImportReport> {
        self.import(ImportKind::Cases, path, &mut |_, _| {})
    }

    /// Imports a remedies file (format v1); each row's `case_no` must name a case in the store.
    pub fn import_remedies(&mut self, path: &Path) -> Result<ImportReport> {
        self.import(ImportKind::Remedies, path, &mut |_, _| {})
    }

    /// Imports a file in one transaction, all or nothing, reporting `progress(done, total)`
    /// as rows are written.
    pub fn import(
        &mut self,
        kind: ImportKind,
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportReport> {
        self.require(Permission::Import)?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let table = read_table(path)?;
        let today = self.clock().today();
        let (columns, required): (&[&str], &[&str]) = match kind {
            ImportKind::Cases => (&CASE_COLUMNS, &CASE_REQUIRED),
            ImportKind::Remedies => (&REMEDY_COLUMNS, &REMEDY_REQUIRED),
        };
        let rows = rows(path, &table, columns, required)?;
        let total = rows.len();
        let bulk = self.bulk().clone();
        // Checked inside the write lock, so what is checked is what is written.
        self.write_logged(|conn, clock, log| {
            let mut added = 0;
            match kind {
                ImportKind::Cases => {
                    let (planned, errors) = plan_cases(&rows, today)?;
                    fail_if_any(errors)?;
                    bulk.run(conn, || {
                        for (i, case) in planned.iter().enumerate() {
                            if i % PROGRESS_EVERY == 0 {
                                progress(i, total);
                            }
                            if store::case_no_exists(conn, &case.case_no)?.is_some() {
                                continue;
                            }
                            let mut fields = case.fields.clone();
                            if let Some((held_on, place)) = &case.outreach {
                                fields.outreach_event_id =
                                    Some(store::outreach_event_by_date_place(
                                        conn, clock, *held_on, place,
                                    )?);
                            }
                            store::insert_case(conn, clock, &fields, Some(&case.case_no))?;
                            store::note_case_no(conn, &case.case_no)?;
                            added += 1;
                        }
                        Ok(())
                    })?;
                }
                ImportKind::Remedies => {
                    let (planned, errors) = plan_remedies(conn, &rows, today)?;
                    // Returning the error drops the transaction: nothing of this file is written.
                    fail_if_any(errors)?;
                    for (i, (case_id, fields)) in planned.iter().enumerate() {
                        if i % PROGRESS_EVERY == 0 {
                            progress(i, total);
                        }
                        if !store::remedy_exists(conn, case_id, fields)? {
                            store::insert_remedy(conn, clock, case_id, fields)?;
                            added += 1;
                        }
                    }
                }
            }
            progress(total, total);
            log(
                AccessAction::Import,
                None,
                Some(&format!("{file_name}: {total}행 중 {added}건 추가")),
            )?;
            Ok(ImportReport {
                rows: total,
                added,
                skipped: total - added,
            })
        })
    }
}
