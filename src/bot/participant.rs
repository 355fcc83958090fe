//! Participants' commands, and their answers outside a dialogue.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, InputFile, User};

use super::{
    ask_with_buttons, buttons, menus, register, say, BotDialogue, Ctx, HandlerResult, ParticipantCommand, State,
    PARTICIPANT_MENU,
};
use crate::db::{CourseRow, ProfileField, SessionRow};
use crate::domain::{CourseCode, Enrolment, FaqId, LocalTime, RegistrationStatus, Zone};
use crate::i18n::participant::{self as words, LanguageChoice};
use crate::i18n::{self, Lang};
use crate::t;

pub async fn handle(bot: Bot, ctx: Ctx, msg: Message, dialogue: BotDialogue, cmd: ParticipantCommand) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let user_id = user.id.0 as i64;
    let now = ctx.clock.now();
    match cmd {
        ParticipantCommand::Start(payload) => start(&bot, &ctx, msg.clone(), dialogue, payload.trim()).await?,
        ParticipantCommand::Register => register::begin(&bot, &ctx, &msg, dialogue, None).await?,
        ParticipantCommand::Cancel => {
            let state = dialogue.get().await?.unwrap_or_default();
            dialogue.exit().await?;
            let reply =
                if state == State::Idle { t!(&ctx.lang, "nothing-to-cancel") } else { t!(&ctx.lang, "cancelled") };
            say(&bot, &ctx, chat, &reply).await?;
        }
        ParticipantCommand::Help => {
            let commands = words::commands(&ctx.lang, PARTICIPANT_MENU, false);
            say(&bot, &ctx, chat, &words::participant_help(&ctx.lang, &commands)).await?;
        }
        ParticipantCommand::Whoami => super::whoami::handle(bot.clone(), ctx.clone(), msg.clone()).await?,
        ParticipantCommand::Profile => show_profile(&bot, &ctx, chat, user_id).await?,
        ParticipantCommand::Attendance(_) => super::attendance::own_record(&bot, &ctx, chat, user_id).await?,
        ParticipantCommand::Here(code) => super::attendance::here_command(&bot, &ctx, chat, user_id, &code).await?,
        ParticipantCommand::Withdraw => {
            let active: Vec<_> = ctx
                .db
                .registrations_of(user_id)
                .await?
                .into_iter()
                .filter(|r| r.status() != RegistrationStatus::Withdrawn)
                .collect();
            if active.is_empty() {
                say(&bot, &ctx, chat, &t!(&ctx.lang, "nothing-to-withdraw")).await?;
            } else {
                let mut rows: Vec<Vec<InlineKeyboardButton>> = active
                    .iter()
                    .map(|r| {
                        let code = CourseCode::parse(&r.course_code)?;
                        Ok(vec![InlineKeyboardButton::callback(
                            t!(&ctx.lang, "button-leave", code = code.as_str()),
                            buttons::withdraw_data(&code),
                        )])
                    })
                    .collect::<Result<_, crate::domain::Invalid>>()?;
                rows.push(vec![InlineKeyboardButton::callback(t!(&ctx.lang, "button-keep-my-place"), "wd:keep")]);
                let which = t!(&ctx.lang, "withdraw-which");
                ask_with_buttons(&bot, &ctx, chat, &which, InlineKeyboardMarkup::new(rows)).await?;
            }
        }
        ParticipantCommand::Schedule => schedule(&bot, &ctx, chat, user_id).await?,
        ParticipantCommand::Today => today(&bot, &ctx, chat, user_id, now).await?,
        ParticipantCommand::Next => next(&bot, &ctx, chat, user_id, now).await?,
        ParticipantCommand::Calendar(_) => super::calendar::mine(&bot, &ctx, chat, user_id).await?,
        ParticipantCommand::Timezone(arg) => {
            let person = ctx.db.person(user_id).await?;
            let current = ctx.zone_of(person.and_then(|p| p.timezone));
            if arg.trim().is_empty() {
                say(&bot, &ctx, chat, &t!(&ctx.lang, "timezone-usage", zone = current.name())).await?;
            } else {
                match Zone::parse(&arg) {
                    Ok(zone) => {
                        ctx.db.touch_person(user_id, user.username.as_deref(), now).await?;
                        ctx.db.set_timezone(user_id, zone, now).await?;
                        let local = i18n::time(&ctx.lang, now.with_timezone(&zone.tz()).time());
                        say(&bot, &ctx, chat, &t!(&ctx.lang, "timezone-set", zone = zone.name(), time = local)).await?;
                    }
                    Err(_) => say(&bot, &ctx, chat, &words::timezone_unknown(&ctx.lang, &arg)).await?,
                }
            }
        }
        ParticipantCommand::Reminders(arg) => {
            let on = match arg.trim().to_lowercase().as_str() {
                "" => None,
                "on" => Some(true),
                "off" => Some(false),
                _ => {
                    say(&bot, &ctx, chat, &t!(&ctx.lang, "reminders-usage")).await?;
                    return Ok(());
                }
            };
            let state = match on {
                Some(on) => {
                    ctx.db.touch_person(user_id, user.username.as_deref(), now).await?;
                    ctx.db.set_reminders(user_id, on, now).await?;
                    on
                }
                None => ctx.db.person(user_id).await?.map(|p| p.reminders_on).unwrap_or(true),
            };
            let reply = if state { t!(&ctx.lang, "reminders-on") } else { t!(&ctx.lang, "reminders-off") };
            say(&bot, &ctx, chat, &reply).await?;
        }
        ParticipantCommand::Digest(arg) => {
            let person = ctx.db.person(user_id).await?;
            let zone = ctx.zone_of(person.as_ref().and_then(|p| p.timezone));
            if arg.trim().is_empty() {
                let at = person.and_then(|p| p.digest_time).unwrap_or(ctx.config.reminders.daily_digest);
                say(&bot, &ctx, chat, &t!(&ctx.lang, "digest-usage", time = i18n::time(&ctx.lang, at.time()))).await?;
            } else {
                match LocalTime::parse(&arg) {
                    Ok(at) => {
                        ctx.db.touch_person(user_id, user.username.as_deref(), now).await?;
                        ctx.db.set_digest_time(user_id, at, now).await?;
                        let quiet = ctx.config.reminders.quiet_hours.filter(|q| q.contains(at.time()));
                        let quiet = quiet.map(|q| (q.start.time(), q.end.time()));
                        say(&bot, &ctx, chat, &words::digest_set(&ctx.lang, at.time(), zone.name(), quiet)).await?;
                    }
                    Err(_) => say(&bot, &ctx, chat, &words::digest_invalid(&ctx.lang, &arg)).await?,
                }
            }
        }
        ParticipantCommand::Language(arg) => {
            if arg.trim().is_empty() {
                language_menu(&bot, &ctx, chat, user_id).await?;
            } else {
                match words::language_choice(&arg) {
                    Some(choice) => set_language(&bot, &ctx, chat, user, choice).await?,
                    None => say(&bot, &ctx, chat, &words::language_unknown(&ctx.lang, &arg)).await?,
                }
            }
        }
        ParticipantCommand::Faq => {
            let entries = ctx.db.faq_entries().await?;
            if entries.is_empty() {
                say(&bot, &ctx, chat, &crate::t!(&ctx.lang, "faq-empty")).await?;
            } else {
                // Ids come from faq.toml through FaqId, so each fits a button.
                let rows = entries.iter().filter_map(|e| {
                    let id = FaqId::parse(&e.id).ok()?;
                    let label = crate::i18n::enquiries::faq_topic(&ctx.lang, e);
                    Some(vec![InlineKeyboardButton::callback(label.to_owned(), buttons::faq_data(&id))])
                });
                let topics = crate::t!(&ctx.lang, "faq-topics");
                ask_with_buttons(&bot, &ctx, chat, &topics, InlineKeyboardMarkup::new(rows)).await?;
            }
        }
        ParticipantCommand::Ask(question) => super::enquiries::on_ask(&bot, &ctx, &msg, &question).await?,
        ParticipantCommand::Mydata => {
            let doc = my_data(&ctx, user_id).await?;
            let file = InputFile::memory(doc).file_name("my-data.json");
            super::reply::send_document(&bot, &ctx, chat, file, &t!(&ctx.lang, "mydata-caption")).await?;
        }
        ParticipantCommand::Forgetme => {
            let buttons = InlineKeyboardMarkup::new([[
                InlineKeyboardButton::callback(t!(&ctx.lang, "button-forget-yes"), "forget:yes"),
                InlineKeyboardButton::callback(t!(&ctx.lang, "button-forget-no"), "forget:no"),
            ]]);
            ask_with_buttons(&bot, &ctx, chat, &t!(&ctx.lang, "forget-confirm"), buttons).await?;
        }
    }
    Ok(())
}

