//! The `leadlens` command: the core as a command-line tool, for ops work and for tests without a browser.

use crate::capture::{capture_page, capture_with_vcards, Capture, VcardFile, MAX_VCARD_FILES};
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
    let mut emit = |html: &str, page_url: &str, dir: Option<&Path>, pretty: bool| -> Result<(), String> {
        let mut capture = capture_page(html, page_url, Utc::now());
        let vcards = dir.map(|d| saved_vcards(&capture, d)).unwrap_or_default();
        if !vcards.is_empty() {
            capture = capture_with_vcards(html, page_url, &vcards, capture.captured_at);
        }
        let json = if pretty { serde_json::to_string_pretty(&capture) } else { serde_json::to_string(&capture) };
        writeln!(out, "{}", json.map_err(|e| e.to_string())?).map_err(|e| format!("cannot write output: {e}"))
    };
    if input == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
        return emit(&String::from_utf8_lossy(&bytes), url.unwrap_or("stdin:"), None, true);
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
            emit(&html, &file_url(&file), file.parent(), false)?;
        }
        return Ok(());
    }
    let html = read(input)?;
    emit(&html, url.map_or_else(|| file_url(input), str::to_string).as_str(), input.parent(), true)
}

/// The vCard files a saved page links to, saved where the link points relative to the page.
fn saved_vcards(capture: &Capture, dir: &Path) -> Vec<VcardFile> {
    let page_dir =
        url::Url::parse(&capture.url).ok().map(|u| u.path()[..=u.path().rfind('/').unwrap_or(0)].to_string());
    capture
        .vcard_links
        .iter()
        .take(MAX_VCARD_FILES)
        .filter_map(|link| {
            let path = url::Url::parse(link).ok()?.path().to_string();
            let relative = page_dir.as_deref().and_then(|d| path.strip_prefix(d))?;
            if relative.split('/').any(|seg| seg == "..") {
                return None;
            }
            let text = std::fs::read(dir.join(relative)).ok()?;
            Some(VcardFile { url: link.clone(), text: String::from_utf8_lossy(&text).into_owned() })
        })
        .collect()
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
