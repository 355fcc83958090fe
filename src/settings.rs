//! The environment of SPEC §2. `.env` is read first; the real environment wins.

use std::fmt;
use std::path::PathBuf;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/copes-bot.db";

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("TELOXIDE_TOKEN is not set: put the bot token from @BotFather in the environment or in .env")]
    MissingToken,
    #[error("TELOXIDE_API_URL is not a valid URL: {0}")]
    BadApiUrl(String),
}

#[derive(Clone)]
pub struct Settings {
    pub token: String,
    pub api_url: Option<url::Url>,
    pub database_url: String,
    pub config_dir: PathBuf,
}

// The token is a password: it never reaches a log line, even by accident.
impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("token", &"<redacted>")
            .field("api_url", &self.api_url.as_ref().map(|u| u.as_str()))
            .field("database_url", &self.database_url)
            .field("config_dir", &self.config_dir)
            .finish()
    }
}

impl Settings {
    /// Reads `.env` (if any) and the environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        let _ = dotenvy::dotenv();
        Self::from_vars(|k| std::env::var(k).ok())
    }

    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let token = var("TELOXIDE_TOKEN").filter(|t| !t.trim().is_empty()).ok_or(SettingsError::MissingToken)?;
        let api_url = var("TELOXIDE_API_URL")
            .filter(|u| !u.trim().is_empty())
            .map(|u| u.trim().parse().map_err(|_| SettingsError::BadApiUrl(u)))
            .transpose()?;
        Ok(Self {
            token: token.trim().to_owned(),
            api_url,
            database_url: var("DATABASE_URL")
                .filter(|u| !u.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            config_dir: var("CONFIG_DIR")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| "config".into()),
        })
    }
}
