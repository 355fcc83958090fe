//! What coordinators read, assembled from data in their own language
//! (`locales/<language>/coordinator.ftl`): /registrations, /export's
//! caption and header, /reload's report, /stats, the session commands'
//! replies, the /broadcast dialogue and /broadcasts.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::Lang;
use crate::db::enquiries::EnquiryStats;
use crate::db::learning::FiledCounts;
use crate::db::outbox::{Kind, Payload};
use crate::db::schedule::{BroadcastRow, BroadcastState};
use crate::db::{CourseRow, Diff, ImportReport, RosterRow, SessionRow};
use crate::domain::{Invalid, LocalDateTime, RegistrationStatus, Zone, YEARS};
use crate::locale::clip;
use crate::t;

pub fn unknown_course(lang: &Lang, typed: &str) -> String {
    t!(lang, "coordinator-unknown-course", code = clip(typed, 40))
}

pub fn invalid_course_arg(lang: &Lang, typed: &str) -> String {
    t!(lang, "coordinator-invalid-course-arg", typed = clip(typed, 40))
}

/// "CECAC-PILOT — CECAC pilot course…", marked when no longer in the programme.
pub fn course_heading(lang: &Lang, c: &CourseRow) -> String {
    let key = if c.active { "coordinator-course" } else { "coordinator-course-inactive" };
    t!(lang, key, code = c.code.as_str(), title = c.title.as_str())
}

// ------------------------------------------------------------ /registrations

/// Registrations of one course, as counted for /registrations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub registered: i64,
    pub waitlisted: i64,
    pub withdrawn: i64,
}

impl Counts {
    pub fn add(&mut self, status: RegistrationStatus, n: i64) {
        match status {
            RegistrationStatus::Registered => self.registered += n,
            RegistrationStatus::Waitlisted => self.waitlisted += n,
            RegistrationStatus::Withdrawn => self.withdrawn += n,
        }
    }
}

/// A course's heading and numbered list, for /registrations.
pub fn registrations_course(lang: &Lang, c: &CourseRow, counts: Counts, rows: &[&RosterRow]) -> String {
    let mut out = course_heading(lang, c);
    out.push('\n');
    out.push_str(&t!(
        lang,
        "coordinator-registrations-counts",
        registered = counts.registered,
        capacity = c.capacity,
        waitlisted = counts.waitlisted,
        withdrawn = counts.withdrawn,
    ));
    for (i, r) in rows.iter().enumerate() {
        out.push('\n');
        out.push_str(&registrations_line(lang, i + 1, r));
    }
    out
}

/// "1. Ayesha Khan — Assistant Collector, Pakistan Customs — a@b.org [registered]".
pub fn registrations_line(lang: &Lang, n: usize, r: &RosterRow) -> String {
    let missing = t!(lang, "coordinator-missing");
    let or_missing = |v: &Option<String>| v.clone().unwrap_or_else(|| missing.clone());
    let status = status_label(lang, r.status);
    t!(
        lang,
        "coordinator-registrations-line",
        n = n,
        name = or_missing(&r.full_name),
        position = or_missing(&r.position),
        administration = or_missing(&r.administration),
        email = or_missing(&r.email),
        status = status,
    )
}

pub fn status_label(lang: &Lang, s: RegistrationStatus) -> String {
    match s {
        RegistrationStatus::Registered => t!(lang, "coordinator-status-registered"),
        RegistrationStatus::Waitlisted => t!(lang, "coordinator-status-waitlisted"),
        RegistrationStatus::Withdrawn => t!(lang, "coordinator-status-withdrawn"),
    }
}

/// The whole reply: the courses' blocks, or that there is nobody yet.
pub fn registrations_report(lang: &Lang, courses: &[String], anyone: bool) -> String {
    let mut body = courses.join("\n\n");
    if !anyone {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(&t!(lang, "coordinator-no-registrations"));
    }
    t!(lang, "coordinator-registrations", lines = body)
}

// -------------------------------------------------------------------- /export

