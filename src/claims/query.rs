//! A small query language over claims, shared by the claim board and `export --query`, so a
//! reviewer who narrowed the board to what an editor asked for can export exactly that.
//!
//! A query is terms separated by spaces, all of which must hold:
//!
//! | term | keeps claims… |
//! |---|---|
//! | `credibility>=4`, `cred<3`, `reliability<=B`, `rel=C` | rated so on their scale (by place: 1/A is best) |
//! | `tag:arms` | with a tag containing `arms` |
//! | `author:ana` | last changed by someone whose name contains `ana` |
//! | `article:algeria`, `file:003` | in an article whose file or title contains it |
//! | `status:done` (`unreviewed`, `progress`) | in an article with that review status |
//! | `source:sipri` | with a source citation or note containing it |
//! | `no-sources`, `no-tags`, `no-note`, `unrated` | missing that |
//! | `conflict` (`no-conflict`) | another version of which a merge or an import left |
//! | `has-sources`, `has-tags`, `has-note`, `rated` | having that |
//! | `russia`, `"arms contract"` | whose quote, summary, note or tags contain it |
//!
//! Text matches ignore case. A term with `-` in front is negated: `-tag:arms`. Values with
//! spaces go in double quotes: `tag:"arms trade"`.

use std::cmp::Ordering;

use super::scale::Scales;
use super::{Claim, Rating, ReviewStatus};

/// A parsed query: the terms that must all hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    terms: Vec<(bool, Term)>,
}

/// One condition; the `bool` beside it in [`Query`] says whether it is negated.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    /// A rating compared with a level typed on its scale.
    Rating(Axis, Ordering, bool, String),
    Tag(String),
    Author(String),
    Article(String),
    Source(String),
    Status(ReviewStatus),
    /// Whether the claim has the part (`true`) or lacks it.
    Has(Part, bool),
    Text(String),
}

/// Which rating a comparison is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Axis {
    Credibility,
    Reliability,
}

/// What `has-…`/`no-…` ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sources,
    Tags,
    Note,
    Rating,
    Conflict,
}

/// A claim with what a query may ask of its article.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The article's path relative to the corpus.
    pub file: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its review status.
    pub status: ReviewStatus,
    /// The claim.
    pub claim: &'a Claim,
    /// A merge or an import left another version of it.
    pub conflict: bool,
}

/// Why a query could not be read, worded for the status bar and stderr.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(String);

impl Query {
    /// Reads a query; an empty one keeps everything.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let mut terms = Vec::new();
        for word in split(text)? {
            let (negated, word) = match word.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest.to_string()),
                _ => (false, word),
            };
            terms.push((negated, term(&word)?));
        }
        Ok(Query { terms })
    }

    /// Reads a query and checks every rating level it names against the scales claims can be
    /// rated on, so `credibility>=9` is a mistake named at once rather than an empty result.
    pub fn parse_for(text: &str, scales: &Scales) -> Result<Query, QueryError> {
        let query = Query::parse(text)?;
        for (_, term) in &query.terms {
            if let Term::Rating(axis, _, _, typed) = term {
                let (name, own, builtin) = match axis {
                    Axis::Credibility => (
                        "credibility",
                        Some(&scales.credibility),
                        vec![
                            super::scale::Scale::admiralty_credibility(),
                            super::scale::Scale::fact_check(),
                        ],
                    ),
                    Axis::Reliability => (
                        "reliability",
                        scales.reliability.as_ref(),
                        vec![super::scale::Scale::admiralty_reliability()],
                    ),
                };
                let known = own
                    .into_iter()
                    .chain(builtin.iter())
                    .any(|s| s.pick(typed).is_some());
                if !known {
                    let levels: Vec<String> = own
                        .map(|s| s.levels.iter().map(|l| l.key.clone()).collect())
                        .unwrap_or_default();
                    return Err(QueryError(format!(
                        "{name} has no level {typed}{}",
                        if levels.is_empty() {
                            String::new()
                        } else {
                            format!(" (levels: {})", levels.join(" "))
                        }
                    )));
                }
            }
        }
        Ok(query)
    }

    /// True when the query keeps nothing out.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether the claim passes every term. `scales` places a rating's level on its scale, so
    /// `credibility>=4` works on whatever scale each claim was rated.
    pub fn matches(&self, subject: &Subject, scales: &Scales) -> bool {
        self.terms
            .iter()
            .all(|(negated, term)| holds(term, subject, scales) != *negated)
    }
}

