pub mod app;
pub mod fake_api;
pub mod flows;

pub use app::*;
pub use fake_api::{Fault, FakeApi, TgUser};
pub use flows::*;
