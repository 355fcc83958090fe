//! Taking updates from Telegram without losing any.
//!
//! Telegram forgets an update once the next `getUpdates` asks for a higher
//! offset — before the bot has handled it. So the poller writes each batch
//! to the database (the `inbox` table) *before* asking for the next one,
//! and the dispatcher is fed from the database, not from the network. An
//! update stays pending until its handler is done; after a crash or a stop,
//! pending ones are handled at the next start, and a redelivered one (same
//! update id) is not stored twice.
//!
//! In webhook mode Telegram pushes each update in an HTTP request and takes
//! the 200 answer as its confirmation: the webhook route (`http`) stores it
//! through the same [`Intake`] before answering, and this listener, instead
//! of polling, registers the webhook and feeds the dispatcher the same way.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::stream::{BoxStream, StreamExt};
use serde::Serialize;
use serde_json::Value;
use teloxide::prelude::*;
use teloxide::requests::{JsonRequest, Payload};
use teloxide::stop::{mk_stop_token, StopFlag, StopToken};
use teloxide::types::{AllowedUpdate, UpdateKind};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

use crate::clock::SharedClock;
use crate::db::updates::{Received, StoredUpdate};
use crate::db::{Db, DbResult};
use crate::metrics::Metrics;

/// Poll pauses while Telegram cannot be reached: short first, then at
/// most this long, so a recovery is noticed soon.
const MAX_POLL_PAUSE: Duration = Duration::from_secs(5);
/// Updates handed straight to the dispatcher at most; past that (a flood
/// the handlers cannot keep up with) they are read back from the inbox.
const HANDOFF_CAP: usize = 1000;

/// `getUpdates` with the updates kept as Telegram sent them: the raw JSON
/// is what the inbox stores.
#[derive(Serialize)]
struct GetRawUpdates {
    offset: i64,
    timeout: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    allowed_updates: Vec<AllowedUpdate>,
}

impl Payload for GetRawUpdates {
    type Output = Vec<Value>;
    const NAME: &'static str = "GetUpdates";

    fn timeout_hint(&self) -> Option<Duration> {
        Some(Duration::from_secs(self.timeout.into()))
    }
}

/// Who sent an update: the `from` (or `user`) of whatever it carries.
fn sender_of(update: &Value) -> Option<i64> {
    update
        .as_object()?
        .iter()
        .filter(|(k, _)| *k != "update_id")
        .find_map(|(_, v)| v.get("from").or_else(|| v.get("user"))?.get("id")?.as_i64())
}

/// Updates just stored, on their way to the dispatcher without a trip back
/// through the database (the inbox is read back only at start-up and after
/// an overflow).
#[derive(Default)]
struct Handoff {
    stored: VecDeque<StoredUpdate>,
    overflowed: bool,
}

/// Where updates are written as they arrive, polled or pushed, and how the
/// dispatcher's feed hears of them. One per app, shared by every listener
/// it starts and by the webhook route.
#[derive(Clone)]
pub struct Intake {
    db: Db,
    clock: SharedClock,
    handoff: Arc<Mutex<Handoff>>,
    wake: Arc<Notify>,
    metrics: Arc<Metrics>,
}

impl Intake {
    pub fn new(db: Db, clock: SharedClock, metrics: Arc<Metrics>) -> Self {
        Self { db, clock, handoff: Arc::default(), wake: Arc::new(Notify::new()), metrics }
    }

    /// Stores updates as Telegram sent them (raw JSON); ids already known
    /// are not stored again. Only once this returns Ok may they be
    /// confirmed to Telegram. Returns how many were new.
    pub async fn store(&self, updates: &[Value]) -> DbResult<usize> {
        let received: Vec<Received> = updates
            .iter()
            .filter_map(|u| {
                Some(Received { update_id: u["update_id"].as_i64()?, user_id: sender_of(u), payload: u.to_string() })
            })
            .collect();
        if received.is_empty() {
            return Ok(0);
        }
        let new = self.db.store_updates(&received, self.clock.now()).await?;
        let count = new.len();
        {
            let mut handoff = self.handoff.lock().expect("handoff");
            for i in new {
                if handoff.stored.len() >= HANDOFF_CAP {
                    handoff.overflowed = true;
                    break;
                }
                let r = &received[i];
                handoff.stored.push_back(StoredUpdate { update_id: r.update_id, payload: r.payload.clone() });
            }
        }
        self.wake.notify_one();
        Ok(count)
    }
}

