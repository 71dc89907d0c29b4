//! Colours and emphasis, with a plain variant for `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

/// Every style the view uses, chosen once at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Border and title of the focused pane.
    pub focused: Style,
    /// Border of the other panes.
    pub border: Style,
    /// The selected article in the list.
    pub selected: Style,
    /// The open article's marker in the list.
    pub open: Style,
    /// Raw text the cleaner dropped.
    pub dropped: Style,
    /// Secondary text: languages, sizes, positions.
    pub dim: Style,
    /// The status bar.
    pub status: Style,
    /// Keys in hints and help.
    pub key: Style,
    /// Headings in the cleaned text.
    pub heading: Style,
    /// Suspected typos: marked, not shouted, since the text is as published.
    pub typo: Style,
    /// Selected text, in both panes.
    pub selection: Style,
    /// The cursor in the cleaned pane.
    pub cursor: Style,
    /// Claims by how credible they were rated: confirmed or probable, possible, doubtful or
    /// improbable, and not judged (or on a scale without a known order). Underlined in every
    /// theme, so the cue survives `NO_COLOR`.
    pub claims: [Style; 4],
    /// Search matches, in both panes.
    pub matched: Style,
}

impl Theme {
    /// The theme for this environment: plain when `NO_COLOR` is set to anything non-empty
    /// (<https://no-color.org>).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::colour(),
        }
    }

    /// Colours for terminals that have them.
    pub fn colour() -> Theme {
        Theme {
            focused: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            selected: Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            open: Style::new().fg(Color::Cyan),
            dropped: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::CROSSED_OUT),
            dim: Style::new().fg(Color::DarkGray),
            status: Style::new().bg(Color::Black).fg(Color::Gray),
            key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            heading: Style::new().add_modifier(Modifier::BOLD),
            typo: Style::new()
                .underline_color(Color::Yellow)
                .add_modifier(Modifier::UNDERLINED),
            selection: Style::new().bg(Color::Blue).fg(Color::White),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            matched: Style::new().bg(Color::Yellow).fg(Color::Black),
            claims: [Color::Green, Color::Yellow, Color::Red, Color::Gray].map(|c| {
                Style::new()
                    .underline_color(c)
                    .fg(c)
                    .add_modifier(Modifier::UNDERLINED)
            }),
        }
    }

    /// Emphasis only, no colour: bold, reverse, dim and strike carry the meaning.
    pub fn plain() -> Theme {
        Theme {
            focused: Style::new().add_modifier(Modifier::BOLD),
            border: Style::new(),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            open: Style::new().add_modifier(Modifier::BOLD),
            dropped: Style::new().add_modifier(Modifier::CROSSED_OUT | Modifier::DIM),
            dim: Style::new().add_modifier(Modifier::DIM),
            status: Style::new().add_modifier(Modifier::REVERSED),
            key: Style::new().add_modifier(Modifier::BOLD),
            heading: Style::new().add_modifier(Modifier::BOLD),
            typo: Style::new().add_modifier(Modifier::UNDERLINED),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            cursor: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            claims: [Style::new().add_modifier(Modifier::UNDERLINED | Modifier::ITALIC); 4],
            matched: Style::new().add_modifier(Modifier::REVERSED),
        }
    }
}
