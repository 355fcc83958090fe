use chrono::{TimeZone, Utc};
use copes_bot::clock::Clock;
use copes_bot::domain::{LocalDateTime, Zone};
use copes_bot::i18n::coordinator as render;

use crate::support::*;

const KARACHI: &str = "Asia/Karachi";

#[tokio::test]
async fn a_reminder_comes_lead_minutes_before_a_session_once() {
    let mut app = spawn_app().programme(ONE_DAY).start().await;
    let u = user(6001, "Trainee");
    register(&app, &u, "DAY-1", &AYESHA).await;

    app.clock.set(karachi(9, 9, 14));
    assert_eq!(app.tick().await.reminders, 0, "not yet");
    app.clock.set(karachi(9, 9, 15));
    assert_eq!(app.tick().await.reminders, 1);
    let call = app.api.wait_for_text(u.id, "Reminder: Opening and welcome", DEADLINE).await;
    assert_eq!(
        call.text().unwrap(),
        [
            t!(&en(), "notice-reminder", title = "Opening and welcome", minutes = 15, start = "09:30", zone = KARACHI),
            t!(&en(), "notice-room", room = "Hall A"),
            t!(&en(), "notice-speaker", speaker = "Head of the Customs Administration"),
        ]
        .join("\n")
    );
    app.clock.set(karachi(9, 9, 20));
    assert_eq!(app.tick().await.reminders, 0, "ticking again queues nothing");
    app.restart().await;
    assert_eq!(app.tick().await.reminders, 0, "nor does a restart");
    app.say(&u, "/help").await;
    assert_eq!(count(&app, u.id, "Reminder: Opening"), 1);
}

#[tokio::test]
async fn reminders_off_means_no_reminders_and_no_digest() {
    let app = spawn_app().programme(ONE_DAY).start().await;
    let on = user(6002, "On");
    let off = user(6003, "Off");
    register(&app, &on, "DAY-1", &AYESHA).await;
    register(&app, &off, "DAY-1", &AYESHA).await;
    app.say(&off, "/reminders off").await;
    app.clock.set(karachi(9, 9, 15));
    let t = app.tick().await;
    assert_eq!((t.reminders, t.digests), (1, 1));
    app.api.wait_for_text(on.id, "Reminder:", DEADLINE).await;
    app.say(&off, "/help").await;
    assert_eq!(count(&app, off.id, "Reminder:") + count(&app, off.id, "Your sessions today"), 0);
}

#[tokio::test]
async fn the_daily_digest_comes_at_each_persons_time_on_days_with_sessions() {
    let app = spawn_app().programme(ONE_DAY).at(karachi(8, 12, 0)).start().await;
    let early = user(6004, "Early");
    let default = user(6005, "Default");
    register(&app, &early, "DAY-1", &AYESHA).await;
    register(&app, &default, "DAY-1", &AYESHA).await;
    app.say(&early, "/digest 07:15").await;

    app.clock.set(karachi(8, 7, 0));
    assert_eq!(app.tick().await.digests, 0, "no sessions on the 8th");
    app.clock.set(karachi(9, 7, 0));
    assert_eq!(app.tick().await.digests, 1, "the default 07:00 digest");
    app.api.wait_for_text(default.id, "Your sessions today", DEADLINE).await;
    app.clock.set(karachi(9, 7, 14));
    assert_eq!(app.tick().await.digests, 0);
    app.clock.set(karachi(9, 7, 15));
    assert_eq!(app.tick().await.digests, 1);
    let digest = app.api.wait_for_text(early.id, "Your sessions today", DEADLINE).await;
    let (opening, risk) = ("Opening and welcome", "Risk management");
    let speaker = "Head of the Customs Administration";
    assert_eq!(
        digest.text().unwrap(),
        [
            t!(&en(), "notice-digest-heading", day = "Tuesday 9 February 2021", zone = KARACHI),
            String::new(),
            t!(
                &en(),
                "notice-session-speaker-room",
                start = "09:30",
                end = "10:30",
                title = opening,
                speaker = speaker,
                room = "Hall A"
            ),
            t!(&en(), "notice-session-room", start = "11:00", end = "12:30", title = risk, room = "Hall B"),
            String::new(),
            t!(&en(), "notice-digest-footer"),
        ]
        .join("\n")
    );
    app.clock.set(karachi(10, 7, 0));
    assert_eq!(app.tick().await.digests, 0, "no sessions on the 10th");
    assert_eq!(count(&app, early.id, "Your sessions today"), 1);
}

