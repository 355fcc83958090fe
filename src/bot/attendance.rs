//! Attendance: "I'm here" under a reminder, `/here CODE` with the room
//! code, a coordinator's `/code` and `/attendance` sheet, a trainee's own
//! record and `/certificates`. Every mark goes through
//! `Db::record_attendance`, which logs it with who made it.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use chrono::{DateTime, Duration, Utc};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::buttons::{self, AttendanceTap};
use super::{ask_with_buttons, say, Ctx, HandlerResult};
use crate::db::attendance::{CheckIn, CodeOutcome, SessionAttendee};
use crate::db::SessionRow;
use crate::domain::lesson::AttendanceMethod;
use crate::domain::{CourseCode, RegistrationStatus, SessionId, Zone};
use crate::i18n::attendance as words;
use crate::i18n::coordinator as coordinator_words;
use crate::t;

/// Room codes are read aloud and copied from a screen: no 0/O, 1/I.
const CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// 5 characters: 32^5, some 33 million codes.
const CODE_LEN: usize = 5;
/// Wrong codes someone may send within `GUESS_WINDOW_MINUTES` before
/// `/here` stops listening to them for the rest of it: a guesser gets a
/// handful of tries in a session's window, not millions.
const MAX_WRONG_CODES: usize = 5;
const GUESS_WINDOW_MINUTES: i64 = 15;
/// People per message of an `/attendance` sheet: two buttons each keeps a
/// keyboard well under Telegram's 100 buttons, the text under 4,096.
const SHEET_PART: usize = 30;

/// A fresh room code. `RandomState` is keyed from the operating system's
/// randomness, so the code cannot be worked out from the session id.
pub fn make_code() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u8(0);
    let mut bits = hasher.finish();
    (0..CODE_LEN)
        .map(|_| {
            let c = CODE_ALPHABET[(bits & 31) as usize] as char;
            bits >>= 5;
            c
        })
        .collect()
}

/// What a typed code becomes: spaces and dashes dropped, capitals.
fn normalise_code(typed: &str) -> String {
    typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase()
}

/// When a session's check-in opens (with its reminder) and closes.
struct Window {
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
}

async fn window(ctx: &Ctx, s: &SessionRow) -> anyhow::Result<Window> {
    let rules = match CourseCode::parse(&s.course_code) {
        Ok(code) => ctx.db.course_lessons(&code).await?.attendance,
        Err(_) => Default::default(),
    };
    Ok(Window {
        opens: s.starts_at - Duration::minutes(i64::from(ctx.config.reminders.lead_minutes)),
        closes: s.starts_at + Duration::minutes(i64::from(rules.window_minutes)),
    })
}

async fn course_zone(ctx: &Ctx, course: &str) -> anyhow::Result<Zone> {
    let row = match CourseCode::parse(course) {
        Ok(c) => ctx.db.course(&c).await?,
        Err(_) => None,
    };
    Ok(row.map_or(ctx.config.programme.timezone, |c| c.zone))
}

async fn own_zone(ctx: &Ctx, user_id: i64) -> anyhow::Result<Zone> {
    Ok(ctx.zone_of(ctx.db.person(user_id).await?.and_then(|p| p.timezone)))
}

async fn session_by_ref(ctx: &Ctx, reference: &str) -> anyhow::Result<Option<SessionRow>> {
    for id in ctx.db.session_ids().await? {
        if buttons::session_ref(&id) == reference {
            return Ok(ctx.db.session(&id).await?);
        }
    }
    Ok(None)
}

fn session_id(s: &SessionRow) -> anyhow::Result<SessionId> {
    Ok(SessionId::parse(&s.id)?)
}

/// Marks someone present if they hold a place in the session's course and
/// its check-in is open.
async fn check_in(ctx: &Ctx, user_id: i64, s: &SessionRow, how: AttendanceMethod) -> anyhow::Result<CheckIn> {
    let now = ctx.clock.now();
    if !ctx.db.registered_in(user_id, &s.course_code).await? {
        return Ok(CheckIn::NotRegistered);
    }
    if s.cancelled {
        return Ok(CheckIn::Cancelled);
    }
    let w = window(ctx, s).await?;
    if now < w.opens {
        return Ok(CheckIn::NotYet(w.opens));
    }
    if now > w.closes {
        return Ok(CheckIn::Closed);
    }
    let id = session_id(s)?;
    if ctx.db.attendance_of(&id, user_id).await? == Some(true) {
        return Ok(CheckIn::Already);
    }
    ctx.db.record_attendance(&id, user_id, true, how, None, now).await?;
    Ok(CheckIn::Recorded)
}

