//! The `/broadcast` dialogue: audience → message → preview with Send now /
//! Schedule / Cancel (and Send to everyone now while some recipients are in
//! their quiet hours), and one "Add a French version" button per language
//! the announcement is not yet in. Nothing is sent from here: a broadcast
//! row is written and the scheduler queues one outbox item per recipient,
//! holding every version, so each gets theirs when it is sent.
//!
//! The first message is taken to be in the coordinator's own language (the
//! one they read the bot in): the buttons offer the others, and vanish as
//! versions are given. A version has the kind of the first: text for text;
//! for a photo or document, either a caption as text (the same file goes
//! with it) or a photo or document of its own.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::{ask_with_buttons, say, BotDialogue, Ctx, HandlerResult, State};
use crate::db::outbox::Payload;
use crate::db::schedule::{Recipient, Translations};
use crate::domain::{CourseCode, FileKind, Lang, LocalDateTime, Zone};
use crate::i18n::{self, coordinator as render};
use crate::notify::sender::quiet_until;
use crate::t;

/// Telegram's limit on a caption, in UTF-16 units.
const CAPTION_LIMIT: usize = 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BroadcastStep {
    Audience,
    Message {
        audience: Option<CourseCode>,
    },
    Confirm {
        audience: Option<CourseCode>,
        payload: Payload,
        #[serde(default)]
        versions: Versions,
    },
    /// Waiting for the version in `language`.
    Version {
        audience: Option<CourseCode>,
        payload: Payload,
        versions: Versions,
        language: Lang,
    },
    When {
        audience: Option<CourseCode>,
        payload: Payload,
        #[serde(default)]
        versions: Versions,
    },
}

/// Besides the main version (`payload`): the language it is in and the
/// versions in other languages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Versions {
    /// The coordinator's language when they sent it. None in a dialogue
    /// begun before broadcasts had languages: theirs now.
    #[serde(default)]
    pub main: Option<Lang>,
    #[serde(default)]
    pub others: BTreeMap<Lang, Payload>,
}

impl Versions {
    fn main_language(&self, ctx: &Ctx) -> Lang {
        self.main.clone().unwrap_or_else(|| ctx.lang.clone())
    }

    /// The languages still without a version, as the bot speaks them.
    fn missing(&self, ctx: &Ctx) -> Vec<Lang> {
        let main = self.main_language(ctx);
        i18n::languages().into_iter().filter(|l| *l != main && !self.others.contains_key(l)).collect()
    }

    /// What the broadcast row stores: nothing for the main version alone,
    /// else every version, the main one under its language.
    fn translations(&self, ctx: &Ctx, payload: &Payload) -> Translations {
        if self.others.is_empty() {
            return Translations::new();
        }
        let mut all = self.others.clone();
        all.insert(self.main_language(ctx), payload.clone());
        all
    }
}

pub async fn begin(bot: &Bot, ctx: &Ctx, chat: ChatId, dialogue: BotDialogue) -> HandlerResult {
    let everyone = t!(&ctx.lang, "broadcast-everyone");
    let mut rows = vec![vec![InlineKeyboardButton::callback(everyone, super::buttons::audience_data(None))]];
    for c in ctx.db.courses(true).await? {
        rows.push(vec![InlineKeyboardButton::callback(
            format!("{} — {}", c.code, c.title),
            super::buttons::audience_data(Some(&c.code)),
        )]);
    }
    dialogue.update(State::Broadcasting(BroadcastStep::Audience)).await?;
    let ask = t!(&ctx.lang, "broadcast-audience");
    ask_with_buttons(bot, ctx, chat, &ask, InlineKeyboardMarkup::new(rows)).await
}

pub async fn list(bot: &Bot, ctx: &Ctx, chat: ChatId) -> HandlerResult {
    let rows = ctx.db.broadcasts(10).await?;
    if rows.is_empty() {
        return say(bot, ctx, chat, &t!(&ctx.lang, "broadcasts-none")).await;
    }
    let lines: Vec<String> = rows.iter().map(|b| render::broadcast_line(&ctx.lang, b)).collect();
    say(bot, ctx, chat, &lines.join("\n")).await
}

