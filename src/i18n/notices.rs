//! Notices put into words for the one who reads them: their language, their
//! zone, the moment the message goes (`locales/*/notices.ftl`). What people
//! typed is set in as it was typed, never through a translation.

use chrono::{DateTime, Utc};

use super::{date, day, time, Lang};
use crate::domain::notice::{
    BroadcastContent, BroadcastReport, ButtonLabel, FaqSnapshot, Relay, RelayKind, SessionInfo, SessionSnapshot,
};
use crate::domain::{Notice, Zone};
use crate::locale::clip;
use crate::t;

/// The text of `notice` for a reader of `lang` in `zone`, sent at `now`
/// (a reminder says how long is left). The caller splits it below
/// Telegram's limit.
pub fn render(notice: &Notice, lang: &Lang, zone: Zone, now: DateTime<Utc>) -> String {
    match notice {
        Notice::Reminder { session, code_required, .. } => {
            let mut out = reminder(lang, session, zone, now);
            if *code_required {
                out.push_str("\n\n");
                out.push_str(&super::attendance::reminder_code_line(lang));
            }
            out
        }
        Notice::Digest { day, sessions } => digest(lang, *day, sessions, zone),
        Notice::Change { before, after } => change(lang, before, after, zone),
        Notice::Promoted { course, title } => t!(lang, "notice-promoted", course = course, title = title),
        Notice::BroadcastReport(r) => broadcast_report(lang, r),
        Notice::Relay(r) => relay(lang, r),
        Notice::RelayFile { enquiry, asker } => {
            t!(lang, "notice-relay-file", id = *enquiry, name = clip(asker, 60))
        }
        Notice::Answer { enquiry, question, body, has_file } => {
            let framed = match (body.is_empty(), has_file) {
                (true, true) => t!(lang, "notice-answer-file-only"),
                (false, true) => format!("{body}\n\n{}", t!(lang, "notice-file-follows")),
                _ => body.clone(),
            };
            format!(
                "{}\n\n{framed}\n\n{}",
                t!(lang, "notice-answer", id = *enquiry, question = clip(question, 80)),
                t!(lang, "notice-answer-footer")
            )
        }
        Notice::AnswerFile { enquiry } => t!(lang, "notice-answer-file", id = *enquiry),
        Notice::AnsweredBy { enquiry, coordinator, answer } => format!(
            "{}\n\n{}",
            t!(lang, "notice-answered-by", id = *enquiry, coordinator = clip(coordinator, 60)),
            clip(answer, 300)
        ),
        Notice::Closed { enquiry, question } => {
            t!(lang, "notice-closed", id = *enquiry, question = clip(question, 80))
        }
        Notice::FaqAnswer { enquiry, question, entry } => format!(
            "{}\n\n{}\n\n{}",
            t!(lang, "notice-answer", id = *enquiry, question = clip(question, 80)),
            faq_snapshot(lang, entry),
            t!(lang, "notice-answer-footer")
        ),
        Notice::FiledBy { enquiry, coordinator, entry } => t!(
            lang,
            "notice-filed-by",
            id = *enquiry,
            coordinator = clip(coordinator, 60),
            topic = clip(faq_snapshot_topic(lang, entry), 120)
        ),
        Notice::Undelivered { enquiry, asker, reason } => {
            t!(lang, "notice-undelivered", id = *enquiry, name = clip(asker, 40), reason = clip(reason, 120))
        }
        Notice::FeedbackAsk { title, starts_at, .. } => super::feedback::ask(lang, title, *starts_at, zone),
        Notice::EvaluationInvite { course, title, questions } => {
            super::feedback::invite(lang, course, title, *questions)
        }
    }
}

/// A button's label under a queued notice, in the reader's language.
pub fn button_label(label: ButtonLabel, lang: &Lang) -> String {
    match label {
        ButtonLabel::FileUnderFaq => t!(lang, "learn-relay-button"),
        ButtonLabel::ImHere => t!(lang, "attendance-im-here-button"),
        ButtonLabel::Rating(n) => n.to_string(),
        ButtonLabel::SkipFeedback => t!(lang, "feedback-skip-button"),
        ButtonLabel::StartEvaluation => t!(lang, "evaluation-start-button"),
    }
}

