//! What the bot has to tell someone, held as values and no words. A notice
//! is queued as it is and put into words only when it is sent
//! (`i18n::notices::render`), in the reader's language and zone as they are
//! at that moment: a change of language or zone applies to what is still
//! queued. What people typed (a question, an answer, a name) is carried
//! verbatim and shown as typed.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{FaqRow, Lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum Notice {
    /// Shortly before a session starts, or late while it is still on.
    /// `code_required`: the course takes presence by room code only, so
    /// the reminder says to send `/here CODE` (and has no "I'm here").
    Reminder {
        course: String,
        session: SessionInfo,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        code_required: bool,
    },
    /// The day's sessions of the reader's courses, in time order.
    Digest { day: NaiveDate, sessions: Vec<SessionInfo> },
    /// A session moved, changed room, was cancelled or left the programme
    /// (`after.removed`).
    Change { before: SessionSnapshot, after: SessionSnapshot },
    /// Someone on the wait-list got a place.
    Promoted { course: String, title: String },
    /// To a broadcast's author once nothing of it is left to send.
    BroadcastReport(BroadcastReport),
    /// One message of an enquiry, relayed to the coordinators.
    Relay(Relay),
    /// The caption of a photo or document that follows a relay.
    RelayFile { enquiry: i64, asker: String },
    /// A coordinator's answer, to the person who asked.
    Answer { enquiry: i64, question: String, body: String, has_file: bool },
    /// The caption of a photo or document that follows an answer.
    AnswerFile { enquiry: i64 },
    /// To the other coordinators (no staff group sees it): someone answered.
    AnsweredBy { enquiry: i64, coordinator: String, answer: String },
    /// To the asker: closed without a written answer.
    Closed { enquiry: i64, question: String },
    /// To the asker: a coordinator filed their enquiry under a FAQ entry,
    /// whose answer is theirs (in their language if the entry has it).
    FaqAnswer { enquiry: i64, question: String, entry: FaqSnapshot },
    /// To the other coordinators (no staff group sees it): someone filed an
    /// enquiry under a FAQ entry.
    FiledBy { enquiry: i64, coordinator: String, entry: FaqSnapshot },
    /// To the coordinators: an answer cannot reach its asker for good.
    /// `reason` is the delivery's own record (Telegram's refusal, a
    /// time-out), passed on as it is.
    Undelivered { enquiry: i64, asker: String, reason: String },
    /// After a session they attended: "How useful was …?", with 1–5 and
    /// Skip buttons.
    FeedbackAsk { session: String, title: String, starts_at: DateTime<Utc> },
    /// After a course's last session: an invitation to its evaluation,
    /// with a Start button.
    EvaluationInvite { course: String, title: String, questions: usize },
}

/// A session as a reminder or a digest shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub minutes: i64,
    pub room: Option<String>,
    pub speaker: Option<String>,
}

impl SessionInfo {
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.starts_at + Duration::minutes(self.minutes)
    }
}

/// What a session looked like before or after a change (kept in the
/// change log, so the shape must stay readable: new fields get defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSnapshot {
    pub id: String,
    pub course_code: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub minutes: i64,
    pub room: Option<String>,
    pub cancelled: bool,
    /// Gone from `programme.toml` (a /reload), rather than called off by a
    /// coordinator.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

