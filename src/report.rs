//! The course report that feeds the next cohort: per session attendance
//! and ratings (CSV), a chart of both over the course days (PNG), a summary
//! (best and weakest sessions, the trend, the evaluation, the FAQ gaps) and
//! suggested `faq.toml` additions drawn from the cohort's enquiries.
//!
//! `figures` builds the numbers and draws the CSV and the chart; the words
//! come from `i18n::report`; this module puts them together, above both:
//! the bot's `/report` and `copes-bot report` call [`make`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::db::Db;
use crate::domain::{CourseCode, FaqRow, Lang};
use crate::enquiry::matcher::Matcher;
use crate::export::{comment, examples_array, toml_string};
use crate::figures::data::{self, distinct, CourseReport, Topic};
use crate::figures::{chart, csv};
use crate::i18n::report as render;

/// Everything `/report` sends and `copes-bot report` writes.
#[derive(Debug, Clone)]
pub struct ReportFiles {
    pub report: CourseReport,
    /// The summary, whole (the bot splits it for Telegram).
    pub summary: String,
    pub csv: Vec<u8>,
    /// The evaluation's written answers; None when there are none.
    pub evaluation_csv: Option<Vec<u8>>,
    pub png: Vec<u8>,
    /// None when the cohort left nothing to suggest.
    pub snippet: Option<String>,
}

/// The FAQ and a matcher over it, as the bot builds them (for a caller
/// that has none at hand: the command line, the benchmark).
pub async fn faq_and_matcher(db: &Db, programme: &Lang) -> anyhow::Result<(Vec<FaqRow>, Matcher)> {
    let entries = db.faq_entries().await?;
    let main = entries.first().map_or_else(|| programme.clone(), |e| e.language.clone());
    let matcher = Matcher::new(&entries, &main, crate::i18n::enquiries::vocabulary());
    Ok((entries, matcher))
}

/// What went wrong that the coordinator can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoReport {
    UnknownCourse,
    NoSessions,
}

/// The whole report of `course` as of `now`, in `lang`.
pub async fn make(
    db: &Db,
    course: &CourseCode,
    lang: &Lang,
    programme: &Lang,
    faq: &[FaqRow],
    matcher: &Matcher,
    now: DateTime<Utc>,
) -> anyhow::Result<Result<ReportFiles, NoReport>> {
    let Some(rows) = db.report_rows(course).await? else {
        return Ok(Err(NoReport::UnknownCourse));
    };
    if rows.sessions.is_empty() {
        return Ok(Err(NoReport::NoSessions));
    }
    let lessons = db.course_lessons(course).await?;
    let shares: Vec<f64> = match lessons.attendance.certificate_min_attendance {
        Some(_) => db.attendance_shares(course, now).await?.iter().map(|s| s.share()).collect(),
        None => Vec::new(),
    };
    let report = CourseReport::build(course.as_str(), rows, &lessons, faq, matcher, programme, &shares, now);
    // Drawing and encoding the chart is a few hundred milliseconds of
    // CPU: off the async workers, so other chats are not held up.
    let (lang, faq) = (lang.clone(), faq.to_vec());
    let files = tokio::task::spawn_blocking(move || files(report, &lang, &faq)).await??;
    Ok(Ok(files))
}

/// The snippet's heading alone: what the command line writes when the
/// cohort left nothing to suggest.
pub fn empty_snippet(lang: &Lang, course: &str) -> String {
    comment(&render::snippet_heading(lang, course, 0))
}

/// The files of a built report.
pub fn files(report: CourseReport, lang: &Lang, faq: &[FaqRow]) -> anyhow::Result<ReportFiles> {
    let named = |name: &str, text: &str| render::named(lang, name, text);
    let csv = csv::sessions_csv(&report, &render::csv_header(lang), &named)?;
    let evaluation_csv = csv::evaluation_csv(&report, lang, &render::evaluation_csv_header(lang), &named)?;
    let png = chart::png(&report, &render::chart_labels(lang, &report))?;
    let summary = render::summary(lang, &report, faq);
    let snippet = snippet(&report, lang, faq);
    Ok(ReportFiles { report, summary, csv, evaluation_csv, png, snippet })
}

/// Suggested `faq.toml` additions, in faq-export's shape: for each entry
/// the cohort's enquiries went to (filed by a coordinator, or closest),
/// their questions as `examples` (in the entry's language, other languages
/// under `[faq.<lang>]`); for questions near no entry, a new-entry skeleton
/// each. Comments in `lang`; parses as TOML as it is.
pub fn snippet(report: &CourseReport, lang: &Lang, faq: &[FaqRow]) -> Option<String> {
    let gaps = &report.gaps;
    if gaps.groups.is_empty() && gaps.unhelpful.is_empty() {
        return None;
    }
    let mut out = comment(&render::snippet_heading(lang, &report.course, gaps.enquiries));
    for g in &gaps.groups {
        let Some(id) = g.topic.faq_id() else { continue };
        let Some(row) = faq.iter().find(|e| e.id == id) else { continue };
        let mut langs: BTreeMap<&Lang, Vec<&str>> = BTreeMap::new();
        for q in distinct(&g.questions) {
            let l = q.language.as_ref().unwrap_or(&row.language);
            // Already in faq.toml: nothing to add. A filed question is
            // the bot's example but not yet the file's, so it stays; an
            // unfiled one the bot already knows goes.
            let same = |e: &str| e.trim().eq_ignore_ascii_case(q.text.trim());
            let given = row.in_language(l).is_some_and(|t| t.examples.iter().any(|e| same(e)));
            let learned = matches!(g.topic, Topic::Closest(_)) && row.examples(l).any(same);
            if given || learned {
                continue;
            }
            langs.entry(l).or_default().push(q.text.trim());
        }
        if langs.is_empty() {
            continue;
        }
        out.push('\n');
        out.push_str(&comment(&render::snippet_entry(lang, row, &g.topic, g.count)));
        out.push_str(&format!("[[faq]]\nid = {}\n", toml_string(&row.id)));
        if let Some(own) = langs.get(&row.language) {
            out.push_str(&examples_array(own));
        }
        for (l, bodies) in langs.iter().filter(|(l, _)| **l != &row.language) {
            out.push_str(&format!("[faq.{l}]\n"));
            out.push_str(&examples_array(bodies));
        }
    }
    let orphans: Vec<&data::Question> =
        gaps.groups.iter().filter(|g| g.topic == Topic::None).flat_map(|g| distinct(&g.questions)).collect();
    for (i, q) in orphans.iter().take(data::MAX_SKELETONS).enumerate() {
        out.push('\n');
        out.push_str(&comment(&render::snippet_new_entry(lang, q.language.as_ref())));
        let text = q.text.trim();
        out.push_str(&format!(
            "[[faq]]\nid = {}\nquestion = {}\nkeywords = []\nanswer = \"\"\n",
            toml_string(&format!("new-{}", i + 1)),
            toml_string(text)
        ));
        out.push_str(&examples_array(&[text]));
    }
    if !gaps.unhelpful.is_empty() {
        out.push('\n');
        out.push_str(&comment(&render::snippet_unhelpful(lang, report, faq)));
    }
    Some(out)
}
