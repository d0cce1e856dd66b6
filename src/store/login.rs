//! Encrypted stores and who opens them: creating one, encrypting a plain one, signing in,
//! unlocking after idle, the recovery code and password changes.

use std::path::{Path, PathBuf};

use crate::domain::{AccessAction, Settings};
use crate::error::{Error, Result};

use super::*;

impl Store {
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
            // The lead-only key is made now, and the access log's chain begins.
            store.after_sign_in(None, file.clone())?;
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
            crate::fs::touch_private(&tmp).map_err(|e| Error::io(&tmp, e))?;
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
    pub(super) fn set_up(
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
    pub(super) fn log_in(
        path: &Path,
        key_path: PathBuf,
        username: &str,
        password: &str,
        action: AccessAction,
    ) -> Result<Store> {
        let mut file = keys::KeyFile::read(&key_path)?;
        let candidates = match file.unlock(username, password) {
            Ok(keys) => keys,
            Err(e) => {
                login_failures::note(path, &file, username);
                return Err(e);
            }
        };
        let (store, key) = Self::connect_with_keys(path, candidates)?;
        // A version-1 entry becomes a key pair now, so that the next re-key can reach it. If the
        // file cannot be written the sign-in still goes ahead; the upgrade is tried next time.
        if file.upgrade_user(&key, username, password)? {
            let _ = file.write(&key_path);
        }
        let lead_key = Self::lead_key_of(&store, &file, username, password)?;
        let mut store = store.sign_in(username, key, key_path, action, None)?;
        store.after_sign_in(lead_key, file)?;
        Ok(store)
    }

    /// Acts for `username` from now on; logs how they came in and any failed attempts since.
    pub(super) fn sign_in(
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
        let keys = keys::KeyFile::read(&key_path).ok();
        let taken = login_failures::take(self.path.as_deref(), keys.as_ref());
        self.write(|conn, clock| {
            for f in &taken.failures {
                // A failure from before the last sign-in was taken then: a copy of an old file
                // put back brings nothing back.
                let fresh: bool = conn.query_row(
                    "SELECT :at >= coalesce((SELECT max(at) FROM access_log WHERE action IN ('login', 'unlock')), '')",
                    rusqlite::named_params! {":at": f.at},
                    |r| r.get(0),
                )?;
                if fresh {
                    log_chain::append(
                        conn,
                        &f.at,
                        &f.who,
                        AccessAction::FailedLogin,
                        None,
                        Some("암호 불일치"),
                    )?;
                }
            }
            if taken.rejected > 0 {
                let detail = format!(
                    "로그인 실패 기록 파일의 {}줄이 인증되지 않아(위조 또는 손상) 기록하지 않았습니다",
                    taken.rejected
                );
                accounts::log(
                    conn,
                    clock,
                    login_failures::UNVERIFIED,
                    AccessAction::FailedLogin,
                    None,
                    Some(&detail),
                )?;
            }
            accounts::log(conn, clock, username, action, None, detail)
        })?;
        login_failures::clear(self.path.as_deref());
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
        let (store, key) = Self::connect_with_keys(path, file.recover(code)?)?;
        if accounts::find_account(&store.conn, username)?.is_none_or(|a| !a.active) {
            return Err(Error::not_found(format!("계정 {username}")));
        }
        file.set_password(&key, username, new_password)?;
        file.upgrade_recovery(&key, code)?;
        let lead_key = file.lead_key_by_recovery(code)?;
        let is_lead = accounts::find_account(&store.conn, username)?
            .is_some_and(|a| a.role == crate::domain::Role::Lead);
        if let (Some(lead), true) = (&lead_key, is_lead) {
            file.seal_lead(Some(username), lead)?;
        }
        file.write(&key_path)?;
        let mut store = store.sign_in(
            username,
            key,
            key_path,
            AccessAction::Unlock,
            Some("복구 코드로 암호 재설정"),
        )?;
        if is_lead {
            store.after_sign_in(lead_key, file)?;
        }
        Ok(store)
    }

    /// Changes a user's password, and re-keys the database: a copy of the key file taken
    /// before, with the old password, opens nothing any more.
    pub fn change_password(
        path: &Path,
        username: &str,
        old_password: &str,
        new_password: &str,
    ) -> Result<()> {
        let key_path = keys::key_file_path(path);
        let file = keys::KeyFile::read(&key_path)?;
        let (mut store, key) = Self::connect_with_keys(path, file.unlock(username, old_password)?)?;
        let Some(account) = accounts::find_account(&store.conn, username)?.filter(|a| a.active)
        else {
            return Err(Error::WrongPassword);
        };
        crate::domain::validate::check_password(new_password, &[username])?;
        store.actor = accounts::Actor {
            username: account.username,
            display_name: account.display_name,
            role: account.role,
        };
        store.key = Some(key);
        store.key_path = Some(key_path);
        let lead_key = file.lead_key(username, old_password)?;
        store.rekey_logged("암호 변경", |file, key| {
            file.set_password(key, username, new_password)?;
            match &lead_key {
                Some(lead) => file.seal_lead(Some(username), lead),
                None => Ok(()),
            }
        })?;
        Ok(())
    }
}
