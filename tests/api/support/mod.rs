//! Test support shared by every test module; not every helper is used by
//! every feature yet.
#![allow(dead_code)]

pub mod app;
pub mod binary;
pub mod fake_api;
pub mod flows;

pub use app::*;
pub use binary::*;
pub use fake_api::{Counters, FakeApi, Fault, FaultMix, TgUser};
pub use flows::*;
