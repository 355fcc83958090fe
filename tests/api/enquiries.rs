//! Enquiries: questions the FAQ answers at once, and the rest handed to the
//! coordinators and answered back — through the real dispatcher and the
//! fake Bot API.

use std::path::Path;
use std::time::{Duration, Instant};

use copes_bot::clock::Clock;
use copes_bot::config::Config;
use copes_bot::domain::notice::{CourseRef, Relay, RelayKind};
use copes_bot::domain::{FaqRow, Lang, Notice, Zone};
use copes_bot::i18n::enquiries;
use copes_bot::i18n::notices::render;
use serde_json::json;

use crate::support::fake_api::{Call, Fault};
use crate::support::flows::{count, french, register, seed, user, AYESHA};
use crate::support::{coordinator, en, fr, spawn_app, t, TestApp, TgUser, COORDINATOR_ID, DEADLINE, STAFF_CHAT_ID};

const NOT_IN_FAQ: &str = "Who won the cricket match yesterday?";

/// A notice as a reader of `lang` in Karachi reads it.
fn rendered(notice: Notice, lang: &Lang) -> String {
    render(&notice, lang, Zone::parse("Asia/Karachi").unwrap(), crate::support::pilot_morning())
}

/// The relay of enquiry `n` (its first part) that reached `chat`.
async fn relay(app: &TestApp, chat: i64, n: i64) -> Call {
    app.api.wait_for_text(chat, &format!("Enquiry #{n} — "), DEADLINE).await
}

