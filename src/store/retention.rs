//! 보존기간 경과 개인정보 파기: personal data is destroyed on schedule, irrecoverably, while the
//! statistical remainder stays so past reports do not change.
//!
//! Destroyed: client name, phone, birth year and country; the case's workplace name and
//! summary; session notes. Kept: every date and code that a report counts, and the link from a
//! case to its (now blank) client, so 실인원 stays what it was. The destroyed fields' values
//! go from the sync conflicts too, and the same cutoff reaches every backup and every file a
//! restore set aside: a copy beside the store must not keep what the store destroyed.

use std::path::PathBuf;

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
    /// Backups and files set aside by a restore, destroyed in the same way.
    pub copies: u64,
    /// Copies the store's key cannot open (a damaged file set aside): left, named in the log.
    pub copies_unreadable: u64,
}

/// An unfinished form older than this is no longer anyone's work in progress, only personal
/// data kept without a case: retention deletes it.
pub const DRAFT_DAYS: i64 = 30;

/// An `employer_phone` that is a mobile number (010, 011, 016–019): a person's.
const MOBILE: &str = "replace(replace(employer_phone, '-', ''), ' ', '') LIKE '01%'";

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
    /// ago, then rewrites the file so it survives in no free page and no WAL frame. The same
    /// cutoff then applies to every copy beside the store: each backup and each file a restore
    /// moved aside is opened with the store's key and scrubbed the same way (`scrub_copies`).
    pub fn destroy_expired_personal_data(&mut self) -> Result<RetentionReport> {
        self.require(Permission::Retention)?;
        let cutoff = self.retention_cutoff()?;
        let mut report = self.destroy_before(cutoff, Rebuild::Always)?;
        let copies = self.scrub_copies(cutoff)?;
        report.copies = copies.scrubbed.len() as u64;
        report.copies_unreadable = copies.unreadable.len() as u64;
        if !copies.scrubbed.is_empty() || !copies.unreadable.is_empty() {
            let mut detail = format!(
                "{cutoff} 이전 종결: 백업·보관 파일 {}개에서 파기",
                copies.scrubbed.len()
            );
            if !copies.unreadable.is_empty() {
                detail += &format!(
                    "; 열 수 없어 파기하지 못한 파일: {}",
                    copies.unreadable.join(", ")
                );
            }
            self.log_read(AccessAction::Destroy, None, Some(&detail))?;
        }
        Ok(report)
    }

    /// The destruction itself, in this file, for cases closed or deleted before `cutoff`. The
    /// store itself is always rebuilt; a copy only when something in it changed, so that a
    /// run over ten unchanged backups does not rewrite ten files.
    fn destroy_before(&mut self, cutoff: NaiveDate, rebuild: Rebuild) -> Result<RetentionReport> {
        // Overwrite freed content with zeros as it is freed.
        self.conn.execute_batch("PRAGMA secure_delete = ON;")?;
        let report = self.write_logged(|conn, clock, log| {
            conn.execute(
                "CREATE TEMP TABLE expired AS SELECT id, client_id FROM cases
                 WHERE (closed_on IS NOT NULL AND closed_on < :cutoff) OR (deleted_at IS NOT NULL AND deleted_at < :cutoff)",
                named_params! {":cutoff": cutoff},
            )?;
            // A client is blanked only when none of their cases is still within the period.
            conn.execute(
                "CREATE TEMP TABLE expired_clients AS SELECT id FROM clients
                 WHERE id IN (SELECT client_id FROM expired WHERE client_id IS NOT NULL)
                   AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.client_id = clients.id
                                   AND c.id NOT IN (SELECT id FROM expired))",
                [],
            )?;
            // The employer of a registered business (사업자등록번호) is business data and stays,
            // for the center's repeat-employer list; its representative's name and a mobile
            // number name a person and go. An employer without a registration number may be a
            // person (a household, a private individual): all of its text goes.
            let cases = conn.execute(
                &format!(
                    "UPDATE cases SET summary = NULL, employer_representative = NULL,
                        workplace_name = iif(employer_reg_no IS NULL, NULL, workplace_name),
                        employer_address = iif(employer_reg_no IS NULL, NULL, employer_address),
                        work_site = iif(employer_reg_no IS NULL, NULL, work_site),
                        employer_phone = iif(employer_reg_no IS NULL OR {MOBILE}, NULL, employer_phone),
                        updated_at = :now
                     WHERE id IN (SELECT id FROM expired)
                       AND (summary IS NOT NULL OR employer_representative IS NOT NULL
                            OR (employer_phone IS NOT NULL AND {MOBILE})
                            OR (employer_reg_no IS NULL AND (workplace_name IS NOT NULL
                                OR employer_address IS NOT NULL OR work_site IS NOT NULL
                                OR employer_phone IS NOT NULL)))"
                ),
                named_params! {":now": clock.stamp()},
            )?;
            let notes = conn.execute(
                "UPDATE sessions SET notes = NULL WHERE case_id IN (SELECT id FROM expired) AND notes IS NOT NULL",
                [],
            )?;
            let clients = conn.execute(
                "UPDATE clients SET name = NULL, phone = NULL, birth_year = NULL, country = NULL, updated_at = :now
                 WHERE id IN (SELECT id FROM expired_clients)
                   AND (name IS NOT NULL OR phone IS NOT NULL OR birth_year IS NOT NULL OR country IS NOT NULL)",
                named_params! {":now": clock.stamp()},
            )?;
            // A sync conflict keeps both values of a field, names and phones among them: the
            // destroyed fields' values go too (JSON null, what resolving such a field writes).
            let conflicts = conn.execute(
                "UPDATE sync_conflicts SET local_value = 'null', remote_value = 'null'
                 WHERE (local_value IS NOT 'null' OR remote_value IS NOT 'null') AND (
                    (tbl = 'clients' AND field IN ('name', 'phone', 'birth_year', 'country')
                        AND row_id IN (SELECT id FROM expired_clients))
                    OR (tbl = 'cases' AND field IN ('workplace_name', 'summary', 'employer_representative',
                            'employer_address', 'employer_phone', 'work_site')
                        AND row_id IN (SELECT id FROM expired))
                    OR (tbl = 'sessions' AND field = 'notes'
                        AND row_id IN (SELECT id FROM sessions WHERE case_id IN (SELECT id FROM expired))))",
                [],
            )?;
            conn.execute_batch("DROP TABLE expired; DROP TABLE expired_clients;")?;
            let stale = (clock.now().with_timezone(&chrono::Utc) - chrono::Duration::days(DRAFT_DAYS))
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let drafts = conn.execute(
                "DELETE FROM drafts WHERE updated_at < :stale",
                named_params! {":stale": stale},
            )?;
            log(AccessAction::Destroy, None, Some(&format!("{cutoff} 이전 종결: 사건 {cases}건, 내담자 {clients}명; 오래된 임시 저장 {drafts}건")))?;
            let changed = cases + notes + clients + conflicts + drafts > 0;
            Ok((RetentionReport { cutoff, cases: cases as u64, clients: clients as u64, drafts: drafts as u64, copies: 0, copies_unreadable: 0 }, changed))
        })?;
        let (report, changed) = report;
        if rebuild == Rebuild::IfChanged && !changed {
            return Ok(report);
        }
        // Rebuild the file and empty the WAL: no old page keeps a destroyed value.
        // The search index keeps a removed entry's windows until its segments are merged:
        // merge them all, so the destroyed names are gone from it too.
        self.conn.execute_batch(
            "INSERT INTO case_search (case_search) VALUES ('optimize');
             VACUUM; PRAGMA wal_checkpoint(TRUNCATE);",
        )?;
        Ok(report)
    }

    /// Applies `destroy_before(cutoff)` to every backup of this store and every file a restore
    /// moved aside. A copy this store's key cannot open (a damaged file kept aside, a foreign
    /// file) is left as it is and named: it may be the only trace of records lost with a
    /// damaged store, and no restore can use it.
    fn scrub_copies(&self, cutoff: NaiveDate) -> Result<Copies> {
        let mut copies = Copies::default();
        let Some(db) = self.path.as_deref() else {
            return Ok(copies);
        };
        let files = super::backup::list_backups(db)
            .into_iter()
            .map(|b| PathBuf::from(b.path))
            .chain(super::backup::aside_files(db));
        for file in files {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let result = Store::open_copy(&file, self.key.as_ref()).and_then(|mut copy| {
                copy.set_clock(self.clock);
                copy.actor = self.actor.clone();
                copy.destroy_before(cutoff, Rebuild::IfChanged)
            });
            match result {
                Ok(_) => copies.scrubbed.push(name),
                Err(
                    Error::NotADatabase { .. }
                    | Error::Corrupt { .. }
                    | Error::DatabaseTooNew { .. },
                ) => copies.unreadable.push(name),
                Err(e) => return Err(e),
            }
        }
        Ok(copies)
    }
}

/// When `destroy_before` rebuilds the file (VACUUM) to leave no destroyed value in a free page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rebuild {
    Always,
    IfChanged,
}

/// What retention did to the copies beside a store, by file name.
#[derive(Default)]
struct Copies {
    scrubbed: Vec<String>,
    unreadable: Vec<String>,
}
