//! Drawing: a pure function of the state. No file access, no cleaning, no wrapping: rows were
//! wrapped by `update`, and only the visible ones are turned into spans here.

use std::borrow::Cow;
use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_segmentation::UnicodeSegmentation;

use super::app::{App, Focus, PromptKind, Reader, Wrapped};
use super::keymap;
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH, Screen};
use crate::display;
use crate::table::Table;
use crate::wrap::{Row, RowKind};

/// Draws the whole screen for `app`.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    // Laid out from the frame itself rather than `app.screen`: the same pure function, but if
    // a resize has not reached `update` yet, nothing is drawn outside the real buffer.
    let screen = layout::screen(area);
    if screen.too_small {
        let long = format!(
            "Too small ({}×{}): need {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        );
        let short = format!("need {MIN_WIDTH}×{MIN_HEIGHT}");
        let msg = if display::width(&long) <= area.width as usize {
            long
        } else {
            short
        };
        let line = display::truncate(&msg, area.width as usize);
        frame.render_widget(
            Paragraph::new(line),
            Rect {
                height: area.height.min(1),
                ..area
            },
        );
        return;
    }
    draw_list(app, frame, screen.list);
    draw_reader(app, frame, &screen);
    draw_status(app, frame, screen.status);
    if let Some(board) = &app.board {
        let above_status = Rect {
            height: screen.status.y.saturating_sub(area.y),
            ..area
        };
        super::board_view::draw(app, board, frame, above_status);
    }
    if let Some(results) = &app.results {
        let above_status = Rect {
            height: screen.status.y.saturating_sub(area.y),
            ..area
        };
        super::results_view::draw(app, results, frame, above_status);
    }
    if let Some(form) = &app.form {
        draw_form(app, form, frame, area);
    }
    if let (Some(selected), Some(reader)) = (app.claims_list, &app.reader) {
        draw_claims_list(app, reader, selected, frame, area);
    }
    if let Some(query) = &app.export_pick {
        draw_export_picker(app, query, frame, area);
    }
    if app.show_help {
        draw_help(app, frame, area);
    }
}

/// The export picker: the formats with their keys (from the keymap, so overrides show), what
/// is exported and where it goes.
fn draw_export_picker(app: &App, query: &str, frame: &mut Frame, area: Rect) {
    let help = app.keymap.help_lines();
    let heading = keymap::Context::Export.title();
    let entries: Vec<Line> = help
        .iter()
        .skip_while(|l| **l != keymap::HelpLine::Heading(heading))
        .skip(1)
        .take_while(|l| matches!(l, keymap::HelpLine::Entry(..)))
        .filter_map(|l| match l {
            keymap::HelpLine::Entry(keys, what) => Some(Line::from(vec![
                Span::styled(format!(" {keys:<4}"), app.theme.key),
                Span::raw(*what),
            ])),
            _ => None,
        })
        .collect();
    let what = if query.is_empty() {
        " every claim in the corpus".to_string()
    } else {
        format!(" the claims shown: {}", display::sanitize(query))
    };
    let mut lines = entries;
    lines.push(Line::raw(""));
    lines.push(Line::styled(what, app.theme.dim));
    lines.push(Line::styled(
        " to a new file in the folder claimmark started in",
        app.theme.dim,
    ));
    let width = lines
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(0)
        .saturating_add(3)
        .min(usize::from(area.width.saturating_sub(2))) as u16;
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(1));
    if width < 10 || height < 3 {
        return;
    }
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .border_style(app.theme.focused)
                .title(" Export claims "),
        ),
        popup,
    );
}

fn pane_block<'a>(app: &App, focused: bool, title: String) -> Block<'a> {
    let style = if focused {
        app.theme.focused
    } else {
        app.theme.border
    };
    Block::bordered()
        .border_style(style)
        .title(Span::styled(title, style))
}

