//! Attendance: who was at each session, how it was taken, and every change
//! with who made it. Returns data; the words are made in `i18n`.

use chrono::{DateTime, Utc};

use sqlx::{Sqlite, Transaction};

use super::{parse_ts, ts, Db, DbError, DbResult};
use crate::domain::lesson::AttendanceMethod;
use crate::domain::{CourseCode, SessionId};

/// One registered participant of a session's course and what is recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionAttendee {
    pub user_id: i64,
    pub name: Option<String>,
    /// None: nothing recorded yet (absent unless someone says otherwise).
    pub present: Option<bool>,
    pub method: Option<AttendanceMethod>,
}

/// A session of someone's course that has started, with their record.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnAttendance {
    pub session_id: SessionId,
    pub course: CourseCode,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub present: bool,
    pub method: Option<AttendanceMethod>,
}

/// A participant's share of a course's sessions held so far.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceShare {
    pub user_id: i64,
    pub name: Option<String>,
    pub attended: u32,
    pub held: u32,
}

impl AttendanceShare {
    /// 0–1; a course with no session held yet counts as nothing attended.
    pub fn share(&self) -> f64 {
        if self.held == 0 {
            0.0
        } else {
            f64::from(self.attended) / f64::from(self.held)
        }
    }
}

#[derive(sqlx::FromRow)]
struct AttendeeRecord {
    user_id: i64,
    full_name: Option<String>,
    present: Option<bool>,
    method: Option<String>,
}

#[derive(sqlx::FromRow)]
struct OwnRecord {
    id: String,
    course_code: String,
    title: String,
    starts_at: String,
    present: Option<bool>,
    method: Option<String>,
}

fn method(raw: Option<String>, what: &str) -> DbResult<Option<AttendanceMethod>> {
    raw.map(|m| AttendanceMethod::try_from(m.as_str()).map_err(|e| DbError::Corrupt(format!("{what}: {e}"))))
        .transpose()
}

impl Db {
    /// Records presence (or a coordinator's correction) and logs the change
    /// in the same transaction. `by`: the coordinator, for corrections.
    pub async fn record_attendance(
        &self,
        session: &SessionId,
        user_id: i64,
        present: bool,
        how: AttendanceMethod,
        by: Option<i64>,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query(
            "INSERT INTO attendance (session_id, user_id, present, method, recorded_at, recorded_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT(session_id, user_id) DO UPDATE SET present = excluded.present, method = excluded.method, \
               recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
        )
        .bind(session.as_str())
        .bind(user_id)
        .bind(present)
        .bind(how.as_str())
        .bind(ts(now))
        .bind(by)
        .execute(&mut *tx)
        .await?;
        // The log takes the row as it now stands, so the two cannot differ.
        sqlx::query(
            "INSERT INTO attendance_log (session_id, user_id, present, method, recorded_at, recorded_by) \
             SELECT session_id, user_id, present, method, recorded_at, recorded_by FROM attendance \
             WHERE session_id = ? AND user_id = ?",
        )
        .bind(session.as_str())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The registered participants of a session's course, by name, each
    /// with what is recorded for the session.
    pub async fn session_attendance(&self, session: &SessionId) -> DbResult<Vec<SessionAttendee>> {
        let rows: Vec<AttendeeRecord> = sqlx::query_as(
            "SELECT r.user_id AS user_id, p.full_name AS full_name, a.present AS present, a.method AS method \
             FROM sessions s JOIN registrations r ON r.course_code = s.course_code AND r.status = 'registered' \
             JOIN people p ON p.user_id = r.user_id \
             LEFT JOIN attendance a ON a.session_id = s.id AND a.user_id = r.user_id \
             WHERE s.id = ? ORDER BY p.full_name COLLATE NOCASE, r.user_id",
        )
        .bind(session.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(SessionAttendee {
                    user_id: r.user_id,
                    name: r.full_name,
                    present: r.present,
                    method: method(r.method, "attendance.method")?,
                })
            })
            .collect()
    }

