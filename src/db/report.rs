//! What the course report reads: a course's sessions with their attendance
//! and ratings, the comments, the evaluation answers, and what the cohort
//! asked. Plain rows; `crate::figures::data` turns them into the report's numbers.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::{parse_ts, Db, DbError, DbResult};
use crate::domain::CourseCode;

/// One session of the course, with its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSessionRow {
    pub id: String,
    pub starts_local: NaiveDateTime,
    pub starts_at: DateTime<Utc>,
    pub title: String,
    pub cancelled: bool,
    pub present: u32,
    /// How many ratings of 1, 2, 3, 4 and 5.
    pub ratings: [u32; 5],
}

/// A comment on a session, with its author's name if they are still known.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentRow {
    pub session_id: String,
    pub author: Option<String>,
    pub body: String,
}

/// One answer to a course-evaluation question.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationAnswerRow {
    pub question_id: String,
    pub rating: Option<u8>,
    pub body: Option<String>,
    pub author: Option<String>,
}

/// An enquiry a member of the cohort opened: its first question, the
/// language they read, and the entry a coordinator filed it under.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortEnquiryRow {
    pub id: i64,
    pub question: String,
    pub language: Option<String>,
    pub filed_under: Option<String>,
}

/// A FAQ answer a member of the cohort said did not help.
#[derive(Debug, Clone, PartialEq)]
pub struct UnhelpfulRow {
    pub faq_id: String,
    pub question: String,
}

/// Everything the report is made from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportRows {
    pub course_title: String,
    pub registered: u32,
    pub sessions: Vec<ReportSessionRow>,
    pub comments: Vec<CommentRow>,
    pub evaluations_invited: u32,
    pub evaluations_done: u32,
    pub evaluation_answers: Vec<EvaluationAnswerRow>,
    pub enquiries: Vec<CohortEnquiryRow>,
    pub unhelpful: Vec<UnhelpfulRow>,
}

/// The cohort: everyone who registered in the course (withdrawn included:
/// what they asked while in it is still the course's).
const COHORT: &str =
    "SELECT user_id FROM registrations WHERE course_code = ?1 AND status IN ('registered', 'withdrawn')";

fn count(n: i64) -> DbResult<u32> {
    u32::try_from(n).map_err(|_| DbError::Corrupt(format!("a count of {n}")))
}

impl Db {
    /// The rows of a course's report; None for a course the database does
    /// not know.
    pub async fn report_rows(&self, course: &CourseCode) -> DbResult<Option<ReportRows>> {
        let code = course.as_str();
        let mut conn = self.pool.acquire().await?;
        let title: Option<String> = sqlx::query_scalar("SELECT title FROM courses WHERE code = ?")
            .bind(code)
            .fetch_optional(&mut *conn)
            .await?;
        let Some(course_title) = title else { return Ok(None) };
        let registered: i64 =
            sqlx::query_scalar("SELECT count(*) FROM registrations WHERE course_code = ? AND status = 'registered'")
                .bind(code)
                .fetch_one(&mut *conn)
                .await?;

        let raw: Vec<(String, String, String, String, bool, i64)> = sqlx::query_as(
            "SELECT s.id, s.starts_local, s.starts_at, s.title, s.cancelled, \
                    (SELECT count(*) FROM attendance a WHERE a.session_id = s.id AND a.present = 1) \
             FROM sessions s WHERE s.course_code = ? ORDER BY s.starts_at, s.id",
        )
        .bind(code)
        .fetch_all(&mut *conn)
        .await?;
        let mut sessions = Vec::with_capacity(raw.len());
        for (id, local, at, title, cancelled, present) in raw {
            let starts_local = NaiveDateTime::parse_from_str(&local, "%Y-%m-%dT%H:%M:%S")
                .or_else(|_| NaiveDateTime::parse_from_str(&local, "%Y-%m-%d %H:%M:%S"))
                .or_else(|_| NaiveDateTime::parse_from_str(&local, "%Y-%m-%dT%H:%M"))
                .or_else(|_| NaiveDateTime::parse_from_str(&local, "%Y-%m-%d %H:%M"))
                .map_err(|e| DbError::Corrupt(format!("session {id}: starts_local {local:?}: {e}")))?;
            sessions.push(ReportSessionRow {
                id,
                starts_local,
                starts_at: parse_ts(&at)?,
                title,
                cancelled,
                present: count(present)?,
                ratings: [0; 5],
            });
        }
        let ratings: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT f.session_id, f.rating, count(*) FROM feedback f JOIN sessions s ON s.id = f.session_id \
             WHERE s.course_code = ? AND f.rating BETWEEN 1 AND 5 GROUP BY f.session_id, f.rating",
        )
        .bind(code)
        .fetch_all(&mut *conn)
        .await?;
        for (session, rating, n) in ratings {
            if let Some(s) = sessions.iter_mut().find(|s| s.id == session) {
                s.ratings[(rating - 1) as usize] = count(n)?;
            }
        }