/// "I'm here" under a reminder.
pub async fn on_here_button(bot: &Bot, ctx: &Ctx, q: &CallbackQuery, chat: ChatId, action: &str) -> HandlerResult {
    super::reply::ack(bot, q, None).await;
    let user_id = q.from.id.0 as i64;
    let session = match buttons::parse_here(action) {
        Some(r) => session_by_ref(ctx, &r).await?,
        None => None,
    };
    let Some(s) = session else {
        return say(bot, ctx, chat, &t!(&ctx.lang, "button-expired")).await;
    };
    let outcome = check_in(ctx, user_id, &s, AttendanceMethod::Button).await?;
    if !matches!(outcome, CheckIn::NotYet(_)) {
        if let Some(m) = &q.message {
            let _ = bot.edit_message_reply_markup(m.chat().id, m.id()).await;
        }
    }
    let zone = own_zone(ctx, user_id).await?;
    say(bot, ctx, chat, &words::check_in(&ctx.lang, &outcome, &s.title, &s.course_code, zone)).await
}

/// `/here CODE`.
pub async fn here_command(bot: &Bot, ctx: &Ctx, chat: ChatId, user_id: i64, arg: &str) -> HandlerResult {
    let lang = &ctx.lang;
    let code = normalise_code(arg);
    if code.is_empty() {
        return say(bot, ctx, chat, &words::here_usage(lang)).await;
    }
    let now = ctx.clock.now();
    let since = now - Duration::minutes(GUESS_WINDOW_MINUTES);
    let wrong = ctx.db.wrong_codes_since(user_id, since).await?;
    if wrong.len() >= MAX_WRONG_CODES {
        // Not checked, not counted: the pause ends when the oldest of the
        // wrong codes leaves the window.
        let free_at = wrong[wrong.len() - MAX_WRONG_CODES] + Duration::minutes(GUESS_WINDOW_MINUTES);
        let minutes = ((free_at - now).num_seconds() + 59) / 60;
        return say(bot, ctx, chat, &words::code_blocked(lang, minutes)).await;
    }
    let valid = code.len() <= 12 && code.chars().all(|c| c.is_ascii_alphanumeric());
    let session = if valid { ctx.db.session_of_code(&code).await? } else { None };
    let row = match &session {
        Some(id) => ctx.db.session(id.as_str()).await?,
        None => None,
    };
    let Some(s) = row else {
        ctx.db.record_code_attempt(None, user_id, CodeOutcome::Wrong, now).await?;
        let left = MAX_WRONG_CODES - wrong.len() - 1;
        let reply = if left == 0 {
            words::code_blocked(lang, GUESS_WINDOW_MINUTES)
        } else {
            words::code_wrong(lang, &code, left as u32)
        };
        return say(bot, ctx, chat, &reply).await;
    };
    let outcome = check_in(ctx, user_id, &s, AttendanceMethod::Code).await?;
    if matches!(outcome, CheckIn::NotYet(_) | CheckIn::Closed) {
        ctx.db.record_code_attempt(session.as_ref(), user_id, CodeOutcome::Expired, now).await?;
    }
    let zone = own_zone(ctx, user_id).await?;
    say(bot, ctx, chat, &words::check_in(lang, &outcome, &s.title, &s.course_code, zone)).await
}

/// `/code SESSION`: the session's room code, made the first time.
pub async fn code_command(bot: &Bot, ctx: &Ctx, chat: ChatId, arg: &str) -> HandlerResult {
    let lang = &ctx.lang;
    let id = arg.trim();
    if id.is_empty() || id.contains(char::is_whitespace) {
        return say(bot, ctx, chat, &words::code_usage(lang)).await;
    }
    let Some(s) = ctx.db.session(id).await? else {
        return say(bot, ctx, chat, &coordinator_words::no_such_session(lang, id)).await;
    };
    let code = ctx.db.session_code(&session_id(&s)?, ctx.clock.now(), make_code).await?;
    let w = window(ctx, &s).await?;
    let zone = course_zone(ctx, &s.course_code).await?;
    say(bot, ctx, chat, &words::room_code(lang, &s.title, &code, w.opens, w.closes, zone)).await
}

/// `/attendance [SESSION]` for a coordinator.
pub async fn sheet_command(bot: &Bot, ctx: &Ctx, chat: ChatId, arg: &str) -> HandlerResult {
    let lang = &ctx.lang;
    let id = arg.trim();
    if id.is_empty() {
        return pick_session(bot, ctx, chat).await;
    }
    if id.contains(char::is_whitespace) {
        return say(bot, ctx, chat, &words::sheet_usage(lang)).await;
    }
    let Some(s) = ctx.db.session(id).await? else {
        return say(bot, ctx, chat, &coordinator_words::no_such_session(lang, id)).await;
    };
    send_sheet(bot, ctx, chat, &s).await
}

