//! The course report a coordinator puts in front of the programme's
//! designers: `/report COURSE` in the chat (summary, chart, CSV, suggested
//! FAQ entries) and `copes-bot report COURSE --out DIR` on the command line.

use copes_bot::domain::lesson::AttendanceMethod;
use copes_bot::domain::SessionId;

use crate::support::fake_api::Call;
use crate::support::flows::{karachi, seed};
use crate::support::*;

/// Two days, four sessions, two evaluation questions; feedback anonymous
/// unless a test says otherwise.
const COURSE: &str = r#"
[[course]]
code = "REP-1"
title = "Report pilot"
timezone = "Asia/Karachi"
location = "Karachi"
capacity = 10
certificate_min_attendance = 0.75
[[course.evaluation]]
id = "overall"
kind = "rating"
question = "Overall, how useful was the course?"
[[course.evaluation]]
id = "change"
kind = "text"
question = "What should change next time?"

[[course.session]]
id = "opening"
starts = 2021-02-09T09:30:00
minutes = 60
title = "Opening and welcome"

[[course.session]]
id = "risk"
starts = 2021-02-09T11:00:00
minutes = 60
title = "Risk management"

[[course.session]]
id = "ipr"
starts = 2021-02-10T09:30:00
minutes = 60
title = "Intellectual property rights"

[[course.session]]
id = "closing"
starts = 2021-02-10T11:00:00
minutes = 60
title = "Closing"
"#;

const FAQ: &str = r#"
language = "en"

[[faq]]
id = "accommodation"
question = "Is lodging arranged for participants?"
keywords = ["lodging", "hostel", "hotel"]
answer = "Yes: rooms are booked at the FBR hostel, two minutes from the venue."

[[faq]]
id = "certificate"
question = "Will I receive a certificate?"
keywords = ["certificate", "certification", "diploma"]
answer = "Yes: certificates are handed out at the closing session."
"#;

const TRAINEES: [i64; 4] = [8101, 8102, 8103, 8104];
const AMINA: i64 = 8101;
const HOSTILE: &str = "=SUM(A1:A9) far too long,\n\"really\"";

fn after_the_course() -> chrono::DateTime<chrono::Utc> {
    karachi(11, 9, 0)
}

async fn sql(app: &TestApp, query: &str, binds: &[&str]) {
    let mut q = sqlx::query(query);
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(app.db.pool()).await.unwrap();
}

async fn rate(app: &TestApp, session: &str, user: i64, rating: i64, comment: Option<&str>) {
    sqlx::query(
        "INSERT INTO feedback (session_id, user_id, state, asked_at, rating, rated_at, comment) \
         VALUES (?, ?, 'done', '2021-02-10T10:00:00.000Z', ?, '2021-02-10T10:00:00.000Z', ?)",
    )
    .bind(session)
    .bind(user)
    .bind(rating)
    .bind(comment)
    .execute(app.db.pool())
    .await
    .unwrap();
}

/// An enquiry as the bot stores it: the enquiry, its question row, and
/// (when a coordinator filed it) the example it became.
async fn enquiry(app: &TestApp, user: i64, question: &str, filed_under: Option<&str>) {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO enquiries (user_id, asker_name, course, question, status, created_at, waiting_since, updated_at) \
         VALUES (?, 'Trainee', 'REP-1', ?, 'open', '2021-02-09T12:00:00.000Z', '2021-02-09T12:00:00.000Z', \
                 '2021-02-09T12:00:00.000Z') RETURNING id",
    )
    .bind(user)
    .bind(question)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let (qid,): (i64,) = sqlx::query_as(
        "INSERT INTO questions (user_id, body, outcome, enquiry_id, created_at, language) \
         VALUES (?, ?, 'enquiry', ?, '2021-02-09T12:00:00.000Z', 'en') RETURNING id",
    )
    .bind(user)
    .bind(question)
    .bind(id)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    if let Some(faq) = filed_under {
        sqlx::query(
            "INSERT INTO faq_examples (faq_id, language, body, source, question_id, enquiry_id, added_by, added_at) \
             VALUES (?, 'en', ?, 'enquiry', ?, ?, ?, '2021-02-09T13:00:00.000Z')",
        )
        .bind(faq)
        .bind(question)
        .bind(qid)
        .bind(id)
        .bind(COORDINATOR_ID)
        .execute(app.db.pool())
        .await
        .unwrap();
    }
}

