//! The index schema, with typed handles to its fields, and how a document becomes an index
//! entry. The schema's version is part of the index folder's name: changing anything here
//! means bumping [`SCHEMA_VERSION`], and the portal rebuilds the index from the database.

use app::model::{Kind, Lang, Visibility};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{TantivyDocument, Term};

use super::analysis::{PREFIX, RAW, analyzer_name};
use crate::document::TextSection;

/// Bump when the schema or an analyser changes.
pub const SCHEMA_VERSION: u32 = 5;

/// One field per language, indexed with that language's analyser.
#[derive(Clone, Copy, Debug)]
pub struct PerLang {
    fields: [Field; 4],
}

impl PerLang {
    pub fn get(&self, lang: Lang) -> Field {
        self.fields[lang_index(lang)]
    }
}

fn lang_index(lang: Lang) -> usize {
    Lang::ALL.iter().position(|l| *l == lang).expect("every language is in ALL")
}

/// Handles to every field.
#[derive(Clone, Debug)]
pub struct Fields {
    /// The database id of the document version.
    pub doc_id: Field,
    /// Identifies the translation set (a hash of the slug), for grouping.
    pub set_key: Field,
    pub slug: Field,
    pub language: Field,
    pub kind: Field,
    pub visibility: Field,
    pub countries: Field,
    pub areas: Field,
    pub year: Field,
    pub title: PerLang,
    pub headings: PerLang,
    pub body: PerLang,
    pub raw: Field,
    pub prefix: Field,
    pub display_title: Field,
    /// The body text of the document's own language, as stored bytes: reading a result then
    /// validates only the section a snippet is cut from, not the whole text.
    pub stored_body: Field,
    pub date: Field,
    /// JSON: where each section starts in the body text, with its anchor and heading.
    pub sections: Field,
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |analyzer: &str, positions: bool, stored: bool| {
        let record = if positions { IndexRecordOption::WithFreqsAndPositions } else { IndexRecordOption::WithFreqs };
        let opts = TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(record));
        if stored { opts.set_stored() } else { opts }
    };
    let per_lang = |b: &mut tantivy::schema::SchemaBuilder, name: &str, stored: bool| PerLang {
        fields: Lang::ALL
            .map(|l| b.add_text_field(&format!("{name}_{}", l.code()), text(analyzer_name(l), true, stored))),
    };
    let doc_id = b.add_u64_field("doc_id", INDEXED | FAST | STORED);
    let set_key = b.add_u64_field("set_key", INDEXED | FAST);
    let slug = b.add_text_field("slug", STRING | STORED | FAST);
    let language = b.add_text_field("language", STRING | FAST | STORED);
    let kind = b.add_text_field("kind", STRING | FAST | STORED);
    let visibility = b.add_text_field("visibility", STRING);
    let countries = b.add_text_field("countries", STRING | FAST);
    let areas = b.add_text_field("areas", STRING | FAST);
    let year = b.add_u64_field("year", INDEXED | FAST);
    let title = per_lang(&mut b, "title", false);
    let headings = per_lang(&mut b, "headings", false);
    let body = per_lang(&mut b, "body", false);
    let raw = b.add_text_field("raw", text(RAW, false, false));
    let prefix = b.add_text_field("prefix", text(PREFIX, false, false));
    // Fast fields, so result lists read titles and dates without touching the document store.
    let display_title = b.add_text_field("display_title", STORED | FAST);
    let date = b.add_text_field("date", STORED | FAST);
    let stored_body = b.add_bytes_field("stored_body", STORED);
    let sections = b.add_text_field("sections", STORED);
    let fields = Fields {
        doc_id,
        set_key,
        slug,
        language,
        kind,
        visibility,
        countries,
        areas,
        year,
        title,
        headings,
        body,
        raw,
        prefix,
        display_title,
        stored_body,
        date,
        sections,
    };
    (b.build(), fields)
}

