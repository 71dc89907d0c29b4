//! Rows of tables flattened from HTML: a scraper ran the cells of a row together on one line,
//! but the remnants of their cell tags (`Name td > Age td >`, `< th >Focus th > < th >Benefit`)
//! still part them. The cleaner drops those remnants like any other; this module remembers
//! where they stood, so the reader can lay the rows out as columns again.

use super::rules::{Removal, Rule};
use crate::table::TableLine;
use std::ops::Range;

/// Whether a removed tag remnant is a table cell's (`td`, `th`, opening or closing).
fn is_cell_tag(removed: &str) -> bool {
    let name = removed
        .trim_start_matches(|c: char| c == '<' || c == '/' || c.is_whitespace())
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    name.eq_ignore_ascii_case("td") || name.eq_ignore_ascii_case("th")
}

/// Offsets in `line` where a cell tag parted two cells: cell tags with visible text on both
/// sides, one per gap however many tags stand in it. Empty when the line is no table row.
/// One walk over the removals, so a huge line with thousands of cells costs no more than its
/// length.
pub(crate) fn breaks(line: &str, removals: &[Removal]) -> Vec<usize> {
    let is_cell = |r: &Removal| r.rule == Rule::TagRemnant && is_cell_tag(&line[r.range.clone()]);
    if !removals.iter().any(is_cell) {
        return Vec::new();
    }
    let visible = |from: usize, to: usize| from < to && !line[from..to].trim().is_empty();
    let mut out: Vec<usize> = Vec::new();
    // Visible text since the line's start or the last break.
    let mut text_since = false;
    let mut at = 0;
    for r in removals {
        text_since |= visible(at, r.range.start);
        at = at.max(r.range.end);
        if is_cell(r) && text_since {
            out.push(r.range.start);
            text_since = false;
        }
    }
    // The last break parts cells only if text follows it.
    text_since |= visible(at, line.len());
    if !text_since {
        out.pop();
    }
    out
}

/// The row a cleaned line makes when cut at `bounds` (cleaned offsets inside `span`): each
/// cell trimmed. `None` unless at least two cells hold text.
pub(crate) fn row(text: &str, span: Range<usize>, bounds: &[usize]) -> Option<TableLine> {
    let mut cells = Vec::new();
    let mut from = span.start;
    for &b in bounds.iter().chain(std::iter::once(&span.end)) {
        let b = b.clamp(from, span.end);
        let cell = &text[from..b];
        let lead = cell.len() - cell.trim_start().len();
        let trimmed = cell.trim();
        // A list item's bullet before the first cell is no column of its own.
        let bullet = cells.is_empty() && trimmed == "•";
        if !trimmed.is_empty() && !bullet {
            cells.push(from + lead..from + lead + trimmed.len());
        }
        from = b;
    }
    (cells.len() >= 2).then_some(TableLine {
        span,
        cells,
        rule: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::rules::inline_removals;

    fn cut(line: &str) -> Vec<&str> {
        let removals = inline_removals(line);
        let b = breaks(line, &removals);
        let mut out = Vec::new();
        let mut from = 0;
        for x in b.iter().chain(std::iter::once(&line.len())) {
            out.push(line[from..*x].trim());
            from = *x;
        }
        out
    }

    #[test]
    fn cell_tags_between_text_part_cells() {
        assert_eq!(cut("Name td > Age td >").len(), 2);
        let parts = cut("< b > Task Force Focus Areas th > < b > Anticipated Benefits th >");
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts[1].contains("Anticipated Benefits"));
    }

    #[test]
    fn tags_at_the_edges_or_not_of_cells_part_nothing() {
        assert!(
            breaks(
                "td >ookina koe de td >",
                &inline_removals("td >ookina koe de td >")
            )
            .is_empty()
        );
        let line = "Some < strong > bold < / strong > words";
        assert!(breaks(line, &inline_removals(line)).is_empty());
    }

    #[test]
    fn two_tags_in_one_gap_make_one_break() {
        let line = "Alice td > < td > 30 td >";
        assert_eq!(breaks(line, &inline_removals(line)).len(), 1);
    }

    #[test]
    fn rows_need_two_cells_with_text() {
        let text = "Alice 30";
        let r = row(text, 0..8, &[6]).map(|r| r.cells);
        assert_eq!(r, Some(vec![0..5, 6..8]));
        assert_eq!(row(text, 0..8, &[0]), None);
    }
}
