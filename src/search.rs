//! Finding text: in one article's cleaned text, and across the whole corpus.
//!
//! The corpus search reads and cleans one article at a time and hands its matches on as soon
//! as they are found, checking a cancel flag between articles, so a caller on another thread
//! can show results as they come and stop at once on a large corpus. Pure of any terminal.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use regex::Regex;

use crate::corpus::{self, ArticleMeta};

/// The most matches a corpus search keeps: enough to review, bounded so a query like `e` on a
/// huge corpus cannot fill memory.
pub const MAX_HITS: usize = 10_000;

/// Bytes of the line kept before a match in a hit's context, and after it.
const CONTEXT_BEFORE: usize = 40;
const CONTEXT_AFTER: usize = 160;

/// A literal search with smart case: all lower case ignores case, any upper-case letter makes
/// it exact, as in vim and less. `None` for an empty query.
pub fn matcher(query: &str) -> Option<Regex> {
    if query.is_empty() {
        return None;
    }
    let case = if query.chars().any(char::is_uppercase) {
        ""
    } else {
        "(?i)"
    };
    Regex::new(&format!("{case}{}", regex::escape(query))).ok()
}

/// One match in the corpus: where it is and the line around it, for the results list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The article's index in the corpus.
    pub article: usize,
    /// The line of the cleaned text, from 1.
    pub line: usize,
    /// The match in the cleaned text, in bytes.
    pub clean: Range<usize>,
    /// Part of the line around the match, on one line.
    pub context: String,
    /// The match within `context`, in bytes.
    pub within: Range<usize>,
}

/// Every match of `re` in `text` (an article's cleaned text), at most `limit`.
pub fn hits_in(text: &str, re: &Regex, article: usize, limit: usize) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut line = 1;
    let mut counted_to = 0;
    for m in re.find_iter(text).filter(|m| !m.is_empty()).take(limit) {
        line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted_to..m.start()]).count();
        counted_to = m.start();
        let line_start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[m.end()..]
            .find('\n')
            .map_or(text.len(), |i| m.end() + i);
        let from = crate::clean::floor_char_boundary(
            text,
            m.start().saturating_sub(CONTEXT_BEFORE).max(line_start),
        );
        let to = crate::clean::floor_char_boundary(text, (m.end() + CONTEXT_AFTER).min(line_end))
            .max(m.end());
        hits.push(Hit {
            article,
            line,
            clean: m.range(),
            context: text[from..to].to_string(),
            within: m.start() - from..m.end() - from,
        });
    }
    hits
}

/// What the corpus search reports as it goes: the matches and unreadable articles since the
/// last report, and how many articles are searched so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Matches found since the last report.
    pub hits: Vec<Hit>,
    /// Articles searched so far.
    pub searched: usize,
    /// Articles that could not be read, so far.
    pub unreadable: usize,
}

/// Searches every article for `re`, reporting in corpus order: `report` is called after each
/// article with matches (and every 64 articles regardless, so progress shows). Articles are
/// read and cleaned on as many threads as there are cores, their matches handed on in order.
/// Stops between articles once `cancel` is set or [`MAX_HITS`] matches are found. Returns
/// whether it went through the whole corpus.
pub fn search_corpus(
    articles: &[ArticleMeta],
    re: &Regex,
    cancel: &AtomicBool,
    mut report: impl FnMut(Progress),
) -> bool {
    use std::sync::atomic::AtomicUsize;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(articles.len().max(1));
    // Each worker takes the next article not taken; results come back tagged with its index
    // and are reported in order. `stop` ends the workers when the reporter is done.
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Option<Vec<Hit>>)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || {
                loop {
                    if stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed) {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(meta) = articles.get(i) else {
                        return;
                    };
                    let hits = corpus::load(meta)
                        .ok()
                        .map(|a| hits_in(&a.cleaned.text, re, i, MAX_HITS));
                    if tx.send((i, hits)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let complete = report_in_order(articles.len(), &rx, cancel, &mut report);
        stop.store(true, Ordering::Relaxed);
        complete
    })
}

