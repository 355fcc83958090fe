//! Telegram refuses messages over 4,096 characters, counted in UTF-16 code
//! units. Long text is split on the best boundary available: a blank line,
//! a line break, a space, and only as a last resort inside a word.

pub const TELEGRAM_LIMIT: usize = 4096;

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Splits `text` into parts of at most `limit` UTF-16 units, in order, with no
/// text lost: joining the parts with the separators they were cut at gives
/// the original back (separators at a cut are dropped).
pub fn split_message(text: &str, limit: usize) -> Vec<String> {
    assert!(limit >= 2, "limit too small");
    let mut parts = Vec::new();
    let mut rest = text;
    while utf16_len(rest) > limit {
        // Byte index of the furthest char boundary within the limit.
        let mut units = 0;
        let mut max_end = 0;
        for (i, c) in rest.char_indices() {
            units += c.len_utf16();
            if units > limit {
                break;
            }
            max_end = i + c.len_utf8();
        }
        let window = &rest[..max_end];
        let cut =
            ["\n\n", "\n", " "].iter().find_map(|sep| window.rfind(sep).filter(|&i| i > 0).map(|i| (i, sep.len())));
        let (head, tail) = match cut {
            Some((i, sep_len)) => (&rest[..i], &rest[i + sep_len..]),
            None => (window, &rest[max_end..]),
        };
        parts.push(head.to_owned());
        rest = tail;
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(rest.to_owned());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_part() {
        assert_eq!(split_message("hello", 4096), vec!["hello"]);
        assert_eq!(split_message("", 4096), vec![""]);
    }

    #[test]
    fn prefers_paragraphs_then_lines_then_words() {
        let text = format!("{}\n\n{}", "a".repeat(3000), "b".repeat(3000));
        let parts = split_message(&text, 4096);
        assert_eq!(parts, vec!["a".repeat(3000), "b".repeat(3000)]);
        let words = "word ".repeat(2000);
        let parts = split_message(words.trim_end(), 4096);
        assert!(parts.iter().all(|p| utf16_len(p) <= 4096 && !p.starts_with(' ') && p.ends_with("word")));
        assert_eq!(parts.join(" "), words.trim_end());
    }

    #[test]
    fn counts_utf16_units_and_never_cuts_a_character() {
        let emoji = "😀".repeat(3000); // 2 units each
        let parts = split_message(&emoji, 4096);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| utf16_len(p) <= 4096));
        assert_eq!(parts.concat(), emoji);
    }
}
