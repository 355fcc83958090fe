//! Coordinators' commands. Only reached behind the coordinator filter in
//! `schema`, so nothing here checks roles.

use teloxide::prelude::*;
use teloxide::types::InputFile;

use super::{
    broadcast, enquiries, say, text, BotDialogue, CoordinatorCommand, Ctx, HandlerResult, COORDINATOR_MENU,
    PARTICIPANT_MENU,
};
use crate::config;

use crate::db::schedule::SessionEdit;
use crate::domain::{CourseCode, LocalDateTime, RegistrationStatus, Zone};
use crate::export;

pub async fn handle(bot: Bot, ctx: Ctx, msg: Message, dialogue: BotDialogue, cmd: CoordinatorCommand) -> HandlerResult {
    let chat = msg.chat.id;
    match cmd {
        CoordinatorCommand::Broadcast => broadcast::begin(&bot, &ctx, chat, dialogue).await,
        CoordinatorCommand::Broadcasts => broadcast::list(&bot, &ctx, chat).await,
        CoordinatorCommand::Enquiries => enquiries::list(&bot, &ctx, chat).await,
        CoordinatorCommand::Reply(args) => enquiries::reply_command(&bot, &ctx, &msg, &args).await,
        CoordinatorCommand::Close(args) => enquiries::close_command(&bot, &ctx, &msg, &args).await,
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
            let csv = export::roster_csv(&rows)?;
            let scope = course.as_ref().map(|c| c.to_string()).unwrap_or_else(|| "all courses".into());
            let stamp = ctx.clock.now().format("%Y%m%d-%H%M");
            let name = match &course {
                Some(c) => format!("roster-{c}-{stamp}.csv"),
                None => format!("roster-all-{stamp}.csv"),
            };
            let file = InputFile::memory(csv).file_name(name);
            super::reply::send_document(&bot, &ctx, chat, file, &text::export_caption(&scope, rows.len())).await
        }
        CoordinatorCommand::Reload => {
            let loaded = config::load_content(&ctx.config_dir, ctx.config.programme.timezone);
            match loaded {
                Err(e) => say(&bot, &ctx, chat, &text::reload_failed(&e.to_string())).await,
                Ok((programme, faq)) => {
                    let report = ctx.db.import(&programme, &faq, ctx.clock.now()).await?;
                    tracing::info!(?report, "reloaded programme and FAQ");
                    say(&bot, &ctx, chat, &text::import_report(&report)).await?;
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
                return say(&bot, &ctx, chat, text::SESSION_ARGS_MOVE).await;
            };
            let Some(session) = ctx.db.session(id).await? else {
                return say(&bot, &ctx, chat, &text::no_such_session(id)).await;
            };
            let typed = format!("{date} {time}");
            let Ok(starts_local) = LocalDateTime::parse(&typed) else {
                return say(&bot, &ctx, chat, &text::bad_move_time(&typed)).await;
            };
            let zone = course_zone(&ctx, &session.course_code).await?;
            let Some(starts_at) = starts_local.in_zone(zone) else {
                return say(&bot, &ctx, chat, &text::move_gap(&starts_local.naive().to_string(), zone.name())).await;
            };
            change_session(&bot, &ctx, chat, id, SessionEdit::Move { starts_local, starts_at }).await
        }
        CoordinatorCommand::Room(args) => {
            let (id, room) = args.trim().split_once(char::is_whitespace).unwrap_or((args.trim(), ""));
            let room = room.trim();
            if id.is_empty() || room.is_empty() || room.chars().count() > 200 {
                return say(&bot, &ctx, chat, text::SESSION_ARGS_ROOM).await;
            }
            change_session(&bot, &ctx, chat, id, SessionEdit::Room(room.to_owned())).await
        }
        CoordinatorCommand::Cancelsession(args) => {
            let id = args.trim();
            if id.is_empty() || id.contains(char::is_whitespace) {
                return say(&bot, &ctx, chat, text::SESSION_ARGS_CANCEL).await;
            }
            change_session(&bot, &ctx, chat, id, SessionEdit::Cancel).await
        }
        CoordinatorCommand::Stats => {
            let counts = ctx.db.status_counts().await?;
            let courses = ctx.db.courses(false).await?;
            let mut lines = Vec::new();
            let mut totals = [0i64; 3];
            for c in &courses {
                let n = |s: RegistrationStatus| {
                    counts.iter().find(|x| x.course_code == c.code.as_str() && x.status == s).map_or(0, |x| x.n)
                };
                let row = RegistrationStatus::ALL.map(n);
                for (t, v) in totals.iter_mut().zip(row) {
                    *t += v;
                }
                lines.push(text::stats_course_line(c, row[0], row[1], row[2]));
            }
            lines.push(text::stats_total_line(totals[0], totals[1], totals[2]));
            lines.push(String::new());
            let outbox = ctx.db.outbox_counts().await?;
            for kind in ["reminder", "digest", "change", "broadcast", "notice", "enquiry", "answer", "reply"] {
                let n = |state: &str| outbox.iter().find(|(k, s, _)| k == kind && s == state).map_or(0, |(_, _, n)| *n);
                let waiting = n("pending") + n("sending");
                lines.push(text::stats_messages_line(
                    kind,
                    n("sent"),
                    waiting,
                    n("blocked"),
                    n("failed"),
                    n("dropped"),
                ));
            }
            lines.push(String::new());
            lines.push(text::stats_enquiries(&ctx.db.enquiry_stats().await?));
            say(&bot, &ctx, chat, &text::stats(&lines.join("\n"))).await
        }
    }
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
        return say(bot, ctx, chat, &text::no_such_session(id)).await;
    };
    if before == after {
        return say(bot, ctx, chat, &text::session_unchanged(id)).await;
    }
    ctx.kick_scheduler.notify_one();
    let told = ctx.db.course_participants(Some(&after.course_code)).await?.len();
    let zone = course_zone(ctx, &after.course_code).await?;
    say(bot, ctx, chat, &text::session_changed(&after, zone.tz(), told)).await
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
            say(bot, ctx, chat, &text::invalid_course_arg(arg)).await?;
            Ok(None)
        }
    }
}

async fn registrations(bot: &Bot, ctx: &Ctx, chat: ChatId, course: Option<&CourseCode>) -> HandlerResult {
    let courses: Vec<_> =
        ctx.db.courses(false).await?.into_iter().filter(|c| course.is_none_or(|code| *code == c.code)).collect();
    if let Some(code) = course {
        if courses.is_empty() {
            return say(bot, ctx, chat, &crate::i18n::participant::unknown_course(&ctx.lang, code.as_str())).await;
        }
    }
    let roster = ctx.db.roster(course).await?;
    let mut out = String::new();
    for c in &courses {
        let rows: Vec<_> = roster.iter().filter(|r| r.course_code == c.code.as_str()).collect();
        let count = |s: RegistrationStatus| rows.iter().filter(|r| r.status == s).count();
        out.push_str(&text::registrations_course_heading(
            c,
            count(RegistrationStatus::Registered),
            count(RegistrationStatus::Waitlisted),
            count(RegistrationStatus::Withdrawn),
        ));
        out.push('\n');
        for (i, r) in rows.iter().enumerate() {
            out.push_str(&text::registrations_line(i + 1, r));
            out.push('\n');
        }
        out.push('\n');
    }
    if roster.is_empty() {
        out.push_str(text::NO_REGISTRATIONS);
    }
    say(bot, ctx, chat, &text::registrations_report(out.trim_end())).await
}
