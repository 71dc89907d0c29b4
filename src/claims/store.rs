//! Reading and writing sidecars so that a saved claim is never lost.
//!
//! A sidecar is `<article file name>.claims.ron` beside the article; when that folder is not
//! writable, the same name under the user data folder, mirroring the article's path. Writes
//! are atomic: a temporary file in the same folder, flushed to disk, renamed over the old one,
//! and the folder flushed too, so a crash leaves either the old file or the new one. Saves
//! take the sidecar's lock, read it again and merge in what other processes saved since
//! ([`save_merged`]), so two reviewers on one article lose nothing. A sidecar that cannot be
//! read (hand-broken, truncated, written by a newer claimmark) is reported with its file and
//! position and never overwritten.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{SIDECAR_VERSION, Sidecar};

/// Why a sidecar could not be read or written. Each names the file, so the message alone
/// tells the reviewer which one to look at.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a sidecar this build can read: broken by hand, truncated.
    #[error("{path}:{line}:{col}: not a readable sidecar: {message}", path = .path.display())]
    Corrupt {
        /// The sidecar.
        path: PathBuf,
        /// Line of the problem, from 1.
        line: usize,
        /// Column of the problem, from 1.
        col: usize,
        /// What the parser expected.
        message: String,
    },
    /// Written by a newer claimmark: left as it is rather than rewritten without what this
    /// build does not know.
    #[error(
        "{path}: sidecar version {version} is newer than this claimmark reads ({SIDECAR_VERSION}); left untouched",
        path = .path.display()
    )]
    Newer {
        /// The sidecar.
        path: PathBuf,
        /// The version it declares.
        version: u32,
    },
    /// The file system refused.
    #[error("{path}: {source}", path = .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// The sidecar's place beside its article: `story.txt` → `story.txt.claims.ron`.
pub fn beside(article: &Path) -> PathBuf {
    let mut name = article
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".claims.ron");
    article.with_file_name(name)
}

/// The sidecar's place under `data_dir` when the article's folder is not writable: the
/// article's absolute path mirrored below `data_dir/sidecars`.
pub fn in_data_dir(data_dir: &Path, article: &Path) -> PathBuf {
    let absolute = std::path::absolute(article).unwrap_or_else(|_| article.to_path_buf());
    let relative: PathBuf = absolute
        .components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .collect();
    beside(&data_dir.join("sidecars").join(relative))
}

/// Where the sidecar of `article` is, if it has one: under `data_dir` if one is there, else
/// beside it. Looks only, never writes (unlike [`locate`], which may try the folder).
///
/// The copy under the data folder wins because it is only ever made when the article's
/// folder refused a save, from what was read beside the article plus the reviewer's changes:
/// it is the newer of the two, and reading the one beside would hide those changes.
pub fn existing(article: &Path, data_dir: &Path) -> Option<PathBuf> {
    [in_data_dir(data_dir, article), beside(article)]
        .into_iter()
        .find(|p| p.exists())
}

/// Where the sidecar of `article` is, or goes: the one [`existing`] finds, else beside the
/// article if a file can be written there, else under `data_dir`.
pub fn locate(article: &Path, data_dir: &Path) -> PathBuf {
    let near = beside(article);
    if let Some(found) = existing(article, data_dir) {
        found
    } else if writable(near.parent().unwrap_or(Path::new("."))) {
        near
    } else {
        in_data_dir(data_dir, article)
    }
}

/// Whether a file can be created in `dir`, found by trying (permission bits do not tell on a
/// read-only mount or under ACLs).
fn writable(dir: &Path) -> bool {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    tempfile::Builder::new()
        .prefix(".claimmark-probe-")
        .tempfile_in(dir)
        .is_ok()
}

/// Saves `ours`, this process's version of the sidecar of `article`, where [`locate`] puts
/// it, through [`save_merged`]; falls back to the data folder when the article's folder
/// refuses the write. Returns where it went and what it holds now (ours with whatever other
/// processes saved meanwhile).
pub fn save_merged_for(
    article: &Path,
    data_dir: &Path,
    base: Option<&Sidecar>,
    ours: &Sidecar,
) -> Result<(PathBuf, Sidecar), StoreError> {
    let path = locate(article, data_dir);
    match save_merged(&path, base, ours) {
        Err(StoreError::Io { source, .. })
            if path == beside(article)
                && matches!(
                    source.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
                ) =>
        {
            let far = in_data_dir(data_dir, article);
            save_merged(&far, base, ours).map(|s| (far, s))
        }
        other => other.map(|s| (path, s)),
    }
}

