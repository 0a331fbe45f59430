//! Reading a lead CSV: headers mapped to the lead book's fields, each row turned into the fields
//! the matcher compares. Rows that cannot be read are reported with their line and kept out;
//! every other column is kept as written.

use crate::capture::finish_contact;
use crate::matching::Fields;
use crate::model::{Contact, Extractor, Phone, Sourced};
use crate::normalize::{country_code, Email, SocialProfile};
use std::fmt;

/// The lead book's field names: a header already named so needs no mapping.
pub const FIELD_NAMES: &[&str] = &[
    "first_name",
    "last_name",
    "full_name",
    "title",
    "company",
    "headline",
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
pub enum LeadFileError {
    Unreadable(String),
    NoHeader,
    UnknownColumn { column: String, headers: Vec<String> },
    UnknownField { field: String },
    BadMapping(String),
    TooManyExtras(usize),
    NothingToMatchOn,
}

impl fmt::Display for LeadFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeadFileError::Unreadable(e) => write!(f, "the file is not a readable CSV: {e}"),
            LeadFileError::NoHeader => f.write_str("the file is empty: the first line must name the columns"),
            LeadFileError::UnknownColumn { column, headers } => {
                write!(f, "no column \"{column}\"; the columns are: {}", headers.join(", "))
            }
            LeadFileError::UnknownField { field } => {
                write!(f, "\"{field}\" is not a lead field; use one of: {}", FIELD_NAMES.join(", "))
            }
            LeadFileError::BadMapping(m) => write!(f, "\"{m}\" is not a mapping: write their_header=our_field"),
            LeadFileError::TooManyExtras(n) => write!(f, "{n} extra columns: at most {MAX_EXTRAS} can be compared"),
            LeadFileError::NothingToMatchOn => f.write_str(
                "no column names a person: call one first_name, last_name, full_name, email, phone or linkedin, or map one (--map their_header=our_field)",
            ),
        }
    }
}

impl std::error::Error for LeadFileError {}

/// A row left out, and why (or, in a report, what happened to a row).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

impl Table {
    /// Line numbers of a part of a file made the file's own (see [`split`]).
    pub fn shift_lines(&mut self, by: u64) {
        self.rows.iter_mut().for_each(|r| r.line += by);
        self.bad.iter_mut().for_each(|r| r.line += by);
    }
}

/// Reads a whole CSV; rows of the wrong width or not UTF-8 go to `bad`.
pub fn read_table(mut input: impl std::io::Read) -> Result<Table, LeadFileError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| LeadFileError::Unreadable(e.to_string()))?;
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
        Some(Err(e)) => return Err(LeadFileError::Unreadable(e.to_string())),
        None => return Err(LeadFileError::NoHeader),
    };
    let headers: Vec<String> =
        header.iter().map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_string()).collect();
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

/// Rows per part when a lead file is imported a part at a time.
pub const PART_ROWS: usize = 5_000;

/// A part of a lead file: the header and some of the rows, and how many lines of the file come
/// before its first row that the part leaves out (add them to the part's line numbers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    pub csv: String,
    pub line_offset: u64,
}

/// A lead file cut into parts of at most `rows` rows, each with the header: a large file is
/// imported a part at a time, never whole in one message or in the worker's memory. Cuts fall
/// where the CSV reader starts a record (a quoted line break stays inside its row), and every
/// byte after the header is in exactly one part.
pub fn split(text: &str, rows: usize) -> Vec<FilePart> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut starts = Vec::new();
    loop {
        let at = reader.position().byte() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => starts.push(at),
            // An unreadable row stays in its part, where the import reports it.
            Err(e) if !matches!(e.kind(), csv::ErrorKind::Io(_)) => starts.push(at),
            Err(_) => break,
        }
    }
    // The header's record, then the rows'; a cut only between rows, on a character boundary.
    let cuts: Vec<usize> = starts.iter().skip(1).copied().filter(|&at| text.is_char_boundary(at)).collect();
    if cuts.len() <= rows.max(1) {
        return vec![FilePart { csv: text.to_string(), line_offset: 0 }];
    }
    let header = &text[..cuts[0]];
    let lines = |from: usize, to: usize| text.as_bytes()[from..to].iter().filter(|&&b| b == b'\n').count() as u64;
    let ends = cuts.iter().skip(rows.max(1)).step_by(rows.max(1)).copied().chain([text.len()]);
    cuts.iter()
        .step_by(rows.max(1))
        .zip(ends)
        .map(|(&from, to)| FilePart { csv: format!("{header}{}", &text[from..to]), line_offset: lines(cuts[0], from) })
        .collect()
}

