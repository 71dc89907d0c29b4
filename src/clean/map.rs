//! The offset map: for every cleaned character, the raw bytes it came from.
//!
//! Everything a reviewer selects or saves is a position in the raw bytes of an article, so the
//! map is the one structure every later feature (synchronised panes, claims, search, export)
//! translates through. It is stored as runs ("segments") rather than per character so that a
//! 50 MB article costs a few entries per line, not eight bytes per character.

use serde::{Serialize, Serializer};
use std::ops::Range;

use crate::decode::Decoded;

/// A half-open byte range. Serialises as `[start, end]`, the shape `claimmark clean --json`
/// promises to scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ByteSpan {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl ByteSpan {
    /// Builds a span; callers keep `start <= end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        ByteSpan { start, end }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for a zero-length span (a position rather than a range).
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a slice range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for ByteSpan {
    fn from(r: Range<usize>) -> Self {
        ByteSpan::new(r.start, r.end)
    }
}

impl Serialize for ByteSpan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

/// One run of cleaned text and the raw bytes it came from.
///
/// A copy was taken byte for byte from the raw file, so positions inside it map one to one.
/// Anything else is a stand-in the cleaner wrote (one space for a run of whitespace or a
/// removed tag, a newline for CRLF, U+FFFD for invalid bytes): every position inside it maps
/// to the whole raw range, even when the two happen to have the same length (a tab → a space).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Byte range in the cleaned text.
    pub clean: ByteSpan,
    /// Byte range in the raw file.
    pub raw: ByteSpan,
    /// Whether the cleaned bytes are the raw bytes.
    pub copy: bool,
}

/// Ordered, gap-free segments covering the cleaned text, monotonic in the raw bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segments: Vec<Segment>,
    clean_len: usize,
}

impl OffsetMap {
    /// The segments in cleaned-text order; what `clean --json` prints.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Raw byte offset of the cleaned byte offset `clean` (a position before a character).
    /// The end of the cleaned text maps to the end of the last segment's raw range.
    pub fn to_raw(&self, clean: usize) -> usize {
        if self.segments.is_empty() {
            return 0;
        }
        if clean >= self.clean_len {
            return self.segments[self.segments.len() - 1].raw.end;
        }
        let idx = self.segments.partition_point(|s| s.clean.start <= clean) - 1;
        let seg = self.segments[idx];
        if seg.copy {
            seg.raw.start + (clean - seg.clean.start)
        } else {
            seg.raw.start
        }
    }

    /// Raw byte range of a cleaned byte range: what a selection in the cleaned pane highlights
    /// in the raw pane, and what a claim stores.
    pub fn to_raw_span(&self, clean: Range<usize>) -> ByteSpan {
        if clean.is_empty() {
            let at = self.to_raw(clean.start);
            return ByteSpan::new(at, at);
        }
        let start = self.to_raw(clean.start);
        // The end is the end of the raw bytes behind the last cleaned byte.
        let last = clean.end - 1;
        let idx = self.segments.partition_point(|s| s.clean.start <= last);
        let end = match idx.checked_sub(1).map(|i| self.segments[i]) {
            Some(seg) if seg.copy => {
                seg.raw.start + (clean.end - seg.clean.start).min(seg.clean.len())
            }
            Some(seg) => seg.raw.end,
            None => start,
        };
        ByteSpan::new(start, end.max(start))
    }

    /// Cleaned byte offset for a raw byte offset: the cleaned character made from that byte, or
    /// if the byte was dropped, the next cleaned character after it. A raw offset inside a
    /// multi-byte character gives an offset inside it; [`super::Cleaned::to_clean`] rounds down.
    pub fn to_clean(&self, raw: usize) -> usize {
        let idx = self.segments.partition_point(|s| s.raw.start <= raw);
        if idx == 0 {
            return 0;
        }
        let seg = self.segments[idx - 1];
        if seg.raw.is_empty() && raw == seg.raw.start {
            // Text the cleaner inserted here (a space where a tag stood) begins at this byte.
            seg.clean.start
        } else if raw >= seg.raw.end {
            seg.clean.end
        } else if seg.copy {
            seg.clean.start + (raw - seg.raw.start)
        } else {
            seg.clean.start
        }
    }
}

