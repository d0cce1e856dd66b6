//! The store's lock file (`<db>.lock`): every open store holds a shared lock on it for as long
//! as it lives, and a restore takes it exclusively, so a restore never swaps the file under a
//! process still writing to it (an import in the CLI, the app's session).
//!
//! The lock is the operating system's (`flock` on Unix, `LockFileEx` on Windows): a process
//! that dies releases it. The file holds nothing and is never deleted, so two processes never
//! lock two different files of the same name. It must never lock the database file itself:
//! SQLite locks byte ranges of it on Windows.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The lock file of the database at `db`.
pub fn lock_path(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.lock", db.display()))
}

fn open(db: &Path) -> Result<File> {
    let path = lock_path(db);
    crate::fs::private_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| Error::io(&path, e))
}

/// Files the store opens only for a moment under a name of their own, which no restore
/// targets: the copy made while encrypting a plain store, the check of a backup before a
/// restore. They take no lock, so no lock file outlives them.
const TRANSIENT: [&str; 2] = ["encrypting", "probe"];

/// Held by every open store: refused only while a restore replaces the file.
pub(super) fn shared(db: &Path) -> Result<Option<File>> {
    let transient = db
        .extension()
        .is_some_and(|e| TRANSIENT.iter().any(|t| e == *t));
    if transient {
        return Ok(None);
    }
    let file = open(db)?;
    match file.try_lock_shared() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Err(Error::InvalidState(format!(
            "다른 프로그램이 데이터베이스({})를 백업으로 복원하는 중입니다. 복원이 끝난 뒤 다시 열어 주세요.",
            db.display()
        ))),
        Err(TryLockError::Error(e)) => unsupported_or(db, e),
    }
}

/// Taken by a restore: refused while any other store of this file is open, in this process
/// or another.
pub(super) fn exclusive(db: &Path) -> Result<Option<File>> {
    exclusive_or(db, || {
        Error::InvalidState(format!(
        "다른 프로그램(앱, 가져오기 등)이 데이터베이스({})를 열어 두고 있어 복원하지 않았습니다. 그 작업을 끝내고 프로그램을 닫은 뒤 다시 복원해 주세요. 아무것도 바꾸지 않았습니다.",
        db.display()
    ))
    })
}

/// The exclusive lock, refused with `busy()` while any store of this file is open.
pub(super) fn exclusive_or(db: &Path, busy: impl FnOnce() -> Error) -> Result<Option<File>> {
    let file = open(db)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Err(busy()),
        Err(TryLockError::Error(e)) => unsupported_or(db, e),
    }
}

/// A file system without locks (some network shares) opens and restores without one, as
/// before the lock existed; any other failure is an error naming the lock file.
fn unsupported_or(db: &Path, e: std::io::Error) -> Result<Option<File>> {
    if e.kind() == std::io::ErrorKind::Unsupported {
        Ok(None)
    } else {
        Err(Error::io(&lock_path(db), e))
    }
}
