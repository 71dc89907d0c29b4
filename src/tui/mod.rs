//! The terminal shell: sets the terminal up, turns events into messages, runs `update`, carries
//! out its effects and draws with `view`. Everything it shows comes from the pure core.

pub mod app;
pub mod board;
pub mod board_view;
pub mod keymap;
pub mod layout;
pub mod results;
pub mod results_view;
pub mod saving;
#[cfg(test)]
pub(crate) mod testing;
pub mod theme;
pub mod view;

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;

use crate::corpus::{self, Corpus};
use crate::wrap::{self, Rows};
use app::{App, Effect, Msg, update};
use keymap::Key;

/// Runs the reader on `corpus` until the user quits. The terminal is restored on return, on
/// error and on panic (ratatui's hook).
pub fn run(corpus: Corpus) -> anyhow::Result<()> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the reader needs a terminal; in scripts use `claimmark list` or `claimmark clean`"
        );
    }
    let (config, warning) = crate::config::path()
        .map(|p| crate::config::load(&p))
        .unwrap_or_default();
    let theme = match config.colour {
        Some(true) => theme::Theme::colour(),
        Some(false) => theme::Theme::plain(),
        None => theme::Theme::from_env(),
    };
    let mut app = App::new(corpus, theme);
    let (scales, scale_warning) = config.scales();
    app.scales = scales;
    app.author = config.author();
    let (keys, unknown) = keymap::Keymap::with_overrides(&config.keys);
    app.keymap = keys;
    if !unknown.is_empty() {
        app.notice = Some(format!(
            "config: keys not understood: {}",
            unknown.join(", ")
        ));
    }
    if let Some(w) = warning.or(scale_warning) {
        app.notice = Some(w);
    }
    app.mouse = config.mouse;
    let mut terminal = ratatui::try_init()?;
    // Gives the terminal its mouse back however the loop ends, a panic included.
    struct MouseGuard;
    impl Drop for MouseGuard {
        fn drop(&mut self) {
            let _ = set_mouse(false);
        }
    }
    let _mouse = MouseGuard;
    if app.mouse {
        let _ = set_mouse(true);
    }
    let result = event_loop(&mut terminal, app);
    ratatui::try_restore()?;
    result
}

/// Work running on other threads: the corpus search. Its reports come back as messages on
/// `rx`; `cancel` stops the one under way.
struct Background {
    tx: mpsc::Sender<Msg>,
    rx: mpsc::Receiver<Msg>,
    cancel: Option<(u64, Arc<AtomicBool>)>,
    /// Articles being read and cleaned on threads of their own: asked for again (back and
    /// forth between two large articles), one is not started twice.
    loading: std::collections::HashSet<usize>,
}

impl Background {
    fn new() -> Background {
        let (tx, rx) = mpsc::channel();
        Background {
            tx,
            rx,
            cancel: None,
            loading: std::collections::HashSet::new(),
        }
    }

