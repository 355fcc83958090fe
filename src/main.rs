use std::process::ExitCode;
use std::sync::Arc;

use copes_bot::{
    app,
    clock::SystemClock,
    config::{config_dir, Config},
    settings::Settings,
};

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();

    let command = std::env::args().nth(1);
    match command.as_deref() {
        None | Some("run") => run().await,
        Some("check") => match Config::load(&config_dir()) {
            Ok(config) => {
                print!("{}", app::check_summary(&config));
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Some("faq-export") => faq_export().await,
        Some(other) => fail(format!("unknown command {other:?}; usage: copes-bot [run|check|faq-export]")),
    }
}

async fn run() -> ExitCode {
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let config = match Config::load(&settings.config_dir) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let app = match app::App::build(&settings, config, Arc::new(SystemClock)).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("copes-bot: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    match app.run(copes_bot::app::shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("copes-bot: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the FAQ examples coordinators filed, as a faq.toml snippet. Reads
/// `DATABASE_URL` as `run` does; needs no token. The comments are in the
/// programme's language when the configuration can be read.
async fn faq_export() -> ExitCode {
    let database_url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| copes_bot::settings::DEFAULT_DATABASE_URL.to_owned());
    let lang = Config::load(&config_dir())
        .map(|c| c.bot.programme.language)
        .unwrap_or_else(|_| copes_bot::domain::Lang::english());
    let db = match copes_bot::db::Db::connect(&database_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("copes-bot: {e}");
            return ExitCode::FAILURE;
        }
    };
    match copes_bot::export::faq_snippet(&db, &lang).await {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("copes-bot: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A problem the operator must fix before starting: one line, exit code 2.
fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("copes-bot: {e}");
    ExitCode::from(2)
}
