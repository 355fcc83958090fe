//! The `/broadcast` dialogue: audience → message → preview with Send now /
//! Schedule / Cancel (and Send to everyone now while some recipients are in
//! their quiet hours). Nothing is sent from here: a broadcast row is written
//! and the scheduler queues one outbox item per recipient.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::{ask_with_buttons, say, text, BotDialogue, Ctx, HandlerResult, State};
use crate::db::outbox::Payload;
use crate::db::schedule::Recipient;
use crate::domain::{CourseCode, FileKind, LocalDateTime, Zone};
use crate::notify::sender::quiet_until;
use crate::t;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BroadcastStep {
    Audience,
    Message { audience: Option<CourseCode> },
    Confirm { audience: Option<CourseCode>, payload: Payload },
    When { audience: Option<CourseCode>, payload: Payload },
}

pub async fn begin(bot: &Bot, ctx: &Ctx, chat: ChatId, dialogue: BotDialogue) -> HandlerResult {
    let mut rows =
        vec![vec![InlineKeyboardButton::callback(text::BROADCAST_EVERYONE, super::buttons::audience_data(None))]];
    for c in ctx.db.courses(true).await? {
        rows.push(vec![InlineKeyboardButton::callback(
            format!("{} — {}", c.code, c.title),
            super::buttons::audience_data(Some(&c.code)),
        )]);
    }
    dialogue.update(State::Broadcasting(BroadcastStep::Audience)).await?;
    ask_with_buttons(bot, ctx, chat, text::BROADCAST_AUDIENCE, InlineKeyboardMarkup::new(rows)).await
}

pub async fn list(bot: &Bot, ctx: &Ctx, chat: ChatId) -> HandlerResult {
    let rows = ctx.db.broadcasts(10).await?;
    if rows.is_empty() {
        return say(bot, ctx, chat, text::NO_BROADCASTS).await;
    }
    let lines: Vec<String> = rows.iter().map(text::broadcast_line).collect();
    say(bot, ctx, chat, &lines.join("\n")).await
}

/// What a coordinator sent as the announcement, if it can be broadcast.
fn payload_of(msg: &Message) -> Result<Payload, &'static str> {
    let caption = msg.caption().map(str::to_owned);
    if caption.as_ref().is_some_and(|c| c.encode_utf16().count() > 1024) {
        return Err(text::BROADCAST_CAPTION_TOO_LONG);
    }
    if let Some(photos) = msg.photo() {
        let largest = photos.last().ok_or(text::BROADCAST_TEXT_OR_FILE)?;
        return Ok(Payload::file(FileKind::Photo, &largest.file.id.0, caption));
    }
    if let Some(doc) = msg.document() {
        return Ok(Payload::file(FileKind::Document, &doc.file.id.0, caption));
    }
    match msg.text() {
        Some(t) if !t.trim().is_empty() => Ok(Payload::text(t)),
        _ => Err(text::BROADCAST_TEXT_OR_FILE),
    }
}

/// Shows the coordinator exactly what people will receive.
async fn preview(bot: &Bot, ctx: &Ctx, chat: ChatId, payload: &Payload) -> HandlerResult {
    match payload {
        Payload::Text { parts } => {
            for part in parts {
                say(bot, ctx, chat, part).await?;
            }
        }
        file => {
            let (kind, file_id, caption) = file.as_file().expect("a photo or a document");
            crate::notify::sender::send_file(bot, chat, kind, file_id, caption).await?;
        }
    }
    Ok(())
}

