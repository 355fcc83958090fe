//! Matches a question typed in one's own words against the FAQ, in the
//! asker's language: tolerant of case, accents, punctuation, elisions
//! (l', d', qu'…), word order, plurals and other endings (a Snowball stemmer
//! per language) and small typos. A score per entry, and an answer only when
//! one entry clearly wins.
//!
//! An entry is scored on its text in the asker's language (keywords and the
//! wording of its question) and on the keywords of its other languages, each
//! version read with its own language's stop words and stemmer; the best
//! version's score counts. Another language's keywords weigh less when the
//! entry has the asker's, so a French speaker typing an English term gets a
//! hint rather than a false friend, and an entry without a version in the
//! asker's language can still be found. A question plainly written in
//! another language (by its small words) is read as such.
//!
//! The stop words of each language come from its translation files
//! (`faq-stopwords`), so a new language needs no code here.

use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

use crate::domain::FaqRow;
use crate::domain::Lang;

/// A keyword (or every word of a keyword phrase) found in the question.
const KEYWORD: f32 = 3.0;
/// A keyword of another language than the asker's, when the entry has a
/// version in the asker's: a hint (a French speaker typing an English
/// term), below the threshold alone, since words of one language are often
/// other words in another ("completion", "complet").
const OTHER_KEYWORD: f32 = 2.0;
/// A word of the entry's own question found in the question.
const QUESTION_WORD: f32 = 1.0;
/// The least score that counts as a confident answer: one keyword hit.
pub const THRESHOLD: f32 = 3.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub id: String,
    pub score: f32,
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

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Same word, allowing a typo in longer words.
fn close(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let n = a.chars().count().min(b.chars().count());
    // Short words differ by one letter too often (expect/expert, not/note).
    let allowed = if n >= 10 {
        2
    } else if n >= 7 {
        1
    } else {
        0
    };
    allowed > 0 && a.chars().count().abs_diff(b.chars().count()) <= allowed && edit_distance(a, b) <= allowed
}

/// The same stem, or the same word as typed but for a typo (a typo can
/// change the stem: "certifcate" does not stem like "certificate").
fn same(a: &Word, b: &Word) -> bool {
    // A stem of three letters or fewer joins unrelated words too often
    // ("données", "donné" and "donner" all stem to "don"): then the words
    // must differ by no more than a last letter ("date", "dates").
    let (short, long) = if a.folded.len() <= b.folded.len() { (a, b) } else { (b, a) };
    let short_ok =
        long.folded.starts_with(&short.folded) && long.folded.chars().count() <= short.folded.chars().count() + 1;
    let stems_meet = a.stems.iter().any(|s| (short_ok || s.chars().count() > 3) && b.stems.contains(s));
    stems_meet || close(&a.folded, &b.folded)
}

/// How a keyword reads, to tell two apart: short stems by the word as typed
/// (see [`same`]).
fn stems(words: &[Word]) -> Vec<&str> {
    words.iter().map(|w| if w.stems[0].chars().count() > 3 { w.stems[0].as_str() } else { w.folded.as_str() }).collect()
}

/// An entry's text in one language, read in that language.
struct Version {
    lang: Lang,
    keywords: Vec<Vec<Word>>,
    question: Vec<Word>,
}

struct Entry {
    id: String,
    /// The entry's own language first.
    versions: Vec<Version>,
}

pub struct Matcher<'a> {
    entries: Vec<Entry>,
    main: Lang,
    /// Every language an entry has.
    analyzers: HashMap<Lang, Analyzer>,
    /// For the language of a question, if no entry has it.
    vocabulary: &'a Vocabulary,
}

