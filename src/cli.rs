//! The command line: `run` (the bot), and the commands an operator runs
//! beside it without a token — `check`, `faq-export`, `report`, `backup`.
//! Each returns the process's exit code: 2 for a problem the operator must
//! fix (one line), 1 for a failure.

use std::process::ExitCode;
use std::sync::Arc;

use crate::app;
use crate::clock::SystemClock;
use crate::config::{config_dir, Config};
use crate::db::Db;
use crate::domain::Lang;
use crate::settings::Settings;

/// Runs the subcommand `args[1]` (none: the bot).
pub async fn main(args: Vec<String>) -> ExitCode {
    match args.get(1).map(String::as_str) {
        None | Some("run") => run().await,
        Some("check") => match Config::load(&config_dir()) {
            Ok(config) => {
                print!("{}", app::check_summary(&config));
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Some("faq-export") => faq_export().await,
        Some("report") => report(args[2..].to_vec()).await,
        Some("backup") => backup(args[2..].to_vec()).await,
        Some(other) => {
            fail(format!("unknown command {other:?}; usage: copes-bot [run|check|faq-export|report|backup]"))
        }
    }
}

pub async fn run() -> ExitCode {
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
    match app.run(crate::app::shutdown_signal()).await {
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
pub async fn faq_export() -> ExitCode {
    let Some((db, lang)) = offline().await else { return ExitCode::FAILURE };
    match crate::export::faq_snippet(&db, &lang).await {
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

/// `copes-bot report COURSE --out DIR`: the course report as files —
/// sessions.csv, chart.png, summary.txt, faq-suggestions.toml, and
/// evaluation.csv when the evaluation has written answers — in the
/// programme's language. Reads `DATABASE_URL` as `run` does; needs no token.
pub async fn report(args: Vec<String>) -> ExitCode {
    const USAGE: &str = "usage: copes-bot report COURSE --out DIR";
    let (mut course, mut out) = (None, None);
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => match args.next() {
                Some(dir) if out.is_none() => out = Some(std::path::PathBuf::from(dir)),
                _ => return fail(USAGE),
            },
            _ if a.starts_with('-') || course.is_some() => return fail(format!("unexpected {a:?}; {USAGE}")),
            _ => course = Some(a),
        }
    }
    let (Some(course), Some(out)) = (course, out) else {
        return fail(USAGE);
    };
    let Ok(code) = crate::domain::CourseCode::parse(&course) else {
        return fail(format!("there is no course {course:?}"));
    };
    let Some((db, lang)) = offline().await else { return ExitCode::FAILURE };
    let now = crate::clock::Clock::now(&SystemClock);
    let made = async {
        let (faq, matcher) = crate::report::faq_and_matcher(&db, &lang).await?;
        crate::report::make(&db, &code, &lang, &lang, &faq, &matcher, now).await
    };
    let files = match made.await {
        Ok(Ok(files)) => files,
        Ok(Err(crate::report::NoReport::UnknownCourse)) => return fail(format!("there is no course {course:?}")),
        Ok(Err(crate::report::NoReport::NoSessions)) => {
            return fail(format!("course {course} has no sessions yet: nothing to report"))
        }
        Err(e) => {
            eprintln!("copes-bot: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        return fail(format!("cannot create {}: {e}", out.display()));
    }
    let snippet = files.snippet.unwrap_or_else(|| crate::report::empty_snippet(&lang, code.as_str()));
    let mut written = vec![
        ("sessions.csv", files.csv),
        ("chart.png", files.png),
        ("summary.txt", (files.summary + "\n").into_bytes()),
        ("faq-suggestions.toml", snippet.into_bytes()),
    ];
    if let Some(answers) = files.evaluation_csv {
        written.push(("evaluation.csv", answers));
    }
    for (name, bytes) in written {
        let path = out.join(name);
        if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("copes-bot: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    ExitCode::SUCCESS
}

/// `copes-bot backup PATH`: a consistent copy of the database, taken while
/// the bot runs. Reads `DATABASE_URL` as `run` does; needs no token; never
/// overwrites a file and never migrates the database it copies.
pub async fn backup(args: Vec<String>) -> ExitCode {
    const USAGE: &str = "usage: copes-bot backup PATH";
    let [path] = args.as_slice() else {
        return fail(USAGE);
    };
    if path.starts_with('-') {
        return fail(format!("unexpected {path:?}; {USAGE}"));
    }
    let database_url = database_url();
    match crate::backup::to_file(&database_url, std::path::Path::new(path)).await {
        Ok(w) => {
            println!("wrote {} ({} bytes, {} registration(s))", w.path.display(), w.bytes, w.contents.registrations);
            ExitCode::SUCCESS
        }
        Err(
            e @ (crate::backup::BackupError::Exists(_)
            | crate::backup::BackupError::NoFolder(_)
            | crate::backup::BackupError::NoDatabase(_)),
        ) => fail(e),
        Err(e) => {
            eprintln!("copes-bot: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A problem the operator must fix before starting: one line, exit code 2.
pub fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("copes-bot: {e}");
    ExitCode::from(2)
}

/// `DATABASE_URL` as the bot reads it, for the commands that need no token.
fn database_url() -> String {
    std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| crate::settings::DEFAULT_DATABASE_URL.to_owned())
}

/// The database and the programme's language (English when the
/// configuration cannot be read), for a command run beside the bot.
async fn offline() -> Option<(Db, Lang)> {
    let lang = Config::load(&config_dir()).map(|c| c.bot.programme.language).unwrap_or_else(|_| Lang::english());
    match Db::connect(&database_url()).await {
        Ok(db) => Some((db, lang)),
        Err(e) => {
            eprintln!("copes-bot: {e}");
            None
        }
    }
}
