//! LaborDesk core: the records, rules, store, reports and files of a labor-rights counseling
//! center. The CLI and the desktop app are thin shells over this crate; it never imports Tauri.

pub mod demo;
pub mod domain;
pub mod error;
pub mod export;
pub mod fs;
pub mod gen;
pub mod import;
pub mod report;
pub mod review;
pub mod store;
pub mod sync;

pub use domain::{CaseInput, Settings};
pub use error::{Error, FieldError, Result, RowError};
pub use store::{default_db_path, Clock, Store};
