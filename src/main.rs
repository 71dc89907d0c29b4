//! The `claimmark` binary: parse the command line, run it, report errors in one line.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = claimmark::cli::Cli::parse();
    match claimmark::cli::run(cli) {
        Ok(code) => code,
        Err(err) if closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Paths in messages come from the user or the file system: keep them inert.
            let message = format!("{err:#}");
            // A closed stderr is no reason to panic: the exit status still tells.
            let _ = writeln!(
                std::io::stderr(),
                "claimmark: {}",
                claimmark::display::sanitize(&message)
            );
            ExitCode::FAILURE
        }
    }
}

/// `claimmark clean --json FILE | head` closing the pipe early is not an error, whether the
/// write failed directly or inside serde_json.
fn closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == ErrorKind::BrokenPipe)
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(ErrorKind::BrokenPipe))
    })
}
