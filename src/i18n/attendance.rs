//! Attendance and certificates put into words (`locales/*/attendance.ftl`):
//! check-ins, room codes, a coordinator's sheet, a trainee's own record,
//! the certificate list.

use chrono::{DateTime, Utc};

use super::{day, time, Lang};
use crate::db::attendance::{AttendanceShare, CheckIn, CodeAttempts, OwnAttendance, SessionAttendee};
use crate::domain::lesson::AttendanceMethod;
use crate::domain::Zone;
use crate::locale::clip;
use crate::t;

/// A share as a whole percentage, rounded down so that "80%" never shows
/// for someone at 79.9% who does not qualify.
pub fn percent(share: f64) -> i64 {
    (share * 100.0 + 1e-9).floor() as i64
}

fn at(lang: &Lang, t: DateTime<Utc>, zone: Zone) -> String {
    time(lang, t.with_timezone(&zone.tz()).time())
}

/// "Tuesday 9 February, 09:30".
fn when(lang: &Lang, t: DateTime<Utc>, zone: Zone) -> String {
    let local = t.with_timezone(&zone.tz());
    t!(lang, "notice-when", day = day(lang, local.date_naive()), time = time(lang, local.time()))
}

fn name_of(lang: &Lang, name: Option<&str>) -> String {
    name.map_or_else(|| t!(lang, "attendance-no-name"), |n| clip(n, 40))
}

/// Under a reminder of a course that takes presence by room code only.
pub fn reminder_code_line(lang: &Lang) -> String {
    t!(lang, "attendance-reminder-code")
}

/// The answer to "I'm here" or `/here CODE`.
pub fn check_in(lang: &Lang, outcome: &CheckIn, title: &str, course: &str, zone: Zone) -> String {
    let title = clip(title, 80);
    match outcome {
        CheckIn::Recorded => t!(lang, "attendance-recorded", title = title),
        CheckIn::Already => t!(lang, "attendance-already", title = title),
        CheckIn::NotRegistered => t!(lang, "attendance-not-registered", title = title, course = course),
        CheckIn::NotYet(opens) => {
            t!(lang, "attendance-not-yet", title = title, opens = when(lang, *opens, zone), zone = zone.name())
        }
        CheckIn::Closed => t!(lang, "attendance-closed", title = title),
        CheckIn::Cancelled => t!(lang, "attendance-cancelled", title = title),
    }
}

pub fn here_usage(lang: &Lang) -> String {
    t!(lang, "attendance-here-usage")
}

/// A code no session has; `left`: tries before a pause.
pub fn code_wrong(lang: &Lang, typed: &str, left: u32) -> String {
    t!(lang, "attendance-code-wrong", code = clip(typed, 12), left = left)
}

/// Too many wrong codes: they may try again in `minutes`.
pub fn code_blocked(lang: &Lang, minutes: i64) -> String {
    t!(lang, "attendance-code-blocked", minutes = minutes.max(1))
}

pub fn code_usage(lang: &Lang) -> String {
    t!(lang, "attendance-code-usage")
}

/// `/code SESSION`: the code and when it is taken.
pub fn room_code(
    lang: &Lang,
    title: &str,
    code: &str,
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
    zone: Zone,
) -> String {
    t!(
        lang,
        "attendance-room-code",
        title = clip(title, 80),
        code = code,
        opens = when(lang, opens, zone),
        closes = at(lang, closes, zone),
        zone = zone.name()
    )
}

pub fn sheet_usage(lang: &Lang) -> String {
    t!(lang, "attendance-sheet-usage")
}

pub fn sheet_pick(lang: &Lang) -> String {
    t!(lang, "attendance-sheet-pick")
}

/// A session as a picker button shows it: "09:30 Opening and welcome".
pub fn session_button(lang: &Lang, title: &str, starts: DateTime<Utc>, zone: Zone) -> String {
    format!("{} {}", at(lang, starts, zone), clip(title, 40))
}

pub fn sheet_not_open(lang: &Lang, title: &str, opens: DateTime<Utc>, zone: Zone) -> String {
    t!(lang, "attendance-sheet-not-open", title = clip(title, 80), opens = when(lang, opens, zone), zone = zone.name())
}

pub fn sheet_empty(lang: &Lang, course: &str) -> String {
    t!(lang, "attendance-sheet-empty", course = course)
}

fn method(lang: &Lang, m: Option<AttendanceMethod>) -> String {
    match m {
        Some(AttendanceMethod::Button) => t!(lang, "attendance-method-button"),
        Some(AttendanceMethod::Code) => t!(lang, "attendance-method-code"),
        Some(AttendanceMethod::Coordinator) | None => t!(lang, "attendance-method-coordinator"),
    }
}

/// "present (room code)", "absent (by a coordinator)", "not recorded".
pub fn status(lang: &Lang, present: Option<bool>, how: Option<AttendanceMethod>) -> String {
    match present {
        None => t!(lang, "attendance-status-none"),
        Some(true) => t!(lang, "attendance-status-present", how = method(lang, how)),
        Some(false) => t!(lang, "attendance-status-absent", how = method(lang, how)),
    }
}

