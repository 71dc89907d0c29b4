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

use super::app::{App, Focus, Wrapped};
use super::keymap;
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH, Screen};
use crate::clean::Rule;
use crate::display;
use crate::wrap::Row;

/// Draws the whole screen for `app`.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
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
    if app.show_help {
        draw_help(app, frame, area);
    }
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
        format!(" Articles ({}) ", app.corpus.articles.len()),
    );
    let inner = layout::inner(area);
    let width = inner.width as usize;
    let open = app.reader.as_ref().map(|r| r.index);
    let lines: Vec<Line> = app
        .corpus
        .articles
        .iter()
        .enumerate()
        .skip(app.list_top)
        .take(inner.height as usize)
        .map(|(i, meta)| {
            let details = format!(
                " {} {:>5}",
                meta.lang.code(),
                display::human_size(meta.bytes)
            );
            let details = if width >= 24 { details } else { String::new() };
            let marker = if open == Some(i) { "▸" } else { " " };
            let title_width = width.saturating_sub(1 + details.chars().count());
            let title = display::truncate(&meta.title, title_width);
            let pad = title_width.saturating_sub(display::width(&title));
            let mut line = Line::from(vec![
                Span::styled(marker, app.theme.open),
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
            "Loading… (Enter opens the selected article)"
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
    let clean_text = reader.article.cleaned.text.as_str();
    let raw_text = reader.article.cleaned.source.text();
    let clean = |row: Row| Line::raw(display::sanitize(&clean_text[row.start..row.end]));
    let raw = |row: Row| marked_row(raw_text, row, &reader.dropped, app.theme.dropped);
    let (c, r) = (&reader.clean, &reader.raw);
    if screen.side_by_side {
        let title = format!(" Cleaned · {name} ");
        draw_pane(app, frame, screen.clean, title, focused, c, clean);
        let title = " Raw source · struck = dropped ".to_string();
        draw_pane(app, frame, screen.raw, title, focused, r, raw);
    } else if app.show_raw {
        let title = format!(" Raw · {name} · r: cleaned ");
        draw_pane(app, frame, screen.raw, title, focused, r, raw);
    } else {
        let title = format!(" Cleaned · {name} · r: raw ");
        draw_pane(app, frame, screen.clean, title, focused, c, clean);
    }
}

/// `first-last/total` for a pane's bottom border.
fn position(pane: &Wrapped, height: usize) -> String {
    let total = pane.rows.len();
    let last = (pane.top + height).min(total);
    format!(" {}-{}/{} ", (pane.top + 1).min(total), last, total)
}

/// A bordered text pane showing the visible rows of `pane`, each drawn by `line`.
fn draw_pane<'a>(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    title: String,
    focused: bool,
    pane: &Wrapped,
    line: impl Fn(Row) -> Line<'a>,
) {
    let height = layout::inner(area).height as usize;
    let title = display::truncate(&title, area.width.saturating_sub(2) as usize);
    let position = Line::styled(position(pane, height), app.theme.dim);
    let block = pane_block(app, focused, title).title_bottom(position.alignment(Alignment::Right));
    let lines: Vec<Line> = visible(pane, height).map(|row| line(*row)).collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn visible(pane: &Wrapped, height: usize) -> impl Iterator<Item = &Row> {
    pane.rows.iter().skip(pane.top).take(height)
}

/// One raw row with the spans the cleaner dropped in `mark` style.
fn marked_row<'a>(
    text: &'a str,
    row: Row,
    marks: &[(Range<usize>, Rule)],
    mark: Style,
) -> Line<'a> {
    let first = marks.partition_point(|(r, _)| r.end <= row.start);
    let marks = &marks[first..];
    if marks.first().is_none_or(|(r, _)| r.start >= row.end) {
        return Line::raw(display::sanitize(&text[row.start..row.end]));
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    let mut m = 0;
    for (off, g) in text[row.start..row.end].grapheme_indices(true) {
        let at = row.start + off;
        while m < marks.len() && marks[m].0.end <= at {
            m += 1;
        }
        let marked = m < marks.len() && marks[m].0.start <= at;
        if marked != run_marked && !run.is_empty() {
            spans.push(styled(std::mem::take(&mut run), run_marked, mark));
        }
        run_marked = marked;
        run.push_str(&display::safe_grapheme(g));
    }
    if !run.is_empty() {
        spans.push(styled(run, run_marked, mark));
    }
    Line::from(spans)
}

fn styled<'a>(text: String, marked: bool, mark: Style) -> Span<'a> {
    if marked {
        Span::styled(Cow::Owned(text), mark)
    } else {
        Span::raw(Cow::Owned(text))
    }
}

fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let left = match (&app.notice, &app.reader) {
        (Some(notice), _) => format!(" {notice}"),
        (None, Some(r)) => {
            let m = &r.article.meta;
            format!(
                " {} · {} · {}",
                m.name,
                m.lang.code(),
                display::human_size(m.bytes)
            )
        }
        (None, None) => format!(" {} articles", app.corpus.articles.len()),
    };
    // Hints fill what the message leaves, the message keeping at least a readable stub.
    let keep_left = display::width(&left).min(24);
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
    let left = display::truncate(&left, width - hints_width);
    let pad = width.saturating_sub(display::width(&left) + hints_width);
    let mut spans = vec![Span::raw(left), Span::raw(" ".repeat(pad))];
    spans.extend(hints);
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(app.theme.status),
        area,
    );
}

