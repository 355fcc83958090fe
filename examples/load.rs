//! The load benchmark (not a test): the real `copes-bot` binary against the
//! project's fake Bot API on loopback, which enforces Telegram's rates.
//!
//!     cargo build --release && cargo run --release --example load
//!
//! Prints, for each scenario, the figures the notifications issue sets
//! targets for: broadcast rate against the configured limit, 429s,
//! duplicates and losses; digest lateness; peak resident memory.

mod common;

use std::time::{Duration, Instant};

use chrono::{Duration as ChronoDuration, Timelike, Utc};
use common::*;

async fn broadcast(n: i64, mps: u32, pcps: u32) {
    let bench = Bench::new(n, mps, pcps, far_future(), None).await;
    bench.queue_broadcast("BENCH-BROADCAST announcement").await;
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
    let (lost, twice) = bench.lost_and_duplicated("BENCH-BROADCAST", n);
    println!(
        "broadcast to {n} at {mps}/s: {:.1} msg/s in {secs:.1} s = {:.3} of the limit; 429s {}; duplicates {twice}; lost {lost}; peak RSS {:.1} MB",
        rate,
        rate / mps as f64,
        bench.too_many_requests(),
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
    // Steady state, not start-up: a fresh process waits one rate window
    // before its first send (the previous run may have just used it).
    help_latencies(&bench, 4_000_000, 10, Duration::from_millis(200)).await;
    // Idle: one question at a time.
    let idle = help_latencies(&bench, 5_000_000, 200, Duration::from_millis(60)).await;
    let (p50, p99, max) = percentiles(idle);
    println!("/help while idle: p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms (target p99 ≤ 5 ms)");
    bench.queue_broadcast("BENCH-BROADCAST announcement").await;
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