/// The callback data of the button labelled `label` under the last message
/// to `user`.
fn button(app: &TestApp, user: &TgUser, label: &str) -> String {
    let last = app.api.sent_to(user.id).into_iter().rev().find(|c| !c.body["reply_markup"].is_null()).unwrap();
    let rows = last.body["reply_markup"]["inline_keyboard"].as_array().unwrap().clone();
    rows.iter()
        .flat_map(|r| r.as_array().unwrap().clone())
        .find(|b| b["text"] == label)
        .and_then(|b| b["callback_data"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no button {label:?}"))
}

/// Moves the test clock on until `pred` holds for some call: the outbox's
/// back-off runs on that clock.
async fn advance_until(app: &TestApp, what: &str, pred: impl Fn(&Call) -> bool) -> Call {
    let give_up = Instant::now() + DEADLINE;
    loop {
        if let Some(c) = app.api.calls().into_iter().find(|c| pred(c)) {
            return c;
        }
        assert!(Instant::now() < give_up, "timed out waiting for {what}");
        app.clock.advance(chrono::Duration::seconds(10));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_participant_gets_faq_answers_in_their_own_words_and_a_coordinators_reply_from_the_staff_group() {
    let app = spawn_app().start().await;
    let u = user(5001, "Ayesha");
    register(&app, &u, "CECAC-PILOT", &AYESHA).await;

    let start = app.say(&u, "when does the corse begin??").await;
    assert!(start.starts_with("When does the course start and end?"), "{start}");
    let wear = app.say(&u, "What should I wear in class").await;
    assert!(wear.starts_with("What is the dress code?"), "{wear}");

    let ack = app.say(&u, NOT_IN_FAQ).await;
    assert_eq!(ack, t!(&en(), "enquiry-opened", id = 1));
    let relayed = relay(&app, STAFF_CHAT_ID, 1).await;
    let body = relayed.text().unwrap();
    assert!(body.contains("Ayesha Khan") && body.contains("CECAC-PILOT") && body.contains(NOT_IN_FAQ), "{body}");
    assert!(body.contains("/reply 1"), "{body}");

    app.clock.advance(chrono::Duration::minutes(12));
    app.staff_reply(&coordinator(), "Yes, families are welcome at the closing ceremony.", &relayed).await;
    let answer = app.api.wait_for_text(u.id, "Answer to your enquiry #1", DEADLINE).await;
    assert_eq!(
        answer.text().unwrap(),
        rendered(
            Notice::Answer {
                enquiry: 1,
                question: NOT_IN_FAQ.into(),
                body: "Yes, families are welcome at the closing ceremony.".into(),
                has_file: false
            },
            &en()
        )
    );
    app.api
        .wait_for_text(STAFF_CHAT_ID, &t!(&en(), "enquiry-answer-queued", id = 1, asker = "Ayesha Khan"), DEADLINE)
        .await;

    assert_eq!(app.say(&coordinator(), "/enquiries").await, t!(&en(), "no-open-enquiries"));
    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains("Enquiries: opened 1, open now 0, answered by a coordinator 1"), "{stats}");
    assert!(stats.contains("Questions answered from the FAQ: 2"), "{stats}");
    assert!(stats.contains("Median time to the first answer: 12 min"), "{stats}");
}

#[tokio::test]
async fn no_under_a_faq_answer_opens_an_enquiry_and_yes_is_counted() {
    let app = spawn_app().start().await;
    let u = user(5002, "Bilal");
    let answer = app.say(&u, "Will I get a certificate at the end?").await;
    assert!(answer.starts_with("Will I receive a certificate?"), "{answer}");
    let yes = button(&app, &u, &t!(&en(), "faq-yes"));
    app.tap_until(&u, &yes, &t!(&en(), "faq-glad")).await;

    let answer = app.say(&u, "what is the wifi password?").await;
    assert!(answer.contains("Wi-Fi"), "{answer}");
    let no = button(&app, &u, &t!(&en(), "faq-no"));
    assert_eq!(app.tap_until(&u, &no, "enquiry #1").await, t!(&en(), "enquiry-opened-after-faq", id = 1));
    let relayed = relay(&app, STAFF_CHAT_ID, 1).await;
    let body = relayed.text().unwrap();
    assert!(body.contains("what is the wifi password?"), "{body}");
    assert!(body.contains("did not help"), "{body}");
    assert!(body.contains("Bilal") && body.contains("not registered"), "{body}");

    // A second tap (a double tap, a replay) opens nothing new.
    assert_eq!(app.tap_until(&u, &no, "already").await, t!(&en(), "enquiry-already", id = 1));
    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains("Enquiries: opened 1,"), "{stats}");
    assert!(stats.contains("(helpful 1, not helpful 1)"), "{stats}");
    // Someone else's button payload does nothing for them.
    let other = user(5003, "Other");
    let stale = t!(&en(), "faq-button-stale");
    assert_eq!(app.tap_until(&other, &no, &stale).await, stale);
}

#[tokio::test]
async fn reply_command_answers_and_refuses_bad_arguments() {
    let app = spawn_app().start().await;
    let u = user(5010, "Sana");
    assert_eq!(app.say(&u, NOT_IN_FAQ).await, t!(&en(), "enquiry-opened", id = 1));
    let c = coordinator();
    assert_eq!(app.say(&c, "/reply").await, t!(&en(), "reply-usage"));
    assert_eq!(app.say(&c, "/reply 1").await, t!(&en(), "reply-usage"));
    assert_eq!(app.say(&c, "/reply abc Hello").await, t!(&en(), "enquiry-no-such", number = "abc"));
    assert_eq!(app.say(&c, "/reply 99 Hello").await, t!(&en(), "enquiry-no-such", number = "#99"));
    assert_eq!(
        app.say(&c, "/reply #1 Yes, spouses may come.").await,
        t!(&en(), "enquiry-answer-queued", id = 1, asker = "Sana")
    );
    let answer = app.api.wait_for_text(u.id, "Answer to your enquiry #1", DEADLINE).await;
    assert!(answer.text().unwrap().contains("Yes, spouses may come."));

    // Only coordinators answer.
    assert_eq!(app.say(&u, "/reply 1 I answer myself").await, t!(&en(), "not-allowed"));
    assert_eq!(count(&app, u.id, "Answer to your enquiry"), 1);
}

#[tokio::test]
async fn a_follow_up_reopens_the_enquiry_and_is_relayed_as_part_of_it() {
    let app = spawn_app().start().await;
    let u = user(5020, "Hamza");
    seed(&app.db, "CECAC-PILOT", [u.id]).await;
    app.say(&u, NOT_IN_FAQ).await;
    relay(&app, STAFF_CHAT_ID, 1).await;
    app.say(&coordinator(), "/reply 1 Yes, they may come.").await;
    let answer = app.api.wait_for_text(u.id, "Answer to your enquiry #1", DEADLINE).await;

    // Replying to the answer adds to the same enquiry and reopens it.
    let before = app.api.next_seq();
    app.reply_linked(u.id, &u, json!({"text": "And may they attend the dinner?"}), &answer).await;
    app.api.wait_for_text(u.id, &t!(&en(), "enquiry-follow-up-reopened", id = 1), DEADLINE).await;
    let follow = app
        .api
        .wait_for_call("the follow-up relay", DEADLINE, |c| {
            c.seq >= before && c.chat_id() == Some(STAFF_CHAT_ID) && c.text().is_some_and(|t| t.contains("follow-up"))
        })
        .await;
    let body = follow.text().unwrap();
    assert!(body.starts_with("Enquiry #1 — follow-up, reopened"), "{body}");
    assert!(body.contains("And may they attend the dinner?") && body.contains("Seeded Participant"), "{body}");
    let list = app.say(&coordinator(), "/enquiries").await;
    assert!(list.contains("#1 · waiting under a minute · Seeded Participant (CECAC-PILOT) · follow-up"), "{list}");

    // Replying to the follow-up relay answers again.
    app.staff_reply(&coordinator(), "Yes, the dinner too.", &follow).await;
    app.api.wait_for_text(u.id, "Yes, the dinner too.", DEADLINE).await;
    // "Thanks" in reply to an answer is not a new question for anyone.
    let answer = app.api.sent_to(u.id).into_iter().rev().find(|c| c.text().unwrap().contains("dinner too")).unwrap();
    app.reply_linked(u.id, &u, json!({"text": "Thank you so much!"}), &answer).await;
    app.api.wait_for_text(u.id, &t!(&en(), "small-talk-thanks"), DEADLINE).await;
    app.settle().await;
    assert_eq!(app.say(&coordinator(), "/enquiries").await, t!(&en(), "no-open-enquiries"));
    assert_eq!(count(&app, STAFF_CHAT_ID, "Enquiry #1 — "), 2);
}

#[tokio::test]
async fn without_a_staff_chat_every_coordinator_gets_the_relay_and_answers_by_replying_privately() {
    let bot = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/bot.toml"))
        .unwrap()
        .replace("user_ids = [111111111]", "user_ids = [111111111, 222222222]")
        .replace("staff_chat_id = -1001234567890", "");
    let app = spawn_app().bot_toml(&bot).start().await;
    let u = user(5030, "Imran");
    app.say(&u, NOT_IN_FAQ).await;
    relay(&app, COORDINATOR_ID, 1).await;
    let second = relay(&app, 222_222_222, 1).await;
    let other = TgUser::new(222_222_222, "Second coordinator");
    app.reply_linked(other.id, &other, json!({"text": "Yes, families are welcome."}), &second).await;
    app.api.wait_for_text(u.id, "Yes, families are welcome.", DEADLINE).await;
    app.api.wait_for_text(other.id, &t!(&en(), "enquiry-answer-queued", id = 1, asker = "Imran"), DEADLINE).await;
    // The first coordinator learns it has been answered.
    let note = app.api.wait_for_text(COORDINATOR_ID, "was answered by", DEADLINE).await;
    let answered_by = Notice::AnsweredBy {
        enquiry: 1,
        coordinator: "Second coordinator".into(),
        answer: "Yes, families are welcome.".into(),
    };
    assert_eq!(note.text().unwrap(), rendered(answered_by, &en()));
    assert!(app.api.sent_to(STAFF_CHAT_ID).is_empty());
}

#[tokio::test]
async fn photos_and_documents_are_relayed_both_ways() {
    let app = spawn_app().start().await;
    let u = user(5040, "Nadia");
    let photo = json!({"photo": [
        {"file_id": "small-ph", "file_unique_id": "s", "width": 90, "height": 90},
        {"file_id": "large-ph", "file_unique_id": "l", "width": 900, "height": 900},
    ], "caption": "My ID card photo is blurred, is this acceptable?"});
    app.api.message_from(&u, photo);
    app.api.wait_for_text(u.id, &t!(&en(), "enquiry-opened", id = 1), DEADLINE).await;
    let text_relay = relay(&app, STAFF_CHAT_ID, 1).await;
    assert!(text_relay.text().unwrap().contains("My ID card photo is blurred"));
    let photo_relay = app
        .api
        .wait_for_call("the photo relay", DEADLINE, |c| c.method == "sendphoto" && c.chat_id() == Some(STAFF_CHAT_ID))
        .await;
    assert_eq!(photo_relay.body["photo"], "large-ph");
    assert!(photo_relay.text().unwrap().contains("Enquiry #1"));

    // The coordinator answers with a document, replying to the photo.
    let doc = json!({"document": {"file_id": "form-doc", "file_unique_id": "f", "file_name": "form.pdf"},
                     "caption": "Please fill in this form instead."});
    app.reply_linked(STAFF_CHAT_ID, &coordinator(), doc, &photo_relay).await;
    app.api.wait_for_text(u.id, "Please fill in this form instead.", DEADLINE).await;
    let sent = app
        .api
        .wait_for_call("the document", DEADLINE, |c| c.method == "senddocument" && c.chat_id() == Some(u.id))
        .await;
    assert_eq!(sent.body["document"], "form-doc");

    // A sticker cannot be passed on, either way.
    let sticker = json!({"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512, "height": 512, "is_animated": false, "is_video": false}});
    app.reply_linked(STAFF_CHAT_ID, &coordinator(), sticker.clone(), &text_relay).await;
    app.api.wait_for_text(STAFF_CHAT_ID, &t!(&en(), "answer-not-relayable"), DEADLINE).await;
    app.api.message_from(&u, sticker);
    app.api.wait_for_text(u.id, &t!(&en(), "enquiry-non-text"), DEADLINE).await;
}

#[tokio::test]
async fn relays_and_answers_wait_out_telegram_failures_and_a_restart() {
    let mut app = spawn_app().start().await;
    let u = user(5050, "Patient");
    app.api.fail_next("sendmessage", Some(STAFF_CHAT_ID), Fault::ServerError(502), 3);
    app.say(&u, NOT_IN_FAQ).await;
    let relayed = advance_until(&app, "the relay after three 502s", |c| {
        c.chat_id() == Some(STAFF_CHAT_ID) && c.response_status == 200 && c.text().is_some_and(|t| t.contains("#1"))
    })
    .await;

    // The answer fails too, and the bot restarts before it is retried.
    app.api.fail_next("sendmessage", Some(u.id), Fault::ServerError(503), 2);
    app.staff_reply(&coordinator(), "Yes, bring them.", &relayed).await;
    app.api.wait_for_call("a failed answer", DEADLINE, |c| c.chat_id() == Some(u.id) && c.response_status == 503).await;
    app.restart().await;
    advance_until(&app, "the answer after the failures", |c| {
        c.chat_id() == Some(u.id)
            && c.response_status == 200
            && c.text().is_some_and(|t| t.contains("Yes, bring them."))
    })
    .await;
    app.say(&u, "/help").await;
    let delivered = app
        .api
        .calls()
        .iter()
        .filter(|c| c.chat_id() == Some(u.id) && c.response_status == 200)
        .filter(|c| c.text().is_some_and(|t| t.contains("Yes, bring them.")))
        .count();
    assert_eq!(delivered, 1, "delivered once");
}

#[tokio::test]
async fn a_staff_group_that_removed_the_bot_still_gets_enquiries_to_the_coordinators() {
    let app = spawn_app().start().await;
    let u = user(5060, "Rerouted");
    app.api.fail_next("sendmessage", Some(STAFF_CHAT_ID), Fault::Kicked, 1);
    app.say(&u, NOT_IN_FAQ).await;
    let private = relay(&app, COORDINATOR_ID, 1).await;
    assert!(private.text().unwrap().contains(NOT_IN_FAQ));
    app.reply_linked(COORDINATOR_ID, &coordinator(), json!({"text": "Yes."}), &private).await;
    app.api.wait_for_text(u.id, "Answer to your enquiry #1", DEADLINE).await;
}

#[tokio::test]
async fn a_fourth_open_enquiry_is_refused_and_closing_one_makes_room() {
    let app = spawn_app().start().await;
    let u = user(5070, "Busy");
    for (i, q) in
        ["Can I bring my spouse to Karachi?", "Is my visa ready for the Brussels trip?", "How do I renew my passport"]
            .iter()
            .enumerate()
    {
        assert_eq!(app.say(&u, q).await, t!(&en(), "enquiry-opened", id = i as i64 + 1));
    }
    assert_eq!(app.say(&u, "Who won the cricket match yesterday?").await, enquiries::too_many_open(&en(), &[1, 2, 3]));
    // The FAQ still answers.
    assert!(app.say(&u, "what is the dress code").await.starts_with("What is the dress code?"));

    app.clock.advance(chrono::Duration::minutes(6));
    assert_eq!(app.say(&coordinator(), "/close 2").await, t!(&en(), "enquiry-closed-asker-told", id = 2));
    app.api.wait_for_text(u.id, "Your enquiry #2", DEADLINE).await;
    assert_eq!(app.say(&coordinator(), "/close 2").await, t!(&en(), "enquiry-already-closed", id = 2));
    assert_eq!(app.say(&coordinator(), "/close x").await, t!(&en(), "enquiry-no-such", number = "x"));
    assert_eq!(app.say(&coordinator(), "/close").await, t!(&en(), "close-usage"));
    assert_eq!(app.say(&u, "Who won the cricket match yesterday?").await, t!(&en(), "enquiry-opened", id = 4));
    relay(&app, STAFF_CHAT_ID, 4).await;
    assert_eq!(count(&app, STAFF_CHAT_ID, "Enquiry #"), 4, "the refused question was never relayed");
}

#[tokio::test]
async fn enquiries_lists_the_open_ones_longest_waiting_first_and_close_works_as_a_reply() {
    let app = spawn_app().start().await;
    let (a, b) = (user(5080, "First"), user(5081, "Second"));
    app.say(&a, "Can I bring my spouse to Karachi?").await;
    app.clock.advance(chrono::Duration::minutes(75));
    app.say(&b, "Who won the cricket match yesterday?").await;
    app.clock.advance(chrono::Duration::minutes(5));
    let list = app.say(&coordinator(), "/enquiries").await;
    let first = list.find("#1 · waiting 1 h 20 min · First (not registered) — Can I bring my spouse").unwrap();
    let second = list.find("#2 · waiting 5 min · Second (not registered) — Who won the cricket").unwrap();
    assert!(first < second, "{list}");

    let relayed = relay(&app, STAFF_CHAT_ID, 2).await;
    app.staff_reply(&coordinator(), "/close", &relayed).await;
    app.api.wait_for_text(STAFF_CHAT_ID, &t!(&en(), "enquiry-closed-asker-told", id = 2), DEADLINE).await;
    let list = app.say(&coordinator(), "/enquiries").await;
    assert!(list.contains("#1 ·") && !list.contains("#2 ·"), "{list}");
}

#[tokio::test]
async fn a_flood_gets_one_polite_slow_down_and_then_silence_until_it_passes() {
    let app = spawn_app().start().await;
    let u = user(5090, "Flood");
    for _ in 0..5 {
        assert!(app.say(&u, "when does the course start").await.starts_with("When does the course start"));
    }
    assert_eq!(app.say(&u, "when does the course start").await, t!(&en(), "slow-down", minutes = 5));
    app.api.text_from(&u, NOT_IN_FAQ);
    app.api.text_from(&u, NOT_IN_FAQ);
    app.settle().await;
    assert_eq!(app.api.texts_to(u.id).len(), 6, "nothing more during the window");
    assert!(app.api.sent_to(STAFF_CHAT_ID).is_empty(), "nothing relayed");
    app.clock.advance(chrono::Duration::minutes(6));
    assert_eq!(app.say(&u, NOT_IN_FAQ).await, t!(&en(), "enquiry-opened", id = 1));
}

#[tokio::test]
async fn empty_huge_and_binary_messages_get_a_clear_reply_and_open_nothing() {
    let app = spawn_app().start().await;
    let u = user(5100, "Odd");
    assert_eq!(app.say(&u, "?!? …").await, t!(&en(), "enquiry-empty"));
    assert_eq!(app.say(&u, &"x".repeat(3500)).await, t!(&en(), "enquiry-too-long", chars = 3500, max = 3000));
    assert_eq!(app.say(&u, "PK\u{3}\u{4}\u{14}\u{0}binary").await, t!(&en(), "enquiry-unreadable"));
    assert_eq!(app.say(&u, "/ask").await, t!(&en(), "ask-usage"));
    let voice = json!({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}});
    app.api.message_from(&u, voice);
    app.api.wait_for_text(u.id, &t!(&en(), "enquiry-non-text"), DEADLINE).await;
    assert_eq!(app.say(&u, "hello").await, t!(&en(), "small-talk-hello"));
    app.settle().await;
    assert!(app.api.sent_to(STAFF_CHAT_ID).is_empty());
    assert_eq!(app.say(&coordinator(), "/enquiries").await, t!(&en(), "no-open-enquiries"));
}

#[tokio::test]
async fn a_relay_carries_only_its_askers_data_and_an_answer_reaches_only_them() {
    let app = spawn_app().start().await;
    let (a, b) = (user(5110, "Alpha"), user(5111, "Beta"));
    register(&app, &a, "CECAC-PILOT", &AYESHA).await;
    app.say(&a, NOT_IN_FAQ).await;
    app.say(&b, "/ask Is my visa ready for the Brussels trip?").await;
    let first = relay(&app, STAFF_CHAT_ID, 1).await.text().unwrap().to_owned();
    let second = relay(&app, STAFF_CHAT_ID, 2).await;
    let body = second.text().unwrap();
    assert!(body.contains("Beta") && body.contains("not registered"), "{body}");
    for leak in ["Ayesha", "ayesha.khan@fbr.gov.pk", "Pakistan Customs", NOT_IN_FAQ, "CECAC-PILOT"] {
        assert!(!body.contains(leak), "{leak} leaked into {body}");
    }
    assert!(!first.contains("Beta") && !first.contains("visa"), "{first}");
    assert!(!first.contains("ayesha.khan@fbr.gov.pk"), "no e-mail in a relay: {first}");

    app.staff_reply(&coordinator(), "Your visa is ready.", &second).await;
    app.api.wait_for_text(b.id, "Your visa is ready.", DEADLINE).await;
    app.settle().await;
    assert_eq!(count(&app, a.id, "visa"), 0);
}

#[tokio::test]
async fn a_non_coordinators_reply_in_the_staff_group_is_ignored() {
    let app = spawn_app().start().await;
    let u = user(5120, "Asker");
    app.say(&u, NOT_IN_FAQ).await;
    let relayed = relay(&app, STAFF_CHAT_ID, 1).await;
    let member = user(5121, "Group member");
    let before = app.api.next_seq();
    app.staff_reply(&member, "I think so?", &relayed).await;
    app.api.group_text_from(STAFF_CHAT_ID, &member, "unrelated chatter", None);
    app.settle().await;
    assert!(app.api.calls().iter().all(|c| c.seq < before || c.method == "getupdates"), "the bot said nothing");
    assert!(app.say(&coordinator(), "/enquiries").await.contains("#1 ·"));
}

#[tokio::test]
async fn forgetting_a_person_drops_their_enquiries_and_queued_relays() {
    let app = spawn_app().start().await;
    let u = user(5130, "Private");
    app.api.fail_next("sendmessage", Some(STAFF_CHAT_ID), Fault::ServerError(502), 1);
    app.say(&u, NOT_IN_FAQ).await;
    // The relay failed once and waits for its retry when they ask to be forgotten.
    app.api.wait_for_call("the failed relay", DEADLINE, |c| c.chat_id() == Some(STAFF_CHAT_ID)).await;
    assert_eq!(app.say(&u, "/forgetme").await, t!(&en(), "forget-confirm"));
    app.tap_until(&u, "forget:yes", &t!(&en(), "forgotten")).await;
    assert_eq!(app.say(&coordinator(), "/enquiries").await, t!(&en(), "no-open-enquiries"));

    // Numbers are never reused; the retry that was due goes nowhere.
    app.clock.advance(chrono::Duration::minutes(10));
    assert_eq!(app.say(&u, "Is my visa ready for the Brussels trip?").await, t!(&en(), "enquiry-opened", id = 2));
    relay(&app, STAFF_CHAT_ID, 2).await;
    let delivered: Vec<String> = app
        .api
        .calls()
        .into_iter()
        .filter(|c| c.chat_id() == Some(STAFF_CHAT_ID) && c.response_status == 200)
        .filter_map(|c| c.text().map(str::to_owned))
        .collect();
    assert!(delivered.iter().all(|t| !t.contains(NOT_IN_FAQ)), "{delivered:?}");
}

#[tokio::test]
async fn a_burst_of_enquiries_reaches_the_staff_group_at_twenty_a_minute_without_holding_up_anyone_else() {
    let app = spawn_app().start().await;
    let askers: Vec<TgUser> = (0..22).map(|i| user(5200 + i, &format!("Asker {i}"))).collect();
    for u in &askers {
        app.api.text_from(u, NOT_IN_FAQ);
    }
    for u in &askers {
        app.api.wait_for_text(u.id, "as enquiry #", DEADLINE).await;
    }
    let give_up = Instant::now() + DEADLINE;
    while count(&app, STAFF_CHAT_ID, "Enquiry #") < 20 {
        assert!(Instant::now() < give_up, "twenty relays within the first minute");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The group's minute is used up; an answer to a participant still goes at once.
    app.say(&coordinator(), "/reply 1 Yes.").await;
    let first = app.db.enquiry(1).await.unwrap().unwrap().user_id;
    app.api.wait_for_text(first, "Answer to your enquiry #1", DEADLINE).await;
    let (waiting,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM outbox WHERE kind = 'enquiry' AND state IN ('pending', 'sending')")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(waiting, 2, "the last two wait for the next minute");
    assert_eq!(count(&app, STAFF_CHAT_ID, "Enquiry #"), 20);
    // Dropping the app checks the fake saw no breach of the group's limit.
}

#[tokio::test]
async fn an_acknowledgement_telegram_refuses_at_first_still_arrives_and_can_be_replied_to() {
    let app = spawn_app().start().await;
    let u = user(5300, "Unlucky moment");
    app.api.fail_next("sendmessage", Some(u.id), Fault::ServerError(502), 1);
    app.api.text_from(&u, NOT_IN_FAQ);
    let ack = app
        .api
        .wait_for_call("the acknowledgement", DEADLINE, |c| {
            c.chat_id() == Some(u.id)
                && c.response_status == 200
                && c.text() == Some(&t!(&en(), "enquiry-opened", id = 1))
        })
        .await;
    app.reply_linked(u.id, &u, json!({"text": "Also: is there a dinner?"}), &ack).await;
    app.api.wait_for_text(u.id, &t!(&en(), "enquiry-follow-up-added", id = 1), DEADLINE).await;
    relay(&app, STAFF_CHAT_ID, 1).await;
}

#[tokio::test]
async fn a_coordinator_replying_to_the_wrong_bot_message_is_told_nothing_was_passed_on() {
    let app = spawn_app().start().await;
    let u = user(5310, "Waiting");
    app.say(&u, NOT_IN_FAQ).await;
    relay(&app, STAFF_CHAT_ID, 1).await;
    app.api.text_from(&coordinator(), "/stats");
    let stats = app.api.wait_for_text(COORDINATOR_ID, "Statistics", DEADLINE).await;
    app.api.reply_from(
        COORDINATOR_ID,
        &coordinator(),
        json!({"text": "Yes, bring them."}),
        stats.message_id().unwrap(),
    );
    app.api.wait_for_text(COORDINATOR_ID, &t!(&en(), "not-a-relay"), DEADLINE).await;
    app.api.group_text_from(STAFF_CHAT_ID, &coordinator(), "/reply 1 Yes.", None);
    let confirmation = app
        .api
        .wait_for_text(STAFF_CHAT_ID, &t!(&en(), "enquiry-answer-queued", id = 1, asker = "Waiting"), DEADLINE)
        .await;
    // Not a relay: nothing links it, so there is nothing to wait for.
    app.api.group_text_from(STAFF_CHAT_ID, &coordinator(), "And the dinner too.", confirmation.message_id());
    app.api.wait_for_text(STAFF_CHAT_ID, &t!(&en(), "not-a-relay"), DEADLINE).await;
    app.settle().await;
    assert_eq!(count(&app, u.id, "Answer to your enquiry"), 1);
    assert_eq!(count(&app, u.id, "dinner"), 0);
    assert_eq!(
        app.say(&coordinator(), "/enquiries").await,
        t!(&en(), "no-open-enquiries"),
        "the coordinator opened nothing"
    );
}

// ---------------------------------------------------------------- languages

/// An entry of the shipped `faq.toml`, as the bot stores it.
fn shipped(id: &str) -> FaqRow {
    let config = Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("config")).unwrap();
    config.faq.entries.iter().find(|e| e.id.as_str() == id).map(|e| e.to_row(&config.faq.language)).unwrap()
}

/// The labels of the buttons under the last message to `user` that had any.
fn labels(app: &TestApp, user: &TgUser) -> Vec<String> {
    let last = app.api.sent_to(user.id).into_iter().rev().find(|c| !c.body["reply_markup"].is_null()).unwrap();
    let rows = last.body["reply_markup"]["inline_keyboard"].as_array().unwrap().clone();
    rows.iter().flat_map(|r| r.as_array().unwrap().clone()).map(|b| b["text"].as_str().unwrap().to_owned()).collect()
}

/// A FAQ with one entry in English and French and one in English only.
const HALF_TRANSLATED: &str = r#"
[[faq]]
id = "wifi"
question = "Is there Wi-Fi at the venue?"
keywords = ["wifi", "internet"]
answer = "Ask at the front desk."

[[faq]]
id = "certificate"
question = "Will I receive a certificate?"
keywords = ["certificate"]
answer = "Yes, at the closing ceremony."
[faq.fr]
question = "Vais-je recevoir un certificat ?"
keywords = ["certificat", "attestation"]
answer = "Oui, lors de la cérémonie de clôture."
"#;

#[tokio::test]
async fn a_french_participant_asking_in_french_gets_the_french_answer_with_yes_and_no_in_french() {
    let app = spawn_app().start().await;
    let u = french(5200, "Awa");
    let answer = app.say(&u, "Est-ce qu'on reçoit une attestation à la fin de la formation ?").await;
    assert_eq!(answer, enquiries::faq_answer(&fr(), &shipped("certificate")));
    assert!(answer.starts_with("Vais-je recevoir un certificat\u{202F}?\n\nOui\u{a0}: les certificats"), "{answer}");
    assert!(answer.ends_with("Cette réponse répond-elle à votre question\u{202F}?"), "{answer}");
    assert_eq!(labels(&app, &u), [t!(&fr(), "faq-yes"), t!(&fr(), "faq-no")]);
    assert_eq!(labels(&app, &u), ["Oui, merci", "Non"]);
    let yes = button(&app, &u, &t!(&fr(), "faq-yes"));
    let glad = t!(&fr(), "faq-glad");
    assert_eq!(app.tap_until(&u, &yes, &glad).await, glad);

    // Accents left out, an elision, a plural: still the French entry.
    let answer = app.say(&u, "c'est quand la date de debut des cours").await;
    assert_eq!(answer, enquiries::faq_answer(&fr(), &shipped("course-dates")));
    let no = button(&app, &u, &t!(&fr(), "faq-no"));
    let opened = t!(&fr(), "enquiry-opened-after-faq", id = 1);
    assert_eq!(app.tap_until(&u, &no, "#1").await, opened);
    // The English-speaking coordinators get the relay of the French question.
    let relayed = relay(&app, STAFF_CHAT_ID, 1).await;
    assert!(relayed.text().unwrap().contains("c'est quand la date de debut des cours"));
}

#[tokio::test]
async fn a_french_question_about_an_entry_without_french_gets_the_english_answer_with_a_note_in_french() {
    let app = spawn_app().faq(HALF_TRANSLATED).start().await;
    let u = french(5210, "Moussa");
    let answer = app.say(&u, "Y a-t-il du wifi ?").await;
    let note = t!(&fr(), "faq-only-in", lang = "en", lang_name = "English");
    assert_eq!(note, "Cette réponse n'existe qu'en anglais.");
    assert_eq!(
        answer,
        format!("{note}\n\nIs there Wi-Fi at the venue?\n\nAsk at the front desk.\n\n{}", t!(&fr(), "faq-did-it-help"))
    );
    assert_eq!(labels(&app, &u), ["Oui, merci", "Non"]);

    // The translated entry comes in French, with no note.
    let answer = app.say(&u, "Vais-je avoir une attestation ?").await;
    assert!(
        answer.starts_with("Vais-je recevoir un certificat ?\n\nOui, lors de la cérémonie de clôture."),
        "{answer}"
    );
    assert!(!answer.contains(&note), "{answer}");
}

#[tokio::test]
async fn an_english_participant_asking_in_english_still_gets_english() {
    let app = spawn_app().start().await;
    let u = user(5220, "Bilal");
    let answer = app.say(&u, "Will I get a certificate at the end?").await;
    assert_eq!(answer, enquiries::faq_answer(&en(), &shipped("certificate")));
    assert!(answer.starts_with("Will I receive a certificate?\n\nYes: certificates"), "{answer}");
    assert!(answer.ends_with("Did this answer your question?"), "{answer}");
    assert_eq!(labels(&app, &u), ["Yes, thanks", "No"]);
    assert_eq!(app.say(&u, "/faq").await, t!(&en(), "faq-topics"));
    assert!(labels(&app, &u).contains(&"Will I receive a certificate?".to_owned()));
}

#[tokio::test]
async fn faq_topics_are_in_french_for_a_french_user_and_an_untranslated_one_in_english() {
    let app = spawn_app().faq(HALF_TRANSLATED).start().await;
    let u = french(5230, "Fatou");
    assert_eq!(app.say(&u, "/faq").await, "Questions fréquentes — touchez-en une\u{a0}:");
    assert_eq!(labels(&app, &u), ["Is there Wi-Fi at the venue?", "Vais-je recevoir un certificat ?"]);
    let shown = app.tap_until(&u, "faq:certificate", "certificat").await;
    assert_eq!(shown, "Vais-je recevoir un certificat ?\n\nOui, lors de la cérémonie de clôture.");
    let shown = app.tap_until(&u, "faq:wifi", "Wi-Fi").await;
    assert_eq!(
        shown,
        "Cette réponse n'existe qu'en anglais.\n\nIs there Wi-Fi at the venue?\n\nAsk at the front desk."
    );

    // The shipped FAQ is French throughout.
    let app = spawn_app().start().await;
    app.say(&u, "/faq").await;
    let topics = labels(&app, &u);
    assert_eq!(topics.len(), 34);
    assert!(topics.contains(&"Qu'est-ce que COPES\u{202F}?".to_owned()), "{topics:?}");
    assert!(topics.iter().all(|q| !q.contains("What ") && !q.contains("How ")), "{topics:?}");
}

#[tokio::test]
async fn an_enquiry_from_a_french_participant_is_acknowledged_in_french_and_listed_in_english() {
    let app = spawn_app().start().await;
    let u = french(5240, "Aminata");
    assert_eq!(app.say(&u, "bonjour").await, t!(&fr(), "small-talk-hello"));
    assert_eq!(app.say(&u, "Merci beaucoup !").await, t!(&fr(), "small-talk-thanks"));
    assert_eq!(app.say(&u, "?!?").await, t!(&fr(), "enquiry-empty"));
    assert_eq!(app.say(&u, "/ask").await, t!(&fr(), "ask-usage"));
    let ack = app.say(&u, "Puis-je venir avec ma famille à Karachi ?").await;
    assert_eq!(ack, t!(&fr(), "enquiry-opened", id = 1));
    assert!(ack.contains("c'est la demande #1."), "{ack}");
    relay(&app, STAFF_CHAT_ID, 1).await;

    // The coordinator reads their own language.
    let list = app.say(&coordinator(), "/enquiries").await;
    assert!(list.starts_with("Open enquiries (1), longest waiting first:"), "{list}");
    assert!(list.contains("#1 · waiting under a minute · Aminata (not registered) — Puis-je venir"), "{list}");
}

#[tokio::test]
async fn a_reload_that_changes_only_a_french_answer_reports_it_and_french_speakers_read_the_new_one() {
    let app = spawn_app().faq(HALF_TRANSLATED).start().await;
    let faq = HALF_TRANSLATED.replace("Oui, lors de la cérémonie de clôture.", "Oui, le dernier jour.");
    std::fs::write(app.config_dir.join("faq.toml"), faq).unwrap();
    let diff = app.say(&coordinator(), "/reload").await;
    assert!(diff.contains("FAQ: changed 1 (certificate)"), "{diff}");
    let u = french(5250, "Koffi");
    let shown = app.tap_until(&u, "faq:certificate", "certificat").await;
    assert_eq!(shown, "Vais-je recevoir un certificat ?\n\nOui, le dernier jour.");
}

fn shipped_bot_toml() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/bot.toml")).unwrap()
}

fn new_question(asker: &str, username: Option<&str>, body: &str) -> Notice {
    Notice::Relay(Relay {
        enquiry: 1,
        kind: RelayKind::New,
        faq_missed: None,
        asker: asker.into(),
        username: username.map(str::to_owned),
        courses: vec![CourseRef { code: "CECAC-PILOT".into(), waitlisted: false }],
        body: body.into(),
        has_file: false,
    })
}

#[tokio::test]
async fn the_staff_group_reads_relays_in_the_programmes_language_and_each_asker_gets_answers_in_theirs() {
    let bot = shipped_bot_toml().replace("language = \"en\"", "language = \"fr\"");
    let app = spawn_app().bot_toml(&bot).start().await;
    let u = user(5101, "Ayesha");
    seed(&app.db, "CECAC-PILOT", [u.id]).await;
    app.say(&u, NOT_IN_FAQ).await;

    let relayed = app.api.wait_for_text(STAFF_CHAT_ID, "Demande n°", DEADLINE).await;
    assert_eq!(relayed.text().unwrap(), rendered(new_question("Seeded Participant", None, NOT_IN_FAQ), &fr()));
    assert!(relayed.text().unwrap().contains(&format!("\n\n{NOT_IN_FAQ}\n\n")), "the question as typed");

    // Their Telegram is in English: the answer is framed in English.
    let answer = "Yes, families are welcome at the closing ceremony.";
    app.staff_reply(&coordinator(), answer, &relayed).await;
    let got = app.api.wait_for_text(u.id, "Answer to your enquiry #1", DEADLINE).await;
    let expected = Notice::Answer { enquiry: 1, question: NOT_IN_FAQ.into(), body: answer.into(), has_file: false };
    assert_eq!(got.text().unwrap(), rendered(expected, &en()));
}

#[tokio::test]
async fn an_english_coordinator_reads_a_french_question_in_english_and_the_asker_gets_the_answer_framed_in_french() {
    // A programme in French and no staff group: each coordinator gets the
    // relay privately, in their own language.
    let bot = shipped_bot_toml()
        .replace("language = \"en\"", "language = \"fr\"")
        .replace("staff_chat_id = -1001234567890", "");
    let app = spawn_app().bot_toml(&bot).start().await;
    let c = coordinator();
    let now = app.clock.now();
    app.db.touch_person(c.id, None, now).await.unwrap();
    app.db.set_language(c.id, Some(&en()), now).await.unwrap();
    let amina = TgUser { language_code: Some("fr".into()), username: Some("amina_d".into()), ..user(5102, "Amina") };
    seed(&app.db, "CECAC-PILOT", [amina.id]).await;

    let question = "Qui a gagné le match de cricket hier soir ?";
    app.say(&amina, question).await;
    let relayed = relay(&app, COORDINATOR_ID, 1).await;
    assert_eq!(relayed.text().unwrap(), rendered(new_question("Seeded Participant", Some("amina_d"), question), &en()));
    assert!(relayed.text().unwrap().contains(&format!("\n\n{question}\n\n")), "the question as typed");

    let answer = "Personne : le match a été annulé à cause de la pluie.";
    app.reply_linked(c.id, &c, json!({ "text": answer }), &relayed).await;
    let got = app.api.wait_for_text(amina.id, "Réponse à votre demande", DEADLINE).await;
    let expected = Notice::Answer { enquiry: 1, question: question.into(), body: answer.into(), has_file: false };
    assert_eq!(got.text().unwrap(), rendered(expected, &fr()));
    assert!(
        got.text().unwrap().starts_with("Réponse à votre demande n°\u{a0}1 («\u{a0}Qui a gagné"),
        "{:?}",
        got.text()
    );
    assert!(got.text().unwrap().contains(&format!("\n\n{answer}\n\n")), "the answer as typed");
    assert_eq!(count(&app, amina.id, "Answer to your enquiry"), 0);
}

// ------------------------------------------------------ "Did you mean…?"

/// Two entries with examples in English and French: questions asked as
/// people ask them, and one that could be about either.
const WITH_EXAMPLES: &str = r#"
[[faq]]
id = "accommodation"
question = "Is accommodation provided?"
keywords = ["accommodation", "hotel"]
examples = ["where will I sleep", "where do we stay at night"]
answer = "Yes: rooms are booked at the Customs Mess for officers from outside Karachi."
[faq.fr]
question = "Un hébergement est-il prévu ?"
keywords = ["hébergement", "hôtel"]
examples = ["où vais-je dormir", "où logeons-nous le soir"]
answer = "Oui : des chambres sont réservées au mess des douanes pour les agents venant d'autres villes."

[[faq]]
id = "meals"
question = "Are meals provided?"
keywords = ["lunch", "meals"]
examples = ["will we be fed", "is there a canteen"]
answer = "Lunch is served at the venue every course day."
[faq.fr]
question = "Les repas sont-ils fournis ?"
keywords = ["déjeuner", "repas"]
examples = ["serons-nous nourris", "y a-t-il une cantine"]
answer = "Le déjeuner est servi sur place chaque jour de cours."
"#;

/// A question about both entries: "Did you mean…?".
const EITHER: &str = "hotel and lunch?";

fn with_examples(id: &str) -> FaqRow {
    let dir = tempfile::tempdir().unwrap();
    for f in ["bot.toml", "programme.toml"] {
        std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("config").join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(dir.path().join("faq.toml"), WITH_EXAMPLES).unwrap();
    let config = Config::load(dir.path()).unwrap();
    config.faq.entries.iter().find(|e| e.id.as_str() == id).map(|e| e.to_row(&config.faq.language)).unwrap()
}

#[tokio::test]
async fn a_question_worded_nothing_like_the_faq_gets_the_right_answer_or_a_suggestion() {
    let app = spawn_app().faq(WITH_EXAMPLES).start().await;
    let u = user(5300, "Sana");
    // No word of the entry's question or keywords: its examples answer.
    let answer = app.say(&u, "Where are we going to sleep?").await;
    if answer == t!(&en(), "faq-suggest") {
        assert_eq!(labels(&app, &u)[0], "Is accommodation provided?");
    } else {
        assert_eq!(answer, enquiries::faq_answer(&en(), &with_examples("accommodation")));
        assert_eq!(labels(&app, &u), [t!(&en(), "faq-yes"), t!(&en(), "faq-no")]);
    }

    let offered = app.say(&u, EITHER).await;
    assert_eq!(offered, t!(&en(), "faq-suggest"));
    let mut shown = labels(&app, &u);
    assert_eq!(shown.pop().as_deref(), Some(t!(&en(), "faq-suggest-none").as_str()));
    shown.sort();
    assert_eq!(shown, ["Are meals provided?", "Is accommodation provided?"]);
}

#[tokio::test]
async fn tapping_a_suggestion_answers_it_in_the_readers_language_and_stats_count_it() {
    let app = spawn_app().faq(WITH_EXAMPLES).start().await;
    let u = user(5301, "Imran");
    assert_eq!(app.say(&u, EITHER).await, t!(&en(), "faq-suggest"));
    let meals = button(&app, &u, "Are meals provided?");
    let answer = app.tap_until(&u, &meals, "Lunch is served").await;
    assert_eq!(answer, enquiries::faq_answer(&en(), &with_examples("meals")));
    // Answered exactly as a confident answer: Yes / No under it, and Yes counts.
    let yes = button(&app, &u, &t!(&en(), "faq-yes"));
    app.tap_until(&u, &yes, &t!(&en(), "faq-glad")).await;

    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains("Questions answered from the FAQ: 1 (helpful 1, not helpful 0)"), "{stats}");
    assert!(
        stats.contains(
            "FAQ matcher: answered outright 0, \"Did you mean…?\" offered 1 (an entry picked 1, none of these 0)"
        ),
        "{stats}"
    );
}

#[tokio::test]
async fn none_of_these_opens_an_enquiry_relayed_to_the_staff_group() {
    let app = spawn_app().faq(WITH_EXAMPLES).start().await;
    let u = user(5302, "Kamran");
    register(&app, &u, "CECAC-PILOT", &AYESHA).await;
    assert_eq!(app.say(&u, EITHER).await, t!(&en(), "faq-suggest"));
    let none = button(&app, &u, &t!(&en(), "faq-suggest-none"));
    assert_eq!(app.tap_until(&u, &none, "#1").await, t!(&en(), "enquiry-opened", id = 1));
    let relayed = relay(&app, STAFF_CHAT_ID, 1).await;
    let body = relayed.text().unwrap();
    assert!(body.contains(EITHER) && body.contains("CECAC-PILOT"), "{body}");

    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains("Enquiries: opened 1,"), "{stats}");
    assert!(stats.contains("offered 1 (an entry picked 0, none of these 1)"), "{stats}");
}

#[tokio::test]
async fn forged_stale_and_repeated_suggestion_taps_do_nothing_harmful() {
    let app = spawn_app().faq(WITH_EXAMPLES).start().await;
    let u = user(5303, "Zainab");
    assert_eq!(app.say(&u, EITHER).await, t!(&en(), "faq-suggest"));
    let first = button(&app, &u, "Is accommodation provided?");
    let none = button(&app, &u, &t!(&en(), "faq-suggest-none"));
    let question = first.split(':').nth(1).unwrap().to_owned();
    let stale = t!(&en(), "faq-button-stale");

    // Someone else's list, an index past the list, a question that does not exist, garbage.
    let other = user(5304, "Other");
    assert_eq!(app.tap_until(&other, &first, &stale).await, stale);
    assert_eq!(app.tap_until(&other, &none, &stale).await, stale);
    assert_eq!(app.tap_until(&u, &format!("faqsg:{question}:7"), &stale).await, stale);
    assert_eq!(app.tap_until(&u, "faqsg:999999:0", &stale).await, stale);
    assert_eq!(app.tap_until(&u, "faqsg:x", &stale).await, stale);

    // The pick answers once; a second tap, or "none" after it, answers nothing more.
    app.tap_until(&u, &first, "Customs Mess").await;
    let already = t!(&en(), "faq-suggest-already");
    assert_eq!(app.tap_until(&u, &first, &already).await, already);
    assert_eq!(app.tap_until(&u, &none, &already).await, already);
    let answers = app.api.texts_to(u.id).iter().filter(|t| t.contains("Customs Mess")).count();
    assert_eq!(answers, 1);
    assert_eq!(app.say(&coordinator(), "/enquiries").await, t!(&en(), "no-open-enquiries"));

    // "None of these" twice opens one enquiry.
    assert_eq!(app.say(&u, EITHER).await, t!(&en(), "faq-suggest"));
    let none = button(&app, &u, &t!(&en(), "faq-suggest-none"));
    app.tap_until(&u, &none, "#1").await;
    assert_eq!(app.tap_until(&u, &none, "already").await, t!(&en(), "enquiry-already", id = 1));
    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains("Enquiries: opened 1,"), "{stats}");
}

#[tokio::test]
async fn a_french_suggestion_list_is_in_french_and_its_pick_answers_in_french() {
    let app = spawn_app().faq(WITH_EXAMPLES).start().await;
    let u = french(5305, "Fatou");
    assert_eq!(app.say(&u, "hôtel et déjeuner ?").await, t!(&fr(), "faq-suggest"));
    let mut shown = labels(&app, &u);
    assert_eq!(shown.pop().as_deref(), Some("Aucune de celles-ci — demander à un coordinateur"));
    shown.sort();
    assert_eq!(shown, ["Les repas sont-ils fournis ?", "Un hébergement est-il prévu ?"]);
    let meals = button(&app, &u, "Les repas sont-ils fournis ?");
    let answer = app.tap_until(&u, &meals, "déjeuner est servi").await;
    assert_eq!(answer, enquiries::faq_answer(&fr(), &with_examples("meals")));
    assert_eq!(labels(&app, &u), ["Oui, merci", "Non"]);
}

#[tokio::test]
async fn a_french_asker_who_never_registered_gets_the_answer_framed_in_french() {
    let app = spawn_app().start().await;
    let awa = french(5111, "Awa");
    let question = "Qui a gagné le match de cricket hier soir ?";
    assert_eq!(app.say(&awa, question).await, t!(&fr(), "enquiry-opened", id = 1));
    let relayed = relay(&app, STAFF_CHAT_ID, 1).await;
    app.staff_reply(&coordinator(), "Nobody: rain stopped play.", &relayed).await;
    let got = app.api.wait_for_text(awa.id, "Nobody: rain stopped play.", DEADLINE).await;
    assert!(got.text().unwrap().starts_with("Réponse à votre demande n°\u{a0}1"), "{:?}", got.text());
}
