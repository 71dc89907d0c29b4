//! What the cleaner removes, as data plus small predicates.
//!
//! Each rule is named so a reviewer (and `clean --json` consumers later) can see why a span of
//! the source is missing from the cleaned text. Rules only ever remove whole artifacts; they
//! never rewrite a word, because reviewers quote the source as published.

use regex::Regex;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{Anchored, Input, MatchKind, Span, meta};
use std::ops::Range;
use std::sync::LazyLock;

use crate::lanes::Lanes;

/// Why a span of the raw text was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Leftover HTML tags, whole (`< strong >`, `< / li >`, `< td />`) or half (`td >`).
    TagRemnant,
    /// CMS shortcodes and form embeds such as `[mc4wp_form id="206"]`.
    Shortcode,
    /// Comment forms and newsletter prompts that every page of a site repeats.
    Boilerplate,
    /// Page-number strips like `1 - 2 - 3 - 4 …`.
    Pagination,
    /// Lines of dots, dashes or stars that separated page regions.
    Divider,
    /// Control characters (escape sequences' ESC, bells, NULs): never part of a story.
    Control,
    /// Copyright and rights footers (`© 2020 … All Rights Reserved`).
    Copyright,
    /// Inline cross-links to other stories (`READ: …`, `Lire aussi …`).
    CrossLink,
    /// Headings of link lists and post navigation (`Related Posts`, `Next article`).
    RelatedLinks,
    /// Cookie consent banners.
    CookieBanner,
    /// Advertisement labels.
    Advertisement,
    /// Share bars (`Share this`, `Twitter`, `WhatsApp`).
    ShareBar,
    /// Syndication disclaimers (the French `/sortie publique. Ce contenu…` of Mirage.News).
    Syndication,
    /// A stray author blurb (`A cultural critic with a keen eye for social trends.`).
    AuthorBlurb,
    /// Script and style elements with the code between their tags (`<script>…</script>`):
    /// what the page ran and how it looked, never what it said.
    Script,
    /// HTML comments (`<!-- … -->`): notes to the page's authors.
    MarkupComment,
    /// Lines the classifier judged page chrome: short, link-heavy or without running prose,
    /// among other such lines.
    LowContent,
}

impl Rule {
    /// Short stable name, shown in the status bar and in machine-readable output.
    pub fn name(self) -> &'static str {
        match self {
            Rule::TagRemnant => "tag-remnant",
            Rule::Shortcode => "shortcode",
            Rule::Boilerplate => "boilerplate",
            Rule::Pagination => "pagination",
            Rule::Divider => "divider",
            Rule::Control => "control-character",
            Rule::LowContent => "low-content",
            Rule::Script => "script",
            Rule::MarkupComment => "html-comment",
            Rule::Copyright => "copyright",
            Rule::CrossLink => "cross-link",
            Rule::RelatedLinks => "related-links",
            Rule::CookieBanner => "cookie-banner",
            Rule::Advertisement => "advertisement",
            Rule::ShareBar => "share-bar",
            Rule::Syndication => "syndication",
            Rule::AuthorBlurb => "author-blurb",
        }
    }
}

/// HTML element names whose remnants appear in scraped text. Block elements separate words, so
/// removing one between two words leaves a space; inline ones do not.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "amp",
    "area",
    "article",
    "aside",
    "audio",
    "blockquote",
    "body",
    "br",
    "canvas",
    "caption",
    "center",
    "col",
    "colgroup",
    "datalist",
    "dd",
    "defs",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "menu",
    "meta",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "path",
    "picture",
    "pre",
    "progress",
    "script",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "svg",
    "symbol",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "video",
];
#[rustfmt::skip]
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "button", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "img", "input", "ins", "kbd", "label", "mark", "q", "rp", "rt", "ruby", "s",
    "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
];
/// Tag names that are also English or French words. Their closing half (`a >`, `p >`) is a
/// remnant only where a tag's would be and a comparison's would not: at the end of a line or
/// right against the next word (`a >rubocop`), never mid-sentence (`p > 0.05`, `Mark > Paul`).
/// Every other name's closing half is a remnant anywhere (`td >`, `strong >`).
#[rustfmt::skip]
const WORD_TAGS: &[&str] = &[
    "a", "address", "amp", "area", "article", "aside", "audio", "b", "big", "body", "button", "canvas",
    "caption", "center", "cite", "code", "col", "data", "del", "details", "dialog", "em", "embed",
    "figure", "font", "footer", "form", "head", "header", "i", "input", "ins", "label", "legend",
    "link", "main", "map", "mark", "menu", "meta", "meter", "nav", "object", "option", "output", "p",
    "param", "path", "picture", "pre", "progress", "q", "ruby", "s", "script", "section",
    "select", "small", "source", "strike", "style", "sub", "summary", "symbol", "table", "template", "time", "title",
    "track", "u", "var", "video",
];
/// `names` as one regex alternation (`thead|th|…`), longest first: the regex crate takes the
/// first alternative that matches, so a short name must not win over a longer one it starts.
fn alternation<'a>(names: impl Iterator<Item = &'a &'a str>) -> String {
    let mut names: Vec<&str> = names.copied().collect();
    // Longest first so `th` does not win over `thead`.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.join("|")
}

/// The pattern of a tag remnant: a whole tag in any spacing and case (`<p class="x">`,
/// `< / li >`, `< td />`), whose attributes, if any, look like attributes (`name="value"`), so
/// `< a third … >` in a sentence is not a tag; or the closing half of one left behind when the
/// `<` was stripped (`td >`), in lower case, which [`word_tag_remnant`] then judges for names
/// that are words. Every match holds a `>`.
fn tag_pattern() -> String {
    let all = alternation(BLOCK_TAGS.iter().chain(INLINE_TAGS));
    let attr = r#"\s+[a-zA-Z_:][-\w:.]*\s*=\s*(?:"[^"\n]*"|'[^'\n]*'|[^\s<>"']+)"#;
    // ASCII word boundaries (tag names are ASCII): Unicode ones would keep the regex engine
    // off its fast path on long lines.
    format!(
        r#"(?:(?i:<\s*/?\s*(?:{all})(?-u:\b)(?:{attr}){{0,20}}\s*/?\s*>))|(?:/\s*)?(?-u:\b)(?:{all})\s*/?\s*>"#
    )
}

/// [`tag_pattern`], tried only where a match may start (see [`find_tags`]).
static TAG: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Regex::new(&tag_pattern()).unwrap_or_else(|e| panic!("tag pattern is a constant: {e}"))
});

/// The matches of [`tag_pattern`] in `line`, in order: the same as searching the whole line
/// with it, but without running the pattern over text that holds no `>` (which every match
/// holds).
///
/// Take the first `>` at or after where the search stands. A match starting before it holds
/// it (the match holds a `>`, and none comes earlier), so it starts at a `<` (a whole tag) or
/// at the name, or the `/` before it, that ends right before that `>` (a half tag): the
/// pattern is tried at just those places, in order, and the first to match is the leftmost
/// match. If none does, no match starts before that `>`, and the search goes on after it.
fn find_tags(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(gt) = memchr::memchr(b'>', &bytes[at..]).map(|p| at + p) {
        let try_at = |start: usize| {
            let input = Input::new(line)
                .span(start..line.len())
                .anchored(Anchored::Yes);
            TAG.search(&input).map(|m| m.range())
        };
        let half = half_tag_starts(line, at, gt)
            .into_iter()
            .flatten()
            .find_map(try_at);
        let before = half.as_ref().map_or(gt, |h| h.start);
        let whole = memchr::memchr_iter(b'<', &bytes[at..before])
            .map(|p| at + p)
            .find_map(try_at);
        match whole.or(half) {
            Some(m) => {
                at = m.end;
                found.push(m);
            }
            None => at = gt + 1,
        }
    }
    found
}

/// Where a half tag ending with the `>` at `gt` may start, not before `from`: at the `/`
/// before its name (`/ td >`), or at its name (`td >`): the run of ASCII letters and digits
/// before the spaces and `/` that precede the `>`.
fn half_tag_starts(line: &str, from: usize, gt: usize) -> [Option<usize>; 2] {
    let bytes = line.as_bytes();
    let space_before = |end: usize| {
        let trimmed = line[from..end].trim_end_matches(char::is_whitespace);
        from + trimmed.len()
    };
    let mut name_end = space_before(gt);
    if name_end > from && bytes[name_end - 1] == b'/' {
        name_end = space_before(name_end - 1);
    }
    let name = bytes[from..name_end]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    if name == 0 {
        return [None, None];
    }
    let name_start = name_end - name;
    let slash = Some(space_before(name_start))
        .filter(|s| *s > from && bytes[s - 1] == b'/')
        .map(|s| s - 1);
    [slash, Some(name_start)]
}

/// Matches WordPress-style shortcodes: names with an underscore (`[mc4wp_form …]`) or with
/// attributes (`[caption id="1"]`), never footnote marks like `[1]` or bracketed words.
static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\[/?[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:\s[^\[\]\n]{0,300})?\]|\[/?[a-z][a-z0-9_-]*\s+[a-z_-]+\s*=[^\[\]\n]{0,300}\]"#,
    )
    .unwrap_or_else(|e| panic!("shortcode pattern is a constant: {e}"))
});

