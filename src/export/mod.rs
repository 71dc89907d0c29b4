//! Claims out of claimmark, for editors and other tools: a Markdown review report, CSV (one
//! row per claim), JSON (everything), W3C Web Annotations and schema.org `ClaimReview`.
//! Rendering is a pure function of the collected claims, so the same text comes out of the TUI
//! and the command line, and golden files can pin it down; only [`collect`] reads files.

mod claimreview;
mod csv;
mod json;
mod markdown;
mod w3c;

use std::ops::Range;
use std::path::Path;

use serde::Serialize;

pub use csv::CSV_COLUMNS;

use crate::claims::query::{Query, Subject};
use crate::claims::scale::Scales;
use crate::claims::{AnchorState, ArticleId, Claim, ReviewStatus, Sidecar, store};
use crate::config::{Config, ReviewAuthor};
use crate::corpus::Corpus;
use crate::decode::Decoded;

/// One article's claims, with what a report says of the article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleClaims {
    /// The article's path relative to the corpus root.
    pub file: String,
    /// Its title as the list shows it.
    pub title: String,
    /// Byline found in it, if any.
    pub byline: Option<String>,
    /// Date found in it, if any.
    pub date: Option<String>,
    /// The outlet or source it credits, if any.
    pub outlet: Option<String>,
    /// How far its review has come.
    pub status: ReviewStatus,
    /// Its claims, in file order.
    pub claims: Vec<Claim>,
    /// The other versions of claims a merge or an import left in conflict (same ids as their
    /// claims): exported in JSON so that nothing a reviewer wrote is lost on the way.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Claim>,
    /// Size in bytes of the article the claims were placed on, as its sidecar records it.
    pub bytes: u64,
    /// SHA-256 of that article: `import` recognises the same article by it without searching
    /// for the claims.
    pub sha256: String,
    /// The article as a `file:` URI of its absolute path: what a W3C annotation targets, since
    /// it is the one name a consumer on this machine can open. Not part of the JSON export,
    /// whose `file` stays relative so that it is the same on every machine.
    #[serde(skip)]
    pub uri: String,
    /// Where each claim is in the article's text now, for the formats that point into it.
    #[serde(skip)]
    pub text: TextState,
}

/// How the article's text stood when its claims were collected. Only the W3C export needs it
/// (its `TextPositionSelector` counts characters, the anchors bytes), so only it pays for
/// reading every article in full.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum TextState {
    /// Not read: the format asked for does not point into the text.
    #[default]
    NotRead,
    /// Read. For each claim, in the order of `claims`, its place in Unicode code points of the
    /// raw text decoded as claimmark decodes it (each invalid byte run one U+FFFD), or `None`
    /// where the article changed and the claim's text is no longer there as saved.
    Read {
        /// The claims' places, one per claim.
        positions: Vec<Option<Range<usize>>>,
        /// For each claim, where it is now (see [`crate::claims::AnchorState`]) and its raw
        /// byte range there if it was found: reports give the place as it is, not as saved.
        states: Vec<(AnchorState, Option<Range<usize>>)>,
        /// True when the article is not the file the sidecar was saved for (its hash differs).
        changed: bool,
    },
    /// The article could not be read: the reason.
    Unreadable(String),
}

/// The formats claimmark writes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
pub enum Format {
    /// A review report for editors, readable as plain text and rendered.
    Md,
    /// One row per claim, a fixed column set (see [`CSV_COLUMNS`]).
    Csv,
    /// Everything, as `{"version": 1, "articles": [...]}` (`assets/export.schema.json`).
    Json,
    /// W3C Web Annotations (JSON-LD): an `AnnotationCollection` with one annotation per claim.
    W3c,
    /// schema.org `ClaimReview` (JSON-LD), as fact-check search tools read it: an array.
    #[value(name = "claimreview")]
    ClaimReview,
}

impl Format {
    /// Whether the format points into the article text, so [`collect`] must read each article.
    pub fn needs_text(self) -> bool {
        matches!(self, Format::W3c | Format::Md | Format::Csv)
    }
}

/// What the exports take from the reviewer's settings, so rendering stays a pure function.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The rating scales, for ratings in words and their place on the scale.
    pub scales: Scales,
    /// Where published reviews live: a `ClaimReview`'s `url` is this plus the claim id.
    pub review_base_url: Option<String>,
    /// Who publishes the reviews; the claim's author, as a person, when unset.
    pub review_author: Option<ReviewAuthor>,
}

