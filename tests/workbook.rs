//! The workbook, read back with calamine: sheet names, headers, merged ranges and numbers;
//! and how it prints, read from the sheets' XML: page breaks, repeated rows, scale and margins.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use calamine::{Data, Dimensions, Reader, Xlsx};
use labordesk::export::{write_workbook, WorkbookOptions, SHEET_NAMES};
use labordesk::report::{Period, Report};
use labordesk::Store;

use crate::common::*;

/// The demo data's store and its report as of 31 August 2024.
fn demo_report() -> (Store, Report) {
    let mut s = store();
    labordesk::demo::write_demo(&mut s).unwrap();
    let report = s.report(Period::as_of(d(2024, 8, 31))).unwrap();
    (s, report)
}

fn written(s: &Store, report: &Report, options: &WorkbookOptions) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("통계.xlsx");
    write_workbook(s, report, &path, options).unwrap();
    (dir, path)
}

fn demo_workbook(options: WorkbookOptions) -> (tempfile::TempDir, PathBuf) {
    let (s, report) = demo_report();
    written(&s, &report, &options)
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match cell(range, row, col) {
        Data::String(s) => s,
        other => panic!("expected text at ({row},{col}), found {other:?}"),
    }
}

fn num(range: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match cell(range, row, col) {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("expected a number (not text) at ({row},{col}), found {other:?}"),
    }
}

/// Rows are found by their header text, so the test states the layout, not offsets.
fn row_of(range: &calamine::Range<Data>, col: u32, needle: &str) -> u32 {
    (0..range.height() as u32)
        .find(|&r| matches!(cell(range, r, col), Data::String(ref s) if s == needle))
        .unwrap_or_else(|| panic!("no row with '{needle}' in column {col}"))
}

#[test]
fn the_workbook_has_one_korean_sheet_per_table_with_t1_first() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), SHEET_NAMES.map(String::from).to_vec());
    assert_eq!(SHEET_NAMES[0], "법률상담 및 구제");
}

#[test]
fn t1_reads_back_with_the_published_figures_headers_and_merged_cells() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let ws = book.worksheet_range(SHEET_NAMES[0]).unwrap();
    assert_eq!(text(&ws, 0, 0), "노동관련 법률상담 및 구제");
    assert!(
        ws.rows()
            .flatten()
            .any(|c| matches!(c, Data::String(s) if s == "(8.31. 기준/단위 : 건)")),
        "title unit line"
    );
    assert!(
        text(&ws, 1, 0).starts_with("테스트 노동권익센터"),
        "center name on the sheet"
    );

    let h1 = row_of(&ws, 0, "합계");
    let headers: Vec<String> = (0..8).map(|c| text(&ws, h1, c)).collect();
    assert_eq!(
        headers,
        [
            "합계",
            "임금체불",
            "부당해고 등",
            "직장내 괴롭힘",
            "노동조합",
            "4대보험",
            "산업재해",
            "기타"
        ]
    );
    let block1: Vec<f64> = (0..8).map(|c| num(&ws, h1 + 1, c)).collect();
    assert_eq!(
        block1,
        [415.0, 60.0, 58.0, 62.0, 7.0, 34.0, 23.0, 171.0],
        "published cases as of 8.31."
    );

    let top = row_of(&ws, 0, "권리구제");
    assert_eq!(
        (
            text(&ws, top + 1, 0),
            text(&ws, top + 1, 1),
            text(&ws, top + 1, 2),
            text(&ws, top + 1, 3)
        ),
        (
            "합계".into(),
            "완료".into(),
            "진행".into(),
            "진행 중".into()
        )
    );
    let channels: Vec<String> = (0..4).map(|i| text(&ws, top + 2, 3 + 2 * i)).collect();
    assert_eq!(
        channels,
        ["노동청", "노동위원회", "고용복지센터/4대보험 공단", "기타"]
    );
    let sub: Vec<String> = (3..11).map(|c| text(&ws, top + 3, c)).collect();
    assert_eq!(
        sub,
        ["신규", "이월", "신규", "이월", "신규", "이월", "신규", "이월"]
    );
    let block2: Vec<f64> = (0..11).map(|c| num(&ws, top + 4, c)).collect();
    assert_eq!(
        block2,
        [21.0, 14.0, 7.0, 2.0, 1.0, 1.0, 2.0, 0.0, 0.0, 0.0, 1.0],
        "published remedies as of 8.31."
    );

    book.load_merged_regions().unwrap();
    let merged: Vec<Dimensions> = book
        .merged_regions_by_sheet(SHEET_NAMES[0])
        .into_iter()
        .map(|(_, _, d)| *d)
        .collect();
    let m = |r1: u32, c1: u32, r2: u32, c2: u32| Dimensions {
        start: (r1, c1),
        end: (r2, c2),
    };
    for expected in [
        m(top, 0, top, 10),         // 권리구제 over every column
        m(top + 1, 0, top + 3, 0),  // 합계 down three rows
        m(top + 1, 1, top + 3, 1),  // 완료
        m(top + 1, 2, top + 3, 2),  // 진행
        m(top + 1, 3, top + 1, 10), // 진행 중 over the channels
        m(top + 2, 3, top + 2, 4),  // 노동청 over 신규 | 이월
        m(top + 2, 9, top + 2, 10), // 기타 over 신규 | 이월
        m(0, 0, 0, 10),             // the title
    ] {
        assert!(
            merged.contains(&expected),
            "missing merge {expected:?} in {merged:?}"
        );
    }
}

