//! Substring search over case number, client name, workplace name and summary, at a million
//! cases (`case_search`, an FTS5 index kept by triggers; see `schema/0005_search.sql`).
//!
//! Korean needs substring search ("민수" must find 김민수), and Korean words are often two
//! syllables, shorter than a trigram. So the index holds every two-character window of each
//! field (`ld_bigrams`), and a query becomes the phrase of its own windows: consecutive windows
//! in one field are exactly a substring of it. Letters are folded to lower case and every run of
//! other characters to one `_`, in the text and in the query alike.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::error::Result;

fn normalized(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if out.last() != Some(&'_') {
            out.push('_');
        }
    }
    out
}

/// The two-character windows of `text`, separated by spaces: what the index holds.
pub(crate) fn bigrams(text: &str) -> String {
    let chars = normalized(text);
    let mut out = String::with_capacity(chars.len() * 7);
    for w in chars.windows(2) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w);
    }
    out
}

/// The FTS5 query for a substring, or `None` when it is shorter than two characters (then
/// the list falls back to a scan).
pub(crate) fn match_query(text: &str) -> Option<String> {
    let chars = normalized(text.trim());
    // An edge `_` stands for the spaces or punctuation around the words: not required.
    let start = usize::from(chars.first() == Some(&'_'));
    let end = chars.len() - usize::from(chars.len() > start && chars.last() == Some(&'_'));
    let chars = &chars[start..end.max(start)];
    if chars.len() < 2 {
        return None;
    }
    let windows: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    Some(format!("\"{}\"", windows.join(" ")))
}

/// A bulk write (an import, generated data): while it runs, `ld_bulk()` is true and the insert
/// triggers leave its new cases, sessions and secondary categories out of the search index and
/// the report tallies; at its end they are indexed and counted together, one statement each
/// (schema 6). FTS5 writes its pending entries at every statement savepoint, so indexing case
/// by case costs a segment and its merges per case; counting case by case, a statement journal
/// per case.
#[derive(Debug, Clone, Default)]
pub(crate) struct Bulk(Arc<AtomicBool>);

impl Bulk {
    /// Runs `f`, which may insert cases with their sessions and secondary categories but must
    /// not edit or delete records, nor add to cases it did not insert; then indexes and counts
    /// what it inserted. On an error nothing is counted: the caller's transaction is dropped
    /// with it.
    pub(crate) fn run<T>(&self, conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
        struct Reset<'a>(&'a AtomicBool);
        impl Drop for Reset<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::SeqCst);
            }
        }
        let last = |table: &str| -> Result<i64> {
            Ok(conn.query_row(
                &format!("SELECT coalesce(max(rowid), 0) AS last FROM {table}"),
                [],
                |r| r.get("last"),
            )?)
        };
        let (indexed, cases, sessions) =
            (last("case_search_ids")?, last("cases")?, last("sessions")?);
        let value = {
            // Not nested: an inner run would count the outer one's cases at its own end.
            let nested = self.0.swap(true, Ordering::SeqCst);
            assert!(!nested, "a bulk write inside a bulk write");
            let _reset = Reset(&self.0);
            f()?
        };
        conn.execute(
            "INSERT INTO case_search (rowid, case_no, client_name, workplace_name, summary)
             SELECT s.rowid, ld_bigrams(c.case_no), ld_bigrams(cl.name), ld_bigrams(c.workplace_name),
                    ld_bigrams(c.summary)
             FROM case_search_ids s JOIN cases c ON c.id = s.case_id LEFT JOIN clients cl ON cl.id = c.client_id
             WHERE s.rowid > ?1 AND c.deleted_at IS NULL",
            [indexed],
        )?;
        conn.execute(
            "INSERT INTO case_tally_change
             SELECT 1, id, received_on, primary_category, intake_method, client_id, outcome, closed_on,
                    gender, age_band, nationality, employment_type, workplace_size, industry, region,
                    union_presence, client_role
             FROM cases WHERE rowid > ?1 AND deleted_at IS NULL",
            [cases],
        )?;
        conn.execute(
            "INSERT INTO session_tally (day, n)
             SELECT held_on, count(*) FROM sessions WHERE rowid > ?1 AND deleted_at IS NULL GROUP BY 1
             ON CONFLICT DO UPDATE SET n = n + excluded.n",
            [sessions],
        )?;
        Ok(value)
    }
}

/// Registers `ld_bigrams(text)` and `ld_bulk()` for the index triggers.
pub(crate) fn register(conn: &Connection, bulk: &Bulk) -> rusqlite::Result<()> {
    let flag = bulk.0.clone();
    conn.create_scalar_function("ld_bulk", 0, FunctionFlags::SQLITE_UTF8, move |_| {
        Ok(flag.load(Ordering::SeqCst))
    })?;
    conn.create_scalar_function(
        "ld_bigrams",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(ctx
                .get::<Option<String>>(0)?
                .map(|t| bigrams(&t))
                .unwrap_or_default())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_query_become_the_same_windows() {
        assert_eq!(bigrams("김민수"), "김민 민수");
        assert_eq!(bigrams("해고, 통보"), "해고 고_ _통 통보");
        assert_eq!(bigrams("ABC"), "ab bc");
        assert_eq!(bigrams("가"), "");
        assert_eq!(match_query("민수").as_deref(), Some("\"민수\""));
        assert_eq!(
            match_query(" 해고 통보 ").as_deref(),
            Some("\"해고 고_ _통 통보\"")
        );
        assert_eq!(match_query("2024-A0"), Some("\"20 02 24 4_ _a a0\"".into()));
        assert_eq!(match_query("민"), None);
        assert_eq!(match_query("\"\"*"), None, "no FTS syntax gets through");
        assert_eq!(match_query(""), None);
    }
}
