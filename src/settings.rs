//! The environment of SPEC §2. `.env` is read first; the real environment wins.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/copes-bot.db";

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("TELOXIDE_TOKEN is not set: put the bot token from @BotFather in the environment or in .env")]
    MissingToken,
    #[error("TELOXIDE_API_URL is not a valid URL: {0}")]
    BadApiUrl(String),
    #[error("{var} is not an address to listen on (IP:PORT, such as 127.0.0.1:9090): {value:?}")]
    BadListen { var: &'static str, value: String },
    #[error("WEBHOOK_URL must be an https:// URL Telegram can reach (ports 443, 80, 88 or 8443): {0:?}")]
    BadWebhookUrl(String),
    #[error("WEBHOOK_URL is set but WEBHOOK_SECRET is not set: choose 1-256 characters of A-Z, a-z, 0-9, _ and -")]
    MissingWebhookSecret,
    #[error("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")]
    BadWebhookSecret,
}

/// Where Telegram's updates come from and whether `/healthz` and `/metrics`
/// are served. All off by default: long polling, no HTTP server.
#[derive(Clone, Default)]
pub struct HttpSettings {
    /// `HTTP_LISTEN`: the address `/healthz` and `/metrics` are served on.
    pub listen: Option<SocketAddr>,
    /// `WEBHOOK_URL` and its companions: set, updates are pushed by
    /// Telegram instead of polled.
    pub webhook: Option<WebhookSettings>,
}

#[derive(Clone)]
pub struct WebhookSettings {
    /// The public URL given to Telegram; its path is the route served.
    pub url: url::Url,
    /// `WEBHOOK_LISTEN`: the local address (behind a TLS proxy).
    pub listen: SocketAddr,
    /// `WEBHOOK_SECRET`: Telegram sends it back in a header on every call.
    pub secret: String,
}

pub const DEFAULT_WEBHOOK_LISTEN: &str = "0.0.0.0:8443";

// The secret authenticates Telegram's calls: it never reaches a log line.
impl fmt::Debug for HttpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpSettings")
            .field("listen", &self.listen)
            .field("webhook_url", &self.webhook.as_ref().map(|w| w.url.as_str()))
            .field("webhook_listen", &self.webhook.as_ref().map(|w| w.listen))
            .field("webhook_secret", &self.webhook.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl HttpSettings {
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let set = |k: &str| var(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let addr = |k: &'static str, v: String| {
            v.parse::<SocketAddr>().map_err(|_| SettingsError::BadListen { var: k, value: v })
        };
        let listen = set("HTTP_LISTEN").map(|v| addr("HTTP_LISTEN", v)).transpose()?;
        let webhook = match set("WEBHOOK_URL") {
            None => None,
            Some(raw) => {
                let url = url::Url::parse(&raw)
                    .ok()
                    .filter(|u| u.scheme() == "https" && u.host_str().is_some())
                    .ok_or_else(|| SettingsError::BadWebhookUrl(raw.clone()))?;
                let secret =
                    var("WEBHOOK_SECRET").filter(|s| !s.is_empty()).ok_or(SettingsError::MissingWebhookSecret)?;
                let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
                if secret.len() > 256 || !secret.chars().all(allowed) {
                    return Err(SettingsError::BadWebhookSecret);
                }
                let listen =
                    addr("WEBHOOK_LISTEN", set("WEBHOOK_LISTEN").unwrap_or_else(|| DEFAULT_WEBHOOK_LISTEN.into()))?;
                Some(WebhookSettings { url, listen, secret })
            }
        };
        Ok(Self { listen, webhook })
    }
}

#[derive(Clone)]
pub struct Settings {
    pub token: String,
    pub api_url: Option<url::Url>,
    pub database_url: String,
    pub config_dir: PathBuf,
    pub http: HttpSettings,
}

// The token is a password: it never reaches a log line, even by accident.
impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("token", &"<redacted>")
            .field("api_url", &self.api_url.as_ref().map(|u| u.as_str()))
            .field("database_url", &self.database_url)
            .field("config_dir", &self.config_dir)
            .field("http", &self.http)
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
        let http = HttpSettings::from_vars(&var)?;
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
            http,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_vars(|k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
    }

    #[test]
    fn without_the_new_variables_the_bot_polls_and_serves_no_http() {
        let s = settings(&[("TELOXIDE_TOKEN", "1:x")]).unwrap();
        assert!(s.http.listen.is_none() && s.http.webhook.is_none());
    }

    #[test]
    fn a_webhook_takes_its_secret_and_listens_on_8443_by_default() {
        let s = settings(&[
            ("TELOXIDE_TOKEN", "1:x"),
            ("WEBHOOK_URL", "https://bot.example.org/telegram"),
            ("WEBHOOK_SECRET", "s3cret_-X"),
            ("HTTP_LISTEN", "127.0.0.1:9090"),
        ])
        .unwrap();
        let w = s.http.webhook.as_ref().unwrap();
        assert_eq!(w.listen, DEFAULT_WEBHOOK_LISTEN.parse().unwrap());
        assert_eq!(w.url.path(), "/telegram");
        assert_eq!(s.http.listen, Some("127.0.0.1:9090".parse().unwrap()));
        assert!(!format!("{s:?}").contains("s3cret"), "the secret is never printed");
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_named() {
        let token = ("TELOXIDE_TOKEN", "1:x");
        let err = |vars: &[(&str, &str)]| settings(vars).unwrap_err().to_string();
        assert!(err(&[token, ("WEBHOOK_URL", "https://bot.example.org/")]).contains("WEBHOOK_SECRET is not set"));
        assert!(err(&[token, ("HTTP_LISTEN", "localhost")]).contains("HTTP_LISTEN"));
        let url = ("WEBHOOK_URL", "https://bot.example.org/");
        assert!(err(&[token, url, ("WEBHOOK_SECRET", "a b")]).contains("WEBHOOK_SECRET must"));
        assert!(err(&[token, url, ("WEBHOOK_SECRET", "ok"), ("WEBHOOK_LISTEN", "8443")]).contains("WEBHOOK_LISTEN"));
        assert!(err(&[token, ("WEBHOOK_URL", "http://bot.example.org/"), ("WEBHOOK_SECRET", "ok")]).contains("https"));
    }
}
