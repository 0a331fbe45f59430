//! The schema.org vocabulary, however a page wrote it (JSON-LD, microdata, RDFa Lite): Person,
//! Organization and its business subtypes, ContactPoint, PostalAddress, ProfilePage, `@graph`,
//! arrays, `@id` references and Role wrappers, mapped into contacts and the page's organisation.

use crate::capture::{Collector, Organization};
use crate::model::{Contact, Extractor, Phone, Sourced};
use crate::normalize::{Email, SocialProfile};
use crate::text::clean;
use serde_json::{Map, Value};
use std::collections::HashMap;

const MAX_DEPTH: usize = 32;
const MAX_NODES: usize = 20_000;
const MAX_VALUES_PER_FIELD: usize = 20;
/// Nodes looked through for a person's or an organisation's ContactPoints.
const MAX_POINT_NODES: usize = 500;
/// Keys under which an organisation is the site's publisher or vendor, not the page's subject.
const NOT_SUBJECT_KEYS: &[&str] = &[
    "publisher",
    "provider",
    "creator",
    "author",
    "brand",
    "isPartOf",
    "sourceOrganization",
    "copyrightHolder",
    "funder",
    "sponsor",
];

/// An organisation's properties that list the people who work for it: they work there.
const STAFF_KEYS: &[&str] = &["employee", "employees", "founder", "founders", "member", "members"];

/// Maps schema.org nodes (as JSON-LD values) into `out`, crediting `extractor`.
pub(super) fn collect(values: &[Value], extractor: Extractor, out: &mut Collector) {
    let mut ids = HashMap::new();
    for v in values {
        index_ids(v, 0, &mut ids);
    }
    let mut walk = Walk { ids, nodes: 0, extractor, out, loose: Default::default() };
    for v in values {
        walk.visit(v, 0, true, None, false);
    }
    let (emails, phones) = std::mem::take(&mut walk.loose);
    let (emails, phones) = walk.sourced_reach(emails, phones);
    walk.out.absorb_organization(Organization { emails, phones, ..Organization::default() });
}

fn index_ids<'a>(v: &'a Value, depth: usize, ids: &mut HashMap<&'a str, &'a Value>) {
    if depth > MAX_DEPTH || ids.len() > MAX_NODES {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|x| index_ids(x, depth + 1, ids)),
        Value::Object(m) => {
            if let (Some(Value::String(id)), true) = (m.get("@id"), m.len() > 1) {
                ids.entry(id.as_str()).or_insert(v);
            }
            m.values().for_each(|x| index_ids(x, depth + 1, ids));
        }
        _ => {}
    }
}

fn short_type(t: &str) -> &str {
    t.rsplit(['/', ':', '#']).next().unwrap_or(t)
}

fn types(m: &Map<String, Value>) -> Vec<&str> {
    let short = short_type;
    match m.get("@type") {
        Some(Value::String(t)) => vec![short(t)],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(short).collect(),
        _ => vec![],
    }
}

fn is_person(types: &[&str]) -> bool {
    types.contains(&"Person")
}

/// Endings of schema.org's organisation types: `MedicalOrganization`, `HomeAndConstructionBusiness`,
/// `BikeStore`, `TravelAgency`, `AutoBodyShop`, `FastFoodRestaurant`… Not "Service" (a `TaxiService`
/// is an offer) nor "Station" (a `TrainStation` is a place).
const ORGANIZATION_ENDINGS: &[&str] = &[
    "Organization",
    "Business",
    "Store",
    "Agency",
    "Shop",
    "Restaurant",
    "Club",
    "Contractor",
    "Salon",
    "Dealer",
    "Group",
    "School",
    "Office",
    "Team",
    "Agent",
];

