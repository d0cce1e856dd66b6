//! The case list as a file: statistics columns only, never a name or a phone number. Rows
//! stream from one query into the sheet: an Excel file is written in rust_xlsxwriter's
//! constant-memory mode (each row goes to disk as it is written), a CSV one row at a time, so
//! a hundred thousand cases need no more memory than ten.

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::named_params;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::csv_out::CsvWriter;
use crate::domain::{
    AgeBand, Category, ClientRole, CodeList, EmploymentType, Gender, Industry, IntakeMethod,
    Nationality, Outcome, Region, UnionPresence, WorkplaceSize,
};
use crate::error::{Error, Result};
use crate::store::accounts::Permission;
use crate::Store;

/// Which cases go into the file; every part is optional.
#[derive(Debug, Clone, Default)]
pub struct CaseListExport {
    pub received_from: Option<chrono::NaiveDate>,
    pub received_to: Option<chrono::NaiveDate>,
    pub category: Option<Category>,
    pub open_only: bool,
    /// At most this many cases, oldest first.
    pub limit: Option<u64>,
}

/// How a column's cells are written: codes become their Korean labels in Excel (CSV keeps
/// the codes), dates and counts are Excel dates and numbers.
#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    Date,
    Number,
    /// A code of a code list: its label.
    Code(fn(&str) -> String),
    /// Codes joined by ';': their labels joined by ", ".
    Codes(fn(&str) -> String),
}

/// One column of the case list: its key (the CSV header), its Korean header (Excel), how its
/// cells are written, and the SQL that reads it (from `cases c` and `counselors co`).
#[derive(Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    sql: &'static str,
}

fn label<T: CodeList>(code: &str) -> String {
    T::parse(code).map_or_else(|| code.to_string(), |c| c.label().to_string())
}

const fn column(key: &'static str, label: &'static str, kind: Kind, sql: &'static str) -> Column {
    Column {
        key,
        label,
        kind,
        sql,
    }
}

/// The columns, in file order: the one list the query, the CSV and the sheet are made from.
pub const COLUMNS: [Column; 21] = [
    column("case_no", "사건번호", Kind::Text, "c.case_no"),
    column("received_on", "접수일", Kind::Date, "c.received_on"),
    column("counselor", "상담원", Kind::Text, "co.name"),
    column("intake_method", "상담방법", Kind::Code(label::<IntakeMethod>), "c.intake_method"),
    column("primary_category", "상담유형", Kind::Code(label::<Category>), "c.primary_category"),
    column(
        "secondary_categories",
        "복수 유형",
        Kind::Codes(label::<Category>),
        "(SELECT group_concat(category, ';') FROM case_categories k WHERE k.case_id = c.id)",
    ),
    column("client_role", "내담자 구분", Kind::Code(label::<ClientRole>), "c.client_role"),
    column("gender", "성별", Kind::Code(label::<Gender>), "c.gender"),
    column("age_band", "연령대", Kind::Code(label::<AgeBand>), "c.age_band"),
    column("nationality", "국적", Kind::Code(label::<Nationality>), "c.nationality"),
    column("employment_type", "고용형태", Kind::Code(label::<EmploymentType>), "c.employment_type"),
    column("workplace_size", "사업장 규모", Kind::Code(label::<WorkplaceSize>), "c.workplace_size"),
    column("industry", "업종", Kind::Code(label::<Industry>), "c.industry"),
    column("region", "지역", Kind::Code(label::<Region>), "c.region"),
    column("union_presence", "노조 유무", Kind::Code(label::<UnionPresence>), "c.union_presence"),
    column("outcome", "처리결과", Kind::Code(label::<Outcome>), "c.outcome"),
    column("closed_on", "종결일", Kind::Date, "c.closed_on"),
    // An opaque key per person (실인원), the case's own for an anonymous one: no name in it.
    column("client_key", "내담자 키", Kind::Text, "coalesce(c.client_id, c.id)"),
    column(
        "sessions",
        "상담 횟수",
        Kind::Number,
        "(SELECT count(*) FROM sessions s WHERE s.case_id = c.id AND s.deleted_at IS NULL)",
    ),
    column(
        "remedies",
        "권리구제",
        Kind::Number,
        "(SELECT count(*) FROM remedies r WHERE r.case_id = c.id AND r.deleted_at IS NULL)",
    ),
    column(
        "open_remedies",
        "진행 중 권리구제",
        Kind::Number,
        "(SELECT count(*) FROM remedies r WHERE r.case_id = c.id AND r.deleted_at IS NULL AND r.concluded_on IS NULL)",
    ),
];

