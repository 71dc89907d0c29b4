//! Where a claim sits in its article, and how it finds its place again after the file changed.
//!
//! Anchors are kept on the raw bytes, never on the cleaned text, so a better cleaner never
//! moves a claim. Besides the byte range, an anchor keeps the exact text and a little context
//! on either side (as the W3C `TextQuoteSelector` does). When the article changes, the claim
//! re-attaches in this order: at the same bytes if the text there is unchanged; else where the
//! exact text occurs, the occurrence whose context fits best; else where an approximate search
//! finds text close enough. A weak or ambiguous match is marked *needs review* rather than
//! silently attached to a lookalike passage, and what cannot be found is *orphaned*: kept,
//! listed with its quote, never dropped.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::decode::Decoded;

/// Bytes of context kept on each side of a claim: enough to tell two occurrences of a short
/// quote apart, little enough to survive an edit nearby.
pub const CONTEXT_BYTES: usize = 32;

/// Scores (1 − edits ÷ length) at or above which an approximate match re-attaches a claim.
pub const MIN_FUZZY_SCORE: f64 = 0.8;
/// Scores at or above which an approximate match is offered, marked as needing review.
pub const MIN_REVIEW_SCORE: f64 = 0.6;
/// Longest quote searched approximately; longer ones are found exactly or not at all, since
/// the search costs the quote's length times the window's.
pub const MAX_FUZZY_BYTES: usize = 4096;

/// Where a claim is: raw byte range plus the text that identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// First raw byte of the claim.
    pub start: usize,
    /// One past its last raw byte.
    pub end: usize,
    /// The raw text of the claim, as in the file.
    pub exact: String,
    /// Up to [`CONTEXT_BYTES`] of raw text before it.
    pub prefix: String,
    /// Up to [`CONTEXT_BYTES`] of raw text after it.
    pub suffix: String,
    /// The claim as the cleaned text reads, for lists and exports.
    pub quote: String,
}

/// How a claim's anchor relates to the article as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnchorState {
    /// The same text at the same bytes.
    Exact,
    /// The same text elsewhere, told apart by its context.
    Moved,
    /// Text close to the old one, near enough to re-attach (`score` from 0 to 1).
    Fuzzy {
        /// 1 − edits ÷ length.
        score: f64,
    },
    /// A match too weak or too ambiguous to trust: shown, but for the reviewer to confirm.
    NeedsReview {
        /// 1 for an exact but ambiguous match, else the approximate score.
        score: f64,
    },
    /// Not found: the claim is kept and listed with its quote.
    Orphaned,
}

/// The outcome of re-attaching an anchor: its state and, unless orphaned, its raw range now.
#[derive(Debug, Clone, PartialEq)]
pub struct Attached {
    /// How good the match is.
    pub state: AnchorState,
    /// The raw byte range it attaches to now.
    pub range: Option<Range<usize>>,
}

impl AnchorState {
    /// How `check`, exports and lists name it.
    pub fn word(&self) -> &'static str {
        match self {
            AnchorState::Exact => "exact",
            AnchorState::Moved => "moved",
            AnchorState::Fuzzy { .. } => "fuzzy",
            AnchorState::NeedsReview { .. } => "needs-review",
            AnchorState::Orphaned => "orphaned",
        }
    }
}

impl Anchor {
    /// An anchor for the raw bytes `range` of `source`, with `quote` from the cleaned text.
    /// The range is widened to whole characters.
    pub fn new(source: &Decoded, range: Range<usize>, quote: &str) -> Anchor {
        let text = source.text();
        let start = source.to_decoded(range.start);
        let mut end = source.to_decoded(range.end.max(range.start)).max(start);
        if source.to_raw(end) < range.end {
            // The range ends inside a character: take all of it.
            end = ceil_char(text, end + 1);
        }
        let before = floor_char(text, start.saturating_sub(CONTEXT_BYTES));
        let after = ceil_char(text, (end + CONTEXT_BYTES).min(text.len()));
        Anchor {
            start: source.to_raw(start),
            end: source.to_raw(end),
            exact: text[start..end].to_string(),
            prefix: text[before..start].to_string(),
            suffix: text[end..after].to_string(),
            quote: quote.to_string(),
        }
    }

