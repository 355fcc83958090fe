//! One integration-test binary: the real dispatcher, over HTTP, against the
//! project's fake Bot API.

mod broadcasts;
mod coordinator;
mod enquiries;
mod faq_eval;
mod notifications;
mod participant;
mod privacy;
mod registration;
mod robustness;
mod startup;
mod support;
