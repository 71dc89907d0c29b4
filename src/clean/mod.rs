//! The cleaner: raw scraped bytes in, readable text out, with a map back to the raw bytes.
//!
//! It works line by line: whole lines that are page machinery (dividers, pagination, comment
//! forms) are dropped, tag remnants and shortcodes are cut out of the lines that stay, and
//! whitespace is normalised (runs collapse to one space, lines are trimmed, blank-line runs
//! become one blank line). Words are never rewritten: reviewers quote what was published.

mod cells;
mod classify;
mod entities;
mod info;
mod map;
mod rules;

pub use info::ArticleInfo;
pub use map::{ByteSpan, OffsetMap, Segment};
pub use rules::Rule;

use crate::decode::Decoded;
use crate::lanes::Lanes;
use map::MapBuilder;
use rules::Removal;

/// A span of the raw file the cleaner removed, and the rule that removed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Dropped {
    /// Raw byte range removed.
    pub raw: ByteSpan,
    /// Why it was removed.
    pub rule: Rule,
}

/// An article after cleaning: the decoded source, the cleaned text, the map between them and the
/// list of rule-based removals.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    /// The raw bytes as text (lossily decoded), which the raw pane shows.
    pub source: Decoded,
    /// The cleaned text: lines separated by `\n`, paragraphs by one blank line.
    pub text: String,
    /// For every cleaned character, the raw bytes it came from.
    pub map: OffsetMap,
    /// What rules removed, in raw order. Whitespace normalisation is not listed.
    pub dropped: Vec<Dropped>,
    /// Byline, date and outlet found in the text or in what was dropped.
    pub info: ArticleInfo,
    /// Lines of the cleaned text that are headings, for the reader to set apart.
    pub headings: Vec<ByteSpan>,
    /// Lines of the cleaned text that were table rows flattened from HTML, cut into their
    /// cells where cell-tag remnants parted them; [`crate::table::find_all_tables`] makes
    /// tables of the runs.
    pub table_rows: Vec<crate::table::TableLine>,
}

/// The rules of `rules`, in order and each once: what a status line names.
pub fn distinct_rules(rules: impl IntoIterator<Item = Rule>) -> Vec<Rule> {
    let mut out: Vec<Rule> = Vec::new();
    for rule in rules {
        if !out.contains(&rule) {
            out.push(rule);
        }
    }
    out
}

impl Cleaned {
    /// The rules of what was cut out at the cleaned offset `at`: the dropped spans between the
    /// raw bytes of the character before it and of the one at it (after the last character,
    /// everything dropped to the end). The reader names them for the cursor.
    pub fn rules_cut_at(&self, at: usize) -> Vec<Rule> {
        let text = self.text.as_str();
        let at = floor_char_boundary(text, at);
        let before = if at == 0 {
            0
        } else {
            let prev = crate::motion::prev_char(text, at);
            self.map.to_raw_span(prev..at).end
        };
        let here = if at >= text.len() {
            usize::MAX
        } else {
            self.map.to_raw(at)
        };
        let first = self.dropped.partition_point(|d| d.raw.start < before);
        distinct_rules(
            self.dropped[first..]
                .iter()
                .take_while(|d| d.raw.end <= here)
                .map(|d| d.rule),
        )
    }

    /// Dropped spans in decoded-text coordinates, for marking them in the raw pane.
    pub fn dropped_in_source(&self) -> Vec<(std::ops::Range<usize>, Rule)> {
        self.dropped
            .iter()
            .map(|d| {
                (
                    self.source.to_decoded(d.raw.start)..self.source.to_decoded(d.raw.end),
                    d.rule,
                )
            })
            .collect()
    }

    /// Cleaned offset for any raw offset, on a character boundary: the cleaned character made
    /// from that byte (its start, if the byte is inside a multi-byte character), or the next
    /// cleaned character if the byte was dropped.
    pub fn to_clean(&self, raw: usize) -> usize {
        floor_char_boundary(&self.text, self.map.to_clean(raw))
    }

    /// Checks the map against the raw bytes it was made from: segments cover the cleaned text
    /// in order without gaps or overlaps, on character boundaries, move forward through the raw
    /// bytes, and each copy equals its raw bytes while each stand-in is one the cleaner may
    /// make: one space or newline for whitespace (whatever else its raw range holds was
    /// dropped by a rule), a space inserted between words where only a tag stood (an empty
    /// raw range), U+FFFD for invalid bytes, the character a `&…;` reference stands for, `•`
    /// for another list marker. Property tests and `clean --json` consumers rely on these.
    pub fn verify(&self, raw: &[u8]) -> Result<(), String> {
        let mut clean_at = 0;
        let mut raw_at = 0;
        for (i, seg) in self.map.segments().iter().enumerate() {
            if seg.clean.start != clean_at || seg.clean.is_empty() {
                return Err(format!(
                    "segment {i} starts at {} not {clean_at}",
                    seg.clean.start
                ));
            }
            if seg.raw.start < raw_at || seg.raw.end > raw.len() || seg.raw.start > seg.raw.end {
                return Err(format!(
                    "segment {i} raw {:?} goes backwards or out of bounds",
                    seg.raw
                ));
            }
            let Some(clean) = self.text.get(seg.clean.range()) else {
                return Err(format!("segment {i} splits a character"));
            };
            let raw_bytes = &raw[seg.raw.range()];
            let ok = if seg.copy {
                clean.as_bytes() == raw_bytes
            } else {
                self.stand_in_ok(clean, seg.raw, raw)
            };
            if !ok {
                return Err(format!(
                    "segment {i}: {clean:?} does not come from {raw_bytes:?}"
                ));
            }
            clean_at = seg.clean.end;
            raw_at = seg.raw.end;
        }
        if clean_at != self.text.len() {
            return Err(format!(
                "map covers {clean_at} of {} bytes",
                self.text.len()
            ));
        }
        Ok(())
    }

