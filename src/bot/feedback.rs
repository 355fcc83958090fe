//! Session feedback and the course evaluation, as a trainee meets them:
//! the rating buttons under "How useful was …?", the optional comment, the
//! evaluation's questions one at a time; and `/closeevaluation` for
//! coordinators.
//!
//! The comment is the next plain message, but only for a while
//! ([`COMMENT_WINDOW`]) and never one that ends with "?": a trainee who
//! ignores the prompt and later asks something has their question
//! answered from the FAQ or passed to the coordinators, not filed as a
//! comment. The evaluation's place is in the database (what is answered),
//! so a restart or a lost dialogue resumes at the next question.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::buttons::{self, EvaluationTap, FeedbackTap};
use super::{ask_with_buttons, say, BotDialogue, Ctx, HandlerResult, State};
use crate::db::feedback::{Answer, EvaluationRow, RateOutcome};
use crate::domain::lesson::{EvaluationQuestion, EvaluationState, QuestionKind, Rating};
use crate::domain::CourseCode;
use crate::i18n::feedback as words;
use crate::t;

/// How long after the prompt a plain message is taken as the comment.
pub const COMMENT_WINDOW: Duration = Duration::minutes(15);
/// How long after an evaluation question a plain message is taken as its
/// answer: one left half-way and taken up days later with a question for
/// the organisers must not be filed as an answer. Start resumes it.
pub const ANSWER_WINDOW: Duration = Duration::hours(2);
/// The longest comment or written answer, in characters.
pub const MAX_TEXT: usize = 1000;

/// "Anything to add?" is waiting for the comment on feedback row
/// `feedback` until `until`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentPrompt {
    pub feedback: i64,
    pub title: String,
    pub until: DateTime<Utc>,
}

/// Answering evaluation row `evaluation` (the next question is the first
/// one not answered), last asked at `asked_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationStep {
    pub evaluation: i64,
    #[serde(default)]
    pub asked_at: Option<DateTime<Utc>>,
}

fn keyboard(rows: Vec<Vec<InlineKeyboardButton>>) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows)
}

/// A state a tap may replace: nothing, or another of these prompts. A
/// registration or a broadcast in progress is left alone.
fn replaceable(state: &State) -> bool {
    matches!(state, State::Idle | State::Commenting(_) | State::Evaluating(_))
}

async fn edit_tapped(bot: &Bot, ctx: &Ctx, q: &CallbackQuery, text: &str) -> HandlerResult {
    match &q.message {
        Some(m) => super::reply::edit(bot, ctx, m.chat().id, m.id(), text, None).await,
        None => Ok(()),
    }
}

