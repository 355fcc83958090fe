//! The FAQ learning from coordinators: a relayed enquiry filed under an
//! entry with one tap ("This is FAQ entry…"), the asker answered from it in
//! their language, the question kept as an example (counted in /stats,
//! written out by faq-export, forgotten with its asker), and /learn, which
//! offers helpful questions and adds nothing without a tap.

use serde_json::json;

use crate::support::fake_api::Call;
use crate::support::flows::{count, french, seed, user};
use crate::support::{coordinator, en, fr, spawn_app, t, TestApp, TgUser, DEADLINE, STAFF_CHAT_ID};

/// A small FAQ whose wording shares nothing with how the tests ask.
const FAQ: &str = r#"
language = "en"

[[faq]]
id = "accommodation"
question = "Is lodging arranged for participants?"
keywords = ["lodging", "hostel", "hotel"]
answer = "Yes: rooms are booked at the FBR hostel, two minutes from the venue."
[faq.fr]
question = "Un logement est-il prévu pour les participants ?"
keywords = ["logement", "foyer", "hôtel"]
answer = "Oui : des chambres sont réservées au foyer de la FBR, à deux minutes du lieu."

[[faq]]
id = "certificate"
question = "Will I receive a certificate?"
keywords = ["certificate", "certification", "diploma"]
answer = "Yes: certificates are handed out at the closing session."
[faq.fr]
question = "Vais-je recevoir un certificat ?"
keywords = ["certificat", "attestation", "diplôme"]
answer = "Oui : les certificats sont remis à la séance de clôture."
"#;

const LODGING: &str = "Is lodging arranged for participants?";
const CERTIFICATE: &str = "Will I receive a certificate?";
const ASKED: &str = "Where do I sleep at night?";

/// The message id a send or an edit is about.
fn message_of(call: &Call) -> i64 {
    call.message_id().or_else(|| call.body["message_id"].as_i64()).expect("a message id")
}

/// A tap on a button under the bot's message `message` in the staff group.
fn staff_tap(app: &TestApp, from: &TgUser, data: &str, message: i64) {
    app.api.push_update(json!({"callback_query": {
        "id": format!("staff-cq-{}", app.api.next_seq()),
        "from": from.json(),
        "chat_instance": "staff",
        "data": data,
        "message": {"message_id": message, "date": 1_612_841_400,
                    "chat": {"id": STAFF_CHAT_ID, "type": "supergroup", "title": "Staff"},
                    "text": "(a message with buttons)"},
    }}));
}

/// A tap in `from`'s private chat on the bot's message `message`.
fn private_tap(app: &TestApp, from: &TgUser, data: &str, message: i64) {
    app.api.callback_from(from, data, Some(message));
}

/// Waits for a message or an edit in `chat` containing `needle`, made
/// after `since`.
async fn next_in(app: &TestApp, chat: i64, since: u64, needle: &str) -> Call {
    app.api
        .wait_for_call(&format!("{needle:?} in {chat}"), DEADLINE, |c| {
            c.seq >= since && c.chat_id() == Some(chat) && c.text().is_some_and(|t| t.contains(needle))
        })
        .await
}

/// Asks `question` (which the FAQ does not answer), waits for its relay to
/// the staff group, opens the picker from it and picks `entry`. Returns the
/// relay and the picker as it was when tapped.
async fn file_from_staff(app: &TestApp, enquiry: i64, entry: &str) -> (Call, Call) {
    let relay = app.api.wait_for_text(STAFF_CHAT_ID, &format!("Enquiry #{enquiry} — "), DEADLINE).await;
    let since = app.api.next_seq();
    staff_tap(app, &coordinator(), &relay.button(&t!(&en(), "learn-relay-button")), message_of(&relay));
    let picker = next_in(app, STAFF_CHAT_ID, since, &format!("Enquiry #{enquiry}: which FAQ entry")).await;
    let since = app.api.next_seq();
    staff_tap(app, &coordinator(), &picker.button(entry), message_of(&picker));
    let filed = next_in(app, STAFF_CHAT_ID, since, "Filed under").await;
    assert_eq!(filed.method, "editmessagetext", "the picker itself says what was done");
    assert_eq!(message_of(&filed), message_of(&picker));
    assert!(filed.buttons().is_empty(), "the picker's buttons are gone");
    (relay, picker)
}

