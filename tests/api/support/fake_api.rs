//! A fake Telegram Bot API the tests own: an axum server on 127.0.0.1:0 that
//! serves long-polled getUpdates, records every call, answers the way
//! Telegram does (teloxide matches errors on Telegram's exact wording), and
//! can inject faults and enforce Telegram's send rates.
//!
//! It measures and refuses what Telegram does, and keeps what the bot did
//! wrong as violations that fail the test when the last test-side handle is
//! dropped (and when a `TestApp` is):
//! - rates over a strict sliding window ([`RateWindow`]): a send is a breach
//!   if the configured number of sends already arrived within the preceding
//!   1.000 s, overall or to the same chat, or 20 within the preceding
//!   60.000 s into one group; the breach is answered with a 429;
//! - a text over 4,096 UTF-16 code units, a caption over 1,024, an empty
//!   text, or callback data over 64 bytes: refused with Telegram's 400.
//!
//! Faults: [`FakeApi::fail_next`] (one kind, the next n calls),
//! [`FakeApi::set_down`] (502 to everything), [`FakeApi::set_unreachable`]
//! (every connection reset, as when Telegram cannot be reached) and
//! [`FakeApi::set_fault_mix`] (a seeded share of 429s, 5xx and slow answers
//! to sends), all counted in [`FakeApi::counters`].

use std::collections::{HashMap, HashSet, VecDeque};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub const TOKEN: &str = "123456:TEST-TOKEN";
pub const BOT_ID: i64 = 123_456;
pub const BOT_USERNAME: &str = "copes_test_bot";
/// Any fixed date will do: nothing in the bot reads incoming dates.
const DATE: i64 = 1_612_841_400;

/// Methods that put a message in a chat; only these count against the rates.
const SENDING: &[&str] = &["sendmessage", "senddocument", "sendphoto", "copymessage", "forwardmessage"];
const PRODUCING: &[&str] =
    &["sendmessage", "senddocument", "sendphoto", "copymessage", "forwardmessage", "editmessagetext"];
/// Methods whose `caption` Telegram limits to 1,024 UTF-16 code units.
const CAPTIONED: &[&str] = &[
    "sendphoto",
    "senddocument",
    "sendvideo",
    "sendaudio",
    "sendanimation",
    "sendvoice",
    "copymessage",
    "editmessagecaption",
];

/// Telegram's limit on a message's text, in UTF-16 code units.
pub const MAX_TEXT_UNITS: usize = 4096;
/// Telegram's limit on a caption, in UTF-16 code units.
pub const MAX_CAPTION_UNITS: usize = 1024;
/// Telegram's limit on an inline button's callback data, in bytes.
pub const MAX_CALLBACK_DATA_BYTES: usize = 64;
/// The window Telegram counts the per-second limits over, strictly.
pub const RATE_WINDOW: Duration = Duration::from_secs(1);
/// Telegram's limit for one group: 20 messages a minute.
pub const GROUP_PER_MINUTE: usize = 20;
pub const GROUP_WINDOW: Duration = Duration::from_secs(60);

#[derive(Clone, Debug)]
pub struct Upload {
    pub field: String,
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
}

/// One recorded request. `method` is lower-case ("sendmessage").
#[derive(Clone, Debug)]
pub struct Call {
    /// When the request arrived (its body read; what the rates measure).
    pub at: Instant,
    pub seq: u64,
    pub method: String,
    pub body: Value,
    pub uploads: Vec<Upload>,
    pub response_status: u16,
    /// What the fake answered (Telegram's JSON envelope).
    pub response: Value,
}

