//! Cleans one article with the library API and prints the offset map: which raw bytes every
//! run of cleaned text came from, and what each rule dropped.
//!
//! `cargo run --example clean_file -- assets/articles/003_fb9e74a4ff2bc46c.txt`

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: clean_file FILE");
        return ExitCode::FAILURE;
    };
    let raw = match std::fs::read(&path) {
        Ok(raw) => raw,
        Err(e) => {
            eprintln!("clean_file: {}: {e}", path.to_string_lossy());
            return ExitCode::FAILURE;
        }
    };
    let cleaned = claimmark::clean::clean(&raw);
    println!(
        "{} raw bytes -> {} cleaned bytes",
        raw.len(),
        cleaned.text.len()
    );
    println!("\n{:>13}  {:>13}  text", "clean", "raw");
    for seg in cleaned.map.segments() {
        let text = &cleaned.text[seg.clean.range()];
        let preview = claimmark::display::truncate(&text.replace('\n', "⏎"), 50);
        println!(
            "{:>6}..{:<5}  {:>6}..{:<5}  {preview}",
            seg.clean.start, seg.clean.end, seg.raw.start, seg.raw.end
        );
    }
    println!("\ndropped:");
    for d in &cleaned.dropped {
        let text = String::from_utf8_lossy(&raw[d.raw.range()]);
        let preview = claimmark::display::truncate(&text, 50);
        println!(
            "{:>6}..{:<5}  {:<12} {preview}",
            d.raw.start,
            d.raw.end,
            d.rule.name()
        );
    }
    ExitCode::SUCCESS
}
