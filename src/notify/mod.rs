//! Messages to people other than the one in front of the bot: the scheduler
//! decides what is due and queues it in the outbox; the sender drains the
//! outbox under Telegram's limits.

pub mod limiter;
pub mod link;
pub mod scheduler;
pub mod sender;

pub use limiter::{Limiter, Priority};
