//! Sync (동기화) between a center's devices, over files: no server of our own.
//!
//! Each device keeps, per field of every synced record, the stamp of its last change (see
//! `clock`), kept by triggers in the schema. A transfer file carries the records changed since
//! the receiving side last confirmed, sealed with the center's transfer key (see `transfer`);
//! merging keeps the later stamp per field (see `merge`). Files may be imported twice or in any
//! order: every device ends with the same records. A field changed on two devices without one
//! seeing the other's change is also kept as a conflict for the lead, who keeps the merged value
//! or chooses the other one.

mod merge;
pub mod transfer;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload as AeadPayload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rusqlite::{named_params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::domain::AccessAction;
use crate::error::{Error, Result};
use crate::store::accounts::Permission;
use crate::store::changes::device_of;
use crate::store::numbers;
use crate::store::settings::{get, put};
use crate::Store;

use merge::{Counselors, Merge, Row, TABLES};

/// The version of the transfer file's payload this program writes and reads.
const FORMAT: u32 = 1;
/// Transfer files end in this; a sync folder holds one per device.
pub const EXTENSION: &str = "ldsync";

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

/// What `sync export` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportSummary {
    pub path: String,
    pub records: u64,
    pub cases: u64,
}

/// What a transfer file brought in (the sync report).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncReport {
    pub file: String,
    pub from_device: String,
    pub from_letter: String,
    pub new_cases: u32,
    pub updated_cases: u32,
    /// All records: clients, outreach events, cases, sessions, remedies.
    pub new_records: u32,
    pub updated_records: u32,
    pub unchanged_records: u32,
    pub conflicts: u32,
}

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

/// A field two devices changed without seeing each other's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Conflict {
    pub id: i64,
    pub table: String,
    pub row_id: String,
    /// The case number of the record's case, when it has one.
    pub case_no: Option<String>,
    pub field: String,
    /// The values as JSON text (a string is quoted).
    pub local_value: String,
    pub remote_value: String,
    pub local_device: String,
    pub remote_device: String,
    /// The value the merge kept (the later stamp): "local" or "remote".
    pub kept: String,
    pub found_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    format: u32,
    center_name: String,
    device_id: String,
    letter: String,
    made_at: String,
    /// The sender's change counter: the file holds every change after `since_seq` up to
    /// `max_seq`.
    since_seq: i64,
    max_seq: i64,
    /// Per device: the change counter up to which the sender holds all its changes.
    acks: BTreeMap<String, String>,
    /// Per device: the newest stamp the sender has merged (its own included).
    seen: BTreeMap<String, String>,
    tables: BTreeMap<String, Vec<Row>>,
}

impl Store {
    fn sync_setting(&self, key: &str) -> Result<String> {
        get(self.conn(), key)?
            .ok_or_else(|| Error::InvalidState(format!("동기화 설정({key})이 없습니다.")))
    }

