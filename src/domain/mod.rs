//! The domain: code lists, records and the validation rules every entry path shares
//! (the app's forms, the CLI and file import). No I/O here.

pub mod codes;
pub mod dates;
pub mod deadlines;
pub mod eligibility;
pub mod entitlements;
pub mod fields;
pub mod records;
pub mod validate;

pub use codes::*;
pub use records::*;
