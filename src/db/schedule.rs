//! Queries the scheduler needs, and the session-change log.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::courses::{readable_sessions, SessionRecord, SESSION_COLUMNS};
use super::outbox::Payload;
use super::{ts, Db, DbError, DbResult, SessionRow};
use crate::domain::notice::SessionSnapshot;
use crate::domain::{Lang, LocalDateTime, UnknownValue};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub user_id: i64,
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DigestPerson {
    pub user_id: i64,
    pub timezone: Option<String>,
    pub digest_time: Option<String>,
    /// Comma-separated course codes they are registered for.
    pub courses: String,
}

#[derive(Debug, Clone)]
pub struct PendingChange {
    pub id: i64,
    pub course_code: String,
    pub before: SessionSnapshot,
    pub after: SessionSnapshot,
}

impl Db {
    /// Sessions starting between `from` and `to`, cancelled ones included.
    pub async fn sessions_starting_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> DbResult<Vec<SessionRow>> {
        let recs: Vec<SessionRecord> = sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE starts_at > ? AND starts_at <= ? ORDER BY starts_at, id"
        ))
        .bind(ts(from))
        .bind(ts(to))
        .fetch_all(&self.pool)
        .await?;
        Ok(readable_sessions(recs))
    }

    /// Registered participants of a course who want reminders.
    pub async fn reminder_recipients(&self, course: &str) -> DbResult<Vec<Recipient>> {
        Ok(sqlx::query_as(
            "SELECT p.user_id, p.timezone FROM registrations r JOIN people p ON p.user_id = r.user_id \
             WHERE r.course_code = ? AND r.status = 'registered' AND p.reminders_on = 1 ORDER BY p.user_id",
        )
        .bind(course)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Everyone registered in a course (or in any course), reminders or not.
    pub async fn course_participants(&self, course: Option<&str>) -> DbResult<Vec<Recipient>> {
        Ok(sqlx::query_as(
            "SELECT DISTINCT p.user_id, p.timezone FROM registrations r JOIN people p ON p.user_id = r.user_id \
             JOIN courses c ON c.code = r.course_code \
             WHERE (?1 IS NULL OR r.course_code = ?1) AND r.status = 'registered' AND c.active = 1 ORDER BY p.user_id",
        )
        .bind(course)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn digest_people(&self) -> DbResult<Vec<DigestPerson>> {
        Ok(sqlx::query_as(
            "SELECT p.user_id, p.timezone, p.digest_time, group_concat(r.course_code) AS courses \
             FROM people p JOIN registrations r ON r.user_id = p.user_id AND r.status = 'registered' \
             WHERE p.reminders_on = 1 GROUP BY p.user_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Keys of digests queued since `since`, to skip people already served.
    pub async fn digest_keys_since(&self, since: DateTime<Utc>) -> DbResult<Vec<String>> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT dedupe_key FROM outbox WHERE kind = 'digest' AND created_at >= ?")
                .bind(ts(since))
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(k,)| k).collect())
    }

    /// Changes not yet told. One whose snapshot cannot be read is reported
    /// and set aside (marked told at `now`, with no notice): left pending, it
    /// would be read and fail again on every tick.
    pub async fn pending_changes(&self, now: DateTime<Utc>) -> DbResult<Vec<PendingChange>> {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, course_code, before, after FROM session_changes WHERE notified_at IS NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, course_code, before, after) in rows {
            let parse = |s: &str| serde_json::from_str::<SessionSnapshot>(s);
            match parse(&before).and_then(|b| Ok((b, parse(&after)?))) {
                Ok((before, after)) => out.push(PendingChange { id, course_code, before, after }),
                Err(e) => {
                    tracing::error!(
                        table = "session_changes",
                        id,
                        before,
                        after,
                        error = %e,
                        "setting aside a change that cannot be read"
                    );
                    sqlx::query("UPDATE session_changes SET notified_at = ? WHERE id = ?")
                        .bind(ts(now))
                        .bind(id)
                        .execute(&self.pool)
                        .await?;
                }
            }
        }
        Ok(out)
    }

    pub async fn state_value(&self, key: &str) -> DbResult<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT value FROM scheduler_state WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(v,)| v))
    }

    pub async fn set_state_value(&self, key: &str, value: &str) -> DbResult<()> {
        sqlx::query("INSERT INTO scheduler_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Notices for a change, queued in one transaction with marking it told.
    pub async fn notify_change(
        &self,
        change_id: i64,
        items: &[super::outbox::NewItem],
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        self.enqueue_and_mark(items, "UPDATE session_changes SET notified_at = ?1 WHERE id = ?2", change_id, now).await
    }

    /// Queues items and records, in the same write transaction, what they
    /// were queued for: `mark` is an UPDATE taking the time (?1) and an id (?2).
    pub(super) async fn enqueue_and_mark(
        &self,
        items: &[super::outbox::NewItem],
        mark: &'static str,
        id: i64,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for item in items {
            super::outbox::enqueue(&mut tx, item, now).await?;
        }
        sqlx::query(mark).bind(ts(now)).bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records reminders that can no longer be useful, so /stats counts them.
    pub async fn record_dropped(&self, items: &[super::outbox::NewItem], now: DateTime<Utc>) -> DbResult<()> {
        let mut tx = self.pool.begin().await?;
        for item in items {
            if super::outbox::enqueue(&mut tx, item, now).await? {
                sqlx::query("UPDATE outbox SET state = 'dropped', last_error = 'the bot was down until the session ended' WHERE dedupe_key = ?")
                    .bind(&item.dedupe_key)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn enqueue_all(&self, items: &[super::outbox::NewItem], now: DateTime<Utc>) -> DbResult<usize> {
        let mut tx = self.pool.begin().await?;
        let mut n = 0;
        for item in items {
            n += usize::from(super::outbox::enqueue(&mut tx, item, now).await?);
        }
        tx.commit().await?;
        Ok(n)
    }
}

/// A coordinator's change to one session.
#[derive(Debug, Clone)]
pub enum SessionEdit {
    Move { starts_local: LocalDateTime, starts_at: DateTime<Utc> },
    Room(String),
    Cancel,
}

impl Db {
    /// Applies an edit and logs it for the participants' notices, in one
    /// transaction. None when there is no such session.
    pub async fn edit_session(
        &self,
        id: &str,
        edit: &SessionEdit,
        now: DateTime<Utc>,
    ) -> DbResult<Option<(SessionRow, SessionRow)>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let rec: Option<SessionRecord> =
            sqlx::query_as(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?"))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(rec) = rec else {
            return Ok(None);
        };
        let before = SessionRow::try_from(rec)?;
        let mut after = before.clone();
        match edit {
            SessionEdit::Move { starts_local, starts_at } => {
                after.starts_at = *starts_at;
                after.cancelled = false;
                sqlx::query(
                    "UPDATE sessions SET starts_local = ?, starts_at = ?, cancelled = 0, updated_at = ? WHERE id = ?",
                )
                .bind(starts_local.naive().format("%Y-%m-%dT%H:%M:%S").to_string())
                .bind(ts(*starts_at))
                .bind(ts(now))
                .bind(&after.id)
                .execute(&mut *tx)
                .await?;
            }
            SessionEdit::Room(room) => {
                after.room = Some(room.clone());
                sqlx::query("UPDATE sessions SET room = ?, updated_at = ? WHERE id = ?")
                    .bind(room)
                    .bind(ts(now))
                    .bind(&after.id)
                    .execute(&mut *tx)
                    .await?;
            }
            SessionEdit::Cancel => {
                after.cancelled = true;
                sqlx::query("UPDATE sessions SET cancelled = 1, updated_at = ? WHERE id = ?")
                    .bind(ts(now))
                    .bind(&after.id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        if before != after {
            super::courses::log_change(&mut tx, &before, &after, false, now).await?;
        }
        tx.commit().await?;
        Ok(Some((before, after)))
    }

    pub async fn session(&self, id: &str) -> DbResult<Option<SessionRow>> {
        let rec: Option<SessionRecord> =
            sqlx::query_as(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        rec.map(SessionRow::try_from).transpose()
    }
}

/// Where a broadcast stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BroadcastState {
    /// Waiting for its time (Send now: due at once).
    Scheduled,
    /// Its items are in the outbox.
    Queued,
    /// Nothing left to send; its author got the report.
    Done,
    Cancelled,
}

impl BroadcastState {
    pub const ALL: [BroadcastState; 4] = [Self::Scheduled, Self::Queued, Self::Done, Self::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Queued => "queued",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for BroadcastState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for BroadcastState {
    type Error = UnknownValue;
    fn try_from(s: String) -> Result<Self, UnknownValue> {
        Self::ALL.into_iter().find(|b| b.as_str() == s).ok_or(UnknownValue { what: "broadcast state", value: s })
    }
}

/// A broadcast as listed by /broadcasts.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BroadcastRow {
    pub id: i64,
    pub created_by: i64,
    pub audience: Option<String>,
    pub payload: String,
    #[sqlx(try_from = "String")]
    pub state: BroadcastState,
    pub send_at: String,
    pub created_at: String,
    /// Sent to everyone now: delivered inside quiet hours too.
    pub urgent: bool,
    /// Its versions by language, JSON (see [`BroadcastRow::versions`]).
    pub translations: Option<String>,
    pub delivered: i64,
    pub blocked: i64,
    pub failed: i64,
    pub waiting: i64,
}

const BROADCAST_COLUMNS: &str =
    "b.id, b.created_by, b.audience, b.payload, b.state, b.send_at, b.created_at, b.urgent, b.translations, \
    (SELECT count(*) FROM outbox o WHERE o.broadcast_id = b.id AND o.state = 'sent') AS delivered, \
    (SELECT count(*) FROM outbox o WHERE o.broadcast_id = b.id AND o.state = 'blocked') AS blocked, \
    (SELECT count(*) FROM outbox o WHERE o.broadcast_id = b.id AND o.state IN ('failed', 'dropped')) AS failed, \
    (SELECT count(*) FROM outbox o WHERE o.broadcast_id = b.id AND o.state IN ('pending', 'sending')) AS waiting";

/// A broadcast's versions by language. When it has more than one, the
/// main version (`payload`) is among them, under the language it was
/// written in, so a listing can name every language; empty when there is
/// only the main version.
pub type Translations = BTreeMap<Lang, Payload>;

impl BroadcastRow {
    /// The main version, for everyone without their own, and the versions
    /// by language (empty: the main one only).
    pub fn versions(&self) -> DbResult<(Payload, Translations)> {
        let corrupt = |what: &str, e: serde_json::Error| DbError::Corrupt(format!("broadcast {} {what}: {e}", self.id));
        let main = serde_json::from_str(&self.payload).map_err(|e| corrupt("payload", e))?;
        let translations = match self.translations.as_deref() {
            None => Translations::new(),
            Some(json) => serde_json::from_str(json).map_err(|e| corrupt("translations", e))?,
        };
        Ok((main, translations))
    }
}

impl Db {
    pub async fn create_broadcast(
        &self,
        created_by: i64,
        audience: Option<&str>,
        payload: &Payload,
        translations: &Translations,
        send_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> DbResult<i64> {
        self.insert_broadcast(created_by, audience, payload, translations, send_at, false, now).await
    }

    /// "Send to everyone now": due at once, and delivered inside the
    /// recipients' quiet hours too.
    pub async fn create_urgent_broadcast(
        &self,
        created_by: i64,
        audience: Option<&str>,
        payload: &Payload,
        translations: &Translations,
        now: DateTime<Utc>,
    ) -> DbResult<i64> {
        self.insert_broadcast(created_by, audience, payload, translations, now, true, now).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn insert_broadcast(
        &self,
        created_by: i64,
        audience: Option<&str>,
        payload: &Payload,
        translations: &Translations,
        send_at: DateTime<Utc>,
        urgent: bool,
        now: DateTime<Utc>,
    ) -> DbResult<i64> {
        let unwritable = |e: serde_json::Error| DbError::Corrupt(e.to_string());
        let payload = serde_json::to_string(payload).map_err(unwritable)?;
        let translations =
            if translations.is_empty() { None } else { Some(serde_json::to_string(translations).map_err(unwritable)?) };
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO broadcasts (created_by, audience, payload, translations, state, urgent, send_at, created_at) \
             VALUES (?, ?, ?, ?, 'scheduled', ?, ?, ?) RETURNING id",
        )
        .bind(created_by)
        .bind(audience)
        .bind(payload)
        .bind(translations)
        .bind(urgent)
        .bind(ts(send_at))
        .bind(ts(now))
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// Who a queued broadcast is addressed to, with their zones.
    pub async fn broadcast_recipients(&self, id: i64) -> DbResult<Vec<Recipient>> {
        Ok(sqlx::query_as(
            "SELECT o.chat_id AS user_id, p.timezone FROM outbox o LEFT JOIN people p ON p.user_id = o.chat_id \
             WHERE o.broadcast_id = ? ORDER BY o.chat_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn broadcasts(&self, limit: i64) -> DbResult<Vec<BroadcastRow>> {
        Ok(sqlx::query_as(&format!("SELECT {BROADCAST_COLUMNS} FROM broadcasts b ORDER BY b.id DESC LIMIT ?"))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn broadcast(&self, id: i64) -> DbResult<Option<BroadcastRow>> {
        Ok(sqlx::query_as(&format!("SELECT {BROADCAST_COLUMNS} FROM broadcasts b WHERE b.id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Scheduled broadcasts whose time has come.
    pub async fn due_broadcasts(&self, now: DateTime<Utc>) -> DbResult<Vec<BroadcastRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {BROADCAST_COLUMNS} FROM broadcasts b WHERE b.state = 'scheduled' AND b.send_at <= ? ORDER BY b.id"
        ))
        .bind(ts(now))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Queues one item per recipient and marks the broadcast queued, in one
    /// transaction: the audience is whoever is registered at this moment.
    pub async fn queue_broadcast(&self, id: i64, items: &[super::outbox::NewItem], now: DateTime<Utc>) -> DbResult<()> {
        self.enqueue_and_mark(
            items,
            "UPDATE broadcasts SET state = 'queued', queued_at = ?1 WHERE id = ?2 AND state = 'scheduled'",
            id,
            now,
        )
        .await
    }

    /// Queued broadcasts with nothing left to send.
    pub async fn finished_broadcasts(&self) -> DbResult<Vec<BroadcastRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {BROADCAST_COLUMNS} FROM broadcasts b WHERE b.state = 'queued' AND NOT EXISTS \
             (SELECT 1 FROM outbox o WHERE o.broadcast_id = b.id AND o.state IN ('pending', 'sending')) ORDER BY b.id"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Marks a broadcast done and queues its report, in one transaction.
    pub async fn finish_broadcast(&self, id: i64, report: &super::outbox::NewItem, now: DateTime<Utc>) -> DbResult<()> {
        self.enqueue_and_mark(
            std::slice::from_ref(report),
            "UPDATE broadcasts SET state = 'done', finished_at = ?1 WHERE id = ?2",
            id,
            now,
        )
        .await
    }

    /// Failure reasons of a broadcast's items, most common first.
    pub async fn broadcast_failures(&self, id: i64) -> DbResult<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT COALESCE(last_error, 'unknown'), count(*) FROM outbox WHERE broadcast_id = ? \
             AND state IN ('failed', 'dropped') GROUP BY 1 ORDER BY 2 DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn cancel_broadcast(&self, id: i64) -> DbResult<bool> {
        let done = sqlx::query("UPDATE broadcasts SET state = 'cancelled' WHERE id = ? AND state = 'scheduled'")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
