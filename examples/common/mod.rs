//! What the benchmarks share: the release binary, a seeded database and
//! configuration, the project's fake Bot API (which enforces Telegram's
//! limits and injects faults), and the figures read off it.

#![allow(dead_code)] // each benchmark uses its own part of it

#[path = "../../tests/api/support/fake_api.rs"]
#[allow(dead_code)]
pub mod fake_api;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::Utc;
use copes_bot::db::{Db, Profile};
use copes_bot::domain::{Administration, CourseCode, Email, PersonName, Position};
use fake_api::{FakeApi, TOKEN};

pub const COORDINATOR: i64 = 111_111_111;
pub const FIRST_ID: i64 = 1_000_000;

pub struct Bench {
    _dir: tempfile::TempDir,
    pub db_url: String,
    pub config_dir: PathBuf,
    pub api: FakeApi,
}

pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    // target/release/examples/load → target/release/copes-bot
    let bin = exe.parent().and_then(Path::parent).expect("target dir").join("copes-bot");
    assert!(bin.exists(), "build the bot first: cargo build --release ({} missing)", bin.display());
    bin
}

impl Bench {
    /// A fresh database with `n` registered participants, a course whose
    /// one session is at `session_local` (Karachi), and the given limits.
    pub async fn new(
        n: i64,
        mps: u32,
        pcps: u32,
        session_local: chrono::NaiveDateTime,
        digest: Option<String>,
    ) -> Bench {
        let dir = tempfile::tempdir().unwrap();
        let config_dir = dir.path().join("config");
        std::fs::create_dir(&config_dir).unwrap();
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
        let bot = std::fs::read_to_string(shipped.join("bot.toml"))
            .unwrap()
            .replace("messages_per_second = 30", &format!("messages_per_second = {mps}"))
            .replace("per_chat_per_second = 1", &format!("per_chat_per_second = {pcps}"))
            .replace("quiet_hours = \"22:00-07:00\"", "");
        std::fs::write(config_dir.join("bot.toml"), bot).unwrap();
        std::fs::write(config_dir.join("faq.toml"), "").unwrap();
        std::fs::write(
            config_dir.join("programme.toml"),
            format!(
                "[[course]]\ncode = \"BENCH\"\ntitle = \"Benchmark\"\nlocation = \"Loopback\"\ncapacity = 1000000\n\n\
                 [[course.session]]\nid = \"s1\"\nstarts = {}\nminutes = 60\ntitle = \"Benchmark session\"\n",
                session_local.format("%Y-%m-%dT%H:%M:00")
            ),
        )
        .unwrap();
        let db_url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let db = Db::connect(&db_url).await.unwrap();
        let config = copes_bot::config::Config::load(&config_dir).unwrap();
        db.import(&config.programme, &config.faq, Utc::now()).await.unwrap();
        let profile = Profile {
            full_name: PersonName::parse("Bench Participant").unwrap(),
            administration: Administration::parse("Pakistan Customs").unwrap(),
            position: Position::parse("Assistant Collector").unwrap(),
            email: Email::parse("bench@fbr.gov.pk").unwrap(),
        };
        let code = CourseCode::parse("BENCH").unwrap();
        // One transaction for the seeding: it is set-up, not what is measured.
        let mut tx = db.pool().begin().await.unwrap();
        for i in 0..n {
            let id = FIRST_ID + i;
            sqlx::query(
                "INSERT INTO people (user_id, full_name, administration, position, email, digest_time, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?, '2021-01-01T00:00:00.000Z', '2021-01-01T00:00:00.000Z')",
            )
            .bind(id)
            .bind(profile.full_name.as_str())
            .bind(profile.administration.as_str())
            .bind(profile.position.as_str())
            .bind(profile.email.as_str())
            .bind(&digest)
            .execute(&mut *tx)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO registrations (user_id, course_code, status, created_at, registered_at, updated_at) \
                 VALUES (?, ?, 'registered', '2021-01-01T00:00:00.000Z', '2021-01-01T00:00:00.000Z', '2021-01-01T00:00:00.000Z')",
            )
            .bind(id)
            .bind(code.as_str())
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        let api = FakeApi::start().await;
        api.set_rate_limits(Some(mps), Some(pcps));
        Bench { _dir: dir, db_url, config_dir, api }
    }

    pub fn start(&self) -> tokio::process::Child {
        tokio::process::Command::new(binary())
            .env_clear()
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("TELOXIDE_API_URL", self.api.url())
            .env("DATABASE_URL", &self.db_url)
            .env("CONFIG_DIR", &self.config_dir)
            .env("RUST_LOG", std::env::var("BENCH_LOG").unwrap_or_else(|_| "warn".into()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .unwrap()
    }

    /// Send times of the marked message per recipient.
    pub fn deliveries(&self, marker: &str) -> Vec<(i64, Instant)> {
        self.api
            .calls()
            .into_iter()
            .filter(|c| {
                c.method == "sendmessage" && c.response_status == 200 && c.text().is_some_and(|t| t.contains(marker))
            })
            .filter_map(|c| c.chat_id().map(|id| (id, c.at)))
            .collect()
    }

    pub async fn wait_for(&self, marker: &str, n: usize, limit: Duration) -> Vec<(i64, Instant)> {
        let start = Instant::now();
        loop {
            let d = self.deliveries(marker);
            if d.len() >= n || start.elapsed() > limit {
                return d;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub fn too_many_requests(&self) -> usize {
        self.api.calls().iter().filter(|c| c.response_status == 429).count()
    }
}

impl Bench {
    /// Of the participants `FIRST_ID..FIRST_ID + n`: how many never got the
    /// marked message, and how many got it more than once.
    pub fn lost_and_duplicated(&self, marker: &str, n: i64) -> (usize, usize) {
        let mut times = std::collections::HashMap::<i64, usize>::new();
        for (id, _) in self.deliveries(marker) {
            *times.entry(id).or_default() += 1;
        }
        let lost = (FIRST_ID..FIRST_ID + n).filter(|id| !times.contains_key(id)).count();
        let twice = times.values().filter(|k| **k > 1).count();
        (lost, twice)
    }

    /// Queues a broadcast to everyone, due now, straight in the database.
    pub async fn queue_broadcast(&self, text: &str) {
        let db = Db::connect(&self.db_url).await.unwrap();
        let payload = copes_bot::db::outbox::Payload::text(text);
        db.create_broadcast(COORDINATOR, None, &payload, &Default::default(), Utc::now(), Utc::now()).await.unwrap();
    }
}

pub fn peak_rss_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn far_future() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2099, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap()
}
