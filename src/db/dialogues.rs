use std::marker::PhantomData;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use futures::future::BoxFuture;
use serde::{de::DeserializeOwned, Serialize};
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

use super::{ts, Db, DbError, DbResult};
use crate::clock::SharedClock;

/// A dialogue untouched this long is abandoned: a half-finished
/// registration holds someone's name and e-mail, which are not kept
/// indefinitely for a form nobody is filling in.
pub const DIALOGUE_IDLE_DAYS: i64 = 30;

fn idle_cutoff(now: DateTime<Utc>) -> String {
    ts(now - Duration::days(DIALOGUE_IDLE_DAYS))
}

impl Db {
    /// Deletes every dialogue idle past `DIALOGUE_IDLE_DAYS`; the scheduler
    /// calls it on each tick.
    pub async fn purge_idle_dialogues(&self, now: DateTime<Utc>) -> DbResult<u64> {
        let done = sqlx::query("DELETE FROM dialogues WHERE updated_at < ?")
            .bind(idle_cutoff(now))
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// A chat's live dialogue as stored (JSON) and when it last moved, for
    /// /mydata. An idle one is deleted and reads as none.
    pub async fn dialogue_of(&self, chat_id: i64, now: DateTime<Utc>) -> DbResult<Option<(String, String)>> {
        let row: Option<(String, String)> = sqlx::query_as("SELECT state, updated_at FROM dialogues WHERE chat_id = ?")
            .bind(chat_id)
            .fetch_optional(self.pool())
            .await?;
        let cutoff = idle_cutoff(now);
        match row {
            Some((_, updated_at)) if updated_at < cutoff => {
                // Only the stale version: one written meanwhile stays.
                sqlx::query("DELETE FROM dialogues WHERE chat_id = ? AND updated_at = ?")
                    .bind(chat_id)
                    .bind(&updated_at)
                    .execute(self.pool())
                    .await?;
                Ok(None)
            }
            row => Ok(row),
        }
    }
}

/// Dialogue state in our own table, so a registration half-way through
/// survives a restart (teloxide's in-memory storage would lose it, and its
/// SQLite storage would pin a second sqlx).
pub struct DialogueStore<D> {
    db: Db,
    clock: SharedClock,
    _state: PhantomData<fn() -> D>,
}

impl<D> DialogueStore<D> {
    pub fn new(db: Db, clock: SharedClock) -> Arc<Self> {
        Arc::new(Self { db, clock, _state: PhantomData })
    }
}

impl<D> Storage<D> for DialogueStore<D>
where
    D: Serialize + DeserializeOwned + Send + 'static,
{
    type Error = DbError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<(), DbError>> {
        Box::pin(async move {
            sqlx::query("DELETE FROM dialogues WHERE chat_id = ?").bind(chat_id.0).execute(self.db.pool()).await?;
            Ok(())
        })
    }

    fn update_dialogue(self: Arc<Self>, chat_id: ChatId, dialogue: D) -> BoxFuture<'static, Result<(), DbError>> {
        Box::pin(async move {
            let state = serde_json::to_string(&dialogue).map_err(|e| DbError::Corrupt(e.to_string()))?;
            sqlx::query(
                "INSERT INTO dialogues (chat_id, state, updated_at) VALUES (?, ?, ?) \
                 ON CONFLICT(chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            )
            .bind(chat_id.0)
            .bind(state)
            .bind(ts(self.clock.now()))
            .execute(self.db.pool())
            .await?;
            Ok(())
        })
    }

    fn get_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<Option<D>, DbError>> {
        Box::pin(async move {
            let row = self.db.dialogue_of(chat_id.0, self.clock.now()).await?;
            // A state written by an older version that no longer parses is
            // dropped rather than wedging the chat: the person starts over.
            Ok(row.and_then(|(s, _)| match serde_json::from_str(&s) {
                Ok(d) => Some(d),
                Err(e) => {
                    tracing::warn!(chat_id = chat_id.0, error = %e, "discarding unreadable dialogue state");
                    None
                }
            }))
        })
    }
}
