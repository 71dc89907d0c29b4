//! Making article text safe and measurable for a terminal.
//!
//! Scraped text can carry escape sequences that recolour, clear or retitle the reviewer's
//! terminal, control characters that move the cursor, and bidi overrides that make text read
//! differently from what it is. None of it may reach the terminal raw: each is shown as a
//! visible placeholder, and widths are measured on what is actually drawn.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// What an invisible character is drawn as: zero-width spaces and joiners out of place, the
/// word joiner, invisible operators, byte-order marks and tag characters. They can hide text
/// from a reader (or split a word so a search misses it), so a reviewer is shown that
/// something is there.
pub const INVISIBLE: &str = "⬚";

/// The base drawn under a combining mark that has no character to sit on (at the start of a
/// line, or after a control character), as Unicode charts show them: without it the mark would
/// land on whatever the terminal drew before, a pane's border included.
pub const DOTTED_CIRCLE: char = '◌';

/// Most characters of no width (combining marks) kept on one character. Stacked marks
/// ("Zalgo" text) are drawn by terminals over the rows above and below, borders included, and
/// only a few are kept anyway (xterm keeps two); real scripts need fewer.
pub const MAX_MARKS: usize = 6;

/// The visible stand-in for a character that must not reach the terminal as is, or `None` when
/// the character is safe to print.
///
/// C0 controls become their Unicode "control picture" (ESC is `␛`, TAB is `␉`), DEL is `␡`, C1
/// controls `␦`, bidi embeddings, overrides, isolates and marks `⇄`, and invisible characters
/// [`INVISIBLE`], so a reviewer sees that something is there without the terminal acting on it.
/// Zero-width joiners that belong where they are (inside an emoji sequence, or between letters
/// of a script that joins) are judged by [`safe_grapheme`], which sees their neighbours.
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
        '\u{200b}'..='\u{200d}'
        | '\u{2060}'..='\u{2064}'
        | '\u{206a}'..='\u{206f}'
        | '\u{180e}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}' => Some(INVISIBLE),
        _ => None,
    }
}

/// Whether `c` may need more than [`placeholder`] to be drawn safely: a character of no width
/// (combining marks, joiners, selectors), an emoji skin tone or a regional indicator (which
/// join the character before them), or a halfwidth sound mark (which ratatui and terminals
/// measure differently).
fn needs_a_look(c: char) -> bool {
    placeholder(c).is_some()
        || c.width() == Some(0)
        || matches!(c, '\u{1f3fb}'..='\u{1f3ff}' | '\u{1f1e6}'..='\u{1f1ff}' | '\u{ff9e}' | '\u{ff9f}')
}

/// Whether a joiner after `base` belongs there: letters of scripts that join or form
/// conjuncts (Arabic, Syriac, N'Ko, the Indic scripts, Tibetan, Myanmar, Khmer, Mongolian)
/// use ZWJ and ZWNJ as part of spelling.
fn joins(base: char) -> bool {
    matches!(base as u32,
        0x0600..=0x08FF | 0x0900..=0x0DFF | 0x0F00..=0x109F | 0x1780..=0x18AF
        | 0xA980..=0xA9DF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC)
}

/// Characters that emoji sequences are made of, roughly `Extended_Pictographic`.
fn pictographic(c: char) -> bool {
    matches!(c as u32,
        0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122 | 0x2139 | 0x2194..=0x21AA | 0x2300..=0x23FF
        | 0x24C2 | 0x25AA..=0x25FE | 0x2600..=0x27BF | 0x2934 | 0x2935 | 0x2B00..=0x2BFF
        | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0x1F000..=0x1FAFF)
}

/// Columns ratatui gives `g` when it draws it as one cell (its `CellWidth`).
fn cell_width(g: &str) -> usize {
    if g.len() == 1 {
        return 1;
    }
    g.width()
        + g.chars()
            .filter(|c| matches!(c, '\u{ff9e}' | '\u{ff9f}'))
            .count()
}

/// Columns a terminal that does not know grapheme clusters (xterm, VTE, tmux, the `vt100`
/// crate) moves on when printing `g`: each character's own width, added up.
fn terminal_width(g: &str) -> usize {
    g.chars().map(|c| c.width().unwrap_or(1)).sum()
}

/// Whether every terminal draws `g` over as many columns as ratatui reserves for it, at least
/// one: a cluster that terminals disagree on (an emoji ZWJ sequence is two columns in some,
/// six in others) would push the rest of the row, borders included, out of line.
fn drawn_alike(g: &str) -> bool {
    let w = cell_width(g);
    w > 0 && w == terminal_width(g)
}

