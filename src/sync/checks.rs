//! What a transfer file must satisfy before any of it is merged: every stamp in the shape the
//! clock writes and not more than a day past the file's own time (nor the file's time more than
//! a day past this device's clock), and every record one that a local edit could have saved,
//! by the same `domain::validate` rules. The first problem refuses the whole file, with the
//! record named. This module only reads the payload; it never touches the database.
//!
//! Rules that span two records (a session not before its case's receipt, a guardian's consent
//! for a young client) are not checked here: edits made on two devices without either seeing
//! the other's can meet those rules apart and break them together, and refusing such a file
//! would stop sync between the two devices for good.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate};
use serde_json::Value;

use crate::domain::validate::{self, field_label};
use crate::domain::*;
use crate::store::changes::Stamp;
use crate::store::numbers;

use super::rows::{Row, SET_FIELDS, TABLES};
use super::Payload;

/// How far a stamp may lie past the file's own time, and the file's time past this device's
/// clock: more than any honest difference between two computers' clocks.
pub(super) const STAMP_LEAD_MS: u64 = 24 * 60 * 60 * 1000;

/// The longest a reason quotes: a hostile file must not fill a screen or a log.
const REASON_MAX_CHARS: usize = 300;

/// Checks a whole payload against `today` (this device's date) and `now_millis` (this device's
/// time as stamps count it). The reason is Korean and names the record.
pub(super) fn check(payload: &Payload, today: NaiveDate, now_millis: u64) -> Result<(), String> {
    check_all(payload, today, now_millis).map_err(|reason| shorten(&reason))
}

fn check_all(payload: &Payload, today: NaiveDate, now_millis: u64) -> Result<(), String> {
    if !is_device_id(&payload.device_id) {
        return Err("보낸 기기의 기기 ID가 올바르지 않습니다.".into());
    }
    numbers::check_letter(&payload.letter).map_err(|e| e.to_string())?;
    let file_time = Stamp::parse(&payload.stamped_at)
        .filter(|s| s.device == payload.device_id && !s.derived)
        .ok_or("파일의 시각(stamped_at)이 올바른 형식이 아닙니다.")?;
    if file_time.millis > now_millis.saturating_add(STAMP_LEAD_MS) {
        return Err(format!(
            "파일의 시각({})이 이 기기의 시계보다 하루 넘게 앞서 있습니다. 보낸 기기와 이 기기의 날짜·시각 설정을 확인해 주세요.",
            shown(file_time.millis)
        ));
    }
    let limit = file_time.millis.saturating_add(STAMP_LEAD_MS);
    let stamp = |text: &str, what: &dyn Fn() -> String| -> Result<(), String> {
        let s = Stamp::parse(text)
            .ok_or_else(|| format!("{}: 변경 시각 표시가 올바른 형식이 아닙니다.", what()))?;
        if s.millis > limit {
            return Err(format!(
                "{}: 변경 시각({})이 파일의 시각({})보다 하루 넘게 뒤입니다.",
                what(),
                shown(s.millis),
                shown(file_time.millis)
            ));
        }
        Ok(())
    };
    for (device, newest) in &payload.seen {
        if !is_device_id(device) {
            return Err("기기별 수신 기록에 올바르지 않은 기기 ID가 있습니다.".into());
        }
        if !newest.is_empty() {
            stamp(newest, &|| format!("기기 {device}의 수신 기록"))?;
        }
    }
    for (device, ack) in &payload.acks {
        if !is_device_id(device) || ack.parse::<i64>().is_err() {
            return Err("기기별 확인 기록이 올바르지 않습니다.".into());
        }
    }
    if let Some(table) = payload
        .tables
        .keys()
        .find(|t| !TABLES.contains(&t.as_str()))
    {
        return Err(format!(
            "알 수 없는 표 {}: 더 새 버전의 LaborDesk가 만든 파일입니다. 이 기기의 LaborDesk를 업데이트해 주세요.",
            shorten_to(table, 40)
        ));
    }
    let rows = |t: &str| payload.tables.get(t).map(Vec::as_slice).unwrap_or(&[]);
    let cases: HashMap<&str, &Row> = rows("cases").iter().map(|r| (r.id.as_str(), r)).collect();
    for table in TABLES {
        for row in rows(table) {
            let name = || record_name(table, row, &cases);
            if !is_record_id(&row.id) {
                return Err(format!("{}: ID가 올바르지 않습니다.", record_label(table)));
            }
            for (field, value) in &row.s {
                if field != "*" && !row.v.contains_key(field) {
                    return Err(format!("{}: 없는 항목의 변경 시각이 있습니다.", name()));
                }
                let text = value.as_str().unwrap_or("");
                stamp(text, &name)?;
            }
            let problems = record_problems(table, row, today);
            if !problems.is_empty() {
                return Err(format!("{}: {}", name(), problems.join(", ")));
            }
        }
    }
    Ok(())
}

