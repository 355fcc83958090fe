//! Callback data: what a button sends back when tapped, "area:action".

use crate::db::ProfileField;
use crate::domain::lesson::Rating;
use crate::domain::{CourseCode, FaqId, Lang};

/// Telegram refuses a button whose callback data is longer than this, and
/// with it the whole keyboard. Every button's data is made here, from
/// values whose length their types bound, so none can exceed it.
pub const MAX_DATA_BYTES: usize = 64;

/// A `/faq` topic: at most 4 + 60 bytes (`FaqId::MAX_LEN`).
pub fn faq_data(id: &FaqId) -> String {
    format!("faq:{id}")
}

/// A course to leave, from `/withdraw`: at most 3 + 32 bytes.
pub fn withdraw_data(code: &CourseCode) -> String {
    format!("wd:{code}")
}

/// A course to register for: at most 11 + 32 bytes.
pub fn course_choice_data(code: &CourseCode) -> String {
    format!("reg:course:{code}")
}

/// A field to change from the registration summary's Edit.
pub fn registration_edit_data(field: ProfileField) -> String {
    format!("reg:edit:{}", field.key())
}

/// A `/profile` field to edit.
pub fn profile_edit_data(field: ProfileField) -> String {
    format!("prof:{}", field.key())
}

/// A language from `/language`, or `None` for automatic: at most 5 + 4
/// bytes (a language is a 2–3 letter code).
pub fn language_data(lang: Option<&Lang>) -> String {
    match lang {
        Some(l) => format!("lang:{l}"),
        None => "lang:auto".to_owned(),
    }
}

/// Yes / No under a FAQ answer: at most 10 + 20 bytes (an i64).
pub fn faq_feedback_data(helpful: bool, question: i64) -> String {
    format!("faqfb:{}:{question}", if helpful { "yes" } else { "no" })
}

/// One of the entries "Did you mean…?" offered for question `question`,
/// by its place in the stored list (an FAQ id could fill the data alone),
/// or `None` for "None of these": at most 7 + 20 + 4 bytes.
pub fn suggestion_data(question: i64, pick: Option<usize>) -> String {
    match pick {
        Some(i) => format!("faqsg:{question}:{i}"),
        None => format!("faqsg:{question}:none"),
    }
}

/// A broadcast's audience: everyone, or one course (at most 7 + 32 bytes).
pub fn audience_data(course: Option<&CourseCode>) -> String {
    match course {
        Some(code) => format!("bc:aud:{code}"),
        None => "bc:aud:*".to_owned(),
    }
}

/// "Add a French version" under a broadcast's preview: a language is 2–3
/// letters (`Lang`), so at most 11 bytes.
pub fn broadcast_version_data(lang: &Lang) -> String {
    format!("bc:lang:{lang}")
}

/// What a learning button is about: the `nth` question of an enquiry (0:
/// the first, then its follow-ups), or a question whose asker said a FAQ
/// answer helped (from /learn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LearnTarget {
    Enquiry { enquiry: i64, nth: u32 },
    Helpful { question: i64 },
}

/// A tap on a learning button, read back from its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LearnTap {
    /// "This is FAQ entry…" / "Another entry…": show the picker.
    Open(LearnTarget),
    /// A page of the picker.
    Page(LearnTarget, u32),
    /// An entry picked: its place in the FAQ's order and a fingerprint of
    /// its id, so a reload that moved entries cannot file it elsewhere.
    File {
        target: LearnTarget,
        position: u32,
        fingerprint: u32,
    },
    Cancel(LearnTarget),
    /// "Not an example" under a helpful question.
    Dismiss(i64),
}

fn target_code(t: LearnTarget) -> String {
    match t {
        LearnTarget::Enquiry { enquiry, nth } => format!("e{enquiry}.{nth}"),
        LearnTarget::Helpful { question } => format!("q{question}"),
    }
}

fn parse_target(s: &str) -> Option<LearnTarget> {
    if let Some(rest) = s.strip_prefix('e') {
        let (enquiry, nth) = rest.split_once('.')?;
        return Some(LearnTarget::Enquiry { enquiry: enquiry.parse().ok()?, nth: nth.parse().ok()? });
    }
    Some(LearnTarget::Helpful { question: s.strip_prefix('q')?.parse().ok()? })
}

