//! Claims a reviewer has tagged in an article, and the sidecar file that keeps them.
//!
//! Pure data and rules, no terminal: the model ([`Sidecar`], [`Claim`]), where a claim sits
//! in the article ([`anchor`]) and how it finds its place again when the file changes, and how
//! sidecars are read and written without ever losing one ([`store`], with [`lock`] so that
//! two processes saving the same sidecar take turns and [`merge`] so neither loses a claim).

pub mod anchor;
pub mod lock;
pub mod merge;
pub mod query;
pub mod scale;
pub mod store;

use serde::{Deserialize, Serialize};

pub use anchor::{Anchor, AnchorState};

/// The newest sidecar format this build reads and writes. A sidecar with a higher version was
/// written by a newer claimmark: it is reported and left alone rather than rewritten without
/// what this build does not know.
///
/// Version 2 added [`Sidecar::conflicts`]. A sidecar is written as version 2 only while it
/// holds conflicts (see [`Sidecar::needed_version`]): a claimmark that knows only version 1
/// still reads every other sidecar, and refuses a conflicted one instead of silently dropping
/// the other versions when it saves.
pub const SIDECAR_VERSION: u32 = 2;

/// The version of sidecars without conflicts: what claimmark 0.1 wrote, so its users can keep
/// reading them.
pub const SIDECAR_VERSION_PLAIN: u32 = 1;

/// Everything claimmark records about one article: the file it belongs to, how far its review
/// has come, and its claims. Field order is the file's order, so sidecars diff cleanly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sidecar {
    /// Format version; see [`SIDECAR_VERSION`].
    pub version: u32,
    /// The article the claims belong to, as it was when they were last saved.
    pub article: ArticleId,
    /// How far the review of the article has come.
    #[serde(default)]
    pub status: ReviewStatus,
    /// The claims, sorted by position then id (see [`Sidecar::sort`]).
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// Other versions of claims in `claims`, with the same ids: left by a merge (see
    /// [`merge`]) when two reviewers changed a claim differently, so neither version is lost.
    /// A claim with another version here is *in conflict* until a reviewer picks one
    /// ([`Sidecar::resolve`]). Kept apart from the claims so everything that reads claims
    /// reads one version of each, as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Claim>,
}

/// Which file a sidecar belongs to. The hash lets an unchanged article skip re-anchoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleId {
    /// The article's file name.
    pub file: String,
    /// Its length in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, in hex.
    pub sha256: String,
}

impl ArticleId {
    /// The identity of `raw`, the bytes of the file called `file`.
    pub fn of(file: &str, raw: &[u8]) -> ArticleId {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(raw);
        ArticleId {
            file: file.to_string(),
            bytes: raw.len() as u64,
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }
}

/// How far the review of an article has come, shown in the article list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewStatus {
    /// Nobody has started.
    #[default]
    Unreviewed,
    /// Claims are being tagged.
    InProgress,
    /// The reviewer is done with it.
    Done,
}

/// One claim: a span of the article, how credible it is and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Stable id (a UUID), unchanged by edits, so two reviewers' sidecars merge by id.
    pub id: String,
    /// Where the claim is in the article.
    pub anchor: Anchor,
    /// A short summary of the claim, for exports that want one shorter than the quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// How credible the information is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<Rating>,
    /// How reliable whoever the article cites is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Rating>,
    /// The reviewer's evidence.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Free words, completed from the tags used in the corpus.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The reviewer's note.
    #[serde(default)]
    pub note: String,
    /// Who made the claim's last change.
    pub author: String,
    /// When it was created, RFC 3339 UTC.
    pub created: String,
    /// When it was last changed, RFC 3339 UTC.
    pub updated: String,
}

/// A rating on a named scale. The scale's name is stored with the value, so changing the
/// configured scale later never reinterprets an old rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// The scale's name (`admiralty-credibility`, `fact-check`, a custom one).
    pub scale: String,
    /// The level's key on that scale (`3`, `B`, `mostly-false`).
    pub value: String,
}

