use std::process::Stdio;

use copes_bot::db::Db;
use copes_bot::domain::Zone;
use copes_bot::i18n::coordinator as render;

use crate::support::*;

/// Noon on the day before the pilot: no digest or reminder is due, so
/// only the broadcast reaches people.
fn quiet_day() -> chrono::DateTime<chrono::Utc> {
    chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 8, 12, 0, 0).unwrap().to_utc()
}

fn received(api: &FakeApi, chat: i64, needle: &str) -> usize {
    api.texts_to(chat).iter().filter(|t| t.contains(needle)).count()
}

/// The coordinator's side of a broadcast, up to the Send now / Schedule
/// / Cancel buttons.
async fn compose(app: &TestApp, audience: &str, message: &str) -> String {
    app.say_until(&coordinator(), "/broadcast", &t!(&en(), "broadcast-audience")).await;
    app.tap_until(&coordinator(), &format!("bc:aud:{audience}"), &t!(&en(), "broadcast-ask-message")).await;
    app.say_until(&coordinator(), message, "Send it?").await
}

#[tokio::test]
async fn a_broadcast_reaches_every_registered_participant_once_with_a_correct_report() {
    let app = spawn_app().at(quiet_day()).start().await;
    seed(&app.db, "CECAC-PILOT", [8001, 8002, 8003]).await;
    app.api.fail_next("sendmessage", Some(8003), Fault::Blocked, 1);
    let confirm = compose(&app, "*", "Classes start at 09:30 sharp tomorrow.").await;
    assert!(confirm.contains("To: everyone registered (3 people right now)"), "{confirm}");
    assert!(app.api.texts_to(COORDINATOR_ID).contains(&"Classes start at 09:30 sharp tomorrow.".to_owned()), "preview");

    let queued = app.tap_until(&coordinator(), "bc:send", "on its way").await;
    assert!(queued.contains("to 3 people"), "{queued}");
    // Registered after the send: not an addressee.
    seed(&app.db, "CECAC-PILOT", [8004]).await;
    for id in [8001, 8002] {
        app.api.wait_for_text(id, "Classes start at 09:30", DEADLINE).await;
    }
    app.api
        .wait_for_call("the blocked send", DEADLINE, |c| c.chat_id() == Some(8003) && c.response_status == 403)
        .await;
    let report = loop {
        app.tick().await;
        if let Some(r) = app.api.texts_to(COORDINATOR_ID).into_iter().find(|t| t.starts_with("Broadcast report")) {
            break r;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(report.contains("Delivered: 2\nBlocked the bot: 1\nFailed: 0"), "{report}");
    assert_eq!(received(&app.api, 8004, "Classes start"), 0);
    let list = app.say(&coordinator(), "/broadcasts").await;
    assert!(
        list.contains("#1 to everyone registered")
            && list.contains("done: delivered 2, blocked the bot 1, failed 0, waiting 0"),
        "{list}"
    );
    for id in [8001, 8002] {
        assert_eq!(received(&app.api, id, "Classes start"), 1);
    }
}

#[tokio::test]
async fn a_broadcast_to_one_course_reaches_only_its_participants() {
    let app = spawn_app().at(quiet_day()).start().await;
    seed(&app.db, "CECAC-PILOT", [8101]).await;
    seed(&app.db, "CECAC-2", [8102]).await;
    let confirm = compose(&app, "CECAC-2", "Second cohort: bring your ID card.").await;
    assert!(confirm.contains("participants of CECAC-2 (1 person right now)"), "{confirm}");
    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    app.api.wait_for_text(8102, "bring your ID card", DEADLINE).await;
    app.say(&user(8101, "Pilot"), "/help").await;
    assert_eq!(received(&app.api, 8101, "bring your ID card"), 0);
}

#[tokio::test]
async fn a_long_announcement_is_split_on_paragraphs_and_arrives_in_order() {
    let app = spawn_app().at(quiet_day()).start().await;
    seed(&app.db, "CECAC-PILOT", [8201]).await;
    let paragraphs: Vec<String> =
        (1..=6).map(|i| format!("Paragraph {i}: {}", "word ".repeat(300).trim_end())).collect();
    let long = paragraphs.join("\n\n");
    assert!(long.encode_utf16().count() > 8192);
    compose(&app, "*", &long).await;
    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    app.api.wait_for_text(8201, "Paragraph 6:", DEADLINE).await;
    let got = app.api.texts_to(8201);
    assert!(got.len() >= 3 && got.iter().all(|t| t.encode_utf16().count() <= 4096), "{} parts", got.len());
    assert_eq!(got.join("\n\n"), long, "nothing lost, in order");
}

#[tokio::test]
async fn a_photo_with_a_caption_is_previewed_and_broadcast() {
    let app = spawn_app().at(quiet_day()).start().await;
    seed(&app.db, "CECAC-PILOT", [8301]).await;
    app.say_until(&coordinator(), "/broadcast", &t!(&en(), "broadcast-audience")).await;
    app.tap_until(&coordinator(), "bc:aud:*", &t!(&en(), "broadcast-ask-message")).await;
    app.api.message_from(
        &coordinator(),
        serde_json::json!({"photo": [
            {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90},
            {"file_id": "large", "file_unique_id": "l", "width": 1280, "height": 960}
        ], "caption": "The group photo"}),
    );
    app.api.wait_for_text(COORDINATOR_ID, "Send it?", DEADLINE).await;
    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    let sent = app.api.wait_for_text(8301, "The group photo", DEADLINE).await;
    assert_eq!(sent.method, "sendphoto");
    assert_eq!(sent.body["photo"], "large");
}

#[tokio::test]
async fn a_scheduled_broadcast_goes_at_its_local_time_and_cancel_sends_nothing() {
    let app = spawn_app().at(quiet_day()).start().await;
    seed(&app.db, "CECAC-PILOT", [8401]).await;
    compose(&app, "*", "Lunch is served in the garden today.").await;
    app.tap_until(&coordinator(), "bc:schedule", "When?").await;
    let bad = app.say(&coordinator(), "2021-02-08 10:00").await;
    assert_eq!(
        bad,
        render::broadcast_bad_time(&en(), "2021-02-08 10:00", Zone::parse("Asia/Karachi").unwrap()),
        "in the past"
    );
    let ok = app.say(&coordinator(), "2021-02-09 12:30").await;
    assert!(ok.contains("scheduled for Tuesday 9 February 2021, 12:30 (Asia/Karachi)"), "{ok}");
    app.clock.set(chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 9, 12, 29, 0).unwrap().to_utc());
    assert_eq!(app.tick().await.broadcast_messages, 0);
    app.clock.set(chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 9, 12, 30, 0).unwrap().to_utc());
    assert_eq!(app.tick().await.broadcast_messages, 1);
    app.api.wait_for_text(8401, "Lunch is served", DEADLINE).await;

    compose(&app, "*", "This one is never sent.").await;
    app.tap_until(&coordinator(), "bc:cancel", &t!(&en(), "broadcast-cancelled")).await;
    app.tick().await;
    app.say(&user(8401, "P"), "/help").await;
    assert_eq!(received(&app.api, 8401, "never sent"), 0);
}

