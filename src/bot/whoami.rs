//! `/whoami`: the ids a new deployment needs in `bot.toml` — a person's
//! user id for `user_ids`, a group's chat id for `staff_chat_id` — and the
//! one log line that names a group writing to the bot unconfigured.

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

use teloxide::prelude::*;
use teloxide::types::Me;
use teloxide::utils::command::BotCommands;

use super::{say, CoordinatorCommand, Ctx, HandlerResult};
use crate::t;

/// In a private chat, for anyone: their user id, the chat's id, and whether
/// they are a coordinator. In a group (reached for coordinators only): the
/// group's id and whether it is the configured staff group.
pub async fn handle(bot: Bot, ctx: Ctx, msg: Message) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let lang = &ctx.lang;
    let user_id = user.id.0.to_string();
    let chat_id = msg.chat.id.0.to_string();
    let mut lines = vec![match &user.username {
        Some(name) => t!(lang, "whoami-you", user_id = &user_id, username = name.as_str()),
        None => t!(lang, "whoami-you-no-username", user_id = &user_id),
    }];
    if msg.chat.is_private() {
        lines.push(t!(lang, "whoami-private-chat", chat_id = &chat_id));
        lines.push(if ctx.config.coordinators.contains(user.id.0 as i64) {
            t!(lang, "whoami-coordinator")
        } else {
            t!(lang, "whoami-not-coordinator", user_id = &user_id)
        });
    } else {
        lines.push(t!(lang, "whoami-group-chat", chat_id = &chat_id));
        lines.push(if ctx.config.coordinators.staff_chat_id == Some(msg.chat.id.0) {
            t!(lang, "whoami-staff-group")
        } else {
            t!(lang, "whoami-not-staff-group", chat_id = &chat_id)
        });
        // A basic group gets a new id when Telegram turns it into a
        // supergroup (turning on topics or history for new members does).
        if msg.chat.is_group() {
            lines.push(t!(lang, "whoami-basic-group"));
        }
    }
    say(&bot, &ctx, msg.chat.id, &lines.join("\n")).await
}

/// Whether a message is `/whoami` (or `/whoami@this_bot`).
pub fn is_whoami(msg: Message, me: Me) -> bool {
    msg.text().and_then(|t| CoordinatorCommand::parse(t, me.username()).ok()) == Some(CoordinatorCommand::Whoami)
}

/// A stranger's /whoami in the staff group: no reaction, as for anything
/// else strangers say there.
pub async fn ignore() -> HandlerResult {
    Ok(())
}

/// Groups already named in the log during this run.
static LOGGED_GROUPS: LazyLock<Mutex<HashSet<i64>>> = LazyLock::new(Mutex::default);

/// A message from a group that is not the configured staff group: nothing
/// is said there, and the log names the group once per run, so an operator
/// who added the bot to the wrong group (or whose group changed its id)
/// sees why the bot is silent.
pub async fn unconfigured_group(ctx: Ctx, msg: Message) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    if !LOGGED_GROUPS.lock().expect("logged groups").insert(chat_id) {
        return Ok(());
    }
    tracing::warn!(
        chat_id,
        title = msg.chat.title().unwrap_or(""),
        staff_chat_id = ?ctx.config.coordinators.staff_chat_id,
        "a group that is not the configured staff group wrote to the bot; ignored. \
         If it should be the staff group, a coordinator sends /whoami there and puts its id in bot.toml staff_chat_id"
    );
    Ok(())
}
