//! Reading a lead CSV: headers mapped to the lead book's fields, each row turned into the fields
//! the matcher compares. Rows that cannot be read are reported with their line and kept out;
//! every other column is kept as written.

use crate::matching::Fields;
use crate::normalize::country_code;
use std::fmt;

/// The lead book's field names: a header already named so needs no mapping.
pub const FIELD_NAMES: &[&str] = &[
    "first_name",
    "last_name",
    "full_name",
    "title",
    "company",
    "email",
    "phone",
    "city",
    "region",
    "country",
    "postcode",
    "address",
    "linkedin",
    "website",
];

/// Most `--extra` columns, as the matcher compares them.
pub const MAX_EXTRAS: usize = crate::matching::compare::MAX_EXTRAS;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    Unreadable(String),
    NoHeader,
    UnknownColumn { column: String, headers: Vec<String> },
    UnknownField { field: String },
    BadMapping(String),
    TooManyExtras(usize),
    NothingToMatchOn,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Unreadable(e) => write!(f, "the file is not a readable CSV: {e}"),
            ImportError::NoHeader => f.write_str("the file is empty: the first line must name the columns"),
            ImportError::UnknownColumn { column, headers } => {
                write!(f, "no column \"{column}\"; the columns are: {}", headers.join(", "))
            }
            ImportError::UnknownField { field } => {
                write!(f, "\"{field}\" is not a lead field; use one of: {}", FIELD_NAMES.join(", "))
            }
            ImportError::BadMapping(m) => write!(f, "\"{m}\" is not a mapping: write their_header=our_field"),
            ImportError::TooManyExtras(n) => write!(f, "{n} extra columns: at most {MAX_EXTRAS} can be compared"),
            ImportError::NothingToMatchOn => f.write_str(
                "no column names a person: map at least a name, email, phone or profile column (--map their_header=our_field)",
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// A row left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for BadRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Line in the file where the row starts (1 is the header).
    pub line: u64,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    pub bad: Vec<BadRow>,
}

/// Reads a whole CSV; rows of the wrong width or not UTF-8 go to `bad`.
pub fn read_table(mut input: impl std::io::Read) -> Result<Table, ImportError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| ImportError::Unreadable(e.to_string()))?;
    // Line numbers counted here: the csv crate does not count the blank lines it skips.
    let mut counted = (0usize, 1u64);
    let mut line_at = |byte: u64| {
        let mut byte = (byte as usize).min(bytes.len());
        // A record's position may be that of the blank lines skipped before it.
        while bytes.get(byte).is_some_and(|b| *b == b'\n' || *b == b'\r') {
            byte += 1;
        }
        if byte >= counted.0 {
            counted.1 += bytes[counted.0..byte].iter().filter(|&&b| b == b'\n').count() as u64;
            counted.0 = byte;
        }
        counted.1
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(bytes.as_slice());
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(ImportError::Unreadable(e.to_string())),
        None => return Err(ImportError::NoHeader),
    };
    let headers: Vec<String> = header.iter().map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_string()).collect();
    let mut table = Table { headers, ..Table::default() };
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                table.bad.push(BadRow { line, reason: format!("unreadable: {e}") });
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        if record.len() == 1 && record.get(0).is_some_and(|v| v.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line
        }
        if record.len() != table.headers.len() {
            let reason = format!("{} fields where the header has {}", record.len(), table.headers.len());
            table.bad.push(BadRow { line, reason });
            continue;
        }
        match record.iter().map(|v| std::str::from_utf8(v).map(str::to_string)).collect::<Result<Vec<_>, _>>() {
            Ok(values) => table.rows.push(Row { line, values }),
            Err(_) => table.bad.push(BadRow { line, reason: "not UTF-8 text; save the file as UTF-8".into() }),
        }
    }
    Ok(table)
}

fn canonical(header: &str) -> String {
    header.trim().to_lowercase().replace([' ', '-'], "_")
}

/// Which columns feed which lead field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Columns {
    by_field: Vec<(String, usize)>,
    extras: Vec<usize>,
}