fn caption_of(ctx: &Ctx, msg: &Message) -> Result<Option<String>, String> {
    match msg.caption() {
        Some(c) if c.encode_utf16().count() > CAPTION_LIMIT => {
            Err(t!(&ctx.lang, "broadcast-caption-too-long", max = CAPTION_LIMIT))
        }
        c => Ok(c.map(str::to_owned)),
    }
}

/// A photo or document, if that is what the message holds.
fn file_of(ctx: &Ctx, msg: &Message) -> Result<Option<Payload>, String> {
    let caption = caption_of(ctx, msg)?;
    if let Some(photos) = msg.photo() {
        let largest = photos.last().ok_or_else(|| t!(&ctx.lang, "broadcast-text-or-file"))?;
        return Ok(Some(Payload::file(FileKind::Photo, &largest.file.id.0, caption)));
    }
    Ok(msg.document().map(|doc| Payload::file(FileKind::Document, &doc.file.id.0, caption)))
}

fn text_of(msg: &Message) -> Option<&str> {
    msg.text().filter(|t| !t.trim().is_empty())
}

/// What a coordinator sent as the announcement, if it can be broadcast.
fn payload_of(ctx: &Ctx, msg: &Message) -> Result<Payload, String> {
    if let Some(file) = file_of(ctx, msg)? {
        return Ok(file);
    }
    text_of(msg).map(Payload::text).ok_or_else(|| t!(&ctx.lang, "broadcast-text-or-file"))
}

