use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};

use super::registrations::fill_free_places as fill;
use super::{parse_ts, ts, Db, DbError, DbResult};
use crate::config::{Faq, Programme};
use crate::domain::notice::{SessionInfo, SessionSnapshot};
use crate::domain::{CourseCode, Enrolment, FaqRow, FaqText, Lang, Zone};

#[derive(Debug, Clone, PartialEq)]
pub struct CourseRow {
    pub code: CourseCode,
    pub title: String,
    pub zone: Zone,
    pub location: String,
    pub enrolment: Enrolment,
    pub invite_code: Option<String>,
    pub capacity: i64,
    pub active: bool,
    /// Its participants' default language, if the course sets one.
    pub language: Option<Lang>,
}

#[derive(sqlx::FromRow)]
struct CourseRecord {
    code: String,
    title: String,
    timezone: String,
    location: String,
    enrolment: String,
    invite_code: Option<String>,
    capacity: i64,
    active: bool,
    language: Option<String>,
}

impl TryFrom<CourseRecord> for CourseRow {
    type Error = DbError;
    fn try_from(r: CourseRecord) -> DbResult<Self> {
        let bad = |e: crate::domain::Invalid| DbError::Corrupt(format!("course {}: {e}", r.code));
        Ok(Self {
            code: CourseCode::parse(&r.code).map_err(bad)?,
            zone: Zone::parse(&r.timezone).map_err(bad)?,
            enrolment: Enrolment::parse(&r.enrolment).map_err(bad)?,
            title: r.title,
            location: r.location,
            invite_code: r.invite_code,
            capacity: r.capacity,
            active: r.active,
            language: r.language.as_deref().map(Lang::parse).transpose().map_err(bad)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub id: String,
    pub course_code: String,
    pub starts_at: DateTime<Utc>,
    pub minutes: i64,
    pub title: String,
    pub speaker: Option<String>,
    pub room: Option<String>,
    pub cancelled: bool,
}

impl SessionRow {
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.starts_at + Duration::minutes(self.minutes)
    }
}

/// What a session looked like, for the change log.
impl From<&SessionRow> for SessionSnapshot {
    fn from(s: &SessionRow) -> Self {
        Self {
            id: s.id.clone(),
            course_code: s.course_code.clone(),
            title: s.title.clone(),
            starts_at: s.starts_at,
            minutes: s.minutes,
            room: s.room.clone(),
            cancelled: s.cancelled,
            removed: false,
        }
    }
}

impl From<&SessionRow> for SessionInfo {
    fn from(s: &SessionRow) -> Self {
        Self {
            id: s.id.clone(),
            title: s.title.clone(),
            starts_at: s.starts_at,
            minutes: s.minutes,
            room: s.room.clone(),
            speaker: s.speaker.clone(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct SessionRecord {
    id: String,
    course_code: String,
    starts_at: String,
    minutes: i64,
    title: String,
    speaker: Option<String>,
    room: Option<String>,
    cancelled: bool,
}

impl TryFrom<SessionRecord> for SessionRow {
    type Error = DbError;
    fn try_from(r: SessionRecord) -> DbResult<Self> {
        Ok(Self {
            starts_at: parse_ts(&r.starts_at)?,
            id: r.id,
            course_code: r.course_code,
            minutes: r.minutes,
            title: r.title,
            speaker: r.speaker,
            room: r.room,
            cancelled: r.cancelled,
        })
    }
}

/// Sessions that can be read. A row whose time the database accepted but
/// no parser can read is reported and left out, so one bad value does not
/// take a whole listing, the scheduler or start-up down with it.
pub(super) fn readable_sessions(recs: Vec<SessionRecord>) -> Vec<SessionRow> {
    recs.into_iter().filter_map(|r| session_or_report(r).ok()).collect()
}

/// Reads a session row, logging one that cannot be read (with its id and
/// value) and handing back its id.
pub(super) fn session_or_report(r: SessionRecord) -> Result<SessionRow, String> {
    let (id, value) = (r.id.clone(), r.starts_at.clone());
    SessionRow::try_from(r).map_err(|e| {
        tracing::error!(table = "sessions", id, starts_at = value, error = %e, "skipping a row that cannot be read");
        id
    })
}

/// Logs a change for the scheduler to tell the course about. `removed`: the
/// session left `programme.toml` (`after` is then its cancelled self).
pub(super) async fn log_change(
    conn: &mut sqlx::SqliteConnection,
    before: &SessionRow,
    after: &SessionRow,
    removed: bool,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let json = |s: &SessionSnapshot| serde_json::to_string(s).map_err(|e| DbError::Corrupt(e.to_string()));
    let after_snapshot = SessionSnapshot { removed, ..SessionSnapshot::from(after) };
    sqlx::query(
        "INSERT INTO session_changes (session_id, course_code, before, after, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&after.id)
    .bind(&after.course_code)
    .bind(json(&SessionSnapshot::from(before))?)
    .bind(json(&after_snapshot)?)
    .bind(ts(now))
    .execute(&mut *conn)
    .await?;
    // Reminders already queued carry the old time or room; the scheduler
    // queues fresh ones. One the sender holds (waiting out an outage, say)
    // goes too: the sender looks again before sending what it held long.
    sqlx::query("DELETE FROM outbox WHERE session_id = ? AND kind = 'reminder' AND state IN ('pending', 'sending')")
        .bind(&after.id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A session row with the definition it was last imported from.
#[derive(sqlx::FromRow)]
struct ImportedRecord {
    #[sqlx(flatten)]
    session: SessionRecord,
    imported: Option<String>,
}

#[derive(sqlx::FromRow)]
struct FaqRecord {
    id: String,
    question: String,
    keywords: String,
    answer: String,
    translations: Option<String>,
    language: Option<String>,
    examples: Option<String>,
}

impl TryFrom<FaqRecord> for FaqRow {
    type Error = DbError;
    fn try_from(r: FaqRecord) -> DbResult<Self> {
        let corrupt = |what: &str, e: serde_json::Error| DbError::Corrupt(format!("faq {}: {what}: {e}", r.id));
        let keywords = serde_json::from_str(&r.keywords).map_err(|e| corrupt("keywords", e))?;
        let examples = match r.examples.as_deref() {
            None => Vec::new(),
            Some(json) => serde_json::from_str(json).map_err(|e| corrupt("examples", e))?,
        };
        let translations = match r.translations.as_deref() {
            None => BTreeMap::new(),
            Some(json) => serde_json::from_str(json).map_err(|e| corrupt("translations", e))?,
        };
        // Rows imported before languages existed were English.
        let language = r.language.as_deref().and_then(|l| Lang::parse(l).ok()).unwrap_or_else(Lang::english);
        Ok(Self {
            text: FaqText { question: r.question, answer: r.answer, keywords, examples },
            translations,
            language,
            learned: BTreeMap::new(),
            id: r.id,
        })
    }
}

const FAQ_COLUMNS: &str = "id, question, keywords, answer, translations, language, examples";

/// What an import did, by kind of record: the ids added, changed and removed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// A session whose time or room changed: its participants must be told.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionChange {
    pub before: SessionRow,
    pub after: SessionRow,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    pub courses: Diff,
    pub sessions: Diff,
    pub faq: Diff,
    pub moved_or_rehoused: Vec<SessionChange>,
    /// Wait-listed people who got a place because a capacity grew.
    pub promoted: Vec<(CourseCode, i64)>,
}

impl ImportReport {
    pub fn is_empty(&self) -> bool {
        self.courses.is_empty() && self.sessions.is_empty() && self.faq.is_empty()
    }
}

pub(super) const SESSION_COLUMNS: &str = "id, course_code, starts_at, minutes, title, speaker, room, cancelled";

impl Db {
    pub async fn courses(&self, active_only: bool) -> DbResult<Vec<CourseRow>> {
        let recs: Vec<CourseRecord> = sqlx::query_as(
            "SELECT code, title, timezone, location, enrolment, invite_code, capacity, active, language FROM courses \
             WHERE active = 1 OR ?1 = 0 ORDER BY position, code",
        )
        .bind(active_only)
        .fetch_all(&self.pool)
        .await?;
        // A course whose stored zone this build does not know is reported and
        // left out of listings; the next import writes the file's zone back.
        Ok(recs
            .into_iter()
            .filter_map(|r| {
                let (code, value) = (r.code.clone(), r.timezone.clone());
                CourseRow::try_from(r)
                    .map_err(|e| {
                        tracing::error!(
                            table = "courses",
                            id = code,
                            timezone = value,
                            error = %e,
                            "skipping a row that cannot be read"
                        );
                    })
                    .ok()
            })
            .collect())
    }

    pub async fn course(&self, code: &CourseCode) -> DbResult<Option<CourseRow>> {
        let rec: Option<CourseRecord> = sqlx::query_as(
            "SELECT code, title, timezone, location, enrolment, invite_code, capacity, active, language FROM courses WHERE code = ?",
        )
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?;
        rec.map(CourseRow::try_from).transpose()
    }

    /// The active invite-only course a deep-link payload admits to, if any.
    pub async fn course_by_invite(&self, invite: &str) -> DbResult<Option<CourseRow>> {
        let rec: Option<CourseRecord> = sqlx::query_as(
            "SELECT code, title, timezone, location, enrolment, invite_code, capacity, active, language FROM courses \
             WHERE invite_code = ? AND enrolment = 'invite' AND active = 1",
        )
        .bind(invite)
        .fetch_optional(&self.pool)
        .await?;
        rec.map(CourseRow::try_from).transpose()
    }

    /// Sessions of the given courses, in time order.
    pub async fn sessions_of(&self, courses: &[CourseCode]) -> DbResult<Vec<SessionRow>> {
        let codes = serde_json::to_string(&courses.iter().map(|c| c.as_str()).collect::<Vec<_>>())
            .map_err(|e| DbError::Corrupt(e.to_string()))?;
        let recs: Vec<SessionRecord> = sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE course_code IN (SELECT value FROM json_each(?)) \
             ORDER BY starts_at, course_code, id"
        ))
        .bind(codes)
        .fetch_all(&self.pool)
        .await?;
        Ok(readable_sessions(recs))
    }

    pub async fn counts(&self) -> DbResult<(i64, i64, i64)> {
        Ok(sqlx::query_as(
            "SELECT (SELECT count(*) FROM courses WHERE active = 1), (SELECT count(*) FROM sessions), (SELECT count(*) FROM faq)",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// The FAQ as the matcher reads it: every entry with the questions
    /// coordinators filed under it.
    pub async fn faq_entries(&self) -> DbResult<Vec<FaqRow>> {
        let mut rows: Vec<FaqRow> =
            sqlx::query_as::<_, FaqRecord>(&format!("SELECT {FAQ_COLUMNS} FROM faq ORDER BY position, id"))
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .map(FaqRow::try_from)
                .collect::<DbResult<_>>()?;
        let filed: Vec<(String, String, String)> =
            sqlx::query_as("SELECT faq_id, language, body FROM faq_examples ORDER BY id").fetch_all(&self.pool).await?;
        for (faq_id, language, body) in filed {
            let (Some(row), Ok(lang)) = (rows.iter_mut().find(|r| r.id == faq_id), Lang::parse(&language)) else {
                continue;
            };
            row.learned.entry(lang).or_default().push(body);
        }
        Ok(rows)
    }

    /// Bumped by every change to the FAQ or the questions filed under it
    /// (triggers in the schema): a matcher built at another generation is
    /// stale.
    pub async fn faq_generation(&self) -> DbResult<i64> {
        Ok(sqlx::query_scalar("SELECT n FROM faq_generation").fetch_one(&self.pool).await?)
    }

    /// Upserts courses, sessions and FAQ entries by id in one transaction and
    /// reports the difference. Courses that left the file are deactivated, not
    /// deleted, so their registrations stay on record.
    pub async fn import(&self, programme: &Programme, faq: &Faq, now: DateTime<Utc>) -> DbResult<ImportReport> {
        let now_s = ts(now);
        let mut report = ImportReport::default();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;

        let old_courses: HashMap<String, CourseRecord> = sqlx::query_as::<_, CourseRecord>(
            "SELECT code, title, timezone, location, enrolment, invite_code, capacity, active, language FROM courses",
        )
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|c| (c.code.clone(), c))
        .collect();
        // Invite codes are unique: clear the ones about to change first so a
        // swap between two courses does not trip the index midway.
        sqlx::query("UPDATE courses SET invite_code = NULL").execute(&mut *tx).await?;
        for (pos, c) in programme.courses.iter().enumerate() {
            let code = c.code.as_str();
            match old_courses.get(code) {
                None => report.courses.added.push(code.to_owned()),
                Some(o) => {
                    let same = o.title == c.title
                        && o.timezone == c.zone.name()
                        && o.location == c.location
                        && o.enrolment == c.enrolment.as_str()
                        && o.invite_code == c.invite_code
                        && o.capacity == i64::from(c.capacity)
                        && o.language.as_deref() == c.language.as_ref().map(Lang::as_str)
                        && o.active;
                    if !same {
                        report.courses.changed.push(code.to_owned());
                    }
                }
            }
            sqlx::query(
                "INSERT INTO courses (code, title, timezone, location, enrolment, invite_code, capacity, position, active, \
                   updated_at, language) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10) \
                 ON CONFLICT(code) DO UPDATE SET title = excluded.title, timezone = excluded.timezone, \
                   location = excluded.location, enrolment = excluded.enrolment, invite_code = excluded.invite_code, \
                   capacity = excluded.capacity, position = excluded.position, active = 1, \
                   updated_at = excluded.updated_at, language = excluded.language",
            )
            .bind(code)
            .bind(&c.title)
            .bind(c.zone.name())
            .bind(&c.location)
            .bind(c.enrolment.as_str())
            .bind(&c.invite_code)
            .bind(i64::from(c.capacity))
            .bind(pos as i64)
            .bind(&now_s)
            .bind(c.language.as_ref().map(Lang::as_str))
            .execute(&mut *tx)
            .await?;
            let rules_changed = super::lessons::import(&mut tx, c).await?;
            if rules_changed && old_courses.contains_key(code) && !report.courses.changed.iter().any(|x| x == code) {
                report.courses.changed.push(code.to_owned());
            }
        }
        for (code, o) in &old_courses {
            if o.active && !programme.courses.iter().any(|c| c.code.as_str() == code) {
                sqlx::query("UPDATE courses SET active = 0, updated_at = ? WHERE code = ?")
                    .bind(&now_s)
                    .bind(code)
                    .execute(&mut *tx)
                    .await?;
                report.courses.removed.push(code.clone());
            }
        }

        // A row that cannot be read is replaced by the file's definition, or
        // goes if the file no longer has it: it is reported, never fatal.
        let mut unreadable = Vec::new();
        let old_sessions: HashMap<String, (SessionRow, Option<String>)> =
            sqlx::query_as::<_, ImportedRecord>(&format!("SELECT {SESSION_COLUMNS}, imported FROM sessions"))
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .filter_map(|r| match session_or_report(r.session) {
                    Ok(s) => Some((s.id.clone(), (s, r.imported))),
                    Err(id) => {
                        unreadable.push(id);
                        None
                    }
                })
                .collect();
        for c in &programme.courses {
            for s in &c.sessions {
                let new = SessionRow {
                    id: s.id.to_string(),
                    course_code: c.code.to_string(),
                    starts_at: s.starts_at,
                    minutes: i64::from(s.minutes),
                    title: s.title.clone(),
                    speaker: s.speaker.clone(),
                    room: s.room.clone(),
                    cancelled: false,
                };
                let starts_local = s.starts_local.format("%Y-%m-%dT%H:%M:%S").to_string();
                let definition = serde_json::json!([
                    &new.course_code,
                    &starts_local,
                    c.zone.name(),
                    new.minutes,
                    &new.title,
                    &new.speaker,
                    &new.room
                ])
                .to_string();
                match old_sessions.get(&new.id) {
                    None if unreadable.contains(&new.id) => report.sessions.changed.push(new.id.clone()),
                    None => report.sessions.added.push(new.id.clone()),
                    // Unchanged in the file: whatever coordinators changed since stays.
                    Some((_, Some(imported))) if *imported == definition => continue,
                    Some((old, _)) => {
                        if *old != new {
                            report.sessions.changed.push(new.id.clone());
                        }
                        if old.course_code == new.course_code
                            && (old.starts_at != new.starts_at
                                || old.room != new.room
                                || old.minutes != new.minutes
                                || old.cancelled)
                        {
                            log_change(&mut tx, old, &new, false, now).await?;
                            report.moved_or_rehoused.push(SessionChange { before: old.clone(), after: new.clone() });
                        }
                    }
                }
                sqlx::query(
                    "INSERT INTO sessions (id, course_code, starts_local, starts_at, minutes, title, speaker, room, cancelled, imported, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, ?10) \
                     ON CONFLICT(id) DO UPDATE SET course_code = excluded.course_code, starts_local = excluded.starts_local, \
                       starts_at = excluded.starts_at, minutes = excluded.minutes, title = excluded.title, \
                       speaker = excluded.speaker, room = excluded.room, cancelled = 0, imported = excluded.imported, \
                       updated_at = excluded.updated_at",
                )
                .bind(&new.id)
                .bind(&new.course_code)
                .bind(&starts_local)
                .bind(ts(new.starts_at))
                .bind(new.minutes)
                .bind(&new.title)
                .bind(&new.speaker)
                .bind(&new.room)
                .bind(&definition)
                .bind(&now_s)
                .execute(&mut *tx)
                .await?;
            }
        }
        for (id, (old, _)) in &old_sessions {
            if !programme.courses.iter().flat_map(|c| &c.sessions).any(|s| s.id.as_str() == id) {
                // Gone from the file is a cancellation for those who expected
                // it: logged like one (the scheduler tells the course, and its
                // queued reminders go), unless it is over or already called off.
                if !old.cancelled && old.ends_at() > now {
                    let after = SessionRow { cancelled: true, ..old.clone() };
                    log_change(&mut tx, old, &after, true, now).await?;
                }
                // Nothing may remind of it again, including a reminder the
                // sender holds at this instant after a failed attempt: its
                // retry then finds no row.
                sqlx::query(
                    "DELETE FROM outbox WHERE session_id = ? AND kind = 'reminder' AND state IN ('pending', 'sending')",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                // The row is deleted rather than kept cancelled: the file is
                // the programme, so /schedule no longer lists it and the
                // scheduler can never remind of it; the change log keeps what
                // it was. Kept, it would also shadow a later re-add of the id
                // (an unchanged definition is skipped) and stay cancelled.
                sqlx::query("DELETE FROM sessions WHERE id = ?").bind(id).execute(&mut *tx).await?;
                report.sessions.removed.push(id.clone());
            }
        }

        for id in &unreadable {
            if !programme.courses.iter().flat_map(|c| &c.sessions).any(|s| s.id.as_str() == id) {
                sqlx::query("DELETE FROM sessions WHERE id = ?").bind(id).execute(&mut *tx).await?;
                report.sessions.removed.push(id.clone());
            }
        }

        let old_faq: HashMap<String, FaqRow> =
            sqlx::query_as::<_, FaqRecord>(&format!("SELECT {FAQ_COLUMNS} FROM faq"))
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|r| FaqRow::try_from(r).map(|f| (f.id.clone(), f)))
                .collect::<DbResult<_>>()?;
        for (pos, e) in faq.entries.iter().enumerate() {
            let new = e.to_row(&faq.language);
            let json = |e: serde_json::Error| DbError::Corrupt(e.to_string());
            let keywords = serde_json::to_string(&new.text.keywords).map_err(json)?;
            let examples = serde_json::to_string(&new.text.examples).map_err(json)?;
            let translations = match new.translations.is_empty() {
                true => None,
                false => Some(serde_json::to_string(&new.translations).map_err(json)?),
            };
            match old_faq.get(&new.id) {
                None => report.faq.added.push(new.id.clone()),
                Some(old) if *old != new => report.faq.changed.push(new.id.clone()),
                Some(_) => {}
            }
            sqlx::query(
                "INSERT INTO faq (id, question, keywords, answer, translations, position, updated_at, language, examples) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                 ON CONFLICT(id) DO UPDATE SET question = excluded.question, keywords = excluded.keywords, \
                   answer = excluded.answer, translations = excluded.translations, position = excluded.position, \
                   updated_at = excluded.updated_at, language = excluded.language, examples = excluded.examples",
            )
            .bind(&new.id)
            .bind(&new.text.question)
            .bind(&keywords)
            .bind(&new.text.answer)
            .bind(&translations)
            .bind(pos as i64)
            .bind(&now_s)
            .bind(new.language.as_str())
            .bind(&examples)
            .execute(&mut *tx)
            .await?;
        }
        for id in old_faq.keys() {
            if !faq.entries.iter().any(|e| e.id.as_str() == id) {
                sqlx::query("DELETE FROM faq WHERE id = ?").bind(id).execute(&mut *tx).await?;
                report.faq.removed.push(id.clone());
            }
        }

        for c in &programme.courses {
            for u in fill(&mut tx, &c.code, now).await? {
                report.promoted.push((c.code.clone(), u));
            }
        }
        tx.commit().await?;
        for d in [&mut report.courses, &mut report.sessions, &mut report.faq] {
            d.added.sort();
            d.changed.sort();
            d.removed.sort();
        }
        Ok(report)
    }
}
