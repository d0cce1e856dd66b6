//! Import format v1: a center's existing case log (cases, then remedies) from CSV or XLSX.
//!
//! All or nothing: every row is checked first and every bad row is reported as
//! `row N: field: reason`; only a file without errors is written, in one transaction.
//! Importing a file again adds nothing: cases match on `case_no`, remedies on their key
//! (case_no, channel, procedure, filed_on). Two rows of one file with the same key are a row
//! error, never one proceeding silently made of two.

mod plan;
mod rows;
mod sniff;
mod table;

use std::path::Path;

use crate::domain::AccessAction;
use crate::error::{Result, RowError};
use crate::store::accounts::Permission;
use crate::store::{self, Store};
pub use table::{
    read_table, Table, MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES, MAX_UNZIPPED_BYTES,
};

use plan::*;
use rows::*;
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

/// Calls `progress(done, total)` every this many rows while writing.
const PROGRESS_EVERY: usize = 500;

impl Store {
    /// Reads and checks an import file without writing anything.
    pub fn check_import(&self, kind: ImportKind, path: &Path) -> Result<ImportCheck> {
        self.require(Permission::Import)?;
        let table = read_table(path)?;
        let today = self.clock().today();
        let conn = self.conn();
        let (rows, mut errors, would_add) = match kind {
            ImportKind::Cases => {
                let rows = rows(path, &table, &CASE_COLUMNS, &CASE_REQUIRED)?;
                let others = store::other_device_letters(conn)?;
                let (planned, errors) = plan_cases(&rows, today, &others)?;
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
        errors.splice(0..0, table.errors.iter().cloned());
        errors.sort_by_key(|e| e.row);
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
                    let others = store::other_device_letters(conn)?;
                    let (planned, errors) = plan_cases(&rows, today, &others)?;
                    fail_if_any([table.errors.clone(), errors].concat())?;
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
                    fail_if_any([table.errors.clone(), errors].concat())?;
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