#[tokio::test]
async fn only_coordinators_can_broadcast() {
    let app = spawn_app().at(quiet_day()).start().await;
    let stranger = user(8501, "Stranger");
    assert_eq!(app.say(&stranger, "/broadcast").await, t!(&en(), "not-allowed"));
    assert_eq!(app.say(&stranger, "/broadcasts").await, t!(&en(), "not-allowed"));
    app.api.callback_from(&stranger, "bc:send", None);
    app.api
        .wait_for_call("the expired tap", DEADLINE, |c| {
            c.method == "answercallbackquery" && c.body["text"] == t!(&en(), "button-expired")
        })
        .await;
    assert!(app.db.broadcasts(10).await.unwrap().is_empty());
}

use chrono::TimeZone;

/// SIGKILL in the middle of a broadcast, then a restart on the same
/// database: everyone gets it, and only items in flight at the kill may
/// arrive twice.
#[tokio::test]
async fn a_kill_mid_broadcast_and_a_restart_deliver_to_everyone_once() {
    let api = FakeApi::start().await;
    api.set_rate_limits(Some(30), Some(1));
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let ids: Vec<i64> = (9000..9150).collect();
    // Its own configuration, placed relative to now, so the broadcast is
    // never held by quiet hours, whatever the time of day; the pilot's
    // capacity raised so all of them hold a place.
    let now = chrono::Utc::now();
    let config_dir = binary_config(dir.path(), now);
    let programme = config_dir.join("programme.toml");
    let text = std::fs::read_to_string(&programme).unwrap();
    assert!(text.contains("capacity = 25"), "the shipped programme.toml changed; update this test");
    std::fs::write(&programme, text.replace("capacity = 25", "capacity = 1000")).unwrap();
    // Ten a second, so the kill lands mid-way even when a loaded machine
    // takes a few seconds to notice the 40th delivery and send SIGKILL.
    let bot_toml = config_dir.join("bot.toml");
    let text = std::fs::read_to_string(&bot_toml).unwrap();
    assert!(text.contains("messages_per_second = 30"), "the shipped bot.toml changed; update this test");
    std::fs::write(&bot_toml, text.replace("messages_per_second = 30", "messages_per_second = 10")).unwrap();
    {
        let db = Db::connect(&url).await.unwrap();
        let config = copes_bot::config::Config::load(&config_dir).unwrap();
        db.import(&config.programme, &config.faq, now).await.unwrap();
        seed(&db, "CECAC-PILOT", ids.iter().copied()).await;
    }
    let start = || {
        let mut cmd = bot_process(&api.url(), &url, &config_dir);
        cmd.env("RUST_LOG", "warn").stdout(Stdio::null()).stderr(Stdio::null());
        cmd.spawn().unwrap()
    };
    // Two binaries starting on a busy two-core machine: wait longer than usual.
    let deadline = std::time::Duration::from_secs(60);
    let mut bot = start();
    api.wait_for_call("the bot to poll", deadline, |c| c.method == "getupdates").await;
    let c = coordinator();
    api.text_from(&c, "/broadcast");
    api.wait_for_text(COORDINATOR_ID, &t!(&en(), "broadcast-audience"), deadline).await;
    api.callback_from(&c, "bc:aud:*", None);
    api.wait_for_text(COORDINATOR_ID, &t!(&en(), "broadcast-ask-message"), deadline).await;
    api.text_from(&c, "The closing ceremony is at 15:00 in Hall A.");
    api.wait_for_text(COORDINATOR_ID, "Send it?", deadline).await;
    api.callback_from(&c, "bc:send", None);
    // Kill it once a good part, not all, has gone out.
    let delivered = |api: &FakeApi| ids.iter().filter(|id| received(api, **id, "closing ceremony") > 0).count();
    api.wait_for_call("some deliveries", deadline, |c| c.chat_id() == Some(ids[40]) && c.method == "sendmessage").await;
    bot.start_kill().unwrap();
    bot.wait().await.unwrap();
    let at_kill = delivered(&api);
    assert!(at_kill < ids.len(), "killed mid-way ({at_kill} delivered)");

    let mut bot = start();
    for id in &ids {
        api.wait_for_text(*id, "closing ceremony", deadline).await;
    }
    let twice = ids.iter().filter(|id| received(&api, **id, "closing ceremony") > 1).count();
    assert!(twice <= 30, "{twice} received it twice; only the in-flight few may");
    assert!(api.rate_violations().is_empty(), "{:?}", api.rate_violations());
    let _ = bot.start_kill();
}

