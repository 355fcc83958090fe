//! Backups: `copes-bot backup PATH` by hand, and the optional daily copy
//! (`[storage] backup_dir`, `keep`), made by the scheduler. Both are
//! SQLite's `VACUUM INTO`: a consistent snapshot taken inside one read
//! transaction, so the bot goes on serving and sending while it is made.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::config::BotConfig;
use crate::db::service::{copy_database, CopyContents};
use crate::db::{Db, DbError};

/// When the daily copy is made, in the programme's time zone: the quietest
/// hour of a course day (digests go out from 07:00).
pub const DAILY_AT: NaiveTime = match NaiveTime::from_hms_opt(3, 0, 0) {
    Some(t) => t,
    None => panic!("03:00 is a time"),
};

/// The day of the last daily backup attempted, in `scheduler_state`: a
/// failure is retried the next day, not on every tick.
const LAST_DAILY: &str = "last_daily_backup";

const PREFIX: &str = "copes-bot-";
const SUFFIX: &str = ".db";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{} already exists: a backup never overwrites a file; choose a new name", .0.display())]
    Exists(PathBuf),
    #[error("the folder {} does not exist", .0.display())]
    NoFolder(PathBuf),
    #[error(
        "there is no database at {0}: set DATABASE_URL to the bot's (e.g. sqlite:///var/lib/copes-bot/copes-bot.db)"
    )]
    NoDatabase(String),
    #[error("could not copy the database to {}: {source}", .path.display())]
    Copy { path: PathBuf, source: DbError },
}

/// A backup written, as `copes-bot backup` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: u64,
    pub contents: CopyContents,
}

/// `copes-bot backup PATH`: copies the database at `database_url` to
/// `dest`, which must not exist, and reads the copy back.
pub async fn to_file(database_url: &str, dest: &Path) -> Result<Written, BackupError> {
    if dest.exists() {
        return Err(BackupError::Exists(dest.to_owned()));
    }
    if let Some(folder) = dest.parent().filter(|p| !p.as_os_str().is_empty() && !p.is_dir()) {
        return Err(BackupError::NoFolder(folder.to_owned()));
    }
    let source = sqlx::sqlite::SqliteConnectOptions::from_str(database_url)
        .map_err(|_| BackupError::NoDatabase(database_url.to_owned()))?;
    if !source.get_filename().is_file() {
        return Err(BackupError::NoDatabase(database_url.to_owned()));
    }
    let copy_failed = |source| BackupError::Copy { path: dest.to_owned(), source };
    let contents = copy_database(database_url, dest).await.map_err(copy_failed)?;
    let bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
    Ok(Written { path: dest.to_owned(), bytes, contents })
}

/// The name of the daily backup of `day`.
pub fn daily_name(day: NaiveDate) -> String {
    format!("{PREFIX}{}{SUFFIX}", day.format("%Y-%m-%d"))
}

/// The day a file name stands for, if it is one of the daily backups'.
fn daily_day(name: &str) -> Option<NaiveDate> {
    let date = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    // Exactly YYYY-MM-DD: "copes-bot-2021-2-9.db" was not made here.
    (date.len() == 10).then(|| NaiveDate::parse_from_str(date, "%Y-%m-%d").ok())?
}

/// One scheduler step: once a day, from [`DAILY_AT`] in the programme's
/// zone, copies the database into `backup_dir` as
/// `copes-bot-YYYY-MM-DD.db` and deletes the oldest daily backups beyond
/// `keep`. A failure is logged and tried again the next day; it never
/// stops the bot. Returns the file written, if one was.
pub async fn daily(db: &Db, config: &BotConfig, now: DateTime<Utc>) -> Option<PathBuf> {
    let dir = config.storage.backup_dir.as_ref()?;
    let local = now.with_timezone(&config.programme.timezone.tz());
    if local.time() < DAILY_AT {
        return None;
    }
    let day = local.date_naive();
    let attempted = match db.state_value(LAST_DAILY).await {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(error = %e, "daily backup: could not read when the last one was made");
            return None;
        }
    };
    if attempted.as_deref() == Some(day.to_string().as_str()) {
        return None;
    }
    if let Err(e) = db.set_state_value(LAST_DAILY, &day.to_string()).await {
        tracing::error!(error = %e, "daily backup: could not record the attempt; trying again later");
        return None;
    }
    match make_daily(db, dir, day, config.storage.keep).await {
        Ok(written) => written,
        Err(e) => {
            tracing::error!(dir = %dir.display(), error = format!("{e:#}"), "daily backup failed; trying again tomorrow");
            None
        }
    }
}

async fn make_daily(db: &Db, dir: &Path, day: NaiveDate, keep: u32) -> anyhow::Result<Option<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(daily_name(day));
    let written = if path.exists() {
        // Made before a restart the same day.
        None
    } else {
        // Written under a name of its own, then renamed: a copy cut short
        // (a crash, a full disk) is never mistaken for a backup.
        let partial = dir.join(format!(".{}.partial", daily_name(day)));
        if partial.exists() {
            std::fs::remove_file(&partial).with_context(|| format!("removing {}", partial.display()))?;
        }
        db.vacuum_into(&partial).await.with_context(|| format!("copying the database to {}", partial.display()))?;
        std::fs::rename(&partial, &path).with_context(|| format!("renaming to {}", path.display()))?;
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        tracing::info!(path = %path.display(), bytes, "daily backup written");
        Some(path)
    };
    let removed = prune(dir, keep)?;
    if !removed.is_empty() {
        tracing::info!(removed = ?removed, keep, "older daily backups deleted");
    }
    Ok(written)
}

/// Deletes the oldest daily backups in `dir` beyond the newest `keep`.
/// Only files named as [`daily_name`] names them are considered: anything
/// else in the folder was not made here and is left alone.
pub fn prune(dir: &Path, keep: u32) -> anyhow::Result<Vec<PathBuf>> {
    let mut ours: Vec<(NaiveDate, PathBuf)> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let day = daily_day(entry.file_name().to_str()?)?;
            entry.file_type().ok()?.is_file().then(|| (day, entry.path()))
        })
        .collect();
    ours.sort_unstable_by_key(|(day, _)| std::cmp::Reverse(*day));
    let mut removed = Vec::new();
    for (_, path) in ours.into_iter().skip(keep as usize) {
        std::fs::remove_file(&path).with_context(|| format!("deleting {}", path.display()))?;
        removed.push(path);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_daily_names_count_as_daily_backups() {
        let day = NaiveDate::from_ymd_opt(2021, 2, 9).unwrap();
        assert_eq!(daily_day(&daily_name(day)), Some(day));
        for other in ["copes-bot-2021-2-9.db", "copes-bot-2021-02-09.db.bak", "mine-2021-02-09.db", "copes-bot-.db"] {
            assert_eq!(daily_day(other), None, "{other}");
        }
    }
}
