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
}

/// Runs what the command line asked for.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => {
            let corpus = corpus::open(&resolve(cli.path)?)?;
            crate::tui::run(corpus)?;
        }
        Some(Command::List { path, json }) => list(&resolve(path)?, json)?,
        Some(Command::Clean {
            file,
            json,
            explain,
        }) => clean(&file, json, explain)?,
    }
    Ok(ExitCode::SUCCESS)
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
    let meta = std::fs::metadata(file).map_err(|e| corpus::CorpusError::from_io(file, e))?;
    if meta.is_dir() {
        anyhow::bail!(
            "{}: is a directory (clean takes one article)",
            file.display()
        );
    }
    if !meta.is_file() {
        return Err(corpus::CorpusError::NotRegular(file.to_path_buf()).into());
    }
    let raw = std::fs::read(file).map_err(|e| corpus::CorpusError::from_io(file, e))?;
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