pub async fn on_message(bot: Bot, ctx: Ctx, msg: Message, dialogue: BotDialogue, step: BroadcastStep) -> HandlerResult {
    let chat = msg.chat.id;
    match step {
        BroadcastStep::Message { audience } => {
            let payload = match payload_of(&msg) {
                Ok(p) => p,
                Err(reply) => return say(&bot, &ctx, chat, reply).await,
            };
            preview(&bot, &ctx, chat, &payload).await?;
            let recipients = ctx.db.course_participants(audience.as_ref().map(|c| c.as_str())).await?;
            let held = held_by_quiet_hours(&ctx, &recipients, ctx.clock.now());
            dialogue
                .update(State::Broadcasting(BroadcastStep::Confirm { audience: audience.clone(), payload }))
                .await?;
            let label = text::audience_label(audience.as_ref().map(|c| c.as_str()));
            let (confirm, buttons) = match held {
                None => (
                    text::broadcast_confirm(&label, recipients.len()),
                    InlineKeyboardMarkup::new([[
                        InlineKeyboardButton::callback(text::SEND_NOW, "bc:send"),
                        InlineKeyboardButton::callback(text::SCHEDULE, "bc:schedule"),
                        InlineKeyboardButton::callback(text::CANCEL, "bc:cancel"),
                    ]]),
                ),
                Some(held) => {
                    let zone = coordinator_zone(&ctx, &msg).await?;
                    let when = text::quiet_hours_end(held.first_end, held.last_end, zone.tz());
                    (
                        text::broadcast_confirm_quiet(&label, recipients.len(), held.people, &when),
                        InlineKeyboardMarkup::new([
                            [
                                InlineKeyboardButton::callback(text::SEND_NOW, "bc:send"),
                                InlineKeyboardButton::callback(text::SEND_TO_EVERYONE_NOW, "bc:urgent"),
                            ],
                            [
                                InlineKeyboardButton::callback(text::SCHEDULE, "bc:schedule"),
                                InlineKeyboardButton::callback(text::CANCEL, "bc:cancel"),
                            ],
                        ]),
                    )
                }
            };
            let confirm = format!("{}\n{confirm}", text::BROADCAST_PREVIEW_ABOVE);
            ask_with_buttons(&bot, &ctx, chat, &confirm, buttons).await
        }
        BroadcastStep::When { audience, payload } => {
            let zone = coordinator_zone(&ctx, &msg).await?;
            let typed = msg.text().unwrap_or_default().trim();
            let at = LocalDateTime::parse(typed)
                .ok()
                .and_then(|local| local.in_zone(zone))
                .filter(|at| *at > ctx.clock.now());
            let Some(at) = at else {
                return say(&bot, &ctx, chat, &text::broadcast_bad_time(typed, zone.name())).await;
            };
            let from = msg.from.as_ref().map_or(chat.0, |u| u.id.0 as i64);
            let id = ctx
                .db
                .create_broadcast(from, audience.as_ref().map(|c| c.as_str()), &payload, at, ctx.clock.now())
                .await?;
            dialogue.exit().await?;
            let when = at.with_timezone(&zone.tz()).format("%A %-d %B %Y, %H:%M").to_string();
            say(&bot, &ctx, chat, &text::broadcast_scheduled(id, &format!("{when} ({zone})"))).await
        }
        BroadcastStep::Audience | BroadcastStep::Confirm { .. } => {
            say(&bot, &ctx, chat, &crate::t!(&ctx.lang, "use-the-buttons")).await
        }
    }
}

async fn coordinator_zone(ctx: &Ctx, msg: &Message) -> anyhow::Result<Zone> {
    match &msg.from {
        Some(u) => zone_of_user(ctx, u.id.0 as i64).await,
        None => Ok(ctx.zone_of(None)),
    }
}

async fn zone_of_user(ctx: &Ctx, user_id: i64) -> anyhow::Result<Zone> {
    Ok(ctx.zone_of(ctx.db.person(user_id).await?.and_then(|p| p.timezone)))
}

/// Recipients whose copy Send now would hold for their quiet hours.
struct Held {
    people: usize,
    first_end: DateTime<Utc>,
    last_end: DateTime<Utc>,
}

