//! Each person's language: French from the first /start for someone whose
//! Telegram is French, `/language` to change it at once, the course's
//! language as a default, and the command menus per language and place.

use chrono::NaiveTime;
use copes_bot::db::ProfileField;
use copes_bot::domain::Invalid;
use copes_bot::i18n::participant;
use serde_json::Value;

use crate::support::*;

/// The labels and callback data of the buttons under the last message to
/// `user` that had any.
fn buttons(app: &TestApp, user: &TgUser) -> Vec<(String, String)> {
    let last = app.api.sent_to(user.id).into_iter().rev().find(|c| !c.body["reply_markup"].is_null()).unwrap();
    let rows = last.body["reply_markup"]["inline_keyboard"].as_array().unwrap().clone();
    rows.iter()
        .flat_map(|r| r.as_array().unwrap().clone())
        .map(|b| (b["text"].as_str().unwrap().to_owned(), b["callback_data"].as_str().unwrap().to_owned()))
        .collect()
}

fn labels(app: &TestApp, user: &TgUser) -> Vec<String> {
    buttons(app, user).into_iter().map(|(label, _)| label).collect()
}

/// English a French reader must never see: the wording of the English
/// messages, day and month names. (Session titles are the programme's own.)
fn assert_no_english(texts: &[String]) {
    for t in texts {
        for english in
            ["Please", "Send /", "You are", "Your ", "Tuesday", "February", "Today", "Next session", "Times in"]
        {
            assert!(!t.contains(english), "English {english:?} in {t:?}");
        }
    }
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[tokio::test]
async fn someone_whose_telegram_is_french_registers_and_reads_the_programme_in_french() {
    let app = spawn_app().start().await;
    let u = french(4001, "Awa");

    // First contact: nothing chosen, nothing stored yet, French already.
    let ask_name = t!(&fr(), "ask-name");
    app.say_until(&u, "/start CECAC-PILOT", &ask_name).await;
    let welcome = &app.api.texts_to(u.id)[0];
    assert_eq!(
        *welcome,
        t!(&fr(), "welcome", programme = "COPES — CECAC Project", contact = "COPES@wcoomd.org"),
        "the welcome and privacy notice"
    );
    assert!(welcome.contains("Confidentialité"), "{welcome}");

    // A refusal, its reason and the request to send again, all French.
    let refused = app.say(&u, "A").await;
    assert_eq!(
        refused,
        participant::invalid(&fr(), ProfileField::Name, &Invalid::Length { min: 2, max: 100, got: 1 }, "A")
    );
    assert!(refused.contains("doit comporter entre 2 et 100 caractères"), "{refused}");
    let sticker = serde_json::json!({"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": false, "is_video": false}});
    app.api.message_from(&u, sticker);
    app.api.wait_for_text(u.id, &t!(&fr(), "text-expected", prompt = t!(&fr(), "ask-name")), DEADLINE).await;

    app.say_until(&u, "Awa Diop", &t!(&fr(), "ask-administration")).await;
    app.say_until(&u, "Douanes du Sénégal", &t!(&fr(), "ask-position")).await;
    app.say_until(&u, "Inspectrice des douanes", &t!(&fr(), "ask-email")).await;
    assert_eq!(
        app.say(&u, "awa.diop@douanes").await,
        t!(&fr(), "invalid-email", typed = "awa.diop@douanes"),
        "an e-mail address refused in French"
    );
    let summary = app.say(&u, "awa.diop@douanes.sn").await;
    let course = "CECAC-PILOT — CECAC pilot course for Assistant Collectors";
    assert_eq!(
        summary,
        t!(
            &fr(),
            "summary",
            name = "Awa Diop",
            administration = "Douanes du Sénégal",
            position = "Inspectrice des douanes",
            email = "awa.diop@douanes.sn",
            course = course,
        )
    );
    assert_eq!(labels(&app, &u), ["Confirmer", "Modifier"]);
    app.tap_until(&u, "reg:edit", &t!(&fr(), "which-field")).await;
    assert_eq!(labels(&app, &u), ["Nom", "Administration", "Poste", "E-mail", "Cours"]);
    app.tap_until(&u, "reg:edit:position", &t!(&fr(), "ask-position")).await;
    app.say_until(&u, "Inspectrice principale des douanes", "Inspectrice principale").await;
    let done = app.tap_until(&u, "reg:confirm", "CECAC-PILOT").await;
    assert_eq!(
        done,
        t!(&fr(), "registered", code = "CECAC-PILOT", title = "CECAC pilot course for Assistant Collectors")
    );

    let profile = app.say(&u, "/profile").await;
    assert!(profile.starts_with("Vos informations\u{a0}:\n\nNom\u{a0}: Awa Diop\n"), "{profile}");
    assert!(profile.contains("Récapitulatif quotidien\u{a0}: 7 h 00"), "{profile}");
    assert!(profile.contains("Rappels\u{a0}: activés"), "{profile}");
    assert!(profile.contains(&t!(&fr(), "profile-language-automatic", language = "Français")), "{profile}");
    assert!(profile.contains(&format!("{course}\u{a0}: inscription confirmée")), "{profile}");
    assert_eq!(
        labels(&app, &u),
        ["Modifier le nom", "Modifier l'administration", "Modifier le poste", "Modifier l'e-mail"]
    );

    let schedule = app.say(&u, "/schedule").await;
    assert!(
        schedule.contains(
            "Mardi 9 février 2021\n9 h 30 – 10 h 30  Opening and welcome — FBR Member Customs (Operations) (Hall A)"
        ),
        "{schedule}"
    );
    assert!(schedule.contains("Heures en Asia/Karachi"), "{schedule}");
    assert!(schedule.contains("Mercredi 10 février 2021"), "{schedule}");
    // The whole programme takes two messages; the second ends the week.
    app.api.wait_for_text(u.id, "Vendredi 19 février 2021", DEADLINE).await;

    let today = app.say(&u, "/today").await;
    assert!(
        today.starts_with(&t!(&fr(), "today-heading", date = "mardi 9 février 2021", zone = "Asia/Karachi")),
        "{today}"
    );
    let next = app.say(&u, "/next").await;
    assert_eq!(
        next,
        "Prochaine séance (CECAC-PILOT), dans 1 h 30 min\u{a0}:\nMardi 9 février 2021\n\
         9 h 30 – 10 h 30  Opening and welcome — FBR Member Customs (Operations) (Hall A)"
    );
    assert!(app.say(&u, "/help").await.starts_with("Ce que je sais faire\u{a0}:\n/start — accueil"));
    assert_eq!(app.say(&u, "/frobnicate").await, t!(&fr(), "unknown-command", command = "/frobnicate"));
    assert_eq!(app.say(&u, "/export").await, t!(&fr(), "not-allowed"));
    assert_no_english(&app.api.texts_to(u.id));
}

