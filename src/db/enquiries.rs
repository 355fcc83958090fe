//! Enquiries (tickets), what was said in them, which Telegram messages
//! belong to them, and every question put to the bot.
//!
//! Each change and the messages it queues are one write transaction, so a
//! relay or an answer is never lost between "recorded" and "queued".

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::outbox::{enqueue, NewItem};
use super::{parse_ts, ts, Db, DbError, DbResult};
use crate::domain::{Lang, UnknownValue};
use crate::enquiry::input::Content;

/// More open enquiries than this per person are refused: one person cannot
/// bury the coordinators.
pub const MAX_OPEN: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnquiryStatus {
    Open,
    Answered,
    Closed,
}

impl EnquiryStatus {
    fn parse(s: &str) -> DbResult<Self> {
        match s {
            "open" => Ok(Self::Open),
            "answered" => Ok(Self::Answered),
            "closed" => Ok(Self::Closed),
            other => Err(DbError::Corrupt(format!("enquiry status {other:?}"))),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Enquiry {
    pub id: i64,
    pub user_id: i64,
    pub asker_name: String,
    pub course: Option<String>,
    pub question: String,
    pub status: EnquiryStatus,
    pub created_at: DateTime<Utc>,
    pub waiting_since: DateTime<Utc>,
    pub first_answered_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The asker has added to it since asking.
    pub followed_up: bool,
    /// How many messages the asker has sent in it (the question and its
    /// follow-ups): the next one's position among them.
    pub asker_messages: i64,
    /// Why the last answer (or relay) could not be delivered, if it could
    /// not: shown by /enquiries until a later one gets through.
    pub undelivered: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EnquiryRecord {
    id: i64,
    user_id: i64,
    asker_name: String,
    course: Option<String>,
    question: String,
    status: String,
    created_at: String,
    waiting_since: String,
    first_answered_at: Option<String>,
    answered_at: Option<String>,
    closed_at: Option<String>,
    asker_messages: i64,
    undelivered: Option<String>,
}

const ENQUIRY_COLUMNS: &str = "id, user_id, asker_name, course, question, status, created_at, waiting_since, \
     first_answered_at, answered_at, closed_at, undelivered, (SELECT count(*) FROM enquiry_messages m \
     WHERE m.enquiry_id = enquiries.id AND m.role = 'asker') AS asker_messages";

impl TryFrom<EnquiryRecord> for Enquiry {
    type Error = DbError;
    fn try_from(r: EnquiryRecord) -> DbResult<Self> {
        let opt = |s: Option<String>| s.as_deref().map(parse_ts).transpose();
        Ok(Enquiry {
            status: EnquiryStatus::parse(&r.status)?,
            created_at: parse_ts(&r.created_at)?,
            waiting_since: parse_ts(&r.waiting_since)?,
            followed_up: r.asker_messages > 1,
            asker_messages: r.asker_messages,
            first_answered_at: opt(r.first_answered_at)?,
            answered_at: opt(r.answered_at)?,
            closed_at: opt(r.closed_at)?,
            id: r.id,
            user_id: r.user_id,
            asker_name: r.asker_name,
            course: r.course,
            question: r.question,
            undelivered: r.undelivered,
        })
    }
}

/// One message within an enquiry, for /mydata.
#[derive(Debug, Clone, Serialize)]
pub struct EnquiryMessage {
    pub role: String,
    pub body: String,
    pub file: Option<String>,
    pub created_at: String,
}

/// Who asks, as coordinators will see it.
#[derive(Debug, Clone)]
pub struct Asker {
    pub user_id: i64,
    pub name: String,
    /// Their course(s) at the time; None when not registered.
    pub course: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Opened(i64),
    /// The person already has this many open: their numbers.
    TooManyOpen(Vec<i64>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUp {
    Added { reopened: bool },
    TooManyOpen(Vec<i64>),
}

/// What became of a question put to the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Faq,
    /// No entry clearly won: "Did you mean…?" offered up to three. A pick
    /// sets `faq_id` (and counts as answered from the FAQ); "none of these"
    /// turns it into an enquiry.
    Suggested,
    Enquiry,
    FollowUp,
    SmallTalk,
    TooManyOpen,
    /// Over the per-person rate: not acted on.
    Limited,
}

impl Outcome {
    pub const ALL: [Outcome; 7] =
        [Self::Faq, Self::Suggested, Self::Enquiry, Self::FollowUp, Self::SmallTalk, Self::TooManyOpen, Self::Limited];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Faq => "faq",
            Outcome::Suggested => "suggested",
            Outcome::Enquiry => "enquiry",
            Outcome::FollowUp => "follow_up",
            Outcome::SmallTalk => "small_talk",
            Outcome::TooManyOpen => "too_many_open",
            Outcome::Limited => "limited",
        }
    }
}

impl TryFrom<String> for Outcome {
    type Error = UnknownValue;
    fn try_from(s: String) -> Result<Self, UnknownValue> {
        Self::ALL.into_iter().find(|o| o.as_str() == s).ok_or(UnknownValue { what: "question outcome", value: s })
    }
}

/// A question answered from the FAQ, awaiting its Yes / No.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Question {
    pub id: i64,
    pub user_id: i64,
    pub body: String,
    #[sqlx(try_from = "String")]
    pub outcome: Outcome,
    pub faq_id: Option<String>,
    pub helpful: Option<bool>,
    pub enquiry_id: Option<i64>,
    /// The language the asker read when asking (None: asked before
    /// languages were recorded).
    pub language: Option<String>,
}

/// A question as /mydata shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct QuestionRecord {
    pub asked_at: String,
    pub text: String,
    #[sqlx(try_from = "String")]
    pub outcome: Outcome,
    pub faq_id: Option<String>,
    pub helpful: Option<bool>,
    pub enquiry_id: Option<i64>,
}

/// What /stats says about enquiries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnquiryStats {
    pub opened: i64,
    pub open: i64,
    pub answered_by_coordinator: i64,
    pub closed_unanswered: i64,
    pub auto_answered: i64,
    pub helpful: i64,
    pub not_helpful: i64,
    pub median_first_answer: Option<chrono::Duration>,
    /// Questions the matcher answered outright.
    pub answered_outright: i64,
    /// Questions offered "Did you mean…?"; of them, one picked; of them,
    /// "none of these" (handed to a coordinator).
    pub suggested: i64,
    pub suggestion_picked: i64,
    pub suggestion_none: i64,
}