/// Who of `recipients` is inside their quiet hours at `now` (in their own
/// zone, the way the sender judges it), and when the first and the last of
/// those quiet hours end. None when nobody is.
fn held_by_quiet_hours(ctx: &Ctx, recipients: &[Recipient], now: DateTime<Utc>) -> Option<Held> {
    let quiet = ctx.config.reminders.quiet_hours?;
    let ends: Vec<DateTime<Utc>> = recipients
        .iter()
        .filter_map(|r| {
            let zone = r.timezone.as_deref().and_then(|z| Zone::parse(z).ok()).unwrap_or(ctx.config.programme.timezone);
            quiet_until(quiet, zone, now)
        })
        .collect();
    Some(Held { people: ends.len(), first_end: *ends.iter().min()?, last_end: *ends.iter().max()? })
}

pub async fn on_button(bot: Bot, ctx: Ctx, q: CallbackQuery, dialogue: BotDialogue) -> HandlerResult {
    let chat = dialogue.chat_id();
    let data = q.data.clone().unwrap_or_default();
    let action = data.strip_prefix("bc:").unwrap_or_default();
    let Some(State::Broadcasting(step)) = dialogue.get().await? else {
        super::reply::ack(&bot, &q, Some(&t!(&ctx.lang, "button-expired"))).await;
        return Ok(());
    };
    super::reply::ack(&bot, &q, None).await;
    match (step, action) {
        (BroadcastStep::Audience, a) if a.starts_with("aud:") => {
            let audience = match &a[4..] {
                "*" => None,
                code => match CourseCode::parse(code) {
                    Ok(c) if ctx.db.course(&c).await?.is_some_and(|c| c.active) => Some(c),
                    _ => return say(&bot, &ctx, chat, &crate::t!(&ctx.lang, "course-closed", code = code)).await,
                },
            };
            dialogue.update(State::Broadcasting(BroadcastStep::Message { audience })).await?;
            say(&bot, &ctx, chat, text::BROADCAST_ASK_MESSAGE).await
        }
        (BroadcastStep::Confirm { audience, payload }, action @ ("send" | "urgent")) => {
            clear_buttons(&bot, &q).await;
            let now = ctx.clock.now();
            let (from, audience) = (q.from.id.0 as i64, audience.as_ref().map(|c| c.as_str()));
            let id = if action == "urgent" {
                ctx.db.create_urgent_broadcast(from, audience, &payload, now).await?
            } else {
                ctx.db.create_broadcast(from, audience, &payload, now, now).await?
            };
            dialogue.exit().await?;
            // Queued now, so the audience is exactly who is registered at the tap.
            crate::notify::scheduler::broadcasts(&ctx.db, now).await?;
            ctx.wake_sender.notify_one();
            let recipients = ctx.db.broadcast_recipients(id).await?;
            let held = if action == "urgent" { None } else { held_by_quiet_hours(&ctx, &recipients, now) };
            let reply = match held {
                None => text::broadcast_queued(id, recipients.len() as i64),
                Some(held) => {
                    let zone = zone_of_user(&ctx, from).await?;
                    let when = text::quiet_hours_end(held.first_end, held.last_end, zone.tz());
                    text::broadcast_queued_quiet(id, recipients.len(), held.people, &when)
                }
            };
            say(&bot, &ctx, chat, &reply).await
        }
        (BroadcastStep::Confirm { audience, payload }, "schedule") => {
            clear_buttons(&bot, &q).await;
            dialogue.update(State::Broadcasting(BroadcastStep::When { audience, payload })).await?;
            let zone = zone_of_user(&ctx, q.from.id.0 as i64).await?;
            say(&bot, &ctx, chat, &text::broadcast_ask_time(zone.name())).await
        }
        (_, "cancel") => {
            clear_buttons(&bot, &q).await;
            dialogue.exit().await?;
            say(&bot, &ctx, chat, text::BROADCAST_CANCELLED).await
        }
        _ => say(&bot, &ctx, chat, &t!(&ctx.lang, "button-expired")).await,
    }
}

async fn clear_buttons(bot: &Bot, q: &CallbackQuery) {
    if let Some(m) = &q.message {
        let _ = bot.edit_message_reply_markup(m.chat().id, m.id()).await;
    }
}
