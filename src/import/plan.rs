//! Checking every row before anything is written: cases and proceedings ready to write, or
//! every problem of the file.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::domain::validate::{self, excerpt, parse_date};
use crate::domain::{CaseFields, CaseInput, RemedyChannel, RemedyFields, RemedyInput};
use crate::error::{Result, RowError};
use crate::store::{self};

use super::rows::*;

pub(super) struct PlannedCase {
    pub(super) case_no: String,
    pub(super) fields: CaseFields,
    pub(super) outreach: Option<(NaiveDate, String)>,
}

pub(super) fn case_row(
    row: &Row<'_>,
    today: NaiveDate,
    other_letters: &[char],
    errors: &mut Vec<RowError>,
) -> Result<Option<PlannedCase>> {
    let before = errors.len();
    let case_no = row.get("case_no");
    let letter = case_no
        .as_deref()
        .and_then(store::parse_case_no)
        .map(|(_, letter, _)| letter);
    match &case_no {
        None => errors.push(row.error("case_no", "사건번호 — 필수 항목입니다")),
        Some(no) if letter.is_some_and(|l| other_letters.contains(&l)) => errors.push(row.error(
            "case_no",
            format!(
                "사건번호 — {no}: '{}'는 이 센터의 다른 기기가 쓰는 문자입니다. 그 기기의 사건번호와 겹치므로 가져올 수 없습니다",
                letter.unwrap_or_default()
            ),
        )),
        Some(no) if letter.is_none() => errors.push(row.error(
            "case_no",
            format!("사건번호 — '{}': YYYY-A0001 형식(연도-기기문자 1자-일련번호 4자리 이상)이어야 합니다", excerpt(no)),
        )),
        Some(_) => {}
    }
    let outreach = row.get("outreach_event").and_then(|text| {
        let parsed = text
            .split_once(' ')
            .and_then(|(date, place)| Some((parse_date(date).ok()?, place.trim().to_owned())))
            .filter(|(_, place)| !place.is_empty());
        if parsed.is_none() {
            errors.push(row.error(
                "outreach_event",
                format!(
                    "찾아가는 상담 — '{}': 'YYYY-MM-DD 장소' 형식이어야 합니다",
                    excerpt(&text)
                ),
            ));
        }
        parsed
    });
    let input = CaseInput {
        received_on: row.get("received_on"),
        counselor: row.get("counselor"),
        intake_method: row.get("intake_method"),
        primary_category: row.get("primary_category"),
        secondary_categories: row
            .get("secondary_categories")
            .map(|s| {
                s.split(';')
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        outcome: row.get("outcome"),
        closed_on: row.get("closed_on"),
        gender: row.get("gender"),
        age_band: row.get("age_band"),
        nationality: row.get("nationality"),
        employment_type: row.get("employment_type"),
        workplace_size: row.get("workplace_size"),
        industry: row.get("industry"),
        region: row.get("region"),
        client_name: row.get("client_name"),
        client_phone: row.get("client_phone"),
        summary: row.get("summary"),
        client_role: row.get("client_role"),
        union_presence: row.get("union_presence"),
        sub_type: row.get("sub_type"),
        client_birth_year: row.year("birth_year", errors),
        workplace_name: row.get("workplace_name"),
        ..CaseInput::default()
    };
    let fields = match validate::case_fields(&input, today) {
        Ok(f) => Some(f),
        Err(e) => {
            field_errors(row, e, errors)?;
            None
        }
    };
    Ok(match (case_no, fields) {
        (Some(case_no), Some(fields)) if errors.len() == before => Some(PlannedCase {
            case_no,
            fields,
            outreach,
        }),
        _ => None,
    })
}

/// Checks every case row; duplicates within the file are errors too.
pub(super) fn plan_cases(
    rows: &[Row<'_>],
    today: NaiveDate,
    other_letters: &[char],
) -> Result<(Vec<PlannedCase>, Vec<RowError>)> {
    let mut errors = Vec::new();
    let mut planned = Vec::with_capacity(rows.len());
    let mut first_row: HashMap<String, usize> = HashMap::new();
    for row in rows {
        if let Some(no) = row.get("case_no") {
            if let Some(first) = first_row.insert(no.clone(), row.number) {
                errors.push(row.error(
                    "case_no",
                    format!("사건번호 — {}: {first}행과 중복됩니다", excerpt(&no)),
                ));
                first_row.insert(no, first);
                continue;
            }
        }
        planned.extend(case_row(row, today, other_letters, &mut errors)?);
    }
    Ok((planned, errors))
}

/// What a re-import matches a proceeding on: its case, channel, procedure and filing day.
pub(super) type RemedyKey = (String, RemedyChannel, Option<String>, NaiveDate);

/// Remedy rows ready to write: each with the id of its case.
pub(super) type PlannedRemedies = Vec<(String, RemedyFields)>;

/// Checks every remedy row; each must name a case already in the store, and no two rows may
/// share the key a re-import matches on.
pub(super) fn plan_remedies(
    conn: &Connection,
    rows: &[Row<'_>],
    today: NaiveDate,
) -> Result<(PlannedRemedies, Vec<RowError>)> {
    let mut errors = Vec::new();
    let mut planned = Vec::with_capacity(rows.len());
    let mut first_row: HashMap<RemedyKey, usize> = HashMap::new();
    for row in rows {
        let before = errors.len();
        let case_id = match row.get("case_no") {
            None => {
                errors.push(row.error("case_no", "사건번호 — 필수 항목입니다"));
                None
            }
            Some(no) => {
                let id = store::live_case_id(conn, &no)?;
                if id.is_none() && store::case_no_exists(conn, &no)?.is_some() {
                    errors
                        .push(row.error("case_no", format!("사건번호 — {no}: 삭제된 사건입니다")));
                } else if id.is_none() {
                    errors.push(row.error(
                        "case_no",
                        format!(
                            "사건번호 — {}: 등록된 사건이 없습니다 (사건 파일을 먼저 가져오세요)",
                            excerpt(&no)
                        ),
                    ));
                }
                id
            }
        };
        let input = RemedyInput {
            channel: row.get("channel"),
            procedure: row.get("procedure"),
            filed_on: row.get("filed_on"),
            concluded_on: row.get("concluded_on"),
            outcome: row.get("outcome"),
            amount_claimed: row.amount("amount_claimed", &mut errors),
            amount_recovered: row.amount("amount_recovered", &mut errors),
            ..RemedyInput::default()
        };
        match validate::remedy_fields(&input, today) {
            Ok(fields) if errors.len() == before => {
                let case_id = case_id.expect("checked");
                let key = (
                    case_id.clone(),
                    fields.channel,
                    fields.procedure.clone(),
                    fields.filed_on,
                );
                if let Some(&first) = first_row.get(&key) {
                    errors.push(row.error(
                        "filed_on",
                        format!(
                            "권리구제 — {first}행과 사건번호·기관·절차·신청일이 같습니다 (같은 날 같은 기관에 낸 두 절차는 절차 이름으로 구별해 주세요)"
                        ),
                    ));
                    continue;
                }
                first_row.insert(key, row.number);
                planned.push((case_id, fields))
            }
            Ok(_) => {}
            Err(e) => field_errors(row, e, &mut errors)?,
        }
    }
    Ok((planned, errors))
}
