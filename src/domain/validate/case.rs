//! The rules of a case: its fields, closing it and reopening it.

use chrono::{Datelike, NaiveDate};

use super::*;
use crate::domain::codes::*;
use crate::domain::records::*;
use crate::error::Result;

pub fn case_fields(input: &CaseInput, today: NaiveDate) -> Result<CaseFields> {
    let mut c = Checker::new(today);
    let received_on = c.required_date("received_on", &input.received_on);
    let intake_method = c.code_or("intake_method", &input.intake_method, IntakeMethod::Unknown);
    let primary_category = c.required_code::<Category>("primary_category", &input.primary_category);
    let mut secondary_categories = Vec::new();
    for raw in &input.secondary_categories {
        if let Some(cat) = c.code::<Category>("secondary_categories", &Some(raw.clone())) {
            if Some(cat) != primary_category && !secondary_categories.contains(&cat) {
                secondary_categories.push(cat);
            }
        }
    }
    let mut profile = Profile {
        client_role: c.code_or("client_role", &input.client_role, ClientRole::Unknown),
        gender: c.code_or("gender", &input.gender, Gender::Unknown),
        age_band: c.code_or("age_band", &input.age_band, AgeBand::Unknown),
        nationality: c.code_or("nationality", &input.nationality, Nationality::Unknown),
        employment_type: c.code_or(
            "employment_type",
            &input.employment_type,
            EmploymentType::Unknown,
        ),
        workplace_size: c.code_or(
            "workplace_size",
            &input.workplace_size,
            WorkplaceSize::Unknown,
        ),
        industry: c.code_or("industry", &input.industry, Industry::Unknown),
        region: c.code_or("region", &input.region, Region::Unknown),
        union_presence: c.code_or(
            "union_presence",
            &input.union_presence,
            UnionPresence::Unknown,
        ),
    };
    let outcome = c.code::<Outcome>("outcome", &input.outcome);
    let closed_on = c.date("closed_on", &input.closed_on);
    c.ordered(("received_on", received_on), ("closed_on", closed_on));
    if closed_on.is_some() && outcome.is_none() && blank(&input.outcome).is_none() {
        c.fail("outcome", "종결된 사건에는 처리결과가 필요합니다");
    }
    if let Some(year) = input.client_birth_year {
        if !(1900..=today.year()).contains(&year) {
            c.fail(
                "client_birth_year",
                format!("{year}: 1900년부터 올해 사이여야 합니다"),
            );
        }
    }
    let hired_on = c.date("hired_on", &input.hired_on);
    let left_on = c.date("left_on", &input.left_on);
    c.ordered(("hired_on", hired_on), ("left_on", left_on));
    let injury_on = c.date("injury_on", &input.injury_on);
    if let Some(h) = input.weekly_hours {
        if !(0.0..=168.0).contains(&h) {
            c.fail("weekly_hours", format!("{h}: 0에서 168 사이여야 합니다"));
        }
    }
    let facts = LaborFacts {
        hired_on,
        left_on,
        weekly_hours: input.weekly_hours,
        monthly_wage: c.amount("monthly_wage", input.monthly_wage),
        unpaid_amount: c.amount("unpaid_amount", input.unpaid_amount),
        written_notice: input.written_notice,
        injury_on,
    };
    let consent_method = c.code::<ConsentMethod>("consent_method", &input.consent_method);
    let consent_on = c
        .date("consent_on", &input.consent_on)
        .or(consent_method.and(received_on));
    // 개인정보 보호법 제22조의2: a child under 14 gives personal data only with a guardian's consent.
    let identified = blank(&input.client_name).is_some() || blank(&input.client_phone).is_some();
    if let (Some(year), Some(received)) = (input.client_birth_year, received_on) {
        if identified && received.year() - year < 14 && input.guardian_consent != Some(true) {
            c.fail(
                "guardian_consent",
                "만 14세 미만 내담자의 이름·연락처는 법정대리인 동의가 있어야 기록할 수 있습니다",
            );
        }
    }
    let counselor = c.text("counselor", &input.counselor);
    let outreach_event_id = c.text("outreach_event_id", &input.outreach_event_id);
    let client_name = c.text("client_name", &input.client_name);
    let client_phone = c.text("client_phone", &input.client_phone);
    let client_country = c.text("nationality", &input.client_country);
    let workplace_name = c.text("workplace_name", &input.workplace_name);
    let employer = employer(&mut c, input);
    // The band follows the headcount when the form left it unknown.
    if let (WorkplaceSize::Unknown, Some(n)) = (profile.workplace_size, employer.headcount) {
        profile.workplace_size = WorkplaceSize::of_headcount(n);
    }
    let sub_type = c.text("sub_type", &input.sub_type);
    let summary = c.text("summary", &input.summary);
    c.finish()?;
    Ok(CaseFields {
        received_on: received_on.expect("checked"),
        counselor,
        intake_method,
        outreach_event_id,
        client: Client {
            name: client_name,
            phone: client_phone,
            birth_year: input.client_birth_year,
            country: client_country,
        },
        profile,
        workplace_name,
        employer,
        primary_category: primary_category.expect("checked"),
        sub_type,
        secondary_categories,
        summary,
        outcome,
        closed_on,
        facts,
        consent: Consent {
            consent_on,
            method: consent_method,
            sensitive: input.sensitive_consent,
            referral: input.referral_consent,
            guardian: input.guardian_consent,
        },
    })
}