impl Call {
    /// The buttons under the message, row by row, as (label, callback data).
    pub fn keyboard(&self) -> Vec<Vec<(String, String)>> {
        let markup = match &self.body["reply_markup"] {
            Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
            other => other.clone(),
        };
        let label = |b: &Value| {
            (
                b["text"].as_str().unwrap_or_default().to_owned(),
                b["callback_data"].as_str().unwrap_or_default().to_owned(),
            )
        };
        markup["inline_keyboard"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|row| row.as_array().map(|r| r.iter().map(label).collect()).unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The buttons under the message, in reading order.
    pub fn buttons(&self) -> Vec<(String, String)> {
        self.keyboard().into_iter().flatten().collect()
    }

    /// The callback data of the button labelled `label`.
    pub fn button(&self, label: &str) -> String {
        self.buttons().into_iter().find(|(l, _)| l == label).unwrap_or_else(|| panic!("no button {label:?}")).1
    }

    pub fn chat_id(&self) -> Option<i64> {
        as_i64(&self.body["chat_id"])
    }

    /// The text a person would read: a message's text or a file's caption.
    pub fn text(&self) -> Option<&str> {
        self.body["text"].as_str().or_else(|| self.body["caption"].as_str())
    }

    /// The id of the message this call created, if it created one.
    pub fn message_id(&self) -> Option<i64> {
        as_i64(&self.response["result"]["message_id"])
    }

    fn ok(&self) -> bool {
        (200..300).contains(&self.response_status)
    }
}

fn as_i64(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

#[derive(Clone, Debug)]
pub enum Fault {
    RetryAfter(u32),
    Blocked,
    Deactivated,
    ServerError(u16),
    ChatNotFound,
    /// The bot was removed from a group.
    Kicked,
    Slow(Duration),
}

#[derive(Clone, Debug)]
pub struct TgUser {
    pub id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub language_code: Option<String>,
}

impl TgUser {
    pub fn new(id: i64, first_name: &str) -> Self {
        Self {
            id,
            first_name: first_name.to_owned(),
            last_name: None,
            username: None,
            language_code: Some("en".into()),
        }
    }

    pub fn json(&self) -> Value {
        let mut v = json!({"id": self.id, "is_bot": false, "first_name": self.first_name});
        for (k, val) in
            [("last_name", &self.last_name), ("username", &self.username), ("language_code", &self.language_code)]
        {
            if let Some(val) = val {
                v[k] = json!(val);
            }
        }
        v
    }
}

struct Queued {
    update: Value,
    /// A replay: delivered once even if the bot already confirmed its id.
    forced: bool,
}

struct Fakes {
    method: String,
    chat: Option<i64>,
    fault: Fault,
    remaining: usize,
}

#[derive(Default)]
struct Inner {
    next_update_id: i64,
    queue: Vec<Queued>,
    pushed: Vec<i64>,
    confirmed_below: i64,
    calls: Vec<Call>,
    next_message_id: i64,
    last_bot_message: HashMap<i64, i64>,
    faults: Vec<Fakes>,
    down: bool,
    max_poll_hold: Option<Duration>,
    rates: RateWindow,
    /// Sends over the configured rates (answered 429).
    rate_violations: Vec<String>,
    /// Requests Telegram refuses as malformed (answered 400).
    refusals: Vec<String>,
    mix: Option<(FaultMix, XorShift)>,
    counters: Counters,
    check_on_drop: bool,
    hidden_below: usize,
    /// Supergroups with topics enabled (`is_forum`).
    forums: HashSet<i64>,
    /// Forum topics by (chat, message_thread_id).
    topics: HashMap<(i64, i64), Topic>,
}

/// A forum topic as the fake keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    pub thread: i64,
    pub name: String,
    pub closed: bool,
}

impl Inner {
    fn violations(&self) -> Vec<String> {
        self.rate_violations.iter().chain(&self.refusals).cloned().collect()
    }
}

/// What the fake has answered so far (every method, getUpdates included,
/// for the 429 and 5xx counts), for benchmarks and tests of retries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// Requests to the sending methods (sendMessage, sendPhoto, …) answered
    /// with anything, and those answered 200 (delivered).
    pub sends: u64,
    pub sends_ok: u64,
    /// 429s given: injected, from the fault mix, or for a rate breach.
    pub too_many: u64,
    /// 5xx given, including the 502s of `set_down`.
    pub server_errors: u64,
    /// 400s given for requests Telegram refuses (too long, empty, bad buttons).
    pub refused: u64,
    /// Sends the fault mix delayed.
    pub slowed: u64,
    /// Connections reset by the unreachable mode.
    pub resets: u64,
}

/// A seeded mix of faults for the sending methods: each send draws once and
/// gets a 429 (`retry_after` seconds) with probability `too_many`, else a
/// 502 with probability `server_error`, else is answered normally after
/// `slow_for` with probability `slow`. The same seed and the same order of
/// sends give the same faults. Faults queued with `fail_next` come first.
#[derive(Clone, Copy, Debug)]
pub struct FaultMix {
    pub too_many: f64,
    pub server_error: f64,
    pub slow: f64,
    pub slow_for: Duration,
    pub retry_after: u32,
    pub seed: u64,
}

impl Default for FaultMix {
    fn default() -> Self {
        Self { too_many: 0.0, server_error: 0.0, slow: 0.0, slow_for: Duration::from_secs(1), retry_after: 1, seed: 1 }
    }
}

enum Draw {
    TooMany(u32),
    ServerError,
    Slow(Duration),
    Clean,
}

impl FaultMix {
    fn draw(&self, rng: &mut XorShift) -> Draw {
        let u = rng.next_f64();
        if u < self.too_many {
            Draw::TooMany(self.retry_after)
        } else if u < self.too_many + self.server_error {
            Draw::ServerError
        } else if u < self.too_many + self.server_error + self.slow {
            Draw::Slow(self.slow_for)
        } else {
            Draw::Clean
        }
    }
}

/// xorshift64: tiny, deterministic, good enough to pick faults.
#[derive(Clone, Copy, Debug)]
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        // splitmix64 of the seed, so nearby seeds differ and 0 is allowed.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Self((z ^ (z >> 31)).max(1))
    }

    /// Uniform in [0, 1).
    fn next_f64(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Telegram's send limits, measured strictly: a send is a breach if the
/// configured number of sends already arrived within the preceding 1.000 s
/// (overall; to the same chat), or, into a group (a negative chat id, when a
/// per-chat limit is set), 20 within the preceding 60.000 s. A send that
/// arrived exactly 1.000 s earlier no longer counts. A refused send is not
/// counted. Times must not go backwards.
#[derive(Clone, Debug, Default)]
pub struct RateWindow {
    overall_per_sec: Option<u32>,
    per_chat_per_sec: Option<u32>,
    recent: VecDeque<(Instant, i64)>,
    group: VecDeque<(Instant, i64)>,
}

impl RateWindow {
    pub fn new(overall_per_sec: Option<u32>, per_chat_per_sec: Option<u32>) -> Self {
        Self { overall_per_sec, per_chat_per_sec, ..Self::default() }
    }

    /// Counts a send to `chat` arriving at `at`, or says which limit it
    /// breaks (and does not count it).
    pub fn admit(&mut self, at: Instant, chat: i64) -> Result<(), String> {
        while self.recent.front().is_some_and(|(t, _)| at.saturating_duration_since(*t) >= RATE_WINDOW) {
            self.recent.pop_front();
        }
        while self.group.front().is_some_and(|(t, _)| at.saturating_duration_since(*t) >= GROUP_WINDOW) {
            self.group.pop_front();
        }
        let ms = |t: Instant| at.saturating_duration_since(t).as_micros() as f64 / 1000.0;
        if let Some(limit) = self.overall_per_sec {
            if self.recent.len() >= limit as usize {
                let oldest = self.recent[self.recent.len() - limit as usize].0;
                return Err(format!(
                    "more than {limit} messages in one second overall: a send to {chat} with {limit} already in the last {:.3} ms",
                    ms(oldest)
                ));
            }
        }
        if let Some(limit) = self.per_chat_per_sec {
            let same: Vec<Instant> = self.recent.iter().filter(|(_, c)| *c == chat).map(|(t, _)| *t).collect();
            if same.len() >= limit as usize {
                return Err(format!(
                    "more than {limit} messages in one second to chat {chat}: {limit} already in the last {:.3} ms",
                    ms(same[same.len() - limit as usize])
                ));
            }
            if chat < 0 {
                let same: Vec<Instant> = self.group.iter().filter(|(_, c)| *c == chat).map(|(t, _)| *t).collect();
                if same.len() >= GROUP_PER_MINUTE {
                    return Err(format!(
                        "more than {GROUP_PER_MINUTE} messages in one minute to group {chat}: {GROUP_PER_MINUTE} already in the last {:.3} ms",
                        ms(same[same.len() - GROUP_PER_MINUTE])
                    ));
                }
                self.group.push_back((at, chat));
            }
        }
        self.recent.push_back((at, chat));
        Ok(())
    }
}

/// The connection side of the unreachable mode.
#[derive(Default)]
struct Net {
    unreachable: AtomicBool,
    resets: AtomicU64,
    next_connection: AtomicU64,
    /// Connections waiting to read, woken when the mode is switched on so
    /// idle keep-alive connections are reset at once.
    readers: Mutex<HashMap<u64, Waker>>,
}

impl Net {
    fn unreachable(&self) -> bool {
        self.unreachable.load(Ordering::SeqCst)
    }

    fn readers(&self) -> MutexGuard<'_, HashMap<u64, Waker>> {
        self.readers.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Accepts like a TcpListener; its connections fail every read and write
/// with `ConnectionReset` (and close with an RST) while the mode is on.
struct FlakyListener {
    tcp: TcpListener,
    net: Arc<Net>,
}

impl axum::serve::Listener for FlakyListener {
    type Io = FlakyStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (FlakyStream, SocketAddr) {
        loop {
            match self.tcp.accept().await {
                Ok((tcp, addr)) => {
                    let _ = tcp.set_nodelay(true);
                    let id = self.net.next_connection.fetch_add(1, Ordering::SeqCst);
                    return (FlakyStream { tcp, net: self.net.clone(), id, reset: false }, addr);
                }
                // Too many open files and the like: wait, as axum does.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.tcp.local_addr()
    }
}

struct FlakyStream {
    tcp: TcpStream,
    net: Arc<Net>,
    id: u64,
    reset: bool,
}

impl FlakyStream {
    /// Fails (for good) once the mode is on; the socket then closes with an
    /// RST, which the client sees as "connection reset by peer".
    fn check(&mut self) -> io::Result<()> {
        if !self.reset && self.net.unreachable() {
            self.reset = true;
            let _ = self.tcp.set_zero_linger();
            self.net.resets.fetch_add(1, Ordering::SeqCst);
        }
        if self.reset {
            return Err(io::Error::new(io::ErrorKind::ConnectionReset, "the fake Bot API is unreachable"));
        }
        Ok(())
    }
}

impl Drop for FlakyStream {
    fn drop(&mut self) {
        self.net.readers().remove(&self.id);
    }
}

impl AsyncRead for FlakyStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        // Registered before the check, so a switch after it wakes us.
        {
            let mut readers = this.net.readers();
            if !readers.get(&this.id).is_some_and(|w| w.will_wake(cx.waker())) {
                readers.insert(this.id, cx.waker().clone());
            }
        }
        this.check()?;
        Pin::new(&mut this.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for FlakyStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.check()?;
        Pin::new(&mut this.tcp).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.check()?;
        Pin::new(&mut this.tcp).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.reset {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.tcp).poll_shutdown(cx)
    }
}

#[derive(Clone)]
pub struct FakeApi {
    inner: Arc<Mutex<Inner>>,
    /// Bumped on every change; waiters re-check their condition.
    version: Arc<watch::Sender<u64>>,
    net: Arc<Net>,
    addr: SocketAddr,
    /// Shared by the test's handles (not the server's): when the last one
    /// is dropped, the violations are checked.
    guard: Option<Arc<DropCheck>>,
}

struct DropCheck {
    inner: Arc<Mutex<Inner>>,
}

impl Drop for DropCheck {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let (check, violations) = {
            let s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            (s.check_on_drop, s.violations())
        };
        assert!(!check || violations.is_empty(), "the bot broke Telegram's limits: {violations:#?}");
    }
}

impl FakeApi {
    pub async fn start() -> FakeApi {
        let tcp = TcpListener::bind("127.0.0.1:0").await.expect("bind fake Bot API");
        let addr = tcp.local_addr().unwrap();
        let inner = Arc::new(Mutex::new(Inner {
            next_update_id: 1,
            next_message_id: 1000,
            // Tests fail on a violation; the benchmark (an example) reports them.
            check_on_drop: cfg!(test),
            ..Inner::default()
        }));
        let server = FakeApi {
            inner: inner.clone(),
            version: Arc::new(watch::channel(0).0),
            net: Arc::new(Net::default()),
            addr,
            guard: None,
        };
        let api = FakeApi { guard: Some(Arc::new(DropCheck { inner })), ..server.clone() };
        let listener = FlakyListener { tcp, net: server.net.clone() };
        let app = Router::new().route("/{bot}/{method}", post(handle)).with_state(server);
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        api
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        let out = f(&mut self.inner.lock().unwrap());
        self.version.send_modify(|v| *v += 1);
        out
    }

    fn read<T>(&self, f: impl FnOnce(&Inner) -> T) -> T {
        f(&self.inner.lock().unwrap())
    }

    // ------------------------------------------------------------ updates

    pub fn push_update(&self, mut update: Value) -> i64 {
        self.with(|s| {
            let id = match as_i64(&update["update_id"]) {
                Some(id) => id,
                None => {
                    let id = s.next_update_id;
                    update["update_id"] = json!(id);
                    id
                }
            };
            s.next_update_id = s.next_update_id.max(id + 1);
            s.pushed.push(id);
            s.queue.push(Queued { update, forced: false });
            id
        })
    }

    /// Delivers an update again with the same id, as Telegram does when the
    /// bot crashed before confirming it.
    pub fn push_update_again(&self, update_id: i64) {
        self.with(|s| {
            let original = s
                .calls
                .iter()
                .filter(|c| c.method == "getupdates")
                .filter_map(|c| c.body["__result"].as_array())
                .flatten()
                .find(|u| as_i64(&u["update_id"]) == Some(update_id))
                .cloned()
                .or_else(|| {
                    s.queue.iter().find(|q| as_i64(&q.update["update_id"]) == Some(update_id)).map(|q| q.update.clone())
                })
                .expect("an update pushed before");
            s.queue.push(Queued { update: original, forced: true });
        });
    }

    fn chat_json(id: i64, user: Option<&TgUser>) -> Value {
        if id < 0 {
            json!({"id": id, "type": "supergroup", "title": "Staff"})
        } else {
            json!({"id": id, "type": "private", "first_name": user.map(|u| u.first_name.as_str()).unwrap_or("Person")})
        }
    }

    fn incoming(&self, chat_id: i64, user: &TgUser, content: Value) -> i64 {
        let update = self.message_update(chat_id, user, content);
        self.push_update(update)
    }

    /// A private text as Telegram would push it to a webhook: a fresh
    /// update id, not queued for getUpdates.
    pub fn text_update(&self, user: &TgUser, text: &str) -> Value {
        let mut update = self.message_update(user.id, user, text_content(text));
        update["update_id"] = json!(self.with(|s| {
            s.next_update_id += 1;
            s.next_update_id - 1
        }));
        update
    }

    fn message_update(&self, chat_id: i64, user: &TgUser, content: Value) -> Value {
        let message_id = self.with(|s| {
            s.next_message_id += 1;
            s.next_message_id
        });
        let mut message = json!({
            "message_id": message_id,
            "date": DATE,
            "chat": Self::chat_json(chat_id, Some(user)),
            "from": user.json(),
        });
        if self.read(|s| s.forums.contains(&chat_id)) {
            message["chat"]["is_forum"] = json!(true);
        }
        if let Value::Object(extra) = content {
            for (k, v) in extra {
                message[k] = v;
            }
        }
        json!({"message": message})
    }

    pub fn text_from(&self, user: &TgUser, text: &str) -> i64 {
        self.incoming(user.id, user, text_content(text))
    }

    pub fn message_from(&self, user: &TgUser, extra: Value) -> i64 {
        self.incoming(user.id, user, extra)
    }

    pub fn group_text_from(&self, chat_id: i64, user: &TgUser, text: &str, reply_to_message_id: Option<i64>) -> i64 {
        let content = text_content(text);
        match reply_to_message_id {
            Some(id) => self.reply_from(chat_id, user, content, id),
            None => self.incoming(chat_id, user, content),
        }
    }

    /// A message in `chat_id` (a private chat when it is the user's id)
    /// replying to the bot's message `reply_to_message_id`. `content` is
    /// `{"text": …}`, `{"photo": […], "caption": …}` and so on.
    pub fn reply_from(&self, chat_id: i64, user: &TgUser, mut content: Value, reply_to_message_id: i64) -> i64 {
        if let Some(text) = content["text"].as_str().map(str::to_owned) {
            if let Value::Object(with_entities) = text_content(&text) {
                for (k, v) in with_entities {
                    content[k] = v;
                }
            }
        }
        let chat =
            if chat_id == user.id { Self::chat_json(chat_id, Some(user)) } else { Self::chat_json(chat_id, None) };
        content["reply_to_message"] = json!({
            "message_id": reply_to_message_id, "date": DATE, "chat": chat,
            "from": bot_user(), "text": "(a message from the bot)",
        });
        self.incoming(chat_id, user, content)
    }

    pub fn callback_from(&self, user: &TgUser, data: &str, message_id: Option<i64>) -> i64 {
        let (n, last) = self.with(|s| {
            s.next_message_id += 1;
            (s.next_message_id, s.last_bot_message.get(&user.id).copied())
        });
        let mid = message_id.or(last).unwrap_or(1);
        self.push_update(json!({"callback_query": {
            "id": format!("cq{n}"),
            "from": user.json(),
            "chat_instance": format!("ci{}", user.id),
            "data": data,
            "message": {"message_id": mid, "date": DATE, "chat": Self::chat_json(user.id, Some(user)), "from": bot_user(), "text": "(buttons)"},
        }}))
    }

    // -------------------------------------------------------------- forums

    /// Makes `chat` a supergroup with topics enabled, as `getChat` and
    /// incoming messages then say (`is_forum`).
    pub fn make_forum(&self, chat: i64) {
        self.with(|s| s.forums.insert(chat));
    }

    /// The topics created in `chat`, oldest first.
    pub fn topics(&self, chat: i64) -> Vec<Topic> {
        let mut topics: Vec<Topic> =
            self.read(|s| s.topics.iter().filter(|((c, _), _)| *c == chat).map(|(_, t)| t.clone()).collect());
        topics.sort_by_key(|t| t.thread);
        topics
    }

    /// A message in forum topic `thread` of `chat`, written as people do
    /// (not a reply): Telegram marks it `is_topic_message` and makes it
    /// reply to the topic's first message, the service message
    /// `forum_topic_created`.
    pub fn topic_text_from(&self, chat: i64, user: &TgUser, thread: i64, text: &str) -> i64 {
        let mut content = text_content(text);
        self.in_topic(chat, thread, &mut content);
        self.incoming(chat, user, content)
    }

    /// Someone deletes forum topic `thread` (and everything in it).
    pub fn delete_topic(&self, chat: i64, thread: i64) {
        self.with(|s| s.topics.remove(&(chat, thread)));
    }

    /// A coordinator closes forum topic `thread` by hand: Telegram posts
    /// the service message `forum_topic_closed` in it.
    pub fn topic_closed_by(&self, chat: i64, user: &TgUser, thread: i64) -> i64 {
        self.with(|s| {
            if let Some(t) = s.topics.get_mut(&(chat, thread)) {
                t.closed = true;
            }
        });
        let mut content = json!({"forum_topic_closed": {}});
        self.in_topic(chat, thread, &mut content);
        self.incoming(chat, user, content)
    }

    fn in_topic(&self, chat: i64, thread: i64, content: &mut Value) {
        let name = self.read(|s| s.topics.get(&(chat, thread)).map(|t| t.name.clone())).unwrap_or_default();
        content["message_thread_id"] = json!(thread);
        content["is_topic_message"] = json!(true);
        content["reply_to_message"] = json!({
            "message_id": thread, "date": DATE, "chat": {"id": chat, "type": "supergroup", "title": "Staff", "is_forum": true},
            "from": bot_user(), "message_thread_id": thread, "is_topic_message": true,
            "forum_topic_created": {"name": name, "icon_color": 7_322_096},
        });
    }

    // -------------------------------------------------------------- record

    pub fn calls(&self) -> Vec<Call> {
        self.read(|s| s.calls.iter().filter(|c| c.method != "getupdates").cloned().collect())
    }

    /// The sequence number the next recorded call will get: a watermark for
    /// "anything after this point".
    pub fn next_seq(&self) -> u64 {
        self.read(|s| s.calls.len() as u64)
    }

    pub fn clear_calls(&self) {
        // Held polls keep their index into the record, so nothing is removed:
        // calls before the watermark are hidden instead.
        self.with(|s| s.hidden_below = s.calls.len());
    }

    pub fn sent_to(&self, chat_id: i64) -> Vec<Call> {
        self.read(|s| {
            s.calls
                .iter()
                .filter(|c| PRODUCING.contains(&c.method.as_str()) && c.ok() && c.chat_id() == Some(chat_id))
                .cloned()
                .collect()
        })
    }

    pub fn texts_to(&self, chat_id: i64) -> Vec<String> {
        self.sent_to(chat_id).iter().filter_map(|c| c.text().map(str::to_owned)).collect()
    }

    /// Sends over the configured rates.
    pub fn rate_violations(&self) -> Vec<String> {
        self.read(|s| s.rate_violations.clone())
    }

    /// Everything the bot did that Telegram refuses or punishes: rate
    /// breaches, then refused requests (too long, empty, bad buttons).
    pub fn violations(&self) -> Vec<String> {
        self.read(Inner::violations)
    }

    /// Returns the violations and forgets them: for tests that break the
    /// rules on purpose (of the fake itself).
    pub fn take_violations(&self) -> Vec<String> {
        self.with(|s| {
            let all = s.violations();
            s.rate_violations.clear();
            s.refusals.clear();
            all
        })
    }

    /// Whether dropping the last test-side handle fails the test on a
    /// violation: on in tests, off in the benchmark, which reports them.
    pub fn set_check_on_drop(&self, check: bool) {
        self.with(|s| s.check_on_drop = check);
    }

    pub fn counters(&self) -> Counters {
        let mut c = self.read(|s| s.counters);
        c.resets = self.net.resets.load(Ordering::SeqCst);
        c
    }

    // --------------------------------------------------------------- waits

    /// Waits for a condition over the fake's state, re-checked on every
    /// change; panics with `what` at the deadline.
    async fn wait<T>(&self, what: &str, deadline: Duration, mut check: impl FnMut(&Inner) -> Option<T>) -> T {
        let mut rx = self.version.subscribe();
        let give_up = tokio::time::Instant::now() + deadline;
        loop {
            rx.borrow_and_update();
            if let Some(found) = self.read(&mut check) {
                return found;
            }
            tokio::select! {
                _ = rx.changed() => {}
                _ = tokio::time::sleep_until(give_up) => {
                    let recent: Vec<String> = self.read(|s| {
                        let mut v: Vec<String> = s.calls.iter().rev().filter(|c| c.method != "getupdates").take(15)
                            .map(|c| format!("#{} {} [{}] {}", c.seq, c.method, c.response_status, truncate(&c.body.to_string())))
                            .collect();
                        v.reverse();
                        v
                    });
                    panic!("timed out waiting for {what}; recent calls:\n{}", recent.join("\n"));
                }
            }
        }
    }

    pub async fn wait_for_call<F: Fn(&Call) -> bool>(&self, what: &str, deadline: Duration, pred: F) -> Call {
        self.wait(what, deadline, |s| s.calls.iter().find(|c| pred(c)).cloned()).await
    }

    pub async fn wait_for_text(&self, chat_id: i64, needle: &str, deadline: Duration) -> Call {
        self.wait_for_call(&format!("a message to {chat_id} containing {needle:?}"), deadline, |c| {
            PRODUCING.contains(&c.method.as_str())
                && c.ok()
                && c.chat_id() == Some(chat_id)
                && c.text().is_some_and(|t| t.contains(needle))
        })
        .await
    }

    pub async fn wait_for_texts(&self, chat_id: i64, n: usize, deadline: Duration) -> Vec<String> {
        self.wait(&format!("{n} messages to {chat_id}"), deadline, |s| {
            let texts: Vec<String> = s
                .calls
                .iter()
                .filter(|c| PRODUCING.contains(&c.method.as_str()) && c.ok() && c.chat_id() == Some(chat_id))
                .filter_map(|c| c.text().map(str::to_owned))
                .collect();
            (texts.len() >= n).then_some(texts)
        })
        .await
    }

    /// Waits until the bot has confirmed (by a later offset) every update
    /// pushed so far.
    pub async fn wait_until_idle(&self, deadline: Duration) {
        self.wait("the bot to confirm every update", deadline, |s| {
            (s.pushed.iter().all(|id| *id < s.confirmed_below) && !s.queue.iter().any(|q| q.forced)).then_some(())
        })
        .await
    }

    // -------------------------------------------------------------- faults

    pub fn fail_next(&self, method: &str, chat_id: Option<i64>, fault: Fault, times: usize) {
        self.with(|s| s.faults.push(Fakes { method: method.to_lowercase(), chat: chat_id, fault, remaining: times }));
    }

    pub fn set_down(&self, down: bool) {
        self.with(|s| s.down = down);
    }

    pub fn set_max_poll_hold(&self, d: Duration) {
        self.with(|s| s.max_poll_hold = Some(d));
    }

    /// The limits the bot is held to (see [`RateWindow`]); measuring starts
    /// afresh.
    pub fn set_rate_limits(&self, overall_per_sec: Option<u32>, per_chat_per_sec: Option<u32>) {
        self.with(|s| s.rates = RateWindow::new(overall_per_sec, per_chat_per_sec));
    }

    /// While on, every connection to the fake is reset: new ones as soon as
    /// they are accepted, open keep-alive ones at once, and requests in hand
    /// (a held getUpdates, a slow send) lose their answer. teloxide sees
    /// `RequestError::Network`, as when Telegram cannot be reached. A send
    /// whose answer is lost this way is recorded with status 0 and counts as
    /// not delivered.
    pub fn set_unreachable(&self, unreachable: bool) {
        self.net.unreachable.store(unreachable, Ordering::SeqCst);
        if unreachable {
            let readers: Vec<Waker> = self.net.readers().drain().map(|(_, w)| w).collect();
            readers.into_iter().for_each(Waker::wake);
        }
        // Wakes held polls, which then give up their answer.
        self.with(|_| ());
    }

    /// From now on, sends draw their faults from `mix` (see [`FaultMix`]).
    pub fn set_fault_mix(&self, mix: FaultMix) {
        self.with(|s| s.mix = Some((mix, XorShift::new(mix.seed))));
    }

    pub fn clear_fault_mix(&self) {
        self.with(|s| s.mix = None);
    }
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 200 {
        format!("{}…", s.chars().take(200).collect::<String>())
    } else {
        s.to_owned()
    }
}

fn text_content(text: &str) -> Value {
    let mut content = json!({"text": text});
    if text.starts_with('/') {
        let word = text.split_whitespace().next().unwrap_or("/");
        content["entities"] = json!([{"type": "bot_command", "offset": 0, "length": word.encode_utf16().count()}]);
    }
    content
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "COPES test bot", "username": BOT_USERNAME})
}

