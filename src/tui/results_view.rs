//! Drawing the corpus search's results: one match per row, `file:line` then the text around
//! it with the match highlighted, and how far the search has got in the title. Draws only.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::app::App;
use super::results::{self, Results};
use crate::display;

/// Draws the results over everything above the status bar.
pub fn draw(app: &App, results: &Results, frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    let inner_width = usize::from(area.width.saturating_sub(2));
    let height = results::list_height(area.y + area.height);
    let width_of_place = results
        .hits
        .iter()
        .skip(results.top)
        .take(height)
        .map(|h| place(app, h).chars().count())
        .max()
        .unwrap_or(0)
        .min(inner_width / 2);
    let lines: Vec<Line> = results
        .hits
        .iter()
        .enumerate()
        .skip(results.top)
        .take(height)
        .map(|(i, hit)| {
            let place = display::truncate(&place(app, hit), width_of_place);
            let pad = width_of_place.saturating_sub(display::width(&place));
            let room = inner_width.saturating_sub(width_of_place + 2);
            let before = &hit.context[..hit.within.start];
            let matched = &hit.context[hit.within.clone()];
            let after = &hit.context[hit.within.end..];
            // Keep the match in view: what comes before it gets at most a third of the room.
            let before = tail(&display::sanitize(before), room / 3);
            let matched = display::truncate(
                &display::sanitize(matched),
                room.saturating_sub(display::width(&before)),
            );
            let after = display::truncate(
                &display::sanitize(after),
                room.saturating_sub(display::width(&before) + display::width(&matched)),
            );
            let line = Line::from(vec![
                Span::styled(format!("{place}{}", " ".repeat(pad)), app.theme.dim),
                Span::raw("  "),
                Span::raw(before),
                Span::styled(matched, app.theme.matched),
                Span::raw(after),
            ]);
            if i == results.selected {
                line.style(app.theme.selected)
            } else {
                line
            }
        })
        .collect();
    let empty = results.hits.is_empty() && !results.running;
    let body = if empty {
        vec![Line::styled("  nothing found", app.theme.dim)]
    } else {
        lines
    };
    let title = format!(
        " Search all · {} · {} ",
        display::sanitize(&results.query),
        results.summary()
    );
    frame.render_widget(
        Paragraph::new(body).block(
            Block::bordered()
                .border_style(app.theme.focused)
                .title(display::truncate(&title, inner_width)),
        ),
        area,
    );
}

/// `file:line` of a match.
fn place(app: &App, hit: &crate::search::Hit) -> String {
    let name = app
        .corpus
        .articles
        .get(hit.article)
        .map_or("?", |m| m.name.as_str());
    format!("{name}:{}", hit.line)
}

/// The last `max` columns of `text`, with `…` in front when cut.
fn tail(text: &str, max: usize) -> String {
    if display::width(text) <= max {
        return text.to_string();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut width = 1;
    for c in text.chars().rev() {
        let w = display::width(c.encode_utf8(&mut [0; 4]));
        if width + w > max {
            break;
        }
        width += w;
        kept.push(c);
    }
    if max == 0 {
        return String::new();
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}
