//! Where the store lives when no `--db` is given, and the one-time move from the folder earlier
//! versions used on Windows.
//!
//! Windows: the local application-data folder (`%LOCALAPPDATA%\LaborDesk\labordesk\data`), not
//! the roaming one (`%APPDATA%\…`) that earlier versions used: a roaming profile is copied to
//! the office's server at every sign-out and back at every sign-in, which would carry an
//! encrypted database of tens of megabytes and its backups over the network each day, and
//! hand the same device's file to another PC. On Linux and macOS both are the same folder.
//!
//! The move never loses data: renames within one volume, otherwise copies, compares every
//! byte, and only then removes the old files. It refuses, touching nothing, when the new
//! folder already holds a database, and while any program has the old store open.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use super::lock;

/// The database's file name in the data folder.
pub const DB_FILE_NAME: &str = "labordesk.db";

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("kr", "LaborDesk", "labordesk")
}

/// The store's database file when no `--db` is given: `LABORDESK_DB`, else the platform's
/// local data folder (on Linux `~/.local/share/labordesk/labordesk.db`, on Windows
/// `%LOCALAPPDATA%\LaborDesk\labordesk\data\labordesk.db`).
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("LABORDESK_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    project_dirs()
        .map(|d| d.data_local_dir().join(DB_FILE_NAME))
        .unwrap_or_else(|| PathBuf::from(DB_FILE_NAME))
}

/// The default database, after moving an earlier version's data folder there if there is one
/// (Windows only: elsewhere both folders are the same). Returns the path to open and what the
/// move did, for the caller to show:
/// - `Ok(Some(moved))`: moved; show `moved.message()`;
/// - `Ok(None)`: nothing to move;
/// - `Err(e)`: not moved; show `e`. The path is then the old database if it is still there
///   (so no one starts a new, empty store beside it), else the new one.
pub fn default_db_path_moving_legacy() -> (PathBuf, Result<Option<Moved>>) {
    let db = default_db_path();
    let env_set = std::env::var_os("LABORDESK_DB").is_some_and(|p| !p.is_empty());
    let legacy = project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .filter(|old| !env_set && Some(old.as_path()) != db.parent());
    let (Some(old), Some(new)) = (legacy, db.parent()) else {
        return (db, Ok(None));
    };
    match migrate_legacy_data_folder(&old, new) {
        Err(e) if old.join(DB_FILE_NAME).exists() && !db.exists() => {
            (old.join(DB_FILE_NAME), Err(e))
        }
        result => (db, result),
    }
}

/// What `migrate_legacy_data_folder` moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub from: PathBuf,
    pub to: PathBuf,
    /// Files and folders moved: the database and everything beside it (key file, WAL,
    /// failed-login file, backups folder, files a restore set aside).
    pub entries: usize,
    /// Copied across volumes and compared, rather than renamed.
    pub copied: bool,
}

impl Moved {
    /// The Korean notice shown once after the move.
    pub fn message(&self) -> String {
        format!(
            "데이터 폴더를 옮겼습니다: {} → {} (데이터베이스와 함께 있던 파일·폴더 {}개). 이제부터 이 PC의 로컬 데이터 폴더에 저장합니다.",
            self.from.display(),
            self.to.display(),
            self.entries
        )
    }
}

/// Moves the database `old/labordesk.db` and everything beside it into the folder `new`, once.
/// `Ok(None)` when `old` holds no database. Refuses, touching nothing, when `new` already holds
/// a database or any file of the same name, and while a program has the old store open.
pub fn migrate_legacy_data_folder(old: &Path, new: &Path) -> Result<Option<Moved>> {
    migrate(old, new, Way::Rename)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Rename each entry, copying when a rename fails (another volume).
    Rename,
    /// Copy only, as across volumes.
    #[cfg_attr(not(test), allow(dead_code))]
    Copy,
}

fn migrate(old: &Path, new: &Path, way: Way) -> Result<Option<Moved>> {
    let old_db = old.join(DB_FILE_NAME);
    if !old_db.exists() {
        return Ok(None);
    }
    let not_moved = |why: String| {
        Error::InvalidState(format!(
            "이전 데이터 폴더({})의 데이터베이스를 새 위치({})로 옮기지 않았습니다: {why} 두 폴더의 파일은 그대로 있습니다.",
            old.display(),
            new.display()
        ))
    };
    if new.join(DB_FILE_NAME).exists() {
        return Err(not_moved(
            "새 위치에 이미 데이터베이스가 있습니다. 어느 쪽을 쓸지 센터장과 확인한 뒤, 쓰지 않을 쪽을 백업해 두고 옮기거나 지워 주세요.".into(),
        ));
    }
    // Held while moving: no store of the old file is open, and none opens meanwhile.
    let lock_name = lock::lock_path(&old_db);
    let held = lock::exclusive_or(&old_db, || {
        not_moved("다른 프로그램(앱, 가져오기 등)이 데이터베이스를 열어 두고 있습니다. 프로그램을 모두 닫은 뒤 다시 시작해 주세요.".into())
    })?;
    let entries: Vec<PathBuf> = std::fs::read_dir(old)
        .map_err(|e| Error::io(old, e))?
        .map(|e| e.map(|e| e.path()).map_err(|e| Error::io(old, e)))
        .filter(|p| p.as_ref().map_or(true, |p| *p != lock_name))
        .collect::<Result<_>>()?;
    if let Some(clash) = entries
        .iter()
        .map(|p| new.join(p.file_name().unwrap_or_default()))
        .find(|p| p.exists())
    {
        return Err(not_moved(format!(
            "새 위치에 같은 이름의 파일({})이 있습니다.",
            clash.display()
        )));
    }
    crate::fs::create_private_dir_all(new).map_err(|e| Error::io(new, e))?;
    let copied = way == Way::Copy || !rename_all(&entries, new);
    if copied {
        copy_all(&entries, new)?;
        for entry in &entries {
            remove(entry).map_err(|e| Error::io(entry, e))?;
        }
    }
    // The lock file holds nothing; the new folder gets its own when the store opens there.
    drop(held);
    let _ = std::fs::remove_file(&lock_name);
    let _ = std::fs::remove_dir(old);
    Ok(Some(Moved {
        from: old.to_path_buf(),
        to: new.to_path_buf(),
        entries: entries.len(),
        copied,
    }))
}

