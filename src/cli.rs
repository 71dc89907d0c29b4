//! The command line: the TUI by default, and headless subcommands for scripts and tests.
//!
//! Every subcommand calls the same core functions the TUI uses, so what a script sees is what a
//! reviewer sees.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::clean::{ByteSpan, Dropped, Segment};
use crate::corpus::{self, ArticleMeta};
use crate::{demo, display};

/// Read scraped news articles cleaned, beside their raw source.
#[derive(Debug, Parser)]
#[command(
    name = "claimmark",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Headless subcommand; without one, the reader opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Folder (searched recursively for .txt files) or single file to open. Without it, the
    /// bundled demo articles open.
    pub path: Option<PathBuf>,
}

/// Headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the articles under PATH: path, title, language, bytes (tab-separated).
    List {
        /// Folder or file; the demo set when omitted.
        path: Option<PathBuf>,
        /// Print a JSON array instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Print the cleaned text of FILE.
    Clean {
        /// The article to clean.
        file: PathBuf,
        /// Print `{ "text", "segments", "dropped" }` with byte offsets instead of the text.
        #[arg(long, conflicts_with = "explain")]
        json: bool,
        /// List what the cleaner dropped and why: byte range, rule, and the text.
        #[arg(long)]
        explain: bool,
    },
    /// Tag a claim in FILE and save it in the article's sidecar; prints the claim's id.
    Annotate(AnnotateArgs),
    /// Export the claims under PATH: a Markdown report, CSV, JSON, W3C Web Annotations or
    /// schema.org ClaimReview.
    Export {
        /// Folder or file; the demo set when omitted.
        path: Option<PathBuf>,
        /// What to write.
        #[arg(long, value_enum, default_value = "md")]
        format: crate::export::Format,
        /// Only the claims this query keeps, as on the claim board: e.g.
        /// `credibility>=4 tag:arms author:ana no-sources` (see the README).
        #[arg(short, long, allow_hyphen_values = true)]
        query: Option<String>,
        /// Write here instead of to standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the settings file: `--default` prints a commented default to start from.
    Config {
        /// Print the commented default config rather than where the config is.
        #[arg(long)]
        default: bool,
    },
    /// Check every sidecar under PATH: is it readable, and where is each claim now (exact,
    /// moved, fuzzy, needs-review, orphaned)? A claim left in conflict by a merge gets a
    /// second line, `conflict`. Exits with 1 on orphans, conflicts or unreadable sidecars.
    Check {
        /// Folder or file; the demo set when omitted.
        path: Option<PathBuf>,
    },
    /// Merge two versions of a sidecar by claim id, as git's merge driver for `*.claims.ron`
    /// (see the README, "Working as a team"). Writes the result over OURS and exits with 0
    /// when clean, 1 when claims changed differently on both sides (both versions kept,
    /// marked as conflicts the reader shows), 2 when a file cannot be read (OURS untouched).
    MergeDriver {
        /// The common ancestor (git's `%O`); empty when both sides created the file.
        base: PathBuf,
        /// Our version (git's `%A`): the merge is written here.
        ours: PathBuf,
        /// Their version (git's `%B`).
        theirs: PathBuf,
        /// The file's path in the repository (git's `%P`), for messages.
        name: Option<PathBuf>,
    },
    /// Bring claims from another claimmark's `export --format json` into the sidecars of the
    /// articles under PATH, by claim id, without duplicates; a claim whose id is already there
    /// with other content is kept as a conflict. Prints what was added.
    Import {
        /// The JSON export.
        file: PathBuf,
        /// Folder or file holding the articles; the demo set when omitted.
        path: Option<PathBuf>,
    },
}

/// What `annotate` records.
#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// The article.
    pub file: PathBuf,
    /// The claim as the cleaned text reads (or the raw text); spaces match any whitespace.
    #[arg(long)]
    pub quote: String,
    /// Which occurrence, from 1, when the quote occurs more than once.
    #[arg(long)]
    pub nth: Option<usize>,
    /// Credibility of the information: 1 (confirmed) to 6 (cannot be judged).
    #[arg(long)]
    pub credibility: String,
    /// Reliability of the source: A (completely reliable) to F (cannot be judged).
    #[arg(long)]
    pub reliability: Option<String>,
    /// Evidence: a URL or citation, optionally `::` and what it shows. Repeatable.
    #[arg(long = "source")]
    pub sources: Vec<String>,
    /// A tag. Repeatable.
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// The reviewer's note.
    #[arg(long, default_value = "")]
    pub note: String,
    /// The claim in a few words, for exports that want one shorter than the quote
    /// (ClaimReview's `claimReviewed`).
    #[arg(long)]
    pub summary: Option<String>,
}

