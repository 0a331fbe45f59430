//! Accent folding for comparison keys ("Nestlé" → "Nestle"), shared by company and place names.

use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};

/// Removes accents ("Nestlé" → "Nestle", "Łódź" → "Lodz") while keeping letters of other scripts
/// whole: decompose, drop the Latin/Greek/Cyrillic combining marks, recompose (so Hangul syllables
/// and Japanese kana come back as they were).
pub fn fold_accents(s: &str) -> String {
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(s);
    let stripped: String = decomposed.chars().filter(|&c| !is_accent(c)).flat_map(undecomposable).collect();
    ComposingNormalizerBorrowed::new_nfc().normalize(&stripped).into_owned()
}

fn is_accent(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Latin letters whose stroke or ligature is not a combining mark, so NFD leaves them alone.
fn undecomposable(c: char) -> impl Iterator<Item = char> {
    let s: &str = match c {
        'ß' => "ss",
        'ø' => "o",
        'Ø' => "O",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ł' => "l",
        'Ł' => "L",
        'đ' => "d",
        'Đ' => "D",
        'ð' => "d",
        'Ð' => "D",
        'þ' => "th",
        'Þ' => "TH",
        'ı' => "i",
        _ => "",
    };
    let keep = s.is_empty().then_some(c);
    s.chars().chain(keep)
}

/// Lower case, accents folded, letters and digits only, words separated by one space.
pub fn fold_text(s: &str) -> String {
    let folded = fold_accents(s);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_latin_accents_and_keeps_other_scripts() {
        assert_eq!(fold_accents("Nestlé Łódź Straße Ærø"), "Nestle Lodz Strasse AEro");
        assert_eq!(fold_accents("Guðmundsdóttir"), "Gudmundsdottir");
        assert_eq!(fold_accents("삼성 トヨタ がぎ"), "삼성 トヨタ がぎ");
    }
}
