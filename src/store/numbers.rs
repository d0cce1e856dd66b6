//! Case numbers: `YYYY-<device letter><4 digits>` (2024-A0007), counted per device and year in
//! `case_numbers`, and the device letter rule that keeps two devices' numbers apart. Every
//! path that hands out, takes or skips numbers (intake, import, merge, restore, the generator)
//! comes here.

use rusqlite::{named_params, Connection};

use super::settings::{get, put};
use crate::error::{Error, Result};

/// How far case numbering skips ahead after a restore: more cases than a booth logs between
/// two daily backups.
pub const RESTORE_NUMBER_GAP: i64 = 1000;

pub fn format_case_no(year: i32, letter: char, seq: u32) -> String {
    format!("{year}-{letter}{seq:04}")
}

/// Splits a case number `YYYY-<letter><digits>` into its parts.
pub fn parse_case_no(case_no: &str) -> Option<(i32, char, u32)> {
    let (year, rest) = case_no.split_once('-')?;
    let mut chars = rest.chars();
    let letter = chars.next().filter(char::is_ascii_uppercase)?;
    let digits = chars.as_str();
    if year.len() != 4 || digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((year.parse().ok()?, letter, digits.parse().ok()?))
}

/// A device letter is one capital letter A–Z.
pub(crate) fn check_letter(letter: &str) -> Result<()> {
    if letter.len() == 1 && letter.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(Error::invalid(
            "device_letter",
            format!("기기 문자 — '{letter}': 영문 대문자 한 글자(A–Z)여야 합니다"),
        ))
    }
}

/// This device's letter, if set.
pub(crate) fn letter(conn: &Connection) -> Result<Option<String>> {
    get(conn, "device_letter")
}

/// Sets this device's letter (checked by the caller: `check_letter`, and not yet used for
/// numbers or used by no other device).
pub(crate) fn set_letter(conn: &Connection, letter: &str) -> Result<()> {
    put(conn, "device_letter", letter)
}

/// This device's letter, required before a case number can be handed out.
pub(crate) fn device_letter(conn: &Connection) -> Result<String> {
    letter(conn)?.ok_or(Error::NotInitialized)
}

/// The letters of the center's other devices (enrolled, or enrollments not revoked): case
/// numbers under them are that device's to hand out, so an import must not bring in its own.
pub(crate) fn other_device_letters(conn: &Connection) -> Result<Vec<char>> {
    let own = letter(conn)?;
    let mut stmt = conn.prepare(
        "SELECT letter FROM sync_devices
         UNION SELECT letter FROM sync_enrollments WHERE revoked_at IS NULL",
    )?;
    let letters = stmt
        .query_map([], |r| r.get::<_, String>("letter"))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(letters
        .into_iter()
        .filter(|l| Some(l) != own.as_ref())
        .filter_map(|l| l.chars().next())
        .collect())
}

/// Whether numbers were handed out under `letter`: then it can no longer change.
pub(crate) fn issued_under(conn: &Connection, letter: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM case_numbers WHERE device = ?1) AS issued",
        [letter],
        |r| r.get("issued"),
    )?)
}

/// Hands out the next number of this device for the year.
pub(crate) fn next_case_no(conn: &Connection, year: i32) -> Result<String> {
    let letter = device_letter(conn)?;
    let seq: u32 = conn.query_row(
        "INSERT INTO case_numbers (year, device, last) VALUES (:year, :device, 1)
         ON CONFLICT (year, device) DO UPDATE SET last = last + 1
         RETURNING last",
        named_params! {":year": year, ":device": letter},
        |r| r.get("last"),
    )?;
    let letter = letter
        .chars()
        .next()
        .expect("a device letter is one letter");
    Ok(format_case_no(year, letter, seq))
}

/// Records that a case number is taken (imported, generated), so this device never hands it
/// out again.
pub(crate) fn note_case_no(conn: &Connection, case_no: &str) -> Result<()> {
    if let Some((year, letter, seq)) = parse_case_no(case_no) {
        conn.prepare_cached(
            "INSERT INTO case_numbers (year, device, last) VALUES (:year, :device, :seq)
             ON CONFLICT (year, device) DO UPDATE SET last = max(last, excluded.last)",
        )?
        .execute(named_params! {":year": year, ":device": letter.to_string(), ":seq": seq})?;
    }
    Ok(())
}

/// Cases numbered under this device's letter that a merge brought back (lost in a restore,
/// held by another device): numbering continues after them. `seq` marks the merged records.
pub(crate) fn note_returned(conn: &Connection, seq: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO case_numbers (year, device, last)
         SELECT CAST(substr(case_no, 1, 4) AS INTEGER), :letter, max(CAST(substr(case_no, 7) AS INTEGER))
         FROM cases WHERE _seq = :seq AND substr(case_no, 6, 1) = :letter GROUP BY 1
         ON CONFLICT (year, device) DO UPDATE SET last = max(last, excluded.last)",
        named_params! {":letter": letter(conn)?.unwrap_or_default(), ":seq": seq},
    )?;
    Ok(())
}

/// After a restore the numbers handed out since the backup are unknown: numbering skips
/// `RESTORE_NUMBER_GAP` ahead in `year` and in every year it has numbers for, so a new case
/// does not take the number of a lost one that another device already holds.
pub(crate) fn skip_after_restore(conn: &Connection, year: i32) -> Result<()> {
    conn.execute_batch(&format!(
        "INSERT OR IGNORE INTO case_numbers (year, device, last)
             SELECT {year}, value, 0 FROM settings WHERE key = 'device_letter';
         UPDATE case_numbers SET last = last + {RESTORE_NUMBER_GAP}
             WHERE device = (SELECT value FROM settings WHERE key = 'device_letter');"
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_parse_into_year_letter_and_sequence() {
        assert_eq!(parse_case_no("2024-A0007"), Some((2024, 'A', 7)));
        assert_eq!(
            parse_case_no("2024-a0007"),
            None,
            "device letters are capitals"
        );
        assert_eq!(parse_case_no("2024-A07"), None, "four digits at least");
        assert_eq!(parse_case_no("24-A0007"), None);
        assert_eq!(format_case_no(2024, 'G', 12), "2024-G0012");
        assert_eq!(
            parse_case_no(&format_case_no(2024, 'G', 12345)),
            Some((2024, 'G', 12345))
        );
    }

    #[test]
    fn a_device_letter_is_one_capital() {
        assert!(check_letter("A").is_ok());
        for bad in ["a", "AB", "", "가", "1"] {
            let err = check_letter(bad).unwrap_err();
            assert!(err.to_string().contains("기기 문자"), "{bad}: {err}");
        }
    }
}
