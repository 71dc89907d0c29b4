//! A cheap language guess from function words.
//!
//! Reviewers filter and sort by language, and later rules (stopword density, French spacing)
//! need it; a stopword count over the first few kilobytes is enough to tell the languages the
//! article sets hold apart, without a model or a dependency.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use crate::lanes::{Lanes, ascii_digits, mask64};

use serde::Serialize;

/// The languages claimmark can tell apart; `Unknown` when the evidence is thin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
    /// German.
    De,
    /// Spanish.
    Es,
    /// Too little text, or no clear winner.
    #[default]
    Unknown,
}

impl Lang {
    /// ISO 639-1 code, or `??` when unknown; what the list and `list --json` show.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Unknown => "??",
        }
    }
}

const EN: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "that", "for", "with", "as", "was", "on", "are", "by",
    "this", "it", "be", "from", "has", "have", "will", "its", "which", "their", "an", "not", "at",
    "were", "been", "or", "but", "they", "he", "she", "we", "his", "her", "our", "a", "had",
    "would", "can", "could", "should", "may", "also", "than", "more", "into", "about", "after",
    "who", "there", "these", "those", "such", "between", "during", "through", "while", "other",
    "some", "all", "any", "both", "each", "over", "under", "only", "so", "if", "when", "where",
    "what", "how", "them", "him", "its", "is", "do", "does", "did", "i", "you",
];
const FR: &[&str] = &[
    "le", "la", "les", "de", "des", "et", "est", "un", "une", "du", "en", "que", "qui", "dans",
    "pour", "sur", "au", "aux", "avec", "pas", "ne", "se", "sont", "cette", "il", "l", "d", "qu",
    "été", "par", "ses", "son", "sa", "ce", "ces", "mais", "ou", "elle", "ils", "elles", "nous",
    "vous", "leur", "leurs", "plus", "comme", "aussi", "entre", "sans", "sous", "très", "tout",
    "tous", "être", "avoir", "ont", "était", "fait", "n", "s", "c", "j", "y", "dont", "où",
];
const DE: &[&str] = &[
    "der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine", "auf",
    "für", "sich", "dem", "des", "im", "auch", "wird", "werden", "wir", "ich", "es", "sie", "er",
    "als", "an", "bei", "nach", "aus", "wie", "oder", "aber", "noch", "nur", "wenn", "so", "einen",
    "einer", "eines", "hat", "haben", "sind", "war", "vor", "über", "um", "am", "zum", "zur",
    "durch", "dass", "kann", "diese", "dieser", "mehr",
];
const ES: &[&str] = &[
    "el", "los", "las", "y", "del", "que", "en", "un", "una", "por", "con", "para", "es", "se",
    "al", "lo", "como", "más", "pero", "sus", "fue", "la", "de", "su", "le", "ha", "han", "este",
    "esta", "entre", "sin", "sobre", "también", "muy", "ya", "o", "ser", "son", "era", "hay",
    "cuando", "donde", "porque", "desde", "hasta", "todo", "todos", "les", "no",
];

/// A word of at most [`KEY_BYTES`] bytes packed into one integer, its length in the top byte:
/// the function-word sets are looked up for every word of every article, and comparing and
/// hashing one integer is much cheaper than hashing and comparing strings.
type Key = u128;

/// Longest word a [`Key`] holds; every function word is shorter.
const KEY_BYTES: usize = 15;

/// The key of `word`, or `None` if it is too long to be a function word.
fn key(word: &str) -> Option<Key> {
    key_of(word.bytes(), word.len())
}

/// The key of the word made of `len` bytes `bytes`.
fn key_of(bytes: impl Iterator<Item = u8>, len: usize) -> Option<Key> {
    if len > KEY_BYTES {
        return None;
    }
    // Byte by byte: cheaper than copying a slice of unknown length into a buffer.
    let mut key = (len as Key) << (8 * KEY_BYTES);
    for (i, b) in bytes.enumerate() {
        key |= Key::from(b) << (8 * i);
    }
    Some(key)
}

