//! The fake Bot API itself: it measures and refuses what Telegram does, and
//! its faults look to a client (raw HTTP, or teloxide as the bot uses it)
//! like the real thing.

use std::io::ErrorKind;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use teloxide::prelude::*;
use teloxide::types::{FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId};
use teloxide::{ApiError, RequestError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::fake_api::{RateWindow, TOKEN};
use crate::support::*;

fn bot(api: &FakeApi) -> Bot {
    Bot::new(TOKEN).set_api_url(api.url().parse().unwrap())
}

async fn connect(api: &FakeApi) -> TcpStream {
    TcpStream::connect(api.url().trim_start_matches("http://").trim_end_matches('/')).await.unwrap()
}

/// One request on a kept-alive HTTP/1.1 connection: the HTTP status and the
/// JSON body.
async fn post(conn: &mut TcpStream, method: &str, body: &Value) -> std::io::Result<(u16, Value)> {
    let body = body.to_string();
    let request = format!(
        "POST /bot{TOKEN}/{method} HTTP/1.1\r\nHost: fake\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    conn.write_all(request.as_bytes()).await?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                let n = conn.read(&mut chunk).await?;
                if n == 0 {
                    return Err(ErrorKind::UnexpectedEof.into());
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Ok((status, serde_json::from_slice(&buf[end + 4..end + 4 + length]).unwrap_or(Value::Null)));
        }
        let n = conn.read(&mut chunk).await?;
        if n == 0 {
            return Err(ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Telegram's code for an answer: 200, or the `error_code` in the body
/// (5xx travel as HTTP 200, see `fake_api::error`).
fn code(answer: &(u16, Value)) -> u16 {
    answer.1["error_code"].as_u64().map_or(answer.0, |c| c as u16)
}

fn send(chat: i64) -> Value {
    json!({"chat_id": chat, "text": "hello"})
}

#[test]
fn the_rate_window_is_a_strict_second_overall_and_per_chat_and_a_minute_per_group() {
    let t0 = Instant::now();
    let ms = |n: u64| t0 + Duration::from_millis(n);

    // 30 a second overall, evenly paced: the 31st inside the second is a
    // breach; a send exactly one second after the first is not.
    let mut w = RateWindow::new(Some(30), None);
    for i in 0..30 {
        w.admit(t0 + Duration::from_micros(i * 33_333), i as i64).unwrap();
    }
    let breach = w.admit(ms(999), 100).unwrap_err();
    assert!(breach.starts_with("more than 30 messages in one second overall"), "{breach}");
    w.admit(ms(1000), 101).expect("the first send is 1.000 s old: no longer counted");
    w.admit(ms(1001), 102).expect_err("sends 2..30 and the one at 1.000 s are within the second");
    w.admit(ms(1034), 103).expect("the second send (at 33.3 ms) has left the window");

    // One a second per chat.
    let mut w = RateWindow::new(None, Some(1));
    w.admit(t0, 5).unwrap();
    let breach = w.admit(ms(999), 5).unwrap_err();
    assert!(breach.starts_with("more than 1 messages in one second to chat 5"), "{breach}");
    w.admit(ms(999), 6).expect("another chat");
    w.admit(ms(1000), 5).expect("a second later");

    // Twenty a minute into a group.
    let mut w = RateWindow::new(Some(30), Some(1));
    for i in 0..20 {
        w.admit(ms(i * 1000), -100).unwrap();
    }
    let breach = w.admit(ms(59_999), -100).unwrap_err();
    assert!(breach.starts_with("more than 20 messages in one minute to group -100"), "{breach}");
    w.admit(ms(59_999), -200).expect("another group");
    w.admit(ms(60_000), -100).expect("the first is a minute old");
}

#[tokio::test]
async fn the_31st_send_within_a_second_is_a_breach_and_after_1001_ms_is_not() {
    let api = FakeApi::start().await;
    api.set_rate_limits(Some(30), Some(1));
    let mut conn = connect(&api).await;

    assert_eq!(code(&post(&mut conn, "sendMessage", &send(1)).await.unwrap()), 200);
    let twice = post(&mut conn, "sendMessage", &send(1)).await.unwrap();
    assert_eq!(code(&twice), 429, "a second message to the same chat within the second: {twice:?}");
    for chat in 2..=30 {
        assert_eq!(code(&post(&mut conn, "sendMessage", &send(chat)).await.unwrap()), 200);
    }
    let first = api.calls()[0].at;
    let thirty_first = post(&mut conn, "sendMessage", &send(31)).await.unwrap();
    assert!(first.elapsed() < Duration::from_millis(900), "the machine is too slow for this test");
    assert_eq!(code(&thirty_first), 429, "{thirty_first:?}");
    assert_eq!(thirty_first.1["description"], "Too Many Requests: retry after 1");
    assert_eq!(thirty_first.1["parameters"]["retry_after"], 1);
    let breaches = api.take_violations();
    assert_eq!(breaches.len(), 2, "{breaches:?}");
    assert!(breaches[0].starts_with("more than 1 messages in one second to chat 1"), "{breaches:?}");
    assert!(breaches[1].starts_with("more than 30 messages in one second overall"), "{breaches:?}");

    tokio::time::sleep_until((first + Duration::from_millis(1001)).into()).await;
    let later = post(&mut conn, "sendMessage", &send(32)).await.unwrap();
    assert_eq!(code(&later), 200, "{later:?}");
    assert!(api.violations().is_empty(), "{:?}", api.violations());
    let c = api.counters();
    assert_eq!((c.sends, c.sends_ok, c.too_many), (33, 31, 2), "{c:?}");
}

#[tokio::test]
async fn what_telegram_refuses_is_refused_in_its_words_and_recorded_as_a_violation() {
    let api = FakeApi::start().await;
    let bot = bot(&api);
    let chat = ChatId(7);
    let too_long = |r: Result<Message, RequestError>| matches!(r, Err(RequestError::Api(ApiError::MessageIsTooLong)));

    // Text: 4,096 UTF-16 code units, not characters.
    bot.send_message(chat, "a".repeat(4096)).await.expect("4,096 units");
    bot.send_message(chat, "😀".repeat(2048)).await.expect("2,048 emoji are 4,096 units");
    assert!(too_long(bot.send_message(chat, "a".repeat(4097)).await));
    assert!(too_long(bot.send_message(chat, "😀".repeat(2049)).await), "2,049 characters, 4,098 units");
    assert!(too_long(bot.edit_message_text(chat, MessageId(1), "a".repeat(4097)).await));
    for empty in ["", " \n "] {
        let r = bot.send_message(chat, empty).await;
        assert!(matches!(r, Err(RequestError::Api(ApiError::MessageTextIsEmpty))), "{empty:?}: {r:?}");
    }

    // Captions: 1,024 units.
    let photo = || InputFile::file_id(FileId("photo".into()));
    bot.send_photo(chat, photo()).caption("c".repeat(1024)).await.expect("1,024 units");
    let r = bot.send_photo(chat, photo()).caption("c".repeat(1025)).await;
    assert!(
        matches!(&r, Err(RequestError::Api(ApiError::Unknown(d))) if d == "Bad Request: message caption is too long"),
        "{r:?}"
    );

    // Callback data: 64 bytes, not characters.
    let keyboard = |data: String| InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Tap", data)]]);
    bot.send_message(chat, "ok").reply_markup(keyboard("d".repeat(64))).await.expect("64 bytes");
    for data in ["d".repeat(65), "é".repeat(33)] {
        let r = bot.send_message(chat, "buttons").reply_markup(keyboard(data.clone())).await;
        assert!(matches!(r, Err(RequestError::Api(ApiError::ButtonDataInvalid))), "{data}: {r:?}");
    }

    let refused = api.take_violations();
    assert_eq!(refused.len(), 8, "{refused:#?}");
    assert!(refused[0].contains("text of 4097 UTF-16 code units"), "{refused:#?}");
    assert!(refused[1].contains("text of 4098 UTF-16 code units"), "{refused:#?}");
    assert!(refused[2].starts_with("editmessagetext"), "{refused:#?}");
    assert!(refused[5].contains("caption of 1025 UTF-16 code units"), "{refused:#?}");
    assert!(refused[7].contains("callback data of 66 bytes"), "{refused:#?}");
    assert_eq!(api.counters().refused, 8);
    assert_eq!(api.sent_to(7).len(), 4, "only what Telegram accepts is delivered");
}

#[tokio::test]
async fn a_violation_fails_the_test_when_the_fake_is_dropped() {
    let api = FakeApi::start().await;
    bot(&api).send_message(ChatId(7), "").await.unwrap_err();
    let copy = api.clone();
    drop(api);
    let dropped = std::panic::catch_unwind(AssertUnwindSafe(move || drop(copy)));
    let message = *dropped.expect_err("dropping the last handle panics").downcast::<String>().unwrap();
    assert!(message.contains("the bot broke Telegram's limits") && message.contains("empty text"), "{message}");
}

#[tokio::test]
async fn unreachable_mode_resets_every_connection_and_teloxide_sees_a_network_error() {
    let api = FakeApi::start().await;
    let bot = bot(&api);
    bot.get_me().await.expect("reachable");
    let mut kept_alive = connect(&api).await;
    assert_eq!(code(&post(&mut kept_alive, "getMe", &json!({})).await.unwrap()), 200);
    let held = tokio::spawn({
        let bot = bot.clone();
        async move { bot.get_updates().timeout(10).await }
    });
    api.wait_for_call("a held poll", DEADLINE, |c| c.method == "getupdates").await;

    api.set_unreachable(true);
    let poll = tokio::time::timeout(Duration::from_secs(5), held).await.expect("the held poll ends at once").unwrap();
    assert!(matches!(poll, Err(RequestError::Network(_))), "{poll:?}");
    let r = bot.get_me().await;
    assert!(matches!(r, Err(RequestError::Network(_))), "{r:?}");
    let r = bot.send_message(ChatId(8), "lost").await;
    assert!(matches!(r, Err(RequestError::Network(_))), "{r:?}");
    assert!(api.sent_to(8).is_empty(), "nothing delivered");

    let reset = |r: std::io::Result<(u16, Value)>| match r {
        Err(e) => e.kind() == ErrorKind::ConnectionReset,
        Ok(answer) => panic!("answered while unreachable: {answer:?}"),
    };
    assert!(reset(post(&mut kept_alive, "getMe", &json!({})).await), "a kept-alive connection");
    let mut fresh = connect(&api).await; // accepting goes on…
    assert!(reset(post(&mut fresh, "sendMessage", &send(8)).await), "…and the connection is reset");
    assert!(api.counters().resets >= 4, "{:?}", api.counters());

    api.set_unreachable(false);
    bot.get_me().await.expect("reachable again");
    bot.send_message(ChatId(8), "delivered").await.expect("delivered");
    assert_eq!(api.texts_to(8), ["delivered"]);
}

/// Statuses of `n` sends, one after the other, under a fault mix.
async fn under_mix(seed: u64, n: i64) -> (Vec<u16>, Counters) {
    let api = FakeApi::start().await;
    api.set_fault_mix(FaultMix {
        too_many: 0.10,
        server_error: 0.05,
        slow: 0.05,
        slow_for: Duration::from_millis(20),
        retry_after: 2,
        seed,
    });
    let mut conn = connect(&api).await;
    let mut codes = Vec::new();
    for chat in 1..=n {
        let answer = post(&mut conn, "sendMessage", &send(chat)).await.unwrap();
        if code(&answer) == 429 {
            assert_eq!(answer.1["parameters"]["retry_after"], 2, "{answer:?}");
            assert_eq!(answer.1["description"], "Too Many Requests: retry after 2");
        }
        codes.push(code(&answer));
    }
    (codes, api.counters())
}

#[tokio::test]
async fn the_fault_mix_is_seeded_repeatable_and_counted() {
    let (codes, c) = under_mix(7, 400).await;
    let n = |code: u16| codes.iter().filter(|c| **c == code).count() as u64;
    assert_eq!(codes.len() as u64, n(200) + n(429) + n(502), "{codes:?}");
    assert!((20..=60).contains(&n(429)), "about 10 % 429s: {}", n(429));
    assert!((8..=35).contains(&n(502)), "about 5 % 5xx: {}", n(502));
    assert!((8..=35).contains(&c.slowed), "about 5 % slow: {}", c.slowed);
    assert_eq!((c.sends, c.sends_ok, c.too_many, c.server_errors), (400, n(200), n(429), n(502)), "{c:?}");

    let (again, c_again) = under_mix(7, 400).await;
    assert_eq!(again, codes, "the same seed gives the same faults");
    assert_eq!(c_again, c);
    let (other, _) = under_mix(8, 400).await;
    assert_ne!(other, codes, "another seed, other faults");
}