fn ok(result: Value) -> (StatusCode, Value) {
    (StatusCode::OK, json!({"ok": true, "result": result}))
}

/// Telegram's error body. The HTTP status is the error code, except for
/// 5xx: teloxide waits 10 s after an HTTP 5xx before reporting it, which
/// would make every outage test slow, so those go out as HTTP 200 with the
/// same body (teloxide reads the error from the body either way). The
/// recorded call keeps the real code.
fn error(code: u16, description: &str) -> (StatusCode, Value) {
    let status = if code >= 500 { StatusCode::OK } else { StatusCode::from_u16(code).unwrap() };
    (status, json!({"ok": false, "error_code": code, "description": description}))
}

fn recorded_status(status: StatusCode, response: &Value) -> u16 {
    response["error_code"].as_u64().map_or(status.as_u16(), |c| c as u16)
}

fn fault_response(fault: &Fault) -> (StatusCode, Value) {
    match fault {
        Fault::RetryAfter(secs) => {
            let (status, mut body) = error(429, &format!("Too Many Requests: retry after {secs}"));
            body["parameters"] = json!({"retry_after": secs});
            (status, body)
        }
        Fault::Blocked => error(403, "Forbidden: bot was blocked by the user"),
        Fault::Deactivated => error(403, "Forbidden: user is deactivated"),
        Fault::ServerError(code) => error(*code, "Bad Gateway"),
        Fault::ChatNotFound => error(400, "Bad Request: chat not found"),
        Fault::Kicked => error(403, "Forbidden: bot was kicked from the supergroup chat"),
        Fault::Slow(_) => unreachable!("slow is not an answer"),
    }
}