    fn stand_in_ok(&self, clean: &str, span: ByteSpan, raw: &[u8]) -> bool {
        let bytes = &raw[span.range()];
        let text = std::str::from_utf8(bytes);
        match clean {
            " " if span.is_empty() => true,
            " " | "\n" => {
                let dropped = |at: usize| self.dropped.iter().any(|d| d.raw.range().contains(&at));
                // Whitespace (written out or as `&nbsp;`), or else only what rules dropped.
                !bytes.is_empty()
                    && (text.is_ok_and(|t| !has_visible(t))
                        || bytes
                            .iter()
                            .enumerate()
                            .all(|(k, b)| b.is_ascii_whitespace() || dropped(span.start + k)))
            }
            // Invalid bytes, or a reference to no character (`&#0;`, `&#xD800;`).
            "\u{FFFD}" => {
                text.is_err()
                    || text.is_ok_and(|t| {
                        entities::decode_at(t, 0)
                            .is_some_and(|(len, v)| len == t.len() && v == clean)
                    })
            }
            "•" => text.is_ok_and(is_bullet_marker),
            // The next item of a list scraped onto one line, inserted where the tag opening it
            // (dropped by a rule) begins.
            "\n• " => span.is_empty() && self.dropped.iter().any(|d| d.raw.start == span.start),
            _ => text.is_ok_and(|t| {
                entities::decode_at(t, 0).is_some_and(|(len, v)| len == t.len() && v == clean)
            }),
        }
    }

    /// The first line a reader would call the title: not a divider, not punctuation, at least
    /// a few letters long.
    pub fn title(&self) -> Option<&str> {
        self.text
            .lines()
            .map(str::trim)
            .find(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 3)
    }
}

/// Cleans raw article bytes. Never fails: invalid UTF-8 is decoded lossily and anything the
/// rules do not recognise is kept.
pub fn clean(raw: &[u8]) -> Cleaned {
    clean_decoded(Decoded::new(raw))
}

/// [`clean`] for bytes the caller no longer needs: valid UTF-8 (most articles) becomes the
/// source text without a copy, so opening a 50 MB article holds one copy of it less.
pub fn clean_owned(raw: Vec<u8>) -> Cleaned {
    clean_decoded(Decoded::from_vec(raw))
}

