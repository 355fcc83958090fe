//! The roster as CSV: RFC 4180 (CRLF, quoted where needed), UTF-8 with a
//! byte-order mark so spreadsheets pick the right encoding, and cells that a
//! spreadsheet would run as a formula defused. The header row and the
//! status values are in the coordinator's language; the columns keep their
//! order whatever the language.

use std::collections::BTreeMap;

use crate::db::{Db, RosterRow};
use crate::domain::FaqRow;
use crate::figures::csv::{defuse, spreadsheet_writer};
use crate::i18n::{coordinator as render, learning, Lang};

/// The header row, column by column.
pub fn header(lang: &Lang) -> Vec<String> {
    render::export_header(lang)
}

pub fn roster_csv(lang: &Lang, rows: &[RosterRow]) -> anyhow::Result<Vec<u8>> {
    let mut w = spreadsheet_writer(64 + rows.len() * 160);
    w.write_record(header(lang).iter().map(|h| defuse(h)))?;
    for r in rows {
        let opt = |v: &Option<String>| v.as_deref().map(defuse).unwrap_or_default();
        w.write_record([
            defuse(&r.course_code),
            render::export_status(lang, &r.status),
            r.user_id.to_string(),
            opt(&r.username),
            opt(&r.full_name),
            opt(&r.administration),
            opt(&r.position),
            opt(&r.email),
            opt(&r.timezone),
            r.created_at.clone(),
            r.registered_at.clone().unwrap_or_default(),
            r.waitlisted_at.clone().unwrap_or_default(),
            r.withdrawn_at.clone().unwrap_or_default(),
        ])?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("csv: {}", e.error()))
}

/// The examples coordinators filed, as a `faq.toml` snippet: per entry
/// (in the FAQ's order) a comment naming it, `[[faq]]` with its `id` and
/// the `examples` to add in the entry's own language, and a `[faq.<lang>]`
/// block for each other language asked in. Strings are TOML-escaped, so
/// the snippet parses as it is; its comments are in `lang`. The same
/// database gives the same text.
pub async fn faq_snippet(db: &Db, lang: &Lang) -> anyhow::Result<String> {
    let filed = db.filed_examples().await?;
    let entries = db.faq_entries().await?;
    let mut out = comment(&learning::export_heading(lang, filed.len()));
    // Grouped per entry, then per language, keeping the database's order.
    let mut by_entry: Vec<(&FaqRow, BTreeMap<&str, Vec<&str>>)> = Vec::new();
    for x in &filed {
        let Some(row) = entries.iter().find(|e| e.id == x.faq_id) else {
            continue;
        };
        if by_entry.last().is_none_or(|(r, _)| r.id != row.id) {
            by_entry.push((row, BTreeMap::new()));
        }
        if let Some((_, langs)) = by_entry.last_mut() {
            langs.entry(x.language.as_str()).or_default().push(&x.body);
        }
    }
    for (row, langs) in by_entry {
        out.push('\n');
        out.push_str(&comment(&format!("{} — {}", row.id, row.text.question.replace('\n', " "))));
        out.push_str(&format!("[[faq]]\nid = {}\n", toml_string(&row.id)));
        if let Some(own) = langs.get(row.language.as_str()) {
            out.push_str(&examples_array(own));
        }
        for (l, bodies) in langs.iter().filter(|(l, _)| **l != row.language.as_str()) {
            out.push_str(&format!("[faq.{l}]\n"));
            out.push_str(&examples_array(bodies));
        }
    }
    Ok(out)
}

pub(crate) fn comment(text: &str) -> String {
    text.lines().map(|l| format!("# {l}\n").replace("# \n", "#\n")).collect()
}

pub(crate) fn examples_array(bodies: &[&str]) -> String {
    let mut out = String::from("examples = [\n");
    for b in bodies {
        out.push_str(&format!("    {},\n", toml_string(b)));
    }
    out.push_str("]\n");
    out
}

/// A TOML basic string, escaped as the `toml` crate escapes it.
pub(crate) fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_in_the_snippet_are_escaped_for_toml() {
        let tricky = "quote \" backslash \\ new\nline \u{7} é";
        let snippet = format!("[[faq]]\nid = \"x\"\n{}", examples_array(&[tricky, "plain"]));
        let parsed: toml::Table = toml::from_str(&snippet).unwrap();
        let examples = parsed["faq"].as_array().unwrap()[0]["examples"].as_array().unwrap().clone();
        assert_eq!(examples, vec![toml::Value::from(tricky), toml::Value::from("plain")]);
        assert_eq!(comment("a\n\nb"), "# a\n#\n# b\n");
    }

    #[test]
    fn formulas_are_defused_and_text_kept() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("-2+3"), "'-2+3");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("Ali"), "Ali");
        assert_eq!(defuse(""), "");
    }
}
