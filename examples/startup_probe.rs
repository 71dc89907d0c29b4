//! Start-up and per-key figures of the real binary in a pseudo-terminal: time from process
//! start to the first complete frame, peak memory, and bytes written to the terminal per key
//! (what a reviewer on a slow SSH link pays).
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example startup_probe -- [PATH] [--open] [--keys jjjj]
//! ```
//! PATH is what claimmark opens (the demo set when left out). `--open` also opens the second
//! article and reports how long until it is drawn. Linux only for memory (VmHWM).

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let keys_at = args.iter().position(|a| a == "--keys");
    // `--bin less` measures another program the same way, for comparison: its first frame is
    // the first text on screen.
    let other = args
        .iter()
        .position(|a| a == "--bin")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let bin_at = args.iter().position(|a| a == "--bin");
    let path = args
        .iter()
        .enumerate()
        .find(|(i, a)| {
            !a.starts_with("--")
                && keys_at.is_none_or(|k| k + 1 != *i)
                && bin_at.is_none_or(|k| k + 1 != *i)
        })
        .map(|(_, a)| a.clone());
    let open = args.iter().any(|a| a == "--open");
    let keys = keys_at
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| "jjjjkkkk".into());
    let bin = std::env::current_exe()?
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("claimmark"))
        .ok_or("no target folder")?;
    let (cols, rows) = (120, 40);
    let pair = native_pty_system().openpty(PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let mut cmd = match &other {
        Some(program) => CommandBuilder::new(program),
        None => CommandBuilder::new(&bin),
    };
    if let Some(p) = &path {
        cmd.arg(p);
    }
    cmd.env("TERM", "xterm-256color");
    let data = std::env::temp_dir().join("claimmark-probe-data");
    cmd.env("CLAIMMARK_DATA_DIR", &data);
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd)?;
    drop(pair.slave);
    let pid = child.process_id();
    let mut reader = pair.master.try_clone_reader()?;
    let mut writer = pair.master.take_writer()?;
    let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
    // Bytes written so far, and when the last of them came.
    let written = Arc::new(Mutex::new((0usize, Instant::now())));
    {
        let parser = Arc::clone(&parser);
        let written = Arc::clone(&written);
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = parser.lock() {
                    p.process(&buf[..n]);
                }
                if let Ok(mut w) = written.lock() {
                    *w = (w.0 + n, Instant::now());
                }
            }
        });
    }
    let screen = || {
        parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    };
    let wait = |what: &dyn Fn(&str) -> bool| -> Option<Duration> {
        let from = Instant::now();
        while from.elapsed() < Duration::from_secs(60) {
            if what(&screen()) {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        None
    };
    // The first complete frame: the list's title and the status bar are both drawn.
    let first = if other.is_some() {
        wait(&|s: &str| !s.trim().is_empty())
    } else {
        wait(&|s: &str| s.contains("Articles (") && s.trim_end().lines().count() >= 3)
    };
    match first {
        Some(d) => println!("first frame: {:.0} ms", ms(d)),
        None => {
            println!("first frame: not seen; the screen shows:\n{}", screen());
            return Ok(());
        }
    }
    // Quiet for 300 ms: everything the program had to draw is drawn. Returns the bytes so far
    // and when the last of them came.
    let settle = || loop {
        let before = written.lock().map(|w| *w).unwrap_or((0, Instant::now()));
        std::thread::sleep(Duration::from_millis(300));
        let after = written.lock().map(|w| *w).unwrap_or((0, Instant::now()));
        if after.0 == before.0 {
            return after;
        }
    };
    // The first article is read and cleaned behind a "Loading…" pane; a large one's head is
    // drawn in its place while the rest is cleaned, the status bar saying "Loading NAME…"
    // until the whole article is in and keys answer.
    let shown = wait(&|s: &str| !s.contains("Loading…"));
    let loaded = wait(&|s: &str| !s.contains("Loading"));
    let (bytes, last) = settle();
    let when = |d: Option<Duration>| d.map_or("never".into(), |d| format!("{:.0} ms", ms(d)));
    println!(
        "first article on screen: {}; all of it in: {}; everything drawn: {:.0} ms, {bytes} bytes",
        when(shown),
        when(loaded),
        ms(last - started)
    );
    if open {
        let before = Instant::now();
        writer.write_all(b"jl")?;
        writer.flush()?;
        let (_, last) = settle();
        println!("open the second article: {:.0} ms", ms(last - before));
    }
    for key in keys.chars() {
        let before = written.lock().map(|w| w.0).unwrap_or(0);
        writer.write_all(key.to_string().as_bytes())?;
        writer.flush()?;
        let (after, _) = settle();
        println!("key {key:?}: {} bytes to the terminal", after - before);
    }
    if let Some(pid) = pid
        && let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status"))
    {
        for line in status.lines() {
            if let Some(peak) = line.strip_prefix("VmHWM:") {
                println!("peak memory: {}", peak.trim());
            } else if let Some(now) = line.strip_prefix("VmRSS:") {
                println!("memory now: {}", now.trim());
            }
        }
    }
    writer.write_all(b"q")?;
    writer.flush()?;
    let _ = child.wait();
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
