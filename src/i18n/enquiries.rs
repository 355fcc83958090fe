//! Text about questions and enquiries, assembled from data in the reader's
//! language (the messages themselves are in `locales/*/enquiries.ftl`),
//! and the words the FAQ matcher and the small-talk check read in each
//! language, which come from the same files.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};

use super::{duration, language_name, languages, Lang};
use crate::db::enquiries::Enquiry;
use crate::domain::FaqRow;
use crate::enquiry::input::{Refused, SmallTalkWords};
use crate::enquiry::matcher::{Analyzer, Vocabulary};
use crate::locale::clip;
use crate::t;

/// How every language the bot speaks is read by the FAQ matcher.
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
        Vocabulary::new(languages().into_iter().map(|l| {
            let a = Analyzer::new(&l, &t!(&l, "faq-stopwords"));
            (l, a)
        }))
    });
    &VOCABULARY
}

/// Greetings and thanks in every language the bot speaks.
pub fn small_talk_words() -> &'static SmallTalkWords {
    static WORDS: LazyLock<SmallTalkWords> = LazyLock::new(|| {
        let mut words = SmallTalkWords::default();
        for l in languages() {
            words.add(
                &t!(&l, "small-talk-thanks-words"),
                &t!(&l, "small-talk-thanks-fillers"),
                &t!(&l, "small-talk-greeting-words"),
                &t!(&l, "small-talk-greeting-fillers"),
            );
        }
        words
    });
    &WORDS
}

/// Why a message cannot be passed on.
pub fn refusal(lang: &Lang, r: Refused, max_chars: usize) -> String {
    match r {
        Refused::Empty => t!(lang, "enquiry-empty"),
        Refused::TooLong { chars } => t!(lang, "enquiry-too-long", chars = chars, max = max_chars),
        Refused::Unreadable => t!(lang, "enquiry-unreadable"),
        Refused::Unsupported => t!(lang, "enquiry-non-text"),
    }
}

/// The acknowledgement of a new enquiry; `after_faq` when a FAQ answer
/// did not help.
pub fn enquiry_opened(lang: &Lang, id: i64, after_faq: bool) -> String {
    match after_faq {
        true => t!(lang, "enquiry-opened-after-faq", id = id),
        false => t!(lang, "enquiry-opened", id = id),
    }
}

pub fn too_many_open(lang: &Lang, ids: &[i64]) -> String {
    let numbers = ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ");
    t!(lang, "enquiry-too-many-open", count = ids.len(), numbers = numbers)
}

pub fn follow_up_added(lang: &Lang, id: i64, reopened: bool) -> String {
    match reopened {
        true => t!(lang, "enquiry-follow-up-reopened", id = id),
        false => t!(lang, "enquiry-follow-up-added", id = id),
    }
}

/// `typed`: the number as given ("abc", "#99").
pub fn no_such_enquiry(lang: &Lang, typed: &str) -> String {
    t!(lang, "enquiry-no-such", number = clip(typed, 20))
}

pub fn enquiry_closed(lang: &Lang, id: i64, asker_told: bool) -> String {
    match asker_told {
        true => t!(lang, "enquiry-closed-asker-told", id = id),
        false => t!(lang, "enquiry-closed", id = id),
    }
}

/// A FAQ entry as `lang`'s reader sees it: in their language if it has it,
/// else in its own with a line saying so first.
pub fn faq_entry(lang: &Lang, row: &FaqRow) -> String {
    let main = &row.language;
    match row.in_language(lang) {
        Some(text) => format!("{}\n\n{}", text.question, text.answer),
        None => {
            let note = t!(lang, "faq-only-in", lang = main.as_str(), lang_name = language_name(main));
            format!("{note}\n\n{}\n\n{}", row.text.question, row.text.answer)
        }
    }
}

/// A FAQ entry given as the answer to a question, asking whether it helped.
pub fn faq_answer(lang: &Lang, row: &FaqRow) -> String {
    format!("{}\n\n{}", faq_entry(lang, row), t!(lang, "faq-did-it-help"))
}

/// An entry's question as a /faq button shows it.
pub fn faq_topic<'a>(lang: &Lang, row: &'a FaqRow) -> &'a str {
    &row.in_language(lang).unwrap_or(&row.text).question
}

