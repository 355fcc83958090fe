//! Drains the outbox under Telegram's limits.
//!
//! An item is tried until it is sent, refused (400, 403) or no longer useful
//! (its `not_after`, by default a day after it was queued). A 429 waits
//! `retry_after` and sends again; a 5xx is retried with a back-off capped
//! at a minute. While Telegram cannot be reached at all, sends pause and one
//! probe at a time tries (see [`Link`]); such tries are not counted against
//! the item. Each chat has at most one item in flight, so a slow chat or a
//! chat waiting for its own per-second slot holds nobody else up.
//!
//! Items are claimed with a lease; a crash leaves the lease to expire and
//! the next start releases it (only those few may be sent twice). A stop
//! lets sends already on the wire finish briefly and gives the rest back.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use teloxide::prelude::*;
use teloxide::types::{
    ChatFullInfoKind, ChatFullInfoPublicKind, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId,
    ThreadId,
};
use teloxide::{ApiError, RequestError};
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;

use super::limiter::{Limiter, Priority};
use super::link::{Failure, Link};
use super::ReplyBacklog;
use crate::clock::SharedClock;
use crate::config::{resolve_local, BotConfig};
use crate::db::enquiries::EnquiryStatus;
use crate::db::outbox::{Button, Kind, NewItem, OutboxItem, Payload, State};
use crate::db::Db;
use crate::domain::{FileKind, Lang, Notice, QuietHours, Zone};
use crate::i18n;
use crate::i18n::notices::render;
use crate::metrics::{Metrics, SendResult};
use crate::telegram::{split_message, TELEGRAM_LIMIT};

/// At most this many items are being sent at once.
const IN_FLIGHT: usize = 64;
/// How long a stop waits for sends already on the wire.
const STOP_GRACE: Duration = Duration::from_secs(2);
/// A 5xx is retried after 2^attempts seconds, at most this long.
const MAX_BACKOFF: chrono::Duration = chrono::Duration::seconds(60);
/// An item that waited this long for its turn is looked up again before
/// it goes.
const HELD_LONG: Duration = Duration::from_secs(1);
/// A claimed item is someone else's to release after this long.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);

#[derive(Clone)]
pub struct Sender {
    db: Db,
    bot: Bot,
    limiter: Arc<Limiter>,
    link: Arc<Link>,
    clock: SharedClock,
    quiet_hours: Option<QuietHours>,
    default_zone: Zone,
    /// The language of a recipient who has none of their own (a group).
    default_lang: Lang,
    /// Poked when something is queued, so it goes out without waiting for
    /// the next poll.
    wake: Arc<Notify>,
    /// Coordinators' private chats: where an enquiry relay goes when the
    /// staff group refuses it (the bot was removed, the group is gone).
    coordinators: Vec<i64>,
    staff_chat: Option<i64>,
    reply_backlog: Arc<ReplyBacklog>,
    /// Chats with an item in flight.
    busy: Arc<Mutex<HashSet<i64>>>,
    metrics: Arc<Metrics>,
    /// Whether the staff chat is a forum (each enquiry then gets a topic),
    /// learnt from `getChat` at the first relay and kept for the run.
    forum: Arc<Mutex<Option<bool>>>,
}

enum Outcome {
    Sent,
    /// Stopping before it was sent: back to the queue untouched.
    Released,
    Retry {
        at: DateTime<Utc>,
        error: String,
        answered: bool,
    },
    Blocked(String),
    Failed(String),
    /// Past its `not_after`.
    Expired,
    /// Taken back while it waited (a moved session's reminder): nothing to
    /// record.
    Withdrawn,
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Outcome::Sent => "sent",
            Outcome::Released => "released",
            Outcome::Retry { .. } => "retry",
            Outcome::Blocked(_) => "blocked",
            Outcome::Failed(_) => "failed",
            Outcome::Expired => "expired",
            Outcome::Withdrawn => "withdrawn",
        }
    }
}

/// What a failed call means for the item and for everyone else.
enum Class {
    TooMany(Duration),
    Unreachable(String),
    ServerError(String),
    Blocked(String),
    Refused(String),
}