async fn examples(app: &TestApp) -> Vec<(String, String, String, String)> {
    sqlx::query_as("SELECT faq_id, language, body, source FROM faq_examples ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_question_the_faq_cannot_answer_is_filed_under_an_entry_with_one_tap_and_the_asker_reads_its_answer() {
    let app = spawn_app().faq(FAQ).start().await;
    let asker = french(7001, "Amina");
    seed(&app.db, "CECAC-PILOT", [asker.id]).await;
    let question = "Où vais-je dormir le soir ?";
    assert_eq!(app.say(&asker, question).await, t!(&fr(), "enquiry-opened", id = 1));

    let (relay, picker) = file_from_staff(&app, 1, LODGING).await;
    assert!(relay.text().unwrap().contains(question));
    // Every entry is offered, each by its question, and Cancel.
    let labels: Vec<String> = picker.buttons().into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, [LODGING, CERTIFICATE, &t!(&en(), "learn-picker-cancel")]);
    assert!(picker.text().unwrap().contains(question), "{:?}", picker.text());

    // The asker reads the entry's answer in French, as the answer to #1.
    let answer = app.api.wait_for_text(asker.id, "des chambres sont réservées", DEADLINE).await;
    let text = answer.text().unwrap();
    assert!(text.starts_with(&t!(&fr(), "notice-answer", id = 1, question = question)), "{text}");
    assert!(text.contains("Un logement est-il prévu pour les participants"), "{text}");
    assert!(text.ends_with(&t!(&fr(), "notice-answer-footer")), "{text}");

    // Answered, by the coordinator, and the question is an example at once.
    assert_eq!(app.say(&coordinator(), "/enquiries").await, t!(&en(), "no-open-enquiries"));
    assert_eq!(examples(&app).await, [("accommodation".into(), "fr".into(), question.into(), "enquiry".into())]);
    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains("answered by a coordinator 1"), "{stats}");
    assert!(
        stats.contains(&t!(&en(), "coordinator-stats-learning", from_enquiries = 1, confirmed = 0, waiting = 0)),
        "{stats}"
    );

    // faq-export writes it out in faq.toml's shape, under the entry's French.
    let snippet = copes_bot::export::faq_snippet(&app.db, &en()).await.unwrap();
    let parsed: toml::Table = toml::from_str(&snippet).unwrap_or_else(|e| panic!("{e}\n{snippet}"));
    let entry = &parsed["faq"].as_array().unwrap()[0];
    assert_eq!(entry["id"].as_str(), Some("accommodation"));
    assert!(entry.get("examples").is_none(), "nothing in the entry's own language: {snippet}");
    assert_eq!(entry["fr"]["examples"].as_array().unwrap(), &[toml::Value::from(question)]);
    assert!(snippet.contains(&format!("# accommodation — {LODGING}")), "{snippet}");
}

#[tokio::test]
async fn the_next_person_who_asks_it_that_way_is_answered_at_once() {
    let app = spawn_app().faq(FAQ).start().await;
    let first = user(7011, "Bilal");
    assert_eq!(app.say(&first, ASKED).await, t!(&en(), "enquiry-opened", id = 1));
    file_from_staff(&app, 1, LODGING).await;
    app.api.wait_for_text(first.id, "rooms are booked at the FBR hostel", DEADLINE).await;

    let next = user(7012, "Sana");
    let reply = app.say(&next, "where do i sleep at night").await;
    assert!(reply.starts_with(LODGING), "{reply}");
    assert_eq!(count(&app, STAFF_CHAT_ID, "Enquiry #2"), 0);
}

