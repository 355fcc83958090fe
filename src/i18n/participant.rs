//! What participants read, put together from data: the registration
//! dialogue and its refusals, /profile, the programme (/schedule, /today,
//! /next), /language, /help and the command menus. The words are in
//! `locales/<language>/participant.ftl`; this module only chooses messages
//! and fills them in.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::{capitalized, date, duration, is_available, language_name, languages, time, Lang};
use crate::db::{CourseRow, Person, ProfileField, RegistrationRow, SessionRow};
use crate::domain::{Invalid, RegistrationStatus, YEARS};
use crate::locale::clip;
use crate::t;

// ------------------------------------------------------------ registration

/// Why a typed value was refused, as the end of a sentence that starts with
/// the value ("Your name …", "The position …").
pub fn reason(lang: &Lang, e: &Invalid) -> String {
    match *e {
        Invalid::Length { min, max, got } => t!(lang, "reason-length", min = min, max = max, got = got),
        Invalid::ControlCharacters => t!(lang, "reason-control-characters"),
        Invalid::LineBreak => t!(lang, "reason-line-break"),
        Invalid::BidiControl => t!(lang, "reason-bidi-control"),
        Invalid::Invisible { min } => t!(lang, "reason-invisible", min = min),
        Invalid::Email => t!(lang, "reason-email"),
        Invalid::CourseCode => t!(lang, "reason-course-code"),
        Invalid::Identifier { max } => t!(lang, "reason-identifier", max = max),
        Invalid::Zone => t!(lang, "reason-zone"),
        Invalid::LocalTime => t!(lang, "reason-local-time"),
        Invalid::QuietHours => t!(lang, "reason-quiet-hours"),
        Invalid::DateTime => t!(lang, "reason-date-time"),
        // Years are written without grouping (2000, not 2,000).
        Invalid::Year => t!(lang, "reason-year", first = YEARS.start().to_string(), last = YEARS.end().to_string()),
        Invalid::Date => t!(lang, "reason-date"),
        Invalid::TimeOfDay => t!(lang, "reason-time-of-day"),
        Invalid::Enrolment => t!(lang, "reason-enrolment"),
        Invalid::Language => t!(lang, "reason-language"),
        Invalid::Rating => t!(lang, "reason-rating"),
    }
}

/// The question that asks for a profile field.
pub fn prompt(lang: &Lang, f: ProfileField) -> String {
    match f {
        ProfileField::Name => t!(lang, "ask-name"),
        ProfileField::Administration => t!(lang, "ask-administration"),
        ProfileField::Position => t!(lang, "ask-position"),
        ProfileField::Email => t!(lang, "ask-email"),
    }
}

/// A sticker or a photo where a field's answer was expected.
pub fn text_expected(lang: &Lang, f: ProfileField) -> String {
    t!(lang, "text-expected", prompt = prompt(lang, f))
}

/// A refused answer for a field, and the request to send it again.
pub fn invalid(lang: &Lang, f: ProfileField, e: &Invalid, typed: &str) -> String {
    let why = reason(lang, e);
    match f {
        ProfileField::Name => t!(lang, "invalid-name", reason = why),
        ProfileField::Administration => t!(lang, "invalid-administration", reason = why),
        ProfileField::Position => t!(lang, "invalid-position", reason = why),
        // What is wrong with an address is best shown by the address.
        ProfileField::Email => t!(lang, "invalid-email", typed = clip(typed, 100)),
    }
}

/// A field's button under the registration summary's Edit.
pub fn field_button(lang: &Lang, f: ProfileField) -> String {
    match f {
        ProfileField::Name => t!(lang, "button-name"),
        ProfileField::Administration => t!(lang, "button-administration"),
        ProfileField::Position => t!(lang, "button-position"),
        ProfileField::Email => t!(lang, "button-email"),
    }
}

/// A field's button under /profile.
pub fn edit_button(lang: &Lang, f: ProfileField) -> String {
    match f {
        ProfileField::Name => t!(lang, "button-edit-name"),
        ProfileField::Administration => t!(lang, "button-edit-administration"),
        ProfileField::Position => t!(lang, "button-edit-position"),
        ProfileField::Email => t!(lang, "button-edit-email"),
    }
}

