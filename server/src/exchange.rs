//! What the partnership's working tools add for a viewer: the exchange map (each exchange area
//! against what the portal holds for it) and the parts webinar and workplan pages compute for
//! their reader (event times in the partners' zones, the workplan timeline, histories).
//!
//! Every count starts from what the viewer may read, like the rest of the catalog: a staff
//! document is never counted for a visitor.

use std::collections::HashMap;

use app::i18n::{format, status_label, ui};
use app::model::{ActivityStatus, DocPage, ExchangeMap, Kind, Lang, MapCell, MapRow, Named, WorkplanView};
use chrono_tz::Tz;

use crate::catalog::{Catalog, pick};
use crate::error::Result;
use crate::workplan::TimelineWords;

/// `YYYY-MM` of a moment.
fn month_of(unix: i64) -> String {
    crate::dates::iso_date(unix).chars().take(7).collect()
}

impl Catalog<'_> {
    /// Fills what a webinar or workplan page computes for this reader: the event's times (in
    /// Bishkek, Seoul and `own_zone`), and the workplan's timeline, periods, evidence titles,
    /// histories and, when `csrf` is given (an editor), the status forms.
    pub async fn structured_parts(
        &self,
        lang: Lang,
        doc: &mut DocPage,
        own_zone: Option<Tz>,
        csrf: Option<String>,
    ) -> Result<()> {
        let now = crate::db::now();
        let slug = doc.card.slug.clone();
        if let Some(e) = &doc.event {
            let ics = format!("/{lang}/doc/{slug}/event.ics");
            doc.event_times = Some(crate::webinar::times(e, lang, own_zone, now, ics));
        }
        if doc.activities.is_empty() {
            return Ok(());
        }
        let t = ui(lang);
        let area_titles = self.area_titles(lang).await?;
        let area_name = |a: &str| area_titles.get(a).cloned().unwrap_or_else(|| a.to_string());
        let this_month = month_of(now);
        // In a block: the words borrow closures that must not live across an await.
        let timeline_svg = {
            let status = |s: ActivityStatus| status_label(lang, s);
            let month = |m: &str| format::month(m, lang);
            let words = TimelineWords {
                doc_lang: doc.card.language.code(),
                title: t.timeline,
                today: t.today,
                status: &status,
                area: &area_name,
                month: &month,
            };
            crate::workplan::timeline_svg(&doc.activities, &this_month, &words)
        };

        let mut evidence: Vec<String> = doc.activities.iter().flat_map(|a| a.evidence.clone()).collect();
        evidence.sort();
        evidence.dedup();
        let evidence_titles = self
            .readable_sets_by_slugs(&evidence)
            .await?
            .iter()
            .map(|s| (s.slug.clone(), s.pick(lang).title.clone(), s.pick(lang).language))
            .collect();
        let histories = doc
            .activities
            .iter()
            .map(|a| {
                let lines = a
                    .progress
                    .iter()
                    .rev()
                    .map(|p| {
                        let since = app::pages::workplan::since(lang, p.status, &format::date(&p.date, lang));
                        if p.note.is_empty() { since } else { format!("{since}: {}", p.note) }
                    })
                    .collect();
                (a.id.clone(), lines)
            })
            .collect();
        let mut areas: Vec<String> = doc.activities.iter().map(|a| a.area.clone()).collect();
        areas.dedup();
        doc.workplan = Some(WorkplanView {
            timeline_svg,
            this_month,
            area_names: areas.iter().map(|a| (a.clone(), area_name(a))).collect(),
            evidence_titles,
            histories,
            periods: doc.activities.iter().map(|a| crate::workplan::period(a, lang)).collect(),
            can_update: csrf.is_some(),
            csrf: csrf.unwrap_or_default(),
            csv_href: format!("/{lang}/doc/{slug}/activities.csv"),
        });
        Ok(())
    }

    /// The exchange map as this viewer may see it: one row per exchange area, counting Korean
    /// practice (case studies from KR), Kyrgyz context (KG), workplan activities by status,
    /// webinars, lessons learnt and, for members, open discussions on the area's documents.
    ///
    /// The counts of documents are computed once per library, language and class of viewer;
    /// open discussions (not in the `changes` log) are counted per request.
    pub async fn exchange_map(&self, lang: Lang) -> Result<ExchangeMap> {
        let t = ui(lang);
        let lib = self.store.library().await?;
        let vis = self.viewer.visibilities();
        let labels = self.labels(lang).await?;
        let plans = self.workplans(lang).await?;
        let base = lib
            .memo(format!("map:{lang}:{}", vis.len()), || async {
                // Per area: counts of the shown version of each readable set, by kind and country.
                let mut counted: HashMap<&str, [u32; 4]> = HashMap::new();
                for set in &lib.sets {
                    let Some(v) = pick(set, vis, lang) else { continue };
                    let column = match v.row.kind {
                        Kind::CaseStudy if v.facets.countries.iter().any(|c| c == "KR") => Some(0),
                        Kind::CaseStudy if v.facets.countries.iter().any(|c| c == "KG") => Some(1),
                        Kind::Webinar => Some(2),
                        Kind::Lesson => Some(3),
                        _ => None,
                    };
                    for a in &v.facets.areas {
                        let row = counted.entry(a.as_str()).or_default();
                        if let Some(c) = column {
                            row[c] += 1;
                        }
                        // A case study from both countries counts in both columns.
                        if column == Some(0) && v.facets.countries.iter().any(|c| c == "KG") {
                            row[1] += 1;
                        }
                    }
                }
                let mut areas: Vec<Named> = labels
                    .areas
                    .iter()
                    .map(|(slug, title)| Named { slug: slug.clone(), title: title.clone() })
                    .collect();
                areas.sort_by(|a, b| a.title.cmp(&b.title));
                let rows: Vec<(Named, [u32; 4])> = areas
                    .into_iter()
                    .map(|a| {
                        let n = counted.get(a.slug.as_str()).copied().unwrap_or_default();
                        (a, n)
                    })
                    .collect();
                Ok::<_, crate::error::Error>(rows)
            })
            .await?;
        let members = self.viewer.user_id.is_some();

        let mut columns: Vec<String> = vec![t.map_korean_practice.into(), t.map_kyrgyz_context.into()];
        columns.extend(ActivityStatus::ALL.map(|s| format!("{}: {}", t.activities, status_label(lang, s))));
        columns.extend([
            app::i18n::section_label(lang, app::model::Section::Webinars).to_string(),
            app::i18n::section_label(lang, app::model::Section::Lessons).to_string(),
        ]);
        // Open threads per area, counted on the readable documents that carry the area.
        let mut open_by_area: HashMap<String, u32> = HashMap::new();
        if members {
            columns.push(t.map_open_discussions.into());
            let counts = self.store.open_thread_counts().await?;
            for (slug, n) in counts.iter() {
                let Some(v) = lib.set(slug).and_then(|s| pick(s, vis, lang)) else { continue };
                for a in &v.facets.areas {
                    *open_by_area.entry(a.clone()).or_default() += *n;
                }
            }
        }

        let mut rows = Vec::new();
        for (area, [kr, kg, webinars, lessons]) in base.iter() {
            let slug = &area.slug;
            let list =
                |path: &str, extra: &str| MapCell { count: 0, href: format!("/{lang}/{path}?{extra}area={slug}") };
            let mut cells = vec![
                MapCell { count: *kr, ..list("case-studies", "country=KR&") },
                MapCell { count: *kg, ..list("case-studies", "country=KG&") },
            ];
            let activities = crate::workplan::in_area(&plans, slug);
            for s in ActivityStatus::ALL {
                cells.push(MapCell {
                    count: activities.iter().filter(|(_, a)| a.status == s).count() as u32,
                    href: format!("/{lang}/areas/{slug}#area-activities"),
                });
            }
            cells.push(MapCell { count: *webinars, ..list("webinars", "") });
            cells.push(MapCell { count: *lessons, ..list("lessons", "") });
            if members {
                let n = open_by_area.get(slug).copied().unwrap_or(0);
                cells.push(MapCell { count: n, href: format!("/{lang}/areas/{slug}#area-docs") });
            }
            rows.push(MapRow { area: area.clone(), cells });
        }
        let max = rows.iter().flat_map(|r| r.cells.iter().map(|c| c.count)).max().unwrap_or(0);
        Ok(ExchangeMap { columns, rows, max })
    }
}
