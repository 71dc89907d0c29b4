//! The cleaner's throughput as the best, the median and the mean of many runs, on the inputs
//! of `cargo bench --bench reader -- clean/`: for machines whose cores are shared with other
//! work in bursts (virtual machines), where criterion's estimates, which average over the
//! bursts, move from run to run, and the best of many runs is the figure of the cleaner.
//!
//! ```sh
//! cargo run --release --example clean_speed                 # all four inputs
//! cargo run --release --example clean_speed -- seeds 300    # one input, 300 runs
//! taskset -c 1 cargo run --release --example clean_speed    # on one core (Linux)
//! ```
//! Inputs: `seeds` (the five seed articles, 28 KB), `handed` (10 MB, the bytes handed over as
//! the reader does), `borrowed` (the same from a borrowed slice, which `clean::clean` copies),
//! `nonl` (the same 10 MB with every line break made a space).

use std::time::Instant;

use claimmark::{clean, demo};

/// Times `runs` cleanings of the input `kind` and prints their best, median and mean.
fn measure(kind: &str, runs: usize) {
    let input: Vec<u8> = match kind {
        "seeds" => demo::ARTICLES
            .iter()
            .flat_map(|(_, b)| b.iter().copied())
            .collect(),
        "nonl" => demo::seeds_repeated(10 << 20)
            .into_iter()
            .map(|b| if b == b'\n' || b == b'\r' { b' ' } else { b })
            .collect(),
        _ => demo::seeds_repeated(10 << 20),
    };
    // Once untimed: the patterns' lazy set-up and the thread's reused lists.
    drop(clean::clean(&input));
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let handed = (kind == "handed").then(|| input.clone());
            let start = Instant::now();
            let cleaned = match handed {
                Some(bytes) => clean::clean_owned(bytes),
                None => clean::clean(std::hint::black_box(&input)),
            };
            let took = start.elapsed().as_secs_f64();
            drop(std::hint::black_box(cleaned));
            took
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let rate = |secs: f64| input.len() as f64 / secs / 1e6;
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "{kind:9} {:>4} runs: best {:6.1}  median {:6.1}  mean {:6.1} MB/s",
        times.len(),
        rate(times[0]),
        rate(times[times.len() / 2]),
        rate(mean),
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = args.get(1).and_then(|r| r.parse().ok());
    match args.first() {
        Some(kind) => measure(kind, runs.unwrap_or(100)),
        // Each input in a process of its own: after a run of 10 MB cleanings the allocator
        // holds memory it hands out again without page faults, and the next input's figures
        // would be those of a warm heap (half as fast again without line breaks).
        None => {
            for (kind, runs) in [
                ("seeds", 300),
                ("handed", 20),
                ("borrowed", 20),
                ("nonl", 20),
            ] {
                let status = std::env::current_exe().and_then(|me| {
                    std::process::Command::new(me)
                        .args([kind, &runs.to_string()])
                        .status()
                });
                if let Err(e) = status {
                    eprintln!("clean_speed: cannot run {kind}: {e}");
                }
            }
        }
    }
}
