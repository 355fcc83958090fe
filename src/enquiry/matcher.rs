//! Matches a question typed in one's own words against the FAQ, in the
//! asker's language, and decides what to do with it: answer, "Did you
//! mean…?", or a coordinator.
//!
//! Reading: tolerant of case, accents, punctuation, elisions (l', d', qu'…),
//! word order, plurals and other endings (a Snowball stemmer per language)
//! and small typos (a word the FAQ does not know is read as the FAQ word it
//! is one or two letters from, found through shared character trigrams).
//!
//! Scoring, per entry and per language it has text in: every informative
//! word of the question (stop words of `faq-stopwords` dropped) weighs its
//! rarity across the entries (BM25's idf; a word no entry knows weighs the
//! most, since it is what the FAQ does not cover). Two signals follow, both
//! between 0 and 1, both explainable:
//! - *nearest example*: the idf-weighted cosine between the question and
//!   the closest of the entry's examples (faq.toml's, the ones coordinators
//!   filed, and the entry's own question) — questions as people ask them
//!   are the strongest evidence;
//! - *coverage*: the share of the question's weight found anywhere in the
//!   entry (keywords, question, examples fully; the answer at 0.8).
//!
//! A question sharing one keyword with an entry but whose other words point
//! elsewhere ("is there a dinner after the certificate ceremony") has low
//! coverage and a far nearest example, so it is never answered outright.
//!
//! An entry's other languages count too, each read with its own stop words
//! and stemmer, at a discount when the entry has the asker's language (a
//! French speaker typing an English term gets a hint, not a false friend).
//! A question plainly written in another language (by its small words) is
//! read as such. The stop words of each language come from its translation
//! files (`faq-stopwords`), so a new language needs no code here.
//!
//! The index is built once per FAQ (the bot keeps one per FAQ generation);
//! a question costs a walk over the postings of its few words.

use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

use crate::domain::FaqRow;
use crate::domain::Lang;

// ------------------------------------------------------------ calibration
//
// The confidence of an entry is `NEAREST * nearest example + COVERAGE *
// coverage + KEYWORD_BONUS` (a whole keyword phrase found), about 0 to 1.
// The bands below were set on the evaluation set (tests/faq_questions.toml,
// 235 English and 151 French questions by category: paraphrases with and
// without a keyword, typos, mixed languages, traps that share a keyword
// but need a human, and questions the FAQ does not cover). Coverage is the
// guard against traps: lowering ANSWER_COVERAGE to 0.6 answers ~10 % more
// questions outright but also answers "I failed the exam, can I retake
// it?" with the assessment entry.

const NEAREST: f32 = 0.5;
const COVERAGE: f32 = 0.5;
/// Added once when a whole keyword phrase of the entry is in the question:
/// the coordinator said so in so many words.
const KEYWORD_BONUS: f32 = 0.1;

/// How much a word found in each field explains of the question. The
/// answer talks around its topic ("lunch" in the timings), so less.
const IN_EXAMPLES: f32 = 1.0;
const IN_ANSWER: f32 = 0.8;

/// An entry scored in another language than the asker's, when it has the
/// asker's: a hint, since a word of one language is often another word in
/// another ("completion", "complet").
const OTHER_LANGUAGE: f32 = 0.75;

/// Answer outright only when the best entry is confident, explains most of
/// the question (so one shared keyword among unrelated words is not
/// enough), and is clearly ahead of the runner-up (two entries that both
/// fit are a question for the asker: "Did you mean…?").
pub const ANSWER_SCORE: f32 = 0.6;
pub const ANSWER_COVERAGE: f32 = 0.7;
pub const ANSWER_MARGIN: f32 = 0.1;
/// Offered as "Did you mean…?": plausible entries, at most three, none far
/// behind the best.
pub const SUGGEST_SCORE: f32 = 0.3;
const SUGGEST_RATIO: f32 = 0.6;
pub const MAX_SUGGESTIONS: usize = 3;

