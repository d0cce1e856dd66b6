//! The access log as a file for the lead: an Excel sheet, or CSV (UTF-8 with a BOM, so Excel
//! opens the Korean as written; no cell can run as a formula, see `csv_out`). Which one follows
//! the file name's extension.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::csv_out::CsvWriter;
use crate::domain::CodeList;
use crate::error::{Error, Result};
use crate::store::accounts::{AccessEntry, AccessLogFilter};
use crate::Store;

const HEADERS: [&str; 7] = [
    "순번",
    "시각(UTC)",
    "사용자",
    "행위",
    "행위 코드",
    "기록 ID",
    "내용",
];

fn row(e: &AccessEntry) -> [String; 7] {
    [
        e.seq.to_string(),
        e.at.clone(),
        e.username.clone(),
        e.action.label().to_string(),
        e.action.code().to_string(),
        e.record_id.clone().unwrap_or_default(),
        e.detail.clone().unwrap_or_default(),
    ]
}

fn csv_bytes(entries: &[AccessEntry], path: &Path) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| Error::io(path, e);
    let mut w = CsvWriter::new(b"\xEF\xBB\xBF".to_vec());
    w.write_row(HEADERS).map_err(io)?;
    for e in entries {
        w.write_row(row(e)).map_err(io)?;
    }
    w.into_inner().map_err(io)
}

fn xlsx_bytes(entries: &[AccessEntry]) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("접근 기록")?;
    let bold = Format::new().set_bold();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, e) in entries.iter().enumerate() {
        for (c, v) in row(e).iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, v)?;
        }
    }
    for (c, width) in [8, 26, 14, 12, 14, 38, 50].into_iter().enumerate() {
        sheet.set_column_width(c as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(book.save_to_buffer()?)
}

impl Store {
    /// Writes the entries `filter` selects to `path` (`.xlsx`, or `.csv` for anything else)
    /// and logs the export. Center lead only. Returns how many entries were written.
    pub fn export_access_log(&self, filter: &AccessLogFilter, path: &Path) -> Result<usize> {
        let entries = self.access_log(&AccessLogFilter {
            limit: Some(filter.limit.unwrap_or(u32::MAX)),
            ..filter.clone()
        })?;
        let xlsx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        let bytes = if xlsx {
            xlsx_bytes(&entries)?
        } else {
            csv_bytes(&entries, path)?
        };
        crate::fs::write_atomically(path, &bytes)?;
        self.log_export(&format!("접근 기록 {}건 {}", entries.len(), path.display()))?;
        Ok(entries.len())
    }
}
