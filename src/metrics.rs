//! What the running bot counts about itself, for `/metrics` and `/healthz`.
//!
//! Counters live here (one registry per app, so tests running several apps
//! in one process never mix their numbers); gauges that describe the
//! database (the outbox, enquiries, registrations) are read from it at
//! scrape time by `http`. Liveness stamps are monotonic instants
//! (`tokio::time::Instant`), never the wall clock: a clock that jumps must
//! not make a healthy loop look dead.

use std::sync::Mutex;

use prometheus::{IntCounterVec, Opts, Registry};
use tokio::time::Instant;

/// What became of one call that sends a message, as the sender saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendResult {
    Sent,
    /// 429: Telegram asked to slow down.
    TooMany,
    /// 5xx, or an answer that was not Telegram's JSON.
    ServerError,
    /// 403: blocked, deactivated, kicked.
    Blocked,
    /// Any other refusal (400…).
    Refused,
    /// No answer at all.
    Unreachable,
}

impl SendResult {
    fn label(self) -> &'static str {
        match self {
            SendResult::Sent => "sent",
            SendResult::TooMany => "too_many_requests",
            SendResult::ServerError => "server_error",
            SendResult::Blocked => "blocked",
            SendResult::Refused => "refused",
            SendResult::Unreachable => "unreachable",
        }
    }
}

/// A loop's last sign of life.
#[derive(Default)]
pub struct Heartbeat(Mutex<Option<Instant>>);

impl Heartbeat {
    pub fn beat(&self) {
        *self.0.lock().expect("heartbeat") = Some(Instant::now());
    }

    /// When it last beat; None if the loop never ran.
    pub fn last(&self) -> Option<Instant> {
        *self.0.lock().expect("heartbeat")
    }
}

/// What became of one call to the webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookResult {
    Stored,
    /// Already in the inbox (Telegram redelivered it).
    Duplicate,
    /// Without the right secret.
    Refused,
    /// Not an update.
    BadRequest,
    /// Could not be stored; Telegram delivers it again.
    Failed,
}

impl WebhookResult {
    fn label(self) -> &'static str {
        match self {
            WebhookResult::Stored => "stored",
            WebhookResult::Duplicate => "duplicate",
            WebhookResult::Refused => "refused",
            WebhookResult::BadRequest => "bad_request",
            WebhookResult::Failed => "failed",
        }
    }
}

pub struct Metrics {
    registry: Registry,
    sends: IntCounterVec,
    webhook: IntCounterVec,
    /// When a refused webhook call was last logged (at most one a minute:
    /// someone probing the URL must not flood the log).
    pub refusal_logged: Heartbeat,
    /// Each turn of the sender's loop.
    pub sender: Heartbeat,
    /// Each scheduler tick that completed (and the loop's start).
    pub scheduler: Heartbeat,
    /// The last call Telegram answered with success (a send, getUpdates,
    /// getMe, setWebhook).
    pub telegram_ok: Heartbeat,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let sends = IntCounterVec::new(
            Opts::new(
                "copes_telegram_sends_total",
                "Calls that send a message, by result (sent, too_many_requests = 429, server_error = 5xx, \
                 blocked = 403, refused, unreachable)",
            ),
            &["result"],
        )
        .expect("a well-formed metric");
        registry.register(Box::new(sends.clone())).expect("registered once");
        // Every result shows from the start, at zero: a rate over a series
        // that appears only with its first event misses that event.
        for r in [
            SendResult::Sent,
            SendResult::TooMany,
            SendResult::ServerError,
            SendResult::Blocked,
            SendResult::Refused,
            SendResult::Unreachable,
        ] {
            sends.with_label_values(&[r.label()]);
        }
        let webhook = IntCounterVec::new(
            Opts::new(
                "copes_webhook_calls_total",
                "Calls to the webhook, by result (stored, duplicate, refused, bad_request, failed)",
            ),
            &["result"],
        )
        .expect("a well-formed metric");
        registry.register(Box::new(webhook.clone())).expect("registered once");
        Self {
            registry,
            sends,
            webhook,
            refusal_logged: Heartbeat::default(),
            sender: Heartbeat::default(),
            scheduler: Heartbeat::default(),
            telegram_ok: Heartbeat::default(),
        }
    }

    pub fn sent(&self, result: SendResult) {
        self.sends.with_label_values(&[result.label()]).inc();
        if result == SendResult::Sent {
            self.telegram_ok.beat();
        }
    }

    pub fn webhook_call(&self, result: WebhookResult) {
        self.webhook.with_label_values(&[result.label()]).inc();
    }

    /// The counters in Prometheus' text format.
    pub fn render_counters(&self) -> String {
        let mut out = String::new();
        if let Err(e) = prometheus::TextEncoder::new().encode_utf8(&self.registry.gather(), &mut out) {
            tracing::error!(error = %e, "could not render the counters");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_render_in_prometheus_text_with_every_result_from_zero() {
        let m = Metrics::new();
        m.sent(SendResult::TooMany);
        m.sent(SendResult::Sent);
        m.sent(SendResult::Sent);
        let text = m.render_counters();
        assert!(text.contains("# TYPE copes_telegram_sends_total counter"), "{text}");
        assert!(text.contains("copes_telegram_sends_total{result=\"sent\"} 2"), "{text}");
        assert!(text.contains("copes_telegram_sends_total{result=\"too_many_requests\"} 1"), "{text}");
        assert!(text.contains("copes_telegram_sends_total{result=\"blocked\"} 0"), "{text}");
        assert!(m.telegram_ok.last().is_some());
    }
}
