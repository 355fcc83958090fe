//! A fake Telegram Bot API the tests own: an axum server on 127.0.0.1:0 that
//! serves long-polled getUpdates, records every call, answers the way
//! Telegram does (teloxide matches errors on Telegram's exact wording), and
//! can inject faults and enforce Telegram's send rates.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
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

#[derive(Clone, Debug)]
pub struct Upload {
    pub field: String,
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
}

/// One recorded request. `method` is lower-case ("sendmessage").
#[derive(Clone, Debug)]
pub struct Call {
    /// When the request arrived.
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
    overall_per_sec: Option<u32>,
    per_chat_per_sec: Option<u32>,
    recent_sends: VecDeque<(Instant, i64)>,
    /// Sends into groups over the last minute (Telegram: about 20 a minute).
    group_sends: VecDeque<(Instant, i64)>,
    violations: Vec<String>,
    hidden_below: usize,
}

#[derive(Clone)]
pub struct FakeApi {
    inner: Arc<Mutex<Inner>>,
    /// Bumped on every change; waiters re-check their condition.
    version: Arc<watch::Sender<u64>>,
    addr: SocketAddr,
}

impl FakeApi {
    pub async fn start() -> FakeApi {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind fake Bot API");
        let addr = listener.local_addr().unwrap();
        let api = FakeApi {
            inner: Arc::new(Mutex::new(Inner { next_update_id: 1, next_message_id: 1000, ..Inner::default() })),
            version: Arc::new(watch::channel(0).0),
            addr,
        };
        let app = Router::new().route("/{bot}/{method}", post(handle)).with_state(api.clone());
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
        if let Value::Object(extra) = content {
            for (k, v) in extra {
                message[k] = v;
            }
        }
        self.push_update(json!({"message": message}))
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

    pub fn rate_violations(&self) -> Vec<String> {
        self.read(|s| s.violations.clone())
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

    pub fn set_rate_limits(&self, overall_per_sec: Option<u32>, per_chat_per_sec: Option<u32>) {
        self.with(|s| {
            s.overall_per_sec = overall_per_sec;
            s.per_chat_per_sec = per_chat_per_sec;
        });
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
async fn read_body(req: Request) -> (Value, Vec<Upload>) {
    let is_multipart = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        let bytes = axum::body::to_bytes(req.into_body(), usize::MAX).await.unwrap_or_default();
        let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| json!({}));
        return (if body.is_object() { body } else { json!({}) }, Vec::new());
    }
    let mut multipart = axum::extract::Multipart::from_request(req, &()).await.expect("multipart body");
    let mut body = json!({});
    let mut uploads = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("multipart field") {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.expect("multipart bytes").to_vec();
        if file_name.is_some() {
            uploads.push(Upload { field: name, file_name, bytes });
        } else {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            body[name] = serde_json::from_str(&text).unwrap_or(Value::String(text));
        }
    }
    (body, uploads)
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
    let (body, uploads) = read_body(req).await;
    if method == "getupdates" {
        return get_updates(api, body).await;
    }

    // A matching fault, if any, is consumed now.
    let fault = api.with(|s| {
        let chat = as_i64(&body["chat_id"]);
        let i = s
            .faults
            .iter()
            .position(|f| f.method == method && f.remaining > 0 && (f.chat.is_none() || f.chat == chat))?;
        s.faults[i].remaining -= 1;
        let fault = s.faults[i].fault.clone();
        if s.faults[i].remaining == 0 {
            s.faults.remove(i);
        }
        Some(fault)
    });
    if let Some(Fault::Slow(d)) = &fault {
        tokio::time::sleep(*d).await;
    }
    let (status, response) = api.with(|s| {
        let answer = if s.down {
            error(502, "Bad Gateway")
        } else if let Some(f) = fault.as_ref().filter(|f| !matches!(f, Fault::Slow(_))) {
            fault_response(f)
        } else if let Some(breach) = rate_breach(s, &method, &body) {
            s.violations.push(breach);
            let (status, mut body) = error(429, "Too Many Requests: retry after 1");
            body["parameters"] = json!({"retry_after": 1});
            (status, body)
        } else {
            answer(s, &method, &body, &uploads)
        };
        let seq = s.calls.len() as u64;
        s.calls.push(Call {
            at: Instant::now(),
            seq,
            method: method.clone(),
            body: body.clone(),
            uploads,
            response_status: recorded_status(answer.0, &answer.1),
            response: answer.1.clone(),
        });
        answer
    });
    (status, Json(response)).into_response()
}

/// The window over which rates are measured: a second, less the arrival
/// jitter a loaded test machine adds to requests the bot spaced correctly.
const RATE_WINDOW: Duration = Duration::from_millis(950);
/// Telegram's limit for one group, over a minute less the same jitter.
const GROUP_PER_MINUTE: usize = 20;
const GROUP_WINDOW: Duration = Duration::from_millis(59_000);

/// Records a send and reports a breach of the configured rates, measured
/// over the last second.
fn rate_breach(s: &mut Inner, method: &str, body: &Value) -> Option<String> {
    if !SENDING.contains(&method) {
        return None;
    }
    let now = Instant::now();
    while s.recent_sends.front().is_some_and(|(t, _)| now.duration_since(*t) >= RATE_WINDOW) {
        s.recent_sends.pop_front();
    }
    let chat = as_i64(&body["chat_id"]).unwrap_or(0);
    if let Some(limit) = s.overall_per_sec {
        if s.recent_sends.len() >= limit as usize {
            return Some(format!("more than {limit} messages in one second overall"));
        }
    }
    if let Some(limit) = s.per_chat_per_sec {
        if s.recent_sends.iter().filter(|(_, c)| *c == chat).count() >= limit as usize {
            return Some(format!("more than {limit} messages in one second to chat {chat}"));
        }
    }
    if chat < 0 && s.per_chat_per_sec.is_some() {
        while s.group_sends.front().is_some_and(|(t, _)| now.duration_since(*t) >= GROUP_WINDOW) {
            s.group_sends.pop_front();
        }
        if s.group_sends.iter().filter(|(_, c)| *c == chat).count() >= GROUP_PER_MINUTE {
            return Some(format!("more than {GROUP_PER_MINUTE} messages in one minute to group {chat}"));
        }
        s.group_sends.push_back((now, chat));
    }
    s.recent_sends.push_back((now, chat));
    None
}

fn answer(s: &mut Inner, method: &str, body: &Value, uploads: &[Upload]) -> (StatusCode, Value) {
    let chat = as_i64(&body["chat_id"]).unwrap_or(0);
    let new_message = |s: &mut Inner| {
        s.next_message_id += 1;
        s.last_bot_message.insert(chat, s.next_message_id);
        json!({"message_id": s.next_message_id, "date": DATE, "chat": FakeApi::chat_json(chat, None), "from": bot_user()})
    };
    match method {
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
            if let Some(call) = s.calls.get_mut(index) {
                call.body["__result"] = result;
                call.response_status = recorded_status(status, &response);
            }
        });
        return (status, Json(response)).into_response();
    }
}