/// FNV-1a of a FAQ id: stable across builds and versions (std's hasher
/// is not), and 8 hex digits in the data.
pub fn faq_fingerprint(id: &str) -> u32 {
    id.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// At most 6 + 1 + 19 + 1 + 10 bytes (`e`, an i64, `.`, a u32).
pub fn learn_open_data(t: LearnTarget) -> String {
    format!("lrn:o:{}", target_code(t))
}

/// At most 6 + 31 + 1 + 10 bytes.
pub fn learn_page_data(t: LearnTarget, page: u32) -> String {
    format!("lrn:p:{}:{page}", target_code(t))
}

/// At most 6 + 31 + 1 + 10 + 1 + 8 = 57 bytes, whatever the FAQ id.
pub fn learn_file_data(t: LearnTarget, position: u32, faq_id: &str) -> String {
    format!("lrn:f:{}:{position}:{:08x}", target_code(t), faq_fingerprint(faq_id))
}

pub fn learn_cancel_data(t: LearnTarget) -> String {
    format!("lrn:x:{}", target_code(t))
}

/// At most 6 + 1 + 20 bytes.
pub fn learn_dismiss_data(question: i64) -> String {
    format!("lrn:n:q{question}")
}

/// A learning button's data read back; None for anything else or forged.
pub fn parse_learn(data: &str) -> Option<LearnTap> {
    let rest = data.strip_prefix("lrn:")?;
    let (action, rest) = rest.split_once(':')?;
    let mut parts = rest.split(':');
    let target = parse_target(parts.next()?)?;
    let tap = match action {
        "o" => LearnTap::Open(target),
        "p" => LearnTap::Page(target, parts.next()?.parse().ok()?),
        "f" => LearnTap::File {
            target,
            position: parts.next()?.parse().ok()?,
            fingerprint: u32::from_str_radix(parts.next()?, 16).ok()?,
        },
        "x" => LearnTap::Cancel(target),
        "n" => match target {
            LearnTarget::Helpful { question } => LearnTap::Dismiss(question),
            LearnTarget::Enquiry { .. } => return None,
        },
        _ => return None,
    };
    parts.next().is_none().then_some(tap)
}

/// "I'm here" under a reminder: made with the notice
/// (`NoticeButton::im_here`), at most 5 + 16 bytes.
pub fn here_data(session_id: &str) -> String {
    crate::domain::notice::NoticeButton::im_here(session_id).data
}

/// A coordinator's mark from an `/attendance SESSION` sheet: `part` is
/// which of the sheet's messages (a long course is split), so a tap
/// redraws that one. At most 6 + 16 + 1 + 10 + 1 + 20 + 2 = 56 bytes.
pub fn attendance_mark_data(session_id: &str, part: u32, user_id: i64, present: bool) -> String {
    let mark = if present { "p" } else { "a" };
    format!("att:m:{}:{part}:{user_id}:{mark}", session_ref(session_id))
}

/// A session picked from `/attendance` without an argument: 6 + 16 bytes.
pub fn attendance_open_data(session_id: &str) -> String {
    format!("att:o:{}", session_ref(session_id))
}

/// A tap on a coordinator's attendance button, read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttendanceTap {
    Open { session_ref: String },
    Mark { session_ref: String, part: u32, user_id: i64, present: bool },
}

/// None for anything else or forged.
pub fn parse_attendance(data: &str) -> Option<AttendanceTap> {
    let rest = data.strip_prefix("att:")?;
    let mut parts = rest.split(':');
    let tap = match parts.next()? {
        "o" => AttendanceTap::Open { session_ref: session_ref_part(parts.next()?)? },
        "m" => AttendanceTap::Mark {
            session_ref: session_ref_part(parts.next()?)?,
            part: parts.next()?.parse().ok()?,
            user_id: parts.next()?.parse().ok()?,
            present: match parts.next()? {
                "p" => true,
                "a" => false,
                _ => return None,
            },
        },
        _ => return None,
    };
    parts.next().is_none().then_some(tap)
}

// The scheduler queues these buttons and sits below this layer, so their
// data is made beside it; every tap is read back here.
pub use crate::notify::lessons::{
    evaluation_rate_data, evaluation_skip_data, evaluation_start_data, feedback_rate_data, feedback_skip_data,
    question_fingerprint,
};

