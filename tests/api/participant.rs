use chrono::TimeZone;

use crate::support::*;

/// Two days in Karachi, one cancelled-free session each, for exact
/// assertions on times.
const TWO_DAYS: &str = r#"
[[course]]
code = "TWO-DAYS"
title = "Two days"
timezone = "Asia/Karachi"
location = "Customs Training Centre, Karachi"
capacity = 10

[[course.session]]
id = "a-open"
starts = 2021-02-09T09:30:00
minutes = 60
title = "Opening and welcome"
speaker = "Head of the Customs Administration"
room = "Hall A"

[[course.session]]
id = "b-risk"
starts = 2021-02-10T11:00:00
minutes = 90
title = "Risk management"
room = "Hall B"
"#;

#[tokio::test]
async fn schedule_shows_the_programme_by_day_in_the_participants_zone() {
    let app = spawn_app().programme(TWO_DAYS).start().await;
    let u = user(2001, "Maryam");
    let before = app.say(&u, "/schedule").await;
    assert!(before.starts_with(&t!(&en(), "not-registered-showing-all")), "{before}");
    register(&app, &u, "TWO-DAYS", &AYESHA).await;

    let schedule = app.say(&u, "/schedule").await;
    assert!(
        schedule.contains(
            "Tuesday 9 February 2021\n09:30–10:30  Opening and welcome — Head of the Customs Administration (Hall A)"
        ),
        "{schedule}"
    );
    assert!(schedule.contains("Wednesday 10 February 2021\n11:00–12:30  Risk management (Hall B)"), "{schedule}");
    assert!(schedule.contains("Times in Asia/Karachi"), "{schedule}");

    let set = app.say(&u, "/timezone europe/brussels").await;
    assert!(set.starts_with("Your time zone is now Europe/Brussels"), "{set}");
    let schedule = app.say(&u, "/schedule").await;
    assert!(schedule.contains("Tuesday 9 February 2021\n05:30–06:30  Opening and welcome"), "{schedule}");
    assert!(schedule.contains("Times in Europe/Brussels"), "{schedule}");

    // Across midnight: in Los Angeles the first session is still the 8th.
    app.say(&u, "/timezone America/Los_Angeles").await;
    let schedule = app.say(&u, "/schedule").await;
    assert!(schedule.contains("Monday 8 February 2021\n20:30–21:30  Opening and welcome"), "{schedule}");
}

#[tokio::test]
async fn today_and_next_follow_the_clock_and_the_zone() {
    let app = spawn_app().programme(TWO_DAYS).start().await;
    let u = user(2002, "Nadia");
    register(&app, &u, "TWO-DAYS", &AYESHA).await;

    let today = app.say(&u, "/today").await;
    assert!(today.contains("Today, Tuesday 9 February 2021"), "{today}");
    assert!(today.contains("09:30–10:30  Opening and welcome"), "{today}");
    assert!(!today.contains("Risk management"), "{today}");
    let next = app.say(&u, "/next").await;
    assert!(next.contains("in 1 h 30 min") && next.contains("Opening and welcome"), "{next}");

    app.clock.set(chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 9, 10, 0, 0).unwrap().to_utc());
    let next = app.say(&u, "/next").await;
    assert!(next.contains("Risk management") && next.contains("Wednesday 10 February 2021"), "{next}");

    app.clock.set(chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 13, 9, 0, 0).unwrap().to_utc());
    assert_eq!(app.say(&u, "/today").await, "No sessions today (Saturday 13 February 2021).");
    assert_eq!(app.say(&u, "/next").await, t!(&en(), "no-next-session"));
}

#[tokio::test]
async fn timezone_is_checked_against_the_iana_database() {
    let app = spawn_app().start().await;
    let u = user(2003, "Omar");
    assert_eq!(app.say(&u, "/timezone").await, t!(&en(), "timezone-usage", zone = "Asia/Karachi"));
    assert_eq!(app.say(&u, "/timezone Mars/Olympus").await, t!(&en(), "timezone-unknown", typed = "Mars/Olympus"));
    assert_eq!(
        app.say(&u, "/timezone '; DROP TABLE people;--").await,
        t!(&en(), "timezone-unknown", typed = "'; DROP TABLE people;--")
    );
    let ok = app.say(&u, "/timezone America/New_York").await;
    assert!(ok.starts_with("Your time zone is now America/New_York (it is 22:00 there)"), "{ok}");
    assert_eq!(app.db.person(u.id).await.unwrap().unwrap().timezone.unwrap().name(), "America/New_York");
}

