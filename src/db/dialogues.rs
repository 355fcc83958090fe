use std::marker::PhantomData;
use std::sync::Arc;

use futures::future::BoxFuture;
use serde::{de::DeserializeOwned, Serialize};
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

use super::{ts, Db, DbError};
use crate::clock::SharedClock;

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
            let row: Option<(String,)> = sqlx::query_as("SELECT state FROM dialogues WHERE chat_id = ?")
                .bind(chat_id.0)
                .fetch_optional(self.db.pool())
                .await?;
            // A state written by an older version that no longer parses is
            // dropped rather than wedging the chat: the person starts over.
            Ok(row.and_then(|(s,)| match serde_json::from_str(&s) {
                Ok(d) => Some(d),
                Err(e) => {
                    tracing::warn!(chat_id = chat_id.0, error = %e, "discarding unreadable dialogue state");
                    None
                }
            }))
        })
    }
}