/// The sessions of the last 24 hours whose check-in has opened, newest
/// first, as buttons.
async fn pick_session(bot: &Bot, ctx: &Ctx, chat: ChatId) -> HandlerResult {
    let lang = &ctx.lang;
    let now = ctx.clock.now();
    let lead = Duration::minutes(i64::from(ctx.config.reminders.lead_minutes));
    let mut recent = ctx.db.sessions_starting_between(now - Duration::hours(24), now + lead).await?;
    recent.retain(|s| !s.cancelled);
    recent.reverse();
    recent.truncate(20);
    if recent.is_empty() {
        return say(bot, ctx, chat, &words::sheet_usage(lang)).await;
    }
    let mut rows = Vec::new();
    for s in &recent {
        let zone = course_zone(ctx, &s.course_code).await?;
        rows.push(vec![InlineKeyboardButton::callback(
            words::session_button(lang, &s.title, s.starts_at, zone),
            buttons::attendance_open_data(&s.id),
        )]);
    }
    ask_with_buttons(bot, ctx, chat, &words::sheet_pick(lang), InlineKeyboardMarkup::new(rows)).await
}

fn sheet_keyboard(ctx: &Ctx, s: &SessionRow, part: usize, these: &[SessionAttendee]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(these.iter().map(|a| {
        let (yes, no) = words::mark_buttons(&ctx.lang, a);
        vec![
            InlineKeyboardButton::callback(yes, buttons::attendance_mark_data(&s.id, part as u32, a.user_id, true)),
            InlineKeyboardButton::callback(no, buttons::attendance_mark_data(&s.id, part as u32, a.user_id, false)),
        ]
    }))
}

async fn sheet_text(ctx: &Ctx, s: &SessionRow, all: &[SessionAttendee], part: usize) -> anyhow::Result<String> {
    let zone = course_zone(ctx, &s.course_code).await?;
    let parts = all.len().div_ceil(SHEET_PART);
    let these = all.chunks(SHEET_PART).nth(part).unwrap_or_default();
    Ok(words::sheet(&ctx.lang, &s.title, s.starts_at, zone, all, part, parts, these))
}

/// The sheet, one message per `SHEET_PART` people; not before the
/// session's check-in opens.
async fn send_sheet(bot: &Bot, ctx: &Ctx, chat: ChatId, s: &SessionRow) -> HandlerResult {
    let lang = &ctx.lang;
    let w = window(ctx, s).await?;
    if ctx.clock.now() < w.opens {
        let zone = course_zone(ctx, &s.course_code).await?;
        return say(bot, ctx, chat, &words::sheet_not_open(lang, &s.title, w.opens, zone)).await;
    }
    let all = ctx.db.session_attendance(&session_id(s)?).await?;
    if all.is_empty() {
        return say(bot, ctx, chat, &words::sheet_empty(lang, &s.course_code)).await;
    }
    for (part, these) in all.chunks(SHEET_PART).enumerate() {
        let text = sheet_text(ctx, s, &all, part).await?;
        ask_with_buttons(bot, ctx, chat, &text, sheet_keyboard(ctx, s, part, these)).await?;
    }
    Ok(())
}

/// A coordinator's tap on a sheet or on the session picker (reached only
/// behind the coordinator filter in `schema`).
pub async fn on_sheet_button(bot: Bot, ctx: Ctx, q: CallbackQuery) -> HandlerResult {
    let lang = &ctx.lang;
    let tap = q.data.as_deref().and_then(buttons::parse_attendance);
    let (Some(tap), Some(message)) = (tap, q.message.as_ref()) else {
        super::reply::ack(&bot, &q, Some(&t!(lang, "button-expired"))).await;
        return Ok(());
    };
    let chat = message.chat().id;
    let reference = match &tap {
        AttendanceTap::Open { session_ref } | AttendanceTap::Mark { session_ref, .. } => session_ref,
    };
    let Some(s) = session_by_ref(&ctx, reference).await? else {
        super::reply::ack(&bot, &q, Some(&t!(lang, "button-expired"))).await;
        return Ok(());
    };
    let AttendanceTap::Mark { part, user_id, present, .. } = tap else {
        super::reply::ack(&bot, &q, None).await;
        return send_sheet(&bot, &ctx, chat, &s).await;
    };
    let id = session_id(&s)?;
    let now = ctx.clock.now();
    let w = window(&ctx, &s).await?;
    let before = ctx.db.session_attendance(&id).await?;
    // Someone who has left the course since the sheet was sent, or a
    // sheet from before the window (a forged tap): nothing is marked.
    let Some(person) = before.iter().find(|a| a.user_id == user_id).filter(|_| now >= w.opens) else {
        super::reply::ack(&bot, &q, Some(&t!(lang, "button-expired"))).await;
        return Ok(());
    };
    let by = q.from.id.0 as i64;
    ctx.db.record_attendance(&id, user_id, present, AttendanceMethod::Coordinator, Some(by), now).await?;
    super::reply::ack(&bot, &q, Some(&words::marked(lang, person.name.as_deref(), present))).await;
    let all = ctx.db.session_attendance(&id).await?;
    let part = part as usize;
    let these = all.chunks(SHEET_PART).nth(part).unwrap_or_default();
    let text = sheet_text(&ctx, &s, &all, part).await?;
    super::reply::edit(&bot, &ctx, chat, message.id(), &text, Some(sheet_keyboard(&ctx, &s, part, these))).await
}

