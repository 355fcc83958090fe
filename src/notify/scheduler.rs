//! The scheduler is a pure step, `tick(now)`, over the database: it queues
//! what has become due (reminders, digests, change and wait-list notices,
//! broadcasts and their reports) in the outbox, as notices — values that
//! the sender puts into words for each recipient when it sends them. Every
//! item has a dedupe key, so ticking twice, or after a restart, never
//! queues anything twice. The loop around it only sleeps and calls it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{watch, Notify};

use crate::clock::SharedClock;
use crate::config::{resolve_local, BotConfig};
use crate::db::outbox::{Kind, NewItem, Payload};
use crate::db::schedule::BroadcastRow;
use crate::db::{parse_ts, ts, Db, SessionRow};
use crate::domain::notice::{BroadcastContent, BroadcastReport, NoticeButton, SessionInfo};
use crate::domain::{LocalTime, Notice, Zone};

/// What one tick queued.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tick {
    pub reminders: usize,
    pub reminders_dropped: usize,
    pub digests: usize,
    pub change_notices: usize,
    pub promotion_notices: usize,
    pub broadcast_messages: usize,
    pub reports: usize,
    pub feedback_questions: usize,
    pub evaluation_invites: usize,
}

impl Tick {
    pub fn queued(&self) -> usize {
        self.reminders
            + self.digests
            + self.change_notices
            + self.promotion_notices
            + self.broadcast_messages
            + self.reports
            + self.feedback_questions
            + self.evaluation_invites
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

    // Reminders: every session whose reminder time has come and which has
    // not ended. A late start (the bot was down) still reminds.
    let window = db.sessions_starting_between(now - chrono::Duration::days(1), now + lead).await?;
    let mut items = Vec::new();
    let mut code_required: HashMap<String, bool> = HashMap::new();
    for s in window.iter().filter(|s| !s.cancelled && s.ends_at() > now) {
        let by_code = match code_required.get(&s.course_code) {
            Some(c) => *c,
            None => {
                let c = match crate::domain::CourseCode::parse(&s.course_code) {
                    Ok(code) => db.course_lessons(&code).await?.attendance.require_code,
                    Err(_) => false,
                };
                *code_required.entry(s.course_code.clone()).or_insert(c)
            }
        };
        for r in db.reminder_recipients(&s.course_code).await? {
            items.push(with_check_in(reminder(s, r.user_id, now), by_code));
        }
    }
    out.reminders = db.enqueue_all(&items, now).await?;

    // Reminders whose moment passed while the bot was down and whose session
    // is over: recorded as dropped, so /stats shows them.
    let missed = db.sessions_starting_between(last + lead, now + lead).await?;
    let mut dropped = Vec::new();
    for s in missed.iter().filter(|s| !s.cancelled && s.ends_at() <= now) {
        for r in db.reminder_recipients(&s.course_code).await? {
            dropped.push(reminder(s, r.user_id, now));
        }
    }
    out.reminders_dropped = dropped.len();
    db.record_dropped(&dropped, now).await?;

    out.digests = digests(db, config, now).await?;
    out.change_notices = change_notices(db, now).await?;
    out.promotion_notices = promotion_notices(db, now).await?;
    out.broadcast_messages = broadcasts(db, now).await?;
    out.reports = reports(db, now).await?;
    let lessons = super::lessons::queue(db, now).await?;
    (out.feedback_questions, out.evaluation_invites) = (lessons.feedback_questions, lessons.evaluation_invites);
    db.purge_idle_dialogues(now).await?;
    db.prune_inbox(now).await?;
    db.set_state_value(LAST_TICK, &ts(now)).await?;
    // Last, after everything due is queued: a copy of a large database
    // takes seconds, and reminders must not wait for it. Never fails the
    // tick: a failed backup is logged and tried again the next day.
    crate::backup::daily(db, config, now).await;
    Ok(out)
}

/// A session's reminder to one participant: of use until the session ends.
fn reminder(s: &SessionRow, user_id: i64, now: DateTime<Utc>) -> NewItem {
    let notice =
        Notice::Reminder { course: s.course_code.clone(), session: SessionInfo::from(s), code_required: false };
    NewItem {
        session_id: Some(s.id.clone()),
        not_after: Some(s.ends_at()),
        ..NewItem::now(
            format!("reminder:{}:{}:{user_id}", s.id, ts(s.starts_at)),
            user_id,
            Kind::Reminder,
            Payload::notice(notice),
            now,
        )
    }
}

/// A reminder with its way of checking in: "I'm here" under it, or (a
/// course that takes presence by room code only) a line saying to send
/// `/here CODE`.
fn with_check_in(mut item: NewItem, code_required: bool) -> NewItem {
    if let Payload::Notice(Notice::Reminder { course, session, .. }) = item.payload {
        let button = NoticeButton::im_here(&session.id);
        let notice = Notice::Reminder { course, session, code_required };
        item.payload = if code_required {
            Payload::Notice(notice)
        } else {
            Payload::NoticeWithButtons { notice, buttons: vec![vec![button]] }
        };
    }
    item
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
        let mut todays: Vec<SessionInfo> = p
            .courses
            .split(',')
            .flat_map(|c| by_course.get(c).into_iter().flatten())
            .filter(|s| s.starts_at.with_timezone(&zone.tz()).date_naive() == day)
            .map(|s| SessionInfo::from(*s))
            .collect();
        if todays.is_empty() {
            continue;
        }
        todays.sort_by_key(|s| s.starts_at);
        let notice = Notice::Digest { day, sessions: todays };
        items.push(NewItem {
            // A digest is about today; tomorrow it is noise.
            not_after: resolve_local(zone, day.succ_opt().unwrap_or(day).and_hms_opt(0, 0, 0).unwrap_or_default()),
            ..NewItem::now(key, p.user_id, Kind::Digest, Payload::notice(notice), now)
        });
    }
    Ok(db.enqueue_all(&items, now).await?)
}