    fn transfer_key(&self) -> Result<Zeroizing<[u8; 32]>> {
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

    /// The change counter every device this one exchanges files with has confirmed; -1
    /// (everything) while there is none. Devices known only through another one's file get this
    /// device's changes through that one.
    fn export_since(&self) -> Result<i64> {
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
        let cases = format!(
            "_seq > :since OR id IN (SELECT case_id FROM sessions WHERE _seq > :since) OR id IN (SELECT case_id FROM remedies WHERE _seq > :since)"
        );
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
        let payload = Payload {
            format: FORMAT,
            center_name: self.settings()?.center_name,
            letter: numbers::letter(conn)?.unwrap_or_default(),
            device_id,
            made_at: self.clock().stamp(),
            since_seq: since,
            max_seq: seq,
            acks,
            seen,
            tables,
        };
        let plain = Zeroizing::new(serde_json::to_vec(&payload).expect("a payload serializes"));
        let bytes = transfer::seal(
            &*self.transfer_key()?,
            &self.sync_setting("sync_center_id")?,
            &plain,
        );
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

    /// `labordesk sync import FILE`: merges a transfer file, all of it or (refused) none of it.
    pub fn sync_import(&mut self, path: &Path) -> Result<SyncReport> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        self.sync_import_bytes(&bytes, &path.display().to_string())
    }

    pub fn sync_import_bytes(&mut self, bytes: &[u8], file: &str) -> Result<SyncReport> {
        self.require(Permission::EditCases)?;
        let refused = |reason: String| Error::SyncRefused {
            file: file.to_string(),
            reason,
        };
        let center = self.sync_setting("sync_center_id")?;
        let plain = transfer::open(&*self.transfer_key()?, &center, bytes)
            .map_err(|r| refused(r.reason().to_string()))?;
        let payload: Payload = serde_json::from_slice(&plain)
            .map_err(|e| refused(format!("내용을 읽을 수 없습니다({e}).")))?;
        if payload.format > FORMAT {
            return Err(refused(
                "더 새 버전의 LaborDesk가 만든 파일입니다. 이 기기의 LaborDesk를 업데이트해 주세요."
                    .into(),
            ));
        }
        let me = self.sync_setting("sync_device_id")?;
        if payload.device_id == me {
            return Err(refused("이 기기가 내보낸 파일입니다.".into()));
        }
        let my_letter = numbers::letter(self.conn())?.unwrap_or_default();
        let same_letter: Option<String> = self
            .conn()
            .query_row(
                "SELECT device_id FROM sync_devices WHERE letter = ?1 AND device_id <> ?2",
                [&payload.letter, &payload.device_id],
                |r| r.get(0),
            )
            .optional()?;
        if payload.letter == my_letter || same_letter.is_some() {
            return Err(refused(format!(
                "보낸 기기의 기기 문자 '{}'를 다른 기기도 쓰고 있습니다. 사건번호가 겹치지 않도록 센터장이 기기마다 다른 문자를 정해야 합니다.",
                payload.letter
            )));
        }
        let sync = self.sync_clock();
        let result = self.write_logged(|conn, clock, log| {
            let _applying = sync.applying();
            let mut local_seen: BTreeMap<String, String> = conn
                .prepare("SELECT device_id, seen_hlc FROM sync_devices")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let (seq, hlc): (i64, String) =
                conn.query_row("SELECT seq, hlc FROM sync_clock", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            local_seen.insert(me.clone(), hlc);
            let mut merge = Merge {
                conn,
                counselors: Counselors::new(conn, clock)?,
                sender_seen: payload.seen.clone(),
                local_seen,
                seq: seq + 1,
                found_at: clock.stamp(),
                tally: Default::default(),
            };
            let mut newest = String::new();
            for t in TABLES {
                let cols = merge::columns(conn, t)?;
                for row in payload.tables.get(t).into_iter().flatten() {
                    merge.apply(t, &cols, row)?;
                    for s in row.s.values().filter_map(|s| s.as_str()) {
                        if *s > *newest {
                            newest = s.to_string();
                        }
                    }
                }
            }
            let tally = merge.tally;
            numbers::note_returned(conn, seq + 1)?;
            // A session or proceeding added on one device to a case deleted on another goes
            // with its case. Every device derives the same value and stamp from the merged
            // records, so this keeps devices identical: the later of the two stamps, marked
            // with "~" so that it is later than either and earlier than any later change. A
            // child deleted earlier than its case (by itself, or with an earlier deletion of
            // the case that a later one replaced) takes the case's deletion too, so that the
            // order in which the deletions arrive does not decide which stamp it keeps.
            for child in ["sessions", "remedies"] {
                conn.execute(
                    &format!(
                        "UPDATE {child} SET
                            deleted_at = c.deleted_at,
                            _stamps = json_set({child}._stamps, '$.deleted_at',
                                max(rtrim(coalesce({child}._stamps ->> '$.deleted_at', {child}._stamps ->> '$.\"*\"', ''), '~'), c.stamp) || '~'),
                            _seq = :seq
                         FROM (SELECT id, deleted_at,
                                      coalesce(_stamps ->> '$.deleted_at', _stamps ->> '$.\"*\"', '') AS stamp
                               FROM cases WHERE deleted_at IS NOT NULL) AS c
                         WHERE c.id = {child}.case_id
                           AND ({child}.deleted_at IS NULL
                                OR rtrim(coalesce({child}._stamps ->> '$.deleted_at', {child}._stamps ->> '$.\"*\"', ''), '~') < c.stamp)"
                    ),
                    named_params! {":seq": seq + 1},
                )?;
            }
            conn.execute(
                "UPDATE sync_clock SET seq = :seq, hlc = max(hlc, :newest)",
                named_params! {":seq": seq + 1, ":newest": newest},
            )?;
            sync.observe(&newest);
            // What the sender knows, this device now knows too.
            for (device, stamp) in &payload.seen {
                if *device == me {
                    continue;
                }
                conn.execute(
                    "INSERT INTO sync_devices (device_id, letter, seen_hlc) VALUES (:d, '', :s)
                     ON CONFLICT (device_id) DO UPDATE SET seen_hlc = max(seen_hlc, excluded.seen_hlc)",
                    named_params! {":d": device, ":s": stamp},
                )?;
            }
            let acked: i64 = payload
                .acks
                .get(&me)
                .and_then(|a| a.parse().ok())
                .unwrap_or(-1);
            conn.execute(
                "INSERT INTO sync_devices (device_id, letter, received_seq, acked_seq, last_import_at)
                 VALUES (:d, :l, :max, :acked, :at)
                 ON CONFLICT (device_id) DO UPDATE SET
                    letter = excluded.letter,
                    received_seq = CASE WHEN :since <= received_seq THEN max(received_seq, :max) ELSE received_seq END,
                    -- What the sender says now, even if lower than before (it was restored
                    -- from a backup): sending too much is merged away, too little is lost.
                    acked_seq = :acked,
                    last_import_at = excluded.last_import_at",
                named_params! {
                    ":d": payload.device_id, ":l": payload.letter, ":max": payload.max_seq,
                    ":since": payload.since_seq, ":acked": acked, ":at": clock.stamp(),
                },
            )?;
            let sum = |m: &BTreeMap<&'static str, u32>| m.values().sum::<u32>();
            let report = SyncReport {
                file: file.to_string(),
                from_device: payload.device_id.clone(),
                from_letter: payload.letter.clone(),
                new_cases: tally.new.get("cases").copied().unwrap_or(0),
                updated_cases: tally.updated.get("cases").copied().unwrap_or(0),
                new_records: sum(&tally.new),
                updated_records: sum(&tally.updated),
                unchanged_records: tally.unchanged,
                conflicts: tally.conflicts,
            };
            log(AccessAction::Import,
                None,
                Some(&format!(
                    "동기화 {file} (기기 {}): 새 사건 {}건, 바뀐 사건 {}건, 충돌 {}건",
                    payload.letter, report.new_cases, report.updated_cases, report.conflicts
                )),
            )?;
            Ok(report)
        });
        result.map_err(|e| match e {
            Error::InvalidState(reason) => refused(reason),
            other => other,
        })
    }

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
    fn outbox_name(&self) -> Result<String> {
        let center = self.sync_setting("sync_center_id")?;
        Ok(format!(
            "{}-{}.{EXTENSION}",
            &center[..8],
            self.sync_setting("sync_device_id")?
        ))
    }

    /// Conflicts not yet resolved, oldest first.
    pub fn sync_conflicts(&self) -> Result<Vec<Conflict>> {
        self.require(Permission::ResolveConflicts)?;
        let mut stmt = self.conn().prepare(
            "SELECT k.id, k.tbl, k.row_id, k.field, k.local_value, k.remote_value, k.local_stamp, k.remote_stamp, k.found_at,
                    (SELECT case_no FROM cases c WHERE c.id = k.row_id
                        OR c.id = (SELECT case_id FROM sessions WHERE id = k.row_id)
                        OR c.id = (SELECT case_id FROM remedies WHERE id = k.row_id)
                        OR c.client_id = k.row_id LIMIT 1)
             FROM sync_conflicts k WHERE k.resolved_at IS NULL ORDER BY k.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let local_stamp: String = r.get(6)?;
            let remote_stamp: String = r.get(7)?;
            Ok(Conflict {
                id: r.get(0)?,
                table: r.get(1)?,
                row_id: r.get(2)?,
                field: r.get(3)?,
                local_value: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                remote_value: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                local_device: device_of(&local_stamp).to_string(),
                remote_device: device_of(&remote_stamp).to_string(),
                kept: if remote_stamp > local_stamp {
                    "remote"
                } else {
                    "local"
                }
                .to_string(),
                found_at: r.get(8)?,
                case_no: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Resolves a conflict: keeps the merged value, or (`use_other`) writes the value the merge
    /// did not keep, as a new change that travels to the other devices with the next sync.
    pub fn resolve_conflict(&mut self, id: i64, use_other: bool) -> Result<()> {
        let conflict = self
            .sync_conflicts()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::not_found(format!("동기화 충돌 {id}")))?;
        let who = self.actor().username.clone();
        self.write_logged(|conn, clock, log| {
            if use_other {
                let other = if conflict.kept == "remote" {
                    &conflict.local_value
                } else {
                    &conflict.remote_value
                };
                let value: serde_json::Value = serde_json::from_str(other).unwrap_or_default();
                let cols = merge::columns(conn, &conflict.table)?;
                if !TABLES.contains(&conflict.table.as_str()) {
                    return Err(Error::InvalidState("알 수 없는 표입니다.".into()));
                }
                merge::write_field(
                    conn,
                    clock,
                    &conflict.table,
                    &cols,
                    &conflict.row_id,
                    &conflict.field,
                    &value,
                )?;
            }
            conn.execute(
                "UPDATE sync_conflicts SET resolved_at = :at, resolved_by = :who WHERE id = :id",
                named_params! {":at": clock.stamp(), ":who": who, ":id": id},
            )?;
            log(
                AccessAction::Update,
                Some(&conflict.row_id),
                Some(&format!(
                    "동기화 충돌 해결: {} {}",
                    conflict.field,
                    if use_other {
                        "다른 값 선택"
                    } else {
                        "병합된 값 유지"
                    }
                )),
            )
        })
    }

    /// The enrollment file for a new device of this center (lead only), and the one-time code
    /// that opens it: the file carries the center's transfer key and the device's letter.
    pub fn sync_enrollment(
        &self,
        letter: &str,
    ) -> Result<(Vec<u8>, crate::store::keys::RecoveryCode)> {
        self.require(Permission::ManageSettings)?;
        let letter = letter.trim();
        numbers::check_letter(letter)?;
        let mine = numbers::letter(self.conn())?.unwrap_or_default();
        let taken: bool = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_devices WHERE letter = ?1)",
            [letter],
            |r| r.get(0),
        )?;
        if letter == mine || taken {
            return Err(Error::invalid(
                "device_letter",
                format!("기기 문자 — '{letter}'는 이미 이 센터의 다른 기기가 쓰고 있습니다"),
            ));
        }
        let enrollment = Zeroizing::new(
            serde_json::to_vec(&serde_json::json!({
                "center_id": self.sync_setting("sync_center_id")?,
                "center_name": self.settings()?.center_name,
                "key": *Zeroizing::new(self.sync_setting("sync_key")?),
                "letter": letter,
            }))
            .expect("json"),
        );
        let code = crate::store::keys::RecoveryCode::random();
        let bytes = seal_with_code(&enrollment, code.as_str())?;
        self.log_export(&format!("기기 등록 파일 (기기 문자 {letter})"))?;
        Ok((bytes, code))
    }

    /// Enrolls this device in the center of an enrollment file: its transfer key, its name,
    /// and the letter the lead gave this device. Only a device with no cases yet, so that no
    /// case number was handed out under another letter.
    pub fn sync_enroll(&mut self, bytes: &[u8], code: &str) -> Result<String> {
        self.require(Permission::ManageSettings)?;
        let plain = open_with_code(bytes, code)?;
        let e: serde_json::Value = serde_json::from_slice(&plain)
            .map_err(|_| Error::InvalidState("기기 등록 파일을 읽을 수 없습니다.".into()))?;
        let field = |k: &str| {
            e[k].as_str()
                .map(str::to_string)
                .ok_or_else(|| Error::InvalidState("기기 등록 파일을 읽을 수 없습니다.".into()))
        };
        let (center_id, center_name, key, letter) = (
            field("center_id")?,
            field("center_name")?,
            Zeroizing::new(field("key")?),
            field("letter")?,
        );
        let cases: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
        if cases > 0 {
            return Err(Error::InvalidState(format!(
                "이 기기에는 이미 사건이 {cases}건 있어 센터에 등록할 수 없습니다. 등록은 사건을 기록하기 전에 해야 합니다(사건번호가 겹치지 않도록)."
            )));
        }
        self.write_logged(|conn, _clock, log| {
            put(conn, "sync_center_id", &center_id)?;
            put(conn, "sync_key", &key)?;
            put(conn, "center_name", &center_name)?;
            numbers::set_letter(conn, &letter)?;
            conn.execute("DELETE FROM sync_devices", [])?;
            log(
                AccessAction::Update,
                None,
                Some(&format!("센터 등록: {center_name}, 기기 문자 {letter}")),
            )
        })?;
        Ok(center_name)
    }
}

const ENROLL_MAGIC: &[u8; 8] = b"LDENROL1";

fn code_key(code: &str, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    let code = crate::store::keys::RecoveryCode::parse(code);
    crate::store::keys::derive_from_code(&code, salt)
}

fn seal_with_code(plain: &[u8], code: &str) -> Result<Vec<u8>> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    rand::rng().fill_bytes(&mut salt);
    rand::rng().fill_bytes(&mut nonce);
    let key = code_key(code, &salt)?;
    let sealed = XChaCha20Poly1305::new(key.as_ref().into())
        .encrypt(
            XNonce::from_slice(&nonce),
            AeadPayload {
                msg: plain,
                aad: ENROLL_MAGIC,
            },
        )
        .map_err(|_| Error::InvalidState("기기 등록 파일을 만들 수 없습니다.".into()))?;
    Ok([ENROLL_MAGIC.as_slice(), &salt, &nonce, &sealed].concat())
}

fn open_with_code(file: &[u8], code: &str) -> Result<Zeroizing<Vec<u8>>> {
    let bad = || Error::InvalidState("기기 등록 파일이 아니거나 손상되었습니다.".into());
    if file.len() < 8 + 16 + 24 + 16 || &file[..8] != ENROLL_MAGIC {
        return Err(bad());
    }
    let (salt, rest) = file[8..].split_at(16);
    let (nonce, sealed) = rest.split_at(24);
    let key = code_key(code, salt)?;
    XChaCha20Poly1305::new(key.as_ref().into())
        .decrypt(
            XNonce::from_slice(nonce),
            AeadPayload {
                msg: sealed,
                aad: ENROLL_MAGIC,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| Error::InvalidState("등록 코드가 맞지 않거나 파일이 손상되었습니다.".into()))
}
