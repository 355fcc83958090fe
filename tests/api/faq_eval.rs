//! The FAQ matcher against questions in participants' own words, in each
//! language the evaluation set (`tests/faq_questions.toml`) has, by
//! category: what it answers, what it suggests, what it hands to a
//! coordinator, and what it claims wrongly.
//!
//! The set is checked too, so its categories stay honest: a `no-keyword`
//! question shares no keyword of its entry, a `trap` shares one with some
//! entry, as the matcher itself reads words (its stop words and stemmer).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use copes_bot::config::Config;
use copes_bot::domain::{FaqRow, FaqText};
use copes_bot::enquiry::matcher::{Match, Matcher, Route};
use copes_bot::i18n::{enquiries::vocabulary, Lang};

/// Language → [question, the entry that answers it or "", category].
type Set = BTreeMap<String, Vec<(String, String, String)>>;

/// The bars, per language.
const ROUTED_RIGHT: f64 = 0.90;
const ROUTED_RIGHT_NO_KEYWORD: f64 = 0.80;
const ANSWERED_WRONG_AT_MOST: f64 = 0.01;
/// Of the questions that have an entry, answered outright (not merely
/// suggested), so "Did you mean…?" cannot carry the score.
const ANSWERED_OUTRIGHT: f64 = 0.60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Category {
    Keyword,
    NoKeyword,
    Typo,
    Mixed,
    Trap,
    None,
}

impl Category {
    const ALL: [Category; 6] =
        [Category::Keyword, Category::NoKeyword, Category::Typo, Category::Mixed, Category::Trap, Category::None];

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == s)
    }

    fn name(self) -> &'static str {
        match self {
            Category::Keyword => "keyword",
            Category::NoKeyword => "no-keyword",
            Category::Typo => "typo",
            Category::Mixed => "mixed",
            Category::Trap => "trap",
            Category::None => "none",
        }
    }

    /// Nothing in the FAQ answers it: an answer is wrong, a suggestion
    /// (which offers "none of these — ask a coordinator") or an enquiry right.
    fn unanswerable(self) -> bool {
        matches!(self, Category::Trap | Category::None)
    }
}

struct Question {
    text: String,
    /// Empty for a trap or none.
    entry: String,
    category: Category,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    AnsweredRight,
    /// The right entry among the suggestions; for a trap or none, any
    /// suggestion.
    SuggestedRight,
    SuggestedOther,
    ToCoordinator,
    AnsweredWrong,
}

fn outcome(route: &Route, q: &Question) -> Outcome {
    match route {
        Route::Answer(m) if m.id == q.entry => Outcome::AnsweredRight,
        Route::Answer(_) => Outcome::AnsweredWrong,
        Route::Suggest(_) if q.category.unanswerable() => Outcome::SuggestedRight,
        Route::Suggest(list) if list.iter().any(|m| m.id == q.entry) => Outcome::SuggestedRight,
        Route::Suggest(_) => Outcome::SuggestedOther,
        Route::Enquiry => Outcome::ToCoordinator,
    }
}

#[derive(Default, Clone, Copy)]
struct Tally {
    n: usize,
    with_entry: usize,
    answered_right: usize,
    suggested_right: usize,
    suggested_other: usize,
    to_coordinator: usize,
    to_coordinator_rightly: usize,
    answered_wrong: usize,
}

impl Tally {
    fn add(&mut self, q: &Question, o: Outcome) {
        self.n += 1;
        self.with_entry += usize::from(!q.entry.is_empty());
        match o {
            Outcome::AnsweredRight => self.answered_right += 1,
            Outcome::SuggestedRight => self.suggested_right += 1,
            Outcome::SuggestedOther => self.suggested_other += 1,
            Outcome::ToCoordinator => {
                self.to_coordinator += 1;
                self.to_coordinator_rightly += usize::from(q.category.unanswerable());
            }
            Outcome::AnsweredWrong => self.answered_wrong += 1,
        }
    }

    fn routed_right(&self) -> usize {
        self.answered_right + self.suggested_right + self.to_coordinator_rightly
    }

    fn share(part: usize, whole: usize) -> f64 {
        if whole == 0 {
            1.0
        } else {
            part as f64 / whole as f64
        }
    }

    fn row(&self, label: &str) -> String {
        format!(
            "  {label:<12} {:>4} {:>9} {:>10} {:>10} {:>11} {:>9} {:>7.1} %",
            self.n,
            self.answered_right,
            self.suggested_right,
            self.suggested_other,
            self.to_coordinator,
            self.answered_wrong,
            Self::share(self.routed_right(), self.n) * 100.0
        )
    }
}

const HEADER: &str = "  category        n  answered  suggested  suggested  to a coor-  answered   routed\n                       right      right     not it      dinator     wrong    right";

