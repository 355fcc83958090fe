//! Health, metrics and webhook mode (issue 12, items 4 and 5): what a
//! monitoring probe, a Prometheus scrape and Telegram's webhook delivery
//! see of the running bot.

use std::net::SocketAddr;

use serde_json::Value;

use crate::support::*;

const SECRET: &str = "s3cret-Token_1";

/// Noon on the day before the pilot: no digest or reminder is due.
fn quiet_day() -> chrono::DateTime<chrono::Utc> {
    chrono::TimeZone::with_ymd_and_hms(&chrono_tz::Asia::Karachi, 2021, 2, 8, 12, 0, 0).unwrap().to_utc()
}

fn status(app: &TestApp) -> SocketAddr {
    app.status_addr.expect("HTTP_LISTEN is served")
}

/// Scrapes `/metrics` until it holds `needle` (the outbox and the counters
/// move a moment after Telegram has the message).
async fn metrics_until(app: &TestApp, needle: &str) -> String {
    let give_up = std::time::Instant::now() + DEADLINE;
    loop {
        let answer = http_get(status(app), "/metrics").await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        if answer.body.contains(needle) {
            return answer.body;
        }
        assert!(std::time::Instant::now() < give_up, "/metrics never showed {needle:?}:\n{}", answer.body);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

async fn post_update(app: &TestApp, secret: Option<&str>, update: &Value) -> u16 {
    let addr = app.webhook_addr.expect("the webhook is served");
    let headers: Vec<(&str, &str)> = secret.map(|s| vec![("X-Telegram-Bot-Api-Secret-Token", s)]).unwrap_or_default();
    http_post(addr, WEBHOOK_PATH, &headers, &update.to_string()).await.status
}

async fn in_inbox(app: &TestApp, update: &Value) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM inbox WHERE update_id = ?")
        .bind(update["update_id"].as_i64().unwrap())
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn health_is_ok_on_a_running_bot_and_says_what_it_checked() {
    let app = spawn_app().status_server().start().await;
    let health = http_get(status(&app), "/healthz").await;
    assert_eq!(health.status, 200, "{}", health.body);
    let body = health.body;
    assert!(body.starts_with("ok\n"), "{body}");
    for line in ["database: ok", "sender: ok", "scheduler: ok", "telegram: last successful call"] {
        assert!(body.contains(line), "{line:?} missing from {body}");
    }
}

#[tokio::test]
async fn health_is_503_with_the_reason_once_the_database_is_gone() {
    let app = spawn_app().status_server().start().await;
    app.app_db.as_ref().unwrap().pool().close().await;
    let health = http_get(status(&app), "/healthz").await;
    assert_eq!(health.status, 503, "{}", health.body);
    assert!(
        health.body.starts_with("unhealthy\n") && health.body.contains("database: not answering"),
        "{}",
        health.body
    );
}

#[tokio::test]
async fn metrics_show_a_broadcast_in_the_outbox_the_registrations_and_a_429_in_the_counters() {
    let app = spawn_app().status_server().at(quiet_day()).start().await;
    seed(&app.db, "CECAC-PILOT", [8101, 8102, 8103]).await;
    let before = metrics_until(&app, "copes_registrations{course=\"CECAC-PILOT\",status=\"registered\"} 3").await;
    assert!(before.contains("copes_telegram_sends_total{result=\"too_many_requests\"} 0"), "{before}");
    assert!(before.contains("# TYPE copes_outbox_items gauge"), "{before}");

    app.api.fail_next("sendmessage", Some(8101), Fault::RetryAfter(1), 1);
    app.say_until(&coordinator(), "/broadcast", &t!(&en(), "broadcast-audience")).await;
    app.tap_until(&coordinator(), "bc:aud:*", &t!(&en(), "broadcast-ask-message")).await;
    app.say_until(&coordinator(), "Room change: B-12.", "Send it?").await;
    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    for id in [8101, 8102, 8103] {
        app.api.wait_for_text(id, "Room change: B-12.", DEADLINE).await;
    }
    let after = metrics_until(&app, "copes_outbox_items{state=\"sent\",kind=\"broadcast\"} 3").await;
    assert!(after.contains("copes_telegram_sends_total{result=\"too_many_requests\"} 1"), "{after}");
    assert!(after.contains("copes_telegram_last_success_age_seconds"), "{after}");
    assert!(after.contains("copes_update_lag_seconds"), "{after}");
    let sent: u64 = after
        .lines()
        .find_map(|l| l.strip_prefix("copes_telegram_sends_total{result=\"sent\"} "))
        .and_then(|n| n.parse().ok())
        .expect("a sent counter");
    assert!(sent >= 3, "{after}");
}

#[tokio::test]
async fn metrics_show_open_enquiries_and_how_long_the_oldest_has_waited() {
    let app = spawn_app().status_server().start().await;
    let u = user(8201, "Asker");
    assert_eq!(app.say(&u, "Who won the cricket match yesterday?").await, t!(&en(), "enquiry-opened", id = 1));
    app.clock.advance(chrono::Duration::minutes(10));
    let body = metrics_until(&app, "copes_enquiries_open 1").await;
    assert!(body.contains("copes_enquiry_oldest_open_age_seconds 600\n"), "{body}");
}

#[tokio::test]
async fn in_webhook_mode_the_bot_registers_its_url_and_secret_and_never_polls() {
    let app = spawn_app().webhook(SECRET).start().await;
    let set = app.api.calls().into_iter().find(|c| c.method == "setwebhook").expect("setWebhook");
    assert_eq!(set.body["url"].as_str(), Some(WEBHOOK_URL), "{:?}", set.body);
    assert_eq!(set.body["secret_token"].as_str(), Some(SECRET), "{:?}", set.body);
    let dropped = &set.body["drop_pending_updates"];
    assert!(*dropped != Value::Bool(true) && dropped != "true", "nothing pending is dropped: {dropped}");
    let u = user(8301, "Hooked");
    assert_eq!(post_update(&app, Some(SECRET), &app.api.text_update(&u, "/help")).await, 200);
    app.api.wait_for_text(u.id, "What I can do", DEADLINE).await;
    assert!(!app.api.calls().iter().any(|c| c.method == "getupdates" || c.method == "deletewebhook"));
}

#[tokio::test]
async fn a_pushed_update_delivered_twice_is_answered_once() {
    let app = spawn_app().webhook(SECRET).status_server().start().await;
    let u = user(8302, "Twice");
    let first = app.api.text_update(&u, "/help");
    assert_eq!(post_update(&app, Some(SECRET), &first).await, 200);
    app.api.wait_for_text(u.id, "What I can do", DEADLINE).await;
    // Telegram redelivers when it missed our 200; then something new.
    assert_eq!(post_update(&app, Some(SECRET), &first).await, 200);
    assert_eq!(post_update(&app, Some(SECRET), &app.api.text_update(&u, "/cancel")).await, 200);
    app.api.wait_for_text(u.id, &t!(&en(), "nothing-to-cancel"), DEADLINE).await;
    assert_eq!(count(&app, u.id, "What I can do"), 1, "the redelivery had no effect");
    let calls = http_get(status(&app), "/metrics").await.body;
    assert!(calls.contains("copes_webhook_calls_total{result=\"duplicate\"} 1"), "{calls}");
    assert!(calls.contains("copes_webhook_calls_total{result=\"stored\"} 2"), "{calls}");
}

#[tokio::test]
async fn a_webhook_call_without_the_secret_or_with_a_wrong_one_is_refused_and_has_no_effect() {
    let app = spawn_app().webhook(SECRET).status_server().start().await;
    let u = user(8303, "Intruder");
    let without = app.api.text_update(&u, "/help");
    let wrong = app.api.text_update(&u, "/help");
    assert_eq!(post_update(&app, None, &without).await, 401);
    assert_eq!(post_update(&app, Some("not-the-secret"), &wrong).await, 401);
    assert_eq!(post_update(&app, Some(&SECRET[..SECRET.len() - 1]), &wrong).await, 401);
    // The genuine one after them is answered, and only it.
    assert_eq!(post_update(&app, Some(SECRET), &app.api.text_update(&u, "/cancel")).await, 200);
    app.api.wait_for_text(u.id, &t!(&en(), "nothing-to-cancel"), DEADLINE).await;
    assert_eq!(count(&app, u.id, "What I can do"), 0);
    assert_eq!(in_inbox(&app, &without).await + in_inbox(&app, &wrong).await, 0, "refused calls are not stored");
    // Something that is not an update is refused too, with the secret.
    let addr = app.webhook_addr.unwrap();
    let junk = http_post(addr, WEBHOOK_PATH, &[("X-Telegram-Bot-Api-Secret-Token", SECRET)], "{\"no\":1}").await;
    assert_eq!(junk.status, 400);
    let calls = http_get(status(&app), "/metrics").await.body;
    for line in ["refused\"} 3", "bad_request\"} 1", "stored\"} 1"] {
        assert!(calls.contains(&format!("copes_webhook_calls_total{{result=\"{line}")), "{line}: {calls}");
    }
}

#[tokio::test]
async fn one_address_for_both_serves_health_metrics_and_the_webhook() {
    // 127.0.0.1:0 for both is the same address: one server.
    let app = spawn_app().webhook(SECRET).status_server().start().await;
    assert_eq!(app.status_addr, app.webhook_addr);
    assert_eq!(http_get(status(&app), "/healthz").await.status, 200);
    let u = user(8304, "Shared");
    assert_eq!(post_update(&app, Some(SECRET), &app.api.text_update(&u, "/help")).await, 200);
    app.api.wait_for_text(u.id, "What I can do", DEADLINE).await;
}

async fn run_binary(vars: &[(&str, &str)]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let config = binary_config(dir.path(), chrono::Utc::now());
    let mut cmd = binary();
    cmd.env("CONFIG_DIR", config)
        .env("TELOXIDE_TOKEN", "1:x")
        .env("DATABASE_URL", format!("sqlite://{}", dir.path().join("bot.db").display()));
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = tokio::time::timeout(DEADLINE, cmd.output()).await.expect("the binary finishes").unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into())
}

#[tokio::test]
async fn a_webhook_url_without_a_secret_or_a_bad_address_is_one_clear_line_and_exit_code_2() {
    let (code, stderr) = run_binary(&[("WEBHOOK_URL", "https://bot.example.org/hook")]).await;
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("WEBHOOK_SECRET is not set"), "{stderr}");
    let (code, stderr) = run_binary(&[("HTTP_LISTEN", "localhost:nine")]).await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("HTTP_LISTEN is not an address"), "{stderr}");
}

