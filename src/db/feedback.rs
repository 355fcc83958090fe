//! Session feedback ("How useful was …?") and the course evaluation: who
//! is asked, what they answered, and a coordinator's closing of an
//! evaluation. Returns data; the words are made in `i18n`.
//!
//! A feedback row is written in the same transaction as the outbox item
//! that asks the question, so a person is asked once per session whatever
//! the ticks, restarts or crashes; the same holds for an evaluation's
//! invitation. States as the migration describes them: `asked`, then
//! `rated` (a rating, the comment being asked for), then `done` (with a
//! comment) or `skipped` (no comment; a rating if they gave one first).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::SqliteConnection;

use super::outbox::{self, NewItem};
use super::{ts, Db, DbError, DbResult};
use crate::domain::lesson::{EvaluationState, FeedbackState, QuestionId, Rating};
use crate::domain::CourseCode;

/// One feedback question as it stands, for the person it was put to.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackRow {
    pub id: i64,
    pub session_id: String,
    pub title: String,
    pub user_id: Option<i64>,
    pub state: FeedbackState,
    pub rating: Option<Rating>,
}

/// What a rating tap did.
#[derive(Debug, Clone, PartialEq)]
pub enum RateOutcome {
    /// Stored: now the comment is asked for.
    Rated(FeedbackRow),
    /// Already rated or skipped: nothing changed.
    Already(FeedbackRow),
    /// Not theirs, or no longer there.
    Unknown,
}

/// A person's evaluation of a course, as it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationRow {
    pub id: i64,
    pub course: CourseCode,
    pub user_id: Option<i64>,
    pub state: EvaluationState,
    /// The ids of the questions answered (or skipped) so far.
    pub answered: Vec<QuestionId>,
}

/// An evaluation's answer to one question: a rating, a text, or neither
/// (skipped).
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Rating(Rating),
    Text(String),
    Skipped,
}

/// How a course's evaluations stood when it was closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClosureCounts {
    pub done: i64,
    /// Closed with some answers.
    pub partly: i64,
    /// Closed without any answer (invited, never started or started and
    /// left at once).
    pub not_started: i64,
    /// Closed before by someone else: these are the counts as they are now.
    pub already_closed: bool,
}

/// Response counts for /stats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedbackStats {
    pub feedback_asked: i64,
    pub feedback_rated: i64,
    pub feedback_comments: i64,
    pub evaluations_invited: i64,
    pub evaluations_done: i64,
}

/// A person's answer about one session, for /mydata.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct OwnFeedback {
    pub session: String,
    pub title: String,
    pub state: String,
    pub rating: Option<i64>,
    pub comment: Option<String>,
    pub asked_at: String,
}

/// A person's course evaluation with their answers, for /mydata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnEvaluation {
    pub course: String,
    pub state: String,
    pub invited_at: String,
    pub answers: Vec<OwnAnswer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct OwnAnswer {
    pub question: String,
    pub rating: Option<i64>,
    pub text: Option<String>,
    pub answered_at: String,
}

