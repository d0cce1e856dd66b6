//! 설정 → 정보 (the version, the database, the log folder) and opening files and folders in
//! the system's own programs: an exported workbook in Excel, its folder, the log folder.
//!
//! The UI may only ask to open what the app writes: a spreadsheet (`.xlsx`, `.csv`) that
//! exists, or the folder holding one. Never a program or any other file: a page that could
//! name any path here could start any program on the computer.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use ts_rs::TS;

use crate::error::{AppError, Result};
use crate::state::AppState;

/// The kinds of file an export writes, and so the only ones the app opens.
const EXPORT_EXTENSIONS: [&str; 2] = ["xlsx", "csv"];

/// 설정 → 정보: what someone helping over the phone asks for first.
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct About {
    version: String,
    db_path: String,
    log_dir: String,
}

#[tauri::command]
pub fn about(app: AppHandle, state: State<'_, AppState>) -> Result<About> {
    Ok(About {
        version: app.package_info().version.to_string(),
        db_path: state.db_path().display().to_string(),
        log_dir: log_dir(&app)?.display().to_string(),
    })
}

/// Opens an exported file in the program the system uses for it (Excel for `.xlsx`).
#[tauri::command(async)]
pub fn open_export(path: String) -> Result<()> {
    open(&exported_file(&path)?)
}

/// Opens the folder holding an exported file in the system's file manager.
#[tauri::command(async)]
pub fn open_export_folder(path: String) -> Result<()> {
    let file = exported_file(&path)?;
    open(file.parent().unwrap_or(Path::new(".")))
}

/// Opens the log folder (made first if nothing was logged yet), to send its files to IT.
#[tauri::command(async)]
pub fn open_log_folder(app: AppHandle) -> Result<()> {
    let dir = log_dir(&app)?;
    std::fs::create_dir_all(&dir).map_err(|e| labordesk::Error::Io {
        path: dir.display().to_string(),
        source: e,
    })?;
    open(&dir)
}

/// The platform's log folder for the app, where the log plugin writes `labordesk.log`.
pub fn log_dir<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf> {
    app.path().app_log_dir().map_err(|e| AppError::Refused {
        code: "io",
        message: format!("로그 폴더를 찾지 못했습니다: {e}"),
    })
}

/// `path` as the UI sent it, if it is a spreadsheet that exists; refused by name otherwise.
fn exported_file(path: &str) -> Result<PathBuf> {
    let file = PathBuf::from(path);
    let is_export = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXPORT_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)));
    if !is_export {
        return Err(AppError::Refused {
            code: "invalid",
            message: format!("{path}: 내보낸 Excel·CSV 파일만 열 수 있습니다."),
        });
    }
    if !file.is_file() {
        return Err(labordesk::Error::not_found(format!("내보낸 파일 {path}")).into());
    }
    Ok(file)
}

/// Hands `path` to the system: `xdg-open` (or the next opener found) on Linux, the shell's
/// file association on Windows, `open` on macOS.
fn open(path: &Path) -> Result<()> {
    tauri_plugin_opener::open_path(path, None::<&str>).map_err(|e| AppError::Refused {
        code: "io",
        message: format!(
            "{}: 여는 프로그램을 실행하지 못했습니다 ({e})",
            path.display()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_existing_spreadsheet_may_be_opened() {
        let dir = tempfile::tempdir().unwrap();
        let workbook = dir.path().join("통계.XLSX");
        std::fs::write(&workbook, b"x").unwrap();
        let program = dir.path().join("setup.exe");
        std::fs::write(&program, b"x").unwrap();

        assert_eq!(exported_file(workbook.to_str().unwrap()).unwrap(), workbook);
        let refused = exported_file(program.to_str().unwrap()).unwrap_err();
        assert_eq!(
            refused.code(),
            "invalid",
            "a program is never handed to the system"
        );
        let missing = dir.path().join("없음.csv");
        let refused = exported_file(missing.to_str().unwrap()).unwrap_err();
        assert_eq!(refused.code(), "not_found");
    }
}
