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
pub(super) fn render(articles: &[ArticleClaims], scales: &Scales) -> String {
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