/// An entry as it was when the notice was queued, as `lang`'s reader sees
/// it: in their language if it had it, else in its own with a line saying
/// so first (as `enquiries::faq_entry`).
fn faq_snapshot(lang: &Lang, e: &FaqSnapshot) -> String {
    match (e.in_language(lang), e.own()) {
        (Some(v), _) => format!("{}\n\n{}", v.question, v.answer),
        (None, Some(v)) => {
            let main = &e.language;
            let note = t!(lang, "faq-only-in", lang = main.as_str(), lang_name = super::language_name(main));
            format!("{note}\n\n{}\n\n{}", v.question, v.answer)
        }
        (None, None) => String::new(),
    }
}

/// An entry's question in `lang`, else its own.
fn faq_snapshot_topic<'a>(lang: &Lang, e: &'a FaqSnapshot) -> &'a str {
    e.in_language(lang).or_else(|| e.own()).map_or(e.id.as_str(), |v| v.question.as_str())
}

fn at(lang: &Lang, t: DateTime<Utc>, zone: Zone) -> String {
    time(lang, t.with_timezone(&zone.tz()).time())
}

/// "Tuesday 9 February, 09:30", "mardi 9 février à 9 h 30".
fn when(lang: &Lang, t: DateTime<Utc>, zone: Zone) -> String {
    let local = t.with_timezone(&zone.tz());
    t!(lang, "notice-when", day = day(lang, local.date_naive()), time = time(lang, local.time()))
}

fn reminder(lang: &Lang, s: &SessionInfo, zone: Zone, now: DateTime<Utc>) -> String {
    // Rounded up: a send a few seconds after the tick still says "15 min".
    let minutes = ((s.starts_at - now).num_seconds() + 59).div_euclid(60);
    let (start, zone_name) = (at(lang, s.starts_at, zone), zone.name());
    let mut out = if s.starts_at < now {
        let end = at(lang, s.ends_at(), zone);
        t!(lang, "notice-reminder-late", title = &s.title, start = start, end = end, zone = zone_name)
    } else if minutes == 0 {
        t!(lang, "notice-reminder-now", title = &s.title, start = start, zone = zone_name)
    } else {
        t!(lang, "notice-reminder", title = &s.title, minutes = minutes, start = start, zone = zone_name)
    };
    if let Some(room) = &s.room {
        out.push('\n');
        out.push_str(&t!(lang, "notice-room", room = room));
    }
    if let Some(speaker) = &s.speaker {
        out.push('\n');
        out.push_str(&t!(lang, "notice-speaker", speaker = speaker));
    }
    out
}

fn digest(lang: &Lang, d: chrono::NaiveDate, sessions: &[SessionInfo], zone: Zone) -> String {
    let mut out = t!(lang, "notice-digest-heading", day = date(lang, d), zone = zone.name());
    out.push('\n');
    for s in sessions {
        out.push('\n');
        out.push_str(&session_line(lang, s, zone));
    }
    out.push_str("\n\n");
    out.push_str(&t!(lang, "notice-digest-footer"));
    out
}

fn session_line(lang: &Lang, s: &SessionInfo, zone: Zone) -> String {
    let (start, end, title) = (at(lang, s.starts_at, zone), at(lang, s.ends_at(), zone), &s.title);
    match (&s.speaker, &s.room) {
        (None, None) => t!(lang, "notice-session", start = start, end = end, title = title),
        (Some(speaker), None) => {
            t!(lang, "notice-session-speaker", start = start, end = end, title = title, speaker = speaker)
        }
        (None, Some(room)) => t!(lang, "notice-session-room", start = start, end = end, title = title, room = room),
        (Some(speaker), Some(room)) => t!(
            lang,
            "notice-session-speaker-room",
            start = start,
            end = end,
            title = title,
            speaker = speaker,
            room = room
        ),
    }
}

fn change(lang: &Lang, before: &SessionSnapshot, after: &SessionSnapshot, zone: Zone) -> String {
    if after.cancelled && !before.cancelled {
        let key = if after.removed { "notice-change-removed" } else { "notice-change-cancelled" };
        return t!(lang, key, title = &after.title, when = when(lang, after.starts_at, zone));
    }
    let mut out = t!(lang, "notice-change", title = &after.title);
    if before.starts_at != after.starts_at || before.minutes != after.minutes || before.cancelled {
        out.push('\n');
        out.push_str(&t!(
            lang,
            "notice-change-time",
            when = when(lang, after.starts_at, zone),
            end = at(lang, after.ends_at(), zone),
            zone = zone.name(),
            was = when(lang, before.starts_at, zone)
        ));
    }
    if before.room != after.room {
        let room = after.room.clone().unwrap_or_else(|| t!(lang, "notice-room-to-be-announced"));
        let was = before.room.clone().unwrap_or_else(|| t!(lang, "notice-room-not-set"));
        out.push('\n');
        out.push_str(&t!(lang, "notice-change-room", room = room, was = was));
    }
    out
}

