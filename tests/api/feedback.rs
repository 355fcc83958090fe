//! Session feedback and the course evaluation, as trainees and a
//! coordinator meet them: "How useful was …?" after a session they
//! attended, the optional comment, the evaluation one question at a time,
//! and /closeevaluation.

use copes_bot::domain::lesson::AttendanceMethod;
use copes_bot::domain::SessionId;

use crate::support::fake_api::Call;
use crate::support::*;

/// Two sessions on 9 February (Karachi): the opening in the morning and a
/// late one ending at 21:55, whose question falls in quiet hours (22:00–
/// 07:00); an evaluation of three questions.
const FB: &str = r#"
[[course]]
code = "FB-1"
title = "Feedback course"
timezone = "Asia/Karachi"
location = "Karachi"
capacity = 10
[course.feedback]
delay_minutes = 10
[[course.evaluation]]
id = "overall"
kind = "rating"
question = "Overall, how useful was the course?"
[course.evaluation.fr]
question = "Dans l'ensemble, le cours vous a-t-il été utile ?"
[[course.evaluation]]
id = "improve"
kind = "text"
question = "What should change for the next cohort?"
[course.evaluation.fr]
question = "Que faudrait-il changer pour la prochaine promotion ?"
[[course.evaluation]]
id = "pace"
kind = "rating"
question = "How was the pace?"
[[course.session]]
id = "fb-open"
starts = 2021-02-09T09:30:00
minutes = 60
title = "Opening"
[[course.session]]
id = "fb-late"
starts = 2021-02-09T21:00:00
minutes = 55
title = "Evening case study"

[[course]]
code = "PLAIN-1"
title = "A course without an evaluation"
location = "Karachi"
capacity = 10
[[course.session]]
id = "plain-1"
starts = 2021-02-09T09:30:00
minutes = 60
title = "Only session"
"#;

const TRAINEE: i64 = 9701;
const ABSENTEE: i64 = 9702;

fn session(id: &str) -> SessionId {
    SessionId::parse(id).unwrap()
}

async fn present(app: &TestApp, session_id: &str, user_id: i64) {
    let at = karachi(9, 9, 35);
    app.db.record_attendance(&session(session_id), user_id, true, AttendanceMethod::Button, None, at).await.unwrap();
}