#[test]
fn t2_reads_back_with_blank_future_months_and_its_totals() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let ws = book.worksheet_range(SHEET_NAMES[1]).unwrap();
    let header = row_of(&ws, 0, "구분");
    let labels: Vec<String> = (0..16).map(|c| text(&ws, header, c)).collect();
    assert_eq!(labels[0], "구분");
    assert_eq!(labels[1], "1월");
    assert_eq!(labels[12], "12월");
    assert_eq!(&labels[13..], ["누계", "전년 동기", "증감"]);
    let total = row_of(&ws, 0, "합계");
    let months: f64 = (1..=8).map(|c| num(&ws, total, c)).sum();
    assert_eq!(months, 415.0, "January to August add up to the T1 total");
    assert_eq!(num(&ws, total, 13), 415.0, "누계");
    assert_eq!(
        cell(&ws, total, 9),
        Data::Empty,
        "September is blank, not zero"
    );
}

#[test]
fn t2_has_a_native_chart_of_monthly_totals() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut zip = zip_entries(&path);
    zip.sort();
    assert!(
        zip.iter().any(|n| n.starts_with("xl/charts/chart")),
        "{zip:?}"
    );
}

fn zip_entries(path: &Path) -> Vec<String> {
    parts(path).into_iter().map(|(name, _)| name).collect()
}

/// The parts of the xlsx container, each with its bytes: the container's central directory
/// lists every part (a chart is its own part) and where its data starts.
fn parts(path: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).unwrap();
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let mut found = Vec::new();
    let sig = b"PK\x01\x02";
    let mut i = 0;
    while let Some(pos) = bytes[i..].windows(4).position(|w| w == sig) {
        let at = i + pos;
        let len = u16_at(at + 28);
        let name = String::from_utf8_lossy(&bytes[at + 46..at + 46 + len]).into_owned();
        let local = u32_at(at + 42);
        let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let raw = &bytes[data..data + u32_at(at + 20)];
        // Method 0 is stored, 8 deflated.
        let content = if u16_at(at + 10) == 0 {
            raw.to_vec()
        } else {
            inflate(raw)
        };
        found.push((name, content));
        i = at + 4;
    }
    found
}

/// The text of one part: `xl/workbook.xml`, `xl/worksheets/sheet2.xml`, …
fn part(path: &Path, name: &str) -> String {
    let (_, bytes) = parts(path)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    String::from_utf8(bytes).unwrap()
}

