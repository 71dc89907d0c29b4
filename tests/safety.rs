//! "Your work is never lost", proven against real processes: saves killed at random moments,
//! two processes saving the same sidecar at once, unreadable sidecars, read-only folders.
//!
//! Tests that need a second process run this test binary again as a child, with
//! `CLAIMMARK_SAFETY_CHILD` saying what the child does; a test run that way does only that.
//! Unix only: they kill with SIGKILL and switch users as POSIX systems do.
#![cfg(unix)]

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use claimmark::claims::{Anchor, ArticleId, Claim, Rating, Sidecar, store};

/// Tells a child what to do: `role:argument`.
const CHILD: &str = "CLAIMMARK_SAFETY_CHILD";

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// This test binary, to run `test` alone as a child with `role`.
fn child(test: &str, role: &str) -> Command {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let mut c = Command::new(exe);
    c.args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, role);
    c
}

/// The role this process was started with, if it is a child.
fn role() -> Option<String> {
    std::env::var(CHILD).ok().filter(|r| !r.is_empty())
}

/// A claim with a known id and note, at a place of its own.
fn claim(id: &str, at: usize, note: &str) -> Claim {
    Claim {
        id: id.into(),
        anchor: Anchor {
            start: at * 10,
            end: at * 10 + 5,
            exact: format!("words {at}"),
            prefix: "before ".into(),
            suffix: " after".into(),
            quote: format!("the quoted words number {at}"),
        },
        summary: None,
        credibility: Some(Rating {
            scale: "admiralty-credibility".into(),
            value: "3".into(),
        }),
        reliability: None,
        sources: Vec::new(),
        tags: vec!["load".into()],
        note: note.into(),
        author: "test".into(),
        created: "2026-11-23T10:00:00Z".into(),
        updated: "2026-11-23T10:00:00Z".into(),
    }
}

fn empty_sidecar() -> Sidecar {
    Sidecar::new(ArticleId {
        file: "story.txt".into(),
        bytes: 0,
        sha256: String::new(),
    })
}

/// Claims in the crash test's sidecar: a few hundred kilobytes of RON, so a write takes long
/// enough to be killed in the middle.
const BIG: usize = 600;

/// Version `generation` of the crash test's sidecar: every claim's note names the
/// generation, so a file mixing two versions is told from either.
fn generation(generation: u64) -> Sidecar {
    let mut s = empty_sidecar();
    s.claims = (0..BIG)
        .map(|i| {
            claim(
                &format!("claim-{i:05}"),
                i,
                &format!("generation {generation}"),
            )
        })
        .collect();
    s.sort();
    s
}

/// The generation a sidecar of the crash test holds, if all its claims agree on one.
fn generation_of(s: &Sidecar) -> Option<u64> {
    let first = s.claims.first()?.note.strip_prefix("generation ")?;
    let all_same = s.claims.iter().all(|c| c.note == s.claims[0].note);
    all_same.then(|| first.parse().ok()).flatten()
}

