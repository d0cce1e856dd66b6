//! The command line: every command, its arguments and their help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "labordesk",
    version,
    about = "LaborDesk 노동상담 사건관리 — 명령줄 도구"
)]
pub struct Cli {
    /// Database file (default: the platform data folder, or LABORDESK_DB).
    #[arg(long, global = true, env = "LABORDESK_DB")]
    pub db: Option<PathBuf>,
    /// Account to act as on an encrypted database. The password comes from LABORDESK_PASSWORD
    /// (for scripts) or is asked for on the terminal.
    #[arg(long, global = true, env = "LABORDESK_USER")]
    pub user: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Creates the encrypted database: center name, this device's letter for case numbers,
    /// and the first account (the center lead, --user); prints the recovery code once.
    Init {
        #[arg(long)]
        center: String,
        #[arg(long)]
        device: String,
        /// Display name of the first account (the center lead).
        #[arg(long)]
        name: Option<String>,
        /// An unencrypted database with no accounts, for generated benchmark data only. The
        /// app does not open it until its first-run setup has encrypted it.
        #[arg(long, conflicts_with = "name")]
        unencrypted: bool,
    },
    /// Imports a center's case log (CSV or XLSX, import format v1); all or nothing.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Case commands.
    Cases {
        #[command(subcommand)]
        what: CasesWhat,
    },
    /// Writes the demo data set into an empty database.
    Demo,
    /// The supervisor's review queue: open proceedings by nearest deadline, and data problems.
    Review {
        #[arg(long)]
        json: bool,
    },
    /// The access log (center lead): newest first, or written to a CSV file.
    Log {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// Only this account's entries.
        #[arg(long = "by")]
        by: Option<String>,
        /// Only this action (view, create, update, delete, export, login, failed_login, ...).
        #[arg(long)]
        action: Option<String>,
        /// Write the entries to this file, .xlsx or .csv (the export is itself logged).
        #[arg(long, alias = "csv")]
        out: Option<PathBuf>,
        #[command(subcommand)]
        what: Option<LogWhat>,
    },
    /// Makes a backup now, into backups/ beside the database.
    Backup,
    /// Replaces the database with a backup; the current file is moved aside, never deleted.
    Restore { backup: PathBuf },
    /// Shows the retention period, sets it (--years), or destroys expired personal data (--run).
    Retention {
        #[arg(long)]
        years: Option<u32>,
        #[arg(long)]
        run: bool,
    },
    /// Accounts of an encrypted database (center lead).
    Accounts {
        #[command(subcommand)]
        what: AccountsWhat,
    },
    /// The recovery code of an encrypted database (center lead).
    RecoveryCode {
        #[command(subcommand)]
        what: RecoveryWhat,
    },
    /// Sync with the center's other devices through transfer files or a shared folder.
    Sync {
        #[command(subcommand)]
        what: SyncWhat,
    },
    /// Checks the report tallies against a full count of the cases; --repair rebuilds them
    /// if they differ. Exits 1 when they differ and were not repaired.
    CheckTallies {
        #[arg(long)]
        repair: bool,
    },
    /// Writes N generated cases (ten years, realistic distributions) for benchmarks.
    Gen {
        #[arg(long)]
        cases: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Entitlement calculators (퇴직금, 연차, 해고예고수당, 최저임금, 지연이자) over facts given
    /// here, or everything a case's facts allow: `calc CASE_NO` (logged as a view). Dates are
    /// YYYY-MM-DD; --left is the 퇴직일, the day after the last day worked. A calculation to
    /// help the counselor, not a legal decision.
    #[command(args_conflicts_with_subcommands = true)]
    Calc {
        #[command(subcommand)]
        what: Option<CalcWhat>,
        /// A case number (e.g. 2024-A0007).
        case_no: Option<String>,
        /// Print the result as JSON.
        #[arg(long, global = true)]
        json: bool,
    },
    /// Writes a case's document as .docx: sheet (상담일지), petition (임금체불 진정서 초안) or
    /// dismissal (부당해고 구제신청서 초안). It names the client: the reason is required and
    /// the access log records it.
    Doc {
        #[arg(value_enum)]
        kind: DocKind,
        /// A case number (e.g. 2024-A0007).
        case_no: String,
        /// The .docx file to write.
        #[arg(long)]
        out: PathBuf,
        /// Why the document is made (e.g. "노동청 진정 제출"), for the access log.
        #[arg(long)]
        reason: String,
    },
    /// The city's statistics: prints T1, or all tables as JSON, or writes the Excel workbook.
    #[command(group(clap::ArgGroup::new("date").required(true).args(["as_of", "month"])))]
    Report {
        /// As-of date YYYY-MM-DD; the period runs from 1 January of its year.
        #[arg(long)]
        as_of: Option<String>,
        /// Close a month YYYY-MM: as of its last day.
        #[arg(long)]
        month: Option<String>,
        /// Write the workbook (.xlsx) here.
        #[arg(long)]
        xlsx: Option<PathBuf>,
        /// Print every table as JSON.
        #[arg(long)]
        json: bool,
        /// Add a case-list sheet (no names or phone numbers) to the workbook.
        #[arg(long, requires = "xlsx")]
        case_list: bool,
    },
}

/// The documents of `labordesk doc`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DocKind {
    Sheet,
    Petition,
    Dismissal,
}