/// Reads a JSON body, or a multipart one (files uploaded from memory).
/// `None` if the body could not be read (the connection failed under it).
async fn read_body(req: Request) -> Option<(Value, Vec<Upload>)> {
    let is_multipart = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        let bytes = axum::body::to_bytes(req.into_body(), usize::MAX).await.ok()?;
        let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| json!({}));
        return Some((if body.is_object() { body } else { json!({}) }, Vec::new()));
    }
    let mut multipart = axum::extract::Multipart::from_request(req, &()).await.ok()?;
    let mut body = json!({});
    let mut uploads = Vec::new();
    while let Some(field) = multipart.next_field().await.ok()? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.ok()?.to_vec();
        if file_name.is_some() {
            uploads.push(Upload { field: name, file_name, bytes });
        } else {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            body[name] = serde_json::from_str(&text).unwrap_or(Value::String(text));
        }
    }
    Some((body, uploads))
}

/// A string field as Telegram reads it (multipart fields that look like
/// numbers were parsed as JSON).
fn string_field(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// What Telegram refuses whatever the rates: its 400 description and what
/// the bot did, for the record.
fn refusal(method: &str, body: &Value) -> Option<(&'static str, String)> {
    let chat = body["chat_id"].to_string();
    if matches!(method, "sendmessage" | "editmessagetext") {
        let text = string_field(&body["text"]).unwrap_or_default();
        // Telegram strips surrounding white space; nothing left is empty.
        if text.trim().is_empty() {
            return Some(("Bad Request: message text is empty", format!("{method} to {chat}: empty text {text:?}")));
        }
        let units = text.encode_utf16().count();
        if units > MAX_TEXT_UNITS {
            return Some((
                "Bad Request: message is too long",
                format!("{method} to {chat}: text of {units} UTF-16 code units (Telegram's limit: {MAX_TEXT_UNITS})"),
            ));
        }
    }
    if CAPTIONED.contains(&method) {
        let units = string_field(&body["caption"]).map_or(0, |c| c.encode_utf16().count());
        if units > MAX_CAPTION_UNITS {
            return Some((
                "Bad Request: message caption is too long",
                format!(
                    "{method} to {chat}: caption of {units} UTF-16 code units (Telegram's limit: {MAX_CAPTION_UNITS})"
                ),
            ));
        }
    }
    let markup = match &body["reply_markup"] {
        Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
        other => other.clone(),
    };
    let buttons = markup["inline_keyboard"].as_array().into_iter().flatten().filter_map(Value::as_array).flatten();
    for button in buttons {
        if let Some(data) = string_field(&button["callback_data"]) {
            if data.len() > MAX_CALLBACK_DATA_BYTES {
                return Some((
                    "Bad Request: BUTTON_DATA_INVALID",
                    format!(
                        "{method} to {chat}: callback data of {} bytes (Telegram's limit: {MAX_CALLBACK_DATA_BYTES}): {data:?}",
                        data.len()
                    ),
                ));
            }
        }
    }
    None
}

/// The next queued fault for this method and chat, consumed.
fn take_fault(s: &mut Inner, method: &str, chat: Option<i64>) -> Option<Fault> {
    let i =
        s.faults.iter().position(|f| f.method == method && f.remaining > 0 && (f.chat.is_none() || f.chat == chat))?;
    s.faults[i].remaining -= 1;
    let fault = s.faults[i].fault.clone();
    if s.faults[i].remaining == 0 {
        s.faults.remove(i);
    }
    Some(fault)
}

/// What the first look at a request decided.
enum Plan {
    Answer((StatusCode, Value)),
    /// Accepted (and counted against the rates): answer after the delay.
    Proceed(Option<Duration>),
}

async fn handle(State(api): State<FakeApi>, Path((bot, method)): Path<(String, String)>, req: Request) -> Response {
    let method = method.to_lowercase();
    if bot != format!("bot{TOKEN}") {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"ok": false, "error_code": 401, "description": "Unauthorized"})),
        )
            .into_response();
    }
    let Some((body, uploads)) = read_body(req).await else {
        // The connection failed under the body; nobody reads this answer.
        return StatusCode::BAD_REQUEST.into_response();
    };
    if method == "getupdates" {
        return get_updates(api, body).await;
    }
    if api.net.unreachable() {
        return api.lost(Instant::now(), method, body, uploads);
    }

    let sending = SENDING.contains(&method.as_str());
    let (at, plan) = api.with(|s| {
        let at = Instant::now();
        if s.down {
            return (at, Plan::Answer(error(502, "Bad Gateway")));
        }
        if let Some((description, what)) = refusal(&method, &body) {
            s.refusals.push(what);
            s.counters.refused += 1;
            return (at, Plan::Answer(error(400, description)));
        }
        let chat = as_i64(&body["chat_id"]);
        let mut delay = None;
        match take_fault(s, &method, chat) {
            Some(Fault::Slow(d)) => delay = Some(d),
            Some(fault) => return (at, Plan::Answer(fault_response(&fault))),
            None if sending => {
                if let Some((mix, rng)) = s.mix.as_mut() {
                    match mix.draw(rng) {
                        Draw::TooMany(secs) => return (at, Plan::Answer(fault_response(&Fault::RetryAfter(secs)))),
                        Draw::ServerError => return (at, Plan::Answer(error(502, "Bad Gateway"))),
                        Draw::Slow(d) => {
                            s.counters.slowed += 1;
                            delay = Some(d);
                        }
                        Draw::Clean => {}
                    }
                }
            }
            None => {}
        }
        if sending {
            if let Err(breach) = s.rates.admit(at, chat.unwrap_or(0)) {
                s.rate_violations.push(breach);
                return (at, Plan::Answer(fault_response(&Fault::RetryAfter(1))));
            }
        }
        (at, Plan::Proceed(delay))
    });
    let (status, response) = match plan {
        Plan::Answer(answer) => api.record(at, method, body, uploads, answer),
        Plan::Proceed(delay) => {
            if let Some(d) = delay {
                tokio::time::sleep(d).await;
            }
            if api.net.unreachable() {
                return api.lost(at, method, body, uploads);
            }
            let answer =
                api.with(|s| if s.down { error(502, "Bad Gateway") } else { answer(s, &method, &body, &uploads) });
            api.record(at, method, body, uploads, answer)
        }
    };
    (status, Json(response)).into_response()
}

