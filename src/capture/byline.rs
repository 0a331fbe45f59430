//! Who wrote the page, as its byline shows them: an element marked as the byline or the author
//! (a class holding "byline" or "author", `rel=author`), outside the comments ("By <b>Nathan
//! Willis</b>", "<em class="byline">JOE HILDEBRAND</em>").

use super::{elements, Collector};
use crate::model::{Contact, Extractor, Sourced};
use crate::text::clean;
use scraper::{ElementRef, Html};

/// Most authors read from one page: a paper's fifty are no leads.
pub(super) const MAX_AUTHORS: usize = 5;
/// Byline elements read on one page, and text pieces read in one.
const MAX_BYLINES: usize = 20;
const MAX_PIECES: usize = 12;

pub(super) fn extract(doc: &Html, out: &mut Collector) {
    let mut names: Vec<String> = Vec::new();
    for el in elements(doc).filter(|e| is_byline(e)).take(MAX_BYLINES) {
        if el.ancestors().filter_map(ElementRef::wrap).any(|a| super::mf2::comment_section(a.value())) {
            continue;
        }
        // Each piece of text by itself: "By", "Nathan Willis", "March 25, 2015".
        for piece in el.text().filter_map(clean).take(MAX_PIECES) {
            for name in people_in(&piece) {
                if names.len() < MAX_AUTHORS && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    for name in names {
        out.add_contact(Contact { name: Some(Sourced::new(name, Extractor::Visible)), ..Contact::default() });
    }
}

fn is_byline(e: &ElementRef) -> bool {
    let v = e.value();
    // "comment-author": a commenter, wherever the comment is shown.
    let marked = |c: &str| {
        let c = c.to_ascii_lowercase();
        (c.contains("byline") || c.contains("author")) && !c.contains("comment")
    };
    v.classes().any(marked)
        || v.attr("rel").is_some_and(|r| r.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("author")))
}

/// The people a credit names: "By Ed Hornick, CNN" is Ed Hornick; "Maggie Haberman and Shira
/// Toeplitz" two; "JOE HILDEBRAND" Joe Hildebrand. What is no name by its shape is left out; the
/// last step of capture asks for a given name too.
pub(super) fn people_in(text: &str) -> Vec<String> {
    let parts = text.split([',', ';', '|', '&']).flat_map(|p| p.split(" and ")).map(str::trim);
    let names = parts.map(|p| super::visible::name_after_label(p).unwrap_or(p));
    names
        .map(|p| {
            let shouted = p.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
            match crate::normalize::parse_name(p).filter(|_| shouted) {
                Some(name) => name.full(),
                None => p.to_string(),
            }
        })
        .filter(|p| super::visible::looks_like_name(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::people_in;
    use crate::capture::capture_page;

    fn authors(html: &str) -> Vec<String> {
        let c = capture_page(html, "https://news.example/2015/story", chrono::Utc::now());
        c.contacts.iter().filter_map(|p| p.display_name()).collect()
    }

    #[test]
    fn a_credit_names_its_people() {
        assert_eq!(people_in("By Ed Hornick, CNN"), ["Ed Hornick"]);
        assert_eq!(people_in("Maggie Haberman and Shira Toeplitz"), ["Maggie Haberman", "Shira Toeplitz"]);
        assert_eq!(people_in("JOE HILDEBRAND"), ["Joe Hildebrand"]);
        assert!(people_in("March 25, 2015").is_empty() && people_in("By").is_empty());
    }

    #[test]
    fn bylines_are_read_and_commenters_are_not() {
        let page = r#"<article><h1>A trademark battle</h1>
            <div class="FeatureByline"> By <b>Nathan Willis</b><br>March 25, 2015</div>
            <p>Text of the story, long enough to be one.</p>
            <div class="author_fmt">By <a rel="author" href="/brenda-goodman">Brenda  Goodman, MA</a></div>
            <em class="byline">JOE HILDEBRAND </em>
            <span class="byline">Sponsored Content</span></article>
            <ol class="comment-list"><li class="comment"><div class="comment-author vcard">
              <b class="fn">Jane Commenter</b> says:</div></li></ol>"#;
        assert_eq!(authors(page), ["Nathan Willis", "Brenda Goodman", "Joe Hildebrand"]);
    }
}