/// [`clean_owned`], with `beside` run on the decoded source text on another thread while
/// the cleaning runs: the reader wraps the raw pane of a large article that way, so opening it
/// waits for the longer of the two, not for both.
pub fn clean_owned_beside<T: Send>(
    raw: Vec<u8>,
    beside: impl FnOnce(&str) -> T + Send,
) -> (Cleaned, T) {
    let source = Decoded::from_vec(raw);
    let (parts, other) = std::thread::scope(|scope| {
        let text = source.text();
        let other = scope.spawn(move || beside(text));
        let parts = clean_parts(&source);
        (parts, other.join())
    });
    match other {
        Ok(other) => (parts.with(source), other),
        // The other work panicked: let its panic go on as it would have in line.
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Cleans text already decoded.
fn clean_decoded(source: Decoded) -> Cleaned {
    clean_parts(&source).with(source)
}

/// Everything [`Cleaned`] holds but the source it was made from, so the source can be lent to
/// other work while it is cleaned.
struct Parts {
    text: String,
    map: OffsetMap,
    dropped: Vec<Dropped>,
    info: ArticleInfo,
    headings: Vec<ByteSpan>,
    table_rows: Vec<crate::table::TableLine>,
}

impl Parts {
    fn with(self, source: Decoded) -> Cleaned {
        Cleaned {
            text: self.text,
            source,
            map: self.map,
            dropped: self.dropped,
            info: self.info,
            headings: self.headings,
            table_rows: self.table_rows,
        }
    }
}

/// The cleaning itself, of a borrowed source.
fn clean_parts(source: &Decoded) -> Parts {
    let text = source.text();
    let lang = crate::lang::guess(text);
    let french = lang == crate::lang::Lang::Fr;

    // Pass 1: what each line is, by the named rules, and how its text measures.
    // Room for lines of 64 bytes on average, so that a long article's lists are rarely
    // copied as they grow (room never written costs no memory).
    let room = text.len() / 64 + 16;
    let Scratch {
        mut lines,
        mut stats,
        mut written,
        mut removals,
    } = Scratch::take(room);
    // `lines`: each line and what it is. `stats`: the measures of the text lines, in order,
    // apart from the lines: the classifier reads them alone.
    let mut section_end = false;
    // Whether that section is the readers' comments.
    let mut comments = false;
    // Share-bar lines since the last text line: one network's name may label an embedded
    // post, several in a row are a share bar, which ends the story like a section heading.
    let mut share_run = 0;
    // Script, style and comment blocks, which may span lines; the next that may meet a line.
    let blocks = rules::code_blocks(text);
    let mut next_block = 0;
    for line in Lines::new(text) {
        let content = &text[line.content.clone()];
        let kind = if !has_visible(content) {
            Kind::Blank
        } else {
            // Whole-line rules look at the line as it will read, tags cut out, so that
            // `. . . .< / li >` is still a divider.
            let from = removals.len();
            let marks = rules::inline_removals_into(content, &mut removals);
            while blocks
                .get(next_block)
                .is_some_and(|(b, _)| b.end <= line.content.start)
            {
                next_block += 1;
            }
            add_blocks(&blocks[next_block..], &line.content, &mut removals, from);
            let found = from..removals.len();
            let line_removals = &removals[found.clone()];
            if !has_text_outside(content, line_removals) {
                Kind::Artifacts(found)
            } else {
                let visible = visible_text(content, line_removals, marks.ampersand);
                match rules::line_rule(&visible) {
                    Some(rule) => {
                        share_run += usize::from(rule == Rule::ShareBar);
                        let opens = rules::opens_section(rule, &visible);
                        section_end |= share_run >= 2 || opens;
                        comments |= opens && rule == Rule::Boilerplate;
                        removals.truncate(from);
                        Kind::Dropped(rule)
                    }
                    None => {
                        let links = line_removals.iter().filter(|r| r.link).count();
                        let mut measured = classify::Stats::of(&visible, lang, links);
                        measured.after_section_end = std::mem::take(&mut section_end);
                        measured.after_comments = std::mem::take(&mut comments);
                        // Spacing measured on the line itself, not on a copy with references
                        // decoded or tags cut out.
                        measured.plain &= matches!(visible, std::borrow::Cow::Borrowed(_));
                        share_run = 0;
                        stats.push(measured);
                        Kind::Text {
                            stats: stats.len() - 1,
                            marker: list_marker(&visible),
                            removals: found,
                        }
                    }
                }
            }
        };
        lines.push((line, kind));
    }

    // Pass 2: the classifier settles the text lines no rule named.
    let mut keep = classify::keep(&stats, lang != crate::lang::Lang::Unknown).into_iter();
    for (_, kind) in &mut lines {
        if matches!(kind, Kind::Text { .. }) && keep.next() == Some(false) {
            *kind = Kind::Dropped(Rule::LowContent);
        }
    }
    let items = list_items(&lines);

    // Pass 3: write the kept lines, one blank line between paragraphs.
    let mut out = MapBuilder::new(text);
    // Each written line: its cleaned range, its measures (in `stats`), whether it is a list
    // item.
    let mut dropped: Vec<(std::ops::Range<usize>, Rule)> = Vec::new();
    // Terminator of the previous kept line, and of the first blank line after it.
    let mut prev_terminator: Option<std::ops::Range<usize>> = None;
    let mut blank_terminator: Option<std::ops::Range<usize>> = None;
    let mut pending_blank = false;
    // Written lines that may be flattened table rows, and where their cells part (decoded).
    let mut row_breaks: Vec<(std::ops::Range<usize>, Vec<usize>)> = Vec::new();
    let measures = &stats;
    for ((line, kind), item) in lines.drain(..).zip(items) {
        let at = line.content.start;
        let (found, measured) = match kind {
            Kind::Blank => {
                if prev_terminator.is_some() && !pending_blank {
                    pending_blank = true;
                    blank_terminator = Some(line.terminator.clone());
                }
                continue;
            }
            Kind::Dropped(rule) => {
                dropped.push((line.content.clone(), rule));
                continue;
            }
            Kind::Artifacts(found) => (found, None),
            Kind::Text {
                removals: found,
                stats,
                marker,
            } => (found, Some((stats, marker))),
        };
        let removals = &removals[found];
        dropped.extend(
            removals
                .iter()
                .map(|r| (at + r.range.start..at + r.range.end, r.rule)),
        );
        let Some((stats, marker)) = measured else {
            // Nothing but artifacts on this line: drop it without a paragraph break.
            continue;
        };
        if let Some(term) = prev_terminator.clone() {
            emit_newline(&mut out, text, term);
            if pending_blank && let Some(blank) = blank_terminator.clone() {
                emit_newline(&mut out, text, blank);
            }
        }
        let line_text = LineText {
            text,
            base: at,
            line: &text[line.content.clone()],
            removals,
        };
        let from = out.len();
        let as_is = removals.is_empty() && !item;
        // A plainly spaced line (no whitespace at its ends either) is its own text, as
        // `written_as_is` would find.
        let kept = if as_is && measures[stats].plain {
            let kept = 0..line_text.line.len();
            debug_assert_eq!(Some(kept.clone()), written_as_is(line_text.line));
            Some(kept)
        } else {
            as_is.then(|| written_as_is(line_text.line)).flatten()
        };
        // Where cell tags part the line it is a table row: its items stay on it.
        let breaks = cells::breaks(line_text.line, removals);
        match kept {
            Some(kept) => out.copy(at + kept.start..at + kept.end),
            None => emit_line(&mut out, &line_text, french, item, breaks.is_empty()),
        }
        written.push((from..out.len(), stats, marker.is_some()));
        if !breaks.is_empty() {
            row_breaks.push((
                from..out.len(),
                breaks.into_iter().map(|b| at + b).collect(),
            ));
        }
        prev_terminator = Some(line.terminator.clone());
        pending_blank = false;
        blank_terminator = None;
    }

    let dropped_text: Vec<&str> = dropped
        .iter()
        .filter(|(_, rule)| *rule == Rule::Syndication)
        .map(|(r, _)| &text[r.clone()])
        .collect();
    let (clean_text, map) = out.finish(source);
    let headings = headings(&written, &stats);
    let table_rows = row_breaks
        .into_iter()
        .filter_map(|(span, breaks)| {
            let bounds: Vec<usize> = breaks
                .into_iter()
                .map(|b| floor_char_boundary(&clean_text, map.to_clean(source.to_raw(b))))
                .collect();
            cells::row(&clean_text, span, &bounds)
        })
        .collect();
    let info = info::find(&clean_text, &dropped_text);
    let dropped = dropped
        .into_iter()
        .map(|(r, rule)| Dropped {
            raw: ByteSpan::new(source.to_raw(r.start), source.to_raw(r.end)),
            rule,
        })
        .collect();
    Scratch {
        lines,
        stats,
        written,
        removals,
    }
    .give_back();
    Parts {
        text: clean_text,
        map,
        dropped,
        info,
        headings,
        table_rows,
    }
}

/// The per-line lists of [`clean_parts`], which it only uses inside: kept on the thread
/// between cleanings, so that a search cleaning thousands of articles (or a reader opening one
/// after another) does not ask the allocator, and the kernel, for fresh memory each time.
/// For a long article they are tens of bytes a line, and fresh pages cost as much to fault in
/// as a tenth of the cleaning.
#[derive(Default)]
struct Scratch {
    lines: Vec<(Line, Kind)>,
    stats: Vec<classify::Stats>,
    /// Each written line: its cleaned range, its measures (in `stats`), whether it is a list
    /// item.
    written: Vec<(std::ops::Range<usize>, usize, bool)>,
    /// The removals inside every line, one after another: one list rather than one per
    /// line.
    removals: Vec<Removal>,
}

/// Lists larger than this are let go rather than kept: a thread that once cleaned a huge
/// article does not hold on to its memory.
const SCRATCH_KEPT_BYTES: usize = 32 << 20;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

impl Scratch {
    /// The thread's lists, empty, with room for `lines` lines. (Taken, not borrowed: a
    /// cleaning that panicked, or one inside another, finds none and starts afresh.)
    fn take(lines: usize) -> Scratch {
        let mut s = SCRATCH.with_borrow_mut(std::mem::take);
        s.lines.reserve(lines);
        s.stats.reserve(lines);
        s.written.reserve(lines);
        s
    }

    /// Empties the lists and keeps them for the thread's next cleaning, unless large.
    fn give_back(mut self) {
        self.lines.clear();
        self.stats.clear();
        self.written.clear();
        self.removals.clear();
        let bytes = self.lines.capacity() * std::mem::size_of::<(Line, Kind)>()
            + self.stats.capacity() * std::mem::size_of::<classify::Stats>()
            + self.written.capacity()
                * std::mem::size_of::<(std::ops::Range<usize>, usize, bool)>()
            + self.removals.capacity() * std::mem::size_of::<Removal>();
        if bytes <= SCRATCH_KEPT_BYTES {
            SCRATCH.set(self);
        }
    }
}

/// The written lines that are headings: short, not ending like a sentence, not a list item or
/// table row, and followed by running text.
fn headings(
    written: &[(std::ops::Range<usize>, usize, bool)],
    stats: &[classify::Stats],
) -> Vec<ByteSpan> {
    written
        .windows(2)
        .filter(|w| {
            let ((_, s, item), (_, next, _)) = (&w[0], &w[1]);
            let (s, next) = (&stats[*s], &stats[*next]);
            !item
                && !s.sentence_end
                && !s.table_row
                && s.words >= 2
                && s.chars <= MAX_HEADING_CHARS
                && (next.sentence_end || next.chars > MAX_HEADING_CHARS)
        })
        .map(|w| w[0].0.clone().into())
        .collect()
}

/// Longest line shown as a heading.
const MAX_HEADING_CHARS: usize = 120;

/// The list marker opening a line as it reads (`- item`, `* item`, `• item`), if any.
fn list_marker(visible: &str) -> Option<char> {
    let v = visible.trim_start();
    let c = v.chars().next()?;
    let marker = c == '•' || is_bullet_marker(&v[..c.len_utf8()]);
    (marker && v[c.len_utf8()..].starts_with(char::is_whitespace)).then_some(c)
}

/// For each line, whether it is an item of a list: the kept text line before or after it
/// opens with a list marker too (blank lines between items allowed), so a lone `- 5 degrees`
/// or `* footnote` keeps its character.
fn list_items(lines: &[(Line, Kind)]) -> Vec<bool> {
    let markers: Vec<(usize, char)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, (_, kind))| match kind {
            Kind::Text { marker, .. } => Some((i, marker.unwrap_or('\0'))),
            _ => None,
        })
        .collect();
    let mut items = vec![false; lines.len()];
    for (k, &(i, m)) in markers.iter().enumerate() {
        let shared = |other: Option<&(usize, char)>| other.is_some_and(|o| o.1 != '\0');
        if m != '\0' && (k > 0 && shared(markers.get(k - 1)) || shared(markers.get(k + 1))) {
            items[i] = true;
        }
    }
    items
}

