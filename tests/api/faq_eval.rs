//! The FAQ matcher against questions in participants' own words.

use std::path::Path;

use copes_bot::config::Config;
use copes_bot::db::FaqRow;
use copes_bot::enquiry::matcher::Matcher;

#[derive(serde::Deserialize)]
struct Questions {
    q: Vec<(String, String)>,
}

#[test]
fn the_matcher_answers_paraphrased_questions_and_claims_nothing_it_cannot_answer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config")).unwrap();
    let rows: Vec<FaqRow> = config
        .faq
        .entries
        .iter()
        .map(|e| FaqRow {
            id: e.id.to_string(),
            question: e.question.clone(),
            keywords: serde_json::to_string(&e.keywords).unwrap(),
            answer: e.answer.clone(),
        })
        .collect();
    let matcher = Matcher::new(&rows);
    let questions: Questions =
        toml::from_str(&std::fs::read_to_string(root.join("tests/faq_questions.toml")).unwrap()).unwrap();
    assert!(questions.q.len() >= 60);

    let mut right = 0;
    let mut wrong = Vec::new();
    let mut false_confidence = Vec::new();
    for (question, expected) in &questions.q {
        let got = matcher.best(question).map(|m| m.id).unwrap_or_default();
        if got == *expected {
            right += 1;
        } else {
            wrong.push(format!(
                "{question:?}: expected {expected:?}, got {got:?} ({:?})",
                matcher.scores(question).iter().take(3).collect::<Vec<_>>()
            ));
            if expected.is_empty() {
                false_confidence.push(question.clone());
            }
        }
    }
    let accuracy = right as f64 / questions.q.len() as f64;
    println!("FAQ matcher: {right}/{} right ({:.1} %)", questions.q.len(), accuracy * 100.0);
    assert!(false_confidence.is_empty(), "answered without an entry: {false_confidence:?}\n{}", wrong.join("\n"));
    assert!(accuracy >= 0.9, "accuracy {:.1} %:\n{}", accuracy * 100.0, wrong.join("\n"));
}
