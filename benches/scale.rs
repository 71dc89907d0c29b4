//! claimmark at newsroom scale: the offset map, the visible window's layout, sidecars with a
//! thousand claims, re-anchoring them after an edit, search in a large article, and the
//! export of a large corpus. Run with `cargo bench --bench scale`; figures go in the README.
//!
//! Under `cargo test --all-targets` each benchmark runs once on small inputs, to prove it
//! works; `cargo bench` uses the full sizes.

use std::hint::black_box;

use claimmark::claims::query::Query;
use claimmark::claims::store;
use claimmark::export::{self, Format, Settings};
use claimmark::sample::{self, Rng};
use claimmark::{clean, corpus, search, wrap};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// Whether this is a real benchmark run (`cargo bench`) rather than the test run of
/// `cargo test --all-targets`.
fn full() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// A seed-like article of `size` bytes.
fn article(size: usize) -> Vec<u8> {
    sample::article(&mut Rng::new(7), size)
}

fn offset_map(c: &mut Criterion) {
    let cleaned = clean::clean(&article(if full() { 10 << 20 } else { 256 << 10 }));
    let len = cleaned.text.len().max(1);
    let mut g = c.benchmark_group("offset map");
    let mut at = 0usize;
    g.bench_function("cleaned to raw, one lookup", |b| {
        b.iter(|| {
            at = (at + 7919) % len;
            black_box(cleaned.map.to_raw(black_box(at)))
        })
    });
    let raw_len = cleaned.source.text().len().max(1);
    g.bench_function("raw to cleaned, one lookup", |b| {
        b.iter(|| {
            at = (at + 7919) % raw_len;
            black_box(cleaned.map.to_clean(black_box(at)))
        })
    });
    g.finish();
}

fn visible_window(c: &mut Criterion) {
    // What a key costs in layout: wrapping the 40 rows in view out of a large article.
    let cleaned = clean::clean(&article(if full() { 10 << 20 } else { 256 << 10 }));
    let text = &cleaned.text;
    let mid = clean::floor_char_boundary(text, text.len() / 2);
    let end = clean::floor_char_boundary(text, (mid + 8 * 1024).min(text.len()));
    let mut g = c.benchmark_group("layout");
    g.bench_function("wrap a screenful (8 KiB) at 60 columns", |b| {
        b.iter(|| black_box(wrap::wrap(black_box(&text[mid..end]), 60)))
    });
    g.finish();
}

fn sidecars(c: &mut Criterion) {
    let claims = if full() { 1000 } else { 50 };
    let raw = article(if full() { 400_000 } else { 40_000 });
    let sidecar = sample::sidecar_for(&mut Rng::new(3), "big.txt", &raw, claims);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("big.txt.claims.ron");
    let mut g = c.benchmark_group("sidecar");
    g.sample_size(20);
    let n = sidecar.claims.len();
    g.bench_function(format!("save {n} claims (atomic, fsync)"), |b| {
        b.iter(|| store::save(&path, black_box(&sidecar)).unwrap_or_else(|e| panic!("{e}")))
    });
    g.bench_function(format!("load {n} claims"), |b| {
        b.iter(|| store::load(black_box(&path)).unwrap_or_else(|e| panic!("{e}")))
    });
    // An edit near the top moves every claim: each re-attaches by its context.
    let mut edited = b"A new first paragraph the editor added.\n\n".to_vec();
    edited.extend_from_slice(&raw);
    let source = claimmark::decode::Decoded::new(&edited);
    g.bench_function(format!("re-anchor {n} claims after an edit"), |b| {
        b.iter(|| {
            for claim in &sidecar.claims {
                black_box(claim.anchor.reattach(&source));
            }
        })
    });
    g.finish();
}

fn searching(c: &mut Criterion) {
    let size = if full() { 50 << 20 } else { 512 << 10 };
    let cleaned = clean::clean(&article(size));
    let re = search::matcher("pipeline").unwrap_or_else(|| panic!("a matcher"));
    let mut g = c.benchmark_group("search");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(cleaned.text.len() as u64));
    g.bench_function("one word in a 50 MB article", |b| {
        b.iter(|| black_box(search::hits_in(&cleaned.text, &re, 0, search::MAX_HITS).len()))
    });
    g.finish();
}

fn corpus_scale(c: &mut Criterion) {
    let n = if full() { 10_000 } else { 100 };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    sample::write_corpus(dir.path(), n, 11, 0).unwrap_or_else(|e| panic!("{e}"));
    // A tenth of the articles with three claims each, as a review under way.
    let listed = corpus::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Rng::new(5);
    for meta in listed.articles.iter().step_by(10) {
        let raw = std::fs::read(&meta.path).unwrap_or_else(|e| panic!("{e}"));
        let sidecar = sample::sidecar_for(&mut rng, &meta.name, &raw, 3);
        store::save(&store::beside(&meta.path), &sidecar).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut g = c.benchmark_group("corpus");
    g.sample_size(10);
    g.bench_function(format!("list {n} articles (names only)"), |b| {
        b.iter(|| corpus::list(black_box(dir.path())).unwrap_or_else(|e| panic!("{e}")))
    });
    g.bench_function(format!("list {n} articles with titles"), |b| {
        b.iter(|| corpus::open(black_box(dir.path())).unwrap_or_else(|e| panic!("{e}")))
    });
    let re = search::matcher("pipeline").unwrap_or_else(|| panic!("a matcher"));
    let cancel = std::sync::atomic::AtomicBool::new(false);
    g.bench_function(format!("search all {n} articles"), |b| {
        b.iter(|| search::search_corpus(&listed.articles, &re, &cancel, |p| drop(black_box(p))))
    });
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for format in [Format::Csv, Format::W3c] {
        g.bench_function(format!("export {n} articles as {format:?}"), |b| {
            b.iter_batched(
                || (),
                |()| {
                    export::export_corpus(
                        &listed,
                        data.path(),
                        format,
                        &Query::default(),
                        &Settings::default(),
                        &mut || {},
                    )
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    offset_map,
    visible_window,
    sidecars,
    searching,
    corpus_scale
);
criterion_main!(benches);
