//! Every user-visible string. Tests assert against these, and a translation
//! later replaces this module alone. Messages are sent as plain text (no parse
//! mode), so whatever people typed is shown back exactly.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::db::{CourseRow, SessionRow};
use crate::domain::{Invalid, LocalDateTime, Zone};
use crate::i18n::{participant, Lang};

pub const NON_TEXT: &str = "I can pass on text, photos and documents, but not this kind of message. \
     Type your question, or send /help to see what I can do.";
pub const EMPTY_MESSAGE: &str =
    "That message has no words in it. Type your question, or send /help to see what I can do.";

pub const ASK_USAGE: &str = "Send /ask followed by your question, or simply type the question.";
pub const FAQ_YES: &str = "Yes, thanks";
pub const FAQ_NO: &str = "No";
pub const FAQ_GLAD: &str = "Glad it helped.";

pub fn faq_answer(question: &str, answer: &str) -> String {
    format!("{question}\n\n{answer}\n\nDid this answer your question?")
}

// --------------------------------------------------------------- enquiries

pub const UNREADABLE_MESSAGE: &str = "That message contains characters I can't read (it looks like pasted binary \
     data). Please type your question, or send the file as a document.";
pub const YOU_ARE_WELCOME: &str = "You're welcome. Ask me anything else about the course whenever you like.";
pub const HELLO: &str = "Hello! Ask me anything about the course in your own words, for example \
     \"When does the course start?\", or send /help to see what I can do.";
pub const FAQ_BUTTON_STALE: &str = "Type your question again and I'll pass it to the coordinators.";

pub fn question_too_long(chars: usize, max: usize) -> String {
    format!(
        "That message is {chars} characters long; I pass on at most {max}. Please shorten it, or send it as a \
         document with a short caption."
    )
}

pub fn slow_down(minutes: i64) -> String {
    format!(
        "You have sent several messages in the last few minutes. Please wait about {minutes} minutes before \
         sending more. I have not passed this last one on, so please send it again then."
    )
}

fn numbers(ids: &[i64]) -> String {
    ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
}

pub fn enquiry_opened(id: i64, after_faq: bool) -> String {
    let lead = if after_faq {
        "Sorry that didn't help. I have passed your question to the coordinators"
    } else {
        "Thank you. I couldn't find the answer in the FAQ, so I have passed your question to the coordinators"
    };
    format!("{lead} as enquiry #{id}. Their answer will come here. To add something, reply to this message.")
}

pub fn too_many_open(ids: &[i64]) -> String {
    format!(
        "You already have {} open enquiries ({}). Please wait for an answer before asking something new; to add \
         to one of them, reply to its message.",
        ids.len(),
        numbers(ids)
    )
}

pub fn follow_up_added(id: i64, reopened: bool) -> String {
    if reopened {
        format!("I have reopened enquiry #{id} and passed this on to the coordinators.")
    } else {
        format!("Added to enquiry #{id}; the coordinators have it.")
    }
}

pub fn already_enquiry(id: i64) -> String {
    format!("Your question is already enquiry #{id}; the answer will come here.")
}

pub fn answer_queued(id: i64, asker: &str) -> String {
    format!("Your answer to enquiry #{id} is on its way to {asker}.")
}

pub fn no_such_enquiry(n: &str) -> String {
    format!("There is no enquiry {}. /enquiries lists the open ones.", clip(n, 20))
}

pub const REPLY_USAGE: &str = "Send /reply N followed by the answer, for example /reply 12 The venue is Hall A. \
     Or reply to the relayed enquiry itself.";
pub const CLOSE_USAGE: &str = "Send /close N, for example /close 12, or send /close as a reply to the relayed enquiry.";
pub const ANSWER_NOT_RELAYABLE: &str = "Only text, photos and documents can be passed on to the person who asked.";
pub const NO_OPEN_ENQUIRIES: &str = "No open enquiries.";
pub const NOT_A_RELAY: &str = "That message is not a relayed enquiry, so I have not passed your reply on. Reply to \
     the enquiry itself, or send /reply N followed by the answer (/enquiries lists the open ones).";