/// Hashes a [`Key`] by one multiplication of its folded halves: the keys are our own
/// constants and the words of an article, so there are no crafted collisions to fear.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only keys are hashed (through `write_u128`); anything else still hashes soundly.
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_u128(&mut self, key: Key) {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        self.0 = folded.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl std::hash::BuildHasher for KeyHasher {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

/// The word lists of each language's set, in [`slot`] order; with no language known, all.
const LISTS: [&[&[&str]]; 5] = [&[EN], &[FR], &[DE], &[ES], &[EN, FR, DE, ES]];

/// Where a language's set is kept in the per-language tables.
fn slot(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Fr => 1,
        Lang::De => 2,
        Lang::Es => 3,
        Lang::Unknown => 4,
    }
}

/// The function words of `lang`; of every known language when the language is unknown.
fn stopwords(lang: Lang) -> &'static HashSet<Key, KeyHasher> {
    static SETS: LazyLock<[HashSet<Key, KeyHasher>; 5]> = LazyLock::new(|| {
        let set = |lists: &[&[&'static str]]| {
            lists
                .iter()
                .flat_map(|l| l.iter())
                .map(|w| key(w).unwrap_or_else(|| panic!("function word {w:?} is too long")))
                .collect()
        };
        LISTS.map(set)
    });
    &SETS[slot(lang)]
}

/// Whether `word` (lower-case) is a common function word of `lang`; of any known language when
/// the language is unknown. The line classifier measures how much of a line is running prose
/// with it: menus and link lists have almost none.
pub fn is_stopword(word: &str, lang: Lang) -> bool {
    key(word).is_some_and(|k| stopwords(lang).contains(&k))
}

/// Whether `word` as it stands in a text (`The`, `(and`, `l’`) is a function word of `lang`:
/// [`is_stopword`] of the word without the punctuation around it, lower-cased if it has a
/// capital.
pub fn is_function_word(word: &str, lang: Lang) -> bool {
    // Typographic quotes and guillemets around a word (`“The`, `l’`, `«de»`) are no letters:
    // without them most such words are ASCII and take the fast path below.
    let word = strip_quotes(word);
    let bytes = word.as_bytes();
    if bytes.is_ascii() {
        // Most words: trimmed and lower-cased as they are packed, without a copy.
        let Some(start) = bytes.iter().position(u8::is_ascii_alphanumeric) else {
            return false;
        };
        let end = bytes
            .iter()
            .rposition(u8::is_ascii_alphanumeric)
            .map_or(start, |e| e + 1);
        return key_of(
            bytes[start..end].iter().map(u8::to_ascii_lowercase),
            end - start,
        )
        .is_some_and(|k| stopwords(lang).contains(&k));
    }
    let bare = trim_to_alphanumeric(word);
    // Function words are letters only, and short: lower-casing keeps a letter a letter and
    // anything else not one, and never makes fewer characters. Most words here fail this
    // (`NATO’s`, `region—including`, `coopération`) before any is lower-cased.
    let mut chars = 0;
    if bare.len() > KEY_BYTES
        || !bare.chars().all(|c| {
            chars += 1;
            chars <= FUNCTION_WORD_CHARS && is_letter(c)
        })
    {
        false
    } else if bare
        .chars()
        .any(|c| c.is_ascii_uppercase() || !c.is_ascii() && c.is_uppercase())
    {
        // Lower-cased into a buffer rather than a new string. (`str::to_lowercase` makes a
        // final `Σ` a `ς`, `char::to_lowercase` a `σ`: no function word holds either.)
        let mut lower = [0u8; KEY_BYTES];
        let mut len = 0;
        for c in bare.chars().flat_map(char::to_lowercase) {
            let Some(slot) = lower.get_mut(len..len + c.len_utf8()) else {
                return false;
            };
            c.encode_utf8(slot);
            len += c.len_utf8();
        }
        key_of(lower[..len].iter().copied(), len).is_some_and(|k| stopwords(lang).contains(&k))
    } else {
        is_stopword(bare, lang)
    }
}

/// The most characters a function word of any list has.
const FUNCTION_WORD_CHARS: usize = 7;

/// `word` without the typographic quotes (U+2018–U+201F), guillemets (U+00AB, U+00BB) and
/// ASCII punctuation at its ends: characters [`trim_to_alphanumeric`] would drop anyway, told
/// by their bytes.
fn strip_quotes(word: &str) -> &str {
    let mut b = word.as_bytes();
    loop {
        match b {
            [0xe2, 0x80, 0x98..=0x9f, rest @ ..] | [0xc2, 0xab | 0xbb, rest @ ..] => b = rest,
            [c, rest @ ..] if c.is_ascii() && !c.is_ascii_alphanumeric() => b = rest,
            _ => break,
        }
    }
    loop {
        match b {
            [rest @ .., 0xe2, 0x80, 0x98..=0x9f] | [rest @ .., 0xc2, 0xab | 0xbb] => b = rest,
            [rest @ .., c] if c.is_ascii() && !c.is_ascii_alphanumeric() => b = rest,
            _ => break,
        }
    }
    // Only whole characters were taken off either end, so `b` is still UTF-8 on character
    // boundaries; the offsets find it in `word`.
    let start = b.as_ptr() as usize - word.as_ptr() as usize;
    &word[start..start + b.len()]
}

/// `char::is_alphabetic`, with the answer for the accented Latin letters and the general
/// punctuation (curly quotes, dashes) told by their range rather than looked up in Unicode's
/// tables: the characters outside ASCII that European words hold.
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0}'..='\u{7f}' | '×' | '÷' | '\u{2000}'..='\u{206f}' => false,
        'À'..='\u{24f}' => true,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric`, quickly for the same characters as [`is_letter`].
fn is_letter_or_digit(c: char) -> bool {
    match c {
        '0'..='9' => true,
        '\u{0}'..='\u{7f}' | 'À'..='\u{24f}' | '\u{2000}'..='\u{206f}' => is_letter(c),
        _ => c.is_alphanumeric(),
    }
}

/// `word` without the characters other than letters and digits at its ends, as
/// `word.trim_matches(|c: char| !c.is_alphanumeric())` has it: ASCII ends, the usual ones, are
/// told by their byte.
fn trim_to_alphanumeric(word: &str) -> &str {
    let mut bare = word;
    loop {
        match bare.as_bytes().first() {
            Some(b) if b.is_ascii_alphanumeric() => break,
            Some(b) if b.is_ascii() => bare = &bare[1..],
            Some(_) => match bare.chars().next() {
                Some(c) if !is_letter_or_digit(c) => bare = &bare[c.len_utf8()..],
                _ => break,
            },
            None => return bare,
        }
    }
    loop {
        match bare.as_bytes().last() {
            Some(b) if b.is_ascii_alphanumeric() => break,
            Some(b) if b.is_ascii() => bare = &bare[..bare.len() - 1],
            Some(_) => match bare.chars().next_back() {
                Some(c) if !is_letter_or_digit(c) => bare = &bare[..bare.len() - c.len_utf8()],
                _ => break,
            },
            None => break,
        }
    }
    bare
}

/// How many words a text has, how many characters they hold and how many of the first ones
/// are function words: what the line classifier measures of every line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordCount {
    /// Words: runs of characters other than whitespace.
    pub words: usize,
    /// Characters in the words.
    pub chars: usize,
    /// Words among the first ones sampled that are function words ([`is_function_word`]).
    pub function_words: usize,
}

/// Counts the words of `text` (as `split_whitespace` splits them) and their characters, and
/// the function words of `lang` among the first `sample` words. The classifier measures every
/// line of every article with it, so it reads the text 64 bytes at a time as bit masks (which
/// bytes are whitespace, which continue a character), eight bytes to an integer: words and
/// characters are then counted without a step per byte, the few characters outside ASCII are
/// looked at one by one, and so are the sampled words.
pub fn count_words(text: &str, lang: Lang, sample: usize) -> WordCount {
    count_words_and_spacing(text, lang, sample, usize::MAX).0
}

/// [`count_words`], and whether `text` is spaced plainly: no control character, no
/// whitespace but single ASCII spaces (none at its ends either), no character that
/// `clean`'s copy fast path takes for a wide space, no word opening with clause punctuation
/// (`,.;:!?`). The cleaner then copies the line as it stands, without looking at its bytes
/// once more; when this says no, it looks. Both are learnt in the same pass over the bytes.
///
/// The look-up of function words stops once `enough` are found: a caller that only compares
/// their share with a threshold knows its answer then, and the words after it cost as much
/// again.
pub(crate) fn count_words_and_spacing(
    text: &str,
    lang: Lang,
    sample: usize,
    enough: usize,
) -> (WordCount, bool) {
    let bytes = text.as_bytes();
    let mut plain = true;
    // Whether the byte before the chunk is whitespace, the text's start not counted.
    let mut last_space = 0u64;
    let set = ascii_stopwords(lang);
    let mut count = WordCount::default();
    // Whether the byte before the chunk is whitespace; the text's start counts as such.
    let mut after_space = 1u64;
    // The continuation bytes of a character that began in the previous chunk, and whether
    // that character is whitespace.
    let (mut spill, mut spill_space) = (0u64, false);
    // The start of a sampled word that runs on past the chunk.
    let mut open: Option<usize> = None;
    let mut sampled = 0;
    let mut base = 0;
    while base < bytes.len() {
        let chunk = Chunk::at(bytes, base);
        let mut ws = chunk.space;
        let mut continuation = spill;
        if spill_space {
            ws |= spill;
        }
        (spill, spill_space) = (0, false);
        plain &= !chunk.controls;
        // Characters outside ASCII, one by one: they are few.
        let mut leads = chunk.high & !continuation;
        while leads != 0 {
            let at = leads.trailing_zeros() as usize;
            let lead = chunk.block[at % CHUNK];
            let len = 2 + usize::from(lead >= 0xe0) + usize::from(lead >= 0xf0);
            let bits = ((1u128 << len) - 1) << at;
            let (here, next) = (bits as u64, (bits >> 64) as u64);
            leads &= !here;
            continuation |= here & !(1 << at);
            let odd_space =
                matches!(lead, 0xc2 | 0xe1..=0xe3) && may_be_wide_space(bytes, base + at);
            plain &= !odd_space;
            let wide_space = odd_space && wide_space_len(bytes, base + at) > 0;
            if wide_space {
                ws |= here;
            }
            // Only the last character can run on into the next chunk.
            (spill, spill_space) = (next, wide_space);
        }
        let before = (ws << 1) | after_space;
        let starts = !ws & before;
        let ends = ws & !before;
        after_space = ws >> 63;
        if plain {
            // Two whitespace bytes in a row, whitespace at either end, or a word opening with
            // clause punctuation.
            let in_text = u64::MAX >> (CHUNK - chunk.len);
            let at_end = ws & in_text & !(in_text >> 1);
            let leading = base == 0 && ws & 1 != 0;
            let trailing = base + chunk.len == bytes.len() && at_end != 0;
            plain &= ws & ((ws << 1) | last_space) & in_text == 0 && !leading && !trailing;
            plain &= starts & in_text & clause_punctuation(&chunk.block) == 0;
        }
        last_space = ws >> 63;
        count.words += starts.count_ones() as usize;
        count.chars += (!ws & !continuation).count_ones() as usize;
        if (sampled < sample && count.function_words < enough) || open.is_some() {
            // Starts and ends alternate: after the end of a word left open by the last chunk,
            // each start's end is the next end.
            let (mut starts, mut ends) = (starts, ends);
            let alnum = alphanumeric_bits(&chunk.block);
            if let Some(start) = open
                && ends != 0
            {
                let end = base + ends.trailing_zeros() as usize;
                ends &= ends - 1;
                open = None;
                count.function_words += usize::from(function_word(text, start..end, lang, set));
            }
            while starts != 0 && sampled < sample && count.function_words < enough {
                let start = starts.trailing_zeros() as usize;
                starts &= starts - 1;
                sampled += 1;
                if ends == 0 {
                    open = Some(base + start);
                    break;
                }
                let end = ends.trailing_zeros() as usize;
                ends &= ends - 1;
                let word = ends_before(end) ^ ends_before(start);
                let function = if chunk.high & word == 0 {
                    chunk.ascii_function_word(start, end, alnum, set)
                } else if (alnum & word).count_ones() as usize > FUNCTION_WORD_CHARS {
                    // Its ASCII letters and digits alone are more characters than a function
                    // word has (`coopération`, `region—including`): they stay whatever is
                    // trimmed from its ends.
                    false
                } else {
                    is_function_word(&text[base + start..base + end], lang)
                };
                count.function_words += usize::from(function);
            }
        }
        base += CHUNK;
    }
    if let Some(start) = open {
        count.function_words += usize::from(function_word(text, start..bytes.len(), lang, set));
    }
    (count, plain && !bytes.is_empty())
}

/// The bits below bit `at` of a chunk's mask.
fn ends_before(at: usize) -> u64 {
    (1u64 << at) - 1
}

/// [`is_function_word`] for `text[word]`, with the ASCII function words `set` of `lang`.
fn function_word(text: &str, word: Range<usize>, lang: Lang, set: &AsciiSet) -> bool {
    if text.as_bytes()[word.clone()].is_ascii() {
        ascii_function_word(text.as_bytes(), word, set)
    } else {
        is_function_word(&text[word], lang)
    }
}

/// Clause punctuation, which scraping may have set apart from its word.
const CLAUSE_PUNCTUATION: [u8; 6] = [b',', b'.', b';', b':', b'!', b'?'];

/// Which of the first 64 bytes of `block` are [`CLAUSE_PUNCTUATION`], a bit each.
#[inline(always)]
fn clause_punctuation(block: &[u8; CHUNK + 8]) -> u64 {
    mask64(block, |x| {
        CLAUSE_PUNCTUATION
            .into_iter()
            .fold(Lanes::none(), |hit, b| hit.or(x.eq(b)))
    })
}

/// Bytes read at once by [`count_words`]: one bit of a `u64` each.
const CHUNK: usize = 64;

/// 64 bytes of text as [`count_words`] reads them, with a bit per byte (lowest bit first)
/// for each thing it needs to know of all of them.
struct Chunk {
    /// The bytes, spaces after the end of the text, and eight more so that a word near the
    /// end can be read as one integer.
    block: [u8; CHUNK + 8],
    /// ASCII whitespace, as `char::is_whitespace` has it.
    space: u64,
    /// Bytes outside ASCII.
    high: u64,
    /// Bytes of the text in the chunk; the rest is padding.
    len: usize,
    /// Whether a byte is below the space (a tab, a control character).
    controls: bool,
}

impl Chunk {
    /// The chunk at `base` of `bytes`, its bytes classified many at once ([`byte_classes`]).
    #[inline(always)]
    fn at(bytes: &[u8], base: usize) -> Chunk {
        let mut block = [b' '; CHUNK + 8];
        let rest = bytes.get(base..).unwrap_or_default();
        let n = rest.len().min(CHUNK);
        block[..n].copy_from_slice(&rest[..n]);
        // Bytes below the space (tabs, line breaks, control characters) and outside ASCII.
        let (mut space, controls, high) = byte_classes(&block);
        if controls != 0 {
            // Whitespace among the control characters: exactly, byte by byte.
            space = (0..CHUNK).fold(0, |m, i| {
                let b = block[i];
                m | (u64::from(b == b' ' || (b'\t'..=b'\r').contains(&b)) << i)
            });
        }
        Chunk {
            block,
            space,
            high,
            len: n,
            controls: controls != 0,
        }
    }
}

/// Which of the first 64 bytes of `block` are below `0x21` (whitespace or control
/// characters), whether any is below `0x20` (non-zero if so), and which are outside ASCII:
/// on x86-64, sixteen bytes at a time with the SSE2 instructions every such processor has,
/// a few instructions where eight-byte integers take several times more (every byte of
/// every line is classified so).
#[inline(always)]
fn byte_classes(block: &[u8; CHUNK + 8]) -> (u64, u64, u64) {
    (
        mask64(block, |x| x.at_most(0x20)),
        mask64(block, |x| x.at_most(0x1f)),
        mask64(block, |x| x),
    )
}

impl Chunk {
    /// [`ascii_function_word`] for the ASCII word at `start..end` of the chunk (`start <
    /// end < 64`), with `alnum` the chunk's [`alphanumeric_bits`]: the same steps, with every
    /// byte at hand in the block and the trimming done on the mask.
    #[inline(always)]
    fn ascii_function_word(&self, start: usize, end: usize, alnum: u64, set: &AsciiSet) -> bool {
        // Trimmed to its first and last letter or digit, told by the chunk's mask.
        let kept = alnum & (ends_before(end) ^ ends_before(start));
        if kept == 0 {
            return false;
        }
        let from = kept.trailing_zeros() as usize;
        let len = CHUNK - kept.leading_zeros() as usize - from;
        if len > ASCII_KEY_BYTES {
            return false;
        }
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&self.block[from % CHUNK..][..8]);
        let bytes = u64::from_le_bytes(eight) & (u64::MAX >> (8 * (ASCII_KEY_BYTES - len)));
        set.contains(lower_ascii(bytes))
    }
}

