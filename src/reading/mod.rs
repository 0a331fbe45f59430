//! Which sites Leadlens reads, and where it saves everyone the rep opens: the never-read list
//! (webmail by default, edited in Options), the sites the rep paused from the panel, and the
//! "save everyone I open here" rule (off everywhere by default). The CRM's own site is never read
//! either; the worker adds it, since only it knows the CRM.
//!
//! A site is a host without its `www.`; a site covers its subdomains.

use crate::normalize::page::covers;
use serde::{Deserialize, Serialize};
use url::Url;

const NEVER_READ: &str = include_str!("never_read.txt");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteRules {
    pub never_read: Vec<String>,
    pub paused: Vec<String>,
    pub save_everyone: Vec<String>,
}

impl Default for SiteRules {
    fn default() -> SiteRules {
        let never_read = NEVER_READ.lines().filter_map(site_of_line).collect();
        SiteRules { never_read, paused: Vec::new(), save_everyone: Vec::new() }
    }
}

/// What the panel can change for the current tab's site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteRule {
    Pause,
    Resume,
    SaveEveryone,
    SaveWhenAsked,
}

/// The three lists as Options edits them: one site per line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteLists {
    pub never_read: String,
    pub paused: String,
    pub save_everyone: String,
}

impl SiteRules {
    /// Whether a page at `url` may be read, the CRM at `crm_base` aside.
    pub fn reads(&self, url: &str, crm_base: Option<&str>) -> bool {
        let Some(site) = site_of(url) else { return false };
        !self.never_read.iter().chain(&self.paused).any(|q| covers(q, &site))
            && !crm_base.is_some_and(|base| on_crm(url, base))
    }

    /// Every site nothing is read from: the never-read list, the paused sites, and the CRM's
    /// host (with its port, when it has one: a CRM on `127.0.0.1:8000` is not every local site).
    /// The content script checks a page's host against this list as [`SiteRules::reads`] does.
    pub fn quiet(&self, crm_base: Option<&str>) -> Vec<String> {
        let crm = crm_base.and_then(host_and_port);
        let mut all: Vec<String> = self.never_read.iter().chain(&self.paused).cloned().chain(crm).collect();
        all.sort();
        all.dedup();
        all
    }

    pub fn saves_everyone(&self, url: &str) -> bool {
        site_of(url).is_some_and(|site| self.save_everyone.iter().any(|s| covers(s, &site)))
    }

    pub fn is_paused(&self, url: &str) -> bool {
        site_of(url).is_some_and(|site| self.paused.iter().any(|s| covers(s, &site)))
    }

    /// Applies the rep's choice for the site of `url`; whether anything changed.
    pub fn apply(&mut self, url: &str, rule: SiteRule) -> bool {
        let Some(site) = site_of(url) else { return false };
        let (list, on) = match rule {
            SiteRule::Pause => (&mut self.paused, true),
            SiteRule::Resume => (&mut self.paused, false),
            SiteRule::SaveEveryone => (&mut self.save_everyone, true),
            SiteRule::SaveWhenAsked => (&mut self.save_everyone, false),
        };
        let before = list.len();
        if on {
            if !list.iter().any(|s| covers(s, &site)) {
                list.push(site);
            }
        } else {
            list.retain(|s| !covers(s, &site));
        }
        list.len() != before
    }

    pub fn lists(&self) -> SiteLists {
        SiteLists {
            never_read: self.never_read.join("\n"),
            paused: self.paused.join("\n"),
            save_everyone: self.save_everyone.join("\n"),
        }
    }

    /// The lists as Options sent them, and the lines that name no site.
    pub fn from_lists(lists: &SiteLists) -> (SiteRules, Vec<String>) {
        let mut unread = Vec::new();
        let mut read = |text: &str| {
            let mut sites: Vec<String> = Vec::new();
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                match site_of_line(line) {
                    Some(site) if !sites.contains(&site) => sites.push(site),
                    Some(_) => {}
                    None => unread.push(line.to_string()),
                }
            }
            sites
        };
        let rules = SiteRules {
            never_read: read(&lists.never_read),
            paused: read(&lists.paused),
            save_everyone: read(&lists.save_everyone),
        };
        (rules, unread)
    }
}

