//! The outbox: durable, deduplicated messages to other people, drained by
//! `notify::sender` under Telegram's limits.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{parse_ts, ts, Db, DbError, DbResult};
use std::collections::{BTreeMap, HashMap};

use crate::domain::notice::NoticeButton;
use crate::domain::{FileKind, Lang, LanguageSettings, Notice, Zone};

/// What a row sends. Text is cut below Telegram's limit by the sender, the
/// same way every time, so `parts_sent` counts the same parts after a
/// restart and the rest go out in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Payload {
    /// Words already written (a reply, a broadcast): sent as they are.
    Text {
        parts: Vec<String>,
    },
    Photo {
        file_id: String,
        caption: Option<String>,
    },
    Document {
        file_id: String,
        caption: Option<String>,
    },
    /// A short message with buttons under it: a reply that could not be
    /// delivered at once (Telegram away, or the bot stopping) keeps its
    /// buttons when it is queued.
    Prompt {
        text: String,
        buttons: Vec<Vec<Button>>,
    },
    /// The same message in several languages (a broadcast with a French
    /// version): each recipient gets theirs when it is sent, else `default`.
    Versions {
        default: Box<Payload>,
        by_language: BTreeMap<Lang, Payload>,
    },
    /// Values to be put into words for the recipient when it is sent
    /// (`i18n::notices`), in their language and zone as they are then.
    Notice(Notice),
    /// A notice with buttons under its last part (a relayed enquiry's
    /// "This is FAQ entry…"), their labels put into words with it.
    NoticeWithButtons {
        notice: Notice,
        buttons: Vec<Vec<NoticeButton>>,
    },
    /// A photo or document passed on from an enquiry, its caption a notice
    /// put into words when it is sent.
    Attachment {
        kind: FileKind,
        file_id: String,
        caption: Notice,
    },
}

/// A button under a message: what it says and the data its tap sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub data: String,
}

impl Payload {
    pub fn text(text: &str) -> Self {
        Payload::Text { parts: vec![text.to_owned()] }
    }

    pub fn notice(notice: Notice) -> Self {
        Payload::Notice(notice)
    }

    pub fn file(kind: FileKind, file_id: &str, caption: Option<String>) -> Self {
        match kind {
            FileKind::Photo => Payload::Photo { file_id: file_id.to_owned(), caption },
            FileKind::Document => Payload::Document { file_id: file_id.to_owned(), caption },
        }
    }

    /// A photo or document: what kind, Telegram's file id and the caption.
    pub fn as_file(&self) -> Option<(FileKind, &str, Option<&str>)> {
        match self {
            Payload::Photo { file_id, caption } => Some((FileKind::Photo, file_id, caption.as_deref())),
            Payload::Document { file_id, caption } => Some((FileKind::Document, file_id, caption.as_deref())),
            // Its caption is not written yet.
            Payload::Text { .. }
            | Payload::Prompt { .. }
            | Payload::Notice(_)
            | Payload::NoticeWithButtons { .. }
            | Payload::Attachment { .. } => None,
            Payload::Versions { default, .. } => default.as_file(),
        }
    }

    /// The version for a reader of `lang`: itself, unless it holds several.
    pub fn for_reader(&self, lang: &Lang) -> &Payload {
        match self {
            Payload::Versions { default, by_language } => by_language.get(lang).unwrap_or(default).for_reader(lang),
            other => other,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Reminder,
    Digest,
    Change,
    Broadcast,
    Report,
    Notice,
    /// An enquiry (or a follow-up) relayed to the coordinators.
    Enquiry,
    /// A coordinator's answer to an enquiry, or word that it was closed.
    Answer,
    /// A reply to someone talking to the bot that Telegram did not take at
    /// once, or that was cut short by a stop: it follows when it can.
    Reply,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Reminder => "reminder",
            Kind::Digest => "digest",
            Kind::Change => "change",
            Kind::Broadcast => "broadcast",
            Kind::Report => "report",
            Kind::Notice => "notice",
            Kind::Enquiry => "enquiry",
            Kind::Answer => "answer",
            Kind::Reply => "reply",
        }
    }

    pub const ALL: [Kind; 9] = [
        Kind::Reminder,
        Kind::Digest,
        Kind::Change,
        Kind::Broadcast,
        Kind::Report,
        Kind::Notice,
        Kind::Enquiry,
        Kind::Answer,
        Kind::Reply,
    ];

