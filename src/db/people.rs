use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ts, Db, DbError, DbResult};
use crate::domain::{
    one_line_of, Administration, Email, Lang, LanguageSettings, LocalTime, PersonName, Position, Zone,
};

/// What is stored about one person. Profile fields are optional because a
/// person may set a time zone before registering.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub user_id: i64,
    pub full_name: Option<PersonName>,
    pub administration: Option<Administration>,
    pub position: Option<Position>,
    pub email: Option<Email>,
    pub username: Option<String>,
    pub timezone: Option<Zone>,
    pub reminders_on: bool,
    pub digest_time: Option<LocalTime>,
    /// The language they chose with /language, if they did.
    pub language: Option<Lang>,
    /// The language their Telegram is set to, as last seen.
    pub telegram_language: Option<Lang>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    Name,
    Administration,
    Position,
    Email,
}

impl ProfileField {
    pub const ALL: [ProfileField; 4] = [Self::Name, Self::Administration, Self::Position, Self::Email];

    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Administration => "administration",
            Self::Position => "position",
            Self::Email => "email",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }

    fn column(self) -> &'static str {
        match self {
            Self::Name => "full_name",
            Self::Administration => "administration",
            Self::Position => "position",
            Self::Email => "email",
        }
    }
}

#[derive(sqlx::FromRow)]
struct PersonRecord {
    user_id: i64,
    full_name: Option<String>,
    administration: Option<String>,
    position: Option<String>,
    email: Option<String>,
    username: Option<String>,
    timezone: Option<String>,
    reminders_on: bool,
    digest_time: Option<String>,
    language: Option<String>,
    telegram_language: Option<String>,
    created_at: String,
    updated_at: String,
}

/// A stored value read with today's rules. One that no longer passes them
/// (written by an older version, or a zone gone from the time-zone
/// database) must not make every command of that person fail: a profile
/// line is made one line if that is enough, otherwise the value is treated
/// as not set — and either way the log says so.
fn field<T, E: std::fmt::Display>(
    user_id: i64,
    name: &str,
    v: Option<String>,
    parse: impl Fn(&str) -> Result<T, E>,
    repair: Option<fn(&str) -> String>,
) -> Option<T> {
    let raw = v?;
    let e = match parse(&raw) {
        Ok(value) => return Some(value),
        Err(e) => e,
    };
    if let Some(value) = repair.and_then(|r| parse(&r(&raw)).ok()) {
        tracing::warn!(user_id, field = name, stored = ?raw, error = %e, "a stored value breaks today's rules; read as one line");
        return Some(value);
    }
    tracing::error!(user_id, field = name, stored = ?raw, error = %e, "a stored value cannot be read; treated as not set");
    None
}

