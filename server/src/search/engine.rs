//! Answering searches: builds the tantivy query from what was typed, runs it with the viewer's
//! permissions as a filter, groups hits by translation set, and makes snippets, facets,
//! corrections and suggestions.
//!
//! Every query, including the ones behind facet counts, corrections and suggestions, carries
//! the visibility filter, so nothing restricted can leak through a count or a snippet.

use std::collections::{HashMap, HashSet};

use app::model::{
    FacetValue, HitVersion, Kind, Lang, RemovedFilter, SearchFacets, SearchHit, SearchQuery, SearchResults, Suggestion,
    Viewer,
};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::SearchIndex;
use super::analysis::{self, analyzer_name, fold, is_stop_word};
use super::collector::{GroupCollector, SetHit};
use super::korean::is_hangul;
use super::query::{ParsedQuery, parse};
use super::schema::SectionStart;

/// Results per page.
pub const PER_PAGE: usize = 10;
const SNIPPET_CHARS: usize = 220;
/// The window of words a snippet is chosen from: this many before the first match...
const WINDOW_BEFORE: usize = 12;
/// ...and this many after it.
const WINDOW_AFTER: usize = 48;

/// Field boosts: a word in a title counts three times one in the body, in a heading twice.
const BOOSTS: [f32; 3] = [3.0, 2.0, 1.0];
/// A match on a near spelling counts less than an exact one.
const NEAR_BOOST: f32 = 0.5;

type BoxQuery = Box<dyn Query>;

/// The filters of a search, so one can be left out to see what it removed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FilterName {
    Kind,
    Language,
    Country,
    Area,
    Year,
}

impl SearchIndex {
    fn string_term(&self, field: tantivy::schema::Field, value: &str) -> BoxQuery {
        Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
    }

    /// Documents the viewer may read, plus the chosen filters (except `skip`).
    fn filter(&self, viewer: &Viewer, q: &SearchQuery, skip: Option<FilterName>) -> Vec<(Occur, BoxQuery)> {
        let f = &self.fields;
        let visible: Vec<(Occur, BoxQuery)> =
            viewer.visibilities().iter().map(|v| (Occur::Should, self.string_term(f.visibility, v.code()))).collect();
        let mut out: Vec<(Occur, BoxQuery)> = vec![(Occur::Must, Box::new(BooleanQuery::new(visible)))];
        let mut add = |name: FilterName, query: Option<BoxQuery>| {
            if skip != Some(name)
                && let Some(query) = query
            {
                out.push((Occur::Must, query));
            }
        };
        add(FilterName::Kind, q.kind.map(|k| self.string_term(f.kind, k.code())));
        add(FilterName::Language, q.language.map(|l| self.string_term(f.language, l.code())));
        add(FilterName::Country, q.country.as_deref().map(|c| self.string_term(f.countries, c)));
        add(FilterName::Area, q.area.as_deref().map(|a| self.string_term(f.areas, a)));
        add(
            FilterName::Year,
            q.year.map(|y| {
                Box::new(TermQuery::new(Term::from_field_u64(f.year, u64::from(y)), IndexRecordOption::Basic))
                    as BoxQuery
            }),
        );
        out
    }