/// What the index needs of one published document version.
#[derive(Clone, Debug)]
pub struct IndexEntry {
    pub doc_id: i64,
    pub slug: String,
    pub language: Lang,
    pub kind: Kind,
    pub visibility: Visibility,
    pub title: String,
    pub summary: String,
    pub date: Option<String>,
    pub countries: Vec<String>,
    pub areas: Vec<String>,
    pub sections: Vec<TextSection>,
}

/// Where a section starts in a document's indexed body text.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SectionStart {
    pub offset: usize,
    /// The token position of the section's first word in the body field.
    #[serde(default)]
    pub position: usize,
    pub anchor: Option<String>,
    pub heading: String,
    /// The heading's terms as the language's analyser makes them (so a query's terms can be
    /// matched against headings without analysing them again).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
}

/// The stable key of a translation set.
pub fn set_key(slug: &str) -> u64 {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(slug.as_bytes());
    u64::from_le_bytes(digest[..8].try_into().expect("8 bytes"))
}

pub fn year_of(date: Option<&str>) -> u64 {
    date.and_then(|d| d.get(..4)).and_then(|y| y.parse().ok()).unwrap_or(0)
}

impl Fields {
    /// The term that identifies a document version, for deletes.
    pub fn doc_term(&self, doc_id: i64) -> Term {
        Term::from_field_u64(self.doc_id, doc_id as u64)
    }

    /// Turns an entry into an index document: the body is the summary then each section's
    /// heading and text, and the section starts are kept so a snippet maps back to its heading.
    pub fn document(&self, e: &IndexEntry, tokenizers: &tantivy::tokenizer::TokenizerManager) -> TantivyDocument {
        let mut body = String::new();
        let mut starts = Vec::new();
        if !e.summary.is_empty() {
            body.push_str(&e.summary);
            body.push_str("\n\n");
        }
        let mut headings = String::new();
        for s in &e.sections {
            starts.push(SectionStart {
                offset: body.len(),
                position: 0,
                anchor: s.anchor.clone(),
                heading: s.heading.clone(),
                terms: Vec::new(),
            });
            if !s.heading.is_empty() {
                body.push_str(&s.heading);
                body.push('\n');
                headings.push_str(&s.heading);
                headings.push('\n');
            }
            body.push_str(&s.text);
            body.push_str("\n\n");
        }
        let offsets: Vec<usize> = starts.iter().map(|s| s.offset).collect();
        for (s, p) in starts.iter_mut().zip(super::analysis::token_positions(e.language, &body, &offsets)) {
            s.position = p;
            s.terms = super::analysis::terms(tokenizers, analyzer_name(e.language), &s.heading);
            s.terms.sort();
            s.terms.dedup();
        }
        let mut d = TantivyDocument::default();
        d.add_u64(self.doc_id, e.doc_id as u64);
        d.add_u64(self.set_key, set_key(&e.slug));
        d.add_text(self.slug, &e.slug);
        d.add_text(self.language, e.language.code());
        d.add_text(self.kind, e.kind.code());
        d.add_text(self.visibility, e.visibility.code());
        for c in &e.countries {
            d.add_text(self.countries, c);
        }
        for a in &e.areas {
            d.add_text(self.areas, a);
        }
        d.add_u64(self.year, year_of(e.date.as_deref()));
        d.add_text(self.title.get(e.language), &e.title);
        d.add_text(self.headings.get(e.language), &headings);
        d.add_text(self.body.get(e.language), &body);
        d.add_bytes(self.stored_body, body.as_bytes());
        d.add_text(self.raw, format!("{}\n{}", e.title, body));
        d.add_text(self.prefix, format!("{}\n{}", e.title, headings));
        d.add_text(self.display_title, &e.title);
        d.add_text(self.date, e.date.as_deref().unwrap_or(""));
        d.add_text(self.sections, serde_json::to_string(&starts).unwrap_or_default());
        d
    }
}