/// The query of the case list: `COLUMNS`' expressions, the live cases chosen, oldest first.
fn query() -> String {
    let columns: Vec<&str> = COLUMNS.iter().map(|c| c.sql).collect();
    format!(
        "SELECT {}
         FROM cases c LEFT JOIN counselors co ON co.id = c.counselor_id
         WHERE c.deleted_at IS NULL
           AND (:from IS NULL OR c.received_on >= :from) AND (:to IS NULL OR c.received_on <= :to)
           AND (:category IS NULL OR c.primary_category = :category)
           AND (NOT :open OR c.closed_on IS NULL)
         ORDER BY c.received_on, c.case_no
         LIMIT :limit",
        columns.join(",\n                ")
    )
}

/// One cell as text: codes in CSV, Korean labels in Excel.
fn cell(column: &Column, value: Option<String>, labels: bool) -> String {
    let Some(v) = value else {
        return String::new();
    };
    match column.kind {
        Kind::Code(label) if labels => label(&v),
        Kind::Codes(label) if labels => v.split(';').map(label).collect::<Vec<_>>().join(", "),
        _ => v,
    }
}

fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

impl Store {
    /// Writes the case list to `path` (.xlsx, or CSV for anything else) and logs the export.
    /// Returns how many cases it holds. The file appears whole under its name or not at all.
    pub fn export_case_list(&self, which: &CaseListExport, path: &Path) -> Result<u64> {
        self.require(Permission::ViewCases)?;
        let xlsx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        let tmp = temp_beside(path);
        // A missing folder or a read-only one is said as such, before any row is read.
        crate::fs::create_private(&tmp).map_err(|e| Error::io(path, e))?;
        let written = if xlsx {
            self.case_list_xlsx(which, &tmp)
        } else {
            self.case_list_csv(which, &tmp)
        };
        let n = match written.and_then(|n| {
            crate::fs::retry_if_in_use(path, || std::fs::rename(&tmp, path))?;
            Ok(n)
        }) {
            Ok(n) => n,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        self.log_export(&format!("사건 목록 {n}건 {}", path.display()))?;
        Ok(n)
    }

    /// Runs the query and hands each row's cells to `row`.
    fn each_case_row(
        &self,
        which: &CaseListExport,
        labels: bool,
        mut row: impl FnMut(&[String]) -> Result<()>,
    ) -> Result<u64> {
        let mut stmt = self.conn().prepare(&query())?;
        let mut rows = stmt.query(named_params! {
            ":from": which.received_from, ":to": which.received_to,
            ":category": which.category, ":open": which.open_only,
            ":limit": which.limit.map_or(-1, |l| l as i64),
        })?;
        let mut cells = vec![String::new(); COLUMNS.len()];
        let mut n = 0;
        while let Some(r) = rows.next()? {
            for (i, c) in cells.iter_mut().enumerate() {
                let v = match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => None,
                    rusqlite::types::ValueRef::Integer(x) => Some(x.to_string()),
                    rusqlite::types::ValueRef::Real(x) => Some(x.to_string()),
                    rusqlite::types::ValueRef::Text(t) => {
                        Some(String::from_utf8_lossy(t).into_owned())
                    }
                    rusqlite::types::ValueRef::Blob(_) => None,
                };
                *c = cell(&COLUMNS[i], v, labels);
            }
            row(&cells)?;
            n += 1;
        }
        Ok(n)
    }

    fn case_list_csv(&self, which: &CaseListExport, tmp: &Path) -> Result<u64> {
        let io = |e: std::io::Error| Error::io(tmp, e);
        let file = crate::fs::create_private(tmp).map_err(io)?;
        let mut out = CsvWriter::new(std::io::BufWriter::new(file));
        out.write_row(COLUMNS.iter().map(|c| c.key)).map_err(io)?;
        let n = self.each_case_row(which, false, |cells| out.write_row(cells).map_err(io))?;
        let mut file = out.into_inner().map_err(io)?;
        file.flush().map_err(io)?;
        file.get_ref().sync_all().map_err(io)?;
        Ok(n)
    }

    fn case_list_xlsx(&self, which: &CaseListExport, tmp: &Path) -> Result<u64> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet_with_constant_memory();
        sheet.set_name("사건 목록")?;
        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (c, column) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, column.label, &bold)?;
        }
        let mut at = 1u32;
        let n = self.each_case_row(which, true, |cells| {
            for (c, v) in cells.iter().enumerate() {
                if v.is_empty() {
                    continue;
                }
                match COLUMNS[c].kind {
                    Kind::Date => sheet.write_datetime_with_format(
                        at,
                        c as u16,
                        ExcelDateTime::parse_from_str(v)?,
                        &date,
                    )?,
                    Kind::Number => {
                        sheet.write_number(at, c as u16, v.parse::<f64>().unwrap_or_default())?
                    }
                    _ => sheet.write_string(at, c as u16, v)?,
                };
            }
            at += 1;
            Ok(())
        })?;
        book.save(tmp)?;
        // Opened for writing: Windows flushes a file only through a handle that may write it.
        std::fs::OpenOptions::new()
            .write(true)
            .open(tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(tmp, e))?;
        Ok(n)
    }
}