/// Script and style elements, their code included, and HTML comments in `text`, which may
/// run over many lines (the line-by-line rules see only their tags): sorted, apart, each with
/// its rule. The tags may be spaced and in any case (`< SCRIPT type="x" >`, `< / style >`). An
/// element without its closing tag (none follows, or another of its name opens first), or a
/// comment without its `-->`, is not a block: what follows it might be the story, so only the
/// opening tag goes (as a [`Rule::TagRemnant`]).
pub(crate) fn code_blocks(text: &str) -> Vec<(Range<usize>, Rule)> {
    /// How far an opening tag's attributes may run before its `>`.
    const MAX_OPENING_TAG: usize = 4096;
    let bytes = text.as_bytes();
    let mut blocks = Vec::new();
    // Once a search for a comment's end or an element's closing tag found none, none lies
    // further on either: later openings are not searched again (which would make a page of
    // unclosed `<script>`s quadratic).
    let (mut no_comment_end, mut no_closing) = (false, [false; 2]);
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|p| at + p) {
        at = lt + 1;
        let inner = text[lt + 1..].trim_start_matches([' ', '\t']);
        let inner_at = text.len() - inner.len();
        if let Some(body) = inner.strip_prefix("!--") {
            if no_comment_end {
                continue;
            }
            match memchr::memmem::find(body.as_bytes(), b"-->") {
                Some(end) => {
                    let end = inner_at + 3 + end + 3;
                    blocks.push((lt..end, Rule::MarkupComment));
                    at = end;
                }
                None => no_comment_end = true,
            }
            continue;
        }
        let name_len = inner.bytes().take_while(u8::is_ascii_alphabetic).count();
        let name = &inner[..name_len];
        let Some(kind) = ["script", "style"]
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))
        else {
            continue;
        };
        let after_name = inner_at + name_len;
        if !text[after_name..].starts_with([' ', '\t', '\n', '\r', '>', '/']) {
            continue;
        }
        let window = &bytes[after_name..bytes.len().min(after_name + MAX_OPENING_TAG)];
        let Some(gt) = memchr::memchr(b'>', window).map(|p| after_name + p) else {
            continue;
        };
        let open_end = gt + 1;
        let end = if text[..gt].trim_end().ends_with('/') {
            // `<script src="…" />`: nothing between tags.
            Some(open_end)
        } else if no_closing[kind] {
            None
        } else {
            match closing_tag(text, open_end, name) {
                Closing::At(end) => Some(end),
                Closing::Interrupted => None,
                Closing::Never => {
                    no_closing[kind] = true;
                    None
                }
            }
        };
        if let Some(end) = end {
            blocks.push((lt..end, Rule::Script));
            at = end;
        }
    }
    blocks
}

/// Where the element opened before `from` ends: the end of its closing tag (`</script>`,
/// `< / SCRIPT >`), or none because another element of its name opens first (such elements
/// do not nest: this one lost its closing tag, and what follows it may be the story) or
/// because no closing tag follows at all.
enum Closing {
    At(usize),
    Interrupted,
    Never,
}

/// [`Closing`] for the element `name` opened before `from` in `text`.
fn closing_tag(text: &str, from: usize, name: &str) -> Closing {
    let bytes = text.as_bytes();
    let named = |rest: &str| {
        rest.as_bytes()
            .get(..name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
    };
    let mut at = from;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|p| at + p) {
        at = lt + 1;
        let rest = text[lt + 1..].trim_start_matches([' ', '\t']);
        let Some(rest) = rest.strip_prefix('/') else {
            // (The name is ASCII, so its end is a character boundary.)
            if named(rest) && !rest[name.len()..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                return Closing::Interrupted;
            }
            continue;
        };
        let rest = rest.trim_start_matches([' ', '\t']);
        if !named(rest) {
            continue;
        }
        let rest = rest[name.len()..].trim_start_matches([' ', '\t']);
        if rest.starts_with('>') {
            return Closing::At(text.len() - rest.len() + 1);
        }
    }
    Closing::Never
}

/// One removal inside a line, in the line's source coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Removal {
    /// Bytes of the line removed.
    pub range: Range<usize>,
    /// The rule that removed them.
    pub rule: Rule,
    /// Whether the removed text separated words (a block tag), so a space must stand in for it
    /// when it sat between two words.
    pub separates: bool,
    /// Whether it was a link tag, which the line classifier counts.
    pub link: bool,
    /// Whether it was a whole tag opening a list item (`< li >`): in a list item's line, the
    /// text after it is the next item.
    pub opens_item: bool,
}

/// Whether a half tag (`a >`, `td >`) really is a remnant. Names that are words need the
/// shape scraping leaves: a space before the `>`, and after it (spaces aside) anything but
/// what a comparison goes on with: a sign, a figure (unless the name of three letters or more
/// opens the line or follows a label), or a one-letter word after a space and a one-letter
/// name. So `a > Link zum Artikel`, `post a > I figured`, `licencja a >.`, `a >&#8220;`,
/// `a >rubocop`, `source > the agency` and `time > 04.05.2021` lose their half tags, and `p>0.05`, `a>b`, `a > b`, `p > 0.05`, `a >= b` and
/// `il a >3 ans` keep their words. (A comparison of longer words, `em > en`, would lose its
/// left side: in 273 scraped pages every such shape was a remnant.)
fn word_tag_remnant(matched: &str, before: &str, after: &str) -> bool {
    let name = matched
        .trim_start_matches(|c: char| c == '/' || c.is_whitespace())
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    if !is_tag_in(name, &WORD_TAG_NAMES) {
        return true;
    }
    let spaced = matched[..matched.len() - 1].ends_with(char::is_whitespace);
    // Invisible characters (`\u{200b}`, `\u{2063}`) count as the spaces they stand beside.
    let invisible = |c: char| {
        c.is_whitespace()
            || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
    };
    let next = after.trim_start_matches(invisible);
    let next_ok = match next.chars().next() {
        None => true,
        // `time > 04.05.2021` after a label or at a line's start; not `The strike > 3 days`.
        Some(c) if c.is_ascii_digit() => {
            name.len() >= 3 && !before.trim_end().ends_with(|c: char| c.is_alphanumeric())
        }
        // `a > b`, `p > q`: a one-letter name before a one-letter word, after a space, is a
        // variable compared; before a longer word (`people a > is going down`) or a capital
        // (`post a > I figured`), it is not.
        Some(c) if c.is_lowercase() && name.len() == 1 && next.len() < after.len() => next
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .nth(1)
            .is_some(),
        // What a comparison goes on with: `a >= b`, `a > -1`, `a >> b`.
        Some(c) => !matches!(c, '=' | '-' | '+' | '<' | '>' | '−'),
    };
    spaced && next_ok
}

/// Whether the tag name `name`, in any case, is one of `names` (lower-case): compared in
/// place, since a lower-cased copy of every tag's name would cost an allocation each, and only
/// with the names of its length (the lists are long, and every tag found is looked up).
fn is_tag_in(name: &str, names: &TagNames) -> bool {
    names
        .by_length
        .get(name.len())
        .is_some_and(|same| same.iter().any(|n| n.eq_ignore_ascii_case(name)))
}

/// A list of tag names by their length, for [`is_tag_in`].
struct TagNames {
    by_length: Vec<Vec<&'static str>>,
}

impl TagNames {
    fn new(names: &[&'static str]) -> TagNames {
        let mut by_length: Vec<Vec<&'static str>> = Vec::new();
        for name in names {
            if by_length.len() <= name.len() {
                by_length.resize(name.len() + 1, Vec::new());
            }
            by_length[name.len()].push(name);
        }
        TagNames { by_length }
    }
}

/// [`BLOCK_TAGS`] by length.
static BLOCK_TAG_NAMES: LazyLock<TagNames> = LazyLock::new(|| TagNames::new(BLOCK_TAGS));

/// [`WORD_TAGS`] by length.
static WORD_TAG_NAMES: LazyLock<TagNames> = LazyLock::new(|| TagNames::new(WORD_TAGS));

/// [`inline_removals_into`] a list of its own, for tests.
#[cfg(test)]
pub(crate) fn inline_removals(line: &str) -> Vec<Removal> {
    let mut out = Vec::new();
    inline_removals_into(line, &mut out);
    out
}

/// Tag remnants and shortcodes inside `line`, sorted and non-overlapping, offsets relative to
/// `line`, appended to `all`: the cleaner keeps every line's in one list rather than a list
/// a line.
pub(crate) fn inline_removals_into(line: &str, all: &mut Vec<Removal>) -> Marks {
    let base = all.len();
    let marks = Marks::of(line.as_bytes());
    if marks.angle {
        for m in find_tags(line) {
            // A half tag's match may run on over the spaces that end the line; they stay.
            let text = line[m.clone()].trim_end();
            let range = m.start..m.start + text.len();
            if !text.starts_with('<')
                && !word_tag_remnant(text, &line[..range.start], &line[range.end..])
            {
                continue;
            }
            let name = text
                .trim_start_matches(|c: char| c == '<' || c == '/' || c.is_whitespace())
                .split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("");
            all.push(Removal {
                range,
                rule: Rule::TagRemnant,
                separates: is_tag_in(name, &BLOCK_TAG_NAMES),
                // Each link once: its opening tag, or the half left of it; not `</a>`.
                link: name.eq_ignore_ascii_case("a")
                    && !text.trim_start_matches(['<', ' ']).starts_with('/'),
                opens_item: name.eq_ignore_ascii_case("li")
                    && text.starts_with('<')
                    && !text[1..].trim_start().starts_with('/'),
            });
        }
    }
    if marks.bracket {
        let tags = all.len();
        for m in SHORTCODE.find_iter(line) {
            // Tags are sorted: only the last one starting before this match can overlap it.
            let before = base + all[base..tags].partition_point(|r| r.range.start < m.end());
            if before > base && all[before - 1].range.end > m.start() {
                continue;
            }
            all.push(Removal {
                range: m.range(),
                rule: Rule::Shortcode,
                separates: true,
                link: false,
                opens_item: false,
            });
        }
        all[base..].sort_by_key(|r| r.range.start);
    }
    if marks.control && line.chars().any(is_control) {
        let mut line_removals = all.split_off(base);
        add_controls(line, &mut line_removals);
        all.append(&mut line_removals);
    }
    marks
}

/// What a line holds that the cleaner must look at, learnt in one pass over its bytes rather
/// than one search for each: most lines hold none of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marks {
    /// A `>`, which every tag remnant ends with.
    pub angle: bool,
    /// A `[`, which every shortcode opens with.
    pub bracket: bool,
    /// An `&`, which every character reference opens with.
    pub ampersand: bool,
    /// Possibly a control character ([`may_hold_control`]).
    pub control: bool,
}

