//! The reader's whole state, and `update`: the only place it changes.
//!
//! `update` is pure state change; anything that touches the outside world (reading a file) is
//! returned as an [`Effect`] for the shell to carry out, and its result comes back as a [`Msg`].
//! That keeps every behaviour testable by feeding messages to an `App`, no terminal needed.

use std::ops::Range;

use ratatui::layout::Rect;

use super::keymap::{Action, Context};
use super::layout::{self, Screen};
use super::theme::Theme;
use crate::clean::Rule;
use crate::corpus::{Article, Content, Corpus};
use crate::display;
use crate::wrap::{self, Row};

/// Everything that can change the state.
#[derive(Debug)]
pub enum Msg {
    /// A key's action.
    Action(Action),
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// An article finished loading (or failed to).
    Loaded(usize, Result<Box<Article>, String>),
}

/// Work for the shell: things `update` may not do itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Read and clean the article at this index, answer with [`Msg::Loaded`].
    Load(usize),
}

/// Which pane gets the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The article list.
    List,
    /// The open article.
    Reader,
}

/// Wrapped rows of one pane, valid for one width.
#[derive(Debug, Clone, Default)]
pub struct Wrapped {
    /// Width the rows were computed for.
    pub width: usize,
    /// The rows.
    pub rows: Vec<Row>,
    /// Index of the top visible row.
    pub top: usize,
}

impl Wrapped {
    fn ensure(&mut self, text: &str, width: usize) {
        if self.width != width || self.rows.is_empty() {
            // Keep the reader's place: the byte at the top stays at the top.
            let anchor = self.rows.get(self.top).map_or(0, |r| r.start);
            self.rows = wrap::wrap(text, width);
            self.width = width;
            self.top = wrap::row_at(&self.rows, anchor);
        }
    }
}

/// The open article and how it is laid out.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Index in the corpus.
    pub index: usize,
    /// Text, source and map.
    pub article: Article,
    /// Spans of the source dropped by rules, in source-text coordinates, for marking.
    pub dropped: Vec<(Range<usize>, Rule)>,
    /// The cleaned pane.
    pub clean: Wrapped,
    /// The raw pane.
    pub raw: Wrapped,
}

/// One reading session.
#[derive(Debug)]
pub struct App {
    /// The article set.
    pub corpus: Corpus,
    /// Selected article in the list.
    pub selected: usize,
    /// First article shown in the list.
    pub list_top: usize,
    /// Pane with the keys.
    pub focus: Focus,
    /// Help overlay open.
    pub show_help: bool,
    /// On narrow screens, whether the reader shows the raw source instead of cleaned text.
    pub show_raw: bool,
    /// The open article, once loaded.
    pub reader: Option<Reader>,
    /// Current pane rectangles.
    pub screen: Screen,
    /// A one-off message for the status bar, cleared by the next key.
    pub notice: Option<String>,
    /// Styles.
    pub theme: Theme,
    /// Set when the user asked to leave.
    pub quit: bool,
}

impl App {
    /// A fresh session on `corpus`; [`App::start`] gives the effects to run first.
    pub fn new(corpus: Corpus, theme: Theme) -> App {
        let mut skipped = Vec::new();
        if corpus.skipped > 0 {
            skipped.push(format!(
                "{} skipped (not .txt)",
                display::count(corpus.skipped, "other file", "other files")
            ));
        }
        if corpus.unreadable > 0 {
            skipped.push(format!(
                "{} unreadable",
                display::count(corpus.unreadable, "file", "files")
            ));
        }
        App {
            corpus,
            selected: 0,
            list_top: 0,
            focus: Focus::List,
            show_help: false,
            show_raw: false,
            reader: None,
            screen: Screen::default(),
            notice: (!skipped.is_empty()).then(|| skipped.join(", ")),
            theme,
            quit: false,
        }
    }

    /// Effects to run at start-up: open the first article so the screen is never empty.
    pub fn start(&self) -> Vec<Effect> {
        if self.corpus.articles.is_empty() {
            Vec::new()
        } else {
            vec![Effect::Load(0)]
        }
    }

    /// The keymap context for the current state.
    pub fn context(&self) -> Context {
        if self.show_help {
            Context::Help
        } else {
            match self.focus {
                Focus::List => Context::List,
                Focus::Reader => Context::Reader,
            }
        }
    }

