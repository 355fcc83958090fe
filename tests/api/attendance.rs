//! Attendance as the database keeps it, and as trainees and coordinators
//! take it: "I'm here" under a reminder, room codes, the coordinator's
//! sheet, a trainee's own record, /certificates.

use copes_bot::domain::lesson::AttendanceMethod;
use copes_bot::domain::{CourseCode, SessionId};

use crate::support::fake_api::Call;
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

// ------------------------------------------------------------ through the bot

/// Two courses on 9 February 2021 in Karachi: ATT-1 checks in with "I'm
/// here" (window 30 min, certificate at 50%), CODE-1 by room code only
/// (window 60 min, no certificate). Reminders come 15 min before.
const COURSES: &str = r#"
[[course]]
code = "ATT-1"
title = "Attendance by button"
timezone = "Asia/Karachi"
location = "Karachi"
capacity = 100
certificate_min_attendance = 0.5
[course.attendance]
window_minutes = 30

[[course.session]]
id = "open"
starts = 2021-02-09T09:30:00
minutes = 60
title = "Opening and welcome"
room = "Hall A"

[[course.session]]
id = "risk"
starts = 2021-02-09T11:00:00
minutes = 90
title = "Risk management"

[[course]]
code = "CODE-1"
title = "Attendance by room code"
timezone = "Asia/Karachi"
location = "Karachi"
capacity = 100
[course.attendance]
require_code = true
window_minutes = 60

[[course.session]]
id = "c-open"
starts = 2021-02-09T09:30:00
minutes = 60
title = "Valuation basics"
"#;

async fn app_at(h: u32, m: u32) -> TestApp {
    spawn_app().programme(COURSES).at(karachi(9, h, m)).start().await
}

async fn mark_of(app: &TestApp, session: &str, user: i64) -> Option<(bool, String)> {
    sqlx::query_as("SELECT present, method FROM attendance WHERE session_id = ? AND user_id = ?")
        .bind(session)
        .bind(user)
        .fetch_optional(app.db.pool())
        .await
        .unwrap()
}

fn here(session: &str) -> String {
    copes_bot::bot::buttons::here_data(session)
}

