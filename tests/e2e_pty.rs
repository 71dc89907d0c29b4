//! End-to-end tests: the real `claimmark` binary in a pseudo-terminal, its output fed to a
//! `vt100` terminal emulator and the emulated screen read back.
//!
//! These check what unit and `TestBackend` tests cannot: that raw mode, the alternate screen,
//! key decoding, resize signals and terminal restoration work with a real tty, and that escape
//! sequences inside article text never reach the terminal.
//!
//! Every wait has a generous deadline that only decides when to give up and print the screen;
//! no test asserts on how long anything takes.

use std::io::{Read, Write};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long any single wait may take before the test fails.
const DEADLINE: Duration = Duration::from_secs(20);
/// How often a wait looks at the screen again.
const POLL: Duration = Duration::from_millis(20);
/// How long the program must have written nothing for its screen to count as drawn.
const QUIET: Duration = Duration::from_millis(60);

const WIDE: (u16, u16) = (100, 30);
const NARROW: (u16, u16) = (80, 24);
const TINY: (u16, u16) = (30, 5);

type SharedWriter = Arc<Mutex<Box<dyn Write + Send>>>;

/// Records what the program asked of the terminal beyond drawing.
#[derive(Default)]
struct Recorder {
    /// Every window title the program set (`OSC 0` / `OSC 2`).
    titles: Vec<String>,
    /// Every icon name the program set (`OSC 1`; `OSC 0` sets it too).
    icon_names: Vec<String>,
    /// Replies owed to the program (cursor position reports), sent by the reader thread.
    replies: Vec<Vec<u8>>,
    /// Every byte the program wrote, as written.
    output: Vec<u8>,
}

impl vt100::Callbacks for Recorder {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles
            .push(String::from_utf8_lossy(title).into_owned());
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.icon_names
            .push(String::from_utf8_lossy(name).into_owned());
    }

    fn unhandled_csi(
        &mut self,
        screen: &mut vt100::Screen,
        i1: Option<u8>,
        _i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        // `CSI 6 n`: cursor position report. vt100 does not answer queries; a real terminal
        // would, and a program waiting for the answer would otherwise stall.
        if c == 'n' && i1.is_none() && params.first().and_then(|p| p.first()) == Some(&6) {
            let (row, col) = screen.cursor_position();
            self.replies
                .push(format!("\x1b[{};{}R", row + 1, col + 1).into_bytes());
        }
    }
}

type Term = vt100::Parser<Recorder>;

/// One running `claimmark` in a pseudo-terminal. Dropping it kills the child if it still runs,
/// so a failing test leaves no process behind.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: SharedWriter,
    term: Arc<Mutex<Term>>,
    eof: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    /// The data folder the demo set is installed into, removed when the session ends.
    data_dir: tempfile::TempDir,
}

impl Session {
    /// Starts `claimmark [path]` in a `cols`×`rows` terminal, with extra `env` on top of a
    /// cleaned environment.
    fn start(path: Option<&Path>, (cols, rows): (u16, u16), env: &[(&str, &str)]) -> Session {
        let data_dir = tempfile::tempdir().expect("create a temporary data folder");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("open a pseudo-terminal: {e:#}"));

        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_claimmark"));
        if let Some(path) = path {
            cmd.arg(path);
        }
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("CLAIMMARK_DATA_DIR", data_dir.path());
        // Whatever the test runner's environment says, start from colour and a plain terminal.
        for var in ["NO_COLOR", "COLORTERM", "TMUX", "STY", "COLUMNS", "LINES"] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }

        let child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("spawn claimmark in the pty: {e:#}"));
        // Only the child may hold the slave side, so the master reads EOF once it exits.
        drop(pair.slave);
        let master = pair.master;

        let mut source = master
            .try_clone_reader()
            .unwrap_or_else(|e| panic!("clone the pty reader: {e:#}"));
        let writer: SharedWriter = Arc::new(Mutex::new(
            master
                .take_writer()
                .unwrap_or_else(|e| panic!("take the pty writer: {e:#}")),
        ));
        let term = Arc::new(Mutex::new(Term::new_with_callbacks(
            rows,
            cols,
            0,
            Recorder::default(),
        )));
        let eof = Arc::new(AtomicBool::new(false));

        let reader = {
            let term = Arc::clone(&term);
            let writer = Arc::clone(&writer);
            let eof = Arc::clone(&eof);
            thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let mut held = Vec::new();
                loop {
                    match source.read(&mut buf) {
                        // EOF, or EIO on Linux once the child closed the slave side.
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let replies = {
                                let mut term = lock(&term);
                                term.callbacks_mut().output.extend_from_slice(&buf[..n]);
                                let bytes = stand_in_for_replacements(&mut held, &buf[..n]);
                                let parsed = std::panic::catch_unwind(AssertUnwindSafe(|| {
                                    term.process(&bytes)
                                }));
                                if parsed.is_err() {
                                    // vt100 0.16 overflows on a wide character printed in a
                                    // one-column screen: a frame drawn for the size before a
                                    // resize to 1×1, still in flight. The emulator starts
                                    // afresh; the resize's full redraw fills it again.
                                    let (rows, cols) = term.screen().size();
                                    let recorded = std::mem::take(term.callbacks_mut());
                                    *term = Term::new_with_callbacks(rows, cols, 0, recorded);
                                }
                                std::mem::take(&mut term.callbacks_mut().replies)
                            };
                            for reply in replies {
                                let mut w = lock(&writer);
                                // The child may already be gone; nothing to answer then.
                                let _ = w.write_all(&reply).and_then(|()| w.flush());
                            }
                        }
                    }
                }
                eof.store(true, Ordering::SeqCst);
            })
        };

        Session {
            child,
            master,
            writer,
            term,
            eof,
            reader: Some(reader),
            data_dir,
        }
    }

    /// Types `keys` into the terminal.
    fn send(&self, keys: &str) {
        let mut w = lock(&self.writer);
        w.write_all(keys.as_bytes())
            .and_then(|()| w.flush())
            .unwrap_or_else(|e| panic!("write {keys:?} to the pty: {e}"));
    }

    /// The emulated terminal, locked.
    fn term(&self) -> MutexGuard<'_, Term> {
        lock(&self.term)
    }

    /// The whole screen as text, rows separated by newlines.
    fn text(&self) -> String {
        self.term().screen().contents()
    }

    /// Waits until `cond` holds for the screen text and the program has stopped writing, and
    /// returns that text. Panics with the screen after [`DEADLINE`].
    ///
    /// A frame reaches the pty in several writes, so a condition can hold on a half-drawn
    /// screen; only a screen that holds still for [`QUIET`] counts.
    fn wait_for(&self, what: &str, cond: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut seen: Option<(usize, Instant)> = None;
        loop {
            let (text, written) = {
                let term = self.term();
                (term.screen().contents(), term.callbacks().output.len())
            };
            if cond(&text) {
                match seen {
                    Some((n, since)) if n == written => {
                        if since.elapsed() >= QUIET {
                            return text;
                        }
                    }
                    _ => seen = Some((written, Instant::now())),
                }
            } else {
                seen = None;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; the screen shows:\n{text}");
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until `needle` is on screen, without waiting for the program to stop writing:
    /// for screens that keep changing (a search counting articles as it goes).
    fn wait_seen(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {needle:?}; the screen shows:\n{text}");
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until the screen contains `needle`.
    fn wait_text(&self, needle: &str) -> String {
        self.wait_for(&format!("{needle:?} on screen"), |s| s.contains(needle))
    }

    /// The text of the `width` columns from `col` on, one line per screen row.
    fn columns(&self, col: u16, width: u16) -> Vec<String> {
        self.term().screen().rows(col, width).collect()
    }

    /// Resizes the pty (the child gets SIGWINCH) and the emulator with it. The emulator stays
    /// locked across both, so no output drawn for the new size is parsed at the old one.
    fn resize(&self, (cols, rows): (u16, u16)) {
        let mut term = self.term();
        term.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("resize the pty to {cols}x{rows}: {e:#}"));
    }

    /// Waits for the child to exit and its last output to be read; returns its status.
    /// Types `keys`, which must quit: claimmark exits with status 0 and leaves the terminal as
    /// it found it (alternate screen left, cursor shown).
    fn quits_restored(&mut self, keys: &str) {
        self.send(keys);
        let status = self.wait_exit();
        assert!(
            status.success(),
            "exit status {status:?}; the screen shows:\n{}",
            self.text()
        );
        let term = self.term();
        assert!(!term.screen().alternate_screen(), "alternate screen left");
        assert!(!term.screen().hide_cursor(), "cursor shown again");
    }

    fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) => {}
                Err(e) => panic!("wait for claimmark: {e}"),
            }
            if start.elapsed() > DEADLINE {
                panic!("claimmark did not exit; the screen shows:\n{}", self.text());
            }
            thread::sleep(POLL);
        };
        while !self.eof.load(Ordering::SeqCst) {
            if start.elapsed() > DEADLINE {
                panic!("the pty never reported end of output after claimmark exited");
            }
            thread::sleep(POLL);
        }
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the pty reader thread panicked");
        }
        status
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Kill before the writer goes: dropping the writer types a newline and EOF into the pty.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What the emulator is given for U+FFFD, and how its cells read back.
const FFFD_STAND_IN: &str = "¤";