impl Columns {
    /// Resolves headers: ours by name (any case), `map` as "their_header=our_field" pairs, and
    /// `extras` as further identifying columns.
    pub fn resolve(headers: &[String], map: &[String], extras: &[String]) -> Result<Columns, ImportError> {
        let find = |name: &str| {
            headers.iter().position(|h| canonical(h) == canonical(name)).ok_or_else(|| ImportError::UnknownColumn {
                column: name.to_string(),
                headers: headers.to_vec(),
            })
        };
        let mut by_field = Vec::new();
        let mut mapped = Vec::new();
        for m in map.iter().filter(|m| !m.trim().is_empty()) {
            let (theirs, ours) = m.split_once('=').ok_or_else(|| ImportError::BadMapping(m.clone()))?;
            let ours = canonical(ours);
            if !FIELD_NAMES.contains(&ours.as_str()) {
                return Err(ImportError::UnknownField { field: ours });
            }
            let column = find(theirs)?;
            mapped.push(column);
            by_field.push((ours, column));
        }
        for (i, h) in headers.iter().enumerate() {
            let name = canonical(h);
            if !mapped.contains(&i) && FIELD_NAMES.contains(&name.as_str()) {
                by_field.push((name, i));
            }
        }
        if extras.len() > MAX_EXTRAS {
            return Err(ImportError::TooManyExtras(extras.len()));
        }
        let extras = extras.iter().map(|e| find(e)).collect::<Result<Vec<_>, _>>()?;
        let identifying = ["first_name", "last_name", "full_name", "email", "phone", "linkedin"];
        if extras.is_empty() && !by_field.iter().any(|(f, _)| identifying.contains(&f.as_str())) {
            return Err(ImportError::NothingToMatchOn);
        }
        Ok(Columns { by_field, extras })
    }

    /// All values of one lead field in a row (several columns may feed it; a cell may hold
    /// several values separated by ";" or "|").
    pub fn values<'a>(&'a self, row: &'a Row, field: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.by_field
            .iter()
            .filter(move |(f, _)| f == field)
            .filter_map(move |(_, c)| row.values.get(*c))
            .flat_map(|v| v.split([';', '|']))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    pub fn first(&self, row: &Row, field: &str) -> String {
        self.values(row, field).next().unwrap_or_default().to_string()
    }

    /// The row as the matcher reads it. Phone numbers written without a country code are read in
    /// the row's country, else in `region`.
    pub fn fields(&self, row: &Row, region: Option<&str>) -> (Fields, Option<String>) {
        let all = |f: &str| self.values(row, f).map(str::to_string).collect::<Vec<_>>();
        let country = country_code(&self.first(row, "country")).map(str::to_string).or(region.map(str::to_string));
        let fields = Fields {
            first_name: self.first(row, "first_name"),
            last_name: self.first(row, "last_name"),
            full_name: self.first(row, "full_name"),
            title: self.first(row, "title"),
            company: self.first(row, "company"),
            emails: all("email"),
            phones: all("phone"),
            city: self.first(row, "city"),
            postcode: self.first(row, "postcode"),
            profiles: all("linkedin"),
            website: self.first(row, "website"),
            extras: self.extras.iter().map(|&c| row.values.get(c).cloned().unwrap_or_default()).collect(),
        };
        (fields, country)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_and_bad_rows_are_reported_with_their_line() {
        let csv = "id,First Name,Surname,E-mail,ssn\n1,Jane,Doe,jane@acme.com;jd@gmail.com,123\n2,John\n\n3,J\u{e9}r\u{f4}me,Blanc,,456\n";
        let table = read_table(csv.as_bytes()).unwrap();
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.bad, [BadRow { line: 3, reason: "2 fields where the header has 5".into() }]);
        let cols = Columns::resolve(&table.headers, &["Surname=last_name".into(), "E-mail=email".into()], &["ssn".into()])
            .unwrap();
        let (f, _) = cols.fields(&table.rows[0], None);
        assert_eq!((f.first_name.as_str(), f.last_name.as_str()), ("Jane", "Doe"));
        assert_eq!(f.emails, ["jane@acme.com", "jd@gmail.com"]);
        assert_eq!(f.extras, ["123"]);
        assert_eq!(table.rows[1].line, 5);
    }

    #[test]
    fn mistakes_in_the_mapping_say_what_to_do() {
        let headers: Vec<String> = ["id", "nom"].iter().map(|s| s.to_string()).collect();
        assert_eq!(Columns::resolve(&headers, &[], &[]), Err(ImportError::NothingToMatchOn));
        assert!(matches!(Columns::resolve(&headers, &["nom=surname".into()], &[]), Err(ImportError::UnknownField { .. })));
        let err = Columns::resolve(&headers, &["name=last_name".into()], &[]).unwrap_err();
        assert_eq!(err.to_string(), "no column \"name\"; the columns are: id, nom");
        assert!(Columns::resolve(&headers, &["nom=last_name".into()], &[]).is_ok());
    }

    #[test]
    fn text_that_is_not_utf8_is_a_bad_row_not_a_failure() {
        let mut csv = b"email\njane@acme.com\n".to_vec();
        csv.extend_from_slice(b"j\xffn@acme.com\n");
        let table = read_table(csv.as_slice()).unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.bad[0].line, 3);
    }
}