#[tokio::test]
async fn a_trainee_checks_in_with_the_button_under_the_reminder_and_a_second_tap_changes_nothing() {
    let app = app_at(9, 0).await;
    let u = user(7001, "Trainee");
    seed(&app.db, "ATT-1", [u.id]).await;
    app.clock.set(karachi(9, 9, 15));
    app.tick().await;
    let reminder = app.api.wait_for_text(u.id, "Reminder: Opening and welcome", DEADLINE).await;
    let buttons = reminder.buttons();
    assert_eq!(buttons, vec![(t!(&en(), "attendance-im-here-button"), here("open"))]);

    app.clock.set(karachi(9, 9, 31));
    let done = app.tap_until(&u, &buttons[0].1, "Marked present").await;
    assert_eq!(done, t!(&en(), "attendance-recorded", title = "Opening and welcome"));
    assert_eq!(mark_of(&app, "open", u.id).await, Some((true, "button".into())));

    let again = app.tap_until(&u, &buttons[0].1, "already").await;
    assert_eq!(again, t!(&en(), "attendance-already", title = "Opening and welcome"));
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM attendance_log WHERE user_id = ?")
        .bind(u.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(logged, 1, "the second tap recorded nothing");
}

#[tokio::test]
async fn a_late_reminder_still_carries_the_button_and_a_tap_after_the_window_is_sent_to_a_coordinator() {
    let app = app_at(9, 0).await;
    let u = user(7002, "Late");
    seed(&app.db, "ATT-1", [u.id]).await;
    // The bot was down until the session was under way: the late reminder
    // has the button too.
    app.clock.set(karachi(9, 9, 50));
    app.tick().await;
    let late = app.api.wait_for_text(u.id, "Under way: Opening and welcome", DEADLINE).await;
    assert_eq!(late.buttons().len(), 1);

    app.clock.set(karachi(9, 10, 1));
    let closed = app.tap_until(&u, &here("open"), "Check-in").await;
    assert_eq!(closed, t!(&en(), "attendance-closed", title = "Opening and welcome"));
    assert!(closed.contains("ask a coordinator"), "{closed}");
    assert_eq!(mark_of(&app, "open", u.id).await, None);
}

#[tokio::test]
async fn a_withdrawn_trainee_or_a_stranger_is_told_they_have_no_place() {
    let app = app_at(9, 20).await;
    let gone = user(7003, "Gone");
    let stranger = user(7004, "Stranger");
    seed(&app.db, "ATT-1", [gone.id]).await;
    app.db.withdraw(gone.id, &CourseCode::parse("ATT-1").unwrap(), karachi(9, 9, 0)).await.unwrap();
    let expected = t!(&en(), "attendance-not-registered", title = "Opening and welcome", course = "ATT-1");
    assert_eq!(app.tap_until(&gone, &here("open"), "ATT-1").await, expected);
    assert_eq!(app.tap_until(&stranger, &here("open"), "ATT-1").await, expected);
    assert_eq!(mark_of(&app, "open", gone.id).await, None);
    let forged = app.tap_until(&stranger, "here:0123456789abcdef", "expired").await;
    assert_eq!(forged, t!(&en(), "button-expired"));
}

#[tokio::test]
async fn a_course_that_takes_room_codes_sends_its_reminder_without_a_button_and_says_to_send_here() {
    let app = app_at(9, 0).await;
    let u = user(7005, "Coded");
    seed(&app.db, "CODE-1", [u.id]).await;
    app.clock.set(karachi(9, 9, 15));
    app.tick().await;
    let reminder = app.api.wait_for_text(u.id, "Reminder: Valuation basics", DEADLINE).await;
    assert!(reminder.buttons().is_empty(), "{:?}", reminder.body);
    assert!(reminder.text().unwrap().ends_with(&t!(&en(), "attendance-reminder-code")), "{:?}", reminder.text());
}

/// The code in the coordinator's /code reply.
fn code_in(reply: &str) -> String {
    let after = reply.split("/here ").nth(1).unwrap();
    after.chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
}

#[tokio::test]
async fn the_room_code_checks_a_trainee_in_and_wrong_or_expired_codes_are_refused_and_counted() {
    let app = app_at(9, 20).await;
    let (a, b, c) = (user(7011, "A"), user(7012, "B"), user(7013, "C"));
    seed(&app.db, "CODE-1", [a.id, b.id, c.id]).await;
    let shown = app.say(&coordinator(), "/code c-open").await;
    let code = code_in(&shown);
    assert_eq!(code.len(), 5, "{shown}");
    assert!(!code.contains(['0', 'O', '1', 'I']), "{code}");
    assert!(shown.contains("Valuation basics") && shown.contains("10:30"), "open until start + 60 min: {shown}");
    assert_eq!(code_in(&app.say(&coordinator(), "/code c-open").await), code, "one code per session");

    // Typed in lower case with a space: still the code.
    let typed = format!("/here {} {}", code[..2].to_lowercase(), &code[2..]);
    assert_eq!(app.say(&a, &typed).await, t!(&en(), "attendance-recorded", title = "Valuation basics"));
    assert_eq!(mark_of(&app, "c-open", a.id).await, Some((true, "code".into())));

    let wrong = app.say(&b, "/here ZZZZZ").await;
    assert_eq!(wrong, t!(&en(), "attendance-code-wrong", code = "ZZZZZ", left = 4));

    app.clock.set(karachi(9, 10, 31));
    let expired = app.say(&c, &format!("/here {code}")).await;
    assert_eq!(expired, t!(&en(), "attendance-closed", title = "Valuation basics"));
    assert_eq!(mark_of(&app, "c-open", c.id).await, None);

    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains(&t!(&en(), "attendance-stats-codes", wrong = 1, expired = 1)), "{stats}");

    assert_eq!(app.say(&a, "/here").await, t!(&en(), "attendance-here-usage"));
    assert_eq!(app.say(&coordinator(), "/code").await, t!(&en(), "attendance-code-usage"));
    assert!(app.say(&coordinator(), "/code nope").await.contains("There is no session \"nope\""));
    assert_eq!(app.say(&a, "/code c-open").await, t!(&en(), "not-allowed"));
}