fn canonical(header: &str) -> String {
    header.trim().to_lowercase().replace([' ', '-', '.'], "_")
}

/// Headers CRMs and spreadsheets commonly use for our fields, so most exports need no mapping.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("first_name", &["firstname", "given_name", "first", "prenom", "prénom", "vorname", "nombre"]),
    (
        "last_name",
        &["lastname", "surname", "family_name", "last", "nom", "nom_de_famille", "nachname", "apellido", "apellidos"],
    ),
    ("full_name", &["name", "fullname", "contact_name", "lead_name"]),
    ("title", &["job_title", "jobtitle", "position", "role", "function", "poste", "fonction"]),
    ("headline", &["tagline", "linkedin_headline"]),
    (
        "company",
        &[
            "company_name",
            "organization",
            "organisation",
            "organization_name",
            "account",
            "account_name",
            "employer",
            "entreprise",
            "société",
            "societe",
            "firma",
        ],
    ),
    ("email", &["email_address", "e_mail", "e_mail_address", "mail", "work_email", "business_email", "courriel"]),
    (
        "phone",
        &[
            "phone_number",
            "phone_1",
            "phone1",
            "telephone",
            "telephone_number",
            "mobile_number",
            "cell_phone",
            "tel",
            "mobile",
            "mobile_phone",
            "cell",
            "work_phone",
            "direct_phone",
            "business_phone",
            "téléphone",
            "telefon",
            "telefono",
        ],
    ),
    ("city", &["town", "locality", "suburb", "city_town", "municipality", "ville", "stadt", "ort", "ciudad"]),
    ("region", &["state", "province", "county", "state_province"]),
    ("country", &["country_code", "pays", "land", "país"]),
    (
        "postcode",
        &[
            "zip",
            "zip_code",
            "zipcode",
            "postal_code",
            "postalcode",
            "post_code",
            "zip_postal_code",
            "code_postal",
            "plz",
        ],
    ),
    (
        "address",
        &[
            "street",
            "street_address",
            "address_line_1",
            "address_line1",
            "address_1",
            "address1",
            "street_1",
            "street1",
            "adresse",
            "strasse",
            "straße",
        ],
    ),
    ("linkedin", &["linkedin_url", "linkedin_profile", "linkedin_profile_url", "profile_url"]),
    ("website", &["web_site", "url", "company_website", "domain", "site"]),
];

/// Our field a header names, by its own name or a common synonym.
fn field_for(header: &str) -> Option<&'static str> {
    let name = canonical(header);
    FIELD_NAMES
        .iter()
        .find(|f| **f == name)
        .copied()
        .or_else(|| SYNONYMS.iter().find(|(_, names)| names.contains(&name.as_str())).map(|(f, _)| *f))
}

/// Which columns feed which lead field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Columns {
    by_field: Vec<(String, usize)>,
    extras: Vec<usize>,
}

impl Columns {
    /// Resolves headers: ours by name (any case) or a common synonym ("Surname", "Job Title"), `map` as "their_header=our_field" pairs, and
    /// `extras` as further identifying columns.
    pub fn resolve(headers: &[String], map: &[String], extras: &[String]) -> Result<Columns, LeadFileError> {
        let find = |name: &str| {
            headers
                .iter()
                .position(|h| canonical(h) == canonical(name))
                .ok_or_else(|| LeadFileError::UnknownColumn { column: name.to_string(), headers: headers.to_vec() })
        };
        let mut by_field = Vec::new();
        let mut mapped = Vec::new();
        for m in map.iter().filter(|m| !m.trim().is_empty()) {
            let (theirs, ours) = m.split_once('=').ok_or_else(|| LeadFileError::BadMapping(m.clone()))?;
            let ours = canonical(ours);
            if !FIELD_NAMES.contains(&ours.as_str()) {
                return Err(LeadFileError::UnknownField { field: ours });
            }
            let column = find(theirs)?;
            mapped.push(column);
            by_field.push((ours, column));
        }
        for (i, h) in headers.iter().enumerate() {
            if let Some(field) = field_for(h).filter(|_| !mapped.contains(&i)) {
                by_field.push((field.to_string(), i));
            }
        }
        if extras.len() > MAX_EXTRAS {
            return Err(LeadFileError::TooManyExtras(extras.len()));
        }
        let extras = extras.iter().map(|e| find(e)).collect::<Result<Vec<_>, _>>()?;
        let identifying = ["first_name", "last_name", "full_name", "email", "phone", "linkedin"];
        if extras.is_empty() && !by_field.iter().any(|(f, _)| identifying.contains(&f.as_str())) {
            return Err(LeadFileError::NothingToMatchOn);
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

    /// [`Columns::values`] cleaned as a page's values are (a file is no more trusted than a page):
    /// no control, bidi-override or zero-width character, none without bound.
    fn cleaned<'a>(&'a self, row: &'a Row, field: &'a str) -> impl Iterator<Item = String> + 'a {
        self.values(row, field).filter_map(crate::text::clean)
    }

