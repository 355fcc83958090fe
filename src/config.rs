//! `CONFIG_DIR`'s three files, parsed into typed settings. This is the only
//! module that reads TOML. A bad file yields one [`ConfigError`] naming the
//! file, the key and the problem; nothing is returned half-parsed.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Deserialize;

use crate::domain::lesson::{AttendanceRules, EvaluationQuestion, FeedbackRules, QuestionId, QuestionKind};
use crate::domain::{
    CourseCode, Email, Enrolment, FaqId, FaqRow, FaqText, Invalid, Lang, LocalDateTime, LocalTime, QuietHours,
    SessionId, Zone,
};
use crate::locale;

pub const BOT_FILE: &str = "bot.toml";
pub const PROGRAMME_FILE: &str = "programme.toml";
pub const FAQ_FILE: &str = "faq.toml";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {key}: {problem}")]
pub struct ConfigError {
    pub file: String,
    pub key: String,
    pub problem: String,
}

impl ConfigError {
    fn new(file: &Path, key: impl Into<String>, problem: impl Into<String>) -> Self {
        Self { file: file.display().to_string(), key: key.into(), problem: problem.into() }
    }
}

/// Everything the bot needs from `CONFIG_DIR`.
#[derive(Debug, Clone)]
pub struct Config {
    pub bot: BotConfig,
    pub programme: Programme,
    pub faq: Faq,
}

impl Config {
    pub fn load(dir: &Path) -> Result<Self, ConfigError> {
        let bot = BotConfig::load(&dir.join(BOT_FILE))?;
        let (programme, faq) = load_content(dir, bot.programme.timezone, &bot.programme.language)?;
        Ok(Self { bot, programme, faq })
    }
}

/// The two files `/reload` re-reads. Both parse before either is applied.
pub fn load_content(dir: &Path, default_zone: Zone, default_lang: &Lang) -> Result<(Programme, Faq), ConfigError> {
    let programme = Programme::load(&dir.join(PROGRAMME_FILE), default_zone, default_lang)?;
    let faq = Faq::load(&dir.join(FAQ_FILE), default_lang)?;
    Ok((programme, faq))
}

// ---------------------------------------------------------------- bot.toml

#[derive(Debug, Clone)]
pub struct BotConfig {
    pub programme: ProgrammeSettings,
    pub coordinators: Coordinators,
    pub reminders: Reminders,
    pub telegram: TelegramLimits,
    pub storage: Storage,
}

/// `[storage]`: where daily backups go, if anywhere, and how many are kept.
#[derive(Debug, Clone, Default)]
pub struct Storage {
    /// Daily backups are off without it.
    pub backup_dir: Option<PathBuf>,
    pub keep: u32,
}

#[derive(Debug, Clone)]
pub struct ProgrammeSettings {
    pub name: String,
    pub contact_email: Email,
    pub timezone: Zone,
    /// The language of anyone who has not chosen one and whose Telegram is
    /// set to a language the bot does not speak.
    pub language: Lang,
}

#[derive(Debug, Clone)]
pub struct Coordinators {
    pub user_ids: BTreeSet<i64>,
    pub staff_chat_id: Option<i64>,
}

impl Coordinators {
    pub fn contains(&self, user_id: i64) -> bool {
        self.user_ids.contains(&user_id)
    }
}

#[derive(Debug, Clone)]
pub struct Reminders {
    pub daily_digest: LocalTime,
    pub lead_minutes: u32,
    pub quiet_hours: Option<QuietHours>,
}

