//! No crash on any input: the reader driven by random keys, resizes and mouse events on
//! random articles (the adversarial set and random bytes) at random terminal sizes down to 1×1,
//! and the stable stand-ins for the fuzz targets in `fuzz/` (the cleaner, the sidecar parser,
//! anchor re-attachment) on arbitrary bytes. Both share their checks with the code they test:
//! the event loop's key handling, and `claimmark::fuzz`.

use std::path::{Path, PathBuf};

use claimmark::tui::app::{App, MouseAction, Msg};
use claimmark::tui::keymap::{Context, Key};
use claimmark::tui::theme::Theme;
use claimmark::tui::{dispatch, perform, view};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Cases per property: `PROPTEST_CASES` when set (for a longer run), else few enough that
/// `cargo test` stays quick.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The adversarial fixtures, by name.
fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adversarial");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// One thing that happens to the reader.
#[derive(Debug, Clone)]
enum Step {
    /// A key, with Ctrl or Alt.
    Key(KeyCode, KeyModifiers),
    /// The terminal is now this size.
    Resize(u16, u16),
    /// A mouse event at a cell, perhaps outside the screen.
    Mouse(u8, u16, u16),
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        6 => proptest::char::range(' ', '~').prop_map(KeyCode::Char),
        1 => any::<char>().prop_map(KeyCode::Char),
        3 => prop::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Backspace,
            KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right, KeyCode::PageUp,
            KeyCode::PageDown, KeyCode::Home, KeyCode::End, KeyCode::Delete,
        ]),
    ]
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        1 => Just((1, 1)),
        2 => (1u16..=45, 1u16..=12),
        3 => (40u16..=300, 8u16..=100),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let modifiers = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
    ]);
    prop_oneof![
        12 => (key_code(), modifiers).prop_map(|(c, m)| Step::Key(c, m)),
        1 => size().prop_map(|(w, h)| Step::Resize(w, h)),
        1 => (0u8..4, 0u16..320, 0u16..120).prop_map(|(k, x, y)| Step::Mouse(k, x, y)),
    ]
}

/// An article: one of the adversarial fixtures, or random bytes (biased towards the ones that
/// make text hard: controls, escapes, invalid UTF-8, markup, table pipes, line breaks).
fn article() -> impl Strategy<Value = Result<usize, Vec<u8>>> {
    let byte = prop_oneof![
        4 => any::<u8>(),
        4 => prop::sample::select(b"\n\r\t\x1b[]|<>&;#- \x07\x00\x9b\xc3\xa9\xe2\x80\xae".to_vec()),
        4 => proptest::char::range('a', 'z').prop_map(|c| c as u8),
    ];
    prop_oneof![
        2 => (0..fixtures().len()).prop_map(Ok),
        1 => prop::collection::vec(byte, 0..3000).prop_map(Err),
    ]
}

/// A reader on `path`, at `size`, its start-up effects carried out.
fn reader(path: &Path, (w, h): (u16, u16), export_dir: &Path) -> App {
    let corpus = claimmark::corpus::open(path).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(corpus, Theme::colour());
    app.export_dir = Some(export_dir.to_path_buf());
    dispatch(&mut app, Msg::Resize(w, h));
    for effect in app.start() {
        let msg = perform(&app, effect);
        dispatch(&mut app, msg);
    }
    app
}

