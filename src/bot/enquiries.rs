//! Questions in people's own words, and the enquiries the FAQ can't answer:
//! the asker's side (answer from the FAQ, or open / follow up an enquiry
//! relayed to the coordinators) and the coordinators' side (answer by
//! replying or with /reply, list, close).
//!
//! Relays and answers go through the outbox, so a Telegram outage delays
//! them but loses none. Everything here is reached only through `schema`,
//! which decides who is a coordinator.

use chrono::{DateTime, Utc};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId, ThreadId, User};

use super::buttons::LearnTarget;
use super::reply::{say_in, say_linked};
use super::{ask_with_buttons, say, Ctx, HandlerResult};
use crate::db::enquiries::{Asker, EnquiryStatus, FollowUp, Opened, Outcome};
use crate::db::outbox::{Kind, NewItem, Payload};
use crate::domain::notice::{self, ButtonLabel, CourseRef, NoticeButton, RelayKind};
use crate::domain::FaqRow;
use crate::domain::{Notice, RegistrationStatus};
use crate::enquiry::input::{small_talk, Content, Refused, SmallTalk, MAX_CHARS};
use crate::enquiry::matcher::Route;
use crate::i18n::enquiries as words;
use crate::t;

/// At most this many questions per person in `WINDOW` before a slow-down.
const MAX_PER_WINDOW: i64 = 5;
const WINDOW_MINUTES: i64 = 5;
/// /enquiries shows at most this many; the rest are counted.
const LIST_LIMIT: usize = 50;

/// A message that replies to one linked to an enquiry.
#[derive(Debug, Clone, Copy)]
pub struct Linked {
    pub enquiry_id: i64,
    pub asker_id: i64,
}

/// The enquiry the message replies to, if it replies to one; in a forum
/// staff chat, also the enquiry whose topic it was written in (there every
/// message in a topic counts, not only replies).
pub async fn linked(msg: &Message, ctx: &Ctx) -> Option<Linked> {
    if let Some(reply) = msg.reply_to_message() {
        match ctx.db.linked_enquiry(msg.chat.id.0, i64::from(reply.id.0)).await {
            Ok(Some((enquiry_id, asker_id))) => return Some(Linked { enquiry_id, asker_id }),
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %e, "could not look up a replied-to message");
                return None;
            }
        }
    }
    let thread = topic_of(msg)?;
    if ctx.config.coordinators.staff_chat_id != Some(msg.chat.id.0) {
        return None;
    }
    match ctx.db.topic_enquiry(msg.chat.id.0, i64::from(thread.0 .0)).await {
        Ok(found) => found.map(|(enquiry_id, asker_id)| Linked { enquiry_id, asker_id }),
        Err(e) => {
            tracing::error!(error = %e, "could not look up a forum topic");
            None
        }
    }
}

/// The forum topic a message was written in, if any.
pub fn topic_of(msg: &Message) -> Option<ThreadId> {
    msg.thread_id.filter(|_| msg.is_topic_message)
}

// ------------------------------------------------------------------- askers

/// Any message outside a dialogue and not a command: a question.
pub async fn on_message(bot: Bot, ctx: Ctx, msg: Message) -> HandlerResult {
    let content = Content::from_message(&msg);
    on_question(&bot, &ctx, &msg, content).await
}

/// `/ask TEXT`.
pub async fn on_ask(bot: &Bot, ctx: &Ctx, msg: &Message, arg: &str) -> HandlerResult {
    if arg.trim().is_empty() {
        return say(bot, ctx, msg.chat.id, &t!(&ctx.lang, "ask-usage")).await;
    }
    on_question(bot, ctx, msg, Content::text(arg)).await
}