impl<'a> Matcher<'a> {
    /// `main`: the language of the entries' own text (faq.toml's).
    pub fn new(faq: &[FaqRow], main: &Lang, vocabulary: &'a Vocabulary) -> Self {
        let mut analyzers: HashMap<Lang, Analyzer> = HashMap::new();
        let entries = faq
            .iter()
            .map(|f| Entry {
                id: f.id.clone(),
                versions: f
                    .versions()
                    .map(|(lang, text)| {
                        let a = analyzers.entry(lang.clone()).or_insert_with(|| vocabulary.analyzer(lang));
                        // Keywords that read the same ("timings", "what time")
                        // count once, or a word would weigh twice.
                        let mut keywords: Vec<Vec<Word>> = Vec::new();
                        for k in text.keywords.iter().map(|k| a.read(k)).filter(|k| !k.is_empty()) {
                            if !keywords.iter().any(|seen| stems(seen) == stems(&k)) {
                                keywords.push(k);
                            }
                        }
                        Version { lang: lang.clone(), keywords, question: a.read(&text.question) }
                    })
                    .collect(),
            })
            .collect();
        Self { entries, main: main.clone(), analyzers, vocabulary }
    }

    /// The language a question is written in, as far as its small words
    /// tell: the asker's, unless two or more words are small words of
    /// another language and not of theirs, and more of them than the other
    /// way round ("when does the course start? merci" from someone whose
    /// Telegram is in French).
    fn written_in(&self, question: &str, asker: &Lang) -> Lang {
        let folded = fold(question);
        let words: Vec<&str> = folded.split_whitespace().collect();
        let own = self.analyzers.get(asker).cloned().unwrap_or_else(|| self.vocabulary.analyzer(asker));
        let only = |a: &Analyzer, b: &Analyzer| {
            words.iter().filter(|w| a.stopwords.contains(**w) && !b.stopwords.contains(**w)).count()
        };
        let mut best = (asker.clone(), 1);
        for (lang, other) in &self.analyzers {
            let (theirs, ours) = (only(other, &own), only(&own, other));
            if lang != asker && theirs > ours && theirs > best.1 {
                best = (lang.clone(), theirs);
            }
        }
        best.0
    }

    /// Every entry's score for a question asked by someone who reads
    /// `lang`, best first.
    pub fn scores(&self, question: &str, lang: &Lang) -> Vec<Match> {
        let lang = &self.written_in(question, lang);
        let mut read: HashMap<&Lang, Vec<Word>> = HashMap::new();
        let mut out: Vec<Match> = self
            .entries
            .iter()
            .map(|e| {
                // The wording counts in the version the asker will read: theirs,
                // else the entry's own.
                let has_own = e.versions.iter().any(|v| &v.lang == lang);
                let reader = if has_own { lang } else { &self.main };
                let score = e
                    .versions
                    .iter()
                    .map(|v| {
                        let q = read.entry(&v.lang).or_insert_with(|| self.analyzers[&v.lang].read(question));
                        let has = |w: &Word| q.iter().any(|x| same(x, w));
                        let hits: Vec<&Vec<Word>> = v.keywords.iter().filter(|k| k.iter().all(has)).collect();
                        // A word already counted as (part of) a keyword does not
                        // count again as a word of the question.
                        let counted = |w: &Word| hits.iter().any(|k| k.iter().any(|x| same(x, w)));
                        let question_hits = match &v.lang == reader {
                            true => v.question.iter().filter(|w| has(w) && !counted(w)).count() as f32,
                            false => 0.0,
                        };
                        let weight = if has_own && &v.lang != lang { OTHER_KEYWORD } else { KEYWORD };
                        hits.len() as f32 * weight + question_hits * QUESTION_WORD
                    })
                    .fold(0.0, f32::max);
                Match { id: e.id.clone(), score }
            })
            .filter(|m| m.score > 0.0)
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        out
    }

    /// What to do with a question asked by someone who reads `lang`.
    pub fn route(&self, question: &str, lang: &Lang) -> Route {
        match self.best(question, lang) {
            Some(m) => Route::Answer(m),
            None => Route::Enquiry,
        }
    }

    /// The entry that answers a question asked in `lang`, if one clearly
    /// does.
    pub fn best(&self, question: &str, lang: &Lang) -> Option<Match> {
        let scores = self.scores(question, lang);
        let first = scores.first()?;
        let runner_up = scores.get(1).map_or(0.0, |m| m.score);
        (first.score >= THRESHOLD && first.score > runner_up).then(|| first.clone())
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
            (en(), Analyzer::new(&en(), "the a is will i my do how what")),
            (fr(), Analyzer::new(&fr(), "le la les l d qu je j vais est un une de du comment quand y a t il")),
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
}
