//! The line classifier: page chrome that no named rule knows (menus, section lists, sign-in
//! links, footers), told from story text the way jusText does it.
//!
//! Each line is first judged on its own (length, share of function words of the article's
//! language, links, a sentence ending), then lines that could go either way are settled by
//! their neighbours: short lines between story paragraphs (headings, table rows, list items)
//! stay, short lines among chrome go. When in doubt a line stays: losing a sentence of the
//! story is worse than keeping a menu entry.

use crate::lang::{self, Lang};

/// What one line looks like, measured on its text after tag remnants were cut out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stats {
    /// Visible characters.
    pub chars: usize,
    /// Words.
    pub words: usize,
    /// Words that are function words of the article's language.
    pub stopwords: usize,
    /// Link tags that were cut out of the line (`< a >`, `a >`).
    pub links: usize,
    /// Ends like a sentence (`.`, `!`, `?`, `:`, a closing quote).
    pub sentence_end: bool,
    /// A row of a pipe table (`| a | b |`, `a | b |`), which belongs with the text around it.
    pub table_row: bool,
    /// Looks like the line crediting the story's source (`Arab World/Maghrebi`, `By Ana
    /// Lopez`, `Source: Reuters`): kept right after the story, where it is usually found.
    pub source_line: bool,
}

impl Stats {
    /// Measures `text` for an article in `lang`.
    pub(crate) fn of(text: &str, lang: Lang, links: usize) -> Stats {
        let mut s = Stats {
            links,
            ..Stats::default()
        };
        for (n, word) in text.split_whitespace().enumerate() {
            s.words += 1;
            s.chars += word.chars().count() + 1;
            // The share of function words in a long paragraph is known from its first words;
            // looking them all up would make the cost grow with the paragraph for nothing.
            if n >= SAMPLE_WORDS {
                continue;
            }
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            // No function word is longer than this; most words are, and skip the lookup.
            let is_stop = if bare.len() > MAX_STOPWORD_BYTES {
                false
            } else if bare.chars().any(char::is_uppercase) {
                lang::is_stopword(&bare.to_lowercase(), lang)
            } else {
                lang::is_stopword(bare, lang)
            };
            if is_stop {
                s.stopwords += 1;
            }
        }
        s.chars = s.chars.saturating_sub(1);
        let t = text.trim();
        s.source_line = s.chars <= 60
            && links == 0
            && (t.split('/').count() == 2 && !t.contains("//")
                || [
                    "By ", "Par ", "Von ", "Por ", "Source:", "Source :", "Fuente:", "Quelle:",
                ]
                .iter()
                .any(|p| t.starts_with(p)));
        s.table_row = t.matches('|').count() >= 2 && (t.starts_with('|') || t.ends_with('|'));
        s.sentence_end = text
            .trim_end()
            .ends_with(['.', '!', '?', ':', '"', '”', '»', '…', ')', ';']);
        s
    }

    fn stop_density(&self) -> f64 {
        self.stopwords as f64 / self.words.clamp(1, SAMPLE_WORDS) as f64
    }
}

/// Words of a line whose function-word share is measured.
const SAMPLE_WORDS: usize = 80;
/// Longest function word in any list, in bytes ("également" would be 10).
const MAX_STOPWORD_BYTES: usize = 10;

/// A line's class on its own, before its neighbours are considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Good,
    NearGood,
    Short,
    Bad,
}

/// Below this many characters a line is too short to judge alone.
const LENGTH_LOW: usize = 70;
/// A line this long ending like a sentence is prose-like even with few function words.
const LENGTH_SENTENCE: usize = 100;
/// Above this many characters, with enough function words, a line is surely prose.
const LENGTH_HIGH: usize = 200;
/// Function-word shares that make a line prose-like and surely prose.
const STOPWORDS_LOW: f64 = 0.20;
const STOPWORDS_HIGH: f64 = 0.26;
/// Longest line taken for a heading.
const MAX_HEADING_LENGTH: usize = 150;
/// Most lines of an island of chrome-looking lines kept inside the story.
const MAX_ISLAND_LINES: usize = 4;
/// Lines of chrome in a row that separate two regions of story-like text.
const REGION_GAP: usize = 20;
/// A separate region with less story text than this share of the main one is chrome.
const MIN_REGION_SHARE: f64 = 0.3;
/// More links per word than this and a line is navigation.
const MAX_LINK_DENSITY: f64 = 0.2;

