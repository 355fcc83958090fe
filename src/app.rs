//! Wiring: database, configuration, bot and dispatcher, and a clean stop.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use tokio::sync::{watch, Notify};

use crate::bot::{menus, schema, Ctx, State};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::db::{Db, DialogueStore};
use crate::http::{Hook, HttpState, Listeners};
use crate::inbox::{InboxListener, Intake, Source};
use crate::metrics::Metrics;
use crate::notify::link::Link;
use crate::notify::sender::Sender;
use crate::notify::{scheduler, Limiter, ReplyBacklog};
use crate::settings::{Settings, WebhookSettings};

/// Once a stop is asked for, everything gets this long to finish or give
/// its work back; then the process exits anyway (systemd and Docker allow
/// more, but an operator waiting for a restart should not). What was cut
/// short is still in the database: leases are released and pending updates
/// handled at the next start.
const STOP_DEADLINE: Duration = Duration::from_millis(4500);

pub struct App {
    bot: Bot,
    ctx: Ctx,
    stop: watch::Sender<bool>,
    link: Arc<Link>,
    /// How long a getUpdates call may be held open by the server.
    poll_timeout: Duration,
    /// How often the scheduler looks for due reminders and digests.
    tick_every: Option<Duration>,
    metrics: Arc<Metrics>,
    /// Where updates are stored as they arrive, polled or pushed.
    intake: Intake,
    /// Set: Telegram pushes updates here instead of being polled.
    webhook: Option<WebhookSettings>,
    /// `/healthz`, `/metrics` and the webhook, bound at build.
    http: Listeners,
}

impl App {
    /// Opens and migrates the database and imports the programme and FAQ.
    /// Nothing talks to Telegram yet.
    pub async fn build(settings: &Settings, config: Config, clock: SharedClock) -> anyhow::Result<App> {
        let db = Db::connect(&settings.database_url)
            .await
            .with_context(|| format!("opening the database {}", settings.database_url))?;
        let report = db.import(&config.programme, &config.faq, clock.now()).await.context("importing the programme")?;
        if !report.is_empty() {
            let n = |d: &crate::db::Diff| format!("+{} ~{} -{}", d.added.len(), d.changed.len(), d.removed.len());
            tracing::info!(
                courses = n(&report.courses),
                sessions = n(&report.sessions),
                faq = n(&report.faq),
                "imported programme.toml and faq.toml"
            );
        }
        db.prune_inbox(clock.now()).await?;
        let unreachable = db.coordinators_without_chat(&config.bot.coordinators.user_ids).await?;
        if !unreachable.is_empty() {
            // Telegram refuses a bot's first message to a person: relays and
            // reports for these coordinators would fail until they write.
            tracing::warn!(
                user_ids = ?unreachable,
                "coordinators who never pressed Start in a private chat with the bot; it cannot write to them until they do"
            );
        }
        let mut bot = Bot::new(&settings.token);
        if let Some(url) = &settings.api_url {
            bot = bot.set_api_url(url.clone());
        }
        let limiter =
            Arc::new(Limiter::new(config.bot.telegram.messages_per_second, config.bot.telegram.per_chat_per_second));
        let (stop, stopping) = watch::channel(false);
        let lang = config.bot.programme.language.clone();
        let reply_backlog = Arc::new(ReplyBacklog::new(db.queued_replies().await?));
        let metrics = Arc::new(Metrics::new());
        let intake = Intake::new(db.clone(), clock.clone(), metrics.clone());
        let http = Listeners::bind(&settings.http).await?;
        let ctx = Ctx {
            db,
            config: Arc::new(config.bot),
            config_dir: Arc::new(PathBuf::from(&settings.config_dir)),
            clock,
            limiter,
            kick_scheduler: Arc::new(Notify::new()),
            wake_sender: Arc::new(Notify::new()),
            stopping,
            reply_backlog,
            lang,
            faq: Arc::default(),
        };
        Ok(App {
            bot,
            ctx,
            stop,
            link: Arc::new(Link::new()),
            poll_timeout: Duration::from_secs(10),
            tick_every: Some(Duration::from_secs(5)),
            metrics,
            intake,
            webhook: settings.http.webhook.clone(),
            http,
        })
    }

