//! The course report's words (`locales/*/report.ftl`): the summary a
//! coordinator reads in the chat, the CSV's header, the chart's labels and
//! the comments of the suggested faq.toml snippet. Trainees' words are
//! quoted as written, cut short only where the summary must stay readable.

use super::Lang;
use crate::domain::FaqRow;
use crate::figures::chart::ChartLabels;
use crate::figures::data::{CourseReport, EvaluationResult, Said, SessionStatus, Topic, MIN_RATINGS, SAMPLES};
use crate::locale::{clip, language_name};
use crate::t;

/// Longest quote of a comment, an answer or a question in the summary.
const QUOTE: usize = 200;
/// Longest session title in the summary.
const TITLE: usize = 80;
/// Text answers quoted per evaluation question; comments per weakest session.
const QUOTED: usize = 5;
/// An attendance change within this many points is "steady".
const STEADY_POINTS: f64 = 5.0;

/// `x` with `digits` decimals, the reader's way ("4.2", "4,2").
pub fn decimal(lang: &Lang, x: f64, digits: usize) -> String {
    format!("{x:.digits$}").replace('.', &t!(lang, "report-decimal"))
}

pub fn percent(lang: &Lang, pct: f64) -> String {
    t!(lang, "report-percent", value = format!("{pct:.0}"))
}

pub fn csv_header(lang: &Lang) -> Vec<String> {
    ["session", "date", "title", "present", "present-pct", "ratings", "mean", "r1", "r2", "r3", "r4", "r5", "comments"]
        .iter()
        .map(|c| t!(lang, &format!("report-col-{c}")))
        .collect()
}

pub fn evaluation_csv_header(lang: &Lang) -> [String; 3] {
    ["question-id", "question", "answer"].map(|c| t!(lang, &format!("report-col-{c}")))
}

/// A comment with its author, for a course that names them.
pub fn named(lang: &Lang, name: &str, text: &str) -> String {
    t!(lang, "report-quote-named", name = name, text = text)
}

pub fn chart_labels(lang: &Lang, report: &CourseReport) -> ChartLabels {
    let days = report.sessions.last().map_or(0, |s| s.day_number);
    ChartLabels {
        title: t!(lang, "report-chart-title", course = report.course.as_str()),
        x_desc: t!(lang, "report-chart-x"),
        attendance_desc: t!(lang, "report-chart-attendance"),
        rating_desc: t!(lang, "report-chart-rating"),
        attendance_legend: t!(lang, "report-chart-attendance-legend"),
        rating_legend: t!(lang, "report-chart-rating-legend"),
        days: (1..=days).map(|d| t!(lang, "report-day-tick", day = d)).collect(),
        percent: t!(lang, "report-percent", value = ""),
        nothing_yet: t!(lang, "report-chart-nothing"),
    }
}

fn quote(lang: &Lang, said: &Said) -> String {
    let text = clip(&said.text.replace('\n', " "), QUOTE);
    match &said.author {
        Some(name) => t!(lang, "report-quote-named", name = name.as_str(), text = text),
        None => t!(lang, "report-quote", text = text),
    }
}

fn topic_name<'a>(lang: &Lang, faq: &'a [FaqRow], id: &'a str) -> &'a str {
    faq.iter().find(|e| e.id == id).map_or(id, |row| super::enquiries::faq_topic(lang, row))
}