/// Which of the first 64 bytes of `block` are ASCII letters or digits, a bit each: what the
/// sampled words are trimmed to.
#[inline(always)]
fn alphanumeric_bits(block: &[u8; CHUNK + 8]) -> u64 {
    mask64(block, |x| ascii_letters(x).or(ascii_digits(x)))
}

/// Whether the character starting at byte `at` of `bytes` may be whitespace outside ASCII, as
/// `clean`'s copy fast path tells it from its first bytes: those of [`wide_space_len`], and the
/// rest of U+1680 to U+16BF.
fn may_be_wide_space(bytes: &[u8], at: usize) -> bool {
    let b = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
    matches!((b(0), b(1)), (0xc2, 0x85 | 0xa0) | (0xe1, 0x9a)) || wide_space_len(bytes, at) > 0
}

/// The length of the whitespace character outside ASCII that starts at byte `at` of `bytes`,
/// or 0 if none does: U+0085, U+00A0, U+1680, U+2000 to U+200A, U+2028, U+2029, U+202F,
/// U+205F and U+3000, read from their bytes without decoding them.
fn wide_space_len(bytes: &[u8], at: usize) -> usize {
    let b = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
    match (b(0), b(1), b(2)) {
        (0xc2, 0x85 | 0xa0, _) => 2,
        (0xe1, 0x9a, 0x80) | (0xe2, 0x81, 0x9f) | (0xe3, 0x80, 0x80) => 3,
        (0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf) => 3,
        _ => 0,
    }
}

