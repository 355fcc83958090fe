//! The FAQ learning from coordinators. Under every relayed enquiry,
//! "This is FAQ entry…" opens a picker (the likeliest entries first, then
//! the rest by pages); one tap sends the asker that entry's answer as the
//! answer to their enquiry and files their question as an example of the
//! entry, which the matcher reads at once. `/learn` offers, one at a time,
//! the questions whose askers said a FAQ answer helped: nothing becomes an
//! example without a coordinator's tap.
//!
//! Reached only through `schema`, behind the coordinator filter.

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId};

use super::buttons::{self, LearnTap, LearnTarget};
use super::reply::{ack, edit};
use super::{ask_with_buttons, say, Ctx, HandlerResult};
use crate::db::enquiries::EnquiryStatus;
use crate::db::learning::{Filing, HelpfulQuestion, Review};
use crate::db::outbox::{Kind, NewItem, Payload};
use crate::domain::notice::FaqSnapshot;
use crate::domain::{FaqRow, Lang, Notice};
use crate::i18n::{self, enquiries as faq_words, learning as words};
use crate::t;

/// Entries per page of the picker.
const PAGE: usize = 6;

/// A tap on a learning button by a coordinator (staff group or private).
pub async fn on_button(bot: Bot, ctx: Ctx, q: CallbackQuery) -> HandlerResult {
    let Some(message) = q.message.as_ref() else {
        ack(&bot, &q, Some(&t!(&ctx.lang, "button-expired"))).await;
        return Ok(());
    };
    let (chat, message_id) = (message.chat().id, message.id());
    let Some(tap) = q.data.as_deref().and_then(buttons::parse_learn) else {
        ack(&bot, &q, Some(&t!(&ctx.lang, "button-expired"))).await;
        return Ok(());
    };
    ack(&bot, &q, None).await;
    let here = Here { bot: &bot, ctx: &ctx, chat, message: message_id, coordinator: &q.from };
    match tap {
        LearnTap::Open(target) => here.picker(target, 0, false).await,
        LearnTap::Page(target, page) => here.picker(target, page as usize, true).await,
        LearnTap::Cancel(_) => here.rewrite(&t!(&ctx.lang, "learn-picker-cancelled")).await,
        LearnTap::File { target, position, fingerprint } => here.file(target, position, fingerprint).await,
        LearnTap::Dismiss(question) => here.dismiss(question).await,
    }
}

/// `/learn`: the first helpful question waiting, with how many wait.
pub async fn learn_command(bot: &Bot, ctx: &Ctx, chat: ChatId) -> HandlerResult {
    let faq = ctx.faq().await?;
    let entries = &faq.entries;
    let waiting = waiting(ctx, entries).await?;
    let Some((question, position)) = waiting.first() else {
        return say(bot, ctx, chat, &t!(&ctx.lang, "learn-none")).await;
    };
    let entry = &entries[*position];
    let target = LearnTarget::Helpful { question: question.id };
    let lang = &ctx.lang;
    let keyboard = InlineKeyboardMarkup::new([
        vec![InlineKeyboardButton::callback(
            words::add_label(lang, entry),
            buttons::learn_file_data(target, *position as u32, &entry.id),
        )],
        vec![
            InlineKeyboardButton::callback(t!(lang, "learn-another"), buttons::learn_open_data(target)),
            InlineKeyboardButton::callback(t!(lang, "learn-not-example"), buttons::learn_dismiss_data(question.id)),
        ],
    ]);
    ask_with_buttons(bot, ctx, chat, &words::offer(lang, waiting.len(), &question.body, entry), keyboard).await
}

/// Helpful questions no coordinator has looked at whose words are not
/// already an example of their entry, oldest first, with the entry's place
/// in `entries`.
pub async fn waiting(ctx: &Ctx, entries: &[FaqRow]) -> anyhow::Result<Vec<(HelpfulQuestion, usize)>> {
    let known = |row: &FaqRow, body: &str| {
        let body = body.trim().to_lowercase();
        let given = row.versions().flat_map(|(_, t)| t.examples.iter());
        let learned = row.learned.values().flatten();
        given.chain(learned).any(|e| e.trim().to_lowercase() == body)
    };
    Ok(ctx
        .db
        .helpful_unreviewed()
        .await?
        .into_iter()
        .filter_map(|q| {
            let position = entries.iter().position(|e| e.id == q.faq_id)?;
            (!known(&entries[position], &q.body)).then_some((q, position))
        })
        .collect())
}

/// Where a tap happened and who tapped.
struct Here<'a> {
    bot: &'a Bot,
    ctx: &'a Ctx,
    chat: ChatId,
    /// The message the tapped button is under.
    message: MessageId,
    coordinator: &'a teloxide::types::User,
}

/// What a picker files: its words and the language they were asked in.
struct Filed {
    enquiry: Option<i64>,
    text: String,
    language: Option<Lang>,
}

