//! Making article text safe and measurable for a terminal.
//!
//! Scraped text can carry escape sequences that recolour, clear or retitle the reviewer's
//! terminal, control characters that move the cursor, and bidi overrides that make text read
//! differently from what it is. None of it may reach the terminal raw: each is shown as a
//! visible placeholder, and widths are measured on what is actually drawn.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The visible stand-in for a character that must not reach the terminal as is, or `None` when
/// the character is safe to print.
///
/// C0 controls become their Unicode "control picture" (ESC is `␛`, TAB is `␉`), DEL is `␡`, C1
/// controls `␦`, and bidi embeddings, overrides, isolates and marks `⇄`, so a reviewer sees that
/// something is there without the terminal acting on it.
pub fn placeholder(c: char) -> Option<&'static str> {
    const PICTURES: [&str; 32] = [
        "␀", "␁", "␂", "␃", "␄", "␅", "␆", "␇", "␈", "␉", "␊", "␋", "␌", "␍", "␎", "␏", "␐", "␑",
        "␒", "␓", "␔", "␕", "␖", "␗", "␘", "␙", "␚", "␛", "␜", "␝", "␞", "␟",
    ];
    match c {
        '\u{0}'..='\u{1f}' => Some(PICTURES[c as usize]),
        '\u{7f}' => Some("␡"),
        '\u{80}'..='\u{9f}' => Some("␦"),
        '\u{200e}'
        | '\u{200f}'
        | '\u{061c}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some("⇄"),
        '\u{2028}' | '\u{2029}' => Some("⏎"),
        // A byte-order mark is harmless but invisible; show nothing rather than pass it on.
        '\u{feff}' => Some(""),
        _ => None,
    }
}

/// The form of one grapheme cluster that may be written to the terminal.
pub fn safe_grapheme(g: &str) -> Cow<'_, str> {
    let mut chars = g.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return match placeholder(c) {
            Some(p) => Cow::Borrowed(p),
            None => Cow::Borrowed(g),
        };
    }
    if g.chars().any(|c| placeholder(c).is_some()) {
        Cow::Owned(sanitize(g).into_owned())
    } else {
        Cow::Borrowed(g)
    }
}

/// `text` with every unsafe character replaced by its placeholder; borrowed when nothing needed
/// replacing, which is the common case.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| placeholder(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match placeholder(c) {
            Some(p) => out.push_str(p),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`sanitize`], but line breaks stay line breaks: for printing a whole text to a
/// terminal (`claimmark clean` on a TTY).
pub fn sanitize_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && placeholder(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.split('\n')
            .map(sanitize)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Columns one grapheme takes once made safe, measured the way ratatui measures it.
pub fn grapheme_width(g: &str) -> usize {
    safe_grapheme(g).width()
}

/// Columns `text` takes once made safe.
pub fn width(text: &str) -> usize {
    text.graphemes(true).map(grapheme_width).sum()
}

/// `text` made safe and cut to at most `max` columns, with `…` marking a cut; for titles and
/// status lines that must fit one row.
pub fn truncate(text: &str, max: usize) -> String {
    let safe = sanitize(text);
    if safe.width() <= max {
        return safe.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in safe.graphemes(true) {
        let w = g.width();
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// `1 file`, `3 files`: counts in messages read as English.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Human-readable byte size (`6.4K`, `1.2M`) for the article list.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["K", "M", "G", "T"];
    if bytes < 1000 {
        return format!("{bytes}B");
    }
    let mut value = bytes as f64 / 1024.0;
    for unit in UNITS {
        if value < 999.5 {
            return if value < 9.95 {
                format!("{value:.1}{unit}")
            } else {
                format!("{value:.0}{unit}")
            };
        }
        value /= 1024.0;
    }
    format!("{value:.0}P")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        let s = sanitize("red \u{1b}[1;31mbold\u{1b}[0m and title \u{1b}]2;x\u{7} done");
        assert!(!s.contains('\u{1b}') && !s.contains('\u{7}'));
        assert_eq!(s, "red ␛[1;31mbold␛[0m and title ␛]2;x␇ done");
    }

    #[test]
    fn controls_and_bidi_become_visible() {
        assert_eq!(sanitize("a\tb\u{8}c\u{b}"), "a␉b␈c␋");
        assert_eq!(sanitize("x\u{202e}y\u{2066}z"), "x⇄y⇄z");
        assert_eq!(sanitize("\u{85}"), "␦");
        assert_eq!(sanitize("plain text é 漢字"), "plain text é 漢字");
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn whole_texts_keep_their_line_breaks() {
        assert_eq!(sanitize_lines("a\n\nb\u{1b}[2J\n"), "a\n\nb␛[2J\n");
        assert!(matches!(sanitize_lines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn widths_count_what_is_drawn() {
        assert_eq!(width("\u{1b}[0m"), 4, "ESC is drawn as one column");
        assert_eq!(width("漢字"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("🚀"), 2);
    }

    #[test]
    fn truncation_respects_wide_characters() {
        assert_eq!(truncate("漢字漢字", 5), "漢字…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("\u{1b}[2J", 10), "␛[2J");
    }

    #[test]
    fn sizes_read_like_ls_h() {
        assert_eq!(human_size(999), "999B");
        assert_eq!(human_size(6529), "6.4K");
        assert_eq!(human_size(10652), "10K");
        assert_eq!(human_size(203_001), "198K");
        assert_eq!(human_size(50 * 1024 * 1024), "50M");
    }
}
