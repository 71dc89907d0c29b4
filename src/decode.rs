//! Lossy UTF-8 decoding that remembers where every replacement came from.
//!
//! Scraped files are often not valid UTF-8 (Latin-1 pages, truncated downloads, binary junk).
//! Rejecting them would hide articles from reviewers, so invalid bytes become U+FFFD; but claims
//! are stored as raw byte offsets, so we must still be able to translate positions in the decoded
//! text back to the bytes on disk and forth again.

/// One run of invalid bytes that became a single U+FFFD in the decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Replacement {
    /// Byte offset of the U+FFFD in the decoded text.
    decoded: usize,
    /// Byte offset of the invalid run in the raw bytes.
    raw: usize,
    /// Length of the invalid run in the raw bytes (1..=3).
    raw_len: usize,
}

/// Width in bytes of U+FFFD in UTF-8.
const REPLACEMENT_LEN: usize = '\u{FFFD}'.len_utf8();

/// Raw bytes decoded as UTF-8, with the positions of any replacements kept so offsets can be
/// translated both ways in `O(log n)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoded {
    text: String,
    replacements: Vec<Replacement>,
    raw_len: usize,
}

impl Decoded {
    /// Decodes `raw`, replacing each maximal invalid sequence with U+FFFD (the same policy as
    /// `String::from_utf8_lossy`), so the text shown is what other tools would show.
    pub fn new(raw: &[u8]) -> Self {
        if let Ok(text) = simdutf8::basic::from_utf8(raw) {
            // Valid UTF-8, as most articles are: one check and one copy.
            return Decoded {
                text: text.to_owned(),
                replacements: Vec::new(),
                raw_len: raw.len(),
            };
        }
        let mut text = String::with_capacity(raw.len());
        let mut replacements = Vec::new();
        let mut raw_pos = 0;
        for chunk in raw.utf8_chunks() {
            text.push_str(chunk.valid());
            raw_pos += chunk.valid().len();
            let bad = chunk.invalid();
            if !bad.is_empty() {
                replacements.push(Replacement {
                    decoded: text.len(),
                    raw: raw_pos,
                    raw_len: bad.len(),
                });
                text.push('\u{FFFD}');
                raw_pos += bad.len();
            }
        }
        Decoded {
            text,
            replacements,
            raw_len: raw.len(),
        }
    }

    /// [`Decoded::new`] taking the bytes: valid UTF-8 becomes the text without a copy.
    pub fn from_vec(raw: Vec<u8>) -> Self {
        // Checked many bytes at once (`simdutf8`, several times faster than the standard
        // library's check): every article is checked whole before it is cleaned.
        if simdutf8::basic::from_utf8(&raw).is_err() {
            return Decoded::new(&raw);
        }
        // SAFETY: `simdutf8` has just found `raw` to be valid UTF-8.
        let text = unsafe { String::from_utf8_unchecked(raw) };
        Decoded {
            raw_len: text.len(),
            text,
            replacements: Vec::new(),
        }
    }

    /// The decoded text, as shown in the raw pane and fed to the cleaner.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Length of the original bytes; the upper bound of every raw offset.
    pub fn raw_len(&self) -> usize {
        self.raw_len
    }

    /// True when the bytes were valid UTF-8, so decoded and raw offsets are the same.
    pub fn is_lossless(&self) -> bool {
        self.replacements.is_empty()
    }

    /// Number of invalid byte runs replaced; reported to the reviewer as an encoding warning.
    pub fn replacement_count(&self) -> usize {
        self.replacements.len()
    }

    /// Raw byte offset of a decoded offset. An offset inside a U+FFFD maps to the start of the
    /// invalid run it stands for.
    pub fn to_raw(&self, decoded: usize) -> usize {
        let idx = self.replacements.partition_point(|r| r.decoded <= decoded);
        if idx == 0 {
            return decoded.min(self.raw_len);
        }
        let r = self.replacements[idx - 1];
        if decoded < r.decoded + REPLACEMENT_LEN {
            r.raw
        } else {
            (r.raw + r.raw_len + (decoded - r.decoded - REPLACEMENT_LEN)).min(self.raw_len)
        }
    }