async fn on_question(bot: &Bot, ctx: &Ctx, msg: &Message, content: Result<Content, Refused>) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let user_id = user.id.0 as i64;
    let now = ctx.clock.now();
    let content = match content {
        Ok(c) => c,
        Err(refused) => return say(bot, ctx, chat, &refusal(ctx, refused)).await,
    };

    // A flood is refused politely, once per window; what follows in the
    // same window is dropped without a word, so the bot cannot be made to
    // flood back.
    let (recent, already_told) =
        ctx.db.questions_since(user_id, now - chrono::Duration::minutes(WINDOW_MINUTES)).await?;
    if recent >= MAX_PER_WINDOW {
        if already_told {
            tracing::info!(user_id, "dropping a message over the rate");
            return Ok(());
        }
        ctx.db.record_question(user_id, &ctx.lang, "", Outcome::Limited, None, None, now).await?;
        return say(bot, ctx, chat, &t!(&ctx.lang, "slow-down", minutes = WINDOW_MINUTES)).await;
    }

    if content.file.is_none() {
        if let Some(talk) = small_talk(&content.text, words::small_talk_words()) {
            ctx.db.record_question(user_id, &ctx.lang, &content.text, Outcome::SmallTalk, None, None, now).await?;
            let reply = match talk {
                SmallTalk::Thanks => t!(&ctx.lang, "small-talk-thanks"),
                SmallTalk::Greeting => t!(&ctx.lang, "small-talk-hello"),
            };
            return say(bot, ctx, chat, &reply).await;
        }
    }

    // A reply to the question, its acknowledgement or an answer adds to
    // that enquiry.
    if let Some(link) = linked(msg, ctx).await.filter(|l| l.asker_id == user_id) {
        return follow_up(bot, ctx, msg, user, link.enquiry_id, content, now).await;
    }

    if content.file.is_none() {
        let faq = ctx.faq().await?;
        match faq.matcher.route(&content.text, &ctx.lang) {
            Route::Answer(m) => {
                if let Some(entry) = faq.entry(&m.id) {
                    let q = ctx
                        .db
                        .record_question(user_id, &ctx.lang, &content.text, Outcome::Faq, Some(&entry.id), None, now)
                        .await?;
                    return answer_from_faq(bot, ctx, chat, entry, q).await;
                }
            }
            Route::Suggest(offered) => {
                let ids: Vec<String> = offered.into_iter().map(|m| m.id).collect();
                let entries: Vec<&FaqRow> = ids.iter().filter_map(|id| faq.entry(id)).collect();
                if entries.len() == ids.len() {
                    let q = ctx.db.record_suggested(user_id, &ctx.lang, &content.text, &ids, now).await?;
                    let mut rows: Vec<Vec<InlineKeyboardButton>> = entries
                        .iter()
                        .enumerate()
                        .map(|(i, e)| {
                            let label = words::suggestion_label(&ctx.lang, e);
                            vec![InlineKeyboardButton::callback(label, super::buttons::suggestion_data(q, Some(i)))]
                        })
                        .collect();
                    rows.push(vec![InlineKeyboardButton::callback(
                        t!(&ctx.lang, "faq-suggest-none"),
                        super::buttons::suggestion_data(q, None),
                    )]);
                    let buttons = InlineKeyboardMarkup::new(rows);
                    return ask_with_buttons(bot, ctx, chat, &t!(&ctx.lang, "faq-suggest"), buttons).await;
                }
            }
            Route::Enquiry => {}
        }
    }

    let source = format!("m{}", msg.id.0);
    match open(ctx, user, &content, None, None, &source).await? {
        Opened::Opened(id) => {
            ctx.db
                .record_question(user_id, &ctx.lang, &content.summary(), Outcome::Enquiry, None, Some(id), now)
                .await?;
            ctx.db.link_message(chat.0, i64::from(msg.id.0), id).await?;
            say_linked(bot, ctx, chat, &words::enquiry_opened(&ctx.lang, id, false), id).await
        }
        Opened::TooManyOpen(ids) => {
            ctx.db.record_question(user_id, &ctx.lang, "", Outcome::TooManyOpen, None, None, now).await?;
            say(bot, ctx, chat, &words::too_many_open(&ctx.lang, &ids)).await
        }
    }
}