#[tokio::test]
async fn only_coordinators_file_and_a_second_tap_or_a_follow_up_does_what_a_person_expects() {
    let app = spawn_app().faq(FAQ).start().await;
    let asker = user(7021, "Hamza");
    app.say(&asker, ASKED).await;
    let relay = app.api.wait_for_text(STAFF_CHAT_ID, "Enquiry #1 — ", DEADLINE).await;
    let open = relay.button(&t!(&en(), "learn-relay-button"));

    // Someone else in the staff group, and a participant replaying the
    // data privately: nothing happens.
    let before = app.api.next_seq();
    staff_tap(&app, &user(7029, "Not a coordinator"), &open, message_of(&relay));
    let picked = open.replace("lrn:o:", "lrn:f:") + ":0:00000000";
    private_tap(&app, &asker, &picked, 1);
    private_tap(&app, &asker, &open, 1);
    app.settle().await;
    let said: Vec<Call> =
        app.api.calls().into_iter().filter(|c| c.seq >= before && c.method != "answercallbackquery").collect();
    assert!(said.is_empty(), "a non-coordinator's tap did something: {said:#?}");
    assert!(app.say(&coordinator(), "/enquiries").await.contains("#1 · waiting"), "the enquiry is still open");

    // The coordinator files it; a second tap on the same entry, or on the
    // relay again, is told it was done and changes nothing.
    let (_, picker) = file_from_staff(&app, 1, LODGING).await;
    let since = app.api.next_seq();
    staff_tap(&app, &coordinator(), &picker.button(LODGING), message_of(&picker));
    next_in(&app, STAFF_CHAT_ID, since, &t!(&en(), "learn-already-filed")).await;
    let since = app.api.next_seq();
    staff_tap(&app, &coordinator(), &open, message_of(&relay));
    next_in(&app, STAFF_CHAT_ID, since, &t!(&en(), "learn-already-filed")).await;
    app.api.wait_for_text(asker.id, "Answer to your enquiry #1", DEADLINE).await;
    app.settle().await;
    crate::support::flows::wait_until_nothing_is_owed(&app.db).await;
    assert_eq!(count(&app, asker.id, "Answer to your enquiry #1"), 1);
    assert_eq!(examples(&app).await.len(), 1);

    // A follow-up reopens #1 and can be filed too, with its own words.
    let answer = app.api.sent_to(asker.id).into_iter().rev().find(|c| c.text().unwrap().contains("#1")).unwrap();
    let follow = "And can my driver stay over as well?";
    app.reply_linked(asker.id, &asker, json!({"text": follow}), &answer).await;
    let since = app.api.next_seq();
    let relayed = next_in(&app, STAFF_CHAT_ID, since, "Enquiry #1 — follow-up, reopened").await;
    let since = app.api.next_seq();
    staff_tap(&app, &coordinator(), &relayed.button(&t!(&en(), "learn-relay-button")), message_of(&relayed));
    let picker = next_in(&app, STAFF_CHAT_ID, since, "Enquiry #1: which FAQ entry").await;
    assert!(picker.text().unwrap().contains(follow));
    staff_tap(&app, &coordinator(), &picker.button(LODGING), message_of(&picker));
    next_in(&app, asker.id, since, "Answer to your enquiry #1 (\"And can my driver").await;
    let filed: Vec<String> = examples(&app).await.into_iter().map(|(_, _, body, _)| body).collect();
    assert_eq!(filed, [ASKED, follow]);
}

#[tokio::test]
async fn without_a_staff_group_the_other_coordinators_hear_it_was_filed_and_cannot_file_it_again() {
    let bot = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/bot.toml"))
        .unwrap()
        .replace("user_ids = [111111111]", "user_ids = [111111111, 222222222]")
        .replace("staff_chat_id = -1001234567890", "");
    let app = spawn_app().faq(FAQ).bot_toml(&bot).start().await;
    let (a, b) = (coordinator(), user(222_222_222, "Second"));
    app.say(&user(7031, "Imran"), ASKED).await;
    let relay_a = app.api.wait_for_text(a.id, "Enquiry #1 — ", DEADLINE).await;
    let relay_b = app.api.wait_for_text(b.id, "Enquiry #1 — ", DEADLINE).await;

    let since = app.api.next_seq();
    private_tap(&app, &a, &relay_a.button(&t!(&en(), "learn-relay-button")), message_of(&relay_a));
    let picker = next_in(&app, a.id, since, "Enquiry #1: which FAQ entry").await;
    private_tap(&app, &a, &picker.button(CERTIFICATE), message_of(&picker));
    next_in(&app, a.id, since, "Filed under \"Will I receive a certificate?\"").await;
    let told = next_in(&app, b.id, since, "Enquiry #1 was filed by Coordinator").await;
    assert!(told.text().unwrap().contains(CERTIFICATE));

    let since = app.api.next_seq();
    private_tap(&app, &b, &relay_b.button(&t!(&en(), "learn-relay-button")), message_of(&relay_b));
    next_in(&app, b.id, since, &t!(&en(), "learn-already-filed")).await;
}

