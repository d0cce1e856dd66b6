//! The database key and how it is kept (암호화 키 관리).
//!
//! Each store is encrypted by SQLCipher with one random 256-bit key. The key never reaches disk
//! in clear. The key file beside the database (`<db>.keys`) holds, for each active account and
//! for the recovery code, an X25519 key pair: the private key wrapped (ChaCha20-Poly1305) with a
//! key derived from the password or code by Argon2id, and the database key sealed to the public
//! key. A center lead can therefore seal a *new* database key for every remaining holder without
//! knowing their passwords: that is how deactivating an account, resetting a password and
//! making a new recovery code re-key the database (`rekey.rs`), so that an old copy of the key
//! file and an old password open nothing.
//!
//! A key file of version 1 wrapped the database key itself with each password; such an entry
//! is upgraded to a key pair at its holder's next sign-in. Key material is zeroized after use.
//! This module must never log or print a key or password.

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
    pub(crate) fn random() -> DbKey {
        let mut key = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(key.as_mut());
        DbKey(key)
    }

    /// The key as SQLCipher's raw-key literal `x'…'` (no second KDF).
    pub(crate) fn literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0.as_ref())))
    }

    /// The SQLCipher statement that opens the file with this raw key (also for checks and tools
    /// that open the file with a connection of their own).
    pub fn pragma(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("PRAGMA key = \"{}\";", self.literal().as_str()))
    }
}

/// The lead-only key (센터장 전용 키): sealed in the key file for lead accounts and the recovery
/// code only, never for a counselor or supervisor. It authenticates what an insider with the
/// database key must not rewrite: the access log's chain and the accounts' roles.
pub struct LeadKey(Zeroizing<[u8; 32]>);

impl LeadKey {
    pub(crate) fn random() -> LeadKey {
        let mut key = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(key.as_mut());
        LeadKey(key)
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

const LEAD_AAD: &[u8] = b"labordesk lead-only key";

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

/// One wrapping of a secret (a private key; in version 1, the database key) under a password
/// or the recovery code.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Wrapped {
    salt: String,
    nonce: String,
    ciphertext: String,
}

/// The database key sealed to a public key: an ephemeral X25519 key, and the key encrypted with
/// what the two agree on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Sealed {
    ephemeral: String,
    nonce: String,
    ciphertext: String,
}

/// What one holder (an account or the recovery code) keeps in the key file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Holder {
    /// The private key (version 1: the database key) under the password or code.
    #[serde(flatten)]
    wrapped: Wrapped,
    /// The public key; absent in a version-1 entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    public: Option<String>,
    /// The database key sealed to `public`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed: Option<Sealed>,
    /// The next database key while a re-key is under way: a crash between re-encrypting the
    /// database and rewriting this file leaves both keys here, so the store still opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next: Option<Sealed>,
    /// The lead-only key (센터장 전용 키) sealed to `public`: lead accounts and the recovery
    /// code only. It authenticates the access log's chain and the accounts' roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lead: Option<Sealed>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct UserKey {
    username: String,
    #[serde(flatten)]
    holder: Holder,
}

/// The key file: the database key sealed for each user and for the recovery code.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyFile {
    version: u32,
    kdf: KdfParams,
    users: Vec<UserKey>,
    /// None once a re-key could not carry a version-1 recovery code along: the lead must make a
    /// new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recovery: Option<Holder>,
}

/// What a re-key could not carry along: version-1 entries, which hold the database key itself
/// and cannot be sealed to without their password or code.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Accounts whose password the lead must set again.
    pub accounts: Vec<String>,
    /// The recovery code must be made anew.
    pub recovery: bool,
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

fn wrap(plain: &[u8; 32], secret: &[u8], aad: &[u8]) -> Result<Wrapped> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut salt);
    rand::rng().fill_bytes(&mut nonce);
    let kek = derive(secret, &salt, KDF)?;
    let cipher = ChaCha20Poly1305::new_from_slice(kek.as_ref()).expect("a 32-byte key");
    let ciphertext = cipher
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad })
        .map_err(|_| Error::InvalidState("키를 암호화할 수 없습니다".into()))?;
    Ok(Wrapped {
        salt: hex::encode(salt),
        nonce: hex::encode(nonce),
        ciphertext: hex::encode(ciphertext),
    })
}