/// Saves `ours` at `path` without losing what another process saved there since this one
/// read it: under the sidecar's lock ([`super::lock::SidecarLock`]) the file is read again,
/// merged three ways with `base` (the version this process last read or wrote; `None` if it
/// had none) and `ours` ([`super::merge::merge`]), written atomically, and the lock let go.
/// Returns the merged sidecar, which the caller keeps as its new version and new base.
///
/// A file on disk that cannot be read (broken, truncated, newer) is never written over: the
/// error says why and the file stays as it is. Temporary files left by a save that was killed
/// are removed, since no save of this sidecar can be under way while the lock is held.
pub fn save_merged(
    path: &Path,
    base: Option<&Sidecar>,
    ours: &Sidecar,
) -> Result<Sidecar, StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let _lock = super::lock::SidecarLock::acquire(path).map_err(io)?;
    remove_stale_temporaries(path);
    let merged = match load(path)? {
        Some(theirs) => super::merge::merge(base, ours, &theirs).sidecar,
        None => {
            let mut ours = ours.clone();
            ours.sort();
            ours
        }
    };
    save(path, &merged)?;
    Ok(merged)
}

/// The temporary name [`write_atomic`] gives the new version of `path` while writing it:
/// `.<name>.<random>.tmp` beside it. Tied to the name so stale ones can be recognised.
fn temporary_prefix(path: &Path) -> std::ffi::OsString {
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".");
    prefix
}

/// Removes what killed writes of `path` left: its temporary files. Only called under the
/// sidecar's lock, when no writer of it is alive.
fn remove_stale_temporaries(path: &Path) {
    let prefix = temporary_prefix(path);
    let prefix = prefix.to_string_lossy();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(prefix.as_ref()) && name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Only the version, read first so a newer file is recognised even when the rest would not
/// parse with this build's model.
#[derive(serde::Deserialize)]
struct VersionOnly {
    version: u32,
}

/// Reads the sidecar at `path`: `None` when there is none yet.
pub fn load(path: &Path) -> Result<Option<Sidecar>, StoreError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                line: 1,
                col: 1,
                message: "not UTF-8 text".into(),
            });
        }
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let corrupt = |e: ron::error::SpannedError| StoreError::Corrupt {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    };
    let newer = |version| StoreError::Newer {
        path: path.to_path_buf(),
        version,
    };
    // One parse in the usual case (a large sidecar is read at every save); the version alone
    // only when the whole does not parse, to tell a newer file from a broken one.
    match ron::from_str::<Sidecar>(&text) {
        Ok(s) if s.version > SIDECAR_VERSION => Err(newer(s.version)),
        Ok(s) => Ok(Some(s)),
        Err(e) => match ron::from_str::<VersionOnly>(&text) {
            Ok(v) if v.version > SIDECAR_VERSION => Err(newer(v.version)),
            _ => Err(corrupt(e)),
        },
    }
}

