//! The roster as CSV: RFC 4180 (CRLF, quoted where needed), UTF-8 with a
//! byte-order mark so spreadsheets pick the right encoding, and cells that a
//! spreadsheet would run as a formula defused. The header row and the
//! status values are in the coordinator's language; the columns keep their
//! order whatever the language.

use crate::db::RosterRow;
use crate::i18n::{coordinator as render, Lang};

/// A cell starting with one of these is a formula to Excel, LibreOffice and
/// Google Sheets (tab and carriage return too, per OWASP). Prefixing an
/// apostrophe shows the text as typed and runs nothing.
fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// The header row, column by column.
pub fn header(lang: &Lang) -> Vec<String> {
    render::export_header(lang)
}

pub fn roster_csv(lang: &Lang, rows: &[RosterRow]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(64 + rows.len() * 160);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_text_kept() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("-2+3"), "'-2+3");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("Ali"), "Ali");
        assert_eq!(defuse(""), "");
    }
}
