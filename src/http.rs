//! The bot's own HTTP: `/healthz` and `/metrics` on `HTTP_LISTEN`, and
//! Telegram's webhook on `WEBHOOK_LISTEN` (one server when both are the
//! same address). Both are off by default.
//!
//! The webhook is a route of ours rather than teloxide's `webhooks-axum`
//! listener: that one answers 200 as soon as the update is in a channel in
//! memory, and Telegram forgets an update once it has its 200. Here the
//! update is written to the inbox first (SPEC §2: stored before it is
//! confirmed) and only then answered; the dispatcher is fed from the inbox
//! as with polling, so a redelivered update id has one effect.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::clock::SharedClock;
use crate::db::Db;
use crate::inbox::Intake;
use crate::metrics::{Metrics, WebhookResult};
use crate::settings::HttpSettings;

/// A loop that has shown no sign of life for this long is stuck: the
/// sender turns at least every 200 ms when idle, the scheduler ticks every
/// few seconds. Generous, so a slow disk or a long GC of the host never
/// gets a healthy bot restarted.
pub const STALE_AFTER: Duration = Duration::from_secs(120);
/// How long `/healthz` waits for the database before calling it gone.
const DB_TIMEOUT: Duration = Duration::from_secs(5);
/// Telegram's header carrying the webhook's secret token.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The sockets, bound at start-up so a port in use is an error before
/// anything else happens, not a log line later.
pub struct Listeners {
    bound: Vec<Bound>,
}

struct Bound {
    listener: TcpListener,
    status: bool,
    webhook: bool,
}

impl Listeners {
    pub async fn bind(settings: &HttpSettings) -> anyhow::Result<Self> {
        let mut bound = Vec::new();
        let webhook = settings.webhook.as_ref().map(|w| w.listen);
        if let Some(addr) = settings.listen {
            let listener =
                TcpListener::bind(addr).await.with_context(|| format!("cannot listen on HTTP_LISTEN={addr}"))?;
            // The same address for both: one server serves every route.
            let shared = webhook == Some(addr);
            bound.push(Bound { listener, status: true, webhook: shared });
        }
        if let Some(addr) = webhook.filter(|a| Some(*a) != settings.listen) {
            let listener =
                TcpListener::bind(addr).await.with_context(|| format!("cannot listen on WEBHOOK_LISTEN={addr}"))?;
            bound.push(Bound { listener, status: false, webhook: true });
        }
        Ok(Self { bound })
    }

    /// Nothing bound (what is left once the servers have been started).
    pub fn none() -> Self {
        Self { bound: Vec::new() }
    }

    fn addr(&self, pick: impl Fn(&Bound) -> bool) -> Option<SocketAddr> {
        self.bound.iter().find(|b| pick(b)).and_then(|b| b.listener.local_addr().ok())
    }

    /// Where `/healthz` and `/metrics` are served, once bound.
    pub fn status_addr(&self) -> Option<SocketAddr> {
        self.addr(|b| b.status)
    }

    /// Where the webhook is served, once bound.
    pub fn webhook_addr(&self) -> Option<SocketAddr> {
        self.addr(|b| b.webhook)
    }

    /// Serves until a stop is asked for; requests under way are finished.
    pub fn serve(self, state: HttpState, stop: watch::Receiver<bool>) -> Vec<JoinHandle<()>> {
        self.bound
            .into_iter()
            .map(|b| {
                let mut router = Router::new();
                if b.status {
                    router = router.route("/healthz", get(healthz)).route("/metrics", get(metrics));
                }
                if b.webhook {
                    if let Some(hook) = &state.webhook {
                        router = router.route(&hook.path, post(webhook));
                    }
                }
                let router = router.with_state(state.clone());
                let mut stop = stop.clone();
                let addr = b.listener.local_addr().ok();
                tracing::info!(?addr, status = b.status, webhook = b.webhook, "serving HTTP");
                tokio::spawn(async move {
                    let shutdown = async move { crate::stop::requested(&mut stop).await };
                    if let Err(e) = axum::serve(b.listener, router).with_graceful_shutdown(shutdown).await {
                        tracing::error!(error = %e, ?addr, "the HTTP server failed");
                    }
                })
            })
            .collect()
    }
}

