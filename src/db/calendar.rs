//! What `/calendar` reads: a course's sessions with their revision and
//! the time they last changed.

use chrono::{DateTime, Utc};

use super::courses::{session_or_report, SessionRecord, SESSION_COLUMNS};
use super::{parse_ts, Db, DbResult, SessionRow};
use crate::domain::CourseCode;

/// One session as a calendar event needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarSession {
    pub session: SessionRow,
    /// Raised by the database on every change a calendar must hear of.
    pub revision: i64,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Record {
    #[sqlx(flatten)]
    session: SessionRecord,
    revision: i64,
    updated_at: String,
}

impl Db {
    /// Every session of `course`, cancelled ones too (a calendar must hear
    /// they are off), in time order. A row whose times cannot be read is
    /// left out and logged rather than failing the whole file.
    pub async fn calendar_sessions(&self, course: &CourseCode) -> DbResult<Vec<CalendarSession>> {
        let recs: Vec<Record> = sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS}, revision, updated_at FROM sessions WHERE course_code = ? ORDER BY starts_at, id"
        ))
        .bind(course.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(recs
            .into_iter()
            .filter_map(|r| {
                let session = session_or_report(r.session).ok()?;
                let Ok(updated_at) = parse_ts(&r.updated_at) else {
                    tracing::error!(session = %session.id, "a session's update time cannot be read; left out of the calendar");
                    return None;
                };
                Some(CalendarSession { session, revision: r.revision, updated_at })
            })
            .collect())
    }
}