impl Settings {
    /// The settings of `config`, with its warning about the scales if it has one.
    pub fn from_config(config: &Config) -> (Settings, Option<String>) {
        let (scales, warning) = config.scales();
        let settings = Settings {
            scales,
            review_base_url: config
                .review_base_url
                .clone()
                .filter(|u| !u.trim().is_empty()),
            review_author: config.review_author.clone(),
        };
        (settings, warning)
    }
}

/// An export: the text, and what the reviewer should know about what it left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The export itself.
    pub text: String,
    /// One line each: a claim left out, a property omitted and why.
    pub warnings: Vec<String>,
}

/// Keeps the claims `query` keeps (see [`crate::claims::query`]), and the articles left with
/// any: `export --query` writes what the claim board shows for the same query. Places found in
/// the text stay with their claims.
pub fn narrow(articles: &mut Vec<ArticleClaims>, query: &Query, scales: &Scales) {
    if query.is_empty() {
        return;
    }
    for a in articles.iter_mut() {
        let keep: Vec<bool> = a
            .claims
            .iter()
            .map(|claim| {
                let subject = Subject {
                    file: &a.file,
                    title: &a.title,
                    status: a.status,
                    claim,
                    conflict: a.conflicts.iter().any(|c| c.id == claim.id),
                };
                query.matches(&subject, scales)
            })
            .collect();
        let mut kept = keep.iter();
        a.claims.retain(|_| kept.next().copied().unwrap_or(false));
        if let TextState::Read {
            positions, states, ..
        } = &mut a.text
        {
            let mut kept = keep.iter();
            positions.retain(|_| kept.next().copied().unwrap_or(false));
            let mut kept = keep.iter();
            states.retain(|_| kept.next().copied().unwrap_or(false));
        }
    }
    for a in articles.iter_mut() {
        let ids: std::collections::HashSet<&str> = a.claims.iter().map(|c| c.id.as_str()).collect();
        a.conflicts.retain(|c| ids.contains(c.id.as_str()));
    }
    articles.retain(|a| !a.claims.is_empty());
}

/// The claims of every article under the corpus that has a sidecar, in article order.
/// Unreadable sidecars are returned apart, as `(file, message)`, so an export says what it
/// left out rather than stopping. With `read_text` (see [`Format::needs_text`]) each article
/// is read to place its claims in its text. `progress` is called once per article looked at.
pub fn collect(
    corpus: &Corpus,
    data_dir: &Path,
    read_text: bool,
    progress: &mut dyn FnMut(),
) -> (Vec<ArticleClaims>, Vec<(String, String)>) {
    let mut found = Vec::new();
    let mut failed = Vec::new();
    for meta in &corpus.articles {
        progress();
        let Some(path) = store::existing(&meta.path, data_dir) else {
            continue;
        };
        match store::load(&path) {
            Ok(Some(mut sidecar)) => {
                sidecar.sort();
                // The reader lists a corpus before reading titles: read this one's now.
                let described;
                let meta = if meta.described {
                    meta
                } else {
                    described = crate::corpus::describe(meta).unwrap_or_else(|_| meta.clone());
                    &described
                };
                let text = if read_text {
                    match std::fs::read(&meta.path) {
                        Ok(raw) => place(&raw, &sidecar),
                        Err(e) => TextState::Unreadable(e.to_string()),
                    }
                } else {
                    TextState::NotRead
                };
                found.push(ArticleClaims {
                    file: meta.name.clone(),
                    title: meta.title.clone(),
                    byline: meta.info.byline.clone(),
                    date: meta.info.date.clone(),
                    outlet: meta.info.outlet.clone(),
                    status: sidecar.status,
                    claims: sidecar.claims,
                    conflicts: sidecar.conflicts,
                    bytes: sidecar.article.bytes,
                    sha256: sidecar.article.sha256,
                    uri: file_uri(&meta.path),
                    text,
                });
            }
            Ok(None) => {}
            Err(e) => failed.push((meta.name.clone(), e.to_string())),
        }
    }
    (found, failed)
}

/// Each claim's place in `raw`, in code points. The article the sidecar was saved for gives
/// the stored ranges; a changed one gives the range its claim's exact text is found at now
/// (same place or moved), and nothing for a claim whose text changed: a position counted in
/// text that no longer reads as the quote would point a consumer at the wrong words.
fn place(raw: &[u8], sidecar: &Sidecar) -> TextState {
    let source = Decoded::new(raw);
    let changed = ArticleId::of(&sidecar.article.file, raw) != sidecar.article;
    let states: Vec<(AnchorState, Option<Range<usize>>)> = sidecar
        .claims
        .iter()
        .map(|claim| {
            if changed {
                let attached = claim.anchor.reattach(&source);
                (attached.state, attached.range)
            } else {
                (
                    AnchorState::Exact,
                    Some(claim.anchor.start..claim.anchor.end),
                )
            }
        })
        .collect();
    let positions = states
        .iter()
        .map(|(state, range)| {
            let range = match state {
                AnchorState::Exact | AnchorState::Moved => range.clone()?,
                _ => return None,
            };
            let text = source.text();
            let (start, end) = (source.to_decoded(range.start), source.to_decoded(range.end));
            let before = text.get(..start)?.chars().count();
            Some(before..before + text.get(start..end)?.chars().count())
        })
        .collect();
    TextState::Read {
        positions,
        states,
        changed,
    }
}

