//! What a reviewer needs to know about an article besides its text: who wrote it, when, and
//! where it was published. Lifted from the text (and from what the cleaner dropped, such as a
//! syndication disclaimer naming the outlet) so that it is not lost with the chrome.

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// Byline, date and outlet, when the text gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArticleInfo {
    /// The author line without its `By`/`Par` (`Ana Lopez`).
    pub byline: Option<String>,
    /// The dateline or publication date as written (`January 28, 2025`, `28 mars 2024`).
    pub date: Option<String>,
    /// The outlet or source credited (`Arab World/Maghrebi`, `Mirage.News`).
    pub outlet: Option<String>,
}

impl ArticleInfo {
    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.byline.is_none() && self.date.is_none() && self.outlet.is_none()
    }
}

/// Dates with a day, a month name and a year in the languages the guesser knows, or ISO.
/// Word boundaries are ASCII ones (`(?-u:\b)`): the fast DFA takes them on any text, where a
/// Unicode `\b` sends every non-ASCII head to the slow PikeVM (a fifth of a corpus search).
/// Digits are ASCII ones: a year in other digits (`٢٠٢4`, `２０２4`) is no date a reviewer
/// needs lifted, and [`find_date`] relies on every year being four ASCII digits.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let en = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?";
    let fr = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre";
    let de = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember";
    let es =
        "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre";
    let pattern = format!(
        r"(?-u:\b)(?:(?:{en}) [0-9]{{1,2}}(?:st|nd|rd|th)?, [0-9]{{4}}|[0-9]{{1,2}} (?:{en}) [0-9]{{4}}|[0-9]{{1,2}}(?:er)? (?:{fr}) [0-9]{{4}}|[0-9]{{1,2}}\. (?:{de}) [0-9]{{4}}|[0-9]{{1,2}} de (?:{es}) de [0-9]{{4}}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})(?-u:\b)"
    );
    Regex::new(&pattern).unwrap_or_else(|e| panic!("date pattern is a constant: {e}"))
});

/// An outlet's web name in a disclaimer (`Mirage.News`, `example.com`).
static OUTLET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z][A-Za-z0-9-]*\.(?:News|news|com|org|net|fr|de|es|co\.uk)(?-u:\b)")
        .unwrap_or_else(|e| panic!("outlet pattern is a constant: {e}"))
});

const BYLINE_PREFIXES: &[&str] = &[
    "Written by ",
    "Words by ",
    "Reporting by ",
    "By ",
    "BY ",
    "Par ",
    "PAR ",
    "Von ",
    "Por ",
];

/// Words that open a line giving the publication date (`Published: Mar. 3, 2024`).
const DATE_PREFIXES: &[&str] = &[
    "published",
    "posted",
    "updated",
    "last updated",
    "date",
    "publié",
    "mis à jour",
    "veröffentlicht",
    "aktualisiert",
    "stand",
    "publicado",
    "actualizado",
];

/// Lines read at each end of the text for a byline: past a menu or two the classifier kept.
const EDGE_LINES: usize = 15;
/// Last lines read for a source line, which closes the story: further up, a line of the same
/// shape is a subheading (`Ukraine/Russia`).
const SOURCE_LINES: usize = 8;

/// Looks for byline, date and outlet in the cleaned `text` and the `dropped` texts.
pub(crate) fn find(text: &str, dropped: &[&str]) -> ArticleInfo {
    // Only the first and last lines are read: no pass over the whole text.
    let lines = || text.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut info = ArticleInfo::default();
    // Bylines open or close a story; source lines close it.
    for line in lines()
        .take(EDGE_LINES)
        .chain(lines().rev().take(EDGE_LINES))
    {
        if info.byline.is_none() {
            info.byline = byline(line);
        }
    }
    for line in lines().rev().take(SOURCE_LINES) {
        if info.outlet.is_none() && line.chars().count() <= 60 {
            info.outlet = source_line(line);
        }
    }
    info.date = date(text);
    if info.outlet.is_none() {
        info.outlet = dropped
            .iter()
            // A name holds a dot, and most dropped spans (tag remnants, "Advertisement")
            // hold none: a vectorised search spares them the pattern.
            .filter(|d| memchr::memchr(b'.', d.as_bytes()).is_some())
            .find_map(|d| OUTLET_NAME.find(d))
            .map(|m| m.as_str().to_string());
    }
    info
}

