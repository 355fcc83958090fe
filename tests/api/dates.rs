//! Dates a coordinator types, and stored times that cannot be trusted: a
//! date outside the years the bot keeps is refused at the edge, the
//! database refuses an instant of the wrong width, and a stored value that
//! cannot be read is reported and skipped, never a crash loop.

use std::borrow::Cow;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use copes_bot::app::App;
use copes_bot::clock::{Clock, ManualClock};
use copes_bot::config::Config;
use copes_bot::db::Db;
use copes_bot::domain::{LocalDateTime, Zone};
use copes_bot::i18n::coordinator as render;
use copes_bot::settings::Settings;
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;

use crate::support::fake_api::TOKEN;
use crate::support::*;

/// Short enough that /schedule is one message.
const TWO_COURSES: &str = r#"
[[course]]
code = "CECAC-PILOT"
title = "CECAC pilot course"
timezone = "Asia/Karachi"
location = "Customs Training Centre, Karachi"
capacity = 25

[[course.session]]
id = "d1-opening"
starts = 2021-02-09T09:30:00
minutes = 60
title = "Opening and welcome"
room = "Hall A"

[[course.session]]
id = "d1-copes-programme"
starts = 2021-02-09T10:45:00
minutes = 60
title = "Presentation of the COPES Programme"

[[course]]
code = "CECAC-2"
title = "Second cohort"
timezone = "Asia/Karachi"
location = "Islamabad"
capacity = 25

[[course.session]]
id = "c2-d1-opening"
starts = 2021-04-05T09:30:00
minutes = 60
title = "The second cohort opens"
"#;

/// d1-opening as programme.toml has it: 09:30 in Karachi.
fn opening_as_shipped() -> DateTime<Utc> {
    karachi(9, 9, 30)
}

async fn stored_start(db: &Db, id: &str) -> String {
    let (s,): (String,) =
        sqlx::query_as("SELECT starts_at FROM sessions WHERE id = ?").bind(id).fetch_one(db.pool()).await.unwrap();
    s
}

#[tokio::test]
async fn a_move_to_a_date_that_is_out_of_range_or_does_not_exist_is_refused_and_changes_nothing() {
    let mut app = spawn_app().programme(TWO_COURSES).start().await;
    let trainee = user(9101, "Trainee");
    seed(&app.db, "CECAC-PILOT", [trainee.id]).await;
    let schedule_before = app.say_until(&trainee, "/schedule", "CECAC-PILOT — ").await;

    for (typed, why) in [
        ("+10000-01-01 09:00", "must be in a year from 2000 to 2100, written with four digits"),
        ("-0001-01-01 09:00", "must be in a year from 2000 to 2100, written with four digits"),
        ("2101-01-01 09:00", "must be in a year from 2000 to 2100, written with four digits"),
        ("21-02-09 9:30", "must be in a year from 2000 to 2100, written with four digits"),
        ("2021-02-30 09:00", "is not a real date (check the month and the day)"),
        ("2021-02-09 25:00", "must have a time of day as HH:MM on a 24-hour clock"),
        ("2021-2-9 09:30", "must be a date and time as YYYY-MM-DD HH:MM"),
    ] {
        let reply = app.say(&coordinator(), &format!("/move d1-opening {typed}")).await;
        assert_eq!(reply, render::bad_move_time(&en(), typed), "{typed}");
        assert!(reply.starts_with(&format!("Nothing was changed: \"{typed}\" {why}.")), "{reply}");
        assert!(reply.contains("/move SESSION-ID YYYY-MM-DD HH:MM"), "the accepted form: {reply}");
    }

    assert_eq!(app.db.session("d1-opening").await.unwrap().unwrap().starts_at, opening_as_shipped());
    assert_eq!(app.tick().await.change_notices, 0, "nobody is told of a change that did not happen");
    assert_eq!(app.say_until(&trainee, "/schedule", "CECAC-PILOT — ").await, schedule_before);
    app.say_until(&coordinator(), "/reload", "Reloaded").await;
    app.restart().await;
    assert_eq!(app.say_until(&trainee, "/schedule", "CECAC-PILOT — ").await, schedule_before);
    assert!(!app.api.texts_to(trainee.id).iter().any(|t| t.contains("Programme change")));

    // The edges of the range are dates like any other.
    let done = app.say_until(&coordinator(), "/move d1-opening 2100-12-31 23:59", "Done").await;
    assert!(done.contains("23:59"), "{done}");
    assert_eq!(stored_start(&app.db, "d1-opening").await, "2100-12-31T18:59:00.000Z");
    app.api.wait_for_text(trainee.id, "Programme change", DEADLINE).await;
    app.restart().await;
    app.say_until(&trainee, "/schedule", "Friday 31 December 2100").await;
}