/// How updates reach the intake.
pub enum Source {
    /// `getUpdates`, holding each call open this long.
    Polling { timeout: Duration },
    /// Telegram posts to this URL with this secret; the route is served by
    /// `http`, the listener only registers it.
    Webhook { url: url::Url, secret: String },
}

struct Poller {
    bot: Bot,
    intake: Intake,
    source: Source,
    allowed: Vec<AllowedUpdate>,
    stop: watch::Receiver<bool>,
}

impl Poller {
    async fn run(self) {
        match &self.source {
            Source::Polling { timeout } => {
                let timeout = *timeout;
                self.poll(timeout).await
            }
            Source::Webhook { url, secret } => {
                let (url, secret) = (url.clone(), secret.clone());
                self.register_webhook(url, secret).await
            }
        }
    }

    /// Asks Telegram to push updates, retrying until it agrees. Nothing
    /// pending is dropped: what waited while the bot was down (or polling)
    /// is delivered to the webhook.
    async fn register_webhook(mut self, url: url::Url, secret: String) {
        let mut pause = Duration::from_millis(500);
        loop {
            let request = self
                .bot
                .set_webhook(url.clone())
                .secret_token(secret.clone())
                .allowed_updates(self.allowed.clone())
                .drop_pending_updates(false);
            match request.await {
                Ok(_) => {
                    self.intake.metrics.telegram_ok.beat();
                    tracing::info!(url = %url, "webhook registered; Telegram pushes updates");
                    return;
                }
                Err(e) => tracing::warn!(error = %e, retry_in = ?pause, "could not register the webhook; retrying"),
            }
            if self.sleep(pause).await {
                return;
            }
            pause = (pause * 2).min(MAX_POLL_PAUSE);
        }
    }

    /// Polls until stopped. A batch is stored before the next call, whose
    /// higher offset is what confirms it to Telegram.
    async fn poll(mut self, timeout: Duration) {
        let mut pause = Duration::from_millis(500);
        let mut failing = false;
        // Polling and a webhook exclude each other.
        while let Err(e) = self.bot.delete_webhook().await {
            tracing::warn!(error = %e, retry_in = ?pause, "could not remove a webhook before polling");
            if self.sleep(pause).await {
                return;
            }
            pause = (pause * 2).min(MAX_POLL_PAUSE);
        }
        let mut offset = 0;
        loop {
            let request = JsonRequest::new(
                self.bot.clone(),
                GetRawUpdates { offset, timeout: timeout.as_secs() as u32, allowed_updates: self.allowed.clone() },
            );
            let answer = tokio::select! {
                answer = request.send() => answer,
                _ = crate::stop::requested(&mut self.stop) => return,
            };
            let updates = match answer {
                Ok(updates) => updates,
                Err(e) => {
                    if failing {
                        tracing::debug!(error = %e, retry_in = ?pause, "getting updates failed again");
                    } else {
                        tracing::warn!(error = %e, retry_in = ?pause, "getting updates failed; retrying");
                        failing = true;
                    }
                    if self.sleep(pause).await {
                        return;
                    }
                    pause = (pause * 2).min(MAX_POLL_PAUSE);
                    continue;
                }
            };
            self.intake.metrics.telegram_ok.beat();
            if failing {
                tracing::info!("getting updates again");
                failing = false;
            }
            pause = Duration::from_millis(500);
            let Some(last) = updates.iter().filter_map(|u| u["update_id"].as_i64()).max() else {
                continue;
            };
            // Not confirmed (the offset stays) until it is stored.
            match self.intake.store(&updates).await {
                Ok(_) => offset = last + 1,
                Err(e) => {
                    tracing::error!(error = %e, "could not store updates; Telegram will hand them over again");
                    if self.sleep(Duration::from_secs(1)).await {
                        return;
                    }
                }
            }
        }
    }

    /// Sleeps; true if told to stop meanwhile.
    async fn sleep(&mut self, d: Duration) -> bool {
        let stopped = tokio::select! {
            _ = tokio::time::sleep(d) => false,
            _ = crate::stop::requested(&mut self.stop) => true,
        };
        stopped || *self.stop.borrow()
    }
}

/// The dispatcher's update listener: polls in the background into the
/// inbox and yields pending updates from it, oldest first.
pub struct InboxListener {
    poller: Option<Poller>,
    feed: Option<Feed>,
    token: StopToken,
}

