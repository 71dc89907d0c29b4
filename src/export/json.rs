//! JSON: everything claimmark knows of the claims, in the shape `assets/export.schema.json`
//! describes.

use serde::Serialize;

use super::ArticleClaims;

/// Everything: the version of this shape, then the articles with their claims as stored.
pub(super) fn render(articles: &[ArticleClaims]) -> String {
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