/// The temporary files a save leaves while writing `sidecar` (and a killed one behind).
fn temporaries(sidecar: &Path) -> Vec<PathBuf> {
    let name = sidecar
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let prefix = format!(".{}.", name.unwrap_or_default());
    std::fs::read_dir(sidecar.parent().unwrap_or(Path::new(".")))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .map(|n| n.to_string_lossy())
                        .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".tmp"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A small pseudo-random sequence (xorshift), seeded from the clock: each run kills at other
/// moments, and prints its seed so a failure can be replayed with `CLAIMMARK_SAFETY_SEED`.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("CLAIMMARK_SAFETY_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            })
            | 1;
        println!("seed {seed} (CLAIMMARK_SAFETY_SEED replays it)");
        Random(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Kills during a save of the crash test.
const KILLS: usize = 40;

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_sidecar_whole() {
    const NAME: &str = "a_save_killed_at_any_moment_leaves_the_old_or_the_new_sidecar_whole";
    if let Some(role) = role() {
        // The child: save generation after generation through the same function the reader
        // uses, saying when each starts and ends, until killed.
        let path = PathBuf::from(role.strip_prefix("crash:").unwrap_or_default());
        let mut base = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut next = base.as_ref().and_then(generation_of).unwrap_or(0);
        loop {
            next += 1;
            println!("@begin {next}");
            base = Some(
                store::save_merged(&path, base.as_ref(), &generation(next))
                    .unwrap_or_else(|e| panic!("{e}")),
            );
            println!("@end {next}");
        }
    }
    let tmp = tempdir();
    let path = tmp.path().join("story.txt.claims.ron");
    store::save(&path, &generation(0)).unwrap_or_else(|e| panic!("{e}"));
    let mut random = Random::new();
    let mut seen = std::collections::BTreeSet::new();
    // How long one save takes here, from the child's own reports, so kills spread over it.
    let mut save_time = std::time::Duration::from_millis(50);
    // Every length a whole sidecar of the test can have (it depends on the digits of the
    // generation only): a reader never sees another.
    let whole_lengths: Vec<u64> = [1, 10, 100, 1_000, 10_000, 100_000]
        .map(|g| store::to_ron(&generation(g)).len() as u64)
        .to_vec();
    let mut aimed = 0;
    for kill in 0..KILLS {
        let mut saver = child(NAME, &format!("crash:{}", path.display()))
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let stdout = saver.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                if tx.send(line.unwrap_or_default()).is_err() {
                    break;
                }
            }
        });
        // Let 0 to 2 saves finish, then kill in the next one.
        let finished = random.below(3);
        let mut ended = 0;
        let mut began = None;
        while let Ok(line) = lines.recv() {
            // `contains`: the harness writes the test's name on the line of the first.
            if line.contains("@begin") {
                if ended >= finished {
                    break;
                }
                began = Some(std::time::Instant::now());
            } else if line.contains("@end") {
                ended += 1;
                if let Some(b) = began.take() {
                    save_time = b.elapsed();
                }
            }
        }
        if random.below(3) == 0 {
            // At any moment of the save.
            let wait = random.below(save_time.as_micros() as u64 + 1);
            std::thread::sleep(std::time::Duration::from_micros(wait));
        } else {
            // Aimed at the write itself: watch the folder as a reader would, from the lock
            // on, and kill soon after the first sign of writing (a temporary file, or the
            // sidecar changing). Every look must find the sidecar whole.
            let look = || {
                let m = std::fs::metadata(&path).ok();
                let len = m.as_ref().map_or(0, |m| m.len());
                assert!(
                    whole_lengths.contains(&len),
                    "kill {kill}: a reader found {len} bytes, no whole sidecar"
                );
                (len, m.and_then(|m| m.modified().ok()), temporaries(&path))
            };
            let before = look();
            loop {
                let now = look();
                if now != before {
                    aimed += 1;
                    for _ in 0..random.below(50) {
                        look();
                    }
                    break;
                }
                if lines.try_recv().is_ok_and(|l| l.contains("@end")) {
                    break;
                }
            }
        }
        saver.kill().unwrap_or_else(|e| panic!("{e}"));
        let _ = saver.wait();

        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("kill {kill}: {e}"));
        let on_disk = store::load(&path)
            .unwrap_or_else(|e| panic!("kill {kill}: not a whole sidecar: {e}"))
            .unwrap_or_else(|| panic!("kill {kill}: the sidecar is gone"));
        let g = generation_of(&on_disk)
            .unwrap_or_else(|| panic!("kill {kill}: claims of two versions mixed"));
        assert_eq!(
            text,
            store::to_ron(&generation(g)),
            "kill {kill}: exactly generation {g} as written"
        );
        seen.insert(g);
        // What a killed save leaves, the next save removes: never more than one at a time.
        let left = temporaries(&path);
        assert!(
            left.len() <= 1,
            "kill {kill}: temporary files pile up: {left:?}"
        );
    }
    assert!(seen.len() > 1, "saves went through between kills: {seen:?}");
    // A last save clears what the last kill left.
    store::save_merged(&path, None, &generation(0)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(temporaries(&path), Vec::<PathBuf>::new());
    assert!(
        !claimmark::claims::lock::lock_path(&path).exists(),
        "the lock file a kill left goes with the next save"
    );
    println!(
        "{KILLS} kills ({aimed} aimed at a write), {} generations found whole on disk",
        seen.len()
    );
}

/// Saves per process in the concurrency test.
const SAVES: usize = 200;