    pub fn parse(s: &str) -> DbResult<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| DbError::Corrupt(format!("outbox kind {s:?}")))
    }

    /// Urgent kinds are delivered even inside quiet hours: a reminder or a
    /// change notice is useless after the fact.
    pub fn urgent(self) -> bool {
        !matches!(self, Kind::Digest | Kind::Broadcast)
    }
}

/// Where an item stands. An item ends sent, or as one of the three ways
/// of not being sent, each with its reason in `last_error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Pending,
    Sending,
    Sent,
    /// Telegram refused it (400), or a relay went nowhere.
    Failed,
    /// The recipient blocked the bot or is gone (403).
    Blocked,
    /// No use any more: past its `not_after`.
    Dropped,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Sending => "sending",
            State::Sent => "sent",
            State::Failed => "failed",
            State::Blocked => "blocked",
            State::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewItem {
    pub dedupe_key: String,
    pub chat_id: i64,
    pub kind: Kind,
    pub payload: Payload,
    /// Delivered inside quiet hours too. The kind's default, except for a
    /// broadcast a coordinator sent to everyone now.
    pub urgent: bool,
    pub broadcast_id: Option<i64>,
    pub session_id: Option<String>,
    pub not_before: DateTime<Utc>,
    /// Dropped if still unsent by then; without one, a day after queueing.
    pub not_after: Option<DateTime<Utc>>,
    /// Relays and answers: the sent message is linked to this enquiry, so
    /// a reply to it reaches the enquiry.
    pub enquiry_id: Option<i64>,
}

impl NewItem {
    /// An item due now, with nothing else attached.
    pub fn now(dedupe_key: String, chat_id: i64, kind: Kind, payload: Payload, now: DateTime<Utc>) -> Self {
        NewItem {
            dedupe_key,
            chat_id,
            kind,
            payload,
            urgent: kind.urgent(),
            broadcast_id: None,
            session_id: None,
            not_before: now,
            not_after: None,
            enquiry_id: None,
        }
    }

    /// Links the message Telegram will create to an enquiry.
    pub fn linked_to(self, enquiry_id: i64) -> Self {
        NewItem { enquiry_id: Some(enquiry_id), ..self }
    }
}

#[derive(Debug, Clone)]
pub struct OutboxItem {
    pub id: i64,
    pub chat_id: i64,
    pub kind: Kind,
    pub payload: Payload,
    pub urgent: bool,
    pub broadcast_id: Option<i64>,
    pub enquiry_id: Option<i64>,
    pub parts_sent: usize,
    pub attempts: i64,
    /// Dropped if still unsent by then.
    pub not_after: Option<DateTime<Utc>>,
    /// What decides the recipient's language (all None for a group or a
    /// stranger), read when the item is claimed: a change of language
    /// applies to what is still queued.
    pub reader: LanguageSettings,
    /// The recipient's own time zone, if they chose one.
    pub zone: Option<Zone>,
}

/// A due item before it is claimed, with what the sender must know about
/// its recipient.
#[derive(Debug, Clone)]
pub struct DueRow {
    pub id: i64,
    pub chat_id: i64,
    pub kind: Kind,
    pub urgent: bool,
    pub not_after: Option<DateTime<Utc>>,
    pub enquiry_id: Option<i64>,
    pub timezone: Option<String>,
    pub unreachable: bool,
}

#[derive(sqlx::FromRow)]
struct DueRecord {
    id: i64,
    chat_id: i64,
    kind: String,
    urgent: bool,
    not_after: Option<String>,
    enquiry_id: Option<i64>,
    timezone: Option<String>,
    unreachable: bool,
}