#[tokio::test]
async fn reminder_settings_are_validated_and_kept() {
    let app = spawn_app().start().await;
    let u = user(2004, "Parveen");
    assert_eq!(app.say(&u, "/reminders off").await, t!(&en(), "reminders-off"));
    assert_eq!(app.say(&u, "/reminders").await, t!(&en(), "reminders-off"));
    assert_eq!(app.say(&u, "/reminders maybe").await, t!(&en(), "reminders-usage"));
    assert_eq!(app.say(&u, "/reminders ON").await, t!(&en(), "reminders-on"));
    assert_eq!(app.say(&u, "/digest 25:00").await, t!(&en(), "digest-invalid", typed = "25:00"));
    assert_eq!(app.say(&u, "/digest 7:30").await, t!(&en(), "digest-set", time = "07:30", zone = "Asia/Karachi"));
    assert_eq!(app.say(&u, "/digest").await, t!(&en(), "digest-usage", time = "07:30"));
    // The shipped quiet hours are 22:00-07:00.
    assert_eq!(
        app.say(&u, "/digest 06:30").await,
        format!(
            "{} {}",
            t!(&en(), "digest-set", time = "06:30", zone = "Asia/Karachi"),
            t!(&en(), "digest-in-quiet-hours", start = "22:00", end = "07:00")
        )
    );
}

#[tokio::test]
async fn profile_shows_what_is_stored_and_its_buttons_edit_a_field() {
    let app = spawn_app().start().await;
    let u = user(2005, "Qasim");
    assert_eq!(app.say(&u, "/profile").await, t!(&en(), "no-profile"));
    register(&app, &u, "CECAC-PILOT", &AYESHA).await;
    let profile = app.say(&u, "/profile").await;
    assert!(
        profile.contains("Name: Ayesha Khan") && profile.contains("CECAC-PILOT") && profile.contains("registered"),
        "{profile}"
    );
    assert!(app.api.sent_to(u.id).pop().unwrap().body["reply_markup"].to_string().contains("prof:position"));

    app.tap_until(&u, "prof:position", &t!(&en(), "ask-position")).await;
    let bad = app.say(&u, "x").await;
    assert!(bad.contains("between 2 and 200 characters"), "{bad}");
    app.say_until(&u, "Deputy Collector", "Position: Deputy Collector").await;
    assert_eq!(app.db.person(u.id).await.unwrap().unwrap().position.unwrap().as_str(), "Deputy Collector");
}

#[tokio::test]
async fn mydata_sends_everything_stored_as_a_json_document() {
    let app = spawn_app().start().await;
    let u = user(2006, "Rubina");
    register(&app, &u, "CECAC-PILOT", &AYESHA).await;
    app.say(&u, "/timezone Europe/Brussels").await;
    app.say(&u, "Can I bring my spouse to Karachi?").await;
    app.api.text_from(&u, "/mydata");
    let call = app
        .api
        .wait_for_call("the data document", DEADLINE, |c| c.method == "senddocument" && c.chat_id() == Some(u.id))
        .await;
    let upload = &call.uploads[0];
    assert_eq!(upload.file_name.as_deref(), Some("my-data.json"));
    let doc: serde_json::Value = serde_json::from_slice(&upload.bytes).unwrap();
    assert_eq!(doc["telegram_user_id"], u.id);
    assert_eq!(doc["profile"]["full_name"], AYESHA.name);
    assert_eq!(doc["profile"]["email"], AYESHA.email);
    assert_eq!(doc["profile"]["timezone"], "Europe/Brussels");
    assert_eq!(doc["registrations"][0]["course_code"], "CECAC-PILOT");
    assert_eq!(doc["registrations"][0]["status"], "registered");
    assert_eq!(doc["enquiries"][0]["number"], 1);
    assert_eq!(doc["enquiries"][0]["status"], "open");
    assert_eq!(doc["enquiries"][0]["messages"][0]["body"], "Can I bring my spouse to Karachi?");
    assert_eq!(doc["questions"][0]["text"], "Can I bring my spouse to Karachi?");
    assert_eq!(doc["questions"][0]["outcome"], "enquiry");
}