impl FakeApi {
    /// Records a call and its answer, and counts it.
    fn record(
        &self,
        at: Instant,
        method: String,
        body: Value,
        uploads: Vec<Upload>,
        answer: (StatusCode, Value),
    ) -> (StatusCode, Value) {
        self.with(|s| {
            let status = recorded_status(answer.0, &answer.1);
            count(&mut s.counters, &method, status);
            let seq = s.calls.len() as u64;
            s.calls.push(Call { at, seq, method, body, uploads, response_status: status, response: answer.1.clone() });
        });
        answer
    }

    /// A request whose connection is reset by the unreachable mode:
    /// recorded with status 0, not delivered, answered into the void.
    fn lost(&self, at: Instant, method: String, body: Value, uploads: Vec<Upload>) -> Response {
        self.with(|s| {
            let seq = s.calls.len() as u64;
            s.calls.push(Call {
                at,
                seq,
                method,
                body,
                uploads,
                response_status: 0,
                response: json!({"lost": "connection reset (unreachable mode)"}),
            });
        });
        StatusCode::BAD_GATEWAY.into_response()
    }
}

fn count(c: &mut Counters, method: &str, status: u16) {
    if SENDING.contains(&method) {
        c.sends += 1;
        c.sends_ok += u64::from(status == 200);
    }
    match status {
        429 => c.too_many += 1,
        500.. => c.server_errors += 1,
        _ => {}
    }
}