fn unwrap(w: &Wrapped, secret: &[u8], aad: &[u8], kdf: KdfParams) -> Result<Zeroizing<[u8; 32]>> {
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
    Ok(key)
}

fn damaged() -> Error {
    Error::InvalidState("키 파일이 손상되었습니다".into())
}

fn hex32(text: &str) -> Result<[u8; 32]> {
    hex::decode(text)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(damaged)
}

const SEAL_AAD: &[u8] = b"labordesk sealed database key";

/// The cipher both sides of a seal agree on: a keyed BLAKE2s of the X25519 shared secret and the
/// two public keys.
fn seal_cipher(
    shared: &x25519_dalek::SharedSecret,
    ephemeral: &[u8; 32],
    recipient: &[u8; 32],
) -> Result<ChaCha20Poly1305> {
    use blake2::digest::{KeyInit as _, Mac};
    // A public key of low order (a tampered file) would make the secret known to all.
    if !shared.was_contributory() {
        return Err(damaged());
    }
    let mut mac =
        <blake2::Blake2sMac256 as blake2::digest::KeyInit>::new_from_slice(shared.as_bytes())
            .expect("a 32-byte key");
    mac.update(b"labordesk seal v2");
    mac.update(ephemeral);
    mac.update(recipient);
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&mac.finalize().into_bytes());
    Ok(ChaCha20Poly1305::new_from_slice(key.as_ref()).expect("a 32-byte key"))
}

fn seal(key: &DbKey, public: &str) -> Result<Sealed> {
    seal_bytes(&key.0, public, SEAL_AAD)
}

fn seal_bytes(plain: &[u8; 32], public: &str, aad: &[u8]) -> Result<Sealed> {
    let recipient = hex32(public)?;
    let mut secret = Zeroizing::new([0u8; 32]);
    rand::rng().fill_bytes(secret.as_mut());
    let ephemeral = x25519_dalek::StaticSecret::from(*secret);
    let ephemeral_public = x25519_dalek::PublicKey::from(&ephemeral).to_bytes();
    let shared = ephemeral.diffie_hellman(&x25519_dalek::PublicKey::from(recipient));
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let ciphertext = seal_cipher(&shared, &ephemeral_public, &recipient)?
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad })
        .map_err(|_| Error::InvalidState("키를 암호화할 수 없습니다".into()))?;
    Ok(Sealed {
        ephemeral: hex::encode(ephemeral_public),
        nonce: hex::encode(nonce),
        ciphertext: hex::encode(ciphertext),
    })
}

fn open_sealed(sealed: &Sealed, private: &x25519_dalek::StaticSecret) -> Result<DbKey> {
    open_sealed_bytes(sealed, private, SEAL_AAD).map(DbKey)
}

fn open_sealed_bytes(
    sealed: &Sealed,
    private: &x25519_dalek::StaticSecret,
    aad: &[u8],
) -> Result<Zeroizing<[u8; 32]>> {
    let ephemeral = hex32(&sealed.ephemeral)?;
    let nonce = hex::decode(&sealed.nonce).map_err(|_| damaged())?;
    let ciphertext = hex::decode(&sealed.ciphertext).map_err(|_| damaged())?;
    if nonce.len() != 12 {
        return Err(damaged());
    }
    let recipient = x25519_dalek::PublicKey::from(private).to_bytes();
    let shared = private.diffie_hellman(&x25519_dalek::PublicKey::from(ephemeral));
    let mut plain = seal_cipher(&shared, &ephemeral, &recipient)?
        .decrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &ciphertext,
                aad,
            },
        )
        .map_err(|_| damaged())?;
    let key = <[u8; 32]>::try_from(plain.as_slice()).map_err(|_| damaged());
    plain.zeroize();
    Ok(Zeroizing::new(key?))
}