/// The character starting at byte `i` of `text`, and its length.
fn char_at(text: &str, i: usize) -> (char, usize) {
    text.get(i..)
        .and_then(|t| t.chars().next())
        .map_or((char::REPLACEMENT_CHARACTER, 1), |c| (c, c.len_utf8()))
}

const ONES: u64 = u64::from_le_bytes([0x01; 8]);
const HIGH_BITS: u64 = ONES * 0x80;

/// [`is_function_word`] for the ASCII word `text[word]` and the ASCII function words `set` of
/// its language: trimmed of punctuation, read as one integer (no copy), lower-cased all at
/// once and looked up in a small open-addressed table.
fn ascii_function_word(text: &[u8], word: Range<usize>, set: &AsciiSet) -> bool {
    // Punctuation around the word (`(the`, `and,`) is rare: trimmed byte by byte.
    let (mut start, mut end) = (word.start, word.end);
    let alphanumeric = |at: usize| text.get(at).is_some_and(u8::is_ascii_alphanumeric);
    while start < end && !alphanumeric(start) {
        start += 1;
    }
    while end > start && !alphanumeric(end - 1) {
        end -= 1;
    }
    let len = end - start;
    if len == 0 || len > ASCII_KEY_BYTES {
        return false;
    }
    let block = match text.get(start..start + ASCII_KEY_BYTES) {
        Some(block) => u64::from_le_bytes(block.try_into().unwrap_or_default()),
        // Near the end of the text: byte by byte.
        None => text[start..start + len]
            .iter()
            .rev()
            .fold(0, |key, b| (key << 8) | u64::from(*b)),
    };
    let bytes = block & (u64::MAX >> (8 * (ASCII_KEY_BYTES - len)));
    set.contains(lower_ascii(bytes))
}

/// `bytes`, eight ASCII bytes, lower-cased all at once. Adding to an ASCII byte never carries
/// over into the next; a byte gets its high bit from the first sum when it is `A` or above,
/// and from the second when it is above `Z`.
fn lower_ascii(bytes: u64) -> u64 {
    let upper = bytes.wrapping_add(ONES * (0x80 - 0x41))
        & !bytes.wrapping_add(ONES * (0x80 - 0x5b))
        & HIGH_BITS;
    bytes | (upper >> 2)
}

/// Longest ASCII function word, in bytes: every one fits in a `u64`.
const ASCII_KEY_BYTES: usize = 8;

/// The ASCII function words of a language as little-endian integers (a word's bytes, then
/// zeros), in an open-addressed table: a lookup is a multiplication and one or two compares.
struct AsciiSet {
    slots: Vec<u64>,
    /// The hash multiplier, chosen so that the words rarely share a slot.
    multiplier: u64,
    /// 64 less the bits of a slot's index.
    shift: u32,
    /// Slots looked at from a key's first: enough for the key furthest from its own; one
    /// when no two words share a slot, as is usual.
    probes: usize,
}

impl AsciiSet {
    fn new(words: impl Iterator<Item = &'static str>) -> AsciiSet {
        let keys: Vec<u64> = words
            .filter(|w| w.is_ascii())
            .map(|w| {
                assert!(
                    !w.is_empty() && w.len() <= ASCII_KEY_BYTES,
                    "function word {w:?} does not fit"
                );
                let mut block = [0u8; ASCII_KEY_BYTES];
                block[..w.len()].copy_from_slice(w.as_bytes());
                u64::from_le_bytes(block)
            })
            .collect();
        // Tables of a few thousand slots and multipliers from a fixed sequence, until one
        // gives every word a slot of its own (found in a few tries); else the best seen.
        let mut best: Option<AsciiSet> = None;
        let mut multiplier: u64 = 0x9e37_79b9_7f4a_7c15;
        for bits in 10..=13 {
            for _ in 0..256 {
                let set = Self::build(&keys, multiplier, bits);
                multiplier = multiplier
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407)
                    | 1;
                if set.probes == 1 {
                    return set;
                }
                if best.as_ref().is_none_or(|b| set.probes < b.probes) {
                    best = Some(set);
                }
            }
        }
        best.unwrap_or_else(|| Self::build(&keys, multiplier, 10))
    }

    /// The table of `keys` with `2^bits` slots and `multiplier`, probing linearly.
    fn build(keys: &[u64], multiplier: u64, bits: u32) -> AsciiSet {
        let mut set = AsciiSet {
            slots: vec![0; 1 << bits],
            multiplier,
            shift: 64 - bits,
            probes: 1,
        };
        let mask = set.slots.len() - 1;
        for &key in keys {
            let mut probe = 0;
            let mut at = set.slot(key);
            while set.slots[at] != 0 && set.slots[at] != key {
                at = (at + 1) & mask;
                probe += 1;
            }
            set.slots[at] = key;
            set.probes = set.probes.max(probe + 1);
        }
        set
    }

    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(self.multiplier) >> self.shift) as usize
    }

    /// The slot of the (non-zero) `key`, if it is in the set.
    fn position(&self, key: u64) -> Option<usize> {
        let at = self.slot(key);
        let mask = self.slots.len() - 1;
        (0..self.probes)
            .map(|k| (at + k) & mask)
            .find(|&at| self.slots[at] == key)
    }

    /// Whether the (non-zero) `key` is in the set: one slot looked at, usually; otherwise
    /// the same few for every key, without a branch that depends on the key.
    fn contains(&self, key: u64) -> bool {
        let at = self.slot(key);
        if self.probes == 1 {
            return self.slots[at] == key;
        }
        let mask = self.slots.len() - 1;
        (0..self.probes).fold(false, |hit, k| hit | (self.slots[(at + k) & mask] == key))
    }
}

