//! The language core: the Fluent files under `locales/<language>/`,
//! embedded at build time, and the few functions every renderer shares
//! (a message by id, dates, times, numbers, someone's language).
//!
//! One folder per language, with the same message ids and the same
//! `$variables` as `locales/en/` (a test in `i18n` fails otherwise). A
//! message missing in a language falls back to English, and the gap is
//! logged once. Dates, times and numbers are written the way each
//! language's `common.ftl` says (weekday and month names, "09:30" or
//! "9 h 30", "2,000" or "2 000"). Adding a language is a folder of
//! translations: nothing in the code names one.
//!
//! It sits low, beside `domain`, so that the config loader can ask which
//! languages exist; what a person reads is composed above it, in `i18n`.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use fluent_templates::fluent_bundle::{FluentResource, FluentValue};
use fluent_templates::{LanguageIdentifier, Loader};

pub use crate::domain::{Lang, LanguageSettings};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| { customise(bundle); },
    };
}

/// The values of a message's `$variables`.
pub type Args<'a> = HashMap<&'static str, FluentValue<'a>>;

/// Plain text, no invisible marks: Fluent would otherwise wrap every
/// `$variable` in Unicode isolation marks, which Telegram shows as they are
/// and which make names unsearchable. `NUM()` writes a number with the
/// language's own group separator; `TWO()` with two digits at least (09).
fn customise(bundle: &mut fluent_templates::FluentBundle<&'static FluentResource>) {
    bundle.set_use_isolating(false);
    let separator = bundle
        .get_message("number-group-separator")
        .and_then(|m| m.value())
        .map(|p| bundle.format_pattern(p, None, &mut Vec::new()).into_owned())
        .unwrap_or_default();
    bundle
        .add_function("NUM", move |args, _named| match args.first() {
            Some(FluentValue::Number(n)) => FluentValue::String(group_digits(n.value, &separator).into()),
            Some(other) => other.clone(),
            None => FluentValue::None,
        })
        .expect("NUM is defined once");
    bundle
        .add_function("TWO", |args, _named| match args.first() {
            Some(FluentValue::Number(n)) => FluentValue::String(format!("{:02}", n.value as i64).into()),
            Some(other) => other.clone(),
            None => FluentValue::None,
        })
        .expect("TWO is defined once");
}

/// 2000 → "2,000" with ",", 2000000.5 → "2,000,000.5".
fn group_digits(n: f64, separator: &str) -> String {
    let text = if n.fract() == 0.0 { format!("{}", n as i64) } else { n.to_string() };
    let (sign, rest) = text.strip_prefix('-').map_or(("", text.as_str()), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(separator);
        }
        grouped.push(digit);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn id(lang: &Lang) -> LanguageIdentifier {
    lang.as_str().parse().unwrap_or_else(|_| LanguageIdentifier::default())
}

static REPORTED: LazyLock<Mutex<HashSet<(String, String)>>> = LazyLock::new(Default::default);

/// The message `key` in `lang`, with `args`. A message missing in `lang`
/// (or failing there) comes in English, and the gap is logged once.
pub fn tr(lang: &Lang, key: &str, args: &Args<'_>) -> String {
    let args = if args.is_empty() { None } else { Some(args) };
    match LOCALES.lookup_single_language(&id(lang), key, args) {
        Ok(text) => return text,
        Err(e) => {
            if REPORTED.lock().expect("reported").insert((lang.to_string(), key.to_owned())) {
                tracing::warn!(lang = %lang, key, error = %e, "a message is missing or broken; English instead");
            }
        }
    }
    if *lang != Lang::english() {
        if let Ok(text) = LOCALES.lookup_single_language(&id(&Lang::english()), key, args) {
            return text;
        }
    }
    key.to_owned()
}

/// A message without variables, or with the given ones:
/// `t!(lang, "enquiry-opened", id = 12, name = "Ayesha")`.
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:expr) => {
        $crate::locale::tr($lang, $key, &$crate::locale::Args::new())
    };
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::locale::Args::new();
        $( args.insert(stringify!($name), $crate::locale::Arg::arg($value)); )+
        $crate::locale::tr($lang, $key, &args)
    }};
}

/// What can be a message's `$variable`: text and numbers.
pub trait Arg<'a> {
    fn arg(self) -> FluentValue<'a>;
}

impl<'a> Arg<'a> for &'a str {
    fn arg(self) -> FluentValue<'a> {
        FluentValue::from(self)
    }
}

impl<'a> Arg<'a> for &'a String {
    fn arg(self) -> FluentValue<'a> {
        FluentValue::from(self.as_str())
    }
}

