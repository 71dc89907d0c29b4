//! schema.org `ClaimReview` (JSON-LD, <https://schema.org/ClaimReview>), the markup fact-check
//! search tools (Google's Fact Check Explorer and Tools API among them) read.
//!
//! The export is a JSON array of self-contained `ClaimReview` objects, each with its own
//! `@context`: the array is what a page's `<script type="application/ld+json">` may hold, and
//! each item is what the ClaimReview read/write APIs take one at a time. Per claim:
//!
//! - `claimReviewed`: the claim's summary, else its quote, at most [`CLAIM_CHARS`] characters,
//!   cut at a word with an ellipsis.
//! - `reviewRating`: the credibility as a `Rating`. schema.org ratings grow with quality, and
//!   fact-check tools read `bestRating` as the greatest, so the scale is turned over: on
//!   Admiralty, 1 (confirmed) is `ratingValue` 5 of `bestRating` 5, 5 (improbable) is 1 of
//!   `worstRating` 1. A level that is no verdict (Admiralty 6 "Truth cannot be judged",
//!   fact-check "unproven") is no step of that scale: it gets no numbers, only its words in
//!   `alternateName`, which every rating has. A claim without a credibility rating is left
//!   out, with a warning: a `ClaimReview` without a rating says nothing.
//! - `url`: the config's `review_base_url` and the claim id (`/` between them unless the base
//!   ends in `/`, `#` or `=`). Without a base URL there is no `url`, and a warning says so:
//!   claimmark does not know where the review will be published.
//! - `itemReviewed`: a `Claim` whose `appearance` is the article as a `CreativeWork`:
//!   `headline` (its title), `author` (its byline), `datePublished` (its date, as ISO 8601,
//!   when it can be read as a date) and `publisher` (its outlet), each when known. The
//!   article has no `url`: scraped files do not carry the address they came from, and a local
//!   path means nothing to a reader of the published review.
//! - `author`: the config's `review_author`, else the claim's author as a person;
//!   `datePublished`: the day the claim was tagged; `reviewBody`: the reviewer's note.

use serde::Serialize;

use super::{ArticleClaims, Rendered, Settings, pretty};
use crate::claims::scale::Scales;
use crate::claims::{Claim, Rating};