/// The publication date near the top of `text`: the date on a line that gives it (`Published:
/// …`, a byline `… on July 27, 2017`) or that is little more than a date (a dateline), else
/// the first full date of the text's head, which may be one the story tells of.
fn date(text: &str) -> Option<String> {
    let head = &text[..crate::clean::floor_char_boundary(text, 3000)];
    let dateline = head.lines().take(2 * EDGE_LINES).find_map(|line| {
        let line = line.trim();
        let m = find_date(line)?;
        // Only the opening is lower-cased: a character more than the longest prefix has bytes
        // (lower-casing never makes fewer characters, and the last one, whose case may hang on
        // what follows it, lies beyond any prefix).
        let longest = DATE_PREFIXES.iter().map(|p| p.len()).max().unwrap_or(0);
        let lower = line
            .chars()
            .take(longest + 1)
            .collect::<String>()
            .to_lowercase();
        let given = DATE_PREFIXES.iter().any(|p| lower.starts_with(p))
            || BYLINE_PREFIXES.iter().any(|p| line.starts_with(p));
        // A date with at most a time, a place or a weekday beside it.
        let mostly_date = line.len() <= m.as_str().len() + 30;
        (given || mostly_date).then(|| m.as_str().to_string())
    });
    dateline.or_else(|| find_date(head).map(|m| m.as_str().to_string()))
}

/// At least as many bytes as a date of [`DATE`] has before its year: 20 at most (`30 de
/// septiembre de 2024`), with room to spare.
const MOST_BEFORE_YEAR: usize = 32;

/// `DATE.find(text)`, where most text is not read by the pattern: every date it takes has a
/// year, four digits in a row, at most [`MOST_BEFORE_YEAR`] bytes into it. A text without
/// such digits (most lines) holds no date, and the first date starts no earlier than that
/// before the first such digits. The digits are found sixty-four bytes at a time, where the
/// pattern's automaton takes a step a byte.
fn find_date(text: &str) -> Option<regex::Match<'_>> {
    let year = first_four_digits(text.as_bytes())?;
    let from = crate::clean::floor_char_boundary(text, year.saturating_sub(MOST_BEFORE_YEAR));
    // The search from `from` sees the text before it for its word boundaries.
    DATE.find_at(text, from)
}

/// Where the first run of four ASCII digits in `bytes` starts.
fn first_four_digits(bytes: &[u8]) -> Option<usize> {
    use crate::lanes::{ascii_digits, mask64};
    // The digits among the last three bytes of the previous chunk, as bits 0 to 2.
    let mut carry = 0u64;
    for (k, chunk) in bytes.chunks(64).enumerate() {
        let mut block = [0u8; 64];
        block[..chunk.len()].copy_from_slice(chunk);
        let digits = mask64(&block, ascii_digits);
        // Bit j of `wide` is the byte at `64 * k + j - 3`; a run of four ends at bit j when
        // bits j - 3 to j are all set.
        let wide = u128::from(digits) << 3 | u128::from(carry);
        let ends = wide & wide << 1 & wide << 2 & wide << 3;
        if ends != 0 {
            return Some(64 * k + ends.trailing_zeros() as usize - 6);
        }
        carry = digits >> 61;
    }
    None
}

/// Whether `line` credits the story: a byline or a source line. The line classifier keeps such
/// a line beside the story.
pub(crate) fn credits(line: &str) -> bool {
    byline(line).is_some() || source_line(line).is_some()
}

