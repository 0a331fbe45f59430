//! Phone numbers: parsed against libphonenumber's metadata (the `phonenumber` crate) into E.164, with
//! the kind of line, the country and any extension, so that "+1 (415) 555-0100" and
//! "tel:+14155550100" found on two pages are the same number.

use icu_normalizer::ComposingNormalizerBorrowed;
use phonenumber::country::Id;
use phonenumber::metadata::{Descriptor, Metadata, DATABASE};
use phonenumber::PhoneNumber;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Longest input we hand to the parser, in characters. A number with a long extension and
/// generous punctuation stays well under this; anything longer is text, not a phone number, and
/// keeping the parser's regexes away from it bounds the work one page value can cause.
const MAX_PHONE_CHARS: usize = 64;

/// Fewest digits a dialable number has (libphonenumber's shortest national number is 2 digits, plus
/// at least one more for a country code or area code when there is no default region).
const MIN_DIGITS: usize = 3;

/// A valid number in E.164 form, e.g. `+14155550100`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PhoneE164(String);

impl PhoneE164 {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneE164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of line a number is, as libphonenumber classifies it from its prefix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    Mobile,
    FixedLine,
    /// The country does not distinguish (the US and Canada, among others).
    FixedLineOrMobile,
    TollFree,
    PremiumRate,
    SharedCost,
    Voip,
    PersonalNumber,
    Pager,
    Uan,
    Voicemail,
    #[default]
    Unknown,
}

/// Everything we learn from one raw phone value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneInfo {
    pub input: String,
    /// `None` unless the number is valid: an invalid number has no trustworthy canonical form.
    pub e164: Option<PhoneE164>,
    /// The number exists in the numbering plan (right length and prefix for its country).
    pub valid: bool,
    /// The number has a plausible length for its country, valid or not.
    pub possible: bool,
    #[serde(rename = "type")]
    pub kind: PhoneKind,
    /// ISO 3166 alpha-2 code of the number's country, when known.
    pub region: Option<String>,
    /// Digits of the extension ("ext. 12", "x12", "#12", ";ext=12").
    pub extension: Option<String>,
}

impl PhoneInfo {
    /// What is known of a value that could not be read as a number: nothing but the value.
    pub fn unparsed(input: &str) -> PhoneInfo {
        PhoneInfo {
            input: input.to_string(),
            e164: None,
            valid: false,
            possible: false,
            kind: PhoneKind::Unknown,
            region: None,
            extension: None,
        }
    }
}

/// Parses `raw` as a phone number; `default_region` (ISO alpha-2, any case) is where a number
/// written without a country code is assumed to be. Never panics: what is not a number comes back
/// with `valid: false`.
pub fn parse_phone(raw: &str, default_region: Option<&str>) -> PhoneInfo {
    let region = default_region.and_then(region_id);
    let Some(cleaned) = prepare(raw) else {
        return PhoneInfo::unparsed(raw);
    };
    // A number written with its country code ("+33 1 …") owes nothing to the default region, and
    // the parser would strip that region's trunk prefix from it: "+33 1 23 45 67 89" read on a US
    // page lost its "1" and was refused; "+61 1300 975 707" became another number.
    let international = cleaned.starts_with('+');
    let region = if international { None } else { region };
    let parse = |written: &str| phonenumber::parse(region, written).ok().map(|n| Read::new(n, written));
    let mut number = parse(&cleaned);
    // "00 44 …" is the international prefix of most of the world, but not of the default region
    // (the US dials 011), or there is no default region at all: read it as "+44 …".
    if !number.as_ref().is_some_and(Read::is_valid) {
        if let Some(rest) = cleaned.strip_prefix("00").filter(|r| !r.starts_with('0')) {
            let plus = parse(&format!("+{rest}"));
            if plus.as_ref().is_some_and(Read::is_valid) || number.is_none() {
                number = plus;
            }
        }
    }
    // "011 800 1234 5678": the default region's own international prefix (011 from North
    // America, 0011 from Australia, 010 from Japan…), before a country code the parser did not
    // take, such as the non-geographic +800, +808 and +870.
    if !number.as_ref().is_some_and(Read::is_valid) {
        let region = default_region.and_then(known_region);
        if let Some(plus) = region.and_then(|r| after_international_prefix(&cleaned, &r)) {
            let plus = parse(&plus);
            if plus.as_ref().is_some_and(Read::is_valid) {
                number = plus;
            }
        }
    }
    number.map_or_else(|| PhoneInfo::unparsed(raw), |n| describe(raw, &n))
}