impl ArticleClaims {
    /// Where the `i`th claim is in the article now, and its raw byte range: read from the
    /// file when the export read it, else the place as saved (state unknown, `None`).
    pub fn place_now(&self, i: usize) -> (Option<&AnchorState>, Option<Range<usize>>) {
        let saved = self.claims.get(i).map(|c| c.anchor.start..c.anchor.end);
        match &self.text {
            TextState::Read { states, .. } => match states.get(i) {
                Some((state, range)) => (Some(state), range.clone()),
                None => (None, saved),
            },
            _ => (None, saved),
        }
    }
}

/// `path` as a `file:` URI (RFC 8089) of its absolute form: every byte but unreserved ones,
/// `/` and `:` percent-encoded, so the URI is valid whatever the file is called.
pub fn file_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        // A Windows drive path: file:///C:/...
        uri.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// The whole export of a corpus as the command line and the reader's `e` make it: the claims
/// collected, narrowed by `query`, rendered in `format`. Sidecars that could not be read are
/// named among the warnings; `progress` is called once per article looked at.
pub fn export_corpus(
    corpus: &Corpus,
    data_dir: &Path,
    format: Format,
    query: &Query,
    settings: &Settings,
    progress: &mut dyn FnMut(),
) -> (Rendered, usize) {
    let (mut articles, failed) = collect(corpus, data_dir, format.needs_text(), progress);
    narrow(&mut articles, query, &settings.scales);
    let mut rendered = render(format, &articles, settings);
    let in_conflict: usize = articles
        .iter()
        .map(|a| {
            let mut ids: Vec<&str> = a.conflicts.iter().map(|c| c.id.as_str()).collect();
            ids.dedup();
            ids.len()
        })
        .sum();
    if in_conflict > 0 && format != Format::Json {
        rendered.warnings.push(format!(
            "{} in conflict: only the version the reader shows is in this export \
             (resolve them with o or t in the claims list, or export JSON, which keeps both)",
            crate::display::count(in_conflict, "claim is", "claims are")
        ));
    }
    let claims = articles.iter().map(|a| a.claims.len()).sum();
    let left_out = failed
        .into_iter()
        .map(|(file, message)| format!("left out {file}: {message}"));
    rendered.warnings.splice(0..0, left_out);
    (rendered, claims)
}

impl Format {
    /// Every format, in the order the reader's export picker offers them.
    pub const ALL: [Format; 5] = [
        Format::Md,
        Format::Csv,
        Format::Json,
        Format::W3c,
        Format::ClaimReview,
    ];

    /// The file name extension an export in this format is written with.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::W3c => "w3c.jsonld",
            Format::ClaimReview => "claimreview.jsonld",
        }
    }

    /// What the picker calls it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Md => "Markdown report",
            Format::Csv => "CSV",
            Format::Json => "JSON",
            Format::W3c => "W3C Web Annotation",
            Format::ClaimReview => "ClaimReview",
        }
    }
}

/// The export in `format`.
pub fn render(format: Format, articles: &[ArticleClaims], settings: &Settings) -> Rendered {
    let plain = |text| Rendered {
        text,
        warnings: Vec::new(),
    };
    match format {
        Format::Md => plain(markdown::render(articles, &settings.scales)),
        Format::Csv => plain(csv::render(articles, &settings.scales)),
        Format::Json => plain(json::render(articles)),
        Format::W3c => w3c::render(articles, &settings.scales),
        Format::ClaimReview => claimreview::render(articles, settings),
    }
}

/// A rating as `3 (Possibly true)`, or its key alone on a scale this build does not know.
fn rating_words(scales: &Scales, rating: &Option<crate::claims::Rating>) -> String {
    match rating {
        None => "—".into(),
        Some(r) => match scales.label(r) {
            Some(words) => format!("{} ({words})", r.value),
            None => r.value.clone(),
        },
    }
}

