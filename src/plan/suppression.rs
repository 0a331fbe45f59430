//! Do-not-call and suppression lists: numbers, emails and whole domains no rep may call. Imported
//! from CSV; a lead any of whose numbers, emails or domains is listed is suppressed, checked when
//! a call is planned and again when the call list is shown.

use crate::model::Lead;
use crate::normalize::{parse_phone, Email};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// Largest CSV accepted: national do-not-call extracts for a team run to a few hundred thousand
/// lines, well under this.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SuppressionList {
    /// E.164.
    numbers: BTreeSet<String>,
    emails: BTreeSet<String>,
    /// Lower case, without "www."; also covers subdomains.
    domains: BTreeSet<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Number,
    Email,
    Domain,
}

/// Why a row of an imported list was kept out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BadValue {
    NotRecognised,
    NumberWithoutCountry,
    InvalidNumber,
    InvalidEmail,
    InvalidDomain,
    /// A quote left open.
    Unreadable,
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BadValue::NotRecognised => "neither a phone number, an email nor a domain",
            BadValue::NumberWithoutCountry => "a number without its country code: write it as +33 1 23 45 67 89",
            BadValue::InvalidNumber => "not a valid phone number",
            BadValue::InvalidEmail => "not a valid email address",
            BadValue::InvalidDomain => "not a valid domain (expected like acme.com)",
            BadValue::Unreadable => "the row could not be read (a quote left open)",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SuppressionBadRow {
    /// 1-based line in the file.
    pub line: u64,
    pub value: String,
    pub problem: BadValue,
    /// The problem in words, for the rep.
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub added: usize,
    pub already_listed: usize,
    pub bad_rows: Vec<SuppressionBadRow>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SuppressionImportError {
    TooLarge { bytes: usize },
    NothingFound,
}

impl fmt::Display for SuppressionImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SuppressionImportError::TooLarge { bytes } => write!(
                f,
                "The file is {} MB; the limit is {} MB. Split it and import each part.",
                bytes / (1024 * 1024),
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
            SuppressionImportError::NothingFound => {
                f.write_str("No number, email or domain was found in the file: one value a cell, one row a line.")
            }
        }
    }
}

/// A listed entry that suppresses a lead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppressed(String);

impl fmt::Display for Suppressed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is on the do-not-call list", self.0)
    }
}

fn header_kind(cell: &str) -> Option<Option<Kind>> {
    let key: String = cell.trim().to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    match key.as_str() {
        "phone" | "phonenumber" | "number" | "telephone" | "tel" | "mobile" | "e164" => Some(Some(Kind::Number)),
        "email" | "emailaddress" | "mail" => Some(Some(Kind::Email)),
        "domain" | "website" | "companydomain" | "url" => Some(Some(Kind::Domain)),
        // A column a header names that holds none of ours ("name", "reason"): ignored.
        _ if !key.is_empty() && key.chars().all(char::is_alphabetic) => Some(None),
        _ => None,
    }
}

/// A value's kind from its shape, when no header says: an @ for an email, letters and a dot for a
/// domain, digits for a number ("ext." allowed).
fn shape(cell: &str) -> Option<Kind> {
    let lower = cell.to_lowercase();
    let letters = lower.replace("ext", "").chars().any(char::is_alphabetic);
    if cell.contains('@') {
        Some(Kind::Email)
    } else if letters && cell.contains('.') && !cell.contains(' ') {
        Some(Kind::Domain)
    } else if !letters && cell.chars().any(|c| c.is_ascii_digit()) {
        Some(Kind::Number)
    } else {
        None
    }
}

fn domain(raw: &str) -> Option<String> {
    let raw = raw.trim().trim_start_matches('@');
    let host = match url::Url::parse(raw) {
        Ok(u) if u.has_host() => u.host_str()?.to_string(),
        _ => url::Url::parse(&format!("https://{raw}")).ok()?.host_str()?.to_string(),
    };
    let host = host.trim_start_matches("www.").to_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let ok = labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| tld.chars().any(char::is_alphabetic));
    ok.then_some(host)
}

