//! The scheduler's lessons-learned steps: "How useful was …?" after each
//! session to those who attended it, and the course evaluation's
//! invitation after a course's last session. Both are notices with
//! buttons, not urgent (quiet hours hold them), written with their
//! feedback or evaluation row in one transaction: asked once, whatever
//! the ticks and restarts.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use crate::db::outbox::{Kind, NewItem, Payload};
use crate::db::Db;
use crate::domain::lesson::{CourseLessons, QuestionId, Rating};
use crate::domain::notice::{ButtonLabel, NoticeButton};
use crate::domain::{CourseCode, Notice};

/// Only sessions (and courses) that ended this recently are asked about:
/// a fresh database, or a bot back after a week away, must not send a
/// pile of questions about the past.
const LOOKBACK: Duration = Duration::days(1);
/// The longest a session may run and still be found by its start.
const LONGEST_SESSION: Duration = Duration::days(2);
/// A question nobody could be sent in this long is no longer worth it.
const USEFUL_FOR: Duration = Duration::days(1);

/// What one tick of these steps queued.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Queued {
    pub feedback_questions: usize,
    pub evaluation_invites: usize,
}

pub async fn queue(db: &Db, now: DateTime<Utc>) -> anyhow::Result<Queued> {
    let mut rules: HashMap<String, CourseLessons> = HashMap::new();
    Ok(Queued {
        feedback_questions: feedback(db, now, &mut rules).await?,
        evaluation_invites: evaluations(db, now, &mut rules).await?,
    })
}

async fn rules_of<'a>(
    db: &Db,
    rules: &'a mut HashMap<String, CourseLessons>,
    course: &str,
) -> anyhow::Result<&'a CourseLessons> {
    if !rules.contains_key(course) {
        let r = match CourseCode::parse(course) {
            Ok(code) => db.course_lessons(&code).await?,
            Err(_) => CourseLessons::default(),
        };
        rules.insert(course.to_owned(), r);
    }
    Ok(&rules[course])
}

/// Each session that ended (plus its course's delay) within the lookback:
/// its attendees not asked yet.
async fn feedback(db: &Db, now: DateTime<Utc>, rules: &mut HashMap<String, CourseLessons>) -> anyhow::Result<usize> {
    let mut n = 0;
    let sessions = db.sessions_starting_between(now - LOOKBACK - LONGEST_SESSION, now).await?;
    for s in sessions.iter().filter(|s| !s.cancelled) {
        let delay = Duration::minutes(i64::from(rules_of(db, rules, &s.course_code).await?.feedback.delay_minutes));
        let due = s.ends_at() + delay;
        if due > now || due <= now - LOOKBACK {
            continue;
        }
        for user_id in db.feedback_due(&s.id, &s.course_code).await? {
            let notice = Notice::FeedbackAsk { session: s.id.clone(), title: s.title.clone(), starts_at: s.starts_at };
            let asked = db
                .ask_feedback(&s.id, user_id, now, |id| {
                    let rate = Rating::ALL
                        .iter()
                        .map(|r| NoticeButton {
                            label: ButtonLabel::Rating(r.value()),
                            data: feedback_rate_data(id, *r),
                        })
                        .collect();
                    let skip = vec![NoticeButton { label: ButtonLabel::SkipFeedback, data: feedback_skip_data(id) }];
                    NewItem {
                        urgent: false,
                        session_id: Some(s.id.clone()),
                        not_after: Some(now + USEFUL_FOR),
                        ..NewItem::now(
                            format!("feedback:{}:{user_id}", s.id),
                            user_id,
                            Kind::Notice,
                            Payload::NoticeWithButtons { notice, buttons: vec![rate, skip] },
                            now,
                        )
                    }
                })
                .await?;
            n += usize::from(asked);
        }
    }
    Ok(n)
}

/// Each course with evaluation questions, not closed, whose last session
/// ended (plus the feedback delay) within the lookback: its registered
/// participants not invited yet.
async fn evaluations(db: &Db, now: DateTime<Utc>, rules: &mut HashMap<String, CourseLessons>) -> anyhow::Result<usize> {
    let mut n = 0;
    for course in db.courses(true).await? {
        let r = rules_of(db, rules, course.code.as_str()).await?;
        if r.evaluation.is_empty() {
            continue;
        }
        let (questions, delay) = (r.evaluation.len(), Duration::minutes(i64::from(r.feedback.delay_minutes)));
        let sessions = db.sessions_of(std::slice::from_ref(&course.code)).await?;
        let Some(last) = sessions.iter().filter(|s| !s.cancelled).map(|s| s.ends_at()).max() else {
            continue;
        };
        let due = last + delay;
        if due > now || due <= now - LOOKBACK || db.evaluation_closed(&course.code).await? {
            continue;
        }
        for user_id in db.evaluation_due(&course.code).await? {
            let notice = Notice::EvaluationInvite {
                course: course.code.as_str().to_owned(),
                title: course.title.clone(),
                questions,
            };
            let invited = db
                .invite_to_evaluation(&course.code, user_id, now, |id| NewItem {
                    urgent: false,
                    not_after: Some(now + USEFUL_FOR),
                    ..NewItem::now(
                        format!("evaluation:{}:{user_id}", course.code),
                        user_id,
                        Kind::Notice,
                        Payload::NoticeWithButtons {
                            notice,
                            buttons: vec![vec![NoticeButton {
                                label: ButtonLabel::StartEvaluation,
                                data: evaluation_start_data(id),
                            }]],
                        },
                        now,
                    )
                })
                .await?;
            n += usize::from(invited);
        }
    }
    Ok(n)
}

// Callback data of the buttons queued here (read back in `bot::buttons`,
// whose test holds them to Telegram's 64 bytes).

/// A rating under feedback question `feedback` (its row): at most 5 + 20
/// + 2 bytes.
pub fn feedback_rate_data(feedback: i64, rating: Rating) -> String {
    format!("fb:r:{feedback}:{}", rating.value())
}

/// Skip, under the question or the comment prompt: at most 5 + 20 bytes.
pub fn feedback_skip_data(feedback: i64) -> String {
    format!("fb:s:{feedback}")
}

/// At most 6 + 20 bytes.
pub fn evaluation_start_data(evaluation: i64) -> String {
    format!("ev:go:{evaluation}")
}

/// At most 5 + 20 + 1 + 8 + 2 bytes.
pub fn evaluation_rate_data(evaluation: i64, question: &QuestionId, rating: Rating) -> String {
    format!("ev:r:{evaluation}:{:08x}:{}", question_fingerprint(question), rating.value())
}

/// At most 5 + 20 + 1 + 8 bytes.
pub fn evaluation_skip_data(evaluation: i64, question: &QuestionId) -> String {
    format!("ev:k:{evaluation}:{:08x}", question_fingerprint(question))
}

/// FNV-1a of a question id (as `bot::buttons::faq_fingerprint`): an id
/// may be 40 bytes, its fingerprint is 8 hex digits in the data.
pub fn question_fingerprint(question: &QuestionId) -> u32 {
    question.as_str().bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}
