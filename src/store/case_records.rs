//! A case as rows: the one list of the columns a case's fields fill, the one SELECT that reads
//! a `Case`, and the row-level writes every entry path shares (intake, edit, import, the
//! generator): the client, the secondary categories, the first session.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::ToSql;
use rusqlite::{named_params, Connection, OptionalExtension, Row};

use super::columns::insert_row;
use super::counselors::counselor_id;
use super::numbers::next_case_no;
use super::{new_id, Clock};
use crate::domain::*;
use crate::error::{Error, Result};

/// The columns of `cases` a case's fields fill, with their values: the one list the INSERT of
/// every entry path (intake, import, the generator) and the UPDATE of an edit are built from.
/// `id`, `case_no`, the times and the sync columns are the store's own.
pub(crate) fn case_columns<'a>(
    f: &'a CaseFields,
    counselor_id: &'a Option<String>,
    client_id: &'a Option<String>,
) -> [(&'static str, &'a dyn ToSql); 38] {
    let (p, facts, consent, e) = (&f.profile, &f.facts, &f.consent, &f.employer);
    [
        ("received_on", &f.received_on),
        ("counselor_id", counselor_id),
        ("intake_method", &f.intake_method),
        ("outreach_event_id", &f.outreach_event_id),
        ("client_id", client_id),
        ("client_role", &p.client_role),
        ("gender", &p.gender),
        ("age_band", &p.age_band),
        ("nationality", &p.nationality),
        ("employment_type", &p.employment_type),
        ("workplace_size", &p.workplace_size),
        ("industry", &p.industry),
        ("region", &p.region),
        ("union_presence", &p.union_presence),
        ("workplace_name", &f.workplace_name),
        ("employer_representative", &e.representative),
        ("employer_reg_no", &e.reg_no),
        ("employer_address", &e.address),
        ("employer_phone", &e.phone),
        ("employer_headcount", &e.headcount),
        ("work_site", &e.work_site),
        ("primary_category", &f.primary_category),
        ("sub_type", &f.sub_type),
        ("summary", &f.summary),
        ("outcome", &f.outcome),
        ("closed_on", &f.closed_on),
        ("hired_on", &facts.hired_on),
        ("left_on", &facts.left_on),
        ("weekly_hours", &facts.weekly_hours),
        ("monthly_wage", &facts.monthly_wage),
        ("unpaid_amount", &facts.unpaid_amount),
        ("written_notice", &facts.written_notice),
        ("injury_on", &facts.injury_on),
        ("consent_on", &consent.consent_on),
        ("consent_method", &consent.method),
        ("sensitive_consent", &consent.sensitive),
        ("referral_consent", &consent.referral),
        ("guardian_consent", &consent.guardian),
    ]
}

/// The one SELECT of a `Case`; `case_from_row` reads its columns by name.
macro_rules! case_select {
    () => {
        "SELECT c.id, c.case_no, c.received_on, co.name AS counselor, c.intake_method,
                c.outreach_event_id, cl.name AS client_name, cl.phone AS client_phone,
                cl.birth_year AS client_birth_year, cl.country AS client_country,
                c.client_role, c.gender, c.age_band, c.nationality, c.employment_type,
                c.workplace_size, c.industry, c.region, c.union_presence,
                c.workplace_name, c.primary_category, c.sub_type, c.summary, c.outcome, c.closed_on,
                c.hired_on, c.left_on, c.weekly_hours, c.monthly_wage, c.unpaid_amount,
                c.written_notice, c.injury_on, c.created_at, c.updated_at,
                c.employer_representative, c.employer_reg_no, c.employer_address, c.employer_phone,
                c.employer_headcount, c.work_site,
                c.consent_on, c.consent_method, c.sensitive_consent, c.referral_consent, c.guardian_consent
         FROM cases c
         LEFT JOIN counselors co ON co.id = c.counselor_id
         LEFT JOIN clients cl ON cl.id = c.client_id "
    };
}

