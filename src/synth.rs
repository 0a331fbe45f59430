//! Synthetic lead books with known truth, for measuring the matcher (quality tests) and for
//! benchmarks at a million leads (natively and in the browser). Deterministic for a seed.
//!
//! Duplicates carry what real lead books do: typos, nicknames, swapped names, accents lost,
//! missing fields, reformatted phones, job changes; and distinct people collide the way they do
//! (common names, relatives at the same company).

use crate::matching::index::Lcg;
use crate::matching::Fields;

const GIVEN: &[&str] = &[
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Christopher",
    "Karen",
    "Charles",
    "Lisa",
    "Daniel",
    "Nancy",
    "Matthew",
    "Margaret",
    "Anthony",
    "Sandra",
    "Mark",
    "Ashley",
    "Steven",
    "Kimberly",
    "Andrew",
    "Emily",
    "Joshua",
    "Donna",
    "Kenneth",
    "Michelle",
    "Kevin",
    "Carol",
    "Brian",
    "Amanda",
    "Timothy",
    "Melissa",
    "Ronald",
    "Deborah",
    "Jason",
    "Stephanie",
    "Edward",
    "Rebecca",
    "Jeffrey",
    "Sharon",
    "Ryan",
    "Laura",
    "Jacob",
    "Cynthia",
    "Gary",
    "Dorothy",
    "Nicholas",
    "Amy",
    "Eric",
    "Kathleen",
    "Jonathan",
    "Angela",
    "Stephen",
    "Shirley",
    "Larry",
    "Emma",
    "Justin",
    "Brenda",
    "Scott",
    "Pamela",
    "Brandon",
    "Nicole",
    "Benjamin",
    "Anna",
    "Samuel",
    "Samantha",
    "Gregory",
    "Katherine",
    "Alexander",
    "Christine",
    "Patrick",
    "Debra",
    "Frank",
    "Rachel",
    "Raymond",
    "Carolyn",
    "Jack",
    "Janet",
    "Dennis",
    "Maria",
    "Jerry",
    "Olivia",
    "Tyler",
    "Heather",
    "Aaron",
    "Helen",
    "José",
    "Catherine",
    "Adam",
    "Diane",
    "Nathan",
    "Julie",
    "Henry",
    "Victoria",
    "Zachary",
    "Joyce",
    "Douglas",
    "Lauren",
    "Peter",
    "Kelly",
    "Kyle",
    "Christina",
    "Noah",
    "Ruth",
    "Ethan",
    "Joan",
    "Jeremy",
    "Virginia",
    "Walter",
    "Judith",
    "Christian",
    "Evelyn",
    "Keith",
    "Hannah",
    "Roger",
    "Andrea",
    "Terry",
    "Megan",
    "Austin",
    "Cheryl",
    "Sean",
    "Jacqueline",
    "Gerald",
    "Madison",
    "Carl",
    "Teresa",
    "Harold",
    "Abigail",
    "Dylan",
    "Sophia",
    "Arthur",
    "Martha",
    "Lawrence",
    "Sara",
    "Jordan",
    "Gloria",
    "Jesse",
    "Janice",
    "Bryan",
    "Kathryn",
    "Billy",
    "Ann",
    "Bruce",
    "Isabella",
    "Gabriel",
    "Judy",
    "Joe",
    "Charlotte",
    "Logan",
    "Julia",
    "Alan",
    "Grace",
    "Juan",
    "Amber",
    "Albert",
    "Alice",
    "Willie",
    "Denise",
    "Elijah",
    "Danielle",
    "Wayne",
    "Marilyn",
    "Randy",
    "Beverly",
    "Vincent",
    "Natalie",
    "François",
    "Amélie",
    "Jürgen",
    "Zoë",
    "Søren",
    "Łukasz",
    "Inés",
    "Raphaël",
    "Björn",
    "Chloé",
    "Mateo",
    "Lucía",
    "Giulia",
    "Luca",
    "Hiroshi",
    "Yuki",
    "Wei",
    "Min-jun",
    "Priya",
    "Arjun",
    "Fatima",
    "Omar",
    "Ngozi",
    "Kwame",
];

