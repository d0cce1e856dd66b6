//! Enrolling a new device: the center's keys, the device's letter and a one-time enrollment,
//! sealed under a one-time code; revoking an enrollment no device has used.

use chacha20poly1305::aead::{Aead, KeyInit, Payload as AeadPayload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rusqlite::{named_params, OptionalExtension};
use zeroize::Zeroizing;

use crate::domain::AccessAction;
use crate::error::{Error, Result};
use crate::store::accounts::Permission;
use crate::store::numbers;
use crate::store::settings::put;
use crate::Store;

use super::devices;

impl Store {
    /// The enrollment file for a new device of this center (lead only), and the one-time code
    /// that opens it: the file carries the center's transfer key, its signing key's public
    /// half, the device's letter, and a one-time enrollment (a key and the center's ticket for
    /// it) that admits the first device to use it and no other (`super::devices`).
    pub fn sync_enrollment(
        &self,
        letter: &str,
    ) -> Result<(Vec<u8>, crate::store::keys::RecoveryCode)> {
        self.require(Permission::ManageSettings)?;
        let conn = self.conn();
        let letter = letter.trim();
        numbers::check_letter(letter)?;
        let mine = numbers::letter(conn)?.unwrap_or_default();
        let taken: bool = conn.query_row(
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
        let numbered: Option<String> = conn
            .query_row(
                "SELECT case_no FROM cases WHERE substr(case_no, 6, 1) = ?1
                 UNION ALL SELECT year || '-' || device FROM case_numbers WHERE device = ?1
                 LIMIT 1",
                [letter],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(case_no) = numbered {
            return Err(Error::invalid(
                "device_letter",
                format!(
                    "기기 문자 — '{letter}'로 된 사건번호({case_no})가 이미 있습니다(가져온 사건 등). 사건번호가 겹치지 않도록 다른 문자를 정해 주세요"
                ),
            ));
        }
        let unused: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_enrollments WHERE letter = ?1 AND made_at IS NOT NULL
                AND device_id IS NULL AND revoked_at IS NULL)",
            [letter],
            |r| r.get(0),
        )?;
        if unused {
            return Err(Error::invalid(
                "device_letter",
                format!(
                    "기기 문자 — '{letter}'의 등록 파일이 아직 쓰이지 않았습니다. 그 파일을 쓰지 않을 거라면 먼저 취소해 주세요('sync revoke-enrollment --letter {letter}')"
                ),
            ));
        }
        let signing = devices::signing_key(conn)?;
        let center_key = devices::public_hex(&signing);
        match devices::center_key(conn)? {
            Some(key) if key != center_key => {
                return Err(Error::InvalidState(
                    "이 기기는 다른 기기를 센터로 등록되어 있어 기기 등록 파일을 만들 수 없습니다. 센터 기기에서 만들어 주세요."
                        .into(),
                ))
            }
            // A store from before schema 9 becomes its center's when its lead enrolls a device.
            _ => {}
        }
        let center_id = self.sync_setting("sync_center_id")?;
        let id = random_hex(16);
        let secret = Zeroizing::new(random_hex(32));
        let enrollment_key = devices::public_hex(&devices::signing_key_from(&secret)?);
        let ticket = devices::sign_hex(
            &signing,
            &devices::ticket_message(&center_id, &id, letter, &enrollment_key),
        );
        let enrollment = Zeroizing::new(
            serde_json::to_vec(&serde_json::json!({
                "center_id": center_id,
                "center_name": self.settings()?.center_name,
                "key": *Zeroizing::new(self.sync_setting("sync_key")?),
                "letter": letter,
                "center_device": self.sync_setting("sync_device_id")?,
                "center_letter": mine,
                "center_key": center_key,
                "enrollment_id": id,
                "enrollment_key": enrollment_key,
                "enrollment_secret": *secret,
                "ticket": ticket,
            }))
            .expect("json"),
        );
        let code = crate::store::keys::RecoveryCode::random();
        let bytes = seal_with_code(&enrollment, code.as_str())?;
        let tx = conn.unchecked_transaction()?;
        put(&tx, "sync_center_key", &center_key)?;
        tx.execute(
            "INSERT INTO sync_enrollments (id, letter, made_at) VALUES (:id, :letter, :at)",
            named_params! {":id": id, ":letter": letter, ":at": self.clock().stamp()},
        )?;
        tx.commit()?;
        self.log_export(&format!("기기 등록 파일 (기기 문자 {letter})"))?;
        Ok((bytes, code))
    }

    /// Revokes the enrollment files of `letter` that no device has used yet (lead only, on the
    /// center): a device enrolled with one is refused from then on, here and, once they have a
    /// file of the center, on every device. An enrollment already used cannot be revoked.
    pub fn sync_revoke_enrollment(&mut self, letter: &str) -> Result<usize> {
        self.require(Permission::ManageSettings)?;
        let letter = letter.trim();
        numbers::check_letter(letter)?;
        if !devices::is_center(self.conn())? {
            return Err(Error::InvalidState(
                "기기 등록은 그 등록 파일을 만든 센터 기기에서만 취소할 수 있습니다.".into(),
            ));
        }
        let used: Option<String> = self
            .conn()
            .query_row(
                "SELECT device_id FROM sync_enrollments
                 WHERE letter = ?1 AND device_id IS NOT NULL AND revoked_at IS NULL",
                [letter],
                |r| r.get(0),
            )
            .optional()?;
        let revoked = self.write_logged(|conn, clock, log| {
            let n = conn.execute(
                "UPDATE sync_enrollments SET revoked_at = :at
                 WHERE letter = :letter AND made_at IS NOT NULL AND device_id IS NULL
                   AND revoked_at IS NULL",
                named_params! {":at": clock.stamp(), ":letter": letter},
            )?;
            if n > 0 {
                log(
                    AccessAction::Update,
                    None,
                    Some(&format!("기기 등록 취소 (기기 문자 {letter}, {n}건)")),
                )?;
            }
            Ok(n)
        })?;
        match (revoked, used) {
            (0, Some(device)) => Err(Error::InvalidState(format!(
                "기기 문자 {letter}의 등록은 이미 기기(ID {device})가 사용했습니다. 사용된 등록은 취소할 수 없습니다."
            ))),
            (0, None) => Err(Error::not_found(format!(
                "기기 문자 {letter}의 쓰이지 않은 기기 등록"
            ))),
            (n, _) => Ok(n),
        }
    }

    /// Enrolls this device in the center of an enrollment file: its transfer key, its name,
    /// the center's signing key, and the letter the lead gave this device; this device's
    /// credential for the center's enrollment is made here and sent with its files. Only a
    /// device with no cases yet, so that no case number was handed out under another letter.
    pub fn sync_enroll(&mut self, bytes: &[u8], code: &str) -> Result<String> {
        self.require(Permission::ManageSettings)?;
        let plain = open_with_code(bytes, code)?;
        let e: serde_json::Value = serde_json::from_slice(&plain).map_err(|_| unreadable())?;
        let field = |k: &str| {
            e[k].as_str()
                .map(|v| Zeroizing::new(v.to_string()))
                .ok_or_else(unreadable)
        };
        let (center_id, center_name, key, letter) = (
            field("center_id")?,
            field("center_name")?,
            field("key")?,
            field("letter")?,
        );
        let center = (|| {
            Ok::<_, Error>((
                field("center_device")?,
                field("center_letter")?,
                field("center_key")?,
                field("enrollment_id")?,
                field("enrollment_key")?,
                field("enrollment_secret")?,
                field("ticket")?,
            ))
        })()
        .map_err(|_| {
            Error::InvalidState(
                "이전 버전의 LaborDesk가 만든 기기 등록 파일입니다. 센터 기기를 업데이트한 뒤 등록 파일을 새로 만들어 주세요."
                    .into(),
            )
        })?;
        let (center_device, center_letter, center_key, id, enrollment_key, secret, ticket) = center;
        numbers::check_letter(&letter)?;
        // Everything later code slices or decodes is checked here, so that no enrollment file,
        // however made, can panic a later sync.
        let hex_of = |text: &str, len: usize| {
            text.len() == len && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        };
        let well_formed = hex_of(&center_id, 32)
            && hex_of(&key, 64)
            && hex_of(&center_key, 64)
            && hex_of(&enrollment_key, 64)
            && hex_of(&ticket, 128)
            && (1..=32).contains(&center_device.len())
            && hex_of(&center_device, center_device.len())
            && (center_letter.is_empty() || numbers::check_letter(&center_letter).is_ok());
        if !well_formed {
            return Err(unreadable());
        }
        let secret = devices::signing_key_from(&secret)?;
        if devices::public_hex(&secret) != *enrollment_key {
            return Err(unreadable());
        }
        let cases: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
        if cases > 0 {
            return Err(Error::InvalidState(format!(
                "이 기기에는 이미 사건이 {cases}건 있어 센터에 등록할 수 없습니다. 등록은 사건을 기록하기 전에 해야 합니다(사건번호가 겹치지 않도록)."
            )));
        }
        let me = self.sync_setting("sync_device_id")?;
        let my_key = devices::public_hex(&devices::signing_key(self.conn())?);
        let credential = devices::Credential {
            id: id.to_string(),
            letter: letter.to_string(),
            key: enrollment_key.to_string(),
            ticket: ticket.to_string(),
            binding: devices::sign_hex(
                &secret,
                &devices::binding_message(&center_id, &id, &me, &my_key),
            ),
        };
        let credential = serde_json::to_string(&credential).expect("json");
        self.write_logged(|conn, _clock, log| {
            put(conn, "sync_center_id", &center_id)?;
            put(conn, "sync_key", &key)?;
            put(conn, "center_name", &center_name)?;
            put(conn, "sync_center_key", &center_key)?;
            put(conn, "sync_enrollment", &credential)?;
            numbers::set_letter(conn, &letter)?;
            conn.execute_batch("DELETE FROM sync_devices; DELETE FROM sync_enrollments;")?;
            conn.execute(
                "INSERT INTO sync_devices (device_id, letter, public_key) VALUES (:d, :letter, :key)",
                named_params! {":d": *center_device, ":letter": *center_letter, ":key": *center_key},
            )?;
            log(
                AccessAction::Update,
                None,
                Some(&format!("센터 등록: {}, 기기 문자 {}", *center_name, *letter)),
            )
        })?;
        Ok(center_name.to_string())
    }
}

fn unreadable() -> Error {
    Error::InvalidState("기기 등록 파일을 읽을 수 없습니다.".into())
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
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
    // An enrollment file is under a kilobyte; anything much larger is not one.
    if file.len() < 8 + 16 + 24 + 16 || file.len() > 64 * 1024 || &file[..8] != ENROLL_MAGIC {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enrollment_file_with_malformed_fields_is_refused_and_panics_nothing() {
        let code = crate::store::keys::RecoveryCode::random();
        let secret = random_hex(32);
        let enrollment_key = devices::public_hex(&devices::signing_key_from(&secret).unwrap());
        let good = serde_json::json!({
            "center_id": random_hex(16), "center_name": "센터", "key": random_hex(32),
            "letter": "B", "center_device": random_hex(8), "center_letter": "A",
            "center_key": random_hex(32), "enrollment_id": random_hex(16),
            "enrollment_key": enrollment_key, "enrollment_secret": secret,
            "ticket": random_hex(64),
        });
        let sealed = |v: &serde_json::Value| {
            seal_with_code(&serde_json::to_vec(v).unwrap(), code.as_str()).unwrap()
        };
        for (field, bad) in [
            ("center_id", "가나다라마바사아자차카"),
            ("center_id", "abc"),
            ("key", "zz"),
            // Found by the sync_enrollment fuzz target: 35 hex digits, which once enrolled
            // and then broke every transfer file.
            ("key", "f21cd054cf0139e3c1cdbce3986f817ba57"),
            ("center_key", "0123"),
            ("center_device", ""),
            ("ticket", "00"),
            ("center_letter", "가"),
            ("enrollment_secret", "00"),
            ("letter", "가"),
        ] {
            let mut store = Store::open_in_memory().unwrap();
            let mut e = good.clone();
            e[field] = serde_json::json!(bad);
            assert!(
                store.sync_enroll(&sealed(&e), code.as_str()).is_err(),
                "{field}"
            );
        }
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(
            store.sync_enroll(&sealed(&good), code.as_str()).unwrap(),
            "센터"
        );
        let huge = vec![0u8; 100 * 1024];
        assert!(store.sync_enroll(&huge, code.as_str()).is_err());
    }
}
