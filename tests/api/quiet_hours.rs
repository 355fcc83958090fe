//! A broadcast sent at night: the preview says who is inside their quiet
//! hours (bot.toml: 22:00-07:00, in each person's zone) and when they will
//! get it, Send now holds their copy until then, and Send to everyone now
//! reaches them at once.

use copes_bot::clock::Clock;
use copes_bot::db::ts;
use copes_bot::i18n::coordinator as render;

use crate::support::*;

const NEWS: &str = "The bus leaves the hotel at 08:45 tomorrow.";

/// Two trainees in Karachi (the programme's zone), one in Dubai (an hour
/// behind), one in New York (daytime while it is night in Karachi).
const KARACHI: [i64; 2] = [9501, 9502];
const DUBAI: i64 = 9503;
const NEW_YORK: i64 = 9504;

async fn trainees(app: &TestApp, dubai: bool) {
    seed(&app.db, "CECAC-PILOT", KARACHI).await;
    seed(&app.db, "CECAC-PILOT", [NEW_YORK]).await;
    app.say_until(&user(NEW_YORK, "NY"), "/timezone America/New_York", "America/New_York").await;
    if dubai {
        seed(&app.db, "CECAC-PILOT", [DUBAI]).await;
        app.say_until(&user(DUBAI, "Dubai"), "/timezone Asia/Dubai", "Asia/Dubai").await;
    }
}

/// Up to the preview; returns it and its buttons' callback data, row by row.
async fn compose(app: &TestApp) -> (String, Vec<Vec<String>>) {
    app.say_until(&coordinator(), "/broadcast", &t!(&en(), "broadcast-audience")).await;
    app.tap_until(&coordinator(), "bc:aud:*", &t!(&en(), "broadcast-ask-message")).await;
    let preview = app.say_until(&coordinator(), NEWS, "Send it?").await;
    let call = app.api.sent_to(COORDINATOR_ID).into_iter().rev().find(|c| c.text() == Some(&preview)).unwrap();
    let rows = call.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row.as_array().unwrap().iter().map(|b| b["callback_data"].as_str().unwrap().to_owned()).collect())
        .collect();
    (preview, rows)
}

fn got_news(app: &TestApp, chat: i64) -> usize {
    app.api.texts_to(chat).iter().filter(|t| t.as_str() == NEWS).count()
}

