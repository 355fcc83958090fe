//! Running it as a service (issue 12): /whoami, coordinators who never
//! pressed Start, an unconfigured group in the log, backups, and the
//! deployment files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::TimeZone;
use copes_bot::db::Db;

use crate::support::fake_api::TOKEN;
use crate::support::*;

const UNCONFIGURED_GROUP: i64 = -1_009_876_543_210;

fn shipped_bot_toml() -> String {
    std::fs::read_to_string(shipped_config_dir().join("bot.toml")).unwrap()
}

fn karachi_at(day: u32, h: u32, m: u32) -> chrono::DateTime<chrono::Utc> {
    chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, day, h, m, 0).unwrap().to_utc()
}

// ------------------------------------------------------------------ /whoami

#[tokio::test]
async fn whoami_in_private_tells_a_participant_their_id_and_how_coordinators_are_made() {
    let app = spawn_app().start().await;
    let mut ayesha = user(4242, "Ayesha");
    ayesha.username = Some("ayesha_k".into());
    let reply = app.say(&ayesha, "/whoami").await;
    assert!(reply.contains(&t!(&en(), "whoami-you", user_id = "4242", username = "ayesha_k")), "{reply}");
    assert!(reply.contains(&t!(&en(), "whoami-private-chat", chat_id = "4242")), "{reply}");
    assert!(reply.contains(&t!(&en(), "whoami-not-coordinator", user_id = "4242")), "{reply}");
    assert!(reply.contains("user_ids"), "the hint names the key: {reply}");
}

#[tokio::test]
async fn whoami_in_private_tells_a_coordinator_they_are_one() {
    let app = spawn_app().start().await;
    let reply = app.say(&coordinator(), "/whoami").await;
    assert!(reply.contains(&COORDINATOR_ID.to_string()), "{reply}");
    assert!(reply.contains(&t!(&en(), "whoami-coordinator")), "{reply}");
}

#[tokio::test]
async fn a_coordinator_finds_an_unconfigured_groups_id_with_whoami_and_strangers_there_get_nothing() {
    let app = spawn_app().start().await;
    let stranger = user(4243, "Stranger");
    app.api.group_text_from(UNCONFIGURED_GROUP, &stranger, "/whoami", None);
    app.api.group_text_from(UNCONFIGURED_GROUP, &stranger, "hello bot", None);
    app.api.group_text_from(UNCONFIGURED_GROUP, &coordinator(), "good morning", None);
    app.settle().await;
    assert!(app.api.sent_to(UNCONFIGURED_GROUP).is_empty(), "the bot spoke in a group it does not know");

    app.api.group_text_from(UNCONFIGURED_GROUP, &coordinator(), "/whoami", None);
    let reply = app.api.wait_for_text(UNCONFIGURED_GROUP, "chat id", DEADLINE).await;
    let text = reply.text().unwrap();
    let id = UNCONFIGURED_GROUP.to_string();
    assert!(text.contains(&t!(&en(), "whoami-group-chat", chat_id = id.as_str())), "{text}");
    assert!(text.contains(&format!("staff_chat_id = {id}")), "{text}");
}

#[tokio::test]
async fn in_the_staff_group_whoami_confirms_it_to_coordinators_and_ignores_anyone_else() {
    let app = spawn_app().start().await;
    app.api.group_text_from(STAFF_CHAT_ID, &user(4244, "Stranger"), "/whoami", None);
    app.settle().await;
    assert!(app.api.sent_to(STAFF_CHAT_ID).is_empty(), "a stranger's /whoami was answered");
    app.api.group_text_from(STAFF_CHAT_ID, &coordinator(), "/whoami", None);
    let reply = app.api.wait_for_text(STAFF_CHAT_ID, &t!(&en(), "whoami-staff-group"), DEADLINE).await;
    assert!(reply.text().unwrap().contains(&STAFF_CHAT_ID.to_string()));
}

// ------------------------------------------ coordinators who never pressed Start

