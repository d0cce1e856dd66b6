//! The statistics workbook in the city's layout (../shared/reports.md, "The workbook"):
//! one sheet per table with T1 first, exact Korean headers, merged header cells, a title line,
//! the center name and the as-of date once per sheet, the unit, frozen header panes, bordered
//! cells, and numbers written as numbers.
//!
//! It prints as the city's form: A4 landscape, one page wide, the title lines repeated on every
//! page, a block of T2 or T3 never split across pages (each page carries the headers of the
//! blocks on it) and T2's chart on a page of its own. The page is laid out here, with fixed row
//! heights and a computed print scale, because Excel and LibreOffice ignore manual page breaks
//! on a sheet set to "fit to one page wide".

use std::ops::Range;
use std::path::Path;

use rust_xlsxwriter::{Chart, ChartType, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::domain::{CaseFilter, CaseSort, CodeList, RemedyChannel, SortColumn};
use crate::error::Result;
use crate::report::{MonthlyTable, Period, Report};
use crate::store::accounts::Permission;
use crate::store::Store;

/// The sheet names, in workbook order (T1 … T6).
pub const SHEET_NAMES: [&str; 6] = [
    "법률상담 및 구제",
    "월별 상담 현황",
    "내담자 현황",
    "권리구제 상세",
    "유형별 복수집계",
    "찾아가는 상담",
];
const CASE_LIST_SHEET: &str = "사건 목록";

/// What goes into the workbook beyond the six tables.
#[derive(Debug, Clone, Default)]
pub struct WorkbookOptions {
    /// A case-list sheet (off by default), without names or phone numbers.
    pub case_list: bool,
    /// Names and phone numbers in the case list: a center lead only, with the reason, which
    /// the access log keeps.
    pub personal_data_reason: Option<String>,
}

/// A4 landscape, in points.
const PAGE_WIDTH: f64 = 841.9;
const PAGE_HEIGHT: f64 = 595.3;
/// Every margin, in inches: the page carries only a page number at its foot.
const MARGIN: f64 = 0.5;
/// The height of every row but the title's, in points, fixed so that the rows a page holds are
/// known when the page breaks are chosen.
const ROW_HEIGHT: f64 = 16.5;
const TITLE_HEIGHT: f64 = 30.0;
/// The title, the center line and the unit line: the top of every sheet and of every printed page.
const FRAME_ROWS: u32 = 3;

/// The formats of the workbook, each built once.
struct Formats {
    title: Format,
    subtitle: Format,
    center: Format,
    unit: Format,
    header: Format,
    label: Format,
    number: Format,
    total_label: Format,
    total_number: Format,
    amount: Format,
    total_amount: Format,
    percent: Format,
    total_percent: Format,
    date: Format,
    text: Format,
}

impl Formats {
    fn new() -> Self {
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
struct Page {
    first_row: u32,
    rows: u32,
}

/// The title, the center name with the as-of date, and the unit line above a table with
/// columns `widths` (set here), and the print setup every sheet shares. `unit` is `None` on a
/// sheet whose blocks each state their own.
fn frame(
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
fn print_scale(widths: &[f64]) -> u16 {
    let page = PAGE_WIDTH - 2.0 * MARGIN * 72.0;
    (100.0 * page / printed_width(widths)).floor().min(100.0) as u16
}

/// The printed width of columns, in points. A width is in characters, and the file adds 5/7 of
/// one for padding; Excel draws a character as 7 pixels (5.25 pt), LibreOffice as the digit
/// width of Calibri 11 pt (about 5.6 pt), so the wider one decides.
fn printed_width(widths: &[f64]) -> f64 {
    widths.iter().map(|w| (w + 5.0 / 7.0) * 5.6).sum()
}

/// The width of `text` in Excel's character units, generously: a Hangul syllable is about two
/// digits wide.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum()
}

/// Page breaks so that no block (its rows, in order) is split: a block that would not fit
/// under the ones before it, with the blank row after it, starts a page.
fn block_breaks(blocks: &[Range<u32>], page: &Page) -> Vec<u32> {
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
fn merge(
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

fn header_row(
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

fn number(ws: &mut Worksheet, f: &Format, row: u32, col: u16, n: impl Into<f64>) -> Result<()> {
    ws.write_number_with_format(row, col, n.into(), f)?;
    Ok(())
}

/// T1 노동관련 법률상담 및 구제: the city's table.
fn t1_sheet(ws: &mut Worksheet, f: &Formats, r: &Report) -> Result<()> {
    let mut row = frame(
        ws,
        f,
        r,
        "노동관련 법률상담 및 구제",
        Some("건"),
        &[11.0; 11],
    )?
    .first_row;
    // Block 1: cases by primary category.
    let c = &r.t1.consultations;
    header_row(
        ws,
        f,
        row,
        0,
        &[
            "합계",
            "임금체불",
            "부당해고 등",
            "직장내 괴롭힘",
            "노동조합",
            "4대보험",
            "산업재해",
            "기타",
        ],
    )?;
    let values = [
        c.total,
        c.wage_arrears,
        c.dismissal,
        c.harassment,
        c.union,
        c.social_insurance,
        c.industrial_accident,
        c.other,
    ];
    for (i, v) in values.iter().enumerate() {
        number(
            ws,
            if i == 0 { &f.total_number } else { &f.number },
            row + 1,
            i as u16,
            *v as f64,
        )?;
    }
    row += 3;
    // Block 2: 권리구제 over 합계 | 완료 | 진행 | 진행 중 (channels, each 신규 | 이월).
    let top = row;
    ws.merge_range(top, 0, top, 10, "권리구제", &f.header)?;
    for (col, label) in [(0u16, "합계"), (1, "완료"), (2, "진행")] {
        ws.merge_range(top + 1, col, top + 3, col, label, &f.header)?;
    }
    ws.merge_range(top + 1, 3, top + 1, 10, "진행 중", &f.header)?;
    for (i, channel) in RemedyChannel::ALL.iter().enumerate() {
        let col = 3 + 2 * i as u16;
        ws.merge_range(top + 2, col, top + 2, col + 1, channel.label(), &f.header)?;
        header_row(ws, f, top + 3, col, &["신규", "이월"])?;
    }
    ws.set_row_height(top + 2, 30)?;
    let rem = &r.t1.remedies;
    let data = top + 4;
    number(ws, &f.total_number, data, 0, rem.total as f64)?;
    number(ws, &f.number, data, 1, rem.concluded as f64)?;
    number(ws, &f.number, data, 2, rem.in_progress as f64)?;
    for (i, channel) in RemedyChannel::ALL.iter().enumerate() {
        let split = rem.in_progress_by_channel.get(*channel);
        number(ws, &f.number, data, 3 + 2 * i as u16, split.new as f64)?;
        number(ws, &f.number, data, 4 + 2 * i as u16, split.carried as f64)?;
    }
    ws.set_freeze_panes(3, 0)?;
    Ok(())
}

/// One monthly table at `row`, its title line naming its unit; returns the row after it (and
/// the blank row below) and the row of its 합계 (if any).
fn monthly_block(
    ws: &mut Worksheet,
    f: &Formats,
    t: &MonthlyTable,
    unit: &str,
    row: u32,
) -> Result<(u32, Option<u32>)> {
    let mut labels = vec!["구분".to_string()];
    labels.extend((1..=12).map(|m| format!("{m}월")));
    labels.extend(["누계", "전년 동기", "증감"].map(String::from));
    ws.merge_range(row, 0, row, 7, &t.title, &f.subtitle)?;
    ws.merge_range(row, 8, row, 15, &format!("(단위 : {unit})"), &f.unit)?;
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    header_row(ws, f, row + 1, 0, &refs)?;
    let mut at = row + 2;
    let mut total_row = None;
    for (line, is_total) in t
        .rows
        .iter()
        .map(|l| (l, false))
        .chain(t.total.iter().map(|l| (l, true)))
    {
        let (lf, nf) = if is_total {
            (&f.total_label, &f.total_number)
        } else {
            (&f.label, &f.number)
        };
        ws.write_string_with_format(at, 0, &line.label, lf)?;
        for (m, v) in line.months.iter().enumerate() {
            match v {
                Some(n) => number(ws, nf, at, 1 + m as u16, *n as f64)?,
                // Months after the as-of month are blank, not zero.
                None => {
                    ws.write_blank(at, 1 + m as u16, nf)?;
                }
            }
        }
        number(ws, nf, at, 13, line.cumulative as f64)?;
        number(ws, nf, at, 14, line.previous_year as f64)?;
        number(ws, nf, at, 15, line.change as f64)?;
        if is_total {
            total_row = Some(at);
        }
        at += 1;
    }
    Ok((at + 1, total_row))
}

/// T2 월별 상담 현황, its companion tables, and a chart of monthly totals.
fn t2_sheet(ws: &mut Worksheet, f: &Formats, r: &Report, sheet: &str) -> Result<()> {
    let widths: Vec<f64> = std::iter::once(16.0).chain([8.0; 15]).collect();
    let page = frame(ws, f, r, "월별 상담 현황", None, &widths)?;
    // The blocks, one under the other; the counting units differ by row.
    let t2 = &r.t2;
    let mut blocks = Vec::new();
    let mut next = page.first_row;
    let mut total_row = None;
    for (table, unit) in [
        (&t2.by_category, "건"),
        (&t2.by_intake_method, "건"),
        (&t2.by_outcome, "건"),
        (&t2.units, "건, 명, 회"),
    ] {
        let (end, total) = monthly_block(ws, f, table, unit, next)?;
        total_row = total_row.or(total);
        blocks.push(next..end - 1);
        next = end;
    }
    let header = page.first_row + 1;
    ws.set_freeze_panes(header + 1, 1)?;
    let mut breaks = block_breaks(&blocks, &page);
    if let Some(total_row) = total_row {
        let months = t2
            .by_category
            .total
            .as_ref()
            .map_or(12, |t| t.months.iter().flatten().count()) as u16;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories((sheet, header, 1, header, months.max(1)))
            .set_values((sheet, total_row, 1, total_row, months.max(1)))
            .set_name("상담 건수");
        chart.title().set_name("월별 상담 건수 (합계)");
        chart.legend().set_hidden();
        // The chart prints on a page of its own, well within it: across nine tenths of the
        // columns (Excel's 7 pixels a character), never past the last, which would print the
        // rest of the chart on a page to the right.
        let columns: f64 = widths.iter().map(|w| w * 7.0 + 5.0).sum();
        chart.set_width((columns * 0.9) as u32).set_height(400);
        breaks.push(next);
        ws.insert_chart(next + 1, 0, &chart)?;
    }
    ws.set_page_breaks(&breaks)?;
    Ok(())
}

/// T3 내담자 현황: one block per profile dimension.
fn t3_sheet(ws: &mut Worksheet, f: &Formats, r: &Report) -> Result<()> {
    let page = frame(ws, f, r, "내담자 현황", Some("건, %"), &[44.0, 12.0, 12.0])?;
    let mut row = page.first_row;
    let mut blocks = Vec::new();
    for block in &r.t3.blocks {
        let start = row;
        ws.merge_range(row, 0, row, 2, &block.title, &f.subtitle)?;
        header_row(ws, f, row + 1, 0, &["구분", "건수", "비율(%)"])?;
        row += 2;
        for line in &block.rows {
            ws.write_string_with_format(row, 0, &line.label, &f.label)?;
            number(ws, &f.number, row, 1, line.count as f64)?;
            number(ws, &f.percent, row, 2, line.percent)?;
            row += 1;
        }
        ws.write_string_with_format(row, 0, "합계", &f.total_label)?;
        number(ws, &f.total_number, row, 1, block.total as f64)?;
        let sum: f64 = if block.total == 0 { 0.0 } else { 100.0 };
        ws.write_number_with_format(row, 2, sum, &f.total_percent)?;
        blocks.push(start..row + 1);
        row += 2;
    }
    ws.set_page_breaks(&block_breaks(&blocks, &page))?;
    ws.set_freeze_panes(3, 0)?;
    Ok(())
}

/// T4 권리구제 상세.
fn t4_sheet(ws: &mut Worksheet, f: &Formats, r: &Report) -> Result<()> {
    let mut widths = vec![26.0];
    widths.extend([8.0; 11]);
    widths.extend([14.0; 2]);
    let row = frame(ws, f, r, "권리구제 상세", Some("건, 원"), &widths)?.first_row;
    header_row(
        ws,
        f,
        row,
        0,
        &[
            "구분",
            "이월",
            "신규",
            "계",
            "완료",
            "진행",
            "인정",
            "일부인정",
            "기각·각하",
            "화해·합의",
            "취하",
            "기타",
            "청구액(원)",
            "회수액(원)",
        ],
    )?;
    for (i, (line, total)) in
        r.t4.rows
            .iter()
            .map(|l| (l, false))
            .chain(std::iter::once((&r.t4.total, true)))
            .enumerate()
    {
        let at = row + 1 + i as u32;
        let (lf, nf, af) = if total {
            (&f.total_label, &f.total_number, &f.total_amount)
        } else {
            (&f.label, &f.number, &f.amount)
        };
        ws.write_string_with_format(at, 0, &line.label, lf)?;
        let v = &line.values;
        let counts = [
            v.carried,
            v.new,
            v.subtotal,
            v.concluded,
            v.in_progress,
            v.recognized,
            v.partial,
            v.dismissed_or_rejected,
            v.settled,
            v.withdrawn,
            v.other_outcome,
        ];
        for (c, n) in counts.iter().enumerate() {
            number(ws, nf, at, 1 + c as u16, *n as f64)?;
        }
        number(ws, af, at, 12, v.amount_claimed as f64)?;
        number(ws, af, at, 13, v.amount_recovered as f64)?;
    }
    ws.set_freeze_panes(row + 1, 1)?;
    ws.set_repeat_rows(0, row)?;
    Ok(())
}

/// T5 유형별 복수집계.
fn t5_sheet(ws: &mut Worksheet, f: &Formats, r: &Report) -> Result<()> {
    let row = frame(ws, f, r, "유형별 복수집계", Some("건"), &[18.0; 3])?.first_row;
    header_row(
        ws,
        f,
        row,
        0,
        &["구분", "주 유형(건)", "복수 유형 포함(건)"],
    )?;
    for (i, line) in r.t5.rows.iter().enumerate() {
        let at = row + 1 + i as u32;
        ws.write_string_with_format(at, 0, &line.label, &f.label)?;
        number(ws, &f.number, at, 1, line.primary as f64)?;
        number(ws, &f.number, at, 2, line.with_secondary as f64)?;
    }
    ws.set_freeze_panes(row + 1, 1)?;
    ws.set_repeat_rows(0, row)?;
    Ok(())
}

/// T6 찾아가는 상담: one row per event, then the total, with 운영 횟수 in a column of its own.
fn t6_sheet(ws: &mut Worksheet, f: &Formats, r: &Report) -> Result<()> {
    let widths = [12.0, 34.0, 14.0, 14.0, 14.0, 14.0];
    let row = frame(ws, f, r, "찾아가는 상담", Some("회, 명, 건"), &widths)?.first_row;
    header_row(
        ws,
        f,
        row,
        0,
        &[
            "일자",
            "장소",
            "운영 형태",
            "상담 인원(명)",
            "상담 건수(건)",
            "운영 횟수(회)",
        ],
    )?;
    // The events; 운영 횟수 is counted on the total line only.
    let mut at = row + 1;
    for e in &r.t6.rows {
        let date = rust_xlsxwriter::ExcelDateTime::parse_from_str(&e.held_on.to_string())?;
        ws.write_datetime_with_format(at, 0, &date, &f.date)?;
        ws.write_string_with_format(at, 1, &e.place, &f.text)?;
        ws.write_string_with_format(at, 2, &e.kind_label, &f.label)?;
        number(ws, &f.number, at, 3, e.persons as f64)?;
        number(ws, &f.number, at, 4, e.cases as f64)?;
        ws.write_blank(at, 5, &f.number)?;
        at += 1;
    }
    // 합계, with 운영 횟수 under its own header.
    ws.merge_range(at, 0, at, 2, "합계", &f.total_label)?;
    number(ws, &f.total_number, at, 3, r.t6.persons as f64)?;
    number(ws, &f.total_number, at, 4, r.t6.cases as f64)?;
    number(ws, &f.total_number, at, 5, r.t6.events as f64)?;
    ws.set_freeze_panes(row + 1, 0)?;
    ws.set_repeat_rows(0, row)?;
    Ok(())
}

/// The case list of the period: statistics columns only, never a name or a phone number.
fn case_list_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    r: &Report,
    store: &Store,
    personal: bool,
) -> Result<()> {
    let last = if personal { 9 } else { 7 };
    let row = frame(
        ws,
        f,
        r,
        "사건 목록",
        Some("건"),
        &vec![13.0; last as usize + 1],
    )?
    .first_row;
    header_row(
        ws,
        f,
        row,
        0,
        &[
            "사건번호",
            "접수일",
            "상담원",
            "상담유형",
            "처리결과",
            "종결일",
            "권리구제",
            "진행 중 권리구제",
        ],
    )?;
    if personal {
        header_row(ws, f, row, 8, &["내담자", "연락처"])?;
    }
    let mut filter = CaseFilter {
        received_from: Some(r.period_start),
        received_to: Some(r.as_of),
        sort: CaseSort::by(SortColumn::ReceivedOn, false),
        limit: 1000,
        ..CaseFilter::default()
    };
    let mut at = row + 1;
    loop {
        let page = store.list_cases(&filter)?;
        for c in &page.items {
            ws.write_string_with_format(at, 0, &c.case_no, &f.label)?;
            ws.write_datetime_with_format(
                at,
                1,
                &rust_xlsxwriter::ExcelDateTime::parse_from_str(&c.received_on.to_string())?,
                &f.date,
            )?;
            ws.write_string_with_format(at, 2, c.counselor.as_deref().unwrap_or(""), &f.text)?;
            ws.write_string_with_format(at, 3, c.primary_category.label(), &f.label)?;
            ws.write_string_with_format(
                at,
                4,
                c.outcome.map(|o| o.label()).unwrap_or(""),
                &f.label,
            )?;
            match c.closed_on {
                Some(d) => ws.write_datetime_with_format(
                    at,
                    5,
                    &rust_xlsxwriter::ExcelDateTime::parse_from_str(&d.to_string())?,
                    &f.date,
                )?,
                None => ws.write_blank(at, 5, &f.date)?,
            };
            number(ws, &f.number, at, 6, c.remedy_count as f64)?;
            number(ws, &f.number, at, 7, c.open_remedy_count as f64)?;
            if personal {
                let client = store.case_client(&c.id)?;
                ws.write_string_with_format(at, 8, client.name.as_deref().unwrap_or(""), &f.text)?;
                ws.write_string_with_format(at, 9, client.phone.as_deref().unwrap_or(""), &f.text)?;
            }
            at += 1;
        }
        if page.items.len() < filter.limit as usize {
            break;
        }
        filter.offset += filter.limit;
    }
    ws.set_freeze_panes(row + 1, 1)?;
    ws.set_repeat_rows(0, row)?;
    ws.autofilter(row, 0, at.saturating_sub(1).max(row), last)?;
    Ok(())
}

/// Builds the workbook for `report` and writes it to `path` whole (never half-written), and
/// records the export in the access log.
pub fn write_workbook(
    store: &Store,
    report: &Report,
    path: &Path,
    options: &WorkbookOptions,
) -> Result<()> {
    let reason = options.personal_data_reason.as_deref().map(str::trim);
    if let Some(reason) = reason {
        store.require(Permission::ExportPersonalData)?;
        if reason.is_empty() {
            return Err(crate::Error::invalid(
                "reason",
                "내보내기 사유 — 개인정보가 포함된 내보내기에는 사유가 필요합니다",
            ));
        }
    }
    let f = Formats::new();
    let mut wb = Workbook::new();
    t1_sheet(wb.add_worksheet().set_name(SHEET_NAMES[0])?, &f, report)?;
    t2_sheet(
        wb.add_worksheet().set_name(SHEET_NAMES[1])?,
        &f,
        report,
        SHEET_NAMES[1],
    )?;
    t3_sheet(wb.add_worksheet().set_name(SHEET_NAMES[2])?, &f, report)?;
    t4_sheet(wb.add_worksheet().set_name(SHEET_NAMES[3])?, &f, report)?;
    t5_sheet(wb.add_worksheet().set_name(SHEET_NAMES[4])?, &f, report)?;
    t6_sheet(wb.add_worksheet().set_name(SHEET_NAMES[5])?, &f, report)?;
    if options.case_list || reason.is_some() {
        case_list_sheet(
            wb.add_worksheet().set_name(CASE_LIST_SHEET)?,
            &f,
            report,
            store,
            reason.is_some(),
        )?;
    }
    let bytes = wb.save_to_buffer()?;
    crate::fs::write_atomically(path, &bytes)?;
    let detail = match reason {
        Some(r) => format!(
            "통계 통합문서(개인정보 포함, {} 기준) {}; 사유: {r}",
            report.as_of,
            path.display()
        ),
        None => format!("통계 통합문서({} 기준) {}", report.as_of, path.display()),
    };
    store.log_export(&detail)
}
