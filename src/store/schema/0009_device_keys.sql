-- Schema version 9: signed transfer files and one-time enrollment (issue 15).
--
-- Each device signs its transfer files with its own Ed25519 key (kept in `settings`, inside the
-- encrypted database, like the transfer key). A device accepts a file only from a device whose
-- public key it knows: the center's, from the enrollment file; another device's, from the
-- enrollment ticket it sends with its files, the first time (src/sync/devices.rs).
ALTER TABLE sync_devices ADD COLUMN public_key TEXT;
-- The enrollment that device was accepted under (NULL: the center, or a device known before
-- schema 9, whose key was pinned at its first signed file).
ALTER TABLE sync_devices ADD COLUMN enrollment_id TEXT;

-- Enrollments: on the center, every enrollment file it wrote; on every device, each one it
-- has seen used. One enrollment enrolls one device: the first device seen using it (on the
-- center's word, once a file of the center says so), never another.
CREATE TABLE sync_enrollments (
    id         TEXT PRIMARY KEY,
    letter     TEXT NOT NULL,
    -- Set on the center that wrote the enrollment file.
    made_at    TEXT,
    device_id  TEXT,
    used_at    TEXT,
    revoked_at TEXT
) STRICT;