/// schema.org's organisation types that end otherwise: the local businesses a rep calls most
/// (a dental practice's page is a `Dentist`, a law firm's an `Attorney`).
const ORGANIZATION_TYPES: &[&str] = &[
    "Corporation",
    "Consortium",
    "NGO",
    "Airline",
    "Project",
    "Cooperative",
    "WorkersUnion",
    "PoliticalParty",
    "FundingScheme",
    "LibrarySystem",
    "CollegeOrUniversity",
    "Preschool",
    "Dentist",
    "Physician",
    "Hospital",
    "Pharmacy",
    "MedicalClinic",
    "DiagnosticLab",
    "VeterinaryCare",
    "Optician",
    "Attorney",
    "Notary",
    "Plumber",
    "Electrician",
    "Locksmith",
    "HousePainter",
    "MovingCompany",
    "SelfStorage",
    "Bakery",
    "BarOrPub",
    "Brewery",
    "Distillery",
    "Winery",
    "CafeOrCoffeeShop",
    "Hotel",
    "Motel",
    "Hostel",
    "Resort",
    "BedAndBreakfast",
    "Campground",
    "VacationRental",
    "Library",
    "ChildCare",
    "DaySpa",
    "ExerciseGym",
    "GolfCourse",
    "SkiResort",
    "Florist",
    "Casino",
    "ArtGallery",
    "AmusementPark",
    "MovieTheater",
    "BankOrCreditUnion",
    "AutoRepair",
    "AutoRental",
    "AutoWash",
    "MotorcycleRepair",
    "AnimalShelter",
    "DryCleaningOrLaundry",
    "InternetCafe",
    "StadiumOrArena",
    "TennisComplex",
    "BowlingAlley",
    "PublicSwimmingPool",
    "ProfessionalService",
    "LegalService",
    "FinancialService",
    "AccountingService",
    "EmergencyService",
    "GasStation",
    "PoliceStation",
    "FireStation",
    "RadioStation",
    "TelevisionStation",
    "ShoppingCenter",
    "RecyclingCenter",
    "TouristInformationCenter",
];

fn is_organization(types: &[&str]) -> bool {
    types.iter().any(|t| ORGANIZATION_TYPES.contains(t) || ORGANIZATION_ENDINGS.iter().any(|end| t.ends_with(end)))
}

struct Walk<'a, 'c> {
    ids: HashMap<&'a str, &'a Value>,
    nodes: usize,
    extractor: Extractor,
    out: &'c mut Collector,
    /// Emails and phones of ContactPoints no person or organisation holds: the page's
    /// organisation's, given it once the walk has found which that is.
    loose: (Vec<String>, Vec<String>),
}

