//! Backups (백업): copies of the live store made with SQLite's online backup API, encrypted
//! with the same key, kept in `backups/` beside the database, the newest N at most.
//! Restoring never overwrites or deletes the current file: it is moved aside first, under a
//! name no other file has, while no other process has the store open.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{named_params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::accounts::Permission;
use super::{keys, lock, Clock, Store};
use crate::domain::{AccessAction, CodeList, Role};
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

/// Who made a backup, as far as pruning cares: a lead's backups are pruned only by a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Maker {
    /// 센터장, or a backup from before the maker was named (it may be a lead's: kept as one).
    Lead,
    /// 상담원 or 검토자.
    Staff,
}

/// A backup's time stamp and maker, from its name `<stem>-YYYYMMDDTHHMMSSmmmZ[-<role>].db`; none
/// for any other file (another store's backup whose name begins the same way).
fn parse_name(stem: &str, name: &str) -> Option<(String, Maker)> {
    let rest = name
        .strip_prefix(&format!("{stem}-"))?
        .strip_suffix(".db")?;
    let (stamp, role) = match rest.split_once('-') {
        Some((stamp, role)) => (stamp, Some(Role::parse(role).filter(|r| r.code() == role)?)),
        None => (rest, None),
    };
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
    Some((stamp.to_string(), Maker::of(role)))
}

impl Maker {
    /// No role: a backup named before makers were.
    fn of(role: Option<Role>) -> Maker {
        match role {
            None | Some(Role::Lead) => Maker::Lead,
            Some(Role::Counselor | Role::Supervisor) => Maker::Staff,
        }
    }
}

fn db_stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Backups of `db` with their makers, newest first.
fn backups_by_maker(db: &Path) -> Vec<(BackupInfo, Maker)> {
    let stem = db_stem(db);
    let mut found: Vec<(BackupInfo, Maker)> = std::fs::read_dir(backup_dir(db))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let (stamp, maker) = parse_name(&stem, &name)?;
            let info = BackupInfo {
                path: entry.path().display().to_string(),
                made_at: stamp,
                bytes: entry.metadata().ok()?.len(),
            };
            Some((info, maker))
        })
        .collect();
    found.sort_by(|a, b| b.0.made_at.cmp(&a.0.made_at).then(b.0.path.cmp(&a.0.path)));
    found
}

/// Backups of `db`, newest first.
pub fn list_backups(db: &Path) -> Vec<BackupInfo> {
    backups_by_maker(db).into_iter().map(|(b, _)| b).collect()
}

/// The files a restore moved aside (`<db>.replaced-…`), without their WAL and lock files.
pub fn aside_files(db: &Path) -> Vec<PathBuf> {
    let Some(name) = db.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let prefix = format!("{name}.replaced-");
    let mut found: Vec<PathBuf> = std::fs::read_dir(
        db.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    )
    .into_iter()
    .flatten()
    .flatten()
    .filter(|entry| {
        let n = entry.file_name().to_string_lossy().into_owned();
        n.starts_with(&prefix)
            && !["-wal", "-shm", "-journal", ".lock"]
                .iter()
                .any(|s| n.ends_with(s))
    })
    .map(|entry| entry.path())
    .collect();
    found.sort();
    found
}

