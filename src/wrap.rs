//! Word wrapping into rows of a given width, as byte ranges of the source text.
//!
//! Rows are ranges rather than copied strings so that the wrap of a 50 MB article costs twenty
//! bytes a row, a row can be mapped through the offset map to the other pane, and a frame can
//! draw just the rows it shows. Widths are measured on the sanitised form (see
//! [`crate::display`]) so placeholders never push a row past its pane.

use unicode_segmentation::UnicodeSegmentation;

use crate::display::{self, grapheme_width, placeholder};
use crate::table::Table;

/// One screen row: a byte range of the wrapped text, without its line break.
///
/// Twenty bytes, with positions as `u32`: a 50 MB article wraps to one and a half million rows
/// a pane, so the row's size is most of what a large article costs once open. Articles are
/// refused above [`MAX_TEXT_BYTES`], so every position fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    start: u32,
    end: u32,
    /// The table of a table row, unused for text.
    table: u32,
    /// The line (a table line) or column (a field) of a table row, unused for text.
    index: u32,
    indent: u16,
    /// [`RowKind`] packed: 0 text, 1 table line, 2 field, 3 a field's first row.
    tag: u8,
}

/// The largest text [`wrap`] can describe: positions are kept as `u32`.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// A position as a row keeps it; texts past [`MAX_TEXT_BYTES`] are refused before they are
/// wrapped, so saturating only guards against a caller that forgot.
#[inline(always)]
fn pos(at: usize) -> u32 {
    debug_assert!(at <= MAX_TEXT_BYTES, "position {at} past what a row holds");
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl Row {
    /// A row of `start..end`, drawn after `indent` columns of blank, shown as `kind`.
    #[inline(always)]
    pub fn new(start: usize, end: usize, indent: usize, kind: RowKind) -> Row {
        let (tag, table, index) = match kind {
            RowKind::Text => (0, 0, 0),
            RowKind::TableLine { table, line } => (1, table, line),
            RowKind::Field { table, col, first } => (2 + u8::from(first), table, col),
        };
        Row {
            start: pos(start),
            end: pos(end),
            table,
            index,
            indent: u16::try_from(indent).unwrap_or(u16::MAX),
            tag,
        }
    }

    /// First byte of the row.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// One past the last byte of the row (trailing spaces of a soft break included).
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The row's bytes, to slice the text with.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// Columns of blank to draw before the row: the hanging indent of a list item's
    /// continuation rows, or the label of a table field.
    pub fn indent(&self) -> usize {
        usize::from(self.indent)
    }

    /// What the row shows: text, or a piece of a table laid out.
    pub fn kind(&self) -> RowKind {
        match self.tag {
            1 => RowKind::TableLine {
                table: self.table,
                line: self.index,
            },
            2 | 3 => RowKind::Field {
                table: self.table,
                col: self.index,
                first: self.tag == 3,
            },
            _ => RowKind::Text,
        }
    }

    /// The same row shown as `kind`.
    fn with_kind(self, kind: RowKind) -> Row {
        Row::new(self.start(), self.end(), self.indent(), kind)
    }
}

/// How a row is drawn. Table rows are laid out from the table's cells rather than drawn as
/// the text they cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowKind {
    /// The text of the row's range.
    #[default]
    Text,
    /// Line `line` of table `table`, cells padded into aligned columns.
    TableLine {
        /// Index of the table.
        table: u32,
        /// Index of the line in the table.
        line: u32,
    },
    /// Part of the value of column `col` of a table drawn as `header: value` records; the
    /// first row of a value shows the header before it.
    Field {
        /// Index of the table.
        table: u32,
        /// The column, whose header names the value.
        col: u32,
        /// Whether this is the value's first row.
        first: bool,
    },
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

/// Wraps cleaned text for the reader: lists hang as in [`wrap_hanging`], and each of
/// `tables` (found in `text` by [`crate::table::find_tables`]) is laid out as aligned columns
/// when it fits `width`, else as `header: value` records, one field after another.
pub fn wrap_document(text: &str, width: usize, tables: &[Table]) -> Vec<Row> {
    let width = width.max(1);
    let mut rows = Vec::with_capacity(text.len() / width.max(8) + 1);
    let mut at = 0;
    for (t, table) in tables.iter().enumerate() {
        let (Some(first), Some(last)) = (table.lines.first(), table.lines.last()) else {
            continue;
        };
        if first.span.start > at {
            // The text before the table, without the line break that ends it.
            wrap_lines(text, at..first.span.start - 1, width, true, &mut rows);
        }
        lay_out_table(text, table, t as u32, width, &mut rows);
        at = (last.span.end + 1).min(text.len());
    }
    if at < text.len() || rows.is_empty() {
        wrap_lines(text, at..text.len(), width, true, &mut rows);
    }
    rows
}

fn lay_out_table(text: &str, table: &Table, t: u32, width: usize, rows: &mut Vec<Row>) {
    if table.aligned_width() <= width {
        for (i, line) in table.lines.iter().enumerate() {
            rows.push(Row::new(
                line.span.start,
                line.span.end,
                0,
                RowKind::TableLine {
                    table: t,
                    line: i as u32,
                },
            ));
        }
        return;
    }
    let Some(header) = table.header() else {
        return;
    };
    for line in table
        .lines
        .iter()
        .filter(|l| !l.rule && l.span != header.span)
    {
        for (col, cell) in line.cells.iter().enumerate() {
            let label = header
                .cells
                .get(col)
                .map_or(0, |h| display::width(&text[h.clone()]));
            // `Header: value` on the first row (the label takes the first row's indent),
            // the rest of the value below it, indented.
            let full_label = (label + 2).min(width);
            let label = full_label.min(width * 2 / 3);
            let hang = 2.min(width / 2);
            // When the value's first word does not fit beside the label, the label stands
            // alone on its row and the value starts below it.
            let first_word = text[cell.clone()]
                .split_whitespace()
                .next()
                .map_or(0, display::width);
            let mut value = Vec::new();
            if label + first_word > width && !cell.is_empty() {
                value.push(Row::new(cell.start, cell.start, full_label, RowKind::Text));
                let rest = Start { col: hang, hang };
                wrap_line(text, cell.start, cell.end, width, rest, &mut value);
            } else {
                let first = Start { col: label, hang };
                wrap_line(text, cell.start, cell.end, width, first, &mut value);
            }
            rows.extend(value.into_iter().enumerate().map(|(k, row)| {
                row.with_kind(RowKind::Field {
                    table: t,
                    col: col as u32,
                    first: k == 0,
                })
            }));
        }
        // A blank row between records.
        rows.push(Row::new(line.span.end, line.span.end, 0, RowKind::Text));
    }
}

/// Wraps `text` as [`wrap`] does, into [`PlainRows`]: a fifth of the memory, for the raw pane
/// of a large article.
pub fn wrap_plain(text: &str, width: usize) -> PlainRows {
    let width = width.max(1);
    let mut rows = PlainRows::with_capacity(text.len() / width.max(8) + 1);
    wrap_lines(text, 0..text.len(), width, false, &mut rows);
    rows
}

/// Where wrapping puts its rows: a list of [`Row`]s, or [`PlainRows`].
trait Sink {
    fn push(&mut self, row: Row);
}

impl Sink for Vec<Row> {
    #[inline(always)]
    fn push(&mut self, row: Row) {
        Vec::push(self, row);
    }
}

/// The rows of plain text wrapped with [`wrap_plain`]: what [`wrap`] gives, in four bytes and
/// a quarter a row rather than twenty. A row of plain text has no indent and no table, and
/// ends where the next one starts unless a line break (one byte, or two for `\r\n`) comes
/// between: so starts and two bits a row say it all. The raw pane of a 50 MB article has one
/// and a half million rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlainRows {
    starts: Vec<u32>,
    /// Two bits a row: the length of the line break after it.
    breaks: Vec<u64>,
    /// Where the last row ends.
    last_end: u32,
}