    /// Decoded byte offset of a raw offset, always a char boundary of [`Decoded::text`]: an
    /// offset inside an invalid run or inside a multi-byte character maps to its start.
    pub fn to_decoded(&self, raw: usize) -> usize {
        let idx = self.replacements.partition_point(|r| r.raw <= raw);
        let decoded = match idx.checked_sub(1).map(|i| self.replacements[i]) {
            None => raw,
            Some(r) if raw < r.raw + r.raw_len => r.decoded,
            Some(r) => r.decoded + REPLACEMENT_LEN + (raw - r.raw - r.raw_len),
        };
        crate::clean::floor_char_boundary(&self.text, decoded)
    }

    /// Decoded ranges of the replacement characters inside `range`, in order; used to split a
    /// verbatim run of cleaned text where its raw bytes are not the same as its decoded bytes.
    pub(crate) fn replacements_in(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + '_ {
        let first = self
            .replacements
            .partition_point(|r| r.decoded < range.start);
        self.replacements[first..]
            .iter()
            .take_while(move |r| r.decoded < range.end)
            .map(|r| (r.decoded, r.raw..r.raw + r.raw_len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taking_the_bytes_decodes_as_borrowing_them() {
        for raw in [
            b"plain text".to_vec(),
            b"caf\xe9 cr\xe8me \xff".to_vec(),
            Vec::new(),
        ] {
            assert_eq!(Decoded::from_vec(raw.clone()), Decoded::new(&raw));
        }
    }

    #[test]
    fn valid_utf8_is_identity() {
        let d = Decoded::new("héllo".as_bytes());
        assert!(d.is_lossless());
        assert_eq!(d.text(), "héllo");
        for i in [0, 1, 3, 4, 5, 6] {
            assert_eq!(d.to_raw(i), i);
            assert_eq!(d.to_decoded(i), i);
        }
    }

    #[test]
    fn latin1_bytes_become_replacements_that_map_back() {
        // "Défense" in ISO-8859-1: 0xE9 is not valid UTF-8 on its own.
        let raw = b"D\xe9fense";
        let d = Decoded::new(raw);
        assert_eq!(d.text(), "D\u{FFFD}fense");
        assert_eq!(d.replacement_count(), 1);
        assert_eq!(d.to_raw(0), 0);
        assert_eq!(d.to_raw(1), 1);
        assert_eq!(d.to_raw(2), 1, "inside U+FFFD maps to its raw start");
        assert_eq!(
            d.to_raw(4),
            2,
            "after U+FFFD continues after the invalid byte"
        );
        assert_eq!(d.to_raw(d.text().len()), raw.len());
        assert_eq!(d.to_decoded(1), 1);
        assert_eq!(d.to_decoded(2), 4);
        assert_eq!(d.to_decoded(raw.len()), d.text().len());
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let d = Decoded::new("a\u{a0}b".as_bytes());
        assert_eq!(d.to_decoded(2), 1);
        let d = Decoded::new(b"\xff\xc3\xa9");
        assert_eq!(d.text(), "\u{FFFD}é");
        assert_eq!(d.to_decoded(1), 3);
        assert_eq!(d.to_decoded(2), 3, "inside é rounds down to its start");
        assert_eq!(d.to_decoded(3), 5);
    }

    #[test]
    fn truncated_sequence_at_end_is_replaced() {
        let raw = b"ok \xe2\x80";
        let d = Decoded::new(raw);
        assert_eq!(d.text(), "ok \u{FFFD}");
        assert_eq!(d.to_raw(3), 3);
        assert_eq!(d.to_raw(d.text().len()), raw.len());
    }
}
