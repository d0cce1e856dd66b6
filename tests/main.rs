//! Integration tests of the core, compiled as one binary.

mod cases;
mod cli;
mod common;
mod demo;
mod drafts;
mod eligibility;
mod import;
mod report;
mod review;
mod store_open;
mod validation;
mod workbook;
