use copes_bot::export::header;
use copes_bot::i18n::coordinator as render;

use crate::support::*;

#[tokio::test]
async fn strangers_get_not_allowed_for_every_coordinator_command_and_nothing_else() {
    let app = spawn_app().start().await;
    let stranger = user(3001, "Stranger");
    for cmd in ["/export", "/export CECAC-PILOT", "/registrations", "/reload", "/stats"] {
        assert_eq!(app.say(&stranger, cmd).await, t!(&en(), "not-allowed"), "{cmd}");
    }
    assert!(app.api.sent_to(stranger.id).iter().all(|c| c.method == "sendmessage"), "no document leaked");
    assert_eq!(app.api.texts_to(stranger.id).len(), 5, "one reply each, nothing more");
}

#[tokio::test]
async fn coordinators_get_their_own_command_menu() {
    let app = spawn_app().start().await;
    let scoped = app
        .api
        .wait_for_call("the coordinator's menu", DEADLINE, |c| {
            c.method == "setmycommands"
                && c.body["scope"]["type"] == "chat"
                && c.body["scope"]["chat_id"] == COORDINATOR_ID
        })
        .await;
    let menu = scoped.body["commands"].to_string();
    assert!(menu.contains("\"export\"") && menu.contains("\"register\""), "{menu}");
    let general = app
        .api
        .calls()
        .into_iter()
        .find(|c| c.method == "setmycommands" && c.body["scope"]["type"] == "all_private_chats")
        .unwrap();
    assert!(!general.body["commands"].to_string().contains("\"export\""));

    let help = app.say(&coordinator(), "/help").await;
    assert!(
        help.starts_with("Coordinator commands:") && help.contains("/export") && help.contains("/register"),
        "{help}"
    );
}

#[tokio::test]
async fn registrations_shows_counts_and_the_list() {
    let app = spawn_app().start().await;
    register(&app, &user(3002, "A"), "CECAC-PILOT", &AYESHA).await;
    let other = Answers {
        name: "Bilal Ahmed",
        administration: "FBR",
        position: "Appraising Officer",
        email: "bilal@fbr.gov.pk",
    };
    register(&app, &user(3003, "B"), "CECAC-PILOT", &other).await;

    let all = app.say(&coordinator(), "/registrations").await;
    assert!(all.contains("CECAC-PILOT — CECAC pilot course for Assistant Collectors"), "{all}");
    assert!(all.contains("2 participants registered for 25 places, 0 on the waiting list, 0 withdrawn"), "{all}");
    assert!(
        all.contains("1. Ayesha Khan — Assistant Collector, Pakistan Customs — ayesha.khan@fbr.gov.pk [registered]"),
        "{all}"
    );
    assert!(all.contains("2. Bilal Ahmed"), "{all}");
    assert!(all.contains("CECAC-2"), "every course is listed: {all}");

    let one = app.say(&coordinator(), "/registrations cecac-2").await;
    assert!(
        one.contains("CECAC-2")
            && !one.contains("CECAC-PILOT")
            && one.contains(&t!(&en(), "coordinator-no-registrations")),
        "{one}"
    );
    assert_eq!(app.say(&coordinator(), "/registrations NOPE-1").await, render::unknown_course(&en(), "NOPE-1"));
    assert_eq!(
        app.say(&coordinator(), "/registrations bad code!").await,
        render::invalid_course_arg(&en(), "bad code!")
    );
}

#[tokio::test]
async fn export_is_a_csv_that_spreadsheets_open_and_hostile_names_survive() {
    let app = spawn_app().start().await;
    let names = [
        "Khan, \"Ali\" Jr.",
        "عائشہ خان",
        "=HYPERLINK(\"http://evil\",\"x\")",
        "Line one, \"two\"; three",
        "+92 300",
        "@admin",
        "-1",
    ];
    for (i, name) in names.iter().enumerate() {
        let a = Answers {
            name,
            administration: "Pakistan Customs",
            position: "Assistant Collector",
            email: "x@fbr.gov.pk",
        };
        register(&app, &user(3100 + i as i64, "P"), "CECAC-PILOT", &a).await;
    }
    app.api.text_from(&coordinator(), "/export CECAC-PILOT");
    let call = app
        .api
        .wait_for_call("the roster", DEADLINE, |c| c.method == "senddocument" && c.chat_id() == Some(COORDINATOR_ID))
        .await;
    let upload = &call.uploads[0];
    assert!(upload.file_name.as_deref().unwrap().starts_with("roster-CECAC-PILOT-"), "{:?}", upload.file_name);
    assert!(upload.file_name.as_deref().unwrap().ends_with(".csv"));
    assert!(upload.bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let body = std::str::from_utf8(&upload.bytes[3..]).unwrap();
    assert!(body.contains("\r\n"), "RFC 4180 line ends");

    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), header(&en()));
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), names.len());
    let got: Vec<&str> = records.iter().map(|r| &r[4]).collect();
    let expected: Vec<String> = names
        .iter()
        .map(|n| if n.starts_with(['=', '+', '-', '@']) { format!("'{n}") } else { n.to_string() })
        .collect();
    assert_eq!(got, expected);
    assert!(records.iter().all(|r| &r[0] == "CECAC-PILOT" && &r[1] == "registered"));
    assert!(call.body["caption"].as_str().unwrap().contains("7 rows"));
}

