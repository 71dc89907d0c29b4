//! Seed-like dirty articles on demand, deterministic from a number: for the benchmarks, the
//! start-up probe and `examples/gen_corpus`, so claimmark's speed is measured on text that
//! looks like what reviewers read (the seeds' paragraphs, tag remnants, boilerplate,
//! entities, odd spaces) at any scale, and the same figures come back on the next run.

use std::io;
use std::path::Path;

use crate::claims::{Anchor, ArticleId, Claim, Rating, Sidecar, store};
use crate::decode::Decoded;

/// A small, fast, deterministic random source (SplitMix64): the generator needs the same
/// corpus from the same seed on every machine, not cryptographic quality.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A source that gives the same numbers for the same `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n.max(1)) == 0
    }
}

/// The lines of the seed articles, the material every generated article is made of.
fn seed_lines() -> Vec<&'static [u8]> {
    crate::demo::ARTICLES
        .iter()
        .flat_map(|(_, bytes)| bytes.split(|&b| b == b'\n'))
        .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .collect()
}

/// Dirt scraped pages carry, put between and into the seeds' lines.
const DIRT: &[&str] = &[
    "< / li >",
    "td > Price td > Volume td >",
    "< strong >Read more< / strong >",
    "Share this: Facebook Twitter LinkedIn Email",
    "Page 1 of 3 Next »",
    "Subscribe to our newsletter for the latest updates.",
    "&nbsp;&nbsp;&amp; &#8220;quoted&#8221;",
    "[mc4wp_form id=\"123\"]",
    "Leave a Reply Cancel reply",
    "\u{a0}\u{a0}Advertisement\u{a0}",
    "-----",
];

/// One article of about `size` bytes: a title line, then the seeds' lines in a random order
/// with dirt between them, as a scrape leaves it.
pub fn article(rng: &mut Rng, size: usize) -> Vec<u8> {
    let lines = seed_lines();
    let mut out = Vec::with_capacity(size + 1024);
    if let Some(title) = lines.get(rng.below(lines.len())) {
        out.extend_from_slice(title);
        out.extend_from_slice(b"\n\n");
    }
    while out.len() < size {
        if rng.one_in(6) {
            out.extend_from_slice(DIRT[rng.below(DIRT.len())].as_bytes());
            out.push(b'\n');
        }
        if let Some(line) = lines.get(rng.below(lines.len())) {
            out.extend_from_slice(line);
        }
        out.extend_from_slice(if rng.one_in(3) { b"\n\n" } else { b"\n" });
    }
    // Cut at a line end, so no character is split.
    if let Some(end) = out[..size.min(out.len())].iter().rposition(|&b| b == b'\n') {
        out.truncate(end + 1);
    }
    out
}

/// A size for the `i`th of `n` articles: most a few kilobytes like the seeds, one in fifty
/// ten times that, and for a corpus of a thousand or more, one in a thousand of several
/// megabytes, so a large corpus holds the few huge pages real archives do.
pub fn size(rng: &mut Rng, n: usize) -> usize {
    if n >= 1000 && rng.one_in(1000) {
        (2 + rng.below(8)) << 20
    } else if rng.one_in(50) {
        20_000 + rng.below(200_000)
    } else {
        1_500 + rng.below(9_000)
    }
}

/// What [`write_corpus`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Articles written.
    pub articles: usize,
    /// Their bytes in all.
    pub bytes: u64,
    /// Claims written into sidecars.
    pub claims: usize,
}