const BRUSSELS: &str = r#"
[[course]]
code = "BXL-1"
title = "Brussels seminar"
timezone = "Europe/Brussels"
location = "WCO headquarters"
capacity = 10

[[course.session]]
id = "spring"
starts = 2021-03-26T09:00:00
minutes = 60
title = "Before the clocks change"
"#;

#[tokio::test]
async fn a_move_into_the_hour_the_clocks_skip_is_refused_and_changes_nothing() {
    let app = spawn_app().programme(BRUSSELS).at(Utc.with_ymd_and_hms(2021, 3, 20, 12, 0, 0).unwrap()).start().await;
    let before = app.db.session("spring").await.unwrap().unwrap();
    let reply = app.say(&coordinator(), "/move spring 2021-03-28 02:30").await;
    assert_eq!(
        reply,
        render::move_gap(
            &en(),
            LocalDateTime::parse("2021-03-28 02:30").unwrap(),
            Zone::parse("Europe/Brussels").unwrap()
        )
    );
    assert_eq!(app.db.session("spring").await.unwrap().unwrap(), before);
    assert_eq!(app.tick().await.change_notices, 0);
}

/// The coordinator's side of a broadcast, up to the time question.
async fn compose_and_schedule(app: &TestApp, message: &str) {
    app.say_until(&coordinator(), "/broadcast", &t!(&en(), "broadcast-audience")).await;
    app.tap_until(&coordinator(), "bc:aud:*", &t!(&en(), "broadcast-ask-message")).await;
    app.say_until(&coordinator(), message, "Send it?").await;
    app.tap_until(&coordinator(), "bc:schedule", "When?").await;
}

#[tokio::test]
async fn a_broadcast_scheduled_outside_the_years_is_refused_and_never_goes_out() {
    let app = spawn_app().at(karachi(8, 12, 0)).start().await;
    seed(&app.db, "CECAC-PILOT", [9201]).await;
    compose_and_schedule(&app, "See you in ten thousand years.").await;
    for (typed, why) in [
        ("+10000-01-01 09:00", "must be in a year from 2000 to 2100"),
        ("-0001-01-01 09:00", "must be in a year from 2000 to 2100"),
        ("2101-01-01 09:00", "must be in a year from 2000 to 2100"),
        ("21-02-09 9:30", "must be in a year from 2000 to 2100"),
        ("2021-02-30 09:00", "is not a real date"),
        ("2021-02-09 9h30", "must have a time of day as HH:MM on a 24-hour clock"),
        ("2021-02-08 11:00", "is not in the future"),
    ] {
        let reply = app.say(&coordinator(), typed).await;
        assert_eq!(reply, render::broadcast_bad_time(&en(), typed, Zone::parse("Asia/Karachi").unwrap()), "{typed}");
        assert!(reply.starts_with(&format!("\"{typed}\" {why}")), "{reply}");
        assert!(reply.contains("YYYY-MM-DD HH:MM"), "{reply}");
    }
    assert_eq!(app.say(&coordinator(), "/broadcasts").await, t!(&en(), "broadcasts-none"));
    assert_eq!(app.tick().await.broadcast_messages, 0);

    // Still asking: a good time is taken.
    let ok = app.say(&coordinator(), "2100-12-31 23:59").await;
    assert!(ok.contains("scheduled for Friday 31 December 2100, 23:59 (Asia/Karachi)"), "{ok}");
    assert_eq!(app.tick().await.broadcast_messages, 0, "not before its time");
    app.say(&user(9201, "P"), "/help").await;
    assert!(!app.api.texts_to(9201).iter().any(|t| t.contains("ten thousand years")));
}