/// What pass 1 found a line to be.
enum Kind {
    /// Whitespace only: a paragraph break.
    Blank,
    /// Removed whole, by this rule.
    Dropped(Rule),
    /// Nothing left once these removals are made (a range of [`Scratch::removals`]).
    Artifacts(std::ops::Range<usize>),
    /// Text to keep, once these removals are made; how it measures and the list marker it
    /// opens with.
    Text {
        /// Tag remnants and other removals inside the line: a range of
        /// [`Scratch::removals`].
        removals: std::ops::Range<usize>,
        /// Where what the classifier measures is in the list of measures.
        stats: usize,
        /// The list marker opening the line as it reads.
        marker: Option<char>,
    },
}

/// `line` as it will read, for the whole-line rules and for measuring: removals cut out
/// (leaving a space) and character references decoded. `ampersand` says whether the line
/// holds an `&` at all ([`rules::Marks`]).
fn visible_text<'a>(
    line: &'a str,
    removals: &[Removal],
    ampersand: bool,
) -> std::borrow::Cow<'a, str> {
    // Most lines have nothing to cut or decode: no copy then.
    if removals.is_empty() && !ampersand {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    let push = |piece: &str, out: &mut String| {
        if !ampersand {
            // No reference anywhere in the line: nothing to look for.
            out.push_str(piece);
            return;
        }
        let mut i = 0;
        while let Some(amp) = piece[i..].find('&') {
            out.push_str(&piece[i..i + amp]);
            i += amp;
            match entities::decode_at(piece, i) {
                Some((len, value)) => {
                    out.push_str(&value);
                    i += len;
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            }
        }
        out.push_str(&piece[i..]);
    };
    for r in removals {
        push(&line[at..r.range.start], &mut out);
        out.push(' ');
        at = r.range.end;
    }
    push(&line[at..], &mut out);
    std::borrow::Cow::Owned(out)
}

/// A list marker the cleaner turns into `•`.
fn is_bullet_marker(s: &str) -> bool {
    matches!(s, "-" | "*" | "▪" | "◦" | "‣" | "·" | "●")
}

/// The largest character boundary of `text` at or before `at`: where a byte offset from
/// elsewhere (a map, a window, a search) may cut the text without splitting a character.
pub fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The parts of `blocks` (sorted, apart, the first ending after the line starts) inside the
/// line at `line`, as removals among the line's own (`removals[from..]`), which give way
/// where a block covers them.
fn add_blocks(
    blocks: &[(std::ops::Range<usize>, Rule)],
    line: &std::ops::Range<usize>,
    removals: &mut Vec<Removal>,
    from: usize,
) {
    // Most lines meet no block.
    if blocks.first().is_none_or(|(b, _)| b.start >= line.end) {
        return;
    }
    let inside: Vec<(std::ops::Range<usize>, Rule)> = blocks
        .iter()
        .take_while(|(b, _)| b.start < line.end)
        .map(|(b, rule)| {
            let (start, end) = (b.start.max(line.start), b.end.min(line.end));
            (start - line.start..end - line.start, *rule)
        })
        .filter(|(r, _)| !r.is_empty())
        .collect();
    if inside.is_empty() {
        return;
    }
    // Both lists are sorted and apart: walked side by side, the first block that does not
    // end before a removal is the only one it may meet.
    let mut own = removals.split_off(from);
    let mut next = 0;
    own.retain(|r| {
        while inside
            .get(next)
            .is_some_and(|(b, _)| b.end <= r.range.start)
        {
            next += 1;
        }
        inside.get(next).is_none_or(|(b, _)| b.start >= r.range.end)
    });
    // A browser draws nothing for them, not even a space: `$<!-- -->25` reads `$25`.
    own.extend(inside.into_iter().map(|(range, rule)| Removal {
        range,
        rule,
        separates: false,
        link: false,
        opens_item: false,
    }));
    own.sort_by_key(|r| r.range.start);
    removals.append(&mut own);
}

/// True when `line` has a visible character that no removal covers.
fn has_text_outside(line: &str, removals: &[Removal]) -> bool {
    let mut at = 0;
    for r in removals {
        if has_visible(&line[at..r.range.start]) {
            return true;
        }
        at = r.range.end;
    }
    has_visible(&line[at..])
}

/// True when `s` shows something: a character that is not whitespace, or a reference that
/// does not stand for whitespace (`&nbsp;` alone is a blank line).
fn has_visible(s: &str) -> bool {
    // Most lines open with a visible ASCII character.
    s.as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_graphic() && *b != b'&')
        || shows_a_character(s)
}