#[tokio::test]
async fn a_picker_made_before_a_reload_removed_its_entry_files_nothing_and_offers_the_new_list() {
    let app = spawn_app().faq(FAQ).start().await;
    let asker = user(7041, "Zara");
    app.say(&asker, ASKED).await;
    let relay = app.api.wait_for_text(STAFF_CHAT_ID, "Enquiry #1 — ", DEADLINE).await;
    let since = app.api.next_seq();
    staff_tap(&app, &coordinator(), &relay.button(&t!(&en(), "learn-relay-button")), message_of(&relay));
    let picker = next_in(&app, STAFF_CHAT_ID, since, "Enquiry #1: which FAQ entry").await;

    // The lodging entry leaves faq.toml: the certificate moves to its place.
    let without = FAQ.split("[[faq]]\nid = \"certificate\"").collect::<Vec<_>>();
    let reloaded = format!("language = \"en\"\n\n[[faq]]\nid = \"certificate\"{}", without[1]);
    std::fs::write(app.config_dir.join("faq.toml"), reloaded).unwrap();
    let report = app.say(&coordinator(), "/reload").await;
    assert!(report.contains("accommodation"), "{report}");

    let since = app.api.next_seq();
    staff_tap(&app, &coordinator(), &picker.button(LODGING), message_of(&picker));
    next_in(&app, STAFF_CHAT_ID, since, &t!(&en(), "learn-stale")).await;
    let fresh = next_in(&app, STAFF_CHAT_ID, since, "Enquiry #1: which FAQ entry").await;
    let labels: Vec<String> = fresh.buttons().into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, [CERTIFICATE, &t!(&en(), "learn-picker-cancel")]);
    // The old certificate button points past the end now: stale too.
    let since = app.api.next_seq();
    staff_tap(&app, &coordinator(), &picker.button(CERTIFICATE), message_of(&picker));
    next_in(&app, STAFF_CHAT_ID, since, &t!(&en(), "learn-stale")).await;
    assert!(examples(&app).await.is_empty());
    assert!(app.say(&coordinator(), "/enquiries").await.contains("#1"));
    assert_eq!(count(&app, asker.id, "Answer to your enquiry"), 0);

    // Cancel leaves the enquiry as it was.
    let since = app.api.next_seq();
    staff_tap(&app, &coordinator(), &fresh.button(&t!(&en(), "learn-picker-cancel")), message_of(&fresh));
    next_in(&app, STAFF_CHAT_ID, since, &t!(&en(), "learn-picker-cancelled")).await;
}

#[tokio::test]
async fn learn_offers_each_helpful_question_once_and_adds_nothing_without_a_tap() {
    let app = spawn_app().faq(FAQ).start().await;
    let c = coordinator();
    assert_eq!(app.say(&c, "/learn").await, t!(&en(), "learn-none"));
    for (id, question) in [(7051, "Is there a certificate?"), (7052, "do we get a diploma?")] {
        let u = user(id, "Asker");
        let answer = app.say(&u, question).await;
        assert!(answer.starts_with(CERTIFICATE), "{answer}");
        let last = app.api.sent_to(u.id).into_iter().last().unwrap();
        app.tap_until(&u, &last.button(&t!(&en(), "faq-yes")), &t!(&en(), "faq-glad")).await;
    }
    let stats = app.say(&c, "/stats").await;
    assert!(stats.contains("helpful questions waiting in /learn: 2"), "{stats}");
    assert!(examples(&app).await.is_empty(), "nothing is added before a coordinator decides");

    let offer_text = app.say(&c, "/learn").await;
    assert!(offer_text.starts_with("2 helpful questions are waiting"), "{offer_text}");
    assert!(offer_text.contains("Is there a certificate?"), "{offer_text}");
    let offer = app.api.sent_to(c.id).into_iter().last().unwrap();
    let add = offer.button(&t!(&en(), "learn-add", topic = CERTIFICATE));
    let since = app.api.next_seq();
    private_tap(&app, &c, &add, message_of(&offer));
    next_in(&app, c.id, since, "Added: \"Is there a certificate?\"").await;
    let second = next_in(&app, c.id, since, "One helpful question is waiting").await;
    assert!(second.text().unwrap().contains("do we get a diploma?"));

    // A double tap adds nothing more.
    let again = app.api.next_seq();
    private_tap(&app, &c, &add, message_of(&offer));
    next_in(&app, c.id, again, &t!(&en(), "learn-already-filed")).await;

    let since = app.api.next_seq();
    private_tap(&app, &c, &second.button(&t!(&en(), "learn-not-example")), message_of(&second));
    next_in(&app, c.id, since, "Not added: \"do we get a diploma?\"").await;
    next_in(&app, c.id, since, &t!(&en(), "learn-none")).await;
    assert_eq!(app.say(&c, "/learn").await, t!(&en(), "learn-none"));

    assert_eq!(
        examples(&app).await,
        [("certificate".into(), "en".into(), "Is there a certificate?".into(), "confirmed".into())]
    );
    let stats = app.say(&c, "/stats").await;
    assert!(
        stats.contains(&t!(&en(), "coordinator-stats-learning", from_enquiries = 0, confirmed = 1, waiting = 0)),
        "{stats}"
    );
}

