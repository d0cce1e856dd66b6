//! T3 내담자 현황: one block per profile dimension, 건수 and 비율(%).

use std::collections::HashMap;

use serde::Serialize;

use super::Period;
use crate::domain::*;
use crate::error::Result;
use crate::store::Store;

/// One line of a profile block: 건수 and 비율(%) to one decimal.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ShareRow {
    pub key: String,
    pub label: String,
    pub count: u64,
    pub percent: f64,
}

/// One dimension of T3 (성별, 연령대, …): every value of the list, 미상 included, and 합계.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ProfileBlock {
    pub key: String,
    pub title: String,
    pub rows: Vec<ShareRow>,
    pub total: u64,
}

/// T3 내담자 현황: cases received in the period, by client profile.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T3 {
    pub blocks: Vec<ProfileBlock>,
}

/// Largest-remainder rounding to one decimal, so a block's percentages add to exactly 100.0.
fn percentages(counts: &[u64]) -> Vec<f64> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return vec![0.0; counts.len()];
    }
    let exact: Vec<f64> = counts
        .iter()
        .map(|&c| c as f64 * 1000.0 / total as f64)
        .collect();
    let mut tenths: Vec<u64> = exact.iter().map(|e| e.floor() as u64).collect();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    let missing = 1000 - tenths.iter().sum::<u64>();
    for &i in order.iter().take(missing as usize) {
        tenths[i] += 1;
    }
    tenths.into_iter().map(|t| t as f64 / 10.0).collect()
}

fn profile_block<T: CodeList>(key: &str, counts: &HashMap<String, u64>) -> ProfileBlock {
    let values: Vec<u64> = T::ALL
        .iter()
        .map(|v| *counts.get(v.code()).unwrap_or(&0))
        .collect();
    let shares = percentages(&values);
    ProfileBlock {
        key: key.into(),
        title: T::LIST_LABEL.into(),
        rows: T::ALL
            .iter()
            .zip(values.iter().zip(shares))
            .map(|(v, (&count, percent))| ShareRow {
                key: v.code().into(),
                label: v.label().into(),
                count,
                percent,
            })
            .collect(),
        total: values.iter().sum(),
    }
}

impl Store {
    pub fn t3(&self, period: Period) -> Result<T3> {
        // Each block's dimension in `case_tally` is named by the block's key.
        let block = |key: &str| self.case_totals(key, period);
        Ok(T3 {
            blocks: vec![
                profile_block::<Gender>("gender", &block("gender")?),
                profile_block::<AgeBand>("age_band", &block("age_band")?),
                profile_block::<Nationality>("nationality", &block("nationality")?),
                profile_block::<EmploymentType>("employment_type", &block("employment_type")?),
                profile_block::<WorkplaceSize>("workplace_size", &block("workplace_size")?),
                profile_block::<Industry>("industry", &block("industry")?),
                profile_block::<Region>("region", &block("region")?),
                profile_block::<UnionPresence>("union_presence", &block("union_presence")?),
                profile_block::<ClientRole>("client_role", &block("client_role")?),
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::percentages;

    #[test]
    fn percentages_add_to_exactly_one_hundred() {
        let p = percentages(&[1, 1, 1]);
        assert_eq!(p, [33.4, 33.3, 33.3]);
        assert_eq!(
            percentages(&[0, 0]),
            [0.0, 0.0],
            "an empty block shows zeros, not NaN"
        );
        let p = percentages(&[7, 13, 29, 1, 0, 50]);
        assert_eq!((p.iter().sum::<f64>() * 10.0).round(), 1000.0);
    }
}