/// A tap under a session's feedback question or its comment prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackTap {
    Rate(i64, Rating),
    Skip(i64),
}

pub fn parse_feedback(data: &str) -> Option<FeedbackTap> {
    let mut parts = data.strip_prefix("fb:")?.split(':');
    let tap = match parts.next()? {
        "r" => {
            FeedbackTap::Rate(parts.next()?.parse().ok()?, Rating::try_from(parts.next()?.parse::<i64>().ok()?).ok()?)
        }
        "s" => FeedbackTap::Skip(parts.next()?.parse().ok()?),
        _ => return None,
    };
    parts.next().is_none().then_some(tap)
}

/// The session reference of an "I'm here" tap's action.
pub fn parse_here(action: &str) -> Option<String> {
    session_ref_part(action)
}

fn session_ref_part(s: &str) -> Option<String> {
    (s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| s.to_ascii_lowercase())
}

pub use crate::domain::notice::session_ref;

/// A tap in a course evaluation: its row, and a question by a fingerprint
/// of its id (an id may be 40 bytes; a reworded file keeps the id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvaluationTap {
    Start(i64),
    Rate { evaluation: i64, question: u32, rating: Rating },
    Skip { evaluation: i64, question: u32 },
}

pub fn parse_evaluation(data: &str) -> Option<EvaluationTap> {
    let mut parts = data.strip_prefix("ev:")?.split(':');
    let action = parts.next()?;
    let evaluation = parts.next()?.parse().ok()?;
    let tap = match action {
        "go" => EvaluationTap::Start(evaluation),
        "r" => EvaluationTap::Rate {
            evaluation,
            question: u32::from_str_radix(parts.next()?, 16).ok()?,
            rating: Rating::try_from(parts.next()?.parse::<i64>().ok()?).ok()?,
        },
        "k" => EvaluationTap::Skip { evaluation, question: u32::from_str_radix(parts.next()?, 16).ok()? },
        _ => return None,
    };
    parts.next().is_none().then_some(tap)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(data: &str) {
        assert!(data.len() <= MAX_DATA_BYTES, "{data:?} is {} bytes", data.len());
    }

    #[test]
    fn callback_data_from_the_longest_valid_values_fits_telegrams_limit() {
        let faq = FaqId::parse(&"f".repeat(FaqId::MAX_LEN)).unwrap();
        assert_eq!(faq_data(&faq).len(), MAX_DATA_BYTES, "the longest FAQ id fills the data exactly");
        let code = CourseCode::parse(&"C".repeat(32)).unwrap();
        assert!(CourseCode::parse(&"C".repeat(33)).is_err(), "32 is the longest course code");
        fits(&withdraw_data(&code));
        fits(&course_choice_data(&code));
        fits(&audience_data(Some(&code)));
        fits(&language_data(Some(&Lang::parse("xyz").unwrap())));
        fits(&language_data(None));
        fits(&broadcast_version_data(&Lang::parse("abc").unwrap()));
        for f in ProfileField::ALL {
            fits(&profile_edit_data(f));
            fits(&registration_edit_data(f));
        }
        for q in [i64::MIN, i64::MAX] {
            fits(&faq_feedback_data(false, q));
            fits(&faq_feedback_data(true, q));
            fits(&suggestion_data(q, None));
            fits(&suggestion_data(q, Some(crate::enquiry::matcher::MAX_SUGGESTIONS)));
        }
        for fixed in ["wd:keep", "forget:yes", "forget:no", "reg:confirm", "reg:edit", "reg:edit:course"] {
            fits(fixed);
        }
    }

    #[test]
    fn learning_buttons_fit_and_read_back_as_made() {
        let longest = "f".repeat(FaqId::MAX_LEN);
        for target in [
            LearnTarget::Enquiry { enquiry: i64::MAX, nth: u32::MAX },
            LearnTarget::Enquiry { enquiry: 1, nth: 0 },
            LearnTarget::Helpful { question: i64::MIN },
            LearnTarget::Helpful { question: 7 },
        ] {
            let file = learn_file_data(target, u32::MAX, &longest);
            fits(&file);
            let fingerprint = faq_fingerprint(&longest);
            assert_eq!(parse_learn(&file), Some(LearnTap::File { target, position: u32::MAX, fingerprint }));
            fits(&learn_open_data(target));
            assert_eq!(parse_learn(&learn_open_data(target)), Some(LearnTap::Open(target)));
            fits(&learn_page_data(target, u32::MAX));
            assert_eq!(parse_learn(&learn_page_data(target, 3)), Some(LearnTap::Page(target, 3)));
            fits(&learn_cancel_data(target));
            assert_eq!(parse_learn(&learn_cancel_data(target)), Some(LearnTap::Cancel(target)));
        }
        fits(&learn_dismiss_data(i64::MIN));
        assert_eq!(parse_learn(&learn_dismiss_data(42)), Some(LearnTap::Dismiss(42)));
        for forged in ["lrn:", "lrn:o:", "lrn:o:x1", "lrn:f:e1.0:2", "lrn:n:e1.0", "lrn:o:e1.0:extra", "faq:x"] {
            assert_eq!(parse_learn(forged), None, "{forged}");
        }
        assert_ne!(faq_fingerprint("venue"), faq_fingerprint("venues"));
        assert_eq!(faq_fingerprint(""), 0x811c_9dc5, "FNV-1a's offset basis: the hash is the published one");
    }

    #[test]
    fn attendance_buttons_fit_with_the_longest_session_id_and_read_back_as_made() {
        let longest = "s".repeat(64);
        assert!(crate::domain::SessionId::parse(&longest).is_ok());
        let here = here_data(&longest);
        fits(&here);
        assert_eq!(parse_here(here.strip_prefix("here:").unwrap()), Some(session_ref(&longest)));
        let mark = attendance_mark_data(&longest, u32::MAX, i64::MIN, true);
        fits(&mark);
        assert_eq!(
            parse_attendance(&attendance_mark_data(&longest, 2, 42, false)),
            Some(AttendanceTap::Mark { session_ref: session_ref(&longest), part: 2, user_id: 42, present: false })
        );
        fits(&attendance_open_data(&longest));
        assert_eq!(
            parse_attendance(&attendance_open_data("d1-opening")),
            Some(AttendanceTap::Open { session_ref: session_ref("d1-opening") })
        );
        assert_ne!(session_ref("d1-opening"), session_ref("d1-openinh"));
        for forged in ["att:", "att:o:xyz", "att:m:0123456789abcdef:0:1:x", "att:o:0123456789abcdef:1", "here:1"] {
            assert_eq!(parse_attendance(forged), None, "{forged}");
        }
        assert_eq!(parse_here("zz"), None);
    }

    #[test]
    fn feedback_and_evaluation_buttons_fit_and_read_back_as_made() {
        use crate::domain::lesson::QuestionId;
        let five = Rating::try_from(5).unwrap();
        let q = QuestionId::parse(&"q".repeat(40)).unwrap();
        for id in [i64::MIN, i64::MAX, 7] {
            fits(&feedback_rate_data(id, five));
            assert_eq!(parse_feedback(&feedback_rate_data(id, five)), Some(FeedbackTap::Rate(id, five)));
            assert_eq!(parse_feedback(&feedback_skip_data(id)), Some(FeedbackTap::Skip(id)));
            fits(&evaluation_start_data(id));
            fits(&evaluation_rate_data(id, &q, five));
            fits(&evaluation_skip_data(id, &q));
            assert_eq!(parse_evaluation(&evaluation_start_data(id)), Some(EvaluationTap::Start(id)));
            let question = question_fingerprint(&q);
            assert_eq!(
                parse_evaluation(&evaluation_rate_data(id, &q, five)),
                Some(EvaluationTap::Rate { evaluation: id, question, rating: five })
            );
            assert_eq!(
                parse_evaluation(&evaluation_skip_data(id, &q)),
                Some(EvaluationTap::Skip { evaluation: id, question })
            );
        }
        for forged in ["fb:r:1:6", "fb:r:1:0", "fb:r:x:3", "fb:s:1:2", "ev:go:x", "ev:r:1:zz:3", "ev:k:1", "fb:"] {
            assert_eq!(parse_feedback(forged), None, "{forged}");
            assert_eq!(parse_evaluation(forged), None, "{forged}");
        }
    }

    #[test]
    fn a_faq_id_one_longer_cannot_exist() {
        assert!(FaqId::parse(&"f".repeat(FaqId::MAX_LEN + 1)).is_err());
    }
}
