//! Integration tests of the core, compiled as one binary.

mod accounts;
mod backup;
mod cases;
mod cli;
mod common;
mod csv_out;
mod damaged;
mod demo;
mod drafts;
mod eligibility;
mod encryption;
mod fuzz_findings;
mod import;
mod log_chain;
mod login_failures;
mod rekey;
mod report;
mod restore;
mod retention;
mod review;
mod side_files;
mod store_open;
mod sync;
mod tallies;
mod validation;
mod workbook;