fn read(kind: Kind, cell: &str, region: Option<&str>) -> Result<String, BadValue> {
    match kind {
        Kind::Email => Email::parse(cell).map(|e| e.as_str().to_string()).ok_or(BadValue::InvalidEmail),
        Kind::Domain => domain(cell).ok_or(BadValue::InvalidDomain),
        Kind::Number => {
            let info = parse_phone(cell, region);
            match info.e164 {
                Some(e164) if info.valid => Ok(e164.as_str().to_string()),
                _ if region.is_none()
                    && !cell.trim_start().starts_with('+')
                    && !cell.trim_start().starts_with("00") =>
                {
                    Err(BadValue::NumberWithoutCountry)
                }
                _ => Err(BadValue::InvalidNumber),
            }
        }
    }
}

impl SuppressionList {
    pub fn len(&self) -> usize {
        self.numbers.len() + self.emails.len() + self.domains.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds the values of a CSV: one value a cell, any columns. With a header row, only the
    /// columns it names as phone, email or domain are read; without one, each cell by its shape.
    /// Numbers without a country code are read in `region` (ISO alpha-2) when given. A row with
    /// a bad value is kept out whole and reported with its line.
    pub fn import_csv(&mut self, csv: &str, region: Option<&str>) -> Result<ImportReport, SuppressionImportError> {
        if csv.len() > MAX_IMPORT_BYTES {
            return Err(SuppressionImportError::TooLarge { bytes: csv.len() });
        }
        let mut report = ImportReport::default();
        let mut columns: Option<Vec<Option<Kind>>> = None;
        let mut found = false;
        let mut first = true;
        // Line by line: none of our values holds a line break, so a quote left open is a broken
        // row, not a licence to swallow the rest of the file; and line numbers stay exact.
        for (i, text) in csv.lines().enumerate() {
            let line = i as u64 + 1;
            if text.trim().is_empty() {
                continue;
            }
            let record = match csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes())
                .records()
                .next()
            {
                Some(Ok(r)) if text.matches('"').count() % 2 == 0 => r,
                _ => {
                    report.bad_rows.push(bad(line, text.chars().take(80).collect(), BadValue::Unreadable));
                    continue;
                }
            };
            let cells: Vec<&str> = record.iter().map(str::trim).collect();
            if std::mem::take(&mut first) {
                let header: Option<Vec<Option<Kind>>> = cells.iter().map(|c| header_kind(c)).collect();
                if let Some(h) = header.filter(|h| h.iter().any(Option::is_some)) {
                    columns = Some(h);
                    continue;
                }
            }
            let mut values = Vec::new();
            let mut problem = None;
            for (col, cell) in cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
                let kind = match &columns {
                    Some(cols) => match cols.get(col).copied().flatten() {
                        Some(k) => k,
                        None => continue,
                    },
                    None => match shape(cell) {
                        Some(k) => k,
                        None => {
                            problem = Some((cell.to_string(), BadValue::NotRecognised));
                            break;
                        }
                    },
                };
                match read(kind, cell, region) {
                    Ok(v) => values.push((kind, v)),
                    Err(p) => {
                        problem = Some((cell.to_string(), p));
                        break;
                    }
                }
            }
            if let Some((value, p)) = problem {
                report.bad_rows.push(bad(line, value, p));
                continue;
            }
            for (kind, value) in values {
                found = true;
                let set = match kind {
                    Kind::Number => &mut self.numbers,
                    Kind::Email => &mut self.emails,
                    Kind::Domain => &mut self.domains,
                };
                if set.insert(value) {
                    report.added += 1;
                } else {
                    report.already_listed += 1;
                }
            }
        }
        if !found && report.bad_rows.is_empty() {
            return Err(SuppressionImportError::NothingFound);
        }
        Ok(report)
    }

    /// Adds one number (E.164), as when a lead asks on a call not to be called again.
    pub fn add_number(&mut self, e164: &str) -> bool {
        self.numbers.insert(e164.to_string())
    }

    /// The first listed entry the lead has, if any.
    pub fn check(&self, lead: &Lead) -> Option<Suppressed> {
        if self.is_empty() {
            return None;
        }
        let number = lead.phones.iter().find_map(|p| {
            let e164 = parse_phone(&p.value, None).e164?;
            self.numbers.contains(e164.as_str()).then(|| e164.as_str().to_string())
        });
        let email = || lead.emails.iter().find(|e| self.emails.contains(&e.value)).map(|e| e.value.clone());
        let listed_domain = |host: &str| {
            let mut d = host;
            loop {
                if self.domains.contains(d) {
                    return Some(d.to_string());
                }
                d = d.split_once('.')?.1;
            }
        };
        let in_domain = || {
            let hosts = lead
                .emails
                .iter()
                .filter_map(|e| e.value.rsplit_once('@').map(|(_, d)| d.to_lowercase()))
                .chain(lead.websites.iter().filter_map(|w| domain(&w.value)));
            hosts.into_iter().find_map(|h| listed_domain(&h))
        };
        number.or_else(email).or_else(in_domain).map(Suppressed)
    }
}

