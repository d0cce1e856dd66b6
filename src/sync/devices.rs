//! Which devices this one accepts transfer files from, and how it learns their keys.
//!
//! Every device signs its files with its own Ed25519 key (`transfer::sign`). A device knows:
//! - the center's key (the device whose lead writes enrollment files): its own, on the center;
//!   from the enrollment file, on an enrolled device;
//! - an enrolled device's key from the credential its files carry: the ticket the center
//!   signed for one enrollment (center id, enrollment id, letter, a one-time enrollment key),
//!   and that enrollment key's signature over the device's id and signing key, which only the
//!   holder of the enrollment file and its code can make. The first device seen using an
//!   enrollment keeps it and every other is refused; the center's files say which device that
//!   was at the center and which enrollments a lead revoked, and every device takes the
//!   center's word;
//! - a device it exchanged files with before schema 9: that device's key is taken from its
//!   first signed file (an upgrade has no other way to learn it).
//!
//! No file is merged unless its signature verifies under a key found so. This module never
//! merges anything; `record` and `take_center_word` write what a file taught, in the merge's
//! transaction.

use std::collections::BTreeMap;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::store::settings::get;

use super::{transfer, Payload};

/// An enrolled device's proof that the center let it in (sent with each of its files).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct Credential {
    /// The enrollment id.
    pub id: String,
    pub letter: String,
    /// The enrollment's one-time public key (hex).
    pub key: String,
    /// The center's signature over `ticket_message` (hex).
    pub ticket: String,
    /// The enrollment key's signature over `binding_message` (hex).
    pub binding: String,
}

/// What a center tells its devices: which device used each enrollment, which were revoked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct CenterWord {
    pub used: BTreeMap<String, String>,
    pub revoked: Vec<String>,
}

pub(super) fn ticket_message(center: &str, id: &str, letter: &str, key: &str) -> Vec<u8> {
    format!("LDTICKET\n{center}\n{id}\n{letter}\n{key}").into_bytes()
}

pub(super) fn binding_message(center: &str, id: &str, device: &str, key: &str) -> Vec<u8> {
    format!("LDBIND\n{center}\n{id}\n{device}\n{key}").into_bytes()
}

/// A signing key from the hex of its seed.
pub(super) fn signing_key_from(seed_hex: &str) -> Result<SigningKey> {
    let mut seed = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(seed_hex, seed.as_mut())
        .map_err(|_| Error::InvalidState("기기 서명 키가 손상되었습니다.".into()))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// This device's signing key (made when the store opens: `store::changes::start`).
pub(super) fn signing_key(conn: &Connection) -> Result<SigningKey> {
    let seed = Zeroizing::new(
        get(conn, "sync_signing_key")?
            .ok_or_else(|| Error::InvalidState("기기 서명 키가 없습니다.".into()))?,
    );
    signing_key_from(&seed)
}

pub(super) fn public_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().as_bytes())
}