impl Holder {
    /// A new key pair for `secret`, with `key` sealed to it.
    fn new(key: &DbKey, secret: &[u8], aad: &[u8]) -> Result<Holder> {
        let mut private = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(private.as_mut());
        let public = x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(*private));
        let public = hex::encode(public.as_bytes());
        Ok(Holder {
            wrapped: wrap(&private, secret, aad)?,
            sealed: Some(seal(key, &public)?),
            public: Some(public),
            next: None,
            lead: None,
        })
    }

    fn is_v1(&self) -> bool {
        self.public.is_none()
    }

    /// The lead-only key, if this holder has it.
    fn open_lead(&self, secret: &[u8], aad: &[u8], kdf: KdfParams) -> Result<Option<LeadKey>> {
        let Some(lead) = &self.lead else {
            return Ok(None);
        };
        let plain = unwrap(&self.wrapped, secret, aad, kdf)?;
        let private = x25519_dalek::StaticSecret::from(*plain);
        open_sealed_bytes(lead, &private, LEAD_AAD).map(|k| Some(LeadKey(k)))
    }

    /// The database keys this holder's secret opens: the current one, and the next one while a
    /// re-key is under way.
    fn open(&self, secret: &[u8], aad: &[u8], kdf: KdfParams) -> Result<Vec<DbKey>> {
        let plain = unwrap(&self.wrapped, secret, aad, kdf)?;
        if self.is_v1() {
            return Ok(vec![DbKey(plain)]);
        }
        let private = x25519_dalek::StaticSecret::from(*plain);
        let mut keys = Vec::new();
        for sealed in [&self.sealed, &self.next].into_iter().flatten() {
            keys.push(open_sealed(sealed, &private)?);
        }
        if keys.is_empty() {
            return Err(damaged());
        }
        Ok(keys)
    }
}

const RECOVERY_AAD: &[u8] = b"labordesk recovery";

/// A key from a one-time code (the enrollment code of a new device), as recovery codes are.
pub(crate) fn derive_from_code(code: &RecoveryCode, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    derive(&code.secret(), salt, KDF)
}