/// `chunk` as the emulator is given it, where the `vt100` crate would misread it:
///
/// - U+FFFD (claimmark shows an article's invalid bytes so) becomes [`FFFD_STAND_IN`]: `vt100`
///   drops it without moving the cursor, where a real terminal prints it in one column.
/// - Underline colours (`CSI 58;5;n m`, `CSI 58;2;r;g;b m`, `CSI 59 m`) are left out: `vt100`
///   does not know them and reads their numbers as other attributes (`2` as faint), so this
///   harness does not check underline colours.
///
/// `held` keeps the start of a sequence or character split across two reads.
fn stand_in_for_replacements(held: &mut Vec<u8>, chunk: &[u8]) -> Vec<u8> {
    const FFFD: &[u8] = "\u{fffd}".as_bytes();
    held.extend_from_slice(chunk);
    let final_byte = |b: &u8| (0x40..=0x7e).contains(b);
    let mut keep_from = held.len();
    if let Some(esc) = held.iter().rposition(|&b| b == 0x1b) {
        let rest = &held[esc + 1..];
        let complete =
            rest.first().is_some_and(|&b| b != b'[') || rest.iter().skip(1).any(final_byte);
        if !complete {
            keep_from = esc;
        }
    }
    if keep_from == held.len()
        && let Some(k) = [2, 1].into_iter().find(|&k| held.ends_with(&FFFD[..k]))
    {
        keep_from -= k;
    }
    let ready: Vec<u8> = held.drain(..keep_from).collect();
    let mut out = Vec::with_capacity(ready.len());
    let mut at = 0;
    while at < ready.len() {
        if ready[at..].starts_with(FFFD) {
            out.extend_from_slice(FFFD_STAND_IN.as_bytes());
            at += FFFD.len();
            continue;
        }
        if ready[at..].starts_with(b"\x1b[")
            && let Some(end) = ready[at + 2..]
                .iter()
                .position(final_byte)
                .map(|e| at + 2 + e)
        {
            let params = &ready[at + 2..end];
            if ready[end] == b'm' && (params.starts_with(b"58;") || params == b"59") {
                at = end + 1;
                continue;
            }
        }
        out.push(ready[at]);
        at += 1;
    }
    out
}

/// Locks `m`, even if a panicking thread poisoned it (the state is still worth printing).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The line of `text` that contains `needle`, for messages.
fn line_with<'a>(text: &'a str, needle: &str) -> Option<&'a str> {
    text.lines().find(|l| l.contains(needle))
}

/// Width of the article list for a terminal `cols` wide (as `claimmark::tui::layout` places it).
fn list_width(cols: u16) -> u16 {
    (cols * 3 / 10).clamp(16, 40)
}

/// Whether `needle` occurs in `haystack`.
fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The bottom (status) row of `text`.
fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or_default()
}