/// Raw DEFLATE (RFC 1951), after zlib's puff.c: the test crate has no zip reader, and this is
/// enough to read the workbook's XML back.
fn inflate(data: &[u8]) -> Vec<u8> {
    const LEN_BASE: [usize; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const LEN_EXTRA: [usize; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    const DIST_BASE: [usize; 30] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
        2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ];
    const DIST_EXTRA: [usize; 30] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
        13, 13,
    ];
    const CODE_ORDER: [usize; 19] = [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ];
    /// A canonical Huffman code: how many codes of each length, and the symbols in code order.
    struct Code {
        count: [usize; 16],
        symbol: Vec<usize>,
    }
    fn code(lengths: &[usize]) -> Code {
        let mut count = [0; 16];
        lengths.iter().for_each(|&l| count[l] += 1);
        count[0] = 0;
        let mut offset = [0; 16];
        for len in 1..15 {
            offset[len + 1] = offset[len] + count[len];
        }
        let mut symbol = vec![0; lengths.len()];
        for (s, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbol[offset[l]] = s;
                offset[l] += 1;
            }
        }
        Code { count, symbol }
    }
    struct Bits<'a> {
        data: &'a [u8],
        at: usize,
    }
    impl Bits<'_> {
        fn take(&mut self, n: usize) -> usize {
            (0..n).fold(0, |v, i| {
                let bit = (self.data[self.at / 8] >> (self.at % 8)) & 1;
                self.at += 1;
                v | ((bit as usize) << i)
            })
        }
        fn decode(&mut self, code: &Code) -> usize {
            let (mut value, mut first, mut index) = (0, 0, 0);
            for len in 1..16 {
                value |= self.take(1);
                let count = code.count[len];
                if value < first + count {
                    return code.symbol[index + value - first];
                }
                index += count;
                first = (first + count) << 1;
                value <<= 1;
            }
            panic!("not a DEFLATE stream");
        }
    }
    let mut bits = Bits { data, at: 0 };
    let mut out: Vec<u8> = Vec::new();
    loop {
        let last = bits.take(1) == 1;
        match bits.take(2) {
            0 => {
                let start = bits.at.div_ceil(8);
                let len = u16::from_le_bytes([data[start], data[start + 1]]) as usize;
                out.extend_from_slice(&data[start + 4..start + 4 + len]);
                bits.at = (start + 4 + len) * 8;
            }
            kind => {
                let (lit, dist) = if kind == 1 {
                    let mut lengths = [8; 288];
                    lengths[144..256].fill(9);
                    lengths[256..280].fill(7);
                    (code(&lengths), code(&[5; 30]))
                } else {
                    let (nlen, ndist, ncode) =
                        (bits.take(5) + 257, bits.take(5) + 1, bits.take(4) + 4);
                    let mut lengths = [0; 19];
                    for &i in &CODE_ORDER[..ncode] {
                        lengths[i] = bits.take(3);
                    }
                    let lengths_code = code(&lengths);
                    let mut lengths = Vec::new();
                    while lengths.len() < nlen + ndist {
                        let (value, times) = match bits.decode(&lengths_code) {
                            s @ 0..=15 => (s, 1),
                            16 => (*lengths.last().unwrap(), 3 + bits.take(2)),
                            17 => (0, 3 + bits.take(3)),
                            _ => (0, 11 + bits.take(7)),
                        };
                        lengths.extend(std::iter::repeat_n(value, times));
                    }
                    (code(&lengths[..nlen]), code(&lengths[nlen..]))
                };
                loop {
                    match bits.decode(&lit) {
                        s @ 0..=255 => out.push(s as u8),
                        256 => break,
                        s => {
                            let len = LEN_BASE[s - 257] + bits.take(LEN_EXTRA[s - 257]);
                            let d = bits.decode(&dist);
                            let back = DIST_BASE[d] + bits.take(DIST_EXTRA[d]);
                            for _ in 0..len {
                                out.push(out[out.len() - back]);
                            }
                        }
                    }
                }
            }
        }
        if last {
            return out;
        }
    }
}

/// The opening tags `<name …>` in `xml`.
fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    xml.match_indices(&format!("<{name}"))
        .filter(|(i, _)| matches!(xml.as_bytes()[i + name.len() + 1], b' ' | b'>' | b'/'))
        .map(|(i, _)| &xml[i..i + xml[i..].find('>').unwrap() + 1])
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// How a sheet prints, read from the XML that Excel and LibreOffice lay pages out from.
struct Print {
    /// Points of sheet a page holds between its top and bottom margins, at the print scale.
    page_height: f64,
    /// The same across, and the width of the sheet's columns in points.
    page_width: f64,
    columns_width: f64,
    default_height: f64,
    heights: HashMap<u32, f64>,
    /// The first row of each page after a manual break.
    breaks: Vec<u32>,
    /// The rows printed at the top of every page.
    repeat: Option<RangeInclusive<u32>>,
    fit_to_page: bool,
    page_header: Option<String>,
}

