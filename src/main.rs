//! The `claimmark` binary: parse the command line, run it, report errors in one line.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = claimmark::cli::Cli::parse();
    match claimmark::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // `claimmark list | head` closing the pipe early is not an error.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            // Paths in messages come from the user or the file system: keep them inert.
            let message = format!("{err:#}");
            eprintln!("claimmark: {}", claimmark::display::sanitize(&message));
            ExitCode::FAILURE
        }
    }
}
