//! The binary as an operator runs it, and start-up under failure.

use std::path::Path;

use tokio::process::Command;

use crate::support::fake_api::{Call, TOKEN};
use crate::support::*;

/// The shipped configuration, for the tests that are about it (and do not
/// depend on the time of day); the others write their own with
/// `binary_config`.
fn shipped_config() -> String {
    shipped_config_dir().display().to_string()
}

async fn output(cmd: &mut Command) -> (i32, String, String) {
    let out = tokio::time::timeout(DEADLINE, cmd.output()).await.expect("the binary finishes").unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[tokio::test]
async fn a_missing_token_is_one_clear_line_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let config = binary_config(dir.path(), chrono::Utc::now());
    let (code, stdout, stderr) = output(binary().current_dir(dir.path()).env("CONFIG_DIR", config)).await;
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("TELOXIDE_TOKEN is not set"), "{stderr}");
    assert!(!dir.path().join("data").exists(), "nothing was created");
}

#[tokio::test]
async fn the_token_can_come_from_a_dot_env_file() {
    let dir = tempfile::tempdir().unwrap();
    // A token from .env gets past the token check; the bad config dir then stops it.
    std::fs::write(dir.path().join(".env"), "TELOXIDE_TOKEN=123:abc\nCONFIG_DIR=/nonexistent\n").unwrap();
    let (code, _, stderr) = output(binary().current_dir(dir.path())).await;
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent/bot.toml"), "{stderr}");
    assert!(!stderr.contains("TELOXIDE_TOKEN"), "{stderr}");
}

#[tokio::test]
async fn check_validates_the_shipped_configuration_without_a_token() {
    let (code, stdout, stderr) = output(binary().arg("check").env("CONFIG_DIR", shipped_config())).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("Configuration OK: COPES — CECAC Project"), "{stdout}");
    assert!(
        stdout.contains("CECAC-PILOT: ")
            && stdout.contains("2021-02-09 to 2021-02-19 (Asia/Karachi), capacity 25, enrolment open"),
        "{stdout}"
    );
    assert!(stdout.contains("CECAC-2: ") && stdout.contains("enrolment invite"), "{stdout}");
    assert!(
        stdout.contains("FAQ entries") && stdout.contains("1 coordinator(s), staff chat -1001234567890"),
        "{stdout}"
    );
}

#[tokio::test]
async fn check_names_the_faq_entries_without_examples() {
    let (_, stdout, _) = output(binary().arg("check").env("CONFIG_DIR", shipped_config())).await;
    assert!(!stdout.contains("without examples"), "every shipped entry has examples: {stdout}");

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    for name in ["bot.toml", "programme.toml"] {
        std::fs::copy(Path::new(&shipped_config()).join(name), config.join(name)).unwrap();
    }
    std::fs::write(
        config.join("faq.toml"),
        "[[faq]]\nid = \"wifi\"\nquestion = \"Is there Wi-Fi?\"\nanswer = \"Yes.\"\n\n\
         [[faq]]\nid = \"venue\"\nquestion = \"Where is it?\"\nanswer = \"Hall A.\"\nexamples = [\"which building\"]\n",
    )
    .unwrap();
    let (code, stdout, stderr) = output(binary().arg("check").env("CONFIG_DIR", &config)).await;
    assert_eq!(code, 0, "a note, not an error: {stderr}");
    assert!(stdout.contains("note: 1 FAQ entry without examples (questions as people ask them): wifi\n"), "{stdout}");
}