/// A trainee's `/attendance`: per course, the sessions held so far and
/// where they stand for a certificate.
pub async fn own_record(bot: &Bot, ctx: &Ctx, chat: ChatId, user_id: i64) -> HandlerResult {
    let lang = &ctx.lang;
    let courses: Vec<String> = ctx
        .db
        .registrations_of(user_id)
        .await?
        .into_iter()
        .filter(|r| r.status() == RegistrationStatus::Registered)
        .map(|r| r.course_code)
        .collect();
    if courses.is_empty() {
        return say(bot, ctx, chat, &words::own_not_registered(lang)).await;
    }
    let rows = ctx.db.own_attendance(user_id, ctx.clock.now()).await?;
    let zone = own_zone(ctx, user_id).await?;
    let mut blocks = Vec::new();
    for course in &courses {
        let mine: Vec<_> = rows.iter().filter(|r| r.course.as_str() == course).collect();
        if mine.is_empty() {
            blocks.push(words::own_nothing_held(lang, course));
            continue;
        }
        let min = ctx.db.course_lessons(&CourseCode::parse(course)?).await?.attendance.certificate_min_attendance;
        blocks.push(words::own_course(lang, course, &mine, min, zone));
    }
    say(bot, ctx, chat, &blocks.join("\n\n")).await
}

/// One line per course with a session held, for `/profile`.
pub async fn profile_lines(ctx: &Ctx, user_id: i64) -> anyhow::Result<Vec<String>> {
    let rows = ctx.db.own_attendance(user_id, ctx.clock.now()).await?;
    let mut courses: Vec<&str> = rows.iter().map(|r| r.course.as_str()).collect();
    courses.dedup();
    Ok(courses
        .into_iter()
        .map(|c| {
            let mine: Vec<_> = rows.iter().filter(|r| r.course.as_str() == c).collect();
            let attended = mine.iter().filter(|r| r.present).count();
            words::profile_line(&ctx.lang, c, attended, mine.len())
        })
        .collect())
}

/// `/certificates COURSE`.
pub async fn certificates_command(bot: &Bot, ctx: &Ctx, chat: ChatId, arg: &str) -> HandlerResult {
    let lang = &ctx.lang;
    let typed = arg.trim();
    if typed.is_empty() {
        return say(bot, ctx, chat, &words::certificates_usage(lang)).await;
    }
    let Ok(code) = CourseCode::parse(typed) else {
        return say(bot, ctx, chat, &coordinator_words::unknown_course(lang, typed)).await;
    };
    if ctx.db.course(&code).await?.is_none() {
        return say(bot, ctx, chat, &coordinator_words::unknown_course(lang, typed)).await;
    }
    let Some(min) = ctx.db.course_lessons(&code).await?.attendance.certificate_min_attendance else {
        return say(bot, ctx, chat, &words::certificates_none(lang, code.as_str())).await;
    };
    let shares = ctx.db.attendance_shares(&code, ctx.clock.now()).await?;
    say(bot, ctx, chat, &words::certificates(lang, code.as_str(), min, &shares)).await
}

/// The room-code line of `/stats`.
pub async fn stats_line(ctx: &Ctx) -> anyhow::Result<String> {
    Ok(words::stats_codes(&ctx.lang, ctx.db.code_attempt_counts().await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_codes_are_five_easy_characters_and_differ() {
        let codes: std::collections::HashSet<String> = (0..50).map(|_| make_code()).collect();
        assert!(codes.len() > 45, "{codes:?}");
        for c in &codes {
            assert_eq!(c.len(), CODE_LEN);
            assert!(!c.contains(['0', 'O', '1', 'I']), "{c}");
        }
        assert_eq!(normalise_code(" k7m-xp "), "K7MXP");
    }
}