fn classify(s: &Stats, known_language: bool) -> Class {
    let link_density = s.links as f64 / s.words.max(1) as f64;
    if link_density > MAX_LINK_DENSITY {
        return Class::Bad;
    }
    if s.table_row {
        return Class::NearGood;
    }
    if s.chars < LENGTH_LOW {
        return if s.links > 0 {
            Class::Bad
        } else {
            Class::Short
        };
    }
    let density = s.stop_density();
    if density >= STOPWORDS_HIGH {
        return if s.chars > LENGTH_HIGH {
            Class::Good
        } else {
            Class::NearGood
        };
    }
    if density >= STOPWORDS_LOW {
        return Class::NearGood;
    }
    // Jargon, list items and languages without function-word lists: a line long enough to be
    // a sentence, ending like one, is given the benefit of the doubt.
    if s.sentence_end && (s.chars >= LENGTH_SENTENCE || !known_language && s.chars > LENGTH_LOW) {
        return Class::NearGood;
    }
    Class::Bad
}

/// Which lines to keep. `known_language` says whether the function-word lists fit the text.
pub(crate) fn keep(lines: &[Stats], known_language: bool) -> Vec<bool> {
    let raw: Vec<Class> = lines.iter().map(|s| classify(s, known_language)).collect();
    let classes = &raw;
    // A short line right before story text is its heading (jusText's heading rule): keep it
    // whatever comes before.
    let heading = |i: usize| {
        let line = &lines[i];
        if line.links > 0 || line.sentence_end || line.chars > MAX_HEADING_LENGTH {
            return false;
        }
        matches!(classes.get(i + 1), Some(Class::Good | Class::NearGood))
    };
    let headings: Vec<usize> = (0..classes.len())
        .filter(|&i| matches!(classes[i], Class::Short | Class::Bad) && heading(i))
        .collect();
    let mut classes = raw.clone();
    for i in headings {
        classes[i] = Class::Good;
    }
    // Nearest neighbour of another class than short (and near-good, if `skip_near`), with the
    // document's edges counting as chrome.
    let neighbour = |i: usize, step: isize, skip_near: bool| -> Class {
        let mut j = i as isize + step;
        while j >= 0 && (j as usize) < classes.len() {
            let c = classes[j as usize];
            if c != Class::Short && !(skip_near && c == Class::NearGood) {
                return c;
            }
            j += step;
        }
        Class::Bad
    };
    let mut resolved = classes.clone();
    for (i, class) in classes.iter().enumerate() {
        resolved[i] = match class {
            Class::Short => {
                let (prev, next) = (neighbour(i, -1, true), neighbour(i, 1, true));
                if prev == Class::Good || next == Class::Good {
                    // Between story and chrome, a short line stays when a near-good line is
                    // closer than the chrome on that side, and always beside two story lines.
                    if prev == next
                        || neighbour(i, -1, false) == Class::NearGood
                        || neighbour(i, 1, false) == Class::NearGood
                    {
                        Class::Good
                    } else {
                        Class::Bad
                    }
                } else if neighbour(i, -1, false) == Class::NearGood
                    && neighbour(i, 1, false) == Class::NearGood
                {
                    Class::Good
                } else {
                    Class::Bad
                }
            }
            Class::NearGood => {
                let (prev, next) = (neighbour(i, -1, true), neighbour(i, 1, true));
                if prev == Class::Bad && next == Class::Bad {
                    Class::Bad
                } else {
                    Class::Good
                }
            }
            other => *other,
        };
    }
    // A source line right after story text stays with it.
    for i in 1..resolved.len() {
        if lines[i].source_line && resolved[i - 1] == Class::Good {
            resolved[i] = Class::Good;
        }
    }
    // Small islands of chrome-looking lines inside the story (table rows, a caption) are the
    // story's: a few link-free lines with story text on both sides stay.
    let mut i = 0;
    while i < resolved.len() {
        if resolved[i] == Class::Good {
            i += 1;
            continue;
        }
        let start = i;
        while i < resolved.len() && resolved[i] != Class::Good {
            i += 1;
        }
        let inside = start > 0 && i < resolved.len();
        let link_free = lines[start..i].iter().all(|l| l.links == 0);
        if inside && link_free && i - start <= MAX_ISLAND_LINES {
            resolved[start..i].fill(Class::Good);
        }
    }
    // The story is one region of the page: story text elsewhere, cut off from it by a long
    // run of chrome (comment threads, teasers of other stories) and much smaller than it,
    // goes with the chrome.
    let mut regions: Vec<(usize, usize, usize)> = Vec::new(); // start, end, story chars
    let mut i = 0;
    while i < resolved.len() {
        if resolved[i] != Class::Good {
            i += 1;
            continue;
        }
        let (start, mut end, mut chars, mut run) = (i, i, 0, 0);
        while i < resolved.len() && run < REGION_GAP {
            if resolved[i] == Class::Good {
                chars += lines[i].chars;
                end = i + 1;
                run = 0;
            } else {
                run += 1;
            }
            i += 1;
        }
        regions.push((start, end, chars));
        i = end;
    }
    let main = regions.iter().map(|r| r.2).max().unwrap_or(0);
    for (start, end, chars) in regions {
        if (chars as f64) < MIN_REGION_SHARE * main as f64 {
            resolved[start..end].fill(Class::Bad);
        }
    }
    // A document with no prose at all (a short note, a list) is kept whole rather than
    // emptied: there is nothing to tell story from chrome by.
    if !raw.contains(&Class::Good) {
        return vec![true; lines.len()];
    }
    resolved.into_iter().map(|c| c == Class::Good).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(lines: &[&str]) -> Vec<Stats> {
        lines.iter().map(|l| Stats::of(l, Lang::En, 0)).collect()
    }

    const PROSE: &str = "The security discussions, which took place on June 5th and 6th, included key points like exchanging information about extremists in the Sahel region, disrupting sources of terrorism financing, and monitoring suspicious financial transactions.";

    #[test]
    fn menus_around_a_story_go_and_headings_inside_it_stay() {
        let lines = [
            "Home",
            "News",
            "Sport",
            "The headline of the story",
            PROSE,
            "A heading between paragraphs",
            PROSE,
            "Share",
            "Twitter",
            "Facebook",
        ];
        let keep = keep(&stats(&lines), true);
        assert_eq!(
            keep,
            [
                false, false, false, true, true, true, true, false, false, false
            ]
        );
    }

    #[test]
    fn a_document_without_prose_is_kept_whole() {
        let lines = ["Milk", "Eggs", "Bread"];
        assert_eq!(keep(&stats(&lines), true), [true, true, true]);
    }

    #[test]
    fn table_rows_and_source_lines_stay_with_the_story() {
        let lines = [
            PROSE,
            "| Focus Areas | Strategies |",
            "| Cyber | Drills |",
            PROSE,
            "Arab World/Maghrebi",
            "Leave a Reply",
        ];
        assert_eq!(
            keep(&stats(&lines), true),
            [true, true, true, true, true, false]
        );
    }

    #[test]
    fn a_far_small_region_of_prose_is_chrome() {
        let mut lines = vec![PROSE; 6];
        let menu =
            "Home News Sport Weather Travel Culture Business Technology Science Health Video";
        lines.extend(vec![menu; 25]);
        lines.push(PROSE);
        let keep = keep(&stats(&lines), true);
        assert!(keep[..6].iter().all(|k| *k));
        assert!(
            !keep[29],
            "a lone teaser after a long run of chrome goes: {keep:?}"
        );
    }

    #[test]
    fn link_lines_are_chrome() {
        let mut s = stats(&[PROSE, "Related: a story about something else entirely"]);
        s[1].links = 3;
        assert_eq!(keep(&s, true), [true, false]);
    }
}
