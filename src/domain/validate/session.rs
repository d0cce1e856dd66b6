//! The rules of a session (상담 회차) and of an outreach event (찾아가는 상담).

use chrono::NaiveDate;

use super::*;
use crate::domain::codes::*;
use crate::domain::records::*;
use crate::error::Result;

/// A session of a case received on `received_on`: held on a real day, not before the case was
/// received, not after tomorrow.
pub fn session_fields(
    input: &SessionInput,
    received_on: NaiveDate,
    today: NaiveDate,
) -> Result<SessionFields> {
    let mut c = Checker::new(today);
    let held_on = c.required_date("held_on", &input.held_on);
    c.ordered(("received_on", Some(received_on)), ("held_on", held_on));
    let method = c.code_or("method", &input.method, IntakeMethod::Unknown);
    let minutes = c.non_negative("minutes", input.minutes);
    let counselor = c.text("counselor", &input.counselor);
    let notes = c.text("notes", &input.notes);
    c.finish()?;
    Ok(SessionFields {
        held_on: held_on.expect("checked"),
        method,
        counselor,
        minutes,
        notes,
    })
}

/// An outreach event: its day and place required, its kind from the list, counts not negative.
pub fn event_fields(input: &OutreachEventInput, today: NaiveDate) -> Result<EventFields> {
    let mut c = Checker::new(today);
    let held_on = c.required_date("held_on", &input.held_on);
    if blank(&input.place).is_none() {
        c.fail("place", "필수 항목입니다");
    }
    let kind = c.code_or("kind", &input.kind, OutreachKind::Other);
    let visitor_count = c.non_negative("visitor_count", input.visitor_count);
    let place = c.text("place", &input.place);
    let note = c.text("note", &input.note);
    c.finish()?;
    Ok(EventFields {
        held_on: held_on.expect("checked"),
        place: place.expect("checked"),
        kind,
        visitor_count,
        counselors: input
            .counselors
            .iter()
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect(),
        note,
    })
}