/// The demo set opens on its first article; the list moves, Enter opens the fourth article,
/// `G` scrolls to its end where the raw pane shows the boilerplate the cleaner dropped; the help
/// overlay opens and closes; `q` leaves with status 0 and the terminal restored.
#[test]
fn demo_navigate_open_scroll_help_and_quit() {
    let mut s = Session::start(None, WIDE, &[]);

    let screen = s.wait_text("Cleaned · 000_4661f2112f596c80");
    assert!(
        s.term().screen().alternate_screen(),
        "the reader runs on the alternate screen"
    );
    assert!(screen.contains(" Articles (5) "), "list title:\n{screen}");
    assert!(
        last_line(&screen).contains("000_4661f2112f596c80.txt"),
        "status bar names the open file:\n{screen}"
    );
    let list_width = list_width(WIDE.0);
    let list = s.columns(0, list_width).join("\n");
    assert!(
        list.contains("›•Strategic Dialog"),
        "first title listed and marked open:\n{list}"
    );
    assert!(
        screen.contains("Raw · struck = dropped"),
        "raw pane beside:\n{screen}"
    );
    assert!(
        screen.contains("Enter open  f filter  ? help  q quit"),
        "status hints:\n{screen}"
    );
    // Side by side at this width: both titles on the top row.
    let top = screen.lines().next().unwrap_or_default();
    assert!(
        top.contains("Cleaned · ") && top.contains("Raw · struck = dropped"),
        "cleaned and raw side by side on the top row: {top:?}"
    );
    // The demo set went into the temporary data folder, not the real home.
    let installed = s.data_dir.path().join("demo/003_fb9e74a4ff2bc46c.txt");
    assert!(installed.is_file(), "{} installed", installed.display());

    // The pty delivers keys in order, so the selection has moved before Enter is read.
    s.send("jjj");
    s.send("\r");
    let screen = s.wait_for("article 003 to open", |t| {
        t.contains("Cleaned · 003_fb9e74a4ff2bc46c")
            && last_line(t).contains("003_fb9e74a4ff2bc46c.txt")
    });
    assert!(
        last_line(&screen).contains("003_fb9e74a4ff2bc46c.txt"),
        "status bar names the open file:\n{screen}"
    );
    assert!(
        !screen.contains("Cleaned · 000_"),
        "the first article is no longer open:\n{screen}"
    );

    // Enter focused the reader; `r` lets the raw pane lead, so G scrolls the raw source to its
    // end and the cleaned pane follows.
    s.send("r");
    s.send("G");
    let screen = s.wait_text("[mc4wp_form id=\"206\"]");
    // The raw pane is the right half of the reader; read its columns alone.
    let half = (WIDE.0 - list_width) / 2;
    let raw_pane = s
        .columns(list_width + half, WIDE.0 - list_width - half)
        .join("\n");
    let clean_pane = s.columns(list_width, half).join("\n");
    for needle in [
        "Leave a Reply",
        "Subscribe To Our Newsletter",
        "[mc4wp_form id=\"206\"]",
    ] {
        assert!(
            raw_pane.contains(needle),
            "raw pane shows {needle:?}:\n{raw_pane}\n--- whole screen:\n{screen}"
        );
        assert!(
            !clean_pane.contains(needle),
            "cleaned pane drops {needle:?}:\n{clean_pane}"
        );
    }
    assert!(
        clean_pane.contains("Arab World/Maghrebi"),
        "cleaned pane ends with the article's last line:\n{clean_pane}"
    );

    // `g` goes back to the top: the boilerplate scrolls out of view.
    s.send("g");
    s.wait_for("the top of article 003", |t| {
        !t.contains("mc4wp_form") && t.contains("Cleaned · 003_fb9e74a4ff2bc46c")
    });

    s.send("?");
    // The help may scroll at this size (its title then says so): either title will do.
    let screen = s.wait_for("the help", |t| t.contains("Esc closes "));
    assert!(
        screen.contains("Everywhere") && screen.contains("Article list"),
        "help lists the key groups:\n{screen}"
    );
    s.send("\x1b");
    let screen = s.wait_for("the help to close", |t| !t.contains("Esc closes "));
    assert!(
        screen.contains("Cleaned · 003_fb9e74a4ff2bc46c"),
        "the reader is back after the help:\n{screen}"
    );

    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "q exits with status 0, got {status:?}");
    assert!(
        !s.term().screen().alternate_screen(),
        "the alternate screen is left on exit"
    );
    assert!(
        !s.term().screen().hide_cursor(),
        "the cursor is shown again on exit"
    );
}

/// Escape sequences inside an article are drawn as visible placeholders: the emulator sees
/// neither the colour, nor the clear-screen, nor the title change.
#[test]
fn escape_sequences_in_articles_are_shown_not_obeyed() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adversarial/a01_ansi.txt");
    let mut s = Session::start(Some(&fixture), WIDE, &[]);

    let screen = s.wait_text("␛[1;31mred");
    assert!(
        screen.contains("␛]2;hacked␇"),
        "the title OSC is shown as text:\n{screen}"
    );
    assert!(
        screen.contains("␛[2J"),
        "the clear-screen sequence is shown as text:\n{screen}"
    );
    // The clear-screen in the text did not wipe what was drawn before it.
    assert!(
        screen.contains(" Articles (1) "),
        "list still drawn:\n{screen}"
    );
    assert!(
        screen.contains("Enter open  f filter  ? help  q quit"),
        "status bar still drawn:\n{screen}"
    );
    {
        let term = s.term();
        let rec = term.callbacks();
        assert!(
            rec.titles.iter().all(|t| !t.contains("hacked")),
            "the article retitled the terminal: {:?}",
            rec.titles
        );
        assert!(
            rec.icon_names.iter().all(|t| !t.contains("hacked")),
            "the article renamed the terminal icon: {:?}",
            rec.icon_names
        );
        // The same, on the bytes themselves rather than on what the emulator made of them.
        for seq in [&b"\x1b]2;hacked"[..], b"\x1b[1;31m"] {
            assert!(
                !contains_bytes(&rec.output, seq),
                "the program wrote {:?} to the terminal",
                String::from_utf8_lossy(seq)
            );
        }
        // Nothing on screen is red: the `ESC[1;31m` in the text did not colour anything.
        let (rows, cols) = term.screen().size();
        for row in 0..rows {
            for col in 0..cols {
                if let Some(cell) = term.screen().cell(row, col) {
                    assert!(
                        !matches!(cell.fgcolor(), vt100::Color::Idx(1 | 9)),
                        "red text at row {row}, column {col} ({:?}):\n{screen}",
                        cell.contents()
                    );
                }
            }
        }
    }

    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "q exits with status 0, got {status:?}");
    let term = s.term();
    assert!(
        term.callbacks()
            .titles
            .iter()
            .all(|t| !t.contains("hacked")),
        "the article retitled the terminal: {:?}",
        term.callbacks().titles
    );
    assert!(!term.screen().alternate_screen(), "alternate screen left");
}

/// Resizing reflows the layout: a narrow terminal stacks the reader into a cleaned/raw toggle,
/// a tiny one gets a notice, and growing back restores the side-by-side panes.
#[test]
fn resize_switches_layouts_and_the_raw_toggle() {
    let mut s = Session::start(None, WIDE, &[]);
    s.wait_text("Cleaned · 000_4661f2112f596c80");

    s.resize(NARROW);
    let screen = s.wait_text("· r: raw");
    assert!(
        !screen.contains("Raw · struck = dropped"),
        "no raw pane beside the cleaned one at 80 columns:\n{screen}"
    );
    assert!(
        screen.contains("Cleaned · r: raw · 000_4661f2112f596c80"),
        "the same article stays open:\n{screen}"
    );

    // Focus the reader (the list advertises Enter, the reader not), then show the raw pane.
    assert!(
        last_line(&screen).contains("Enter open"),
        "the list has focus at start:\n{screen}"
    );
    s.send("\t");
    s.wait_for("the reader to take focus", |t| {
        !last_line(t).contains("Enter open") && last_line(t).contains("q quit")
    });
    s.send("r");
    let screen = s.wait_text(" Raw · ");
    let title = line_with(&screen, " Raw · ").unwrap_or_default();
    assert!(
        title.contains("000_4661f2112f") && title.contains("r: cleaned"),
        "raw title names the article and the way back: {title:?}"
    );
    assert!(
        !screen.contains("Cleaned · "),
        "only the raw pane shows:\n{screen}"
    );

    s.resize(TINY);
    // The notice names the minimum size; its wording has changed before, so match loosely.
    let screen = s.wait_for("the too-small notice", |t| {
        t.contains("Too small (30×5): need 40×8")
    });
    assert!(
        !screen.contains("Articles"),
        "nothing but the notice at {}x{}:\n{screen}",
        TINY.0,
        TINY.1
    );

    s.resize(WIDE);
    let screen = s.wait_for("the side-by-side layout again", |t| {
        t.contains("Raw · struck = dropped") && t.contains("Cleaned · 000_4661f2112f596c80")
    });
    assert!(
        !screen.contains("40×8") && !screen.contains("r: raw"),
        "wide layout fully redrawn:\n{screen}"
    );

    s.quits_restored("q");
}

