//! The Markdown review report: for editors, readable as plain text and rendered.

use super::{ArticleClaims, rating_words};
use crate::claims::scale::Scales;

/// Markdown that survives being read as plain text: a summary table, then per article its
/// claims as quotes with their ratings in words, sources as links, note, author and date.
pub(super) fn render(articles: &[ArticleClaims], scales: &Scales) -> String {
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