#[tokio::test]
async fn the_database_refuses_an_instant_that_is_not_yyyy_mm_dd_thh_mm_ss_mmm_z() {
    let app = spawn_app().start().await;
    let refused = |r: Result<sqlx::sqlite::SqliteQueryResult, sqlx::Error>, what: &str| {
        let e = r.expect_err(what).to_string();
        assert!(e.contains("CHECK constraint failed"), "{what}: {e}");
    };
    let pool = app.db.pool();
    for bad in ["+10000-01-01T04:00:00.000Z", "-0001-01-01T04:00:00.000Z", "2021-02-09T04:30:00Z", "2021-02-09 04:30"] {
        refused(
            sqlx::query("UPDATE sessions SET starts_at = ? WHERE id = 'd1-opening'").bind(bad).execute(pool).await,
            &format!("sessions.starts_at = {bad}"),
        );
        refused(
            sqlx::query(
                "INSERT INTO outbox (dedupe_key, chat_id, kind, payload, next_attempt_at, created_at) \
                 VALUES ('k', 1, 'digest', '{}', ?, '2021-02-09T03:00:00.000Z')",
            )
            .bind(bad)
            .execute(pool)
            .await,
            &format!("outbox.next_attempt_at = {bad}"),
        );
        refused(
            sqlx::query(
                "INSERT INTO broadcasts (created_by, payload, state, send_at, created_at) \
                 VALUES (1, '{}', 'scheduled', ?, '2021-02-09T03:00:00.000Z')",
            )
            .bind(bad)
            .execute(pool)
            .await,
            &format!("broadcasts.send_at = {bad}"),
        );
    }
    refused(
        sqlx::query("UPDATE sessions SET starts_local = '+10000-01-01T09:00:00' WHERE id = 'd1-opening'")
            .execute(pool)
            .await,
        "sessions.starts_local",
    );
    assert_eq!(stored_start(&app.db, "d1-opening").await, "2021-02-09T04:30:00.000Z");
}

