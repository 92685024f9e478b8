//! The read side: builds what pages and the API show from the store, for one viewer.
//!
//! Every list here starts from documents the viewer may read (published, allowed visibility),
//! so a permission can never be forgotten in one page and kept in another. Documents are
//! grouped into translation sets (same slug); a list shows each set once, in the reader's
//! language where it exists, else in its original language.

use std::collections::{BTreeMap, HashMap};

use app::i18n::country_label;
use app::model::{
    Activity, AreaPage, AttachmentInfo, DocCard, DocPage, FacetValue, HomeData, Kind, Lang, ListFilters, Named, Role,
    Section, SectionList, StaleNotice, TagPage, TocEntry, Viewer,
};

use crate::db::{DocumentRow, Facets, RevisionRow, Store};
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

    fn date(&self) -> Option<&str> {
        self.versions.iter().filter_map(|v| v.date.as_deref()).max()
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

/// The read side for one viewer.
pub struct Catalog<'a> {
    pub(crate) store: &'a Store,
    pub(crate) viewer: &'a Viewer,
}

impl<'a> Catalog<'a> {
    pub fn new(store: &'a Store, viewer: &'a Viewer) -> Self {
        Catalog { store, viewer }
    }

    /// Published documents this viewer may read, optionally of one kind.
    pub(crate) async fn readable(&self, kind: Option<Kind>) -> Result<Vec<DocumentRow>> {
        Ok(self.store.published_documents(self.viewer.visibilities(), kind).await?)
    }

    pub(crate) async fn readable_sets_by_slugs(&self, slugs: &[String]) -> Result<Vec<TranslationSet>> {
        Ok(group(self.store.published_by_slugs(self.viewer.visibilities(), slugs).await?))
    }

    /// Titles of the exchange areas in `lang` (or their original language).
    pub async fn area_titles(&self, lang: Lang) -> Result<HashMap<String, String>> {
        let sets = group(self.readable(Some(Kind::Area)).await?);
        Ok(sets.iter().map(|s| (s.slug.clone(), s.pick(lang).title.clone())).collect())
    }

    /// The names of areas and tags in `lang` (where they have some).
    pub async fn labels(&self, lang: Lang) -> Result<Labels> {
        Ok(Labels { areas: self.area_titles(lang).await?, tags: tag_names(self.store, lang).await? })
    }

    /// Cards for the chosen version of each set, in order.
    pub(crate) async fn cards(&self, lang: Lang, chosen: &[(&TranslationSet, &DocumentRow)]) -> Result<Vec<DocCard>> {
        let ids: Vec<i64> = chosen.iter().map(|(_, d)| d.id).collect();
        let facets = self.store.facets_of(&ids).await?;
        let labels = self.labels(lang).await?;
        Ok(chosen.iter().map(|(set, d)| card(d, set, facets.get(&d.id), &labels, lang)).collect())
    }

    pub async fn home(&self, lang: Lang) -> Result<HomeData> {
        let sets = group(self.readable(None).await?);
        let overview = sets.iter().find(|s| s.slug == OVERVIEW_SLUG);
        let mut latest: Vec<&TranslationSet> =
            sets.iter().filter(|s| s.pick(lang).kind != Kind::Area && s.slug != OVERVIEW_SLUG).collect();
        // What the reader can read in their own language first, newest first within each.
        latest.sort_by(|a, b| {
            a.version(lang).is_none().cmp(&b.version(lang).is_none()).then_with(|| b.date().cmp(&a.date()))
        });
        latest.truncate(6);
        let mut areas: Vec<&TranslationSet> = sets.iter().filter(|s| s.pick(lang).kind == Kind::Area).collect();
        areas.sort_by(|a, b| a.pick(lang).title.cmp(&b.pick(lang).title));

        let mut wanted: Vec<(&TranslationSet, &DocumentRow)> = Vec::new();
        wanted.extend(overview.map(|s| (s, s.pick(lang))));
        wanted.extend(latest.iter().map(|s| (*s, s.pick(lang))));
        wanted.extend(areas.iter().map(|s| (*s, s.pick(lang))));
        let mut cards = self.cards(lang, &wanted).await?.into_iter();
        let overview = overview.and_then(|_| cards.next());
        let latest_cards: Vec<DocCard> = cards.by_ref().take(latest.len()).collect();
        let area_cards: Vec<DocCard> = cards.collect();

        let sections = Section::ALL
            .into_iter()
            .map(|section| {
                let n = sets.iter().filter(|s| s.pick(lang).kind == section.kind()).count() as u32;
                (section, n)
            })
            .collect();
        Ok(HomeData { overview, latest: latest_cards, sections, areas: area_cards })
    }

