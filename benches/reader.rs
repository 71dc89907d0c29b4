//! What a reviewer waits for: cleaning an article, wrapping it for a pane, and drawing a frame
//! after a key. Run with `cargo bench --bench reader`; figures go in the README.

use std::hint::black_box;

use claimmark::tui::app::{App, Msg};
use claimmark::tui::keymap::Action;
use claimmark::tui::theme::Theme;
use claimmark::tui::{dispatch, perform, view};
use claimmark::{clean, corpus, demo, wrap};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Size of the large article: 10 MB under `cargo bench`; small under `cargo test
/// --all-targets`, which runs each benchmark once just to prove it works.
fn big_size() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        10 << 20
    } else {
        256 << 10
    }
}

fn cleaning(c: &mut Criterion) {
    let seeds: Vec<u8> = demo::ARTICLES
        .iter()
        .flat_map(|(_, b)| b.iter().copied())
        .collect();
    let big = demo::seeds_repeated(big_size());
    let mut g = c.benchmark_group("clean");
    g.sample_size(10);
    g.throughput(Throughput::BytesDecimal(seeds.len() as u64));
    g.bench_function("seeds", |b| b.iter(|| clean::clean(black_box(&seeds))));
    g.throughput(Throughput::BytesDecimal(big.len() as u64));
    g.bench_function("10MB", |b| b.iter(|| clean::clean(black_box(&big))));
    // As the reader opens an article: the bytes handed over, valid UTF-8 not copied.
    g.bench_function("10MB, bytes handed over", |b| {
        b.iter_batched(
            || big.clone(),
            |bytes| clean::clean_owned(black_box(bytes)),
            criterion::BatchSize::LargeInput,
        )
    });
    // The same text with every line break turned into a space: one 10 MB line.
    let one_line: Vec<u8> = big
        .iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b' ' } else { b })
        .collect();
    g.bench_function("10MB, no newline", |b| {
        b.iter(|| clean::clean(black_box(&one_line)))
    });
    g.finish();
}

fn wrapping(c: &mut Criterion) {
    let cleaned = clean::clean(&demo::seeds_repeated(big_size()));
    let mut g = c.benchmark_group("wrap");
    g.sample_size(10);
    g.throughput(Throughput::BytesDecimal(cleaned.text.len() as u64));
    g.bench_function("10MB at 60 columns", |b| {
        b.iter(|| wrap::wrap(black_box(&cleaned.text), 60))
    });
    // The raw pane's rows: starts and two bits a row.
    g.bench_function("10MB at 60 columns, plain rows", |b| {
        b.iter(|| wrap::wrap_plain(black_box(&cleaned.text), 60))
    });
    g.finish();
}

/// A key and the frame after it, on a 10 MB article: must not grow with the article.
fn key_to_frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("big.txt");
    std::fs::write(&path, demo::seeds_repeated(big_size())).unwrap_or_else(|e| panic!("{e}"));
    let corpus = corpus::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(corpus, Theme::colour());
    dispatch(&mut app, Msg::Resize(120, 40));
    for effect in app.start() {
        let msg = perform(&app, effect);
        dispatch(&mut app, msg);
    }
    dispatch(&mut app, Msg::Action(Action::Open));
    dispatch(&mut app, Msg::Action(Action::HalfPageDown));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap_or_else(|e| panic!("{e}"));
    let mut down = true;
    c.bench_function("key to frame, 10MB article, 120x40", |b| {
        b.iter(|| {
            let action = if down { Action::Down } else { Action::Up };
            down = !down;
            dispatch(&mut app, Msg::Action(action));
            terminal
                .draw(|frame| view::draw(&app, frame))
                .unwrap_or_else(|e| panic!("{e}"));
        })
    });
}

criterion_group!(benches, cleaning, wrapping, key_to_frame);
criterion_main!(benches);