/// One message of an item.
enum Piece<'a> {
    Text(&'a str),
    Prompt(&'a str, &'a [Vec<Button>]),
    File(FileKind, &'a str, Option<&'a str>),
}

impl Sender {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        db: Db,
        bot: Bot,
        limiter: Arc<Limiter>,
        link: Arc<Link>,
        clock: SharedClock,
        config: &BotConfig,
        wake: Arc<Notify>,
        reply_backlog: Arc<ReplyBacklog>,
    ) -> Self {
        Self {
            db,
            bot,
            limiter,
            link,
            clock,
            quiet_hours: config.reminders.quiet_hours,
            default_zone: config.programme.timezone,
            default_lang: config.programme.language.clone(),
            wake,
            coordinators: config.coordinators.user_ids.iter().copied().collect(),
            staff_chat: config.coordinators.staff_chat_id,
            reply_backlog,
            busy: Default::default(),
            metrics: Arc::default(),
            forum: Default::default(),
        }
    }

    /// Counts sends and stamps each loop turn (for `/metrics`, `/healthz`).
    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = metrics;
        self
    }

    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        // Whatever a previous run held when it died goes back to the queue.
        match self.db.release_leases(None).await {
            Ok(n) if n > 0 => tracing::warn!(items = n, "released items a previous run was sending"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "could not release outbox leases"),
        }
        let cap = IN_FLIGHT.min(self.limiter.per_second()).max(1);
        let mut in_flight: JoinSet<()> = JoinSet::new();
        loop {
            self.metrics.sender.beat();
            if *stop.borrow() {
                break;
            }
            // While Telegram is unreachable, only a probe goes out, and
            // only when nothing already claimed can be the probe.
            let room = if self.link.is_up() {
                cap.saturating_sub(in_flight.len())
            } else if in_flight.is_empty() && self.link.probe_due() {
                1
            } else {
                0
            };
            let claimed = if room > 0 {
                match self.claim(room).await {
                    Ok(items) => items,
                    Err(e) => {
                        tracing::error!(error = %e, "outbox unavailable");
                        Vec::new()
                    }
                }
            } else {
                Vec::new()
            };
            let idle = claimed.is_empty();
            for item in claimed {
                let me = self.clone();
                let stop = stop.clone();
                in_flight.spawn(async move { me.deliver(item, stop).await });
            }
            if idle || in_flight.len() >= cap {
                let probe_at = self.link.next_probe();
                tokio::select! {
                    _ = self.wake.notified() => {}
                    _ = tokio::time::sleep(Duration::from_millis(200)), if idle => {}
                    _ = tokio::time::sleep_until(probe_at.unwrap_or_else(tokio::time::Instant::now)),
                        if probe_at.is_some() && in_flight.is_empty() => {}
                    Some(_) = in_flight.join_next(), if !in_flight.is_empty() => {}
                    _ = self.link.changed() => {}
                    _ = stop.changed() => {}
                }
            }
            while in_flight.try_join_next().is_some() {}
        }
        // Stopping: let sends on the wire finish briefly, give the rest back.
        let _ = tokio::time::timeout(STOP_GRACE, async { while in_flight.join_next().await.is_some() {} }).await;
        in_flight.abort_all();
        while in_flight.join_next().await.is_some() {}
        if let Err(e) = self.db.release_leases(None).await {
            tracing::error!(error = %e, "could not release outbox leases at stop");
        }
    }

    /// Picks due items: unreachable people and items past their use end
    /// here, non-urgent items inside the recipient's quiet hours wait for
    /// them to end, items for a chat that is busy or not ready wait for a
    /// later pass, the rest are claimed.
    async fn claim(&self, room: usize) -> anyhow::Result<Vec<OutboxItem>> {
        let now = self.clock.now();
        let soon = tokio::time::Instant::now() + Duration::from_millis(100);
        let busy: Vec<i64> = self.busy.lock().expect("busy chats").iter().copied().collect();
        let due = self.db.due(now, room as i64 * 2, &busy).await?;
        let mut ids = Vec::new();
        let mut chats = HashSet::new();
        for row in due {
            if row.unreachable {
                self.end(row.id, row.kind, row.chat_id, row.enquiry_id, State::Blocked, "the person blocked the bot")
                    .await?;
                continue;
            }
            if row.not_after.is_some_and(|limit| limit <= now) {
                self.end(row.id, row.kind, row.chat_id, row.enquiry_id, State::Dropped, &too_late(row.kind)).await?;
                continue;
            }
            if !row.urgent {
                let zone = row.timezone.as_deref().and_then(|z| Zone::parse(z).ok()).unwrap_or(self.default_zone);
                if let Some(end) = self.quiet_hours.and_then(|q| quiet_until(q, zone, now)) {
                    self.db.hold_until(row.id, end).await?;
                    continue;
                }
            }
            if !chats.insert(row.chat_id) || self.limiter.chat_ready_at(row.chat_id) > soon {
                continue;
            }
            ids.push(row.id);
            if ids.len() >= room {
                break;
            }
        }
        let claimed = self.db.claim(&ids, now + LEASE).await?;
        self.busy.lock().expect("busy chats").extend(claimed.iter().map(|i| i.chat_id));
        Ok(claimed)
    }

    async fn deliver(&self, item: OutboxItem, mut stop: watch::Receiver<bool>) {
        let outcome = self.send(&item, &mut stop).await;
        self.busy.lock().expect("busy chats").remove(&item.chat_id);
        tracing::debug!(item = item.id, chat = item.chat_id, outcome = outcome.label(), "delivered");
        let now = self.clock.now();
        let result = match &outcome {
            Outcome::Sent => self.sent(&item, now).await,
            Outcome::Released => self.db.retry_at(item.id, now, None, false).await.map_err(Into::into),
            Outcome::Retry { at, error, answered } => {
                self.db.retry_at(item.id, *at, Some(error), *answered).await.map_err(Into::into)
            }
            Outcome::Blocked(why) => {
                let _ = self.db.mark_unreachable(item.chat_id, now).await;
                self.end(item.id, item.kind, item.chat_id, item.enquiry_id, State::Blocked, why).await
            }
            Outcome::Failed(why) => {
                tracing::warn!(item = item.id, chat = item.chat_id, error = %why, "Telegram refused a message");
                self.end(item.id, item.kind, item.chat_id, item.enquiry_id, State::Failed, why).await
            }
            Outcome::Expired => {
                self.end(item.id, item.kind, item.chat_id, item.enquiry_id, State::Dropped, &too_late(item.kind)).await
            }
            Outcome::Withdrawn => Ok(()),
        };
        if let Err(e) = result {
            tracing::error!(item = item.id, error = %e, "could not record a send");
        }
    }

    async fn sent(&self, item: &OutboxItem, now: DateTime<Utc>) -> anyhow::Result<()> {
        self.db.mark_sent(item.id, now).await?;
        if item.kind == Kind::Reply {
            self.reply_backlog.ended();
        }
        if let (Kind::Answer, Some(enquiry)) = (item.kind, item.enquiry_id) {
            self.db.clear_undelivered(enquiry).await?;
        }
        Ok(())
    }

    /// Ends an item that will not be sent. What coordinators are owed about
    /// it follows: a relay the staff group refused goes to each of them
    /// privately; an answer that cannot reach its asker is reported.
    async fn end(
        &self,
        id: i64,
        kind: Kind,
        chat: i64,
        enquiry: Option<i64>,
        state: State,
        why: &str,
    ) -> anyhow::Result<()> {
        self.db.finish(id, state, Some(why)).await?;
        if kind == Kind::Reply {
            self.reply_backlog.ended();
        }
        let Some(enquiry) = enquiry else {
            return Ok(());
        };
        let now = self.clock.now();
        match kind {
            Kind::Enquiry if !self.coordinators.contains(&chat) && state != State::Dropped => {
                tracing::warn!(item = id, chat, "the staff chat refused a relay; sending it to each coordinator");
                self.db.reroute(id, &self.coordinators, now).await?;
                self.wake.notify_one();
            }
            Kind::Enquiry => {
                tracing::error!(item = id, chat, enquiry, reason = why, "an enquiry relay could not be delivered");
                self.db.mark_undelivered(enquiry, why, now, |_| Vec::new()).await?;
            }
            Kind::Answer => {
                tracing::warn!(item = id, chat, enquiry, reason = why, "an answer could not be delivered");
                let targets: Vec<i64> = match self.staff_chat {
                    Some(staff) => vec![staff],
                    None => self.coordinators.clone(),
                };
                self.db
                    .mark_undelivered(enquiry, why, now, |e| {
                        let notice =
                            Notice::Undelivered { enquiry: e.id, asker: e.asker_name.clone(), reason: why.to_owned() };
                        targets
                            .iter()
                            .map(|&to| {
                                NewItem::now(
                                    format!("undelivered:{id}:{to}"),
                                    to,
                                    Kind::Notice,
                                    Payload::notice(notice.clone()),
                                    now,
                                )
                                .linked_to(e.id)
                            })
                            .collect()
                    })
                    .await?;
                self.wake.notify_one();
            }
            _ => {}
        }
        Ok(())
    }

    async fn send(&self, item: &OutboxItem, stop: &mut watch::Receiver<bool>) -> Outcome {
        // Put into words now, for the reader as they are now: a language or
        // zone changed while it waited applies.
        let lang = i18n::resolve(&item.reader, None, &self.default_lang);
        let zone = item.zone.unwrap_or(self.default_zone);
        let payload = item.payload.for_reader(&lang);
        let split = |text: &str| split_message(text, TELEGRAM_LIMIT);
        let labelled: Vec<Vec<Button>> = match payload {
            Payload::NoticeWithButtons { buttons, .. } => buttons
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|b| Button { label: i18n::notices::button_label(b.label, &lang), data: b.data.clone() })
                        .collect()
                })
                .collect(),
            _ => Vec::new(),
        };
        let (texts, caption): (Vec<String>, Option<String>) = match payload {
            Payload::Text { parts } => (parts.iter().flat_map(|p| split(p)).collect(), None),
            Payload::Notice(notice) | Payload::NoticeWithButtons { notice, .. } => {
                (split(&render(notice, &lang, zone, self.clock.now())), None)
            }
            Payload::Attachment { caption, .. } => (Vec::new(), Some(render(caption, &lang, zone, self.clock.now()))),
            _ => (Vec::new(), None),
        };
        let pieces: Vec<Piece<'_>> = match payload {
            Payload::Text { .. } | Payload::Notice(_) => {
                texts.iter().skip(item.parts_sent).map(|p| Piece::Text(p)).collect()
            }
            // The buttons go under the last part, where a reader ends up.
            Payload::NoticeWithButtons { .. } => {
                let last = texts.len().saturating_sub(1);
                texts
                    .iter()
                    .enumerate()
                    .skip(item.parts_sent)
                    .map(|(i, p)| if i == last { Piece::Prompt(p, &labelled) } else { Piece::Text(p) })
                    .collect()
            }
            Payload::Prompt { text, buttons } => vec![Piece::Prompt(text, buttons)],
            Payload::Attachment { kind, file_id, .. } => vec![Piece::File(*kind, file_id, caption.as_deref())],
            file => {
                let (kind, file_id, caption) = file.as_file().expect("a photo or a document");
                vec![Piece::File(kind, file_id, caption)]
            }
        };
        let thread = match self.topic_for(item).await {
            Ok(thread) => thread,
            Err(outcome) => return outcome,
        };
        let total = pieces.len() + item.parts_sent;
        for (i, piece) in pieces.iter().enumerate() {
            let part = item.parts_sent + i;
            loop {
                if item.not_after.is_some_and(|limit| limit <= self.clock.now()) {
                    return Outcome::Expired;
                }
                if *stop.borrow() {
                    return Outcome::Released;
                }
                let waiting_since = tokio::time::Instant::now();
                let pass = tokio::select! {
                    pass = self.link.enter() => pass,
                    _ = stop.changed() => return Outcome::Released,
                };
                tokio::select! {
                    _ = self.limiter.acquire(item.chat_id, Priority::Queued) => {}
                    _ = stop.changed() => return Outcome::Released,
                }
                if !self.link.still_valid(&pass) {
                    // Telegram went away while this one waited for its slot.
                    continue;
                }
                // Held for long (an outage): it may have been taken back
                // meanwhile, as a moved session's reminder is.
                if waiting_since.elapsed() > HELD_LONG {
                    match self.db.still_sending(item.id).await {
                        Ok(false) => return Outcome::Withdrawn,
                        Ok(true) => {}
                        Err(e) => tracing::warn!(item = item.id, error = %e, "could not look an item up again"),
                    }
                }
                match self.send_piece(ChatId(item.chat_id), thread, piece).await {
                    Ok(sent) => {
                        self.metrics.sent(SendResult::Sent);
                        self.link.answered(pass);
                        self.link_enquiry(item, &sent).await;
                        if part + 1 < total {
                            if let Err(e) = self.db.part_sent(item.id, part + 1).await {
                                tracing::error!(error = %e, "could not record a sent part");
                            }
                        }
                        break;
                    }
                    Err(e) => match self.counted(classify(e)) {
                        Class::TooMany(d) => {
                            self.link.answered(pass);
                            self.limiter.pause(d);
                        }
                        Class::Unreachable(error) => {
                            self.link.failed(pass, Failure::Unreachable);
                            return Outcome::Retry { at: self.clock.now(), error, answered: false };
                        }
                        Class::ServerError(error) => {
                            self.link.failed(pass, Failure::ServerError);
                            let backoff = chrono::Duration::seconds(1i64 << item.attempts.clamp(0, 6)).min(MAX_BACKOFF);
                            return Outcome::Retry { at: self.clock.now() + backoff, error, answered: true };
                        }
                        Class::Blocked(why) => {
                            self.link.answered(pass);
                            return Outcome::Blocked(why);
                        }
                        // The enquiry's topic was deleted by hand: forget
                        // it, and the next try makes a new one.
                        Class::Refused(why) if thread.is_some() && why.contains("thread not found") => {
                            self.link.answered(pass);
                            if let Some(enquiry) = item.enquiry_id {
                                tracing::warn!(enquiry, "an enquiry's topic is gone; making a new one");
                                if let Err(e) = self.db.forget_enquiry_topic(enquiry).await {
                                    tracing::error!(enquiry, error = %e, "could not forget a deleted topic");
                                }
                            }
                            return Outcome::Retry { at: self.clock.now(), error: why, answered: true };
                        }
                        Class::Refused(why) => {
                            self.link.answered(pass);
                            return Outcome::Failed(why);
                        }
                    },
                }
            }
        }
        Outcome::Sent
    }

    async fn send_piece(
        &self,
        chat: ChatId,
        thread: Option<ThreadId>,
        piece: &Piece<'_>,
    ) -> Result<Message, RequestError> {
        match piece {
            Piece::Text(text) => {
                let mut req = self.bot.send_message(chat, *text);
                req.message_thread_id = thread;
                req.await
            }
            Piece::Prompt(text, buttons) => {
                let mut req = self.bot.send_message(chat, *text).reply_markup(keyboard(buttons));
                req.message_thread_id = thread;
                req.await
            }
            Piece::File(kind, file_id, caption) => {
                send_file_in(&self.bot, chat, thread, *kind, file_id, *caption).await
            }
        }
    }

    /// Whether the staff chat is a forum, asked once. Telegram busy or
    /// unreachable: asked again at the next relay. Any other failure (the
    /// bot is not in the chat) counts as a plain group.
    async fn is_forum(&self, staff: i64) -> Result<bool, RequestError> {
        if let Some(known) = *self.forum.lock().expect("forum flag") {
            return Ok(known);
        }
        let forum = match self.bot.get_chat(ChatId(staff)).await {
            Ok(chat) => match chat.kind {
                ChatFullInfoKind::Public(p) => matches!(p.kind, ChatFullInfoPublicKind::Supergroup(s) if s.is_forum),
                ChatFullInfoKind::Private(_) => false,
            },
            Err(e) if worth_retrying(&e) => return Err(e),
            Err(e) => {
                tracing::warn!(error = %e, "could not tell whether the staff chat is a forum; treating it as a plain group");
                false
            }
        };
        if forum {
            tracing::info!(chat = staff, "the staff chat is a forum: each enquiry gets a topic of its own");
        }
        *self.forum.lock().expect("forum flag") = Some(forum);
        Ok(forum)
    }

    /// The topic an enquiry's item for a forum staff chat goes in: created
    /// before its first relay and stored at once, so a retry or a restart
    /// reuses it; reopened if the bot closed it and the enquiry is live
    /// again (a follow-up). None: post it as in a plain group — also when
    /// Telegram refuses to make a topic (the bot may not manage topics).
    /// Telegram busy or unreachable: the item waits, so the relay does not
    /// land outside its topic.
    async fn topic_for(&self, item: &OutboxItem) -> Result<Option<ThreadId>, Outcome> {
        let (Some(staff), Some(enquiry)) = (self.staff_chat, item.enquiry_id) else {
            return Ok(None);
        };
        if item.chat_id != staff {
            return Ok(None);
        }
        let later = |e: RequestError| Outcome::Retry {
            at: self.clock.now() + chrono::Duration::seconds(1i64 << item.attempts.clamp(0, 6)).min(MAX_BACKOFF),
            error: e.to_string(),
            answered: false,
        };
        if !self.is_forum(staff).await.map_err(later)? {
            return Ok(None);
        }
        let topic = match self.db.enquiry_topic(enquiry).await {
            Ok(Some(topic)) => topic,
            Ok(None) => return Ok(None),
            Err(e) => {
                tracing::error!(enquiry, error = %e, "could not read an enquiry's topic");
                return Err(Outcome::Retry { at: self.clock.now(), error: e.to_string(), answered: false });
            }
        };
        let thread_of = |t: i64| ThreadId(MessageId(t as i32));
        if let Some((chat, thread)) = topic.topic.filter(|(chat, _)| *chat == staff) {
            if topic.closed && topic.status != EnquiryStatus::Closed {
                match self.bot.reopen_forum_topic(ChatId(chat), thread_of(thread)).await {
                    Ok(_) => {}
                    Err(e) if worth_retrying(&e) => return Err(later(e)),
                    // Already open (reopened by hand): nothing to do.
                    Err(e) => tracing::info!(enquiry, error = %e, "could not reopen an enquiry's topic"),
                }
                if let Err(e) = self.db.set_topic_closed(enquiry, false).await {
                    tracing::error!(enquiry, error = %e, "could not record a reopened topic");
                }
            }
            return Ok(Some(thread_of(thread)));
        }
        let name = i18n::calendar::topic_name(&self.default_lang, enquiry, &topic.asker_name);
        match self.bot.create_forum_topic(ChatId(staff), name).await {
            Ok(created) => {
                let thread = i64::from(created.thread_id.0 .0);
                match self.db.set_enquiry_topic(enquiry, staff, thread).await {
                    Ok((_, kept)) => Ok(Some(thread_of(kept))),
                    Err(e) => {
                        tracing::error!(enquiry, error = %e, "could not store an enquiry's topic");
                        Ok(Some(thread_of(thread)))
                    }
                }
            }
            Err(e) if worth_retrying(&e) => Err(later(e)),
            Err(e) => {
                tracing::warn!(enquiry, error = %e, "Telegram would not create a topic for an enquiry; relaying it to the group's general topic");
                Ok(None)
            }
        }
    }

    /// A relay or an answer: remember which enquiry the message Telegram
    /// created belongs to, so a reply to it finds its way.
    async fn link_enquiry(&self, item: &OutboxItem, sent: &Message) {
        if let Some(enquiry) = item.enquiry_id {
            if let Err(e) = self.db.link_message(item.chat_id, i64::from(sent.id.0), enquiry).await {
                tracing::error!(item = item.id, error = %e, "could not link a sent message to its enquiry");
            }
        }
    }
}

