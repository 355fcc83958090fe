//! Answering the person in front of the bot.
//!
//! A reply goes out at once, through the same budget as everything else
//! but ahead of queued sends. If Telegram answers 429 it waits `retry_after`
//! and sends again; a 5xx or a network error is retried a few times within
//! seconds. If Telegram still does not take it — or the bot is stopping —
//! the reply is queued in the outbox and follows when it can: a person who
//! talked to the bot during an outage or a restart still gets an answer,
//! once. Only a refusal (the person blocked the bot, a bad request) ends it.

use std::future::{Future, IntoFuture};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButtonKind, InlineKeyboardMarkup, InputFile, MessageId, ReplyMarkup, ThreadId};
use teloxide::RequestError;

use super::{Ctx, HandlerResult};
use crate::db::outbox::{Button, Kind, NewItem, Payload};
use crate::notify::sender::worth_retrying;
use crate::notify::Priority;
use crate::telegram;

/// Pauses between tries of a reply Telegram did not take: about four
/// seconds in all, then it is queued.
const RETRY_PAUSES: [Duration; 4] =
    [Duration::from_millis(250), Duration::from_millis(500), Duration::from_secs(1), Duration::from_secs(2)];
/// A 429 asking for longer than this is not waited out in the handler.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(5);
/// A queued reply is only worth delivering while the conversation is fresh.
const REPLY_USEFUL_FOR: chrono::Duration = chrono::Duration::hours(1);

/// The bot is stopping and this reply cannot be queued (a file made on the
/// spot): the update is left unhandled, to be handled again after the restart.
#[derive(Debug, thiserror::Error)]
#[error("stopping before the reply could be sent; the update is handled again at the next start")]
pub struct Stopping;

enum NotNow {
    Stopping,
    /// Earlier replies to this chat are still queued; this one joins them.
    Behind,
    /// Telegram stayed unreachable or busy through every try.
    Unavailable(RequestError),
    /// Telegram said no (blocked, bad request): trying later will not help.
    Refused(RequestError),
}

/// Sends plain text, split into as many messages as Telegram's length limit
/// needs.
pub async fn say(bot: &Bot, ctx: &Ctx, chat: ChatId, text: &str) -> HandlerResult {
    let parts = telegram::split_message(text, telegram::TELEGRAM_LIMIT);
    for (i, part) in parts.iter().enumerate() {
        match send_now(ctx, chat, || bot.send_message(chat, part.clone()).into_future()).await {
            Ok(_) => {}
            Err(NotNow::Refused(e)) => return Err(e.into()),
            Err(why) => return queue(ctx, chat, Payload::Text { parts: parts[i..].to_vec() }, None, why).await,
        }
    }
    Ok(())
}

/// Like [`say`], inside a forum topic (`thread`), so a coordinator reads
/// the answer where they wrote; without one, exactly [`say`]. A part that
/// has to be queued goes to the chat itself.
pub async fn say_in(bot: &Bot, ctx: &Ctx, chat: ChatId, thread: Option<ThreadId>, text: &str) -> HandlerResult {
    let Some(thread) = thread else {
        return say(bot, ctx, chat, text).await;
    };
    let parts = telegram::split_message(text, telegram::TELEGRAM_LIMIT);
    for (i, part) in parts.iter().enumerate() {
        match send_now(ctx, chat, || bot.send_message(chat, part.clone()).message_thread_id(thread).into_future()).await
        {
            Ok(_) => {}
            Err(NotNow::Refused(e)) => return Err(e.into()),
            Err(why) => return queue(ctx, chat, Payload::Text { parts: parts[i..].to_vec() }, None, why).await,
        }
    }
    Ok(())
}

