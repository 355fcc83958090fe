//! Every user-visible string. Tests assert against these, and a translation
//! later replaces this module alone. Messages are sent as plain text (no parse
//! mode), so whatever people typed is shown back exactly.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::db::{CourseRow, Person, RegistrationRow, SessionRow};
use crate::domain::{Invalid, LocalDateTime, RegistrationStatus, Zone};

pub const NOT_ALLOWED: &str = "Sorry, that command is for the programme's coordinators only.";
pub const NOTHING_TO_CANCEL: &str = "There is nothing to cancel. Send /help to see what I can do.";
pub const CANCELLED: &str = "Cancelled. Nothing was changed.";

pub fn unknown_command(cmd: &str) -> String {
    format!("I don't know the command {cmd}. Send /help to see what I can do.")
}

pub fn welcome(programme: &str, contact: &str) -> String {
    format!(
        "Welcome to the {programme} assistant.\n\n\
         I can register you for a course, show the programme and remind you before each session.\n\n\
         Privacy: I store what you tell me (name, administration, position, e-mail, course, settings and the questions you ask) \
         so the coordinators can run the course. /mydata shows all of it; /forgetme deletes it. \
         Questions about your data: {contact}.\n\n\
         Send /register to register, /schedule for the programme, /help for everything else."
    )
}

pub fn participant_help(commands: &str) -> String {
    format!("What I can do:\n{commands}")
}

pub fn coordinator_help(own: &str, participant: &str) -> String {
    format!("Coordinator commands:\n{own}\n\nParticipant commands (you can use them too):\n{participant}")
}

// --------------------------------------------------------------- enquiries

/// Who asked, as a relay shows it: their own name and course, nothing else.
pub fn asker_line(name: &str, username: Option<&str>, course: Option<&str>) -> String {
    let handle = username.map(|u| format!(" (@{u})")).unwrap_or_default();
    let course = course.unwrap_or("not registered");
    format!("From: {name}{handle}\nCourse: {course}")
}

pub enum RelayKind<'a> {
    New { faq_missed: Option<&'a str> },
    FollowUp { reopened: bool },
}

pub fn relay(id: i64, kind: RelayKind, asker: &str, body: &str, has_file: bool) -> String {
    let (title, note) = match kind {
        RelayKind::New { faq_missed } => (
            "new question",
            faq_missed.map(|q| format!("\nThe FAQ answer \"{}\" did not help.", clip(q, 80))).unwrap_or_default(),
        ),
        RelayKind::FollowUp { reopened: true } => ("follow-up, reopened", String::new()),
        RelayKind::FollowUp { reopened: false } => ("follow-up", String::new()),
    };
    let body = match (body.is_empty(), has_file) {
        (true, true) => "(a file, sent next, without a caption)".to_owned(),
        (false, true) => format!("{body}\n\n(a file follows)"),
        _ => body.to_owned(),
    };
    format!(
        "Enquiry #{id} — {title}\n{asker}{note}\n\n{body}\n\nReply to this message to answer, or send /reply {id} \
         followed by the answer. /close {id} when it is done."
    )
}

pub fn relay_file_caption(id: i64, asker_name: &str) -> String {
    format!("Enquiry #{id} — file from {}. Reply to this message to answer.", clip(asker_name, 60))
}

pub fn answer_to_asker(id: i64, question: &str, body: &str, has_file: bool) -> String {
    let body = match (body.is_empty(), has_file) {
        (true, true) => "The coordinators sent you a file (next message).".to_owned(),
        (false, true) => format!("{body}\n\n(a file follows)"),
        _ => body.to_owned(),
    };
    format!(
        "Answer to your enquiry #{id} (\"{}\"):\n\n{body}\n\nIf you need more, reply to this message.",
        clip(question, 80)
    )
}

/// To the other coordinators, when there is no staff group to see it.
pub fn answered_by(id: i64, coordinator: &str, answer: &str) -> String {
    format!("Enquiry #{id} was answered by {}:\n\n{}", clip(coordinator, 60), clip(answer, 300))
}

pub fn answer_file_caption(id: i64) -> String {
    format!("Enquiry #{id} — file from the coordinators.")
}

pub fn closed_to_asker(id: i64, question: &str) -> String {
    format!(
        "Your enquiry #{id} (\"{}\") was closed by the coordinators without a written answer. If you still need \
         help, ask again.",
        clip(question, 80)
    )
}

