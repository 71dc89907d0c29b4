//! W3C Web Annotations (JSON-LD, <https://www.w3.org/TR/annotation-model/>): one annotation
//! per claim, so annotation tools (Hypothesis-style viewers, IIIF and archive stores) can show
//! the claims on the article.
//!
//! The whole export is one `AnnotationCollection` with its single `AnnotationPage` embedded as
//! `first` (the model's way of listing annotations; a collection has no `items` of its own).
//! Each annotation is self-contained (its own `@context`), so it can be posted to an
//! annotation server on its own:
//!
//! - `id` `urn:uuid:<claim id>`; `motivation` `assessing`; `created`, `modified`, `creator`
//!   (the claim's author, a person) and `generator` (claimmark).
//! - bodies: the note (`commenting`), the summary (`describing`), each tag (`tagging`), each
//!   rating in words with its scale (`assessing`), each source: a URL as a `SpecificResource`
//!   (`linking`), and what the source shows, or a citation that is not a URL, as text
//!   (`describing`).
//! - target: the article as a `file:` URI of its absolute path (the one name a consumer on
//!   this machine can open; scraped files carry no URL of their own), `text/plain`, with a
//!   `TextQuoteSelector` (exact, prefix, suffix from the anchor) and a `TextPositionSelector`
//!   in Unicode code points of the raw text (the anchor keeps bytes). The position is left
//!   out, with a warning, when the article cannot be read or changed so that the claim's
//!   text is not there as saved: the quote still finds it.
//!
//! Ids of the collection and page are UUIDs derived from the claim ids (v5), so the same
//! claims always export to the same text; nothing in it depends on the time of the export.

use serde::Serialize;

use super::{ArticleClaims, Rendered, TextState, is_link, pretty};
use crate::claims::scale::Scales;
use crate::claims::{Claim, Rating};

/// The Web Annotation JSON-LD context every annotation, page and collection names.
const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

#[derive(Serialize)]
struct Collection {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<Page>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    part_of: String,
    start_index: usize,
    items: Vec<Annotation>,
}

#[derive(Serialize)]
struct Annotation {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    creator: Agent,
    generator: Agent,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body: Vec<Body>,
    target: Target,
}