    /// Reads and cleans the article at `index` on a thread of its own, unless that is under
    /// way; answers with [`Msg::Loaded`]. A panic there becomes a message, not a reader
    /// waiting for ever.
    fn load(&mut self, app: &App, index: usize) {
        if !self.loading.insert(index) {
            return;
        }
        let job = load_job(app, index);
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let msg =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).unwrap_or_else(|_| {
                    Msg::Loaded(
                        index,
                        Err("could not open the article: an internal error".into()),
                        None,
                    )
                });
            let _ = tx.send(msg);
        });
    }

    /// Starts searching every article on a thread of its own, so keys keep working and
    /// results show as they come.
    fn search(&mut self, app: &App, generation: u64, query: &str) {
        self.stop_all();
        let Some(re) = crate::search::matcher(query) else {
            return;
        };
        let cancel = Arc::new(AtomicBool::new(false));
        self.cancel = Some((generation, Arc::clone(&cancel)));
        let articles = app.corpus.articles.clone();
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let complete = crate::search::search_corpus(&articles, &re, &cancel, |progress| {
                let _ = tx.send(Msg::CorpusFound(generation, progress, None));
            });
            let _ = tx.send(Msg::CorpusFound(
                generation,
                crate::search::Progress::default(),
                Some(complete),
            ));
        });
    }

    /// Reads the heads of the articles not described yet, in list order, on a thread of its
    /// own, sending them in batches: the list fills in while the reviewer already reads.
    fn describe(&self, app: &App) {
        let pending: Vec<(usize, crate::corpus::ArticleMeta)> = app
            .corpus
            .articles
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.described)
            .map(|(i, m)| (i, m.clone()))
            .collect();
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            // One reader per core, each taking the next article not taken, sending what it
            // described every 100 ms; the last message says all are done.
            let next = std::sync::atomic::AtomicUsize::new(0);
            let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
            std::thread::scope(|scope| {
                for _ in 0..workers {
                    let (tx, next, pending) = (tx.clone(), &next, &pending);
                    scope.spawn(move || {
                        let mut batch = Vec::new();
                        let mut sent = std::time::Instant::now();
                        while let Some((i, meta)) =
                            pending.get(next.fetch_add(1, Ordering::Relaxed))
                        {
                            // A file that cannot be read keeps its name as title; opening it
                            // says why.
                            let described = corpus::describe(meta).unwrap_or_else(|_| {
                                crate::corpus::ArticleMeta {
                                    described: true,
                                    ..meta.clone()
                                }
                            });
                            batch.push((*i, described));
                            if sent.elapsed() >= Duration::from_millis(100) {
                                if tx
                                    .send(Msg::Described(std::mem::take(&mut batch), false))
                                    .is_err()
                                {
                                    return;
                                }
                                sent = std::time::Instant::now();
                            }
                        }
                        let _ = tx.send(Msg::Described(batch, false));
                    });
                }
            });
            let _ = tx.send(Msg::Described(Vec::new(), true));
        });
    }

    /// Reads every article's sidecar on a thread of its own (a large corpus has as many), for
    /// the list's counts, tag completion and the board.
    fn scan_claims(&self, app: &App) {
        let articles = app.corpus.articles.clone();
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(scan_claims(&articles));
        });
    }

    /// Stops the search of this generation, if it is the one running.
    fn stop(&mut self, generation: u64) {
        if let Some((_, flag)) = self.cancel.take_if(|(g, _)| *g == generation) {
            flag.store(true, Ordering::Relaxed);
        }
    }

    fn stop_all(&mut self) {
        if let Some((_, flag)) = self.cancel.take() {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

/// Draw, then either carry out one pending effect (so "Loading…" is on screen while an article
/// loads) or wait for the next event. While a corpus search runs, waiting for a key gives way
/// every 50 ms to take in what it found; while a large article loads behind its head, every
/// 5 ms.
fn event_loop(terminal: &mut DefaultTerminal, mut app: App) -> anyhow::Result<()> {
    let size = terminal.size()?;
    let mut pending: VecDeque<Effect> = update(&mut app, Msg::Resize(size.width, size.height))
        .into_iter()
        .chain(app.start())
        .collect();
    let mut background = Background::new();
    loop {
        while let Ok(msg) = background.rx.try_recv() {
            if let Msg::Loaded(index, ..) = &msg {
                background.loading.remove(index);
            }
            pending.extend(update(&mut app, msg));
        }
        terminal.draw(|frame| view::draw(&app, frame))?;
        if let Some(effect) = pending.pop_front() {
            match effect {
                Effect::SearchCorpus(generation, query) => {
                    background.search(&app, generation, &query)
                }
                Effect::CancelSearch(generation) => background.stop(generation),
                Effect::Describe => background.describe(&app),
                Effect::ScanClaims => background.scan_claims(&app),
                // A large article's head is on screen: the rest loads behind it, keys reading
                // the head meanwhile. (Smaller articles load here, in a few milliseconds, so
                // keys typed ahead reach the article they were meant for.)
                Effect::Load(index)
                    if app
                        .reader
                        .as_ref()
                        .is_some_and(|r| r.preview && r.index == index) =>
                {
                    background.load(&app, index)
                }
                effect => {
                    let msg = perform(&app, effect);
                    pending.extend(update(&mut app, msg));
                }
            }
            continue;
        }
        let busy = [&app.results, &app.parked_results]
            .into_iter()
            .flatten()
            .any(|r| r.running)
            || app.describing.is_some();
        // An article loading behind its head is looked for more often: it is what the
        // reviewer waits for.
        let tick = if app.loading.is_some() { 5 } else { 50 };
        if (busy || app.loading.is_some()) && !event::poll(Duration::from_millis(tick))? {
            continue;
        }
        match event::read()? {
            Event::Key(event) if event.kind != KeyEventKind::Release => {
                panic_if_asked(&event);
                // Look each key up after the previous one took effect: Esc may change focus.
                for key in Key::from_event(event) {
                    if let Some(action) = app.keymap.lookup(app.context(), key) {
                        pending.extend(update(&mut app, Msg::Action(action)));
                    } else if matches!(
                        app.context(),
                        keymap::Context::Form | keymap::Context::Search
                    ) {
                        // Not a form key: typing into the field.
                        let input = ratatui_textarea::Input::from(key.to_event());
                        pending.extend(update(&mut app, Msg::TextInput(input)));
                    }
                }
            }
            Event::Resize(w, h) => pending.extend(update(&mut app, Msg::Resize(w, h))),
            Event::Mouse(m) if app.mouse => {
                use crossterm::event::{MouseButton, MouseEventKind};
                let action = match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => Some(app::MouseAction::Press),
                    MouseEventKind::Drag(MouseButton::Left) => Some(app::MouseAction::Drag),
                    MouseEventKind::ScrollDown => Some(app::MouseAction::ScrollDown),
                    MouseEventKind::ScrollUp => Some(app::MouseAction::ScrollUp),
                    _ => None,
                };
                if let Some(action) = action {
                    pending.extend(update(&mut app, Msg::Mouse(action, m.column, m.row)));
                }
            }
            _ => {}
        }
        if app.quit {
            background.stop_all();
            return Ok(());
        }
    }
}

/// In debug builds only (what the tests run), the key named by `CLAIMMARK_TEST_PANIC_KEY`
/// panics, so a test can prove the terminal is restored after a panic; release builds have no
/// such key.
fn panic_if_asked(event: &crossterm::event::KeyEvent) {
    #[cfg(debug_assertions)]
    if let crossterm::event::KeyCode::Char(c) = event.code
        && std::env::var("CLAIMMARK_TEST_PANIC_KEY").is_ok_and(|k| k == c.to_string())
    {
        panic!("a panic asked for by CLAIMMARK_TEST_PANIC_KEY");
    }
    #[cfg(not(debug_assertions))]
    let _ = event;
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

/// Loading the article at `index`, as work that can run on another thread: a large
/// article's raw pane is wrapped while it is cleaned, on a second thread.
fn load_job(app: &App, index: usize) -> impl FnOnce() -> Msg + Send + 'static {
    let width = layout::inner(app.screen.raw).width as usize;
    let usable = width > 0 && !app.screen.too_small;
    let meta = app.corpus.articles.get(index).cloned();
    move || {
        let wrap_raw = move |text: &str| {
            (usable && text.len() >= app::PARALLEL_WRAP_BYTES)
                .then(|| (width, Rows::Plain(wrap::wrap_plain(text, width))))
        };
        match meta.map(|meta| corpus::load_beside(&meta, wrap_raw)) {
            Some(Ok((article, rows))) => Msg::Loaded(index, Ok(Box::new(article)), rows),
            Some(Err(e)) => Msg::Loaded(index, Err(e.to_string()), None),
            None => Msg::Loaded(index, Err(format!("no article number {index}")), None),
        }
    }
}

/// Carries out one effect and returns the message with its result.
pub fn perform(app: &App, effect: Effect) -> Msg {
    match effect {
        Effect::Load(index) => load_job(app, index)(),
        Effect::Preview(index) => match app.corpus.articles.get(index) {
            Some(meta) => Msg::Preview(
                index,
                corpus::load_head(meta, app::PREVIEW_BYTES)
                    .map(Box::new)
                    .map_err(|e| e.to_string()),
            ),
            None => Msg::Preview(index, Err(format!("no article number {index}"))),
        },
        Effect::LoadClaims(index) => {
            let result = match app.corpus.articles.get(index) {
                Some(meta) => {
                    match crate::claims::store::existing(&meta.path, &crate::demo::data_dir()) {
                        None => Ok(None),
                        Some(path) => crate::claims::store::load(&path)
                            .map(|s| s.map(|s| (path, s)))
                            .map_err(|e| e.to_string()),
                    }
                }
                None => Ok(None),
            };
            Msg::ClaimsLoaded(index, result)
        }
        Effect::FindTypos(index) => {
            let typos = app
                .reader
                .as_ref()
                .filter(|r| r.index == index)
                .map(|r| {
                    crate::typos::suspected(&r.article.cleaned.text, r.article.meta.lang)
                        .into_iter()
                        .map(|t| (t.span, t.meant))
                        .collect()
                })
                .unwrap_or_default();
            Msg::Typos(index, typos)
        }
        Effect::SaveClaims(index) => Msg::Saved(index, save_claims(app, index)),
        Effect::Copy(text) => Msg::Copied(copy_to_clipboard(&text)),
        Effect::SetMouse(on) => Msg::MouseSet(set_mouse(on)),
        // Without the event loop's threads (in tests, and `dispatch`), the corpus search runs
        // to the end before answering, all its matches in one report.
        Effect::SearchCorpus(generation, query) => {
            let mut all = crate::search::Progress::default();
            let complete = crate::search::matcher(&query).is_some_and(|re| {
                crate::search::search_corpus(
                    &app.corpus.articles,
                    &re,
                    &AtomicBool::new(false),
                    |p| {
                        all.hits.extend(p.hits);
                        all.searched = p.searched;
                        all.unreadable += p.unreadable;
                    },
                )
            });
            Msg::CorpusFound(generation, all, Some(complete))
        }
        Effect::Export(format, query) => Msg::Exported(export(app, format, &query)),
        Effect::CancelSearch(generation) => {
            Msg::CorpusFound(generation, crate::search::Progress::default(), Some(false))
        }
        Effect::ScanClaims => scan_claims(&app.corpus.articles),
        // Without the event loop's threads, every head is read before answering.
        Effect::Describe => Msg::Described(
            app.corpus
                .articles
                .iter()
                .enumerate()
                .filter(|(_, m)| !m.described)
                .filter_map(|(i, m)| corpus::describe(m).ok().map(|d| (i, d)))
                .collect(),
            true,
        ),
    }
}

/// The review status and claims of every article with a readable sidecar.
fn scan_claims(articles: &[crate::corpus::ArticleMeta]) -> Msg {
    let data = crate::demo::data_dir();
    let found = articles
        .iter()
        .enumerate()
        .filter_map(|(i, meta)| {
            let path = crate::claims::store::existing(&meta.path, &data)?;
            let mut sidecar = crate::claims::store::load(&path).ok()??;
            sidecar.sort();
            Some((i, app::Review::of(&sidecar)))
        })
        .collect();
    Msg::ClaimsScanned(found)
}

/// Writes the open article's sidecar: its identity taken from the file as it is now, merged
/// under the sidecar's lock with what other processes saved since this reader's base, then an
/// atomic write beside it (or under the data folder when its folder refuses). Never over a
/// sidecar that could not be read.
fn save_claims(
    app: &App,
    index: usize,
) -> Result<(std::path::PathBuf, crate::claims::Sidecar), String> {
    use crate::claims::{ArticleId, store};
    let (Some(meta), Some(reader)) = (app.corpus.articles.get(index), app.reader.as_ref()) else {
        return Err("the article is no longer open".into());
    };
    if let Some(why) = &reader.saving.read_only {
        return Err(saving::read_only_notice(why));
    }
    let Some((_, sidecar)) = reader.sidecar.as_ref().filter(|_| reader.index == index) else {
        return Err("nothing to save".into());
    };
    let raw = std::fs::read(&meta.path).map_err(|e| format!("{}: {e}", meta.path.display()))?;
    let mut sidecar = sidecar.clone();
    sidecar.article = ArticleId::of(&sidecar.article.file, &raw);
    store::save_merged_for(
        &meta.path,
        &crate::demo::data_dir(),
        reader.saving.base.as_ref(),
        &sidecar,
    )
    .map_err(|e| e.to_string())
}

/// Writes the claims `query` keeps in `format` to a new file named for the time, in the folder
/// claimmark was started from (the reviewer's own), or under the data folder when that one
/// refuses.
fn export(app: &App, format: crate::export::Format, query: &str) -> Result<app::Exported, String> {
    let query =
        crate::claims::query::Query::parse_for(query, &app.scales).map_err(|e| e.to_string())?;
    let (config, _) = crate::config::path()
        .map(|p| crate::config::load(&p))
        .unwrap_or_default();
    let (mut settings, _) = crate::export::Settings::from_config(&config);
    settings.scales = app.scales.clone();
    let (rendered, claims) = crate::export::export_corpus(
        &app.corpus,
        &crate::demo::data_dir(),
        format,
        &query,
        &settings,
        &mut || {},
    );
    let stamp = time::OffsetDateTime::now_utc();
    let stem = format!(
        "claims-{:04}{:02}{:02}-{:02}{:02}{:02}",
        stamp.year(),
        u8::from(stamp.month()),
        stamp.day(),
        stamp.hour(),
        stamp.minute(),
        stamp.second(),
    );
    let ext = format.extension();
    // Two exports in the same second get -2, -3…: an export never replaces another.
    let free = |dir: &std::path::Path| {
        std::iter::once(dir.join(format!("{stem}.{ext}")))
            .chain((2..).map(|n| dir.join(format!("{stem}-{n}.{ext}"))))
            .find(|p| !p.exists())
            .unwrap_or_else(|| dir.join(format!("{stem}.{ext}")))
    };
    let here = app
        .export_dir
        .clone()
        .map_or_else(std::env::current_dir, Ok)
        .map(|d| free(&d));
    let written = match here {
        Ok(path) if crate::claims::store::write_atomic(&path, rendered.text.as_bytes()).is_ok() => {
            path
        }
        _ => {
            let path = free(&crate::demo::data_dir().join("exports"));
            crate::claims::store::write_atomic(&path, rendered.text.as_bytes())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            path
        }
    };
    Ok(app::Exported {
        path: written,
        claims,
        format,
        warnings: rendered.warnings,
    })
}

/// Sends `text` to the terminal's clipboard with OSC 52, which terminals (and tmux, and SSH
/// sessions) pass to the reviewer's own machine. Only to a terminal: elsewhere there is no
/// clipboard to reach.
fn copy_to_clipboard(text: &str) -> Result<usize, String> {
    use base64::Engine;
    use std::io::Write;
    let mut out = std::io::stdout();
    if !out.is_terminal() {
        return Err("no terminal to copy to".into());
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    write!(out, "\x1b]52;c;{encoded}\x07")
        .and_then(|()| out.flush())
        .map_err(|e| e.to_string())?;
    Ok(text.chars().count())
}

/// Captures the mouse for selection, or gives it back to the terminal. Only on a terminal.
fn set_mouse(on: bool) -> Result<(), String> {
    let mut out = std::io::stdout();
    if !out.is_terminal() {
        return Err("no terminal".into());
    }
    let result = if on {
        crossterm::execute!(out, crossterm::event::EnableMouseCapture)
    } else {
        crossterm::execute!(out, crossterm::event::DisableMouseCapture)
    };
    result.map_err(|e| e.to_string())
}