fn print_setup(path: &Path, sheet: usize) -> Print {
    let xml = part(path, &format!("xl/worksheets/sheet{}.xml", sheet + 1));
    let number = |tag: &str, name: &str| -> Option<f64> {
        tags(&xml, tag)
            .first()
            .and_then(|t| attr(t, name))
            .map(|v| v.parse().unwrap())
    };
    let scale = number("pageSetup", "scale").unwrap_or(100.0) / 100.0;
    let landscape = tags(&xml, "pageSetup")
        .first()
        .and_then(|t| attr(t, "orientation"))
        == Some("landscape");
    assert!(landscape, "A4 landscape");
    let margins = |a: &str, b: &str| {
        (number("pageMargins", a).unwrap() + number("pageMargins", b).unwrap()) * 72.0
    };
    // A4 landscape, 297 × 210 mm, in points.
    let page_height = (595.3 - margins("top", "bottom")) / scale;
    let page_width = (841.9 - margins("left", "right")) / scale;
    // Column widths in characters: Excel draws one as 7 pixels (5.25 pt), LibreOffice as the
    // digit width of Calibri 11 pt (Carlito's: 1038/2048 of 11 pt); the wider counts.
    let columns_width = tags(&xml, "col")
        .iter()
        .map(|c| {
            let span = attr(c, "max").unwrap().parse::<f64>().unwrap()
                - attr(c, "min").unwrap().parse::<f64>().unwrap()
                + 1.0;
            let width: f64 = attr(c, "width").unwrap().parse().unwrap();
            span * ((width * 7.0).round() * 0.75).max(width * 11.0 * 1038.0 / 2048.0)
        })
        .sum();
    let heights = tags(&xml, "row")
        .iter()
        .filter_map(|r| {
            let row: u32 = attr(r, "r")?.parse().ok()?;
            Some((row - 1, attr(r, "ht")?.parse().ok()?))
        })
        .collect();
    let breaks = tags(&xml, "brk")
        .iter()
        .map(|b| attr(b, "id").unwrap().parse().unwrap())
        .collect();
    // Print_Titles is a name local to its sheet: `'월별 상담 현황'!$1:$3`.
    let workbook = part(path, "xl/workbook.xml");
    let repeat = workbook
        .match_indices("<definedName ")
        .map(|(i, _)| &workbook[i..i + workbook[i..].find("</definedName>").unwrap()])
        .find(|d| {
            attr(d, "name") == Some("_xlnm.Print_Titles")
                && attr(d, "localSheetId") == Some(&sheet.to_string())
        })
        .map(|d| {
            let rows = &d[d.rfind('!').unwrap() + 1..];
            let (a, b) = rows.split_once(':').unwrap();
            let row = |r: &str| r.trim_start_matches('$').parse::<u32>().unwrap() - 1;
            row(a)..=row(b)
        });
    let page_header = xml
        .find("<oddHeader>")
        .map(|i| xml[i..i + xml[i..].find("</oddHeader>").unwrap()].to_string());
    Print {
        page_height,
        page_width,
        columns_width,
        default_height: number("sheetFormatPr", "defaultRowHeight").unwrap(),
        heights,
        breaks,
        repeat,
        fit_to_page: tags(&xml, "pageSetUpPr")
            .first()
            .and_then(|t| attr(t, "fitToPage"))
            == Some("1"),
        page_header,
    }
}

impl Print {
    fn height(&self, rows: RangeInclusive<u32>) -> f64 {
        rows.map(|r| *self.heights.get(&r).unwrap_or(&self.default_height))
            .sum()
    }

    /// The rows of each printed page from `first` (below the repeated rows) to `last`, and
    /// whether each fits its page: Excel and LibreOffice break a page early only when it is full.
    fn pages(&self, first: u32, last: u32) -> Vec<(RangeInclusive<u32>, bool)> {
        let mut starts = vec![first];
        starts.extend(
            self.breaks
                .iter()
                .copied()
                .filter(|&b| b > first && b <= last),
        );
        let repeated = self.repeat.clone().map_or(0.0, |r| self.height(r));
        starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = starts.get(i + 1).map_or(last, |next| next - 1);
                let fits = repeated + self.height(start..=end) <= self.page_height;
                (start..=end, fits)
            })
            .collect()
    }
}

