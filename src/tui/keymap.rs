//! Keys as data: one table is the single source for dispatch, the help overlay and the
//! status-bar hints, so they can never disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for. Messages that do not come from keys live in [`super::app::Msg`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
}

/// Where a binding applies: the focused pane, everywhere, or while the help is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Whatever has focus, unless a more specific binding exists.
    Global,
    /// The article list has focus.
    List,
    /// The reader has focus.
    Reader,
    /// The help overlay is open; nothing else gets keys.
    Help,
}

impl Context {
    /// Heading of this group in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Article list",
            Context::Reader => "Reader",
            Context::Help => "Help",
        }
    }
}

/// A key with the modifiers that matter. Shift is folded into the character (`G`, `?`), since
/// terminals disagree about reporting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    ctrl: bool,
    /// Alt-modified keys are bound to nothing, rather than taken for their plain key.
    alt: bool,
}

impl Key {
    const fn ch(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: false,
        }
    }
    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }
    const fn code(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// The key a terminal event stands for.
    pub fn from_event(event: KeyEvent) -> Key {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
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

use Action::*;
use Context::{Global, Help, List, Reader};

/// The default keymap: arrows and vim keys, like `less` and helix.
#[rustfmt::skip]
pub const KEYMAP: &[Binding] = &[
    hint(Global, Key::code(KeyCode::Tab), FocusNext, "focus list ⇄ reader", "focus"),
    bind(Global, Key::code(KeyCode::BackTab), FocusNext, "focus list ⇄ reader"),
    hint(Global, Key::ch('?'), ToggleHelp, "show this help", "help"),
    hint(Global, Key::ch('q'), Quit, "quit", "quit"),
    bind(Global, Key::ctrl('c'), Quit, "quit"),
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
    bind(List, Key::ch('l'), Open, "open the article"),
    bind(List, Key::code(KeyCode::Right), Open, "open the article"),
    bind(Reader, Key::ch('j'), Down, "scroll down"),
    bind(Reader, Key::code(KeyCode::Down), Down, "scroll down"),
    bind(Reader, Key::ch('k'), Up, "scroll up"),
    bind(Reader, Key::code(KeyCode::Up), Up, "scroll up"),
    bind(Reader, Key::ctrl('d'), HalfPageDown, "half a page down"),
    bind(Reader, Key::ctrl('u'), HalfPageUp, "half a page up"),
    bind(Reader, Key::code(KeyCode::PageDown), PageDown, "a page down"),
    bind(Reader, Key::ch(' '), PageDown, "a page down"),
    bind(Reader, Key::code(KeyCode::PageUp), PageUp, "a page up"),
    bind(Reader, Key::ch('b'), PageUp, "a page up"),
    bind(Reader, Key::ch('g'), Top, "top of the article"),
    bind(Reader, Key::code(KeyCode::Home), Top, "top of the article"),
    bind(Reader, Key::ch('G'), Bottom, "end of the article"),
    bind(Reader, Key::code(KeyCode::End), Bottom, "end of the article"),
    bind(Reader, Key::ch('r'), ToggleRaw, "show raw ⇄ cleaned"),
    bind(Reader, Key::code(KeyCode::Esc), FocusList, "back to the list"),
    bind(Reader, Key::ch('h'), FocusList, "back to the list"),
    bind(Reader, Key::code(KeyCode::Left), FocusList, "back to the list"),
    bind(Help, Key::code(KeyCode::Esc), ToggleHelp, "close the help"),
    bind(Help, Key::ch('?'), ToggleHelp, "close the help"),
    bind(Help, Key::ch('q'), ToggleHelp, "close the help"),
    bind(Help, Key::ctrl('c'), Quit, "quit"),
];

/// The action for `key` in `context`: a binding of the context itself first, then a global
/// one (except in the help, which takes only its own keys).
pub fn lookup(context: Context, key: Key) -> Option<Action> {
    let find = |ctx: Context| {
        KEYMAP
            .iter()
            .find(|b| b.context == ctx && b.key == key)
            .map(|b| b.action)
    };
    find(context).or_else(|| {
        if context == Context::Help {
            None
        } else {
            find(Context::Global)
        }
    })
}

/// Help entries grouped by context, keys of the same action joined: `(context, keys, help)`.
pub fn help_entries() -> Vec<(Context, String, &'static str)> {
    let mut out: Vec<(Context, Vec<String>, Action, &'static str)> = Vec::new();
    for b in KEYMAP {
        match out
            .iter_mut()
            .find(|(c, _, a, _)| *c == b.context && *a == b.action)
        {
            Some(entry) => entry.1.push(b.key.label()),
            None => out.push((b.context, vec![b.key.label()], b.action, b.help)),
        }
    }
    out.into_iter()
        .map(|(c, keys, _, help)| (c, keys.join(" "), help))
        .collect()
}

/// Status-bar hints for a context, the context's own first: `(key, word)`.
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    let of = |ctx: Context| {
        KEYMAP
            .iter()
            .filter(move |b| b.context == ctx)
            .filter_map(|b| b.hint.map(|short| (b.key.label(), short)))
    };
    of(context).chain(of(Context::Global)).collect()
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
        assert_eq!(lookup(Context::Help, Key::ch('j')), None);
        assert_eq!(lookup(Context::List, Key::ch('r')), None);
    }

    #[test]
    fn shift_is_folded_into_characters() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            lookup(Context::Reader, Key::from_event(ev)),
            Some(Action::Bottom)
        );
        let ev = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(
            lookup(Context::Reader, Key::from_event(ev)),
            Some(Action::HalfPageDown)
        );
    }

    #[test]
    fn the_contexts_own_hints_come_first() {
        let words: Vec<&str> = hints(Context::List).into_iter().map(|(_, w)| w).collect();
        assert_eq!(words, ["open", "focus", "help", "quit"]);
    }

    #[test]
    fn help_lists_every_action_once_per_context() {
        let entries = help_entries();
        let down = entries
            .iter()
            .find(|(c, _, h)| *c == Context::List && *h == "next article");
        assert_eq!(down.map(|e| e.1.as_str()), Some("j ↓"));
    }
}
