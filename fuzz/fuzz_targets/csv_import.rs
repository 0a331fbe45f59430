//! Any bytes as a lead file: read, columns resolved, every row filed into a lead book.
#![no_main]
use leadlens::book::csv_import::{read_table, Columns};
use leadlens::book::LeadBook;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(table) = read_table(data) else { return };
    let Ok(columns) = Columns::resolve(&table.headers, &[], &[]) else { return };
    let mut book = LeadBook::default();
    let now = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default();
    let report = book.import(&table, &columns, Some("US"), "fuzz.csv", now);
    assert!(report.added + report.merged + report.unchanged + report.bad_rows.len() >= table.rows.len());
});