#[tokio::test]
async fn an_address_in_use_stops_the_start_with_the_variable_named() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, stderr) = run_binary(&[("HTTP_LISTEN", &addr)]).await;
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains(&format!("cannot listen on HTTP_LISTEN={addr}")), "{stderr}");
}

#[tokio::test]
async fn the_binary_in_webhook_mode_answers_healthz_and_stops_on_sigterm_within_5_seconds() {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = binary_config(dir.path(), chrono::Utc::now());
    let log_path = dir.path().join("bot.log");
    let mut child = bot_process(&api.url(), &format!("sqlite://{}", dir.path().join("bot.db").display()), &config)
        .stderr(std::fs::File::create(&log_path).unwrap())
        .env("HTTP_LISTEN", "127.0.0.1:0")
        .env("WEBHOOK_URL", WEBHOOK_URL)
        .env("WEBHOOK_SECRET", SECRET)
        .env("WEBHOOK_LISTEN", "127.0.0.1:0")
        .spawn()
        .unwrap();
    api.wait_for_call("the webhook to be registered", DEADLINE, |c| c.method == "setwebhook").await;
    // The server is bound before Telegram is called and its address logged
    // (one server: 127.0.0.1:0 twice is the same address).
    let log = std::fs::read_to_string(&log_path).unwrap();
    let addrs: Vec<SocketAddr> = log
        .lines()
        .filter(|l| l.contains("serving HTTP"))
        .filter_map(|l| l.split("Some(").nth(1)?.split(')').next()?.parse().ok())
        .collect();
    assert_eq!(addrs.len(), 1, "{log}");
    let health = http_get(addrs[0], "/healthz").await;
    assert_eq!(health.status, 200, "{}", health.body);
    let u = TgUser::new(8305, "Binary");
    let headers = [("X-Telegram-Bot-Api-Secret-Token", SECRET)];
    assert_eq!(
        http_post(addrs[0], WEBHOOK_PATH, &headers, &api.text_update(&u, "/help").to_string()).await.status,
        200
    );
    api.wait_for_text(u.id, "What I can do", DEADLINE).await;

    let pid = child.id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = tokio::time::timeout(std::time::Duration::from_secs(5), child.wait())
        .await
        .expect("stops within 5 seconds")
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(!std::fs::read_to_string(&log_path).unwrap().contains(SECRET), "the secret never reaches the log");
}