/// Waits until the sender has looked at the broadcast's items and put
/// `n` of them off until later.
async fn until_held(app: &TestApp, n: i64) {
    let now = ts(app.clock.now());
    tokio::time::timeout(DEADLINE, async {
        loop {
            let (held,): (i64,) = sqlx::query_as(
                "SELECT count(*) FROM outbox WHERE kind = 'broadcast' AND state = 'pending' AND next_attempt_at > ?",
            )
            .bind(&now)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
            if held == n {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{n} broadcast messages held for quiet hours"));
}

#[tokio::test]
async fn at_night_the_preview_counts_who_is_in_quiet_hours_and_says_when_they_end() {
    let app = spawn_app().at(karachi(8, 23, 0)).start().await;
    trainees(&app, false).await;
    let (preview, buttons) = compose(&app).await;
    assert_eq!(
        preview,
        format!(
            "{}\n{}",
            t!(&en(), "broadcast-preview-above"),
            render::broadcast_confirm_quiet(
                &en(),
                "everyone registered",
                3,
                2,
                "from 07:00 on Tuesday 9 February (Asia/Karachi)"
            )
        )
    );
    assert!(preview.contains("To: everyone registered (3 people right now)."), "{preview}");
    assert!(preview.contains("2 of them are inside their quiet hours"), "{preview}");
    assert_eq!(buttons, [vec!["bc:send", "bc:urgent"], vec!["bc:schedule", "bc:cancel"], vec!["bc:lang:fr"]]);
    assert!(buttons.iter().flatten().all(|data| data.len() <= 64));
    let labels = app.api.sent_to(COORDINATOR_ID).last().unwrap().body["reply_markup"].to_string();
    assert!(labels.contains(&t!(&en(), "broadcast-send-to-everyone-now")), "{labels}");
}

#[tokio::test]
async fn send_now_at_night_reaches_the_daytime_trainee_at_once_and_the_others_when_their_quiet_hours_end() {
    let app = spawn_app().at(karachi(8, 23, 0)).start().await;
    trainees(&app, true).await;
    let (preview, _) = compose(&app).await;
    assert!(
        preview.contains(
            "3 of them are inside their quiet hours: with Send now they get it when those end, \
             from 07:00 to 08:00 on Tuesday 9 February (Asia/Karachi)."
        ),
        "{preview}"
    );

    let queued = app.tap_until(&coordinator(), "bc:send", "on its way").await;
    assert_eq!(
        queued,
        render::broadcast_queued_quiet(&en(), 1, 4, 3, "from 07:00 to 08:00 on Tuesday 9 February (Asia/Karachi)")
    );
    assert!(
        queued.starts_with("Broadcast #1 is on its way to 4 people; 3 of them are inside their quiet hours"),
        "{queued}"
    );
    app.api.wait_for_text(NEW_YORK, NEWS, DEADLINE).await;
    until_held(&app, 3).await;
    for id in KARACHI.into_iter().chain([DUBAI]) {
        assert_eq!(got_news(&app, id), 0, "{id} is asleep");
    }

    app.clock.set(karachi(9, 7, 0));
    app.tick().await;
    for id in KARACHI {
        app.api.wait_for_text(id, NEWS, DEADLINE).await;
    }
    until_held(&app, 1).await;
    assert_eq!(got_news(&app, DUBAI), 0, "still 06:00 in Dubai");

    app.clock.set(karachi(9, 8, 0));
    app.tick().await;
    app.api.wait_for_text(DUBAI, NEWS, DEADLINE).await;
    for id in KARACHI.into_iter().chain([DUBAI, NEW_YORK]) {
        assert_eq!(got_news(&app, id), 1, "{id} gets it once");
    }
}

#[tokio::test]
async fn send_to_everyone_now_reaches_those_in_quiet_hours_at_once() {
    let app = spawn_app().at(karachi(8, 23, 0)).start().await;
    trainees(&app, true).await;
    compose(&app).await;
    let queued = app.tap_until(&coordinator(), "bc:urgent", "on its way").await;
    assert_eq!(queued, render::broadcast_queued(&en(), 1, 4));
    for id in KARACHI.into_iter().chain([DUBAI, NEW_YORK]) {
        app.api.wait_for_text(id, NEWS, DEADLINE).await;
    }
    let (urgent,): (bool,) =
        sqlx::query_as("SELECT urgent FROM broadcasts WHERE id = 1").fetch_one(app.db.pool()).await.unwrap();
    assert!(urgent);
}

#[tokio::test]
async fn in_the_daytime_the_preview_and_send_now_are_as_before() {
    let app = spawn_app().at(karachi(8, 12, 0)).start().await;
    seed(&app.db, "CECAC-PILOT", KARACHI).await;
    let (preview, buttons) = compose(&app).await;
    assert_eq!(
        preview,
        format!(
            "{}\n{}",
            t!(&en(), "broadcast-preview-above"),
            render::broadcast_confirm(&en(), "everyone registered", 2)
        )
    );
    assert_eq!(buttons, [vec!["bc:send", "bc:schedule", "bc:cancel"], vec!["bc:lang:fr"]]);
    let queued = app.tap_until(&coordinator(), "bc:send", "on its way").await;
    assert_eq!(queued, render::broadcast_queued(&en(), 1, 2));
    for id in KARACHI {
        app.api.wait_for_text(id, NEWS, DEADLINE).await;
    }
}

#[tokio::test]
async fn a_participant_who_switches_to_french_while_quiet_hours_hold_the_broadcast_gets_the_french_version() {
    const NOUVELLE: &str = "Le bus quitte l'hôtel demain à 8 h 45.";
    let app = spawn_app().at(karachi(8, 23, 0)).start().await;
    seed(&app.db, "CECAC-PILOT", KARACHI).await;
    app.say_until(&coordinator(), "/broadcast", &t!(&en(), "broadcast-audience")).await;
    app.tap_until(&coordinator(), "bc:aud:*", &t!(&en(), "broadcast-ask-message")).await;
    app.say_until(&coordinator(), NEWS, "Send it?").await;
    app.tap_until(&coordinator(), "bc:lang:fr", "Send the French version").await;
    let confirm = app.say_until(&coordinator(), NOUVELLE, "Send it?").await;
    assert!(confirm.contains("2 of them are inside their quiet hours"), "{confirm}");
    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    until_held(&app, 2).await;

    // While it waits, one of them chooses French.
    let switcher = KARACHI[0];
    let french = copes_bot::i18n::Lang::parse("fr").unwrap();
    app.db.set_language(switcher, Some(&french), app.clock.now()).await.unwrap();

    app.clock.set(karachi(9, 7, 0));
    app.tick().await;
    app.api.wait_for_text(switcher, NOUVELLE, DEADLINE).await;
    app.api.wait_for_text(KARACHI[1], NEWS, DEADLINE).await;
    wait_until_nothing_is_owed(&app.db).await;
    assert_eq!(got_news(&app, switcher), 0, "the version in the language chosen before it went");
    assert_eq!(app.api.texts_to(KARACHI[1]).iter().filter(|t| t.as_str() == NOUVELLE).count(), 0);
}