/// The webhook's route and the secret Telegram must present.
#[derive(Clone)]
pub struct Hook {
    pub path: String,
    pub secret: Arc<str>,
}

#[derive(Clone)]
pub struct HttpState {
    pub db: Db,
    pub clock: SharedClock,
    pub metrics: Arc<Metrics>,
    pub intake: Intake,
    pub webhook: Option<Hook>,
    pub stopping: watch::Receiver<bool>,
}

/// What `/healthz` found.
#[derive(Debug)]
pub struct Health {
    pub healthy: bool,
    pub report: String,
}

/// The verdict from what was observed, at `now`: the database must answer,
/// the sender and the scheduler must have shown life within
/// [`STALE_AFTER`]. Telegram's last answer is reported, not judged: when
/// Telegram is unreachable a restart cannot help, and the bot already
/// retries on its own.
pub fn judge(
    now: Instant,
    database: Result<(), String>,
    sender: Option<Instant>,
    scheduler: Option<Instant>,
    telegram: Option<Instant>,
) -> Health {
    let mut healthy = true;
    let mut lines = Vec::new();
    match database {
        Ok(()) => lines.push("database: ok".to_owned()),
        Err(e) => {
            healthy = false;
            lines.push(format!("database: not answering ({e})"));
        }
    }
    for (name, beat) in [("sender", sender), ("scheduler", scheduler)] {
        match beat.map(|t| now.saturating_duration_since(t)) {
            Some(age) if age <= STALE_AFTER => lines.push(format!("{name}: ok, last active {}s ago", age.as_secs())),
            Some(age) => {
                healthy = false;
                lines.push(format!("{name}: stalled, last active {}s ago", age.as_secs()));
            }
            None => {
                healthy = false;
                lines.push(format!("{name}: not running"));
            }
        }
    }
    lines.push(match telegram {
        Some(t) => format!("telegram: last successful call {}s ago", now.saturating_duration_since(t).as_secs()),
        None => "telegram: no successful call yet".to_owned(),
    });
    let head = if healthy { "ok" } else { "unhealthy" };
    Health { healthy, report: format!("{head}\n{}\n", lines.join("\n")) }
}

async fn healthz(State(s): State<HttpState>) -> Response {
    let database = match tokio::time::timeout(DB_TIMEOUT, s.db.ping()).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {}s", DB_TIMEOUT.as_secs())),
    };
    let m = &s.metrics;
    let health = judge(Instant::now(), database, m.sender.last(), m.scheduler.last(), m.telegram_ok.last());
    let status = if health.healthy { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], health.report).into_response()
}

async fn metrics(State(s): State<HttpState>) -> Response {
    let mut out = s.metrics.render_counters();
    let now = s.clock.now();
    let age = |t: DateTime<Utc>| (now - t).num_milliseconds().max(0) as f64 / 1000.0;
    let mut gauge = |name: &str, help: &str, samples: Vec<(String, f64)>| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
        for (labels, value) in samples {
            let _ = writeln!(out, "{name}{labels} {value}");
        }
    };
    if let Some(t) = s.metrics.telegram_ok.last() {
        gauge(
            "copes_telegram_last_success_age_seconds",
            "Seconds since Telegram last answered a call with success",
            vec![(String::new(), Instant::now().saturating_duration_since(t).as_secs_f64())],
        );
    }
    match s.db.gauges().await {
        Ok(g) => {
            gauge("copes_database_up", "Whether the database answered this scrape", vec![(String::new(), 1.0)]);
            gauge(
                "copes_outbox_items",
                "Outbox items by state and kind",
                g.outbox.iter().map(|(st, k, n)| (labels(&[("state", st), ("kind", k)]), *n as f64)).collect(),
            );
            gauge(
                "copes_enquiries_open",
                "Enquiries waiting for an answer",
                vec![(String::new(), g.enquiries_open as f64)],
            );
            gauge(
                "copes_enquiry_oldest_open_age_seconds",
                "How long the oldest open enquiry has waited (0: none open)",
                vec![(String::new(), g.oldest_open_enquiry.map_or(0.0, age))],
            );
            gauge(
                "copes_registrations",
                "Registrations by course and status",
                g.registrations
                    .iter()
                    .map(|(c, st, n)| (labels(&[("course", c), ("status", st)]), *n as f64))
                    .collect(),
            );
            gauge(
                "copes_inbox_pending_updates",
                "Updates received from Telegram and not yet handled",
                vec![(String::new(), g.inbox_pending as f64)],
            );
            gauge(
                "copes_update_lag_seconds",
                "How long the oldest unhandled update has waited (0: none)",
                vec![(String::new(), g.oldest_pending_update.map_or(0.0, age))],
            );
        }
        Err(e) => {
            tracing::warn!(error = %e, "metrics: the database did not answer");
            gauge("copes_database_up", "Whether the database answered this scrape", vec![(String::new(), 0.0)]);
        }
    }
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], out).into_response()
}