    /// The row as a captured contact, so an imported lead is normalised, matched and filed as a
    /// page's person is; phone numbers are read as [`Columns::fields`] reads them. Values that
    /// are not what their column says (an email that is no address) are left out, each described.
    pub fn contact(&self, row: &Row, region: Option<&str>) -> (Contact, Vec<String>) {
        let text = |field: &str| self.cleaned(row, field).next().map(|v| Sourced::new(v, Extractor::Csv));
        let mut left_out = Vec::new();
        let mut contact = Contact {
            given_name: text("first_name"),
            family_name: text("last_name"),
            title: text("title"),
            company: text("company"),
            headline: text("headline"),
            ..Contact::default()
        };
        let joined = |fields: &[&str], separator: &str| {
            let parts: Vec<String> = fields.iter().filter_map(|f| self.cleaned(row, f).next()).collect();
            (!parts.is_empty()).then(|| Sourced::new(parts.join(separator), Extractor::Csv))
        };
        contact.name = text("full_name").or_else(|| joined(&["first_name", "last_name"], " "));
        contact.location = joined(&["city", "region", "country"], ", ");
        for raw in self.cleaned(row, "email") {
            match Email::parse_obfuscated(&raw) {
                Ok(email) => contact.emails.push(Sourced::new(email, Extractor::Csv)),
                Err(e) => left_out.push(format!("email \"{raw}\" left out: {e}")),
            }
        }
        contact.phones =
            self.cleaned(row, "phone").map(|p| Sourced::new(Phone::new(p, None), Extractor::Csv)).collect();
        for raw in self.cleaned(row, "linkedin") {
            let url = if raw.contains("://") { raw.clone() } else { format!("https://{raw}") };
            match SocialProfile::parse(&url) {
                Some(profile) => contact.profiles.push(Sourced::new(profile, Extractor::Csv)),
                None => {
                    left_out.push(format!("profile \"{raw}\" left out: not a LinkedIn, X or GitHub profile address"))
                }
            }
        }
        contact.websites = self.cleaned(row, "website").map(|w| Sourced::new(w, Extractor::Csv)).collect();
        let country = country_code(&self.first(row, "country")).or(region);
        finish_contact(&mut contact, country);
        (contact, left_out)
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
            address: self.first(row, "address"),
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
    fn values_from_a_file_are_cleaned_as_a_page_s_are() {
        let headers: Vec<String> = ["name", "email", "linkedin"].iter().map(|s| s.to_string()).collect();
        let cols = Columns::resolve(&headers, &[], &[]).unwrap();
        let long = "x".repeat(5000);
        let row = Row { line: 2, values: vec!["Eve \u{202e}nimdA".into(), "eve\u{200b}moc.live".into(), long.clone()] };
        let (contact, left_out) = cols.contact(&row, None);
        assert_eq!(contact.name.map(|n| n.value).as_deref(), Some("Eve nimdA"));
        assert!(left_out[0].starts_with("email \"evemoc.live\" left out"), "{left_out:?}");
        let kept = &long[..crate::text::MAX_FIELD_CHARS];
        assert!(left_out[1].starts_with(&format!("profile \"{kept}\" left out")), "{left_out:?}");
    }

    #[test]
    fn headers_map_and_bad_rows_are_reported_with_their_line() {
        let csv = "id,First Name,Surname,E-mail,ssn\n1,Jane,Doe,jane@acme.com;jd@gmail.com,123\n2,John\n\n3,J\u{e9}r\u{f4}me,Blanc,,456\n";
        let table = read_table(csv.as_bytes()).unwrap();
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.bad, [BadRow { line: 3, reason: "2 fields where the header has 5".into() }]);
        let cols =
            Columns::resolve(&table.headers, &["Surname=last_name".into(), "E-mail=email".into()], &["ssn".into()])
                .unwrap();
        let (f, _) = cols.fields(&table.rows[0], None);
        assert_eq!((f.first_name.as_str(), f.last_name.as_str()), ("Jane", "Doe"));
        assert_eq!(f.emails, ["jane@acme.com", "jd@gmail.com"]);
        assert_eq!(f.extras, ["123"]);
        assert_eq!(table.rows[1].line, 5);
    }

