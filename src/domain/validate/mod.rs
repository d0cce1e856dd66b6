//! Validation shared by every entry path: required fields, real dates, no date after tomorrow,
//! ordered dates, non-negative amounts, codes only from the lists. All problems of one record
//! are reported together, each naming its field, so a form or an import row is fixed in one go.

mod account;
mod case;
mod remedy;
mod session;

use chrono::{Datelike, NaiveDate};

pub use account::{account_fields, check_password, first_account, is_username, AccountFields};
pub use case::{case_fields, closed_after_reopening, closing, reopening};
pub use remedy::{concluded_after_undoing, conclusion, remedy_fields};
pub use session::{event_fields, session_fields};

use super::codes::*;
use crate::error::{Error, FieldError, Result};

/// The Korean name of a field key, for messages.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "case_no" => "사건번호",
        "received_on" => "접수일",
        "counselor" => "상담원",
        "intake_method" => "상담방법",
        "outreach_event" | "outreach_event_id" => "찾아가는 상담",
        "client_name" => "내담자 이름",
        "client_phone" => "연락처",
        "client_birth_year" => "출생연도",
        "client_role" => "내담자 구분",
        "gender" => "성별",
        "age_band" => "연령대",
        "nationality" => "국적",
        "employment_type" => "고용형태",
        "workplace_size" => "사업장 규모",
        "industry" => "업종",
        "region" => "지역",
        "union_presence" => "노조 유무",
        "workplace_name" => "사업장명",
        "primary_category" => "상담유형",
        "secondary_categories" => "복수 유형",
        "summary" => "상담 내용",
        "outcome" => "처리결과",
        "closed_on" => "종결일",
        "reopened_on" => "재개일",
        "hired_on" => "입사일",
        "left_on" => "퇴사·해고일",
        "weekly_hours" => "주 근로시간",
        "monthly_wage" => "월 임금",
        "unpaid_amount" => "체불액",
        "injury_on" => "재해일",
        "consent_on" => "동의일",
        "consent_method" => "동의 방법",
        "guardian_consent" => "법정대리인 동의",
        "held_on" => "상담일",
        "method" => "상담방법",
        "minutes" => "상담시간(분)",
        "channel" => "권리구제 기관",
        "procedure" => "절차",
        "filed_on" => "신청일",
        "concluded_on" => "완료일",
        "undone_on" => "완료 취소일",
        "amount_claimed" => "청구액",
        "amount_recovered" => "회수액",
        "next_deadline" => "다음 기한",
        "decision_on" => "결정서 수령일",
        "deadline_reason" => "기한 변경 사유",
        "employer_representative" => "대표자",
        "employer_reg_no" => "사업자등록번호",
        "employer_address" => "사업장 주소",
        "employer_phone" => "사업장 전화",
        "employer_headcount" => "상시근로자 수",
        "work_site" => "실제 근무 장소",
        "place" => "장소",
        "kind" => "운영 형태",
        "visitor_count" => "상담 인원",
        "center_name" => "센터명",
        "device_letter" => "기기 문자",
        _ => "항목",
    }
}

/// The largest amount of money (원) any field holds: ₩100,000,000,000. Far above any wage
/// claim, and low enough that a report's sum over a million proceedings cannot overflow.
pub const MAX_AMOUNT: i64 = 100_000_000_000;

/// The longest text any field holds, in characters (a long counseling summary is a few
/// thousand).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// How much of a bad value a message quotes: enough to find it, never a whole pasted page.
const EXCERPT_CHARS: usize = 50;

