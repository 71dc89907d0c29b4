//! The article set: finding articles under a path, describing them cheaply, loading on open.
//!
//! Start-up must stay fast on large archives, so listing reads only the head of each file (for
//! its title and language) and the full text is read and cleaned only when an article is opened.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::clean::{self, ArticleInfo, Cleaned};
use crate::lang::{self, Lang};

/// Bytes read from each article at start-up: enough for a title and a language guess.
pub const HEAD_BYTES: usize = 8 * 1024;

/// Bytes read from the end of a longer article, where source lines and bylines often are.
pub const TAIL_BYTES: usize = 4 * 1024;

/// Suffix of claim sidecar files, which sit beside articles and are never listed as articles.
pub const SIDECAR_SUFFIX: &str = ".claims.ron";

/// What kind of content a file turned out to hold, so the list can warn before opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Content {
    /// Readable text (possibly with some invalid UTF-8).
    Text,
    /// Mostly control bytes or NULs: shown with placeholders, but probably not an article.
    Binary,
    /// Zero bytes long.
    Empty,
}

/// What the article list needs to know about one article, read without loading it in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleMeta {
    /// Where the article is on disk.
    pub path: PathBuf,
    /// Path relative to the corpus root, `/`-separated: stable across machines, so it is what
    /// lists and exports show.
    pub name: String,
    /// Size on disk in bytes.
    pub bytes: u64,
    /// First meaningful cleaned line of the head, or a description for non-text files.
    pub title: String,
    /// Language guessed from the head.
    pub lang: Lang,
    /// Text, binary or empty.
    pub content: Content,
    /// Byline, date and outlet found in the head of the article.
    pub info: ArticleInfo,
    /// Whether title, language, content and info were read from the file, or are stand-ins
    /// (the file name) until [`describe`] has looked: the reader lists a large corpus at once
    /// and reads the heads behind its first frame.
    #[serde(skip)]
    pub described: bool,
}

/// The articles found under a path.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The folder given (or the folder of the single file given).
    pub root: PathBuf,
    /// Articles in name order.
    pub articles: Vec<ArticleMeta>,
    /// Files seen but not listed because they are not `.txt`; reported once in the status bar.
    pub skipped: usize,
    /// Files or folders that could not be read (permissions, vanished while listing).
    pub unreadable: usize,
}

/// Why an article set or an article could not be opened; each message fits one line.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The path does not exist.
    #[error("{}: no such file or directory", .0.display())]
    NotFound(PathBuf),
    /// A folder with nothing claimmark can read.
    #[error("{}: no articles found (no .txt files{})", .path.display(), skipped_note(*.skipped))]
    NoArticles {
        /// The folder searched.
        path: PathBuf,
        /// Non-article files seen there.
        skipped: usize,
    },
    /// A device, FIFO or socket: reading it could block or never end.
    #[error("{}: not a regular file or folder", .0.display())]
    NotRegular(PathBuf),
    /// An article past [`MAX_ARTICLE_BYTES`]: it is left alone rather than half shown.
    #[error("{}: too large to open ({}; claimmark opens articles up to 1 GiB)", .path.display(), crate::display::human_size(*.bytes))]
    TooLarge {
        /// The article.
        path: PathBuf,
        /// Its size, or as much of it as was read.
        bytes: u64,
    },
    /// The operating system refused a read. The reason is part of the message (and not a
    /// separate error source), so that it is printed once.
    #[error("{}: {reason}", .path.display())]
    Io {
        /// The file or folder being read.
        path: PathBuf,
        /// What went wrong.
        reason: io::Error,
    },
}

fn skipped_note(skipped: usize) -> String {
    match skipped {
        0 => String::new(),
        n => format!(
            "; {} skipped",
            crate::display::count(n, "other file", "other files")
        ),
    }
}