impl Marks {
    /// The marks of `line`, sixteen bytes at a time.
    fn of(line: &[u8]) -> Marks {
        let whole = line.len() - line.len() % 16;
        let (blocks, rest) = line.split_at(whole);
        let none = Lanes::none();
        let (mut angle, mut bracket, mut ampersand, mut odd) = (none, none, none, none);
        for x in blocks.chunks_exact(16).filter_map(Lanes::load) {
            angle = angle.or(x.eq(b'>'));
            bracket = bracket.or(x.eq(b'['));
            ampersand = ampersand.or(x.eq(b'&'));
            // A byte below the space but a tab, DEL, or 0xC2, which opens C1 controls.
            let low = x.at_most(0x1f).and_not(x.eq(b'\t'));
            odd = odd.or(low).or(x.eq(0x7f)).or(x.eq(0xc2));
        }
        // The last few bytes one by one, in one pass: a search call for each mark would cost
        // more than reading them.
        let has = |b: u8| rest.iter().fold(false, |hit, &r| hit | (r == b));
        Marks {
            angle: angle.any() || has(b'>'),
            bracket: bracket.any() || has(b'['),
            ampersand: ampersand.any() || has(b'&'),
            // A byte that may begin a control character, in the blocks or in the rest (a C1
            // control's two bytes may straddle them): the exact test then.
            control: (odd.any() || rest.iter().any(|&b| b < b' ' || b == 0x7f || b == 0xc2))
                && may_hold_control(line),
        }
    }
}

/// Control characters other than whitespace.
fn is_control(c: char) -> bool {
    c.is_control() && !c.is_whitespace()
}

/// False when `line` surely holds no control character: it has no byte below the space but
/// a tab, no DEL, and no C1 control (0xC2 followed by 0x80 to 0x9F; `«`, `©` or a no-break
/// space, 0xC2 followed by more, are not). One quick pass over the bytes, where decoding
/// every character would be slow; it looks at every byte rather than stopping at the first
/// hit, so the compiler can check many bytes at once.
fn may_hold_control(bytes: &[u8]) -> bool {
    let c0 = |b: u8| (b < b' ' && b != b'\t') | (b == 0x7f);
    // The last byte cannot open a C1 control: it would be cut short.
    bytes
        .iter()
        .zip(bytes.get(1..).unwrap_or_default())
        .fold(false, |hit, (&b, &next)| {
            hit | c0(b) | ((b == 0xc2) & (0x80..0xa0).contains(&next))
        })
        | bytes.last().is_some_and(|b| c0(*b))
}

/// Adds each run of control characters outside the removals already found.
fn add_controls(line: &str, out: &mut Vec<Removal>) {
    let found = out.len();
    let mut run: Option<Range<usize>> = None;
    let mut runs = Vec::new();
    let mut skip_to = 0;
    for (i, c) in line.char_indices() {
        if i < skip_to {
            continue;
        }
        if is_control(c) {
            // An escape sequence goes whole: `ESC [ 1 ; 31 m`, `ESC ] 2 ; title BEL`.
            let end = if c == '\u{1b}' {
                escape_sequence_end(line, i)
            } else {
                i + c.len_utf8()
            };
            run.get_or_insert(i..i).end = end;
            skip_to = end;
        } else if let Some(r) = run.take() {
            runs.push(r);
        }
    }
    runs.extend(run);
    for r in runs {
        let before = out[..found].partition_point(|x| x.range.start < r.end);
        if before > 0 && out[before - 1].range.end > r.start {
            continue;
        }
        out.push(Removal {
            range: r,
            rule: Rule::Control,
            separates: false,
            link: false,
            opens_item: false,
        });
    }
    out.sort_by_key(|r| r.range.start);
}

/// Where the escape sequence starting with the ESC at `at` ends: after a CSI's final byte
/// (`ESC [ … m`), after an OSC's terminator (`ESC ] … BEL` or `ESC \`), or after the byte
/// following a lone ESC.
fn escape_sequence_end(line: &str, at: usize) -> usize {
    let bytes = line.as_bytes();
    let after = at + 1;
    match bytes.get(after) {
        Some(b'[') => bytes[after + 1..]
            .iter()
            .take(64)
            .position(|b| (0x40..=0x7e).contains(b))
            .map_or(after + 1, |p| after + 1 + p + 1),
        Some(b']') => {
            let body = &bytes[after + 1..];
            let bel = body
                .iter()
                .take(256)
                .position(|&b| b == 0x07)
                .map(|p| p + 1);
            let st = body
                .windows(2)
                .take(256)
                .position(|w| w == b"\x1b\\")
                .map(|p| p + 2);
            match (bel, st) {
                (Some(a), Some(b)) => after + 1 + a.min(b),
                (Some(a), None) | (None, Some(a)) => after + 1 + a,
                (None, None) => after + 1,
            }
        }
        Some(b) if (0x40..=0x5f).contains(b) => after + 1,
        _ => after,
    }
}

/// Whole-line rules: the rule that drops `line` entirely, if any. `line` is untrimmed.
pub(crate) fn line_rule(line: &str) -> Option<Rule> {
    let trimmed = super::trim(line);
    if trimmed.is_empty() {
        return None;
    }
    if is_divider(trimmed) {
        return Some(Rule::Divider);
    }
    if is_pagination(trimmed) {
        return Some(Rule::Pagination);
    }
    // Every named phrase but a syndication disclaimer is short; story paragraphs are longer,
    // and skipping them here keeps the cleaner from lower-casing every paragraph.
    if trimmed.len() > 200 {
        // `ookie`: Cookie, cookie: banners can be long. One vectorised search for the three
        // (Teddy, on three rare openings) reads the line once; what it finds is confirmed.
        const HINTS: [&str; 3] = ["fourni par", "originating organization", "ookie"];
        static SEARCH: LazyLock<Option<Prefilter>> =
            LazyLock::new(|| Prefilter::new(MatchKind::LeftmostFirst, &HINTS));
        let bytes = trimmed.as_bytes();
        let holds = |hint: &str| memchr::memmem::find(bytes, hint.as_bytes()).is_some();
        let may_hold_hint = SEARCH.as_ref().map_or_else(
            || HINTS.iter().any(|h| holds(h)),
            |search| {
                search.find(bytes, Span::from(0..bytes.len())).is_some()
                    && HINTS.iter().any(|h| holds(h))
            },
        );
        let may_be_syndication = trimmed.starts_with('/') || may_hold_hint;
        if !may_be_syndication {
            return None;
        }
    } else if !opening_may_match(trimmed) && !may_hold_phrase(trimmed) {
        // Most short lines (headings, short paragraphs, table rows) open with nothing a rule
        // looks for and hold no phrase: told without lower-casing a copy of them.
        return None;
    }
    named_rule(trimmed)
}

/// The named rule of the trimmed line `trimmed`: each rule of [`LINE_RULES`] tried on it
/// lower-cased, its spaces collapsed.
fn named_rule(trimmed: &str) -> Option<Rule> {
    // Normalised into the thread's buffer: most lines that get here are short, and a fresh
    // string for each costs more than normalising it.
    thread_local! {
        static NORM: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    NORM.with_borrow_mut(|norm| {
        normalise_into(trimmed, norm);
        let bare = norm.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
        let line = Normalised {
            original: trimmed,
            norm,
            bare,
            phrases: holds_phrase(norm),
        };
        let rule = LINE_RULES
            .iter()
            .find(|(_, test)| test(&line))
            .map(|(rule, _)| *rule);
        // A long line leaves no long buffer behind.
        if norm.capacity() > 4096 {
            *norm = String::new();
        }
        rule
    })
}

/// `trimmed` lower-cased with each run of whitespace made one space: the same as
/// `trimmed.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()`, in one pass.
fn normalise(trimmed: &str) -> String {
    let mut norm = String::new();
    normalise_into(trimmed, &mut norm);
    norm
}

/// [`normalise`] into `norm`, which it empties first.
fn normalise_into(trimmed: &str, norm: &mut String) {
    norm.clear();
    // `str::to_lowercase` lower-cases a capital sigma by its place in the word; leave that
    // rare case to it. (`Σ` is CE A3: looked for by its first byte, without building a
    // substring searcher for every line, and only in a line outside ASCII.)
    let bytes = trimmed.as_bytes();
    let (odd_space, ascii) = spacing_and_ascii(bytes);
    if !ascii && memchr::memchr_iter(0xce, bytes).any(|at| bytes.get(at + 1) == Some(&0xa3)) {
        norm.push_str(
            &trimmed
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase(),
        );
        return;
    }
    // Most lines are ASCII with single spaces between words: only lower-cased. (A control
    // character sends the line the long way too.) Lines of prose outside ASCII are mostly
    // so for a curly quote or a dash, which lower-casing leaves as it is: such a line is only
    // lower-cased too.
    if !odd_space && (ascii || keeps_its_case_outside_ascii(trimmed)) {
        norm.push_str(trimmed);
        norm.make_ascii_lowercase();
        return;
    }
    norm.reserve(trimmed.len());
    let mut space = false;
    let mut rest = trimmed;
    while let Some(c) = rest.chars().next() {
        // Runs of printable ASCII with single spaces between words are copied whole, and
        // lower-cased with the rest at the end (lower-case text stays as it is).
        let run = plain_ascii_run(rest.as_bytes());
        if run > 0 {
            // A run opening with a space writes it: one pending is the same space.
            if space && !rest.starts_with(' ') {
                norm.push(' ');
            }
            space = false;
            norm.push_str(&rest[..run]);
            rest = &rest[run..];
            continue;
        }
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                norm.push(' ');
                space = false;
            }
            norm.extend(c.to_lowercase());
        }
        rest = &rest[c.len_utf8()..];
    }
    norm.make_ascii_lowercase();
}

/// Whether `bytes` holds a byte below the space or two spaces in a row, and whether it is all
/// ASCII: what tells [`normalise`] that lower-casing is all a line needs. Sixteen bytes at a
/// time (SSE2) where the processor allows, the rest byte by byte.
fn spacing_and_ascii(bytes: &[u8]) -> (bool, bool) {
    // Blocks with the byte after each: the last block ends a byte before the text does.
    let blocks = bytes.len().saturating_sub(1) / 16;
    let (mut odd, mut high) = (Lanes::none(), Lanes::none());
    for k in 0..blocks {
        let Some((x, next)) = Lanes::pair_at(bytes, 16 * k) else {
            break;
        };
        odd = odd.or(x.at_most(0x1f)).or(x.eq(b' ').and(next.eq(b' ')));
        high = high.or(x);
    }
    let rest = &bytes[16 * blocks..];
    let odd_rest = rest
        .iter()
        .zip(rest.get(1..).unwrap_or_default())
        .any(|(&b, &next)| b < b' ' || b == b' ' && next == b' ')
        || rest.last().is_some_and(|b| *b < b' ');
    (odd.any() || odd_rest, !high.any() && rest.is_ascii())
}

