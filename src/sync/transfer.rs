//! The transfer file: the changes of one device, sealed with the center's transfer key.
//!
//! `LDSYNC01` · center id (32 hex digits) · 24-byte nonce · XChaCha20-Poly1305 ciphertext of the
//! JSON payload. The magic and the center id are authenticated with the payload, so a file is
//! accepted whole or refused whole: a changed byte anywhere, a truncated or a foreign file never
//! gets as far as the database.
//!
//! Inside, the payload is signed by the device that wrote it (`sign`): `SIG1` · the 64-byte
//! Ed25519 signature over the magic, the center id and the JSON · the JSON. The transfer key is
//! shared by every device of the center; the signature says which one wrote the file
//! (`super::devices` decides whether that device is one to accept).

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use zeroize::Zeroizing;

const MAGIC: &[u8; 8] = b"LDSYNC01";
/// The largest transfer file read: a center's month of changes is a few tens of megabytes
/// (10,000 new cases make 23 MB), so this leaves room for years of them and refuses a file
/// that would take the memory of a booth laptop, before it is read.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
const CENTER_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// Why a file cannot be opened, in words for the sync report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotATransferFile,
    ForeignCenter,
    TooLarge,
    Unsigned,
    Damaged,
}

impl Refusal {
    pub fn reason(&self) -> &'static str {
        match self {
            Refusal::NotATransferFile => "LaborDesk 동기화 파일이 아닙니다.",
            Refusal::ForeignCenter => {
                "다른 센터의 파일입니다. 이 기기가 등록된 센터의 파일만 가져올 수 있습니다."
            }
            Refusal::Unsigned => {
                "서명이 없는 파일입니다. 이 센터에 등록된 기기가 서명한 파일만 가져옵니다(이전 버전의 LaborDesk가 만든 파일이면 보낸 기기를 업데이트한 뒤 다시 내보내 주세요)."
            }
            Refusal::TooLarge => {
                "파일이 너무 큽니다. 동기화 파일은 512 MB까지 읽습니다. 보낸 기기에서 다시 내보내 주세요."
            }
            Refusal::Damaged => {
                "파일이 손상되었거나 변경되었습니다(잘렸거나 내용이 바뀜). 보낸 기기에서 다시 내보내 주세요."
            }
        }
    }
}

const SIGNED: &[u8; 4] = b"SIG1";

/// What a device signs: the file's magic, the center id and the payload, so a signature made
/// for another center or another kind of file verifies nowhere else.
fn signed_message(center: &str, json: &[u8]) -> Vec<u8> {
    [MAGIC.as_slice(), center.as_bytes(), json].concat()
}

/// The payload to seal: signed by this device's key.
pub fn sign(key: &ed25519_dalek::SigningKey, center: &str, json: &[u8]) -> Vec<u8> {
    use ed25519_dalek::Signer;
    let signature = key.sign(&signed_message(center, json));
    [SIGNED.as_slice(), &signature.to_bytes(), json].concat()
}

/// An opened payload's signature and JSON; a payload without a signature is refused.
pub fn split_signed(plain: &[u8]) -> Result<(ed25519_dalek::Signature, &[u8]), Refusal> {
    let rest = plain
        .strip_prefix(SIGNED.as_slice())
        .ok_or(Refusal::Unsigned)?;
    if rest.len() < ed25519_dalek::SIGNATURE_LENGTH {
        return Err(Refusal::Unsigned);
    }
    let (signature, json) = rest.split_at(ed25519_dalek::SIGNATURE_LENGTH);
    let signature =
        ed25519_dalek::Signature::from_slice(signature).map_err(|_| Refusal::Unsigned)?;
    Ok((signature, json))
}

/// Whether `signature` is `key`'s over this center's payload `json`.
pub fn verify(
    key: &ed25519_dalek::VerifyingKey,
    center: &str,
    signature: &ed25519_dalek::Signature,
    json: &[u8],
) -> bool {
    key.verify_strict(&signed_message(center, json), signature)
        .is_ok()
}

fn aad(center: &str) -> Vec<u8> {
    [MAGIC.as_slice(), center.as_bytes()].concat()
}

pub fn seal(key: &[u8; 32], center: &str, plain: &[u8]) -> Vec<u8> {
    assert_eq!(center.len(), CENTER_LEN, "a center id is 32 hex digits");
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    let cipher = XChaCha20Poly1305::new(key.into());
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: &aad(center),
            },
        )
        .expect("XChaCha20-Poly1305 encrypts any length this program writes");
    [MAGIC.as_slice(), center.as_bytes(), &nonce, &sealed].concat()
}

/// Reads a transfer file: its first bytes and its size are checked before the rest is read,
/// so a foreign or oversized file costs no memory.
pub fn read(path: &std::path::Path) -> std::io::Result<Result<Vec<u8>, Refusal>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut head = Vec::with_capacity(MAGIC.len());
    (&mut file)
        .take(MAGIC.len() as u64)
        .read_to_end(&mut head)?;
    if head != MAGIC {
        return Ok(Err(Refusal::NotATransferFile));
    }
    let size = file.metadata()?.len();
    if size > MAX_FILE_BYTES {
        return Ok(Err(Refusal::TooLarge));
    }
    // A file that grows while it is read still stops at the cap.
    let mut bytes = head;
    bytes.reserve(size as usize);
    file.take(MAX_FILE_BYTES + 1 - MAGIC.len() as u64)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(Refusal::TooLarge));
    }
    Ok(Ok(bytes))
}

/// The center id a file claims, before anything is decrypted.
pub fn center_of(file: &[u8]) -> Result<&str, Refusal> {
    if file.len() < MAGIC.len() || &file[..MAGIC.len()] != MAGIC {
        return Err(Refusal::NotATransferFile);
    }
    file.get(MAGIC.len()..MAGIC.len() + CENTER_LEN)
        .and_then(|b| std::str::from_utf8(b).ok())
        .ok_or(Refusal::Damaged)
}

pub fn open(key: &[u8; 32], center: &str, file: &[u8]) -> Result<Zeroizing<Vec<u8>>, Refusal> {
    if file.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge);
    }
    if center_of(file)? != center {
        return Err(Refusal::ForeignCenter);
    }
    let body = &file[MAGIC.len() + CENTER_LEN..];
    if body.len() < NONCE_LEN + 16 {
        return Err(Refusal::Damaged);
    }
    let (nonce, sealed) = body.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: &aad(center),
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| Refusal::Damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CENTER: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_sealed_file_opens_and_any_change_or_cut_is_refused() {
        let key = [7u8; 32];
        let file = seal(&key, CENTER, b"{\"rows\":[]}");
        assert_eq!(
            open(&key, CENTER, &file).unwrap().as_slice(),
            b"{\"rows\":[]}"
        );
        for i in [0, 9, 45, file.len() - 1] {
            let mut bad = file.clone();
            bad[i] ^= 1;
            assert!(open(&key, CENTER, &bad).is_err(), "byte {i}");
        }
        assert_eq!(
            open(&key, CENTER, &file[..file.len() - 3]),
            Err(Refusal::Damaged)
        );
        assert_eq!(open(&[8u8; 32], CENTER, &file), Err(Refusal::Damaged));
        let other = "fedcba9876543210fedcba9876543210";
        assert_eq!(open(&key, other, &file), Err(Refusal::ForeignCenter));
        assert_eq!(
            open(&key, CENTER, b"PK\x03\x04"),
            Err(Refusal::NotATransferFile)
        );
    }
}