/// With `NO_COLOR` set the reader still draws everything but sets no foreground or background
/// colour on any cell, and Ctrl-c quits cleanly.
#[test]
fn no_color_draws_without_colour_and_ctrl_c_quits() {
    let mut s = Session::start(None, WIDE, &[("NO_COLOR", "1")]);
    let screen = s.wait_for("the first article and the status bar", |t| {
        t.contains("Cleaned · 000_4661f2112f596c80") && t.contains("q quit")
    });
    assert!(screen.contains(" Articles (5) "), "list drawn:\n{screen}");
    {
        let term = s.term();
        let (rows, cols) = term.screen().size();
        let mut emphasised = 0;
        for row in 0..rows {
            for col in 0..cols {
                let cell = term
                    .screen()
                    .cell(row, col)
                    .unwrap_or_else(|| panic!("cell {row},{col} inside the screen"));
                assert_eq!(
                    cell.fgcolor(),
                    vt100::Color::Default,
                    "foreground colour at row {row}, column {col} ({:?}):\n{screen}",
                    cell.contents()
                );
                assert_eq!(
                    cell.bgcolor(),
                    vt100::Color::Default,
                    "background colour at row {row}, column {col} ({:?}):\n{screen}",
                    cell.contents()
                );
                if cell.bold() || cell.inverse() {
                    emphasised += 1;
                }
            }
        }
        // The plain theme carries meaning with emphasis instead (reverse status bar, bold
        // focus), so the screen is not simply unstyled.
        assert!(emphasised > 0, "no bold or reverse cells:\n{screen}");
    }

    s.send("\x03");
    let status = s.wait_exit();
    assert!(
        status.success(),
        "Ctrl-c exits with status 0, got {status:?}"
    );
    assert!(
        !s.term().screen().alternate_screen(),
        "alternate screen left"
    );
}

/// The harness itself: the emulator and recorder do notice a title change and red text, so the
/// negative checks above can fail; and a cursor position query gets an answer.
#[test]
fn harness_sees_titles_colours_and_answers_queries() {
    let mut term = Term::new_with_callbacks(5, 20, 0, Recorder::default());
    term.process(b"\x1b]2;hacked\x07\x1b[1;31mred\x1b[0m\x1b[2;3H\x1b[6n");
    let rec = term.callbacks();
    assert_eq!(rec.titles, ["hacked"]);
    assert_eq!(rec.replies, [b"\x1b[2;3R".to_vec()]);
    let cell = term.screen().cell(0, 0).expect("cell 0,0");
    assert_eq!(cell.contents(), "r");
    assert_eq!(cell.fgcolor(), vt100::Color::Idx(1));
    assert!(contains_bytes(b"ab\x1b]2;hacked\x07", b"\x1b]2;hacked"));
    // U+FFFD, even split across reads, reaches the emulator as its stand-in.
    let mut held = Vec::new();
    let fffd = "a\u{fffd}b".as_bytes();
    let mut fed = stand_in_for_replacements(&mut held, &fffd[..2]);
    fed.extend(stand_in_for_replacements(&mut held, &fffd[2..]));
    assert_eq!(String::from_utf8_lossy(&fed), format!("a{FFFD_STAND_IN}b"));
    let sgr = b"x\x1b[1m\x1b[58;5;2my\x1b[59m";
    let mut fed = stand_in_for_replacements(&mut held, &sgr[..9]);
    fed.extend(stand_in_for_replacements(&mut held, &sgr[9..]));
    assert_eq!(fed, b"x\x1b[1my");
    assert!(!contains_bytes(b"ab", b"abc"));
}

/// Esc and the next key arrive as one read when typed quickly or over a slow link, which a
/// terminal cannot tell from Alt+key; both must still take effect, in order.
#[test]
fn esc_typed_quickly_before_a_key_is_both_keys() {
    let mut s = Session::start(None, WIDE, &[]);
    s.wait_text("Cleaned · 000_4661f2112f596c80");
    s.send("\t");
    s.wait_for("the reader to take focus", |t| {
        !last_line(t).contains("Enter open")
    });
    // Esc returns to the list, j moves the cursor to the second article.
    s.send("\u{1b}j");
    let screen = s.wait_for("the list cursor on the second article", |t| {
        t.lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("│› Groundbreaking"))
    });
    assert!(
        last_line(&screen).contains("Enter open"),
        "the list has focus:\n{screen}"
    );
    assert!(
        last_line(&screen).contains("001_ea4c330ccc039515.txt"),
        "the status bar names the selected article:\n{screen}"
    );
    s.send("q");
    assert!(s.wait_exit().success());
}

/// The keys that take the reader's cursor from the top of `text` to `target`: sentence by
/// sentence, then word by word, as a reviewer would, computed with the same motions the app
/// uses so the test does not hard-code positions.
fn keys_to(text: &str, target: usize) -> String {
    use claimmark::motion;
    let mut keys = String::new();
    let mut at = 0;
    loop {
        let next = motion::sentence_next(text, at);
        if next > target || next == at {
            break;
        }
        keys.push(')');
        at = next;
    }
    while at < target {
        let next = motion::word_next(text, at);
        assert!(next > at && next <= target, "no word starts at the target");
        keys.push('w');
        at = next;
    }
    keys
}

/// The cell at the start of `needle` in the screen's columns `from..from + width`.
fn cell_of(s: &Session, needle: &str, from: u16, width: u16) -> Option<(u16, u16)> {
    s.columns(from, width)
        .iter()
        .enumerate()
        .find_map(|(row, line)| {
            line.find(needle)
                .map(|i| (row as u16, from + line[..i].chars().count() as u16))
        })
}