pub fn export_caption(lang: &Lang, course: Option<&str>, rows: usize) -> String {
    let scope = course.map(str::to_owned).unwrap_or_else(|| t!(lang, "coordinator-export-all-courses"));
    t!(lang, "coordinator-export-caption", scope = scope, rows = rows)
}

/// The CSV's header row, in the order of the columns.
pub fn export_header(lang: &Lang) -> Vec<String> {
    [
        "course",
        "status",
        "telegram-user-id",
        "telegram-username",
        "full-name",
        "administration",
        "position",
        "email",
        "timezone",
        "created-at",
        "registered-at",
        "waitlisted-at",
        "withdrawn-at",
    ]
    .iter()
    .map(|column| super::tr(lang, &format!("export-column-{column}"), &super::Args::new()))
    .collect()
}

/// A registration's status in the CSV (a value a spreadsheet filters on).
pub fn export_status(lang: &Lang, status: &RegistrationStatus) -> String {
    match status {
        RegistrationStatus::Registered => t!(lang, "export-status-registered"),
        RegistrationStatus::Waitlisted => t!(lang, "export-status-waitlisted"),
        RegistrationStatus::Withdrawn => t!(lang, "export-status-withdrawn"),
    }
}

// -------------------------------------------------------------------- /reload

/// `error` names the file and the key; it is shown as it is.
pub fn reload_failed(lang: &Lang, error: &str) -> String {
    t!(lang, "coordinator-reload-failed", error = error)
}

pub fn import_report(lang: &Lang, r: &ImportReport) -> String {
    if r.is_empty() {
        return t!(lang, "coordinator-reload-unchanged");
    }
    let section = |key: &str, d: &Diff| {
        let part = |key: &str, ids: &[String]| {
            (!ids.is_empty()).then(|| {
                let mut args = super::Args::new();
                args.insert("count", ids.len().into());
                args.insert("ids", ids.join(", ").into());
                super::tr(lang, key, &args)
            })
        };
        let parts: Vec<String> = [
            part("coordinator-reload-added", &d.added),
            part("coordinator-reload-changed", &d.changed),
            part("coordinator-reload-removed", &d.removed),
        ]
        .into_iter()
        .flatten()
        .collect();
        let parts = if parts.is_empty() { t!(lang, "coordinator-reload-nothing") } else { parts.join("; ") };
        super::tr(lang, key, &super::args([("parts", parts.into())]))
    };
    t!(
        lang,
        "coordinator-reload-report",
        courses = section("coordinator-reload-courses", &r.courses),
        sessions = section("coordinator-reload-sessions", &r.sessions),
        faq = section("coordinator-reload-faq", &r.faq),
    )
}

// --------------------------------------------------------------------- /stats

pub fn stats(lang: &Lang, lines: &[String]) -> String {
    t!(lang, "coordinator-stats", lines = lines.join("\n"))
}

pub fn stats_course_line(lang: &Lang, c: &CourseRow, n: Counts) -> String {
    t!(
        lang,
        "coordinator-stats-course",
        code = c.code.as_str(),
        registered = n.registered,
        capacity = c.capacity,
        waitlisted = n.waitlisted,
        withdrawn = n.withdrawn,
    )
}

pub fn stats_total_line(lang: &Lang, n: Counts) -> String {
    t!(lang, "coordinator-stats-total", registered = n.registered, waitlisted = n.waitlisted, withdrawn = n.withdrawn,)
}

/// The messages of one kind in the outbox, by what became of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: i64,
    pub waiting: i64,
    pub blocked: i64,
    pub failed: i64,
    pub dropped: i64,
}

/// The kinds /stats lists, in its order.
pub const STATS_KINDS: [Kind; 8] = [
    Kind::Reminder,
    Kind::Digest,
    Kind::Change,
    Kind::Broadcast,
    Kind::Notice,
    Kind::Enquiry,
    Kind::Answer,
    Kind::Reply,
];

