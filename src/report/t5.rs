//! T5 유형별 복수집계: cases by category, primary only and with the secondary ones.

use serde::Serialize;

use super::Period;
use crate::domain::*;
use crate::error::Result;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T5Row {
    pub key: String,
    pub label: String,
    /// 주 유형(건).
    pub primary: u64,
    /// 복수 유형 포함(건): each case once in each of its categories.
    pub with_secondary: u64,
}

/// T5 유형별 복수집계.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T5 {
    pub rows: Vec<T5Row>,
}

impl Store {
    pub fn t5(&self, period: Period) -> Result<T5> {
        let primary = self.case_totals("category", period)?;
        // A secondary category equal to the primary is never stored, so the sum counts each
        // case once per category.
        let secondary = self.case_totals("secondary", period)?;
        Ok(T5 {
            rows: Category::ALL
                .iter()
                .map(|c| {
                    let p = *primary.get(c.code()).unwrap_or(&0);
                    T5Row {
                        key: c.code().into(),
                        label: c.label().into(),
                        primary: p,
                        with_secondary: p + secondary.get(c.code()).unwrap_or(&0),
                    }
                })
                .collect(),
        })
    }
}
