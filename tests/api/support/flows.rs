//! Multi-step journeys several tests share.

use copes_bot::bot::text;
use copes_bot::db::{Db, Profile};
use copes_bot::domain::{Administration, CourseCode, Email, PersonName, Position};

use super::{TestApp, TgUser};

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
    app.say_until(user, a.name, text::ASK_ADMINISTRATION).await;
    app.say_until(user, a.administration, text::ASK_POSITION).await;
    app.say_until(user, a.position, text::ASK_EMAIL).await;
    app.say(user, a.email).await
}

/// The whole deep-link journey: /start CODE, four answers, Confirm.
/// Returns the final reply.
pub async fn register(app: &TestApp, user: &TgUser, course: &str, a: &Answers<'_>) -> String {
    app.say_until(user, &format!("/start {course}"), text::ASK_NAME).await;
    let summary = answer_profile(app, user, a).await;
    assert!(summary.contains("Please check your registration"), "{summary}");
    app.tap_until(user, "reg:confirm", course).await
}

pub fn user(id: i64, name: &str) -> TgUser {
    TgUser::new(id, name)
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
