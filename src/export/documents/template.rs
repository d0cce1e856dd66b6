//! The line format of the document templates in `assets/documents/` and its rendering to a
//! Word document (docx-rs). A template is plain text a center can read and correct:
//!
//! - `# …` a comment; a blank line is nothing;
//! - `= …` the title, `== …` a section heading;
//! - `| a | b | c | d |` a row of a table; rows in a row make one table, and in each pair of
//!   cells the first is a label (shaded) and the second its value;
//! - `{{table:NAME}}` alone on its line: a table the program fills (sessions, remedies …);
//! - any other line a paragraph.
//!
//! `{{field}}` anywhere is replaced by the field's value; a field the case does not have is
//! left blank, to be filled in by hand. A field the program does not know is an error, so a
//! misspelt template fails its test instead of printing a blank.

use std::collections::BTreeMap;

use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Shading, ShdType,
    Table, TableCell, TableRow, WidthType,
};

use serde::Serialize;

use crate::error::{Error, Result};

/// The values of a document's `{{field}}`s.
pub type Fields = BTreeMap<&'static str, String>;

/// A table the program fills: its header and its rows.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// What the table says when it has no rows.
    pub empty: &'static str,
}

/// One line of a template.
#[derive(Debug, PartialEq)]
enum Line<'a> {
    Title(&'a str),
    Heading(&'a str),
    Row(Vec<&'a str>),
    Table(&'a str),
    Text(&'a str),
}

fn parse(template: &str) -> Vec<Line<'_>> {
    template
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# ") && *l != "#")
        .map(|l| {
            if let Some(t) = l.strip_prefix("== ") {
                Line::Heading(t)
            } else if let Some(t) = l.strip_prefix("= ") {
                Line::Title(t)
            } else if let Some(name) = l
                .strip_prefix("{{table:")
                .and_then(|r| r.strip_suffix("}}"))
            {
                Line::Table(name)
            } else if l.starts_with('|') && l.ends_with('|') && l.len() > 1 {
                Line::Row(l[1..l.len() - 1].split('|').map(str::trim).collect())
            } else {
                Line::Text(l)
            }
        })
        .collect()
}

/// `text` with each `{{field}}` replaced by its value.
fn fill(text: &str, fields: &Fields) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| template_error(format!("닫히지 않은 {{{{: {text}")))?;
        let key = after[..end].trim();
        let value = fields
            .get(key)
            .ok_or_else(|| template_error(format!("알 수 없는 항목 {{{{{key}}}}}")))?;
        out.push_str(value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn template_error(message: String) -> Error {
    Error::InvalidState(format!("문서 양식 오류: {message}"))
}

/// Korean text in a font every center's Windows has, and the system's CJK font elsewhere.
fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii("Malgun Gothic")
        .hi_ansi("Malgun Gothic")
        .east_asia("맑은 고딕")
        .cs("Malgun Gothic")
}

fn text_paragraph(text: &str) -> Paragraph {
    // A value of several lines (a summary, a session's notes) keeps its line breaks.
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    Paragraph::new().add_run(run)
}

fn cell(text: &str, label: bool, width: usize) -> TableCell {
    let mut p = text_paragraph(text);
    if label {
        p = p.bold();
    }
    let c = TableCell::new()
        .add_paragraph(p)
        .width(width, WidthType::Dxa);
    if label {
        c.shading(Shading::new().shd_type(ShdType::Clear).fill("EDEFF2"))
    } else {
        c
    }
}

/// The width of A4 between the margins, in twentieths of a point.
const TEXT_WIDTH: usize = 11_906 - 2 * 1_134;

fn label_rows(rows: &[Vec<String>]) -> Table {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(2).max(1);
    // Labels narrower than values: a label takes 2 parts, a value 3.
    let parts: usize = (0..columns).map(|i| if i % 2 == 0 { 2 } else { 3 }).sum();
    let widths: Vec<usize> = (0..columns)
        .map(|i| TEXT_WIDTH * if i % 2 == 0 { 2 } else { 3 } / parts)
        .collect();
    let rows = rows
        .iter()
        .map(|r| {
            TableRow::new(
                (0..columns)
                    .map(|i| cell(r.get(i).map_or("", String::as_str), i % 2 == 0, widths[i]))
                    .collect(),
            )
        })
        .collect();
    Table::new(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

fn grid_table(header: &[String], body: &[Vec<String>]) -> Table {
    let columns = header.len().max(1);
    let width = TEXT_WIDTH / columns;
    let mut rows = vec![TableRow::new(
        header.iter().map(|h| cell(h, true, width)).collect(),
    )];
    rows.extend(body.iter().map(|r| {
        TableRow::new(
            (0..columns)
                .map(|i| cell(r.get(i).map_or("", String::as_str), false, width))
                .collect(),
        )
    }));
    Table::new(rows)
        .set_grid(vec![width; columns])
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// A template filled for one case: what the .docx holds and what the app's preview shows, so
/// the two cannot differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Title {
        text: String,
    },
    Heading {
        text: String,
    },
    /// A table of label–value pairs (labels in the even columns).
    Labels {
        rows: Vec<Vec<String>>,
    },
    /// A table the program filled; `empty` is said instead when it has no rows.
    Grid {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        empty: String,
    },
    Text {
        text: String,
    },
}

/// `template` with `fields` and the program's `grids` filled in.
pub fn blocks(template: &str, fields: &Fields, grids: &BTreeMap<&str, Grid>) -> Result<Vec<Block>> {
    let mut out = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let flush = |out: &mut Vec<Block>, rows: &mut Vec<Vec<String>>| {
        if !rows.is_empty() {
            out.push(Block::Labels {
                rows: std::mem::take(rows),
            });
        }
    };
    for line in parse(template) {
        if let Line::Row(cells) = &line {
            rows.push(
                cells
                    .iter()
                    .map(|c| fill(c, fields))
                    .collect::<Result<_>>()?,
            );
            continue;
        }
        flush(&mut out, &mut rows);
        out.push(match line {
            Line::Title(t) => Block::Title {
                text: fill(t, fields)?,
            },
            Line::Heading(t) => Block::Heading {
                text: fill(t, fields)?,
            },
            Line::Table(name) => {
                let grid = grids
                    .get(name)
                    .ok_or_else(|| template_error(format!("알 수 없는 표 {name}")))?;
                Block::Grid {
                    header: grid.header.iter().map(|h| h.to_string()).collect(),
                    rows: grid.rows.clone(),
                    empty: grid.empty.to_string(),
                }
            }
            Line::Text(t) => Block::Text {
                text: fill(t, fields)?,
            },
            Line::Row(_) => unreachable!("rows are gathered above"),
        });
    }
    flush(&mut out, &mut rows);
    Ok(out)
}

/// Renders filled `blocks` into a Word document on A4.
pub fn render(blocks: &[Block]) -> Result<Vec<u8>> {
    let mut doc = Docx::new()
        .page_size(11_906, 16_838)
        .page_margin(
            PageMargin::new()
                .top(1_134)
                .bottom(1_134)
                .left(1_134)
                .right(1_134),
        )
        .default_fonts(fonts())
        .default_size(20);
    for block in blocks {
        doc = match block {
            Block::Title { text } => doc.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(text).bold().size(32))
                    .line_spacing(LineSpacing::new().after(120))
                    .align(AlignmentType::Center),
            ),
            // A heading stands 12 pt clear of the table above it and 4 pt above its own.
            Block::Heading { text } => doc.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(text).bold().size(24))
                    .line_spacing(LineSpacing::new().before(240).after(80))
                    .keep_next(true),
            ),
            Block::Labels { rows } => doc.add_table(label_rows(rows)),
            Block::Grid {
                header,
                rows,
                empty,
            } => {
                if rows.is_empty() {
                    doc.add_paragraph(text_paragraph(empty))
                } else {
                    doc.add_table(grid_table(header, rows))
                }
            }
            Block::Text { text } => doc.add_paragraph(text_paragraph(text)),
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| Error::InvalidState(format!("문서를 만들지 못했습니다: {e}")))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_by_their_first_characters() {
        let lines =
            parse("# a comment\n= 제목\n== 절\n| 가 | {{x}} |\n{{table:t}}\n\n본문 {{x}}\n");
        assert_eq!(
            lines,
            vec![
                Line::Title("제목"),
                Line::Heading("절"),
                Line::Row(vec!["가", "{{x}}"]),
                Line::Table("t"),
                Line::Text("본문 {{x}}"),
            ]
        );
    }

    #[test]
    fn fields_are_filled_and_an_unknown_one_is_an_error() {
        let fields: Fields = [("name", "홍길동".to_string()), ("empty", String::new())].into();
        assert_eq!(
            fill("성명 {{name}}, {{ empty }}끝", &fields).unwrap(),
            "성명 홍길동, 끝"
        );
        let e = fill("{{nmae}}", &fields).unwrap_err().to_string();
        assert!(e.contains("{{nmae}}"), "{e}");
        assert!(fill("{{name", &fields).is_err());
    }
}
