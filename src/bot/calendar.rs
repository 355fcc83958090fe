//! `/calendar`: the programme as an `.ics` file a calendar application
//! imports. Participants get their own course(s); coordinators name one.
//! The file is made on the spot from the database, so it always says what
//! the programme says now; importing a newer copy updates the events.

use teloxide::prelude::*;
use teloxide::types::InputFile;

use super::{say, Ctx, HandlerResult};
use crate::calendar::{self, Event};
use crate::db::calendar::CalendarSession;
use crate::db::CourseRow;
use crate::domain::{CourseCode, RegistrationStatus};
use crate::i18n::calendar as words;

/// A participant's `/calendar`: every course they hold a place in (or wait
/// for), in one file.
pub async fn mine(bot: &Bot, ctx: &Ctx, chat: ChatId, user_id: i64) -> HandlerResult {
    let regs = ctx.db.registrations_of(user_id).await?;
    let all = ctx.db.courses(false).await?;
    let mine: Vec<CourseRow> = all
        .iter()
        .filter(|c| {
            regs.iter().any(|r| r.course_code == c.code.as_str() && r.status() != RegistrationStatus::Withdrawn)
        })
        .cloned()
        .collect();
    if mine.is_empty() {
        let open: Vec<CourseRow> = all.into_iter().filter(|c| c.active).collect();
        return say(bot, ctx, chat, &words::not_registered(&ctx.lang, &open)).await;
    }
    send(bot, ctx, chat, &mine).await
}

/// A coordinator's `/calendar COURSE`.
pub async fn course(bot: &Bot, ctx: &Ctx, chat: ChatId, arg: &str) -> HandlerResult {
    let typed = arg.trim();
    if typed.is_empty() {
        return say(bot, ctx, chat, &words::usage(&ctx.lang, &ctx.db.courses(false).await?)).await;
    }
    let found = match CourseCode::parse(typed) {
        Ok(code) => ctx.db.course(&code).await?,
        Err(_) => None,
    };
    match found {
        Some(c) => send(bot, ctx, chat, std::slice::from_ref(&c)).await,
        None => say(bot, ctx, chat, &words::unknown_course(&ctx.lang, typed, &ctx.db.courses(false).await?)).await,
    }
}

async fn send(bot: &Bot, ctx: &Ctx, chat: ChatId, courses: &[CourseRow]) -> HandlerResult {
    let mut events = Vec::new();
    for c in courses {
        for CalendarSession { session: s, revision, updated_at } in ctx.db.calendar_sessions(&c.code).await? {
            events.push(Event {
                ends_at: s.ends_at(),
                session_id: s.id,
                course_code: s.course_code,
                starts_at: s.starts_at,
                title: s.title,
                room: s.room,
                location: c.location.clone(),
                speaker: s.speaker,
                cancelled: s.cancelled,
                revision,
                updated_at,
            });
        }
    }
    events.sort_by(|a, b| a.starts_at.cmp(&b.starts_at).then_with(|| a.session_id.cmp(&b.session_id)));
    let (name, file_name) = match courses {
        [one] => (format!("{} — {}", one.code, one.title), format!("copes-bot-{}.ics", one.code)),
        _ => (ctx.config.programme.name.clone(), "copes-bot.ics".to_owned()),
    };
    let ics = calendar::write(&name, &events, ctx.clock.now());
    let codes: Vec<&str> = courses.iter().map(|c| c.code.as_str()).collect();
    let held = events.iter().filter(|e| !e.cancelled).count();
    let caption = words::caption(&ctx.lang, &codes, held, events.len() - held);
    let file = InputFile::memory(ics.into_bytes()).file_name(file_name);
    super::reply::send_document(bot, ctx, chat, file, &caption).await
}