/// Renames every entry into `new`; on the first failure puts back those already moved and
/// returns false.
fn rename_all(entries: &[PathBuf], new: &Path) -> bool {
    let mut done: Vec<(&Path, PathBuf)> = Vec::new();
    for entry in entries {
        let to = new.join(entry.file_name().unwrap_or_default());
        if std::fs::rename(entry, &to).is_err() {
            for (from, to) in done.iter().rev() {
                let _ = std::fs::rename(to, from);
            }
            return false;
        }
        done.push((entry, to));
    }
    true
}

/// Copies every entry into `new` and compares each copy with its original byte for byte; on
/// any failure removes the copies made and returns the error, the originals untouched.
fn copy_all(entries: &[PathBuf], new: &Path) -> Result<()> {
    let mut made = Vec::new();
    let result = (|| {
        for entry in entries {
            let to = new.join(entry.file_name().unwrap_or_default());
            if to.exists() {
                return Err(Error::InvalidState(format!(
                    "{}이(가) 이미 있습니다.",
                    to.display()
                )));
            }
            made.push(to.clone());
            copy_tree(entry, &to)?;
            if !same_tree(entry, &to)? {
                return Err(Error::InvalidState(format!(
                    "{}의 복사본({})이 원본과 다릅니다. 원본은 그대로 두었습니다.",
                    entry.display(),
                    to.display()
                )));
            }
        }
        Ok(())
    })();
    if result.is_err() {
        for to in made {
            let _ = remove(&to);
        }
    }
    result
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    if from.is_dir() {
        crate::fs::create_private_dir_all(to).map_err(|e| Error::io(to, e))?;
        for entry in std::fs::read_dir(from).map_err(|e| Error::io(from, e))? {
            let entry = entry.map_err(|e| Error::io(from, e))?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        let mut source = std::fs::File::open(from).map_err(|e| Error::io(from, e))?;
        let mut target = crate::fs::private_options()
            .write(true)
            .create_new(true)
            .open(to)
            .map_err(|e| Error::io(to, e))?;
        std::io::copy(&mut source, &mut target).map_err(|e| Error::io(to, e))?;
        target.sync_all().map_err(|e| Error::io(to, e))
    }
}

fn same_tree(a: &Path, b: &Path) -> Result<bool> {
    if a.is_dir() {
        for entry in std::fs::read_dir(a).map_err(|e| Error::io(a, e))? {
            let entry = entry.map_err(|e| Error::io(a, e))?;
            if !same_tree(&entry.path(), &b.join(entry.file_name()))? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    let open = |p: &Path| std::fs::File::open(p).map_err(|e| Error::io(p, e));
    let (mut x, mut y) = (open(a)?, open(b)?);
    let (mut bx, mut by) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let n = read_full(&mut x, &mut bx).map_err(|e| Error::io(a, e))?;
        let m = read_full(&mut y, &mut by).map_err(|e| Error::io(b, e))?;
        if n != m || bx[..n] != by[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Fills `buf` as far as the file goes.
fn read_full(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn remove(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An old data folder as a store leaves it: the database, its key file, a backups folder.
    fn old_folder(root: &Path) -> PathBuf {
        let old = root.join("Roaming").join("data");
        std::fs::create_dir_all(old.join("backups")).unwrap();
        std::fs::write(old.join(DB_FILE_NAME), vec![7u8; 200_000]).unwrap();
        std::fs::write(old.join("labordesk.db.keys"), b"keys").unwrap();
        std::fs::write(old.join("backups/labordesk-1.db"), b"backup").unwrap();
        old
    }

    #[test]
    fn across_volumes_the_folder_is_copied_compared_and_only_then_removed() {
        let root = tempfile::tempdir().unwrap();
        let old = old_folder(root.path());
        let new = root.path().join("Local").join("data");
        let moved = migrate(&old, &new, Way::Copy).unwrap().unwrap();
        assert!(moved.copied);
        assert_eq!(moved.entries, 3, "database, key file, backups folder");
        assert_eq!(
            std::fs::read(new.join(DB_FILE_NAME)).unwrap(),
            vec![7u8; 200_000]
        );
        assert_eq!(
            std::fs::read(new.join("backups/labordesk-1.db")).unwrap(),
            b"backup"
        );
        assert!(!old.exists(), "the emptied old folder is removed");
    }

    #[test]
    fn a_copy_that_fails_leaves_the_originals_and_no_partial_copy() {
        let root = tempfile::tempdir().unwrap();
        let old = old_folder(root.path());
        // A folder where the copy of the key file would go: the copy fails half way.
        let new = root.path().join("Local");
        let entries = vec![old.join(DB_FILE_NAME), old.join("labordesk.db.keys")];
        std::fs::create_dir_all(new.join("labordesk.db.keys")).unwrap();
        assert!(copy_all(&entries, &new).is_err());
        assert!(
            !new.join(DB_FILE_NAME).exists(),
            "the database copied first is removed again"
        );
        assert_eq!(
            std::fs::read(old.join("labordesk.db.keys")).unwrap(),
            b"keys"
        );
        assert!(old.join(DB_FILE_NAME).exists());
    }
}
