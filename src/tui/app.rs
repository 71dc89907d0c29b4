//! The reader's whole state, and `update`: the only place it changes.
//!
//! `update` is pure state change; anything that touches the outside world (reading a file) is
//! returned as an [`Effect`] for the shell to carry out, and its result comes back as a [`Msg`].
//! That keeps every behaviour testable by feeding messages to an `App`, no terminal needed.

use std::collections::HashMap;
use std::ops::Range;

use ratatui::layout::Rect;

use super::keymap::{self, Action, Context};
use super::layout::{self, Screen};
use super::theme::Theme;
use crate::claims::{AnchorState, Claim, ReviewStatus, Sidecar};
use crate::clean::Rule;
use crate::corpus::{Article, Content, Corpus};
use crate::display;
use crate::wrap;
use unicode_segmentation::UnicodeSegmentation;

/// Everything that can change the state.
#[derive(Debug)]
pub enum Msg {
    /// A key's action.
    Action(Action),
    /// Mouse capture was switched, or why it could not be.
    MouseSet(Result<(), String>),
    /// A mouse button or wheel at a cell of the screen (only while mouse selection is on).
    Mouse(MouseAction, u16, u16),
    /// A key typed as text: into the claim form's focused field, or the prompt.
    TextInput(ratatui_textarea::Input),
    /// Text went to the clipboard (how many characters), or why it could not.
    Copied(Result<usize, String>),
    /// The sidecar of the article at this index was saved: where, and what it holds now (the
    /// claims in memory merged with what other processes saved); or why not.
    Saved(usize, Result<(std::path::PathBuf, Sidecar), String>),
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// The head of a large article, cleaned alone, to draw while the whole of it loads (see
    /// [`Effect::Preview`]).
    Preview(usize, Result<Box<Article>, String>),
    /// An article finished loading (or failed to), with its raw pane's rows when they were
    /// wrapped while it was cleaned: the width they are for, and the rows.
    Loaded(
        usize,
        Result<Box<Article>, String>,
        Option<(usize, wrap::Rows)>,
    ),
    /// The review status and claims of every article that has a readable sidecar, by index.
    ClaimsScanned(Vec<(usize, Review)>),
    /// Articles described from their heads (title, language, info), by index: the list fills
    /// in behind the first frame. `true` when it was the last batch.
    Described(Vec<(usize, crate::corpus::ArticleMeta)>, bool),
    /// The corpus search with this generation found more; `Some` when it ended, `true` if it
    /// went through the whole corpus.
    CorpusFound(u64, crate::search::Progress, Option<bool>),
    /// An export was written: where, how many claims, in what format, and its warnings; or why
    /// it could not be.
    Exported(Result<Exported, String>),
    /// The suspected typos of the article at this index: where, and the word probably meant.
    Typos(usize, Vec<(Range<usize>, String)>),
    /// The claims of an article were read: none yet, its sidecar, or why it cannot be read.
    ClaimsLoaded(usize, Result<Option<(std::path::PathBuf, Sidecar)>, String>),
}

/// Work for the shell: things `update` may not do itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Read and clean the article at this index, answer with [`Msg::Loaded`].
    Load(usize),
    /// Read and clean the head of the large article at this index, answer with
    /// [`Msg::Preview`]: its first screen is drawn while the whole article is cleaned, which
    /// for 50 MB takes half a second. Always followed by [`Effect::Load`] of the same index.
    Preview(usize),
    /// Look for suspected typos in the open article, answering with [`Msg::Typos`]: after its
    /// first frame, which a large article should not wait for.
    FindTypos(usize),
    /// Read the sidecar of the article at this index, answer with [`Msg::ClaimsLoaded`].
    LoadClaims(usize),
    /// Write the open article's sidecar as it is in memory, merged with what is on disk (see
    /// [`super::saving`]); answer with [`Msg::Saved`].
    SaveClaims(usize),
    /// Put this text on the clipboard of the reviewer's own terminal (OSC 52, which reaches
    /// it over SSH); answer with [`Msg::Copied`].
    Copy(String),
    /// Capture the mouse (true) or give it back to the terminal (false).
    SetMouse(bool),
    /// Search every article for this text (smart case), reporting with
    /// [`Msg::CorpusFound`] under this generation. The shell runs it on another thread.
    SearchCorpus(u64, String),
    /// Stop the corpus search with this generation.
    CancelSearch(u64),
    /// Export the claims this query keeps in this format to a new file; answer with
    /// [`Msg::Exported`].
    Export(crate::export::Format, String),
    /// Read the head of every article not described yet, for the list, answering with
    /// [`Msg::Described`] in batches. The shell runs it on another thread.
    Describe,
    /// Read the sidecar of every article, for the list's counts, tag completion and the claim
    /// board; answer with [`Msg::ClaimsScanned`]. Reads sidecars only, never the articles.
    ScanClaims,
}

/// What the corpus knows of one article's review without opening it: read from its sidecar
/// at start-up, and kept up to date as the open article's claims are saved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    /// How far the review has come.
    pub status: ReviewStatus,
    /// The claims, in file order.
    pub claims: Vec<Claim>,
    /// Ids of the claims a merge or an import left in conflict.
    pub conflicts: Vec<String>,
}

impl Review {
    /// What the corpus keeps of a sidecar.
    pub fn of(sidecar: &Sidecar) -> Review {
        Review {
            status: sidecar.status,
            claims: sidecar.claims.clone(),
            conflicts: sidecar.conflicts.iter().map(|c| c.id.clone()).collect(),
        }
    }
}

/// What the one-line prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `/`: text to find in the open article.
    Search,
    /// `f`: what the article list keeps.
    Filter,
    /// `/` on the claim board: the claims it keeps, in the claim query language.
    Query,
    /// `F`, or `/` in the list: text to find in every article.
    SearchAll,
}

/// An export the reader wrote, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The file written.
    pub path: std::path::PathBuf,
    /// How many claims it holds.
    pub claims: usize,
    /// Its format.
    pub format: crate::export::Format,
    /// What it left out and why.
    pub warnings: Vec<String>,
}

/// Where the cursor goes once an article opens: chosen on the claim board or in the corpus
/// search's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jump {
    /// On the claim with this id.
    Claim(String),
    /// On this match of the corpus search (a cleaned-text range), with the search carried
    /// into the article so `n`/`N` go on from there.
    Match(Range<usize>, String),
}

/// What the mouse did, as the reader cares about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseAction {
    /// The left button went down: the cursor goes there, a selection under way ends.
    Press,
    /// Moved with the left button down: the selection runs from the press to here.
    Drag,
    /// The wheel, towards the end of the article.
    ScrollDown,
    /// The wheel, towards its start.
    ScrollUp,
}

/// The fields of the claim form, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    /// Credibility of the information: a key of the scale picks a level.
    Credibility,
    /// Reliability of the source.
    Reliability,
    /// Evidence, one per line: `URL or citation :: what it shows`.
    Sources,
    /// Tags, separated by spaces or commas.
    Tags,
    /// The claim in a few words, for exports that want one shorter than the quote
    /// (ClaimReview's `claimReviewed`).
    Summary,
    /// The reviewer's note.
    Note,
}

impl ClaimForm {
    /// Everything the reviewer can change, to tell a real change from one taken back.
    pub fn contents(&self) -> Vec<String> {
        let mut all = vec![
            self.credibility.clone().unwrap_or_default(),
            self.reliability.clone().unwrap_or_default(),
        ];
        for area in [&self.sources, &self.tags, &self.summary, &self.note] {
            all.push(area.lines().join("\n"));
        }
        all
    }

    /// Whether leaving would lose something: the form differs from what it opened with.
    pub fn changed(&self) -> bool {
        self.dirty && self.contents() != self.opened
    }

    /// The text area of the field with the keys, if it is one (the ratings are not).
    fn text_area_mut(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        match self.field {
            FormField::Sources => Some(&mut self.sources),
            FormField::Tags => Some(&mut self.tags),
            FormField::Summary => Some(&mut self.summary),
            FormField::Note => Some(&mut self.note),
            FormField::Credibility | FormField::Reliability => None,
        }
    }
}

impl FormField {
    const ORDER: [FormField; 6] = [
        FormField::Credibility,
        FormField::Reliability,
        FormField::Sources,
        FormField::Tags,
        FormField::Summary,
        FormField::Note,
    ];

    fn step(self, by: isize) -> FormField {
        let i = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0) as isize;
        let n = Self::ORDER.len() as isize;
        Self::ORDER[((i + by).rem_euclid(n)) as usize]
    }
}

/// The claim being tagged or edited: what the form shows and the reviewer changes.
#[derive(Debug, Clone)]
pub struct ClaimForm {
    /// The claim's raw bytes.
    pub raw: Range<usize>,
    /// The claim as the cleaned text reads.
    pub quote: String,
    /// The id of the claim being edited; `None` for a new one.
    pub editing: Option<String>,
    /// The credibility level's key, once picked.
    pub credibility: Option<String>,
    /// The reliability level's key, once picked.
    pub reliability: Option<String>,
    /// Sources, one per line.
    pub sources: ratatui_textarea::TextArea<'static>,
    /// Tags.
    pub tags: ratatui_textarea::TextArea<'static>,
    /// The optional short summary.
    pub summary: ratatui_textarea::TextArea<'static>,
    /// The note.
    pub note: ratatui_textarea::TextArea<'static>,
    /// The field with the keys.
    pub field: FormField,
    /// Something was typed or picked since the form opened.
    pub dirty: bool,
    /// What the form held when it opened (see [`ClaimForm::contents`]): typing a letter and
    /// taking it back is no change to ask about.
    pub opened: Vec<String>,
    /// Esc was pressed once with changes: a second Esc discards them.
    pub confirm_cancel: bool,
}

/// Which pane gets the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The article list.
    List,
    /// The open article.
    Reader,
}

/// Wrapped rows of one pane, valid for one width, and where the pane is scrolled to.
///
/// The place is kept as a byte offset (`anchor`), not a row number, so it survives re-wrapping
/// at another width and being clamped on a short terminal: `top` is derived from it.
#[derive(Debug, Clone, Default)]
pub struct Wrapped {
    /// Width the rows were computed for.
    pub width: usize,
    /// The rows.
    pub rows: wrap::Rows,
    /// Index of the top visible row.
    pub top: usize,
    /// Byte offset the reader scrolled to: the top row is the one holding it.
    pub anchor: usize,
}

impl Wrapped {
    /// Re-wraps (with `wrap`, given the width) if the width changed, then places `top` for a
    /// pane `height` rows tall.
    fn ensure(&mut self, width: usize, height: usize, wrap: impl FnOnce(usize) -> wrap::Rows) {
        if self.width != width || self.rows.is_empty() {
            self.rows = wrap(width);
            self.width = width;
        }
        self.place(height);
    }

    /// Puts the row holding the anchor at the top, as far as the pane can scroll.
    fn place(&mut self, height: usize) {
        self.top = self.rows.row_at(self.anchor).min(self.max_top(height));
    }

    /// Scrolls by `delta` rows; the new top becomes the anchor.
    fn scroll(&mut self, delta: isize, height: usize) {
        let top = (self.top as isize + delta).clamp(0, self.max_top(height) as isize) as usize;
        self.top = top;
        self.anchor = self.rows.get(top).map_or(0, |r| r.start());
    }

    /// The bytes the pane shows in its `height` rows from the top: what the status bar may
    /// speak of. `None` when it shows nothing.
    fn visible_bytes(&self, height: usize) -> Option<Range<usize>> {
        let first = self.rows.get(self.top)?;
        let last = self.rows.window(self.top, height).last()?;
        Some(first.start()..last.end())
    }

    fn max_top(&self, height: usize) -> usize {
        self.rows.len().saturating_sub(height)
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
    /// Tables of the cleaned text, laid out by the cleaned pane.
    pub tables: Vec<crate::table::Table>,
    /// Suspected typos in the cleaned text, with the word probably meant, for marking.
    pub typos: Vec<(Range<usize>, String)>,
    /// The cleaned pane.
    pub clean: Wrapped,
    /// The raw pane.
    pub raw: Wrapped,
    /// The cursor in the cleaned text: a byte offset on a character boundary.
    pub cursor: usize,
    /// Where the selection under way started (`v`); the cursor is its other end.
    pub mark: Option<usize>,
    /// The article's claims and where each is now, once its sidecar was read.
    pub claims: Vec<PlacedClaim>,
    /// The sidecar they came from, and its path; `None` until read or when there is none.
    pub sidecar: Option<(std::path::PathBuf, Sidecar)>,
    /// Earlier states of the claims, for `u`, and undone ones, for Ctrl-r: this session's.
    pub undo: Vec<UndoState>,
    /// States undone, most recent last.
    pub redo: Vec<UndoState>,
    /// The claim `d` was pressed on once; a second `d` deletes it.
    pub pending_delete: Option<String>,
    /// The last search: what was looked for, where it was found, which match is current.
    pub search: Option<Search>,
    /// The base of the next save, whether the last one failed, whether the claims are
    /// read-only: what keeps a reviewer's work from being lost.
    pub saving: super::saving::SaveState,
    /// Whether this is the head of a large article drawn while the whole of it loads: its
    /// place is not remembered and it is replaced as soon as the article is in.
    pub preview: bool,
}

/// A search in the open article.
#[derive(Debug, Clone)]
pub struct Search {
    /// What was typed.
    pub query: String,
    /// Every match in the cleaned text, in order.
    pub matches: Vec<Range<usize>>,
    /// The same matches in the raw pane (decoded-text offsets), mapped once when found.
    pub raw: Vec<Range<usize>>,
    /// The match the cursor went to.
    pub current: usize,
}

/// What `u` restores: the claims and the review status as they were, and what the change was.
#[derive(Debug, Clone)]
pub struct UndoState {
    /// The claims.
    pub claims: Vec<Claim>,
    /// The other versions of claims in conflict (see [`Sidecar::conflicts`]), so undoing a
    /// resolution brings them back.
    pub conflicts: Vec<Claim>,
    /// The review status.
    pub status: ReviewStatus,
    /// The change that followed this state, for the status bar (`added a claim`).
    pub change: &'static str,
}

/// A claim and where it sits in this article as it is now.
#[derive(Debug, Clone)]
pub struct PlacedClaim {
    /// The claim as saved.
    pub claim: Claim,
    /// How well its anchor matched.
    pub state: AnchorState,
    /// Its text in the cleaned pane, if found.
    pub clean: Option<Range<usize>>,
    /// Its text in the raw pane (decoded-text offsets), if found.
    pub raw: Option<Range<usize>>,
}

impl Reader {
    /// The selected cleaned text: from the mark to the cursor, both characters included.
    pub fn selection(&self) -> Option<Range<usize>> {
        let text = &self.article.cleaned.text;
        let mark = self.mark?;
        let (from, to) = (mark.min(self.cursor), mark.max(self.cursor));
        Some(from..crate::motion::next_char(text, to))
    }

