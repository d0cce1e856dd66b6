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
pub(crate) mod changes;
pub(crate) mod counselors;
mod drafts;
pub mod keys;
pub(crate) mod numbers;
mod outreach;
mod remedies;
pub mod retention;
mod search;
mod sessions;
pub(crate) mod settings;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::domain::{AccessAction, Settings};
use crate::error::{Error, Result};

pub use case_list::SEARCH_COUNT_LIMIT;
pub(crate) use case_records::{
    case_columns, case_no_exists, insert_case, insert_case_row, live_case_id,
};
pub(crate) use counselors::counselor_id;
pub(crate) use numbers::note_case_no;
pub use numbers::{format_case_no, parse_case_no, RESTORE_NUMBER_GAP};
pub(crate) use outreach::outreach_event_by_date_place;
pub(crate) use remedies::{insert_remedy, remedy_exists};

/// Logs one access-log entry of the write in progress: action, record, detail.
pub(crate) type LogEntry<'a> =
    &'a dyn Fn(crate::domain::AccessAction, Option<&str>, Option<&str>) -> Result<()>;

/// The schema upgrade chain: entry N upgrades `user_version` N to N+1. Steps only add.
const MIGRATIONS: &[&str] = &[
    include_str!("schema/0001_init.sql"),
    include_str!("schema/0002_drafts.sql"),
    include_str!("schema/0003_accounts.sql"),
    include_str!("schema/0004_sync.sql"),
    include_str!("schema/0005_search.sql"),
    include_str!("schema/0006_tallies.sql"),
    include_str!("schema/0007_store_clock.sql"),
    include_str!("schema/0008_closing_history.sql"),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Where "now" comes from: the system clock, or a fixed instant in tests and reproducible runs.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(DateTime<FixedOffset>),
}

impl Clock {
    pub fn now(&self) -> DateTime<FixedOffset> {
        match self {
            Clock::System => Local::now().fixed_offset(),
            Clock::Fixed(t) => *t,
        }
    }

    /// Today's date where the counselor is.
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// The timestamp written into `created_at` / `updated_at` (UTC, RFC 3339).
    pub(crate) fn stamp(&self) -> String {
        self.now()
            .with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    clock: Clock,
    actor: accounts::Actor,
    /// The key of an encrypted store and its key file, kept to wrap it for new accounts.
    key: Option<keys::DbKey>,
    key_path: Option<PathBuf>,
    /// The same clock as `clock`, shared with the connection's SQL function `ld_now()`.
    sql_clock: std::sync::Arc<std::sync::Mutex<Clock>>,
    /// The clock that stamps every change for sync, shared with the connection's triggers.
    sync: std::sync::Arc<changes::SyncClock>,
    /// Defers the search indexing of an import's cases to its end.
    bulk: search::Bulk,
}

impl Store {
    /// Opens the unencrypted database at `path`, creating it (and its folder) on first use, and
    /// upgrades its schema. Refuses, untouched, a file that is not a database, is damaged, is
    /// newer, or is encrypted (it has a key file: use `open_encrypted`).
    pub fn open(path: &Path) -> Result<Store> {
        if keys::key_file_path(path).exists() {
            return Err(Error::PasswordRequired {
                path: path.display().to_string(),
            });
        }
        Self::prepare(Self::connect(path)?, Some(path.to_path_buf()))
    }

    fn connect(path: &Path) -> Result<Connection> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Ok(Connection::open_with_flags(path, flags)?)
    }

