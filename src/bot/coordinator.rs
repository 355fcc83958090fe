//! Coordinators' commands. Only reached behind the coordinator filter in
//! `schema`, so nothing here checks roles.

use teloxide::prelude::*;
use teloxide::types::InputFile;

use super::{
    broadcast, enquiries, say, BotDialogue, CoordinatorCommand, Ctx, HandlerResult, COORDINATOR_MENU, PARTICIPANT_MENU,
};
use crate::config;

use crate::db::outbox::State;
use crate::db::schedule::SessionEdit;
use crate::domain::{CourseCode, LocalDateTime, Zone};
use crate::export;
use crate::i18n::coordinator::{self as render, Counts, Delivery};
use crate::t;

pub async fn handle(bot: Bot, ctx: Ctx, msg: Message, dialogue: BotDialogue, cmd: CoordinatorCommand) -> HandlerResult {
    let chat = msg.chat.id;
    match cmd {
        CoordinatorCommand::Broadcast => broadcast::begin(&bot, &ctx, chat, dialogue).await,
        CoordinatorCommand::Broadcasts => broadcast::list(&bot, &ctx, chat).await,
        CoordinatorCommand::Enquiries => enquiries::list(&bot, &ctx, chat).await,
        CoordinatorCommand::Reply(args) => enquiries::reply_command(&bot, &ctx, &msg, &args).await,
        CoordinatorCommand::Close(args) => enquiries::close_command(&bot, &ctx, &msg, &args).await,
        CoordinatorCommand::Calendar(arg) => super::calendar::course(&bot, &ctx, chat, &arg).await,
        CoordinatorCommand::Report(arg) => super::report::handle(&bot, &ctx, chat, &arg).await,
        CoordinatorCommand::Help => {
            let lang = &ctx.lang;
            let own = crate::i18n::participant::commands(lang, COORDINATOR_MENU, true);
            let participant = crate::i18n::participant::commands(lang, PARTICIPANT_MENU, false);
            say(&bot, &ctx, chat, &crate::i18n::participant::coordinator_help(lang, &own, &participant)).await
        }
        CoordinatorCommand::Registrations(arg) => {
            let Some(course) = course_arg(&bot, &ctx, chat, &arg).await? else {
                return Ok(());
            };
            registrations(&bot, &ctx, chat, course.as_ref()).await
        }
        CoordinatorCommand::Export(arg) => {
            let Some(course) = course_arg(&bot, &ctx, chat, &arg).await? else {
                return Ok(());
            };
            let rows = ctx.db.roster(course.as_ref()).await?;
            let csv = export::roster_csv(&ctx.lang, &rows)?;
            let stamp = ctx.clock.now().format("%Y%m%d-%H%M");
            let name = match &course {
                Some(c) => format!("roster-{c}-{stamp}.csv"),
                None => format!("roster-all-{stamp}.csv"),
            };
            let file = InputFile::memory(csv).file_name(name);
            let caption = render::export_caption(&ctx.lang, course.as_ref().map(|c| c.as_str()), rows.len());
            super::reply::send_document(&bot, &ctx, chat, file, &caption).await
        }
        CoordinatorCommand::Reload => {
            let loaded =
                config::load_content(&ctx.config_dir, ctx.config.programme.timezone, &ctx.config.programme.language);
            match loaded {
                // The error names the file and the key: shown as it is.
                Err(e) => say(&bot, &ctx, chat, &render::reload_failed(&ctx.lang, &e.to_string())).await,
                Ok((programme, faq)) => {
                    let report = ctx.db.import(&programme, &faq, ctx.clock.now()).await?;
                    tracing::info!(?report, "reloaded programme and FAQ");
                    say(&bot, &ctx, chat, &render::import_report(&ctx.lang, &report)).await?;
                    ctx.kick_scheduler.notify_one();
                    ctx.wake_sender.notify_one();
                    Ok(())
                }
            }
        }
        CoordinatorCommand::Move(args) => {
            let mut words = args.split_whitespace();
            let (Some(id), Some(date), Some(time), None) = (words.next(), words.next(), words.next(), words.next())
            else {
                return say(&bot, &ctx, chat, &t!(&ctx.lang, "coordinator-move-usage")).await;
            };
            let Some(session) = ctx.db.session(id).await? else {
                return say(&bot, &ctx, chat, &render::no_such_session(&ctx.lang, id)).await;
            };
            let typed = format!("{date} {time}");
            let Ok(starts_local) = LocalDateTime::parse(&typed) else {
                return say(&bot, &ctx, chat, &render::bad_move_time(&ctx.lang, &typed)).await;
            };
            let zone = course_zone(&ctx, &session.course_code).await?;
            let Some(starts_at) = starts_local.in_zone(zone) else {
                return say(&bot, &ctx, chat, &render::move_gap(&ctx.lang, starts_local, zone)).await;
            };
            change_session(&bot, &ctx, chat, id, SessionEdit::Move { starts_local, starts_at }).await
        }
        CoordinatorCommand::Room(args) => {
            let (id, room) = args.trim().split_once(char::is_whitespace).unwrap_or((args.trim(), ""));
            let room = room.trim();
            if id.is_empty() || room.is_empty() || room.chars().count() > 200 {
                return say(&bot, &ctx, chat, &t!(&ctx.lang, "coordinator-room-usage")).await;
            }
            change_session(&bot, &ctx, chat, id, SessionEdit::Room(room.to_owned())).await
        }
        CoordinatorCommand::Cancelsession(args) => {
            let id = args.trim();
            if id.is_empty() || id.contains(char::is_whitespace) {
                return say(&bot, &ctx, chat, &t!(&ctx.lang, "coordinator-cancel-usage")).await;
            }
            change_session(&bot, &ctx, chat, id, SessionEdit::Cancel).await
        }
        CoordinatorCommand::Stats => stats(&bot, &ctx, chat).await,
        CoordinatorCommand::Learn => super::learning::learn_command(&bot, &ctx, chat).await,
        CoordinatorCommand::Code(arg) => super::attendance::code_command(&bot, &ctx, chat, &arg).await,
        CoordinatorCommand::Attendance(arg) => super::attendance::sheet_command(&bot, &ctx, chat, &arg).await,
        CoordinatorCommand::Certificates(arg) => super::attendance::certificates_command(&bot, &ctx, chat, &arg).await,
        CoordinatorCommand::Closeevaluation(arg) => super::feedback::close_command(&bot, &ctx, &msg, &arg).await,
        CoordinatorCommand::Whoami => super::whoami::handle(bot, ctx, msg).await,
    }
}