/// A Brussels course across the end of winter time (28 March 2021), read by
/// trainees in Karachi (no DST) and New York (DST since 14 March).
const BRUSSELS: &str = r#"
[[course]]
code = "BXL-1"
title = "Brussels seminar"
timezone = "Europe/Brussels"
location = "WCO headquarters"
capacity = 10

[[course.session]]
id = "before"
starts = 2021-03-26T09:00:00
minutes = 60
title = "Before the change"

[[course.session]]
id = "after"
starts = 2021-03-29T09:00:00
minutes = 60
title = "After the change"
"#;

#[tokio::test]
async fn reminders_and_moves_are_right_across_daylight_saving_changes() {
    let utc = |d, h, m| Utc.with_ymd_and_hms(2021, 3, d, h, m, 0).unwrap();
    let app = spawn_app().programme(BRUSSELS).at(utc(20, 12, 0)).start().await;
    let karachi = user(6010, "Karachi");
    let new_york = user(6011, "NewYork");
    register(&app, &karachi, "BXL-1", &AYESHA).await;
    register(&app, &new_york, "BXL-1", &AYESHA).await;
    app.say(&new_york, "/timezone America/New_York").await;

    // 09:00 in Brussels is 08:00 UTC before the change and 07:00 UTC after.
    app.clock.set(utc(26, 7, 44));
    assert_eq!(app.tick().await.reminders, 0);
    app.clock.set(utc(26, 7, 45));
    assert_eq!(app.tick().await.reminders, 2);
    app.api.wait_for_text(karachi.id, "at 13:00 (Asia/Karachi)", DEADLINE).await;
    app.api.wait_for_text(new_york.id, "at 04:00 (America/New_York)", DEADLINE).await;
    app.clock.set(utc(29, 6, 44));
    assert_eq!(app.tick().await.reminders, 0);
    app.clock.set(utc(29, 6, 45));
    assert_eq!(app.tick().await.reminders, 2);
    app.api.wait_for_text(karachi.id, "After the change starts in 15 min, at 12:00 (Asia/Karachi)", DEADLINE).await;
    app.api
        .wait_for_text(new_york.id, "After the change starts in 15 min, at 03:00 (America/New_York)", DEADLINE)
        .await;

    // A coordinator moves a session by the course's wall clock; the hour
    // that does not exist is refused.
    let gap = app.say(&coordinator(), "/move after 2021-03-28 02:30").await;
    assert_eq!(
        gap,
        render::move_gap(
            &en(),
            LocalDateTime::parse("2021-03-28 02:30").unwrap(),
            Zone::parse("Europe/Brussels").unwrap()
        )
    );
    app.say_until(&coordinator(), "/move after 2021-03-30 09:00", "Done").await;
    assert_eq!(app.db.session("after").await.unwrap().unwrap().starts_at, utc(30, 7, 0));
}

#[tokio::test]
async fn a_moved_session_is_announced_at_once_and_its_old_reminder_never_fires() {
    let app = spawn_app().programme(ONE_DAY).start().await;
    let u = user(6020, "Mover");
    register(&app, &u, "DAY-1", &AYESHA).await;
    let done = app.say_until(&coordinator(), "/move open 2021-02-09 14:00", "Done").await;
    assert!(done.contains("1 participant will be told now"), "{done}");
    let notice = app.api.wait_for_text(u.id, "Programme change", DEADLINE).await;
    let (now, was) = ("Tuesday 9 February, 14:00", "Tuesday 9 February, 09:30");
    assert_eq!(
        notice.text().unwrap(),
        [
            t!(&en(), "notice-change", title = "Opening and welcome"),
            t!(&en(), "notice-change-time", when = now, end = "15:00", zone = KARACHI, was = was),
        ]
        .join("\n")
    );
    app.clock.set(karachi(9, 9, 15));
    assert_eq!(app.tick().await.reminders, 0, "the old time's reminder is gone");
    app.clock.set(karachi(9, 13, 45));
    assert_eq!(app.tick().await.reminders, 1);
    app.api.wait_for_text(u.id, "Reminder: Opening and welcome starts in 15 min, at 14:00", DEADLINE).await;

    app.say_until(&coordinator(), "/room risk Syndicate Room 2", "Done").await;
    app.api
        .wait_for_text(u.id, &t!(&en(), "notice-change-room", room = "Syndicate Room 2", was = "Hall B"), DEADLINE)
        .await;
    app.say_until(&coordinator(), "/cancelsession risk", "Done").await;
    let cancelled = t!(&en(), "notice-change-cancelled", title = "Risk management", when = "Tuesday 9 February, 11:00");
    app.api.wait_for_text(u.id, &cancelled, DEADLINE).await;
    app.clock.set(karachi(9, 10, 45));
    assert_eq!(app.tick().await.reminders, 0, "no reminder for a cancelled session");

    assert_eq!(app.say(&coordinator(), "/move nope 2021-02-09 14:00").await, render::no_such_session(&en(), "nope"));
    assert_eq!(app.say(&coordinator(), "/move open tomorrow").await, t!(&en(), "coordinator-move-usage"));
    assert_eq!(
        app.say(&coordinator(), "/move open 2021-02-30 14:00").await,
        render::bad_move_time(&en(), "2021-02-30 14:00")
    );
    assert_eq!(app.say(&coordinator(), "/room open").await, t!(&en(), "coordinator-room-usage"));
    assert_eq!(app.say(&u, "/move open 2021-02-09 15:00").await, t!(&en(), "not-allowed"));
}

