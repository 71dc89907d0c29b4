//! Keys as data: one table is the single source for dispatch, the help overlay and the
//! status-bar hints, so they can never disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for. Messages that do not come from keys live in [`super::app::Msg`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Action {
    /// Move down one article or scroll down one row.
    Down,
    /// Move up one article or scroll up one row.
    Up,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// A page down.
    PageDown,
    /// A page up.
    PageUp,
    /// To the first article or the top of the article.
    Top,
    /// To the last article or the end of the article.
    Bottom,
    /// Open the selected article and read it.
    Open,
    /// Move focus between the list and the reader.
    FocusNext,
    /// Back from the reader to the list.
    FocusList,
    /// On narrow screens, switch the reader between cleaned text and raw source.
    ToggleRaw,
    /// Show or hide the key help.
    ToggleHelp,
    /// Leave claimmark.
    Quit,
    /// The cursor one character left.
    Left,
    /// The cursor one character right.
    Right,
    /// The cursor to the next word's start.
    WordNext,
    /// The cursor to this or the previous word's start.
    WordPrev,
    /// The cursor to the end of the word.
    WordEnd,
    /// The cursor to the start of its row.
    RowStart,
    /// The cursor to the end of its row.
    RowEnd,
    /// The cursor to the next sentence.
    SentenceNext,
    /// The cursor to this or the previous sentence's start.
    SentencePrev,
    /// Start a selection at the cursor (or drop the one under way).
    Select,
    /// Select the sentence under the cursor.
    SelectSentence,
    /// Tag the selection as a claim, or edit the claim under the cursor.
    Annotate,
    /// The cursor to the next claim.
    NextClaim,
    /// The cursor to the previous claim.
    PrevClaim,
    /// Delete the claim under the cursor (asks first).
    DeleteClaim,
    /// Undo the last change to the article's claims.
    Undo,
    /// Redo what was undone.
    Redo,
    /// The open article's review status: unreviewed, in progress, done, round again.
    CycleStatus,
    /// Copy the selection, or the claim under the cursor as a citation, to the clipboard.
    Copy,
    /// Show or hide the list of the article's claims.
    ToggleClaims,
    /// The claim form's next field.
    FormNext,
    /// The claim form's previous field.
    FormPrev,
    /// Save the claim form.
    FormSave,
    /// Close the claim form (asking first if anything changed).
    FormCancel,
    /// Complete the tag being typed from the tags used in the corpus.
    CompleteTag,
    /// Filter the article list (`f`): a prompt for words and `lang:`/`status:`/`claims`.
    Filter,
    /// Search the article (`/`): a prompt for the text to find.
    Search,
    /// The next search match.
    NextMatch,
    /// The previous search match.
    PrevMatch,
    /// Run the search typed in the prompt.
    SearchRun,
    /// Close the search prompt without searching.
    SearchCancel,
    /// On a claim a merge left in conflict: keep the version shown, drop the other.
    KeepVersion,
    /// On a claim a merge left in conflict: take the other version instead.
    TakeOtherVersion,
    /// Turn mouse selection on or off (off by default: capturing the mouse takes the
    /// terminal's own copy and paste away, which reviewers over SSH rely on).
    ToggleMouse,
    /// Open or close the claim board: every claim in the corpus as a table.
    ToggleBoard,
    /// Sort the claim board by its column with this number, from 1; again, the other way.
    SortBy(u8),
    /// Search every article in the corpus: a prompt, then the results as they come.
    SearchAll,
    /// Open (or close) the export picker: the corpus's claims, or the board's, to a file.
    Export,
    /// Export in this format.
    ExportAs(crate::export::Format),
}

/// Where a binding applies: the focused pane, everywhere, or while the help is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Context {
    /// Whatever has focus, unless a more specific binding exists.
    Global,
    /// The article list has focus.
    List,
    /// The reader has focus.
    Reader,
    /// The claim form is open: its keys, and typing into its fields.
    Form,
    /// The list of the article's claims is open.
    Claims,
    /// The search prompt is open: typing goes into it.
    Search,
    /// The help overlay is open; nothing else gets keys.
    Help,
    /// The claim board is open.
    Board,
    /// The corpus search's results are open.
    Results,
    /// The export picker is open: a key picks the format.
    Export,
}

