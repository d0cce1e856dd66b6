//! Reading a transfer file: opened, checked, merged in one transaction, reported.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{named_params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::domain::AccessAction;
use crate::error::{Error, Result};
use crate::store::accounts::Permission;
use crate::store::numbers;
use crate::Store;

use super::merge::{self, Counselors, Merge, TABLES};
use super::*;

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

/// The payload's version, read when the rest of it does not fit this version's shape.
#[derive(serde::Deserialize)]
struct Format {
    format: u32,
}

/// Why a payload of another version is refused.
fn other_version(format: u32) -> String {
    if format > FORMAT {
        "더 새 버전의 LaborDesk가 만든 파일입니다. 이 기기의 LaborDesk를 업데이트해 주세요.".into()
    } else {
        "이전 버전의 LaborDesk가 만든 파일입니다. 보낸 기기의 LaborDesk를 업데이트한 뒤 다시 내보내 주세요."
            .into()
    }
}

/// Why a payload is not JSON of the expected shape, without quoting more than a few words of it.
fn unreadable(e: &serde_json::Error) -> String {
    // Quoted in part and with control characters replaced: serde repeats the bad value.
    let detail = crate::domain::validate::excerpt(&e.to_string());
    format!("내용을 읽을 수 없습니다({detail}).")
}

impl Store {
    /// `labordesk sync import FILE`: merges a transfer file, all of it or (refused) none of it.
    pub fn sync_import(&mut self, path: &Path) -> Result<SyncReport> {
        let file = path.display().to_string();
        match crate::fs::retry_if_in_use(path, || transfer::read(path))? {
            Ok(bytes) => self.sync_import_bytes(&bytes, &file),
            Err(refusal) => Err(Error::SyncRefused {
                file,
                reason: refusal.reason().to_string(),
            }),
        }
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
        let (signature, json) =
            transfer::split_signed(&plain).map_err(|r| refused(r.reason().to_string()))?;
        let payload: Payload = match serde_json::from_slice(json) {
            Ok(payload) => payload,
            Err(e) => {
                return Err(refused(match serde_json::from_slice::<Format>(json) {
                    Ok(Format { format }) if format != FORMAT => other_version(format),
                    _ => unreadable(&e),
                }))
            }
        };
        if payload.format != FORMAT {
            return Err(refused(other_version(payload.format)));
        }
        checks::check(
            &payload,
            self.clock().today(),
            self.sync_clock().now_millis(),
        )
        .map_err(refused)?;
        let me = self.sync_setting("sync_device_id")?;
        if payload.device_id == me {
            return Err(refused("이 기기가 내보낸 파일입니다.".into()));
        }
        let sender =
            devices::sender(self.conn(), &center, &payload, &signature, json)?.map_err(refused)?;
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
            devices::record(conn, &payload.device_id, &sender, &clock.stamp())?;
            if let Some(word) = &payload.center_word {
                devices::take_center_word(conn, word, sender.key(), &clock.stamp())?;
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
            // The checks above should have caught it; the transaction is rolled back either way.
            Error::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                refused(
                    "기록이 이 기기의 데이터베이스 규칙(필수 항목, 참조, 형식)에 맞지 않습니다."
                        .into(),
                )
            }
            other => other,
        })
    }
}
