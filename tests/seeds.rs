//! The cleaner on the five seed articles: every artifact class of the first version is gone and
//! every sentence of the story is still there, word for word.

use claimmark::clean::clean;
use regex::Regex;

fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir("assets/articles")
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_else(|err| panic!("{err}"));
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    v.sort();
    assert_eq!(v.len(), 5, "the demo set is five articles (and a sidecar)");
    v
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn no_artifacts_remain() {
    const ARTIFACTS: &[&str] = &[
        "td >",
        "tr >",
        "th >",
        "li >",
        "ul >",
        "p >",
        "strong >",
        "< strong >",
        "< / li >",
        "< /thead >",
        "< td />",
        "< b >",
        "< li >",
        "< p >",
        "[mc4wp_form",
        "Leave a Reply",
        "Your email address will not be published",
        "Subscribe To Our Newsletter",
        ". . . .",
        "1 - 2 - 3 - 4",
        "READ:",
        "/sortie publique",
        "A cultural critic",
    ];
    for (name, raw) in seeds() {
        let c = clean(&raw);
        c.verify(&raw).unwrap_or_else(|e| panic!("{name}: {e}"));
        for a in ARTIFACTS {
            assert!(!c.text.contains(a), "{name} still has {a:?}");
        }
        assert!(
            !c.text.contains("\n\n\n"),
            "{name}: blank-line runs collapse"
        );
        assert!(
            c.text.lines().all(|l| l == l.trim()),
            "{name}: lines are trimmed"
        );
    }
}

/// Sentences of the raw text, found independently of the cleaner: tags blanked by a plain
/// pattern, page-machinery lines skipped by their literal text, then split at sentence ends.
fn story_sentences(raw: &str) -> Vec<String> {
    let tag =
        Regex::new(r"<\s*/?\s*[a-z]+\s*/?\s*>|(?:^|\s)/?(?:td|tr|th|li|ul|p|strong|thead)\s*>")
            .unwrap_or_else(|e| panic!("{e}"));
    let machinery = |l: &str| {
        let t = l.trim();
        t.starts_with(". .")
            || t.starts_with("1 - 2")
            || t.starts_with("[mc4wp")
            || t == "Leave a Reply"
            || t.starts_with("Your email address")
            || t == "Subscribe To Our Newsletter"
            || t.starts_with("READ:")
            || t.starts_with("/sortie publique")
            || t == "A cultural critic with a keen eye for social trends."
    };
    let item_tag = Regex::new(r"<\s*li\s*>").unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    for raw_line in raw.lines().filter(|l| !machinery(l)) {
        let trimmed = raw_line.trim();
        // The cleaner gives lists one bullet style, and items scraped onto one line (each
        // opened by `< li >`) a line each.
        let items: Vec<String> = match trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            Some(body) => item_tag
                .split(body)
                .map(|item| collapse(&tag.replace_all(item, " ")))
                .filter(|item| !item.trim().is_empty())
                .map(|item| format!("• {}", item.trim()))
                .collect(),
            None => vec![collapse(&tag.replace_all(raw_line, " "))],
        };
        for sentence in items.iter().flat_map(|line| line.split_inclusive(". ")) {
            let s = sentence.trim();
            if s.split(' ').count() >= 4 {
                out.push(s.to_string());
            }
        }
    }
    out
}

/// Spaces before punctuation removed, on both sides of a comparison: the cleaner drops the
/// ones scraping introduced, which is not a change of words.
fn unspace(s: &str) -> String {
    let re = Regex::new(r"\s+([,.;:!?])").unwrap_or_else(|e| panic!("{e}"));
    re.replace_all(s, "$1").into_owned()
}

#[test]
fn every_story_sentence_is_kept_word_for_word() {
    let mut checked = 0;
    for (name, raw) in seeds() {
        let text = unspace(&collapse(&clean(&raw).text));
        let raw = String::from_utf8_lossy(&raw);
        for sentence in story_sentences(&raw).iter().map(|s| unspace(s)) {
            assert!(text.contains(&sentence), "{name} lost: {sentence:?}");
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} sentences checked");
}

#[test]
fn typos_and_figures_stay_as_published() {
    let all: String = seeds()
        .iter()
        .map(|(_, raw)| clean(raw).text)
        .collect::<Vec<_>>()
        .join("\n");
    for quote in [
        "underscored teh meaning",
        "efforts too enhance security adn stability",
        "arms contract with Russia, valued between $12-17 billion",
        "« la vision et la contribution de l'Algérie à la stabilité de la région »",
        "within the region.",
    ] {
        assert!(all.contains(quote), "missing {quote:?}");
    }
}

#[test]
fn seed_titles_are_the_first_meaningful_lines() {
    let titles: Vec<String> = seeds()
        .iter()
        .map(|(_, raw)| clean(raw).title().unwrap_or_default().to_string())
        .collect();
    assert!(titles[0].starts_with("Strategic Dialogue: NATO’s Special Representative"));
    assert!(titles[1].starts_with("Groundbreaking Defense Pact"));
    assert!(titles[2].starts_with("Le 28 mars 2024"));
    assert_eq!(
        titles[3],
        "Algeria-US partnership addresses security concerns"
    );
    assert!(titles[4].starts_with("On February 5, 2025"));
}

/// The hand-checked expected cleaned text of each seed (`tests/golden/`, reviewed line by line
/// against the raw file): the cleaner must produce exactly that.
#[test]
fn cleaned_seeds_match_their_golden_text() {
    for (name, raw) in seeds() {
        let golden = std::fs::read_to_string(format!("tests/golden/{name}"))
            .unwrap_or_else(|e| panic!("tests/golden/{name}: {e}"));
        let cleaned = clean(&raw).text;
        if cleaned != golden.trim_end() {
            let first = cleaned
                .lines()
                .zip(golden.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(cleaned.lines().count().min(golden.lines().count()));
            panic!(
                "{name} differs from its golden text at line {}:\n  got:    {:?}\n  golden: {:?}",
                first + 1,
                cleaned.lines().nth(first),
                golden.lines().nth(first)
            );
        }
    }
}
