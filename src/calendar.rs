//! The programme as an iCalendar file (RFC 5545), for `/calendar`.
//!
//! Times are written in UTC (`…Z`): every calendar application converts
//! them to its own zone, and no `VTIMEZONE` has to be kept in step with
//! chrono-tz. Each session keeps its UID for ever (its id and its course),
//! so importing the file again updates the events instead of doubling
//! them; `SEQUENCE` is the session's revision, raised by the database each
//! time the session moves, changes room or is called off, which is what
//! tells a calendar the newer copy wins. A cancelled session stays in the
//! file with `STATUS:CANCELLED`, so calendars remove it.
//!
//! Nothing here is text for people beyond what the programme says: a
//! summary is the session's title, a location its room and the course's
//! place, a description its speaker.

use chrono::{DateTime, Utc};

/// The longest a content line may be, in octets, without its CRLF.
const LINE_OCTETS: usize = 75;

/// One session as the calendar shows it.
#[derive(Debug, Clone)]
pub struct Event {
    pub session_id: String,
    pub course_code: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub title: String,
    pub room: Option<String>,
    pub location: String,
    pub speaker: Option<String>,
    pub cancelled: bool,
    /// Raised each time the session moves, changes room or is cancelled.
    pub revision: i64,
    pub updated_at: DateTime<Utc>,
}

/// The whole calendar: `name` is its title in calendar applications,
/// `stamp` when the file was made.
pub fn write(name: &str, events: &[Event], stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |l: String| {
        fold_into(&mut out, &l);
    };
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!("PRODID:-//copes-bot//copes-bot {}//EN", env!("CARGO_PKG_VERSION")));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", uid(&e.session_id, &e.course_code)));
        line(format!("DTSTAMP:{}", utc(stamp)));
        line(format!("LAST-MODIFIED:{}", utc(e.updated_at)));
        line(format!("DTSTART:{}", utc(e.starts_at)));
        line(format!("DTEND:{}", utc(e.ends_at)));
        line(format!("SEQUENCE:{}", e.revision.max(0)));
        line(format!("SUMMARY:{}", escape(&e.title)));
        let place = match e.room.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            Some(room) => format!("{room}, {}", e.location),
            None => e.location.clone(),
        };
        if !place.trim().is_empty() {
            line(format!("LOCATION:{}", escape(&place)));
        }
        if let Some(speaker) = e.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
            line(format!("DESCRIPTION:{}", escape(speaker)));
        }
        line(format!("STATUS:{}", if e.cancelled { "CANCELLED" } else { "CONFIRMED" }));
        line("TRANSP:OPAQUE".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// A session's UID: the same in every download, unique across courses.
pub fn uid(session_id: &str, course_code: &str) -> String {
    format!("{session_id}@{course_code}.copes-bot")
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values escape backslashes, semicolons, commas and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (a continuation starts with a
/// space, which counts), never inside a UTF-8 character, ending each
/// physical line with CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut room = LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > room {
            out.push_str("\r\n ");
            // The leading space takes one octet of the next line.
            room = LINE_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
    }

    #[test]
    fn long_lines_fold_within_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "تعارف اور خوش آمدید — ".repeat(10));
        fold_into(&mut out, &line);
        let physical: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(physical.len() > 1);
        assert!(physical.iter().all(|l| l.len() <= LINE_OCTETS));
        let unfolded: String =
            physical.iter().enumerate().map(|(i, l)| if i == 0 { *l } else { &l[1..] }).collect::<String>();
        assert_eq!(unfolded, line);
    }
}