/// A device id as `store::changes` makes them: hex digits.
fn is_device_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A record id: a UUID, or a client's derived id (hex).
fn is_record_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn shown(millis: u64) -> String {
    i64::try_from(millis)
        .ok()
        .and_then(DateTime::from_timestamp_millis)
        .map_or_else(
            || "먼 미래".into(),
            |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
}

fn shorten(text: &str) -> String {
    shorten_to(text, REASON_MAX_CHARS)
}

fn shorten_to(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

fn record_label(table: &str) -> &'static str {
    match table {
        "clients" => "내담자",
        "outreach_events" => "찾아가는 상담",
        "cases" => "사건",
        "sessions" => "상담 회차",
        _ => "권리구제",
    }
}

/// The record as a lead finds it: a case by its number, anything else with its case's number.
fn record_name(table: &str, row: &Row, cases: &HashMap<&str, &Row>) -> String {
    let case_no = |case: Option<&Row>| {
        case.and_then(|c| c.v.get("case_no"))
            .and_then(Value::as_str)
            .filter(|n| numbers::parse_case_no(n).is_some())
            .map(str::to_string)
    };
    let id = shorten_to(&row.id, 40);
    match table {
        "cases" => match case_no(Some(row)) {
            Some(no) => format!("사건 {no}"),
            None => format!("사건(ID {id})"),
        },
        "sessions" | "remedies" => {
            let case = row
                .v
                .get("case_id")
                .and_then(Value::as_str)
                .and_then(|c| cases.get(c).copied());
            match case_no(case) {
                Some(no) => format!("사건 {no}의 {}(ID {id})", record_label(table)),
                None => format!("{}(ID {id})", record_label(table)),
            }
        }
        _ => format!("{}(ID {id})", record_label(table)),
    }
}

/// The values of one record, each checked for its type as it is read.
struct Fields<'r> {
    row: &'r Row,
    problems: Vec<String>,
}

