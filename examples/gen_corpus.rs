//! Writes a corpus of seed-like dirty articles, the same for the same seed: for measuring
//! claimmark at newsroom scale.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- DIR N [SEED] [CLAIMS_PER_ARTICLE]
//! cargo run --release --example gen_corpus -- /tmp/corpus-10k 10000
//! cargo run --release --example gen_corpus -- /tmp/corpus-claims 1000 1 20
//! ```
//! Articles go in folders of a thousand (`000/000000.txt`); most are a few kilobytes, one in
//! fifty tens to hundreds of kilobytes, and in a corpus of a thousand or more, one in a
//! thousand several megabytes. With CLAIMS_PER_ARTICLE, each gets a sidecar with that many.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (
        args.first().map(PathBuf::from),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_corpus DIR N [SEED] [CLAIMS_PER_ARTICLE]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let claims = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let started = std::time::Instant::now();
    match claimmark::sample::write_corpus(&dir, n, seed, claims) {
        Ok(w) => {
            println!(
                "{} articles, {:.1} MB, {} claims in {} ({:.1} s)",
                w.articles,
                w.bytes as f64 / 1e6,
                w.claims,
                dir.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
