use copes_bot::domain::CourseCode;
use copes_bot::i18n::participant;

use crate::support::*;

/// One small course with room for one, so the wait-list is easy to reach.
const TINY: &str = r#"
[[course]]
code = "TINY-1"
title = "A course with one place"
location = "Room 1"
capacity = 1

[[course.session]]
id = "t1"
starts = 2021-02-09T10:00:00
minutes = 30
title = "Only session"
"#;

#[tokio::test]
async fn a_stranger_registers_through_the_deep_link_dialogue() {
    let app = spawn_app().start().await;
    let ayesha = user(1001, "Ayesha");

    let reply = app.say_until(&ayesha, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;
    assert_eq!(reply, t!(&en(), "ask-name"));
    assert!(app.api.texts_to(ayesha.id)[0].contains("Privacy"), "the welcome carries the privacy notice");
    let summary = answer_profile(&app, &ayesha, &AYESHA).await;
    for part in [AYESHA.name, AYESHA.administration, AYESHA.position, AYESHA.email, "CECAC-PILOT"] {
        assert!(summary.contains(part), "summary lacks {part}: {summary}");
    }
    let last = app.api.sent_to(ayesha.id).pop().unwrap();
    let markup = last.body["reply_markup"].to_string();
    assert!(markup.contains("reg:confirm") && markup.contains("reg:edit"), "{markup}");

    let done = app.tap_until(&ayesha, "reg:confirm", "registered").await;
    assert_eq!(
        done,
        participant::registered(
            &en(),
            &app.db.course(&CourseCode::parse("CECAC-PILOT").unwrap()).await.unwrap().unwrap()
        )
    );
    let roster = app.db.roster(None).await.unwrap();
    assert_eq!(roster.len(), 1);
    assert_eq!(roster[0].full_name.as_deref(), Some(AYESHA.name));
    assert_eq!(roster[0].status.as_str(), "registered");
}

#[tokio::test]
async fn register_without_a_code_offers_only_open_courses_as_buttons() {
    let app = spawn_app().start().await;
    let u = user(1002, "Bilal");
    app.say_until(&u, "/register", &t!(&en(), "ask-name")).await;
    app.say_until(&u, "Bilal Ahmed", &t!(&en(), "ask-administration")).await;
    app.say_until(&u, "Pakistan Customs", &t!(&en(), "ask-position")).await;
    app.say_until(&u, "Assistant Collector", &t!(&en(), "ask-email")).await;
    app.say_until(&u, "bilal@fbr.gov.pk", &t!(&en(), "ask-course")).await;
    let markup = app.api.sent_to(u.id).pop().unwrap().body["reply_markup"].to_string();
    assert!(markup.contains("reg:course:CECAC-PILOT"), "{markup}");
    assert!(!markup.contains("CECAC-2"), "an invite-only course is not offered: {markup}");

    // Typing instead of tapping, or a forged tap on the invite-only course, does not get in.
    assert_eq!(app.say(&u, "CECAC-2").await, t!(&en(), "pick-a-course"));
    app.tap_until(&u, "reg:course:CECAC-2", "no longer in the programme").await;
    let summary = app.tap_until(&u, "reg:course:CECAC-PILOT", "Please check").await;
    assert!(summary.contains("Course: CECAC-PILOT"), "{summary}");
    app.tap_until(&u, "reg:confirm", "You are registered").await;
}

#[tokio::test]
async fn each_answer_is_validated_with_a_clear_reply() {
    let app = spawn_app().start().await;
    let u = user(1003, "Chand");
    app.say_until(&u, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;

    let short = app.say(&u, "A").await;
    assert!(short.contains("between 2 and 100 characters"), "{short}");
    let long = app.say(&u, &"N".repeat(101)).await;
    assert!(long.contains("between 2 and 100 characters (got 101)"), "{long}");
    app.api.message_from(&u, serde_json::json!({"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": false, "is_video": false}}));
    let sticker = app.api.wait_for_text(u.id, "Please answer with text", DEADLINE).await;
    assert!(sticker.text().unwrap().contains(&t!(&en(), "ask-name")));

    app.say_until(&u, "Chand Bibi", &t!(&en(), "ask-administration")).await;
    app.say_until(&u, "Pakistan Customs", &t!(&en(), "ask-position")).await;
    app.say_until(&u, "Assistant Collector", &t!(&en(), "ask-email")).await;
    for bad in ["chand", "chand@", "chand@fbr", "chand bibi@fbr.gov.pk"] {
        let reply = app.say(&u, bad).await;
        assert!(reply.contains("doesn't look like an e-mail address"), "{bad}: {reply}");
    }
    app.say_until(&u, "chand@fbr.gov.pk", "Please check").await;
}

#[tokio::test]
async fn cancel_leaves_the_dialogue_and_stores_nothing() {
    let app = spawn_app().start().await;
    let u = user(1004, "Dawood");
    app.say_until(&u, "/register", &t!(&en(), "ask-name")).await;
    app.say_until(&u, "Dawood Shah", &t!(&en(), "ask-administration")).await;
    assert_eq!(app.say(&u, "/cancel").await, t!(&en(), "cancelled"));
    assert_eq!(app.say(&u, "/cancel").await, t!(&en(), "nothing-to-cancel"));
    // A plain message afterwards is not taken as an answer.
    assert_ne!(app.say(&u, "Pakistan Customs").await, t!(&en(), "ask-position"));
    assert!(app.db.person(u.id).await.unwrap().is_none());
    assert!(app.db.roster(None).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_restart_in_the_middle_of_registration_resumes_where_it_was() {
    let mut app = spawn_app().start().await;
    let u = user(1005, "Erum");
    app.say_until(&u, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;
    app.say_until(&u, "Erum Naz", &t!(&en(), "ask-administration")).await;

    app.restart().await;

    app.say_until(&u, "Pakistan Customs", &t!(&en(), "ask-position")).await;
    app.say_until(&u, "Assistant Collector", &t!(&en(), "ask-email")).await;
    let summary = app.say_until(&u, "erum@fbr.gov.pk", "Please check").await;
    assert!(summary.contains("Name: Erum Naz"), "{summary}");
    app.tap_until(&u, "reg:confirm", "You are registered").await;
}

#[tokio::test]
async fn a_full_course_wait_lists_and_a_withdrawal_gives_the_place_to_the_first_in_line() {
    let app = spawn_app().programme(TINY).start().await;
    let first = user(1006, "Faisal");
    let second = user(1007, "Gul");
    let third = user(1008, "Hina");
    register(&app, &first, "TINY-1", &AYESHA).await;
    let waiting = register(&app, &second, "TINY-1", &AYESHA).await;
    assert!(waiting.contains("waiting list (number 1)"), "{waiting}");
    let waiting = register(&app, &third, "TINY-1", &AYESHA).await;
    assert!(waiting.contains("waiting list (number 2)"), "{waiting}");

    let ask = app.say(&first, "/withdraw").await;
    assert_eq!(ask, t!(&en(), "withdraw-which"));
    app.tap_until(&first, "wd:TINY-1", &t!(&en(), "withdrawn", code = "TINY-1")).await;
    let promoted = t!(&en(), "notice-promoted", course = "TINY-1", title = "A course with one place");
    app.api.wait_for_text(second.id, &promoted, DEADLINE).await;

    let roster = app.db.roster(None).await.unwrap();
    let status = |id: i64| roster.iter().find(|r| r.user_id == id).unwrap().status.as_str();
    assert_eq!(status(first.id), "withdrawn", "kept for the record");
    assert_eq!(status(second.id), "registered");
    assert_eq!(status(third.id), "waitlisted");
    assert!(!app.api.texts_to(third.id).iter().any(|t| t.contains("Good news")));

    assert_eq!(app.say(&first, "/withdraw").await, t!(&en(), "nothing-to-withdraw"));
}

#[tokio::test]
async fn an_invite_only_course_needs_its_invite_code() {
    let app = spawn_app().start().await;
    let u = user(1009, "Imran");
    let refused = app.say_until(&u, "/start CECAC-2", "invitation").await;
    assert_eq!(refused, t!(&en(), "course-invite-only", code = "CECAC-2"));
    assert!(app.db.person(u.id).await.unwrap().is_none());

    app.say_until(&u, "/start CECAC2-INVITE-7F3K", &t!(&en(), "ask-name")).await;
    let summary = answer_profile(&app, &u, &AYESHA).await;
    assert!(summary.contains("Course: CECAC-2"), "{summary}");
    app.tap_until(&u, "reg:confirm", "You are registered for CECAC-2").await;
}

#[tokio::test]
async fn an_unknown_deep_link_says_so() {
    let app = spawn_app().start().await;
    let u = user(1010, "Javed");
    let reply = app.say_until(&u, "/start NO-SUCH-COURSE", "I don't know").await;
    assert_eq!(reply, t!(&en(), "unknown-course", code = "NO-SUCH-COURSE"));
}

#[tokio::test]
async fn edit_from_the_summary_changes_one_answer_and_returns_to_the_summary() {
    let app = spawn_app().start().await;
    let u = user(1011, "Kiran");
    app.say_until(&u, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;
    answer_profile(&app, &u, &AYESHA).await;
    app.tap_until(&u, "reg:edit", &t!(&en(), "which-field")).await;
    app.tap_until(&u, "reg:edit:email", &t!(&en(), "ask-email")).await;
    let summary = app.say_until(&u, "kiran@fbr.gov.pk", "Please check").await;
    assert!(summary.contains("E-mail: kiran@fbr.gov.pk") && summary.contains(AYESHA.position), "{summary}");
    // A tap on a spent button changes nothing.
    app.tap_until(&u, "reg:course:CECAC-PILOT", &t!(&en(), "button-expired")).await;
    app.tap_until(&u, "reg:confirm", "You are registered").await;
    assert_eq!(app.db.person(u.id).await.unwrap().unwrap().email.unwrap().as_str(), "kiran@fbr.gov.pk");
    // After the dialogue, its buttons are dead.
    let expired = app.api.callback_from(&u, "reg:confirm", None);
    let _ = expired;
    app.api
        .wait_for_call("the expired answer", DEADLINE, |c| {
            c.method == "answercallbackquery" && c.body["text"] == t!(&en(), "button-expired")
        })
        .await;
}

#[tokio::test]
async fn registering_again_says_already_registered_and_a_second_course_reuses_the_profile() {
    let app = spawn_app().start().await;
    let u = user(1012, "Laila");
    register(&app, &u, "CECAC-PILOT", &AYESHA).await;
    let again = app.say_until(&u, "/start CECAC-PILOT", "already").await;
    assert!(again.contains("already registered for CECAC-PILOT"), "{again}");

    // The invite-only course: only the confirmation is asked, nothing retyped.
    let summary = app.say_until(&u, "/start CECAC2-INVITE-7F3K", "Please check").await;
    assert!(summary.contains(AYESHA.email) && summary.contains("CECAC-2"), "{summary}");
    app.tap_until(&u, "reg:confirm", "You are registered for CECAC-2").await;
    assert_eq!(app.db.registrations_of(u.id).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_name_that_would_forge_a_line_or_show_nothing_is_refused_with_the_reason() {
    let app = spawn_app().start().await;
    let u = user(1013, "Forger");
    app.say_until(&u, "/start CECAC-PILOT", &t!(&en(), "ask-name")).await;
    // In an enquiry relayed to the coordinators this would read as a second line.
    let forged = app.say(&u, "Ali Khan\nCourse: CECAC-2").await;
    assert!(forged.contains("must be on one line") && forged.contains("Please send your full name again"), "{forged}");
    let blank = app.say(&u, "\u{200b}\u{200b}\u{200d}\u{2060}").await;
    assert!(blank.contains("at least 2 visible characters"), "{blank}");
    let reordered = app.say(&u, "Ali \u{202e}nahK").await;
    assert!(reordered.contains("reorder text"), "{reordered}");
    // Right-to-left script, with the joiners and marks it uses, is a name.
    app.say_until(&u, "علی\u{200c}رضا خان\u{200f}", &t!(&en(), "ask-administration")).await;
    let forged = app.say(&u, "Pakistan Customs\nCourse: CECAC-2").await;
    assert!(forged.contains("The administration must be on one line"), "{forged}");
    app.say_until(&u, "پاکستان کسٹمز", &t!(&en(), "ask-position")).await;
}

#[tokio::test]
async fn a_profile_edit_cannot_forge_a_line_or_blank_the_name() {
    let app = spawn_app().start().await;
    let u = user(1014, "Editor");
    register(&app, &u, "CECAC-PILOT", &AYESHA).await;
    app.say(&u, "/profile").await;
    app.tap_until(&u, "prof:name", &t!(&en(), "ask-name")).await;
    let forged = app.say(&u, "Ali Khan\nCourse: CECAC-2").await;
    assert!(forged.contains("must be on one line"), "{forged}");
    let blank = app.say(&u, "\u{200b}\u{200b}").await;
    assert!(blank.contains("at least 2 visible characters"), "{blank}");
    assert_eq!(app.db.person(u.id).await.unwrap().unwrap().full_name.unwrap().as_str(), AYESHA.name);
    // Still editing the name: a valid one is taken.
    app.say_until(&u, "Ayesha Khan Durrani", "Name: Ayesha Khan Durrani").await;

    app.tap_until(&u, "prof:position", &t!(&en(), "ask-position")).await;
    let forged = app.say(&u, "Assistant Collector\r\nCourse: CECAC-2").await;
    assert!(forged.contains("The position must be on one line"), "{forged}");
    assert_eq!(app.db.person(u.id).await.unwrap().unwrap().position.unwrap().as_str(), AYESHA.position);
}