/// An entry as the answer to question `q`, with "Did this answer your
/// question?" Yes / No under it.
async fn answer_from_faq(bot: &Bot, ctx: &Ctx, chat: ChatId, entry: &FaqRow, q: i64) -> HandlerResult {
    let buttons = InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback(t!(&ctx.lang, "faq-yes"), super::buttons::faq_feedback_data(true, q)),
        InlineKeyboardButton::callback(t!(&ctx.lang, "faq-no"), super::buttons::faq_feedback_data(false, q)),
    ]]);
    ask_with_buttons(bot, ctx, chat, &words::faq_answer(&ctx.lang, entry), buttons).await
}

/// A tap on "Did you mean…?": `action` is "QUESTION:INDEX" (an entry, by
/// its place among those offered) or "QUESTION:none". A pick is answered
/// like a confident answer; "None of these" hands the question to a
/// coordinator. A tap on someone else's question, a forged or stale one,
/// or a second tap changes nothing.
pub async fn on_suggestion(bot: &Bot, ctx: &Ctx, q: &CallbackQuery, chat: ChatId, action: &str) -> HandlerResult {
    let (id, pick) = action.split_once(':').unwrap_or((action, ""));
    let user_id = q.from.id.0 as i64;
    let question = match id.parse::<i64>() {
        Ok(id) => ctx.db.question(id).await?.filter(|row| row.user_id == user_id),
        Err(_) => None,
    };
    let Some(question) = question.filter(|row| row.outcome == Outcome::Suggested || row.enquiry_id.is_some()) else {
        return say(bot, ctx, chat, &t!(&ctx.lang, "faq-button-stale")).await;
    };
    if let Some(existing) = question.enquiry_id {
        return say(bot, ctx, chat, &t!(&ctx.lang, "enquiry-already", id = existing)).await;
    }
    if question.faq_id.is_some() {
        return say(bot, ctx, chat, &t!(&ctx.lang, "faq-suggest-already")).await;
    }
    if pick == "none" {
        let content = Content::text(&question.body).map_err(|r| anyhow::anyhow!("stored question refused: {r:?}"))?;
        let source = format!("q{}", question.id);
        return match open(ctx, &q.from, &content, Some(question.id), None, &source).await? {
            Opened::Opened(id) => say_linked(bot, ctx, chat, &words::enquiry_opened(&ctx.lang, id, false), id).await,
            Opened::TooManyOpen(ids) => say(bot, ctx, chat, &words::too_many_open(&ctx.lang, &ids)).await,
        };
    }
    let offered = ctx.db.suggestions(question.id).await?;
    let faq = ctx.faq().await?;
    let entry = pick.parse::<usize>().ok().and_then(|i| offered.get(i)).and_then(|id| faq.entry(id));
    let Some(entry) = entry else {
        // An entry removed by /reload since, or a forged index.
        return say(bot, ctx, chat, &t!(&ctx.lang, "faq-button-stale")).await;
    };
    if !ctx.db.pick_suggestion(question.id, &entry.id).await? {
        return say(bot, ctx, chat, &t!(&ctx.lang, "faq-suggest-already")).await;
    }
    answer_from_faq(bot, ctx, chat, entry, question.id).await
}

fn refusal(ctx: &Ctx, r: Refused) -> String {
    words::refusal(&ctx.lang, r, MAX_CHARS)
}

/// The "Yes" / "No" under a FAQ answer. "No" hands the question to a
/// coordinator.
pub async fn on_feedback(bot: &Bot, ctx: &Ctx, q: &CallbackQuery, chat: ChatId, action: &str) -> HandlerResult {
    let (verdict, id) = action.split_once(':').unwrap_or((action, ""));
    let user_id = q.from.id.0 as i64;
    let question = match id.parse::<i64>() {
        Ok(id) => ctx.db.question(id).await?.filter(|row| row.user_id == user_id),
        Err(_) => None,
    };
    let Some(question) = question else {
        // A keyboard from before this version, or a forged payload.
        let reply = if verdict == "yes" { "faq-glad" } else { "faq-button-stale" };
        return say(bot, ctx, chat, &t!(&ctx.lang, reply)).await;
    };
    if let Some(existing) = question.enquiry_id {
        return say(bot, ctx, chat, &t!(&ctx.lang, "enquiry-already", id = existing)).await;
    }
    if verdict == "yes" {
        ctx.db.mark_helpful(question.id).await?;
        return say(bot, ctx, chat, &t!(&ctx.lang, "faq-glad")).await;
    }
    let content = Content::text(&question.body).map_err(|r| anyhow::anyhow!("stored question refused: {r:?}"))?;
    let missed = match &question.faq_id {
        Some(id) => ctx.faq().await?.entry(id).map(|e| e.text.question.clone()),
        None => None,
    };
    let source = format!("q{}", question.id);
    match open(ctx, &q.from, &content, Some(question.id), missed.as_deref(), &source).await? {
        Opened::Opened(id) => say_linked(bot, ctx, chat, &words::enquiry_opened(&ctx.lang, id, true), id).await,
        Opened::TooManyOpen(ids) => say(bot, ctx, chat, &words::too_many_open(&ctx.lang, &ids)).await,
    }
}