/// The key help, generated from the keymap and flowed into as many columns as the height needs.
fn draw_help(app: &App, frame: &mut Frame, area: Rect) {
    let entries = keymap::help_entries();
    let key_width = entries
        .iter()
        .map(|(_, k, _)| display::width(k))
        .max()
        .unwrap_or(0)
        + 3;
    let help_width = entries
        .iter()
        .map(|(_, _, h)| display::width(h))
        .max()
        .unwrap_or(0);
    let col_width = (key_width + help_width + 2) as u16;
    let max_height = area.height.saturating_sub(4).max(2) as usize;
    // Group entries by context; a group moves to a new column when it does not fit, and a
    // group taller than the screen continues under a repeated heading.
    let mut groups: Vec<(keymap::Context, Vec<Line>)> = Vec::new();
    for (context, keys, help) in &entries {
        let line = Line::from(vec![
            Span::styled(format!("  {keys:<w$}", w = key_width - 2), app.theme.key),
            Span::raw(*help),
        ]);
        match groups.last_mut() {
            Some((c, lines)) if c == context => lines.push(line),
            _ => groups.push((*context, vec![line])),
        }
    }
    let mut columns: Vec<Vec<Line>> = vec![Vec::new()];
    for (context, lines) in groups {
        let mut lines = lines.into_iter().peekable();
        let mut heading = context.title().to_string();
        while lines.peek().is_some() {
            let used = columns.last().map_or(0, Vec::len);
            let gap = usize::from(used > 0);
            // A group that would fit a fresh column but not this one starts a new column;
            // one too tall for any column fills from here, keeping at least two entries.
            let needed = gap + 1 + lines.len();
            let fits_fresh = lines.len() < max_height;
            let room = max_height.saturating_sub(used);
            if used > 0 && ((fits_fresh && needed > room) || gap + 3 > room) {
                columns.push(Vec::new());
                continue;
            }
            let Some(col) = columns.last_mut() else { break };
            if gap == 1 {
                col.push(Line::raw(""));
            }
            col.push(Line::styled(heading.clone(), app.theme.focused));
            while col.len() < max_height {
                match lines.next() {
                    Some(line) => col.push(line),
                    None => break,
                }
            }
            if lines.peek().is_some() {
                columns.push(Vec::new());
                heading = format!("{} (cont.)", context.title());
            }
        }
    }
    let tallest = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let width = (col_width * columns.len() as u16 + 2).min(area.width.saturating_sub(2));
    let height = (tallest + 2).min(area.height.saturating_sub(2));
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let block = Block::bordered()
        .border_style(app.theme.focused)
        .title(" Keys · Esc closes ");
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
