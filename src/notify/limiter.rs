//! Telegram's send limits, shared by everything that sends: at most N
//! messages in any second overall and M per chat, and at most 20 a minute
//! into any one group (Telegram's own limit for groups, whatever the
//! configured per-chat rate). Interactive replies wait in front of queued
//! sends, so a running broadcast never makes the bot feel dead.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Telegram measures its own second; a little slack on ours keeps the two
/// from disagreeing at the edges (request latency, clock granularity).
const WINDOW: Duration = Duration::from_millis(1020);
/// Telegram lets a bot post about 20 messages a minute into one group.
pub const GROUP_PER_MINUTE: usize = 20;
const GROUP_WINDOW: Duration = Duration::from_millis(61_000);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    Interactive,
    Queued,
}

pub struct Limiter {
    overall: usize,
    per_chat: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    recent: VecDeque<Instant>,
    chats: HashMap<i64, VecDeque<Instant>>,
    groups: HashMap<i64, VecDeque<Instant>>,
    paused_until: Option<Instant>,
    interactive_waiting: usize,
}

struct Waiting<'a>(&'a Limiter);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.state.lock().expect("limiter").interactive_waiting -= 1;
    }
}

impl Limiter {
    pub fn new(messages_per_second: u32, per_chat_per_second: u32) -> Self {
        Self {
            overall: messages_per_second.max(1) as usize,
            per_chat: per_chat_per_second.max(1) as usize,
            // The previous run may have used this second's budget just before
            // it stopped: a fresh start waits one window before its first send.
            state: Mutex::new(State { paused_until: Some(Instant::now() + WINDOW), ..State::default() }),
        }
    }

    pub fn per_second(&self) -> usize {
        self.overall
    }

    /// Waits until a message to `chat` may go out, and books it.
    pub async fn acquire(&self, chat: i64, priority: Priority) {
        let _waiting = (priority == Priority::Interactive).then(|| {
            self.state.lock().expect("limiter").interactive_waiting += 1;
            Waiting(self)
        });
        loop {
            let wait = self.try_book(chat, priority);
            match wait {
                None => return,
                Some(d) => tokio::time::sleep(d).await,
            }
        }
    }

    fn try_book(&self, chat: i64, priority: Priority) -> Option<Duration> {
        let mut s = self.state.lock().expect("limiter");
        let now = Instant::now();
        if let Some(until) = s.paused_until {
            if until > now {
                return Some(until - now);
            }
            s.paused_until = None;
        }
        if priority == Priority::Queued && s.interactive_waiting > 0 {
            return Some(Duration::from_millis(5));
        }
        while s.recent.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            s.recent.pop_front();
        }
        if s.recent.len() >= self.overall {
            return Some(WINDOW - now.duration_since(s.recent[0]));
        }
        let per_chat = self.per_chat;
        let times = s.chats.entry(chat).or_default();
        while times.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            times.pop_front();
        }
        if times.len() >= per_chat {
            return Some(WINDOW - now.duration_since(times[0]));
        }
        // Group chats have negative ids.
        if chat < 0 {
            let group = s.groups.entry(chat).or_default();
            while group.front().is_some_and(|t| now.duration_since(*t) >= GROUP_WINDOW) {
                group.pop_front();
            }
            if group.len() >= GROUP_PER_MINUTE {
                return Some(GROUP_WINDOW - now.duration_since(group[0]));
            }
            group.push_back(now);
        }
        let times = s.chats.entry(chat).or_default();
        times.push_back(now);
        s.recent.push_back(now);
        if s.chats.len() > 4096 {
            s.chats.retain(|_, t| t.back().is_some_and(|last| now.duration_since(*last) < WINDOW));
        }
        None
    }

    /// Telegram answered 429: nobody sends until `retry_after` has passed.
    pub fn pause(&self, d: Duration) {
        let mut s = self.state.lock().expect("limiter");
        let until = Instant::now() + d;
        if s.paused_until.is_none_or(|u| u < until) {
            s.paused_until = Some(until);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn keeps_the_overall_and_per_chat_rates() {
        let l = Limiter::new(3, 1);
        tokio::time::sleep(WINDOW).await;
        let start = Instant::now();
        for chat in 0..6 {
            l.acquire(chat, Priority::Queued).await;
        }
        assert!(Instant::now() - start >= WINDOW, "the fourth waited for the window");
        let t = Instant::now();
        l.acquire(100, Priority::Queued).await;
        l.acquire(100, Priority::Queued).await;
        assert!(Instant::now() - t >= WINDOW, "same chat twice waits a second");
    }

    #[tokio::test(start_paused = true)]
    async fn a_group_gets_at_most_twenty_a_minute() {
        let l = Limiter::new(30, 30);
        tokio::time::sleep(WINDOW).await;
        let start = Instant::now();
        for _ in 0..GROUP_PER_MINUTE {
            l.acquire(-100, Priority::Queued).await;
        }
        assert!(Instant::now() - start < Duration::from_secs(2));
        l.acquire(-100, Priority::Queued).await;
        assert!(Instant::now() - start >= Duration::from_secs(60), "the 21st waited for the minute");
        let t = Instant::now();
        l.acquire(5, Priority::Queued).await;
        assert!(Instant::now() - t < WINDOW, "a person is not held up by the group");
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_everyone() {
        let l = Limiter::new(30, 1);
        l.pause(Duration::from_secs(3));
        let t = Instant::now();
        l.acquire(1, Priority::Interactive).await;
        assert!(Instant::now() - t >= Duration::from_secs(3));
    }
}

#[cfg(test)]
mod priority_tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test(start_paused = true)]
    async fn queued_sends_resume_after_an_interactive_reply() {
        let l = Arc::new(Limiter::new(30, 1));
        let mut tasks = Vec::new();
        for chat in 0..90 {
            let l = l.clone();
            tasks.push(tokio::spawn(async move { l.acquire(chat, Priority::Queued).await }));
        }
        tokio::time::sleep(Duration::from_millis(1500)).await;
        l.acquire(1000, Priority::Interactive).await;
        for t in tasks {
            tokio::time::timeout(Duration::from_secs(10), t).await.expect("queued send resumed").unwrap();
        }
    }
}