/// Another language's version of `main`: text for text; for a file, a
/// file of its own or just the caption, which then goes with the same file.
fn version_of(ctx: &Ctx, msg: &Message, main: &Payload) -> Result<Payload, String> {
    match main.as_file() {
        None => text_of(msg).map(Payload::text).ok_or_else(|| t!(&ctx.lang, "broadcast-version-needs-text")),
        Some((kind, file_id, _)) => {
            if let Some(file) = file_of(ctx, msg)? {
                return Ok(file);
            }
            let caption = text_of(msg).ok_or_else(|| t!(&ctx.lang, "broadcast-text-or-file"))?;
            if caption.encode_utf16().count() > CAPTION_LIMIT {
                return Err(t!(&ctx.lang, "broadcast-caption-too-long", max = CAPTION_LIMIT));
            }
            Ok(Payload::file(kind, file_id, Some(caption.to_owned())))
        }
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

/// Every version, each under a line naming its language, the main first.
async fn preview_versions(bot: &Bot, ctx: &Ctx, chat: ChatId, payload: &Payload, versions: &Versions) -> HandlerResult {
    say(bot, ctx, chat, &render::version_label(&ctx.lang, &versions.main_language(ctx), true)).await?;
    preview(bot, ctx, chat, payload).await?;
    for (lang, version) in &versions.others {
        say(bot, ctx, chat, &render::version_label(&ctx.lang, lang, false)).await?;
        preview(bot, ctx, chat, version).await?;
    }
    Ok(())
}

/// After the preview: who it goes to, who is asleep, and the buttons.
async fn confirm(
    bot: &Bot,
    ctx: &Ctx,
    chat: ChatId,
    coordinator: i64,
    dialogue: &BotDialogue,
    (audience, payload, versions): (Option<CourseCode>, Payload, Versions),
) -> HandlerResult {
    let lang = &ctx.lang;
    let recipients = ctx.db.course_participants(audience.as_ref().map(|c| c.as_str())).await?;
    let held = held_by_quiet_hours(ctx, &recipients, ctx.clock.now());
    let label = render::audience_label(lang, audience.as_ref().map(|c| c.as_str()));
    let button = |key: &str, data: &str| InlineKeyboardButton::callback(t!(lang, key), data.to_owned());
    let (question, mut rows) = match held {
        None => (
            render::broadcast_confirm(lang, &label, recipients.len()),
            vec![vec![
                button("broadcast-send-now", "bc:send"),
                button("broadcast-schedule", "bc:schedule"),
                button("broadcast-cancel", "bc:cancel"),
            ]],
        ),
        Some(held) => {
            let zone = zone_of_user(ctx, coordinator).await?;
            let when = render::quiet_hours_end(lang, held.first_end, held.last_end, zone.tz());
            (
                render::broadcast_confirm_quiet(lang, &label, recipients.len(), held.people, &when),
                vec![
                    vec![
                        button("broadcast-send-now", "bc:send"),
                        button("broadcast-send-to-everyone-now", "bc:urgent"),
                    ],
                    vec![button("broadcast-schedule", "bc:schedule"), button("broadcast-cancel", "bc:cancel")],
                ],
            )
        }
    };
    for other in versions.missing(ctx) {
        rows.push(vec![InlineKeyboardButton::callback(
            render::add_version(lang, &other),
            super::buttons::broadcast_version_data(&other),
        )]);
    }
    let above = if versions.others.is_empty() {
        t!(lang, "broadcast-preview-above")
    } else {
        let all: Vec<Lang> =
            std::iter::once(versions.main_language(ctx)).chain(versions.others.keys().cloned()).collect();
        render::preview_versions(lang, &all)
    };
    dialogue.update(State::Broadcasting(BroadcastStep::Confirm { audience, payload, versions })).await?;
    ask_with_buttons(bot, ctx, chat, &format!("{above}\n{question}"), InlineKeyboardMarkup::new(rows)).await
}

pub async fn on_message(bot: Bot, ctx: Ctx, msg: Message, dialogue: BotDialogue, step: BroadcastStep) -> HandlerResult {
    let chat = msg.chat.id;
    let from = msg.from.as_ref().map_or(chat.0, |u| u.id.0 as i64);
    match step {
        BroadcastStep::Message { audience } => {
            let payload = match payload_of(&ctx, &msg) {
                Ok(p) => p,
                Err(reply) => return say(&bot, &ctx, chat, &reply).await,
            };
            preview(&bot, &ctx, chat, &payload).await?;
            let versions = Versions { main: Some(ctx.lang.clone()), others: BTreeMap::new() };
            confirm(&bot, &ctx, chat, from, &dialogue, (audience, payload, versions)).await
        }
        BroadcastStep::Version { audience, payload, mut versions, language } => {
            let version = match version_of(&ctx, &msg, &payload) {
                Ok(v) => v,
                Err(reply) => return say(&bot, &ctx, chat, &reply).await,
            };
            versions.others.insert(language, version);
            preview_versions(&bot, &ctx, chat, &payload, &versions).await?;
            confirm(&bot, &ctx, chat, from, &dialogue, (audience, payload, versions)).await
        }
        BroadcastStep::When { audience, payload, versions } => {
            let zone = zone_of_user(&ctx, from).await?;
            let typed = msg.text().unwrap_or_default().trim();
            let at = LocalDateTime::parse(typed)
                .ok()
                .and_then(|local| local.in_zone(zone))
                .filter(|at| *at > ctx.clock.now());
            let Some(at) = at else {
                return say(&bot, &ctx, chat, &render::broadcast_bad_time(&ctx.lang, typed, zone)).await;
            };
            let translations = versions.translations(&ctx, &payload);
            let audience = audience.as_ref().map(|c| c.as_str());
            let id = ctx.db.create_broadcast(from, audience, &payload, &translations, at, ctx.clock.now()).await?;
            dialogue.exit().await?;
            say(&bot, &ctx, chat, &render::broadcast_scheduled(&ctx.lang, id, at, zone)).await
        }
        BroadcastStep::Audience | BroadcastStep::Confirm { .. } => {
            say(&bot, &ctx, chat, &t!(&ctx.lang, "broadcast-use-the-buttons")).await
        }
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
    let lang = &ctx.lang;
    match (step, action) {
        (BroadcastStep::Audience, a) if a.starts_with("aud:") => {
            let audience = match &a[4..] {
                "*" => None,
                code => match CourseCode::parse(code) {
                    Ok(c) if ctx.db.course(&c).await?.is_some_and(|c| c.active) => Some(c),
                    _ => {
                        let closed = t!(lang, "broadcast-course-closed", code = crate::i18n::clip(code, 40));
                        return say(&bot, &ctx, chat, &closed).await;
                    }
                },
            };
            dialogue.update(State::Broadcasting(BroadcastStep::Message { audience })).await?;
            say(&bot, &ctx, chat, &t!(lang, "broadcast-ask-message")).await
        }
        (BroadcastStep::Confirm { audience, payload, versions }, a) if a.starts_with("lang:") => {
            let wanted = Lang::parse(&a[5..]).ok().filter(|l| versions.missing(&ctx).contains(l));
            let Some(language) = wanted else {
                return say(&bot, &ctx, chat, &t!(lang, "button-expired")).await;
            };
            clear_buttons(&bot, &q).await;
            let ask = render::ask_version(lang, &language, payload.as_file().is_some());
            dialogue
                .update(State::Broadcasting(BroadcastStep::Version { audience, payload, versions, language }))
                .await?;
            say(&bot, &ctx, chat, &ask).await
        }
        (BroadcastStep::Confirm { audience, payload, versions }, action @ ("send" | "urgent")) => {
            clear_buttons(&bot, &q).await;
            let now = ctx.clock.now();
            let (from, audience) = (q.from.id.0 as i64, audience.as_ref().map(|c| c.as_str()));
            let translations = versions.translations(&ctx, &payload);
            let id = if action == "urgent" {
                ctx.db.create_urgent_broadcast(from, audience, &payload, &translations, now).await?
            } else {
                ctx.db.create_broadcast(from, audience, &payload, &translations, now, now).await?
            };
            dialogue.exit().await?;
            // Queued now, so the audience is exactly who is registered at the tap.
            crate::notify::scheduler::broadcasts(&ctx.db, now).await?;
            ctx.wake_sender.notify_one();
            let recipients = ctx.db.broadcast_recipients(id).await?;
            let held = if action == "urgent" { None } else { held_by_quiet_hours(&ctx, &recipients, now) };
            let reply = match held {
                None => render::broadcast_queued(lang, id, recipients.len()),
                Some(held) => {
                    let zone = zone_of_user(&ctx, from).await?;
                    let when = render::quiet_hours_end(lang, held.first_end, held.last_end, zone.tz());
                    render::broadcast_queued_quiet(lang, id, recipients.len(), held.people, &when)
                }
            };
            say(&bot, &ctx, chat, &reply).await
        }
        (BroadcastStep::Confirm { audience, payload, versions }, "schedule") => {
            clear_buttons(&bot, &q).await;
            dialogue.update(State::Broadcasting(BroadcastStep::When { audience, payload, versions })).await?;
            let zone = zone_of_user(&ctx, q.from.id.0 as i64).await?;
            say(&bot, &ctx, chat, &render::broadcast_ask_time(lang, zone)).await
        }
        (_, "cancel") => {
            clear_buttons(&bot, &q).await;
            dialogue.exit().await?;
            say(&bot, &ctx, chat, &t!(lang, "broadcast-cancelled")).await
        }
        _ => say(&bot, &ctx, chat, &t!(lang, "button-expired")).await,
    }
}

async fn clear_buttons(bot: &Bot, q: &CallbackQuery) {
    if let Some(m) = &q.message {
        let _ = bot.edit_message_reply_markup(m.chat().id, m.id()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broadcast_dialogue_saved_before_versions_existed_still_reads() {
        let old = r#"{"Broadcasting":{"Confirm":{"audience":"CECAC-2","payload":{"type":"text","parts":["Hi"]}}}}"#;
        let state: State = serde_json::from_str(old).unwrap();
        let audience = Some(CourseCode::parse("CECAC-2").unwrap());
        let payload = Payload::text("Hi");
        let versions = Versions::default();
        assert_eq!(state, State::Broadcasting(BroadcastStep::Confirm { audience, payload, versions }));
        let when = r#"{"Broadcasting":{"When":{"audience":null,"payload":{"type":"text","parts":["Hi"]}}}}"#;
        assert!(serde_json::from_str::<State>(when).is_ok());
    }
}
