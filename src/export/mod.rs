//! Claims out of claimmark, for editors and other tools: a Markdown review report, CSV (one
//! row per claim) and JSON (everything). Pure functions of the collected claims, so the same
//! text comes out of the TUI and the command line, and golden files can pin it down.

use std::path::Path;

use serde::Serialize;

use crate::claims::scale::Scales;
use crate::claims::{Claim, ReviewStatus, store};
use crate::corpus::Corpus;

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
}

/// The formats claimmark writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A review report for editors, readable as plain text and rendered.
    Md,
    /// One row per claim, a fixed column set (see [`CSV_COLUMNS`]).
    Csv,
    /// Everything, as `{"version": 1, "articles": [...]}`.
    Json,
}

/// The claims of every article under the corpus that has a sidecar, in article order.
/// Unreadable sidecars are returned apart, as `(file, message)`, so an export says what it
/// left out rather than stopping.
pub fn collect(corpus: &Corpus, data_dir: &Path) -> (Vec<ArticleClaims>, Vec<(String, String)>) {
    let mut found = Vec::new();
    let mut failed = Vec::new();
    for meta in &corpus.articles {
        let Some(path) = store::existing(&meta.path, data_dir) else {
            continue;
        };
        match store::load(&path) {
            Ok(Some(mut sidecar)) => {
                sidecar.sort();
                found.push(ArticleClaims {
                    file: meta.name.clone(),
                    title: meta.title.clone(),
                    byline: meta.info.byline.clone(),
                    date: meta.info.date.clone(),
                    outlet: meta.info.outlet.clone(),
                    status: sidecar.status,
                    claims: sidecar.claims,
                });
            }
            Ok(None) => {}
            Err(e) => failed.push((meta.name.clone(), e.to_string())),
        }
    }
    (found, failed)
}

/// The export in `format`.
pub fn render(format: Format, articles: &[ArticleClaims], scales: &Scales) -> String {
    match format {
        Format::Md => markdown(articles, scales),
        Format::Csv => csv(articles, scales),
        Format::Json => json(articles),
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

/// Markdown that survives being read as plain text: a summary table, then per article its
/// claims as quotes with their ratings in words, sources as links, note, author and date.
fn markdown(articles: &[ArticleClaims], scales: &Scales) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from("# Claim review\n\n");
    let total: usize = articles.iter().map(|a| a.claims.len()).sum();
    out.push_str(&format!(
        "{total} claims in {} articles.\n\n| Article | Status | Claims |\n|---|---|---|\n",
        articles.len()
    ));
    for a in articles {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            cell(&a.title),
            a.status.word(),
            a.claims.len()
        ));
    }
    for a in articles {
        out.push_str(&format!("\n## {}\n\n", a.title.replace('\n', " ")));
        out.push_str(&format!("- File: `{}`\n", a.file));
        if let Some(b) = &a.byline {
            out.push_str(&format!("- Byline: {b}\n"));
        }
        if let Some(d) = &a.date {
            out.push_str(&format!("- Date: {d}\n"));
        }
        if let Some(o) = &a.outlet {
            out.push_str(&format!("- Outlet: {o}\n"));
        }
        out.push_str(&format!("- Review: {}\n", a.status.word()));
        for c in &a.claims {
            let quote = c.quote_line();
            out.push_str(&format!("\n> {quote}\n\n"));
            out.push_str(&format!(
                "- Credibility: {}\n- Reliability: {}\n",
                rating_words(scales, &c.credibility),
                rating_words(scales, &c.reliability)
            ));
            for s in &c.sources {
                let link =
                    if s.citation.starts_with("http://") || s.citation.starts_with("https://") {
                        format!("<{}>", s.citation)
                    } else {
                        s.citation.clone()
                    };
                if s.note.is_empty() {
                    out.push_str(&format!("- Source: {link}\n"));
                } else {
                    out.push_str(&format!("- Source: {link} — {}\n", s.note));
                }
            }
            if !c.tags.is_empty() {
                out.push_str(&format!("- Tags: {}\n", c.tags.join(", ")));
            }
            if !c.note.is_empty() {
                out.push_str(&format!("- Note: {}\n", c.note.replace('\n', "\n  ")));
            }
            out.push_str(&format!("- By {} on {}\n", c.author, c.updated));
        }
    }
    out
}

/// The CSV columns, in order: the documented shape of the CSV export.
pub const CSV_COLUMNS: &[&str] = &[
    "file",
    "title",
    "status",
    "claim_id",
    "quote",
    "raw_start",
    "raw_end",
    "credibility",
    "credibility_label",
    "reliability",
    "reliability_label",
    "tags",
    "sources",
    "note",
    "author",
    "created",
    "updated",
];

/// One row per claim, RFC 4180 quoting (the `csv` crate); tags and sources joined with `; `.
fn csv(articles: &[ArticleClaims], scales: &Scales) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_COLUMNS);
    let value =
        |r: &Option<crate::claims::Rating>| r.as_ref().map_or(String::new(), |r| r.value.clone());
    let label = |r: &Option<crate::claims::Rating>| {
        r.as_ref().and_then(|r| scales.label(r)).unwrap_or_default()
    };
    for a in articles {
        for c in &a.claims {
            let sources: Vec<String> = c.sources.iter().map(crate::claims::Source::line).collect();
            let _ = w.write_record([
                a.file.as_str(),
                &a.title,
                a.status.word(),
                &c.id,
                &c.anchor.quote,
                &c.anchor.start.to_string(),
                &c.anchor.end.to_string(),
                &value(&c.credibility),
                &label(&c.credibility),
                &value(&c.reliability),
                &label(&c.reliability),
                &c.tags.join("; "),
                &sources.join("; "),
                &c.note,
                &c.author,
                &c.created,
                &c.updated,
            ]);
        }
    }
    w.into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// Everything: the version of this shape, then the articles with their claims as stored.
fn json(articles: &[ArticleClaims]) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        version: u32,
        articles: &'a [ArticleClaims],
    }
    let mut text = serde_json::to_string_pretty(&Export {
        version: 1,
        articles,
    })
    .unwrap_or_default();
    text.push('\n');
    text
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
        }]
    }

    #[test]
    fn csv_has_the_documented_columns_and_quotes_as_rfc_4180() {
        let text = render(Format::Csv, &sample(), &Scales::default());
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = r
            .headers()
            .map(|h| h.iter().map(str::to_string).collect())
            .unwrap_or_default();
        assert_eq!(headers, CSV_COLUMNS);
        let rows: Vec<::csv::StringRecord> = r.records().flatten().collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][1], "Deal | report");
        assert_eq!(&rows[0][8], "Possibly true");
        assert_eq!(&rows[0][12], "https://example.org/a, b :: says \"no\"");
        assert_eq!(&rows[0][13], "Line one.\nLine two.");
    }

    #[test]
    fn json_is_the_documented_shape() {
        let text = render(Format::Json, &sample(), &Scales::default());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(v["version"], 1);
        let claim = &v["articles"][0]["claims"][0];
        assert_eq!(claim["anchor"]["exact"], "arms contract with Russia");
        assert_eq!(claim["credibility"]["value"], "3");
        assert_eq!(v["articles"][0]["status"], "InProgress");
    }

    #[test]
    fn markdown_reads_as_a_report() {
        let text = render(Format::Md, &sample(), &Scales::default());
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