/// [`has_visible`], one character after another.
fn shows_a_character(s: &str) -> bool {
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        if c == '&'
            && let Some((len, value)) = entities::decode_at(s, i)
        {
            if !value.chars().all(char::is_whitespace) {
                return true;
            }
            i += len;
            continue;
        }
        if !c.is_whitespace() {
            return true;
        }
        i += c.len_utf8();
    }
    false
}

/// `s.trim()`, told at once for the many lines whose ends are visible ASCII characters (which
/// neither are nor end whitespace).
pub(crate) fn trim(s: &str) -> &str {
    let bytes = s.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Writes a line break standing for `terminator` (`\n` copied as is, `\r\n` or `\r` replaced).
fn emit_newline(out: &mut MapBuilder, text: &str, terminator: std::ops::Range<usize>) {
    if &text[terminator.clone()] == "\n" {
        out.copy(terminator);
    } else {
        // A missing terminator (last line) cannot precede another line, so this is CR or CRLF.
        out.synth("\n", terminator);
    }
}

/// Whether the removals that follow each other from `at` on include a word-separating one.
fn separated_at(removals: &[Removal], mut at: usize) -> bool {
    let first = removals.partition_point(|r| r.range.start < at);
    for r in &removals[first..] {
        if r.range.start != at {
            break;
        }
        if r.separates {
            return true;
        }
        at = r.range.end;
    }
    false
}

/// The first character at or after `from` that no removal covers.
fn next_visible(line: &str, removals: &[Removal], from: usize) -> Option<char> {
    let mut at = from;
    let first = removals.partition_point(|r| r.range.end <= from);
    for r in &removals[first..] {
        if r.range.start > at {
            break;
        }
        at = at.max(r.range.end);
    }
    line[at..].chars().next()
}

/// Closing punctuation that scraping often separates from its word (`region .`). French puts
/// a space before `;:!?` by rule, so for French text only `,` and `.` are joined.
fn joins_previous_word(c: char, french: bool) -> bool {
    matches!(c, ',' | '.') || (!french && matches!(c, ';' | ':' | '!' | '?'))
}

/// One line being written: the whole decoded text, where the line starts in it, the line
/// and what is removed from it.
struct LineText<'a> {
    text: &'a str,
    base: usize,
    line: &'a str,
    removals: &'a [Removal],
}