#[tokio::test]
async fn five_wrong_codes_stop_the_guessing_for_a_quarter_of_an_hour_even_with_the_right_code() {
    let app = app_at(9, 20).await;
    let guesser = user(7021, "Guesser");
    seed(&app.db, "CODE-1", [guesser.id]).await;
    let code = code_in(&app.say(&coordinator(), "/code c-open").await);
    for left in (1..=4).rev() {
        let reply = app.say(&guesser, "/here AAAAA").await;
        assert_eq!(reply, t!(&en(), "attendance-code-wrong", code = "AAAAA", left = left));
    }
    let fifth = app.say(&guesser, "/here BBBBB").await;
    assert_eq!(fifth, t!(&en(), "attendance-code-blocked", minutes = 15));
    app.clock.set(karachi(9, 9, 25));
    let blocked = app.say(&guesser, &format!("/here {code}")).await;
    assert_eq!(blocked, t!(&en(), "attendance-code-blocked", minutes = 10), "not even the right code gets through");
    assert_eq!(mark_of(&app, "c-open", guesser.id).await, None);

    app.clock.set(karachi(9, 9, 36));
    assert_eq!(
        app.say(&guesser, &format!("/here {code}")).await,
        t!(&en(), "attendance-recorded", title = "Valuation basics")
    );
}

#[tokio::test]
async fn a_coordinator_corrects_attendance_on_the_sheet_in_place_and_every_change_is_kept_with_who_made_it() {
    let app = app_at(9, 35).await;
    let people = [(7031, "Bilal Ahmed"), (7032, "Ayesha Khan"), (7033, "Sana Malik")];
    seed_named(&app.db, "ATT-1", &people).await;
    let bilal = user(7031, "Bilal");
    app.tap_until(&bilal, &here("open"), "Marked present").await;

    let sheet = app.say(&coordinator(), "/attendance open").await;
    assert!(sheet.contains("1 present, 2 absent or not recorded, of 3"), "{sheet}");
    let bilal_line = t!(
        &en(),
        "attendance-sheet-line",
        mark = "✅",
        name = "Bilal Ahmed",
        status = t!(&en(), "attendance-status-present", how = t!(&en(), "attendance-method-button"))
    );
    assert!(sheet.contains(&bilal_line), "{sheet}");
    assert!(sheet.find("Ayesha Khan") < sheet.find("Bilal Ahmed"), "by name: {sheet}");
    let call = app.api.wait_for_text(COORDINATOR_ID, "Attendance — Opening and welcome", DEADLINE).await;
    let sheet_id = call.message_id().unwrap();
    let buttons = call.buttons();
    assert_eq!(buttons.len(), 6, "present and absent for each: {buttons:?}");
    let mark = |present: bool| {
        buttons
            .iter()
            .find(|(label, data)| {
                data.contains(":7032:")
                    && (label.contains("Ayesha") == present)
                    && data.ends_with(if present { ":p" } else { ":a" })
            })
            .unwrap()
            .1
            .clone()
    };

    // Ayesha is marked absent, then corrected to present after the session.
    let before = app.api.next_seq();
    app.api.callback_from(&coordinator(), &mark(false), Some(sheet_id));
    let edited = app
        .api
        .wait_for_call("the sheet edited", DEADLINE, |c| {
            c.seq >= before
                && c.method == "editmessagetext"
                && c.text().is_some_and(|t| t.contains("absent (by a coordinator)"))
        })
        .await;
    assert_eq!(edited.body["message_id"].as_i64(), Some(sheet_id), "edited in place");
    app.clock.set(karachi(9, 12, 0));
    let before = app.api.next_seq();
    app.api.callback_from(&coordinator(), &mark(true), Some(sheet_id));
    app.api
        .wait_for_call("the sheet edited again", DEADLINE, |c| {
            c.seq >= before && c.method == "editmessagetext" && c.text().is_some_and(|t| t.contains("2 present"))
        })
        .await;
    assert_eq!(mark_of(&app, "open", 7032).await, Some((true, "coordinator".into())));
    let log: Vec<(bool, Option<i64>)> = sqlx::query_as(
        "SELECT present, recorded_by FROM attendance_log WHERE session_id = 'open' AND user_id = 7032 ORDER BY id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert_eq!(log, vec![(false, Some(COORDINATOR_ID)), (true, Some(COORDINATOR_ID))]);

    // A trainee's tap on a sheet's button does nothing.
    app.api.callback_from(&bilal, &mark(false), None);
    app.settle().await;
    assert_eq!(mark_of(&app, "open", 7032).await, Some((true, "coordinator".into())));
}

#[tokio::test]
async fn the_sheet_is_offered_for_recent_sessions_refused_before_its_window_and_for_unknown_ids() {
    let app = app_at(9, 20).await;
    seed_named(&app.db, "ATT-1", &[(7041, "Only One")]).await;
    let pick = app.say(&coordinator(), "/attendance").await;
    assert_eq!(pick, t!(&en(), "attendance-sheet-pick"));
    let call = app.api.wait_for_text(COORDINATOR_ID, &pick, DEADLINE).await;
    let offered = call.buttons();
    assert!(offered.iter().any(|(l, _)| l == "09:30 Opening and welcome"), "{offered:?}");
    assert!(!offered.iter().any(|(l, _)| l.contains("Risk")), "not open yet: {offered:?}");
    let data = offered.iter().find(|(l, _)| l.contains("Opening")).unwrap().1.clone();
    let sheet = app.tap_until(&coordinator(), &data, "Attendance — Opening").await;
    assert!(sheet.contains("Only One"), "{sheet}");

    let early = app.say(&coordinator(), "/attendance risk").await;
    assert!(early.starts_with("Attendance for Risk management opens on Tuesday 9 February, 10:45"), "{early}");
    assert!(app.say(&coordinator(), "/attendance nope").await.contains("There is no session \"nope\""));
}

#[tokio::test]
async fn a_course_of_forty_is_split_into_sheets_within_telegrams_limits() {
    let app = app_at(9, 40).await;
    let names: Vec<(i64, String)> =
        (0..40).map(|i| (7100 + i, format!("Participant number {i:02} with a long name"))).collect();
    let people: Vec<(i64, &str)> = names.iter().map(|(id, n)| (*id, n.as_str())).collect();
    seed_named(&app.db, "ATT-1", &people).await;
    app.say_until(&coordinator(), "/attendance open", "Part 2 of 2").await;
    let parts: Vec<Call> = app
        .api
        .sent_to(COORDINATOR_ID)
        .into_iter()
        .filter(|c| c.text().is_some_and(|t| t.starts_with("Attendance — Opening")))
        .collect();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].buttons().len() + parts[1].buttons().len(), 80);
    assert!(parts.iter().all(|p| p.text().unwrap().chars().count() <= 4096));
    // A mark in the second part redraws the second part.
    let data = parts[1].buttons().into_iter().find(|(_, d)| d.ends_with(":p")).unwrap().1;
    let before = app.api.next_seq();
    app.api.callback_from(&coordinator(), &data, parts[1].message_id());
    let edited =
        app.api.wait_for_call("part 2 edited", DEADLINE, |c| c.seq >= before && c.method == "editmessagetext").await;
    assert!(edited.text().unwrap().contains("Part 2 of 2"), "{:?}", edited.text());
}