/// "CECAC-PILOT — CECAC pilot course for Assistant Collectors".
pub fn course_label(lang: &Lang, c: &CourseRow) -> String {
    t!(lang, "course-label", code = c.code.as_str(), title = c.title.as_str())
}

/// The answers so far, each as typed; `course` as [`course_label`].
pub struct Answers<'a> {
    pub name: &'a str,
    pub administration: &'a str,
    pub position: &'a str,
    pub email: &'a str,
    pub course: &'a str,
}

pub fn summary(lang: &Lang, a: &Answers<'_>) -> String {
    t!(
        lang,
        "summary",
        name = a.name,
        administration = a.administration,
        position = a.position,
        email = a.email,
        course = a.course,
    )
}

pub fn registered(lang: &Lang, c: &CourseRow) -> String {
    t!(lang, "registered", code = c.code.as_str(), title = c.title.as_str())
}

pub fn waitlisted(lang: &Lang, c: &CourseRow, position: i64) -> String {
    t!(lang, "waitlisted", code = c.code.as_str(), title = c.title.as_str(), position = position)
}

/// Someone asking to register for a course they are already in (or
/// waiting for).
pub fn already(lang: &Lang, c: &CourseRow, status: RegistrationStatus) -> String {
    match status {
        RegistrationStatus::Waitlisted => t!(lang, "already-waitlisted", code = c.code.as_str()),
        _ => t!(lang, "already-registered", code = c.code.as_str()),
    }
}

// ----------------------------------------------------------------- profile

pub fn status(lang: &Lang, s: RegistrationStatus) -> String {
    t!(lang, "registration-status", status = s.as_str())
}