#[tokio::test]
async fn a_changed_time_found_by_reload_is_announced_and_a_coordinators_move_survives_an_unrelated_reload() {
    let app = spawn_app().programme(ONE_DAY).start().await;
    let u = user(6030, "Reloaded");
    register(&app, &u, "DAY-1", &AYESHA).await;
    app.say_until(&coordinator(), "/room open Hall C", "Done").await;
    app.api.wait_for_text(u.id, "Room: Hall C", DEADLINE).await;

    let path = app.config_dir.join("programme.toml");
    let edited =
        std::fs::read_to_string(&path).unwrap().replace("starts = 2021-02-09T11:00:00", "starts = 2021-02-09T11:30:00");
    std::fs::write(&path, edited).unwrap();
    let diff = app.say(&coordinator(), "/reload").await;
    assert!(diff.contains("Sessions: changed 1 (risk)"), "{diff}");
    app.api.wait_for_text(u.id, "Now Tuesday 9 February, 11:30–13:00", DEADLINE).await;
    assert_eq!(app.db.session("open").await.unwrap().unwrap().room.as_deref(), Some("Hall C"), "the /room stands");
}

#[tokio::test]
async fn a_person_who_blocked_the_bot_is_skipped_until_they_write_again() {
    let app = spawn_app().programme(ONE_DAY).start().await;
    let u = user(6040, "Blocker");
    register(&app, &u, "DAY-1", &AYESHA).await;
    app.api.fail_next("sendmessage", Some(u.id), Fault::Blocked, 1);
    app.clock.set(karachi(9, 7, 0));
    app.tick().await;
    app.api
        .wait_for_call("the blocked digest", DEADLINE, |c| c.chat_id() == Some(u.id) && c.response_status == 403)
        .await;
    wait_for_state(&app, "digest", "blocked").await;
    app.clock.set(karachi(9, 9, 15));
    app.tick().await;
    wait_for_state(&app, "reminder", "blocked").await;
    assert_eq!(count(&app, u.id, "Reminder:"), 0);

    app.say(&u, "/help").await; // they write again
    app.clock.set(karachi(9, 10, 45));
    app.tick().await;
    app.api.wait_for_text(u.id, "Reminder: Risk management", DEADLINE).await;
    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains("Reminders: sent 1, waiting 0, blocked the bot 1, failed 0"), "{stats}");
}