/// Whether every character of `text` outside ASCII is neither whitespace nor changed by
/// lower-casing (`’`, `—`, `é`), so that lower-casing `text` is lower-casing its ASCII. ASCII
/// is skipped eight bytes at a time; only the other characters are decoded.
fn keeps_its_case_outside_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(eight) = bytes.get(i..i + 8) {
            let mut block = [0u8; 8];
            block.copy_from_slice(eight);
            if u64::from_le_bytes(block) & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        if bytes[i].is_ascii() {
            i += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        if !keeps_its_case(c) {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// Whether `c` is no whitespace and lower-casing leaves it as it is: the accented Latin
/// letters and the general punctuation (curly quotes, dashes) told by their range, the rest
/// looked up in Unicode's tables.
fn keeps_its_case(c: char) -> bool {
    match c {
        // Capitals of Latin-1 (and `×`, which keeps its case).
        'À'..='Þ' => c == '×',
        // Small letters of Latin-1 (and `÷`).
        'ß'..='ÿ' => true,
        // General punctuation: none has a case; some are spaces.
        '\u{2000}'..='\u{206f}' => !c.is_whitespace(),
        _ => !c.is_whitespace() && c.to_lowercase().eq([c]),
    }
}

/// How many bytes `bytes` opens with that are printable ASCII (`!` to DEL), or a single space
/// before such a byte.
fn plain_ascii_run(bytes: &[u8]) -> usize {
    let printable = |b: &u8| (0x21..0x80).contains(b);
    let mut i = 0;
    // Sixteen bytes at a time while all are taken; the first that is not ends them (the byte
    // before it is no space: a space is taken only before a printable byte, which is taken).
    while let Some((here, next)) = Lanes::pair_at(bytes, i) {
        let taken = ascii_run_mask(here, next);
        if taken != u16::MAX {
            i += taken.trailing_ones() as usize;
            break;
        }
        i += 16;
    }
    while let Some(b) = bytes.get(i) {
        if printable(b) {
            i += 1;
        } else if *b == b' ' && bytes.get(i + 1).is_some_and(printable) {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// Which of the sixteen bytes `here` [`plain_ascii_run`] takes, a bit each: printable ASCII,
/// or a space before a printable byte (`next` is `here` shifted by one).
fn ascii_run_mask(x: Lanes, next: Lanes) -> u16 {
    // 0x21 to 0x7f are the bytes above 0x20 as signed bytes (0x80 up are negative).
    let printable = |v: Lanes| v.above_signed(0x20);
    printable(x).or(x.eq(b' ').and(printable(next))).bits()
}

/// [`ascii_run_mask`] a byte at a time: what the tests check it against.
#[cfg(test)]
fn ascii_run_mask_bytewise(here: &[u8], next: &[u8]) -> u16 {
    let printable = |b: u8| (0x21..0x80).contains(&b);
    here.iter()
        .zip(next)
        .take(16)
        .enumerate()
        .fold(0, |mask, (k, (&b, &n))| {
            mask | u16::from(printable(b) || b == b' ' && printable(n)) << k
        })
}

/// A line as the named rules read it.
struct Normalised<'a> {
    /// The line as written, trimmed: for the few tests that need its capitals.
    original: &'a str,
    /// Lower-cased, with its spaces collapsed.
    norm: &'a str,
    /// `norm` without trailing punctuation.
    bare: &'a str,
    /// Whether `norm` holds any of [`PHRASES`]: when not, no rule needs to look for one.
    phrases: bool,
}

impl Normalised<'_> {
    /// Whether the line holds `phrase`, one of [`PHRASES`].
    fn has(&self, phrase: &str) -> bool {
        debug_assert!(
            PHRASES.iter().any(|list| list.contains(&phrase)),
            "{phrase:?} is missing from PHRASES"
        );
        self.phrases && self.norm.contains(phrase)
    }
}

/// Every phrase a rule looks for anywhere in a line. One search for all of them tells most
/// lines apart from chrome at once, rather than one search per phrase and line.
const PHRASES: &[&[&str]] = &[
    COPYRIGHT_PHRASES,
    COOKIE_PHRASES,
    SYNDICATION_PHRASES,
    &[NEWSLETTER],
];

/// Finds any of [`PHRASES`].
static PHRASE_FINDER: LazyLock<Regex> = LazyLock::new(|| {
    let alternation: Vec<String> = PHRASES
        .iter()
        .flat_map(|list| list.iter())
        .map(|p| regex::escape(p))
        .collect();
    Regex::new(&alternation.join("|"))
        .unwrap_or_else(|e| panic!("phrase pattern is made of constants: {e}"))
});

/// The literal search underneath [`PHRASE_FINDER`] on its own (Teddy, most likely), without
/// the regex engine around it: on a short line, that engine's set-up costs more than the
/// search. It may find what is no phrase, never miss one.
static PHRASE_PREFILTER: LazyLock<Option<Prefilter>> = LazyLock::new(|| {
    let phrases: Vec<&str> = PHRASES
        .iter()
        .flat_map(|list| list.iter().copied())
        .collect();
    Prefilter::new(MatchKind::LeftmostFirst, &phrases)
});

/// Whether `norm` holds one of [`PHRASES`]. Most lines hold none, which the prefilter alone
/// tells; what it finds, the full search confirms.
fn holds_phrase(norm: &str) -> bool {
    let maybe = PHRASE_PREFILTER.as_ref().is_none_or(|pre| {
        pre.find(norm.as_bytes(), Span::from(0..norm.len()))
            .is_some()
    });
    maybe && PHRASE_FINDER.is_match(norm)
}

/// Every list whose entries a whole-line rule looks for at a line's start or as the whole
/// line (lower-cased, spaces collapsed), but the calls to subscribe (`CALLS`), which a rule
/// reads only on a line that holds "newsletter" (let through by the phrase check). A line
/// whose opening begins none of their entries, and that may hold none of [`PHRASES`]
/// ([`may_hold_phrase`]), is matched by no rule of [`LINE_RULES`]: [`line_rule`] tells most
/// short lines so without lower-casing a copy of them. A rule that looks for a new list at a
/// line's start must add it here and read it through [`opens_with`] or [`is_one_of`], which
/// check in debug builds, on every line that reaches them, that it is here; a test checks that
/// every entry is let through.
const OPENING_LISTS: &[&[&str]] = &[
    COPYRIGHT_OPENINGS,
    CROSS_LINK_OPENINGS,
    RELATED_WHOLE,
    RELATED_TITLE_OPENINGS,
    RELATED_OPENINGS,
    ADVERTISEMENT_WHOLE,
    SHARE_NETWORKS,
    SHARE_OPENINGS,
    SYNDICATION_OPENINGS,
    AUTHOR_BLURB_OPENINGS,
    NEWSLETTER_WHOLE,
    SUBSCRIBE_OPENINGS,
    COMMENT_HEADINGS,
    COMMENT_FORM,
];

/// Bytes of a line's opening compared with the openings of [`OPENING_LISTS`].
const OPENING_BYTES: usize = 4;

/// The openings of [`OPENING_LISTS`]' entries: the first four bytes of the longer ones as
/// integers, sorted, and the shorter entries whole (`a `, `©`).
struct Openings {
    four: Vec<u32>,
    shorter: Vec<&'static [u8]>,
}

static OPENINGS: LazyLock<Openings> = LazyLock::new(|| {
    let entries = OPENING_LISTS.iter().flat_map(|list| list.iter());
    let mut four: Vec<u32> = entries
        .clone()
        .filter_map(|e| e.as_bytes().first_chunk::<OPENING_BYTES>())
        .map(|b| u32::from_le_bytes(*b))
        .collect();
    four.sort_unstable();
    four.dedup();
    let mut shorter: Vec<&'static [u8]> = entries
        .map(|e| e.as_bytes())
        .filter(|e| e.len() < OPENING_BYTES)
        .collect();
    shorter.sort_unstable();
    shorter.dedup();
    Openings { four, shorter }
});

/// Whether the trimmed line `trimmed`, lower-cased and its spaces collapsed, may open with
/// an entry of [`OPENING_LISTS`]: its first four bytes so made are looked up among theirs.
fn opening_may_match(trimmed: &str) -> bool {
    let Some((head, len)) = normalised_opening(trimmed) else {
        return true;
    };
    let openings = &*OPENINGS;
    openings.shorter.iter().any(|e| head[..len].starts_with(e))
        || len == OPENING_BYTES
            && openings
                .four
                .binary_search(&u32::from_le_bytes(head))
                .is_ok()
}

/// The first (up to) four bytes of `trimmed` as [`normalise`] writes them, and how many there
/// are; `None` where a capital sigma, which lower-cases by its place in the word, is among
/// the characters that make them.
fn normalised_opening(trimmed: &str) -> Option<([u8; OPENING_BYTES], usize)> {
    let bytes = trimmed.as_bytes();
    // Most lines: four visible ASCII characters.
    if let Some(four) = bytes.first_chunk::<OPENING_BYTES>()
        && four.iter().all(u8::is_ascii_graphic)
    {
        return Some((four.map(|b| b.to_ascii_lowercase()), OPENING_BYTES));
    }
    // Room for the last character's bytes past the four.
    let mut head = [0u8; OPENING_BYTES + 8];
    let mut len = 0;
    let mut space = false;
    for c in trimmed.chars() {
        if len >= OPENING_BYTES {
            break;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if c == 'Σ' {
            return None;
        }
        if std::mem::take(&mut space) {
            head[len] = b' ';
            len += 1;
        }
        for lower in c.to_lowercase() {
            // `len` is at most five here (a space, then the first of two lower-case
            // characters, as `İ` makes), and a character at most four bytes: the buffer holds
            // them.
            len += lower.encode_utf8(&mut head[len.min(OPENING_BYTES)..]).len();
        }
    }
    let mut four = [0u8; OPENING_BYTES];
    four.copy_from_slice(&head[..OPENING_BYTES]);
    Some((four, len.min(OPENING_BYTES)))
}

/// Pairs of ASCII letters, at least one of which each of [`PHRASES`] holds inside a word
/// (`reserved`, `vorbehalten`, `cookie`, `continuing`, `contenu`, `organization`,
/// `newsletter`): a line without any (in either case) holds no phrase.
const PHRASE_ANCHORS: [[u8; 2]; 6] = [*b"rv", *b"rb", *b"ki", *b"nu", *b"za", *b"sl"];

/// False when the trimmed line `trimmed` surely holds none of [`PHRASES`] once lower-cased:
/// none of [`PHRASE_ANCHORS`] in it, in either case, sixteen bytes at a time. The only
/// characters outside ASCII that lower-case into ASCII letters (`İ`, the Kelvin sign) let
/// any line through.
fn may_hold_phrase(trimmed: &str) -> bool {
    let bytes = trimmed.as_bytes();
    if !bytes.is_ascii() && (trimmed.contains('\u{130}') || trimmed.contains('\u{212a}')) {
        return true;
    }
    // An ASCII letter with its 0x20 bit set is its small letter; no other byte becomes one.
    let fold = Lanes::splat(0x20);
    let blocks = bytes.len().saturating_sub(1) / 16;
    let mut hit = Lanes::none();
    for k in 0..blocks {
        let Some((x, next)) = Lanes::pair_at(bytes, 16 * k) else {
            break;
        };
        let (x, next) = (x.or(fold), next.or(fold));
        for [a, b] in PHRASE_ANCHORS {
            hit = hit.or(x.eq(a).and(next.eq(b)));
        }
    }
    hit.any()
        || bytes[16 * blocks..]
            .windows(2)
            .any(|w| PHRASE_ANCHORS.contains(&[w[0] | 0x20, w[1] | 0x20]))
}

/// The named whole-line rules, in the order they are tried: each a rule and a test on the
/// line lower-cased with its spaces collapsed (`norm`) and without trailing punctuation
/// (`bare`). Whole-line or short-line matches only, so a story sentence that mentions a
/// newsletter or a cookie keeps its place.
type LineTest = fn(line: &Normalised) -> bool;
const LINE_RULES: &[(Rule, LineTest)] = &[
    (Rule::Boilerplate, is_boilerplate),
    (Rule::Copyright, is_copyright),
    (Rule::CrossLink, is_cross_link),
    (Rule::RelatedLinks, is_related_links),
    (Rule::CookieBanner, is_cookie_banner),
    (Rule::Advertisement, is_advertisement),
    (Rule::ShareBar, is_share_bar),
    (Rule::Syndication, is_syndication),
    (Rule::AuthorBlurb, is_author_blurb),
];

/// Ends with a full stop (not an ellipsis of a teaser, not a colon of a heading).
fn ends_like_a_sentence(norm: &str) -> bool {
    norm.ends_with('.') && !norm.ends_with("...")
}

/// Whether `s` is one of `list`, whose longest entry is `longest` bytes long (`const {
/// longest(list) }`). Most lines are longer than every entry: their length alone tells.
/// For the whole-line rules only: `list` must be one of [`OPENING_LISTS`].
fn is_one_of(s: &str, list: &[&str], longest: usize) -> bool {
    debug_assert!(registered(list), "{list:?} is missing from OPENING_LISTS");
    s.len() <= longest && list.contains(&s)
}

/// [`starts_with_any`] for the whole-line rules: `openings` must be one of
/// [`OPENING_LISTS`], or [`line_rule`] would turn away lines that open with them.
fn opens_with(s: &str, openings: &[&str]) -> bool {
    debug_assert!(
        registered(openings),
        "{openings:?} is missing from OPENING_LISTS"
    );
    starts_with_any(s, openings)
}

/// Whether `list` is one of [`OPENING_LISTS`] (debug builds check every use).
fn registered(list: &[&str]) -> bool {
    OPENING_LISTS.contains(&list)
}

/// The length of the longest string of `list`, in bytes.
const fn longest(list: &[&str]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < list.len() {
        if list[i].len() > max {
            max = list[i].len();
        }
        i += 1;
    }
    max
}

/// Whether `s` starts with one of `prefixes`. The first bytes are compared first: most
/// prefixes differ from the line there, and comparing more is a call.
fn starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    let first = s.as_bytes().first();
    prefixes
        .iter()
        .any(|p| p.as_bytes().first().is_none_or(|b| first == Some(b)) && s.starts_with(p))
}

/// Rights footers, anywhere in a copyright line.
const COPYRIGHT_PHRASES: &[&str] = &[
    "all rights reserved",
    "tous droits réservés",
    "alle rechte vorbehalten",
    "todos los derechos reservados",
];

/// Openings of copyright lines.
const COPYRIGHT_OPENINGS: &[&str] = &[
    "©",
    "copyright ©",
    "copyleft ©",
    "(c) 20",
    "(c) 19",
    "copyright 20",
    "copyright 19",
];

/// `© 2020 CBS Interactive Inc. All Rights Reserved.`, `Copyright © Hassanchef 2020`.
fn is_copyright(line: &Normalised) -> bool {
    let norm = line.norm;
    norm.len() < 200
        && (opens_with(norm, COPYRIGHT_OPENINGS)
            || line.phrases && COPYRIGHT_PHRASES.iter().any(|p| line.has(p)))
}

/// Openings of inline cross-links to other stories.
const CROSS_LINK_OPENINGS: &[&str] = &[
    "read:",
    "read more:",
    "read also:",
    "also read:",
    "see also:",
    "related:",
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "voir aussi",
    "lesen sie auch",
    "mehr zum thema:",
    "lee también",
    "mira también",
    "mirá también",
    "ver también",
];

/// `READ: Algeria and Russia to sign strategic alliance agreement`, `Lire aussi : …`.
fn is_cross_link(line: &Normalised) -> bool {
    line.norm.len() < 200 && opens_with(line.norm, CROSS_LINK_OPENINGS)
}

/// Headings of link lists and post navigation, as whole lines.
const RELATED_WHOLE: &[&str] = &[
    "trending",
    "related",
    "related posts",
    "related articles",
    "related stories",
    "related topics",
    "related content",
    "you may also like",
    "you might also like",
    "more stories",
    "recommended",
    "previous article",
    "next article",
    "previous post",
    "next post",
    "filed under",
    "tags",
    "ähnliche beiträge",
    "weitere beiträge",
    "vorheriger beitrag",
    "nächster beitrag",
    "à découvrir",
    "à lire aussi",
    "articles similaires",
    "sur le même sujet",
    "noticias relacionadas",
    "artículos relacionados",
    "relacionados",
    "contenido relacionado",
    "temas relacionados",
    "también te puede interesar",
    "te puede interesar",
    "vous aimerez aussi",
    "pour approfondir",
    "dans la même rubrique",
    "das könnte dich auch interessieren",
    "das könnte sie auch interessieren",
    "empfohlene beiträge",
    "verwandte artikel",
    "weitere artikel",
    "mehr zum thema",
    "mehr zu diesem thema",
    "weitere inhalte zum thema",
    "beitrags-navigation",
    "beitragsnavigation",
    "post navigation",
    "top stories",
    "latest articles",
    "latest news",
    "latest stories",
    "you might like",
    "you may like",
    "read next",
    "recommended for you",
    "more from",
    "editor's picks",
    "editors' picks",
];
/// Openings of such headings that go on with a section's or site's name (`Most Popular
/// This Week`, `More in Local News`, `Related Coverage`). English ones are also how a
/// story's subheading may start (`More from the minister`, `Trending down since 2019`), so
/// they count only in title case, as menus write them.
const RELATED_TITLE_OPENINGS: &[&str] = &[
    "related ",
    "most popular",
    "most read",
    "most viewed",
    "trending ",
    "more in ",
    "more from ",
    "more stories ",
    "more news ",
];
/// Openings specific enough in any case.
const RELATED_OPENINGS: &[&str] = &[
    "mehr aus ",
    "mehr nachrichten ",
    "weitere beiträge ",
    "weitere artikel ",
    "plus d'articles",
    "les plus lus",
    "lo más leído",
    "más leídas",
];

/// Headings of link lists and post navigation: whole lines, or short lines with such an
/// opening.
fn is_related_links(line: &Normalised) -> bool {
    let bare = line.bare;
    // The word count last: it walks the whole line, the other tests only its ends.
    let short = || !ends_like_a_sentence(bare) && bare.split(' ').count() <= 5;
    is_one_of(bare, RELATED_WHOLE, const { longest(RELATED_WHOLE) })
        || opens_with(bare, RELATED_OPENINGS) && short()
        || opens_with(bare, RELATED_TITLE_OPENINGS) && short() && title_case(line.original)
}

/// Every word capitalised but short joining words (`More in Local News`): how menus and
/// section headings are written, and sentences are not.
fn title_case(text: &str) -> bool {
    text.split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(
                    w,
                    "in" | "on" | "of" | "the" | "and" | "for" | "to" | "a" | "at"
                )
        })
}

/// Whether a line a rule dropped opens a section of chrome after the story (a list of related
/// links, the comments) rather than being one stray line: after the story has begun, what
/// follows such a line is chrome up to the next paragraph of prose. Newsletter calls and
/// single network names do not: they sit inside stories too (a sign-up box between
/// paragraphs, an embedded post under `Twitter`).
pub(crate) fn opens_section(rule: Rule, line: &str) -> bool {
    // Headings and share prompts are short; a long dropped line (a syndication paragraph, a
    // whole file without line breaks) is not normalised a second time to learn so.
    match rule {
        Rule::RelatedLinks => return true,
        Rule::Boilerplate | Rule::ShareBar if line.len() <= 200 => {}
        _ => return false,
    }
    let norm = normalise(line.trim());
    let bare = norm.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    match rule {
        Rule::RelatedLinks => true,
        Rule::Boilerplate => {
            COMMENT_HEADINGS.contains(&bare) || COMMENT_FORM.iter().any(|p| norm.starts_with(p))
        }
        Rule::ShareBar => starts_with_any(
            &norm,
            &[
                "share this",
                "partager cet",
                "teilen sie dies",
                "compartir esta",
            ],
        ),
        _ => false,
    }
}

/// The phrases of consent banners.
const COOKIE_PHRASES: &[&str] = &[
    "site uses cookies",
    "website uses cookies",
    "we use cookies",
    "use of cookies",
    "cookie policy",
    "cookie settings",
    "accept cookies",
    "accept all cookies",
    "privacy & cookies",
    "utilise des cookies",
    "utilisation des cookies",
    "verwendet cookies",
    "utiliza cookies",
    "by continuing to use this",
];

/// `This site uses cookies…`, `Privacy & Cookies: …`: the phrases of consent banners, not a
/// story about cookie rules.
fn is_cookie_banner(line: &Normalised) -> bool {
    line.phrases && line.norm.len() < 400 && COOKIE_PHRASES.iter().any(|p| line.has(p))
}

/// Advertisement labels.
const ADVERTISEMENT_WHOLE: &[&str] = &[
    "advertisement",
    "advertisements",
    "advertising",
    "sponsored",
    "sponsored content",
    "publicité",
    "anzeige",
    "werbung",
    "publicidad",
];

/// Advertisement labels, as whole lines.
fn is_advertisement(line: &Normalised) -> bool {
    is_one_of(
        line.bare,
        ADVERTISEMENT_WHOLE,
        const { longest(ADVERTISEMENT_WHOLE) },
    )
}

/// Share buttons and the networks they name.
const SHARE_NETWORKS: &[&str] = &[
    "share",
    "facebook",
    "twitter",
    "whatsapp",
    "email",
    "e-mail",
    "linkedin",
    "pinterest",
    "reddit",
    "messenger",
    "telegram",
    "print",
    "copy link",
    "tweet",
    "partager",
    "teilen",
    "compartir",
];

/// Openings of lines that offer to share.
const SHARE_OPENINGS: &[&str] = &["share this", "share on", "partager sur", "teilen auf"];

/// Share bars: short lines that offer to share, or name a network alone.
fn is_share_bar(line: &Normalised) -> bool {
    let norm = line.norm;
    is_one_of(line.bare, SHARE_NETWORKS, const { longest(SHARE_NETWORKS) })
        || opens_with(norm, SHARE_OPENINGS)
            && !ends_like_a_sentence(norm)
            && norm.split(' ').count() <= 6
}

/// The sentences of syndication disclaimers.
const SYNDICATION_PHRASES: &[&str] = &[
    "ce contenu, fourni par l'organisation",
    "this material from the originating organization",
];

/// Openings of syndication disclaimers.
const SYNDICATION_OPENINGS: &[&str] = &["/sortie publique", "/public release"];

/// Syndication disclaimers that wire services append to every story.
fn is_syndication(line: &Normalised) -> bool {
    opens_with(line.norm, SYNDICATION_OPENINGS)
        || line.phrases && SYNDICATION_PHRASES.iter().any(|p| line.has(p))
}

/// How an author blurb opens.
const AUTHOR_BLURB_OPENINGS: &[&str] = &["a ", "an "];

/// `A cultural critic with a keen eye for social trends.`: one noun phrase introducing an
/// author by trade, the kind content farms append after the story. The trade is followed by
/// what qualifies it (`critic with a keen eye`), never by a verb (`A journalist was detained`).
fn is_author_blurb(line: &Normalised) -> bool {
    const TRADES: &[&str] = &[
        "writer",
        "journalist",
        "critic",
        "reporter",
        "editor",
        "author",
        "contributor",
        "analyst",
        "blogger",
        "enthusiast",
        "correspondent",
        "columnist",
    ];
    const QUALIFIERS: &[&str] = &["with", "who", "and", "based", "covering", "passionate"];
    let norm = line.norm;
    if norm.len() >= 140 || !opens_with(norm, AUTHOR_BLURB_OPENINGS) {
        return false;
    }
    let words: Vec<&str> = norm.split(' ').collect();
    words.iter().take(5).enumerate().any(|(i, w)| {
        TRADES.contains(&w.trim_end_matches(','))
            && (w.ends_with(',') || words.get(i + 1).is_none_or(|n| QUALIFIERS.contains(n)))
    })
}

/// A line made only of separator punctuation, at least three marks long (`. . . . . .`,
/// `-----`, `***`). Table rules like `---|---|` contain `|` and are kept.
fn is_divider(trimmed: &str) -> bool {
    let mut marks = 0;
    for c in trimmed.chars() {
        match c {
            '.' | '-' | '_' | '=' | '*' | '~' | '•' | '·' | '–' | '—' | '#' | '+' => {
                marks += 1
            }
            c if c.is_whitespace() => {}
            _ => return false,
        }
    }
    marks >= 3
}

/// Words of a page strip besides the numbers, lower-cased.
const PAGE_NAV: &[&str] = &[
    "…",
    "...",
    "»",
    "«",
    "›",
    "‹",
    ">",
    "<",
    ">>",
    "<<",
    "next",
    "prev",
    "previous",
    "suivant",
    "précédent",
    "page",
    "pages",
];

/// A strip of consecutive page numbers (`1 - 2 - 3 - 4 …`, `1 2 3 Next »`): at least three
/// numbers counting up by one, so tables of years or figures are never taken for one.
fn is_pagination(trimmed: &str) -> bool {
    // Most lines open with a word no page strip opens with: a letter that begins none of
    // PAGE_NAV (and no number).
    if trimmed
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() && !b"npsNPS".contains(&b))
    {
        return false;
    }
    let mut numbers = Vec::new();
    for token in trimmed
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '|' | '·' | '•' | '/' | ','))
    {
        if token.is_empty() {
            continue;
        }
        if let Ok(n) = token.parse::<u32>() {
            numbers.push(n);
            continue;
        }
        // Most lines fail here, on their first word: ASCII words are compared without
        // lower-casing a copy (every ASCII name below is lower-case).
        let is_nav = if token.is_ascii() {
            PAGE_NAV.iter().any(|n| n.eq_ignore_ascii_case(token))
        } else {
            PAGE_NAV.contains(&token.to_lowercase().as_str())
        };
        if !is_nav {
            return false;
        }
    }
    numbers.len() >= 3
        && numbers
            .windows(2)
            .all(|w| w[0].checked_add(1) == Some(w[1]))
        && numbers[0] <= 2
}