/// `{a="x",b="y"}`, values escaped as the text format wants.
fn labels(pairs: &[(&str, &str)]) -> String {
    let escaped: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")))
        .collect();
    format!("{{{}}}", escaped.join(","))
}

/// Equal without telling, by its timing, how much of a guess was right.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

async fn webhook(State(s): State<HttpState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(hook) = &s.webhook else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers.get(SECRET_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if !same_secret(given, hook.secret.as_bytes()) {
        s.metrics.webhook_call(WebhookResult::Refused);
        if s.metrics.refusal_logged.last().is_some_and(|t| t.elapsed() < Duration::from_secs(60)) {
            return StatusCode::UNAUTHORIZED.into_response();
        }
        s.metrics.refusal_logged.beat();
        tracing::warn!(
            with_header = headers.contains_key(SECRET_HEADER),
            "a webhook call without the right secret was refused (more within a minute are only counted)"
        );
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if *s.stopping.borrow() {
        // Not confirmed: Telegram delivers it again after the restart.
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let update: Value = match serde_json::from_slice(&body) {
        Ok(v @ Value::Object(_)) if v["update_id"].is_i64() => v,
        _ => {
            s.metrics.webhook_call(WebhookResult::BadRequest);
            return (StatusCode::BAD_REQUEST, "not a Telegram update").into_response();
        }
    };
    // Stored before the 200 that confirms it to Telegram.
    match s.intake.store(std::slice::from_ref(&update)).await {
        Ok(new) => {
            s.metrics.telegram_ok.beat();
            s.metrics.webhook_call(if new == 1 { WebhookResult::Stored } else { WebhookResult::Duplicate });
            StatusCode::OK.into_response()
        }
        Err(e) => {
            s.metrics.webhook_call(WebhookResult::Failed);
            tracing::error!(error = %e, "could not store a pushed update; Telegram will deliver it again");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stalled_sender_or_scheduler_is_unhealthy_and_named() {
        let start = Instant::now();
        let now = start + Duration::from_secs(600);
        let fresh = Some(now - Duration::from_secs(1));
        let stale = Some(now - STALE_AFTER - Duration::from_secs(1));
        assert!(judge(now, Ok(()), fresh, fresh, None).healthy);
        let h = judge(now, Ok(()), stale, fresh, fresh);
        assert!(!h.healthy && h.report.contains("sender: stalled"), "{}", h.report);
        let h = judge(now, Ok(()), fresh, None, fresh);
        assert!(!h.healthy && h.report.contains("scheduler: not running"), "{}", h.report);
        let h = judge(now, Err("closed".into()), fresh, fresh, fresh);
        assert!(!h.healthy && h.report.contains("database: not answering (closed)"), "{}", h.report);
    }

    #[test]
    fn telegram_being_away_is_reported_but_not_a_reason_to_restart() {
        let now = Instant::now() + Duration::from_secs(7200);
        let fresh = Some(now);
        let h = judge(now, Ok(()), fresh, fresh, Some(now - Duration::from_secs(3600)));
        assert!(h.healthy);
        assert!(h.report.contains("telegram: last successful call 3600s ago"), "{}", h.report);
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(labels(&[("course", "A\"B"), ("status", "x")]), r#"{course="A\"B",status="x"}"#);
    }
}