#[test]
fn a_claim_is_tagged_saved_and_shown_again_after_a_restart() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles/003_fb9e74a4ff2bc46c.txt");
    let article = dir.path().join("003_fb9e74a4ff2bc46c.txt");
    std::fs::copy(&seed, &article).unwrap_or_else(|e| panic!("{e}"));
    let raw = std::fs::read(&article).unwrap_or_else(|e| panic!("{e}"));
    let cleaned = claimmark::clean::clean(&raw);
    let claim = "arms contract with Russia, valued between $12-17 billion";
    let start = cleaned
        .text
        .find(claim)
        .unwrap_or_else(|| panic!("claim not in the text"));

    let mut s = Session::start(Some(dir.path()), WIDE, &[]);
    s.wait_text("Cleaned · 003_fb9e74a4ff2bc46c");
    s.send("\r");
    s.wait_text("a annotate");
    s.send(&keys_to(&cleaned.text, start));
    // Select to the end of "billion": `e` word ends until the selection covers the claim.
    let mut at = start;
    let mut ends = String::from("v");
    while at < start + claim.len() - 1 {
        at = claimmark::motion::word_end(&cleaned.text, at);
        ends.push('e');
    }
    s.send(&ends);
    s.send("a");
    s.wait_text("New claim");
    let screen = s.wait_text("“arms contract with Russia, valued between $12-17 billion”");
    assert!(screen.contains("Credibility"), "{screen}");
    s.send("3\tb\thttps://www.sipri.org/databases/armstransfers :: no such order\t\t\t");
    s.send("Not confirmed by arms transfer records.");
    s.send("\x13"); // Ctrl-s
    s.wait_text("saved in");
    s.send("q");
    assert!(s.wait_exit().success());

    let sidecar = std::fs::read_to_string(dir.path().join("003_fb9e74a4ff2bc46c.txt.claims.ron"))
        .unwrap_or_else(|e| panic!("no sidecar: {e}"));
    for needle in [
        "exact: \"arms contract with Russia, valued between $12-17 billion\"",
        "value: \"3\"",
        "value: \"B\"",
        "no such order",
        "Not confirmed by arms transfer records.",
    ] {
        assert!(
            sidecar.contains(needle),
            "{needle} not in the sidecar:\n{sidecar}"
        );
    }

    // Reopened, the claim is underlined in the cleaned pane and in the raw pane.
    let s = Session::start(Some(dir.path()), WIDE, &[]);
    s.wait_text("Cleaned · 003_fb9e74a4ff2bc46c");
    s.send("\r");
    s.send("G");
    let screen = s.wait_text("valued");
    let list = list_width(WIDE.0);
    let half = (WIDE.0 - list) / 2;
    for (from, width) in [(list, half), (list + half, WIDE.0 - list - half)] {
        let underlined = |needle: &str| {
            let (row, col) = cell_of(&s, needle, from, width)
                .unwrap_or_else(|| panic!("{needle:?} not in pane at column {from}:\n{screen}"));
            let term = s.term();
            term.screen()
                .cell(row, col)
                .unwrap_or_else(|| panic!("cell {row},{col}"))
                .underline()
        };
        assert!(underlined("valued"), "the claim is underlined:\n{screen}");
        assert!(
            !underlined("reported"),
            "the text after it is not:\n{screen}"
        );
    }

    // `[` puts the cursor on the claim, `y` copies it as a citation through OSC 52.
    s.send("[");
    s.wait_text("claim · 3 Possibly true");
    s.send("y");
    s.wait_text("copied");
    let citation = "“arms contract with Russia, valued between $12-17 billion” — credibility 3 \
                    (Possibly true), reliability B (Usually reliable) — 003_fb9e74a4ff2bc46c.txt";
    use base64::Engine;
    let osc = format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(citation)
    );
    assert!(
        contains_bytes(&s.term().callbacks().output, osc.as_bytes()),
        "the citation reached the terminal's clipboard"
    );
}

/// The corpus search runs beside the reader: results show while it goes on, keys still move
/// through them, Esc stops it where it is, and Enter opens the article at the match with the
/// search carried into it.
#[test]
fn corpus_search_shows_results_as_they_come_and_stops_on_esc() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Enough text that searching it all takes a while in a test build: 400 articles of 40 KB,
    // the word looked for once near the top of each.
    let filler = "The committee met again and nothing of note was decided. ".repeat(700);
    for i in 0..400 {
        let body = format!("Article {i}\n\nA needle in report {i}.\n\n{filler}\n");
        std::fs::write(dir.path().join(format!("{i:03}.txt")), body)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut s = Session::start(Some(dir.path()), WIDE, &[]);
    s.wait_text("Articles (400)");
    s.send("/needle\r");
    let screen = s.wait_seen("000.txt:3");
    assert!(
        screen.contains("searching"),
        "results show while it goes on: {screen}"
    );
    // `j` moves to the second result once it is there (sent before, it has nowhere to go).
    s.wait_seen("001.txt:3");
    s.send("j");
    s.send("\x1b");
    let screen = s.wait_text("stopped after");
    assert!(!screen.contains("all 400 searched"), "{screen}");
    assert!(
        line_with(&screen, "Search all · needle").is_some(),
        "{screen}"
    );
    // Stopped, the list stays; Enter opens the second match's article, on the match.
    s.send("\r");
    let screen = s.wait_text("/needle 1/1");
    assert!(screen.contains("Cleaned · 001.txt"), "{screen}");
    s.send("q");
    assert!(s.wait_exit().success());
}

/// The hostile fixture: every kind of control, escape sequence, bidi and invisible character,
/// as UTF-8 and as raw bytes.
const HOSTILE: &str = "tests/fixtures/adversarial/a09_hostile.txt";

/// What a sidecar's free text can carry: an escape sequence of each kind, bidi overrides and
/// invisible characters.
const HOSTILE_TEXT: &str = "\u{202e}fdp.exe\u{202c}\u{2066}iso\u{2069}zero\u{200b}width\u{feff}\u{8}\u{7f}\
     \u{1b}]0;pwned-title\u{7}\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}[31mRED\u{1b}[2J\u{1b}[H\
     \u{1b}]8;;https://evil.example/\u{7}link\u{1b}]8;;\u{7}\u{1b}P+q544e\u{1b}\\\u{9b}31m\u{85}";

/// A copy of the hostile fixture in a fresh folder, with a sidecar whose claim (anchored on the
/// CSI line) has hostile text in every field the reader shows: quote, tags, note, sources,
/// author, ratings.
fn hostile_corpus(dir: &Path) -> std::path::PathBuf {
    use claimmark::claims::{Anchor, ArticleId, Claim, Rating, Sidecar, Source, store};
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(HOSTILE);
    let article = dir.join("hostile.txt");
    std::fs::copy(&fixture, &article).unwrap_or_else(|e| panic!("{e}"));
    let raw = std::fs::read(&article).unwrap_or_else(|e| panic!("{e}"));
    let cleaned = claimmark::clean::clean(&raw);
    let start = claimmark::claims::find_quote(&cleaned, "CSI colour")
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("the CSI line is in the cleaned text"));
    let raw_span = cleaned.map.to_raw_span(start.start..start.end + 20);
    let mut sidecar = Sidecar::new(ArticleId::of("hostile.txt", &raw));
    sidecar.claims.push(Claim {
        id: "3f1e0b9c-hostile".into(),
        anchor: Anchor::new(
            &cleaned.source,
            raw_span.range(),
            &format!("quote {HOSTILE_TEXT}"),
        ),
        summary: Some(format!("summary {HOSTILE_TEXT}")),
        credibility: Some(Rating {
            scale: "admiralty-credibility".into(),
            value: "2".into(),
        }),
        reliability: Some(Rating {
            scale: "admiralty-reliability".into(),
            value: format!("B{HOSTILE_TEXT}"),
        }),
        sources: vec![Source {
            citation: format!("https://example.org/{HOSTILE_TEXT}"),
            note: format!("shows {HOSTILE_TEXT}"),
        }],
        tags: vec![
            format!("tag{HOSTILE_TEXT}"),
            "\u{200b}\u{202e}hidden".into(),
        ],
        note: format!("note {HOSTILE_TEXT}\nsecond line {HOSTILE_TEXT}"),
        author: format!("mallory{HOSTILE_TEXT}"),
        created: "2026-01-01T00:00:00Z".into(),
        updated: "2026-01-02T00:00:00Z".into(),
    });
    store::save(&store::beside(&article), &sidecar).unwrap_or_else(|e| panic!("{e}"));
    article
}

