//! Search as the portal's service, for the search page, the API and the search box alike: a
//! query in, typed results out. The engine works with codes (kinds, languages, countries,
//! area slugs); this is the one place they get their names in the reader's language. Searching
//! runs on the blocking pool (it is CPU work) and never writes the query anywhere.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use app::i18n::{country_label, kind_label, ui};
use app::model::{FacetValue, Kind, Lang, SearchQuery, SearchResults, Suggestion, Viewer};

use super::SearchIndex;
use crate::catalog::Catalog;
use crate::db::Store;
use crate::error::{Error, Result};

/// Searches what `viewer` may read, with the results, facets and corrections named in `reader`.
///
/// # Errors
/// Index or database failures.
pub async fn search(
    index: &Arc<SearchIndex>,
    store: &Store,
    viewer: &Viewer,
    reader: Lang,
    q: SearchQuery,
) -> Result<SearchResults> {
    let (idx, v, query) = (index.clone(), viewer.clone(), q.clone());
    let mut results = tokio::task::spawn_blocking(move || idx.search(&v, reader, &query))
        .await
        .map_err(|e| Error::Internal(e.into()))?
        .map_err(|e| Error::Internal(e.into()))?;
    let areas = if results.facets.area.is_empty() && q.area.is_none() {
        HashMap::new()
    } else {
        Catalog::new(store, viewer).area_titles(reader).await?
    };
    label(&mut results, &q, reader, &areas);
    Ok(results)
}

/// Titles and sections for what is being typed.
///
/// # Errors
/// Index failures.
pub async fn suggest(index: &Arc<SearchIndex>, viewer: &Viewer, reader: Lang, text: String) -> Result<Vec<Suggestion>> {
    let (idx, v) = (index.clone(), viewer.clone());
    tokio::task::spawn_blocking(move || idx.suggest(&v, reader, &text, 8))
        .await
        .map_err(|e| Error::Internal(e.into()))?
        .map_err(|e| Error::Internal(e.into()))
}

/// Names every facet value and removed filter in the reader's language (area slugs by the
/// area's title), and orders the facets: most results first, then by name.
fn label(results: &mut SearchResults, q: &SearchQuery, reader: Lang, areas: &HashMap<String, String>) {
    let f = &mut results.facets;
    for v in &mut f.kind {
        v.label = Kind::from_code(&v.value).map(|k| kind_label(reader, k).to_string()).unwrap_or_default();
    }
    for v in &mut f.language {
        v.label = Lang::from_code(&v.value).map(|l| l.native_name().to_string()).unwrap_or_default();
    }
    for v in &mut f.country {
        v.label = country_label(reader, &v.value);
    }
    for v in &mut f.area {
        v.label = areas.get(&v.value).cloned().unwrap_or_else(|| v.value.clone());
    }
    for values in [&mut f.kind, &mut f.country] {
        values.sort_by(by_count);
    }
    // Areas keep the order of their slugs among equal counts: stable whatever the language.
    f.area.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    for hit in &mut results.hits {
        hit.date_label = hit.date.as_deref().map(|d| app::i18n::format::date(d, reader));
    }
    let t = ui(reader);
    for removed in &mut results.removed_by {
        removed.label = match removed.name.as_str() {
            "kind" => format!("{}: {}", t.kind, q.kind.map(|k| kind_label(reader, k)).unwrap_or_default()),
            "language" => format!("{}: {}", t.language, q.language.map(Lang::native_name).unwrap_or_default()),
            "country" => {
                format!(
                    "{}: {}",
                    t.filter_country,
                    q.country.as_deref().map(|c| country_label(reader, c)).unwrap_or_default()
                )
            }
            "area" => format!("{}: {}", t.filter_area, q.area.clone().unwrap_or_default()),
            "year" => format!("{}: {}", t.year, q.year.map(|y| y.to_string()).unwrap_or_default()),
            other => other.to_string(),
        };
    }
}

fn by_count(a: &FacetValue, b: &FacetValue) -> Ordering {
    b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label))
}
