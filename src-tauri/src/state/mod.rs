//! The app's one piece of managed state: the database path and the session on it.
//!
//! The app opens encrypted stores only. A session moves from setup (no encrypted store at the
//! path yet) to logged out, to open (a `Store` acting for one account), and between open and
//! locked. Locking drops the `Store`, so no database key stays in memory while the screen is
//! locked. Every command that touches data goes through `with_store`, which refuses unless the
//! session is open: hiding a screen in the UI is never the only guard.
//!
//! A database that fails to open is reported, never repaired: the file is left as it was.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

use labordesk::store::accounts::{Actor, Permission};
use labordesk::store::backup::{self, BackupInfo, DEFAULT_KEEP};
use labordesk::store::keys::{self, RecoveryCode};
use labordesk::{Settings, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, Result};

/// Where the session stands. Only `Open` holds a store (and with it the database key).
// One Phase lives for the whole app: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
enum Phase {
    /// No encrypted store at the path. `existing`: an unencrypted database made before setup
    /// existed is there; setup encrypts it in place and keeps its cases.
    Setup {
        existing: bool,
        settings: Settings,
    },
    /// The file at the path cannot be used (not a database, damaged, too new): the core's
    /// code and message, shown instead of any screen.
    Unavailable {
        code: &'static str,
        message: String,
    },
    LoggedOut,
    Open(Store),
    /// Who locked the screen: they may unlock it, or someone else may log in.
    Locked(Actor),
}

/// The session as the UI sees it. Only `Open` reaches the data; `Locked` keeps who locked it,
/// for the lock screen.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum SessionView {
    Setup { existing: bool, settings: Settings },
    Unavailable { code: &'static str, message: String },
    LoggedOut,
    Locked { user: Actor },
    Open { user: Actor },
}

/// What first-run setup asks for: the center, this device's letter and the first account
/// (the center lead). The password is typed twice in the UI; only one copy comes here.
#[derive(Deserialize, TS)]
#[ts(export)]
pub struct SetupInput {
    pub center_name: String,
    pub device_letter: String,
    pub username: String,
    pub display_name: String,
    pub password: String,
}

pub struct AppState {
    db_path: PathBuf,
    phase: Mutex<Phase>,
}

impl AppState {
    /// Looks at the path only; nothing is opened with a key until someone logs in.
    pub fn new(db_path: PathBuf) -> Self {
        let phase = probe(&db_path);
        Self {
            db_path,
            phase: Mutex::new(phase),
        }
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    fn phase(&self) -> MutexGuard<'_, Phase> {
        // A command that panicked cannot have left a half-written change behind (SQLite rolls
        // back an unfinished transaction), so a poisoned lock is safe to keep using.
        self.phase.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The session now. Before setup the path is looked at again, so a database that appears
    /// or is fixed meanwhile is seen without a restart.
    pub fn view(&self) -> SessionView {
        let mut phase = self.phase();
        if matches!(*phase, Phase::Setup { .. } | Phase::Unavailable { .. }) {
            *phase = probe(&self.db_path);
        }
        view_of(&phase)
    }

    /// Runs `f` on the open store; refuses, with a Korean message, unless the session is open.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> labordesk::Result<T>) -> Result<T> {
        match &mut *self.phase() {
            Phase::Open(store) => Ok(f(store)?),
            Phase::Locked(_) => Err(AppError::locked()),
            Phase::LoggedOut => Err(AppError::signed_out()),
            Phase::Setup { .. } => Err(AppError::setup_required()),
            Phase::Unavailable { code, message } => Err(AppError::Refused {
                code,
                message: message.clone(),
            }),
        }
    }

    /// First-run setup: creates the encrypted store with its first lead account, or encrypts
    /// the unencrypted one already at the path (its cases are kept). Returns the session,
    /// now open for the lead, and the recovery code, which the UI shows once.
    pub fn setup(&self, input: &SetupInput) -> Result<(SessionView, RecoveryCode)> {
        let mut phase = self.phase();
        *phase = probe(&self.db_path);
        let Phase::Setup { existing, .. } = &*phase else {
            return Err(AppError::out_of_turn(
                "이 컴퓨터는 이미 설정되어 있습니다. 로그인해 주세요.",
            ));
        };
        let settings = Settings {
            center_name: input.center_name.clone(),
            device_letter: input.device_letter.clone(),
        };
        type Make =
            fn(&Path, &Settings, &str, &str, &str) -> labordesk::Result<(Store, RecoveryCode)>;
        let make: Make = if *existing {
            Store::encrypt_existing
        } else {
            Store::create_encrypted
        };
        let (store, code) = make(
            &self.db_path,
            &settings,
            &input.username,
            &input.display_name,
            &input.password,
        )?;
        Ok((self.open(&mut phase, store), code))
    }