/// Builds the cleaned text and its map in decoded-text coordinates, then translates the map to
/// raw bytes through [`Decoded`].
///
/// Copies that continue the previous copy in both texts (a word, the space after it, the next
/// word) only extend its run; their bytes are written in one piece when something else comes
/// next or at the end, so a paragraph costs one copy rather than one per word.
#[derive(Debug)]
pub(crate) struct MapBuilder<'a> {
    /// The decoded text that copies are taken from.
    source: &'a str,
    text: String,
    /// (clean range, decoded range, copied verbatim)
    runs: Vec<(Range<usize>, Range<usize>, bool)>,
    /// The tail of the last run's source range not yet written to `text`.
    unwritten: Range<usize>,
}

impl<'a> MapBuilder<'a> {
    /// A builder for cleaned text made from `source`.
    pub(crate) fn new(source: &'a str) -> Self {
        MapBuilder {
            source,
            text: String::with_capacity(source.len()),
            // About a run a line in a long article: room for most without copying the list
            // as it grows (room never written costs no memory).
            runs: Vec::with_capacity(source.len() / 128 + 8),
            unwritten: 0..0,
        }
    }

    /// Writes out the bytes that copies left pending.
    fn write_pending(&mut self) {
        let pending = std::mem::replace(&mut self.unwritten, 0..0);
        self.text.push_str(&self.source[pending]);
    }

    /// Appends `source[range]` unchanged.
    pub(crate) fn copy(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let start = self.len();
        let end = start + range.len();
        if let Some(last) = self.runs.last_mut()
            && last.2
            && last.0.end == start
            && last.1.end == range.start
        {
            last.0.end = end;
            last.1.end = range.end;
            if self.unwritten.is_empty() {
                self.unwritten = range;
            } else {
                self.unwritten.end = range.end;
            }
            return;
        }
        self.write_pending();
        self.runs.push((start..end, range.clone(), true));
        self.unwritten = range;
    }

    /// Appends `text` that stands for `source_range` without being a copy of it (a single
    /// space for a run of whitespace, a newline for CRLF).
    pub(crate) fn synth(&mut self, text: &str, source_range: Range<usize>) {
        if text.is_empty() {
            return;
        }
        self.write_pending();
        let start = self.text.len();
        self.text.push_str(text);
        self.runs
            .push((start..self.text.len(), source_range, false));
    }

    /// Bytes of cleaned text written so far.
    pub(crate) fn len(&self) -> usize {
        self.text.len() + self.unwritten.len()
    }

    /// Finishes: the cleaned text and its map in raw-byte coordinates.
    pub(crate) fn finish(mut self, decoded: &Decoded) -> (String, OffsetMap) {
        self.write_pending();
        let clean_len = self.text.len();
        if decoded.is_lossless() {
            // Each run one segment: made in the runs' own memory (a run and a segment are the
            // same size), without a second list of them.
            let segments = self
                .runs
                .into_iter()
                .map(|(clean, src, copy)| Segment {
                    clean: clean.into(),
                    raw: ByteSpan::new(decoded.to_raw(src.start), decoded.to_raw(src.end)),
                    copy,
                })
                .collect();
            return (
                self.text,
                OffsetMap {
                    segments,
                    clean_len,
                },
            );
        }
        let mut segments = Vec::with_capacity(self.runs.len());
        for (clean, src, verbatim) in self.runs {
            if !verbatim {
                segments.push(Segment {
                    clean: clean.clone().into(),
                    raw: ByteSpan::new(decoded.to_raw(src.start), decoded.to_raw(src.end)),
                    copy: false,
                });
                continue;
            }
            // A verbatim run, which may contain U+FFFD: split so each replacement gets its own
            // non-linear segment and the rest stays linear.
            let mut at = src.start;
            let shift = clean.start as isize - src.start as isize;
            let to_clean = |d: usize| (d as isize + shift) as usize;
            for (rep_at, raw) in decoded.replacements_in(src.clone()) {
                if rep_at > at {
                    segments.push(Segment {
                        clean: ByteSpan::new(to_clean(at), to_clean(rep_at)),
                        raw: ByteSpan::new(decoded.to_raw(at), decoded.to_raw(rep_at)),
                        copy: true,
                    });
                }
                let rep_end = rep_at + '\u{FFFD}'.len_utf8();
                segments.push(Segment {
                    clean: ByteSpan::new(to_clean(rep_at), to_clean(rep_end)),
                    raw: raw.into(),
                    copy: false,
                });
                at = rep_end;
            }
            if src.end > at {
                segments.push(Segment {
                    clean: ByteSpan::new(to_clean(at), to_clean(src.end)),
                    raw: ByteSpan::new(decoded.to_raw(at), decoded.to_raw(src.end)),
                    copy: true,
                });
            }
        }
        (
            self.text,
            OffsetMap {
                segments,
                clean_len,
            },
        )
    }
}