#[tokio::test]
async fn forgetme_deletes_personal_data_only_after_the_confirm_button() {
    let app = spawn_app().start().await;
    let u = user(2007, "Saima");
    register(&app, &u, "CECAC-PILOT", &AYESHA).await;
    assert_eq!(app.say(&u, "/forgetme").await, t!(&en(), "forget-confirm"));
    app.tap_until(&u, "forget:no", &t!(&en(), "kept")).await;
    assert!(app.db.person(u.id).await.unwrap().is_some());

    app.say(&u, "/forgetme").await;
    app.tap_until(&u, "forget:yes", &t!(&en(), "forgotten")).await;
    app.clock.set(chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 9, 9, 15, 0).unwrap().to_utc());
    assert_eq!(app.tick().await.reminders, 0, "no reminders for someone forgotten");
    assert!(app.db.person(u.id).await.unwrap().is_none());
    assert!(app.db.registrations_of(u.id).await.unwrap().is_empty());
    assert!(app.db.roster(None).await.unwrap().is_empty());
    assert_eq!(app.say(&u, "/profile").await, t!(&en(), "no-profile"));
}

#[tokio::test]
async fn help_lists_the_participants_commands() {
    let app = spawn_app().start().await;
    let u = user(2008, "Tariq");
    let help = app.say(&u, "/help").await;
    for cmd in copes_bot::bot::PARTICIPANT_MENU {
        assert!(help.contains(&format!("/{cmd} ")), "help lacks /{cmd}");
    }
    assert!(!help.contains("/export"), "no coordinator commands for participants");
}

#[tokio::test]
async fn unknown_commands_and_messages_without_text_get_a_helpful_reply() {
    let app = spawn_app().start().await;
    let u = user(2009, "Uzma");
    assert_eq!(app.say(&u, "/frobnicate now").await, t!(&en(), "unknown-command", command = "/frobnicate"));
    let contents = [
        serde_json::json!({"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512, "height": 512, "is_animated": false, "is_video": false}}),
        serde_json::json!({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}}),
    ];
    for (i, content) in contents.into_iter().enumerate() {
        app.api.message_from(&u, content);
        let texts = app.api.wait_for_texts(u.id, 2 + i, DEADLINE).await;
        assert_eq!(texts[1 + i], t!(&en(), "enquiry-non-text"));
    }
    let plain = app.say(&u, "What is the capital of France?").await;
    assert_eq!(plain, t!(&en(), "enquiry-opened", id = 1));
}

#[tokio::test]
async fn faq_lists_topics_as_buttons_and_a_tap_answers() {
    let faq = r#"
[[faq]]
id = "certificate"
question = "Will I receive a certificate?"
keywords = ["certificate"]
answer = "Yes, at the closing ceremony."
"#;
    let app = spawn_app().faq(faq).start().await;
    let u = user(2010, "Waqar");
    assert_eq!(app.say(&u, "/faq").await, t!(&en(), "faq-topics"));
    assert!(app.api.sent_to(u.id).pop().unwrap().body["reply_markup"].to_string().contains("faq:certificate"));
    let answer = app.tap_until(&u, "faq:certificate", "closing ceremony").await;
    assert_eq!(answer, "Will I receive a certificate?\n\nYes, at the closing ceremony.");
}

#[tokio::test]
async fn a_question_in_ones_own_words_gets_the_faq_answer_and_a_did_it_help_question() {
    let app = spawn_app().start().await;
    let u = user(2011, "Curious");
    let answer = app.say(&u, "when does the CORSE start??").await;
    assert!(
        answer
            .starts_with("When does the course start and end?\n\nThe CECAC pilot course runs from Tuesday 9 February"),
        "{answer}"
    );
    assert!(answer.ends_with("Did this answer your question?"));
    let markup = app.api.sent_to(u.id).pop().unwrap().body["reply_markup"].to_string();
    assert!(markup.contains("faqfb:yes:1") && markup.contains("faqfb:no:1"), "{markup}");
    app.tap_until(&u, "faqfb:yes:1", &t!(&en(), "faq-glad")).await;

    let wear = app.say(&u, "/ask what should I wear?").await;
    assert!(wear.starts_with("What is the dress code?"), "{wear}");
    app.tap_until(&u, "faqfb:no:2", "enquiry #1").await;
    assert_eq!(app.say(&u, "/ask").await, t!(&en(), "ask-usage"));
}