impl Sender {
    fn counted(&self, class: Class) -> Class {
        self.metrics.sent(match class {
            Class::TooMany(_) => SendResult::TooMany,
            Class::Unreachable(_) => SendResult::Unreachable,
            Class::ServerError(_) => SendResult::ServerError,
            Class::Blocked(_) => SendResult::Blocked,
            Class::Refused(_) => SendResult::Refused,
        });
        class
    }
}

fn too_late(kind: Kind) -> String {
    match kind {
        Kind::Reminder => "too late: the session has ended".into(),
        Kind::Digest => "too late: the day it was for is over".into(),
        Kind::Reply => "too late: Telegram could not be reached in time".into(),
        _ => "too late: Telegram could not be reached for a day".into(),
    }
}

/// Inline buttons as Telegram takes them.
pub fn keyboard(buttons: &[Vec<Button>]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(
        buttons.iter().map(|row| row.iter().map(|b| InlineKeyboardButton::callback(b.label.clone(), b.data.clone()))),
    )
}

fn classify(e: RequestError) -> Class {
    match e {
        RequestError::RetryAfter(secs) => Class::TooMany(secs.duration()),
        RequestError::Api(
            api @ (ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots),
        ) => Class::Blocked(api.to_string()),
        RequestError::Api(ApiError::Unknown(desc)) if server_error(&desc) => Class::ServerError(desc),
        RequestError::Api(api) => Class::Refused(api.to_string()),
        // A front that answers something other than Telegram's JSON (an
        // HTML error page) is a server error too.
        e @ RequestError::InvalidJson { .. } => Class::ServerError(e.to_string()),
        e @ (RequestError::Network(_) | RequestError::Io(_)) => Class::Unreachable(e.to_string()),
        other => Class::Refused(other.to_string()),
    }
}

