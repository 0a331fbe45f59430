//! The fuzz targets (`leadlens::fuzzing`) in the test command, on the stable toolchain: each runs
//! on its seeds, then on mutations of them (bit flips, inserted tokens, cut and repeated spans,
//! seeds spliced together) for LEADLENS_FUZZ_SECONDS (default 6) per target. Not coverage-guided:
//! the long runs are cargo-fuzz's (`fuzz/run.sh`, nightly); this keeps every parser honest on
//! each change. A panic fails the test and leaves its input in target/fuzz-short/ to replay.

use leadlens::fuzzing::TARGETS;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where the HTML target finds its seeds: the pages the product is tested on (as `fuzz/run.sh`).
const PAGES: &[&str] = &[
    "demo/site",
    "demo/site/in",
    "tests/fixtures/sites/linkedin.com/in",
    "tests/fixtures/sites/linkedin.com/company",
    "tests/fixtures/sites/x.com",
    "tests/fixtures/sites/github.com",
    "tests/e2e/pages",
];
/// As `-max_len` in `fuzz/run.sh`.
const MAX_LEN: usize = 200_000;
/// Bytes that mean something to one of the parsers.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"\"",
    b"'",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\\",
    b"&#",
    b"&amp;",
    b"\0",
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b"@type",
    b"@graph",
    b"\"Person\"",
    b"itemscope",
    b"h-card",
    b"BEGIN:VCARD\r\n",
    b"END:VCARD",
    b"\r\n ",
    b"\n",
    b";",
    b"\"type\":\"page\"",
    b"1e999",
    b"-0",
    b"99999999999999999999",
    "\u{202e}".as_bytes(),
    "\u{200b}".as_bytes(),
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn files(dir: &Path, html_only: bool) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    paths.retain(|p| !html_only || p.extension().is_some_and(|e| e == "html"));
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = || PAGES.iter().flat_map(|d| files(&root.join(d), true));
    let mut seeds: Vec<Vec<u8>> = if target == "capture_html" {
        pages().collect()
    } else if target == "serialized_html" {
        // The pages as the browser sends them: their serialization.
        let outer =
            |page: Vec<u8>| scraper::Html::parse_document(&String::from_utf8_lossy(&page)).root_element().html();
        pages().map(|page| outer(page).into_bytes()).collect()
    } else {
        files(&root.join("fuzz/seeds").join(target), false)
    };
    seeds.push(Vec::new());
    seeds
}

/// One mutation of `input`, sometimes spliced with `other`.
fn mutate(rng: &mut Lcg, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(256)).min(out.len());
                let span = out[at..end].to_vec();
                for _ in 0..1 + rng.below(8) {
                    out.splice(at..at, span.iter().copied());
                }
            }
            4 => {
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(512)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
            _ => out.insert(at, rng.next() as u8),
        }
    }
    out.truncate(MAX_LEN);
    out
}

/// Runs `target` on `input`; a panic is kept on disk and reported.
fn run(name: &str, target: fn(&[u8]), input: &[u8], n: u64) -> Result<(), String> {
    if catch_unwind(AssertUnwindSafe(|| target(input))).is_ok() {
        return Ok(());
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-short");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{name}-{n}.bin"));
    let _ = std::fs::write(&path, input);
    Err(format!("{name} panicked on input {n}, kept in {}", path.display()))
}

#[test]
fn every_fuzz_target_survives_its_seeds_and_their_mutations() {
    let seconds = std::env::var("LEADLENS_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(6);
    let mut failures = Vec::new();
    for &(name, target) in TARGETS {
        let seeds = seeds(name);
        assert!(seeds.len() > 1, "{name}: no seeds found");
        let mut rng = Lcg(0x5eed ^ name.len() as u64);
        let started = Instant::now();
        let mut n = 0_u64;
        for seed in &seeds {
            failures.extend(run(name, target, seed, n).err());
            n += 1;
        }
        while started.elapsed() < Duration::from_secs(seconds) {
            let (a, b) = (rng.below(seeds.len()), rng.below(seeds.len()));
            let input = mutate(&mut rng, &seeds[a], &seeds[b]);
            failures.extend(run(name, target, &input, n).err());
            n += 1;
        }
        println!("{name}: {n} inputs in {:.1} s ({} seeds)", started.elapsed().as_secs_f64(), seeds.len());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
