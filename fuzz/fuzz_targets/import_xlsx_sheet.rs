//! A worksheet and its shared strings (split at the first NUL byte), in an otherwise valid
//! XLSX package: reaches calamine's sheet reader with every input, which raw zip bytes rarely do.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (sheet, strings) = labordesk_fuzz::split_parts(data);
    let path = labordesk_fuzz::scratch_file(
        "input-sheet.xlsx",
        &labordesk_fuzz::xlsx_with(sheet, strings),
    );
    labordesk_fuzz::check_import_file(&path);
});
