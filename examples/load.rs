//! The load benchmark (not a test): the real `copes-bot` binary against the
//! project's fake Bot API on loopback, which enforces Telegram's rates.
//!
//!     cargo build --release && cargo run --release --example load
//!
//! Prints, for each scenario, the figures the notifications issue sets
//! targets for: broadcast rate against the configured limit, 429s,
//! duplicates and losses; digest lateness; peak resident memory.

#[path = "../tests/api/support/fake_api.rs"]
#[allow(dead_code)]
mod fake_api;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::{Duration as ChronoDuration, Timelike, Utc};
use copes_bot::db::outbox::Payload;
use copes_bot::db::{Db, Profile};
use copes_bot::domain::{Administration, CourseCode, Email, PersonName, Position};
use fake_api::{FakeApi, TOKEN};

const COORDINATOR: i64 = 111_111_111;
const FIRST_ID: i64 = 1_000_000;

struct Bench {
    _dir: tempfile::TempDir,
    db_url: String,
    config_dir: PathBuf,
    api: FakeApi,
}

fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    // target/release/examples/load → target/release/copes-bot
    let bin = exe.parent().and_then(Path::parent).expect("target dir").join("copes-bot");
    assert!(bin.exists(), "build the bot first: cargo build --release ({} missing)", bin.display());
    bin
}

