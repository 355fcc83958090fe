//! The inbox: every update Telegram hands over, stored before it is
//! confirmed and handled from here, so a crash or a stop loses none and one
//! delivered twice is handled once.

use chrono::{DateTime, Duration, Utc};

use super::{ts, Db, DbResult};
use crate::domain::Lang;

/// An update waiting to be handled: its id and the raw JSON Telegram sent.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredUpdate {
    pub update_id: i64,
    pub payload: String,
}

/// One update as received: id, who sent it (if anyone), the raw JSON.
pub struct Received {
    pub update_id: i64,
    pub user_id: Option<i64>,
    pub payload: String,
}

/// Handled updates are kept (as bare ids) this long: Telegram redelivers
/// only updates it has not seen confirmed, and only for a day.
const KEEP_HANDLED: Duration = Duration::days(7);

impl Db {
    /// Stores a batch of updates in one transaction; ids already known are
    /// left as they are. Returns the positions (in `updates`) of those that
    /// were new. Whoever wrote can be reached again, if they had blocked
    /// the bot: recorded in the same transaction, before anything is
    /// handled or queued for them.
    pub async fn store_updates(&self, updates: &[Received], now: DateTime<Utc>) -> DbResult<Vec<usize>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut new = Vec::new();
        for (i, u) in updates.iter().enumerate() {
            let done = sqlx::query(
                "INSERT OR IGNORE INTO inbox (update_id, user_id, payload, state, received_at) \
                 VALUES (?, ?, ?, 'pending', ?)",
            )
            .bind(u.update_id)
            .bind(u.user_id)
            .bind(&u.payload)
            .bind(ts(now))
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                new.push(i);
            }
            if let Some(user) = u.user_id {
                sqlx::query(
                    "UPDATE people SET unreachable_since = NULL WHERE user_id = ? AND unreachable_since IS NOT NULL",
                )
                .bind(user)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(new)
    }

    /// Updates not yet handled with an id above `after`, oldest first.
    pub async fn pending_updates(&self, after: i64, limit: i64) -> DbResult<Vec<StoredUpdate>> {
        Ok(sqlx::query_as(
            "SELECT update_id, payload FROM inbox WHERE state = 'pending' AND update_id > ? \
             ORDER BY update_id LIMIT ?",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Marks an update handled. What it said is no longer needed: only the
    /// id is kept, to recognise a redelivery. `sender_language`: the
    /// language its sender's Telegram is set to, remembered for what is
    /// queued for them later (one write with the mark).
    pub async fn finish_update(
        &self,
        update_id: i64,
        sender_language: Option<(i64, &Lang)>,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query(
            "UPDATE inbox SET state = 'done', payload = NULL, user_id = NULL, handled_at = ? WHERE update_id = ?",
        )
        .bind(ts(now))
        .bind(update_id)
        .execute(&mut *tx)
        .await?;
        if let Some((user_id, lang)) = sender_language {
            sqlx::query("UPDATE people SET telegram_language = ? WHERE user_id = ? AND telegram_language IS NOT ?")
                .bind(lang.as_str())
                .bind(user_id)
                .bind(lang.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets handled updates' ids once no redelivery can come.
    pub async fn prune_inbox(&self, now: DateTime<Utc>) -> DbResult<u64> {
        let done = sqlx::query("DELETE FROM inbox WHERE state = 'done' AND handled_at < ?")
            .bind(ts(now - KEEP_HANDLED))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// How many updates wait to be handled, and since when the oldest.
    pub async fn inbox_backlog(&self) -> DbResult<(i64, Option<String>)> {
        Ok(sqlx::query_as("SELECT count(*), min(received_at) FROM inbox WHERE state = 'pending'")
            .fetch_one(&self.pool)
            .await?)
    }
}
