//! The FAQ as everything past the config loader sees it: an entry's text in
//! each language it has.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Lang;

/// An entry's question, answer and keywords in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqText {
    pub question: String,
    pub answer: String,
    /// Lower case, trimmed, none empty.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Questions as people really ask them, as faq.toml gives them
    /// (trimmed, none empty).
    #[serde(default)]
    pub examples: Vec<String>,
}

/// An FAQ entry as stored: its own text, the language it is in, and its
/// other languages.
#[derive(Debug, Clone, PartialEq)]
pub struct FaqRow {
    pub id: String,
    pub language: Lang,
    pub text: FaqText,
    pub translations: BTreeMap<Lang, FaqText>,
    /// Questions coordinators filed under the entry, by the language their
    /// askers read (which the entry need not have a version in).
    pub learned: BTreeMap<Lang, Vec<String>>,
}

impl FaqRow {
    /// Every example of the entry in `lang`: faq.toml's, then the filed ones.
    pub fn examples(&self, lang: &Lang) -> impl Iterator<Item = &str> {
        let given = self.in_language(lang).map(|t| t.examples.as_slice()).unwrap_or_default();
        let learned = self.learned.get(lang).map(Vec::as_slice).unwrap_or_default();
        given.iter().chain(learned).map(String::as_str)
    }

    /// Every language the entry has a version or an example in.
    pub fn languages(&self) -> Vec<&Lang> {
        let mut all: Vec<&Lang> = self.versions().map(|(l, _)| l).chain(self.learned.keys()).collect();
        all.sort();
        all.dedup();
        all
    }

    /// The entry in `lang`, if it has that language.
    pub fn in_language(&self, lang: &Lang) -> Option<&FaqText> {
        self.translations.get(lang).or_else(|| (*lang == self.language).then_some(&self.text))
    }

    /// Every language the entry has, its own text first.
    pub fn versions(&self) -> impl Iterator<Item = (&Lang, &FaqText)> {
        std::iter::once((&self.language, &self.text))
            .chain(self.translations.iter().filter(move |(l, _)| **l != self.language))
    }
}
