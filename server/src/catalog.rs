//! The read side: builds what pages and the API show from the store, for one viewer.
//!
//! Every list here starts from documents the viewer may read (published, allowed visibility),
//! so a permission can never be forgotten in one page and kept in another. Documents are
//! grouped into translation sets (same slug); a list shows each set once, in the reader's
//! language where it exists, else in its original language.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use app::i18n::country_label;
use app::model::{
    Activity, AreaPage, AttachmentInfo, DocCard, DocPage, FacetValue, HomeData, Kind, Lang, ListFilters, Named, Role,
    Section, SectionList, StaleNotice, TagPage, TocEntry, Viewer, Visibility,
};

use crate::db::{DocumentRow, Facets, Library, PublishedSet, PublishedVersion, RevisionRow, Store, TagLabel};
use crate::document::localise_html;
use crate::error::{Error, Result};

/// How many documents a section page lists at once.
pub const PAGE_SIZE: usize = 20;

/// The slug of the document the home page introduces the partnership with.
pub const OVERVIEW_SLUG: &str = "partnership-overview";

/// Every readable version of one slug.
#[derive(Clone, Debug)]
pub struct TranslationSet {
    pub slug: String,
    pub versions: Vec<DocumentRow>,
}

impl TranslationSet {
    /// The version a reader of `lang` sees: theirs, else the original, else any.
    pub fn pick(&self, lang: Lang) -> &DocumentRow {
        self.version(lang).or_else(|| self.versions.iter().find(|v| v.is_original)).unwrap_or(&self.versions[0])
    }

    pub fn version(&self, lang: Lang) -> Option<&DocumentRow> {
        self.versions.iter().find(|v| v.language == lang)
    }

    /// The languages of the set, in the switcher's order.
    pub fn languages(&self) -> Vec<Lang> {
        Lang::ALL.into_iter().filter(|l| self.version(*l).is_some()).collect()
    }
}

/// Groups rows into translation sets, keeping the order in which slugs first appear.
pub fn group(rows: Vec<DocumentRow>) -> Vec<TranslationSet> {
    let mut order: Vec<String> = Vec::new();
    let mut sets: HashMap<String, Vec<DocumentRow>> = HashMap::new();
    for row in rows {
        if !sets.contains_key(&row.slug) {
            order.push(row.slug.clone());
        }
        sets.entry(row.slug.clone()).or_default().push(row);
    }
    order.into_iter().map(|slug| TranslationSet { versions: sets.remove(&slug).unwrap_or_default(), slug }).collect()
}

/// The versions of `set` that `vis` may read.
fn readable_versions<'l>(
    set: &'l PublishedSet,
    vis: &'l [Visibility],
) -> impl Iterator<Item = &'l PublishedVersion> + Clone {
    set.versions.iter().filter(move |v| vis.contains(&v.row.visibility))
}

/// The readable version of `set` in `language`.
fn version_in<'l>(set: &'l PublishedSet, vis: &'l [Visibility], language: Lang) -> Option<&'l PublishedVersion> {
    readable_versions(set, vis).find(|v| v.row.language == language)
}

/// The version a reader of `lang` sees among the readable ones: theirs, else the original,
/// else any; `None` when none is readable.
pub(crate) fn pick<'l>(set: &'l PublishedSet, vis: &'l [Visibility], lang: Lang) -> Option<&'l PublishedVersion> {
    let mut readable = readable_versions(set, vis);
    let first = readable.clone().next()?;
    version_in(set, vis, lang).or_else(|| readable.find(|v| v.row.is_original)).or(Some(first))
}

/// The languages of the readable versions, in the switcher's order.
fn readable_languages(set: &PublishedSet, vis: &[Visibility]) -> Vec<Lang> {
    Lang::ALL.into_iter().filter(|l| version_in(set, vis, *l).is_some()).collect()
}

/// A position in a library: set index and version index.
type Entry = (u32, u32);

fn entry_of(lib: &Library, set: usize, version: &PublishedVersion) -> Entry {
    let v = lib.sets[set].versions.iter().position(|x| std::ptr::eq(x, version)).unwrap_or(0);
    (set as u32, v as u32)
}

