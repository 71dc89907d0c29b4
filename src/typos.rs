//! Suspected typos, flagged and never fixed: reviewers quote the source as published, so a
//! typo stays in the text; the reader only marks it subtly, with the likely intended word, so
//! a quote with "teh" in it is not mistaken for a copying slip of the reviewer's own.
//!
//! English only for now: a list of misspellings common enough to be unambiguous (from the
//! kind of lists editors keep), `too` before a verb where `to` was meant, and a word written
//! twice (`the the`).

use crate::lang::Lang;
use std::ops::Range;

/// One suspected typo in a text: where, and the word probably meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typo {
    /// Byte range of the word (or words) in the text.
    pub span: Range<usize>,
    /// What was probably meant, for the status bar.
    pub meant: String,
}

/// Misspellings that are never words, each with the word meant (lower case).
const MISSPELLINGS: &[(&str, &str)] = &[
    ("teh", "the"),
    ("hte", "the"),
    ("adn", "and"),
    ("nad", "and"),
    ("taht", "that"),
    ("thta", "that"),
    ("waht", "what"),
    ("whihc", "which"),
    ("wich", "which"),
    ("thier", "their"),
    ("recieve", "receive"),
    ("recieved", "received"),
    ("beleive", "believe"),
    ("becuase", "because"),
    ("seperate", "separate"),
    ("occured", "occurred"),
    ("occurence", "occurrence"),
    ("definately", "definitely"),
    ("goverment", "government"),
    ("goverments", "governments"),
    ("enviroment", "environment"),
    ("untill", "until"),
    ("accross", "across"),
    ("acheive", "achieve"),
    ("agianst", "against"),
    ("adress", "address"),
    ("agressive", "aggressive"),
    ("apparantly", "apparently"),
    ("begining", "beginning"),
    ("buisness", "business"),
    ("commited", "committed"),
    ("existance", "existence"),
    ("foriegn", "foreign"),
    ("freind", "friend"),
    ("independant", "independent"),
    ("knowlege", "knowledge"),
    ("liason", "liaison"),
    ("millenium", "millennium"),
    ("neccessary", "necessary"),
    ("noticable", "noticeable"),
    ("publically", "publicly"),
    ("recomend", "recommend"),
    ("refered", "referred"),
    ("relevent", "relevant"),
    ("succesful", "successful"),
    ("tommorow", "tomorrow"),
    ("truely", "truly"),
    ("wierd", "weird"),
    ("milatary", "military"),
    ("millitary", "military"),
    ("secuirty", "security"),
    ("stabilty", "stability"),
    ("alot", "a lot"),
];

/// Verbs that follow `to` in a purpose clause; after `too` they mark a slip (`efforts too
/// enhance security`). `too` before an adjective or adverb (`too big`) is left alone.
const VERBS_AFTER_TO: &[&str] = &[
    "enhance",
    "improve",
    "ensure",
    "strengthen",
    "support",
    "address",
    "promote",
    "provide",
    "reduce",
    "increase",
    "develop",
    "discuss",
    "achieve",
    "combat",
    "protect",
    "foster",
    "boost",
    "expand",
    "create",
    "establish",
    "prevent",
    "maintain",
    "build",
    "help",
    "make",
    "take",
    "bring",
    "meet",
    "launch",
    "tackle",
];

/// Words before `too` that want a purpose after them (`efforts too enhance`): only there is
/// `too` before a verb a slip for `to`. After a subject it means "also" (`farmers too
/// support the reform`, `we too make mistakes`), which is right.
const WANT_A_PURPOSE: &[&str] = &[
    "efforts",
    "effort",
    "plans",
    "plan",
    "steps",
    "measures",
    "bid",
    "aim",
    "aims",
    "aimed",
    "seeks",
    "seek",
    "sought",
    "wants",
    "want",
    "wanted",
    "needs",
    "need",
    "needed",
    "tries",
    "try",
    "tried",
    "hopes",
    "hope",
    "continue",
    "continues",
    "decided",
    "agreed",
    "pledged",
    "vowed",
    "order",
    "able",
    "ability",
    "intends",
    "intend",
    "expected",
    "working",
    "work",
    "way",
    "ways",
    "commitment",
    "initiative",
    "designed",
    "committed",
    "moves",
    "move",
];

/// A name or acronym rather than a word: capitals past the first letter, or a capital that
/// does not start a sentence. Typo lists are about words, so these are left alone
/// (`NAD+`, `Nad Ali`, `Teh Hong Piow`).
fn looks_like_a_name(text: &str, word: Range<usize>) -> bool {
    let w = &text[word.clone()];
    let mut chars = w.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    if chars.any(char::is_uppercase) {
        return true;
    }
    if !first_upper {
        return false;
    }
    // A capital is a sentence's only at the start of the text or a line, or after . ! ?
    let before = text[..word.start].trim_end_matches([' ', '"', '“', '\'', '‘', '(']);
    !(before.is_empty() || before.ends_with(['\n', '.', '!', '?', ':']))
}