fn verifying_key(hex_key: &str) -> Option<VerifyingKey> {
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(hex_key, &mut bytes).ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

fn signature(hex_sig: &str) -> Option<Signature> {
    let mut bytes = [0u8; 64];
    hex::decode_to_slice(hex_sig, &mut bytes).ok()?;
    Some(Signature::from_bytes(&bytes))
}

pub(super) fn sign_hex(key: &SigningKey, message: &[u8]) -> String {
    hex::encode(key.sign(message).to_bytes())
}

/// The center's public key, if this device knows it (a store from before schema 9 may not).
pub(super) fn center_key(conn: &Connection) -> Result<Option<String>> {
    get(conn, "sync_center_key")
}

/// Whether this device is its center's: the one whose lead writes enrollment files.
pub(super) fn is_center(conn: &Connection) -> Result<bool> {
    Ok(center_key(conn)?.as_deref() == Some(public_hex(&signing_key(conn)?).as_str()))
}

/// What accepting a file will teach this device about its sender.
#[derive(Debug)]
pub(super) enum Sender {
    /// Its key was known.
    Known { key: String },
    /// A device known from before schema 9: its key is kept from now on.
    Pinned { key: String },
    /// A device enrolled with `credential`, seen here for the first time.
    Enrolled { key: String, credential: Credential },
}

impl Sender {
    /// The key the file's signature verified under.
    pub(super) fn key(&self) -> &str {
        match self {
            Sender::Known { key } | Sender::Pinned { key } | Sender::Enrolled { key, .. } => key,
        }
    }
}

/// Finds the key the file's sender must have signed with, and checks the signature: the
/// reason (Korean) when the file is not to be accepted.
pub(super) fn sender(
    conn: &Connection,
    center: &str,
    payload: &Payload,
    signature: &Signature,
    json: &[u8],
) -> Result<std::result::Result<Sender, String>> {
    let device = payload.device_id.as_str();
    let row: Option<(Option<String>, Option<String>, bool)> = conn
        .query_row(
            "SELECT public_key, enrollment_id, last_import_at IS NOT NULL AS peer
             FROM sync_devices WHERE device_id = ?1",
            [device],
            |r| {
                Ok((
                    r.get("public_key")?,
                    r.get("enrollment_id")?,
                    r.get("peer")?,
                ))
            },
        )
        .optional()?;
    let sender = match (&row, &payload.enrollment) {
        (Some((Some(key), _, _)), _) => Sender::Known { key: key.clone() },
        (_, Some(credential)) => match enrolled(conn, center, payload, credential)? {
            Ok(()) => Sender::Enrolled {
                key: payload.public_key.clone(),
                credential: credential.clone(),
            },
            Err(reason) => return Ok(Err(reason)),
        },
        (Some((None, None, true)), None) => Sender::Pinned {
            key: payload.public_key.clone(),
        },
        _ => {
            return Ok(Err(
                "이 센터에 등록된 기기의 파일이 아닙니다(서명한 기기를 이 기기가 모릅니다). 센터장이 만든 기기 등록 파일로 등록한 기기만 동기화할 수 있습니다."
                    .into(),
            ))
        }
    };
    let verified = verifying_key(sender.key())
        .is_some_and(|key| transfer::verify(&key, center, signature, json));
    if !verified {
        return Ok(Err(
            "서명이 맞지 않습니다. 보낸 기기가 만든 뒤 바뀐 파일이거나, 등록된 기기가 만든 파일이 아닙니다."
                .into(),
        ));
    }
    Ok(Ok(sender))
}

/// Checks a credential a device seen for the first time sends.
fn enrolled(
    conn: &Connection,
    center: &str,
    payload: &Payload,
    c: &Credential,
) -> Result<std::result::Result<(), String>> {
    let Some(center_key) = center_key(conn)?.as_deref().and_then(verifying_key) else {
        return Ok(Err(
            "이 기기는 아직 센터의 서명 키를 모릅니다. 센터 기기와 먼저 동기화하거나, 센터장이 만든 등록 파일로 다시 등록해 주세요."
                .into(),
        ));
    };
    let ticket_ok = signature(&c.ticket).is_some_and(|sig| {
        center_key
            .verify_strict(&ticket_message(center, &c.id, &c.letter, &c.key), &sig)
            .is_ok()
    });
    if !ticket_ok || c.letter != payload.letter {
        return Ok(Err(
            "기기 등록 증명이 이 센터의 것이 아닙니다(센터가 서명한 등록이 아니거나 기기 문자가 다릅니다)."
                .into(),
        ));
    }
    let state: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT device_id, revoked_at FROM sync_enrollments WHERE id = ?1",
            [&c.id],
            |r| Ok((r.get("device_id")?, r.get("revoked_at")?)),
        )
        .optional()?;
    match state {
        Some((_, Some(revoked_at))) => {
            return Ok(Err(format!(
                "센터장이 취소한 기기 등록입니다(기기 문자 {}, 취소 {revoked_at}). 새 등록 파일로 등록해 주세요.",
                c.letter
            )))
        }
        Some((Some(used_by), None)) if used_by != payload.device_id => {
            return Ok(Err(format!(
                "이 기기 등록 파일과 코드(기기 문자 {})는 이미 다른 기기(ID {used_by})가 썼습니다. 등록 파일 하나로는 기기 하나만 등록됩니다. 이 기기에는 센터장이 새 등록 파일을 만들어야 합니다.",
                c.letter
            )))
        }
        _ => {}
    }
    let bound = signature(&c.binding)
        .zip(verifying_key(&c.key))
        .is_some_and(|(sig, key)| {
            key.verify_strict(
                &binding_message(center, &c.id, &payload.device_id, &payload.public_key),
                &sig,
            )
            .is_ok()
        });
    if !bound {
        return Ok(Err(
            "기기 등록 증명이 이 기기의 것이 아닙니다(다른 기기의 등록을 옮겨 쓴 파일입니다)."
                .into(),
        ));
    }
    // Case numbers of this letter that did not come from this device: an import or a device
    // before it used the letter, and its numbers would collide.
    let taken: Option<String> = conn
        .query_row(
            "SELECT case_no FROM cases
             WHERE substr(case_no, 6, 1) = :letter
               AND coalesce(_stamps ->> '$.\"*\"', '') NOT LIKE '%-' || :device || '%'
             LIMIT 1",
            named_params! {":letter": c.letter, ":device": payload.device_id},
            |r| r.get(0),
        )
        .optional()?;
    if let Some(case_no) = taken {
        return Ok(Err(format!(
            "기기 문자 '{}'로 된 사건번호({case_no})가 이 기기에 이미 있습니다. 사건번호가 겹치지 않도록 센터장이 이 기기에 다른 문자로 새 등록 파일을 만들어야 합니다.",
            c.letter
        )));
    }
    Ok(Ok(()))
}