const FAMILY: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Gomez",
    "Phillips",
    "Evans",
    "Turner",
    "Diaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
    "Stewart",
    "Morris",
    "Morales",
    "Murphy",
    "Cook",
    "Rogers",
    "Gutierrez",
    "Ortiz",
    "Morgan",
    "Cooper",
    "Peterson",
    "Bailey",
    "Reed",
    "Kelly",
    "Howard",
    "Ramos",
    "Kim",
    "Cox",
    "Ward",
    "Richardson",
    "Watson",
    "Brooks",
    "Chavez",
    "Wood",
    "James",
    "Bennett",
    "Gray",
    "Mendoza",
    "Ruiz",
    "Hughes",
    "Price",
    "Alvarez",
    "Castillo",
    "Sanders",
    "Patel",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Jimenez",
    "Powell",
    "Jenkins",
    "Perry",
    "Russell",
    "Sullivan",
    "Bell",
    "Coleman",
    "Butler",
    "Henderson",
    "Barnes",
    "Gonzales",
    "Fisher",
    "Vasquez",
    "Simmons",
    "Romero",
    "Jordan",
    "Patterson",
    "Alexander",
    "Hamilton",
    "Graham",
    "Reynolds",
    "Griffin",
    "Wallace",
    "Moreno",
    "West",
    "Cole",
    "Hayes",
    "Bryant",
    "Herrera",
    "Gibson",
    "Ellis",
    "Tran",
    "Medina",
    "Aguilar",
    "Stevens",
    "Murray",
    "Ford",
    "Castro",
    "Marshall",
    "Owens",
    "Harrison",
    "Fernandez",
    "McDonald",
    "Woods",
    "Washington",
    "Kennedy",
    "Wells",
    "Vargas",
    "Henry",
    "Chen",
    "Freeman",
    "Webb",
    "Tucker",
    "Guzman",
    "Burns",
    "Crawford",
    "Olson",
    "Simpson",
    "Porter",
    "Hunter",
    "Gordon",
    "Mendez",
    "Silva",
    "Shaw",
    "Snyder",
    "Mason",
    "Dixon",
    "Muñoz",
    "Hunt",
    "Hicks",
    "Holmes",
    "Palmer",
    "Wagner",
    "Black",
    "Robertson",
    "Boyd",
    "Rose",
    "Stone",
    "Salazar",
    "Fox",
    "Warren",
    "Mills",
    "Meyer",
    "Rice",
    "Schmidt",
    "Müller",
    "Schneider",
    "Fischer",
    "Weber",
    "Becker",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Rousseau",
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Andersson",
    "Johansson",
    "Nielsen",
    "Hansen",
    "Tanaka",
    "Suzuki",
    "Takahashi",
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Park",
    "Choi",
    "Singh",
    "Kumar",
    "Sharma",
    "O'Brien",
    "O'Connor",
    "García López",
    "Fernández",
    "Okafor",
    "Mensah",
    "Haddad",
    "Khan",
    "Ivanova",
    "Petrov",
    "Novak",
    "Horváth",
    "Papadopoulos",
    "Yılmaz",
    "Kaya",
];

const COMPANY_WORDS: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Hooli",
    "Vandelay",
    "Massive",
    "Dynamic",
    "Pied Piper",
    "Aperture",
    "Black Mesa",
    "Oscorp",
    "Gringotts",
    "Monarch",
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Adventure Works",
    "Litware",
    "Proseware",
    "Woodgrove",
    "Blue Yonder",
    "Lucerne",
    "Margie",
    "Alpine",
    "Coho",
    "Fourth Coffee",
    "Graphic Design",
    "Humongous",
    "Southridge",
    "Trey",
    "Wingtip",
    "Wide World",
    "Bluth",
    "Sterling",
    "Dunder",
    "Prestige",
    "Nakatomi",
    "Weyland",
    "Yoyodyne",
    "Zorg",
    "Vehement",
    "Ollivander",
];
const COMPANY_KINDS: &[&str] =
    &["Systems", "Labs", "Logistics", "Software", "Foods", "Health", "Energy", "Capital", "Media", "Robotics"];
const LEGAL: &[&str] = &["", "Inc.", "LLC", "Ltd", "GmbH", "SAS", "Corp.", "Co."];
const TITLES: &[&str] = &[
    "CEO",
    "CTO",
    "CFO",
    "VP Sales",
    "VP Marketing",
    "Head of Operations",
    "Sales Director",
    "Account Executive",
    "Procurement Manager",
    "IT Manager",
    "Office Manager",
    "Software Engineer",
    "Product Manager",
    "Founder",
    "Marketing Manager",
    "HR Director",
    "Purchasing Lead",
    "Operations Manager",
    "Chief Revenue Officer",
    "Business Development Manager",
];
const CITIES: &[&str] = &[
    "New York",
    "Austin",
    "Chicago",
    "Seattle",
    "Boston",
    "Denver",
    "Atlanta",
    "London",
    "Manchester",
    "Paris",
    "Lyon",
    "Berlin",
    "Munich",
    "Madrid",
    "São Paulo",
    "Toronto",
    "Montréal",
    "Sydney",
    "Tokyo",
    "Singapore",
];
const AREAS: &[&str] = &["212", "512", "312", "206", "617", "303", "404", "415", "646", "737"];

