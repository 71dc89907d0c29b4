//! The terminal shell: sets the terminal up, turns events into messages, runs `update`, carries
//! out its effects and draws with `view`. Everything it shows comes from the pure core.

pub mod app;
pub mod keymap;
pub mod layout;
pub mod theme;
pub mod view;

use std::collections::VecDeque;

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;

use crate::corpus::{self, Corpus};
use app::{App, Effect, Msg, update};
use keymap::Key;

/// Runs the reader on `corpus` until the user quits. The terminal is restored on return, on
/// error and on panic (ratatui's hook).
pub fn run(corpus: Corpus) -> anyhow::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, App::new(corpus, theme::Theme::from_env()));
    ratatui::try_restore()?;
    result
}

fn event_loop(terminal: &mut DefaultTerminal, mut app: App) -> anyhow::Result<()> {
    let size = terminal.size()?;
    dispatch(&mut app, Msg::Resize(size.width, size.height));
    for effect in app.start() {
        let msg = perform(&app, effect);
        dispatch(&mut app, msg);
    }
    loop {
        terminal.draw(|frame| view::draw(&app, frame))?;
        let msg = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                keymap::lookup(app.context(), Key::from_event(key)).map(Msg::Action)
            }
            Event::Resize(w, h) => Some(Msg::Resize(w, h)),
            _ => None,
        };
        if let Some(msg) = msg {
            dispatch(&mut app, msg);
        }
        if app.quit {
            return Ok(());
        }
    }
}

/// Applies `msg` and every message its effects produce, in order.
pub fn dispatch(app: &mut App, msg: Msg) {
    let mut queue = VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for effect in update(app, msg) {
            queue.push_back(perform(app, effect));
        }
    }
}

/// Carries out one effect and returns the message with its result.
pub fn perform(app: &App, effect: Effect) -> Msg {
    match effect {
        Effect::Load(index) => {
            let result = match app.corpus.articles.get(index) {
                Some(meta) => corpus::load(meta).map(Box::new).map_err(|e| e.to_string()),
                None => Err(format!("no article number {index}")),
            };
            Msg::Loaded(index, result)
        }
    }
}