/// Turns logged session changes into notices for the course's participants.
async fn change_notices(db: &Db, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut n = 0;
    for change in db.pending_changes(now).await? {
        let people = db.course_participants(Some(&change.course_code)).await?;
        let notice = Notice::Change { before: change.before, after: change.after };
        let items: Vec<NewItem> = people
            .iter()
            .map(|p| {
                NewItem::now(
                    format!("change:{}:{}", change.id, p.user_id),
                    p.user_id,
                    Kind::Change,
                    Payload::notice(notice.clone()),
                    now,
                )
            })
            .collect();
        n += items.len();
        db.notify_change(change.id, &items, now).await?;
    }
    Ok(n)
}

/// Tells each person moved up from a wait-list that they have a place —
/// unless they have left it again meanwhile.
async fn promotion_notices(db: &Db, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut n = 0;
    for p in db.pending_promotions().await? {
        let notice = Notice::Promoted { course: p.course_code.clone(), title: p.course_title.clone() };
        let items: Vec<NewItem> = if p.registered {
            vec![NewItem::now(format!("promoted:{}", p.id), p.user_id, Kind::Notice, Payload::notice(notice), now)]
        } else {
            Vec::new()
        };
        n += items.len();
        db.notify_promotion(p.id, &items, now).await?;
    }
    Ok(n)
}

/// Scheduled broadcasts whose time has come go to everyone registered in
/// their audience at this moment; one sent to everyone now is urgent, so
/// quiet hours do not hold it. A broadcast in several languages is queued
/// with all its versions: the sender picks the recipient's when it sends,
/// so a change of language before then still counts.
pub async fn broadcasts(db: &Db, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut n = 0;
    for b in db.due_broadcasts(now).await? {
        let (main, by_language) = match b.versions() {
            Ok(versions) => versions,
            Err(e) => {
                // Cancelled, so it is reported once rather than on every tick.
                tracing::error!(
                    table = "broadcasts",
                    id = b.id,
                    payload = b.payload,
                    translations = b.translations,
                    error = %e,
                    "cancelling a broadcast that cannot be read"
                );
                db.cancel_broadcast(b.id).await?;
                continue;
            }
        };
        // The main version is what anyone without their own gets anyway:
        // kept once, not twice, in each of the audience's items.
        let by_language: BTreeMap<_, _> = by_language.into_iter().filter(|(_, p)| *p != main).collect();
        let payload =
            if by_language.is_empty() { main } else { Payload::Versions { default: Box::new(main), by_language } };
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
        let failures = db.broadcast_failures(b.id).await?;
        let notice = Notice::BroadcastReport(BroadcastReport {
            broadcast: b.id,
            audience: b.audience.clone(),
            content: content(&b),
            delivered: b.delivered,
            blocked: b.blocked,
            failed: b.failed,
            failures,
        });
        let report = NewItem::now(format!("report:{}", b.id), b.created_by, Kind::Report, Payload::notice(notice), now);
        db.finish_broadcast(b.id, &report, now).await?;
        n += 1;
    }
    Ok(n)
}

/// What a broadcast was (its main version), for its author to recognise.
fn content(b: &BroadcastRow) -> BroadcastContent {
    let payload = match serde_json::from_str::<Payload>(&b.payload) {
        Ok(Payload::Versions { default, .. }) => *default,
        Ok(p) => p,
        Err(_) => return BroadcastContent::Unknown,
    };
    match payload {
        Payload::Text { parts } => BroadcastContent::Text { text: parts.concat() },
        Payload::Prompt { text, .. } => BroadcastContent::Text { text },
        Payload::Photo { caption, .. } => BroadcastContent::Photo { caption },
        Payload::Document { caption, .. } => BroadcastContent::Document { caption },
        Payload::Versions { .. }
        | Payload::Notice(_)
        | Payload::NoticeWithButtons { .. }
        | Payload::Attachment { .. } => BroadcastContent::Unknown,
    }
}

/// Ticks every `every` (and on each whole minute) until told to stop;
/// `kick` runs a tick at once (after a session change, so participants are
/// told without waiting). Without `every` it ticks when kicked only: tests
/// move their clock and tick themselves.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    db: Db,
    config: Arc<BotConfig>,
    clock: SharedClock,
    every: Option<Duration>,
    kick: Arc<Notify>,
    wake_sender: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
    metrics: Arc<crate::metrics::Metrics>,
) {
    // Alive from the start: a loop that ticks only when kicked (tests) is
    // not a dead one.
    metrics.scheduler.beat();
    // Without `every` (tests) the first tick waits for a kick too: the
    // caller ticks itself when it is ready, so nothing it seeds races a
    // tick it did not ask for.
    if every.is_none() {
        tokio::select! {
            _ = kick.notified() => {}
            _ = stop.changed() => return,
        }
    }
    loop {
        match tick(&db, &config, clock.now()).await {
            Ok(t) if t.queued() > 0 => {
                metrics.scheduler.beat();
                tracing::info!(?t, "scheduler queued messages");
                wake_sender.notify_one();
            }
            Ok(_) => metrics.scheduler.beat(),
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
