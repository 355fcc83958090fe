//! The lessons-learned loop over a simulated course, as a new user meets
//! it: trainees check in from the reminder, one with the room code, a
//! coordinator corrects an absence; they rate the sessions and answer the
//! final evaluation; the coordinator gets the certificate list and a report
//! with a chart, a CSV a spreadsheet opens, and the FAQ gaps of the cohort
//! as entries ready to paste.

use crate::support::fake_api::Call;
use crate::support::*;

const COURSE: &str = r#"
[[course]]
code = "LL-1"
title = "Lessons course"
timezone = "Asia/Karachi"
location = "Karachi"
capacity = 10
certificate_min_attendance = 0.6
[course.attendance]
window_minutes = 30
[course.feedback]
delay_minutes = 10
[[course.evaluation]]
id = "overall"
kind = "rating"
question = "Overall, how useful was the course?"
[[course.evaluation]]
id = "change"
kind = "text"
question = "What should change for the next cohort?"
[[course.session]]
id = "ll-open"
starts = 2021-02-09T09:30:00
minutes = 60
title = "Opening and welcome"
[[course.session]]
id = "ll-risk"
starts = 2021-02-09T11:00:00
minutes = 90
title = "Risk management"
[[course.session]]
id = "ll-close"
starts = 2021-02-10T09:30:00
minutes = 60
title = "Closing"
"#;

const NOT_IN_FAQ: &str = "Can I bring my spouse to Karachi?";

/// The reminder of `title` that reached `u`, once the clock is at its time.
async fn reminded(app: &TestApp, u: &TgUser, title: &str) -> Call {
    app.api.wait_for_text(u.id, &format!("Reminder: {title}"), DEADLINE).await
}

async fn check_in_from_the_reminder(app: &TestApp, u: &TgUser, title: &str) {
    let reminder = reminded(app, u, title).await;
    let reply = app.tap_until(u, &reminder.button(&t!(&en(), "attendance-im-here-button")), "present").await;
    assert!(reply.contains(title), "{reply}");
}

/// The last "How useful was …" question about `title` that reached `u`.
async fn asked(app: &TestApp, u: &TgUser, title: &str) -> Call {
    app.api.wait_for_text(u.id, &format!("How useful was \"{title}\""), DEADLINE).await
}

async fn rate(app: &TestApp, u: &TgUser, title: &str, rating: &str, comment: Option<&str>) {
    let question = asked(app, u, title).await;
    app.tap_until(u, &question.button(rating), "Your rating").await;
    app.api.wait_for_text(u.id, &format!("Anything to add about \"{title}\""), DEADLINE).await;
    if let Some(comment) = comment {
        let saved = app.say_until(u, comment, "comment").await;
        assert_eq!(saved, t!(&en(), "feedback-comment-saved", title = title));
    }
}

/// The file `method` sent to the coordinator since `since` whose name
/// starts with `prefix` and ends with `ending`.
async fn upload(app: &TestApp, since: u64, method: &str, prefix: &str, ending: &str) -> Call {
    app.api
        .wait_for_call(&format!("a {method} of {prefix}…{ending}"), DEADLINE, |c| {
            c.seq >= since
                && c.method == method
                && c.chat_id() == Some(COORDINATOR_ID)
                && c.uploads
                    .first()
                    .and_then(|u| u.file_name.as_deref())
                    .is_some_and(|n| n.starts_with(prefix) && n.ends_with(ending))
        })
        .await
}

