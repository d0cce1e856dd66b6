//! Files the center hands on: the statistics workbook (`xlsx`). Writes only what `report`
//! computed; never a number of its own. Every CSV goes through `csv_out`.

mod access_log;
mod case_list;
mod csv_out;
mod documents;
mod xlsx;

pub use case_list::{CaseListExport, COLUMNS as CASE_LIST_COLUMNS};
pub use csv_out::{neutralise, CsvWriter};
pub use documents::{render as render_document, Block, DocumentKind, DocumentPreview};

pub use xlsx::{write_workbook, WorkbookOptions, SHEET_NAMES};

/// For the shells, which write the files `export` makes.
pub use crate::fs::write_atomically;