/// What /profile shows. `lang` is the language the person reads, named in
/// the profile as chosen or automatic; `digest` their digest time.
pub fn profile(lang: &Lang, p: &Person, regs: &[RegistrationRow], zone: &str, digest: NaiveTime) -> String {
    let value = |v: Option<&str>| v.map(str::to_owned).unwrap_or_else(|| t!(lang, "not-set"));
    let courses = if regs.is_empty() {
        t!(lang, "profile-no-courses")
    } else {
        regs.iter()
            .map(|r| {
                let course = t!(lang, "course-label", code = r.course_code.as_str(), title = r.course_title.as_str());
                t!(lang, "profile-course", course = course, status = status(lang, r.status()))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let chosen = p.language.as_ref().is_some_and(is_available);
    let language = if chosen {
        t!(lang, "profile-language-chosen", language = language_name(lang))
    } else {
        t!(lang, "profile-language-automatic", language = language_name(lang))
    };
    t!(
        lang,
        "profile",
        name = value(p.full_name.as_ref().map(|x| x.as_str())),
        administration = value(p.administration.as_ref().map(|x| x.as_str())),
        position = value(p.position.as_ref().map(|x| x.as_str())),
        email = value(p.email.as_ref().map(|x| x.as_str())),
        zone = zone,
        reminders = if p.reminders_on { "on" } else { "off" },
        digest = time(lang, digest),
        language = language,
        courses = courses,
    )
}

// ---------------------------------------------------------------- programme

/// A day at the start of a line, with its year: "Tuesday 9 February 2021",
/// "Mardi 9 février 2021".
pub fn date_heading(lang: &Lang, d: NaiveDate) -> String {
    capitalized(&date(lang, d))
}

/// "09:30–10:30  Opening and welcome — Speaker (Hall A)", in `zone`.
pub fn session_line(lang: &Lang, s: &SessionRow, zone: Tz) -> String {
    let start = time(lang, s.starts_at.with_timezone(&zone).time());
    let end = time(lang, s.ends_at().with_timezone(&zone).time());
    let mut line = t!(lang, "session-line", start = start, end = end, title = s.title.as_str());
    if let Some(speaker) = &s.speaker {
        line = t!(lang, "session-line-with-speaker", line = line, speaker = speaker);
    }
    if let Some(room) = &s.room {
        line = t!(lang, "session-line-with-room", line = line, room = room);
    }
    if s.cancelled {
        line = t!(lang, "session-line-cancelled", line = line);
    }
    line
}

/// /schedule: each course with its sessions by day, times in `zone`.
/// `registered`: these are the person's courses (else the whole programme,
/// said first).
pub fn schedule(lang: &Lang, registered: bool, courses: &[(CourseRow, Vec<SessionRow>)], zone: Tz) -> String {
    let mut out = String::new();
    if !registered {
        out.push_str(&t!(lang, "not-registered-showing-all"));
        out.push_str("\n\n");
    }
    for (c, sessions) in courses {
        let heading = t!(
            lang,
            "schedule-course-heading",
            course = course_label(lang, c),
            location = c.location.as_str(),
            zone = zone.name(),
        );
        out.push_str(&heading);
        out.push('\n');
        if sessions.is_empty() {
            out.push_str(&t!(lang, "no-sessions"));
            out.push('\n');
        }
        let mut day: Option<NaiveDate> = None;
        for s in sessions {
            let d = s.starts_at.with_timezone(&zone).date_naive();
            if day != Some(d) {
                out.push('\n');
                out.push_str(&date_heading(lang, d));
                out.push('\n');
                day = Some(d);
            }
            out.push_str(&session_line(lang, s, zone));
            out.push('\n');
        }
        out.push('\n');
    }
    if courses.is_empty() {
        out.push_str(&t!(lang, "no-sessions"));
    }
    out.trim_end().to_owned()
}

/// /today: `day`'s sessions in `zone`; each tagged with its course when
/// the person follows several.
pub fn today(lang: &Lang, day: NaiveDate, zone: Tz, sessions: &[SessionRow], tag_course: bool) -> String {
    if sessions.is_empty() {
        return t!(lang, "no-sessions-today", date = date(lang, day));
    }
    let mut out = t!(lang, "today-heading", date = date(lang, day), zone = zone.name());
    out.push('\n');
    for s in sessions {
        out.push('\n');
        let line = session_line(lang, s, zone);
        if tag_course {
            out.push_str(&t!(lang, "session-line-of-course", code = s.course_code.as_str(), line = line));
        } else {
            out.push_str(&line);
        }
    }
    out
}

/// /next: the session `s`, how long until it starts, and when.
pub fn next_session(lang: &Lang, s: &SessionRow, zone: Tz, now: DateTime<Utc>) -> String {
    let wait = s.starts_at - now;
    let when = if wait.num_minutes() < 48 * 60 {
        t!(lang, "next-in", duration = duration(lang, wait))
    } else {
        t!(lang, "next-in-days", days = wait.num_days())
    };
    t!(
        lang,
        "next-session",
        code = s.course_code.as_str(),
        when = when,
        date = date_heading(lang, s.starts_at.with_timezone(&zone).date_naive()),
        line = session_line(lang, s, zone),
    )
}

// ---------------------------------------------------------------- settings

/// After /digest HH:MM; a time inside the quiet hours is said to come when
/// they end.
pub fn digest_set(lang: &Lang, at: NaiveTime, zone: &str, quiet: Option<(NaiveTime, NaiveTime)>) -> String {
    let mut out = t!(lang, "digest-set", time = time(lang, at), zone = zone);
    if let Some((start, end)) = quiet {
        out.push(' ');
        out.push_str(&t!(lang, "digest-in-quiet-hours", start = time(lang, start), end = time(lang, end)));
    }
    out
}

pub fn timezone_unknown(lang: &Lang, typed: &str) -> String {
    t!(lang, "timezone-unknown", typed = clip(typed, 60))
}

pub fn digest_invalid(lang: &Lang, typed: &str) -> String {
    t!(lang, "digest-invalid", typed = clip(typed, 20))
}

pub fn unknown_course(lang: &Lang, typed: &str) -> String {
    t!(lang, "unknown-course", code = clip(typed, 40))
}

pub fn unknown_command(lang: &Lang, typed: &str) -> String {
    t!(lang, "unknown-command", command = clip(typed, 40))
}

// ---------------------------------------------------------------- language

/// What someone asked for with `/language …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanguageChoice {
    /// Follow their Telegram's language (else their course's).
    Automatic,
    Chosen(Lang),
}

/// Reads a typed choice: a language's code ("fr", "fr-FR"), its own name
/// ("Français") or one of the words its translation lists
/// (`language-words`: "french", "francais"…), or one of the words for
/// "automatic" in any language. Case does not matter.
pub fn language_choice(typed: &str) -> Option<LanguageChoice> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return None;
    }
    let listed = |words: String| words.split(',').any(|w| w.trim().to_lowercase() == typed);
    let all = languages();
    if all.iter().any(|l| listed(t!(l, "language-automatic-words"))) {
        return Some(LanguageChoice::Automatic);
    }
    let named = all.iter().find(|l| language_name(l).to_lowercase() == typed || listed(t!(l, "language-words")));
    if let Some(l) = named {
        return Some(LanguageChoice::Chosen(l.clone()));
    }
    Lang::parse(&typed).ok().filter(is_available).map(LanguageChoice::Chosen)
}

