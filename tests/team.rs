//! Working as a team: two reviewers' branches merged by a real `git merge`, with the real
//! `claimmark merge-driver` configured as the README says, and the driver's refusals.
//!
//! The git tests need the `git` binary. claimmark itself builds and tests on a machine with
//! only Rust, so where git is missing these tests say so on stderr and return rather than
//! fail: a missing tool is not a claimmark bug. Everywhere git is installed (CI, developers'
//! machines) they run in full.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use claimmark::claims::{Sidecar, store};

const BIN: &str = env!("CARGO_BIN_EXE_claimmark");

fn git_available() -> bool {
    let found = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("git not found on PATH: the git merge tests did not run");
    }
    found
}

/// A temporary repository with claimmark as the merge driver for sidecars, configured as the
/// README tells teams to, and seed article 003 committed on `main`.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let repo = Repo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "user.email", "test@example.org"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo.git(&[
            "config",
            "merge.claimmark.name",
            "claimmark sidecars, by claim id",
        ]);
        let driver = format!("\"{BIN}\" merge-driver %O %A %B %P");
        repo.git(&["config", "merge.claimmark.driver", &driver]);
        std::fs::write(
            repo.path().join(".gitattributes"),
            "*.claims.ron merge=claimmark\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(
            "assets/articles/003_fb9e74a4ff2bc46c.txt",
            repo.path().join("003.txt"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        repo.commit("article");
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn article(&self) -> PathBuf {
        self.path().join("003.txt")
    }

    fn sidecar_path(&self) -> PathBuf {
        self.path().join("003.txt.claims.ron")
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        Command::new(program)
            .args(args)
            .current_dir(self.path())
            .env("CLAIMMARK_DATA_DIR", self.path().join(".data"))
            .env("CLAIMMARK_CONFIG_DIR", self.path().join(".no-config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.path())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
    }

    /// Runs git; panics with its output unless it succeeds.
    fn git(&self, args: &[&str]) -> Output {
        let out = self.run("git", args);
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
        out
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Tags a claim with `claimmark annotate`; returns its id.
    fn annotate(&self, quote: &str, nth: &str, note: &str) -> String {
        let file = self.article().to_string_lossy().into_owned();
        let out = self.run(
            BIN,
            &[
                "annotate",
                &file,
                "--quote",
                quote,
                "--nth",
                nth,
                "--credibility",
                "3",
                "--note",
                note,
            ],
        );
        assert!(out.status.success(), "annotate: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn sidecar(&self) -> Sidecar {
        store::load(&self.sidecar_path())
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no sidecar"))
    }

    /// Changes the sidecar as a reviewer's session would, and saves it as claimmark does.
    fn edit(&self, change: impl FnOnce(&mut Sidecar)) {
        let mut s = self.sidecar();
        change(&mut s);
        store::save(&self.sidecar_path(), &s).unwrap_or_else(|e| panic!("{e}"));
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn note(s: &Sidecar, id: &str) -> Option<String> {
    s.claims.iter().find(|c| c.id == id).map(|c| c.note.clone())
}

/// Sets a claim's note as the claim form would: new text, new author and time.
fn set_note(s: &mut Sidecar, id: &str, note: &str, author: &str) {
    if let Some(c) = s.claims.iter_mut().find(|c| c.id == id) {
        c.note = note.into();
        c.author = author.into();
        c.updated = format!("2030-01-01T00:00:0{}Z", author.len() % 10);
    }
}

const DEAL: &str = "arms contract with Russia, valued between $12-17 billion";

#[test]
fn two_branches_each_adding_a_claim_merge_cleanly_with_both() {
    if !git_available() {
        return;
    }
    let repo = Repo::new();
    let first = repo.annotate(DEAL, "1", "shared");
    repo.commit("first claim");
    repo.git(&["checkout", "-q", "-b", "ben"]);
    let bens = repo.annotate("Algeria", "1", "ben's");
    repo.commit("ben tags a claim");
    repo.git(&["checkout", "-q", "main"]);
    let anas = repo.annotate("Algeria", "2", "ana's");
    repo.commit("ana tags a claim");

    let out = repo.run("git", &["merge", "-q", "--no-edit", "ben"]);
    assert!(out.status.success(), "a clean merge: {}", text(&out));
    let merged = repo.sidecar();
    for (id, expected) in [(&first, "shared"), (&bens, "ben's"), (&anas, "ana's")] {
        assert_eq!(note(&merged, id).as_deref(), Some(expected));
    }
    assert!(merged.conflicts.is_empty());
    let raw = std::fs::read_to_string(repo.sidecar_path()).unwrap_or_default();
    assert!(!raw.contains("<<<<<<<"), "no conflict markers: {raw}");
    assert!(raw.starts_with("(\n  version: 1,"), "{raw}");
    let check = repo.run(BIN, &["check", "."]);
    assert!(check.status.success(), "{}", text(&check));
}

#[test]
fn the_same_claim_edited_on_both_branches_keeps_both_versions_as_a_conflict() {
    if !git_available() {
        return;
    }
    let repo = Repo::new();
    let id = repo.annotate(DEAL, "1", "to check");
    let other = repo.annotate("Algeria", "1", "");
    repo.commit("claims");
    repo.git(&["checkout", "-q", "-b", "ben"]);
    repo.edit(|s| {
        set_note(s, &id, "SIPRI lists no such order.", "ben");
        if let Some(c) = s.claims.iter_mut().find(|c| c.id == other) {
            c.tags = vec!["place".into()];
        }
    });
    repo.commit("ben's reading");
    repo.git(&["checkout", "-q", "main"]);
    repo.edit(|s| set_note(s, &id, "The ministry confirmed the figure.", "ana"));
    repo.commit("ana's reading");

    let out = repo.run("git", &["merge", "--no-edit", "ben"]);
    assert!(!out.status.success(), "git must report the conflict");
    assert!(text(&out).contains("CONFLICT"), "{}", text(&out));
    assert!(
        text(&out).contains("1 claim changed differently on both sides"),
        "{}",
        text(&out)
    );
    // The file is a valid sidecar holding both readings; nothing else was touched.
    let merged = repo.sidecar();
    assert_eq!(
        note(&merged, &id).as_deref(),
        Some("The ministry confirmed the figure.")
    );
    let theirs: Vec<&str> = merged
        .other_versions(&id)
        .map(|c| c.note.as_str())
        .collect();
    assert_eq!(theirs, ["SIPRI lists no such order."]);
    assert_eq!(merged.conflicted(), 1);
    let tagged = merged.claims.iter().find(|c| c.id == other);
    assert_eq!(
        tagged.map(|c| c.tags.clone()),
        Some(vec!["place".to_string()]),
        "ben's other change merged"
    );
    let raw = std::fs::read_to_string(repo.sidecar_path()).unwrap_or_default();
    assert!(raw.starts_with("(\n  version: 2,"), "{raw}");
    assert!(!raw.contains("<<<<<<<"), "{raw}");

    // check names it and fails until it is resolved.
    let check = repo.run(BIN, &["check", "."]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&check.stdout).contains(&format!("{id}\tconflict\t")),
        "{}",
        text(&check)
    );
    repo.edit(|s| {
        s.resolve(&id, Some(0));
    });
    repo.commit("resolved: ben's reading");
    let resolved = repo.sidecar();
    assert_eq!(
        note(&resolved, &id).as_deref(),
        Some("SIPRI lists no such order.")
    );
    assert!(repo.run(BIN, &["check", "."]).status.success());
}

#[test]
fn a_claim_deleted_on_one_branch_and_edited_on_the_other_is_kept_edited() {
    if !git_available() {
        return;
    }
    let repo = Repo::new();
    let edited = repo.annotate(DEAL, "1", "");
    let dropped = repo.annotate("Algeria", "1", "");
    let kept = repo.annotate("Algeria", "2", "");
    repo.commit("claims");
    repo.git(&["checkout", "-q", "-b", "ben"]);
    repo.edit(|s| set_note(s, &edited, "Checked against SIPRI.", "ben"));
    repo.commit("ben edits");
    repo.git(&["checkout", "-q", "main"]);
    repo.edit(|s| s.claims.retain(|c| c.id != edited && c.id != dropped));
    repo.commit("ana deletes two");

    let out = repo.run("git", &["merge", "-q", "--no-edit", "ben"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("deleted on one side and edited on the other"),
        "{}",
        text(&out)
    );
    let merged = repo.sidecar();
    assert_eq!(
        note(&merged, &edited).as_deref(),
        Some("Checked against SIPRI.")
    );
    assert_eq!(
        note(&merged, &dropped),
        None,
        "deleted, untouched elsewhere"
    );
    assert!(note(&merged, &kept).is_some());
}

/// The driver alone: what it does with files it cannot read, and with an empty ancestor.
#[test]
fn the_driver_leaves_ours_alone_when_a_file_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = |n: &str| dir.path().join(n);
    let good = "(version: 1, article: (file: \"a.txt\", bytes: 1, sha256: \"x\"), claims: [])\n";
    let cases = [
        (
            "corrupt",
            "(version: 1, article: (file: \"a.txt\",\n",
            "not a readable sidecar",
        ),
        (
            "newer",
            "(version: 99, claims: [])\n",
            "sidecar version 99 is newer",
        ),
    ];
    for (case, theirs, expected) in cases {
        std::fs::write(path("base"), good).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(path("ours"), good).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(path("theirs"), theirs).unwrap_or_else(|e| panic!("{e}"));
        let out = Command::new(BIN)
            .args(["merge-driver"])
            .args([path("base"), path("ours"), path("theirs")])
            .arg("team/a.txt.claims.ron")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.status.code(), Some(2), "{case}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("team/a.txt.claims.ron: not merged") && err.contains(expected),
            "{case}: {err}"
        );
        assert_eq!(
            std::fs::read_to_string(path("ours")).unwrap_or_default(),
            good,
            "{case}: ours untouched"
        );
    }
    // Both sides created the file: git gives an empty ancestor, and the merge goes ahead.
    std::fs::write(path("base"), "").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(path("theirs"), good).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(BIN)
        .args(["merge-driver"])
        .args([path("base"), path("ours"), path("theirs")])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
