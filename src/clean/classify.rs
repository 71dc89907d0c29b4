//! The line classifier: page chrome that no named rule knows (menus, section lists, sign-in
//! links, footers), told from story text the way jusText does it.
//!
//! Each line is first judged on its own (length, share of function words of the article's
//! language, links, a sentence ending), then lines that could go either way are settled by
//! their neighbours: short lines between story paragraphs (headings, table rows, list items)
//! stay, short lines among chrome go. Beyond jusText, the page's structure is read too: a line
//! opening a section of chrome after the story (related links, comments) ends the story there,
//! and a region of prose far from the main one goes with the chrome. When in doubt a line
//! stays: losing a sentence of the story is worse than keeping a menu entry.

use crate::lang::{self, Lang};

/// What one line looks like, measured on its text after tag remnants were cut out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stats {
    /// Visible characters.
    pub chars: usize,
    /// Words.
    pub words: usize,
    /// Words that are function words of the article's language, among the first
    /// [`SAMPLE_WORDS`] and counted up to [`STOPWORDS_ENOUGH`]; none counted on a line too
    /// short for their share to matter ([`LENGTH_LOW`]), nor on a table row or a menu, which
    /// are judged as such.
    pub stopwords: usize,
    /// Link tags that were cut out of the line (`< a >`, `a >`).
    pub links: usize,
    /// Ends like a sentence (`.`, `!`, `?`, `:`, a closing quote).
    pub sentence_end: bool,
    /// A row of a pipe table (`| a | b |`, `a | b |`), which belongs with the text around it.
    pub table_row: bool,
    /// Short items parted by pipes, without a figure or a sentence among them (`Home | News |
    /// Sport | Contact`, `About us | Privacy policy | Terms`): a menu, not a table row.
    pub menu: bool,
    /// A short line with a figure in it: a dateline (`January 28, 2025`, `10 April 2020`).
    pub dateline: bool,
    /// Looks like the line crediting the story's source (`Arab World/Maghrebi`, `By Ana
    /// Lopez`, `Source: Reuters`): kept right after the story, where it is usually found.
    pub source_line: bool,
    /// Comes after a line that opens a section of chrome (`Related Posts`, `Leave a Reply`,
    /// `Share this:`), with nothing but dropped lines between.
    pub after_section_end: bool,
    /// That section is the readers' comments (`Leave a Reply`, a comment form): prose after
    /// it is theirs, where after a box of related links or a share bar it is the story going
    /// on.
    pub after_comments: bool,
    /// Ends with a colon: introduces what follows (`Leitsätze des Gerichts:`).
    pub introduces: bool,
    /// Spaced plainly (see [`lang::count_words_and_spacing`]): written as it stands when
    /// nothing is cut out of it.
    pub plain: bool,
}

impl Stats {
    /// Measures `text` for an article in `lang`.
    pub(crate) fn of(text: &str, lang: Lang, links: usize) -> Stats {
        let mut s = Stats {
            links,
            ..Stats::default()
        };
        // The share of function words in a long paragraph is known from its first words;
        // looking them all up would make the cost grow with the paragraph for nothing. Nor is
        // it needed on a line with fewer bytes than a line judged by it has characters, nor
        // past the count that makes it high whatever follows.
        let t = super::trim(text);
        s.sentence_end = t.ends_with(['.', '!', '?', ':', '"', '”', '»', '…', ')', ';']);
        // Two pipes or more: a table row, or a menu, which the classifier judges as such
        // whatever their words. (Most lines hold none: a vectorised search tells.)
        let pipes = memchr::memchr_iter(b'|', t.as_bytes()).nth(1).is_some();
        s.table_row = pipes && (t.starts_with('|') || t.ends_with('|'));
        s.menu = pipes && !s.table_row && is_menu(t);
        let sample = if text.len() < LENGTH_LOW || s.table_row || s.menu {
            0
        } else {
            SAMPLE_WORDS
        };
        // A sentence of LENGTH_SENTENCE to LENGTH_HIGH characters is near-good whatever its
        // share ([`classify`]): it has at most as many characters as bytes, so most such lines
        // are known by their bytes not to need the share, and are counted without it (a
        // line that turns out shorter than its bytes is counted again with it).
        let share_moot = |chars: usize| {
            s.sentence_end
                && chars <= LENGTH_HIGH
                && (chars >= LENGTH_SENTENCE || lang == Lang::Unknown && chars > LENGTH_LOW)
        };
        let mut counted = None;
        if share_moot(text.len()) {
            let (count, plain) = lang::count_words_and_spacing(text, lang, 0, STOPWORDS_ENOUGH);
            if share_moot((count.chars + count.words).saturating_sub(1)) {
                counted = Some((count, plain));
            }
        }
        let (count, plain) = counted
            .unwrap_or_else(|| lang::count_words_and_spacing(text, lang, sample, STOPWORDS_ENOUGH));
        s.plain = plain;
        s.words = count.words;
        s.stopwords = count.function_words;
        // The words' characters and one space between each two.
        s.chars = (count.chars + count.words).saturating_sub(1);
        s.dateline = s.chars <= 40 && t.chars().any(|c| c.is_ascii_digit());
        s.source_line = s.chars <= 60 && links == 0 && super::info::credits(t);
        s.introduces = t.ends_with(':');
        s
    }

