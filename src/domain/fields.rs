//! A case by the field names of import format v1 (`received_on`, `closed_on`, `outcome`, …):
//! how the command line shows a case and changes one field of it. The same names as the import
//! file's columns, so a script reads what it wrote. No I/O here; the store validates every
//! change as it does the app's.

use serde_json::{json, Map, Value};

use super::codes::CodeList;
use super::records::{Case, CaseDetail, CaseInput};
use crate::error::{Error, Result};

/// The fields `set_field` changes, by their import format v1 names. Closing and reopening have
/// commands of their own (they are dated events); the case number and the outreach event stay.
pub const SETTABLE: [&str; 35] = [
    "received_on",
    "counselor",
    "intake_method",
    "primary_category",
    "secondary_categories",
    "sub_type",
    "outcome",
    "closed_on",
    "client_name",
    "client_phone",
    "birth_year",
    "client_role",
    "gender",
    "age_band",
    "nationality",
    "employment_type",
    "workplace_size",
    "industry",
    "region",
    "union_presence",
    "workplace_name",
    "employer_representative",
    "employer_reg_no",
    "employer_address",
    "employer_phone",
    "employer_headcount",
    "work_site",
    "summary",
    "hired_on",
    "left_on",
    "weekly_hours",
    "monthly_wage",
    "unpaid_amount",
    "injury_on",
    "written_notice",
];

fn code<T: CodeList>(value: T) -> Option<String> {
    Some(value.code().to_string())
}

/// What the app's form holds for `case`: the input that `update_case` takes.
pub fn case_input(case: &Case) -> CaseInput {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    let p = &case.profile;
    CaseInput {
        received_on: Some(case.received_on.to_string()),
        counselor: case.counselor.clone(),
        intake_method: code(case.intake_method),
        outreach_event_id: case.outreach_event_id.clone(),
        client_name: case.client.name.clone(),
        client_phone: case.client.phone.clone(),
        client_birth_year: case.client.birth_year,
        client_country: case.client.country.clone(),
        client_role: code(p.client_role),
        gender: code(p.gender),
        age_band: code(p.age_band),
        nationality: code(p.nationality),
        employment_type: code(p.employment_type),
        workplace_size: code(p.workplace_size),
        industry: code(p.industry),
        region: code(p.region),
        union_presence: code(p.union_presence),
        workplace_name: case.workplace_name.clone(),
        employer_representative: case.employer.representative.clone(),
        employer_reg_no: case.employer.reg_no.clone(),
        employer_address: case.employer.address.clone(),
        employer_phone: case.employer.phone.clone(),
        employer_headcount: case.employer.headcount,
        work_site: case.employer.work_site.clone(),
        primary_category: code(case.primary_category),
        sub_type: case.sub_type.clone(),
        secondary_categories: case
            .secondary_categories
            .iter()
            .map(|c| c.code().to_string())
            .collect(),
        summary: case.summary.clone(),
        outcome: case.outcome.and_then(code),
        closed_on: date(case.closed_on),
        hired_on: date(case.facts.hired_on),
        left_on: date(case.facts.left_on),
        weekly_hours: case.facts.weekly_hours,
        monthly_wage: case.facts.monthly_wage,
        unpaid_amount: case.facts.unpaid_amount,
        written_notice: case.facts.written_notice,
        injury_on: date(case.facts.injury_on),
        consent_on: date(case.consent.consent_on),
        consent_method: case.consent.method.and_then(code),
        sensitive_consent: case.consent.sensitive,
        referral_consent: case.consent.referral,
        guardian_consent: case.consent.guardian,
    }
}

fn number<T: std::str::FromStr>(field: &str, value: &str) -> Result<Option<T>> {
    let text = value.replace([',', ' '], "");
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| Error::invalid(field, format!("{field} — '{value}'은(는) 숫자가 아닙니다")))
}

