//! The reader's side of "your work is never lost": what it remembers about saving the open
//! article's claims, and the rules that follow from it.
//!
//! - Each save merges with what is on disk ([`crate::claims::store::save_merged`]); the
//!   reader keeps the version it last read or wrote as the base of that merge, and takes the
//!   merged result as its own, so another reviewer's claims appear as it saves.
//! - A save that fails leaves the claims in memory, marked unsaved: the next change saves
//!   them all, and leaving (quitting, opening another article) first tries again, then asks.
//! - A sidecar that cannot be read makes the article's claims read-only: nothing is ever
//!   saved over it.

use super::app::{App, Effect, UndoState};
use super::keymap::Action;
use crate::claims::Sidecar;

/// What the reader knows about saving the open article's claims.
#[derive(Debug, Clone, Default)]
pub struct SaveState {
    /// The sidecar as this reader last read it from disk or wrote it: the base of the next
    /// save's three-way merge. `None` when the article had no sidecar.
    pub base: Option<Sidecar>,
    /// Why the last save failed, while the claims in memory are not all on disk.
    pub failed: Option<String>,
    /// Why the sidecar on disk cannot be read (file and line): the claims are read-only, and
    /// no save is ever attempted over that file.
    pub read_only: Option<String>,
}

/// The actions that change claims, refused while they are read-only.
const CHANGES: [Action; 5] = [
    Action::Annotate,
    Action::DeleteClaim,
    Action::Undo,
    Action::Redo,
    Action::CycleStatus,
];

/// Whether `action` would change the open article's claims while they are read-only; if so,
/// the status bar says why (`claims are read-only: FILE:3:14: …`) and the action is dropped.
pub fn refuses(app: &mut App, action: Action) -> bool {
    let Some(why) = app
        .reader
        .as_ref()
        .and_then(|r| r.saving.read_only.as_ref())
        .filter(|_| CHANGES.contains(&action))
    else {
        return false;
    };
    app.notice = Some(read_only_notice(why));
    true
}

/// Opening the article that is already open (the reader loads the first one at start-up,
/// and any key clears what it said then) says again that its claims are read-only.
pub fn remind_read_only(app: &mut App, action: Action) {
    if action != Action::Open || app.notice.is_some() {
        return;
    }
    if let Some(why) = app
        .reader
        .as_ref()
        .filter(|r| r.index == app.selected)
        .and_then(|r| r.saving.read_only.as_ref())
    {
        app.notice = Some(read_only_notice(why));
    }
}

/// The status bar's words for read-only claims: why first, then where, since a long path
/// would push the reason off a narrow screen.
pub fn read_only_notice(why: &str) -> String {
    format!(
        "claims are read-only: {}",
        crate::display::sanitize(&cause_first(why)).trim_end()
    )
}

/// A message `PATH: cause` (or `PATH:LINE:COL: cause`) about a sidecar turned round as
/// `cause (FILE NAME:LINE:COL)`, the cause first and the folder left out: what the reviewer
/// needs to read before a narrow status bar cuts it.
pub fn cause_first(message: &str) -> String {
    let Some(at) = message.find(crate::corpus::SIDECAR_SUFFIX) else {
        return message.to_string();
    };
    let (path, rest) = message.split_at(at + crate::corpus::SIDECAR_SUFFIX.len());
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    // `:20:19: cause` or `: cause`.
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let (place, cause) = match rest.split_once(": ") {
        Some((place, cause)) if place.chars().all(|c| c.is_ascii_digit() || c == ':') => {
            (place, cause)
        }
        _ => ("", rest.trim_start()),
    };
    if place.is_empty() {
        format!("{cause} ({name})")
    } else {
        format!("{cause} ({name}:{place})")
    }
}

/// Stops the reader from leaving unsaved claims behind. When the action just carried out
/// (`effects`) quits or opens another article while the last save failed, and the reviewer
/// was not already asked (`confirmed`), it does not happen: the save is tried again and the
/// status bar asks to repeat the key to leave without the claims.
pub fn guard_leaving(app: &mut App, confirmed: bool, effects: Vec<Effect>) -> Vec<Effect> {
    let Some((index, why)) = app
        .reader
        .as_ref()
        .and_then(|r| r.saving.failed.clone().map(|why| (r.index, why)))
    else {
        return effects;
    };
    let opens_other = effects
        .iter()
        .any(|e| matches!(e, Effect::Load(i) if *i != index));
    if confirmed || !(app.quit || opens_other) {
        return effects;
    }
    let hint = if app.quit {
        "q again quits without saving them"
    } else {
        "the same key again leaves them unsaved"
    };
    app.quit = false;
    app.loading = None;
    app.jump = None;
    app.leave_hint = Some(hint);
    app.notice = Some(format!(
        "unsaved claims, saving again ({hint}): {}",
        crate::display::sanitize(&why)
    ));
    let mut kept: Vec<Effect> = effects
        .into_iter()
        .filter(|e| !matches!(e, Effect::Load(_) | Effect::Preview(_)))
        .collect();
    kept.push(Effect::SaveClaims(index));
    kept
}