#[derive(Serialize)]
struct Agent {
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Body {
    TextualBody {
        purpose: &'static str,
        value: String,
        format: &'static str,
    },
    SpecificResource {
        purpose: &'static str,
        source: String,
    },
}

#[derive(Serialize)]
struct Target {
    #[serde(rename = "type")]
    kind: &'static str,
    source: TargetSource,
    selector: Vec<Selector>,
}

#[derive(Serialize)]
struct TargetSource {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    format: &'static str,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Selector {
    TextQuoteSelector {
        exact: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        prefix: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        suffix: String,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

/// The collection of every claim's annotation, and what was left out of them.
pub(super) fn render(articles: &[ArticleClaims], scales: &Scales) -> Rendered {
    let mut warnings = Vec::new();
    let mut items = Vec::new();
    for article in articles {
        if let TextState::Unreadable(reason) = &article.text {
            warnings.push(format!(
                "{}: no TextPositionSelector for its claims: cannot read the article: {reason}",
                article.file
            ));
        }
        for (i, claim) in article.claims.iter().enumerate() {
            let position = match &article.text {
                TextState::Read {
                    positions, changed, ..
                } => {
                    let at = positions.get(i).cloned().flatten();
                    if at.is_none() {
                        warnings.push(format!(
                            "{}: claim {}: no TextPositionSelector: {}",
                            article.file,
                            claim.id,
                            if *changed {
                                "the article changed and the claim's text is not there as saved (see claimmark check)"
                            } else {
                                "its range is not in the article"
                            }
                        ));
                    }
                    at
                }
                _ => None,
            };
            items.push(annotation(article, claim, position, scales, &mut warnings));
        }
    }
    let ids: Vec<&str> = articles
        .iter()
        .flat_map(|a| a.claims.iter().map(|c| c.id.as_str()))
        .collect();
    let id = derived_uuid(&format!("claimmark:collection:{}", ids.join(",")));
    let label = format!(
        "claimmark: {} in {}",
        crate::display::count(items.len(), "claim", "claims"),
        crate::display::count(articles.len(), "article", "articles")
    );
    let total = items.len();
    let first = (!items.is_empty()).then(|| Page {
        id: derived_uuid(&format!("{id}/page/1")),
        kind: "AnnotationPage",
        part_of: id.clone(),
        start_index: 0,
        items,
    });
    Rendered {
        text: pretty(&Collection {
            context: CONTEXT,
            id,
            kind: "AnnotationCollection",
            label,
            total,
            first,
        }),
        warnings,
    }
}

/// One claim as an annotation; `position` in code points when known.
fn annotation(
    article: &ArticleClaims,
    claim: &Claim,
    position: Option<std::ops::Range<usize>>,
    scales: &Scales,
    warnings: &mut Vec<String>,
) -> Annotation {
    let text = |purpose, value: &str| Body::TextualBody {
        purpose,
        value: value.to_string(),
        format: "text/plain",
    };
    let mut body = Vec::new();
    if !claim.note.trim().is_empty() {
        body.push(text("commenting", &claim.note));
    }
    if let Some(summary) = claim.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        body.push(text("describing", summary));
    }
    for tag in claim.tags.iter().filter(|t| !t.trim().is_empty()) {
        body.push(text("tagging", tag));
    }
    for (axis, rating) in [
        ("Credibility", &claim.credibility),
        ("Reliability", &claim.reliability),
    ] {
        if let Some(rating) = rating {
            body.push(text("assessing", &rating_sentence(axis, rating, scales)));
        }
    }
    for source in &claim.sources {
        if is_link(&source.citation) {
            body.push(Body::SpecificResource {
                purpose: "linking",
                source: source.citation.clone(),
            });
        }
        // What the source shows, named by its citation so that it reads apart from the link;
        // a citation in words has no link, so it is all said here.
        if !source.note.is_empty() {
            body.push(text(
                "describing",
                &format!("Source: {} — {}", source.citation, source.note),
            ));
        } else if !is_link(&source.citation) {
            body.push(text("describing", &format!("Source: {}", source.citation)));
        }
    }
    let mut selector = vec![Selector::TextQuoteSelector {
        exact: claim.anchor.exact.clone(),
        prefix: claim.anchor.prefix.clone(),
        suffix: claim.anchor.suffix.clone(),
    }];
    if let Some(at) = position {
        selector.push(Selector::TextPositionSelector {
            start: at.start,
            end: at.end,
        });
    }
    let mut when = |name: &str, value: &str| {
        let ok = time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339)
            .is_ok();
        if !ok {
            warnings.push(format!(
                "{}: claim {}: {name} {value:?} is not an RFC 3339 time; left out",
                article.file, claim.id
            ));
        }
        ok.then(|| value.to_string())
    };
    Annotation {
        context: CONTEXT,
        id: claim_urn(&claim.id),
        kind: "Annotation",
        motivation: "assessing",
        created: when("created", &claim.created),
        modified: when("modified", &claim.updated),
        creator: Agent {
            kind: "Person",
            name: claim.author.clone(),
        },
        generator: Agent {
            kind: "Software",
            name: "claimmark".into(),
        },
        body,
        target: Target {
            kind: "SpecificResource",
            source: TargetSource {
                id: article.uri.clone(),
                kind: "Text",
                format: "text/plain",
            },
            selector,
        },
    }
}

/// `Credibility: 3 (Possibly true), on the admiralty-credibility scale`.
fn rating_sentence(axis: &str, rating: &Rating, scales: &Scales) -> String {
    match scales.label(rating) {
        Some(words) => format!(
            "{axis}: {} ({words}), on the {} scale",
            rating.value, rating.scale
        ),
        None => format!("{axis}: {}, on the {} scale", rating.value, rating.scale),
    }
}

/// The claim's id as an absolute IRI: `urn:uuid:` and the id when it is a UUID (as claimmark
/// makes them), else a UUID derived from it, so a hand-edited id still gives a valid IRI.
fn claim_urn(id: &str) -> String {
    match uuid::Uuid::parse_str(id) {
        Ok(uuid) => format!("urn:uuid:{}", uuid.hyphenated()),
        Err(_) => derived_uuid(&format!("claimmark:claim:{id}")),
    }
}

/// A `urn:uuid:` IRI that is always the same for the same `name` (UUID v5).
fn derived_uuid(name: &str) -> String {
    format!(
        "urn:uuid:{}",
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes()).hyphenated()
    )
}