#[tokio::test]
async fn a_trainee_sees_their_own_record_and_certificate_standing_in_attendance_and_profile() {
    let app = app_at(11, 30).await;
    let u = user(7051, "Own");
    seed(&app.db, "ATT-1", [u.id]).await;
    app.db
        .record_attendance(&session("open"), u.id, true, AttendanceMethod::Button, None, karachi(9, 9, 31))
        .await
        .unwrap();
    let record = app.say(&u, "/attendance").await;
    assert!(
        record.starts_with(&t!(&en(), "attendance-own-course", course = "ATT-1", attended = 1, held = 2, percent = 50)),
        "{record}"
    );
    assert!(record.contains("✅ Tuesday 9 February, 09:30 — Opening and welcome"), "{record}");
    assert!(record.contains("❌ Tuesday 9 February, 11:00 — Risk management"), "{record}");
    assert!(record.ends_with(&t!(&en(), "attendance-own-certificate-met", min = 50)), "{record}");

    let profile = app.say(&u, "/profile").await;
    assert!(
        profile.contains(&t!(&en(), "attendance-profile-line", course = "ATT-1", attended = 1, held = 2, percent = 50)),
        "{profile}"
    );

    let nobody = user(7052, "Nobody");
    assert_eq!(app.say(&nobody, "/attendance").await, t!(&en(), "attendance-own-not-registered"));
    let coded = user(7053, "Coded");
    seed(&app.db, "CODE-1", [coded.id]).await;
    let none = app.say(&coded, "/attendance").await;
    assert!(none.ends_with(&t!(&en(), "attendance-own-no-certificate")), "{none}");
}

