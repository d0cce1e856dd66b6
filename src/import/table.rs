//! Reads an import file (CSV or XLSX) into a header and rows of text cells.
//!
//! CSV: UTF-8 with or without a BOM (Excel's "CSV UTF-8"), or CP949/EUC-KR (Excel's plain CSV on
//! a Korean Windows); quoted fields may hold commas, quotes and line breaks.
//! XLSX: the first sheet; date cells become `YYYY-MM-DD`, whole numbers lose their `.0`.

use std::path::Path;

use calamine::{Data, Reader};

use crate::error::{Error, Result};

pub struct Table {
    pub header: Vec<String>,
    /// Data rows, the first being row 1 (the header is not counted).
    pub rows: Vec<Vec<String>>,
}

fn file_error(path: &Path, reason: impl Into<String>) -> Error {
    Error::ImportFile {
        file: path.display().to_string(),
        reason: reason.into(),
    }
}

pub fn read_table(path: &Path) -> Result<Table> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") | Some("txt") => read_csv(path),
        Some("xlsx") | Some("xlsm") => read_xlsx(path),
        _ => Err(file_error(
            path,
            "CSV(.csv) 또는 엑셀(.xlsx) 파일만 가져올 수 있습니다",
        )),
    }
}

fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let (text, had_errors) = encoding_rs::EUC_KR.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(file_error(
            path,
            "문자 인코딩을 알 수 없습니다 (UTF-8 또는 CP949로 저장해 주세요)",
        ));
    }
    Ok(text.into_owned())
}

fn read_csv(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = decode(path, &bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h.iter().map(|s| s.trim().to_owned()).collect(),
        Some(Err(e)) => {
            return Err(file_error(
                path,
                format!("머리글 행을 읽을 수 없습니다: {e}"),
            ))
        }
        None => return Err(file_error(path, "빈 파일입니다")),
    };
    let mut rows = Vec::new();
    for (i, record) in records.enumerate() {
        let record = record.map_err(|e| {
            file_error(
                path,
                format!("{}번째 데이터 행을 읽을 수 없습니다: {e}", i + 1),
            )
        })?;
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(Table { header, rows })
}

fn read_xlsx(path: &Path) -> Result<Table> {
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| file_error(path, format!("엑셀 파일을 열 수 없습니다: {e}")))?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| file_error(path, "시트가 없습니다"))?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| file_error(path, format!("시트 '{sheet}'를 읽을 수 없습니다: {e}")))?;
    let mut rows = range
        .rows()
        .map(|r| r.iter().map(cell_text).collect::<Vec<_>>());
    let header = rows
        .next()
        .ok_or_else(|| file_error(path, "빈 시트입니다"))?
        .into_iter()
        .map(|h| h.trim().to_owned())
        .collect();
    Ok(Table {
        header,
        rows: rows.collect(),
    })
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => {
                t.date().format("%Y-%m-%d").to_string()
            }
            Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => dt.to_string(),
        },
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}