/// `/start [PAYLOAD]`: the welcome, and with a course code (or an invite-only
/// course's invite code) from a deep link, registration for that course.
async fn start(bot: &Bot, ctx: &Ctx, msg: Message, dialogue: BotDialogue, payload: &str) -> HandlerResult {
    let chat = msg.chat.id;
    let welcome = t!(
        &ctx.lang,
        "welcome",
        programme = ctx.config.programme.name.as_str(),
        contact = ctx.config.programme.contact_email.as_str(),
    );
    say(bot, ctx, chat, &welcome).await?;
    if payload.is_empty() {
        return Ok(());
    }
    if let Some(course) = ctx.db.course_by_invite(payload).await? {
        return register::begin(bot, ctx, &msg, dialogue, Some(course.code)).await;
    }
    let course = match CourseCode::parse(payload) {
        Ok(code) => ctx.db.course(&code).await?.filter(|c| c.active),
        Err(_) => None,
    };
    match course {
        Some(c) if c.enrolment == Enrolment::Open => register::begin(bot, ctx, &msg, dialogue, Some(c.code)).await,
        Some(c) => say(bot, ctx, chat, &t!(&ctx.lang, "course-invite-only", code = c.code.as_str())).await,
        None => say(bot, ctx, chat, &words::unknown_course(&ctx.lang, payload)).await,
    }
}

