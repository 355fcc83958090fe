use crate::support::*;

#[tokio::test]
async fn the_same_update_delivered_twice_has_one_effect() {
    let app = spawn_app().start().await;
    let u = user(4001, "Zara");
    app.say_until(&u, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;
    let id = app.api.text_from(&u, "Zara Malik");
    app.api.wait_for_text(u.id, &t!(&en(), "ask-administration"), DEADLINE).await;
    app.api.push_update_again(id);
    // Updates of one chat are handled in order, so once the next answer is
    // handled the duplicate has been too.
    app.say_until(&u, "Pakistan Customs", &t!(&en(), "ask-position")).await;
    let prompts = app.api.texts_to(u.id).iter().filter(|t| **t == t!(&en(), "ask-administration")).count();
    assert_eq!(prompts, 1, "the duplicate was not handled again");

    app.say_until(&u, "Inspector", &t!(&en(), "ask-email")).await;
    app.say_until(&u, "zara@fbr.gov.pk", "Please check").await;
    let confirm = app.api.callback_from(&u, "reg:confirm", None);
    app.api.wait_for_text(u.id, "You are registered", DEADLINE).await;
    app.api.push_update_again(confirm);
    app.say(&u, "/help").await;
    assert_eq!(app.api.texts_to(u.id).iter().filter(|t| t.contains("You are registered")).count(), 1);
    assert_eq!(app.db.roster(None).await.unwrap().len(), 1);
}

#[tokio::test]
async fn hostile_text_is_stored_and_shown_back_exactly() {
    let app = spawn_app().start().await;
    let u = user(4002, "Hostile");
    // Right-to-left script, emoji, every Markdown/HTML markup character and
    // an SQL fragment: none of it may be altered, escaped away or executed.
    let name = "مریم 👩🏽‍💼 <b>*_~`[x](y)</b> '); DROP TABLE people;--";
    let admin = "Customs & Excise <i>\"Karachi\"</i> \\ | {}";
    // A right-to-left mark is ordinary text; an override (U+202E), which
    // would make the line read otherwise than it is stored, is refused.
    let position = "Inspector \u{200f}(BPS-17)\u{200f} <script>alert(1)</script> OR 1=1;--";
    app.say_until(&u, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;
    app.say_until(&u, name, &t!(&en(), "ask-administration")).await;
    app.say_until(&u, admin, &t!(&en(), "ask-position")).await;
    let refused = app.say(&u, "Inspector \u{202e}RTL\u{202c}").await;
    assert!(refused.contains("reorder text") && refused.contains("Please send it again"), "{refused}");
    app.say_until(&u, position, &t!(&en(), "ask-email")).await;
    let summary = app.say(&u, "o'brien+x@fbr.gov.pk").await;
    assert!(summary.contains(&format!("Name: {name}\n")), "{summary}");
    assert!(summary.contains(&format!("Administration: {admin}\n")), "{summary}");
    assert!(summary.contains(&format!("Position: {position}\n")), "{summary}");
    app.tap_until(&u, "reg:confirm", "You are registered").await;

    let stored = app.db.person(u.id).await.unwrap().unwrap();
    assert_eq!(stored.full_name.unwrap().as_str(), name);
    assert_eq!(stored.administration.unwrap().as_str(), admin);
    assert_eq!(stored.position.unwrap().as_str(), position);
    assert_eq!(stored.email.unwrap().as_str(), "o'brien+x@fbr.gov.pk");
    let profile = app.say(&u, "/profile").await;
    assert!(profile.contains(name) && profile.contains(admin) && profile.contains(position), "{profile}");
    assert!(
        app.api.sent_to(u.id).iter().all(|c| c.body.get("parse_mode").is_none_or(|p| p.is_null())),
        "plain text, no parse mode"
    );
}

#[tokio::test]
async fn a_ten_thousand_character_message_gets_a_clear_reply() {
    let app = spawn_app().start().await;
    let u = user(4003, "Verbose");
    let huge = "ک".repeat(10_000);
    assert_eq!(app.say(&u, &huge).await, t!(&en(), "enquiry-too-long", chars = 10_000, max = 3000));
    app.say_until(&u, "/register", &t!(&en(), "ask-name")).await;
    let reply = app.say(&u, &huge).await;
    assert!(reply.contains("(got 10000)"), "{reply}");
    assert!(reply.chars().count() < 300, "the reply does not echo the flood");
    assert!(app.api.texts_to(u.id).iter().all(|t| t.encode_utf16().count() <= 4096));
}

#[tokio::test]
async fn a_whitespace_only_message_is_answered() {
    let app = spawn_app().start().await;
    let u = user(4004, "Blank");
    assert_eq!(app.say(&u, "   ").await, t!(&en(), "enquiry-empty"));
    app.say_until(&u, "/register", &t!(&en(), "ask-name")).await;
    let reply = app.say(&u, " \n ").await;
    assert!(reply.contains("between 2 and 100 characters (got 0)"), "{reply}");
}

#[tokio::test]
async fn a_long_schedule_is_split_below_telegrams_limit() {
    let mut programme =
        String::from("[[course]]\ncode = \"LONG-1\"\ntitle = \"Long\"\nlocation = \"Here\"\ncapacity = 5\n");
    for i in 0..120 {
        programme.push_str(&format!(
            "[[course.session]]\nid = \"s{i}\"\nstarts = 2021-03-{:02}T{:02}:00:00\nminutes = 45\ntitle = \"Session {i} on a topic with a deliberately long title to fill space\"\nroom = \"Hall {i}\"\n",
            1 + i / 8,
            8 + i % 8,
        ));
    }
    let app = spawn_app().programme(&programme).start().await;
    let u = user(4005, "Reader");
    app.api.text_from(&u, "/schedule");
    app.api.wait_for_text(u.id, "Session 119 on", DEADLINE).await;
    let all = app.api.texts_to(u.id);
    assert!(all.len() >= 3, "split into several messages: {}", all.len());
    assert!(all.iter().all(|t| t.encode_utf16().count() <= 4096));
    let joined = all.join("\n");
    for i in 0..120 {
        assert!(joined.contains(&format!("Session {i} on")), "session {i} missing");
    }
}

#[tokio::test]
async fn a_failure_on_our_side_gets_an_apology_not_silence() {
    let app = spawn_app().start().await;
    let u = user(4006, "Unlucky");
    // A broken database table stands in for any failure inside a handler.
    sqlx::query("DROP TABLE questions").execute(app.db.pool()).await.unwrap();
    assert_eq!(app.say(&u, "Can I bring my spouse to Karachi?").await, t!(&en(), "something-went-wrong"));
    // The rest of the bot carries on.
    assert!(app.say(&u, "/help").await.starts_with("What I can do:"));
}

#[tokio::test]
async fn a_name_stored_by_an_older_version_across_two_lines_is_read_as_one_line_not_refused() {
    let app = spawn_app().start().await;
    let u = user(4007, "Legacy");
    seed(&app.db, "CECAC-PILOT", [u.id]).await;
    // Older versions accepted line breaks and direction overrides.
    sqlx::query("UPDATE people SET full_name = ? WHERE user_id = ?")
        .bind("Ali Khan\nCourse: CECAC-2\u{202e}")
        .bind(u.id)
        .execute(app.db.pool())
        .await
        .unwrap();
    let profile = app.say(&u, "/profile").await;
    assert!(profile.contains("Ali Khan Course: CECAC-2"), "{profile}");
    app.say(&u, "Can I bring my spouse to Karachi?").await;
    let relay = app.api.wait_for_text(STAFF_CHAT_ID, "Enquiry #1 — ", DEADLINE).await;
    let relay = relay.text().unwrap();
    assert!(!relay.contains("\nCourse: CECAC-2"), "the stored break cannot forge a line: {relay}");
}
