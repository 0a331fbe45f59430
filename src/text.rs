//! Cleaning of untrusted text taken from pages: every string a page gives us passes through here
//! before it is stored or shown, so that control, bidi-override and zero-width characters cannot
//! disguise a value and no single value can grow without bound.

/// Longest value we keep from a page, in characters: generous for a name, an address or a title.
pub const MAX_FIELD_CHARS: usize = 300;

/// Characters that change how text is displayed without being visible themselves.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// Collapses white space, drops control and invisible characters, and caps the length.
/// Returns `None` when nothing visible is left.
pub fn clean(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len().min(MAX_FIELD_CHARS * 4));
    let mut chars = 0;
    let mut pending_space = false;
    for c in raw.chars() {
        if c.is_whitespace() || (c.is_control() && !is_invisible(c)) {
            pending_space = !out.is_empty();
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            chars += 1;
            pending_space = false;
        }
        if chars >= MAX_FIELD_CHARS {
            break;
        }
        out.push(c);
        chars += 1;
    }
    let trimmed = out.trim_end();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Lower-cased, accent-free comparison form used for weak keys (name + company).
/// `s` with its HTML character references ("&#39;", "&amp;") read by `entity` (a reference's text
/// between "&" and ";" to its character, or `None` to leave it as written).
pub fn decode_references(s: &str, entity: impl Fn(&str) -> Option<char>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| Some((entity(&rest[1..end])?, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A numeric character reference's character ("#39", "#x27").
pub fn numeric_reference(name: &str) -> Option<char> {
    let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
    };
    code.and_then(char::from_u32)
}

pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The name to show: the full name, else given and family names joined.
pub fn person_name(full: Option<&str>, given: Option<&str>, family: Option<&str>) -> Option<String> {
    if let Some(full) = full {
        return Some(full.to_string());
    }
    let parts: Vec<&str> = [given, family].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Whether a view may make a link of `url`: web, mail and phone addresses only, so that no
/// `javascript:`, `data:` or other URL from a page, a file or a CRM is ever clickable.
pub fn is_safe_link(url: &str) -> bool {
    let url = url.as_bytes();
    ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|scheme| url.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme.as_bytes())))
}

/// Spreadsheets run cells that start with these as formulas: page text must never become one.
pub fn defuse(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_mail_and_phone_addresses_are_links() {
        for url in
            ["https://www.linkedin.com/in/jane", "HTTP://acme.test/", "mailto:jane@acme.test", "tel:+14155550101"]
        {
            assert!(is_safe_link(url), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "//evil.test/",
            "https:evil.test",
            "",
            "é",
        ] {
            assert!(!is_safe_link(url), "{url:?}");
        }
    }

    #[test]
    fn drops_invisible_and_control_characters() {
        assert_eq!(clean("  Ja\u{200B}ne\u{202E} \n\t Doe\u{0007} ").as_deref(), Some("Jane Doe"));
        assert_eq!(clean("\u{200B}\u{FEFF} "), None);
    }

    #[test]
    fn caps_length_on_a_char_boundary() {
        let long = "é".repeat(MAX_FIELD_CHARS * 3);
        assert_eq!(clean(&long).unwrap().chars().count(), MAX_FIELD_CHARS);
    }

    #[test]
    fn fold_ignores_case_and_punctuation() {
        assert_eq!(fold("  Acme,  Inc. "), "acme inc");
    }
}