/// One person's true values.
#[derive(Clone, Debug)]
struct Truth {
    given: String,
    family: String,
    company: String,
    domain: String,
    title: String,
    city: String,
    email: String,
    phone_digits: String,
    linkedin: Option<String>,
}

/// A generated row and the person it truly is.
#[derive(Clone, Debug)]
pub struct BookRow {
    pub person: usize,
    pub fields: Fields,
}

/// Picks skewed toward the front of a list, as real name frequencies are.
fn zipf<'a>(rng: &mut Lcg, list: &[&'a str]) -> &'a str {
    let a = rng.below(list.len());
    let b = rng.below(list.len());
    list[a.min(b)]
}

fn slug(s: &str) -> String {
    crate::matching::person::fold_text(s).replace(' ', "")
}

fn company(rng: &mut Lcg) -> (String, String) {
    let word = zipf(rng, COMPANY_WORDS);
    let kind = COMPANY_KINDS[rng.below(COMPANY_KINDS.len())];
    let legal = LEGAL[rng.below(LEGAL.len())];
    let name = format!("{word} {kind} {legal}").trim().to_string();
    (name, format!("{}{}.com", slug(word), slug(kind)))
}

fn email(rng: &mut Lcg, given: &str, family: &str, domain: &str) -> String {
    let (g, f) = (slug(given), slug(family));
    let local = match rng.below(4) {
        0 => format!("{g}.{f}"),
        1 => format!("{}{f}", g.chars().next().unwrap_or('x')),
        2 => format!("{g}{f}{}", rng.below(100)),
        _ => format!("{g}_{f}"),
    };
    format!("{local}@{domain}")
}

/// Syllables of the rarer names most people carry.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ner", "ost", "ra", "vin", "sel", "ta", "mur", "ve", "wil", "zan", "dor", "bel", "cor", "dan",
    "fen", "gar", "hol", "is", "jor", "ken", "lan", "mar", "nor", "pel", "quist", "ros", "sten", "tor", "ul", "ver",
    "berg", "ski", "ova", "ez", "ini", "ton", "ley",
];

/// A name from `list` (its front more often) for `head` people in a hundred; for the others a
/// rarer one made of two or three syllables. Calibrated on the 1990 US census (the `names` package
/// on PyPI holds its tables): two people share given and family name with chance 2.0e-6 there and
/// 1.7e-6 here. With the lists alone it was 3.8e-5, so a name shared by two leads was another
/// person's nearly as often as the same person's.
fn name(rng: &mut Lcg, list: &[&str], head: usize) -> String {
    if chance(rng, head) {
        return zipf(rng, list).to_string();
    }
    let mut s: String = (0..2 + rng.below(2)).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect();
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    s
}

fn truth(rng: &mut Lcg, id: usize) -> Truth {
    let given = name(rng, GIVEN, 60);
    let family = name(rng, FAMILY, 35);
    let (company, domain) = company(rng);
    let email = email(rng, &given, &family, &domain);
    let phone_digits = format!("{}{}{:04}", AREAS[rng.below(AREAS.len())], 200 + rng.below(700), rng.below(10_000));
    Truth {
        title: TITLES[rng.below(TITLES.len())].to_string(),
        city: CITIES[rng.below(CITIES.len())].to_string(),
        linkedin: (rng.below(2) == 0).then(|| format!("{}-{}-{:x}", slug(&given), slug(&family), id)),
        given,
        family,
        company,
        domain,
        email,
        phone_digits,
    }
}

fn chance(rng: &mut Lcg, percent: usize) -> bool {
    rng.below(100) < percent
}

/// One typing slip: a letter dropped, doubled, swapped with the next, or replaced.
fn typo(rng: &mut Lcg, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 4 {
        return s.to_string();
    }
    // Not the first letter: people rarely mistype it, and it keeps the slip realistic.
    let i = 1 + rng.below(c.len() - 2);
    match rng.below(4) {
        0 => {
            c.remove(i);
        }
        1 => c.insert(i, c[i]),
        2 => c.swap(i, i + 1),
        _ => c[i] = (b'a' + rng.below(26) as u8) as char,
    }
    c.into_iter().collect()
}