fn draw_list(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::List && !app.show_help;
    let block = pane_block(
        app,
        focused,
        if let Some((done, total)) = app.describing {
            // Titles are still being read: say how far, so names standing in are expected.
            format!(
                " Articles ({}) · {}% ",
                app.corpus.articles.len(),
                done * 100 / total.max(1)
            )
        } else if app.shown.len() == app.corpus.articles.len() {
            format!(" Articles ({}) ", app.corpus.articles.len())
        } else {
            format!(
                " Articles ({} of {}) · {} ",
                app.shown.len(),
                app.corpus.articles.len(),
                display::sanitize(&app.filter)
            )
        },
    );
    let inner = layout::inner(area);
    let width = inner.width as usize;
    let open = app.reader.as_ref().map(|r| r.index);
    let lines: Vec<Line> = app
        .shown
        .iter()
        .skip(app.list_top)
        .take(inner.height as usize)
        .filter_map(|i| app.corpus.articles.get(*i).map(|m| (*i, m)))
        .map(|(i, meta)| {
            // Review status and claim count, then language and size when there is room.
            let review = match app.reviews.get(&i).map(|r| (r.claims.len(), r.status)) {
                Some((count, status)) => {
                    let mark = match status {
                        crate::claims::ReviewStatus::Unreviewed => ' ',
                        crate::claims::ReviewStatus::InProgress => '~',
                        crate::claims::ReviewStatus::Done => '✓',
                    };
                    match count {
                        0 => format!(" {mark}  "),
                        n if n < 100 => format!(" {mark}{n:<2}"),
                        _ => format!(" {mark}99"),
                    }
                }
                // The column only takes room once some article has claims or a status.
                None if app.reviews.is_empty() => String::new(),
                None => "    ".to_string(),
            };
            let room = width.saturating_sub(review.chars().count());
            let details = if room >= 26 {
                format!(
                    "{review} {} {:>5}",
                    meta.lang.code(),
                    display::human_size(meta.bytes)
                )
            } else if room >= 16 {
                format!("{review} {}", meta.lang.code())
            } else {
                String::new()
            };
            // The cursor and the open article are marked with characters, not only styles,
            // so both show without colour.
            let cursor = if i == app.selected { "›" } else { " " };
            let open_mark = if open == Some(i) { "•" } else { " " };
            let title_width = width.saturating_sub(2 + details.chars().count());
            let title = display::truncate(&meta.title, title_width);
            let pad = title_width.saturating_sub(display::width(&title));
            let mut line = Line::from(vec![
                Span::raw(cursor),
                Span::styled(open_mark, app.theme.open),
                Span::raw(title),
                Span::raw(" ".repeat(pad)),
                Span::styled(details, app.theme.dim),
            ]);
            if i == app.selected {
                let style = if focused {
                    app.theme.selected
                } else {
                    Style::new().add_modifier(Modifier::UNDERLINED)
                };
                line = line.patch_style(style);
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_reader(app: &App, frame: &mut Frame, screen: &Screen) {
    let focused = app.focus == Focus::Reader && !app.show_help;
    let Some(reader) = &app.reader else {
        let block = pane_block(app, focused, " Reader ".into());
        let msg = if app.corpus.articles.is_empty() {
            "No article to show."
        } else {
            "Loading…"
        };
        let area = if screen.side_by_side {
            screen.clean.union(screen.raw)
        } else {
            screen.clean
        };
        frame.render_widget(Paragraph::new(msg).style(app.theme.dim).block(block), area);
        return;
    };
    let name = &reader.article.meta.name;
    let cleaned = &reader.article.cleaned;
    // Date, byline and outlet, when the text gives them, under the cleaned text, each said
    // for what it is (a name alone could be the author's or the outlet's).
    // Where the pane is too narrow for the labels, the facts alone.
    let info = &cleaned.info;
    let facts = |(by, source): (&str, &str)| {
        let facts: Vec<String> = [
            info.date.clone(),
            info.byline.as_ref().map(|b| format!("{by}{b}")),
            info.outlet.as_ref().map(|o| format!("{source}{o}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        format!(" {} ", facts.join(" · "))
    };
    let facts = if info.is_empty() {
        Vec::new()
    } else {
        vec![facts(("by ", "source: ")), facts(("", ""))]
    };
    let clean_text = cleaned.text.as_str();
    let raw_text = cleaned.source.text();
    let clean = |row: Row| {
        let line = clean_row(app, clean_text, reader, row);
        let heading = cleaned.headings.partition_point(|h| h.end <= row.start());
        match cleaned.headings.get(heading) {
            Some(h) if h.start <= row.start() && row.kind() == RowKind::Text => {
                line.patch_style(app.theme.heading)
            }
            _ => line,
        }
    };
    let selection_raw = reader.selection_in_source();
    let raw = |row: Row| {
        let mut layers = marks_in_row(&reader.dropped, row, app.theme.dropped);
        layers.extend(claim_layers(app, reader, row, |c| c.raw.clone()));
        if let Some(search) = &reader.search {
            layers.extend(ranges_in_row(&search.raw, row, app.theme.matched));
        }
        if let Some(sel) = &selection_raw {
            layers.push((sel.clone(), app.theme.selection));
        }
        styled_row(raw_text, row, &layers)
    };
    let raw_empty = raw_text.is_empty().then_some("(empty file)");
    let clean_empty = clean_text
        .is_empty()
        .then(|| raw_empty.unwrap_or("(nothing left after cleaning)"));
    let clean_pane = |title: String| Pane {
        wrapped: &reader.clean,
        title,
        empty: clean_empty,
        focused: focused && !app.show_raw,
        footer: facts.clone(),
    };
    let raw_pane = |title: String| Pane {
        wrapped: &reader.raw,
        title,
        empty: raw_empty,
        focused: focused && app.show_raw,
        footer: Vec::new(),
    };
    if screen.side_by_side {
        let title = format!(" Cleaned · {name} ");
        draw_pane(app, frame, screen.clean, clean_pane(title), clean);
        mark_claim_rows(app, reader, frame, screen.clean, &reader.clean, |c| {
            c.clean.clone()
        });
        let title = " Raw · struck = dropped ".to_string();
        draw_pane(app, frame, screen.raw, raw_pane(title), raw);
        mark_claim_rows(app, reader, frame, screen.raw, &reader.raw, |c| {
            c.raw.clone()
        });
    } else if app.show_raw {
        let title = format!(" Raw · struck = dropped · r: cleaned · {name} ");
        draw_pane(app, frame, screen.raw, raw_pane(title), raw);
        mark_claim_rows(app, reader, frame, screen.raw, &reader.raw, |c| {
            c.raw.clone()
        });
    } else {
        let title = format!(" Cleaned · r: raw · {name} ");
        draw_pane(app, frame, screen.clean, clean_pane(title), clean);
        mark_claim_rows(app, reader, frame, screen.clean, &reader.clean, |c| {
            c.clean.clone()
        });
    }
}

/// The gutter cue for claims, beside colour and underline: the pane's left border becomes `┃`
/// on every row that holds part of a claim, in the claim's style, so claims are found at a
/// glance even without colour.
fn mark_claim_rows(
    app: &App,
    reader: &Reader,
    frame: &mut Frame,
    area: Rect,
    wrapped: &Wrapped,
    range: impl Fn(&crate::tui::app::PlacedClaim) -> Option<Range<usize>>,
) {
    let inner = layout::inner(area);
    if reader.claims.is_empty() || inner.height == 0 {
        return;
    }
    for (i, row) in wrapped
        .rows
        .window(wrapped.top, inner.height as usize)
        .enumerate()
    {
        let claim = reader.claims.iter().find(|c| {
            range(c)
                .is_some_and(|r| r.start < row.end().max(row.start() + 1) && r.end > row.start())
        });
        if let Some(c) = claim {
            let cell = &mut frame.buffer_mut()[(area.x, inner.y + i as u16)];
            // A claim in conflict after a merge shows `!` instead, in colour or not.
            let conflict = !reader.other_versions(&c.claim.id).is_empty();
            cell.set_symbol(if conflict { "!" } else { "┃" });
            cell.set_style(
                claim_style(app, c).remove_modifier(Modifier::UNDERLINED | Modifier::ITALIC),
            );
        }
    }
}

/// What a text pane shows besides its rows.
struct Pane<'a> {
    wrapped: &'a Wrapped,
    title: String,
    /// Shown instead of rows when the text is empty.
    empty: Option<&'static str>,
    focused: bool,
    /// Shown at the left of the bottom border (the article's date, byline, outlet): the first
    /// of these that fits, else the last, cut.
    footer: Vec<String>,
}

/// `first-last/total` for a pane's bottom border; `first-last/…` while only the head of a
/// large article is in, whose total is not known yet.
fn position(pane: &Wrapped, height: usize, partial: bool) -> String {
    let total = pane.rows.len();
    let last = (pane.top + height).min(total);
    let first = (pane.top + 1).min(total);
    if partial {
        format!(" {first}-{last}/… ")
    } else {
        format!(" {first}-{last}/{total} ")
    }
}

/// A bordered text pane showing the visible rows of its text, each drawn by `line`.
fn draw_pane<'a>(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    pane: Pane,
    line: impl Fn(Row) -> Line<'a>,
) {
    let height = layout::inner(area).height as usize;
    let title = display::truncate(&pane.title, area.width.saturating_sub(2) as usize);
    let partial = app.reader.as_ref().is_some_and(|r| r.preview);
    let position = position(pane.wrapped, height, partial);
    let mut block = pane_block(app, pane.focused, title)
        .title_bottom(Line::styled(position.clone(), app.theme.dim).alignment(Alignment::Right));
    let room = (area.width.saturating_sub(4) as usize).saturating_sub(display::width(&position));
    let footer = pane
        .footer
        .iter()
        .find(|f| display::width(f) <= room)
        .or(pane.footer.last());
    if let Some(footer) = footer {
        block = block.title_bottom(Line::styled(display::truncate(footer, room), app.theme.dim));
    }
    let lines: Vec<Line> = match pane.empty {
        Some(note) => vec![Line::styled(note, app.theme.dim)],
        None => pane
            .wrapped
            .rows
            .window(pane.wrapped.top, height)
            .map(line)
            .collect(),
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// One cleaned row: its text, a table line laid out in columns, or a `header: value` field.
fn clean_row<'a>(app: &App, text: &'a str, reader: &Reader, row: Row) -> Line<'a> {
    let tables = &reader.tables;
    let indent = Span::raw(" ".repeat(row.indent()));
    let slice = |r: std::ops::Range<usize>| display::sanitize(&text[r]);
    match row.kind() {
        RowKind::Text => {
            let mut layers = marks_in_row(&reader.typos, row, app.theme.typo);
            layers.extend(claim_layers(app, reader, row, |c| c.clean.clone()));
            if let Some(search) = &reader.search {
                layers.extend(ranges_in_row(&search.matches, row, app.theme.matched));
            }
            if let Some(sel) = reader.selection() {
                layers.push((sel, app.theme.selection));
            }
            if app.focus == Focus::Reader && !app.raw_leads() {
                let cursor = reader.cursor;
                let end = crate::motion::next_char(text, cursor);
                layers.push((
                    cursor..end.max(cursor + usize::from(end == cursor)),
                    app.theme.cursor,
                ));
            }
            let line = styled_row(text, row, &layers);
            if row.indent() == 0 {
                line
            } else {
                let mut spans = vec![indent];
                spans.extend(line.spans);
                Line::from(spans)
            }
        }
        RowKind::TableLine { table, line } => {
            let Some((table, line)) = tables
                .get(table as usize)
                .and_then(|t| t.lines.get(line as usize).map(|l| (t, l)))
            else {
                return Line::raw(slice(row.start()..row.end()));
            };
            let mut spans = Vec::new();
            for (j, width) in table.widths.iter().enumerate() {
                if j > 0 {
                    let sep = if line.rule { "─┼─" } else { " │ " };
                    spans.push(Span::styled(sep, app.theme.dim));
                }
                if line.rule {
                    spans.push(Span::styled("─".repeat(*width), app.theme.dim));
                    continue;
                }
                let cell = line
                    .cells
                    .get(j)
                    .map(|c| slice(c.clone()))
                    .unwrap_or_default();
                let pad = width.saturating_sub(display::width(&cell));
                spans.push(Span::raw(cell));
                spans.push(Span::raw(" ".repeat(pad)));
            }
            let header = table.header().is_some_and(|h| h.span == line.span);
            let line = Line::from(spans);
            if header {
                line.patch_style(app.theme.heading)
            } else {
                line
            }
        }
        RowKind::Field { table, col, first } => {
            let value = Span::raw(slice(row.start()..row.end()));
            if !first {
                return Line::from(vec![indent, value]);
            }
            let header = tables
                .get(table as usize)
                .and_then(Table::header)
                .and_then(|h| h.cells.get(col as usize))
                .map(|c| slice(c.clone()))
                .unwrap_or_default();
            let label = display::truncate(&header, row.indent().saturating_sub(2)) + ":";
            let pad = row.indent().saturating_sub(display::width(&label));
            Line::from(vec![
                Span::styled(label, app.theme.dim),
                Span::raw(" ".repeat(pad)),
                value,
            ])
        }
    }
}

/// The ranges of `marks` (sorted by start, not overlapping each other) that touch `row`, in
/// `style`: what the cleaner dropped in the raw pane, suspected typos in the cleaned one.
fn marks_in_row<T>(
    marks: &[(Range<usize>, T)],
    row: Row,
    style: Style,
) -> Vec<(Range<usize>, Style)> {
    let first = marks.partition_point(|(r, _)| r.end <= row.start());
    marks[first..]
        .iter()
        .take_while(|(r, _)| r.start < row.end())
        .map(|(r, _)| (r.clone(), style))
        .collect()
}

/// The claims that touch `row`, each in the style of its credibility; `range` picks the
/// pane's coordinates.
fn claim_layers(
    app: &App,
    reader: &Reader,
    row: Row,
    range: impl Fn(&crate::tui::app::PlacedClaim) -> Option<Range<usize>>,
) -> Vec<(Range<usize>, Style)> {
    reader
        .claims
        .iter()
        .filter_map(|c| {
            let r = range(c)?;
            (r.start < row.end() && r.end > row.start()).then(|| (r, claim_style(app, c)))
        })
        .collect()
}

/// A claim's style: by its credibility on the Admiralty scale (1–2, 3, 4–5, else), or by the
/// verdict on the fact-check scale.
fn claim_style(app: &App, claim: &crate::tui::app::PlacedClaim) -> Style {
    credibility_style(app, &claim.claim)
}

/// The colour of a claim's credibility, the same wherever a claim is shown.
pub(super) fn credibility_style(app: &App, claim: &crate::claims::Claim) -> Style {
    let band = match claim.credibility.as_ref().map(|r| r.value.as_str()) {
        Some("1" | "2" | "true" | "mostly-true") => 0,
        Some("3" | "half-true") => 1,
        Some("4" | "5" | "false" | "mostly-false") => 2,
        _ => 3,
    };
    app.theme.claims[band]
}

/// The ranges (sorted by start) that touch `row`, in `style`; found by binary search, so a
/// frame costs the same however many matches the article has.
fn ranges_in_row(ranges: &[Range<usize>], row: Row, style: Style) -> Vec<(Range<usize>, Style)> {
    let first = ranges.partition_point(|r| r.end <= row.start());
    ranges[first..]
        .iter()
        .take_while(|r| r.start < row.end())
        .map(|r| (r.clone(), style))
        .collect()
}

/// One row of text with each grapheme styled by every range of `layers` that holds it, later
/// layers over earlier ones (a selection over a typo, the cursor over both).
fn styled_row<'a>(text: &'a str, row: Row, layers: &[(Range<usize>, Style)]) -> Line<'a> {
    let touches = |r: &Range<usize>| {
        r.start < row.end() && r.end > row.start() || r.is_empty() && r.start == row.start()
    };
    if !layers.iter().any(|(r, _)| touches(r)) {
        return Line::raw(display::sanitize(&text[row.start()..row.end()]));
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_style = Style::new();
    for (off, g) in text[row.start()..row.end()].grapheme_indices(true) {
        let at = row.start() + off;
        let style = layers
            .iter()
            .filter(|(r, _)| r.start <= at && at < r.end)
            .fold(Style::new(), |s, (_, l)| s.patch(*l));
        if style != run_style && !run.is_empty() {
            spans.push(Span::styled(
                Cow::Owned(std::mem::take(&mut run)),
                run_style,
            ));
        }
        run_style = style;
        run.push_str(&display::safe_grapheme(g));
    }
    if !run.is_empty() {
        spans.push(Span::styled(Cow::Owned(run), run_style));
    }
    // The cursor on an empty row (a blank line) still shows.
    if row.start() == row.end()
        && let Some((_, style)) = layers.iter().find(|(r, _)| r.start == row.start())
    {
        spans.push(Span::styled(" ", *style));
    }
    Line::from(spans)
}

fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let summary = |i: usize| {
        app.corpus.articles.get(i).map(|m| {
            format!(
                " {} · {} · {}",
                m.name,
                m.lang.code(),
                display::human_size(m.bytes)
            )
        })
    };
    let left = if let Some((PromptKind::Search, prompt)) = &app.prompt {
        format!(" /{}▏", display::sanitize(prompt))
    } else if let Some((PromptKind::Filter, prompt)) = &app.prompt {
        format!(
            " filter: {}▏ ({} of {})",
            display::sanitize(prompt),
            app.shown.len(),
            app.corpus.articles.len()
        )
    } else if let Some((PromptKind::SearchAll, prompt)) = &app.prompt {
        format!(" search all articles: {}▏", display::sanitize(prompt))
    } else if let Some((PromptKind::Query, prompt)) = &app.prompt {
        // The board's own line for mistakes is not drawn on small screens: say it here too.
        match app.board.as_ref().and_then(|b| b.error.as_ref()) {
            Some(e) => format!(
                " query: {}▏ ({})",
                display::sanitize(prompt),
                display::sanitize(e)
            ),
            None => format!(" query: {}▏", display::sanitize(prompt)),
        }
    } else if let Some(notice) = &app.notice {
        format!(" {notice}")
    } else if let Some(meta) = app
        .results
        .as_ref()
        .and_then(|r| r.hits.get(r.selected))
        .and_then(|h| app.corpus.articles.get(h.article))
    {
        format!(" {} · {}", meta.name, display::sanitize(&meta.title))
    } else if let Some(row) = app.board.as_ref().and_then(|b| b.selected_row()) {
        format!(" {} · {}", row.file, display::sanitize(&row.title))
    } else if let Some(name) = app.loading.and_then(|i| app.corpus.articles.get(i)) {
        format!(" Loading {}…", name.name)
    } else if app.focus == Focus::List || app.reader.is_none() {
        summary(app.selected).unwrap_or_else(|| " no articles".into())
    } else if let Some(search) = app
        .reader
        .as_ref()
        .filter(|_| app.focus == Focus::Reader)
        .and_then(|r| r.search.as_ref())
    {
        format!(
            " /{} {}/{}",
            display::sanitize(&search.query),
            search.current + 1,
            search.matches.len()
        )
    } else if let Some(claim) = app
        .reader
        .as_ref()
        .filter(|_| app.focus == Focus::Reader && !app.raw_leads())
        .and_then(|r| r.claim_at_cursor())
    {
        claim_summary(app.reader.as_ref(), claim)
    } else if let Some((reader, rules)) = app
        .reader
        .as_ref()
        .filter(|_| app.focus == Focus::Reader && !app.raw_leads())
        .map(|r| (r, r.article.cleaned.rules_cut_at(r.cursor)))
        .filter(|(_, rules)| !rules.is_empty())
    {
        let rules: Vec<&str> = rules.iter().map(|r| r.name()).collect();
        format!(
            " cut at the cursor: {} · {}",
            rules.join(", "),
            reader.article.meta.name
        )
    } else if let Some((reader, rules, typos)) = app.reader.as_ref().map(|r| {
        let height = layout::inner(app.screen.raw).height as usize;
        let clean_height = layout::inner(app.screen.clean).height as usize;
        (r, r.rules_in_view(height), r.typos_in_view(clean_height))
    }) && (!rules.is_empty() || !typos.is_empty())
    {
        let mut parts = Vec::new();
        if !rules.is_empty() {
            let rules: Vec<&str> = rules.iter().map(|r| r.name()).collect();
            parts.push(format!("struck here: {}", rules.join(", ")));
        }
        if !typos.is_empty() {
            parts.push(format!("typo? {}", typos.join(", ")));
        }
        parts.push(reader.article.meta.name.clone());
        format!(" {}", parts.join(" · "))
    } else {
        app.reader
            .as_ref()
            .and_then(|r| summary(r.index))
            .unwrap_or_default()
    };
    // Hints fill what the message leaves, the message keeping at least a readable stub and
    // one space between the two.
    // A notice or the claim under the cursor is what the reviewer needs now: it keeps its room
    // and the hints make do with the rest; otherwise the hints may shorten the message.
    let important = app.notice.is_some()
        || app
            .reader
            .as_ref()
            .is_some_and(|r| app.focus == Focus::Reader && r.claim_at_cursor().is_some());
    let keep_left = if important {
        display::width(&left) + 1
    } else {
        display::width(&left).min(16) + 1
    };
    let mut hints: Vec<Span> = Vec::new();
    let mut hints_width = 0;
    for (key, word) in keymap::hints(app.context()) {
        let piece = display::width(&key) + display::width(word) + 3;
        if keep_left + hints_width + piece > width {
            break;
        }
        hints_width += piece;
        hints.push(Span::styled(key, app.theme.key));
        hints.push(Span::raw(format!(" {word}  ")));
    }
    let room = width.saturating_sub(hints_width + usize::from(hints_width > 0));
    let left = display::truncate(&left, room);
    let pad = width.saturating_sub(display::width(&left) + hints_width);
    let mut spans = vec![Span::raw(left), Span::raw(" ".repeat(pad))];
    spans.extend(hints);
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(app.theme.status),
        area,
    );
}

/// A `width`×`height` rectangle in the middle of `area` (which must hold it), for overlays.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    Rect::new(
        area.x + area.width.saturating_sub(width) / 2,
        area.y + area.height.saturating_sub(height) / 2,
        width.min(area.width),
        height.min(area.height),
    )
}