#[tokio::test]
async fn settings_and_leaving_a_course_are_answered_in_french() {
    let app = spawn_app().start().await;
    let u = french(4002, "Fatou");
    seed(&app.db, "CECAC-PILOT", [u.id]).await;

    assert_eq!(app.say(&u, "/timezone").await, t!(&fr(), "timezone-usage", zone = "Asia/Karachi"));
    assert_eq!(app.say(&u, "/timezone Mars/Olympus").await, t!(&fr(), "timezone-unknown", typed = "Mars/Olympus"));
    assert_eq!(
        app.say(&u, "/timezone Africa/Dakar").await,
        t!(&fr(), "timezone-set", zone = "Africa/Dakar", time = "3 h 00"),
        "08:00 in Karachi is 03:00 in Dakar"
    );
    assert_eq!(app.say(&u, "/reminders off").await, t!(&fr(), "reminders-off"));
    assert_eq!(app.say(&u, "/reminders peut-être").await, t!(&fr(), "reminders-usage"));
    assert_eq!(app.say(&u, "/digest 25:00").await, t!(&fr(), "digest-invalid", typed = "25:00"));
    let quiet = app.say(&u, "/digest 6:30").await;
    assert_eq!(quiet, participant::digest_set(&fr(), time(6, 30), "Africa/Dakar", Some((time(22, 0), time(7, 0)))));
    assert!(quiet.ends_with("(22 h 00 – 7 h 00)\u{a0}: il arrivera donc à 7 h 00."), "{quiet}");

    assert_eq!(app.say(&u, "/withdraw").await, t!(&fr(), "withdraw-which"));
    assert_eq!(labels(&app, &u), ["Quitter CECAC-PILOT", "Garder ma place"]);
    app.tap_until(&u, "wd:keep", &t!(&fr(), "kept")).await;
    app.say(&u, "/withdraw").await;
    app.tap_until(&u, "wd:CECAC-PILOT", &t!(&fr(), "withdrawn", code = "CECAC-PILOT")).await;
    assert_eq!(app.say(&u, "/withdraw").await, t!(&fr(), "nothing-to-withdraw"));

    assert_eq!(app.say(&u, "/forgetme").await, t!(&fr(), "forget-confirm"));
    assert_eq!(labels(&app, &u), ["Oui, effacer mes données", "Non, les garder"]);
    app.tap_until(&u, "forget:yes", &t!(&fr(), "forgotten")).await;
    assert_eq!(app.say(&u, "/profile").await, t!(&fr(), "no-profile"));
    assert_no_english(&app.api.texts_to(u.id));
}