/// Splits on spaces outside double quotes, dropping the quotes.
fn split(text: &str) -> Result<Vec<String>, QueryError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if quoted {
        return Err(QueryError("a double quote is not closed".into()));
    }
    if started {
        words.push(word);
    }
    Ok(words)
}

/// Reads one term.
fn term(word: &str) -> Result<Term, QueryError> {
    let flag = match word.to_lowercase().as_str() {
        "no-sources" | "has-sources" => Some(Part::Sources),
        "no-tags" | "has-tags" => Some(Part::Tags),
        "no-note" | "has-note" => Some(Part::Note),
        "unrated" | "rated" => Some(Part::Rating),
        "conflict" | "no-conflict" | "has-conflict" => Some(Part::Conflict),
        _ => None,
    };
    if let Some(part) = flag {
        let lower = word.to_lowercase();
        return Ok(Term::Has(
            part,
            lower.starts_with("has-") || lower == "rated" || lower == "conflict",
        ));
    }
    let colon_first = word
        .split_once(':')
        .is_some_and(|(field, _)| !field.contains(['<', '>', '=']));
    if let Some((field, op, value)) = comparison(word).filter(|_| !colon_first) {
        let axis = match field.to_lowercase().as_str() {
            "credibility" | "cred" => Axis::Credibility,
            "reliability" | "rel" => Axis::Reliability,
            other if other.ends_with(['=', '!']) => {
                return Err(QueryError(format!(
                    "{word}: write >=, <=, >, < or = after the field"
                )));
            }
            other => {
                return Err(QueryError(format!(
                    "only credibility and reliability compare with {op}, not {other}"
                )));
            }
        };
        if value.is_empty() {
            return Err(QueryError(format!("{word}: a level is missing after {op}")));
        }
        let (ordering, or_equal) = match op {
            ">=" => (Ordering::Greater, true),
            "<=" => (Ordering::Less, true),
            ">" => (Ordering::Greater, false),
            "<" => (Ordering::Less, false),
            _ => (Ordering::Equal, true),
        };
        return Ok(Term::Rating(axis, ordering, or_equal, value.to_string()));
    }
    if let Some((field, value)) = word.split_once(':') {
        let value = value.to_lowercase();
        let field = field.to_lowercase();
        if value.is_empty() {
            return Err(QueryError(format!("{field}: needs a value")));
        }
        return match field.as_str() {
            "tag" => Ok(Term::Tag(value)),
            "author" | "by" => Ok(Term::Author(value)),
            "article" | "file" | "title" => Ok(Term::Article(value)),
            "source" => Ok(Term::Source(value)),
            "credibility" | "cred" => Ok(Term::Rating(
                Axis::Credibility,
                Ordering::Equal,
                true,
                value,
            )),
            "reliability" | "rel" => Ok(Term::Rating(
                Axis::Reliability,
                Ordering::Equal,
                true,
                value,
            )),
            "status" => match value.as_str() {
                "unreviewed" | "new" => Ok(Term::Status(ReviewStatus::Unreviewed)),
                "progress" | "in-progress" | "inprogress" => {
                    Ok(Term::Status(ReviewStatus::InProgress))
                }
                "done" => Ok(Term::Status(ReviewStatus::Done)),
                other => Err(QueryError(format!(
                    "status:{other}? use unreviewed, progress or done"
                ))),
            },
            other => Err(QueryError(format!(
                "{other}: is not a field; try tag: author: article: source: status: \
                 credibility>= reliability<="
            ))),
        };
    }
    Ok(Term::Text(word.to_lowercase()))
}

