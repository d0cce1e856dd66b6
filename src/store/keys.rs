//! The database key and how it is kept (암호화 키 관리).
//!
//! Each store is encrypted by SQLCipher with one random 256-bit key. The key never reaches disk
//! in clear: the key file beside the database (`<db>.keys`) holds it wrapped once per user,
//! with a key derived from that user's password by Argon2id, and once more with the recovery
//! code shown at setup. Changing a password re-wraps the key; the database is not re-encrypted.
//! Key material is zeroized after use. This module must never log or print a key or password.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

/// The database key; zeroized when dropped.
pub struct DbKey(Zeroizing<[u8; 32]>);

impl DbKey {
    fn random() -> DbKey {
        let mut key = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(key.as_mut());
        DbKey(key)
    }

    /// The key as SQLCipher's raw-key literal `x'…'` (no second KDF).
    pub(crate) fn literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0.as_ref())))
    }

    /// The SQLCipher statement that opens the file with this raw key.
    pub(crate) fn pragma(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("PRAGMA key = \"{}\";", self.literal().as_str()))
    }
}

/// The recovery code shown once at setup, to print and keep: 25 characters in five groups,
/// from an alphabet without look-alikes (no 0/O, 1/I/L).
pub struct RecoveryCode(Zeroizing<String>);

/// Never prints the code itself.
impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

impl RecoveryCode {
    pub(crate) fn random() -> RecoveryCode {
        let mut rng = rand::rng();
        let mut code = Zeroizing::new(String::with_capacity(29));
        for i in 0..25 {
            if i > 0 && i % 5 == 0 {
                code.push('-');
            }
            // 31 symbols: reject bytes that would bias the draw.
            let c = loop {
                let b = (rng.next_u32() & 0xff) as u8;
                if (b as usize) < CODE_ALPHABET.len() * 8 {
                    break CODE_ALPHABET[b as usize % CODE_ALPHABET.len()];
                }
            };
            code.push(c as char);
        }
        RecoveryCode(code)
    }

    /// As the user typed it: case, spaces and dashes do not matter.
    pub fn parse(text: &str) -> RecoveryCode {
        RecoveryCode(Zeroizing::new(
            text.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        ))
    }

    /// `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`, to show once.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn secret(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(
            self.0
                .chars()
                .filter(|c| *c != '-')
                .map(|c| c as u8)
                .collect(),
        )
    }
}

/// Argon2id cost: OWASP's minimum for interactive logins (19 MiB, 2 passes, 1 lane).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
struct KdfParams {
    memory_kib: u32,
    passes: u32,
    lanes: u32,
}

const KDF: KdfParams = KdfParams {
    memory_kib: 19 * 1024,
    passes: 2,
    lanes: 1,
};

/// One wrapping of the database key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Wrapped {
    salt: String,
    nonce: String,
    ciphertext: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct UserKey {
    username: String,
    #[serde(flatten)]
    wrapped: Wrapped,
}

/// The key file: the database key wrapped for each user and for the recovery code.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyFile {
    version: u32,
    kdf: KdfParams,
    users: Vec<UserKey>,
    recovery: Wrapped,
}

/// The key file that belongs to a database file.
pub fn key_file_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".keys");
    PathBuf::from(name)
}

fn wrong_credentials() -> Error {
    Error::WrongPassword
}

fn derive(secret: &[u8], salt: &[u8], kdf: KdfParams) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(kdf.memory_kib, kdf.passes, kdf.lanes, Some(32))
        .map_err(|e| Error::InvalidState(format!("키 파일의 설정이 잘못되었습니다: {e}")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(secret, salt, out.as_mut())
        .map_err(|e| Error::InvalidState(format!("키를 만들 수 없습니다: {e}")))?;
    Ok(out)
}

fn wrap(key: &DbKey, secret: &[u8], aad: &[u8]) -> Result<Wrapped> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut salt);
    rand::rng().fill_bytes(&mut nonce);
    let kek = derive(secret, &salt, KDF)?;
    let cipher = ChaCha20Poly1305::new_from_slice(kek.as_ref()).expect("a 32-byte key");
    let ciphertext = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: key.0.as_ref(),
                aad,
            },
        )
        .map_err(|_| Error::InvalidState("키를 암호화할 수 없습니다".into()))?;
    Ok(Wrapped {
        salt: hex::encode(salt),
        nonce: hex::encode(nonce),
        ciphertext: hex::encode(ciphertext),
    })
}