/// Sends a photo or document Telegram already has, by its file id.
pub async fn send_file(
    bot: &Bot,
    chat: ChatId,
    kind: FileKind,
    file_id: &str,
    caption: Option<&str>,
) -> Result<Message, RequestError> {
    send_file_in(bot, chat, None, kind, file_id, caption).await
}

/// [`send_file`] into a forum topic (`thread`), or the chat itself.
async fn send_file_in(
    bot: &Bot,
    chat: ChatId,
    thread: Option<ThreadId>,
    kind: FileKind,
    file_id: &str,
    caption: Option<&str>,
) -> Result<Message, RequestError> {
    let file = InputFile::file_id(file_id.to_owned().into());
    match kind {
        FileKind::Photo => {
            let mut req = bot.send_photo(chat, file);
            req.caption = caption.map(str::to_owned);
            req.message_thread_id = thread;
            req.await
        }
        FileKind::Document => {
            let mut req = bot.send_document(chat, file);
            req.caption = caption.map(str::to_owned);
            req.message_thread_id = thread;
            req.await
        }
    }
}

/// A failure that a later attempt may not meet: Telegram busy, down or
/// unreachable, as opposed to a refusal (blocked, bad request).
pub fn worth_retrying(e: &RequestError) -> bool {
    match e {
        RequestError::RetryAfter(_) | RequestError::Network(_) | RequestError::Io(_) => true,
        RequestError::InvalidJson { .. } => true,
        RequestError::Api(ApiError::Unknown(desc)) => server_error(desc),
        _ => false,
    }
}