#[tokio::test]
async fn a_running_broadcast_does_not_hold_up_replies_to_people() {
    let big = "[[course]]\ncode = \"BIG-1\"\ntitle = \"Big\"\nlocation = \"Hall\"\ncapacity = 1000\n";
    let app = spawn_app().programme(big).at(quiet_day()).telegram_limits(30, 1).start().await;
    let ids: Vec<i64> = (8600..8690).collect();
    seed(&app.db, "BIG-1", ids.iter().copied()).await;
    compose(&app, "*", "A three-second broadcast.").await;
    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    app.api.wait_for_text(ids[5], "three-second", DEADLINE).await;
    let asker = user(8700, "Asker");
    app.api.text_from(&asker, "/help");
    let answered = app.api.wait_for_text(asker.id, "What I can do", DEADLINE).await;
    let mut last_broadcast = 0;
    for id in &ids {
        last_broadcast = last_broadcast.max(app.api.wait_for_text(*id, "three-second", DEADLINE).await.seq);
    }
    assert!(answered.seq < last_broadcast, "the reply jumped the queue");
}

#[tokio::test]
async fn a_coordinator_in_brussels_schedules_by_their_own_clock_across_the_change_of_time() {
    let utc = |d, h, m| chrono::Utc.with_ymd_and_hms(2021, 3, d, h, m, 0).unwrap();
    let app = spawn_app().at(utc(27, 12, 0)).start().await;
    seed(&app.db, "CECAC-PILOT", [8801]).await;
    app.say(&coordinator(), "/timezone Europe/Brussels").await;
    compose(&app, "*", "Summer time has started.").await;
    app.tap_until(&coordinator(), "bc:schedule", "Europe/Brussels").await;
    let gap = app.say(&coordinator(), "2021-03-28 02:30").await;
    assert_eq!(
        gap,
        render::broadcast_bad_time(&en(), "2021-03-28 02:30", Zone::parse("Europe/Brussels").unwrap()),
        "that time does not exist"
    );
    app.say_until(&coordinator(), "2021-03-28 10:00", "scheduled").await;
    // 10:00 in Brussels on the 28th is 08:00 UTC (CEST), not 09:00.
    app.clock.set(utc(28, 7, 59));
    assert_eq!(app.tick().await.broadcast_messages, 0);
    app.clock.set(utc(28, 8, 0));
    assert_eq!(app.tick().await.broadcast_messages, 1);
    app.api.wait_for_text(8801, "Summer time", DEADLINE).await;
}