/// Told to the coordinators when an answer (or word that an enquiry was
/// closed) cannot reach its asker for good.
pub fn answer_undelivered(id: i64, name: &str, reason: &str) -> String {
    format!(
        "⚠ Enquiry #{id}: the answer could not be delivered to {} ({}). /enquiries lists it until an answer gets through.",
        clip(name, 40),
        clip(reason, 120)
    )
}

pub fn stats_enquiries(s: &crate::db::enquiries::EnquiryStats) -> String {
    // `age` became `i18n::duration`; this stays English until /stats is translated.
    let median = s
        .median_first_answer
        .map(|d| crate::i18n::duration(&crate::domain::Lang::english(), d))
        .unwrap_or_else(|| "none answered yet".to_owned());
    format!(
        "Enquiries: opened {}, open now {}, answered by a coordinator {}, closed without an answer {}\n\
         Questions answered from the FAQ: {} (helpful {}, not helpful {})\n\
         Median time to the first answer: {median}",
        s.opened, s.open, s.answered_by_coordinator, s.closed_unanswered, s.auto_answered, s.helpful, s.not_helpful
    )
}

// ------------------------------------------------------------ registration

pub const ASK_NAME: &str = "What is your full name, as it should appear on your certificate?";
pub const ASK_ADMINISTRATION: &str =
    "Which administration (organisation) do you work for? For example: Pakistan Customs.";
pub const ASK_POSITION: &str = "What is your position? For example: Assistant Collector.";
pub const ASK_EMAIL: &str = "What is your e-mail address?";
pub const ASK_COURSE: &str = "Which course are you registering for?";
pub const NO_OPEN_COURSES: &str =
    "No course is open for registration at the moment. If you were invited, use the link in your invitation.";
pub const USE_THE_BUTTONS: &str =
    "Please use the buttons above: Confirm, or Edit to change something. Send /cancel to stop.";
pub const PICK_A_COURSE: &str = "Please choose a course with the buttons above, or send /cancel to stop.";
pub const WHICH_FIELD: &str = "What would you like to change?";
pub const CONFIRM: &str = "Confirm";
pub const EDIT: &str = "Edit";
pub const BUTTON_NAME: &str = "Name";
pub const BUTTON_ADMINISTRATION: &str = "Administration";
pub const BUTTON_POSITION: &str = "Position";
pub const BUTTON_EMAIL: &str = "E-mail";
pub const BUTTON_COURSE: &str = "Course";

pub fn text_expected(prompt: &str) -> String {
    format!("Please answer with text. {prompt}")
}

pub fn invalid_name(e: &Invalid) -> String {
    format!("Your name {e}. Please send your full name again.")
}

pub fn invalid_field(label: &str, e: &Invalid) -> String {
    format!("The {label} {e}. Please send it again.")
}

pub fn invalid_email(typed: &str) -> String {
    format!(
        "\"{}\" doesn't look like an e-mail address (like name@example.org). Please send it again.",
        clip(typed, 100)
    )
}

pub fn unknown_course(typed: &str) -> String {
    format!("I don't know the course \"{}\".", clip(typed, 40))
}

pub fn course_is_invite_only(code: &str) -> String {
    format!("The course {code} is by invitation only. Please use the link in your invitation.")
}

pub fn course_closed(code: &str) -> String {
    format!("The course {code} is no longer in the programme.")
}

pub fn summary(name: &str, administration: &str, position: &str, email: &str, course: &str) -> String {
    format!(
        "Please check your registration:\n\n\
         Name: {name}\nAdministration: {administration}\nPosition: {position}\nE-mail: {email}\nCourse: {course}\n\n\
         Is everything right?"
    )
}

pub fn registered(course: &CourseRow) -> String {
    format!(
        "You are registered for {} — {}. Send /schedule to see the programme; I will remind you before each session.",
        course.code, course.title
    )
}

pub fn waitlisted(course: &CourseRow, position: i64) -> String {
    format!(
        "{} — {} is full, so you are on the waiting list (number {position}). \
         I will tell you as soon as a place frees up.",
        course.code, course.title
    )
}

pub fn already(course: &CourseRow, status: RegistrationStatus) -> String {
    match status {
        RegistrationStatus::Waitlisted => {
            format!("You are already on the waiting list for {}.", course.code)
        }
        _ => format!("You are already registered for {}. Send /profile to see your details.", course.code),
    }
}

pub fn promoted(code: &str) -> String {
    format!(
        "Good news: a place has freed up and you are now registered for {code}. Send /schedule to see the programme."
    )
}

// ----------------------------------------------------------------- profile

pub const NO_PROFILE: &str = "I have no details about you yet. Send /register to register for a course.";
pub const FIELD_SAVED: &str = "Saved.";