impl Context {
    /// Heading of this group in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Article list",
            Context::Reader => "Reader",
            Context::Form => "Claim form",
            Context::Claims => "Claims list",
            Context::Search => "Search prompt",
            Context::Help => "Help",
            Context::Board => "Claim board",
            Context::Results => "Search results",
            Context::Export => "Export picker",
        }
    }
}

/// A key with the modifiers that matter. Shift is folded into the character (`G`, `?`), since
/// terminals disagree about reporting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    ctrl: bool,
}

impl Key {
    const fn ch(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
        }
    }
    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }
    const fn code(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    /// The keys a terminal event stands for. Terminals send Esc followed by a key as one
    /// sequence, indistinguishable from Alt+key when typed quickly or over a slow link; no
    /// Alt binding exists, so Alt+key is taken as the Esc and the key it really was.
    pub fn from_event(event: KeyEvent) -> Vec<Key> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if event.modifiers.contains(KeyModifiers::ALT) {
            if ctrl {
                return Vec::new();
            }
            return vec![
                Key::code(KeyCode::Esc),
                Key {
                    code: event.code,
                    ctrl,
                },
            ];
        }
        vec![Key {
            code: event.code,
            ctrl,
        }]
    }

    /// The key as a terminal event again, for text fields that take any key.
    pub fn to_event(self) -> KeyEvent {
        let modifiers = if self.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(self.code, modifiers)
    }

    /// A key written the way the help writes it (`x`, `G`, `Ctrl-s`, `Enter`, `Esc`, `Tab`,
    /// `Space`, `Up`, `PgDn`, `Home`, `F5`…), for key overrides in the config.
    pub fn parse(text: &str) -> Option<Key> {
        let (ctrl, name) = match text
            .strip_prefix("Ctrl-")
            .or_else(|| text.strip_prefix("C-"))
        {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut chars = name.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match name.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "s-tab" | "backtab" => KeyCode::BackTab,
                "up" | "↑" => KeyCode::Up,
                "down" | "↓" => KeyCode::Down,
                "left" | "←" => KeyCode::Left,
                "right" | "→" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                f => KeyCode::F(f.strip_prefix('f')?.parse().ok()?),
            },
        };
        Some(Key { code, ctrl })
    }

    /// How the help overlay and status bar write the key.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Esc => "Esc".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// One row of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// The key.
    pub key: Key,
    /// What it does.
    pub action: Action,
    /// What the help overlay says it does.
    pub help: &'static str,
    /// The word the status bar shows for it, if it is advertised there.
    pub hint: Option<&'static str>,
}

const fn bind(context: Context, key: Key, action: Action, help: &'static str) -> Binding {
    Binding {
        context,
        key,
        action,
        help,
        hint: None,
    }
}

const fn hint(
    context: Context,
    key: Key,
    action: Action,
    help: &'static str,
    short: &'static str,
) -> Binding {
    Binding {
        context,
        key,
        action,
        help,
        hint: Some(short),
    }
}

use crate::export::Format as ExportFormat;
use Action::*;
use Context::{
    Board, Claims, Export as ExportPicker, Form, Global, Help, List, Reader, Results,
    Search as SearchPrompt,
};

