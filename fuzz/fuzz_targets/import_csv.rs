//! Any bytes as a CSV import file, checked as a cases and as a remedies file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = labordesk_fuzz::scratch_file("input.csv", data);
    labordesk_fuzz::check_import_file(&path);
});
