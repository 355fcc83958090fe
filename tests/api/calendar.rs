//! `/calendar`: the programme as an `.ics` file, read back with an
//! iCalendar parser as a calendar application would read it.

use std::collections::HashMap;
use std::io::BufReader;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

use crate::support::fake_api::Call;
use crate::support::*;

/// A course in Karachi (no daylight saving) and one in Brussels whose
/// fortnight crosses the switch to summer time (28 March 2021).
const TWO_ZONES: &str = r#"
[[course]]
code = "CAL-KHI"
title = "CECAC course, Karachi"
timezone = "Asia/Karachi"
location = "Customs Training Centre, Karachi"
capacity = 10

[[course.session]]
id = "khi-opening"
starts = 2021-02-09T09:30:00
minutes = 60
title = "Séance d'ouverture : accueil, objectifs; تعارف اور خوش آمدید — کسٹمز تربیتی مرکز، کراچی میں پہلا دن"
speaker = "Head of the Customs Administration"
room = "Hall A"

[[course.session]]
id = "khi-risk"
starts = 2021-02-09T11:00:00
minutes = 90
title = "Risk management"
room = "Hall B"

[[course.session]]
id = "khi-ipr"
starts = 2021-02-10T09:30:00
minutes = 60
title = "Intellectual property rights"

[[course]]
code = "CAL-BRU"
title = "COPES course, Brussels"
timezone = "Europe/Brussels"
location = "WCO headquarters, Brussels"
capacity = 10

[[course.session]]
id = "bru-winter"
starts = 2021-03-26T09:00:00
minutes = 60
title = "Before the clocks change"
room = "Room 1"

[[course.session]]
id = "bru-summer"
starts = 2021-03-29T09:00:00
minutes = 60
title = "After the clocks change"
room = "Room 1"
"#;

const AMINA: i64 = 9101;
const BILAL: i64 = 9102;

/// One VEVENT: its properties by name (values as written, unescaped).
type Event = HashMap<String, String>;

fn unescape(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The file checked as RFC 5545 lines (CRLF, folded within 75 octets) and
/// parsed: the calendar's own properties, and its events by UID.
fn read_ics(call: &Call) -> (Event, HashMap<String, Event>, String) {
    let bytes = &call.uploads[0].bytes;
    let text = String::from_utf8(bytes.clone()).expect("an .ics file is UTF-8");
    assert!(text.ends_with("\r\n"), "every line ends with CRLF");
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line:?}");
        assert!(!line.contains('\n') && !line.contains('\r'), "a bare line break: {line:?}");
    }
    let mut calendars = ical::IcalParser::new(BufReader::new(bytes.as_slice()));
    let calendar = calendars.next().expect("one calendar").expect("a valid calendar");
    assert!(calendars.next().is_none(), "exactly one calendar");
    let props = |list: &[ical::property::Property]| -> Event {
        list.iter().map(|p| (p.name.clone(), unescape(p.value.as_deref().unwrap_or("")))).collect()
    };
    let head = props(&calendar.properties);
    let mut events = HashMap::new();
    for e in &calendar.events {
        let e = props(&e.properties);
        let uid = e["UID"].clone();
        assert!(events.insert(uid.clone(), e).is_none(), "{uid} appears twice");
    }
    (head, events, text)
}

fn utc(v: &str) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%SZ").unwrap_or_else(|_| panic!("not a UTC time: {v}"));
    Utc.from_utc_datetime(&naive)
}

fn local(zone: chrono_tz::Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    zone.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap().to_utc()
}

async fn calendar_of(app: &TestApp, user: &TgUser, command: &str) -> Call {
    let before = app.api.next_seq();
    app.api.text_from(user, command);
    app.api
        .wait_for_call("the calendar file", DEADLINE, |c| {
            c.seq >= before && c.method == "senddocument" && c.chat_id() == Some(user.id)
        })
        .await
}