/// "fb:…" and "ev:…" taps.
pub async fn on_button(bot: &Bot, ctx: &Ctx, q: &CallbackQuery, dialogue: BotDialogue, data: &str) -> HandlerResult {
    super::reply::ack(bot, q, None).await;
    let chat = dialogue.chat_id();
    let user_id = q.from.id.0 as i64;
    let lang = &ctx.lang;
    if let Some(tap) = buttons::parse_feedback(data) {
        return match tap {
            FeedbackTap::Rate(id, rating) => match ctx.db.rate_session(id, user_id, rating, ctx.clock.now()).await? {
                RateOutcome::Rated(row) => {
                    edit_tapped(bot, ctx, q, &words::rated(lang, &row.title, rating.value())).await?;
                    let state = dialogue.get().await?.unwrap_or_default();
                    if !replaceable(&state) {
                        return Ok(());
                    }
                    let until = ctx.clock.now() + COMMENT_WINDOW;
                    dialogue
                        .update(State::Commenting(CommentPrompt { feedback: id, title: row.title.clone(), until }))
                        .await?;
                    let skip = InlineKeyboardButton::callback(
                        t!(lang, "feedback-skip-button"),
                        buttons::feedback_skip_data(id),
                    );
                    ask_with_buttons(
                        bot,
                        ctx,
                        chat,
                        &words::comment_prompt(lang, &row.title, MAX_TEXT),
                        keyboard(vec![vec![skip]]),
                    )
                    .await
                }
                RateOutcome::Already(row) => {
                    say(bot, ctx, chat, &words::already(lang, &row.title, row.rating.map(Rating::value))).await
                }
                RateOutcome::Unknown => say(bot, ctx, chat, &t!(lang, "button-expired")).await,
            },
            FeedbackTap::Skip(id) => {
                let Some(row) = ctx.db.feedback_of(id, user_id).await? else {
                    return say(bot, ctx, chat, &t!(lang, "button-expired")).await;
                };
                if !ctx.db.skip_feedback(id, user_id).await? {
                    return say(bot, ctx, chat, &words::already(lang, &row.title, row.rating.map(Rating::value))).await;
                }
                if let Some(State::Commenting(p)) = dialogue.get().await? {
                    if p.feedback == id {
                        dialogue.exit().await?;
                    }
                }
                if let Some(m) = &q.message {
                    let _ = bot.edit_message_reply_markup(m.chat().id, m.id()).await;
                }
                say(bot, ctx, chat, &t!(lang, "feedback-skipped", title = &row.title)).await
            }
        };
    }
    let Some(tap) = buttons::parse_evaluation(data) else {
        return say(bot, ctx, chat, &t!(lang, "button-expired")).await;
    };
    let id = match tap {
        EvaluationTap::Start(id)
        | EvaluationTap::Rate { evaluation: id, .. }
        | EvaluationTap::Skip { evaluation: id, .. } => id,
    };
    let Some(row) = ctx.db.evaluation_of(id, user_id).await? else {
        return say(bot, ctx, chat, &t!(lang, "button-expired")).await;
    };
    if let Some(refusal) = not_open(ctx, &row).await? {
        return say(bot, ctx, chat, &refusal).await;
    }
    let questions = ctx.db.course_lessons(&row.course).await?.evaluation;
    let (fingerprint, answer) = match tap {
        EvaluationTap::Start(_) => {
            let row = ctx.db.start_evaluation(id, user_id).await?.unwrap_or(row);
            return next_question(bot, ctx, chat, dialogue, &row, &questions).await;
        }
        EvaluationTap::Rate { question, rating, .. } => (question, Answer::Rating(rating)),
        EvaluationTap::Skip { question, .. } => (question, Answer::Skipped),
    };
    let Some((n, question)) =
        questions.iter().enumerate().find(|(_, x)| buttons::question_fingerprint(&x.id) == fingerprint)
    else {
        // The question left programme.toml (a /reload): carry on from what is there.
        return next_question(bot, ctx, chat, dialogue, &row, &questions).await;
    };
    match ctx.db.answer_evaluation(id, user_id, &question.id, &answer, ctx.clock.now()).await? {
        None => say(bot, ctx, chat, &t!(lang, "evaluation-closed")).await,
        Some(false) => say(bot, ctx, chat, &t!(lang, "evaluation-already-answered")).await,
        Some(true) => {
            let rating = match answer {
                Answer::Rating(r) => Some(r.value()),
                _ => None,
            };
            let text = question_text(ctx, question);
            edit_tapped(bot, ctx, q, &words::question_answered(lang, n + 1, questions.len(), &text, rating)).await?;
            let row = ctx.db.evaluation_of(id, user_id).await?.unwrap_or(row);
            next_question(bot, ctx, chat, dialogue, &row, &questions).await
        }
    }
}

/// Why answers are no longer taken, if they are not.
async fn not_open(ctx: &Ctx, row: &EvaluationRow) -> anyhow::Result<Option<String>> {
    Ok(match row.state {
        EvaluationState::Closed => Some(t!(&ctx.lang, "evaluation-closed")),
        EvaluationState::Done => Some(t!(&ctx.lang, "evaluation-already-done")),
        EvaluationState::Invited | EvaluationState::Answering => None,
    })
}

