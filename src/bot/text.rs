//! Every user-visible string. Tests assert against these, and a translation
//! later replaces this module alone. Messages are sent as plain text (no parse
//! mode), so whatever people typed is shown back exactly.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::db::{CourseRow, Person, RegistrationRow, SessionRow};
use crate::domain::{Invalid, RegistrationStatus};

pub const NOT_ALLOWED: &str = "Sorry, that command is for the programme's coordinators only.";
pub const NON_TEXT: &str = "I can pass on text, photos and documents, but not this kind of message. \
     Type your question, or send /help to see what I can do.";
pub const EMPTY_MESSAGE: &str =
    "That message has no words in it. Type your question, or send /help to see what I can do.";
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

/// Told to the coordinators when an answer (or word that an enquiry was
/// closed) cannot reach its asker for good.
pub fn answer_undelivered(id: i64, name: &str, reason: &str) -> String {
    format!(
        "⚠ Enquiry #{id}: the answer could not be delivered to {} ({}). /enquiries lists it until an answer gets through.",
        clip(name, 40),
        clip(reason, 120)
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

// ---------------------------------------------------------------------- faq

pub const FAQ_EMPTY: &str = "There are no frequently asked questions yet.";
pub const FAQ_TOPICS: &str = "Frequently asked questions — tap one:";

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

pub fn broadcast_report(b: &crate::db::schedule::BroadcastRow, reasons: &[(String, i64)]) -> String {
    let mut out = format!(
        "Broadcast report {}\nDelivered: {}\nBlocked the bot: {}\nFailed: {}",
        crate::i18n::coordinator::broadcast_summary(&crate::domain::Lang::english(), b),
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