fn at(lib: &Library, (s, v): Entry) -> (&PublishedSet, &PublishedVersion) {
    let set = &lib.sets[s as usize];
    (set, &set.versions[v as usize])
}

/// What a section list counts for one choice of filters (without the page).
struct SectionCounts {
    total: u32,
    languages: Vec<(Lang, u32)>,
    countries: BTreeMap<String, u32>,
    areas: BTreeMap<String, u32>,
}

/// The read side for one viewer.
pub struct Catalog<'a> {
    pub(crate) store: &'a Store,
    pub(crate) viewer: &'a Viewer,
}

impl<'a> Catalog<'a> {
    pub fn new(store: &'a Store, viewer: &'a Viewer) -> Self {
        Catalog { store, viewer }
    }

    fn vis(&self) -> &'static [Visibility] {
        self.viewer.visibilities()
    }

    /// The part of a memo key that names what this viewer may read.
    fn class(&self) -> usize {
        self.vis().len()
    }

    /// Published documents this viewer may read, optionally of one kind, newest first (from
    /// the library: their summaries are empty).
    pub(crate) async fn readable(&self, kind: Option<Kind>) -> Result<Vec<DocumentRow>> {
        let lib = self.store.library().await?;
        let vis = self.vis();
        Ok(lib
            .sets
            .iter()
            .flat_map(|s| readable_versions(s, vis))
            .filter(|v| kind.is_none_or(|k| v.row.kind == k))
            .map(|v| v.row.clone())
            .collect())
    }

    /// The readable sets among `slugs`, newest first. Read from the database (a lookup by
    /// slug), so a document page never waits for the library to be built.
    pub(crate) async fn readable_sets_by_slugs(&self, slugs: &[String]) -> Result<Vec<TranslationSet>> {
        Ok(group(self.store.published_by_slugs(self.vis(), slugs).await?))
    }

    /// Titles of the exchange areas in `lang` (or their original language).
    pub async fn area_titles(&self, lang: Lang) -> Result<HashMap<String, String>> {
        Ok(self.labels(lang).await?.areas.clone())
    }

    /// The names of areas and tags in `lang` (where they have some).
    pub async fn labels(&self, lang: Lang) -> Result<Arc<Labels>> {
        let lib = self.store.library().await?;
        let vis = self.vis();
        lib.memo(format!("labels:{lang}:{}", self.class()), || async {
            let areas = lib
                .sets
                .iter()
                .filter_map(|s| pick(s, vis, lang))
                .filter(|v| v.row.kind == Kind::Area)
                .map(|v| (v.row.slug.clone(), v.row.title.clone()))
                .collect();
            Ok::<_, Error>(Labels { areas, tags: tag_names_in(&lib.tag_labels, lang) })
        })
        .await
    }

    /// Cards for the chosen version of each set, in order (from the database, like
    /// [`Catalog::readable_sets_by_slugs`]).
    pub(crate) async fn cards(&self, lang: Lang, chosen: &[(&TranslationSet, &DocumentRow)]) -> Result<Vec<DocCard>> {
        let ids: Vec<i64> = chosen.iter().map(|(_, d)| d.id).collect();
        let facets = self.store.facets_of(&ids).await?;
        let areas = self.store.published_documents(self.vis(), Some(Kind::Area)).await?;
        let labels = Labels {
            areas: group(areas).iter().map(|s| (s.slug.clone(), s.pick(lang).title.clone())).collect(),
            tags: tag_names_in(&self.store.tag_labels().await?, lang),
        };
        Ok(chosen.iter().map(|(set, d)| card(d, set.languages(), facets.get(&d.id), &labels, lang)).collect())
    }

    /// Cards for entries of the library. The library holds no summaries (a fifth of its size
    /// at 100,000 documents): the cards shown read theirs from the database in one query.
    async fn cards_at(&self, lib: &Library, entries: &[Entry], labels: &Labels, lang: Lang) -> Result<Vec<DocCard>> {
        let ids: Vec<i64> = entries.iter().map(|e| at(lib, *e).1.row.id).collect();
        let (mut summaries, missing) = lib.recent_summaries(&ids);
        if !missing.is_empty() {
            let read: HashMap<i64, Arc<str>> =
                self.store.summaries(&missing).await?.into_iter().map(|(id, s)| (id, Arc::from(s))).collect();
            lib.keep_summaries(&read);
            summaries.extend(read);
        }
        Ok(entries
            .iter()
            .map(|e| {
                let (set, v) = at(lib, *e);
                let mut c = card(&v.row, readable_languages(set, self.vis()), Some(&v.facets), labels, lang);
                c.summary = summaries.get(&v.row.id).map(|s| s.to_string()).unwrap_or_default();
                c
            })
            .collect())
    }

    pub async fn home(&self, lang: Lang) -> Result<HomeData> {
        let lib = self.store.library().await?;
        let vis = self.vis();
        let labels = self.labels(lang).await?;
        let home = lib
            .memo(format!("home:{lang}:{}", self.class()), || async {
                let mut overview = None;
                let mut latest: Vec<(bool, &str, Entry)> = Vec::new();
                let mut areas: Vec<Entry> = Vec::new();
                let mut counts: HashMap<Kind, u32> = HashMap::new();
                for (i, set) in lib.sets.iter().enumerate() {
                    let Some(v) = pick(set, vis, lang) else { continue };
                    *counts.entry(v.row.kind).or_default() += 1;
                    let e = entry_of(&lib, i, v);
                    if set.slug == OVERVIEW_SLUG {
                        overview = Some(e);
                    } else if v.row.kind == Kind::Area {
                        areas.push(e);
                    } else {
                        // What the reader can read in their own language first, newest first
                        // within each (the set's newest readable version gives its date).
                        let date = readable_versions(set, vis).filter_map(|v| v.row.date.as_deref()).max();
                        latest.push((version_in(set, vis, lang).is_none(), date.unwrap_or(""), e));
                    }
                }
                latest.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)));
                areas.sort_by(|a, b| at(&lib, *a).1.row.title.cmp(&at(&lib, *b).1.row.title));
                let mut wanted: Vec<Entry> = overview.into_iter().collect();
                wanted.extend(latest.iter().take(6).map(|(_, _, e)| *e));
                wanted.extend(areas.iter().copied());
                let mut cards = self.cards_at(&lib, &wanted, &labels, lang).await?.into_iter();
                let overview = overview.and_then(|_| cards.next());
                let latest = cards.by_ref().take(latest.len().min(6)).collect();
                Ok::<_, Error>(HomeData {
                    overview,
                    latest,
                    sections: Section::ALL
                        .into_iter()
                        .map(|section| (section, counts.get(&section.kind()).copied().unwrap_or(0)))
                        .collect(),
                    areas: cards.collect(),
                })
            })
            .await?;
        Ok((*home).clone())
    }

    /// A section's readable sets in list order, each as the version shown: in `language` when
    /// given (sets without one are left out), else the one a reader of `lang` sees. Webinars:
    /// upcoming ones first, soonest first, then past ones, newest first. Other sections: the
    /// reader's language first, then newest first.
    async fn section_order(
        &self,
        lib: &Library,
        section: Section,
        lang: Lang,
        language: Option<Lang>,
        today: &str,
    ) -> Result<Arc<Vec<Entry>>> {
        let vis = self.vis();
        let key = format!("section:{}:{lang}:{language:?}:{}:{today}", section.kind().code(), self.class());
        lib.memo(key, || async {
            let kind = section.kind();
            let mut shown: Vec<Entry> = Vec::new();
            for (i, set) in lib.sets.iter().enumerate() {
                let v = match language {
                    Some(l) => version_in(set, vis, l),
                    None => pick(set, vis, lang),
                };
                if let Some(v) = v.filter(|v| v.row.kind == kind) {
                    shown.push(entry_of(lib, i, v));
                }
            }
            let upcoming =
                |d: &DocumentRow| section == Section::Webinars && d.date.as_deref().is_some_and(|x| x >= today);
            shown.sort_by(|a, b| {
                let (a, b) = (&at(lib, *a).1.row, &at(lib, *b).1.row);
                let (ua, ub) = (upcoming(a), upcoming(b));
                ub.cmp(&ua)
                    .then_with(|| if ua && ub { a.date.cmp(&b.date) } else { std::cmp::Ordering::Equal })
                    .then_with(|| {
                        if section == Section::Webinars {
                            std::cmp::Ordering::Equal
                        } else {
                            (a.language != lang).cmp(&(b.language != lang))
                        }
                    })
                    .then_with(|| b.date.cmp(&a.date))
                    .then_with(|| a.title.cmp(&b.title))
            });
            Ok::<_, Error>(shown)
        })
        .await
    }

    /// A section's list with facet counts. Each facet's counts apply the other filters but not
    /// its own, so every count says how many documents choosing that value would show.
    pub async fn section_list(&self, lang: Lang, section: Section, filters: ListFilters) -> Result<SectionList> {
        let lib = self.store.library().await?;
        let labels = self.labels(lang).await?;
        let today = crate::dates::iso_date(crate::db::now());
        let passes = |v: &PublishedVersion, country: bool, area: bool| {
            (!country || filters.country.as_ref().is_none_or(|c| v.facets.countries.contains(c)))
                && (!area || filters.area.as_ref().is_none_or(|a| v.facets.areas.contains(a)))
        };
        let main = self.section_order(&lib, section, lang, filters.language, &today).await?;
        // The counts depend on the filters but not on the page: computed once per choice.
        // A value no published version carries counts like any other such value: one key for
        // all of them, so made-up filters in addresses cannot grow the memo.
        let known = |value: &Option<String>, bit: fn(&Library, &str) -> Option<u64>| match value {
            Some(v) if bit(&lib, v).is_none() => Some("\u{0}unknown".to_string()),
            other => other.clone(),
        };
        let counts_key = format!(
            "section-counts:{}:{lang}:{}:{today}:{:?}:{:?}:{:?}",
            section.kind().code(),
            self.class(),
            filters.language,
            known(&filters.country, Library::country_bit),
            known(&filters.area, Library::area_bit)
        );
        let counts = lib
            .memo(counts_key, || async {
                let mut languages = Vec::new();
                for l in Lang::ALL {
                    let order = self.section_order(&lib, section, lang, Some(l), &today).await?;
                    let n = order.iter().filter(|e| passes(at(&lib, **e).1, true, true)).count() as u32;
                    languages.push((l, n));
                }
                let mut countries: BTreeMap<String, u32> = BTreeMap::new();
                let mut areas: BTreeMap<String, u32> = BTreeMap::new();
                let mut total = 0;
                for e in main.iter() {
                    let v = at(&lib, *e).1;
                    if passes(v, false, true) {
                        for c in &v.facets.countries {
                            *countries.entry(c.clone()).or_default() += 1;
                        }
                    }
                    if passes(v, true, false) {
                        for a in &v.facets.areas {
                            *areas.entry(a.clone()).or_default() += 1;
                        }
                    }
                    if passes(v, true, true) {
                        total += 1;
                    }
                }
                Ok::<_, Error>(SectionCounts { total, languages, countries, areas })
            })
            .await?;

        let total = counts.total as usize;
        let page_count = total.div_ceil(PAGE_SIZE).max(1);
        let page = (filters.page.max(1) as usize).min(page_count);
        // The page itself: by the bits of the filters (see `Library::masks`), so a page deep in
        // a filtered list of 100,000 does not visit every version's facets.
        let wanted = |bit: Option<Option<u64>>, has: u64| -> Option<bool> {
            match bit {
                // No such filter.
                None => Some(true),
                // A value no published version carries.
                Some(None) => Some(false),
                // A value sharing the last bit: the version's facets decide.
                Some(Some(Library::OTHER)) => None,
                Some(Some(b)) => Some(has & b != 0),
            }
        };
        let country_bit = filters.country.as_deref().map(|c| lib.country_bit(c));
        let area_bit = filters.area.as_deref().map(|a| lib.area_bit(a));
        let unfiltered = filters.country.is_none() && filters.area.is_none();
        let on_page: Vec<Entry> = if unfiltered {
            main.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).copied().collect()
        } else {
            main.iter()
                .filter(|e| {
                    let (countries, areas) = lib.masks(e.0 as usize, e.1 as usize);
                    match (wanted(country_bit, countries), wanted(area_bit, areas)) {
                        (Some(c), Some(a)) => c && a,
                        // A value beyond the first 63: that version's facets decide.
                        _ => passes(at(&lib, **e).1, true, true),
                    }
                })
                .skip((page - 1) * PAGE_SIZE)
                .take(PAGE_SIZE)
                .copied()
                .collect()
        };
        let upcoming_on_page = on_page
            .iter()
            .filter(|e| {
                section == Section::Webinars && at(&lib, **e).1.row.date.as_deref().is_some_and(|x| x >= today.as_str())
            })
            .count() as u32;
        let cards = self.cards_at(&lib, &on_page, &labels, lang).await?;
        let languages = counts
            .languages
            .iter()
            .filter(|(l, n)| *n > 0 || filters.language == Some(*l))
            .map(|(l, n)| FacetValue {
                value: l.code().into(),
                label: app::i18n::language_name(lang, *l).into(),
                count: *n,
            })
            .collect();
        let mut countries: Vec<FacetValue> = counts
            .countries
            .iter()
            .map(|(c, n)| FacetValue { label: country_label(lang, c), value: c.clone(), count: *n })
            .collect();
        countries.sort_by(|a, b| a.label.cmp(&b.label));
        let mut area_values: Vec<FacetValue> = counts
            .areas
            .iter()
            .map(|(a, n)| FacetValue {
                label: labels.areas.get(a).cloned().unwrap_or_else(|| a.clone()),
                value: a.clone(),
                count: *n,
            })
            .collect();
        area_values.sort_by(|a, b| a.label.cmp(&b.label));
        Ok(SectionList {
            section,
            filters: ListFilters { page: if page > 1 { page as u32 } else { 0 }, ..filters },
            cards,
            total: total as u32,
            page_count: page_count as u32,
            languages,
            countries,
            areas: area_values,
            upcoming: upcoming_on_page,
        })
    }

    /// Whether this viewer may read what a thread or a notification is about: the document
    /// `slug` names, or anything when it names none.
    pub async fn may_read_about(&self, doc_slug: Option<&str>) -> bool {
        match doc_slug {
            Some(slug) => self.set(slug).await.is_ok(),
            None => true,
        }
    }

    /// The translation set of `slug` as this viewer may read it; `NotFound` when none.
    pub async fn set(&self, slug: &str) -> Result<TranslationSet> {
        self.readable_sets_by_slugs(&[slug.to_string()]).await?.into_iter().next().ok_or(Error::NotFound)
    }

    /// A document page in `lang`: the translation in `lang`, or the original with a notice.
    pub async fn document(&self, lang: Lang, slug: &str) -> Result<(DocPage, RevisionRow)> {
        let set = self.set(slug).await?;
        let chosen = set.pick(lang).clone();
        let revision_id = chosen.published_revision_id.ok_or(Error::NotFound)?;
        let rev = self.store.revision(revision_id).await?.ok_or(Error::NotFound)?;
        let card = self.cards(lang, &[(&set, &chosen)]).await?.remove(0);
        let attachments = attachment_infos(self.store, rev.id, lang).await?;
        let backlinks = self.backlinks(lang, slug).await?;
        let mut toc = Vec::new();
        if rev.meta.event.is_some() {
            toc.push(TocEntry { level: 2, id: "event-title".into(), text: app::i18n::ui(lang).event.into() });
        }
        toc.extend(rev.toc.iter().cloned());
        if !rev.meta.activities.is_empty() {
            toc.push(TocEntry { level: 2, id: "activities-title".into(), text: app::i18n::ui(lang).activities.into() });
        }
        let page = DocPage {
            card,
            authors: rev.meta.authors.clone(),
            html: localise_html(&rev.html, lang),
            toc,
            attachments,
            backlinks,
            requested_language: (chosen.language != lang).then_some(lang),
            event: rev.meta.event.clone(),
            event_times: None,
            activities: rev.meta.activities.clone(),
            workplan: None,
            stale: self.stale_notice(lang, &set, &chosen, &rev).await?,
        };
        Ok((page, rev))
    }

    /// The notice on a translation whose original was published again since it was made.
    async fn stale_notice(
        &self,
        lang: Lang,
        set: &TranslationSet,
        shown: &DocumentRow,
        rev: &RevisionRow,
    ) -> Result<Option<StaleNotice>> {
        let Some(original) = set.versions.iter().find(|v| v.is_original) else { return Ok(None) };
        if shown.is_original {
            return Ok(None);
        }
        let staff = self.viewer.role.is_some_and(|r| r >= Role::Editor);
        crate::translations::notice(
            self.store,
            &set.slug,
            original.language,
            rev.meta.translated_from.as_deref(),
            lang,
            staff,
        )
        .await
    }

    /// Documents linking to `slug`, each once, in the reader's language where possible.
    pub async fn backlinks(&self, lang: Lang, slug: &str) -> Result<Vec<DocCard>> {
        let slugs = self.store.slugs_linking_to(slug).await?;
        let sets = self.readable_sets_by_slugs(&slugs).await?;
        let chosen: Vec<_> = sets.iter().map(|s| (s, s.pick(lang))).collect();
        self.cards(lang, &chosen).await
    }

    /// An exchange area with what belongs to it: its documents grouped by kind, `page` of
    /// them at a time.
    pub async fn area(&self, lang: Lang, slug: &str, page: u32) -> Result<AreaPage> {
        let (doc, open_questions) = self.area_document(lang, slug).await?;
        self.area_with(lang, slug, page, doc, open_questions).await
    }

    /// An area's own document (without "linked from": its documents are listed below) and
    /// its open questions; `NotFound` for a document of another kind.
    pub async fn area_document(&self, lang: Lang, slug: &str) -> Result<(DocPage, Vec<String>)> {
        let (mut doc, rev) = self.document(lang, slug).await?;
        doc.backlinks.clear();
        if doc.card.kind != Kind::Area {
            return Err(Error::NotFound);
        }
        Ok((doc, rev.meta.open_questions))
    }

    /// An area's page around its document (from [`Catalog::area_document`]).
    pub async fn area_with(
        &self,
        lang: Lang,
        slug: &str,
        page: u32,
        doc: DocPage,
        open_questions: Vec<String>,
    ) -> Result<AreaPage> {
        let lib = self.store.library().await?;
        let vis = self.vis();
        let key = format!("area:{slug}:{lang}:{}", self.class());
        // Only readable areas get here, so the memo keys are bounded by the areas that exist.
        let in_area = lib
            .memo(key, || async {
                let mut entries: Vec<(Kind, Entry)> = Vec::new();
                for (i, set) in lib.sets.iter().enumerate() {
                    let carries = readable_versions(set, vis).any(|v| v.facets.areas.iter().any(|a| a == slug));
                    if set.slug == slug || !carries {
                        continue;
                    }
                    if let Some(v) = pick(set, vis, lang) {
                        entries.push((v.row.kind, entry_of(&lib, i, v)));
                    }
                }
                // Grouped by kind on the page, so a page's groups follow each other.
                entries.sort_by_key(|(kind, _)| *kind);
                Ok::<_, Error>(entries)
            })
            .await?;
        let labels = self.labels(lang).await?;
        let (page, page_count) = page_of(in_area.len(), page);
        let documents = in_area
            .iter()
            .skip((page as usize - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|(_, e)| *e)
            .collect::<Vec<Entry>>();
        let documents = self.cards_at(&lib, &documents, &labels, lang).await?;

        let activities = crate::workplan::in_area(&self.workplans(lang).await?, slug)
            .into_iter()
            .map(|(plan, a)| {
                let period = crate::workplan::period(&a, lang);
                (plan, a, period)
            })
            .collect();
        // The area's row of the exchange map is the route's to add (the map is built on this).
        Ok(AreaPage {
            open_questions,
            doc,
            documents,
            total: in_area.len() as u32,
            page,
            page_count,
            activities,
            map: None,
        })
    }

    /// Every readable workplan (in the reader's language where it exists) with its activities.
    pub async fn workplans(&self, lang: Lang) -> Result<Arc<Vec<(DocCard, Vec<Activity>)>>> {
        let lib = self.store.library().await?;
        let vis = self.vis();
        let labels = self.labels(lang).await?;
        lib.memo(format!("workplans:{lang}:{}", self.class()), || async {
            let mut out = Vec::new();
            for (i, set) in lib.sets.iter().enumerate() {
                let Some(version) = pick(set, vis, lang).filter(|v| v.row.kind == Kind::Workplan) else {
                    continue;
                };
                let Some(rev_id) = version.row.published_revision_id else {
                    continue;
                };
                let Some(rev) = self.store.revision(rev_id).await? else {
                    continue;
                };
                if rev.meta.activities.is_empty() {
                    continue;
                }
                out.push((entry_of(&lib, i, version), rev.meta.activities));
            }
            let entries: Vec<Entry> = out.iter().map(|(e, _)| *e).collect();
            let cards = self.cards_at(&lib, &entries, &labels, lang).await?;
            Ok::<_, Error>(cards.into_iter().zip(out).map(|(card, (_, activities))| (card, activities)).collect())
        })
        .await
    }

    /// Every area, for the areas index.
    pub async fn areas(&self, lang: Lang) -> Result<Vec<DocCard>> {
        let lib = self.store.library().await?;
        let vis = self.vis();
        let labels = self.labels(lang).await?;
        let mut chosen: Vec<Entry> = lib
            .sets
            .iter()
            .enumerate()
            .filter_map(|(i, s)| pick(s, vis, lang).filter(|v| v.row.kind == Kind::Area).map(|v| entry_of(&lib, i, v)))
            .collect();
        chosen.sort_by(|a, b| at(&lib, *a).1.row.title.cmp(&at(&lib, *b).1.row.title));
        self.cards_at(&lib, &chosen, &labels, lang).await
    }

    /// `page` of a tag's documents, newest first; `NotFound` when the viewer can read none.
    pub async fn tag(&self, lang: Lang, tag: &str, page: u32) -> Result<TagPage> {
        // A tag nobody may read is not looked for, so the memo keys are bounded by real tags.
        if !self.tags(lang).await?.iter().any(|(t, _)| t.slug == tag) {
            return Err(Error::NotFound);
        }
        let lib = self.store.library().await?;
        let vis = self.vis();
        let labels = self.labels(lang).await?;
        let tagged = lib
            .memo(format!("tag:{tag}:{lang}:{}", self.class()), || async {
                let mut entries: Vec<Entry> = Vec::new();
                for (i, set) in lib.sets.iter().enumerate() {
                    if !readable_versions(set, vis).any(|v| v.facets.tags.iter().any(|t| t == tag)) {
                        continue;
                    }
                    if let Some(v) = pick(set, vis, lang) {
                        entries.push(entry_of(&lib, i, v));
                    }
                }
                Ok::<_, Error>(entries)
            })
            .await?;
        if tagged.is_empty() {
            return Err(Error::NotFound);
        }
        let (page, page_count) = page_of(tagged.len(), page);
        let documents =
            tagged.iter().skip((page as usize - 1) * PAGE_SIZE).take(PAGE_SIZE).copied().collect::<Vec<Entry>>();
        let documents = self.cards_at(&lib, &documents, &labels, lang).await?;
        Ok(TagPage {
            tag: named_tag(&labels.tags, tag.to_string()),
            documents,
            total: tagged.len() as u32,
            page,
            page_count,
        })
    }

    /// Every tag with the number of translation sets carrying it, by name in `lang`.
    pub async fn tags(&self, lang: Lang) -> Result<Arc<Vec<(Named, u32)>>> {
        let lib = self.store.library().await?;
        let vis = self.vis();
        let labels = self.labels(lang).await?;
        lib.memo(format!("tags:{lang}:{}", self.class()), || async {
            let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
            for set in &lib.sets {
                // Counted on the set's first readable version, as the tag page finds them.
                let Some(v) = readable_versions(set, vis).next() else { continue };
                for t in &v.facets.tags {
                    *counts.entry(t.as_str()).or_default() += 1;
                }
            }
            let mut tags: Vec<(Named, u32)> =
                counts.into_iter().map(|(t, n)| (named_tag(&labels.tags, t.to_string()), n)).collect();
            tags.sort_by_key(|t| t.0.title.to_lowercase());
            Ok::<_, Error>(tags)
        })
        .await
    }

    /// Versions matching the list API's filters, one card per version (not per set).
    pub async fn api_list(
        &self,
        kind: Option<Kind>,
        lang: Option<Lang>,
        area: Option<&str>,
        tag: Option<&str>,
    ) -> Result<Vec<DocCard>> {
        let lib = self.store.library().await?;
        let vis = self.vis();
        let labels = self.labels(lang.unwrap_or_default()).await?;
        let mut out: Vec<DocCard> = Vec::new();
        let mut ids = Vec::new();
        for set in &lib.sets {
            let translations = readable_languages(set, vis);
            for v in readable_versions(set, vis) {
                let f = &v.facets;
                if kind.is_some_and(|k| v.row.kind != k)
                    || lang.is_some_and(|l| v.row.language != l)
                    || area.is_some_and(|a| !f.areas.iter().any(|x| x == a))
                    || tag.is_some_and(|t| !f.tags.iter().any(|x| x == t))
                {
                    continue;
                }
                out.push(card(&v.row, translations.clone(), Some(f), &labels, lang.unwrap_or_default()));
                ids.push(v.row.id);
            }
        }
        let mut summaries = self.store.summaries(&ids).await?;
        for (c, id) in out.iter_mut().zip(&ids) {
            c.summary = summaries.remove(id).unwrap_or_default();
        }
        Ok(out)
    }
}

