//! The fault benchmark (not a test): the real `copes-bot` binary against
//! the project's fake Bot API on loopback while things go wrong.
//!
//!     cargo build --release && cargo run --release --example faults
//!
//! Scenarios (`faults outage|mix|kill` runs one):
//! - **outage**: Telegram unreachable (connections reset) for 90 s in the
//!   middle of a broadcast to 2,000, while a coordinator answers an enquiry;
//! - **mix**: a broadcast to 1,000 while 10 % of sends get a 429, 5 % a 5xx
//!   and 5 % a slow answer;
//! - **kill**: `kill -9` at three random moments of a broadcast to 2,000,
//!   each followed by a restart.
//!
//! For each: messages lost, messages delivered twice, and the time from the
//! recovery (or the last restart) to the last delivery.

mod common;

use std::time::{Duration, Instant};

use common::fake_api::{FaultMix, TgUser};
use common::*;

const MARK: &str = "FAULTS-BROADCAST";
const STAFF_CHAT: i64 = -1_001_234_567_890;

fn report(bench: &Bench, what: &str, n: i64, since: Instant) {
    let (lost, twice) = bench.lost_and_duplicated(MARK, n);
    let last = bench.deliveries(MARK).iter().map(|(_, t)| *t).max().unwrap_or(since);
    let c = bench.api.counters();
    println!(
        "{what}: lost {lost}, duplicated {twice}, last delivery {:.1} s after recovery; \
         the fake gave {} × 429 ({} of them for a rate breach), {} × 5xx, {} resets; violations {}",
        last.saturating_duration_since(since).as_secs_f64(),
        c.too_many,
        bench.api.rate_violations().len(),
        c.server_errors,
        c.resets,
        bench.api.violations().len(),
    );
}

async fn outage(n: i64) {
    let bench = Bench::new(n, 30, 1, far_future(), None).await;
    let mut bot = bench.start();
    bench.api.wait_for_call("the bot to poll", Duration::from_secs(30), |c| c.method == "getupdates").await;
    let asker = TgUser::new(9_000_001, "Asker");
    bench.api.text_from(&asker, "Can I bring my family to Karachi?");
    bench.api.wait_for_text(STAFF_CHAT, "Enquiry #1 — ", Duration::from_secs(30)).await;
    bench.queue_broadcast(&format!("{MARK} announcement")).await;
    bench.wait_for(MARK, (n as usize) / 3, Duration::from_secs(120)).await;

    bench.api.set_unreachable(true);
    let coordinator = TgUser::new(COORDINATOR, "Coordinator");
    bench.api.text_from(&coordinator, "/reply 1 Yes, families are welcome.");
    let at_outage = bench.deliveries(MARK).len();
    tokio::time::sleep(Duration::from_secs(90)).await;
    bench.api.set_unreachable(false);
    let recovered = Instant::now();

    bench.wait_for(MARK, n as usize, Duration::from_secs(300)).await;
    let answer = bench
        .api
        .wait_for_text(asker.id, "Answer to your enquiry #1", Duration::from_secs(120))
        .await
        .at
        .saturating_duration_since(recovered);
    let answers = bench.api.texts_to(asker.id).iter().filter(|t| t.contains("Answer to your enquiry #1")).count();
    let _ = bot.start_kill();
    println!(
        "outage of 90 s after {at_outage} of {n} deliveries: the coordinator's answer arrived {:.1} s after recovery \
         ({answers} time(s))",
        answer.as_secs_f64()
    );
    report(&bench, &format!("outage, broadcast to {n}"), n, recovered);
}

async fn mix(n: i64) {
    let bench = Bench::new(n, 30, 1, far_future(), None).await;
    bench.api.set_fault_mix(FaultMix {
        too_many: 0.10,
        server_error: 0.05,
        slow: 0.05,
        slow_for: Duration::from_secs(3),
        retry_after: 1,
        seed: 7,
    });
    bench.queue_broadcast(&format!("{MARK} announcement")).await;
    let started = Instant::now();
    let mut bot = bench.start();
    bench.wait_for(MARK, n as usize, Duration::from_secs(900)).await;
    let _ = bot.start_kill();
    let took = started.elapsed().as_secs_f64();
    println!("fault mix (10 % 429, 5 % 5xx, 5 % slow 3 s), broadcast to {n}: all delivered in {took:.1} s");
    report(&bench, "fault mix", n, started);
}

/// A small xorshift, seeded from the clock (the seed is printed).
fn random_delays(count: usize) -> (u64, Vec<Duration>) {
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    let mut x = seed;
    let delays = (0..count)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration::from_millis(3_000 + x % 12_000)
        })
        .collect();
    (seed, delays)
}

async fn kill(n: i64) {
    let bench = Bench::new(n, 30, 1, far_future(), None).await;
    bench.queue_broadcast(&format!("{MARK} announcement")).await;
    let (seed, delays) = random_delays(3);
    let mut bot = bench.start();
    let mut at_kills = Vec::new();
    for d in &delays {
        tokio::time::sleep(*d).await;
        bot.start_kill().unwrap();
        bot.wait().await.unwrap();
        at_kills.push(bench.deliveries(MARK).len());
        bot = bench.start();
    }
    let restarted = Instant::now();
    bench.wait_for(MARK, n as usize, Duration::from_secs(300)).await;
    let _ = bot.start_kill();
    println!(
        "kill -9 after {:?} (seed {seed}), with {at_kills:?} delivered at each kill",
        delays.iter().map(|d| format!("{:.1} s", d.as_secs_f64())).collect::<Vec<_>>()
    );
    report(&bench, &format!("kill -9 ×3, broadcast to {n}"), n, restarted);
}

#[tokio::main]
async fn main() {
    let only = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let _ = binary();
    if matches!(only.as_str(), "all" | "outage") {
        outage(2_000).await;
    }
    if matches!(only.as_str(), "all" | "mix") {
        mix(1_000).await;
    }
    if matches!(only.as_str(), "all" | "kill") {
        kill(2_000).await;
    }
}
