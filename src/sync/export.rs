//! Writing a transfer file: every record changed since the other devices confirmed, sealed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::store::accounts::Permission;
use crate::store::numbers;
use crate::store::settings::get;
use crate::Store;

use super::merge::{self, Counselors};
use super::*;

/// What `sync export` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportSummary {
    pub path: String,
    pub records: u64,
    pub cases: u64,
}

impl Store {
    /// The change counter every device this one exchanges files with has confirmed; -1
    /// (everything) while there is none. Devices known only through another one's file get this
    /// device's changes through that one.
    pub(super) fn export_since(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row(
                "SELECT min(acked_seq) FROM sync_devices WHERE last_import_at IS NOT NULL",
                [],
                |r| r.get::<_, Option<i64>>(0),
            )?
            .unwrap_or(-1))
    }

    /// The transfer file's bytes: the changes no known device has confirmed, or all (`all`).
    pub fn sync_export_bytes(&self, all: bool) -> Result<(Vec<u8>, ExportSummary)> {
        self.require(Permission::EditCases)?;
        let conn = self.conn();
        let since = if all { -1 } else { self.export_since()? };
        let counselors = Counselors::new(conn, self.clock())?;
        let changed = |t: &str| format!("id IN (SELECT id FROM {t} WHERE _seq > :since)");
        // A record travels with the records it refers to, so that any one file can be merged
        // on its own, in any order.
        let cases = "_seq > :since OR id IN (SELECT case_id FROM sessions WHERE _seq > :since) OR id IN (SELECT case_id FROM remedies WHERE _seq > :since)".to_string();
        let filters = [
            (
                "clients",
                format!("_seq > :since OR id IN (SELECT client_id FROM cases WHERE {cases})"),
            ),
            (
                "outreach_events",
                format!(
                    "_seq > :since OR id IN (SELECT outreach_event_id FROM cases WHERE {cases})"
                ),
            ),
            ("cases", cases.clone()),
            ("sessions", changed("sessions")),
            ("remedies", changed("remedies")),
        ];
        let mut tables = BTreeMap::new();
        let mut records = 0u64;
        for (t, filter) in &filters {
            let rows = merge::read_rows(conn, &counselors, t, filter, since)?;
            records += rows.len() as u64;
            tables.insert(t.to_string(), rows);
        }
        let case_count = tables["cases"].len() as u64;
        let (seq, hlc): (i64, String) =
            conn.query_row("SELECT seq, hlc FROM sync_clock", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let device_id = self.sync_setting("sync_device_id")?;
        let mut acks = BTreeMap::new();
        let mut seen = BTreeMap::new();
        let mut stmt =
            conn.prepare("SELECT device_id, received_seq, seen_hlc FROM sync_devices")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let d: String = r.get(0)?;
            acks.insert(d.clone(), r.get::<_, i64>(1)?.to_string());
            seen.insert(d, r.get(2)?);
        }
        seen.insert(device_id.clone(), hlc);
        let signing = devices::signing_key(conn)?;
        let payload = Payload {
            format: FORMAT,
            center_name: self.settings()?.center_name,
            letter: numbers::letter(conn)?.unwrap_or_default(),
            device_id,
            made_at: self.clock().stamp(),
            stamped_at: self.sync_clock().next().ok_or_else(|| {
                Error::InvalidState("동기화 설정(sync_device_id)이 없습니다.".into())
            })?,
            public_key: devices::public_hex(&signing),
            enrollment: match get(conn, "sync_enrollment")? {
                Some(json) => serde_json::from_str(&json).ok(),
                None => None,
            },
            center_word: devices::center_word(conn)?,
            since_seq: since,
            max_seq: seq,
            acks,
            seen,
            tables,
        };
        let json = Zeroizing::new(serde_json::to_vec(&payload).expect("a payload serializes"));
        let center = self.sync_setting("sync_center_id")?;
        let plain = Zeroizing::new(transfer::sign(&signing, &center, &json));
        let bytes = transfer::seal(&*self.transfer_key()?, &center, &plain);
        Ok((
            bytes,
            ExportSummary {
                path: String::new(),
                records,
                cases: case_count,
            },
        ))
    }

    /// `labordesk sync export FILE`: writes the transfer file (through a temporary name, so a
    /// reader never sees half of it) and logs the export.
    pub fn sync_export(&mut self, path: &Path, all: bool) -> Result<ExportSummary> {
        let (bytes, mut summary) = self.sync_export_bytes(all)?;
        crate::fs::write_atomically(path, &bytes)?;
        summary.path = path.display().to_string();
        self.log_export(&format!(
            "동기화 파일 {} (사건 {}건, 기록 {}건)",
            path.display(),
            summary.cases,
            summary.records
        ))?;
        Ok(summary)
    }
}
