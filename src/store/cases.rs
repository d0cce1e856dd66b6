//! 상담 사건: numbering, create, update, close, reopen, soft delete, list and detail.

use chrono::{Datelike, NaiveDate};
use rusqlite::{named_params, Connection, OptionalExtension, Row};

use super::accounts::{log, Permission};
use super::counselors::counselor_id;
use super::numbers::next_case_no;
use super::{new_id, Clock, Store};
use crate::domain::validate::{self, Checker};
use crate::domain::*;
use crate::error::{Error, Result};

/// The columns of a `Case`, in the order `case_from_row` reads them.
macro_rules! case_select {
    () => {
        "SELECT c.id, c.case_no, c.received_on, co.name, c.intake_method, c.outreach_event_id,
                cl.name, cl.phone, cl.birth_year, cl.country,
                c.client_role, c.gender, c.age_band, c.nationality, c.employment_type,
                c.workplace_size, c.industry, c.region, c.union_presence,
                c.workplace_name, c.primary_category, c.sub_type, c.summary, c.outcome, c.closed_on,
                c.hired_on, c.left_on, c.weekly_hours, c.monthly_wage, c.unpaid_amount,
                c.written_notice, c.injury_on, c.created_at, c.updated_at,
                c.consent_on, c.consent_method, c.sensitive_consent, c.referral_consent, c.guardian_consent
         FROM cases c
         LEFT JOIN counselors co ON co.id = c.counselor_id
         LEFT JOIN clients cl ON cl.id = c.client_id "
    };
}

fn case_from_row(r: &Row<'_>) -> rusqlite::Result<Case> {
    Ok(Case {
        id: r.get(0)?,
        case_no: r.get(1)?,
        received_on: r.get(2)?,
        counselor: r.get(3)?,
        intake_method: r.get(4)?,
        outreach_event_id: r.get(5)?,
        client: Client {
            name: r.get(6)?,
            phone: r.get(7)?,
            birth_year: r.get(8)?,
            country: r.get(9)?,
        },
        profile: Profile {
            client_role: r.get(10)?,
            gender: r.get(11)?,
            age_band: r.get(12)?,
            nationality: r.get(13)?,
            employment_type: r.get(14)?,
            workplace_size: r.get(15)?,
            industry: r.get(16)?,
            region: r.get(17)?,
            union_presence: r.get(18)?,
        },
        workplace_name: r.get(19)?,
        primary_category: r.get(20)?,
        sub_type: r.get(21)?,
        secondary_categories: Vec::new(),
        summary: r.get(22)?,
        outcome: r.get(23)?,
        closed_on: r.get(24)?,
        facts: LaborFacts {
            hired_on: r.get(25)?,
            left_on: r.get(26)?,
            weekly_hours: r.get(27)?,
            monthly_wage: r.get(28)?,
            unpaid_amount: r.get(29)?,
            written_notice: r.get(30)?,
            injury_on: r.get(31)?,
        },
        created_at: r.get(32)?,
        updated_at: r.get(33)?,
        consent: Consent {
            consent_on: r.get(34)?,
            method: r.get(35)?,
            sensitive: r.get(36)?,
            referral: r.get(37)?,
            guardian: r.get(38)?,
        },
    })
}

/// The id of the live (not deleted) case with this number.
pub(crate) fn live_case_id(conn: &Connection, case_no: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM cases WHERE case_no = :case_no AND deleted_at IS NULL")?
        .query_row(named_params! {":case_no": case_no}, |r| r.get(0))
        .optional()?)
}

/// The id of the case with this number, deleted or not: a number once used stays used.
pub(crate) fn case_no_exists(conn: &Connection, case_no: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM cases WHERE case_no = :case_no")?
        .query_row(named_params! {":case_no": case_no}, |r| r.get(0))
        .optional()?)
}