/// The course as it went: attendance falling from 4 to 1, the opening
/// rated best and risk management worst (the IPR session has too few
/// ratings to count, the closing none), two evaluations, five enquiries and
/// one FAQ answer marked "not helpful".
async fn seeded(programme: &str) -> TestApp {
    let app = spawn_app().programme(programme).faq(FAQ).at(after_the_course()).start().await;
    seed(&app.db, "REP-1", TRAINEES).await;
    sql(&app, "UPDATE people SET full_name = 'Amina Khan' WHERE user_id = ?", &[&AMINA.to_string()]).await;
    let t = karachi(10, 12, 0);
    for (session, present) in [("opening", 4), ("risk", 3), ("ipr", 2), ("closing", 1)] {
        let s = SessionId::parse(session).unwrap();
        for (i, user) in TRAINEES.iter().enumerate() {
            app.db.record_attendance(&s, *user, i < present, AttendanceMethod::Button, None, t).await.unwrap();
        }
    }
    for (user, r) in [(8101, 5), (8102, 5), (8103, 4)] {
        rate(&app, "opening", user, r, None).await;
    }
    rate(&app, "risk", AMINA, 2, Some(HOSTILE)).await;
    rate(&app, "risk", 8102, 1, Some("Slides unreadable from the back")).await;
    rate(&app, "risk", 8103, 2, None).await;
    rate(&app, "ipr", AMINA, 1, None).await;
    rate(&app, "ipr", 8102, 1, None).await;

    for (user, overall, change) in [(AMINA, 4, Some("More case studies")), (8102, 5, None)] {
        let (eid,): (i64,) = sqlx::query_as(
            "INSERT INTO evaluations (course_code, user_id, state, invited_at, finished_at) \
             VALUES ('REP-1', ?, 'done', '2021-02-10T13:00:00.000Z', '2021-02-10T14:00:00.000Z') RETURNING id",
        )
        .bind(user)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO evaluation_answers (evaluation_id, question_id, rating, answered_at) \
             VALUES (?, 'overall', ?, '2021-02-10T13:30:00.000Z')",
        )
        .bind(eid)
        .bind(overall)
        .execute(app.db.pool())
        .await
        .unwrap();
        if let Some(text) = change {
            sqlx::query(
                "INSERT INTO evaluation_answers (evaluation_id, question_id, body, answered_at) \
                 VALUES (?, 'change', ?, '2021-02-10T13:40:00.000Z')",
            )
            .bind(eid)
            .bind(text)
            .execute(app.db.pool())
            .await
            .unwrap();
        }
    }

    enquiry(&app, AMINA, "Where do I sleep at night?", Some("accommodation")).await;
    enquiry(&app, 8102, "Is breakfast served where we sleep?", Some("accommodation")).await;
    enquiry(&app, 8103, "Can we go swimming on Sunday?", None).await;
    enquiry(&app, 8104, "Can we go swimming on Sunday?", None).await;
    enquiry(&app, 8104, "Can the certificate show the number of hours?", None).await;
    // Someone outside the course: not this cohort's gap.
    enquiry(&app, 9999, "Unrelated question about parking", None).await;
    sql(&app, "UPDATE enquiries SET course = NULL WHERE user_id = 9999", &[]).await;
    sql(
        &app,
        "INSERT INTO questions (user_id, body, outcome, faq_id, helpful, created_at, language) \
         VALUES (8103, 'Do I get a diploma?', 'faq', 'certificate', 0, '2021-02-09T12:00:00.000Z', 'en')",
        &[],
    )
    .await;
    app
}

async fn upload_to(app: &TestApp, method: &str, ending: &str) -> Call {
    app.api
        .wait_for_call(&format!("a {method} ending in {ending}"), DEADLINE, |c| {
            c.method == method
                && c.chat_id() == Some(COORDINATOR_ID)
                && c.uploads.first().and_then(|u| u.file_name.as_deref()).is_some_and(|n| n.ends_with(ending))
        })
        .await
}

