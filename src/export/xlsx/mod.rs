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

use std::path::Path;

use rust_xlsxwriter::{Workbook, Worksheet};

use crate::domain::{CaseFilter, CaseSort, CodeList, SortColumn};
use crate::error::Result;
use crate::report::Report;
use crate::store::accounts::Permission;
use crate::store::Store;

mod layout;
mod sheets;

use layout::*;
use sheets::*;

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