#[tokio::test]
async fn stats_names_the_coordinators_who_never_pressed_start_until_they_do() {
    let bot = shipped_bot_toml().replace("user_ids = [111111111]", "user_ids = [111111111, 222222222]");
    let app = spawn_app().bot_toml(&bot).start().await;
    let stats = app.say_until(&coordinator(), "/stats", "Start").await;
    let line = stats.lines().find(|l| l.contains("never pressed Start")).expect("the line").to_owned();
    assert!(line.contains("222222222") && !line.contains("111111111"), "{line}");

    let second = TgUser::new(222_222_222, "Second");
    app.say(&second, "/help").await;
    let stats = app.say_until(&second, "/stats", "All courses").await;
    assert!(!stats.contains("never pressed Start"), "{stats}");
}

// ------------------------------------------------- the binary: log lines

#[tokio::test]
async fn the_log_names_coordinators_who_never_pressed_start_and_an_unconfigured_group_once() {
    let api = FakeApi::start().await;
    api.set_rate_limits(Some(30), Some(1));
    let dir = tempfile::tempdir().unwrap();
    let config = binary_config(dir.path(), chrono::Utc::now());
    let log_path = dir.path().join("bot.log");
    let mut child = bot_process(&api.url(), &format!("sqlite://{}", dir.path().join("bot.db").display()), &config)
        .stderr(std::fs::File::create(&log_path).unwrap())
        .env("RUST_LOG", "info")
        .spawn()
        .unwrap();
    api.wait_for_call("the binary to poll", DEADLINE, |c| c.method == "getupdates").await;
    let stranger = TgUser::new(5002, "Stranger");
    for text in ["hello", "anyone here?", "/help"] {
        api.group_text_from(UNCONFIGURED_GROUP, &stranger, text, None);
        // The staff group's own chatter is no stranger's.
        api.group_text_from(STAFF_CHAT_ID, &stranger, text, None);
    }
    // Handled in order: once this is answered, the group's messages were seen.
    api.text_from(&stranger, "/help");
    api.wait_for_text(stranger.id, "What I can do", DEADLINE).await;
    let pid = child.id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = tokio::time::timeout(std::time::Duration::from_secs(5), child.wait()).await.unwrap().unwrap();
    assert_eq!(status.code(), Some(0));

    let log = std::fs::read_to_string(&log_path).unwrap();
    let group_lines: Vec<&str> = log.lines().filter(|l| l.contains(&UNCONFIGURED_GROUP.to_string())).collect();
    assert_eq!(group_lines.len(), 1, "{log}");
    assert!(group_lines[0].contains("WARN") && group_lines[0].contains("Staff"), "names the title: {}", group_lines[0]);
    let start = log.lines().find(|l| l.contains("never pressed Start")).unwrap_or_else(|| panic!("{log}"));
    assert!(start.contains(&COORDINATOR_ID.to_string()), "{start}");
    assert!(api.sent_to(UNCONFIGURED_GROUP).is_empty());
    let unconfigured = log.lines().filter(|l| l.contains("not the configured staff group")).count();
    assert_eq!(unconfigured, 1, "only the unconfigured group, only once: {log}");
}

// ----------------------------------------------------------------- backups