/// The ASCII function words of `lang`; of every known language when the language is unknown.
fn ascii_stopwords(lang: Lang) -> &'static AsciiSet {
    static SETS: LazyLock<[AsciiSet; 5]> = LazyLock::new(|| {
        let set =
            |lists: &[&[&'static str]]| AsciiSet::new(lists.iter().flat_map(|l| l.iter()).copied());
        LISTS.map(set)
    });
    &SETS[slot(lang)]
}

/// The ASCII function words of every language, each with the languages it is one of (a bit
/// each, in [`slot`] order): what the language guess looks each word up in, once rather than
/// once a language.
struct AsciiLangs {
    /// The words of all languages ([`ascii_stopwords`] of `Unknown`).
    set: &'static AsciiSet,
    /// The languages of the word in each slot of `set`.
    langs: Vec<u8>,
}

impl AsciiLangs {
    /// The table, built once.
    fn get() -> &'static AsciiLangs {
        static TABLE: LazyLock<AsciiLangs> = LazyLock::new(|| {
            let set = ascii_stopwords(Lang::Unknown);
            let mut langs = vec![0u8; set.slots.len()];
            for (bit, lists) in LISTS[..4].iter().enumerate() {
                for word in lists.iter().flat_map(|l| l.iter()) {
                    if let Some(at) = ascii_key(word.as_bytes()).and_then(|key| set.position(key)) {
                        langs[at] |= 1 << bit;
                    }
                }
            }
            AsciiLangs { set, langs }
        });
        &TABLE
    }

    /// The languages `key` is a function word of, a bit each.
    fn of(&self, key: u64) -> u8 {
        if self.set.probes == 1 {
            // As usual: the key's own slot, or none.
            // Without a branch: whether a word is a function word is as good as random, and
            // a branch on it would be guessed wrong every other word.
            let at = self.set.slot(key);
            let hit = u8::from(self.set.slots[at] == key);
            return self.langs[at] & hit.wrapping_neg();
        }
        self.set.position(key).map_or(0, |at| self.langs[at])
    }
}

/// The key of an ASCII function word in an [`AsciiSet`]: its bytes, then zeros.
fn ascii_key(word: &[u8]) -> Option<u64> {
    let mut block = [0u8; ASCII_KEY_BYTES];
    block.get_mut(..word.len())?.copy_from_slice(word);
    word.is_ascii().then(|| u64::from_le_bytes(block))
}

/// Words the language guess reads at most.
const GUESS_WORDS: usize = 2000;

/// Guesses the language of `text` from how many of its words are common function words of each
/// language. Needs at least a handful of hits and a clear lead; otherwise `Unknown`.
///
/// A word is a run of alphabetic characters; only the first [`GUESS_WORDS`] of the first 16 KiB
/// count. Every article is guessed once per clean, and a short article's guess costs as much as
/// the rest of its cleaning if done a word at a time, so the words are found 64 bytes at a time
/// as bit masks ([`letter_runs`]) and each short ASCII word is one integer looked up once for
/// all four languages.
pub fn guess(text: &str) -> Lang {
    // Only the first few kilobytes: enough words, and no cost that grows with the article.
    let head = &text[..crate::clean::floor_char_boundary(text, 16 * 1024)];
    let table = AsciiLangs::get();
    // The four scores, sixteen bits each (in [`slot`] order): one addition a word.
    let mut packed = 0u64;
    let words = letter_runs(
        head,
        GUESS_WORDS,
        #[inline(always)]
        |word, ascii, opening| {
            let len = word.len();
            if ascii {
                // An ASCII word can only be an ASCII function word, and none is long: its
                // opening eight bytes, masked to the word.
                if len <= ASCII_KEY_BYTES {
                    let key = opening & (u64::MAX >> (8 * (ASCII_KEY_BYTES - len)));
                    packed += SPREAD[usize::from(table.of(lower_ascii(key)))];
                }
                return;
            }
            packed += SPREAD[usize::from(langs_of_word(&head[word]))];
        },
    );
    let scores: [usize; 4] = std::array::from_fn(|i| (packed >> (16 * i)) as usize & 0xffff);
    verdict(scores, words)
}

/// The languages the word `word` (letters, some outside ASCII) is a function word of, a bit
/// each in [`slot`] order. Kept out of line: few words take this way, and the guess's loop
/// stays small without it.
#[inline(never)]
fn langs_of_word(word: &str) -> u8 {
    // Words of many characters are none of the function words (lower-casing never makes
    // fewer characters), and most words outside ASCII are such.
    if word.chars().nth(FUNCTION_WORD_CHARS).is_some() {
        return 0;
    }
    // Lower-cased into a buffer; a word too long for a key is no function word.
    let mut lower = [0u8; KEY_BYTES];
    let mut len = 0;
    for c in word.chars() {
        for c in c.to_lowercase() {
            let Some(slot) = lower.get_mut(len..len + c.len_utf8()) else {
                return 0;
            };
            c.encode_utf8(slot);
            len += c.len_utf8();
        }
    }
    let lower = &lower[..len];
    if lower.is_ascii() {
        // Lower-cased into ASCII (the Kelvin sign `K` is a capital `k`): an ASCII word.
        return ascii_key(lower).map_or(0, |key| AsciiLangs::get().of(key));
    }
    let Some(key) = key_of(lower.iter().copied(), len) else {
        return 0;
    };
    // Still outside ASCII: only one of the few function words outside ASCII can match.
    static WIDE: LazyLock<Vec<(Key, u8)>> = LazyLock::new(|| {
        let mut wide: Vec<(Key, u8)> = Vec::new();
        for (bit, lists) in LISTS[..4].iter().enumerate() {
            for w in lists
                .iter()
                .flat_map(|l| l.iter())
                .filter(|w| !w.is_ascii())
            {
                let k = self::key(w).unwrap_or_else(|| panic!("function word {w:?} is too long"));
                match wide.iter_mut().find(|(known, _)| *known == k) {
                    Some((_, langs)) => *langs |= 1 << bit,
                    None => wide.push((k, 1 << bit)),
                }
            }
        }
        wide
    });
    WIDE.iter()
        .find(|(known, _)| *known == key)
        .map_or(0, |(_, langs)| *langs)
}

