//! The local store: one SQLite (SQLCipher) file per device.
//!
//! `Store` owns the connection; the SQL lives in the table-family modules as `pub(crate)`
//! functions taking a `&Connection`, so that one transaction can span several of them.
//! Opening never deletes, recreates or repairs a file: a damaged, foreign or newer database is
//! refused with a clear error and left byte for byte as it was.

pub mod accounts;
pub mod backup;
mod case_list;
mod case_records;
mod cases;
mod columns;
pub(crate) use columns::insert_row;
pub(crate) use remedies::remedy_columns;
pub(crate) use sessions::session_columns;
pub(crate) mod changes;
mod clock;
pub(crate) mod counselors;
pub mod data_folder;
mod drafts;
pub mod keys;
mod lock;
mod log_chain;
mod login;
mod login_failures;
pub(crate) mod numbers;
mod open;
mod outreach;
mod rekey;
mod remedies;
pub mod retention;
mod search;
mod sessions;
pub(crate) mod settings;
mod update_address;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

use crate::error::Result;

pub use case_list::SEARCH_COUNT_LIMIT;
pub(crate) use case_records::{case_columns, case_no_exists, insert_case, live_case_id};
pub use clock::Clock;
pub(crate) use counselors::counselor_id;
pub use data_folder::{
    default_db_path, default_db_path_moving_legacy, migrate_legacy_data_folder, Moved,
};
pub use drafts::{DEFAULT_IDLE_MINUTES, IDLE_LOCK_PREFERENCE, IDLE_MINUTES_RANGE};
pub use log_chain::Verdict;
pub use numbers::{format_case_no, parse_case_no, RESTORE_NUMBER_GAP};
pub(crate) use numbers::{note_case_no, other_device_letters};
pub use open::{schema_dump, SCHEMA_VERSION};
pub(crate) use outreach::outreach_event_by_date_place;
pub(crate) use remedies::{insert_remedy, remedy_exists};

/// Logs one access-log entry of the write in progress: action, record, detail.
pub(crate) type LogEntry<'a> =
    &'a dyn Fn(crate::domain::AccessAction, Option<&str>, Option<&str>) -> Result<()>;

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    clock: Clock,
    actor: accounts::Actor,
    /// The key of an encrypted store and its key file, kept to wrap it for new accounts.
    key: Option<keys::DbKey>,
    key_path: Option<PathBuf>,
    /// The lead-only key, in a lead's session: it seals the access log and the roles.
    lead_key: Option<keys::LeadKey>,
    /// What the checks at a lead's sign-in found wrong with the access log or the roles.
    integrity: Vec<String>,
    /// The same clock as `clock`, shared with the connection's SQL function `ld_now()`.
    sql_clock: std::sync::Arc<std::sync::Mutex<Clock>>,
    /// The clock that stamps every change for sync, shared with the connection's triggers.
    sync: std::sync::Arc<changes::SyncClock>,
    /// Defers the search indexing of an import's cases to its end.
    bulk: search::Bulk,
    /// The shared lock on `<db>.lock` that keeps a restore out while this store is open
    /// (see `lock`); none in memory.
    _lock: Option<std::fs::File>,
}

impl Store {
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Replaces the clock; tests and reproducible data sets fix "now".
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
        *self
            .sql_clock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = clock;
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub(crate) fn sync_clock(&self) -> std::sync::Arc<changes::SyncClock> {
        std::sync::Arc::clone(&self.sync)
    }

    /// The switch of bulk writes (imports, generated data), for `search::Bulk::run`.
    pub(crate) fn bulk(&self) -> &search::Bulk {
        &self.bulk
    }

    /// The connection, for read-only queries of sibling modules (reports).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is written, or none of it. Inside
    /// `atomically` it is a savepoint of the outer transaction instead.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Connection, Clock) -> Result<T>,
    ) -> Result<T> {
        let clock = self.clock;
        if self.conn.is_autocommit() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx, clock)?;
            tx.commit()?;
            Ok(value)
        } else {
            let sp = self.conn.savepoint()?;
            let value = f(&sp, clock)?;
            sp.commit()?;
            Ok(value)
        }
    }

    /// `write`, with the access-log entry of the edit: `f` gets `log(action, record, detail)`,
    /// which logs as the signed-in user in the same transaction, so the edit and its entry
    /// land together or not at all.
    pub(crate) fn write_logged<T>(
        &mut self,
        f: impl FnOnce(&Connection, Clock, LogEntry<'_>) -> Result<T>,
    ) -> Result<T> {
        let who = self.actor.username.clone();
        self.write(|conn, clock| {
            let entry = |action, record: Option<&str>, detail: Option<&str>| {
                accounts::log(conn, clock, &who, action, record, detail)
            };
            f(conn, clock, &entry)
        })
    }

    /// Runs several API calls as one transaction: if `f` fails, none of them is written.
    pub fn atomically<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(value) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(value)
            }
            Err(e) => {
                self.conn.execute_batch("ROLLBACK")?;
                Err(e)
            }
        }
    }
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
