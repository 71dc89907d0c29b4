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
    let words = words(text);
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let word = &text[w.clone()];
        let lower = word.to_ascii_lowercase();
        if looks_like_a_name(text, w.clone()) {
            continue;
        }
        if let Some((_, meant)) = MISSPELLINGS.iter().find(|(bad, _)| *bad == lower) {
            out.push(Typo {
                span: w.clone(),
                meant: (*meant).to_string(),
            });
            continue;
        }
        let Some(next) = words.get(i + 1) else {
            continue;
        };
        let next_word = &text[next.clone()];
        let between = &text[w.end..next.start];
        // Only words in one run of text: not across a line break or punctuation.
        if !between.chars().all(|c| c == ' ') {
            continue;
        }
        let before = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .filter(|p| text[p.end..w.start].chars().all(|c| c == ' '))
            .map(|p| text[p.clone()].to_lowercase());
        let joined_on = text[next.end..].starts_with('-');
        if lower == "too"
            && !joined_on
            && VERBS_AFTER_TO.contains(&next_word.to_ascii_lowercase().as_str())
            && before.is_some_and(|b| WANT_A_PURPOSE.contains(&b.as_str()))
        {
            out.push(Typo {
                span: w.clone(),
                meant: "to".into(),
            });
        } else if word.len() > 1
            && word.chars().all(char::is_alphabetic)
            && word == next_word
            && !word.starts_with(char::is_uppercase)
            && !is_doubled_on_purpose(&lower)
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
fn is_doubled_on_purpose(word: &str) -> bool {
    matches!(
        word,
        "had"
            | "that"
            | "is"
            | "bye"
            | "very"
            | "so"
            | "no"
            | "her"
            | "do"
            | "can"
            | "ha"
            | "him"
            | "was"
            | "there"
            | "well"
            | "far"
            | "more"
            | "again"
            | "on"
            | "out"
            | "over"
            | "now"
    )
}

/// Byte ranges of the words of `text`: runs of letters and apostrophes.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphanumeric() || c == '\'' || c == '’';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
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
    fn correct_text_and_other_languages_are_left_alone() {
        assert!(flagged("It was too big to ignore, and they said so too.").is_empty());
        assert!(suspected("teh adn", Lang::Fr).is_empty());
        assert!(flagged("Tehran and Adnan met.").is_empty());
    }
}
