//! The `leadlens` command: the core as a command-line tool, for ops work and for tests without a browser.

use crate::capture::capture_page;
use chrono::Utc;
use clap::{Parser, Subcommand};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "leadlens",
    version,
    about = "Capture contacts from web pages, the same way the Leadlens extension does."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the people and organisation a saved page offers, as JSON (JSON Lines for a directory).
    Extract {
        /// An HTML file, a directory of them, or `-` for standard input.
        input: PathBuf,
        /// The page's address (used for provenance and to resolve links); defaults to the file's path.
        #[arg(long)]
        url: Option<String>,
    },
}

/// Parses the arguments and runs the command.
pub fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("leadlens: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Extract { input, url } => extract(&input, url.as_deref()),
    }
}

fn extract(input: &Path, url: Option<&str>) -> Result<(), String> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut emit = |html: &str, page_url: &str, pretty: bool| -> Result<(), String> {
        let capture = capture_page(html, page_url, Utc::now());
        let json = if pretty { serde_json::to_string_pretty(&capture) } else { serde_json::to_string(&capture) };
        writeln!(out, "{}", json.map_err(|e| e.to_string())?).map_err(|e| format!("cannot write output: {e}"))
    };
    if input == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
        return emit(&String::from_utf8_lossy(&bytes), url.unwrap_or("stdin:"), true);
    }
    if input.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(input)
            .map_err(|e| format!("cannot list {}: {e}", input.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "html" || x == "htm"))
            .collect();
        files.sort();
        for file in files {
            let html = read(&file)?;
            emit(&html, &file_url(&file), false)?;
        }
        return Ok(());
    }
    let html = read(input)?;
    emit(&html, url.map_or_else(|| file_url(input), str::to_string).as_str(), true)
}

/// Pages saved from the web are not always UTF-8: read them lossily rather than refuse them.
fn read(path: &Path) -> Result<String, String> {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn file_url(path: &Path) -> String {
    std::fs::canonicalize(path)
        .ok()
        .and_then(|p| url::Url::from_file_path(p).ok())
        .map_or_else(|| path.display().to_string(), |u| u.to_string())
}