    /// The other versions of the claim `id` that a merge left in conflict: empty for a claim
    /// not in conflict. The claims list, gutter and status bar mark a claim that has some.
    pub fn other_versions(&self, id: &str) -> Vec<&Claim> {
        self.sidecar
            .as_ref()
            .map(|(_, s)| s.conflicts.iter().filter(|c| c.id == id).collect())
            .unwrap_or_default()
    }

    /// The innermost claim under the cursor, for the status bar.
    pub fn claim_at_cursor(&self) -> Option<&PlacedClaim> {
        self.claims
            .iter()
            .filter(|c| c.clean.as_ref().is_some_and(|r| r.contains(&self.cursor)))
            .min_by_key(|c| c.clean.as_ref().map_or(usize::MAX, |r| r.len()))
    }

    /// The raw ranges (decoded-text offsets, as the raw pane shows them) behind the
    /// selection, for highlighting it there too.
    pub fn selection_in_source(&self) -> Option<Range<usize>> {
        let cleaned = &self.article.cleaned;
        let span = cleaned.map.to_raw_span(self.selection()?);
        Some(cleaned.source.to_decoded(span.start)..cleaned.source.to_decoded(span.end))
    }

    /// The suspected typos in the cleaned pane's `height` visible rows, as `teh → the`: the
    /// status bar says what the underline in the text means.
    pub fn typos_in_view(&self, height: usize) -> Vec<String> {
        let Some(shown) = self.clean.visible_bytes(height) else {
            return Vec::new();
        };
        let first = self.typos.partition_point(|(r, _)| r.end <= shown.start);
        let text = &self.article.cleaned.text;
        self.typos[first..]
            .iter()
            .take_while(|(r, _)| r.start < shown.end)
            .map(|(r, meant)| format!("{} → {meant}", text.get(r.clone()).unwrap_or("")))
            .collect()
    }

    /// The rules that dropped the text struck in the raw pane's `height` visible rows, in
    /// order and without repeats: what the status bar tells a reviewer wondering why.
    pub fn rules_in_view(&self, height: usize) -> Vec<Rule> {
        let Some(shown) = self.raw.visible_bytes(height) else {
            return Vec::new();
        };
        let first = self.dropped.partition_point(|(r, _)| r.end <= shown.start);
        crate::clean::distinct_rules(
            self.dropped[first..]
                .iter()
                .take_while(|(range, _)| range.start < shown.end)
                .map(|(_, rule)| *rule),
        )
    }
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
    /// First line of the help shown, when it is too long for the screen.
    pub help_top: usize,
    /// The raw pane leads scrolling (and, on narrow screens, is the one shown).
    pub show_raw: bool,
    /// The open article, once loaded.
    pub reader: Option<Reader>,
    /// The article that was open when a large one's head replaced it, until the whole of that
    /// one is in: shown again if it cannot be read.
    pub before_preview: Option<Box<Reader>>,
    /// The article being loaded, for the status bar.
    pub loading: Option<usize>,
    /// Where each article visited was scrolled to (cleaned-text byte offset), so going back
    /// to one returns to the same place.
    pub positions: HashMap<usize, usize>,
    /// Current pane rectangles.
    pub screen: Screen,
    /// A one-off message for the status bar, cleared by the next key.
    pub notice: Option<String>,
    /// Styles.
    pub theme: Theme,
    /// Set when the user asked to leave.
    pub quit: bool,
    /// The claim form, while open.
    pub form: Option<ClaimForm>,
    /// The rating scales the form offers.
    pub scales: crate::claims::scale::Scales,
    /// Who the claims saved in this session are by.
    pub author: String,
    /// Review status and claims of the articles that have sidecars, by index: what the list
    /// counts and the claim board shows without opening any article.
    pub reviews: HashMap<usize, Review>,
    /// The claims list, while open: the selected claim's index in the reader's claims.
    pub claims_list: Option<usize>,
    /// The one-line prompt at the bottom, while open: what it is for and what is typed.
    pub prompt: Option<(PromptKind, String)>,
    /// The filter in force over the article list (empty: none).
    pub filter: String,
    /// The articles the list shows, by index, in order: all of them, or those the filter
    /// keeps. The cursor and the list's scroll position move over this.
    pub shown: Vec<usize>,
    /// Every tag used in the corpus, for completing tags in the form.
    pub known_tags: std::collections::BTreeSet<String>,
    /// The keys in force: the defaults and the config's overrides.
    pub keymap: keymap::Keymap,
    /// Mouse selection is on (the terminal's mouse is captured).
    pub mouse: bool,
    /// The claim board, while open.
    pub board: Option<super::board::Board>,
    /// How the board was left, to open it the same way again.
    pub board_view: Option<super::board::BoardView>,
    /// Where to put the cursor once the article being loaded (by index) is open.
    pub jump: Option<(usize, Jump)>,
    /// The corpus search's results, while open.
    pub results: Option<super::results::Results>,
    /// The last corpus search's results, put aside when a match was opened or the list was
    /// closed; the search may still be running. `F` and Enter on the same text bring them
    /// back, so a reviewer can work through the matches one by one.
    pub parked_results: Option<super::results::Results>,
    /// The last corpus search's generation: each new search counts one up.
    pub generation: u64,
    /// The export picker, while open: the query the export keeps to (the board's, or none).
    pub export_pick: Option<String>,
    /// Where exports from the reader go: the folder claimmark was started in, unless set.
    pub export_dir: Option<std::path::PathBuf>,
    /// While titles are being read behind the first frame: how many so far, of how many.
    pub describing: Option<(usize, usize)>,
    /// Set when leaving (quit, another article) was held back because the claims are not
    /// saved: what repeating the key does. The next key clears it; repeated, it leaves.
    pub leave_hint: Option<&'static str>,
}

impl App {
    /// A fresh session on `corpus`; [`App::start`] gives the effects to run first.
    pub fn new(corpus: Corpus, theme: Theme) -> App {
        let shown = (0..corpus.articles.len()).collect();
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
            help_top: 0,
            show_raw: false,
            reader: None,
            before_preview: None,
            loading: None,
            positions: HashMap::new(),
            screen: Screen::default(),
            notice: (!skipped.is_empty()).then(|| skipped.join(", ")),
            theme,
            quit: false,
            form: None,
            scales: crate::claims::scale::Scales::default(),
            author: crate::claims::default_author(),
            reviews: HashMap::new(),
            claims_list: None,
            known_tags: std::collections::BTreeSet::new(),
            prompt: None,
            filter: String::new(),
            shown,
            keymap: keymap::Keymap::default(),
            mouse: false,
            board: None,
            board_view: None,
            jump: None,
            results: None,
            parked_results: None,
            generation: 0,
            export_pick: None,
            export_dir: None,
            describing: None,
            leave_hint: None,
        }
    }

    /// Effects to run at start-up: open the first article so the screen is never empty.
    pub fn start(&mut self) -> Vec<Effect> {
        if self.corpus.articles.is_empty() {
            Vec::new()
        } else {
            self.loading = Some(0);
            let mut effects = load_effects(self, 0);
            effects.push(Effect::ScanClaims);
            let pending = self.corpus.articles.iter().filter(|m| !m.described).count();
            if pending > 0 {
                self.describing = Some((0, pending));
                effects.push(Effect::Describe);
            }
            effects
        }
    }

    /// The keymap context for the current state.
    pub fn context(&self) -> Context {
        if self.show_help {
            Context::Help
        } else if self.form.is_some() {
            Context::Form
        } else if self.claims_list.is_some() {
            Context::Claims
        } else if self.prompt.is_some() {
            Context::Search
        } else if self.export_pick.is_some() {
            Context::Export
        } else if self.results.is_some() {
            Context::Results
        } else if self.board.is_some() {
            Context::Board
        } else {
            match self.focus {
                Focus::List => Context::List,
                Focus::Reader => Context::Reader,
            }
        }
    }

    /// Whether the raw pane leads: it scrolls and the cleaned pane follows.
    pub fn raw_leads(&self) -> bool {
        self.show_raw
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
        Msg::Preview(index, Ok(article)) => {
            if app.loading == Some(index) {
                open_reader(app, index, *article, None, true);
            }
            Vec::new()
        }
        // The whole article follows, and says why if it cannot be read.
        Msg::Preview(_, Err(_)) => Vec::new(),
        // Another article was asked for (and maybe opened) while this one loaded behind its
        // head.
        Msg::Loaded(index, ..) if app.loading != Some(index) => Vec::new(),
        Msg::Loaded(index, Ok(article), raw_rows) => {
            app.loading = None;
            // The reason keys waited is gone.
            if app.notice == Some(still_loading(&article.meta.name)) {
                app.notice = None;
            }
            // Keep an earlier notice (files skipped at start-up) unless this one matters more.
            if let Some(notice) = load_notice(&article) {
                app.notice = Some(notice);
            }
            open_reader(app, index, *article, raw_rows, false);
            if let Some((_, Jump::Match(at, query))) = app
                .jump
                .take_if(|(at, j)| *at == index && matches!(j, Jump::Match(..)))
            {
                go_to_match(app, index, at, query);
            }
            vec![Effect::LoadClaims(index), Effect::FindTypos(index)]
        }
        Msg::Copied(result) => {
            app.notice = Some(match result {
                Ok(n) => format!("copied {}", display::count(n, "character", "characters")),
                Err(e) => format!("not copied: {e}"),
            });
            Vec::new()
        }
        Msg::ClaimsScanned(found) => {
            for (index, review) in found {
                app.known_tags
                    .extend(review.claims.iter().flat_map(|c| c.tags.iter().cloned()));
                // An article opened or saved since has newer claims than the scan read.
                app.reviews.entry(index).or_insert(review);
            }
            if !app.filter.is_empty() {
                let filter = app.filter.clone();
                apply_filter(app, &filter);
            }
            Vec::new()
        }
        Msg::Described(batch, last) => {
            let n = batch.len();
            for (index, meta) in batch {
                if let Some(slot) = app.corpus.articles.get_mut(index)
                    && !slot.described
                {
                    *slot = meta;
                }
            }
            app.describing = match (app.describing, last) {
                (_, true) | (None, _) => None,
                (Some((done, total)), false) => Some((done + n, total)),
            };
            if !app.filter.is_empty() {
                let filter = app.filter.clone();
                apply_filter(app, &filter);
            }
            Vec::new()
        }
        Msg::Typos(index, typos) => {
            if let Some(reader) = app.reader.as_mut().filter(|r| r.index == index) {
                reader.typos = typos;
            }
            Vec::new()
        }
        Msg::CorpusFound(generation, progress, finished) => {
            if let Some(results) = app
                .results
                .as_mut()
                .into_iter()
                .chain(app.parked_results.as_mut())
                .find(|r| r.generation == generation)
            {
                results.add(progress, finished);
            }
            Vec::new()
        }
        Msg::Exported(Ok(done)) => {
            let mut notice = format!(
                "exported {} ({}) to {}",
                display::count(done.claims, "claim", "claims"),
                done.format.name(),
                display::sanitize(&done.path.display().to_string())
            );
            if let Some(first) = done.warnings.first() {
                notice.push_str(&format!(
                    " · {}: {}",
                    display::count(done.warnings.len(), "warning", "warnings"),
                    display::sanitize(first)
                ));
            }
            app.notice = Some(notice);
            Vec::new()
        }
        Msg::Exported(Err(message)) => {
            app.notice = Some(format!("not exported: {}", display::sanitize(&message)));
            Vec::new()
        }
        Msg::ClaimsLoaded(index, result) => {
            let Some(reader) = app.reader.as_mut().filter(|r| r.index == index) else {
                return Vec::new();
            };
            match result {
                Ok(Some((path, sidecar))) => {
                    reader.claims = place_claims(&reader.article, &sidecar);
                    let lost = reader
                        .claims
                        .iter()
                        .filter(|c| {
                            matches!(
                                c.state,
                                AnchorState::Orphaned | AnchorState::NeedsReview { .. }
                            )
                        })
                        .count();
                    let mut notices = Vec::new();
                    if lost > 0 {
                        notices.push(format!(
                            "{} to review: the article changed since {} saved",
                            display::count(lost, "claim", "claims"),
                            if lost == 1 { "it was" } else { "they were" }
                        ));
                    }
                    app.reviews.insert(index, Review::of(&sidecar));
                    let conflicted = sidecar.conflicted();
                    if conflicted > 0 {
                        let first = if app.focus == Focus::List {
                            "Enter opens the article, "
                        } else {
                            ""
                        };
                        notices.push(format!(
                            "{} in conflict (a merge or an import kept two versions): {first}c lists \
                             them (!), o or t picks a version",
                            display::count(conflicted, "claim", "claims")
                        ));
                    }
                    if !notices.is_empty() {
                        app.notice = Some(notices.join(" · "));
                    }
                    reader.saving.base = Some(sidecar.clone());
                    reader.sidecar = Some((path, sidecar));
                }
                Ok(None) => {}
                Err(message) => {
                    app.notice = Some(super::saving::read_only_notice(&message));
                    reader.saving.read_only = Some(message);
                }
            }
            if let Some((_, Jump::Claim(id))) = app
                .jump
                .take_if(|(at, j)| *at == index && matches!(j, Jump::Claim(_)))
            {
                return go_to_claim(app, index, id);
            }
            Vec::new()
        }
        Msg::Loaded(_, Err(message), _) => {
            app.loading = None;
            // A head drawn while it loaded is no article to review: the article read before
            // it comes back.
            if app.reader.as_ref().is_some_and(|r| r.preview) {
                app.reader = app.before_preview.take().map(|r| *r);
                rewrap(app);
            }
            app.notice = Some(message);
            Vec::new()
        }
        Msg::Action(action) => {
            app.notice = None;
            let confirmed = app.leave_hint.take().is_some();
            let effects = act(app, action);
            super::saving::remind_read_only(app, action);
            super::saving::guard_leaving(app, confirmed, effects)
        }
        Msg::MouseSet(Err(e)) => {
            app.notice = Some(format!("mouse: {e}"));
            Vec::new()
        }
        Msg::MouseSet(Ok(())) => Vec::new(),
        Msg::Mouse(action, column, row) => {
            mouse(app, action, column, row);
            Vec::new()
        }
        Msg::TextInput(input) if app.prompt.is_some() => {
            if let Some((kind, typed)) = app.prompt.as_mut() {
                match input.key {
                    ratatui_textarea::Key::Char('u') if input.ctrl => typed.clear(),
                    ratatui_textarea::Key::Char('w') if input.ctrl => {
                        // The last word and the spaces after it, as shells do.
                        let kept = typed.trim_end().len();
                        let start = typed[..kept].rfind(' ').map_or(0, |i| i + 1);
                        typed.truncate(start);
                    }
                    ratatui_textarea::Key::Char(c) if !input.ctrl => typed.push(c),
                    ratatui_textarea::Key::Backspace => {
                        typed.pop();
                    }
                    _ => {}
                }
                // The list and the board narrow as their filter is typed.
                let typed = typed.clone();
                match kind {
                    PromptKind::Filter => apply_filter(app, &typed),
                    PromptKind::Query => {
                        if let Some(board) = app.board.as_mut() {
                            board.set_query_typed(&typed, &app.scales);
                        }
                    }
                    PromptKind::Search | PromptKind::SearchAll => {}
                }
            }
            Vec::new()
        }
        Msg::TextInput(input) => {
            form_input(app, input);
            Vec::new()
        }
        Msg::Saved(index, Ok((path, merged))) => {
            let mut saved = format!(
                "saved in {}",
                display::sanitize(&path.display().to_string())
            );
            let Some(reader) = app.reader.as_mut().filter(|r| r.index == index) else {
                app.notice = Some(saved);
                return Vec::new();
            };
            if path != crate::claims::store::beside(&reader.article.meta.path) {
                saved.push_str(" (the article's folder is not writable)");
            }
            let retried = reader.saving.failed.take().is_some();
            if let Some((_, ours)) = reader.sidecar.as_ref() {
                let new = super::saving::brought_in(ours, &merged);
                if new > 0 {
                    saved.push_str(&format!(
                        " · {} saved meanwhile by another claimmark merged in",
                        display::count(new, "claim", "claims")
                    ));
                }
                let conflicts = merged.conflicted().saturating_sub(ours.conflicted());
                if conflicts > 0 {
                    saved = format!(
                        "{} now in conflict: another claimmark changed {} meanwhile, both \
                         versions kept (c lists them, o or t picks one) · {saved}",
                        display::count(conflicts, "claim is", "claims are"),
                        if conflicts == 1 { "it" } else { "them" }
                    );
                }
                if *ours != merged {
                    super::saving::rebase_history(&mut reader.undo, ours, &merged);
                    super::saving::rebase_history(&mut reader.redo, ours, &merged);
                    reader.claims = place_claims(&reader.article, &merged);
                }
            }
            // Keep what the change was (`undone: deleted a claim`) ahead of where it went.
            app.notice = Some(match app.notice.take() {
                Some(before) if !retried && !before.starts_with("saved in") => {
                    format!("{before} · {saved}")
                }
                _ => saved,
            });
            app.reviews.insert(index, Review::of(&merged));
            reader.saving.base = Some(merged.clone());
            reader.sidecar = Some((path, merged));
            Vec::new()
        }
        Msg::Saved(index, Err(message)) => {
            // What to do and why first, where after: on a narrow screen the end is cut, and a
            // long path would leave no room for the cause.
            let shown = display::sanitize(&super::saving::cause_first(&message)).into_owned();
            app.notice = Some(match app.leave_hint {
                Some(hint) => format!("not saved, {hint}: {shown}"),
                None => {
                    format!("not saved ({shown}), kept in memory: the next change or q tries again")
                }
            });
            if let Some(reader) = app.reader.as_mut().filter(|r| r.index == index) {
                reader.saving.failed = Some(message);
            }
            Vec::new()
        }
    }
}