fn phone_format(rng: &mut Lcg, d: &str) -> String {
    match rng.below(4) {
        0 => format!("+1 {} {} {}", &d[..3], &d[3..6], &d[6..]),
        1 => format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..]),
        2 => format!("+1{d}"),
        _ => format!("{}.{}.{}", &d[..3], &d[3..6], &d[6..]),
    }
}

/// A record of `t` as one source wrote it; `first` records are the cleanest.
fn record(rng: &mut Lcg, t: &Truth, first: bool) -> Fields {
    let mut t = t.clone();
    let noisy = !first;
    if noisy && chance(rng, 10) {
        // A job change: new employer, new work email and title; the mobile may follow.
        let (company, domain) = company(rng);
        t.email = email(rng, &t.given, &t.family, &domain);
        t.company = company;
        t.domain = domain;
        t.title = TITLES[rng.below(TITLES.len())].to_string();
        if chance(rng, 50) {
            t.phone_digits.clear();
        }
    }
    let mut given = t.given.clone();
    let mut family = t.family.clone();
    if noisy && chance(rng, 15) {
        let nicks = crate::matching::nicknames::alternatives(&given.to_lowercase());
        if !nicks.is_empty() {
            given = nicks[rng.below(nicks.len())].to_string();
        }
    }
    if noisy && chance(rng, 15) {
        family = typo(rng, &family);
    }
    if noisy && chance(rng, 10) {
        given = typo(rng, &given);
    }
    if noisy && chance(rng, 10) {
        given = crate::normalize::fold::fold_accents(&given);
        family = crate::normalize::fold::fold_accents(&family);
    }
    if noisy && chance(rng, 5) {
        family = family.to_uppercase();
    }
    let swapped = noisy && chance(rng, 5);
    let full = chance(rng, 30);
    let keep = |rng: &mut Lcg, percent: usize| !noisy || !chance(rng, percent);
    let mut f = Fields::default();
    match (full, swapped) {
        (true, false) => f.full_name = format!("{given} {family}"),
        (true, true) => f.full_name = format!("{family}, {given}"),
        (false, false) => (f.first_name, f.last_name) = (given, family),
        (false, true) => (f.first_name, f.last_name) = (family, given),
    }
    if keep(rng, 35) {
        f.emails.push(if chance(rng, 10) { t.email.to_uppercase() } else { t.email.clone() });
    }
    if !t.phone_digits.is_empty() && keep(rng, 40) {
        f.phones.push(phone_format(rng, &t.phone_digits));
    }
    if keep(rng, 15) {
        f.company = t.company.clone();
    }
    if keep(rng, 30) {
        f.title = t.title.clone();
    }
    if keep(rng, 30) {
        f.city = t.city.clone();
    }
    if let Some(l) = t.linkedin.as_ref().filter(|_| keep(rng, 50)) {
        f.profiles.push(format!("https://www.linkedin.com/in/{l}"));
    }
    f
}

/// `people` persons, each written once cleanly and then 0–4 more times with noise; rows shuffled.
pub fn lead_book(people: usize, seed: u64) -> Vec<BookRow> {
    let mut rng = Lcg(seed);
    let mut rows = Vec::new();
    for id in 0..people {
        let t = truth(&mut rng, id);
        let copies = [0, 0, 1, 1, 2, 3, 4][rng.below(7)];
        for c in 0..=copies {
            rows.push(BookRow { person: id, fields: record(&mut rng, &t, c == 0) });
        }
    }
    for i in (1..rows.len()).rev() {
        let j = rng.below(i + 1);
        rows.swap(i, j);
    }
    rows
}

/// `n` distinct leads without duplicates: the benchmark's book, made as it is read so that a
/// million leads need not be held twice.
pub fn distinct_leads(n: usize, seed: u64) -> impl Iterator<Item = Fields> {
    let mut rng = Lcg(seed);
    (0..n).map(move |id| {
        let t = truth(&mut rng, id);
        record(&mut rng, &t, true)
    })
}

/// A noisy record of every `every`th of `people` leads, made as [`distinct_leads`] makes them with
/// the same seed: lookups whose right answer is known. Ids from `n` up are no lead of
/// `distinct_leads(n, seed)`: queries whose right answer is "new".
pub fn noisy_queries(people: usize, seed: u64, every: usize) -> Vec<(usize, Fields)> {
    let mut rng = Lcg(seed);
    let mut q = Lcg(seed ^ 0x9e37_79b9);
    let mut out = Vec::with_capacity(people / every.max(1) + 1);
    for id in 0..people {
        let t = truth(&mut rng, id);
        record(&mut rng, &t, true);
        if id % every.max(1) == 0 {
            out.push((id, record(&mut q, &t, false)));
        }
    }
    out
}
