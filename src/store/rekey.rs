//! Re-keying (키 교체): a new database key when the people who may hold the old one change.
//!
//! Deactivating an account, a lead's password reset, a password change and a new recovery code
//! each put the database, its backups and the files set aside by restores under a new random
//! key (`PRAGMA rekey`), sealed in the key file for every remaining holder. A copy of the old
//! key file with an old password then opens none of the files in the store's folder.
//!
//! The steps are ordered so that no crash leaves a store nobody can open: the key file first
//! holds both keys (`KeyFile::seal_next`), then the database is re-encrypted, then the other
//! files, and only then does the key file keep the new key alone. Copies outside the store's
//! folder cannot be reached; they stay under the key they were made with.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::keys::{DbKey, Dropped, KeyFile};
use super::Store;
use crate::domain::AccessAction;
use crate::error::{Error, Result};

/// What a re-key did besides the database.
#[derive(Debug, Default)]
struct Outcome {
    files: usize,
    failed: Vec<PathBuf>,
    dropped: Dropped,
}

impl Outcome {
    /// The access-log detail: what was done, and what the lead must still do.
    fn describe(&self, what: &str) -> String {
        let mut text = format!(
            "{what} — 데이터베이스 키 교체(백업·보관 파일 {}개 재암호화)",
            self.files
        );
        if !self.failed.is_empty() {
            let names: Vec<String> = self
                .failed
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            text.push_str(&format!(
                "; 재암호화하지 못한 파일(이전 키로 남음): {}",
                names.join(", ")
            ));
        }
        if !self.dropped.accounts.is_empty() {
            text.push_str(&format!(
                "; 이전 형식 키라 새 키를 받지 못한 계정(센터장이 암호를 다시 설정해야 함): {}",
                self.dropped.accounts.join(", ")
            ));
        }
        if self.dropped.recovery {
            text.push_str("; 이전 형식 복구 코드는 더 이상 쓸 수 없음(새 복구 코드를 만들어야 함)");
        }
        text
    }
}

impl Store {
    /// Re-keys the store: `edit` changes the key file for the new key (removes an account,
    /// sets a password, makes a recovery code); then the database and the files beside it are
    /// re-encrypted and the change is logged with `what`. An unencrypted store only logs.
    pub(crate) fn rekey_logged<T>(
        &mut self,
        what: &str,
        edit: impl FnOnce(&mut KeyFile, &DbKey) -> Result<T>,
    ) -> Result<Option<T>> {
        let (Some(key_path), Some(old)) = (self.key_path.clone(), self.key.take()) else {
            self.log_read(AccessAction::Update, None, Some(what))?;
            return Ok(None);
        };
        let result = self.rekey(&key_path, &old, edit);
        match result {
            Ok((value, new, outcome)) => {
                self.key = Some(new);
                self.log_read(AccessAction::Update, None, Some(&outcome.describe(what)))?;
                Ok(Some(value))
            }
            Err(e) => {
                self.key = Some(old);
                Err(e)
            }
        }
    }

    fn rekey<T>(
        &mut self,
        key_path: &Path,
        old: &DbKey,
        edit: impl FnOnce(&mut KeyFile, &DbKey) -> Result<T>,
    ) -> Result<(T, DbKey, Outcome)> {
        if !self.conn.is_autocommit() {
            return Err(Error::InvalidState(
                "다른 작업이 진행 중이어서 데이터베이스 키를 바꿀 수 없습니다.".into(),
            ));
        }
        let original = KeyFile::read(key_path)?;
        let mut file = original.clone();
        let new = DbKey::random();
        let value = edit(&mut file, &new)?;
        file.seal_next(&new)?;
        file.write(key_path)?;
        let rekeyed = self.conn.execute_batch(&rekey_pragma(&new)).and_then(|()| {
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        });
        if let Err(e) = rekeyed {
            // The database is still under the old key: so is the key file again.
            original.write(key_path)?;
            return Err(e.into());
        }
        let mut outcome = Outcome::default();
        if let Some(db) = self.path.clone() {
            for path in copies(&db) {
                match rekey_file(&path, old, &new) {
                    Ok(()) => outcome.files += 1,
                    Err(_) => outcome.failed.push(path),
                }
            }
        }
        outcome.dropped = file.commit_next();
        file.write(key_path)?;
        Ok((value, new, outcome))
    }
}

