//! Text about the FAQ learning from coordinators: the picker under "This
//! is FAQ entry…", /learn's offers, what a decision did, and the comments
//! of `faq-export`'s snippet (`locales/*/learning.ftl`). What askers typed
//! is quoted as typed, cut short only where a frame must stay readable.

use super::Lang;
use crate::domain::FaqRow;
use crate::locale::clip;
use crate::t;

/// Longest quote of a question in a picker or an offer.
const QUOTE: usize = 300;
/// Longest entry question on a button.
const LABEL: usize = 60;

/// The picker's text: what is being filed, and which page of entries.
pub fn picker(lang: &Lang, enquiry: Option<i64>, question: &str, page: usize, pages: usize) -> String {
    let question = clip(question, QUOTE);
    let mut out = match enquiry {
        Some(id) => t!(lang, "learn-picker-enquiry", id = id, question = question),
        None => t!(lang, "learn-picker-question", question = question),
    };
    if pages > 1 {
        out.push_str("\n\n");
        out.push_str(&t!(lang, "learn-picker-page", page = page + 1, pages = pages));
    }
    out
}

/// An entry as a button shows it: its question in the reader's language.
pub fn entry_label(lang: &Lang, row: &FaqRow) -> String {
    clip(topic(lang, row), LABEL)
}

pub fn topic<'a>(lang: &Lang, row: &'a FaqRow) -> &'a str {
    super::enquiries::faq_topic(lang, row)
}

pub fn filed(lang: &Lang, row: &FaqRow, asker: &str, enquiry: i64) -> String {
    t!(lang, "learn-filed", topic = topic(lang, row), asker = clip(asker, 60), id = enquiry)
}

pub fn already_answered(lang: &Lang, enquiry: i64) -> String {
    t!(lang, "learn-already-answered", id = enquiry)
}

/// /learn: the first waiting question of `count`, answered from `row`.
pub fn offer(lang: &Lang, count: usize, question: &str, row: &FaqRow) -> String {
    t!(lang, "learn-offer", count = count, question = clip(question, QUOTE), topic = topic(lang, row))
}

pub fn add_label(lang: &Lang, row: &FaqRow) -> String {
    t!(lang, "learn-add", topic = clip(topic(lang, row), 40))
}

pub fn added(lang: &Lang, question: &str, row: &FaqRow) -> String {
    t!(lang, "learn-added", question = clip(question, QUOTE), topic = topic(lang, row))
}

pub fn dismissed(lang: &Lang, question: &str) -> String {
    t!(lang, "learn-dismissed", question = clip(question, QUOTE))
}

/// `faq-export`'s opening comment lines (without the `#`).
pub fn export_heading(lang: &Lang, count: usize) -> String {
    match count {
        0 => t!(lang, "faq-export-none"),
        n => t!(lang, "faq-export-heading", count = n),
    }
}