/// One kind's line. A reminder dropped is one missed while the bot was
/// down (always shown); anything else dropped is shown when there is some.
pub fn stats_messages_line(lang: &Lang, kind: Kind, d: Delivery) -> String {
    let label = match kind {
        Kind::Reminder => t!(lang, "coordinator-stats-kind-reminder"),
        Kind::Digest => t!(lang, "coordinator-stats-kind-digest"),
        Kind::Change => t!(lang, "coordinator-stats-kind-change"),
        Kind::Broadcast => t!(lang, "coordinator-stats-kind-broadcast"),
        Kind::Enquiry => t!(lang, "coordinator-stats-kind-enquiry"),
        Kind::Answer => t!(lang, "coordinator-stats-kind-answer"),
        Kind::Reply => t!(lang, "coordinator-stats-kind-reply"),
        Kind::Notice | Kind::Report => t!(lang, "coordinator-stats-kind-notice"),
    };
    let key = match kind {
        Kind::Reminder => "coordinator-stats-messages-missed",
        _ if d.dropped > 0 => "coordinator-stats-messages-dropped",
        _ => "coordinator-stats-messages",
    };
    t!(
        lang,
        key,
        label = label,
        sent = d.sent,
        waiting = d.waiting,
        blocked = d.blocked,
        failed = d.failed,
        dropped = d.dropped,
    )
}

pub fn stats_enquiries(lang: &Lang, s: &EnquiryStats) -> String {
    let median = match s.median_first_answer {
        Some(d) => super::duration(lang, d),
        None => t!(lang, "coordinator-stats-none-answered"),
    };
    t!(
        lang,
        "coordinator-stats-enquiries",
        opened = s.opened,
        open = s.open,
        answered = s.answered_by_coordinator,
        closed_unanswered = s.closed_unanswered,
        auto_answered = s.auto_answered,
        helpful = s.helpful,
        not_helpful = s.not_helpful,
        median = median,
    )
}

/// Examples coordinators filed, by source, and helpful questions waiting
/// in /learn.
pub fn stats_learning(lang: &Lang, filed: FiledCounts, waiting: usize) -> String {
    t!(
        lang,
        "coordinator-stats-learning",
        from_enquiries = filed.from_enquiries,
        confirmed = filed.confirmed,
        waiting = waiting,
    )
}

/// How the FAQ matcher routed questions: outright, "Did you mean…?", and
/// what came of the suggestions.
pub fn stats_faq_bands(lang: &Lang, s: &EnquiryStats) -> String {
    t!(
        lang,
        "coordinator-stats-faq-bands",
        outright = s.answered_outright,
        suggested = s.suggested,
        picked = s.suggestion_picked,
        none = s.suggestion_none,
    )
}

// ------------------------------------------------- /move, /room, /cancelsession

pub fn no_such_session(lang: &Lang, id: &str) -> String {
    t!(lang, "coordinator-no-such-session", id = clip(id, 64))
}

pub fn session_unchanged(lang: &Lang, id: &str) -> String {
    t!(lang, "coordinator-session-unchanged", id = clip(id, 64))
}

/// Why a typed date was refused, in words ("is not a real date…").
pub fn invalid_date(lang: &Lang, e: &Invalid) -> String {
    match e {
        Invalid::Year => {
            t!(lang, "coordinator-date-year", first = YEARS.start().to_string(), last = YEARS.end().to_string())
        }
        Invalid::Date => t!(lang, "coordinator-date-not-real"),
        Invalid::TimeOfDay | Invalid::LocalTime => t!(lang, "coordinator-date-time-of-day"),
        _ => t!(lang, "coordinator-date-form"),
    }
}

/// What is wrong with a typed date and time, in words. The reason is the
/// parser's own, so the reply names exactly what the check refused. With a
/// zone, a time the clocks skip there is named too; a time that passes both
/// was refused for being past.
pub fn date_problem(lang: &Lang, typed: &str, zone: Option<Zone>) -> String {
    match LocalDateTime::parse(typed) {
        Err(e) => invalid_date(lang, &e),
        Ok(local) => match zone {
            Some(z) if local.in_zone(z).is_none() => t!(lang, "coordinator-date-gap", zone = z.name()),
            Some(_) => t!(lang, "coordinator-date-past"),
            None => invalid_date(lang, &Invalid::DateTime),
        },
    }
}