/// The blocks of a sheet stacked like T2 and T3: a title line, a `구분` header, rows down to
/// the blank row below. Rows, first and last.
fn blocks(range: &calamine::Range<Data>) -> Vec<RangeInclusive<u32>> {
    (1..range.height() as u32)
        .filter(|&r| matches!(cell(range, r, 0), Data::String(ref s) if s == "구분"))
        .map(|header| {
            let end = (header..)
                .take_while(|&r| cell(range, r, 0) != Data::Empty)
                .last()
                .unwrap();
            header - 1..=end
        })
        .collect()
}

/// Where the T2 chart is anchored: its first and last rows.
fn chart_rows(path: &Path) -> RangeInclusive<u32> {
    let xml = part(path, "xl/drawings/drawing1.xml");
    let row_after = |marker: &str| -> u32 {
        let from = xml.find(marker).unwrap();
        let at = from + xml[from..].find("<xdr:row>").unwrap() + "<xdr:row>".len();
        xml[at..at + xml[at..].find('<').unwrap()].parse().unwrap()
    };
    row_after("<xdr:from>")..=row_after("<xdr:to>")
}

#[test]
fn t2_and_t3_print_each_block_whole_on_a_page_that_starts_with_its_title_and_header() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    for sheet in [1, 2] {
        let name = SHEET_NAMES[sheet];
        let ws = book.worksheet_range(name).unwrap();
        let print = print_setup(&path, sheet);
        assert!(
            !print.fit_to_page,
            "{name}: \"fit to page\" would make Excel and LibreOffice drop the page breaks"
        );
        assert!(
            print.columns_width <= print.page_width,
            "{name}: one page wide ({} pt of columns, {} pt of page)",
            print.columns_width,
            print.page_width
        );
        assert_eq!(
            print.repeat,
            Some(0..=2),
            "{name}: the title lines repeat on every page, never one block's header over another"
        );
        let blocks = blocks(&ws);
        assert!(blocks.len() >= 4, "{name}: {blocks:?}");
        assert!(!print.breaks.is_empty(), "{name}: more than one page");
        let last = *blocks.last().unwrap().end();
        for (rows, fits) in print.pages(3, last) {
            assert!(fits, "{name}: rows {rows:?} overflow their page");
            assert!(
                blocks.iter().any(|b| b.start() == rows.start()),
                "{name}: the page of rows {rows:?} starts with a block's title"
            );
            for block in &blocks {
                assert!(
                    rows.contains(block.start()) == rows.contains(block.end()),
                    "{name}: block {block:?} split by the page of rows {rows:?}"
                );
            }
        }
    }
}

#[test]
fn every_sheet_prints_one_page_wide_with_its_title_lines_on_every_page() {
    let (_dir, path) = demo_workbook(WorkbookOptions {
        case_list: true,
        personal_data_reason: None,
    });
    for (sheet, name) in SHEET_NAMES.iter().chain(["사건 목록"].iter()).enumerate() {
        let print = print_setup(&path, sheet);
        assert!(
            print.columns_width <= print.page_width,
            "{name}: one page wide ({} pt of columns, {} pt of page)",
            print.columns_width,
            print.page_width
        );
        assert!(!print.fit_to_page, "{name}: a scale, not fit to page");
        assert!(
            print
                .repeat
                .as_ref()
                .is_some_and(|r| r.contains(&0) && r.contains(&2)),
            "{name}: the title, center and unit lines repeat: {:?}",
            print.repeat
        );
    }
}

#[test]
fn the_t2_chart_prints_whole_on_a_page_of_its_own() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let ws = book.worksheet_range(SHEET_NAMES[1]).unwrap();
    let print = print_setup(&path, 1);
    assert!(
        !print.fit_to_page,
        "under \"fit to page\" the break before the chart is dropped and the chart is cut"
    );
    let tables_end = *blocks(&ws).last().unwrap().end();
    let chart = chart_rows(&path);
    let pages = print.pages(3, *chart.end());
    let (rows, fits) = pages.last().unwrap();
    assert!(
        *rows.start() > tables_end && rows.contains(chart.start()),
        "the chart (rows {chart:?}) starts a page after the tables (to row {tables_end}): {pages:?}"
    );
    assert!(fits, "the chart's page holds all of it: {pages:?}");
}