/// The weight of a word no entry knows, as much as the rarest known word's:
/// it is what the FAQ does not cover, so it must count against coverage
/// ("dinner", "retake"), but not more, or one filler word ("class")
/// would turn every answer into a suggestion.
const UNKNOWN_BOOST: f32 = 1.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub id: String,
    /// The confidence, about 0 to 1.
    pub score: f32,
    /// The share of the question's informative words the entry explains.
    pub coverage: f32,
}

/// What becomes of a question: answered from one entry with confidence;
/// "Did you mean…?" with up to three entries; else handed to a coordinator.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Answer(Match),
    Suggest(Vec<Match>),
    Enquiry,
}

/// How one language is read: the words that carry no topic there, and its
/// stemmer (none for a language Snowball does not know).
#[derive(Debug, Clone)]
pub struct Analyzer {
    stopwords: HashSet<String>,
    stemmer: Option<Algorithm>,
}

/// A word of a text: as typed (folded), and its stems. A word typed
/// without its accents may stem otherwise than with them ("annulee",
/// "annulée"), so both the stem of the word as typed (then folded) and the
/// stem of the folded word are kept; two words meet if any stems do.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    folded: String,
    stems: Vec<String>,
}

impl Word {
    /// What the word is indexed under. A stem of three letters or fewer
    /// joins unrelated words too often ("données", "donné" and "donner"
    /// all stem to "don"), so a short stem gives way to the word as typed.
    fn keys(&self) -> impl Iterator<Item = &str> {
        self.stems.iter().map(|s| if s.chars().count() > 3 { s.as_str() } else { self.folded.as_str() })
    }
}

impl Analyzer {
    /// `stopwords`: separated by white space, written as people write them
    /// (accents and case do not matter).
    pub fn new(lang: &Lang, stopwords: &str) -> Self {
        let stopwords = fold(stopwords).split_whitespace().map(str::to_owned).collect();
        Self { stopwords, stemmer: algorithm(lang) }
    }

    /// The stems of the words of `text` that carry its topic, in order.
    pub fn words(&self, text: &str) -> Vec<String> {
        self.read(text).into_iter().map(|w| w.stems[0].clone()).collect()
    }

    fn read(&self, text: &str) -> Vec<Word> {
        let stemmer = self.stemmer.map(Stemmer::create);
        let stem = |w: &str| stemmer.as_ref().map_or_else(|| w.to_owned(), |s| s.stem(w).into_owned());
        let lower = text.nfc().collect::<String>().to_lowercase();
        lower
            .split(|c: char| !c.is_alphanumeric())
            .filter_map(|typed| {
                let folded = fold(typed);
                let folded = folded.trim();
                if folded.is_empty() || self.stopwords.contains(folded) {
                    return None;
                }
                let mut stems = vec![fold(&stem(typed)).trim().to_owned()];
                let plain = stem(folded);
                if plain != stems[0] {
                    stems.push(plain);
                }
                Some(Word { folded: folded.to_owned(), stems })
            })
            .collect()
    }
}

