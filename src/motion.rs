//! Cursor motions over a text, by character, word and sentence: what the reader's cursor does
//! on `h`/`l`, `w`/`b`/`e` and `(`/`)`, and the sentence `s` selects. Pure functions of byte
//! offsets that always return character boundaries, so the shell never slices a character.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// The next character's offset after `at` (the end at most).
pub fn next_char(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

/// The previous character's offset before `at` (0 at least).
pub fn prev_char(text: &str, at: usize) -> usize {
    let at = floor(text, at);
    text[..at]
        .chars()
        .next_back()
        .map_or(0, |c| at - c.len_utf8())
}

/// The last character's offset of a non-empty range (the cursor never sits past the text).
pub fn last_char(text: &str) -> usize {
    prev_char(text, text.len())
}

/// Bytes looked at on each side of the cursor: a motion costs the same in a 50 MB article as
/// in a short one. A word or sentence longer than this is cut at the window's edge.
const WINDOW: usize = 8192;

/// The part of `text` a motion from `at` looks at, and its offset.
fn window(text: &str, at: usize) -> (&str, usize) {
    let start = floor(text, at.saturating_sub(WINDOW));
    let end = ceil(text, at.saturating_add(WINDOW));
    (&text[start..end], start)
}

/// Words near `at`: runs that hold a letter or digit, as Unicode splits words.
fn words(text: &str, at: usize) -> Vec<Range<usize>> {
    let (part, base) = window(text, at);
    part.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| base + i..base + i + w.len())
        .collect()
}

/// Start of the next word after the one at `at` (`w`); stays at the last word's start.
pub fn word_next(text: &str, at: usize) -> usize {
    words(text, at)
        .into_iter()
        .find(|w| w.start > at)
        .map_or(at, |w| w.start)
}

/// Start of the word before `at`, or of the word `at` is inside (`b`).
pub fn word_prev(text: &str, at: usize) -> usize {
    words(text, at)
        .into_iter()
        .rev()
        .find(|w| w.start < at)
        .map_or(0, |w| w.start)
}

/// Last character of the word at or after `at`, moving on if already there (`e`).
pub fn word_end(text: &str, at: usize) -> usize {
    words(text, at)
        .into_iter()
        .map(|w| prev_char(text, w.end))
        .find(|end| *end > at)
        .unwrap_or(at)
}

/// Sentences near `at`, trimmed of the spaces and line breaks around them.
fn sentences(text: &str, at: usize) -> Vec<Range<usize>> {
    let (part, base) = window(text, at);
    part.split_sentence_bound_indices()
        .filter(|(_, s)| !s.trim().is_empty())
        .map(|(i, s)| {
            let lead = s.len() - s.trim_start().len();
            base + i + lead..base + i + s.trim_end().len()
        })
        .collect()
}

/// Start of the next sentence (`)`).
pub fn sentence_next(text: &str, at: usize) -> usize {
    sentences(text, at)
        .into_iter()
        .find(|s| s.start > at)
        .map_or(at, |s| s.start)
}

/// Start of the sentence `at` is in, or of the one before if already at a start (`(`).
pub fn sentence_prev(text: &str, at: usize) -> usize {
    sentences(text, at)
        .into_iter()
        .rev()
        .find(|s| s.start < at)
        .map_or(0, |s| s.start)
}

/// The sentence around `at`, trimmed (`s` selects it); empty at a blank.
pub fn sentence_at(text: &str, at: usize) -> Range<usize> {
    sentences(text, at)
        .into_iter()
        .find(|s| s.end > at)
        .filter(|s| s.start <= at)
        .unwrap_or(at..at)
}

fn ceil(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str =
        "Algeria signed a deal. It is worth $12-17 billion, officials said.\n\nNext one.";

    #[test]
    fn characters_step_over_multibyte_text() {
        let t = "aé€b";
        assert_eq!(next_char(t, 0), 1);
        assert_eq!(next_char(t, 1), 3);
        assert_eq!(prev_char(t, 6), 3);
        assert_eq!(prev_char(t, 0), 0);
        assert_eq!(next_char(t, t.len()), t.len());
        assert_eq!(last_char(t), 6);
    }

    #[test]
    fn words_move_like_vim() {
        assert_eq!(word_next(T, 0), 8, "signed");
        assert_eq!(word_next(T, 8), 15, "a");
        assert_eq!(word_prev(T, 8), 0);
        assert_eq!(word_prev(T, 10), 8, "inside a word: its start");
        assert_eq!(word_end(T, 0), 6, "the a of Algeria");
        assert_eq!(word_end(T, 6), 13, "the d of signed");
    }

    #[test]
    fn sentences_are_found_and_selected() {
        assert_eq!(sentence_next(T, 0), 23);
        assert_eq!(
            &T[sentence_at(T, 30)],
            "It is worth $12-17 billion, officials said."
        );
        assert_eq!(sentence_prev(T, 30), 23);
        assert_eq!(sentence_prev(T, 23), 0);
        assert_eq!(&T[sentence_at(T, 0)], "Algeria signed a deal.");
        let next = sentence_next(T, 23);
        assert_eq!(&T[next..], "Next one.");
    }
}
