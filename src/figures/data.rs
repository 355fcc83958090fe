//! The course report as data: per session attendance and ratings, the
//! trend, the best and weakest sessions, the evaluation's results and the
//! FAQ gaps. No text: `i18n::report` words it, `csv` and `chart` draw it.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::db::report::{ReportRows, ReportSessionRow};
use crate::domain::lesson::{CourseLessons, QuestionKind};
use crate::domain::{FaqRow, Lang};
use crate::enquiry::matcher::{fold, Matcher, Route};

/// A session needs this many ratings to be called best or weakest: one
/// trainee's opinion is not the cohort's.
pub const MIN_RATINGS: u32 = 3;
/// Sample questions kept per FAQ-gap group.
pub const SAMPLES: usize = 5;
/// New-entry skeletons offered at most (one per distinct question).
pub const MAX_SKELETONS: usize = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    Held,
    Cancelled,
    /// Not started yet when the report was made.
    Upcoming,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RatingStats {
    pub n: u32,
    /// None without ratings: a gap, never a zero.
    pub mean: Option<f64>,
    /// How many 1s, 2s, 3s, 4s and 5s.
    pub distribution: [u32; 5],
}

impl RatingStats {
    pub fn from_distribution(distribution: [u32; 5]) -> Self {
        let n: u32 = distribution.iter().sum();
        let total: u32 = distribution.iter().enumerate().map(|(i, c)| (i as u32 + 1) * c).sum();
        let mean = (n > 0).then(|| f64::from(total) / f64::from(n));
        Self { n, mean, distribution }
    }

    fn from_values(values: impl IntoIterator<Item = u8>) -> Self {
        let mut distribution = [0u32; 5];
        for v in values.into_iter().filter(|v| (1..=5).contains(v)) {
            distribution[usize::from(v - 1)] += 1;
        }
        Self::from_distribution(distribution)
    }
}

/// Someone's words: a comment or an evaluation answer. `author` is set only
/// when the course does not keep feedback anonymous.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub author: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionReport {
    pub id: String,
    pub day: NaiveDate,
    /// The course day: 1 for the first day with a session, 2 for the next
    /// day with one, and so on.
    pub day_number: u32,
    pub starts_at: DateTime<Utc>,
    pub title: String,
    pub status: SessionStatus,
    pub registered: u32,
    pub present: u32,
    /// present / registered, 0–100; None for a session not held.
    pub present_pct: Option<f64>,
    pub ratings: RatingStats,
    pub comments: Vec<Said>,
}

/// Attendance over the course: per day, and the first half of the held
/// sessions against the second.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub per_day: Vec<(NaiveDate, f64)>,
    pub first_half: Option<f64>,
    pub second_half: Option<f64>,
}

