//! Staff directories as tables (a header naming the columns, then a person a row), and a
//! person's details as labelled cells or fields ("Name: Jane Doe", "Position: Senior Buyer").

use super::names::plausible_title;
use super::{hidden_within, Found, Named, MAX_NAME_CHARS, MAX_SIGNALS};
use crate::lexicon::{self, Section};
use crate::text::clean;
use ego_tree::NodeId;
use scraper::{ElementRef, Html};

const HEADER_ROWS: usize = 2;

/// Where a directory table's header puts the name (whole, or given and family) and the title.
#[derive(Default)]
struct Columns {
    name: Option<usize>,
    given: Option<usize>,
    family: Option<usize>,
    title: Option<usize>,
}

fn cells(row: ElementRef) -> Vec<ElementRef> {
    row.children().filter_map(ElementRef::wrap).filter(|c| matches!(c.value().name(), "td" | "th")).collect()
}

fn cell_text(cell: ElementRef) -> Option<String> {
    clean(&cell.text().take(50).collect::<String>())
}

fn columns(header: &[ElementRef]) -> Option<Columns> {
    let mut c = Columns::default();
    for (i, cell) in header.iter().enumerate() {
        let text = cell_text(*cell).unwrap_or_default().trim_end_matches(':').to_lowercase();
        let slot = if lexicon::words(Section::NameHeaders).contains(&text) {
            &mut c.name
        } else if lexicon::words(Section::GivenNameHeaders).contains(&text) {
            &mut c.given
        } else if lexicon::words(Section::FamilyNameHeaders).contains(&text) {
            &mut c.family
        } else if lexicon::words(Section::TitleHeaders).contains(&text) {
            &mut c.title
        } else {
            continue;
        };
        slot.get_or_insert(i);
    }
    (c.name.is_some() || c.given.is_some() && c.family.is_some()).then_some(c)
}

/// A directory cell's name: the header said so, so any short run of words without digits will do
/// ("Roe, Jane" too).
fn directory_name(text: &str) -> bool {
    (1..=6).contains(&text.split_whitespace().count())
        && text.chars().count() <= MAX_NAME_CHARS
        && !text.contains(['@', '/', '|', ':'])
        && !text.chars().any(|c| c.is_ascii_digit())
        && text.chars().any(char::is_uppercase)
}

/// Staff directories as tables: a header row naming a name column (and a title column), then a
/// person a row, whose other cells hold their details.
pub(super) fn directory_rows(doc: &Html, found: &mut Vec<Found>) {
    for table in doc.root_element().descendent_elements().filter(|e| e.value().name() == "table").take(MAX_SIGNALS) {
        // Rows of this table, not of a table inside it.
        let rows = table.descendent_elements().filter(|r| r.value().name() == "tr").filter(|r| {
            r.ancestors().filter_map(ElementRef::wrap).find(|a| a.value().name() == "table") == Some(table)
        });
        let mut columns_found: Option<Columns> = None;
        for (i, row) in rows.take(MAX_SIGNALS).enumerate() {
            let cells = cells(row);
            let Some(cols) = &columns_found else {
                // The header is the first row, or the second under a caption row; a data table's
                // thousand rows are not each asked whether they are one.
                if i >= HEADER_ROWS {
                    break;
                }
                columns_found = columns(&cells);
                continue;
            };
            let text = |i: Option<usize>| i.and_then(|i| cells.get(i)).and_then(|c| cell_text(*c));
            let name = match (text(cols.name), text(cols.given), text(cols.family)) {
                (Some(name), ..) => name,
                (None, Some(given), Some(family)) => format!("{given} {family}"),
                _ => continue,
            };
            if directory_name(&name) {
                let title = text(cols.title).filter(|t| t.chars().count() <= 100 && !t.contains('@'));
                found.push(Found { at: row.id(), signal: Named::signal(name, title) });
            }
        }
    }
}

/// A labelled field of a person's details.
pub(super) enum Field {
    Name(String),
    Title(String),
}

/// "Name: Jane Doe", "Position: Senior Buyer" (a line, or a `<dt>` and its `<dd>`): the name or
/// the title a label gives. A contact label ("Contact: …") names someone too, but is read as a
/// line of details.
pub(super) fn field_of(label: &str, value: &str) -> Option<Field> {
    let label = label.trim().trim_end_matches(':').to_lowercase();
    if label.is_empty() || label.len() > 30 {
        return None;
    }
    let value = clean(value)?;
    if lexicon::words(Section::NameHeaders).contains(&label) && !lexicon::words(Section::ContactLabels).contains(&label)
    {
        directory_name(&value).then_some(Field::Name(value))
    } else if lexicon::words(Section::TitleHeaders).contains(&label) {
        plausible_title(&value).then_some(Field::Title(value))
    } else {
        None
    }
}

/// A person's details as label and value cells: `<dl><dt>Name</dt><dd>Jane Doe</dd><dt>Position</dt>…`
/// or a two-column table (`<tr><th>Name</th><td>…</td></tr>`). The list or the table is their card.
pub(super) fn labelled_cells(doc: &Html, found: &mut Vec<Found>) {
    let mut seen: Vec<NodeId> = Vec::new();
    for label in doc.root_element().descendent_elements().filter(|e| matches!(e.value().name(), "dt" | "th")) {
        let Some(value) = label.next_siblings().find_map(ElementRef::wrap) else { continue };
        if !matches!(value.value().name(), "dd" | "td") {
            continue;
        }
        let Some(Field::Name(name)) = cell_text(label).zip(cell_text(value)).and_then(|(l, v)| field_of(&l, &v)) else {
            continue;
        };
        // The list, or the table the row is in.
        let Some(card) =
            label.ancestors().filter_map(ElementRef::wrap).find(|a| matches!(a.value().name(), "dl" | "table"))
        else {
            continue;
        };
        if seen.contains(&card.id()) || hidden_within(card) {
            continue;
        }
        seen.push(card.id());
        let title = card
            .descendent_elements()
            .filter(|e| matches!(e.value().name(), "dt" | "th"))
            .filter_map(|l| Some((cell_text(l)?, cell_text(l.next_siblings().find_map(ElementRef::wrap)?)?)))
            .find_map(|(l, v)| match field_of(&l, &v) {
                Some(Field::Title(t)) => Some(t),
                _ => None,
            });
        found.push(Found { at: card.id(), signal: Named::signal(name, title) });
    }
}