    #[test]
    fn a_file_split_into_parts_reads_as_the_whole_with_the_file_s_own_line_numbers() {
        let text = "\u{feff}name,email,note\r\nAda,ada@x.test,\"two\nlines\"\r\n\r\nÉmile,e@x.test,é\nonly,two\nBo,bo@x.test,\"a \"\"quote\"\"\"\nCy,cy@x.test,\n\nDee,dee@x.test,last";
        let whole = read_table(text.as_bytes()).unwrap();
        assert_eq!((whole.rows.len(), whole.bad.len()), (5, 1));
        for rows in 1..=7 {
            let parts = split(text, rows);
            let (mut read, mut bad) = (Vec::new(), Vec::new());
            for part in &parts {
                let mut table = read_table(part.csv.as_bytes()).unwrap();
                table.shift_lines(part.line_offset);
                assert_eq!(table.headers, whole.headers);
                read.extend(table.rows);
                bad.extend(table.bad);
            }
            assert_eq!((&read, &bad), (&whole.rows, &whole.bad), "{rows} rows a part: {parts:#?}");
            assert_eq!(parts.len(), 6usize.div_ceil(rows), "{rows} rows a part");
        }
        assert_eq!(split("name\n", 2), [FilePart { csv: "name\n".into(), line_offset: 0 }]);
        assert_eq!(split("", 2).len(), 1);
    }

    #[test]
    fn mistakes_in_the_mapping_say_what_to_do() {
        let headers: Vec<String> = ["id", "nam"].iter().map(|s| s.to_string()).collect();
        assert_eq!(Columns::resolve(&headers, &[], &[]), Err(LeadFileError::NothingToMatchOn));
        assert!(matches!(
            Columns::resolve(&headers, &["nam=surname".into()], &[]),
            Err(LeadFileError::UnknownField { .. })
        ));
        let err = Columns::resolve(&headers, &["name=last_name".into()], &[]).unwrap_err();
        assert_eq!(err.to_string(), "no column \"name\"; the columns are: id, nam");
        assert!(Columns::resolve(&headers, &["nam=last_name".into()], &[]).is_ok());
    }

    #[test]
    fn common_headers_need_no_mapping() {
        let read = |headers: &[&str], values: &[&str]| {
            let headers: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
            let cols = Columns::resolve(&headers, &[], &[]).unwrap();
            cols.fields(&Row { line: 2, values: values.iter().map(|s| s.to_string()).collect() }, None).0
        };
        let f = read(
            &["Prénom", "Nom", "Job Title", "Company Name", "E-mail Address", "Zip Code", "Notes"],
            &["Élise", "Martin", "CEO", "Acme", "elise@acme.fr", "75001", "met at expo"],
        );
        assert_eq!((f.first_name.as_str(), f.last_name.as_str(), f.title.as_str()), ("Élise", "Martin", "CEO"));
        assert_eq!((f.company.as_str(), f.emails[0].as_str(), f.postcode.as_str()), ("Acme", "elise@acme.fr", "75001"));
        // Record-linkage data sets' own headers (Febrl's), leading spaces and all.
        let f = read(
            &["rec_id", " given_name", " surname", " address_1", " suburb", " postcode", " state"],
            &["rec-1-org", "lachlan", "berry", "giblin street", "bittern", "4814", "qld"],
        );
        assert_eq!(
            (f.first_name.as_str(), f.last_name.as_str(), f.address.as_str(), f.city.as_str(), f.postcode.as_str()),
            ("lachlan", "berry", "giblin street", "bittern", "4814")
        );
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
