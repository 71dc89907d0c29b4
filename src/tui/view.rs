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

use super::app::{App, Focus, Reader, Wrapped};
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
        let msg = format!(
            "claimmark needs at least {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{})",
            area.width, area.height
        );
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
    if screen.side_by_side {
        draw_clean(
            app,
            reader,
            frame,
            screen.clean,
            format!(" Cleaned · {name} "),
            focused,
        );
        draw_raw(
            app,
            reader,
            frame,
            screen.raw,
            " Raw source · struck = dropped ".into(),
            focused,
        );
    } else if app.show_raw {
        draw_raw(
            app,
            reader,
            frame,
            screen.raw,
            format!(" Raw · {name} · r: cleaned "),
            focused,
        );
    } else {
        draw_clean(
            app,
            reader,
            frame,
            screen.clean,
            format!(" Cleaned · {name} · r: raw "),
            focused,
        );
    }
}

/// `first-last/total` for a pane's bottom border.
fn position(pane: &Wrapped, height: usize) -> String {
    let total = pane.rows.len();
    let last = (pane.top + height).min(total);
    format!(" {}-{}/{} ", (pane.top + 1).min(total), last, total)
}

fn draw_clean(
    app: &App,
    reader: &Reader,
    frame: &mut Frame,
    area: Rect,
    title: String,
    focused: bool,
) {
    let text = reader.article.cleaned.text.as_str();
    let height = layout::inner(area).height as usize;
    let block = pane_block(
        app,
        focused,
        display::truncate(&title, area.width.saturating_sub(2) as usize),
    )
    .title_bottom(
        Line::styled(position(&reader.clean, height), app.theme.dim).alignment(Alignment::Right),
    );
    let lines: Vec<Line> = visible(&reader.clean, height)
        .map(|row| Line::raw(display::sanitize(&text[row.start..row.end])))
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_raw(
    app: &App,
    reader: &Reader,
    frame: &mut Frame,
    area: Rect,
    title: String,
    focused: bool,
) {
    let text = reader.article.cleaned.source.text();
    let height = layout::inner(area).height as usize;
    let block = pane_block(
        app,
        focused,
        display::truncate(&title, area.width.saturating_sub(2) as usize),
    )
    .title_bottom(
        Line::styled(position(&reader.raw, height), app.theme.dim).alignment(Alignment::Right),
    );
    let lines: Vec<Line> = visible(&reader.raw, height)
        .map(|row| marked_row(text, *row, &reader.dropped, app.theme.dropped))
        .collect();
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
    let mut hints: Vec<Span> = Vec::new();
    for (key, what) in keymap::hints(app.context()) {
        hints.push(Span::styled(key, app.theme.key));
        hints.push(Span::raw(format!(" {what}  ")));
    }
    let hints_width: usize = hints.iter().map(|s| display::width(&s.content)).sum();
    let left = match (&app.notice, &app.reader) {
        (Some(notice), _) => notice.clone(),
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
    let (left, hints) = if hints_width + 10 <= width {
        (display::truncate(&left, width - hints_width), hints)
    } else {
        (display::truncate(&left, width), Vec::new())
    };
    let pad = width.saturating_sub(display::width(&left) + hints_width.min(width));
    let mut spans = vec![Span::raw(left), Span::raw(" ".repeat(pad))];
    spans.extend(hints);
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(app.theme.status),
        area,
    );
}

fn draw_help(app: &App, frame: &mut Frame, area: Rect) {
    let entries = keymap::help_entries();
    let mut lines: Vec<Line> = Vec::new();
    let mut last = None;
    for (context, keys, help) in &entries {
        if last != Some(*context) {
            if last.is_some() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(context.title(), app.theme.focused));
            last = Some(*context);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<22}"), app.theme.key),
            Span::raw(*help),
        ]));
    }
    let width = 62.min(area.width.saturating_sub(2));
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let block = Block::bordered()
        .border_style(app.theme.focused)
        .title(" Keys · Esc closes ");
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
