//! Multi-step journeys several tests share.

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use copes_bot::db::{Db, Profile};
use copes_bot::domain::{Administration, CourseCode, Email, PersonName, Position};

use super::{en, TestApp, TgUser, DEADLINE};
use copes_bot::t;

pub struct Answers<'a> {
    pub name: &'a str,
    pub administration: &'a str,
    pub position: &'a str,
    pub email: &'a str,
}

pub const AYESHA: Answers<'static> = Answers {
    name: "Ayesha Khan",
    administration: "Pakistan Customs",
    position: "Assistant Collector",
    email: "ayesha.khan@fbr.gov.pk",
};

/// Answers the four profile questions after registration has started and
/// returns the reply to the last one.
pub async fn answer_profile(app: &TestApp, user: &TgUser, a: &Answers<'_>) -> String {
    app.say_until(user, a.name, &t!(&en(), "ask-administration")).await;
    app.say_until(user, a.administration, &t!(&en(), "ask-position")).await;
    app.say_until(user, a.position, &t!(&en(), "ask-email")).await;
    app.say(user, a.email).await
}

/// The whole deep-link journey: /start CODE, four answers, Confirm.
/// Returns the final reply.
pub async fn register(app: &TestApp, user: &TgUser, course: &str, a: &Answers<'_>) -> String {
    app.say_until(user, &format!("/start {course}"), &t!(&en(), "ask-name")).await;
    let summary = answer_profile(app, user, a).await;
    assert!(summary.contains("Please check your registration"), "{summary}");
    app.tap_until(user, "reg:confirm", course).await
}

pub fn user(id: i64, name: &str) -> TgUser {
    TgUser::new(id, name)
}

/// Someone whose Telegram is set to French.
pub fn french(id: i64, name: &str) -> TgUser {
    TgUser { language_code: Some("fr".into()), ..user(id, name) }
}

/// Registers people straight in the database: for tests about what they
/// receive, not about how they registered.
pub async fn seed(db: &Db, course: &str, ids: impl IntoIterator<Item = i64>) {
    let profile = Profile {
        full_name: PersonName::parse("Seeded Participant").unwrap(),
        administration: Administration::parse("Pakistan Customs").unwrap(),
        position: Position::parse("Assistant Collector").unwrap(),
        email: Email::parse("p@fbr.gov.pk").unwrap(),
    };
    let code = CourseCode::parse(course).unwrap();
    for id in ids {
        db.register(id, &profile, &code, super::pilot_morning()).await.unwrap();
    }
}

/// Seeds people into a course under their own names.
pub async fn seed_named(db: &Db, course: &str, people: &[(i64, &str)]) {
    let code = CourseCode::parse(course).unwrap();
    for (id, name) in people {
        let profile = Profile {
            full_name: PersonName::parse(name).unwrap(),
            administration: Administration::parse("Pakistan Customs").unwrap(),
            position: Position::parse("Assistant Collector").unwrap(),
            email: Email::parse("p@fbr.gov.pk").unwrap(),
        };
        db.register(*id, &profile, &code, super::pilot_morning()).await.unwrap();
    }
}

/// A one-day course in Karachi: "open" 09:30–10:30 and "risk" 11:00–12:30
/// on 9 February 2021.
pub const ONE_DAY: &str = r#"
[[course]]
code = "DAY-1"
title = "One day"
timezone = "Asia/Karachi"
location = "Customs Training Centre, Karachi"
capacity = 100

[[course.session]]
id = "open"
starts = 2021-02-09T09:30:00
minutes = 60
title = "Opening and welcome"
speaker = "Head of the Customs Administration"
room = "Hall A"

[[course.session]]
id = "risk"
starts = 2021-02-09T11:00:00
minutes = 90
title = "Risk management"
room = "Hall B"
"#;

/// February 2021, day `d`, `h:m` in Karachi.
pub fn karachi(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, d, h, m, 0).unwrap().to_utc()
}

/// How many messages to `chat` contain `needle`.
pub fn count(app: &TestApp, chat: i64, needle: &str) -> usize {
    app.api.texts_to(chat).iter().filter(|t| t.contains(needle)).count()
}

/// Waits until nothing is left to send (outbox) or to handle (inbox): from
/// then on nothing more can reach anyone, so counts are final.
pub async fn wait_until_nothing_is_owed(db: &Db) {
    let give_up = Instant::now() + DEADLINE;
    loop {
        let (owed,): (i64,) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')) \
                  + (SELECT count(*) FROM inbox WHERE state = 'pending')",
        )
        .fetch_one(db.pool())
        .await
        .unwrap();
        if owed == 0 {
            return;
        }
        assert!(Instant::now() < give_up, "{owed} still owed");
        // The outbox is a table, not an event: it is looked at again shortly.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// What `/mydata` sends `u`: the JSON document, read back.
pub async fn my_data(app: &TestApp, u: &TgUser) -> serde_json::Value {
    let before = app.api.next_seq();
    app.api.text_from(u, "/mydata");
    let call = app
        .api
        .wait_for_call("the data document", DEADLINE, |c| {
            c.seq >= before && c.method == "senddocument" && c.chat_id() == Some(u.id)
        })
        .await;
    serde_json::from_slice(&call.uploads[0].bytes).unwrap()
}