impl PlainRows {
    fn with_capacity(rows: usize) -> PlainRows {
        PlainRows {
            starts: Vec::with_capacity(rows),
            breaks: Vec::with_capacity(rows / 32 + 1),
            last_end: 0,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there are none (nothing wrapped yet).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    fn break_after(&self, i: usize) -> u32 {
        let word = self.breaks.get(i / 32).copied().unwrap_or(0);
        ((word >> (i % 32 * 2)) & 3) as u32
    }

    /// Row `i`, as [`wrap`] would give it.
    pub fn get(&self, i: usize) -> Option<Row> {
        let start = *self.starts.get(i)?;
        let end = match self.starts.get(i + 1) {
            Some(next) => next - self.break_after(i),
            None => self.last_end,
        };
        Some(Row {
            start,
            end,
            table: 0,
            index: 0,
            indent: 0,
            tag: 0,
        })
    }
}

impl Sink for PlainRows {
    #[inline(always)]
    fn push(&mut self, row: Row) {
        debug_assert!(row.indent == 0 && row.tag == 0, "plain rows are text");
        if let Some(i) = self.starts.len().checked_sub(1) {
            // The bytes between the last row and this one: its line break, if any.
            let gap = row.start.saturating_sub(self.last_end);
            debug_assert!(gap <= 2, "a gap of {gap} between rows");
            if i / 32 >= self.breaks.len() {
                self.breaks.push(0);
            }
            if let Some(word) = self.breaks.get_mut(i / 32) {
                *word |= u64::from(gap.min(3)) << (i % 32 * 2);
            }
        }
        self.starts.push(row.start);
        self.last_end = row.end;
    }
}

/// A pane's rows: laid out (the cleaned pane, with lists and tables) or plain (the raw pane).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rows {
    /// Rows of [`wrap_document`] and the like.
    Laid(Vec<Row>),
    /// Rows of [`wrap_plain`].
    Plain(PlainRows),
}

impl Default for Rows {
    fn default() -> Self {
        Rows::Laid(Vec::new())
    }
}

impl Rows {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Rows::Laid(rows) => rows.len(),
            Rows::Plain(rows) => rows.len(),
        }
    }

    /// Whether there are none (nothing wrapped yet).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`.
    pub fn get(&self, i: usize) -> Option<Row> {
        match self {
            Rows::Laid(rows) => rows.get(i).copied(),
            Rows::Plain(rows) => rows.get(i),
        }
    }

    /// Up to `n` rows from row `from`: what a pane draws.
    pub fn window(&self, from: usize, n: usize) -> impl Iterator<Item = Row> + '_ {
        let end = from.saturating_add(n).min(self.len());
        (from..end).filter_map(|i| self.get(i))
    }

    /// Index of the row holding byte `offset` (the last row starting at or before it); how
    /// one pane finds the row to show after the other pane scrolled.
    pub fn row_at(&self, offset: usize) -> usize {
        match self {
            Rows::Laid(rows) => row_at(rows, offset),
            Rows::Plain(rows) => rows
                .starts
                .partition_point(|&s| s as usize <= offset)
                .saturating_sub(1),
        }
    }
}

