//! Button taps. Callback data is "area:action"; a tap whose moment has passed
//! (a stale summary, a forged payload) gets "expired" and changes nothing.

use teloxide::prelude::*;

use super::{register, say, text, BotDialogue, Ctx, HandlerResult, State};
use crate::db::ProfileField;
use crate::domain::{CourseCode, FaqId};

/// Telegram refuses a button whose callback data is longer than this, and
/// with it the whole keyboard. The data the bot builds is made here, from
/// values whose length their types bound, so none can exceed it.
pub const MAX_DATA_BYTES: usize = 64;

/// A `/faq` topic: at most 4 + 60 bytes (`FaqId::MAX_LEN`).
pub fn faq_data(id: &FaqId) -> String {
    format!("faq:{id}")
}

/// A course to leave, from `/withdraw`: at most 3 + 32 bytes.
pub fn withdraw_data(code: &CourseCode) -> String {
    format!("wd:{code}")
}

/// A course to register for: at most 11 + 32 bytes.
pub fn course_choice_data(code: &CourseCode) -> String {
    format!("reg:course:{code}")
}

/// A `/profile` field to edit.
pub fn profile_edit_data(field: ProfileField) -> String {
    format!("prof:{}", field.key())
}

/// Yes / No under a FAQ answer: at most 10 + 20 bytes (an i64).
pub fn faq_feedback_data(helpful: bool, question: i64) -> String {
    format!("faqfb:{}:{question}", if helpful { "yes" } else { "no" })
}

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
        "prof" => {
            super::reply::ack(&bot, &q, None).await;
            let Some(field) = ProfileField::from_key(action) else {
                return Ok(());
            };
            dialogue.update(State::Editing { field }).await?;
            say(&bot, &ctx, chat, text::prompt_for(field)).await
        }
        "wd" => {
            super::reply::ack(&bot, &q, None).await;
            clear_buttons(&bot, &q).await;
            if action == "keep" {
                return say(&bot, &ctx, chat, text::KEPT).await;
            }
            let Ok(code) = CourseCode::parse(action) else {
                return say(&bot, &ctx, chat, text::BUTTON_EXPIRED).await;
            };
            match ctx.db.withdraw(user_id, &code, ctx.clock.now()).await? {
                Some(_) => {
                    say(&bot, &ctx, chat, &text::withdrawn(code.as_str())).await?;
                    // Whoever moved up from the wait-list was queued a notice.
                    ctx.wake_sender.notify_one();
                    Ok(())
                }
                None => say(&bot, &ctx, chat, &text::not_in_course(code.as_str())).await,
            }
        }
        "forget" => {
            super::reply::ack(&bot, &q, None).await;
            clear_buttons(&bot, &q).await;
            if action != "yes" {
                return say(&bot, &ctx, chat, text::KEPT).await;
            }
            ctx.db.forget(user_id, Some(i64::from(upd.id.0)), ctx.clock.now()).await?;
            // The rows are gone; old copies in the log are a lesser risk
            // than telling them the deletion failed when it did not.
            if let Err(e) = ctx.db.checkpoint_wal().await {
                tracing::error!(error = %e, "could not empty the write-ahead log after forgetting someone");
            }
            say(&bot, &ctx, chat, text::FORGOTTEN).await?;
            ctx.wake_sender.notify_one();
            Ok(())
        }
        "faq" => {
            super::reply::ack(&bot, &q, None).await;
            let entries = ctx.db.faq_entries().await?;
            match entries.iter().find(|e| e.id.as_str() == action) {
                Some(e) => say(&bot, &ctx, chat, &format!("{}\n\n{}", e.question, e.answer)).await,
                None => say(&bot, &ctx, chat, text::BUTTON_EXPIRED).await,
            }
        }
        "faqfb" => {
            super::reply::ack(&bot, &q, None).await;
            clear_buttons(&bot, &q).await;
            super::enquiries::on_feedback(&bot, &ctx, &q, chat, action).await
        }
        _ => {
            super::reply::ack(&bot, &q, Some(text::BUTTON_EXPIRED)).await;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(data: &str) {
        assert!(data.len() <= MAX_DATA_BYTES, "{data:?} is {} bytes", data.len());
    }

    #[test]
    fn callback_data_from_the_longest_valid_values_fits_telegrams_limit() {
        let faq = FaqId::parse(&"f".repeat(FaqId::MAX_LEN)).unwrap();
        assert_eq!(faq_data(&faq).len(), MAX_DATA_BYTES, "the longest FAQ id fills the data exactly");
        let code = CourseCode::parse(&"C".repeat(32)).unwrap();
        assert!(CourseCode::parse(&"C".repeat(33)).is_err(), "32 is the longest course code");
        fits(&withdraw_data(&code));
        fits(&course_choice_data(&code));
        // broadcast.rs builds "bc:aud:CODE" the same way.
        fits(&format!("bc:aud:{code}"));
        for f in ProfileField::ALL {
            fits(&profile_edit_data(f));
            fits(&format!("reg:edit:{}", f.key()));
        }
        for q in [i64::MIN, i64::MAX] {
            fits(&faq_feedback_data(false, q));
            fits(&faq_feedback_data(true, q));
        }
        for fixed in ["wd:keep", "forget:yes", "forget:no", "reg:confirm", "reg:edit", "reg:edit:course"] {
            fits(fixed);
        }
    }

    #[test]
    fn a_faq_id_one_longer_cannot_exist() {
        assert!(FaqId::parse(&"f".repeat(FaqId::MAX_LEN + 1)).is_err());
    }
}