pub fn profile(p: &Person, regs: &[RegistrationRow], zone: &str, digest: &str) -> String {
    let v = |o: Option<&str>| o.map(str::to_owned).unwrap_or_else(|| "—".to_owned());
    let mut s = format!(
        "Your details:\n\nName: {}\nAdministration: {}\nPosition: {}\nE-mail: {}\nTime zone: {zone}\n\
         Reminders: {}\nDaily digest: {digest}\n",
        v(p.full_name.as_ref().map(|x| x.as_str())),
        v(p.administration.as_ref().map(|x| x.as_str())),
        v(p.position.as_ref().map(|x| x.as_str())),
        v(p.email.as_ref().map(|x| x.as_str())),
        if p.reminders_on { "on" } else { "off" },
    );
    s.push_str("\nCourses:\n");
    if regs.is_empty() {
        s.push_str("none yet — send /register\n");
    }
    for r in regs {
        s.push_str(&format!("{} — {}: {}\n", r.course_code, r.course_title, status_label(r.status())));
    }
    s.push_str("\nTap a button to change a field.");
    s
}

pub fn status_label(s: RegistrationStatus) -> &'static str {
    match s {
        RegistrationStatus::Registered => "registered",
        RegistrationStatus::Waitlisted => "waiting list",
        RegistrationStatus::Withdrawn => "withdrawn",
    }
}

// ---------------------------------------------------------------- withdraw

pub const NOTHING_TO_WITHDRAW: &str = "You are not registered for any course.";
pub const WITHDRAW_WHICH: &str =
    "Which course do you want to leave? Your registration is kept as withdrawn for the record.";
pub const KEEP_MY_PLACE: &str = "Keep my place";
pub const KEPT: &str = "Fine, nothing changed.";

pub fn withdraw_button(code: &str) -> String {
    format!("Leave {code}")
}

pub fn withdrawn(code: &str) -> String {
    format!("You have left {code}. You can register again with /register while it has places.")
}

pub fn not_in_course(code: &str) -> String {
    format!("You are not registered for {code}.")
}

// ------------------------------------------------------------------- forget

pub const FORGET_CONFIRM: &str =
    "This deletes your name, administration, position, e-mail, registrations, settings, questions and enquiries, \
     and every message I sent you or still had to send. Coordinators will no longer see you on the roster. Are you sure?";
pub const FORGET_YES: &str = "Yes, delete my data";
pub const FORGET_NO: &str = "No, keep it";
pub const FORGOTTEN: &str = "Your personal data has been deleted. Send /start if you want to come back.";
pub const MYDATA_CAPTION: &str = "Everything I store about you, as a JSON document.";

// ----------------------------------------------------------------- schedule

pub const NOT_REGISTERED_SHOWING_ALL: &str = "You are not registered for a course yet, so here is the whole programme.";
pub const NO_SESSIONS: &str = "No sessions are scheduled.";

pub fn course_heading(c: &CourseRow, zone: Tz) -> String {
    format!("{} — {}\n{}\nTimes in {}", c.code, c.title, c.location, zone.name())
}