/// The suspected typos of `text`, in order. Nothing for languages it has no lists for.
pub fn suspected(text: &str, lang: Lang) -> Vec<Typo> {
    if lang != Lang::En {
        return Vec::new();
    }
    // One pass with the word before and the word after in hand: no list of every word and no
    // lower-cased copy of any, since this runs on every article opened, however large.
    let mut out = Vec::new();
    let mut words = words(text).peekable();
    let mut before: Option<Range<usize>> = None;
    while let Some(w) = words.next() {
        let word = &text[w.clone()];
        let next = words.peek().cloned();
        let previous = before.replace(w.clone());
        if looks_like_a_name(text, w.clone()) {
            continue;
        }
        if word.len() <= MAX_MISSPELLING_BYTES
            && let Some((_, meant)) = MISSPELLINGS
                .iter()
                .find(|(bad, _)| bad.eq_ignore_ascii_case(word))
        {
            out.push(Typo {
                span: w.clone(),
                meant: (*meant).to_string(),
            });
            continue;
        }
        // Only words in one run of text: not across a line break or punctuation.
        let spaced =
            |a: &Range<usize>, b: &Range<usize>| text[a.end..b.start].bytes().all(|c| c == b' ');
        let Some(next) = next.filter(|n| spaced(&w, n)) else {
            continue;
        };
        let next_word = &text[next.clone()];
        let one_of = |list: &[&str], w: &str| list.iter().any(|x| x.eq_ignore_ascii_case(w));
        let wants_purpose = previous
            .filter(|p| spaced(p, &w))
            .is_some_and(|p| one_of(WANT_A_PURPOSE, &text[p]));
        if word.eq_ignore_ascii_case("too")
            && !text[next.end..].starts_with('-')
            && one_of(VERBS_AFTER_TO, next_word)
            && wants_purpose
        {
            out.push(Typo {
                span: w.clone(),
                meant: "to".into(),
            });
        } else if word.len() > 1
            && word == next_word
            && word.chars().all(char::is_alphabetic)
            && !word.starts_with(char::is_uppercase)
            && !one_of(DOUBLED_ON_PURPOSE, word)
            && out.last().is_none_or(|t: &Typo| t.span.end <= w.start)
        {
            out.push(Typo {
                span: w.start..next.end,
                meant: word.to_string(),
            });
        }
    }
    out
}

/// Words that English does write twice (`had had`, `that that`).
const DOUBLED_ON_PURPOSE: &[&str] = &[
    "had", "that", "is", "bye", "very", "so", "no", "her", "do", "can", "ha", "him", "was",
    "there", "well", "far", "more", "again", "on", "out", "over", "now",
];

/// The longest misspelling listed, in bytes: longer words are not looked up.
const MAX_MISSPELLING_BYTES: usize = 12;

/// Byte ranges of the words of `text`: runs of letters and apostrophes.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let part = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|(_, c)| part(*c))?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !part(c) {
                end = i;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(text: &str) -> Vec<(&str, String)> {
        suspected(text, Lang::En)
            .into_iter()
            .map(|t| (&text[t.span], t.meant))
            .collect()
    }

    #[test]
    fn the_seed_typos_are_flagged_with_the_word_meant() {
        assert_eq!(
            flagged("It underscored teh meaning of efforts too enhance security adn stability."),
            [
                ("teh", "the".to_string()),
                ("too", "to".to_string()),
                ("adn", "and".to_string())
            ]
        );
    }

    #[test]
    fn words_written_twice_are_flagged_unless_english_does_so() {
        assert_eq!(
            flagged("He said the the talks failed."),
            [("the the", "the".to_string())]
        );
        assert!(flagged("She had had enough; he said that that was all.").is_empty());
        assert!(flagged("the\nthe").is_empty(), "not across a line break");
    }

    #[test]
    fn names_acronyms_and_too_meaning_also_are_left_alone() {
        for text in [
            "NAD+ levels fell.",
            "Fighting in Nad Ali district went on.",
            "The bank was founded by Teh Hong Piow.",
            "Local farmers too support the reform.",
            "We too make mistakes.",
            "The network is too secure to hack.",
            "The plan proved too counter-productive.",
            "He gave her her book.",
            "What they do do is fine.",
            "They flew to Bora Bora.",
            "Boutros Boutros-Ghali spoke.",
        ] {
            assert!(flagged(text).is_empty(), "{text}: {:?}", flagged(text));
        }
        assert_eq!(
            flagged("Teh meeting ended.").len(),
            1,
            "a typo starting a sentence"
        );
        assert_eq!(flagged("the the the end").len(), 1, "one flag for a run");
    }

    #[test]
    fn every_misspelling_is_short_enough_to_be_looked_up() {
        assert!(
            MISSPELLINGS
                .iter()
                .all(|(bad, _)| bad.len() <= MAX_MISSPELLING_BYTES)
        );
        assert_eq!(
            flagged("It is independant of them."),
            [("independant", "independent".to_string())]
        );
    }

    #[test]
    fn correct_text_and_other_languages_are_left_alone() {
        assert!(flagged("It was too big to ignore, and they said so too.").is_empty());
        assert!(suspected("teh adn", Lang::Fr).is_empty());
        assert!(flagged("Tehran and Adnan met.").is_empty());
    }
}
