//! Street addresses in one comparison form, so that "12 Main St." and "12 main street" are the
//! same line of an address. Not for: geocoding or splitting an address into its parts.

use super::fold::fold_text;

/// Street-type abbreviations as postal services and people write them (USPS, Australia Post,
/// Royal Mail, La Poste, Deutsche Post), each with the word it stands for.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("st", "street"),
    ("str", "strasse"),
    ("rd", "road"),
    ("ave", "avenue"),
    ("av", "avenue"),
    ("blvd", "boulevard"),
    ("bd", "boulevard"),
    ("dr", "drive"),
    ("ln", "lane"),
    ("ct", "court"),
    ("pl", "place"),
    ("cres", "crescent"),
    ("cct", "circuit"),
    ("cir", "circle"),
    ("hwy", "highway"),
    ("pde", "parade"),
    ("tce", "terrace"),
    ("sq", "square"),
    ("pkwy", "parkway"),
    ("cl", "close"),
    ("ste", "suite"),
    ("fl", "floor"),
    ("apt", "apartment"),
    ("n", "north"),
    ("s", "south"),
    ("e", "east"),
    ("w", "west"),
];

/// Lower case, accents and punctuation gone, abbreviations written out, and a German street's
/// "straße" or "strasse" suffix read as its own word ("Hauptstr." and "Hauptstraße").
pub fn address_key(raw: &str) -> String {
    let folded = fold_text(raw);
    let mut out = String::with_capacity(folded.len() + 8);
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        let word = ABBREVIATIONS.iter().find(|(short, _)| *short == word).map_or(word, |(_, long)| long);
        match ["strasse", "str"].iter().find_map(|s| word.strip_suffix(s).filter(|stem| stem.len() > 2)) {
            Some(stem) => {
                out.push_str(stem);
                out.push_str(" strasse");
            }
            None => out.push_str(word),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_written_several_ways_has_one_key() {
        assert_eq!(address_key("12 Main St."), "12 main street");
        assert_eq!(address_key("12, MAIN STREET"), "12 main street");
        assert_eq!(address_key("48 Goldfinch Cct"), "48 goldfinch circuit");
        assert_eq!(address_key("500 W. Madison Ave, Ste 1200"), "500 west madison avenue suite 1200");
        assert_eq!(address_key("Hauptstr. 5"), address_key("Hauptstraße 5"));
        assert_eq!(address_key("Hauptstraße 5"), "haupt strasse 5");
        assert_eq!(address_key("Str. des 17. Juni 2"), "strasse des 17 juni 2", "a word of its own stays one");
        assert_eq!(address_key(""), "");
    }
}