    /// Where `/healthz` and `/metrics` are served (`HTTP_LISTEN`), as bound.
    pub fn status_addr(&self) -> Option<std::net::SocketAddr> {
        self.http.status_addr()
    }

    /// Where the webhook is served (`WEBHOOK_LISTEN`), as bound.
    pub fn webhook_addr(&self) -> Option<std::net::SocketAddr> {
        self.http.webhook_addr()
    }

    pub fn db(&self) -> &Db {
        &self.ctx.db
    }

    /// Shortens long polling (tests: a stop then never waits on a held call).
    pub fn with_poll_timeout(mut self, t: Duration) -> Self {
        self.poll_timeout = t;
        self
    }

    /// The scheduler ticks when kicked only, never on its own, not even at
    /// start: for tests, which move their clock and tick themselves.
    pub fn with_ticks_on_request_only(mut self) -> Self {
        self.tick_every = None;
        self
    }

    /// Serves updates, runs the scheduler and drains the outbox until
    /// `shutdown` completes; then stops taking updates, lets handlers and
    /// sends under way finish (or gives them back to the queue) and returns,
    /// within [`STOP_DEADLINE`].
    pub async fn run(mut self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let stop = self.stop.clone();
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop.send(true);
        });
        let stop_rx = self.stop.subscribe();
        let sender = Sender::new(
            self.ctx.db.clone(),
            self.bot.clone(),
            self.ctx.limiter.clone(),
            self.link.clone(),
            self.ctx.clock.clone(),
            &self.ctx.config,
            self.ctx.wake_sender.clone(),
            self.ctx.reply_backlog.clone(),
        )
        .with_metrics(self.metrics.clone());
        let sender = tokio::spawn(sender.run(stop_rx.clone()));
        let scheduler = tokio::spawn(scheduler::run(
            self.ctx.db.clone(),
            self.ctx.config.clone(),
            self.ctx.clock.clone(),
            self.tick_every,
            self.ctx.kick_scheduler.clone(),
            self.ctx.wake_sender.clone(),
            stop_rx.clone(),
            self.metrics.clone(),
        ));
        let http = std::mem::replace(&mut self.http, Listeners::none());
        let servers = http.serve(
            HttpState {
                db: self.ctx.db.clone(),
                clock: self.ctx.clock.clone(),
                metrics: self.metrics.clone(),
                intake: self.intake.clone(),
                webhook: self
                    .webhook
                    .as_ref()
                    .map(|w| Hook { path: w.url.path().to_owned(), secret: w.secret.as_str().into() }),
                stopping: stop_rx.clone(),
            },
            stop_rx.clone(),
        );
        let (scheduler_abort, sender_abort) = (scheduler.abort_handle(), sender.abort_handle());
        let server_aborts: Vec<_> = servers.iter().map(|s| s.abort_handle()).collect();
        let everything = async {
            self.serve(stop_rx.clone()).await;
            let _ = scheduler.await;
            let _ = sender.await;
            for s in servers {
                let _ = s.await;
            }
        };
        tokio::pin!(everything);
        let mut stopping = self.stop.subscribe();
        tokio::select! {
            _ = &mut everything => {}
            _ = crate::stop::requested(&mut stopping) => {
                if tokio::time::timeout(STOP_DEADLINE, everything).await.is_err() {
                    tracing::warn!("stopping with work in hand; it is taken up again at the next start");
                    // Nothing of this run may go on sending beside the next.
                    scheduler_abort.abort();
                    sender_abort.abort();
                    server_aborts.iter().for_each(|s| s.abort());
                }
            }
        }
        tracing::info!("stopped");
        Ok(())
    }

    /// Telegram being unreachable is logged and retried with back-off.
    async fn serve(&self, mut stop_rx: watch::Receiver<bool>) {
        let mut backoff = Duration::from_millis(500);
        loop {
            if *stop_rx.borrow() {
                return;
            }
            match self.bot.get_me().await {
                Ok(me) => {
                    self.metrics.telegram_ok.beat();
                    tracing::info!(username = ?me.username, "connected to Telegram");
                    self.publish_commands().await;
                    if self.dispatch(stop_rx.clone()).await {
                        return;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, retry_in = ?backoff, "Telegram is unreachable")
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(backoff) => {}
                _ = stop_rx.changed() => return,
            }
            backoff = (backoff * 2).min(Duration::from_secs(60));
        }
    }

    /// Runs the dispatcher, fed from the inbox, until told to stop (true)
    /// or until it could not start because Telegram went away again (false).
    async fn dispatch(&self, stop_rx: watch::Receiver<bool>) -> bool {
        let store = DialogueStore::<State>::new(self.ctx.db.clone(), self.ctx.clock.clone());
        let mut dispatcher = Dispatcher::builder(self.bot.clone(), schema())
            .dependencies(dptree::deps![self.ctx.clone(), store])
            .default_handler(|_| async {})
            .error_handler(LoggingErrorHandler::with_custom_text("a handler failed"))
            .build();
        let source = match &self.webhook {
            Some(w) => Source::Webhook { url: w.url.clone(), secret: w.secret.clone() },
            None => Source::Polling { timeout: self.poll_timeout },
        };
        let listener = InboxListener::new(self.bot.clone(), self.intake.clone(), source, stop_rx);
        let result = dispatcher
            .try_dispatch_with_listener(listener, LoggingErrorHandler::with_custom_text("reading the inbox failed"))
            .await;
        match result {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "could not start taking updates");
                false
            }
        }
    }

    /// The command menus, per language and per place (`bot::menus`). A
    /// failure here (a coordinator who never opened the bot) is logged, not
    /// fatal.
    async fn publish_commands(&self) {
        menus::publish(&self.bot, &self.ctx).await;
    }
}