    /// Where a piece of query text may match: in each language's title, headings and body,
    /// analysed with that language's analyser.
    fn alternatives(&self, text: &str) -> Vec<(Occur, BoxQuery)> {
        let f = &self.fields;
        let mut alts: Vec<(Occur, BoxQuery)> = Vec::new();
        for lang in Lang::ALL {
            let tokens = analysis::terms(self.index.tokenizers(), analyzer_name(lang), text);
            if tokens.is_empty() {
                continue;
            }
            for (group, boost) in [&f.title, &f.headings, &f.body].into_iter().zip(BOOSTS) {
                let field = group.get(lang);
                let terms: Vec<Term> = tokens.iter().map(|t| Term::from_field_text(field, t)).collect();
                let q: BoxQuery = if terms.len() == 1 {
                    Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::WithFreqs))
                } else {
                    Box::new(PhraseQuery::new(terms))
                };
                alts.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            }
        }
        alts
    }

    /// One query word: any of its analyses, or, for words of five letters or more, the
    /// indexed words one or two edits away (a misspelling finds the word meant). The near words
    /// are searched like the word itself (BM25, field boosts, highlighted in snippets), at a
    /// lower weight than an exact match.
    fn word_query(&self, searcher: &Searcher, word: &str, typo_tolerant: bool) -> tantivy::Result<Option<BoxQuery>> {
        let mut alts = self.alternatives(word);
        let folded = fold(word);
        let long_enough = if folded.chars().any(is_hangul) { 4 } else { 5 };
        // Only a word the index has never seen is taken for a misspelling: a real word keeps
        // its exact meaning (and the query stays cheap).
        if typo_tolerant
            && folded.chars().count() >= long_enough
            && searcher.doc_freq(&Term::from_field_text(self.fields.raw, &folded))? == 0
        {
            for near in self.near_words(searcher, word, 3, false)? {
                for (occur, q) in self.alternatives(&near) {
                    alts.push((occur, Box::new(BoostQuery::new(q, NEAR_BOOST))));
                }
            }
        }
        Ok((!alts.is_empty()).then(|| Box::new(BooleanQuery::new(alts)) as BoxQuery))
    }

    /// Indexed words within one edit of `word` (two for nine letters or more; `generous` allows
    /// two from five letters, for "did you mean"), closest and most frequent first. Found with a
    /// Levenshtein automaton on the term dictionary, so the cost does not grow with the
    /// vocabulary.
    fn near_words(
        &self,
        searcher: &Searcher,
        word: &str,
        limit: usize,
        generous: bool,
    ) -> tantivy::Result<Vec<String>> {
        let folded = fold(word);
        let letters = folded.chars().count();
        let hangul = folded.chars().any(is_hangul);
        // A Hangul syllable is a whole sound group, so four syllables carry as much as five
        // letters; one wrong syllable is the typo tolerated there.
        if letters < 3 || !folded.chars().all(char::is_alphanumeric) || (hangul && letters < 4) {
            return Ok(Vec::new());
        }
        let distance = if hangul {
            1
        } else if letters >= 9 || (generous && letters >= 5) {
            2
        } else {
            1
        };
        let fuzzy = FuzzyTermQuery::new(Term::from_field_text(self.fields.raw, &folded), distance, true);
        let mut found: HashMap<String, u32> = HashMap::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.raw)?;
            let mut stream = inverted.terms().search(fuzzy.automaton()?).into_stream()?;
            while stream.advance() {
                if stream.key() != folded.as_bytes() {
                    *found.entry(String::from_utf8_lossy(stream.key()).into_owned()).or_default() +=
                        stream.value().doc_freq;
                }
            }
        }
        let mut ranked: Vec<(usize, u32, String)> =
            found.into_iter().map(|(t, n)| (strsim::damerau_levenshtein(&folded, &t), n, t)).collect();
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        Ok(ranked.into_iter().take(limit).map(|(_, _, t)| t).collect())
    }

    /// The text part of a search: every word and phrase required, exclusions removed.
    fn text_query(
        &self,
        searcher: &Searcher,
        p: &ParsedQuery,
        skip_words: &[String],
    ) -> tantivy::Result<Option<Vec<(Occur, BoxQuery)>>> {
        let mut clauses = Vec::new();
        for w in p.words.iter().filter(|w| !skip_words.contains(w)) {
            match self.word_query(searcher, w, true)? {
                Some(q) => clauses.push((Occur::Must, q)),
                None => return Ok(None),
            }
        }
        for phrase in &p.phrases {
            let alts = self.alternatives(phrase);
            if alts.is_empty() {
                return Ok(None);
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(alts)) as BoxQuery));
        }
        if clauses.is_empty() {
            return Ok(None);
        }
        for ex in &p.excluded {
            let alts = self.alternatives(ex);
            if !alts.is_empty() {
                clauses.push((Occur::MustNot, Box::new(BooleanQuery::new(alts)) as BoxQuery));
            }
        }
        Ok(Some(clauses))
    }

    fn combine(text: &[(Occur, BoxQuery)], filter: Vec<(Occur, BoxQuery)>) -> BooleanQuery {
        let mut all: Vec<(Occur, BoxQuery)> = text.iter().map(|(o, q)| (*o, q.box_clone())).collect();
        all.extend(filter);
        BooleanQuery::new(all)
    }

    /// Drops function words ("the", "и") when the query has other words, so a question typed
    /// in full still finds documents.
    fn without_stop_words(&self, mut p: ParsedQuery) -> ParsedQuery {
        let manager = self.index.tokenizers();
        let content: Vec<String> = p.words.iter().filter(|w| !is_stop_word(manager, w)).cloned().collect();
        if !content.is_empty() || !p.phrases.is_empty() {
            p.words = content;
        }
        p
    }

    /// Runs a search for a viewer reading in `reader`.
    ///
    /// # Errors
    /// Only on index read failures.
    pub fn search(&self, viewer: &Viewer, reader: Lang, q: &SearchQuery) -> tantivy::Result<SearchResults> {
        let searcher = self.reader.searcher();
        let parsed = self.without_stop_words(parse(&q.q));
        let mut results = SearchResults { query: q.clone(), ..Default::default() };
        let Some(mut text) = self.text_query(&searcher, &parsed, &[])? else { return Ok(results) };

        let mut sets = searcher
            .search(&Self::combine(&text, self.filter(viewer, q, None)), &GroupCollector { dicts: &self.dicts })?;
        if sets.is_empty() && parsed.words.len() > 1 {
            // Leave out words nothing readable contains, and say so.
            let mut missing = Vec::new();
            for w in &parsed.words {
                let Some(wq) = self.word_query(&searcher, w, true)? else { continue };
                let count =
                    searcher.search(&Self::combine(&[(Occur::Must, wq)], self.filter(viewer, q, None)), &Count)?;
                if count == 0 {
                    missing.push(w.clone());
                }
            }
            if !missing.is_empty()
                && missing.len() < parsed.words.len()
                && let Some(relaxed) = self.text_query(&searcher, &parsed, &missing)?
            {
                sets = searcher.search(
                    &Self::combine(&relaxed, self.filter(viewer, q, None)),
                    &GroupCollector { dicts: &self.dicts },
                )?;
                if !sets.is_empty() {
                    text = relaxed;
                    results.ignored_words = missing;
                }
            }
        }

        results.total = sets.len() as u32;
        results.page_count = sets.len().div_ceil(PER_PAGE).max(1) as u32;
        results.facets = facets(super::collector::facet_counts(&searcher, &self.dicts, &sets)?);
        let page = (q.page.max(1) as usize).min(results.page_count as usize);
        // Only the sets up to this page are put in order.
        let wanted = page * PER_PAGE;
        if sets.len() > wanted {
            sets.select_nth_unstable_by(wanted - 1, super::collector::by_score);
            sets.truncate(wanted);
        }
        sets.sort_by(super::collector::by_score);
        let query = Self::combine(&text, self.filter(viewer, q, None));
        let mut snippets: HashMap<Lang, SnippetGenerator> = HashMap::new();
        for set in sets.iter().skip((page - 1) * PER_PAGE).take(PER_PAGE) {
            results.hits.push(self.hit(&searcher, viewer, reader, set, &query, &mut snippets)?);
        }

        if results.total == 0 {
            results.suggestion = self.did_you_mean(&searcher, viewer, q, &parsed)?;
            if q.has_filters() {
                results.removed_by = self.removed_by(&searcher, viewer, q, &text)?;
            }
        } else if q.page <= 1 && results.ignored_words.is_empty() {
            // Found through a near word: say which words were searched for.
            results.showing_for = self.did_you_mean(&searcher, viewer, q, &parsed)?;
        }
        Ok(results)
    }

    /// Builds one result: the matched version's snippet and section, shown in the reader's
    /// language when the set has a readable version in it.
    fn hit(
        &self,
        searcher: &Searcher,
        viewer: &Viewer,
        reader: Lang,
        set: &SetHit,
        query: &BooleanQuery,
        snippets: &mut HashMap<Lang, SnippetGenerator>,
    ) -> tantivy::Result<SearchHit> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(set.doc)?;
        let text = |d: &TantivyDocument, field| d.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let matched_language = Lang::from_code(&text(&doc, f.language)).unwrap_or_default();
        let slug = text(&doc, f.slug);
        let kind = Kind::from_code(&text(&doc, f.kind)).unwrap_or(Kind::Resource);
        let body: &[u8] = doc.get_first(f.stored_body).and_then(|v| v.as_bytes()).unwrap_or(&[]);

        let generator = match snippets.entry(matched_language) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let mut g = SnippetGenerator::create(searcher, query, f.body.get(matched_language))?;
                g.set_max_num_chars(SNIPPET_CHARS);
                e.insert(g)
            }
        };
        let starts: Vec<SectionStart> = serde_json::from_str(&text(&doc, f.sections)).unwrap_or_default();
        // A heading holding query words names the section best ("title and headings above
        // body"); otherwise it is the section where a query term first appears, found from
        // the index's positions, so the body is never scanned.
        let body_field = f.body.get(matched_language);
        let wanted = query_terms(query, body_field);
        let heading = best_heading(&wanted, &starts);
        let first = first_position(searcher, set.doc, body_field, &wanted)?;
        let section_index = heading.or_else(|| first.and_then(|p| starts.iter().rposition(|s| s.position <= p)));
        let (scope_start, scope_end, scope_position) = match section_index {
            Some(i) => (starts[i].offset, starts.get(i + 1).map_or(body.len(), |n| n.offset), starts[i].position),
            None => (0, body.len(), 0),
        };
        // The snippet is chosen from a window of words around the first match in that
        // section (tokenising and stemming a whole document per result is what costs most).
        let section_text = body.get(scope_start..scope_end).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("");
        let local = first.filter(|p| *p >= scope_position).map_or(0, |p| p - scope_position);
        let (a, b) = analysis::word_window(
            matched_language,
            section_text,
            local.saturating_sub(WINDOW_BEFORE),
            local + WINDOW_AFTER,
        );
        // The heading is shown apart ("Section: ..."), so the snippet starts after it.
        let heading_len = section_index
            .map(|i| starts[i].heading.as_str())
            .filter(|h| !h.is_empty() && section_text.starts_with(h))
            .map_or(0, str::len);
        let a = a.max(heading_len).min(b);
        let a = a + section_text[a..b].len() - section_text[a..b].trim_start().len();
        let scope_start = scope_start + a;
        let scope = &section_text[a..b];
        // An ellipsis where the snippet does not reach the section's start or end.
        let cut_before = a > heading_len;
        let cut_after = b < section_text.trim_end().len();
        let mut snippet = generator.snippet(scope);
        snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
        let (snippet_html, offset) = if snippet.is_empty() {
            let start: String = scope.chars().take(SNIPPET_CHARS).collect();
            let more = cut_after || start.len() < scope.trim_end().len();
            let html = html_escape::encode_text(&start).into_owned();
            (format!("{}{html}{}", if cut_before { "… " } else { "" }, if more { " …" } else { "" }), None)
        } else {
            let range = snippet.fragment_range();
            let first = range.start + snippet.highlighted().first().map_or(0, |r| r.start);
            let before = cut_before || !scope[..range.start].trim().is_empty();
            let after = cut_after || !scope[range.end.min(scope.len())..].trim().is_empty();
            let html = crate::content::markdown::sanitize(&snippet.to_html());
            (
                format!("{}{html}{}", if before { "… " } else { "" }, if after { " …" } else { "" }),
                Some(scope_start + first),
            )
        };
        let section = match heading {
            Some(i) => Some(&starts[i]),
            None => offset.and_then(|o| starts.iter().rev().find(|s| s.offset <= o)),
        }
        .filter(|s| s.anchor.is_some());

        let versions = self.versions(searcher, viewer, set.set_key)?;
        // Shown in the reader's language when the set has it; its title is then read from
        // that version (one stored-document read), otherwise the matched one is shown.
        let (language, title) = match versions.iter().find(|v| v.0 == reader) {
            Some((l, addr)) if *l != matched_language => {
                let other: TantivyDocument = searcher.doc(*addr)?;
                (*l, text(&other, f.display_title))
            }
            _ => (matched_language, text(&doc, f.display_title)),
        };
        let path = if kind == Kind::Area { "areas" } else { "doc" };
        let anchor = |lang: Lang| match section {
            Some(s) if lang == matched_language => format!("#{}", s.anchor.as_deref().unwrap_or_default()),
            _ => String::new(),
        };
        let url = format!("/{language}/{path}/{slug}{}", anchor(language));
        let matched_url = format!("/{matched_language}/{path}/{slug}{}", anchor(matched_language));
        let translations = versions
            .iter()
            .filter(|(l, _)| *l != language)
            .map(|(l, _)| HitVersion { language: *l, url: format!("/{l}/{path}/{slug}{}", anchor(*l)) })
            .collect();
        let date = Some(text(&doc, f.date)).filter(|d| !d.is_empty());
        Ok(SearchHit {
            slug,
            language,
            kind,
            title,
            date,
            date_label: None,
            url,
            section: section.map(|s| s.heading.clone()),
            snippet_html,
            score: set.score,
            matched_language,
            matched_url,
            translations,
        })
    }

    /// The languages a translation set can be read in (by this viewer), with where each
    /// version is, from fast fields only.
    fn versions(&self, searcher: &Searcher, viewer: &Viewer, set_key: u64) -> tantivy::Result<Vec<(Lang, DocAddress)>> {
        let f = &self.fields;
        let mut clauses = self.filter(viewer, &SearchQuery::default(), None);
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(Term::from_field_u64(f.set_key, set_key), IndexRecordOption::Basic)),
        ));
        let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(8).order_by_score())?;
        let mut out = Vec::new();
        for (_, addr) in top {
            let reader = searcher.segment_reader(addr.segment_ord);
            let dicts = self.dicts.get(reader)?;
            if let Some(l) = dicts.language(&reader.fast_fields().str("language")?, addr.doc_id) {
                out.push((l, addr));
            }
        }
        out.sort_by_key(|(l, _)| Lang::ALL.iter().position(|x| x == l));
        Ok(out)
    }

    /// For each active filter, how many results there would be without it. The label is left
    /// empty: the search service names filters in the reader's language.
    fn removed_by(
        &self,
        searcher: &Searcher,
        viewer: &Viewer,
        q: &SearchQuery,
        text: &[(Occur, BoxQuery)],
    ) -> tantivy::Result<Vec<RemovedFilter>> {
        let mut active: Vec<(FilterName, SearchQuery)> = Vec::new();
        if q.kind.is_some() {
            active.push((FilterName::Kind, SearchQuery { kind: None, ..q.clone() }));
        }
        if q.language.is_some() {
            active.push((FilterName::Language, SearchQuery { language: None, ..q.clone() }));
        }
        if q.country.is_some() {
            active.push((FilterName::Country, SearchQuery { country: None, ..q.clone() }));
        }
        if q.area.is_some() {
            active.push((FilterName::Area, SearchQuery { area: None, ..q.clone() }));
        }
        if q.year.is_some() {
            active.push((FilterName::Year, SearchQuery { year: None, ..q.clone() }));
        }
        let mut out = Vec::new();
        for (name, without) in active {
            let sets = searcher.search(
                &Self::combine(text, self.filter(viewer, q, Some(name))),
                &GroupCollector { dicts: &self.dicts },
            )?;
            if !sets.is_empty() {
                out.push(RemovedFilter {
                    name: filter_key(name).into(),
                    label: String::new(),
                    count: sets.len() as u32,
                    without: SearchQuery { page: 0, ..without },
                });
            }
        }
        Ok(out)
    }

    /// A corrected query that finds something readable, when the query found nothing.
    fn did_you_mean(
        &self,
        searcher: &Searcher,
        viewer: &Viewer,
        q: &SearchQuery,
        parsed: &ParsedQuery,
    ) -> tantivy::Result<Option<String>> {
        let mut changed = false;
        let mut words = Vec::new();
        for w in &parsed.words {
            let exact = self.word_query(searcher, w, false)?;
            let found = match exact {
                Some(wq) => {
                    searcher.search(&Self::combine(&[(Occur::Must, wq)], self.filter(viewer, q, None)), &Count)? > 0
                }
                None => false,
            };
            if found {
                words.push(w.clone());
                continue;
            }
            match self.near_words(searcher, w, 1, true)?.pop() {
                Some(c) => {
                    changed = true;
                    words.push(c);
                }
                None => words.push(w.clone()),
            }
        }
        if !changed {
            return Ok(None);
        }
        let mut corrected = words.join(" ");
        for p in &parsed.phrases {
            corrected.push_str(&format!(" \"{p}\""));
        }
        for e in &parsed.excluded {
            corrected.push_str(&format!(" -{e}"));
        }
        let corrected_parsed = self.without_stop_words(parse(&corrected));
        let Some(text) = self.text_query(searcher, &corrected_parsed, &[])? else { return Ok(None) };
        let n = searcher.search(&Self::combine(&text, self.filter(viewer, q, None)), &Count)?;
        Ok((n > 0).then_some(corrected.trim().to_string()))
    }

    /// Titles and sections for what is being typed: the last word is a prefix.
    ///
    /// # Errors
    /// Only on index read failures.
    pub fn suggest(
        &self,
        viewer: &Viewer,
        reader: Lang,
        input: &str,
        limit: usize,
    ) -> tantivy::Result<Vec<Suggestion>> {
        let input: String = input.chars().take(100).collect();
        let words: Vec<&str> = input.split_whitespace().collect();
        let Some(last) = words.last() else { return Ok(Vec::new()) };
        let prefix = fold(last.trim_matches(|c: char| !c.is_alphanumeric()));
        let hangul = prefix.chars().any(is_hangul);
        if prefix.is_empty() || (!hangul && prefix.chars().count() < 2) {
            return Ok(Vec::new());
        }
        let f = &self.fields;
        let mut clauses = self.filter(viewer, &SearchQuery::default(), None);
        let searcher = self.reader.searcher();
        for w in &words[..words.len() - 1] {
            if let Some(q) = self.word_query(&searcher, w, false)? {
                clauses.push((Occur::Must, q));
            }
        }
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(Term::from_field_text(f.prefix, &prefix), IndexRecordOption::WithFreqs)),
        ));
        let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(limit * 4).order_by_score())?;
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (_, addr) in top {
            let s = self.suggestion(&searcher, addr, reader, &prefix)?;
            if seen.insert((
                s.url.split('#').next().unwrap_or_default().rsplit('/').next().unwrap_or_default().to_string(),
                s.section.clone(),
            )) {
                out.push(s);
            }
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    fn suggestion(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        reader: Lang,
        prefix: &str,
    ) -> tantivy::Result<Suggestion> {
        let f = &self.fields;
        let d: TantivyDocument = searcher.doc(addr)?;
        let text = |field| d.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let language = Lang::from_code(&text(f.language)).unwrap_or_default();
        let kind = Kind::from_code(&text(f.kind)).unwrap_or(Kind::Resource);
        let title = text(f.display_title);
        let slug = text(f.slug);
        let starts: Vec<SectionStart> = serde_json::from_str(&text(f.sections)).unwrap_or_default();
        let title_matches = starts_word(&title, prefix);
        // A section is named only when its heading, not the title, holds the prefix.
        let section = if title_matches {
            None
        } else {
            starts.into_iter().find(|s| s.anchor.is_some() && starts_word(&s.heading, prefix))
        };
        let path = if kind == Kind::Area { "areas" } else { "doc" };
        let lang_prefix = if language == reader { reader } else { language };
        let url = match &section {
            Some(s) => format!("/{lang_prefix}/{path}/{slug}#{}", s.anchor.as_deref().unwrap_or_default()),
            None => format!("/{lang_prefix}/{path}/{slug}"),
        };
        Ok(Suggestion { title, section: section.map(|s| s.heading), url, kind, language })
    }
}