/// The form of one grapheme cluster that may be written to the terminal: controls, bidi and
/// invisible characters as placeholders, and always over the same columns in every terminal.
///
/// Clusters that terminals measure differently are drawn as their parts: an emoji ZWJ sequence
/// (👨‍👩‍👧) as the emoji it joins side by side, without skin tones or variation selectors;
/// a combining mark with nothing to sit on over [`DOTTED_CIRCLE`]. What still cannot be drawn
/// alike becomes `�`, one per column.
pub fn safe_grapheme(g: &str) -> Cow<'_, str> {
    let mut chars = g.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return match placeholder(c) {
            Some(p) => Cow::Borrowed(p),
            None if !needs_a_look(c) || drawn_alike(g) => Cow::Borrowed(g),
            None => Cow::Owned(rebuild(g)),
        };
    }
    let marks = g.chars().filter(|c| c.width() == Some(0)).count();
    if marks <= MAX_MARKS
        && (!g.chars().any(needs_a_look)
            || g.chars().all(|c| placeholder(c).is_none()) && drawn_alike(g))
    {
        Cow::Borrowed(g)
    } else {
        Cow::Owned(rebuild(g))
    }
}

/// [`safe_grapheme`] for a cluster that needs more than a look.
fn rebuild(g: &str) -> String {
    let joining = g.chars().next().is_some_and(joins);
    let mut out = String::with_capacity(g.len() + 3);
    let mut last: Option<char> = None;
    let mut marks = 0;
    for c in g.chars() {
        let after_emoji = last.is_some_and(pictographic);
        if c.width() == Some(0) && placeholder(c).is_none() {
            marks += 1;
            if marks > MAX_MARKS {
                continue;
            }
        }
        match c {
            '\u{200c}' | '\u{200d}' if joining => out.push(c),
            // Joined emoji are drawn side by side; the joiner itself is not shown.
            '\u{200d}' if after_emoji => {}
            // Presentation selectors and skin tones: terminals give them different widths.
            // What they follow stays what the next joiner looks back at.
            '\u{fe0e}' | '\u{fe0f}' if last.is_some() => {}
            '\u{1f3fb}'..='\u{1f3ff}' if after_emoji => {}
            c => {
                match placeholder(c) {
                    Some(p) => out.push_str(p),
                    None => out.push(c),
                }
                last = Some(c);
            }
        }
    }
    if cell_width(&out) == 0 {
        out.insert(0, DOTTED_CIRCLE);
    }
    if out.graphemes(true).all(drawn_alike) {
        return out;
    }
    "�".repeat(terminal_width(&out).max(1))
}

