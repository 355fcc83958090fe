//! The attendance record as the database keeps it (the commands on top of
//! it come next).

use copes_bot::domain::lesson::AttendanceMethod;
use copes_bot::domain::{CourseCode, SessionId};

use crate::support::flows::{karachi, seed};
use crate::support::*;

fn session(id: &str) -> SessionId {
    SessionId::parse(id).unwrap()
}

#[tokio::test]
async fn a_correction_replaces_the_record_and_every_change_is_logged_with_who_made_it() {
    let app = spawn_app().start().await;
    seed(&app.db, "CECAC-PILOT", [9301, 9302]).await;
    let s = session("d1-opening");
    let t = karachi(9, 9, 35);
    app.db.record_attendance(&s, 9301, true, AttendanceMethod::Button, None, t).await.unwrap();
    app.db.record_attendance(&s, 9302, false, AttendanceMethod::Coordinator, Some(COORDINATOR_ID), t).await.unwrap();
    app.db.record_attendance(&s, 9302, true, AttendanceMethod::Coordinator, Some(COORDINATOR_ID), t).await.unwrap();

    let list = app.db.session_attendance(&s).await.unwrap();
    let of = |id: i64| list.iter().find(|a| a.user_id == id).unwrap().clone();
    assert_eq!((of(9301).present, of(9301).method), (Some(true), Some(AttendanceMethod::Button)));
    assert_eq!((of(9302).present, of(9302).method), (Some(true), Some(AttendanceMethod::Coordinator)));
    let logged: i64 =
        sqlx::query_scalar("SELECT count(*) FROM attendance_log WHERE user_id = 9302 AND recorded_by = ?")
            .bind(COORDINATOR_ID)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(logged, 2, "the absence and its correction are both kept");
}

#[tokio::test]
async fn shares_count_sessions_held_so_far_and_a_trainee_sees_their_own_record() {
    let app = spawn_app().start().await;
    seed(&app.db, "CECAC-PILOT", [9311]).await;
    // Day 1 has five sessions; by 18:00 all have started.
    let evening = karachi(9, 18, 0);
    for id in ["d1-opening", "d1-copes-programme", "d1-cecac-project", "d1-introductions"] {
        app.db.record_attendance(&session(id), 9311, true, AttendanceMethod::Button, None, evening).await.unwrap();
    }
    let code = CourseCode::parse("CECAC-PILOT").unwrap();
    let shares = app.db.attendance_shares(&code, evening).await.unwrap();
    let mine = shares.iter().find(|s| s.user_id == 9311).unwrap();
    assert_eq!(mine.attended, 4);
    assert!(mine.held >= 5, "{mine:?}");
    assert!(mine.share() < 1.0);

    let own = app.db.own_attendance(9311, evening).await.unwrap();
    assert_eq!(own.len() as u32, mine.held);
    assert_eq!(own.iter().filter(|a| a.present).count(), 4);
    assert!(own.windows(2).all(|w| w[0].starts_at <= w[1].starts_at), "oldest first");
}

#[tokio::test]
async fn a_room_code_is_made_once_per_session_and_never_shared_by_two() {
    let app = spawn_app().start().await;
    let t = karachi(9, 9, 0);
    let mut tries = vec!["AB12".to_owned(), "AB12".to_owned(), "CD34".to_owned()].into_iter();
    let first = app.db.session_code(&session("d1-opening"), t, || tries.next().unwrap()).await.unwrap();
    assert_eq!(first, "AB12");
    assert_eq!(app.db.session_code(&session("d1-opening"), t, || unreachable!()).await.unwrap(), "AB12");
    // The same code comes up for another session: it is made again.
    let second = app.db.session_code(&session("d1-copes-programme"), t, || tries.next().unwrap()).await.unwrap();
    assert_eq!(second, "CD34");
    assert_eq!(app.db.session_of_code("ab12").await.unwrap(), Some(session("d1-opening")));
    assert_eq!(app.db.session_of_code("ZZ99").await.unwrap(), None);
}

const RULED: &str = r#"
[[course]]
code = "RULED-1"
title = "A course with rules"
location = "Karachi"
capacity = 5
certificate_min_attendance = 0.75
anonymous_feedback = false
[course.attendance]
require_code = true
window_minutes = 20
[course.feedback]
delay_minutes = 5
[[course.evaluation]]
id = "overall"
kind = "rating"
question = "Overall, how useful was the course?"
[course.evaluation.fr]
question = "Dans l'ensemble, le cours vous a-t-il été utile ?"
[[course.session]]
id = "r-1"
starts = 2021-02-09T09:30:00
minutes = 60
title = "Opening"
"#;

#[tokio::test]
async fn a_courses_lesson_rules_are_imported_and_a_reload_that_changes_them_says_so() {
    let app = spawn_app().programme(RULED).start().await;
    let code = CourseCode::parse("RULED-1").unwrap();
    let rules = app.db.course_lessons(&code).await.unwrap();
    assert!(rules.attendance.require_code);
    assert_eq!(rules.attendance.window_minutes, 20);
    assert_eq!(rules.attendance.certificate_min_attendance, Some(0.75));
    assert_eq!((rules.feedback.delay_minutes, rules.feedback.anonymous), (5, false));
    assert_eq!(rules.evaluation.len(), 1);
    assert_eq!(rules.evaluation[0].text_in(&fr(), &en()), "Dans l'ensemble, le cours vous a-t-il été utile ?");

    std::fs::write(app.config_dir.join("programme.toml"), RULED.replace("window_minutes = 20", "window_minutes = 45"))
        .unwrap();
    let diff = app.say(&coordinator(), "/reload").await;
    assert!(diff.contains("RULED-1"), "{diff}");
    assert_eq!(app.db.course_lessons(&code).await.unwrap().attendance.window_minutes, 45);
    assert_eq!(app.say(&coordinator(), "/reload").await, t!(&en(), "coordinator-reload-unchanged"));
}
