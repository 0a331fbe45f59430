//! The words that tell a name, a job title and an employer apart: the word tables and the
//! predicates made of them.

use super::{digits, MAX_NAME_CHARS};
use crate::normalize::{is_place, is_suffix};

/// Words that make a heading a section title rather than a person's name.
const NOT_NAME_WORDS: &[&str] = &[
    "about",
    "team",
    "our",
    // "Ihre Ansprechpartner", "Notre équipe", "Nuestro equipo", "Onze mensen": possessives and
    // the labels they lead, in the major languages.
    "your",
    "ihre",
    "ihr",
    "unser",
    "unsere",
    "notre",
    "nos",
    "votre",
    "vos",
    "nuestro",
    "nuestra",
    "nuestros",
    "nuestras",
    "onze",
    "uw",
    "nostro",
    "nostra",
    "nostri",
    "ansprechpartner",
    "ansprechpartnerin",
    "équipe",
    "equipo",
    "mitarbeiter",
    "contact",
    "us",
    "services",
    "products",
    "news",
    "blog",
    "home",
    "careers",
    "jobs",
    "company",
    "leadership",
    "management",
    "board",
    "the",
    "and",
    "of",
    "for",
    "with",
    "in",
    "at",
    "from",
    "by",
    "on",
    "welcome",
    "meet",
    "people",
    "staff",
    "directors",
    "partners",
    "office",
    "offices",
    "locations",
    "privacy",
    "policy",
    "terms",
    "menu",
    "search",
    "login",
    "sign",
    "read",
    "more",
    "learn",
    "view",
    "inc",
    "ltd",
    "llc",
    "gmbh",
    "corp",
    "group",
    "solutions",
    "support",
    "sales",
    "marketing",
    "department",
    "center",
    "centre",
    "university",
    "school",
    // What product, pricing and careers pages head their sections with ("Starter Plan",
    // "Product Manager Job Description").
    "plan",
    "plans",
    "pricing",
    "feature",
    "features",
    "free",
    "trial",
    "demo",
    "starter",
    "premium",
    "enterprise",
    "basic",
    "inbox",
    "dashboard",
    "integrations",
    "platform",
    "software",
    "webinar",
    "series",
    "salary",
    "description",
    "positions",
    "openings",
    // Events ("Revenue Leaders Dinner", "Sales Summit Berlin").
    "summit",
    "dinner",
    "conference",
    "meetup",
    "workshop",
    "keynote",
    "event",
    "events",
    "expo",
    "awards",
    // A rank's honour ("Chairman Emeritus").
    "emeritus",
    "emerita",
    // A blog's side columns ("Popular Tags", "Recent Posts").
    "tags",
    "topics",
    "categories",
    "popular",
    "trending",
    "related",
    "recent",
    "posts",
    "articles",
    "archives",
    // Skills and topics, as profiles and event pages list them ("Cold Calling", "Lead Generation").
    "calling",
    "selling",
    "prospecting",
    "networking",
    "negotiation",
    "consulting",
    "coaching",
    "training",
    "planning",
    "forecasting",
    "budgeting",
    "recruiting",
    "recruitment",
    "onboarding",
    "generation",
    "enablement",
    "strategy",
    "analytics",
    "communication",
    "communications",
    "development",
    "skills",
    "advertising",
    "branding",
    "copywriting",
    "storytelling",
    "outsourcing",
    "bookkeeping",
    "accounting",
    // What a link or button says ("Email Tomás", "Call Anna").
    "email",
    "e-mail",
    "mail",
    "call",
    "phone",
    "message",
    "write",
    "linkedin",
];

/// Endings of German compound titles: Vertriebsleiter, Geschäftsführerin, Personalreferent.
const TITLE_ENDINGS: &[&str] =
    &["leiter", "leiterin", "führer", "führerin", "referent", "referentin", "manager", "managerin"];

