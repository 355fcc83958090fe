//! Messages to people other than the one in front of the bot: the scheduler
//! decides what is due and queues it in the outbox; the sender drains the
//! outbox under Telegram's limits.

pub mod lessons;
pub mod limiter;
pub mod link;
pub mod scheduler;
pub mod sender;

pub use limiter::{Limiter, Priority};

use std::sync::atomic::{AtomicI64, Ordering};

/// How many replies wait in the outbox (queued because Telegram was away or
/// the bot was stopping). While there are none — nearly always — a new
/// reply need not look for older ones to queue behind, which spares the
/// database a question on every answer.
#[derive(Debug, Default)]
pub struct ReplyBacklog(AtomicI64);

impl ReplyBacklog {
    pub fn new(n: i64) -> Self {
        Self(AtomicI64::new(n))
    }

    pub fn queued(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    pub fn ended(&self) {
        // Never below zero: a forgotten person's replies vanish unseen.
        let _ = self.0.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| Some((n - 1).max(0)));
    }

    pub fn any(&self) -> bool {
        self.0.load(Ordering::SeqCst) > 0
    }
}
