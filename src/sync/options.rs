//! The options page's CRM form, read into settings, and what "Test connection" tells the rep.

use crate::crm::{CrmError, CrmKind, CrmSettings, LeadField, Mapping, Policy, Reply};
use std::fmt;

/// The form as the rep filled it in.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionsForm {
    pub kind: CrmKind,
    pub base_url: String,
    pub token: String,
    /// The policy chosen for each of the connector's mapped fields; unlisted ones keep the default.
    pub policies: Vec<(LeadField, Policy)>,
}

impl OptionsForm {
    /// Settings that can work, or what is wrong with them, before anything is sent.
    pub fn settings(&self) -> Result<CrmSettings, SetupError> {
        let mapping = self.kind.default_mapping().map(|Mapping(rows)| {
            Mapping(
                rows.into_iter()
                    .map(|mut row| {
                        if let Some((_, p)) = self.policies.iter().find(|(f, _)| *f == row.field) {
                            row.policy = *p;
                        }
                        row
                    })
                    .collect(),
            )
        });
        let settings = CrmSettings {
            kind: self.kind,
            base_url: self.base_url.trim().to_string(),
            token: self.token.trim().to_string(),
            mapping,
        };
        settings.connector().map_err(SetupError::Crm)?;
        Ok(settings)
    }
}

/// Why the CRM cannot be used yet, in words the rep can act on.
#[derive(Clone, Debug, PartialEq)]
pub enum SetupError {
    /// The browser (or the rep) did not allow Leadlens to reach the CRM's address.
    NotAllowed {
        origin: String,
    },
    Crm(CrmError),
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::NotAllowed { origin } => write!(
                f,
                "Leadlens may not reach {origin}: choose Allow when the browser asks, or nothing can be sent to the CRM."
            ),
            SetupError::Crm(CrmError::Network(m)) => write!(
                f,
                "No answer from the CRM ({m}). Either nothing runs at that address (check it, and that the CRM is \
                 up), or the CRM refused this extension's origin (CORS: allow it in the CRM's settings)."
            ),
            SetupError::Crm(e) => e.fmt(f),
        }
    }
}

/// What "Test connection" says.
pub fn check_message(settings: &CrmSettings, result: Result<Reply, SetupError>) -> String {
    match result {
        Ok(_) => {
            format!("Connected: {} answers at {} and accepts the token.", settings.kind.label(), settings.base_url)
        }
        Err(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(url: &str, token: &str) -> OptionsForm {
        OptionsForm { kind: CrmKind::Bottlecrm, base_url: url.into(), token: token.into(), policies: vec![] }
    }

    #[test]
    fn the_form_is_refused_before_anything_is_sent_when_it_cannot_work() {
        let bad_url = form("crm.acme.test", "t").settings().unwrap_err();
        assert!(bad_url.to_string().starts_with("Check the CRM address in the options: \"crm.acme.test\" is not"));
        assert!(matches!(
            form("http://127.0.0.1:8765", "  ").settings(),
            Err(SetupError::Crm(CrmError::BadToken { .. }))
        ));
        let ok = form(" http://127.0.0.1:8765/ ", " bcrm_pat_x ").settings().unwrap();
        assert_eq!((ok.base_url.as_str(), ok.token.as_str()), ("http://127.0.0.1:8765/", "bcrm_pat_x"));
        assert_eq!(ok.origin_pattern().unwrap(), "http://127.0.0.1/*");
    }

    #[test]
    fn chosen_policies_replace_the_connector_defaults_field_by_field() {
        let mut f = form("https://crm.acme.test", "t");
        f.policies = vec![(LeadField::Title, Policy::Overwrite)];
        let Some(Mapping(rows)) = f.settings().unwrap().mapping else { panic!() };
        let policy = |field| rows.iter().find(|r| r.field == field).map(|r| r.policy);
        assert_eq!(policy(LeadField::Title), Some(Policy::Overwrite));
        assert_eq!(policy(LeadField::Company), Some(Policy::Propose));
        f.kind = CrmKind::Webhook;
        assert_eq!(f.settings().unwrap().mapping, None);
    }

    #[test]
    fn test_connection_says_exactly_what_is_wrong() {
        let s = form("http://127.0.0.1:8765", "t").settings().unwrap();
        assert_eq!(
            check_message(&s, Ok(Reply::Connected)),
            "Connected: BottleCRM (self-hosted) answers at http://127.0.0.1:8765 and accepts the token."
        );
        let refused = SetupError::Crm(CrmError::BadToken { status: 403, message: "Invalid token".into() });
        assert!(check_message(&s, Err(refused)).contains("refused the token (HTTP 403: Invalid token)"));
        let cors = check_message(&s, Err(SetupError::Crm(CrmError::Network("Failed to fetch".into()))));
        assert!(cors.contains("CORS") && cors.contains("nothing runs at that address"), "{cors}");
        let scope =
            check_message(&s, Err(SetupError::Crm(CrmError::MissingScope("crm.objects.contacts.write".into()))));
        assert!(scope.contains("lacks a permission"), "{scope}");
        let denied = check_message(&s, Err(SetupError::NotAllowed { origin: "http://127.0.0.1/*".into() }));
        assert!(denied.starts_with("Leadlens may not reach http://127.0.0.1/*"));
    }
}
