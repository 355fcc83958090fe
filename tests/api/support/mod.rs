//! Test support shared by every test module; not every helper is used by
//! every feature yet.
#![allow(dead_code)]

pub mod app;
pub mod binary;
pub mod fake_api;
pub mod flows;
pub mod http_client;

pub use app::*;
pub use binary::*;
pub use fake_api::{Counters, FakeApi, Fault, FaultMix, TgUser};
pub use flows::*;
pub use http_client::*;

/// The languages tests read the bot's messages in.
pub fn en() -> copes_bot::i18n::Lang {
    copes_bot::i18n::Lang::english()
}

pub fn fr() -> copes_bot::i18n::Lang {
    copes_bot::i18n::Lang::parse("fr").unwrap()
}

pub use copes_bot::t;
