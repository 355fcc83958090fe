//! The scheduler is a pure step, `tick(now)`, over the database: it queues
//! what has become due (reminders, digests, change notices) in the outbox.
//! Every item has a dedupe key, so ticking twice, or after a restart, never
//! queues anything twice. The loop around it only sleeps and calls it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{watch, Notify};

use crate::bot::text;
use crate::clock::SharedClock;
use crate::config::{resolve_local, BotConfig};
use crate::db::outbox::{Kind, NewItem, Payload};
use crate::db::{parse_ts, ts, Db, SessionRow};
use crate::domain::{LocalTime, Zone};

/// What one tick queued.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tick {
    pub reminders: usize,
    pub reminders_dropped: usize,
    pub digests: usize,
    pub change_notices: usize,
    pub broadcast_messages: usize,
    pub reports: usize,
}

impl Tick {
    pub fn queued(&self) -> usize {
        self.reminders + self.digests + self.change_notices + self.broadcast_messages + self.reports
    }
}

const LAST_TICK: &str = "last_tick";

pub async fn tick(db: &Db, config: &BotConfig, now: DateTime<Utc>) -> anyhow::Result<Tick> {
    let mut out = Tick::default();
    let last = match db.state_value(LAST_TICK).await? {
        Some(s) => parse_ts(&s).unwrap_or_else(|e| {
            // Overwritten at the end of this tick; until then, as if fresh.
            tracing::error!(table = "scheduler_state", id = LAST_TICK, value = s, error = %e, "unreadable value");
            now
        }),
        // A fresh database has missed nothing.
        None => now,
    }
    .min(now);
    let lead = chrono::Duration::minutes(i64::from(config.reminders.lead_minutes));
    let zone_of =
        |tz: &Option<String>| tz.as_deref().and_then(|z| Zone::parse(z).ok()).unwrap_or(config.programme.timezone).tz();

    // Reminders: every session whose reminder time has come and which has
    // not ended. A late start (the bot was down) still reminds.
    let window = db.sessions_starting_between(now - chrono::Duration::days(1), now + lead).await?;
    let mut items = Vec::new();
    for s in window.iter().filter(|s| !s.cancelled && s.ends_at() > now) {
        for r in db.reminder_recipients(&s.course_code).await? {
            items.push(NewItem {
                dedupe_key: format!("reminder:{}:{}:{}", s.id, ts(s.starts_at), r.user_id),
                chat_id: r.user_id,
                kind: Kind::Reminder,
                urgent: Kind::Reminder.urgent(),
                payload: Payload::text(&text::reminder(s, zone_of(&r.timezone), now)),
                broadcast_id: None,
                session_id: Some(s.id.clone()),
                not_before: now,
                not_after: Some(s.ends_at()),
                enquiry_id: None,
            });
        }
    }
    out.reminders = db.enqueue_all(&items, now).await?;

    // Reminders whose moment passed while the bot was down and whose session
    // is over: recorded as dropped, so /stats shows them.
    let missed = db.sessions_starting_between(last + lead, now + lead).await?;
    let mut dropped = Vec::new();
    for s in missed.iter().filter(|s| !s.cancelled && s.ends_at() <= now) {
        for r in db.reminder_recipients(&s.course_code).await? {
            dropped.push(NewItem {
                dedupe_key: format!("reminder:{}:{}:{}", s.id, ts(s.starts_at), r.user_id),
                chat_id: r.user_id,
                kind: Kind::Reminder,
                urgent: Kind::Reminder.urgent(),
                payload: Payload::text(""),
                broadcast_id: None,
                session_id: Some(s.id.clone()),
                not_before: now,
                not_after: Some(s.ends_at()),
                enquiry_id: None,
            });
        }
    }
    out.reminders_dropped = dropped.len();
    db.record_dropped(&dropped, now).await?;

    out.digests = digests(db, config, now).await?;
    out.change_notices = change_notices(db, config, now).await?;
    out.broadcast_messages = broadcasts(db, now).await?;
    out.reports = reports(db, now).await?;
    db.purge_idle_dialogues(now).await?;
    db.prune_inbox(now).await?;
    db.set_state_value(LAST_TICK, &ts(now)).await?;
    Ok(out)
}