/// `By Ana Lopez`: a short line naming people, not a sentence (`By the end of the day, …`).
/// What follows the names is left out: an outlet after `|` (`By Ana Lopez | Reuters`) or a
/// date after `on` (`Written by Ana Sandoiu on July 27, 2017`).
fn byline(line: &str) -> Option<String> {
    const JOINERS: &[&str] = &[
        "and", "et", "und", "y", "e", "de", "la", "le", "del", "da", "di", "du", "der", "den",
        "van", "von", "bin", "al", "el",
    ];
    let name = BYLINE_PREFIXES
        .iter()
        .find_map(|p| line.strip_prefix(p))?
        .trim();
    let name = name.split(['|', '•', '·']).next().unwrap_or(name).trim();
    let name = match name.find(" on ") {
        Some(at) if DATE.is_match(&name[at..]) => &name[..at],
        _ => name,
    };
    let name = name.trim().trim_end_matches(',');
    let words: Vec<&str> = name.split_whitespace().collect();
    let named = words
        .iter()
        .all(|w| w.starts_with(char::is_uppercase) || JOINERS.contains(w));
    // At most six names, with the particles and joiners between them.
    let names = words.iter().filter(|w| !JOINERS.contains(w)).count();
    (names > 0 && names <= 6 && named && !name.ends_with('.')).then(|| name.to_string())
}

