//! The `/register` dialogue: name → administration → position → e-mail →
//! course → summary with Confirm / Edit. Each step is stored, so a restart
//! resumes where the person was.

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::{ask_with_buttons, say, BotDialogue, Ctx, Draft, HandlerResult, State, Step};
use crate::db::{CourseRow, Profile, ProfileField, RegisterOutcome};
use crate::domain::{Administration, CourseCode, Email, Enrolment, Invalid, PersonName, Position, RegistrationStatus};
use crate::i18n::participant as words;
use crate::t;

/// Starts (or restarts) registration, pre-filled with what we already know
/// about the person so a second course does not mean typing it all again.
pub async fn begin(
    bot: &Bot,
    ctx: &Ctx,
    msg: &Message,
    dialogue: BotDialogue,
    course: Option<CourseCode>,
) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let user_id = user.id.0 as i64;
    if let Some(code) = &course {
        let regs = ctx.db.registrations_of(user_id).await?;
        if let Some(r) =
            regs.iter().find(|r| r.course_code == code.as_str() && r.status() != RegistrationStatus::Withdrawn)
        {
            if let Some(c) = ctx.db.course(code).await? {
                say(bot, ctx, msg.chat.id, &words::already(&ctx.lang, &c, r.status())).await?;
                return Ok(());
            }
        }
    }
    let person = ctx.db.person(user_id).await?;
    let mut draft = Draft { course, ..Draft::default() };
    if let Some(p) = person {
        draft.name = p.full_name;
        draft.administration = p.administration;
        draft.position = p.position;
        draft.email = p.email;
    }
    advance(bot, ctx, msg.chat.id, dialogue, draft).await
}

/// Asks for whatever the draft still lacks, or shows the summary.
async fn advance(bot: &Bot, ctx: &Ctx, chat: ChatId, dialogue: BotDialogue, mut draft: Draft) -> HandlerResult {
    let step = if draft.reviewing { Step::Confirm } else { next_step(&draft) };
    if step == Step::Confirm {
        draft.reviewing = true;
    }
    ask(bot, ctx, chat, dialogue, draft, step).await
}

fn next_step(d: &Draft) -> Step {
    if d.name.is_none() {
        Step::Field(ProfileField::Name)
    } else if d.administration.is_none() {
        Step::Field(ProfileField::Administration)
    } else if d.position.is_none() {
        Step::Field(ProfileField::Position)
    } else if d.email.is_none() {
        Step::Field(ProfileField::Email)
    } else if d.course.is_none() {
        Step::Course
    } else {
        Step::Confirm
    }
}

async fn ask(bot: &Bot, ctx: &Ctx, chat: ChatId, dialogue: BotDialogue, draft: Draft, step: Step) -> HandlerResult {
    match step {
        Step::Field(f) => {
            dialogue.update(State::Registering { draft, awaiting: step }).await?;
            say(bot, ctx, chat, &words::prompt(&ctx.lang, f)).await
        }
        Step::Course => {
            let open: Vec<_> =
                ctx.db.courses(true).await?.into_iter().filter(|c| c.enrolment == Enrolment::Open).collect();
            if open.is_empty() {
                dialogue.exit().await?;
                return say(bot, ctx, chat, &t!(&ctx.lang, "no-open-courses")).await;
            }
            dialogue.update(State::Registering { draft, awaiting: step }).await?;
            let rows = open.iter().map(|c| {
                vec![InlineKeyboardButton::callback(
                    words::course_label(&ctx.lang, c),
                    super::buttons::course_choice_data(&c.code),
                )]
            });
            ask_with_buttons(bot, ctx, chat, &t!(&ctx.lang, "ask-course"), InlineKeyboardMarkup::new(rows)).await
        }
        Step::Confirm => {
            let course = match &draft.course {
                Some(code) => ctx.db.course(code).await?,
                None => None,
            };
            let course_label = course.map(|c| words::course_label(&ctx.lang, &c)).unwrap_or_default();
            let summary = words::summary(
                &ctx.lang,
                &words::Answers {
                    name: draft.name.as_ref().map(|v| v.as_str()).unwrap_or_default(),
                    administration: draft.administration.as_ref().map(|v| v.as_str()).unwrap_or_default(),
                    position: draft.position.as_ref().map(|v| v.as_str()).unwrap_or_default(),
                    email: draft.email.as_ref().map(|v| v.as_str()).unwrap_or_default(),
                    course: &course_label,
                },
            );
            dialogue.update(State::Registering { draft, awaiting: step }).await?;
            let buttons = InlineKeyboardMarkup::new([[
                InlineKeyboardButton::callback(t!(&ctx.lang, "button-confirm"), "reg:confirm"),
                InlineKeyboardButton::callback(t!(&ctx.lang, "button-edit"), "reg:edit"),
            ]]);
            ask_with_buttons(bot, ctx, chat, &summary, buttons).await
        }
    }
}

