//! Backups (백업): copies of the live store made with SQLite's online backup API, encrypted
//! with the same key, kept in `backups/` beside the database, the newest N at most.
//! Restoring never overwrites or deletes the current file: it is moved aside first.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::accounts::Permission;
use super::{keys, Clock, Store};
use crate::domain::AccessAction;
use crate::error::{Error, Result};

/// How many automatic backups are kept.
pub const DEFAULT_KEEP: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    /// When it was made (UTC), from its name.
    pub made_at: String,
    pub bytes: u64,
}

/// The backups folder of a database.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Backups of `db`, newest first.
pub fn list_backups(db: &Path) -> Vec<BackupInfo> {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut found: Vec<BackupInfo> = std::fs::read_dir(backup_dir(db))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stamp = name
                .strip_prefix(&format!("{stem}-"))?
                .strip_suffix(".db")?
                .to_string();
            // Only this store's own backups, `<stem>-YYYYMMDDTHHMMSSmmmZ.db`: not those of
            // another store whose name begins the same way.
            let shaped = stamp.len() == 19
                && stamp.as_bytes()[8] == b'T'
                && stamp.ends_with('Z')
                && stamp
                    .bytes()
                    .enumerate()
                    .all(|(i, b)| matches!(i, 8 | 18) || b.is_ascii_digit());
            if !shaped {
                return None;
            }
            Some(BackupInfo {
                path: entry.path().display().to_string(),
                made_at: stamp,
                bytes: entry.metadata().ok()?.len(),
            })
        })
        .collect();
    found.sort_by(|a, b| b.made_at.cmp(&a.made_at));
    found
}

impl Store {
    /// Copies the store, as it is now, into a new file `dest` (never over an existing one).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::InvalidState(format!(
                "{}이(가) 이미 있습니다.",
                dest.display()
            )));
        }
        let tmp = dest.with_extension("partial");
        let result = (|| {
            crate::fs::touch_private(&tmp).map_err(|e| Error::io(&tmp, e))?;
            let mut target = Connection::open(&tmp)?;
            if let Some(key) = &self.key {
                target.execute_batch(&key.pragma())?;
            }
            rusqlite::backup::Backup::new(&self.conn, &mut target)?.run_to_completion(
                256,
                Duration::ZERO,
                None,
            )?;
            drop(target);
            std::fs::rename(&tmp, dest).map_err(|e| Error::io(dest, e))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// A new backup in the backups folder; keeps the newest `keep`.
    pub fn backup_now(&self, keep: usize) -> Result<PathBuf> {
        let db = self.path.as_deref().ok_or_else(|| {
            Error::InvalidState("메모리 데이터베이스는 백업할 수 없습니다.".into())
        })?;
        let dir = backup_dir(db);
        crate::fs::create_private_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let stem = db
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "labordesk".into());
        let stamp = self
            .clock
            .now()
            .with_timezone(&chrono::Utc)
            .format("%Y%m%dT%H%M%S%3fZ")
            .to_string();
        let dest = dir.join(format!("{stem}-{stamp}.db"));
        self.backup_to(&dest)?;
        for old in list_backups(db).into_iter().skip(keep.max(1)) {
            let _ = std::fs::remove_file(old.path);
        }
        Ok(dest)
    }

    /// A backup when the newest is older than a day (or there is none): on start and on exit.
    pub fn backup_if_due(&self) -> Result<Option<PathBuf>> {
        let Some(db) = self.path.as_deref() else {
            return Ok(None);
        };
        let day_ago = (self.clock.now().with_timezone(&chrono::Utc) - chrono::Duration::days(1))
            .format("%Y%m%dT%H%M%S%3fZ")
            .to_string();
        match list_backups(db).first() {
            Some(newest) if newest.made_at > day_ago => Ok(None),
            _ => self.backup_now(DEFAULT_KEEP).map(Some),
        }
    }

    /// Replaces the database at `db` with `backup`. The backup is opened and checked first,
    /// with the credentials of a center lead in it (none for an unencrypted store); the current
    /// file, damaged or not, is moved aside as `<db>.replaced-<time>`, never deleted. The
    /// restored store runs on `clock`.
    pub fn restore(
        db: &Path,
        backup: &Path,
        credentials: Option<(&str, &str)>,
        clock: Clock,
    ) -> Result<Store> {
        let key_path = keys::key_file_path(db);
        // An encrypted store is replaced only by a backup a lead of it can open.
        if key_path.exists() && credentials.is_none() {
            return Err(Error::PasswordRequired {
                path: db.display().to_string(),
            });
        }
        {
            let probe_path = backup.with_extension("probe");
            std::fs::copy(backup, &probe_path).map_err(|e| Error::io(backup, e))?;
            let probe = match credentials {
                Some((user, password)) => {
                    Store::open_encrypted_with(&probe_path, &key_path, user, password)
                }
                None => Store::open(&probe_path),
            };
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", probe_path.display()));
            }
            probe?.require(Permission::Restore)?;
        }
        // The copy is made under a temporary name first: a full disk leaves the current file
        // where it is.
        let incoming = PathBuf::from(format!("{}.restoring", db.display()));
        std::fs::copy(backup, &incoming).map_err(|e| {
            let _ = std::fs::remove_file(&incoming);
            Error::io(db, e)
        })?;
        let stamp = clock
            .now()
            .with_timezone(&chrono::Utc)
            .format("%Y%m%dT%H%M%SZ");
        for suffix in ["", "-wal", "-shm"] {
            let current = PathBuf::from(format!("{}{suffix}", db.display()));
            if current.exists() {
                let aside = PathBuf::from(format!("{}.replaced-{stamp}{suffix}", db.display()));
                std::fs::rename(&current, &aside).map_err(|e| Error::io(&current, e))?;
            }
        }
        std::fs::rename(&incoming, db).map_err(|e| Error::io(db, e))?;
        let mut store = match credentials {
            Some((user, password)) => Store::open_encrypted(db, user, password)?,
            None => Store::open(db)?,
        };
        store.set_clock(clock);
        store.write_logged(|_, _, log| {
            log(
                AccessAction::Restore,
                None,
                Some(&format!("백업 {}", backup.display())),
            )
        })?;
        super::changes::after_restore(&store.conn, store.clock)?;
        Ok(store)
    }
}
