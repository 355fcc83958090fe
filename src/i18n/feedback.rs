//! Session feedback and the course evaluation in words
//! (`locales/*/feedback.ftl`). Titles and questions come from the
//! programme and answers from trainees: set in as they are.

use chrono::{DateTime, Utc};

use super::{day, time, Lang};
use crate::db::feedback::{ClosureCounts, FeedbackStats};
use crate::domain::Zone;
use crate::t;

/// "How useful was …?", its session named with its day and time in the
/// reader's zone.
pub fn ask(lang: &Lang, title: &str, starts_at: DateTime<Utc>, zone: Zone) -> String {
    let local = starts_at.with_timezone(&zone.tz());
    let when = t!(lang, "notice-when", day = day(lang, local.date_naive()), time = time(lang, local.time()));
    t!(lang, "feedback-ask", title = title, when = when)
}

pub fn invite(lang: &Lang, course: &str, title: &str, questions: usize) -> String {
    t!(lang, "evaluation-invite", course = course, title = title, count = questions as i64)
}

pub fn rated(lang: &Lang, title: &str, rating: u8) -> String {
    t!(lang, "feedback-rated", title = title, rating = i64::from(rating))
}

pub fn comment_prompt(lang: &Lang, title: &str, max: usize) -> String {
    t!(lang, "feedback-comment-prompt", title = title, max = max as i64)
}

pub fn already(lang: &Lang, title: &str, rating: Option<u8>) -> String {
    match rating {
        Some(r) => t!(lang, "feedback-already-rated", title = title, rating = i64::from(r)),
        None => t!(lang, "feedback-already-answered", title = title),
    }
}

pub fn too_long(lang: &Lang, length: usize, max: usize) -> String {
    t!(lang, "feedback-too-long", length = length as i64, max = max as i64)
}

/// One evaluation question: where it stands, the question, how to answer.
pub fn question(lang: &Lang, n: usize, total: usize, text: &str, rating: bool) -> String {
    let hint = if rating { t!(lang, "evaluation-rating-hint") } else { t!(lang, "evaluation-text-hint") };
    format!("{}\n\n{text}\n\n{hint}", t!(lang, "evaluation-progress", n = n as i64, total = total as i64))
}

/// The question as it reads once answered (its buttons gone).
pub fn question_answered(lang: &Lang, n: usize, total: usize, text: &str, rating: Option<u8>) -> String {
    let answer = match rating {
        Some(r) => t!(lang, "evaluation-answered-rating", rating = i64::from(r)),
        None => t!(lang, "evaluation-answered-skipped"),
    };
    format!("{}\n\n{text}\n\n{answer}", t!(lang, "evaluation-progress", n = n as i64, total = total as i64))
}

pub fn closure(lang: &Lang, course: &str, c: ClosureCounts) -> String {
    let key = if c.already_closed { "closeevaluation-again" } else { "closeevaluation-done" };
    t!(lang, key, course = course, done = c.done, partly = c.partly, not_started = c.not_started)
}

/// Two lines of /stats.
pub fn stats_lines(lang: &Lang, s: FeedbackStats) -> [String; 2] {
    [
        t!(lang, "stats-feedback", asked = s.feedback_asked, rated = s.feedback_rated, comments = s.feedback_comments),
        t!(lang, "stats-evaluations", invited = s.evaluations_invited, done = s.evaluations_done),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_feedback_question_names_the_session_in_the_readers_language_and_zone() {
        let at = chrono_tz::Asia::Karachi.with_ymd_and_hms(2021, 2, 9, 9, 30, 0).unwrap().to_utc();
        let zone = Zone::parse("Asia/Karachi").unwrap();
        assert_eq!(
            ask(&Lang::english(), "Opening", at, zone),
            "How useful was \"Opening\" (Tuesday 9 February, 09:30)?\nTap 1 (not useful) to 5 (very useful)."
        );
        let fr = ask(&Lang::parse("fr").unwrap(), "Opening", at, zone);
        assert!(
            fr.starts_with("Dans quelle mesure la séance «\u{a0}Opening\u{a0}» (mardi 9 février à 9 h 30)"),
            "{fr}"
        );
    }

    #[test]
    fn an_invitation_counts_its_questions() {
        let en = Lang::english();
        assert!(invite(&en, "C-1", "Risk", 1).contains("has one question"));
        assert!(invite(&en, "C-1", "Risk", 4).contains("has 4 questions"));
    }
}