/// Validates one answer into the draft; the error says why it was refused
/// (`i18n::participant::invalid` words it for the person).
pub fn set_field(draft: &mut Draft, f: ProfileField, typed: &str) -> Result<(), Invalid> {
    match f {
        ProfileField::Name => draft.name = Some(PersonName::parse(typed)?),
        ProfileField::Administration => draft.administration = Some(Administration::parse(typed)?),
        ProfileField::Position => draft.position = Some(Position::parse(typed)?),
        ProfileField::Email => draft.email = Some(Email::parse(typed)?),
    }
    Ok(())
}

/// Validates a single field outside the dialogue (for `/profile`).
pub fn parse_field(f: ProfileField, typed: &str) -> Result<String, Invalid> {
    let mut d = Draft::default();
    set_field(&mut d, f, typed)?;
    let v = match f {
        ProfileField::Name => d.name.map(String::from),
        ProfileField::Administration => d.administration.map(String::from),
        ProfileField::Position => d.position.map(String::from),
        ProfileField::Email => d.email.map(String::from),
    };
    Ok(v.unwrap_or_default())
}

/// A message while registering.
pub async fn on_message(
    bot: Bot,
    ctx: Ctx,
    msg: Message,
    dialogue: BotDialogue,
    (mut draft, awaiting): (Draft, Step),
) -> HandlerResult {
    let chat = msg.chat.id;
    match awaiting {
        Step::Field(f) => {
            let Some(typed) = msg.text() else {
                return say(&bot, &ctx, chat, &words::text_expected(&ctx.lang, f)).await;
            };
            match set_field(&mut draft, f, typed) {
                Ok(()) => advance(&bot, &ctx, chat, dialogue, draft).await,
                Err(e) => say(&bot, &ctx, chat, &words::invalid(&ctx.lang, f, &e, typed)).await,
            }
        }
        Step::Course => {
            // Typing an open course's code works as well as tapping it.
            match open_course(&ctx, msg.text().unwrap_or_default()).await? {
                Some(c) => {
                    draft.course = Some(c.code);
                    advance(&bot, &ctx, chat, dialogue, draft).await
                }
                None => say(&bot, &ctx, chat, &t!(&ctx.lang, "pick-a-course")).await,
            }
        }
        Step::Confirm => say(&bot, &ctx, chat, &t!(&ctx.lang, "use-the-buttons")).await,
    }
}

/// The course a typed or tapped code names, if anyone may register for it
/// without an invitation.
async fn open_course(ctx: &Ctx, code: &str) -> anyhow::Result<Option<CourseRow>> {
    let Ok(code) = CourseCode::parse(code) else {
        return Ok(None);
    };
    Ok(ctx.db.course(&code).await?.filter(|c| c.active && c.enrolment == Enrolment::Open))
}