/// `Arab World/Maghrebi`, `Source: Reuters`: a short line crediting where the story came from
/// (a few words: a longer line with a slash is a link or a caption).
fn source_line(line: &str) -> Option<String> {
    for prefix in ["Source:", "Source :", "Fuente:", "Quelle:"] {
        if let Some(rest) = line.strip_prefix(prefix) {
            return Some(rest.trim().to_string());
        }
    }
    // Two parts about one `/`: most lines have none, and are told so without splitting them.
    let mut slashes = memchr::memchr_iter(b'/', line.as_bytes());
    if slashes.next().is_none() || slashes.next().is_some() {
        return None;
    }
    let parts: Vec<&str> = line.split('/').collect();
    let looks_named = |p: &str| p.trim().chars().next().is_some_and(char::is_uppercase);
    (parts.len() == 2
        && line.split_whitespace().count() <= 5
        && !line.contains("//")
        && parts.iter().all(|p| looks_named(p))
        && !line.ends_with('.'))
    .then(|| line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn no_date_has_more_before_its_year_than_the_search_skips() {
        // The longest form of each alternative, with the longest month name and day.
        for date in [
            "September 30th, 2024",
            "Sept. 30th, 2024",
            "30 September 2024",
            "30er septembre 2024",
            "30er décembre 2024",
            "30. September 2024",
            "30. Dezember 2024",
            "30 de septiembre de 2024",
            "2024-09-30",
        ] {
            let m = DATE
                .find(date)
                .unwrap_or_else(|| panic!("{date:?} is a date"));
            assert_eq!(m.as_str(), date);
            let year = first_four_digits(date.as_bytes()).unwrap_or(usize::MAX);
            assert!(year <= MOST_BEFORE_YEAR, "{date:?}: year at {year}");
        }
        // Years in other digits are no dates, so every date has four ASCII digits in a row.
        for other in [
            "1 May \u{662}\u{660}\u{662}4",
            "Mar. 3, 2\u{ff10}24",
            "2\u{660}24-09-30",
        ] {
            assert_eq!(DATE.find(other), None, "{other:?}");
        }
    }

    proptest! {
        #[test]
        fn the_first_four_digits_are_found(bytes in proptest::collection::vec(
            prop_oneof![Just(b'1'), Just(b'9'), Just(b' '), Just(b'a'), Just(b'/'), Just(b':')],
            0..300,
        )) {
            let plain = bytes.windows(4).position(|w| w.iter().all(u8::is_ascii_digit));
            prop_assert_eq!(first_four_digits(&bytes), plain);
        }

        #[test]
        fn the_search_past_the_years_finds_the_first_date(pieces in proptest::collection::vec(
            prop_oneof![
                Just("September 30th, "), Just("30 "), Just("de septiembre de "), Just("2024"),
                Just("-09-30"), Just("30. März "), Just("Mar. 3, "), Just("1er avril "), Just(" "),
                Just("\n"), Just("é"), Just("words and 12 figures "), Just("x"), Just("7"),
                Just("\u{662}\u{660}"), Just("\u{ff12}"), Just("1 May "),
            ],
            0..40,
        )) {
            let text = pieces.concat();
            prop_assert_eq!(
                find_date(&text).map(|m| m.range()),
                DATE.find(&text).map(|m| m.range()),
                "{:?}", text
            );
        }
    }

    #[test]
    fn dates_in_the_seed_languages() {
        let date = |t: &str| find(t, &[]).date;
        assert_eq!(
            date("On January 28, 2025, NATO met."),
            Some("January 28, 2025".into())
        );
        assert_eq!(
            date("Le 28 mars 2024, le Comité"),
            Some("28 mars 2024".into())
        );
        assert_eq!(date("Am 5. März 2024 traf"), Some("5. März 2024".into()));
        assert_eq!(
            date("El 3 de mayo de 2023 se"),
            Some("3 de mayo de 2023".into())
        );
        assert_eq!(date("Published 2024-03-28."), Some("2024-03-28".into()));
        assert_eq!(
            date("As reported in November 2022, talks went on."),
            None,
            "no day"
        );
    }

    #[test]
    fn a_dateline_wins_over_a_date_the_story_tells_of() {
        let date = |t: &str| find(t, &[]).date;
        assert_eq!(
            date("Law review\n\nPublished: Mar. 3, 2024\n\nThe law passed on March 3, 1998."),
            Some("Mar. 3, 2024".into())
        );
        assert_eq!(
            date(
                "Title\n\nThe law passed on March 3, 1998, after a long debate in the house.\n\n12 April 2024 · 5 min read"
            ),
            Some("12 April 2024".into())
        );
        assert_eq!(
            date("Written by Ana Sandoiu on July 27, 2017\n\nIn 1998, on May 4, 1998, it began."),
            Some("July 27, 2017".into())
        );
        assert_eq!(
            date("The law passed on March 3, 1998, after a long debate."),
            Some("March 3, 1998".into()),
            "with no dateline, the first date of the story"
        );
    }

    #[test]
    fn bylines_in_their_common_forms() {
        let byline = |t: &str| find(t, &[]).byline;
        assert_eq!(
            byline("Written by Jane Doe\n\nBody."),
            Some("Jane Doe".into())
        );
        assert_eq!(
            byline("By Ana de la Cruz and John Smith | Reuters\n\nBody."),
            Some("Ana de la Cruz and John Smith".into())
        );
        assert_eq!(
            byline("Written by Ana Sandoiu on July 27, 2017\n\nBody."),
            Some("Ana Sandoiu".into())
        );
        let menu = "Home\nNews\nSport\nBusiness\nCulture\nOpinion\nVideo\nPodcasts\nTitle\nBy Jane Doe\n\nBody.";
        assert_eq!(byline(menu), Some("Jane Doe".into()), "past a kept menu");
    }

    #[test]
    fn byline_and_outlet_from_the_edges_of_the_text() {
        let info = find(
            "Title\n\nBy Ana Lopez\n\nBody text here.\n\nArab World/Maghrebi",
            &[],
        );
        assert_eq!(info.byline.as_deref(), Some("Ana Lopez"));
        assert_eq!(info.outlet.as_deref(), Some("Arab World/Maghrebi"));
        let info = find(
            "Body.",
            &["/sortie publique. Ce contenu … Mirage.News ne prend pas"],
        );
        assert_eq!(info.outlet.as_deref(), Some("Mirage.News"));
        assert!(find("Body text only.", &[]).is_empty());
        let text = "Ukraine/Russia\n\nBy the end of the day, it was over.\n\nMore.\n\nA\nB\nC\nD\nE\nF\nG\nH";
        let info = find(text, &[]);
        assert_eq!(info.byline, None, "a sentence is no byline");
        assert_eq!(
            info.outlet, None,
            "a subheading at the top is no source line"
        );
        for footer in [
            "Do Not Sell/Share My Personal Information",
            "Union Station, Chicago, 1960. Photo: Bettmann Archive/Getty",
        ] {
            assert_eq!(
                find(&format!("Body.\n\n{footer}"), &[]).outlet,
                None,
                "{footer}"
            );
        }
    }
}
