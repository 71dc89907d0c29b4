//! One writer at a time per sidecar, across processes: two reviewers saving the same article
//! over SSH take turns instead of overwriting each other.
//!
//! The lock is an OS advisory lock (`flock` on Unix, `LockFileEx` on Windows, through the
//! standard library's [`std::fs::File::lock`]) on a hidden file beside the sidecar,
//! `.<sidecar name>.lock`. The OS releases it when its holder dies, so a reviewer whose
//! claimmark was killed mid-save never leaves a lock that blocks the others. The holder
//! removes the file as it lets go, so lock files do not pile up in the reviewers' folders; a
//! waiter that then wins a lock on the removed file notices and starts again on the new one.

use std::fs;
use std::path::{Path, PathBuf};

/// An exclusive lock on one sidecar, held until dropped. Every process that saves a sidecar
/// takes it first (see [`super::store::save_merged`]), so a read-merge-write is never
/// interleaved with another one.
#[derive(Debug)]
pub struct SidecarLock {
    /// The open lock file: closing it releases the lock.
    file: fs::File,
    /// Its path, removed on release.
    path: PathBuf,
}

/// Where the lock of `sidecar` lives: `.story.txt.claims.ron.lock` beside
/// `story.txt.claims.ron`, hidden so it never shows among the articles.
pub fn lock_path(sidecar: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(sidecar.file_name().unwrap_or_default());
    name.push(".lock");
    sidecar.with_file_name(name)
}

/// How long a save waits for another claimmark's save of the same sidecar. A save holds the
/// lock for milliseconds; one held longer belongs to a process that is stopped (Ctrl-z) or
/// hung, and waiting on it would freeze the reader: the save fails instead, the claims stay in
/// memory, and the next one tries again.
pub const PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

impl SidecarLock {
    /// Waits until no other process holds the lock of `sidecar` (at most [`PATIENCE`]), then
    /// holds it. Fails when the lock file cannot be made (a read-only folder: the caller then
    /// cannot write the sidecar there either) or another process holds it all that time.
    pub fn acquire(sidecar: &Path) -> std::io::Result<SidecarLock> {
        SidecarLock::acquire_within(sidecar, PATIENCE)
    }

    /// [`SidecarLock::acquire`], waiting at most `patience` for another holder to let go.
    pub fn acquire_within(
        sidecar: &Path,
        patience: std::time::Duration,
    ) -> std::io::Result<SidecarLock> {
        let path = lock_path(sidecar);
        let deadline = std::time::Instant::now() + patience;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)?;
        }
        loop {
            let file = match fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
            {
                // Another reviewer's lock file, which this one may not write: a lock needs
                // only to read it.
                Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && path.exists() => {
                    fs::File::open(&path)?
                }
                other => other?,
            };
            let file = wait_for(file, deadline)?;
            // The holder we waited for removed the file as it let go: our lock is on a file
            // nobody else will find, so start again on the one at the path now.
            match fs::metadata(&path) {
                Ok(now) if same_file(&now, &file.metadata()?) => {
                    return Ok(SidecarLock { file, path });
                }
                _ => continue,
            }
        }
    }
}

/// Takes the lock on `file`, waiting until `deadline` at most. The wait is the OS's own (so
/// the holder's release wakes it at once, and two claimmarks saving in a loop take turns), on
/// a thread of its own so that it can be given up: a thread still waiting then takes the lock
/// when it comes free and lets it go at once.
fn wait_for(file: fs::File, deadline: std::time::Instant) -> std::io::Result<fs::File> {
    match file.try_lock() {
        Ok(()) => return Ok(file),
        Err(fs::TryLockError::Error(e)) => return Err(e),
        Err(fs::TryLockError::WouldBlock) => {}
    }
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(file.lock().map(|()| file));
    });
    let patience = deadline.saturating_duration_since(std::time::Instant::now());
    rx.recv_timeout(patience).unwrap_or_else(|_| {
        Err(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "another claimmark has been saving this sidecar for too long (stopped?)",
        ))
    })
}

impl Drop for SidecarLock {
    fn drop(&mut self) {
        // Removed while still held, so no one can lock it between removal and release; the
        // lock goes when `file` closes, right after.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether two metadata describe the same file (device and inode).
#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Without inodes to compare, trust the path: the file is removed only by its holder.
#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_exclusive_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let sidecar = dir.path().join("a.txt.claims.ron");
        let held = SidecarLock::acquire(&sidecar).unwrap_or_else(|e| panic!("{e}"));
        assert!(lock_path(&sidecar).exists());
        // Another open file description cannot take it while it is held.
        let other = fs::File::open(lock_path(&sidecar)).unwrap_or_else(|e| panic!("{e}"));
        assert!(other.try_lock().is_err(), "exclusive");
        drop(other);
        drop(held);
        assert!(!lock_path(&sidecar).exists(), "removed on release");
        // And it can be taken again.
        drop(SidecarLock::acquire(&sidecar).unwrap_or_else(|e| panic!("{e}")));
    }

    #[test]
    fn a_lock_held_too_long_is_an_error_not_a_freeze() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let sidecar = dir.path().join("a.txt.claims.ron");
        let _held = SidecarLock::acquire(&sidecar).unwrap_or_else(|e| panic!("{e}"));
        let waited = SidecarLock::acquire_within(&sidecar, std::time::Duration::from_millis(30));
        assert!(
            matches!(&waited, Err(e) if e.kind() == std::io::ErrorKind::TimedOut),
            "{waited:?}"
        );
    }

    #[test]
    fn waiters_take_turns_even_as_the_file_is_removed() {
        // Threads each add one to a counter in a file, under the lock, many times: any two
        // holding it at once would lose an increment.
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let sidecar = dir.path().join("a.txt.claims.ron");
        let counter = dir.path().join("counter");
        fs::write(&counter, "0").unwrap_or_else(|e| panic!("{e}"));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (sidecar, counter) = (sidecar.clone(), counter.clone());
                std::thread::spawn(move || {
                    for _ in 0..100 {
                        let _lock =
                            SidecarLock::acquire(&sidecar).unwrap_or_else(|e| panic!("{e}"));
                        let n: u32 = fs::read_to_string(&counter)
                            .unwrap_or_default()
                            .parse()
                            .unwrap_or_else(|e| panic!("{e}"));
                        fs::write(&counter, (n + 1).to_string()).unwrap_or_else(|e| panic!("{e}"));
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap_or_else(|_| panic!("a thread panicked"));
        }
        assert_eq!(fs::read_to_string(&counter).unwrap_or_default(), "400");
    }
}
