//! copes-bot: a Telegram bot for the WCO COPES programme's courses.

pub mod app;
pub mod backup;
pub mod bot;
pub mod calendar;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod enquiry;
pub mod export;
pub mod figures;
pub mod http;
pub mod i18n;
pub mod inbox;
pub mod locale;
pub mod metrics;
pub mod notify;
pub mod report;
pub mod settings;
pub mod stop;
pub mod telegram;