/// The employer's details: text fields, the 사업자등록번호 with its check digit, the headcount
/// a whole number of people.
fn employer(c: &mut Checker, input: &CaseInput) -> Employer {
    let reg_no = blank(&input.employer_reg_no).and_then(|text| match business_reg_no(text) {
        Ok(no) => Some(no),
        Err(reason) => {
            c.fail("employer_reg_no", reason);
            None
        }
    });
    let headcount = match input.employer_headcount {
        Some(n) if n > MAX_HEADCOUNT => {
            c.fail(
                "employer_headcount",
                format!("{n}: {MAX_HEADCOUNT}명을 넘을 수 없습니다"),
            );
            None
        }
        n => c.non_negative("employer_headcount", n),
    };
    Employer {
        representative: c.text("employer_representative", &input.employer_representative),
        reg_no,
        address: c.text("employer_address", &input.employer_address),
        phone: c.text("employer_phone", &input.employer_phone),
        headcount,
        work_site: c.text("work_site", &input.work_site),
    }
}

/// More regular workers than any employer in Korea has (the largest have about 130,000).
const MAX_HEADCOUNT: i64 = 1_000_000;

/// A 사업자등록번호 (10 digits, `000-00-00000`) with its check digit verified (국세청: weights
/// 1 3 7 1 3 7 1 3 5 on the first nine digits, plus the tens of the ninth digit × 5; the last
/// digit makes the sum a multiple of 10). Hyphens and spaces may be typed or not.
pub fn business_reg_no(text: &str) -> std::result::Result<String, String> {
    let digits: Vec<u32> = text
        .chars()
        .filter(|ch| !matches!(ch, '-' | ' '))
        .map(|ch| ch.to_digit(10).filter(|_| ch.is_ascii_digit()))
        .collect::<Option<_>>()
        .ok_or_else(|| format!("'{}': 숫자 10자리여야 합니다", excerpt(text)))?;
    if digits.len() != 10 {
        return Err(format!(
            "'{}': 숫자 10자리여야 합니다 ({}자리)",
            excerpt(text),
            digits.len()
        ));
    }
    const WEIGHTS: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum::<u32>() + digits[8] * 5 / 10;
    if (10 - sum % 10) % 10 != digits[9] {
        return Err(format!(
            "'{}': 검증번호가 맞지 않습니다. 번호를 다시 확인하세요",
            excerpt(text)
        ));
    }
    let d: String = digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
        .collect();
    Ok(format!("{}-{}-{}", &d[..3], &d[3..5], &d[5..]))
}

/// Closing a case (종결): its outcome and its day (`today` when not given), on or after the day
/// it was received and the day it was last reopened, so the periods a case was closed never
/// overlap and a report for any day finds one closing at most.
pub fn closing(
    outcome: &str,
    closed_on: Option<&str>,
    received_on: NaiveDate,
    last_reopened: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(Outcome, NaiveDate)> {
    let mut c = Checker::new(today);
    let outcome = c.required_code::<Outcome>("outcome", &Some(outcome.to_string()));
    let closed_on = c.date_or_today("closed_on", closed_on);
    c.ordered(("received_on", Some(received_on)), ("closed_on", closed_on));
    c.ordered(("reopened_on", last_reopened), ("closed_on", closed_on));
    c.finish()?;
    Ok((outcome.expect("checked"), closed_on.expect("checked")))
}

/// A closing day set by an edit: on or after the day the case was last reopened.
pub fn closed_after_reopening(
    closed_on: Option<NaiveDate>,
    last_reopened: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<()> {
    let mut c = Checker::new(today);
    c.ordered(("reopened_on", last_reopened), ("closed_on", closed_on));
    c.finish()
}

/// Reopening a case closed on `closed_on`, on `on` (`today` when not given): not before it was
/// closed.
pub fn reopening(on: Option<&str>, closed_on: NaiveDate, today: NaiveDate) -> Result<NaiveDate> {
    let mut c = Checker::new(today);
    let reopened_on = c.date_or_today("reopened_on", on);
    c.ordered(("closed_on", Some(closed_on)), ("reopened_on", reopened_on));
    c.finish()?;
    Ok(reopened_on.expect("checked"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_closing_starts_after_receipt_and_after_the_last_reopening() {
        let today = d(2024, 11, 30);
        let received = d(2024, 3, 1);
        assert_eq!(
            closing("info", Some("2024-03-02"), received, None, today).unwrap(),
            (Outcome::Info, d(2024, 3, 2))
        );
        assert_eq!(
            closing("info", None, received, None, today).unwrap().1,
            today
        );
        let before_receipt = closing("info", Some("2024-02-28"), received, None, today);
        assert!(before_receipt.unwrap_err().to_string().contains("접수일"));
        let before_reopening = closing(
            "info",
            Some("2024-06-09"),
            received,
            Some(d(2024, 6, 10)),
            today,
        );
        assert!(before_reopening.unwrap_err().to_string().contains("재개일"));
        assert!(closing("nonsense", None, received, None, today).is_err());
        assert!(closed_after_reopening(Some(d(2024, 6, 9)), Some(d(2024, 6, 10)), today).is_err());
        assert!(closed_after_reopening(Some(d(2024, 6, 10)), Some(d(2024, 6, 10)), today).is_ok());
    }

    #[test]
    fn a_case_is_reopened_on_or_after_the_day_it_was_closed() {
        let today = d(2024, 11, 30);
        let closed = d(2024, 5, 2);
        assert_eq!(reopening(None, closed, today).unwrap(), today);
        assert_eq!(
            reopening(Some("2024-05-02"), closed, today).unwrap(),
            closed
        );
        assert!(reopening(Some("2024-05-01"), closed, today).is_err());
        assert!(reopening(Some("2024-13-01"), closed, today).is_err());
    }
}
