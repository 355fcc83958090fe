//! What is kept about people, for how long, and what is left when they ask
//! to be forgotten — checked the way an auditor would: the raw bytes of the
//! database file and of its write-ahead log, and every column of every table.

use std::path::PathBuf;

use chrono::Duration;
use copes_bot::clock::Clock;

use crate::support::*;

/// The database file, as SQLite itself names it.
async fn database_file(app: &TestApp) -> PathBuf {
    let (_, _, file): (i64, String, String) =
        sqlx::query_as("PRAGMA database_list").fetch_one(app.db.pool()).await.unwrap();
    PathBuf::from(file)
}

/// Whether `needle` occurs anywhere in the database file or its -wal file.
async fn on_disk(app: &TestApp, needle: &str) -> Vec<String> {
    let db = database_file(app).await;
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    let mut found = Vec::new();
    for path in [db, wal] {
        let bytes = std::fs::read(&path).unwrap_or_default();
        if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            found.push(path.display().to_string());
        }
    }
    found
}

/// Every "table.column" holding `value` (as a whole value or inside text:
/// JSON payloads and dedupe keys carry ids too).
async fn cells_mentioning(app: &TestApp, value: &str) -> Vec<String> {
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    let mut found = Vec::new();
    for (table,) in tables {
        let columns: Vec<(String,)> = sqlx::query_as("SELECT name FROM pragma_table_info(?)")
            .bind(&table)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
        for (column,) in columns {
            let (n,): (i64,) = sqlx::query_as(&format!(
                "SELECT count(*) FROM \"{table}\" WHERE instr(CAST(\"{column}\" AS TEXT), ?) > 0"
            ))
            .bind(value)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
            if n > 0 {
                found.push(format!("{table}.{column} ({n} rows)"));
            }
        }
    }
    found
}

async fn dialogue_rows(app: &TestApp, chat: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM dialogues WHERE chat_id = ?")
        .bind(chat)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    n
}

const NAME: &str = "Zubaidah Qurratulain-Xenakis";
const QUESTION: &str = "Can I bring my cousin Yusra Qadeer-Vantongeren to Karachi?";

#[tokio::test]
async fn after_forgetme_neither_the_database_file_nor_its_log_holds_anything_of_the_person() {
    let app = spawn_app().start().await;
    let mut u = user(7_340_015_923, "Zubaidah");
    u.username = Some("zubaidah_qx_1987".into());
    let a = Answers { name: NAME, ..AYESHA };
    register(&app, &u, "CECAC-PILOT", &a).await;

    // A question nobody's FAQ covers becomes enquiry #1, relayed with their name.
    assert_eq!(app.say(&u, QUESTION).await, t!(&en(), "enquiry-opened", id = 1));
    let relay = app.api.wait_for_text(STAFF_CHAT_ID, "Enquiry #1 — ", DEADLINE).await;
    assert!(relay.text().unwrap().contains(NAME), "the relay names them");
    // A broadcast, then a reminder, both delivered.
    app.say_until(&coordinator(), "/broadcast", &t!(&en(), "broadcast-audience")).await;
    app.tap_until(&coordinator(), "bc:aud:*", &t!(&en(), "broadcast-ask-message")).await;
    app.say_until(&coordinator(), "Tea is served in the Quetzal lounge.", "Send it?").await;
    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    app.api.wait_for_text(u.id, "Quetzal lounge", DEADLINE).await;
    app.clock.set(karachi(9, 9, 15));
    assert_eq!(app.tick().await.reminders, 1);
    app.api.wait_for_text(u.id, "Reminder: Opening and welcome", DEADLINE).await;
    // A second registration left half-way: the draft holds their name again.
    app.say_until(&u, "/register", &t!(&en(), "ask-course")).await;
    assert_eq!(dialogue_rows(&app, u.id).await, 1);
    let id = u.id.to_string();
    assert!(!cells_mentioning(&app, &id).await.is_empty(), "the audit sees them before");
    assert!(!on_disk(&app, NAME).await.is_empty(), "the audit sees the name before");

    assert_eq!(app.say(&u, "/forgetme").await, t!(&en(), "forget-confirm"));
    app.tap_until(&u, "forget:yes", &t!(&en(), "forgotten")).await;

    assert_eq!(cells_mentioning(&app, &id).await, Vec::<String>::new(), "rows still naming user {id}");
    for secret in [NAME, QUESTION, "zubaidah_qx_1987"] {
        assert_eq!(on_disk(&app, secret).await, Vec::<String>::new(), "{secret:?} is still readable");
    }
    // The coordinators' side agrees: no roster line, no open enquiry.
    assert!(app.db.roster(None).await.unwrap().is_empty());
    assert_eq!(app.say(&coordinator(), "/enquiries").await, t!(&en(), "no-open-enquiries"));
}