    /// Someone's record over the started, not cancelled sessions of the
    /// courses they are registered in, oldest first.
    pub async fn own_attendance(&self, user_id: i64, now: DateTime<Utc>) -> DbResult<Vec<OwnAttendance>> {
        let rows: Vec<OwnRecord> = sqlx::query_as(
            "SELECT s.id AS id, s.course_code AS course_code, s.title AS title, s.starts_at AS starts_at, \
                    a.present AS present, a.method AS method \
             FROM registrations r JOIN sessions s ON s.course_code = r.course_code AND s.cancelled = 0 \
             LEFT JOIN attendance a ON a.session_id = s.id AND a.user_id = r.user_id \
             WHERE r.user_id = ? AND r.status = 'registered' AND s.starts_at <= ? \
             ORDER BY s.starts_at, s.id",
        )
        .bind(user_id)
        .bind(ts(now))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(OwnAttendance {
                    session_id: SessionId::parse(&r.id)
                        .map_err(|e| DbError::Corrupt(format!("session {:?}: {e}", r.id)))?,
                    course: CourseCode::parse(&r.course_code)
                        .map_err(|e| DbError::Corrupt(format!("course {:?}: {e}", r.course_code)))?,
                    title: r.title,
                    starts_at: parse_ts(&r.starts_at)?,
                    present: r.present.unwrap_or(false),
                    method: method(r.method, "attendance.method")?,
                })
            })
            .collect()
    }

    /// Each registered participant's attendance over the course's sessions
    /// held by `now` (started and not cancelled), for certificates.
    pub async fn attendance_shares(&self, course: &CourseCode, now: DateTime<Utc>) -> DbResult<Vec<AttendanceShare>> {
        let held: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sessions WHERE course_code = ? AND cancelled = 0 AND starts_at <= ?",
        )
        .bind(course.as_str())
        .bind(ts(now))
        .fetch_one(&self.pool)
        .await?;
        let rows: Vec<(i64, Option<String>, i64)> = sqlx::query_as(
            "SELECT r.user_id, p.full_name, \
                    (SELECT count(*) FROM attendance a JOIN sessions s ON s.id = a.session_id \
                      WHERE a.user_id = r.user_id AND a.present = 1 AND s.course_code = r.course_code \
                        AND s.cancelled = 0 AND s.starts_at <= ?2) \
             FROM registrations r JOIN people p ON p.user_id = r.user_id \
             WHERE r.course_code = ?1 AND r.status = 'registered' \
             ORDER BY p.full_name COLLATE NOCASE, r.user_id",
        )
        .bind(course.as_str())
        .bind(ts(now))
        .fetch_all(&self.pool)
        .await?;
        let count = |n: i64| u32::try_from(n).map_err(|_| DbError::Corrupt(format!("a count of {n}")));
        rows.into_iter()
            .map(|(user_id, name, attended)| {
                Ok(AttendanceShare { user_id, name, attended: count(attended)?, held: count(held)? })
            })
            .collect()
    }

    /// The session's room code, made with `make` the first time it is
    /// asked; a code another session already has is made again.
    pub async fn session_code(
        &self,
        session: &SessionId,
        now: DateTime<Utc>,
        mut make: impl FnMut() -> String,
    ) -> DbResult<String> {
        for _ in 0..20 {
            let existing: Option<String> = sqlx::query_scalar("SELECT code FROM session_codes WHERE session_id = ?")
                .bind(session.as_str())
                .fetch_optional(&self.pool)
                .await?;
            if let Some(code) = existing {
                return Ok(code);
            }
            // A clash on the code (or a second /code at the same moment)
            // inserts nothing; the next round reads or makes again.
            sqlx::query("INSERT OR IGNORE INTO session_codes (session_id, code, created_at) VALUES (?, ?, ?)")
                .bind(session.as_str())
                .bind(make())
                .bind(ts(now))
                .execute(&self.pool)
                .await?;
        }
        Err(DbError::Corrupt(format!("no free room code for session {session} after 20 tries")))
    }

    /// The session whose room code this is, if any (codes are compared
    /// without regard to case).
    pub async fn session_of_code(&self, code: &str) -> DbResult<Option<SessionId>> {
        let id: Option<String> =
            sqlx::query_scalar("SELECT session_id FROM session_codes WHERE upper(code) = upper(?)")
                .bind(code.trim())
                .fetch_optional(&self.pool)
                .await?;
        id.map(|id| SessionId::parse(&id).map_err(|e| DbError::Corrupt(format!("session {id:?}: {e}")))).transpose()
    }
}

/// A `/here CODE` that recorded nothing, counted in `/stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeOutcome {
    /// No session has this code.
    Wrong,
    /// The code of a session whose window is not open (yet, or any more).
    Expired,
}

impl CodeOutcome {
    fn as_str(self) -> &'static str {
        match self {
            CodeOutcome::Wrong => "wrong",
            CodeOutcome::Expired => "expired",
        }
    }
}

