use serde::{Deserialize, Serialize};

use super::Invalid;

/// A language, as its primary subtag ("en", "fr"). Which languages the bot
/// speaks is the set of translation folders (`i18n::languages`); this type
/// only guarantees a well-formed tag. Telegram's `language_code` ("fr-FR",
/// "pt-br") is read down to its primary subtag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Lang(String);

impl Lang {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let primary = raw.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase()) {
            Ok(Self(primary))
        } else {
            Err(Invalid::Language)
        }
    }

    /// English: the language every message exists in, and the fallback.
    pub fn english() -> Self {
        Self("en".to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What decides a person's language: the one they chose, the one their
/// Telegram is set to (as last seen), and their course's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageSettings {
    pub chosen: Option<Lang>,
    pub telegram: Option<Lang>,
    pub course: Option<Lang>,
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Lang {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Self::parse(&s)
    }
}

impl From<Lang> for String {
    fn from(l: Lang) -> String {
        l.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_language_codes_are_read_down_to_the_language() {
        assert_eq!(Lang::parse("fr").unwrap().as_str(), "fr");
        assert_eq!(Lang::parse("fr-FR").unwrap().as_str(), "fr");
        assert_eq!(Lang::parse("pt-br").unwrap().as_str(), "pt");
        assert_eq!(Lang::parse("EN").unwrap().as_str(), "en");
        assert!(Lang::parse("").is_err());
        assert!(Lang::parse("français").is_err());
        assert!(Lang::parse("f").is_err());
    }
}