pub fn day_heading(day: chrono::NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

pub fn session_line(s: &SessionRow, zone: Tz) -> String {
    let start = s.starts_at.with_timezone(&zone);
    let end = s.ends_at().with_timezone(&zone);
    let mut line = format!("{}–{}  {}", start.format("%H:%M"), end.format("%H:%M"), s.title);
    if let Some(sp) = &s.speaker {
        line.push_str(&format!(" — {sp}"));
    }
    if let Some(room) = &s.room {
        line.push_str(&format!(" ({room})"));
    }
    if s.cancelled {
        line.push_str(" [cancelled]");
    }
    line
}

pub fn no_sessions_today(day: chrono::NaiveDate) -> String {
    format!("No sessions today ({}).", day_heading(day))
}

pub fn today_heading(day: chrono::NaiveDate, zone: Tz) -> String {
    format!("Today, {} (times in {}):", day_heading(day), zone.name())
}

pub const NO_NEXT_SESSION: &str = "There are no more sessions scheduled.";

pub fn next_session(s: &SessionRow, code: &str, zone: Tz, now: DateTime<Utc>) -> String {
    let start = s.starts_at.with_timezone(&zone);
    let mins = (s.starts_at - now).num_minutes();
    let when = if mins < 60 {
        format!("in {mins} min")
    } else if mins < 48 * 60 {
        format!("in {} h {} min", mins / 60, mins % 60)
    } else {
        format!("in {} days", mins / (24 * 60))
    };
    format!("Next session ({code}), {when}:\n{}\n{}", day_heading(start.date_naive()), session_line(s, zone))
}

// ----------------------------------------------------------------- settings

pub fn timezone_usage(current: &str) -> String {
    format!(
        "Your time zone is {current}. To change it, send /timezone Area/City, for example /timezone Asia/Karachi \
         or /timezone Europe/Brussels."
    )
}

pub fn timezone_unknown(typed: &str) -> String {
    format!(
        "\"{}\" is not a time zone I know. Use the Area/City form, for example Asia/Karachi, Europe/Brussels or America/New_York.",
        clip(typed, 60)
    )
}

pub fn timezone_set(zone: &str, local_now: &str) -> String {
    format!("Your time zone is now {zone} (it is {local_now} there). Times and reminders follow it.")
}

pub fn reminders_state(on: bool) -> String {
    if on {
        "Reminders are on: you get a daily digest and a reminder before each session. Send /reminders off to stop them."
            .into()
    } else {
        "Reminders are off. Send /reminders on to get them again.".into()
    }
}

pub const REMINDERS_USAGE: &str = "Send /reminders on or /reminders off.";

pub fn digest_usage(current: &str) -> String {
    format!("Your daily digest comes at {current}. To change it, send /digest HH:MM, for example /digest 06:30.")
}

pub fn digest_set(at: &str, zone: &str) -> String {
    format!("Your daily digest will come at {at} ({zone}) on days with sessions.")
}

pub fn digest_in_quiet_hours(quiet: &str, end: &str) -> String {
    format!("That is inside the quiet hours ({quiet}), so it will arrive at {end}.")
}

pub fn digest_invalid(typed: &str) -> String {
    format!("\"{}\" is not a time. Send /digest HH:MM, for example /digest 06:30.", clip(typed, 20))
}

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

// ------------------------------------------------------------ command menus

/// Participants' commands: /help and the Telegram command menu.
pub const PARTICIPANT_COMMANDS: &[(&str, &str)] = &[
    ("start", "welcome and privacy notice"),
    ("register", "register for a course"),
    ("profile", "your details, with buttons to change them"),
    ("withdraw", "leave a course"),
    ("schedule", "the course programme, day by day"),
    ("today", "today's sessions"),
    ("next", "the next session"),
    ("reminders", "reminders on or off: /reminders on|off"),
    ("digest", "time of your daily digest: /digest HH:MM"),
    ("timezone", "your time zone: /timezone Area/City"),
    ("faq", "frequently asked questions"),
    ("ask", "ask the coordinators a question: /ask TEXT"),
    ("mydata", "everything stored about you"),
    ("forgetme", "delete your personal data"),
    ("help", "this list"),
    ("cancel", "leave the current dialogue"),
];

/// Coordinators' own commands.
pub const COORDINATOR_COMMANDS: &[(&str, &str)] = &[
    ("broadcast", "send an announcement to everyone or one course"),
    ("broadcasts", "recent broadcasts and their progress"),
    ("registrations", "counts by status and the list: /registrations [CODE]"),
    ("export", "the roster as a CSV file: /export [CODE]"),
    ("reload", "re-import programme.toml and faq.toml"),
    ("stats", "registrations, messages sent, enquiries"),
    ("move", "move a session: /move ID YYYY-MM-DD HH:MM"),
    ("room", "change a session's room: /room ID TEXT"),
    ("cancelsession", "cancel a session: /cancelsession ID"),
    ("enquiries", "open enquiries, longest waiting first"),
    ("reply", "answer an enquiry: /reply N TEXT (or reply to the relayed message)"),
    ("close", "close an enquiry: /close N"),
    ("help", "commands for coordinators"),
];

pub fn prompt_for(f: crate::db::ProfileField) -> &'static str {
    use crate::db::ProfileField::*;
    match f {
        Name => ASK_NAME,
        Administration => ASK_ADMINISTRATION,
        Position => ASK_POSITION,
        Email => ASK_EMAIL,
    }
}

pub fn field_label(f: crate::db::ProfileField) -> &'static str {
    use crate::db::ProfileField::*;
    match f {
        Name => "name",
        Administration => "administration",
        Position => "position",
        Email => "e-mail address",
    }
}

pub fn field_button(f: crate::db::ProfileField) -> String {
    use crate::db::ProfileField::*;
    let label = match f {
        Name => BUTTON_NAME,
        Administration => BUTTON_ADMINISTRATION,
        Position => BUTTON_POSITION,
        Email => BUTTON_EMAIL,
    };
    format!("Edit {}", label.to_lowercase())
}