#[test]
fn t2_names_the_units_of_each_block_on_its_title_line() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let ws = book.worksheet_range(SHEET_NAMES[1]).unwrap();
    let titles: Vec<(String, String)> = blocks(&ws)
        .iter()
        .map(|b| (text(&ws, *b.start(), 0), text(&ws, *b.start(), 8)))
        .collect();
    let expected = [
        ("월별 상담 현황", "(단위 : 건)"),
        ("상담방법별 현황", "(단위 : 건)"),
        ("처리결과별 현황", "(단위 : 건)"),
        ("상담 단위별 현황", "(단위 : 건, 명, 회)"),
    ];
    assert_eq!(
        titles,
        expected.map(|(t, u)| (t.to_string(), u.to_string())),
        "counting units hold cases, persons and sessions"
    );
    let units = row_of(&ws, 0, "상담 단위별 현황");
    let labels: Vec<String> = (2..5).map(|i| text(&ws, units + i, 0)).collect();
    assert_eq!(
        labels,
        ["상담 건수(건)", "내담자 실인원(명)", "상담 횟수(회)"]
    );
    assert_eq!(
        text(&ws, 2, 0),
        "(8.31. 기준)",
        "the sheet's line gives the date; each block its unit"
    );
}

#[test]
fn the_center_name_and_the_as_of_date_appear_once_on_each_sheet() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    for (sheet, name) in SHEET_NAMES.iter().enumerate() {
        let ws = book.worksheet_range(name).unwrap();
        let count = |needle: &str| {
            ws.cells()
                .filter(|(_, _, v)| matches!(v, Data::String(s) if s.contains(needle)))
                .count()
        };
        assert_eq!(
            count("테스트 노동권익센터"),
            1,
            "{name}: the center name once"
        );
        assert_eq!(count("2024-08-31"), 1, "{name}: the as-of date once");
        assert_eq!(count("8.31."), 1, "{name}: the city's (8.31. 기준…) once");
        let print = print_setup(&path, sheet);
        assert_eq!(
            print.page_header, None,
            "{name}: the repeated title lines carry the center name on each page, not a page header too"
        );
    }
}