async fn backup_cli(database_url: &str, path: &Path) -> (i32, String, String) {
    let out =
        tokio::time::timeout(DEADLINE, binary().arg("backup").arg(path).env("DATABASE_URL", database_url).output())
            .await
            .expect("the backup finishes")
            .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[tokio::test]
async fn a_backup_taken_during_a_broadcast_opens_and_holds_every_registration() {
    let big = "[[course]]\ncode = \"BIG-1\"\ntitle = \"Big\"\nlocation = \"Hall\"\ncapacity = 1000\n";
    let quiet_day = chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 8, 12, 0, 0).unwrap().to_utc();
    let app = spawn_app().programme(big).at(quiet_day).telegram_limits(30, 1).start().await;
    let ids: Vec<i64> = (9000..9150).collect();
    seed(&app.db, "BIG-1", ids.iter().copied()).await;
    app.say_until(&coordinator(), "/broadcast", &t!(&en(), "broadcast-audience")).await;
    app.tap_until(&coordinator(), "bc:aud:*", &t!(&en(), "broadcast-ask-message")).await;
    app.say_until(&coordinator(), "Five seconds of broadcast.", "Send it?").await;
    app.tap_until(&coordinator(), "bc:send", "on its way").await;
    app.api.wait_for_text(ids[10], "Five seconds", DEADLINE).await;

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("during-broadcast.db");
    let (code, stdout, stderr) = backup_cli(&app.settings().database_url, &copy).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&copy.display().to_string()) && stdout.contains("150 registration"), "{stdout}");
    let delivered = ids.iter().filter(|id| !app.api.texts_to(**id).is_empty()).count();
    assert!(delivered < ids.len(), "the broadcast was over before the backup: not a test of a live copy");

    let restored = Db::connect(&format!("sqlite://{}", copy.display())).await.expect("the copy opens");
    let roster = restored.roster(None).await.unwrap();
    let in_copy: BTreeSet<i64> = roster.iter().map(|r| r.user_id).collect();
    assert_eq!(in_copy, ids.iter().copied().collect::<BTreeSet<_>>());
}

#[tokio::test]
async fn the_backup_command_never_overwrites_a_file() {
    let app = spawn_app().start().await;
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("precious.db");
    std::fs::write(&existing, "not a database").unwrap();
    let (code, _, stderr) = backup_cli(&app.settings().database_url, &existing).await;
    assert_eq!(code, 2);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "not a database");
}

fn backups_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn daily_backups_come_once_a_day_from_three_and_only_the_newest_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    // Not made by the bot: never touched, even with names close to its own.
    for foreign in ["notes.txt", "copes-bot-2020-01-01.db.bak", "copes-bot-manual.db"] {
        std::fs::write(backups.join(foreign), "mine").unwrap();
    }
    let bot = format!("{}\n[storage]\nbackup_dir = {:?}\nkeep = 2\n", shipped_bot_toml(), backups.display());
    let app = spawn_app().bot_toml(&bot).at(karachi_at(9, 2, 59)).start().await;
    app.tick().await;
    assert_eq!(backups_in(&backups).len(), 3, "nothing before 03:00");

    app.clock.set(karachi_at(9, 3, 0));
    app.tick().await;
    app.tick().await;
    let first = backups.join("copes-bot-2021-02-09.db");
    assert!(first.exists(), "{:?}", backups_in(&backups));
    assert_eq!(backups_in(&backups).len(), 4, "one a day");
    assert!(copes_bot::db::service::contents(&first).await.is_ok(), "the backup is a database");

    for day in [10, 11, 12] {
        app.clock.set(karachi_at(day, 3, 30));
        app.tick().await;
    }
    assert_eq!(
        backups_in(&backups),
        [
            "copes-bot-2020-01-01.db.bak",
            "copes-bot-2021-02-11.db",
            "copes-bot-2021-02-12.db",
            "copes-bot-manual.db",
            "notes.txt"
        ]
    );
}

#[tokio::test]
async fn a_failing_daily_backup_does_not_stop_the_scheduler() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("a-file");
    std::fs::write(&not_a_folder, "").unwrap();
    let bot = format!("{}\n[storage]\nbackup_dir = {:?}\n", shipped_bot_toml(), not_a_folder.display());
    let app = spawn_app().bot_toml(&bot).at(karachi_at(9, 2, 0)).start().await;
    // The tick that fails to back up still queues the 09:30 opening's reminder.
    app.clock.set(karachi_at(9, 9, 15));
    seed(&app.db, "CECAC-PILOT", [9301]).await;
    let tick = app.tick().await;
    assert!(tick.reminders >= 1, "{tick:?}");
}