/// Opens an enquiry and queues its relay to the staff chat (else to every
/// coordinator). `source` keeps relay keys unique per asking message.
async fn open(
    ctx: &Ctx,
    user: &User,
    content: &Content,
    question_id: Option<i64>,
    faq_missed: Option<&str>,
    source: &str,
) -> anyhow::Result<Opened> {
    let relay = Relay::of(ctx, user).await?;
    let now = ctx.clock.now();
    // The answer comes later, through the outbox, which knows a person's
    // language from their row: someone who asks before ever registering
    // gets one, so the language their Telegram is set to follows them.
    ctx.db.touch_person(user.id.0 as i64, user.username.as_deref(), now).await?;
    let opened = ctx
        .db
        .open_enquiry(&relay.asker, content, question_id, now, |id| {
            relay.items(id, 0, source, RelayKind::New, faq_missed, content, now)
        })
        .await?;
    if let Opened::Opened(id) = opened {
        tracing::info!(enquiry = id, "enquiry opened");
        ctx.wake_sender.notify_one();
    }
    Ok(opened)
}

async fn follow_up(
    bot: &Bot,
    ctx: &Ctx,
    msg: &Message,
    user: &User,
    enquiry_id: i64,
    content: Content,
    now: DateTime<Utc>,
) -> HandlerResult {
    let chat = msg.chat.id;
    let user_id = user.id.0 as i64;
    let relay = Relay::of(ctx, user).await?;
    let source = format!("m{}", msg.id.0);
    let done = ctx
        .db
        .follow_up(enquiry_id, user_id, &content, now, |e, reopened| {
            let kind = if reopened { RelayKind::Reopened } else { RelayKind::FollowUp };
            let nth = u32::try_from(e.asker_messages).unwrap_or(u32::MAX);
            relay.items(e.id, nth, &source, kind, None, &content, now)
        })
        .await?;
    match done {
        Some(FollowUp::Added { reopened }) => {
            ctx.db
                .record_question(user_id, &ctx.lang, &content.summary(), Outcome::FollowUp, None, Some(enquiry_id), now)
                .await?;
            ctx.db.link_message(chat.0, i64::from(msg.id.0), enquiry_id).await?;
            ctx.wake_sender.notify_one();
            say_linked(bot, ctx, chat, &words::follow_up_added(&ctx.lang, enquiry_id, reopened), enquiry_id).await
        }
        Some(FollowUp::TooManyOpen(ids)) => {
            ctx.db.record_question(user_id, &ctx.lang, "", Outcome::TooManyOpen, None, None, now).await?;
            say(bot, ctx, chat, &words::too_many_open(&ctx.lang, &ids)).await
        }
        // Forgotten meanwhile: treat as gone.
        None => say(bot, ctx, chat, &words::no_such_enquiry(&ctx.lang, &format!("#{enquiry_id}"))).await,
    }
}

/// Who an enquiry is from and where its relays go, worked out before the
/// write transaction that queues them.
struct Relay {
    asker: Asker,
    username: Option<String>,
    courses: Vec<CourseRef>,
    targets: Vec<i64>,
}