/// The daily digest: at each person's digest time in their zone, the day's
/// sessions of their courses; nothing on a day without sessions.
async fn digests(db: &Db, config: &BotConfig, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let people = db.digest_people().await?;
    if people.is_empty() {
        return Ok(0);
    }
    let done: HashSet<String> = db.digest_keys_since(now - chrono::Duration::days(2)).await?.into_iter().collect();
    let sessions =
        db.sessions_starting_between(now - chrono::Duration::days(2), now + chrono::Duration::days(2)).await?;
    let mut by_course: HashMap<&str, Vec<&SessionRow>> = HashMap::new();
    for s in sessions.iter().filter(|s| !s.cancelled) {
        by_course.entry(s.course_code.as_str()).or_default().push(s);
    }
    let mut items = Vec::new();
    for p in people {
        let zone = p.timezone.as_deref().and_then(|z| Zone::parse(z).ok()).unwrap_or(config.programme.timezone);
        let local = now.with_timezone(&zone.tz());
        let day = local.date_naive();
        let key = format!("digest:{}:{day}", p.user_id);
        if done.contains(&key) {
            continue;
        }
        let at =
            p.digest_time.as_deref().and_then(|t| LocalTime::parse(t).ok()).unwrap_or(config.reminders.daily_digest);
        // Due once the digest time has come today (in a DST gap, the first
        // instant after it).
        let due = resolve_local(zone, day.and_time(at.time()))
            .or_else(|| resolve_local(zone, day.and_time(at.time()) + chrono::Duration::hours(1)));
        if due.is_none_or(|due| now < due) {
            continue;
        }
        let mut todays: Vec<SessionRow> = p
            .courses
            .split(',')
            .flat_map(|c| by_course.get(c).into_iter().flatten())
            .filter(|s| s.starts_at.with_timezone(&zone.tz()).date_naive() == day)
            .map(|s| (*s).clone())
            .collect();
        if todays.is_empty() {
            continue;
        }
        todays.sort_by_key(|s| s.starts_at);
        items.push(NewItem {
            dedupe_key: key,
            chat_id: p.user_id,
            kind: Kind::Digest,
            urgent: Kind::Digest.urgent(),
            payload: Payload::text(&text::digest(day, &todays, zone.tz())),
            broadcast_id: None,
            session_id: None,
            not_before: now,
            // A digest is about today; tomorrow it is noise.
            not_after: resolve_local(zone, day.succ_opt().unwrap_or(day).and_hms_opt(0, 0, 0).unwrap_or_default()),
            enquiry_id: None,
        });
    }
    Ok(db.enqueue_all(&items, now).await?)
}

/// Turns logged session changes into notices for the course's participants.
async fn change_notices(db: &Db, config: &BotConfig, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut n = 0;
    for change in db.pending_changes(now).await? {
        let people = db.course_participants(Some(&change.course_code)).await?;
        let items: Vec<NewItem> = people
            .iter()
            .map(|p| {
                let zone = p.timezone.as_deref().and_then(|z| Zone::parse(z).ok()).unwrap_or(config.programme.timezone);
                NewItem::now(
                    format!("change:{}:{}", change.id, p.user_id),
                    p.user_id,
                    Kind::Change,
                    Payload::text(&text::change_notice(&change.before, &change.after, zone.tz())),
                    now,
                )
            })
            .collect();
        n += items.len();
        db.notify_change(change.id, &items, now).await?;
    }
    Ok(n)
}

/// Scheduled broadcasts whose time has come go to everyone registered in
/// their audience at this moment; one sent to everyone now is urgent, so
/// quiet hours do not hold it.
pub async fn broadcasts(db: &Db, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut n = 0;
    for b in db.due_broadcasts(now).await? {
        let payload: Payload = match serde_json::from_str(&b.payload) {
            Ok(p) => p,
            Err(e) => {
                // Cancelled, so it is reported once rather than on every tick.
                tracing::error!(
                    table = "broadcasts",
                    id = b.id,
                    payload = b.payload,
                    error = %e,
                    "cancelling a broadcast that cannot be read"
                );
                db.cancel_broadcast(b.id).await?;
                continue;
            }
        };
        let items: Vec<NewItem> = db
            .course_participants(b.audience.as_deref())
            .await?
            .into_iter()
            .map(|p| NewItem {
                broadcast_id: Some(b.id),
                urgent: b.urgent,
                ..NewItem::now(
                    format!("broadcast:{}:{}", b.id, p.user_id),
                    p.user_id,
                    Kind::Broadcast,
                    payload.clone(),
                    now,
                )
            })
            .collect();
        n += items.len();
        db.queue_broadcast(b.id, &items, now).await?;
    }
    Ok(n)
}

/// When a broadcast has nothing left to send, its author gets the report.
async fn reports(db: &Db, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut n = 0;
    for b in db.finished_broadcasts().await? {
        let reasons = db.broadcast_failures(b.id).await?;
        let report = NewItem::now(
            format!("report:{}", b.id),
            b.created_by,
            Kind::Report,
            Payload::text(&text::broadcast_report(&b, &reasons)),
            now,
        );
        db.finish_broadcast(b.id, &report, now).await?;
        n += 1;
    }
    Ok(n)
}

/// Ticks every `every` (and on each whole minute) until told to stop;
/// `kick` runs a tick at once (after a session change, so participants are
/// told without waiting). Without `every` it ticks at start and when kicked
/// only: tests move their clock and tick themselves.
pub async fn run(
    db: Db,
    config: Arc<BotConfig>,
    clock: SharedClock,
    every: Option<Duration>,
    kick: Arc<Notify>,
    wake_sender: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        match tick(&db, &config, clock.now()).await {
            Ok(t) if t.queued() > 0 => {
                tracing::info!(?t, "scheduler queued messages");
                wake_sender.notify_one();
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "scheduler tick failed"),
        }
        // Digests and reminders fall due on whole minutes: wake just after
        // the next one rather than up to `every` late.
        let into_minute = clock.now().timestamp_subsec_millis() as u64 + 1000 * (clock.now().timestamp() % 60) as u64;
        let to_next_minute = Duration::from_millis(60_000 - into_minute.min(59_999) + 20);
        let pause = every.map(|e| e.min(to_next_minute));
        tokio::select! {
            _ = tokio::time::sleep(pause.unwrap_or_default()), if pause.is_some() => {}
            _ = kick.notified() => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
    }
}