impl CorpusError {
    /// Classifies an I/O error on `path`: a missing file gets its own message.
    pub fn from_io(path: &Path, source: io::Error) -> Self {
        if source.kind() == io::ErrorKind::NotFound {
            CorpusError::NotFound(path.to_path_buf())
        } else {
            CorpusError::Io {
                path: path.to_path_buf(),
                reason: source,
            }
        }
    }
}

/// An opened article: its metadata and the cleaned text with its map.
#[derive(Debug, Clone)]
pub struct Article {
    /// What the list showed for it.
    pub meta: ArticleMeta,
    /// The cleaned text, source and offset map.
    pub cleaned: Cleaned,
}

/// True for files the corpus lists: `.txt` in any case.
fn is_article(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

fn is_sidecar(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(SIDECAR_SUFFIX))
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0
        && entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with('.'))
}

/// Opens a folder (recursively, skipping hidden entries) or a single file (whatever its
/// extension: naming it is asking for it), every article described from its head.
pub fn open(path: &Path) -> Result<Corpus, CorpusError> {
    let mut corpus = list(path)?;
    let mut unreadable = 0;
    let mut failed = None;
    corpus.articles.retain_mut(|meta| match describe(meta) {
        Ok(described) => {
            *meta = described;
            true
        }
        Err(e) => {
            unreadable += 1;
            failed = Some(e);
            false
        }
    });
    // A single file named on the command line: say why it cannot be read.
    if let Some(e) = failed.filter(|_| path.is_file()) {
        return Err(CorpusError::from_io(path, e));
    }
    corpus.unreadable += unreadable;
    if corpus.articles.is_empty() {
        return Err(CorpusError::NoArticles {
            path: path.to_path_buf(),
            skipped: corpus.skipped,
        });
    }
    Ok(corpus)
}

/// Finds the articles under `path` without reading them: names and sizes only, titles standing
/// in as file names until [`describe`] reads each head. What the reader starts from, so its
/// first frame does not wait for a large archive to be read.
pub fn list(path: &Path) -> Result<Corpus, CorpusError> {
    let meta = std::fs::metadata(path).map_err(|e| CorpusError::from_io(path, e))?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(CorpusError::NotRegular(path.to_path_buf()));
    }
    if meta.is_file() {
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let article = listed(path, &root, meta.len());
        return Ok(Corpus {
            root,
            articles: vec![article],
            skipped: 0,
            unreadable: 0,
        });
    }
    let mut corpus = Corpus {
        root: path.to_path_buf(),
        ..Corpus::default()
    };
    // Links are followed (article sets are often assembled from links); walkdir reports
    // loops as errors, which are counted as unreadable.
    let walker = walkdir::WalkDir::new(path)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e));
    for entry in walker {
        let Ok(entry) = entry else {
            corpus.unreadable += 1;
            continue;
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let file = entry.path();
        if is_sidecar(file) {
            continue;
        }
        if !is_article(file) {
            corpus.skipped += 1;
            continue;
        }
        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
        corpus.articles.push(listed(file, path, len));
    }
    if corpus.articles.is_empty() {
        return Err(CorpusError::NoArticles {
            path: path.to_path_buf(),
            skipped: corpus.skipped,
        });
    }
    Ok(corpus)
}

/// An article as listed, before its head is read: its name stands in for the title.
fn listed(path: &Path, root: &Path, bytes: u64) -> ArticleMeta {
    let name = path
        .strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    ArticleMeta {
        path: path.to_path_buf(),
        title: stem(path),
        name,
        bytes,
        lang: Lang::Unknown,
        content: Content::Text,
        info: ArticleInfo::default(),
        described: false,
    }
}