fn png_width(bytes: &[u8]) -> u32 {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    u32::from_be_bytes(bytes[16..20].try_into().unwrap())
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a byte-order mark, as /export writes it");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[tokio::test]
async fn a_coordinator_gets_the_summary_the_chart_the_csv_and_the_faq_gaps_of_a_course() {
    let app = seeded(COURSE).await;
    let summary = app.say_until(&coordinator(), "/report REP-1", "REP-1").await;
    let e = en();
    assert!(summary.starts_with(&t!(&e, "report-heading", course = "REP-1", title = "Report pilot")), "{summary}");
    for line in [
        t!(&e, "report-sessions", held = 4, total = 4, cancelled = 0, upcoming = 0, registered = 4),
        t!(&e, "report-attendance", pct = "62%"),
        t!(&e, "report-best", title = "Opening and welcome", day = 1, mean = "4.7", count = 3),
        t!(&e, "report-weakest", title = "Risk management", day = 1, mean = "1.7", count = 3),
        t!(&e, "report-certificates", qualify = 2, registered = 4, pct = "75%"),
        t!(&e, "report-evaluation-heading", done = 2, invited = 2),
        t!(&e, "report-gaps-heading", count = 5),
        t!(&e, "report-gap-filed", topic = "Is lodging arranged for participants?", count = 2),
        t!(&e, "report-gap-closest", topic = "Will I receive a certificate?", count = 1),
        t!(&e, "report-gap-none", count = 2),
        t!(&e, "report-unhelpful", topic = "Will I receive a certificate?", count = 1),
    ] {
        assert!(summary.contains(&line), "{line:?} missing from:\n{summary}");
    }
    assert!(summary.contains("“Can we go swimming on Sunday?”"), "{summary}");
    assert!(!summary.contains("parking"), "another course's question: {summary}");
    assert!(!summary.contains("Amina"), "feedback is anonymous by default: {summary}");

    let photo = upload_to(&app, "sendphoto", ".png").await;
    assert_eq!(png_width(&photo.uploads[0].bytes), 1080);

    let csv = upload_to(&app, "senddocument", ".csv").await;
    let rows = csv_rows(&csv.uploads[0].bytes);
    assert_eq!(rows.len(), 5, "a header and one row per session: {rows:?}");
    assert!(rows.iter().all(|r| r.len() == 13), "{rows:?}");
    assert_eq!(rows[0][0], "Session");
    assert_eq!(rows[0][4], "Present %");
    let risk = &rows[2];
    assert_eq!(
        &risk[..12],
        ["risk", "2021-02-09", "Risk management", "3", "75.0", "3", "1.67", "1", "2", "0", "0", "0"]
    );
    assert!(risk[12].starts_with("'=SUM"), "a formula is shown, never run: {:?}", risk[12]);
    assert!(risk[12].contains("\"really\"") && risk[12].contains("Slides unreadable"), "{:?}", risk[12]);
    assert_eq!(rows[4][5..7], ["0", ""], "no ratings: a gap, not a zero mean");

    let snippet = upload_to(&app, "senddocument", ".toml").await;
    let text = String::from_utf8(snippet.uploads[0].bytes.clone()).unwrap();
    let parsed: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let entries = parsed["faq"].as_array().unwrap();
    let by_id =
        |id: &str| entries.iter().find(|e| e["id"].as_str() == Some(id)).unwrap_or_else(|| panic!("{id}: {text}"));
    let examples = |id: &str| -> Vec<String> {
        by_id(id)["examples"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(examples("accommodation"), ["Where do I sleep at night?", "Is breakfast served where we sleep?"]);
    assert_eq!(examples("certificate"), ["Can the certificate show the number of hours?"]);
    assert_eq!(examples("new-1"), ["Can we go swimming on Sunday?"], "one skeleton per distinct question");
    assert_eq!(by_id("new-1")["question"].as_str(), Some("Can we go swimming on Sunday?"));
    assert!(!text.contains("parking"), "{text}");
}

#[tokio::test]
async fn comments_and_answers_carry_names_only_when_the_course_says_feedback_is_not_anonymous() {
    let named = COURSE.replace("certificate_min_attendance = 0.75", "anonymous_feedback = false");
    let app = seeded(&named).await;
    let summary = app.say_until(&coordinator(), "/report REP-1", "REP-1").await;
    assert!(
        summary.contains(&t!(&en(), "report-quote-named", name = "Amina Khan", text = "More case studies")),
        "{summary}"
    );
    let csv = upload_to(&app, "senddocument", ".csv").await;
    let rows = csv_rows(&csv.uploads[0].bytes);
    assert!(rows[2][12].starts_with("Amina Khan: “=SUM"), "{:?}", rows[2][12]);

    let anonymous = seeded(COURSE).await;
    let summary = anonymous.say_until(&coordinator(), "/report REP-1", "REP-1").await;
    assert!(summary.contains(&t!(&en(), "report-quote", text = "More case studies")), "{summary}");
    assert!(!summary.contains("Amina"), "{summary}");
}

#[tokio::test]
async fn an_unknown_course_or_a_missing_code_gets_a_clear_reply_and_no_files() {
    let app = spawn_app().programme(COURSE).at(after_the_course()).start().await;
    assert_eq!(app.say(&coordinator(), "/report NOPE-9").await, t!(&en(), "report-unknown-course", course = "NOPE-9"));
    assert_eq!(app.say(&coordinator(), "/report").await, t!(&en(), "report-usage"));
    app.settle().await;
    assert!(app.api.sent_to(COORDINATOR_ID).iter().all(|c| c.uploads.is_empty()));
}

#[tokio::test]
async fn the_command_line_writes_the_four_files_and_refuses_an_unknown_course_in_one_line() {
    let app = seeded(COURSE).await;
    let settings = app.settings();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("report");
    let run = |args: Vec<String>| {
        let mut cmd = binary();
        cmd.arg("report")
            .args(args)
            .env("DATABASE_URL", &settings.database_url)
            .env("CONFIG_DIR", &settings.config_dir);
        async move { tokio::time::timeout(DEADLINE, cmd.output()).await.expect("the report finishes").unwrap() }
    };
    let done = run(vec!["REP-1".into(), "--out".into(), dir.display().to_string()]).await;
    let stdout = String::from_utf8_lossy(&done.stdout);
    assert_eq!(done.status.code(), Some(0), "{}", String::from_utf8_lossy(&done.stderr));
    for name in ["sessions.csv", "chart.png", "summary.txt", "faq-suggestions.toml"] {
        assert!(stdout.contains(name), "{stdout}");
        assert!(dir.join(name).exists(), "{name}");
    }
    assert_eq!(png_width(&std::fs::read(dir.join("chart.png")).unwrap()), 1080);
    assert_eq!(csv_rows(&std::fs::read(dir.join("sessions.csv")).unwrap()).len(), 5);
    let summary = std::fs::read_to_string(dir.join("summary.txt")).unwrap();
    assert!(summary.contains("Risk management"), "{summary}");
    let snippet = std::fs::read_to_string(dir.join("faq-suggestions.toml")).unwrap();
    toml::from_str::<toml::Table>(&snippet).unwrap();

    let unknown = run(vec!["NOPE-9".into(), "--out".into(), dir.display().to_string()]).await;
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("NOPE-9"), "{stderr}");
    let usage = run(vec!["REP-1".into()]).await;
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("usage: copes-bot report COURSE --out DIR"));
}

#[tokio::test]
async fn a_forgotten_trainees_comment_leaves_the_report_while_their_rating_stays_in_the_mean() {
    let app = seeded(COURSE).await;
    // What /forgetme leaves of their feedback: the rating, with no one's name.
    sql(&app, "UPDATE feedback SET user_id = NULL WHERE user_id = ?", &[&AMINA.to_string()]).await;
    app.say_until(&coordinator(), "/report REP-1", "REP-1").await;
    let csv = upload_to(&app, "senddocument", ".csv").await;
    let rows = csv_rows(&csv.uploads[0].bytes);
    assert_eq!(rows[2][5..7], ["3", "1.67"], "the rating still counts: {:?}", rows[2]);
    assert_eq!(rows[2][12], "Slides unreadable from the back", "their comment is gone");
}

#[tokio::test]
async fn a_cancelled_session_is_counted_apart_and_leaves_a_gap_in_the_csv() {
    let app = seeded(COURSE).await;
    app.say_until(&coordinator(), "/cancelsession closing", "Closing").await;
    let summary = app.say_until(&coordinator(), "/report REP-1", "REP-1").await;
    let line = t!(&en(), "report-sessions", held = 3, total = 4, cancelled = 1, upcoming = 0, registered = 4);
    assert!(summary.contains(&line), "{line:?} missing from:\n{summary}");
    // 100, 75 and 50: the cancelled session is no zero.
    assert!(summary.contains(&t!(&en(), "report-attendance", pct = "75%")), "{summary}");
    let csv = upload_to(&app, "senddocument", ".csv").await;
    let rows = csv_rows(&csv.uploads[0].bytes);
    assert_eq!(rows[4][..5], ["closing", "2021-02-10", "Closing", "", ""]);
}
