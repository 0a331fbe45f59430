//! Social profile URLs reduced to a canonical id (network + handle), whatever locale, tracking
//! parameters, sub-domain or trailing path the link carried.

use serde::{Deserialize, Serialize};
use std::fmt;
use url::Url;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    LinkedIn,
    X,
    GitHub,
}

/// A person's profile on a network, e.g. LinkedIn `jane-doe-1234`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SocialProfile {
    pub network: Network,
    pub id: String,
}

/// First path segments on X and GitHub that are site pages, not people.
const X_RESERVED: &[&str] = &[
    "home",
    "i",
    "intent",
    "share",
    "search",
    "explore",
    "hashtag",
    "settings",
    "login",
    "messages",
    "notifications",
    "tos",
    "privacy",
];
const GITHUB_RESERVED: &[&str] = &[
    "orgs",
    "features",
    "about",
    "pricing",
    "login",
    "join",
    "settings",
    "marketplace",
    "explore",
    "topics",
    "sponsors",
    "enterprise",
    "apps",
    "search",
    "notifications",
    "collections",
    "trending",
];

impl SocialProfile {
    /// Recognises a personal profile URL; `None` for anything else (a company page, a post, a site).
    pub fn parse(raw: &str) -> Option<SocialProfile> {
        let url = Url::parse(raw.trim()).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let host = url.host_str()?.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host);
        let segs: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
        let (network, id) = if host == "linkedin.com" || host.ends_with(".linkedin.com") {
            match segs.as_slice() {
                ["in", slug, ..] => (Network::LinkedIn, *slug),
                _ => return None,
            }
        } else if matches!(host, "x.com" | "twitter.com" | "mobile.twitter.com") {
            match segs.as_slice() {
                [handle, ..] if !X_RESERVED.contains(&handle.to_ascii_lowercase().as_str()) => (Network::X, *handle),
                _ => return None,
            }
        } else if host == "github.com" {
            match segs.as_slice() {
                [user] if !GITHUB_RESERVED.contains(&user.to_ascii_lowercase().as_str()) => (Network::GitHub, *user),
                _ => return None,
            }
        } else {
            return None;
        };
        let id = percent_encoding::percent_decode_str(id).decode_utf8_lossy().trim_start_matches('@').to_lowercase();
        let valid = !id.is_empty() && id.len() <= 100 && id.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c));
        valid.then_some(SocialProfile { network, id })
    }

    /// The canonical URL a rep can open.
    pub fn url(&self) -> String {
        match self.network {
            Network::LinkedIn => format!("https://www.linkedin.com/in/{}", self.id),
            Network::X => format!("https://x.com/{}", self.id),
            Network::GitHub => format!("https://github.com/{}", self.id),
        }
    }
}

impl fmt::Display for SocialProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let network = match self.network {
            Network::LinkedIn => "LinkedIn",
            Network::X => "X",
            Network::GitHub => "GitHub",
        };
        write!(f, "{network} {}", self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(raw: &str) -> Option<(Network, String)> {
        SocialProfile::parse(raw).map(|p| (p.network, p.id))
    }

    #[test]
    fn linkedin_slug_without_locale_or_tracking() {
        let want = Some((Network::LinkedIn, "jane-doe-42".to_string()));
        assert_eq!(id("https://www.linkedin.com/in/Jane-Doe-42/"), want);
        assert_eq!(id("https://fr.linkedin.com/in/jane-doe-42/en?trk=public_profile"), want);
        assert_eq!(id("http://linkedin.com/in/jane-doe-42#experience"), want);
        assert_eq!(id("https://www.linkedin.com/company/acme"), None);
    }

    #[test]
    fn x_and_github_handles() {
        assert_eq!(id("https://twitter.com/@JaneDoe?lang=en"), Some((Network::X, "janedoe".into())));
        assert_eq!(id("https://x.com/share?text=hi"), None);
        assert_eq!(id("https://github.com/janedoe"), Some((Network::GitHub, "janedoe".into())));
        assert_eq!(id("https://github.com/janedoe/some-repo"), None);
        assert_eq!(id("https://github.com/features"), None);
    }

    #[test]
    fn rejects_other_sites_and_schemes() {
        assert_eq!(id("https://acme.com/in/jane"), None);
        assert_eq!(id("javascript:alert(1)//linkedin.com/in/x"), None);
        assert_eq!(id("not a url"), None);
    }

    #[test]
    fn canonical_url_round_trips() {
        let p = SocialProfile::parse("https://de.linkedin.com/in/jane-doe-42?x=1").unwrap();
        assert_eq!(SocialProfile::parse(&p.url()), Some(p));
    }
}
