//! An enrollment file opened by a new device. An input that starts with the file's magic is
//! the file itself (header and seal checks); any other input is the enrollment's content,
//! sealed under the code as the lead's device seals it. A device that enrolled must still work:
//! log a case, show its sync status, make its transfer file.
#![no_main]

use labordesk::CaseInput;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    labordesk_fuzz::enrollment_seal_matches_the_product();
    let file = if data.starts_with(b"LDENROL1") {
        data.to_vec()
    } else {
        labordesk_fuzz::seal_enrollment(data)
    };
    let mut store = labordesk_fuzz::fresh_store_without_cases();
    match store.sync_enroll(&file, labordesk_fuzz::ENROLL_CODE) {
        Ok(_) => {
            let case = store.create_case(&CaseInput {
                received_on: Some("2024-11-01".into()),
                counselor: Some("김상담".into()),
                intake_method: Some("phone".into()),
                primary_category: Some("wage_arrears".into()),
                ..CaseInput::default()
            });
            if let Err(e) = case {
                panic!("after enrolling, logging a case fails: {e}");
            }
            labordesk_fuzz::check_store_still_works(&store, "enrolling");
        }
        Err(e) => labordesk_fuzz::check_message(&e),
    }
});
