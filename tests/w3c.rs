//! The W3C export against the W3C Web Annotation test suite's own JSON Schemas, copied with
//! their licence into `tests/fixtures/w3c`: every annotation passes the suite's 54 MUST
//! assertions, the collection and its embedded page theirs, as the suite's runner checks them
//! (draft-04, formats checked). Run on the demo set and on a corpus tagged here with the
//! command line: several claims, sources with and without links, tags, no note, invalid UTF-8,
//! a moved claim and one whose text changed.

use std::path::{Path, PathBuf};
use std::process::Command;

use jsonschema::{Draft, Registry};
use serde_json::Value;

const SUITE: &str = "tests/fixtures/w3c";
/// Where the suite's relative ids and `$ref`s are resolved; never fetched.
const BASE: &str = "https://w3c-annotation-tests.invalid/";

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The suite's shared definitions, under the bare names its `$ref`s use.
fn registry() -> Registry<'static> {
    let mut builder = Registry::new().draft(Draft::Draft4);
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(SUITE).join("definitions"))
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        builder = builder
            .add(format!("{BASE}{name}"), read_json(&path))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    builder.prepare().unwrap_or_else(|e| panic!("{e}"))
}

/// The assertions of `manifest` that `doc` fails, and how many there are.
fn failures(registry: &Registry, manifest: &str, doc: &Value) -> (usize, Vec<String>) {
    let list = read_json(&Path::new(SUITE).join(manifest));
    let assertions: Vec<&str> = list["assertions"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut failed = Vec::new();
    for rel in &assertions {
        let schema = read_json(&Path::new(SUITE).join(rel));
        let validator = jsonschema::options()
            .with_draft(Draft::Draft4)
            .with_base_uri(BASE)
            .with_registry(registry)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        let expected = schema["expectedResult"].as_str().unwrap_or("valid") == "valid";
        if validator.is_valid(doc) != expected {
            failed.push(format!("{rel}: {}", schema["errorMessage"]));
        }
    }
    (assertions.len(), failed)
}

fn claimmark(args: &[&str], data: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_claimmark"))
        .args(args)
        .env("CLAIMMARK_DATA_DIR", data)
        .env("CLAIMMARK_CONFIG_DIR", data.join("no-config"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run claimmark: {e}"));
    assert!(
        out.status.success(),
        "claimmark {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{e}"))
}

/// A copy of the seed articles (and their demo sidecar) in a fresh folder.
fn corpus(tmp: &Path) -> PathBuf {
    let dir = tmp.join("corpus");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir("assets/articles")
        .into_iter()
        .flatten()
        .flatten()
    {
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

/// Checks the export of `dir` against the suite and the articles; returns its annotations.
fn check_export(dir: &Path, data: &Path) -> Vec<Value> {
    let dir_text = dir.to_string_lossy().into_owned();
    let text = claimmark(&["export", &dir_text, "--format", "w3c"], data);
    let collection: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let registry = registry();
    for manifest in [
        "collections/collectionMusts.test",
        "collections/pages/pageMusts.test",
    ] {
        let (count, failed) = failures(&registry, manifest, &collection);
        assert!(count >= 10, "{manifest}: {count} assertions");
        assert!(failed.is_empty(), "{manifest}:\n{}", failed.join("\n"));
    }
    let items = collection["first"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(collection["total"].as_u64(), Some(items.len() as u64));
    for item in &items {
        let (count, failed) = failures(&registry, "annotations/annotationMusts.test", item);
        assert_eq!(count, 54);
        assert!(failed.is_empty(), "{}:\n{}", item["id"], failed.join("\n"));
        // The position, in code points of the article decoded as claimmark decodes it, reads
        // as the quote.
        let selectors = item["target"]["selector"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap_or_else(|| panic!("no quote in {item}"));
        if let Some(at) = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
        {
            let uri = item["target"]["source"]["id"].as_str().unwrap_or_default();
            let name = uri.rsplit('/').next().unwrap_or_default();
            let raw = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{uri}: {e}"));
            let (start, end) = (
                at["start"].as_u64().unwrap_or(0) as usize,
                at["end"].as_u64().unwrap_or(0) as usize,
            );
            let text: String = String::from_utf8_lossy(&raw)
                .chars()
                .skip(start)
                .take(end - start)
                .collect();
            assert_eq!(Some(text.as_str()), quote["exact"].as_str(), "{uri}");
        }
    }
    items
}

#[test]
fn the_demo_export_passes_the_w3c_test_suite() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = corpus(tmp.path());
    let items = check_export(&dir, tmp.path());
    assert_eq!(items.len(), 1);
}

#[test]
fn a_tagged_corpus_passes_the_w3c_test_suite() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = corpus(tmp.path());
    std::fs::copy(
        "tests/fixtures/adversarial/a02_latin1.txt",
        dir.join("a02_latin1.txt"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let file = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let (f000, f002, f003, latin1) = (
        file("000_4661f2112f596c80.txt"),
        file("002_4bdb8129b040c53b.txt"),
        file("003_fb9e74a4ff2bc46c.txt"),
        file("a02_latin1.txt"),
    );
    let data = tmp.path();
    for args in [
        vec![
            "annotate",
            &f002,
            "--quote",
            "L'Algérie est un partenaire de longue date de l'OTAN",
            "--credibility",
            "2",
            "--reliability",
            "B",
            "--source",
            "https://www.nato.int/cps/en/natohq/topics_52927.htm :: NATO on the Dialogue",
            "--source",
            "Le Monde, 29 mars 2024, p. 4",
            "--tag",
            "otan",
            "--tag",
            "relations extérieures",
        ],
        vec![
            "annotate",
            &f002,
            "--quote",
            "En 2000, l'Algérie a rejoint le Dialogue méditerranéen",
            "--credibility",
            "6",
        ],
        vec![
            "annotate",
            &latin1,
            "--quote",
            "un accord de 3 milliards",
            "--credibility",
            "4",
            "--reliability",
            "F",
            "--note",
            "Montant non confirmé.\nDeux lignes.",
            "--source",
            "https://example.org/a, b :: not a link: it has a space",
        ],
        vec![
            "annotate",
            &f000,
            "--quote",
            "Algeria",
            "--nth",
            "2",
            "--credibility",
            "1",
        ],
        vec![
            "annotate",
            &f003,
            "--quote",
            "members of a US government delegation affirmed",
            "--credibility",
            "5",
            "--source",
            "https://www.state.gov/",
        ],
    ] {
        claimmark(&args, data);
    }
    // One claim moves (text inserted above it), one's text changes: the first keeps its
    // position, counted in the article as it is now; the second loses it.
    let edit = |path: &str, from: &str, to: &str| {
        let text = std::fs::read(path).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&text).replacen(from, to, 1);
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    };
    edit(&f000, "", "UPDATE: corrected.\n\n");
    edit(
        &f002,
        "En 2000, l'Algérie a rejoint",
        "En l'an 2000, l'Algérie rejoignait",
    );
    let items = check_export(&dir, data);
    assert_eq!(items.len(), 6);
    let positions = items
        .iter()
        .filter(|i| {
            i["target"]["selector"]
                .as_array()
                .is_some_and(|s| s.iter().any(|s| s["type"] == "TextPositionSelector"))
        })
        .count();
    assert_eq!(
        positions, 5,
        "all but the changed claim keep their position"
    );
    let purposes: Vec<&str> = items
        .iter()
        .flat_map(|i| i["body"].as_array().into_iter().flatten())
        .filter_map(|b| b["purpose"].as_str())
        .collect();
    for purpose in [
        "commenting",
        "tagging",
        "assessing",
        "linking",
        "describing",
    ] {
        assert!(purposes.contains(&purpose), "{purpose} in {purposes:?}");
    }
}

/// The suite's schemas are not vacuous here: an annotation without its context or with a
/// relative id fails them.
#[test]
fn the_suite_rejects_a_broken_annotation() {
    let registry = registry();
    let good = serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:7d3f5b2e-9c41-4a8e-b1d6-2f0c8a6e4d19",
        "type": "Annotation",
        "target": "file:///corpus/003.txt"
    });
    let (_, failed) = failures(&registry, "annotations/annotationMusts.test", &good);
    assert!(failed.is_empty(), "{failed:?}");
    for (key, value) in [
        ("@context", Value::Null),
        ("id", Value::from("7d3f5b2e")),
        ("created", Value::from("yesterday")),
    ] {
        let mut broken = good.clone();
        match value {
            Value::Null => {
                broken.as_object_mut().map(|o| o.remove(key));
            }
            v => broken[key] = v,
        }
        let (_, failed) = failures(&registry, "annotations/annotationMusts.test", &broken);
        assert!(!failed.is_empty(), "{key} broken yet valid");
    }
}
