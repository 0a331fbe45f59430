//! Company names: a comparison key that ignores the legal form, case, punctuation and accents, so
//! that "Acme, Inc.", "ACME Incorporated" and "The Acme Company" meet; the name shown stays as written.

use super::fold::fold_accents;
use crate::text::clean;
use serde::{Deserialize, Serialize};

/// A company as written on a page, with its comparison key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CompanyName {
    /// The name as written, cleaned of invisible characters and extra space.
    pub display: String,
    pub key: String,
}

impl CompanyName {
    /// `None` when nothing visible is left, or nothing but punctuation.
    pub fn parse(raw: &str) -> Option<CompanyName> {
        let display = clean(raw)?;
        let key = company_key(&display);
        (!key.is_empty()).then_some(CompanyName { display, key })
    }
}

/// Legal forms, as words of the key (dots and slashes already removed, so "L.L.C." is `llc` and
/// "A/S" is `as`). Only a trailing one is stripped: "Limited Brands Holdings" keeps "limited".
/// Longer forms come first so that "GmbH & Co. KG" goes as one.
const LEGAL_FORMS: &[&[&str]] = &[
    &["gmbh", "and", "co", "kg"],
    &["sa", "de", "cv"],
    &["sp", "z", "oo"],
    &["pty", "ltd"],
    &["pty", "limited"],
    &["pte", "ltd"],
    &["and", "co"],
    &["inc"],
    &["incorporated"],
    &["llc"],
    &["ltd"],
    &["limited"],
    &["corp"],
    &["corporation"],
    &["co"],
    &["company"],
    &["plc"],
    &["gmbh"],
    &["ag"],
    &["kg"],
    &["se"],
    &["sa"],
    &["sas"],
    &["sarl"],
    &["spa"],
    &["srl"],
    &["bv"],
    &["nv"],
    &["pty"],
    &["kk"],
    &["oy"],
    &["oyj"],
    &["ab"],
    &["as"],
    &["aps"],
    &["sl"],
    &["ltda"],
    &["llp"],
    &["lp"],
];

/// The comparison form of a company name: accents and case folded, "&" read as "and", a leading
/// "The" and trailing legal forms dropped ("Acme Co., Ltd." → "acme"). Never strips the name away
/// entirely: "The Company" stays "company".
pub fn company_key(name: &str) -> String {
    let mut words = words(&fold_accents(name));
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    while let Some(form) = LEGAL_FORMS.iter().find(|f| f.len() < words.len() && ends_with(&words, f)) {
        words.truncate(words.len() - form.len());
    }
    words.join(" ")
}

/// Whether a name ends with a legal form ("Harlow & Pike LLP"): then it names a company.
pub fn has_legal_form(name: &str) -> bool {
    let words = words(&fold_accents(name));
    LEGAL_FORMS.iter().any(|f| f.len() < words.len() && ends_with(&words, f))
}

fn ends_with(words: &[String], form: &[&str]) -> bool {
    words[words.len() - form.len()..].iter().zip(form).all(|(w, f)| w == f)
}

/// Lower-cased words: "&" becomes "and"; dots, apostrophes and slashes join what they separate
/// ("S.A." → "sa", "O'Neil" → "oneil", "A/S" → "as"); any other punctuation separates words.
fn words(s: &str) -> Vec<String> {
    let mut spaced = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            '&' => spaced.push_str(" and "),
            '.' | '\'' | '’' | '/' => {}
            c if c.is_alphanumeric() => spaced.push(c),
            _ => spaced.push(' '),
        }
    }
    spaced.split_whitespace().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_each_legal_form() {
        for raw in [
            "Acme Inc",
            "Acme Inc.",
            "Acme, Inc.",
            "Acme Incorporated",
            "Acme LLC",
            "Acme L.L.C.",
            "Acme Ltd",
            "Acme Limited",
            "Acme Corp",
            "Acme Corporation",
            "Acme Co.",
            "Acme Company",
            "Acme PLC",
            "Acme GmbH",
            "Acme AG",
            "Acme KG",
            "Acme GmbH & Co. KG",
            "Acme S.A.",
            "Acme SA",
            "Acme SAS",
            "Acme SARL",
            "Acme S.p.A.",
            "Acme S.r.l.",
            "Acme B.V.",
            "Acme N.V.",
            "Acme Pty Ltd",
            "Acme Pty. Ltd.",
            "Acme K.K.",
            "Acme Oy",
            "Acme AB",
            "Acme AS",
            "Acme A/S",
            "Acme ApS",
            "Acme Sp. z o.o.",
            "Acme S.L.",
            "Acme Ltda",
            "Acme LLP",
            "Acme LP",
            "Acme SE",
            "Acme Pte. Ltd.",
            "Acme S.A. de C.V.",
            "Acme Co., Ltd.",
            "ACME CORP.",
        ] {
            assert_eq!(company_key(raw), "acme", "{raw}");
        }
    }

    #[test]
    fn leading_the_and_ampersand() {
        assert_eq!(company_key("The Acme Company"), "acme");
        assert_eq!(company_key("Johnson & Johnson"), company_key("Johnson and Johnson"));
        assert_eq!(company_key("Johnson & Johnson"), "johnson and johnson");
        assert_eq!(company_key("Smith & Co."), "smith");
        assert_eq!(company_key("The Company"), "company", "never strips a name away entirely");
        assert_eq!(company_key("The"), "the");
    }

    #[test]
    fn only_a_trailing_legal_form_goes() {
        assert_eq!(company_key("Coinbase"), "coinbase");
        assert_eq!(company_key("Asana"), "asana");
        assert_eq!(company_key("Limited Brands Holdings"), "limited brands holdings");
        assert_eq!(company_key("Co-op Bank"), "co op bank");
        assert_eq!(company_key("Inc."), "inc");
        assert_eq!(company_key("Acme Holdings Inc."), "acme holdings");
    }

    #[test]
    fn folds_case_punctuation_and_accents() {
        assert_eq!(company_key("  Nestlé  S.A. "), "nestle");
        assert_eq!(company_key("Société Générale"), "societe generale");
        assert_eq!(company_key("Łódź Straße GmbH"), "lodz strasse");
        assert_eq!(company_key("McDonald's Corporation"), "mcdonalds");
        assert_eq!(company_key("Hewlett-Packard"), "hewlett packard");
        assert_eq!(company_key("AT&T Inc."), "at and t");
    }

    #[test]
    fn other_scripts_stay_whole() {
        assert_eq!(company_key("삼성전자"), "삼성전자");
        assert_eq!(company_key("トヨタ自動車株式会社"), "トヨタ自動車株式会社");
    }

    #[test]
    fn display_keeps_the_original() {
        let c = CompanyName::parse(" Acme,\u{200B}  Inc. ").unwrap();
        assert_eq!(c.display, "Acme, Inc.");
        assert_eq!(c.key, "acme");
        assert_eq!(CompanyName::parse(" ... "), None);
        assert_eq!(CompanyName::parse(""), None);
    }
}