#[tokio::test]
async fn a_bad_storage_setting_is_refused_naming_the_key() {
    for (storage, key) in [
        ("backup_dir = \"backups\"", "storage.backup_dir"),
        ("backup_dir = \"/var/lib/copes-bot/backups\"\nkeep = 0", "storage.keep"),
        ("backup_folder = \"/tmp\"", "backup_folder"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        for name in ["programme.toml", "faq.toml"] {
            std::fs::copy(shipped_config_dir().join(name), dir.path().join(name)).unwrap();
        }
        std::fs::write(dir.path().join("bot.toml"), format!("{}\n[storage]\n{storage}\n", shipped_bot_toml())).unwrap();
        let e = copes_bot::config::Config::load(dir.path()).expect_err(storage).to_string();
        assert!(e.contains("bot.toml") && e.contains(key), "{e}");
    }
}

// --------------------------------------------------------- deployment files

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The variables the bot may read: every string in its source that looks
/// like one (`"DATABASE_URL"`, however it is passed to `std::env::var`),
/// and RUST_LOG, which tracing's filter reads by its default name.
fn variables_read() -> BTreeSet<String> {
    let mut found = BTreeSet::from(["RUST_LOG".to_owned()]);
    let mut pending = vec![repo().join("src")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // Between quotes: every other piece (near enough for names).
                for piece in text.split('"').skip(1).step_by(2) {
                    let looks_like_one = piece.len() >= 3
                        && piece.starts_with(|c: char| c.is_ascii_uppercase())
                        && piece.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                    if looks_like_one {
                        found.insert(piece.to_owned());
                    }
                }
            }
        }
    }
    found
}