/// A piece of the reviewer's evidence: a URL or a citation, and what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// A URL or a bibliographic citation.
    pub citation: String,
    /// What the source says about the claim.
    #[serde(default)]
    pub note: String,
}

impl ReviewStatus {
    /// How lists, reports and the status bar name it.
    pub fn word(self) -> &'static str {
        match self {
            ReviewStatus::Unreviewed => "unreviewed",
            ReviewStatus::InProgress => "in progress",
            ReviewStatus::Done => "done",
        }
    }
}

impl Claim {
    /// The quote on one line, whitespace collapsed: how reports and citations show it.
    pub fn quote_line(&self) -> String {
        self.anchor
            .quote
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The claim in one line, as a reviewer pastes it into a report or a chat:
    /// `“quote” — credibility 3 (Possibly true), reliability C (Fairly reliable) — file`.
    pub fn citation(&self, scales: &scale::Scales, file: &str) -> String {
        let mut ratings = Vec::new();
        for (name, rating) in [
            ("credibility", &self.credibility),
            ("reliability", &self.reliability),
        ] {
            if let Some(r) = rating {
                match scales.label(r) {
                    Some(words) => ratings.push(format!("{name} {} ({words})", r.value)),
                    None => ratings.push(format!("{name} {}", r.value)),
                }
            }
        }
        format!("“{}” — {} — {file}", self.quote_line(), ratings.join(", "))
    }
}

impl Source {
    /// A source as the form and the command line take it: `citation :: what it shows`, the
    /// note optional. `None` for a blank line.
    pub fn parse(line: &str) -> Option<Source> {
        let (citation, note) = line.split_once("::").unwrap_or((line, ""));
        let citation = citation.trim();
        (!citation.is_empty()).then(|| Source {
            citation: citation.to_string(),
            note: note.trim().to_string(),
        })
    }