/// Writes `n` articles (`00000.txt`, …, in folders of a thousand) under `dir`, the same for the
/// same `seed`, and with `claims` > 0 a sidecar beside each with that many claims anchored on
/// sentences of the article.
pub fn write_corpus(dir: &Path, n: usize, seed: u64, claims: usize) -> io::Result<Written> {
    let mut rng = Rng::new(seed);
    let mut written = Written::default();
    for i in 0..n {
        let folder = dir.join(format!("{:03}", i / 1000));
        std::fs::create_dir_all(&folder)?;
        let name = format!("{i:06}.txt");
        let target = size(&mut rng, n);
        let bytes = article(&mut rng, target);
        let path = folder.join(&name);
        std::fs::write(&path, &bytes)?;
        written.articles += 1;
        written.bytes += bytes.len() as u64;
        if claims > 0 {
            let sidecar = sidecar_for(&mut rng, &name, &bytes, claims);
            written.claims += sidecar.claims.len();
            store::save(&store::beside(&path), &sidecar)
                .map_err(|e| io::Error::other(e.to_string()))?;
        }
    }
    Ok(written)
}

/// A sidecar with up to `count` claims on sentences of `raw` (fewer if it has fewer), rated
/// across the scale, with fixed ids and dates so the same seed gives the same files.
pub fn sidecar_for(rng: &mut Rng, name: &str, raw: &[u8], count: usize) -> Sidecar {
    let source = Decoded::new(raw);
    let text = source.text();
    let starts: Vec<usize> = text
        .match_indices(". ")
        .map(|(i, _)| i + 2)
        .filter(|&i| text[i..].starts_with(|c: char| c.is_uppercase()))
        .collect();
    let mut sidecar = Sidecar::new(ArticleId::of(name, raw));
    for k in 0..count.min(starts.len()) {
        let start = starts[(k * starts.len()) / count.max(1)];
        let end = text[start..]
            .find(". ")
            .map_or(text.len(), |e| start + e + 1);
        let (raw_start, raw_end) = (source.to_raw(start), source.to_raw(end));
        let quote = &text[start..end];
        let credibility = ["1", "2", "3", "4", "5", "6"][rng.below(6)];
        sidecar.claims.push(Claim {
            id: format!("00000000-0000-4000-8000-{:012x}", rng.next_u64() >> 16),
            anchor: Anchor::new(&source, raw_start..raw_end, quote),
            summary: None,
            credibility: Some(Rating {
                scale: "admiralty-credibility".into(),
                value: credibility.into(),
            }),
            reliability: Some(Rating {
                scale: "admiralty-reliability".into(),
                value: ["A", "B", "C", "D", "E", "F"][rng.below(6)].into(),
            }),
            sources: Vec::new(),
            tags: vec![["arms", "diplomacy", "economy", "security"][rng.below(4)].into()],
            note: String::new(),
            author: ["ana", "bo", "cy"][rng.below(3)].into(),
            created: "2026-11-20T09:00:00Z".into(),
            updated: "2026-11-20T09:00:00Z".into(),
        });
    }
    sidecar.sort();
    sidecar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_corpus_and_claims_land_on_their_text() {
        let a = tempfile::tempdir().expect("a temporary folder");
        let b = tempfile::tempdir().expect("a temporary folder");
        let wa = write_corpus(a.path(), 12, 7, 3).expect("written");
        let wb = write_corpus(b.path(), 12, 7, 3).expect("written");
        assert_eq!(wa, wb);
        assert_eq!(wa.articles, 12);
        assert!(wa.claims > 0);
        let first = std::fs::read(a.path().join("000/000000.txt")).expect("an article");
        assert_eq!(
            first,
            std::fs::read(b.path().join("000/000000.txt")).expect("an article")
        );
        let sidecar = store::load(&a.path().join("000/000000.txt.claims.ron"))
            .expect("readable")
            .expect("present");
        let source = Decoded::new(&first);
        for claim in &sidecar.claims {
            let attached = claim.anchor.reattach(&source);
            assert_eq!(attached.state, crate::claims::AnchorState::Exact);
        }
    }

    #[test]
    fn articles_are_dirty_text_of_about_the_size_asked() {
        let mut rng = Rng::new(1);
        let a = article(&mut rng, 20_000);
        assert!(a.len() <= 20_000 && a.len() > 15_000, "{}", a.len());
        let cleaned = crate::clean::clean(&a);
        assert!(!cleaned.dropped.is_empty(), "the cleaner has dirt to drop");
        assert!(std::str::from_utf8(&a).is_ok());
    }
}