impl Trend {
    /// Positive: attendance grew; negative: it fell; in percentage points.
    pub fn change(&self) -> Option<f64> {
        Some(self.second_half? - self.first_half?)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum EvaluationResult {
    Rating(RatingStats),
    Text(Vec<Said>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationItem {
    pub question_id: String,
    /// The question in each language it was written in.
    pub text: BTreeMap<Lang, String>,
    pub result: EvaluationResult,
}

/// Where a group of enquiries belongs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Topic {
    /// A coordinator filed them under this entry.
    Filed(String),
    /// Nobody filed them; this entry is the closest the matcher finds.
    Closest(String),
    /// Nothing in the FAQ is near: a new entry is needed.
    None,
}

impl Topic {
    pub fn faq_id(&self) -> Option<&str> {
        match self {
            Topic::Filed(id) | Topic::Closest(id) => Some(id),
            Topic::None => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub text: String,
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GapGroup {
    pub topic: Topic,
    pub count: usize,
    /// Every question of the group, oldest first (the snippet uses them
    /// all; the summary shows the first few).
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unhelpful {
    pub faq_id: String,
    pub count: usize,
    pub samples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FaqGaps {
    pub enquiries: usize,
    /// Most asked first; "no topic" last.
    pub groups: Vec<GapGroup>,
    pub unhelpful: Vec<Unhelpful>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CourseReport {
    pub course: String,
    pub title: String,
    pub made_at: DateTime<Utc>,
    pub anonymous: bool,
    pub registered: u32,
    pub sessions: Vec<SessionReport>,
    pub trend: Trend,
    /// Mean attendance % over the sessions held.
    pub mean_attendance: Option<f64>,
    pub ratings: RatingStats,
    /// Indexes into `sessions`.
    pub best: Option<usize>,
    pub weakest: Option<usize>,
    pub evaluations_invited: u32,
    pub evaluations_done: u32,
    pub evaluation: Vec<EvaluationItem>,
    pub gaps: FaqGaps,
    /// (qualify, registered, the share needed) when the course sets one.
    pub certificates: Option<(u32, u32, f64)>,
}

impl CourseReport {
    pub fn held(&self) -> impl Iterator<Item = &SessionReport> {
        self.sessions.iter().filter(|s| s.status == SessionStatus::Held)
    }

    /// Builds the report from the database's rows, the course's rules and
    /// the FAQ (its entries and matcher, to place unfiled enquiries).
    /// `shares`: each registered trainee's attendance share, for the
    /// certificate line.
    #[allow(clippy::too_many_arguments)]
    pub fn build(
        course: &str,
        rows: ReportRows,
        lessons: &CourseLessons,
        faq: &[FaqRow],
        matcher: &Matcher,
        programme_lang: &Lang,
        shares: &[f64],
        now: DateTime<Utc>,
    ) -> Self {
        let anonymous = lessons.feedback.anonymous;
        // Course days are the days with a session: a weekend is no day.
        let mut days: Vec<NaiveDate> = rows.sessions.iter().map(|s| s.starts_local.date()).collect();
        days.sort_unstable();
        days.dedup();
        let mut sessions: Vec<SessionReport> =
            rows.sessions.iter().map(|s| session(s, rows.registered, &days, now)).collect();
        for c in rows.comments {
            if let Some(s) = sessions.iter_mut().find(|s| s.id == c.session_id) {
                s.comments.push(Said { author: c.author.filter(|_| !anonymous), text: c.body });
            }
        }

        let held: Vec<&SessionReport> = sessions.iter().filter(|s| s.status == SessionStatus::Held).collect();
        let pcts: Vec<f64> = held.iter().filter_map(|s| s.present_pct).collect();
        let mean_attendance = mean(&pcts);
        let half = pcts.len() / 2;
        let trend = Trend {
            per_day: per_day(&held),
            first_half: if pcts.len() >= 2 { mean(&pcts[..half]) } else { None },
            second_half: if pcts.len() >= 2 { mean(&pcts[pcts.len() - half..]) } else { None },
        };

        let mut total = [0u32; 5];
        for s in &sessions {
            for (t, n) in total.iter_mut().zip(s.ratings.distribution) {
                *t += n;
            }
        }
        let rated: Vec<usize> = (0..sessions.len()).filter(|&i| sessions[i].ratings.n >= MIN_RATINGS).collect();
        let key = |i: &usize| sessions[*i].ratings.mean.unwrap_or(0.0);
        // Ties: more ratings first, then the earlier session.
        let best = rated.iter().copied().max_by(|a, b| {
            key(a).total_cmp(&key(b)).then(sessions[*a].ratings.n.cmp(&sessions[*b].ratings.n)).then(b.cmp(a))
        });
        let weakest = rated
            .iter()
            .copied()
            .min_by(|a, b| {
                key(a).total_cmp(&key(b)).then(sessions[*b].ratings.n.cmp(&sessions[*a].ratings.n)).then(a.cmp(b))
            })
            .filter(|w| Some(*w) != best);

        let evaluation = lessons
            .evaluation
            .iter()
            .map(|q| {
                let answers = rows.evaluation_answers.iter().filter(|a| a.question_id == q.id.as_str());
                let result = match q.kind {
                    QuestionKind::Rating => {
                        EvaluationResult::Rating(RatingStats::from_values(answers.filter_map(|a| a.rating)))
                    }
                    QuestionKind::Text => EvaluationResult::Text(
                        answers
                            .filter_map(|a| {
                                let text = a.body.as_deref()?.trim();
                                (!text.is_empty()).then(|| Said {
                                    author: a.author.clone().filter(|_| !anonymous),
                                    text: text.to_owned(),
                                })
                            })
                            .collect(),
                    ),
                };
                EvaluationItem { question_id: q.id.as_str().to_owned(), text: q.text.clone(), result }
            })
            .collect();

        let certificates = lessons.attendance.certificate_min_attendance.map(|min| {
            // A hair under the line is under it; a share equal to it is in.
            let qualify = shares.iter().filter(|s| **s + 1e-9 >= min).count() as u32;
            (qualify, shares.len() as u32, min)
        });

        Self {
            course: course.to_owned(),
            title: rows.course_title,
            made_at: now,
            anonymous,
            registered: rows.registered,
            trend,
            mean_attendance,
            ratings: RatingStats::from_distribution(total),
            best,
            weakest,
            evaluations_invited: rows.evaluations_invited,
            evaluations_done: rows.evaluations_done,
            evaluation,
            gaps: gaps(&rows.enquiries, &rows.unhelpful, faq, matcher, programme_lang),
            certificates,
            sessions,
        }
    }
}

fn session(s: &ReportSessionRow, registered: u32, days: &[NaiveDate], now: DateTime<Utc>) -> SessionReport {
    let status = if s.cancelled {
        SessionStatus::Cancelled
    } else if s.starts_at > now {
        SessionStatus::Upcoming
    } else {
        SessionStatus::Held
    };
    let day = s.starts_local.date();
    let present_pct = (status == SessionStatus::Held && registered > 0)
        .then(|| 100.0 * f64::from(s.present.min(registered)) / f64::from(registered));
    SessionReport {
        id: s.id.clone(),
        day,
        day_number: days.iter().position(|d| *d == day).map_or(1, |i| i as u32 + 1),
        starts_at: s.starts_at,
        title: s.title.clone(),
        status,
        registered,
        present: s.present,
        present_pct,
        ratings: RatingStats::from_distribution(s.ratings),
        comments: Vec::new(),
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn per_day(held: &[&SessionReport]) -> Vec<(NaiveDate, f64)> {
    let mut days: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    for s in held {
        if let Some(p) = s.present_pct {
            days.entry(s.day).or_default().push(p);
        }
    }
    days.into_iter().filter_map(|(d, v)| Some((d, mean(&v)?))).collect()
}

fn gaps(
    enquiries: &[crate::db::report::CohortEnquiryRow],
    unhelpful: &[crate::db::report::UnhelpfulRow],
    faq: &[FaqRow],
    matcher: &Matcher,
    programme_lang: &Lang,
) -> FaqGaps {
    let known = |id: &str| faq.iter().any(|e| e.id == id);
    let mut groups: Vec<GapGroup> = Vec::new();
    for e in enquiries {
        let language = e.language.as_deref().and_then(|l| Lang::parse(l).ok());
        let lang = language.clone().unwrap_or_else(|| programme_lang.clone());
        let topic = match e.filed_under.as_deref().filter(|id| known(id)) {
            Some(id) => Topic::Filed(id.to_owned()),
            None => match matcher.route(&e.question, &lang) {
                Route::Answer(m) => Topic::Closest(m.id),
                Route::Suggest(v) => v.into_iter().next().map_or(Topic::None, |m| Topic::Closest(m.id)),
                Route::Enquiry => Topic::None,
            },
        };
        let question = Question { text: e.question.clone(), language };
        // A filed and a closest group of the same entry are one topic.
        let same = |g: &GapGroup| match (&g.topic, &topic) {
            (Topic::None, Topic::None) => true,
            (a, b) => a.faq_id().is_some() && a.faq_id() == b.faq_id(),
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(g) => {
                // Filed beats closest: a coordinator said so.
                if matches!(topic, Topic::Filed(_)) {
                    g.topic = topic;
                }
                g.count += 1;
                g.questions.push(question);
            }
            None => groups.push(GapGroup { topic, count: 1, questions: vec![question] }),
        }
    }
    groups.sort_by(|a, b| {
        (a.topic == Topic::None).cmp(&(b.topic == Topic::None)).then(b.count.cmp(&a.count)).then(a.topic.cmp(&b.topic))
    });

    let mut by_entry: Vec<Unhelpful> = Vec::new();
    for u in unhelpful {
        match by_entry.iter_mut().find(|x| x.faq_id == u.faq_id) {
            Some(x) => {
                x.count += 1;
                if x.samples.len() < SAMPLES && !x.samples.contains(&u.question) {
                    x.samples.push(u.question.clone());
                }
            }
            None => by_entry.push(Unhelpful { faq_id: u.faq_id.clone(), count: 1, samples: vec![u.question.clone()] }),
        }
    }
    by_entry.sort_by(|a, b| b.count.cmp(&a.count).then(a.faq_id.cmp(&b.faq_id)));
    FaqGaps { enquiries: enquiries.len(), groups, unhelpful: by_entry }
}

/// Distinct questions, compared as the matcher reads them (case, accents).
pub fn distinct(questions: &[Question]) -> Vec<&Question> {
    let mut seen = std::collections::HashSet::new();
    questions.iter().filter(|q| !q.text.trim().is_empty() && seen.insert(fold(q.text.trim()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mean_comes_from_the_distribution_and_no_ratings_is_a_gap() {
        let s = RatingStats::from_distribution([0, 0, 1, 2, 1]);
        assert_eq!((s.n, s.mean), (4, Some(4.0)));
        assert_eq!(RatingStats::from_distribution([0; 5]).mean, None);
        assert_eq!(RatingStats::from_values([5, 5, 1, 9]).distribution, [1, 0, 0, 0, 2]);
    }
}