/// `+` and what follows the region's international dialling prefix, if the number starts with it.
fn after_international_prefix(number: &str, region: &str) -> Option<String> {
    let prefix = DATABASE.by_id(region)?.international_prefix()?;
    let (digits, extension) = split_extension(number);
    let found = prefix.find(&digits).filter(|m| m.start() == 0 && m.end() < digits.len())?;
    Some(format!("+{} {extension}", &digits[found.end()..]))
}

/// The digits of a written number before its extension, and the extension as written (from its
/// first letter, pause or `#`).
fn split_extension(written: &str) -> (String, &str) {
    let at = written.find(|c: char| c.is_alphabetic() || ",;#*".contains(c)).unwrap_or(written.len());
    (written[..at].chars().filter(char::is_ascii_digit).collect(), &written[at..])
}

/// Trims, checks the input is worth parsing, and rewrites the notations the parser misreads.
fn prepare(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_PHONE_CHARS || raw.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return None;
    }
    let s = ascii_digits(raw);
    let s = s.trim();
    if s.chars().filter(char::is_ascii_digit).count() < MIN_DIGITS {
        return None;
    }
    let s = match s.get(..4) {
        Some(scheme) if scheme.eq_ignore_ascii_case("tel:") => tel_uri(&s[4..]),
        _ => with_extension_marked(s),
    };
    // "+44 (0)20 …": the (0) is the trunk prefix dialled only from inside the country; after a
    // country code it must go, or the number gets one digit too many.
    let international = s.starts_with('+') || s.starts_with("00");
    Some(if international { s.replacen("(0)", "", 1) } else { s })
}

/// An RFC 3966 `tel:` URI's number, written out: a local number is put after its
/// `phone-context` when that is a global number's digits (`tel:863-1234;phone-context=+1-914-555`),
/// and an `ext` parameter becomes the extension. A domain as context says nothing of the digits.
fn tel_uri(uri: &str) -> String {
    let uri = uri.replace("%20", "");
    let mut parts = uri.split(';');
    let number = parts.next().unwrap_or_default().trim();
    let (mut context, mut extension) = (None, None);
    for param in parts {
        match param.split_once('=') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("phone-context") => context = Some(value.trim()),
            Some((name, value)) if name.trim().eq_ignore_ascii_case("ext") => extension = Some(value.trim()),
            _ => {}
        }
    }
    let mut out = match context.filter(|c| c.starts_with('+') && !number.starts_with('+')) {
        Some(context) => format!("{context}{number}"),
        None => number.to_string(),
    };
    if let Some(extension) = extension.filter(|e| !e.is_empty()) {
        out.push_str(" ext. ");
        out.push_str(extension);
    }
    out
}

/// The extension written as the parser reads it ("ext. 89"), when it follows the number after a
/// word in one of the lexicon's languages ("Durchwahl 89", "poste 12") or a dialler's pause or
/// wait ("p123", "w123"; libphonenumber reads ",," and ";" itself).
fn with_extension_marked(s: &str) -> String {
    // A word before the first digit is a label ("Durchwahl: +49 …"), not an extension's.
    let Some(first_digit) = s.find(|c: char| c.is_ascii_digit()) else { return s.to_string() };
    let words = crate::lexicon::words(crate::lexicon::Section::PhoneExtension);
    let word_starts = s
        .char_indices()
        .filter(|&(i, c)| i > first_digit && c.is_alphabetic() && !s[..i].ends_with(char::is_alphabetic));
    for (start, _) in word_starts {
        let end = s[start..].find(|c: char| !c.is_alphabetic()).map_or(s.len(), |e| start + e);
        let word = s[start..end].to_lowercase();
        let rest = s[end..].trim_start_matches(['.', ':', ' ']);
        let pause = word == "p" || word == "w";
        if rest.starts_with(|c: char| c.is_ascii_digit()) && (pause || words.contains(word.as_str())) {
            return format!("{} ext. {rest}", s[..start].trim_end());
        }
    }
    s.to_string()
}