pub fn enquiry_closed(id: i64, asker_told: bool) -> String {
    if asker_told {
        format!("Enquiry #{id} closed. It had no answer, so the person who asked was told it was closed.")
    } else {
        format!("Enquiry #{id} closed.")
    }
}

pub fn enquiry_already_closed(id: i64) -> String {
    format!("Enquiry #{id} was already closed.")
}

pub fn enquiries_list(lines: &[String], more: usize) -> String {
    let mut out = format!("Open enquiries ({}), longest waiting first:\n\n{}", lines.len() + more, lines.join("\n"));
    if more > 0 {
        out.push_str(&format!("\n… and {more} more"));
    }
    out.push_str("\n\nAnswer by replying to the relayed message or with /reply N TEXT; /close N when done.");
    out
}

pub fn enquiry_line(
    id: i64,
    waiting: chrono::Duration,
    name: &str,
    course: Option<&str>,
    follow_up: bool,
    question: &str,
    undelivered: Option<&str>,
) -> String {
    let again = if follow_up { " · follow-up" } else { "" };
    let problem = match undelivered {
        Some(why) => format!("\n   ⚠ not delivered: {}", clip(why, 80)),
        None => String::new(),
    };
    format!(
        "#{id} · waiting {} · {} ({}){again} — {}{problem}",
        age(waiting),
        clip(name, 40),
        course.unwrap_or("not registered"),
        clip(&question.replace('\n', " "), 80)
    )
}

/// A duration as people say it: "under a minute", "12 min", "3 h 05 min",
/// "2 d 4 h".
pub fn age(d: chrono::Duration) -> String {
    let m = d.num_minutes().max(0);
    match m {
        0 => "under a minute".to_owned(),
        1..=59 => format!("{m} min"),
        60..=1439 => format!("{} h {:02} min", m / 60, m % 60),
        _ => format!("{} d {} h", m / 1440, (m % 1440) / 60),
    }
}

pub fn stats_enquiries(s: &crate::db::enquiries::EnquiryStats) -> String {
    let median = s.median_first_answer.map(age).unwrap_or_else(|| "none answered yet".to_owned());
    format!(
        "Enquiries: opened {}, open now {}, answered by a coordinator {}, closed without an answer {}\n\
         Questions answered from the FAQ: {} (helpful {}, not helpful {})\n\
         Median time to the first answer: {median}",
        s.opened, s.open, s.answered_by_coordinator, s.closed_unanswered, s.auto_answered, s.helpful, s.not_helpful
    )
}

// ------------------------------------------------------------ registration

// ---------------------------------------------------------------------- faq

pub const FAQ_EMPTY: &str = "There are no frequently asked questions yet.";
pub const FAQ_TOPICS: &str = "Frequently asked questions — tap one:";

// ------------------------------------------------------------- coordinators

pub fn registrations_report(lines: &str) -> String {
    format!("Registrations:\n\n{lines}")
}

pub const NO_REGISTRATIONS: &str = "No registrations yet.";

pub fn export_caption(scope: &str, rows: usize) -> String {
    format!("Roster ({scope}): {rows} rows. UTF-8 CSV; opens in a spreadsheet.")
}

pub fn reload_failed(error: &str) -> String {
    format!("Reload refused, nothing was changed:\n{error}")
}

pub fn reload_unchanged() -> String {
    "Reloaded: nothing changed.".into()
}

pub fn stats(lines: &str) -> String {
    format!("Statistics\n\n{lines}")
}

pub fn invalid_course_arg(typed: &str) -> String {
    format!("\"{}\" is not a course code. Send the command alone for all courses.", clip(typed, 40))
}

/// Long input quoted back in an error is clipped so the reply stays short.
fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

pub fn registrations_course_heading(c: &CourseRow, registered: usize, waitlisted: usize, withdrawn: usize) -> String {
    let inactive = if c.active { "" } else { " (no longer in the programme)" };
    format!(
        "{} — {}{inactive}\nregistered {registered}/{}, waiting list {waitlisted}, withdrawn {withdrawn}",
        c.code, c.title, c.capacity
    )
}