/// Sends one message with inline buttons (short enough never to split).
pub async fn ask_with_buttons(
    bot: &Bot,
    ctx: &Ctx,
    chat: ChatId,
    text: &str,
    buttons: InlineKeyboardMarkup,
) -> HandlerResult {
    let sent = send_now(ctx, chat, || {
        bot.send_message(chat, text).reply_markup(ReplyMarkup::InlineKeyboard(buttons.clone())).into_future()
    })
    .await;
    match sent {
        Ok(_) => Ok(()),
        Err(NotNow::Refused(e)) => Err(e.into()),
        Err(why) => {
            let payload = Payload::Prompt { text: text.to_owned(), buttons: stored_buttons(&buttons) };
            queue(ctx, chat, payload, None, why).await
        }
    }
}

/// Sends a short reply and links it to an enquiry, so replying to it adds
/// to the enquiry. Queued (and linked when it goes) if it cannot go now.
pub async fn say_linked(bot: &Bot, ctx: &Ctx, chat: ChatId, text: &str, enquiry_id: i64) -> HandlerResult {
    match send_now(ctx, chat, || bot.send_message(chat, text).into_future()).await {
        Ok(sent) => Ok(ctx.db.link_message(chat.0, i64::from(sent.id.0), enquiry_id).await?),
        Err(NotNow::Refused(e)) => Err(e.into()),
        Err(why) => queue(ctx, chat, Payload::text(text), Some(enquiry_id), why).await,
    }
}

/// Sends a file made on the spot (an export). It cannot be queued, so if
/// the bot is stopping the update is left to be handled again after the
/// restart ([`Stopping`]).
pub async fn send_document(bot: &Bot, ctx: &Ctx, chat: ChatId, file: InputFile, caption: &str) -> HandlerResult {
    on_the_spot(send_now(ctx, chat, || bot.send_document(chat, file.clone()).caption(caption).into_future()).await)
}

/// Sends a picture made on the spot (a chart), as `send_document` sends a file.
pub async fn send_photo(bot: &Bot, ctx: &Ctx, chat: ChatId, file: InputFile, caption: &str) -> HandlerResult {
    on_the_spot(send_now(ctx, chat, || bot.send_photo(chat, file.clone()).caption(caption).into_future()).await)
}

/// What became of a file that could only be sent there and then.
fn on_the_spot<T>(sent: Result<T, NotNow>) -> HandlerResult {
    match sent {
        Ok(_) => Ok(()),
        Err(NotNow::Stopping) => Err(Stopping.into()),
        Err(NotNow::Behind) => Err(anyhow::anyhow!("earlier replies to this chat are still queued")),
        Err(NotNow::Unavailable(e) | NotNow::Refused(e)) => Err(e.into()),
    }
}

/// Rewrites one of the bot's own messages (a picker that has done its
/// work), with `buttons` or none. If Telegram will not, the new text is
/// sent as a message of its own, so what happened is never left unsaid.
pub async fn edit(
    bot: &Bot,
    ctx: &Ctx,
    chat: ChatId,
    message: MessageId,
    text: &str,
    buttons: Option<InlineKeyboardMarkup>,
) -> HandlerResult {
    let markup = buttons.clone().unwrap_or_else(|| InlineKeyboardMarkup::new(Vec::<Vec<_>>::new()));
    match send_now(ctx, chat, || bot.edit_message_text(chat, message, text).reply_markup(markup.clone()).into_future())
        .await
    {
        Ok(_) => Ok(()),
        Err(NotNow::Refused(e)) => {
            tracing::debug!(error = %e, "could not edit a message; sending the text instead");
            match buttons {
                Some(b) => ask_with_buttons(bot, ctx, chat, text, b).await,
                None => say(bot, ctx, chat, text).await,
            }
        }
        Err(why) => {
            let payload = match &buttons {
                Some(b) => Payload::Prompt { text: text.to_owned(), buttons: stored_buttons(b) },
                None => Payload::text(text),
            };
            queue(ctx, chat, payload, None, why).await
        }
    }
}