/// Longest `claimReviewed`, in characters: fact-check tools show the claim in one line.
pub const CLAIM_CHARS: usize = 75;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimReview {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    claim_reviewed: String,
    review_rating: ReviewRating,
    item_reviewed: ItemReviewed,
    author: Thing,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_body: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReviewRating {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rating_value: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    best_rating: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    worst_rating: Option<usize>,
    alternate_name: String,
}

#[derive(Serialize)]
struct ItemReviewed {
    #[serde(rename = "@type")]
    kind: &'static str,
    appearance: Vec<CreativeWork>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreativeWork {
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Thing>,
}

#[derive(Serialize)]
struct Thing {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
}

/// Every rated claim as a `ClaimReview`, and what was left out.
pub(super) fn render(articles: &[ArticleClaims], settings: &Settings) -> Rendered {
    let mut warnings = Vec::new();
    let mut reviews = Vec::new();
    let base = settings.review_base_url.as_deref();
    for article in articles {
        for claim in &article.claims {
            let Some(rating) = &claim.credibility else {
                warnings.push(format!(
                    "{}: claim {}: no credibility rating; left out",
                    article.file, claim.id
                ));
                continue;
            };
            let author = match &settings.review_author {
                Some(a) => Thing {
                    kind: a.kind.schema_type(),
                    name: a.name.clone(),
                },
                None => Thing {
                    kind: "Person",
                    name: claim.author.clone(),
                },
            };
            reviews.push(ClaimReview {
                context: "https://schema.org",
                kind: "ClaimReview",
                url: base.map(|b| review_url(b, &claim.id)),
                claim_reviewed: claim_reviewed(claim),
                review_rating: review_rating(rating, &settings.scales),
                item_reviewed: ItemReviewed {
                    kind: "Claim",
                    appearance: vec![appearance(article)],
                },
                author,
                date_published: claim.created.get(..10).and_then(iso_date),
                review_body: Some(claim.note.trim())
                    .filter(|n| !n.is_empty())
                    .map(str::to_string),
            });
        }
    }
    if base.is_none() && !reviews.is_empty() {
        warnings.push(
            "no review_base_url in the config: the reviews have no url (see claimmark config --default)"
                .into(),
        );
    }
    Rendered {
        text: pretty(&reviews),
        warnings,
    }
}

/// The article where the claim appeared, with what is known of it.
fn appearance(article: &ArticleClaims) -> CreativeWork {
    CreativeWork {
        kind: "CreativeWork",
        headline: article.title.clone(),
        author: article.byline.clone().map(|name| Thing {
            kind: "Person",
            name,
        }),
        date_published: article.date.as_deref().and_then(iso_date),
        publisher: article.outlet.clone().map(|name| Thing {
            kind: "Organization",
            name,
        }),
    }
}

/// The review's address: the base and the claim id.
fn review_url(base: &str, id: &str) -> String {
    let base = base.trim();
    if base.ends_with(['/', '#', '=']) {
        format!("{base}{id}")
    } else {
        format!("{base}/{id}")
    }
}

/// The claim in at most [`CLAIM_CHARS`] characters: its summary, else its quote on one line.
fn claim_reviewed(claim: &Claim) -> String {
    let text = match claim.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        None => claim.quote_line(),
    };
    shorten(&text, CLAIM_CHARS)
}

/// `text` if it has at most `max` characters, else as many whole words as fit before an
/// ellipsis (a word longer than that is cut).
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let room = max.saturating_sub(1);
    let mut out = String::new();
    for word in text.split(' ') {
        let len = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if len > room {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(room).collect();
    }
    let kept = out.trim_end_matches([',', ';', ':', '.', '-', '–', '—', ' ']);
    format!("{kept}…")
}

/// The credibility as a schema.org `Rating`, the scale turned so that greater is better.
fn review_rating(rating: &Rating, scales: &Scales) -> ReviewRating {
    let unknown = ReviewRating {
        kind: "Rating",
        rating_value: None,
        best_rating: None,
        worst_rating: None,
        alternate_name: rating.value.clone(),
    };
    let Some(scale) = scales.named(&rating.scale) else {
        return unknown;
    };
    let Some(level) = scale.level(&rating.value) else {
        return unknown;
    };
    let ranked = scale.ranked_levels();
    let numbers = if scale.is_unjudged(&level.key) || ranked < 2 {
        None
    } else {
        // Unjudged levels sit last, so a ranked level's rank is its place among them.
        scale
            .rank(&level.key)
            .map(|rank| ranked + 1 - rank.min(ranked))
    };
    ReviewRating {
        kind: "Rating",
        rating_value: numbers,
        best_rating: numbers.map(|_| ranked),
        worst_rating: numbers.map(|_| 1),
        alternate_name: level.label.clone(),
    }
}

/// Month names of the languages whose dates the cleaner finds, by number.
const MONTHS: &[[&str; 12]] = &[
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "januar",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
];

/// A date as articles write it (`January 28, 2025`, `28 mars 2024`, `1er mai 2024`,
/// `28. März 2024`, `28 de marzo de 2024`, `2025-01-28`) as ISO 8601 (`2025-01-28`); `None`
/// for anything that is not a real day.
pub(super) fn iso_date(text: &str) -> Option<String> {
    let (mut day, mut month, mut year) = (None, None, None);
    if let [y, m, d] = text.trim().split('-').collect::<Vec<_>>()[..] {
        (year, month, day) = (y.parse().ok(), m.parse().ok(), d.parse().ok());
    } else {
        for word in text.split([' ', ',', '.']).filter(|w| !w.is_empty()) {
            let lower = word.to_lowercase();
            if let Some(m) = MONTHS
                .iter()
                .find_map(|names| names.iter().position(|n| *n == lower))
            {
                month = Some(m as u8 + 1);
            } else if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
                year = word.parse().ok();
            } else {
                let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                if (1..=2).contains(&digits.len()) && day.is_none() {
                    day = digits.parse().ok();
                }
            }
        }
    }
    let month = time::Month::try_from(month?).ok()?;
    let date = time::Date::from_calendar_date(year?, month, day?).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_dates_in_the_seed_languages_read_as_iso() {
        for (text, iso) in [
            ("January 28, 2025", Some("2025-01-28")),
            ("June 6th, 2024", Some("2024-06-06")),
            ("28 mars 2024", Some("2024-03-28")),
            ("1er mai 2024", Some("2024-05-01")),
            ("28. März 2024", Some("2024-03-28")),
            ("28 de marzo de 2024", Some("2024-03-28")),
            ("2025-01-28", Some("2025-01-28")),
            ("2026-11-23", Some("2026-11-23")),
            ("February 30, 2025", None),
            ("sometime in 2025", None),
        ] {
            assert_eq!(iso_date(text).as_deref(), iso, "{text}");
        }
    }

    #[test]
    fn a_long_claim_is_cut_at_a_word() {
        let long = "Algeria is poised to sign a substantial arms contract with Russia, valued \
                    between $12-17 billion";
        let short = shorten(long, CLAIM_CHARS);
        assert!(short.chars().count() <= CLAIM_CHARS, "{short}");
        assert_eq!(
            short,
            "Algeria is poised to sign a substantial arms contract with Russia, valued…"
        );
        assert_eq!(shorten("short enough", CLAIM_CHARS), "short enough");
        let word = "x".repeat(100);
        assert_eq!(shorten(&word, 10).chars().count(), 10);
    }

    #[test]
    fn admiralty_turns_over_and_cannot_be_judged_has_no_number() {
        let scales = Scales::default();
        let rate = |value: &str| {
            review_rating(
                &Rating {
                    scale: "admiralty-credibility".into(),
                    value: value.into(),
                },
                &scales,
            )
        };
        let best = rate("1");
        assert_eq!(
            (best.rating_value, best.best_rating, best.worst_rating),
            (Some(5), Some(5), Some(1))
        );
        assert_eq!(rate("5").rating_value, Some(1));
        assert_eq!(rate("3").alternate_name, "Possibly true");
        let unjudged = rate("6");
        assert_eq!(unjudged.rating_value, None);
        assert_eq!(unjudged.best_rating, None);
        assert_eq!(unjudged.alternate_name, "Truth cannot be judged");
    }

    #[test]
    fn review_urls_join_base_and_id() {
        assert_eq!(review_url("https://x.org/c/", "id"), "https://x.org/c/id");
        assert_eq!(review_url("https://x.org/c", "id"), "https://x.org/c/id");
        assert_eq!(review_url("https://x.org/?c=", "id"), "https://x.org/?c=id");
    }
}