/// /language without an argument: which language is in use and how, above
/// the buttons.
pub fn language_menu(lang: &Lang, chosen: bool) -> String {
    t!(lang, "language-menu", chosen = if chosen { "yes" } else { "no" })
}

/// The confirmation, said in the language now in use.
pub fn language_set(now: &Lang, choice: &LanguageChoice) -> String {
    match choice {
        LanguageChoice::Automatic => t!(now, "language-set-automatic"),
        LanguageChoice::Chosen(_) => t!(now, "language-set"),
    }
}

/// A language the bot does not write in, and the ones it does.
pub fn language_unknown(lang: &Lang, typed: &str) -> String {
    let options: Vec<String> =
        languages().iter().map(|l| t!(lang, "language-option", name = language_name(l), code = l.as_str())).collect();
    t!(lang, "language-unknown", typed = clip(typed, 30), languages = options.join(", "))
}

// ------------------------------------------------------------ command menus

/// Each command with its description, for Telegram's menu and /help.
/// `coordinator` picks the coordinators' wording of a command both roles
/// have (/help).
pub fn commands(lang: &Lang, names: &[&'static str], coordinator: bool) -> Vec<(&'static str, String)> {
    names
        .iter()
        .map(|&name| {
            // A command both roles have, that does something else for a
            // coordinator, is described for them on its own.
            let key = if coordinator && (name == "help" || name == "attendance" || name == "calendar") {
                format!("command-{name}-coordinator")
            } else {
                format!("command-{name}")
            };
            (name, t!(lang, &key))
        })
        .collect()
}

fn command_lines(lang: &Lang, list: &[(&str, String)]) -> String {
    list.iter().map(|(c, d)| t!(lang, "command-line", command = *c, description = d)).collect::<Vec<_>>().join("\n")
}

/// /help for a participant.
pub fn participant_help(lang: &Lang, list: &[(&str, String)]) -> String {
    t!(lang, "help-participant", commands = command_lines(lang, list))
}

/// /help for a coordinator: their commands, then the participants'.
pub fn coordinator_help(lang: &Lang, own: &[(&str, String)], participant: &[(&str, String)]) -> String {
    t!(lang, "help-coordinator", own = command_lines(lang, own), participant = command_lines(lang, participant))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr() -> Lang {
        Lang::parse("fr").unwrap()
    }

    #[test]
    fn a_refusal_reads_in_the_readers_language() {
        let e = Invalid::Length { min: 2, max: 100, got: 101 };
        assert_eq!(
            invalid(&Lang::english(), ProfileField::Name, &e, ""),
            "Your name must be between 2 and 100 characters (got 101). Please send your full name again."
        );
        assert_eq!(
            invalid(&fr(), ProfileField::Name, &e, ""),
            "Votre nom doit comporter entre 2 et 100 caractères (vous en avez envoyé 101). \
             Veuillez renvoyer votre nom complet."
        );
        assert_eq!(
            reason(&Lang::english(), &Invalid::Year),
            "must be in a year from 2000 to 2100, written with four digits"
        );
        assert!(reason(&fr(), &Invalid::Invisible { min: 1 }).ends_with("1 caractère visible"));
        assert!(reason(&fr(), &Invalid::Invisible { min: 2 }).ends_with("2 caractères visibles"));
    }

    #[test]
    fn every_refusal_matches_the_english_display_of_the_domain() {
        // The domain's own wording stays for configuration errors; the
        // English messages say the same to people.
        let all = [
            Invalid::Length { min: 2, max: 200, got: 1 },
            Invalid::ControlCharacters,
            Invalid::LineBreak,
            Invalid::BidiControl,
            Invalid::Invisible { min: 2 },
            Invalid::Email,
            Invalid::CourseCode,
            Invalid::Identifier { max: 60 },
            Invalid::Zone,
            Invalid::LocalTime,
            Invalid::QuietHours,
            Invalid::DateTime,
            Invalid::Year,
            Invalid::Date,
            Invalid::TimeOfDay,
            Invalid::Enrolment,
            Invalid::Language,
        ];
        for e in all {
            assert_eq!(reason(&Lang::english(), &e), e.to_string());
        }
    }

    #[test]
    fn a_language_is_chosen_by_its_code_its_name_or_a_word_for_it() {
        let fr = || Some(LanguageChoice::Chosen(fr()));
        for typed in ["fr", "FR", "fr-FR", "Français", "français", "francais", "French"] {
            assert_eq!(language_choice(typed), fr(), "{typed}");
        }
        for typed in ["en", "English", "anglais"] {
            assert_eq!(language_choice(typed), Some(LanguageChoice::Chosen(Lang::english())), "{typed}");
        }
        for typed in ["auto", "Automatique", "default"] {
            assert_eq!(language_choice(typed), Some(LanguageChoice::Automatic), "{typed}");
        }
        for typed in ["", "ur", "klingon", "xx-YY"] {
            assert_eq!(language_choice(typed), None, "{typed}");
        }
    }

    #[test]
    fn an_unknown_language_is_answered_with_the_ones_there_are() {
        assert_eq!(
            language_unknown(&Lang::english(), "klingon"),
            "I don't write in \"klingon\". I can write in: English (/language en), Français (/language fr). \
             Or send /language auto to follow your Telegram's language."
        );
    }

    fn opening(starts_at: DateTime<Utc>) -> SessionRow {
        SessionRow {
            id: "a".into(),
            course_code: "CECAC-PILOT".into(),
            starts_at,
            minutes: 60,
            title: "Opening and welcome".into(),
            speaker: None,
            room: Some("Hall A".into()),
            cancelled: false,
        }
    }

    #[test]
    fn today_tags_each_session_with_its_course_when_there_are_several() {
        use chrono::TimeZone;
        let zone = chrono_tz::Asia::Karachi;
        let mut s = opening(zone.with_ymd_and_hms(2021, 2, 9, 9, 30, 0).unwrap().to_utc());
        s.cancelled = true;
        let day = NaiveDate::from_ymd_opt(2021, 2, 9).unwrap();
        assert_eq!(
            today(&Lang::english(), day, zone, std::slice::from_ref(&s), true),
            "Today, Tuesday 9 February 2021 (times in Asia/Karachi):\n\n\
             [CECAC-PILOT] 09:30–10:30  Opening and welcome (Hall A) [cancelled]"
        );
        assert_eq!(today(&fr(), day, zone, &[], false), "Aucune séance aujourd'hui (mardi 9 février 2021).");
    }

    #[test]
    fn the_next_session_is_in_minutes_hours_or_days() {
        use chrono::TimeZone;
        let zone = chrono_tz::Asia::Karachi;
        let at = |d, h, m| zone.with_ymd_and_hms(2021, 2, d, h, m, 0).unwrap().to_utc();
        let s = opening(at(9, 9, 30));
        assert_eq!(
            next_session(&Lang::english(), &s, zone, at(9, 8, 0)),
            "Next session (CECAC-PILOT), in 1 h 30 min:\nTuesday 9 February 2021\n09:30–10:30  Opening and welcome (Hall A)"
        );
        assert_eq!(
            next_session(&fr(), &s, zone, at(6, 9, 0)),
            "Prochaine séance (CECAC-PILOT), dans 3 jours\u{a0}:\nMardi 9 février 2021\n9 h 30 – 10 h 30  Opening and welcome (Hall A)"
        );
    }
}