/// Answers a button tap (stops its spinner). Best effort: a tap that could
/// not be acknowledged must not keep the tap from doing its work.
pub async fn ack(bot: &Bot, q: &CallbackQuery, text: Option<&str>) {
    let mut req = bot.answer_callback_query(q.id.clone());
    if let Some(t) = text {
        req = req.text(t);
    }
    if let Err(e) = req.await {
        tracing::debug!(error = %e, "could not acknowledge a button tap");
    }
}

/// One message, now: through the budget (replies first), retried while
/// Telegram is busy or away, for a few seconds at most.
async fn send_now<F, Fut>(ctx: &Ctx, chat: ChatId, send: F) -> Result<Message, NotNow>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Message, RequestError>>,
{
    let mut stopping = ctx.stopping.clone();
    if *stopping.borrow() {
        return Err(NotNow::Stopping);
    }
    // Replies already queued for this chat go first: a later one must not
    // overtake them.
    if ctx.reply_backlog.any() {
        match ctx.db.has_queued_replies(chat.0).await {
            Ok(true) => return Err(NotNow::Behind),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "could not check for queued replies"),
        }
    }
    let mut tries = 0;
    loop {
        tokio::select! {
            _ = ctx.limiter.acquire(chat.0, Priority::Interactive) => {}
            _ = crate::stop::requested(&mut stopping) => return Err(NotNow::Stopping),
        }
        let e = match send().await {
            Ok(sent) => return Ok(sent),
            Err(e) => e,
        };
        let pause = if let RequestError::RetryAfter(secs) = &e {
            ctx.limiter.pause(secs.duration());
            if secs.duration() > MAX_RETRY_AFTER {
                return Err(NotNow::Unavailable(e));
            }
            Duration::ZERO
        } else if worth_retrying(&e) {
            match RETRY_PAUSES.get(tries) {
                Some(p) => *p,
                None => return Err(NotNow::Unavailable(e)),
            }
        } else {
            return Err(NotNow::Refused(e));
        };
        tries += 1;
        tracing::debug!(error = %e, try_again_in = ?pause, "a reply did not go; trying again");
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = crate::stop::requested(&mut stopping) => return Err(NotNow::Stopping),
        }
    }
}

/// Puts a reply in the outbox, to follow when Telegram takes it.
async fn queue(ctx: &Ctx, chat: ChatId, payload: Payload, enquiry: Option<i64>, why: NotNow) -> HandlerResult {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let now = ctx.clock.now();
    // Unique across restarts too: the wall clock's nanoseconds, not the
    // injected clock (which tests hold still).
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    let key = format!("reply:{}:{stamp}:{}", chat.0, SEQ.fetch_add(1, Ordering::Relaxed));
    let mut item = NewItem::now(key, chat.0, Kind::Reply, payload, now);
    item.not_after = Some(now + REPLY_USEFUL_FOR);
    item.enquiry_id = enquiry;
    if ctx.db.enqueue(&item, now).await? {
        ctx.reply_backlog.queued();
    }
    match why {
        NotNow::Stopping => tracing::info!(chat = chat.0, "stopping: a reply is queued for after the restart"),
        NotNow::Behind => tracing::debug!(chat = chat.0, "a reply joins the ones queued before it"),
        NotNow::Unavailable(e) => tracing::warn!(chat = chat.0, error = %e, "Telegram did not take a reply; queued"),
        NotNow::Refused(_) => unreachable!("refusals are not queued"),
    }
    ctx.wake_sender.notify_one();
    Ok(())
}

fn stored_buttons(markup: &InlineKeyboardMarkup) -> Vec<Vec<Button>> {
    markup
        .inline_keyboard
        .iter()
        .map(|row| {
            row.iter()
                .filter_map(|b| match &b.kind {
                    InlineKeyboardButtonKind::CallbackData(data) => {
                        Some(Button { label: b.text.clone(), data: data.clone() })
                    }
                    _ => None,
                })
                .collect()
        })
        .collect()
}
