//! Telegram's command menus, per language and per place.
//!
//! Telegram shows the first menu set for, in a private chat: that chat with
//! the reader's language, that chat, all private chats with the reader's
//! language, all private chats, then the default scope; in a group: that
//! member with their language, that member, …, the default scope. So:
//!
//! - participants: their menu on all private chats, once per language the
//!   bot speaks (`language_code`) and once without a language, in the
//!   programme's, for any other;
//! - each coordinator: the coordinators' menu plus the participants' in their
//!   private chat, and only the coordinators' own commands as a member of the
//!   staff group, per language likewise;
//! - someone who chose a language with /language: their private chat's menu
//!   (and a coordinator's staff-group menu) in that language, whatever their
//!   Telegram's;
//! - nothing on the default scope. It is deleted rather than left alone: a
//!   menu set there by an earlier version (or by hand in @BotFather) stays
//!   until deleted, and would show /register and /forgetme to everyone in
//!   every group, the staff group included.
//!
//! A failure (a coordinator who never opened the bot, Telegram busy) is
//! logged and the rest goes on: a menu is a convenience, never a reason not
//! to start.

use std::collections::HashMap;

use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};

use super::{Ctx, COORDINATOR_MENU, PARTICIPANT_MENU};
use crate::i18n::{self, participant, Lang};

/// Participants' menu in `lang`.
fn participant_menu(lang: &Lang) -> Vec<BotCommand> {
    to_commands(participant::commands(lang, PARTICIPANT_MENU, false))
}

/// Coordinators' own commands in `lang` (the staff group's menu).
fn coordinator_menu(lang: &Lang) -> Vec<BotCommand> {
    to_commands(participant::commands(lang, COORDINATOR_MENU, true))
}

/// A coordinator's private menu: their commands, then the participants'
/// (a command both have, /help or /attendance, once: theirs).
fn coordinator_private_menu(lang: &Lang) -> Vec<BotCommand> {
    let mut menu = coordinator_menu(lang);
    menu.extend(participant_menu(lang).into_iter().filter(|c| !COORDINATOR_MENU.contains(&c.command.as_str())));
    menu
}

fn to_commands(list: Vec<(&'static str, String)>) -> Vec<BotCommand> {
    list.into_iter().map(|(c, d)| BotCommand::new(c, d)).collect()
}

/// Every menu, as the bot starts.
pub async fn publish(bot: &Bot, ctx: &Ctx) {
    for code in codes() {
        let mut req = bot.delete_my_commands();
        if let Some(code) = &code {
            req = req.language_code(code.as_str());
        }
        if let Err(e) = req.await {
            tracing::warn!(error = %e, language = ?code, "could not clear the default command menu");
        }
    }
    for (lang, code) in variants(ctx) {
        let scope = BotCommandScope::AllPrivateChats;
        set(bot, participant_menu(&lang), scope, code.as_ref(), "the participants' menu").await;
    }
    let chosen: HashMap<i64, Lang> = match ctx.db.chosen_languages().await {
        Ok(rows) => rows.into_iter().collect(),
        Err(e) => {
            tracing::warn!(error = %e, "could not read who chose a language; their menus follow their Telegram's");
            HashMap::new()
        }
    };
    for &id in &ctx.config.coordinators.user_ids {
        publish_coordinator(bot, ctx, id, chosen.get(&id)).await;
    }
    for (&id, lang) in &chosen {
        if !ctx.config.coordinators.contains(id) {
            publish_participant(bot, id, Some(lang)).await;
        }
    }
}

/// One person's menus after they chose a language (`Some`) or went back to
/// automatic (`None`).
pub async fn publish_for(bot: &Bot, ctx: &Ctx, user_id: i64, chosen: Option<&Lang>) {
    if ctx.config.coordinators.contains(user_id) {
        publish_coordinator(bot, ctx, user_id, chosen).await;
    } else {
        publish_participant(bot, user_id, chosen).await;
    }
}

/// A participant's private chat: their own menu only while they chose a
/// language; otherwise the all-private-chats menus in their Telegram's.
async fn publish_participant(bot: &Bot, user_id: i64, chosen: Option<&Lang>) {
    let scope = BotCommandScope::Chat { chat_id: Recipient::Id(ChatId(user_id)) };
    match chosen {
        Some(lang) => set(bot, participant_menu(lang), scope, None, "a participant's menu").await,
        None => {
            if let Err(e) = bot.delete_my_commands().scope(scope).await {
                tracing::debug!(user_id, error = %e, "could not clear a participant's own menu");
            }
        }
    }
}

/// A coordinator's private chat, and their menu as a member of the staff
/// group: per language, or all in the one they chose.
async fn publish_coordinator(bot: &Bot, ctx: &Ctx, user_id: i64, chosen: Option<&Lang>) {
    let private = BotCommandScope::Chat { chat_id: Recipient::Id(ChatId(user_id)) };
    let staff = ctx.config.coordinators.staff_chat_id.map(|group| BotCommandScope::ChatMember {
        chat_id: Recipient::Id(ChatId(group)),
        user_id: UserId(user_id as u64),
    });
    let places = [(Some(private), coordinator_private_menu as fn(&Lang) -> Vec<BotCommand>), (staff, coordinator_menu)];
    for (scope, menu) in places.into_iter().filter_map(|(s, m)| Some((s?, m))) {
        match chosen {
            Some(lang) => {
                // Per-language menus would win over the chosen one.
                for code in i18n::languages() {
                    let req = bot.delete_my_commands().scope(scope.clone()).language_code(code.as_str());
                    if let Err(e) = req.await {
                        tracing::warn!(user_id, error = %e, "could not clear a coordinator's menu in {code}");
                    }
                }
                set(bot, menu(lang), scope, None, "a coordinator's menu").await;
            }
            None => {
                for (lang, code) in variants(ctx) {
                    set(bot, menu(&lang), scope.clone(), code.as_ref(), "a coordinator's menu").await;
                }
            }
        }
    }
}

/// Each language the bot speaks with its code, and the programme's without
/// one (for readers of any other language).
fn variants(ctx: &Ctx) -> Vec<(Lang, Option<Lang>)> {
    let mut all = vec![(ctx.config.programme.language.clone(), None)];
    all.extend(i18n::languages().into_iter().map(|l| (l.clone(), Some(l))));
    all
}

/// No language, then each the bot speaks.
fn codes() -> Vec<Option<Lang>> {
    std::iter::once(None).chain(i18n::languages().into_iter().map(Some)).collect()
}

async fn set(bot: &Bot, commands: Vec<BotCommand>, scope: BotCommandScope, code: Option<&Lang>, what: &str) {
    let mut req = bot.set_my_commands(commands).scope(scope.clone());
    if let Some(code) = code {
        req = req.language_code(code.as_str());
    }
    if let Err(e) = req.await {
        tracing::warn!(error = %e, ?scope, language = ?code.map(Lang::as_str), "could not set {what}");
    }
}