impl Fields<'_> {
    fn wrong(&mut self, field: &str, what: &str) {
        self.problems.push(format!(
            "{}({field}) — {what}이어야 합니다",
            field_label(field)
        ));
    }

    fn value(&self, field: &str) -> Option<&Value> {
        self.row.v.get(field).filter(|v| !v.is_null())
    }

    fn text(&mut self, field: &str) -> Option<String> {
        match self.value(field)? {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong(field, "글자");
                None
            }
        }
    }

    fn required_text(&mut self, field: &str) -> Option<String> {
        let text = self.text(field);
        if text.is_none() && self.value(field).is_none() {
            self.problems
                .push(format!("{}({field}) — 필수 항목입니다", field_label(field)));
        }
        text
    }

    fn int(&mut self, field: &str) -> Option<i64> {
        let v = self.value(field)?;
        let n = v.as_i64();
        if n.is_none() {
            self.wrong(field, "정수");
        }
        n
    }

    fn real(&mut self, field: &str) -> Option<f64> {
        let v = self.value(field)?;
        let n = v.as_f64().filter(|n| n.is_finite());
        if n.is_none() {
            self.wrong(field, "숫자");
        }
        n
    }

    fn flag(&mut self, field: &str) -> Option<bool> {
        match self.value(field)? {
            Value::Bool(b) => Some(*b),
            v if v.as_i64() == Some(0) => Some(false),
            v if v.as_i64() == Some(1) => Some(true),
            _ => {
                self.wrong(field, "0 또는 1");
                None
            }
        }
    }

    fn list(&mut self, field: &str) -> Vec<String> {
        let Some(v) = self.value(field) else {
            return Vec::new();
        };
        match v.as_array().and_then(|items| {
            items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
        }) {
            Some(items) => items,
            None => {
                self.wrong(field, "글자 목록");
                Vec::new()
            }
        }
    }

    /// A code stored as the list's code itself (a label, which a form accepts, is never stored).
    fn code<T: CodeList>(&mut self, field: &str) -> Option<String> {
        let text = self.text(field)?;
        if !T::ALL.iter().any(|c| c.code() == text) {
            self.problems.push(format!(
                "{}({field}) — {}의 코드가 아닙니다",
                field_label(field),
                T::LIST_LABEL
            ));
        }
        Some(text)
    }

    fn time(&mut self, field: &str, required: bool) {
        match self.text(field) {
            Some(t) if DateTime::parse_from_rfc3339(&t).is_err() => {
                self.wrong(field, "시각(RFC 3339)")
            }
            None if required && self.value(field).is_none() => {
                self.problems.push(format!("{field} — 필수 항목입니다"))
            }
            _ => {}
        }
    }

    fn rules(&mut self, result: crate::error::Result<impl Sized>) {
        if let Err(e) = result {
            match e {
                crate::error::Error::Invalid(fields) => {
                    self.problems.extend(fields.into_iter().map(|f| f.message))
                }
                other => self.problems.push(other.to_string()),
            }
        }
    }

    /// A history (`closings`, `conclusions`): a JSON array of objects whose `start` precedes
    /// its `end`; the last `end`, if any.
    fn history<T: CodeList>(&mut self, field: &str, start: &str, end: &str) -> Option<NaiveDate> {
        let text = self.text(field)?;
        let Ok(Value::Array(items)) = serde_json::from_str::<Value>(&text) else {
            self.wrong(field, "JSON 배열");
            return None;
        };
        let mut last = None;
        for item in &items {
            let date = |k: &str| {
                item.get(k)
                    .and_then(Value::as_str)
                    .and_then(|d| validate::parse_date(d).ok())
            };
            let outcome_ok = item
                .get("outcome")
                .and_then(Value::as_str)
                .is_some_and(|o| T::ALL.iter().any(|c| c.code() == o));
            match (date(start), date(end)) {
                (Some(s), Some(e)) if s <= e && outcome_ok => last = Some(e),
                _ => {
                    self.wrong(field, "날짜 순서가 맞는 이력");
                    return None;
                }
            }
        }
        last
    }
}

fn record_problems(table: &str, row: &Row, today: NaiveDate) -> Vec<String> {
    let mut f = Fields {
        row,
        problems: Vec::new(),
    };
    f.time("created_at", true);
    f.time("updated_at", true);
    f.time("deleted_at", false);
    match table {
        "clients" => {
            f.text("name");
            f.text("phone");
            f.text("country");
            if let Some(year) = f.int("birth_year") {
                if !(1900..=i64::from(today.year())).contains(&year) {
                    f.problems.push(format!(
                        "{} — {year}: 1900년부터 올해 사이여야 합니다",
                        field_label("client_birth_year")
                    ));
                }
            }
        }
        "outreach_events" => {
            f.code::<OutreachKind>("kind");
            let input = OutreachEventInput {
                held_on: f.required_text("held_on"),
                place: f.required_text("place"),
                kind: f.text("kind"),
                visitor_count: f.int("visitor_count"),
                counselors: f.list("counselors"),
                note: f.text("note"),
            };
            f.rules(validate::event_fields(&input, today));
        }
        "cases" => case_problems(&mut f, today),
        "sessions" => {
            f.required_text("case_id");
            f.code::<IntakeMethod>("method");
            let input = SessionInput {
                held_on: f.required_text("held_on"),
                method: f.text("method"),
                counselor: f.text("counselor_id"),
                minutes: f.int("minutes"),
                notes: f.text("notes"),
            };
            // Its case's receipt is another record's (see the module doc).
            f.rules(validate::session_fields(&input, NaiveDate::MIN, today));
        }
        _ => {
            f.required_text("case_id");
            f.code::<RemedyChannel>("channel");
            f.code::<RemedyOutcome>("outcome");
            let input = RemedyInput {
                channel: f.required_text("channel"),
                procedure: f.text("procedure"),
                agency: f.text("agency"),
                filed_on: f.required_text("filed_on"),
                concluded_on: f.text("concluded_on"),
                outcome: f.text("outcome"),
                amount_claimed: f.int("amount_claimed"),
                amount_recovered: f.int("amount_recovered"),
                representative: f.text("representative"),
                next_deadline: f.text("next_deadline"),
                decision_on: f.text("decision_on"),
                deadline_reason: f.text("deadline_reason"),
            };
            f.rules(validate::remedy_fields(&input, today));
            let undone = f.history::<RemedyOutcome>("conclusions", "concluded_on", "undone_on");
            let concluded = input
                .concluded_on
                .as_deref()
                .and_then(|d| validate::parse_date(d).ok());
            f.rules(validate::concluded_after_undoing(concluded, undone, today));
        }
    }
    let set_names: Vec<&str> = SET_FIELDS
        .iter()
        .filter(|s| s.table == table)
        .map(|s| s.name)
        .collect();
    for name in set_names {
        f.list(name);
    }
    let mut seen = std::collections::HashSet::new();
    f.problems.retain(|p| seen.insert(p.clone()));
    f.problems
}