/// The languages the guess scores, in [`slot`] order.
const LANGS: [Lang; 4] = [Lang::En, Lang::Fr, Lang::De, Lang::Es];

/// The languages of a word, a bit each, as the sixteen-bit lanes of the guess's packed
/// scores.
const SPREAD: [u64; 16] = {
    let mut table = [0u64; 16];
    let mut of = 0;
    while of < 16 {
        let mut i = 0;
        while i < 4 {
            table[of] |= ((of as u64 >> i) & 1) << (16 * i);
            i += 1;
        }
        of += 1;
    }
    table
};

/// The language of the best score among `words` words, if it is clear: at least three hits,
/// a tenth of the words, and a quarter more than the runner-up.
fn verdict(scores: [usize; 4], words: usize) -> Lang {
    let mut ranked: Vec<(usize, Lang)> = scores.iter().copied().zip(LANGS).collect();
    ranked.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
    let (best, lang) = ranked[0];
    let second = ranked[1].0;
    if best >= 3 && best * 10 >= words && best * 4 >= second * 5 {
        lang
    } else {
        Lang::Unknown
    }
}

/// Where the lane is an ASCII letter: lower-cased by its 0x20 bit, a letter less `a` is 25 or
/// below, unsigned (a byte outside ASCII is 0xa0 or more so, and never passes).
#[inline(always)]
fn ascii_letters(x: Lanes) -> Lanes {
    x.or(Lanes::splat(0x20)).minus(b'a').at_most(25)
}