fn answer(s: &mut Inner, method: &str, body: &Value, uploads: &[Upload]) -> (StatusCode, Value) {
    let chat = as_i64(&body["chat_id"]).unwrap_or(0);
    let thread = as_i64(&body["message_thread_id"]);
    // A message posted in a topic that does not exist: Telegram's refusal.
    if SENDING.contains(&method) {
        if let Some(t) = thread {
            if !s.forums.contains(&chat) || !s.topics.contains_key(&(chat, t)) {
                return error(400, "Bad Request: message thread not found");
            }
        }
    }
    let new_message = |s: &mut Inner| {
        s.next_message_id += 1;
        s.last_bot_message.insert(chat, s.next_message_id);
        let mut m = json!({"message_id": s.next_message_id, "date": DATE, "chat": FakeApi::chat_json(chat, None), "from": bot_user()});
        if s.forums.contains(&chat) {
            m["chat"]["is_forum"] = json!(true);
            if let Some(t) = thread {
                m["message_thread_id"] = json!(t);
                m["is_topic_message"] = json!(true);
            }
        }
        m
    };
    match method {
        "getchat" => {
            let mut c = if chat < 0 {
                json!({"id": chat, "type": "supergroup", "title": "Staff"})
            } else {
                json!({"id": chat, "type": "private", "first_name": "Person"})
            };
            if s.forums.contains(&chat) {
                c["is_forum"] = json!(true);
            }
            c["accent_color_id"] = json!(0);
            c["max_reaction_count"] = json!(11);
            c["accepted_gift_types"] = json!({"unlimited_gifts": false, "limited_gifts": false, "unique_gifts": false, "premium_subscription": false});
            ok(c)
        }
        "createforumtopic" => {
            if !s.forums.contains(&chat) {
                return error(400, "Bad Request: the chat is not a forum");
            }
            let name = string_field(&body["name"]).unwrap_or_default();
            if name.is_empty() || name.chars().count() > 128 {
                s.refusals.push(format!("createForumTopic in {chat}: a name of {} characters", name.chars().count()));
                return error(400, "Bad Request: TOPIC_NAME_INVALID");
            }
            s.next_message_id += 1;
            let thread = s.next_message_id;
            s.topics.insert((chat, thread), Topic { thread, name: name.clone(), closed: false });
            ok(json!({"message_thread_id": thread, "name": name, "icon_color": 7_322_096}))
        }
        "closeforumtopic" | "reopenforumtopic" => {
            let closing = method == "closeforumtopic";
            let Some(topic) = thread.and_then(|t| s.topics.get_mut(&(chat, t))) else {
                return error(400, "Bad Request: message thread not found");
            };
            if topic.closed == closing {
                return error(400, "Bad Request: TOPIC_NOT_MODIFIED");
            }
            topic.closed = closing;
            ok(json!(true))
        }
        "getme" => {
            let mut me = bot_user();
            for flag in [
                "can_join_groups",
                "can_read_all_group_messages",
                "supports_inline_queries",
                "has_main_web_app",
                "can_connect_to_business",
            ] {
                me[flag] = json!(flag == "can_join_groups");
            }
            ok(me)
        }
        "getwebhookinfo" => ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})),
        "sendmessage" => {
            let mut m = new_message(s);
            m["text"] = body["text"].clone();
            if !body["reply_markup"].is_null() {
                m["reply_markup"] = body["reply_markup"].clone();
            }
            ok(m)
        }
        "senddocument" | "sendphoto" => {
            let mut m = new_message(s);
            let size = uploads.first().map_or(0, |u| u.bytes.len());
            let name = uploads.first().and_then(|u| u.file_name.clone()).unwrap_or_else(|| "file".into());
            if method == "senddocument" {
                m["document"] = json!({"file_id": format!("doc{}", m["message_id"]), "file_unique_id": format!("u{}", m["message_id"]), "file_name": name, "file_size": size});
            } else {
                m["photo"] = json!([{"file_id": format!("photo{}", m["message_id"]), "file_unique_id": format!("u{}", m["message_id"]), "width": 1, "height": 1}]);
            }
            if let Some(c) = body["caption"].as_str() {
                m["caption"] = json!(c);
            }
            ok(m)
        }
        "copymessage" => {
            let m = new_message(s);
            ok(json!({"message_id": m["message_id"]}))
        }
        "forwardmessage" => {
            let mut m = new_message(s);
            m["text"] = json!("(forwarded)");
            ok(m)
        }
        "editmessagetext" | "editmessagereplymarkup" | "editmessagecaption" => {
            let id = as_i64(&body["message_id"]).unwrap_or(0);
            let mut m = json!({"message_id": id, "date": DATE, "chat": FakeApi::chat_json(chat, None), "from": bot_user(), "text": body["text"].as_str().unwrap_or("(edited)")});
            if !body["reply_markup"].is_null() {
                m["reply_markup"] = body["reply_markup"].clone();
            }
            ok(m)
        }
        _ => ok(json!(true)),
    }
}

