//! Enrolling a new device: the center's key and the device's letter, sealed under a one-time code.

use chacha20poly1305::aead::{Aead, KeyInit, Payload as AeadPayload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use zeroize::Zeroizing;

use crate::domain::AccessAction;
use crate::error::{Error, Result};
use crate::store::accounts::Permission;
use crate::store::numbers;
use crate::store::settings::put;
use crate::Store;

impl Store {
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