fn unwrap(w: &Wrapped, secret: &[u8], aad: &[u8], kdf: KdfParams) -> Result<DbKey> {
    let bytes = |s: &str| {
        hex::decode(s).map_err(|_| Error::InvalidState("키 파일이 손상되었습니다".into()))
    };
    let (salt, nonce, ciphertext) = (bytes(&w.salt)?, bytes(&w.nonce)?, bytes(&w.ciphertext)?);
    if nonce.len() != 12 {
        return Err(Error::InvalidState("키 파일이 손상되었습니다".into()));
    }
    let kek = derive(secret, &salt, kdf)?;
    let cipher = ChaCha20Poly1305::new_from_slice(kek.as_ref()).expect("a 32-byte key");
    // A wrong password and a tampered entry look the same: the tag does not verify.
    let mut plain = cipher
        .decrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &ciphertext,
                aad,
            },
        )
        .map_err(|_| wrong_credentials())?;
    if plain.len() != 32 {
        plain.zeroize();
        return Err(Error::InvalidState("키 파일이 손상되었습니다".into()));
    }
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&plain);
    plain.zeroize();
    Ok(DbKey(key))
}

const RECOVERY_AAD: &[u8] = b"labordesk recovery";

/// A key from a one-time code (the enrollment code of a new device), as recovery codes are.
pub(crate) fn derive_from_code(code: &RecoveryCode, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    derive(&code.secret(), salt, KDF)
}

impl KeyFile {
    /// A new database key for the first user (the center lead) and its recovery code.
    pub fn create(username: &str, password: &str) -> Result<(KeyFile, DbKey, RecoveryCode)> {
        crate::domain::validate::check_password(password)?;
        let key = DbKey::random();
        let code = RecoveryCode::random();
        let file = KeyFile {
            version: 1,
            kdf: KDF,
            users: vec![UserKey {
                username: username.to_string(),
                wrapped: wrap(&key, password.as_bytes(), username.as_bytes())?,
            }],
            recovery: wrap(&key, &code.secret(), RECOVERY_AAD)?,
        };
        Ok((file, key, code))
    }

