//! File helpers every layer uses: nothing here knows about cases or reports.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file in the same folder, synced and renamed,
/// so that a full disk or a crash never leaves a half-written file under the chosen name. On
/// Unix the folder is synced after the rename too, so the new name itself survives a power cut
/// (the key file depends on it); NTFS journals the rename with the file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = create_private(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    let result = result
        .map_err(|e| Error::io(path, e))
        .and_then(|()| retry_if_in_use(path, || std::fs::rename(&tmp, path)));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    sync_folder(dir).map_err(|e| Error::io(dir, e))
}

/// How long a file another program holds open is given before the one retry.
pub const IN_USE_RETRY_PAUSE: Duration = Duration::from_millis(500);

/// Runs `op` on the user's file at `path`; when another program holds the file open (on
/// Windows, Excel keeps a workbook it shows open and denies writing it), waits a moment and
/// tries once more, then fails with `Error::FileInUse`. Any other failure is an error naming
/// `path`. Every write or replacement of a file the user chose, and every read of an import
/// file, goes through here.
pub fn retry_if_in_use<T>(path: &Path, mut op: impl FnMut() -> std::io::Result<T>) -> Result<T> {
    let in_use = || Error::FileInUse {
        file: path.display().to_string(),
    };
    match op() {
        Err(e) if held_open(path, &e) => {
            std::thread::sleep(IN_USE_RETRY_PAUSE);
            match op() {
                Err(e) if held_open(path, &e) => Err(in_use()),
                other => other.map_err(|e| Error::io(path, e)),
            }
        }
        other => other.map_err(|e| Error::io(path, e)),
    }
}

/// Whether `e`, met on `path`, means another program holds the file open. Replacing such a file
/// by a rename fails on Windows with "access denied" (unless the rename can use POSIX
/// semantics, Windows 10 1607 and later with a program that shares delete), which a read-only
/// file or folder gives too: the file is then opened exclusively, reading nothing, to tell the
/// two apart. Exclusive opening fails with a sharing violation exactly while another handle is
/// open.
fn held_open(path: &Path, e: &std::io::Error) -> bool {
    is_in_use(e) || (e.kind() == std::io::ErrorKind::PermissionDenied && opened_elsewhere(path))
}

#[cfg(windows)]
fn opened_elsewhere(path: &Path) -> bool {
    use std::os::windows::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .share_mode(0)
        .open(path)
        .is_err_and(|e| is_in_use(&e))
}

#[cfg(not(windows))]
fn opened_elsewhere(_path: &Path) -> bool {
    false
}

/// Whether `e` says another program holds the file open: Windows' sharing violation (32) or
/// lock violation (33). Unix has no share modes, so it never is.
pub fn is_in_use(e: &std::io::Error) -> bool {
    const ERROR_SHARING_VIOLATION: i32 = 32;
    const ERROR_LOCK_VIOLATION: i32 = 33;
    cfg!(windows)
        && matches!(
            e.raw_os_error(),
            Some(ERROR_SHARING_VIOLATION | ERROR_LOCK_VIOLATION)
        )
}

/// Options that create a file only its owner may read or write: mode 0600 on Unix, set as the
/// file is created (never a chmod after, which would leave it readable for a moment). Every
/// file the store writes beside the database is made with these. On Windows a new file takes
/// the folder's access list; the user's profile, where the data folder lives, is theirs alone.
/// A file that already exists keeps its mode.
pub fn private_options() -> std::fs::OpenOptions {
    #[allow(unused_mut)]
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Creates (or empties) `path` for writing, owner-only as `private_options` says.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    private_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
}

/// Makes an empty file at `path` unless one exists, owner-only: SQLite then opens it as an
/// empty database and gives its journal and WAL files the same mode, where it would otherwise
/// create all three readable by everyone (0644).
pub fn touch_private(path: &Path) -> std::io::Result<()> {
    private_options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map(drop)
}

/// Creates `dir` and any missing parents, owner-only (0700) on Unix for the ones it creates.
pub fn create_private_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(unix)]
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.txt"]);
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_file_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing/out.txt");
        let err = write_atomically(&path, b"x").unwrap_err();
        assert!(err.to_string().contains("out.txt"), "{err}");
        assert!(!dir.path().join("missing").exists());
    }
}