impl InboxListener {
    pub fn new(bot: Bot, intake: Intake, source: Source, stop: watch::Receiver<bool>) -> Self {
        let (token, flag) = mk_stop_token();
        let feed = Feed {
            db: intake.db.clone(),
            clock: intake.clock.clone(),
            handoff: intake.handoff.clone(),
            wake: intake.wake.clone(),
            stop: stop.clone(),
            flag,
            last: 0,
            caught_up: false,
            ready: VecDeque::new(),
            poller: None,
        };
        let poller = Poller { bot, intake, source, allowed: Vec::new(), stop };
        Self { poller: Some(poller), feed: Some(feed), token }
    }
}

impl UpdateListener for InboxListener {
    type Err = Infallible;

    fn stop_token(&mut self) -> StopToken {
        self.token.clone()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        if let Some(p) = &mut self.poller {
            p.allowed = hint.collect();
        }
    }
}

impl<'a> AsUpdateStream<'a> for InboxListener {
    type StreamErr = Infallible;
    type Stream = BoxStream<'a, Result<Update, Infallible>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let mut feed = self.feed.take().expect("an inbox listener is listened to once");
        if let Some(poller) = self.poller.take() {
            feed.poller = Some(PollerTask(tokio::spawn(poller.run())));
        }
        futures::stream::unfold(feed, |mut feed| async move { feed.next().await.map(|u| (Ok(u), feed)) }).boxed()
    }
}

/// Ends the poller with the stream that started it.
struct PollerTask(JoinHandle<()>);

impl Drop for PollerTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

struct Feed {
    db: Db,
    clock: SharedClock,
    handoff: Arc<Mutex<Handoff>>,
    wake: Arc<Notify>,
    stop: watch::Receiver<bool>,
    flag: StopFlag,
    /// The highest update id yielded so far: nothing at or below it is
    /// yielded again.
    last: i64,
    /// Whether everything pending in the inbox has been read; until then
    /// (start-up, an overflow) the inbox is read rather than the handoff.
    caught_up: bool,
    ready: VecDeque<Update>,
    poller: Option<PollerTask>,
}

impl Feed {
    /// Parses a stored update into the ready queue. One of a kind this
    /// version does not know is marked handled: nothing could handle it.
    async fn take(&mut self, row: StoredUpdate) {
        match serde_json::from_str::<Update>(&row.payload) {
            Ok(u) if !matches!(u.kind, UpdateKind::Error(_)) => self.ready.push_back(u),
            parsed => {
                tracing::warn!(
                    update_id = row.update_id,
                    error = ?parsed.err(),
                    "an update of a kind this version does not know is skipped"
                );
                if let Err(e) = self.db.finish_update(row.update_id, None, self.clock.now()).await {
                    tracing::error!(error = %e, "could not mark an update handled");
                }
            }
        }
    }

    /// The next pending update; None once stopping (what is still pending
    /// stays for the next start).
    async fn next(&mut self) -> Option<Update> {
        loop {
            if *self.stop.borrow() || self.flag.is_stopped() {
                return None;
            }
            if let Some(u) = self.ready.pop_front() {
                return Some(u);
            }
            let wake = self.wake.clone();
            let stored = wake.notified();
            tokio::pin!(stored);
            stored.as_mut().enable();
            let rows = if self.caught_up {
                let mut handoff = self.handoff.lock().expect("handoff");
                if std::mem::take(&mut handoff.overflowed) {
                    self.caught_up = false;
                }
                handoff.stored.drain(..).collect::<Vec<_>>()
            } else {
                match self.db.pending_updates(self.last, 100).await {
                    Ok(rows) if rows.is_empty() => {
                        // Caught up: from now on the handoff, drained at once.
                        self.caught_up = true;
                        continue;
                    }
                    Ok(rows) => rows,
                    Err(e) => {
                        tracing::error!(error = %e, "could not read the inbox");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                }
            };
            if !rows.is_empty() {
                for row in rows {
                    if row.update_id > self.last {
                        self.last = row.update_id;
                        self.take(row).await;
                    }
                }
                continue;
            }
            tokio::select! {
                _ = &mut stored => {}
                _ = crate::stop::requested(&mut self.stop) => {}
                _ = &mut self.flag => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sender_of_an_update_is_found_whatever_it_carries() {
        let msg = serde_json::json!({"update_id": 5, "message": {"from": {"id": 42}, "chat": {"id": 42}}});
        assert_eq!(sender_of(&msg), Some(42));
        let tap = serde_json::json!({"update_id": 6, "callback_query": {"id": "x", "from": {"id": 7}}});
        assert_eq!(sender_of(&tap), Some(7));
        let channel = serde_json::json!({"update_id": 7, "channel_post": {"chat": {"id": -100}}});
        assert_eq!(sender_of(&channel), None);
    }
}