/// Full-width forms ("０３－１２３４", as Japanese and Chinese pages write numbers) and Arabic-Indic
/// digits, which the parser does not read, as ASCII.
fn ascii_digits(s: &str) -> String {
    let compatible = ComposingNormalizerBorrowed::new_nfkc().normalize(s);
    let arabic = |c: char, zero: char| char::from_digit(u32::from(c) - u32::from(zero), 10);
    compatible
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => arabic(c, '\u{0660}').unwrap_or(c),
            '\u{06F0}'..='\u{06F9}' => arabic(c, '\u{06F0}').unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A parsed number: the crate's reading, with the national number as written after an
/// international "+code" (the crate strips the national trunk prefix from those too, so
/// "+7 800 123-45-67" lost its "8" and was refused where libphonenumber reads Russian freephone).
struct Read {
    number: PhoneNumber,
    national: String,
}

impl Read {
    fn new(number: PhoneNumber, written: &str) -> Read {
        let mut national = number.national().to_string();
        if let Some(rest) = written.strip_prefix('+') {
            let (digits, _) = split_extension(rest);
            let as_written = digits.strip_prefix(&number.code().value().to_string()).unwrap_or_default();
            if as_written.len() > national.len() && as_written.ends_with(&national) {
                national = as_written.to_string();
            }
        }
        Read { number, national }
    }

    fn metadata(&self) -> Option<&'static Metadata> {
        metadata_for(self.number.code().value(), &self.national)
    }

    /// libphonenumber's `isValidNumber`: the number's region (as [`metadata_for`] finds it) has
    /// a type of line it matches.
    fn is_valid(&self) -> bool {
        self.metadata().is_some_and(|m| classify(m, &self.national) != PhoneKind::Unknown)
    }
}

fn describe(raw: &str, read: &Read) -> PhoneInfo {
    let (n, national) = (&read.number, &read.national);
    let valid = read.is_valid();
    let meta = read.metadata();
    PhoneInfo {
        input: raw.to_string(),
        e164: valid.then(|| PhoneE164(format!("+{}{national}", n.code().value()))),
        valid,
        possible: meta.is_some_and(|m| is_possible(m, national)),
        kind: meta.filter(|_| valid).map_or(PhoneKind::Unknown, |m| classify(m, national)),
        region: meta.map(Metadata::id).filter(|id| *id != NON_GEOGRAPHIC).map(str::to_string),
        extension: n
            .extension()
            .map(|e| e.chars().filter(char::is_ascii_digit).collect())
            .filter(|e: &String| !e.is_empty()),
    }
}

/// libphonenumber's region id for numbers of no country (+800 freephone, +882 networks).
const NON_GEOGRAPHIC: &str = "001";

/// The metadata of the region a number belongs to, as libphonenumber's `getRegionCodeForNumber`
/// picks it among the regions sharing a country code. The crate has this (`PhoneNumber::metadata`)
/// but looks at the national number without its leading zeros, so every Italian landline (+39 06…)
/// came back with no region and an unknown type although valid; this looks at the whole number.
fn metadata_for(code: u16, national: &str) -> Option<&'static Metadata> {
    let regions = DATABASE.region(&code)?;
    match regions.as_slice() {
        // Non-geographic codes all share the id "001": only the code tells their metadata apart.
        [NON_GEOGRAPHIC] => return DATABASE.by_code(&code)?.into_iter().next(),
        [only] => return DATABASE.by_id(*only),
        _ => {}
    }
    regions.into_iter().filter_map(|r| DATABASE.by_id(r)).find(|meta| match meta.leading_digits() {
        Some(pattern) => pattern.find(national).is_some_and(|m| m.start() == 0),
        None => classify(meta, national) != PhoneKind::Unknown,
    })
}

