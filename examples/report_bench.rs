//! The course report benchmark (not a test): the shipped CECAC pilot (ten
//! course days, 37 sessions), 25 trainees, attendance, ratings and comments
//! on every session, a four-question evaluation and 60 enquiries, seeded
//! with a fixed generator (the same every run).
//!
//!     cargo run --release --example report_bench
//!
//! Prints p50 / max over the runs of building the whole report — the data,
//! the CSV, the PNG chart and the summary — as `/report` does. The target
//! is ≤ 2 s. Writes the last run's files to `target/report-bench/`.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use copes_bot::config::Config;
use copes_bot::db::{Db, Profile};
use copes_bot::domain::lesson::AttendanceMethod;
use copes_bot::domain::{Administration, CourseCode, Email, PersonName, Position, SessionId};

const COURSE: &str = "CECAC-PILOT";
const TRAINEES: i64 = 25;
const FIRST_ID: i64 = 2_000_000;
const ENQUIRIES: usize = 60;
const RUNS: usize = 10;

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

const QUESTIONS: &[&str] = &[
    "Is there a shuttle from the hostel to the training centre?",
    "Can I get the slides of the risk management session?",
    "Will the certificate mention the number of hours?",
    "What should I wear at the closing ceremony?",
    "Is lunch provided on the field visit day?",
    "How is the daily allowance paid?",
    "Can my deputy attend in my place on day 4?",
    "Where can I print documents?",
    "Is there a prayer room in the building?",
    "When do we get the reading list?",
];

const COMMENTS: &[&str] = &[
    "Very practical, the case studies helped.",
    "Too fast, we needed more time for questions.",
    "=HYPERLINK(\"http://x\") good session",
    "The speaker was excellent; more examples from Pakistan please.",
    "Room was too cold.",
];