/// The article's claims, one per line: ratings, where it stands, the quote, the author.
/// Claims whose text is gone are listed too (`✗`), with their quote, so nothing is lost from
/// view; claims in conflict after a merge are marked `!`.
fn draw_claims_list(app: &App, reader: &Reader, selected: usize, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(100);
    let height = (reader.claims.len() as u16 + 2).min(area.height.saturating_sub(2));
    if width < 20 || height < 3 {
        return;
    }
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Block::bordered().border_style(app.theme.focused).title(
            match reader.sidecar.as_ref().map_or(0, |(_, s)| s.conflicted()) {
                0 => format!(" Claims ({}) · Enter go · Esc close ", reader.claims.len()),
                n => format!(
                    " Claims ({}) · {n} in conflict (!): o keep · t take other · Esc close ",
                    reader.claims.len()
                ),
            },
        ),
        popup,
    );
    let inner = layout::inner(popup);
    let rows = inner.height as usize;
    let top = selected.saturating_sub(rows.saturating_sub(1));
    let w = inner.width as usize;
    let lines: Vec<Line> = reader
        .claims
        .iter()
        .enumerate()
        .skip(top)
        .take(rows)
        .map(|(i, placed)| {
            let c = &placed.claim;
            // Ratings and author come from the sidecar: made safe, a rating cut to the
            // longest key of the bundled scales (`mostly-false`).
            let value = |r: &Option<crate::claims::Rating>| {
                r.as_ref()
                    .map_or("-".to_string(), |r| display::truncate(&r.value, 12))
            };
            let conflict = !reader.other_versions(&c.id).is_empty();
            let state = match placed.state {
                _ if conflict => '!',
                crate::claims::AnchorState::Orphaned => '✗',
                crate::claims::AnchorState::NeedsReview { .. } => '?',
                crate::claims::AnchorState::Fuzzy { .. } => '~',
                _ => ' ',
            };
            let head = format!(
                "{} {:>2} {:>2} ",
                state,
                value(&c.credibility),
                value(&c.reliability)
            );
            let author = format!(" {}", display::sanitize(&c.author));
            let room = w.saturating_sub(display::width(&head) + display::width(&author));
            let quote = display::truncate(
                &display::sanitize(
                    &c.anchor
                        .quote
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                room,
            );
            let pad = room.saturating_sub(display::width(&quote));
            let line = Line::from(vec![
                Span::styled(head, claim_style(app, placed)),
                Span::raw(quote),
                Span::raw(" ".repeat(pad)),
                Span::styled(author, app.theme.dim),
            ]);
            if i == selected {
                line.patch_style(app.theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The claim form, over the reader: the quote, the two ratings as rows of keys with the
/// chosen level in words, then sources, tags and note. Fits 80×24; on smaller screens the note
/// gets what is left.
fn draw_form(app: &App, form: &crate::tui::app::ClaimForm, frame: &mut Frame, area: Rect) {
    use crate::tui::app::FormField;
    let width = area.width.saturating_sub(4).min(76);
    let height = area.height.saturating_sub(2).min(20);
    if width < 30 || height < 12 {
        // No room for the form: say so where it would be, rather than take keys unseen.
        let note = display::truncate(
            "claim form: enlarge the terminal (Esc cancels)",
            area.width as usize,
        );
        let rect = centred(area, display::width(&note) as u16, 1);
        frame.render_widget(Clear, rect);
        frame.render_widget(Paragraph::new(Span::styled(note, app.theme.focused)), rect);
        return;
    }
    let popup = centred(area, width, height);
    let in_conflict = form.editing.as_deref().is_some_and(|id| {
        app.reader
            .as_ref()
            .is_some_and(|r| !r.other_versions(id).is_empty())
    });
    let title = if in_conflict {
        " Edit claim (! in conflict: o/t in the claims list) · Ctrl-s save · Esc cancel "
    } else if form.editing.is_some() {
        " Edit claim · Tab next · Ctrl-s save · Esc cancel "
    } else {
        " New claim · Tab next · Ctrl-s save · Esc cancel "
    };
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Block::bordered()
            .border_style(app.theme.focused)
            .title(title),
        popup,
    );
    let inner = layout::inner(popup);
    let w = inner.width as usize;
    let label = |field: FormField, text: &str| {
        let style = if form.field == field {
            app.theme.focused
        } else {
            app.theme.dim
        };
        Span::styled(format!("{text:<12}"), style)
    };
    let quote = format!(
        "“{}”",
        display::sanitize(&form.quote.split_whitespace().collect::<Vec<_>>().join(" "))
    );
    let scale_row = |field: FormField,
                     name: &str,
                     scale: Option<&crate::claims::scale::Scale>,
                     chosen: &Option<String>| {
        let mut spans = vec![label(field, name)];
        match scale {
            Some(scale) => {
                for (n, level) in scale.levels.iter().enumerate() {
                    let picked = chosen
                        .as_deref()
                        .is_some_and(|c| c.eq_ignore_ascii_case(&level.key));
                    let style = if picked {
                        app.theme.selected
                    } else {
                        app.theme.key
                    };
                    // What to type: the key itself when it is one character, else its place.
                    let typed = if level.key.chars().count() == 1 {
                        level.key.clone()
                    } else {
                        (n + 1).to_string()
                    };
                    spans.push(Span::styled(format!("[{typed}]"), style));
                    spans.push(Span::raw(" "));
                }
                let words = chosen
                    .as_deref()
                    .and_then(|c| scale.level(c))
                    .map_or("—".to_string(), |l| l.label.clone());
                spans.push(Span::raw(words));
            }
            None => spans.push(Span::styled("(not on this scale)", app.theme.dim)),
        }
        Line::from(spans)
    };
    let mut y = inner.y;
    let row = |y: u16, h: u16| {
        Rect::new(
            inner.x,
            y,
            inner.width,
            h.min(inner.bottom().saturating_sub(y)),
        )
    };
    // Blank lines between sections and a second line of quote only when there is room.
    let gap = u16::from(inner.height >= 16);
    // The quote on as many rows as there is room for, the last one ending in `…` when the
    // quote goes on, so a cut claim never looks whole.
    let quote_rows = usize::from(1 + gap);
    let rows = crate::wrap::wrap(&quote, w.max(1));
    let lines: Vec<Line> = rows
        .iter()
        .take(quote_rows)
        .enumerate()
        .map(|(i, r)| {
            let text = &quote[r.start()..r.end()];
            if i + 1 == quote_rows && rows.len() > quote_rows {
                Line::raw(display::truncate(&format!("{} …", text.trim_end()), w))
            } else {
                Line::raw(text.to_string())
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), row(y, 1 + gap));
    y += 1 + 2 * gap;
    frame.render_widget(
        Paragraph::new(scale_row(
            FormField::Credibility,
            "Credibility",
            Some(&app.scales.credibility),
            &form.credibility,
        )),
        row(y, 1),
    );
    y += 1;
    frame.render_widget(
        Paragraph::new(scale_row(
            FormField::Reliability,
            "Reliability",
            app.scales.reliability.as_ref(),
            &form.reliability,
        )),
        row(y, 1),
    );
    y += 1 + gap;
    let field_area = |y: u16,
                      h: u16,
                      field: FormField,
                      name: &str,
                      frame: &mut Frame,
                      area: &ratatui_textarea::TextArea<'static>| {
        let r = row(y, h);
        frame.render_widget(
            Paragraph::new(Line::from(label(field, name))),
            Rect {
                width: 12.min(r.width),
                ..r
            },
        );
        let text_rect = Rect {
            x: r.x + 12,
            width: r.width.saturating_sub(12),
            ..r
        };
        let mut area = shown_field(area);
        let cursor = if form.field == field {
            app.theme.cursor
        } else {
            Style::default()
        };
        area.set_cursor_style(cursor);
        frame.render_widget(&area, text_rect);
    };
    let rest = inner.bottom().saturating_sub(y);
    let sources_h = 3.min(rest / 3).max(1);
    field_area(
        y,
        sources_h,
        FormField::Sources,
        "Sources",
        frame,
        &form.sources,
    );
    y += sources_h + gap;
    field_area(y, 1, FormField::Tags, "Tags", frame, &form.tags);
    y += 1;
    field_area(y, 1, FormField::Summary, "Summary", frame, &form.summary);
    y += 1 + gap;
    let note_h = inner.bottom().saturating_sub(y + 1).max(1);
    field_area(y, note_h, FormField::Note, "Note", frame, &form.note);
    let hint = match form.field {
        FormField::Credibility | FormField::Reliability => {
            "type a level's key; Backspace clears it"
        }
        FormField::Sources => "one per line: URL or citation :: what it shows",
        FormField::Tags => "separated by commas; Ctrl-t completes from the corpus's tags",
        FormField::Summary => "optional: the claim in a few words, for ClaimReview exports",
        FormField::Note => "free text",
    };
    frame.render_widget(
        Paragraph::new(Span::styled(display::truncate(hint, w), app.theme.dim)),
        row(inner.bottom().saturating_sub(1), 1),
    );
}

/// What a form field shows: its text with controls, bidi and invisible characters (from a
/// sidecar, or pasted) as placeholders, the cursor where it is. Only the copy drawn changes:
/// the claim keeps its text as written.
fn shown_field(area: &ratatui_textarea::TextArea<'static>) -> ratatui_textarea::TextArea<'static> {
    if area
        .lines()
        .iter()
        .all(|l| matches!(display::sanitize_chars(l), Cow::Borrowed(_)))
    {
        return area.clone();
    }
    let lines = area
        .lines()
        .iter()
        .map(|l| display::sanitize_chars(l).into_owned())
        .collect();
    let mut shown = ratatui_textarea::TextArea::new(lines);
    shown.set_cursor_line_style(area.cursor_line_style());
    let ratatui_textarea::DataCursor(row, col) = area.cursor();
    let at = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    shown.move_cursor(ratatui_textarea::CursorMove::Jump(at(row), at(col)));
    shown
}

/// What the status bar says of the claim under the cursor: its ratings in words, tags and
/// author, and whether its place needs checking; first, if a merge left it in conflict, whose
/// the other version is and what differs.
fn claim_summary(reader: Option<&Reader>, placed: &crate::tui::app::PlacedClaim) -> String {
    let scales = crate::claims::scale::Scales::default();
    let c = &placed.claim;
    let mut parts = vec!["claim".to_string()];
    // A conflict first: it is what the reviewer has to act on.
    let others = reader.map(|r| r.other_versions(&c.id)).unwrap_or_default();
    if let Some(other) = others.first() {
        let fields = crate::claims::merge::differences(c, other);
        parts[0] = format!(
            "! conflict: {} by {} differs in {} (c, then o keeps this, t takes it)",
            if others.len() == 1 {
                "another version".to_string()
            } else {
                format!("{} other versions, the first", others.len())
            },
            other.author,
            fields.join(", ")
        );
    }
    for rating in [&c.credibility, &c.reliability].into_iter().flatten() {
        let words = scales.label(rating).unwrap_or_default();
        parts.push(format!("{} {words}", rating.value).trim().to_string());
    }
    if !c.tags.is_empty() {
        parts.push(
            c.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    parts.push(format!("by {}", c.author));
    match placed.state {
        crate::claims::AnchorState::NeedsReview { .. } => parts.push("place needs review".into()),
        crate::claims::AnchorState::Fuzzy { .. } => parts.push("text changed since".into()),
        _ => {}
    }
    format!(" {}", display::sanitize(&parts.join(" · ")))
}

/// The key help, generated from the keymap. Contexts flow into as many columns as fit; when
/// they do not, it is one column that `j`/`k` scroll.
fn draw_help(app: &App, frame: &mut Frame, area: Rect) {
    let help = app.keymap.help_lines();
    let key_width = help
        .iter()
        .filter_map(|l| match l {
            keymap::HelpLine::Entry(keys, _) => Some(display::width(keys)),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        + 1;
    let line = |l: &keymap::HelpLine| match l {
        keymap::HelpLine::Heading(title) => Line::styled(*title, app.theme.focused),
        keymap::HelpLine::Entry(keys, what) => Line::from(vec![
            Span::styled(format!("  {keys:<key_width$}"), app.theme.key),
            Span::raw(*what),
        ]),
        keymap::HelpLine::Blank => Line::raw(""),
    };
    let col_width = help.iter().map(|l| line(l).width()).max().unwrap_or(0) as u16 + 2;
    let max_height = area.height.saturating_sub(4).max(1) as usize;
    // Columns of whole contexts, a context moving to the next column when it does not fit.
    let mut columns: Vec<Vec<Line>> = vec![Vec::new()];
    for group in help.split(|l| *l == keymap::HelpLine::Blank) {
        let used = columns.last().map_or(0, Vec::len);
        if used > 0 && used + 1 + group.len() > max_height {
            columns.push(Vec::new());
        } else if used > 0 {
            columns
                .last_mut()
                .into_iter()
                .for_each(|c| c.push(Line::raw("")));
        }
        columns
            .last_mut()
            .into_iter()
            .for_each(|c| c.extend(group.iter().map(line)));
    }
    let fits = columns.iter().all(|c| c.len() <= max_height)
        && col_width * columns.len() as u16 + 2 <= area.width.saturating_sub(2);
    let title = if fits {
        " Keys · Esc closes "
    } else {
        let top = app.help_top.min(help.len().saturating_sub(max_height));
        columns = vec![help.iter().map(line).skip(top).collect()];
        " Keys · j/k scroll · Esc closes "
    };
    let tallest = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let width = (col_width * columns.len() as u16 + 2)
        .max(display::width(title) as u16 + 2)
        .min(area.width.saturating_sub(2));
    let height = (tallest + 2).min(area.height.saturating_sub(2));
    let popup = centred(area, width, height);
    let block = Block::bordered()
        .border_style(app.theme.focused)
        .title(title);
    let inner = layout::inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    for (i, column) in columns.into_iter().enumerate() {
        let x = inner.x + col_width * i as u16;
        if x >= inner.right() {
            break;
        }
        let rect = Rect::new(x, inner.y, col_width.min(inner.right() - x), inner.height);
        frame.render_widget(Paragraph::new(column), rect);
    }
}
