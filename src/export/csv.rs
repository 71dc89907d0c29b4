//! CSV: one row per claim, a fixed and documented column set, for spreadsheets.

use super::ArticleClaims;
use crate::claims::scale::Scales;

/// The CSV columns, in order: the documented shape of the CSV export.
pub const CSV_COLUMNS: &[&str] = &[
    "file",
    "title",
    "status",
    "claim_id",
    "quote",
    "summary",
    "raw_start",
    "raw_end",
    "place",
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

/// Text from scraped pages made safe to open in a spreadsheet: a cell that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return would be read as a formula (CSV injection), so it
/// gets a leading `'`, as OWASP advises; the text is otherwise unchanged.
fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// One row per claim, RFC 4180 quoting (the `csv` crate); tags and sources joined with `; `.
pub(super) fn render(articles: &[ArticleClaims], scales: &Scales) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_COLUMNS);
    let value =
        |r: &Option<crate::claims::Rating>| r.as_ref().map_or(String::new(), |r| r.value.clone());
    let label = |r: &Option<crate::claims::Rating>| {
        r.as_ref().and_then(|r| scales.label(r)).unwrap_or_default()
    };
    for a in articles {
        for (i, c) in a.claims.iter().enumerate() {
            // Where the claim is in the article as it is now: its bytes there, and how sure.
            let (state, range) = a.place_now(i);
            let (start, end) = range.map_or((String::new(), String::new()), |r| {
                (r.start.to_string(), r.end.to_string())
            });
            let sources: Vec<String> = c.sources.iter().map(crate::claims::Source::line).collect();
            let _ = w.write_record([
                a.file.as_str(),
                &inert(&a.title),
                a.status.word(),
                &c.id,
                &inert(&c.anchor.quote),
                &inert(c.summary.as_deref().unwrap_or_default()),
                &start,
                &end,
                state.map_or("", |s| s.word()),
                &value(&c.credibility),
                &label(&c.credibility),
                &value(&c.reliability),
                &label(&c.reliability),
                &inert(&c.tags.join("; ")),
                &inert(&sources.join("; ")),
                &inert(&c.note),
                &inert(&c.author),
                &c.created,
                &c.updated,
            ]);
        }
    }
    w.into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_made_text() {
        assert_eq!(
            inert("=HYPERLINK(\"http://evil\",\"x\")"),
            "'=HYPERLINK(\"http://evil\",\"x\")"
        );
        assert_eq!(inert("+cmd"), "'+cmd");
        assert_eq!(inert("-2+3"), "'-2+3");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("Algeria signed"), "Algeria signed");
        assert_eq!(inert(""), "");
    }
}
