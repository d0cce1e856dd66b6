//! Sync folder mode: each device's outbox in a shared folder, the others' merged.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::domain::AccessAction;
use crate::error::{Error, Result};
use crate::store::accounts::Permission;
use crate::store::settings::{get, put};
use crate::Store;

use super::*;

/// One file of a sync folder: merged, or refused and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FolderFile {
    pub file: String,
    pub report: Option<SyncReport>,
    pub refused: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FolderReport {
    pub imported: Vec<FolderFile>,
    pub exported: ExportSummary,
}

impl Store {
    /// Sync folder mode: merges every other device's outbox in `dir`, then writes this
    /// device's own outbox there (through a temporary name). A refused file is reported and
    /// the others are still merged.
    pub fn sync_folder(&mut self, dir: &Path) -> Result<FolderReport> {
        self.require(Permission::EditCases)?;
        if !dir.is_dir() {
            return Err(Error::not_found(format!("동기화 폴더({})", dir.display())));
        }
        let outbox = self.outbox_name()?;
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                !name.starts_with('.')
                    && name != outbox
                    && p.extension().is_some_and(|e| e == EXTENSION)
            })
            .collect();
        files.sort();
        let mut imported = Vec::new();
        for path in files {
            let file = path.display().to_string();
            match self.sync_import(&path) {
                Ok(report) => imported.push(FolderFile {
                    file,
                    report: Some(report),
                    refused: None,
                }),
                Err(e @ (Error::SyncRefused { .. } | Error::Io { .. })) => {
                    imported.push(FolderFile {
                        file,
                        report: None,
                        refused: Some(e.to_string()),
                    })
                }
                Err(e) => return Err(e),
            }
        }
        let exported = self.sync_export(&dir.join(outbox), false)?;
        Ok(FolderReport { imported, exported })
    }

    /// The sync folder this device uses, if one is set.
    pub fn sync_folder_path(&self) -> Result<Option<String>> {
        get(self.conn(), "sync_folder")
    }

    /// Sets (or with `None` clears) this device's sync folder (center lead). The folder must
    /// exist: a mistyped path would otherwise look like a folder with no other devices in it.
    pub fn set_sync_folder_path(&mut self, dir: Option<&Path>) -> Result<()> {
        self.require(Permission::ManageSettings)?;
        if let Some(dir) = dir.filter(|d| !d.is_dir()) {
            return Err(Error::invalid(
                "sync_folder",
                format!("동기화 폴더 — {}: 폴더가 없습니다", dir.display()),
            ));
        }
        self.write_logged(|conn, _clock, log| {
            match dir {
                Some(d) => put(conn, "sync_folder", &d.display().to_string())?,
                None => {
                    conn.execute("DELETE FROM settings WHERE key = 'sync_folder'", [])?;
                }
            }
            log(AccessAction::Update, None, Some("동기화 폴더 설정"))
        })
    }

    /// This device's outbox in a sync folder: `<center>-<device>.ldsync`.
    pub(super) fn outbox_name(&self) -> Result<String> {
        let center = self.sync_setting("sync_center_id")?;
        Ok(format!(
            "{}-{}.{EXTENSION}",
            &center[..8],
            self.sync_setting("sync_device_id")?
        ))
    }
}
