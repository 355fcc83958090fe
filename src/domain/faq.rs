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
}

/// An FAQ entry as stored: its own text, the language it is in, and its
/// other languages.
#[derive(Debug, Clone, PartialEq)]
pub struct FaqRow {
    pub id: String,
    pub language: Lang,
    pub text: FaqText,
    pub translations: BTreeMap<Lang, FaqText>,
}

impl FaqRow {
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