#[tokio::test]
async fn language_en_switches_at_once_and_profile_and_mydata_say_so() {
    let app = spawn_app().start().await;
    let u = french(4003, "Moussa");
    seed(&app.db, "CECAC-PILOT", [u.id]).await;
    assert!(app.say(&u, "/help").await.starts_with("Ce que je sais faire"));

    // Confirmed in the language just chosen, and the next reply is in it.
    assert_eq!(app.say(&u, "/language en").await, t!(&en(), "language-set"));
    assert!(app.say(&u, "/help").await.starts_with("What I can do:"));
    let profile = app.say(&u, "/profile").await;
    assert!(profile.contains("Language: English (chosen with /language)"), "{profile}");
    assert_eq!(app.db.person(u.id).await.unwrap().unwrap().language.unwrap().as_str(), "en");

    // Without an argument: the language in use, a button per language named
    // in itself, and automatic.
    assert_eq!(app.say(&u, "/language").await, t!(&en(), "language-menu", chosen = "yes"));
    assert_eq!(
        buttons(&app, &u),
        [
            ("English".to_owned(), "lang:en".to_owned()),
            ("Français".to_owned(), "lang:fr".to_owned()),
            (t!(&en(), "button-language-automatic"), "lang:auto".to_owned())
        ]
    );
    app.tap_until(&u, "lang:fr", &t!(&fr(), "language-set")).await;
    assert_eq!(app.db.person(u.id).await.unwrap().unwrap().language.unwrap().as_str(), "fr");
    assert_eq!(app.say(&u, "/language").await, t!(&fr(), "language-menu", chosen = "yes"));
    assert_eq!(labels(&app, &u)[2], "Automatique (comme mon Telegram)");

    // Back to automatic: their Telegram's, French.
    app.tap_until(&u, "lang:auto", &t!(&fr(), "language-set-automatic")).await;
    assert!(app.db.person(u.id).await.unwrap().unwrap().language.is_none());
    assert_eq!(app.say(&u, "/language").await, t!(&fr(), "language-menu", chosen = "no"));

    // Names and words work as well as codes; anything else lists the choices.
    assert_eq!(app.say(&u, "/language English").await, t!(&en(), "language-set"));
    assert_eq!(app.say(&u, "/language français").await, t!(&fr(), "language-set"));
    assert_eq!(app.say(&u, "/language klingon").await, participant::language_unknown(&fr(), "klingon"));
    assert!(app.say(&u, "/language ur").await.contains("English (/language en), Français (/language fr)"));
    app.tap_until(&u, "lang:xx", &t!(&fr(), "button-expired")).await;

    app.api.text_from(&u, "/mydata");
    let call = app
        .api
        .wait_for_call("the data document", DEADLINE, |c| c.method == "senddocument" && c.chat_id() == Some(u.id))
        .await;
    assert_eq!(call.text(), Some(t!(&fr(), "mydata-caption").as_str()));
    let doc: Value = serde_json::from_slice(&call.uploads[0].bytes).unwrap();
    assert_eq!(doc["profile"]["language"], "fr", "the chosen language");
    assert_eq!(doc["profile"]["telegram_language"], "fr");
    assert_eq!(doc["language_in_use"], "fr");
}

#[tokio::test]
async fn someone_who_never_wrote_before_can_choose_a_language_first() {
    let app = spawn_app().start().await;
    let u = user(4004, "Newcomer");
    assert!(app.db.person(u.id).await.unwrap().is_none());
    assert_eq!(app.say(&u, "/language fr").await, t!(&fr(), "language-set"));
    assert_eq!(
        app.say(&u, "/start").await,
        t!(&fr(), "welcome", programme = "COPES — CECAC Project", contact = "COPES@wcoomd.org")
    );
}