    /// Finds this anchor in `source`, the article as it is now.
    pub fn reattach(&self, source: &Decoded) -> Attached {
        let text = source.text();
        if self.exact.is_empty() {
            return orphaned();
        }
        // The same text at the same place.
        let (start, end) = (source.to_decoded(self.start), source.to_decoded(self.end));
        if source.to_raw(start) == self.start && text.get(start..end) == Some(self.exact.as_str()) {
            return Attached {
                state: AnchorState::Exact,
                range: Some(self.start..self.end),
            };
        }
        let raw = |r: Range<usize>| source.to_raw(r.start)..source.to_raw(r.end);
        // The same text elsewhere: the occurrence whose context fits best, the nearest on a tie.
        let mut found: Vec<(usize, usize)> =
            memchr::memmem::find_iter(text.as_bytes(), self.exact.as_bytes())
                .map(|at| (self.context_fit(text, at), at))
                .collect();
        if !found.is_empty() {
            let near = |at: usize| at.abs_diff(start);
            found.sort_by(|a, b| b.0.cmp(&a.0).then(near(a.1).cmp(&near(b.1))));
            let (fit, at) = found[0];
            let range = raw(at..at + self.exact.len());
            let full = self.prefix.len() + self.suffix.len();
            // Two places that fit as well as each other, and not perfectly: ask.
            let tied = found.get(1).is_some_and(|second| second.0 == fit) && fit < full;
            let state = if tied {
                AnchorState::NeedsReview { score: 1.0 }
            } else {
                AnchorState::Moved
            };
            return Attached {
                state,
                range: Some(range),
            };
        }
        // Text close to the old one, near where it was.
        if self.exact.len() > MAX_FUZZY_BYTES {
            return orphaned();
        }
        let window = (2 * self.exact.len()).max(2048);
        let lo = floor_char(text, start.saturating_sub(window));
        let hi = ceil_char(text, (start + self.exact.len() + window).min(text.len()));
        let Some((found, edits)) = approximate(&text.as_bytes()[lo..hi], self.exact.as_bytes())
        else {
            return orphaned();
        };
        let score = 1.0 - edits as f64 / self.exact.len() as f64;
        let range = floor_char(text, lo + found.start)..ceil_char(text, lo + found.end);
        let state = if score >= MIN_FUZZY_SCORE {
            AnchorState::Fuzzy { score }
        } else if score >= MIN_REVIEW_SCORE {
            AnchorState::NeedsReview { score }
        } else {
            return orphaned();
        };
        Attached {
            state,
            range: Some(raw(range)),
        }
    }

    /// How many bytes of the stored context agree with the text around an occurrence at `at`.
    fn context_fit(&self, text: &str, at: usize) -> usize {
        let before = &text.as_bytes()[..at];
        let after = &text.as_bytes()[(at + self.exact.len()).min(text.len())..];
        let prefix = self
            .prefix
            .bytes()
            .rev()
            .zip(before.iter().rev())
            .take_while(|(a, b)| a == *b)
            .count();
        let suffix = self
            .suffix
            .bytes()
            .zip(after)
            .take_while(|(a, b)| a == *b)
            .count();
        prefix + suffix
    }
}

fn orphaned() -> Attached {
    Attached {
        state: AnchorState::Orphaned,
        range: None,
    }
}

/// The substring of `text` closest to `pattern` by edit distance (Sellers' algorithm: the
/// match may start and end anywhere), and its distance. Ties go to the earliest end. `None`
/// for an empty pattern.
fn approximate(text: &[u8], pattern: &[u8]) -> Option<(Range<usize>, usize)> {
    let m = pattern.len();
    if m == 0 {
        return None;
    }
    // column[i]: (distance, start in text) of the best alignment of pattern[..i] ending here.
    let mut column: Vec<(usize, usize)> = (0..=m).map(|i| (i, 0)).collect();
    let mut best: Option<(Range<usize>, usize)> = None;
    for (j, &t) in text.iter().enumerate() {
        let mut diagonal = column[0];
        column[0] = (0, j + 1);
        for i in 1..=m {
            let substitute = (diagonal.0 + usize::from(pattern[i - 1] != t), diagonal.1);
            let delete = (column[i].0 + 1, column[i].1);
            let insert = (column[i - 1].0 + 1, column[i - 1].1);
            diagonal = column[i];
            column[i] = substitute.min_by_key_first(delete).min_by_key_first(insert);
        }
        let (dist, from) = column[m];
        if best.as_ref().is_none_or(|b| dist < b.1) {
            best = Some((from..j + 1, dist));
        }
    }
    best
}