/// Runs what the command line asked for.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => {
            // Listed only: the reader reads the heads behind its first frame.
            let corpus = corpus::list(&resolve(cli.path)?)?;
            crate::tui::run(corpus)?;
        }
        Some(Command::List { path, json }) => list(&resolve(path)?, json)?,
        Some(Command::Clean {
            file,
            json,
            explain,
        }) => clean(&file, json, explain)?,
        Some(Command::Annotate(args)) => annotate(&args, &demo::data_dir())?,
        Some(Command::Export {
            path,
            format,
            query,
            output,
        }) => export(
            &resolve(path)?,
            format,
            query.as_deref().unwrap_or(""),
            output.as_deref(),
        )?,
        Some(Command::Config { default }) => {
            let mut out = io::stdout().lock();
            if default {
                write!(out, "{}", crate::config::default_text())?;
            } else {
                match crate::config::path() {
                    Some(p) => {
                        writeln!(out, "{}", display::sanitize(&p.display().to_string()))?;
                        // Say so when it cannot be read, with a failing status for scripts.
                        if let (_, Some(warning)) = crate::config::load(&p) {
                            anyhow::bail!("{}", display::sanitize(&warning));
                        }
                    }
                    None => writeln!(out, "(no config folder on this system)")?,
                }
            }
        }
        Some(Command::Check { path }) => return check(&resolve(path)?, &demo::data_dir()),
        Some(Command::MergeDriver {
            base,
            ours,
            theirs,
            name,
        }) => return Ok(merge_driver(&base, &ours, &theirs, name.as_deref())),
        Some(Command::Import { file, path }) => {
            return import(&file, &resolve(path)?, &demo::data_dir());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads one article for a command that works on it, with the corpus's messages for what
/// cannot be read.
fn read_article(file: &Path) -> anyhow::Result<Vec<u8>> {
    let meta = std::fs::metadata(file).map_err(|e| corpus::CorpusError::from_io(file, e))?;
    if meta.is_dir() {
        anyhow::bail!("{}: is a directory (give one article)", file.display());
    }
    if !meta.is_file() {
        return Err(corpus::CorpusError::NotRegular(file.to_path_buf()).into());
    }
    Ok(std::fs::read(file).map_err(|e| corpus::CorpusError::from_io(file, e))?)
}

fn annotate(args: &AnnotateArgs, data_dir: &Path) -> anyhow::Result<()> {
    use crate::claims::{self, Anchor, ArticleId, Claim, Rating, Sidecar, Source, store};
    let config = crate::config::path()
        .map(|p| crate::config::load(&p))
        .unwrap_or_default();
    if let Some(warning) = &config.1 {
        eprintln!("claimmark: {}", display::sanitize(warning));
    }
    let (scales, warning) = config.0.scales();
    if let Some(warning) = warning {
        eprintln!("claimmark: {warning}");
    }
    let pick = |scale: &claims::scale::Scale, value: &str| scale.pick(value).map(|l| l.key.clone());
    let credibility = pick(&scales.credibility, &args.credibility).with_context(|| {
        format!(
            "--credibility {}: not a level of {}",
            args.credibility, scales.credibility.name
        )
    })?;
    let reliability = match (&args.reliability, &scales.reliability) {
        (Some(value), Some(scale)) => Some(Rating {
            scale: scale.name.clone(),
            value: pick(scale, value)
                .with_context(|| format!("--reliability {value}: not a level of {}", scale.name))?,
        }),
        _ => None,
    };
    let raw = read_article(&args.file)?;
    let cleaned = crate::clean::clean(&raw);
    let places = claims::find_quote(&cleaned, &args.quote);
    let shown = display::sanitize(&args.quote);
    let range = match (places.len(), args.nth) {
        (0, _) => anyhow::bail!("{}: quote not found: {shown}", args.file.display()),
        (_, Some(n)) => places
            .get(n.wrapping_sub(1))
            .cloned()
            .with_context(|| format!("--nth {n}: the quote occurs {} times", places.len()))?,
        (1, None) => places[0].clone(),
        (n, None) => {
            let line = |at: usize| {
                raw[..at.min(raw.len())]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1
            };
            let list: Vec<String> = places
                .iter()
                .enumerate()
                .map(|(i, r)| format!("{}: line {}", i + 1, line(r.start)))
                .collect();
            anyhow::bail!(
                "{}: the quote occurs {n} times ({}); choose one with --nth",
                args.file.display(),
                list.join(", ")
            )
        }
    };
    let path = store::locate(&args.file, data_dir);
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // What is on disk now is the base of the merge that saves: claims another reviewer
    // saves meanwhile are kept.
    let base = store::load(&path)?;
    let mut sidecar = base
        .clone()
        .unwrap_or_else(|| Sidecar::new(ArticleId::of(&name, &raw)));
    sidecar.article = ArticleId::of(&name, &raw);
    let now = claims::now_rfc3339();
    let quote_clean = {
        let span = cleaned.to_clean(range.start)..cleaned.to_clean(range.end);
        cleaned.text.get(span).unwrap_or_default().to_string()
    };
    let claim = Claim {
        id: claims::new_id(),
        anchor: Anchor::new(&cleaned.source, range, &quote_clean),
        summary: args
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        credibility: Some(Rating {
            scale: scales.credibility.name.clone(),
            value: credibility,
        }),
        reliability,
        sources: args
            .sources
            .iter()
            .filter_map(|s| Source::parse(s))
            .collect(),
        tags: args.tags.clone(),
        note: args.note.clone(),
        author: config.0.author(),
        created: now.clone(),
        updated: now,
    };
    let id = claim.id.clone();
    sidecar.claims.push(claim);
    if sidecar.status == claims::ReviewStatus::Unreviewed {
        sidecar.status = claims::ReviewStatus::InProgress;
    }
    let (written, _) = store::save_merged_for(&args.file, data_dir, base.as_ref(), &sidecar)?;
    let mut out = io::stdout().lock();
    writeln!(out, "{id}")?;
    if written != store::beside(&args.file) {
        eprintln!(
            "claimmark: the article's folder is not writable; saved in {}",
            written.display()
        );
    }
    Ok(())
}

fn export(
    path: &Path,
    format: crate::export::Format,
    query: &str,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    let (config, warning) = crate::config::path()
        .map(|p| crate::config::load(&p))
        .unwrap_or_default();
    let (settings, scale_warning) = crate::export::Settings::from_config(&config);
    let query = crate::claims::query::Query::parse_for(query, &settings.scales)
        .map_err(|e| anyhow::anyhow!("--query: {}", display::sanitize(&e.to_string())))?;
    let corpus = corpus::open(path)?;
    for warning in warning.iter().chain(&scale_warning) {
        eprintln!("claimmark: {}", display::sanitize(warning));
    }
    let progress = progress_bar(corpus.articles.len());
    let (rendered, _) = crate::export::export_corpus(
        &corpus,
        &demo::data_dir(),
        format,
        &query,
        &settings,
        &mut || progress.inc(1),
    );
    progress.finish_and_clear();
    for warning in &rendered.warnings {
        eprintln!("claimmark: {}", display::sanitize(warning));
    }
    match output {
        Some(file) => {
            // A mistyped folder is a mistake to report, not one to create.
            if let Some(folder) = file.parent().filter(|p| !p.as_os_str().is_empty())
                && !folder.is_dir()
            {
                anyhow::bail!("{}: no such folder", folder.display());
            }
            crate::claims::store::write_atomic(file, rendered.text.as_bytes())
                .with_context(|| format!("{}", file.display()))?;
            eprintln!(
                "claimmark: wrote {}",
                display::sanitize(&file.display().to_string())
            );
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(rendered.text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Articles from which an export shows its progress: below this, collecting takes less time
/// than a bar would be on screen.
const PROGRESS_FROM: usize = 200;

/// A bar on standard error counting the articles looked at, for corpora of at least
/// [`PROGRESS_FROM`] articles, when standard error is a terminal; hidden otherwise, so that
/// scripts and logs get no control sequences.
fn progress_bar(articles: usize) -> indicatif::ProgressBar {
    if articles < PROGRESS_FROM || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(articles as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{prefix} {wide_bar} {pos}/{len} articles ({eta} left)",
    ) {
        bar.set_style(style);
    }
    bar.set_prefix("claimmark: collecting claims");
    bar
}

fn check(path: &Path, data_dir: &Path) -> anyhow::Result<ExitCode> {
    use crate::claims::{AnchorState, store};
    let corpus = corpus::open(path)?;
    let mut out = io::stdout().lock();
    let mut failed = false;
    for article in &corpus.articles {
        let sidecar_path = store::locate(&article.path, data_dir);
        let sidecar = match store::load(&sidecar_path) {
            Ok(Some(s)) => s,
            Ok(None) => continue,
            Err(e) => {
                failed = true;
                writeln!(
                    out,
                    "{}\tunreadable\t{}",
                    display::sanitize(&article.name),
                    display::sanitize(&e.to_string())
                )?;
                continue;
            }
        };
        let raw = read_article(&article.path)?;
        let unchanged =
            crate::claims::ArticleId::of(&sidecar.article.file, &raw) == sidecar.article;
        let source = crate::decode::Decoded::new(&raw);
        for claim in &sidecar.claims {
            let state = if unchanged {
                AnchorState::Exact
            } else {
                claim.anchor.reattach(&source).state
            };
            failed |= state == AnchorState::Orphaned;
            let in_conflict = sidecar.other_versions(&claim.id).next().is_some();
            failed |= in_conflict;
            // A claim in conflict gets a second line saying so.
            for word in std::iter::once(state.word()).chain(in_conflict.then_some("conflict")) {
                writeln!(
                    out,
                    "{}\t{}\t{word}\t{}",
                    display::sanitize(&article.name),
                    claim.id,
                    display::sanitize(&claim.anchor.quote)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `merge-driver BASE OURS THEIRS [NAME]`: git's contract for a merge driver. The result goes
/// to OURS; the exit status says clean (0), conflicts left for a reviewer (1), or nothing
/// written because an input cannot be read (2, so git reports a conflict and the reviewer
/// still has their own file). Messages go to stderr, which git shows.
fn merge_driver(base: &Path, ours: &Path, theirs: &Path, name: Option<&Path>) -> ExitCode {
    use crate::claims::{merge, store};
    let shown = display::sanitize(&name.unwrap_or(ours).display().to_string()).to_string();
    let fail = |message: String| {
        eprintln!(
            "claimmark: {shown}: not merged, {} left as it was: {}",
            display::sanitize(&ours.display().to_string()),
            display::sanitize(&message)
        );
        ExitCode::from(2)
    };
    // git passes an empty ancestor when both branches created the file.
    let base = match std::fs::read(base) {
        Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => None,
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        _ => match store::load(base) {
            Ok(s) => s,
            Err(e) => return fail(e.to_string()),
        },
    };
    let side = |path: &Path| match store::load(path) {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(format!("{}: no such file", path.display())),
        Err(e) => Err(e.to_string()),
    };
    let (o, t) = match (side(ours), side(theirs)) {
        (Ok(o), Ok(t)) => (o, t),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    let merged = merge::merge(base.as_ref(), &o, &t);
    if let Err(e) = store::save(ours, &merged.sidecar) {
        return fail(e.to_string());
    }
    for id in &merged.kept_over_delete {
        eprintln!(
            "claimmark: {shown}: claim {} was deleted on one side and edited on the other; \
             the edited claim is kept",
            display::sanitize(id)
        );
    }
    if merged.conflicts == 0 {
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "claimmark: {shown}: {} changed differently on both sides; both versions are kept \
         and marked as conflicts (open the article in claimmark: c lists the claims, o or t \
         picks a version)",
        display::count(merged.conflicts, "claim", "claims")
    );
    ExitCode::from(1)
}

/// One article of a JSON export, as `import` reads it: only what it needs, so the export may
/// grow fields. `sha256` identifies the article without searching for its claims (exports
/// from before it was written lack it); `conflicts` are other versions of its claims.
#[derive(serde::Deserialize)]
struct ExportedArticle {
    file: String,
    #[serde(default)]
    status: crate::claims::ReviewStatus,
    #[serde(default)]
    claims: Vec<crate::claims::Claim>,
    #[serde(default)]
    conflicts: Vec<crate::claims::Claim>,
    #[serde(default)]
    sha256: Option<String>,
}

/// A JSON export, as `import` reads it.
#[derive(serde::Deserialize)]
struct Exported {
    version: u32,
    articles: Vec<ExportedArticle>,
}

/// The newest JSON export format `import` reads.
const EXPORT_VERSION: u32 = 1;

/// The article of `corpus` an exported `file` names: the same path relative to the corpus
/// root, else the only article with the same file name (an export of one file, or of a
/// folder imported into a single file).
fn match_article<'a>(corpus: &'a corpus::Corpus, file: &str) -> Option<&'a ArticleMeta> {
    if let Some(meta) = corpus.articles.iter().find(|m| m.name == file) {
        return Some(meta);
    }
    fn base(s: &str) -> &str {
        s.rsplit('/').next().unwrap_or(s)
    }
    let mut same = corpus
        .articles
        .iter()
        .filter(|m| base(&m.name) == base(file));
    match (same.next(), same.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

fn import(file: &Path, path: &Path, data_dir: &Path) -> anyhow::Result<ExitCode> {
    use crate::claims::{AnchorState, ArticleId, ReviewStatus, Sidecar, merge, store};
    let text = std::fs::read_to_string(file).with_context(|| format!("{}", file.display()))?;
    let doc: Exported = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: not a claimmark JSON export (claimmark export --format json)",
            file.display()
        )
    })?;
    if doc.version > EXPORT_VERSION {
        anyhow::bail!(
            "{}: export version {} is newer than this claimmark reads ({EXPORT_VERSION})",
            file.display(),
            doc.version
        );
    }
    let corpus = corpus::open(path)?;
    let mut total = merge::Absorbed::default();
    let mut skipped = 0;
    let mut failed = false;
    for exported in &doc.articles {
        let shown = display::sanitize(&exported.file);
        let mut skip = |why: String| {
            skipped += 1;
            eprintln!("claimmark: skipped {shown}: {}", display::sanitize(&why));
        };
        let Some(meta) = match_article(&corpus, &exported.file) else {
            skip(format!("not found under {}", path.display()));
            continue;
        };
        let raw = match read_article(&meta.path) {
            Ok(raw) => raw,
            Err(e) => {
                failed = true;
                skip(format!("{e:#}"));
                continue;
            }
        };
        let name = meta
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = ArticleId::of(&name, &raw);
        // The same article? Its hash says so when the export has one; else its claims must
        // be found in it, as the reader would find them.
        let same_bytes = exported.sha256.as_deref() == Some(id.sha256.as_str());
        let source = crate::decode::Decoded::new(&raw);
        let states: Vec<AnchorState> = if same_bytes {
            Vec::new()
        } else {
            exported
                .claims
                .iter()
                .map(|c| c.anchor.reattach(&source).state)
                .collect()
        };
        if !states.is_empty() && states.iter().all(|s| *s == AnchorState::Orphaned) {
            skip(format!(
                "none of its {} found in {} (another article of the same name?)",
                display::count(states.len(), "claim", "claims"),
                meta.path.display()
            ));
            continue;
        }
        // Claims placed on another copy of the article: the sidecar must not claim this
        // file's hash, or `check` would take every anchor as exact without looking.
        let placed_here = states.iter().all(|s| *s == AnchorState::Exact);
        let sidecar_path = store::locate(&meta.path, data_dir);
        let loaded = match store::load(&sidecar_path) {
            Ok(loaded) => loaded,
            Err(e) => {
                failed = true;
                skip(e.to_string());
                continue;
            }
        };
        let mut sidecar = loaded.clone().unwrap_or_else(|| Sidecar::new(id));
        let before = sidecar.clone();
        if sidecar.claims.is_empty() && sidecar.status == ReviewStatus::Unreviewed {
            sidecar.status = exported.status;
        }
        let done = merge::absorb(&mut sidecar, &exported.claims);
        total.added += done.added;
        total.unchanged += done.unchanged;
        total.conflicts += done.conflicts;
        // The other versions the exporter had: kept as such, never dropped.
        total.conflicts += merge::absorb(&mut sidecar, &exported.conflicts).conflicts;
        if sidecar == before {
            continue;
        }
        if !placed_here {
            sidecar.article.sha256.clear();
        }
        if let Err(e) = store::save_merged_for(&meta.path, data_dir, loaded.as_ref(), &sidecar) {
            failed = true;
            skip(e.to_string());
        }
    }
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} added, {} unchanged, {}, {} skipped",
        total.added,
        total.unchanged,
        display::count(total.conflicts, "conflict", "conflicts"),
        display::count(skipped, "article", "articles")
    )?;
    out.flush()?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The path to open: the one given, or the demo set installed in the data folder.
fn resolve(path: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match path {
        Some(p) => Ok(p),
        None => {
            let data = demo::data_dir();
            demo::install(&data)
                .with_context(|| format!("cannot write the demo articles to {}", data.display()))
        }
    }
}

/// One article as `list --json` prints it.
#[derive(Serialize)]
struct ListEntry<'a> {
    path: String,
    name: &'a str,
    title: &'a str,
    lang: &'a str,
    bytes: u64,
    content: corpus::Content,
    byline: Option<&'a str>,
    date: Option<&'a str>,
    outlet: Option<&'a str>,
}

impl<'a> From<&'a ArticleMeta> for ListEntry<'a> {
    fn from(m: &'a ArticleMeta) -> Self {
        ListEntry {
            path: m.path.display().to_string(),
            name: &m.name,
            title: &m.title,
            lang: m.lang.code(),
            bytes: m.bytes,
            content: m.content,
            byline: m.info.byline.as_deref(),
            date: m.info.date.as_deref(),
            outlet: m.info.outlet.as_deref(),
        }
    }
}

fn list(path: &Path, json: bool) -> anyhow::Result<()> {
    let corpus = corpus::open(path)?;
    let mut out = io::stdout().lock();
    if json {
        let entries: Vec<ListEntry> = corpus.articles.iter().map(ListEntry::from).collect();
        serde_json::to_writer_pretty(&mut out, &entries)?;
        writeln!(out)?;
    } else {
        for m in &corpus.articles {
            // Titles come from article text and paths from whoever named the files: never let
            // them carry tabs or escapes to the terminal or break the tab-separated columns.
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                display::sanitize(&m.path.display().to_string()),
                display::sanitize(&m.title),
                m.lang.code(),
                m.bytes
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `clean --json` output.
#[derive(Serialize)]
struct CleanJson<'a> {
    text: &'a str,
    segments: &'a [Segment],
    dropped: &'a [Dropped],
    headings: &'a [ByteSpan],
    /// Each table (pipe or flattened from HTML): its rows, each row its cells' spans in `text`.
    tables: Vec<Vec<Vec<ByteSpan>>>,
}

fn clean(file: &Path, json: bool, explain: bool) -> anyhow::Result<()> {
    let raw = read_article(file)?;
    if corpus::is_binary(&raw[..raw.len().min(corpus::HEAD_BYTES)]) {
        anyhow::bail!(
            "{}: a binary file, not an article (NUL or control bytes); nothing to clean",
            file.display()
        );
    }
    let cleaned = crate::clean::clean(&raw);
    let mut out = io::stdout().lock();
    if explain {
        if cleaned.dropped.is_empty() && io::stdout().is_terminal() {
            writeln!(out, "(nothing dropped)")?;
        }
        for d in &cleaned.dropped {
            let text = String::from_utf8_lossy(&raw[d.raw.range()]);
            writeln!(
                out,
                "{}..{}\t{}\t{}",
                d.raw.start,
                d.raw.end,
                d.rule.name(),
                display::sanitize(&text)
            )?;
        }
    } else if json {
        let doc = CleanJson {
            text: &cleaned.text,
            segments: cleaned.map.segments(),
            dropped: &cleaned.dropped,
            headings: &cleaned.headings,
            tables: crate::table::find_all_tables(&cleaned.text, &cleaned.table_rows)
                .iter()
                .map(|t| {
                    t.lines
                        .iter()
                        .filter(|l| !l.rule)
                        .map(|l| {
                            l.cells
                                .iter()
                                .map(|c| ByteSpan::new(c.start, c.end))
                                .collect()
                        })
                        .collect()
                })
                .collect(),
        };
        serde_json::to_writer(&mut out, &doc)?;
        writeln!(out)?;
    } else if io::stdout().is_terminal() {
        writeln!(out, "{}", display::sanitize_lines(&cleaned.text))?;
    } else {
        writeln!(out, "{}", cleaned.text)?;
    }
    out.flush()?;
    Ok(())
}