/// Telegram's 5xx answers arrive as API errors teloxide does not know.
fn server_error(description: &str) -> bool {
    ["Bad Gateway", "Internal Server Error", "Service Unavailable", "Gateway Timeout", "restart"]
        .iter()
        .any(|s| description.contains(s))
}

/// If `now` falls in the quiet hours of `zone`, when they end.
pub fn quiet_until(q: QuietHours, zone: Zone, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let local = now.with_timezone(&zone.tz());
    if !q.contains(local.time()) {
        return None;
    }
    let mut day = local.date_naive();
    if local.time() >= q.end.time() {
        day = day.succ_opt()?;
    }
    let end = day.and_time(q.end.time());
    // An end inside a daylight-saving gap: an hour later exists.
    resolve_local(zone, end).or_else(|| resolve_local(zone, end + chrono::Duration::hours(1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn quiet_hours_end_in_the_recipients_zone() {
        let q = QuietHours::parse("22:00-07:00").unwrap();
        let karachi = Zone::parse("Asia/Karachi").unwrap();
        let at = |h, m| chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 9, h, m, 0).unwrap().to_utc();
        assert_eq!(
            quiet_until(q, karachi, at(23, 0)),
            Some(chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 10, 7, 0, 0).unwrap().to_utc())
        );
        assert_eq!(quiet_until(q, karachi, at(6, 30)), Some(at(7, 0)));
        assert_eq!(quiet_until(q, karachi, at(7, 0)), None);
        assert_eq!(quiet_until(q, karachi, at(12, 0)), None);
    }
}
