//! `/calendar`'s replies and the name of an enquiry's forum topic.

use super::{clip, Lang};
use crate::db::CourseRow;
use crate::t;

/// Telegram's limit on a forum topic's name, in characters.
pub const TOPIC_NAME_LIMIT: usize = 128;

fn course_list(lang: &Lang, courses: &[CourseRow]) -> String {
    if courses.is_empty() {
        return t!(lang, "calendar-no-courses");
    }
    courses
        .iter()
        .map(|c| t!(lang, "calendar-course-line", code = c.code.as_str(), title = clip(&c.title, 80)))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn not_registered(lang: &Lang, open: &[CourseRow]) -> String {
    format!("{}\n\n{}", t!(lang, "calendar-not-registered"), course_list(lang, open))
}

pub fn usage(lang: &Lang, courses: &[CourseRow]) -> String {
    format!("{}\n\n{}", t!(lang, "calendar-usage"), course_list(lang, courses))
}

pub fn unknown_course(lang: &Lang, typed: &str, courses: &[CourseRow]) -> String {
    format!("{}\n\n{}", t!(lang, "calendar-unknown-course", code = clip(typed, 40)), course_list(lang, courses))
}

/// The caption under the file: which course(s), how many sessions, and
/// what to do with it.
pub fn caption(lang: &Lang, codes: &[&str], sessions: usize, cancelled: usize) -> String {
    t!(lang, "calendar-caption", courses = codes.join(", "), sessions = sessions as i64, cancelled = cancelled as i64)
}

/// "#12 — Ayesha Khan", within Telegram's limit.
pub fn topic_name(lang: &Lang, enquiry: i64, asker: &str) -> String {
    let name = t!(lang, "forum-topic-name", id = enquiry, asker = clip(asker, 100));
    clip(&name, TOPIC_NAME_LIMIT - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_name_keeps_within_telegrams_limit() {
        let lang = Lang::english();
        assert_eq!(topic_name(&lang, 12, "Ayesha Khan"), "#12 — Ayesha Khan");
        let long = "ع".repeat(300);
        let name = topic_name(&lang, 123_456, &long);
        assert!(name.chars().count() <= TOPIC_NAME_LIMIT, "{}", name.chars().count());
        assert!(name.starts_with("#123456 — "));
    }
}