pub fn registrations_line(n: usize, r: &crate::db::RosterRow) -> String {
    let label = participant::status(&Lang::english(), r.status);
    format!(
        "{n}. {} — {}, {} — {} [{label}]",
        r.full_name.as_deref().unwrap_or("—"),
        r.position.as_deref().unwrap_or("—"),
        r.administration.as_deref().unwrap_or("—"),
        r.email.as_deref().unwrap_or("—"),
    )
}

pub fn stats_course_line(c: &CourseRow, registered: i64, waitlisted: i64, withdrawn: i64) -> String {
    format!("{}: registered {registered}/{}, waiting list {waitlisted}, withdrawn {withdrawn}", c.code, c.capacity)
}

pub fn stats_total_line(registered: i64, waitlisted: i64, withdrawn: i64) -> String {
    format!("All courses: registered {registered}, waiting list {waitlisted}, withdrawn {withdrawn}")
}

pub fn stats_messages_line(kind: &str, sent: i64, waiting: i64, blocked: i64, failed: i64, dropped: i64) -> String {
    let label = match kind {
        "reminder" => "Reminders",
        "digest" => "Daily digests",
        "change" => "Change notices",
        "broadcast" => "Broadcast messages",
        "enquiry" => "Enquiry relays",
        "answer" => "Answers to enquiries",
        "reply" => "Replies queued when Telegram was away",
        _ => "Other notices",
    };
    let mut line = format!("{label}: sent {sent}, waiting {waiting}, blocked the bot {blocked}, failed {failed}");
    if kind == "reminder" {
        line.push_str(&format!(", missed while the bot was down {dropped}"));
    } else if dropped > 0 {
        line.push_str(&format!(", dropped {dropped}"));
    }
    line
}

pub fn import_report(r: &crate::db::ImportReport) -> String {
    if r.is_empty() {
        return reload_unchanged();
    }
    let section = |name: &str, d: &crate::db::Diff| {
        let part = |label: &str, ids: &[String]| {
            if ids.is_empty() {
                None
            } else {
                Some(format!("{label} {} ({})", ids.len(), ids.join(", ")))
            }
        };
        let parts: Vec<String> = [part("added", &d.added), part("changed", &d.changed), part("removed", &d.removed)]
            .into_iter()
            .flatten()
            .collect();
        if parts.is_empty() {
            format!("{name}: unchanged")
        } else {
            format!("{name}: {}", parts.join("; "))
        }
    };
    format!(
        "Reloaded.\n{}\n{}\n{}",
        section("Courses", &r.courses),
        section("Sessions", &r.sessions),
        section("FAQ", &r.faq)
    )
}

pub const SESSION_ARGS_MOVE: &str = "Usage: /move SESSION-ID YYYY-MM-DD HH:MM — the course's local time on a \
     24-hour clock, a year from 2000 to 2100. For example: /move d1-opening 2021-02-10 09:30";
pub const SESSION_ARGS_ROOM: &str = "Usage: /room SESSION-ID new room";
pub const SESSION_ARGS_CANCEL: &str = "Usage: /cancelsession SESSION-ID";

pub fn no_such_session(id: &str) -> String {
    format!("There is no session \"{}\". /schedule shows the programme; ids are in programme.toml.", clip(id, 64))
}

pub fn bad_move_time(typed: &str) -> String {
    format!("Nothing was changed: \"{}\" {}.\n{SESSION_ARGS_MOVE}", clip(typed, 40), date_problem(typed, None))
}

/// What is wrong with a typed date and time, in words. The reason is the
/// parser's own, so the reply names exactly what the check refused. With a
/// zone, a time the clocks skip there is named too; a time that passes both
/// was refused for being past.
fn date_problem(typed: &str, zone: Option<Zone>) -> String {
    match LocalDateTime::parse(typed) {
        Err(e) => e.to_string(),
        Ok(local) => match zone {
            Some(z) if local.in_zone(z).is_none() => format!("does not exist in {z} (the clocks skip it)"),
            Some(_) => "is not in the future".to_owned(),
            None => Invalid::DateTime.to_string(),
        },
    }
}

pub fn move_gap(local: &str, zone: &str) -> String {
    format!("{local} does not exist in {zone} (the clocks skip it). Choose another time.")
}

pub fn session_changed(s: &SessionRow, zone: Tz, told: usize) -> String {
    let line = participant::session_line(&Lang::english(), s, zone);
    format!("Done: {} ({line}). {told} participant(s) will be told now.", s.title)
}

