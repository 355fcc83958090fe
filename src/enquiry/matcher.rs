//! Matches a question typed in one's own words against the FAQ: tolerant of
//! case, accents, punctuation, word order, plurals and small typos. A score
//! per entry, and an answer only when one entry clearly wins.

use crate::db::FaqRow;

/// A keyword (or every word of a keyword phrase) found in the question.
const KEYWORD: f32 = 3.0;
/// A word of the entry's own question found in the question.
const QUESTION_WORD: f32 = 1.0;
/// The least score that counts as a confident answer: one keyword hit.
pub const THRESHOLD: f32 = 3.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub id: String,
    pub score: f32,
}

struct Entry {
    id: String,
    keywords: Vec<Vec<String>>,
    question: Vec<String>,
}

pub struct Matcher {
    entries: Vec<Entry>,
}

/// Words that carry no topic, in English and the French that participants
/// mix in.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "am", "was", "were", "be", "been", "do", "does", "did", "i", "me", "my", "we",
    "our", "you", "your", "it", "its", "this", "that", "there", "to", "of", "for", "in", "on", "at", "by", "with",
    "and", "or", "if", "what", "when", "where", "which", "who", "why", "how", "can", "could", "will", "would", "shall",
    "should", "may", "any", "some", "please", "tell", "know", "need", "want", "get", "have", "has", "about", "from",
    "sir", "madam", "hello", "hi", "dear", "le", "la", "les", "un", "une", "des", "du", "de", "est", "et", "je", "mon",
    "ma", "mes", "nous", "vous", "quand", "ou", "comment", "pour", "quel", "quelle", "quels", "quelles", "est-ce",
    "que", "qui", "il", "elle", "ce", "sur", "au", "aux", "en", "pas", "ne", "y", "a-t-il", "s", "t", "so", "then",
];

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ÿ' | 'ý' => 'y',
        other => other,
    }
}

/// A crude stem: enough to make plurals and -ing forms meet.
fn stem(w: &str) -> String {
    let n = w.len();
    if n >= 5 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    // "boxes", "classes", "churches": the "es" is the plural; "notes" is "note" + "s".
    if n >= 5 && ["ses", "xes", "zes", "ches", "shes"].iter().any(|e| w.ends_with(e)) {
        return w[..n - 2].to_owned();
    }
    if n >= 6 && w.ends_with("ing") {
        return w[..n - 3].to_owned();
    }
    if n >= 5 && w.ends_with("ed") {
        return w[..n - 2].to_owned();
    }
    if n >= 4 && w.ends_with('s') && !w.ends_with("ss") {
        return w[..n - 1].to_owned();
    }
    w.to_owned()
}

/// Lower case, accents folded, punctuation gone, stop words dropped, stemmed.
pub fn words(text: &str) -> Vec<String> {
    let folded: String =
        text.to_lowercase().chars().map(fold).map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    folded.split_whitespace().filter(|w| !STOPWORDS.contains(w)).map(stem).collect()
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
fn same(a: &str, b: &str) -> bool {
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

impl Matcher {
    pub fn new(faq: &[FaqRow]) -> Self {
        let entries = faq
            .iter()
            .map(|f| {
                let keywords: Vec<String> = serde_json::from_str(&f.keywords).unwrap_or_default();
                Entry {
                    id: f.id.clone(),
                    keywords: keywords.iter().map(|k| words(k)).filter(|k| !k.is_empty()).collect(),
                    question: words(&f.question),
                }
            })
            .collect();
        Self { entries }
    }

    /// Every entry's score for a question, best first.
    pub fn scores(&self, question: &str) -> Vec<Match> {
        let q = words(question);
        let has = |w: &String| q.iter().any(|x| same(x, w));
        let mut out: Vec<Match> = self
            .entries
            .iter()
            .map(|e| {
                let keyword_hits = e.keywords.iter().filter(|k| k.iter().all(has)).count() as f32;
                let question_hits = e.question.iter().filter(|w| has(w)).count() as f32;
                Match { id: e.id.clone(), score: keyword_hits * KEYWORD + question_hits * QUESTION_WORD }
            })
            .filter(|m| m.score > 0.0)
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        out
    }

    /// The entry that answers the question, if one clearly does.
    pub fn best(&self, question: &str) -> Option<Match> {
        let scores = self.scores(question);
        let first = scores.first()?;
        let runner_up = scores.get(1).map_or(0.0, |m| m.score);
        (first.score >= THRESHOLD && first.score > runner_up).then(|| first.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_normalised() {
        assert_eq!(words("Où est le CERTIFICATS?!"), vec!["certificat"]);
        assert_eq!(words("Wi-Fi passwords"), vec!["wi", "fi", "password"]);
    }

    #[test]
    fn typos_are_forgiven_in_longer_words() {
        assert!(same("certificate", "certifcate"));
        assert!(same("accommodation", "acommodation"));
        assert!(!same("ta", "to"));
    }
}
