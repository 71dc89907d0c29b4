//! The bundled demo set: the five seed articles, embedded in the binary.
//!
//! `cargo run --release` with no path must show real articles from any folder, and claims are
//! saved beside each article, so the set is written out once to the user's data folder rather
//! than read from (or written into) the repository.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The seed articles, byte for byte as scraped.
pub const ARTICLES: &[(&str, &[u8])] = &[
    (
        "000_4661f2112f596c80.txt",
        include_bytes!("../assets/articles/000_4661f2112f596c80.txt"),
    ),
    (
        "001_ea4c330ccc039515.txt",
        include_bytes!("../assets/articles/001_ea4c330ccc039515.txt"),
    ),
    (
        "002_4bdb8129b040c53b.txt",
        include_bytes!("../assets/articles/002_4bdb8129b040c53b.txt"),
    ),
    (
        "003_fb9e74a4ff2bc46c.txt",
        include_bytes!("../assets/articles/003_fb9e74a4ff2bc46c.txt"),
    ),
    (
        "004_c819ecef553369a5.txt",
        include_bytes!("../assets/articles/004_c819ecef553369a5.txt"),
    ),
];

/// The seed articles one after another, a line break after each, repeated and cut at `size`
/// bytes: dirty text with the real mix of artifacts, paragraphs and languages, at any size.
/// The large article the cleaning benchmark and `examples/clean_speed` measure, so that both
/// measure the same text.
pub fn seeds_repeated(size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 16 * 1024);
    while out.len() < size {
        for (_, bytes) in ARTICLES {
            out.extend_from_slice(bytes);
            out.push(b'\n');
        }
    }
    out.truncate(size);
    out
}

/// Sidecars that come with the demo set: one claim in seed 003, so a new user sees what a
/// tagged claim looks like at once.
pub const SIDECARS: &[(&str, &[u8])] = &[(
    "003_fb9e74a4ff2bc46c.txt.claims.ron",
    include_bytes!("../assets/articles/003_fb9e74a4ff2bc46c.txt.claims.ron"),
)];

/// Environment variable that overrides the data folder; tests use it to stay out of the real
/// home directory, and users can use it to keep the demo set elsewhere.
pub const DATA_DIR_ENV: &str = "CLAIMMARK_DATA_DIR";

/// Where claimmark keeps its own files: `$CLAIMMARK_DATA_DIR`, else the platform data folder
/// (`~/.local/share/claimmark` on Linux), else a folder under the system temp dir when no home
/// is known (containers, CI).
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("", "", "claimmark")
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("claimmark"))
}

/// Writes any missing demo article into `<data_dir>/demo` and returns that folder. Existing
/// files are left alone: a reviewer's annotations of the demo set sit beside them.
pub fn install(data_dir: &Path) -> io::Result<PathBuf> {
    let dir = data_dir.join("demo");
    fs::create_dir_all(&dir)?;
    for (name, bytes) in ARTICLES.iter().chain(SIDECARS) {
        let path = dir.join(name);
        if path.exists() {
            continue;
        }
        // Write to a temporary name and rename, so an interrupted first run never leaves a
        // half-written article that later runs would keep.
        let tmp = dir.join(format!(".{name}.tmp"));
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, &path)?;
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_writes_the_seeds_once_and_keeps_edits() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = install(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
        for (name, bytes) in ARTICLES {
            assert_eq!(fs::read(dir.join(name)).ok().as_deref(), Some(*bytes));
        }
        let first = dir.join(ARTICLES[0].0);
        fs::write(&first, b"edited").unwrap_or_else(|e| panic!("{e}"));
        install(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read(&first).ok().as_deref(), Some(&b"edited"[..]));
        let names: Vec<_> = fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            names.len(),
            ARTICLES.len() + SIDECARS.len(),
            "no temp files left: {names:?}"
        );
        let claims = crate::claims::store::load(&dir.join(SIDECARS[0].0))
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no demo sidecar"));
        assert_eq!(
            claims.claims[0].anchor.exact,
            "arms contract with Russia, valued between $12-17 billion"
        );
    }
}
