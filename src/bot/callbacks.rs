//! Button taps. Callback data is "area:action"; a tap whose moment has passed
//! (a stale summary, a forged payload) gets "expired" and changes nothing.

use teloxide::prelude::*;

use super::{menus, participant, register, say, BotDialogue, Ctx, HandlerResult, State};
use crate::db::ProfileField;
use crate::domain::{CourseCode, Lang};
use crate::i18n::is_available;
use crate::i18n::participant::{self as words, LanguageChoice};
use crate::t;

pub async fn handle(bot: Bot, ctx: Ctx, q: CallbackQuery, dialogue: BotDialogue, upd: Update) -> HandlerResult {
    let data = q.data.clone().unwrap_or_default();
    let (area, action) = data.split_once(':').unwrap_or((data.as_str(), ""));
    let chat = dialogue.chat_id();
    let user_id = q.from.id.0 as i64;
    if !chat_is_private(&q) {
        super::reply::ack(&bot, &q, None).await;
        return Ok(());
    }
    match area {
        "reg" => register::on_button(&bot, &ctx, &q, dialogue, action).await,
        "fb" | "ev" => super::feedback::on_button(&bot, &ctx, &q, dialogue, &data).await,
        "prof" => {
            super::reply::ack(&bot, &q, None).await;
            let Some(field) = ProfileField::from_key(action) else {
                return Ok(());
            };
            dialogue.update(State::Editing { field }).await?;
            say(&bot, &ctx, chat, &words::prompt(&ctx.lang, field)).await
        }
        "wd" => {
            super::reply::ack(&bot, &q, None).await;
            clear_buttons(&bot, &q).await;
            if action == "keep" {
                return say(&bot, &ctx, chat, &t!(&ctx.lang, "kept")).await;
            }
            let Ok(code) = CourseCode::parse(action) else {
                return say(&bot, &ctx, chat, &t!(&ctx.lang, "button-expired")).await;
            };
            match ctx.db.withdraw(user_id, &code, ctx.clock.now()).await? {
                Some(_) => {
                    say(&bot, &ctx, chat, &t!(&ctx.lang, "withdrawn", code = code.as_str())).await?;
                    // Whoever moved up from the wait-list is told by the scheduler.
                    ctx.kick_scheduler.notify_one();
                    Ok(())
                }
                None => say(&bot, &ctx, chat, &t!(&ctx.lang, "not-in-course", code = code.as_str())).await,
            }
        }
        "forget" => {
            super::reply::ack(&bot, &q, None).await;
            clear_buttons(&bot, &q).await;
            if action != "yes" {
                return say(&bot, &ctx, chat, &t!(&ctx.lang, "kept")).await;
            }
            let had_chosen = ctx.db.language_settings(user_id).await?.chosen.is_some();
            ctx.db.forget(user_id, Some(i64::from(upd.id.0)), ctx.clock.now()).await?;
            // The rows are gone; old copies in the log are a lesser risk
            // than telling them the deletion failed when it did not.
            if let Err(e) = ctx.db.checkpoint_wal().await {
                tracing::error!(error = %e, "could not empty the write-ahead log after forgetting someone");
            }
            say(&bot, &ctx, chat, &t!(&ctx.lang, "forgotten")).await?;
            // Whoever moved up into a place they held is told by the scheduler.
            ctx.kick_scheduler.notify_one();
            // Their chosen language went with the rest; so does the menu in it.
            if had_chosen {
                menus::publish_for(&bot, &ctx, user_id, None).await;
            }
            Ok(())
        }
        "lang" => {
            super::reply::ack(&bot, &q, None).await;
            let choice = match action {
                "auto" => Some(LanguageChoice::Automatic),
                code => Lang::parse(code).ok().filter(is_available).map(LanguageChoice::Chosen),
            };
            let Some(choice) = choice else {
                return say(&bot, &ctx, chat, &t!(&ctx.lang, "button-expired")).await;
            };
            clear_buttons(&bot, &q).await;
            participant::set_language(&bot, &ctx, chat, &q.from, choice).await
        }
        "faq" => {
            super::reply::ack(&bot, &q, None).await;
            let entries = ctx.db.faq_entries().await?;
            match entries.iter().find(|e| e.id.as_str() == action) {
                Some(e) => say(&bot, &ctx, chat, &crate::i18n::enquiries::faq_entry(&ctx.lang, e)).await,
                None => say(&bot, &ctx, chat, &t!(&ctx.lang, "button-expired")).await,
            }
        }
        "faqsg" => {
            super::reply::ack(&bot, &q, None).await;
            clear_buttons(&bot, &q).await;
            super::enquiries::on_suggestion(&bot, &ctx, &q, chat, action).await
        }
        "here" => super::attendance::on_here_button(&bot, &ctx, &q, chat, action).await,
        "faqfb" => {
            super::reply::ack(&bot, &q, None).await;
            clear_buttons(&bot, &q).await;
            super::enquiries::on_feedback(&bot, &ctx, &q, chat, action).await
        }
        _ => {
            super::reply::ack(&bot, &q, Some(&t!(&ctx.lang, "button-expired"))).await;
            Ok(())
        }
    }
}

fn chat_is_private(q: &CallbackQuery) -> bool {
    q.message.as_ref().map(|m| m.chat().is_private()).unwrap_or(true)
}

async fn clear_buttons(bot: &Bot, q: &CallbackQuery) {
    if let Some(m) = &q.message {
        let _ = bot.edit_message_reply_markup(m.chat().id, m.id()).await;
    }
}