pub fn bad_move_time(lang: &Lang, typed: &str) -> String {
    t!(lang, "coordinator-bad-move-time", typed = clip(typed, 40), problem = date_problem(lang, typed, None))
}

/// A wall-clock date and time: "Tuesday 9 February 2021, 12:30".
pub fn at(lang: &Lang, date: NaiveDate, time: chrono::NaiveTime) -> String {
    t!(lang, "coordinator-at", date = super::date(lang, date), time = super::time(lang, time))
}

pub fn move_gap(lang: &Lang, local: LocalDateTime, zone: Zone) -> String {
    let when = at(lang, local.naive().date(), local.naive().time());
    t!(lang, "coordinator-move-gap", when = when, zone = zone.name())
}

/// After a change: the session as it now stands, and how many will be told.
pub fn session_changed(lang: &Lang, s: &SessionRow, zone: Tz, told: usize) -> String {
    let (start, end) = (s.starts_at.with_timezone(&zone), s.ends_at().with_timezone(&zone));
    let date = super::date(lang, start.date_naive());
    if s.cancelled {
        return t!(lang, "coordinator-session-cancelled", title = s.title.as_str(), date = date, told = told);
    }
    let (start, end) = (super::time(lang, start.time()), super::time(lang, end.time()));
    let when = match &s.room {
        Some(room) => t!(
            lang,
            "coordinator-session-when-room",
            date = date,
            start = start,
            end = end,
            zone = zone.name(),
            room = room.as_str()
        ),
        None => t!(lang, "coordinator-session-when", date = date, start = start, end = end, zone = zone.name()),
    };
    t!(lang, "coordinator-session-changed", title = s.title.as_str(), when = when, told = told)
}

// ----------------------------------------------------------------- /broadcast

/// Who a broadcast goes to: everyone registered, or one course's participants.
pub fn audience_label(lang: &Lang, audience: Option<&str>) -> String {
    match audience {
        None => t!(lang, "broadcast-audience-everyone"),
        Some(code) => t!(lang, "broadcast-audience-course", code = code),
    }
}

pub fn broadcast_confirm(lang: &Lang, audience: &str, recipients: usize) -> String {
    t!(lang, "broadcast-confirm", audience = audience, recipients = recipients)
}

/// The preview while some recipients are inside their quiet hours; `when`
/// is from [`quiet_hours_end`].
pub fn broadcast_confirm_quiet(lang: &Lang, audience: &str, recipients: usize, held: usize, when: &str) -> String {
    t!(lang, "broadcast-confirm-quiet", audience = audience, recipients = recipients, held = held, when = when)
}

/// When the quiet hours of the people a broadcast waits for end, in the
/// coordinator's zone: "from 07:00 on Tuesday 9 February (Asia/Karachi)",
/// or the first and the last when their zones differ.
pub fn quiet_hours_end(lang: &Lang, first: DateTime<Utc>, last: DateTime<Utc>, zone: Tz) -> String {
    let (a, b) = (first.with_timezone(&zone), last.with_timezone(&zone));
    let time = |t: &DateTime<Tz>| super::time(lang, t.time());
    let day = |t: &DateTime<Tz>| super::day(lang, t.date_naive());
    if time(&a) == time(&b) && a.date_naive() == b.date_naive() {
        t!(lang, "broadcast-quiet-end", time = time(&a), day = day(&a), zone = zone.name())
    } else if a.date_naive() == b.date_naive() {
        t!(lang, "broadcast-quiet-end-same-day", first = time(&a), last = time(&b), day = day(&a), zone = zone.name())
    } else {
        t!(
            lang,
            "broadcast-quiet-end-two-days",
            first = time(&a),
            first_day = day(&a),
            last = time(&b),
            last_day = day(&b),
            zone = zone.name()
        )
    }
}

