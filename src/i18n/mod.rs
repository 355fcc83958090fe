//! Text for people, in their language: every word the bot says is composed
//! here, per reader, from the messages in `locales/<language>/` (see
//! `crate::locale`). Handlers, the sender and the reports call these
//! renderers with data; nothing below this layer formats text.

pub use crate::locale::*;

pub mod attendance;
pub mod calendar;
pub mod coordinator;
pub mod enquiries;
pub mod feedback;
pub mod learning;
pub mod notices;
pub mod participant;
pub mod report;

#[cfg(test)]
mod tests;
