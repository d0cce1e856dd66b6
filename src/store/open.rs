//! Opening a store: the file, its key, the schema upgrade chain and the checks on open.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};

use super::clock::register_now;
use super::*;

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
    include_str!("schema/0009_device_keys.sql"),
    include_str!("schema/0010_log_chain.sql"),
    include_str!("schema/0011_law_desk.sql"),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn classify_open_error(e: rusqlite::Error, shown: &str) -> Error {
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

/// Tells damage from other failures once the key is known to be right (it unwrapped from the
/// key file). SQLCipher reports a page that fails its HMAC check as a plain SQL error, or the
/// first page as "not a database", which would read as a wrong key or a program fault: the app
/// would not offer the backup. `PRAGMA cipher_integrity_check` then names the damaged pages;
/// if it finds none, the error stays what it was.
fn damaged_with_key(path: &Path, key: &keys::DbKey, e: Error) -> Error {
    if !matches!(e, Error::NotADatabase { .. } | Error::Sqlite(_)) {
        return e;
    }
    match cipher_problems(path, key) {
        Some(problems) if !problems.is_empty() => Error::Corrupt {
            path: path.display().to_string(),
            detail: summary(&problems),
        },
        _ => e,
    }
}

/// What `PRAGMA cipher_integrity_check` reports, read through a read-only connection so the
/// damaged file is not touched; `None` when the check itself cannot run.
fn cipher_problems(path: &Path, key: &keys::DbKey) -> Option<Vec<String>> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).ok()?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE;").ok()?;
    conn.execute_batch(&key.pragma()).ok()?;
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check").ok()?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).ok()?;
    rows.collect::<rusqlite::Result<Vec<_>>>().ok()
}

/// The first problems say enough; a badly damaged file can list thousands.
fn summary(problems: &[String]) -> String {
    match problems.len() {
        1..=3 => problems.join("; "),
        n => format!("{} 외 {}건", problems[..3].join("; "), n - 3),
    }
}

pub(super) fn check_integrity(conn: &Connection, shown: &str) -> Result<()> {
    let corrupt = |detail: String| Error::Corrupt {
        path: shown.to_string(),
        detail,
    };
    let mut stmt = conn
        .prepare("PRAGMA quick_check")
        .map_err(|e| classify_open_error(e, shown))?;
    let problems: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>("quick_check"))
        .and_then(|rows| rows.collect())
        .map_err(|e| classify_open_error(e, shown))?;
    match problems.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        [] => Err(corrupt("무결성 검사 결과가 없습니다".into())),
        _ => Err(corrupt(summary(&problems))),
    }
}

pub(super) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get("user_version"))?)
}

/// Applies the missing upgrade steps, each in its own IMMEDIATE transaction with its new
/// version number, so that a crash leaves the file at the last complete version.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
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
        "SELECT type, name, COALESCE(sql, '') AS sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get("type")?, r.get("name")?, r.get("sql")?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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

    pub(super) fn connect(path: &Path) -> Result<Connection> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::fs::create_private_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        if !path.exists() {
            // Owner-only from the first byte; SQLite gives its WAL and shared-memory files the
            // database file's mode.
            crate::fs::touch_private(path).map_err(|e| Error::io(path, e))?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Ok(Connection::open_with_flags(path, flags)?)
    }

    /// An existing file only: opening a store never creates one, except at setup.
    pub(super) fn connect_existing(path: &Path) -> Result<Connection> {
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
    pub(super) fn connect_with_key(path: &Path, key: &keys::DbKey, create: bool) -> Result<Store> {
        let conn = if create {
            Self::connect(path)?
        } else {
            Self::connect_existing(path)?
        };
        // SQLCipher logs a failed key to stderr by default; the error below says it in Korean.
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        conn.execute_batch(&key.pragma())?;
        Self::prepare(conn, Some(path.to_path_buf())).map_err(|e| damaged_with_key(path, key, e))
    }

    /// Opens the file with the first of `keys` that opens it: the key file holds two while a
    /// re-key is under way. Returns the store and the key that opened it.
    pub(super) fn connect_with_keys(
        path: &Path,
        keys: Vec<keys::DbKey>,
    ) -> Result<(Store, keys::DbKey)> {
        let mut first_error = None;
        for key in keys {
            match Self::connect_with_key(path, &key, false) {
                Ok(store) => return Ok((store, key)),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(first_error.unwrap_or(Error::WrongPassword))
    }

    /// Whether the store at `path` is encrypted (its key file exists).
    pub fn is_encrypted(path: &Path) -> bool {
        keys::key_file_path(path).exists()
    }

    /// A private in-memory store, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        Self::prepare(Connection::open_in_memory()?, None)
    }

    pub(super) fn prepare(conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        // Before anything reads the file: a restore in progress may be replacing it.
        let lock = match &path {
            Some(p) => lock::shared(p)?,
            None => None,
        };
        Self::prepare_with_lock(conn, path, lock)
    }

    /// Opens a copy of this store (a backup, a file a restore set aside) with `key`, for
    /// retention to scrub it. No restore targets a copy: it takes no lock and leaves no lock
    /// file beside it.
    pub(super) fn open_copy(path: &Path, key: Option<&keys::DbKey>) -> Result<Store> {
        let conn = Self::connect_existing(path)?;
        if let Some(key) = key {
            conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
            conn.execute_batch(&key.pragma())?;
        }
        Self::prepare_with_lock(conn, Some(path.to_path_buf()), None)
    }

    fn prepare_with_lock(
        mut conn: Connection,
        path: Option<PathBuf>,
        lock: Option<std::fs::File>,
    ) -> Result<Store> {
        let shown = path
            .as_ref()
            .map_or_else(|| ":memory:".to_string(), |p| p.display().to_string());
        // Read before any write: a foreign file fails here, before WAL or the schema touch it.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get("user_version"))
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
            let mode: String =
                conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get("journal_mode"))?;
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
            lead_key: None,
            integrity: Vec::new(),
            sync,
            bulk,
            _lock: lock,
        })
    }
}