#[tokio::test]
async fn a_slow_answer_for_one_person_does_not_hold_up_the_others_and_a_deactivated_account_counts_as_blocked() {
    let app = spawn_app().at(quiet_day()).start().await;
    let ids: Vec<i64> = (8900..8910).collect();
    seed(&app.db, "CECAC-PILOT", ids.iter().copied()).await;
    app.api.fail_next("sendmessage", Some(8900), Fault::Slow(std::time::Duration::from_secs(3)), 1);
    app.api.fail_next("sendmessage", Some(8901), Fault::Deactivated, 1);
    compose(&app, "*", "Bring your laptop.").await;
    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    let mut others = 0;
    for id in &ids[2..] {
        others = others.max(app.api.wait_for_text(*id, "Bring your laptop", DEADLINE).await.seq);
    }
    let slow = app.api.wait_for_text(8900, "Bring your laptop", DEADLINE).await;
    // The slow call is recorded when it is answered, after everyone else's.
    assert!(slow.seq > others, "the others did not wait for the slow one");
    let report = loop {
        app.tick().await;
        if let Some(r) = app.api.texts_to(COORDINATOR_ID).into_iter().find(|t| t.starts_with("Broadcast report")) {
            break r;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(report.contains("Delivered: 9\nBlocked the bot: 1\nFailed: 0"), "{report}");
}

/// The buttons under the last message to `chat` that says `text`, row by
/// row, as (label, callback data).
fn buttons_under(api: &FakeApi, chat: i64, text: &str) -> Vec<Vec<(String, String)>> {
    let call = api.sent_to(chat).into_iter().rev().find(|c| c.text() == Some(text)).expect("the message");
    call.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|row| {
                    row.as_array()
                        .unwrap()
                        .iter()
                        .map(|b| {
                            (b["text"].as_str().unwrap().to_owned(), b["callback_data"].as_str().unwrap().to_owned())
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A participant whose Telegram is set to `language_code`, as the bot last
/// saw it (they wrote to it once).
async fn reader(app: &TestApp, id: i64, language_code: &str) -> TgUser {
    seed(&app.db, "CECAC-PILOT", [id]).await;
    let u = TgUser { language_code: Some(language_code.into()), ..user(id, "Reader") };
    app.say(&u, "/help").await;
    u
}

const ENGLISH: &str = "Classes start at 09:30 sharp tomorrow.";
const FRENCH: &str = "Les cours commencent demain à 9 h 30 précises.";

#[tokio::test]
async fn a_broadcast_with_a_french_version_reaches_each_participant_in_their_language_and_the_preview_shows_both() {
    let app = spawn_app().at(quiet_day()).start().await;
    let english = reader(&app, 8951, "en").await;
    let french = reader(&app, 8952, "fr-FR").await;
    let urdu = reader(&app, 8953, "ur").await;

    let confirm = compose(&app, "*", ENGLISH).await;
    let offered = buttons_under(&app.api, COORDINATOR_ID, &confirm);
    assert_eq!(offered.last().unwrap(), &vec![("Add a French version".to_owned(), "bc:lang:fr".to_owned())]);
    app.tap_until(&coordinator(), "bc:lang:fr", "Send the French version of the text.").await;
    // A version has the kind of the first: this one is text.
    app.api.message_from(
        &coordinator(),
        serde_json::json!({"photo": [{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}]}),
    );
    app.api.wait_for_text(COORDINATOR_ID, &t!(&en(), "broadcast-version-needs-text"), DEADLINE).await;
    let before = app.api.texts_to(COORDINATOR_ID).len();
    let confirm = app.say_until(&coordinator(), FRENCH, "Send it?").await;

    let preview = app.api.texts_to(COORDINATOR_ID)[before..].to_vec();
    assert_eq!(
        preview,
        [
            "English version, for everyone without a version in their language:",
            ENGLISH,
            "French version, for those who read French:",
            FRENCH,
            confirm.as_str(),
        ]
    );
    assert_eq!(
        confirm,
        "Preview above: the versions in English and French. Each participant gets the version in their language, \
         and everyone else the English one.\nTo: everyone registered (3 people right now). Send it?"
    );
    let buttons: Vec<Vec<String>> = buttons_under(&app.api, COORDINATOR_ID, &confirm)
        .into_iter()
        .map(|row| row.into_iter().map(|(_, data)| data).collect())
        .collect();
    assert_eq!(buttons, [["bc:send", "bc:schedule", "bc:cancel"]], "every language has its version");

    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    app.api.wait_for_text(english.id, ENGLISH, DEADLINE).await;
    app.api.wait_for_text(french.id, FRENCH, DEADLINE).await;
    app.api.wait_for_text(urdu.id, ENGLISH, DEADLINE).await;
    wait_until_nothing_is_owed(&app.db).await;
    assert_eq!(received(&app.api, french.id, ENGLISH), 0, "the French reader gets the French version only");
    for id in [english.id, urdu.id] {
        assert_eq!(received(&app.api, id, FRENCH), 0, "{id} reads the main version");
    }

    let list = app.say(&coordinator(), "/broadcasts").await;
    assert!(list.starts_with(&format!("#1 to everyone registered (English and French): \"{ENGLISH}\"")), "{list}");
}

#[tokio::test]
async fn a_photo_gets_a_french_caption_and_the_dialogue_survives_a_restart_on_the_way() {
    let mut app = spawn_app().at(quiet_day()).start().await;
    let english = reader(&app, 8961, "en").await;
    let french = reader(&app, 8962, "fr").await;
    app.say_until(&coordinator(), "/broadcast", &t!(&en(), "broadcast-audience")).await;
    app.tap_until(&coordinator(), "bc:aud:*", &t!(&en(), "broadcast-ask-message")).await;
    app.api.message_from(
        &coordinator(),
        serde_json::json!({"photo": [
            {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90},
            {"file_id": "large", "file_unique_id": "l", "width": 1280, "height": 960}
        ], "caption": "The group photo"}),
    );
    app.api.wait_for_text(COORDINATOR_ID, "Send it?", DEADLINE).await;
    app.tap_until(&coordinator(), "bc:lang:fr", "Send the French caption as text").await;
    app.restart().await;
    app.say_until(&coordinator(), "La photo de groupe", "Send it?").await;
    let photos: Vec<String> = app
        .api
        .sent_to(COORDINATOR_ID)
        .iter()
        .filter(|c| c.method == "sendphoto")
        .map(|c| format!("{} {}", c.body["photo"], c.text().unwrap_or_default()))
        .collect();
    assert_eq!(
        photos,
        ["\"large\" The group photo", "\"large\" The group photo", "\"large\" La photo de groupe"],
        "the first preview, then both versions"
    );

    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    let got = app.api.wait_for_text(french.id, "La photo de groupe", DEADLINE).await;
    assert_eq!((got.method.as_str(), &got.body["photo"]), ("sendphoto", &serde_json::json!("large")));
    app.api.wait_for_text(english.id, "The group photo", DEADLINE).await;
    wait_until_nothing_is_owed(&app.db).await;
    assert_eq!(received(&app.api, french.id, "The group photo"), 0);
    let (translations,): (String,) =
        sqlx::query_as("SELECT translations FROM broadcasts WHERE id = 1").fetch_one(app.db.pool()).await.unwrap();
    let stored: serde_json::Value = serde_json::from_str(&translations).unwrap();
    assert_eq!(stored["fr"]["caption"], "La photo de groupe");
    assert_eq!(stored["en"]["caption"], "The group photo", "the main version, under its language");
}

#[tokio::test]
async fn a_french_coordinator_composes_and_schedules_a_broadcast_in_french() {
    let app = spawn_app().at(quiet_day()).start().await;
    seed(&app.db, "CECAC-PILOT", [8971, 8972]).await;
    let c = TgUser { language_code: Some("fr".into()), ..coordinator() };
    let audience = app.say(&c, "/broadcast").await;
    assert_eq!(audience, "Qui doit recevoir l'annonce\u{a0}?");
    assert_eq!(buttons_under(&app.api, COORDINATOR_ID, &audience)[0][0].0, "Tous les inscrits");
    app.tap_until(&c, "bc:aud:*", "Envoyez l'annonce\u{a0}: un texte").await;
    let confirm = app.say_until(&c, "Les cours commencent demain.", "L'envoyer\u{a0}?").await;
    assert_eq!(
        confirm,
        "Aperçu ci-dessus.\nDestinataires\u{a0}: tous les inscrits (2 personnes en ce moment). L'envoyer\u{a0}?"
    );
    let labels: Vec<String> =
        buttons_under(&app.api, COORDINATOR_ID, &confirm).into_iter().flatten().map(|(label, _)| label).collect();
    assert_eq!(labels, ["Envoyer maintenant", "Programmer", "Annuler", "Ajouter une version en anglais"]);

    app.tap_until(&c, "bc:schedule", "Quand\u{a0}?").await;
    let refused = app.say(&c, "2021-02-08 10:00").await;
    assert!(refused.starts_with("«\u{a0}2021-02-08 10:00\u{a0}» n'est pas dans le futur."), "{refused}");
    let scheduled = app.say(&c, "2021-02-09 12:30").await;
    assert_eq!(
        scheduled,
        "La diffusion n°\u{a0}1 est programmée pour le mardi 9 février 2021 à 12 h 30 (Asia/Karachi). /broadcasts l'affiche."
    );
    let list = app.say(&c, "/broadcasts").await;
    assert_eq!(
        list,
        "n°\u{a0}1 pour tous les inscrits\u{a0}: «\u{a0}Les cours commencent demain.\u{a0}» — programmée\u{a0}: remis 0, \
         bot bloqué 0, échecs 0, en attente 0"
    );
}