    /// Whether the reader currently leads with the raw pane (narrow screen, raw shown).
    pub fn raw_leads(&self) -> bool {
        !self.screen.side_by_side && self.show_raw
    }
}

/// Applies one message; returns the effects the shell must carry out.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize(w, h) => {
            app.screen = layout::screen(Rect::new(0, 0, w, h));
            rewrap(app);
            keep_selection_visible(app);
            Vec::new()
        }
        Msg::Loaded(index, Ok(article)) => {
            let dropped = article.cleaned.dropped_in_source();
            // Keep an earlier notice (files skipped at start-up) unless this one matters more.
            if let Some(notice) = load_notice(&article) {
                app.notice = Some(notice);
            }
            app.reader = Some(Reader {
                index,
                article: *article,
                dropped,
                clean: Wrapped::default(),
                raw: Wrapped::default(),
            });
            rewrap(app);
            Vec::new()
        }
        Msg::Loaded(_, Err(message)) => {
            app.notice = Some(message);
            Vec::new()
        }
        Msg::Action(action) => {
            app.notice = None;
            act(app, action)
        }
    }
}

/// A warning worth showing when an article opens.
fn load_notice(article: &Article) -> Option<String> {
    match article.meta.content {
        Content::Binary => Some("binary file: control bytes shown as placeholders".into()),
        Content::Empty => Some("empty file".into()),
        Content::Text => match article.cleaned.source.replacement_count() {
            0 => None,
            n => Some(format!("not valid UTF-8: {n} invalid byte runs shown as �")),
        },
    }
}

fn act(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => app.quit = true,
        Action::ToggleHelp => app.show_help = !app.show_help,
        Action::FocusNext => {
            app.focus = match app.focus {
                Focus::List if app.reader.is_some() => Focus::Reader,
                _ => Focus::List,
            }
        }
        Action::FocusList => app.focus = Focus::List,
        Action::ToggleRaw => {
            app.show_raw = !app.show_raw;
            sync_follower(app);
        }
        Action::Open => {
            app.focus = Focus::Reader;
            if app.reader.as_ref().map(|r| r.index) != Some(app.selected)
                && app.selected < app.corpus.articles.len()
            {
                return vec![Effect::Load(app.selected)];
            }
        }
        motion => match app.focus {
            Focus::List => move_selection(app, motion),
            Focus::Reader => scroll_reader(app, motion),
        },
    }
    Vec::new()
}

/// Rows a motion moves for a view `height` rows tall.
fn motion_delta(action: Action, height: usize, len: usize) -> isize {
    let h = height.max(1) as isize;
    match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::HalfPageDown => (h / 2).max(1),
        Action::HalfPageUp => -(h / 2).max(1),
        Action::PageDown => (h - 1).max(1),
        Action::PageUp => -(h - 1).max(1),
        Action::Top => -(len as isize),
        Action::Bottom => len as isize,
        _ => 0,
    }
}

fn list_height(app: &App) -> usize {
    layout::inner(app.screen.list).height as usize
}

fn move_selection(app: &mut App, action: Action) {
    let len = app.corpus.articles.len();
    if len == 0 {
        return;
    }
    let delta = motion_delta(action, list_height(app), len);
    app.selected = (app.selected as isize + delta).clamp(0, len as isize - 1) as usize;
    keep_selection_visible(app);
}

fn keep_selection_visible(app: &mut App) {
    let height = list_height(app).max(1);
    if app.selected < app.list_top {
        app.list_top = app.selected;
    } else if app.selected >= app.list_top + height {
        app.list_top = app.selected + 1 - height;
    }
    let max_top = app.corpus.articles.len().saturating_sub(height);
    app.list_top = app.list_top.min(max_top);
}

/// Height of the reader panes' text area.
fn reader_height(app: &App) -> usize {
    layout::inner(app.screen.clean).height as usize
}

fn scroll_reader(app: &mut App, action: Action) {
    let height = reader_height(app);
    let raw_leads = app.raw_leads();
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let lead = if raw_leads {
        &mut reader.raw
    } else {
        &mut reader.clean
    };
    let max_top = lead.rows.len().saturating_sub(height);
    let delta = motion_delta(action, height, lead.rows.len());
    lead.top = (lead.top as isize + delta).clamp(0, max_top as isize) as usize;
    sync_follower(app);
}

