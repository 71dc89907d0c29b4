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
        let mut text = String::with_capacity(raw.len());
        let mut replacements = Vec::new();
        let mut rest = raw;
        let mut raw_pos = 0;
        loop {
            match std::str::from_utf8(rest) {
                Ok(valid) => {
                    text.push_str(valid);
                    break;
                }
                Err(err) => {
                    let valid_len = err.valid_up_to();
                    // The prefix was just validated by `from_utf8`, so this cannot fail.
                    text.push_str(std::str::from_utf8(&rest[..valid_len]).unwrap_or_default());
                    let bad_len = err.error_len().unwrap_or(rest.len() - valid_len);
                    replacements.push(Replacement {
                        decoded: text.len(),
                        raw: raw_pos + valid_len,
                        raw_len: bad_len,
                    });
                    text.push('\u{FFFD}');
                    raw_pos += valid_len + bad_len;
                    rest = &rest[valid_len + bad_len..];
                }
            }
        }
        Decoded {
            text,
            replacements,
            raw_len: raw.len(),
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

    /// Decoded byte offset of a raw offset. An offset inside an invalid run maps to the start of
    /// its U+FFFD, so the result is always a char boundary of [`Decoded::text`].
    pub fn to_decoded(&self, raw: usize) -> usize {
        let idx = self.replacements.partition_point(|r| r.raw <= raw);
        if idx == 0 {
            return raw.min(self.text.len());
        }
        let r = self.replacements[idx - 1];
        if raw < r.raw + r.raw_len {
            r.decoded
        } else {
            (r.decoded + REPLACEMENT_LEN + (raw - r.raw - r.raw_len)).min(self.text.len())
        }
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
    fn valid_utf8_is_identity() {
        let d = Decoded::new("héllo".as_bytes());
        assert!(d.is_lossless());
        assert_eq!(d.text(), "héllo");
        for i in 0..=6 {
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
    fn truncated_sequence_at_end_is_replaced() {
        let raw = b"ok \xe2\x80";
        let d = Decoded::new(raw);
        assert_eq!(d.text(), "ok \u{FFFD}");
        assert_eq!(d.to_raw(3), 3);
        assert_eq!(d.to_raw(d.text().len()), raw.len());
    }
}
