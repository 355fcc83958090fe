//! What `/calendar` reads: a course's sessions with their revision and
//! the time they last changed.

use chrono::{DateTime, Utc};

use super::{parse_ts, Db, DbResult};
use crate::domain::CourseCode;

/// One session as a calendar event needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarSession {
    pub id: String,
    pub course_code: String,
    pub starts_at: DateTime<Utc>,
    pub minutes: i64,
    pub title: String,
    pub speaker: Option<String>,
    pub room: Option<String>,
    pub cancelled: bool,
    pub revision: i64,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Record {
    id: String,
    course_code: String,
    starts_at: String,
    minutes: i64,
    title: String,
    speaker: Option<String>,
    room: Option<String>,
    cancelled: bool,
    revision: i64,
    updated_at: String,
}

impl Db {
    /// Every session of `course`, cancelled ones too (a calendar must hear
    /// they are off), in time order. A row whose times cannot be read is
    /// left out and logged rather than failing the whole file.
    pub async fn calendar_sessions(&self, course: &CourseCode) -> DbResult<Vec<CalendarSession>> {
        let recs: Vec<Record> = sqlx::query_as(
            "SELECT id, course_code, starts_at, minutes, title, speaker, room, cancelled, revision, updated_at \
             FROM sessions WHERE course_code = ? ORDER BY starts_at, id",
        )
        .bind(course.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(recs
            .into_iter()
            .filter_map(|r| {
                let (Ok(starts_at), Ok(updated_at)) = (parse_ts(&r.starts_at), parse_ts(&r.updated_at)) else {
                    tracing::error!(session = %r.id, "a session's times cannot be read; left out of the calendar");
                    return None;
                };
                Some(CalendarSession {
                    starts_at,
                    updated_at,
                    id: r.id,
                    course_code: r.course_code,
                    minutes: r.minutes,
                    title: r.title,
                    speaker: r.speaker,
                    room: r.room,
                    cancelled: r.cancelled,
                    revision: r.revision,
                })
            })
            .collect())
    }
}