impl TryFrom<PersonRecord> for Person {
    type Error = DbError;
    fn try_from(r: PersonRecord) -> DbResult<Self> {
        let id = r.user_id;
        let line = Some(one_line_of as fn(&str) -> String);
        Ok(Person {
            user_id: r.user_id,
            full_name: field(id, "full_name", r.full_name, PersonName::parse, line),
            administration: field(id, "administration", r.administration, Administration::parse, line),
            position: field(id, "position", r.position, Position::parse, line),
            email: field(id, "email", r.email, Email::parse, None),
            username: r.username,
            timezone: field(id, "timezone", r.timezone, Zone::parse, None),
            reminders_on: r.reminders_on,
            digest_time: field(id, "digest_time", r.digest_time, LocalTime::parse, None),
            language: field(id, "language", r.language, Lang::parse, None),
            telegram_language: field(id, "telegram_language", r.telegram_language, Lang::parse, None),
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// A complete profile, as the registration dialogue confirms it.
#[derive(Debug, Clone)]
pub struct Profile {
    pub full_name: PersonName,
    pub administration: Administration,
    pub position: Position,
    pub email: Email,
}

impl Db {
    pub async fn person(&self, user_id: i64) -> DbResult<Option<Person>> {
        let rec: Option<PersonRecord> =
            sqlx::query_as("SELECT * FROM people WHERE user_id = ?").bind(user_id).fetch_optional(&self.pool).await?;
        rec.map(Person::try_from).transpose()
    }

    /// Creates the row if missing; keeps the Telegram username current.
    pub async fn touch_person(&self, user_id: i64, username: Option<&str>, now: DateTime<Utc>) -> DbResult<()> {
        sqlx::query(
            "INSERT INTO people (user_id, username, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) \
             ON CONFLICT(user_id) DO UPDATE SET username = excluded.username \
             WHERE people.username IS NOT excluded.username",
        )
        .bind(user_id)
        .bind(username)
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn set_profile_field(
        &self,
        user_id: i64,
        f: ProfileField,
        value: &str,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        // The column name comes from a closed enum, never from input.
        let sql = format!("UPDATE people SET {} = ?, updated_at = ? WHERE user_id = ?", f.column());
        sqlx::query(&sql).bind(value).bind(ts(now)).bind(user_id).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn set_timezone(&self, user_id: i64, zone: Zone, now: DateTime<Utc>) -> DbResult<()> {
        sqlx::query("UPDATE people SET timezone = ?, updated_at = ? WHERE user_id = ?")
            .bind(zone.name())
            .bind(ts(now))
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn set_reminders(&self, user_id: i64, on: bool, now: DateTime<Utc>) -> DbResult<()> {
        sqlx::query("UPDATE people SET reminders_on = ?, updated_at = ? WHERE user_id = ?")
            .bind(on)
            .bind(ts(now))
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The language chosen with /language (None: back to the default).
    pub async fn set_language(&self, user_id: i64, lang: Option<&Lang>, now: DateTime<Utc>) -> DbResult<()> {
        sqlx::query("UPDATE people SET language = ?, updated_at = ? WHERE user_id = ?")
            .bind(lang.map(Lang::as_str))
            .bind(ts(now))
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Everyone who chose a language with /language, and the language: their
    /// command menu follows it.
    pub async fn chosen_languages(&self) -> DbResult<Vec<(i64, Lang)>> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT user_id, language FROM people WHERE language IS NOT NULL ORDER BY user_id")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().filter_map(|(id, l)| Some((id, Lang::parse(&l).ok()?))).collect())
    }

    /// What decides `user_id`'s language (all None for a stranger). The
    /// course is the first registered course that sets a language.
    pub async fn language_settings(&self, user_id: i64) -> DbResult<LanguageSettings> {
        let row: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT p.language, p.telegram_language, \
                    (SELECT c.language FROM registrations r JOIN courses c ON c.code = r.course_code \
                     WHERE r.user_id = p.user_id AND r.status = 'registered' AND c.language IS NOT NULL \
                     ORDER BY c.position LIMIT 1) \
             FROM people p WHERE p.user_id = ?",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        let lang = |v: Option<String>| v.and_then(|s| Lang::parse(&s).ok());
        Ok(row
            .map(|(chosen, telegram, course)| LanguageSettings {
                chosen: lang(chosen),
                telegram: lang(telegram),
                course: lang(course),
            })
            .unwrap_or_default())
    }

    pub async fn set_digest_time(&self, user_id: i64, at: LocalTime, now: DateTime<Utc>) -> DbResult<()> {
        sqlx::query("UPDATE people SET digest_time = ?, updated_at = ? WHERE user_id = ?")
            .bind(at.to_string())
            .bind(ts(now))
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

pub(super) async fn save_profile(
    conn: &mut sqlx::SqliteConnection,
    user_id: i64,
    p: &Profile,
    now: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO people (user_id, full_name, administration, position, email, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) \
         ON CONFLICT(user_id) DO UPDATE SET full_name = excluded.full_name, \
           administration = excluded.administration, position = excluded.position, \
           email = excluded.email, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(p.full_name.as_str())
    .bind(p.administration.as_str())
    .bind(p.position.as_str())
    .bind(p.email.as_str())
    .bind(ts(now))
    .execute(conn)
    .await?;
    Ok(())
}
