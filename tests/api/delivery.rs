//! Every message once, whatever the network does: outages, 429s, 5xx,
//! stops and restarts — through the real dispatcher and the fake Bot API.

use std::time::{Duration, Instant};

use chrono::TimeZone;
use copes_bot::clock::Clock;
use copes_bot::db::outbox::{Kind, NewItem, Payload};
use serde_json::json;

use crate::support::fake_api::{Call, Fault};
use crate::support::*;

const NOT_IN_FAQ: &str = "Can I bring my spouse to Karachi?";

/// (kind, state, attempts, last_error) of every outbox item to `chat`.
async fn items_to(app: &TestApp, chat: i64) -> Vec<(String, String, i64, Option<String>)> {
    sqlx::query_as("SELECT kind, state, attempts, last_error FROM outbox WHERE chat_id = ? ORDER BY id")
        .bind(chat)
        .fetch_all(app.db.pool())
        .await
        .unwrap()
}

/// Waits until the outbox holds an item to `chat` in `state`; the outbox is
/// a table, not an event, so it is looked at again every few milliseconds.
async fn wait_for_item(app: &TestApp, chat: i64, state: &str) -> (String, String, i64, Option<String>) {
    let give_up = Instant::now() + DEADLINE;
    loop {
        if let Some(item) = items_to(app, chat).await.into_iter().find(|i| i.1 == state) {
            return item;
        }
        assert!(Instant::now() < give_up, "no item to {chat} reached {state}: {:?}", items_to(app, chat).await);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The number of calls to `chat` Telegram answered with an error so far.
fn failed_calls(app: &TestApp, chat: i64) -> usize {
    app.api.calls().iter().filter(|c| c.chat_id() == Some(chat) && c.response_status >= 400).count()
}

/// Waits for the next failed call to `chat` after `seen` of them. The
/// outbox's back-off runs on the test clock, so while nothing comes the
/// clock is moved past the longest back-off (a minute).
async fn next_failure(app: &TestApp, chat: i64, seen: usize) -> usize {
    let give_up = Instant::now() + DEADLINE;
    let mut waited = 0;
    loop {
        let failures = failed_calls(app, chat);
        if failures > seen {
            return failures;
        }
        assert!(Instant::now() < give_up, "no failure #{} to {chat}", seen + 1);
        tokio::time::sleep(Duration::from_millis(20)).await;
        waited += 1;
        if waited % 10 == 0 {
            app.clock.advance(chrono::Duration::seconds(61));
        }
    }
}

/// Waits until `chat` has received a message containing `needle`, moving
/// the test clock on as [`next_failure`] does.
async fn delivered_in_the_end(app: &TestApp, chat: i64, needle: &str) {
    let give_up = Instant::now() + DEADLINE;
    let mut waited = 0;
    while count(app, chat, needle) == 0 {
        assert!(Instant::now() < give_up, "{needle:?} never reached {chat}");
        tokio::time::sleep(Duration::from_millis(20)).await;
        waited += 1;
        if waited % 10 == 0 {
            app.clock.advance(chrono::Duration::seconds(61));
        }
    }
}

/// Registers `u` and has them ask something the FAQ does not cover: enquiry
/// number `n`, relayed to the staff group.
async fn ask_enquiry(app: &TestApp, u: &TgUser, n: i64) -> Call {
    register(app, u, "CECAC-PILOT", &AYESHA).await;
    assert_eq!(app.say(u, NOT_IN_FAQ).await, t!(&en(), "enquiry-opened", id = n));
    app.api.wait_for_text(STAFF_CHAT_ID, &format!("Enquiry #{n} — "), DEADLINE).await
}

#[tokio::test]
async fn an_answer_sent_while_telegram_is_away_arrives_once_when_it_is_back() {
    let app = spawn_app().start().await;
    let u = user(7101, "Farah");
    let relayed = ask_enquiry(&app, &u, 1).await;
    // The answer's first try fails; then Telegram is away altogether.
    app.api.fail_next("sendmessage", Some(u.id), Fault::ServerError(502), 1);
    app.staff_reply(&coordinator(), "Yes, families are welcome.", &relayed).await;
    let mut failures = next_failure(&app, u.id, 0).await;
    app.api.set_down(true);
    // Far more tries than the old five, over more than the old 80 seconds
    // of back-off: the answer is still waiting, not failed.
    while failures < 8 {
        failures = next_failure(&app, u.id, failures).await;
    }
    // The sender writes the failure back a moment after Telegram answered.
    let (kind, state, attempts, _) = wait_for_item(&app, u.id, "pending").await;
    assert_eq!((kind.as_str(), state.as_str()), ("answer", "pending"), "still owed after {failures} failures");
    assert!(attempts >= 8, "each answered try counts: {attempts}");
    app.api.set_down(false);
    delivered_in_the_end(&app, u.id, "Answer to your enquiry #1").await;
    wait_for_item(&app, u.id, "sent").await;
    assert_eq!(count(&app, u.id, "Answer to your enquiry #1"), 1);
    assert_eq!(count(&app, STAFF_CHAT_ID, "could not be delivered"), 0);
}

#[tokio::test]
async fn an_answer_to_someone_who_blocked_the_bot_is_reported_and_listed_until_one_gets_through() {
    let app = spawn_app().start().await;
    let u = user(7102, "Bilal");
    let relayed = ask_enquiry(&app, &u, 1).await;
    app.api.fail_next("sendmessage", Some(u.id), Fault::Blocked, 1);
    app.staff_reply(&coordinator(), "Yes, families are welcome.", &relayed).await;
    let report = app.api.wait_for_text(STAFF_CHAT_ID, "could not be delivered", DEADLINE).await;
    assert!(report.text().unwrap().starts_with("⚠ Enquiry #1"), "{:?}", report.text());
    assert!(report.text().unwrap().contains("Ayesha Khan"), "{:?}", report.text());
    let listed = app.say(&coordinator(), "/enquiries").await;
    assert!(listed.contains("#1 ") && listed.contains("not delivered"), "{listed}");

    // They unblock and write again; a second answer gets through.
    app.say(&u, "/help").await;
    app.say_until(&coordinator(), "/reply 1 Yes, families are welcome.", "on its way").await;
    app.api.wait_for_text(u.id, "Answer to your enquiry #1", DEADLINE).await;
    wait_for_item(&app, u.id, "sent").await;
    let give_up = Instant::now() + DEADLINE;
    loop {
        let listed = app.say(&coordinator(), "/enquiries").await;
        if listed == t!(&en(), "no-open-enquiries") {
            break;
        }
        assert!(Instant::now() < give_up, "still listed: {listed}");
    }
}

#[tokio::test]
async fn a_reply_that_meets_a_429_or_a_5xx_is_sent_again_and_arrives_once() {
    let app = spawn_app().start().await;
    let u = user(7103, "Sana");
    app.api.fail_next("sendmessage", Some(u.id), Fault::RetryAfter(1), 1);
    assert!(app.say(&u, "/help").await.starts_with("What I can do"));
    app.api.fail_next("sendmessage", Some(u.id), Fault::ServerError(502), 2);
    app.api.fail_next("sendmessage", Some(u.id), Fault::ServerError(500), 1);
    app.api.text_from(&u, "/today");
    app.api.wait_for_texts(u.id, 2, DEADLINE).await;
    app.settle().await;
    assert_eq!(count(&app, u.id, "What I can do"), 1);
    assert_eq!(app.api.texts_to(u.id).len(), 2, "{:?}", app.api.texts_to(u.id));
}

#[tokio::test]
async fn a_reply_telegram_will_not_take_for_seconds_is_queued_and_follows_once() {
    let app = spawn_app().start().await;
    let u = user(7104, "Imran");
    // More failures than the reply's own few tries within seconds.
    app.api.fail_next("sendmessage", Some(u.id), Fault::ServerError(502), 7);
    app.api.text_from(&u, "/help");
    wait_for_item(&app, u.id, "pending").await;
    delivered_in_the_end(&app, u.id, "What I can do").await;
    wait_for_item(&app, u.id, "sent").await;
    app.settle().await;
    assert_eq!(count(&app, u.id, "What I can do"), 1);
}

#[tokio::test]
async fn a_stop_with_twenty_replies_waiting_is_prompt_and_each_is_answered_once_after_the_restart() {
    let mut app = spawn_app().telegram_limits(30, 1).start().await;
    let u = user(7105, "Eager");
    for i in 0..20 {
        app.api.text_from(&u, if i % 2 == 0 { "/help" } else { "/next" });
    }
    // One a second to one chat: stop once two have gone out.
    app.api.wait_for_texts(u.id, 2, DEADLINE).await;
    let t = Instant::now();
    app.stop().await;
    assert!(t.elapsed() < Duration::from_secs(5), "the stop took {:?}", t.elapsed());
    assert!(app.api.texts_to(u.id).len() < 20, "stopped before all were answered");
    app.start_again().await;
    app.api.wait_for_texts(u.id, 20, Duration::from_secs(40)).await;
    // Nothing is left to send or to handle, so nothing more can come.
    wait_until_nothing_is_owed(&app.db).await;
    let texts = app.api.texts_to(u.id);
    assert_eq!(texts.len(), 20, "{texts:?}");
    assert_eq!(texts.iter().filter(|t| t.starts_with("What I can do")).count(), 10, "{texts:?}");
}

#[tokio::test]
async fn an_update_stored_but_not_handled_before_a_crash_is_handled_once_after_the_restart() {
    let mut app = spawn_app().start().await;
    app.stop().await;
    // As a crash leaves it: stored (so Telegram will not hand it over
    // again), never handled.
    let u = user(7106, "Crashed");
    let update = json!({
        "update_id": 900_001,
        "message": {
            "message_id": 1, "date": 1_612_841_400,
            "chat": {"id": u.id, "type": "private", "first_name": "Crashed"},
            "from": u.json(), "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}]
        }
    });
    sqlx::query("INSERT INTO inbox (update_id, user_id, payload, state, received_at) VALUES (?, ?, ?, 'pending', ?)")
        .bind(900_001)
        .bind(u.id)
        .bind(update.to_string())
        .bind("2021-02-09T03:00:00.000Z")
        .execute(app.db.pool())
        .await
        .unwrap();
    app.start_again().await;
    app.api.wait_for_text(u.id, "What I can do", DEADLINE).await;
    app.restart().await;
    app.say(&u, "/next").await;
    assert_eq!(count(&app, u.id, "What I can do"), 1, "handled once, not again after another restart");
    let (payload,): (Option<String>,) =
        sqlx::query_as("SELECT payload FROM inbox WHERE update_id = 900001").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(payload, None, "what it said is not kept once handled");
}

#[tokio::test]
async fn people_waiting_for_their_own_chat_do_not_hold_up_a_relay_to_the_coordinators() {
    let app = spawn_app().telegram_limits(30, 1).start().await;
    let spammers: Vec<TgUser> = (0..5).map(|i| user(7200 + i, "Spammer")).collect();
    for _ in 0..6 {
        for s in &spammers {
            app.api.text_from(s, "/help");
        }
    }
    app.api.wait_for_text(spammers[0].id, "What I can do", DEADLINE).await;
    let asker = user(7210, "Asker");
    app.api.text_from(&asker, NOT_IN_FAQ);
    let relay = app.api.wait_for_text(STAFF_CHAT_ID, "Enquiry #1 — ", DEADLINE).await;
    // The spammers' replies take six seconds (one a second each); the relay
    // went out among the first of them, not after.
    let last_spam = app.api.wait_for_texts(spammers[4].id, 6, DEADLINE).await;
    let _ = last_spam;
    let last_spam_seq = app.api.sent_to(spammers[4].id).last().unwrap().seq;
    assert!(relay.seq < last_spam_seq, "the relay waited for the spam");
    let spam_start = app.api.sent_to(spammers[0].id)[0].at;
    assert!(relay.at.duration_since(spam_start) < Duration::from_secs(3), "{:?}", relay.at - spam_start);
}

/// A participant of DAY-1 whose digest comes late in the evening, so the
/// morning's only message to them is the reminder.
async fn seed_without_digest(app: &TestApp, id: i64) {
    // The digest time is set before they register, so no tick in between
    // (the app's own, at start) can find their 07:00 digest due.
    let late = copes_bot::domain::LocalTime::parse("23:00").unwrap();
    app.db.touch_person(id, None, app.clock.now()).await.unwrap();
    app.db.set_digest_time(id, late, app.clock.now()).await.unwrap();
    seed(&app.db, "DAY-1", [id]).await;
}

#[tokio::test]
async fn server_errors_are_retried_until_they_get_through_and_counted_as_attempts() {
    let app = spawn_app().programme(ONE_DAY).start().await;
    let u = user(7301, "Unlucky");
    seed_without_digest(&app, u.id).await;
    app.api.fail_next("sendmessage", Some(u.id), Fault::ServerError(500), 3);
    app.clock.set(karachi(9, 9, 15));
    app.tick().await;
    let mut failures = 0;
    while failures < 3 {
        failures = next_failure(&app, u.id, failures).await;
    }
    delivered_in_the_end(&app, u.id, "Reminder:").await;
    let (_, state, attempts, _) = wait_for_item(&app, u.id, "sent").await;
    // Each 5xx Telegram answered is one attempt (and lengthens the next
    // back-off); the delivery ends it.
    let statuses: Vec<u16> =
        app.api.calls().iter().filter(|c| c.chat_id() == Some(u.id)).map(|c| c.response_status).collect();
    let answered_5xx = statuses.iter().filter(|s| **s >= 500).count() as i64;
    assert_eq!(state, "sent");
    let calls: Vec<String> = app
        .api
        .calls()
        .iter()
        .filter(|c| c.chat_id() == Some(u.id))
        .map(|c| {
            format!("{} {} {:?}", c.seq, c.response_status, c.text().map(|t| t.chars().take(30).collect::<String>()))
        })
        .collect();
    assert_eq!(attempts, answered_5xx, "{calls:#?} {:?}", items_to(&app, u.id).await);
    assert!(attempts >= 3, "{statuses:?}");
    assert_eq!(count(&app, u.id, "Reminder:"), 1);
}

#[tokio::test]
async fn an_item_telegram_never_takes_is_dropped_with_the_reason_once_it_is_no_use() {
    let app = spawn_app().programme(ONE_DAY).start().await;
    let u = user(7302, "Never");
    seed_without_digest(&app, u.id).await;
    app.api.fail_next("sendmessage", Some(u.id), Fault::ServerError(500), 1000);
    app.clock.set(karachi(9, 9, 15));
    app.tick().await;
    next_failure(&app, u.id, 0).await;
    // Back in the queue (the failure is recorded just after Telegram's answer).
    let give_up = Instant::now() + DEADLINE;
    while !items_to(&app, u.id).await.iter().any(|i| i.1 == "pending" && i.2 >= 1) {
        assert!(Instant::now() < give_up);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The session ends at 10:30: its reminder is no use after that. (The
    // clock may be past it already: failures are waited for by moving it.)
    app.clock.set(karachi(9, 10, 31).max(app.clock.now()) + chrono::Duration::minutes(2));
    let (_, _, _, why) = wait_for_item(&app, u.id, "dropped").await;
    assert_eq!(why.as_deref(), Some("too late: the session has ended"));

    // Anything else: a day after it was queued.
    let now = app.clock.now();
    let notice = NewItem::now("test:notice".into(), u.id, Kind::Notice, Payload::text("A notice"), now);
    app.db.enqueue(&notice, now).await.unwrap();
    app.clock.advance(chrono::Duration::hours(25));
    let give_up = Instant::now() + DEADLINE;
    loop {
        let items = items_to(&app, u.id).await;
        if let Some(n) = items.iter().find(|i| i.0 == "notice" && i.1 == "dropped") {
            assert_eq!(n.3.as_deref(), Some("too late: Telegram could not be reached for a day"));
            break;
        }
        assert!(Instant::now() < give_up, "{items:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(count(&app, u.id, "A notice"), 0);
}

const BIG: &str = "[[course]]\ncode = \"BIG-1\"\ntitle = \"Big\"\nlocation = \"Hall\"\ncapacity = 1000\n";

/// The "done means": Telegram unreachable (connections reset) in
/// the middle of a broadcast, a coordinator answering an enquiry meanwhile
/// and someone sending /today again and again; after the recovery everyone
/// has everything exactly once, and nothing the bot sent broke Telegram's
/// limits (the fake fails the test on any breach).
#[tokio::test]
async fn after_an_outage_mid_broadcast_everyone_has_everything_exactly_once() {
    let noon = chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 8, 12, 0, 0).unwrap().to_utc();
    let app = spawn_app().programme(BIG).at(noon).telegram_limits(30, 1).start().await;
    let ids: Vec<i64> = (7400..7490).collect();
    seed(&app.db, "BIG-1", ids.iter().copied()).await;
    let asker = user(7500, "Asker");
    assert_eq!(app.say(&asker, NOT_IN_FAQ).await, t!(&en(), "enquiry-opened", id = 1));
    app.api.wait_for_text(STAFF_CHAT_ID, "Enquiry #1 — ", DEADLINE).await;

    app.say_until(&coordinator(), "/broadcast", &t!(&en(), "broadcast-audience")).await;
    app.tap_until(&coordinator(), "bc:aud:BIG-1", &t!(&en(), "broadcast-ask-message")).await;
    app.say_until(&coordinator(), "The closing ceremony is at 15:00.", "Send it?").await;
    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    let delivered = |app: &TestApp| ids.iter().filter(|id| count(app, **id, "closing ceremony") > 0).count();
    let give_up = Instant::now() + DEADLINE;
    while delivered(&app) < 20 {
        assert!(Instant::now() < give_up, "the broadcast did not start");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    app.api.set_unreachable(true);
    let spammer = user(7501, "Spammer");
    app.api.text_from(&coordinator(), "/reply 1 Yes, families are welcome.");
    for _ in 0..5 {
        app.api.text_from(&spammer, "/today");
    }
    // A few probes fail while it is away.
    let resets = app.api.counters().resets;
    let give_up = Instant::now() + DEADLINE;
    while app.api.counters().resets < resets + 3 {
        assert!(Instant::now() < give_up, "nothing tried to reach Telegram");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let at_outage = delivered(&app);
    assert!(at_outage < ids.len(), "the outage came mid-broadcast ({at_outage} delivered)");
    app.api.set_unreachable(false);

    for id in &ids {
        app.api.wait_for_text(*id, "closing ceremony", DEADLINE).await;
    }
    app.api.wait_for_text(asker.id, "Answer to your enquiry #1", DEADLINE).await;
    app.api.wait_for_texts(spammer.id, 5, DEADLINE).await;
    wait_until_nothing_is_owed(&app.db).await;
    let twice: Vec<_> = ids.iter().filter(|id| count(&app, **id, "closing ceremony") != 1).collect();
    assert!(twice.is_empty(), "not exactly once: {twice:?}");
    assert_eq!(count(&app, asker.id, "Answer to your enquiry #1"), 1);
    assert_eq!(app.api.texts_to(spammer.id).len(), 5, "one answer per /today");
    let failed: Vec<_> = sqlx::query_as::<_, (String, String)>(
        "SELECT kind, COALESCE(last_error, '') FROM outbox WHERE state IN ('failed', 'dropped', 'blocked')",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert!(failed.is_empty(), "{failed:?}");
    assert_eq!(app.api.counters().too_many, 0, "no 429 was provoked");
}