/// The text of a sidecar as written: pretty RON, claims in file order, so two reviewers'
/// files diff and merge line by line.
pub fn to_ron(sidecar: &Sidecar) -> String {
    let mut sorted = sidecar.clone();
    sorted.sort();
    sorted.version = sorted.needed_version();
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ".to_string())
        .struct_names(false);
    let mut text = ron::ser::to_string_pretty(&sorted, config).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes `sidecar` to `path` atomically: the old file or the new one, never a mix.
pub fn save(path: &Path, sidecar: &Sidecar) -> Result<(), StoreError> {
    write_atomic(path, to_ron(sidecar).as_bytes()).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `bytes` to `path` so that a crash or a full disk leaves the old file or the new one,
/// never half of either: a temporary file in the same folder, flushed to disk, renamed over
/// the old one, and the folder flushed so the rename lasts. Exports are written this way too.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    let prefix = temporary_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A new file gets the permissions any new file gets (0o666 less the umask), not the
    // temporary file's private 0o600: a sidecar another reviewer in the team's group cannot
    // read would make their claims read-only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    // A file replaced keeps its permissions.
    if let Ok(old) = fs::metadata(path) {
        tmp.as_file().set_permissions(old.permissions())?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(folder) = fs::File::open(&dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::claims::{Anchor, ArticleId, Claim, Rating, ReviewStatus, Source};
    use crate::decode::Decoded;

    fn sample() -> Sidecar {
        let text = "Algeria signed an arms contract with Russia, valued between $12-17 billion.";
        let source = Decoded::new(text.as_bytes());
        let mut s = Sidecar::new(ArticleId::of("003.txt", text.as_bytes()));
        s.status = ReviewStatus::InProgress;
        s.claims.push(Claim {
            id: "b".into(),
            anchor: Anchor::new(&source, 18..74, "arms contract with Russia"),
            summary: None,
            credibility: Some(Rating {
                scale: "admiralty-credibility".into(),
                value: "3".into(),
            }),
            reliability: Some(Rating {
                scale: "admiralty-reliability".into(),
                value: "B".into(),
            }),
            sources: vec![Source {
                citation: "https://example.org/sipri".into(),
                note: "SIPRI lists no such order".into(),
            }],
            tags: vec!["arms".into(), "russia".into()],
            note: "Figure not confirmed.\nAsk the desk.".into(),
            author: "ana".into(),
            created: "2026-11-23T10:00:00Z".into(),
            updated: "2026-11-23T10:05:00Z".into(),
        });
        let mut second = s.claims[0].clone();
        second.id = "a".into();
        second.anchor = Anchor::new(&source, 0..7, "Algeria");
        s.claims.push(second);
        s
    }

    #[test]
    fn a_sidecar_round_trips_and_is_written_in_file_order() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("003.txt.claims.ron");
        let s = sample();
        save(&path, &s).unwrap_or_else(|e| panic!("{e}"));
        let back = load(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut sorted = s.clone();
        sorted.sort();
        assert_eq!(back, Some(sorted));
        let text = fs::read_to_string(&path).unwrap_or_default();
        assert!(text.starts_with("(\n  version: 1,"), "{text}");
        assert!(
            text.find("id: \"a\"") < text.find("id: \"b\""),
            "claims by position"
        );
        assert_eq!(
            to_ron(&s),
            text,
            "the same claims always give the same text"
        );
    }

    #[test]
    fn no_sidecar_is_none_and_a_broken_one_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("x.txt.claims.ron");
        assert!(matches!(load(&path), Ok(None)));
        let mut text = to_ron(&sample());
        text.truncate(text.len() / 2);
        fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        match load(&path) {
            Err(e @ StoreError::Corrupt { line, .. }) => {
                assert!(line > 1);
                assert!(e.to_string().contains("x.txt.claims.ron:"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            fs::read_to_string(&path).unwrap_or_default(),
            text,
            "left untouched"
        );
    }

    #[test]
    fn a_newer_sidecar_is_refused_by_version() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("x.txt.claims.ron");
        fs::write(
            &path,
            "(version: 3, article: (), claims: [], future_field: 1)\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            load(&path),
            Err(StoreError::Newer { version: 3, .. })
        ));
    }

    #[test]
    fn a_conflicted_sidecar_is_written_as_version_2_and_reads_back_whole() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("003.txt.claims.ron");
        let mut s = sample();
        assert!(!to_ron(&s).contains("conflicts"), "no empty list written");
        let mut other = s.claims[0].clone();
        other.note = "Their reading of the figure.".into();
        s.conflicts.push(other);
        save(&path, &s).unwrap_or_else(|e| panic!("{e}"));
        let text = fs::read_to_string(&path).unwrap_or_default();
        // A claimmark that reads only version 1 refuses this file instead of dropping the
        // other version when it saves.
        assert!(text.starts_with("(\n  version: 2,"), "{text}");
        let back = load(&path)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("none"));
        assert_eq!(back.conflicts, s.conflicts);
        let mut resolved = back;
        assert!(resolved.resolve("b", None));
        assert!(to_ron(&resolved).starts_with("(\n  version: 1,"));
    }

    #[test]
    fn sources_and_tags_as_typed() {
        use crate::claims::{Source, parse_tags};
        let s =
            Source::parse(" https://sipri.org :: no such order ").unwrap_or_else(|| panic!("none"));
        assert_eq!(
            (s.citation.as_str(), s.note.as_str()),
            ("https://sipri.org", "no such order")
        );
        assert_eq!(Source::parse(&s.line()), Some(s));
        assert_eq!(Source::parse("   "), None);
        assert_eq!(
            Source::parse("Le Monde, 3 May")
                .map(|s| s.line())
                .as_deref(),
            Some("Le Monde, 3 May")
        );
        assert_eq!(
            parse_tags("arms, arms trade,,russia "),
            ["arms", "arms trade", "russia"]
        );
    }

    /// A copy of the sample's first claim with another id and note.
    fn another(s: &Sidecar, id: &str, note: &str) -> crate::claims::Claim {
        let mut c = s.claims[0].clone();
        c.id = id.into();
        c.note = note.into();
        c
    }

    #[test]
    fn a_save_merges_in_what_another_process_saved_since_its_base() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("003.txt.claims.ron");
        let base = save_merged(&path, None, &sample()).unwrap_or_else(|e| panic!("{e}"));
        // Another process adds a claim and edits "a"; this one, from the same base, adds
        // one and deletes "b".
        let mut theirs = base.clone();
        theirs
            .claims
            .push(another(&base, "theirs", "from the other reviewer"));
        if let Some(a) = theirs.claims.iter_mut().find(|c| c.id == "a") {
            a.note = "edited over there".into();
        }
        save_merged(&path, Some(&base), &theirs).unwrap_or_else(|e| panic!("{e}"));
        let mut ours = base.clone();
        ours.claims.push(another(&base, "ours", "mine"));
        ours.claims.retain(|c| c.id != "b");
        let merged = save_merged(&path, Some(&base), &ours).unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<&str> = merged.claims.iter().map(|c| c.id.as_str()).collect();
        assert!(ids.contains(&"theirs") && ids.contains(&"ours") && ids.contains(&"a"));
        assert!(!ids.contains(&"b"), "our deletion holds: {ids:?}");
        assert!(
            merged
                .claims
                .iter()
                .any(|c| c.id == "a" && c.note == "edited over there")
        );
        assert_eq!(
            load(&path).unwrap_or_else(|e| panic!("{e}")),
            Some(merged),
            "what is returned is what is on disk"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(
            leftovers.len(),
            1,
            "no lock or temporary file left: {leftovers:?}"
        );
    }

    #[test]
    fn a_save_never_writes_over_a_sidecar_it_cannot_read() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("x.txt.claims.ron");
        let mut truncated = to_ron(&sample());
        truncated.truncate(truncated.len() / 2);
        for (broken, newer) in [
            (truncated.as_str(), false),
            ("(\n  version: 1,\n  article: oops\n)\n", false),
            (
                "(version: 3, article: (), claims: [], future_field: 1)\n",
                true,
            ),
        ] {
            fs::write(&path, broken).unwrap_or_else(|e| panic!("{e}"));
            let refused = save_merged(&path, None, &sample());
            assert!(
                matches!(
                    (&refused, newer),
                    (Err(StoreError::Corrupt { .. }), false)
                        | (Err(StoreError::Newer { .. }), true)
                ),
                "{refused:?}"
            );
            assert_eq!(fs::read_to_string(&path).unwrap_or_default(), broken);
        }
    }

    #[test]
    fn temporary_files_of_killed_saves_go_with_the_next_save() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("x.txt.claims.ron");
        let stale = dir.path().join(".x.txt.claims.ron.AbC123.tmp");
        let export = dir.path().join(".claims.md.XyZ789.tmp");
        fs::write(&stale, "half").unwrap_or_else(|e| panic!("{e}"));
        fs::write(&export, "someone else's").unwrap_or_else(|e| panic!("{e}"));
        save_merged(&path, None, &sample()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!stale.exists());
        assert!(export.exists(), "only this sidecar's temporaries");
    }

    #[test]
    fn the_copy_a_refused_save_made_in_the_data_folder_is_the_one_read_and_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (folder, data) = (dir.path().join("articles"), dir.path().join("data"));
        fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
        let article = folder.join("003.txt");
        let (near, far) = (beside(&article), in_data_dir(&data, &article));
        save(&near, &sample()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(existing(&article, &data), Some(near.clone()));
        assert_eq!(locate(&article, &data), near);
        // A save the folder refused went to the data folder, with a claim more: from now on
        // that copy is the one read, checked, exported and saved.
        let mut more = sample();
        more.claims
            .push(another(&more, "c", "saved while the folder was read-only"));
        save(&far, &more).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(existing(&article, &data), Some(far.clone()));
        assert_eq!(locate(&article, &data), far);
    }

    #[cfg(unix)]
    #[test]
    fn a_sidecar_is_written_with_the_permissions_of_any_new_file_and_keeps_them() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mode = |p: &Path| {
            fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let plain = dir.path().join("plain");
        fs::write(&plain, "").unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("x.txt.claims.ron");
        save_merged(&path, None, &sample()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            mode(&path),
            mode(&plain),
            "as fs::write makes a file, not 0o600"
        );
        fs::set_permissions(&path, fs::Permissions::from_mode(0o664))
            .unwrap_or_else(|e| panic!("{e}"));
        save_merged(&path, None, &sample()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mode(&path), 0o664, "kept");
    }

    #[test]
    fn sidecar_places() {
        assert_eq!(
            beside(Path::new("corpus/003_fb9e.txt")),
            Path::new("corpus/003_fb9e.txt.claims.ron")
        );
        let p = in_data_dir(Path::new("/data"), Path::new("/srv/news/a.txt"));
        assert_eq!(p, Path::new("/data/sidecars/srv/news/a.txt.claims.ron"));
    }

    proptest::proptest! {
        #[test]
        fn any_claims_round_trip(
            note in ".*",
            tags in proptest::collection::vec("[^\\n]*", 0..4),
            citation in ".*",
            start in 0usize..60,
            len in 1usize..20,
        ) {
            let mut s = sample();
            s.claims[0].note = note;
            s.claims[0].tags = tags;
            s.claims[0].sources[0].citation = citation;
            s.claims[0].anchor.start = start;
            s.claims[0].anchor.end = start + len;
            let text = to_ron(&s);
            let back: Sidecar = ron::from_str(&text).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let mut sorted = s;
            sorted.sort();
            proptest::prop_assert_eq!(back, sorted);
        }
    }
}
