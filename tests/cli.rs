//! The headless CLI, run as a real process: output shapes, the `--json` map round trip, and one
//! test per error case.

use std::path::Path;
use std::process::{Command, Output};

fn claimmark(args: &[&str], data_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimmark"))
        .args(args)
        .env("CLAIMMARK_DATA_DIR", data_dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run claimmark: {e}"))
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap_or_else(|e| panic!("{e}"))
}

fn seeds() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir("assets/articles")
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

#[test]
fn list_prints_path_title_language_bytes() {
    let tmp = tempdir();
    let out = stdout(&claimmark(&["list", "assets/articles"], tmp.path()));
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 5);
    for row in &rows {
        assert_eq!(row.len(), 4, "{row:?}");
        assert!(Path::new(row[0]).is_file(), "{row:?}");
        let bytes: u64 = row[3].parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::metadata(row[0]).map(|m| m.len()).ok(), Some(bytes));
    }
    assert_eq!(
        rows[0][1],
        "Strategic Dialogue: NATO’s Special Representative Engages with Algeria to Fortify Southern Neighbourhood Security"
    );
    assert_eq!(rows[2][2], "fr");
    assert_eq!(
        rows[3][1],
        "Algeria-US partnership addresses security concerns"
    );
    assert!(rows.iter().filter(|r| r[2] == "en").count() == 4);
}