/// Snowball's stemmer for a language, if it has one.
fn algorithm(lang: &Lang) -> Option<Algorithm> {
    Some(match lang.as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Lower case, accents and other marks gone (NFD, then the combining marks
/// dropped), ligatures spelt out, and everything but letters and digits a
/// space, so that "L'Attestation" reads "l attestation".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.to_lowercase().nfd() {
        match c {
            c if unicode_normalization::char::is_combining_mark(c) => {}
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// The analyzers of every language the bot reads questions in.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    analyzers: HashMap<Lang, Analyzer>,
}

impl Vocabulary {
    pub fn new(analyzers: impl IntoIterator<Item = (Lang, Analyzer)>) -> Self {
        Self { analyzers: analyzers.into_iter().collect() }
    }

    /// The analyzer of `lang`; a language without one is read without stop
    /// words, with its stemmer if Snowball has one.
    pub fn analyzer(&self, lang: &Lang) -> Analyzer {
        self.analyzers.get(lang).cloned().unwrap_or_else(|| Analyzer::new(lang, ""))
    }
}

/// How many letters a typed word may differ by from a word of the FAQ
/// (insertions, deletions, substitutions, swapped neighbours). Short words
/// differ by one letter too often (expect/expert, not/note).
fn typos_allowed(chars: usize) -> usize {
    match chars {
        n if n >= 10 => 2,
        n if n >= 7 => 1,
        _ => 0,
    }
}

/// Same word, allowing a typo in longer words.
fn close(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    // A letter dropped or doubled ("corse", "examm") is a typo even in a
    // shorter word; a letter changed there is often another word.
    let dropped = la.min(lb) >= 5 && la.abs_diff(lb) == 1;
    let allowed = typos_allowed(la.min(lb)).max(usize::from(dropped));
    allowed > 0 && la.abs_diff(lb) <= allowed && strsim::osa_distance(a, b) <= allowed
}

/// The character trigrams of a word, its ends marked, for finding the FAQ
/// words a mistyped one is close to.
fn trigrams(word: &str) -> Vec<String> {
    let chars: Vec<char> = std::iter::once('^').chain(word.chars()).chain(std::iter::once('$')).collect();
    let mut grams: Vec<String> = chars.windows(3).map(|w| w.iter().collect()).collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

#[derive(Debug, Clone, Copy)]
enum Field {
    Answer,
    /// One of the entry's examples (its own question and each keyword
    /// phrase are examples too), by its index in `Index::examples`.
    Example(u32),
}

impl Field {
    /// Tells fields (and examples) of one entry apart.
    fn key(self) -> u32 {
        match self {
            Field::Answer => u32::MAX - 1,
            Field::Example(x) => x,
        }
    }

    fn weight(self) -> f32 {
        match self {
            Field::Answer => IN_ANSWER,
            Field::Example(_) => IN_EXAMPLES,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Posting {
    entry: u32,
    field: Field,
}

#[derive(Debug, Clone)]
struct Example {
    entry: u32,
    /// The length of the example's idf vector, for the cosine.
    norm: f32,
}

/// Every entry's text in one language, read in that language.
struct Index {
    lang: Lang,
    analyzer: Analyzer,
    terms: HashMap<String, u32>,
    idf: Vec<f32>,
    postings: Vec<Vec<Posting>>,
    /// Every word as typed (folded) in the index, with the terms it reads
    /// as: where a mistyped word finds its FAQ word.
    dictionary: Vec<(String, Vec<u32>)>,
    spelled: HashMap<String, u32>,
    grams: HashMap<String, Vec<u32>>,
    /// Per entry (all entries, empty where it has nothing in this
    /// language): its keyword phrases, each word as its terms.
    keywords: Vec<Vec<Vec<Vec<u32>>>>,
    examples: Vec<Example>,
    /// Per entry: whether it has any text in this language.
    present: Vec<bool>,
    /// The weight of a word no entry knows.
    unknown: f32,
}

/// A word of a question as one index reads it.
struct Asked {
    terms: Vec<u32>,
    weight: f32,
}

/// An entry's signals in one language.
#[derive(Debug, Clone, Copy, Default)]
struct Signals {
    nearest: f32,
    coverage: f32,
    keyword: bool,
}

impl Signals {
    fn score(self) -> f32 {
        NEAREST * self.nearest + COVERAGE * self.coverage + if self.keyword { KEYWORD_BONUS } else { 0.0 }
    }
}

impl Index {
    fn build(lang: &Lang, analyzer: Analyzer, faq: &[FaqRow]) -> Self {
        let mut ix = Index {
            lang: lang.clone(),
            analyzer,
            terms: HashMap::new(),
            idf: Vec::new(),
            postings: Vec::new(),
            dictionary: Vec::new(),
            spelled: HashMap::new(),
            grams: HashMap::new(),
            keywords: vec![Vec::new(); faq.len()],
            examples: Vec::new(),
            present: vec![false; faq.len()],
            unknown: 0.0,
        };
        // Per example, its words as term lists, to weigh once idf is known.
        let mut example_words: Vec<Vec<Vec<u32>>> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        for (e, row) in faq.iter().enumerate() {
            let entry = e as u32;
            let text = row.in_language(lang);
            let mut examples: Vec<&str> = text.map(|t| t.question.as_str()).into_iter().collect();
            examples.extend(row.examples(lang));
            if text.is_none() && examples.is_empty() {
                continue;
            }
            ix.present[e] = true;
            let mut seen: HashSet<u32> = HashSet::new();
            let mut posted: HashSet<(u32, u32)> = HashSet::new();
            let mut post = |ix: &mut Index, words: &[Word], field: Field| -> Vec<Vec<u32>> {
                let mut out = Vec::new();
                for w in words {
                    let terms = ix.intern(w);
                    for &t in &terms {
                        if seen.insert(t) {
                            df.resize(ix.idf.len(), 0);
                            df[t as usize] += 1;
                        }
                        // A word said twice in one field counts once.
                        if posted.insert((t, field.key())) {
                            ix.postings[t as usize].push(Posting { entry, field });
                        }
                    }
                    out.push(terms);
                }
                out
            };
            if let Some(text) = text {
                // A keyword phrase is also the shortest way to ask: an
                // example of its own.
                for k in &text.keywords {
                    let words = ix.analyzer.read(k);
                    if !words.is_empty() {
                        let x = ix.examples.len() as u32;
                        let phrase = post(&mut ix, &words, Field::Example(x));
                        ix.examples.push(Example { entry, norm: 0.0 });
                        example_words.push(phrase.clone());
                        ix.keywords[e].push(phrase);
                    }
                }
                let answer = ix.analyzer.read(&text.answer);
                post(&mut ix, &answer, Field::Answer);
            }
            for example in examples {
                let words = ix.analyzer.read(example);
                if words.is_empty() {
                    continue;
                }
                let x = ix.examples.len() as u32;
                let terms = post(&mut ix, &words, Field::Example(x));
                ix.examples.push(Example { entry, norm: 0.0 });
                example_words.push(terms);
            }
        }
        df.resize(ix.idf.len(), 0);
        // BM25's idf: rare across entries, heavy.
        let n = ix.present.iter().filter(|p| **p).count() as f32;
        ix.idf = df.iter().map(|&d| (1.0 + (n - d as f32 + 0.5) / (d as f32 + 0.5)).ln()).collect();
        ix.unknown = UNKNOWN_BOOST * (1.0 + (n + 0.5) / 1.5).ln();
        for (x, words) in example_words.iter().enumerate() {
            let mut seen: HashSet<&[u32]> = HashSet::new();
            let sum: f32 = words.iter().filter(|w| seen.insert(w.as_slice())).map(|w| ix.weight(w).powi(2)).sum();
            ix.examples[x].norm = sum.sqrt();
        }
        ix
    }

    /// The terms a word of the FAQ reads as, added if new, and the word to
    /// the dictionary.
    fn intern(&mut self, w: &Word) -> Vec<u32> {
        let mut terms: Vec<u32> = Vec::with_capacity(w.stems.len());
        for key in w.keys() {
            let next = self.terms.len() as u32;
            let t = *self.terms.entry(key.to_owned()).or_insert(next);
            if t == next {
                self.idf.push(0.0);
                self.postings.push(Vec::new());
            }
            if !terms.contains(&t) {
                terms.push(t);
            }
        }
        match self.spelled.get(&w.folded) {
            Some(&d) => {
                let known = &mut self.dictionary[d as usize].1;
                for &t in &terms {
                    if !known.contains(&t) {
                        known.push(t);
                    }
                }
            }
            None => {
                let d = self.dictionary.len() as u32;
                self.spelled.insert(w.folded.clone(), d);
                self.dictionary.push((w.folded.clone(), terms.clone()));
                if w.folded.chars().count() >= 5 {
                    for g in trigrams(&w.folded) {
                        self.grams.entry(g).or_default().push(d);
                    }
                }
            }
        }
        terms
    }

    fn weight(&self, terms: &[u32]) -> f32 {
        terms.iter().map(|&t| self.idf[t as usize]).fold(0.0, f32::max)
    }

    /// The words of a question as this index reads them: each with the
    /// terms it meets (through a typo if need be) and its weight.
    fn ask(&self, question: &str) -> Vec<Asked> {
        let mut seen: HashSet<String> = HashSet::new();
        self.analyzer
            .read(question)
            .into_iter()
            .filter(|w| seen.insert(w.folded.clone()))
            .map(|w| {
                let mut terms: Vec<u32> = w.keys().filter_map(|k| self.terms.get(k).copied()).collect();
                if terms.is_empty() {
                    terms = self.correct(&w.folded);
                }
                terms.dedup();
                let weight = if terms.is_empty() { self.unknown } else { self.weight(&terms) };
                Asked { terms, weight }
            })
            .collect()
    }

    /// The terms of the FAQ word a word the FAQ does not know is a typo
    /// of, if one is close: candidates share enough trigrams (one typo
    /// changes at most three), the closest wins.
    fn correct(&self, typed: &str) -> Vec<u32> {
        let len = typed.chars().count();
        if len < 5 {
            return Vec::new();
        }
        let grams = trigrams(typed);
        let mut shared: HashMap<u32, usize> = HashMap::new();
        for g in &grams {
            for &d in self.grams.get(g).map(Vec::as_slice).unwrap_or_default() {
                *shared.entry(d).or_default() += 1;
            }
        }
        let need = grams.len().saturating_sub(3 * typos_allowed(len).max(1)).max(1);
        let mut best: Option<(usize, u32)> = None;
        for (d, n) in shared {
            if n < need {
                continue;
            }
            let word = &self.dictionary[d as usize].0;
            if close(typed, word) {
                let distance = strsim::osa_distance(typed, word);
                if best.is_none_or(|(b, bd)| (distance, d) < (b, bd)) {
                    best = Some((distance, d));
                }
            }
        }
        best.map(|(_, d)| self.dictionary[d as usize].1.clone()).unwrap_or_default()
    }

    /// Every entry's signals for a question read by this index.
    fn signals(&self, asked: &[Asked], entries: usize) -> Vec<Signals> {
        let mut out = vec![Signals::default(); entries];
        let total: f32 = asked.iter().map(|a| a.weight).sum();
        let norm = asked.iter().map(|a| a.weight * a.weight).sum::<f32>().sqrt();
        if total <= 0.0 {
            return out;
        }
        let mut dot = vec![0.0f32; self.examples.len()];
        let mut last = vec![usize::MAX; self.examples.len()];
        let mut found = vec![0.0f32; entries];
        let mut touched: Vec<usize> = Vec::new();
        let mut asked_terms: HashSet<u32> = HashSet::new();
        for (j, a) in asked.iter().enumerate() {
            for &t in &a.terms {
                asked_terms.insert(t);
                let idf = self.idf[t as usize];
                for p in &self.postings[t as usize] {
                    let e = p.entry as usize;
                    if let Field::Example(x) = p.field {
                        let x = x as usize;
                        if last[x] != j {
                            last[x] = j;
                            dot[x] += a.weight * idf;
                        }
                    }
                    let w = p.field.weight();
                    if w > found[e] {
                        if found[e] == 0.0 {
                            touched.push(e);
                        }
                        found[e] = w;
                    }
                }
            }
            for e in touched.drain(..) {
                out[e].coverage += a.weight * found[e] / total;
                found[e] = 0.0;
            }
        }
        for (x, ex) in self.examples.iter().enumerate() {
            if dot[x] > 0.0 && ex.norm > 0.0 {
                let cos = (dot[x] / (norm * ex.norm)).min(1.0);
                let s = &mut out[ex.entry as usize];
                s.nearest = s.nearest.max(cos);
            }
        }
        for (e, phrases) in self.keywords.iter().enumerate() {
            out[e].keyword = out[e].coverage > 0.0
                && phrases.iter().any(|p| p.iter().all(|w| w.iter().any(|t| asked_terms.contains(t))));
        }
        out
    }
}

pub struct Matcher {
    ids: Vec<String>,
    /// Per entry: the languages it has a version in.
    versions: Vec<Vec<Lang>>,
    main: Lang,
    indexes: Vec<Index>,
    vocabulary: Vocabulary,
}

impl Matcher {
    /// `main`: the language of the entries' own text (faq.toml's). Builds
    /// the index; keep the matcher while the FAQ does not change.
    pub fn new(faq: &[FaqRow], main: &Lang, vocabulary: &Vocabulary) -> Self {
        let mut langs: Vec<&Lang> = faq.iter().flat_map(FaqRow::languages).collect();
        langs.sort();
        langs.dedup();
        let indexes = langs.into_iter().map(|l| Index::build(l, vocabulary.analyzer(l), faq)).collect();
        Self {
            ids: faq.iter().map(|f| f.id.clone()).collect(),
            versions: faq.iter().map(|f| f.versions().map(|(l, _)| l.clone()).collect()).collect(),
            main: main.clone(),
            indexes,
            vocabulary: vocabulary.clone(),
        }
    }

    fn analyzer(&self, lang: &Lang) -> Analyzer {
        match self.indexes.iter().find(|i| &i.lang == lang) {
            Some(i) => i.analyzer.clone(),
            None => self.vocabulary.analyzer(lang),
        }
    }

    /// The language a question is written in, as far as its small words
    /// tell: the asker's, unless two or more words are small words of
    /// another language and not of theirs, and more of them than the other
    /// way round ("when does the course start? merci" from someone whose
    /// Telegram is in French).
    fn written_in(&self, question: &str, asker: &Lang) -> Lang {
        let folded = fold(question);
        let words: Vec<&str> = folded.split_whitespace().collect();
        let own = self.analyzer(asker);
        let only = |a: &Analyzer, b: &Analyzer| {
            words.iter().filter(|w| a.stopwords.contains(**w) && !b.stopwords.contains(**w)).count()
        };
        let mut best = (asker.clone(), 1);
        for index in &self.indexes {
            let (theirs, ours) = (only(&index.analyzer, &own), only(&own, &index.analyzer));
            if &index.lang != asker && theirs > ours && theirs > best.1 {
                best = (index.lang.clone(), theirs);
            }
        }
        best.0
    }

    /// Every entry's score for a question asked by someone who reads
    /// `lang`, best first (entries that share nothing with it left out).
    pub fn scores(&self, question: &str, lang: &Lang) -> Vec<Match> {
        let lang = &self.written_in(question, lang);
        let mut best: Vec<(f32, f32)> = vec![(0.0, 0.0); self.ids.len()];
        for index in &self.indexes {
            let asked = index.ask(question);
            for (e, s) in index.signals(&asked, self.ids.len()).into_iter().enumerate() {
                if !index.present[e] || s.coverage <= 0.0 {
                    continue;
                }
                // The asker's language counts in full; so does the entry's
                // own when it has no version in the asker's (that is what
                // they will read); any other is a hint.
                let has_own = self.versions[e].contains(lang);
                let full = &index.lang == lang || (!has_own && index.lang == self.main);
                let factor = if full { 1.0 } else { OTHER_LANGUAGE };
                let score = factor * s.score();
                if score > best[e].0 {
                    best[e] = (score, s.coverage);
                }
            }
        }
        let mut out: Vec<Match> = best
            .into_iter()
            .zip(&self.ids)
            .filter(|((score, _), _)| *score > 0.0)
            .map(|((score, coverage), id)| Match { id: id.clone(), score, coverage })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        out
    }

    /// What to do with a question asked by someone who reads `lang`.
    pub fn route(&self, question: &str, lang: &Lang) -> Route {
        let scores = self.scores(question, lang);
        let Some(first) = scores.first() else {
            return Route::Enquiry;
        };
        let runner_up = scores.get(1).map_or(0.0, |m| m.score);
        if first.score >= ANSWER_SCORE && first.coverage >= ANSWER_COVERAGE && first.score - runner_up >= ANSWER_MARGIN
        {
            return Route::Answer(first.clone());
        }
        let floor = SUGGEST_SCORE.max(first.score * SUGGEST_RATIO);
        let offered: Vec<Match> = scores.into_iter().take_while(|m| m.score >= floor).take(MAX_SUGGESTIONS).collect();
        if offered.is_empty() {
            Route::Enquiry
        } else {
            Route::Suggest(offered)
        }
    }

    /// The entry that answers a question asked in `lang` outright, if one
    /// does.
    pub fn best(&self, question: &str, lang: &Lang) -> Option<Match> {
        match self.route(question, lang) {
            Route::Answer(m) => Some(m),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::FaqText;

    fn en() -> Lang {
        Lang::english()
    }

    fn fr() -> Lang {
        Lang::parse("fr").unwrap()
    }

    fn vocabulary() -> Vocabulary {
        Vocabulary::new([
            (en(), Analyzer::new(&en(), "the a is will i my do how what get y t il du le")),
            (
                fr(),
                Analyzer::new(
                    &fr(),
                    "le la les l d qu je j vais est ce que un une de du comment quand y a t il aurai mon",
                ),
            ),
        ])
    }

    fn text(question: &str, keywords: &[&str]) -> FaqText {
        FaqText {
            question: question.into(),
            answer: "…".into(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            examples: vec![],
        }
    }

    fn with_examples(mut text: FaqText, examples: &[&str]) -> FaqText {
        text.examples = examples.iter().map(|e| e.to_string()).collect();
        text
    }

    fn entry(id: &str, own: FaqText, french: Option<FaqText>) -> FaqRow {
        FaqRow {
            id: id.into(),
            language: en(),
            text: own,
            translations: french.into_iter().map(|t| (fr(), t)).collect::<BTreeMap<_, _>>(),
            learned: BTreeMap::new(),
        }
    }

    fn faq() -> Vec<FaqRow> {
        vec![
            entry(
                "certificate",
                text("Will I receive a certificate?", &["certificate", "diploma"]),
                Some(text("Vais-je recevoir une attestation ?", &["attestation", "certificat", "diplôme"])),
            ),
            entry(
                "venue",
                text("Where is the course held?", &["venue", "address"]),
                Some(text("Où le cours a-t-il lieu ?", &["lieu", "adresse", "salle"])),
            ),
            entry("wifi", text("Is there Wi-Fi?", &["wifi", "internet"]), None),
        ]
    }

    #[test]
    fn words_are_folded_elided_and_stemmed_in_their_language() {
        let v = vocabulary();
        assert_eq!(v.analyzer(&fr()).words("Où est l'ATTESTATION ?!"), vec!["ou", "attest"]);
        assert_eq!(v.analyzer(&fr()).words("les attestations"), vec!["attest"]);
        assert_eq!(v.analyzer(&fr()).words("diplôme"), v.analyzer(&fr()).words("diplome"));
        assert_eq!(v.analyzer(&en()).words("Wi-Fi passwords"), vec!["wi", "fi", "password"]);
        assert_eq!(fold("Qu’il, œuvre, Ça"), "qu il  oeuvre  ca");
    }

    #[test]
    fn typos_are_forgiven_in_longer_words() {
        assert!(close("certificate", "certifcate"));
        assert!(close("accommodation", "acommodation"));
        assert!(!close("ta", "to"));
    }

    #[test]
    fn a_question_is_matched_in_the_askers_language_and_by_the_other_languages_keywords() {
        let vocabulary = vocabulary();
        let m = Matcher::new(&faq(), &en(), &vocabulary);
        let best = |q: &str, lang: &Lang| m.best(q, lang).map(|m| m.id);
        assert_eq!(best("Est-ce que je vais recevoir une attestation ?", &fr()).as_deref(), Some("certificate"));
        assert_eq!(best("quand aurai-je mon diplome", &fr()).as_deref(), Some("certificate"));
        assert_eq!(best("l'adresse de la salle", &fr()).as_deref(), Some("venue"));
        // An English term typed by a French speaker; an entry with no French.
        assert_eq!(best("le certificate", &fr()).as_deref(), Some("certificate"));
        assert_eq!(best("y a-t-il du wifi ?", &fr()).as_deref(), Some("wifi"));
        assert_eq!(best("Will I get a diploma?", &en()).as_deref(), Some("certificate"));
        assert_eq!(best("la cantine", &fr()), None);
    }

    /// An English FAQ with examples, as a coordinator writes one.
    fn taught() -> Vec<FaqRow> {
        let e = |id: &str, t: FaqText| entry(id, t, None);
        vec![
            e(
                "accommodation",
                with_examples(
                    text("Is accommodation provided?", &["accommodation", "hotel", "lodging"]),
                    &["where will I sleep", "where do we stay at night", "is a room booked for me"],
                ),
            ),
            e(
                "certificate",
                with_examples(
                    text("Will I receive a certificate?", &["certificate", "diploma"]),
                    &["do we get a certificate at the end", "is there proof of completion"],
                ),
            ),
            e(
                "venue",
                with_examples(
                    text("Where is the course held?", &["venue", "address", "location"]),
                    &["which building is it in", "where do I go on the first morning"],
                ),
            ),
            e(
                "daily-timings",
                with_examples(
                    text("What are the daily timings?", &["timings", "hours"]),
                    &["until what time do sessions run", "when does the day finish"],
                ),
            ),
            e(
                "meals",
                with_examples(
                    text("Is lunch provided?", &["lunch", "meals", "food"]),
                    &["will we be fed", "is there a canteen"],
                ),
            ),
        ]
    }

    fn route(m: &Matcher, q: &str) -> Route {
        m.route(q, &en())
    }

    #[test]
    fn a_question_worded_like_an_example_is_answered_though_it_shares_no_keyword() {
        let vocabulary = vocabulary();
        let m = Matcher::new(&taught(), &en(), &vocabulary);
        for (q, id) in [
            ("where will we sleep", "accommodation"),
            ("which building?", "venue"),
            ("until what time do the sessions run", "daily-timings"),
            ("Do I get a certifcate at the end?", "certificate"),
        ] {
            match route(&m, q) {
                Route::Answer(a) => assert_eq!(a.id, id, "{q}"),
                other => panic!("{q}: {other:?} ({:?})", m.scores(q, &en())),
            }
        }
    }

    #[test]
    fn a_question_sharing_one_keyword_but_pointing_elsewhere_is_not_answered_with_confidence() {
        let vocabulary = vocabulary();
        let m = Matcher::new(&taught(), &en(), &vocabulary);
        let q = "is there a dinner after the certificate ceremony with the families";
        assert!(!matches!(route(&m, q), Route::Answer(_)), "{:?}", m.scores(q, &en()));
        let top = &m.scores(q, &en())[0];
        assert!(top.coverage < ANSWER_COVERAGE, "{top:?}");
    }

    #[test]
    fn a_plausible_but_unclear_question_is_offered_at_most_three_entries_and_nonsense_goes_to_a_human() {
        let vocabulary = vocabulary();
        let m = Matcher::new(&taught(), &en(), &vocabulary);
        // "room" and "first day" point two ways: suggest, the right one among them.
        match route(&m, "room on the first day") {
            Route::Suggest(offered) => {
                assert!(offered.len() <= MAX_SUGGESTIONS);
                assert!(offered.iter().any(|o| o.id == "venue" || o.id == "accommodation"), "{offered:?}");
            }
            other => panic!("{other:?} ({:?})", m.scores("room on the first day", &en())),
        }
        assert_eq!(route(&m, "who won the cricket match yesterday"), Route::Enquiry);
        assert_eq!(route(&m, "the a is"), Route::Enquiry, "nothing but small words");
        assert_eq!(route(&m, ""), Route::Enquiry);
    }

    #[test]
    fn two_entries_that_fit_equally_are_a_question_for_the_asker() {
        let vocabulary = vocabulary();
        let m = Matcher::new(&taught(), &en(), &vocabulary);
        match route(&m, "hotel lunch") {
            Route::Suggest(offered) => {
                let ids: Vec<&str> = offered.iter().map(|o| o.id.as_str()).collect();
                assert!(ids.contains(&"accommodation") && ids.contains(&"meals"), "{ids:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_filed_question_is_answered_at_once_the_next_time() {
        let vocabulary = vocabulary();
        let q = "is the guest house near the centre";
        let before = Matcher::new(&taught(), &en(), &vocabulary);
        assert!(!matches!(route(&before, q), Route::Answer(_)));
        let mut faq = taught();
        faq[0].learned.insert(en(), vec!["Is the guest house near the centre?".into()]);
        let after = Matcher::new(&faq, &en(), &vocabulary);
        assert!(matches!(route(&after, q), Route::Answer(m) if m.id == "accommodation"));
    }
}
