//! `/report COURSE`: the course report in the chat — the summary, the
//! chart as a photo, the CSV and the suggested faq.toml additions as files.

use teloxide::prelude::*;
use teloxide::types::InputFile;

use super::reply::{send_document, send_photo};
use super::{say, Ctx, HandlerResult};
use crate::domain::CourseCode;
use crate::i18n::report as render;
use crate::report::{self, NoReport};

pub async fn handle(bot: &Bot, ctx: &Ctx, chat: ChatId, arg: &str) -> HandlerResult {
    let lang = &ctx.lang;
    let arg = arg.trim();
    if arg.is_empty() {
        return say(bot, ctx, chat, &render::usage(lang)).await;
    }
    let Ok(course) = CourseCode::parse(arg) else {
        return say(bot, ctx, chat, &render::unknown_course(lang, arg)).await;
    };
    let faq = ctx.faq().await?;
    let programme = &ctx.config.programme.language;
    let made = report::make(&ctx.db, &course, lang, programme, &faq.entries, &faq.matcher, ctx.clock.now()).await?;
    let files = match made {
        Ok(files) => files,
        Err(NoReport::UnknownCourse) => return say(bot, ctx, chat, &render::unknown_course(lang, arg)).await,
        Err(NoReport::NoSessions) => return say(bot, ctx, chat, &render::no_sessions(lang, course.as_str())).await,
    };
    let code = course.as_str();
    let stamp = ctx.clock.now().format("%Y%m%d-%H%M");
    say(bot, ctx, chat, &files.summary).await?;
    let chart = InputFile::memory(files.png).file_name(format!("report-{code}-{stamp}.png"));
    send_photo(bot, ctx, chat, chart, &render::caption(lang, "chart", code)).await?;
    let csv = InputFile::memory(files.csv).file_name(format!("report-{code}-{stamp}.csv"));
    send_document(bot, ctx, chat, csv, &render::caption(lang, "csv", code)).await?;
    if let Some(answers) = files.evaluation_csv {
        let csv = InputFile::memory(answers).file_name(format!("evaluation-{code}-{stamp}.csv"));
        send_document(bot, ctx, chat, csv, &render::caption(lang, "evaluation-csv", code)).await?;
    }
    if let Some(snippet) = files.snippet {
        let toml = InputFile::memory(snippet.into_bytes()).file_name(format!("faq-suggestions-{code}-{stamp}.toml"));
        send_document(bot, ctx, chat, toml, &render::caption(lang, "snippet", code)).await?;
    }
    Ok(())
}