fn load_set(root: &Path) -> BTreeMap<Lang, Vec<Question>> {
    let set: Set = toml::from_str(&std::fs::read_to_string(root.join("tests/faq_questions.toml")).unwrap()).unwrap();
    set.into_iter()
        .map(|(lang, questions)| {
            let lang = Lang::parse(&lang).unwrap_or_else(|e| panic!("faq_questions.toml: language {lang:?}: {e}"));
            let questions = questions
                .into_iter()
                .map(|(text, entry, category)| Question {
                    category: Category::parse(&category)
                        .unwrap_or_else(|| panic!("{lang}: {text:?}: unknown category {category:?}")),
                    text,
                    entry,
                })
                .collect();
            (lang, questions)
        })
        .collect()
}

/// The keyword of `text` (read in `lang`) that the question contains, word
/// for word after the matcher's reading (every word of a phrase, in any
/// order), if any.
fn keyword_in(question: &str, text: &FaqText, lang: &Lang) -> Option<String> {
    let analyzer = vocabulary().analyzer(lang);
    let words: HashSet<String> = analyzer.words(question).into_iter().collect();
    text.keywords
        .iter()
        .find(|k| {
            let k = analyzer.words(k);
            !k.is_empty() && k.iter().all(|w| words.contains(w))
        })
        .cloned()
}

/// A keyword of the entry, in any language it has, that the question
/// contains: "fr: certificat".
fn shared_keyword(question: &str, row: &FaqRow) -> Option<String> {
    row.versions().find_map(|(lang, text)| keyword_in(question, text, lang).map(|k| format!("{lang}: {k:?}")))
}

/// A word of the entry's question, in any language it has, that the
/// question contains.
fn shared_question_word(question: &str, row: &FaqRow) -> Option<String> {
    row.versions().find_map(|(lang, text)| {
        let analyzer = vocabulary().analyzer(lang);
        let words: HashSet<String> = analyzer.words(question).into_iter().collect();
        analyzer.words(&text.question).into_iter().find(|w| words.contains(w)).map(|w| format!("{lang}: {w:?}"))
    })
}

/// What is wrong with the set itself: counts, entries, duplicates, and
/// categories the questions do not fit.
fn check_set(set: &BTreeMap<Lang, Vec<Question>>, rows: &[FaqRow]) -> Vec<String> {
    let mut problems = Vec::new();
    let by_id: BTreeMap<&str, &FaqRow> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    let en = Lang::english();
    let fr = Lang::parse("fr").unwrap();
    for lang in [&en, &fr] {
        if !set.contains_key(lang) {
            problems.push(format!("no questions in {lang}"));
        }
    }
    let count = |lang: &Lang, c: Option<Category>| {
        set.get(lang).map_or(0, |qs| qs.iter().filter(|q| c.is_none_or(|c| q.category == c)).count())
    };
    let minimums = [
        (&en, None, 150),
        (&en, Some(Category::NoKeyword), 50),
        (&en, Some(Category::Trap), 15),
        (&fr, None, 110),
        (&fr, Some(Category::NoKeyword), 20),
        (&fr, Some(Category::Trap), 8),
    ];
    for (lang, c, least) in minimums {
        let n = count(lang, c);
        if n < least {
            let what = c.map_or("questions", Category::name);
            problems.push(format!("{lang}: {n} {what}, at least {least} wanted"));
        }
    }
    for (lang, questions) in set {
        for c in Category::ALL {
            if count(lang, Some(c)) == 0 {
                problems.push(format!("{lang}: no {} question", c.name()));
            }
        }
        let asked: BTreeSet<&str> = questions.iter().map(|q| q.entry.as_str()).collect();
        for row in rows {
            if !asked.contains(row.id.as_str()) {
                problems.push(format!("{lang}: no question for entry {:?}", row.id));
            }
        }
        let mut seen = HashSet::new();
        for q in questions {
            let question = &q.text;
            if !seen.insert(question.to_lowercase()) {
                problems.push(format!("{lang}: {question:?} twice"));
            }
            if q.category.unanswerable() != q.entry.is_empty() {
                problems.push(format!(
                    "{lang}: {question:?}: a {} question must have {}",
                    q.category.name(),
                    if q.category.unanswerable() { "entry \"\"" } else { "an entry" }
                ));
                continue;
            }
            if q.category.unanswerable() {
                let shared = rows.iter().find_map(|r| shared_keyword(question, r).map(|k| format!("{} ({k})", r.id)));
                match (q.category, shared) {
                    (Category::Trap, None) => {
                        problems.push(format!("{lang}: trap {question:?} shares no keyword with any entry: none?"))
                    }
                    (Category::None, Some(k)) => {
                        problems.push(format!("{lang}: none {question:?} shares a keyword of {k}: a trap?"))
                    }
                    _ => {}
                }
                continue;
            }
            let Some(row) = by_id.get(q.entry.as_str()) else {
                problems.push(format!("{lang}: {question:?}: no entry {:?} in config/faq.toml", q.entry));
                continue;
            };
            let keyword = shared_keyword(question, row);
            if let (Category::NoKeyword, Some(k)) = (q.category, &keyword) {
                problems.push(format!("{lang}: no-keyword {question:?} shares {}'s keyword {k}", row.id));
            }
            if q.category == Category::Keyword && keyword.is_none() && shared_question_word(question, row).is_none() {
                problems.push(format!(
                    "{lang}: keyword {question:?} shares neither a keyword nor a question word with {}: no-keyword?",
                    row.id
                ));
            }
        }
    }
    if set.get(&en).is_some_and(|qs| !qs.is_empty()) {
        for row in rows {
            let found = set[&en].iter().any(|q| q.category == Category::NoKeyword && q.entry == row.id);
            if !found {
                problems.push(format!("en: no no-keyword question for entry {:?}", row.id));
            }
        }
    }
    problems
}