/// The default keymap: arrows and vim keys, like `less` and helix.
#[rustfmt::skip]
pub const KEYMAP: &[Binding] = &[
    hint(Global, Key::ch('?'), ToggleHelp, "show this help", "help"),
    hint(Global, Key::ch('q'), Quit, "quit", "quit"),
    hint(Global, Key::code(KeyCode::Tab), FocusNext, "focus list ⇄ reader", "focus"),
    bind(Global, Key::code(KeyCode::BackTab), FocusNext, "focus list ⇄ reader"),
    bind(Global, Key::ctrl('c'), Quit, "quit"),
    bind(Global, Key::ch('r'), ToggleRaw, "switch cleaned ⇄ raw"),
    bind(Global, Key::ch('M'), ToggleMouse, "mouse selection on / off (off: the terminal's own copy works)"),
    bind(Global, Key::ch('C'), ToggleBoard, "the claim board: every claim in the corpus"),
    bind(Global, Key::ch('F'), SearchAll, "search every article (smart case)"),
    bind(Global, Key::ch('E'), Export, "export the claims to a file"),
    bind(List, Key::ch('j'), Down, "next article"),
    bind(List, Key::code(KeyCode::Down), Down, "next article"),
    bind(List, Key::ch('k'), Up, "previous article"),
    bind(List, Key::code(KeyCode::Up), Up, "previous article"),
    bind(List, Key::ctrl('d'), HalfPageDown, "half a page down"),
    bind(List, Key::ctrl('u'), HalfPageUp, "half a page up"),
    bind(List, Key::code(KeyCode::PageDown), PageDown, "a page down"),
    bind(List, Key::code(KeyCode::PageUp), PageUp, "a page up"),
    bind(List, Key::ch('g'), Top, "first article"),
    bind(List, Key::code(KeyCode::Home), Top, "first article"),
    bind(List, Key::ch('G'), Bottom, "last article"),
    bind(List, Key::code(KeyCode::End), Bottom, "last article"),
    hint(List, Key::code(KeyCode::Enter), Open, "open the article", "open"),
    bind(List, Key::ch('e'), Export, "export the claims to a file"),
    hint(List, Key::ch('f'), Filter, "filter: title words, lang:fr, status:done, claims", "filter"),
    bind(List, Key::ch('l'), Open, "open the article"),
    bind(List, Key::ch('/'), SearchAll, "search every article (smart case)"),
    bind(List, Key::code(KeyCode::Right), Open, "open the article"),
    bind(Reader, Key::ch('j'), Down, "cursor down a row"),
    bind(Reader, Key::code(KeyCode::Down), Down, "cursor down a row"),
    bind(Reader, Key::ch('k'), Up, "cursor up a row"),
    bind(Reader, Key::code(KeyCode::Up), Up, "cursor up a row"),
    bind(Reader, Key::ch('h'), Left, "cursor left"),
    bind(Reader, Key::code(KeyCode::Left), Left, "cursor left"),
    bind(Reader, Key::ch('l'), Right, "cursor right"),
    bind(Reader, Key::code(KeyCode::Right), Right, "cursor right"),
    bind(Reader, Key::ch('w'), WordNext, "next word"),
    bind(Reader, Key::ch('b'), WordPrev, "previous word"),
    bind(Reader, Key::ch('e'), WordEnd, "end of the word"),
    bind(Reader, Key::ch('0'), RowStart, "start of the row"),
    bind(Reader, Key::ch('$'), RowEnd, "end of the row"),
    bind(Reader, Key::ch(')'), SentenceNext, "next sentence"),
    bind(Reader, Key::ch('('), SentencePrev, "previous sentence"),
    bind(Reader, Key::ctrl('d'), HalfPageDown, "half a page down"),
    bind(Reader, Key::ctrl('u'), HalfPageUp, "half a page up"),
    bind(Reader, Key::code(KeyCode::PageDown), PageDown, "a page down"),
    bind(Reader, Key::ch(' '), PageDown, "a page down"),
    bind(Reader, Key::code(KeyCode::PageUp), PageUp, "a page up"),
    bind(Reader, Key::ctrl('b'), PageUp, "a page up"),
    bind(Reader, Key::ch('g'), Top, "top of the article"),
    bind(Reader, Key::code(KeyCode::Home), Top, "top of the article"),
    bind(Reader, Key::ch('G'), Bottom, "end of the article"),
    bind(Reader, Key::code(KeyCode::End), Bottom, "end of the article"),
    hint(Reader, Key::ch('v'), Select, "select from the cursor (again: drop it)", "select"),
    bind(Reader, Key::ch('s'), SelectSentence, "select the sentence"),
    bind(Reader, Key::code(KeyCode::Esc), FocusList, "clear the selection, else back to the list"),
    hint(Reader, Key::ch('a'), Annotate, "tag the selection as a claim", "annotate"),
    bind(Reader, Key::code(KeyCode::Enter), Annotate, "edit the claim under the cursor"),
    hint(Reader, Key::ch('/'), Search, "search the article (smart case)", "search"),
    bind(Reader, Key::ch('n'), NextMatch, "next match"),
    bind(Reader, Key::ch('N'), PrevMatch, "previous match"),
    bind(Reader, Key::ch(']'), NextClaim, "next claim"),
    bind(Reader, Key::ch('['), PrevClaim, "previous claim"),
    bind(Reader, Key::ch('d'), DeleteClaim, "delete the claim under the cursor (d again confirms)"),
    bind(Reader, Key::ch('u'), Undo, "undo a change to the claims"),
    bind(Reader, Key::ctrl('r'), Redo, "redo"),
    hint(Reader, Key::ch('c'), ToggleClaims, "list the article's claims", "claims"),
    bind(Reader, Key::ch('y'), Copy, "copy the selection, or the claim as a citation (OSC 52)"),
    bind(Reader, Key::ch('m'), CycleStatus, "mark the article unreviewed / in progress / done"),
    bind(Claims, Key::ch('j'), Down, "next claim"),
    bind(Claims, Key::code(KeyCode::Down), Down, "next claim"),
    bind(Claims, Key::ch('k'), Up, "previous claim"),
    bind(Claims, Key::code(KeyCode::Up), Up, "previous claim"),
    hint(Claims, Key::code(KeyCode::Enter), Open, "go to the claim", "go"),
    hint(Claims, Key::code(KeyCode::Esc), ToggleClaims, "close the list", "close"),
    bind(Claims, Key::ch('c'), ToggleClaims, "close the list"),
    bind(Claims, Key::ch('o'), KeepVersion, "claim in conflict (!): keep this version"),
    bind(Claims, Key::ch('t'), TakeOtherVersion, "claim in conflict (!): take the other version"),
    bind(Claims, Key::ch('u'), Undo, "undo a change to the claims"),
    bind(Claims, Key::ctrl('r'), Redo, "redo"),
    hint(SearchPrompt, Key::code(KeyCode::Enter), SearchRun, "search, or keep the filter or query as typed", "ok"),
    hint(SearchPrompt, Key::code(KeyCode::Esc), SearchCancel, "cancel", "cancel"),
    hint(Form, Key::code(KeyCode::Tab), FormNext, "next field", "next"),
    bind(Form, Key::code(KeyCode::BackTab), FormPrev, "previous field"),
    hint(Form, Key::ctrl('s'), FormSave, "save the claim", "save"),
    bind(Form, Key::ctrl('c'), Quit, "quit (asks first if the claim is not saved)"),
    bind(Form, Key::ctrl('t'), CompleteTag, "complete the tag from those used in the corpus"),
    hint(Form, Key::code(KeyCode::Esc), FormCancel, "cancel (asks first if anything changed)", "cancel"),
    bind(Board, Key::ch('j'), Down, "next claim"),
    bind(Board, Key::code(KeyCode::Down), Down, "next claim"),
    bind(Board, Key::ch('k'), Up, "previous claim"),
    bind(Board, Key::code(KeyCode::Up), Up, "previous claim"),
    bind(Board, Key::ctrl('d'), HalfPageDown, "half a page down"),
    bind(Board, Key::ctrl('u'), HalfPageUp, "half a page up"),
    bind(Board, Key::code(KeyCode::PageDown), PageDown, "a page down"),
    bind(Board, Key::code(KeyCode::PageUp), PageUp, "a page up"),
    bind(Board, Key::ch('g'), Top, "first claim"),
    bind(Board, Key::code(KeyCode::Home), Top, "first claim"),
    bind(Board, Key::ch('G'), Bottom, "last claim"),
    bind(Board, Key::code(KeyCode::End), Bottom, "last claim"),
    hint(Board, Key::code(KeyCode::Enter), Open, "go to the claim in its article", "go"),
    hint(Board, Key::ch('/'), Filter, "query: credibility>=4 tag:arms author:ana no-sources", "query"),
    bind(Board, Key::ch('f'), Filter, "query: credibility>=4 tag:arms author:ana no-sources"),
    hint(Board, Key::ch('1'), SortBy(1), "sort by article (again: the other way)", "sort (1–7)"),
    bind(Board, Key::ch('2'), SortBy(2), "sort by quote"),
    bind(Board, Key::ch('3'), SortBy(3), "sort by credibility"),
    bind(Board, Key::ch('4'), SortBy(4), "sort by reliability"),
    bind(Board, Key::ch('5'), SortBy(5), "sort by tags"),
    bind(Board, Key::ch('6'), SortBy(6), "sort by author"),
    bind(Board, Key::ch('7'), SortBy(7), "sort by last change"),
    hint(Board, Key::ch('e'), Export, "export the claims shown to a file", "export"),
    hint(Board, Key::code(KeyCode::Esc), ToggleBoard, "close the board", "close"),
    bind(Results, Key::ch('j'), Down, "next match"),
    bind(Results, Key::code(KeyCode::Down), Down, "next match"),
    bind(Results, Key::ch('k'), Up, "previous match"),
    bind(Results, Key::code(KeyCode::Up), Up, "previous match"),
    bind(Results, Key::ctrl('d'), HalfPageDown, "half a page down"),
    bind(Results, Key::ctrl('u'), HalfPageUp, "half a page up"),
    bind(Results, Key::code(KeyCode::PageDown), PageDown, "a page down"),
    bind(Results, Key::code(KeyCode::PageUp), PageUp, "a page up"),
    bind(Results, Key::ch('g'), Top, "first match"),
    bind(Results, Key::ch('G'), Bottom, "last match"),
    hint(Results, Key::code(KeyCode::Enter), Open, "open the article at the match", "open"),
    hint(Results, Key::code(KeyCode::Esc), SearchCancel, "stop the search, else close the results", "stop/close"),
    hint(Results, Key::ch('/'), SearchAll, "search again", "search again"),
    hint(ExportPicker, Key::ch('m'), ExportAs(ExportFormat::Md), "Markdown review report", "Markdown"),
    hint(ExportPicker, Key::ch('c'), ExportAs(ExportFormat::Csv), "CSV, one row per claim", "CSV"),
    hint(ExportPicker, Key::ch('j'), ExportAs(ExportFormat::Json), "JSON, everything", "JSON"),
    hint(ExportPicker, Key::ch('w'), ExportAs(ExportFormat::W3c), "W3C Web Annotations (JSON-LD)", "W3C"),
    hint(ExportPicker, Key::ch('r'), ExportAs(ExportFormat::ClaimReview), "schema.org ClaimReview (JSON-LD)", "ClaimReview"),
    hint(ExportPicker, Key::code(KeyCode::Esc), Export, "close without exporting", "cancel"),
    hint(Help, Key::code(KeyCode::Esc), ToggleHelp, "close the help", "close"),
    hint(Help, Key::ch('j'), Down, "scroll the help", "scroll"),
    bind(Help, Key::code(KeyCode::Down), Down, "scroll the help"),
    bind(Help, Key::ch('k'), Up, "scroll the help back"),
    bind(Help, Key::code(KeyCode::Up), Up, "scroll the help back"),
    bind(Help, Key::ch('?'), ToggleHelp, "close the help"),
    bind(Help, Key::ch('q'), ToggleHelp, "close the help"),
    bind(Help, Key::ctrl('c'), Quit, "quit"),
];

