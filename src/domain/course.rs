use serde::{Deserialize, Serialize};

use super::{string_newtype, Invalid};

/// A course (cohort) code, also the `/start` deep-link payload. Deep links
/// only carry `[A-Za-z0-9_-]`, so codes stay inside that; people may type
/// them in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CourseCode(String);

impl CourseCode {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim().to_ascii_uppercase();
        let ok =
            (3..=32).contains(&s.len()) && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Self(s))
        } else {
            Err(Invalid::CourseCode)
        }
    }
}
string_newtype!(CourseCode);

pub(super) fn identifier(raw: &str, max: usize) -> Result<String, Invalid> {
    let ok =
        (1..=max).contains(&raw.len()) && raw.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(raw.to_owned())
    } else {
        Err(Invalid::Identifier { max })
    }
}

/// A session's stable id from programme.toml; edits keep it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SessionId(String);

impl SessionId {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        identifier(raw.trim(), 64).map(Self)
    }
}
string_newtype!(SessionId);

/// A FAQ entry's stable id from faq.toml.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FaqId(String);

impl FaqId {
    /// `/faq` puts "faq:" and the id in a button's callback data, which
    /// Telegram caps at 64 bytes; one over-long id gets the whole keyboard
    /// refused.
    pub const MAX_LEN: usize = 60;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        identifier(raw.trim(), Self::MAX_LEN).map(Self)
    }
}
string_newtype!(FaqId);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Enrolment {
    Open,
    Invite,
}

impl Enrolment {
    pub fn as_str(self) -> &'static str {
        match self {
            Enrolment::Open => "open",
            Enrolment::Invite => "invite",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw {
            "open" => Ok(Enrolment::Open),
            "invite" => Ok(Enrolment::Invite),
            _ => Err(Invalid::Enrolment),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationStatus {
    Registered,
    Waitlisted,
    Withdrawn,
}

impl RegistrationStatus {
    pub const ALL: [RegistrationStatus; 3] = [Self::Registered, Self::Waitlisted, Self::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::Waitlisted => "waitlisted",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// A stored value this version does not know (a row written by another
/// version, or by hand).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
}

/// Read once where rows are read (`#[sqlx(try_from = "String")]`).
impl TryFrom<String> for RegistrationStatus {
    type Error = UnknownValue;
    fn try_from(s: String) -> Result<Self, UnknownValue> {
        Self::parse(&s).ok_or(UnknownValue { what: "registration status", value: s })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn course_codes_are_upper_cased_and_checked() {
        assert_eq!(CourseCode::parse("cecac-pilot").unwrap().as_str(), "CECAC-PILOT");
        assert!(CourseCode::parse("AB").is_err());
        assert!(CourseCode::parse("CECAC PILOT").is_err());
        assert!(CourseCode::parse("'; DROP TABLE courses;--").is_err());
    }

    #[test]
    fn faq_ids_are_at_most_sixty_characters() {
        assert!(FaqId::parse(&"a".repeat(60)).is_ok());
        assert_eq!(FaqId::parse(&"a".repeat(61)), Err(Invalid::Identifier { max: 60 }));
        assert!(SessionId::parse(&"a".repeat(64)).is_ok());
    }
}