/// Words that mark a short line as a job title.
const TITLE_WORDS: &[&str] = &[
    "ceo",
    "cto",
    "cfo",
    "coo",
    "cmo",
    "cio",
    "ciso",
    "cro",
    "vp",
    "svp",
    "evp",
    "chief",
    "officer",
    "president",
    "founder",
    "co-founder",
    "cofounder",
    "owner",
    "partner",
    "director",
    "head",
    "manager",
    "lead",
    "leader",
    "principal",
    "engineer",
    "developer",
    "architect",
    "designer",
    "analyst",
    "consultant",
    "specialist",
    "coordinator",
    "executive",
    "associate",
    "assistant",
    "advisor",
    "adviser",
    "representative",
    "recruiter",
    "counsel",
    "attorney",
    "accountant",
    "controller",
    "treasurer",
    "secretary",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "administrator",
    "buyer",
    "procurement",
    "purchasing",
    "sales",
    "marketing",
    "operations",
    "product",
    "account",
    "business",
    "development",
    "scientist",
    "researcher",
    "professor",
    "editor",
    "producer",
    "agent",
    "broker",
    "supervisor",
    "superintendent",
    "foreman",
    "technician",
    "nurse",
    "physician",
    "doctor",
    "dentist",
    "pharmacist",
    "therapist",
    "teacher",
    "dean",
    "lecturer",
    "instructor",
    "librarian",
    "counselor",
    "counsellor",
    "paralegal",
    "receptionist",
    "gérant",
    "directeur",
    "directrice",
    "responsable",
    "geschäftsführer",
    "leiter",
    "leiterin",
    "director",
    "gerente",
    "jefe",
    "directora",
    "direttore",
    "responsabile",
    // Feminine and other forms of the above.
    "gérante",
    "fondateur",
    "fondatrice",
    "président",
    "présidente",
    "associé",
    "associée",
    "cofondateur",
    "cofondatrice",
    "ingénieur",
    "ingénieure",
    "consultante",
    "assistante",
    "comptable",
    "chargé",
    "chargée",
    "presidente",
    "fundador",
    "fundadora",
    "socio",
    "socia",
    "gründer",
    "gründerin",
    "berater",
    "beraterin",
    "fondatore",
    // Departments that label a line of people ("Vertrieb: Thomas Weber").
    "vertrieb",
    "verkauf",
    "einkauf",
    "inhaber",
    "inhaberin",
    "vorstand",
    "prokurist",
    "commercial",
    "commerciale",
    "achats",
    "ventas",
    "compras",
    "vendite",
    "acquisti",
];

/// Two to four capitalised words of letters (initials, hyphens, apostrophes and particles allowed),
/// none of them a section-title word.
pub(in crate::capture) fn looks_like_name(text: &str) -> bool {
    // "Dr. Samuel K. Adeyemi, CPA", "Jane Roe, PhD, MBA": the name before its credentials.
    if let Some((name, credentials)) = text.split_once(", ") {
        return credentials.split(", ").all(is_suffix) && looks_like_name(name);
    }
    // The cheap refusals first: most text on a page is no name.
    if text.len() > MAX_NAME_CHARS * 4
        || text.chars().count() > MAX_NAME_CHARS
        || text.contains(['@', ':', '/', '|', '?', '!', '&', '©', '+'])
        || text.bytes().any(|b| b.is_ascii_digit())
        || !(2..=5).contains(&text.split_whitespace().count())
    {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let particle = |w: &str| {
        matches!(
            w,
            "van"
                | "von"
                | "de"
                | "der"
                | "den"
                | "del"
                | "della"
                | "la"
                | "le"
                | "du"
                | "da"
                | "di"
                | "dos"
                | "das"
                | "bin"
                | "al"
                | "ter"
                | "ten"
        )
    };
    let capitalised = words.iter().filter(|w| !particle(w)).all(|w| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.all(|c| c.is_alphabetic() || "-'’.".contains(c))
    });
    let all_caps = words.iter().all(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
    // "Senior Consultant" is a title however it is capitalised; Dean is a name as often as a rank.
    let not_a_name = |w: &str| NOT_NAME_WORDS.contains(&w) || (is_title_word(w) && w != "dean");
    capitalised && !all_caps && !words.iter().any(|w| not_a_name(w.trim_matches('.').to_lowercase().as_str()))
}

pub(in crate::capture) fn looks_like_title(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words = || lower.split(|c: char| !c.is_alphanumeric() && c != '-');
    text.chars().count() <= 100
        // An address is no title; "Head of Logistics @ Contoso" is one.
        && !text.split_whitespace().any(|w| w.contains('@') && w != "@")
        && digits(text) < 4
        // "Account Manager on call 24/7" is a promise, "Sales in 40 countries" a boast; "CEO at
        // 37signals" and "Tier 1 Support" are titles.
        && !text.split_whitespace().any(|w| digits(w) >= 2 && !w.chars().any(char::is_alphabetic))
        && words().any(is_title_word)
        // A sentence, not a title: "We help sales teams grow", "Our account managers advise you".
        && !words().any(|w| SENTENCE_WORDS.contains(&w))
}

/// Pronouns no job title holds; "it" is left out, as "Head of IT" is one.
const SENTENCE_WORDS: &[&str] = &["we", "our", "ours", "you", "your", "yours", "us", "they", "their", "my", "me"];

/// Words of a department or a sales region: "VP Sales, EMEA" and "Partner, Tax & Audit" name no
/// employer after the comma.
const UNIT_WORDS: &[&str] = &[
    "emea",
    "apac",
    "amer",
    "americas",
    "latam",
    "dach",
    "nordics",
    "benelux",
    "europe",
    "asia",
    "pacific",
    "africa",
    "middle",
    "east",
    "north",
    "south",
    "west",
    "western",
    "eastern",
    "central",
    "northern",
    "southern",
    "america",
    "global",
    "worldwide",
    "international",
    "national",
    "regional",
    "region",
    "uk",
    "us",
    "usa",
    "ireland",
    "finance",
    "tax",
    "audit",
    "legal",
    "engineering",
    "research",
    "strategy",
    "communications",
    "talent",
    "growth",
    "revenue",
    "design",
    "data",
    "security",
    "compliance",
    "risk",
    "partnerships",
    "people",
    "hr",
    "it",
    "human",
    "resources",
    "customer",
    "success",
    "investor",
    "relations",
    "board",
    "committee",
    "committees",
    "council",
    "public",
    "corporate",
    "enterprise",
    "digital",
    "technology",
    "innovation",
    "platform",
    "infrastructure",
    "analytics",
    "brand",
    "content",
    "events",
    "retail",
    "private",
    "banking",
    "wealth",
    "equity",
    "litigation",
    "real",
    "estate",
    "strategic",
    "accounts",
    "channel",
    "alliances",
    "field",
    "inside",
    "and",
    "of",
    "the",
    "&",
    // Industries, as company pages and profiles label them ("Logistics & Supply Chain").
    "logistics",
    "supply",
    "chain",
    "manufacturing",
    "software",
    "consulting",
    "healthcare",
    "education",
    "hospitality",
    "construction",
    "insurance",
    "transportation",
    "telecommunications",
    "media",
    "advertising",
    "automotive",
    "energy",
    "utilities",
    "pharmaceuticals",
    "biotechnology",
    "government",
    "nonprofit",
    "agriculture",
    "food",
    "beverages",
    "travel",
    "tourism",
    "internet",
    "information",
    "services",
    "staffing",
    "recruiting",
    "wholesale",
];

/// Words that may join the capitalised words of a company's name ("Bank of America").
const NAME_JOINERS: &[&str] = &["of", "and", "&", "the", "de", "du", "des", "la", "le", "und", "y", "e", "for", "+"];

/// A name as companies write theirs: capitalised words (or a domain, "monday.com"), joined by a
/// few small words; not the rest of a sentence ("JP Morgan said…").
pub(in crate::capture) fn capitalised_name(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let opens = words
        .next()
        .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) || w.contains('.'));
    opens
        && words.all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphanumeric())
                || NAME_JOINERS.contains(&w)
        })
}

