//! What this device knows of the others: its letter, the peers, what is not yet confirmed.

use serde::Serialize;
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::store::accounts::Permission;
use crate::store::numbers;
use crate::store::settings::get;
use crate::Store;

use super::merge::TABLES;

/// Another device of the center, as this one knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Peer {
    pub device_id: String,
    pub letter: String,
    /// When a file of theirs was last merged here (UTC).
    pub last_import_at: Option<String>,
    /// Whether they have confirmed holding every change made here.
    pub up_to_date: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    pub device_id: String,
    pub letter: String,
    pub center_id: String,
    pub peers: Vec<Peer>,
    /// Records changed here that some known device has not confirmed yet.
    pub pending: u64,
    pub open_conflicts: u64,
}

impl Store {
    pub(super) fn sync_setting(&self, key: &str) -> Result<String> {
        get(self.conn(), key)?
            .ok_or_else(|| Error::InvalidState(format!("동기화 설정({key})이 없습니다.")))
    }

    pub(super) fn transfer_key(&self) -> Result<Zeroizing<[u8; 32]>> {
        let hex_key = Zeroizing::new(self.sync_setting("sync_key")?);
        let mut key = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(hex_key.as_str(), key.as_mut())
            .map_err(|_| Error::InvalidState("동기화 키가 손상되었습니다.".into()))?;
        Ok(key)
    }

    pub fn sync_status(&self) -> Result<SyncStatus> {
        self.require(Permission::ViewCases)?;
        let conn = self.conn();
        let seq: i64 = conn.query_row("SELECT seq FROM sync_clock", [], |r| r.get(0))?;
        let mut stmt = conn.prepare(
            "SELECT device_id, letter, last_import_at, acked_seq FROM sync_devices
             WHERE last_import_at IS NOT NULL ORDER BY letter, device_id",
        )?;
        let peers = stmt
            .query_map([], |r| {
                Ok(Peer {
                    device_id: r.get(0)?,
                    letter: r.get(1)?,
                    last_import_at: r.get(2)?,
                    up_to_date: r.get::<_, i64>(3)? >= seq,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let since = self.export_since()?;
        let mut pending = 0u64;
        for t in TABLES {
            pending += conn.query_row(
                &format!("SELECT count(*) FROM {t} WHERE _seq > ?1"),
                [since],
                |r| r.get::<_, i64>(0),
            )? as u64;
        }
        Ok(SyncStatus {
            device_id: self.sync_setting("sync_device_id")?,
            letter: numbers::letter(conn)?.unwrap_or_default(),
            center_id: self.sync_setting("sync_center_id")?,
            peers,
            pending,
            open_conflicts: conn.query_row(
                "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL",
                [],
                |r| r.get::<_, i64>(0),
            )? as u64,
        })
    }
}