fn save_client(
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
                        "SELECT id, deleted_at IS NULL AND name IS NOT NULL FROM clients
                         WHERE id = :person
                            OR (name = :name AND phone = :phone AND deleted_at IS NULL)
                         ORDER BY id = :person DESC LIMIT 1",
                    )?
                    .query_row(
                        named_params! {":person": person, ":name": name, ":phone": phone},
                        |r| Ok((r.get(0)?, r.get(1)?)),
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

fn save_secondary_categories(
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

fn check_outreach_event(conn: &Connection, id: &Option<String>) -> Result<()> {
    if let Some(id) = id {
        let found: Option<i64> = conn
            .prepare_cached("SELECT 1 FROM outreach_events WHERE id = :id AND deleted_at IS NULL")?
            .query_row(named_params! {":id": id}, |r| r.get(0))
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
    let p = &f.profile;
    conn.prepare_cached(
        "INSERT INTO cases (id, case_no, received_on, counselor_id, intake_method, outreach_event_id,
            client_id, client_role, gender, age_band, nationality, employment_type, workplace_size,
            industry, region, union_presence, workplace_name, primary_category, sub_type, summary,
            outcome, closed_on, hired_on, left_on, weekly_hours, monthly_wage, unpaid_amount,
            written_notice, injury_on, consent_on, consent_method, sensitive_consent, referral_consent,
            guardian_consent, created_at, updated_at)
         VALUES (:id, :case_no, :received_on, :counselor_id, :intake_method, :outreach_event_id,
            :client_id, :client_role, :gender, :age_band, :nationality, :employment_type, :workplace_size,
            :industry, :region, :union_presence, :workplace_name, :primary_category, :sub_type, :summary,
            :outcome, :closed_on, :hired_on, :left_on, :weekly_hours, :monthly_wage, :unpaid_amount,
            :written_notice, :injury_on, :consent_on, :consent_method, :sensitive_consent, :referral_consent,
            :guardian_consent, :now, :now)",
    )?
    .execute(named_params! {
        ":id": id, ":case_no": case_no, ":received_on": f.received_on, ":counselor_id": counselor,
        ":intake_method": f.intake_method, ":outreach_event_id": f.outreach_event_id,
        ":client_id": client_id, ":client_role": p.client_role, ":gender": p.gender,
        ":age_band": p.age_band, ":nationality": p.nationality, ":employment_type": p.employment_type,
        ":workplace_size": p.workplace_size, ":industry": p.industry, ":region": p.region,
        ":union_presence": p.union_presence, ":workplace_name": f.workplace_name,
        ":primary_category": f.primary_category, ":sub_type": f.sub_type, ":summary": f.summary,
        ":outcome": f.outcome, ":closed_on": f.closed_on, ":hired_on": f.facts.hired_on,
        ":left_on": f.facts.left_on, ":weekly_hours": f.facts.weekly_hours,
        ":monthly_wage": f.facts.monthly_wage, ":unpaid_amount": f.facts.unpaid_amount,
        ":written_notice": f.facts.written_notice, ":injury_on": f.facts.injury_on,
        ":consent_on": f.consent.consent_on, ":consent_method": f.consent.method,
        ":sensitive_consent": f.consent.sensitive, ":referral_consent": f.consent.referral,
        ":guardian_consent": f.consent.guardian, ":now": now,
    })
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) if case_no_exists(conn, &case_no).ok().flatten().is_some() => {
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

/// A validated session.
pub(crate) struct SessionFields {
    pub held_on: NaiveDate,
    pub method: IntakeMethod,
    pub counselor: Option<String>,
    pub minutes: Option<i64>,
    pub notes: Option<String>,
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
        .query_map(named_params! {":id": id}, |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(case)
}

/// The WHERE clause of the case list, from fixed fragments for the filters in use only, with
/// their named parameters. A filter left out of the text matters: SQLite decides from the
/// text which columns a query reads, and a mention of a column outside the `cases_received`
/// index makes it read every case row even when that filter is unused. No fragment joins,
/// so counting a million cases reads one index; names match through subqueries.
/// Whether the search text is the filter's only condition.
fn filter_is_text_only(filter: &CaseFilter) -> bool {
    let CaseFilter {
        received_from,
        received_to,
        category,
        status,
        counselor,
        remedy_channel,
        outreach_event_id,
        text,
        sort: _,
        limit: _,
        offset: _,
    } = filter;
    text.is_some()
        && received_from.is_none()
        && received_to.is_none()
        && category.is_none()
        && *status == CaseStatus::Any
        && counselor.is_none()
        && remedy_channel.is_none()
        && outreach_event_id.is_none()
}

/// A search counts its matches up to this many: past it, counting a common word over a
/// province's cases would cost more than the page, and "10,000건 이상" tells a counselor as
/// much as the exact number.
pub const SEARCH_COUNT_LIMIT: u64 = 10_000;

/// How the case list finds a search text.
enum Search {
    /// The FTS5 query of `search::match_query`.
    Index(String),
    /// A LIKE pattern, for a text too short for the index.
    Scan(String),
}

/// How a condition on the search index is checked.
#[derive(Clone, Copy, PartialEq)]
enum Probe {
    /// The condition is on the case id, so SQLite can start from the matches and look each
    /// case up: for counting, and for a page of a search that matches few cases.
    MatchSet,
    /// The condition is on each case's index rowid, checked against the set of matching rowids
    /// (integers, built once), for a page read newest first from the date index: a search
    /// that matches many cases (a common word matches a sixth of a province's cases) finds
    /// its hundred soonest that way, and a set of integers costs far less to build than one
    /// of case ids.
    PerCase,
}

fn case_filter<'a>(
    filter: &'a CaseFilter,
    text: &'a Option<Search>,
    status: &'a bool,
    probe: Probe,
) -> (String, Vec<(&'static str, &'a dyn rusqlite::ToSql)>) {
    let mut conditions = vec!["c.deleted_at IS NULL"];
    let mut params: Vec<(&'static str, &'a dyn rusqlite::ToSql)> = Vec::new();
    let mut add = |condition: &'static str, name: &'static str, value: &'a dyn rusqlite::ToSql| {
        conditions.push(condition);
        params.push((name, value));
    };
    if let Some(from) = &filter.received_from {
        add("c.received_on >= :from", ":from", from);
    }
    if let Some(to) = &filter.received_to {
        add("c.received_on <= :to", ":to", to);
    }
    if let Some(category) = &filter.category {
        add("c.primary_category = :category", ":category", category);
    }
    if filter.status != CaseStatus::Any {
        add("(c.closed_on IS NULL) = :open", ":open", status);
    }
    if let Some(counselor) = &filter.counselor {
        add(
            "c.counselor_id IN (SELECT id FROM counselors WHERE name = :counselor)",
            ":counselor",
            counselor,
        );
    }
    if let Some(event) = &filter.outreach_event_id {
        add("c.outreach_event_id = :event", ":event", event);
    }
    if let Some(channel) = &filter.remedy_channel {
        add(
            "EXISTS (SELECT 1 FROM remedies r WHERE r.case_id = c.id AND r.deleted_at IS NULL AND r.channel = :channel)",
            ":channel",
            channel,
        );
    }
    match text {
        Some(Search::Index(query)) if probe == Probe::PerCase => add(
            "(SELECT s.rowid FROM case_search_ids s WHERE s.case_id = c.id)
                IN (SELECT rowid FROM case_search WHERE case_search MATCH :text)",
            ":text",
            query,
        ),
        Some(Search::Index(query)) => add(
            "c.id IN (SELECT s.case_id FROM case_search_ids s
                      WHERE s.rowid IN (SELECT rowid FROM case_search WHERE case_search MATCH :text))",
            ":text",
            query,
        ),
        // One character: no index window is that short, so every case is read.
        Some(Search::Scan(pattern)) => add(
            "(c.case_no LIKE :text ESCAPE '\\' OR c.workplace_name LIKE :text ESCAPE '\\'
              OR c.summary LIKE :text ESCAPE '\\'
              OR c.client_id IN (SELECT id FROM clients WHERE name LIKE :text ESCAPE '\\'))",
            ":text",
            pattern,
        ),
        None => {}
    }
    (conditions.join(" AND "), params)
}