    /// A section's list with facet counts. Each facet's counts apply the other filters but not
    /// its own, so every count says how many documents choosing that value would show.
    pub async fn section_list(&self, lang: Lang, section: Section, filters: ListFilters) -> Result<SectionList> {
        let sets = group(self.readable(Some(section.kind())).await?);
        let all_ids: Vec<i64> = sets.iter().flat_map(|s| s.versions.iter().map(|v| v.id)).collect();
        let facets = self.store.facets_of(&all_ids).await?;
        let labels = self.labels(lang).await?;
        let areas = &labels.areas;
        let empty = Facets::default();
        let shown = |s: &TranslationSet, language: Option<Lang>| -> Option<DocumentRow> {
            match language {
                Some(l) => s.version(l).cloned(),
                None => Some(s.pick(lang).clone()),
            }
        };
        let country_ok = |d: &DocumentRow, c: &Option<String>| {
            c.as_ref().is_none_or(|c| facets.get(&d.id).unwrap_or(&empty).countries.contains(c))
        };
        let area_ok = |d: &DocumentRow, a: &Option<String>| {
            a.as_ref().is_none_or(|a| facets.get(&d.id).unwrap_or(&empty).areas.contains(a))
        };

        // Language counts: sets with a version in that language passing the other filters.
        let mut languages = Vec::new();
        for l in Lang::ALL {
            let n = sets
                .iter()
                .filter_map(|s| s.version(l))
                .filter(|d| country_ok(d, &filters.country) && area_ok(d, &filters.area))
                .count() as u32;
            if n > 0 || filters.language == Some(l) {
                languages.push(FacetValue {
                    value: l.code().into(),
                    label: app::i18n::language_name(lang, l).into(),
                    count: n,
                });
            }
        }
        let mut country_counts: BTreeMap<String, u32> = BTreeMap::new();
        let mut area_counts: BTreeMap<String, u32> = BTreeMap::new();
        let mut matching: Vec<(&TranslationSet, DocumentRow)> = Vec::new();
        for s in &sets {
            let Some(d) = shown(s, filters.language) else {
                continue;
            };
            let f = facets.get(&d.id).unwrap_or(&empty);
            if area_ok(&d, &filters.area) {
                for c in &f.countries {
                    *country_counts.entry(c.clone()).or_default() += 1;
                }
            }
            if country_ok(&d, &filters.country) {
                for a in &f.areas {
                    *area_counts.entry(a.clone()).or_default() += 1;
                }
            }
            if country_ok(&d, &filters.country) && area_ok(&d, &filters.area) {
                matching.push((s, d));
            }
        }
        // Webinars: upcoming ones first, soonest first, then past ones, newest first. Other
        // sections: the reader's language first, then newest first.
        let today = crate::dates::iso_date(crate::db::now());
        let upcoming =
            |d: &DocumentRow| section == Section::Webinars && d.date.as_deref().is_some_and(|x| x >= today.as_str());
        matching.sort_by(|a, b| {
            let (ua, ub) = (upcoming(&a.1), upcoming(&b.1));
            ub.cmp(&ua)
                .then_with(|| if ua && ub { a.1.date.cmp(&b.1.date) } else { std::cmp::Ordering::Equal })
                .then_with(|| {
                    if section == Section::Webinars {
                        std::cmp::Ordering::Equal
                    } else {
                        (a.1.language != lang).cmp(&(b.1.language != lang))
                    }
                })
                .then_with(|| b.1.date.cmp(&a.1.date))
                .then_with(|| a.1.title.cmp(&b.1.title))
        });
        let total = matching.len();
        let page_count = total.div_ceil(PAGE_SIZE).max(1);
        let page = (filters.page.max(1) as usize).min(page_count);
        let on_page: Vec<_> = matching.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).collect();
        let upcoming_on_page = on_page.iter().filter(|(_, d)| upcoming(d)).count() as u32;
        let cards = on_page.iter().map(|(s, d)| card(d, s, facets.get(&d.id), &labels, lang)).collect();
        let mut countries: Vec<FacetValue> = country_counts
            .into_iter()
            .map(|(c, n)| FacetValue { label: country_label(lang, &c), value: c, count: n })
            .collect();
        countries.sort_by(|a, b| a.label.cmp(&b.label));
        let mut area_values: Vec<FacetValue> = area_counts
            .into_iter()
            .map(|(a, n)| FacetValue { label: areas.get(&a).cloned().unwrap_or_else(|| a.clone()), value: a, count: n })
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

    /// An exchange area with what belongs to it.
    pub async fn area(&self, lang: Lang, slug: &str) -> Result<AreaPage> {
        let (mut doc, rev) = self.document(lang, slug).await?;
        // The documents of the area are listed below; "linked from" would list them twice.
        doc.backlinks.clear();
        if doc.card.kind != Kind::Area {
            return Err(Error::NotFound);
        }
        let slugs = self.store.slugs_with_facet("area", slug).await?;
        let sets = self.readable_sets_by_slugs(&slugs).await?;
        let chosen: Vec<_> = sets.iter().filter(|s| s.slug != slug).map(|s| (s, s.pick(lang))).collect();
        let documents = self.cards(lang, &chosen).await?;

        let activities = crate::workplan::in_area(&self.workplans(lang).await?, slug)
            .into_iter()
            .map(|(plan, a)| {
                let period = crate::workplan::period(&a, lang);
                (plan, a, period)
            })
            .collect();
        // The area's row of the exchange map is the route's to add (the map is built on this).
        Ok(AreaPage { open_questions: rev.meta.open_questions.clone(), doc, documents, activities, map: None })
    }