impl Bench {
    /// A fresh database with `n` registered participants, a course whose
    /// one session is at `session_local` (Karachi), and the given limits.
    async fn new(n: i64, mps: u32, pcps: u32, session_local: chrono::NaiveDateTime, digest: Option<String>) -> Bench {
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

    fn start(&self) -> tokio::process::Child {
        tokio::process::Command::new(binary())
            .env_clear()
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("TELOXIDE_API_URL", self.api.url())
            .env("DATABASE_URL", &self.db_url)
            .env("CONFIG_DIR", &self.config_dir)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .unwrap()
    }

    /// Send times of the marked message per recipient.
    fn deliveries(&self, marker: &str) -> Vec<(i64, Instant)> {
        self.api
            .calls()
            .into_iter()
            .filter(|c| {
                c.method == "sendmessage" && c.response_status == 200 && c.text().is_some_and(|t| t.contains(marker))
            })
            .filter_map(|c| c.chat_id().map(|id| (id, c.at)))
            .collect()
    }

    async fn wait_for(&self, marker: &str, n: usize, limit: Duration) -> Vec<(i64, Instant)> {
        let start = Instant::now();
        loop {
            let d = self.deliveries(marker);
            if d.len() >= n || start.elapsed() > limit {
                return d;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    fn too_many_requests(&self) -> usize {
        self.api.calls().iter().filter(|c| c.response_status == 429).count()
    }
}

fn peak_rss_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn far_future() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2099, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

async fn broadcast(n: i64, mps: u32, pcps: u32) {
    let bench = Bench::new(n, mps, pcps, far_future(), None).await;
    {
        let db = Db::connect(&bench.db_url).await.unwrap();
        db.create_broadcast(COORDINATOR, None, &Payload::text("BENCH-BROADCAST announcement"), Utc::now(), Utc::now())
            .await
            .unwrap();
    }
    let mut bot = bench.start();
    let pid = bot.id().unwrap();
    let expected = Duration::from_secs_f64(n as f64 / mps as f64);
    let got = bench.wait_for("BENCH-BROADCAST", n as usize, expected * 2 + Duration::from_secs(30)).await;
    let rss = peak_rss_mb(pid);
    let _ = bot.start_kill();
    let first = got.iter().map(|(_, t)| *t).min().unwrap();
    let last = got.iter().map(|(_, t)| *t).max().unwrap();
    let secs = (last - first).as_secs_f64();
    let rate = (got.len() as f64 - 1.0) / secs;
    let mut ids: Vec<i64> = got.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    let distinct = {
        let mut d = ids.clone();
        d.dedup();
        d.len()
    };
    println!(
        "broadcast to {n} at {mps}/s: {:.1} msg/s in {secs:.1} s = {:.3} of the limit; 429s {}; duplicates {}; lost {}; peak RSS {:.1} MB",
        rate,
        rate / mps as f64,
        bench.too_many_requests(),
        ids.len() - distinct,
        n as usize - distinct,
        rss.unwrap_or(f64::NAN)
    );
}

/// The p50, p99 and max of some latencies, in milliseconds.
fn percentiles(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
    (at(0.5), at(0.99), at(1.0))
}

/// `/help` from `n` different people, one every `every`, each timed from
/// the moment the update is handed to the bot until the reply reaches the
/// fake Bot API.
async fn help_latencies(bench: &Bench, first_id: i64, n: i64, every: Duration) -> Vec<Duration> {
    let mut asked = Vec::new();
    for i in 0..n {
        let u = fake_api::TgUser::new(first_id + i, "Asker");
        asked.push((u.id, Instant::now()));
        bench.api.text_from(&u, "/help");
        tokio::time::sleep(every).await;
    }
    let give_up = Instant::now() + Duration::from_secs(60);
    let mut out = Vec::new();
    for (id, at) in asked {
        loop {
            let answered = bench
                .api
                .sent_to(id)
                .into_iter()
                .find(|c| c.text().is_some_and(|t| t.starts_with("What I can do")))
                .map(|c| c.at);
            if let Some(t) = answered {
                out.push(t.saturating_duration_since(at));
                break;
            }
            assert!(Instant::now() < give_up, "/help from {id} was never answered");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    out
}

/// How fast the bot answers someone: idle, and while it broadcasts to `n`
/// at the full rate.
async fn replies(n: i64) {
    let bench = Bench::new(n, 30, 1, far_future(), None).await;
    let mut bot = bench.start();
    bench.api.wait_for_call("the bot to poll", Duration::from_secs(30), |c| c.method == "getupdates").await;
    // Idle: one question at a time.
    let idle = help_latencies(&bench, 5_000_000, 200, Duration::from_millis(60)).await;
    let (p50, p99, max) = percentiles(idle);
    println!("/help while idle: p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms (target p99 ≤ 5 ms)");
    {
        let db = Db::connect(&bench.db_url).await.unwrap();
        db.create_broadcast(COORDINATOR, None, &Payload::text("BENCH-BROADCAST announcement"), Utc::now(), Utc::now())
            .await
            .unwrap();
    }
    bench.wait_for("BENCH-BROADCAST", 60, Duration::from_secs(30)).await;
    let busy = help_latencies(&bench, 6_000_000, 200, Duration::from_millis(150)).await;
    let during = bench.deliveries("BENCH-BROADCAST").len();
    let (p50, p99, max) = percentiles(busy);
    println!(
        "/help during a broadcast to {n} at 30/s ({during} delivered meanwhile): p50 {p50:.1} ms, p99 {p99:.1} ms, \
         max {max:.1} ms (target p99 ≤ 100 ms); 429s {}",
        bench.too_many_requests()
    );
    let _ = bot.start_kill();
}

async fn digest(n: i64) {
    // Everyone's digest at the next whole minute in Karachi, with a session today.
    let zone = chrono_tz::Asia::Karachi;
    let now = Utc::now().with_timezone(&zone);
    let due = (now + ChronoDuration::minutes(1)).with_second(0).unwrap().with_nanosecond(0).unwrap();
    let due = if (due - now).num_seconds() < 15 { due + ChronoDuration::minutes(1) } else { due };
    let session = (due + ChronoDuration::hours(2)).naive_local();
    let session =
        if session.date() != due.date_naive() { due.naive_local() + ChronoDuration::minutes(30) } else { session };
    let bench = Bench::new(n, 30, 1, session, Some(due.format("%H:%M").to_string())).await;
    let mut bot = bench.start();
    let wait = (due.with_timezone(&Utc) - Utc::now()).to_std().unwrap_or_default();
    let due_instant = Instant::now() + wait;
    let got = bench.wait_for("Your sessions today", n as usize, wait + Duration::from_secs(180)).await;
    let _ = bot.start_kill();
    let last = got.iter().map(|(_, t)| *t).max().unwrap();
    let late = last.saturating_duration_since(due_instant).as_secs_f64();
    let target = 1.05 * n as f64 / 30.0;
    println!(
        "digest for {n} trainees at {}: {} delivered, the last {late:.1} s after the digest time (target ≤ {target:.1} s); 429s {}",
        due.format("%H:%M"),
        got.len(),
        bench.too_many_requests()
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = args.first().map(String::as_str).unwrap_or("all");
    let _ = binary();
    if matches!(only, "all" | "broadcast") {
        broadcast(2_000, 30, 1).await;
    }
    if matches!(only, "all" | "replies") {
        replies(2_000).await;
    }
    if matches!(only, "all" | "overhead") {
        broadcast(5_000, 1_000, 1).await;
    }
    if matches!(only, "all" | "digest") {
        digest(2_000).await;
    }
    if matches!(only, "all" | "memory") {
        broadcast(10_000, 1_000, 1).await;
    }
}
