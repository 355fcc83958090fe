//! The FAQ matcher against questions in participants' own words, in each
//! language the evaluation set has.

use std::collections::BTreeMap;
use std::path::Path;

use copes_bot::config::Config;
use copes_bot::domain::FaqRow;
use copes_bot::enquiry::matcher::Matcher;
use copes_bot::i18n::{enquiries::vocabulary, Lang};

/// Language → (question, the entry that answers it or "").
type Questions = BTreeMap<String, Vec<(String, String)>>;

#[test]
fn the_matcher_answers_paraphrased_questions_in_each_language_and_claims_nothing_it_cannot_answer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config")).unwrap();
    let rows: Vec<FaqRow> = config.faq.entries.iter().map(|e| e.to_row(&config.faq.language)).collect();
    let matcher = Matcher::new(&rows, &config.faq.language, vocabulary());
    let questions: Questions =
        toml::from_str(&std::fs::read_to_string(root.join("tests/faq_questions.toml")).unwrap()).unwrap();
    assert!(questions["en"].len() >= 60, "English questions");
    assert!(questions["fr"].len() >= 40, "French questions");

    let mut failures = Vec::new();
    for (lang, questions) in &questions {
        let lang = Lang::parse(lang).unwrap();
        let mut right = 0;
        let mut wrong = Vec::new();
        let mut false_confidence = Vec::new();
        for (question, expected) in questions {
            let got = matcher.best(question, &lang).map(|m| m.id).unwrap_or_default();
            if got == *expected {
                right += 1;
                continue;
            }
            wrong.push(format!(
                "{question:?}: expected {expected:?}, got {got:?} ({:?})",
                matcher.scores(question, &lang).iter().take(3).collect::<Vec<_>>()
            ));
            if !got.is_empty() {
                false_confidence.push(question.clone());
            }
        }
        let accuracy = right as f64 / questions.len() as f64;
        println!("FAQ matcher, {lang}: {right}/{} right ({:.1} %)", questions.len(), accuracy * 100.0);
        for w in &wrong {
            println!("  {w}");
        }
        if !false_confidence.is_empty() {
            failures.push(format!("{lang}: confidently wrong: {false_confidence:?}"));
        }
        if accuracy < 0.9 {
            failures.push(format!("{lang}: accuracy {:.1} %", accuracy * 100.0));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
