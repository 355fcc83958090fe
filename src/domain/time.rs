use std::ops::RangeInclusive;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
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

    /// The instant a wall-clock time names here. A time in a daylight-saving
    /// gap does not exist (None); one in the repeated hour is its first
    /// occurrence.
    pub fn resolve(self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        self.0.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
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
        // Digits only: `u32::from_str` would also take "+9".
        if !(1..=2).contains(&h.len()) || m.len() != 2 || !(h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()) {
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

/// The years a date may name, in programme.toml or typed by a coordinator.
/// Wide enough for any course, and narrow enough that every instant is
/// stored as the fixed-width "YYYY-MM-DDTHH:MM:SS.mmmZ" the database's CHECK
/// constraints demand, so that text order stays time order.
pub const YEARS: RangeInclusive<i32> = 2000..=2100;

/// A date and time on a wall clock, in no zone yet: "YYYY-MM-DD HH:MM" as a
/// coordinator types it (`/move`, a scheduled broadcast), or a session's
/// `starts` in programme.toml. Its year is within [`YEARS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalDateTime(NaiveDateTime);

impl LocalDateTime {
    /// "YYYY-MM-DD HH:MM": the date exactly so (four-digit year, two-digit
    /// month and day), the time as [`LocalTime`] reads it. Each refusal says
    /// which part was wrong.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let mut parts = raw.split_whitespace();
        let (Some(date), Some(time), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(Invalid::DateTime);
        };
        let mut ymd = date.rsplitn(3, '-');
        let (Some(d), Some(m), Some(y)) = (ymd.next(), ymd.next(), ymd.next()) else {
            return Err(Invalid::DateTime);
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) {
            // A year of the wrong width or with a sign ("21", "+10000",
            // "-0001") is a year problem; anything else is not a date at all.
            let yearish = !y.is_empty() && y.bytes().all(|b| b.is_ascii_digit() || b == b'+' || b == b'-');
            return Err(if yearish { Invalid::Year } else { Invalid::DateTime });
        }
        if !digits(m, 2) || !digits(d, 2) {
            return Err(Invalid::DateTime);
        }
        let number = |s: &str| s.parse::<u32>().map_err(|_| Invalid::DateTime);
        let year = i32::try_from(number(y)?).map_err(|_| Invalid::Year)?;
        if !YEARS.contains(&year) {
            return Err(Invalid::Year);
        }
        let date = NaiveDate::from_ymd_opt(year, number(m)?, number(d)?).ok_or(Invalid::Date)?;
        let time = LocalTime::parse(time).map_err(|_| Invalid::TimeOfDay)?;
        Ok(Self(date.and_time(time.time())))
    }

    /// A date and time read by another parser (programme.toml's TOML
    /// datetimes), held to the same years.
    pub fn new(local: NaiveDateTime) -> Result<Self, Invalid> {
        if YEARS.contains(&local.year()) {
            Ok(Self(local))
        } else {
            Err(Invalid::Year)
        }
    }

    pub fn naive(self) -> NaiveDateTime {
        self.0
    }

    /// The instant this names in `zone`; None in a daylight-saving gap.
    pub fn in_zone(self, zone: Zone) -> Option<DateTime<Utc>> {
        zone.resolve(self.0)
    }
}

impl std::fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d %H:%M"))
    }
}

impl TryFrom<NaiveDateTime> for LocalDateTime {
    type Error = Invalid;
    fn try_from(local: NaiveDateTime) -> Result<Self, Invalid> {
        Self::new(local)
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
        assert!(LocalTime::parse("+9:30").is_err(), "a sign is not a digit");
    }

    #[test]
    fn a_typed_date_and_time_is_read_strictly_and_says_what_was_wrong() {
        let ok = LocalDateTime::parse(" 2021-02-10  9:30 ").unwrap();
        assert_eq!(ok.to_string(), "2021-02-10 09:30");
        assert_eq!(LocalDateTime::parse("2000-01-01 00:00").unwrap().naive().to_string(), "2000-01-01 00:00:00");
        assert_eq!(LocalDateTime::parse("2100-12-31 23:59").unwrap().to_string(), "2100-12-31 23:59");
        for (typed, why) in [
            ("+10000-01-01 09:00", Invalid::Year),
            ("-0001-01-01 09:00", Invalid::Year),
            ("10000-01-01 09:00", Invalid::Year),
            ("21-02-09 9:30", Invalid::Year),
            ("2101-01-01 09:00", Invalid::Year),
            ("1999-12-31 23:59", Invalid::Year),
            ("+202-01-01 09:00", Invalid::Year),
            ("2021-02-30 09:00", Invalid::Date),
            ("2021-13-01 09:00", Invalid::Date),
            ("2021-00-10 09:00", Invalid::Date),
            ("2021-02-09 24:00", Invalid::TimeOfDay),
            ("2021-02-09 9.30", Invalid::TimeOfDay),
            ("2021-02-09 9:30pm", Invalid::TimeOfDay),
            ("2021-2-9 09:30", Invalid::DateTime),
            ("2021-02-+9 09:30", Invalid::DateTime),
            ("２０２１-02-09 09:30", Invalid::DateTime),
            ("tomorrow 09:00", Invalid::DateTime),
            ("2021-02-09", Invalid::DateTime),
            ("2021-02-09T09:30", Invalid::DateTime),
            ("2021-02-09 09:30 PKT", Invalid::DateTime),
            ("", Invalid::DateTime),
        ] {
            assert_eq!(LocalDateTime::parse(typed), Err(why), "{typed:?}");
        }
    }

    #[test]
    fn a_wall_clock_time_resolves_in_its_zone_and_a_gap_does_not() {
        let brussels = Zone::parse("Europe/Brussels").unwrap();
        let at = |s: &str| LocalDateTime::parse(s).unwrap().in_zone(brussels).map(|t| t.to_rfc3339());
        assert_eq!(at("2021-03-28 02:30"), None, "clocks skip from 02:00 to 03:00");
        assert_eq!(at("2021-03-28 03:00").as_deref(), Some("2021-03-28T01:00:00+00:00"));
        assert_eq!(at("2021-10-31 02:30").as_deref(), Some("2021-10-31T00:30:00+00:00"), "first of the two");
        let late = NaiveDate::from_ymd_opt(2101, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        assert_eq!(LocalDateTime::new(late), Err(Invalid::Year));
    }
}
