//! The one dispatcher tree, used by `app` and by the tests alike.
//!
//! Roles are branches, not `if`s inside handlers: a coordinator's commands
//! are tried only behind the coordinator filter; anyone else typing one gets
//! "not allowed" from a branch of its own.

use std::ops::ControlFlow;

use dptree::di::DependencyMap;
use dptree::{HandlerDescription, HandlerSignature};
use teloxide::dispatching::dialogue::GetChatId;
use teloxide::dispatching::{DpHandlerDescription, HandlerExt, UpdateFilterExt, UpdateHandler};
use teloxide::prelude::*;
use teloxide::types::{ChatKind, Me};

use super::reply::Stopping;
use super::{
    attendance, broadcast, callbacks, coordinator, enquiries, feedback, learning, participant, register, whoami,
    CoordinatorCommand, Ctx, HandlerResult, ParticipantCommand, State,
};
use crate::db::DialogueStore;
use crate::i18n::{self, Lang};
use crate::t;

pub fn schema() -> UpdateHandler<anyhow::Error> {
    let coordinator_commands =
        dptree::filter(is_coordinator).filter_command::<CoordinatorCommand>().endpoint(coordinator::handle);
    let participant_commands = dptree::entry().filter_command::<ParticipantCommand>().endpoint(participant::handle);
    let forbidden_commands = dptree::entry().filter_command::<CoordinatorCommand>().endpoint(not_allowed);

    let private = dptree::filter(|msg: Message| msg.chat.is_private())
        .branch(coordinator_commands.clone())
        .branch(participant_commands)
        .branch(forbidden_commands.clone())
        .branch(dptree::filter(looks_like_command).endpoint(unknown_command))
        // A coordinator replying to an enquiry relayed to their own chat
        // answers it (unless it is their own enquiry: that is a follow-up).
        .branch(dptree::filter(is_coordinator).filter_map_async(others_enquiry).endpoint(enquiries::on_reply))
        .branch(dptree::case![State::Registering { draft, awaiting }].endpoint(register::on_message))
        .branch(dptree::case![State::Editing { field }].endpoint(participant::on_profile_edit))
        .branch(dptree::case![State::Commenting(p)].endpoint(feedback::on_comment))
        .branch(dptree::case![State::Evaluating(step)].endpoint(feedback::on_evaluation_message))
        .branch(
            dptree::filter(is_coordinator)
                .branch(dptree::case![State::Broadcasting(step)].endpoint(broadcast::on_message)),
        )
        .branch(dptree::filter(is_coordinator).filter_async(replies_to_other_bot_message).endpoint(not_a_relay))
        .endpoint(enquiries::on_message);

    // In the staff group only coordinators are heard: their commands, and
    // their replies to relayed enquiries. The bot stays quiet about
    // everything else said there, and about anyone else's replies.
    let staff = dptree::filter(is_staff_chat)
        .branch(coordinator_commands)
        .branch(dptree::filter(whoami::is_whoami).endpoint(whoami::ignore))
        .branch(forbidden_commands)
        // A forum topic closed, reopened or renamed by hand: no answer.
        .branch(
            dptree::filter(is_topic_event)
                .filter(is_coordinator)
                .filter_map_async(others_enquiry)
                .endpoint(enquiries::on_topic_event),
        )
        .branch(dptree::filter(is_topic_event).endpoint(|| async { Ok(()) }))
        .branch(dptree::filter(is_coordinator).filter_map_async(others_enquiry).endpoint(enquiries::on_reply))
        .branch(dptree::filter(is_coordinator).filter_async(replies_to_other_bot_message).endpoint(not_a_relay));

    // Any other group: a coordinator's /whoami is answered (that is how
    // they learn the id to configure); everything else is logged once per
    // group and left unanswered.
    // (What the staff group says that no branch above takes falls through
    // to here too: it is not "elsewhere", and is left alone.)
    let elsewhere = dptree::filter(|msg: Message, ctx: Ctx| {
        !msg.chat.is_private() && ctx.config.coordinators.staff_chat_id != Some(msg.chat.id.0)
    })
    .branch(dptree::filter(is_coordinator).filter(whoami::is_whoami).endpoint(whoami::handle))
    .endpoint(whoami::unconfigured_group);

    let messages = Update::filter_message().branch(private).branch(staff).branch(elsewhere);
    // Broadcast buttons answer coordinators only; anyone else's tap (a
    // forwarded keyboard, a forged payload) is treated as expired.
    let callbacks = Update::filter_callback_query()
        .branch(
            dptree::filter(|q: CallbackQuery, ctx: Ctx| {
                q.data.as_deref().is_some_and(|d| d.starts_with("bc:"))
                    && ctx.config.coordinators.contains(q.from.id.0 as i64)
            })
            .endpoint(broadcast::on_button),
        )
        // "This is FAQ entry…", the picker and /learn's buttons: a
        // coordinator's, in the staff group or their private chat. Anyone
        // else's tap falls through to "expired".
        .branch(
            dptree::filter(|q: CallbackQuery, ctx: Ctx| {
                q.data.as_deref().is_some_and(|d| d.starts_with("lrn:"))
                    && ctx.config.coordinators.contains(q.from.id.0 as i64)
                    && q.message.as_ref().is_some_and(|m| {
                        m.chat().is_private() || ctx.config.coordinators.staff_chat_id == Some(m.chat().id.0)
                    })
            })
            .endpoint(learning::on_button),
        )
        // An /attendance sheet's buttons: a coordinator's, in the staff
        // group or their private chat; anyone else's tap is "expired".
        .branch(
            dptree::filter(|q: CallbackQuery, ctx: Ctx| {
                q.data.as_deref().is_some_and(|d| d.starts_with("att:"))
                    && ctx.config.coordinators.contains(q.from.id.0 as i64)
                    && q.message.as_ref().is_some_and(|m| {
                        m.chat().is_private() || ctx.config.coordinators.staff_chat_id == Some(m.chat().id.0)
                    })
            })
            .endpoint(attendance::on_sheet_button),
        )
        .endpoint(callbacks::handle);

    dptree::entry().chain(from_inbox()).chain(apologise_on_failure()).branch(
        dptree::filter(|upd: Update| upd.chat_id().is_some())
            .enter_dialogue::<Update, DialogueStore<State>, State>()
            .branch(messages)
            .branch(callbacks),
    )
}