/// Sets one field of `input` from its text, by its import format v1 name; an empty value
/// clears it. Only the shape is checked here (a number is a number); the store validates the
/// whole case as the app does.
pub fn set_field(input: &mut CaseInput, field: &str, value: &str) -> Result<()> {
    let text = || {
        let v = value.trim();
        (!v.is_empty()).then(|| v.to_string())
    };
    match field {
        "received_on" => input.received_on = text(),
        "counselor" => input.counselor = text(),
        "intake_method" => input.intake_method = text(),
        "primary_category" => input.primary_category = text(),
        "secondary_categories" => {
            input.secondary_categories = value
                .split(';')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect()
        }
        "sub_type" => input.sub_type = text(),
        "outcome" => input.outcome = text(),
        "closed_on" => input.closed_on = text(),
        "client_name" => input.client_name = text(),
        "client_phone" => input.client_phone = text(),
        "birth_year" => input.client_birth_year = number(field, value)?,
        "client_role" => input.client_role = text(),
        "gender" => input.gender = text(),
        "age_band" => input.age_band = text(),
        "nationality" => input.nationality = text(),
        "employment_type" => input.employment_type = text(),
        "workplace_size" => input.workplace_size = text(),
        "industry" => input.industry = text(),
        "region" => input.region = text(),
        "union_presence" => input.union_presence = text(),
        "workplace_name" => input.workplace_name = text(),
        "employer_representative" => input.employer_representative = text(),
        "employer_reg_no" => input.employer_reg_no = text(),
        "employer_address" => input.employer_address = text(),
        "employer_phone" => input.employer_phone = text(),
        "employer_headcount" => input.employer_headcount = number(field, value)?,
        "work_site" => input.work_site = text(),
        "summary" => input.summary = text(),
        "hired_on" => input.hired_on = text(),
        "left_on" => input.left_on = text(),
        "weekly_hours" => input.weekly_hours = number(field, value)?,
        "monthly_wage" => input.monthly_wage = number(field, value)?,
        "unpaid_amount" => input.unpaid_amount = number(field, value)?,
        "injury_on" => input.injury_on = text(),
        "written_notice" => {
            input.written_notice = match value.trim() {
                "" => None,
                "yes" | "true" | "예" | "1" => Some(true),
                "no" | "false" | "아니오" | "0" => Some(false),
                other => {
                    return Err(Error::invalid(
                        field,
                        format!("{field} — '{other}': yes 또는 no여야 합니다"),
                    ))
                }
            }
        }
        other => {
            return Err(Error::invalid(
                "field",
                format!(
                    "'{other}'은(는) 바꿀 수 있는 항목이 아닙니다 (가능: {})",
                    SETTABLE.join(", ")
                ),
            ))
        }
    }
    Ok(())
}

/// A case with its sessions and proceedings as JSON, by the field names of import format v1;
/// `outreach_event` is `YYYY-MM-DD 장소` as the import writes it.
pub fn case_json(detail: &CaseDetail, outreach_event: Option<String>) -> Value {
    let c = &detail.case;
    let input = case_input(c);
    let mut v = Map::new();
    v.insert("case_no".into(), json!(c.case_no));
    let fields = serde_json::to_value(&input).expect("a case input is plain data");
    for field in SETTABLE {
        let key = match field {
            "birth_year" => "client_birth_year",
            other => other,
        };
        v.insert(field.into(), fields[key].clone());
    }
    v.insert("outreach_event".into(), json!(outreach_event));
    v.insert(
        "sessions".into(),
        detail
            .sessions
            .iter()
            .map(|s| {
                json!({
                    "held_on": s.held_on, "method": s.method.code(), "counselor": s.counselor,
                    "minutes": s.minutes, "notes": s.notes,
                })
            })
            .collect(),
    );
    v.insert(
        "remedies".into(),
        detail
            .remedies
            .iter()
            .map(|r| {
                json!({
                    "channel": r.channel.code(), "procedure": r.procedure, "agency": r.agency,
                    "filed_on": r.filed_on, "concluded_on": r.concluded_on,
                    "outcome": r.outcome.map(|o| o.code()),
                    "amount_claimed": r.amount_claimed, "amount_recovered": r.amount_recovered,
                    "next_deadline": r.next_deadline,
                })
            })
            .collect(),
    );
    Value::Object(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_set_by_its_import_name_and_an_unknown_one_is_named() {
        let mut input = CaseInput::default();
        set_field(&mut input, "birth_year", "1990").unwrap();
        set_field(&mut input, "secondary_categories", "dismissal; harassment").unwrap();
        set_field(&mut input, "summary", "  ").unwrap();
        assert_eq!(input.client_birth_year, Some(1990));
        assert_eq!(input.secondary_categories, ["dismissal", "harassment"]);
        assert_eq!(input.summary, None, "an empty value clears the field");
        let e = set_field(&mut input, "case_no", "2024-A0001").unwrap_err();
        assert!(e.to_string().contains("case_no"), "{e}");
        let e = set_field(&mut input, "monthly_wage", "이백만").unwrap_err();
        assert!(e.to_string().contains("숫자"), "{e}");
    }
}