    /// The source written back as [`Source::parse`] reads it.
    pub fn line(&self) -> String {
        if self.note.is_empty() {
            self.citation.clone()
        } else {
            format!("{} :: {}", self.citation, self.note)
        }
    }
}

/// Tags as the form takes them: separated by commas, so a tag may have several words.
pub fn parse_tags(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

impl Sidecar {
    /// An empty sidecar for an article.
    pub fn new(article: ArticleId) -> Sidecar {
        Sidecar {
            version: SIDECAR_VERSION_PLAIN,
            article,
            status: ReviewStatus::default(),
            claims: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    /// The version to write this sidecar as: [`SIDECAR_VERSION`] while it holds conflicts
    /// (so an older claimmark refuses it rather than dropping them), else
    /// [`SIDECAR_VERSION_PLAIN`], which every claimmark reads.
    pub fn needed_version(&self) -> u32 {
        if self.conflicts.is_empty() {
            SIDECAR_VERSION_PLAIN
        } else {
            SIDECAR_VERSION
        }
    }

    /// The other versions of the claim `id`: empty unless it is in conflict.
    pub fn other_versions<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Claim> + 'a {
        self.conflicts.iter().filter(move |c| c.id == id)
    }

    /// How many claims are in conflict (have other versions), for reports and notices.
    pub fn conflicted(&self) -> usize {
        self.claims
            .iter()
            .filter(|c| self.conflicts.iter().any(|o| o.id == c.id))
            .count()
    }

    /// Ends the conflict of the claim `id`: `None` keeps the claim as it is, `Some(n)` puts
    /// its `n`th other version in its place; the other versions go either way. Returns whether
    /// there was such a conflict to resolve.
    pub fn resolve(&mut self, id: &str, take: Option<usize>) -> bool {
        let others: Vec<Claim> = self.other_versions(id).cloned().collect();
        let Some(at) = self.claims.iter().position(|c| c.id == id) else {
            return false;
        };
        if others.is_empty() {
            return false;
        }
        if let Some(chosen) = take.and_then(|n| others.get(n)) {
            self.claims[at] = chosen.clone();
        }
        self.conflicts.retain(|c| c.id != id);
        true
    }

    /// Makes the conflicts consistent, so no version is lost and none is listed twice: an
    /// other version whose claim is gone becomes the claim; versions equal to their claim or
    /// to one listed before are dropped.
    pub fn settle(&mut self) {
        let mut kept: Vec<Claim> = Vec::new();
        for other in std::mem::take(&mut self.conflicts) {
            match self.claims.iter().find(|c| c.id == other.id) {
                None => self.claims.push(other),
                Some(main) if *main == other => {}
                Some(_) if kept.contains(&other) => {}
                Some(_) => kept.push(other),
            }
        }
        self.conflicts = kept;
    }

    /// Puts the claims in file order: by position, then id, so that the same claims always
    /// serialise the same way and two reviewers' files diff line by line.
    pub fn sort(&mut self) {
        self.claims.sort_by(|a, b| {
            (a.anchor.start, a.anchor.end, &a.id).cmp(&(b.anchor.start, b.anchor.end, &b.id))
        });
        // Other versions by claim, oldest change first; the sort is stable, so versions alike
        // in these keep the order the merge gave them.
        self.conflicts
            .sort_by(|a, b| (&a.id, &a.updated, &a.author).cmp(&(&b.id, &b.updated, &b.author)));
    }
}

/// The current time as RFC 3339 UTC, to the second, for `created`/`updated`.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A fresh claim id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Raw byte ranges of the places where `quote` occurs in the article, as its cleaned text
/// reads (what the reviewer saw and typed), else as its raw text reads. Whitespace in the
/// quote matches any run of whitespace.
pub fn find_quote(cleaned: &crate::clean::Cleaned, quote: &str) -> Vec<std::ops::Range<usize>> {
    let words: Vec<&str> = quote.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let pattern = words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join(r"\s+");
    let Ok(re) = regex::Regex::new(&pattern) else {
        return Vec::new();
    };
    let in_clean: Vec<_> = re
        .find_iter(&cleaned.text)
        .map(|m| cleaned.map.to_raw_span(m.start()..m.end()).range())
        .collect();
    if !in_clean.is_empty() {
        return in_clean;
    }
    let source = &cleaned.source;
    re.find_iter(source.text())
        .map(|m| source.to_raw(m.start())..source.to_raw(m.end()))
        .collect()
}

/// Who is making a change: the configured author, else the login name (from the
/// environment, else, on Unix, the account of the running process, as `id -un` finds it:
/// containers and cron jobs often set no `USER`).
pub fn default_author() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .or_else(account_name)
        .unwrap_or_else(|| "unknown".into())
}

/// The name of the account running claimmark, from `/etc/passwd`.
fn account_name() -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
        let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
        passwd.lines().find_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            (fields.nth(1)? == uid && !name.is_empty()).then(|| name.to_string())
        })
    }
    #[cfg(not(unix))]
    None
}

/// A claim for tests elsewhere in the crate (the board, queries, the list filter): rated on
/// the Admiralty scales, quoting `an Arms contract with Russia`.
#[cfg(test)]
pub(crate) fn test_claim(id: &str, cred: Option<&str>, rel: Option<&str>, tags: &[&str]) -> Claim {
    Claim {
        id: id.into(),
        anchor: Anchor {
            start: 0,
            end: 5,
            exact: "arms contract".into(),
            prefix: String::new(),
            suffix: String::new(),
            quote: "an Arms contract with Russia".into(),
        },
        summary: None,
        credibility: cred.map(|v| Rating {
            scale: "admiralty-credibility".into(),
            value: v.into(),
        }),
        reliability: rel.map(|v| Rating {
            scale: "admiralty-reliability".into(),
            value: v.into(),
        }),
        sources: Vec::new(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        note: String::new(),
        author: "ana".into(),
        created: "2026-11-20T10:00:00Z".into(),
        updated: "2026-11-20T10:00:00Z".into(),
    }
}
