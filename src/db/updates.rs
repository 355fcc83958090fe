use chrono::{DateTime, Duration, Utc};

use super::{ts, Db, DbResult};

impl Db {
    /// Records an update id; false when it was seen before, so a redelivered
    /// update is dropped instead of acting twice.
    pub async fn first_delivery(&self, update_id: u32, now: DateTime<Utc>) -> DbResult<bool> {
        let done = sqlx::query(
            "INSERT OR IGNORE INTO inbox (update_id, state, received_at, handled_at) VALUES (?1, 'done', ?2, ?2)",
        )
        .bind(i64::from(update_id))
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Telegram redelivers only recent updates, so a week of ids is plenty.
    pub async fn prune_processed_updates(&self, now: DateTime<Utc>) -> DbResult<u64> {
        let done = sqlx::query("DELETE FROM inbox WHERE state = 'done' AND handled_at < ?")
            .bind(ts(now - Duration::days(7)))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
