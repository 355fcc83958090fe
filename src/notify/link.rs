//! Whether Telegram can be reached at all, as the sender has seen it.
//!
//! When sends fail because Telegram is unreachable (the connection is
//! refused or reset, or it answers nothing but 5xx), trying every queued
//! item would only burn their attempts and flood Telegram the moment it is
//! back. So the link goes *down*: senders wait, and one probe at a time —
//! a real message — tries again after a growing pause (capped at a few
//! seconds, so recovery is noticed quickly). The first answer from Telegram
//! brings the link back up and everyone resumes at the paced rate.

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// Consecutive 5xx answers before the link counts as down. A lone 5xx is
/// one item's bad luck; three in a row with nothing in between is Telegram.
const SERVER_ERRORS_FOR_DOWN: u32 = 3;
/// The pause before the n-th probe: short at first (a blip), at most a few
/// seconds (the sooner a recovery is seen, the sooner everyone is served).
const PROBE_PAUSES: [Duration; 5] = [
    Duration::from_millis(250),
    Duration::from_millis(500),
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer at all: refused, reset, timed out.
    Unreachable,
    /// Telegram (or its front) answered 5xx.
    ServerError,
}

pub struct Link {
    state: Mutex<State>,
    changed: Notify,
}

#[derive(Default)]
struct State {
    /// Set while down.
    down_since: Option<Instant>,
    failures: u32,
    probe_out: bool,
    next_probe: Option<Instant>,
    /// The last time Telegram answered anything.
    last_answer: Option<Instant>,
}

/// Leave to send. A probe's leave, when dropped without an outcome (a stop),
/// lets the next probe go.
pub struct Pass<'a> {
    link: &'a Link,
    probe: bool,
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        if self.probe {
            self.link.state.lock().expect("link").probe_out = false;
            self.link.changed.notify_waiters();
        }
    }
}

impl Pass<'_> {
    pub fn is_probe(&self) -> bool {
        self.probe
    }
}

impl Default for Link {
    fn default() -> Self {
        Self::new()
    }
}

impl Link {
    pub fn new() -> Self {
        Self { state: Mutex::new(State::default()), changed: Notify::new() }
    }

    pub fn is_up(&self) -> bool {
        self.state.lock().expect("link").down_since.is_none()
    }

    /// How long Telegram has been unreachable, if it is.
    pub fn down_for(&self) -> Option<Duration> {
        self.state.lock().expect("link").down_since.map(|t| t.elapsed())
    }

    /// Whether nothing is out probing and the next probe is due: the sender
    /// then takes one item to probe with.
    pub fn probe_due(&self) -> bool {
        let s = self.state.lock().expect("link");
        s.down_since.is_some() && !s.probe_out && s.next_probe.is_none_or(|t| t <= Instant::now())
    }

    /// When the next probe may go (None when up or already out).
    pub fn next_probe(&self) -> Option<Instant> {
        let s = self.state.lock().expect("link");
        (s.down_since.is_some() && !s.probe_out).then(|| s.next_probe.unwrap_or_else(Instant::now))
    }

    /// Waits for leave to send: at once while up; while down, until this
    /// sender may probe.
    pub async fn enter(&self) -> Pass<'_> {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let wait = {
                let mut s = self.state.lock().expect("link");
                if s.down_since.is_none() {
                    return Pass { link: self, probe: false };
                }
                let now = Instant::now();
                match s.next_probe {
                    _ if s.probe_out => None,
                    Some(at) if at > now => Some(at - now),
                    _ => {
                        s.probe_out = true;
                        return Pass { link: self, probe: true };
                    }
                }
            };
            match wait {
                Some(d) => {
                    tokio::select! {
                        _ = tokio::time::sleep(d) => {}
                        _ = &mut changed => {}
                    }
                }
                None => changed.await,
            }
        }
    }

    /// Whether a pass taken earlier still holds: a probe always does; an
    /// ordinary pass only while the link is up.
    pub fn still_valid(&self, pass: &Pass<'_>) -> bool {
        pass.probe || self.is_up()
    }

    /// Telegram answered (anything but a 5xx).
    pub fn answered(&self, pass: Pass<'_>) {
        let was_down = {
            let mut s = self.state.lock().expect("link");
            let was_down = s.down_since.take();
            s.failures = 0;
            s.next_probe = None;
            s.last_answer = Some(Instant::now());
            was_down
        };
        drop(pass);
        if let Some(since) = was_down {
            tracing::info!(down_for = ?since.elapsed(), "Telegram answers again; sending resumes");
        }
        self.changed.notify_waiters();
    }

    pub fn failed(&self, pass: Pass<'_>, failure: Failure) {
        {
            let mut s = self.state.lock().expect("link");
            s.failures += 1;
            if failure == Failure::ServerError {
                s.last_answer = Some(Instant::now());
            }
            let down =
                s.down_since.is_some() || failure == Failure::Unreachable || s.failures >= SERVER_ERRORS_FOR_DOWN;
            if down {
                if s.down_since.is_none() {
                    tracing::warn!(?failure, "Telegram cannot be reached; pausing sends and probing");
                    s.down_since = Some(Instant::now());
                }
                let pause = PROBE_PAUSES[(s.failures.saturating_sub(1) as usize).min(PROBE_PAUSES.len() - 1)];
                s.next_probe = Some(Instant::now() + pause);
            }
        }
        drop(pass);
        self.changed.notify_waiters();
    }

    /// Completes when the link's state changes (up, down, probe back).
    pub async fn changed(&self) {
        self.changed.notified().await
    }

    /// When Telegram last answered anything (for health reports).
    pub fn last_answer(&self) -> Option<Instant> {
        self.state.lock().expect("link").last_answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn while_down_one_probe_at_a_time_goes_and_an_answer_reopens() {
        let link = Link::new();
        let p = link.enter().await;
        assert!(!p.is_probe());
        link.failed(p, Failure::Unreachable);
        assert!(!link.is_up());
        let t = Instant::now();
        let probe = link.enter().await;
        assert!(probe.is_probe());
        assert!(Instant::now() - t >= PROBE_PAUSES[0], "the first probe waits a moment");
        // A second sender waits while the probe is out…
        let second = tokio::time::timeout(Duration::from_secs(10), link.enter()).await;
        assert!(second.is_err(), "no second probe while one is out");
        // …and goes as soon as it succeeds.
        link.answered(probe);
        assert!(link.is_up());
        let p = tokio::time::timeout(Duration::from_millis(1), link.enter()).await.expect("up again");
        assert!(!p.is_probe());
    }

    #[tokio::test(start_paused = true)]
    async fn probes_back_off_to_a_few_seconds_at_most() {
        let link = Link::new();
        let p = link.enter().await;
        link.failed(p, Failure::Unreachable);
        let mut gaps = Vec::new();
        for _ in 0..8 {
            let t = Instant::now();
            let probe = link.enter().await;
            gaps.push(Instant::now() - t);
            link.failed(probe, Failure::Unreachable);
        }
        assert!(gaps.windows(2).all(|w| w[0] <= w[1]), "{gaps:?}");
        assert!(*gaps.last().unwrap() <= Duration::from_secs(4), "{gaps:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_lone_server_error_does_not_stop_everyone() {
        let link = Link::new();
        let p = link.enter().await;
        link.failed(p, Failure::ServerError);
        assert!(link.is_up());
        let p = link.enter().await;
        link.answered(p);
        for _ in 0..SERVER_ERRORS_FOR_DOWN {
            let p = link.enter().await;
            link.failed(p, Failure::ServerError);
        }
        assert!(!link.is_up(), "a run of 5xx is Telegram being down");
    }
}