impl TryFrom<DueRecord> for DueRow {
    type Error = DbError;
    fn try_from(r: DueRecord) -> DbResult<Self> {
        Ok(DueRow {
            kind: Kind::parse(&r.kind)?,
            not_after: r.not_after.as_deref().map(parse_ts).transpose()?,
            id: r.id,
            chat_id: r.chat_id,
            urgent: r.urgent,
            enquiry_id: r.enquiry_id,
            timezone: r.timezone,
            unreachable: r.unreachable,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ItemRecord {
    id: i64,
    chat_id: i64,
    kind: String,
    payload: String,
    urgent: bool,
    broadcast_id: Option<i64>,
    enquiry_id: Option<i64>,
    parts_sent: i64,
    attempts: i64,
    not_after: Option<String>,
}

impl TryFrom<ItemRecord> for OutboxItem {
    type Error = DbError;
    fn try_from(r: ItemRecord) -> DbResult<Self> {
        Ok(OutboxItem {
            payload: serde_json::from_str(&r.payload).map_err(|e| DbError::Corrupt(format!("outbox {}: {e}", r.id)))?,
            id: r.id,
            chat_id: r.chat_id,
            kind: Kind::parse(&r.kind)?,
            not_after: r.not_after.as_deref().map(parse_ts).transpose()?,
            urgent: r.urgent,
            broadcast_id: r.broadcast_id,
            enquiry_id: r.enquiry_id,
            parts_sent: usize::try_from(r.parts_sent).unwrap_or(0),
            attempts: r.attempts,
            reader: LanguageSettings::default(),
            zone: None,
        })
    }
}

/// How long an item without its own `not_after` is worth delivering: a
/// message a day late is news nobody needs, and keeping it longer would
/// only let a long outage end in a flood.
pub const DEFAULT_USEFUL_FOR: chrono::Duration = chrono::Duration::hours(24);

/// Queues an item unless one with the same key exists. True when queued.
pub async fn enqueue(conn: &mut sqlx::SqliteConnection, item: &NewItem, now: DateTime<Utc>) -> DbResult<bool> {
    let payload = serde_json::to_string(&item.payload).map_err(|e| DbError::Corrupt(e.to_string()))?;
    let done = sqlx::query(
        "INSERT OR IGNORE INTO outbox (dedupe_key, chat_id, kind, payload, urgent, broadcast_id, session_id, \
           not_after, next_attempt_at, created_at, enquiry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&item.dedupe_key)
    .bind(item.chat_id)
    .bind(item.kind.as_str())
    .bind(payload)
    .bind(item.urgent)
    .bind(item.broadcast_id)
    .bind(&item.session_id)
    .bind(ts(item.not_after.unwrap_or(now + DEFAULT_USEFUL_FOR)))
    .bind(ts(item.not_before))
    .bind(ts(now))
    .bind(item.enquiry_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

impl Db {
    pub async fn enqueue(&self, item: &NewItem, now: DateTime<Utc>) -> DbResult<bool> {
        let mut conn = self.pool.acquire().await?;
        enqueue(&mut conn, item, now).await
    }

    /// Items a crashed or stopped sender was holding go back to the queue.
    /// At most these few may be sent twice.
    pub async fn release_leases(&self, now: Option<DateTime<Utc>>) -> DbResult<u64> {
        let done = sqlx::query(
            "UPDATE outbox SET state = 'pending', lease_until = NULL \
             WHERE state = 'sending' AND (?1 IS NULL OR lease_until < ?1)",
        )
        .bind(now.map(ts))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Due items, urgent first, each with its recipient's zone and
    /// reachability. The sender decides what to claim, hold or drop.
    /// `skip_chats`: chats that cannot take another message yet (a group
    /// with one in flight), left for a later pass.
    pub async fn due(&self, now: DateTime<Utc>, limit: i64, skip_chats: &[i64]) -> DbResult<Vec<DueRow>> {
        let skip = serde_json::to_string(skip_chats).map_err(|e| DbError::Corrupt(e.to_string()))?;
        let recs: Vec<DueRecord> = sqlx::query_as(
            "SELECT o.id, o.chat_id, o.kind, o.urgent, o.not_after, o.enquiry_id, p.timezone, \
                    (p.unreachable_since IS NOT NULL) AS unreachable \
             FROM outbox o LEFT JOIN people p ON p.user_id = o.chat_id \
             WHERE o.state = 'pending' AND o.next_attempt_at <= ? \
               AND o.chat_id NOT IN (SELECT value FROM json_each(?)) \
             ORDER BY o.urgent DESC, o.next_attempt_at, o.id LIMIT ?",
        )
        .bind(ts(now))
        .bind(skip)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        self.readable(recs, |r| r.id).await
    }

    /// Takes the given pending items for sending.
    pub async fn claim(&self, ids: &[i64], lease_until: DateTime<Utc>) -> DbResult<Vec<OutboxItem>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = serde_json::to_string(ids).map_err(|e| DbError::Corrupt(e.to_string()))?;
        let recs: Vec<ItemRecord> = sqlx::query_as(
            "UPDATE outbox SET state = 'sending', lease_until = ? \
             WHERE state = 'pending' AND id IN (SELECT value FROM json_each(?)) \
             RETURNING id, chat_id, kind, payload, urgent, broadcast_id, enquiry_id, parts_sent, attempts, not_after",
        )
        .bind(ts(lease_until))
        .bind(ids)
        .fetch_all(&self.pool)
        .await?;
        let mut items: Vec<OutboxItem> = self.readable(recs, |r| r.id).await?;
        let readers = self.readers(items.iter().map(|i| i.chat_id)).await?;
        for item in &mut items {
            if let Some((settings, zone)) = readers.get(&item.chat_id) {
                item.reader = settings.clone();
                item.zone = *zone;
            }
        }
        items.sort_by_key(|i| (!i.urgent, i.id));
        Ok(items)
    }

    pub async fn part_sent(&self, id: i64, parts_sent: usize) -> DbResult<()> {
        sqlx::query("UPDATE outbox SET parts_sent = ? WHERE id = ?")
            .bind(parts_sent as i64)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> DbResult<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'sent', sent_at = ?, lease_until = NULL, last_error = NULL WHERE id = ?",
        )
        .bind(ts(now))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Back to the queue, not before `at`. `answered`: Telegram answered
    /// (a 5xx), which counts as an attempt and lengthens the next back-off;
    /// a 429, an unreachable Telegram or a stop do not.
    pub async fn retry_at(&self, id: i64, at: DateTime<Utc>, error: Option<&str>, answered: bool) -> DbResult<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'pending', lease_until = NULL, next_attempt_at = ?, \
               last_error = COALESCE(?, last_error), attempts = attempts + ? WHERE id = ?",
        )
        .bind(ts(at))
        .bind(error)
        .bind(i64::from(answered))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Holds pending items without a claim (quiet hours).
    pub async fn hold_until(&self, id: i64, at: DateTime<Utc>) -> DbResult<()> {
        sqlx::query("UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND state = 'pending'")
            .bind(ts(at))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends an item that will not be sent: failed, blocked or dropped.
    pub async fn finish(&self, id: i64, state: State, error: Option<&str>) -> DbResult<()> {
        debug_assert!(matches!(state, State::Failed | State::Blocked | State::Dropped));
        sqlx::query(
            "UPDATE outbox SET state = ?, lease_until = NULL, last_error = COALESCE(?, last_error) WHERE id = ?",
        )
        .bind(state.as_str())
        .bind(error)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Telegram said the person blocked the bot or is gone: later sends skip
    /// them until they write again.
    pub async fn mark_unreachable(&self, user_id: i64, now: DateTime<Utc>) -> DbResult<()> {
        sqlx::query("UPDATE people SET unreachable_since = ? WHERE user_id = ? AND unreachable_since IS NULL")
            .bind(ts(now))
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn mark_reachable(&self, user_id: i64) -> DbResult<()> {
        sqlx::query("UPDATE people SET unreachable_since = NULL WHERE user_id = ? AND unreachable_since IS NOT NULL")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Queues a copy of an item for each of `chats`: a relay the staff chat
    /// refused still reaches the coordinators.
    pub async fn reroute(&self, id: i64, chats: &[i64], now: DateTime<Utc>) -> DbResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for chat in chats {
            sqlx::query(
                "INSERT OR IGNORE INTO outbox (dedupe_key, chat_id, kind, payload, urgent, next_attempt_at, created_at, \
                   enquiry_id) \
                 SELECT dedupe_key || ':to:' || ?1, ?1, kind, payload, urgent, ?2, ?2, enquiry_id FROM outbox WHERE id = ?3",
            )
            .bind(chat)
            .bind(ts(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Recipients' language settings and zones, by chat.
    async fn readers(
        &self,
        chats: impl Iterator<Item = i64>,
    ) -> DbResult<HashMap<i64, (LanguageSettings, Option<Zone>)>> {
        let chats: Vec<i64> = chats.collect();
        if chats.is_empty() {
            return Ok(HashMap::new());
        }
        let ids = serde_json::to_string(&chats).map_err(|e| DbError::Corrupt(e.to_string()))?;
        type Row = (i64, Option<String>, Option<String>, Option<String>, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT p.user_id, p.language, p.telegram_language, \
                    (SELECT c.language FROM registrations r JOIN courses c ON c.code = r.course_code \
                     WHERE r.user_id = p.user_id AND r.status = 'registered' AND c.language IS NOT NULL \
                     ORDER BY c.position LIMIT 1), \
                    p.timezone \
             FROM people p WHERE p.user_id IN (SELECT value FROM json_each(?))",
        )
        .bind(ids)
        .fetch_all(&self.pool)
        .await?;
        let lang = |v: Option<String>| v.and_then(|s| Lang::parse(&s).ok());
        Ok(rows
            .into_iter()
            .map(|(id, chosen, telegram, course, zone)| {
                let settings =
                    LanguageSettings { chosen: lang(chosen), telegram: lang(telegram), course: lang(course) };
                (id, (settings, zone.and_then(|z| Zone::parse(&z).ok())))
            })
            .collect())
    }

    /// The rows that can be read. One that cannot (written by a version
    /// that knew another kind, a time that passes the CHECK but is no
    /// date) is failed with the reason instead of stopping the queue.
    async fn readable<R, T>(&self, recs: Vec<R>, id: impl Fn(&R) -> i64) -> DbResult<Vec<T>>
    where
        T: TryFrom<R, Error = DbError>,
    {
        let mut out = Vec::with_capacity(recs.len());
        for rec in recs {
            let item = id(&rec);
            match T::try_from(rec) {
                Ok(row) => out.push(row),
                Err(e) => {
                    tracing::error!(item, error = %e, "an outbox row cannot be read; it is failed");
                    self.finish(item, State::Failed, Some(&format!("unreadable: {e}"))).await?;
                }
            }
        }
        Ok(out)
    }

    /// Whether a claimed item is still there to send.
    pub async fn still_sending(&self, id: i64) -> DbResult<bool> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM outbox WHERE id = ? AND state = 'sending'")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// How many replies wait in the queue, all chats together.
    pub async fn queued_replies(&self) -> DbResult<i64> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM outbox WHERE kind = 'reply' AND state IN ('pending', 'sending')")
                .fetch_one(&self.pool)
                .await?;
        Ok(n)
    }

    /// Whether replies to this chat are still waiting in the queue (a later
    /// reply must not overtake them).
    pub async fn has_queued_replies(&self, chat_id: i64) -> DbResult<bool> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM outbox WHERE chat_id = ? AND kind = 'reply' AND state IN ('pending', 'sending') LIMIT 1",
        )
        .bind(chat_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    /// Counts of outbox items by kind and state, for /stats.
    pub async fn outbox_counts(&self) -> DbResult<Vec<(String, String, i64)>> {
        Ok(sqlx::query_as("SELECT kind, state, count(*) FROM outbox GROUP BY kind, state ORDER BY kind, state")
            .fetch_all(&self.pool)
            .await?)
    }

    /// The earliest time something pending becomes due.
    pub async fn next_due(&self) -> DbResult<Option<DateTime<Utc>>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending' HAVING count(*) > 0")
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(s,)| parse_ts(&s)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::notice::RelayKind;

    #[test]
    fn a_notice_and_an_attachment_read_back_from_the_queue_as_they_were_stored() {
        let relay = Notice::Relay(crate::domain::notice::Relay {
            enquiry: 3,
            kind: RelayKind::FollowUp,
            faq_missed: None,
            asker: "Sana".into(),
            username: Some("sana".into()),
            courses: Vec::new(),
            body: String::new(),
            has_file: true,
        });
        for payload in [
            Payload::notice(relay),
            Payload::Attachment {
                kind: FileKind::Photo,
                file_id: "AgAD".into(),
                caption: Notice::RelayFile { enquiry: 3, asker: "Sana".into() },
            },
        ] {
            let json = serde_json::to_string(&payload).unwrap();
            assert_eq!(serde_json::from_str::<Payload>(&json).unwrap(), payload, "{json}");
        }
    }
}
