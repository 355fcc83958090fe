//! The database: a pool migrated from birth, and one module per table family.

pub mod attendance;
pub mod calendar;
mod courses;
mod dialogues;
pub mod enquiries;
pub mod feedback;
pub mod learning;
pub mod lessons;
pub mod metrics;
pub mod outbox;
mod people;
mod registrations;
pub mod report;
pub mod schedule;
pub mod service;
pub mod updates;

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub use courses::{CourseRow, Diff, ImportReport, SessionChange, SessionRow};
pub use dialogues::DialogueStore;
pub use people::{Person, Profile, ProfileField};
pub use registrations::{Promotion, RegisterOutcome, RegistrationRow, RosterRow, StatusCount, Withdrawal};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

pub type DbResult<T> = Result<T, DbError>;

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: SqlitePool,
}

impl Db {
    /// Opens (creating the file and its folder if need be), sets the pragmas
    /// every connection needs and brings the schema up to date.
    pub async fn connect(url: &str) -> DbResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Deleted rows are overwritten with zeros rather than left in
            // free space, so a forgotten person's name cannot be read back
            // out of the file.
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(10));
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|e| DbError::Sqlx(sqlx::Error::Io(e)))?;
            }
        }
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Copies the write-ahead log into the database file and empties it.
    /// secure_delete zeroes deleted rows in the newest version of each page,
    /// but the log still holds the older versions until a checkpoint: after
    /// forgetting someone, this is what removes them from the -wal file.
    /// Waits (up to the busy timeout) for readers of older snapshots.
    pub async fn checkpoint_wal(&self) -> DbResult<()> {
        let (busy, log, done): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&self.pool).await?;
        if busy != 0 {
            tracing::warn!(log, done, "the write-ahead log could not be emptied: a reader held it");
        }
        Ok(())
    }
}

/// The width of a stored instant, "YYYY-MM-DDTHH:MM:SS.mmmZ".
const TS_WIDTH: usize = 24;

/// Instants are stored as RFC 3339 UTC text with a fixed width, so text
/// comparison in SQL is time comparison.
pub fn ts(t: DateTime<Utc>) -> String {
    let s = t.to_rfc3339_opts(SecondsFormat::Millis, true);
    // Every instant the bot makes derives from the clock or from a date
    // held to `domain::YEARS`, so it has a four-digit year. One that does
    // not ("+10000-…") would sort before every real date; the database's
    // CHECK constraints refuse it in any build, and this catches the slip
    // where it is made, in tests.
    debug_assert_eq!(s.len(), TS_WIDTH, "an instant outside the years 0000–9999 reached the database: {s}");
    s
}

pub fn parse_ts(s: &str) -> DbResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| DbError::Corrupt(format!("timestamp {s:?}: {e}")))
}