/// Registrations by course and status, messages by kind and outcome, and
/// the enquiry desk, in the coordinator's language.
async fn stats(bot: &Bot, ctx: &Ctx, chat: ChatId) -> HandlerResult {
    let lang = &ctx.lang;
    let counts = ctx.db.status_counts().await?;
    let mut lines = Vec::new();
    let mut total = Counts::default();
    for c in &ctx.db.courses(false).await? {
        let mut n = Counts::default();
        for x in counts.iter().filter(|x| x.course_code == c.code.as_str()) {
            n.add(x.status, x.n);
            total.add(x.status, x.n);
        }
        lines.push(render::stats_course_line(lang, c, n));
    }
    lines.push(render::stats_total_line(lang, total));
    lines.push(String::new());
    let outbox = ctx.db.outbox_counts().await?;
    for kind in render::STATS_KINDS {
        let n = |state: State| {
            outbox.iter().find(|(k, s, _)| k == kind.as_str() && s == state.as_str()).map_or(0, |(_, _, n)| *n)
        };
        let delivery = Delivery {
            sent: n(State::Sent),
            waiting: n(State::Pending) + n(State::Sending),
            blocked: n(State::Blocked),
            failed: n(State::Failed),
            dropped: n(State::Dropped),
        };
        lines.push(render::stats_messages_line(lang, kind, delivery));
    }
    lines.push(String::new());
    let enquiries = ctx.db.enquiry_stats().await?;
    lines.push(render::stats_enquiries(lang, &enquiries));
    lines.push(render::stats_faq_bands(lang, &enquiries));
    lines.push(super::attendance::stats_line(ctx).await?);
    let waiting = super::learning::waiting(ctx, &ctx.faq().await?.entries).await?.len();
    lines.push(render::stats_learning(lang, ctx.db.filed_counts().await?, waiting));
    lines.extend(crate::i18n::feedback::stats_lines(lang, ctx.db.feedback_stats().await?));
    let unreachable = ctx.db.coordinators_without_chat(&ctx.config.coordinators.user_ids).await?;
    if !unreachable.is_empty() {
        let ids: Vec<String> = unreachable.iter().map(i64::to_string).collect();
        lines.push(String::new());
        lines.push(t!(lang, "stats-coordinators-without-chat", ids = ids.join(", ")));
    }
    say(bot, ctx, chat, &render::stats(lang, &lines)).await
}