#[test]
fn two_processes_saving_the_same_sidecar_at_once_lose_no_claim() {
    const NAME: &str = "two_processes_saving_the_same_sidecar_at_once_lose_no_claim";
    if let Some(role) = role() {
        // A reviewer's claimmark: its claims in memory, each change saved at once through
        // the reader's own save, the merged result kept as its new state and base.
        let (who, path) = role
            .strip_prefix("reviewer:")
            .and_then(|r| r.split_once(':'))
            .unwrap_or_else(|| panic!("role {role}"));
        let path = Path::new(path);
        let mut base = store::load(path).unwrap_or_else(|e| panic!("{e}"));
        let mut ours = base.clone().unwrap_or_else(empty_sidecar);
        for i in 0..SAVES {
            ours.claims
                .push(claim(&format!("{who}-{i:03}"), i, "first words"));
            // Now and then an edit of an earlier claim of its own.
            if i % 10 == 9 {
                let earlier = format!("{who}-{:03}", i - 5);
                if let Some(c) = ours.claims.iter_mut().find(|c| c.id == earlier) {
                    c.note = "edited".into();
                }
            }
            let merged =
                store::save_merged(path, base.as_ref(), &ours).unwrap_or_else(|e| panic!("{e}"));
            ours = merged.clone();
            base = Some(merged);
        }
        return;
    }
    let tmp = tempdir();
    let path = tmp.path().join("story.txt.claims.ron");
    let reviewers = ["ana", "ben"];
    let running: Vec<_> = reviewers
        .iter()
        .map(|who| {
            child(NAME, &format!("reviewer:{who}:{}", path.display()))
                .stdout(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    for mut r in running {
        let status = r.wait().unwrap_or_else(|e| panic!("{e}"));
        assert!(status.success(), "a reviewer's process failed: {status}");
    }
    let saved = store::load(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no sidecar"));
    assert_eq!(
        saved.conflicts,
        Vec::new(),
        "no conflict: each edits its own"
    );
    for who in reviewers {
        for i in 0..SAVES {
            let id = format!("{who}-{i:03}");
            let c = saved
                .claims
                .iter()
                .find(|c| c.id == id)
                .unwrap_or_else(|| panic!("{id} lost"));
            let edited = i % 10 == 4 && i + 5 < SAVES;
            assert_eq!(c.note == "edited", edited, "{id}: the edit of {who} kept");
        }
    }
    assert_eq!(saved.claims.len(), reviewers.len() * SAVES);
}

fn claimmark(args: &[&str], data_dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimmark"))
        .args(args)
        .env("CLAIMMARK_DATA_DIR", data_dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run claimmark: {e}"))
}

/// An article with a sentence to quote, in `dir`.
fn article(dir: &Path) -> PathBuf {
    let path = dir.join("story.txt");
    std::fs::write(
        &path,
        "Deal signed\n\nAlgeria signed an arms contract with Russia. Talks go on.\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    path
}

#[test]
fn two_reviewers_annotating_at_once_from_the_command_line_lose_no_claim() {
    let tmp = tempdir();
    let file = article(tmp.path()).to_string_lossy().into_owned();
    let each = 25;
    let reviewers: Vec<_> = ["arms contract", "Talks go on"]
        .into_iter()
        .map(|quote| {
            let (file, data) = (file.clone(), tmp.path().to_path_buf());
            std::thread::spawn(move || {
                (0..each)
                    .map(|i| {
                        let note = format!("{quote} {i}");
                        let out = claimmark(
                            &[
                                "annotate",
                                &file,
                                "--quote",
                                quote,
                                "--credibility",
                                "2",
                                "--note",
                                &note,
                            ],
                            &data,
                        );
                        assert!(
                            out.status.success(),
                            "{}",
                            String::from_utf8_lossy(&out.stderr)
                        );
                        String::from_utf8_lossy(&out.stdout).trim().to_string()
                    })
                    .collect::<Vec<String>>()
            })
        })
        .collect();
    let ids: Vec<String> = reviewers
        .into_iter()
        .flat_map(|r| r.join().unwrap_or_else(|_| panic!("a reviewer panicked")))
        .collect();
    let saved = store::load(&store::beside(Path::new(&file)))
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no sidecar"));
    assert_eq!(saved.claims.len(), 2 * each);
    for id in &ids {
        assert!(saved.claims.iter().any(|c| &c.id == id), "{id} lost");
    }
}

#[test]
fn check_reports_each_kind_of_unreadable_sidecar_and_leaves_it_alone() {
    for (kind, text, says) in [
        (
            "truncated",
            "(\n  version: 1,\n  article: (\n    file: \"story.txt\",\n    bytes: 6",
            "story.txt.claims.ron:5:",
        ),
        (
            "hand-broken",
            "(\n  version: 1,\n  article: (file: \"story.txt\" bytes: 6),\n)\n",
            "story.txt.claims.ron:3:",
        ),
        (
            "newer",
            "(version: 7, article: (), claims: [], future: [1, 2])\n",
            "story.txt.claims.ron: sidecar version 7 is newer",
        ),
    ] {
        let tmp = tempdir();
        let file = article(tmp.path());
        let sidecar = store::beside(&file);
        std::fs::write(&sidecar, text).unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path().to_string_lossy().into_owned();
        let out = claimmark(&["check", &dir], tmp.path());
        let report = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{kind}: {report}");
        assert!(
            report.contains("\tunreadable\t") && report.contains(says),
            "{kind}: {report}"
        );
        // Annotating refuses too, rather than write over it.
        let file = file.to_string_lossy().into_owned();
        let out = claimmark(
            &[
                "annotate",
                &file,
                "--quote",
                "Talks go on",
                "--credibility",
                "2",
            ],
            tmp.path(),
        );
        assert!(!out.status.success(), "{kind}: annotate refused");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read_to_string(&sidecar).unwrap_or_default(),
            text,
            "{kind}: left untouched"
        );
    }
}

/// Whether this process runs as root, for whom permission bits stop nothing.
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    tempfile::tempfile()
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.uid() == 0)
}

#[test]
fn annotating_in_a_read_only_folder_saves_under_the_data_folder_and_says_where() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let tmp = tempdir();
    let chmod = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let folder = tmp.path().join("articles");
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(&data).unwrap_or_else(|e| panic!("{e}"));
    let file = article(&folder);
    // Root writes anywhere: claimmark then runs as `nobody`, for whom the folder is
    // read-only as for any reviewer.
    let root = is_root();
    chmod(tmp.path(), 0o755);
    chmod(&folder, 0o555);
    chmod(&data, 0o777);
    let run = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_claimmark"));
        c.args(args).env("CLAIMMARK_DATA_DIR", &data);
        if root {
            c.uid(65534).gid(65534);
        }
        c.output()
    };
    let shown = file.to_string_lossy().into_owned();
    let out = match run(&[
        "annotate",
        &shown,
        "--quote",
        "Talks go on",
        "--credibility",
        "2",
    ]) {
        Ok(out) => out,
        Err(e) if root => {
            println!("skipped: cannot run claimmark as nobody to test a read-only folder: {e}");
            chmod(&folder, 0o755);
            return;
        }
        Err(e) => panic!("{e}"),
    };
    chmod(&folder, 0o755);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let far = store::in_data_dir(&data, &file);
    assert!(
        err.contains("not writable") && err.contains(&far.display().to_string()),
        "says where: {err}"
    );
    assert!(!store::beside(&file).exists(), "nothing beside the article");
    let saved = store::load(&far)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("nothing in the data folder"));
    assert_eq!(saved.claims.len(), 1);
    // And every command finds it there.
    let report = claimmark(&["check", &folder.to_string_lossy()], &data);
    assert!(
        String::from_utf8_lossy(&report.stdout).contains("\texact\tTalks go on"),
        "{}",
        String::from_utf8_lossy(&report.stdout)
    );
}