impl Relay {
    /// Only the asker's own data — their registered name and course(s), else
    /// their Telegram name — so a relay never carries anyone else's.
    async fn of(ctx: &Ctx, user: &User) -> anyhow::Result<Self> {
        let user_id = user.id.0 as i64;
        let person = ctx.db.person(user_id).await?;
        let name = person.and_then(|p| p.full_name).map(|n| n.to_string()).unwrap_or_else(|| user.full_name());
        let courses: Vec<CourseRef> = ctx
            .db
            .registrations_of(user_id)
            .await?
            .into_iter()
            .filter(|r| r.status != RegistrationStatus::Withdrawn)
            .map(|r| CourseRef { waitlisted: r.status == RegistrationStatus::Waitlisted, code: r.course_code })
            .collect();
        let codes: Vec<&str> = courses.iter().map(|c| c.code.as_str()).collect();
        let asker = Asker { user_id, name, course: (!codes.is_empty()).then(|| codes.join(", ")) };
        let targets = match ctx.config.coordinators.staff_chat_id {
            Some(staff) => vec![staff],
            None => ctx.config.coordinators.user_ids.iter().copied().collect(),
        };
        Ok(Relay { asker, username: user.username.clone(), courses, targets })
    }

    /// The relay of one message of enquiry `id` (its `nth` from the asker)
    /// to each target, put into words for each reader when it is sent,
    /// with "This is FAQ entry…" under it. `source` keeps the keys unique
    /// per message.
    #[allow(clippy::too_many_arguments)]
    fn items(
        &self,
        id: i64,
        nth: u32,
        source: &str,
        kind: RelayKind,
        faq_missed: Option<&str>,
        content: &Content,
        now: DateTime<Utc>,
    ) -> Vec<NewItem> {
        let relay = Notice::Relay(notice::Relay {
            enquiry: id,
            kind,
            faq_missed: faq_missed.map(str::to_owned),
            asker: self.asker.name.clone(),
            username: self.username.clone(),
            courses: self.courses.clone(),
            body: content.text.clone(),
            has_file: content.file.is_some(),
        });
        let caption = Notice::RelayFile { enquiry: id, asker: self.asker.name.clone() };
        let file_it = NoticeButton {
            label: ButtonLabel::FileUnderFaq,
            data: super::buttons::learn_open_data(LearnTarget::Enquiry { enquiry: id, nth }),
        };
        self.targets
            .iter()
            .flat_map(|&chat| {
                let mut items = message_items(
                    &format!("enq:{id}:{source}:{chat}"),
                    chat,
                    Kind::Enquiry,
                    relay.clone(),
                    content,
                    caption.clone(),
                    id,
                    now,
                );
                // The text part carries the button (a file follows it, if any).
                if let Some(first) = items.first_mut() {
                    if let Payload::Notice(notice) = &first.payload {
                        let notice = notice.clone();
                        first.payload = Payload::NoticeWithButtons { notice, buttons: vec![vec![file_it.clone()]] };
                    }
                }
                items
            })
            .collect()
    }
}

/// One message of an enquiry as outbox items linked to it: the text, then
/// the file (with its own short caption) if there is one.
#[allow(clippy::too_many_arguments)]
fn message_items(
    key: &str,
    chat: i64,
    kind: Kind,
    body: Notice,
    content: &Content,
    file_caption: Notice,
    enquiry_id: i64,
    now: DateTime<Utc>,
) -> Vec<NewItem> {
    let mut items = vec![NewItem::now(key.to_owned(), chat, kind, Payload::notice(body), now).linked_to(enquiry_id)];
    if let Some(file) = &content.file {
        let payload = Payload::Attachment { kind: file.kind, file_id: file.file_id.clone(), caption: file_caption };
        items.push(NewItem::now(format!("{key}:file"), chat, kind, payload, now).linked_to(enquiry_id));
    }
    items
}

// ------------------------------------------------------------- coordinators