/// The site of a page: its host, lower case, without `www.`; `None` for what is not a web page.
pub fn site_of(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

/// Whether a page is the CRM's own (at `base`): its host and port, or a subdomain of its host.
pub fn on_crm(url: &str, base: &str) -> bool {
    let Some(crm) = host_and_port(base) else { return false };
    host_and_port(url).is_some_and(|host| host == crm) || site_of(url).is_some_and(|site| covers(&crm, &site))
}

/// A page's host as `location.host` gives it: with its port when the URL names one.
fn host_and_port(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// A site as a person writes it: `acme.com`, `https://www.acme.com/team`, `*.acme.com`.
fn site_of_line(line: &str) -> Option<String> {
    let line = line.trim().trim_start_matches("*.");
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let site = if line.contains("://") { site_of(line) } else { site_of(&format!("https://{line}")) }?;
    // A single label ("intranet") and an address ("127.0.0.1") are hosts too; what has spaces,
    // or neither letters nor an address's form, is not a site.
    let named = site.chars().any(|c| c.is_ascii_alphabetic() || !c.is_ascii());
    // (As written: the URL parser reads "12" as the address 0.0.0.12.)
    (named || site.parse::<std::net::IpAddr>().is_ok() && line.contains(site.as_str())).then_some(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webmail_and_the_crm_are_not_read_by_default() {
        let rules = SiteRules::default();
        assert!(!rules.reads("https://mail.google.com/mail/u/0/#inbox", None));
        assert!(!rules.reads("https://outlook.office.com/mail/", None));
        assert!(rules.reads("https://www.linkedin.com/in/jane-roe/", None));
        assert!(!rules.reads("https://crm.acme.test/leads/42", Some("https://crm.acme.test/api")));
        assert!(rules.reads("https://acme.test/team", Some("https://crm.acme.test/api")));
        // A CRM on a port is that origin's host and port, not every site on the machine.
        let local = Some("http://127.0.0.1:8000/api");
        assert!(!rules.reads("http://127.0.0.1:8000/leads", local));
        assert!(rules.reads("http://127.0.0.1:9000/team.html", local));
        assert!(rules.quiet(local).contains(&"127.0.0.1:8000".to_string()));
        assert!(!rules.reads("chrome://settings", None));
        // A look-alike is not covered: only the same host or its subdomains are.
        assert!(rules.reads("https://notmail.google.com.evil.test/", None));
        assert!(rules.reads("https://xmail.google.com/", None));
    }

    #[test]
    fn the_panel_pauses_and_resumes_a_site_and_its_subdomains() {
        let mut rules = SiteRules::default();
        assert!(rules.apply("https://www.acme.test/team?x=1", SiteRule::Pause));
        assert!(!rules.apply("https://acme.test/", SiteRule::Pause), "paused already");
        assert!(!rules.reads("https://jobs.acme.test/", None));
        assert!(rules.is_paused("https://acme.test/about"));
        assert!(rules.apply("https://acme.test/", SiteRule::Resume));
        assert!(rules.reads("https://acme.test/team", None));
        assert!(!rules.saves_everyone("https://acme.test/team"));
        assert!(rules.apply("https://acme.test/team", SiteRule::SaveEveryone));
        assert!(rules.saves_everyone("https://www.acme.test/people"));
        assert!(rules.apply("https://acme.test/team", SiteRule::SaveWhenAsked));
        assert!(!rules.saves_everyone("https://acme.test/team"));
    }

    #[test]
    fn options_lists_are_read_line_by_line_and_what_is_no_site_is_named() {
        let lists = SiteLists {
            never_read:
                "mail.acme.test\nhttps://www.intranet.acme.test/home\n*.hr.acme.test\n\nnot a site\n192.168.1.20\n12\n"
                    .into(),
            paused: "example.org\nexample.org\n".into(),
            save_everyone: String::new(),
        };
        let (rules, unread) = SiteRules::from_lists(&lists);
        assert_eq!(rules.never_read, ["mail.acme.test", "intranet.acme.test", "hr.acme.test", "192.168.1.20"]);
        assert_eq!(rules.paused, ["example.org"]);
        assert_eq!(unread, ["not a site", "12"]);
        assert_eq!(SiteRules::from_lists(&rules.lists()).0, rules);
    }
}