/// What calls to subscribe offer.
const NEWSLETTER: &str = "newsletter";

/// Newsletter prompts, as whole lines.
const NEWSLETTER_WHOLE: &[&str] = &[
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "abonnez-vous à notre newsletter",
    "inscrivez-vous à notre newsletter",
];

/// Openings of calls to subscribe (on short lines that do not end like a sentence).
const SUBSCRIBE_OPENINGS: &[&str] = &["subscribe to", "sign up to", "sign up for"];

/// Headings and buttons of comment sections, as whole lines: they open the comments.
const COMMENT_HEADINGS: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "cancel reply",
    "post comment",
    "post a comment",
    "view comments",
    "show comments",
    "comments",
    "no comments",
    "add comment",
    "laisser un commentaire",
    "laisser une réponse",
    "votre commentaire",
    "charte des commentaires",
    "keine kommentare",
    "kommentare",
    "comentarios",
    "leave a reply cancel reply",
    "leave a comment cancel reply",
    "write a comment",
    "add a comment",
    "schreibe einen kommentar",
    "schreiben sie einen kommentar",
    "schreibe einen kommentar antworten abbrechen",
    "schreiben sie einen kommentar antworten abbrechen",
    "kommentar schreiben",
    "vos réactions",
    "réagir",
    "commentaires",
    "deja un comentario",
    "dejar un comentario",
];