/// `a` (or Enter): a form for the selection, or for the claim under the cursor.
fn open_form(app: &mut App) {
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let area = |lines: Vec<String>| {
        let mut t = ratatui_textarea::TextArea::new(lines);
        t.set_cursor_line_style(ratatui::style::Style::default());
        t
    };
    if let Some(sel) = reader.selection() {
        let cleaned = &reader.article.cleaned;
        let span = cleaned.map.to_raw_span(sel.clone());
        app.form = Some(ClaimForm {
            raw: span.range(),
            quote: cleaned.text[sel].to_string(),
            editing: None,
            credibility: None,
            reliability: None,
            sources: area(Vec::new()),
            tags: area(Vec::new()),
            summary: area(Vec::new()),
            note: area(Vec::new()),
            field: FormField::Credibility,
            dirty: false,
            opened: Vec::new(),
            confirm_cancel: false,
        });
        reader.mark = None;
    } else if let Some(placed) = reader.claim_at_cursor() {
        let c = &placed.claim;
        app.form = Some(ClaimForm {
            raw: c.anchor.start..c.anchor.end,
            quote: c.anchor.quote.clone(),
            editing: Some(c.id.clone()),
            credibility: c.credibility.as_ref().map(|r| r.value.clone()),
            reliability: c.reliability.as_ref().map(|r| r.value.clone()),
            sources: area(c.sources.iter().map(crate::claims::Source::line).collect()),
            tags: area(vec![c.tags.join(", ")]),
            summary: area(c.summary.iter().cloned().collect()),
            note: area(c.note.lines().map(str::to_string).collect()),
            field: FormField::Credibility,
            dirty: false,
            opened: Vec::new(),
            confirm_cancel: false,
        });
    } else {
        app.notice = Some("select the claim first: v and a motion, or s for a sentence".into());
    }
    if let Some(form) = app.form.as_mut() {
        form.opened = form.contents();
    }
}

/// Keys the form binds: fields, save, cancel.
fn form_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(form) = app.form.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::FormNext | Action::FormPrev => {
            form.field = form
                .field
                .step(if action == Action::FormNext { 1 } else { -1 });
            // Into a field with text, the cursor goes after it, where typing adds to it.
            if let Some(area) = form.text_area_mut() {
                area.move_cursor(ratatui_textarea::CursorMove::Bottom);
                area.move_cursor(ratatui_textarea::CursorMove::End);
            }
        }
        Action::FormCancel => {
            if form.changed() && !form.confirm_cancel {
                form.confirm_cancel = true;
                app.notice = Some("unsaved changes: Esc again discards them, Ctrl-s saves".into());
            } else {
                app.form = None;
            }
        }
        Action::FormSave => return save_form(app),
        Action::Quit if form.changed() && !form.confirm_cancel => {
            form.confirm_cancel = true;
            app.notice = Some("unsaved claim: Ctrl-c again quits without it, Ctrl-s saves".into());
        }
        Action::CompleteTag if form.field == FormField::Tags => {
            match tag_completion(form, &app.known_tags) {
                Some(rest) => {
                    form.tags.insert_str(rest);
                    form.dirty = true;
                }
                None => app.notice = Some("no tag in the corpus starts like this".into()),
            }
        }
        Action::Quit => app.quit = true,
        _ => {}
    }
    Vec::new()
}

/// What completes the tag being typed (the word before the cursor on the tags line): the rest
/// of the first known tag that starts with it and is longer.
pub fn tag_completion(
    form: &ClaimForm,
    known: &std::collections::BTreeSet<String>,
) -> Option<String> {
    let ratatui_textarea::DataCursor(row, col) = form.tags.cursor();
    let line = form.tags.lines().get(row)?;
    let before: String = line.chars().take(col).collect();
    let word = before.rsplit(',').next().unwrap_or("").trim_start();
    if word.is_empty() {
        return None;
    }
    known
        .iter()
        .find(|t| t.starts_with(word) && t.len() > word.len())
        .map(|t| t[word.len()..].to_string())
}

/// A key typed into the focused field: a level's key on a rating field, text elsewhere.
fn form_input(app: &mut App, input: ratatui_textarea::Input) {
    let scales = app.scales.clone();
    let Some(form) = app.form.as_mut() else {
        return;
    };
    form.confirm_cancel = false;
    // Ctrl-u clears the field, as it clears a prompt (the text area's own Ctrl-u would undo).
    if input.ctrl && input.key == ratatui_textarea::Key::Char('u') {
        if let Some(area) = form.text_area_mut()
            && !area.is_empty()
        {
            area.select_all();
            area.cut();
            form.dirty = true;
        }
        return;
    }
    // A level's key when it is one character (`3`, `B`), else its place on the scale (`1`
    // for the first verdict).
    let pick = |scale: Option<&crate::claims::scale::Scale>| match (&input.key, scale) {
        (ratatui_textarea::Key::Char(c), Some(scale)) => {
            scale.pick(&c.to_string()).map(|l| l.key.clone())
        }
        _ => None,
    };
    match form.field {
        FormField::Credibility | FormField::Reliability
            if matches!(
                input.key,
                ratatui_textarea::Key::Backspace | ratatui_textarea::Key::Delete
            ) =>
        {
            // Back to no rating.
            let slot = if form.field == FormField::Credibility {
                &mut form.credibility
            } else {
                &mut form.reliability
            };
            form.dirty |= slot.take().is_some();
        }
        FormField::Credibility => {
            if let Some(key) = pick(Some(&scales.credibility)) {
                form.credibility = Some(key);
                form.dirty = true;
            }
        }
        FormField::Reliability => {
            if let Some(key) = pick(scales.reliability.as_ref()) {
                form.reliability = Some(key);
                form.dirty = true;
            }
        }
        FormField::Sources => form.dirty |= form.sources.input(input),
        FormField::Tags | FormField::Summary => {
            // One line each: Enter moves on rather than breaking the line.
            if input.key == ratatui_textarea::Key::Enter {
                form.field = form.field.step(1);
            } else if form.field == FormField::Tags {
                form.dirty |= form.tags.input(input);
            } else {
                form.dirty |= form.summary.input(input);
            }
        }
        FormField::Note => form.dirty |= form.note.input(input),
    }
}

/// Ctrl-s: the form becomes a claim in the open article's sidecar, which is written at once.
fn save_form(app: &mut App) -> Vec<Effect> {
    let (Some(form), Some(reader)) = (app.form.as_ref(), app.reader.as_mut()) else {
        return Vec::new();
    };
    let Some(credibility) = form.credibility.clone() else {
        app.notice = Some("rate the credibility first (1–6)".into());
        return Vec::new();
    };
    let rating = |scale: &crate::claims::scale::Scale, value: String| crate::claims::Rating {
        scale: scale.name.clone(),
        value,
    };
    let now = crate::claims::now_rfc3339();
    let sources = form
        .sources
        .lines()
        .iter()
        .filter_map(|l| crate::claims::Source::parse(l))
        .collect();
    let tags = crate::claims::parse_tags(&form.tags.lines().join(","));
    ensure_sidecar(reader);
    let source = &reader.article.cleaned.source;
    let Some((_, sidecar)) = reader.sidecar.as_mut() else {
        return Vec::new();
    };
    reader.undo.push(UndoState {
        claims: sidecar.claims.clone(),
        conflicts: sidecar.conflicts.clone(),
        status: sidecar.status,
        change: if form.editing.is_some() {
            "edited a claim"
        } else {
            "added a claim"
        },
    });
    reader.redo.clear();
    let old = form
        .editing
        .as_ref()
        .and_then(|id| sidecar.claims.iter().position(|c| &c.id == id));
    let claim = Claim {
        id: form.editing.clone().unwrap_or_else(crate::claims::new_id),
        anchor: match old {
            Some(i) => sidecar.claims[i].anchor.clone(),
            None => crate::claims::Anchor::new(source, form.raw.clone(), &form.quote),
        },
        summary: Some(form.summary.lines().join(" ").trim().to_string()).filter(|s| !s.is_empty()),
        credibility: Some(rating(&app.scales.credibility, credibility)),
        reliability: match (&app.scales.reliability, form.reliability.clone()) {
            (Some(scale), Some(v)) => Some(rating(scale, v)),
            _ => None,
        },
        sources,
        tags,
        note: form.note.lines().join("\n").trim_end().to_string(),
        author: app.author.clone(),
        created: old.map_or_else(|| now.clone(), |i| sidecar.claims[i].created.clone()),
        updated: now,
    };
    match old {
        Some(i) => sidecar.claims[i] = claim,
        None => sidecar.claims.push(claim),
    }
    if sidecar.status == crate::claims::ReviewStatus::Unreviewed {
        sidecar.status = crate::claims::ReviewStatus::InProgress;
    }
    sidecar.sort();
    app.known_tags
        .extend(sidecar.claims.iter().flat_map(|c| c.tags.iter().cloned()));
    let placed = place_claims(&reader.article, sidecar);
    reader.claims = placed;
    app.form = None;
    vec![Effect::SaveClaims(reader.index)]
}

/// A click puts the cursor on the character under it; dragging selects from the click; the
/// wheel scrolls. Only the cleaned pane takes the mouse, and only without an overlay open.
fn mouse(app: &mut App, action: MouseAction, column: u16, row: u16) {
    if !app.mouse
        || app.form.is_some()
        || app.show_help
        || app.claims_list.is_some()
        || app.raw_leads()
    {
        return;
    }
    match action {
        MouseAction::ScrollDown | MouseAction::ScrollUp => {
            let height = reader_height(app);
            if let Some(reader) = app.reader.as_mut() {
                let delta = if action == MouseAction::ScrollDown {
                    3
                } else {
                    -3
                };
                reader.clean.scroll(delta, height);
                sync_follower(app);
            }
        }
        MouseAction::Press | MouseAction::Drag => {
            let area = layout::inner(app.screen.clean);
            let inside = column >= area.x
                && column < area.x + area.width
                && row >= area.y
                && row < area.y + area.height;
            let Some(reader) = app.reader.as_mut().filter(|_| inside) else {
                return;
            };
            let Some(r) = reader
                .clean
                .rows
                .get(reader.clean.top + usize::from(row - area.y))
            else {
                return;
            };
            let text = &reader.article.cleaned.text;
            let want = usize::from(column - area.x).saturating_sub(r.indent());
            let mut at = r.start();
            let mut width = 0;
            for (off, g) in text[r.start()..r.end()].grapheme_indices(true) {
                let w = display::width(g);
                at = r.start() + off;
                if width + w > want {
                    break;
                }
                width += w;
                at = r.start() + off + g.len();
            }
            let at = at.min(crate::motion::last_char(text));
            if action == MouseAction::Press {
                reader.mark = None;
            } else if reader.mark.is_none() {
                reader.mark = Some(reader.cursor);
            }
            reader.cursor = crate::clean::floor_char_boundary(text, at);
            app.focus = Focus::Reader;
        }
    }
}

/// Enter in the search prompt: every match of the query in the cleaned text (smart case: an
/// upper-case letter makes it case-sensitive), the cursor to the first at or after it.
fn run_search(app: &mut App) {
    let Some(query) = app
        .prompt
        .take()
        .map(|(_, typed)| typed)
        .filter(|q| !q.is_empty())
    else {
        return;
    };
    find_in_article(app, query);
}

/// Every match of `query` in the open article, the cursor to the first at or after it.
fn find_in_article(app: &mut App, query: String) {
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let Some(re) = crate::search::matcher(&query) else {
        return;
    };
    let matches: Vec<Range<usize>> = re
        .find_iter(&reader.article.cleaned.text)
        .map(|m| m.range())
        .filter(|m| !m.is_empty())
        .collect();
    if matches.is_empty() {
        reader.search = None;
        app.notice = Some(format!("not found: {}", display::sanitize(&query)));
        return;
    }
    let cursor = reader.cursor;
    let current = matches.iter().position(|m| m.start >= cursor).unwrap_or(0);
    reader.cursor = matches[current].start;
    let cleaned = &reader.article.cleaned;
    let raw = matches
        .iter()
        .map(|m| {
            let span = cleaned.map.to_raw_span(m.clone());
            cleaned.source.to_decoded(span.start)..cleaned.source.to_decoded(span.end)
        })
        .collect();
    reader.search = Some(Search {
        query,
        matches,
        raw,
        current,
    });
    reveal_jump(app);
}

