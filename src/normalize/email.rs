//! Email addresses: lower-cased and validated, `mailto:` and query parts removed.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically valid, lower-cased email address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

/// Local parts that name a function, not a person: they belong to the organisation.
const ROLE_LOCAL_PARTS: &[&str] = &[
    "info",
    "contact",
    "sales",
    "hello",
    "support",
    "office",
    "admin",
    "team",
    "enquiries",
    "enquiry",
    "inquiries",
    "inquiry",
    "marketing",
    "press",
    "media",
    "jobs",
    "careers",
    "hr",
    "billing",
    "help",
    "noreply",
    "no-reply",
    "donotreply",
    "webmaster",
    "postmaster",
    "hostmaster",
    "abuse",
    "security",
    "privacy",
    "legal",
    "service",
    "customerservice",
    "customer.service",
    "customercare",
    "ops",
    "operations",
    "accounts",
    "accounting",
    "finance",
    "invoices",
    "orders",
    "bookings",
    "reservations",
    "newsletter",
    "feedback",
    "partners",
    "purchasing",
    "procurement",
    "general",
    "mail",
    "reception",
    "kontakt",
    "vertrieb",
    "verkauf",
    "buero",
    "empfang",
    "bonjour",
    "accueil",
    "commercial",
    "direction",
    "secretariat",
    "hola",
    "ventas",
    "contacto",
    "informacion",
    "contatti",
    "vendite",
];

impl Email {
    /// Parses `raw` (optionally `mailto:jane@acme.com?subject=…`); `None` when it is not an address.
    pub fn parse(raw: &str) -> Option<Email> {
        // Zero-width and bidi characters hide inside addresses on hostile pages: read past them.
        let cleaned = crate::text::clean(raw)?;
        let s = cleaned.as_str();
        let s = s.get(..7).filter(|p| p.eq_ignore_ascii_case("mailto:")).map_or(s, |_| &s[7..]);
        let s = s.split(['?', '#']).next().unwrap_or_default().trim();
        let s = s.to_lowercase();
        let (local, domain) = s.rsplit_once('@')?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = domain.len() <= 253
            && labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
        (local_ok && domain_ok && s.len() <= 254).then_some(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }

    /// A shared inbox (info@, sales@) rather than a person's own address.
    pub fn is_role(&self) -> bool {
        let local = self.0.split('@').next().unwrap_or_default();
        ROLE_LOCAL_PARTS.contains(&local)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cases_and_strips_mailto() {
        let e = Email::parse(" MAILTO:Jane.Doe@Acme.COM?subject=Hi ").unwrap();
        assert_eq!(e.as_str(), "jane.doe@acme.com");
        assert_eq!(e.domain(), "acme.com");
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for bad in [
            "",
            "jane",
            "jane@",
            "@acme.com",
            "jane@acme",
            "jane@@acme.com",
            "ja ne@acme.com",
            "jane@acme..com",
            ".jane@acme.com",
            "jane@-acme.com",
            "jane@1.2.3.4",
        ] {
            assert!(Email::parse(bad).is_none(), "{bad:?} accepted");
        }
    }

    #[test]
    fn reads_past_invisible_characters() {
        assert_eq!(Email::parse("ja\u{200B}ne@ac\u{202E}me.com").unwrap().as_str(), "jane@acme.com");
    }

    #[test]
    fn knows_role_inboxes() {
        assert!(Email::parse("info@acme.com").unwrap().is_role());
        assert!(!Email::parse("jane@acme.com").unwrap().is_role());
    }
}
