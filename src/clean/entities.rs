//! HTML character references (`&amp;`, `&#8217;`, `&#x27;`, `&eacute;`) left in scraped text.
//!
//! Half of all scraped pages still carry them, and a reviewer must read (and quote) `’`, not
//! `&#8217;`. Each one is decoded where it stands, so the offset map can point the decoded
//! character back at the whole reference in the raw bytes.

use std::borrow::Cow;

/// Longest reference considered: `&` + the longest named entity + `;`.
const MAX_LEN: usize = 40;

/// The reference starting at byte `at` of `text` (which holds `&` there): its length in bytes
/// and what it stands for. Only terminated references (`…;`) are decoded, so "AT&T" and
/// "Q&A" stay as written.
pub(crate) fn decode_at(text: &str, at: usize) -> Option<(usize, Cow<'static, str>)> {
    let rest = text.as_bytes().get(at..)?.strip_prefix(b"&")?;
    let (len, value) = decode_body(rest)?;
    // `&amp;nbsp;` is a reference written out as text; decoding it once would leave one that
    // the next cleaning decodes again. It stays as written.
    if value == "&" && decode_body(&rest[len..]).is_some() {
        return None;
    }
    Some((len + 1, value))
}

/// The reference whose body (after the `&`) starts `rest`: the body's length up to and with
/// its `;`, and what it stands for.
fn decode_body(rest: &[u8]) -> Option<(usize, Cow<'static, str>)> {
    let end = rest.iter().take(MAX_LEN).position(|&b| b == b';')?;
    let body = &rest[..end];
    let value: Cow<'static, str> = if let Some(num) = body.strip_prefix(b"#") {
        let (digits, radix) = match num.first() {
            Some(b'x' | b'X') => (&num[1..], 16),
            _ => (num, 10),
        };
        // Digits only: `parse` would also take a sign (`&#+65;`).
        if digits.is_empty() || !digits.iter().all(|d| char::from(*d).is_digit(radix)) {
            return None;
        }
        let value = u32::from_str_radix(std::str::from_utf8(digits).ok()?, radix).ok()?;
        Cow::Owned(numeric(value).to_string())
    } else {
        if body.is_empty() || !body.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
        let mut key = Vec::with_capacity(end + 2);
        key.push(b'&');
        key.extend_from_slice(&rest[..=end]);
        String::from_utf8_lossy(htmlize::ENTITIES.get(key.as_slice())?)
    };
    // A reference to a control character (`&#27;`) is left as written: decoding it would put
    // an escape into the cleaned text.
    if value.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return None;
    }
    Some((end + 1, value))
}

/// The character a numeric reference stands for, with the HTML standard's fixes: NUL,
/// surrogates and out-of-range values become U+FFFD, and 0x80–0x9F are read as Windows-1252
/// (where most such references come from: `&#146;` is a right quote).
fn numeric(value: u32) -> char {
    const CP1252: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let value = match value {
        0x80..=0x9F => CP1252[(value - 0x80) as usize],
        v => v,
    };
    match char::from_u32(value) {
        Some('\0') | None => '\u{FFFD}',
        Some(c) => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> Option<(usize, String)> {
        decode_at(s, 0).map(|(len, v)| (len, v.into_owned()))
    }

    #[test]
    fn named_and_numeric_references() {
        assert_eq!(decode("&amp; more"), Some((5, "&".into())));
        assert_eq!(decode("&#8217;s"), Some((7, "’".into())));
        assert_eq!(decode("&#x27;"), Some((6, "'".into())));
        assert_eq!(decode("&eacute;t&eacute;"), Some((8, "é".into())));
        assert_eq!(decode("&nbsp;"), Some((6, "\u{a0}".into())));
        assert_eq!(decode("&mdash;"), Some((7, "—".into())));
        assert_eq!(
            decode("&#146;"),
            Some((6, "’".into())),
            "Windows-1252 range"
        );
        assert_eq!(decode("&#0;"), Some((4, "\u{FFFD}".into())));
        assert_eq!(decode("&#xD800;"), Some((8, "\u{FFFD}".into())));
    }

    #[test]
    fn text_that_only_looks_like_a_reference_stays() {
        assert_eq!(decode("& more"), None);
        assert_eq!(decode("&T; unknown"), None);
        assert_eq!(decode("&amp"), None, "unterminated");
        assert_eq!(decode("&#99999999999;"), None);
        assert_eq!(decode("&a b;"), None);
        assert_eq!(decode("&#+65;"), None, "no signs");
        assert_eq!(decode("&#27;[2J"), None, "no control characters");
        assert_eq!(decode("&#x9D;"), None);
        assert_eq!(
            decode("&amp;nbsp;"),
            None,
            "a reference written out as text"
        );
        assert_eq!(decode("&amp;amp;"), None);
        assert_eq!(decode("&amp; more"), Some((5, "&".into())));
    }
}