#[tokio::test]
async fn a_simulated_course_ends_with_certificates_and_a_report_drawn_from_what_trainees_did_and_asked() {
    let app = spawn_app().programme(COURSE).at(karachi(9, 9, 0)).start().await;
    let (ayesha, bilal, chen) = (user(7901, "Ayesha"), user(7902, "Bilal"), user(7903, "Chen"));
    seed_named(&app.db, "LL-1", &[(ayesha.id, "Ayesha Khan"), (bilal.id, "Bilal Ahmed"), (chen.id, "Chen Wei")]).await;

    // Day 1, the opening: two check in from the reminder, one with the
    // code the coordinator shows in the room.
    app.clock.set(karachi(9, 9, 15));
    assert_eq!(app.tick().await.reminders, 3);
    check_in_from_the_reminder(&app, &ayesha, "Opening and welcome").await;
    check_in_from_the_reminder(&app, &bilal, "Opening and welcome").await;
    app.clock.set(karachi(9, 9, 40));
    let shown = app.say(&coordinator(), "/code ll-open").await;
    let code = shown.split_whitespace().find(|w| w.len() == 5 && w.chars().all(|c| c.is_ascii_alphanumeric()));
    let code = code.unwrap_or_else(|| panic!("a room code in {shown:?}"));
    assert_eq!(
        app.say(&chen, &format!("/here {code}")).await,
        t!(&en(), "attendance-recorded", title = "Opening and welcome")
    );
    // A question nobody's FAQ covers goes to the coordinators.
    assert_eq!(app.say(&chen, NOT_IN_FAQ).await, t!(&en(), "enquiry-opened", id = 1));
    let relay = app.api.wait_for_text(STAFF_CHAT_ID, "Enquiry #1 — ", DEADLINE).await;
    app.staff_reply(&coordinator(), "Yes, families are welcome at the dinner.", &relay).await;

    // After it, those present are asked how useful it was.
    app.clock.set(karachi(9, 10, 40));
    assert_eq!(app.tick().await.feedback_questions, 3);
    rate(&app, &ayesha, "Opening and welcome", "5", Some("A very clear introduction")).await;
    rate(&app, &bilal, "Opening and welcome", "2", None).await;
    rate(&app, &chen, "Opening and welcome", "3", None).await;

    // Risk management: Ayesha checks in; Bilal forgot, and the coordinator
    // corrects his absence on the sheet; Chen is away.
    app.clock.set(karachi(9, 10, 45));
    assert_eq!(app.tick().await.reminders, 3);
    check_in_from_the_reminder(&app, &ayesha, "Risk management").await;
    app.clock.set(karachi(9, 12, 0));
    app.say_until(&coordinator(), "/attendance ll-risk", "Attendance — Risk management").await;
    let sheet = app.api.wait_for_text(COORDINATOR_ID, "Attendance — Risk management", DEADLINE).await;
    let mark = sheet
        .buttons()
        .into_iter()
        .find(|(label, data)| label.contains("Bilal") && data.ends_with(":p"))
        .map(|(_, data)| data)
        .unwrap_or_else(|| panic!("a present button for Bilal: {:?}", sheet.buttons()));
    let before = app.api.next_seq();
    app.api.callback_from(&coordinator(), &mark, sheet.message_id());
    app.api
        .wait_for_call("the sheet with Bilal present", DEADLINE, |c| {
            c.seq >= before && c.method == "editmessagetext" && c.text().is_some_and(|t| t.contains("2 present"))
        })
        .await;
    app.clock.set(karachi(9, 12, 40));
    assert_eq!(app.tick().await.feedback_questions, 2, "Ayesha and Bilal, not Chen");
    rate(&app, &ayesha, "Risk management", "4", None).await;
    rate(&app, &bilal, "Risk management", "4", Some("=HYPERLINK(\"http://x\") more cases please")).await;

    // Day 2, the closing; then the course evaluation.
    app.clock.set(karachi(10, 9, 15));
    app.tick().await;
    check_in_from_the_reminder(&app, &ayesha, "Closing").await;
    check_in_from_the_reminder(&app, &bilal, "Closing").await;
    app.clock.set(karachi(10, 10, 40));
    let t = app.tick().await;
    assert_eq!((t.feedback_questions, t.evaluation_invites), (2, 3));
    rate(&app, &ayesha, "Closing", "4", None).await;
    rate(&app, &bilal, "Closing", "5", None).await;
    let invitation = app.api.wait_for_text(ayesha.id, "is over", DEADLINE).await;
    let first = app.tap_until(&ayesha, &invitation.button("Start the evaluation"), "Question 1 of 2").await;
    let q1 = app.api.sent_to(ayesha.id).into_iter().rev().find(|c| c.text() == Some(&first)).unwrap();
    app.tap_until(&ayesha, &q1.button("5"), "Question 2 of 2").await;
    app.say_until(&ayesha, "More time for the case studies", "Thank you").await;

    // Certificates: 60 % of three sessions.
    let certificates = app.say(&coordinator(), "/certificates LL-1").await;
    let qualifies = certificates.find("Ayesha").zip(certificates.find("Bilal"));
    assert!(qualifies.is_some(), "{certificates}");
    assert!(certificates.contains("100"), "{certificates}");
    assert!(certificates.contains("33"), "Chen, 1 of 3: {certificates}");

    // The report.
    let since = app.api.next_seq();
    let summary = app.say_until(&coordinator(), "/report LL-1", "LL-1").await;
    for line in [
        "3 sessions held of 3; 3 registered.",
        "Certificates: 2 of 3 trainees have attended at least 60% of the sessions held.",
        "Best session: Opening and welcome (day 1), 3.3 from 3 ratings.",
        "Course evaluation: 1 of 3 answered.",
        "“More time for the case studies”",
        "“Can I bring my spouse to Karachi?”",
    ] {
        assert!(summary.contains(line), "{line:?} in {summary}");
    }
    let chart = upload(&app, since, "sendphoto", "report-", ".png").await;
    let png = &chart.uploads[0].bytes;
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1080, "1,080 px wide");
    let csv = upload(&app, since, "senddocument", "report-", ".csv").await;
    let bytes = &csv.uploads[0].bytes;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM, so a spreadsheet reads UTF-8");
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 3, "a row per session: {rows:?}");
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap_or_else(|| panic!("{id} in {rows:?}")).clone();
    let (open, risk) = (row("ll-open"), row("ll-risk"));
    assert_eq!(&open[3..7], ["3", "100.0", "3", "3.33"], "present, %, ratings, mean: {open:?}");
    assert_eq!(&risk[3..6], ["2", "66.7", "2"], "{risk:?}");
    assert!(open.last().unwrap().contains("A very clear introduction"), "{open:?}");
    assert!(!open.last().unwrap().contains("Ayesha"), "comments are anonymous by default: {open:?}");
    assert!(risk.last().unwrap().starts_with('\''), "a formula cannot run: {risk:?}");
    let answers = upload(&app, since, "senddocument", "evaluation-", ".csv").await;
    let answers = String::from_utf8(answers.uploads[0].bytes.clone()).unwrap();
    assert!(
        answers.contains("change,What should change for the next cohort?,More time for the case studies"),
        "{answers}"
    );
    let snippet = upload(&app, since, "senddocument", "faq-suggestions-", ".toml").await;
    let snippet = String::from_utf8(snippet.uploads[0].bytes.clone()).unwrap();
    assert!(snippet.contains(NOT_IN_FAQ), "the cohort's enquiry, ready to paste:\n{snippet}");
    toml::from_str::<toml::Table>(&snippet).unwrap_or_else(|e| panic!("{e}\n{snippet}"));
}