    /// Logs in from the login or lock screen (the same or another account).
    pub fn login(&self, username: &str, password: &str) -> Result<SessionView> {
        let mut phase = self.phase();
        self.expect_closed(&phase)?;
        let store = Store::open_encrypted(&self.db_path, username, password)?;
        Ok(self.open(&mut phase, store))
    }

    /// Unlocks the screen for the account that locked it; logged as an unlock.
    pub fn unlock(&self, password: &str) -> Result<SessionView> {
        let mut phase = self.phase();
        let Phase::Locked(actor) = &*phase else {
            return Err(AppError::out_of_turn("잠겨 있지 않습니다."));
        };
        let store = Store::resume(&self.db_path, &actor.username, password)?;
        Ok(self.open(&mut phase, store))
    }

    /// A forgotten password: the recovery code opens the store and sets a new password.
    pub fn recover(&self, username: &str, code: &str, new_password: &str) -> Result<SessionView> {
        let mut phase = self.phase();
        self.expect_closed(&phase)?;
        let store = Store::open_with_recovery(
            &self.db_path,
            &RecoveryCode::parse(code),
            username,
            new_password,
        )?;
        Ok(self.open(&mut phase, store))
    }

    /// Locks the screen: the store is closed and its key dropped with it.
    pub fn lock(&self) -> SessionView {
        let mut phase = self.phase();
        if let Phase::Open(store) = &*phase {
            let actor = store.actor().clone();
            *phase = Phase::Locked(actor);
        }
        view_of(&phase)
    }

    pub fn logout(&self) -> SessionView {
        let mut phase = self.phase();
        if matches!(*phase, Phase::Open(_) | Phase::Locked(_)) {
            *phase = Phase::LoggedOut;
        }
        view_of(&phase)
    }

    /// Changes the logged-in account's own password.
    pub fn change_password(&self, old: &str, new: &str) -> Result<()> {
        let username = self.with_store(|store| Ok(store.actor().username.clone()))?;
        Ok(Store::change_password(&self.db_path, &username, old, new)?)
    }