fn top(scores: &[Match]) -> String {
    let top: Vec<String> = scores.iter().take(3).map(|m| format!("{} {:.2}", m.id, m.score)).collect();
    if top.is_empty() {
        "no score".into()
    } else {
        top.join(", ")
    }
}

fn describe(route: &Route) -> String {
    match route {
        Route::Answer(m) => format!("answered {}", m.id),
        Route::Suggest(list) => {
            format!("suggested {}", list.iter().map(|m| m.id.as_str()).collect::<Vec<_>>().join(", "))
        }
        Route::Enquiry => "to a coordinator".into(),
    }
}

#[test]
fn the_matcher_routes_paraphrases_typos_and_mixed_questions_right_and_claims_nothing_it_cannot_answer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config")).unwrap();
    let rows: Vec<FaqRow> = config.faq.entries.iter().map(|e| e.to_row(&config.faq.language)).collect();
    let matcher = Matcher::new(&rows, &config.faq.language, vocabulary());
    let set = load_set(root);
    let problems = check_set(&set, &rows);

    let mut report = String::new();
    let mut failures = Vec::new();
    let mut all = Tally::default();
    for (lang, questions) in &set {
        let mut by_category: BTreeMap<Category, Tally> = BTreeMap::new();
        let mut total = Tally::default();
        let mut misses = Vec::new();
        for q in questions {
            let route = matcher.route(&q.text, lang);
            let o = outcome(&route, q);
            by_category.entry(q.category).or_default().add(q, o);
            total.add(q, o);
            all.add(q, o);
            let right = matches!(o, Outcome::AnsweredRight | Outcome::SuggestedRight)
                || (o == Outcome::ToCoordinator && q.category.unanswerable());
            if !right {
                let expected = if q.entry.is_empty() { "no answer" } else { q.entry.as_str() };
                misses.push(format!(
                    "  {:<10} {:?}: expected {expected}, {} [{}]{}",
                    q.category.name(),
                    q.text,
                    describe(&route),
                    top(&matcher.scores(&q.text, lang)),
                    if o == Outcome::AnsweredWrong { "  <- ANSWERED WRONG" } else { "" }
                ));
            }
        }

        writeln!(report, "\nFAQ matcher, {lang} ({} questions)\n{HEADER}", questions.len()).unwrap();
        for (c, t) in &by_category {
            writeln!(report, "{}", t.row(c.name())).unwrap();
        }
        writeln!(report, "{}", total.row("total")).unwrap();
        writeln!(
            report,
            "  answered outright: {}/{} of the questions with an entry ({:.1} %)",
            total.answered_right,
            total.with_entry,
            Tally::share(total.answered_right, total.with_entry) * 100.0
        )
        .unwrap();
        writeln!(report, "  misses ({}):", misses.len()).unwrap();
        for m in &misses {
            writeln!(report, "{m}").unwrap();
        }

        let no_keyword = by_category.get(&Category::NoKeyword).copied().unwrap_or_default();
        let bars = [
            ("routed right", Tally::share(total.routed_right(), total.n), ROUTED_RIGHT, true),
            (
                "routed right on no-keyword",
                Tally::share(no_keyword.routed_right(), no_keyword.n),
                ROUTED_RIGHT_NO_KEYWORD,
                true,
            ),
            ("answered wrong", Tally::share(total.answered_wrong, total.n), ANSWERED_WRONG_AT_MOST, false),
            (
                "answered outright (questions with an entry)",
                Tally::share(total.answered_right, total.with_entry),
                ANSWERED_OUTRIGHT,
                true,
            ),
        ];
        for (what, got, bar, at_least) in bars {
            let fails = if at_least { got < bar } else { got > bar };
            if fails {
                let side = if at_least { "at least" } else { "at most" };
                failures.push(format!("{lang}: {what} {:.1} %, {side} {:.0} % wanted", got * 100.0, bar * 100.0));
            }
        }
    }
    writeln!(report, "\nAll languages\n{HEADER}\n{}", all.row("total")).unwrap();
    println!("{report}");

    let mut message = String::new();
    if !problems.is_empty() {
        writeln!(message, "The evaluation set itself (tests/faq_questions.toml):\n  {}", problems.join("\n  "))
            .unwrap();
    }
    if !failures.is_empty() {
        writeln!(message, "Below the bars:\n  {}", failures.join("\n  ")).unwrap();
    }
    assert!(message.is_empty(), "{message}");
}