/// Writes what a file accepted from `device` taught (in the merge's transaction).
pub(super) fn record(conn: &Connection, device: &str, sender: &Sender, at: &str) -> Result<()> {
    match sender {
        Sender::Known { .. } => {}
        Sender::Pinned { key } => {
            conn.execute(
                "UPDATE sync_devices SET public_key = :key WHERE device_id = :d AND public_key IS NULL",
                named_params! {":key": key, ":d": device},
            )?;
        }
        Sender::Enrolled { key, credential } => {
            conn.execute(
                "INSERT INTO sync_devices (device_id, letter, public_key, enrollment_id)
                 VALUES (:d, :letter, :key, :e)
                 ON CONFLICT (device_id) DO UPDATE SET
                    letter = excluded.letter, public_key = excluded.public_key,
                    enrollment_id = excluded.enrollment_id",
                named_params! {":d": device, ":letter": credential.letter, ":key": key, ":e": credential.id},
            )?;
            conn.execute(
                "INSERT INTO sync_enrollments (id, letter, device_id, used_at)
                 VALUES (:e, :letter, :d, :at)
                 ON CONFLICT (id) DO UPDATE SET
                    device_id = coalesce(device_id, excluded.device_id),
                    used_at = coalesce(used_at, excluded.used_at)",
                named_params! {":e": credential.id, ":letter": credential.letter, ":d": device, ":at": at},
            )?;
        }
    }
    Ok(())
}

/// What this device, as its center, tells the others (`None` on any other device).
pub(super) fn center_word(conn: &Connection) -> Result<Option<CenterWord>> {
    if !is_center(conn)? {
        return Ok(None);
    }
    let mut word = CenterWord::default();
    let mut stmt = conn
        .prepare("SELECT id, device_id, revoked_at IS NOT NULL AS revoked FROM sync_enrollments")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get("id")?;
        if r.get("revoked")? {
            word.revoked.push(id);
        } else if let Some(device) = r.get::<_, Option<String>>("device_id")? {
            word.used.insert(id, device);
        }
    }
    Ok(Some(word))
}

/// Takes the word of a file from the center (`sender_key` its signer): the device that used
/// each enrollment there, and the revoked ones. A device that lost an enrollment to another
/// is no longer accepted (what it sent before stays merged). A store from before schema 9 that
/// does not know its center yet learns it here.
pub(super) fn take_center_word(
    conn: &Connection,
    word: &CenterWord,
    sender_key: &str,
    at: &str,
) -> Result<()> {
    match center_key(conn)? {
        Some(center) if center == sender_key => {}
        Some(_) => return Ok(()),
        None => {
            crate::store::settings::put(conn, "sync_center_key", sender_key)?;
        }
    }
    for (id, device) in &word.used {
        conn.execute(
            "INSERT INTO sync_enrollments (id, letter, device_id, used_at)
             VALUES (:e, coalesce((SELECT letter FROM sync_devices WHERE device_id = :d), ''), :d, :at)
             ON CONFLICT (id) DO UPDATE SET device_id = excluded.device_id",
            named_params! {":e": id, ":d": device, ":at": at},
        )?;
        conn.execute(
            "UPDATE sync_devices SET public_key = NULL, letter = ''
             WHERE enrollment_id = :e AND device_id <> :d",
            named_params! {":e": id, ":d": device},
        )?;
    }
    for id in &word.revoked {
        conn.execute(
            "INSERT INTO sync_enrollments (id, letter, revoked_at) VALUES (:e, '', :at)
             ON CONFLICT (id) DO UPDATE SET revoked_at = coalesce(revoked_at, excluded.revoked_at)",
            named_params! {":e": id, ":at": at},
        )?;
        conn.execute(
            "UPDATE sync_devices SET public_key = NULL, letter = '' WHERE enrollment_id = :e",
            named_params! {":e": id},
        )?;
    }
    Ok(())
}
