//! 간이대지급금 (임금채권보장법 제7조①4, 시행령 제7조의2): the state pays a worker who left what
//! the employer owes, up to ceilings, and recovers it from the employer. Ceilings by the day
//! they took effect (고용노동부 고시 「대지급금 상한액」).
//!
//! Limits: whether the amounts fall in the covered periods (wages of the last three months of
//! work, severance of the last three years) is the counselor's split to enter; the 체불임금등·
//! 사업주 확인서 and the application after it have their own windows (신청은 확인서 발급일부터
//! 6개월 이내) that follow the proceeding, not the case.

use chrono::NaiveDate;
use serde::Serialize;

use super::average_wage::amount;
use super::{basis, group_digits, Basis};
use crate::domain::dates::months_after;
use crate::error::{Error, Result};

/// The ceilings in won, by the day (year, month, day) they took effect.
struct Ceiling {
    from: (i32, u32, u32),
    wages: i64,
    severance: i64,
    total: i64,
}

const CEILINGS: &[Ceiling] = &[Ceiling {
    from: (2021, 10, 14),
    wages: 7_000_000,
    severance: 7_000_000,
    total: 10_000_000,
}];

/// The 간이대지급금 ceilings in won for one 퇴직일, and the day they took effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubstituteCeilings {
    pub since: NaiveDate,
    pub wages: i64,
    pub severance: i64,
    pub total: i64,
}

/// The ceilings in force for a worker whose 퇴직일 is `left_on`; none before the first.
pub fn substitute_ceilings(left_on: NaiveDate) -> Option<SubstituteCeilings> {
    CEILINGS.iter().rev().find_map(|c| {
        let (y, m, d) = c.from;
        let since = NaiveDate::from_ymd_opt(y, m, d)?;
        (left_on >= since).then_some(SubstituteCeilings {
            since,
            wages: c.wages,
            severance: c.severance,
            total: c.total,
        })
    })
}

/// Months after the 퇴직일 within which the unpaid wages must be brought to the labor office
/// (진정·고소) or a court for 간이대지급금 (shared/domain.md: "petition within 1 year").
const FILING_MONTHS: u32 = 12;

/// What 간이대지급금 can pay.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SubstitutePayment {
    pub wages: i64,
    pub severance: i64,
    pub total: i64,
    /// The last day to file the petition (진정) or suit it rests on.
    pub file_by: NaiveDate,
    pub basis: Vec<Basis>,
}

/// 간이대지급금 for unpaid wages (of the last three months of work) and unpaid severance (of
/// the last three years of service) of a worker whose 퇴직일 was `left_on`.
pub fn substitute_payment(
    unpaid_wages: i64,
    unpaid_severance: i64,
    left_on: NaiveDate,
) -> Result<SubstitutePayment> {
    let unpaid_wages = amount("wages", "체불 임금(최종 3개월분)", unpaid_wages)?;
    let unpaid_severance = amount("severance", "체불 퇴직금(최종 3년분)", unpaid_severance)?;
    let caps = substitute_ceilings(left_on).ok_or_else(|| {
        let (y, m, d) = CEILINGS[0].from;
        Error::invalid(
            "left",
            format!(
                "퇴직일 — 간이대지급금 상한액은 {y}-{m:02}-{d:02} 이후 퇴직에만 있습니다 ({left_on})"
            ),
        )
    })?;
    let SubstituteCeilings {
        since,
        wages: wage_cap,
        severance: severance_cap,
        total: total_cap,
    } = caps;
    let wages = unpaid_wages.min(wage_cap);
    let severance = unpaid_severance.min(severance_cap);
    let total = (wages + severance).min(total_cap);
    let file_by = months_after(left_on, FILING_MONTHS);
    Ok(SubstitutePayment {
        wages,
        severance,
        total,
        file_by,
        basis: vec![
            basis(
                "임금채권보장법 제7조②, 고용노동부 고시",
                format!(
                    "상한({since}부터): 임금 {}원, 퇴직금 {}원, 합계 {}원 → 임금 {}원 + 퇴직금 {}원 = {}원",
                    group_digits(wage_cap),
                    group_digits(severance_cap),
                    group_digits(total_cap),
                    group_digits(wages),
                    group_digits(severance),
                    group_digits(total)
                ),
            ),
            basis(
                "임금채권보장법 제7조①4, 시행령 제7조의2",
                format!("퇴직일({left_on})부터 1년 이내에 진정·고소나 소송을 제기해야 합니다 ({file_by}까지)"),
            ),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::d;
    use super::*;

    #[test]
    fn each_part_and_the_total_are_capped() {
        let small = substitute_payment(3_000_000, 2_000_000, d(2024, 6, 1)).unwrap();
        assert_eq!(
            (small.wages, small.severance, small.total),
            (3_000_000, 2_000_000, 5_000_000)
        );
        let big = substitute_payment(9_000_000, 8_000_000, d(2024, 6, 1)).unwrap();
        assert_eq!(
            (big.wages, big.severance, big.total),
            (7_000_000, 7_000_000, 10_000_000),
            "7,000,000 each, 10,000,000 together"
        );
        let wages_only = substitute_payment(12_000_000, 0, d(2024, 6, 1)).unwrap();
        assert_eq!(wages_only.total, 7_000_000);
        assert_eq!(big.file_by, d(2025, 6, 1), "one year after the 퇴직일");
    }

    #[test]
    fn leaving_before_the_ceilings_table_is_refused_by_name() {
        let e = substitute_payment(1, 1, d(2021, 10, 13)).unwrap_err();
        assert!(e.to_string().contains("2021-10-14"), "{e}");
        assert!(substitute_payment(1, 1, d(2021, 10, 14)).is_ok());
    }
}