/// `n` and `N`: the next or previous match, round the article's end.
fn step_match(app: &mut App, forward: bool) {
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let Some(search) = reader.search.as_mut() else {
        app.notice = Some("no search yet: / to search".into());
        return;
    };
    let n = search.matches.len();
    search.current = if forward {
        (search.current + 1) % n
    } else {
        (search.current + n - 1) % n
    };
    reader.cursor = search.matches[search.current].start;
    reveal_jump(app);
}

/// Keys of the claim board: move, sort, query, go to a claim, close.
fn board_action(app: &mut App, action: Action) -> Vec<Effect> {
    let height = super::board::table_height(app.screen.status.y);
    let Some(board) = app.board.as_mut() else {
        return Vec::new();
    };
    app.board_view = Some(board.view());
    match action {
        Action::ToggleBoard => app.board = None,
        Action::Quit => app.quit = true,
        Action::ToggleHelp => {
            app.show_help = true;
            app.help_top = 0;
        }
        Action::Filter => app.prompt = Some((PromptKind::Query, board.query.clone())),
        Action::SearchAll => app.prompt = Some((PromptKind::SearchAll, last_search(app))),
        Action::Export => app.export_pick = Some(board.query.clone()),
        Action::SortBy(n) => {
            if let Some(column) = super::board::Column::ALL.get(usize::from(n).wrapping_sub(1)) {
                board.sort_by(*column, &app.scales);
            }
        }
        Action::Open => {
            if let Some((article, id)) = board
                .selected_row()
                .map(|r| (r.article, r.claim.id.clone()))
            {
                app.board = None;
                return go_to_claim(app, article, id);
            }
        }
        motion => {
            let delta = motion_delta(motion, height, board.shown.len());
            board.move_by(delta, height);
        }
    }
    Vec::new()
}

/// Keys of the export picker: a format writes the export, Esc closes it.
fn export_action(app: &mut App, action: Action, query: String) -> Vec<Effect> {
    match action {
        Action::ExportAs(format) => {
            app.export_pick = None;
            app.notice = Some(format!("exporting {}…", format.name()));
            vec![Effect::Export(format, query)]
        }
        Action::Quit => {
            app.quit = true;
            Vec::new()
        }
        _ => {
            app.export_pick = None;
            Vec::new()
        }
    }
}

/// What the `F` prompt starts with: the last corpus search's text, so Enter brings its
/// results back (Ctrl-u clears it for a new one).
fn last_search(app: &App) -> String {
    app.parked_results
        .as_ref()
        .map(|r| r.query.clone())
        .unwrap_or_default()
}

/// Enter in the `F` prompt: a new corpus search, shown as its results come (the one under
/// way, if any, stops).
fn search_all(app: &mut App, query: String) -> Vec<Effect> {
    if query.is_empty() {
        return Vec::new();
    }
    // The same text again: the results found so far, not a new search.
    if app.results.as_ref().is_some_and(|r| r.query == query) {
        return Vec::new();
    }
    if app
        .parked_results
        .as_ref()
        .is_some_and(|r| r.query == query)
    {
        app.board = None;
        app.results = app.parked_results.take();
        return Vec::new();
    }
    let mut effects = Vec::new();
    for old in [app.results.take(), app.parked_results.take()]
        .into_iter()
        .flatten()
        .filter(|r| r.running)
    {
        effects.push(Effect::CancelSearch(old.generation));
    }
    app.generation += 1;
    app.board = None;
    app.results = Some(super::results::Results::new(
        query.clone(),
        app.generation,
        app.corpus.articles.len(),
    ));
    effects.push(Effect::SearchCorpus(app.generation, query));
    effects
}

/// Keys of the corpus search's results: move, open a match, stop the search, close.
fn results_action(app: &mut App, action: Action) -> Vec<Effect> {
    let height = super::results::list_height(app.screen.status.y);
    let Some(results) = app.results.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::SearchCancel if results.running => {
            results.running = false;
            return vec![Effect::CancelSearch(results.generation)];
        }
        Action::SearchCancel => app.parked_results = app.results.take(),
        Action::Quit => app.quit = true,
        Action::ToggleHelp => {
            app.show_help = true;
            app.help_top = 0;
        }
        Action::SearchAll => app.prompt = Some((PromptKind::SearchAll, results.query.clone())),
        Action::Open => {
            if let Some(hit) = results.hits.get(results.selected).cloned() {
                let query = results.query.clone();
                // Put aside, still searching: `F` Enter brings the list back.
                app.parked_results = app.results.take();
                return go_to_match(app, hit.article, hit.clean, query);
            }
        }
        motion => {
            let delta = motion_delta(motion, height, results.hits.len());
            results.move_by(delta, height);
        }
    }
    Vec::new()
}

/// Opens the article at `index` (unless it is open) with the cursor on the match at `at`, the
/// search carried on in it.
fn go_to_match(app: &mut App, index: usize, at: Range<usize>, query: String) -> Vec<Effect> {
    app.focus = Focus::Reader;
    if let Some(reader) = app
        .reader
        .as_mut()
        .filter(|r| r.index == index && !r.preview)
    {
        let text = &reader.article.cleaned.text;
        reader.mark = None;
        reader.cursor = crate::clean::floor_char_boundary(text, at.start.min(text.len()));
        find_in_article(app, query);
        return Vec::new();
    }
    load_then(app, index, Jump::Match(at, query))
}

/// Opens the article at `index` (unless it is open) with the cursor on the claim `id`.
fn go_to_claim(app: &mut App, index: usize, id: String) -> Vec<Effect> {
    app.focus = Focus::Reader;
    if let Some(reader) = app
        .reader
        .as_mut()
        .filter(|r| r.index == index && !r.preview)
    {
        match reader
            .claims
            .iter()
            .find(|c| c.claim.id == id)
            .and_then(|c| c.clean.clone())
        {
            Some(r) => {
                reader.cursor = r.start;
                reveal_cursor_a_third_down(app);
            }
            None => app.notice = Some("this claim's text is no longer in the article".into()),
        }
        return Vec::new();
    }
    load_then(app, index, Jump::Claim(id))
}

/// Loads the article at `index`, selected in the list, and once it is open puts the cursor
/// where `jump` says.
fn load_then(app: &mut App, index: usize, jump: Jump) -> Vec<Effect> {
    if index >= app.corpus.articles.len() {
        return Vec::new();
    }
    app.selected = index;
    keep_selection_visible(app);
    app.jump = Some((index, jump));
    if app.loading == Some(index) && app.reader.as_ref().is_some_and(|r| r.preview) {
        // Its head is on screen and the whole of it on its way: the jump waits for it.
        return Vec::new();
    }
    app.loading = Some(index);
    load_effects(app, index)
}

/// Keys of the claims list: move, go to a claim, close.
fn claims_list_action(app: &mut App, selected: usize, action: Action) -> Vec<Effect> {
    let count = app.reader.as_ref().map_or(0, |r| r.claims.len());
    match action {
        Action::KeepVersion => return resolve_conflict(app, selected, false),
        Action::TakeOtherVersion => return resolve_conflict(app, selected, true),
        // A version picked here is undone here too, without leaving the list.
        Action::Undo | Action::Redo => {
            let effects = undo(app, action == Action::Undo);
            let count = app.reader.as_ref().map_or(0, |r| r.claims.len());
            app.claims_list = (count > 0).then(|| selected.min(count - 1));
            return effects;
        }
        Action::Down => app.claims_list = Some((selected + 1).min(count.saturating_sub(1))),
        Action::Up => app.claims_list = Some(selected.saturating_sub(1)),
        Action::ToggleClaims => app.claims_list = None,
        Action::Quit => app.quit = true,
        Action::Open => {
            app.claims_list = None;
            let Some(reader) = app.reader.as_mut() else {
                return Vec::new();
            };
            match reader.claims.get(selected).and_then(|c| c.clean.clone()) {
                Some(r) => {
                    reader.cursor = r.start;
                    reveal_jump(app);
                }
                None => app.notice = Some("this claim's text is no longer in the article".into()),
            }
        }
        _ => {}
    }
    Vec::new()
}

/// `o` or `t` in the claims list, on a claim a merge left in conflict: keep the version shown,
/// or take the other one. The other versions go, the sidecar is saved, and `u` undoes it.
fn resolve_conflict(app: &mut App, selected: usize, take_other: bool) -> Vec<Effect> {
    let Some(reader) = app.reader.as_mut() else {
        return Vec::new();
    };
    let Some(id) = reader.claims.get(selected).map(|c| c.claim.id.clone()) else {
        return Vec::new();
    };
    let Some((_, sidecar)) = reader.sidecar.as_mut() else {
        return Vec::new();
    };
    let before = UndoState {
        claims: sidecar.claims.clone(),
        conflicts: sidecar.conflicts.clone(),
        status: sidecar.status,
        change: "resolved a conflict",
    };
    let versions = sidecar.other_versions(&id).count();
    if !sidecar.resolve(&id, take_other.then_some(0)) {
        app.notice = Some("this claim is not in conflict".into());
        return Vec::new();
    }
    reader.undo.push(before);
    reader.redo.clear();
    sidecar.sort();
    reader.claims = place_claims(&reader.article, sidecar);
    app.claims_list = reader.claims.iter().position(|c| c.claim.id == id);
    let mut notice = if take_other {
        "conflict resolved: took the other version".to_string()
    } else {
        "conflict resolved: kept this version".to_string()
    };
    // Several other versions (conflicts merged again): say what went, since `t` takes the
    // first only.
    let dropped = versions - usize::from(take_other);
    if dropped > 1 || (take_other && dropped > 0) {
        notice.push_str(&format!(
            " ({} dropped; u undoes)",
            display::count(dropped, "other version", "other versions")
        ));
    }
    app.notice = Some(notice);
    vec![Effect::SaveClaims(reader.index)]
}

/// `y`: the selection as it reads, or the claim under the cursor as a one-line citation.
fn copy(app: &mut App) -> Vec<Effect> {
    let Some(reader) = app.reader.as_ref() else {
        return Vec::new();
    };
    let text = if let Some(sel) = reader.selection() {
        reader.article.cleaned.text[sel].to_string()
    } else if let Some(placed) = reader.claim_at_cursor() {
        placed
            .claim
            .citation(&app.scales, &reader.article.meta.name)
    } else {
        app.notice = Some("nothing to copy: select text or put the cursor on a claim".into());
        return Vec::new();
    };
    vec![Effect::Copy(text)]
}

/// `m`: the open article's review status moves on (unreviewed, in progress, done) and is saved
/// in its sidecar, made if it has none.
fn cycle_status(app: &mut App) -> Vec<Effect> {
    let Some(reader) = app.reader.as_mut() else {
        return Vec::new();
    };
    let index = reader.index;
    let before = ensure_sidecar(reader).1.status;
    let claims = ensure_sidecar(reader).1.claims.clone();
    let conflicts = ensure_sidecar(reader).1.conflicts.clone();
    reader.undo.push(UndoState {
        claims,
        conflicts,
        status: before,
        change: "changed the review status",
    });
    reader.redo.clear();
    let sidecar = &mut ensure_sidecar(reader).1;
    sidecar.status = match sidecar.status {
        ReviewStatus::Unreviewed => ReviewStatus::InProgress,
        ReviewStatus::InProgress => ReviewStatus::Done,
        ReviewStatus::Done => ReviewStatus::Unreviewed,
    };
    app.notice = Some(format!("review status: {}", sidecar.status.word()));
    vec![Effect::SaveClaims(index)]
}

/// The open article's sidecar, a new empty one if it has none yet (its identity is filled in
/// from the file when it is saved).
fn ensure_sidecar(reader: &mut Reader) -> &mut (std::path::PathBuf, Sidecar) {
    let name = reader
        .article
        .meta
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    reader.sidecar.get_or_insert_with(|| {
        (
            std::path::PathBuf::new(),
            Sidecar::new(crate::claims::ArticleId {
                file: name,
                bytes: 0,
                sha256: String::new(),
            }),
        )
    })
}

/// `]` and `[`: the cursor to the start of the next or previous claim, in text order.
fn jump_to_claim(app: &mut App, forward: bool) {
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let cursor = reader.cursor;
    let starts = reader
        .claims
        .iter()
        .filter_map(|c| c.clean.as_ref().map(|r| r.start));
    let target = if forward {
        starts.filter(|s| *s > cursor).min()
    } else {
        starts.filter(|s| *s < cursor).max()
    };
    match target {
        Some(at) => {
            reader.cursor = at;
            reveal_cursor_a_third_down(app);
        }
        None => {
            app.notice = Some(
                if forward {
                    "no claim after the cursor"
                } else {
                    "no claim before the cursor"
                }
                .into(),
            )
        }
    }
}

/// Puts the cursor's row a third of the way down the cleaned pane, so a claim or match jumped
/// to is in view with what follows it, not on the last row.
fn reveal_cursor_a_third_down(app: &mut App) {
    let height = reader_height(app).max(1);
    if let Some(reader) = app.reader.as_mut() {
        let row = reader.clean.rows.row_at(reader.cursor);
        let clean = &mut reader.clean;
        clean.top = row.saturating_sub(height / 3).min(clean.max_top(height));
        clean.anchor = clean.rows.get(clean.top).map_or(0, |r| r.start());
    }
    reveal_cursor(app);
}

/// After a jump (a search match, a claim from a list): the view stays put if the cursor is
/// in it, else its row comes a third of the way down.
fn reveal_jump(app: &mut App) {
    let height = reader_height(app).max(1);
    let in_view = app.reader.as_ref().is_some_and(|r| {
        let row = r.clean.rows.row_at(r.cursor);
        row >= r.clean.top && row < r.clean.top + height
    });
    if in_view {
        reveal_cursor(app);
    } else {
        reveal_cursor_a_third_down(app);
    }
}

/// Scrolls the cleaned pane as little as shows the cursor, and the raw pane with it.
fn reveal_cursor(app: &mut App) {
    let height = reader_height(app).max(1);
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let clean = &mut reader.clean;
    let at = clean.rows.row_at(reader.cursor);
    if at < clean.top {
        clean.top = at;
    } else if at >= clean.top + height {
        clean.top = at + 1 - height;
    }
    clean.top = clean.top.min(clean.max_top(height));
    clean.anchor = clean.rows.get(clean.top).map_or(0, |r| r.start());
    sync_follower(app);
    // The raw pane follows the cleaned one's top row; while selecting, if the selection's
    // start is out of its view (text dropped above it pushes it down), it scrolls to show it
    // a third of the way down.
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let cleaned = &reader.article.cleaned;
    let Some(at) = reader.mark.map(|m| m.min(reader.cursor)) else {
        return;
    };
    let raw_at = cleaned.source.to_decoded(cleaned.map.to_raw(at));
    let raw = &mut reader.raw;
    let row = raw.rows.row_at(raw_at);
    if row < raw.top || row >= raw.top + height {
        raw.top = row.saturating_sub(height / 3).min(raw.max_top(height));
        raw.anchor = raw.rows.get(raw.top).map_or(0, |r| r.start());
    }
}