#[tokio::test]
async fn another_entry_from_learn_files_a_helpful_question_under_the_entry_picked() {
    let app = spawn_app().faq(FAQ).start().await;
    let u = user(7061, "Asker");
    app.say(&u, "certificate or hostel room, which comes first?").await;
    let last = app.api.sent_to(u.id).into_iter().last().unwrap();
    if last.buttons().iter().all(|(l, _)| *l != t!(&en(), "faq-yes")) {
        return; // The matcher did not answer it: nothing to offer (a matcher change, not this feature).
    }
    app.tap_until(&u, &last.button(&t!(&en(), "faq-yes")), &t!(&en(), "faq-glad")).await;
    let c = coordinator();
    app.say(&c, "/learn").await;
    let offer = app.api.sent_to(c.id).into_iter().last().unwrap();
    let since = app.api.next_seq();
    private_tap(&app, &c, &offer.button(&t!(&en(), "learn-another")), message_of(&offer));
    let picker = next_in(&app, c.id, since, "Which FAQ entry does this question belong to?").await;
    let since = app.api.next_seq();
    private_tap(&app, &c, &picker.button(LODGING), message_of(&picker));
    next_in(&app, c.id, since, &format!("is now an example of \"{LODGING}\"")).await;
    let filed = examples(&app).await;
    assert_eq!(filed.len(), 1);
    assert_eq!((filed[0].0.as_str(), filed[0].3.as_str()), ("accommodation", "confirmed"));
}

#[tokio::test]
async fn forgetting_the_asker_drops_the_examples_filed_from_their_questions() {
    let app = spawn_app().faq(FAQ).start().await;
    let asker = user(7071, "Omar");
    app.say(&asker, ASKED).await;
    file_from_staff(&app, 1, LODGING).await;
    app.api.wait_for_text(asker.id, "Answer to your enquiry #1", DEADLINE).await;
    assert_eq!(examples(&app).await.len(), 1);
    let mydata = app.say(&asker, "/mydata").await;
    let _ = mydata; // /mydata answers with a document; its questions are checked in privacy tests.

    app.say_until(&asker, "/forgetme", "").await;
    app.tap_until(&asker, "forget:yes", &t!(&en(), "forgotten")).await;
    assert!(examples(&app).await.is_empty(), "the asker's words went with them");
    let snippet = copes_bot::export::faq_snippet(&app.db, &en()).await.unwrap();
    assert_eq!(snippet.trim(), format!("# {}", t!(&en(), "faq-export-none")));
    let stats = app.say(&coordinator(), "/stats").await;
    assert!(stats.contains("FAQ examples filed by coordinators: 0 from enquiries"), "{stats}");
}

#[tokio::test]
async fn the_picker_shows_the_likeliest_entries_first_and_the_rest_by_pages() {
    // The shipped FAQ: more entries than one page holds.
    let app = spawn_app().start().await;
    let asker = user(7081, "Nadia");
    app.say(&asker, "Can my cousin come to the closing ceremony in Karachi?").await;
    let relay = app.api.wait_for_text(STAFF_CHAT_ID, "Enquiry #1 — ", DEADLINE).await;
    let since = app.api.next_seq();
    staff_tap(&app, &coordinator(), &relay.button(&t!(&en(), "learn-relay-button")), message_of(&relay));
    let picker = next_in(&app, STAFF_CHAT_ID, since, "Enquiry #1: which FAQ entry").await;
    assert!(picker.text().unwrap().contains("page 1 of"), "{:?}", picker.text());
    let first_page: Vec<String> = picker.buttons().into_iter().map(|(l, _)| l).collect();
    assert!(first_page.contains(&t!(&en(), "learn-picker-more")), "{first_page:?}");
    let since = app.api.next_seq();
    staff_tap(&app, &coordinator(), &picker.button(&t!(&en(), "learn-picker-more")), message_of(&picker));
    let page2 = next_in(&app, STAFF_CHAT_ID, since, "page 2 of").await;
    assert_eq!(page2.method, "editmessagetext");
    let second_page: Vec<String> = page2.buttons().into_iter().map(|(l, _)| l).collect();
    assert!(second_page.contains(&t!(&en(), "learn-picker-back")), "{second_page:?}");
    let entries = |labels: &[String]| -> Vec<String> {
        labels.iter().filter(|l| !l.contains('›') && !l.contains('‹') && *l != "Cancel").cloned().collect()
    };
    assert!(entries(&second_page).iter().all(|l| !entries(&first_page).contains(l)), "{second_page:?}");
    // Every button's data fits Telegram's 64 bytes (the fake refuses more).
    for (_, d) in picker.buttons().iter().chain(page2.buttons().iter()) {
        assert!(d.len() <= 64, "{d}");
    }
}