/// An entry on a "Did you mean…?" button: its question in the reader's
/// language, cut so the button stays readable.
pub fn suggestion_label(lang: &Lang, row: &FaqRow) -> String {
    clip(faq_topic(lang, row), 60)
}

/// `/enquiries`: the first `limit` of `open` (longest waiting first), how
/// long each has waited at `now`, and how many more there are.
pub fn enquiries_list(lang: &Lang, open: &[Enquiry], limit: usize, now: DateTime<Utc>) -> String {
    if open.is_empty() {
        return t!(lang, "no-open-enquiries");
    }
    let mut out = t!(lang, "enquiries-heading", count = open.len());
    out.push('\n');
    for e in open.iter().take(limit) {
        out.push('\n');
        out.push_str(&enquiry_line(lang, e, now));
    }
    if open.len() > limit {
        out.push('\n');
        out.push_str(&t!(lang, "enquiries-more", count = open.len() - limit));
    }
    out.push_str("\n\n");
    out.push_str(&t!(lang, "enquiries-footer"));
    out
}

fn enquiry_line(lang: &Lang, e: &Enquiry, now: DateTime<Utc>) -> String {
    let course = match &e.course {
        Some(c) => c.clone(),
        None => t!(lang, "enquiry-not-registered"),
    };
    let mut line = t!(
        lang,
        "enquiry-line",
        id = e.id,
        waiting = duration(lang, now - e.waiting_since),
        name = clip(&e.asker_name, 40),
        course = course,
        follow_up = if e.followed_up { "yes" } else { "no" },
        question = clip(&e.question.replace('\n', " "), 80),
    );
    if let Some(why) = &e.undelivered {
        line.push_str("\n   ");
        line.push_str(&t!(lang, "enquiry-undelivered", reason = clip(why, 80)));
    }
    line
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::FaqText;

    fn fr() -> Lang {
        Lang::parse("fr").unwrap()
    }

    #[test]
    fn an_answer_without_the_readers_language_comes_in_the_entrys_own_with_a_note() {
        let en = Lang::english();
        let text =
            |q: &str, a: &str| FaqText { question: q.into(), answer: a.into(), keywords: vec![], examples: vec![] };
        let mut row = FaqRow {
            id: "wifi".into(),
            language: en.clone(),
            text: text("Is there Wi-Fi?", "Ask at the desk."),
            translations: BTreeMap::new(),
            learned: BTreeMap::new(),
        };
        assert_eq!(
            faq_answer(&fr(), &row),
            "Cette réponse n'existe qu'en anglais.\n\nIs there Wi-Fi?\n\nAsk at the desk.\n\n\
             Cette réponse répond-elle à votre question\u{202F}?"
        );
        assert_eq!(faq_answer(&en, &row), "Is there Wi-Fi?\n\nAsk at the desk.\n\nDid this answer your question?");
        row.translations.insert(fr(), text("Y a-t-il du Wi-Fi\u{202F}?", "Demandez à l'accueil."));
        assert!(faq_answer(&fr(), &row).starts_with("Y a-t-il du Wi-Fi\u{202F}?\n\nDemandez à l'accueil."));
        assert_eq!(faq_topic(&fr(), &row), "Y a-t-il du Wi-Fi\u{202F}?");
        // An English reader of a programme whose FAQ is written in French.
        let french = FaqRow {
            id: "wifi".into(),
            language: fr(),
            text: text("Wi-Fi ?", "Oui."),
            translations: BTreeMap::new(),
            learned: BTreeMap::new(),
        };
        assert_eq!(faq_entry(&en, &french), "This answer is only available in French.\n\nWi-Fi ?\n\nOui.");
    }

    #[test]
    fn plurals_and_numbers_follow_the_language() {
        let en = Lang::english();
        assert!(too_many_open(&en, &[1, 2, 3]).starts_with("You already have 3 open enquiries (#1, #2, #3)."));
        assert!(too_many_open(&fr(), &[4]).starts_with("Vous avez déjà une demande ouverte (#4)."));
        assert!(refusal(&en, Refused::TooLong { chars: 3500 }, 3000).starts_with("That message is 3,500 characters"));
        assert!(refusal(&fr(), Refused::TooLong { chars: 3500 }, 3000).contains("3\u{202F}500 caractères"));
    }
}