    /// The function-word share of the sampled words.
    fn stop_density(&self) -> f64 {
        self.stopwords as f64 / self.words.clamp(1, SAMPLE_WORDS) as f64
    }
}

/// Whether `line` is a menu: three or more items parted by `|`, each of one to four words,
/// none a sentence, and no figure anywhere (table rows hold figures; menus rarely do).
fn is_menu(line: &str) -> bool {
    line.len() <= 200
        && line.split('|').nth(2).is_some()
        && !line.bytes().any(|b| b.is_ascii_digit())
        && line.split('|').map(str::trim).all(|item| {
            let words = item.split_whitespace().count();
            (1..=4).contains(&words) && !item.ends_with(['.', '!', '?'])
        })
}

/// Words of a line whose function-word share is measured.
const SAMPLE_WORDS: usize = 80;

/// Function words that make a line's share [`STOPWORDS_HIGH`] or more however many words it
/// has (the share is taken of at most [`SAMPLE_WORDS`]): the classifier's answer is known
/// once this many are found, and the look-up stops there.
const STOPWORDS_ENOUGH: usize = {
    let mut n = 0;
    while (n as f64) < STOPWORDS_HIGH * SAMPLE_WORDS as f64 {
        n += 1;
    }
    n
};

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
/// Most lines a headline, its byline and dateline take before the story.
const MAX_HEADING_LINES: usize = 3;
/// Longest line taken for a heading.
const MAX_HEADING_LENGTH: usize = 150;
/// Most lines of an island of chrome-looking lines kept inside the story.
const MAX_ISLAND_LINES: usize = 4;
/// A run of at most this many short lines at the start or end of a document is judged by
/// the story beside it alone.
const EDGE_LINES: usize = 2;
/// Lines of chrome in a row that separate two regions of story-like text.
const REGION_GAP: usize = 20;
/// A separate region with less story text than this share of the main one is chrome.
const MIN_REGION_SHARE: f64 = 0.2;
/// Share of the page's prose that must come before a line opening a section of chrome
/// (`Related`, `Leave a Reply`) for it to end the story: such a line near the top is a
/// sidebar or a share bar under the headline, not the story's end.
const MIN_STORY_BEFORE_CUT: f64 = 0.3;
/// More links per word than this and a line is navigation.
const MAX_LINK_DENSITY: f64 = 0.2;

