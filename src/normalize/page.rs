//! A page's address as a lead's provenance keeps it: scheme, host and path. A query string or a
//! fragment can hold a session, a search, a mailbox's state or a tracking id, and provenance goes
//! to the CRM, so both are dropped; only the parameters that name the page itself on the sites
//! `page_params.txt` lists stay (`profile.php?id=4`).

use url::Url;

const PAGE_PARAMS: &str = include_str!("page_params.txt");

/// `raw` without its query string and fragment, but for the parameters that name the page.
/// Something that is not a URL loses everything from its first `?` or `#`.
pub fn page_address(raw: &str) -> String {
    let Some(cut) = raw.find(['?', '#']) else { return raw.to_string() };
    let Ok(mut url) = Url::parse(raw) else { return raw[..cut].to_string() };
    url.set_fragment(None);
    let kept: Vec<(String, String)> = match naming_params(&url) {
        Some(names) => {
            url.query_pairs().filter(|(k, _)| names.contains(&k.as_ref())).map(|(k, v)| (k.into(), v.into())).collect()
        }
        None => Vec::new(),
    };
    url.set_query(None);
    if !kept.is_empty() {
        url.query_pairs_mut().extend_pairs(kept);
    }
    url.into()
}

/// The parameters that name a page at this URL's host and path, if the site is listed.
fn naming_params(url: &Url) -> Option<Vec<&'static str>> {
    let host = url.host_str()?.to_ascii_lowercase();
    PAGE_PARAMS.lines().filter(|l| !l.starts_with('#')).find_map(|line| {
        let mut words = line.split_whitespace();
        let (site, path) = (words.next()?, words.next()?);
        (covers(site, &host) && url.path() == path).then(|| words.collect())
    })
}

/// Whether a rule for `site` covers `host`: the same host, or a subdomain of it.
pub fn covers(site: &str, host: &str) -> bool {
    host == site || host.strip_suffix(site).is_some_and(|sub| sub.ends_with('.'))
}

/// Reads a stored address as [`page_address`] keeps it: leads saved before provenance dropped
/// query strings lose theirs when read, so none reaches a CRM.
pub fn deserialize_page_address<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw: std::borrow::Cow<'de, str> = serde::Deserialize::deserialize(d)?;
    Ok(page_address(&raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_scheme_host_and_path() {
        for (raw, kept) in [
            ("https://mail.example.com/u/0/?tab=rm&ogbl#inbox/FMfcgz", "https://mail.example.com/u/0/"),
            ("https://www.linkedin.com/in/jane-roe/?originalSubdomain=uk", "https://www.linkedin.com/in/jane-roe/"),
            ("https://acme.test/team#sales", "https://acme.test/team"),
            ("https://acme.test/team", "https://acme.test/team"),
            (
                "https://m.facebook.com/profile.php?id=1000&ref=bookmarks#x",
                "https://m.facebook.com/profile.php?id=1000",
            ),
            ("https://www.youtube.com/watch?list=PL1&v=abc&t=42", "https://www.youtube.com/watch?v=abc"),
            ("https://notfacebook.com/profile.php?id=1", "https://notfacebook.com/profile.php"),
            ("https://facebook.com/search?q=jane&id=3", "https://facebook.com/search"),
            ("import of leads.csv?x", "import of leads.csv"),
        ] {
            assert_eq!(page_address(raw), kept, "{raw}");
        }
    }
}