#[tokio::test]
async fn a_participant_gets_their_course_as_a_calendar_with_the_right_times() {
    let app = spawn_app().programme(TWO_ZONES).start().await;
    seed(&app.db, "CAL-KHI", [AMINA]).await;
    let amina = user(AMINA, "Amina");

    let call = calendar_of(&app, &amina, "/calendar").await;
    assert_eq!(call.uploads[0].file_name.as_deref(), Some("copes-bot-CAL-KHI.ics"));
    let caption = call.body["caption"].as_str().unwrap().to_owned();
    assert!(caption.starts_with("CAL-KHI: 3 sessions."), "{caption}");
    let (head, events, _) = read_ics(&call);
    assert_eq!(head["VERSION"], "2.0");
    assert_eq!(head["CALSCALE"], "GREGORIAN");
    assert_eq!(head["METHOD"], "PUBLISH");
    assert!(head["PRODID"].contains("copes-bot"));
    assert_eq!(head["X-WR-CALNAME"], "CAL-KHI — CECAC course, Karachi");

    // Only her course, each session once.
    let mut uids: Vec<&str> = events.keys().map(String::as_str).collect();
    uids.sort_unstable();
    assert_eq!(uids, ["khi-ipr@CAL-KHI.copes-bot", "khi-opening@CAL-KHI.copes-bot", "khi-risk@CAL-KHI.copes-bot"]);

    // 09:30 in Karachi (UTC+5) is 04:30Z.
    let opening = &events["khi-opening@CAL-KHI.copes-bot"];
    assert_eq!(opening["DTSTART"], "20210209T043000Z");
    assert_eq!(utc(&opening["DTSTART"]), local(chrono_tz::Asia::Karachi, 2021, 2, 9, 9, 30));
    assert_eq!(utc(&opening["DTEND"]), local(chrono_tz::Asia::Karachi, 2021, 2, 9, 10, 30));
    let risk = &events["khi-risk@CAL-KHI.copes-bot"];
    assert_eq!(utc(&risk["DTEND"]) - utc(&risk["DTSTART"]), chrono::Duration::minutes(90));

    // What the programme says, escaped and folded, reads back unchanged.
    assert_eq!(
        opening["SUMMARY"],
        "Séance d'ouverture : accueil, objectifs; تعارف اور خوش آمدید — کسٹمز تربیتی مرکز، کراچی میں پہلا دن"
    );
    assert_eq!(opening["LOCATION"], "Hall A, Customs Training Centre, Karachi");
    assert_eq!(opening["DESCRIPTION"], "Head of the Customs Administration");
    assert_eq!(opening["STATUS"], "CONFIRMED");
    assert_eq!(opening["SEQUENCE"], "0");
    assert!(!events["khi-ipr@CAL-KHI.copes-bot"].contains_key("DESCRIPTION"), "no speaker, no description");
    assert_eq!(events["khi-ipr@CAL-KHI.copes-bot"]["LOCATION"], "Customs Training Centre, Karachi");
}

#[tokio::test]
async fn times_stay_right_across_a_daylight_saving_change() {
    let app = spawn_app().programme(TWO_ZONES).start().await;
    seed(&app.db, "CAL-BRU", [BILAL]).await;
    let call = calendar_of(&app, &user(BILAL, "Bilal"), "/calendar").await;
    let (_, events, _) = read_ics(&call);
    assert_eq!(events.len(), 2);
    // 09:00 in Brussels: UTC+1 before 28 March, UTC+2 after.
    assert_eq!(events["bru-winter@CAL-BRU.copes-bot"]["DTSTART"], "20210326T080000Z");
    assert_eq!(events["bru-summer@CAL-BRU.copes-bot"]["DTSTART"], "20210329T070000Z");
    assert_eq!(
        utc(&events["bru-summer@CAL-BRU.copes-bot"]["DTSTART"]),
        local(chrono_tz::Europe::Brussels, 2021, 3, 29, 9, 0)
    );
}

#[tokio::test]
async fn someone_in_two_courses_gets_one_file_with_both() {
    let app = spawn_app().programme(TWO_ZONES).start().await;
    seed(&app.db, "CAL-KHI", [AMINA]).await;
    seed(&app.db, "CAL-BRU", [AMINA]).await;
    let call = calendar_of(&app, &user(AMINA, "Amina"), "/calendar").await;
    assert_eq!(call.uploads[0].file_name.as_deref(), Some("copes-bot.ics"));
    let (_, events, _) = read_ics(&call);
    assert_eq!(events.len(), 5);
    assert!(events.contains_key("bru-winter@CAL-BRU.copes-bot"));
    assert!(events.contains_key("khi-risk@CAL-KHI.copes-bot"));
}

