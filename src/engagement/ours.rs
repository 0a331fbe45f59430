//! Which pages are ours: the team's LinkedIn and X pages and its web domains, set by the rep or
//! sales ops. Only engagement with these counts; the rest of the web is research.

use serde::{Deserialize, Serialize};
use url::Url;

/// Our pages as keys: "linkedin.com/company/acme", "x.com/acme", or a bare domain "acme.com".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OurPages(Vec<String>);

/// What the engagement rules do, as the team set them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EngagementSettings {
    pub ours: OurPages,
    /// Put a lead who engages with our content on the call list by themselves. Off until asked.
    pub auto_add: bool,
    /// Most calls the rule adds in one day, so a viral post does not bury the list.
    pub daily_cap: u32,
    /// What a booked meeting is worth, for the report's revenue per like; 0 leaves it out.
    pub meeting_value: u32,
}

impl Default for EngagementSettings {
    fn default() -> EngagementSettings {
        EngagementSettings { ours: OurPages::default(), auto_add: false, daily_cap: 20, meeting_value: 0 }
    }
}

/// The key of the page a URL belongs to: a profile or company page on a network, else the site.
pub fn page_key(raw: &str) -> Option<String> {
    let url = Url::parse(raw.trim()).ok().filter(|u| matches!(u.scheme(), "http" | "https"))?;
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let segs: Vec<String> = url.path_segments()?.filter(|s| !s.is_empty()).map(str::to_ascii_lowercase).collect();
    let network = |h: &str| host == h || host.ends_with(&format!(".{h}"));
    let key = if network("linkedin.com") {
        match segs.as_slice() {
            [section, slug, ..] if ["company", "in", "showcase", "school"].contains(&section.as_str()) => {
                format!("linkedin.com/{section}/{slug}")
            }
            _ => return None,
        }
    } else if network("x.com") || network("twitter.com") {
        let handle = segs.first()?.trim_start_matches('@').to_string();
        format!("x.com/{handle}")
    } else if host == "github.com" {
        match segs.as_slice() {
            [org, ..] if org != "orgs" => format!("github.com/{org}"),
            [_, org, ..] => format!("github.com/{org}"),
            _ => return None,
        }
    } else {
        host
    };
    Some(key)
}

impl OurPages {
    /// One page per line (or comma): a page URL, an X handle (`@acme`) or a domain (`acme.com`);
    /// the lines it cannot read come back for the rep to fix.
    pub fn parse(text: &str) -> (OurPages, Vec<String>) {
        let mut keys = Vec::new();
        let mut unread = Vec::new();
        for entry in text.split(['\n', ',']).map(str::trim).filter(|e| !e.is_empty()) {
            let key = if let Some(handle) = entry.strip_prefix('@') {
                page_key(&format!("https://x.com/{handle}"))
            } else if entry.contains("://") {
                page_key(entry)
            } else {
                page_key(&format!("https://{entry}"))
            };
            match key {
                Some(k) if !keys.contains(&k) => keys.push(k),
                Some(_) => {}
                None => unread.push(entry.to_string()),
            }
        }
        (OurPages(keys), unread)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn keys(&self) -> &[String] {
        &self.0
    }

    /// Whether content belongs to us: its owner is one of our pages, or it lives on our domain.
    pub fn owns(&self, owner: Option<&str>, target: &str) -> bool {
        let owner_key = owner.and_then(page_key);
        if owner_key.as_ref().is_some_and(|k| self.0.contains(k)) {
            return true;
        }
        let host = page_key(target).filter(|k| !k.contains('/'));
        host.is_some_and(|h| self.0.iter().any(|d| !d.contains('/') && (h == *d || h.ends_with(&format!(".{d}")))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pages_handles_and_domains() {
        let (ours, unread) = OurPages::parse(
            "https://www.linkedin.com/company/Acme-Logistics/posts/?feedView=all\n@AcmeHQ, acme.com\nhttps://fr.linkedin.com/in/jane-ceo\nnot a page\n",
        );
        assert_eq!(
            ours.keys(),
            ["linkedin.com/company/acme-logistics", "x.com/acmehq", "acme.com", "linkedin.com/in/jane-ceo"]
        );
        assert_eq!(unread, ["not a page"]);
    }

    #[test]
    fn owns_our_posts_and_our_site_only() {
        let (ours, _) = OurPages::parse("linkedin.com/company/acme\n@acme\nacme.com");
        let post = "https://www.linkedin.com/feed/update/urn:li:activity:7/";
        assert!(ours.owns(Some("https://www.linkedin.com/company/acme/"), post));
        assert!(!ours.owns(Some("https://www.linkedin.com/company/acme-rival/"), post));
        assert!(!ours.owns(None, post));
        assert!(ours.owns(Some("https://x.com/ACME"), "https://x.com/acme/status/1"));
        assert!(ours.owns(None, "https://blog.acme.com/q3"));
        assert!(!ours.owns(None, "https://notacme.com/q3"));
        assert!(!OurPages::default().owns(Some("https://x.com/acme"), "https://acme.com"));
    }
}
