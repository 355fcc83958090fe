//! `spawn_app()`: the real application — database, dispatcher, handlers —
//! against the fake Bot API, with a fresh database and a copy of the shipped
//! configuration in a temporary folder, on a clock the test controls.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use copes_bot::app::App;
use copes_bot::clock::{Clock, ManualClock};
use copes_bot::config::Config;
use copes_bot::db::Db;
use copes_bot::settings::{HttpSettings, Settings, WebhookSettings};
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::fake_api::{FakeApi, TgUser, TOKEN};

/// Generous: a deadline is how long a failing test waits, not how long a
/// passing one takes.
pub const DEADLINE: Duration = Duration::from_secs(15);

/// The coordinator listed in the shipped bot.toml.
pub const COORDINATOR_ID: i64 = 111_111_111;
pub const STAFF_CHAT_ID: i64 = -1_001_234_567_890;

pub fn coordinator() -> TgUser {
    TgUser::new(COORDINATOR_ID, "Coordinator")
}

/// 9 February 2021, 08:00 in Karachi: the pilot's first morning.
pub fn pilot_morning() -> DateTime<Utc> {
    chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 9, 8, 0, 0).unwrap().with_timezone(&Utc)
}

pub struct TestApp {
    pub api: FakeApi,
    pub clock: ManualClock,
    pub db: Db,
    pub config_dir: PathBuf,
    database_url: String,
    /// `HTTP_LISTEN` and the webhook, as set by the builder (port 0).
    http: HttpSettings,
    /// Where the running app serves `/healthz` and `/metrics`, if it does.
    pub status_addr: Option<std::net::SocketAddr>,
    /// Where the running app takes webhook calls, if it does.
    pub webhook_addr: Option<std::net::SocketAddr>,
    /// The running app's own database handle (closing it is the database
    /// going away under the app).
    pub app_db: Option<Db>,
    _dir: Arc<tempfile::TempDir>,
    running: Option<(oneshot::Sender<()>, JoinHandle<anyhow::Result<()>>)>,
}

pub struct Builder {
    programme: Option<String>,
    faq: Option<String>,
    bot: Option<String>,
    now: DateTime<Utc>,
    telegram_down: bool,
    limits: (u32, u32),
    http: HttpSettings,
}

/// The public URL the test webhook is registered under (a TLS proxy in
/// front of the bot would forward it to `WEBHOOK_LISTEN`).
pub const WEBHOOK_URL: &str = "https://bot.example.org/telegram/hook";
pub const WEBHOOK_PATH: &str = "/telegram/hook";

pub fn spawn_app() -> Builder {
    Builder {
        programme: None,
        faq: None,
        bot: None,
        now: pilot_morning(),
        telegram_down: false,
        limits: (1000, 50),
        http: HttpSettings::default(),
    }
}

impl Builder {
    pub fn programme(mut self, toml: &str) -> Self {
        self.programme = Some(toml.to_owned());
        self
    }

    pub fn faq(mut self, toml: &str) -> Self {
        self.faq = Some(toml.to_owned());
        self
    }

    pub fn bot_toml(mut self, toml: &str) -> Self {
        self.bot = Some(toml.to_owned());
        self
    }

    /// The send budget (overall, per chat). Tests default to a generous one
    /// so a conversation need not wait a second between replies; the fake
    /// enforces whatever is configured and fails the test on a breach.
    pub fn telegram_limits(mut self, overall: u32, per_chat: u32) -> Self {
        self.limits = (overall, per_chat);
        self
    }

    /// Telegram answers nothing but 502 until `api.set_down(false)`.
    pub fn telegram_down(mut self) -> Self {
        self.telegram_down = true;
        self
    }

    /// `HTTP_LISTEN` on a free local port: `/healthz` and `/metrics`.
    pub fn status_server(mut self) -> Self {
        self.http.listen = Some("127.0.0.1:0".parse().unwrap());
        self
    }

