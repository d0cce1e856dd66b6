//! Change tracking: what the stamping triggers of schema 4 need to record every change, and
//! what a restore does to it. The transfer files of the `sync` module read what this keeps.
//!
//! The hybrid logical clock behind every field stamp:
//! A stamp is `MMMMMMMMMMMM` (milliseconds since 1970, hex) `CCCC` (counter, hex) `-` device id:
//! stamps sort as text in the order they were made, on every device, and never tie between two
//! devices. The clock never goes back: a stamp is later than every stamp this device has made or
//! merged, even when the computer's clock is behind.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::Datelike;
use rand::RngCore;
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use super::settings::{get, put};
use super::Clock;
use crate::error::Result;

/// The device id a stamp was made on. A stamp the merge derived (a case's deletion reaching
/// its sessions) ends in "~".
pub fn device_of(stamp: &str) -> &str {
    stamp
        .split_once('-')
        .map_or("", |(_, d)| d.trim_end_matches('~'))
}

#[derive(Debug, Default)]
struct Last {
    millis: u64,
    counter: u32,
}

/// The clock of one store connection, shared with the SQL functions `ld_stamp()` and
/// `ld_applying()` that the stamping triggers call.
#[derive(Debug, Default)]
pub struct SyncClock {
    device: OnceLock<String>,
    last: Mutex<Last>,
    applying: AtomicBool,
}

/// A stamp taken apart: `Stamp::parse` accepts exactly the shape `SyncClock::next` writes (and
/// the merge's "~"), so text from a transfer file is checked before any of it is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp<'a> {
    pub millis: u64,
    pub counter: u32,
    pub device: &'a str,
    /// Derived by the merge (a case's deletion reaching its sessions), marked "~".
    pub derived: bool,
}

impl<'a> Stamp<'a> {
    /// Twelve hex digits of milliseconds, four of counter, `-`, a device id (1 to 32 hex
    /// digits), and at most one "~". Anything else is `None`: never a slice of a character.
    pub fn parse(text: &'a str) -> Option<Stamp<'a>> {
        let (rest, derived) = match text.strip_suffix('~') {
            Some(rest) => (rest, true),
            None => (text, false),
        };
        let (head, device) = rest.split_once('-')?;
        let hex = |s: &str| s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if head.len() != 16 || !hex(head) || device.is_empty() || device.len() > 32 || !hex(device)
        {
            return None;
        }
        Some(Stamp {
            millis: u64::from_str_radix(&head[..12], 16).ok()?,
            counter: u32::from_str_radix(&head[12..], 16).ok()?,
            device,
            derived,
        })
    }
}

fn parse(stamp: &str) -> Option<Last> {
    Stamp::parse(stamp).map(|s| Last {
        millis: s.millis,
        counter: s.counter,
    })
}

impl SyncClock {
    /// Registers `ld_stamp()` and `ld_applying()` on `conn`.
    pub fn register(self: &Arc<Self>, conn: &Connection) -> rusqlite::Result<()> {
        let clock = Arc::clone(self);
        conn.create_scalar_function("ld_stamp", 0, FunctionFlags::SQLITE_UTF8, move |_| {
            clock.next().ok_or_else(|| {
                rusqlite::Error::UserFunctionError("this store has no device id yet".into())
            })
        })?;
        let clock = Arc::clone(self);
        conn.create_scalar_function("ld_applying", 0, FunctionFlags::SQLITE_UTF8, move |_| {
            Ok(clock.applying.load(Ordering::SeqCst))
        })
    }

    /// Sets the device id (once, when the store opens) and the newest stamp made or merged.
    pub fn start(&self, device: &str, newest: &str) {
        let _ = self.device.set(device.to_string());
        self.observe(newest);
    }

    /// A new stamp, later than any before it.
    pub fn next(&self) -> Option<String> {
        let device = self.device.get()?;
        let now = chrono::Utc::now().timestamp_millis().max(0) as u64;
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if now > last.millis {
            *last = Last {
                millis: now,
                counter: 0,
            };
        } else if last.counter < 0xffff {
            last.counter += 1;
        } else {
            *last = Last {
                millis: last.millis + 1,
                counter: 0,
            };
        }
        Some(format!("{:012x}{:04x}-{device}", last.millis, last.counter))
    }

    /// This device's time in milliseconds as stamps count it: the computer's clock, or the
    /// newest stamp made or merged when that is later.
    pub fn now_millis(&self) -> u64 {
        let now = chrono::Utc::now().timestamp_millis().max(0) as u64;
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        now.max(last.millis)
    }

    /// Moves the clock past a stamp merged from another device.
    pub fn observe(&self, stamp: &str) {
        if let Some(seen) = parse(stamp) {
            let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
            if (seen.millis, seen.counter) > (last.millis, last.counter) {
                *last = seen;
            }
        }
    }

    /// While the returned guard lives, the triggers leave stamps to the merge.
    pub fn applying(&self) -> ApplyingGuard<'_> {
        self.applying.store(true, Ordering::SeqCst);
        ApplyingGuard(self)
    }
}

