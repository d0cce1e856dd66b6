//! Where "now" comes from: the system clock, or a fixed instant in tests and reproducible runs;
//! and `ld_now()`, the same clock in SQL.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat, Utc};
use rusqlite::Connection;

/// Where "now" comes from: the system clock, or a fixed instant in tests and reproducible runs.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(DateTime<FixedOffset>),
}

impl Clock {
    pub fn now(&self) -> DateTime<FixedOffset> {
        match self {
            Clock::System => Local::now().fixed_offset(),
            Clock::Fixed(t) => *t,
        }
    }

    /// Today's date where the counselor is.
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// The timestamp written into `created_at` / `updated_at` (UTC, RFC 3339).
    pub(crate) fn stamp(&self) -> String {
        self.now()
            .with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

/// Registers `ld_now()`: the store's clock in SQL, as `Clock::stamp` writes it (UTC, RFC 3339),
/// so that a rule in a trigger reads the same "now" as the Rust code and never SQLite's `'now'`.
pub(super) fn register_now(
    conn: &Connection,
    clock: &std::sync::Arc<std::sync::Mutex<Clock>>,
) -> rusqlite::Result<()> {
    let clock = std::sync::Arc::clone(clock);
    conn.create_scalar_function(
        "ld_now",
        0,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8,
        move |_| {
            let clock = *clock
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Ok(clock.stamp())
        },
    )
}