        // A forgotten person's comment goes with them, whatever is left.
        let comments: Vec<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT f.session_id, p.full_name, f.comment FROM feedback f JOIN sessions s ON s.id = f.session_id \
             LEFT JOIN people p ON p.user_id = f.user_id \
             WHERE s.course_code = ? AND f.user_id IS NOT NULL AND f.comment IS NOT NULL AND trim(f.comment) <> '' \
             ORDER BY s.starts_at, f.rated_at, f.id",
        )
        .bind(code)
        .fetch_all(&mut *conn)
        .await?;
        let comments =
            comments.into_iter().map(|(session_id, author, body)| CommentRow { session_id, author, body }).collect();

        let (invited, done): (i64, i64) =
            sqlx::query_as("SELECT count(*), coalesce(sum(state = 'done'), 0) FROM evaluations WHERE course_code = ?")
                .bind(code)
                .fetch_one(&mut *conn)
                .await?;
        type AnswerRecord = (String, Option<i64>, Option<String>, Option<String>, bool);
        let answers: Vec<AnswerRecord> = sqlx::query_as(
            "SELECT a.question_id, a.rating, a.body, p.full_name, e.user_id IS NOT NULL FROM evaluation_answers a \
             JOIN evaluations e ON e.id = a.evaluation_id LEFT JOIN people p ON p.user_id = e.user_id \
             WHERE e.course_code = ? ORDER BY a.answered_at, e.id",
        )
        .bind(code)
        .fetch_all(&mut *conn)
        .await?;
        let evaluation_answers = answers
            .into_iter()
            .map(|(question_id, rating, body, author, known)| EvaluationAnswerRow {
                question_id,
                rating: rating.and_then(|r| u8::try_from(r).ok()).filter(|r| (1..=5).contains(r)),
                // A forgotten person's words go; their rating may stay.
                body: body.filter(|_| known),
                author,
            })
            .collect();

        // The enquiries of the cohort: asked by someone registered in the
        // course, or naming it among the asker's courses at the time.
        let enquiries: Vec<(i64, String, Option<String>, Option<String>)> = sqlx::query_as(&format!(
            "SELECT e.id, e.question, \
                    (SELECT q.language FROM questions q WHERE q.enquiry_id = e.id ORDER BY q.id LIMIT 1), \
                    (SELECT x.faq_id FROM faq_examples x WHERE x.enquiry_id = e.id ORDER BY x.id LIMIT 1) \
             FROM enquiries e \
             WHERE e.user_id IN ({COHORT}) OR (', ' || e.course || ', ') LIKE '%, ' || ?1 || ', %' \
             ORDER BY e.id"
        ))
        .bind(code)
        .fetch_all(&mut *conn)
        .await?;
        let enquiries = enquiries
            .into_iter()
            .map(|(id, question, language, filed_under)| CohortEnquiryRow { id, question, language, filed_under })
            .collect();

        let unhelpful: Vec<(String, String)> = sqlx::query_as(&format!(
            "SELECT q.faq_id, q.body FROM questions q \
             WHERE q.helpful = 0 AND q.faq_id IS NOT NULL AND q.user_id IN ({COHORT}) ORDER BY q.id"
        ))
        .bind(code)
        .fetch_all(&mut *conn)
        .await?;
        let unhelpful = unhelpful.into_iter().map(|(faq_id, question)| UnhelpfulRow { faq_id, question }).collect();

        Ok(Some(ReportRows {
            course_title,
            registered: count(registered)?,
            sessions,
            comments,
            evaluations_invited: count(invited)?,
            evaluations_done: count(done)?,
            evaluation_answers,
            enquiries,
            unhelpful,
        }))
    }
}
