//! The real `copes-bot` binary, as an operator runs it: a command with a
//! cleared environment, and a configuration placed relative to the moment
//! the test runs, so no binary-level test depends on the time of day.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use copes_bot::config::Config;
use tokio::process::Command;

/// The shipped `config/` folder: only for tests whose point is the shipped
/// files (and that never rely on the time); the rest use [`binary_config`].
pub fn shipped_config_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("config")
}

/// `copes-bot` with no inherited settings (no stray `.env` variables, no
/// `RUST_LOG`): each test says what it sets. Only `PATH` and the clock
/// variables of a libfaketime run ([`pass_clock_env`]) come through.
/// stdin is closed, stdout and stderr are piped, and the process is killed
/// when the handle is dropped.
pub fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_copes-bot"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    pass_clock_env(&mut cmd);
    cmd
}

/// The bot as it runs in service, against the fake Bot API at `api_url`,
/// on the database `database_url`, reading `config_dir`: what every test
/// that starts the binary sets, before what it sets of its own.
pub fn bot_process(api_url: &str, database_url: &str, config_dir: &Path) -> Command {
    let mut cmd = binary();
    cmd.env("TELOXIDE_TOKEN", super::fake_api::TOKEN)
        .env("TELOXIDE_API_URL", api_url)
        .env("DATABASE_URL", database_url)
        .env("CONFIG_DIR", config_dir);
    cmd
}

/// Whether a variable belongs to libfaketime (`LD_PRELOAD`, `FAKETIME`,
/// `FAKETIME_*`, `DONT_FAKE_MONOTONIC`).
pub fn is_clock_var(name: &OsStr) -> bool {
    name.to_str().is_some_and(|n| {
        n == "LD_PRELOAD" || n == "FAKETIME" || n.starts_with("FAKETIME_") || n == "DONT_FAKE_MONOTONIC"
    })
}

/// Passes the libfaketime variables of this process on to `cmd`, so a run
/// under faketime (see `.ci/run`) shifts the spawned bot's clock too.
///
/// An absolute start (`FAKETIME=@2026-11-29 18:00:00`, as the `faketime`
/// wrapper sets it) starts each process's clock anew at that instant, so
/// the bot would run minutes behind a test already under way: it is handed
/// the test's own time now instead, from where both clocks run on together.
pub fn pass_clock_env(cmd: &mut Command) -> &mut Command {
    for (name, value) in std::env::vars_os().filter(|(name, _)| is_clock_var(name)) {
        if name == "FAKETIME" && value.to_str().is_some_and(|v| v.starts_with('@')) {
            cmd.env(name, chrono::Local::now().format("@%Y-%m-%d %H:%M:%S").to_string());
        } else {
            cmd.env(name, value);
        }
    }
    cmd
}

/// Writes `dir/config` (bot.toml, programme.toml, faq.toml) for the binary,
/// placed relative to `now` in the programme's zone, and returns its path:
/// - quiet hours from now + 6 h to now + 8 h, so now is never inside them;
/// - the daily digest at now + 12 h;
/// - the shipped courses and sessions shifted by whole days so that the
///   first session is three days from today, so every session is in the
///   future and today has none (no digest, no reminder is due).
///
/// Everything else is as shipped (coordinator, staff chat, rates, FAQ).
pub fn binary_config(dir: &Path, now: DateTime<Utc>) -> PathBuf {
    let shipped = shipped_config_dir();
    let zone = Config::load(&shipped).expect("the shipped configuration").bot.programme.timezone.tz();
    let local = now.with_timezone(&zone);
    let config = dir.join("config");
    std::fs::create_dir_all(&config).unwrap();

    let read = |name: &str| std::fs::read_to_string(shipped.join(name)).unwrap();
    let hm = |d: Duration| (local + d).format("%H:%M").to_string();
    let bot = set_line(&read("bot.toml"), "daily_digest", &format!("{:?}", hm(Duration::hours(12))));
    let bot = set_line(&bot, "quiet_hours", &format!("\"{}-{}\"", hm(Duration::hours(6)), hm(Duration::hours(8))));
    std::fs::write(config.join("bot.toml"), bot).unwrap();

    let programme = read("programme.toml");
    let first = programme.lines().filter_map(session_date).min().expect("the shipped programme has sessions");
    let shift = local.date_naive() + Duration::days(3) - first;
    let shifted: Vec<String> = programme
        .lines()
        .map(|line| match session_date(line) {
            Some(date) => line.replacen(&date.to_string(), &(date + shift).to_string(), 1),
            None => line.to_owned(),
        })
        .collect();
    std::fs::write(config.join("programme.toml"), shifted.join("\n") + "\n").unwrap();
    std::fs::copy(shipped.join("faq.toml"), config.join("faq.toml")).unwrap();

    if let Err(e) = Config::load(&config) {
        panic!("binary_config wrote a configuration the bot refuses: {e}");
    }
    config
}

/// The time stamps that open the lines of the bot's log (tracing's default
/// format, with or without colours): the bot's own idea of the time, e.g.
/// to check that a faketime run shifted its clock as it shifted the test's.
pub fn log_times(log: &str) -> Vec<DateTime<Utc>> {
    log.lines()
        .filter_map(|line| {
            let plain = strip_ansi(line);
            let first = plain.split_whitespace().next()?.to_owned();
            DateTime::parse_from_rfc3339(&first).ok().map(|t| t.to_utc())
        })
        .collect()
}

fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ … final byte in @..~
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) && c != '[' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The date of a `starts = YYYY-MM-DDTHH:MM:SS` line.
fn session_date(line: &str) -> Option<NaiveDate> {
    let value = line.trim_start().strip_prefix("starts")?.trim_start().strip_prefix('=')?.trim_start();
    NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()
}

/// Sets `key = value` on the line that sets `key` (which must exist).
fn set_line(toml: &str, key: &str, value: &str) -> String {
    let is_key = |l: &str| l.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='));
    assert!(toml.lines().any(is_key), "the shipped bot.toml no longer sets {key}; update binary_config");
    let lines: Vec<String> =
        toml.lines().map(|l| if is_key(l) { format!("{key} = {value}") } else { l.to_owned() }).collect();
    lines.join("\n") + "\n"
}
