use std::str::FromStr;

use chrono::NaiveTime;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::Invalid;

/// An IANA time zone. People type them loosely ("asia/karachi"), so parsing
/// ignores case; the canonical spelling is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Zone(Tz);

impl Zone {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim();
        Tz::from_str(s).or_else(|_| Tz::from_str_insensitive(s)).map(Self).map_err(|_| Invalid::Zone)
    }

    pub fn tz(self) -> Tz {
        self.0
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name())
    }
}

impl TryFrom<String> for Zone {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Self::parse(&s)
    }
}

impl From<Zone> for String {
    fn from(z: Zone) -> String {
        z.0.name().to_owned()
    }
}

/// A time of day, "HH:MM" on a 24-hour clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LocalTime(NaiveTime);

impl LocalTime {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim();
        let (h, m) = s.split_once(':').ok_or(Invalid::LocalTime)?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(Invalid::LocalTime);
        }
        let h: u32 = h.parse().map_err(|_| Invalid::LocalTime)?;
        let m: u32 = m.parse().map_err(|_| Invalid::LocalTime)?;
        NaiveTime::from_hms_opt(h, m, 0).map(Self).ok_or(Invalid::LocalTime)
    }

    pub fn time(self) -> NaiveTime {
        self.0
    }
}

impl std::fmt::Display for LocalTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%H:%M"))
    }
}

impl TryFrom<String> for LocalTime {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Self::parse(&s)
    }
}

impl From<LocalTime> for String {
    fn from(t: LocalTime) -> String {
        t.to_string()
    }
}

/// A daily window in the recipient's zone; it may wrap past midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub start: LocalTime,
    pub end: LocalTime,
}

impl QuietHours {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let (a, b) = raw.split_once('-').ok_or(Invalid::QuietHours)?;
        let start = LocalTime::parse(a).map_err(|_| Invalid::QuietHours)?;
        let end = LocalTime::parse(b).map_err(|_| Invalid::QuietHours)?;
        Ok(Self { start, end })
    }

    pub fn contains(&self, t: NaiveTime) -> bool {
        let (s, e) = (self.start.time(), self.end.time());
        if s <= e {
            s <= t && t < e
        } else {
            t >= s || t < e
        }
    }
}

impl std::fmt::Display for QuietHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_parse_loosely_and_refuse_inventions() {
        assert_eq!(Zone::parse("asia/karachi").unwrap().name(), "Asia/Karachi");
        assert_eq!(Zone::parse("Europe/Brussels").unwrap().name(), "Europe/Brussels");
        assert!(Zone::parse("Mars/Olympus").is_err());
        assert!(Zone::parse("").is_err());
    }

    #[test]
    fn times_and_quiet_hours() {
        assert_eq!(LocalTime::parse("7:05").unwrap().to_string(), "07:05");
        assert!(LocalTime::parse("24:00").is_err());
        assert!(LocalTime::parse("7h").is_err());
        let q = QuietHours::parse("22:00-07:00").unwrap();
        assert!(q.contains(NaiveTime::from_hms_opt(23, 0, 0).unwrap()));
        assert!(q.contains(NaiveTime::from_hms_opt(6, 59, 0).unwrap()));
        assert!(!q.contains(NaiveTime::from_hms_opt(7, 0, 0).unwrap()));
    }
}