/// The action for `key` in `context`: a binding of the context itself first, then a global
/// one (except in the help, which takes only its own keys).
pub fn lookup(context: Context, key: Key) -> Option<Action> {
    lookup_in(KEYMAP, context, key)
}

fn lookup_in(bindings: &[Binding], context: Context, key: Key) -> Option<Action> {
    let find = |ctx: Context| {
        bindings
            .iter()
            .find(|b| b.context == ctx && b.key == key)
            .map(|b| b.action)
    };
    find(context).or_else(|| {
        if matches!(context, Context::Help | Context::Form | Context::Search) {
            None
        } else {
            find(Context::Global)
        }
    })
}

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A context's heading.
    Heading(&'static str),
    /// Keys (joined) and what they do.
    Entry(String, &'static str),
    /// Space between two contexts.
    Blank,
}

/// The help, generated from the keymap: a heading per context, then one entry per action
/// with all its keys, contexts separated by a blank line.
pub fn help_lines() -> Vec<HelpLine> {
    help_lines_of(KEYMAP)
}

fn help_lines_of(bindings: &[Binding]) -> Vec<HelpLine> {
    let mut entries: Vec<(Context, Vec<String>, Action, &'static str)> = Vec::new();
    for b in bindings {
        match entries
            .iter_mut()
            .find(|(c, _, a, _)| *c == b.context && *a == b.action)
        {
            Some(entry) => entry.1.push(b.key.label()),
            None => entries.push((b.context, vec![b.key.label()], b.action, b.help)),
        }
    }
    let mut lines = Vec::new();
    let mut last = None;
    for (context, keys, _, help) in entries {
        if last != Some(context) {
            if last.is_some() {
                lines.push(HelpLine::Blank);
            }
            lines.push(HelpLine::Heading(context.title()));
            last = Some(context);
        }
        lines.push(HelpLine::Entry(keys.join(" "), help));
    }
    lines
}

/// One key override from the config: in `context`, `key` does `action`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Override {
    /// Where it applies.
    pub context: Context,
    /// The key, written as the help writes keys (`x`, `Ctrl-s`, `Enter`).
    pub key: String,
    /// What it does.
    pub action: Action,
}

/// The keymap in force: the defaults with the config's overrides merged over them. Dispatch,
/// the help overlay and the status-bar hints all read this one table.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: KEYMAP.to_vec(),
        }
    }
}

