//! Files the center hands on: the statistics workbook (`xlsx`). Writes only what `report`
//! computed; never a number of its own.

mod access_log;
mod case_list;
mod xlsx;

pub use case_list::{CaseListExport, COLUMNS as CASE_LIST_COLUMNS};

pub use xlsx::{write_workbook, WorkbookOptions, SHEET_NAMES};

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file in the same folder, synced and renamed,
/// so that a full disk or a crash never leaves a half-written file under the chosen name.
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
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}