fn case_problems(f: &mut Fields, today: NaiveDate) {
    match f.required_text("case_no") {
        Some(no) if numbers::parse_case_no(&no).is_none() => f.problems.push(format!(
            "{} — 'YYYY-<기기 문자><번호>' 형식이 아닙니다",
            field_label("case_no")
        )),
        _ => {}
    }
    f.text("client_id");
    f.code::<IntakeMethod>("intake_method");
    f.code::<ClientRole>("client_role");
    f.code::<Gender>("gender");
    f.code::<AgeBand>("age_band");
    f.code::<Nationality>("nationality");
    f.code::<EmploymentType>("employment_type");
    f.code::<WorkplaceSize>("workplace_size");
    f.code::<Industry>("industry");
    f.code::<Region>("region");
    f.code::<UnionPresence>("union_presence");
    f.code::<Category>("primary_category");
    f.code::<Outcome>("outcome");
    f.code::<ConsentMethod>("consent_method");
    let secondary = f.list("secondary_categories");
    for code in &secondary {
        if !Category::ALL.iter().any(|c| c.code() == code) {
            f.problems.push(format!(
                "{} — {}의 코드가 아닙니다",
                field_label("secondary_categories"),
                Category::LIST_LABEL
            ));
        }
    }
    // The client's own fields are another record's (see the module doc).
    let input = CaseInput {
        received_on: f.required_text("received_on"),
        counselor: f.text("counselor_id"),
        intake_method: f.text("intake_method"),
        outreach_event_id: f.text("outreach_event_id"),
        client_role: f.text("client_role"),
        gender: f.text("gender"),
        age_band: f.text("age_band"),
        nationality: f.text("nationality"),
        employment_type: f.text("employment_type"),
        workplace_size: f.text("workplace_size"),
        industry: f.text("industry"),
        region: f.text("region"),
        union_presence: f.text("union_presence"),
        workplace_name: f.text("workplace_name"),
        primary_category: f.required_text("primary_category"),
        sub_type: f.text("sub_type"),
        secondary_categories: secondary,
        summary: f.text("summary"),
        outcome: f.text("outcome"),
        closed_on: f.text("closed_on"),
        hired_on: f.text("hired_on"),
        left_on: f.text("left_on"),
        weekly_hours: f.real("weekly_hours"),
        monthly_wage: f.int("monthly_wage"),
        unpaid_amount: f.int("unpaid_amount"),
        written_notice: f.flag("written_notice"),
        injury_on: f.text("injury_on"),
        consent_on: f.text("consent_on"),
        consent_method: f.text("consent_method"),
        sensitive_consent: f.flag("sensitive_consent"),
        referral_consent: f.flag("referral_consent"),
        guardian_consent: f.flag("guardian_consent"),
        employer_representative: f.text("employer_representative"),
        employer_reg_no: f.text("employer_reg_no"),
        employer_address: f.text("employer_address"),
        employer_phone: f.text("employer_phone"),
        employer_headcount: f.int("employer_headcount"),
        work_site: f.text("work_site"),
        ..CaseInput::default()
    };
    f.rules(validate::case_fields(&input, today));
    let reopened = f.history::<Outcome>("closings", "closed_on", "reopened_on");
    let closed = input
        .closed_on
        .as_deref()
        .and_then(|d| validate::parse_date(d).ok());
    f.rules(validate::closed_after_reopening(closed, reopened, today));
}
