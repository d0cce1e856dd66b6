//! `labordesk calc`: the entitlement calculators of `domain::entitlements` for scripts and
//! checks. Each prints its figure and the steps that gave it, or the whole result as JSON.

use labordesk::domain::entitlements::{self as law, Basis, CaseCalculations};
use labordesk::domain::validate::parse_date;
use labordesk::{Error, Result};
use serde::Serialize;

use crate::args::CalcWhat;

/// A date argument, refused by its option's name when malformed or impossible.
fn date(option: &str, label: &str, text: &str) -> Result<chrono::NaiveDate> {
    parse_date(text.trim()).map_err(|msg| Error::invalid(option, format!("{label} — {msg}")))
}

/// One calculation from the facts on the command line; the database is not opened.
pub fn run_formula(what: CalcWhat, json: bool) -> Result<()> {
    match what {
        CalcWhat::Severance {
            hired,
            left,
            wages,
            bonus,
            leave_pay,
            ordinary_daily,
            weekly_hours,
        } => {
            let s = law::severance(&law::SeveranceInput {
                hired_on: date("hired", "입사일", &hired)?,
                left_on: date("left", "퇴직일", &left)?,
                wages,
                yearly_bonus: bonus,
                yearly_leave_pay: leave_pay,
                ordinary_daily,
                weekly_hours,
            })?;
            show(&s, json, &format!("퇴직금 {}원", won(s.amount)), &s.basis);
        }
        CalcWhat::Leave {
            hired,
            on,
            workers,
            weekly_hours,
            ordinary_daily,
        } => {
            let l = law::annual_leave(&law::LeaveInput {
                hired_on: date("hired", "입사일", &hired)?,
                on: date("on", "기준일", &on)?,
                workers,
                weekly_hours,
                ordinary_daily,
            })?;
            let worth = l
                .amount
                .map(|a| format!(", 미사용 수당 {}원", won(a)))
                .unwrap_or_default();
            show(&l, json, &format!("연차휴가 {}일{worth}", l.days), &l.basis);
        }
        CalcWhat::Notice {
            hired,
            dismissed,
            ordinary_daily,
        } => {
            let n = law::dismissal_notice(
                date("hired", "입사일", &hired)?,
                date("dismissed", "해고일", &dismissed)?,
                ordinary_daily,
            )?;
            show(
                &n,
                json,
                &format!("해고예고수당 {}원", won(n.amount)),
                &n.basis,
            );
        }
        CalcWhat::MinimumWage {
            monthly,
            weekly_hours,
            year,
        } => {
            let c = law::minimum_wage_check(monthly, weekly_hours, year)?;
            let verdict = if c.below { "미달" } else { "이상" };
            show(
                &c,
                json,
                &format!(
                    "시간급 {}원 — {}년 최저임금 {}원 {verdict}",
                    won(c.hourly),
                    c.year,
                    won(c.minimum)
                ),
                &c.basis,
            );
        }
        CalcWhat::Interest { amount, left, paid } => {
            let i = law::delay_interest(
                amount,
                date("left", "퇴직일", &left)?,
                date("paid", "지급일", &paid)?,
            )?;
            show(&i, json, &format!("지연이자 {}원", won(i.amount)), &i.basis);
        }
    }
    Ok(())
}

/// Everything a case's facts allow.
pub fn print_case(calc: &CaseCalculations, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(calc).expect("plain JSON")
        );
        return;
    }
    println!("{} — {} 기준", calc.case_no, calc.on);
    let mut parts: Vec<(String, &[Basis])> = Vec::new();
    if let Some(s) = &calc.severance {
        parts.push((format!("퇴직금 {}원", won(s.amount)), &s.basis));
    }
    if let Some(n) = &calc.dismissal_notice {
        parts.push((format!("해고예고수당 {}원", won(n.amount)), &n.basis));
    }
    if let Some(l) = &calc.annual_leave {
        parts.push((format!("연차휴가 {}일", l.days), &l.basis));
    }
    if let Some(m) = &calc.minimum_wage {
        let verdict = if m.below {
            "최저임금 미달"
        } else {
            "최저임금 이상"
        };
        parts.push((format!("시간급 {}원 ({verdict})", won(m.hourly)), &m.basis));
    }
    if let Some(i) = &calc.delay_interest {
        parts.push((
            format!("지연이자 {}원 (오늘 지급 시)", won(i.amount)),
            &i.basis,
        ));
    }
    if let Some(p) = &calc.substitute_payment {
        parts.push((format!("간이대지급금 최대 {}원", won(p.total)), &p.basis));
    }
    for (headline, basis) in parts {
        println!();
        print_steps(&headline, basis);
    }
    if !calc.missing.is_empty() {
        println!("\n더 계산하려면 입력할 사실: {}", calc.missing.join(", "));
    }
    println!("\n계산은 상담을 돕기 위한 것이며 법적 판단이 아닙니다.");
}

fn show<T: Serialize>(result: &T, json: bool, headline: &str, basis: &[Basis]) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(result).expect("plain JSON")
        );
    } else {
        print_steps(headline, basis);
    }
}

fn print_steps(headline: &str, basis: &[Basis]) {
    println!("{headline}");
    for b in basis {
        println!("  {} [{}]", b.text, b.law);
    }
}

fn won(n: i64) -> String {
    law::group_digits(n)
}