pub fn session_unchanged(id: &str) -> String {
    format!("Nothing changed for {id}.")
}

// --------------------------------------------------------------- broadcasts

pub const BROADCAST_AUDIENCE: &str = "Who should receive the announcement?";
pub const BROADCAST_EVERYONE: &str = "Everyone registered";
pub const BROADCAST_ASK_MESSAGE: &str =
    "Send the announcement: text, or a photo or document with a caption. /cancel stops.";
pub const BROADCAST_TEXT_OR_FILE: &str = "Please send text, a photo or a document (with a caption if you like).";
pub const BROADCAST_CAPTION_TOO_LONG: &str =
    "Captions can be at most 1024 characters. Send a shorter one, or the text on its own.";
pub const BROADCAST_PREVIEW_ABOVE: &str = "Preview above.";
pub const SEND_NOW: &str = "Send now";
pub const SEND_TO_EVERYONE_NOW: &str = "Send to everyone now";
pub const SCHEDULE: &str = "Schedule";
pub const CANCEL: &str = "Cancel";
pub const BROADCAST_CANCELLED: &str = "Broadcast cancelled; nothing was sent.";
pub const NO_BROADCASTS: &str = "No broadcasts yet.";

pub fn broadcast_confirm(audience: &str, recipients: usize) -> String {
    format!("To: {audience} ({recipients} people right now). Send it?")
}

/// The preview while some recipients are inside their quiet hours; `when`
/// is from [`quiet_hours_end`].
pub fn broadcast_confirm_quiet(audience: &str, recipients: usize, held: usize, when: &str) -> String {
    format!(
        "To: {audience} ({recipients} people right now).\n\
         {held} of them are inside their quiet hours: with Send now they get it when those end, {when}. \
         \"{SEND_TO_EVERYONE_NOW}\" delivers to them at once as well.\nSend it?"
    )
}

/// When the quiet hours of the people a broadcast waits for end, in the
/// coordinator's zone: "from 07:00 on Tuesday 9 February (Asia/Karachi)",
/// or the first and the last when their zones differ.
pub fn quiet_hours_end(first: DateTime<Utc>, last: DateTime<Utc>, zone: Tz) -> String {
    let (a, b) = (first.with_timezone(&zone), last.with_timezone(&zone));
    let (time, day) = (|t: &DateTime<Tz>| t.format("%H:%M").to_string(), |t: &DateTime<Tz>| t.format("%A %-d %B"));
    if time(&a) == time(&b) && a.date_naive() == b.date_naive() {
        format!("from {} on {} ({})", time(&a), day(&a), zone.name())
    } else if a.date_naive() == b.date_naive() {
        format!("from {} to {} on {} ({})", time(&a), time(&b), day(&a), zone.name())
    } else {
        format!("from {} on {} to {} on {} ({})", time(&a), day(&a), time(&b), day(&b), zone.name())
    }
}

pub fn audience_label(audience: Option<&str>) -> String {
    match audience {
        None => "everyone registered".into(),
        Some(code) => format!("participants of {code}"),
    }
}

pub fn broadcast_ask_time(zone: &str) -> String {
    format!(
        "When? Send a date and time in {zone} as YYYY-MM-DD HH:MM on a 24-hour clock, for example 2021-02-10 08:00."
    )
}

pub fn broadcast_bad_time(typed: &str, zone: &str) -> String {
    format!(
        "\"{}\" {}. Send a future date and time in {zone} as YYYY-MM-DD HH:MM on a 24-hour clock \
         (a year up to 2100), for example 2021-02-10 08:00.",
        clip(typed, 40),
        date_problem(typed, Zone::parse(zone).ok())
    )
}

pub fn broadcast_queued(id: i64, recipients: i64) -> String {
    format!("Broadcast #{id} is on its way to {recipients} people. You will get a report when delivery ends; /broadcasts shows progress.")
}

/// After Send now, when some recipients are inside their quiet hours.
pub fn broadcast_queued_quiet(id: i64, recipients: usize, held: usize, when: &str) -> String {
    format!(
        "Broadcast #{id} is on its way to {recipients} people; {held} of them are inside their quiet hours and \
         will get it {when}. You will get a report when delivery ends; /broadcasts shows progress."
    )
}