pub struct ApplyingGuard<'a>(&'a SyncClock);

impl Drop for ApplyingGuard<'_> {
    fn drop(&mut self) {
        self.0.applying.store(false, Ordering::SeqCst);
    }
}

/// The public key (hex) of a signing key kept as the hex of its 32-byte seed.
pub(crate) fn public_key_of(seed_hex: &str) -> String {
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    // A seed this module wrote is always 64 hex digits; anything else has no public key.
    if hex::decode_to_slice(seed_hex, seed.as_mut()).is_err() {
        return String::new();
    }
    hex::encode(
        ed25519_dalek::SigningKey::from_bytes(&seed)
            .verifying_key()
            .as_bytes(),
    )
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// Gives a store its device id, and its own center id and transfer key until it is enrolled in
/// another center; its signing key (schema 9), made here for a new store and at the first open
/// of a store from before; starts the clock. Runs on every open, after the schema is current.
///
/// A new store is its own center (its signing key is the center's key) until it enrolls in
/// another. A store from before schema 9 does not know which device is its center: that is
/// learned from the center's first signed file, or set when its lead writes an enrollment file
/// (`sync::devices`).
pub(crate) fn start(conn: &Connection, clock: &SyncClock) -> Result<()> {
    let device = match get(conn, "sync_device_id")? {
        Some(d) => d,
        None => {
            let tx = conn.unchecked_transaction()?;
            let d = random_hex(8);
            put(&tx, "sync_device_id", &d)?;
            put(&tx, "sync_center_id", &random_hex(16))?;
            put(&tx, "sync_key", &random_hex(32))?;
            let signing = random_hex(32);
            put(&tx, "sync_signing_key", &signing)?;
            put(&tx, "sync_center_key", &public_key_of(&signing))?;
            tx.commit()?;
            d
        }
    };
    if get(conn, "sync_signing_key")?.is_none() {
        // Another process opening the same store at once may have made one first: keep it.
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('sync_signing_key', ?1)
             ON CONFLICT (key) DO NOTHING",
            [random_hex(32)],
        )?;
    }
    let newest: String = conn.query_row("SELECT hlc FROM sync_clock", [], |r| r.get("hlc"))?;
    clock.start(&device, &newest);
    Ok(())
}

/// After a restore this device's change counter is back where the backup left it, while the
/// other devices may have confirmed higher numbers from before: new changes would look already
/// sent. The counter jumps past anything they can have confirmed, and the next file carries
/// everything once (merging it again changes nothing).
///
/// Case numbers handed out after the backup was made are unknown too: numbering skips ahead
/// by `RESTORE_NUMBER_GAP` (`super::numbers`) in the current year and every year it has numbers for, so a new
/// case does not take the number of a lost one that another device already holds (the merge
/// then moves numbering past every number of this device's letter it receives).
pub(crate) fn after_restore(conn: &Connection, clock: Clock) -> Result<()> {
    conn.execute_batch(
        "UPDATE sync_clock SET seq = seq + 1000000000000;
         UPDATE sync_devices SET acked_seq = -1;",
    )?;
    super::numbers::skip_after_restore(conn, clock.today().year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_sort_in_the_order_made_and_never_go_back() {
        let clock = SyncClock::default();
        clock.start("aaaa", "");
        let a = clock.next().unwrap();
        let b = clock.next().unwrap();
        assert!(b > a, "{a} {b}");
        // A stamp from a device whose clock runs far ahead pulls this one along.
        let ahead = format!("{:012x}{:04x}-bbbb", 0xfff_ffff_ffffu64, 7);
        clock.observe(&ahead);
        let c = clock.next().unwrap();
        assert!(c > ahead, "{c} {ahead}");
        assert_eq!(device_of(&c), "aaaa");
    }

    #[test]
    fn a_stamp_parses_only_in_the_shape_the_clock_writes() {
        let s = Stamp::parse("0193a0b0c0d00007-0123456789abcdef").unwrap();
        assert_eq!((s.millis, s.counter), (0x0193a0b0c0d0, 7));
        assert_eq!((s.device, s.derived), ("0123456789abcdef", false));
        assert!(
            Stamp::parse("0193a0b0c0d00007-0123456789abcdef~")
                .unwrap()
                .derived
        );
        for bad in [
            "",
            "~",
            "0193a0b0c0d00007",
            "0193a0b0c0d00007-",
            "0193a0b0c0d0007-abcd",
            "0193A0B0C0D00007-abcd",
            "0193a0b0c0d00007-abcd~~",
            "+193a0b0c0d00007-abcd",
            "0193a0b0c0d0000가-abcd",
            "가나다라마바사아자차카타파하-abcd",
            "0193a0b0c0d00007-ab-cd",
        ] {
            assert_eq!(Stamp::parse(bad), None, "{bad:?}");
        }
        // A multi-byte character where the clock's digits end must not panic the clock.
        let clock = SyncClock::default();
        clock.start("aaaa", "0193a0b0c0d가-aaaa");
        clock.observe("0193a0b0c0d0000가-aaaa");
        assert!(clock.next().is_some());
    }
}
