//! The FAQ matcher benchmark (not a test): a synthetic FAQ of 200 entries
//! and 2,000 examples, written from the shipped FAQ's words with a seeded
//! generator (the same every run), and 2,000 questions against it.
//!
//!     cargo run --release --example faq_bench
//!
//! Prints the time to build the index (once per FAQ change in the bot) and
//! p50 / p99 / max of `route()` per question. The target is p99 ≤ 5 ms.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use copes_bot::config::Config;
use copes_bot::domain::{FaqRow, FaqText, Lang};
use copes_bot::enquiry::matcher::{Matcher, Route};
use copes_bot::i18n::enquiries::vocabulary;

const ENTRIES: usize = 200;
const EXAMPLES_PER_ENTRY: usize = 10;
const QUESTIONS: usize = 2_000;

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

/// What the synthetic FAQ and its questions are drawn with.
impl Rng {
    fn pick<'a>(&mut self, words: &'a [String]) -> &'a str {
        &words[self.below(words.len())]
    }

    /// `n` words, some of them from `topic` (the entry's own), the rest
    /// from anywhere.
    fn sentence(&mut self, topic: &[String], all: &[String], n: usize) -> String {
        (0..n).map(|_| if self.below(3) < 2 { self.pick(topic) } else { self.pick(all) }).collect::<Vec<_>>().join(" ")
    }

    /// A typo now and then: one letter dropped from a longer word.
    fn typo(&mut self, text: &str) -> String {
        text.split(' ')
            .map(|w| match w.chars().count() > 7 && self.below(5) == 0 {
                true => {
                    let cut = 1 + self.below(w.chars().count() - 2);
                    w.chars().enumerate().filter(|(i, _)| *i != cut).map(|(_, c)| c).collect()
                }
                false => w.to_owned(),
            })
            .collect::<Vec<String>>()
            .join(" ")
    }
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() > 2).map(str::to_lowercase).collect()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config")).expect("the shipped config");
    let lang = config.faq.language.clone();
    let shipped: Vec<FaqRow> = config.faq.entries.iter().map(|e| e.to_row(&lang)).collect();
    let all: Vec<String> = shipped
        .iter()
        .flat_map(|r| {
            let t = &r.text;
            let mut w = words_of(&t.question);
            w.extend(words_of(&t.answer));
            w.extend(t.keywords.iter().flat_map(|k| words_of(k)));
            w.extend(t.examples.iter().flat_map(|e| words_of(e)));
            w
        })
        .collect();

    let mut rng = Rng(0x00c0_ffee_5eed_2021);
    let mut topics: Vec<Vec<String>> = Vec::new();
    let faq: Vec<FaqRow> = (0..ENTRIES)
        .map(|i| {
            // Each synthetic entry draws its topic words from one shipped
            // entry plus a few of its own, so entries overlap as real ones do.
            let base = &shipped[i % shipped.len()].text;
            let mut topic = words_of(&base.question);
            topic.extend(base.keywords.iter().flat_map(|k| words_of(k)));
            topic.extend((0..4).map(|_| format!("{}{}", rng.pick(&all), i)));
            let text = FaqText {
                question: rng.sentence(&topic, &all, 6),
                answer: rng.sentence(&topic, &all, 40),
                keywords: (0..4).map(|_| rng.pick(&topic).to_owned()).collect(),
                examples: (0..EXAMPLES_PER_ENTRY)
                    .map(|_| {
                        let n = 4 + rng.below(6);
                        rng.sentence(&topic, &all, n)
                    })
                    .collect(),
            };
            topics.push(topic);
            FaqRow {
                id: format!("entry-{i}"),
                language: lang.clone(),
                text,
                translations: BTreeMap::new(),
                learned: BTreeMap::new(),
            }
        })
        .collect();
    let examples: usize = faq.iter().map(|r| r.examples(&lang).count()).sum();

    let started = Instant::now();
    let matcher = Matcher::new(&faq, &lang, vocabulary());
    let build = started.elapsed();

    let questions: Vec<String> = (0..QUESTIONS)
        .map(|_| {
            let topic = &topics[rng.below(ENTRIES)];
            let n = 3 + rng.below(10);
            let q = rng.sentence(topic, &all, n);
            rng.typo(&q)
        })
        .collect();
    let fr = Lang::parse("fr").expect("fr");
    let mut times: Vec<Duration> = Vec::with_capacity(QUESTIONS);
    let mut bands = [0usize; 3];
    for (i, q) in questions.iter().enumerate() {
        // Every tenth question from a French reader: the cross-language path.
        let asker = if i % 10 == 0 { &fr } else { &lang };
        let t = Instant::now();
        let route = matcher.route(q, asker);
        times.push(t.elapsed());
        bands[match route {
            Route::Answer(_) => 0,
            Route::Suggest(_) => 1,
            Route::Enquiry => 2,
        }] += 1;
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("FAQ: {ENTRIES} entries, {examples} examples; {QUESTIONS} questions");
    println!("index built in {:.1} ms", ms(build));
    println!(
        "route(): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms (target p99 ≤ 5 ms)",
        ms(at(0.50)),
        ms(at(0.99)),
        ms(*times.last().expect("questions"))
    );
    println!("bands: answered {}, suggested {}, enquiry {}", bands[0], bands[1], bands[2]);
}