fn rekey_pragma(key: &DbKey) -> String {
    format!("PRAGMA rekey = \"{}\";", key.literal().as_str())
}

/// The copies of the database kept in its folder: backups and the files restores set aside.
fn copies(db: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = super::backup::list_backups(db)
        .into_iter()
        .map(|b| PathBuf::from(b.path))
        .collect();
    let prefix = match db.file_name() {
        Some(name) => format!("{}.replaced-", name.to_string_lossy()),
        None => return found,
    };
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    found.extend(
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                name.starts_with(&prefix) && !name.ends_with("-wal") && !name.ends_with("-shm")
            })
            .map(|entry| entry.path()),
    );
    found
}

/// Re-encrypts one copy from `old` to `new`; a copy already under `new` (an earlier re-key
/// that stopped half way) is left as it is.
fn rekey_file(path: &Path, old: &DbKey, new: &DbKey) -> Result<()> {
    let open = |key: &DbKey| -> rusqlite::Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        conn.execute_batch(&key.pragma())?;
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
        Ok(conn)
    };
    match open(old) {
        Ok(conn) => {
            conn.execute_batch(&rekey_pragma(new))?;
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        }
        Err(e) => match open(new) {
            Ok(_) => Ok(()),
            Err(_) => Err(e.into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Settings;
    use crate::store::keys::{key_file_path, version_1, RecoveryCode};

    #[test]
    fn a_version_1_key_file_is_upgraded_at_sign_in_and_a_re_key_leaves_the_store_openable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let settings = Settings {
            center_name: "옛 센터".into(),
            device_letter: "A".into(),
        };
        let (mut lead, _) =
            Store::create_encrypted(&path, &settings, "lead", "김센터", "violet lantern harbor")
                .unwrap();
        for name in ["counsel", "other"] {
            lead.create_account(&crate::domain::AccountInput {
                username: Some(name.into()),
                display_name: Some(name.into()),
                role: Some("counselor".into()),
                password: Some(format!("{name} harbor lamp")),
            })
            .unwrap();
        }
        // The same store as version 1 left it: every password wraps the database key itself,
        // and the old passwords did not have to pass the policy.
        let code = RecoveryCode::random();
        version_1(
            lead.key.as_ref().unwrap(),
            &[
                ("lead", "lead-password"),
                ("counsel", "c-password"),
                ("other", "o-password"),
            ],
            &code,
        )
        .write(&key_file_path(&path))
        .unwrap();
        drop(lead);

        let mut lead = Store::open_encrypted(&path, "lead", "lead-password").unwrap();
        let file = KeyFile::read(&key_file_path(&path)).unwrap();
        assert!(!file.is_version_1("lead"), "upgraded at sign-in");
        assert!(file.is_version_1("counsel"), "not signed in since");
        drop(Store::open_encrypted(&path, "counsel", "c-password").unwrap());
        assert!(!KeyFile::read(&key_file_path(&path))
            .unwrap()
            .is_version_1("counsel"));

        lead.set_account_active("other", false).unwrap();
        let log = lead.access_log(&Default::default()).unwrap();
        assert!(
            log[0]
                .detail
                .as_deref()
                .is_some_and(|d| d.contains("새 복구 코드를 만들어야 함")),
            "the old-form recovery code could not follow: {:?}",
            log[0]
        );
        drop(lead);
        Store::open_encrypted(&path, "lead", "lead-password").unwrap();
        Store::open_encrypted(&path, "counsel", "c-password").unwrap();
        assert_eq!(
            Store::open_with_recovery(&path, &code, "lead", "after the old code")
                .err()
                .unwrap()
                .code(),
            "invalid_state",
            "no recovery code until the lead makes one"
        );
    }
}