/// `NAME=value` pairs, as the unit's `Environment=` lines and the
/// Dockerfile's `ENV` instruction write them.
fn pairs(text: &str) -> Vec<(String, String)> {
    text.split_whitespace()
        .filter_map(|w| w.trim_matches(|c| c == '\\' || c == '"').split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn unit() -> Vec<(String, String)> {
    read("deploy/copes-bot.service")
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

fn unit_value(key: &str) -> String {
    unit().into_iter().find(|(k, _)| k == key).unwrap_or_else(|| panic!("the unit has no {key}=")).1
}

/// The Dockerfile's instructions, continuation lines joined.
fn dockerfile() -> Vec<(String, String)> {
    let text = read("deploy/Dockerfile").replace("\\\n", " ");
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.trim().split_once(' '))
        .map(|(i, rest)| (i.to_owned(), rest.trim().to_owned()))
        .collect()
}

fn example_variables() -> BTreeSet<String> {
    read(".env.example")
        .lines()
        .filter_map(|l| l.trim_start_matches(['#', ' ']).split_once('='))
        .map(|(k, _)| k)
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_deployment_files_name_only_variables_the_bot_reads_and_every_one_of_the_spec() {
    let mut read_by_bot = variables_read();
    // SPEC §9's variables belong to the HTTP server (health, metrics,
    // webhooks), built beside this in its own module: until src/http.rs is
    // there they are documented ahead of it. Once it is, they must be read.
    let section_9 = ["HTTP_LISTEN", "WEBHOOK_URL", "WEBHOOK_LISTEN", "WEBHOOK_SECRET"];
    if !repo().join("src/http.rs").exists() {
        read_by_bot.extend(section_9.map(str::to_owned));
    }
    let example = example_variables();
    let section_2 = ["TELOXIDE_TOKEN", "TELOXIDE_API_URL", "DATABASE_URL", "CONFIG_DIR", "RUST_LOG"];
    for name in section_2.iter().chain(&section_9) {
        assert!(example.contains(*name), ".env.example lacks {name}");
    }
    let in_unit: Vec<String> =
        unit().into_iter().filter(|(k, _)| k == "Environment").flat_map(|(_, v)| pairs(&v)).map(|(k, _)| k).collect();
    let in_docker: Vec<String> =
        dockerfile().into_iter().filter(|(i, _)| i == "ENV").flat_map(|(_, v)| pairs(&v)).map(|(k, _)| k).collect();
    assert!(!in_unit.is_empty() && !in_docker.is_empty());
    for (file, names) in
        [("the unit", &in_unit), ("the Dockerfile", &in_docker), (".env.example", &example.iter().cloned().collect())]
    {
        for name in names {
            assert!(read_by_bot.contains(name), "{file} sets {name}, which the bot does not read");
        }
    }
}

#[tokio::test]
async fn the_deployment_files_point_at_what_exists_and_agree_with_the_binary() {
    let cargo = read("Cargo.toml");
    let bin = cargo.split("[[bin]]").nth(1).and_then(|b| b.lines().find(|l| l.starts_with("name"))).unwrap();
    let bin = bin.split('"').nth(1).unwrap();

    // The unit: the binary, absolute paths under the directories systemd makes.
    let exec = unit_value("ExecStart");
    assert_eq!(exec.split_whitespace().next().unwrap(), format!("/usr/local/bin/{bin}"));
    let env: Vec<(String, String)> =
        unit().into_iter().filter(|(k, _)| k == "Environment").flat_map(|(_, v)| pairs(&v)).collect();
    let get = |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap();
    let state = format!("/var/lib/{}", unit_value("StateDirectory"));
    assert!(get("DATABASE_URL").starts_with(&format!("sqlite://{state}/")), "{}", get("DATABASE_URL"));
    assert_eq!(get("CONFIG_DIR"), format!("/etc/{}", unit_value("ConfigurationDirectory")));
    assert!(unit_value("EnvironmentFile").trim_start_matches('-').starts_with("/etc/"));
    let stop: u64 = unit_value("TimeoutStopSec").parse().unwrap();
    assert!(stop > 5, "the bot takes up to 5 s to stop; systemd must wait longer");
    for (key, value) in [("NoNewPrivileges", "true"), ("ProtectSystem", "strict"), ("ProtectHome", "true")] {
        assert_eq!(unit_value(key), value);
    }

    // The Dockerfile: what it copies exists; the runtime paths agree.
    let docker = dockerfile();
    let mut config_to = None;
    for (_, args) in docker.iter().filter(|(i, _)| i == "COPY") {
        let words: Vec<&str> = args.split_whitespace().collect();
        let (to, from) = words.split_last().unwrap();
        if from[0].starts_with("--from=") {
            assert_eq!(from[1], format!("/src/target/release/{bin}"));
            assert_eq!(*to, format!("/usr/local/bin/{bin}"));
            continue;
        }
        for source in from {
            assert!(repo().join(source).exists(), "the Dockerfile copies {source}, which is not in the repository");
        }
        if from == ["config/"] {
            config_to = Some(to.trim_end_matches('/').to_owned());
        }
    }
    let env: Vec<(String, String)> = docker.iter().filter(|(i, _)| i == "ENV").flat_map(|(_, v)| pairs(v)).collect();
    let get = |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(Some(get("CONFIG_DIR")), config_to, "CONFIG_DIR is where config/ is copied");
    let volume = docker.iter().find(|(i, _)| i == "VOLUME").map(|(_, v)| v.clone()).unwrap();
    assert!(get("DATABASE_URL").starts_with(&format!("sqlite://{volume}/")), "the database is in the volume");
    let user = docker.iter().rev().find(|(i, _)| i == "USER").map(|(_, v)| v.clone()).unwrap();
    assert_ne!(user, "root");
    let entry = docker.iter().find(|(i, _)| i == "ENTRYPOINT").map(|(_, v)| v.clone()).unwrap();
    assert!(entry.contains(&format!("/usr/local/bin/{bin}")), "{entry}");
    for name in ["bot.toml", "programme.toml", "faq.toml"] {
        assert!(repo().join("config").join(name).exists());
    }

    // The exit code systemd must not restart on is the bot's for a bad
    // configuration.
    let dir = tempfile::tempdir().unwrap();
    let config = binary_config(dir.path(), chrono::Utc::now());
    std::fs::write(config.join("bot.toml"), "[programme]\nname = \"\"\n").unwrap();
    let out = binary()
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("CONFIG_DIR", &config)
        .env("DATABASE_URL", format!("sqlite://{}", dir.path().join("bot.db").display()))
        .output();
    let out = tokio::time::timeout(DEADLINE, out).await.unwrap().unwrap();
    let code = out.status.code().unwrap().to_string();
    assert_eq!(unit_value("RestartPreventExitStatus"), code);
}
