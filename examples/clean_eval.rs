//! Measures the cleaner on the cleaning evaluation set (real pages in dirty-text form) with the
//! set's own scoring rule: snippets that belong to the article must be in the cleaned text
//! (recall), boilerplate snippets must not (precision).
//!
//! `cargo run --release --example clean_eval -- ../shared/cleaning-eval [--verbose] [--dump DIR]`
//!
//! `--dump DIR` writes, per page, its raw lines marked with what became of them (`+` kept, or
//! the rule that dropped them) and which snippets they hold (`W` belongs, `X` boilerplate):
//! the way to see why a snippet was kept or lost.
//!
//! The set lives beside the project, not in it; the test suite never depends on it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(serde::Deserialize)]
struct Expected {
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

/// Whitespace runs collapsed to one space, as the scoring rule asks, and spaces before
/// punctuation removed: the cleaner drops the ones scraping introduced, so the rule asks for
/// the same normalisation on both sides.
fn collapse(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(joined.len());
    for c in joined.chars() {
        if matches!(c, ',' | '.' | ';' | ':' | '!' | '?') && out.ends_with(' ') {
            out.pop();
        }
        out.push(c);
    }
    out
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "../shared/cleaning-eval".into()),
    );
    let rest: Vec<String> = args.collect();
    let verbose = rest.iter().any(|a| a == "--verbose");
    let dump = rest
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| rest.get(i + 1))
        .map(PathBuf::from);
    if let Some(d) = &dump
        && let Err(e) = std::fs::create_dir_all(d)
    {
        eprintln!("clean_eval: {}: {e}", d.display());
        return ExitCode::FAILURE;
    }
    let snippets = match std::fs::read_to_string(dir.join("snippets.json")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("clean_eval: {}: {e}", dir.join("snippets.json").display());
            return ExitCode::FAILURE;
        }
    };
    let expected: BTreeMap<String, Expected> = match serde_json::from_str(&snippets) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("clean_eval: snippets.json: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut tp, mut fn_, mut fp, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let mut raw_fp = 0usize;
    for (file, exp) in &expected {
        let Ok(raw) = std::fs::read(dir.join("articles").join(file)) else {
            eprintln!("clean_eval: missing {file}");
            continue;
        };
        let cleaned = claimmark::clean::clean(&raw);
        let text = collapse(&cleaned.text);
        let dirty = collapse(&String::from_utf8_lossy(&raw));
        if let Some(d) = &dump {
            let marked = mark_lines(&raw, &cleaned, exp);
            if let Err(e) = std::fs::write(d.join(file), marked) {
                eprintln!("clean_eval: {}: {e}", d.join(file).display());
            }
        }
        for s in &exp.with {
            if text.contains(&collapse(s)) {
                tp += 1;
            } else {
                fn_ += 1;
                if verbose {
                    println!("{file}: lost   {s:?}");
                }
            }
        }
        for s in &exp.without {
            if text.contains(&collapse(s)) {
                fp += 1;
                if verbose {
                    println!("{file}: kept   {s:?}");
                }
            } else {
                tn += 1;
            }
            if dirty.contains(&collapse(s)) {
                raw_fp += 1;
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    println!(
        "files {}  with: {} kept, {} lost  without: {} kept, {} removed",
        expected.len(),
        tp,
        fn_,
        fp,
        tn
    );
    println!("precision {precision:.3}  recall {recall:.3}  F1 {f1:.3}");
    println!("(boilerplate snippets present in the dirty text: {raw_fp})");
    ExitCode::SUCCESS
}

/// The raw lines of a page, each prefixed with what the cleaner did with it and which
/// snippets it holds (a snippet is looked for within single lines only).
fn mark_lines(raw: &[u8], cleaned: &claimmark::clean::Cleaned, exp: &Expected) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::new();
    let mut at = 0;
    let mut dropped = cleaned.dropped.iter().peekable();

    for line in text.split_inclusive('\n') {
        let (start, end) = (at, at + line.len());
        at = end;
        let body = line.trim_end();
        while dropped.peek().is_some_and(|d| d.raw.end <= start) {
            dropped.next();
        }
        let rule = dropped
            .peek()
            .filter(|d| d.raw.start <= start && d.raw.end >= start + body.len())
            .map(|d| d.rule.name());
        let flat = collapse(body);
        let has = |list: &[String]| {
            list.iter()
                .any(|s| !s.trim().is_empty() && flat.contains(&collapse(s)))
        };
        let w = if has(&exp.with) { 'W' } else { ' ' };
        let x = if has(&exp.without) { 'X' } else { ' ' };
        let status = if body.trim().is_empty() {
            ""
        } else {
            rule.unwrap_or("+")
        };
        out.push_str(&format!("{w}{x} {status:<14}| {body}\n"));
    }
    out
}
