//! `leadlens dedupe` and `leadlens match`: the matcher on lead CSV files.

use crate::book::csv_import::{read_table, Columns, Row, Table};
use crate::capture::Capture;
use crate::matching::dedupe::dedupe;
use crate::matching::{Decision, Index, Person};
use clap::Args;
use serde_json::json;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// How a lead CSV is read: shared by `dedupe` and `match`.
#[derive(Args, Clone, Debug)]
pub struct BookArgs {
    /// The column whose values name each row in the output; by default `id`, else the line number.
    #[arg(long, value_name = "COLUMN")]
    id_column: Option<String>,
    /// Headers to read as lead fields: their_header=our_field,...
    #[arg(long, value_delimiter = ',', value_name = "MAP")]
    map: Vec<String>,
    /// Further identifying columns, compared as exact or near-exact strings.
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    extra: Vec<String>,
    /// Country (ISO alpha-2) for phone numbers written without one, where the row has no country.
    #[arg(long, value_name = "CC", value_parser = super::parse_region)]
    region: Option<String>,
}

/// A lead CSV read and indexed: slot `i` is `table.rows[i]`.
struct Book {
    table: Table,
    id_col: Option<usize>,
    ids: Vec<String>,
    index: Index,
}

fn open(path: &Path, args: &BookArgs) -> Result<Book, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let table = read_table(std::io::BufReader::new(file)).map_err(|e| format!("{}: {e}", path.display()))?;
    let columns =
        Columns::resolve(&table.headers, &args.map, &args.extra).map_err(|e| format!("{}: {e}", path.display()))?;
    let id_col = match &args.id_column {
        Some(c) => Some(table.headers.iter().position(|h| h == c).ok_or_else(|| {
            format!(
                "{}: no column \"{c}\" for --id-column; the columns are: {}",
                path.display(),
                table.headers.join(", ")
            )
        })?),
        None => table.headers.iter().position(|h| h.eq_ignore_ascii_case("id")),
    };
    let ids = table
        .rows
        .iter()
        .map(|r| id_col.and_then(|c| r.values.get(c).cloned()).unwrap_or_else(|| r.line.to_string()))
        .collect();
    let people = table.rows.iter().map(|r| {
        let (fields, region) = columns.fields(r, args.region.as_deref());
        Person::from_fields(&fields, region.as_deref())
    });
    let index = Index::build(people.collect::<Vec<_>>(), args.extra.clone());
    for bad in &table.bad {
        eprintln!("leadlens: {}: {bad} (row left out)", path.display());
    }
    Ok(Book { table, id_col, ids, index })
}

fn write_line(out: &mut impl Write, value: &serde_json::Value) -> Result<(), String> {
    writeln!(out, "{value}").map_err(|e| format!("cannot write output: {e}"))
}

pub fn run_dedupe(input: &Path, args: &BookArgs, merged: Option<&PathBuf>) -> Result<(), String> {
    let book = open(input, args)?;
    let clusters = dedupe(&book.index);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (n, c) in clusters.iter().enumerate() {
        let ids: Vec<&str> = c.slots.iter().map(|&s| book.ids[s as usize].as_str()).collect();
        let reasons: Vec<String> = c
            .links
            .iter()
            .map(|l| format!("{} ~ {}: {}", book.ids[l.a as usize], book.ids[l.b as usize], l.reasons.join("; ")))
            .collect();
        write_line(&mut out, &json!({ "cluster": n + 1, "ids": ids, "reasons": reasons }))?;
    }
    out.flush().map_err(|e| format!("cannot write output: {e}"))?;
    let rows: usize = clusters.iter().map(|c| c.slots.len()).sum();
    eprintln!(
        "leadlens: {} rows read, {} left out; {} clusters hold {rows} rows",
        book.table.rows.len(),
        book.table.bad.len(),
        clusters.len()
    );
    if let Some(path) = merged {
        let groups: Vec<Vec<usize>> = clusters.iter().map(|c| c.slots.iter().map(|&s| s as usize).collect()).collect();
        write_merged(path, &book, &groups)?;
    }
    Ok(())
}

/// Writes every row once, each cluster as one row: the first row's values, its empty cells
/// filled from the others, and values that disagree listed in `merged_alternatives`, never lost.
fn write_merged(path: &Path, book: &Book, clusters: &[Vec<usize>]) -> Result<(), String> {
    let err = |e: csv::Error| format!("cannot write {}: {e}", path.display());
    let mut w = csv::Writer::from_path(path).map_err(err)?;
    let mut header = book.table.headers.clone();
    header.extend(["merged_ids".to_string(), "merged_alternatives".to_string()]);
    w.write_record(&header).map_err(err)?;
    let mut in_cluster = vec![None; book.table.rows.len()];
    for (n, c) in clusters.iter().enumerate() {
        for &s in c {
            in_cluster[s] = Some(n);
        }
    }
    for (i, row) in book.table.rows.iter().enumerate() {
        let record = match in_cluster[i] {
            None => [row.values.clone(), vec![String::new(), String::new()]].concat(),
            Some(n) if clusters[n][0] == i => merge_rows(book, &clusters[n]),
            Some(_) => continue,
        };
        w.write_record(&record).map_err(err)?;
    }
    w.flush().map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn merge_rows(book: &Book, members: &[usize]) -> Vec<String> {
    let rows: Vec<&Row> = members.iter().map(|&m| &book.table.rows[m]).collect();
    let mut merged = rows[0].values.clone();
    let mut alternatives = Vec::new();
    for (r, row) in rows.iter().enumerate().skip(1) {
        for (c, value) in row.values.iter().enumerate() {
            let value = value.trim();
            if value.is_empty() || Some(c) == book.id_col || merged[c].trim().eq_ignore_ascii_case(value) {
                continue;
            }
            if merged[c].trim().is_empty() {
                merged[c] = value.to_string();
            } else {
                alternatives.push(format!("{}={} ({})", book.table.headers[c], value, book.ids[members[r]]));
            }
        }
    }
    let ids: Vec<&str> = members.iter().map(|&m| book.ids[m].as_str()).collect();
    merged.push(ids.join(";"));
    merged.push(alternatives.join("; "));
    merged
}

pub fn run_match(book_path: &Path, args: &BookArgs, captures: &Path) -> Result<(), String> {
    let book = open(book_path, args)?;
    let reader: Box<dyn BufRead> = if captures == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(captures).map_err(|e| format!("cannot open {}: {e}", captures.display()))?;
        Box::new(std::io::BufReader::new(f))
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| format!("{}: line {}: {e}", captures.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let capture: Capture = match serde_json::from_str(&line) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("leadlens: {}: line {}: not a capture ({e}); skipped", captures.display(), n + 1);
                continue;
            }
        };
        for (i, contact) in capture.contacts.iter().enumerate() {
            let person = Person::from_contact(contact);
            let candidate = |s: &crate::matching::Scored<u32>| json!({ "id": book.ids[s.who as usize], "score": (s.bits * 10.0).round() / 10.0, "reasons": s.reasons() });
            let (outcome, candidates) = match book.index.lookup(&person, &[]) {
                Decision::New => ("new", vec![]),
                Decision::Match(m) => ("match", vec![candidate(&m)]),
                Decision::Possible(list) => ("possible", list.iter().map(candidate).collect()),
            };
            let value = json!({
                "url": capture.url,
                "contact": i,
                "name": contact.display_name(),
                "outcome": outcome,
                "candidates": candidates,
            });
            write_line(&mut out, &value)?;
        }
    }
    out.flush().map_err(|e| format!("cannot write output: {e}"))
}