pub fn registrations_course_heading(c: &CourseRow, registered: usize, waitlisted: usize, withdrawn: usize) -> String {
    let inactive = if c.active { "" } else { " (no longer in the programme)" };
    format!(
        "{} — {}{inactive}\nregistered {registered}/{}, waiting list {waitlisted}, withdrawn {withdrawn}",
        c.code, c.title, c.capacity
    )
}

pub fn registrations_line(n: usize, r: &crate::db::RosterRow) -> String {
    let label = RegistrationStatus::parse(&r.status).map(status_label).unwrap_or("?");
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

// ------------------------------------------------------------ notifications

fn when(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).format("%A %-d %B, %H:%M").to_string()
}

pub fn reminder(s: &SessionRow, zone: Tz, now: DateTime<Utc>) -> String {
    // Rounded up: a tick a few seconds late still says "15 min".
    let mins = ((s.starts_at - now).num_seconds() + 59).div_euclid(60);
    let start = s.starts_at.with_timezone(&zone).format("%H:%M");
    let mut out = if s.starts_at < now {
        // Late (the bot was down): still useful while the session runs.
        let end = s.ends_at().with_timezone(&zone).format("%H:%M");
        format!("Under way: {} began at {start} and runs until {end} ({}).", s.title, zone.name())
    } else if mins == 0 {
        format!("Starting now: {} ({start}, {}).", s.title, zone.name())
    } else {
        format!("Reminder: {} starts in {mins} min, at {start} ({}).", s.title, zone.name())
    };
    if let Some(room) = &s.room {
        out.push_str(&format!("\nRoom: {room}"));
    }
    if let Some(sp) = &s.speaker {
        out.push_str(&format!("\nSpeaker: {sp}"));
    }
    out
}

pub fn digest(day: chrono::NaiveDate, sessions: &[SessionRow], zone: Tz) -> String {
    let mut out = format!("Your sessions today, {} (times in {}):\n", day_heading(day), zone.name());
    for s in sessions {
        out.push('\n');
        out.push_str(&session_line(s, zone));
    }
    out.push_str("\n\n/reminders off stops these messages; /digest HH:MM changes the time.");
    out
}

pub fn change_notice(
    before: &crate::db::schedule::SessionSnapshot,
    after: &crate::db::schedule::SessionSnapshot,
    zone: Tz,
) -> String {
    if after.cancelled && !before.cancelled {
        return format!("Cancelled: \"{}\" on {} will not take place.", after.title, when(after.starts_at, zone));
    }
    let mut out = format!("Programme change for \"{}\":", after.title);
    if before.starts_at != after.starts_at || before.minutes != after.minutes || before.cancelled {
        let end = after.starts_at + chrono::Duration::minutes(after.minutes);
        out.push_str(&format!(
            "\nNow {}–{} ({}), was {}.",
            when(after.starts_at, zone),
            end.with_timezone(&zone).format("%H:%M"),
            zone.name(),
            when(before.starts_at, zone)
        ));
    }
    if before.room != after.room {
        out.push_str(&format!(
            "\nRoom: {} (was {}).",
            after.room.as_deref().unwrap_or("to be announced"),
            before.room.as_deref().unwrap_or("not set")
        ));
    }
    out
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
    format!("Done: {} ({}). {told} participant(s) will be told now.", s.title, session_line(s, zone))
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
        Ok(crate::db::outbox::Payload::Versions { .. }) | Err(_) => "?".into(),
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

pub fn broadcast_report(b: &crate::db::schedule::BroadcastRow, reasons: &[(String, i64)]) -> String {
    let mut out = format!(
        "Broadcast report {}\nDelivered: {}\nBlocked the bot: {}\nFailed: {}",
        broadcast_summary(b),
        b.delivered,
        b.blocked,
        b.failed
    );
    for (why, n) in reasons {
        out.push_str(&format!("\n  {n} × {why}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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

    #[test]
    fn a_relay_names_the_asker_and_says_how_to_answer() {
        let who = asker_line("Ayesha Khan", Some("ayesha"), Some("CECAC-PILOT"));
        let r = relay(7, RelayKind::New { faq_missed: None }, &who, "Where is Hall B?", false);
        assert_eq!(
            r,
            "Enquiry #7 — new question\nFrom: Ayesha Khan (@ayesha)\nCourse: CECAC-PILOT\n\nWhere is Hall B?\n\n\
             Reply to this message to answer, or send /reply 7 followed by the answer. /close 7 when it is done."
        );
    }
}