impl KeyFile {
    /// A new database key for the first user (the center lead) and its recovery code.
    pub fn create(username: &str, password: &str) -> Result<(KeyFile, DbKey, RecoveryCode)> {
        crate::domain::validate::check_password(password, &[username])?;
        let key = DbKey::random();
        let code = RecoveryCode::random();
        let file = KeyFile {
            version: 2,
            kdf: KDF,
            users: vec![UserKey {
                username: username.to_string(),
                holder: Holder::new(&key, password.as_bytes(), username.as_bytes())?,
            }],
            recovery: Some(Holder::new(&key, &code.secret(), RECOVERY_AAD)?),
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

    /// The database key, for a user's password: one key, or two while a re-key is under way
    /// (the caller tries each). Unknown users and wrong passwords get the same answer, so the
    /// file does not tell who has an account.
    pub fn unlock(&self, username: &str, password: &str) -> Result<Vec<DbKey>> {
        let Some(user) = self.users.iter().find(|u| u.username == username) else {
            // The same Argon2 run as for a known name, so the time to refuse does not tell
            // either who has an account.
            derive(password.as_bytes(), &[0u8; 16], self.kdf)?;
            return Err(wrong_credentials());
        };
        user.holder
            .open(password.as_bytes(), username.as_bytes(), self.kdf)
    }

    /// The database key, for the recovery code (one or two, as `unlock`).
    pub fn recover(&self, code: &RecoveryCode) -> Result<Vec<DbKey>> {
        let Some(recovery) = &self.recovery else {
            return Err(Error::InvalidState(
                "복구 코드가 없습니다. 센터장이 로그인해 새 복구 코드를 만들어야 합니다.".into(),
            ));
        };
        recovery
            .open(&code.secret(), RECOVERY_AAD, self.kdf)
            .map_err(|e| match e {
                Error::WrongPassword => Error::WrongRecoveryCode,
                other => other,
            })
    }

    /// A new recovery code for `key`, which replaces the old one; returns the code.
    pub fn new_recovery(&mut self, key: &DbKey) -> Result<RecoveryCode> {
        let code = RecoveryCode::random();
        self.recovery = Some(Holder::new(key, &code.secret(), RECOVERY_AAD)?);
        self.version = 2;
        Ok(code)
    }

    /// Wraps the key for `username` with a new password (a new user, or a changed password),
    /// once the password passes the policy.
    pub fn set_password(&mut self, key: &DbKey, username: &str, password: &str) -> Result<()> {
        crate::domain::validate::check_password(password, &[username])?;
        self.put_user(key, username, password)
    }

    fn put_user(&mut self, key: &DbKey, username: &str, password: &str) -> Result<()> {
        let holder = Holder::new(key, password.as_bytes(), username.as_bytes())?;
        match self.users.iter_mut().find(|u| u.username == username) {
            Some(u) => u.holder = holder,
            None => self.users.push(UserKey {
                username: username.to_string(),
                holder,
            }),
        }
        self.version = 2;
        Ok(())
    }

    /// Upgrades a version-1 entry to a key pair, with the password that just opened the store
    /// (the policy is not applied: the password is not being chosen now). Returns whether the
    /// file changed.
    pub(crate) fn upgrade_user(
        &mut self,
        key: &DbKey,
        username: &str,
        password: &str,
    ) -> Result<bool> {
        match self.users.iter().find(|u| u.username == username) {
            Some(u) if u.holder.is_v1() => self.put_user(key, username, password).map(|()| true),
            _ => Ok(false),
        }
    }

    /// Upgrades a version-1 recovery wrapping with the code that just opened it.
    pub(crate) fn upgrade_recovery(&mut self, key: &DbKey, code: &RecoveryCode) -> Result<bool> {
        match &self.recovery {
            Some(r) if r.is_v1() => {
                self.recovery = Some(Holder::new(key, &code.secret(), RECOVERY_AAD)?);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Removes a user's wrapping: that password opens nothing any more.
    pub fn remove_user(&mut self, username: &str) {
        self.users.retain(|u| u.username != username);
    }

    pub fn usernames(&self) -> impl Iterator<Item = &str> {
        self.users.iter().map(|u| u.username.as_str())
    }

    /// The lead-only key for an account's password: None if the file does not give it to them.
    pub(crate) fn lead_key(&self, username: &str, password: &str) -> Result<Option<LeadKey>> {
        match self.users.iter().find(|u| u.username == username) {
            Some(u) => u
                .holder
                .open_lead(password.as_bytes(), username.as_bytes(), self.kdf),
            None => Ok(None),
        }
    }

    /// The lead-only key for the recovery code.
    pub(crate) fn lead_key_by_recovery(&self, code: &RecoveryCode) -> Result<Option<LeadKey>> {
        match &self.recovery {
            Some(r) => r.open_lead(&code.secret(), RECOVERY_AAD, self.kdf),
            None => Ok(None),
        }
    }

    /// Whether `username` has a key pair but not the lead-only key.
    pub(crate) fn lacks_lead(&self, username: &str) -> bool {
        self.users
            .iter()
            .any(|u| u.username == username && u.holder.public.is_some() && u.holder.lead.is_none())
    }

    /// Whether `username`'s entry holds the lead-only key.
    pub(crate) fn holds_lead(&self, username: &str) -> bool {
        self.users
            .iter()
            .any(|u| u.username == username && u.holder.lead.is_some())
    }

    /// Whether a lead-only key exists (sealed for anyone).
    pub(crate) fn has_lead_key(&self) -> bool {
        self.users.iter().any(|u| u.holder.lead.is_some())
            || self.recovery.as_ref().is_some_and(|r| r.lead.is_some())
    }

    /// Seals the lead-only key for `username` (a lead), or for the recovery code (None).
    /// A version-1 entry has no public key to seal to; it gets the key once upgraded.
    pub(crate) fn seal_lead(&mut self, username: Option<&str>, key: &LeadKey) -> Result<()> {
        let holder = match username {
            Some(name) => self
                .users
                .iter_mut()
                .find(|u| u.username == name)
                .map(|u| &mut u.holder),
            None => self.recovery.as_mut(),
        };
        if let Some(h) = holder {
            if let Some(public) = &h.public {
                h.lead = Some(seal_bytes(&key.0, public, LEAD_AAD)?);
            }
        }
        Ok(())
    }

    /// Whether the recovery code can still open the store (see `Dropped`).
    pub fn has_recovery(&self) -> bool {
        self.recovery.is_some()
    }

    /// First step of a re-key: seals `next` for every holder beside the current key.
    pub(crate) fn seal_next(&mut self, next: &DbKey) -> Result<()> {
        let holders = self
            .users
            .iter_mut()
            .map(|u| &mut u.holder)
            .chain(self.recovery.as_mut());
        for holder in holders {
            if let Some(public) = &holder.public {
                holder.next = Some(seal(next, public)?);
            }
        }
        Ok(())
    }

    /// Last step of a re-key, once the database is under the next key: the next key becomes
    /// the only one, and the version-1 entries, which hold only the old key, are removed.
    pub(crate) fn commit_next(&mut self) -> Dropped {
        let mut dropped = Dropped::default();
        self.users.retain(|u| {
            if u.holder.is_v1() {
                dropped.accounts.push(u.username.clone());
            }
            !u.holder.is_v1()
        });
        for u in &mut self.users {
            if let Some(next) = u.holder.next.take() {
                u.holder.sealed = Some(next);
            }
        }
        match &mut self.recovery {
            Some(r) if r.is_v1() => {
                self.recovery = None;
                dropped.recovery = true;
            }
            Some(r) => {
                if let Some(next) = r.next.take() {
                    r.sealed = Some(next);
                }
            }
            None => {}
        }
        self.version = 2;
        dropped
    }

    /// The key that seals the failed-login file, which is written before anyone unlocks: derived
    /// from the random salt, nonce and sealed key of the recovery wrapping (of the first
    /// account's, when there is no recovery code). These are not secret from whoever can read
    /// the key file, so it keeps out only those who cannot. A new recovery code changes it; the
    /// failures noted before are then reported, not taken. A re-key does not change it.
    pub(crate) fn failures_key(&self) -> Zeroizing<[u8; 32]> {
        use blake2::digest::{KeyInit, Mac};
        let mut mac = <blake2::Blake2sMac256 as KeyInit>::new_from_slice(b"labordesk failures")
            .expect("a short key");
        let source = self
            .recovery
            .as_ref()
            .map(|r| &r.wrapped)
            .or_else(|| self.users.first().map(|u| &u.holder.wrapped));
        if let Some(w) = source {
            for part in [&w.salt, &w.nonce, &w.ciphertext] {
                mac.update(part.as_bytes());
                mac.update(b"\0");
            }
        }
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&mac.finalize().into_bytes());
        key
    }
}

/// A key file as version 1 wrote it, for the upgrade's tests.
#[cfg(test)]
pub(crate) fn version_1(key: &DbKey, users: &[(&str, &str)], code: &RecoveryCode) -> KeyFile {
    let holder = |secret: &[u8], aad: &[u8]| Holder {
        wrapped: wrap(&key.0, secret, aad).unwrap(),
        public: None,
        sealed: None,
        next: None,
        lead: None,
    };
    KeyFile {
        version: 1,
        kdf: KDF,
        users: users
            .iter()
            .map(|(name, password)| UserKey {
                username: name.to_string(),
                holder: holder(password.as_bytes(), name.as_bytes()),
            })
            .collect(),
        recovery: Some(holder(&code.secret(), RECOVERY_AAD)),
    }
}

#[cfg(test)]
impl KeyFile {
    pub(crate) fn is_version_1(&self, username: &str) -> bool {
        self.users
            .iter()
            .any(|u| u.username == username && u.holder.is_v1())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAD: &str = "violet lantern harbor";

    fn only(keys: Vec<DbKey>) -> [u8; 32] {
        assert_eq!(keys.len(), 1, "one key outside a re-key");
        *keys[0].0
    }

    #[test]
    fn the_key_unwraps_with_the_password_or_the_recovery_code_only() {
        let (mut file, key, code) = KeyFile::create("lead", LEAD).unwrap();
        assert_eq!(only(file.unlock("lead", LEAD).unwrap()), *key.0);
        assert!(matches!(
            file.unlock("lead", "wrong lantern harbor"),
            Err(Error::WrongPassword)
        ));
        assert!(matches!(
            file.unlock("nobody", LEAD),
            Err(Error::WrongPassword)
        ));
        let typed = RecoveryCode::parse(&code.as_str().to_lowercase().replace('-', " "));
        assert_eq!(only(file.recover(&typed).unwrap()), *key.0);
        assert!(matches!(
            file.recover(&RecoveryCode::parse("AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")),
            Err(Error::WrongRecoveryCode)
        ));
        file.set_password(&key, "lead", "copper meadow whistle")
            .unwrap();
        assert!(
            file.unlock("lead", LEAD).is_err(),
            "the old password no longer opens it"
        );
        assert_eq!(
            only(file.unlock("lead", "copper meadow whistle").unwrap()),
            *key.0
        );
    }

    #[test]
    fn a_new_key_is_sealed_for_every_holder_without_their_secrets() {
        let (mut file, key, code) = KeyFile::create("lead", LEAD).unwrap();
        file.set_password(&key, "kim", "copper meadow whistle")
            .unwrap();
        let next = DbKey::random();
        file.seal_next(&next).unwrap();
        let both = file.unlock("kim", "copper meadow whistle").unwrap();
        assert_eq!(both.len(), 2, "during a re-key both keys open");
        let dropped = file.commit_next();
        assert_eq!(dropped, Dropped::default());
        assert_eq!(
            only(file.unlock("kim", "copper meadow whistle").unwrap()),
            *next.0
        );
        assert_eq!(only(file.recover(&code).unwrap()), *next.0);
    }

    #[test]
    fn a_version_1_entry_opens_and_is_upgraded_or_dropped_at_a_re_key() {
        let key = DbKey::random();
        let code = RecoveryCode::random();
        let v1 = |name: &str, password: &str| UserKey {
            username: name.into(),
            holder: Holder {
                wrapped: wrap(&key.0, password.as_bytes(), name.as_bytes()).unwrap(),
                public: None,
                sealed: None,
                next: None,
                lead: None,
            },
        };
        let mut file = KeyFile {
            version: 1,
            kdf: KDF,
            users: vec![v1("lead", "correct horse"), v1("kim", "kim password")],
            recovery: Some(Holder {
                wrapped: wrap(&key.0, &code.secret(), RECOVERY_AAD).unwrap(),
                public: None,
                sealed: None,
                next: None,
                lead: None,
            }),
        };
        let text = serde_json::to_string(&file).unwrap();
        assert!(!text.contains("public"), "written as version 1 was");
        let failures = file.failures_key();
        assert_eq!(only(file.unlock("lead", "correct horse").unwrap()), *key.0);
        assert!(file.upgrade_user(&key, "lead", "correct horse").unwrap());
        assert!(!file.upgrade_user(&key, "lead", "correct horse").unwrap());
        assert_eq!(only(file.unlock("lead", "correct horse").unwrap()), *key.0);
        assert_eq!(
            *file.failures_key(),
            *failures,
            "the failed-login file still opens"
        );
        let next = DbKey::random();
        file.seal_next(&next).unwrap();
        let dropped = file.commit_next();
        assert_eq!(
            dropped.accounts,
            ["kim"],
            "kim never signed in since version 1"
        );
        assert!(dropped.recovery);
        assert_eq!(only(file.unlock("lead", "correct horse").unwrap()), *next.0);
        assert!(file.unlock("kim", "kim password").is_err());
        assert!(file.recover(&code).is_err());
    }

    #[test]
    fn an_unknown_user_name_costs_the_same_argon2_run_as_a_known_one() {
        let (mut file, _, _) = KeyFile::create("lead", LEAD).unwrap();
        // Parameters Argon2 refuses: only a name that runs the key derivation reaches them.
        file.kdf.memory_kib = 1;
        for name in ["lead", "nobody"] {
            let e = file.unlock(name, LEAD).err().unwrap();
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
    fn a_short_or_guessable_password_is_refused_in_korean() {
        assert_eq!(
            KeyFile::create("lead", "short").err().unwrap().code(),
            "invalid"
        );
        // The user name counts as known to the guesser.
        for weak in ["password1", "12345678", "qwertyuiop", "lead-password"] {
            let e = KeyFile::create("lead", weak).err().unwrap();
            assert_eq!(e.code(), "invalid", "{weak}");
            assert!(e.to_string().contains("추측하기 쉽습니다"), "{weak}: {e}");
        }
    }
}