async fn feedback_row(app: &TestApp, user_id: i64) -> (String, Option<i64>, Option<String>) {
    sqlx::query_as("SELECT state, rating, comment FROM feedback WHERE session_id = 'fb-open' AND user_id = ?")
        .bind(user_id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

/// The morning session is over and its question has reached the trainee.
async fn asked_about_the_opening(app: &TestApp) -> Call {
    seed(&app.db, "FB-1", [TRAINEE, ABSENTEE]).await;
    present(app, "fb-open", TRAINEE).await;
    app.clock.set(karachi(9, 10, 39));
    assert_eq!(app.tick().await.feedback_questions, 0, "not before the delay");
    app.clock.set(karachi(9, 10, 40));
    assert_eq!(app.tick().await.feedback_questions, 1, "the attendee only");
    app.api.wait_for_text(TRAINEE, "How useful was \"Opening\"", DEADLINE).await
}

#[tokio::test]
async fn an_attendee_rates_a_session_and_adds_a_comment_and_an_absentee_is_asked_nothing() {
    let mut app = spawn_app().programme(FB).at(karachi(9, 9, 0)).start().await;
    let question = asked_about_the_opening(&app).await;
    assert_eq!(
        question.text().unwrap(),
        "How useful was \"Opening\" (Tuesday 9 February, 09:30)?\nTap 1 (not useful) to 5 (very useful)."
    );
    let labels: Vec<Vec<String>> =
        question.keyboard().into_iter().map(|row| row.into_iter().map(|(l, _)| l).collect()).collect();
    assert_eq!(labels, [vec!["1", "2", "3", "4", "5"], vec!["Skip"]]);

    let edited = app.tap_until(&user(TRAINEE, "T"), &question.button("4"), "Your rating").await;
    assert_eq!(edited, t!(&en(), "feedback-rated", title = "Opening", rating = 4));
    app.api.wait_for_text(TRAINEE, "Anything to add about \"Opening\"?", DEADLINE).await;
    assert_eq!(feedback_row(&app, TRAINEE).await, ("rated".into(), Some(4), None));

    // Hostile text is a comment like any other, kept exactly as typed.
    let comment = "Good, but <b>slides</b> were late'); DROP TABLE feedback; -- \u{202e}";
    let saved = app.say(&user(TRAINEE, "T"), comment).await;
    assert_eq!(saved, t!(&en(), "feedback-comment-saved", title = "Opening"));
    assert_eq!(feedback_row(&app, TRAINEE).await, ("done".into(), Some(4), Some(comment.into())));

    app.clock.set(karachi(9, 11, 0));
    assert_eq!(app.tick().await.feedback_questions, 0, "asked once");
    app.restart().await;
    assert_eq!(app.tick().await.feedback_questions, 0, "even after a restart");
    app.settle().await;
    assert_eq!(count(&app, TRAINEE, "Tap 1 (not useful)"), 1);
    assert_eq!(count(&app, ABSENTEE, "How useful was"), 0, "nothing to the absentee");
    assert!(app.say(&coordinator(), "/stats").await.contains("Session feedback: 1 asked, 1 rated, 1 with a comment"));
}

#[tokio::test]
async fn sessions_that_ended_long_before_the_bot_first_ticks_are_not_asked_about() {
    let app = spawn_app().programme(FB).at(karachi(11, 12, 0)).start().await;
    seed(&app.db, "FB-1", [TRAINEE]).await;
    present(&app, "fb-open", TRAINEE).await;
    present(&app, "fb-late", TRAINEE).await;
    // The morning session ended two days ago, the late one more than a day ago.
    let t = app.tick().await;
    assert_eq!((t.feedback_questions, t.evaluation_invites), (0, 0));
}

#[tokio::test]
async fn skip_ends_the_question_and_a_second_or_stale_tap_changes_nothing() {
    let app = spawn_app().programme(FB).at(karachi(9, 9, 0)).start().await;
    let question = asked_about_the_opening(&app).await;
    let u = user(TRAINEE, "T");
    app.tap_until(&u, &question.button("Skip"), &t!(&en(), "feedback-skipped", title = "Opening")).await;
    assert_eq!(feedback_row(&app, TRAINEE).await, ("skipped".into(), None, None));

    let again = app.tap_until(&u, &question.button("5"), "already answered").await;
    assert_eq!(again, t!(&en(), "feedback-already-answered", title = "Opening"));
    assert_eq!(feedback_row(&app, TRAINEE).await, ("skipped".into(), None, None), "no rating after a skip");
    // Someone else's button, or a forged one.
    app.tap_until(&user(ABSENTEE, "A"), &question.button("5"), &t!(&en(), "button-expired")).await;
    app.tap_until(&u, "fb:r:999:3", &t!(&en(), "button-expired")).await;
}

#[tokio::test]
async fn a_second_rating_tap_is_not_counted_twice_and_skip_under_the_prompt_keeps_the_rating() {
    let app = spawn_app().programme(FB).at(karachi(9, 9, 0)).start().await;
    let question = asked_about_the_opening(&app).await;
    let u = user(TRAINEE, "T");
    app.tap_until(&u, &question.button("2"), "Your rating").await;
    let prompt = app.api.wait_for_text(TRAINEE, "Anything to add", DEADLINE).await;
    let again = app.tap_until(&u, &question.button("5"), "already answered").await;
    assert_eq!(again, t!(&en(), "feedback-already-rated", title = "Opening", rating = 2));
    app.tap_until(&u, &prompt.button("Skip"), "nothing more").await;
    assert_eq!(feedback_row(&app, TRAINEE).await, ("skipped".into(), Some(2), None));
}

#[tokio::test]
async fn a_question_after_an_ignored_comment_prompt_still_reaches_the_faq() {
    let app = spawn_app().programme(FB).at(karachi(9, 9, 0)).start().await;
    let question = asked_about_the_opening(&app).await;
    let u = user(TRAINEE, "T");
    app.tap_until(&u, &question.button("5"), "Your rating").await;
    app.api.wait_for_text(TRAINEE, "Anything to add", DEADLINE).await;

    // While the prompt is open, a question is still a question.
    let answer = app.say(&u, "What is the dress code?").await;
    assert!(answer.starts_with("What is the dress code?"), "{answer}");
    assert_eq!(feedback_row(&app, TRAINEE).await, ("rated".into(), Some(5), None));

    // Ignored for an hour, the prompt no longer takes the next message.
    app.clock.set(karachi(9, 11, 45));
    let reply = app.say(&u, "Tell me about the dress code please").await;
    assert_ne!(reply, t!(&en(), "feedback-comment-saved", title = "Opening"));
    assert_eq!(feedback_row(&app, TRAINEE).await, ("rated".into(), Some(5), None), "no comment was taken");
    assert_eq!(app.say(&u, "/cancel").await, t!(&en(), "nothing-to-cancel"), "the prompt is over");
}

#[tokio::test]
async fn a_comment_too_long_is_refused_with_the_reason_and_a_shorter_one_is_kept() {
    let app = spawn_app().programme(FB).at(karachi(9, 9, 0)).start().await;
    let question = asked_about_the_opening(&app).await;
    let u = user(TRAINEE, "T");
    app.tap_until(&u, &question.button("3"), "Your rating").await;
    app.api.wait_for_text(TRAINEE, "Anything to add", DEADLINE).await;
    let refused = app.say(&u, &"é".repeat(1001)).await;
    assert_eq!(refused, t!(&en(), "feedback-too-long", length = 1001, max = 1000));
    assert_eq!(feedback_row(&app, TRAINEE).await.2, None);
    app.say_until(&u, &"é".repeat(1000), "comment on").await;
    assert_eq!(feedback_row(&app, TRAINEE).await.2.map(|c| c.chars().count()), Some(1000));
}

#[tokio::test]
async fn quiet_hours_hold_the_question_until_morning() {
    let app = spawn_app().programme(FB).at(karachi(9, 20, 0)).start().await;
    seed(&app.db, "FB-1", [TRAINEE]).await;
    present(&app, "fb-late", TRAINEE).await;
    // The late session ends at 21:55; its question is due at 22:05.
    app.clock.set(karachi(9, 22, 5));
    assert_eq!(app.tick().await.feedback_questions, 1);
    // Something the trainee says is answered at once; the question waits.
    app.say(&user(TRAINEE, "T"), "/help").await;
    wait_until_held(&app).await;
    assert_eq!(count(&app, TRAINEE, "How useful was"), 0, "asleep");

    app.clock.set(karachi(10, 7, 0));
    app.tick().await;
    app.api.wait_for_text(TRAINEE, "How useful was \"Evening case study\"", DEADLINE).await;
}

/// Waits until the sender has put every question off until later.
async fn wait_until_held(app: &TestApp) {
    let now = copes_bot::db::ts(copes_bot::clock::Clock::now(&app.clock));
    tokio::time::timeout(DEADLINE, async {
        loop {
            let (waiting,): (i64,) = sqlx::query_as(
                "SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'feedback:%' AND state = 'pending' \
                 AND next_attempt_at <= ?",
            )
            .bind(&now)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
            if waiting == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the question held for quiet hours");
}

/// After the last session (ends 21:55, + 10 minutes: in quiet hours), the
/// invitation reaches the trainee the next morning.
async fn invited(app: &TestApp, u: &TgUser) -> Call {
    app.clock.set(karachi(9, 22, 5));
    assert!(app.tick().await.evaluation_invites >= 1);
    app.clock.set(karachi(10, 7, 0));
    assert_eq!(app.tick().await.evaluation_invites, 0, "invited once");
    app.api.wait_for_text(u.id, "(FB-1)", DEADLINE).await
}

#[tokio::test]
async fn the_evaluation_is_answered_one_question_at_a_time_across_a_restart() {
    let mut app = spawn_app().programme(FB).at(karachi(9, 20, 0)).start().await;
    let u = user(TRAINEE, "T");
    seed(&app.db, "FB-1", [u.id]).await;
    let invitation = invited(&app, &u).await;
    assert_eq!(
        invitation.text().unwrap(),
        t!(&en(), "evaluation-invite", title = "Feedback course", course = "FB-1", count = 3)
    );
    let first = app.tap_until(&u, &invitation.button("Start the evaluation"), "Question 1 of 3").await;
    assert_eq!(
        first,
        format!("Question 1 of 3\n\nOverall, how useful was the course?\n\n{}", t!(&en(), "evaluation-rating-hint"))
    );
    let call = app.api.sent_to(TRAINEE).into_iter().rev().find(|c| c.text() == Some(&first)).unwrap();
    app.tap_until(&u, &call.button("4"), "Question 2 of 3").await;

    app.restart().await;
    let third = app.say_until(&u, "More practical exercises, <fewer> slides.", "Question 3 of 3").await;
    assert!(third.contains("How was the pace?"), "{third}");
    // A word where a number is wanted is refused; a digit will do.
    assert_eq!(app.say(&u, "fine").await, t!(&en(), "evaluation-tap-a-number"));
    let done = app.say_until(&u, "3", "Thank you").await;
    assert_eq!(done, t!(&en(), "evaluation-done", title = "Feedback course"));

    let answers: Vec<(String, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT question_id, rating, body FROM evaluation_answers a JOIN evaluations e ON e.id = a.evaluation_id \
         WHERE e.user_id = ? ORDER BY question_id",
    )
    .bind(TRAINEE)
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert_eq!(
        answers,
        [
            ("improve".into(), None, Some("More practical exercises, <fewer> slides.".into())),
            ("overall".into(), Some(4), None),
            ("pace".into(), Some(3), None),
        ]
    );
    // Done: the next message is an ordinary one, and the old buttons say so.
    let reply = app.say(&u, "What is the dress code?").await;
    assert!(reply.starts_with("What is the dress code?"), "{reply}");
    app.tap_until(&u, &invitation.button("Start the evaluation"), &t!(&en(), "evaluation-already-done")).await;
}

#[tokio::test]
async fn a_closed_evaluation_takes_no_more_answers_and_the_coordinator_gets_the_counts() {
    let app = spawn_app().programme(FB).at(karachi(9, 20, 0)).start().await;
    let u = user(TRAINEE, "T");
    seed(&app.db, "FB-1", [TRAINEE, 9703]).await;
    let invitation = invited(&app, &u).await;
    let first = app.tap_until(&u, &invitation.button("Start the evaluation"), "Question 1 of 3").await;
    let call = app.api.sent_to(TRAINEE).into_iter().rev().find(|c| c.text() == Some(&first)).unwrap();
    app.tap_until(&u, &call.button("5"), "Question 2 of 3").await;

    let closed = app.say(&coordinator(), "/closeevaluation FB-1").await;
    assert_eq!(closed, "The evaluation of FB-1 is closed. Completed: 0. Partly answered: 1. Not started: 1.");
    assert_eq!(app.say(&u, "Shorter days").await, t!(&en(), "evaluation-closed"));
    app.tap_until(&u, &invitation.button("Start the evaluation"), &t!(&en(), "evaluation-closed")).await;
    let again = app.say(&coordinator(), "/closeevaluation FB-1").await;
    assert!(again.starts_with("The evaluation of FB-1 was already closed."), "{again}");

    assert_eq!(
        app.say(&coordinator(), "/closeevaluation NOPE-9").await,
        t!(&en(), "closeevaluation-unknown", course = "NOPE-9")
    );
    assert_eq!(app.say(&coordinator(), "/closeevaluation").await, t!(&en(), "closeevaluation-usage"));
    assert_eq!(
        app.say(&coordinator(), "/closeevaluation PLAIN-1").await,
        t!(&en(), "closeevaluation-none", course = "PLAIN-1")
    );
    assert_eq!(app.say(&u, "/closeevaluation FB-1").await, t!(&en(), "not-allowed"));
}

#[tokio::test]
async fn a_french_trainee_reads_the_evaluation_in_french() {
    let app = spawn_app().programme(FB).at(karachi(9, 20, 0)).start().await;
    let u = french(TRAINEE, "Amélie");
    seed(&app.db, "FB-1", [u.id]).await;
    app.say(&u, "/help").await;
    let invitation = invited(&app, &u).await;
    assert!(invitation.text().unwrap().starts_with("La formation «\u{a0}Feedback course\u{a0}» (FB-1) est terminée."));
    let first = app.tap_until(&u, &invitation.button("Commencer l'évaluation"), "Question 1 sur 3").await;
    assert_eq!(
        first,
        format!(
            "Question 1 sur 3\n\nDans l'ensemble, le cours vous a-t-il été utile ?\n\n{}",
            t!(&fr(), "evaluation-rating-hint")
        )
    );
}

#[tokio::test]
async fn mydata_shows_ratings_comments_and_answers_and_forgetme_leaves_only_an_anonymous_rating() {
    let app = spawn_app().programme(FB).at(karachi(9, 9, 0)).start().await;
    let question = asked_about_the_opening(&app).await;
    let u = user(TRAINEE, "T");
    app.tap_until(&u, &question.button("4"), "Your rating").await;
    app.api.wait_for_text(TRAINEE, "Anything to add", DEADLINE).await;
    app.say_until(&u, "The room was too cold", "comment on").await;

    let doc = my_data(&app, &u).await;
    let fb = &doc["session_feedback"][0];
    assert_eq!((fb["session"].as_str(), fb["rating"].as_i64()), (Some("fb-open"), Some(4)));
    assert_eq!(fb["comment"].as_str(), Some("The room was too cold"));

    app.say_until(&u, "/forgetme", "?").await;
    app.tap_until(&u, "forget:yes", &t!(&en(), "forgotten")).await;
    let left: Vec<(Option<i64>, Option<i64>, Option<String>)> =
        sqlx::query_as("SELECT user_id, rating, comment FROM feedback").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(left, [(None, Some(4), None)], "the rating stays, with no one's name; the comment goes");
}

#[tokio::test]
async fn an_evaluation_left_half_way_does_not_swallow_a_later_question_and_start_resumes_it() {
    let app = spawn_app().programme(FB).at(karachi(9, 20, 0)).start().await;
    let u = user(TRAINEE, "T");
    seed(&app.db, "FB-1", [u.id]).await;
    let invitation = invited(&app, &u).await;
    app.tap_until(&u, &invitation.button("Start the evaluation"), "Question 1 of 3").await;
    // At a rating question, a question for the organisers is answered as one.
    let faq = app.say(&u, "What is the dress code?").await;
    assert!(faq.starts_with("What is the dress code?"), "{faq}");
    let first =
        app.api.sent_to(TRAINEE).into_iter().rev().find(|c| c.text().is_some_and(|t| t.contains("Question 1 of 3")));
    app.tap_until(&u, &first.unwrap().button("2"), "Question 2 of 3").await;

    // Left at the written question for the rest of the day.
    app.clock.set(karachi(10, 15, 0));
    let reply = app.say(&u, "Where do I collect my certificate").await;
    assert!(!reply.contains("Question 3 of 3"), "{reply}");
    let answered: i64 =
        sqlx::query_scalar("SELECT count(*) FROM evaluation_answers").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(answered, 1, "not taken as the answer");
    assert_eq!(app.say(&u, "/cancel").await, t!(&en(), "nothing-to-cancel"), "the dialogue is over");

    app.tap_until(&u, &invitation.button("Start the evaluation"), "Question 2 of 3").await;
    app.say_until(&u, "Nothing, it was fine.", "Question 3 of 3").await;
}

#[tokio::test]
async fn over_a_ten_day_course_each_attendee_is_asked_once_per_session_and_invited_once() {
    let mut toml = String::from(
        "[[course]]\ncode = \"TEN-1\"\ntitle = \"Ten days\"\ntimezone = \"Asia/Karachi\"\nlocation = \"K\"\ncapacity = 40\n\
         [[course.evaluation]]\nid = \"overall\"\nkind = \"rating\"\nquestion = \"Overall?\"\n",
    );
    let mut ids = Vec::new();
    for d in 0..10 {
        for (i, h) in [9, 11, 14, 16].iter().enumerate() {
            if d == 9 && i == 3 {
                continue;
            }
            let id = format!("s{d}-{i}");
            toml.push_str(&format!(
                "[[course.session]]\nid = \"{id}\"\nstarts = 2021-02-{:02}T{h:02}:00:00\nminutes = 90\ntitle = \"Session {id}\"\n",
                d + 1
            ));
            ids.push((id, d + 1, *h));
        }
    }
    let app = spawn_app().programme(&toml).at(karachi(1, 7, 0)).start().await;
    let trainees: Vec<i64> = (9800..9825).collect();
    seed(&app.db, "TEN-1", trainees.clone()).await;
    for (id, _, _) in &ids {
        for u in &trainees {
            app.db
                .record_attendance(&session(id), *u, true, AttendanceMethod::Button, None, karachi(1, 7, 0))
                .await
                .unwrap();
        }
    }
    let mut total = 0;
    let mut invites = 0;
    for (_, d, h) in &ids {
        app.clock.set(karachi(*d as u32, *h + 1, 40));
        let t = app.tick().await;
        total += t.feedback_questions;
        invites += t.evaluation_invites;
    }
    app.clock.set(karachi(10, 18, 0));
    let t = app.tick().await;
    assert_eq!(ids.len(), 39);
    assert_eq!((total, invites, t.feedback_questions + t.evaluation_invites), (39 * 25, 25, 0));
}