async fn wait_for_state(app: &TestApp, kind: &str, state: &str) {
    for _ in 0..300 {
        let counts = app.db.outbox_counts().await.unwrap();
        if counts.iter().any(|(k, s, n)| k == kind && s == state && *n > 0) {
            return;
        }
        // The outbox is a table, not an event: poll it briefly.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no {kind} reached {state}");
}

#[tokio::test]
async fn too_many_requests_pauses_for_retry_after_and_resends_once() {
    let app = spawn_app().programme(ONE_DAY).start().await;
    let u = user(6050, "Patient");
    register(&app, &u, "DAY-1", &AYESHA).await;
    app.api.fail_next("sendmessage", Some(u.id), Fault::RetryAfter(1), 1);
    app.clock.set(karachi(9, 9, 15));
    app.tick().await;
    let refused = app.api.wait_for_call("the 429", DEADLINE, |c| c.response_status == 429).await;
    let resent = app.api.wait_for_text(u.id, "Reminder:", DEADLINE).await;
    assert!(resent.seq > refused.seq);
    app.say(&u, "/help").await;
    assert_eq!(count(&app, u.id, "Reminder:"), 1);
}

#[tokio::test]
async fn a_stop_mid_delivery_neither_loses_nor_repeats_messages() {
    let mut app = spawn_app().programme(ONE_DAY).telegram_limits(30, 1).start().await;
    let ids: Vec<i64> = (7000..7090).collect();
    seed(&app.db, "DAY-1", ids.iter().copied()).await;
    app.clock.set(karachi(9, 9, 15));
    assert_eq!(app.tick().await.reminders, ids.len());
    // Stop once some, not all, have gone out (30 a second).
    app.api.wait_for_texts(ids[0], 1, DEADLINE).await;
    app.api.wait_for_call("a few sends", DEADLINE, |c| c.method == "sendmessage" && c.seq > 40).await;
    app.stop().await;
    let before = ids.iter().filter(|id| count(&app, **id, "Reminder:") > 0).count();
    assert!(before < ids.len(), "stopped mid-way ({before} sent)");
    app.start_again().await;
    for id in &ids {
        app.api.wait_for_text(*id, "Reminder:", DEADLINE).await;
    }
    let twice: Vec<_> = ids.iter().filter(|id| count(&app, **id, "Reminder:") > 1).collect();
    assert!(twice.is_empty(), "sent twice: {twice:?}");
}

#[tokio::test]
async fn a_reminder_missed_while_down_goes_out_late_if_the_session_is_on_else_it_is_counted_as_missed() {
    let mut app = spawn_app().programme(ONE_DAY).start().await;
    let u = user(6070, "Late");
    register(&app, &u, "DAY-1", &AYESHA).await;
    app.tick().await;
    app.stop().await;
    // Down from 08:00 to 11:10: "open" (09:30–10:30) is over, "risk" (11:00–12:30) is on.
    app.clock.set(karachi(9, 11, 10));
    app.start_again().await;
    // The app ticks as it starts; a second tick must find nothing more.
    app.tick().await;
    app.api.wait_for_text(u.id, "Under way: Risk management began at 11:00 and runs until 12:30", DEADLINE).await;
    assert_eq!(app.tick().await, Default::default());
    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains("missed while the bot was down 1"), "{stats}");
}

#[tokio::test]
async fn non_urgent_messages_wait_for_the_end_of_quiet_hours_in_the_recipients_zone() {
    let bot = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/bot.toml"))
        .unwrap()
        .replace("quiet_hours = \"22:00-07:00\"", "quiet_hours = \"06:00-07:30\"");
    let app = spawn_app().programme(ONE_DAY).bot_toml(&bot).start().await;
    let u = user(6080, "Sleeper");
    register(&app, &u, "DAY-1", &AYESHA).await;
    app.clock.set(karachi(9, 7, 0));
    assert_eq!(app.tick().await.digests, 1);
    app.say(&u, "/help").await;
    assert_eq!(count(&app, u.id, "Your sessions today"), 0, "held during quiet hours");
    app.clock.set(karachi(9, 7, 30));
    app.api.wait_for_text(u.id, "Your sessions today", DEADLINE).await;
}