pub fn broadcast_scheduled(id: i64, at: &str) -> String {
    format!("Broadcast #{id} is scheduled for {at}. /broadcasts shows it.")
}

fn broadcast_summary(b: &crate::db::schedule::BroadcastRow) -> String {
    let payload: Result<crate::db::outbox::Payload, _> = serde_json::from_str(&b.payload);
    let payload = payload.map(|p| match p {
        crate::db::outbox::Payload::Versions { default, .. } => *default,
        other => other,
    });
    let what = match payload {
        Ok(crate::db::outbox::Payload::Text { parts }) => clip(parts.first().map(String::as_str).unwrap_or(""), 40),
        Ok(crate::db::outbox::Payload::Prompt { text, .. }) => clip(&text, 40),
        Ok(crate::db::outbox::Payload::Photo { caption, .. }) => {
            format!("photo {}", clip(caption.as_deref().unwrap_or(""), 30))
        }
        Ok(crate::db::outbox::Payload::Document { caption, .. }) => {
            format!("document {}", clip(caption.as_deref().unwrap_or(""), 30))
        }
        Ok(crate::db::outbox::Payload::Versions { .. })
        | Ok(crate::db::outbox::Payload::Notice(_))
        | Ok(crate::db::outbox::Payload::Attachment { .. })
        | Err(_) => "?".into(),
    };
    format!("#{} to {}: \"{}\"", b.id, audience_label(b.audience.as_deref()), what.trim())
}

pub fn broadcast_line(b: &crate::db::schedule::BroadcastRow) -> String {
    format!(
        "{} — {}: delivered {}, blocked the bot {}, failed {}, waiting {}",
        broadcast_summary(b),
        b.state,
        b.delivered,
        b.blocked,
        b.failed,
        b.waiting
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ages_read_as_people_say_them() {
        let m = chrono::Duration::minutes;
        assert_eq!(age(chrono::Duration::seconds(40)), "under a minute");
        assert_eq!(age(m(12)), "12 min");
        assert_eq!(age(m(65)), "1 h 05 min");
        assert_eq!(age(m(60 * 50 + 3)), "2 d 2 h");
        assert_eq!(age(m(-5)), "under a minute");
    }

    #[test]
    fn a_refused_date_says_what_was_wrong() {
        assert_eq!(
            bad_move_time("+10000-01-01 09:00"),
            format!(
                "Nothing was changed: \"+10000-01-01 09:00\" must be in a year from 2000 to 2100, written with four \
                 digits.\n{SESSION_ARGS_MOVE}"
            )
        );
        assert!(bad_move_time("2021-02-30 09:00").contains("\"2021-02-30 09:00\" is not a real date"));
        assert!(bad_move_time("2021-02-09 9h30").contains("must have a time of day as HH:MM"));
        let bad = |typed| broadcast_bad_time(typed, "Europe/Brussels");
        assert!(bad("2021-03-28 02:30").contains("\"2021-03-28 02:30\" does not exist in Europe/Brussels"));
        assert!(bad("2021-03-28 09:30").contains("\"2021-03-28 09:30\" is not in the future"));
        assert!(bad("2101-01-01 09:00").contains("must be in a year from 2000 to 2100"));
    }

    #[test]
    fn quiet_hours_end_reads_as_one_time_or_the_first_and_the_last() {
        let karachi = chrono_tz::Asia::Karachi;
        let at = |d, h| karachi.with_ymd_and_hms(2021, 2, d, h, 0, 0).unwrap().to_utc();
        assert_eq!(quiet_hours_end(at(9, 7), at(9, 7), karachi), "from 07:00 on Tuesday 9 February (Asia/Karachi)");
        assert_eq!(
            quiet_hours_end(at(9, 7), at(9, 8), karachi),
            "from 07:00 to 08:00 on Tuesday 9 February (Asia/Karachi)"
        );
        assert_eq!(
            quiet_hours_end(at(8, 23), at(9, 7), karachi),
            "from 23:00 on Monday 8 February to 07:00 on Tuesday 9 February (Asia/Karachi)"
        );
    }
}
