//! The rows of an import file: cells by column name, and errors named by row and field.

use std::collections::HashMap;
use std::path::Path;

use crate::domain::validate::excerpt;
use crate::error::{Error, FieldError, Result, RowError};
pub use table::Table;

use super::*;

/// One row's cells by column name.
pub(super) struct Row<'a> {
    pub(super) number: usize,
    pub(super) cells: HashMap<&'a str, &'a str>,
}

impl Row<'_> {
    pub(super) fn get(&self, column: &str) -> Option<String> {
        self.cells
            .get(column)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    pub(super) fn error(&self, field: &str, message: impl Into<String>) -> RowError {
        RowError {
            row: self.number,
            field: field.to_owned(),
            message: message.into(),
        }
    }

    pub(super) fn year(&self, field: &str, errors: &mut Vec<RowError>) -> Option<i32> {
        let text = self.get(field)?;
        match text.trim_end_matches('년').parse::<i32>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(self.error(
                    field,
                    format!(
                        "출생연도 — '{}'은(는) 연도(YYYY)가 아닙니다",
                        excerpt(&text)
                    ),
                ));
                None
            }
        }
    }

    pub(super) fn amount(&self, field: &str, errors: &mut Vec<RowError>) -> Option<i64> {
        let text = self.get(field)?;
        match text
            .replace([',', ' '], "")
            .trim_end_matches('원')
            .parse::<i64>()
        {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(self.error(
                    field,
                    format!("'{}'은(는) 금액(원, 정수)이 아닙니다", excerpt(&text)),
                ));
                None
            }
        }
    }
}

/// Checks the header and splits the table into rows by column name, skipping blank rows.
pub(super) fn rows<'a>(
    path: &Path,
    table: &'a Table,
    columns: &[&str],
    required: &[&str],
) -> Result<Vec<Row<'a>>> {
    let bad = |reason: String| Error::ImportFile {
        file: path.display().to_string(),
        reason,
    };
    let unknown: Vec<&str> = table
        .header
        .iter()
        .map(String::as_str)
        .filter(|h| !h.is_empty() && !columns.contains(h))
        .collect();
    if !unknown.is_empty() {
        return Err(bad(format!(
            "알 수 없는 열이 있습니다: {} (허용되는 열: {})",
            unknown.join(", "),
            columns.join(",")
        )));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in table.header.iter().enumerate() {
        if name.is_empty() {
            // A blank header over empty cells is a stray trailing column; over values it would
            // drop them silently.
            if table
                .rows
                .iter()
                .any(|r| r.get(i).is_some_and(|c| !c.trim().is_empty()))
            {
                return Err(bad(format!(
                    "머리글의 {}번째 열 이름이 비어 있는데 그 아래에 값이 있습니다",
                    i + 1
                )));
            }
        } else if let Some(first) = seen.insert(name, i) {
            return Err(bad(format!(
                "머리글에 '{name}' 열이 두 번 있습니다 ({}번째와 {}번째 열)",
                first + 1,
                i + 1
            )));
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !table.header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(bad(format!("필수 열이 없습니다: {}", missing.join(", "))));
    }
    Ok(table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, cells)| Row {
            number: i + 1,
            cells: table
                .header
                .iter()
                .map(String::as_str)
                .zip(cells.iter().map(String::as_str))
                .collect(),
        })
        .collect())
}

pub(super) fn field_errors(row: &Row<'_>, e: Error, errors: &mut Vec<RowError>) -> Result<()> {
    match e {
        Error::Invalid(fields) => {
            errors.extend(
                fields
                    .into_iter()
                    .map(|FieldError { field, message }| row.error(&field, message)),
            );
            Ok(())
        }
        other => Err(other),
    }
}

pub(super) fn fail_if_any(mut errors: Vec<RowError>) -> Result<()> {
    errors.sort_by_key(|e| e.row);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::ImportRows(errors))
    }
}
