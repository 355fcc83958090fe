//! Telegram's send limits, shared by everything that sends: N messages a
//! second overall, M a second per chat, and at most 20 a minute into any one
//! group (Telegram's own limit for groups, whatever the configured rate).
//!
//! Sends are spaced evenly — a virtual schedule (GCRA with no burst
//! allowance): each send may go no earlier than one interval after the
//! previous one. Telegram counts a strict sliding second, and requests that
//! left on time arrive a few milliseconds apart from when they left; a burst
//! of a second's budget followed by a pause is exactly what such jitter
//! turns into a 429. So the interval is a little longer than 1/N (see
//! [`SAFETY`]), and a send that is late never lets the next one catch up.
//!
//! Interactive replies go first: a queued send (outbox) never takes a slot
//! while a reply is ready for it, and queued sends use at most
//! [`QUEUED_SHARE`] of the budget, so a full-rate broadcast and people
//! talking to the bot coexist. A reply waiting for its own chat's slot holds
//! nobody else up.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// The share of the configured rate actually used. Even spacing at 98.5 %
/// leaves 15 ms of arrival jitter at 30/s before 31 sends could fall in one
/// of Telegram's seconds.
pub const SAFETY: f64 = 0.985;
/// The same for one chat. A chat's budget is one message a second, so a
/// wider margin costs nothing that matters and absorbs the larger jitter of
/// a loaded machine (a reply and a queued message to the same person).
pub const CHAT_SAFETY: f64 = 0.95;
/// The share of the budget queued sends may use; the rest, and the first
/// claim on every slot, belongs to interactive replies.
pub const QUEUED_SHARE: f64 = 0.99;
/// Telegram lets a bot post about 20 messages a minute into one group.
pub const GROUP_PER_MINUTE: usize = 20;
const GROUP_WINDOW: Duration = Duration::from_millis(61_000);
/// How long a stopped previous run may have been sending for: a fresh
/// limiter waits this long, so the two runs together keep the rate.
const FRESH_START: Duration = Duration::from_millis(1020);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    Interactive,
    Queued,
}

pub struct Limiter {
    rate: u32,
    overall: Duration,
    queued: Duration,
    per_chat: Duration,
    state: Mutex<State>,
    /// Poked when a slot is taken or a reply stops waiting, so waiters
    /// re-check instead of sleeping through their turn.
    changed: Notify,
}

struct State {
    /// The earliest instant the next send of any kind may go.
    next_any: Instant,
    /// The earliest instant the next queued send may go.
    next_queued: Instant,
    /// Per chat: the earliest instant its next send may go.
    chats: HashMap<i64, Instant>,
    groups: HashMap<i64, VecDeque<Instant>>,
    paused_until: Option<Instant>,
    /// Replies whose own chat is ready, waiting only for the overall slot:
    /// while there is one, queued sends stand back.
    replies_ready: HashMap<u64, i64>,
    next_waiter: u64,
}

/// A reply waiting in line; leaves the line when dropped (sent, or given up).
struct InLine<'a> {
    limiter: &'a Limiter,
    id: u64,
}

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        self.limiter.state.lock().expect("limiter").replies_ready.remove(&self.id);
        self.limiter.changed.notify_waiters();
    }
}

/// Timers fire up to a millisecond late; a send that late still counts as
/// on time, so the schedule does not drift below the rate. Anything later
/// starts afresh from now: a late send never lets the next catch up.
const TIMER_SLACK: Duration = Duration::from_millis(2);

fn on_schedule(due: Instant, now: Instant) -> Instant {
    due.max(now - TIMER_SLACK)
}

fn interval(per_second: f64) -> Duration {
    Duration::from_secs_f64(1.0 / per_second)
}

impl Limiter {
    pub fn new(messages_per_second: u32, per_chat_per_second: u32) -> Self {
        let rate = messages_per_second.max(1);
        let start = Instant::now() + FRESH_START;
        Self {
            rate,
            overall: interval(f64::from(rate) * SAFETY),
            queued: interval(f64::from(rate) * SAFETY * QUEUED_SHARE),
            per_chat: interval(f64::from(per_chat_per_second.max(1)) * CHAT_SAFETY),
            state: Mutex::new(State {
                next_any: start,
                next_queued: start,
                chats: HashMap::new(),
                groups: HashMap::new(),
                paused_until: None,
                replies_ready: HashMap::new(),
                next_waiter: 0,
            }),
            changed: Notify::new(),
        }
    }

