//! Enquiries in a forum staff group: each gets a topic of its own, and
//! whatever a coordinator writes in it answers the enquiry. A plain group
//! works as before.

use std::time::{Duration, Instant};

use copes_bot::db::enquiries::EnquiryStatus;
use serde_json::json;

use crate::support::fake_api::{Call, Topic};
use crate::support::*;

const NOT_IN_FAQ: &str = "Who won the cricket match yesterday?";
const AYESHA: i64 = 5101;
const BILAL: i64 = 5102;

/// The relay of enquiry `n` (its first part) that reached the staff chat.
async fn relay(app: &TestApp, n: i64) -> Call {
    app.api.wait_for_text(STAFF_CHAT_ID, &format!("Enquiry #{n} — "), DEADLINE).await
}

fn thread_of(call: &Call) -> Option<i64> {
    call.body["message_thread_id"].as_i64().or_else(|| call.body["message_thread_id"].as_str()?.parse().ok())
}

async fn forum_app() -> TestApp {
    let app = spawn_app().start().await;
    app.api.make_forum(STAFF_CHAT_ID);
    seed_named(&app.db, "CECAC-PILOT", &[(AYESHA, "Ayesha Khan"), (BILAL, "Bilal Ahmed")]).await;
    app
}

/// Waits until the fake holds `n` topics in the staff chat, or `pred`
/// holds for them.
async fn topics_until(app: &TestApp, what: &str, pred: impl Fn(&[Topic]) -> bool) -> Vec<Topic> {
    let give_up = Instant::now() + DEADLINE;
    loop {
        let topics = app.api.topics(STAFF_CHAT_ID);
        if pred(&topics) {
            return topics;
        }
        assert!(Instant::now() < give_up, "timed out waiting for {what}: {topics:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn in_a_forum_each_enquiry_gets_its_topic_and_a_plain_message_in_it_answers() {
    let app = forum_app().await;
    let ayesha = user(AYESHA, "Ayesha");
    assert_eq!(app.say(&ayesha, NOT_IN_FAQ).await, t!(&en(), "enquiry-opened", id = 1));

    let relayed = relay(&app, 1).await;
    let topics = app.api.topics(STAFF_CHAT_ID);
    assert_eq!(topics.len(), 1, "{topics:?}");
    assert_eq!(topics[0].name, "#1 — Ayesha Khan");
    assert_eq!(thread_of(&relayed), Some(topics[0].thread), "the relay is posted in the topic");
    let thread = topics[0].thread;

    // A second enquiry, a second topic.
    app.say(&user(BILAL, "Bilal"), "Which umpires stood in the final on Sunday?").await;
    let second = relay(&app, 2).await;
    let topics = app.api.topics(STAFF_CHAT_ID);
    assert_eq!(topics.len(), 2, "{topics:?}");
    assert_eq!(topics[1].name, "#2 — Bilal Ahmed");
    assert_eq!(thread_of(&second), Some(topics[1].thread));

    // Not a reply: just written in the topic.
    let before = app.api.next_seq();
    app.api.topic_text_from(STAFF_CHAT_ID, &coordinator(), thread, "Pakistan won by six wickets.");
    let answer = app.api.wait_for_text(AYESHA, "Answer to your enquiry #1", DEADLINE).await;
    assert!(answer.text().unwrap().contains("Pakistan won by six wickets."));
    let queued = t!(&en(), "enquiry-answer-queued", id = 1, asker = "Ayesha Khan");
    let confirmed = app
        .api
        .wait_for_call("the confirmation", DEADLINE, |c| {
            c.seq >= before && c.chat_id() == Some(STAFF_CHAT_ID) && c.text() == Some(queued.as_str())
        })
        .await;
    assert_eq!(thread_of(&confirmed), Some(thread), "the coordinator reads it in the topic");
    // A photo from the asker follows the relay into the topic.
    let before = app.api.next_seq();
    app.api.message_from(
        &user(BILAL, "Bilal"),
        json!({"photo": [{"file_id": "ph-1", "file_unique_id": "p", "width": 90, "height": 90}], "caption": "The scoreboard"}),
    );
    let photo = app
        .api
        .wait_for_call("the photo relay", DEADLINE, |c| {
            c.seq >= before && c.method == "sendphoto" && c.chat_id() == Some(STAFF_CHAT_ID)
        })
        .await;
    assert!(photo.text().unwrap().contains("Enquiry #3"), "a new question, a new enquiry");
    let topics = app.api.topics(STAFF_CHAT_ID);
    assert_eq!(topics.len(), 3, "{topics:?}");
    assert_eq!(thread_of(&photo), Some(topics[2].thread));
    let text_part = relay(&app, 3).await;
    assert_eq!(thread_of(&text_part), Some(topics[2].thread));

    // Bilal heard nothing of it.
    assert_eq!(count(&app, BILAL, "Answer to your enquiry"), 0);
    let list = app.say(&coordinator(), "/enquiries").await;
    assert!(list.contains("#2") && !list.contains("#1 ·"), "{list}");
}

#[tokio::test]
async fn close_in_the_topic_closes_it_and_a_follow_up_reopens_it() {
    let app = forum_app().await;
    let ayesha = user(AYESHA, "Ayesha");
    app.say(&ayesha, NOT_IN_FAQ).await;
    relay(&app, 1).await;
    let thread = app.api.topics(STAFF_CHAT_ID)[0].thread;

    app.api.topic_text_from(STAFF_CHAT_ID, &coordinator(), thread, "Pakistan, by six wickets.");
    let answer = app.api.wait_for_text(AYESHA, "Answer to your enquiry #1", DEADLINE).await;
    app.api.topic_text_from(STAFF_CHAT_ID, &coordinator(), thread, "/close");
    let closed = app.api.wait_for_text(STAFF_CHAT_ID, &t!(&en(), "enquiry-closed", id = 1), DEADLINE).await;
    assert_eq!(thread_of(&closed), Some(thread));
    topics_until(&app, "the topic closed", |t| t.len() == 1 && t[0].closed).await;

    // The asker adds to it: the enquiry and its topic open again, and the
    // follow-up is relayed in the topic.
    let before = app.api.next_seq();
    app.reply_linked(AYESHA, &ayesha, json!({"text": "And who was man of the match?"}), &answer).await;
    app.api.wait_for_text(AYESHA, &t!(&en(), "enquiry-follow-up-reopened", id = 1), DEADLINE).await;
    let follow = app
        .api
        .wait_for_call("the follow-up relay", DEADLINE, |c| {
            c.seq >= before
                && c.chat_id() == Some(STAFF_CHAT_ID)
                && c.text().is_some_and(|t| t.contains("man of the match"))
        })
        .await;
    assert_eq!(thread_of(&follow), Some(thread));
    let topics = app.api.topics(STAFF_CHAT_ID);
    assert_eq!(topics.len(), 1, "no second topic for the same enquiry: {topics:?}");
    assert!(!topics[0].closed, "the topic is open again");
    let reopen = app.api.calls().into_iter().filter(|c| c.method == "reopenforumtopic").count();
    assert_eq!(reopen, 1);

    // Closing the topic by hand closes the enquiry, silently.
    let before = app.api.next_seq();
    app.api.topic_closed_by(STAFF_CHAT_ID, &coordinator(), thread);
    let give_up = Instant::now() + DEADLINE;
    while app.db.enquiry_topic(1).await.unwrap().unwrap().status != EnquiryStatus::Closed {
        assert!(Instant::now() < give_up, "the enquiry was never closed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app.settle().await;
    assert_eq!(app.say(&coordinator(), "/enquiries").await, t!(&en(), "no-open-enquiries"));
    assert!(
        !app.api.calls().iter().any(|c| c.seq >= before && c.text() == Some(&t!(&en(), "answer-not-relayable"))),
        "a closed topic is no answer"
    );
    assert!(
        !app.api.calls().iter().any(|c| c.seq >= before && c.method == "closeforumtopic"),
        "already closed by hand"
    );
}

#[tokio::test]
async fn a_topic_telegram_could_not_create_at_once_is_created_once_and_holds_the_relay() {
    let app = forum_app().await;
    app.api.fail_next("createforumtopic", Some(STAFF_CHAT_ID), Fault::ServerError(502), 2);
    app.say(&user(AYESHA, "Ayesha"), NOT_IN_FAQ).await;
    // The outbox's back-off runs on the test clock.
    let give_up = Instant::now() + DEADLINE;
    let relayed = loop {
        if let Some(c) = app.api.sent_to(STAFF_CHAT_ID).into_iter().find(|c| c.response_status == 200) {
            break c;
        }
        assert!(Instant::now() < give_up, "the relay never went out");
        app.clock.advance(chrono::Duration::seconds(10));
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let topics = app.api.topics(STAFF_CHAT_ID);
    assert_eq!(topics.len(), 1, "{topics:?}");
    assert_eq!(thread_of(&relayed), Some(topics[0].thread));
    assert_eq!(count(&app, STAFF_CHAT_ID, "Enquiry #1 — "), 1);
}

#[tokio::test]
async fn a_plain_staff_group_gets_no_topics() {
    let app = spawn_app().start().await;
    seed_named(&app.db, "CECAC-PILOT", &[(AYESHA, "Ayesha Khan")]).await;
    app.say(&user(AYESHA, "Ayesha"), NOT_IN_FAQ).await;
    let relayed = relay(&app, 1).await;
    assert_eq!(thread_of(&relayed), None);
    app.staff_reply(&coordinator(), "Pakistan.", &relayed).await;
    app.api.wait_for_text(AYESHA, "Answer to your enquiry #1", DEADLINE).await;
    app.staff_reply(&coordinator(), "/close", &relayed).await;
    app.api.wait_for_text(STAFF_CHAT_ID, &t!(&en(), "enquiry-closed", id = 1), DEADLINE).await;
    app.settle().await;
    let topic_calls: Vec<String> =
        app.api.calls().into_iter().map(|c| c.method).filter(|m| m.contains("forumtopic")).collect();
    assert!(topic_calls.is_empty(), "{topic_calls:?}");
    assert!(app.api.sent_to(STAFF_CHAT_ID).iter().all(|c| thread_of(c).is_none()));
}

#[tokio::test]
async fn a_topic_deleted_by_hand_is_made_again_for_the_next_relay() {
    let app = forum_app().await;
    let ayesha = user(AYESHA, "Ayesha");
    app.say(&ayesha, NOT_IN_FAQ).await;
    relay(&app, 1).await;
    let old = app.api.topics(STAFF_CHAT_ID)[0].thread;
    app.api.delete_topic(STAFF_CHAT_ID, old);

    let ack = app.api.sent_to(AYESHA).into_iter().find(|c| c.text().is_some_and(|t| t.contains("#1"))).unwrap();
    let before = app.api.next_seq();
    app.reply_linked(AYESHA, &ayesha, json!({"text": "Also: was it a day match?"}), &ack).await;
    let follow = app
        .api
        .wait_for_call("the follow-up in a new topic", DEADLINE, |c| {
            c.seq >= before
                && c.chat_id() == Some(STAFF_CHAT_ID)
                && c.response_status == 200
                && c.text().is_some_and(|t| t.contains("day match"))
        })
        .await;
    let topics = app.api.topics(STAFF_CHAT_ID);
    assert_eq!(topics.len(), 1, "{topics:?}");
    assert_ne!(topics[0].thread, old);
    assert_eq!(topics[0].name, "#1 — Ayesha Khan");
    assert_eq!(thread_of(&follow), Some(topics[0].thread));
}
