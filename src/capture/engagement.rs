//! Engagement lists as the rep's browser shows them: who reacted to or commented on a LinkedIn
//! post, who follows a company page, a person's recent activity; replies and quotes of a post on
//! X, a profile's posts. Like site profiles, each view is data (selectors with fallbacks), not code.
//! Only what the page already shows is read: nothing is clicked or fetched for the rep.

use super::sites::{attr, on_site, own_attr, pick, text, Pick};
use crate::capture::Collector;
use crate::engagement::{excerpt, when, Seen};
use crate::model::{Contact, EngagementKind, Extractor, Sourced};
use crate::normalize::SocialProfile;
use chrono::{DateTime, Utc};
use scraper::{ElementRef, Html, Selector};
use url::Url;

/// Most items read from one list (a viral post's reactions modal holds a few thousand).
const MAX_ITEMS: usize = 2_000;

/// Who did what an item shows.
enum Who {
    /// The item is a person: their name, headline and profile link.
    Item { name: &'static [Pick], headline: &'static [Pick], link: &'static [Pick] },
    /// The page is one person's (their activity): every item is theirs.
    Subject,
}

/// What an item's engagement is.
enum What {
    Always(EngagementKind),
    /// Read from the item's header ("Jane commented on this"); an item without one is a post of
    /// the person's own.
    Header {
        picks: &'static [Pick],
        phrases: &'static [(&'static str, EngagementKind)],
    },
}