fn case_from_row(r: &Row<'_>) -> rusqlite::Result<Case> {
    Ok(Case {
        id: r.get("id")?,
        case_no: r.get("case_no")?,
        received_on: r.get("received_on")?,
        counselor: r.get("counselor")?,
        intake_method: r.get("intake_method")?,
        outreach_event_id: r.get("outreach_event_id")?,
        client: Client {
            name: r.get("client_name")?,
            phone: r.get("client_phone")?,
            birth_year: r.get("client_birth_year")?,
            country: r.get("client_country")?,
        },
        profile: Profile {
            client_role: r.get("client_role")?,
            gender: r.get("gender")?,
            age_band: r.get("age_band")?,
            nationality: r.get("nationality")?,
            employment_type: r.get("employment_type")?,
            workplace_size: r.get("workplace_size")?,
            industry: r.get("industry")?,
            region: r.get("region")?,
            union_presence: r.get("union_presence")?,
        },
        workplace_name: r.get("workplace_name")?,
        employer: Employer {
            representative: r.get("employer_representative")?,
            reg_no: r.get("employer_reg_no")?,
            address: r.get("employer_address")?,
            phone: r.get("employer_phone")?,
            headcount: r.get("employer_headcount")?,
            work_site: r.get("work_site")?,
        },
        primary_category: r.get("primary_category")?,
        sub_type: r.get("sub_type")?,
        secondary_categories: Vec::new(),
        summary: r.get("summary")?,
        outcome: r.get("outcome")?,
        closed_on: r.get("closed_on")?,
        facts: LaborFacts {
            hired_on: r.get("hired_on")?,
            left_on: r.get("left_on")?,
            weekly_hours: r.get("weekly_hours")?,
            monthly_wage: r.get("monthly_wage")?,
            unpaid_amount: r.get("unpaid_amount")?,
            written_notice: r.get("written_notice")?,
            injury_on: r.get("injury_on")?,
        },
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        consent: Consent {
            consent_on: r.get("consent_on")?,
            method: r.get("consent_method")?,
            sensitive: r.get("sensitive_consent")?,
            referral: r.get("referral_consent")?,
            guardian: r.get("guardian_consent")?,
        },
    })
}

/// The id of the live (not deleted) case with this number.
pub(crate) fn live_case_id(conn: &Connection, case_no: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM cases WHERE case_no = :case_no AND deleted_at IS NULL")?
        .query_row(named_params! {":case_no": case_no}, |r| r.get("id"))
        .optional()?)
}

/// The id of the case with this number, deleted or not: a number once used stays used.
pub(crate) fn case_no_exists(conn: &Connection, case_no: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM cases WHERE case_no = :case_no")?
        .query_row(named_params! {":case_no": case_no}, |r| r.get("id"))
        .optional()?)
}

pub(super) fn save_client(
    conn: &Connection,
    clock: Clock,
    existing: Option<String>,
    client: &Client,
) -> Result<Option<String>> {
    let now = clock.stamp();
    match existing {
        Some(id) => {
            conn.prepare_cached(
                "UPDATE clients SET name = :name, phone = :phone, birth_year = :birth_year,
                        country = :country, updated_at = :now WHERE id = :id",
            )?
            .execute(named_params! {
                ":name": client.name, ":phone": client.phone, ":birth_year": client.birth_year,
                ":country": client.country, ":now": now, ":id": id,
            })?;
            Ok(Some(id))
        }
        None if client.is_empty() => Ok(None),
        None => {
            // The same name and phone is the same person (실인원), across cases and devices.
            let mut id = None;
            if let (Some(name), Some(phone)) = (&client.name, &client.phone) {
                let person = person_id(conn, name, phone)?;
                let found: Option<(String, bool)> = conn
                    .prepare_cached(
                        "SELECT id, deleted_at IS NULL AND name IS NOT NULL AS usable FROM clients
                         WHERE id = :person
                            OR (name = :name AND phone = :phone AND deleted_at IS NULL)
                         ORDER BY id = :person DESC LIMIT 1",
                    )?
                    .query_row(
                        named_params! {":person": person, ":name": name, ":phone": phone},
                        |r| Ok((r.get("id")?, r.get("usable")?)),
                    )
                    .optional()?;
                match found {
                    Some((found, true)) => return Ok(Some(found)),
                    // Their earlier record was destroyed (retention) or deleted: a new one.
                    Some((_, false)) => {}
                    None => id = person,
                }
            }
            let id = id.unwrap_or_else(new_id);
            conn.prepare_cached(
                "INSERT INTO clients (id, name, phone, birth_year, country, created_at, updated_at)
                 VALUES (:id, :name, :phone, :birth_year, :country, :now, :now)",
            )?
            .execute(named_params! {
                ":id": id, ":name": client.name, ":phone": client.phone,
                ":birth_year": client.birth_year, ":country": client.country, ":now": now,
            })?;
            Ok(Some(id))
        }
    }
}

