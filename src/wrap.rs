//! Word wrapping into rows of a given width, as byte ranges of the source text.
//!
//! Rows are ranges rather than copied strings so that the wrap of a 50 MB article costs sixteen
//! bytes a row, a row can be mapped through the offset map to the other pane, and a frame can
//! draw just the rows it shows. Widths are measured on the sanitised form (see
//! [`crate::display`]) so placeholders never push a row past its pane.

use unicode_segmentation::UnicodeSegmentation;

use crate::display::{grapheme_width, placeholder};

/// One screen row: a byte range of the wrapped text, without its line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// First byte of the row.
    pub start: usize,
    /// One past the last byte of the row (trailing spaces of a soft break included).
    pub end: usize,
    /// Columns of blank to draw before the row: the hanging indent of a list item's
    /// continuation rows.
    pub indent: usize,
}

/// Wraps `text` to `width` columns: at the last space that fits, or mid-word for words longer
/// than the row. `\n` and `\r\n` end lines; a trailing line break adds no empty row.
pub fn wrap(text: &str, width: usize) -> Vec<Row> {
    wrap_with(text, width, false)
}

/// Like [`wrap`], but the continuation rows of a list item (a line opening with `• `) hang
/// under its text rather than under its bullet, as the cleaned pane shows lists.
pub fn wrap_hanging(text: &str, width: usize) -> Vec<Row> {
    wrap_with(text, width, true)
}

fn wrap_with(text: &str, width: usize, hanging: bool) -> Vec<Row> {
    let width = width.max(1);
    let mut rows = Vec::with_capacity(text.len() / width.max(8) + 1);
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        if start == text.len() && start > 0 {
            break; // the empty "line" after a final line break
        }
        // A CR before the LF is part of the line break, not of the row.
        let content_end = if end < text.len() && line.ends_with('\r') {
            end - 1
        } else {
            end
        };
        let hang = if hanging && line.starts_with("• ") && width > 4 {
            2
        } else {
            0
        };
        wrap_line(text, start, content_end, width, hang, &mut rows);
        start = end + 1;
    }
    rows
}

fn wrap_line(text: &str, start: usize, end: usize, width: usize, hang: usize, rows: &mut Vec<Row>) {
    let line = &text[start..end];
    // Fast path: plain ASCII that fits (most lines of most articles).
    if line.len() <= width && line.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        rows.push(Row {
            start,
            end,
            indent: 0,
        });
        return;
    }
    let mut row_start = start;
    // The indent of the row being filled: none for a line's first row, `hang` after.
    let mut indent = 0;
    let mut col = 0;
    // Where the next row could start after a space, and the column reached there.
    let mut last_break: Option<(usize, usize)> = None;
    let bytes = line.as_bytes();
    let mut off = 0;
    while off < line.len() {
        let (len, w, is_space) = next_grapheme(line, bytes, off);
        let at = start + off;
        off += len;
        if col + w > width && col > indent {
            if is_space {
                // Let the space hang past the edge; the next row starts after it.
                rows.push(Row {
                    start: row_start,
                    end: at + len,
                    indent,
                });
                row_start = at + len;
                (indent, col) = (hang, hang);
                last_break = None;
                continue;
            }
            if let Some((brk, brk_col)) = last_break.filter(|(b, _)| *b > row_start) {
                rows.push(Row {
                    start: row_start,
                    end: brk,
                    indent,
                });
                row_start = brk;
                col = col - brk_col + hang;
                indent = hang;
            }
            if col + w > width && col > indent {
                rows.push(Row {
                    start: row_start,
                    end: at,
                    indent,
                });
                row_start = at;
                (indent, col) = (hang, hang);
            }
            last_break = None;
        }
        col += w;
        if is_space {
            last_break = Some((at + len, col));
        }
    }
    rows.push(Row {
        start: row_start,
        end,
        indent,
    });
}

/// The grapheme starting at `off` (a grapheme boundary): its length in bytes, its width as
/// drawn, and whether a row may break after it. Printable ASCII not followed by a combining
/// character is its own one-column grapheme, which spares the segmenter most of the text.
fn next_grapheme(line: &str, bytes: &[u8], off: usize) -> (usize, usize, bool) {
    let b = bytes[off];
    if (0x20..0x7f).contains(&b) && bytes.get(off + 1).is_none_or(|n| n.is_ascii()) {
        return (1, 1, b == b' ');
    }
    let g = line[off..].graphemes(true).next().unwrap_or(&line[off..]);
    // Break at blanks only: not at NBSP (it forbids a break), not at tabs or other controls
    // (they are drawn as visible placeholders).
    let is_space = g != "\u{a0}"
        && g.chars()
            .all(|c| c.is_whitespace() && placeholder(c).is_none());
    (g.len(), grapheme_width(g), is_space)
}