/// Writes one line's content minus its removals, trimmed, with whitespace runs collapsed,
/// character references decoded, scraped spaces before punctuation dropped and, for a list
/// item, its marker written as `•` (and with `split_items`, each further item its tag opens
/// on a line of its own).
fn emit_line(out: &mut MapBuilder, l: &LineText, french: bool, list_item: bool, split_items: bool) {
    let LineText {
        text,
        base,
        line,
        removals,
    } = *l;
    // A pending run of whitespace and removals not yet written: its range, the range of the
    // whitespace in it (what a space written for it stands for), and whether it separates
    // words (whitespace or a block tag) so that one space must be written.
    let mut gap: Option<std::ops::Range<usize>> = None;
    let mut gap_space: Option<std::ops::Range<usize>> = None;
    let mut gap_separates = false;
    // Where the gap's first tag opening a list item (`< li >`) begins, if it holds one.
    let mut gap_item: Option<usize> = None;
    let mut last: Option<char> = None;
    // Whether text follows the line's list marker yet.
    let mut after_marker = false;
    let mut removal_iter = removals.iter().peekable();
    let mut chunk_start: Option<usize> = None;
    let mut i = 0;
    let flush_chunk = |out: &mut MapBuilder, start: &mut Option<usize>, end: usize| {
        if let Some(s) = start.take() {
            out.copy(base + s..base + end);
        }
    };
    while i < line.len() {
        if let Some(r) = removal_iter.peek()
            && r.range.start == i
        {
            flush_chunk(out, &mut chunk_start, i);
            gap.get_or_insert(base + i..base + i).end = base + r.range.end;
            gap_separates |= r.separates;
            if r.opens_item {
                gap_item.get_or_insert(base + r.range.start);
            }
            i = r.range.end;
            removal_iter.next();
            continue;
        }
        let Some(c) = line[i..].chars().next() else {
            break;
        };
        let entity = if c == '&' {
            entities::decode_at(line, i)
        } else {
            None
        };
        let (len, visible) = match &entity {
            Some((len, value)) => (*len, !value.chars().all(char::is_whitespace)),
            None => (c.len_utf8(), !c.is_whitespace()),
        };
        if !visible {
            flush_chunk(out, &mut chunk_start, i);
            gap.get_or_insert(base + i..base + i).end = base + i + len;
            // The first run of whitespace in the gap is what a written space stands for.
            match &mut gap_space {
                None => gap_space = Some(base + i..base + i + len),
                Some(ws) if ws.end == base + i => ws.end += len,
                Some(_) => {}
            }
            gap_separates = true;
            i += len;
            continue;
        }
        if let Some(g) = gap.take() {
            flush_chunk(out, &mut chunk_start, i);
            // Scraping put a space before clause punctuation (`region .`): drop it, but only
            // after a word and before a space, a tag or the end of the line.
            let next = next_visible(line, removals, i + len);
            // Several items scraped onto one line (`…; li >< / ul >< ul >< li >Next…`): each
            // after the first goes on a line of its own, with its bullet, both inserted for
            // layout where the tag was.
            if list_item
                && split_items
                && after_marker
                && let Some(at) = gap_item
            {
                out.synth("\n• ", at..at);
                gap_space = None;
                gap_separates = false;
                last = Some(' ');
            }
            let glue = entity.is_none()
                && joins_previous_word(c, french)
                && last.is_some_and(|p| p.is_alphabetic() || ")]”’\"'»".contains(p))
                && (separated_at(removals, i + len) || next.is_none_or(char::is_whitespace));
            if last.is_some() && gap_separates && !glue {
                match gap_space.take() {
                    Some(ws) if &text[ws.clone()] == " " => out.copy(ws),
                    Some(ws) => out.synth(" ", ws),
                    // Only a tag stood between the words: the space is inserted, and maps to
                    // an empty range where the tag was.
                    None => out.synth(" ", g.start..g.start),
                }
            }
            gap_space = None;
            gap_separates = false;
            gap_item = None;
        }
        let first = last.is_none();
        after_marker |= !first || !list_item;
        last = Some(c);
        if first && list_item && c != '•' && entity.is_none() {
            // One bullet style: the list marker opening the line becomes `•`.
            flush_chunk(out, &mut chunk_start, i);
            out.synth("•", base + i..base + i + len);
            i += len;
            continue;
        }
        match entity {
            Some((len, value)) => {
                flush_chunk(out, &mut chunk_start, i);
                out.synth(&value, base + i..base + i + len);
                last = value.chars().last();
                i += len;
            }
            None => {
                chunk_start.get_or_insert(i);
                i += len;
                // Fast path: the plain text that follows a visible character (most of any
                // article) needs no decision until the next reference, removal or unusual
                // space.
                let stop = removal_iter.peek().map_or(line.len(), |r| r.range.start);
                let (end, plain_last) = plain_run(line, i, stop);
                i = end;
                last = plain_last.or(last);
            }
        }
    }
    flush_chunk(out, &mut chunk_start, line.len());
}

