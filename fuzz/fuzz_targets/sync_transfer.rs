//! A transfer file merged at the center, in three shapes chosen by the input's first byte:
//! - `LDSYNC01…`: the file itself (header, size and seal checks);
//! - `{…`: a payload, sealed with the center's transfer key as anyone holding an enrolled
//!   device's key can seal it (the merge of whatever JSON that is);
//! - anything else: one edit of a real payload (a booth's case, session and proceeding), so
//!   that most inputs reach the merge: the first bytes pick a record and a field, the rest is
//!   its new value or stamp.
//!
//! A file that is merged must leave the center's store working.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let center = labordesk_fuzz::center();
    let file = match data.first() {
        _ if data.starts_with(b"LDSYNC01") => data.to_vec(),
        Some(b'{') => center.seal(data),
        _ => match labordesk_fuzz::edited_payload(&center.payload, data) {
            Some(payload) => center.seal(&payload),
            None => return,
        },
    };
    let mut store = center.fresh_copy();
    match store.sync_import_bytes(&file, "fuzz.ldsync") {
        Ok(_) => labordesk_fuzz::check_store_still_works(&store, "merging a transfer file"),
        Err(e) => labordesk_fuzz::check_message(&e),
    }
});