/// The lower distance of two alignments, the first on a tie.
trait MinFirst {
    fn min_by_key_first(self, other: Self) -> Self;
}

impl MinFirst for (usize, usize) {
    fn min_by_key_first(self, other: Self) -> Self {
        if other.0 < self.0 { other } else { self }
    }
}

fn floor_char(text: &str, at: usize) -> usize {
    crate::clean::floor_char_boundary(text, at.min(text.len()))
}

fn ceil_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "Algeria signed an arms contract with Russia, valued between $12-17 billion, \
                           officials said. The deal covers fighter jets and air defence.";

    fn anchor_on(text: &str, quote: &str) -> Anchor {
        let source = Decoded::new(text.as_bytes());
        let at = text
            .find(quote)
            .unwrap_or_else(|| panic!("{quote} not in text"));
        Anchor::new(&source, at..at + quote.len(), quote)
    }

    fn attach(anchor: &Anchor, text: &str) -> (AnchorState, Option<String>) {
        let a = anchor.reattach(&Decoded::new(text.as_bytes()));
        (a.state, a.range.map(|r| text[r].to_string()))
    }

    const CLAIM: &str = "arms contract with Russia, valued between $12-17 billion";

    #[test]
    fn an_unchanged_article_gives_the_same_place() {
        let a = anchor_on(ARTICLE, CLAIM);
        assert_eq!(a.exact, CLAIM);
        assert_eq!(a.prefix, "Algeria signed an ");
        assert!(a.suffix.starts_with(", officials said."));
        assert_eq!(
            attach(&a, ARTICLE),
            (AnchorState::Exact, Some(CLAIM.into()))
        );
    }

    #[test]
    fn text_inserted_or_deleted_before_the_claim_moves_it() {
        let a = anchor_on(ARTICLE, CLAIM);
        let inserted = format!("UPDATE: corrected figures.\n\n{ARTICLE}");
        assert_eq!(
            attach(&a, &inserted),
            (AnchorState::Moved, Some(CLAIM.into()))
        );
        let deleted = ARTICLE.replacen("Algeria signed", "It signed", 1);
        assert_eq!(
            attach(&a, &deleted),
            (AnchorState::Moved, Some(CLAIM.into()))
        );
    }

    #[test]
    fn an_edit_inside_the_claim_reattaches_approximately() {
        let a = anchor_on(ARTICLE, CLAIM);
        let edited = ARTICLE.replace("$12-17 billion", "$12-18 billion");
        let (state, text) = attach(&a, &edited);
        assert!(
            matches!(state, AnchorState::Fuzzy { score } if score > 0.95),
            "{state:?}"
        );
        assert_eq!(
            text.as_deref(),
            Some("arms contract with Russia, valued between $12-18 billion")
        );
    }

    #[test]
    fn a_heavily_rewritten_claim_needs_review_and_a_removed_one_is_orphaned() {
        let a = anchor_on(ARTICLE, CLAIM);
        let rewritten = ARTICLE.replace(CLAIM, "arms deal with Moscow, worth some $12-17 bn");
        let (state, _) = attach(&a, &rewritten);
        assert!(
            matches!(
                state,
                AnchorState::NeedsReview { .. } | AnchorState::Orphaned
            ),
            "{state:?}"
        );
        let removed = ARTICLE.replace(CLAIM, "deal");
        assert_eq!(attach(&a, &removed), (AnchorState::Orphaned, None));
    }

    /// A case of [`edits_around_and_inside_a_claim`]: its name, the edited article, the state
    /// expected and the text the claim should attach to.
    type EditCase = (
        &'static str,
        String,
        fn(&AnchorState) -> bool,
        Option<&'static str>,
    );

    /// Each edit of the article and what the claim should become, in one table.
    #[test]
    fn edits_around_and_inside_a_claim() {
        let a = anchor_on(ARTICLE, CLAIM);
        let fuzzy = |s: &AnchorState| matches!(s, AnchorState::Fuzzy { .. });
        let cases: Vec<EditCase> = vec![
            (
                "unchanged",
                ARTICLE.to_string(),
                |s| *s == AnchorState::Exact,
                Some(CLAIM),
            ),
            (
                "text appended after",
                format!("{ARTICLE} More to follow."),
                |s| *s == AnchorState::Exact,
                Some(CLAIM),
            ),
            (
                "a word inserted before",
                ARTICLE.replacen("signed", "formally signed", 1),
                |s| *s == AnchorState::Moved,
                Some(CLAIM),
            ),
            (
                "the words right before it edited, same length",
                ARTICLE.replacen("signed an", "agreed an", 1),
                |s| *s == AnchorState::Exact,
                Some(CLAIM),
            ),
            (
                "the words right before it edited, longer",
                ARTICLE.replacen("signed an", "has agreed to an", 1),
                |s| *s == AnchorState::Moved,
                Some(CLAIM),
            ),
            (
                "the words right after it edited",
                ARTICLE.replacen(", officials said", ", sources claim", 1),
                |s| *s == AnchorState::Exact,
                Some(CLAIM),
            ),
            (
                "a word inserted inside",
                ARTICLE.replacen("valued between", "valued at between", 1),
                fuzzy,
                Some("arms contract with Russia, valued at between $12-17 billion"),
            ),
            (
                "a word deleted inside",
                ARTICLE.replacen("with Russia, ", "with Russia ", 1),
                fuzzy,
                Some("arms contract with Russia valued between $12-17 billion"),
            ),
            (
                "moved to another paragraph",
                format!(
                    "The deal covers fighter jets.\n\nAlgeria signed an {CLAIM}, officials said."
                ),
                |s| *s == AnchorState::Moved,
                Some(CLAIM),
            ),
            (
                "the claim deleted",
                ARTICLE.replacen(CLAIM, "a deal", 1),
                |s| *s == AnchorState::Orphaned,
                None,
            ),
        ];
        for (case, text, expected, found) in cases {
            let (state, at) = attach(&a, &text);
            assert!(expected(&state), "{case}: {state:?}");
            assert_eq!(at.as_deref(), found, "{case}");
        }
    }

    #[test]
    fn a_repeated_quote_goes_to_the_occurrence_whose_context_fits() {
        let text = "Paris said no. Then Berlin said no. Rome said yes.";
        let a = anchor_on(text, "Berlin said no");
        // Move everything so the old position is no longer right, keep the context.
        let moved = format!("Intro. {text}");
        let (state, range) = {
            let at = a.reattach(&Decoded::new(moved.as_bytes()));
            (at.state, at.range)
        };
        assert_eq!(state, AnchorState::Moved);
        assert_eq!(range, Some(27..41));
        assert_eq!(&moved[27..41], "Berlin said no");
    }

    #[test]
    fn an_ambiguous_quote_needs_review() {
        let a = anchor_on("He said no. ", "said no");
        // Both occurrences have the same (partial) context: no way to choose.
        let text = "Well. Xe said no. Ye said no. ";
        let (state, _) = attach(&a, text);
        assert_eq!(state, AnchorState::NeedsReview { score: 1.0 });
    }

    #[test]
    fn anchors_map_through_invalid_utf8() {
        let raw = b"D\xe9fense minister said the contract was signed.";
        let source = Decoded::new(raw);
        let a = Anchor::new(&source, 8..16, "minister");
        assert_eq!(a.exact, "minister");
        assert_eq!(a.prefix, "D\u{FFFD}fense ");
        assert_eq!((a.start, a.end), (8, 16));
        let at = a.reattach(&source);
        assert_eq!(at.state, AnchorState::Exact);
        assert_eq!(at.range, Some(8..16));
        // Moved by two bytes: found again, in raw bytes.
        let mut moved = b"\xff\xfe".to_vec();
        moved.extend_from_slice(raw);
        let at = a.reattach(&Decoded::new(&moved));
        assert_eq!(at.state, AnchorState::Moved);
        assert_eq!(at.range, Some(10..18));
    }

    #[test]
    fn approximate_search_finds_the_closest_substring() {
        let (range, edits) =
            approximate(b"the quick brown fox", b"quack brown").unwrap_or((0..0, 99));
        assert_eq!((range, edits), (4..15, 1));
        assert_eq!(approximate(b"abc", b""), None);
    }
}
