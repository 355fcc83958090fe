//! Running as a service: who has opened a private chat with the bot, and
//! consistent copies of the database while it runs.

use std::collections::BTreeSet;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use super::{ts, Db, DbResult};

impl Db {
    /// Records that a coordinator wrote to the bot in private: from now on
    /// the bot may message them first.
    pub async fn note_coordinator_chat(&self, user_id: i64, now: DateTime<Utc>) -> DbResult<()> {
        sqlx::query("INSERT OR IGNORE INTO coordinator_chats (user_id, first_seen_at) VALUES (?, ?)")
            .bind(user_id)
            .bind(ts(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The coordinators among `ids` who never wrote to the bot in private,
    /// so Telegram will refuse to let the bot message them.
    pub async fn coordinators_without_chat(&self, ids: &BTreeSet<i64>) -> DbResult<Vec<i64>> {
        let seen: BTreeSet<i64> = sqlx::query_scalar("SELECT user_id FROM coordinator_chats")
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .collect();
        Ok(ids.difference(&seen).copied().collect())
    }

    /// Writes a consistent copy of the live database to `dest` (which must
    /// not exist) without stopping anyone: a read transaction, so writers
    /// carry on in WAL mode while it runs.
    pub async fn vacuum_into(&self, dest: &Path) -> DbResult<()> {
        sqlx::query("VACUUM INTO ?").bind(dest.to_string_lossy().into_owned()).execute(&self.pool).await?;
        Ok(())
    }
}

/// What a copy holds, read back from the copy itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyContents {
    pub registrations: i64,
}

/// Copies the database at `url` to `dest` as it is now, without running
/// migrations on it: a backup taken before an upgrade must be of the old
/// schema, whichever binary takes it.
pub async fn copy_database(url: &str, dest: &Path) -> DbResult<CopyContents> {
    let mut source = SqliteConnectOptions::from_str(url)?
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(10))
        .connect()
        .await?;
    sqlx::query("VACUUM INTO ?").bind(dest.to_string_lossy().into_owned()).execute(&mut source).await?;
    source.close().await?;
    contents(dest).await
}

/// Counts what a copy holds, opening it read-only.
pub async fn contents(path: &Path) -> DbResult<CopyContents> {
    let mut copy = SqliteConnectOptions::new().filename(path).read_only(true).connect().await?;
    let registrations = sqlx::query_scalar("SELECT count(*) FROM registrations").fetch_one(&mut copy).await?;
    copy.close().await?;
    Ok(CopyContents { registrations })
}