impl SessionSnapshot {
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.starts_at + Duration::minutes(self.minutes)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BroadcastReport {
    pub broadcast: i64,
    /// A course code; None: everyone registered.
    pub audience: Option<String>,
    pub content: BroadcastContent,
    pub delivered: i64,
    pub blocked: i64,
    pub failed: i64,
    /// Why items failed (as recorded), with how many, most common first.
    pub failures: Vec<(String, i64)>,
}

/// What a broadcast was, for its author to recognise it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BroadcastContent {
    Text {
        text: String,
    },
    Photo {
        caption: Option<String>,
    },
    Document {
        caption: Option<String>,
    },
    /// A payload this version cannot read.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relay {
    pub enquiry: i64,
    pub kind: RelayKind,
    /// The question of the FAQ entry whose answer did not help, if any.
    pub faq_missed: Option<String>,
    /// The asker's registered name, else their Telegram name.
    pub asker: String,
    pub username: Option<String>,
    /// Their courses at the time; empty: not registered.
    pub courses: Vec<CourseRef>,
    /// What they typed, verbatim (empty for a file without a caption).
    pub body: String,
    /// A photo or document follows in its own message.
    pub has_file: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelayKind {
    New,
    FollowUp,
    /// A follow-up to an answered or closed enquiry, which opens it again.
    Reopened,
}

/// A FAQ entry's question and answer in each language it had when a
/// notice about it was queued: a reload before it is sent changes nothing
/// of what was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqSnapshot {
    pub id: String,
    /// The language of the entry's own text.
    pub language: Lang,
    pub versions: BTreeMap<Lang, FaqVersion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqVersion {
    pub question: String,
    pub answer: String,
}

impl FaqSnapshot {
    pub fn of(row: &FaqRow) -> Self {
        let versions = row
            .versions()
            .map(|(l, t)| (l.clone(), FaqVersion { question: t.question.clone(), answer: t.answer.clone() }))
            .collect();
        Self { id: row.id.clone(), language: row.language.clone(), versions }
    }

    /// The entry in `lang`, if it has that language.
    pub fn in_language(&self, lang: &Lang) -> Option<&FaqVersion> {
        self.versions.get(lang)
    }

    /// The entry's own text.
    pub fn own(&self) -> Option<&FaqVersion> {
        self.versions.get(&self.language)
    }
}

/// A button under a queued notice: its label is put into words when the
/// notice is sent, in the reader's language; its data is fixed when queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeButton {
    pub label: ButtonLabel,
    pub data: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonLabel {
    /// Under a relayed enquiry: "This is FAQ entry…".
    FileUnderFaq,
    /// A usefulness rating, 1–5, under a feedback question.
    Rating(u8),
    /// Under a feedback question: no rating.
    SkipFeedback,
    /// Under an evaluation's invitation.
    StartEvaluation,
    /// Under a session's reminder: records the reader as present.
    ImHere,
}

impl NoticeButton {
    /// "I'm here" under the reminder of session `session_id`. Its data is
    /// made here rather than in `bot::buttons` because the scheduler, below
    /// the bot, queues it; `bot::buttons` reads it back.
    pub fn im_here(session_id: &str) -> Self {
        Self { label: ButtonLabel::ImHere, data: format!("here:{}", session_ref(session_id)) }
    }
}

/// A session's short reference in button data (an id may be 64 bytes,
/// more than a button holds): FNV-1a 64 of the id in 16 hex digits,
/// stable across builds and versions, looked up among the session ids.
pub fn session_ref(session_id: &str) -> String {
    let h =
        session_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{h:016x}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseRef {
    pub code: String,
    pub waitlisted: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_reads_back_as_it_was_stored() {
        let notices = [
            Notice::Promoted { course: "TINY-1".into(), title: "One place".into() },
            Notice::Relay(Relay {
                enquiry: 7,
                kind: RelayKind::Reopened,
                faq_missed: Some("Will I get a certificate?".into()),
                asker: "Ayesha Khan".into(),
                username: None,
                courses: vec![CourseRef { code: "CECAC-PILOT".into(), waitlisted: true }],
                body: "Où est la salle B ?".into(),
                has_file: true,
            }),
            Notice::BroadcastReport(BroadcastReport {
                broadcast: 3,
                audience: None,
                content: BroadcastContent::Photo { caption: None },
                delivered: 2,
                blocked: 1,
                failed: 0,
                failures: vec![("Bad Request".into(), 1)],
            }),
        ];
        for n in notices {
            let json = serde_json::to_string(&n).unwrap();
            assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), n, "{json}");
        }
    }

    #[test]
    fn a_snapshot_logged_before_removed_existed_reads_as_not_removed() {
        let old = r#"{"id":"open","course_code":"DAY-1","title":"Opening","starts_at":"2021-02-09T04:30:00Z",
                      "minutes":60,"room":null,"cancelled":true}"#;
        let s: SessionSnapshot = serde_json::from_str(old).unwrap();
        assert!(s.cancelled && !s.removed);
        assert!(!serde_json::to_string(&s).unwrap().contains("removed"), "not written while false");
    }
}
