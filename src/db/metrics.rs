//! Figures for `/metrics` and `/healthz`, read at scrape time: the database
//! is the truth about the queue, the enquiries and the registrations, and a
//! scrape every few seconds costs a few indexed counts.

use chrono::{DateTime, Utc};

use super::{parse_ts, Db, DbResult};

/// What the database says about the service, at one instant.
#[derive(Debug, Clone, Default)]
pub struct Gauges {
    /// Outbox items by (state, kind).
    pub outbox: Vec<(String, String, i64)>,
    pub enquiries_open: i64,
    /// When the oldest open enquiry started waiting.
    pub oldest_open_enquiry: Option<DateTime<Utc>>,
    /// Registrations by (course, status).
    pub registrations: Vec<(String, String, i64)>,
    /// Updates stored but not yet handled, and when the oldest arrived.
    pub inbox_pending: i64,
    pub oldest_pending_update: Option<DateTime<Utc>>,
}

impl Db {
    /// Whether the database answers a query at all.
    pub async fn ping(&self) -> DbResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn gauges(&self) -> DbResult<Gauges> {
        let outbox =
            sqlx::query_as("SELECT state, kind, count(*) FROM outbox GROUP BY state, kind ORDER BY state, kind")
                .fetch_all(&self.pool)
                .await?;
        let (enquiries_open, oldest): (i64, Option<String>) =
            sqlx::query_as("SELECT count(*), min(waiting_since) FROM enquiries WHERE status = 'open'")
                .fetch_one(&self.pool)
                .await?;
        let registrations = sqlx::query_as(
            "SELECT course_code, status, count(*) FROM registrations GROUP BY course_code, status \
             ORDER BY course_code, status",
        )
        .fetch_all(&self.pool)
        .await?;
        let (inbox_pending, oldest_update) = self.inbox_backlog().await?;
        Ok(Gauges {
            outbox,
            enquiries_open,
            oldest_open_enquiry: oldest.as_deref().map(parse_ts).transpose()?,
            registrations,
            inbox_pending,
            oldest_pending_update: oldest_update.as_deref().map(parse_ts).transpose()?,
        })
    }
}