async fn course_zone(ctx: &Ctx, code: &str) -> anyhow::Result<Zone> {
    let course = match CourseCode::parse(code) {
        Ok(c) => ctx.db.course(&c).await?,
        Err(_) => None,
    };
    Ok(course.map(|c| c.zone).unwrap_or(ctx.config.programme.timezone))
}

/// Applies a coordinator's change and has the scheduler tell the course's
/// participants at once.
async fn change_session(bot: &Bot, ctx: &Ctx, chat: ChatId, id: &str, edit: SessionEdit) -> HandlerResult {
    let Some((before, after)) = ctx.db.edit_session(id, &edit, ctx.clock.now()).await? else {
        return say(bot, ctx, chat, &render::no_such_session(&ctx.lang, id)).await;
    };
    if before == after {
        return say(bot, ctx, chat, &render::session_unchanged(&ctx.lang, id)).await;
    }
    ctx.kick_scheduler.notify_one();
    let told = ctx.db.course_participants(Some(&after.course_code)).await?.len();
    let zone = course_zone(ctx, &after.course_code).await?;
    say(bot, ctx, chat, &render::session_changed(&ctx.lang, &after, zone.tz(), told)).await
}

/// An optional course code argument; None when it was bad and the
/// coordinator has been told.
async fn course_arg(bot: &Bot, ctx: &Ctx, chat: ChatId, arg: &str) -> anyhow::Result<Option<Option<CourseCode>>> {
    if arg.trim().is_empty() {
        return Ok(Some(None));
    }
    match CourseCode::parse(arg) {
        Ok(c) => Ok(Some(Some(c))),
        Err(_) => {
            say(bot, ctx, chat, &render::invalid_course_arg(&ctx.lang, arg)).await?;
            Ok(None)
        }
    }
}

async fn registrations(bot: &Bot, ctx: &Ctx, chat: ChatId, course: Option<&CourseCode>) -> HandlerResult {
    let lang = &ctx.lang;
    let courses: Vec<_> =
        ctx.db.courses(false).await?.into_iter().filter(|c| course.is_none_or(|code| *code == c.code)).collect();
    if let Some(code) = course {
        if courses.is_empty() {
            return say(bot, ctx, chat, &render::unknown_course(lang, code.as_str())).await;
        }
    }
    let roster = ctx.db.roster(course).await?;
    let blocks: Vec<String> = courses
        .iter()
        .map(|c| {
            let rows: Vec<_> = roster.iter().filter(|r| r.course_code == c.code.as_str()).collect();
            let mut counts = Counts::default();
            for r in &rows {
                counts.add(r.status, 1);
            }
            render::registrations_course(lang, c, counts, &rows)
        })
        .collect();
    say(bot, ctx, chat, &render::registrations_report(lang, &blocks, !roster.is_empty())).await
}
