//! Matching speed and memory at a million leads, natively: `cargo bench --bench matching`.
//! `BENCH_LEADS=100000` for a quick run; `BENCH_DEDUPE_ROWS` sizes the dedupe run (100 000).
//!
//! One-shot figures (a build of a million leads takes seconds), so no criterion: each stage is
//! timed once, lookups one by one for their percentiles. The machine is shared: the load average
//! is printed before and after, and figures are worth comparing only at a similar load.

use leadlens::matching::dedupe::dedupe;
use leadlens::matching::{Decision, Index, Person};
use leadlens::synth::{distinct_leads, lead_book, noisy_queries};
use std::process::Command;
use std::time::{Duration, Instant};

const SEED: u64 = 42;
const QUERIES: usize = 10_000;
/// One query in this many is of someone not in the book, whose right answer is "new".
const ABSENT_SHARE: usize = 10;
/// Persons in `lead_book` write 2.57 rows each on average.
const ROWS_PER_PERSON: f64 = 2.57;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split(' ').take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// This thread's CPU time: on a machine shared with others, what a lookup costs without the time
/// it waited for a core (which a wall clock adds in scheduler slices of milliseconds).
#[allow(unsafe_code)]
fn cpu_time() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec it is handed.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// p50, p99, max and mean of `times`, which it sorts.
fn summary(times: &mut [Duration]) -> String {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
    format!("p50 {}, p99 {}, max {}, mean {}", us(at(0.5)), us(at(0.99)), us(times[times.len() - 1]), us(mean))
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument has nothing to select here. Without it
    // (`cargo test --all-targets`, unoptimised) a small book proves the harness still runs.
    let full = std::env::args().any(|a| a == "--bench");
    let n = env("BENCH_LEADS", if full { 1_000_000 } else { 2_000 });
    let dedupe_rows = env("BENCH_DEDUPE_ROWS", if full { 100_000 } else { 2_000 });
    println!("load average before: {}", load());

    let t = Instant::now();
    let index = Index::build(distinct_leads(n, SEED).map(|f| Person::from_fields(&f, None)), vec![]);
    let built = t.elapsed();
    let bytes = index.heap_bytes();
    println!("build {n} leads (fold, keys, sort, learn): {}", ms(built));
    println!("index memory: {:.1} MB, {:.1} bytes per lead", bytes as f64 / 1e6, bytes as f64 / n as f64);

    snapshot(&index);
    lookups(&index, n);
    dedupe_run(dedupe_rows);
    println!("load average after: {}", load());
}

fn snapshot(index: &Index) {
    let t = Instant::now();
    let bytes = index.to_bytes();
    let saved = t.elapsed();
    let mut loads: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            let loaded = Index::from_bytes(&bytes);
            let took = t.elapsed();
            assert!(loaded.is_ok(), "snapshot does not load: {:?}", loaded.err());
            took
        })
        .collect();
    loads.sort();
    println!(
        "snapshot: {:.1} MB ({:.1} bytes per lead), saved in {}, loaded in {} (median of 3)",
        bytes.len() as f64 / 1e6,
        bytes.len() as f64 / index.len() as f64,
        ms(saved),
        ms(loads[1])
    );
}

fn lookups(index: &Index, n: usize) {
    let every = (n / QUERIES).max(1);
    // Ids past `n` are no lead: a tenth of the queries should come back "new".
    let queries = noisy_queries(n + n / ABSENT_SHARE, SEED, every);
    let people: Vec<(usize, Person)> = queries.iter().map(|(id, f)| (*id, Person::from_fields(f, None))).collect();
    let (mut wall, mut cpu) = (Vec::with_capacity(people.len()), Vec::with_capacity(people.len()));
    let (mut right, mut wrong, mut asked, mut present) = (0, 0, 0, 0);
    for (id, q) in &people {
        let (t, c) = (Instant::now(), cpu_time());
        let d = index.lookup(q, &[]);
        cpu.push(cpu_time() - c);
        wall.push(t.elapsed());
        let expected = (*id < n).then_some(*id as u32);
        present += usize::from(expected.is_some());
        match d {
            Decision::Match(m) if Some(m.who) == expected => right += 1,
            Decision::Match(_) => wrong += 1,
            Decision::Possible(_) => asked += 1,
            Decision::New => {}
        }
    }
    println!("lookup ({} noisy queries, {present} of leads in the book)", wall.len());
    println!("  wall clock: {}", summary(&mut wall));
    println!("  CPU time:   {}", summary(&mut cpu));
    println!(
        "lookup outcomes: {right} right matches, {wrong} wrong, {asked} asked the rep; precision {:.4}, recall {:.4}",
        right as f64 / (right + wrong).max(1) as f64,
        right as f64 / present.max(1) as f64
    );
}

fn dedupe_run(rows_wanted: usize) {
    let rows = lead_book((rows_wanted as f64 / ROWS_PER_PERSON) as usize, SEED);
    let t = Instant::now();
    let index = Index::build(rows.iter().map(|r| Person::from_fields(&r.fields, None)), vec![]);
    let built = t.elapsed();
    let t = Instant::now();
    let clusters = dedupe(&index);
    let deduped = t.elapsed();
    let total = built + deduped;
    println!(
        "dedupe {} rows in process: build {}, dedupe {}, {} clusters; {:.0} rows/s",
        rows.len(),
        ms(built),
        ms(deduped),
        clusters.len(),
        rows.len() as f64 / total.as_secs_f64()
    );
    cli_dedupe(&rows);
}

/// The same rows through `leadlens dedupe` on a CSV file: reading, folding, output included.
fn cli_dedupe(rows: &[leadlens::synth::BookRow]) {
    let dir = std::env::temp_dir().join(format!("leadlens-bench-{}", std::process::id()));
    let csv = dir.join("leads.csv");
    if let Err(e) = std::fs::create_dir_all(&dir).map_err(|e| e.to_string()).and_then(|()| write_csv(&csv, rows)) {
        println!("dedupe via the CLI: skipped ({e})");
        return;
    }
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_leadlens")).arg("dedupe").arg(&csv).output();
    let took = t.elapsed();
    match out {
        Ok(o) if o.status.success() => println!(
            "dedupe {} rows via `leadlens dedupe leads.csv`: {}, {:.0} rows/s, {} clusters",
            rows.len(),
            ms(took),
            rows.len() as f64 / took.as_secs_f64(),
            o.stdout.iter().filter(|&&b| b == b'\n').count()
        ),
        Ok(o) => println!("dedupe via the CLI failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => println!("dedupe via the CLI: cannot run leadlens: {e}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn write_csv(path: &std::path::Path, rows: &[leadlens::synth::BookRow]) -> Result<(), String> {
    let mut w = csv::Writer::from_path(path).map_err(|e| e.to_string())?;
    let header =
        ["id", "first_name", "last_name", "full_name", "title", "company", "email", "phone", "city", "linkedin"];
    w.write_record(header).map_err(|e| e.to_string())?;
    let first = |v: &[String]| v.first().cloned().unwrap_or_default();
    for (i, r) in rows.iter().enumerate() {
        let f = &r.fields;
        w.write_record([
            i.to_string(),
            f.first_name.clone(),
            f.last_name.clone(),
            f.full_name.clone(),
            f.title.clone(),
            f.company.clone(),
            first(&f.emails),
            first(&f.phones),
            f.city.clone(),
            first(&f.profiles),
        ])
        .map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}