/// The terms a query looks for in one field (what a snippet highlights there).
fn query_terms(query: &BooleanQuery, field: Field) -> HashSet<String> {
    let mut wanted = HashSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field
            && let Some(t) = term.value().as_str()
        {
            wanted.insert(t.to_string());
        }
    });
    wanted
}

/// The section whose heading holds the most of the query's terms (the first on a tie). The
/// headings' terms were analysed when the document was indexed.
fn best_heading(wanted: &HashSet<String>, starts: &[SectionStart]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, s) in starts.iter().enumerate() {
        if s.anchor.is_none() {
            continue;
        }
        let n = s.terms.iter().filter(|t| wanted.contains(*t)).count();
        if n > 0 && best.is_none_or(|(_, m)| n > m) {
            best = Some((i, n));
        }
    }
    best.map(|(i, _)| i)
}

/// The first token position, in one document, of any of the terms in `field`.
fn first_position(
    searcher: &Searcher,
    doc: DocAddress,
    field: Field,
    terms: &HashSet<String>,
) -> tantivy::Result<Option<usize>> {
    use tantivy::DocSet;
    use tantivy::postings::Postings;
    let inverted = searcher.segment_reader(doc.segment_ord).inverted_index(field)?;
    let mut first: Option<u32> = None;
    let mut positions = Vec::new();
    for t in terms {
        let term = Term::from_field_text(field, t);
        if let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::WithFreqsAndPositions)?
            // `seek` only moves forward.
            && postings.doc() <= doc.doc_id
            && postings.seek(doc.doc_id) == doc.doc_id
        {
            positions.clear();
            postings.positions(&mut positions);
            if let Some(&p) = positions.first() {
                first = Some(first.map_or(p, |f: u32| f.min(p)));
            }
        }
    }
    Ok(first.map(|p| p as usize))
}