/// The kind of line, in libphonenumber's order of precedence: special rates and services first,
/// then fixed line or mobile (both, where the country's patterns cannot tell them apart).
fn classify(meta: &Metadata, national: &str) -> PhoneKind {
    let d = meta.descriptors();
    // libphonenumber's isNumberMatchingDesc: the pattern, and a length the type allows (its own
    // list, else the region's).
    let length_fits = |desc: &Descriptor| {
        let lengths =
            if desc.possible_length().is_empty() { d.general().possible_length() } else { desc.possible_length() };
        lengths.iter().any(|&l| usize::from(l) == national.len())
    };
    let matches = |desc: Option<&Descriptor>| desc.is_some_and(|desc| length_fits(desc) && desc.is_match(national));
    if !d.general().is_match(national) {
        return PhoneKind::Unknown;
    }
    let special = [
        (d.premium_rate(), PhoneKind::PremiumRate),
        (d.toll_free(), PhoneKind::TollFree),
        (d.shared_cost(), PhoneKind::SharedCost),
        (d.voip(), PhoneKind::Voip),
        (d.personal_number(), PhoneKind::PersonalNumber),
        (d.pager(), PhoneKind::Pager),
        (d.uan(), PhoneKind::Uan),
        (d.voicemail(), PhoneKind::Voicemail),
    ];
    if let Some((_, kind)) = special.into_iter().find(|(desc, _)| matches(*desc)) {
        return kind;
    }
    let same_patterns = match (d.fixed_line(), d.mobile()) {
        (Some(f), Some(m)) => f.national_number().as_str() == m.national_number().as_str(),
        _ => false,
    };
    match (matches(d.fixed_line()), matches(d.mobile())) {
        (true, true) => PhoneKind::FixedLineOrMobile,
        (true, false) if same_patterns => PhoneKind::FixedLineOrMobile,
        (true, false) => PhoneKind::FixedLine,
        (false, true) => PhoneKind::Mobile,
        (false, false) => PhoneKind::Unknown,
    }
}

/// libphonenumber's "is possible": the national number has a length some kind of line in its
/// country uses. The crate exposes neither this nor the general lengths (its metadata keeps them per
/// kind), so the lengths of every kind are looked at here.
fn is_possible(meta: &Metadata, national: &str) -> bool {
    let d = meta.descriptors();
    let kinds = [Some(d.general()), d.fixed_line(), d.mobile(), d.toll_free(), d.premium_rate(), d.shared_cost()];
    let more = [d.personal_number(), d.voip(), d.pager(), d.uan(), d.voicemail()];
    kinds
        .into_iter()
        .chain(more)
        .flatten()
        .any(|desc| desc.possible_length().iter().any(|&l| usize::from(l) == national.len()))
}

/// A region libphonenumber knows, from an ISO alpha-2 code in any case ("UK" is taken for GB).
fn region_id(code: &str) -> Option<Id> {
    let code = code.trim().to_ascii_uppercase();
    let code = if code == "UK" { "GB".to_string() } else { code };
    (code.len() == 2).then(|| Id::from_str(&code).ok()).flatten()
}

/// The canonical form of a region code libphonenumber knows ("gb" → "GB", "UK" → "GB"); `None`
/// for anything else, so that callers can refuse a mistyped default region up front.
pub fn known_region(code: &str) -> Option<String> {
    region_id(code).map(|id| id.as_ref().to_string())
}

/// The region of a BCP 47 language tag ("en-GB" → GB, "zh-Hant-TW" → TW); `None` for a bare
/// language ("fr"), a numeric area ("es-419") or an unknown region.
pub fn region_from_lang(lang: &str) -> Option<String> {
    lang.trim()
        .split(['-', '_'])
        .skip(1)
        .find(|sub| sub.len() == 2 && sub.chars().all(|c| c.is_ascii_alphabetic()))
        .and_then(known_region)
}

/// Languages most of whose web pages are written in one country, with that country. English,
/// Spanish, Portuguese, Arabic and Chinese are written in many, and are left out.
const LANGUAGE_HOMES: &[(&str, &str)] = &[
    ("fr", "FR"),
    ("de", "DE"),
    ("it", "IT"),
    ("nl", "NL"),
    ("pl", "PL"),
    ("cs", "CZ"),
    ("sk", "SK"),
    ("hu", "HU"),
    ("ro", "RO"),
    ("bg", "BG"),
    ("hr", "HR"),
    ("sl", "SI"),
    ("da", "DK"),
    ("sv", "SE"),
    ("nb", "NO"),
    ("nn", "NO"),
    ("no", "NO"),
    ("fi", "FI"),
    ("et", "EE"),
    ("lv", "LV"),
    ("lt", "LT"),
    ("is", "IS"),
    ("el", "GR"),
    ("tr", "TR"),
    ("ru", "RU"),
    ("uk", "UA"),
    ("he", "IL"),
    ("ja", "JP"),
    ("ko", "KR"),
    ("th", "TH"),
    ("vi", "VN"),
    ("id", "ID"),
    ("ca", "ES"),
    ("eu", "ES"),
    ("gl", "ES"),
];

