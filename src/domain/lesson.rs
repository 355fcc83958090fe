//! What the lessons-learned loop records: attendance, ratings, the course
//! evaluation. States are enums here so the database edge turns its strings
//! into these once.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::{string_newtype, Invalid, Lang, UnknownValue};

/// A usefulness rating, 1 (not useful) to 5 (very useful).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Rating(u8);

impl Rating {
    pub const ALL: [Rating; 5] = [Rating(1), Rating(2), Rating(3), Rating(4), Rating(5)];

    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Rating {
    type Error = Invalid;
    fn try_from(n: i64) -> Result<Self, Invalid> {
        match n {
            1..=5 => Ok(Self(n as u8)),
            _ => Err(Invalid::Rating),
        }
    }
}

impl From<Rating> for i64 {
    fn from(r: Rating) -> i64 {
        i64::from(r.0)
    }
}

macro_rules! text_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl TryFrom<&str> for $name {
            type Error = UnknownValue;
            fn try_from(s: &str) -> Result<Self, UnknownValue> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(UnknownValue { what: stringify!($name), value: other.to_owned() }),
                }
            }
        }
    };
}

/// How someone's presence at a session was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttendanceMethod {
    /// "I'm here" under the session's reminder.
    Button,
    /// `/here CODE` with the code shown in the room.
    Code,
    /// Set or corrected by a coordinator with `/attendance SESSION`.
    Coordinator,
}
text_enum!(AttendanceMethod { Button => "button", Code => "code", Coordinator => "coordinator" });

/// Where a session's "How useful was …?" stands for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedbackState {
    Asked,
    /// Rated; the optional comment is being asked for.
    Rated,
    Done,
    Skipped,
}
text_enum!(FeedbackState { Asked => "asked", Rated => "rated", Done => "done", Skipped => "skipped" });

/// Where a person's course evaluation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvaluationState {
    Invited,
    Answering,
    Done,
    /// A coordinator closed the evaluation before they finished.
    Closed,
}
text_enum!(EvaluationState { Invited => "invited", Answering => "answering", Done => "done", Closed => "closed" });

/// An evaluation question's stable id from programme.toml: answers are
/// keyed on it, so a reordered or reworded question keeps its answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct QuestionId(String);

impl QuestionId {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        super::course::identifier(raw.trim(), 40).map(Self)
    }
}
string_newtype!(QuestionId);

/// What an evaluation question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuestionKind {
    /// 1–5 buttons.
    Rating,
    /// Free text (may be skipped).
    Text,
}
text_enum!(QuestionKind { Rating => "rating", Text => "text" });

/// How presence at a course's sessions is taken and what it earns
/// (`[course.attendance]` and the course's `certificate_min_attendance`).
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceRules {
    /// Trainees must send `/here CODE` with the code shown in the room;
    /// the reminder's "I'm here" button is then not offered.
    pub require_code: bool,
    /// "I'm here" (and a room code) is taken from the reminder until this
    /// long after the session starts.
    pub window_minutes: u32,
    /// The share of sessions attended (0–1) a certificate needs; None: the
    /// course gives no certificate.
    pub certificate_min_attendance: Option<f64>,
}

impl Default for AttendanceRules {
    fn default() -> Self {
        Self { require_code: false, window_minutes: 30, certificate_min_attendance: None }
    }
}

/// The "How useful was …?" after each session (`[course.feedback]` and the
/// course's `anonymous_feedback`).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackRules {
    /// Asked this long after a session ends (the outbox still waits out
    /// the trainee's quiet hours).
    pub delay_minutes: u32,
    /// Comments in reports without names (the default).
    pub anonymous: bool,
}

impl Default for FeedbackRules {
    fn default() -> Self {
        Self { delay_minutes: 10, anonymous: true }
    }
}

/// One question of a course evaluation, in the programme's language and
/// any other the bot speaks.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationQuestion {
    pub id: QuestionId,
    pub kind: QuestionKind,
    /// Its own language (the programme's) first; `[course.evaluation.fr]`
    /// and the like.
    pub text: BTreeMap<Lang, String>,
}

/// A course's lessons-learned rules as imported from programme.toml: what
/// handlers and the scheduler read from the database.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CourseLessons {
    pub attendance: AttendanceRules,
    pub feedback: FeedbackRules,
    pub evaluation: Vec<EvaluationQuestion>,
}

impl EvaluationQuestion {
    /// The question in `lang`, else in its own language (the first given).
    pub fn text_in(&self, lang: &Lang, own: &Lang) -> &str {
        self.text
            .get(lang)
            .or_else(|| self.text.get(own))
            .or_else(|| self.text.values().next())
            .map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_is_one_to_five() {
        assert_eq!(Rating::try_from(1).unwrap().value(), 1);
        assert_eq!(Rating::try_from(5).unwrap().value(), 5);
        assert_eq!(Rating::try_from(0), Err(Invalid::Rating));
        assert_eq!(Rating::try_from(6), Err(Invalid::Rating));
    }

    #[test]
    fn states_read_back_what_they_write() {
        for m in AttendanceMethod::ALL {
            assert_eq!(AttendanceMethod::try_from(m.as_str()), Ok(*m));
        }
        for s in FeedbackState::ALL {
            assert_eq!(FeedbackState::try_from(s.as_str()), Ok(*s));
        }
        for s in EvaluationState::ALL {
            assert_eq!(EvaluationState::try_from(s.as_str()), Ok(*s));
        }
        assert!(QuestionKind::try_from("stars").is_err());
    }
}