pub async fn show_profile(bot: &Bot, ctx: &Ctx, chat: ChatId, user_id: i64) -> HandlerResult {
    let Some(person) = ctx.db.person(user_id).await?.filter(|p| p.full_name.is_some()) else {
        say(bot, ctx, chat, &t!(&ctx.lang, "no-profile")).await?;
        return Ok(());
    };
    let regs = ctx.db.registrations_of(user_id).await?;
    let zone = ctx.zone_of(person.timezone);
    let digest = person.digest_time.unwrap_or(ctx.config.reminders.daily_digest).time();
    let lang = &ctx.lang;
    let buttons = InlineKeyboardMarkup::new(ProfileField::ALL.chunks(2).map(|pair| {
        pair.iter()
            .map(|f| InlineKeyboardButton::callback(words::edit_button(lang, *f), buttons::profile_edit_data(*f)))
            .collect::<Vec<_>>()
    }));
    let mut text = words::profile(lang, &person, &regs, zone.name(), digest);
    for line in super::attendance::profile_lines(ctx, user_id).await? {
        text.push('\n');
        text.push_str(&line);
    }
    ask_with_buttons(bot, ctx, chat, &text, buttons).await
}

/// A new value typed after tapping an edit button in `/profile`.
pub async fn on_profile_edit(
    bot: Bot,
    ctx: Ctx,
    msg: Message,
    dialogue: BotDialogue,
    field: ProfileField,
) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let Some(typed) = msg.text() else {
        say(&bot, &ctx, chat, &words::text_expected(&ctx.lang, field)).await?;
        return Ok(());
    };
    match register::parse_field(field, typed) {
        Ok(value) => {
            let now = ctx.clock.now();
            ctx.db.touch_person(user.id.0 as i64, user.username.as_deref(), now).await?;
            ctx.db.set_profile_field(user.id.0 as i64, field, &value, now).await?;
            dialogue.exit().await?;
            say(&bot, &ctx, chat, &t!(&ctx.lang, "field-saved")).await?;
            show_profile(&bot, &ctx, chat, user.id.0 as i64).await
        }
        Err(e) => say(&bot, &ctx, chat, &words::invalid(&ctx.lang, field, &e, typed)).await,
    }
}