    /// The backups of this store, newest first (center lead).
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        self.with_store(|store| store.require(Permission::Restore))?;
        Ok(backup::list_backups(&self.db_path))
    }

    /// The newest backup, offered on the login screen when the database is damaged. Only its
    /// name, time and size: nothing of its content is read before a lead logs in.
    pub fn newest_backup(&self) -> Option<BackupInfo> {
        backup::list_backups(&self.db_path).into_iter().next()
    }

    /// Replaces the open store with one of its backups, for the logged-in lead, whose password
    /// is asked again. The password is checked before the store is closed, so a typo leaves
    /// the session as it was; the current file is moved aside by the core, never deleted.
    pub fn restore(&self, backup_path: &str, password: &str) -> Result<SessionView> {
        let mut phase = self.phase();
        let Phase::Open(store) = &*phase else {
            return Err(AppError::signed_out());
        };
        store.require(Permission::Restore)?;
        let username = store.actor().username.clone();
        let chosen = backup::list_backups(&self.db_path)
            .into_iter()
            .find(|b| b.path == backup_path)
            .ok_or_else(|| {
                AppError::from(labordesk::Error::not_found(format!("백업 {backup_path}")))
            })?;
        keys::KeyFile::read(&keys::key_file_path(&self.db_path))?.unlock(&username, password)?;
        // The file is renamed aside with its WAL: no connection of ours may still write to it.
        *phase = Phase::LoggedOut;
        match Store::restore(
            &self.db_path,
            Path::new(&chosen.path),
            Some((&username, password)),
            labordesk::Clock::System,
        ) {
            Ok(store) => Ok(self.open(&mut phase, store)),
            Err(e) => {
                // Refused before anything moved: the current store opens again as it was.
                if let Ok(store) = Store::open_encrypted(&self.db_path, &username, password) {
                    *phase = Phase::Open(store);
                }
                Err(e.into())
            }
        }
    }

    /// The database cannot be opened (damaged): replaces it with the newest backup, with a
    /// center lead's credentials. The damaged file is moved aside by the core, never deleted.
    pub fn restore_newest(&self, username: &str, password: &str) -> Result<SessionView> {
        let mut phase = self.phase();
        self.expect_closed(&phase)?;
        let newest = self
            .newest_backup()
            .ok_or_else(|| AppError::from(labordesk::Error::not_found("복원할 백업")))?;
        let store = Store::restore(
            &self.db_path,
            Path::new(&newest.path),
            Some((username, password)),
            labordesk::Clock::System,
        )?;
        Ok(self.open(&mut phase, store))
    }

    /// On exit, best effort: a backup of the open store, then, if a sync folder is set, a sync
    /// with it, so the other devices find this device's last changes. A command still running
    /// may hold the store for a moment, and a backup or a slow shared folder may take a while;
    /// none of it may hold up exit past `wait`. The backup comes first: it is local and quick,
    /// while a network share may not answer at all.
    pub fn close_on_exit(&self, wait: Duration) {
        let deadline = Instant::now() + wait;
        let mut phase = loop {
            match self.phase.try_lock() {
                Ok(guard) => break guard,
                Err(TryLockError::Poisoned(p)) => break p.into_inner(),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(TryLockError::WouldBlock) => {
                    log::warn!("종료 시 백업을 건너뛰었습니다(작업 중)");
                    return;
                }
            }
        };
        let Phase::Open(_) = &*phase else { return };
        let Phase::Open(mut store) = std::mem::replace(&mut *phase, Phase::LoggedOut) else {
            unreachable!("checked above")
        };
        drop(phase);
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            if let Err(e) = store.backup_now(DEFAULT_KEEP) {
                log::error!("종료 시 백업 실패: {e}");
            }
            let folder = store.sync_folder_path().ok().flatten();
            if let Some(dir) = folder {
                if let Err(e) = store.sync_folder(Path::new(&dir)) {
                    log::error!("종료 시 동기화 실패: {e}");
                }
            }
            let _ = done.send(());
        });
        if finished
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .is_err()
        {
            log::error!("종료 시 백업·동기화가 제시간에 끝나지 않았습니다");
        }
    }

    /// Login, recovery and restore start from the login or lock screen only.
    fn expect_closed(&self, phase: &Phase) -> Result<()> {
        match phase {
            Phase::LoggedOut | Phase::Locked(_) => Ok(()),
            Phase::Open(_) => Err(AppError::out_of_turn(
                "이미 로그인되어 있습니다. 먼저 로그아웃해 주세요.",
            )),
            Phase::Setup { .. } => Err(AppError::setup_required()),
            Phase::Unavailable { code, message } => Err(AppError::Refused {
                code,
                message: message.clone(),
            }),
        }
    }

    /// The session is open: a daily backup if one is due (best effort: a failed backup must
    /// not keep a counselor out), then the store is kept for the commands.
    fn open(&self, phase: &mut Phase, store: Store) -> SessionView {
        if let Err(e) = store.backup_if_due() {
            log::error!("백업 실패: {e}");
        }
        *phase = Phase::Open(store);
        view_of(phase)
    }
}

/// What is at the path: an encrypted store (log in), nothing or an unencrypted database
/// (setup), or a file that cannot be used. An unencrypted file is opened only to check it and
/// read its settings for the setup form; it is not encrypted until setup is confirmed.
fn probe(path: &Path) -> Phase {
    if Store::is_encrypted(path) {
        return Phase::LoggedOut;
    }
    if !path.exists() {
        return Phase::Setup {
            existing: false,
            settings: Settings::default(),
        };
    }
    match Store::open(path).and_then(|store| store.settings()) {
        Ok(settings) => Phase::Setup {
            existing: true,
            settings,
        },
        Err(e) => {
            log::error!("{}: {e}", path.display());
            Phase::Unavailable {
                code: e.code(),
                message: e.to_string(),
            }
        }
    }
}

fn view_of(phase: &Phase) -> SessionView {
    match phase {
        Phase::Setup { existing, settings } => SessionView::Setup {
            existing: *existing,
            settings: settings.clone(),
        },
        Phase::Unavailable { code, message } => SessionView::Unavailable {
            code,
            message: message.clone(),
        },
        Phase::LoggedOut => SessionView::LoggedOut,
        Phase::Locked(actor) => SessionView::Locked {
            user: actor.clone(),
        },
        Phase::Open(store) => SessionView::Open {
            user: store.actor().clone(),
        },
    }
}

#[cfg(test)]
mod tests;
