//! Relevance, judged: for each query of `tests/fixtures/relevance.json` (inflected forms,
//! typos, phrases, exclusions, cross-language cases; at least ten per language), the expected
//! document must be among the first three results. Prints the hit rate per language.

use std::collections::BTreeMap;

use app::model::{Lang, SearchQuery, Viewer};
use serde::Deserialize;
use tests::{TestApp, fixtures};

#[derive(Deserialize)]
struct Judged {
    lang: String,
    reader: String,
    q: String,
    expected: String,
    why: String,
}

#[tokio::test]
async fn expected_documents_are_in_the_top_three() {
    let judged: Vec<Judged> =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("relevance.json")).unwrap()).unwrap();
    let app = TestApp::new().await;
    let mut per_lang: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for j in &judged {
        let reader = Lang::from_code(&j.reader).expect("reader language");
        let q = SearchQuery { q: j.q.clone(), ..Default::default() };
        let results = app.state.search.search(&Viewer::anonymous(), reader, &q).expect("search");
        let top: Vec<&str> = results.hits.iter().take(3).map(|h| h.slug.as_str()).collect();
        let entry = per_lang.entry(j.lang.clone()).or_default();
        entry.1 += 1;
        if top.contains(&j.expected.as_str()) {
            entry.0 += 1;
            // Cross-language: the hit is shown in the reader's language when it exists there.
            let hit = results.hits.iter().find(|h| h.slug == j.expected).unwrap();
            if j.reader != j.lang && (hit.language == reader || hit.translations.iter().any(|v| v.language == reader)) {
                assert_eq!(hit.language, reader, "{:?} should be shown in {}", j.q, j.reader);
            }
        } else {
            misses
                .push(format!("[{}→{}] {:?} expected {} ({}), got {top:?}", j.lang, j.reader, j.q, j.expected, j.why));
        }
    }
    println!("relevance (top 3), per query language:");
    for (lang, (hit, all)) in &per_lang {
        println!("  {lang}: {hit}/{all} = {:.0}%", 100.0 * *hit as f64 / *all as f64);
    }
    for (lang, (_, all)) in &per_lang {
        assert!(*all >= 10, "{lang} has only {all} judged queries");
    }
    assert!(misses.is_empty(), "{} of {} judged queries missed:\n{}", misses.len(), judged.len(), misses.join("\n"));
}