/// `field>=value` and friends; `None` when the word has no comparison operator.
fn comparison(word: &str) -> Option<(&str, &'static str, &str)> {
    // Two-character operators first, so `>=` is not read as `>` and a value `=4`.
    for op in [">=", "<=", ">", "<", "="] {
        if let Some(at) = word.find(op).filter(|&at| at > 0) {
            return Some((&word[..at], op, &word[at + op.len()..]));
        }
    }
    None
}

/// Whether one term holds for the subject.
fn holds(term: &Term, s: &Subject, scales: &Scales) -> bool {
    let c = s.claim;
    let has = |needle: &str, hay: &str| hay.to_lowercase().contains(needle);
    match term {
        Term::Tag(t) => c.tags.iter().any(|tag| has(t, tag)),
        Term::Author(a) => has(a, &c.author),
        Term::Article(a) => has(a, s.file) || has(a, s.title),
        Term::Source(x) => c
            .sources
            .iter()
            .any(|src| has(x, &src.citation) || has(x, &src.note)),
        Term::Status(status) => s.status == *status,
        Term::Has(Part::Conflict, wanted) => s.conflict == *wanted,
        Term::Has(part, wanted) => has_part(c, *part) == *wanted,
        Term::Text(t) => {
            has(t, &c.anchor.quote)
                || c.summary.as_deref().is_some_and(|x| has(t, x))
                || has(t, &c.note)
                || c.tags.iter().any(|tag| has(t, tag))
        }
        Term::Rating(axis, ordering, or_equal, typed) => {
            let rating = match axis {
                Axis::Credibility => &c.credibility,
                Axis::Reliability => &c.reliability,
            };
            rating
                .as_ref()
                .and_then(|r| compare(r, typed, scales))
                .is_some_and(|o| o == *ordering || (*or_equal && o == Ordering::Equal))
        }
    }
}

/// Whether the claim has the part at all.
fn has_part(c: &Claim, part: Part) -> bool {
    match part {
        Part::Sources => !c.sources.is_empty(),
        Part::Tags => !c.tags.is_empty(),
        Part::Note => !c.note.trim().is_empty(),
        Part::Rating => c.credibility.is_some() || c.reliability.is_some(),
        // Not a part of the claim itself: asked of the subject in `holds`.
        Part::Conflict => false,
    }
}