#[test]
fn a_long_center_name_spans_the_table_and_wraps_rather_than_being_cut() {
    let (s, mut report) = demo_report();
    report.center_name = "서울특별시 영등포구 비정규직 노동자의 권익보호 지원센터".into();
    assert_eq!(report.center_name.chars().count(), 30);
    let (_dir, path) = written(&s, &report, &WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    book.load_merged_regions().unwrap();
    for (sheet, name) in SHEET_NAMES.iter().enumerate() {
        let merged: Vec<Dimensions> = book
            .merged_regions_by_sheet(name)
            .into_iter()
            .map(|(_, _, d)| *d)
            .collect();
        let title = merged.iter().find(|d| d.start == (0, 0)).unwrap();
        let center = Dimensions {
            start: (1, 0),
            end: (1, title.end.1),
        };
        assert!(
            merged.contains(&center),
            "{name}: the center line spans the title's width {title:?}: {merged:?}"
        );
        let ws = book.worksheet_range(name).unwrap();
        assert!(text(&ws, 1, 0).starts_with(&report.center_name));
        let print = print_setup(&path, sheet);
        if *name == "유형별 복수집계" {
            assert_eq!(center.end.1, 2, "T5 is three columns wide");
            assert!(
                print.height(1..=1) >= 2.0 * print.default_height,
                "T5's center line is two lines tall, so that the wrapped name shows whole"
            );
        }
    }
}

#[test]
fn t6_puts_the_number_of_events_in_a_column_of_its_own_on_the_total_row() {
    let (s, report) = demo_report();
    assert!(report.t6.events > 0, "the demo data has outreach events");
    let (_dir, path) = written(&s, &report, &WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let t6 = book.worksheet_range(SHEET_NAMES[5]).unwrap();
    let h = row_of(&t6, 0, "일자");
    assert_eq!(text(&t6, h, 5), "운영 횟수(회)");
    let total = row_of(&t6, 0, "합계");
    assert_eq!(
        total - h - 1,
        report.t6.rows.len() as u32,
        "one row per event"
    );
    assert_eq!(
        (num(&t6, total, 3), num(&t6, total, 4), num(&t6, total, 5)),
        (
            report.t6.persons as f64,
            report.t6.cases as f64,
            report.t6.events as f64
        ),
        "상담 인원, 상담 건수, 운영 횟수 as numbers"
    );
    assert_eq!(
        cell(&t6, total, 2),
        Data::Empty,
        "합계 spans the first three columns"
    );
    assert!(
        (h + 1..total).all(|r| cell(&t6, r, 5) == Data::Empty),
        "운영 횟수 is counted on the total row only"
    );
}

#[test]
fn every_table_sheet_reads_back_with_its_headers_and_numbers_as_numbers() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let t3 = book.worksheet_range(SHEET_NAMES[2]).unwrap();
    let g = row_of(&t3, 0, "성별");
    assert_eq!(
        (
            text(&t3, g + 1, 0),
            text(&t3, g + 1, 1),
            text(&t3, g + 1, 2)
        ),
        ("구분".into(), "건수".into(), "비율(%)".into())
    );
    for block in [
        "연령대",
        "국적",
        "고용형태",
        "사업장 규모",
        "업종",
        "지역",
        "노조 유무",
        "내담자 구분",
    ] {
        row_of(&t3, 0, block);
    }
    let t4 = book.worksheet_range(SHEET_NAMES[3]).unwrap();
    let h = row_of(&t4, 0, "구분");
    let cols: Vec<String> = (0..14).map(|c| text(&t4, h, c)).collect();
    assert_eq!(
        cols,
        [
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
            "회수액(원)"
        ]
    );
    let total = row_of(&t4, 0, "합계");
    assert_eq!(
        (num(&t4, total, 3), num(&t4, total, 4), num(&t4, total, 5)),
        (21.0, 14.0, 7.0)
    );
    let t5 = book.worksheet_range(SHEET_NAMES[4]).unwrap();
    let h = row_of(&t5, 0, "구분");
    assert_eq!(
        (text(&t5, h, 1), text(&t5, h, 2)),
        ("주 유형(건)".into(), "복수 유형 포함(건)".into())
    );
    assert_eq!(num(&t5, h + 1, 1), 60.0, "임금체불 as primary");
    let t6 = book.worksheet_range(SHEET_NAMES[5]).unwrap();
    let h = row_of(&t6, 0, "일자");
    let cols: Vec<String> = (0..6).map(|c| text(&t6, h, c)).collect();
    assert_eq!(
        cols,
        [
            "일자",
            "장소",
            "운영 형태",
            "상담 인원(명)",
            "상담 건수(건)",
            "운영 횟수(회)"
        ]
    );
}

#[test]
fn the_case_list_sheet_is_off_by_default_and_never_carries_names() {
    let (_dir, path) = demo_workbook(WorkbookOptions {
        case_list: true,
        personal_data_reason: None,
    });
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names().len(), 7);
    let list = book.worksheet_range("사건 목록").unwrap();
    let h = row_of(&list, 0, "사건번호");
    assert_eq!(
        list.height() as u32 - h - 1,
        415,
        "one row per case of the period"
    );
    let mut s = store();
    labordesk::demo::write_demo(&mut s).unwrap();
    let page = s
        .list_cases(&labordesk::domain::CaseFilter {
            limit: 1000,
            ..Default::default()
        })
        .unwrap();
    let names: std::collections::HashSet<String> = page
        .items
        .iter()
        .filter_map(|c| c.client_name.clone())
        .collect();
    assert!(!names.is_empty());
    assert!(
        list.rows()
            .flatten()
            .all(|c| !matches!(c, Data::String(s) if names.contains(s))),
        "no client name in the sheet"
    );
}

