//! Reads an import file (CSV or XLSX) into a header and rows of text cells, within limits
//! checked before anything large is allocated: a hostile file is refused, never read whole.
//!
//! CSV: UTF-8 with or without a BOM (Excel's "CSV UTF-8"), or CP949/EUC-KR (Excel's plain CSV on
//! a Korean Windows); quoted fields may hold commas, quotes and line breaks. The reader is
//! strict where a lenient one loses data silently: an unbalanced quote, a stray quote inside an
//! unquoted value, or a row with more or fewer cells than the header is a row error.
//! XLSX: the first sheet, read cell by cell (never as a dense grid sized by its farthest cell);
//! date cells become `YYYY-MM-DD`, whole numbers lose their `.0`.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::sniff::{self, Kind};
use crate::domain::validate::{excerpt, MAX_TEXT_CHARS};
use crate::error::{Error, Result, RowError};

/// The largest import file, in bytes (a center's whole history is a few tens of MB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// The most data rows one file may hold.
pub const MAX_ROWS: usize = 1_000_000;
/// The most columns: the formats have 24 and 8; room for a few notes columns beside them.
pub const MAX_COLUMNS: usize = 64;
/// The most non-empty cells one file may hold (a million rows of the 24 case columns).
pub const MAX_CELLS: usize = 24_000_000;
/// The longest cell, in characters: the longest text a field may hold.
pub const MAX_CELL_CHARS: usize = MAX_TEXT_CHARS;
/// The most bytes an XLSX file may unpack to, by the sizes its zip directory declares.
pub const MAX_UNZIPPED_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// The most bytes an XLSX file's shared strings may unpack to: they are held in memory whole.
pub const MAX_SHARED_STRINGS_BYTES: u64 = MAX_FILE_BYTES;

/// Why a file wrapped by a document-security product is refused: the counselor must have it
/// released (복호화) by the product first.
const DRM_PROTECTED: &str =
    "문서 보안(DRM)으로 암호화된 파일입니다 — DRM을 해제한 뒤 다시 가져오세요";
const PASSWORD_PROTECTED: &str =
    "암호가 걸린 Office 파일입니다 — Excel에서 암호를 해제하고 저장한 뒤 다시 가져오세요";
const LEGACY_WORKBOOK: &str =
    "옛 엑셀 형식(.xls)의 파일입니다 — Excel에서 'Excel 통합 문서(.xlsx)'로 저장한 뒤 다시 가져오세요";

pub struct Table {
    pub header: Vec<String>,
    /// Data rows, the first being row 1 (the header is not counted).
    pub rows: Vec<Vec<String>>,
    /// Rows the reader could not take as they are (an unbalanced quote, a wrong cell count, an
    /// over-long cell): an import writes nothing while there is one.
    pub errors: Vec<RowError>,
}

fn file_error(path: &Path, reason: impl Into<String>) -> Error {
    Error::ImportFile {
        file: path.display().to_string(),
        reason: reason.into(),
    }
}

/// A parser's error, quoted in part: calamine's XML errors quote the document around the
/// mistake, which in a hostile file can be kilobytes of anything.
fn detail(e: impl std::fmt::Display) -> String {
    excerpt(&e.to_string())
}