/// What `copes-bot check` prints for a valid configuration.
pub fn check_summary(config: &Config) -> String {
    let mut out = format!(
        "Configuration OK: {}\n{} course(s), {} session(s), {} FAQ entries, {} coordinator(s){}\n",
        config.bot.programme.name,
        config.programme.courses.len(),
        config.programme.courses.iter().map(|c| c.sessions.len()).sum::<usize>(),
        config.faq.entries.len(),
        config.bot.coordinators.user_ids.len(),
        match config.bot.coordinators.staff_chat_id {
            Some(id) => format!(", staff chat {id}"),
            None => ", no staff chat".to_owned(),
        }
    );
    for c in &config.programme.courses {
        let first = c.sessions.first().map(|s| s.starts_local.date().to_string()).unwrap_or_else(|| "-".into());
        let last = c.sessions.last().map(|s| s.starts_local.date().to_string()).unwrap_or_else(|| "-".into());
        out.push_str(&format!(
            "  {}: {} session(s), {first} to {last} ({}), capacity {}, enrolment {}\n",
            c.code,
            c.sessions.len(),
            c.zone,
            c.capacity,
            c.enrolment.as_str()
        ));
        // The lessons-learned rules, so a typo'd share or a missing
        // evaluation shows before the course starts rather than after.
        let a = &c.attendance;
        out.push_str(&format!(
            "    attendance by {}, until {} min after the start; certificate {}; feedback {} min after each session; \
             evaluation: {} question(s)\n",
            if a.require_code { "room code only" } else { "button or room code" },
            a.window_minutes,
            a.certificate_min_attendance.map_or("none".to_owned(), |m| format!("at {:.0} % attendance", m * 100.0)),
            c.feedback.delay_minutes,
            c.evaluation.len(),
        ));
    }
    let bare = config.faq.without_examples();
    if !bare.is_empty() {
        let ids: Vec<&str> = bare.iter().map(|id| id.as_str()).collect();
        out.push_str(&format!(
            "  note: {} FAQ entr{} without examples (questions as people ask them): {}\n",
            bare.len(),
            if bare.len() == 1 { "y" } else { "ies" },
            ids.join(", ")
        ));
    }
    out
}

/// Completes on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    tracing::info!("stopping: no new updates; finishing what is in hand");
}