#[tokio::test]
async fn export_of_everything_or_of_an_empty_course_still_sends_a_header() {
    let app = spawn_app().start().await;
    app.api.text_from(&coordinator(), "/export");
    let call = app.api.wait_for_call("the roster", DEADLINE, |c| c.method == "senddocument").await;
    assert!(call.uploads[0].file_name.as_deref().unwrap().starts_with("roster-all-"));
    let body = String::from_utf8(call.uploads[0].bytes[3..].to_vec()).unwrap();
    assert_eq!(body.trim_end(), header(&en()).join(","));
}

#[tokio::test]
async fn reload_reports_the_diff_and_a_bad_file_changes_nothing() {
    let app = spawn_app().start().await;
    assert_eq!(app.say(&coordinator(), "/reload").await, t!(&en(), "coordinator-reload-unchanged"));

    let programme_path = app.config_dir.join("programme.toml");
    let original = std::fs::read_to_string(&programme_path).unwrap();
    let edited = original.replacen("capacity = 25", "capacity = 30", 1)
        + "\n[[course.session]]\nid = \"extra-evening\"\nstarts = 2021-04-09T18:00:00\nminutes = 30\ntitle = \"Extra\"\n";
    std::fs::write(&programme_path, &edited).unwrap();
    let faq_path = app.config_dir.join("faq.toml");
    let faq = std::fs::read_to_string(&faq_path).unwrap();
    std::fs::write(
        &faq_path,
        format!("{faq}\n[[faq]]\nid = \"new-one\"\nquestion = \"New?\"\nkeywords = [\"new\"]\nanswer = \"Yes.\"\n"),
    )
    .unwrap();

    let diff = app.say(&coordinator(), "/reload").await;
    assert!(diff.contains("Courses: changed 1 (CECAC-PILOT)"), "{diff}");
    assert!(diff.contains("Sessions: added 1 (extra-evening)"), "{diff}");
    assert!(diff.contains("FAQ: added 1 (new-one)"), "{diff}");

    // A broken file: the reply names it, and the database keeps the last good import.
    let sessions_before = app.db.counts().await.unwrap();
    std::fs::write(
        &programme_path,
        edited.replace("minutes = 30\ntitle = \"Extra\"", "minutes = -5\ntitle = \"Extra\""),
    )
    .unwrap();
    let refused = app.say(&coordinator(), "/reload").await;
    assert!(refused.starts_with("Reload refused, nothing was changed:"), "{refused}");
    assert!(
        refused.contains("programme.toml") && refused.contains(".minutes") && refused.contains("1–1440"),
        "{refused}"
    );
    std::fs::write(&faq_path, "[[faq]]\nid = \"x\"\n").unwrap();
    std::fs::write(&programme_path, "[[course]]\ncode = \"ONLY-ONE\"\ntitle = \"x\"\nlocation = \"y\"\ncapacity = 1\n")
        .unwrap();
    let refused = app.say(&coordinator(), "/reload").await;
    assert!(refused.contains("faq.toml"), "{refused}");
    assert_eq!(app.db.counts().await.unwrap(), sessions_before, "nothing half-applied");
}

#[tokio::test]
async fn stats_counts_registrations_by_course_and_status() {
    let app = spawn_app().start().await;
    register(&app, &user(3201, "A"), "CECAC-PILOT", &AYESHA).await;
    register(&app, &user(3202, "B"), "CECAC-PILOT", &AYESHA).await;
    app.say(&user(3202, "B"), "/withdraw").await;
    app.tap_until(&user(3202, "B"), "wd:CECAC-PILOT", "You have left").await;
    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains("CECAC-PILOT: registered 1/25, waiting list 0, withdrawn 1"), "{stats}");
    assert!(stats.contains("CECAC-2: registered 0/25"), "{stats}");
    assert!(stats.contains("All courses: registered 1, waiting list 0, withdrawn 1"), "{stats}");
}

#[tokio::test]
async fn in_the_staff_group_only_coordinators_commands_are_answered() {
    let app = spawn_app().start().await;
    let stranger = user(3301, "Member");
    app.api.group_text_from(STAFF_CHAT_ID, &coordinator(), "/stats", None);
    app.api.wait_for_text(STAFF_CHAT_ID, "All courses", DEADLINE).await;
    app.api.group_text_from(STAFF_CHAT_ID, &stranger, "/export", None);
    app.api.wait_for_text(STAFF_CHAT_ID, &t!(&en(), "not-allowed"), DEADLINE).await;
    app.api.group_text_from(STAFF_CHAT_ID, &stranger, "hello everyone", None);
    app.api.group_text_from(STAFF_CHAT_ID, &coordinator(), "/stats", None);
    let texts = app.api.wait_for_texts(STAFF_CHAT_ID, 3, DEADLINE).await;
    assert!(texts[2].contains("All courses"), "chatter got no reply: {texts:?}");
    assert!(!app.api.calls().iter().any(|c| c.method == "senddocument"));
}