/// The reader in-process on the same corpus, for the screens claimmark means to draw.
struct Model {
    app: claimmark::tui::app::App,
    size: (u16, u16),
}

impl Model {
    fn new(path: &Path, size: (u16, u16)) -> Model {
        use claimmark::tui::{app::App, app::Msg, dispatch, perform, theme::Theme};
        let corpus = claimmark::corpus::open(path).unwrap_or_else(|e| panic!("{e}"));
        let mut app = App::new(corpus, Theme::colour());
        dispatch(&mut app, Msg::Resize(size.0, size.1));
        for effect in app.start() {
            let msg = perform(&app, effect);
            dispatch(&mut app, msg);
        }
        Model { app, size }
    }

    /// Types `keys` as the event loop does: each key looked up in the keymap of the context
    /// it arrives in, typed into the form or prompt when it is not bound there.
    fn send(&mut self, keys: &str) {
        use claimmark::tui::app::Msg;
        use claimmark::tui::keymap::{Context, Key};
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        for c in keys.chars() {
            let event = match c {
                '\t' => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
                '\r' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                '\u{1b}' => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            };
            for key in Key::from_event(event) {
                let app = &mut self.app;
                if let Some(action) = app.keymap.lookup(app.context(), key) {
                    claimmark::tui::dispatch(app, Msg::Action(action));
                } else if matches!(app.context(), Context::Form | Context::Search) {
                    let input = ratatui_textarea::Input::from(key.to_event());
                    claimmark::tui::dispatch(app, Msg::TextInput(input));
                }
            }
        }
    }

    fn resize(&mut self, size: (u16, u16)) {
        self.size = size;
        claimmark::tui::dispatch(
            &mut self.app,
            claimmark::tui::app::Msg::Resize(size.0, size.1),
        );
    }

    fn buffer(&self) -> ratatui::buffer::Buffer {
        let backend = ratatui::backend::TestBackend::new(self.size.0, self.size.1);
        let mut terminal = ratatui::Terminal::new(backend).unwrap_or_else(|e| panic!("{e}"));
        terminal
            .draw(|frame| claimmark::tui::view::draw(&self.app, frame))
            .unwrap_or_else(|e| panic!("{e}"));
        terminal.backend().buffer().clone()
    }
}

/// The emulator's colour for a colour ratatui drew with (through crossterm's SGR codes).
fn vt_colour(c: ratatui::style::Color) -> vt100::Color {
    use ratatui::style::Color as C;
    let idx = match c {
        C::Reset => return vt100::Color::Default,
        C::Rgb(r, g, b) => return vt100::Color::Rgb(r, g, b),
        C::Indexed(i) => i,
        C::Black => 0,
        C::Red => 1,
        C::Green => 2,
        C::Yellow => 3,
        C::Blue => 4,
        C::Magenta => 5,
        C::Cyan => 6,
        C::Gray => 7,
        C::DarkGray => 8,
        C::LightRed => 9,
        C::LightGreen => 10,
        C::LightYellow => 11,
        C::LightBlue => 12,
        C::LightMagenta => 13,
        C::LightCyan => 14,
        C::White => 15,
    };
    vt100::Color::Idx(idx)
}

/// Where the emulator's screen differs from `expected` (symbol, colours, emphasis), first
/// difference first; empty when it is exactly what was drawn.
fn differences(screen: &vt100::Screen, expected: &ratatui::buffer::Buffer) -> Vec<String> {
    use ratatui::style::Modifier;
    let mut out = Vec::new();
    let area = expected.area;
    for y in 0..area.height {
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let Some(cell) = screen.cell(y, x) else {
                out.push(format!("no cell at {x},{y}"));
                continue;
            };
            if cell.is_wide_continuation() {
                continue;
            }
            let want = &expected[(x, y)];
            let mut got = match cell.contents() {
                "" => " ".to_string(),
                FFFD_STAND_IN => "\u{fffd}".to_string(),
                s => s.to_string(),
            };
            // A cluster ratatui draws as one wide cell that the terminal draws as narrow
            // characters over the same columns (a flag's two regional indicators): the same
            // text in the same place.
            let width = ratatui::buffer::CellWidth::cell_width(want.symbol());
            if got != want.symbol() && width > 1 && !cell.is_wide() {
                let spread: String = (x..x + width)
                    .filter_map(|x| screen.cell(y, x).map(|c| c.contents().to_string()))
                    .collect();
                if spread == want.symbol() {
                    got = spread;
                    skip = width - 1;
                }
            }
            let emphasis = |c: &vt100::Cell| (c.bold(), c.italic(), c.underline(), c.inverse());
            let wanted = (
                want.modifier.contains(Modifier::BOLD),
                want.modifier.contains(Modifier::ITALIC),
                want.modifier.contains(Modifier::UNDERLINED),
                want.modifier.contains(Modifier::REVERSED),
            );
            if got != want.symbol()
                || cell.fgcolor() != vt_colour(want.fg)
                || cell.bgcolor() != vt_colour(want.bg)
                || emphasis(cell) != wanted
            {
                out.push(format!(
                    "at column {x}, row {y}: drawn {:?} {:?}/{:?} {wanted:?}, the terminal shows \
                     {got:?} {:?}/{:?} {:?}",
                    want.symbol(),
                    want.fg,
                    want.bg,
                    cell.fgcolor(),
                    cell.bgcolor(),
                    emphasis(cell)
                ));
            }
        }
    }
    out
}