impl From<DocKind> for labordesk::export::DocumentKind {
    fn from(kind: DocKind) -> Self {
        match kind {
            DocKind::Sheet => Self::Sheet,
            DocKind::Petition => Self::Petition,
            DocKind::Dismissal => Self::Dismissal,
        }
    }
}

#[derive(Subcommand)]
pub enum ImportWhat {
    /// Cases file: case_no,received_on,counselor,intake_method,primary_category,...
    Cases { file: PathBuf },
    /// Remedies file: case_no,channel,procedure,filed_on,concluded_on,outcome,...
    Remedies { file: PathBuf },
}

#[derive(Subcommand)]
pub enum AccountsWhat {
    /// Lists the accounts.
    List,
    /// Adds an account; its password comes from LABORDESK_NEW_PASSWORD or the terminal.
    Add {
        username: String,
        #[arg(long)]
        name: String,
        /// counselor (상담원), supervisor (검토자) or lead (센터장).
        #[arg(long)]
        role: String,
    },
    /// Sets a new password for an account (a forgotten one, or after reactivating it);
    /// from LABORDESK_NEW_PASSWORD or the terminal.
    Password { username: String },
    /// Deactivates an account (never one's own) and re-keys the database and its backups:
    /// its password and any copy of the key file it could read open nothing any more.
    Deactivate { username: String },
    /// Activates an account again; then set its password with `accounts password`.
    Activate { username: String },
}

#[derive(Subcommand)]
pub enum LogWhat {
    /// Verifies the whole access-log chain and the accounts' roles with the lead-only key;
    /// exits 1 naming the first bad entry.
    Verify,
}

#[derive(Subcommand)]
pub enum RecoveryWhat {
    /// Makes a new recovery code, shown once, and re-keys the database: the old code, and any
    /// copy of the key file, open nothing any more.
    New,
}