/// Anything that is not a command, outside a dialogue.
/// The courses whose programme a person sees: theirs, else every course.
async fn courses_for(ctx: &Ctx, user_id: i64) -> anyhow::Result<(Vec<CourseRow>, bool)> {
    let regs = ctx.db.registrations_of(user_id).await?;
    let mine: Vec<String> =
        regs.iter().filter(|r| r.status() != RegistrationStatus::Withdrawn).map(|r| r.course_code.clone()).collect();
    let all = ctx.db.courses(true).await?;
    if mine.is_empty() {
        Ok((all, false))
    } else {
        Ok((all.into_iter().filter(|c| mine.iter().any(|m| m == c.code.as_str())).collect(), true))
    }
}

async fn zone_for(ctx: &Ctx, user_id: i64) -> anyhow::Result<Tz> {
    Ok(ctx.zone_of(ctx.db.person(user_id).await?.and_then(|p| p.timezone)).tz())
}

async fn schedule(bot: &Bot, ctx: &Ctx, chat: ChatId, user_id: i64) -> HandlerResult {
    let (courses, registered) = courses_for(ctx, user_id).await?;
    let zone = zone_for(ctx, user_id).await?;
    let mut programme = Vec::with_capacity(courses.len());
    for c in courses {
        let sessions = ctx.db.sessions_of(std::slice::from_ref(&c.code)).await?;
        programme.push((c, sessions));
    }
    say(bot, ctx, chat, &words::schedule(&ctx.lang, registered, &programme, zone)).await
}

/// The sessions of a person's courses (or of all courses), in time order,
/// with the zone they read times in.
async fn my_sessions(ctx: &Ctx, user_id: i64) -> anyhow::Result<(Vec<CourseRow>, Tz, Vec<SessionRow>)> {
    let (courses, _) = courses_for(ctx, user_id).await?;
    let zone = zone_for(ctx, user_id).await?;
    let codes: Vec<CourseCode> = courses.iter().map(|c| c.code.clone()).collect();
    let sessions = ctx.db.sessions_of(&codes).await?;
    Ok((courses, zone, sessions))
}

async fn today(bot: &Bot, ctx: &Ctx, chat: ChatId, user_id: i64, now: DateTime<Utc>) -> HandlerResult {
    let (courses, zone, sessions) = my_sessions(ctx, user_id).await?;
    let day = now.with_timezone(&zone).date_naive();
    let sessions: Vec<SessionRow> =
        sessions.into_iter().filter(|s| s.starts_at.with_timezone(&zone).date_naive() == day).collect();
    say(bot, ctx, chat, &words::today(&ctx.lang, day, zone, &sessions, courses.len() > 1)).await
}

async fn next(bot: &Bot, ctx: &Ctx, chat: ChatId, user_id: i64, now: DateTime<Utc>) -> HandlerResult {
    let (_, zone, sessions) = my_sessions(ctx, user_id).await?;
    match sessions.into_iter().find(|s| !s.cancelled && s.starts_at > now) {
        Some(s) => say(bot, ctx, chat, &words::next_session(&ctx.lang, &s, zone, now)).await,
        None => say(bot, ctx, chat, &t!(&ctx.lang, "no-next-session")).await,
    }
}