/// Other countries whose pages are written in a language, most pages first; for English, Spanish,
/// Portuguese, Arabic and Chinese, all the countries to try. North America (US) stands for Canada
/// and the Caribbean, which share its numbering plan.
const LANGUAGE_ABROAD: &[(&str, &[&str])] = &[
    ("en", &["US", "GB", "IE", "AU", "NZ", "ZA", "IN", "SG", "PH", "NG", "KE", "MY", "HK"]),
    ("es", &["ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CR", "UY", "DO", "PA", "BO", "PY", "US"]),
    ("pt", &["BR", "PT", "AO", "MZ"]),
    ("ar", &["SA", "AE", "EG", "MA", "JO", "QA", "KW", "LB", "DZ", "TN", "OM", "BH"]),
    ("zh", &["CN", "TW", "HK", "SG", "MY"]),
    ("de", &["AT", "CH", "LU", "LI"]),
    ("fr", &["BE", "CH", "CA", "LU", "MA", "SN", "CI", "TN"]),
    ("it", &["CH"]),
    ("nl", &["BE"]),
    ("sv", &["FI"]),
    ("ru", &["BY", "KZ"]),
    ("el", &["CY"]),
    ("tr", &["CY"]),
];

/// The countries a language is written in, its home first: where to try a page's numbers written
/// without a country code when nothing else places the page.
pub fn countries_of_language(lang: &str) -> impl Iterator<Item = &'static str> {
    let language = lang.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    let home = LANGUAGE_HOMES.iter().find(|(l, _)| *l == language).map(|(_, region)| *region);
    let abroad = LANGUAGE_ABROAD.iter().find(|(l, _)| *l == language).map_or(&[][..], |(_, regions)| *regions);
    home.into_iter().chain(abroad.iter().copied())
}

/// The country a bare language most likely means ("fr" → FR): the last guess for numbers written
/// without a country code, after the tag's own region, an address and the site's country domain.
pub fn region_from_language(lang: &str) -> Option<String> {
    let language = lang.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    LANGUAGE_HOMES.iter().find(|(l, _)| *l == language).map(|(_, region)| region.to_string())
}

/// Country-code top-level domains that are sold worldwide as generic names (.io, .ai, .co, .tv …):
/// a site under one says nothing about where its people are.
const GENERIC_CCTLDS: &[&str] =
    &["ac", "ai", "cc", "co", "fm", "gg", "gl", "io", "la", "ly", "me", "nu", "sh", "so", "tk", "to", "tv", "vc", "ws"];