/// The buffer as text, for failure messages.
fn buffer_text(b: &ratatui::buffer::Buffer) -> String {
    (0..b.area.height)
        .map(|y| {
            (0..b.area.width)
                .map(|x| b[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Session {
    /// Waits until the emulator's screen is cell for cell what `model` draws, and the program
    /// has stopped writing; panics with the differences after [`DEADLINE`].
    fn wait_drawn(&self, what: &str, model: &Model) {
        let expected = model.buffer();
        let start = Instant::now();
        let mut seen: Option<(usize, Instant)> = None;
        loop {
            let (diff, written) = {
                let term = self.term();
                (
                    differences(term.screen(), &expected),
                    term.callbacks().output.len(),
                )
            };
            if diff.is_empty() {
                match seen {
                    Some((n, since)) if n == written => {
                        if since.elapsed() >= QUIET {
                            return;
                        }
                    }
                    _ => seen = Some((written, Instant::now())),
                }
            } else {
                seen = None;
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "{what}: the terminal does not show what claimmark drew; {} cells differ, \
                     first: {}\n--- drawn:\n{}\n--- the terminal shows:\n{}",
                    diff.len(),
                    diff.first().map_or("", String::as_str),
                    buffer_text(&expected),
                    self.text()
                );
            }
            thread::sleep(POLL);
        }
    }
}

/// Characters that must never reach the terminal: C1 controls, bidi embeddings, overrides,
/// isolates and marks, invisible characters (ZWNJ aside, which Persian spells with).
fn forbidden(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{9f}' | '\u{200b}' | '\u{200d}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{e0000}'..='\u{e007f}')
}

/// A hostile article and a hostile sidecar, opened in every view that shows their text (both
/// panes, the raw pane leading, the claim under the cursor in the status bar, the claims list,
/// the claim form, the claim board): at each step the emulator's screen is cell for cell,
/// colours and emphasis included, what claimmark drew; no title, icon name, clipboard write,
/// hyperlink, device control string or 8-bit control ever reached the terminal; the visible
/// placeholders are there; and on exit the terminal is back on its own screen, untouched, with
/// its cursor shown.
#[test]
fn a_hostile_article_and_sidecar_reach_the_terminal_only_as_drawn() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    hostile_corpus(dir.path());
    let size = (200, 60);
    let config_dir = config.path().to_string_lossy().into_owned();
    let mut s = Session::start(
        Some(dir.path()),
        size,
        &[("CLAIMMARK_CONFIG_DIR", config_dir.as_str())],
    );
    let mut model = Model::new(dir.path(), size);

    s.wait_text("Cleaned · hostile.txt");
    s.wait_drawn("the article opened beside its raw text", &model);
    let screen = s.text();
    for placeholder in [
        "␛[31mRED␛[0m",
        "␛]0;pwned-title␇",
        "␛]52;c;",
        "␛]8;;https",
        "␛P+q544e",
    ] {
        assert!(
            screen.contains(placeholder),
            "{placeholder} shown:\n{screen}"
        );
    }
    for placeholder in [
        "␦next-line",
        "⇄exe.txt⇄",
        "pass⬚word",
        "␇ backspace␈",
        "👨👩👧",
    ] {
        assert!(
            screen.contains(placeholder),
            "{placeholder} shown:\n{screen}"
        );
    }

    let steps: [(&str, &str); 8] = [
        ("\t", "the reader focused"),
        ("]", "the claim under the cursor in the status bar"),
        ("c", "the claims list"),
        ("\u{1b}a", "the claim form, editing the claim"),
        ("\u{1b}r", "the raw pane leading"),
        ("C", "the claim board"),
        ("j", "the claim board's cursor moved"),
        ("\u{1b}", "the board closed"),
    ];
    for (keys, what) in steps {
        s.send(keys);
        model.send(keys);
        if what == "the claim under the cursor in the status bar" {
            let screen = s.wait_text(" · #tag⇄fdp.exe⇄");
            assert!(last_line(&screen).contains("B⇄fdp.exe⇄"), "{screen}");
        }
        if what == "the claim board" {
            let screen = s.wait_text("tag⇄fdp");
            assert!(screen.contains("mallory⇄"), "{screen}");
        }
        if what == "the claims list" {
            // The sidecar's ratings and author, as placeholders (the rating cut short).
            let screen = s.wait_text("B⇄fdp.exe⇄⇄…");
            assert!(screen.contains(" mallory⇄fdp.exe⇄⇄iso⇄"), "{screen}");
        }
        if what.contains("form") {
            // The sidecar's text in the form's fields, as placeholders.
            let screen = s.wait_text("Note        note ⇄fdp.exe⇄⇄iso⇄zero⬚width⬚␈␡␛]0;");
            assert!(screen.contains("Tags        tag⇄fdp.exe⇄"), "{screen}");
            assert!(
                screen.contains("Sources     https://example.org/⇄fdp"),
                "{screen}"
            );
        }
        s.wait_drawn(what, &model);
        let drawn = model.buffer();
        for (i, cell) in drawn.content.iter().enumerate() {
            let symbol = cell.symbol();
            assert!(
                !symbol.chars().any(|c| forbidden(c) || c.is_control()),
                "{what}: {symbol:?} drawn at column {}, row {}:\n{}",
                i % usize::from(size.0),
                i / usize::from(size.0),
                buffer_text(&drawn)
            );
        }
        let term = s.term();
        assert!(
            term.screen().hide_cursor(),
            "{what}: the cursor stays hidden"
        );
        assert!(
            term.screen().alternate_screen(),
            "{what}: still on the alternate screen"
        );
    }

    s.send("q");
    assert!(s.wait_exit().success());
    let term = s.term();
    let rec = term.callbacks();
    assert!(rec.titles.is_empty(), "titles set: {:?}", rec.titles);
    assert!(
        rec.icon_names.is_empty(),
        "icon names set: {:?}",
        rec.icon_names
    );
    // On the bytes: claimmark writes no OSC (title, clipboard, hyperlink) of its own here, nor
    // any DCS, APC, PM or SOS, nor any 8-bit control.
    for (seq, name) in [
        (&b"\x1b]"[..], "OSC"),
        (b"\x1bP", "DCS"),
        (b"\x1b_", "APC"),
        (b"\x1b^", "PM"),
        (b"\x1bX", "SOS"),
        (b"\x1bc", "a terminal reset"),
        (b"\x1b(0", "a charset switch"),
    ] {
        assert!(
            !contains_bytes(&rec.output, seq),
            "an {name} reached the terminal"
        );
    }
    let written = String::from_utf8_lossy(&rec.output);
    let bad: Vec<char> = written.chars().filter(|c| forbidden(*c)).collect();
    assert!(bad.is_empty(), "written to the terminal: {bad:?}");
    assert!(!term.screen().alternate_screen(), "alternate screen left");
    assert!(!term.screen().hide_cursor(), "cursor shown again");
    assert_eq!(
        term.screen().contents().trim(),
        "",
        "nothing was drawn on the terminal's own screen"
    );
}

/// Wide and combining characters in a real terminal emulator (one that measures code point by
/// code point, as xterm and VTE do): CJK, emoji ZWJ sequences, skin tones, flags, stacked
/// combining marks, Arabic, Hebrew, Thai and a table of them, drawn at several sizes, the
/// raw pane leading at the end: the screen is cell for cell what claimmark drew, so every
/// border is where the layout put it.
#[test]
fn wide_and_combining_characters_keep_the_layout_in_a_terminal() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adversarial/a10_scripts.txt");
    let config = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config_dir = config.path().to_string_lossy().into_owned();
    let size = (120, 30);
    let mut s = Session::start(
        Some(&fixture),
        size,
        &[("CLAIMMARK_CONFIG_DIR", config_dir.as_str())],
    );
    let mut model = Model::new(&fixture, size);
    s.wait_text("Cleaned · a10_scripts.txt");
    s.wait_drawn("the scripts side by side", &model);
    for size in [(41, 12), (99, 20), (300, 50), (100, 30)] {
        s.resize(size);
        model.resize(size);
        s.wait_drawn(&format!("at {}x{}", size.0, size.1), &model);
    }
    for (keys, what) in [
        ("\r", "the reader focused"),
        ("rG", "the raw pane leading, at the end"),
    ] {
        s.send(keys);
        model.send(keys);
        s.wait_drawn(what, &model);
    }
    s.quits_restored("q");
}

/// The smallest terminal there is: keys typed at 1×1 and a quit leave the terminal restored.
/// The board and the help are opened and closed with their own keys: an Escape followed by
/// another key may reach the reader in one read, as Alt and that key (as any terminal program
/// reads them), and whether it does depends on the machine's load, which nothing at 1×1 shows.
/// Keys after the resize wait for the frame at the new size, as a person would see it.
#[test]
fn a_one_by_one_terminal_is_restored_on_quit() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(HOSTILE);
    let mut s = Session::start(Some(&fixture), (1, 1), &[]);
    s.wait_for("the first frame", |_| s.term().screen().alternate_screen());
    s.send("jjk\t/x\rCC??");
    s.resize((2, 3));
    // Drawn at 2×3: something beyond the first cell.
    s.wait_for("the frame at 2×3", |text| {
        text.lines()
            .enumerate()
            .any(|(row, line)| line.trim_end().chars().count() > usize::from(row == 0))
    });
    s.send("G");
    s.quits_restored("q");
}

/// Files deleted while the reader runs: opening one says so in the status bar, in one line,
/// and the reader goes on (the other article still opens, keys still work, q quits cleanly).
#[test]
fn a_file_deleted_while_open_is_a_notice_and_the_reader_goes_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, title) in [("a.txt", "First article"), ("b.txt", "Second article")] {
        std::fs::write(dir.path().join(name), format!("{title}\n\nSome text.\n"))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut s = Session::start(Some(dir.path()), WIDE, &[]);
    s.wait_text("Cleaned · a.txt");
    std::fs::remove_file(dir.path().join("b.txt")).unwrap_or_else(|e| panic!("{e}"));
    s.send("j\r");
    let screen = s.wait_text("no such file or directory");
    let status = last_line(&screen);
    assert!(
        status.contains("b.txt"),
        "the notice names the file: {status:?}"
    );
    assert!(
        screen.contains("Cleaned · a.txt"),
        "the open article stays open:\n{screen}"
    );
    // The open article deleted too: it stays readable from memory, and a search of every
    // article counts both files as unreadable rather than failing.
    std::fs::remove_file(dir.path().join("a.txt")).unwrap_or_else(|e| panic!("{e}"));
    s.send("k\rG");
    s.send("\u{1b}/Some\r");
    let screen = s.wait_text("2 unreadable");
    assert!(screen.contains("0 matches"), "{screen}");
    s.send("\u{1b}");
    let screen = s.wait_for("the search closed", |t| !t.contains("unreadable"));
    assert!(screen.contains("Cleaned · a.txt"), "{screen}");
    s.send("?");
    s.wait_text("Esc closes ");
    s.quits_restored("\u{1b}q");
}