/// One message of a coordinator's sheet: the session, the counts over
/// everyone, and the people of this part.
#[allow(clippy::too_many_arguments)]
pub fn sheet(
    lang: &Lang,
    title: &str,
    starts: DateTime<Utc>,
    zone: Zone,
    all: &[SessionAttendee],
    part: usize,
    parts: usize,
    these: &[SessionAttendee],
) -> String {
    let present = all.iter().filter(|a| a.present == Some(true)).count();
    let mut out = t!(
        lang,
        "attendance-sheet-heading",
        title = clip(title, 80),
        when = when(lang, starts, zone),
        present = present,
        others = all.len() - present,
        total = all.len()
    );
    if parts > 1 {
        out.push('\n');
        out.push_str(&t!(lang, "attendance-sheet-part", part = part + 1, parts = parts));
    }
    out.push('\n');
    for a in these {
        out.push('\n');
        let mark = match a.present {
            Some(true) => "✅",
            Some(false) => "❌",
            None => "▫️",
        };
        out.push_str(&t!(
            lang,
            "attendance-sheet-line",
            mark = mark,
            name = name_of(lang, a.name.as_deref()),
            status = status(lang, a.present, a.method)
        ));
    }
    out
}

/// The two buttons of one person on a sheet.
pub fn mark_buttons(lang: &Lang, a: &SessionAttendee) -> (String, String) {
    let name = a.name.as_deref().map_or_else(|| t!(lang, "attendance-no-name"), |n| clip(n, 24));
    (t!(lang, "attendance-mark-present", name = name), t!(lang, "attendance-mark-absent"))
}

/// The toast after a coordinator's mark.
pub fn marked(lang: &Lang, name: Option<&str>, present: bool) -> String {
    t!(
        lang,
        "attendance-marked",
        name = name_of(lang, name),
        status = status(lang, Some(present), Some(AttendanceMethod::Coordinator))
    )
}

/// A course's certificate rule as a trainee reads it.
pub fn certificate_standing(lang: &Lang, min: Option<f64>, share: f64) -> String {
    match min {
        None => t!(lang, "attendance-own-no-certificate"),
        Some(min) if share + 1e-9 >= min => t!(lang, "attendance-own-certificate-met", min = percent_min(min)),
        Some(min) => t!(lang, "attendance-own-certificate-not-met", min = percent_min(min), percent = percent(share)),
    }
}

/// A threshold as a whole percentage, rounded up (0.75 → 75, 0.801 → 81).
fn percent_min(min: f64) -> i64 {
    (min * 100.0 - 1e-9).ceil() as i64
}

/// One course of a trainee's `/attendance`: the sessions held so far and
/// where they stand for a certificate.
pub fn own_course(lang: &Lang, course: &str, rows: &[&OwnAttendance], min: Option<f64>, zone: Zone) -> String {
    let attended = rows.iter().filter(|r| r.present).count();
    let share = if rows.is_empty() { 0.0 } else { attended as f64 / rows.len() as f64 };
    let mut out = t!(
        lang,
        "attendance-own-course",
        course = course,
        attended = attended,
        held = rows.len(),
        percent = percent(share)
    );
    for r in rows {
        out.push('\n');
        let key = if r.present { "attendance-own-present" } else { "attendance-own-absent" };
        out.push_str(&t!(lang, key, when = when(lang, r.starts_at, zone), title = clip(&r.title, 60)));
    }
    out.push('\n');
    out.push_str(&certificate_standing(lang, min, share));
    out
}

pub fn own_not_registered(lang: &Lang) -> String {
    t!(lang, "attendance-own-not-registered")
}

pub fn own_nothing_held(lang: &Lang, course: &str) -> String {
    t!(lang, "attendance-own-nothing-held", course = course)
}

/// The line in `/profile` for one course.
pub fn profile_line(lang: &Lang, course: &str, attended: usize, held: usize) -> String {
    let share = if held == 0 { 0.0 } else { attended as f64 / held as f64 };
    t!(lang, "attendance-profile-line", course = course, attended = attended, held = held, percent = percent(share))
}

pub fn certificates_usage(lang: &Lang) -> String {
    t!(lang, "attendance-certificates-usage")
}

pub fn certificates_none(lang: &Lang, course: &str) -> String {
    t!(lang, "attendance-certificates-none", course = course)
}

/// `/certificates COURSE`: who qualifies and who does not yet, by name.
pub fn certificates(lang: &Lang, course: &str, min: f64, shares: &[AttendanceShare]) -> String {
    let held = shares.first().map_or(0, |s| s.held);
    let mut out = t!(lang, "attendance-certificates-heading", course = course, min = percent_min(min), held = held);
    if held == 0 {
        out.push_str("\n\n");
        out.push_str(&t!(lang, "attendance-certificates-none-held", course = course));
        return out;
    }
    let (yes, no): (Vec<&AttendanceShare>, Vec<&AttendanceShare>) =
        shares.iter().partition(|s| s.share() + 1e-9 >= min);
    for (key, list) in [("attendance-certificates-qualify", &yes), ("attendance-certificates-not-yet", &no)] {
        out.push_str("\n\n");
        out.push_str(&t!(lang, key, n = list.len()));
        if list.is_empty() {
            out.push('\n');
            out.push_str(&t!(lang, "attendance-certificates-nobody"));
        }
        for s in list.iter() {
            out.push('\n');
            out.push_str(&t!(
                lang,
                "attendance-certificates-line",
                name = name_of(lang, s.name.as_deref()),
                percent = percent(s.share()),
                attended = s.attended,
                held = s.held
            ));
        }
    }
    out
}

pub fn stats_codes(lang: &Lang, n: CodeAttempts) -> String {
    t!(lang, "attendance-stats-codes", wrong = n.wrong, expired = n.expired)
}
