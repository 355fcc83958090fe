//! The FAQ learning from coordinators: questions filed under an entry
//! (from a relayed enquiry, or a helpful question a coordinator confirmed),
//! and what `faq-export` writes out. Nothing becomes an example without a
//! coordinator's decision; every decision marks the question reviewed.

use chrono::{DateTime, Utc};

use super::enquiries::{add_message_text, enqueue_all, fetch, mark_answered, Enquiry, EnquiryStatus};
use super::outbox::NewItem;
use super::{ts, Db, DbResult};
use crate::domain::Lang;

/// One question an asker put in an enquiry: the first, or a follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnquiryQuestion {
    pub question_id: i64,
    /// What they typed, exactly (empty for a file without a caption).
    pub text: String,
    /// The language they read when asking, if recorded.
    pub language: Option<Lang>,
    /// Already filed, or judged no example.
    pub reviewed: bool,
}

/// What became of a coordinator's "this is FAQ entry…".
#[derive(Debug, Clone)]
pub enum Filing {
    /// Filed: the enquiry (as it was before) is answered by the entry.
    Filed(Enquiry),
    /// The enquiry was answered or closed meanwhile.
    AlreadyAnswered,
    /// This question was filed (or judged) already.
    AlreadyFiled,
    /// The enquiry, the question or the entry no longer exists.
    Gone,
}

/// What became of a decision on a helpful question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    Done,
    AlreadyReviewed,
    Gone,
}

/// A question whose asker said the FAQ's answer helped, not yet reviewed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HelpfulQuestion {
    pub id: i64,
    pub user_id: i64,
    pub body: String,
    pub faq_id: String,
    pub language: Option<String>,
}

/// A filed example, for `faq-export`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FiledExample {
    pub faq_id: String,
    pub language: String,
    pub body: String,
}

/// How many examples coordinators filed, by where they came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FiledCounts {
    pub from_enquiries: i64,
    pub confirmed: i64,
}

async fn enquiry_question(
    conn: &mut sqlx::SqliteConnection,
    enquiry_id: i64,
    nth: u32,
) -> DbResult<Option<EnquiryQuestion>> {
    // The question rows and the asker's messages of an enquiry are written
    // together, one for one, in the same order: the n-th of each is the
    // same question. The message holds the text exactly as typed.
    let question: Option<(i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, language, reviewed_at FROM questions \
         WHERE enquiry_id = ? AND outcome IN ('enquiry', 'follow_up') ORDER BY id LIMIT 1 OFFSET ?",
    )
    .bind(enquiry_id)
    .bind(i64::from(nth))
    .fetch_optional(&mut *conn)
    .await?;
    let Some((question_id, language, reviewed_at)) = question else {
        return Ok(None);
    };
    let text: Option<(String,)> = sqlx::query_as(
        "SELECT body FROM enquiry_messages WHERE enquiry_id = ? AND role = 'asker' ORDER BY id LIMIT 1 OFFSET ?",
    )
    .bind(enquiry_id)
    .bind(i64::from(nth))
    .fetch_optional(&mut *conn)
    .await?;
    Ok(text.map(|(text,)| EnquiryQuestion {
        question_id,
        text,
        language: language.and_then(|l| Lang::parse(&l).ok()),
        reviewed: reviewed_at.is_some(),
    }))
}