/// Takes the workers' results as they come and reports them in corpus order, holding back
/// those that came early. Returns whether every article was reported.
fn report_in_order(
    total: usize,
    rx: &std::sync::mpsc::Receiver<(usize, Option<Vec<Hit>>)>,
    cancel: &AtomicBool,
    report: &mut impl FnMut(Progress),
) -> bool {
    let mut early: std::collections::BTreeMap<usize, Option<Vec<Hit>>> = Default::default();
    let mut found = 0;
    let mut pending = Progress::default();
    while pending.searched < total {
        if cancel.load(Ordering::Relaxed) || found >= MAX_HITS {
            report(pending);
            return false;
        }
        let Some(result) = early.remove(&pending.searched) else {
            match rx.recv() {
                Ok((i, result)) => {
                    early.insert(i, result);
                    continue;
                }
                // Every worker stopped: cancelled.
                Err(_) => break,
            }
        };
        match result {
            Some(mut hits) => {
                hits.truncate(MAX_HITS - found);
                found += hits.len();
                pending.hits.extend(hits);
            }
            None => pending.unreadable += 1,
        }
        pending.searched += 1;
        if !pending.hits.is_empty() || pending.searched.is_multiple_of(64) {
            // Each report carries what is new since the last: hits and unreadable articles
            // are added up by whoever reads them; `searched` is where the search stands.
            let next = Progress {
                hits: Vec::new(),
                searched: pending.searched,
                unreadable: 0,
            };
            report(std::mem::replace(&mut pending, next));
        }
    }
    let complete = pending.searched == total;
    report(pending);
    complete
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case() {
        let lower = matcher("russia").expect("a matcher");
        assert!(lower.is_match("RUSSIA and Russia"));
        let exact = matcher("Russia").expect("a matcher");
        assert!(!exact.is_match("russia"));
        assert!(matcher("").is_none());
        assert!(matcher("$12-17 (bn)").is_some_and(|m| m.is_match("at $12-17 (bn) each")));
    }

    #[test]
    fn hits_name_their_line_and_carry_the_text_around_them() {
        let text = "Title\n\nFirst para about arms.\nSecond: arms again, and ARMS.\n";
        let re = matcher("arms").expect("a matcher");
        let hits = hits_in(text, &re, 7, 100);
        let lines: Vec<usize> = hits.iter().map(|h| h.line).collect();
        assert_eq!(lines, [3, 4, 4]);
        for h in &hits {
            assert_eq!(h.article, 7);
            assert!(text[h.clean.clone()].eq_ignore_ascii_case("arms"));
            assert!(h.context[h.within.clone()].eq_ignore_ascii_case("arms"));
            assert!(!h.context.contains('\n'));
        }
        assert_eq!(hits[0].context, "First para about arms.");
        assert_eq!(hits_in(text, &re, 7, 1).len(), 1, "the limit holds");
    }

    #[test]
    fn a_long_line_is_cut_round_the_match_at_character_boundaries() {
        let text = format!("{}needle{}", "é".repeat(500), "ü".repeat(500));
        let re = matcher("needle").expect("a matcher");
        let hit = &hits_in(&text, &re, 0, 10)[0];
        assert!(hit.context.len() <= 6 + CONTEXT_BEFORE + CONTEXT_AFTER);
        assert_eq!(&hit.context[hit.within.clone()], "needle");
    }

    #[test]
    fn the_corpus_is_searched_in_order_and_stops_when_cancelled() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, body) in [
            ("a.txt", "Alpha\n\nNothing.\n"),
            ("b.txt", "Beta\n\nThe arms deal.\n"),
            ("c.txt", "Gamma\n\nMore arms here, arms.\n"),
        ] {
            std::fs::write(dir.path().join(name), body).expect("written");
        }
        let corpus = crate::corpus::open(dir.path()).expect("the corpus opens");
        let re = matcher("arms").expect("a matcher");
        let mut hits = Vec::new();
        let mut last = 0;
        let all = search_corpus(&corpus.articles, &re, &AtomicBool::new(false), |p| {
            assert!(p.searched >= last, "progress only goes forward");
            last = p.searched;
            hits.extend(p.hits);
        });
        assert!(all);
        assert_eq!(last, 3);
        let found: Vec<(usize, usize)> = hits.iter().map(|h| (h.article, h.line)).collect();
        assert_eq!(found, [(1, 3), (2, 3), (2, 3)]);

        // An article gone since the corpus was listed is counted once, however many reports
        // follow it.
        std::fs::remove_file(dir.path().join("a.txt")).expect("removed");
        let mut unreadable = 0;
        search_corpus(&corpus.articles, &re, &AtomicBool::new(false), |p| {
            unreadable += p.unreadable;
        });
        assert_eq!(unreadable, 1);

        let cancel = AtomicBool::new(false);
        let mut reports = 0;
        let all = search_corpus(&corpus.articles, &re, &cancel, |_| {
            reports += 1;
            cancel.store(true, Ordering::Relaxed);
        });
        assert!(!all, "stopped early");
        assert!(reports <= 2);
    }
}
