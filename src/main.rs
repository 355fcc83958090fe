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
        Some(other) => fail(format!("unknown command {other:?}; usage: copes-bot [run|check]")),
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

/// A problem the operator must fix before starting: one line, exit code 2.
fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("copes-bot: {e}");
    ExitCode::from(2)
}