fn bad(line: u64, value: String, problem: BadValue) -> SuppressionBadRow {
    SuppressionBadRow { line, value, problem, message: problem.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_lead;

    #[test]
    fn a_headerless_list_is_read_by_shape_and_bad_rows_are_reported_by_line() {
        let mut list = SuppressionList::default();
        let csv = "+33 4 72 00 00 42\njane@acme.test\nwww.Globex.example\n\n12\nnot an email@\n\"broken\nBob\n";
        let report = list.import_csv(csv, None).unwrap();
        assert_eq!(report.added, 3);
        let bad: Vec<(u64, BadValue)> = report.bad_rows.iter().map(|b| (b.line, b.problem)).collect();
        assert_eq!(
            bad,
            [
                (5, BadValue::NumberWithoutCountry),
                (6, BadValue::InvalidEmail),
                (7, BadValue::Unreadable),
                (8, BadValue::NotRecognised)
            ]
        );
        assert!(report.bad_rows[0].message.contains("country code"));
        assert_eq!(list.len(), 3);
        let again = list.import_csv("+33472000042\n", None).unwrap();
        assert_eq!((again.added, again.already_listed), (0, 1));
    }

    #[test]
    fn a_header_names_the_columns_and_other_columns_are_ignored() {
        let mut list = SuppressionList::default();
        let csv = "name,phone,reason\n=cmd|' /C calc'!A0,(415) 555-0100,asked\nBob,01 23,\n";
        let report = list.import_csv(csv, Some("US")).unwrap();
        assert_eq!(report.added, 1);
        assert_eq!(report.bad_rows.len(), 1);
        assert_eq!((report.bad_rows[0].line, report.bad_rows[0].problem), (3, BadValue::InvalidNumber));
        assert!(list.numbers.contains("+14155550100"));
        assert_eq!(list.import_csv("\n \n", None), Err(SuppressionImportError::NothingFound));
        let words = list.import_csv("name,reason\nBob,asked\n", None).unwrap();
        assert_eq!(
            words.bad_rows.iter().map(|b| (b.line, b.problem)).collect::<Vec<_>>(),
            [(1, BadValue::NotRecognised), (2, BadValue::NotRecognised)]
        );
        let huge = "1".repeat(MAX_IMPORT_BYTES + 1);
        assert!(matches!(list.import_csv(&huge, None), Err(SuppressionImportError::TooLarge { .. })));
    }

    #[test]
    fn a_lead_is_suppressed_by_number_email_or_domain_and_subdomain() {
        let lead = test_lead(
            r#"{"@type":"Person","name":"Ann Lee","email":"ann@eu.acme.test","telephone":"+33 4 72 00 00 42","url":"https://www.acme.test/ann"}"#,
        );
        let suppressed = |csv: &str| {
            let mut list = SuppressionList::default();
            list.import_csv(csv, None).unwrap();
            list.check(&lead).map(|s| s.to_string())
        };
        assert_eq!(suppressed("+33472000042").as_deref(), Some("+33472000042 is on the do-not-call list"));
        assert_eq!(suppressed("ANN@eu.acme.test").as_deref(), Some("ann@eu.acme.test is on the do-not-call list"));
        assert_eq!(suppressed("acme.test").as_deref(), Some("acme.test is on the do-not-call list"));
        assert_eq!(suppressed("other.test\n+33472000043\nbob@acme.test"), None);
        assert_eq!(SuppressionList::default().check(&lead), None);
    }
}
