//! What the shell's tests share: a reader on a folder of articles written for the test, and
//! typing into whatever has the keys. Tests only.

use std::path::Path;

use super::app::{App, Msg};
use super::dispatch as send;

/// Writes `articles` (name, text) into `dir`, opens the folder and runs the start-up effects,
/// as the event loop does before the first key: a reader at 100×30 with the list focused.
pub fn reader_on(dir: &Path, articles: &[(&str, &str)]) -> App {
    for (name, text) in articles {
        std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    let corpus = crate::corpus::open(dir).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(corpus, super::theme::Theme::plain());
    started(&mut app, 100, 30);
    app
}

/// A `width`×`height` terminal, and the start-up effects run, as the event loop does before
/// the first key.
pub fn started(app: &mut App, width: u16, height: u16) {
    send(app, Msg::Resize(width, height));
    for e in app.start() {
        let m = super::perform(app, e);
        send(app, m);
    }
}

/// Types `text` a character at a time, as keys that are no binding reach the focused field.
pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        send(
            app,
            Msg::TextInput(ratatui_textarea::Input {
                key: ratatui_textarea::Key::Char(c),
                ..Default::default()
            }),
        );
    }
}

/// Presses `actions` in order, as their keys would.
pub fn pressed(app: &mut App, actions: &[super::keymap::Action]) {
    for &action in actions {
        send(app, Msg::Action(action));
    }
}

/// Ctrl and `c` typed into the focused field (Ctrl-u clears it).
pub fn ctrl_typed(app: &mut App, c: char) {
    send(
        app,
        Msg::TextInput(ratatui_textarea::Input {
            key: ratatui_textarea::Key::Char(c),
            ctrl: true,
            ..Default::default()
        }),
    );
}
