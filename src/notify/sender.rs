//! Drains the outbox: claims due items, sends them within the limiter's
//! budget, and records the outcome. 429 pauses everyone for `retry_after`;
//! network errors and 5xx retry with back-off; 403 marks the person
//! unreachable. Items in hand at a stop are finished or released.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use teloxide::prelude::*;
use teloxide::types::InputFile;
use teloxide::{ApiError, RequestError};
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;

use super::limiter::{Limiter, Priority};
use crate::clock::SharedClock;
use crate::config::resolve_local;
use crate::db::outbox::{OutboxItem, Payload};
use crate::db::Db;
use crate::domain::{FileKind, QuietHours, Zone};

/// Transient failures are retried this many times, then the item fails.
pub const MAX_ATTEMPTS: i64 = 5;
const IN_FLIGHT: usize = 64;
/// How long a stop waits for sends already under way.
const STOP_GRACE: Duration = Duration::from_secs(3);

#[derive(Clone)]
pub struct Sender {
    pub db: Db,
    pub bot: Bot,
    pub limiter: Arc<Limiter>,
    pub clock: SharedClock,
    pub quiet_hours: Option<QuietHours>,
    pub default_zone: Zone,
    /// Poked when something is queued, so it goes out without waiting for
    /// the next poll.
    pub wake: Arc<Notify>,
    /// Coordinators' private chats: where an enquiry relay goes when the
    /// staff group refuses it (the bot was removed, the group is gone).
    pub fallback_chats: Vec<i64>,
    /// Groups with a message in flight. A group takes 20 messages a minute,
    /// so more than one in flight would only sit on the budget's slots while
    /// everyone else's messages wait.
    pub busy_groups: Arc<std::sync::Mutex<std::collections::HashSet<i64>>>,
}

enum Outcome {
    Sent,
    /// Stopping before it was sent: back to the queue untouched.
    Released,
    Retry {
        at: DateTime<Utc>,
        error: String,
        counts: bool,
    },
    Blocked(String),
    Failed(String),
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Outcome::Sent => "sent",
            Outcome::Released => "released",
            Outcome::Retry { .. } => "retry",
            Outcome::Blocked(_) => "blocked",
            Outcome::Failed(_) => "failed",
        }
    }
}