/// A coordinator's reply to a relayed enquiry (staff group or private
/// chat): the answer.
pub async fn on_reply(bot: Bot, ctx: Ctx, msg: Message, link: Linked) -> HandlerResult {
    let (chat, topic) = (msg.chat.id, topic_of(&msg));
    match Content::from_message(&msg) {
        Ok(content) => answer(&bot, &ctx, &msg, link.enquiry_id, content).await,
        Err(Refused::Unsupported) => say_in(&bot, &ctx, chat, topic, &t!(&ctx.lang, "answer-not-relayable")).await,
        Err(r) => say_in(&bot, &ctx, chat, topic, &refusal(&ctx, r)).await,
    }
}

/// A coordinator closed an enquiry's forum topic by hand: the enquiry
/// closes with it. Other topic events (reopened, renamed) change nothing.
pub async fn on_topic_event(bot: Bot, ctx: Ctx, msg: Message, link: Linked) -> HandlerResult {
    if msg.forum_topic_closed().is_none() {
        return Ok(());
    }
    if let Err(e) = ctx.db.set_topic_closed(link.enquiry_id, true).await {
        tracing::error!(enquiry = link.enquiry_id, error = %e, "could not record a closed topic");
    }
    close(&bot, &ctx, &msg, link.enquiry_id).await
}

/// `/reply N TEXT`.
pub async fn reply_command(bot: &Bot, ctx: &Ctx, msg: &Message, args: &str) -> HandlerResult {
    let chat = msg.chat.id;
    let (n, rest) = args.trim().split_once(char::is_whitespace).unwrap_or((args.trim(), ""));
    if n.is_empty() {
        return say(bot, ctx, chat, &t!(&ctx.lang, "reply-usage")).await;
    }
    let Some(id) = enquiry_number(n) else {
        return say(bot, ctx, chat, &words::no_such_enquiry(&ctx.lang, n)).await;
    };
    if rest.trim().is_empty() {
        return say(bot, ctx, chat, &t!(&ctx.lang, "reply-usage")).await;
    }
    match Content::text(rest) {
        Ok(content) => answer(bot, ctx, msg, id, content).await,
        Err(r) => say(bot, ctx, chat, &refusal(ctx, r)).await,
    }
}

/// "12" or "#12".
fn enquiry_number(s: &str) -> Option<i64> {
    s.trim().trim_start_matches('#').parse().ok().filter(|n: &i64| *n > 0)
}

async fn answer(bot: &Bot, ctx: &Ctx, msg: &Message, enquiry_id: i64, content: Content) -> HandlerResult {
    let chat = msg.chat.id;
    let coordinator = msg.from.as_ref().map_or(0, |u| u.id.0 as i64);
    let now = ctx.clock.now();
    let source = format!("{}:{}", chat.0, msg.id.0);
    // Without a staff group each coordinator got the relay privately; the
    // others hear it was answered, so nobody answers twice.
    let others: Vec<i64> = match ctx.config.coordinators.staff_chat_id {
        Some(_) => Vec::new(),
        None => ctx.config.coordinators.user_ids.iter().copied().filter(|&id| id != chat.0).collect(),
    };
    let by = msg.from.as_ref().map(|u| u.full_name()).unwrap_or_default();
    let answered = ctx
        .db
        .answer_enquiry(enquiry_id, coordinator, &content, now, |e| {
            let body = Notice::Answer {
                enquiry: e.id,
                question: e.question.clone(),
                body: content.text.clone(),
                has_file: content.file.is_some(),
            };
            let key = format!("ans:{}:{source}", e.id);
            let caption = Notice::AnswerFile { enquiry: e.id };
            let mut items = message_items(&key, e.user_id, Kind::Answer, body, &content, caption, e.id, now);
            let note = Notice::AnsweredBy { enquiry: e.id, coordinator: by.clone(), answer: content.summary() };
            items.extend(others.iter().map(|&other| {
                NewItem::now(
                    format!("ansnote:{}:{source}:{other}", e.id),
                    other,
                    Kind::Notice,
                    Payload::notice(note.clone()),
                    now,
                )
                .linked_to(e.id)
            }));
            items
        })
        .await?;
    match answered {
        Some(e) => {
            tracing::info!(enquiry = e.id, "enquiry answered");
            ctx.wake_sender.notify_one();
            let queued = t!(&ctx.lang, "enquiry-answer-queued", id = e.id, asker = &e.asker_name);
            say_in(bot, ctx, chat, topic_of(msg), &queued).await
        }
        None => {
            say_in(bot, ctx, chat, topic_of(msg), &words::no_such_enquiry(&ctx.lang, &format!("#{enquiry_id}"))).await
        }
    }
}