/// Long polling as Telegram does it: confirmed updates (id < offset) are
/// forgotten; the call returns at once when something is waiting, else holds
/// until an update arrives or `timeout` seconds pass.
async fn get_updates(api: FakeApi, body: Value) -> Response {
    let offset = as_i64(&body["offset"]).unwrap_or(0);
    let limit = as_i64(&body["limit"]).unwrap_or(100).clamp(1, 100) as usize;
    let timeout = Duration::from_secs(as_i64(&body["timeout"]).unwrap_or(0).max(0) as u64);
    let hold = api.read(|s| s.max_poll_hold.map_or(timeout, |m| m.min(timeout)));
    let give_up = tokio::time::Instant::now() + hold;
    let mut rx = api.version.subscribe();
    // Recorded on arrival (status 0 until answered), so a test can see that
    // the bot is polling while the call is still held open.
    let index = api.with(|s| {
        let seq = s.calls.len() as u64;
        s.calls.push(Call {
            at: Instant::now(),
            seq,
            method: "getupdates".into(),
            body: body.clone(),
            uploads: Vec::new(),
            response_status: 0,
            response: Value::Null,
        });
        s.calls.len() - 1
    });
    loop {
        rx.borrow_and_update();
        if api.net.unreachable() {
            // The connection is reset: nothing is handed over.
            api.with(|s| {
                if let Some(call) = s.calls.get_mut(index) {
                    call.response = json!({"lost": "connection reset (unreachable mode)"});
                }
            });
            return StatusCode::BAD_GATEWAY.into_response();
        }
        let taken = api.with(|s| {
            if s.down {
                return Err(());
            }
            if offset > 0 {
                s.confirmed_below = s.confirmed_below.max(offset);
                s.queue.retain(|q| q.forced || as_i64(&q.update["update_id"]).unwrap_or(0) >= offset);
            }
            let mut out = Vec::new();
            let mut i = 0;
            while i < s.queue.len() && out.len() < limit {
                if s.queue[i].forced {
                    out.push(s.queue.remove(i).update);
                } else {
                    out.push(s.queue[i].update.clone());
                    i += 1;
                }
            }
            Ok(out)
        });
        let (status, response, result) = match taken {
            Err(()) => {
                let (st, r) = error(502, "Bad Gateway");
                (st, r, Value::Null)
            }
            Ok(updates) if !updates.is_empty() || tokio::time::Instant::now() >= give_up => {
                let (st, r) = ok(json!(updates));
                (st, r, json!(updates))
            }
            Ok(_) => {
                tokio::select! {
                    _ = rx.changed() => {}
                    _ = tokio::time::sleep_until(give_up) => {}
                }
                continue;
            }
        };
        api.with(|s| {
            let recorded = recorded_status(status, &response);
            count(&mut s.counters, "getupdates", recorded);
            if let Some(call) = s.calls.get_mut(index) {
                call.body["__result"] = result;
                call.response_status = recorded;
                call.response = response.clone();
            }
        });
        return (status, Json(response)).into_response();
    }
}