/// `text` with every unsafe character replaced by its placeholder and every cluster in the
/// form of [`safe_grapheme`]; borrowed when nothing needed replacing, which is the common case.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_a_look) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut changed = false;
    for g in text.graphemes(true) {
        let safe = safe_grapheme(g);
        changed |= matches!(safe, Cow::Owned(_)) || safe != g;
        out.push_str(&safe);
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` with each character that [`placeholder`] replaces swapped for its placeholder, one
/// character for one: for text being edited, where the cursor counts characters. Joiners are
/// shown wherever they are, as an editor shows what it would otherwise hide.
pub fn sanitize_chars(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| placeholder(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| placeholder(c).and_then(|p| p.chars().next()).unwrap_or(c))
            .collect(),
    )
}

/// Like [`sanitize`], but line breaks stay line breaks: for printing a whole text to a
/// terminal (`claimmark clean` on a TTY).
pub fn sanitize_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && needs_a_look(c)) {
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
    let safe = safe_grapheme(g);
    // A safe form of several clusters (joined emoji drawn apart) takes each one's columns.
    safe.graphemes(true).map(cell_width).sum()
}

/// Columns `text` takes once made safe.
pub fn width(text: &str) -> usize {
    text.graphemes(true).map(grapheme_width).sum()
}

/// `text` made safe and cut to at most `max` columns, with `…` marking a cut; for titles and
/// status lines that must fit one row.
pub fn truncate(text: &str, max: usize) -> String {
    let safe = sanitize(text);
    if safe.graphemes(true).map(cell_width).sum::<usize>() <= max {
        return safe.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in safe.graphemes(true) {
        let w = cell_width(g);
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
    #[test]
    fn invisible_characters_become_visible() {
        for c in [
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{2060}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            let text = format!("pass{c}word");
            assert_eq!(sanitize(&text), "pass⬚word", "{c:?}");
            assert_eq!(width(&text), 9, "{c:?} is drawn, one column");
        }
        // A byte-order mark alone, as at the start of a file.
        assert_eq!(sanitize("\u{feff}Title"), "⬚Title");
    }

    #[test]
    fn text_being_edited_keeps_one_character_for_one() {
        assert_eq!(sanitize_chars("a\u{1b}[1m\u{202e}b\u{200b}"), "a␛[1m⇄b⬚");
        assert!(matches!(sanitize_chars("plain é"), Cow::Borrowed(_)));
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            if let Some(p) = placeholder(c) {
                assert_eq!(p.chars().count(), 1, "{c:?}");
            }
        }
    }

    #[test]
    fn joiners_that_belong_are_kept() {
        // Persian spells with ZWNJ; Devanagari forms conjuncts with ZWJ.
        let persian = "می\u{200c}خواهم";
        assert_eq!(sanitize(persian), persian);
        let hindi = "क्\u{200d}ष";
        assert_eq!(sanitize(hindi), hindi);
    }

    #[test]
    fn emoji_sequences_are_drawn_the_same_in_every_terminal() {
        // A family joined with ZWJ: two columns in some terminals, six in others, so its
        // members are drawn side by side, six columns everywhere.
        assert_eq!(sanitize("👨\u{200d}👩\u{200d}👧"), "👨👩👧");
        assert_eq!(width("👨\u{200d}👩\u{200d}👧"), 6);
        // Skin tones and presentation selectors are left out.
        assert_eq!(sanitize("👍\u{1f3fd} ❤\u{fe0f}"), "👍 ❤");
        // A rainbow flag: white flag, presentation selector, joiner, rainbow.
        assert_eq!(sanitize("🏳\u{fe0f}\u{200d}🌈"), "🏳🌈");
        assert_eq!(sanitize("👍\u{1f3fd}\u{200d}👍"), "👍👍");
        assert_eq!(width("👍\u{1f3fd} ❤\u{fe0f}"), 4);
        // Flags and combining accents are drawn alike already.
        assert_eq!(sanitize("🇫🇷 e\u{301}"), "🇫🇷 e\u{301}");
        // Stacked marks are cut to a few.
        let zalgo = format!("Z{}", "\u{351}\u{36b}".repeat(9));
        assert_eq!(sanitize(&zalgo), format!("Z{}", "\u{351}\u{36b}".repeat(3)));
        // A mark with nothing to sit on gets a dotted circle rather than landing on a border.
        assert_eq!(sanitize("\u{301}x"), "◌\u{301}x");
        assert_eq!(sanitize("\u{1b}\u{301}"), "␛◌\u{301}");
    }

    /// What a code-point-at-a-time terminal (the `vt100` crate, xterm) advances for `g`.
    fn terminal(g: &str) -> usize {
        g.chars().map(|c| c.width().unwrap_or(1)).sum()
    }

    proptest::proptest! {
        /// Every cluster of the safe form holds no control, bidi or invisible character, takes
        /// at least one column, and as many in ratatui's buffer as in a terminal; and `width`
        /// counts what is drawn.
        #[test]
        fn the_safe_form_is_drawn_alike_everywhere(
            text in "(\\PC|[\u{0}-\u{9f}\u{200b}-\u{200f}\u{202a}-\u{202e}\u{2060}-\u{2069}\u{feff}\u{fe0e}\u{fe0f}\u{1f3fb}-\u{1f3ff}\u{1f1e6}-\u{1f1ff}\u{300}-\u{36f}\u{ff9e}\u{ff9f}👨👩👧❤漢ـبا\u{64b}\u{1100}\u{1161}\u{11a8}])*"
        ) {
            let safe = sanitize(&text);
            let mut drawn = 0;
            for g in safe.graphemes(true) {
                proptest::prop_assert!(
                    g.chars().all(|c| placeholder(c).is_none() || c == '\u{200c}' || c == '\u{200d}'),
                    "{g:?} in {safe:?}"
                );
                proptest::prop_assert!(!g.chars().any(char::is_control), "{g:?}");
                let marks = g.chars().filter(|c| c.width() == Some(0)).count();
                proptest::prop_assert!(marks <= MAX_MARKS, "{g:?} stacks {marks} marks");
                let cell = ratatui::buffer::CellWidth::cell_width(g) as usize;
                proptest::prop_assert!(cell > 0, "{g:?} takes no column");
                proptest::prop_assert_eq!(cell, terminal(g), "{:?} measured differently", g);
                drawn += cell;
            }
            proptest::prop_assert_eq!(width(&text), drawn);
            let cut = truncate(&text, 7);
            proptest::prop_assert!(width(&cut) <= 7, "{cut:?}");
        }
    }
}