/// A course for French-speaking administrations.
const FRENCH_COURSE: &str = r#"
[[course]]
code = "COPES-DAKAR"
title = "Cours COPES pour l'Afrique de l'Ouest"
timezone = "Africa/Dakar"
location = "Centre de formation des douanes, Dakar"
language = "fr"
capacity = 30

[[course.session]]
id = "dk-ouverture"
starts = 2021-02-09T09:00:00
minutes = 60
title = "Ouverture"
room = "Salle 1"
"#;

#[tokio::test]
async fn the_choice_comes_first_then_telegram_then_the_course_then_the_programme() {
    let app = spawn_app().programme(FRENCH_COURSE).start().await;
    let english = user(4011, "English Telegram");
    let unset = TgUser { language_code: None, ..user(4012, "No Telegram language") };
    let urdu = TgUser { language_code: Some("ur".into()), ..user(4013, "Urdu Telegram") };
    let stranger = TgUser { language_code: None, ..user(4014, "Not registered") };
    seed(&app.db, "COPES-DAKAR", [english.id, unset.id, urdu.id]).await;

    let help = |reply: String| reply.starts_with("What I can do:");
    let aide = |reply: String| reply.starts_with("Ce que je sais faire");
    assert!(help(app.say(&english, "/help").await), "Telegram (English) before the course (French)");
    assert!(aide(app.say(&unset, "/help").await), "no Telegram language: the course's");
    assert!(aide(app.say(&urdu, "/help").await), "a Telegram language the bot does not speak: the course's");
    assert!(help(app.say(&stranger, "/help").await), "no course, no Telegram language: the programme's");

    app.say(&english, "/language fr").await;
    assert!(aide(app.say(&english, "/help").await), "the choice before Telegram");
    app.say(&urdu, "/language en").await;
    assert!(help(app.say(&urdu, "/help").await), "the choice before the course");
    app.say(&urdu, "/language auto").await;
    assert!(aide(app.say(&urdu, "/help").await), "automatic again: the course's");
}

/// The recorded setMyCommands calls for a scope type and language ("" for
/// none).
fn menus(app: &TestApp, scope: &str, lang: &str) -> Vec<Value> {
    app.api
        .calls()
        .into_iter()
        .filter(|c| {
            c.method == "setmycommands"
                && c.body["scope"]["type"] == scope
                && c.body["language_code"].as_str().unwrap_or_default() == lang
        })
        .map(|c| c.body)
        .collect()
}

