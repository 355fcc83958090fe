//! Values parsed once at the edge. Everything past a handler or the config
//! loader holds these types, never raw strings, so a value that exists is valid.

mod course;
mod faq;
mod file;
mod lang;
pub mod lesson;
pub mod notice;
mod person;
mod time;

pub use course::{CourseCode, Enrolment, FaqId, RegistrationStatus, SessionId, UnknownValue};
pub use faq::{FaqRow, FaqText};
pub use file::FileKind;
pub use lang::{Lang, LanguageSettings};
pub use notice::Notice;
pub use person::{one_line_of, Administration, Email, PersonName, Position};
pub use time::{LocalDateTime, LocalTime, QuietHours, Zone, YEARS};

/// Why a value was refused. The message is shown to the person who typed it
/// (in their language, through `i18n::participant::reason`) or names the bad
/// key in a configuration file, in English as written here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("must be between {min} and {max} characters (got {got})")]
    Length { min: usize, max: usize, got: usize },
    #[error("must not contain control characters")]
    ControlCharacters,
    #[error("must be on one line (no line breaks)")]
    LineBreak,
    #[error("must not contain characters that reorder text (U+202A–U+202E, U+2066–U+2069); right-to-left script itself is fine")]
    BidiControl,
    #[error("must contain at least {min} visible characters")]
    Invisible { min: usize },
    #[error("is not a valid e-mail address")]
    Email,
    #[error("must be 3–32 characters: capital letters, digits and '-'")]
    CourseCode,
    #[error("must be 1–{max} characters: lower-case letters, digits and '-'")]
    Identifier { max: usize },
    #[error("is not an IANA time zone such as Asia/Karachi or Europe/Brussels")]
    Zone,
    #[error("must be a time of day as HH:MM (24-hour clock)")]
    LocalTime,
    #[error("must be two times as HH:MM-HH:MM")]
    QuietHours,
    #[error("must be a date and time as YYYY-MM-DD HH:MM")]
    DateTime,
    #[error("must be in a year from {} to {}, written with four digits", time::YEARS.start(), time::YEARS.end())]
    Year,
    #[error("is not a real date (check the month and the day)")]
    Date,
    #[error("must have a time of day as HH:MM on a 24-hour clock")]
    TimeOfDay,
    #[error("must be \"open\" or \"invite\"")]
    Enrolment,
    #[error("must be a language code such as \"en\" or \"fr\"")]
    Language,
    #[error("must be a whole number from 1 to 5")]
    Rating,
}

/// Trims outer whitespace and checks a free-text field's length in
/// characters (what a person counts), refusing control characters other than
/// line breaks, which Telegram lets people type.
fn free_text(raw: &str, min: usize, max: usize) -> Result<String, Invalid> {
    let s = raw.trim();
    let got = s.chars().count();
    if got < min || got > max {
        return Err(Invalid::Length { min, max, got });
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(Invalid::ControlCharacters);
    }
    Ok(s.to_owned())
}

macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = Invalid;
            fn try_from(s: String) -> Result<Self, Invalid> {
                Self::parse(&s)
            }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}
pub(crate) use string_newtype;