pub fn broadcast_ask_time(lang: &Lang, zone: Zone) -> String {
    t!(lang, "broadcast-ask-time", zone = zone.name())
}

pub fn broadcast_bad_time(lang: &Lang, typed: &str, zone: Zone) -> String {
    t!(
        lang,
        "broadcast-bad-time",
        typed = clip(typed, 40),
        problem = date_problem(lang, typed, Some(zone)),
        zone = zone.name()
    )
}

pub fn broadcast_queued(lang: &Lang, id: i64, recipients: usize) -> String {
    t!(lang, "broadcast-queued", id = id, recipients = recipients)
}

/// After Send now, when some recipients are inside their quiet hours.
pub fn broadcast_queued_quiet(lang: &Lang, id: i64, recipients: usize, held: usize, when: &str) -> String {
    t!(lang, "broadcast-queued-quiet", id = id, recipients = recipients, held = held, when = when)
}

pub fn broadcast_scheduled(lang: &Lang, id: i64, send_at: DateTime<Utc>, zone: Zone) -> String {
    let local = send_at.with_timezone(&zone.tz());
    let when = at(lang, local.date_naive(), local.time());
    t!(lang, "broadcast-scheduled", id = id, when = when, zone = zone.name())
}

// ------------------------------------------- a broadcast in several languages

/// A language's name in `lang`'s words ("French", "français"); a language
/// the file does not name yet goes by its own name.
pub fn language_called(lang: &Lang, of: &Lang) -> String {
    t!(lang, "broadcast-language", language = of.as_str(), name = super::language_name(of))
}

/// "English and French", "English, French and Spanish".
pub fn languages_list(lang: &Lang, of: &[Lang]) -> String {
    let names: Vec<String> = of.iter().map(|l| language_called(lang, l)).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => t!(lang, "broadcast-list-and", rest = rest.join(", "), last = last.as_str()),
    }
}

/// The button offering a version in `of`: "Add a French version".
pub fn add_version(lang: &Lang, of: &Lang) -> String {
    t!(lang, "broadcast-add-version", language = of.as_str(), name = super::language_name(of))
}

/// Asks for the version in `of`; a file's version may be just its caption.
pub fn ask_version(lang: &Lang, of: &Lang, main_is_file: bool) -> String {
    let key = if main_is_file { "broadcast-ask-version-file" } else { "broadcast-ask-version-text" };
    t!(lang, key, language = of.as_str(), name = super::language_name(of))
}

/// Above a version in the preview; the main one goes to everyone else.
pub fn version_label(lang: &Lang, of: &Lang, main: bool) -> String {
    let key = if main { "broadcast-version-main" } else { "broadcast-version-other" };
    t!(lang, key, language = of.as_str(), name = super::language_name(of))
}

/// After the preview of several versions; `all` starts with the main one's.
pub fn preview_versions(lang: &Lang, all: &[Lang]) -> String {
    let main = all.first().map(|l| language_called(lang, l)).unwrap_or_default();
    t!(lang, "broadcast-preview-versions", languages = languages_list(lang, all), main = main)
}

// ---------------------------------------------------------------- /broadcasts

/// "#3 to everyone registered (English and French): "Hall A tomorrow…"".
pub fn broadcast_summary(lang: &Lang, b: &BroadcastRow) -> String {
    let (what, languages) = match b.versions() {
        Ok((main, by_language)) => (payload_summary(lang, &main), by_language.keys().cloned().collect::<Vec<Lang>>()),
        Err(_) => ("?".to_owned(), Vec::new()),
    };
    let audience = audience_label(lang, b.audience.as_deref());
    if languages.len() > 1 {
        let languages = languages_list(lang, &languages);
        t!(lang, "broadcasts-summary-languages", id = b.id, audience = audience, languages = languages, what = what)
    } else {
        t!(lang, "broadcasts-summary", id = b.id, audience = audience, what = what)
    }
}

