//! The Markdown review report: for editors, readable as plain text and rendered.

use super::{ArticleClaims, rating_words};
use crate::claims::scale::Scales;

/// Text from a scraped page or a reviewer, made to read as itself when rendered: Markdown's
/// marks (`*cuts*`, `[link](x)`, `<b>`, a backquote) are escaped, so a hostile title neither
/// restyles the report nor plants a link in it.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Markdown that survives being read as plain text: a summary table, then per article its
/// claims as quotes with their ratings in words, sources as links, note, author and date.
pub(super) fn render(articles: &[ArticleClaims], scales: &Scales) -> String {
    let cell = |s: &str| text(s).replace('\n', " ");
    let mut out = String::from("# Claim review\n\n");
    let total: usize = articles.iter().map(|a| a.claims.len()).sum();
    out.push_str(&format!(
        "{} in {}.\n\n| Article | Status | Claims |\n|---|---|---|\n",
        crate::display::count(total, "claim", "claims"),
        crate::display::count(articles.len(), "article", "articles")
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
        out.push_str(&format!("\n## {}\n\n", text(&a.title).replace('\n', " ")));
        out.push_str(&format!("- File: `{}`\n", a.file));
        if let Some(b) = &a.byline {
            out.push_str(&format!("- Byline: {}\n", text(b)));
        }
        if let Some(d) = &a.date {
            out.push_str(&format!("- Date: {}\n", text(d)));
        }
        if let Some(o) = &a.outlet {
            out.push_str(&format!("- Outlet: {}\n", text(o)));
        }
        out.push_str(&format!("- Review: {}\n", a.status.word()));
        for (i, c) in a.claims.iter().enumerate() {
            let quote = text(&c.quote_line());
            out.push_str(&format!("\n> {quote}\n\n"));
            if let Some(summary) = &c.summary {
                out.push_str(&format!("- Summary: {}\n", text(summary)));
            }
            // Only what an editor must know: the claim's text is not where it was saved.
            match a.place_now(i).0 {
                Some(crate::claims::AnchorState::Orphaned) => {
                    out.push_str("- Place: not found in the article as it is now\n")
                }
                Some(
                    state @ (crate::claims::AnchorState::Fuzzy { .. }
                    | crate::claims::AnchorState::NeedsReview { .. }),
                ) => out.push_str(&format!(
                    "- Place: {} (the article changed; check the quote)\n",
                    state.word()
                )),
                _ => {}
            }
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
                        text(&s.citation)
                    };
                if s.note.is_empty() {
                    out.push_str(&format!("- Source: {link}\n"));
                } else {
                    out.push_str(&format!("- Source: {link} — {}\n", text(&s.note)));
                }
            }
            if !c.tags.is_empty() {
                out.push_str(&format!("- Tags: {}\n", text(&c.tags.join(", "))));
            }
            if !c.note.is_empty() {
                out.push_str(&format!(
                    "- Note: {}\n",
                    text(&c.note).replace('\n', "\n  ")
                ));
            }
            out.push_str(&format!("- By {} on {}\n", text(&c.author), c.updated));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn scraped_text_cannot_restyle_the_report_or_plant_links() {
        assert_eq!(
            super::text("*cuts* [link](http://x) <b>a|b</b> `c`"),
            "\\*cuts\\* \\[link\\](http://x) \\<b\\>a\\|b\\</b\\> \\`c\\`"
        );
        assert_eq!(
            super::text("Algeria’s $12-17 billion"),
            "Algeria’s $12-17 billion"
        );
    }
}
