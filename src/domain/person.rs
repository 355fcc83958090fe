use serde::{Deserialize, Serialize};

use super::{free_text, string_newtype, Invalid};

/// A name, administration or position is one line of a roster, an export
/// and an enquiry relayed to the coordinators. A line break there could
/// forge a "Course: …" line of the relay; a bidi override or isolate makes
/// the line read differently from what is stored; zero-width characters
/// alone look like no name at all. Right-to-left script and the marks it
/// uses (RLM, ZWNJ between Urdu letters) are ordinary text and stay.
fn one_line(raw: &str, min: usize, max: usize) -> Result<String, Invalid> {
    let s = free_text(raw, min, max)?;
    if s.chars().any(is_line_break) {
        return Err(Invalid::LineBreak);
    }
    if s.chars().any(is_bidi_control) {
        return Err(Invalid::BidiControl);
    }
    if s.chars().filter(|c| !is_invisible(*c)).count() < min {
        return Err(Invalid::Invisible { min });
    }
    Ok(s)
}

/// What an older version may have stored under the old rules, made one
/// line: breaks become spaces, direction controls go. The result still has
/// to pass `parse`.
pub fn one_line_of(stored: &str) -> String {
    let joined: String =
        stored.chars().map(|c| if is_line_break(c) { ' ' } else { c }).filter(|c| !is_bidi_control(*c)).collect();
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Embeddings, overrides and isolates: they reorder the text around them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whitespace and Unicode's default-ignorable code points (zero-width
/// spaces and joiners, direction marks, variation selectors, fillers, tags):
/// nothing a reader sees.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// A participant's full name as they want it on the roster and certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        one_line(raw, 2, 100).map(Self)
    }
}
string_newtype!(PersonName);

/// The administration (organisation) a participant works for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Administration(String);

impl Administration {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        one_line(raw, 2, 200).map(Self)
    }
}
string_newtype!(Administration);

/// A participant's position (rank or post).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Position(String);

impl Position {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        one_line(raw, 2, 200).map(Self)
    }
}
string_newtype!(Position);

/// An e-mail address, checked for syntax only: whether it reaches anyone is
/// the coordinators' business, but a typo like a missing '@' is caught here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim();
        if s.len() > 254 {
            return Err(Invalid::Email);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(Invalid::Email)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
        if local_ok && domain_ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(Invalid::Email)
        }
    }
}
string_newtype!(Email);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_script_and_refuse_extremes() {
        assert_eq!(PersonName::parse("  عائشہ خان ").unwrap().as_str(), "عائشہ خان");
        assert!(PersonName::parse("A").is_err());
        assert!(PersonName::parse(&"x".repeat(101)).is_err());
        assert!(PersonName::parse("Ali\u{0}Khan").is_err());
        assert!(PersonName::parse("O'Brien, \"Pat\"; DROP TABLE people;--").is_ok());
    }

    #[test]
    fn right_to_left_names_and_their_marks_are_accepted() {
        for ok in [
            "عائشہ خان",
            "محمد علی\u{200F}",
            "می\u{200C}خواهم رضایی",
            "Ayesha 👩🏽\u{200D}💼 Khan",
            "مریم (Maryam) Iqbal",
        ] {
            assert_eq!(PersonName::parse(ok).unwrap().as_str(), ok);
            assert!(Administration::parse(ok).is_ok() && Position::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn a_name_cannot_forge_a_line_reorder_text_or_be_invisible() {
        for forged in ["Ali Khan\nCourse: CECAC-2", "Ali Khan\r\nCourse: X", "Ali\u{2028}Khan", "Ali\u{2029}Khan"] {
            assert_eq!(PersonName::parse(forged), Err(Invalid::LineBreak), "{forged:?}");
            assert_eq!(Administration::parse(forged), Err(Invalid::LineBreak), "{forged:?}");
            assert_eq!(Position::parse(forged), Err(Invalid::LineBreak), "{forged:?}");
        }
        for c in ('\u{202A}'..='\u{202E}').chain('\u{2066}'..='\u{2069}') {
            let s = format!("Inspector {c}RTL");
            assert_eq!(PersonName::parse(&s), Err(Invalid::BidiControl), "{s:?}");
            assert_eq!(Position::parse(&s), Err(Invalid::BidiControl), "{s:?}");
        }
        for blank in [
            "\u{200B}\u{200B}",
            "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}",
            "A\u{200B}\u{200B}",
            "\u{3164}\u{3164}",
            "\u{2800} \u{2800}",
        ] {
            assert_eq!(PersonName::parse(blank), Err(Invalid::Invisible { min: 2 }), "{blank:?}");
            assert_eq!(Administration::parse(blank), Err(Invalid::Invisible { min: 2 }), "{blank:?}");
        }
        assert!(PersonName::parse("A\u{200B}").is_err(), "one visible letter is not a name");
        assert!(PersonName::parse("Al").is_ok());
    }

    #[test]
    fn emails_are_checked_for_shape() {
        for ok in ["a.khan@fbr.gov.pk", "x+y@example.org", "COPES@wcoomd.org"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "khan", "khan@", "@fbr.gov.pk", "a@b", "a b@c.org", "a@@b.org", "a@b..org", ".a@b.org"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