/// The summary, whole; the sender splits it at Telegram's limit.
pub fn summary(lang: &Lang, r: &CourseReport, faq: &[FaqRow]) -> String {
    let mut out: Vec<String> = vec![t!(lang, "report-heading", course = r.course.as_str(), title = r.title.as_str())];
    let count = |st: SessionStatus| r.sessions.iter().filter(|s| s.status == st).count();
    out.push(t!(
        lang,
        "report-sessions",
        held = count(SessionStatus::Held),
        total = r.sessions.len(),
        cancelled = count(SessionStatus::Cancelled),
        upcoming = count(SessionStatus::Upcoming),
        registered = r.registered
    ));
    let mut block = Vec::new();
    match r.mean_attendance {
        Some(m) => block.push(t!(lang, "report-attendance", pct = percent(lang, m))),
        None => block.push(t!(lang, "report-attendance-none")),
    }
    if let (Some(first), Some(second), Some(change)) = (r.trend.first_half, r.trend.second_half, r.trend.change()) {
        let direction = if change > STEADY_POINTS {
            "up"
        } else if change < -STEADY_POINTS {
            "down"
        } else {
            "steady"
        };
        block.push(t!(
            lang,
            "report-trend",
            first = percent(lang, first),
            second = percent(lang, second),
            direction = direction
        ));
    }
    if r.trend.per_day.len() > 1 {
        let days: Vec<String> = r
            .trend
            .per_day
            .iter()
            .map(|(d, p)| {
                let n = r.sessions.iter().find(|s| s.day == *d).map_or(1, |s| s.day_number);
                format!("{} {}", t!(lang, "report-day-tick", day = n), percent(lang, *p))
            })
            .collect();
        block.push(t!(lang, "report-by-day", days = days.join(" · ")));
    }
    if let Some((qualify, registered, min)) = r.certificates {
        block.push(t!(
            lang,
            "report-certificates",
            qualify = qualify,
            registered = registered,
            pct = percent(lang, min * 100.0)
        ));
    }
    out.push(block.join("\n"));

    let mut block =
        vec![t!(lang, "report-ratings", count = r.ratings.n, mean = decimal(lang, r.ratings.mean.unwrap_or(0.0), 1))];
    let line = |key: &str, i: usize| {
        let s = &r.sessions[i];
        t!(
            lang,
            key,
            title = clip(&s.title, TITLE),
            day = s.day_number,
            mean = decimal(lang, s.ratings.mean.unwrap_or(0.0), 1),
            count = s.ratings.n
        )
    };
    match r.best {
        Some(b) => block.push(line("report-best", b)),
        None if r.ratings.n > 0 => block.push(t!(lang, "report-few-ratings", min = MIN_RATINGS)),
        None => {}
    }
    if let Some(w) = r.weakest {
        block.push(line("report-weakest", w));
        let said = &r.sessions[w].comments;
        if !said.is_empty() {
            block.push(t!(lang, "report-weakest-comments"));
            block.extend(said.iter().take(QUOTED).map(|c| format!("  {}", quote(lang, c))));
        }
    }
    let comments: usize = r.sessions.iter().map(|s| s.comments.len()).sum();
    block.push(t!(lang, "report-comments", count = comments));
    out.push(block.join("\n"));

    let mut block = Vec::new();
    if r.evaluations_invited == 0 {
        block.push(t!(lang, "report-evaluation-none"));
    } else {
        block.push(t!(lang, "report-evaluation-heading", done = r.evaluations_done, invited = r.evaluations_invited));
    }
    for item in &r.evaluation {
        let question =
            item.text.get(lang).or_else(|| item.text.values().next()).map_or(item.question_id.as_str(), String::as_str);
        let question = clip(question, TITLE);
        match &item.result {
            EvaluationResult::Rating(stats) => {
                let distribution: Vec<String> =
                    stats.distribution.iter().enumerate().map(|(i, n)| format!("{}★ {n}", i + 1)).collect();
                block.push(t!(
                    lang,
                    "report-evaluation-rating",
                    question = question,
                    count = stats.n,
                    mean = decimal(lang, stats.mean.unwrap_or(0.0), 1),
                    distribution = distribution.join(" · ")
                ));
            }
            EvaluationResult::Text(answers) => {
                let shown = answers.len().min(QUOTED);
                let shown_arg = if shown < answers.len() { shown } else { 0 };
                block.push(t!(
                    lang,
                    "report-evaluation-text",
                    question = question,
                    count = answers.len(),
                    shown = shown_arg
                ));
                block.extend(answers.iter().take(QUOTED).map(|a| format!("  {}", quote(lang, a))));
                if answers.len() > shown {
                    block.push(format!("  {}", t!(lang, "report-more", count = answers.len() - shown)));
                }
            }
        }
    }
    if r.evaluations_invited > 0 || !r.evaluation.is_empty() {
        out.push(block.join("\n"));
    }

    let gaps = &r.gaps;
    let mut block = vec![t!(lang, "report-gaps-heading", count = gaps.enquiries)];
    for g in &gaps.groups {
        block.push(match &g.topic {
            Topic::Filed(id) => t!(lang, "report-gap-filed", topic = topic_name(lang, faq, id), count = g.count),
            Topic::Closest(id) => t!(lang, "report-gap-closest", topic = topic_name(lang, faq, id), count = g.count),
            Topic::None => t!(lang, "report-gap-none", count = g.count),
        });
        let samples = crate::figures::data::distinct(&g.questions);
        block.extend(
            samples
                .iter()
                .take(SAMPLES)
                .map(|q| format!("  {}", quote(lang, &Said { author: None, text: q.text.clone() }))),
        );
    }
    if !gaps.unhelpful.is_empty() {
        block.push(t!(lang, "report-unhelpful-heading"));
        for u in &gaps.unhelpful {
            block.push(t!(lang, "report-unhelpful", topic = topic_name(lang, faq, &u.faq_id), count = u.count));
            block.extend(
                u.samples
                    .iter()
                    .take(SAMPLES)
                    .map(|q| format!("  {}", quote(lang, &Said { author: None, text: q.clone() }))),
            );
        }
    }
    if !gaps.groups.is_empty() || !gaps.unhelpful.is_empty() {
        block.push(t!(lang, "report-snippet-attached"));
    }
    out.push(block.join("\n"));
    out.join("\n\n")
}