pub fn read_table(path: &Path) -> Result<Table> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let read = match ext.as_deref() {
        Some("csv") | Some("txt") => read_csv,
        Some("xlsx") | Some("xlsm") => read_xlsx,
        _ => {
            return Err(file_error(
                path,
                "CSV(.csv) 또는 엑셀(.xlsx) 파일만 가져올 수 있습니다",
            ))
        }
    };
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(file_error(
            path,
            format!(
                "파일이 너무 큽니다 ({} MB, 최대 {} MB). 파일을 나누어 가져오세요",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    match crate::fs::retry_if_in_use(path, || File::open(path).and_then(sniff::kind_of))? {
        Kind::Drm => return Err(file_error(path, DRM_PROTECTED)),
        Kind::PasswordProtected => return Err(file_error(path, PASSWORD_PROTECTED)),
        Kind::LegacyWorkbook => return Err(file_error(path, LEGACY_WORKBOOK)),
        Kind::Zip | Kind::Other => {}
    }
    let mut table = read(path)?;
    table.check_cells();
    Ok(table)
}

impl Table {
    /// Row errors for cells too long to be any field; the value is quoted only in part.
    fn check_cells(&mut self) {
        for (i, row) in self.rows.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                let chars = cell.chars().count();
                if chars > MAX_CELL_CHARS {
                    self.errors.push(RowError {
                        row: i + 1,
                        field: self.column_name(j),
                        message: format!(
                            "값이 너무 깁니다 ({chars}자, 최대 {MAX_CELL_CHARS}자): '{}'",
                            excerpt(cell)
                        ),
                    });
                }
            }
        }
        self.errors.sort_by_key(|e| e.row);
    }

    fn column_name(&self, index: usize) -> String {
        match self.header.get(index) {
            Some(name) if !name.is_empty() => name.clone(),
            _ => format!("{}번째 열", index + 1),
        }
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

/// A quoting mistake found by `check_quotes`: the record it starts in (0 is the header).
struct QuoteProblem {
    record: usize,
    message: &'static str,
}

/// Walks the text as RFC 4180 reads it and finds the first quoting mistake. The csv crate
/// accepts these silently: an unterminated quote makes the rest of the file one cell, and a
/// stray quote is kept as text, so the row is read as something other than what was written.
fn check_quotes(text: &str) -> Option<QuoteProblem> {
    #[derive(PartialEq)]
    enum State {
        RecordStart,
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::RecordStart;
    let mut record = 0;
    let mut opened_in = 0;
    for ch in text.chars() {
        state = match (state, ch) {
            // Blank lines are no records (the csv crate skips them too).
            (State::RecordStart, '\n' | '\r') => State::RecordStart,
            (State::RecordStart | State::FieldStart, '"') => {
                opened_in = record;
                State::Quoted
            }
            (State::RecordStart | State::FieldStart | State::Unquoted, ',') => State::FieldStart,
            (
                State::FieldStart | State::Unquoted | State::QuoteInQuoted,
                '\n',
            ) => {
                record += 1;
                State::RecordStart
            }
            (State::Unquoted, '"') => {
                return Some(QuoteProblem {
                    record,
                    message: "따옴표(\")가 값 중간에 있습니다 — 따옴표가 든 값은 전체를 따옴표로 감싸고 안의 따옴표는 두 번(\"\") 써 주세요",
                })
            }
            (State::RecordStart | State::FieldStart | State::Unquoted, _) => State::Unquoted,
            (State::Quoted, '"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, '"') => State::Quoted,
            (State::QuoteInQuoted, ',') => State::FieldStart,
            (State::QuoteInQuoted, '\r') => State::QuoteInQuoted,
            (State::QuoteInQuoted, _) => {
                return Some(QuoteProblem {
                    record,
                    message: "닫는 따옴표(\") 뒤에 쉼표나 줄바꿈이 아닌 문자가 있습니다",
                })
            }
        };
    }
    (state == State::Quoted).then_some(QuoteProblem {
        record: opened_in,
        message: "따옴표(\")가 닫히지 않았습니다 — 이 행부터 파일 끝까지가 한 칸으로 읽힙니다",
    })
}

fn read_csv(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = decode(path, &bytes)?;
    drop(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|s| s.trim().to_owned()).collect(),
        Some(Err(e)) => {
            return Err(file_error(
                path,
                format!("머리글 행을 읽을 수 없습니다: {}", detail(e)),
            ))
        }
        None => return Err(file_error(path, "빈 파일입니다")),
    };
    check_width(path, header.len())?;
    let mut errors = Vec::new();
    if let Some(problem) = check_quotes(&text) {
        if problem.record == 0 {
            return Err(file_error(path, format!("머리글 행: {}", problem.message)));
        }
        // Nothing after a quoting mistake can be trusted, so it is the file's only error.
        return Ok(Table {
            header,
            rows: Vec::new(),
            errors: vec![RowError {
                row: problem.record,
                field: "-".to_owned(),
                message: problem.message.to_owned(),
            }],
        });
    }
    let mut rows = Vec::new();
    let mut cells = 0;
    for (i, record) in records.enumerate() {
        let number = i + 1;
        if number > MAX_ROWS {
            return Err(too_many_rows(path));
        }
        let record = record.map_err(|e| {
            file_error(
                path,
                format!("{number}번째 데이터 행을 읽을 수 없습니다: {}", detail(e)),
            )
        })?;
        let mut row: Vec<String> = record.iter().map(str::to_owned).collect();
        cells += row.len();
        if cells > MAX_CELLS {
            return Err(too_many_cells(path));
        }
        // Extra cells that are empty carry nothing (a trailing comma); extra cells with text
        // are a value split by an unquoted comma, and dropping them would lose it.
        if row.len() > header.len() && row[header.len()..].iter().all(|c| c.trim().is_empty()) {
            row.truncate(header.len());
        }
        if row.len() != header.len() && row.iter().any(|c| !c.trim().is_empty()) {
            errors.push(RowError {
                row: number,
                field: "-".to_owned(),
                message: format!(
                    "칸이 {}개로 머리글({}개)과 다릅니다 — 쉼표가 든 값은 따옴표(\")로 감싸 주세요",
                    row.len(),
                    header.len()
                ),
            });
        }
        rows.push(row);
    }
    Ok(Table {
        header,
        rows,
        errors,
    })
}

fn check_width(path: &Path, columns: usize) -> Result<()> {
    if columns > MAX_COLUMNS {
        return Err(file_error(
            path,
            format!("열이 너무 많습니다 ({columns}열, 최대 {MAX_COLUMNS}열)"),
        ));
    }
    Ok(())
}

fn too_many_rows(path: &Path) -> Error {
    file_error(
        path,
        format!("행이 너무 많습니다 (최대 {MAX_ROWS}행). 파일을 나누어 가져오세요"),
    )
}

fn too_many_cells(path: &Path) -> Error {
    file_error(
        path,
        format!("값이 든 칸이 너무 많습니다 (최대 {MAX_CELLS}칸). 파일을 나누어 가져오세요"),
    )
}

/// Refuses a workbook whose zip directory declares more than the limits, before any part of
/// it is unpacked (a few KB of zip can declare gigabytes).
fn check_zip(path: &Path) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| file_error(path, format!("엑셀 파일을 열 수 없습니다: {}", detail(e))))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| file_error(path, format!("엑셀 파일을 열 수 없습니다: {}", detail(e))))?;
        let size = entry.size();
        if entry.name().eq_ignore_ascii_case("xl/sharedStrings.xml")
            && size > MAX_SHARED_STRINGS_BYTES
        {
            return Err(file_error(
                path,
                "엑셀 파일의 문자열 부분이 너무 큽니다 (압축을 풀면 256 MB 초과)",
            ));
        }
        total = total.saturating_add(size);
    }
    if total > MAX_UNZIPPED_BYTES {
        return Err(file_error(
            path,
            format!(
                "엑셀 파일이 압축을 풀면 너무 큽니다 ({} MB, 최대 {} MB)",
                total / (1024 * 1024),
                MAX_UNZIPPED_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}

/// Refuses a workbook whose sheets hold, in an `r` or `ref` attribute, a cell address beyond
/// Excel's last cell (`XFD1048576`: three column letters, seven row digits) or a range that
/// ends before it starts (`K1:H4`). calamine computes with both unchecked: a debug build
/// panics, and a release build wraps around and may put a value in another cell. No honest
/// workbook holds one.
fn check_cell_addresses(path: &Path) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let cannot_open = |e: zip::result::ZipError| {
        file_error(path, format!("엑셀 파일을 열 수 없습니다: {}", detail(e)))
    };
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(cannot_open)?;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(cannot_open)?;
        let name = entry.name().to_ascii_lowercase();
        if !(name.starts_with("xl/worksheets/") && name.ends_with(".xml")) {
            continue;
        }
        let mut scan = AddressScan::default();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = std::io::Read::read(&mut entry, &mut buf).map_err(|e| {
                file_error(path, format!("엑셀 파일을 열 수 없습니다: {}", detail(e)))
            })?;
            if n == 0 {
                break;
            }
            if let Some(address) = buf[..n].iter().find_map(|b| scan.push(*b)) {
                return Err(file_error(
                    path,
                    format!(
                        "칸 주소 '{}'가 올바르지 않습니다: 엑셀의 마지막 칸(XFD1048576)을 넘거나, 범위의 끝이 시작보다 앞섭니다 — 손상되었거나 엑셀 형식이 아닌 파일입니다",
                        excerpt(&address)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Finds, byte by byte, the values of attributes named `r` or `ref` in worksheet XML and
/// returns the first that is no cell address or range Excel could write. Text between tags and
/// other attributes' values are skipped, so a cell whose text reads `r="ABCDEFG1"` is no
/// address.
#[derive(Default)]
struct AddressScan {
    state: ScanState,
    after_space: bool,
    value: Vec<u8>,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum ScanState {
    /// Between tags.
    #[default]
    Text,
    /// Inside a tag, outside any attribute value.
    Tag,
    /// Inside the value of another attribute, quoted with this byte.
    OtherValue(u8),
    /// `r` or `ref` after a space inside a tag: an attribute name, if `=` follows.
    Name(&'static [u8], usize),
    Equals,
    /// Inside the value of an `r` or `ref` attribute, quoted with this byte.
    Value(u8),
}

/// The longest address value kept whole (`$A$1:$XFD$1048576` is 17 bytes).
const MAX_ADDRESS_BYTES: usize = 32;

impl AddressScan {
    fn push(&mut self, b: u8) -> Option<String> {
        let space = b.is_ascii_whitespace();
        self.state = match self.state {
            ScanState::Text if b == b'<' => ScanState::Tag,
            ScanState::Text => ScanState::Text,
            ScanState::OtherValue(quote) if b == quote => ScanState::Tag,
            ScanState::OtherValue(quote) => ScanState::OtherValue(quote),
            ScanState::Value(quote) if b == quote => {
                let bad = !is_cell_address(&self.value);
                let value = std::mem::take(&mut self.value);
                self.state = ScanState::Tag;
                self.after_space = false;
                return bad.then(|| String::from_utf8_lossy(&value).into_owned());
            }
            ScanState::Value(quote) => {
                if self.value.len() <= MAX_ADDRESS_BYTES {
                    self.value.push(b);
                }
                ScanState::Value(quote)
            }
            ScanState::Name(name, matched) if matched < name.len() && b == name[matched] => {
                ScanState::Name(name, matched + 1)
            }
            // `r` so far, and an `e`: perhaps `ref`.
            ScanState::Name(b"r", 1) if b == b'e' => ScanState::Name(b"ref", 2),
            ScanState::Name(name, matched) if matched == name.len() && space => {
                ScanState::Name(name, matched)
            }
            ScanState::Name(name, matched) if matched == name.len() && b == b'=' => {
                ScanState::Equals
            }
            ScanState::Equals if space => ScanState::Equals,
            ScanState::Equals if b == b'"' || b == b'\'' => ScanState::Value(b),
            // Inside a tag, or a name or `=` that turned out to be something else.
            _ if b == b'>' => ScanState::Text,
            _ if b == b'"' || b == b'\'' => ScanState::OtherValue(b),
            _ if self.after_space && b == b'r' => ScanState::Name(b"r", 1),
            _ => ScanState::Tag,
        };
        self.after_space = space;
        None
    }
}

/// `A1`, `$XFD$1048576`, `A1:C3`: at most three column letters and seven row digits a part,
/// and a range that does not end before it starts (calamine subtracts its corners unchecked).
fn is_cell_address(value: &[u8]) -> bool {
    if value.len() > MAX_ADDRESS_BYTES {
        return false;
    }
    let mut corners = Vec::new();
    for part in value.split(|b| *b == b':') {
        let part: Vec<u8> = part.iter().copied().filter(|b| *b != b'$').collect();
        let letters = part.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let digits = part[letters..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if letters > 3 || digits > 7 || letters + digits != part.len() {
            return false;
        }
        let column = part[..letters].iter().fold(0u32, |n, b| {
            n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
        });
        let row = part[letters..]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
        corners.push((letters > 0 && digits > 0).then_some((row, column)));
    }
    match corners[..] {
        [Some((row1, column1)), Some((row2, column2))] => row2 >= row1 && column2 >= column1,
        _ => true,
    }
}

fn read_xlsx(path: &Path) -> Result<Table> {
    check_zip(path)?;
    check_cell_addresses(path)?;
    let cannot_open = |e: calamine::XlsxError| {
        file_error(path, format!("엑셀 파일을 열 수 없습니다: {}", detail(e)))
    };
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut book: Xlsx<_> = Xlsx::new(BufReader::new(file)).map_err(cannot_open)?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| file_error(path, "시트가 없습니다"))?;
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(|e| {
        file_error(
            path,
            format!(
                "시트 '{}'를 읽을 수 없습니다: {}",
                excerpt(&sheet),
                detail(e)
            ),
        )
    })?;
    // Rows by index from the sheet's first row; a row stays an empty Vec until a cell with a
    // value lands in it, so a far cell costs one pointer per row up to it, bounded by MAX_ROWS.
    let mut grid: Vec<Vec<String>> = Vec::new();
    let mut count = 0;
    while let Some(cell) = cells.next_cell().map_err(|e| {
        file_error(
            path,
            format!(
                "시트 '{}'를 읽을 수 없습니다: {}",
                excerpt(&sheet),
                detail(e)
            ),
        )
    })? {
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        let (row, column) = (row as usize, column as usize);
        let place = || cell_name(row, column);
        if column >= MAX_COLUMNS {
            return Err(file_error(
                path,
                format!(
                    "{} 칸에 값이 있습니다: 열이 너무 많습니다 (최대 {MAX_COLUMNS}열)",
                    place()
                ),
            ));
        }
        if row > MAX_ROWS {
            return Err(file_error(
                path,
                format!(
                    "{} 칸에 값이 있습니다: 행이 너무 많습니다 (최대 {MAX_ROWS}행)",
                    place()
                ),
            ));
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(too_many_cells(path));
        }
        if grid.len() <= row {
            grid.resize_with(row + 1, Vec::new);
        }
        let cells_of_row = &mut grid[row];
        if cells_of_row.len() <= column {
            cells_of_row.resize(column + 1, String::new());
        }
        cells_of_row[column] = text;
    }
    // The header is the first row with a value, as the sheet's used range starts there.
    let mut rows = grid.into_iter().skip_while(Vec::is_empty);
    let header: Vec<String> = rows
        .next()
        .ok_or_else(|| file_error(path, "빈 시트입니다"))?
        .into_iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let width = header.len();
    let rows = rows
        .map(|mut r| {
            r.resize(width.max(r.len()), String::new());
            r
        })
        .collect();
    Ok(Table {
        header,
        rows,
        errors: Vec::new(),
    })
}

/// A cell's name as Excel shows it: `XFD1048576` for (1048575, 16383).
fn cell_name(row: usize, column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_are_spelled_as_excel_spells_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(299_999, 701), "ZZ300000");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    fn first_bad_address(xml: &str) -> Option<String> {
        let mut scan = AddressScan::default();
        xml.bytes().find_map(|b| scan.push(b))
    }

    #[test]
    fn cell_addresses_beyond_excels_last_cell_are_found_in_r_and_ref_attributes() {
        let honest = r#"<dimension ref="A1:X5"/><row r="1" spans="1:24"><c r="XFD1048576" t="s"><v>0</v></c></row><mergeCell ref = '$A$1:$C$1'/>"#;
        assert_eq!(first_bad_address(honest), None);
        assert_eq!(
            first_bad_address(r#"<row r="1"><c r="OOOOOOOOOOH2" t="s">"#).as_deref(),
            Some("OOOOOOOOOOH2"),
            "ten column letters overflow calamine's u32"
        );
        assert_eq!(
            first_bad_address(r#"<row r="99999999999">"#).as_deref(),
            Some("99999999999"),
            "eleven row digits too"
        );
        assert_eq!(
            first_bad_address(r#"<dimension ref="A1:ZZZZZ9"/>"#).as_deref(),
            Some("A1:ZZZZZ9")
        );
        assert_eq!(
            first_bad_address(r#"<dimension ref="K1:H4"/>"#).as_deref(),
            Some("K1:H4"),
            "a range ending left of its start: calamine's subtraction overflows"
        );
        assert_eq!(
            first_bad_address(r#"<dimension ref="A5:B1"/>"#).as_deref(),
            Some("A5:B1")
        );
        assert_eq!(
            first_bad_address(
                r#"<c sqref="AAAAAAAA1" attr="ref" href="x" d=' r="ABCDEFG1"'><is><t> r="ABCDEFG1"</t></is></c>"#
            ),
            None,
            "other attributes, their values and cell text are not addresses"
        );
        assert_eq!(
            first_bad_address(r#"<t>x</t><c s="1" r = 'ABCDEFG1'>"#).as_deref(),
            Some("ABCDEFG1"),
            "found after text and other attributes, with spaces and single quotes"
        );
    }

    #[test]
    fn well_formed_quoting_passes_and_each_mistake_is_found_in_its_record() {
        assert!(check_quotes("a,b\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\n").is_none());
        let open = check_quotes("a,b\n1,\"never closed\n2,3\n").expect("unterminated");
        assert_eq!(open.record, 1, "the quote opens in data row 1");
        let stray = check_quotes("a,b\n1,2\n3,5\"inch\n").expect("stray quote");
        assert_eq!(stray.record, 2);
        let after = check_quotes("a,b\n\"x\"y,2\n").expect("text after a closing quote");
        assert_eq!(after.record, 1);
        assert_eq!(
            check_quotes("a,b\n\n\n1,\"x\n").map(|p| p.record),
            Some(1),
            "blank lines are no records"
        );
    }
}