/// Removes a database file that was opened only for a moment (a probe), with the files SQLite
/// and the store keep beside it (a wrong password notes a failed login there).
fn remove_with_side_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal", ".lock", ".login-failures"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// Reserves a name for the current file moved aside that no file has, `<db>.replaced-<time>`
/// then `-2`, `-3`…: the name is created empty with `create_new`, which fails on an existing
/// file, so two restores (even in one millisecond) never pick the same one and the rename
/// that follows replaces only this empty placeholder.
fn reserve_aside(db: &Path, clock: Clock) -> Result<PathBuf> {
    let stamp = clock
        .now()
        .with_timezone(&chrono::Utc)
        .format("%Y%m%dT%H%M%S%3fZ");
    for n in 1..10_000 {
        let name = match n {
            1 => format!("{}.replaced-{stamp}", db.display()),
            n => format!("{}.replaced-{stamp}-{n}", db.display()),
        };
        let taken = ["-wal", "-shm"]
            .iter()
            .any(|s| Path::new(&format!("{name}{s}")).exists());
        if taken {
            continue;
        }
        match crate::fs::private_options()
            .write(true)
            .create_new(true)
            .open(&name)
        {
            Ok(_) => return Ok(PathBuf::from(name)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(Path::new(&name), e)),
        }
    }
    Err(Error::InvalidState(format!(
        "{}의 보관용 이름을 정하지 못했습니다: 같은 시각의 보관 파일이 너무 많습니다. 아무것도 바꾸지 않았습니다.",
        db.display()
    )))
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
            crate::fs::retry_if_in_use(dest, || std::fs::rename(&tmp, dest))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// A new backup in the backups folder, named with the role of the account that made it;
    /// keeps the newest `keep` of that kind. A counselor's or supervisor's backup prunes only
    /// theirs: a lead's backups (and those from before makers were named) are pruned only when
    /// a lead makes one, so no run of a lesser role removes them. Both are logged.
    pub fn backup_now(&self, keep: usize) -> Result<PathBuf> {
        let db = self.path.as_deref().ok_or_else(|| {
            Error::InvalidState("메모리 데이터베이스는 백업할 수 없습니다.".into())
        })?;
        let dir = backup_dir(db);
        crate::fs::create_private_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let stem = Some(db_stem(db))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "labordesk".into());
        let stamp = self
            .clock
            .now()
            .with_timezone(&chrono::Utc)
            .format("%Y%m%dT%H%M%S%3fZ")
            .to_string();
        let role = self.actor.role;
        let dest = dir.join(format!("{stem}-{stamp}-{}.db", role.code()));
        self.backup_to(&dest)?;
        let maker = Maker::of(Some(role));
        let mut pruned = Vec::new();
        let same_kind = backups_by_maker(db)
            .into_iter()
            .filter(|(_, m)| *m == maker);
        for (old, _) in same_kind.skip(keep.max(1)) {
            if std::fs::remove_file(&old.path).is_ok() {
                pruned.push(file_name(Path::new(&old.path)));
            }
        }
        let mut detail = format!("백업 {}", file_name(&dest));
        if !pruned.is_empty() {
            detail += &format!(
                "; 오래된 백업 {}개 삭제: {}",
                pruned.len(),
                pruned.join(", ")
            );
        }
        self.log_read(AccessAction::Backup, None, Some(&detail))?;
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

    /// Replaces the database at `db` with `backup`, losing nothing on the way:
    /// - refused, with nothing changed, while another store of `db` is open in any process
    ///   (an import in the CLI, the app's session): the restore holds `<db>.lock` exclusively;
    /// - the backup is opened and checked first, with the credentials of a center lead in it
    ///   (none for an unencrypted store);
    /// - the current file, damaged or not, is moved aside under a name no file had,
    ///   `<db>.replaced-<time>[-n]`, never replaced and never deleted;
    /// - the access-log entries the replaced file has and the backup lacks (those written
    ///   since the backup) are carried into the restored store, and the restore is logged;
    /// - retention runs at once, so no personal data destroyed since the backup comes back.
    ///
    /// The restored store runs on `clock`.
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
        let lock = lock::exclusive(db)?;
        {
            let probe_path = backup.with_extension("probe");
            crate::fs::retry_if_in_use(backup, || std::fs::copy(backup, &probe_path))?;
            let probe = match credentials {
                Some((user, password)) => {
                    Store::open_encrypted_with(&probe_path, &key_path, user, password)
                }
                None => Store::open(&probe_path),
            };
            // Closed before its files are removed: Windows keeps an open file.
            let allowed = probe.and_then(|p| p.require(Permission::Restore));
            remove_with_side_files(&probe_path);
            allowed?;
        }
        // The copy is made under a temporary name first: a full disk leaves the current file
        // where it is.
        let incoming = PathBuf::from(format!("{}.restoring", db.display()));
        std::fs::copy(backup, &incoming).map_err(|e| {
            let _ = std::fs::remove_file(&incoming);
            Error::io(db, e)
        })?;
        let aside = match swap(db, &incoming, clock) {
            Ok(aside) => aside,
            Err(e) => {
                let _ = std::fs::remove_file(&incoming);
                return Err(e);
            }
        };
        // The swap is done: the restored store takes its shared lock like any other.
        drop(lock);
        let mut store = match credentials {
            Some((user, password)) => Store::open_encrypted(db, user, password)?,
            None => Store::open(db)?,
        };
        store.set_clock(clock);
        // A damaged file moved aside may not be readable: the restore goes on, and says so.
        let carried = match &aside {
            Some(aside) => match store.carry_over(aside) {
                Ok(n) => format!("; 교체 전 파일의 접근 기록 {n}건을 옮김"),
                Err(e) => format!("; 교체 전 파일의 접근 기록을 옮기지 못함: {e}"),
            },
            None => String::new(),
        };
        let kept = aside
            .as_deref()
            .map(|a| format!("; 교체 전 파일은 {}로 보관", file_name(a)))
            .unwrap_or_default();
        store.write_logged(|_, _, log| {
            log(
                AccessAction::Restore,
                None,
                Some(&format!("백업 {}{kept}{carried}", backup.display())),
            )
        })?;
        super::changes::after_restore(&store.conn, store.clock)?;
        store.destroy_expired_personal_data()?;
        Ok(store)
    }

    /// Carries from the replaced file `aside` what a restore must not lose: every access-log
    /// entry the restored store lacks (in their order, with their own times), and the
    /// retention period when the replaced store's was shorter. Returns the entries carried.
    fn carry_over(&mut self, aside: &Path) -> Result<usize> {
        // The replaced file has this store's key (it opened the backup); '' is no key.
        let key = self.key.as_ref().map(|k| k.literal());
        self.conn.execute(
            "ATTACH DATABASE :path AS replaced KEY :key",
            named_params! {
                ":path": aside.display().to_string(),
                ":key": key.as_deref().map_or("", |k| k.as_str()),
            },
        )?;
        let carried = self.write(|conn, _| {
            // Appended one by one through the log's chain (with their own times), so the
            // restored log verifies as one chain instead of showing entries put in behind it.
            let missing = conn
                .prepare(
                    "SELECT o.at, o.username, o.action, o.record_id, o.detail FROM replaced.access_log o
                     WHERE NOT EXISTS (SELECT 1 FROM main.access_log m
                         WHERE m.at = o.at AND m.username = o.username AND m.action = o.action
                           AND m.record_id IS o.record_id AND m.detail IS o.detail)
                     ORDER BY o.at, o.seq",
                )?
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>("at")?,
                        r.get::<_, String>("username")?,
                        r.get::<_, AccessAction>("action")?,
                        r.get::<_, Option<String>>("record_id")?,
                        r.get::<_, Option<String>>("detail")?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (at, username, action, record_id, detail) in &missing {
                super::log_chain::append(
                    conn,
                    at,
                    username,
                    *action,
                    record_id.as_deref(),
                    detail.as_deref(),
                )?;
            }
            let n = missing.len();
            let years = |sql: &str| -> Result<Option<u32>> {
                Ok(conn
                    .query_row(sql, [], |r| r.get::<_, String>("value"))
                    .optional()?
                    .and_then(|v| v.parse().ok()))
            };
            let before =
                years("SELECT value FROM replaced.settings WHERE key = 'retention_years'")?;
            let restored = years("SELECT value FROM main.settings WHERE key = 'retention_years'")?
                .unwrap_or(super::retention::DEFAULT_RETENTION_YEARS);
            if let Some(before) = before.filter(|b| *b < restored) {
                super::settings::put(conn, "retention_years", &before.to_string())?;
            }
            Ok(n)
        });
        let detached = self.conn.execute_batch("DETACH DATABASE replaced");
        let carried = carried?;
        detached?;
        Ok(carried)
    }
}