/// The file name without its extension: the title of a file with none of its own.
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The article with its title, language, content kind and byline/date/outlet read from the
/// head of the file (and its tail, for a long one). Already described articles come back as
/// they are.
pub fn describe(meta: &ArticleMeta) -> io::Result<ArticleMeta> {
    if meta.described {
        return Ok(meta.clone());
    }
    let (path, bytes) = (&meta.path, meta.bytes);
    let mut head = Vec::with_capacity(HEAD_BYTES.min(bytes as usize));
    let mut file = File::open(path)?;
    (&mut file).take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    let (title, lang, content, mut info) = summarize(&head);
    // Source lines and bylines also close a story: look at its last bytes too.
    if content == Content::Text
        && bytes > HEAD_BYTES as u64
        && (info.outlet.is_none() || info.byline.is_none())
    {
        let mut tail = Vec::with_capacity(TAIL_BYTES);
        file.seek(SeekFrom::Start(
            bytes
                .saturating_sub(TAIL_BYTES as u64)
                .max(HEAD_BYTES as u64),
        ))?;
        file.take(TAIL_BYTES as u64).read_to_end(&mut tail)?;
        let tail_info = clean::clean(&tail).info;
        info.outlet = info.outlet.or(tail_info.outlet);
        info.byline = info.byline.or(tail_info.byline);
    }
    Ok(ArticleMeta {
        path: path.clone(),
        name: meta.name.clone(),
        bytes,
        title: title.unwrap_or_else(|| stem(path)),
        lang,
        content,
        info,
        described: true,
    })
}

/// Title, language, content kind and byline/date/outlet from the first bytes of a file. A head cut mid-character
/// only costs a U+FFFD at its end, which no title of reasonable length reaches.
pub fn summarize(head: &[u8]) -> (Option<String>, Lang, Content, ArticleInfo) {
    let none = ArticleInfo::default();
    if head.is_empty() {
        return (
            Some("(empty file)".into()),
            Lang::Unknown,
            Content::Empty,
            none,
        );
    }
    if looks_binary(head) {
        return (
            Some("(binary file)".into()),
            Lang::Unknown,
            Content::Binary,
            none,
        );
    }
    let cleaned = clean::clean(head);
    let title = cleaned.title().map(|t| crate::display::truncate(t, 200));
    (
        title,
        lang::guess(&cleaned.text),
        Content::Text,
        cleaned.info,
    )
}

/// Whether the first bytes of a file (up to [`HEAD_BYTES`]) make it a binary file rather than
/// an article, as the list marks it; commands that print an article refuse such files.
pub fn is_binary(head: &[u8]) -> bool {
    looks_binary(head)
}

/// NULs, or more than one byte in ten a control character other than the usual whitespace.
fn looks_binary(head: &[u8]) -> bool {
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    head.contains(&0) || controls * 10 > head.len()
}

/// The largest article the reader opens. Screen rows keep positions as `u32`
/// ([`crate::wrap::MAX_TEXT_BYTES`]) to stay small, and the cleaned text can be longer than
/// the raw bytes (a U+FFFD for each invalid byte): one gibibyte keeps every position in range
/// for any text but a pathological one, which [`load_beside`] refuses after cleaning; no news
/// article comes near it.
pub const MAX_ARTICLE_BYTES: u64 = 1 << 30;

/// Reads an article whole, refusing one past [`MAX_ARTICLE_BYTES`] before reading it all.
fn read_article(path: &Path) -> Result<Vec<u8>, CorpusError> {
    let io = |e| CorpusError::from_io(path, e);
    let file = File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let too_large = |bytes| CorpusError::TooLarge {
        path: path.to_path_buf(),
        bytes,
    };
    if len > MAX_ARTICLE_BYTES {
        return Err(too_large(len));
    }
    // The length read may differ from the length listed when the file is being written.
    let mut raw = Vec::with_capacity(len as usize);
    file.take(MAX_ARTICLE_BYTES + 1)
        .read_to_end(&mut raw)
        .map_err(io)?;
    if raw.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(too_large(raw.len() as u64));
    }
    Ok(raw)
}

/// Reads and cleans an article in full; called when the reader opens it.
pub fn load(meta: &ArticleMeta) -> Result<Article, CorpusError> {
    load_beside(meta, |_| ()).map(|(article, ())| article)
}

