//! One function per sheet of the city's tables, T1 to T6.

use rust_xlsxwriter::{Chart, ChartType, Worksheet};

use crate::domain::{CodeList, RemedyChannel};
use crate::error::Result;
use crate::report::{MonthlyTable, Report};

use super::layout::*;

/// T1 노동관련 법률상담 및 구제: the city's table.
pub(super) fn t1_sheet(ws: &mut Worksheet, f: &Formats, r: &Report) -> Result<()> {
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
pub(super) fn monthly_block(
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
pub(super) fn t2_sheet(ws: &mut Worksheet, f: &Formats, r: &Report, sheet: &str) -> Result<()> {
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
pub(super) fn t3_sheet(ws: &mut Worksheet, f: &Formats, r: &Report) -> Result<()> {
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
pub(super) fn t4_sheet(ws: &mut Worksheet, f: &Formats, r: &Report) -> Result<()> {
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
pub(super) fn t5_sheet(ws: &mut Worksheet, f: &Formats, r: &Report) -> Result<()> {
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
pub(super) fn t6_sheet(ws: &mut Worksheet, f: &Formats, r: &Report) -> Result<()> {
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