/// The signature of a wrapper that needs nothing and adds nothing: the
/// tree's type check sees straight through it.
fn see_through() -> HandlerSignature {
    HandlerSignature::Other {
        obligations: Default::default(),
        guaranteed_outcomes: Default::default(),
        conditional_outcomes: Default::default(),
        continues: true,
    }
}

/// A handler that fails on our side (the database, a corrupt row) still
/// answers: the person hears that something went wrong, not silence. The
/// error itself is logged by the dispatcher's error handler.
fn apologise_on_failure() -> UpdateHandler<anyhow::Error> {
    dptree::from_fn_with_description(
        DpHandlerDescription::entry(),
        |deps: DependencyMap, cont| async move {
            let outcome = cont(deps.clone()).await;
            if let ControlFlow::Break(Err(e)) = &outcome {
                apologise(&deps, e).await;
            }
            outcome
        },
        see_through(),
    )
}

async fn apologise(deps: &DependencyMap, error: &anyhow::Error) {
    // Telegram itself failed: an apology would fail the same way. A stop
    // is no failure: the update is handled again after it.
    if error.downcast_ref::<teloxide::RequestError>().is_some() || error.downcast_ref::<Stopping>().is_some() {
        return;
    }
    let (Some(upd), Some(bot), Some(ctx)) = (deps.try_get::<Update>(), deps.try_get::<Bot>(), deps.try_get::<Ctx>())
    else {
        return;
    };
    let Some(chat) = upd.chat() else {
        return;
    };
    // Elsewhere (a group that is not the staff chat) the bot stays quiet.
    if !chat.is_private() && ctx.config.coordinators.staff_chat_id != Some(chat.id.0) {
        return;
    }
    if let Err(e) = super::say(&bot, &ctx, chat.id, &t!(&ctx.lang, "something-went-wrong")).await {
        tracing::warn!(error = %e, "could not apologise for a failed handler");
    }
}