fn question_text(ctx: &Ctx, q: &EvaluationQuestion) -> String {
    q.text_in(&ctx.lang, &ctx.config.programme.language).to_owned()
}

/// Asks the first question not answered yet, or says thank you when none
/// is left.
async fn next_question(
    bot: &Bot,
    ctx: &Ctx,
    chat: ChatId,
    dialogue: BotDialogue,
    row: &EvaluationRow,
    questions: &[EvaluationQuestion],
) -> HandlerResult {
    let lang = &ctx.lang;
    let state = dialogue.get().await?.unwrap_or_default();
    let Some((n, q)) = questions.iter().enumerate().find(|(_, q)| !row.answered.contains(&q.id)) else {
        ctx.db.finish_evaluation(row.id, ctx.clock.now()).await?;
        if matches!(state, State::Evaluating(_)) {
            dialogue.exit().await?;
        }
        let title = ctx.db.course(&row.course).await?.map_or_else(|| row.course.to_string(), |c| c.title);
        return say(bot, ctx, chat, &t!(lang, "evaluation-done", title = title)).await;
    };
    if replaceable(&state) {
        let step = EvaluationStep { evaluation: row.id, asked_at: Some(ctx.clock.now()) };
        dialogue.update(State::Evaluating(step)).await?;
    }
    let rating = q.kind == QuestionKind::Rating;
    let text = words::question(lang, n + 1, questions.len(), &question_text(ctx, q), rating);
    let rows = if rating {
        vec![Rating::ALL
            .iter()
            .map(|r| {
                InlineKeyboardButton::callback(r.value().to_string(), buttons::evaluation_rate_data(row.id, &q.id, *r))
            })
            .collect()]
    } else {
        vec![vec![InlineKeyboardButton::callback(
            t!(lang, "evaluation-skip-button"),
            buttons::evaluation_skip_data(row.id, &q.id),
        )]]
    };
    ask_with_buttons(bot, ctx, chat, &text, keyboard(rows)).await
}

/// A message while "Anything to add?" is open: the comment, if it is
/// text, in time, and not a question; anything else is an ordinary
/// message (and once the prompt has expired, it is forgotten).
pub async fn on_comment(
    bot: Bot,
    ctx: Ctx,
    msg: Message,
    dialogue: BotDialogue,
    prompt: CommentPrompt,
) -> HandlerResult {
    let chat = msg.chat.id;
    if ctx.clock.now() >= prompt.until {
        dialogue.exit().await?;
        return super::enquiries::on_message(bot, ctx, msg).await;
    }
    let (Some(user), Some(text)) = (msg.from.as_ref(), msg.text()) else {
        return super::enquiries::on_message(bot, ctx, msg).await;
    };
    if text.trim_end().ends_with('?') {
        return super::enquiries::on_message(bot, ctx, msg).await;
    }
    if let Some(refusal) = refuse_text(&ctx, text) {
        return say(&bot, &ctx, chat, &refusal).await;
    }
    dialogue.exit().await?;
    if ctx.db.comment_session(prompt.feedback, user.id.0 as i64, text).await? {
        say(&bot, &ctx, chat, &t!(&ctx.lang, "feedback-comment-saved", title = &prompt.title)).await
    } else {
        // Skipped meanwhile, or forgotten: it is an ordinary message.
        super::enquiries::on_message(bot, ctx, msg).await
    }
}

/// Why a comment or a written answer cannot be kept, if it cannot.
fn refuse_text(ctx: &Ctx, text: &str) -> Option<String> {
    let length = text.chars().count();
    if text.trim().is_empty() {
        Some(t!(&ctx.lang, "feedback-empty"))
    } else if length > MAX_TEXT {
        Some(words::too_long(&ctx.lang, length, MAX_TEXT))
    } else {
        None
    }
}