/// What a link or button under a card says, which names no employer.
const LINK_WORDS: &[&str] = &[
    "read", "more", "learn", "view", "see", "full", "bio", "profile", "contact", "email", "follow", "website", "visit",
];

/// Whether the text after a title names its employer ("Chief Revenue Officer, Datamesh"): a short
/// capitalised name that is no title, department, region, place or credential, nor an address,
/// a date or a link's words.
pub(in crate::capture) fn looks_like_employer(text: &str) -> bool {
    let words = text.split_whitespace();
    let link_word = |w: &str| LINK_WORDS.contains(&w.to_lowercase().as_str());
    let unit = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&').to_lowercase();
        w.is_empty() || UNIT_WORDS.contains(&w.as_str())
    };
    (1..=6).contains(&words.clone().count())
        && text.chars().count() <= MAX_NAME_CHARS
        && capitalised_name(text)
        && !text.contains(['@', '/', ':', '(', ')'])
        && digits(text) < 3
        && !looks_like_title(text)
        && !words.clone().all(unit)
        && !words.clone().any(link_word)
        && !is_suffix(text)
        && !time_ago(text)
        && !text.split(',').any(is_place)
}

/// "2d", "5h • Edited", "3mo": how long ago a post was written, as feeds show it ("3M" is a company).
fn time_ago(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or_default();
    let unit = first.trim_start_matches(|c: char| c.is_ascii_digit());
    unit.len() < first.len() && unit.len() <= 3 && unit.chars().all(|c| c.is_ascii_lowercase())
}

/// A job-title word, German compounds included ("Vertriebsleiterin", "Geschäftsführerin").
pub(super) fn is_title_word(word: &str) -> bool {
    TITLE_WORDS.contains(&word) || word.chars().count() > 6 && TITLE_ENDINGS.iter().any(|end| word.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_capitalised_words_not_section_titles() {
        for yes in [
            "Jane Doe",
            "María José García",
            "Jean-Luc Picard",
            "Ludwig van Beethoven",
            "J. R. Smith",
            "Seán O'Brien",
            "Dean Martin",
        ] {
            assert!(looks_like_name(yes), "{yes}");
        }
        for no in [
            "Our Team",
            "Contact Us",
            "JANE DOE",
            "jane doe",
            "Madonna",
            "Read more about Jane",
            "Acme Inc",
            "Q3 2024 Results",
            "Senior Consultant",
            "Head of Operations",
            "Email Tomás",
        ] {
            assert!(!looks_like_name(no), "{no}");
        }
    }
}