async fn seed(db: &Db, now: DateTime<Utc>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config")).expect("the shipped config");
    db.import(&config.programme, &config.faq, now).await.unwrap();
    let code = CourseCode::parse(COURSE).unwrap();
    for i in 0..TRAINEES {
        let profile = Profile {
            full_name: PersonName::parse(&format!("Trainee {:02}", i + 1)).unwrap(),
            administration: Administration::parse("Pakistan Customs").unwrap(),
            position: Position::parse("Assistant Collector").unwrap(),
            email: Email::parse("t@fbr.gov.pk").unwrap(),
        };
        db.register(FIRST_ID + i, &profile, &code, now).await.unwrap();
    }
    let sessions: Vec<(String,)> = sqlx::query_as("SELECT id FROM sessions WHERE course_code = ? ORDER BY starts_at")
        .bind(COURSE)
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert_eq!(sessions.len(), 37, "the shipped pilot has 37 sessions");
    let mut rng = Rng(0x5eed_cafe);
    let pool = db.pool();
    for (k, (id,)) in sessions.iter().enumerate() {
        let session = SessionId::parse(id).unwrap();
        for u in 0..TRAINEES {
            let user = FIRST_ID + u;
            // Attendance fades a little over the course.
            let present = rng.below(100) < 95 - k;
            db.record_attendance(&session, user, present, AttendanceMethod::Button, None, now).await.unwrap();
            if !present || rng.below(10) < 2 {
                continue;
            }
            let rating = 1 + (rng.below(3) + k % 3).min(4) as i64;
            let comment = (rng.below(4) == 0).then(|| COMMENTS[rng.below(COMMENTS.len())]);
            sqlx::query(
                "INSERT INTO feedback (session_id, user_id, state, asked_at, rating, rated_at, comment) \
                 VALUES (?, ?, 'done', ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(user)
            .bind(now.to_rfc3339())
            .bind(rating)
            .bind(now.to_rfc3339())
            .bind(comment)
            .execute(pool)
            .await
            .unwrap();
        }
    }
    // The evaluation is the shipped pilot's: two ratings, two written answers.
    for u in 0..TRAINEES - 3 {
        let (eid,): (i64,) = sqlx::query_as(
            "INSERT INTO evaluations (course_code, user_id, state, invited_at, finished_at) VALUES (?, ?, 'done', ?, ?) RETURNING id",
        )
        .bind(COURSE)
        .bind(FIRST_ID + u)
        .bind(now.to_rfc3339())
        .bind(now.to_rfc3339())
        .fetch_one(pool)
        .await
        .unwrap();
        for q in ["overall", "organisation"] {
            sqlx::query(
                "INSERT INTO evaluation_answers (evaluation_id, question_id, rating, answered_at) VALUES (?, ?, ?, ?)",
            )
            .bind(eid)
            .bind(q)
            .bind(1 + rng.below(5) as i64)
            .bind(now.to_rfc3339())
            .execute(pool)
            .await
            .unwrap();
        }
        for q in ["most-useful", "change"] {
            sqlx::query(
                "INSERT INTO evaluation_answers (evaluation_id, question_id, body, answered_at) VALUES (?, ?, ?, ?)",
            )
            .bind(eid)
            .bind(q)
            .bind(COMMENTS[rng.below(COMMENTS.len())])
            .bind(now.to_rfc3339())
            .execute(pool)
            .await
            .unwrap();
        }
    }
    for n in 0..ENQUIRIES {
        let user = FIRST_ID + rng.below(TRAINEES as usize) as i64;
        let question = QUESTIONS[rng.below(QUESTIONS.len())];
        let (eid,): (i64,) = sqlx::query_as(
            "INSERT INTO enquiries (user_id, asker_name, course, question, status, created_at, waiting_since, updated_at) \
             VALUES (?, 'Trainee', ?, ?, 'answered', ?, ?, ?) RETURNING id",
        )
        .bind(user)
        .bind(COURSE)
        .bind(question)
        .bind(now.to_rfc3339())
        .bind(now.to_rfc3339())
        .bind(now.to_rfc3339())
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO questions (user_id, body, outcome, enquiry_id, created_at, language) VALUES (?, ?, 'enquiry', ?, ?, 'en')",
        )
        .bind(user)
        .bind(question)
        .bind(eid)
        .bind(now.to_rfc3339())
        .execute(pool)
        .await
        .unwrap();
        if n % 7 == 0 {
            sqlx::query(
                "INSERT INTO questions (user_id, body, outcome, faq_id, helpful, created_at, language) \
                 VALUES (?, ?, 'faq', (SELECT id FROM faq ORDER BY position LIMIT 1), 0, ?, 'en')",
            )
            .bind(user)
            .bind(question)
            .bind(now.to_rfc3339())
            .execute(pool)
            .await
            .unwrap();
        }
    }
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.path().join("report.db").display())).await.unwrap();
    // After the course: every session held.
    let now = "2021-03-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
    seed(&db, now).await;
    let lang = copes_bot::domain::Lang::english();
    let code = CourseCode::parse(COURSE).unwrap();

    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        // As /report does it: the FAQ's matcher comes from the bot's cache,
        // built once per FAQ change; it is timed here all the same.
        let (faq, matcher) = copes_bot::report::faq_and_matcher(&db, &lang).await.unwrap();
        let files = copes_bot::report::make(&db, &code, &lang, &lang, &faq, &matcher, now).await.unwrap().unwrap();
        times.push(started.elapsed());
        last = Some(files);
    }
    times.sort();
    let files = last.unwrap();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("chart.png"), &files.png).unwrap();
    std::fs::write(out.join("sessions.csv"), &files.csv).unwrap();
    std::fs::write(out.join("summary.txt"), &files.summary).unwrap();
    std::fs::write(out.join("faq-suggestions.toml"), files.snippet.clone().unwrap_or_default()).unwrap();
    // The same report in French, to read the words over.
    let fr = copes_bot::domain::Lang::parse("fr").unwrap();
    let (faq, matcher) = copes_bot::report::faq_and_matcher(&db, &lang).await.unwrap();
    let french = copes_bot::report::make(&db, &code, &fr, &lang, &faq, &matcher, now).await.unwrap().unwrap();
    std::fs::write(out.join("summary.fr.txt"), &french.summary).unwrap();
    std::fs::write(out.join("chart.fr.png"), &french.png).unwrap();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "report of {COURSE}: {} sessions, {TRAINEES} trainees, {} ratings, {} enquiries",
        files.report.sessions.len(),
        files.report.ratings.n,
        files.report.gaps.enquiries
    );
    println!(
        "whole report (data + CSV + PNG + summary), {RUNS} runs: p50 {:.0} ms, max {:.0} ms (target ≤ 2000 ms)",
        ms(times[RUNS / 2]),
        ms(times[RUNS - 1])
    );
    println!(
        "PNG {} bytes ({} px wide), CSV {} bytes, summary {} characters; files in {}",
        files.png.len(),
        copes_bot::figures::chart::WIDTH,
        files.csv.len(),
        files.summary.chars().count(),
        out.display()
    );
}