/// The client id of a person identified by name and phone, the same on every device of the
/// center: a keyed hash (BLAKE2s under the center's sync key, which only its devices hold) of
/// the name without spaces and the phone's digits. A booth and the center that both register
/// 홍길동, 010-1234-5678 therefore hold one client after a merge, and 실인원 counts one person.
/// The id reveals nothing of the name or phone to whoever lacks the key.
fn person_id(conn: &Connection, name: &str, phone: &str) -> Result<Option<String>> {
    use blake2::digest::{KeyInit, Mac};
    type Keyed = blake2::Blake2sMac256;
    let name: String = name.split_whitespace().collect::<String>().to_lowercase();
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let key = super::settings::get(conn, "sync_key")?.and_then(|k| hex::decode(k).ok());
    let (Some(key), false, false) = (key, name.is_empty(), digits.is_empty()) else {
        return Ok(None);
    };
    let mut mac = <Keyed as KeyInit>::new_from_slice(&key)
        .map_err(|_| Error::InvalidState("동기화 키의 길이가 맞지 않습니다.".into()))?;
    mac.update(name.as_bytes());
    mac.update(b"\0");
    mac.update(digits.as_bytes());
    let hash = mac.finalize().into_bytes();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash[..16]);
    Ok(Some(uuid::Uuid::new_v8(bytes).to_string()))
}

pub(super) fn save_secondary_categories(
    conn: &Connection,
    case_id: &str,
    categories: &[Category],
) -> Result<()> {
    conn.prepare_cached("DELETE FROM case_categories WHERE case_id = :id")?
        .execute(named_params! {":id": case_id})?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO case_categories (case_id, category) VALUES (:id, :category)",
    )?;
    for category in categories {
        insert.execute(named_params! {":id": case_id, ":category": category})?;
    }
    Ok(())
}

pub(super) fn check_outreach_event(conn: &Connection, id: &Option<String>) -> Result<()> {
    if let Some(id) = id {
        let found: Option<i64> = conn
            .prepare_cached(
                "SELECT 1 AS found FROM outreach_events WHERE id = :id AND deleted_at IS NULL",
            )?
            .query_row(named_params! {":id": id}, |r| r.get("found"))
            .optional()?;
        if found.is_none() {
            return Err(Error::invalid(
                "outreach_event_id",
                "찾아가는 상담 — 해당 행사를 찾을 수 없습니다",
            ));
        }
    }
    Ok(())
}

/// Inserts a validated case under `case_no` (or the next number of this device) with its
/// first session, made at intake. Returns the new case's id.
pub(crate) fn insert_case(
    conn: &Connection,
    clock: Clock,
    f: &CaseFields,
    case_no: Option<&str>,
) -> Result<String> {
    check_outreach_event(conn, &f.outreach_event_id)?;
    let case_no = match case_no {
        Some(no) => no.to_string(),
        None => next_case_no(conn, f.received_on.year())?,
    };
    let id = new_id();
    let now = clock.stamp();
    let counselor = f
        .counselor
        .as_deref()
        .map(|name| counselor_id(conn, clock, name))
        .transpose()?;
    let client_id = save_client(conn, clock, None, &f.client)?;
    let keys: [(&str, &dyn ToSql); 2] = [("id", &id), ("case_no", &case_no)];
    insert_row(
        conn,
        "cases",
        &keys,
        &case_columns(f, &counselor, &client_id),
        &now,
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation)
            if case_no_exists(conn, &case_no).ok().flatten().is_some() =>
        {
            Error::DuplicateCaseNo(case_no.clone())
        }
        _ => Error::Sqlite(e),
    })?;
    save_secondary_categories(conn, &id, &f.secondary_categories)?;
    super::sessions::insert_session(
        conn,
        clock,
        &id,
        &SessionFields {
            held_on: f.received_on,
            method: f.intake_method,
            counselor: f.counselor.clone(),
            minutes: None,
            notes: None,
        },
    )?;
    Ok(id)
}

pub(crate) fn load_case(conn: &Connection, id: &str) -> Result<Case> {
    let mut case = conn
        .prepare_cached(concat!(
            case_select!(),
            "WHERE c.id = :id AND c.deleted_at IS NULL"
        ))?
        .query_row(named_params! {":id": id}, case_from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("사건"))?;
    let mut stmt = conn.prepare_cached(
        "SELECT category FROM case_categories WHERE case_id = :id ORDER BY category",
    )?;
    case.secondary_categories = stmt
        .query_map(named_params! {":id": id}, |r| r.get("category"))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(case)
}

/// The day a case was last reopened (schema 8's `closings`), if ever.
pub(super) fn last_reopened_on(conn: &Connection, id: &str) -> Result<Option<NaiveDate>> {
    Ok(conn
        .query_row(
            "SELECT closings ->> '$[#-1].reopened_on' AS reopened_on FROM cases WHERE id = :id",
            named_params! {":id": id},
            |r| r.get("reopened_on"),
        )
        .optional()?
        .flatten())
}