#[tokio::test]
async fn interactive_replies_keep_the_rate_limits_too() {
    let app = spawn_app().telegram_limits(30, 1).start().await;
    let u = user(6090, "Quick");
    // /start with a code answers with two messages: a second apart, never together.
    app.say_until(&u, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;
    assert!(app.api.rate_violations().is_empty());
}

/// `u` writes to the bot from a Telegram set to `lang`; returns once the bot
/// has noted it, so what is queued for them from then on reads in it.
async fn writes_from_a_telegram_in(app: &TestApp, u: &TgUser, lang: &str) {
    app.say(u, "/help").await;
    let give_up = std::time::Instant::now() + DEADLINE;
    while app.db.language_settings(u.id).await.unwrap().telegram.as_ref().map(|l| l.as_str()) != Some(lang) {
        assert!(std::time::Instant::now() < give_up, "the bot never noted {}'s Telegram language", u.id);
        // Noted when the update's handling ends, just after the reply.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_french_participant_gets_the_digest_reminders_changes_and_a_freed_place_in_french() {
    let programme = format!(
        "{ONE_DAY}\n[[course]]\ncode = \"TINY-1\"\ntitle = \"Une place\"\nlocation = \"Salle 1\"\ncapacity = 1\n"
    );
    let app = spawn_app().programme(&programme).at(karachi(8, 12, 0)).start().await;
    let amina = french(6101, "Amina");
    let holder = user(6102, "Holder");
    seed(&app.db, "DAY-1", [amina.id]).await;
    seed(&app.db, "TINY-1", [holder.id, amina.id]).await;
    writes_from_a_telegram_in(&app, &amina, "fr").await;

    // The digest: the day and month in French, times as written in French.
    app.clock.set(karachi(9, 7, 0));
    assert_eq!(app.tick().await.digests, 1);
    let digest = app.api.wait_for_text(amina.id, "Vos séances", DEADLINE).await;
    let digest = digest.text().unwrap();
    let heading = t!(&fr(), "notice-digest-heading", day = "mardi 9 février 2021", zone = KARACHI);
    assert!(digest.starts_with(&heading), "{digest}");
    assert!(
        digest.contains("\n9 h 30–10 h 30  Opening and welcome — Head of the Customs Administration (Hall A)\n"),
        "{digest}"
    );
    assert!(digest.ends_with(&t!(&fr(), "notice-digest-footer")), "{digest}");

    // The reminder, a quarter of an hour before.
    app.clock.set(karachi(9, 9, 15));
    assert_eq!(app.tick().await.reminders, 1);
    let reminder = app.api.wait_for_text(amina.id, "Opening and welcome commence", DEADLINE).await;
    assert_eq!(
        reminder.text().unwrap(),
        [
            t!(&fr(), "notice-reminder", title = "Opening and welcome", minutes = 15, start = "9 h 30", zone = KARACHI),
            t!(&fr(), "notice-room", room = "Hall A"),
            t!(&fr(), "notice-speaker", speaker = "Head of the Customs Administration"),
        ]
        .join("\n")
    );

    // A coordinator (in English) moves a session; she is told in French.
    app.api.text_from(&coordinator(), "/move risk 2021-02-09 14:00");
    let change = app.api.wait_for_text(amina.id, "Changement de programme", DEADLINE).await;
    let (now, was) = ("mardi 9 février à 14 h 00", "mardi 9 février à 11 h 00");
    assert_eq!(
        change.text().unwrap(),
        [
            t!(&fr(), "notice-change", title = "Risk management"),
            t!(&fr(), "notice-change-time", when = now, end = "15 h 30", zone = KARACHI, was = was),
        ]
        .join("\n")
    );

    // A place frees up for her on the wait-list.
    app.tap_until(&holder, "wd:TINY-1", "").await;
    let promoted = t!(&fr(), "notice-promoted", course = "TINY-1", title = "Une place");
    assert!(promoted.starts_with("Bonne nouvelle"), "{promoted}");
    app.api.wait_for_text(amina.id, &promoted, DEADLINE).await;

    for english in ["Your sessions today", "Reminder:", "Programme change", "Good news"] {
        assert_eq!(count(&app, amina.id, english), 0, "{english}");
    }
}

#[tokio::test]
async fn a_reminder_queued_while_a_participant_read_english_arrives_in_french_once_they_switch() {
    // The day before: no digest is due while they are seeded.
    let app = spawn_app().programme(ONE_DAY).at(karachi(8, 12, 0)).start().await;
    let u = user(6110, "Switcher");
    seed(&app.db, "DAY-1", [u.id]).await;
    // No digest in the way: the one message queued is the reminder.
    app.say(&u, "/digest 20:00").await;
    app.api.fail_next("sendmessage", Some(u.id), Fault::ServerError(502), 1);
    app.clock.set(karachi(9, 9, 15));
    assert_eq!(app.tick().await.reminders, 1);
    app.api
        .wait_for_call("the reminder's first try, in English", DEADLINE, |c| {
            c.response_status == 502
                && c.chat_id() == Some(u.id)
                && c.text().is_some_and(|t| t.starts_with("Reminder: Opening and welcome"))
        })
        .await;
    // Back in the queue (the failure is recorded just after Telegram's answer).
    let give_up = std::time::Instant::now() + DEADLINE;
    loop {
        let (state, attempts): (String, i64) =
            sqlx::query_as("SELECT state, attempts FROM outbox WHERE chat_id = ? AND kind = 'reminder'")
                .bind(u.id)
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        if state == "pending" && attempts >= 1 {
            break;
        }
        assert!(std::time::Instant::now() < give_up, "the reminder is still {state}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    // They switch to French (as /language fr does) while it waits.
    app.db.set_language(u.id, Some(&fr()), app.clock.now()).await.unwrap();
    app.clock.advance(chrono::Duration::seconds(5));
    let reminder = app.api.wait_for_text(u.id, "Opening and welcome commence", DEADLINE).await;
    let french =
        t!(&fr(), "notice-reminder", title = "Opening and welcome", minutes = 15, start = "9 h 30", zone = KARACHI);
    assert!(reminder.text().unwrap().starts_with(&french), "{:?}", reminder.text());
    assert_eq!(count(&app, u.id, "Reminder:"), 0, "nothing reached them in English");
}
