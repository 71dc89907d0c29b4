//! Drawing the claim board: the state of the review at a glance (a bar chart of claims per
//! credibility level, articles per review status), then the claims as a table. Draws only.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Clear, Paragraph, Row, Table};

use super::app::App;
use super::board::{self, Board, Column};
use crate::display;

/// Draws the board over everything above the status bar.
pub fn draw(app: &App, board: &Board, frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    let (chart_height, with_chart) = board::chart_height(area.height);
    let [top, table] =
        Layout::vertical([Constraint::Length(chart_height), Constraint::Min(0)]).areas(area);
    if with_chart {
        draw_overview(app, board, frame, top);
    }
    draw_table(app, board, frame, table);
}

/// The bar chart of claims per credibility level, and beside it the review's state in words.
fn draw_overview(app: &App, board: &Board, frame: &mut Frame, area: Rect) {
    let counts = board.credibility_counts(&app.scales);
    let bar_width = 3;
    let chart_width = (counts.len() as u16 * (bar_width + 1) + 3).min(area.width / 2);
    let [chart, words] =
        Layout::horizontal([Constraint::Length(chart_width), Constraint::Min(0)]).areas(area);
    let bars: Vec<Bar> = counts
        .iter()
        .enumerate()
        .map(|(i, (key, n))| {
            let style = app.theme.claims[credibility_band(&app.scales.credibility.name, i)];
            Bar::default()
                .value(*n)
                .label(Line::from(display::truncate(key, usize::from(bar_width))))
                .style(style)
                .value_style(style.add_modifier(Modifier::REVERSED))
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .block(
                Block::bordered()
                    .border_style(app.theme.border)
                    .title(" Credibility "),
            )
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(1),
        chart,
    );
    let [unreviewed, progress, done] = board.statuses;
    let total = unreviewed + progress + done;
    let mut lines = vec![
        Line::from(format!(
            "{}: {unreviewed} unreviewed · {progress} in progress · {done} done",
            display::count(total, "article", "articles")
        )),
        Line::from(format!(
            "{} shown of {}",
            display::count(board.shown.len(), "claim", "claims"),
            board.rows.len()
        )),
    ];
    lines.push(match (&board.error, board.query.is_empty()) {
        (Some(e), _) => Line::styled(format!("query: {}", display::sanitize(e)), app.theme.typo),
        (None, true) => Line::styled(
            "/ to query: credibility>=4 tag:arms author:ana no-sources",
            app.theme.dim,
        ),
        (None, false) => Line::from(format!("query: {}", display::sanitize(&board.query))),
    });
    let levels: Vec<String> = app
        .scales
        .credibility
        .levels
        .iter()
        .map(|l| format!("{} {}", l.key, l.label))
        .collect();
    lines.push(Line::styled(levels.join(" · "), app.theme.dim));
    frame.render_widget(
        Paragraph::new(
            lines
                .into_iter()
                .map(|l| {
                    let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                    Line::styled(
                        display::truncate(&text, usize::from(words.width.saturating_sub(2))),
                        l.style,
                    )
                })
                .collect::<Vec<_>>(),
        )
        .block(
            Block::bordered()
                .border_style(app.theme.border)
                .title(" Review "),
        ),
        words,
    );
}

/// Which of the theme's claim colours a bar gets: the same bands the reader underlines
/// claims in, by place on the scale.
fn credibility_band(scale: &str, index: usize) -> usize {
    match (scale, index) {
        ("admiralty-credibility", 0 | 1) | ("fact-check", 0 | 1) => 0,
        ("admiralty-credibility", 2) | ("fact-check", 2) => 1,
        ("admiralty-credibility", 3 | 4) | ("fact-check", 3 | 4) => 2,
        _ => 3,
    }
}

/// The columns that fit `width`, with their widths; the quote takes what is left. Narrow
/// screens drop the date, then author and tags, before the quote gets too short to read, but
/// never the column sorted on.
fn columns_for(width: u16, sorted: Column) -> Vec<(Column, u16)> {
    let mut columns = vec![
        (Column::Article, 14),
        (Column::Quote, 0),
        (Column::Credibility, 7),
        (Column::Reliability, 6),
        (Column::Tags, 14),
        (Column::Author, 10),
        (Column::Updated, 11),
    ];
    let fixed = |cols: &[(Column, u16)]| -> u16 { cols.iter().map(|c| c.1 + 1).sum() };
    let droppable = [
        Column::Updated,
        Column::Author,
        Column::Tags,
        Column::Reliability,
    ];
    for drop in droppable.into_iter().filter(|c| *c != sorted) {
        if width.saturating_sub(fixed(&columns)) >= 24 {
            break;
        }
        columns.retain(|c| c.0 != drop);
    }
    let quote = width.saturating_sub(fixed(&columns)).max(8);
    for c in &mut columns {
        if c.0 == Column::Quote {
            c.1 = quote;
        }
    }
    columns
}

/// The claims, one per row, the sorted column's header marked with the order.
fn draw_table(app: &App, board: &Board, frame: &mut Frame, area: Rect) {
    let inner_width = area.width.saturating_sub(2);
    let columns = columns_for(inner_width, board.sort);
    let header = Row::new(columns.iter().map(|(c, _)| {
        let number = Column::ALL.iter().position(|x| x == c).unwrap_or(0) + 1;
        let arrow = match (board.sort == *c, board.descending) {
            (true, false) => "▲",
            (true, true) => "▼",
            _ => "",
        };
        format!("{number} {}{arrow}", c.title())
    }))
    .style(app.theme.heading);
    let height = board::table_height(area.y + area.height);
    let rows = board
        .shown
        .iter()
        .enumerate()
        .skip(board.top)
        .take(height)
        .map(|(at, &i)| {
            let row = &board.rows[i];
            let claim = &row.claim;
            let cells = columns.iter().map(|(c, w)| {
                let text = match c {
                    Column::Article => row.file.clone(),
                    // `!`: a merge or an import left another version to choose from.
                    Column::Quote if row.conflict => format!("! {}", claim.quote_line()),
                    Column::Quote => claim.quote_line(),
                    Column::Credibility => claim
                        .credibility
                        .as_ref()
                        .map_or("—".into(), |r| r.value.clone()),
                    Column::Reliability => claim
                        .reliability
                        .as_ref()
                        .map_or("—".into(), |r| r.value.clone()),
                    Column::Tags => claim.tags.join(", "),
                    Column::Author => claim.author.clone(),
                    Column::Updated => claim.updated.chars().take(10).collect(),
                };
                let text = display::truncate(&display::sanitize(&text), usize::from(*w));
                match c {
                    Column::Credibility => Line::from(Span::styled(
                        text,
                        super::view::credibility_style(app, claim),
                    )),
                    _ => Line::from(text),
                }
            });
            let row = Row::new(cells);
            if at == board.selected {
                row.style(app.theme.selected)
            } else {
                row
            }
        });
    let title = if board.rows.is_empty() {
        " Claim board · no claims yet: select text in an article and press a ".to_string()
    } else {
        format!(
            " Claim board · {} · Enter goes to it ",
            position(board.selected, board.shown.len())
        )
    };
    let table = Table::new(rows, columns.iter().map(|(_, w)| Constraint::Length(*w)))
        .header(header)
        .column_spacing(1)
        .block(
            Block::bordered()
                .border_style(app.theme.focused)
                .title(display::truncate(&title, usize::from(inner_width))),
        );
    frame.render_widget(table, area);
}

/// `3/40`, or `0/0` for an empty table.
fn position(selected: usize, len: usize) -> String {
    if len == 0 {
        "0/0".into()
    } else {
        format!("{}/{len}", selected + 1)
    }
}
