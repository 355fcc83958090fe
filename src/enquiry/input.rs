//! What someone sent as a question, parsed once at the edge: text within
//! limits, or a photo or document with an optional caption. Anything else is
//! refused with a reason the person is told.

use std::collections::HashSet;

use serde::Serialize;

use super::matcher::fold;
use crate::domain::FileKind;

/// Longer than this is refused: a relay must stay one readable message, and
/// a pasted report belongs in a document.
pub const MAX_CHARS: usize = 3000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub kind: FileKind,
    /// Telegram's id for the file: the bot can send it on without
    /// downloading it.
    pub file_id: String,
}

/// A valid question or answer: trimmed text (may be empty only when a file
/// comes with it) and at most one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Content {
    pub text: String,
    pub file: Option<Attachment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Nothing to read: blank, or only punctuation and emoji.
    Empty,
    TooLong {
        chars: usize,
    },
    /// Control characters or undecodable bytes: pasted binary.
    Unreadable,
    /// A sticker, voice note, location… nothing that can be passed on.
    Unsupported,
}

impl Content {
    /// A text message (or `/ask TEXT`).
    pub fn text(raw: &str) -> Result<Self, Refused> {
        let text = check_text(raw)?;
        if !text.chars().any(char::is_alphanumeric) {
            return Err(Refused::Empty);
        }
        Ok(Content { text, file: None })
    }

    /// A photo or document, with its caption if any.
    pub fn file(kind: FileKind, file_id: &str, caption: Option<&str>) -> Result<Self, Refused> {
        let text = check_text(caption.unwrap_or_default())?;
        Ok(Content { text, file: Some(Attachment { kind, file_id: file_id.to_owned() }) })
    }

    /// Parses a Telegram message: text, photo or document; else refused.
    pub fn from_message(msg: &teloxide::types::Message) -> Result<Self, Refused> {
        if let Some(t) = msg.text() {
            return Content::text(t);
        }
        if let Some(sizes) = msg.photo() {
            // The largest size comes last.
            let Some(best) = sizes.last() else { return Err(Refused::Unsupported) };
            return Content::file(FileKind::Photo, &best.file.id.0, msg.caption());
        }
        if let Some(doc) = msg.document() {
            return Content::file(FileKind::Document, &doc.file.id.0, msg.caption());
        }
        Err(Refused::Unsupported)
    }

    /// What a list shows for it.
    pub fn summary(&self) -> String {
        match (&self.file, self.text.is_empty()) {
            (Some(f), true) => format!("[{}]", f.kind.as_str()),
            (Some(f), false) => format!("[{}] {}", f.kind.as_str(), self.text),
            (None, _) => self.text.clone(),
        }
    }
}

fn check_text(raw: &str) -> Result<String, Refused> {
    let text = raw.trim();
    if text.chars().any(|c| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))) {
        return Err(Refused::Unreadable);
    }
    let chars = text.chars().count();
    if chars > MAX_CHARS {
        return Err(Refused::TooLong { chars });
    }
    Ok(text.to_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmallTalk {
    Greeting,
    Thanks,
}

/// The words of a greeting or a thank-you, in every language the bot
/// speaks (people mix them: "ok merci"). Folded as [`fold`] does.
#[derive(Debug, Clone, Default)]
pub struct SmallTalkWords {
    /// At least one of these makes a thank-you ("thanks", "merci").
    pub thanks: HashSet<String>,
    /// What may come with it ("so much", "beaucoup").
    pub thanks_fillers: HashSet<String>,
    /// At least one of these makes a greeting ("hello", "bonjour").
    pub greetings: HashSet<String>,
    /// What may come with it ("everyone", "à tous").
    pub greeting_fillers: HashSet<String>,
}

impl SmallTalkWords {
    /// Adds one language's lists, each separated by white space.
    pub fn add(&mut self, thanks: &str, thanks_fillers: &str, greetings: &str, greeting_fillers: &str) {
        for (set, words) in [
            (&mut self.thanks, thanks),
            (&mut self.thanks_fillers, thanks_fillers),
            (&mut self.greetings, greetings),
            (&mut self.greeting_fillers, greeting_fillers),
        ] {
            set.extend(fold(words).split_whitespace().map(str::to_owned));
        }
    }
}

/// A message that is only a greeting or a thank-you ("hi", "thanks a lot",
/// "ok merci", "bonjour à tous"): answered kindly, never made into an
/// enquiry for a coordinator to close.
pub fn small_talk(text: &str, known: &SmallTalkWords) -> Option<SmallTalk> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    let made_of = |triggers: &HashSet<String>, fillers: &HashSet<String>| {
        words.iter().all(|w| triggers.contains(*w) || fillers.contains(*w))
            && words.iter().any(|w| triggers.contains(*w))
    };
    if made_of(&known.thanks, &known.thanks_fillers) {
        return Some(SmallTalk::Thanks);
    }
    if made_of(&known.greetings, &known.greeting_fillers) {
        return Some(SmallTalk::Greeting);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_checked() {
        assert_eq!(Content::text("  When does it start?  ").unwrap().text, "When does it start?");
        assert_eq!(Content::text("   "), Err(Refused::Empty));
        assert_eq!(Content::text("?!? 🙂"), Err(Refused::Empty));
        assert_eq!(Content::text("abc\u{0}def"), Err(Refused::Unreadable));
        assert_eq!(Content::text("bad \u{FFFD} bytes"), Err(Refused::Unreadable));
        assert_eq!(Content::text(&"a".repeat(MAX_CHARS + 1)), Err(Refused::TooLong { chars: MAX_CHARS + 1 }));
        assert!(Content::text("line one\nline two\tand a tab").is_ok());
        assert!(Content::text("Où est la salle ?").is_ok());
    }

    #[test]
    fn a_file_needs_no_caption() {
        let c = Content::file(FileKind::Photo, "AgAD", None).unwrap();
        assert_eq!(c.summary(), "[photo]");
    }

    fn words() -> SmallTalkWords {
        let mut w = SmallTalkWords::default();
        w.add("thanks thank ok", "you so much a lot sir good", "hello hi morning", "good sir there");
        w.add("merci", "beaucoup à tous", "bonjour salut", "à tous madame");
        w
    }

    #[test]
    fn small_talk_is_recognised_in_any_language_but_questions_are_not() {
        let w = words();
        assert_eq!(small_talk("Thanks!", &w), Some(SmallTalk::Thanks));
        assert_eq!(small_talk("thank you so much sir", &w), Some(SmallTalk::Thanks));
        assert_eq!(small_talk("ok merci", &w), Some(SmallTalk::Thanks));
        assert_eq!(small_talk("Merci beaucoup !", &w), Some(SmallTalk::Thanks));
        assert_eq!(small_talk("Hello", &w), Some(SmallTalk::Greeting));
        assert_eq!(small_talk("Bonjour à tous", &w), Some(SmallTalk::Greeting));
        assert_eq!(small_talk("bonjour a tous", &w), Some(SmallTalk::Greeting));
        assert_eq!(small_talk("good morning", &w), Some(SmallTalk::Greeting));
        assert_eq!(small_talk("hello, when does the course start?", &w), None);
        assert_eq!(small_talk("merci, mais où est la salle ?", &w), None);
        assert_eq!(small_talk("good", &w), None);
    }
}