#[tokio::test]
async fn a_place_freed_by_forgetting_goes_to_the_first_in_line_who_is_told() {
    let tiny = "[[course]]\ncode = \"TINY-1\"\ntitle = \"One place\"\nlocation = \"Room 1\"\ncapacity = 1\n";
    let app = spawn_app().programme(tiny).start().await;
    let holder = user(7101, "Holder");
    let next = user(7102, "Next");
    register(&app, &holder, "TINY-1", &AYESHA).await;
    let waiting = register(&app, &next, "TINY-1", &AYESHA).await;
    assert!(waiting.contains("waiting list (number 1)"), "{waiting}");
    app.say(&holder, "/forgetme").await;
    app.tap_until(&holder, "forget:yes", &t!(&en(), "forgotten")).await;
    app.api
        .wait_for_text(next.id, &t!(&en(), "notice-promoted", course = "TINY-1", title = "One place"), DEADLINE)
        .await;
    assert_eq!(app.db.roster(None).await.unwrap()[0].user_id, next.id);
}

#[tokio::test]
async fn mydata_shows_a_registration_left_half_way() {
    let app = spawn_app().start().await;
    let u = user(7201, "Halfway");
    app.say_until(&u, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;
    app.say_until(&u, "Nargis Halfway", &t!(&en(), "ask-administration")).await;
    app.say_until(&u, "Pakistan Customs", &t!(&en(), "ask-position")).await;

    let doc = my_data(&app, &u).await;
    assert!(doc["profile"].is_null(), "nothing confirmed yet");
    let draft = &doc["unfinished_dialogue"]["state"]["Registering"]["draft"];
    assert_eq!(draft["name"], "Nargis Halfway", "{doc:#}");
    assert_eq!(draft["administration"], "Pakistan Customs");
    assert_eq!(draft["course"], "CECAC-PILOT");
    assert!(draft["email"].is_null());
    assert!(doc["unfinished_dialogue"]["last_activity"].is_string());

    // The dialogue carries on where it was, and once done there is none.
    app.say_until(&u, "Inspector", &t!(&en(), "ask-email")).await;
    app.say_until(&u, "nargis@fbr.gov.pk", "Please check").await;
    app.tap_until(&u, "reg:confirm", "You are registered").await;
    assert!(my_data(&app, &u).await["unfinished_dialogue"].is_null());
}

#[tokio::test]
async fn a_dialogue_idle_for_thirty_days_is_over() {
    let app = spawn_app().start().await;
    let u = user(7301, "Slow");
    app.say_until(&u, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;
    app.say_until(&u, "Sadia Slow", &t!(&en(), "ask-administration")).await;
    // 29 days later the registration is still where it was.
    app.clock.advance(Duration::days(29));
    app.say_until(&u, "Pakistan Customs", &t!(&en(), "ask-position")).await;
    // 30 days and a minute after that, it is gone: the answer is just a message.
    app.clock.advance(Duration::days(30) + Duration::minutes(1));
    let reply = app.say(&u, "Inspector").await;
    assert_ne!(reply, t!(&en(), "ask-email"));
    let (drafts,): (i64,) = sqlx::query_as("SELECT count(*) FROM dialogues WHERE state LIKE '%Sadia%'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(drafts, 0, "the draft is deleted");
    assert!(my_data(&app, &u).await["unfinished_dialogue"].is_null());
    assert_eq!(app.say(&u, "/cancel").await, t!(&en(), "nothing-to-cancel"));
}

#[tokio::test]
async fn the_scheduler_deletes_dialogues_idle_for_thirty_days() {
    let app = spawn_app().start().await;
    let old = user(7401, "Old");
    let recent = user(7402, "Recent");
    app.say_until(&old, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;
    app.say_until(&old, "Omar Oldham", &t!(&en(), "ask-administration")).await;
    app.clock.advance(Duration::days(20));
    app.say_until(&recent, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;
    app.say_until(&recent, "Rida Recent", &t!(&en(), "ask-administration")).await;

    app.clock.advance(Duration::days(10) - Duration::minutes(1));
    app.tick().await;
    assert_eq!((dialogue_rows(&app, old.id).await, dialogue_rows(&app, recent.id).await), (1, 1), "30 days not yet");
    app.clock.advance(Duration::minutes(2));
    app.tick().await;
    assert_eq!(dialogue_rows(&app, old.id).await, 0, "idle over 30 days: deleted");
    assert_eq!(dialogue_rows(&app, recent.id).await, 1);
    app.say_until(&recent, "Pakistan Customs", &t!(&en(), "ask-position")).await;
}

/// The programme without its first session.
fn without_opening() -> String {
    let start = ONE_DAY.find("[[course.session]]\nid = \"open\"").unwrap();
    let end = ONE_DAY.find("[[course.session]]\nid = \"risk\"").unwrap();
    format!("{}{}", &ONE_DAY[..start], &ONE_DAY[end..])
}

#[tokio::test]
async fn a_session_removed_by_reload_is_announced_and_its_queued_reminder_never_comes() {
    let app = spawn_app().programme(ONE_DAY).start().await;
    let u = user(7501, "Trainee");
    register(&app, &u, "DAY-1", &AYESHA).await;
    // No digest in the way: the one message queued is the reminder.
    app.say(&u, "/digest 20:00").await;
    // The reminder is queued; Telegram fails it once, so it waits for a retry.
    app.api.fail_next("sendmessage", Some(u.id), Fault::ServerError(502), 1);
    app.clock.set(karachi(9, 9, 15));
    assert_eq!(app.tick().await.reminders, 1);
    app.api
        .wait_for_call("the failed reminder", DEADLINE, |c| {
            c.response_status == 502
                && c.chat_id() == Some(u.id)
                && c.text().is_some_and(|t| t.starts_with("Reminder: Opening"))
        })
        .await;

    std::fs::write(app.config_dir.join("programme.toml"), without_opening()).unwrap();
    let report = app.say(&coordinator(), "/reload").await;
    assert!(report.contains("Sessions: removed 1 (open)"), "{report}");
    let removed =
        "Removed from the programme: \"Opening and welcome\" on Tuesday 9 February, 09:30 will not take place.";
    app.api.wait_for_text(u.id, removed, DEADLINE).await;

    // Past the retry's moment, and a later message to the same person has
    // gone out: the reminder would have been sent before it.
    app.clock.set(karachi(9, 9, 17));
    assert_eq!(app.tick().await.reminders, 0, "nothing to remind of any more");
    app.say_until(&coordinator(), "/broadcast", &t!(&en(), "broadcast-audience")).await;
    app.tap_until(&coordinator(), "bc:aud:DAY-1", &t!(&en(), "broadcast-ask-message")).await;
    app.say_until(&coordinator(), "Lunch is at 13:00.", "Send it?").await;
    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    app.api.wait_for_text(u.id, "Lunch is at 13:00.", DEADLINE).await;
    assert!(!app.api.texts_to(u.id).iter().any(|t| t.starts_with("Reminder:")), "{:?}", app.api.texts_to(u.id));
    let schedule = app.say(&u, "/schedule").await;
    assert!(schedule.contains("Risk management") && !schedule.contains("Opening"), "{schedule}");
}

#[tokio::test]
async fn a_session_removed_while_the_bot_was_stopped_is_announced_at_start_up() {
    let mut app = spawn_app().programme(ONE_DAY).start().await;
    let u = user(7502, "Trainee");
    register(&app, &u, "DAY-1", &AYESHA).await;
    app.stop().await;
    std::fs::write(app.config_dir.join("programme.toml"), without_opening()).unwrap();
    app.start_again().await;
    app.api.wait_for_text(u.id, "Removed from the programme: \"Opening and welcome\"", DEADLINE).await;
    app.clock.set(karachi(9, 9, 15));
    assert_eq!(app.tick().await.reminders, 0);
    // A session already over when it leaves the file is not announced.
    app.clock.set(karachi(9, 13, 0));
    std::fs::write(app.config_dir.join("programme.toml"), ONE_DAY.split("[[course.session]]").next().unwrap()).unwrap();
    let report = app.say(&coordinator(), "/reload").await;
    assert!(report.contains("removed 1 (risk)"), "{report}");
    // The import logged no change for it, so the scheduler has nothing to announce.
    let (logged,): (i64,) = sqlx::query_as("SELECT count(*) FROM session_changes WHERE session_id = 'risk'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(logged, 0);
    app.settle().await;
    assert!(!app.api.texts_to(u.id).iter().any(|t| t.contains("\"Risk management\"")));
}

const LONG_ID: &str = "how-do-i-claim-my-daily-subsistence-allowance-after-the-cours"; // 61

fn faq_with_id(id: &str) -> String {
    format!(
        "[[faq]]\nid = \"{id}\"\nquestion = \"How do I claim my allowance?\"\nkeywords = [\"allowance\"]\nanswer = \"At the desk.\"\n"
    )
}

#[tokio::test]
async fn check_refuses_a_faq_id_too_long_for_a_button() {
    assert_eq!(LONG_ID.len(), 61);
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    for name in ["bot.toml", "programme.toml"] {
        std::fs::copy(shipped.join(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("faq.toml"), faq_with_id(LONG_ID)).unwrap();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_copes-bot"))
        .arg("check")
        .env_clear()
        .env("CONFIG_DIR", dir.path())
        .current_dir(dir.path())
        .output();
    let out = tokio::time::timeout(DEADLINE, out).await.expect("check finishes").unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("faq.toml") && stderr.contains("faq[0].id") && stderr.contains("1–60"), "{stderr}");
}

#[tokio::test]
async fn the_longest_faq_id_still_fits_its_button() {
    let id = &LONG_ID[..60];
    let app = spawn_app().faq(&faq_with_id(id)).start().await;
    let u = user(7601, "Reader");
    assert_eq!(app.say(&u, "/faq").await, t!(&en(), "faq-topics"));
    let markup = app.api.sent_to(u.id).pop().unwrap().body["reply_markup"].clone();
    let data: Vec<String> = markup["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().iter())
        .map(|b| b["callback_data"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(data, [format!("faq:{id}")]);
    assert!(data.iter().all(|d| d.len() <= 64));
    app.tap_until(&u, &data[0], "At the desk.").await;
}

#[tokio::test]
async fn forgetting_keeps_only_bare_ids_of_the_updates_they_sent_so_far() {
    let app = spawn_app().start().await;
    let who = 7_701_i64;
    let now = app.clock.now();
    let stamp = copes_bot::db::ts(now);
    let payload =
        |id: i64| format!(r#"{{"update_id":{id},"message":{{"from":{{"id":{who},"first_name":"Wafa Inboxwala"}}}}}}"#);
    // Handled before, being handled (the tap on "Yes, delete"), and one sent
    // after it that is still to be handled.
    for (id, state, body) in [
        (900, "done", None),
        (901, "done", Some(payload(901))),
        (902, "pending", Some(payload(902))),
        (903, "pending", Some(payload(903))),
    ] {
        sqlx::query("INSERT INTO inbox (update_id, user_id, payload, state, received_at) VALUES (?, ?, ?, ?, ?)")
            .bind(id)
            .bind(who)
            .bind(body)
            .bind(state)
            .bind(&stamp)
            .execute(app.db.pool())
            .await
            .unwrap();
    }
    app.db.forget(who, Some(902), now).await.unwrap();
    let rows: Vec<(i64, Option<i64>, Option<String>, String)> = sqlx::query_as(
        "SELECT update_id, user_id, payload, state FROM inbox WHERE update_id >= 900 ORDER BY update_id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    for (id, user_id, payload, state) in &rows[..3] {
        assert_eq!((user_id, payload, state.as_str()), (&None, &None, "done"), "update {id}: only its id is kept");
    }
    assert_eq!(rows[3], (903, Some(who), Some(payload(903)), "pending".to_owned()), "a later message is still handled");
}

#[tokio::test]
async fn mydata_shows_attendance_ratings_and_comments_and_forgetme_keeps_only_an_anonymous_rating() {
    use copes_bot::domain::lesson::AttendanceMethod;
    use copes_bot::domain::SessionId;

    let app = spawn_app().start().await;
    let u = user(7_340_015_977, "Rated");
    register(&app, &u, "CECAC-PILOT", &AYESHA).await;
    let t = karachi(9, 9, 35);
    let opening = SessionId::parse("d1-opening").unwrap();
    app.db.record_attendance(&opening, u.id, true, AttendanceMethod::Button, None, t).await.unwrap();
    let comment = "The Xylographic-Quokka exercise ran far too long";
    let evaluation_text = "More on Zanzibar-Quillwort risk profiling, please";
    let pool = app.db.pool();
    sqlx::query(
        "INSERT INTO feedback (session_id, user_id, state, asked_at, rating, rated_at, comment) \
         VALUES ('d1-opening', ?, 'done', '2021-02-09T11:00:00Z', 4, '2021-02-09T11:05:00Z', ?)",
    )
    .bind(u.id)
    .bind(comment)
    .execute(pool)
    .await
    .unwrap();
    let (evaluation,): (i64,) = sqlx::query_as(
        "INSERT INTO evaluations (course_code, user_id, state, invited_at) \
         VALUES ('CECAC-PILOT', ?, 'done', '2021-02-19T17:00:00Z') RETURNING id",
    )
    .bind(u.id)
    .fetch_one(pool)
    .await
    .unwrap();
    for (q, rating, body) in [("overall", Some(5), None), ("improve", None, Some(evaluation_text))] {
        sqlx::query(
            "INSERT INTO evaluation_answers (evaluation_id, question_id, rating, body, answered_at) \
             VALUES (?, ?, ?, ?, '2021-02-19T17:10:00Z')",
        )
        .bind(evaluation)
        .bind(q)
        .bind(rating)
        .bind(body)
        .execute(pool)
        .await
        .unwrap();
    }

    let doc = my_data(&app, &u).await;
    assert_eq!(doc["attendance"]["sessions"][0]["session"], "d1-opening");
    assert_eq!(doc["attendance"]["sessions"][0]["present"], true);
    assert_eq!(doc["attendance"]["changes_logged"], 1);
    assert_eq!(doc["session_feedback"][0]["rating"], 4);
    assert_eq!(doc["session_feedback"][0]["comment"], comment);
    let answers = doc["course_evaluations"][0]["answers"].as_array().unwrap();
    assert!(answers.iter().any(|a| a["text"] == evaluation_text), "{answers:?}");

    app.say(&u, "/forgetme").await;
    app.tap_until(&u, "forget:yes", &t!(&en(), "forgotten")).await;
    let id = u.id.to_string();
    assert_eq!(cells_mentioning(&app, &id).await, Vec::<String>::new(), "rows still naming user {id}");
    for secret in [comment, evaluation_text] {
        assert_eq!(on_disk(&app, secret).await, Vec::<String>::new(), "{secret:?} is still readable");
    }
    // The ratings still count, without anyone behind them.
    let ratings: Vec<(Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT user_id, rating FROM feedback").fetch_all(pool).await.unwrap();
    assert_eq!(ratings, vec![(None, Some(4))]);
    let kept: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT question_id, rating FROM evaluation_answers").fetch_all(pool).await.unwrap();
    assert_eq!(kept, vec![("overall".to_owned(), Some(5))]);
}