/// Wrong and expired room codes so far, for `/stats`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeAttempts {
    pub wrong: i64,
    pub expired: i64,
}

impl Db {
    /// Whether someone holds a place (not wait-listed, not withdrawn) in a
    /// course.
    pub async fn registered_in(&self, user_id: i64, course: &str) -> DbResult<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM registrations WHERE user_id = ? AND course_code = ? AND status = 'registered'",
        )
        .bind(user_id)
        .bind(course)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// Someone's current mark for a session, if any.
    pub async fn attendance_of(&self, session: &SessionId, user_id: i64) -> DbResult<Option<bool>> {
        Ok(sqlx::query_scalar("SELECT present FROM attendance WHERE session_id = ? AND user_id = ?")
            .bind(session.as_str())
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The ids of every session, for finding one by a short reference
    /// made from its id (a button's data cannot hold a long id).
    pub async fn session_ids(&self) -> DbResult<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT id FROM sessions ORDER BY starts_at, id").fetch_all(&self.pool).await?)
    }

    pub async fn record_code_attempt(
        &self,
        session: Option<&SessionId>,
        user_id: i64,
        outcome: CodeOutcome,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        sqlx::query("INSERT INTO code_attempts (session_id, user_id, outcome, at) VALUES (?, ?, ?, ?)")
            .bind(session.map(SessionId::as_str))
            .bind(user_id)
            .bind(outcome.as_str())
            .bind(ts(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Someone's wrong codes since `since`, oldest first: how many, and
    /// when the oldest was (it decides when they may try again).
    pub async fn wrong_codes_since(&self, user_id: i64, since: DateTime<Utc>) -> DbResult<Vec<DateTime<Utc>>> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT at FROM code_attempts WHERE user_id = ? AND outcome = 'wrong' AND at > ? ORDER BY at",
        )
        .bind(user_id)
        .bind(ts(since))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|t| parse_ts(t)).collect()
    }

    pub async fn code_attempt_counts(&self) -> DbResult<CodeAttempts> {
        let (wrong, expired): (i64, i64) = sqlx::query_as(
            "SELECT coalesce(sum(outcome = 'wrong'), 0), coalesce(sum(outcome = 'expired'), 0) FROM code_attempts",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(CodeAttempts { wrong, expired })
    }
}

/// What a check-in ("I'm here", `/here CODE`) came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckIn {
    Recorded,
    /// Already marked present: nothing changed.
    Already,
    /// No place in the session's course (never registered, wait-listed or
    /// withdrawn).
    NotRegistered,
    /// Before the reminder: check-in opens at this time.
    NotYet(DateTime<Utc>),
    /// After the window: a coordinator can still mark them.
    Closed,
    Cancelled,
}

/// One session's attendance record of a person, for /mydata.
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct AttendanceData {
    pub session: String,
    pub title: String,
    pub present: bool,
    pub method: String,
    pub recorded_at: String,
}

/// A person's attendance as /mydata shows it: each session's record and
/// how many changes (theirs and coordinators' corrections) are logged.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct AttendanceRecord {
    pub sessions: Vec<AttendanceData>,
    pub changes_logged: i64,
}

impl Db {
    /// A person's attendance, for /mydata (their ratings and answers are
    /// `Db::own_feedback`'s).
    pub async fn attendance_data(&self, user_id: i64) -> DbResult<AttendanceRecord> {
        let attendance = sqlx::query_as(
            "SELECT a.session_id AS session, s.title, a.present, a.method, a.recorded_at \
             FROM attendance a JOIN sessions s ON s.id = a.session_id WHERE a.user_id = ? ORDER BY s.starts_at",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        let attendance_changes = sqlx::query_scalar("SELECT count(*) FROM attendance_log WHERE user_id = ?")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(AttendanceRecord { sessions: attendance, changes_logged: attendance_changes })
    }
}

/// /forgetme's part here, inside its transaction: attendance goes with the
/// person (a share of a roster they are no longer on means nothing).
pub(super) async fn forget(tx: &mut Transaction<'_, Sqlite>, user_id: i64) -> DbResult<()> {
    for sql in [
        "DELETE FROM attendance WHERE user_id = ?",
        "DELETE FROM attendance_log WHERE user_id = ?",
        // Their wrong and expired room codes still count in /stats.
        "UPDATE code_attempts SET user_id = NULL WHERE user_id = ?",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut **tx).await?;
    }
    Ok(())
}