    /// The configured overall rate, messages a second.
    pub fn per_second(&self) -> usize {
        self.rate as usize
    }

    /// When a message to `chat` could go at the earliest, as far as the
    /// chat's own limits go: the sender leaves a chat alone until then.
    pub fn chat_ready_at(&self, chat: i64) -> Instant {
        let s = self.state.lock().expect("limiter");
        let mut at = s.chats.get(&chat).copied().unwrap_or_else(Instant::now);
        if let Some(group) = s.groups.get(&chat).filter(|g| g.len() >= GROUP_PER_MINUTE) {
            at = at.max(group[group.len() - GROUP_PER_MINUTE] + GROUP_WINDOW);
        }
        at
    }

    /// Waits until a message to `chat` may go out, and books it.
    pub async fn acquire(&self, chat: i64, priority: Priority) {
        let mut in_line: Option<InLine<'_>> = None;
        loop {
            // Registered before checking, so a slot freed in between wakes us.
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let wait = {
                let mut s = self.state.lock().expect("limiter");
                match self.try_book(&mut s, chat, priority) {
                    Booking::Booked => {
                        drop(s);
                        drop(in_line);
                        self.changed.notify_waiters();
                        return;
                    }
                    Booking::ChatBusy(d) => {
                        // Not ready on its own chat: not in line for the overall slot.
                        if let Some(l) = &in_line {
                            s.replies_ready.remove(&l.id);
                        }
                        d
                    }
                    Booking::Wait(d) => {
                        if priority == Priority::Interactive {
                            let id = match &in_line {
                                Some(l) => l.id,
                                None => {
                                    s.next_waiter += 1;
                                    let id = s.next_waiter;
                                    in_line = Some(InLine { limiter: self, id });
                                    id
                                }
                            };
                            s.replies_ready.insert(id, chat);
                        }
                        d
                    }
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = &mut changed => {}
            }
        }
    }

    fn try_book(&self, s: &mut State, chat: i64, priority: Priority) -> Booking {
        let now = Instant::now();
        if let Some(until) = s.paused_until {
            if until > now {
                return Booking::Wait(until - now);
            }
            s.paused_until = None;
        }
        // The chat's own limits first: waiting for them blocks nobody else.
        let chat_at = s.chats.get(&chat).copied().unwrap_or(now);
        if chat_at > now {
            return Booking::ChatBusy(chat_at - now);
        }
        if chat < 0 {
            let group = s.groups.entry(chat).or_default();
            while group.front().is_some_and(|t| now.duration_since(*t) >= GROUP_WINDOW) {
                group.pop_front();
            }
            if group.len() >= GROUP_PER_MINUTE {
                return Booking::ChatBusy(GROUP_WINDOW - now.duration_since(group[0]));
            }
        }
        if s.next_any > now {
            return Booking::Wait(s.next_any - now);
        }
        match priority {
            Priority::Queued => {
                if !s.replies_ready.is_empty() {
                    // A reply takes this slot; look again once it has.
                    return Booking::Wait(self.overall);
                }
                if s.next_queued > now {
                    return Booking::Wait(s.next_queued - now);
                }
                s.next_queued = on_schedule(s.next_queued, now) + self.queued;
            }
            Priority::Interactive => {}
        }
        s.next_any = on_schedule(s.next_any, now) + self.overall;
        s.chats.insert(chat, now + self.per_chat);
        if chat < 0 {
            s.groups.entry(chat).or_default().push_back(now);
        }
        if s.chats.len() > 4096 {
            s.chats.retain(|_, at| *at > now);
        }
        Booking::Booked
    }

    /// Telegram answered 429: nobody sends until `retry_after` has passed.
    pub fn pause(&self, d: Duration) {
        {
            let mut s = self.state.lock().expect("limiter");
            let until = Instant::now() + d;
            if s.paused_until.is_none_or(|u| u < until) {
                s.paused_until = Some(until);
            }
        }
        self.changed.notify_waiters();
    }
}

enum Booking {
    Booked,
    /// The chat (or group) itself must wait this long.
    ChatBusy(Duration),
    /// The overall budget, a pause or a reply ahead: wait this long.
    Wait(Duration),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// Booking times of `n` queued sends to distinct chats.
    async fn queued_run(l: &Arc<Limiter>, chats: std::ops::Range<i64>) -> Vec<Instant> {
        let mut tasks = Vec::new();
        for chat in chats {
            let l = l.clone();
            tasks.push(tokio::spawn(async move {
                l.acquire(chat, Priority::Queued).await;
                Instant::now()
            }));
        }
        let mut times = Vec::new();
        for t in tasks {
            times.push(t.await.unwrap());
        }
        times.sort();
        times
    }