/// Moves the current files of `db` (database, WAL, shared memory) aside under a reserved name
/// and `incoming` into its place. A step that fails puts back what was moved, so the store is
/// either restored or as it was. Returns the aside name, if there was a file to move.
fn swap(db: &Path, incoming: &Path, clock: Clock) -> Result<Option<PathBuf>> {
    let aside = if db.exists() {
        Some(reserve_aside(db, clock)?)
    } else {
        None
    };
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        if let Some(aside) = &aside {
            for suffix in ["", "-wal", "-shm"] {
                let current = PathBuf::from(format!("{}{suffix}", db.display()));
                if current.exists() {
                    let to = PathBuf::from(format!("{}{suffix}", aside.display()));
                    std::fs::rename(&current, &to).map_err(|e| Error::io(&current, e))?;
                    moved.push((current, to));
                }
            }
        }
        std::fs::rename(incoming, db).map_err(|e| Error::io(db, e))
    })();
    if let Err(e) = result {
        for (from, to) in moved.iter().rev() {
            let _ = std::fs::rename(to, from);
        }
        if let Some(aside) = aside.filter(|_| moved.is_empty()) {
            // Only the empty placeholder: an aside file that is no database would mislead.
            let _ = std::fs::remove_file(aside);
        }
        return Err(e);
    }
    Ok(aside)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