/// Calls `each` with the byte range of each run of alphabetic characters of `text` (the
/// words `text.split(|c: char| !c.is_alphabetic())` gives, without the empty ones), in
/// order, the first `limit` of them, with whether the run is all ASCII and the eight bytes
/// that open it (zeros past the text's end); returns how many runs it called it with.
///
/// The text is read 64 bytes at a time: which bytes are ASCII letters and which lie outside
/// ASCII is learnt sixteen at a time, the few characters outside ASCII are decoded one by one,
/// and the runs' starts and ends are then bits of the letter mask, taken in pairs.
#[inline(always)]
fn letter_runs(text: &str, limit: usize, mut each: impl FnMut(Range<usize>, bool, u64)) -> usize {
    let bytes = text.as_bytes();
    let mut found = 0;
    // The start of a run that goes on past the chunk, and whether its bytes so far are all
    // ASCII.
    let mut open: Option<usize> = None;
    let (mut open_ascii, mut open_opening) = (true, 0u64);
    // Whether the last byte of the previous chunk is part of a letter.
    let mut before_chunk = 0u64;
    // The continuation bytes of a character that began in the previous chunk, and whether
    // that character is a letter.
    let (mut spill, mut spill_letter) = (0u64, false);
    let mut base = 0;
    while base < bytes.len() && found < limit {
        // The chunk, and the eight bytes after it for the opening of a run near its end.
        let mut block = [0u8; CHUNK + 8];
        let n = (bytes.len() - base).min(CHUNK + 8);
        block[..n].copy_from_slice(&bytes[base..base + n]);
        let opening = |at: usize| {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(&block[at % CHUNK..][..8]);
            u64::from_le_bytes(eight)
        };
        let mut letters = mask64(&block, ascii_letters);
        let high = mask64(&block, |x| x);
        if spill_letter {
            letters |= spill;
        }
        let mut leads = high & !spill;
        (spill, spill_letter) = (0, false);
        while leads != 0 {
            let at = leads.trailing_zeros() as usize;
            let (c, len) = char_at(text, base + at);
            let bits = ((1u128 << len) - 1) << at;
            let (here, next) = (bits as u64, (bits >> 64) as u64);
            leads &= !here;
            let letter = is_letter(c);
            if letter {
                letters |= here;
            }
            // Only the last character can run on into the next chunk.
            (spill, spill_letter) = (next, letter);
        }
        let before = (letters << 1) | before_chunk;
        let mut starts = letters & !before;
        let mut ends = !letters & before;
        before_chunk = letters >> 63;
        // Starts and ends alternate: after the end of a run left open by the last chunk,
        // each start's end is the next end.
        if let Some(start) = open {
            if ends == 0 {
                // The run fills the chunk.
                open_ascii &= high == 0;
            } else {
                let end = ends.trailing_zeros() as usize;
                open = None;
                each(
                    start..base + end,
                    open_ascii && high & ends_before(end) == 0,
                    open_opening,
                );
                ends &= ends - 1;
                found += 1;
            }
        }
        while starts != 0 && found < limit {
            let start = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                open = Some(base + start);
                open_ascii = high >> start == 0;
                open_opening = opening(start);
                break;
            }
            let end = ends.trailing_zeros() as usize;
            ends &= ends - 1;
            let run = ends_before(end) ^ ends_before(start);
            each(base + start..base + end, high & run == 0, opening(start));
            found += 1;
        }
        base += CHUNK;
    }
    // (A run is left open only while fewer than `limit` were found.)
    if let Some(start) = open {
        each(start..bytes.len(), open_ascii, open_opening);
        found += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs of [`letter_runs`], as strings.
    fn alphabetic_runs(text: &str) -> Vec<&str> {
        let mut runs = Vec::new();
        letter_runs(text, usize::MAX, |run, ascii, opening| {
            let word = &text[run.clone()];
            assert_eq!(ascii, word.is_ascii(), "{word:?}");
            let mut eight = [0u8; 8];
            let shown = text.len().min(run.start + 8) - run.start;
            eight[..shown].copy_from_slice(&text.as_bytes()[run.start..][..shown]);
            assert_eq!(opening, u64::from_le_bytes(eight), "{word:?}");
            runs.push(word);
        });
        runs
    }

    /// The language guess read plainly: the alphabetic words of the head, lower-cased and
    /// looked up in each language's set.
    fn guessed_plainly(text: &str) -> Lang {
        let head = &text[..crate::clean::floor_char_boundary(text, 16 * 1024)];
        let mut scores = [0; 4];
        let mut words = 0;
        for word in head
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .take(GUESS_WORDS)
        {
            words += 1;
            for (score, lang) in scores.iter_mut().zip(LANGS) {
                *score += usize::from(is_stopword(&word.to_lowercase(), lang));
            }
        }
        verdict(scores, words)
    }

    #[test]
    fn the_guess_is_its_plain_reading() {
        let seeds: String = crate::demo::ARTICLES
            .iter()
            .map(|(_, b)| String::from_utf8_lossy(b))
            .collect();
        for (k, (_, bytes)) in crate::demo::ARTICLES.iter().enumerate() {
            let text = String::from_utf8_lossy(bytes);
            // Each seed cut every 97 bytes, so that the text ends anywhere in a word or
            // between words, and the seeds one after another (longer than the head).
            for end in (0..text.len()).step_by(97).chain([text.len()]) {
                let text = &text[..crate::clean::floor_char_boundary(&text, end)];
                assert_eq!(guess(text), guessed_plainly(text), "seed {k} to {end}");
            }
        }
        assert_eq!(guess(&seeds), guessed_plainly(&seeds));
        // A word that lower-cases into ASCII (the Kelvin sign is a capital `k`).
        assert_eq!(guess("\u{212A}ann \u{212A}ann \u{212A}ann"), Lang::De);
        // The last words before the limit count, none after it; the one function word of
        // eight bytes outside ASCII.
        let late = format!("{}{}zz", "zz ".repeat(1800), "the ".repeat(200));
        assert_eq!(guess(&late), Lang::En);
        let late = format!("{}{}", "zz ".repeat(1800), "también ".repeat(200));
        assert_eq!(guess(&late), Lang::Es);
        // Past the word limit: one language's words first, another's after.
        let text = format!(
            "{}{}",
            "le chat et la ".repeat(480),
            "the cat and the ".repeat(600)
        );
        assert_eq!(guess(&text), guessed_plainly(&text));
        let words = "der und die ".repeat(700);
        assert_eq!(guess(&words), Lang::De);
        assert_eq!(letter_runs(&words, GUESS_WORDS, |_, _, _| ()), GUESS_WORDS);
    }

    #[test]
    fn letters_and_digits_are_unicodes() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn one_look_up_gives_every_language_of_a_word() {
        let langs = [Lang::En, Lang::Fr, Lang::De, Lang::Es];
        let words = LISTS[4].iter().flat_map(|l| l.iter()).copied();
        for word in words.chain(["zebra", "x", "data", "nicht"]) {
            let Some(key) = ascii_key(word.as_bytes()) else {
                continue;
            };
            let expected = langs.iter().enumerate().fold(0u8, |m, (i, lang)| {
                m | u8::from(ascii_stopwords(*lang).contains(key)) << i
            });
            assert_eq!(AsciiLangs::get().of(key), expected, "{word}");
        }
    }

    #[test]
    fn function_words_are_short_runs_of_letters() {
        // What `is_function_word` rejects a word outside ASCII by, before lower-casing it.
        for word in LISTS.iter().flat_map(|l| l.iter()).flat_map(|l| l.iter()) {
            assert!(word.chars().all(char::is_alphabetic), "{word:?}");
            assert!(word.chars().count() <= FUNCTION_WORD_CHARS, "{word:?}");
        }
        for (word, lang, expected) in [
            ("Été", Lang::Fr, true),
            ("«TRÈS»", Lang::Fr, true),
            ("Über,", Lang::De, true),
            ("NATO’s", Lang::En, false),
            ("coopération", Lang::Fr, false),
            ("été2", Lang::Fr, false),
        ] {
            assert_eq!(is_function_word(word, lang), expected, "{word:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_letters_agree_with_their_bytewise_reading(
            block in proptest::collection::vec(
                proptest::prop_oneof![
                    0u8..=255,
                    proptest::sample::select(&b"@AZ[`az{ \x80\xc1\xe1\xfa"[..]),
                ],
                16,
            )
        ) {
            let bytewise = block
                .iter()
                .enumerate()
                .fold(0u16, |m, (k, b)| m | (u16::from(b.is_ascii_alphabetic()) << k));
            let lanes = Lanes::load(&block).expect("sixteen bytes");
            proptest::prop_assert_eq!(ascii_letters(lanes).bits(), bytewise);
        }

        #[test]
        fn alphanumeric_bits_are_the_bytes_told_one_by_one(
            block in proptest::collection::vec(
                proptest::prop_oneof![
                    0u8..=255,
                    proptest::sample::select(&b"/09:@AZ[`az{ \x80\xb0\xc1\xe1\xfa"[..]),
                ],
                CHUNK + 8,
            )
        ) {
            let block: [u8; CHUNK + 8] = block.try_into().expect("72 bytes");
            let bytewise = (0..CHUNK).fold(0u64, |m, k| {
                m | (u64::from(block[k].is_ascii_alphanumeric()) << k)
            });
            proptest::prop_assert_eq!(alphanumeric_bits(&block), bytewise);
        }

        #[test]
        fn alphabetic_runs_are_the_split_on_other_characters_anywhere(
            text in "([a-zA-Z]{1,20}|[ ,.0-9@\\[`{]{1,3}|[ =0-9]{14,40}|é|Ü|’|日本|\u{2003}){0,40}"
        ) {
            let plain: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(alphabetic_runs(&text), plain);
        }

        #[test]
        fn the_guess_is_its_plain_reading_anywhere(
            text in "([a-zA-Z]{1,9}|(The|the|le|LES|die|Über|über|été|ÉTÉ|más|también|TAMBIÉN|y|et|a|\u{212A}ann|\u{212A}) |[ ,.0-9]{1,3}|é|Ü|’|日本|\u{2003}|Σ|İ|ẞ){0,300}"
        ) {
            proptest::prop_assert_eq!(guess(&text), guessed_plainly(&text));
        }
    }

    #[test]
    fn alphabetic_runs_are_the_split_on_other_characters() {
        for text in [
            "",
            "  ",
            "L’été, 3 ans: Über-größe!",
            "a1b2 c",
            "日本語 text",
            "x",
        ] {
            let plain: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(alphabetic_runs(text), plain, "{text:?}");
        }
        // Sixteen bytes with no letter are skipped as sixteen, not more.
        let text = format!("{}the cat", " ".repeat(17));
        assert_eq!(alphabetic_runs(&text), ["the", "cat"]);
        assert_eq!(guess("Été ,2 &#160; !    N/a a\x1fa"), Lang::En);
    }

    #[test]
    fn tells_the_seed_languages_apart() {
        assert_eq!(
            guess(
                "The security discussions, which took place on June 5th and 6th, included key points like exchanging information about extremists in the Sahel region."
            ),
            Lang::En
        );
        assert_eq!(
            guess(
                "Le 28 mars 2024, le Comité d'état-major de l'Armée nationale populaire algérienne s'est rendu au siège de l'OTAN et a informé le Comité militaire."
            ),
            Lang::Fr
        );
        assert_eq!(
            guess(
                "Die Delegation hat sich mit dem Ausschuss getroffen und die Lage in der Region ist nicht einfach."
            ),
            Lang::De
        );
        assert_eq!(
            guess(
                "El comité se reunió con los representantes para hablar de la seguridad en la región y del futuro."
            ),
            Lang::Es
        );
    }

    /// Words, their characters and function words counted the plain way.
    fn counted_plainly(text: &str, lang: Lang, sample: usize) -> WordCount {
        let mut count = WordCount::default();
        for (n, word) in text.split_whitespace().enumerate() {
            count.words += 1;
            count.chars += word.chars().count();
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            let lower = if bare.chars().any(char::is_uppercase) {
                bare.to_lowercase()
            } else {
                bare.to_string()
            };
            if n < sample && is_stopword(&lower, lang) {
                count.function_words += 1;
            }
        }
        count
    }

    #[test]
    fn words_are_counted_as_split_whitespace_splits_them() {
        for text in [
            "The cat, (and) THE dog.",
            "L’été \u{a0}de\u{3000}la\u{85}Région, Ǆ İ «les» …",
            "Étaient-ils là? Y, O, A: I.",
            "a\u{b}b\u{c}c\td\re",
            "(between) BETWEEN, xbetween between: a\u{1}b the\u{7f} «the» 12345678 123456789 The.",
            "through,through the\u{0}the AND(and) ...the... é the",
            "",
            "   ",
        ] {
            for lang in [Lang::En, Lang::Fr, Lang::De, Lang::Es, Lang::Unknown] {
                for sample in [0, 2, 80] {
                    let plainly = counted_plainly(text, lang, sample);
                    assert_eq!(count_words(text, lang, sample), plainly, "{text:?}");
                    // Stopping at `enough` function words: the same count below it, at least
                    // `enough` (and no more than there are) above.
                    for enough in [0, 1, 2] {
                        let (count, _) = count_words_and_spacing(text, lang, sample, enough);
                        assert_eq!((count.words, count.chars), (plainly.words, plainly.chars));
                        if plainly.function_words < enough {
                            assert_eq!(count.function_words, plainly.function_words);
                        } else {
                            assert!(
                                (enough..=plainly.function_words).contains(&count.function_words),
                                "{text:?} {enough}"
                            );
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn word_counts_match_the_plain_definition(
            words in proptest::collection::vec(
                "(the|The|THE|and|les|Les|été|Été|für|también|a|y|o|\\PC{1,12}|[\\s\\PC]{1,4})",
                0..30,
            ),
            seps in proptest::collection::vec("[ \t\u{a0}\u{2003},.(“”]{1,3}", 30),
        ) {
            let text: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
            for lang in [Lang::En, Lang::Fr, Lang::Unknown] {
                proptest::prop_assert_eq!(
                    count_words(&text, lang, 20),
                    counted_plainly(&text, lang, 20)
                );
            }
        }
    }

    proptest::proptest! {
        /// Stripping quotes first changes no answer: a word is a function word exactly when,
        /// trimmed to its letters and digits and lower-cased, it is a stopword.
        #[test]
        fn quotes_around_a_word_change_nothing(
            word in "[“”‘’«»(\"',.]{0,3}(the|The|THE|de|Le|l|and|und|y|NATO|été|x){0,2}[“”‘’«»)\"',.;]{0,3}",
            lang in proptest::sample::select(vec![Lang::En, Lang::Fr, Lang::De, Lang::Es, Lang::Unknown]),
        ) {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            proptest::prop_assert_eq!(is_function_word(&word, lang), is_stopword(&bare, lang));
        }
    }

    proptest::proptest! {
        /// The bytes classified many at once, as the portable version and byte by byte have it.
        #[test]
        fn byte_classes_are_the_bytes_compared(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    0u8..=255,
                    proptest::sample::select(&b" ,.;:!?a\t\x80"[..]),
                ],
                CHUNK + 8,
            )
        ) {
            let mut block = [0u8; CHUNK + 8];
            block.copy_from_slice(&bytes);
            let mask = |test: fn(u8) -> bool| {
                (0..CHUNK).fold(0u64, |m, i| m | (u64::from(test(block[i])) << i))
            };
            let (space, controls, high) = byte_classes(&block);
            proptest::prop_assert_eq!(space, mask(|b| b < 0x21));
            proptest::prop_assert_eq!(controls != 0, mask(|b| b < 0x20) != 0);
            proptest::prop_assert_eq!(high, mask(|b| b >= 0x80));
            let punctuation = mask(|b| b",.;:!?".contains(&b));
            proptest::prop_assert_eq!(clause_punctuation(&block), punctuation);
        }
    }

    #[test]
    fn trimming_to_alphanumeric_is_trim_matches() {
        for word in [
            "",
            "«",
            "«l’été»,",
            "(the)",
            "—",
            "x",
            "«»",
            "1.",
            "..é..",
            "Ǆ!",
            "’s",
        ] {
            assert_eq!(
                trim_to_alphanumeric(word),
                word.trim_matches(|c: char| !c.is_alphanumeric()),
                "{word:?}"
            );
        }
    }

    #[test]
    fn wide_spaces_are_the_whitespace_outside_ascii() {
        for c in ('\u{80}'..=char::MAX).filter(|c| !matches!(c.len_utf8(), 4)) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let len = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(wide_space_len(bytes, 0), len, "{c:?}");
        }
    }

    #[test]
    fn words_across_the_chunks_are_counted_whole() {
        let pieces = [
            "the", "\u{3000}", "été", "\u{a0}", "and,", "\u{2003}", "Les", "\t", "«the»", " ",
            "x\u{1}y", "\u{85}",
        ];
        for shift in 0..70 {
            let mut text = "y".repeat(shift);
            for k in 0..60 {
                text.push_str(pieces[k % pieces.len()]);
                if k % 7 == 0 {
                    text.push_str(&"w".repeat(k * 3));
                }
                text.push(' ');
            }
            for end in [text.len(), text.trim_end().len()] {
                let text = &text[..end];
                for lang in [Lang::En, Lang::Fr, Lang::Unknown] {
                    for sample in [0, 1, 7, 80] {
                        assert_eq!(
                            count_words(text, lang, sample),
                            counted_plainly(text, lang, sample),
                            "{shift} {text:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn each_function_word_has_a_slot_of_its_own() {
        for lang in [Lang::En, Lang::Fr, Lang::De, Lang::Es, Lang::Unknown] {
            let set = ascii_stopwords(lang);
            assert_eq!(set.probes, 1, "{lang:?}: {} slots", set.slots.len());
        }
    }

    #[test]
    fn too_little_text_is_unknown() {
        assert_eq!(guess(""), Lang::Unknown);
        assert_eq!(guess("NATO Algeria"), Lang::Unknown);
        // "a" is English and French alike: it decides nothing.
        assert_eq!(
            guess("Tabs between words and a bell and a backspace and a vertical tab."),
            Lang::En
        );
        assert_eq!(guess("\u{0}\u{1}\u{2}"), Lang::Unknown);
    }
}