/// Whose the engaged-with content is, and which it is.
enum Whose {
    /// The page's main post: its author's link and its URL (the first `segments` of the path).
    Page { author: &'static [Pick], segments: usize },
    /// A page of the content itself (a company page, a post's quotes): the path's first `owner`
    /// segments name the owner, its first `segments` the content.
    Path { owner: usize, segments: usize },
    /// Each item is its own content: its author's link, and its link or URN.
    Item { author: &'static [Pick], link: &'static [Pick], urn_base: &'static str },
}

struct View {
    extractor: Extractor,
    domains: &'static [&'static str],
    /// Paths of the pages it reads (`*` for any one segment).
    paths: &'static [&'static [&'static str]],
    /// Whether the path must have no segment beyond (a post page, not its quotes).
    exact: bool,
    item: &'static str,
    who: Who,
    what: What,
    whose: Whose,
    /// The main post's text, for the call note.
    excerpt: &'static [Pick],
    time: &'static [Pick],
    /// The comment or reply text, or the reaction's name.
    text: &'static [Pick],
}

const LI_PERSON: Who = Who::Item {
    name: &[
        text(".artdeco-entity-lockup__title span[aria-hidden='true']"),
        text(".artdeco-entity-lockup__title"),
        text(".comments-comment-meta__description-title"),
        text(".comments-post-meta__name-text span[aria-hidden='true']"),
        text(".comments-post-meta__name-text"),
    ],
    headline: &[
        text(".artdeco-entity-lockup__caption"),
        text(".comments-comment-meta__description-subtitle"),
        text(".comments-post-meta__headline"),
        text(".artdeco-entity-lockup__subtitle"),
    ],
    link: &[attr("a[href*='/in/']", "href")],
};

const LI_POST_AUTHOR: &[Pick] = &[
    attr(".update-components-actor__meta-link", "href"),
    attr(".update-components-actor__container a[href]", "href"),
    attr("[data-test-id='main-feed-activity-card__entity-lockup'] a[href]", "href"),
];

const LI_POST_TEXT: &[Pick] = &[
    text(".feed-shared-update-v2 .update-components-text"),
    text(".feed-shared-inline-show-more-text"),
    text("[data-test-id='main-feed-activity-card__commentary']"),
];

const X_TWEET_AUTHOR: &[Pick] = &[attr("[data-testid='User-Name'] a[href]", "href")];
const X_TIME: &[Pick] = &[attr("time[datetime]", "datetime"), text("time")];
const X_TEXT: &[Pick] = &[text("[data-testid='tweetText']")];
const X_PERSON: Who = Who::Item {
    name: &[text("[data-testid='User-Name'] a span span"), text("[data-testid='User-Name'] span")],
    headline: &[],
    link: X_TWEET_AUTHOR,
};

/// LinkedIn's reaction codes, as its interface names them.
const REACTIONS: &[(&str, &str)] = &[
    ("like", "Like"),
    ("praise", "Celebrate"),
    ("celebrate", "Celebrate"),
    ("appreciation", "Support"),
    ("support", "Support"),
    ("empathy", "Love"),
    ("love", "Love"),
    ("interest", "Insightful"),
    ("insightful", "Insightful"),
    ("entertainment", "Funny"),
    ("funny", "Funny"),
];

/// LinkedIn post pages: `/feed/update/urn:li:activity:…/` and `/posts/<slug>-activity-…/`.
const LI_POST_PATHS: &[&[&str]] = &[&["feed", "update", "*"], &["posts", "*"]];

const VIEWS: &[View] = &[
    View {
        extractor: Extractor::LinkedInEngagement,
        domains: &["linkedin.com"],
        paths: LI_POST_PATHS,
        exact: false,
        item: ".social-details-reactors-tab-body-list-item, .social-details-reactors-modal li.artdeco-list__item",
        who: LI_PERSON,
        what: What::Always(EngagementKind::Reaction),
        whose: Whose::Page { author: LI_POST_AUTHOR, segments: 3 },
        excerpt: LI_POST_TEXT,
        time: &[],
        text: &[
            attr("[data-test-reactions-icon-type]", "data-test-reactions-icon-type"),
            attr("img.reactions-icon", "alt"),
        ],
    },
    View {
        extractor: Extractor::LinkedInEngagement,
        domains: &["linkedin.com"],
        paths: LI_POST_PATHS,
        exact: false,
        item: "article.comments-comment-entity, article.comments-comment-item",
        who: LI_PERSON,
        what: What::Always(EngagementKind::Comment),
        whose: Whose::Page { author: LI_POST_AUTHOR, segments: 3 },
        excerpt: LI_POST_TEXT,
        time: &[
            attr("time[datetime]", "datetime"),
            text("time"),
            text(".comments-comment-meta__data"),
            text(".comments-comment-item__timestamp"),
        ],
        text: &[
            text(".comments-comment-item__main-content"),
            text(".comments-comment-item-content-body"),
            text(".update-components-text"),
        ],
    },
    View {
        extractor: Extractor::LinkedInEngagement,
        domains: &["linkedin.com"],
        paths: &[&["company", "*", "admin", "analytics", "followers"], &["company", "*", "admin", "followers"]],
        exact: false,
        item: ".org-view-page-followers-module__follower-list-item, .org-followers-list li, table.followers tbody tr",
        who: LI_PERSON,
        what: What::Always(EngagementKind::Follow),
        whose: Whose::Path { owner: 2, segments: 2 },
        excerpt: &[],
        time: &[attr("time[datetime]", "datetime"), text("time"), text(".follow-date")],
        text: &[],
    },
    View {
        extractor: Extractor::LinkedInEngagement,
        domains: &["linkedin.com"],
        paths: &[&["in", "*", "recent-activity"]],
        exact: false,
        item: ".feed-shared-update-v2, [data-urn^='urn:li:activity:']",
        who: Who::Subject,
        what: What::Header {
            picks: &[text(".update-components-header__text-view"), text(".update-components-header")],
            phrases: &[
                ("comment", EngagementKind::Comment),
                ("repost", EngagementKind::Share),
                ("like", EngagementKind::Reaction),
                ("reacted", EngagementKind::Reaction),
                ("celebrate", EngagementKind::Reaction),
                ("love", EngagementKind::Reaction),
                ("support", EngagementKind::Reaction),
                ("insightful", EngagementKind::Reaction),
                ("funny", EngagementKind::Reaction),
            ],
        },
        whose: Whose::Item {
            author: LI_POST_AUTHOR,
            link: &[own_attr("data-urn"), attr("[data-urn]", "data-urn")],
            urn_base: "https://www.linkedin.com/feed/update/",
        },
        excerpt: &[text(".update-components-text"), text(".feed-shared-inline-show-more-text")],
        time: &[
            text(".update-components-actor__sub-description span[aria-hidden='true']"),
            text(".update-components-actor__sub-description"),
        ],
        text: &[],
    },
    View {
        extractor: Extractor::XEngagement,
        domains: &["x.com", "twitter.com"],
        paths: &[&["*", "status", "*"]],
        exact: true,
        item: "article[data-testid='tweet']",
        who: X_PERSON,
        what: What::Always(EngagementKind::Reply),
        whose: Whose::Path { owner: 1, segments: 3 },
        excerpt: X_TEXT,
        time: X_TIME,
        text: X_TEXT,
    },
    View {
        extractor: Extractor::XEngagement,
        domains: &["x.com", "twitter.com"],
        paths: &[&["*", "status", "*", "quotes"]],
        exact: true,
        item: "article[data-testid='tweet']",
        who: X_PERSON,
        what: What::Always(EngagementKind::Share),
        whose: Whose::Path { owner: 1, segments: 3 },
        excerpt: &[],
        time: X_TIME,
        text: X_TEXT,
    },
    View {
        extractor: Extractor::XEngagement,
        domains: &["x.com", "twitter.com"],
        paths: &[&["*"]],
        exact: true,
        item: "article[data-testid='tweet']",
        who: Who::Subject,
        what: What::Header {
            picks: &[text("[data-testid='socialContext']")],
            phrases: &[("repost", EngagementKind::Share), ("retweet", EngagementKind::Share)],
        },
        whose: Whose::Item { author: X_TWEET_AUTHOR, link: &[attr("a[href*='/status/']", "href")], urn_base: "" },
        excerpt: X_TEXT,
        time: X_TIME,
        text: &[],
    },
];

/// Reads the engagement lists the page shows; `subject` is the person whose page it is, if any.
/// `true` when the page is one of the list views (even an empty one).
pub(super) fn extract(
    doc: &Html,
    page_url: &str,
    subject: Option<usize>,
    now: DateTime<Utc>,
    out: &mut Collector,
) -> bool {
    let Ok(url) = Url::parse(page_url) else { return false };
    let segments: Vec<&str> = url.path_segments().map(|s| s.filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    let mut listed = false;
    for view in VIEWS {
        let fits =
            view.paths.iter().any(|p| on_site(&url, view.domains, p) && (!view.exact || p.len() == segments.len()));
        if fits {
            listed = true;
            read_view(doc, &url, &segments, view, subject, now, out);
        }
    }
    listed
}

fn read_view(
    doc: &Html,
    url: &Url,
    segments: &[&str],
    view: &View,
    subject: Option<usize>,
    now: DateTime<Utc>,
    out: &mut Collector,
) {
    let Ok(items) = Selector::parse(view.item) else { return };
    let root = doc.root_element();
    let prefix = |n: usize| {
        let mut u = url.clone();
        u.set_query(None);
        u.set_fragment(None);
        u.set_path(&segments.iter().take(n).map(|s| format!("/{s}")).collect::<String>());
        u.to_string()
    };
    let page_excerpt = pick(root, view.excerpt).and_then(|t| excerpt(&t));
    let (page_owner, page_target) = match &view.whose {
        Whose::Page { author, segments } => (link(root, author, url), Some(prefix(*segments))),
        Whose::Path { owner, segments } => (Some(prefix(*owner)), Some(prefix(*segments))),
        Whose::Item { .. } => (None, None),
    };
    let subject_profile =
        subject.and_then(|i| out.contacts.get(i)).and_then(|c| c.profiles.first()).map(|p| p.value.url());
    for item in root.select(&items).take(MAX_ITEMS) {
        let who = match &view.who {
            Who::Item { name, headline, link: profile } => {
                let profile = link(item, profile, url).and_then(|l| SocialProfile::parse(&l));
                let sourced = |v: String| Sourced::new(v, view.extractor);
                let contact = Contact {
                    name: pick(item, name).filter(|n| !n.contains('@')).map(sourced),
                    headline: pick(item, headline).map(sourced),
                    profiles: profile.into_iter().map(|p| Sourced::new(p, view.extractor)).collect(),
                    ..Contact::default()
                };
                // Nobody to match without a profile link: a list item we cannot tell apart.
                if contact.profiles.is_empty() {
                    continue;
                }
                let me = contact.profiles.first().map(|p| p.value.url());
                // The author answering under their own post is not engagement.
                if me.is_some() && page_owner.as_deref().and_then(SocialProfile::parse).map(|p| p.url()) == me {
                    continue;
                }
                out.add_contact(contact)
            }
            Who::Subject => subject,
        };
        let Some(contact) = who else { continue };
        let (owner, target, item_excerpt) = match &view.whose {
            Whose::Item { author, link: content, urn_base } => {
                let target = pick(item, content).map(|l| match l.strip_prefix("urn:") {
                    Some(_) => format!("{urn_base}{l}"),
                    None => url.join(&l).map(String::from).unwrap_or(l),
                });
                (link(item, author, url), target, pick(item, view.excerpt).and_then(|t| excerpt(&t)))
            }
            _ => (page_owner.clone(), page_target.clone(), page_excerpt.clone()),
        };
        let Some(target) = target else { continue };
        let kind = match &view.what {
            What::Always(kind) => *kind,
            What::Header { picks, phrases } => match pick(item, picks) {
                Some(header) => {
                    let header = header.to_lowercase();
                    match phrases.iter().find(|(p, _)| header.contains(p)) {
                        Some((_, kind)) => *kind,
                        None => continue,
                    }
                }
                // No header: the person's own post, unless someone else wrote it.
                None if same_profile(owner.as_deref(), subject_profile.as_deref()) => EngagementKind::Post,
                None => continue,
            },
        };
        let at = pick(item, view.time).and_then(|t| when::parse(&t, now)).unwrap_or(now);
        let said = pick(item, view.text).map(|t| reaction_name(&t).unwrap_or(t));
        if kind == EngagementKind::Post {
            for mentioned in mentions(item, url) {
                let text = item_excerpt.clone();
                out.engagements.push(Seen {
                    contact,
                    kind: EngagementKind::Mention,
                    target: target.clone(),
                    owner: Some(mentioned),
                    at,
                    excerpt: text.clone(),
                    text,
                });
            }
        }
        out.engagements.push(Seen { contact, kind, target, owner, at, excerpt: item_excerpt, text: said });
    }
}

/// A link the picks find, made absolute.
fn link(root: ElementRef, picks: &[Pick], base: &Url) -> Option<String> {
    pick(root, picks).and_then(|l| base.join(&l).ok()).map(String::from)
}

fn same_profile(a: Option<&str>, b: Option<&str>) -> bool {
    let canonical = |l: Option<&str>| l.and_then(SocialProfile::parse).map(|p| p.url());
    canonical(a).is_some() && canonical(a) == canonical(b)
}

/// "LIKE", "praise", "Celebrate" as LinkedIn's interface names the reaction.
fn reaction_name(code: &str) -> Option<String> {
    let code = code.trim().to_lowercase();
    REACTIONS.iter().find(|(c, _)| code == *c).map(|(_, name)| name.to_string())
}

/// Pages a post links to by name (LinkedIn company and people mentions, X @handles).
fn mentions(item: ElementRef, base: &Url) -> Vec<String> {
    let Ok(links) = Selector::parse("[data-testid='tweetText'] a[href], .update-components-text a[href]") else {
        return Vec::new();
    };
    let mut found: Vec<String> = item
        .select(&links)
        .filter_map(|a| base.join(a.value().attr("href")?).ok())
        .filter(|u| crate::engagement::ours::page_key(u.as_str()).is_some_and(|k| k.contains('/')))
        .filter(|u| !u.path().contains("/hashtag") && !u.path().contains("/status/"))
        .map(String::from)
        .collect();
    found.dedup();
    found
}