/// The part of `line` that [`emit_line`] writes unchanged when nothing is removed from it and
/// it is not a list item, if it writes the line that way: the line trimmed, when it holds
/// only single spaces between words (no other whitespace, none before punctuation that may be
/// glued to its word), no reference and no control character. Most lines of prose are such
/// lines; one quick look at their bytes spares deciding character by character.
fn written_as_is(line: &str) -> Option<std::ops::Range<usize>> {
    let start = line.len() - line.trim_start().len();
    let trimmed = trim(line);
    let bytes = trimmed.as_bytes();
    // Looks at every byte rather than stopping at the first odd one, with no branch, so the
    // compiler can check many at once: each byte with the two after it (the last ones with
    // spaces after them, which change nothing here).
    if bytes.is_empty() {
        return None;
    }
    let at = |k: usize| bytes.get(k).copied().unwrap_or(b' ');
    let ends = [
        at(bytes.len().saturating_sub(2)),
        at(bytes.len() - 1),
        b' ',
        b' ',
    ];
    let check = |b: u8, n1: u8, n2: u8| {
        let odd = (b < b' ') | (b == b'&') | (b == 0x7f);
        let glued = (b == b' ')
            & ((n1 == b' ')
                | (n1 == b',')
                | (n1 == b'.')
                | (n1 == b';')
                | (n1 == b':')
                | (n1 == b'!')
                | (n1 == b'?'));
        // Whitespace outside ASCII, and a few characters more (never the curly quotes
        // E2 80 98 to 9F): U+0085, U+00A0, U+1680, U+2000 to U+200A, U+2028, U+2029,
        // U+202F, U+205F and U+3000.
        let wide_space = (b == 0xc2) & ((n1 == 0x85) | (n1 == 0xa0))
            | (b == 0xe1) & (n1 == 0x9a)
            | (b == 0xe2)
                & ((n1 == 0x80) & ((n2 <= 0x8a) | (n2 == 0xa8) | (n2 == 0xa9) | (n2 == 0xaf))
                    | (n1 == 0x81) & (n2 == 0x9f))
            | (b == 0xe3) & (n1 == 0x80) & (n2 == 0x80);
        odd | glued | wide_space
    };
    let n = bytes.len();
    let hit = if n >= 3 {
        bytes[..n - 2]
            .iter()
            .zip(&bytes[1..n - 1])
            .zip(&bytes[2..])
            .fold(false, |hit, ((&b, &n1), &n2)| hit | check(b, n1, n2))
    } else {
        false
    };
    let hit = hit | ends.windows(3).any(|w| check(w[0], w[1], w[2]));
    if hit {
        return None;
    }
    Some(start..start + trimmed.len())
}

/// Where the plain text from `from` to at most `stop` ends, and its last character: text that
/// `emit_line` copies as it stands when it follows a visible character. That is characters
/// that are neither whitespace nor the `&` of a reference, and single spaces between words
/// when the next word does not open with punctuation that scraping may have set apart
/// (`region .`).
fn plain_run(line: &str, from: usize, stop: usize) -> (usize, Option<char>) {
    plain_run_reading::<true>(line, from, stop)
}