/// Whether some word of `text` starts with `prefix` (already folded).
fn starts_word(text: &str, prefix: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|w| fold(w).starts_with(prefix))
}

fn filter_key(name: FilterName) -> &'static str {
    match name {
        FilterName::Kind => "kind",
        FilterName::Language => "language",
        FilterName::Country => "country",
        FilterName::Area => "area",
        FilterName::Year => "year",
    }
}

/// Facet counts over the matched translation sets, as codes (each label is its value): the
/// search service names and orders them in the reader's language.
fn facets(counts: super::collector::FacetCounts) -> SearchFacets {
    let super::collector::FacetCounts { kind, language, country, area, year } = counts;
    let coded = |values: Vec<(String, u32)>| {
        values.into_iter().map(|(v, n)| FacetValue { label: v.clone(), value: v, count: n }).collect()
    };
    SearchFacets {
        kind: coded(
            kind.into_iter().filter(|(k, _)| Kind::from_code(k).is_some()).map(|(k, n)| (k.to_string(), n)).collect(),
        ),
        language: Lang::ALL
            .iter()
            .zip(language)
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| FacetValue { value: l.code().into(), label: l.code().into(), count: n })
            .collect(),
        country: coded(country.into_iter().map(|(c, n)| (c.to_string(), n)).collect()),
        area: coded(area.into_iter().map(|(a, n)| (a.to_string(), n)).collect()),
        year: year
            .into_iter()
            .rev()
            .map(|(y, n)| FacetValue { value: y.to_string(), label: y.to_string(), count: n })
            .collect(),
    }
}