/// Draws `app` into a terminal of `size`, as the event loop does after every event.
fn draw(app: &App, (w, h): (u16, u16)) {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
    terminal
        .draw(|frame| view::draw(app, frame))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Applies `step` as the event loop would: keys looked up in the keymap of the context they
/// arrive in (typed into the form or prompt when not bound there), resizes and mouse events
/// passed on.
fn apply(app: &mut App, step: &Step, size: &mut (u16, u16)) {
    match step {
        Step::Key(code, modifiers) => {
            for key in Key::from_event(KeyEvent::new(*code, *modifiers)) {
                if let Some(action) = app.keymap.lookup(app.context(), key) {
                    dispatch(app, Msg::Action(action));
                } else if matches!(app.context(), Context::Form | Context::Search) {
                    let input = ratatui_textarea::Input::from(key.to_event());
                    dispatch(app, Msg::TextInput(input));
                }
            }
        }
        Step::Resize(w, h) => {
            *size = (*w, *h);
            dispatch(app, Msg::Resize(*w, *h));
        }
        Step::Mouse(kind, x, y) => {
            let action = match kind {
                0 => MouseAction::Press,
                1 => MouseAction::Drag,
                2 => MouseAction::ScrollDown,
                _ => MouseAction::ScrollUp,
            };
            dispatch(app, Msg::Mouse(action, *x, *y));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(40), ..ProptestConfig::default() })]

    /// Any keys, resizes and mouse events, on any article, at any size from 1×1 up: the
    /// reader never panics, and every state it reaches draws.
    #[test]
    fn the_reader_survives_any_keys_on_any_article_at_any_size(
        article in article(),
        start in size(),
        steps in prop::collection::vec(step(), 0..100),
    ) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = match &article {
            Ok(i) => {
                let fixture = &fixtures()[*i];
                let copy = dir.path().join(fixture.file_name().unwrap_or_default());
                std::fs::copy(fixture, &copy).unwrap_or_else(|e| panic!("{e}"));
                copy
            }
            Err(bytes) => {
                let file = dir.path().join("random.txt");
                std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
                file
            }
        };
        let mut size = start;
        let mut app = reader(&file, size, dir.path());
        draw(&app, size);
        for step in &steps {
            apply(&mut app, step, &mut size);
            if app.quit {
                break;
            }
            draw(&app, size);
        }
    }

    /// The folder of every adversarial article at once, with random keys: moving between
    /// articles of every kind, searching them all, the board.
    #[test]
    fn the_reader_survives_any_keys_on_the_adversarial_set(
        start in size(),
        steps in prop::collection::vec(step(), 0..100),
    ) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for fixture in fixtures() {
            let copy = dir.path().join(fixture.file_name().unwrap_or_default());
            std::fs::copy(&fixture, &copy).unwrap_or_else(|e| panic!("{e}"));
        }
        let mut size = start;
        let mut app = reader(dir.path(), size, dir.path());
        draw(&app, size);
        for step in &steps {
            apply(&mut app, step, &mut size);
            if app.quit {
                break;
            }
            draw(&app, size);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    /// Stand-in for `cargo fuzz run clean`.
    #[test]
    fn the_cleaner_survives_any_bytes(
        data in prop::collection::vec(
            prop_oneof![
                3 => any::<u8>(),
                3 => prop::sample::select(b"\n\r\t\x1b[]|<>&;#-* \xc2\xa0\xe2\x80\xa2".to_vec()),
                3 => proptest::char::range('a', 'z').prop_map(|c| c as u8),
            ],
            0..4000,
        )
    ) {
        claimmark::fuzz::clean(&data);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(200), ..ProptestConfig::default() })]

    /// Stand-in for `cargo fuzz run anchor`.
    #[test]
    fn anchors_reattach_in_any_bytes(
        data in prop::collection::vec(
            prop_oneof![
                2 => any::<u8>(),
                1 => Just(0xffu8),
                4 => prop::sample::select(b"abc \n\xc3\xa9".to_vec()),
            ],
            0..600,
        )
    ) {
        claimmark::fuzz::anchor(&data);
    }

    /// Stand-in for `cargo fuzz run sidecar`: a real sidecar cut short, with bytes flipped or
    /// inserted, and sidecars of any text.
    #[test]
    fn sidecars_survive_any_damage(
        text in any::<String>(),
        cut in any::<prop::sample::Index>(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    ) {
        let mut bytes = sample_sidecar(&text).into_bytes();
        claimmark::fuzz::sidecar(&bytes);
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        claimmark::fuzz::sidecar(&bytes);
        bytes.truncate(cut.index(bytes.len() + 1));
        claimmark::fuzz::sidecar(&bytes);
    }
}

/// A sidecar with one claim whose every field holds `text`, as claimmark writes it.
fn sample_sidecar(text: &str) -> String {
    use claimmark::claims::{Anchor, ArticleId, Claim, Rating, Sidecar, Source, store};
    let article = format!("Title\n\n{text} and more text after it.\n");
    let source = claimmark::decode::Decoded::new(article.as_bytes());
    let mut sidecar = Sidecar::new(ArticleId::of(text, article.as_bytes()));
    sidecar.claims.push(Claim {
        id: text.to_string(),
        anchor: Anchor::new(&source, 7..7 + text.len(), text),
        summary: Some(text.to_string()),
        credibility: Some(Rating {
            scale: text.to_string(),
            value: text.to_string(),
        }),
        reliability: None,
        sources: vec![Source {
            citation: text.to_string(),
            note: text.to_string(),
        }],
        tags: vec![text.to_string()],
        note: text.to_string(),
        author: text.to_string(),
        created: text.to_string(),
        updated: text.to_string(),
    });
    store::to_ron(&sidecar)
}
