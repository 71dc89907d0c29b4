//! The checks the fuzz targets (`fuzz/`, run with `cargo +nightly fuzz run <target>`) and
//! their stable stand-ins (`tests/no_crash.rs`, run by `cargo test`) share, so that a fuzzer's
//! finding and a regression test check the same promises.
//!
//! Each takes arbitrary bytes, feeds them to one entry point that reads what a user or a file
//! gives claimmark, and panics if the entry point panics or breaks one of its promises.

use crate::claims::{Anchor, AnchorState, Sidecar, store};
use crate::decode::Decoded;

/// The cleaner on any bytes: it never panics, its offset map checks out against the bytes
/// ([`crate::clean::Cleaned::verify`]), and the cleaned and raw texts wrap into rows that stay
/// inside the text, on character boundaries, at a width taken from the input.
pub fn clean(data: &[u8]) {
    let cleaned = crate::clean::clean(data);
    if let Err(e) = cleaned.verify(data) {
        panic!("the cleaner's map does not check out: {e}");
    }
    let width = usize::from(data.first().copied().unwrap_or(40) % 120);
    let text = cleaned.text.as_str();
    let tables = crate::table::find_all_tables(text, &cleaned.table_rows);
    for (rows, text) in [
        (crate::wrap::wrap_document(text, width, &tables), text),
        (
            crate::wrap::wrap(cleaned.source.text(), width),
            cleaned.source.text(),
        ),
    ] {
        for row in rows {
            assert!(
                row.start() <= row.end() && row.end() <= text.len(),
                "{row:?}"
            );
            assert!(
                text.is_char_boundary(row.start()) && text.is_char_boundary(row.end()),
                "{row:?} splits a character"
            );
        }
    }
    let safe = crate::display::sanitize(text);
    assert!(
        !safe.chars().any(char::is_control),
        "a control left in {safe:?}"
    );
}

/// The sidecar parser on any bytes: a sidecar that parses writes back to text that parses to
/// the same sidecar, and every claim's anchor re-attaches to its article without panicking.
pub fn sidecar(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(sidecar) = ron::from_str::<Sidecar>(text) else {
        return;
    };
    let written = store::to_ron(&sidecar);
    let again = match ron::from_str::<Sidecar>(&written) {
        Ok(s) => s,
        Err(e) => panic!("a sidecar written by claimmark does not read back: {e}\n{written}"),
    };
    let mut sorted = sidecar.clone();
    sorted.sort();
    sorted.version = sorted.needed_version();
    assert_eq!(
        again, sorted,
        "a sidecar changed on the way through its file"
    );
    let source = Decoded::new(text.as_bytes());
    for claim in &sidecar.claims {
        check_attached(&claim.anchor, &source);
    }
}

/// Anchor re-attachment on any bytes: the input is split into an article, the span of a claim
/// in it and the article as changed later. Re-attaching never panics, lands on character
/// boundaries inside the changed article, and finds an unchanged article's claim exactly.
pub fn anchor(data: &[u8]) {
    let (head, rest) = data.split_at(data.len().min(4));
    let mut picks = [0u8; 4];
    picks[..head.len()].copy_from_slice(head);
    let split = rest
        .iter()
        .position(|&b| b == 0xff)
        .unwrap_or(rest.len() / 2);
    let (before, after) = rest.split_at(split);
    let after = after.get(1..).unwrap_or_default();
    let old = Decoded::new(before);
    let len = before.len().max(1);
    let start = usize::from(u16::from_le_bytes([picks[0], picks[1]])) % len;
    let end =
        (start + usize::from(u16::from_le_bytes([picks[2], picks[3]])) % 300).min(before.len());
    let anchor = Anchor::new(&old, start..end, "quote");
    assert!(
        anchor.start <= anchor.end && anchor.end <= before.len(),
        "{anchor:?}"
    );
    let same = anchor.reattach(&old);
    if !anchor.exact.is_empty() {
        assert_eq!(
            same.state,
            AnchorState::Exact,
            "{anchor:?} lost in an unchanged article"
        );
    }
    check_attached(&anchor, &old);
    check_attached(&anchor, &Decoded::new(after));
}

/// Re-attaches `anchor` in `source` and checks the range it lands on.
fn check_attached(anchor: &Anchor, source: &Decoded) {
    let attached = anchor.reattach(source);
    match (attached.state, attached.range) {
        (AnchorState::Orphaned, None) => {}
        (AnchorState::Orphaned, Some(r)) => panic!("orphaned yet placed at {r:?}"),
        (state, None) => panic!("{state:?} without a place"),
        (_, Some(r)) => {
            assert!(
                r.start <= r.end && r.end <= source.raw_len(),
                "{r:?} outside an article of {} bytes",
                source.raw_len()
            );
            let text = source.text();
            let (s, e) = (source.to_decoded(r.start), source.to_decoded(r.end));
            assert!(
                text.is_char_boundary(s) && text.is_char_boundary(e),
                "{r:?} splits a character"
            );
        }
    }
}