#[allow(clippy::too_many_arguments)]
async fn add_example(
    conn: &mut sqlx::SqliteConnection,
    faq_id: &str,
    lang: &Lang,
    body: &str,
    source: &str,
    question_id: i64,
    enquiry_id: Option<i64>,
    coordinator: i64,
    now: DateTime<Utc>,
) -> DbResult<()> {
    if body.trim().is_empty() {
        return Ok(());
    }
    // The same words may already be an example of the entry (another
    // asker's): once is enough.
    sqlx::query(
        "INSERT OR IGNORE INTO faq_examples (faq_id, language, body, source, question_id, enquiry_id, added_by, added_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(faq_id)
    .bind(lang.as_str())
    .bind(body.trim())
    .bind(source)
    .bind(question_id)
    .bind(enquiry_id)
    .bind(coordinator)
    .bind(ts(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn faq_exists(conn: &mut sqlx::SqliteConnection, faq_id: &str) -> DbResult<bool> {
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM faq WHERE id = ?").bind(faq_id).fetch_one(conn).await?;
    Ok(n > 0)
}

impl Db {
    /// The `nth` question (0: the first, then its follow-ups) of an enquiry.
    pub async fn enquiry_question(&self, enquiry_id: i64, nth: u32) -> DbResult<Option<EnquiryQuestion>> {
        let mut conn = self.pool.acquire().await?;
        enquiry_question(&mut conn, enquiry_id, nth).await
    }

    /// Files the `nth` question of an open enquiry under FAQ entry
    /// `faq_id`, in one transaction: the question becomes an example of the
    /// entry (in its asker's language, `otherwise` if none was recorded),
    /// the enquiry is answered by `coordinator` (`record` is what the asker
    /// is sent, kept with the enquiry), and `items` (given the enquiry) are
    /// queued.
    #[allow(clippy::too_many_arguments)]
    pub async fn file_enquiry(
        &self,
        enquiry_id: i64,
        nth: u32,
        faq_id: &str,
        otherwise: &Lang,
        coordinator: i64,
        record: &str,
        now: DateTime<Utc>,
        items: impl FnOnce(&Enquiry) -> Vec<NewItem>,
    ) -> DbResult<Filing> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let (Some(enquiry), Some(question)) =
            (fetch(&mut tx, enquiry_id).await?, enquiry_question(&mut tx, enquiry_id, nth).await?)
        else {
            return Ok(Filing::Gone);
        };
        if question.reviewed {
            return Ok(Filing::AlreadyFiled);
        }
        if enquiry.status != EnquiryStatus::Open {
            return Ok(Filing::AlreadyAnswered);
        }
        if !faq_exists(&mut tx, faq_id).await? {
            return Ok(Filing::Gone);
        }
        let lang = question.language.clone().unwrap_or_else(|| otherwise.clone());
        let (q, text) = (question.question_id, &question.text);
        add_example(&mut tx, faq_id, &lang, text, "enquiry", q, Some(enquiry_id), coordinator, now).await?;
        sqlx::query("UPDATE questions SET reviewed_at = ? WHERE id = ?")
            .bind(ts(now))
            .bind(q)
            .execute(&mut *tx)
            .await?;
        mark_answered(&mut tx, enquiry_id, now).await?;
        add_message_text(&mut tx, enquiry_id, coordinator, "coordinator", record, now).await?;
        enqueue_all(&mut tx, items(&enquiry), now).await?;
        tx.commit().await?;
        Ok(Filing::Filed(enquiry))
    }

    /// Questions whose asker said the FAQ's answer helped and that no
    /// coordinator has looked at yet, oldest first.
    pub async fn helpful_unreviewed(&self) -> DbResult<Vec<HelpfulQuestion>> {
        Ok(sqlx::query_as(
            "SELECT q.id, q.user_id, q.body, q.faq_id, q.language FROM questions q JOIN faq f ON f.id = q.faq_id \
             WHERE q.helpful = 1 AND q.reviewed_at IS NULL AND q.body != '' ORDER BY q.id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// A question whose asker said the FAQ's answer helped, and whether a
    /// coordinator has reviewed it already.
    pub async fn helpful_question(&self, id: i64) -> DbResult<Option<(HelpfulQuestion, bool)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            user_id: i64,
            body: String,
            faq_id: String,
            language: Option<String>,
            reviewed: bool,
        }
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, user_id, body, faq_id, language, reviewed_at IS NOT NULL AS reviewed FROM questions \
             WHERE id = ? AND helpful = 1 AND faq_id IS NOT NULL",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| {
            let q =
                HelpfulQuestion { id: r.id, user_id: r.user_id, body: r.body, faq_id: r.faq_id, language: r.language };
            (q, r.reviewed)
        }))
    }

    /// A coordinator's "add as an example of `faq_id`" for a helpful
    /// question, in `lang` (its asker's).
    pub async fn confirm_example(
        &self,
        question_id: i64,
        faq_id: &str,
        lang: &Lang,
        coordinator: i64,
        now: DateTime<Utc>,
    ) -> DbResult<Review> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT body, reviewed_at FROM questions WHERE id = ? AND helpful = 1")
                .bind(question_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((body, reviewed_at)) = row else {
            return Ok(Review::Gone);
        };
        if reviewed_at.is_some() {
            return Ok(Review::AlreadyReviewed);
        }
        if !faq_exists(&mut tx, faq_id).await? {
            return Ok(Review::Gone);
        }
        add_example(&mut tx, faq_id, lang, &body, "confirmed", question_id, None, coordinator, now).await?;
        sqlx::query("UPDATE questions SET reviewed_at = ? WHERE id = ?")
            .bind(ts(now))
            .bind(question_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Review::Done)
    }

    /// A coordinator's "not an example": never offered again.
    pub async fn dismiss_example(&self, question_id: i64, now: DateTime<Utc>) -> DbResult<Review> {
        let done = sqlx::query("UPDATE questions SET reviewed_at = ? WHERE id = ? AND reviewed_at IS NULL")
            .bind(ts(now))
            .bind(question_id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() > 0 {
            return Ok(Review::Done);
        }
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM questions WHERE id = ?")
            .bind(question_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(if n > 0 { Review::AlreadyReviewed } else { Review::Gone })
    }

    pub async fn filed_counts(&self) -> DbResult<FiledCounts> {
        let (from_enquiries, confirmed): (i64, i64) = sqlx::query_as(
            "SELECT count(*) FILTER (WHERE source = 'enquiry'), count(*) FILTER (WHERE source = 'confirmed') \
             FROM faq_examples",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(FiledCounts { from_enquiries, confirmed })
    }

    /// Every filed example: by the entry's place in the FAQ, language, then
    /// the order they were filed in.
    pub async fn filed_examples(&self) -> DbResult<Vec<FiledExample>> {
        Ok(sqlx::query_as(
            "SELECT x.faq_id, x.language, x.body FROM faq_examples x JOIN faq f ON f.id = x.faq_id \
             ORDER BY f.position, f.id, x.language, x.id",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