fn commands(menu: &Value) -> Vec<(String, String)> {
    menu["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["command"].as_str().unwrap().to_owned(), c["description"].as_str().unwrap().to_owned()))
        .collect()
}

fn names(menu: &Value) -> Vec<String> {
    commands(menu).into_iter().map(|(c, _)| c).collect()
}

#[tokio::test]
async fn command_menus_are_set_per_language_and_per_place() {
    let app = spawn_app().start().await;

    // Participants, in private chats: one menu per language, and the
    // programme's (English) for anyone else.
    for (lang, code) in [(fr(), "fr"), (en(), "en"), (en(), "")] {
        let menu = menus(&app, "all_private_chats", code);
        assert_eq!(menu.len(), 1, "{code:?}");
        let list = commands(&menu[0]);
        assert!(list.contains(&("register".to_owned(), t!(&lang, "command-register"))), "{code:?}: {list:?}");
        assert!(list.contains(&("language".to_owned(), t!(&lang, "command-language"))), "{code:?}: {list:?}");
        assert!(!names(&menu[0]).contains(&"export".to_owned()));
    }
    assert_eq!(commands(&menus(&app, "all_private_chats", "fr")[0])[0].1, "accueil et avis de confidentialité");

    // The coordinator: everything in their private chat, per language.
    for (lang, code) in [(fr(), "fr"), (en(), "en"), (en(), "")] {
        let private: Vec<Value> =
            menus(&app, "chat", code).into_iter().filter(|m| m["scope"]["chat_id"] == COORDINATOR_ID).collect();
        assert_eq!(private.len(), 1, "{code:?}");
        let list = commands(&private[0]);
        assert!(list.contains(&("export".to_owned(), t!(&lang, "command-export"))), "{list:?}");
        assert!(list.contains(&("help".to_owned(), t!(&lang, "command-help-coordinator"))), "one /help, theirs");
        assert!(names(&private[0]).contains(&"register".to_owned()));
        assert_eq!(names(&private[0]).iter().filter(|c| *c == "help").count(), 1);
    }

    // The staff group: for each coordinator, only their own commands;
    // nobody there sees /register or /forgetme.
    for code in ["fr", "en", ""] {
        let staff = menus(&app, "chat_member", code);
        assert_eq!(staff.len(), 1, "{code:?}");
        assert_eq!(staff[0]["scope"]["chat_id"], STAFF_CHAT_ID);
        assert_eq!(staff[0]["scope"]["user_id"], COORDINATOR_ID);
        let list = names(&staff[0]);
        assert!(list.contains(&"export".to_owned()) && list.contains(&"reply".to_owned()), "{list:?}");
        assert!(!list.contains(&"register".to_owned()) && !list.contains(&"forgetme".to_owned()), "{list:?}");
    }

    // Nothing on the default scope: it is cleared, never set.
    let calls = app.api.calls();
    assert!(!calls
        .iter()
        .any(|c| c.method == "setmycommands" && (c.body["scope"].is_null() || c.body["scope"]["type"] == "default")));
    assert!(calls
        .iter()
        .any(|c| c.method == "deletemycommands" && c.body["scope"].is_null() && c.body["language_code"].is_null()));
}

#[tokio::test]
async fn a_chosen_language_brings_its_menu_and_automatic_takes_it_away() {
    let mut app = spawn_app().start().await;
    let u = user(4021, "Chooser");
    let own_menu = |app: &TestApp, method: &str, chat: i64| {
        app.api
            .calls()
            .into_iter()
            .filter(|c| c.method == method && c.body["scope"]["type"] == "chat" && c.body["scope"]["chat_id"] == chat)
            .collect::<Vec<_>>()
    };
    app.say(&u, "/language fr").await;
    let set = app
        .api
        .wait_for_call("their own menu", DEADLINE, |c| {
            c.method == "setmycommands" && c.body["scope"]["chat_id"] == u.id
        })
        .await;
    assert!(set.body["language_code"].is_null(), "whatever their Telegram's language");
    assert_eq!(commands(&set.body)[1], ("register".to_owned(), t!(&fr(), "command-register")));

    // Kept up to date at each start.
    let before = app.api.next_seq();
    app.restart().await;
    app.api
        .wait_for_call("their own menu set again at the start", DEADLINE, |c| {
            c.seq >= before && c.method == "setmycommands" && c.body["scope"]["chat_id"] == u.id
        })
        .await;
    assert_eq!(own_menu(&app, "setmycommands", u.id).len(), 2);

    app.say(&u, "/language auto").await;
    app.api
        .wait_for_call("their own menu cleared", DEADLINE, |c| {
            c.method == "deletemycommands" && c.body["scope"]["chat_id"] == u.id
        })
        .await;

    // A coordinator's menus, private and in the staff group, follow too.
    app.say(&TgUser { language_code: Some("en".into()), ..coordinator() }, "/language fr").await;
    let staff = app
        .api
        .wait_for_call("the coordinator's staff-group menu in French", DEADLINE, |c| {
            c.method == "setmycommands"
                && c.body["scope"]["type"] == "chat_member"
                && c.body["language_code"].is_null()
                && c.body["commands"].to_string().contains(&t!(&fr(), "command-export"))
        })
        .await;
    assert!(!names(&staff.body).contains(&"register".to_owned()));
    let deleted = own_menu(&app, "deletemycommands", COORDINATOR_ID);
    let codes: Vec<&str> = deleted.iter().filter_map(|c| c.body["language_code"].as_str()).collect();
    assert!(codes.contains(&"en") && codes.contains(&"fr"), "per-language menus would win: {codes:?}");
    assert!(app.say(&coordinator(), "/help").await.starts_with("Commandes des coordinateurs\u{a0}:"));
}

#[tokio::test]
async fn a_coordinator_reads_help_in_their_own_language() {
    let app = spawn_app().start().await;
    let french_coordinator = TgUser { language_code: Some("fr".into()), ..coordinator() };
    let help = app.say(&french_coordinator, "/help").await;
    assert!(help.starts_with("Commandes des coordinateurs\u{a0}:\n/broadcast — envoyer une annonce"), "{help}");
    assert!(help.contains("Commandes des participants (vous pouvez aussi les utiliser)\u{a0}:"), "{help}");
    assert!(app.say(&coordinator(), "/help").await.starts_with("Coordinator commands:"));
}