    /// Webhook mode with this secret, on a free local port.
    pub fn webhook(mut self, secret: &str) -> Self {
        self.http.webhook = Some(WebhookSettings {
            url: WEBHOOK_URL.parse().unwrap(),
            listen: "127.0.0.1:0".parse().unwrap(),
            secret: secret.to_owned(),
        });
        self
    }

    pub fn at(mut self, now: DateTime<Utc>) -> Self {
        self.now = now;
        self
    }

    pub async fn start(self) -> TestApp {
        // RUST_LOG=copes_bot=debug cargo test … shows the app's log.
        if std::env::var_os("RUST_LOG").is_some() {
            let _ = tracing_subscriber::fmt()
                .with_test_writer()
                .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
                .try_init();
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let config_dir = dir.path().join("config");
        copy_shipped_config(&config_dir);
        for (name, text) in [("programme.toml", &self.programme), ("faq.toml", &self.faq), ("bot.toml", &self.bot)] {
            if let Some(text) = text {
                std::fs::write(config_dir.join(name), text).unwrap();
            }
        }
        let bot_toml = std::fs::read_to_string(config_dir.join("bot.toml")).unwrap();
        let bot_toml = replace_setting(&bot_toml, "messages_per_second", self.limits.0);
        std::fs::write(config_dir.join("bot.toml"), replace_setting(&bot_toml, "per_chat_per_second", self.limits.1))
            .unwrap();
        let database_url = format!("sqlite://{}", dir.path().join("data/test.db").display());
        let api = FakeApi::start().await;
        api.set_rate_limits(Some(self.limits.0), Some(self.limits.1));
        let clock = ManualClock::new(self.now);
        let db = Db::connect(&database_url).await.expect("test database");
        let mut app = TestApp {
            api,
            clock,
            db,
            config_dir,
            database_url,
            http: self.http,
            status_addr: None,
            webhook_addr: None,
            app_db: None,
            _dir: Arc::new(dir),
            running: None,
        };
        if self.telegram_down {
            app.api.set_down(true);
            app.launch().await;
            app.tick().await;
        } else {
            app.start_again().await;
        }
        app
    }
}

/// Sets `key = value` in a TOML text, wherever the line is.
fn replace_setting(toml: &str, key: &str, value: u32) -> String {
    toml.lines()
        .map(
            |l| if l.trim_start().starts_with(&format!("{key} =")) { format!("{key} = {value}") } else { l.to_owned() },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

fn copy_shipped_config(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    for name in ["bot.toml", "programme.toml", "faq.toml"] {
        std::fs::copy(shipped.join(name), to.join(name)).unwrap();
    }
}

impl TestApp {
    /// A staff-group reply to a message the bot sent about an enquiry. A
    /// coordinator can only reply to what they have seen, and the bot links
    /// the message to its enquiry just after Telegram confirms it; replying
    /// inside that gap is a race no person can win, so wait it out.
    pub async fn staff_reply(&self, from: &TgUser, text: &str, to: &super::fake_api::Call) -> i64 {
        self.reply_linked(super::STAFF_CHAT_ID, from, json!({ "text": text }), to).await
    }

    /// Replies to one of the bot's enquiry messages once the bot has linked
    /// it to its enquiry. Telegram shows the message a moment before the
    /// sender records its id, and a person is never that fast; a test is.
    pub async fn reply_linked(&self, chat_id: i64, from: &TgUser, content: Value, to: &super::fake_api::Call) -> i64 {
        let id = to.message_id().expect("a message Telegram accepted");
        let give_up = std::time::Instant::now() + super::DEADLINE;
        while self.db.linked_enquiry(chat_id, id).await.unwrap().is_none() {
            assert!(std::time::Instant::now() < give_up, "message {id} in {chat_id} was never linked to its enquiry");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.api.reply_from(chat_id, from, content, id)
    }

    pub fn settings(&self) -> Settings {
        Settings {
            token: TOKEN.to_owned(),
            api_url: Some(self.api.url().parse().unwrap()),
            database_url: self.database_url.clone(),
            config_dir: self.config_dir.clone(),
            http: self.http.clone(),
        }
    }

    /// Starts the application (again) on the same database and fake API,
    /// and waits until it is taking updates.
    pub async fn start_again(&mut self) {
        let from = self.api.next_seq();
        self.launch().await;
        if self.http.webhook.is_some() {
            self.api
                .wait_for_call("the bot to register its webhook", DEADLINE, |c| {
                    c.method == "setwebhook" && c.seq >= from && c.response_status == 200
                })
                .await;
        } else {
            self.api.wait_for_call("the bot to start polling", DEADLINE, |c| c.method == "getupdates").await;
        }
        // The tick the real loop makes at start, done here before the test
        // goes on, so what the test seeds next never races it.
        self.tick().await;
    }

    async fn launch(&mut self) {
        assert!(self.running.is_none(), "already running");
        let config = Config::load(&self.config_dir).expect("test configuration");
        // The app's own scheduler loop ticks when kicked only; tests drive
        // the rest with `tick()` on their clock.
        let app = App::build(&self.settings(), config, Arc::new(self.clock.clone()))
            .await
            .expect("app builds")
            .with_ticks_on_request_only();
        self.status_addr = app.status_addr();
        self.webhook_addr = app.webhook_addr();
        self.app_db = Some(app.db().clone());
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(app.run(async move {
            let _ = rx.await;
        }));
        self.running = Some((tx, handle));
    }

    /// A graceful stop, as on SIGTERM; fails the test if it is not prompt.
    pub async fn stop(&mut self) {
        let (tx, handle) = self.running.take().expect("not running");
        let _ = tx.send(());
        tokio::time::timeout(DEADLINE, handle)
            .await
            .expect("the app stops promptly")
            .expect("app task")
            .expect("app exits cleanly");
    }

    pub async fn restart(&mut self) {
        self.stop().await;
        self.start_again().await;
    }

    /// One scheduler step at the test clock's time, as the app's loop does.
    pub async fn tick(&self) -> copes_bot::notify::scheduler::Tick {
        let config = Config::load(&self.config_dir).expect("test configuration");
        copes_bot::notify::scheduler::tick(&self.db, &config.bot, self.clock.now()).await.expect("tick")
    }

    /// Sends a private text and returns the bot's first reply to it.
    pub async fn say(&self, user: &TgUser, text: &str) -> String {
        let before = self.api.texts_to(user.id).len();
        self.api.text_from(user, text);
        let texts = self.api.wait_for_texts(user.id, before + 1, DEADLINE).await;
        texts[before].clone()
    }

    /// Sends a private text and waits until the reply containing `needle`.
    pub async fn say_until(&self, user: &TgUser, text: &str, needle: &str) -> String {
        let before = self.api.next_seq();
        self.api.text_from(user, text);
        self.wait_text_after(user.id, before, needle).await
    }

    /// Taps a button and waits for a message containing `needle`.
    pub async fn tap_until(&self, user: &TgUser, data: &str, needle: &str) -> String {
        let before = self.api.next_seq();
        self.api.callback_from(user, data, None);
        self.wait_text_after(user.id, before, needle).await
    }

    async fn wait_text_after(&self, chat_id: i64, before: u64, needle: &str) -> String {
        let call = self
            .api
            .wait_for_call(&format!("a message to {chat_id} containing {needle:?}"), DEADLINE, |c| {
                c.seq >= before && c.chat_id() == Some(chat_id) && c.text().is_some_and(|t| t.contains(needle))
            })
            .await;
        call.text().unwrap().to_owned()
    }

    /// Waits until every update pushed so far has been handled (confirmed
    /// by the bot's next getUpdates), for asserting that nothing was sent.
    pub async fn settle(&self) {
        self.api.wait_until_idle(DEADLINE).await;
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let breaches = self.api.violations();
            assert!(breaches.is_empty(), "the bot broke Telegram's limits: {breaches:#?}");
        }
        if let Some((tx, handle)) = self.running.take() {
            let _ = tx.send(());
            handle.abort();
        }
    }
}