async fn open_ids(conn: &mut sqlx::SqliteConnection, user_id: i64) -> DbResult<Vec<i64>> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM enquiries WHERE user_id = ? AND status = 'open' ORDER BY id")
            .bind(user_id)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// An enquiry answered now (by a reply or by filing it under a FAQ entry):
/// open no longer, its first answer's time kept.
pub(super) async fn mark_answered(
    tx: &mut sqlx::SqliteConnection,
    enquiry_id: i64,
    now: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE enquiries SET status = 'answered', first_answered_at = COALESCE(first_answered_at, ?1), \
           answered_at = ?1, closed_at = NULL, updated_at = ?1 WHERE id = ?2",
    )
    .bind(ts(now))
    .bind(enquiry_id)
    .execute(tx)
    .await?;
    Ok(())
}

pub(super) async fn fetch(conn: &mut sqlx::SqliteConnection, id: i64) -> DbResult<Option<Enquiry>> {
    let rec: Option<EnquiryRecord> = sqlx::query_as(&format!("SELECT {ENQUIRY_COLUMNS} FROM enquiries WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    rec.map(Enquiry::try_from).transpose()
}

pub(super) async fn add_message(
    conn: &mut sqlx::SqliteConnection,
    enquiry_id: i64,
    author_id: i64,
    role: &str,
    content: &Content,
    now: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO enquiry_messages (enquiry_id, author_id, role, body, file_kind, file_id, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(enquiry_id)
    .bind(author_id)
    .bind(role)
    .bind(&content.text)
    .bind(content.file.as_ref().map(|f| f.kind.as_str()))
    .bind(content.file.as_ref().map(|f| f.file_id.as_str()))
    .bind(ts(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// A message of an enquiry that is text the bot composed (a FAQ answer a
/// coordinator chose), not something typed.
pub(super) async fn add_message_text(
    conn: &mut sqlx::SqliteConnection,
    enquiry_id: i64,
    author_id: i64,
    role: &str,
    text: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query("INSERT INTO enquiry_messages (enquiry_id, author_id, role, body, created_at) VALUES (?, ?, ?, ?, ?)")
        .bind(enquiry_id)
        .bind(author_id)
        .bind(role)
        .bind(text)
        .bind(ts(now))
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) async fn enqueue_all(
    conn: &mut sqlx::SqliteConnection,
    items: Vec<NewItem>,
    now: DateTime<Utc>,
) -> DbResult<()> {
    for item in &items {
        enqueue(conn, item, now).await?;
    }
    Ok(())
}

impl Db {
    /// Opens an enquiry and queues its relays (`relays` is given the new
    /// number), unless the asker already has `MAX_OPEN` open. A question
    /// answered from the FAQ whose answer did not help is linked to it.
    pub async fn open_enquiry(
        &self,
        asker: &Asker,
        content: &Content,
        question_id: Option<i64>,
        now: DateTime<Utc>,
        relays: impl FnOnce(i64) -> Vec<NewItem>,
    ) -> DbResult<Opened> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let open = open_ids(&mut tx, asker.user_id).await?;
        if open.len() >= MAX_OPEN {
            return Ok(Opened::TooManyOpen(open));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO enquiries (user_id, asker_name, course, question, status, created_at, waiting_since, updated_at) \
             VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?5, ?5) RETURNING id",
        )
        .bind(asker.user_id)
        .bind(&asker.name)
        .bind(&asker.course)
        .bind(content.summary())
        .bind(ts(now))
        .fetch_one(&mut *tx)
        .await?;
        add_message(&mut tx, id, asker.user_id, "asker", content, now).await?;
        if let Some(q) = question_id {
            sqlx::query("UPDATE questions SET outcome = 'enquiry', enquiry_id = ?, helpful = 0 WHERE id = ?")
                .bind(id)
                .bind(q)
                .execute(&mut *tx)
                .await?;
        }
        enqueue_all(&mut tx, relays(id), now).await?;
        tx.commit().await?;
        Ok(Opened::Opened(id))
    }

    /// Adds the asker's follow-up to their enquiry, reopening it if it was
    /// answered or closed (within the open limit), and queues its relays.
    /// None if it is not theirs (or no longer exists).
    pub async fn follow_up(
        &self,
        enquiry_id: i64,
        user_id: i64,
        content: &Content,
        now: DateTime<Utc>,
        relays: impl FnOnce(&Enquiry, bool) -> Vec<NewItem>,
    ) -> DbResult<Option<FollowUp>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let Some(enquiry) = fetch(&mut tx, enquiry_id).await?.filter(|e| e.user_id == user_id) else {
            return Ok(None);
        };
        let reopened = enquiry.status != EnquiryStatus::Open;
        if reopened {
            let open = open_ids(&mut tx, user_id).await?;
            if open.len() >= MAX_OPEN {
                return Ok(Some(FollowUp::TooManyOpen(open)));
            }
            sqlx::query(
                "UPDATE enquiries SET status = 'open', waiting_since = ?1, closed_at = NULL, updated_at = ?1 WHERE id = ?2",
            )
            .bind(ts(now))
            .bind(enquiry_id)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query("UPDATE enquiries SET updated_at = ? WHERE id = ?")
                .bind(ts(now))
                .bind(enquiry_id)
                .execute(&mut *tx)
                .await?;
        }
        add_message(&mut tx, enquiry_id, user_id, "asker", content, now).await?;
        enqueue_all(&mut tx, relays(&enquiry, reopened), now).await?;
        tx.commit().await?;
        Ok(Some(FollowUp::Added { reopened }))
    }

    /// Records a coordinator's answer, marks the enquiry answered and
    /// queues the answer to the asker. None if there is no such enquiry.
    pub async fn answer_enquiry(
        &self,
        enquiry_id: i64,
        coordinator_id: i64,
        content: &Content,
        now: DateTime<Utc>,
        to_asker: impl FnOnce(&Enquiry) -> Vec<NewItem>,
    ) -> DbResult<Option<Enquiry>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let Some(enquiry) = fetch(&mut tx, enquiry_id).await? else {
            return Ok(None);
        };
        mark_answered(&mut tx, enquiry_id, now).await?;
        add_message(&mut tx, enquiry_id, coordinator_id, "coordinator", content, now).await?;
        enqueue_all(&mut tx, to_asker(&enquiry), now).await?;
        tx.commit().await?;
        Ok(Some(enquiry))
    }

    /// Closes an enquiry; `notice` may queue a word to the asker. Returns the
    /// enquiry as it was before, None if there is no such enquiry.
    pub async fn close_enquiry(
        &self,
        enquiry_id: i64,
        now: DateTime<Utc>,
        notice: impl FnOnce(&Enquiry) -> Vec<NewItem>,
    ) -> DbResult<Option<Enquiry>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let Some(enquiry) = fetch(&mut tx, enquiry_id).await? else {
            return Ok(None);
        };
        if enquiry.status != EnquiryStatus::Closed {
            sqlx::query("UPDATE enquiries SET status = 'closed', closed_at = ?1, updated_at = ?1 WHERE id = ?2")
                .bind(ts(now))
                .bind(enquiry_id)
                .execute(&mut *tx)
                .await?;
            enqueue_all(&mut tx, notice(&enquiry), now).await?;
        }
        tx.commit().await?;
        Ok(Some(enquiry))
    }

    pub async fn enquiry(&self, id: i64) -> DbResult<Option<Enquiry>> {
        let mut conn = self.pool.acquire().await?;
        fetch(&mut conn, id).await
    }

    /// Enquiries that need a coordinator: open ones, and those whose answer
    /// could not be delivered; longest waiting first.
    pub async fn open_enquiries(&self) -> DbResult<Vec<Enquiry>> {
        let recs: Vec<EnquiryRecord> = sqlx::query_as(&format!(
            "SELECT {ENQUIRY_COLUMNS} FROM enquiries WHERE status = 'open' OR undelivered IS NOT NULL \
             ORDER BY waiting_since, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        recs.into_iter().map(Enquiry::try_from).collect()
    }

    /// A person's enquiries with everything said in them, for /mydata.
    pub async fn enquiries_of(&self, user_id: i64) -> DbResult<Vec<(Enquiry, Vec<EnquiryMessage>)>> {
        let recs: Vec<EnquiryRecord> =
            sqlx::query_as(&format!("SELECT {ENQUIRY_COLUMNS} FROM enquiries WHERE user_id = ? ORDER BY id"))
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
        let mut out = Vec::new();
        for rec in recs {
            let e = Enquiry::try_from(rec)?;
            let msgs: Vec<(String, String, Option<String>, String)> = sqlx::query_as(
                "SELECT role, body, file_kind, created_at FROM enquiry_messages WHERE enquiry_id = ? ORDER BY id",
            )
            .bind(e.id)
            .fetch_all(&self.pool)
            .await?;
            let msgs = msgs
                .into_iter()
                .map(|(role, body, file, created_at)| EnquiryMessage { role, body, file, created_at })
                .collect();
            out.push((e, msgs));
        }
        Ok(out)
    }

    /// An answer or relay of this enquiry could not be delivered for good:
    /// recorded, with `notices` (given the enquiry) queued in the same
    /// transaction. None if the enquiry is gone.
    pub async fn mark_undelivered(
        &self,
        enquiry_id: i64,
        reason: &str,
        now: DateTime<Utc>,
        notices: impl FnOnce(&Enquiry) -> Vec<NewItem>,
    ) -> DbResult<Option<Enquiry>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let done = sqlx::query("UPDATE enquiries SET undelivered = ?, undelivered_at = ?, updated_at = ? WHERE id = ?")
            .bind(reason)
            .bind(ts(now))
            .bind(ts(now))
            .bind(enquiry_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        let Some(enquiry) = fetch(&mut tx, enquiry_id).await? else {
            return Ok(None);
        };
        enqueue_all(&mut tx, notices(&enquiry), now).await?;
        tx.commit().await?;
        Ok(Some(enquiry))
    }

    /// A message of this enquiry got through after all.
    pub async fn clear_undelivered(&self, enquiry_id: i64) -> DbResult<()> {
        sqlx::query(
            "UPDATE enquiries SET undelivered = NULL, undelivered_at = NULL WHERE id = ? AND undelivered IS NOT NULL",
        )
        .bind(enquiry_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Remembers that a Telegram message belongs to an enquiry. Quietly
    /// nothing if the enquiry is gone (its asker was forgotten meanwhile).
    pub async fn link_message(&self, chat_id: i64, message_id: i64, enquiry_id: i64) -> DbResult<()> {
        sqlx::query(
            "INSERT OR IGNORE INTO enquiry_links (chat_id, message_id, enquiry_id) \
             SELECT ?, ?, id FROM enquiries WHERE id = ?",
        )
        .bind(chat_id)
        .bind(message_id)
        .bind(enquiry_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The enquiry a message in a chat belongs to, with its asker.
    pub async fn linked_enquiry(&self, chat_id: i64, message_id: i64) -> DbResult<Option<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT e.id, e.user_id FROM enquiry_links l JOIN enquiries e ON e.id = l.enquiry_id \
             WHERE l.chat_id = ? AND l.message_id = ?",
        )
        .bind(chat_id)
        .bind(message_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// One row of the questions log; the columns are its arguments.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_question(
        &self,
        user_id: i64,
        language: &Lang,
        body: &str,
        outcome: Outcome,
        faq_id: Option<&str>,
        enquiry_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> DbResult<i64> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO questions (user_id, body, outcome, faq_id, enquiry_id, created_at, language) \
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(user_id)
        .bind(body)
        .bind(outcome.as_str())
        .bind(faq_id)
        .bind(enquiry_id)
        .bind(ts(now))
        .bind(language.as_str())
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// A question offered "Did you mean…?" with `suggestions` (entry ids,
    /// best first).
    pub async fn record_suggested(
        &self,
        user_id: i64,
        language: &Lang,
        body: &str,
        suggestions: &[String],
        now: DateTime<Utc>,
    ) -> DbResult<i64> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO questions (user_id, body, outcome, created_at, language, suggestions) \
             VALUES (?, ?, 'suggested', ?, ?, ?) RETURNING id",
        )
        .bind(user_id)
        .bind(body)
        .bind(ts(now))
        .bind(language.as_str())
        .bind(serde_json::to_string(suggestions).map_err(|e| DbError::Corrupt(e.to_string()))?)
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// The entries a question was offered, best first (none for a question
    /// that was not).
    pub async fn suggestions(&self, question_id: i64) -> DbResult<Vec<String>> {
        let raw: Option<Option<String>> = sqlx::query_scalar("SELECT suggestions FROM questions WHERE id = ?")
            .bind(question_id)
            .fetch_optional(&self.pool)
            .await?;
        match raw.flatten() {
            Some(json) => serde_json::from_str(&json).map_err(|e| DbError::Corrupt(e.to_string())),
            None => Ok(Vec::new()),
        }
    }

    /// Records the suggestion picked: the question now counts as answered
    /// from that entry. False if it was already settled (picked, or handed
    /// to a coordinator), so a repeated tap answers nothing twice.
    pub async fn pick_suggestion(&self, question_id: i64, faq_id: &str) -> DbResult<bool> {
        let done = sqlx::query(
            "UPDATE questions SET faq_id = ? \
             WHERE id = ? AND outcome = 'suggested' AND faq_id IS NULL AND enquiry_id IS NULL",
        )
        .bind(faq_id)
        .bind(question_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Everything a person asked and what became of it, for /mydata.
    pub async fn questions_of(&self, user_id: i64) -> DbResult<Vec<QuestionRecord>> {
        Ok(sqlx::query_as(
            "SELECT created_at AS asked_at, body AS text, outcome, faq_id, helpful, enquiry_id FROM questions \
             WHERE user_id = ? AND outcome != 'limited' ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn question(&self, id: i64) -> DbResult<Option<Question>> {
        Ok(sqlx::query_as(
            "SELECT id, user_id, body, outcome, faq_id, helpful, enquiry_id, language FROM questions WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Records "Yes, that helped" once.
    pub async fn mark_helpful(&self, question_id: i64) -> DbResult<()> {
        sqlx::query("UPDATE questions SET helpful = 1 WHERE id = ? AND helpful IS NULL")
            .bind(question_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Of a person's questions since `since`: how many were acted on, and
    /// whether one was already refused for the rate.
    pub async fn questions_since(&self, user_id: i64, since: DateTime<Utc>) -> DbResult<(i64, bool)> {
        let (counted, limited): (i64, i64) = sqlx::query_as(
            "SELECT count(*) FILTER (WHERE outcome != 'limited'), count(*) FILTER (WHERE outcome = 'limited') \
             FROM questions WHERE user_id = ? AND created_at > ?",
        )
        .bind(user_id)
        .bind(ts(since))
        .fetch_one(&self.pool)
        .await?;
        Ok((counted, limited > 0))
    }

    pub async fn enquiry_stats(&self) -> DbResult<EnquiryStats> {
        let (opened, open, answered, closed_unanswered): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT count(*), count(*) FILTER (WHERE status = 'open'), \
                    count(*) FILTER (WHERE first_answered_at IS NOT NULL), \
                    count(*) FILTER (WHERE status = 'closed' AND first_answered_at IS NULL) FROM enquiries",
        )
        .fetch_one(&self.pool)
        .await?;
        let (auto, helpful, not_helpful): (i64, i64, i64) = sqlx::query_as(
            "SELECT count(*) FILTER (WHERE faq_id IS NOT NULL), count(*) FILTER (WHERE helpful = 1), \
                    count(*) FILTER (WHERE helpful = 0) FROM questions",
        )
        .fetch_one(&self.pool)
        .await?;
        // A question offered suggestions keeps them when it becomes an
        // enquiry, so the three counts survive what happened next.
        let (outright, suggested, picked, none): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT count(*) FILTER (WHERE outcome = 'faq' AND suggestions IS NULL), \
                    count(*) FILTER (WHERE suggestions IS NOT NULL), \
                    count(*) FILTER (WHERE suggestions IS NOT NULL AND faq_id IS NOT NULL), \
                    count(*) FILTER (WHERE suggestions IS NOT NULL AND faq_id IS NULL AND outcome = 'enquiry') \
             FROM questions",
        )
        .fetch_one(&self.pool)
        .await?;
        let waits: Vec<(String, String)> =
            sqlx::query_as("SELECT created_at, first_answered_at FROM enquiries WHERE first_answered_at IS NOT NULL")
                .fetch_all(&self.pool)
                .await?;
        let mut waits: Vec<chrono::Duration> =
            waits.iter().map(|(a, b)| Ok(parse_ts(b)? - parse_ts(a)?)).collect::<DbResult<_>>()?;
        waits.sort();
        Ok(EnquiryStats {
            opened,
            open,
            answered_by_coordinator: answered,
            closed_unanswered,
            auto_answered: auto,
            helpful,
            not_helpful,
            median_first_answer: median(&waits),
            answered_outright: outright,
            suggested,
            suggestion_picked: picked,
            suggestion_none: none,
        })
    }
}

fn median(sorted: &[chrono::Duration]) -> Option<chrono::Duration> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_even_and_odd_counts() {
        let m = |v: &[i64]| median(&v.iter().map(|s| chrono::Duration::seconds(*s)).collect::<Vec<_>>());
        assert_eq!(m(&[]), None);
        assert_eq!(m(&[60]), Some(chrono::Duration::seconds(60)));
        assert_eq!(m(&[60, 120, 600]), Some(chrono::Duration::seconds(120)));
        assert_eq!(m(&[60, 120, 600, 3600]), Some(chrono::Duration::seconds(360)));
    }
}

/// An enquiry's forum topic in the staff chat, and what its name needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnquiryTopic {
    pub enquiry_id: i64,
    pub asker_name: String,
    pub status: EnquiryStatus,
    /// The chat and thread of its topic, once created.
    pub topic: Option<(i64, i64)>,
    /// The bot closed the topic (with the enquiry) and has not reopened it.
    pub closed: bool,
}

/// id, asker_name, status, topic_chat, topic_thread, topic_closed.
type TopicRecord = (i64, String, String, Option<i64>, Option<i64>, bool);

impl Db {
    /// An enquiry's topic, if the enquiry exists.
    pub async fn enquiry_topic(&self, enquiry_id: i64) -> DbResult<Option<EnquiryTopic>> {
        let row: Option<TopicRecord> = sqlx::query_as(
            "SELECT id, asker_name, status, topic_chat, topic_thread, topic_closed FROM enquiries WHERE id = ?",
        )
        .bind(enquiry_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(enquiry_id, asker_name, status, chat, thread, closed)| {
            Ok(EnquiryTopic {
                enquiry_id,
                asker_name,
                status: EnquiryStatus::parse(&status)?,
                topic: chat.zip(thread),
                closed,
            })
        })
        .transpose()
    }

    /// Records the topic just created for an enquiry. Only a first one per
    /// staff chat is kept: were two created in a race, the other stays unused.
    pub async fn set_enquiry_topic(&self, enquiry_id: i64, chat: i64, thread: i64) -> DbResult<(i64, i64)> {
        sqlx::query(
            "UPDATE enquiries SET topic_chat = ?1, topic_thread = ?2, topic_closed = 0 \
             WHERE id = ?3 AND (topic_thread IS NULL OR topic_chat IS NOT ?1)",
        )
        .bind(chat)
        .bind(thread)
        .bind(enquiry_id)
        .execute(&self.pool)
        .await?;
        let kept: Option<(Option<i64>, Option<i64>)> =
            sqlx::query_as("SELECT topic_chat, topic_thread FROM enquiries WHERE id = ?")
                .bind(enquiry_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(kept.and_then(|(c, t)| c.zip(t)).unwrap_or((chat, thread)))
    }

    /// Forgets an enquiry's topic (deleted in Telegram): the next relay
    /// makes a new one.
    pub async fn forget_enquiry_topic(&self, enquiry_id: i64) -> DbResult<()> {
        sqlx::query("UPDATE enquiries SET topic_chat = NULL, topic_thread = NULL, topic_closed = 0 WHERE id = ?")
            .bind(enquiry_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether the bot has closed an enquiry's topic.
    pub async fn set_topic_closed(&self, enquiry_id: i64, closed: bool) -> DbResult<()> {
        sqlx::query("UPDATE enquiries SET topic_closed = ? WHERE id = ?")
            .bind(closed)
            .bind(enquiry_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The enquiry a forum topic belongs to, with its asker.
    pub async fn topic_enquiry(&self, chat: i64, thread: i64) -> DbResult<Option<(i64, i64)>> {
        Ok(sqlx::query_as("SELECT id, user_id FROM enquiries WHERE topic_chat = ? AND topic_thread = ?")
            .bind(chat)
            .bind(thread)
            .fetch_optional(&self.pool)
            .await?)
    }
}