/// The shipped coordinator, with Telegram set to French.
fn french_coordinator() -> TgUser {
    TgUser { language_code: Some("fr".into()), ..coordinator() }
}

#[tokio::test]
async fn a_coordinator_whose_telegram_is_in_french_reads_registrations_stats_and_the_roster_in_french() {
    let app = spawn_app().start().await;
    seed(&app.db, "CECAC-PILOT", [3401]).await;
    let c = french_coordinator();

    let all = app.say(&c, "/registrations").await;
    assert!(all.starts_with("Inscriptions\u{a0}:\n\nCECAC-PILOT — "), "{all}");
    assert!(all.contains("1 participant inscrit pour 25 places, 0 en liste d'attente, 0 désinscrit"), "{all}");
    assert!(
        all.contains("1. Seeded Participant — Assistant Collector, Pakistan Customs — p@fbr.gov.pk [inscrit]"),
        "{all}"
    );
    assert!(all.contains("0 participant inscrit pour 25 places"), "French counts zero as one: {all}");
    assert!(!all.contains("registered"), "{all}");
    assert_eq!(app.say(&c, "/registrations NOPE-1").await, "Je ne connais pas le cours «\u{a0}NOPE-1\u{a0}».");

    let stats = app.say(&c, "/stats").await;
    assert!(
        stats.starts_with("Statistiques\n\nCECAC-PILOT\u{a0}: inscrits 1/25, liste d'attente 0, désinscrits 0"),
        "{stats}"
    );
    assert!(stats.contains("Tous les cours\u{a0}: inscrits 1, liste d'attente 0, désinscrits 0"), "{stats}");
    assert!(stats.contains("Rappels\u{a0}: envoyés 0, en attente 0, bot bloqué 0, échecs 0"), "{stats}");
    assert!(stats.contains("Délai médian jusqu'à la première réponse\u{a0}: aucune réponse pour l'instant"), "{stats}");
    assert!(!stats.contains("registered") && !stats.contains("sent"), "{stats}");

    app.api.text_from(&c, "/export");
    let call = app.api.wait_for_call("the roster", DEADLINE, |c| c.method == "senddocument").await;
    assert_eq!(
        call.body["caption"],
        "Liste des participants (tous les cours)\u{a0}: 1 ligne. CSV en UTF-8\u{a0}; s'ouvre dans un tableur."
    );
    let body = std::str::from_utf8(&call.uploads[0].bytes[3..]).unwrap().to_owned();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let columns: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(columns, header(&fr()));
    assert_eq!(columns.len(), header(&en()).len(), "the same columns in the same order");
    assert_eq!(&columns[..2], ["cours", "statut"]);
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!((&row[0], &row[1], &row[4]), ("CECAC-PILOT", "inscrit", "Seeded Participant"));

    // The same person with Telegram in English reads English again.
    assert!(app.say(&coordinator(), "/stats").await.starts_with("Statistics\n\n"));
}

#[tokio::test]
async fn a_french_coordinator_moves_a_session_and_reads_dates_plurals_and_refusals_in_french() {
    let app = spawn_app().start().await;
    seed(&app.db, "CECAC-PILOT", [3501, 3502]).await;
    let c = french_coordinator();
    let done = app.say(&c, "/move d1-opening 2021-02-10 09:45").await;
    assert_eq!(
        done,
        "C'est fait\u{a0}: Opening and welcome, mercredi 10 février 2021, 9 h 45–10 h 45 (Asia/Karachi), Hall A. \
         2 participants vont être prévenus maintenant."
    );
    let cancelled = app.say(&c, "/cancelsession d1-opening").await;
    assert!(
        cancelled.starts_with(
            "C'est fait\u{a0}: la séance «\u{a0}Opening and welcome\u{a0}» du mercredi 10 février 2021 est annulée."
        ),
        "{cancelled}"
    );
    let refused = app.say(&c, "/move d1-opening 2021-02-30 09:00").await;
    assert!(
        refused.starts_with(
            "Rien n'a été modifié\u{a0}: «\u{a0}2021-02-30 09:00\u{a0}» n'est pas une date qui existe (vérifiez le mois et le jour).\nUtilisation\u{a0}: /move"
        ),
        "{refused}"
    );
    assert_eq!(app.say(&c, "/room d1-opening").await, t!(&fr(), "coordinator-room-usage"));
    assert_eq!(app.say(&c, "/cancelsession").await, "Utilisation\u{a0}: /cancelsession ID-SÉANCE");
    let unknown = app.say(&c, "/move nope 2021-02-10 09:00").await;
    assert!(unknown.starts_with("Il n'y a pas de séance «\u{a0}nope\u{a0}»."), "{unknown}");
    assert_eq!(app.say(&c, "/reload").await, "Rechargé\u{a0}: rien n'a changé.");
}