impl Here<'_> {
    fn lang(&self) -> &Lang {
        &self.ctx.lang
    }

    async fn say(&self, text: &str) -> HandlerResult {
        say(self.bot, self.ctx, self.chat, text).await
    }

    /// The tapped message says what happened; its buttons go.
    async fn rewrite(&self, text: &str) -> HandlerResult {
        edit(self.bot, self.ctx, self.chat, self.message, text, None).await
    }

    /// What `target` files, if it can still be filed; else the coordinator
    /// has been told why not.
    async fn what(&self, target: LearnTarget) -> anyhow::Result<Option<Filed>> {
        let lang = self.lang();
        match target {
            LearnTarget::Enquiry { enquiry, nth } => {
                let (Some(e), Some(q)) =
                    (self.ctx.db.enquiry(enquiry).await?, self.ctx.db.enquiry_question(enquiry, nth).await?)
                else {
                    self.say(&t!(lang, "learn-gone")).await?;
                    return Ok(None);
                };
                if q.reviewed {
                    self.say(&t!(lang, "learn-already-filed")).await?;
                    return Ok(None);
                }
                if e.status != EnquiryStatus::Open {
                    self.say(&words::already_answered(lang, enquiry)).await?;
                    return Ok(None);
                }
                let text = if q.text.trim().is_empty() { e.question } else { q.text };
                Ok(Some(Filed { enquiry: Some(enquiry), text, language: q.language }))
            }
            LearnTarget::Helpful { question } => match self.ctx.db.helpful_question(question).await? {
                None => {
                    self.say(&t!(lang, "learn-gone")).await?;
                    Ok(None)
                }
                Some((_, true)) => {
                    self.say(&t!(lang, "learn-already-filed")).await?;
                    Ok(None)
                }
                Some((q, false)) => Ok(Some(Filed {
                    enquiry: None,
                    text: q.body,
                    language: q.language.and_then(|l| Lang::parse(&l).ok()),
                })),
            },
        }
    }

    /// The picker for `target` at `page`: sent as a new message, or
    /// `in_place` of the tapped one (turning a page).
    async fn picker(&self, target: LearnTarget, page: usize, in_place: bool) -> HandlerResult {
        let Some(filed) = self.what(target).await? else {
            return Ok(());
        };
        let faq = self.ctx.faq().await?;
        let entries = &faq.entries;
        if entries.is_empty() {
            return self.say(&t!(self.lang(), "learn-no-entries")).await;
        }
        let order = likeliest_first(self.ctx, &faq, &filed);
        let pages = order.len().div_ceil(PAGE);
        let page = page.min(pages - 1);
        let lang = self.lang();
        let mut rows: Vec<Vec<InlineKeyboardButton>> = order
            .iter()
            .skip(page * PAGE)
            .take(PAGE)
            .map(|&i| {
                let e = &entries[i];
                vec![InlineKeyboardButton::callback(
                    words::entry_label(lang, e),
                    buttons::learn_file_data(target, i as u32, &e.id),
                )]
            })
            .collect();
        let mut turn = Vec::new();
        if page > 0 {
            let data = buttons::learn_page_data(target, (page - 1) as u32);
            turn.push(InlineKeyboardButton::callback(t!(lang, "learn-picker-back"), data));
        }
        if page + 1 < pages {
            let data = buttons::learn_page_data(target, (page + 1) as u32);
            turn.push(InlineKeyboardButton::callback(t!(lang, "learn-picker-more"), data));
        }
        if !turn.is_empty() {
            rows.push(turn);
        }
        rows.push(vec![InlineKeyboardButton::callback(
            t!(lang, "learn-picker-cancel"),
            buttons::learn_cancel_data(target),
        )]);
        let text = words::picker(lang, filed.enquiry, &filed.text, page, pages);
        let keyboard = InlineKeyboardMarkup::new(rows);
        if in_place {
            edit(self.bot, self.ctx, self.chat, self.message, &text, Some(keyboard)).await
        } else {
            ask_with_buttons(self.bot, self.ctx, self.chat, &text, keyboard).await
        }
    }

    /// An entry picked (or "Add as an example of …"): checked to be the one
    /// the button was made for, then filed.
    async fn file(&self, target: LearnTarget, position: u32, fingerprint: u32) -> HandlerResult {
        let faq = self.ctx.faq().await?;
        let entry = faq.entries.get(position as usize).filter(|e| buttons::faq_fingerprint(&e.id) == fingerprint);
        let Some(entry) = entry else {
            // A /reload moved or removed entries since the buttons were
            // made: file nothing, offer the list as it is now.
            self.rewrite(&t!(self.lang(), "learn-stale")).await?;
            return self.picker(target, 0, false).await;
        };
        match target {
            LearnTarget::Enquiry { enquiry, nth } => self.file_enquiry(enquiry, nth, entry).await,
            LearnTarget::Helpful { question } => self.confirm(question, entry).await,
        }
    }

    async fn file_enquiry(&self, enquiry: i64, nth: u32, entry: &FaqRow) -> HandlerResult {
        let (ctx, lang) = (self.ctx, self.lang());
        let (Some(e), Some(q)) = (ctx.db.enquiry(enquiry).await?, ctx.db.enquiry_question(enquiry, nth).await?) else {
            return self.say(&t!(lang, "learn-gone")).await;
        };
        let asker_lang = asker_language(ctx, e.user_id).await?;
        let now = ctx.clock.now();
        let snapshot = FaqSnapshot::of(entry);
        let asked = if q.text.trim().is_empty() { e.question.clone() } else { q.text.clone() };
        let by = self.coordinator.full_name();
        let here = self.chat.0;
        // Without a staff group each coordinator got the relay privately;
        // the others hear it was filed, so nobody answers it again.
        let others: Vec<i64> = match ctx.config.coordinators.staff_chat_id {
            Some(_) => Vec::new(),
            None => ctx.config.coordinators.user_ids.iter().copied().filter(|&id| id != here).collect(),
        };
        // What the asker is sent, kept with the enquiry for /mydata.
        let record = faq_words::faq_entry(&asker_lang, entry);
        let coordinator = self.coordinator.id.0 as i64;
        let filing = ctx
            .db
            .file_enquiry(enquiry, nth, &entry.id, &asker_lang, coordinator, &record, now, |e| {
                let answer = Notice::FaqAnswer { enquiry: e.id, question: asked.clone(), entry: snapshot.clone() };
                let key = format!("ans:{}:faq:{nth}", e.id);
                let mut items =
                    vec![NewItem::now(key, e.user_id, Kind::Answer, Payload::notice(answer), now).linked_to(e.id)];
                let note = Notice::FiledBy { enquiry: e.id, coordinator: by.clone(), entry: snapshot.clone() };
                items.extend(others.iter().map(|&other| {
                    let key = format!("filednote:{}:{nth}:{other}", e.id);
                    NewItem::now(key, other, Kind::Notice, Payload::notice(note.clone()), now).linked_to(e.id)
                }));
                items
            })
            .await?;
        match filing {
            Filing::Filed(e) => {
                tracing::info!(enquiry = e.id, faq = %entry.id, "enquiry filed under a FAQ entry");
                ctx.wake_sender.notify_one();
                self.rewrite(&words::filed(lang, entry, &e.asker_name, e.id)).await
            }
            Filing::AlreadyAnswered => self.say(&words::already_answered(lang, enquiry)).await,
            Filing::AlreadyFiled => self.say(&t!(lang, "learn-already-filed")).await,
            Filing::Gone => self.say(&t!(lang, "learn-gone")).await,
        }
    }

    async fn confirm(&self, question: i64, entry: &FaqRow) -> HandlerResult {
        let (ctx, lang) = (self.ctx, self.lang());
        let Some((q, _)) = ctx.db.helpful_question(question).await? else {
            return self.say(&t!(lang, "learn-gone")).await;
        };
        let asked_in = match q.language.as_deref().and_then(|l| Lang::parse(l).ok()) {
            Some(l) => l,
            None => asker_language(ctx, q.user_id).await?,
        };
        let coordinator = self.coordinator.id.0 as i64;
        match ctx.db.confirm_example(question, &entry.id, &asked_in, coordinator, ctx.clock.now()).await? {
            Review::Done => {
                self.rewrite(&words::added(lang, &q.body, entry)).await?;
                learn_command(self.bot, ctx, self.chat).await
            }
            Review::AlreadyReviewed => self.say(&t!(lang, "learn-already-filed")).await,
            Review::Gone => self.say(&t!(lang, "learn-gone")).await,
        }
    }

    async fn dismiss(&self, question: i64) -> HandlerResult {
        let (ctx, lang) = (self.ctx, self.lang());
        let body = ctx.db.helpful_question(question).await?.map(|(q, _)| q.body);
        match (ctx.db.dismiss_example(question, ctx.clock.now()).await?, body) {
            (Review::Done, Some(body)) => {
                self.rewrite(&words::dismissed(lang, &body)).await?;
                learn_command(self.bot, ctx, self.chat).await
            }
            (Review::AlreadyReviewed, _) => self.say(&t!(lang, "learn-already-filed")).await,
            _ => self.say(&t!(lang, "learn-gone")).await,
        }
    }
}

/// Positions in `entries`: those the matcher finds some likeness in, best
/// first, then the rest in the FAQ's order.
fn likeliest_first(ctx: &Ctx, faq: &super::Faq, filed: &Filed) -> Vec<usize> {
    let entries = &faq.entries;
    let asked_in = filed.language.clone().unwrap_or_else(|| ctx.config.programme.language.clone());
    let scores = faq.matcher.scores(&filed.text, &asked_in);
    let mut order: Vec<usize> =
        scores.iter().filter(|m| m.score > 0.0).filter_map(|m| entries.iter().position(|e| e.id == m.id)).collect();
    let rest: Vec<usize> = (0..entries.len()).filter(|i| !order.contains(i)).collect();
    order.extend(rest);
    order
}

/// The language someone reads the bot in now (their choice, else their
/// Telegram's as last seen, else their course's or the programme's).
async fn asker_language(ctx: &Ctx, user_id: i64) -> anyhow::Result<Lang> {
    let settings = ctx.db.language_settings(user_id).await?;
    Ok(i18n::resolve(&settings, None, &ctx.config.programme.language))
}