/// `/close N`, or `/close` sent as a reply to a relayed enquiry.
pub async fn close_command(bot: &Bot, ctx: &Ctx, msg: &Message, args: &str) -> HandlerResult {
    let chat = msg.chat.id;
    let id = if args.trim().is_empty() {
        match linked(msg, ctx).await {
            Some(link) => link.enquiry_id,
            None => return say(bot, ctx, chat, &t!(&ctx.lang, "close-usage")).await,
        }
    } else {
        match enquiry_number(args) {
            Some(id) => id,
            None => return say(bot, ctx, chat, &words::no_such_enquiry(&ctx.lang, args.trim())).await,
        }
    };
    close(bot, ctx, msg, id).await
}

/// Closes enquiry `id` (telling an asker who never got an answer) and its
/// forum topic, if it has one; replies where the command was written.
async fn close(bot: &Bot, ctx: &Ctx, msg: &Message, id: i64) -> HandlerResult {
    let (chat, topic) = (msg.chat.id, topic_of(msg));
    let now = ctx.clock.now();
    let before = ctx
        .db
        .close_enquiry(id, now, |e| {
            // Someone who never got an answer should not wait forever.
            if e.first_answered_at.is_some() {
                return Vec::new();
            }
            let notice = Payload::notice(Notice::Closed { enquiry: e.id, question: e.question.clone() });
            let key = format!("close:{}:{}", e.id, crate::db::ts(now));
            vec![NewItem::now(key, e.user_id, Kind::Answer, notice, now).linked_to(e.id)]
        })
        .await?;
    match before {
        None => say_in(bot, ctx, chat, topic, &words::no_such_enquiry(&ctx.lang, &format!("#{id}"))).await,
        Some(e) if e.status == EnquiryStatus::Closed => {
            say_in(bot, ctx, chat, topic, &t!(&ctx.lang, "enquiry-already-closed", id = id)).await
        }
        Some(e) => {
            let told = e.first_answered_at.is_none();
            if told {
                ctx.wake_sender.notify_one();
            }
            say_in(bot, ctx, chat, topic, &words::enquiry_closed(&ctx.lang, id, told)).await?;
            close_topic(bot, ctx, id).await;
            Ok(())
        }
    }
}

/// Closes an enquiry's forum topic, if it has an open one. Best effort: a
/// topic left open changes nothing for the enquiry, and a follow-up
/// reopens it anyway.
async fn close_topic(bot: &Bot, ctx: &Ctx, id: i64) {
    let topic = match ctx.db.enquiry_topic(id).await {
        Ok(Some(t)) => t,
        Ok(None) => return,
        Err(e) => {
            tracing::error!(enquiry = id, error = %e, "could not read an enquiry's topic");
            return;
        }
    };
    let Some((chat, thread)) = topic.topic.filter(|_| !topic.closed) else {
        return;
    };
    match bot.close_forum_topic(ChatId(chat), ThreadId(MessageId(thread as i32))).await {
        Ok(_) => {}
        // Closed by hand already: the same outcome.
        Err(e) if e.to_string().contains("TOPIC_NOT_MODIFIED") => {}
        Err(e) => {
            tracing::warn!(enquiry = id, error = %e, "could not close an enquiry's topic");
            return;
        }
    }
    if let Err(e) = ctx.db.set_topic_closed(id, true).await {
        tracing::error!(enquiry = id, error = %e, "could not record a closed topic");
    }
}

/// `/enquiries`: open ones, longest waiting first, with how long.
pub async fn list(bot: &Bot, ctx: &Ctx, chat: ChatId) -> HandlerResult {
    let open = ctx.db.open_enquiries().await?;
    say(bot, ctx, chat, &words::enquiries_list(&ctx.lang, &open, LIST_LIMIT, ctx.clock.now())).await
}