/// Pretty JSON with a final newline, as every JSON export ends.
fn pretty(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// True for a citation that is an absolute http(s) URL without characters a URI cannot hold,
/// so that formats can link it; anything else is a citation in words.
fn is_link(citation: &str) -> bool {
    (citation.starts_with("http://") || citation.starts_with("https://"))
        && citation.len() > "https://".len()
        && !citation
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Anchor, Rating, Source};
    use crate::decode::Decoded;

    fn sample() -> Vec<ArticleClaims> {
        let text = "Algeria signed an arms contract with Russia, valued at $12 billion.";
        let source = Decoded::new(text.as_bytes());
        vec![ArticleClaims {
            file: "003.txt".into(),
            title: "Deal | report".into(),
            byline: Some("Ana Lopez".into()),
            date: None,
            outlet: None,
            status: ReviewStatus::InProgress,
            conflicts: Vec::new(),
            bytes: 67,
            sha256: String::new(),
            claims: vec![Claim {
                id: "id-1".into(),
                anchor: Anchor::new(&source, 18..43, "arms contract with Russia"),
                summary: None,
                credibility: Some(Rating {
                    scale: "admiralty-credibility".into(),
                    value: "3".into(),
                }),
                reliability: None,
                sources: vec![Source {
                    citation: "https://example.org/a, b".into(),
                    note: "says \"no\"".into(),
                }],
                tags: vec!["arms".into(), "russia".into()],
                note: "Line one.\nLine two.".into(),
                author: "ana".into(),
                created: "2026-11-23T10:00:00Z".into(),
                updated: "2026-11-23T10:00:00Z".into(),
            }],
            uri: "file:///corpus/003.txt".into(),
            text: TextState::Read {
                positions: vec![Some(18..43)],
                states: vec![(AnchorState::Exact, Some(18..43))],
                changed: false,
            },
        }]
    }

    #[test]
    fn csv_has_the_documented_columns_and_quotes_as_rfc_4180() {
        let text = render(Format::Csv, &sample(), &Settings::default()).text;
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = r
            .headers()
            .map(|h| h.iter().map(str::to_string).collect())
            .unwrap_or_default();
        assert_eq!(headers, CSV_COLUMNS);
        let rows: Vec<::csv::StringRecord> = r.records().flatten().collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][1], "Deal | report");
        assert_eq!(&rows[0][8], "exact");
        assert_eq!(&rows[0][10], "Possibly true");
        assert_eq!(&rows[0][14], "https://example.org/a, b :: says \"no\"");
        assert_eq!(&rows[0][15], "Line one.\nLine two.");
    }

    #[test]
    fn json_is_the_documented_shape() {
        let text = render(Format::Json, &sample(), &Settings::default()).text;
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(v["version"], 1);
        let claim = &v["articles"][0]["claims"][0];
        assert_eq!(claim["anchor"]["exact"], "arms contract with Russia");
        assert_eq!(claim["credibility"]["value"], "3");
        assert_eq!(v["articles"][0]["status"], "InProgress");
    }

    #[test]
    #[cfg(unix)]
    fn file_uris_are_absolute_and_percent_encoded() {
        let uri = file_uri(Path::new("/corpus/Défense 2024/a#1.txt"));
        assert_eq!(uri, "file:///corpus/D%C3%A9fense%202024/a%231.txt");
        let relative = file_uri(Path::new("corpus/a.txt"));
        assert!(
            relative.starts_with("file:///") && relative.ends_with("/corpus/a.txt"),
            "{relative}"
        );
    }

    #[test]
    fn w3c_and_claimreview_say_what_they_left_out() {
        let mut articles = sample();
        articles[0].text = TextState::Read {
            positions: vec![None],
            states: vec![(AnchorState::Orphaned, None)],
            changed: true,
        };
        articles[0].claims[0].credibility = None;
        let w3c = render(Format::W3c, &articles, &Settings::default());
        assert!(!w3c.text.contains("TextPositionSelector"), "{}", w3c.text);
        assert!(w3c.warnings[0].contains("no TextPositionSelector"));
        let reviews = render(Format::ClaimReview, &articles, &Settings::default());
        assert_eq!(reviews.text, "[]\n");
        assert!(reviews.warnings[0].contains("no credibility rating"));
    }

    #[test]
    fn markdown_reads_as_a_report() {
        let text = render(Format::Md, &sample(), &Settings::default()).text;
        for needle in [
            "| Deal \\| report | in progress | 1 |",
            "> arms contract with Russia",
            "- Credibility: 3 (Possibly true)",
            "- Reliability: —",
            "- Source: <https://example.org/a, b> — says \"no\"",
            "- Note: Line one.\n  Line two.",
        ] {
            assert!(text.contains(needle), "{needle:?} not in:\n{text}");
        }
    }
}
