//! Sync (동기화) between a center's devices, over files: no server of our own.
//!
//! Each device keeps, per field of every synced record, the stamp of its last change (see
//! `store::changes`), kept by triggers in the schema. A transfer file carries the records changed since
//! the receiving side last confirmed, sealed with the center's transfer key (see `transfer`);
//! merging keeps the later stamp per field (see `merge`). Each file is signed by the device
//! that wrote it and accepted only from a device of the center (see `devices`), and checked
//! record by record before anything is merged (see `checks`). Files may be imported twice or in any
//! order: every device ends with the same records. A field changed on two devices without one
//! seeing the other's change is also kept as a conflict for the lead, who keeps the merged value
//! or chooses the other one.

mod checks;
mod conflicts;
mod devices;
mod enrollment;
mod export;
mod folder;
mod import;
mod merge;
mod rows;
mod status;
pub mod transfer;

pub use conflicts::Conflict;
pub use export::ExportSummary;
pub use folder::{FolderFile, FolderReport};
pub use import::SyncReport;
pub use status::{Peer, SyncStatus};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use merge::Row;

/// The version of the transfer file's payload this program writes and reads. Version 2 added
/// `stamped_at`, which the stamps of a file are checked against.
const FORMAT: u32 = 2;
/// Transfer files end in this; a sync folder holds one per device.
pub const EXTENSION: &str = "ldsync";

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    format: u32,
    center_name: String,
    device_id: String,
    letter: String,
    made_at: String,
    /// The sender's clock when it wrote the file, as a stamp: no stamp in the file may be more
    /// than a day later (`checks`).
    stamped_at: String,
    /// The sender's signing key (hex); the file is signed with it (`devices`).
    public_key: String,
    /// The sender's enrollment, for a device that has not seen it before.
    #[serde(default)]
    enrollment: Option<devices::Credential>,
    /// From the center only: which device used each enrollment, which were revoked.
    #[serde(default)]
    center_word: Option<devices::CenterWord>,
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