impl Keymap {
    /// The defaults with `overrides` over them: an override takes its key from whatever it
    /// did in that context, and joins its action's entry in the help. Keys that cannot be
    /// read are returned, for a message.
    pub fn with_overrides(overrides: &[Override]) -> (Keymap, Vec<String>) {
        let mut bindings = KEYMAP.to_vec();
        let mut unknown = Vec::new();
        for o in overrides {
            let Some(key) = Key::parse(&o.key) else {
                unknown.push(o.key.clone());
                continue;
            };
            bindings.retain(|b| !(b.context == o.context && b.key == key));
            let help = KEYMAP
                .iter()
                .find(|b| b.action == o.action)
                .map_or("(from the config)", |b| b.help);
            let binding = Binding {
                context: o.context,
                key,
                action: o.action,
                help,
                hint: None,
            };
            // Beside the context's other bindings, so the help keeps one heading per context.
            let at = bindings
                .iter()
                .rposition(|b| b.context == o.context)
                .map_or(bindings.len(), |i| i + 1);
            bindings.insert(at, binding);
        }
        (Keymap { bindings }, unknown)
    }

    /// The action for `key` in `context`, as [`lookup`] but with the overrides.
    pub fn lookup(&self, context: Context, key: Key) -> Option<Action> {
        lookup_in(&self.bindings, context, key)
    }

