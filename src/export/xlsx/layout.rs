//! The page every sheet shares: formats, the title frame, print scale, page breaks, cells.

use std::ops::Range;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet};

use crate::error::Result;
use crate::report::{Period, Report};

use super::*;

/// The formats of the workbook, each built once.
pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) center: Format,
    pub(super) unit: Format,
    pub(super) header: Format,
    pub(super) label: Format,
    pub(super) number: Format,
    pub(super) total_label: Format,
    pub(super) total_number: Format,
    pub(super) amount: Format,
    pub(super) total_amount: Format,
    pub(super) percent: Format,
    pub(super) total_percent: Format,
    pub(super) date: Format,
    pub(super) text: Format,
}

impl Formats {
    pub(super) fn new() -> Self {
        let font = "맑은 고딕";
        let cell = Format::new()
            .set_font_name(font)
            .set_font_size(10)
            .set_border(FormatBorder::Thin);
        let total = cell.clone().set_bold().set_background_color("F2F2F2");
        Formats {
            title: Format::new()
                .set_font_name(font)
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center),
            subtitle: Format::new().set_font_name(font).set_font_size(10),
            center: Format::new()
                .set_font_name(font)
                .set_font_size(10)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            unit: Format::new()
                .set_font_name(font)
                .set_font_size(10)
                .set_align(FormatAlign::Right),
            header: cell
                .clone()
                .set_bold()
                .set_background_color("DDEBF7")
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            label: cell.clone().set_align(FormatAlign::Center),
            number: cell.clone().set_num_format("#,##0"),
            total_label: total.clone().set_align(FormatAlign::Center),
            total_number: total.clone().set_num_format("#,##0"),
            amount: cell.clone().set_num_format("#,##0"),
            total_amount: total.clone().set_num_format("#,##0"),
            total_percent: total.set_num_format("0.0"),
            percent: cell.clone().set_num_format("0.0"),
            date: cell
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center),
            text: cell,
        }
    }
}

/// Where a sheet's table starts, and how many rows fit on a printed page below the frame.
pub(super) struct Page {
    pub(super) first_row: u32,
    pub(super) rows: u32,
}

/// The title, the center name with the as-of date, and the unit line above a table with
/// columns `widths` (set here), and the print setup every sheet shares. `unit` is `None` on a
/// sheet whose blocks each state their own.
pub(super) fn frame(
    ws: &mut Worksheet,
    f: &Formats,
    report: &Report,
    title: &str,
    unit: Option<&str>,
    widths: &[f64],
) -> Result<Page> {
    let last_col = widths.len() as u16 - 1;
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    ws.set_default_row_height(ROW_HEIGHT);
    ws.merge_range(0, 0, 0, last_col, title, &f.title)?;
    ws.set_row_height(0, TITLE_HEIGHT)?;
    // The center name across the whole table, wrapped and as tall as it needs: never cut. A
    // name too long for one line puts the date on a line of its own.
    let table: f64 = widths.iter().sum();
    let mut center = format!("{} · 기준일 {}", report.center_name, report.as_of);
    let mut lines = 1.0;
    if text_width(&center) > table {
        center = format!("{}\n기준일 {}", report.center_name, report.as_of);
        lines = (text_width(&report.center_name) / table).ceil() + 1.0;
    }
    merge(ws, 1, 0, last_col, &center, &f.center)?;
    ws.set_row_height(1, lines * ROW_HEIGHT)?;
    let date = Period::as_of(report.as_of).title_date();
    let unit = match unit {
        Some(unit) => format!("({date} 기준/단위 : {unit})"),
        None => format!("({date} 기준)"),
    };
    merge(ws, 2, 0, last_col, &unit, &f.unit)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_margins(MARGIN, MARGIN, MARGIN, MARGIN, 0.3, 0.3);
    let scale = print_scale(widths);
    ws.set_print_scale(scale);
    ws.set_footer("&C&P / &N");
    ws.set_repeat_rows(0, FRAME_ROWS - 1)?;
    let page = (PAGE_HEIGHT - 2.0 * MARGIN * 72.0) * 100.0 / f64::from(scale);
    let frame = TITLE_HEIGHT + lines * ROW_HEIGHT + ROW_HEIGHT;
    Ok(Page {
        first_row: FRAME_ROWS,
        rows: ((page - frame) / ROW_HEIGHT) as u32,
    })
}

/// The print scale (%) at which columns of these widths fit one page wide: the effect of "fit
/// to one page wide" without losing the manual page breaks.
pub(super) fn print_scale(widths: &[f64]) -> u16 {
    let page = PAGE_WIDTH - 2.0 * MARGIN * 72.0;
    (100.0 * page / printed_width(widths)).floor().min(100.0) as u16
}

/// The printed width of columns, in points. A width is in characters, and the file adds 5/7 of
/// one for padding; Excel draws a character as 7 pixels (5.25 pt), LibreOffice as the digit
/// width of Calibri 11 pt (about 5.6 pt), so the wider one decides.
pub(super) fn printed_width(widths: &[f64]) -> f64 {
    widths.iter().map(|w| (w + 5.0 / 7.0) * 5.6).sum()
}

/// The width of `text` in Excel's character units, generously: a Hangul syllable is about two
/// digits wide.
pub(super) fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum()
}

/// Page breaks so that no block (its rows, in order) is split: a block that would not fit
/// under the ones before it, with the blank row after it, starts a page.
pub(super) fn block_breaks(blocks: &[Range<u32>], page: &Page) -> Vec<u32> {
    let mut breaks = Vec::new();
    let mut top = page.first_row;
    for block in blocks {
        if block.end + 1 - top > page.rows && block.start > top {
            breaks.push(block.start);
            top = block.start;
        }
    }
    breaks
}

/// Text across columns `c1..=c2` of one row; Excel refuses a one-cell merge, so write it plain.
pub(super) fn merge(
    ws: &mut Worksheet,
    row: u32,
    c1: u16,
    c2: u16,
    text: &str,
    format: &Format,
) -> Result<()> {
    if c1 == c2 {
        ws.write_string_with_format(row, c1, text, format)?;
    } else {
        ws.merge_range(row, c1, row, c2, text, format)?;
    }
    Ok(())
}

pub(super) fn header_row(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    first_col: u16,
    labels: &[&str],
) -> Result<()> {
    for (i, label) in labels.iter().enumerate() {
        ws.write_string_with_format(row, first_col + i as u16, *label, &f.header)?;
    }
    Ok(())
}

pub(super) fn number(
    ws: &mut Worksheet,
    f: &Format,
    row: u32,
    col: u16,
    n: impl Into<f64>,
) -> Result<()> {
    ws.write_number_with_format(row, col, n.into(), f)?;
    Ok(())
}
