//! 상담 사건: create, update, close, reopen, soft delete and detail of a case.

use rusqlite::{named_params, OptionalExtension};

use super::accounts::Permission;
use super::case_records::{
    case_columns, check_outreach_event, insert_case, last_reopened_on, load_case, save_client,
    save_secondary_categories,
};
use super::columns::update_row;
use super::counselors::counselor_id;
use super::Store;
use crate::domain::entitlements;
use crate::domain::validate::{self};
use crate::domain::*;
use crate::error::{Error, Result};

impl Store {
    /// Logs a new case (상담 접수) and its first session; returns it with its case number.
    pub fn create_case(&mut self, input: &CaseInput) -> Result<Case> {
        self.require(Permission::EditCases)?;
        let fields = validate::case_fields(input, self.clock.today())?;
        let id = self.write_logged(|conn, clock, log| {
            let id = insert_case(conn, clock, &fields, None)?;
            log(AccessAction::Create, Some(&id), None)?;
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
        validate::closed_after_reopening(
            f.closed_on,
            last_reopened_on(&self.conn, id)?,
            self.clock.today(),
        )?;
        self.write_logged(|conn, clock, log| {
            log(AccessAction::Update, Some(id), None)?;
            let client_id: Option<String> = conn
                .query_row(
                    "SELECT client_id FROM cases WHERE id = :id AND deleted_at IS NULL",
                    named_params! {":id": id},
                    |r| r.get("client_id"),
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
                    "SELECT EXISTS (SELECT 1 FROM cases WHERE client_id = :cid AND id != :id AND deleted_at IS NULL) AS shared",
                    named_params! {":cid": cid, ":id": id},
                    |r| r.get::<_, bool>("shared"),
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
            let columns = case_columns(&f, &counselor, &client_id);
            update_row(conn, "cases", id, &columns, &clock.stamp())?;
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
        let (outcome, closed_on) = validate::closing(
            outcome,
            closed_on,
            case.received_on,
            last_reopened_on(&self.conn, id)?,
            self.clock.today(),
        )?;
        self.write_logged(|conn, clock, log| {
            log(AccessAction::Update, Some(id), Some("종결"))?;
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
        let reopened_on = validate::reopening(on, closed_on, self.clock.today())?;
        self.write_logged(|conn, clock, log| {
            log(
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
        self.write_logged(|conn, clock, log| {
            let now = clock.stamp();
            let changed = conn.execute(
                "UPDATE cases SET deleted_at = :now, updated_at = :now WHERE id = :id AND deleted_at IS NULL",
                named_params! {":now": now, ":id": id},
            )?;
            if changed == 0 {
                return Err(Error::not_found("사건"));
            }
            log(AccessAction::Delete, Some(id), None)?;
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

    pub(crate) fn case_detail(&self, id: &str) -> Result<CaseDetail> {
        Ok(CaseDetail {
            case: load_case(&self.conn, id)?,
            sessions: super::sessions::case_sessions(&self.conn, id)?,
            remedies: super::remedies::case_remedies(&self.conn, id)?,
            today: self.clock.today(),
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

    /// What the law gives the client from the case's labor facts, on the store's today
    /// (`domain::entitlements`). Amounts about a person: logged as a view.
    pub fn case_calculations(&self, id: &str) -> Result<entitlements::CaseCalculations> {
        Ok(self.case_calculator(id)?.result)
    }

    /// The calculator panel of a case: its facts as the inputs, and what they give today.
    pub fn case_calculator(&self, id: &str) -> Result<entitlements::CaseCalculator> {
        self.require(Permission::ViewCases)?;
        let case = load_case(&self.conn, id)?;
        self.log_read(AccessAction::View, Some(id), None)?;
        let input = entitlements::CalculatorInput::from_case(&case);
        let result = entitlements::calculate(&input, &case.case_no, self.clock.today());
        Ok(entitlements::CaseCalculator { input, result })
    }

    /// The id of the live case with this number.
    pub fn find_case_by_no(&self, case_no: &str) -> Result<String> {
        self.require(Permission::ViewCases)?;
        self.conn
            .query_row(
                "SELECT id FROM cases WHERE case_no = :no AND deleted_at IS NULL",
                named_params! {":no": case_no.trim()},
                |r| r.get("id"),
            )
            .optional()?
            .ok_or_else(|| Error::not_found(format!("사건 {}", case_no.trim())))
    }
}
