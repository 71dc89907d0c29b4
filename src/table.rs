//! Tables in cleaned text, found so the reader can lay them out: as aligned columns when they
//! fit the pane, as `header: value` records when they do not. Pipe tables (`| Objective |
//! Expected Outcome |` over `|---|---|`) are found in the text; rows flattened from HTML come
//! from the cleaner, which saw the cell-tag remnants that parted their cells. Pure: byte
//! ranges of the cleaned text and display widths.

use std::ops::Range;

use crate::display;

/// One line of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLine {
    /// The whole line, in the cleaned text.
    pub span: Range<usize>,
    /// Each cell's text, trimmed, in the cleaned text.
    pub cells: Vec<Range<usize>>,
    /// A `---|---` rule between header and body.
    pub rule: bool,
}

/// A run of pipe-table lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Its lines, in order.
    pub lines: Vec<TableLine>,
    /// The display width of each column: its widest cell.
    pub widths: Vec<usize>,
}

impl Table {
    /// The header line: the first line that is not a rule.
    pub fn header(&self) -> Option<&TableLine> {
        self.lines.iter().find(|l| !l.rule)
    }

    /// Columns of the aligned layout: cells padded to their column, ` │ ` between them.
    pub fn aligned_width(&self) -> usize {
        self.widths.iter().sum::<usize>() + 3 * self.widths.len().saturating_sub(1)
    }
}

/// A line of pipe-table shape: at least two `|`, opening or closing with one.
fn is_table_line(line: &str) -> bool {
    let t = line.trim();
    t.matches('|').count() >= 2 && (t.starts_with('|') || t.ends_with('|'))
}

/// Splits a table line at `|` into trimmed cell ranges (offsets from `base`).
fn cells(line: &str, base: usize) -> Vec<Range<usize>> {
    let start = line.len() - line.trim_start().len();
    let end = line.trim_end().len();
    let mut inner = &line[start..end];
    let mut at = base + start;
    if let Some(rest) = inner.strip_prefix('|') {
        inner = rest;
        at += 1;
    }
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    for cell in inner.split('|') {
        let lead = cell.len() - cell.trim_start().len();
        let text = cell.trim();
        out.push(at + lead..at + lead + text.len());
        at += cell.len() + 1;
    }
    out
}

impl Table {
    /// A table of `lines` of `text`, its column widths measured.
    fn new(text: &str, lines: Vec<TableLine>) -> Table {
        let columns = lines.iter().map(|l| l.cells.len()).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for line in lines.iter().filter(|l| !l.rule) {
            for (j, cell) in line.cells.iter().enumerate() {
                widths[j] = widths[j].max(display::width(&text[cell.clone()]));
            }
        }
        Table { lines, widths }
    }
}

/// Every table of a cleaned text: its pipe tables, and runs of at least two rows flattened
/// from HTML (`rows`, as the cleaner found them) on consecutive lines. A line that is both
/// stays in its pipe table.
pub fn find_all_tables(text: &str, rows: &[TableLine]) -> Vec<Table> {
    let mut tables = find_tables(text);
    let in_pipe_table = |row: &TableLine| {
        tables
            .iter()
            .any(|t| t.lines.iter().any(|l| l.span.start == row.span.start))
    };
    let mut flat: Vec<Table> = Vec::new();
    let mut run: Vec<TableLine> = Vec::new();
    for row in rows.iter().filter(|r| !in_pipe_table(r)) {
        let next_line = run.last().is_some_and(|l| l.span.end + 1 == row.span.start);
        if !next_line {
            if run.len() >= 2 {
                flat.push(Table::new(text, std::mem::take(&mut run)));
            }
            run.clear();
        }
        run.push(row.clone());
    }
    if run.len() >= 2 {
        flat.push(Table::new(text, run));
    }
    tables.extend(flat);
    tables.sort_by_key(|t| t.lines.first().map_or(0, |l| l.span.start));
    tables
}

/// The pipe tables of `text`: runs of at least two pipe-table lines.
pub fn find_tables(text: &str) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut current: Vec<TableLine> = Vec::new();
    let mut at = 0;
    let mut finish = |lines: &mut Vec<TableLine>| {
        if lines.len() >= 2 {
            tables.push(Table::new(text, std::mem::take(lines)));
        }
        lines.clear();
    };
    for line in text.split('\n') {
        if is_table_line(line) {
            let cells = cells(line, at);
            let rule = cells.iter().all(|c| {
                let t = &text[c.clone()];
                t.len() >= 3 && t.trim_matches(':').chars().all(|ch| ch == '-')
            });
            current.push(TableLine {
                span: at..at + line.len(),
                cells,
                rule,
            });
        } else {
            finish(&mut current);
        }
        at += line.len() + 1;
    }
    finish(&mut current);
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipe_tables_with_and_without_outer_pipes() {
        let text =
            "Intro.\nObjective | Expected Outcome |\n---|---|\nCyber | Protection. |\nAfter.";
        let tables = find_tables(text);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        let cell = |l: usize, c: usize| &text[t.lines[l].cells[c].clone()];
        assert_eq!((cell(0, 0), cell(0, 1)), ("Objective", "Expected Outcome"));
        assert!(t.lines[1].rule && !t.lines[0].rule);
        assert_eq!((cell(2, 0), cell(2, 1)), ("Cyber", "Protection."));
        assert_eq!(t.widths, [9, 16]);
        assert_eq!(t.aligned_width(), 28);
        assert_eq!(t.header().map(|h| h.span.clone()), Some(7..37));

        let text = "| Focus Areas | Strategies |\n|---|---|\n| Cyber |";
        let t = &find_tables(text)[0];
        assert_eq!(t.lines.len(), 3, "a short last row is still a row");
        assert_eq!(&text[t.lines[2].cells[0].clone()], "Cyber");
    }

    #[test]
    fn flattened_rows_on_consecutive_lines_make_a_table() {
        let text = "Intro.\nName Age\nAlice 30\nBob 4\n\nLone 1";
        let row = |start: usize, split: usize, end: usize| TableLine {
            span: start..end,
            cells: vec![start..split, split + 1..end],
            rule: false,
        };
        let rows = [
            row(7, 11, 15),
            row(16, 21, 24),
            row(25, 28, 30),
            row(32, 36, 38),
        ];
        let tables = find_all_tables(text, &rows);
        assert_eq!(
            tables.len(),
            1,
            "the lone row after a blank line is no table"
        );
        let t = &tables[0];
        assert_eq!(t.lines.len(), 3);
        assert_eq!(t.widths, [5, 3]);
        assert_eq!(&text[t.lines[1].cells[1].clone()], "30");
    }

    #[test]
    fn one_line_or_prose_with_pipes_is_no_table() {
        assert!(find_tables("a | b |\nplain").is_empty());
        assert!(find_tables("Home | News | Sport\nMore | Things").is_empty());
    }
}