fn wrap_with(text: &str, width: usize, hanging: bool) -> Vec<Row> {
    let width = width.max(1);
    let mut rows = Vec::with_capacity(text.len() / width.max(8) + 1);
    wrap_lines(text, 0..text.len(), width, hanging, &mut rows);
    rows
}

/// Wraps the lines of `text[range]` (`range` starting a line), appending to `rows`.
fn wrap_lines(
    text: &str,
    range: std::ops::Range<usize>,
    width: usize,
    hanging: bool,
    rows: &mut impl Sink,
) {
    let part = &text[range.clone()];
    let mut start = range.start;
    for line in part.split('\n') {
        let end = start + line.len();
        if start == range.end && start > range.start {
            break; // the empty "line" after a final line break
        }
        // A CR before the LF is part of the line break, not of the row.
        let content_end = if end < range.end && line.ends_with('\r') {
            end - 1
        } else {
            end
        };
        let hang = if hanging && line.starts_with("• ") && width > 4 {
            2
        } else {
            0
        };
        wrap_line(
            text,
            start,
            content_end,
            width,
            Start { col: 0, hang },
            rows,
        );
        start = end + 1;
    }
}

/// Where a wrapped line's rows start: the first row at column `col` (its indent), the rest
/// at `hang`.
#[derive(Debug, Clone, Copy, Default)]
struct Start {
    col: usize,
    hang: usize,
}

