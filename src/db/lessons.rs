//! A course's lessons-learned rules (attendance, feedback, evaluation), as
//! imported from programme.toml with the rest of the course.

use std::collections::BTreeMap;

use sqlx::{Sqlite, Transaction};

use super::{Db, DbError, DbResult};
use crate::config::Course;
use crate::domain::lesson::{
    AttendanceRules, CourseLessons, EvaluationQuestion, FeedbackRules, QuestionId, QuestionKind,
};
use crate::domain::{CourseCode, Lang};

#[derive(sqlx::FromRow)]
struct RulesRecord {
    require_code: bool,
    attendance_window_minutes: i64,
    certificate_min_attendance: Option<f64>,
    feedback_delay_minutes: i64,
    anonymous_feedback: bool,
}

#[derive(sqlx::FromRow)]
struct QuestionRecord {
    id: String,
    kind: String,
    texts: String,
}

impl Db {
    /// The rules of one course; the defaults for a course the database does
    /// not know (it has no sessions to take attendance at either).
    pub async fn course_lessons(&self, course: &CourseCode) -> DbResult<CourseLessons> {
        let mut conn = self.pool.acquire().await?;
        read(&mut conn, course.as_str()).await
    }
}

async fn read(conn: &mut sqlx::SqliteConnection, course: &str) -> DbResult<CourseLessons> {
    let rules: Option<RulesRecord> = sqlx::query_as(
        "SELECT require_code, attendance_window_minutes, certificate_min_attendance, feedback_delay_minutes, \
           anonymous_feedback FROM courses WHERE code = ?",
    )
    .bind(course)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = rules else { return Ok(CourseLessons::default()) };
    let corrupt = |what: String| DbError::Corrupt(format!("course {course}: {what}"));
    let questions: Vec<QuestionRecord> =
        sqlx::query_as("SELECT id, kind, texts FROM evaluation_questions WHERE course_code = ? ORDER BY position")
            .bind(course)
            .fetch_all(&mut *conn)
            .await?;
    let mut evaluation = Vec::with_capacity(questions.len());
    for q in questions {
        let texts: BTreeMap<String, String> =
            serde_json::from_str(&q.texts).map_err(|e| corrupt(format!("evaluation {}: {e}", q.id)))?;
        let text = texts
            .into_iter()
            .map(|(l, t)| Lang::parse(&l).map(|l| (l, t)))
            .collect::<Result<BTreeMap<_, _>, _>>()
            .map_err(|e| corrupt(format!("evaluation {}: {e}", q.id)))?;
        evaluation.push(EvaluationQuestion {
            id: QuestionId::parse(&q.id).map_err(|e| corrupt(format!("evaluation id {}: {e}", q.id)))?,
            kind: QuestionKind::try_from(q.kind.as_str()).map_err(|e| corrupt(e.to_string()))?,
            text,
        });
    }
    Ok(CourseLessons {
        attendance: AttendanceRules {
            require_code: r.require_code,
            window_minutes: u32::try_from(r.attendance_window_minutes).unwrap_or(30),
            certificate_min_attendance: r.certificate_min_attendance,
        },
        feedback: FeedbackRules {
            delay_minutes: u32::try_from(r.feedback_delay_minutes).unwrap_or(10),
            anonymous: r.anonymous_feedback,
        },
        evaluation,
    })
}

/// Writes a course's rules inside the import's transaction (the course row
/// exists already) and says whether they changed. Answers already given
/// stay: they are keyed on the question's id, not its place.
pub(super) async fn import(tx: &mut Transaction<'_, Sqlite>, c: &Course) -> DbResult<bool> {
    let code = c.code.as_str();
    let before = read(&mut *tx, code).await.ok();
    let a = &c.attendance;
    sqlx::query(
        "UPDATE courses SET require_code = ?2, attendance_window_minutes = ?3, certificate_min_attendance = ?4, \
           feedback_delay_minutes = ?5, anonymous_feedback = ?6 WHERE code = ?1",
    )
    .bind(code)
    .bind(a.require_code)
    .bind(i64::from(a.window_minutes))
    .bind(a.certificate_min_attendance)
    .bind(i64::from(c.feedback.delay_minutes))
    .bind(c.feedback.anonymous)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM evaluation_questions WHERE course_code = ?").bind(code).execute(&mut **tx).await?;
    for (pos, q) in c.evaluation.iter().enumerate() {
        let texts: BTreeMap<&str, &str> = q.text.iter().map(|(l, t)| (l.as_str(), t.as_str())).collect();
        sqlx::query("INSERT INTO evaluation_questions (course_code, id, position, kind, texts) VALUES (?, ?, ?, ?, ?)")
            .bind(code)
            .bind(q.id.as_str())
            .bind(pos as i64)
            .bind(q.kind.as_str())
            .bind(serde_json::to_string(&texts).map_err(|e| DbError::Corrupt(e.to_string()))?)
            .execute(&mut **tx)
            .await?;
    }
    let after = CourseLessons {
        attendance: c.attendance.clone(),
        feedback: c.feedback.clone(),
        evaluation: c.evaluation.clone(),
    };
    Ok(before.as_ref() != Some(&after))
}
