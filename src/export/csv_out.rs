//! Every CSV file the product writes goes through this writer, so that no cell can run as a
//! formula when the file is opened in Excel or LibreOffice (CSV injection). It must never be
//! bypassed with a bare `csv::Writer`.

use std::borrow::Cow;
use std::io::Write;

/// A cell made safe to open in a spreadsheet, by OWASP's rule for CSV injection: a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single quote in front
/// (`=HYPERLINK(…)` becomes `'=HYPERLINK(…)`), so the spreadsheet shows it as text.
///
/// A cell that is exactly a negative number (`-12`, `-3.5`) is left as it is: a bare number
/// cannot be a formula, and the quote would turn an amount into text that no sum counts.
/// Anything more after the minus (`-1+1`, `-2e3`, `-1 `) is quoted like any other cell.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky && !is_negative_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `-` then digits, with at most one `.` between digits.
fn is_negative_number(cell: &str) -> bool {
    let Some(digits) = cell.strip_prefix('-') else {
        return false;
    };
    let mut parts = digits.split('.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    parts.next().is_none() && all_digits(whole) && fraction.is_none_or(all_digits)
}

/// A CSV writer whose every cell, header included, passes through `neutralise`.
pub struct CsvWriter<W: Write>(csv::Writer<W>);

impl<W: Write> CsvWriter<W> {
    pub fn new(out: W) -> Self {
        CsvWriter(csv::Writer::from_writer(out))
    }

    pub fn write_row<I, S>(&mut self, cells: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for cell in cells {
            self.0
                .write_field(neutralise(cell.as_ref()).as_bytes())
                .map_err(std::io::Error::from)?;
        }
        self.0
            .write_record(None::<&[u8]>)
            .map_err(std::io::Error::from)
    }

    /// The underlying output, flushed.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.0.into_inner().map_err(|e| e.into_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_starting_with_a_formula_character_gets_a_quote_in_front() {
        for cell in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+1",
            "-1+1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "-",
            "-2e3",
            "-1.",
            "-.5",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn plain_text_and_bare_numbers_are_left_as_they_are() {
        for cell in [
            "김상담",
            "2024-A0001",
            "",
            " =1",
            "12",
            "-12",
            "-3.5",
            "a=b",
        ] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn the_writer_quotes_every_risky_cell_and_keeps_commas_and_quotes_intact() {
        let mut w = CsvWriter::new(Vec::new());
        w.write_row(["=1+1", "a,\"b\"", "-7"]).unwrap();
        let bytes = w.into_inner().unwrap();
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        let row = r.records().next().unwrap().unwrap();
        assert_eq!(row.iter().collect::<Vec<_>>(), ["'=1+1", "a,\"b\"", "-7"]);
    }
}