/// The country of a host's country-code TLD ("acme.co.uk" → GB, "acme.de" → DE); `None` for
/// generic TLDs (.com), generic-use ccTLDs (.io) and IP addresses.
pub fn region_from_host(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.');
    let host =
        host.rsplit_once(':').filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit())).map_or(host, |(h, _)| h);
    let tld = host.rsplit('.').next()?.to_ascii_lowercase();
    if tld.len() != 2 || GENERIC_CCTLDS.contains(&tld.as_str()) {
        return None;
    }
    known_region(&tld)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(raw: &str, region: Option<&str>) -> Option<String> {
        parse_phone(raw, region).e164.map(|e| e.as_str().to_string())
    }

    #[test]
    fn us_number_in_common_notations() {
        let want = Some("+14155550100".to_string());
        assert_eq!(e164("+1 (415) 555-0100", None), want);
        assert_eq!(e164("(415) 555-0100", Some("us")), want);
        assert_eq!(e164("415.555.0100", Some("US")), want);
        assert_eq!(e164("tel:+1-415-555-0100", None), want);
        assert_eq!(e164("TEL:+14155550100", None), want);
        let info = parse_phone("+1 (415) 555-0100", None);
        assert!(info.valid && info.possible);
        assert_eq!(info.kind, PhoneKind::FixedLineOrMobile);
        assert_eq!(info.region.as_deref(), Some("US"));
        assert_eq!(info.extension, None);
    }

    /// RFC 3966 URIs: a local number after its global `phone-context`, an `ext` parameter.
    #[test]
    fn tel_uris_with_a_phone_context_or_an_extension() {
        assert_eq!(e164("tel:555-0100;phone-context=+1-415", None).as_deref(), Some("+14155550100"));
        assert_eq!(e164("tel:555-0100;phone-context=example.com", None), None, "a domain gives no digits");
        let info = parse_phone("tel:+1-415-555-0100;ext=42", None);
        assert_eq!(
            (info.e164.map(|e| e.as_str().to_string()), info.extension),
            (Some("+14155550100".into()), Some("42".into()))
        );
        // RFC 3966's own example composes +1 914 555 863 1234: a number of no real plan.
        assert!(!parse_phone("tel:863-1234;phone-context=+1-914-555", None).valid);
    }

    /// The default region's international prefix, also before non-geographic codes.
    #[test]
    fn a_region_s_international_prefix() {
        assert_eq!(e164("011 800 1234 5678", Some("US")).as_deref(), Some("+80012345678"));
        assert_eq!(e164("011 44 20 7946 0958", Some("US")).as_deref(), Some("+442079460958"));
        assert_eq!(e164("0011 808 1234 5678", Some("AU")).as_deref(), Some("+80812345678"));
        assert_eq!(e164("010 870 773 111 632", Some("JP")).as_deref(), Some("+870773111632"));
        assert_eq!(e164("00 870 773 111 632", Some("DE")).as_deref(), Some("+870773111632"));
    }

    /// A dialler's pauses and waits, and the extension words of the lexicon's languages, read as
    /// the extension; a word before the number is its label.
    #[test]
    fn pauses_waits_and_extension_words() {
        for (raw, number, extension) in [
            ("+1 415 555 0100,,123#", "+14155550100", "123"),
            ("+1 415 555 0100;123#", "+14155550100", "123"),
            ("+1 415 555 0100 p123", "+14155550100", "123"),
            ("+1 415 555 0100w123", "+14155550100", "123"),
            ("+49 30 1234567 Durchwahl 89", "+49301234567", "89"),
            ("+33 1 42 68 53 00 poste 12", "+33142685300", "12"),
            ("+55 11 3456-7890 ramal 204", "+551134567890", "204"),
            ("+34 912 345 678 ext. 3", "+34912345678", "3"),
        ] {
            let info = parse_phone(raw, None);
            assert_eq!(info.e164.map(|e| e.as_str().to_string()).as_deref(), Some(number), "{raw}");
            assert_eq!(info.extension.as_deref(), Some(extension), "{raw}");
        }
        assert_eq!(parse_phone("Durchwahl: +49 30 1234567", None).extension, None);
    }

    #[test]
    fn extensions_in_every_notation() {
        for raw in [
            "tel:+1-415-555-0100;ext=123",
            "+1 415 555 0100 ext. 123",
            "+1 415 555 0100 ext 123",
            "+1 415 555 0100 x123",
            "+1 415 555 0100 #123",
        ] {
            let info = parse_phone(raw, None);
            assert_eq!(info.e164.as_ref().map(PhoneE164::as_str), Some("+14155550100"), "{raw}");
            assert_eq!(info.extension.as_deref(), Some("123"), "{raw}");
        }
    }

    #[test]
    fn international_prefix_and_trunk_zero() {
        let london = Some("+442079460958".to_string());
        assert_eq!(e164("00 44 20 7946 0958", None), london);
        assert_eq!(e164("00 44 20 7946 0958", Some("US")), london, "the US dials 011, yet 00 is clear");
        assert_eq!(e164("00 44 20 7946 0958", Some("DE")), london);
        assert_eq!(e164("+44 (0)20 7946 0958", None), london);
        assert_eq!(e164("020 7946 0958", Some("GB")), london);
        assert_eq!(parse_phone("+44 (0)20 7946 0958", None).kind, PhoneKind::FixedLine);
    }

    #[test]
    fn a_number_with_its_country_code_is_read_alike_whatever_the_page_s_country() {
        // The default region's trunk prefix ("1" in the US, "0" in France) begins these numbers.
        for (written, want) in [
            ("+33 1 23 45 67 89", "+33123456789"),
            ("+353 1 661 2345", "+35316612345"),
            ("+44 113 496 0000", "+441134960000"),
            ("+61 1300 975 707", "+611300975707"),
            ("+39 06 1234 5678", "+390612345678"),
            ("tel:+33-1-23-45-67-89", "+33123456789"),
        ] {
            for region in [None, Some("US"), Some("FR"), Some("GB"), Some("IT"), Some("AU")] {
                assert_eq!(e164(written, region).as_deref(), Some(want), "{written} on a page of {region:?}");
            }
        }
    }

    #[test]
    fn full_width_digits_as_japanese_pages_write_them() {
        assert_eq!(e164("０３－１２３４－５６７８", Some("JP")), Some("+81312345678".to_string()));
        assert_eq!(e164("＋８１ ３ １２３４ ５６７８", None), Some("+81312345678".to_string()));
        assert_eq!(e164("+٩٧١ ٤ ٣٦٦ ٢٥٥٥", None), Some("+97143662555".to_string()), "Arabic-Indic digits");
    }

    #[test]
    fn kinds_and_regions() {
        let mobile = parse_phone("+44 7400 123456", None);
        assert_eq!((mobile.kind, mobile.region.as_deref()), (PhoneKind::Mobile, Some("GB")));
        assert_eq!(parse_phone("+1 800 555 0199", None).kind, PhoneKind::TollFree);
        let sydney = parse_phone("(02) 9374 4000", Some("AU"));
        assert_eq!(sydney.e164.map(|e| e.to_string()).as_deref(), Some("+61293744000"));
        assert_eq!(sydney.region.as_deref(), Some("AU"));
    }

    #[test]
    fn italian_landlines_keep_their_leading_zero() {
        let rome = parse_phone("+39 06 1234 5678", None);
        assert_eq!(rome.e164.as_ref().map(PhoneE164::as_str), Some("+390612345678"));
        assert_eq!((rome.kind, rome.region.as_deref()), (PhoneKind::FixedLine, Some("IT")));
        assert_eq!(parse_phone("06 1234 5678", Some("IT")).region.as_deref(), Some("IT"));
        assert_eq!(parse_phone("+39 333 123 4567", None).kind, PhoneKind::Mobile);
        assert_eq!(
            parse_phone("+39 06 698 12345", None).region.as_deref(),
            Some("VA"),
            "the Vatican shares +39 06 698"
        );
    }

    #[test]
    fn non_geographic_numbers_have_no_region() {
        let info = parse_phone("+800 1234 5678", None);
        assert!(info.valid);
        assert_eq!((info.kind, info.region), (PhoneKind::TollFree, None));
    }

    #[test]
    fn serializes_kind_as_snake_case_type() {
        let v = serde_json::to_value(parse_phone("+1 (415) 555-0100 x7", None)).unwrap();
        assert_eq!(v["type"], "fixed_line_or_mobile");
        assert_eq!(v["e164"], "+14155550100");
        assert_eq!(v["extension"], "7");
    }

    #[test]
    fn invalid_but_possible_keeps_no_e164() {
        // Right length for the UK, but no UK number starts with 0 after the country code.
        let info = parse_phone("+44 0123 456 789", None);
        assert!(!info.valid);
        assert_eq!(info.e164, None);
        assert_eq!(info.kind, PhoneKind::Unknown);
    }

    #[test]
    fn garbage_is_invalid() {
        for raw in ["", "   ", "abc", "---", "+++", "12", "call me", "jane@acme.com", "(((())))", "0000000000000000000"]
        {
            let info = parse_phone(raw, Some("US"));
            assert!(!info.valid && info.e164.is_none(), "{raw:?}");
            assert_eq!(info.input, raw);
        }
        let long = format!("+1 415 555 0100 {}", "9".repeat(10_000));
        assert!(!parse_phone(&long, None).valid, "over the length cap");
        assert!(!parse_phone("+1 415\u{0}555 0100", None).valid, "control characters");
        assert!(parse_phone("\t+1 415 555 0100\r\n", None).valid, "surrounding white space is fine");
        assert!(!parse_phone("415 555 0100", Some("XX")).valid, "unknown default region is no region");
        // Inputs that made earlier versions of the crate panic (its issues #43 and #32).
        assert!(!parse_phone("  2 22#:", None).valid);
        assert!(!parse_phone("003-836-4618x3001", Some("CH")).valid);
    }

    /// The crate has panicked on odd input in the past (slicing and unwraps in its parser): throw a
    /// few thousand random strings built from phone-ish pieces at it, with varied default regions.
    #[test]
    fn random_input_never_panics() {
        const PIECES: &[&str] = &[
            "0",
            "1",
            "2",
            "4",
            "7",
            "9",
            "+",
            "-",
            " ",
            "(",
            ")",
            "#",
            "x",
            "ext",
            ";ext=",
            "tel:",
            ";phone-context=",
            "*",
            ".",
            "/",
            "a",
            "٣",
            "１",
            "é",
            "00",
            "011",
            "(0)",
            ",",
            ";",
            "=",
            "%",
            ":",
        ];
        const REGIONS: &[Option<&str>] =
            &[None, Some("US"), Some("GB"), Some("CH"), Some("AU"), Some("BR"), Some("JP")];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as usize
        };
        for _ in 0..3_000 {
            let raw: String = (0..next() % 30).map(|_| PIECES[next() % PIECES.len()]).collect();
            let info = parse_phone(&raw, REGIONS[next() % REGIONS.len()]);
            assert!(info.valid || info.e164.is_none());
        }
    }

    #[test]
    fn region_of_a_language_tag() {
        assert_eq!(region_from_lang("en-GB").as_deref(), Some("GB"));
        assert_eq!(known_region("uk").as_deref(), Some("GB"));
        assert_eq!(known_region("XX"), None);
        assert_eq!(region_from_lang("de-AT").as_deref(), Some("AT"));
        assert_eq!(region_from_lang("zh-Hant-TW").as_deref(), Some("TW"));
        assert_eq!(region_from_lang("en_us").as_deref(), Some("US"));
        assert_eq!(region_from_lang("fr"), None);
        assert_eq!(region_from_lang("es-419"), None);
        assert_eq!(region_from_lang("en-ZZ"), None);
        assert_eq!(region_from_lang(""), None);
        assert_eq!(region_from_language("fr").as_deref(), Some("FR"));
        assert_eq!(region_from_language("de-CH").as_deref(), Some("DE"), "the tag's region is asked first");
        assert_eq!(region_from_language("en"), None, "written in many countries");
        assert_eq!(region_from_language("es-419"), None);
        assert_eq!(region_from_language(""), None);
        for region in
            LANGUAGE_HOMES.iter().map(|(_, r)| *r).chain(LANGUAGE_ABROAD.iter().flat_map(|(_, r)| r.iter().copied()))
        {
            assert_eq!(known_region(region).as_deref(), Some(region));
        }
        let countries = |lang: &str| countries_of_language(lang).collect::<Vec<_>>();
        assert_eq!(countries("de-CH")[..2], ["DE", "AT"], "home first");
        assert_eq!(countries("es")[..2], ["ES", "MX"]);
        assert!(countries("ja") == ["JP"] && countries("xx").is_empty());
    }

    #[test]
    fn region_of_a_host() {
        assert_eq!(region_from_host("acme.co.uk").as_deref(), Some("GB"));
        assert_eq!(region_from_host("www.acme.de").as_deref(), Some("DE"));
        assert_eq!(region_from_host("ACME.FR.").as_deref(), Some("FR"));
        assert_eq!(region_from_host("acme.com.au:8443").as_deref(), Some("AU"));
        assert_eq!(region_from_host(".com"), None);
        assert_eq!(region_from_host("acme.io"), None);
        assert_eq!(region_from_host("acme.eu"), None);
        assert_eq!(region_from_host("192.168.0.1"), None);
        assert_eq!(region_from_host(""), None);
    }
}