/// Openings of the notes under comment forms.
const COMMENT_FORM: &[&str] = &[
    "your email address will not be published",
    "required fields are marked",
    "you must be logged in to post a comment",
    "votre adresse e-mail ne sera pas publiée",
    "votre adresse de messagerie ne sera pas publiée",
];

/// Comment-form and newsletter lines, matched on the whole line (or a short one) so a story
/// that mentions a newsletter keeps its sentence.
fn is_boilerplate(line: &Normalised) -> bool {
    // Calls to subscribe are short and do not end like a sentence; a sentence that reports
    // on a newsletter does.
    const CALLS: &[&str] = &[
        "subscribe",
        "sign up ",
        "get ",
        "receive ",
        "join ",
        "inscri",
        "abonn",
        "recevez",
    ];
    let norm = line.norm;
    let call = norm.len() < 120 && !ends_like_a_sentence(norm);
    is_one_of(
        line.bare,
        NEWSLETTER_WHOLE,
        const { longest(NEWSLETTER_WHOLE) },
    ) || is_one_of(
        line.bare,
        COMMENT_HEADINGS,
        const { longest(COMMENT_HEADINGS) },
    ) || opens_with(norm, COMMENT_FORM) && norm.len() < 160
        || call && opens_with(norm, SUBSCRIBE_OPENINGS)
        || call
            && line.has(NEWSLETTER)
            && (norm.split(' ').count() <= 6 || starts_with_any(norm, CALLS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_opening_the_rules_look_for_is_let_through() {
        for entry in OPENING_LISTS.iter().flat_map(|list| list.iter()) {
            let capitalised: String = entry
                .chars()
                .take(1)
                .flat_map(char::to_uppercase)
                .chain(entry.chars().skip(1))
                .collect();
            // As `line_rule` sees a line: trimmed (an opening that ends with a space is one
            // of a line that goes on).
            for line in [
                entry.to_string(),
                capitalised,
                entry.to_uppercase(),
                entry.replace(' ', "  "),
                entry.replacen(' ', "\u{a0}\t", 1),
            ] {
                let line = format!("{line}x and more of the line.");
                assert!(opening_may_match(super::super::trim(&line)), "{line:?}");
            }
            assert!(opening_may_match(super::super::trim(entry)) || entry.ends_with(' '));
        }
        // What the gate is for: most lines are told apart by their opening.
        for line in [
            "The minister said",
            "NATO’s envoy",
            "Être ou",
            "| td >",
            "2024 was",
        ] {
            assert!(!opening_may_match(line), "{line:?}");
        }
        assert!(
            opening_may_match("Σ at the start"),
            "a capital sigma is let through"
        );
    }

    #[test]
    fn every_phrase_holds_an_anchor_in_either_case() {
        let phrases = PHRASES
            .iter()
            .flat_map(|list| list.iter())
            .chain([&NEWSLETTER]);
        for phrase in phrases {
            assert!(
                phrase
                    .as_bytes()
                    .windows(2)
                    .any(|w| PHRASE_ANCHORS.contains(&[w[0], w[1]])),
                "{phrase:?} holds none of the anchors"
            );
            for line in [
                phrase.to_string(),
                phrase.to_uppercase(),
                format!("{:>40}{}", "x", phrase.to_uppercase()),
            ] {
                assert!(may_hold_phrase(&line), "{line:?}");
            }
        }
        assert!(!may_hold_phrase(
            "The minister met his counterpart on Tuesday."
        ));
        assert!(
            may_hold_phrase("CoO\u{212a}ie policy"),
            "the Kelvin sign lower-cases to k"
        );
    }

    #[test]
    fn only_two_characters_outside_ascii_lower_case_into_ascii_letters() {
        let into_ascii: Vec<char> = (char::MIN..=char::MAX)
            .filter(|c| !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii_alphabetic()))
            .collect();
        assert_eq!(into_ascii, ['\u{130}', '\u{212a}']);
    }

    proptest::proptest! {
        /// A short line the gate turns away is matched by no whole-line rule: the same answer
        /// as lower-casing it and trying every rule.
        #[test]
        fn lines_turned_away_match_no_rule(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(
                        OPENING_LISTS
                            .iter()
                            .flat_map(|list| list.iter().copied())
                            .chain(PHRASES.iter().flat_map(|list| list.iter().copied()))
                            .chain([NEWSLETTER, "Subscribe", "JOIN ", "Cookies"])
                            .collect::<Vec<&str>>(),
                    ),
                    proptest::sample::select(vec![
                        " ", "  ", "\u{a0}", "\t", ".", ":", "!", "A", "The ", "é", "É", "Σ",
                        "\u{130}", "\u{212a}", "RV", "za", "sl", "news", "2024", "©", "(C) ",
                        "/", "-", "«", "’",
                    ]),
                ],
                1..8,
            ),
        ) {
            let line: String = parts.concat();
            let trimmed = super::super::trim(&line);
            if !trimmed.is_empty() && !opening_may_match(trimmed) && !may_hold_phrase(trimmed) {
                proptest::prop_assert_eq!(named_rule(trimmed), None, "{:?}", line);
            }
        }
    }

    fn removed(line: &str) -> Vec<&str> {
        inline_removals(line)
            .into_iter()
            .map(|r| &line[r.range])
            .collect()
    }

    #[test]
    fn page_strip_words_open_with_n_p_or_s() {
        // What `is_pagination` rejects most lines by, at their first letter.
        for word in PAGE_NAV {
            if let Some(b) = word.bytes().next().filter(u8::is_ascii_alphabetic) {
                assert!(b"nps".contains(&b), "{word}");
            }
        }
        assert_eq!(line_rule("Now 1 2 3"), None);
        assert_eq!(line_rule("next 1 2 3"), Some(Rule::Pagination));
        assert_eq!(line_rule("Page 1 2 3 Next"), Some(Rule::Pagination));
        assert_eq!(line_rule("Suivant 1 2 3"), Some(Rule::Pagination));
    }

    #[test]
    fn whole_tags_in_any_spacing() {
        assert_eq!(
            removed("< strong > Bold: strong >"),
            ["< strong >", "strong >"]
        );
        assert_eq!(removed("text . < / li >"), ["< / li >"]);
        assert_eq!(removed("< /thead >"), ["< /thead >"]);
        assert_eq!(removed("awareness.< td />"), ["< td />"]);
        assert_eq!(removed("< b > Task th >"), ["< b >", "th >"]);
        assert_eq!(
            removed(r#"<p class="lead">Hi</p>"#),
            [r#"<p class="lead">"#, "</p>"]
        );
    }

    #[test]
    fn half_tags_need_a_word_boundary_and_skip_words() {
        assert_eq!(removed("Enhancement td >"), ["td >"]);
        assert_eq!(removed("tr >"), ["tr >"]);
        assert_eq!(removed("sessions; li > ul >"), ["li >", "ul >"]);
        assert_eq!(
            removed("td >td >"),
            ["td >", "td >"],
            "remnants side by side"
        );
        assert!(
            removed("il a > 3 ans").is_empty(),
            "the French verb 'a' is not a tag"
        );
        assert!(removed("x > y").is_empty());
        assert!(removed("bitd >").is_empty());
        assert!(removed("il a > 3 ans").is_empty());
        assert!(removed("with p > 0.05").is_empty());
    }

    #[test]
    fn half_tags_of_word_names_go_before_words_quotes_and_punctuation() {
        assert_eq!(removed("a > Link zum Artikel"), ["a >"]);
        assert_eq!(removed("after reading this post a > I figured"), ["a >"]);
        assert_eq!(removed("the share of people a > is going down"), ["a >"]);
        assert_eq!(removed("Formularz na stronie www.rp.pl a >."), ["a >"]);
        assert_eq!(removed("& Sylvia Torres-Guillén a > , Director"), ["a >"]);
        assert_eq!(removed("Nadas „Leni weint a >&#8220; verbracht"), ["a >"]);
        assert_eq!(removed("Publikacja: time > 04.05.2021"), ["time >"]);
        assert_eq!(removed("p >\u{2063}"), ["p >"]);
        assert_eq!(removed("September 2012 a > (2)"), ["a >"]);
        assert_eq!(
            removed("Blog < picture >< source > Home"),
            ["< picture >", "< source >"]
        );
        assert_eq!(removed("html >"), ["html >"]);
    }

    #[test]
    fn sentences_with_angle_brackets_keep_their_words() {
        assert!(removed("with p > 0.05 significance").is_empty());
        assert!(removed("Mark > Paul in the polls").is_empty());
        assert!(removed("Turnout was < a third of voters but > half").is_empty());
        assert!(removed("x < b and c > d").is_empty());
        assert!(removed("with p>0.05 significance").is_empty());
        assert!(removed("for i>5 and a>b").is_empty());
        assert!(removed("il a >3 ans").is_empty());
        assert!(removed("The em >= en dash debate.").is_empty());
        assert!(removed("if a > -1 and b >> c").is_empty());
        assert!(removed("We know that a > b and b > c, so a > c follows.").is_empty());
        assert!(removed("The strike > 3 days").is_empty());
        assert_eq!(removed("You might know a >rubocop as"), ["a >"]);
        assert_eq!(removed("Sounds a >"), ["a >"]);
        assert_eq!(removed("focusing on : p >"), ["p >"]);
        assert_eq!(removed("< P >Text< /P >"), ["< P >", "< /P >"]);
    }

    #[test]
    fn normalising_is_collapsing_then_lower_casing() {
        let reference = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        for line in [
            "Share   This\tNow",
            "ÉTÉ\u{a0}\u{2003}Straße İstanbul ǅ",
            "ΟΔΟΣ ΣΑΣ Σ",
            "A\u{85}B\u{3000}C",
            "",
        ] {
            let trimmed = line.trim();
            assert_eq!(normalise(trimmed), reference(trimmed), "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn normalising_matches_the_plain_definition(line in "[\\PC\\sΣİ]{0,40}") {
            let trimmed = line.trim();
            let reference = trimmed.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            proptest::prop_assert_eq!(normalise(trimmed), reference);
        }
    }

    /// Every match of the tag pattern, found by running it over the whole line.
    fn tags_by_full_search(line: &str) -> Vec<Range<usize>> {
        static FULL: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(&tag_pattern()).unwrap_or_else(|e| panic!("{e}")));
        FULL.find_iter(line).map(|m| m.range()).collect()
    }

    #[test]
    fn tags_found_from_their_brackets_are_the_pattern_matches() {
        for line in [
            r#"<a title="x>y" href='z'>link</a> td > p > 0.05 /td> / li > a >b"#,
            "<<<td> << /p >> <ſpan> <\u{212a}BD> x<br/>y </ strong\u{a0}>  em >  ",
            "tdx > _td > td_ > h1 > /h2> //td > / /td > a >",
            "< a b=1 c=\"2\" d='3' e=4/> <img src=x/>< br / > th >thead > a >é",
        ] {
            assert_eq!(find_tags(line), tags_by_full_search(line), "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tags_found_from_their_brackets_match_a_full_search(
            parts in proptest::collection::vec(
                "(<|>|/|=|\"|'| |\u{a0}|ſ|td|TD|thead|th|a|p|em|br|li|strong|x|é|_|1|[a-z ]{1,3})",
                0..40,
            ),
        ) {
            let line: String = parts.concat();
            proptest::prop_assert_eq!(find_tags(&line), tags_by_full_search(&line));
        }
    }

    proptest::proptest! {
        #[test]
        fn spacing_and_ascii_read_in_blocks_are_read_byte_by_byte(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u8::ANY,
                    proptest::sample::select(&b"ab  \t\n\x1f\x7f\x80\xff"[..]),
                ],
                0..80,
            ),
        ) {
            let odd = bytes
                .windows(2)
                .any(|w| w[0] < b' ' || w == b"  ")
                || bytes.last().is_some_and(|b| *b < b' ');
            proptest::prop_assert_eq!(spacing_and_ascii(&bytes), (odd, bytes.is_ascii()));
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_run_masks_agree_with_their_bytewise_reading(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u8::ANY,
                    proptest::sample::select(&b"a  !\x1f\x20\x21\x7e\x7f\x80\xff"[..]),
                ],
                17,
            ),
        ) {
            let (here, next) = (&bytes[..16], &bytes[1..]);
            let lanes = |b: &[u8]| Lanes::load(b).expect("sixteen bytes");
            proptest::prop_assert_eq!(
                ascii_run_mask(lanes(here), lanes(next)),
                ascii_run_mask_bytewise(here, next)
            );
        }
    }

    #[test]
    fn keeping_its_case_is_unicodes_answer() {
        for c in (0x80..=0x10ffff).filter_map(char::from_u32) {
            let expected = !c.is_whitespace() && c.to_lowercase().eq([c]);
            assert_eq!(keeps_its_case(c), expected, "{c:?}");
        }
    }

    #[test]
    fn a_control_character_is_marked_wherever_it_is() {
        for at in 0..40 {
            for control in [&b"\xc2\x85"[..], b"\x1b", b"\x7f", b"\0"] {
                let mut line = vec![b'a'; 40];
                line.splice(at..at, control.iter().copied());
                assert!(Marks::of(&line).control, "{at} {control:?}");
            }
            let mut line = vec![b'a'; 40];
            line.splice(at..at, *b"\xc2\xa0\t");
            assert!(
                !Marks::of(&line).control,
                "{at}: a no-break space and a tab"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn marks_read_in_blocks_are_the_bytes_searched_one_by_one(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u8::ANY,
                    proptest::sample::select(&b"ab >[&\t\n\x1b\x7f\xc2\x85\xa0"[..]),
                ],
                0..80,
            ),
        ) {
            let marks = Marks::of(&bytes);
            proptest::prop_assert_eq!(marks.angle, bytes.contains(&b'>'));
            proptest::prop_assert_eq!(marks.bracket, bytes.contains(&b'['));
            proptest::prop_assert_eq!(marks.ampersand, bytes.contains(&b'&'));
            proptest::prop_assert_eq!(marks.control, may_hold_control(&bytes));
        }
    }

    #[test]
    fn code_blocks_run_from_their_opening_to_their_closing_tag() {
        let blocks = |text: &str| -> Vec<(String, Rule)> {
            code_blocks(text)
                .into_iter()
                .map(|(r, rule)| (text[r].to_string(), rule))
                .collect()
        };
        assert_eq!(
            blocks("a <script src=\"x.js\">\nvar a = b < c;\n</script> b"),
            [(
                "<script src=\"x.js\">\nvar a = b < c;\n</script>".to_string(),
                Rule::Script
            )]
        );
        assert_eq!(
            blocks("< STYLE type=\"text/css\" >p{}< / style >"),
            [(
                "< STYLE type=\"text/css\" >p{}< / style >".to_string(),
                Rule::Script
            )]
        );
        assert_eq!(
            blocks("x <!-- one\ntwo --> y <!--three-->"),
            [
                ("<!-- one\ntwo -->".to_string(), Rule::MarkupComment),
                ("<!--three-->".to_string(), Rule::MarkupComment)
            ]
        );
        assert_eq!(
            blocks("<script src=\"a.js\" /> story"),
            [("<script src=\"a.js\" />".to_string(), Rule::Script)]
        );
        // An opening whose closing tag is lost ends at the next opening of its name.
        assert_eq!(
            blocks("<script>\nstory\n<script>x()</script>"),
            [("<script>x()</script>".to_string(), Rule::Script)]
        );
        // Not blocks: other names, no closing tag, no `-->`.
        assert!(blocks("<scripts>x</scripts> <styles>").is_empty());
        assert!(blocks("<script> the story after a stray tag").is_empty());
        assert!(blocks("<!-- the story after a stray comment").is_empty());
        // A closing tag's name read in place, never cut inside a character.
        assert!(blocks("<script>x</é</scrip>").is_empty());
    }

    proptest::proptest! {
        /// On any mix of openings, closings and text, blocks are sorted and apart, open at a
        /// `<` and end with the end of a comment or of a tag.
        #[test]
        fn code_blocks_are_sorted_apart_and_well_formed(
            parts in proptest::collection::vec(
                "(<script>|< SCRIPT type=\"x\" >|</script>|< / script >|<style>|</style>|<!--|-->|<script/>|<é|word| |\n|<|>|/)",
                0..40,
            ),
        ) {
            let text: String = parts.concat();
            let blocks = code_blocks(&text);
            let mut end = 0;
            for (range, rule) in &blocks {
                proptest::prop_assert!(range.start >= end && range.start < range.end);
                end = range.end;
                let block = &text[range.clone()];
                proptest::prop_assert!(block.starts_with('<'));
                match rule {
                    Rule::MarkupComment => proptest::prop_assert!(block.ends_with("-->")),
                    Rule::Script => proptest::prop_assert!(block.ends_with('>')),
                    _ => proptest::prop_assert!(false, "{rule:?}"),
                }
            }
        }
    }

    #[test]
    fn huge_page_numbers_do_not_overflow() {
        assert_eq!(line_rule("4294967295 1 2"), None);
        assert_eq!(line_rule("4294967294 4294967295 1"), None);
    }

    #[test]
    fn many_tags_and_shortcodes_on_one_line_stay_linear() {
        let line = "word td > [a_b] ".repeat(20_000);
        let found = inline_removals(&line);
        assert_eq!(found.len(), 40_000);
        assert!(found.windows(2).all(|w| w[0].range.end <= w[1].range.start));
    }

    #[test]
    fn shortcodes_but_not_footnotes() {
        assert_eq!(
            removed(r#"[mc4wp_form id="206"]"#),
            [r#"[mc4wp_form id="206"]"#]
        );
        assert_eq!(
            removed(r#"see [caption id="7"] here"#),
            [r#"[caption id="7"]"#]
        );
        assert!(removed("as shown [1] and [sic]").is_empty());
    }

    #[test]
    fn dividers() {
        assert_eq!(line_rule(". . . . . ."), Some(Rule::Divider));
        assert_eq!(line_rule("  ------  "), Some(Rule::Divider));
        assert_eq!(line_rule("---|---|"), None, "pipe-table rules stay");
        assert_eq!(line_rule("..."), Some(Rule::Divider));
        assert_eq!(line_rule("A. B."), None);
    }

    #[test]
    fn pagination_needs_consecutive_page_numbers() {
        assert_eq!(
            line_rule("1 - 2 - 3 - 4 - 5 - 6 - 7 - 8"),
            Some(Rule::Pagination)
        );
        assert_eq!(line_rule("1 2 3 … Next »"), Some(Rule::Pagination));
        assert_eq!(line_rule("2019 2020 2021"), None, "years are not pages");
        assert_eq!(line_rule("1 - 3 - 7"), None);
        assert_eq!(line_rule("1 - 2"), None, "too short to be sure");
    }

    #[test]
    fn named_chrome_lines() {
        let cases = [
            (
                "© 2020 CBS Interactive Inc. All Rights Reserved.",
                Rule::Copyright,
            ),
            ("Copyright © Hassanchef 2020", Rule::Copyright),
            (
                "READ: Algeria and Russia to sign strategic alliance agreement",
                Rule::CrossLink,
            ),
            ("Lire aussi : le rapport du Sénat", Rule::CrossLink),
            ("Related Posts:", Rule::RelatedLinks),
            ("Previous article", Rule::RelatedLinks),
            (
                "Privacy & Cookies: This site uses cookies.",
                Rule::CookieBanner,
            ),
            ("ADVERTISEMENT", Rule::Advertisement),
            ("Share this with Facebook", Rule::ShareBar),
            ("WhatsApp", Rule::ShareBar),
            (
                "/sortie publique. Ce contenu, fourni par l'organisation/les auteurs d'origine, peut être spécifique au temps.",
                Rule::Syndication,
            ),
            (
                "A cultural critic with a keen eye for social trends.",
                Rule::AuthorBlurb,
            ),
            ("Receive our monthly newsletter", Rule::Boilerplate),
            ("Most Popular This Week", Rule::RelatedLinks),
            ("More in Local News", Rule::RelatedLinks),
            ("Vous aimerez aussi", Rule::RelatedLinks),
            ("Contenido Relacionado", Rule::RelatedLinks),
            ("Das könnte dich auch interessieren", Rule::RelatedLinks),
            ("Leave a Reply Cancel reply", Rule::Boilerplate),
            ("Schreibe einen Kommentar", Rule::Boilerplate),
            ("Post a Comment", Rule::Boilerplate),
        ];
        for (line, rule) in cases {
            assert_eq!(line_rule(line), Some(rule), "{line}");
        }
    }

    #[test]
    fn story_lines_that_mention_chrome_words_stay() {
        for line in [
            "READ the report in full, the minister said, before any vote was taken on the deal.",
            "Chocolate chip cookies are best when the dough rests overnight in the fridge.",
            "A US official at the Department of Defense even went as far as saying that Algeria and the United States have a shared vision.",
            "Share prices fell sharply after the announcement on Tuesday morning in Algiers.",
            "Advertisement revenue at the paper fell by a third in 2020, its owners said in a statement to staff.",
            "A journalist was detained by police in Minsk on Tuesday.",
            "A US reporter was freed.",
            "Copyright lawsuits against the state broadcaster have also multiplied, lawyers said.",
            "The EU's new cookie rules require websites to ask for consent before tracking users, regulators said.",
            "Signal launched a newsletter for activists last week.",
            "The newsletter closed in 2021.",
            "Sign up for the state's new press accreditation scheme closed in March, officials said.",
            "Share on Friday rose 3%.",
        ] {
            assert_eq!(line_rule(line), None, "{line}");
        }
    }

    #[test]
    fn boilerplate_lines_only_when_whole() {
        assert_eq!(line_rule("Leave a Reply"), Some(Rule::Boilerplate));
        assert_eq!(
            line_rule("Your email address will not be published. Required fields are marked *"),
            Some(Rule::Boilerplate)
        );
        assert_eq!(
            line_rule("Subscribe To Our Newsletter"),
            Some(Rule::Boilerplate)
        );
        assert_eq!(
            line_rule("Readers who subscribe to our newsletter were told first."),
            None
        );
    }

    #[test]
    fn section_headings_only_as_short_lines() {
        for story in [
            "Trending prices fell sharply across the region last week, traders said.",
            "More in the north of the country were affected by the floods.",
            "Most popular among the delegates was the proposal on water rights.",
            "Related talks will continue in Geneva",
            "Related talks resume in Geneva",
            "Trending down since 2019",
            "More from the minister",
            "Trending-topic fatigue",
        ] {
            assert_eq!(line_rule(story), None, "{story}");
        }
    }

    #[test]
    fn section_openers_are_link_lists_comments_and_share_prompts() {
        let opens = |line: &str| line_rule(line).is_some_and(|r| opens_section(r, line));
        for line in [
            "Related Posts",
            "Most Popular",
            "Leave a Reply",
            "Kommentare",
            "Share this:",
        ] {
            assert!(opens(line), "{line}");
        }
        // Boxes that sit inside stories: a sign-up call, a network's name over an embed.
        for line in [
            "Sign up for our daily newsletter",
            "Twitter",
            "ADVERTISEMENT",
        ] {
            assert!(line_rule(line).is_some(), "{line} is dropped");
            assert!(!opens(line), "{line} does not end the story");
        }
    }
}
