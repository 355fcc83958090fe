//! Callback data: what a button sends back when tapped, "area:action".

use crate::db::ProfileField;
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
    fn a_faq_id_one_longer_cannot_exist() {
        assert!(FaqId::parse(&"f".repeat(FaqId::MAX_LEN + 1)).is_err());
    }
}