/// Everything stored about a person, as one JSON document.
async fn my_data(ctx: &Ctx, user_id: i64) -> anyhow::Result<Vec<u8>> {
    let person = ctx.db.person(user_id).await?;
    let regs = ctx.db.registrations_of(user_id).await?;
    let enquiries: Vec<serde_json::Value> = ctx
        .db
        .enquiries_of(user_id)
        .await?
        .into_iter()
        .map(|(e, messages)| {
            serde_json::json!({
                "number": e.id,
                "status": e.status,
                "course": e.course,
                "asked_at": crate::db::ts(e.created_at),
                "messages": messages,
            })
        })
        .collect();
    // A dialogue under way holds what they typed so far (a registration's
    // draft: name, e-mail…), stored as the bot's State. Shown as stored; one
    // no longer readable is shown raw rather than hidden.
    let dialogue = ctx.db.dialogue_of(user_id, ctx.clock.now()).await?.and_then(|(state, updated_at)| {
        let state = match serde_json::from_str::<State>(&state) {
            Ok(State::Idle) => return None,
            Ok(s) => serde_json::to_value(s).unwrap_or(serde_json::Value::String(state)),
            Err(_) => serde_json::Value::String(state),
        };
        Some(serde_json::json!({ "state": state, "last_activity": updated_at }))
    });
    let (session_feedback, course_evaluations) = ctx.db.own_feedback(user_id).await?;
    let doc = serde_json::json!({
        "telegram_user_id": user_id,
        "profile": person,
        "registrations": regs,
        "unfinished_dialogue": dialogue,
        "questions": ctx.db.questions_of(user_id).await?,
        "enquiries": enquiries,
        "attendance": ctx.db.attendance_data(user_id).await?,
        "session_feedback": session_feedback,
        "course_evaluations": course_evaluations,
        "language_in_use": ctx.lang,
        "generated_at": crate::db::ts(ctx.clock.now()),
    });
    Ok(serde_json::to_vec_pretty(&doc)?)
}

/// `/language` alone: the language in use and how it was decided, with a
/// button for each language the bot speaks (named in itself) and one for
/// automatic.
async fn language_menu(bot: &Bot, ctx: &Ctx, chat: ChatId, user_id: i64) -> HandlerResult {
    let chosen = ctx.db.language_settings(user_id).await?.chosen.is_some_and(|l| i18n::is_available(&l));
    let languages = i18n::languages();
    let mut rows: Vec<Vec<InlineKeyboardButton>> = languages
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|l| InlineKeyboardButton::callback(i18n::language_name(l), buttons::language_data(Some(l))))
                .collect()
        })
        .collect();
    rows.push(vec![InlineKeyboardButton::callback(
        t!(&ctx.lang, "button-language-automatic"),
        buttons::language_data(None),
    )]);
    let text = words::language_menu(&ctx.lang, chosen);
    ask_with_buttons(bot, ctx, chat, &text, InlineKeyboardMarkup::new(rows)).await
}

/// Stores a language choice (or the return to automatic) and confirms it in
/// the language now in use; the person's command menu follows.
pub async fn set_language(bot: &Bot, ctx: &Ctx, chat: ChatId, user: &User, choice: LanguageChoice) -> HandlerResult {
    let user_id = user.id.0 as i64;
    let now = ctx.clock.now();
    let chosen = match &choice {
        LanguageChoice::Chosen(l) => Some(l),
        LanguageChoice::Automatic => None,
    };
    ctx.db.touch_person(user_id, user.username.as_deref(), now).await?;
    ctx.db.set_language(user_id, chosen, now).await?;
    let settings = ctx.db.language_settings(user_id).await?;
    let lang: Lang = i18n::resolve(&settings, user.language_code.as_deref(), &ctx.config.programme.language);
    say(bot, ctx, chat, &words::language_set(&lang, &choice)).await?;
    menus::publish_for(bot, ctx, user_id, chosen).await;
    Ok(())
}