/// [`load`], with `beside` run on the article's decoded text on another thread while it is
/// cleaned (see [`clean::clean_owned_beside`]).
pub fn load_beside<T: Send>(
    meta: &ArticleMeta,
    beside: impl FnOnce(&str) -> T + Send,
) -> Result<(Article, T), CorpusError> {
    let raw = read_article(&meta.path)?;
    let mut meta = described_by(meta, &raw);
    meta.bytes = raw.len() as u64;
    let (cleaned, other) = clean::clean_owned_beside(raw, beside);
    // Cleaning may lengthen a text (a U+FFFD for each invalid byte): past what a screen row
    // can point into, the article is refused rather than shown wrong.
    if cleaned.text.len() > crate::wrap::MAX_TEXT_BYTES {
        return Err(CorpusError::TooLarge {
            path: meta.path.clone(),
            bytes: meta.bytes,
        });
    }
    Ok((Article { cleaned, meta }, other))
}

/// Reads and cleans the first `limit` bytes of an article, cut after its last whole line:
/// what the reader draws of a large article while the whole of it is cleaned, so its first
/// screen is up at once. The text near the cut may clean differently from the full article
/// (the cleaner looks at neighbouring lines), so nothing is saved against it.
pub fn load_head(meta: &ArticleMeta, limit: usize) -> Result<Article, CorpusError> {
    let io = |e| CorpusError::from_io(&meta.path, e);
    let mut head = Vec::with_capacity(limit);
    File::open(&meta.path)
        .map_err(io)?
        .take(limit as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    if head.len() == limit {
        head.truncate(whole_lines(&head));
    }
    Ok(Article {
        meta: described_by(meta, &head),
        cleaned: clean::clean_owned(head),
    })
}

/// `meta`, described from `text` (the article's bytes from its start) if the list had not
/// got to it yet: an article opened that early has its head in hand.
fn described_by(meta: &ArticleMeta, text: &[u8]) -> ArticleMeta {
    let mut meta = meta.clone();
    if !meta.described {
        let (title, lang, content, info) = summarize(&text[..text.len().min(HEAD_BYTES)]);
        meta.title = title.unwrap_or_else(|| stem(&meta.path));
        (meta.lang, meta.content, meta.info) = (lang, content, info);
        meta.described = true;
    }
    meta
}

/// Where to cut a head read from a longer file: after its last line break, or, in a file of
/// one long line, before the character the read may have split.
fn whole_lines(head: &[u8]) -> usize {
    match head.iter().rposition(|&b| b == b'\n') {
        Some(at) => at + 1,
        None => head
            .iter()
            .rposition(|&b| b & 0xc0 != 0x80)
            .unwrap_or(head.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &Path, name: &str, body: &[u8]) {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        fs::write(path, body).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn lists_txt_recursively_skips_others_and_never_sidecars() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = tmp.path();
        let b = b". . . .\n\nSecond article title\n\nThe body is here and it is long.";
        write(d, "b.txt", b);
        write(
            d,
            "sub/a.TXT",
            b"First title\nLe texte est en fran\xc3\xa7ais et il est court.",
        );
        write(d, "b.txt.claims.ron", b"()");
        write(d, "notes.md", b"# not an article");
        write(d, ".git/config", b"hidden");
        let c = open(d).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<_> = c.articles.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["b.txt", "sub/a.TXT"]);
        assert_eq!(c.skipped, 1);
        assert_eq!(c.articles[0].title, "Second article title");
        assert_eq!(c.articles[0].lang, Lang::En);
        assert_eq!(c.articles[1].lang, Lang::Fr);
        assert_eq!(c.articles[0].bytes, b.len() as u64);
    }

    #[cfg(unix)]
    #[test]
    fn linked_articles_are_listed_and_loops_do_not_hang() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = tmp.path();
        write(d, "real/a.txt", b"Linked article\n\nBody.");
        std::os::unix::fs::symlink(d.join("real/a.txt"), d.join("b.txt"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(d, d.join("real/loop")).unwrap_or_else(|e| panic!("{e}"));
        let c = open(d).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<_> = c.articles.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["b.txt", "real/a.txt"]);
        assert_eq!(c.unreadable, 1, "the loop is reported, not followed");
    }

    #[test]
    fn binary_and_empty_files_are_described_not_rejected() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write(tmp.path(), "bin.txt", &[0, 1, 2, 0xff, 0xfe, 0]);
        write(tmp.path(), "empty.txt", b"");
        let c = open(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.articles[0].content, Content::Binary);
        assert_eq!(c.articles[1].content, Content::Empty);
    }

    #[test]
    fn errors_say_what_and_where() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let missing = tmp.path().join("nope");
        assert!(matches!(open(&missing), Err(CorpusError::NotFound(_))));
        write(tmp.path(), "x.pdf", b"%PDF");
        let err = open(tmp.path())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.ends_with("no articles found (no .txt files; 1 other file skipped)"),
            "{err}"
        );
        let empty = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let err = open(empty.path())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.ends_with("no articles found (no .txt files)"), "{err}");
        let err = open(Path::new("/dev/null"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(err, "/dev/null: not a regular file or folder");
    }

    #[test]
    fn a_single_file_of_any_extension_opens() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write(tmp.path(), "story.md", b"Headline here\n\nBody.");
        let c = open(&tmp.path().join("story.md")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.articles.len(), 1);
        assert_eq!(c.articles[0].name, "story.md");
        let a = load(&c.articles[0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.cleaned.text, "Headline here\n\nBody.");
    }

    #[test]
    fn the_source_line_at_the_end_of_a_long_file_is_found() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut body = b"Real headline\n\n".to_vec();
        body.extend(
            std::iter::repeat_n(b"The text of it goes on and on. ".as_slice(), 800).flatten(),
        );
        body.extend(b"\n\nArab World/Maghrebi\n");
        write(tmp.path(), "long.txt", &body);
        let c = open(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            c.articles[0].info.outlet.as_deref(),
            Some("Arab World/Maghrebi")
        );
    }

    #[test]
    fn the_head_of_a_long_file_is_enough_for_a_title() {
        let mut body = b"Real headline\n\n".to_vec();
        body.extend(std::iter::repeat_n(b"The text of it goes on. ".as_slice(), 2000).flatten());
        let (title, lang, _, _) = summarize(&body[..HEAD_BYTES]);
        assert_eq!(title.as_deref(), Some("Real headline"));
        assert_eq!(lang, Lang::En);
    }

    /// Past the limit, the article is refused with its size named, before a byte is read
    /// (the file is sparse: the test writes nothing).
    #[test]
    fn an_article_past_the_limit_is_refused_with_its_size() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = tmp.path().join("huge.txt");
        let file = fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
        file.set_len(MAX_ARTICLE_BYTES + 1)
            .unwrap_or_else(|e| panic!("{e}"));
        let c = open(&path).unwrap_or_else(|e| panic!("{e}"));
        let err = load(&c.articles[0]).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                format!(
                    "{}: too large to open (1.0G; claimmark opens articles up to 1 GiB)",
                    path.display()
                )
                .as_str()
            )
        );
    }

    #[test]
    fn a_head_is_cut_after_its_last_whole_line_or_character() {
        assert_eq!(whole_lines(b"one\ntwo\nthr"), 8);
        assert_eq!(whole_lines("abcé".as_bytes()), 3, "é split by the read");
        assert_eq!(
            whole_lines(b"abc"),
            2,
            "the last byte may be a split character's"
        );
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write(
            tmp.path(),
            "a.txt",
            b"Headline\n\nFirst paragraph.\nSecond paragraph.\n",
        );
        let c = open(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
        let head = load_head(&c.articles[0], 30).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(head.cleaned.text, "Headline\n\nFirst paragraph.");
        assert_eq!(head.meta.title, "Headline");
        let whole = load_head(&c.articles[0], 1000).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            whole.cleaned.text,
            load(&c.articles[0])
                .map(|a| a.cleaned.text)
                .unwrap_or_default()
        );
    }
}