impl<'a> Arg<'a> for String {
    fn arg(self) -> FluentValue<'a> {
        FluentValue::from(self)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl<'a> Arg<'a> for $t {
            fn arg(self) -> FluentValue<'a> {
                FluentValue::from(self)
            }
        }
    )*};
}
number_arg!(i32, i64, u32, u64, usize, f64);

/// The languages the bot speaks: one per folder under `locales/`, fixed at
/// build time, so listed once (every update asks, through `resolve`).
static LANGUAGES: LazyLock<Vec<Lang>> = LazyLock::new(|| {
    let mut all: Vec<Lang> = LOCALES.locales().filter_map(|l| Lang::parse(&l.to_string()).ok()).collect();
    all.sort();
    all.dedup();
    all
});

pub fn languages() -> Vec<Lang> {
    LANGUAGES.clone()
}

pub fn is_available(lang: &Lang) -> bool {
    LANGUAGES.contains(lang)
}

/// The language of someone whose Telegram is set to `code`: that language
/// if the bot speaks it, else `otherwise`.
pub fn from_telegram(code: Option<&str>, otherwise: &Lang) -> Lang {
    code.and_then(|c| Lang::parse(c).ok()).filter(is_available).unwrap_or_else(|| otherwise.clone())
}

/// Someone's language: the one they chose, else the one their Telegram is
/// set to (the live setting of the update in hand before the stored one),
/// else their course's, else the programme's — the first the bot speaks.
pub fn resolve(settings: &LanguageSettings, live: Option<&str>, programme: &Lang) -> Lang {
    let live = live.and_then(|c| Lang::parse(c).ok());
    let found = [settings.chosen.as_ref(), live.as_ref(), settings.telegram.as_ref(), settings.course.as_ref()]
        .into_iter()
        .flatten()
        .find(|l| is_available(l))
        .cloned();
    found.unwrap_or_else(|| programme.clone())
}

/// The language's name in itself ("English", "Français").
pub fn language_name(lang: &Lang) -> String {
    t!(lang, "language-name")
}

/// A number as people write it in `lang`: "2,000", "2 000".
pub fn number(lang: &Lang, n: i64) -> String {
    t!(lang, "number", n = n)
}

/// "Tuesday 9 February 2021", "mardi 9 février 2021".
pub fn date(lang: &Lang, d: NaiveDate) -> String {
    date_as(lang, "date-long", d)
}

/// "Tuesday 9 February", "mardi 9 février".
pub fn day(lang: &Lang, d: NaiveDate) -> String {
    date_as(lang, "date-short", d)
}

/// A date at the start of a line: "Tuesday 9 February", "Mardi 9 février".
pub fn day_heading(lang: &Lang, d: NaiveDate) -> String {
    capitalized(&day(lang, d))
}

fn date_as(lang: &Lang, key: &str, d: NaiveDate) -> String {
    let weekday = tr(lang, &format!("weekday-{}", d.weekday().number_from_monday()), &Args::new());
    let month = tr(lang, &format!("month-{}", d.month()), &Args::new());
    let mut args = Args::new();
    args.insert("weekday", FluentValue::from(weekday));
    args.insert("month", FluentValue::from(month));
    args.insert("day", FluentValue::from(d.day()));
    // A year is written without grouping.
    args.insert("year", FluentValue::from(d.year().to_string()));
    tr(lang, key, &args)
}

/// "09:30", "9 h 30".
pub fn time(lang: &Lang, t: NaiveTime) -> String {
    t!(lang, "time", hour = t.hour(), minute = t.minute())
}

/// A duration as people say it: "under a minute", "12 min", "3 h 05 min",
/// "2 d 4 h" ("2 j 4 h").
pub fn duration(lang: &Lang, d: chrono::Duration) -> String {
    let m = d.num_minutes().max(0);
    match m {
        0 => t!(lang, "duration-under-a-minute"),
        1..=59 => t!(lang, "duration-minutes", minutes = m),
        60..=1439 => t!(lang, "duration-hours", hours = m / 60, minutes = m % 60),
        _ => t!(lang, "duration-days", days = m / 1440, hours = (m % 1440) / 60),
    }
}

/// What someone typed, quoted back: trimmed, and cut to `max` characters
/// with "…", so a reply or a frame stays readable.
pub fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// The first letter in upper case (a line that starts with a date).
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// For messages built outside the macro.
pub fn args<'a>(pairs: impl IntoIterator<Item = (&'static str, FluentValue<'a>)>) -> Args<'a> {
    pairs.into_iter().collect()
}
