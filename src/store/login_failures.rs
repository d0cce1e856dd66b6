//! Failed logins (로그인 실패) before the store opens. They cannot be written into an
//! encrypted store that did not open, so they wait in `<db>.login-failures` until the next
//! successful sign-in carries them into the access log.
//!
//! The file is written before anyone has unlocked the key, so it is protected only with what
//! the key file holds in the open: each line is sealed (ChaCha20-Poly1305) with a key derived
//! from the key file's random bytes (`KeyFile::failures_key`). Someone who can write the
//! failures file but not read the key file cannot forge or alter a line; someone who can read
//! the key file can. A line that does not open is never trusted: it is counted and reported in
//! the log, never turned into an entry. The file never holds what was typed as a user name
//! unless it is the name of an account; it must never hold a password.

use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::keys::KeyFile;
use super::Clock;

/// Recorded instead of a name that is no account, well formed or not: what was typed there may
/// be a password typed in the wrong field, a formula or a terminal escape, and stays out.
pub(crate) const UNKNOWN_NAME: &str = "(등록되지 않은 사용자 이름)";
pub(crate) const MALFORMED_NAME: &str = "(형식에 맞지 않는 사용자 이름)";
/// Who a line of the file that did not open names: nobody can tell.
pub(crate) const UNVERIFIED: &str = "(확인할 수 없음)";

/// Bound into every sealed line, so that no other sealed text of the key file's key opens as one.
const AAD: &[u8] = b"labordesk login failure v1";

/// One line's content once opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Failure {
    /// An account's user name, or one of the markers above.
    pub who: String,
    /// When it failed (UTC, RFC 3339), by this computer's clock.
    pub at: String,
}

/// What the failures file held: the failures whose lines opened, and how many did not.
#[derive(Debug, Default)]
pub(crate) struct Taken {
    pub failures: Vec<Failure>,
    pub rejected: usize,
}

fn path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".login-failures");
    PathBuf::from(name)
}

/// What the log may say about a typed user name: the name of an account in `keys`, else a
/// marker that tells a malformed name from an unknown one.
pub(crate) fn recorded_name(typed: &str, keys: &KeyFile) -> String {
    if !crate::domain::validate::is_username(typed) {
        MALFORMED_NAME.into()
    } else if keys.usernames().any(|u| u == typed) {
        typed.into()
    } else {
        UNKNOWN_NAME.into()
    }
}

fn cipher(keys: &KeyFile) -> ChaCha20Poly1305 {
    ChaCha20Poly1305::new_from_slice(keys.failures_key().as_ref()).expect("a 32-byte key")
}

fn seal(keys: &KeyFile, failure: &Failure) -> Option<String> {
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let msg = serde_json::to_vec(failure).ok()?;
    let sealed = cipher(keys)
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &msg,
                aad: AAD,
            },
        )
        .ok()?;
    Some(format!("{} {}", hex::encode(nonce), hex::encode(sealed)))
}

fn open(keys: &KeyFile, line: &str) -> Option<Failure> {
    let (nonce, sealed) = line.split_once(' ')?;
    let nonce = hex::decode(nonce).ok().filter(|n| n.len() == 12)?;
    let sealed = hex::decode(sealed).ok()?;
    let plain = cipher(keys)
        .decrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &sealed,
                aad: AAD,
            },
        )
        .ok()?;
    serde_json::from_slice(&plain).ok()
}

/// Notes a failed login at `db` for the name typed. Best effort: failing to note a failure must
/// not hide the wrong-password message.
pub(crate) fn note(db: &Path, keys: &KeyFile, typed: &str) {
    let failure = Failure {
        who: recorded_name(typed, keys),
        at: Clock::System.stamp(),
    };
    let Some(line) = seal(keys, &failure) else {
        return;
    };
    if let Ok(mut f) = crate::fs::private_options()
        .create(true)
        .append(true)
        .open(path(db))
    {
        let _ = writeln!(f, "{line}");
    }
}

/// The failures noted at `db`, checked with `keys`. A line seen twice counts once: copying a
/// true line does not make a second failure. A file too large to be ours is rejected whole.
pub(crate) fn take(db: Option<&Path>, keys: Option<&KeyFile>) -> Taken {
    /// Ten thousand lines of about 200 bytes; a real file holds a handful.
    const MAX_BYTES: u64 = 2 << 20;
    let Some(db) = db else {
        return Taken::default();
    };
    let file = path(db);
    let Ok(meta) = std::fs::metadata(&file) else {
        return Taken::default();
    };
    if meta.len() > MAX_BYTES {
        return Taken {
            failures: Vec::new(),
            rejected: 1,
        };
    }
    let text = std::fs::read(&file).unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let mut seen = std::collections::HashSet::new();
    let mut taken = Taken::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if !seen.insert(line) {
            continue;
        }
        match keys.and_then(|k| open(k, line)) {
            Some(f) => taken.failures.push(f),
            None => taken.rejected += 1,
        }
    }
    taken
}

pub(crate) fn clear(db: Option<&Path>) {
    if let Some(db) = db {
        let _ = std::fs::remove_file(path(db));
    }
}