    /// The help lines, as [`help_lines`] but with the overrides.
    pub fn help_lines(&self) -> Vec<HelpLine> {
        help_lines_of(&self.bindings)
    }
}

/// Status-bar hints for a context, the context's own first: `(key, word)`.
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    let of = |ctx: Context| {
        KEYMAP
            .iter()
            .filter(move |b| b.context == ctx)
            .filter_map(|b| b.hint.map(|short| (b.key.label(), short)))
    };
    // The help and the form take only their own keys: `q` and `?` type text in the form.
    let globals = !matches!(context, Context::Help | Context::Form | Context::Search);
    let globals = globals.then(|| of(Context::Global));
    of(context).chain(globals.into_iter().flatten()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let mut seen = HashSet::new();
        for b in KEYMAP {
            assert!(
                seen.insert((b.context, b.key)),
                "{} bound twice in {:?}",
                b.key.label(),
                b.context
            );
        }
    }

    #[test]
    fn context_bindings_win_and_globals_fill_in() {
        assert_eq!(lookup(Context::List, Key::ch('j')), Some(Action::Down));
        assert_eq!(lookup(Context::Reader, Key::ch('q')), Some(Action::Quit));
        assert_eq!(
            lookup(Context::Help, Key::ch('q')),
            Some(Action::ToggleHelp)
        );
        assert_eq!(lookup(Context::Help, Key::ch('j')), Some(Action::Down));
        assert_eq!(lookup(Context::Help, Key::ch('g')), None);
        assert_eq!(lookup(Context::List, Key::ch('r')), Some(Action::ToggleRaw));
    }

    #[test]
    fn shift_is_folded_into_characters_and_alt_is_esc_first() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(ev), [Key::ch('G')]);
        assert_eq!(lookup(Context::Reader, Key::ch('G')), Some(Action::Bottom));
        let ev = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(ev), [Key::ctrl('d')]);
        let ev = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT);
        assert_eq!(
            Key::from_event(ev),
            [Key::code(KeyCode::Esc), Key::ch('j')],
            "Esc typed quickly before j"
        );
    }

    #[test]
    fn the_contexts_own_hints_come_first() {
        let words: Vec<&str> = hints(Context::List).into_iter().map(|(_, w)| w).collect();
        assert_eq!(words, ["open", "filter", "help", "quit", "focus"]);
    }

    #[test]
    fn help_lists_every_action_once_per_context() {
        let lines = help_lines();
        let entry = HelpLine::Entry("j ↓".into(), "next article");
        assert_eq!(lines.iter().filter(|l| **l == entry).count(), 1);
        assert_eq!(lines[0], HelpLine::Heading("Everywhere"));
        let headings = lines
            .iter()
            .filter(|l| matches!(l, HelpLine::Heading(_)))
            .count();
        let blanks = lines.iter().filter(|l| **l == HelpLine::Blank).count();
        assert_eq!(
            headings, 10,
            "everywhere, list, reader, claims list, search prompt, claim form, board, results, \
             export, help"
        );
        assert_eq!(blanks, 9);
    }

    #[test]
    fn overrides_replace_a_key_and_show_in_the_help() {
        let overrides = [
            Override {
                context: Context::Reader,
                key: "x".into(),
                action: Action::Annotate,
            },
            Override {
                context: Context::Reader,
                key: "Ctrl-j".into(),
                action: Action::Down,
            },
            Override {
                context: Context::Reader,
                key: "Hyper-q".into(),
                action: Action::Quit,
            },
        ];
        let (map, unknown) = Keymap::with_overrides(&overrides);
        assert_eq!(unknown, ["Hyper-q"]);
        assert_eq!(
            map.lookup(Context::Reader, Key::ch('x')),
            Some(Action::Annotate)
        );
        assert_eq!(
            map.lookup(Context::Reader, Key::ctrl('j')),
            Some(Action::Down)
        );
        assert_eq!(
            map.lookup(Context::Reader, Key::ch('a')),
            Some(Action::Annotate)
        );
        let help = map.help_lines();
        let entry = HelpLine::Entry("a Enter x".into(), "tag the selection as a claim");
        assert!(help.contains(&entry), "{help:?}");
        let headings = help
            .iter()
            .filter(|l| matches!(l, HelpLine::Heading(_)))
            .count();
        assert_eq!(headings, 10, "still one heading per context");
        assert_eq!(Key::parse("Enter"), Some(Key::code(KeyCode::Enter)));
        assert_eq!(Key::parse("F5"), Some(Key::code(KeyCode::F(5))));
        assert_eq!(Key::parse("Space"), Some(Key::ch(' ')));
    }

    #[test]
    fn the_form_takes_its_own_keys_and_leaves_the_rest_to_typing() {
        assert_eq!(
            lookup(Context::Form, Key::ctrl('s')),
            Some(Action::FormSave)
        );
        assert_eq!(
            lookup(Context::Form, Key::code(KeyCode::Tab)),
            Some(Action::FormNext)
        );
        assert_eq!(
            lookup(Context::Form, Key::ch('q')),
            None,
            "q is typed, not quit"
        );
        assert_eq!(lookup(Context::Form, Key::ch('?')), None);
        let words: Vec<&str> = hints(Context::Form).into_iter().map(|(_, w)| w).collect();
        assert_eq!(words, ["next", "save", "cancel"]);
    }

    #[test]
    fn the_help_advertises_only_its_own_keys() {
        let words: Vec<&str> = hints(Context::Help).into_iter().map(|(_, w)| w).collect();
        assert_eq!(words, ["close", "scroll"]);
    }
}