#[tokio::test]
async fn a_moved_session_keeps_its_uid_and_raises_its_sequence_and_a_cancelled_one_says_so() {
    let app = spawn_app().programme(TWO_ZONES).start().await;
    seed(&app.db, "CAL-KHI", [AMINA]).await;
    let amina = user(AMINA, "Amina");
    let (_, first, _) = read_ics(&calendar_of(&app, &amina, "/calendar").await);

    let c = coordinator();
    app.say(&c, "/move khi-risk 2021-02-09 14:00").await;
    app.say(&c, "/room khi-ipr Hall C").await;
    app.say(&c, "/cancelsession khi-opening").await;

    let (_, second, _) = read_ics(&calendar_of(&app, &amina, "/calendar").await);
    // The same events, so importing again updates rather than doubles them.
    let mut a: Vec<&String> = first.keys().collect();
    let mut b: Vec<&String> = second.keys().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);

    let risk = &second["khi-risk@CAL-KHI.copes-bot"];
    assert_eq!(utc(&risk["DTSTART"]), local(chrono_tz::Asia::Karachi, 2021, 2, 9, 14, 0));
    assert_eq!(risk["SEQUENCE"], "1");
    assert_eq!(second["khi-ipr@CAL-KHI.copes-bot"]["SEQUENCE"], "1");
    assert!(second["khi-ipr@CAL-KHI.copes-bot"]["LOCATION"].starts_with("Hall C, "));

    // Cancelled: still in the file, so a calendar removes it.
    let opening = &second["khi-opening@CAL-KHI.copes-bot"];
    assert_eq!(opening["STATUS"], "CANCELLED");
    assert_eq!(opening["SEQUENCE"], "1");

    // Called back on by moving it: a newer revision again.
    app.say(&c, "/move khi-opening 2021-02-11 09:30").await;
    let (_, third, _) = read_ics(&calendar_of(&app, &amina, "/calendar").await);
    assert_eq!(third["khi-opening@CAL-KHI.copes-bot"]["STATUS"], "CONFIRMED");
    assert_eq!(third["khi-opening@CAL-KHI.copes-bot"]["SEQUENCE"], "2");
    // Untouched sessions keep their revision.
    assert_eq!(third["khi-risk@CAL-KHI.copes-bot"]["SEQUENCE"], "1");
}

#[tokio::test]
async fn someone_not_registered_is_told_so_with_the_courses() {
    let app = spawn_app().programme(TWO_ZONES).start().await;
    let reply = app.say(&user(AMINA, "Amina"), "/calendar").await;
    assert!(reply.starts_with(&t!(&en(), "calendar-not-registered")), "{reply}");
    assert!(reply.contains("CAL-KHI — CECAC course, Karachi"), "{reply}");
    assert!(reply.contains("CAL-BRU — COPES course, Brussels"), "{reply}");
    app.settle().await;
    assert!(!app.api.calls().iter().any(|c| c.method == "senddocument"));
}

#[tokio::test]
async fn a_coordinator_names_the_course_and_hears_about_a_missing_or_unknown_one() {
    let app = spawn_app().programme(TWO_ZONES).start().await;
    let c = coordinator();
    let call = calendar_of(&app, &c, "/calendar CAL-BRU").await;
    assert_eq!(call.uploads[0].file_name.as_deref(), Some("copes-bot-CAL-BRU.ics"));
    let (_, events, _) = read_ics(&call);
    assert_eq!(events.len(), 2);

    let usage = app.say(&c, "/calendar").await;
    assert!(usage.starts_with(&t!(&en(), "calendar-usage")), "{usage}");
    assert!(usage.contains("CAL-KHI"), "{usage}");
    let unknown = app.say(&c, "/calendar NOPE-1").await;
    assert!(unknown.starts_with(&t!(&en(), "calendar-unknown-course", code = "NOPE-1")), "{unknown}");
    let odd = app.say(&c, "/calendar ???").await;
    assert!(odd.starts_with(&t!(&en(), "calendar-unknown-course", code = "???")), "{odd}");
}

#[tokio::test]
async fn a_session_changed_in_programme_toml_raises_its_sequence_after_reload() {
    let app = spawn_app().programme(TWO_ZONES).start().await;
    seed(&app.db, "CAL-KHI", [AMINA]).await;
    let amina = user(AMINA, "Amina");
    std::fs::write(
        app.config_dir.join("programme.toml"),
        TWO_ZONES.replace("starts = 2021-02-10T09:30:00", "starts = 2021-02-10T10:00:00"),
    )
    .unwrap();
    let diff = app.say(&coordinator(), "/reload").await;
    assert!(diff.contains("khi-ipr"), "{diff}");
    let (_, events, _) = read_ics(&calendar_of(&app, &amina, "/calendar").await);
    let ipr = &events["khi-ipr@CAL-KHI.copes-bot"];
    assert_eq!(utc(&ipr["DTSTART"]), local(chrono_tz::Asia::Karachi, 2021, 2, 10, 10, 0));
    assert_eq!(ipr["SEQUENCE"], "1");
    assert_eq!(events["khi-risk@CAL-KHI.copes-bot"]["SEQUENCE"], "0", "an unchanged session keeps its revision");
    // The same file again changes nothing.
    app.say(&coordinator(), "/reload").await;
    let (_, again, _) = read_ics(&calendar_of(&app, &amina, "/calendar").await);
    assert_eq!(again["khi-ipr@CAL-KHI.copes-bot"]["SEQUENCE"], "1");
}