/// Each kind of bad file, and what the one-line message must name.
const BAD_FILES: &[(&str, &str, &str, &str)] = &[
    (
        "bot.toml",
        "timezone = \"Asia/Karachi\"",
        "timezone = \"Asia/Karachy\"",
        "bot.toml: programme.timezone: is not an IANA time zone",
    ),
    ("bot.toml", "[telegram]", "[telegram]\nspeed = 3", "bot.toml: telegram.speed: unknown field `speed`"),
    ("bot.toml", "lead_minutes = 15", "lead_minutes = \"soon\"", "bot.toml: reminders.lead_minutes: invalid type"),
    (
        "bot.toml",
        "daily_digest = \"07:00\"",
        "daily_digest = \"7 am\"",
        "bot.toml: reminders.daily_digest: must be a time of day",
    ),
    ("bot.toml", "user_ids = [", "user_ids = [-5, ", "bot.toml: coordinators.user_ids: -5 is not a Telegram user id"),
    ("programme.toml", "starts = 2021-02-09T09:30:00", "starts = 2021-02-31T09:30:00", "programme.toml: starts (line "),
    (
        "programme.toml",
        "enrolment = \"open\"",
        "enrolment = \"public\"",
        "programme.toml: course[0].enrolment: must be \"open\" or \"invite\"",
    ),
    (
        "programme.toml",
        "code = \"CECAC-PILOT\"",
        "code = \"CECAC PILOT\"",
        "programme.toml: course[0].code: must be 3–32 characters",
    ),
    ("programme.toml", "capacity = 25", "capacity = -1", "programme.toml: course[0].capacity: must be zero or more"),
    ("faq.toml", "[[faq]]", "[[faq]\n", "faq.toml: line "),
    (
        "programme.toml",
        "starts = 2021-02-09T09:30:00",
        "starts = 2021-02-09T09:30:00+05:00",
        "course[0].session[0].starts: must be a local date and time without an offset",
    ),
    ("faq.toml", "id = \"what-is-copes\"", "id = \"What is COPES?\"", "faq.toml: faq[0].id: must be 1–60 characters"),
];

#[tokio::test]
async fn a_bad_configuration_file_stops_start_up_naming_the_file_and_the_key() {
    for (file, from, to, expected) in BAD_FILES {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        std::fs::create_dir(&config).unwrap();
        for name in ["bot.toml", "programme.toml", "faq.toml"] {
            std::fs::copy(Path::new(&shipped_config()).join(name), config.join(name)).unwrap();
        }
        let path = config.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "the shipped {file} no longer contains {from:?}; update this test");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();

        let (code, _, stderr) = output(binary().arg("check").env("CONFIG_DIR", &config)).await;
        assert_eq!(code, 2, "{file}: {to}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(expected), "{to:?} → {stderr}");

        // Running the bot stops the same way, before touching the database.
        let db = dir.path().join("db/bot.db");
        let (code, _, stderr) = output(
            binary()
                .env("CONFIG_DIR", &config)
                .env("TELOXIDE_TOKEN", "1:x")
                .env("DATABASE_URL", format!("sqlite://{}", db.display())),
        )
        .await;
        assert_eq!(code, 2);
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!db.exists());
    }
}

#[tokio::test]
async fn the_binary_serves_and_stops_on_sigterm_with_exit_code_0_and_never_logs_the_token() {
    let api = FakeApi::start().await;
    api.set_rate_limits(Some(30), Some(1));
    let dir = tempfile::tempdir().unwrap();
    let started = chrono::Utc::now();
    let config = binary_config(dir.path(), started);
    let db = dir.path().join("nested/folder/bot.db");
    // The log goes to a file: a pipe nobody reads would fill and stall the bot.
    let log_path = dir.path().join("bot.log");
    let mut child = bot_process(&api.url(), &format!("sqlite://{}", db.display()), &config)
        .stderr(std::fs::File::create(&log_path).unwrap())
        .env("RUST_LOG", "debug")
        .spawn()
        .unwrap();
    api.wait_for_call("the binary to poll", DEADLINE, |c| c.method == "getupdates").await;
    let u = TgUser::new(5001, "Operator");
    api.text_from(&u, "/help");
    api.wait_for_text(u.id, "What I can do", DEADLINE).await;
    // A failing call, so error paths are logged too.
    api.fail_next("sendmessage", None, Fault::ServerError(502), 1);
    api.text_from(&u, "/help");
    api.wait_for_call("the failed reply", DEADLINE, |c| c.method == "sendmessage" && c.response_status == 502).await;
    assert!(db.exists(), "the database and its folder were created");

    let pid = child.id().unwrap().to_string();
    let killed = std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = tokio::time::timeout(std::time::Duration::from_secs(5), child.wait())
        .await
        .expect("stops within a few seconds")
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let stderr = std::fs::read_to_string(&log_path).unwrap();
    assert!(!stderr.contains(TOKEN) && !stderr.contains("TEST-TOKEN"), "the token leaked into the log");
    assert!(stderr.contains("stopping"), "{stderr}");
    // The bot's clock is the test's (under faketime too: the clock
    // variables are passed on), so its configuration placed relative to the
    // test's now holds for the bot.
    let first = *log_times(&stderr).first().expect("time-stamped log lines");
    let drift = (first - started).num_seconds().abs();
    assert!(drift < 120, "the bot's clock ({first}) is not the test's ({started})");
}

