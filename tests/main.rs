//! Integration tests of the core, compiled as one binary.

mod accounts;
mod backup;
mod cases;
mod cli;
mod common;
mod demo;
mod drafts;
mod eligibility;
mod encryption;
mod import;
mod report;
mod restore;
mod retention;
mod review;
mod store_open;
mod sync;
mod tallies;
mod validation;
mod workbook;