#[test]
fn list_json_has_the_same_facts() {
    let tmp = tempdir();
    let out = stdout(&claimmark(
        &["list", "assets/articles", "--json"],
        tmp.path(),
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    let items = v.as_array().unwrap_or_else(|| panic!("not an array: {v}"));
    assert_eq!(items.len(), 5);
    assert_eq!(items[2]["lang"], "fr");
    assert_eq!(items[2]["name"], "002_4bdb8129b040c53b.txt");
    assert_eq!(items[4]["bytes"], 10652);
    assert_eq!(items[0]["content"], "text");
    // Dateline and outlet lifted out of the text (the outlet of 002 from the syndication
    // disclaimer the cleaner drops).
    assert_eq!(items[0]["date"], "January 28, 2025");
    assert_eq!(items[2]["date"], "28 mars 2024");
    assert_eq!(items[2]["outlet"], "Mirage.News");
    assert_eq!(items[3]["outlet"], "Arab World/Maghrebi");
    assert!(items[3]["byline"].is_null());
}

#[test]
fn list_without_a_path_installs_and_lists_the_demo_set() {
    let tmp = tempdir();
    let out = stdout(&claimmark(&["list"], tmp.path()));
    assert_eq!(out.lines().count(), 5);
    for seed in seeds() {
        let name = seed.file_name().unwrap_or_default();
        let installed = tmp.path().join("demo").join(name);
        assert_eq!(
            std::fs::read(&installed).ok(),
            std::fs::read(&seed).ok(),
            "{installed:?}"
        );
    }
}

#[test]
fn clean_json_segments_round_trip_on_every_seed() {
    let tmp = tempdir();
    for seed in seeds() {
        let raw = std::fs::read(&seed).unwrap_or_else(|e| panic!("{e}"));
        let path = seed.to_string_lossy().into_owned();
        let out = stdout(&claimmark(&["clean", &path, "--json"], tmp.path()));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
        let text = v["text"].as_str().unwrap_or_else(|| panic!("no text"));
        let plain = stdout(&claimmark(&["clean", &path], tmp.path()));
        assert_eq!(
            plain,
            format!("{text}\n"),
            "--json text is the plain output"
        );
        let segments = v["segments"]
            .as_array()
            .unwrap_or_else(|| panic!("no segments"));
        let (mut clean_at, mut raw_at) = (0u64, 0u64);
        let mut rebuilt = String::new();
        for s in segments {
            let c = (s["clean"][0].as_u64(), s["clean"][1].as_u64());
            let r = (s["raw"][0].as_u64(), s["raw"][1].as_u64());
            let (Some(cs), Some(ce), Some(rs), Some(re)) = (c.0, c.1, r.0, r.1) else {
                panic!("bad segment {s}");
            };
            assert_eq!(cs, clean_at, "no gap or overlap in {path}");
            assert!(
                ce > cs && rs >= raw_at && re >= rs,
                "monotonic in {path}: {s}"
            );
            let piece = &text[cs as usize..ce as usize];
            let source = &raw[rs as usize..re as usize];
            // Copied text equals its raw bytes; anything else is a stand-in: one space or
            // newline for whitespace or removed artifacts, `•` for another list marker, or a
            // line break and bullet inserted (from nothing) where a list item's tag began.
            if s["copy"].as_bool() == Some(true) {
                assert_eq!(piece.as_bytes(), source, "copy in {path}");
            } else {
                let bullet = piece == "•" && matches!(source, b"-" | b"*");
                let item = piece == "\n• " && source.is_empty();
                assert!(
                    piece == " " || piece == "\n" || bullet || item,
                    "{piece:?} from {source:?} in {path}"
                );
            }
            rebuilt.push_str(piece);
            clean_at = ce;
            raw_at = re;
        }
        assert_eq!(clean_at as usize, text.len(), "segments cover {path}");
        assert_eq!(rebuilt, text);
        let dropped = v["dropped"].as_array().map_or(0, Vec::len);
        if path.contains("000_") || path.contains("003_") {
            assert!(dropped > 0, "{path} has artifacts to drop");
        }
    }
}

#[test]
fn clean_json_maps_invalid_utf8_to_its_bytes() {
    let tmp = tempdir();
    let out = stdout(&claimmark(
        &[
            "clean",
            "tests/fixtures/adversarial/a02_latin1.txt",
            "--json",
        ],
        tmp.path(),
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        v["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("D\u{FFFD}fense"))
    );
    let second = &v["segments"][1];
    assert_eq!(second["clean"], serde_json::json!([1, 4]));
    assert_eq!(second["raw"], serde_json::json!([1, 2]));
}

#[test]
fn clean_json_lists_tables_flattened_from_html() {
    let tmp = tempdir();
    let file = tmp.path().join("flat.txt");
    std::fs::write(
        &file,
        "The shares by region were published on Monday by the ministry in Algiers.\n\
         < th >Region th > < th >Share th >\n\
         < td >North td > < td >42 % td >\n\
         < td >South td > < td >17 % td >\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let path = file.to_string_lossy().into_owned();
    let out = stdout(&claimmark(&["clean", &path, "--json"], tmp.path()));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    let text = v["text"].as_str().unwrap_or_default();
    let tables = v["tables"].as_array().cloned().unwrap_or_default();
    assert_eq!(tables.len(), 1, "{out}");
    let cell = |row: usize, col: usize| {
        let span = &tables[0][row][col];
        let (s, e) = (span[0].as_u64(), span[1].as_u64());
        match (s, e) {
            (Some(s), Some(e)) => text.get(s as usize..e as usize).unwrap_or_default(),
            _ => "",
        }
    };
    assert_eq!([cell(0, 0), cell(0, 1)], ["Region", "Share"]);
    assert_eq!([cell(2, 0), cell(2, 1)], ["South", "17 %"]);
}

fn fails_with(args: &[&str], expected: &str) {
    let tmp = tempdir();
    let out = claimmark(args, tmp.path());
    assert!(!out.status.success(), "{args:?} should fail");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.starts_with("claimmark: ") && err.contains(expected),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_file_is_one_clear_line() {
    fails_with(
        &["clean", "no/such/file.txt"],
        "no/such/file.txt: no such file or directory",
    );
    fails_with(&["list", "no/such/dir"], "no such file or directory");
}

#[test]
fn folder_without_articles_is_one_clear_line() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("a.pdf"), b"%PDF").unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().to_string_lossy().into_owned();
    fails_with(&["list", &dir], "no articles found");
    fails_with(&[&dir], "no articles found");
}

#[test]
fn unreadable_paths_are_one_clear_line() {
    // A path through a file is unreadable for everyone, root included.
    fails_with(
        &[
            "clean",
            "assets/articles/000_4661f2112f596c80.txt/inner.txt",
        ],
        "Not a directory",
    );
    fails_with(&["clean", "assets/articles"], "is a directory");
    // The reason is said once, not once per layer of error.
    let tmp = tempdir();
    let out = claimmark(
        &["clean", "assets/articles/000_4661f2112f596c80.txt/x"],
        tmp.path(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("Not a directory").count(), 1, "{err}");
}

#[test]
fn devices_are_refused_not_read() {
    fails_with(
        &["clean", "/dev/zero"],
        "/dev/zero: not a regular file or folder",
    );
    fails_with(
        &["list", "/dev/null"],
        "/dev/null: not a regular file or folder",
    );
}

#[test]
fn escape_sequences_in_paths_never_reach_the_terminal() {
    let tmp = tempdir();
    let out = claimmark(&["clean", "nope\u{1b}]2;pwned\u{7}.txt"], tmp.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(
        err.contains("nope␛]2;pwned␇.txt: no such file or directory"),
        "{err}"
    );

    let dir = tmp.path().join("set");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("red\u{1b}[31m.txt"), "Title\n\nBody.")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = stdout(&claimmark(&["list", &dir.to_string_lossy()], tmp.path()));
    assert!(
        !out.contains('\u{1b}') && out.contains("red␛[31m.txt"),
        "{out:?}"
    );
}

#[test]
fn usage_errors_exit_with_status_2() {
    let tmp = tempdir();
    let out = claimmark(&["clean"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage"));
}

#[test]
fn a_reader_closing_the_pipe_early_is_not_an_error() {
    let tmp = tempdir();
    let big = tmp.path().join("big.txt");
    std::fs::write(
        &big,
        "A sentence of the story goes on here.\n".repeat(20_000),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for json in [true, false] {
        let mut args = vec!["clean", big.to_str().unwrap_or_default()];
        if json {
            args.push("--json");
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimmark"))
            .args(&args)
            .env("CLAIMMARK_DATA_DIR", tmp.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        // Read a little, then hang up, as `| head -c 10` does.
        let mut first = [0u8; 10];
        if let Some(out) = child.stdout.as_mut() {
            std::io::Read::read_exact(out, &mut first).unwrap_or_else(|e| panic!("{e}"));
        }
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "json={json}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn explain_lists_each_dropped_span_with_its_rule() {
    let tmp = tempdir();
    let path = "assets/articles/003_fb9e74a4ff2bc46c.txt";
    let raw = std::fs::read(path).unwrap_or_else(|e| panic!("{e}"));
    let out = stdout(&claimmark(&["clean", "--explain", path], tmp.path()));
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.splitn(3, '\t').collect()).collect();
    let rules: Vec<&str> = rows.iter().map(|r| r[1]).collect();
    assert_eq!(
        rules,
        [
            "cross-link",
            "cross-link",
            "boilerplate",
            "boilerplate",
            "boilerplate",
            "shortcode"
        ]
    );
    for row in &rows {
        let (start, end) = row[0].split_once("..").unwrap_or_else(|| panic!("{row:?}"));
        let range = start.parse::<usize>().unwrap_or(0)..end.parse::<usize>().unwrap_or(0);
        assert_eq!(
            String::from_utf8_lossy(&raw[range]),
            row[2],
            "the range holds the text"
        );
    }
    let both = claimmark(&["clean", "--explain", "--json", path], tmp.path());
    assert_eq!(
        both.status.code(),
        Some(2),
        "--explain and --json exclude each other"
    );
}

/// A copy of seed 003 in a fresh folder, for commands that write sidecars beside it.
fn seed_003_copy(dir: &Path) -> std::path::PathBuf {
    let seed = seeds()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("003_"))
        .unwrap_or_else(|| panic!("no seed 003"));
    let copy = dir.join(seed.file_name().unwrap_or_default());
    std::fs::copy(&seed, &copy).unwrap_or_else(|e| panic!("{e}"));
    copy
}

#[test]
fn annotate_saves_a_claim_that_check_finds_again() {
    let tmp = tempdir();
    let article = seed_003_copy(tmp.path());
    let file = article.to_string_lossy().into_owned();
    let out = claimmark(
        &[
            "annotate",
            &file,
            "--quote",
            "arms contract with Russia, valued between $12-17 billion",
            "--credibility",
            "3",
            "--reliability",
            "b",
            "--source",
            "https://www.sipri.org/databases/armstransfers::no such order listed",
            "--tag",
            "arms",
            "--note",
            "Figure not confirmed.",
        ],
        tmp.path(),
    );
    let id = stdout(&out).trim().to_string();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let sidecar =
        std::fs::read_to_string(format!("{file}.claims.ron")).unwrap_or_else(|e| panic!("{e}"));
    for needle in [
        id.as_str(),
        "value: \"3\"",
        "value: \"B\"",
        "no such order listed",
        "Figure not confirmed.",
        "status: InProgress",
    ] {
        assert!(sidecar.contains(needle), "{needle} missing from {sidecar}");
    }
    let dir = tmp.path().to_string_lossy().into_owned();
    let report = stdout(&claimmark(&["check", &dir], tmp.path()));
    assert!(
        report.contains(&format!("{id}\texact\tarms contract")),
        "{report}"
    );

    // The article changes: text inserted before the claim moves it, and check says so.
    let text = std::fs::read_to_string(&article).unwrap_or_default();
    std::fs::write(&article, format!("Correction appended.\n\n{text}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let report = stdout(&claimmark(&["check", &dir], tmp.path()));
    assert!(report.contains(&format!("{id}\tmoved\t")), "{report}");

    // The claim's text is gone: orphaned, reported, exit status 1, sidecar untouched.
    std::fs::write(&article, "Nothing of the story is left.\n").unwrap_or_else(|e| panic!("{e}"));
    let out = claimmark(&["check", &dir], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\torphaned\t"));
    assert_eq!(
        std::fs::read_to_string(format!("{file}.claims.ron")).unwrap_or_default(),
        sidecar
    );
}

#[test]
fn annotate_refuses_ambiguous_and_missing_quotes() {
    let tmp = tempdir();
    let file = seed_003_copy(tmp.path()).to_string_lossy().into_owned();
    // `annotate FILE --quote QUOTE [--nth N] --credibility C`.
    let annotate = |quote: &str, nth: Option<&str>, credibility: &str| {
        let mut args = vec![
            "annotate",
            &file,
            "--quote",
            quote,
            "--credibility",
            credibility,
        ];
        if let Some(n) = nth {
            args.extend(["--nth", n]);
        }
        claimmark(&args, tmp.path())
    };
    let out = annotate("Algeria", None, "2");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("choose one with --nth") && err.contains("2: line "),
        "{err}"
    );
    let out = annotate("no such words", None, "2");
    assert!(String::from_utf8_lossy(&out.stderr).contains("quote not found"));
    let out = annotate("Algeria", Some("2"), "9");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a level"));
    assert!(
        !Path::new(&format!("{file}.claims.ron")).exists(),
        "nothing saved"
    );
    assert!(annotate("Algeria", Some("2"), "2").status.success());
}

#[test]
fn check_reports_an_unreadable_sidecar_by_file_and_line() {
    let tmp = tempdir();
    let file = seed_003_copy(tmp.path()).to_string_lossy().into_owned();
    let broken = "(\n  version: 1,\n  article: (file: \"x\",\n";
    std::fs::write(format!("{file}.claims.ron"), broken).unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().to_string_lossy().into_owned();
    let out = claimmark(&["check", &dir], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("unreadable") && report.contains(".claims.ron:3:"),
        "{report}"
    );
    assert_eq!(
        std::fs::read_to_string(format!("{file}.claims.ron")).unwrap_or_default(),
        broken,
        "left untouched"
    );
}

#[test]
fn the_config_picks_the_scale_and_author_and_a_broken_one_is_named() {
    let tmp = tempdir();
    let file = seed_003_copy(tmp.path()).to_string_lossy().into_owned();
    let config_dir = tmp.path().join("config");
    std::fs::create_dir_all(&config_dir).unwrap_or_else(|e| panic!("{e}"));
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_claimmark"))
            .args(args)
            .env("CLAIMMARK_DATA_DIR", tmp.path())
            .env("CLAIMMARK_CONFIG_DIR", &config_dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot run claimmark: {e}"))
    };
    // The commented default is a valid config.
    let default = stdout(&run(&["config", "--default"]));
    std::fs::write(config_dir.join("config.ron"), &default).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&[
        "annotate",
        &file,
        "--quote",
        "Algeria",
        "--nth",
        "1",
        "--credibility",
        "3",
    ]);
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");

    std::fs::write(
        config_dir.join("config.ron"),
        "(author: Some(\"ana\"), scales: Preset(\"fact-check\"))",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = run(&[
        "annotate",
        &file,
        "--quote",
        "Algeria",
        "--nth",
        "2",
        "--credibility",
        "2",
    ]);
    assert!(out.status.success(), "{out:?}");
    let sidecar = std::fs::read_to_string(format!("{file}.claims.ron")).unwrap_or_default();
    assert!(
        sidecar.contains("scale: \"fact-check\"") && sidecar.contains("value: \"mostly-true\""),
        "{sidecar}"
    );
    assert!(sidecar.contains("author: \"ana\""), "{sidecar}");

    std::fs::write(config_dir.join("config.ron"), "(author: 3)").unwrap_or_else(|e| panic!("{e}"));
    let out = run(&[
        "annotate",
        &file,
        "--quote",
        "Algeria",
        "--nth",
        "3",
        "--credibility",
        "3",
    ]);
    assert!(
        out.status.success(),
        "a broken config falls back to the defaults"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.ron:1:") && err.contains("using the defaults"),
        "{err}"
    );
}

/// The export of the demo set (its one tagged claim) in each format, against golden files.
/// `UPDATE_GOLDEN=1` rewrites them after an intended change, to be reviewed in the diff.
#[test]
fn exports_match_their_golden_files() {
    let tmp = tempdir();
    let corpus = tmp.path().join("demo");
    std::fs::create_dir_all(&corpus).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir("assets/articles")
        .into_iter()
        .flatten()
        .flatten()
    {
        std::fs::copy(entry.path(), corpus.join(entry.file_name()))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let dir = corpus.to_string_lossy().into_owned();
    // The ClaimReview golden shows the review settings at work.
    let review_config = tmp.path().join("review-config");
    std::fs::create_dir_all(&review_config).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        review_config.join("config.ron"),
        "(review_base_url: Some(\"https://factcheck.example.org/claims/\"), \
         review_author: Some((name: \"Example Fact Check\", kind: Organization)))",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let no_config = tmp.path().join("no-config");
    for (format, golden, config) in [
        ("md", "export.md", &no_config),
        ("csv", "export.csv", &no_config),
        ("json", "export.json", &no_config),
        ("w3c", "export.w3c.json", &no_config),
        ("claimreview", "export.claimreview.json", &review_config),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_claimmark"))
            .args(["export", &dir, "--format", format])
            .env("CLAIMMARK_DATA_DIR", tmp.path())
            .env("CLAIMMARK_CONFIG_DIR", config)
            .output()
            .unwrap_or_else(|e| panic!("cannot run claimmark: {e}"));
        let mut text = stdout(&out);
        if format == "w3c" {
            // The target is the article's absolute file: URI, which is in a fresh temporary
            // folder each run: the golden names it file:///corpus/.
            let uri = format!("\"file://{dir}/");
            assert!(text.contains(&uri), "{uri} not in:\n{text}");
            text = text.replace(&uri, "\"file:///corpus/");
        }
        let path = Path::new("tests/golden").join(golden);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        }
        let expected =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            text,
            expected,
            "{format} export differs from {}",
            path.display()
        );
        let json = || -> serde_json::Value {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{format}: {e}"))
        };
        match format {
            "json" => {
                assert_eq!(
                    json()["articles"][0]["claims"][0]["credibility"]["value"],
                    "3"
                );
            }
            "w3c" => {
                let v = json();
                assert_eq!(v["type"], "AnnotationCollection");
                assert_eq!(v["total"], 1);
                let item = &v["first"]["items"][0];
                assert_eq!(item["id"], "urn:uuid:7d3f5b2e-9c41-4a8e-b1d6-2f0c8a6e4d19");
                assert_eq!(item["motivation"], "assessing");
                assert_eq!(
                    item["target"]["source"]["id"],
                    "file:///corpus/003_fb9e74a4ff2bc46c.txt"
                );
                assert_eq!(
                    item["target"]["selector"][1]["type"],
                    "TextPositionSelector"
                );
            }
            "claimreview" => {
                let v = json();
                let review = &v[0];
                assert_eq!(v.as_array().map(Vec::len), Some(1));
                assert_eq!(review["@type"], "ClaimReview");
                assert_eq!(
                    review["url"],
                    "https://factcheck.example.org/claims/7d3f5b2e-9c41-4a8e-b1d6-2f0c8a6e4d19"
                );
                assert_eq!(review["author"]["@type"], "Organization");
                // Admiralty 3 of 1-5 (6 is no verdict), turned so that greater is better.
                let rating = &review["reviewRating"];
                assert_eq!(
                    (
                        &rating["ratingValue"],
                        &rating["bestRating"],
                        &rating["worstRating"]
                    ),
                    (&3.into(), &5.into(), &1.into())
                );
                assert_eq!(rating["alternateName"], "Possibly true");
                assert_eq!(review["itemReviewed"]["@type"], "Claim");
            }
            _ => {}
        }
    }
    // Without a review base URL the reviews have no url, and stderr says so.
    let out = Command::new(env!("CARGO_BIN_EXE_claimmark"))
        .args(["export", &dir, "--format", "claimreview"])
        .env("CLAIMMARK_DATA_DIR", tmp.path())
        .env("CLAIMMARK_CONFIG_DIR", &no_config)
        .output()
        .unwrap_or_else(|e| panic!("cannot run claimmark: {e}"));
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}"));
    assert!(v[0].get("url").is_none(), "{v}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no review_base_url"));
}

/// The JSON export's documented shape, `assets/export.schema.json`, holds for the golden
/// export, and catches a claim without its anchor.
#[test]
fn the_json_export_matches_its_schema() {
    let read = |path: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let schema = read("assets/export.schema.json");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{e}"));
    let export = read("tests/golden/export.json");
    let errors: Vec<String> = validator
        .iter_errors(&export)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let mut broken = export.clone();
    if let Some(claim) = broken["articles"][0]["claims"][0].as_object_mut() {
        claim.remove("anchor");
    }
    assert!(!validator.is_valid(&broken));
}

/// A corpus large enough for the progress bar, exported with stderr piped: no bar, no control
/// sequences, only what the export has to say.
#[test]
fn the_progress_bar_stays_off_a_stderr_that_is_not_a_terminal() {
    let tmp = tempdir();
    let corpus = tmp.path().join("big");
    std::fs::create_dir_all(&corpus).unwrap_or_else(|e| panic!("{e}"));
    for i in 0..220 {
        std::fs::write(
            corpus.join(format!("a{i:03}.txt")),
            format!("Article {i}\n\nThe minister said the deal was worth 3 billion on Monday.\n"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = Command::new(env!("CARGO_BIN_EXE_claimmark"))
        .args(["export", &corpus.to_string_lossy(), "--format", "json"])
        .env("CLAIMMARK_DATA_DIR", tmp.path())
        .env("CLAIMMARK_CONFIG_DIR", tmp.path().join("no-config"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run claimmark: {e}"));
    assert!(stdout(&out).contains("\"articles\": []"));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// The demo set (its tagged claim) plus two claims tagged here, in `dir`.
fn annotated_copy(dir: &Path) -> String {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir("assets/articles")
        .into_iter()
        .flatten()
        .flatten()
    {
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap_or_else(|e| panic!("{e}"));
    }
    let article = dir.join("000_4661f2112f596c80.txt");
    let file = article.to_string_lossy().into_owned();
    for nth in ["1", "2"] {
        let out = claimmark(
            &[
                "annotate",
                &file,
                "--quote",
                "Algeria",
                "--nth",
                nth,
                "--credibility",
                "2",
                "--tag",
                "place",
            ],
            dir,
        );
        stdout(&out);
    }
    dir.to_string_lossy().into_owned()
}

/// Articles only, no sidecars: a colleague's copy of the corpus.
fn fresh_copy(dir: &Path) -> String {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    for seed in seeds() {
        std::fs::copy(&seed, dir.join(seed.file_name().unwrap_or_default()))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    dir.to_string_lossy().into_owned()
}

/// `claimmark export CORPUS --format json -o TMP/export.json`: the file, and its path as an
/// argument for `import`.
fn export_json(tmp: &Path, corpus: &str) -> (std::path::PathBuf, String) {
    let json = tmp.join("export.json");
    let arg = json.to_string_lossy().into_owned();
    stdout(&claimmark(
        &["export", corpus, "--format", "json", "-o", &arg],
        tmp,
    ));
    (json, arg)
}

#[test]
fn import_brings_an_export_back_in_by_id_and_twice_is_once() {
    let tmp = tempdir();
    let mine = annotated_copy(&tmp.path().join("mine"));
    let theirs = fresh_copy(&tmp.path().join("theirs"));
    let (json, json_arg) = export_json(tmp.path(), &mine);
    let summary = stdout(&claimmark(&["import", &json_arg, &theirs], tmp.path()));
    assert_eq!(
        summary.trim(),
        "3 added, 0 unchanged, 0 conflicts, 0 articles skipped"
    );
    // Exported again from the copy, the claims are the same.
    let again = stdout(&claimmark(
        &["export", &theirs, "--format", "json"],
        tmp.path(),
    ));
    let original = std::fs::read_to_string(&json).unwrap_or_default();
    let claims = |text: &str| {
        let v: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        v["articles"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| (a["file"].clone(), a["status"].clone(), a["claims"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(claims(&again), claims(&original));
    assert_eq!(claims(&again).len(), 2);

    let sidecar = Path::new(&theirs).join("000_4661f2112f596c80.txt.claims.ron");
    let before = std::fs::read_to_string(&sidecar).unwrap_or_default();
    let summary = stdout(&claimmark(&["import", &json_arg, &theirs], tmp.path()));
    assert_eq!(
        summary.trim(),
        "0 added, 3 unchanged, 0 conflicts, 0 articles skipped"
    );
    assert_eq!(
        std::fs::read_to_string(&sidecar).unwrap_or_default(),
        before,
        "importing twice changes nothing"
    );
    let check = stdout(&claimmark(&["check", &theirs], tmp.path()));
    assert_eq!(check.matches("\texact\t").count(), 3, "{check}");
}

#[test]
fn import_keeps_a_differing_claim_as_a_conflict_and_skips_articles_it_cannot_match() {
    let tmp = tempdir();
    let mine = annotated_copy(&tmp.path().join("mine"));
    let theirs = fresh_copy(&tmp.path().join("theirs"));
    let (json, json_arg) = export_json(tmp.path(), &mine);
    stdout(&claimmark(&["import", &json_arg, &theirs], tmp.path()));
    // The colleague changes a note; their claim is imported back: both versions kept.
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    v["articles"][0]["claims"][0]["note"] = "Seen otherwise.".into();
    v["articles"][0]["claims"][0]["updated"] = "2030-01-01T00:00:00Z".into();
    // An article this corpus does not have, and one whose claims are not in the article.
    let mut stranger = v["articles"][0].clone();
    stranger["file"] = "elsewhere/999.txt".into();
    let mut renamed = v["articles"][1].clone();
    renamed["file"] = "004_c819ecef553369a5.txt".into();
    if let Some(list) = v["articles"].as_array_mut() {
        list.push(stranger);
        list.push(renamed);
    }
    std::fs::write(&json, v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let out = claimmark(&["import", &json_arg, &theirs], tmp.path());
    let summary = stdout(&out);
    assert_eq!(
        summary.trim(),
        "0 added, 2 unchanged, 1 conflict, 2 articles skipped"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("skipped elsewhere/999.txt: not found"),
        "{err}"
    );
    assert!(
        err.contains("skipped 004_c819ecef553369a5.txt: none of its 1 claim found"),
        "{err}"
    );
    let check = claimmark(&["check", &theirs], tmp.path());
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&check.stdout)
            .matches("\tconflict\t")
            .count(),
        1
    );
}

#[test]
fn import_refuses_what_is_not_an_export() {
    let tmp = tempdir();
    let file = tmp.path().join("x.json");
    std::fs::write(&file, "[1, 2]").unwrap_or_else(|e| panic!("{e}"));
    let arg = file.to_string_lossy().into_owned();
    fails_with(
        &["import", &arg, "assets/articles"],
        "not a claimmark JSON export",
    );
    std::fs::write(&file, r#"{"version": 7, "articles": []}"#).unwrap_or_else(|e| panic!("{e}"));
    fails_with(
        &["import", &arg, "assets/articles"],
        "export version 7 is newer",
    );
}

/// `export --query` keeps what the claim board would show for the same query, in every
/// format, and a query that does not read is refused before anything is written.
#[test]
fn export_query_keeps_the_claims_the_board_would_show() {
    let tmp = tempdir();
    let corpus = annotated_copy(&tmp.path().join("corpus"));
    let rows = |query: &str| {
        let csv = stdout(&claimmark(
            &["export", &corpus, "--format", "csv", "--query", query],
            tmp.path(),
        ));
        csv.lines().count() - 1
    };
    assert_eq!(rows(""), 3);
    assert_eq!(rows("tag:place"), 2);
    assert_eq!(rows("credibility>=3"), 1, "the demo claim, rated 3");
    assert_eq!(rows("-tag:place reliability=C"), 1);
    assert_eq!(rows("file:000 credibility<2"), 0);
    let json = stdout(&claimmark(
        &["export", &corpus, "--format", "json", "-q", "tag:place"],
        tmp.path(),
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let articles = v["articles"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        articles.len(),
        1,
        "articles left without claims are left out"
    );
    assert_eq!(articles[0]["file"], "000_4661f2112f596c80.txt");
    let w3c = stdout(&claimmark(
        &["export", &corpus, "--format", "w3c", "-q", "credibility>=3"],
        tmp.path(),
    ));
    let v: serde_json::Value = serde_json::from_str(&w3c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["total"], 1, "{w3c}");

    let out = claimmark(
        &["export", &corpus, "--query", "colour:red", "-o", "never.md"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--query: colour: is not a field"), "{err}");
    let missing = tmp.path().join("no/such/folder/x.md");
    let out = claimmark(
        &["export", &corpus, "-o", &missing.to_string_lossy()],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such folder"));
    assert!(
        !tmp.path().join("no").exists(),
        "a mistyped folder is not created"
    );
    assert!(!Path::new("never.md").exists());
}

/// A claim left in conflict travels whole: the JSON export carries the other version, which
/// `import` keeps as such; the other formats say they hold only the version shown.
#[test]
fn exports_keep_or_name_the_other_version_of_a_claim_in_conflict() {
    use claimmark::claims::store;
    let tmp = tempdir();
    let corpus = annotated_copy(&tmp.path().join("corpus"));
    let article = Path::new(&corpus).join("000_4661f2112f596c80.txt");
    let sidecar_path = store::beside(&article);
    let mut sidecar = store::load(&sidecar_path)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no sidecar"));
    let mut theirs = sidecar.claims[0].clone();
    theirs.note = "their note".into();
    theirs.author = "bo".into();
    sidecar.conflicts.push(theirs);
    store::save(&sidecar_path, &sidecar).unwrap_or_else(|e| panic!("{e}"));

    let (json_path, json_arg) = export_json(tmp.path(), &corpus);
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&json_path).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let a = v["articles"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["file"] == "000_4661f2112f596c80.txt")
        .cloned()
        .unwrap_or_default();
    assert_eq!(a["conflicts"][0]["note"], "their note", "{a}");
    assert_eq!(a["sha256"].as_str().map(str::len), Some(64));

    let md = claimmark(&["export", &corpus, "--format", "md"], tmp.path());
    let err = String::from_utf8_lossy(&md.stderr);
    assert!(
        err.contains("1 claim is in conflict: only the version the reader shows"),
        "{err}"
    );

    let theirs_dir = fresh_copy(&tmp.path().join("theirs"));
    let summary = stdout(&claimmark(&["import", &json_arg, &theirs_dir], tmp.path()));
    assert!(summary.contains("1 conflict"), "{summary}");
    let imported = store::load(&store::beside(
        &Path::new(&theirs_dir).join("000_4661f2112f596c80.txt"),
    ))
    .unwrap_or_else(|e| panic!("{e}"))
    .unwrap_or_else(|| panic!("no sidecar"));
    assert_eq!(imported.conflicts.len(), 1);
    assert_eq!(imported.conflicts[0].note, "their note");
}

/// Reports give a claim's place in the article as it is now: an edited article moves the
/// bytes in CSV, and a claim whose text is gone says so in CSV and Markdown rather than
/// passing for a sound one.
#[test]
fn reports_give_each_claim_where_it_is_now() {
    let tmp = tempdir();
    let corpus = annotated_copy(&tmp.path().join("corpus"));
    let article = Path::new(&corpus).join("003_fb9e74a4ff2bc46c.txt");
    let text = std::fs::read_to_string(&article).unwrap_or_else(|e| panic!("{e}"));
    let edited = text.replace(
        "arms contract with Russia, valued between $12-17 billion",
        "a different story altogether about fisheries",
    );
    std::fs::write(&article, format!("Prepended line.\n{edited}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let csv = stdout(&claimmark(
        &["export", &corpus, "--format", "csv"],
        tmp.path(),
    ));
    let row = csv
        .lines()
        .find(|l| l.starts_with("003_"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        row.contains(",,,orphaned,"),
        "no bytes, and orphaned: {row}"
    );
    let moved = csv
        .lines()
        .filter(|l| l.starts_with("000_"))
        .all(|l| l.contains(",exact,"));
    assert!(moved, "{csv}");
    let md = stdout(&claimmark(
        &["export", &corpus, "--format", "md"],
        tmp.path(),
    ));
    assert!(
        md.contains("- Place: not found in the article as it is now"),
        "{md}"
    );
}

/// `clean` refuses a binary file in one line rather than printing pages of placeholders, and
/// `list` still lists it, marked.
#[test]
fn binary_files_are_one_clear_line() {
    fails_with(
        &["clean", "tests/fixtures/adversarial/a07_binary.txt"],
        "a07_binary.txt: a binary file, not an article",
    );
    fails_with(
        &[
            "clean",
            "--json",
            "tests/fixtures/adversarial/a07_binary.txt",
        ],
        "a binary file, not an article",
    );
    let tmp = tempdir();
    let out = stdout(&claimmark(
        &["list", "tests/fixtures/adversarial/a07_binary.txt"],
        tmp.path(),
    ));
    assert!(out.contains("(binary file)"), "{out}");
}

/// A 50 MB article on a single line: `list` describes it from its head, and `clean` prints all
/// of it, with nothing on stderr.
#[test]
fn a_fifty_megabyte_single_line_article_is_listed_and_cleaned() {
    let tmp = tempdir();
    let file = tmp.path().join("huge.txt");
    let sentence = "The committee met again and nothing of note was decided. ";
    let body = sentence.repeat(50 * 1024 * 1024 / sentence.len() + 1);
    std::fs::write(&file, &body).unwrap_or_else(|e| panic!("{e}"));
    let path = file.to_string_lossy().into_owned();

    let out = claimmark(&["list", &path], tmp.path());
    let listed = stdout(&out);
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.contains("The committee met again"), "{listed}");
    assert!(
        listed.trim_end().ends_with(&body.len().to_string()),
        "{listed}"
    );

    let out = claimmark(&["clean", &path], tmp.path());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cleaned = stdout(&out);
    assert_eq!(cleaned.trim_end(), body.trim_end());
}