    /// Every readable workplan (in the reader's language where it exists) with its activities.
    pub async fn workplans(&self, lang: Lang) -> Result<Vec<(DocCard, Vec<Activity>)>> {
        let mut out = Vec::new();
        for plan in &group(self.readable(Some(Kind::Workplan)).await?) {
            let version = plan.pick(lang);
            let Some(rev_id) = version.published_revision_id else {
                continue;
            };
            let Some(rev) = self.store.revision(rev_id).await? else {
                continue;
            };
            if rev.meta.activities.is_empty() {
                continue;
            }
            let card = self.cards(lang, &[(plan, version)]).await?.remove(0);
            out.push((card, rev.meta.activities));
        }
        Ok(out)
    }

    /// Every area, for the areas index.
    pub async fn areas(&self, lang: Lang) -> Result<Vec<DocCard>> {
        let sets = group(self.readable(Some(Kind::Area)).await?);
        let mut chosen: Vec<_> = sets.iter().map(|s| (s, s.pick(lang))).collect();
        chosen.sort_by(|a, b| a.1.title.cmp(&b.1.title));
        self.cards(lang, &chosen).await
    }

    /// A tag's documents; `NotFound` when the viewer can read none.
    pub async fn tag(&self, lang: Lang, tag: &str) -> Result<TagPage> {
        let slugs = self.store.slugs_with_facet("tag", tag).await?;
        let sets = self.readable_sets_by_slugs(&slugs).await?;
        let chosen: Vec<_> = sets.iter().map(|s| (s, s.pick(lang))).collect();
        let documents = self.cards(lang, &chosen).await?;
        if documents.is_empty() {
            return Err(Error::NotFound);
        }
        let names = tag_names(self.store, lang).await?;
        Ok(TagPage { tag: named_tag(&names, tag.to_string()), documents })
    }

    /// Every tag with the number of translation sets carrying it, by name in `lang`.
    pub async fn tags(&self, lang: Lang) -> Result<Vec<(Named, u32)>> {
        let sets = group(self.readable(None).await?);
        let ids: Vec<i64> = sets.iter().map(|s| s.versions[0].id).collect();
        let facets = self.store.facets_of(&ids).await?;
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for f in facets.values() {
            for t in &f.tags {
                *counts.entry(t.clone()).or_default() += 1;
            }
        }
        let names = tag_names(self.store, lang).await?;
        let mut tags: Vec<(Named, u32)> = counts.into_iter().map(|(t, n)| (named_tag(&names, t), n)).collect();
        tags.sort_by_key(|t| t.0.title.to_lowercase());
        Ok(tags)
    }

    /// Versions matching the list API's filters, one card per version (not per set).
    pub async fn api_list(
        &self,
        kind: Option<Kind>,
        lang: Option<Lang>,
        area: Option<&str>,
        tag: Option<&str>,
    ) -> Result<Vec<DocCard>> {
        let sets = group(self.readable(kind).await?);
        let ids: Vec<i64> = sets.iter().flat_map(|s| s.versions.iter().map(|v| v.id)).collect();
        let facets = self.store.facets_of(&ids).await?;
        let labels = self.labels(lang.unwrap_or_default()).await?;
        let empty = Facets::default();
        let mut out = Vec::new();
        for s in &sets {
            for v in &s.versions {
                let f = facets.get(&v.id).unwrap_or(&empty);
                if lang.is_some_and(|l| v.language != l)
                    || area.is_some_and(|a| !f.areas.iter().any(|x| x == a))
                    || tag.is_some_and(|t| !f.tags.iter().any(|x| x == t))
                {
                    continue;
                }
                out.push(card(v, s, Some(f), &labels, lang.unwrap_or_default()));
            }
        }
        Ok(out)
    }
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
///
/// # Errors
/// Database errors.
pub async fn tag_names(store: &Store, lang: Lang) -> Result<HashMap<String, String>> {
    let mut names: HashMap<String, (u8, String)> = HashMap::new();
    for l in store.tag_labels().await? {
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
                names.insert(l.tag, (rank, l.label));
            }
        }
    }
    Ok(names.into_iter().map(|(tag, (_, label))| (tag, label)).collect())
}

fn named_tag(names: &HashMap<String, String>, tag: String) -> Named {
    Named { title: names.get(&tag).cloned().unwrap_or_else(|| tag.clone()), slug: tag }
}

/// A card for one version of a set, for a reader of `lang`.
pub fn card(d: &DocumentRow, set: &TranslationSet, facets: Option<&Facets>, labels: &Labels, lang: Lang) -> DocCard {
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
        translations: set.languages(),
        is_original: d.is_original,
        visibility: d.visibility,
    }
}
