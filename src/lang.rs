//! A cheap language guess from function words.
//!
//! Reviewers filter and sort by language, and later rules (stopword density, French spacing)
//! need it; a stopword count over the first few kilobytes is enough to tell the languages the
//! article sets hold apart, without a model or a dependency.

use std::collections::HashSet;
use std::sync::LazyLock;

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

/// FNV-1a: the function-word sets are looked up for every word of every article, and for
/// such short keys it is several times faster than the default SipHash (no untrusted keys
/// are stored, so its weakness against crafted collisions does not matter).
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

impl std::hash::BuildHasher for Fnv {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0)
    }
}

/// Whether `word` (lower-case) is a common function word of `lang`; of any known language when
/// the language is unknown. The line classifier measures how much of a line is running prose
/// with it: menus and link lists have almost none.
pub fn is_stopword(word: &str, lang: Lang) -> bool {
    static SETS: LazyLock<[HashSet<&'static str, Fnv>; 5]> = LazyLock::new(|| {
        let set =
            |lists: &[&[&'static str]]| lists.iter().flat_map(|l| l.iter().copied()).collect();
        [
            set(&[EN]),
            set(&[FR]),
            set(&[DE]),
            set(&[ES]),
            set(&[EN, FR, DE, ES]),
        ]
    });
    let i = match lang {
        Lang::En => 0,
        Lang::Fr => 1,
        Lang::De => 2,
        Lang::Es => 3,
        Lang::Unknown => 4,
    };
    SETS[i].contains(word)
}

/// Guesses the language of `text` from how many of its words are common function words of each
/// language. Needs at least a handful of hits and a clear lead; otherwise `Unknown`.
pub fn guess(text: &str) -> Lang {
    let mut scores = [0usize; 4];
    let langs = [Lang::En, Lang::Fr, Lang::De, Lang::Es];
    let mut words = 0;
    let mut lower = String::new();
    // Only the first few kilobytes: enough words, and no cost that grows with the article.
    let head = &text[..crate::clean::floor_char_boundary(text, 16 * 1024)];
    for word in head
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(2000)
    {
        words += 1;
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        for (i, lang) in langs.iter().enumerate() {
            if is_stopword(&lower, *lang) {
                scores[i] += 1;
            }
        }
    }
    let mut ranked: Vec<(usize, Lang)> = scores.iter().copied().zip(langs).collect();
    ranked.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
    let (best, lang) = ranked[0];
    let second = ranked[1].0;
    if best >= 3 && best * 10 >= words && best * 4 >= second * 5 {
        lang
    } else {
        Lang::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