/// `d` on a claim asks; `d` again deletes it and saves.
fn delete_claim(app: &mut App) -> Vec<Effect> {
    let Some(reader) = app.reader.as_mut() else {
        return Vec::new();
    };
    let Some(id) = reader.claim_at_cursor().map(|c| c.claim.id.clone()) else {
        app.notice = Some("no claim under the cursor".into());
        return Vec::new();
    };
    if reader.pending_delete.as_deref() != Some(id.as_str()) {
        reader.pending_delete = Some(id);
        app.notice = Some("delete this claim? d again to confirm (u undoes it)".into());
        return Vec::new();
    }
    reader.pending_delete = None;
    let Some((_, sidecar)) = reader.sidecar.as_mut() else {
        return Vec::new();
    };
    reader.undo.push(UndoState {
        claims: sidecar.claims.clone(),
        conflicts: sidecar.conflicts.clone(),
        status: sidecar.status,
        change: "deleted a claim",
    });
    reader.redo.clear();
    sidecar.claims.retain(|c| c.id != id);
    // Every version of it: deleting a claim in conflict settles the conflict too.
    sidecar.conflicts.retain(|c| c.id != id);
    reader.claims = place_claims(&reader.article, sidecar);
    vec![Effect::SaveClaims(reader.index)]
}

/// `u` and Ctrl-r: the claims as they were before the last change (or after the last undo),
/// saved at once like any change.
fn undo(app: &mut App, back: bool) -> Vec<Effect> {
    let Some(reader) = app.reader.as_mut() else {
        return Vec::new();
    };
    let Some((_, sidecar)) = reader.sidecar.as_mut() else {
        app.notice = Some("nothing to undo".into());
        return Vec::new();
    };
    let (from, to) = if back {
        (&mut reader.undo, &mut reader.redo)
    } else {
        (&mut reader.redo, &mut reader.undo)
    };
    let Some(state) = from.pop() else {
        app.notice = Some(
            if back {
                "nothing to undo"
            } else {
                "nothing to redo"
            }
            .into(),
        );
        return Vec::new();
    };
    to.push(UndoState {
        claims: std::mem::replace(&mut sidecar.claims, state.claims),
        conflicts: std::mem::replace(&mut sidecar.conflicts, state.conflicts),
        status: std::mem::replace(&mut sidecar.status, state.status),
        change: state.change,
    });
    app.notice = Some(format!(
        "{}: {}",
        if back { "undone" } else { "redone" },
        state.change
    ));
    sidecar.sort();
    reader.claims = place_claims(&reader.article, sidecar);
    vec![Effect::SaveClaims(reader.index)]
}

/// Where each claim of `sidecar` sits in `article` as it is now. An unchanged claim costs one
/// comparison of its own text (the anchor's first test), so no hash of the file is needed.
fn place_claims(article: &Article, sidecar: &Sidecar) -> Vec<PlacedClaim> {
    let cleaned = &article.cleaned;
    let source = &cleaned.source;
    let mut placed: Vec<PlacedClaim> = sidecar
        .claims
        .iter()
        .map(|claim| {
            let attached = claim.anchor.reattach(source);
            let (state, range) = (attached.state, attached.range);
            let clean = range
                .clone()
                .map(|r| cleaned.to_clean(r.start)..cleaned.to_clean(r.end))
                .filter(|r| !r.is_empty());
            let raw = range.map(|r| source.to_decoded(r.start)..source.to_decoded(r.end));
            PlacedClaim {
                claim: claim.clone(),
                state,
                clean,
                raw,
            }
        })
        .collect();
    placed.sort_by_key(|c| c.clean.as_ref().map_or(usize::MAX, |r| r.start));
    placed
}

/// A warning worth showing when an article opens.
/// Makes `article` the one the reader shows, where it was left when it was last open; a
/// `preview` (the head of a large article) stands in until the whole of it is in.
fn open_reader(
    app: &mut App,
    index: usize,
    article: Article,
    raw_rows: Option<(usize, wrap::Rows)>,
    preview: bool,
) {
    if let Some(old) = app.reader.as_ref().filter(|r| !r.preview) {
        app.positions.insert(old.index, old.clean.anchor);
    }
    // The article a head replaces comes back if the whole article cannot be read.
    if !preview {
        app.before_preview = None;
    } else if app.reader.as_ref().is_some_and(|r| !r.preview) {
        app.before_preview = app.reader.take().map(Box::new);
    }
    // Read from while it loaded: the whole article opens where its head was left, found
    // through the raw bytes, which the two share.
    let from_head = app
        .reader
        .as_ref()
        .filter(|r| r.preview && r.index == index && !preview)
        .map(|head| {
            let map = &head.article.cleaned.map;
            (map.to_raw(head.clean.anchor), map.to_raw(head.cursor))
        });
    if let Some(slot) = app.corpus.articles.get_mut(index)
        && !slot.described
    {
        slot.clone_from(&article.meta);
    }
    let cleaned = &article.cleaned;
    let (clean_anchor, cursor) = match from_head {
        Some((anchor, cursor)) => (cleaned.to_clean(anchor), cleaned.to_clean(cursor)),
        None => {
            let at = app.positions.get(&index).copied().unwrap_or(0);
            (at, at)
        }
    };
    let clean_anchor = clean_anchor.min(cleaned.text.len());
    let raw_anchor = cleaned.source.to_decoded(cleaned.map.to_raw(clean_anchor));
    let mut reader = Reader {
        index,
        dropped: cleaned.dropped_in_source(),
        tables: crate::table::find_all_tables(&cleaned.text, &cleaned.table_rows),
        // Looked for once the article is on screen (see `Effect::FindTypos`).
        typos: Vec::new(),
        clean: Wrapped {
            anchor: clean_anchor,
            ..Wrapped::default()
        },
        raw: Wrapped {
            anchor: raw_anchor,
            ..Wrapped::default()
        },
        cursor: crate::clean::floor_char_boundary(&cleaned.text, cursor),
        mark: None,
        claims: Vec::new(),
        sidecar: None,
        undo: Vec::new(),
        redo: Vec::new(),
        pending_delete: None,
        search: None,
        saving: super::saving::SaveState::default(),
        preview,
        article,
    };
    if let Some((width, rows)) = raw_rows {
        reader.raw.rows = rows;
        reader.raw.width = width;
    }
    app.reader = Some(reader);
    rewrap(app);
}

/// Why a key did nothing on the head of a large article.
fn still_loading(name: &str) -> String {
    format!(
        "{} is still loading: claims and search once it is in",
        display::sanitize(name)
    )
}

/// Whether `action` needs the whole article rather than the head drawn while it loads:
/// claims are placed, selected and saved against the whole text, search looks through all of
/// it, and its end is not in yet.
fn waits_for_whole_article(action: Action) -> bool {
    matches!(
        action,
        Action::Bottom
            | Action::Select
            | Action::SelectSentence
            | Action::Annotate
            | Action::NextClaim
            | Action::PrevClaim
            | Action::DeleteClaim
            | Action::Undo
            | Action::Redo
            | Action::CycleStatus
            | Action::Copy
            | Action::ToggleClaims
            | Action::Search
            | Action::NextMatch
            | Action::PrevMatch
            | Action::KeepVersion
            | Action::TakeOtherVersion
    )
}

/// Articles from this size on are previewed from their first [`PREVIEW_BYTES`] while they
/// load: below it, the whole article is on screen in a few tens of milliseconds anyway.
pub const PREVIEW_FROM: u64 = 4 << 20;

/// How much of a large article the preview cleans: a few screens of any article, in about
/// two milliseconds.
pub const PREVIEW_BYTES: usize = 256 << 10;

/// The effects that open the article at `index`: a preview of its head first when it is
/// large and opens at its top (a preview of the top would only be replaced by another place).
fn load_effects(app: &App, index: usize) -> Vec<Effect> {
    let at_top = app.positions.get(&index).is_none_or(|&at| at == 0)
        && app.jump.as_ref().is_none_or(|(i, _)| *i != index);
    let large = app
        .corpus
        .articles
        .get(index)
        .is_some_and(|m| (PREVIEW_FROM..=crate::corpus::MAX_ARTICLE_BYTES).contains(&m.bytes));
    if large && at_top {
        vec![Effect::Preview(index), Effect::Load(index)]
    } else {
        vec![Effect::Load(index)]
    }
}

fn load_notice(article: &Article) -> Option<String> {
    match article.meta.content {
        Content::Binary => Some("binary file: control bytes shown as placeholders".into()),
        Content::Empty => Some("empty file".into()),
        Content::Text => match article.cleaned.source.replacement_count() {
            0 => None,
            n => Some(format!(
                "not valid UTF-8: {} shown as �",
                display::count(n, "invalid byte run", "invalid byte runs")
            )),
        },
    }
}

