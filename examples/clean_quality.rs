//! Word-level quality of the cleaner against the hand-checked golden texts of the seeds:
//! recall (how much of the story survived) and precision (how little else did), per article
//! and in total.
//!
//! `cargo run --example clean_quality`

use std::collections::HashMap;
use std::process::ExitCode;

/// Words as a multiset, punctuation kept (a changed quote or figure is a changed word).
fn words(text: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for w in text.split_whitespace() {
        *counts.entry(w).or_insert(0) += 1;
    }
    counts
}

fn main() -> ExitCode {
    let (mut common_all, mut cleaned_all, mut golden_all) = (0usize, 0usize, 0usize);
    println!("{:<28} {:>9} {:>9}", "article", "precision", "recall");
    for (name, raw) in claimmark::demo::ARTICLES {
        let golden_path = format!("tests/golden/{name}");
        let Ok(golden) = std::fs::read_to_string(&golden_path) else {
            eprintln!("clean_quality: cannot read {golden_path} (run from the project folder)");
            return ExitCode::FAILURE;
        };
        let cleaned = claimmark::clean::clean(raw).text;
        let (got, want) = (words(&cleaned), words(&golden));
        let common: usize = got
            .iter()
            .map(|(w, n)| (*n).min(want.get(w).copied().unwrap_or(0)))
            .sum();
        let (n_got, n_want) = (got.values().sum::<usize>(), want.values().sum::<usize>());
        println!(
            "{name:<28} {:>9.3} {:>9.3}",
            common as f64 / n_got.max(1) as f64,
            common as f64 / n_want.max(1) as f64
        );
        common_all += common;
        cleaned_all += n_got;
        golden_all += n_want;
    }
    println!(
        "{:<28} {:>9.3} {:>9.3}",
        "all seeds",
        common_all as f64 / cleaned_all.max(1) as f64,
        common_all as f64 / golden_all.max(1) as f64
    );
    ExitCode::SUCCESS
}