/// A tap on one of the dialogue's buttons. `action` is the callback data
/// after "reg:".
pub async fn on_button(bot: &Bot, ctx: &Ctx, q: &CallbackQuery, dialogue: BotDialogue, action: &str) -> HandlerResult {
    let chat = dialogue.chat_id();
    let Some(State::Registering { mut draft, awaiting }) = dialogue.get().await? else {
        super::reply::ack(bot, q, Some(&t!(&ctx.lang, "button-expired"))).await;
        return Ok(());
    };
    super::reply::ack(bot, q, None).await;
    match action.split_once(':').unwrap_or((action, "")) {
        ("course", code) if awaiting == Step::Course => match open_course(ctx, code).await? {
            Some(c) => {
                draft.course = Some(c.code);
                advance(bot, ctx, chat, dialogue, draft).await
            }
            None => say(bot, ctx, chat, &t!(&ctx.lang, "course-closed", code = code)).await,
        },
        ("confirm", _) if awaiting == Step::Confirm => confirm(bot, ctx, q, dialogue, draft).await,
        ("edit", "") if awaiting == Step::Confirm => {
            let field = |f: ProfileField| {
                InlineKeyboardButton::callback(
                    words::field_button(&ctx.lang, f),
                    super::buttons::registration_edit_data(f),
                )
            };
            let buttons = InlineKeyboardMarkup::new([
                vec![field(ProfileField::Name), field(ProfileField::Administration)],
                vec![field(ProfileField::Position), field(ProfileField::Email)],
                vec![InlineKeyboardButton::callback(t!(&ctx.lang, "button-course"), "reg:edit:course")],
            ]);
            ask_with_buttons(bot, ctx, chat, &t!(&ctx.lang, "which-field"), buttons).await
        }
        ("edit", "course") if draft.reviewing => ask(bot, ctx, chat, dialogue, draft, Step::Course).await,
        ("edit", field) if draft.reviewing => match ProfileField::from_key(field) {
            Some(f) => ask(bot, ctx, chat, dialogue, draft, Step::Field(f)).await,
            None => Ok(()),
        },
        // A button from an earlier step: the dialogue has moved on.
        _ => say(bot, ctx, chat, &t!(&ctx.lang, "button-expired")).await,
    }
}

async fn confirm(bot: &Bot, ctx: &Ctx, q: &CallbackQuery, dialogue: BotDialogue, draft: Draft) -> HandlerResult {
    let chat = dialogue.chat_id();
    let (Some(full_name), Some(administration), Some(position), Some(email), Some(course)) =
        (draft.name, draft.administration, draft.position, draft.email, draft.course)
    else {
        dialogue.exit().await?;
        return say(bot, ctx, chat, &t!(&ctx.lang, "button-expired")).await;
    };
    let user_id = q.from.id.0 as i64;
    let now = ctx.clock.now();
    ctx.db.touch_person(user_id, q.from.username.as_deref(), now).await?;
    let profile = Profile { full_name, administration, position, email };
    let outcome = ctx.db.register(user_id, &profile, &course, now).await?;
    dialogue.exit().await?;
    // The summary's buttons are spent; removing them avoids a second tap.
    if let Some(m) = &q.message {
        let _ = bot.edit_message_reply_markup(m.chat().id, m.id()).await;
    }
    let Some(c) = ctx.db.course(&course).await? else {
        return say(bot, ctx, chat, &t!(&ctx.lang, "course-closed", code = course.as_str())).await;
    };
    let reply = match outcome {
        RegisterOutcome::Registered => words::registered(&ctx.lang, &c),
        RegisterOutcome::Waitlisted { position } => words::waitlisted(&ctx.lang, &c, position),
        RegisterOutcome::Already(status) => words::already(&ctx.lang, &c, status),
        RegisterOutcome::CourseUnavailable => t!(&ctx.lang, "course-closed", code = course.as_str()),
    };
    say(bot, ctx, chat, &reply).await
}
