//! The report's CSV: one row per session, written as `/export` writes the
//! roster (UTF-8 with a byte-order mark, CRLF, quoted where needed, cells a
//! spreadsheet would run as a formula defused), so Excel and LibreOffice
//! open it the same way. Numbers use a dot whatever the language: the file
//! is for spreadsheets, which read it so.

use super::data::{CourseReport, EvaluationResult, SessionStatus};
use crate::domain::Lang;

/// A cell starting with one of these is a formula to Excel, LibreOffice and
/// Google Sheets (tab and carriage return too, per OWASP). Prefixing an
/// apostrophe shows the text as typed and runs nothing. Every CSV the bot
/// writes (the roster too) goes through it.
pub fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// A CSV writer as spreadsheets read it best: UTF-8 with a byte-order mark
/// (Excel otherwise guesses the encoding and breaks Urdu names), RFC 4180
/// quoting, CRLF.
pub fn spreadsheet_writer(capacity: usize) -> csv::Writer<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out)
}

/// Columns, in order: session, date, title, present, present %, ratings,
/// mean, the counts of 1 to 5, comments.
pub const COLUMNS: usize = 13;

/// `header`: the column names in the coordinator's language (`COLUMNS` of
/// them). `author`: how a named comment is written ("Name: text").
pub fn sessions_csv(
    report: &CourseReport,
    header: &[String],
    author: &dyn Fn(&str, &str) -> String,
) -> anyhow::Result<Vec<u8>> {
    anyhow::ensure!(header.len() == COLUMNS, "the report's CSV has {COLUMNS} columns, not {}", header.len());
    let mut w = spreadsheet_writer(256 + report.sessions.len() * 200);
    w.write_record(header.iter().map(|h| defuse(h)))?;
    for s in &report.sessions {
        let held = s.status == SessionStatus::Held;
        let comments: Vec<String> = s
            .comments
            .iter()
            .map(|c| match &c.author {
                Some(name) => author(name, &c.text),
                None => c.text.clone(),
            })
            .collect();
        let mut row = vec![
            defuse(&s.id),
            s.day.format("%Y-%m-%d").to_string(),
            defuse(&s.title),
            if held { s.present.to_string() } else { String::new() },
            s.present_pct.map(|p| format!("{p:.1}")).unwrap_or_default(),
            s.ratings.n.to_string(),
            s.ratings.mean.map(|m| format!("{m:.2}")).unwrap_or_default(),
        ];
        row.extend(s.ratings.distribution.iter().map(u32::to_string));
        row.push(defuse(&comments.join(" | ")));
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("csv: {}", e.error()))
}

/// The evaluation's written answers, all of them (the summary quotes a
/// few): one row per answer — question id, the question, the answer.
/// None when the evaluation has no written answer.
pub fn evaluation_csv(
    report: &CourseReport,
    lang: &Lang,
    header: &[String; 3],
    author: &dyn Fn(&str, &str) -> String,
) -> anyhow::Result<Option<Vec<u8>>> {
    let mut rows = Vec::new();
    for item in &report.evaluation {
        let EvaluationResult::Text(answers) = &item.result else { continue };
        let question = item.text.get(lang).or_else(|| item.text.values().next()).map_or("", String::as_str);
        for a in answers {
            let answer = match &a.author {
                Some(name) => author(name, &a.text),
                None => a.text.clone(),
            };
            rows.push([defuse(&item.question_id), defuse(question), defuse(&answer)]);
        }
    }
    if rows.is_empty() {
        return Ok(None);
    }
    let mut w = spreadsheet_writer(256 + rows.len() * 200);
    w.write_record(header.iter().map(|h| defuse(h)))?;
    for row in rows {
        w.write_record(&row)?;
    }
    Ok(Some(w.into_inner().map_err(|e| anyhow::anyhow!("csv: {}", e.error()))?))
}