/// The undo and redo states, rebased onto a merge that brought in changes saved by another
/// process: each state keeps its own difference from `ours` (what undoing would change) on
/// top of `merged`, so undoing one's own change never deletes a claim someone else added.
pub fn rebase_history(history: &mut [UndoState], ours: &Sidecar, merged: &Sidecar) {
    for state in history {
        let mut then = ours.clone();
        then.claims = std::mem::take(&mut state.claims);
        then.conflicts = std::mem::take(&mut state.conflicts);
        then.status = state.status;
        let rebased = crate::claims::merge::merge(Some(ours), &then, merged).sidecar;
        state.claims = rebased.claims;
        state.conflicts = rebased.conflicts;
        state.status = rebased.status;
    }
}

/// How many claims of `merged` this process did not have (`ours`): what another process
/// saved meanwhile, for the status bar.
pub fn brought_in(ours: &Sidecar, merged: &Sidecar) -> usize {
    merged
        .claims
        .iter()
        .filter(|c| !ours.claims.iter().any(|o| o.id == c.id))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::store;
    use crate::tui::app::{Msg, Reader};
    use crate::tui::dispatch as send;
    use std::fs;
    use std::path::Path;

    const TEXT: &str = "Deal signed\n\nAlgeria signed an arms contract with Russia. Talks go \
                        on. The deal is worth $12-17 billion.\n";

    /// A reader on `000.txt` of two articles in a fresh folder, open and focused.
    fn open(dir: &Path) -> App {
        write_articles(dir);
        open_written(dir)
    }

    fn write_articles(dir: &Path) {
        fs::write(dir.join("000.txt"), TEXT).unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.join("001.txt"), "Another\n\nstory.\n").unwrap_or_else(|e| panic!("{e}"));
    }

    /// A reader on `000.txt` of the articles already in `dir`.
    fn open_written(dir: &Path) -> App {
        let corpus = crate::corpus::open(dir).unwrap_or_else(|e| panic!("{e}"));
        let mut app = App::new(corpus, crate::tui::theme::Theme::plain());
        crate::tui::testing::started(&mut app, 100, 30);
        send(&mut app, Msg::Action(Action::Open));
        app
    }

    fn keys(app: &mut App, actions: &[Action]) {
        for a in actions {
            send(app, Msg::Action(*a));
        }
    }

    /// Tags the `nth` sentence of the story with credibility 3 and saves it (Ctrl-s).
    fn tag_sentence(app: &mut App, nth: usize) {
        keys(app, &[Action::Top, Action::Down, Action::Down]);
        for _ in 0..nth {
            keys(app, &[Action::SentenceNext]);
        }
        keys(app, &[Action::SelectSentence, Action::Annotate]);
        send(
            app,
            Msg::TextInput(ratatui_textarea::Input {
                key: ratatui_textarea::Key::Char('3'),
                ..Default::default()
            }),
        );
        keys(app, &[Action::FormSave]);
    }

    fn reader(app: &App) -> &Reader {
        app.reader.as_ref().unwrap_or_else(|| panic!("no reader"))
    }

    fn notice(app: &App) -> &str {
        app.notice.as_deref().unwrap_or("")
    }

    fn on_disk(path: &Path) -> Vec<String> {
        store::load(path)
            .unwrap_or_else(|e| panic!("{e}"))
            .map(|s| s.claims.into_iter().map(|c| c.anchor.quote).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_failed_save_keeps_the_claims_asks_before_quitting_and_saves_once_fixed() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut app = open(tmp.path());
        let sidecar = tmp.path().join("000.txt.claims.ron");
        // The save fails as it would on a full disk or a refused write: the sidecar's place
        // is taken by a folder, which no one, root included, can write a file over.
        fs::create_dir(&sidecar).unwrap_or_else(|e| panic!("{e}"));
        tag_sentence(&mut app, 0);
        assert!(
            notice(&app).starts_with("not saved (") && notice(&app).contains("kept in memory"),
            "{}",
            notice(&app)
        );
        assert_eq!(reader(&app).claims.len(), 1, "the claim stays, shown");
        assert!(reader(&app).saving.failed.is_some());

        // Quitting asks first (and tries again, in vain); a second q would quit.
        keys(&mut app, &[Action::Quit]);
        assert!(!app.quit, "asked first");
        assert!(
            notice(&app).contains("q again quits without saving"),
            "{}",
            notice(&app)
        );
        keys(&mut app, &[Action::Quit]);
        assert!(app.quit, "asked once, quits");
        app.quit = false;

        // Opening another article asks too, and leaves this one open.
        keys(
            &mut app,
            &[
                Action::FocusList,
                Action::FocusList,
                Action::Down,
                Action::Open,
            ],
        );
        assert_eq!(reader(&app).index, 0, "{}", notice(&app));
        assert!(app.loading.is_none());
        assert!(
            notice(&app).contains("the same key again"),
            "{}",
            notice(&app)
        );

        // The cause goes; the next change saves everything, the first claim too.
        tag_sentence(&mut app, 1);
        assert!(notice(&app).starts_with("not saved"), "still failing");
        fs::remove_dir(&sidecar).unwrap_or_else(|e| panic!("{e}"));
        tag_sentence(&mut app, 2);
        assert!(notice(&app).contains("saved in"), "{}", notice(&app));
        assert_eq!(on_disk(&sidecar).len(), 3);
        assert!(reader(&app).saving.failed.is_none());
        keys(&mut app, &[Action::Quit]);
        assert!(app.quit, "nothing unsaved: quits at once");
    }

    #[test]
    fn quitting_with_unsaved_claims_retries_the_save_first() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut app = open(tmp.path());
        let sidecar = tmp.path().join("000.txt.claims.ron");
        fs::create_dir(&sidecar).unwrap_or_else(|e| panic!("{e}"));
        tag_sentence(&mut app, 0);
        fs::remove_dir(&sidecar).unwrap_or_else(|e| panic!("{e}"));
        // Fixed: q saves instead of quitting, and says so; then q quits.
        keys(&mut app, &[Action::Quit]);
        assert!(!app.quit);
        assert!(notice(&app).starts_with("saved in"), "{}", notice(&app));
        assert_eq!(on_disk(&sidecar).len(), 1);
        keys(&mut app, &[Action::Quit]);
        assert!(app.quit);
    }

    #[test]
    fn a_save_merges_in_claims_another_process_saved_and_undo_keeps_them() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut app = open(tmp.path());
        let sidecar = tmp.path().join("000.txt.claims.ron");
        tag_sentence(&mut app, 0);
        // Another claimmark, started from what is on disk now, adds a claim.
        let theirs_base = store::load(&sidecar)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no sidecar"));
        let mut theirs = theirs_base.clone();
        let mut added = theirs.claims[0].clone();
        added.id = "from-the-other-reviewer".into();
        added.note = "theirs".into();
        theirs.claims.push(added);
        store::save_merged(&sidecar, Some(&theirs_base), &theirs).unwrap_or_else(|e| panic!("{e}"));
        // This reader's next save keeps both, and shows the other one.
        tag_sentence(&mut app, 2);
        let ids = |app: &App| -> Vec<String> {
            reader(app)
                .claims
                .iter()
                .map(|c| c.claim.id.clone())
                .collect()
        };
        assert_eq!(on_disk(&sidecar).len(), 3);
        assert_eq!(ids(&app).len(), 3, "shown here too");
        assert!(ids(&app).iter().any(|i| i == "from-the-other-reviewer"));
        assert!(notice(&app).contains("merged in"), "{}", notice(&app));
        // Undoing this reader's last claim leaves the other reviewer's.
        keys(&mut app, &[Action::Undo]);
        assert_eq!(on_disk(&sidecar).len(), 2);
        assert!(ids(&app).iter().any(|i| i == "from-the-other-reviewer"));
        keys(&mut app, &[Action::Undo]);
        let left: Vec<_> = store::load(&sidecar)
            .ok()
            .flatten()
            .map(|s| s.claims.into_iter().map(|c| c.id).collect())
            .unwrap_or_default();
        assert_eq!(left, ["from-the-other-reviewer"]);
    }

    #[test]
    fn the_cause_comes_before_the_place() {
        assert_eq!(
            cause_first("/a/long/folder/003.txt.claims.ron:20:19: not a readable sidecar: x"),
            "not a readable sidecar: x (003.txt.claims.ron:20:19)"
        );
        assert_eq!(
            cause_first("/a/b/003.txt.claims.ron: Is a directory (os error 21)"),
            "Is a directory (os error 21) (003.txt.claims.ron)"
        );
        assert_eq!(cause_first("no sidecar named"), "no sidecar named");
    }

    #[test]
    fn a_sidecar_that_cannot_be_read_makes_the_claims_read_only_and_is_never_written() {
        let truncated = {
            let mut t = "(\n  version: 1,\n  article: (\n    file: \"000.txt\",\n".to_string();
            t.push_str("    bytes: 9");
            t
        };
        // The cause comes first, then the sidecar's name with the line and column.
        for (kind, broken, position) in [
            ("truncated", truncated.as_str(), "(000.txt.claims.ron:5:"),
            (
                "hand-broken",
                "(\n  version: 1,\n  article: (file: \"000.txt\" bytes: 9),\n)\n",
                "(000.txt.claims.ron:3:",
            ),
            (
                "newer",
                "(version: 9, article: (), claims: [], future: 1)\n",
                "sidecar version 9",
            ),
        ] {
            let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let sidecar = tmp.path().join("000.txt.claims.ron");
            fs::write(&sidecar, broken).unwrap_or_else(|e| panic!("{e}"));
            let mut app = open(tmp.path());
            // Said on opening.
            assert!(
                notice(&app).starts_with("claims are read-only: ")
                    && notice(&app).contains(position),
                "{kind}: {}",
                notice(&app)
            );
            // Every key that changes claims refuses, naming the file.
            tag_sentence(&mut app, 0);
            assert!(app.form.is_none(), "{kind}: no form");
            for action in [
                Action::Annotate,
                Action::DeleteClaim,
                Action::CycleStatus,
                Action::Undo,
                Action::Redo,
            ] {
                keys(&mut app, &[action]);
                assert!(
                    notice(&app).starts_with("claims are read-only: ")
                        && notice(&app).contains(position),
                    "{kind}, {action:?}: {}",
                    notice(&app)
                );
            }
            // Even a save asked for directly is refused.
            let answer = crate::tui::perform(&app, Effect::SaveClaims(0));
            assert!(
                matches!(answer, Msg::Saved(0, Err(_))),
                "{kind}: {answer:?}"
            );
            assert_eq!(
                fs::read_to_string(&sidecar).unwrap_or_default(),
                broken,
                "{kind}: the file is untouched"
            );
        }
    }

    /// Says whether this process runs as root, for whom permission bits stop nothing.
    #[cfg(unix)]
    fn is_root() -> bool {
        use std::os::unix::fs::MetadataExt;
        tempfile::tempfile()
            .and_then(|f| f.metadata())
            .is_ok_and(|m| m.uid() == 0)
    }

    /// Set in the child process of the read-only folder test: the folder of its articles.
    #[cfg(unix)]
    const READ_ONLY_FOLDER: &str = "CLAIMMARK_TEST_READ_ONLY_FOLDER";

    #[cfg(unix)]
    #[test]
    fn claims_of_an_article_in_a_read_only_folder_go_to_the_data_folder_and_the_status_bar_says_so()
    {
        use std::os::unix::fs::PermissionsExt;
        use std::os::unix::process::CommandExt;
        if let Some(folder) = std::env::var_os(READ_ONLY_FOLDER) {
            // The child, for whom the folder is read-only, with its own data folder.
            let folder = std::path::PathBuf::from(folder);
            let mut app = open_written(&folder);
            tag_sentence(&mut app, 0);
            let far = store::in_data_dir(&crate::demo::data_dir(), &folder.join("000.txt"));
            let said = notice(&app);
            assert!(
                said.contains(&format!("saved in {}", far.display()))
                    && said.contains("not writable"),
                "{said}"
            );
            assert_eq!(on_disk(&far).len(), 1);
            assert!(!folder.join("000.txt.claims.ron").exists());
            return;
        }
        // The test runs again in a child process: one whose data folder can be set, and, when
        // this one is root (whom a read-only folder does not stop), as `nobody`.
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let chmod = |p: &Path, mode: u32| {
            fs::set_permissions(p, fs::Permissions::from_mode(mode))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let (folder, data) = (tmp.path().join("articles"), tmp.path().join("data"));
        for dir in [&folder, &data] {
            fs::create_dir(dir).unwrap_or_else(|e| panic!("{e}"));
        }
        write_articles(&folder);
        chmod(tmp.path(), 0o755);
        chmod(&folder, 0o555);
        chmod(&data, 0o777);
        let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
        let mut child = std::process::Command::new(exe);
        child
            .args([
                "tui::saving::tests::claims_of_an_article_in_a_read_only_folder_go_to_the_data_folder_and_the_status_bar_says_so",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(READ_ONLY_FOLDER, &folder)
            .env(crate::demo::DATA_DIR_ENV, &data);
        let root = is_root();
        if root {
            child.uid(65534).gid(65534);
        }
        let out = child.output();
        chmod(&folder, 0o755);
        let out = match out {
            Ok(out) => out,
            Err(e) if root => {
                println!("skipped: cannot run the test as nobody, and root writes anywhere: {e}");
                return;
            }
            Err(e) => panic!("{e}"),
        };
        assert!(
            out.status.success() && String::from_utf8_lossy(&out.stdout).contains("1 passed"),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
