//! Enquiries: what people ask in their own words. The FAQ matcher answers
//! what `faq.toml` covers; `input` decides what can be passed on to a
//! coordinator at all.

pub mod input;
pub mod matcher;