#[derive(Debug, Clone)]
pub struct TelegramLimits {
    pub messages_per_second: u32,
    pub per_chat_per_second: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBot {
    programme: RawProgrammeSettings,
    coordinators: RawCoordinators,
    #[serde(default)]
    reminders: RawReminders,
    #[serde(default)]
    telegram: RawTelegram,
    #[serde(default)]
    storage: RawStorage,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawStorage {
    backup_dir: Option<String>,
    keep: Option<i64>,
}

/// Backups kept when `[storage] keep` is not given: a week.
pub const DEFAULT_BACKUPS_KEPT: u32 = 7;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgrammeSettings {
    name: String,
    contact_email: String,
    timezone: String,
    #[serde(default = "default_language")]
    language: String,
}

/// A language the bot speaks: one with a folder under `locales/`.
fn language(path: &Path, key: &str, raw: &str) -> Result<Lang, ConfigError> {
    let lang = Lang::parse(raw).map_err(|e| ConfigError::new(path, key, e.to_string()))?;
    if locale::is_available(&lang) {
        return Ok(lang);
    }
    let have: Vec<String> = locale::languages().iter().map(|l| l.to_string()).collect();
    Err(ConfigError::new(path, key, format!("there is no translation for {lang:?} (locales/ has {})", have.join(", "))))
}

fn default_language() -> String {
    "en".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCoordinators {
    user_ids: Vec<i64>,
    staff_chat_id: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReminders {
    #[serde(default = "default_digest")]
    daily_digest: String,
    #[serde(default = "default_lead")]
    lead_minutes: i64,
    quiet_hours: Option<String>,
}

impl Default for RawReminders {
    fn default() -> Self {
        Self { daily_digest: default_digest(), lead_minutes: default_lead(), quiet_hours: None }
    }
}

fn default_digest() -> String {
    "07:00".into()
}
fn default_lead() -> i64 {
    15
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTelegram {
    #[serde(default = "default_mps")]
    messages_per_second: i64,
    #[serde(default = "default_pcps")]
    per_chat_per_second: i64,
}

impl Default for RawTelegram {
    fn default() -> Self {
        Self { messages_per_second: default_mps(), per_chat_per_second: default_pcps() }
    }
}

fn default_mps() -> i64 {
    30
}
fn default_pcps() -> i64 {
    1
}

impl BotConfig {
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let raw: RawBot = parse_file(path)?;
        let bad = |key: &str, e: Invalid| ConfigError::new(path, key, e.to_string());
        let p = raw.programme;
        if p.name.trim().is_empty() {
            return Err(ConfigError::new(path, "programme.name", "must not be empty"));
        }
        let programme = ProgrammeSettings {
            name: p.name.trim().to_owned(),
            contact_email: Email::parse(&p.contact_email).map_err(|e| bad("programme.contact_email", e))?,
            timezone: Zone::parse(&p.timezone).map_err(|e| bad("programme.timezone", e))?,
            language: language(path, "programme.language", &p.language)?,
        };
        let c = raw.coordinators;
        if let Some(id) = c.user_ids.iter().find(|id| **id <= 0) {
            return Err(ConfigError::new(
                path,
                "coordinators.user_ids",
                format!("{id} is not a Telegram user id (user ids are positive)"),
            ));
        }
        if c.staff_chat_id.is_some_and(|id| id >= 0) {
            return Err(ConfigError::new(
                path,
                "coordinators.staff_chat_id",
                "must be a group's chat id, which is negative (supergroups start with -100)",
            ));
        }
        let coordinators = Coordinators { user_ids: c.user_ids.into_iter().collect(), staff_chat_id: c.staff_chat_id };
        let r = raw.reminders;
        let lead_minutes = u32::try_from(r.lead_minutes)
            .ok()
            .filter(|m| *m <= 24 * 60)
            .ok_or_else(|| ConfigError::new(path, "reminders.lead_minutes", "must be 0–1440"))?;
        let reminders = Reminders {
            daily_digest: LocalTime::parse(&r.daily_digest).map_err(|e| bad("reminders.daily_digest", e))?,
            lead_minutes,
            quiet_hours: r
                .quiet_hours
                .as_deref()
                .map(QuietHours::parse)
                .transpose()
                .map_err(|e| bad("reminders.quiet_hours", e))?,
        };
        let positive = |key: &str, v: i64| {
            u32::try_from(v)
                .ok()
                .filter(|v| (1..=100_000).contains(v))
                .ok_or_else(|| ConfigError::new(path, key, "must be a whole number from 1 upwards"))
        };
        let telegram = TelegramLimits {
            messages_per_second: positive("telegram.messages_per_second", raw.telegram.messages_per_second)?,
            per_chat_per_second: positive("telegram.per_chat_per_second", raw.telegram.per_chat_per_second)?,
        };
        let storage = Storage {
            backup_dir: match raw.storage.backup_dir {
                None => None,
                // Relative to wherever the service happens to start would
                // put backups somewhere nobody looks.
                Some(d) if Path::new(d.trim()).is_absolute() => Some(PathBuf::from(d.trim())),
                Some(_) => {
                    return Err(ConfigError::new(
                        path,
                        "storage.backup_dir",
                        "must be an absolute path, e.g. \"/var/lib/copes-bot/backups\"",
                    ))
                }
            },
            keep: match raw.storage.keep {
                None => DEFAULT_BACKUPS_KEPT,
                Some(n) => u32::try_from(n)
                    .ok()
                    .filter(|n| (1..=3650).contains(n))
                    .ok_or_else(|| ConfigError::new(path, "storage.keep", "must be a whole number from 1 to 3650"))?,
            },
        };
        Ok(Self { programme, coordinators, reminders, telegram, storage })
    }
}

// ---------------------------------------------------------- programme.toml

#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    pub courses: Vec<Course>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub code: CourseCode,
    pub title: String,
    pub zone: Zone,
    pub location: String,
    pub enrolment: Enrolment,
    /// Only for invite-only courses: the deep-link payload that admits.
    pub invite_code: Option<String>,
    pub capacity: u32,
    /// Its participants' default language (else the programme's).
    pub language: Option<Lang>,
    pub sessions: Vec<Session>,
    pub attendance: AttendanceRules,
    pub feedback: FeedbackRules,
    /// The questions of the course evaluation, asked after its last
    /// session in this order (none: no evaluation).
    pub evaluation: Vec<EvaluationQuestion>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: SessionId,
    /// As written, in the course's zone.
    pub starts_local: NaiveDateTime,
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub title: String,
    pub speaker: Option<String>,
    pub room: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgramme {
    #[serde(default)]
    course: Vec<RawCourse>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    code: String,
    title: String,
    timezone: Option<String>,
    location: String,
    #[serde(default = "default_enrolment")]
    enrolment: String,
    invite_code: Option<String>,
    capacity: i64,
    language: Option<String>,
    #[serde(default)]
    session: Vec<RawSession>,
    attendance: Option<RawAttendance>,
    feedback: Option<RawFeedback>,
    certificate_min_attendance: Option<f64>,
    anonymous_feedback: Option<bool>,
    #[serde(default)]
    evaluation: Vec<toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttendance {
    #[serde(default)]
    require_code: bool,
    window_minutes: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeedback {
    delay_minutes: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    kind: String,
    question: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestionText {
    question: String,
}

fn default_enrolment() -> String {
    "open".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    id: String,
    starts: toml::value::Datetime,
    minutes: i64,
    title: String,
    speaker: Option<String>,
    room: Option<String>,
}

/// Resolves a local wall-clock time in `zone`. A time that falls in a
/// daylight-saving gap does not exist and is refused; one in the repeated
/// hour takes its first occurrence.
pub fn resolve_local(zone: Zone, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    zone.resolve(local)
}

fn local_datetime(dt: &toml::value::Datetime) -> Result<NaiveDateTime, String> {
    if dt.offset.is_some() {
        return Err("must be a local date and time without an offset (it is read in the course's time zone)".into());
    }
    let (Some(d), Some(t)) = (dt.date, dt.time) else {
        return Err("must be a date and time such as 2021-02-09T09:30:00".into());
    };
    let date = NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()).ok_or("is not a valid date")?;
    let time = NaiveTime::from_hms_opt(t.hour.into(), t.minute.into(), t.second.into()).ok_or("is not a valid time")?;
    let local = date.and_time(time);
    LocalDateTime::new(local)
        .map(LocalDateTime::naive)
        .map_err(|e| format!("{} {e}", local.format("%Y-%m-%dT%H:%M:%S")))
}

fn non_empty(path: &Path, key: &str, v: &str, max: usize) -> Result<String, ConfigError> {
    let v = v.trim();
    if v.is_empty() {
        return Err(ConfigError::new(path, key, "must not be empty"));
    }
    if v.chars().count() > max {
        return Err(ConfigError::new(path, key, format!("must be at most {max} characters")));
    }
    Ok(v.to_owned())
}

fn optional(path: &Path, key: &str, v: Option<String>) -> Result<Option<String>, ConfigError> {
    match v {
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => non_empty(path, key, &s, 200).map(Some),
        None => Ok(None),
    }
}

impl Programme {
    /// `default_lang`: the programme's, in which a course's texts (its
    /// evaluation questions) are written unless the course names its own.
    pub fn load(path: &Path, default_zone: Zone, default_lang: &Lang) -> Result<Self, ConfigError> {
        let raw: RawProgramme = parse_file(path)?;
        Self::from_raw(path, raw, default_zone, default_lang)
    }

    fn from_raw(path: &Path, raw: RawProgramme, default_zone: Zone, default_lang: &Lang) -> Result<Self, ConfigError> {
        let mut codes = HashSet::new();
        let mut invites = HashSet::new();
        let mut session_ids = HashSet::new();
        let mut courses = Vec::with_capacity(raw.course.len());
        for (ci, c) in raw.course.into_iter().enumerate() {
            let k = |field: &str| format!("course[{ci}].{field}");
            let code = CourseCode::parse(&c.code).map_err(|e| ConfigError::new(path, k("code"), e.to_string()))?;
            if !codes.insert(code.clone()) {
                return Err(ConfigError::new(path, k("code"), format!("{code} appears twice")));
            }
            let zone = match c.timezone {
                Some(z) => Zone::parse(&z).map_err(|e| ConfigError::new(path, k("timezone"), e.to_string()))?,
                None => default_zone,
            };
            let enrolment =
                Enrolment::parse(&c.enrolment).map_err(|e| ConfigError::new(path, k("enrolment"), e.to_string()))?;
            let invite_code = match (enrolment, c.invite_code) {
                (Enrolment::Invite, Some(inv)) => {
                    let inv = inv.trim().to_owned();
                    let ok = (4..=64).contains(&inv.len())
                        && inv.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
                    if !ok {
                        return Err(ConfigError::new(
                            path,
                            k("invite_code"),
                            "must be 4–64 characters: letters, digits, '-' and '_' (it travels in a t.me link)",
                        ));
                    }
                    if codes.iter().any(|c| c.as_str().eq_ignore_ascii_case(&inv)) || !invites.insert(inv.clone()) {
                        return Err(ConfigError::new(
                            path,
                            k("invite_code"),
                            "must differ from every course code and other invite code",
                        ));
                    }
                    Some(inv)
                }
                (Enrolment::Invite, None) => {
                    return Err(ConfigError::new(path, k("invite_code"), "is required when enrolment = \"invite\""))
                }
                (Enrolment::Open, Some(_)) => {
                    return Err(ConfigError::new(path, k("invite_code"), "only applies when enrolment = \"invite\""))
                }
                (Enrolment::Open, None) => None,
            };
            let capacity =
                u32::try_from(c.capacity).map_err(|_| ConfigError::new(path, k("capacity"), "must be zero or more"))?;
            let mut sessions = Vec::with_capacity(c.session.len());
            for (si, s) in c.session.into_iter().enumerate() {
                let sk = |field: &str| format!("course[{ci}].session[{si}].{field}");
                let id = SessionId::parse(&s.id).map_err(|e| ConfigError::new(path, sk("id"), e.to_string()))?;
                if !session_ids.insert(id.clone()) {
                    return Err(ConfigError::new(path, sk("id"), format!("{id} appears twice")));
                }
                let starts_local = local_datetime(&s.starts).map_err(|p| ConfigError::new(path, sk("starts"), p))?;
                let starts_at = resolve_local(zone, starts_local).ok_or_else(|| {
                    ConfigError::new(
                        path,
                        sk("starts"),
                        format!("{starts_local} does not exist in {zone} (a daylight-saving gap)"),
                    )
                })?;
                let minutes = u32::try_from(s.minutes)
                    .ok()
                    .filter(|m| (1..=24 * 60).contains(m))
                    .ok_or_else(|| ConfigError::new(path, sk("minutes"), "must be 1–1440"))?;
                sessions.push(Session {
                    id,
                    starts_local,
                    starts_at,
                    minutes,
                    title: non_empty(path, &sk("title"), &s.title, 200)?,
                    speaker: optional(path, &sk("speaker"), s.speaker)?,
                    room: optional(path, &sk("room"), s.room)?,
                });
            }
            sessions.sort_by_key(|s| s.starts_at);
            let course_lang = c.language.as_deref().map(|l| language(path, &k("language"), l)).transpose()?;
            courses.push(Course {
                code,
                title: non_empty(path, &k("title"), &c.title, 200)?,
                zone,
                location: non_empty(path, &k("location"), &c.location, 200)?,
                enrolment,
                invite_code,
                capacity,
                evaluation: evaluation(path, ci, c.evaluation, course_lang.as_ref().unwrap_or(default_lang))?,
                language: course_lang,
                sessions,
                attendance: attendance_rules(path, &k(""), c.attendance, c.certificate_min_attendance)?,
                feedback: feedback_rules(path, &k("feedback"), c.feedback, c.anonymous_feedback)?,
            });
        }
        Ok(Self { courses })
    }
}

/// `course`: the course's key prefix ("course[2]."), for errors.
fn attendance_rules(
    path: &Path,
    course: &str,
    raw: Option<RawAttendance>,
    certificate_min_attendance: Option<f64>,
) -> Result<AttendanceRules, ConfigError> {
    let min = certificate_min_attendance;
    if min.is_some_and(|m| !(0.0..=1.0).contains(&m)) {
        return Err(ConfigError::new(
            path,
            format!("{course}certificate_min_attendance"),
            "must be a share from 0 to 1, such as 0.8 for 80 %",
        ));
    }
    let defaults = AttendanceRules::default();
    let Some(raw) = raw else { return Ok(AttendanceRules { certificate_min_attendance: min, ..defaults }) };
    let window_minutes = match raw.window_minutes {
        None => defaults.window_minutes,
        Some(m) => u32::try_from(m)
            .ok()
            .filter(|m| (1..=24 * 60).contains(m))
            .ok_or_else(|| ConfigError::new(path, format!("{course}attendance.window_minutes"), "must be 1–1440"))?,
    };
    Ok(AttendanceRules { require_code: raw.require_code, window_minutes, certificate_min_attendance: min })
}

fn feedback_rules(
    path: &Path,
    at: &str,
    raw: Option<RawFeedback>,
    anonymous: Option<bool>,
) -> Result<FeedbackRules, ConfigError> {
    let anonymous = anonymous.unwrap_or(true);
    let delay_minutes = match raw.and_then(|r| r.delay_minutes) {
        None => FeedbackRules::default().delay_minutes,
        Some(m) => u32::try_from(m)
            .ok()
            .filter(|m| *m <= 7 * 24 * 60)
            .ok_or_else(|| ConfigError::new(path, format!("{at}.delay_minutes"), "must be 0–10080 (a week)"))?,
    };
    Ok(FeedbackRules { delay_minutes, anonymous })
}

/// `[[course.evaluation]]`, each with optional `[course.evaluation.<lang>]`
/// sub-tables, read like the FAQ's translations.
fn evaluation(
    path: &Path,
    ci: usize,
    raw: Vec<toml::Table>,
    own: &Lang,
) -> Result<Vec<EvaluationQuestion>, ConfigError> {
    let mut ids = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (qi, mut table) in raw.into_iter().enumerate() {
        let k = |field: &str| format!("course[{ci}].evaluation[{qi}].{field}");
        let subtables: Vec<String> = table.iter().filter(|(_, v)| v.is_table()).map(|(k, _)| k.clone()).collect();
        let mut text = BTreeMap::new();
        for key in subtables {
            let Some(toml::Value::Table(sub)) = table.remove(&key) else { continue };
            let lang = language(path, &k(&key), &key)?;
            let t: RawQuestionText = from_table(path, &k(&key), sub)?;
            text.insert(lang, non_empty(path, &format!("{}.question", k(&key)), &t.question, 300)?);
        }
        let q: RawQuestion = from_table(path, &format!("course[{ci}].evaluation[{qi}]"), table)?;
        let id = QuestionId::parse(&q.id).map_err(|e| ConfigError::new(path, k("id"), e.to_string()))?;
        if !ids.insert(id.clone()) {
            return Err(ConfigError::new(path, k("id"), format!("{id} appears twice in this course")));
        }
        let kind = QuestionKind::try_from(q.kind.as_str())
            .map_err(|_| ConfigError::new(path, k("kind"), "must be \"rating\" (1–5) or \"text\""))?;
        text.insert(own.clone(), non_empty(path, &k("question"), &q.question, 300)?);
        out.push(EvaluationQuestion { id, kind, text });
    }
    Ok(out)
}

// ---------------------------------------------------------------- faq.toml

#[derive(Debug, Clone, PartialEq)]
pub struct Faq {
    /// The language of the entries' own text.
    pub language: Lang,
    pub entries: Vec<FaqEntry>,
}

/// One question and its answer. Its own text is in the FAQ's language;
/// `translations` holds the same entry in other languages.
#[derive(Debug, Clone, PartialEq)]
pub struct FaqEntry {
    pub id: FaqId,
    pub text: FaqText,
    pub translations: BTreeMap<Lang, FaqText>,
}

impl FaqEntry {
    /// The entry as the database and the matcher hold it, its own text in
    /// `language` (the FAQ's).
    pub fn to_row(&self, language: &Lang) -> FaqRow {
        FaqRow {
            id: self.id.to_string(),
            language: language.clone(),
            text: self.text.clone(),
            translations: self.translations.clone(),
            learned: Default::default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaq {
    language: Option<String>,
    #[serde(default)]
    faq: Vec<toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaqEntry {
    id: String,
    question: String,
    #[serde(default)]
    keywords: Vec<String>,
    answer: String,
    #[serde(default)]
    examples: Vec<String>,
}

/// `[faq.fr]` and the like: the entry in another language.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaqText {
    question: String,
    #[serde(default)]
    keywords: Vec<String>,
    answer: String,
    #[serde(default)]
    examples: Vec<String>,
}

impl Faq {
    /// Entries without a single example in any language: the matcher then
    /// knows them only by their question, keywords and answer.
    pub fn without_examples(&self) -> Vec<&FaqId> {
        self.entries
            .iter()
            .filter(|e| e.text.examples.is_empty() && e.translations.values().all(|t| t.examples.is_empty()))
            .map(|e| &e.id)
            .collect()
    }

    /// `default_lang`: the entries' language unless the file names one.
    pub fn load(path: &Path, default_lang: &Lang) -> Result<Self, ConfigError> {
        Self::from_raw(path, parse_file(path)?, default_lang)
    }

    fn from_raw(path: &Path, raw: RawFaq, default_lang: &Lang) -> Result<Self, ConfigError> {
        let own = match &raw.language {
            Some(l) => language(path, "language", l)?,
            None => default_lang.clone(),
        };
        let mut ids = HashSet::new();
        let mut entries = Vec::with_capacity(raw.faq.len());
        for (i, mut table) in raw.faq.into_iter().enumerate() {
            let k = |field: &str| format!("faq[{i}].{field}");
            // A sub-table is the entry in another language; the rest is the
            // entry itself, read strictly so a misspelt key is refused.
            let subtables: Vec<String> = table.iter().filter(|(_, v)| v.is_table()).map(|(k, _)| k.clone()).collect();
            let mut translations = BTreeMap::new();
            for key in subtables {
                let Some(toml::Value::Table(sub)) = table.remove(&key) else { continue };
                let lang = language(path, &k(&key), &key)?;
                let raw: RawFaqText = from_table(path, &k(&key), sub)?;
                let text = faq_text(path, &k(&key), raw.question, raw.answer, &raw.keywords, &raw.examples)?;
                translations.insert(lang, text);
            }
            let e: RawFaqEntry = from_table(path, &format!("faq[{i}]"), table)?;
            let id = FaqId::parse(&e.id).map_err(|err| ConfigError::new(path, k("id"), err.to_string()))?;
            if !ids.insert(id.clone()) {
                return Err(ConfigError::new(path, k("id"), format!("{id} appears twice")));
            }
            let text = faq_text(path, &format!("faq[{i}]"), e.question, e.answer, &e.keywords, &e.examples)?;
            translations.remove(&own);
            entries.push(FaqEntry { id, text, translations });
        }
        Ok(Self { language: own, entries })
    }
}

/// An entry's text in one language, checked; `at` is its key ("faq[3]",
/// "faq[3].fr").
fn faq_text(
    path: &Path,
    at: &str,
    question: String,
    answer: String,
    keywords: &[String],
    examples: &[String],
) -> Result<FaqText, ConfigError> {
    let examples = examples
        .iter()
        .enumerate()
        .map(|(n, x)| non_empty(path, &format!("{at}.examples[{n}]"), x, 300))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(FaqText {
        question: non_empty(path, &format!("{at}.question"), &question, 300)?,
        answer: non_empty(path, &format!("{at}.answer"), &answer, 3500)?,
        keywords: keywords.iter().map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect(),
        examples,
    })
}

/// A table already parsed, read as `T`; errors name the key under `at`.
fn from_table<T: serde::de::DeserializeOwned>(path: &Path, at: &str, table: toml::Table) -> Result<T, ConfigError> {
    serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| {
        let key = match e.path().to_string() {
            p if p == "." => at.to_owned(),
            p => format!("{at}.{p}"),
        };
        ConfigError::new(path, key, e.into_inner().message().trim())
    })
}

// ------------------------------------------------------------------ parsing

fn parse_file<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, ConfigError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| ConfigError::new(path, "(file)", format!("cannot be read: {e}")))?;
    parse_str(path, &text)
}

fn parse_str<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, ConfigError> {
    let line_of =
        |span: Option<std::ops::Range<usize>>| span.map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let de = toml::de::Deserializer::parse(text).map_err(|e| {
        // A syntax error has no key path; the key written on the offending
        // line (if any) and the line number stand in for it.
        let key = match line_of(e.span()) {
            Some(n) => {
                let line = text.lines().nth(n - 1).unwrap_or_default();
                match line.split_once('=').map(|(k, _)| k.trim()) {
                    Some(k) if !k.is_empty() && !k.starts_with('[') => format!("{k} (line {n})"),
                    _ => format!("line {n}"),
                }
            }
            None => "(syntax)".to_owned(),
        };
        ConfigError::new(path, key, e.message().trim())
    })?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let key = match e.path().to_string() {
            p if p == "." => "(top level)".to_owned(),
            p => p,
        };
        let inner = e.into_inner();
        let at = line_of(inner.span()).map(|n| format!(" (line {n})")).unwrap_or_default();
        ConfigError::new(path, key, format!("{}{at}", inner.message().trim()))
    })
}

/// Where the configuration lives: `CONFIG_DIR` or `config`.
pub fn config_dir() -> PathBuf {
    std::env::var_os("CONFIG_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("config"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn programme(text: &str) -> Result<Programme, ConfigError> {
        let path = Path::new("programme.toml");
        let raw: RawProgramme = parse_str(path, text)?;
        Programme::from_raw(path, raw, Zone::parse("Asia/Karachi").unwrap(), &Lang::english())
    }

    const COURSE: &str = "[[course]]\ncode = \"C-1\"\ntitle = \"T\"\nlocation = \"L\"\ncapacity = 2\n";

    #[test]
    fn a_course_without_lesson_settings_takes_attendance_by_button_and_has_no_evaluation() {
        let c = &programme(COURSE).unwrap().courses[0];
        assert_eq!(
            c.attendance,
            AttendanceRules { require_code: false, window_minutes: 30, certificate_min_attendance: None }
        );
        assert_eq!(c.feedback, FeedbackRules { delay_minutes: 10, anonymous: true });
        assert!(c.evaluation.is_empty());
    }

    #[test]
    fn attendance_feedback_and_the_evaluation_are_read_per_course_with_translations() {
        let text = format!(
            "{COURSE}certificate_min_attendance = 0.8\nanonymous_feedback = false\n\
             [course.attendance]\nrequire_code = true\nwindow_minutes = 20\n\
             [course.feedback]\ndelay_minutes = 0\n\
             [[course.evaluation]]\nid = \"overall\"\nkind = \"rating\"\nquestion = \"How useful was the course?\"\n\
             [course.evaluation.fr]\nquestion = \"Le cours vous a-t-il été utile ?\"\n\
             [[course.evaluation]]\nid = \"improve\"\nkind = \"text\"\nquestion = \"What should change?\"\n"
        );
        let c = &programme(&text).unwrap().courses[0];
        assert_eq!(
            c.attendance,
            AttendanceRules { require_code: true, window_minutes: 20, certificate_min_attendance: Some(0.8) }
        );
        assert_eq!(c.feedback, FeedbackRules { delay_minutes: 0, anonymous: false });
        assert_eq!(c.evaluation.len(), 2);
        let first = &c.evaluation[0];
        assert_eq!((first.id.as_str(), first.kind), ("overall", QuestionKind::Rating));
        assert_eq!(first.text[&Lang::english()], "How useful was the course?");
        assert_eq!(first.text[&Lang::parse("fr").unwrap()], "Le cours vous a-t-il été utile ?");
        assert_eq!(c.evaluation[1].kind, QuestionKind::Text);
    }

    #[test]
    fn bad_lesson_settings_are_refused_naming_the_key() {
        for (extra, key) in [
            ("[course.attendance]\nwindow_minutes = 0\n", "course[0].attendance.window_minutes"),
            ("certificate_min_attendance = 80\n", "course[0].certificate_min_attendance"),
            ("[course.attendance]\nrequire_codes = true\n", "course[0].attendance"),
            ("[course.feedback]\ndelay_minutes = -5\n", "course[0].feedback.delay_minutes"),
            ("[[course.evaluation]]\nid = \"a\"\nkind = \"stars\"\nquestion = \"Q\"\n", "course[0].evaluation[0].kind"),
            ("[[course.evaluation]]\nid = \"A b\"\nkind = \"text\"\nquestion = \"Q\"\n", "course[0].evaluation[0].id"),
            (
                "[[course.evaluation]]\nid = \"a\"\nkind = \"text\"\nquestion = \"Q\"\n\
                 [[course.evaluation]]\nid = \"a\"\nkind = \"text\"\nquestion = \"R\"\n",
                "course[0].evaluation[1].id",
            ),
            (
                "[[course.evaluation]]\nid = \"a\"\nkind = \"text\"\nquestion = \"Q\"\n[course.evaluation.xx]\nquestion = \"?\"\n",
                "course[0].evaluation[0].xx",
            ),
        ] {
            let e = programme(&format!("{COURSE}{extra}")).unwrap_err();
            assert!(e.to_string().contains(key), "{extra:?} → {e}");
        }
    }

    #[test]
    fn a_session_time_is_read_in_the_course_zone() {
        let p = programme(&format!(
            "{COURSE}[[course.session]]\nid = \"a\"\nstarts = 2021-02-09T09:30:00\nminutes = 60\ntitle = \"Opening\"\n"
        ))
        .unwrap();
        assert_eq!(p.courses[0].sessions[0].starts_at.to_rfc3339(), "2021-02-09T04:30:00+00:00");
    }

    #[test]
    fn errors_name_the_key() {
        let e = programme(&format!(
            "{COURSE}[[course.session]]\nid = \"a\"\nstarts = \"tomorrow\"\nminutes = 60\ntitle = \"x\"\n"
        ))
        .unwrap_err();
        assert!(e.key.contains("course[0].session[0].starts"), "{e}");
        let e = programme(&format!("{COURSE}colour = \"red\"\n")).unwrap_err();
        assert!(e.problem.contains("colour"), "{e}");
        let e = programme(&format!(
            "{COURSE}timezone = \"Europe/Brussels\"\n[[course.session]]\nid = \"a\"\nstarts = 2021-03-28T02:30:00\nminutes = 60\ntitle = \"x\"\n"
        ))
        .unwrap_err();
        assert!(e.problem.contains("daylight-saving"), "{e}");
        let e = programme("[[course]\n").unwrap_err();
        assert_eq!(e.key, "line 1");
        let e =
            programme(&format!("{COURSE}[[course.session]]\nid = \"a\"\nstarts = 2021-02-31T09:30:00\n")).unwrap_err();
        assert_eq!(e.key, "starts (line 8)", "{e}");
    }

    #[test]
    fn a_session_outside_the_years_the_bot_keeps_is_refused_naming_the_file_and_key() {
        let session = |starts: &str| {
            programme(&format!(
                "{COURSE}[[course.session]]\nid = \"a\"\nstarts = 2021-02-09T09:30:00\nminutes = 60\ntitle = \"x\"\n\
                 [[course.session]]\nid = \"b\"\nstarts = {starts}\nminutes = 60\ntitle = \"y\"\n"
            ))
        };
        for starts in ["1999-12-31T23:59:00", "2101-01-01T00:00:00", "9999-02-09T09:30:00", "0001-01-01T09:00:00"] {
            let e = session(starts).unwrap_err();
            assert_eq!(e.file, "programme.toml");
            assert_eq!(e.key, "course[0].session[1].starts", "{e}");
            assert_eq!(e.problem, format!("{starts} must be in a year from 2000 to 2100, written with four digits"));
        }
        for starts in ["2000-01-01T00:00:00", "2100-12-31T23:59:59"] {
            assert!(session(starts).is_ok(), "{starts}");
        }
    }

    fn faq(text: &str) -> Result<Faq, ConfigError> {
        let path = Path::new("faq.toml");
        Faq::from_raw(path, parse_str(path, text)?, &Lang::english())
    }

    const ENTRY: &str = "[[faq]]\nid = \"certificate\"\nquestion = \"Will I receive a certificate?\"\n\
                         keywords = [\"Certificate \"]\nanswer = \"Yes.\"\n";

    #[test]
    fn a_faq_entry_may_carry_its_text_in_other_languages() {
        let f = faq(&format!(
            "{ENTRY}[faq.fr]\nquestion = \"Vais-je recevoir un certificat ?\"\nkeywords = [\" Attestation\"]\n\
             answer = \"Oui.\"\n"
        ))
        .unwrap();
        let e = &f.entries[0];
        assert_eq!(e.text.keywords, ["certificate"]);
        let fr = &e.translations[&Lang::parse("fr").unwrap()];
        assert_eq!((fr.question.as_str(), fr.answer.as_str()), ("Vais-je recevoir un certificat ?", "Oui."));
        assert_eq!(fr.keywords, ["attestation"]);
        assert!(faq(ENTRY).unwrap().entries[0].translations.is_empty());
    }

    #[test]
    fn a_faq_translation_in_a_language_the_bot_does_not_speak_or_with_a_wrong_key_is_refused_by_name() {
        let e = faq(&format!("{ENTRY}[faq.de]\nquestion = \"Q\"\nanswer = \"A\"\n")).unwrap_err();
        assert_eq!(e.key, "faq[0].de", "{e}");
        assert!(e.problem.contains("no translation for") && e.problem.contains("en, fr"), "{e}");
        let e = faq(&format!("{ENTRY}[faq.fr]\nquestion = \"Q\"\nanwser = \"A\"\n")).unwrap_err();
        assert_eq!(e.key, "faq[0].fr.anwser", "{e}");
        assert!(e.problem.contains("expected one of `question`, `keywords`, `answer`"), "{e}");
        let e = faq(&format!("{ENTRY}[faq.fr]\nquestion = \"Q\"\nanswer = \"  \"\n")).unwrap_err();
        assert_eq!((e.key.as_str(), e.problem.as_str()), ("faq[0].fr.answer", "must not be empty"));
        let e = faq(&format!("{ENTRY}[faq.fr]\nquestion = 7\nanswer = \"A\"\n")).unwrap_err();
        assert_eq!(e.key, "faq[0].fr.question", "{e}");
        let e = faq(&format!("{ENTRY}colour = \"red\"\n")).unwrap_err();
        assert_eq!(e.key, "faq[0].colour", "{e}");
        let e = faq("[[faq]]\nid = \"x\"\nquestion = \"Q\"\n").unwrap_err();
        assert!(e.key == "faq[0]" && e.problem.contains("answer"), "{e}");
    }

    /// `n` entries, the last one carrying `tail` (its keys and sub-tables).
    fn entries(n: usize, tail: &str) -> String {
        (0..n)
            .map(|i| {
                let own = if i + 1 == n { tail } else { "" };
                format!("[[faq]]\nid = \"e{i}\"\nquestion = \"Q{i}\"\nanswer = \"A{i}\"\n{own}")
            })
            .collect()
    }

    #[test]
    fn a_faq_entry_and_its_translation_may_carry_examples_as_people_ask() {
        let f = faq(&format!(
            "{ENTRY}examples = [\" do we get a completion letter \", \"will there be a sanad\"]\n\
             [faq.fr]\nquestion = \"Vais-je recevoir un certificat ?\"\nanswer = \"Oui.\"\n\
             examples = [\"on reçoit un papier à la fin ?\"]\n"
        ))
        .unwrap();
        let e = &f.entries[0];
        assert_eq!(e.text.examples, ["do we get a completion letter", "will there be a sanad"]);
        assert_eq!(e.translations[&Lang::parse("fr").unwrap()].examples, ["on reçoit un papier à la fin ?"]);
        let row = e.to_row(&f.language);
        let fr: Vec<&str> = row.examples(&Lang::parse("fr").unwrap()).collect();
        assert_eq!(fr, ["on reçoit un papier à la fin ?"]);
        assert!(faq(ENTRY).unwrap().entries[0].text.examples.is_empty());
    }

    #[test]
    fn an_empty_or_over_long_example_is_refused_naming_its_key() {
        let e = faq(&entries(4, "examples = [\"where do i put up\", \"  \"]\n")).unwrap_err();
        assert_eq!(
            (e.file.as_str(), e.key.as_str(), e.problem.as_str()),
            ("faq.toml", "faq[3].examples[1]", "must not be empty")
        );
        let long = "x".repeat(301);
        let e = faq(&entries(4, &format!("[faq.fr]\nquestion = \"Q\"\nanswer = \"R\"\nexamples = [\"{long}\"]\n")))
            .unwrap_err();
        assert_eq!((e.key.as_str(), e.problem.as_str()), ("faq[3].fr.examples[0]", "must be at most 300 characters"));
        let e = faq(&entries(4, "examples = [\"ok\", 7]\n")).unwrap_err();
        assert_eq!(e.key, "faq[3].examples[1]", "{e}");
        let at_most = "x".repeat(300);
        assert!(faq(&entries(4, &format!("examples = [\"{at_most}\"]\n"))).is_ok());
    }

    #[test]
    fn entries_without_examples_in_any_language_are_named() {
        let f = faq(&format!(
            "{}[[faq]]\nid = \"french-only\"\nquestion = \"Q\"\nanswer = \"A\"\n\
             [faq.fr]\nquestion = \"Q\"\nanswer = \"R\"\nexamples = [\"c'est où ?\"]\n\
             [[faq]]\nid = \"english\"\nquestion = \"Q\"\nanswer = \"A\"\nexamples = [\"which building\"]\n\
             [[faq]]\nid = \"translated-bare\"\nquestion = \"Q\"\nanswer = \"A\"\n\
             [faq.fr]\nquestion = \"Q\"\nanswer = \"R\"\n",
            entries(1, "")
        ))
        .unwrap();
        let bare: Vec<&str> = f.without_examples().iter().map(|id| id.as_str()).collect();
        assert_eq!(bare, ["e0", "translated-bare"]);
        assert!(faq("").unwrap().without_examples().is_empty());
    }

    #[test]
    fn the_shipped_configuration_loads_and_every_faq_entry_has_examples_in_each_of_its_languages() {
        let config = Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("config")).unwrap();
        assert!(config.faq.without_examples().is_empty(), "{:?}", config.faq.without_examples());
        let fold = |s: &str| s.trim().trim_end_matches(['?', ' ']).to_lowercase();
        for e in &config.faq.entries {
            for (lang, text) in std::iter::once((&config.faq.language, &e.text)).chain(&e.translations) {
                assert!(!text.examples.is_empty(), "{} has no examples in {lang}", e.id);
                // Each example says something the question and the other
                // examples do not; a repeat teaches the matcher nothing.
                let mut seen = HashSet::from([fold(&text.question)]);
                for x in &text.examples {
                    assert!(seen.insert(fold(x)), "{} ({lang}) repeats {x:?}", e.id);
                }
            }
        }
    }
}