/// A line's class on its own. Links make a line chrome-like, but a line that reads as a
/// sentence (it ends like one) is never chrome for its links alone.
fn classify(s: &Stats, known_language: bool) -> Class {
    let link_density = s.links as f64 / s.words.max(1) as f64;
    if link_density > MAX_LINK_DENSITY && !s.sentence_end {
        return Class::Bad;
    }
    if s.table_row {
        return Class::NearGood;
    }
    if s.menu {
        return Class::Bad;
    }
    if s.chars < LENGTH_LOW {
        return if s.links > 0 && !s.sentence_end {
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
    // A document with no prose at all (a short note, a list) is kept whole rather than
    // emptied: there is nothing to tell story from chrome by.
    if !raw.contains(&Class::Good) {
        return vec![true; lines.len()];
    }
    let headings = headings(lines, &raw);
    let near = Neighbours::new(&raw);
    // Seen from afar, a heading is neither story nor chrome (jusText makes it near-good): a
    // paragraph between a headline and a subheading is judged by the story beyond them. Seen
    // from next door it is what it looks like, so a menu above a headline is still a menu.
    let with_headings: Vec<Class> = raw
        .iter()
        .zip(&headings)
        .map(|(c, h)| if h.is_some() { Class::NearGood } else { *c })
        .collect();
    let far = Neighbours::new(&with_headings);
    // Short lines before the first and after the last line that is not short.
    let head_run = raw.iter().position(|c| *c != Class::Short).unwrap_or(0);
    let tail_run = raw
        .iter()
        .rev()
        .position(|c| *c != Class::Short)
        .unwrap_or(0);
    let mut resolved = raw.clone();
    for (i, class) in raw.iter().enumerate() {
        resolved[i] = match class {
            Class::Short => {
                // Within two lines of the document's edge, the edge counts for nothing: a
                // headline and byline before the story, or a last short line after it, stay.
                // Further out, the edge counts as chrome (a menu, a share bar).
                let edge = Some(Class::Bad);
                let prev = far.prev_far[i].or(if head_run <= EDGE_LINES { None } else { edge });
                let next = far.next_far[i].or(if tail_run <= EDGE_LINES { None } else { edge });
                let (prev, next) = (prev.or(next), next.or(prev));
                if lines[i].introduces && i > 0 && raw[i - 1] == Class::Good {
                    Class::Good
                } else if prev == Some(Class::Good) || next == Some(Class::Good) {
                    // Between story and chrome, a short line stays when a near-good line is
                    // closer than the chrome on one side, and always beside story on both.
                    if prev == next
                        || near.prev[i] == Some(Class::NearGood)
                        || near.next[i] == Some(Class::NearGood)
                    {
                        Class::Good
                    } else {
                        Class::Bad
                    }
                } else if near.prev[i] == Some(Class::NearGood)
                    && near.next[i] == Some(Class::NearGood)
                {
                    Class::Good
                } else {
                    Class::Bad
                }
            }
            Class::NearGood => {
                // Edges count as chrome here, as in jusText: prose-like lines after the last
                // story line (comment forms, legal notes) go unless story text is beside them.
                let bad = |c: Option<Class>| c.is_none_or(|c| c == Class::Bad);
                if bad(far.prev_far[i]) && bad(far.next_far[i]) {
                    Class::Bad
                } else {
                    Class::Good
                }
            }
            other => *other,
        };
    }
    keep_headings(&mut resolved, &headings);
    // A source line right after story text stays with it.
    for i in 1..resolved.len() {
        if lines[i].source_line && resolved[i - 1] == Class::Good {
            resolved[i] = Class::Good;
        }
    }
    // Small islands of chrome-looking lines inside the story (table rows, a caption) are the
    // story's: a few lines that are not link lists, with story text on both sides, stay.
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
        let not_links = lines[start..i]
            .iter()
            .all(|l| !l.menu && l.links as f64 <= MAX_LINK_DENSITY * l.words.max(1) as f64);
        if inside && not_links && i - start <= MAX_ISLAND_LINES {
            resolved[start..i].fill(Class::Good);
        }
    }
    cut_sections(&mut resolved, &raw, lines);
    keep_headings(&mut resolved, &headings);
    drop_far_regions(&mut resolved, lines);
    resolved.into_iter().map(|c| c == Class::Good).collect()
}

/// A heading goes with the story text it heads, whatever came before it. Lines are settled
/// from the end so that a headline follows its byline, which follows the story.
fn keep_headings(resolved: &mut [Class], headings: &[Option<usize>]) {
    for i in (0..resolved.len()).rev() {
        if let Some(story) = headings[i]
            && resolved[story] == Class::Good
        {
            resolved[i] = Class::Good;
        }
    }
}

/// For each line that is a heading, the line of story text it heads (jusText's heading rule):
/// a short line without a link or a sentence ending right before a paragraph, or a headline
/// before its byline or dateline and the paragraph after them.
fn headings(lines: &[Stats], raw: &[Class]) -> Vec<Option<usize>> {
    let candidate = |j: usize| {
        lines.get(j).is_some_and(|l| {
            matches!(raw[j], Class::Short | Class::Bad)
                && l.links == 0
                && !l.menu
                && !l.sentence_end
                && l.chars <= MAX_HEADING_LENGTH
        })
    };
    let storyish = |j: usize| matches!(raw.get(j), Some(Class::Good | Class::NearGood));
    let byline = |j: usize| lines.get(j).is_some_and(|l| l.source_line || l.dateline);
    (0..lines.len())
        .map(|i| {
            if !candidate(i) {
                return None;
            }
            // The story starts at most three lines on, after other heading lines; a heading
            // that is not right before it is a headline followed by its byline or dateline,
            // or such a line itself (`Par Barbara Stiegler`, `Philosophe`, the story).
            let story = (i + 1..lines.len().min(i + 1 + MAX_HEADING_LINES))
                .take_while(|j| *j == i + 1 || candidate(*j - 1))
                .find(|j| storyish(*j))?;
            (story == i + 1 || byline(i) || byline(i + 1)).then_some(story)
        })
        .collect()
}

/// For each line, the nearest line's class seen so far (`None`: the document's edge).
type Seen = Vec<Option<Class>>;

/// For each line, the class of the nearest line before and after it that is not short:
/// `prev`/`next` stop at near-good lines, `prev_far`/`next_far` look past them too. `None` is
/// the document's edge. Computed in two passes, so resolving every line stays linear.
struct Neighbours {
    prev: Vec<Option<Class>>,
    next: Vec<Option<Class>>,
    prev_far: Vec<Option<Class>>,
    next_far: Vec<Option<Class>>,
}

impl Neighbours {
    fn new(classes: &[Class]) -> Neighbours {
        let (prev, prev_far) = Self::scan(classes.iter().copied().enumerate(), classes.len());
        let (next, next_far) = Self::scan(classes.iter().copied().enumerate().rev(), classes.len());
        Neighbours {
            prev,
            next,
            prev_far,
            next_far,
        }
    }

    /// One pass in the order of `lines`: for each line, the last line seen before it that is
    /// not short, and the last that is neither short nor near-good.
    fn scan(lines: impl Iterator<Item = (usize, Class)>, n: usize) -> (Seen, Seen) {
        let (mut near, mut far) = (vec![None; n], vec![None; n]);
        let (mut last, mut last_far) = (None, None);
        for (i, class) in lines {
            near[i] = last;
            far[i] = last_far;
            if class != Class::Short {
                last = Some(class);
                if class != Class::NearGood {
                    last_far = Some(class);
                }
            }
        }
        (near, far)
    }
}

/// A line that opens a section of chrome after the story has begun (related links, comments,
/// a share bar) ends the story there: what follows is chrome up to the next line of prose
/// (raw Good; after related links or a share bar, near-good too: such a box often sits inside
/// the story), except a heading right before that prose.
fn cut_sections(resolved: &mut [Class], raw: &[Class], lines: &[Stats]) {
    let prose = |i: usize| {
        if raw[i] == Class::Good {
            lines[i].chars
        } else {
            0
        }
    };
    let total: usize = (0..lines.len()).map(prose).sum();
    let mut before = 0;
    let mut i = 0;
    while i < lines.len() {
        let story_begun = before > 0 && before as f64 >= MIN_STORY_BEFORE_CUT * total as f64;
        // After comments only full prose (which readers rarely write) is the story's again;
        // after other chrome, two prose-like sentences in a row are too (teasers of other
        // stories alternate a title and a summary).
        let comments = lines[i].after_comments;
        let prose_like = |j: usize| {
            matches!(raw.get(j), Some(Class::Good | Class::NearGood)) && lines[j].sentence_end
        };
        let resumes =
            |j: usize| raw[j] == Class::Good || !comments && prose_like(j) && prose_like(j + 1);
        if lines[i].after_section_end && story_begun && !resumes(i) {
            let end = (i..lines.len())
                .find(|j| resumes(*j))
                .unwrap_or(lines.len());
            resolved[i..end].fill(Class::Bad);
            i = end;
        } else {
            before += prose(i);
            i += 1;
        }
    }
}

/// The story is one region of the page: story text elsewhere, cut off from it by a long run
/// of chrome (comment threads, teasers of other stories) and much smaller than it, goes with
/// the chrome.
fn drop_far_regions(resolved: &mut [Class], lines: &[Stats]) {
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
    fn enough_function_words_make_any_sampled_line_prose_like() {
        for words in 1..=SAMPLE_WORDS {
            let s = Stats {
                words,
                stopwords: STOPWORDS_ENOUGH,
                ..Stats::default()
            };
            assert!(s.stop_density() >= STOPWORDS_HIGH, "{words} words");
        }
        let one_fewer = Stats {
            words: SAMPLE_WORDS,
            stopwords: STOPWORDS_ENOUGH - 1,
            ..Stats::default()
        };
        assert!(one_fewer.stop_density() < STOPWORDS_HIGH);
    }

    #[test]
    fn measuring_less_changes_no_line_class() {
        // Every line of the seeds, and lines about the lengths where the share of function
        // words starts and stops mattering, measured as the cleaner does (no look-up on short
        // lines, on sentences whose class the share cannot change, past enough function words)
        // and with every sampled word looked up, for each language.
        let mut lines: Vec<String> = crate::demo::ARTICLES
            .iter()
            .flat_map(|(_, raw)| {
                String::from_utf8_lossy(raw)
                    .lines()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        // Every length about the bounds, to the character, with bytes as many as characters
        // and more.
        for chars in 60..=215 {
            for filler in ["ab cd of ", "é the "] {
                let mut line: String = filler.repeat(60).chars().take(chars - 1).collect();
                if line.ends_with(' ') {
                    line.pop();
                    line.push('x');
                }
                line.push('.');
                lines.push(line);
            }
        }
        for words in 10..45 {
            for (word, end) in [("the", "."), ("data", "."), ("été", "!"), ("x\u{a0}y", "?")] {
                for spaces in [" ", "  "] {
                    lines.push(format!("{}{end}", vec![word; words].join(spaces)));
                }
            }
        }
        for line in &lines {
            for lang in [Lang::En, Lang::Fr, Lang::De, Lang::Es, Lang::Unknown] {
                let measured = Stats::of(line, lang, 0);
                let full = Stats {
                    stopwords: crate::lang::count_words(line, lang, SAMPLE_WORDS).function_words,
                    ..measured
                };
                let known = lang != Lang::Unknown;
                assert_eq!(
                    classify(&measured, known),
                    classify(&full, known),
                    "{line:?} in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn menus_parted_by_pipes_go_and_pipe_tables_stay() {
        let lines = [
            "Home | News | Sport | Contact",
            PROSE,
            "| Focus Areas | Strategies | Budget |",
            "| Cyber | Drills | 12 |",
            PROSE,
            "Share | Tweet | Email",
            PROSE,
            "About us | Privacy policy | Terms of use",
        ];
        let s = stats(&lines);
        assert!(s[0].menu && s[5].menu && s[7].menu);
        assert!(!s[2].menu && !s[3].menu, "table rows");
        assert!(!is_menu("Paris | Berlin | Rome, 12 March"), "a figure");
        assert!(
            !is_menu("He said no. | She said yes. | They left."),
            "sentences"
        );
        assert!(!is_menu("Left | Right"), "two items");
        assert_eq!(
            keep(&s, true),
            [false, true, true, true, true, false, true, false]
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
            "Share",
            "Tweet",
            "Email",
        ];
        let keep = keep(&stats(&lines), true);
        assert_eq!(keep, [true, true, true, true, true, false, false, false]);
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
    fn short_lines_at_the_edges_of_the_story_stay() {
        let lines = [
            "Minister quits",
            "By Ana Lopez",
            PROSE,
            "Residents were told to keep windows closed.",
        ];
        assert_eq!(keep(&stats(&lines), true), [true, true, true, true]);
    }

    #[test]
    fn a_sentence_with_a_link_is_story() {
        let mut s = stats(&[
            PROSE,
            "She told Reuters she would fight the charges.",
            PROSE,
        ]);
        s[1].links = 1;
        assert_eq!(keep(&s, true), [true, true, true]);
    }

    #[test]
    fn many_short_lines_stay_linear() {
        let mut lines = vec![PROSE];
        lines.extend(std::iter::repeat_n("item", 50_000));
        lines.push(PROSE);
        assert_eq!(keep(&stats(&lines), true).len(), 50_002);
    }

    #[test]
    fn a_section_of_chrome_after_the_story_goes_until_the_story_resumes() {
        let mut s = stats(&[
            PROSE,
            PROSE,
            "Son of Bruins player suspended from NHL for betting returns to thank fans",
            "Howie Carr: Massachusetts overrun by rain",
            "Red Sox pass on Qualifying Offers but make several…",
            "Subheading of the story",
            PROSE,
        ]);
        // A `Related` heading, dropped by its rule, stood before line 2.
        s[2].after_section_end = true;
        // The heading right before the story resumes is the story's.
        assert_eq!(
            keep(&s, true),
            [true, true, false, false, false, true, true]
        );
    }

    #[test]
    fn the_story_goes_on_after_a_box_of_related_links_but_not_after_comments() {
        const SHORTER: &str = "The inquiry is expected to begin in the spring and to report to the parliament within six months.";
        const QUOTE: &str = "\"I have done nothing wrong, and I will prove it to all of them,\" the minister told the reporters.";
        let lines = [
            PROSE,
            PROSE,
            PROSE,
            "Minister under pressure over contract",
            "Parliament to debate defence budget",
            QUOTE,
            SHORTER,
        ];
        let mut s = stats(&lines);
        assert_eq!(classify(&s[5], true), Class::NearGood);
        assert_eq!(classify(&s[6], true), Class::NearGood);
        // `Related Posts:`, dropped by its rule, stood before line 3. (The teaser right
        // before the story goes on reads as its subheading, and stays.)
        s[3].after_section_end = true;
        assert_eq!(keep(&s, true), [true, true, true, false, true, true, true]);
        // After `Leave a Reply`, prose-like lines are readers' comments.
        s[3].after_comments = true;
        assert_eq!(
            keep(&s, true),
            [true, true, true, false, false, false, false]
        );
    }

    #[test]
    fn a_section_opener_near_the_top_does_not_end_the_story() {
        let mut s = stats(&[
            PROSE,
            "Residents were told to keep windows closed",
            PROSE,
            PROSE,
            PROSE,
            PROSE,
        ]);
        s[1].after_section_end = true;
        assert_eq!(keep(&s, true), [true; 6]);
    }

    #[test]
    fn a_section_opener_right_before_prose_cuts_nothing() {
        let mut s = stats(&[PROSE, PROSE, PROSE, "Short line"]);
        s[2].after_section_end = true;
        s[3].after_section_end = true;
        let keep = keep(&s, true);
        assert_eq!(&keep[..3], [true, true, true]);
    }

    #[test]
    fn a_headline_its_byline_and_the_author_role_stay_before_the_story() {
        let lines = [
            "Opinion",
            "Société",
            "Menu",
            "Pour le néolibéralisme, la retraite est un archaïsme",
            "Par Barbara Stiegler",
            "Philosophe",
            PROSE,
            PROSE,
        ];
        assert_eq!(
            keep(&stats(&lines), true),
            [false, false, false, true, true, true, true, true]
        );
    }

    #[test]
    fn a_line_introducing_what_follows_stays_with_the_paragraph_before_it() {
        let mut lines = vec![PROSE, PROSE, "Sources used for this article:"];
        lines.extend(["https://example.org/a", "https://example.org/b", "Home"]);
        let keep = keep(&stats(&lines), true);
        assert!(keep[2], "{keep:?}");
    }

    #[test]
    fn link_lines_are_chrome() {
        let mut s = stats(&[PROSE, "Related: a story about something else entirely"]);
        s[1].links = 3;
        assert_eq!(keep(&s, true), [true, false]);
    }
}
