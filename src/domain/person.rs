use serde::{Deserialize, Serialize};

use super::{free_text, string_newtype, Invalid};

/// A participant's full name as they want it on the roster and certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        free_text(raw, 2, 100).map(Self)
    }
}
string_newtype!(PersonName);

/// The administration (organisation) a participant works for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Administration(String);

impl Administration {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        free_text(raw, 2, 200).map(Self)
    }
}
string_newtype!(Administration);

/// A participant's position (rank or post).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Position(String);

impl Position {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        free_text(raw, 2, 200).map(Self)
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
    fn emails_are_checked_for_shape() {
        for ok in ["a.khan@fbr.gov.pk", "x+y@example.org", "COPES@wcoomd.org"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "khan", "khan@", "@fbr.gov.pk", "a@b", "a b@c.org", "a@@b.org", "a@b..org", ".a@b.org"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