/// Index of the row holding byte `offset` (the last row starting at or before it); how one
/// pane finds the row to show after the other pane scrolled.
pub fn row_at(rows: &[Row], offset: usize) -> usize {
    rows.partition_point(|r| r.start <= offset)
        .saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::width;
    use proptest::prelude::*;

    fn texts<'a>(text: &'a str, rows: &[Row]) -> Vec<&'a str> {
        rows.iter().map(|r| &text[r.start..r.end]).collect()
    }

    #[test]
    fn wraps_at_spaces() {
        let t = "the quick brown fox jumps";
        assert_eq!(
            texts(t, &wrap(t, 10)),
            ["the quick ", "brown fox ", "jumps"]
        );
    }

    #[test]
    fn breaks_long_words() {
        let t = "abcdefghij";
        assert_eq!(texts(t, &wrap(t, 4)), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn keeps_empty_lines_and_handles_crlf() {
        let t = "a\r\n\r\nb\n";
        assert_eq!(texts(t, &wrap(t, 10)), ["a", "", "b"]);
        assert_eq!(
            wrap("", 10),
            [Row {
                start: 0,
                end: 0,
                indent: 0
            }]
        );
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let t = "漢字漢字漢";
        assert_eq!(texts(t, &wrap(t, 4)), ["漢字", "漢字", "漢"]);
        // A wide character never fits a 1-column pane, but wrapping still progresses.
        assert_eq!(wrap("漢字", 1).len(), 2);
    }

    #[test]
    fn escape_sequences_are_measured_as_drawn() {
        let t = "\u{1b}[1;31mred";
        // ␛[1;31mred is 10 columns once made visible.
        assert_eq!(wrap(t, 10).len(), 1);
        assert_eq!(wrap(t, 5).len(), 2);
    }

    #[test]
    fn list_items_hang_under_their_text() {
        let t = "• one two three four\nplain text here now";
        let rows = wrap_hanging(t, 10);
        assert_eq!(
            texts(t, &rows),
            ["• one two ", "three ", "four", "plain text ", "here now"]
        );
        let indents: Vec<usize> = rows.iter().map(|r| r.indent).collect();
        assert_eq!(indents, [0, 2, 2, 0, 0]);
        assert!(
            wrap(t, 10).iter().all(|r| r.indent == 0),
            "plain wrap never indents"
        );
    }

    #[test]
    fn row_at_finds_the_row_of_an_offset() {
        let t = "the quick brown fox jumps";
        let rows = wrap(t, 10);
        assert_eq!(row_at(&rows, 0), 0);
        assert_eq!(row_at(&rows, 11), 1);
        assert_eq!(row_at(&rows, t.len()), 2);
    }

    proptest! {
        #[test]
        fn rows_cover_every_line_in_order_and_fit(text in "(• )?[a-z 漢\u{1b}\t\n\u{301}•]{0,200}", w in 1usize..30, hanging: bool) {
            let rows = if hanging { wrap_hanging(&text, w) } else { wrap(&text, w) };
            prop_assert!(!rows.is_empty());
            let mut at = 0;
            for r in &rows {
                prop_assert!(r.start >= at && r.start <= r.end);
                let s = &text[r.start..r.end];
                prop_assert!(!s.contains('\n'));
                // Rows start on grapheme boundaries: a combining accent stays on its letter.
                let line_start = r.start == 0 || text.as_bytes()[r.start - 1] == b'\n';
                prop_assert!(line_start || !s.starts_with('\u{301}'), "{s:?} split a grapheme");
                // A row fits unless it is a single grapheme wider than the pane, or it ends in
                // spaces left hanging at a soft break.
                let trimmed = s.trim_end_matches(' ');
                prop_assert!(width(trimmed) + r.indent <= w || trimmed.graphemes(true).filter(|g| width(g) > 0).count() == 1, "{s:?} wider than {w}");
                at = r.end;
            }
            // Nothing but line breaks is skipped.
            let covered: String = rows.iter().map(|r| &text[r.start..r.end]).collect();
            prop_assert_eq!(covered, text.replace('\n', ""));
        }
    }
}