#[tokio::test]
async fn a_french_trainee_reads_their_check_in_and_record_in_french() {
    let app = app_at(9, 20).await;
    let f = french(7061, "Fatou");
    seed(&app.db, "ATT-1", [f.id]).await;
    let done = app.tap_until(&f, &here("open"), "Opening and welcome").await;
    assert_eq!(done, t!(&fr(), "attendance-recorded", title = "Opening and welcome"));
    app.clock.set(karachi(9, 11, 30));
    let record = app.say(&f, "/attendance").await;
    assert!(record.contains("présent(e) à 1 séance(s) sur 2 jusqu'ici (50 %)"), "{record}");
    assert!(record.contains("✅ mardi 9 février à 9 h 30 — Opening and welcome"), "{record}");
}

#[tokio::test]
async fn certificates_list_who_qualifies_with_their_share_and_say_when_a_course_gives_none() {
    let app = app_at(11, 30).await;
    seed_named(&app.db, "ATT-1", &[(7071, "Ayesha Khan"), (7072, "Bilal Ahmed")]).await;
    app.db
        .record_attendance(&session("open"), 7071, true, AttendanceMethod::Button, None, karachi(9, 9, 31))
        .await
        .unwrap();
    let list = app.say(&coordinator(), "/certificates ATT-1").await;
    assert_eq!(
        list,
        [
            t!(&en(), "attendance-certificates-heading", course = "ATT-1", min = 50, held = 2),
            String::new(),
            t!(&en(), "attendance-certificates-qualify", n = 1),
            t!(&en(), "attendance-certificates-line", name = "Ayesha Khan", percent = 50, attended = 1, held = 2),
            String::new(),
            t!(&en(), "attendance-certificates-not-yet", n = 1),
            t!(&en(), "attendance-certificates-line", name = "Bilal Ahmed", percent = 0, attended = 0, held = 2),
        ]
        .join("\n")
    );
    assert_eq!(
        app.say(&coordinator(), "/certificates CODE-1").await,
        t!(&en(), "attendance-certificates-none", course = "CODE-1")
    );
    assert_eq!(
        app.say(&coordinator(), "/certificates NOPE-9").await,
        t!(&en(), "coordinator-unknown-course", code = "NOPE-9")
    );
    assert_eq!(app.say(&coordinator(), "/certificates").await, t!(&en(), "attendance-certificates-usage"));
    assert_eq!(app.say(&user(7071, "Ayesha"), "/certificates ATT-1").await, t!(&en(), "not-allowed"));
}

#[tokio::test]
async fn a_coordinators_menu_lists_attendance_once_with_what_it_does_for_them() {
    let app = spawn_app().start().await;
    let scoped = app
        .api
        .wait_for_call("the coordinator's menu", DEADLINE, |c| {
            c.method == "setmycommands"
                && c.body["scope"]["type"] == "chat"
                && c.body["scope"]["chat_id"] == COORDINATOR_ID
        })
        .await;
    let commands = scoped.body["commands"].as_array().unwrap().clone();
    let attendance: Vec<_> = commands.iter().filter(|c| c["command"] == "attendance").collect();
    assert_eq!(attendance.len(), 1, "{commands:?}");
    assert_eq!(attendance[0]["description"], t!(&en(), "command-attendance-coordinator"));
    for name in ["code", "certificates", "here"] {
        assert!(commands.iter().any(|c| c["command"] == name), "{name} in {commands:?}");
    }
}

#[tokio::test]
async fn forgetting_someone_unlinks_their_wrong_codes_which_still_count_in_stats() {
    let app = app_at(9, 20).await;
    let u = user(7081, "Forgets");
    seed(&app.db, "CODE-1", [u.id]).await;
    app.say(&u, "/here WRONG").await;
    assert_eq!(app.say(&u, "/forgetme").await, t!(&en(), "forget-confirm"));
    app.tap_until(&u, "forget:yes", &t!(&en(), "forgotten")).await;
    let linked: i64 = sqlx::query_scalar("SELECT count(*) FROM code_attempts WHERE user_id IS NOT NULL")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(linked, 0);
    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains(&t!(&en(), "attendance-stats-codes", wrong = 1, expired = 0)), "{stats}");
}
