//! Substring search over case number, client name, workplace name and summary, at a million
//! cases (`case_search`, an FTS5 index kept by triggers; see `schema/0005_search.sql`).
//!
//! Korean needs substring search ("민수" must find 김민수), and Korean words are often two
//! syllables, shorter than a trigram. So the index holds every two-character window of each
//! field (`ld_bigrams`), and a query becomes the phrase of its own windows: consecutive windows
//! in one field are exactly a substring of it. Letters are folded to lower case and every run of
//! other characters to one `_`, in the text and in the query alike.

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

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

/// Registers `ld_bigrams(text)` for the index triggers.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
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
