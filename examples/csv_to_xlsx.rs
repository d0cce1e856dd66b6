//! Writes an import CSV as an .xlsx with the same cells, as a center's spreadsheet would hold
//! them (dates as date cells, amounts as numbers). Makes `assets/examples/*.xlsx`:
//! `cargo run --example csv_to_xlsx -- assets/examples/cases.csv assets/examples/cases.xlsx`

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: csv_to_xlsx INPUT.csv OUTPUT.xlsx".into());
    };
    let bytes = std::fs::read(input)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record?.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            let ymd = chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok();
            let number = cell
                .replace(',', "")
                .parse::<f64>()
                .ok()
                .filter(|_| r > 0 && !cell.contains('-'));
            match (ymd, number) {
                (Some(d), _) if r > 0 => {
                    use chrono::Datelike;
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, c, &dt, &date)?;
                }
                (_, Some(n)) => {
                    ws.write_number(r, c, n)?;
                }
                _ if cell.is_empty() => {}
                _ => {
                    ws.write_string(r, c, cell)?;
                }
            }
        }
    }
    wb.save(output)?;
    Ok(())
}