/// Scrolls the pane that is not leading so it shows the raw position of the leading pane's top
/// row, through the offset map.
fn sync_follower(app: &mut App) {
    let height = reader_height(app);
    let raw_leads = app.raw_leads();
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let cleaned = &reader.article.cleaned;
    let lead = if raw_leads {
        &reader.raw
    } else {
        &reader.clean
    };
    let (lead_top, lead_max) = (lead.top, lead.rows.len().saturating_sub(height));
    let (follower, offset) = if raw_leads {
        let decoded = reader.raw.rows.get(reader.raw.top).map_or(0, |r| r.start);
        let clean = cleaned.to_clean(cleaned.source.to_raw(decoded));
        (&mut reader.clean, clean)
    } else {
        let clean = reader
            .clean
            .rows
            .get(reader.clean.top)
            .map_or(0, |r| r.start);
        let decoded = cleaned.source.to_decoded(cleaned.map.to_raw(clean));
        (&mut reader.raw, decoded)
    };
    let max_top = follower.rows.len().saturating_sub(height);
    // At either end, show the follower's end too, so text dropped before the first or after
    // the last kept line (dividers, comment forms) is seen.
    follower.top = if lead_top == 0 {
        0
    } else if lead_top >= lead_max {
        max_top
    } else {
        wrap::row_at(&follower.rows, offset).min(max_top)
    };
}

