//! The report tallies of schema 6 (`src/store/schema/0006_tallies.sql`): counts per day that
//! triggers keep on every write, so a report reads a few thousand rows instead of scanning a
//! province's million cases. Each table has a view that defines it as a full scan; this module
//! compares the two and rebuilds a table from its view.

use serde::Serialize;

use crate::domain::AccessAction;
use crate::error::Result;
use crate::store::accounts::Permission;
use crate::store::Store;

/// Each tally table and the view that defines it. Rows counting zero are left by the triggers
/// when the last case of a day goes; they mean the same as no row.
const TALLIES: [(&str, &str); 5] = [
    ("case_tally", "n <> 0"),
    ("outcome_tally", "n <> 0"),
    ("session_tally", "n <> 0"),
    ("client_periods", "1"),
    // Built from the clients' first days, so it is rebuilt after `client_periods`.
    ("person_tally", "n <> 0"),
];

/// What `check_tallies` found: per table that differs, how many rows are on one side only (a
/// tally row with a wrong count is two: its own and the full count's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TallyCheck {
    pub differing: Vec<(String, u64)>,
    /// Whether the tallies were rebuilt.
    pub repaired: bool,
}

impl TallyCheck {
    pub fn agree(&self) -> bool {
        self.differing.is_empty()
    }
}

impl Store {
    /// Compares every report tally with a full count of the cases (seconds at a million
    /// cases). With `repair`, when any differs, every tally is rebuilt from the count in one
    /// transaction. The triggers keep them equal; this is the check after a doubt, such as a
    /// file edited by another program.
    pub fn check_tallies(&mut self, repair: bool) -> Result<TallyCheck> {
        let mut check = TallyCheck::default();
        for (table, live) in TALLIES {
            let differing: u64 = self.conn().query_row(
                &format!(
                    "SELECT (SELECT count(*) FROM (SELECT * FROM {table} WHERE {live}
                                                  EXCEPT SELECT * FROM {table}_expected))
                          + (SELECT count(*) FROM (SELECT * FROM {table}_expected
                                                  EXCEPT SELECT * FROM {table} WHERE {live}))"
                ),
                [],
                |r| r.get(0),
            )?;
            if differing > 0 {
                check.differing.push((table.to_string(), differing));
            }
        }
        if repair && !check.agree() {
            // The statistics every lead reports to the city: the lead rebuilds them, logged.
            self.require(Permission::ManageSettings)?;
            let detail: Vec<String> = check
                .differing
                .iter()
                .map(|(table, rows)| format!("{table} {rows}행"))
                .collect();
            self.write_logged(|conn, _clock, log| {
                for (table, _) in TALLIES {
                    conn.execute_batch(&format!(
                        "DELETE FROM {table}; INSERT INTO {table} SELECT * FROM {table}_expected;"
                    ))?;
                }
                log(
                    AccessAction::Update,
                    None,
                    Some(&format!("집계표 재작성: {}", detail.join(", "))),
                )
            })?;
            check.repaired = true;
        }
        Ok(check)
    }
}