/// For `/forgetme`, inside its transaction: their ratings stay in the
/// aggregates with no one's name on them; their comments and written
/// answers go.
pub async fn forget(conn: &mut SqliteConnection, user_id: i64) -> DbResult<()> {
    for sql in [
        "UPDATE feedback SET user_id = NULL, comment = NULL WHERE user_id = ?",
        // A written answer goes as a whole: a row left with no body
        // would read as a skipped question.
        "DELETE FROM evaluation_answers WHERE body IS NOT NULL \
           AND evaluation_id IN (SELECT id FROM evaluations WHERE user_id = ?)",
        "UPDATE evaluations SET user_id = NULL WHERE user_id = ?",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct FeedbackRecord {
    id: i64,
    session_id: String,
    title: String,
    user_id: Option<i64>,
    state: String,
    rating: Option<i64>,
}

impl TryFrom<FeedbackRecord> for FeedbackRow {
    type Error = DbError;
    fn try_from(r: FeedbackRecord) -> DbResult<Self> {
        let corrupt = |e: String| DbError::Corrupt(format!("feedback {}: {e}", r.id));
        Ok(FeedbackRow {
            state: FeedbackState::try_from(r.state.as_str()).map_err(|e| corrupt(e.to_string()))?,
            rating: r.rating.map(Rating::try_from).transpose().map_err(|e| corrupt(e.to_string()))?,
            id: r.id,
            session_id: r.session_id,
            title: r.title,
            user_id: r.user_id,
        })
    }
}

const FEEDBACK_COLUMNS: &str = "f.id, f.session_id, s.title, f.user_id, f.state, f.rating";

async fn feedback_row(conn: &mut SqliteConnection, id: i64) -> DbResult<Option<FeedbackRow>> {
    let rec: Option<FeedbackRecord> = sqlx::query_as(&format!(
        "SELECT {FEEDBACK_COLUMNS} FROM feedback f JOIN sessions s ON s.id = f.session_id WHERE f.id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    rec.map(FeedbackRow::try_from).transpose()
}

async fn evaluation_row(conn: &mut SqliteConnection, id: i64) -> DbResult<Option<EvaluationRow>> {
    let rec: Option<(i64, String, Option<i64>, String)> =
        sqlx::query_as("SELECT id, course_code, user_id, state FROM evaluations WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((id, course, user_id, state)) = rec else { return Ok(None) };
    let corrupt = |e: String| DbError::Corrupt(format!("evaluation {id}: {e}"));
    let answered: Vec<(String,)> =
        sqlx::query_as("SELECT question_id FROM evaluation_answers WHERE evaluation_id = ? ORDER BY answered_at")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(Some(EvaluationRow {
        id,
        course: CourseCode::parse(&course).map_err(|e| corrupt(e.to_string()))?,
        user_id,
        state: EvaluationState::try_from(state.as_str()).map_err(|e| corrupt(e.to_string()))?,
        answered: answered
            .into_iter()
            .map(|(q,)| QuestionId::parse(&q).map_err(|e| corrupt(e.to_string())))
            .collect::<DbResult<_>>()?,
    }))
}

impl Db {
    /// The registered participants of `session`'s course marked present at
    /// it who have not been asked about it yet.
    pub async fn feedback_due(&self, session: &str, course: &str) -> DbResult<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT a.user_id FROM attendance a \
             JOIN registrations r ON r.user_id = a.user_id AND r.course_code = ?2 AND r.status = 'registered' \
             WHERE a.session_id = ?1 AND a.present = 1 \
               AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.session_id = a.session_id AND f.user_id = a.user_id) \
             ORDER BY a.user_id",
        )
        .bind(session)
        .bind(course)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(u,)| u).collect())
    }

    /// Writes the `asked` row and queues the question (made by `item` from
    /// the row's id, which its buttons carry), in one transaction. False if
    /// they were asked already.
    pub async fn ask_feedback(
        &self,
        session: &str,
        user_id: i64,
        now: DateTime<Utc>,
        item: impl FnOnce(i64) -> NewItem,
    ) -> DbResult<bool> {
        self.insert_then_queue(
            "INSERT OR IGNORE INTO feedback (session_id, user_id, state, asked_at) VALUES (?, ?, 'asked', ?)",
            session,
            user_id,
            now,
            item,
        )
        .await
    }

    /// Someone's feedback row, if it is theirs.
    pub async fn feedback_of(&self, id: i64, user_id: i64) -> DbResult<Option<FeedbackRow>> {
        let mut conn = self.pool.acquire().await?;
        Ok(feedback_row(&mut conn, id).await?.filter(|f| f.user_id == Some(user_id)))
    }

    /// A rating tap: stored only while the question is still open.
    pub async fn rate_session(
        &self,
        id: i64,
        user_id: i64,
        rating: Rating,
        now: DateTime<Utc>,
    ) -> DbResult<RateOutcome> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let Some(row) = feedback_row(&mut tx, id).await?.filter(|f| f.user_id == Some(user_id)) else {
            return Ok(RateOutcome::Unknown);
        };
        if row.state != FeedbackState::Asked {
            return Ok(RateOutcome::Already(row));
        }
        sqlx::query("UPDATE feedback SET state = 'rated', rating = ?, rated_at = ? WHERE id = ?")
            .bind(i64::from(rating))
            .bind(ts(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(RateOutcome::Rated(FeedbackRow { state: FeedbackState::Rated, rating: Some(rating), ..row }))
    }

    /// The comment after a rating. False if the row is not waiting for one.
    pub async fn comment_session(&self, id: i64, user_id: i64, comment: &str) -> DbResult<bool> {
        let done = sqlx::query(
            "UPDATE feedback SET comment = ?, state = 'done' WHERE id = ? AND user_id = ? AND state = 'rated'",
        )
        .bind(comment)
        .bind(id)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Skip, under the question (no rating) or under the comment prompt
    /// (the rating stays). False if there was nothing left to skip.
    pub async fn skip_feedback(&self, id: i64, user_id: i64) -> DbResult<bool> {
        let done = sqlx::query(
            "UPDATE feedback SET state = 'skipped' WHERE id = ? AND user_id = ? AND state IN ('asked', 'rated')",
        )
        .bind(id)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    // ---------------------------------------------------------- evaluation

    /// When a course's evaluation was closed, if it was.
    pub async fn evaluation_closed(&self, course: &CourseCode) -> DbResult<bool> {
        let row: Option<(String,)> = sqlx::query_as("SELECT closed_at FROM evaluation_closures WHERE course_code = ?")
            .bind(course.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// The registered participants of a course not invited to its
    /// evaluation yet.
    pub async fn evaluation_due(&self, course: &CourseCode) -> DbResult<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT r.user_id FROM registrations r WHERE r.course_code = ?1 AND r.status = 'registered' \
               AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.course_code = ?1 AND e.user_id = r.user_id) \
             ORDER BY r.user_id",
        )
        .bind(course.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(u,)| u).collect())
    }

    /// Writes the `invited` row and queues the invitation (made by `item`
    /// from the row's id), in one transaction. False if already invited.
    pub async fn invite_to_evaluation(
        &self,
        course: &CourseCode,
        user_id: i64,
        now: DateTime<Utc>,
        item: impl FnOnce(i64) -> NewItem,
    ) -> DbResult<bool> {
        self.insert_then_queue(
            "INSERT OR IGNORE INTO evaluations (course_code, user_id, state, invited_at) VALUES (?, ?, 'invited', ?)",
            course.as_str(),
            user_id,
            now,
            item,
        )
        .await
    }

    /// Runs `insert` (an `INSERT OR IGNORE` binding what it is about, the
    /// person and now) and, if it made a row, queues `item` made from the
    /// row's id, in one transaction: asked once, whatever ticks and
    /// restarts come. False if the row was there already.
    async fn insert_then_queue(
        &self,
        insert: &str,
        about: &str,
        user_id: i64,
        now: DateTime<Utc>,
        item: impl FnOnce(i64) -> NewItem,
    ) -> DbResult<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let done = sqlx::query(insert).bind(about).bind(user_id).bind(ts(now)).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        outbox::enqueue(&mut tx, &item(done.last_insert_rowid()), now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Someone's evaluation, if it is theirs.
    pub async fn evaluation_of(&self, id: i64, user_id: i64) -> DbResult<Option<EvaluationRow>> {
        let mut conn = self.pool.acquire().await?;
        Ok(evaluation_row(&mut conn, id).await?.filter(|e| e.user_id == Some(user_id)))
    }

    /// Start (or resume): invited → answering. The row as it is after.
    pub async fn start_evaluation(&self, id: i64, user_id: i64) -> DbResult<Option<EvaluationRow>> {
        sqlx::query("UPDATE evaluations SET state = 'answering' WHERE id = ? AND user_id = ? AND state = 'invited'")
            .bind(id)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        self.evaluation_of(id, user_id).await
    }

    /// Stores one answer while the evaluation is open. None: it is not
    /// theirs or not open (closed, done); Some(false): that question was
    /// answered already (a second tap), nothing changed.
    pub async fn answer_evaluation(
        &self,
        id: i64,
        user_id: i64,
        question: &QuestionId,
        answer: &Answer,
        now: DateTime<Utc>,
    ) -> DbResult<Option<bool>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let open: Option<(String,)> = sqlx::query_as(
            "SELECT state FROM evaluations WHERE id = ? AND user_id = ? AND state IN ('invited', 'answering')",
        )
        .bind(id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_none() {
            return Ok(None);
        }
        let (rating, body) = match answer {
            Answer::Rating(r) => (Some(i64::from(*r)), None),
            Answer::Text(t) => (None, Some(t.as_str())),
            Answer::Skipped => (None, None),
        };
        let done = sqlx::query(
            "INSERT OR IGNORE INTO evaluation_answers (evaluation_id, question_id, rating, body, answered_at) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(question.as_str())
        .bind(rating)
        .bind(body)
        .bind(ts(now))
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE evaluations SET state = 'answering' WHERE id = ? AND state = 'invited'")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(done.rows_affected() == 1))
    }

    /// Every question answered: done.
    pub async fn finish_evaluation(&self, id: i64, now: DateTime<Utc>) -> DbResult<()> {
        sqlx::query(
            "UPDATE evaluations SET state = 'done', finished_at = ? WHERE id = ? AND state IN ('invited', 'answering')",
        )
        .bind(ts(now))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Closes a course's evaluation: no more invitations, and whatever is
    /// not done is closed. Counts as they stand after.
    pub async fn close_evaluation(&self, course: &CourseCode, by: i64, now: DateTime<Utc>) -> DbResult<ClosureCounts> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let done = sqlx::query(
            "INSERT OR IGNORE INTO evaluation_closures (course_code, closed_at, closed_by) VALUES (?, ?, ?)",
        )
        .bind(course.as_str())
        .bind(ts(now))
        .bind(by)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE evaluations SET state = 'closed', finished_at = ? \
             WHERE course_code = ? AND state IN ('invited', 'answering')",
        )
        .bind(ts(now))
        .bind(course.as_str())
        .execute(&mut *tx)
        .await?;
        let (done_n, partly, not_started): (i64, i64, i64) = sqlx::query_as(
            "SELECT coalesce(sum(e.state = 'done'), 0), \
               coalesce(sum(e.state = 'closed' AND EXISTS (SELECT 1 FROM evaluation_answers a WHERE a.evaluation_id = e.id)), 0), \
               coalesce(sum(e.state = 'closed' AND NOT EXISTS (SELECT 1 FROM evaluation_answers a WHERE a.evaluation_id = e.id)), 0) \
             FROM evaluations e WHERE e.course_code = ?",
        )
        .bind(course.as_str())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(ClosureCounts { done: done_n, partly, not_started, already_closed: done.rows_affected() == 0 })
    }

    /// Everything someone answered about sessions and courses, for /mydata.
    pub async fn own_feedback(&self, user_id: i64) -> DbResult<(Vec<OwnFeedback>, Vec<OwnEvaluation>)> {
        let feedback: Vec<OwnFeedback> = sqlx::query_as(
            "SELECT f.session_id AS session, s.title, f.state, f.rating, f.comment, f.asked_at \
             FROM feedback f JOIN sessions s ON s.id = f.session_id WHERE f.user_id = ? ORDER BY f.asked_at, f.id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        let evaluations: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, course_code, state, invited_at FROM evaluations WHERE user_id = ? ORDER BY invited_at, id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(evaluations.len());
        for (id, course, state, invited_at) in evaluations {
            let answers: Vec<OwnAnswer> = sqlx::query_as(
                "SELECT question_id AS question, rating, body AS text, answered_at FROM evaluation_answers \
                 WHERE evaluation_id = ? ORDER BY answered_at, question_id",
            )
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
            out.push(OwnEvaluation { course, state, invited_at, answers });
        }
        Ok((feedback, out))
    }

    /// Response counts for /stats.
    pub async fn feedback_stats(&self) -> DbResult<FeedbackStats> {
        let (feedback_asked, feedback_rated, feedback_comments): (i64, i64, i64) = sqlx::query_as(
            "SELECT count(*), coalesce(sum(rating IS NOT NULL), 0), coalesce(sum(comment IS NOT NULL), 0) FROM feedback",
        )
        .fetch_one(&self.pool)
        .await?;
        let (evaluations_invited, evaluations_done): (i64, i64) =
            sqlx::query_as("SELECT count(*), coalesce(sum(state = 'done'), 0) FROM evaluations")
                .fetch_one(&self.pool)
                .await?;
        Ok(FeedbackStats { feedback_asked, feedback_rated, feedback_comments, evaluations_invited, evaluations_done })
    }
}