/// Re-wraps the open article for the current pane widths (a no-op when they did not change).
fn rewrap(app: &mut App) {
    if app.screen.too_small {
        return;
    }
    let clean_width = layout::inner(app.screen.clean).width as usize;
    let raw_width = layout::inner(app.screen.raw).width as usize;
    let raw_leads = app.raw_leads();
    if let Some(reader) = app.reader.as_mut() {
        reader
            .clean
            .ensure(&reader.article.cleaned.text, clean_width);
        reader
            .raw
            .ensure(reader.article.cleaned.source.text(), raw_width);
        let height = layout::inner(app.screen.clean).height as usize;
        let lead = if raw_leads {
            &mut reader.raw
        } else {
            &mut reader.clean
        };
        lead.top = lead.top.min(lead.rows.len().saturating_sub(height));
    }
    sync_follower(app);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus;

    fn app_with(texts: &[&str]) -> (tempfile::TempDir, App) {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (i, t) in texts.iter().enumerate() {
            std::fs::write(tmp.path().join(format!("{i:03}.txt")), t)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let c = corpus::open(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
        let app = App::new(c, Theme::plain());
        (tmp, app)
    }

    /// Runs a message and the effects it causes, the way the shell does.
    fn send(app: &mut App, msg: Msg) {
        for effect in update(app, msg) {
            let msg = crate::tui::perform(app, effect);
            send(app, msg);
        }
    }

    #[test]
    fn starts_on_the_first_article_with_the_list_focused() {
        let (_tmp, mut app) = app_with(&["First\n\nbody", "Second\n\nbody"]);
        send(&mut app, Msg::Resize(120, 40));
        for e in app.start() {
            let m = crate::tui::perform(&app, e);
            send(&mut app, m);
        }
        assert_eq!(app.reader.as_ref().map(|r| r.index), Some(0));
        assert_eq!(app.focus, Focus::List);
        send(&mut app, Msg::Action(Action::Down));
        send(&mut app, Msg::Action(Action::Open));
        assert_eq!(app.reader.as_ref().map(|r| r.index), Some(1));
        assert_eq!(app.focus, Focus::Reader);
    }

    #[test]
    fn raw_pane_follows_the_cleaned_pane_through_the_map() {
        // Lots of dropped lines between paragraphs, so raw rows run ahead of cleaned rows.
        let mut text = String::new();
        for i in 0..60 {
            text.push_str(&format!("Paragraph {i} of the story.\n< / ul >\n. . . .\n"));
        }
        let (_tmp, mut app) = app_with(&[&text]);
        send(&mut app, Msg::Resize(120, 20));
        send(&mut app, Msg::Action(Action::Open));
        for _ in 0..10 {
            send(&mut app, Msg::Action(Action::Down));
        }
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        assert_eq!(r.clean.top, 10);
        let clean_line = &r.article.cleaned.text[r.clean.rows[10].start..r.clean.rows[10].end];
        let raw_line = &r.article.cleaned.source.text()
            [r.raw.rows[r.raw.top].start..r.raw.rows[r.raw.top].end];
        assert_eq!(clean_line, "Paragraph 10 of the story.");
        assert_eq!(
            raw_line, clean_line,
            "raw pane shows the same paragraph at its top"
        );
    }

    #[test]
    fn scrolling_is_clamped_and_survives_resizes() {
        let text = "word ".repeat(2000);
        let (_tmp, mut app) = app_with(&[&text]);
        send(&mut app, Msg::Resize(120, 30));
        send(&mut app, Msg::Action(Action::Open));
        send(&mut app, Msg::Action(Action::Bottom));
        let rows = app.reader.as_ref().map_or(0, |r| r.clean.rows.len());
        let top = app.reader.as_ref().map_or(0, |r| r.clean.top);
        assert_eq!(top, rows - 27, "last row at the bottom of a 27-row pane");
        send(&mut app, Msg::Resize(80, 24));
        send(&mut app, Msg::Resize(10, 5));
        send(&mut app, Msg::Resize(200, 60));
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        assert!(r.clean.top < r.clean.rows.len());
        send(&mut app, Msg::Action(Action::Top));
        assert_eq!(app.reader.as_ref().map(|r| r.clean.top), Some(0));
    }

    #[test]
    fn narrow_screens_toggle_and_raw_leads() {
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&format!("Line {i}\n\n\n< / li >\n"));
        }
        let (_tmp, mut app) = app_with(&[&text]);
        send(&mut app, Msg::Resize(80, 24));
        send(&mut app, Msg::Action(Action::Open));
        send(&mut app, Msg::Action(Action::ToggleRaw));
        assert!(app.raw_leads());
        for _ in 0..8 {
            send(&mut app, Msg::Action(Action::Down));
        }
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        assert_eq!(r.raw.top, 8);
        // Raw row 8 is "Line 2"; the cleaned pane follows to the same line.
        let clean_row = r.clean.rows[r.clean.top];
        assert_eq!(
            &r.article.cleaned.text[clean_row.start..clean_row.end],
            "Line 2"
        );
    }

    #[test]
    fn help_takes_keys_and_notices_clear() {
        let (_tmp, mut app) = app_with(&["a", "b"]);
        app.notice = Some("hello".into());
        send(&mut app, Msg::Action(Action::ToggleHelp));
        assert!(app.show_help && app.notice.is_none());
        assert_eq!(app.context(), Context::Help);
        send(&mut app, Msg::Action(Action::ToggleHelp));
        assert!(!app.show_help);
        send(&mut app, Msg::Action(Action::Quit));
        assert!(app.quit);
    }

    #[test]
    fn skipped_files_are_reported_once_at_start() {
        let (tmp, _) = app_with(&["Story\n\nBody text here."]);
        std::fs::write(tmp.path().join("page.html"), "<p>x</p>").unwrap_or_else(|e| panic!("{e}"));
        let c = corpus::open(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
        let mut app = App::new(c, Theme::plain());
        send(&mut app, Msg::Resize(100, 30));
        for e in app.start() {
            let m = crate::tui::perform(&app, e);
            send(&mut app, m);
        }
        assert!(app.reader.is_some());
        assert_eq!(
            app.notice.as_deref(),
            Some("1 other file skipped (not .txt)")
        );
        send(&mut app, Msg::Action(Action::Down));
        assert_eq!(app.notice, None, "shown once, gone at the next key");
    }

    #[test]
    fn a_failed_load_is_reported_and_keeps_the_app_running() {
        let (_tmp, mut app) = app_with(&["a"]);
        send(
            &mut app,
            Msg::Loaded(0, Err("x.txt: Permission denied".into())),
        );
        assert_eq!(app.notice.as_deref(), Some("x.txt: Permission denied"));
        assert!(app.reader.is_none() && !app.quit);
    }
}
