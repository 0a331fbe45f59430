//! The `leadlens` command: the core as a command-line tool, for ops work and for tests without a browser.

mod book;
mod push;

use crate::capture::{capture, Capture, Markup, Page, VcardFile, MAX_VCARD_FILES};
use crate::normalize::{known_region, parse_name, parse_phone, CompanyName, Email, PersonName, PhoneInfo};
use chrono::Utc;
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::{BufRead, Read, Write};
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
        /// Country (ISO alpha-2) for phone numbers written without one; by default the page's
        /// language, address or domain decides.
        #[arg(long)]
        region: Option<String>,
    },
    /// Normalise raw values, one per line on standard input, into one JSON object per line.
    Normalize {
        #[command(subcommand)]
        kind: Normalize,
    },
    /// Find the rows of a lead CSV that are one person: one JSON object per cluster of two or more.
    Dedupe {
        input: PathBuf,
        #[command(flatten)]
        book: book::BookArgs,
        /// Also write the leads merged, one row per person.
        #[arg(long, value_name = "OUT.csv")]
        merged: Option<PathBuf>,
    },
    /// Match captures (JSON Lines, as `extract` writes them) against a lead CSV.
    Match {
        /// The lead CSV.
        #[arg(long, value_name = "LEADS.csv")]
        book: PathBuf,
        /// Captures, one JSON object per line, or `-` for standard input.
        captures: PathBuf,
        #[command(flatten)]
        args: book::BookArgs,
    },
    /// Send operations (JSON Lines) to a CRM through a resumable outbox.
    Push(push::PushArgs),
}

#[derive(Subcommand)]
enum Normalize {
    /// Phone numbers: E.164 form, validity, type of line, country and extension.
    Phone {
        /// Country assumed for numbers written without a country code: ISO 3166 alpha-2, e.g. US.
        #[arg(long, value_name = "CC", value_parser = parse_region)]
        region: Option<String>,
    },
    /// Email addresses, including obfuscated ones ("jane [at] acme [dot] com").
    Email,
    /// Personal names split into given, middle and family names, honorifics and nickname.
    Name,
    /// Company names with a comparison key that ignores the legal form.
    Company,
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
        Command::Extract { input, url, region } => {
            let region = match region {
                Some(r) => Some(
                    known_region(&r).ok_or_else(|| format!("--region {r}: not a country code such as US, GB or DE"))?,
                ),
                None => None,
            };
            extract(&input, url.as_deref(), region.as_deref())
        }
        Command::Normalize { kind } => normalize(&kind),
        Command::Dedupe { input, book, merged } => book::run_dedupe(&input, &book, merged.as_ref()),
        Command::Match { book, captures, args } => book::run_match(&book, &args, &captures),
        Command::Push(args) => push::push(args),
    }
}

fn extract(input: &Path, url: Option<&str>, region: Option<&str>) -> Result<(), String> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut emit = |html: &str, page_url: &str, dir: Option<&Path>, pretty: bool| -> Result<(), String> {
        let page = Page { html, markup: Markup::Source, url: page_url, vcards: &[], region };
        let mut captured = capture(&page, Utc::now());
        let vcards = dir.map(|d| saved_vcards(&captured, d)).unwrap_or_default();
        if !vcards.is_empty() {
            captured = capture(&Page { vcards: &vcards, ..page }, captured.captured_at);
        }
        let capture = captured;
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

fn parse_region(code: &str) -> Result<String, String> {
    known_region(code).ok_or_else(|| format!("unknown region {code:?}: use an ISO 3166 alpha-2 code such as US or GB"))
}

/// Reads values line by line and answers each, so one bad line never costs the rest of the batch.
/// A line that is not UTF-8 is answered as invalid; only a failing stream stops the run.
fn normalize(kind: &Normalize) -> Result<(), String> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in std::io::stdin().lock().split(b'\n') {
        let bytes = line.map_err(|e| format!("cannot read standard input: {e}"))?;
        let json = normalize_line(kind, &bytes).map_err(|e| e.to_string())?;
        writeln!(out, "{json}").map_err(|e| format!("cannot write output: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write output: {e}"))
}

/// What a line said is not UTF-8 text: shown in place of a value's own error.
const UNREADABLE: &str = "not valid UTF-8 text";

fn normalize_line(kind: &Normalize, bytes: &[u8]) -> serde_json::Result<String> {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let (input, readable) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), true),
        Err(_) => (String::from_utf8_lossy(bytes).into_owned(), false),
    };
    match kind {
        Normalize::Phone { region } => serde_json::to_string(&phone_line(input, readable, region.as_deref())),
        Normalize::Email => serde_json::to_string(&EmailLine::new(input, readable)),
        Normalize::Name => serde_json::to_string(&NameLine::new(input, readable)),
        Normalize::Company => serde_json::to_string(&CompanyLine::new(input, readable)),
    }
}

fn phone_line(input: String, readable: bool, region: Option<&str>) -> PhoneInfo {
    if readable {
        parse_phone(&input, region)
    } else {
        PhoneInfo::unparsed(&input)
    }
}

#[derive(Serialize)]
struct EmailLine {
    input: String,
    email: Option<Email>,
    valid: bool,
    error: Option<String>,
    role: bool,
}

impl EmailLine {
    fn new(input: String, readable: bool) -> EmailLine {
        let parsed =
            if readable { Email::parse_obfuscated(&input).map_err(|e| e.to_string()) } else { Err(UNREADABLE.into()) };
        let role = parsed.as_ref().is_ok_and(Email::is_role);
        let (email, error) = match parsed {
            Ok(email) => (Some(email), None),
            Err(error) => (None, Some(error)),
        };
        EmailLine { input, valid: email.is_some(), email, error, role }
    }
}

#[derive(Serialize)]
struct NameLine {
    input: String,
    valid: bool,
    full: Option<String>,
    #[serde(flatten)]
    name: PersonName,
}

impl NameLine {
    fn new(input: String, readable: bool) -> NameLine {
        let name = parse_name(&input).filter(|_| readable);
        NameLine {
            valid: name.is_some(),
            full: name.as_ref().map(PersonName::full),
            name: name.unwrap_or_default(),
            input,
        }
    }
}

#[derive(Serialize)]
struct CompanyLine {
    input: String,
    valid: bool,
    key: Option<String>,
    display: Option<String>,
}

impl CompanyLine {
    fn new(input: String, readable: bool) -> CompanyLine {
        let company = CompanyName::parse(&input).filter(|_| readable);
        CompanyLine {
            valid: company.is_some(),
            key: company.as_ref().map(|c| c.key.clone()),
            display: company.map(|c| c.display),
            input,
        }
    }
}