fn broadcast_report(lang: &Lang, r: &BroadcastReport) -> String {
    let audience = match &r.audience {
        None => t!(lang, "notice-report-everyone"),
        Some(code) => t!(lang, "notice-report-course", course = code),
    };
    let caption = |c: &Option<String>| clip(c.as_deref().unwrap_or(""), 30);
    let what = match &r.content {
        BroadcastContent::Text { text } => clip(text, 40),
        BroadcastContent::Photo { caption: c } => t!(lang, "notice-report-photo", caption = caption(c)),
        BroadcastContent::Document { caption: c } => t!(lang, "notice-report-document", caption = caption(c)),
        BroadcastContent::Unknown => t!(lang, "notice-report-unreadable"),
    };
    let mut out = t!(
        lang,
        "notice-report",
        id = r.broadcast,
        audience = audience,
        what = what.trim(),
        delivered = r.delivered,
        blocked = r.blocked,
        failed = r.failed
    );
    for (reason, count) in &r.failures {
        out.push_str("\n  ");
        out.push_str(&t!(lang, "notice-report-failure", count = *count, reason = reason));
    }
    out
}

/// The relay framing is the reader's; the question is the asker's, verbatim.
fn relay(lang: &Lang, r: &Relay) -> String {
    let title = match r.kind {
        RelayKind::New => "notice-relay-new",
        RelayKind::FollowUp => "notice-relay-follow-up",
        RelayKind::Reopened => "notice-relay-reopened",
    };
    let courses = if r.courses.is_empty() {
        t!(lang, "notice-relay-not-registered")
    } else {
        let named: Vec<String> = r
            .courses
            .iter()
            .map(|c| if c.waitlisted { t!(lang, "notice-relay-waitlisted", course = &c.code) } else { c.code.clone() })
            .collect();
        named.join(", ")
    };
    let handle = r.username.as_deref().map(|u| format!(" (@{u})")).unwrap_or_default();
    let mut out = t!(lang, title, id = r.enquiry);
    out.push('\n');
    out.push_str(&t!(lang, "notice-relay-from", name = &r.asker, handle = handle, courses = courses));
    if let Some(q) = &r.faq_missed {
        out.push('\n');
        out.push_str(&t!(lang, "notice-relay-faq-missed", question = clip(q, 80)));
    }
    let body = match (r.body.is_empty(), r.has_file) {
        (true, true) => t!(lang, "notice-relay-file-only"),
        (false, true) => format!("{}\n\n{}", r.body, t!(lang, "notice-file-follows")),
        _ => r.body.clone(),
    };
    format!("{out}\n\n{body}\n\n{}", t!(lang, "notice-relay-how-to-answer", id = r.enquiry))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::notice::CourseRef;
    use chrono::TimeZone;

    fn karachi(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, d, h, m, 0).unwrap().to_utc()
    }

    fn zone() -> Zone {
        Zone::parse("Asia/Karachi").unwrap()
    }

    fn fr() -> Lang {
        Lang::parse("fr").unwrap()
    }

    fn opening() -> SessionInfo {
        SessionInfo {
            id: "open".into(),
            title: "Opening and welcome".into(),
            starts_at: karachi(9, 9, 30),
            minutes: 60,
            room: Some("Hall A".into()),
            speaker: Some("Head of the Customs Administration".into()),
        }
    }

    #[test]
    fn a_reminder_says_how_long_is_left_when_it_is_sent() {
        let n = Notice::Reminder { course: "DAY-1".into(), session: opening(), code_required: false };
        let en = Lang::english();
        assert_eq!(
            render(&n, &en, zone(), karachi(9, 9, 15)),
            "Reminder: Opening and welcome starts in 15 min, at 09:30 (Asia/Karachi).\nRoom: Hall A\n\
             Speaker: Head of the Customs Administration"
        );
        assert!(render(&n, &en, zone(), karachi(9, 9, 30)).starts_with("Starting now: Opening and welcome (09:30,"));
        assert!(render(&n, &en, zone(), karachi(9, 9, 40))
            .starts_with("Under way: Opening and welcome began at 09:30 and runs until 10:30 (Asia/Karachi)."));
        assert!(render(&n, &fr(), zone(), karachi(9, 9, 15))
            .starts_with("Rappel\u{a0}: Opening and welcome commence dans 15 min, à 9 h 30 (Asia/Karachi)."));
    }

    #[test]
    fn a_digest_names_the_day_in_the_readers_language() {
        let risk = SessionInfo {
            id: "risk".into(),
            title: "Risk management".into(),
            starts_at: karachi(9, 11, 0),
            minutes: 90,
            room: None,
            speaker: None,
        };
        let n = Notice::Digest { day: karachi(9, 9, 0).date_naive(), sessions: vec![opening(), risk] };
        let fr = render(&n, &fr(), zone(), karachi(9, 7, 0));
        assert!(fr.starts_with("Vos séances d'aujourd'hui, mardi 9 février 2021"), "{fr}");
        assert!(fr.contains("\n9 h 30–10 h 30  Opening and welcome — Head of the Customs Administration (Hall A)\n"));
        assert!(fr.contains("\n11 h 00–12 h 30  Risk management\n"), "{fr}");
    }

    #[test]
    fn a_change_says_what_moved_and_a_removal_says_so() {
        let before = SessionSnapshot {
            id: "risk".into(),
            course_code: "DAY-1".into(),
            title: "Risk management".into(),
            starts_at: karachi(9, 11, 0),
            minutes: 90,
            room: Some("Hall B".into()),
            cancelled: false,
            removed: false,
        };
        let moved = SessionSnapshot { starts_at: karachi(9, 14, 0), room: None, ..before.clone() };
        let en = Lang::english();
        assert_eq!(
            render(&Notice::Change { before: before.clone(), after: moved }, &en, zone(), karachi(9, 8, 0)),
            "Programme change for \"Risk management\":\nNow Tuesday 9 February, 14:00–15:30 (Asia/Karachi), was \
             Tuesday 9 February, 11:00.\nRoom: to be announced (was Hall B)."
        );
        let removed = SessionSnapshot { cancelled: true, removed: true, ..before.clone() };
        assert_eq!(
            render(&Notice::Change { before, after: removed }, &fr(), zone(), karachi(9, 8, 0)),
            "Retirée du programme\u{a0}: la séance «\u{a0}Risk management\u{a0}» du mardi 9 février à 11 h 00 n'aura \
             pas lieu."
        );
    }

    #[test]
    fn a_relay_frames_the_question_in_the_readers_language_and_leaves_it_as_typed() {
        let r = Relay {
            enquiry: 7,
            kind: RelayKind::New,
            faq_missed: None,
            asker: "Ayesha Khan".into(),
            username: Some("ayesha".into()),
            courses: vec![CourseRef { code: "CECAC-PILOT".into(), waitlisted: false }],
            body: "Où est la salle B ?".into(),
            has_file: false,
        };
        assert_eq!(
            render(&Notice::Relay(r.clone()), &Lang::english(), zone(), karachi(9, 8, 0)),
            "Enquiry #7 — new question\nFrom: Ayesha Khan (@ayesha)\nCourse: CECAC-PILOT\n\nOù est la salle B ?\n\n\
             Reply to this message to answer, or send /reply 7 followed by the answer. /close 7 when it is done."
        );
        let waiting =
            Relay { courses: vec![CourseRef { code: "CECAC-2".into(), waitlisted: true }], username: None, ..r };
        let fr = render(&Notice::Relay(waiting), &fr(), zone(), karachi(9, 8, 0));
        assert!(fr.contains("De\u{a0}: Ayesha Khan\nFormation\u{a0}: CECAC-2 (liste d'attente)\n\nOù est la salle B ?"));
    }

    #[test]
    fn a_report_counts_with_the_readers_digits() {
        let r = BroadcastReport {
            broadcast: 4,
            audience: Some("DAY-1".into()),
            content: BroadcastContent::Text { text: "The closing ceremony moves to Hall A.".into() },
            delivered: 2000,
            blocked: 1,
            failed: 1,
            failures: vec![("Bad Request: chat not found".into(), 1)],
        };
        assert_eq!(
            render(&Notice::BroadcastReport(r), &Lang::english(), zone(), karachi(9, 8, 0)),
            "Broadcast report #4 to participants of DAY-1: \"The closing ceremony moves to Hall A.\"\nDelivered: \
             2,000\nBlocked the bot: 1\nFailed: 1\n  1 × Bad Request: chat not found"
        );
    }
}
