//! Any bytes as an XLSX import file: the zip directory, the package and the sheet as they come.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = labordesk_fuzz::scratch_file("input.xlsx", data);
    labordesk_fuzz::check_import_file(&path);
});