/// A value as a message quotes it: at most 50 characters, control characters shown as `�`,
/// so a hostile value can neither flood a message nor drive a terminal.
pub fn excerpt(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(EXCERPT_CHARS)
        .map(|ch| if ch.is_control() { '\u{FFFD}' } else { ch })
        .collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Collects the problems of one record.
pub struct Checker {
    today: NaiveDate,
    errors: Vec<FieldError>,
}

impl Checker {
    pub fn new(today: NaiveDate) -> Self {
        Self {
            today,
            errors: Vec::new(),
        }
    }

    /// The day an action takes effect: the date given (checked as a required date), or today.
    pub fn date_or_today(&mut self, field: &str, text: Option<&str>) -> Option<NaiveDate> {
        match text {
            Some(text) => self.required_date(field, &Some(text.to_string())),
            None => Some(self.today),
        }
    }

    pub fn fail(&mut self, field: &str, reason: impl AsRef<str>) {
        self.errors.push(FieldError::new(
            field,
            format!("{} — {}", field_label(field), reason.as_ref()),
        ));
    }

    /// A date that must be given.
    pub fn required_date(&mut self, field: &str, value: &Option<String>) -> Option<NaiveDate> {
        if blank(value).is_none() {
            self.fail(field, "필수 항목입니다");
            return None;
        }
        self.date(field, value)
    }

    /// An optional date: a real calendar day, written YYYY-MM-DD, not after tomorrow.
    /// (Tomorrow, not today, so that a booth laptop whose clock is behind still saves.)
    pub fn date(&mut self, field: &str, value: &Option<String>) -> Option<NaiveDate> {
        let text = blank(value)?;
        match parse_date(text) {
            Ok(date) if date > self.today.succ_opt().unwrap_or(self.today) => {
                self.fail(
                    field,
                    format!("{text}: 내일 이후 날짜는 입력할 수 없습니다"),
                );
                None
            }
            Ok(date) if date.year() < 1950 => {
                self.fail(
                    field,
                    format!("{text}: 1950년 이전 날짜는 입력할 수 없습니다"),
                );
                None
            }
            Ok(date) => Some(date),
            Err(reason) => {
                self.fail(field, reason);
                None
            }
        }
    }

    /// A future date is allowed here (a deadline).
    pub fn deadline(&mut self, field: &str, value: &Option<String>) -> Option<NaiveDate> {
        let text = blank(value)?;
        parse_date(text)
            .map_err(|reason| self.fail(field, reason))
            .ok()
    }

    pub fn required_code<T: CodeList>(&mut self, field: &str, value: &Option<String>) -> Option<T> {
        if blank(value).is_none() {
            self.fail(field, "필수 항목입니다");
            return None;
        }
        self.code(field, value)
    }

    /// An optional code; the code or the Korean label is accepted.
    pub fn code<T: CodeList>(&mut self, field: &str, value: &Option<String>) -> Option<T> {
        let text = blank(value)?;
        let parsed = T::parse(text);
        if parsed.is_none() {
            self.fail(
                field,
                format!(
                    "'{}'은(는) 목록에 없는 값입니다 (허용: {})",
                    excerpt(text),
                    T::allowed()
                ),
            );
        }
        parsed
    }

    /// An optional code where empty means unknown.
    pub fn code_or<T: CodeList>(&mut self, field: &str, value: &Option<String>, unknown: T) -> T {
        self.code(field, value).unwrap_or(unknown)
    }

    /// An amount of money: not negative and at most `MAX_AMOUNT`.
    pub fn amount(&mut self, field: &str, value: Option<i64>) -> Option<i64> {
        match self.non_negative(field, value) {
            Some(v) if v > MAX_AMOUNT => {
                self.fail(
                    field,
                    format!("{v}: 1,000억 원을 넘는 금액은 입력할 수 없습니다"),
                );
                None
            }
            v => v,
        }
    }

    /// Free text: trimmed, empty meaning absent; no control characters other than line breaks
    /// and tabs (a terminal escape pasted into a summary would later drive the screen it is
    /// printed on), and at most `MAX_TEXT_CHARS` characters.
    pub fn text(&mut self, field: &str, value: &Option<String>) -> Option<String> {
        let text = blank(value)?;
        if let Some(bad) = text
            .chars()
            .find(|ch| ch.is_control() && !matches!(ch, '\n' | '\r' | '\t'))
        {
            self.fail(
                field,
                format!("제어 문자(U+{:04X})는 입력할 수 없습니다", u32::from(bad)),
            );
            return None;
        }
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            self.fail(
                field,
                format!("{chars}자: {MAX_TEXT_CHARS}자까지 입력할 수 있습니다"),
            );
            return None;
        }
        Some(text.to_owned())
    }

    pub fn non_negative(&mut self, field: &str, value: Option<i64>) -> Option<i64> {
        match value {
            Some(v) if v < 0 => {
                self.fail(field, format!("{v}: 0 이상이어야 합니다"));
                None
            }
            v => v,
        }
    }

    /// `later` must not be before `earlier`.
    pub fn ordered(
        &mut self,
        earlier: (&str, Option<NaiveDate>),
        later: (&str, Option<NaiveDate>),
    ) {
        if let (Some(a), Some(b)) = (earlier.1, later.1) {
            if b < a {
                self.fail(
                    later.0,
                    format!("{b}: {}({a})보다 앞설 수 없습니다", field_label(earlier.0)),
                );
            }
        }
    }

    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.errors))
        }
    }
}

/// Trims a text value; empty means absent.
pub fn blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Parses `YYYY-MM-DD`, telling a malformed value from an impossible day (2024-02-30).
pub fn parse_date(text: &str) -> std::result::Result<NaiveDate, String> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!(
            "'{}'은(는) 날짜 형식이 아닙니다 (YYYY-MM-DD)",
            excerpt(text)
        ));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text}: 달력에 없는 날짜입니다"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_and_impossible_dates_get_different_messages() {
        assert!(parse_date("2024-8-1").unwrap_err().contains("형식"));
        assert!(parse_date("2024-02-30")
            .unwrap_err()
            .contains("달력에 없는"));
        assert_eq!(
            parse_date("2024-02-29").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
    }
}