impl Sender {
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        // Whatever a previous run held when it died goes back to the queue.
        match self.db.release_leases(None).await {
            Ok(n) if n > 0 => tracing::warn!(items = n, "released items a previous run was sending"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "could not release outbox leases"),
        }
        let mut in_flight: JoinSet<()> = JoinSet::new();
        loop {
            if *stop.borrow() {
                break;
            }
            // Claim no more than about a second's budget: items claimed wait
            // on the limiter, and a stop gives them back.
            let cap = IN_FLIGHT.min(self.limiter.per_second());
            let room = cap.saturating_sub(in_flight.len());
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
            tracing::debug!(claimed = claimed.len(), in_flight = in_flight.len(), "sender pass");
            for item in claimed {
                let me = self.clone();
                let stop = stop.clone();
                in_flight.spawn(async move { me.deliver(item, stop).await });
            }
            if idle || in_flight.len() >= cap {
                tokio::select! {
                    _ = self.wake.notified() => {}
                    _ = tokio::time::sleep(Duration::from_millis(200)), if idle => {}
                    Some(_) = in_flight.join_next(), if !in_flight.is_empty() => {}
                    _ = stop.changed() => {}
                }
            }
            while in_flight.try_join_next().is_some() {}
        }
        // Stopping: let sends under way finish briefly, then give the rest back.
        let _ = tokio::time::timeout(STOP_GRACE, async { while in_flight.join_next().await.is_some() {} }).await;
        in_flight.abort_all();
        while in_flight.join_next().await.is_some() {}
        if let Err(e) = self.db.release_leases(None).await {
            tracing::error!(error = %e, "could not release outbox leases at stop");
        }
    }

    /// Picks due items: unreachable people and expired reminders end here,
    /// non-urgent items inside the recipient's quiet hours wait for them to
    /// end, the rest are claimed.
    async fn claim(&self, room: usize) -> anyhow::Result<Vec<OutboxItem>> {
        let now = self.clock.now();
        let busy: Vec<i64> = self.busy_groups.lock().expect("busy groups").iter().copied().collect();
        let due = self.db.due(now, room as i64 * 2, &busy).await?;
        let mut ids = Vec::new();
        let mut groups = std::collections::HashSet::new();
        for row in due {
            if row.unreachable {
                self.db.finish(row.id, "blocked", Some("the person blocked the bot")).await?;
                continue;
            }
            if let Some(limit) = row.not_after.as_deref().map(crate::db::parse_ts).transpose()? {
                if limit <= now {
                    self.db.finish(row.id, "dropped", Some("too late: the session has ended")).await?;
                    continue;
                }
            }
            if !row.urgent {
                let zone = row.timezone.as_deref().and_then(|z| Zone::parse(z).ok()).unwrap_or(self.default_zone);
                if let Some(end) = self.quiet_hours.and_then(|q| quiet_until(q, zone, now)) {
                    self.db.hold_until(row.id, end).await?;
                    continue;
                }
            }
            if row.chat_id < 0 && !groups.insert(row.chat_id) {
                continue;
            }
            ids.push(row.id);
            if ids.len() >= room {
                break;
            }
        }
        let lease = now + chrono::Duration::minutes(5);
        let claimed = self.db.claim(&ids, lease).await?;
        self.busy_groups.lock().expect("busy groups").extend(claimed.iter().map(|i| i.chat_id).filter(|c| *c < 0));
        Ok(claimed)
    }

    async fn deliver(&self, item: OutboxItem, stop: watch::Receiver<bool>) {
        let outcome = self.send(&item, stop).await;
        if item.chat_id < 0 {
            self.busy_groups.lock().expect("busy groups").remove(&item.chat_id);
        }
        tracing::debug!(item = item.id, chat = item.chat_id, outcome = outcome.label(), "delivered");
        let now = self.clock.now();
        let result = match &outcome {
            Outcome::Sent => self.db.mark_sent(item.id, now).await,
            Outcome::Released => self.db.retry_at(item.id, now, None, false).await,
            Outcome::Retry { at, error, counts } => self.db.retry_at(item.id, *at, Some(error), *counts).await,
            Outcome::Blocked(why) => {
                let _ = self.db.mark_unreachable(item.chat_id, now).await;
                self.db.finish(item.id, "blocked", Some(why)).await
            }
            Outcome::Failed(why) => {
                tracing::warn!(item = item.id, chat = item.chat_id, error = %why, "giving up on a message");
                self.db.finish(item.id, "failed", Some(why)).await
            }
        };
        if matches!(outcome, Outcome::Blocked(_) | Outcome::Failed(_))
            && item.kind == crate::db::outbox::Kind::Enquiry.as_str()
            && !self.fallback_chats.contains(&item.chat_id)
        {
            tracing::warn!(
                item = item.id,
                chat = item.chat_id,
                "the staff chat refused a relay; sending it to each coordinator"
            );
            match self.db.reroute(item.id, &self.fallback_chats, now).await {
                Ok(()) => self.wake.notify_one(),
                Err(e) => tracing::error!(item = item.id, error = %e, "could not reroute a relay"),
            }
        }
        if let Err(e) = result {
            tracing::error!(item = item.id, error = %e, "could not record a send");
        }
    }

    /// Waits for the budget unless stopping. A send that has started is
    /// finished; one still waiting is given back.
    async fn turn(&self, chat: i64, stop: &mut watch::Receiver<bool>) -> bool {
        if *stop.borrow() {
            return false;
        }
        tokio::select! {
            _ = self.limiter.acquire(chat, Priority::Queued) => true,
            _ = stop.changed() => false,
        }
    }

    async fn send(&self, item: &OutboxItem, mut stop: watch::Receiver<bool>) -> Outcome {
        let chat = ChatId(item.chat_id);
        match &item.payload {
            Payload::Text { parts } => {
                for (i, part) in parts.iter().enumerate().skip(item.parts_sent) {
                    if !self.turn(item.chat_id, &mut stop).await {
                        return Outcome::Released;
                    }
                    match self.bot.send_message(chat, part).await {
                        Ok(sent) => self.link(item, &sent).await,
                        Err(e) => return self.classify(item, e),
                    }
                    if i + 1 < parts.len() {
                        if let Err(e) = self.db.part_sent(item.id, i + 1).await {
                            tracing::error!(error = %e, "could not record a sent part");
                        }
                    }
                }
                Outcome::Sent
            }
            file => {
                let (kind, file_id, caption) = file.as_file().expect("a photo or a document");
                if !self.turn(item.chat_id, &mut stop).await {
                    return Outcome::Released;
                }
                match send_file(&self.bot, chat, kind, file_id, caption).await {
                    Ok(sent) => {
                        self.link(item, &sent).await;
                        Outcome::Sent
                    }
                    Err(e) => self.classify(item, e),
                }
            }
        }
    }

    /// A relay or an answer: remember which enquiry the message Telegram
    /// created belongs to, so a reply to it finds its way.
    async fn link(&self, item: &OutboxItem, sent: &Message) {
        if let Some(enquiry) = item.enquiry_id {
            if let Err(e) = self.db.link_message(item.chat_id, i64::from(sent.id.0), enquiry).await {
                tracing::error!(item = item.id, error = %e, "could not link a sent message to its enquiry");
            }
        }
    }

    fn classify(&self, item: &OutboxItem, e: RequestError) -> Outcome {
        let now = self.clock.now();
        match e {
            RequestError::RetryAfter(secs) => {
                self.limiter.pause(secs.duration());
                Outcome::Retry { at: now, error: "429 Too Many Requests".into(), counts: false }
            }
            RequestError::Api(
                api @ (ApiError::BotBlocked
                | ApiError::UserDeactivated
                | ApiError::BotKicked
                | ApiError::BotKickedFromSupergroup
                | ApiError::CantInitiateConversation
                | ApiError::CantTalkWithBots),
            ) => Outcome::Blocked(api.to_string()),
            RequestError::Api(ApiError::Unknown(desc)) if transient(&desc) => self.retry(item, desc, now),
            RequestError::Api(api) => Outcome::Failed(api.to_string()),
            other @ (RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. }) => {
                self.retry(item, other.to_string(), now)
            }
            other => Outcome::Failed(other.to_string()),
        }
    }

    fn retry(&self, item: &OutboxItem, error: String, now: DateTime<Utc>) -> Outcome {
        if item.attempts >= MAX_ATTEMPTS {
            return Outcome::Failed(error);
        }
        let backoff = chrono::Duration::seconds((1i64 << item.attempts.clamp(0, 8)).min(300));
        Outcome::Retry { at: now + backoff, error, counts: true }
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
    let file = InputFile::file_id(file_id.to_owned().into());
    match kind {
        FileKind::Photo => {
            let mut req = bot.send_photo(chat, file);
            req.caption = caption.map(str::to_owned);
            req.await
        }
        FileKind::Document => {
            let mut req = bot.send_document(chat, file);
            req.caption = caption.map(str::to_owned);
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
        RequestError::Api(ApiError::Unknown(desc)) => transient(desc),
        _ => false,
    }
}

/// Telegram's 5xx answers arrive as API errors teloxide does not know.
fn transient(description: &str) -> bool {
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