    #[tokio::test(start_paused = true)]
    async fn sends_are_spaced_evenly_and_no_second_holds_more_than_the_rate() {
        let l = Arc::new(Limiter::new(30, 1));
        let times = queued_run(&l, 0..300).await;
        let least_gap = times.windows(2).map(|w| w[1] - w[0]).min().unwrap();
        assert!(least_gap >= l.overall, "a burst: two sends {least_gap:?} apart");
        // Telegram's strict second, even with 15 ms of jitter against us.
        for (i, t) in times.iter().enumerate() {
            let in_window =
                times[i..].iter().take_while(|u| u.duration_since(*t) < Duration::from_millis(1015)).count();
            assert!(in_window <= 30, "{in_window} sends within a second");
        }
        let rate = (times.len() - 1) as f64 / (*times.last().unwrap() - times[0]).as_secs_f64();
        assert!(rate >= 30.0 * 0.97, "queued sends use the budget: {rate:.2}/s");
    }

    #[tokio::test(start_paused = true)]
    async fn the_same_chat_twice_waits_a_second() {
        let l = Limiter::new(30, 1);
        l.acquire(100, Priority::Queued).await;
        let t = Instant::now();
        l.acquire(100, Priority::Queued).await;
        assert!(Instant::now() - t >= Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn a_group_gets_at_most_twenty_a_minute() {
        let l = Limiter::new(30, 30);
        let start = Instant::now();
        for _ in 0..GROUP_PER_MINUTE {
            l.acquire(-100, Priority::Queued).await;
        }
        assert!(Instant::now() - start < Duration::from_secs(3));
        l.acquire(-100, Priority::Queued).await;
        assert!(Instant::now() - start >= Duration::from_secs(60), "the 21st waited for the minute");
        let t = Instant::now();
        l.acquire(5, Priority::Queued).await;
        assert!(Instant::now() - t < Duration::from_millis(100), "a person is not held up by the group");
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_everyone() {
        let l = Limiter::new(30, 1);
        l.pause(Duration::from_secs(3));
        let t = Instant::now();
        l.acquire(1, Priority::Interactive).await;
        assert!(Instant::now() - t >= Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn a_reply_takes_the_next_slot_during_a_full_rate_broadcast() {
        let l = Arc::new(Limiter::new(30, 1));
        let broadcast = tokio::spawn({
            let l = l.clone();
            async move { queued_run(&l, 0..200).await }
        });
        tokio::time::sleep(Duration::from_secs(2)).await;
        let mut worst = Duration::ZERO;
        for chat in 1000..1010 {
            let t = Instant::now();
            l.acquire(chat, Priority::Interactive).await;
            worst = worst.max(Instant::now() - t);
            tokio::time::sleep(Duration::from_millis(170)).await;
        }
        assert!(worst <= 2 * l.overall, "a reply waited {worst:?}");
        broadcast.await.unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn a_reply_waiting_for_its_own_chat_holds_nobody_else_up() {
        let l = Arc::new(Limiter::new(30, 1));
        tokio::time::sleep(FRESH_START).await;
        l.acquire(7, Priority::Interactive).await;
        // The next reply to chat 7 must wait a second…
        let second = tokio::spawn({
            let l = l.clone();
            async move { l.acquire(7, Priority::Interactive).await }
        });
        tokio::task::yield_now().await;
        // …and meanwhile queued sends to others go at once.
        let t = Instant::now();
        queued_run(&l, 100..110).await;
        assert!(Instant::now() - t < Duration::from_millis(500), "queued sends waited {:?}", Instant::now() - t);
        second.await.unwrap();
    }
}
