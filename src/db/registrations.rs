use chrono::{DateTime, Utc};
use serde::Serialize;

use super::outbox::NewItem;
use super::people::{save_profile, Profile};
use super::{ts, Db, DbError, DbResult};
use crate::domain::{CourseCode, RegistrationStatus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterOutcome {
    Registered,
    /// Place in the queue, 1-based.
    Waitlisted {
        position: i64,
    },
    /// Nothing changed: they already hold this status.
    Already(RegistrationStatus),
    /// The course is gone from the programme.
    CourseUnavailable,
}

/// The result of leaving a course: who moved up from the wait-list into the
/// freed place (each is recorded in `promotions`, and the scheduler tells
/// them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Withdrawal {
    pub promoted: Vec<(CourseCode, i64)>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RegistrationRow {
    pub course_code: String,
    pub course_title: String,
    #[sqlx(try_from = "String")]
    pub status: RegistrationStatus,
    pub created_at: String,
    pub registered_at: Option<String>,
    pub waitlisted_at: Option<String>,
    pub withdrawn_at: Option<String>,
}

impl RegistrationRow {
    pub fn status(&self) -> RegistrationStatus {
        self.status
    }
}

/// One line of the roster a coordinator exports.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RosterRow {
    pub course_code: String,
    #[sqlx(try_from = "String")]
    pub status: RegistrationStatus,
    pub user_id: i64,
    pub username: Option<String>,
    pub full_name: Option<String>,
    pub administration: Option<String>,
    pub position: Option<String>,
    pub email: Option<String>,
    pub timezone: Option<String>,
    pub created_at: String,
    pub registered_at: Option<String>,
    pub waitlisted_at: Option<String>,
    pub withdrawn_at: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatusCount {
    pub course_code: String,
    #[sqlx(try_from = "String")]
    pub status: RegistrationStatus,
    pub n: i64,
}

impl Db {
    /// Saves the profile and registers for the course in one write
    /// transaction: the capacity check and the insert cannot interleave with
    /// another registration, so a course is never over-filled.
    pub async fn register(
        &self,
        user_id: i64,
        profile: &Profile,
        course: &CourseCode,
        now: DateTime<Utc>,
    ) -> DbResult<RegisterOutcome> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let capacity: Option<(i64,)> = sqlx::query_as("SELECT capacity FROM courses WHERE code = ? AND active = 1")
            .bind(course.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let Some((capacity,)) = capacity else {
            return Ok(RegisterOutcome::CourseUnavailable);
        };
        save_profile(&mut tx, user_id, profile, now).await?;
        let existing: Option<(String,)> =
            sqlx::query_as("SELECT status FROM registrations WHERE user_id = ? AND course_code = ?")
                .bind(user_id)
                .bind(course.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let existing = existing
            .map(|(s,)| RegistrationStatus::try_from(s).map_err(|e| DbError::Corrupt(e.to_string())))
            .transpose()?;
        if let Some(status) = existing {
            if status != RegistrationStatus::Withdrawn {
                tx.commit().await?;
                return Ok(RegisterOutcome::Already(status));
            }
        }
        let (taken,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM registrations WHERE course_code = ? AND status = 'registered'")
                .bind(course.as_str())
                .fetch_one(&mut *tx)
                .await?;
        let status = if taken < capacity { RegistrationStatus::Registered } else { RegistrationStatus::Waitlisted };
        let now_s = ts(now);
        sqlx::query(
            "INSERT INTO registrations (user_id, course_code, status, created_at, registered_at, waitlisted_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?4) \
             ON CONFLICT(user_id, course_code) DO UPDATE SET status = excluded.status, \
               registered_at = excluded.registered_at, waitlisted_at = excluded.waitlisted_at, \
               withdrawn_at = NULL, updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(course.as_str())
        .bind(status.as_str())
        .bind(&now_s)
        .bind((status == RegistrationStatus::Registered).then_some(&now_s))
        .bind((status == RegistrationStatus::Waitlisted).then_some(&now_s))
        .execute(&mut *tx)
        .await?;
        let outcome = match status {
            RegistrationStatus::Registered => RegisterOutcome::Registered,
            _ => RegisterOutcome::Waitlisted { position: waitlist_position(&mut tx, user_id, course).await? },
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// Marks a registration withdrawn (kept for the record) and moves the
    /// first wait-listed person into a freed place. None when there was
    /// nothing to withdraw from.
    pub async fn withdraw(
        &self,
        user_id: i64,
        course: &CourseCode,
        now: DateTime<Utc>,
    ) -> DbResult<Option<Withdrawal>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let done = sqlx::query(
            "UPDATE registrations SET status = 'withdrawn', withdrawn_at = ?1, updated_at = ?1 \
             WHERE user_id = ?2 AND course_code = ?3 AND status IN ('registered', 'waitlisted')",
        )
        .bind(ts(now))
        .bind(user_id)
        .bind(course.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        let promoted = fill_free_places(&mut tx, course, now).await?;
        tx.commit().await?;
        Ok(Some(Withdrawal { promoted: promoted.into_iter().map(|u| (course.clone(), u)).collect() }))
    }

    /// Deletes every row about a person (checked against each table in
    /// migrations/): profile, registrations, dialogue, questions, enquiries
    /// with what was said in them and the message links, everything queued
    /// or sent to them or about their enquiries, and the updates they sent.
    /// Places they held go to the wait-list, whose promoted people are told.
    ///
    /// `handling` is the update being handled (the tap on "Yes, delete"):
    /// it and every earlier update of theirs are kept only as bare ids, so
    /// a redelivery is still recognised, while a message they send after it
    /// is left to be handled as usual.
    ///
    /// secure_delete zeroes the rows in the file; the caller then empties the
    /// write-ahead log (`checkpoint_wal`), which still holds old copies.
    pub async fn forget(&self, user_id: i64, handling: Option<i64>, now: DateTime<Utc>) -> DbResult<Withdrawal> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let held: Vec<(String,)> =
            sqlx::query_as("SELECT course_code FROM registrations WHERE user_id = ? AND status = 'registered'")
                .bind(user_id)
                .fetch_all(&mut *tx)
                .await?;
        sqlx::query("DELETE FROM registrations WHERE user_id = ?").bind(user_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM people WHERE user_id = ?").bind(user_id).execute(&mut *tx).await?;
        // A private chat's id is the person's id.
        sqlx::query("DELETE FROM dialogues WHERE chat_id = ?").bind(user_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM questions WHERE user_id = ?").bind(user_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM promotions WHERE user_id = ?").bind(user_id).execute(&mut *tx).await?;
        super::attendance::forget(&mut tx, user_id).await?;
        super::feedback::forget(&mut tx, user_id).await?;
        // Spelled out rather than left to ON DELETE CASCADE, so the list of
        // what goes does not depend on the foreign-key pragma: the relays
        // that carry their name, the answers, and every link and message.
        for sql in [
            "DELETE FROM outbox WHERE enquiry_id IN (SELECT id FROM enquiries WHERE user_id = ?)",
            "DELETE FROM enquiry_links WHERE enquiry_id IN (SELECT id FROM enquiries WHERE user_id = ?)",
            "DELETE FROM enquiry_messages WHERE enquiry_id IN (SELECT id FROM enquiries WHERE user_id = ?)",
            "DELETE FROM enquiries WHERE user_id = ?",
            // Everything addressed to them, sent or not: reminders and
            // digests name their sessions and carry their id in the key,
            // broadcasts and notices are what they were told.
            "DELETE FROM outbox WHERE chat_id = ?",
        ] {
            sqlx::query(sql).bind(user_id).execute(&mut *tx).await?;
        }
        sqlx::query(
            "UPDATE inbox SET user_id = NULL, payload = NULL, state = 'done', handled_at = COALESCE(handled_at, ?3) \
             WHERE user_id = ?1 AND (state = 'done' OR update_id <= ?2)",
        )
        .bind(user_id)
        .bind(handling)
        .bind(ts(now))
        .execute(&mut *tx)
        .await?;
        let mut out = Withdrawal::default();
        for (code,) in held {
            let code = CourseCode::parse(&code).map_err(|e| DbError::Corrupt(e.to_string()))?;
            for u in fill_free_places(&mut tx, &code, now).await? {
                out.promoted.push((code.clone(), u));
            }
        }
        tx.commit().await?;
        Ok(out)
    }

    pub async fn registrations_of(&self, user_id: i64) -> DbResult<Vec<RegistrationRow>> {
        Ok(sqlx::query_as(
            "SELECT r.course_code, c.title AS course_title, r.status, r.created_at, r.registered_at, \
                    r.waitlisted_at, r.withdrawn_at \
             FROM registrations r JOIN courses c ON c.code = r.course_code \
             WHERE r.user_id = ? ORDER BY c.position, r.created_at",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The roster, course by course, registered first, then the wait-list in
    /// queue order, then withdrawals.
    pub async fn roster(&self, course: Option<&CourseCode>) -> DbResult<Vec<RosterRow>> {
        Ok(sqlx::query_as(
            "SELECT r.course_code, r.status, p.user_id, p.username, p.full_name, p.administration, \
                    p.position, p.email, p.timezone, r.created_at, r.registered_at, r.waitlisted_at, r.withdrawn_at \
             FROM registrations r JOIN people p ON p.user_id = r.user_id JOIN courses c ON c.code = r.course_code \
             WHERE (?1 IS NULL OR r.course_code = ?1) \
             ORDER BY c.position, CASE r.status WHEN 'registered' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, \
                      COALESCE(r.registered_at, r.waitlisted_at, r.created_at), r.id",
        )
        .bind(course.map(|c| c.as_str()))
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn status_counts(&self) -> DbResult<Vec<StatusCount>> {
        Ok(sqlx::query_as(
            "SELECT c.code AS course_code, r.status, count(r.id) AS n \
             FROM courses c JOIN registrations r ON r.course_code = c.code \
             GROUP BY c.code, r.status ORDER BY c.position, r.status",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}

/// A place given from the wait-list, not yet told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promotion {
    pub id: i64,
    pub user_id: i64,
    pub course_code: String,
    pub course_title: String,
    /// Still holds the place (they may have left again meanwhile).
    pub registered: bool,
}

impl Db {
    /// Promotions not yet told, oldest first.
    pub async fn pending_promotions(&self) -> DbResult<Vec<Promotion>> {
        let rows: Vec<(i64, i64, String, String, bool)> = sqlx::query_as(
            "SELECT p.id, p.user_id, p.course_code, c.title, \
                    EXISTS (SELECT 1 FROM registrations r WHERE r.user_id = p.user_id \
                            AND r.course_code = p.course_code AND r.status = 'registered') \
             FROM promotions p JOIN courses c ON c.code = p.course_code \
             WHERE p.notified_at IS NULL ORDER BY p.id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, user_id, course_code, course_title, registered)| Promotion {
                id,
                user_id,
                course_code,
                course_title,
                registered,
            })
            .collect())
    }

    /// Queues what a promotion owes (nothing, if it no longer holds) and
    /// marks it told, in one transaction.
    pub async fn notify_promotion(&self, id: i64, items: &[NewItem], now: DateTime<Utc>) -> DbResult<()> {
        self.enqueue_and_mark(items, "UPDATE promotions SET notified_at = ?1 WHERE id = ?2", id, now).await
    }
}

async fn waitlist_position(conn: &mut sqlx::SqliteConnection, user_id: i64, course: &CourseCode) -> DbResult<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM registrations w, registrations me \
         WHERE me.user_id = ?1 AND me.course_code = ?2 AND w.course_code = ?2 AND w.status = 'waitlisted' \
           AND (w.waitlisted_at < me.waitlisted_at OR (w.waitlisted_at = me.waitlisted_at AND w.id <= me.id))",
    )
    .bind(user_id)
    .bind(course.as_str())
    .fetch_one(conn)
    .await?;
    Ok(n)
}

/// Promotes wait-listed people, oldest first, while the course has room.
pub(super) async fn fill_free_places(
    conn: &mut sqlx::SqliteConnection,
    course: &CourseCode,
    now: DateTime<Utc>,
) -> DbResult<Vec<i64>> {
    let mut promoted = Vec::new();
    loop {
        let next: Option<(i64,)> = sqlx::query_as(
            "SELECT r.user_id FROM registrations r JOIN courses c ON c.code = r.course_code \
             WHERE r.course_code = ?1 AND r.status = 'waitlisted' AND c.active = 1 \
               AND (SELECT count(*) FROM registrations WHERE course_code = ?1 AND status = 'registered') < c.capacity \
             ORDER BY r.waitlisted_at, r.id LIMIT 1",
        )
        .bind(course.as_str())
        .fetch_optional(&mut *conn)
        .await?;
        let Some((user_id,)) = next else { break };
        sqlx::query(
            "UPDATE registrations SET status = 'registered', registered_at = ?1, updated_at = ?1 \
             WHERE user_id = ?2 AND course_code = ?3",
        )
        .bind(ts(now))
        .bind(user_id)
        .bind(course.as_str())
        .execute(&mut *conn)
        .await?;
        // Recorded in the same transaction; the scheduler tells them, in
        // their language, as it does session changes.
        sqlx::query("INSERT INTO promotions (user_id, course_code, created_at) VALUES (?, ?, ?)")
            .bind(user_id)
            .bind(course.as_str())
            .bind(ts(now))
            .execute(&mut *conn)
            .await?;
        promoted.push(user_id);
    }
    Ok(promoted)
}