/// A message while answering the evaluation: the answer to a written
/// question, or a digit for a rating, if it comes soon enough after the
/// question; else an ordinary message (and the dialogue is over: Start
/// resumes it).
pub async fn on_evaluation_message(
    bot: Bot,
    ctx: Ctx,
    msg: Message,
    dialogue: BotDialogue,
    step: EvaluationStep,
) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let user_id = user.id.0 as i64;
    let lang = &ctx.lang;
    let late = step.asked_at.is_some_and(|at| ctx.clock.now() >= at + ANSWER_WINDOW);
    if late || msg.text().is_none() {
        if late {
            dialogue.exit().await?;
        }
        return super::enquiries::on_message(bot, ctx, msg).await;
    }
    let Some(row) = ctx.db.evaluation_of(step.evaluation, user_id).await? else {
        dialogue.exit().await?;
        return super::enquiries::on_message(bot, ctx, msg).await;
    };
    if row.state == EvaluationState::Closed {
        dialogue.exit().await?;
        return say(&bot, &ctx, chat, &t!(lang, "evaluation-closed")).await;
    }
    let questions = ctx.db.course_lessons(&row.course).await?.evaluation;
    let Some(q) =
        questions.iter().find(|q| !row.answered.contains(&q.id)).filter(|_| row.state != EvaluationState::Done)
    else {
        // Nothing left to answer: an ordinary message.
        dialogue.exit().await?;
        return super::enquiries::on_message(bot, ctx, msg).await;
    };
    let Some(text) = msg.text() else {
        return Ok(());
    };
    let answer = match q.kind {
        QuestionKind::Rating => match text.trim().parse::<i64>().ok().and_then(|n| Rating::try_from(n).ok()) {
            Some(r) => Answer::Rating(r),
            // A question for the organisers goes to them, as anywhere else.
            None if text.trim_end().ends_with('?') => return super::enquiries::on_message(bot, ctx, msg).await,
            None => return say(&bot, &ctx, chat, &t!(lang, "evaluation-tap-a-number")).await,
        },
        QuestionKind::Text => {
            if let Some(refusal) = refuse_text(&ctx, text) {
                return say(&bot, &ctx, chat, &refusal).await;
            }
            Answer::Text(text.to_owned())
        }
    };
    match ctx.db.answer_evaluation(row.id, user_id, &q.id, &answer, ctx.clock.now()).await? {
        None => {
            dialogue.exit().await?;
            say(&bot, &ctx, chat, &t!(lang, "evaluation-closed")).await
        }
        Some(_) => {
            let row = ctx.db.evaluation_of(row.id, user_id).await?.unwrap_or(row);
            next_question(&bot, &ctx, chat, dialogue, &row, &questions).await
        }
    }
}

/// `/closeevaluation COURSE`.
pub async fn close_command(bot: &Bot, ctx: &Ctx, msg: &Message, arg: &str) -> HandlerResult {
    let chat = msg.chat.id;
    let lang = &ctx.lang;
    let arg = arg.trim();
    if arg.is_empty() {
        return say(bot, ctx, chat, &t!(lang, "closeevaluation-usage")).await;
    }
    let course = match CourseCode::parse(arg) {
        Ok(code) => ctx.db.course(&code).await?,
        Err(_) => None,
    };
    let Some(course) = course else {
        return say(bot, ctx, chat, &t!(lang, "closeevaluation-unknown", course = arg)).await;
    };
    if ctx.db.course_lessons(&course.code).await?.evaluation.is_empty() {
        return say(bot, ctx, chat, &t!(lang, "closeevaluation-none", course = course.code.as_str())).await;
    }
    let by = msg.from.as_ref().map_or(chat.0, |u| u.id.0 as i64);
    let counts = ctx.db.close_evaluation(&course.code, by, ctx.clock.now()).await?;
    say(bot, ctx, chat, &words::closure(lang, course.code.as_str(), counts)).await
}
