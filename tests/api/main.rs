//! One integration-test binary: the real dispatcher, over HTTP, against the
//! project's fake Bot API.

mod attendance;
mod broadcasts;
mod calendar;
mod coordinator;
mod dates;
mod delivery;
mod enquiries;
mod fake_api_selftest;
mod faq_eval;
mod feedback;
mod forum;
mod http;
mod languages;
mod learning;
mod lessons;
mod notifications;
mod participant;
mod privacy;
mod quiet_hours;
mod registration;
mod report;
mod robustness;
mod service;
mod startup;
mod support;