fn payload_summary(lang: &Lang, p: &Payload) -> String {
    let caption = |c: &Option<String>| clip(c.as_deref().unwrap_or(""), 30);
    let what = match p {
        Payload::Text { parts } => clip(parts.first().map(String::as_str).unwrap_or(""), 40),
        Payload::Prompt { text, .. } => clip(text, 40),
        Payload::Photo { caption: c, .. } => t!(lang, "broadcasts-photo", caption = caption(c)),
        Payload::Document { caption: c, .. } => t!(lang, "broadcasts-document", caption = caption(c)),
        Payload::Versions { default, .. } => payload_summary(lang, default),
        // Broadcasts are what a coordinator wrote; notices are never one.
        Payload::Notice(_) | Payload::NoticeWithButtons { .. } | Payload::Attachment { .. } => "?".to_owned(),
    };
    what.trim().to_owned()
}

/// A broadcast's state as /broadcasts shows it.
pub fn broadcast_state(lang: &Lang, state: BroadcastState) -> String {
    match state {
        BroadcastState::Scheduled => t!(lang, "broadcasts-state-scheduled"),
        BroadcastState::Queued => t!(lang, "broadcasts-state-queued"),
        BroadcastState::Done => t!(lang, "broadcasts-state-done"),
        BroadcastState::Cancelled => t!(lang, "broadcasts-state-cancelled"),
    }
}