pub fn snippet_heading(lang: &Lang, course: &str, enquiries: usize) -> String {
    t!(lang, "report-snippet-heading", course = course, count = enquiries)
}

pub fn snippet_entry(lang: &Lang, row: &FaqRow, topic: &Topic, count: usize) -> String {
    let name = super::enquiries::faq_topic(lang, row).replace('\n', " ");
    let key = match topic {
        Topic::Filed(_) => "report-snippet-filed",
        _ => "report-snippet-closest",
    };
    t!(lang, key, id = row.id.as_str(), topic = name, count = count)
}

pub fn snippet_new_entry(lang: &Lang, asked_in: Option<&Lang>) -> String {
    match asked_in.filter(|l| *l != lang) {
        Some(l) => t!(lang, "report-snippet-new-lang", language = language_name(l)),
        None => t!(lang, "report-snippet-new"),
    }
}

pub fn snippet_unhelpful(lang: &Lang, report: &CourseReport, _faq: &[FaqRow]) -> String {
    let mut out = vec![t!(lang, "report-snippet-unhelpful")];
    for u in &report.gaps.unhelpful {
        let question = u.samples.first().map(|q| clip(&q.replace('\n', " "), QUOTE)).unwrap_or_default();
        out.push(t!(
            lang,
            "report-snippet-unhelpful-entry",
            id = u.faq_id.as_str(),
            count = u.count,
            question = question
        ));
    }
    out.join("\n")
}

/// Replies of `/report` and the command line.
pub fn usage(lang: &Lang) -> String {
    t!(lang, "report-usage")
}

pub fn unknown_course(lang: &Lang, course: &str) -> String {
    t!(lang, "report-unknown-course", course = course)
}

pub fn no_sessions(lang: &Lang, course: &str) -> String {
    t!(lang, "report-no-sessions", course = course)
}

pub fn caption(lang: &Lang, which: &str, course: &str) -> String {
    t!(lang, &format!("report-{which}-caption"), course = course)
}