fn wrap_line(text: &str, start: usize, end: usize, width: usize, at: Start, rows: &mut impl Sink) {
    let line = &text[start..end];
    // Fast paths: plain ASCII (most lines of most articles), which fits, or is wrapped one
    // byte per column without asking the grapheme segmenter.
    if line.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        if line.len() + at.col <= width {
            rows.push(Row::new(start, end, at.col, RowKind::Text));
        } else {
            wrap_ascii(line.as_bytes(), start, width, at, rows);
        }
        return;
    }
    wrap_graphemes(line, start, end, width, at, rows);
}

/// [`wrap_line`] for a line of printable ASCII: every byte a grapheme one column wide, a
/// space the only place to break. The same rows as [`wrap_graphemes`] gives it (a property
/// test holds them to it), several times faster.
fn wrap_ascii(bytes: &[u8], start: usize, width: usize, at: Start, rows: &mut impl Sink) {
    wrap_graphemes_by(bytes.len(), start, width, at, rows, |off| {
        (1, 1, bytes[off] == b' ')
    });
}

/// [`wrap_line`] for any text, a grapheme at a time.
fn wrap_graphemes(
    line: &str,
    start: usize,
    end: usize,
    width: usize,
    at: Start,
    rows: &mut impl Sink,
) {
    let bytes = line.as_bytes();
    debug_assert_eq!(end - start, line.len());
    wrap_graphemes_by(line.len(), start, width, at, rows, |off| {
        next_grapheme(line, bytes, off)
    });
}

/// Wraps a line of `len` bytes starting at `start`, `next(off)` giving the length, width and
/// breakability of the grapheme at `off`: the one wrapping rule, whatever the text.
#[inline(always)]
fn wrap_graphemes_by(
    len: usize,
    start: usize,
    width: usize,
    at: Start,
    rows: &mut impl Sink,
    mut next: impl FnMut(usize) -> (usize, usize, bool),
) {
    let hang = at.hang;
    let end = start + len;
    let mut row_start = start;
    // The indent of the row being filled: the first row's, then `hang`.
    let mut indent = at.col;
    let mut col = at.col;
    // Where the next row could start after a space, and the column reached there.
    let mut last_break: Option<(usize, usize)> = None;
    let mut off = 0;
    while off < len {
        let (glen, w, is_space) = next(off);
        let at = start + off;
        off += glen;
        if col + w > width && col > indent {
            if is_space {
                // Let the space hang past the edge; the next row starts after it.
                rows.push(Row::new(row_start, at + glen, indent, RowKind::Text));
                row_start = at + glen;
                (indent, col) = (hang, hang);
                last_break = None;
                continue;
            }
            if let Some((brk, brk_col)) = last_break.filter(|(b, _)| *b > row_start) {
                rows.push(Row::new(row_start, brk, indent, RowKind::Text));
                row_start = brk;
                col = col - brk_col + hang;
                indent = hang;
            }
            if col + w > width && col > indent {
                rows.push(Row::new(row_start, at, indent, RowKind::Text));
                row_start = at;
                (indent, col) = (hang, hang);
            }
            last_break = None;
        }
        col += w;
        if is_space {
            last_break = Some((at + glen, col));
        }
    }
    rows.push(Row::new(row_start, end, indent, RowKind::Text));
}