#[tokio::test]
async fn a_stored_time_that_cannot_be_read_is_skipped_and_reload_and_restart_still_work() {
    let mut app = spawn_app().programme(TWO_COURSES).start().await;
    let trainee = user(9301, "Trainee");
    let visitor = user(9302, "Visitor");
    // The app's own first tick comes and goes before the trainee exists, so
    // the digest below is queued by this test's tick, over the bad row.
    tokio::time::timeout(DEADLINE, async {
        while app.db.state_value("last_tick").await.unwrap().is_none() {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the app's first scheduler tick");
    seed(&app.db, "CECAC-PILOT", [trainee.id]).await;
    let corrupt = |db: Db| async move {
        // Passes the CHECK (digits where digits go) but is no date.
        sqlx::query("UPDATE sessions SET starts_at = '2021-19-39T09:00:00.000Z' WHERE id = 'd1-opening'")
            .execute(db.pool())
            .await
            .unwrap();
        sqlx::query("UPDATE courses SET timezone = 'Mars/Olympus' WHERE code = 'CECAC-2'")
            .execute(db.pool())
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO scheduler_state (key, value) VALUES ('last_tick', 'yesterday') \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )
        .execute(db.pool())
        .await
        .unwrap();
    };
    corrupt(app.db.clone()).await;

    let schedule = app.say_until(&trainee, "/schedule", "CECAC-PILOT — ").await;
    assert!(schedule.contains("Presentation of the COPES Programme"), "{schedule}");
    assert!(!schedule.contains("Opening and welcome"), "the unreadable session is left out: {schedule}");
    let today = app.say_until(&trainee, "/today", "Today, ").await;
    assert!(today.contains("Presentation of the COPES Programme") && !today.contains("Opening"), "{today}");
    let next = app.say_until(&trainee, "/next", "Next session").await;
    assert!(next.contains("Presentation of the COPES Programme"), "{next}");
    let everything = app.say_until(&visitor, "/schedule", &t!(&en(), "not-registered-showing-all")).await;
    assert!(everything.contains("Presentation of the COPES Programme"), "{everything}");
    assert!(!everything.contains("CECAC-2"), "the course with an unknown zone is left out: {everything}");
    assert_eq!(app.tick().await.digests, 1, "the scheduler still runs");
    let digest = app.api.wait_for_text(trainee.id, "Your sessions today", DEADLINE).await;
    assert!(!digest.text().unwrap().contains("Opening"), "{:?}", digest.text());

    // A reload puts the file's definition back.
    let reload = app.say(&coordinator(), "/reload").await;
    assert!(reload.contains("Courses: changed 1 (CECAC-2)"), "{reload}");
    assert!(reload.contains("Sessions: changed 1 (d1-opening)"), "{reload}");
    app.say_until(&trainee, "/schedule", "09:30–10:30  Opening and welcome").await;
    app.say_until(&visitor, "/schedule", "CECAC-2 — Second cohort").await;

    // So does the import at start-up.
    corrupt(app.db.clone()).await;
    app.restart().await;
    assert_eq!(stored_start(&app.db, "d1-opening").await, "2021-02-09T04:30:00.000Z");
    app.say_until(&trainee, "/schedule", "09:30–10:30  Opening and welcome").await;
    app.say_until(&visitor, "/schedule", "CECAC-2 — Second cohort").await;
    app.clock.set(karachi(9, 9, 15));
    assert_eq!(app.tick().await.reminders, 1, "the restored session is reminded of");
    app.api.wait_for_text(trainee.id, "Reminder: Opening and welcome starts in 15 min", DEADLINE).await;
}

#[tokio::test]
async fn a_database_holding_out_of_range_times_from_an_older_version_is_repaired_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("old.db").display());

    // The schema as it was before the CHECK constraints: the first three migrations.
    let all = sqlx::migrate!();
    let before_checks = Migrator { migrations: Cow::Owned(all.migrations[..3].to_vec()), ..Migrator::DEFAULT };
    let pool = sqlx::SqlitePool::connect_with(SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true))
        .await
        .unwrap();
    before_checks.run(&pool).await.unwrap();
    let then = "2021-02-08T07:00:00.000Z";
    for sql in [
        "INSERT INTO courses (code, title, timezone, location, enrolment, capacity, updated_at) \
         VALUES ('CECAC-PILOT', 'CECAC pilot course for Assistant Collectors', 'Asia/Karachi', \
                 'Customs Training Centre, Karachi', 'open', 25, ?1)",
        // Moved by `/move d1-opening +10000-01-01 09:00`; the file's
        // definition is unchanged, so an import alone would keep the move.
        r#"INSERT INTO sessions (id, course_code, starts_local, starts_at, minutes, title, speaker, room,
                                 updated_at, imported)
           VALUES ('d1-opening', 'CECAC-PILOT', '+10000-01-01T09:00:00', '+10000-01-01T04:00:00.000Z', 60,
                   'Opening and welcome', 'FBR Member Customs (Operations)', 'Hall A', ?1,
                   '["CECAC-PILOT","2021-02-09T09:30:00","Asia/Karachi",60,"Opening and welcome",'
                   || '"FBR Member Customs (Operations)","Hall A"]')"#,
        "INSERT INTO people (user_id, full_name, created_at, updated_at) VALUES (9401, 'Seeded', ?1, ?1)",
        "INSERT INTO registrations (user_id, course_code, status, created_at, registered_at, updated_at) \
         VALUES (9401, 'CECAC-PILOT', 'registered', ?1, ?1, ?1)",
        r#"INSERT INTO broadcasts (id, created_by, payload, state, send_at, created_at)
           VALUES (1, 111111111, '{"type":"text","parts":["From the far future"]}', 'scheduled',
                   '+10000-01-01T04:00:00.000Z', ?1)"#,
        r#"INSERT INTO outbox (id, dedupe_key, chat_id, kind, payload, next_attempt_at, created_at)
           VALUES (1, 'digest:9401:2021-02-08', 9401, 'digest', '{"type":"text","parts":["Held forever"]}',
                   '-0001-01-01T00:00:00.000Z', ?1)"#,
    ] {
        sqlx::query(sql).bind(then).execute(&pool).await.unwrap();
    }
    pool.close().await;

    // Start-up: the remaining migration, then the import of programme.toml.
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let settings = Settings {
        token: TOKEN.to_owned(),
        api_url: None,
        database_url: url.clone(),
        config_dir: shipped.clone(),
        http: Default::default(),
    };
    let clock = ManualClock::new(pilot_morning());
    let app = App::build(&settings, Config::load(&shipped).unwrap(), Arc::new(clock.clone()))
        .await
        .expect("an old database with bad times opens");
    let db = app.db();

    let opening = db.session("d1-opening").await.unwrap().expect("restored from programme.toml");
    assert_eq!(opening.starts_at, opening_as_shipped());
    assert_eq!(stored_start(db, "d1-opening").await, "2021-02-09T04:30:00.000Z");

    let broadcast = db.broadcast(1).await.unwrap().unwrap();
    assert_eq!(broadcast.state.as_str(), "cancelled");
    let (state, reason): (String, Option<String>) =
        sqlx::query_as("SELECT state, last_error FROM outbox WHERE id = 1").fetch_one(db.pool()).await.unwrap();
    assert_eq!((state.as_str(), reason.as_deref()), ("dropped", Some("an unreadable time was stored for it")));

    let config = Config::load(&shipped).unwrap();
    let tick = copes_bot::notify::scheduler::tick(db, &config.bot, clock.now()).await.unwrap();
    assert_eq!(tick.broadcast_messages, 0, "the cancelled broadcast is not sent");
    let (pending,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM outbox WHERE state = 'pending' AND payload LIKE '%far future%'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(pending, 0);
}