    pub fn read(path: &Path) -> Result<KeyFile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        serde_json::from_str(&text).map_err(|_| {
            Error::InvalidState(format!("키 파일({})을 읽을 수 없습니다.", path.display()))
        })
    }

    /// Writes through a temporary file and a rename: never half a key file.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).expect("a key file always serializes");
        crate::fs::write_atomically(path, text.as_bytes())
    }

    /// The database key, for a user's password. Unknown users and wrong passwords get the same
    /// answer, so the file does not tell who has an account.
    pub fn unlock(&self, username: &str, password: &str) -> Result<DbKey> {
        let Some(user) = self.users.iter().find(|u| u.username == username) else {
            // The same Argon2 run as for a known name, so the time to refuse does not tell
            // either who has an account.
            derive(password.as_bytes(), &[0u8; 16], self.kdf)?;
            return Err(wrong_credentials());
        };
        unwrap(
            &user.wrapped,
            password.as_bytes(),
            username.as_bytes(),
            self.kdf,
        )
    }

    /// The database key, for the recovery code.
    pub fn recover(&self, code: &RecoveryCode) -> Result<DbKey> {
        unwrap(&self.recovery, &code.secret(), RECOVERY_AAD, self.kdf).map_err(|e| match e {
            Error::WrongPassword => Error::WrongRecoveryCode,
            other => other,
        })
    }

    /// Wraps the key for a new recovery code, which replaces the old one; returns the code.
    pub fn new_recovery(&mut self, key: &DbKey) -> Result<RecoveryCode> {
        let code = RecoveryCode::random();
        self.recovery = wrap(key, &code.secret(), RECOVERY_AAD)?;
        Ok(code)
    }

    /// Wraps the key for `username` with a new password (a new user, or a changed password).
    pub fn set_password(&mut self, key: &DbKey, username: &str, password: &str) -> Result<()> {
        crate::domain::validate::check_password(password)?;
        let wrapped = wrap(key, password.as_bytes(), username.as_bytes())?;
        match self.users.iter_mut().find(|u| u.username == username) {
            Some(u) => u.wrapped = wrapped,
            None => self.users.push(UserKey {
                username: username.to_string(),
                wrapped,
            }),
        }
        Ok(())
    }

    /// Removes a user's wrapping: that password opens nothing any more.
    pub fn remove_user(&mut self, username: &str) {
        self.users.retain(|u| u.username != username);
    }

    pub fn usernames(&self) -> impl Iterator<Item = &str> {
        self.users.iter().map(|u| u.username.as_str())
    }

    /// The key that seals the failed-login file, which is written before anyone unlocks: derived
    /// from the random salt, nonce and sealed key of the recovery wrapping. These are not
    /// secret from whoever can read the key file, so it keeps out only those who cannot.
    /// A new recovery code changes it; the failures noted before are then reported, not taken.
    pub(crate) fn failures_key(&self) -> Zeroizing<[u8; 32]> {
        use blake2::digest::{KeyInit, Mac};
        let mut mac = <blake2::Blake2sMac256 as KeyInit>::new_from_slice(b"labordesk failures")
            .expect("a short key");
        for part in [
            &self.recovery.salt,
            &self.recovery.nonce,
            &self.recovery.ciphertext,
        ] {
            mac.update(part.as_bytes());
            mac.update(b"\0");
        }
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&mac.finalize().into_bytes());
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_unwraps_with_the_password_or_the_recovery_code_only() {
        let (mut file, key, code) = KeyFile::create("lead", "correct horse").unwrap();
        assert_eq!(
            file.unlock("lead", "correct horse").unwrap().0.as_ref(),
            key.0.as_ref()
        );
        assert!(matches!(
            file.unlock("lead", "wrong horse!"),
            Err(Error::WrongPassword)
        ));
        assert!(matches!(
            file.unlock("nobody", "correct horse"),
            Err(Error::WrongPassword)
        ));
        let typed = RecoveryCode::parse(&code.as_str().to_lowercase().replace('-', " "));
        assert_eq!(file.recover(&typed).unwrap().0.as_ref(), key.0.as_ref());
        assert!(matches!(
            file.recover(&RecoveryCode::parse("AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")),
            Err(Error::WrongRecoveryCode)
        ));
        file.set_password(&key, "lead", "new password 2").unwrap();
        assert!(
            file.unlock("lead", "correct horse").is_err(),
            "the old password no longer opens it"
        );
        assert_eq!(
            file.unlock("lead", "new password 2").unwrap().0.as_ref(),
            key.0.as_ref()
        );
    }

    #[test]
    fn an_unknown_user_name_costs_the_same_argon2_run_as_a_known_one() {
        let (mut file, _, _) = KeyFile::create("lead", "correct horse").unwrap();
        // Parameters Argon2 refuses: only a name that runs the key derivation reaches them.
        file.kdf.memory_kib = 1;
        for name in ["lead", "nobody"] {
            let e = file.unlock(name, "correct horse").err().unwrap();
            assert_eq!(
                e.code(),
                "invalid_state",
                "{name}: the derivation ran with the file's parameters: {e}"
            );
        }
    }

    #[test]
    fn a_recovery_code_has_five_groups_of_unambiguous_characters() {
        let code = RecoveryCode::random();
        let groups: Vec<&str> = code.as_str().split('-').collect();
        assert_eq!(groups.len(), 5);
        assert!(groups
            .iter()
            .all(|g| g.len() == 5 && g.bytes().all(|b| CODE_ALPHABET.contains(&b))));
    }

    #[test]
    fn a_password_of_fewer_than_eight_characters_is_refused() {
        assert_eq!(
            KeyFile::create("lead", "short").err().unwrap().code(),
            "invalid"
        );
    }
}