impl<'a> Walk<'a, '_> {
    /// `subject`: an organisation met here may be the page's subject (not a publisher or a vendor).
    /// `employer`: the organisation whose staff list `v` is in, if it is in one.
    /// `held`: `v` is inside an organisation, whose ContactPoints are its own.
    fn visit(&mut self, v: &'a Value, depth: usize, subject: bool, employer: Option<&str>, held: bool) {
        if depth > MAX_DEPTH || self.nodes >= MAX_NODES {
            if !self.out.notes.iter().any(|n| n.starts_with("JSON-LD too deep")) {
                self.out.notes.push("JSON-LD too deep or too large: the rest of it was not read.".into());
            }
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|x| self.visit(x, depth + 1, subject, employer, held)),
            Value::Object(m) => {
                self.nodes += 1;
                let types = types(m);
                if is_person(&types) {
                    // People nested in a person (colleagues, parents) are not this page's contacts.
                    let mut contact = self.person(m);
                    if contact.company.is_none() {
                        contact.company = employer.map(|name| self.sourced(name.to_string()));
                    }
                    self.out.add_contact(contact);
                    return;
                }
                let organization = is_organization(&types);
                if subject && organization && self.out.organization.is_none() {
                    self.out.organization = Some(self.organization(m));
                }
                if !held && !organization && types.contains(&"ContactPoint") {
                    // A person's are read with the person, whom the walk does not enter.
                    self.loose.0.extend(self.texts(m, "email"));
                    self.loose.1.extend(self.texts(m, "telephone"));
                }
                let name = if organization { self.text(m, "name").or_else(|| self.text(m, "legalName")) } else { None };
                for (k, child) in m {
                    if k != "@context" {
                        let staff = name.as_deref().filter(|_| STAFF_KEYS.contains(&k.as_str()));
                        let subject = subject && !NOT_SUBJECT_KEYS.contains(&k.as_str());
                        self.visit(child, depth + 1, subject, staff, held || organization);
                    }
                }
            }
            _ => {}
        }
    }

    fn sourced<T>(&self, value: T) -> Sourced<T> {
        Sourced::new(value, self.extractor)
    }

    /// Follows a bare `{"@id": …}` reference to the node it names.
    fn resolve(&self, v: &'a Value) -> &'a Value {
        match v {
            Value::Object(m) if m.len() == 1 => {
                m.get("@id").and_then(Value::as_str).and_then(|id| self.ids.get(id).copied()).unwrap_or(v)
            }
            _ => v,
        }
    }

    /// The values of a property, references resolved, arrays flattened (bounded).
    fn all(&self, m: &'a Map<String, Value>, key: &str) -> Vec<&'a Value> {
        match m.get(key) {
            Some(Value::Array(items)) => items.iter().take(MAX_VALUES_PER_FIELD).map(|x| self.resolve(x)).collect(),
            Some(v) => vec![self.resolve(v)],
            None => vec![],
        }
    }

    /// A property's first textual value: a string, a number, or a node's `name`/`@value`.
    fn text(&self, m: &'a Map<String, Value>, key: &str) -> Option<String> {
        self.all(m, key).into_iter().find_map(|v| self.text_of(v))
    }

    fn text_of(&self, v: &'a Value) -> Option<String> {
        match v {
            Value::String(s) => clean(s),
            Value::Number(n) => clean(&n.to_string()),
            Value::Object(o) => ["name", "@value"].iter().find_map(|k| o.get(*k).and_then(|x| self.text_of(x))),
            Value::Array(items) => items.iter().take(MAX_VALUES_PER_FIELD).find_map(|x| self.text_of(x)),
            _ => None,
        }
    }

    fn texts(&self, m: &'a Map<String, Value>, key: &str) -> Vec<String> {
        self.all(m, key).into_iter().filter_map(|v| self.text_of(v)).collect()
    }

    /// Emails and phones of a node and of the ContactPoints it holds, at any depth (under a
    /// Service, a JobPosting, an Offer…) but inside another person or organisation, whose they are.
    fn reach(&self, m: &'a Map<String, Value>) -> (Vec<Sourced<Email>>, Vec<Sourced<Phone>>) {
        let mut emails: Vec<String> = self.texts(m, "email");
        let mut phones: Vec<String> = self.texts(m, "telephone");
        self.points_below(m, &mut { MAX_POINT_NODES }, &mut emails, &mut phones);
        self.sourced_reach(emails, phones)
    }

    /// The emails and phones of the ContactPoints under `m`'s properties (references followed, at
    /// most `budget` nodes: a hostile graph may reference itself), not entering a person or an
    /// organisation.
    fn points_below(
        &self,
        m: &'a Map<String, Value>,
        budget: &mut usize,
        emails: &mut Vec<String>,
        phones: &mut Vec<String>,
    ) {
        for key in m.keys().filter(|k| !k.starts_with('@')) {
            for child in self.all(m, key) {
                let Value::Object(c) = child else { continue };
                let types = types(c);
                if *budget == 0 || is_person(&types) || is_organization(&types) {
                    continue;
                }
                *budget -= 1;
                if key == "contactPoint" || types.contains(&"ContactPoint") {
                    emails.extend(self.texts(c, "email"));
                    phones.extend(self.texts(c, "telephone"));
                }
                self.points_below(c, budget, emails, phones);
            }
        }
    }

    fn sourced_reach(
        &self,
        emails: Vec<String>,
        mut phones: Vec<String>,
    ) -> (Vec<Sourced<Email>>, Vec<Sourced<Phone>>) {
        let mut emails: Vec<Email> = emails.iter().filter_map(|e| Email::parse(e)).collect();
        emails.dedup();
        phones.dedup();
        let phones = phones
            .into_iter()
            .map(|number| self.sourced(Phone::new(number.trim_start_matches("tel:").to_string(), None)));
        (emails.into_iter().map(|v| self.sourced(v)).collect(), phones.collect())
    }

    /// "City, Region, Country" from a PostalAddress, a Place or a plain string.
    fn location(&self, m: &'a Map<String, Value>) -> Option<String> {
        let from = |v: &'a Value| -> Option<String> {
            match v {
                Value::Object(a)
                    if types(a).contains(&"PostalAddress")
                        || a.contains_key("addressLocality")
                        || a.contains_key("addressCountry") =>
                {
                    let parts: Vec<String> = ["addressLocality", "addressRegion", "addressCountry"]
                        .iter()
                        .filter_map(|k| self.text(a, k))
                        .collect();
                    if parts.is_empty() {
                        None
                    } else {
                        clean(&parts.join(", "))
                    }
                }
                Value::Object(place) => self.text(place, "address").or_else(|| self.text(place, "name")),
                other => self.text_of(other),
            }
        };
        ["address", "homeLocation", "workLocation", "location"].iter().flat_map(|k| self.all(m, k)).find_map(
            |v| match v {
                Value::Object(place) if place.contains_key("address") => {
                    self.all(place, "address").into_iter().find_map(from)
                }
                other => from(other),
            },
        )
    }

    /// The employer named by `worksFor` (or `affiliation`, `memberOf`), seeing through Role wrappers;
    /// with the role's name when the wrapper gives one.
    fn employer(&self, m: &'a Map<String, Value>) -> (Option<String>, Option<String>) {
        for key in ["worksFor", "affiliation", "memberOf"] {
            for v in self.all(m, key) {
                if let Value::Object(o) = v {
                    if types(o).iter().any(|t| t.ends_with("Role")) {
                        let inner = self.all(o, key).into_iter().find_map(|x| self.text_of(x));
                        if inner.is_some() {
                            return (inner, self.text(o, "roleName"));
                        }
                        continue;
                    }
                }
                if let Some(name) = self.text_of(v) {
                    return (Some(name), None);
                }
            }
        }
        (None, None)
    }

    fn person(&self, m: &'a Map<String, Value>) -> Contact {
        let (emails, phones) = self.reach(m);
        let (company, role) = self.employer(m);
        let mut profiles = Vec::new();
        let mut websites = Vec::new();
        for link in self.texts(m, "sameAs").into_iter().chain(self.texts(m, "url")) {
            if let Some(p) = SocialProfile::parse(&link) {
                if !profiles.iter().any(|x: &Sourced<SocialProfile>| x.value == p) {
                    profiles.push(self.sourced(p));
                }
            } else if link.starts_with("http://") || link.starts_with("https://") {
                websites.push(self.sourced(link));
            }
        }
        Contact {
            name: self.text(m, "name").map(|v| self.sourced(v)),
            given_name: self.text(m, "givenName").map(|v| self.sourced(v)),
            family_name: self.text(m, "familyName").map(|v| self.sourced(v)),
            title: self.text(m, "jobTitle").or(role).map(|v| self.sourced(v)),
            company: company.map(|v| self.sourced(v)),
            headline: None,
            location: self.location(m).map(|v| self.sourced(v)),
            emails,
            phones,
            profiles,
            websites,
            time_zone: None,
            alternatives: Vec::new(),
        }
    }

    fn organization(&self, m: &'a Map<String, Value>) -> Organization {
        let (emails, phones) = self.reach(m);
        Organization {
            name: self.text(m, "name").or_else(|| self.text(m, "legalName")).map(|v| self.sourced(v)),
            website: self.text(m, "url").filter(|u| u.starts_with("http")).map(|v| self.sourced(v)),
            location: self.location(m).map(|v| self.sourced(v)),
            emails,
            phones,
            alternatives: Vec::new(),
        }
    }
}