/// Each update comes from the inbox (which yields it once, and only while
/// it is pending) and is marked handled when its handler is done. While
/// the bot is stopping, updates not yet started are left pending, and one
/// whose reply could not be queued ([`Stopping`]) stays pending too: both
/// are handled at the next start.
fn from_inbox() -> UpdateHandler<anyhow::Error> {
    dptree::from_fn_with_description(
        DpHandlerDescription::entry(),
        |deps: DependencyMap, cont| async move {
            let (Some(upd), Some(ctx)) = (deps.try_get::<Update>(), deps.try_get::<Ctx>()) else {
                return cont(deps).await;
            };
            let id = i64::from(upd.id.0);
            if *ctx.stopping.borrow() {
                return ControlFlow::Break(Ok(()));
            }
            // Everything this update's handlers say is in its sender's language.
            let sender = upd.from().map(|u| (u.id.0 as i64, u.language_code.clone()));
            let mut ctx = (*ctx).clone();
            if let Some((user_id, code)) = &sender {
                let settings = ctx.db.language_settings(*user_id).await.unwrap_or_else(|e| {
                    tracing::warn!(error = %e, "could not read a person's language settings");
                    Default::default()
                });
                ctx.lang = i18n::resolve(&settings, code.as_deref(), &ctx.config.programme.language);
            }
            // A coordinator writing in private can be messaged by the bot
            // from now on (Telegram refuses a bot's first word): remembered
            // so /stats and the start-up log can name those who cannot.
            if let Some((user_id, _)) = &sender {
                if upd.chat().is_some_and(|c| c.is_private()) && ctx.config.coordinators.contains(*user_id) {
                    if let Err(e) = ctx.db.note_coordinator_chat(*user_id, ctx.clock.now()).await {
                        tracing::warn!(error = %e, "could not record a coordinator's private chat");
                    }
                }
            }
            let mut deps = deps;
            deps.insert(ctx.clone());
            let outcome: ControlFlow<anyhow::Result<()>, DependencyMap> = cont(deps.clone()).await;
            if let ControlFlow::Break(Err(e)) = &outcome {
                if e.downcast_ref::<Stopping>().is_some() {
                    tracing::info!(update_id = id, "stopping mid-way: the update is handled again at the next start");
                    return ControlFlow::Break(Ok(()));
                }
            }
            let live = sender.and_then(|(user, code)| Some((user, Lang::parse(code.as_deref()?).ok()?)));
            let noted = live.as_ref().map(|(user, lang)| (*user, lang));
            if let Err(e) = ctx.db.finish_update(id, noted, ctx.clock.now()).await {
                tracing::error!(update_id = id, error = %e, "could not mark an update handled");
            }
            outcome
        },
        see_through(),
    )
}

fn is_coordinator(msg: Message, ctx: Ctx) -> bool {
    msg.from.as_ref().is_some_and(|u| ctx.config.coordinators.contains(u.id.0 as i64))
}

/// Telegram's word that a forum topic was created, closed, reopened or
/// edited: never a message from a person.
fn is_topic_event(msg: Message) -> bool {
    msg.forum_topic_created().is_some()
        || msg.forum_topic_closed().is_some()
        || msg.forum_topic_reopened().is_some()
        || msg.forum_topic_edited().is_some()
}

fn is_staff_chat(msg: Message, ctx: Ctx) -> bool {
    matches!(msg.chat.kind, ChatKind::Public(_)) && ctx.config.coordinators.staff_chat_id == Some(msg.chat.id.0)
}

/// The enquiry a message replies to, unless the sender asked it.
async fn others_enquiry(msg: Message, ctx: Ctx) -> Option<enquiries::Linked> {
    let sender = msg.from.as_ref()?.id.0 as i64;
    enquiries::linked(&msg, &ctx).await.filter(|l| l.asker_id != sender)
}

/// A coordinator replying to one of the bot's messages that belongs to no
/// enquiry (a confirmation, /stats, a relay whose asker was forgotten): they
/// probably meant to answer someone, and must not think they did.
async fn replies_to_other_bot_message(msg: Message, me: Me, ctx: Ctx) -> bool {
    let Some(reply) = msg.reply_to_message() else {
        return false;
    };
    if reply.from.as_ref().is_none_or(|u| u.id != me.id) {
        return false;
    }
    enquiries::linked(&msg, &ctx).await.is_none()
}

async fn not_a_relay(bot: Bot, ctx: Ctx, msg: Message) -> HandlerResult {
    super::say(&bot, &ctx, msg.chat.id, &t!(&ctx.lang, "not-a-relay")).await
}

fn looks_like_command(msg: Message) -> bool {
    msg.text().is_some_and(|t| t.starts_with('/'))
}

async fn not_allowed(bot: Bot, ctx: Ctx, msg: Message) -> HandlerResult {
    if let Some(u) = &msg.from {
        tracing::info!(user_id = u.id.0, "refused a coordinator command");
    }
    super::say(&bot, &ctx, msg.chat.id, &t!(&ctx.lang, "not-allowed")).await
}

async fn unknown_command(bot: Bot, ctx: Ctx, msg: Message) -> HandlerResult {
    let cmd = msg.text().unwrap_or_default().split_whitespace().next().unwrap_or("/");
    super::say(&bot, &ctx, msg.chat.id, &i18n::participant::unknown_command(&ctx.lang, cmd)).await
}
