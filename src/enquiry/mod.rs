//! Enquiries: what people ask in their own words. The FAQ matcher answers
//! what `faq.toml` covers.

pub mod matcher;