#[derive(Subcommand)]
pub enum SyncWhat {
    /// This device, the devices it syncs with, pending changes and open conflicts.
    Status,
    /// Writes the changes the other devices have not confirmed yet (all with --all).
    Export {
        file: PathBuf,
        #[arg(long)]
        all: bool,
    },
    /// Merges another device's transfer file; prints the sync report.
    Import { file: PathBuf },
    /// Merges every other device's outbox in a shared folder, then writes this device's.
    Folder { dir: PathBuf },
    /// Fields two devices changed without seeing each other's change (center lead).
    Conflicts,
    /// Resolves a conflict: keep the merged value, or take the other one (--other).
    Resolve {
        id: i64,
        #[arg(long)]
        other: bool,
    },
    /// Writes an enrollment file for a new device with this letter; prints its one-time code.
    Enrollment {
        #[arg(long)]
        letter: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Enrolls this device in the center of an enrollment file (code from
    /// LABORDESK_ENROLL_CODE or the terminal).
    Enroll { file: PathBuf },
    /// Revokes the enrollment files of this letter that no device has used (center lead, on
    /// the center).
    RevokeEnrollment {
        #[arg(long)]
        letter: String,
    },
}

#[derive(Subcommand)]
pub enum CasesWhat {
    /// Lists cases, oldest first, one per line.
    List {
        #[command(flatten)]
        which: CaseSelection,
    },
    /// Writes the case list (no names or phone numbers) to .xlsx (constant memory) or .csv
    /// (codes; every statistics column). The export is logged.
    Export {
        file: PathBuf,
        #[command(flatten)]
        which: CaseSelection,
        /// At most this many cases, oldest first.
        #[arg(long)]
        limit: Option<u64>,
    },
    /// Shows one case with its sessions and proceedings (logged as a view).
    Show {
        case_no: String,
        /// As JSON, by the field names of import format v1.
        #[arg(long)]
        json: bool,
    },
    /// Changes fields of a case, FIELD=VALUE by the names of import format v1 (an empty value
    /// clears one), validated as in the app, in one logged edit.
    Set {
        case_no: String,
        #[arg(required = true, value_name = "FIELD=VALUE")]
        changes: Vec<String>,
    },
    /// Closes a case (종결) on a day with its outcome.
    Close {
        case_no: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
        /// 처리결과, as a code (info) or label (정보제공).
        #[arg(long)]
        outcome: String,
    },
    /// Reopens a closed case on a day (default today).
    Reopen {
        case_no: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
    },
    /// Deletes a case with its sessions and proceedings (they leave every list and report).
    Delete { case_no: String },
}

/// Which cases a listing or an export takes: shared by `cases list` and `cases export`.
#[derive(Args)]
pub struct CaseSelection {
    /// Received in this year.
    #[arg(long)]
    pub year: Option<i32>,
    /// Primary category, as a code (wage_arrears) or label (임금체불).
    #[arg(long)]
    pub category: Option<String>,
    /// Only cases not yet closed.
    #[arg(long)]
    pub open: bool,
}

#[derive(Subcommand)]
pub enum CalcWhat {
    /// 퇴직금: 1일 평균임금 × 30 × 재직일수 ÷ 365 (1년 이상, 주 15시간 이상).
    Severance {
        /// 입사일.
        #[arg(long)]
        hired: String,
        /// 퇴직일: the day after the last day worked.
        #[arg(long)]
        left: String,
        /// Wages of the three calendar months before the 퇴직일, in won.
        #[arg(long)]
        wages: i64,
        /// 상여금 of the twelve months before, in won (3/12 counts).
        #[arg(long, default_value_t = 0)]
        bonus: i64,
        /// 연차수당 of the year before, in won (3/12 counts).
        #[arg(long, default_value_t = 0)]
        leave_pay: i64,
        /// 1일 통상임금, in won: the floor of 평균임금.
        #[arg(long)]
        ordinary_daily: Option<i64>,
        /// 1주 소정근로시간 (4주 평균).
        #[arg(long)]
        weekly_hours: Option<f64>,
    },
    /// 연차휴가: the days held on a day of employment, and their worth if unused.
    Leave {
        #[arg(long)]
        hired: String,
        /// A day the worker is employed (for one who left, the last day worked).
        #[arg(long)]
        on: String,
        /// 상시 근로자 수.
        #[arg(long)]
        workers: Option<u32>,
        #[arg(long)]
        weekly_hours: Option<f64>,
        #[arg(long)]
        ordinary_daily: Option<i64>,
    },
    /// 해고예고수당: 30 days of 통상임금 for a dismissal without 30 days' notice.
    Notice {
        #[arg(long)]
        hired: String,
        #[arg(long)]
        dismissed: String,
        #[arg(long)]
        ordinary_daily: i64,
    },
    /// 최저임금: a monthly wage as an hourly one against the year's minimum wage.
    MinimumWage {
        #[arg(long)]
        monthly: i64,
        #[arg(long)]
        weekly_hours: f64,
        #[arg(long)]
        year: i32,
    },
    /// 지연이자: 20% a year from the 15th day after the 퇴직일 to the day paid.
    Interest {
        #[arg(long)]
        amount: i64,
        /// 퇴직일.
        #[arg(long)]
        left: String,
        #[arg(long)]
        paid: String,
    },
}
