use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::*;
use crate::t;

/// Every message of a language folder: id (with `.attribute`) → the
/// `$variables` it uses.
fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang);
    let mut out = BTreeMap::new();
    for file in std::fs::read_dir(&dir).unwrap() {
        let path = file.unwrap().path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        for entry in resource.body {
            let (id, value, attributes) = match entry {
                Entry::Message(m) => (m.id.name.to_owned(), m.value, m.attributes),
                Entry::Term(t) => (format!("-{}", t.id.name), Some(t.value), t.attributes),
                Entry::Junk { content } => panic!("{}: cannot read {content:?}", path.display()),
                _ => continue,
            };
            let mut vars = BTreeSet::new();
            if let Some(p) = &value {
                variables(p, &mut vars);
            }
            assert!(out.insert(id.clone(), vars).is_none(), "{}: {id} twice", path.display());
            for a in attributes {
                let mut vars = BTreeSet::new();
                variables(&a.value, &mut vars);
                out.insert(format!("{id}.{}", a.id.name), vars);
            }
        }
    }
    out
}

fn variables(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for v in variants {
                variables(&v.value, out);
            }
        }
        Expression::Inline(i) => inline_variables(i, out),
    }
}

fn inline_variables(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_variables(a, out);
            }
            for a in &arguments.named {
                inline_variables(&a.value, out);
            }
        }
        InlineExpression::TermReference { arguments: Some(arguments), .. } => {
            for a in &arguments.positional {
                inline_variables(a, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

#[test]
fn every_language_has_every_message_with_the_same_variables() {
    let english = messages("en");
    assert!(english.len() > 10, "the English messages were read");
    for lang in languages() {
        let other = messages(lang.as_str());
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has {extra:?}, which English does not");
        for (key, vars) in &english {
            assert_eq!(&other[key], vars, "{lang}: {key} uses other variables than in English");
        }
    }
}

#[test]
fn the_bot_speaks_english_and_french() {
    let all: Vec<String> = languages().iter().map(|l| l.to_string()).collect();
    assert!(all.contains(&"en".to_owned()) && all.contains(&"fr".to_owned()), "{all:?}");
    assert_eq!(language_name(&Lang::parse("fr").unwrap()), "Français");
}

#[test]
fn dates_times_and_numbers_are_written_as_people_there_write_them() {
    let en = Lang::english();
    let fr = Lang::parse("fr").unwrap();
    let d = NaiveDate::from_ymd_opt(2021, 2, 9).unwrap();
    assert_eq!(date(&en, d), "Tuesday 9 February 2021");
    assert_eq!(date(&fr, d), "mardi 9 février 2021");
    assert_eq!(day_heading(&fr, d), "Mardi 9 février");
    let t = NaiveTime::from_hms_opt(9, 5, 0).unwrap();
    assert_eq!(time(&en, t), "09:05");
    assert_eq!(time(&fr, t), "9 h 05");
    assert_eq!(number(&en, 2000), "2,000");
    assert_eq!(number(&fr, 1_234_567), "1\u{202F}234\u{202F}567");
    assert_eq!(number(&en, 7), "7");
    assert_eq!(number(&en, -1500), "-1,500");
    assert_eq!(duration(&en, chrono::Duration::minutes(185)), "3 h 05 min");
    assert_eq!(duration(&fr, chrono::Duration::minutes(3000)), "2 j 2 h");
}

#[test]
fn a_missing_message_comes_in_english_and_an_unknown_one_as_its_key() {
    let pt = Lang::parse("pt").unwrap();
    assert_eq!(language_name(&pt), "English", "a language without a folder reads English");
    assert_eq!(t!(&Lang::english(), "no-such-message"), "no-such-message");
}

#[test]
fn telegrams_language_code_picks_a_language_the_bot_speaks() {
    let en = Lang::english();
    assert_eq!(from_telegram(Some("fr-FR"), &en).as_str(), "fr");
    assert_eq!(from_telegram(Some("fr"), &en).as_str(), "fr");
    assert_eq!(from_telegram(Some("ur"), &en).as_str(), "en");
    assert_eq!(from_telegram(None, &Lang::parse("fr").unwrap()).as_str(), "fr");
}