#[test]
fn a_failed_write_leaves_no_file_behind() {
    let s = store();
    let report = s.report(Period::as_of(d(2024, 8, 31))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("통계.xlsx");
    let err = write_workbook(&s, &report, &path, &WorkbookOptions::default()).unwrap_err();
    assert_eq!(err.code(), "io");
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn names_in_the_case_list_need_a_reason_which_the_access_log_keeps() {
    use labordesk::domain::AccessAction;
    use labordesk::store::accounts::AccessLogFilter;
    let mut s = store();
    s.create_case(&labordesk::CaseInput {
        client_name: Some("내보낼이름".into()),
        ..intake("2024-05-02", "other")
    })
    .unwrap();
    let report = s.report(Period::as_of(d(2024, 8, 31))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("명단.xlsx");
    let blank = WorkbookOptions {
        case_list: true,
        personal_data_reason: Some("  ".into()),
    };
    assert_eq!(
        write_workbook(&s, &report, &path, &blank)
            .unwrap_err()
            .code(),
        "invalid"
    );
    assert!(!path.exists());
    let with_reason = WorkbookOptions {
        case_list: true,
        personal_data_reason: Some("노동청 진정 대리 자료".into()),
    };
    write_workbook(&s, &report, &path, &with_reason).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let list = book.worksheet_range("사건 목록").unwrap();
    assert!(list
        .rows()
        .flatten()
        .any(|c| matches!(c, Data::String(v) if v == "내보낼이름")));
    let exports = s
        .access_log(&AccessLogFilter {
            action: Some(AccessAction::Export),
            ..Default::default()
        })
        .unwrap();
    assert!(
        exports[0]
            .detail
            .as_deref()
            .unwrap()
            .contains("사유: 노동청 진정 대리 자료"),
        "{exports:?}"
    );
}

#[test]
fn the_case_list_export_streams_every_case_without_names_to_excel_and_csv() {
    use labordesk::export::{CaseListExport, CASE_LIST_COLUMNS};
    let mut s = store();
    labordesk::demo::write_demo(&mut s).unwrap();
    let mine = s
        .create_case(&labordesk::CaseInput {
            client_name: Some("목록에없을이름".into()),
            client_phone: Some("010-4444-5555".into()),
            ..intake("2024-11-02", "harassment")
        })
        .unwrap();
    let live = s.count_cases().unwrap();
    let dir = tempfile::tempdir().unwrap();

    let xlsx = dir.path().join("사건목록.xlsx");
    let n = s
        .export_case_list(&CaseListExport::default(), &xlsx)
        .unwrap();
    assert_eq!(n, live);
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("사건 목록").unwrap();
    assert_eq!(sheet.height() as u64, live + 1);
    assert_eq!(text(&sheet, 0, 0), "사건번호");
    let at = (1..sheet.height() as u32)
        .find(|&r| text(&sheet, r, 0) == mine.case_no)
        .unwrap();
    assert_eq!(text(&sheet, at, 4), "직장내 괴롭힘", "labels");
    assert!(matches!(cell(&sheet, at, 1), Data::DateTime(_)));
    let received: Vec<String> = (1..sheet.height() as u32)
        .map(|r| cell(&sheet, r, 1).to_string())
        .collect();
    assert!(received.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    let bytes = std::fs::read(&xlsx).unwrap();
    drop(book);

    let csv = dir.path().join("cases.csv");
    let limited = CaseListExport {
        received_from: Some(d(2024, 1, 1)),
        limit: Some(5),
        ..Default::default()
    };
    assert_eq!(s.export_case_list(&limited, &csv).unwrap(), 5);
    let text_csv = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = text_csv.lines().next().unwrap().split(',').collect();
    let keys: Vec<&str> = CASE_LIST_COLUMNS.iter().map(|c| c.key).collect();
    assert_eq!(header, keys);
    assert_eq!(text_csv.lines().count(), 6);
    assert!(text_csv.lines().nth(1).unwrap().contains(",2024-"));

    let all_csv = dir.path().join("all.csv");
    s.export_case_list(&CaseListExport::default(), &all_csv)
        .unwrap();
    let all = std::fs::read_to_string(&all_csv).unwrap();
    for secret in ["목록에없을이름", "010-4444-5555"] {
        assert!(!all.contains(secret), "{secret} in the CSV");
    }
    assert!(all
        .lines()
        .any(|l| l.starts_with(&mine.case_no) && l.contains(",harassment,")));
    // The xlsx is compressed: look for the name in the sheet's cells instead.
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("사건 목록").unwrap();
    assert!(sheet
        .cells()
        .all(|(_, _, v)| !v.to_string().contains("목록에없을이름")));
    assert!(!bytes.is_empty());

    // A folder that does not exist: a Korean error and no file anywhere.
    let e = s
        .export_case_list(&CaseListExport::default(), &dir.path().join("없음/x.xlsx"))
        .unwrap_err();
    assert_eq!(e.code(), "io");
    let exports = s
        .access_log(&labordesk::store::accounts::AccessLogFilter {
            action: Some(labordesk::domain::AccessAction::Export),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        exports.len(),
        3,
        "each written export is logged, the failed one not"
    );
}