/// The real binary on the whole adversarial set, typed at by a fixed pseudo-random stream of
/// keys between resizes down to 1×1: it never panics (a panic exits with status 101, its
/// message on the screen), and leaves the terminal restored. (Keys that write files into the
/// working folder, the exports, and the quit keys are left out of the stream.)
#[test]
fn random_keys_at_random_sizes_never_crash_the_binary() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adversarial");
    for entry in std::fs::read_dir(&fixtures)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        std::fs::copy(entry.path(), dir.path().join(entry.file_name()))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut s = Session::start(Some(dir.path()), WIDE, &[]);
    s.wait_text(" Articles (");
    const KEYS: &[&str] = &[
        "j", "k", "h", "l", "w", "b", "G", "g", "[", "]", "(", ")", "{", "}", "/", "?", "n", "N",
        "v", "s", "a", "c", "C", "r", "t", "o", "f", "F", "M", "d", "u", "1", "3", "7", " ", "\t",
        "\r", "\x1b", "\x1b[A", "\x1b[B", "\x1b[5~", "\x1b[6~", "\x1b[Z", "\x7f", "\x04", "\x15",
        "\x13", "x", "z", "漢", "\u{202e}", "é",
    ];
    const SIZES: &[(u16, u16)] = &[(1, 1), (100, 30), (20, 5), (41, 8), (300, 80), (80, 24)];
    // Another stream: `E2E_SEED=<number> cargo test --test e2e_pty random_keys`.
    let mut seed: u64 = std::env::var("E2E_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_c1a1_3a4b);
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    };
    for round in 0..12 {
        let keys: String = (0..40).map(|_| KEYS[next(KEYS.len())]).collect();
        s.send(&keys);
        s.resize(SIZES[next(SIZES.len())]);
        assert!(
            !s.text().contains("panicked"),
            "round {round}: a panic:\n{}",
            s.text()
        );
    }
    s.resize(WIDE);
    // Out of whatever is open (a form asks before dropping a claim: twice), back to the list.
    // Each Esc on its own: Esc and a key in one read are taken as both, but a run of Escs
    // may not be.
    for _ in 0..5 {
        s.send("\x1b");
        s.wait_for("the Esc to be taken", |_| true);
    }
    s.quits_restored("q");
}

/// A panic, however it comes, leaves the terminal as it was: the alternate screen left, the
/// cursor shown, the mouse given back, and a message instead of a frozen screen. The test
/// build panics on the key `CLAIMMARK_TEST_PANIC_KEY` names (release builds have no such key).
#[test]
fn a_panic_restores_the_terminal_and_says_what_happened() {
    let mut s = Session::start(None, WIDE, &[("CLAIMMARK_TEST_PANIC_KEY", "Z")]);
    s.wait_text("Articles (5)");
    s.send("M");
    s.wait_for("mouse capture", |_| {
        s.term().screen().mouse_protocol_mode() != vt100::MouseProtocolMode::None
    });
    s.send("Z");
    assert!(!s.wait_exit().success(), "a panic is a failure");
    let term = s.term();
    let screen = term.screen();
    assert!(!screen.alternate_screen(), "alternate screen left");
    assert!(!screen.hide_cursor(), "cursor shown again");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse given back"
    );
    assert!(
        screen.contents().contains("CLAIMMARK_TEST_PANIC_KEY"),
        "the panic's message is on the restored screen: {}",
        screen.contents()
    );
}

/// A large article's head is on screen, and scrolls, before the whole of it is cleaned; the
/// whole article then opens where the head was left, its row count known.
#[test]
fn a_large_article_is_read_from_its_head_while_it_loads() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let body: String = (0..70_000)
        .map(|i| format!("Paragraph {i} of a long story, with < strong > dirt left in.\n\n"))
        .collect();
    std::fs::write(dir.path().join("big.txt"), format!("Headline\n\n{body}"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(body.len() as u64 >= claimmark::tui::app::PREVIEW_FROM);
    let mut s = Session::start(Some(&dir.path().join("big.txt")), WIDE, &[]);
    s.wait_text("/… ");
    s.send("\t");
    s.wait_text("v select");
    // The cursor goes down a page at a time, the view following once it leaves the screen.
    s.send("   ");
    let whole = s.wait_for("the whole article", |t| {
        !t.contains("Loading") && !t.contains("/… ")
    });
    // The panes' bottom borders say which rows they show.
    let borders = line_with(&whole, "└").unwrap_or_default();
    assert!(
        borders.contains('/') && !borders.contains(" 1-"),
        "the page down on the head was kept:\n{whole}"
    );
    s.quits_restored("q");
}