#[tokio::test]
async fn telegram_unreachable_at_start_up_is_retried_until_it_answers() {
    let app = spawn_app().telegram_down().start().await;
    let failed_get_me =
        |after: i64| move |c: &Call| c.method == "getme" && c.response_status == 502 && c.seq as i64 > after;
    let first = app.api.wait_for_call("a first get_me", DEADLINE, failed_get_me(-1)).await;
    app.api.wait_for_call("get_me retried", DEADLINE, failed_get_me(first.seq as i64)).await;
    app.api.set_down(false);
    app.api.wait_for_call("polling once Telegram is back", DEADLINE, |c| c.method == "getupdates").await;
    let u = user(5002, "Patient");
    assert!(app.say(&u, "/help").await.starts_with("What I can do"));
}

#[tokio::test]
async fn telegram_going_away_while_running_delays_answers_but_loses_none() {
    let app = spawn_app().start().await;
    let u = user(5003, "Later");
    assert!(app.say(&u, "/help").await.starts_with("What I can do"));
    app.api.set_down(true);
    app.api.text_from(&u, "/cancel");
    app.api.wait_for_call("a failed poll", DEADLINE, |c| c.method == "getupdates" && c.response_status == 502).await;
    app.api.set_down(false);
    app.api.wait_for_text(u.id, &t!(&en(), "nothing-to-cancel"), DEADLINE).await;
}

#[tokio::test]
async fn telegram_unreachable_while_running_delays_answers_but_loses_none() {
    let app = spawn_app().start().await;
    let u = user(5004, "Offline");
    assert!(app.say(&u, "/help").await.starts_with("What I can do"));
    app.api.set_unreachable(true);
    app.api.text_from(&u, "/cancel");
    // The bot keeps trying; each connection it makes is reset.
    let give_up = std::time::Instant::now() + DEADLINE;
    while app.api.counters().resets < 3 {
        assert!(std::time::Instant::now() < give_up, "the bot stopped trying: {:?}", app.api.counters());
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(app.api.texts_to(u.id).len(), 1, "nothing answered while unreachable");
    app.api.set_unreachable(false);
    app.api.wait_for_text(u.id, &t!(&en(), "nothing-to-cancel"), DEADLINE).await;
}

/// The binary as systemd or Docker stops it: SIGTERM while twenty replies
/// wait for the one-a-second budget of their chat. It exits within five
/// seconds, and after a restart each of the twenty is answered exactly once.
#[tokio::test]
async fn sigterm_with_twenty_replies_waiting_exits_within_five_seconds_and_the_restart_answers_each_once() {
    let api = FakeApi::start().await;
    api.set_rate_limits(Some(30), Some(1));
    let dir = tempfile::tempdir().unwrap();
    let config = binary_config(dir.path(), chrono::Utc::now());
    let db_url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let start = || {
        bot_process(&api.url(), &db_url, &config)
            .env("RUST_LOG", "warn")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut child = start();
    let slow = std::time::Duration::from_secs(60);
    api.wait_for_call("the binary to poll", slow, |c| c.method == "getupdates").await;
    let u = TgUser::new(5010, "Eager");
    for _ in 0..20 {
        api.text_from(&u, "/help");
    }
    api.wait_for_texts(u.id, 2, DEADLINE).await;
    let pid = child.id().unwrap().to_string();
    let asked = std::time::Instant::now();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = tokio::time::timeout(std::time::Duration::from_secs(5), child.wait())
        .await
        .expect("exits within five seconds")
        .unwrap();
    assert_eq!(status.code(), Some(0), "exit code after {:?}", asked.elapsed());
    assert!(api.texts_to(u.id).len() < 20, "stopped with replies still waiting");

    let mut child = start();
    api.wait_for_texts(u.id, 20, slow).await;
    // Nothing is owed any more, so nothing more can come.
    let db = copes_bot::db::Db::connect(&db_url).await.unwrap();
    wait_until_nothing_is_owed(&db).await;
    assert_eq!(api.texts_to(u.id).len(), 20, "each answered exactly once");
    let _ = child.start_kill();
}
