//! 보존기간 경과 개인정보 파기: personal data is destroyed on schedule, irrecoverably, while the
//! statistical remainder stays so past reports do not change.
//!
//! Destroyed: client name, phone, birth year and country; the case's workplace name and
//! summary; session notes. Kept: every date and code that a report counts, and the link from a
//! case to its (now blank) client, so 실인원 stays what it was.

use chrono::NaiveDate;
use rusqlite::named_params;
use serde::Serialize;
use ts_rs::TS;

use super::accounts::Permission;
use super::Store;
use crate::domain::AccessAction;
use crate::error::{Error, Result};

/// Years after closing that personal data is kept, unless a lead sets otherwise.
pub const DEFAULT_RETENTION_YEARS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RetentionReport {
    /// Closed (or deleted) before this day: their personal data is gone.
    pub cutoff: NaiveDate,
    pub cases: u64,
    pub clients: u64,
    /// Unfinished forms untouched for `DRAFT_DAYS` days, deleted with what they held.
    pub drafts: u64,
}

/// An unfinished form older than this is no longer anyone's work in progress, only personal
/// data kept without a case: retention deletes it.
pub const DRAFT_DAYS: i64 = 30;

impl Store {
    pub fn retention_years(&self) -> Result<u32> {
        Ok(super::settings::get(&self.conn, "retention_years")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_RETENTION_YEARS))
    }

    pub fn set_retention_years(&mut self, years: u32) -> Result<()> {
        self.require(Permission::Retention)?;
        if !(1..=10).contains(&years) {
            return Err(Error::invalid(
                "retention_years",
                "보존기간 — 1년에서 10년 사이여야 합니다",
            ));
        }
        self.write_logged(|conn, _clock, log| {
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('retention_years', :v)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                named_params! {":v": years.to_string()},
            )?;
            log(
                AccessAction::Update,
                None,
                Some(&format!("보존기간 {years}년")),
            )
        })
    }

    /// The day before which closed or deleted cases lose their personal data when retention
    /// runs today: the same day `retention_years` earlier.
    pub fn retention_cutoff(&self) -> Result<chrono::NaiveDate> {
        Ok(crate::domain::dates::years_before(
            self.clock.today(),
            self.retention_years()?,
        ))
    }

    /// Destroys the personal data of cases closed or deleted more than the retention period
    /// ago, then rewrites the file so it survives in no free page and no WAL frame.
    pub fn destroy_expired_personal_data(&mut self) -> Result<RetentionReport> {
        self.require(Permission::Retention)?;
        let cutoff = self.retention_cutoff()?;
        // Overwrite freed content with zeros as it is freed.
        self.conn.execute_batch("PRAGMA secure_delete = ON;")?;
        let report = self.write_logged(|conn, clock, log| {
            conn.execute(
                "CREATE TEMP TABLE expired AS SELECT id, client_id FROM cases
                 WHERE (closed_on IS NOT NULL AND closed_on < :cutoff) OR (deleted_at IS NOT NULL AND deleted_at < :cutoff)",
                named_params! {":cutoff": cutoff},
            )?;
            let cases = conn.execute(
                "UPDATE cases SET workplace_name = NULL, summary = NULL, updated_at = :now
                 WHERE id IN (SELECT id FROM expired) AND (workplace_name IS NOT NULL OR summary IS NOT NULL)",
                named_params! {":now": clock.stamp()},
            )?;
            conn.execute(
                "UPDATE sessions SET notes = NULL WHERE case_id IN (SELECT id FROM expired) AND notes IS NOT NULL",
                [],
            )?;
            // A client is blanked only when none of their cases is still within the period.
            let clients = conn.execute(
                "UPDATE clients SET name = NULL, phone = NULL, birth_year = NULL, country = NULL, updated_at = :now
                 WHERE id IN (SELECT client_id FROM expired WHERE client_id IS NOT NULL)
                   AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.client_id = clients.id
                                   AND c.id NOT IN (SELECT id FROM expired))
                   AND (name IS NOT NULL OR phone IS NOT NULL OR birth_year IS NOT NULL OR country IS NOT NULL)",
                named_params! {":now": clock.stamp()},
            )?;
            conn.execute("DROP TABLE expired", [])?;
            let stale = (clock.now().with_timezone(&chrono::Utc) - chrono::Duration::days(DRAFT_DAYS))
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let drafts = conn.execute(
                "DELETE FROM drafts WHERE updated_at < :stale",
                named_params! {":stale": stale},
            )?;
            log(AccessAction::Destroy, None, Some(&format!("{cutoff} 이전 종결: 사건 {cases}건, 내담자 {clients}명; 오래된 임시 저장 {drafts}건")))?;
            Ok(RetentionReport { cutoff, cases: cases as u64, clients: clients as u64, drafts: drafts as u64 })
        })?;
        // Rebuild the file and empty the WAL: no old page keeps a destroyed value.
        // The search index keeps a removed entry's windows until its segments are merged:
        // merge them all, so the destroyed names are gone from it too.
        self.conn.execute_batch(
            "INSERT INTO case_search (case_search) VALUES ('optimize');
             VACUUM; PRAGMA wal_checkpoint(TRUNCATE);",
        )?;
        Ok(report)
    }
}