pub fn broadcast_line(lang: &Lang, b: &BroadcastRow) -> String {
    t!(
        lang,
        "broadcasts-line",
        summary = broadcast_summary(lang, b),
        state = broadcast_state(lang, b.state),
        delivered = b.delivered,
        blocked = b.blocked,
        failed = b.failed,
        waiting = b.waiting,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn en() -> Lang {
        Lang::english()
    }

    fn fr() -> Lang {
        Lang::parse("fr").unwrap()
    }

    #[test]
    fn a_refused_date_says_what_was_wrong() {
        assert_eq!(
            bad_move_time(&en(), "+10000-01-01 09:00"),
            format!(
                "Nothing was changed: \"+10000-01-01 09:00\" must be in a year from 2000 to 2100, written with four \
                 digits.\n{}",
                t!(&en(), "coordinator-move-usage")
            )
        );
        assert!(bad_move_time(&en(), "2021-02-30 09:00").contains("\"2021-02-30 09:00\" is not a real date"));
        assert!(bad_move_time(&en(), "2021-02-09 9h30").contains("must have a time of day as HH:MM"));
        let brussels = Zone::parse("Europe/Brussels").unwrap();
        let bad = |typed| broadcast_bad_time(&en(), typed, brussels);
        assert!(bad("2021-03-28 02:30").contains("\"2021-03-28 02:30\" does not exist in Europe/Brussels"));
        assert!(bad("2021-03-28 09:30").contains("\"2021-03-28 09:30\" is not in the future"));
        assert!(bad("2101-01-01 09:00").contains("must be in a year from 2000 to 2100"));
        assert!(
            bad_move_time(&fr(), "2021-02-30 09:00")
                .contains("«\u{a0}2021-02-30 09:00\u{a0}» n'est pas une date qui existe"),
            "{}",
            bad_move_time(&fr(), "2021-02-30 09:00")
        );
    }

    #[test]
    fn quiet_hours_end_reads_as_one_time_or_the_first_and_the_last() {
        let karachi = chrono_tz::Asia::Karachi;
        let at = |d, h| karachi.with_ymd_and_hms(2021, 2, d, h, 0, 0).unwrap().to_utc();
        assert_eq!(
            quiet_hours_end(&en(), at(9, 7), at(9, 7), karachi),
            "from 07:00 on Tuesday 9 February (Asia/Karachi)"
        );
        assert_eq!(
            quiet_hours_end(&en(), at(9, 7), at(9, 8), karachi),
            "from 07:00 to 08:00 on Tuesday 9 February (Asia/Karachi)"
        );
        assert_eq!(
            quiet_hours_end(&en(), at(8, 23), at(9, 7), karachi),
            "from 23:00 on Monday 8 February to 07:00 on Tuesday 9 February (Asia/Karachi)"
        );
        assert_eq!(
            quiet_hours_end(&fr(), at(9, 7), at(9, 7), karachi),
            "à partir de 7 h 00 le mardi 9 février (Asia/Karachi)"
        );
    }

    #[test]
    fn counts_are_plural_in_each_language() {
        assert!(broadcast_confirm(&en(), "everyone registered", 1).contains("(1 person right now)"));
        assert!(broadcast_confirm(&en(), "everyone registered", 2_000).contains("(2,000 people right now)"));
        assert!(broadcast_confirm(&fr(), "tous les inscrits", 0).contains("(0 personne en ce moment)"));
        assert!(broadcast_confirm(&fr(), "tous les inscrits", 3).contains("(3 personnes en ce moment)"));
        let quiet = |lang: &Lang, held| broadcast_confirm_quiet(lang, "x", 3, held, "w");
        assert!(quiet(&en(), 1).contains("\n1 of them is inside their quiet hours"));
        assert!(quiet(&fr(), 1).contains("\n1 personne est dans ses heures de silence\u{a0}:"));
        assert!(quiet(&fr(), 2).contains("\n2 d'entre elles sont dans leurs heures de silence\u{a0}:"));
        assert_eq!(
            export_caption(&en(), Some("CECAC-PILOT"), 1),
            "Roster (CECAC-PILOT): 1 row. UTF-8 CSV; opens in a spreadsheet."
        );
    }

    #[test]
    fn languages_are_named_in_the_readers_language() {
        assert_eq!(add_version(&en(), &fr()), "Add a French version");
        assert_eq!(add_version(&fr(), &en()), "Ajouter une version en anglais");
        assert_eq!(languages_list(&en(), &[en(), fr()]), "English and French");
        assert_eq!(languages_list(&fr(), &[en(), fr(), en()]), "anglais, français et anglais");
        assert_eq!(languages_list(&fr(), &[fr()]), "français");
    }

    #[test]
    fn multi_line_messages_keep_their_lines() {
        assert_eq!(registrations_report(&en(), &["A".into(), "B".into()], true), "Registrations:\n\nA\n\nB");
        assert_eq!(registrations_report(&en(), &["A".into()], false), "Registrations:\n\nA\n\nNo registrations yet.");
        assert_eq!(stats(&fr(), &["x".into(), "y".into()]), "Statistiques\n\nx\ny");
        assert_eq!(
            broadcast_confirm_quiet(&en(), "everyone registered", 3, 2, "from 07:00 on Tuesday 9 February (Asia/Karachi)"),
            "To: everyone registered (3 people right now).\n2 of them are inside their quiet hours: with Send now they \
             get it when those end, from 07:00 on Tuesday 9 February (Asia/Karachi). \"Send to everyone now\" delivers \
             to them at once as well.\nSend it?"
        );
        let report = ImportReport {
            courses: Diff { changed: vec!["CECAC-PILOT".into()], ..Diff::default() },
            sessions: Diff { added: vec!["a".into(), "b".into()], ..Diff::default() },
            ..ImportReport::default()
        };
        assert_eq!(
            import_report(&en(), &report),
            "Reloaded.\nCourses: changed 1 (CECAC-PILOT)\nSessions: added 2 (a, b)\nFAQ: unchanged"
        );
        assert_eq!(
            import_report(&fr(), &report),
            "Rechargé.\nCours\u{a0}: 1 modification (CECAC-PILOT)\nSéances\u{a0}: 2 ajouts (a, b)\nFAQ\u{a0}: aucun changement"
        );
        assert_eq!(
            reload_failed(&en(), "programme.toml: x"),
            "Reload refused, nothing was changed:\nprogramme.toml: x"
        );
    }

    #[test]
    fn the_csv_header_has_a_name_for_every_column_in_each_language() {
        for lang in crate::i18n::languages() {
            let header = export_header(&lang);
            assert_eq!(header.len(), 13);
            assert!(
                header.iter().all(|h| !h.is_empty() && !h.contains(',') && !h.starts_with("export-")),
                "{header:?}"
            );
        }
    }
}