/// The grapheme starting at `off` (a grapheme boundary): its length in bytes, its width as
/// drawn, and whether a row may break after it. Printable ASCII not followed by a combining
/// character is its own one-column grapheme, which spares the segmenter most of the text.
#[inline(always)]
fn next_grapheme(line: &str, bytes: &[u8], off: usize) -> (usize, usize, bool) {
    let b = bytes[off];
    if (0x20..0x7f).contains(&b) && bytes.get(off + 1).is_none_or(|n| n.is_ascii()) {
        return (1, 1, b == b' ');
    }
    other_grapheme(line, off)
}

/// [`next_grapheme`] past its fast path: a character outside ASCII, or one a combining mark
/// follows.
#[inline(never)]
fn other_grapheme(line: &str, off: usize) -> (usize, usize, bool) {
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
    rows.partition_point(|r| r.start() <= offset)
        .saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::width;
    use proptest::prelude::*;

    fn texts<'a>(text: &'a str, rows: &[Row]) -> Vec<&'a str> {
        rows.iter().map(|r| &text[r.start()..r.end()]).collect()
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
        assert_eq!(wrap("", 10), [Row::new(0, 0, 0, RowKind::Text)]);
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
        let indents: Vec<usize> = rows.iter().map(|r| r.indent()).collect();
        assert_eq!(indents, [0, 2, 2, 0, 0]);
        assert!(
            wrap(t, 10).iter().all(|r| r.indent() == 0),
            "plain wrap never indents"
        );
    }

    #[test]
    fn tables_that_fit_are_aligned_and_others_become_records() {
        let t = "Intro line.\nObjective | Outcome |\n---|---|\nCyber | Protection against threats. |\nAfter.";
        let tables = crate::table::find_tables(t);
        let wide = wrap_document(t, 40, &tables);
        let kinds: Vec<RowKind> = wide.iter().map(|r| r.kind()).collect();
        assert_eq!(kinds[0], RowKind::Text);
        assert_eq!(kinds[1], RowKind::TableLine { table: 0, line: 0 });
        assert_eq!(kinds[3], RowKind::TableLine { table: 0, line: 2 });
        assert_eq!(texts(t, &wide[4..]), ["After."]);

        let narrow = wrap_document(t, 20, &tables);
        let fields: Vec<(RowKind, &str)> = narrow
            .iter()
            .filter(|r| r.kind() != RowKind::Text)
            .map(|r| (r.kind(), &t[r.start()..r.end()]))
            .collect();
        let field = |col, first| RowKind::Field {
            table: 0,
            col,
            first,
        };
        assert_eq!(
            fields,
            [
                (field(0, true), "Cyber"),
                (field(1, true), "Protection "),
                (field(1, false), "against threats."),
            ]
        );
        assert!(
            narrow.windows(2).all(|w| w[0].start() <= w[1].start()),
            "rows stay in text order"
        );
    }

    /// A case proptest once shrank a failure to: a tab is drawn, so it never hangs past the
    /// edge like a space.
    #[test]
    fn tabs_are_not_break_spaces() {
        let t = " 漢 \u{1b} \u{1b}aa漢  漢\u{1b}漢漢\t";
        for r in wrap(t, 20) {
            let row = &t[r.start()..r.end()];
            assert!(width(row.trim_end_matches(' ')) <= 20, "{row:?}");
        }
    }

    /// What a large article costs per row of each pane.
    #[test]
    fn a_row_is_twenty_bytes() {
        assert_eq!(std::mem::size_of::<Row>(), 20);
        let row = Row::new(
            3,
            9,
            4,
            RowKind::Field {
                table: 7,
                col: 2,
                first: true,
            },
        );
        assert_eq!((row.range(), row.indent()), (3..9, 4));
        assert_eq!(
            row.kind(),
            RowKind::Field {
                table: 7,
                col: 2,
                first: true
            }
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
        fn documents_with_tables_wrap_in_text_order(
            pieces in prop::collection::vec(prop_oneof![
                Just("word "), Just("story text "), Just("\n"), Just("| a | b |\n"),
                Just("|---|---|\n"), Just("x | a longer cell here |\n"), Just("• item "),
            ], 0..30),
            w in 1usize..40,
        ) {
            let text: String = pieces.concat();
            let tables = crate::table::find_tables(&text);
            let rows = wrap_document(&text, w, &tables);
            prop_assert!(!rows.is_empty());
            prop_assert!(rows.windows(2).all(|p| p[0].start() <= p[1].start()));
            prop_assert!(rows.iter().all(|r| r.start() <= r.end() && r.end() <= text.len()));
        }

        #[test]
        fn rows_cover_every_line_in_order_and_fit(text in "(• )?[a-z 漢\u{1b}\t\n\u{301}•]{0,200}", w in 1usize..30, hanging: bool) {
            let rows = if hanging { wrap_hanging(&text, w) } else { wrap(&text, w) };
            prop_assert!(!rows.is_empty());
            let mut at = 0;
            for r in &rows {
                prop_assert!(r.start() >= at && r.start() <= r.end());
                let s = &text[r.start()..r.end()];
                prop_assert!(!s.contains('\n'));
                // Rows start on grapheme boundaries: a combining accent stays on its letter.
                // (A mark after a control character is a cluster of its own, drawn on a
                // dotted circle, so a row may start with it.)
                let boundary = r.start() == text.len()
                    || text.grapheme_indices(true).any(|(i, _)| i == r.start());
                prop_assert!(boundary, "{s:?} split a grapheme");
                // A row fits unless it is a single grapheme wider than the pane, or it ends in
                // spaces left hanging at a soft break.
                let trimmed = s.trim_end_matches(' ');
                prop_assert!(width(trimmed) + r.indent() <= w || trimmed.graphemes(true).filter(|g| width(g) > 0).count() == 1, "{s:?} wider than {w}");
                at = r.end();
            }
            // Nothing but line breaks is skipped.
            let covered: String = rows.iter().map(|r| &text[r.start()..r.end()]).collect();
            prop_assert_eq!(covered, text.replace('\n', ""));
        }
    }

    proptest! {
        /// Plain rows are the rows [`wrap`] gives, whatever the text's line breaks.
        #[test]
        fn plain_rows_are_the_rows_of_wrap(
            text in "[a-z 漢\t\n\r\u{301}]{0,300}",
            w in 1usize..30,
        ) {
            let full = wrap(&text, w);
            let plain = Rows::Plain(wrap_plain(&text, w));
            prop_assert_eq!(plain.len(), full.len());
            prop_assert_eq!(plain.window(0, usize::MAX).collect::<Vec<_>>(), full.clone());
            for at in 0..=text.len() {
                prop_assert_eq!(plain.row_at(at), row_at(&full, at));
            }
        }
    }

    proptest! {
        /// The ASCII fast path and the grapheme path give the same rows for any printable
        /// ASCII line, width, indent and hang.
        #[test]
        fn ascii_fast_path_wraps_as_graphemes_do(
            line in "[a-z ,.]{0,120}",
            width in 1usize..40,
            col in 0usize..6,
            hang in 0usize..5,
        ) {
            let at = Start { col, hang };
            let mut fast = Vec::new();
            wrap_ascii(line.as_bytes(), 3, width, at, &mut fast);
            let text = format!("xyz{line}");
            let mut slow = Vec::new();
            wrap_graphemes(&text[3..], 3, text.len(), width, at, &mut slow);
            prop_assert_eq!(fast, slow);
        }
    }
}