/// The page to show (1-based, clamped) and how many pages `total` items make.
fn page_of(total: usize, page: u32) -> (u32, u32) {
    let page_count = total.div_ceil(PAGE_SIZE).max(1) as u32;
    (page.clamp(1, page_count), page_count)
}

/// Attachments of a revision, as pages list them (sizes in the reader's words).
pub async fn attachment_infos(store: &Store, revision_id: i64, lang: Lang) -> Result<Vec<AttachmentInfo>> {
    Ok(store
        .attachments_of_revision(revision_id)
        .await?
        .into_iter()
        .map(|a| AttachmentInfo {
            size_label: app::i18n::format::file_size(a.size, lang),
            id: a.id,
            title: a.title,
            file_name: a.file_name,
            mime: a.mime,
            size: a.size,
        })
        .collect())
}

/// What areas and tags are called in one language.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    /// Area slug → title.
    pub areas: HashMap<String, String>,
    /// Tag key → name.
    pub tags: HashMap<String, String>,
}

/// Each tag's name for a reader of `lang`: theirs, else English, else any it has.
fn tag_names_in(labels: &[TagLabel], lang: Lang) -> HashMap<String, String> {
    let mut names: HashMap<String, (u8, String)> = HashMap::new();
    for l in labels {
        let rank = if l.language == lang {
            0
        } else if l.language == Lang::En {
            1
        } else {
            2
        };
        match names.get(&l.tag) {
            Some((r, _)) if *r <= rank => {}
            _ => {
                names.insert(l.tag.clone(), (rank, l.label.clone()));
            }
        }
    }
    names.into_iter().map(|(tag, (_, label))| (tag, label)).collect()
}

fn named_tag(names: &HashMap<String, String>, tag: String) -> Named {
    Named { title: names.get(&tag).cloned().unwrap_or_else(|| tag.clone()), slug: tag }
}

/// A card for one version of a set, for a reader of `lang`.
pub fn card(d: &DocumentRow, translations: Vec<Lang>, facets: Option<&Facets>, labels: &Labels, lang: Lang) -> DocCard {
    let areas = &labels.areas;
    let f = facets.cloned().unwrap_or_default();
    DocCard {
        slug: d.slug.clone(),
        kind: d.kind,
        language: d.language,
        title: d.title.clone(),
        summary: d.summary.clone(),
        date: d.date.clone(),
        date_label: d.date.as_deref().map(|iso| app::i18n::format::date(iso, lang)),
        countries: f.countries,
        areas: f
            .areas
            .into_iter()
            .map(|a| Named { title: areas.get(&a).cloned().unwrap_or_else(|| a.clone()), slug: a })
            .collect(),
        tags: f.tags.into_iter().map(|t| named_tag(&labels.tags, t)).collect(),
        translations,
        is_original: d.is_original,
        visibility: d.visibility,
    }
}