/// `%text%` for LIKE, with LIKE's own wildcards taken literally.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Store {
    /// Logs a new case (상담 접수) and its first session; returns it with its case number.
    pub fn create_case(&mut self, input: &CaseInput) -> Result<Case> {
        self.require(Permission::EditCases)?;
        let fields = validate::case_fields(input, self.clock.today())?;
        let who = self.actor.username.clone();
        let id = self.write(|conn, clock| {
            let id = insert_case(conn, clock, &fields, None)?;
            log(conn, clock, &who, AccessAction::Create, Some(&id), None)?;
            Ok(id)
        })?;
        load_case(&self.conn, &id)
    }

    /// Replaces a case's details with `input`; the case number and sessions stay.
    pub fn update_case(&mut self, id: &str, input: &CaseInput) -> Result<Case> {
        self.require(Permission::EditCases)?;
        let f = validate::case_fields(input, self.clock.today())?;
        if load_case(&self.conn, id)?.counselor != f.counselor {
            self.require(Permission::Reassign)?;
        }
        let mut c = Checker::new(self.clock.today());
        c.ordered(
            ("reopened_on", last_reopened_on(&self.conn, id)?),
            ("closed_on", f.closed_on),
        );
        c.finish()?;
        let who = self.actor.username.clone();
        self.write(|conn, clock| {
            log(conn, clock, &who, AccessAction::Update, Some(id), None)?;
            let client_id: Option<String> = conn
                .query_row(
                    "SELECT client_id FROM cases WHERE id = :id AND deleted_at IS NULL",
                    named_params! {":id": id},
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| Error::not_found("사건"))?;
            check_outreach_event(conn, &f.outreach_event_id)?;
            let counselor = f.counselor.as_deref().map(|n| counselor_id(conn, clock, n)).transpose()?;
            // The same person may stand behind several cases (실인원). A change to this case's
            // client must not rewrite the others': a shared row is left alone and this case
            // gets its own (or the matching) one.
            let shared = match &client_id {
                Some(cid) => conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM cases WHERE client_id = :cid AND id != :id AND deleted_at IS NULL)",
                    named_params! {":cid": cid, ":id": id},
                    |r| r.get::<_, bool>(0),
                )?,
                None => false,
            };
            let client_id = if shared {
                let current = load_case(conn, id)?.client;
                if current == f.client {
                    client_id
                } else {
                    save_client(conn, clock, None, &f.client)?
                }
            } else {
                save_client(conn, clock, client_id, &f.client)?
            };
            let p = &f.profile;
            conn.execute(
                "UPDATE cases SET received_on = :received_on, counselor_id = :counselor_id,
                    intake_method = :intake_method, outreach_event_id = :outreach_event_id,
                    client_id = :client_id, client_role = :client_role, gender = :gender,
                    age_band = :age_band, nationality = :nationality, employment_type = :employment_type,
                    workplace_size = :workplace_size, industry = :industry, region = :region,
                    union_presence = :union_presence, workplace_name = :workplace_name,
                    primary_category = :primary_category, sub_type = :sub_type, summary = :summary,
                    outcome = :outcome, closed_on = :closed_on, hired_on = :hired_on, left_on = :left_on,
                    weekly_hours = :weekly_hours, monthly_wage = :monthly_wage,
                    unpaid_amount = :unpaid_amount, written_notice = :written_notice,
                    injury_on = :injury_on, consent_on = :consent_on, consent_method = :consent_method,
                    sensitive_consent = :sensitive_consent, referral_consent = :referral_consent,
                    guardian_consent = :guardian_consent, updated_at = :now
                 WHERE id = :id",
                named_params! {
                    ":id": id, ":received_on": f.received_on, ":counselor_id": counselor,
                    ":intake_method": f.intake_method, ":outreach_event_id": f.outreach_event_id,
                    ":client_id": client_id, ":client_role": p.client_role, ":gender": p.gender,
                    ":age_band": p.age_band, ":nationality": p.nationality,
                    ":employment_type": p.employment_type, ":workplace_size": p.workplace_size,
                    ":industry": p.industry, ":region": p.region, ":union_presence": p.union_presence,
                    ":workplace_name": f.workplace_name, ":primary_category": f.primary_category,
                    ":sub_type": f.sub_type, ":summary": f.summary, ":outcome": f.outcome,
                    ":closed_on": f.closed_on, ":hired_on": f.facts.hired_on, ":left_on": f.facts.left_on,
                    ":weekly_hours": f.facts.weekly_hours, ":monthly_wage": f.facts.monthly_wage,
                    ":unpaid_amount": f.facts.unpaid_amount, ":written_notice": f.facts.written_notice,
                    ":injury_on": f.facts.injury_on, ":consent_on": f.consent.consent_on,
                    ":consent_method": f.consent.method, ":sensitive_consent": f.consent.sensitive,
                    ":referral_consent": f.consent.referral, ":guardian_consent": f.consent.guardian,
                    ":now": clock.stamp(),
                },
            )?;
            save_secondary_categories(conn, id, &f.secondary_categories)
        })?;
        load_case(&self.conn, id)
    }

    /// Closes a case (종결) with its outcome; `closed_on` defaults to today.
    pub fn close_case(&mut self, id: &str, outcome: &str, closed_on: Option<&str>) -> Result<Case> {
        self.require(Permission::EditCases)?;
        let case = load_case(&self.conn, id)?;
        if case.is_closed() {
            return Err(Error::InvalidState(format!(
                "사건 {}은(는) 이미 종결되었습니다.",
                case.case_no
            )));
        }
        let today = self.clock.today();
        let mut c = Checker::new(today);
        let outcome = c.required_code::<Outcome>("outcome", &Some(outcome.to_string()));
        let closed_on = match closed_on {
            Some(text) => c.required_date("closed_on", &Some(text.to_string())),
            None => Some(today),
        };
        c.ordered(
            ("received_on", Some(case.received_on)),
            ("closed_on", closed_on),
        );
        // A closing after a reopening starts on or after it: the periods a case was closed
        // never overlap, so a report for any day finds one closing at most.
        c.ordered(
            ("reopened_on", last_reopened_on(&self.conn, id)?),
            ("closed_on", closed_on),
        );
        c.finish()?;
        let who = self.actor.username.clone();
        self.write(|conn, clock| {
            log(conn, clock, &who, AccessAction::Update, Some(id), Some("종결"))?;
            conn.execute(
                "UPDATE cases SET outcome = :outcome, closed_on = :closed_on, updated_at = :now WHERE id = :id",
                named_params! {":outcome": outcome, ":closed_on": closed_on, ":now": clock.stamp(), ":id": id},
            )?;
            Ok(())
        })?;
        load_case(&self.conn, id)
    }

    /// Reopens a closed case today; its outcome stays as a record of the earlier closing.
    pub fn reopen_case(&mut self, id: &str) -> Result<Case> {
        self.reopen_case_on(id, None)
    }

    /// Reopens a closed case on `on` (default today): not before the day it was closed.
    pub fn reopen_case_on(&mut self, id: &str, on: Option<&str>) -> Result<Case> {
        self.require(Permission::EditCases)?;
        let case = load_case(&self.conn, id)?;
        let Some(closed_on) = case.closed_on else {
            return Err(Error::InvalidState(format!(
                "사건 {}은(는) 종결되지 않았습니다.",
                case.case_no
            )));
        };
        let today = self.clock.today();
        let mut c = Checker::new(today);
        let reopened_on = match on {
            Some(text) => c.required_date("reopened_on", &Some(text.to_string())),
            None => Some(today),
        };
        c.ordered(("closed_on", Some(closed_on)), ("reopened_on", reopened_on));
        c.finish()?;
        let reopened_on = reopened_on.expect("checked");
        let who = self.actor.username.clone();
        self.write(|conn, clock| {
            log(
                conn,
                clock,
                &who,
                AccessAction::Update,
                Some(id),
                Some(&format!("재개 ({reopened_on})")),
            )?;
            // The closing it ends stays in `closings`: a report for a day it was closed on
            // still counts it closed (schema 8).
            conn.execute(
                "UPDATE cases SET closed_on = NULL, updated_at = :now,
                    closings = json_insert(closings, '$[#]', json_object(
                        'closed_on', closed_on, 'outcome', outcome, 'reopened_on', :on))
                 WHERE id = :id",
                named_params! {":now": clock.stamp(), ":id": id, ":on": reopened_on},
            )?;
            Ok(())
        })?;
        load_case(&self.conn, id)
    }

    /// Soft-deletes a case with its sessions and proceedings: they leave every list and
    /// report; the rows stay for the access log and for sync, until retention destroys them.
    pub fn delete_case(&mut self, id: &str) -> Result<()> {
        self.require(Permission::DeleteCases)?;
        let who = self.actor.username.clone();
        self.write(|conn, clock| {
            let now = clock.stamp();
            let changed = conn.execute(
                "UPDATE cases SET deleted_at = :now, updated_at = :now WHERE id = :id AND deleted_at IS NULL",
                named_params! {":now": now, ":id": id},
            )?;
            if changed == 0 {
                return Err(Error::not_found("사건"));
            }
            log(conn, clock, &who, AccessAction::Delete, Some(id), None)?;
            for sql in ["UPDATE sessions SET deleted_at = :now, updated_at = :now WHERE case_id = :id AND deleted_at IS NULL",
                          "UPDATE remedies SET deleted_at = :now, updated_at = :now WHERE case_id = :id AND deleted_at IS NULL"] {
                conn.execute(sql, named_params! {":now": now, ":id": id})?;
            }
            Ok(())
        })
    }

    /// One case with its sessions and remedies, oldest first.
    pub fn get_case(&self, id: &str) -> Result<CaseDetail> {
        self.require(Permission::ViewCases)?;
        let detail = self.case_detail(id)?;
        self.log_read(AccessAction::View, Some(id), None)?;
        Ok(detail)
    }

    fn case_detail(&self, id: &str) -> Result<CaseDetail> {
        Ok(CaseDetail {
            case: load_case(&self.conn, id)?,
            sessions: super::sessions::case_sessions(&self.conn, id)?,
            remedies: super::remedies::case_remedies(&self.conn, id)?,
        })
    }

    /// The personal data of a case's client, for an export a lead chose to include it in.
    pub(crate) fn case_client(&self, id: &str) -> Result<Client> {
        self.require(Permission::ExportPersonalData)?;
        Ok(load_case(&self.conn, id)?.client)
    }

    /// The eligibility hints and deadlines of a case, as of today.
    pub fn case_hints(&self, id: &str) -> Result<Vec<crate::domain::eligibility::Hint>> {
        self.require(Permission::ViewCases)?;
        let detail = self.case_detail(id)?;
        let rules = crate::domain::eligibility::Rules::default();
        Ok(crate::domain::eligibility::hints(
            &detail.case,
            &detail.remedies,
            self.clock.today(),
            &rules,
        ))
    }

    /// The id of the live case with this number.
    pub fn find_case_by_no(&self, case_no: &str) -> Result<String> {
        self.require(Permission::ViewCases)?;
        self.conn
            .query_row(
                "SELECT id FROM cases WHERE case_no = :no AND deleted_at IS NULL",
                named_params! {":no": case_no.trim()},
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::not_found(format!("사건 {}", case_no.trim())))
    }

    /// Number of live (not deleted) cases.
    pub fn count_cases(&self) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM cases WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// A page of the case list under `filter`, and the number of matching cases.
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<CasePage> {
        self.require(Permission::ViewCases)?;
        let text = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| match super::search::match_query(t) {
                Some(query) => Search::Index(query),
                None => Search::Scan(like_pattern(t)),
            });
        let open = filter.status == CaseStatus::Open;
        let (conditions, params) = case_filter(filter, &text, &open, Probe::MatchSet);
        let live: u64 = self
            .conn
            .prepare_cached("SELECT live FROM case_count")?
            .query_row([], |r| r.get(0))?;
        // The index holds live cases only: its own count needs no case read. A search counts
        // its matches up to SEARCH_COUNT_LIMIT; past it the list says "at least".
        let cap = SEARCH_COUNT_LIMIT + 1;
        let matches: Option<u64> = match &text {
            Some(Search::Index(query)) => Some(
                self.conn
                    .prepare_cached(
                        "SELECT count(*) FROM (SELECT 1 FROM case_search WHERE case_search MATCH ?1 LIMIT ?2)",
                    )?
                    .query_row(rusqlite::params![query, cap], |r| r.get(0))?,
            ),
            _ => None,
        };
        // A search that matches many cases finds the newest hundred soonest by reading the
        // date index from the end and looking each case up in the search index (about
        // 100·live/matches reads); one that matches few, by reading its matches (SQLite's own
        // choice). The two cost the same near 5·√live matches.
        let date_order = filter.sort.column == SortColumn::ReceivedOn
            && matches
                .is_some_and(|m| m > SEARCH_COUNT_LIMIT || (m as f64) > 5.0 * (live as f64).sqrt());
        let counted: u64 = if params.is_empty() {
            // No filter: the count the triggers keep (schema 5).
            live
        } else if let (true, Some(m)) = (params.len() == 1 && filter_is_text_only(filter), matches)
        {
            m
        } else if text.is_some() {
            self.conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM (SELECT 1 FROM cases c WHERE {conditions} LIMIT {cap})"
                ))?
                .query_row(params.as_slice(), |r| r.get(0))?
        } else {
            self.conn
                .prepare_cached(&format!("SELECT count(*) FROM cases c WHERE {conditions}"))?
                .query_row(params.as_slice(), |r| r.get(0))?
        };
        let total_is_lower_bound = text.is_some() && counted > SEARCH_COUNT_LIMIT;
        let total = counted.min(if text.is_some() {
            SEARCH_COUNT_LIMIT
        } else {
            u64::MAX
        });
        let (conditions, params) = if date_order {
            case_filter(filter, &text, &open, Probe::PerCase)
        } else {
            (conditions, params)
        };
        // Fixed strings only, never user text. Columns that may be empty sort their empty
        // values last; the others must not carry that term, or SQLite cannot read the date
        // index in order and sorts every case for one page.
        let (column, nullable) = match filter.sort.column {
            SortColumn::ReceivedOn => ("c.received_on", false),
            SortColumn::CaseNo => ("c.case_no", false),
            SortColumn::PrimaryCategory => ("c.primary_category", false),
            SortColumn::Counselor => ("co.name", true),
            SortColumn::ClientName => ("cl.name", true),
            SortColumn::ClosedOn => ("c.closed_on", true),
        };
        let direction = if filter.sort.descending {
            "DESC"
        } else {
            "ASC"
        };
        let nulls_last = if nullable {
            format!("{column} IS NULL, ")
        } else {
            String::new()
        };
        let order = format!("{nulls_last}{column} {direction}, c.case_no {direction}");
        let sql = format!(
            "SELECT c.id, c.case_no, c.received_on, co.name, c.primary_category, cl.name,
                    c.workplace_name, c.summary, c.outcome, c.closed_on,
                    (SELECT count(*) FROM remedies r WHERE r.case_id = c.id AND r.deleted_at IS NULL),
                    (SELECT count(*) FROM remedies r WHERE r.case_id = c.id AND r.deleted_at IS NULL
                        AND r.concluded_on IS NULL)
             FROM cases c {indexed} LEFT JOIN counselors co ON co.id = c.counselor_id
             LEFT JOIN clients cl ON cl.id = c.client_id
             WHERE {conditions} ORDER BY {order} LIMIT :limit OFFSET :offset",
            indexed = if date_order {
                "INDEXED BY cases_received"
            } else {
                ""
            }
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut all = params;
        let limit = filter.limit.clamp(1, 1000);
        all.push((":limit", &limit));
        all.push((":offset", &filter.offset));
        let items = stmt
            .query_map(all.as_slice(), |r| {
                Ok(CaseSummary {
                    id: r.get(0)?,
                    case_no: r.get(1)?,
                    received_on: r.get(2)?,
                    counselor: r.get(3)?,
                    primary_category: r.get(4)?,
                    client_name: r.get(5)?,
                    workplace_name: r.get(6)?,
                    summary: r.get(7)?,
                    outcome: r.get(8)?,
                    closed_on: r.get(9)?,
                    remedy_count: r.get(10)?,
                    open_remedy_count: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(CasePage {
            total,
            total_is_lower_bound,
            items,
        })
    }
}

/// The day a case was last reopened (schema 8's `closings`), if ever.
fn last_reopened_on(conn: &Connection, id: &str) -> Result<Option<NaiveDate>> {
    Ok(conn
        .query_row(
            "SELECT closings ->> '$[#-1].reopened_on' FROM cases WHERE id = :id",
            named_params! {":id": id},
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_search_text_are_literal() {
        assert_eq!(like_pattern("50%_x"), "%50\\%\\_x%");
    }
}