    /// An existing file only: opening a store never creates one, except at setup.
    fn connect_existing(path: &Path) -> Result<Connection> {
        if !path.exists() {
            return Err(Error::not_found(format!(
                "데이터베이스 파일({})",
                path.display()
            )));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Ok(Connection::open_with_flags(path, flags)?)
    }

    /// Opens the file with `key` before anything else reads it.
    fn connect_with_key(path: &Path, key: &keys::DbKey, create: bool) -> Result<Store> {
        let conn = if create {
            Self::connect(path)?
        } else {
            Self::connect_existing(path)?
        };
        // SQLCipher logs a failed key to stderr by default; the error below says it in Korean.
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        conn.execute_batch(&key.pragma())?;
        Self::prepare(conn, Some(path.to_path_buf()))
    }

    /// Whether the store at `path` is encrypted (its key file exists).
    pub fn is_encrypted(path: &Path) -> bool {
        keys::key_file_path(path).exists()
    }

    /// Creates a new encrypted store with the center's settings and its first account (the
    /// center lead). Returns the recovery code, to be shown once. Refuses to touch an existing
    /// database or key file.
    pub fn create_encrypted(
        path: &Path,
        settings: &Settings,
        username: &str,
        display_name: &str,
        password: &str,
    ) -> Result<(Store, keys::RecoveryCode)> {
        let key_path = keys::key_file_path(path);
        if path.exists() || key_path.exists() {
            return Err(Error::InvalidState(format!(
                "{}에 이미 데이터베이스가 있습니다. 기존 파일은 변경하지 않았습니다.",
                path.display()
            )));
        }
        crate::domain::validate::first_account(username, display_name, password)?;
        let (file, key, code) = keys::KeyFile::create(username, password)?;
        let created = (|| {
            let mut store = Self::connect_with_key(path, &key, true)?;
            let lead = store.set_up(settings, username, display_name, "최초 설정: 센터장 계정")?;
            file.write(&key_path)?;
            store.actor = accounts::Actor {
                username: lead.username,
                display_name: lead.display_name,
                role: lead.role,
            };
            store.key = Some(key);
            store.key_path = Some(key_path.clone());
            Ok(store)
        })();
        match created {
            Ok(store) => Ok((store, code)),
            Err(e) => {
                // Only what this call itself just created, and which holds nothing yet.
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                Err(e)
            }
        }
    }

    /// Encrypts the unencrypted store at `path` (made before setup existed) and creates its
    /// first lead account, like `create_encrypted`. The encrypted copy is written and checked
    /// under a temporary name; only then does it replace the plaintext file, by a rename, so a
    /// failure at any step leaves the original as it was.
    pub fn encrypt_existing(
        path: &Path,
        settings: &Settings,
        username: &str,
        display_name: &str,
        password: &str,
    ) -> Result<(Store, keys::RecoveryCode)> {
        let key_path = keys::key_file_path(path);
        if key_path.exists() {
            return Err(Error::InvalidState(format!(
                "{}은(는) 이미 암호화되어 있습니다.",
                path.display()
            )));
        }
        crate::domain::validate::first_account(username, display_name, password)?;
        // Checked to exist first; the connection may create files, as ATTACH needs it to.
        drop(Self::connect_existing(path)?);
        let plain = Self::prepare(Self::connect(path)?, Some(path.to_path_buf()))?;
        let (file, key, code) = keys::KeyFile::create(username, password)?;
        let tmp = PathBuf::from(format!("{}.encrypting", path.display()));
        let remove_tmp = || {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
            }
        };
        remove_tmp();
        let written = (|| {
            plain.conn.execute(
                "ATTACH DATABASE ?1 AS enc KEY ?2",
                rusqlite::params![tmp.display().to_string(), key.literal().as_str()],
            )?;
            plain
                .conn
                .query_row("SELECT sqlcipher_export('enc')", [], |_| Ok(()))?;
            plain
                .conn
                .execute_batch(&format!("PRAGMA enc.user_version = {SCHEMA_VERSION}"))?;
            plain.conn.execute_batch("DETACH DATABASE enc")?;
            drop(plain);
            let mut store = Self::connect_with_key(&tmp, &key, false)?;
            store.set_up(
                settings,
                username,
                display_name,
                "최초 설정: 기존 데이터베이스 암호화, 센터장 계정",
            )?;
            // Closing the only connection checkpoints the WAL into the file and removes it.
            drop(store);
            Ok(())
        })();
        if let Err(e) = written {
            remove_tmp();
            return Err(e);
        }
        file.write(&key_path)?;
        if let Err(e) = std::fs::rename(&tmp, path) {
            let _ = std::fs::remove_file(&key_path);
            remove_tmp();
            return Err(Error::io(path, e));
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let store = Self::open_encrypted(path, username, password)?;
        Ok((store, code))
    }

    /// Opens an encrypted store again after the app locked itself (it closes the store when it
    /// locks, so no key stays in memory); logged as an unlock rather than a login.
    pub fn resume(path: &Path, username: &str, password: &str) -> Result<Store> {
        let key_path = keys::key_file_path(path);
        Self::log_in(path, key_path, username, password, AccessAction::Unlock)
    }

    /// The center's settings and its first account, the lead, in a store just created.
    fn set_up(
        &mut self,
        settings: &Settings,
        username: &str,
        display_name: &str,
        detail: &str,
    ) -> Result<accounts::Account> {
        self.update_settings(settings)?;
        self.write(|conn, clock| {
            let lead = accounts::insert_account(
                conn,
                clock,
                username,
                display_name,
                crate::domain::Role::Lead,
            )?;
            accounts::log(
                conn,
                clock,
                username,
                AccessAction::Create,
                Some(&lead.id),
                Some(detail),
            )?;
            Ok(lead)
        })
    }

    /// Opens an encrypted store with a user's password. A wrong password is refused before the
    /// database file is read, so the file stays byte for byte as it was.
    pub fn open_encrypted(path: &Path, username: &str, password: &str) -> Result<Store> {
        Self::open_encrypted_with(path, &keys::key_file_path(path), username, password)
    }

    /// Opens `path` with the key kept in `key_path` (a backup with its store's key file).
    pub(crate) fn open_encrypted_with(
        path: &Path,
        key_path: &Path,
        username: &str,
        password: &str,
    ) -> Result<Store> {
        Self::log_in(
            path,
            key_path.to_path_buf(),
            username,
            password,
            AccessAction::Login,
        )
    }

    /// Unwraps the key with the password (noting a failure beside the store), then opens.
    fn log_in(
        path: &Path,
        key_path: PathBuf,
        username: &str,
        password: &str,
        action: AccessAction,
    ) -> Result<Store> {
        let file = keys::KeyFile::read(&key_path)?;
        let key = match file.unlock(username, password) {
            Ok(key) => key,
            Err(e) => {
                accounts::note_failed_login(path, username);
                return Err(e);
            }
        };
        let store = Self::connect_with_key(path, &key, false)?;
        store.sign_in(username, key, key_path, action, None)
    }

    /// Acts for `username` from now on; logs how they came in and any failed attempts since.
    fn sign_in(
        mut self,
        username: &str,
        key: keys::DbKey,
        key_path: PathBuf,
        action: crate::domain::AccessAction,
        detail: Option<&str>,
    ) -> Result<Store> {
        let account = accounts::find_account(&self.conn, username)?
            .filter(|a| a.active)
            .ok_or(Error::WrongPassword)?;
        let failures = accounts::take_failed_logins(self.path.as_deref());
        self.write(|conn, clock| {
            for (who, at) in &failures {
                conn.execute(
                    "INSERT INTO access_log (at, username, action, detail) VALUES (:at, :who, 'failed_login', '암호 불일치')",
                    rusqlite::named_params! {":at": at, ":who": who},
                )?;
            }
            accounts::log(conn, clock, username, action, None, detail)
        })?;
        accounts::clear_failed_logins(self.path.as_deref());
        self.actor = accounts::Actor {
            username: account.username,
            display_name: account.display_name,
            role: account.role,
        };
        self.key = Some(key);
        self.key_path = Some(key_path);
        Ok(self)
    }

    /// Checks a password again (unlocking the app after idle) and logs the unlock.
    pub fn unlock(&self, username: &str, password: &str) -> Result<()> {
        let Some(key_path) = &self.key_path else {
            return Ok(());
        };
        if username != self.actor.username {
            return Err(Error::WrongPassword);
        }
        if let Err(e) = keys::KeyFile::read(key_path)?.unlock(username, password) {
            accounts::log(
                &self.conn,
                self.clock,
                username,
                AccessAction::FailedLogin,
                None,
                Some("잠금 해제 실패"),
            )?;
            return Err(e);
        }
        accounts::log(
            &self.conn,
            self.clock,
            username,
            AccessAction::Unlock,
            None,
            None,
        )
    }

    /// Opens an encrypted store with the recovery code and sets `username`'s new password.
    pub fn open_with_recovery(
        path: &Path,
        code: &keys::RecoveryCode,
        username: &str,
        new_password: &str,
    ) -> Result<Store> {
        let key_path = keys::key_file_path(path);
        let mut file = keys::KeyFile::read(&key_path)?;
        let key = file.recover(code)?;
        let store = Self::connect_with_key(path, &key, false)?;
        if accounts::find_account(&store.conn, username)?.is_none_or(|a| !a.active) {
            return Err(Error::not_found(format!("계정 {username}")));
        }
        file.set_password(&key, username, new_password)?;
        file.write(&key_path)?;
        store.sign_in(
            username,
            key,
            key_path,
            AccessAction::Unlock,
            Some("복구 코드로 암호 재설정"),
        )
    }

    /// Changes a user's password: the key is wrapped anew; the database is not re-encrypted.
    pub fn change_password(
        path: &Path,
        username: &str,
        old_password: &str,
        new_password: &str,
    ) -> Result<()> {
        let key_path = keys::key_file_path(path);
        let mut file = keys::KeyFile::read(&key_path)?;
        let key = file.unlock(username, old_password)?;
        let store = Self::connect_with_key(path, &key, false)?;
        if accounts::find_account(&store.conn, username)?.is_none_or(|a| !a.active) {
            return Err(Error::WrongPassword);
        }
        file.set_password(&key, username, new_password)?;
        file.write(&key_path)?;
        accounts::log(
            &store.conn,
            store.clock,
            username,
            AccessAction::Update,
            None,
            Some("암호 변경"),
        )
    }

    /// A private in-memory store, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        Self::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        let shown = path
            .as_ref()
            .map_or_else(|| ":memory:".to_string(), |p| p.display().to_string());
        // Read before any write: a foreign file fails here, before WAL or the schema touch it.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify_open_error(e, &shown))?;
        check_integrity(&conn, &shown)?;
        if version > SCHEMA_VERSION {
            return Err(Error::DatabaseTooNew {
                path: shown,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if path.is_some() {
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            debug_assert_eq!(mode, "wal");
        }
        // FULL: a saved case survives a power cut at the booth, not only an app crash.
        // A 64 MB page cache instead of SQLite's 2 MB: an import's transaction and a province's
        // case list touch more pages than that, and SQLCipher decrypts a page again each time
        // it is read back into the cache. Memory is taken only as pages are read.
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;
             PRAGMA cache_size = -65536;",
        )?;
        let sql_clock = std::sync::Arc::new(std::sync::Mutex::new(Clock::System));
        register_now(&conn, &sql_clock)?;
        let sync = std::sync::Arc::new(changes::SyncClock::default());
        sync.register(&conn)?;
        let bulk = search::Bulk::default();
        search::register(&conn, &bulk)?;
        migrate(&mut conn)?;
        changes::start(&conn, &sync)?;
        Ok(Store {
            conn,
            path,
            clock: Clock::System,
            sql_clock,
            actor: accounts::Actor::local(),
            key: None,
            key_path: None,
            sync,
            bulk,
        })
    }

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

/// Registers `ld_now()`: the store's clock in SQL, as `Clock::stamp` writes it (UTC, RFC 3339),
/// so that a rule in a trigger reads the same "now" as the Rust code and never SQLite's `'now'`.
fn register_now(
    conn: &Connection,
    clock: &std::sync::Arc<std::sync::Mutex<Clock>>,
) -> rusqlite::Result<()> {
    let clock = std::sync::Arc::clone(clock);
    conn.create_scalar_function(
        "ld_now",
        0,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8,
        move |_| {
            let clock = *clock
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Ok(clock.stamp())
        },
    )
}

fn classify_open_error(e: rusqlite::Error, shown: &str) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotADatabase {
            path: shown.to_string(),
        },
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => Error::Corrupt {
            path: shown.to_string(),
            detail: e.to_string(),
        },
        _ => Error::Sqlite(e),
    }
}

fn check_integrity(conn: &Connection, shown: &str) -> Result<()> {
    let corrupt = |detail: String| Error::Corrupt {
        path: shown.to_string(),
        detail,
    };
    let mut stmt = conn
        .prepare("PRAGMA quick_check")
        .map_err(|e| classify_open_error(e, shown))?;
    let problems: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| classify_open_error(e, shown))?;
    match problems.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        [] => Err(corrupt("무결성 검사 결과가 없습니다".into())),
        // The first problems say enough; a badly damaged file can list thousands.
        _ => Err(corrupt(match problems.len() {
            1..=3 => problems.join("; "),
            n => format!("{} 외 {}건", problems[..3].join("; "), n - 3),
        })),
    }
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies the missing upgrade steps, each in its own IMMEDIATE transaction with its new
/// version number, so that a crash leaves the file at the last complete version.
fn migrate(conn: &mut Connection) -> Result<()> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Read inside the lock: another process may have upgraded the file meanwhile.
        let version = user_version(&tx)?;
        let Some(step) = MIGRATIONS.get(version as usize) else {
            return Ok(());
        };
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

/// The schema as SQLite reports it, for comparing an upgraded database with a fresh one.
pub fn schema_dump(store: &Store) -> Result<Vec<(String, String, String)>> {
    let mut stmt = store.conn.prepare(
        "SELECT type, name, COALESCE(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The store's database file when no `--db` is given: `LABORDESK_DB`, else the platform data
/// folder (on Linux `~/.local/share/labordesk/labordesk.db`).
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("LABORDESK_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("kr", "LaborDesk", "labordesk")
        .map(|d| d.data_dir().join("labordesk.db"))
        .unwrap_or_else(|| PathBuf::from("labordesk.db"))
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