/// [`plain_run`], reading sixteen bytes at a time where it can when `SIXTEEN`, else one
/// character after another (what the tests hold the faster reading to).
fn plain_run_reading<const SIXTEEN: bool>(
    line: &str,
    from: usize,
    stop: usize,
) -> (usize, Option<char>) {
    let bytes = line.as_bytes();
    let mut i = from;
    // Start of the last character taken.
    let mut last_at = None;
    while i < stop {
        // Sixteen bytes at a time while they are plainly so (see `plain_prefix`).
        let (plain, last) = if SIXTEEN {
            plain_prefix(bytes, i, stop)
        } else {
            (0, i)
        };
        if plain > 0 {
            last_at = Some(last);
            i += plain;
            if plain == 16 {
                continue;
            }
        }
        let b = bytes[i];
        if b.is_ascii_graphic() && b != b'&' {
            last_at = Some(i);
            i += 1;
        } else if b >= 0x80 {
            let Some(c) = line[i..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                break;
            }
            last_at = Some(i);
            i += c.len_utf8();
        } else if b == b' ' && i + 1 < stop {
            let Some(c) = line[i + 1..].chars().next() else {
                break;
            };
            if c.is_whitespace() || c == '&' || matches!(c, ',' | '.' | ';' | ':' | '!' | '?') {
                break;
            }
            last_at = Some(i + 1);
            i += 1 + c.len_utf8();
        } else {
            break;
        }
    }
    (i, last_at.and_then(|at| line[at..].chars().next()))
}

/// How many of the sixteen bytes from `at` (which must lie, with the byte after them, before
/// `stop`) [`plain_run`] surely takes as they come, and where the last of them that is no
/// space is: ASCII characters other than whitespace and `&`, and spaces followed by such a
/// character that is no clause punctuation; the first byte that is none of these ends them.
/// None are counted when `stop` is nearer: the loop goes byte by byte there.
#[inline]
fn plain_prefix(bytes: &[u8], at: usize, stop: usize) -> (usize, usize) {
    if at + 16 >= stop {
        return (0, at);
    }
    let lanes = |from: usize| bytes.get(from..).and_then(Lanes::load);
    let (Some(here), Some(next)) = (lanes(at), lanes(at + 1)) else {
        return (0, at);
    };
    let (taken, spaces) = plain_masks(here, next);
    // The first byte not taken ends the run. A space is taken only before a taken byte that
    // is no space, so the byte before the first untaken one is never a space; within a whole
    // block of taken bytes, the last that is no space is the last non-space bit.
    let plain = (!taken).trailing_zeros().min(16) as usize;
    if plain == 0 {
        return (0, at);
    }
    // A space is taken only before a byte taken for itself, so some byte of the run is no
    // space.
    let kept = u32::from(!spaces) & ((1u32 << plain) - 1);
    match kept.checked_ilog2() {
        Some(last) => (plain, at + last as usize),
        None => (0, at),
    }
}

/// [`plain_prefix`]'s tests on `x` (sixteen bytes) and `next` (the same shifted by one):
/// which bytes are taken, and which are spaces, a bit each.
#[inline]
fn plain_masks(x: Lanes, next: Lanes) -> (u16, u16) {
    // Printable ASCII, 0x21 to 0x7e, is what is above 0x20 and below 0x7f as signed bytes
    // (bytes from 0x80 are negative).
    let graphic = |v: Lanes| v.above_signed(0x20).and_not(v.eq(0x7f));
    let word = graphic(x).and_not(x.eq(b'&'));
    let punct = [b',', b'.', b';', b':', b'!', b'?']
        .into_iter()
        .fold(next.eq(b'&'), |m, b| m.or(next.eq(b)));
    let follows = graphic(next).and_not(punct);
    let space = x.eq(b' ');
    (word.or(space.and(follows)).bits(), space.bits())
}

/// [`plain_masks`] a byte at a time: what the tests check it against.
#[cfg(test)]
fn plain_masks_bytewise(here: &[u8], next: &[u8]) -> (u16, u16) {
    let graphic = |b: u8| b.is_ascii_graphic();
    let (mut taken, mut spaces) = (0u16, 0u16);
    for (k, (&b, &n)) in here.iter().zip(next).take(16).enumerate() {
        let word = graphic(b) && b != b'&';
        let follows = graphic(n) && !matches!(n, b'&' | b',' | b'.' | b';' | b':' | b'!' | b'?');
        taken |= u16::from(word || b == b' ' && follows) << k;
        spaces |= u16::from(b == b' ') << k;
    }
    (taken, spaces)
}

/// A line of the decoded text: its content and its terminator (empty for the last line).
struct Line {
    content: std::ops::Range<usize>,
    terminator: std::ops::Range<usize>,
}

/// Splits on `\n`, `\r\n` and lone `\r`, keeping the terminator's range.
struct Lines<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines { text, at: 0 }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.at >= self.text.len() {
            return None;
        }
        let rest = &self.text.as_bytes()[self.at..];
        let start = self.at;
        match memchr::memchr2(b'\n', b'\r', rest) {
            None => {
                self.at = self.text.len();
                Some(Line {
                    content: start..self.text.len(),
                    terminator: self.text.len()..self.text.len(),
                })
            }
            Some(pos) => {
                let end = start + pos;
                let term_len = if rest[pos] == b'\r' && rest.get(pos + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                self.at = end + term_len;
                Some(Line {
                    content: start..end,
                    terminator: end..end + term_len,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests;