fn act(app: &mut App, action: Action) -> Vec<Effect> {
    if app.show_help {
        match action {
            Action::ToggleHelp => app.show_help = false,
            Action::Quit => app.quit = true,
            motion => {
                // The help is only ever scrolled as one column filling the screen but for its
                // border and a margin (see `view::draw_help`).
                let visible = usize::from(app.screen.status.y + 1)
                    .saturating_sub(4)
                    .max(1);
                let max_top = app.keymap.help_lines().len().saturating_sub(visible);
                let delta = motion_delta(motion, visible, max_top);
                app.help_top = (app.help_top as isize + delta).clamp(0, max_top as isize) as usize;
            }
        }
        return Vec::new();
    }
    if let Some(reader) = app.reader.as_ref().filter(|r| r.preview)
        && app.context() == Context::Reader
        && waits_for_whole_article(action)
    {
        app.notice = Some(still_loading(&reader.article.meta.name));
        return Vec::new();
    }
    if app.form.is_some() {
        return form_action(app, action);
    }
    if let Some((kind, _)) = &app.prompt {
        match (action, *kind) {
            (Action::SearchRun, PromptKind::Search) => run_search(app),
            // Enter keeps the filter, typed as it was applied; Esc drops it.
            (Action::SearchRun, PromptKind::Filter | PromptKind::Query) => app.prompt = None,
            (Action::SearchRun, PromptKind::SearchAll) => {
                let query = app.prompt.take().map(|(_, q)| q).unwrap_or_default();
                return search_all(app, query);
            }
            (Action::SearchCancel, kind) => {
                app.prompt = None;
                match kind {
                    PromptKind::Filter => apply_filter(app, ""),
                    PromptKind::Query => {
                        if let Some(board) = app.board.as_mut() {
                            board.set_query("", &app.scales);
                        }
                    }
                    PromptKind::Search | PromptKind::SearchAll => {}
                }
            }
            (Action::Quit, _) => app.quit = true,
            _ => {}
        }
        return Vec::new();
    }
    if let Some(query) = app.export_pick.clone() {
        return export_action(app, action, query);
    }
    if app.results.is_some() {
        return results_action(app, action);
    }
    if app.board.is_some() {
        return board_action(app, action);
    }
    if let Some(selected) = app.claims_list {
        return claims_list_action(app, selected, action);
    }
    if action != Action::DeleteClaim
        && let Some(r) = app.reader.as_mut()
    {
        r.pending_delete = None;
    }
    if app.focus == Focus::Reader && super::saving::refuses(app, action) {
        return Vec::new();
    }
    match action {
        Action::ToggleMouse => {
            app.mouse = !app.mouse;
            app.notice = Some(
                if app.mouse {
                    "mouse selection on (M turns it off and gives the terminal its copy back)"
                } else {
                    "mouse selection off"
                }
                .into(),
            );
            return vec![Effect::SetMouse(app.mouse)];
        }
        Action::Annotate if app.focus == Focus::Reader => open_form(app),
        Action::NextClaim | Action::PrevClaim if app.focus == Focus::Reader => {
            jump_to_claim(app, action == Action::NextClaim)
        }
        Action::DeleteClaim if app.focus == Focus::Reader => return delete_claim(app),
        Action::Undo | Action::Redo if app.focus == Focus::Reader => {
            return undo(app, action == Action::Undo);
        }
        Action::CycleStatus if app.focus == Focus::Reader => return cycle_status(app),
        Action::Copy if app.focus == Focus::Reader => return copy(app),
        Action::Search if app.focus == Focus::Reader => {
            app.prompt = Some((PromptKind::Search, String::new()))
        }
        Action::Filter => app.prompt = Some((PromptKind::Filter, app.filter.clone())),
        Action::NextMatch | Action::PrevMatch if app.focus == Focus::Reader => {
            step_match(app, action == Action::NextMatch)
        }
        Action::Select
            if app.focus == Focus::Reader
                && app.reader.as_ref().is_some_and(|r| {
                    r.mark.is_none()
                        && r.search
                            .as_ref()
                            .and_then(|s| s.matches.get(s.current))
                            .is_some_and(|m| m.start == r.cursor)
                }) =>
        {
            // On a match just found, v selects the match.
            if let Some(reader) = app.reader.as_mut()
                && let Some(m) = reader
                    .search
                    .as_ref()
                    .and_then(|s| s.matches.get(s.current))
                    .cloned()
            {
                reader.mark = Some(m.start);
                reader.cursor = crate::motion::prev_char(&reader.article.cleaned.text, m.end);
                reveal_cursor(app);
            }
        }
        Action::ToggleClaims if app.focus == Focus::Reader => {
            let Some(reader) = app.reader.as_ref() else {
                return Vec::new();
            };
            if reader.claims.is_empty() {
                app.notice = Some("no claims in this article yet: select one and press a".into());
            } else {
                // Start at the claim under or after the cursor.
                let cursor = reader.cursor;
                let at = reader
                    .claims
                    .iter()
                    .position(|c| c.clean.as_ref().is_some_and(|r| r.end > cursor))
                    .unwrap_or(0);
                app.claims_list = Some(at);
            }
        }
        Action::Quit => app.quit = true,
        Action::ToggleHelp => {
            app.show_help = true;
            app.help_top = 0;
        }
        Action::SearchAll => app.prompt = Some((PromptKind::SearchAll, last_search(app))),
        Action::Export => app.export_pick = Some(String::new()),
        Action::ToggleBoard => {
            let mut board = super::board::Board::new(&app.corpus, &app.reviews, &app.scales);
            if let Some(view) = &app.board_view {
                board.restore(view, &app.scales);
            }
            app.board = Some(board);
        }
        Action::FocusNext => {
            app.focus = match app.focus {
                Focus::List if app.reader.is_some() => Focus::Reader,
                _ => Focus::List,
            }
        }
        Action::FocusList => {
            // Esc first drops a selection, then the search, then leaves the reader.
            match app.reader.as_mut() {
                Some(r) if r.mark.is_some() && app.focus == Focus::Reader => r.mark = None,
                Some(r) if r.search.is_some() && app.focus == Focus::Reader => r.search = None,
                _ => app.focus = Focus::List,
            }
        }
        Action::ToggleRaw => {
            app.show_raw = !app.show_raw;
            sync_follower(app);
        }
        Action::Open => {
            app.focus = Focus::Reader;
            if app.reader.as_ref().map(|r| r.index) != Some(app.selected)
                && app.selected < app.corpus.articles.len()
            {
                app.loading = Some(app.selected);
                return load_effects(app, app.selected);
            }
        }
        motion => match app.focus {
            Focus::List => move_selection(app, motion),
            Focus::Reader if app.raw_leads() => scroll_reader(app, motion),
            Focus::Reader => move_cursor(app, motion),
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
    let len = app.shown.len();
    if len == 0 {
        return;
    }
    let at = app
        .shown
        .iter()
        .position(|i| *i == app.selected)
        .unwrap_or(0);
    let delta = motion_delta(action, list_height(app), len);
    let at = (at as isize + delta).clamp(0, len as isize - 1) as usize;
    app.selected = app.shown[at];
    keep_selection_visible(app);
}

/// Scrolls the list so the cursor's row is in view; `list_top` counts rows shown.
fn keep_selection_visible(app: &mut App) {
    let height = list_height(app).max(1);
    let at = app
        .shown
        .iter()
        .position(|i| *i == app.selected)
        .unwrap_or(0);
    if at < app.list_top {
        app.list_top = at;
    } else if at >= app.list_top + height {
        app.list_top = at + 1 - height;
    }
    let max_top = app.shown.len().saturating_sub(height);
    app.list_top = app.list_top.min(max_top);
}

/// The articles `filter` keeps: every word must be in the title (any case), and `lang:xx`,
/// `status:unreviewed|progress|done` and `claims` (has some) must hold.
pub fn filter_articles(app: &App, filter: &str) -> Vec<usize> {
    let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    app.corpus
        .articles
        .iter()
        .enumerate()
        .filter(|(i, meta)| {
            let review = app.reviews.get(i);
            words.iter().all(|w| {
                // `-word` keeps the articles the word would leave out.
                let (negated, w) = match w.strip_prefix('-') {
                    Some(rest) if !rest.is_empty() => (true, rest),
                    _ => (false, w.as_str()),
                };
                negated
                    != if let Some(lang) = w.strip_prefix("lang:") {
                        meta.lang.code() == lang
                    } else if let Some(status) = w.strip_prefix("status:") {
                        let s = review.map_or(ReviewStatus::Unreviewed, |r| r.status);
                        s.word().contains(status)
                    } else if w == "claims" {
                        review.is_some_and(|r| !r.claims.is_empty())
                    } else {
                        meta.title.to_lowercase().contains(w)
                    }
            })
        })
        .map(|(i, _)| i)
        .collect()
}

/// Puts `filter` in force: the list shows what it keeps, the cursor on the first of them if
/// its article went.
fn apply_filter(app: &mut App, filter: &str) {
    app.filter = filter.to_string();
    app.shown = filter_articles(app, filter);
    if !app.shown.contains(&app.selected)
        && let Some(first) = app.shown.first()
    {
        app.selected = *first;
    }
    app.list_top = 0;
    keep_selection_visible(app);
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
    let delta = motion_delta(action, height, lead.rows.len());
    lead.scroll(delta, height);
    sync_follower(app);
}

/// Moves the cursor of the cleaned pane (or selects), then scrolls as little as keeps it in
/// view. Rows are the wrapped rows, so `j` goes to the row below as drawn.
fn move_cursor(app: &mut App, action: Action) {
    let height = reader_height(app).max(1);
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let text = reader.article.cleaned.text.as_str();
    if text.is_empty() {
        return;
    }
    let rows = &reader.clean.rows;
    let cursor = reader.cursor.min(crate::motion::last_char(text));
    let row = rows.row_at(cursor);
    let row_span = |i: usize| rows.get(i).map_or(0..0, |r| r.start()..r.end());
    // The same column (in characters) on another row, or its last character.
    let on_row = |i: usize| {
        let col = text[row_span(row).start..cursor].chars().count();
        let span = row_span(i);
        let line = &text[span.clone()];
        let within = line
            .char_indices()
            .nth(col)
            .map_or_else(|| crate::motion::last_char(line), |(at, _)| at);
        span.start + within.min(line.len())
    };
    let last_row = rows.len().saturating_sub(1);
    let rows_by =
        |delta: isize| on_row((row as isize + delta).clamp(0, last_row as isize) as usize);
    let new = match action {
        Action::Down | Action::Up | Action::HalfPageDown | Action::HalfPageUp => {
            rows_by(motion_delta(action, height, rows.len()))
        }
        Action::PageDown | Action::PageUp => rows_by(motion_delta(action, height, rows.len())),
        Action::Top => 0,
        Action::Bottom => crate::motion::last_char(text),
        Action::Left => crate::motion::prev_char(text, cursor),
        Action::Right => crate::motion::next_char(text, cursor).min(crate::motion::last_char(text)),
        Action::WordNext => crate::motion::word_next(text, cursor),
        Action::WordPrev => crate::motion::word_prev(text, cursor),
        Action::WordEnd => crate::motion::word_end(text, cursor),
        Action::RowStart => row_span(row).start,
        Action::RowEnd => {
            let span = row_span(row);
            span.start + crate::motion::last_char(&text[span.clone()])
        }
        Action::SentenceNext => crate::motion::sentence_next(text, cursor),
        Action::SentencePrev => crate::motion::sentence_prev(text, cursor),
        Action::Select => {
            reader.mark = match reader.mark {
                Some(_) => None,
                None => Some(cursor),
            };
            cursor
        }
        Action::SelectSentence => {
            let s = crate::motion::sentence_at(text, cursor);
            if s.is_empty() {
                cursor
            } else {
                reader.mark = Some(s.start);
                crate::motion::prev_char(text, s.end)
            }
        }
        _ => cursor,
    };
    reader.cursor = new;
    reveal_cursor(app);
}

/// Scrolls the pane that is not leading so it shows, at its top, the raw position of the
/// leading pane's top row, translated through the offset map. At the very top both panes
/// show the start of the file, so what was dropped before the first kept line is seen.
fn sync_follower(app: &mut App) {
    let height = reader_height(app);
    let raw_leads = app.raw_leads();
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let cleaned = &reader.article.cleaned;
    let (lead, follower) = if raw_leads {
        (&reader.raw, &mut reader.clean)
    } else {
        (&reader.clean, &mut reader.raw)
    };
    let lead_offset = lead.rows.get(lead.top).map_or(0, |r| r.start());
    follower.anchor = if lead.top == 0 {
        0
    } else if raw_leads {
        cleaned.to_clean(cleaned.source.to_raw(lead_offset))
    } else {
        cleaned.source.to_decoded(cleaned.map.to_raw(lead_offset))
    };
    follower.place(height);
}

/// Articles from this size on have their two panes wrapped on two threads (and the raw pane
/// while the article is cleaned): below it, starting a thread costs more than it saves.
pub const PARALLEL_WRAP_BYTES: usize = 1 << 20;

/// Re-wraps the open article for the current pane widths (a no-op when they did not change)
/// and puts both panes back at their places.
fn rewrap(app: &mut App) {
    if app.screen.too_small {
        return;
    }
    let clean_width = layout::inner(app.screen.clean).width as usize;
    let raw_width = layout::inner(app.screen.raw).width as usize;
    let height = reader_height(app);
    if let Some(reader) = app.reader.as_mut() {
        let text = &reader.article.cleaned.text;
        let tables = &reader.tables;
        let source = reader.article.cleaned.source.text();
        let (clean, raw) = (&mut reader.clean, &mut reader.raw);
        let wrap_clean = |clean: &mut Wrapped| {
            clean.ensure(clean_width, height, |w| {
                wrap::Rows::Laid(wrap::wrap_document(text, w, tables))
            })
        };
        let wrap_raw = |raw: &mut Wrapped| {
            raw.ensure(raw_width, height, |w| {
                wrap::Rows::Plain(wrap::wrap_plain(source, w))
            })
        };
        if source.len() >= PARALLEL_WRAP_BYTES {
            // A large article: the two panes wrap at once, one on each core.
            std::thread::scope(|scope| {
                scope.spawn(|| wrap_raw(raw));
                wrap_clean(clean);
            });
        } else {
            wrap_clean(clean);
            wrap_raw(raw);
        }
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

    use crate::tui::dispatch as send;

    #[test]
    fn starts_on_the_first_article_with_the_list_focused() {
        let (_tmp, mut app) = app_with(&["First\n\nbody", "Second\n\nbody"]);
        crate::tui::testing::started(&mut app, 120, 40);
        assert_eq!(app.reader.as_ref().map(|r| r.index), Some(0));
        assert_eq!(app.focus, Focus::List);
        send(&mut app, Msg::Action(Action::Down));
        send(&mut app, Msg::Action(Action::Open));
        assert_eq!(app.reader.as_ref().map(|r| r.index), Some(1));
        assert_eq!(app.focus, Focus::Reader);
    }

    #[test]
    fn the_cursor_selects_a_claim_that_maps_to_its_raw_bytes() {
        let text = "Deal signed\n\n< p >Algeria signed an arms contract with Russia, valued \
                    between $12-17 billion, officials said. Talks go on.";
        let (_tmp, mut app) = app_with(&[text]);
        crate::tui::testing::started(&mut app, 120, 20);
        send(&mut app, Msg::Action(Action::Open));
        let keys = |app: &mut App, actions: &[Action]| {
            for a in actions {
                send(app, Msg::Action(*a));
            }
        };
        // Down to the paragraph, three words on, select to the end of "Russia".
        keys(
            &mut app,
            &[
                Action::Down,
                Action::Down,
                Action::WordNext,
                Action::WordNext,
            ],
        );
        keys(&mut app, &[Action::WordNext, Action::Select]);
        for _ in 0..4 {
            keys(&mut app, &[Action::WordEnd]);
        }
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        let cleaned = &r.article.cleaned;
        let sel = r.selection().unwrap_or_else(|| panic!("no selection"));
        assert_eq!(&cleaned.text[sel], "arms contract with Russia");
        let raw = r
            .selection_in_source()
            .unwrap_or_else(|| panic!("no raw selection"));
        assert_eq!(&cleaned.source.text()[raw], "arms contract with Russia");
        // `s` selects the sentence; Esc drops the selection, a second Esc leaves the reader.
        keys(&mut app, &[Action::SelectSentence]);
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        let sel = r.selection().unwrap_or_else(|| panic!("no selection"));
        assert!(r.article.cleaned.text[sel].starts_with("Algeria signed"));
        keys(&mut app, &[Action::FocusList]);
        assert!(app.reader.as_ref().is_some_and(|r| r.mark.is_none()));
        assert_eq!(app.focus, Focus::Reader);
        keys(&mut app, &[Action::FocusList]);
        assert_eq!(app.focus, Focus::List);
    }

    /// A key other than a character typed into the form's field.
    fn pressed(app: &mut App, key: ratatui_textarea::Key) {
        send(
            app,
            Msg::TextInput(ratatui_textarea::Input {
                key,
                ..Default::default()
            }),
        );
    }

    use crate::tui::testing::typed;

    #[test]
    fn a_claim_is_rated_saved_at_once_and_edited_in_place() {
        let text = "Deal signed\n\nAlgeria signed an arms contract with Russia, valued between \
                    $12-17 billion, officials said. Talks go on.\n";
        let (tmp, mut app) = app_with(&[text]);
        crate::tui::testing::started(&mut app, 100, 30);
        send(&mut app, Msg::Action(Action::Open));
        crate::tui::testing::pressed(
            &mut app,
            &[
                Action::Down,
                Action::Down,
                Action::SelectSentence,
                Action::Annotate,
            ],
        );
        assert_eq!(app.context(), Context::Form);
        // Saving needs a credibility; letters that are no level are ignored.
        send(&mut app, Msg::Action(Action::FormSave));
        assert!(app.form.is_some(), "not saved without a rating");
        typed(&mut app, "x4");
        send(&mut app, Msg::Action(Action::FormNext));
        typed(&mut app, "b");
        send(&mut app, Msg::Action(Action::FormNext));
        typed(&mut app, "https://sipri.org :: no such order");
        send(&mut app, Msg::Action(Action::FormNext));
        typed(&mut app, "arms, russia");
        send(&mut app, Msg::Action(Action::FormNext));
        typed(&mut app, "Algeria to buy Russian arms");
        send(&mut app, Msg::Action(Action::FormNext));
        typed(&mut app, "Figure not confirmed.");
        send(&mut app, Msg::Action(Action::FormSave));
        assert!(app.form.is_none());
        let sidecar_path = tmp.path().join("000.txt.claims.ron");
        let saved = crate::claims::store::load(&sidecar_path)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no sidecar written"));
        let claim = &saved.claims[0];
        assert!(
            claim
                .anchor
                .exact
                .starts_with("Algeria signed an arms contract")
        );
        assert_eq!(
            claim.credibility.as_ref().map(|r| r.value.as_str()),
            Some("4")
        );
        assert_eq!(
            claim.reliability.as_ref().map(|r| r.value.as_str()),
            Some("B")
        );
        assert_eq!(claim.sources[0].note, "no such order");
        assert_eq!(claim.tags, ["arms", "russia"]);
        assert_eq!(claim.note, "Figure not confirmed.");
        assert_eq!(
            claim.summary.as_deref(),
            Some("Algeria to buy Russian arms")
        );
        assert!(
            app.notice
                .as_deref()
                .is_some_and(|n| n.starts_with("saved in"))
        );

        // Enter on the claim edits it: the same id, a new rating.
        send(&mut app, Msg::Action(Action::Annotate));
        assert!(
            app.form
                .as_ref()
                .is_some_and(|f| f.editing.as_deref() == Some(claim.id.as_str()))
        );
        typed(&mut app, "2");
        send(&mut app, Msg::Action(Action::FormSave));
        let saved = crate::claims::store::load(&sidecar_path)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no sidecar"));
        assert_eq!(saved.claims.len(), 1);
        assert_eq!(saved.claims[0].id, claim.id);
        assert_eq!(
            saved.claims[0]
                .credibility
                .as_ref()
                .map(|r| r.value.as_str()),
            Some("2")
        );
        assert_eq!(saved.claims[0].note, "Figure not confirmed.");

        // Tags used before complete with Ctrl-t.
        send(&mut app, Msg::Action(Action::Annotate));
        for _ in 0..3 {
            send(&mut app, Msg::Action(Action::FormNext));
        }
        pressed(&mut app, ratatui_textarea::Key::End);
        typed(&mut app, ", ru");
        send(&mut app, Msg::Action(Action::CompleteTag));
        let form = app.form.as_ref().unwrap_or_else(|| panic!("no form"));
        assert_eq!(form.tags.lines()[0], "arms, russia, russia");
        send(&mut app, Msg::Action(Action::FormCancel));
        send(&mut app, Msg::Action(Action::FormCancel));
        // A tag of several words survives an edit; Backspace clears a rating; Ctrl-c with
        // changes asks first.
        send(&mut app, Msg::Action(Action::Annotate));
        pressed(&mut app, ratatui_textarea::Key::Backspace);
        assert!(app.form.as_ref().is_some_and(|f| f.credibility.is_none()));
        send(&mut app, Msg::Action(Action::Quit));
        assert!(!app.quit && app.form.is_some(), "asks before quitting");
        typed(&mut app, "1");
        for _ in 0..3 {
            send(&mut app, Msg::Action(Action::FormNext));
        }
        pressed(&mut app, ratatui_textarea::Key::End);
        typed(&mut app, ", arms trade");
        send(&mut app, Msg::Action(Action::FormSave));
        let saved = crate::claims::store::load(&sidecar_path)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no sidecar"));
        assert_eq!(saved.claims[0].tags, ["arms", "russia", "arms trade"]);
        send(&mut app, Msg::Action(Action::Annotate));
        send(&mut app, Msg::Action(Action::FormSave));
        let saved = crate::claims::store::load(&sidecar_path)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no sidecar"));
        assert_eq!(
            saved.claims[0].tags,
            ["arms", "russia", "arms trade"],
            "kept whole on edit"
        );
        // Esc with changes asks first; a second Esc discards them.
        send(&mut app, Msg::Action(Action::Annotate));
        typed(&mut app, "5");
        send(&mut app, Msg::Action(Action::FormCancel));
        assert!(app.form.is_some(), "asks before discarding");
        send(&mut app, Msg::Action(Action::FormCancel));
        assert!(app.form.is_none());
    }

    #[test]
    fn claims_are_jumped_to_deleted_after_asking_and_undone() {
        let text = "Deal signed\n\nAlgeria signed an arms contract with Russia. Talks go on. \
                    The deal is worth $12-17 billion.\n";
        let (tmp, mut app) = app_with(&[text]);
        crate::tui::testing::started(&mut app, 100, 30);
        let act = |app: &mut App, actions: &[Action]| {
            for a in actions {
                send(app, Msg::Action(*a));
            }
        };
        let claim_here = |app: &mut App, sentence_moves: usize| {
            act(app, &[Action::Top, Action::Down, Action::Down]);
            for _ in 0..sentence_moves {
                act(app, &[Action::SentenceNext]);
            }
            act(app, &[Action::SelectSentence, Action::Annotate]);
            typed(app, "3");
            act(app, &[Action::FormSave]);
        };
        act(&mut app, &[Action::Open]);
        claim_here(&mut app, 0);
        claim_here(&mut app, 2);
        let sidecar = tmp.path().join("000.txt.claims.ron");
        let count = || {
            crate::claims::store::load(&sidecar)
                .ok()
                .flatten()
                .map_or(0, |s| s.claims.len())
        };
        assert_eq!(count(), 2);
        let cursor_text = |app: &App| {
            let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
            r.article.cleaned.text[r.cursor..]
                .chars()
                .take(12)
                .collect::<String>()
        };
        act(&mut app, &[Action::Top, Action::NextClaim]);
        assert_eq!(cursor_text(&app), "Algeria sign");
        act(&mut app, &[Action::NextClaim]);
        assert_eq!(cursor_text(&app), "The deal is ");
        act(&mut app, &[Action::PrevClaim]);
        assert_eq!(cursor_text(&app), "Algeria sign");
        // d asks, d deletes and saves; u brings it back, Ctrl-r deletes it again.
        act(&mut app, &[Action::DeleteClaim]);
        assert_eq!(count(), 2, "asked first");
        act(&mut app, &[Action::DeleteClaim]);
        assert_eq!(count(), 1);
        act(&mut app, &[Action::Undo]);
        assert_eq!(count(), 2);
        act(&mut app, &[Action::Redo]);
        assert_eq!(count(), 1);
        act(&mut app, &[Action::Undo, Action::Undo]);
        assert_eq!(count(), 1, "back to one: before the second claim was added");
        assert_eq!(
            app.reviews.get(&0).map(|r| r.claims.len()),
            Some(1),
            "the list's count follows"
        );
        // m moves the review status on and saves it.
        act(&mut app, &[Action::CycleStatus]);
        let status = crate::claims::store::load(&sidecar)
            .ok()
            .flatten()
            .map(|s| s.status);
        assert_eq!(
            status,
            Some(ReviewStatus::Done),
            "in progress (a claim was added), then done"
        );
        assert_eq!(
            app.reviews.get(&0).map(|r| r.status),
            Some(ReviewStatus::Done)
        );
        // u undoes the status change, not a claim.
        act(&mut app, &[Action::Undo]);
        let saved = crate::claims::store::load(&sidecar).ok().flatten();
        assert_eq!(
            saved.as_ref().map(|s| s.status),
            Some(ReviewStatus::InProgress)
        );
        assert_eq!(count(), 1);
        assert!(
            app.notice
                .as_deref()
                .is_some_and(|n| n.starts_with("undone: changed the review status"))
        );
        act(&mut app, &[Action::Redo]);
        // The claims list opens at the claim under the cursor, Enter goes to the one picked.
        act(&mut app, &[Action::Top, Action::ToggleClaims]);
        assert_eq!(app.context(), Context::Claims);
        act(&mut app, &[Action::Down, Action::Open]);
        assert_eq!(app.context(), Context::Reader);
        assert_eq!(
            cursor_text(&app),
            "Algeria sign",
            "one claim left: Down stays on it"
        );
        // A d followed by another key does not delete.
        act(
            &mut app,
            &[
                Action::Top,
                Action::NextClaim,
                Action::DeleteClaim,
                Action::Right,
            ],
        );
        act(&mut app, &[Action::DeleteClaim]);
        assert_eq!(count(), 1);
    }

    #[test]
    fn the_mouse_places_the_cursor_and_drags_a_selection_once_turned_on() {
        let text = "Deal signed\n\nAlgeria signed an arms contract with Russia.\n";
        let (_tmp, mut app) = app_with(&[text]);
        crate::tui::testing::started(&mut app, 120, 20);
        let inner = layout::inner(app.screen.clean);
        // Row 2 of the pane is "Algeria signed …"; column 8 is the s of "signed".
        let (x, y) = (inner.x + 8, inner.y + 2);
        send(&mut app, Msg::Mouse(MouseAction::Press, x, y));
        assert_eq!(
            app.reader.as_ref().map(|r| r.cursor),
            Some(0),
            "off: clicks do nothing"
        );
        send(&mut app, Msg::Action(Action::ToggleMouse));
        assert!(app.mouse);
        send(&mut app, Msg::Mouse(MouseAction::Press, x, y));
        send(&mut app, Msg::Mouse(MouseAction::Drag, x + 5, y));
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        assert_eq!(app.focus, Focus::Reader);
        let sel = r.selection().unwrap_or_else(|| panic!("no selection"));
        assert_eq!(&r.article.cleaned.text[sel], "signed");
    }

    /// Sixty short paragraphs, each followed by two lines the cleaner drops, opened at
    /// 120×20: raw rows run ahead of cleaned rows.
    fn opened_with_dropped_lines() -> (tempfile::TempDir, App) {
        let mut text = String::new();
        for i in 0..60 {
            text.push_str(&format!("Paragraph {i} of the story.\n< / ul >\n. . . .\n"));
        }
        let (tmp, mut app) = app_with(&[&text]);
        send(&mut app, Msg::Resize(120, 20));
        send(&mut app, Msg::Action(Action::Open));
        (tmp, app)
    }

    #[test]
    fn search_finds_with_smart_case_steps_round_and_v_selects_the_match() {
        let text = "Deal signed\n\nAlgeria signed an arms deal. The deal is worth $12 billion, \
                    a DEAL officials called historic.\n";
        let (_tmp, mut app) = app_with(&[text]);
        send(&mut app, Msg::Resize(120, 20));
        send(&mut app, Msg::Action(Action::Open));
        let search = |app: &mut App, query: &str| {
            send(app, Msg::Action(Action::Search));
            assert_eq!(app.context(), Context::Search);
            typed(app, query);
            send(app, Msg::Action(Action::SearchRun));
        };
        search(&mut app, "deal");
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        let s = r.search.as_ref().unwrap_or_else(|| panic!("no search"));
        assert_eq!(s.matches.len(), 4, "lower case finds every case");
        let text_of = |app: &App| {
            let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
            r.article.cleaned.text[r.cursor..]
                .chars()
                .take(4)
                .collect::<String>()
        };
        assert_eq!(text_of(&app), "Deal");
        send(&mut app, Msg::Action(Action::PrevMatch));
        assert_eq!(text_of(&app), "DEAL", "N goes round to the last");
        send(&mut app, Msg::Action(Action::NextMatch));
        send(&mut app, Msg::Action(Action::NextMatch));
        assert_eq!(text_of(&app), "deal");
        // v on a match just found selects it.
        send(&mut app, Msg::Action(Action::Select));
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        let sel = r.selection().unwrap_or_else(|| panic!("no selection"));
        assert_eq!(&r.article.cleaned.text[sel], "deal");
        send(&mut app, Msg::Action(Action::FocusList));
        // An upper-case letter makes it case-sensitive.
        search(&mut app, "DEAL");
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        assert_eq!(r.search.as_ref().map(|s| s.matches.len()), Some(1));
        // Esc drops the search before leaving the reader.
        send(&mut app, Msg::Action(Action::FocusList));
        assert!(app.reader.as_ref().is_some_and(|r| r.search.is_none()));
        assert_eq!(app.focus, Focus::Reader);
    }

    #[test]
    fn the_list_filters_as_you_type_by_title_language_status_and_claims() {
        let (_tmp, mut app) = app_with(&[
            "Deal signed with Russia\n\nbody",
            "Le budget de l'État\n\nLe gouvernement a présenté le budget de l'État pour l'année.",
            "Russia and the sanctions\n\nbody",
        ]);
        send(&mut app, Msg::Resize(120, 20));
        send(&mut app, Msg::Action(Action::Filter));
        assert_eq!(app.context(), Context::Search);
        typed(&mut app, "rus");
        assert_eq!(app.shown, [0, 2], "narrows while typing");
        send(&mut app, Msg::Action(Action::SearchRun));
        assert_eq!(app.context(), Context::List);
        send(&mut app, Msg::Action(Action::Down));
        assert_eq!(app.selected, 2, "the cursor moves over what is shown");
        send(&mut app, Msg::Action(Action::Filter));
        send(&mut app, Msg::Action(Action::SearchCancel));
        assert_eq!(app.shown, [0, 1, 2], "Esc shows every article again");
        assert_eq!(filter_articles(&app, "lang:fr"), [1]);
        app.reviews.insert(
            2,
            Review {
                status: ReviewStatus::Done,
                claims: vec![crate::claims::test_claim("c", Some("3"), None, &[])],
                conflicts: Vec::new(),
            },
        );
        assert_eq!(filter_articles(&app, "claims"), [2]);
        assert_eq!(filter_articles(&app, "status:done russia"), [2]);
        assert_eq!(filter_articles(&app, "status:unreviewed"), [0, 1]);
        assert_eq!(
            filter_articles(&app, "-lang:fr"),
            [0, 2],
            "a word negated with -"
        );
        assert_eq!(filter_articles(&app, "-claims -lang:fr"), [0]);
    }

    #[test]
    fn the_raw_pane_scrolls_to_show_the_selection() {
        // Dropped lines between paragraphs: raw rows run ahead of cleaned ones, so the raw
        // pane aligned by its top row would have the selection below its bottom edge.
        let (_tmp, mut app) = opened_with_dropped_lines();
        let height = layout::inner(app.screen.clean).height as usize;
        for _ in 0..height - 1 {
            send(&mut app, Msg::Action(Action::Down));
        }
        send(&mut app, Msg::Action(Action::Select));
        send(&mut app, Msg::Action(Action::WordEnd));
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        let sel = r
            .selection_in_source()
            .unwrap_or_else(|| panic!("no selection"));
        let row = r.raw.rows.row_at(sel.start);
        assert!(
            (r.raw.top..r.raw.top + height).contains(&row),
            "raw row {row} in view from {}",
            r.raw.top
        );
    }

    #[test]
    fn raw_pane_follows_the_cleaned_pane_through_the_map() {
        // Lots of dropped lines between paragraphs, so raw rows run ahead of cleaned rows.
        let (_tmp, mut app) = opened_with_dropped_lines();
        // The cursor goes down to the last visible row, then ten rows more scroll the view.
        let height = layout::inner(app.screen.clean).height as usize;
        for _ in 0..height - 1 + 10 {
            send(&mut app, Msg::Action(Action::Down));
        }
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        assert_eq!(r.clean.top, 10);
        let clean_line = &r.article.cleaned.text[r.clean.rows.get(10).expect("a row").start()
            ..r.clean.rows.get(10).expect("a row").end()];
        let raw_line =
            &r.article.cleaned.source.text()[r.raw.rows.get(r.raw.top).expect("a row").start()
                ..r.raw.rows.get(r.raw.top).expect("a row").end()];
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
        let clean_row = r.clean.rows.get(r.clean.top).expect("a row");
        assert_eq!(
            &r.article.cleaned.text[clean_row.start()..clean_row.end()],
            "Line 2"
        );
    }

    fn top_text(app: &App) -> (String, String) {
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        let row = |w: &Wrapped, text: &str| {
            let row = w.rows.get(w.top).expect("a row");
            text[row.start()..row.end()].to_string()
        };
        (
            row(&r.clean, &r.article.cleaned.text),
            row(&r.raw, r.article.cleaned.source.text()),
        )
    }

    #[test]
    fn going_back_to_an_article_returns_to_the_same_place() {
        let text: String = (0..80)
            .map(|i| format!("Line {i} of the story.\n"))
            .collect();
        let (_tmp, mut app) = app_with(&[&text, &text]);
        send(&mut app, Msg::Resize(120, 20));
        send(&mut app, Msg::Action(Action::Open));
        send(&mut app, Msg::Action(Action::PageDown));
        let place = top_text(&app);
        crate::tui::testing::pressed(&mut app, &[Action::FocusList, Action::Down, Action::Open]);
        assert_eq!(
            top_text(&app).0,
            "Line 0 of the story.",
            "a new article opens at its top"
        );
        crate::tui::testing::pressed(&mut app, &[Action::FocusList, Action::Up, Action::Open]);
        assert_eq!(top_text(&app), place);
    }

    #[test]
    fn the_raw_pane_can_lead_side_by_side() {
        // Short story, long dropped tail: only a leading raw pane can reach the tail.
        let mut text = String::from("Title\n\nOne sentence.\n");
        for _ in 0..30 {
            text.push_str("Leave a Reply\n. . . .\n1 - 2 - 3 - 4\n");
        }
        let (_tmp, mut app) = app_with(&[&text]);
        send(&mut app, Msg::Resize(120, 14));
        send(&mut app, Msg::Action(Action::Open));
        send(&mut app, Msg::Action(Action::Bottom));
        assert_eq!(
            app.reader.as_ref().map(|r| r.raw.top),
            Some(0),
            "cleaned text fits"
        );
        send(&mut app, Msg::Action(Action::ToggleRaw));
        send(&mut app, Msg::Action(Action::Bottom));
        let r = app.reader.as_ref().unwrap_or_else(|| panic!("no reader"));
        assert_eq!(
            r.raw.top,
            r.raw.rows.len() - 11,
            "raw pane scrolled to its end"
        );
        assert_eq!(
            top_text(&app).0,
            "Title",
            "cleaned pane keeps what it can show"
        );
    }

    #[test]
    fn resizing_through_tiny_sizes_keeps_the_place() {
        let text: String = (0..200)
            .map(|i| format!("Line {i} of the story.\n"))
            .collect();
        let (_tmp, mut app) = app_with(&[&text]);
        send(&mut app, Msg::Resize(120, 40));
        send(&mut app, Msg::Action(Action::Open));
        for _ in 0..5 {
            send(&mut app, Msg::Action(Action::PageDown));
        }
        let place = top_text(&app);
        for (w, h) in [(40, 8), (99, 30), (100, 8), (30, 3), (120, 40)] {
            send(&mut app, Msg::Resize(w, h));
        }
        assert_eq!(top_text(&app), place);
    }

    /// Listed without reading (as the reader starts on a large corpus), the articles show
    /// their file names, then their titles once the heads are read; one opened first gets
    /// its title from its own text.
    #[test]
    fn titles_fill_in_behind_the_first_frame() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (name, text) in [
            ("a.txt", "First title\n\nbody"),
            ("b.txt", "Second title\n\nbody"),
        ] {
            std::fs::write(tmp.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
        }
        let c = corpus::list(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
        let titles = |app: &App| -> Vec<String> {
            app.corpus
                .articles
                .iter()
                .map(|m| m.title.clone())
                .collect()
        };
        let mut app = App::new(c, Theme::plain());
        assert_eq!(titles(&app), ["a", "b"], "names stand in");
        send(&mut app, Msg::Resize(100, 30));
        let effects = app.start();
        assert!(effects.contains(&Effect::Describe));
        assert_eq!(app.describing, Some((0, 2)));
        // The first article loads before the heads are read: it gets its title from its text.
        let load = crate::tui::perform(&app, Effect::Load(0));
        send(&mut app, load);
        assert_eq!(titles(&app), ["First title", "b"]);
        for e in effects.into_iter().filter(|e| *e != Effect::Load(0)) {
            let m = crate::tui::perform(&app, e);
            send(&mut app, m);
        }
        assert_eq!(titles(&app), ["First title", "Second title"]);
        assert_eq!(app.describing, None);
    }

    /// In the form, typing in a field with text adds after it, and Ctrl-u clears the field
    /// (as in a prompt) rather than undoing the last edit.
    #[test]
    fn form_fields_take_typing_at_their_end_and_ctrl_u_clears_them() {
        let text = "Deal signed\n\nAlgeria signed an arms contract with Russia. Talks go on.\n";
        let (_tmp, mut app) = app_with(&[text]);
        crate::tui::testing::started(&mut app, 100, 30);
        crate::tui::testing::pressed(
            &mut app,
            &[
                Action::Open,
                Action::Down,
                Action::Down,
                Action::SelectSentence,
                Action::Annotate,
            ],
        );
        typed(&mut app, "3");
        for _ in 0..3 {
            send(&mut app, Msg::Action(Action::FormNext));
        }
        typed(&mut app, "arms");
        send(&mut app, Msg::Action(Action::FormSave));
        send(&mut app, Msg::Action(Action::Annotate));
        for _ in 0..3 {
            send(&mut app, Msg::Action(Action::FormNext));
        }
        typed(&mut app, ", russia");
        let tags = |app: &App| app.form.as_ref().map(|f| f.tags.lines().join(""));
        assert_eq!(tags(&app).as_deref(), Some("arms, russia"));
        crate::tui::testing::ctrl_typed(&mut app, 'u');
        assert_eq!(tags(&app).as_deref(), Some(""), "Ctrl-u clears the field");
        // Put back as it was, the form has nothing to lose: Esc closes it at once.
        typed(&mut app, "arms");
        send(&mut app, Msg::Action(Action::FormCancel));
        assert!(app.form.is_none(), "a change taken back is no change");
    }

    /// A large article's raw pane is wrapped while the article is cleaned: the rows are those
    /// the pane would have wrapped itself.
    #[test]
    fn a_large_articles_raw_rows_come_wrapped_with_it() {
        let text = "A paragraph of an article that is long enough to wrap.\n\n".repeat(25_000);
        assert!(text.len() >= PARALLEL_WRAP_BYTES);
        let (_tmp, mut app) = app_with(&[&text]);
        send(&mut app, Msg::Resize(120, 40));
        app.loading = Some(0);
        let msg = crate::tui::perform(&app, Effect::Load(0));
        let width = layout::inner(app.screen.raw).width as usize;
        let Msg::Loaded(_, Ok(_), Some((at, _))) = &msg else {
            panic!("no rows came with the article");
        };
        assert_eq!(*at, width);
        send(&mut app, msg);
        let reader = app.reader.as_ref().expect("the article is open");
        let rows = wrap::wrap(reader.article.cleaned.source.text(), width);
        assert_eq!(
            reader.raw.rows.window(0, usize::MAX).collect::<Vec<_>>(),
            rows
        );
    }

    /// A large article's head is drawn while the whole of it loads, then replaced by it; the
    /// head's place is never remembered, and a failed load takes the head away.
    #[test]
    fn a_large_article_shows_its_head_while_it_loads() {
        let para = "A paragraph of an article that is long enough to wrap twice.\n\n";
        let big = format!("Big headline\n\n{}", para.repeat(12_000));
        let (_tmp, mut app) = app_with(&["Small\n\nbody", &big]);
        crate::tui::testing::started(&mut app, 120, 40);
        // Listed as large without writing megabytes in a debug build.
        app.corpus.articles[1].bytes = PREVIEW_FROM;
        send(&mut app, Msg::Action(Action::Down));
        let effects = update(&mut app, Msg::Action(Action::Open));
        assert_eq!(effects, [Effect::Preview(1), Effect::Load(1)]);

        let head = crate::tui::perform(&app, Effect::Preview(1));
        assert!(
            update(&mut app, head).is_empty(),
            "nothing is read against a head"
        );
        let reader = app.reader.as_ref().expect("the head is open");
        assert!(reader.preview && reader.index == 1);
        let text = &reader.article.cleaned.text;
        assert!(text.starts_with("Big headline\n\nA paragraph") && text.len() < big.len() / 2);
        assert_eq!(app.loading, Some(1), "the status bar still says it loads");
        assert!(
            app.positions.contains_key(&0),
            "the article left keeps its place"
        );

        let whole = crate::tui::perform(&app, Effect::Load(1));
        let effects = update(&mut app, whole);
        assert_eq!(effects, [Effect::LoadClaims(1), Effect::FindTypos(1)]);
        let reader = app.reader.as_ref().expect("the article is open");
        assert!(!reader.preview);
        assert_eq!(reader.article.cleaned.text.len(), big.trim_end().len());
        assert_eq!(app.loading, None);
        assert!(
            !app.positions.contains_key(&1),
            "a head's place is not remembered"
        );

        // A head followed by a failure leaves no half article to review: the article read
        // before it comes back.
        crate::tui::testing::pressed(&mut app, &[Action::FocusList, Action::Up, Action::Open]);
        assert_eq!(app.reader.as_ref().map(|r| r.index), Some(0));
        app.positions.remove(&1);
        send(&mut app, Msg::Action(Action::FocusList));
        send(&mut app, Msg::Action(Action::Down));
        assert_eq!(
            update(&mut app, Msg::Action(Action::Open)),
            [Effect::Preview(1), Effect::Load(1)]
        );
        let head = crate::tui::perform(&app, Effect::Preview(1));
        update(&mut app, head);
        assert!(app.reader.as_ref().is_some_and(|r| r.preview));
        update(&mut app, Msg::Loaded(1, Err("gone".into()), None));
        assert_eq!(
            app.reader.as_ref().map(|r| (r.index, r.preview)),
            Some((0, false))
        );
        assert_eq!(app.notice.as_deref(), Some("gone"));
    }

    /// While the rest loads, the head can be read (scrolled, the cursor moved) but claims and
    /// search wait for the whole article, which opens where the head was left. A load that
    /// comes in after another article was asked for is dropped.
    #[test]
    fn the_head_is_read_while_the_rest_loads() {
        let lines: String = (0..8000)
            .map(|i| format!("Paragraph {i} of the story, long enough to be a line.\n\n"))
            .collect();
        let (_tmp, mut app) = app_with(&["Small\n\nbody", &format!("Big\n\n{lines}")]);
        crate::tui::testing::started(&mut app, 100, 30);
        app.corpus.articles[1].bytes = PREVIEW_FROM;
        send(&mut app, Msg::Action(Action::Down));
        update(&mut app, Msg::Action(Action::Open));
        let head = crate::tui::perform(&app, Effect::Preview(1));
        update(&mut app, head);
        assert!(app.reader.as_ref().is_some_and(|r| r.preview));
        // Where the top row starts, and the text from there.
        let top = |app: &App| {
            let r = app.reader.as_ref().expect("a reader");
            let row = r.clean.rows.get(r.clean.top).expect("a row");
            let text = &r.article.cleaned.text;
            (
                row.start(),
                text[row.start()..(row.start() + 40).min(text.len())].to_string(),
            )
        };
        for _ in 0..3 {
            send(&mut app, Msg::Action(Action::PageDown));
        }
        let read_to = top(&app);
        assert!(
            read_to.0 > 0 && read_to.1.contains("Paragraph "),
            "{read_to:?}"
        );
        for action in [
            Action::Annotate,
            Action::Search,
            Action::Bottom,
            Action::Select,
        ] {
            send(&mut app, Msg::Action(action));
            assert!(
                app.notice
                    .as_deref()
                    .is_some_and(|n| n.contains("still loading")),
                "{action:?}"
            );
            assert!(app.form.is_none() && app.prompt.is_none());
        }

        let whole = crate::tui::perform(&app, Effect::Load(1));
        update(&mut app, whole);
        assert!(app.reader.as_ref().is_some_and(|r| !r.preview));
        assert_eq!(
            app.notice, None,
            "what waited for the article can be done now"
        );
        assert_eq!(top(&app), read_to, "opens where the head was left");

        // Keys of the list, the board and the results are theirs while a head is shown.
        app.positions.remove(&1);
        crate::tui::testing::pressed(
            &mut app,
            &[
                Action::FocusList,
                Action::Up,
                Action::Open,
                Action::FocusList,
                Action::Down,
            ],
        );
        update(&mut app, Msg::Action(Action::Open));
        let head = crate::tui::perform(&app, Effect::Preview(1));
        update(&mut app, head);
        send(&mut app, Msg::Action(Action::FocusList));
        send(&mut app, Msg::Action(Action::Top));
        assert_eq!((app.selected, app.notice.as_deref()), (0, None));

        // A search match in the article whose head is shown: the jump waits for the whole
        // article, with the search carried into it.
        let text = app
            .reader
            .as_ref()
            .map(|r| r.article.cleaned.text.clone())
            .unwrap_or_default();
        let far = "Paragraph 7999 of the story";
        let effects = go_to_match(&mut app, 1, 0..far.len(), far.into());
        assert!(
            effects.is_empty() && !text.contains(far),
            "nothing read against the head"
        );
        let whole = crate::tui::perform(&app, Effect::Load(1));
        update(&mut app, whole);
        let r = app.reader.as_ref().expect("the article");
        assert_eq!(r.search.as_ref().map(|s| s.query.as_str()), Some(far));
        assert!(r.article.cleaned.text[r.cursor..].starts_with(far));

        // Asked for article 0 while article 1 loaded: 1 arriving late changes nothing.
        app.loading = Some(0);
        let late = crate::tui::perform(&app, Effect::Load(1));
        app.loading = None;
        app.reader = None;
        assert!(update(&mut app, late).is_empty());
        assert!(app.reader.is_none());
    }

    /// A large article reopened at a place of its own, or opened at a search match, is not
    /// previewed: its head would only be replaced by another place.
    #[test]
    fn no_preview_when_the_article_opens_elsewhere() {
        let (_tmp, mut app) = app_with(&["Small\n\nbody", "Big\n\nbody"]);
        crate::tui::testing::started(&mut app, 120, 40);
        app.corpus.articles[1].bytes = PREVIEW_FROM;
        assert_eq!(load_effects(&app, 1), [Effect::Preview(1), Effect::Load(1)]);
        assert_eq!(load_effects(&app, 0), [Effect::Load(0)]);
        app.positions.insert(1, 40);
        assert_eq!(load_effects(&app, 1), [Effect::Load(1)]);
        app.positions.remove(&1);
        app.jump = Some((1, Jump::Claim("c1".into())));
        assert_eq!(load_effects(&app, 1), [Effect::Load(1)]);
    }

    #[test]
    fn long_help_scrolls() {
        let (_tmp, mut app) = app_with(&["a"]);
        send(&mut app, Msg::Resize(60, 12));
        crate::tui::testing::pressed(&mut app, &[Action::ToggleHelp, Action::Down, Action::Down]);
        assert_eq!(app.help_top, 2);
        for _ in 0..keymap::help_lines().len() {
            send(&mut app, Msg::Action(Action::Down));
        }
        assert_eq!(
            app.help_top,
            keymap::help_lines().len() - 8,
            "last line at the bottom"
        );
        send(&mut app, Msg::Action(Action::ToggleHelp));
        send(&mut app, Msg::Action(Action::ToggleHelp));
        assert_eq!(app.help_top, 0, "opens at the top again");
    }

    #[test]
    fn the_rules_behind_struck_text_in_view_are_known() {
        let mut text =
            "Story line one.\n\nLeave a Reply\n\n[mc4wp_form id=\"1\"] td >\n".to_string();
        text.push_str(&"\nMore of the story.\n".repeat(10));
        let (_tmp, mut app) = app_with(&[&text]);
        send(&mut app, Msg::Resize(120, 8));
        send(&mut app, Msg::Action(Action::Open));
        let rules = |app: &App, h| {
            app.reader
                .as_ref()
                .map(|r| r.rules_in_view(h))
                .unwrap_or_default()
        };
        assert!(rules(&app, 2).is_empty(), "the first two rows were kept");
        assert_eq!(rules(&app, 3), [Rule::Boilerplate]);
        assert_eq!(
            rules(&app, 5),
            [Rule::Boilerplate, Rule::Shortcode, Rule::TagRemnant]
        );
        send(&mut app, Msg::Action(Action::ToggleRaw));
        send(&mut app, Msg::Action(Action::Bottom));
        assert!(rules(&app, 5).is_empty(), "nothing struck at the end");
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
        crate::tui::testing::started(&mut app, 100, 30);
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
        app.loading = Some(0);
        send(
            &mut app,
            Msg::Loaded(0, Err("x.txt: Permission denied".into()), None),
        );
        assert_eq!(app.notice.as_deref(), Some("x.txt: Permission denied"));
        assert!(app.reader.is_none() && !app.quit);
    }
}