/// How a stored rating stands against a level typed on the same scale, by place (1 for the
/// best). `None` when the scale is unknown or the typed level is not on it.
fn compare(rating: &Rating, typed: &str, scales: &Scales) -> Option<Ordering> {
    let scale = scales.named(&rating.scale)?;
    let have = scale.rank(&rating.value)?;
    let want = scale.rank(&scale.pick(typed)?.key)?;
    Some(have.cmp(&want))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::Source;

    fn claim(cred: Option<&str>, rel: Option<&str>, tags: &[&str], author: &str) -> Claim {
        Claim {
            author: author.into(),
            ..crate::claims::test_claim("x", cred, rel, tags)
        }
    }

    fn keeps(query: &str, c: &Claim) -> bool {
        let q = Query::parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        let s = Subject {
            file: "003_fb9e.txt",
            title: "Algeria to sign",
            status: ReviewStatus::InProgress,
            claim: c,
            conflict: false,
        };
        q.matches(&s, &Scales::default())
    }

    #[test]
    fn the_issue_example_reads_and_filters() {
        let doubtful = claim(Some("4"), Some("C"), &["arms", "russia"], "ana");
        let confirmed = claim(Some("1"), Some("A"), &["arms"], "ana");
        let q = "credibility>=4 tag:arms author:ana no-sources";
        assert!(keeps(q, &doubtful));
        assert!(!keeps(q, &confirmed));
        let mut sourced = doubtful.clone();
        sourced.sources.push(Source {
            citation: "https://sipri.org".into(),
            note: "no such deal".into(),
        });
        assert!(!keeps(q, &sourced));
        assert!(keeps("has-sources source:SIPRI", &sourced));
    }

    #[test]
    fn ratings_compare_by_place_on_their_scale() {
        let c = claim(Some("3"), Some("B"), &[], "bo");
        assert!(keeps("cred=3", &c));
        assert!(keeps("credibility:3", &c));
        assert!(keeps("cred<=3 cred>=3 cred>2 cred<4", &c));
        assert!(!keeps("cred>3", &c));
        assert!(keeps("rel<=b", &c));
        assert!(!keeps("rel<B", &c));
        assert!(
            !keeps("cred>=Z", &c),
            "a level not on the scale keeps nothing"
        );
        assert!(!keeps("cred>=1", &claim(None, None, &[], "bo")));
        assert!(keeps("unrated", &claim(None, None, &[], "bo")));
        assert!(!keeps("unrated", &c));
    }

    #[test]
    fn words_negation_quotes_and_fields() {
        let c = claim(Some("2"), None, &["arms trade"], "Ana Lima");
        assert!(keeps("russia", &c), "text ignores case");
        assert!(keeps("\"arms contract\"", &c));
        assert!(keeps("tag:\"arms trade\"", &c));
        assert!(keeps("-tag:sport", &c));
        assert!(!keeps("-tag:arms", &c));
        assert!(keeps(
            "author:lima article:algeria file:003 status:progress",
            &c
        ));
        assert!(!keeps("status:done", &c));
        assert!(keeps("no-note no-sources has-tags rated", &c));
        assert!(keeps("", &c));
    }

    #[test]
    fn levels_not_on_any_scale_are_named() {
        let scales = Scales::default();
        for (query, says) in [
            (
                "cred>=9",
                "credibility has no level 9 (levels: 1 2 3 4 5 6)",
            ),
            ("rel=Z", "reliability has no level Z (levels: A B C D E F)"),
            ("cred>=A", "credibility has no level A"),
            ("cred==4", "credibility has no level =4"),
            ("credibility:>=4", "credibility has no level >=4"),
            ("cred=>4", "write >=, <=, >, < or = after the field"),
        ] {
            let e = Query::parse_for(query, &scales)
                .err()
                .map(|e| e.to_string());
            assert!(
                e.as_deref().is_some_and(|e| e.contains(says)),
                "{query}: {e:?}"
            );
        }
        assert!(Query::parse_for("cred>=4 rel<=B cred=mostly-false", &scales).is_ok());
    }

    #[test]
    fn mistakes_are_named() {
        for (query, says) in [
            ("colour:red", "colour: is not a field"),
            ("tag:", "tag: needs a value"),
            ("status:maybe", "status:maybe?"),
            ("tag:\"open", "not closed"),
            ("author>=3", "only credibility and reliability"),
            ("cred>=", "a level is missing"),
        ] {
            let e = Query::parse(query).err().map(|e| e.to_string());
            assert!(
                e.as_deref().is_some_and(|e| e.contains(says)),
                "{query}: {e:?}"
            );
        }
    }

    proptest::proptest! {
        /// Whatever is typed into the board's query line, reading it never panics, and a
        /// term and its negation split the claims between them.
        #[test]
        fn any_text_reads_and_negation_complements(text in "[ -~]{0,24}") {
            let c = claim(Some("4"), Some("C"), &["arms"], "ana");
            let one_term = Query::parse(&text).is_ok_and(|q| q.terms.len() == 1);
            let negated = format!("-{}", text.trim());
            if one_term && !text.trim_start().starts_with('-') && Query::parse(&negated).is_ok() {
                proptest::prop_assert_ne!(keeps(&text, &c), keeps(&negated, &c));
            }
        }
    }
}