#[test]
fn two_users_sharing_a_folder_read_and_add_to_each_others_sidecar() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    if !is_root() {
        println!("skipped: only root can run claimmark as a second user (nobody)");
        return;
    }
    let tmp = tempdir();
    let folder = tmp.path().join("shared");
    std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
    for dir in [tmp.path(), folder.as_path()] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let file = article(&folder);
    let shown = file.to_string_lossy().into_owned();
    let annotate = |quote: &str, as_nobody: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_claimmark"));
        c.args(["annotate", &shown, "--quote", quote, "--credibility", "2"])
            .env("CLAIMMARK_DATA_DIR", tmp.path().join("data"));
        if as_nobody {
            c.uid(65534).gid(65534);
        }
        c.output()
    };
    let first = annotate("arms contract", false).unwrap_or_else(|e| panic!("{e}"));
    assert!(first.status.success());
    let sidecar = store::beside(&file);
    // The umask decides what others may do with new files: a plain one says what it allows.
    let plain = folder.join("plain");
    std::fs::write(&plain, "").unwrap_or_else(|e| panic!("{e}"));
    let mode = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.permissions().mode() & 0o777);
    if mode(&plain) & 0o004 == 0 {
        println!("skipped: the umask keeps new files from others");
        return;
    }
    assert_eq!(
        mode(&sidecar),
        mode(&plain),
        "a sidecar is not kept from the team"
    );
    let second = match annotate("Talks go on", true) {
        Ok(out) => out,
        Err(e) => {
            println!("skipped: cannot run claimmark as nobody: {e}");
            return;
        }
    };
    assert!(
        second.status.success(),
        "the second user could not add to the first one's sidecar: {}",
        String::from_utf8_lossy(&second.stderr)
    );
    let saved = store::load(&sidecar)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no sidecar"));
    assert_eq!(saved.claims.len(), 2);
}
