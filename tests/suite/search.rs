//! Search through the real router and index: the page, the API, the query syntax, the four
//! languages, permissions, corrections, suggestions, and the index's lifecycle.

use std::time::Duration;

use axum::http::StatusCode;
use tests::TestApp;

fn slugs(v: &serde_json::Value) -> Vec<String> {
    v["hits"].as_array().unwrap().iter().map(|h| h["slug"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn search_page_works_as_a_plain_form_with_results_snippets_and_facets() {
    let app = TestApp::new().await;
    let res = app.get("/en/search?q=funding").await;
    res.assert_status(StatusCode::OK);
    let b = &res.body;
    assert!(b.contains("role=\"search\" action=\"/en/search\" method=\"get\" class=\"search-form search-form-large\""));
    assert!(b.contains("value=\"funding\""), "the query stays in the box");
    assert!(b.contains("Sunflower Centre funding mechanisms"));
    assert!(b.contains("<mark>funding</mark>") || b.contains("<mark>Funding</mark>"), "highlighted words");
    // The matched section links to its heading: a deep link to an anchor of the document.
    let section = b.split("Section: <a href=\"").nth(1).expect("a matched section").split('"').next().unwrap();
    let (page, anchor) = section.split_once('#').expect("a deep link to an anchor");
    assert!(page.starts_with("/en/doc/") && !anchor.is_empty(), "{section}");
    let target = app.get(page).await;
    assert!(target.body.contains(&format!("id=\"{anchor}\"")), "the anchor {anchor} exists on {page}");
    assert!(b.contains("Refine"), "facets");
    assert!(b.contains("href=\"/en/search?q=funding&amp;kind=case-study\""), "facet links keep the query");
    assert_eq!(res.header("content-language"), Some("en"));
    // Every page has the search form in its header.
    let home = app.get("/ru/").await;
    assert!(home.body.contains("action=\"/ru/search\""));
}

#[tokio::test]
async fn results_link_to_the_section_they_matched_in() {
    let app = TestApp::new().await;
    let r = app.get("/api/v1/search?q=%22evidence%20and%20statement%22&lang=en").await.json();
    let hit = &r["hits"][0];
    assert_eq!(hit["slug"], "sunflower-centre-operation-processes");
    assert_eq!(hit["section"], "Step 3: Evidence and statement with police present at the centre");
    assert_eq!(
        hit["url"],
        "/en/doc/sunflower-centre-operation-processes#step-3-evidence-and-statement-with-police-present-at-the-centre"
    );
    // The anchor exists on the page.
    let page = app.get("/en/doc/sunflower-centre-operation-processes").await;
    assert!(page.body.contains("id=\"step-3-evidence-and-statement-with-police-present-at-the-centre\""));
}

#[tokio::test]
async fn api_answers_in_the_documented_shape() {
    let app = TestApp::new().await;
    let res = app.get("/api/v1/search?q=crisis%20centres&lang=en").await;
    res.assert_status(StatusCode::OK);
    let r = res.json();
    assert!(r["total"].as_u64().unwrap() >= 1);
    let hit = &r["hits"][0];
    for key in ["slug", "language", "title", "section", "url", "snippet_html", "score", "translations"] {
        assert!(hit.get(key).is_some(), "hit has {key}: {hit}");
    }
    for facet in ["kind", "language", "country", "area", "year"] {
        assert!(r["facets"][facet].is_object(), "facet {facet}: {}", r["facets"]);
    }
    assert!(r["facets"]["kind"]["case-study"].as_u64().unwrap() >= 1);
    assert!(r.get("suggestion").is_some());
    // Bad filter values are clear errors; odd text is not.
    let bad = app.get("/api/v1/search?q=x&kind=essay").await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    assert!(bad.json()["message"].as_str().unwrap().contains("Unknown kind"));
    app.get("/api/v1/search?q=x&year=twenty").await.assert_status(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn query_syntax_phrases_exclusions_and_odd_input() {
    let app = TestApp::new().await;
    let phrase = app.get("/api/v1/search?q=%22one-stop%20support%20centres%22").await.json();
    assert!(phrase["total"].as_u64().unwrap() >= 1);
    let loose = app.get("/api/v1/search?q=support%20centres%20one-stop").await.json();
    assert!(loose["total"].as_u64() >= phrase["total"].as_u64(), "a phrase is stricter than its words");

    let with = app.get("/api/v1/search?q=children").await.json();
    let without = app.get("/api/v1/search?q=children%20-police").await.json();
    assert!(without["total"].as_u64() < with["total"].as_u64(), "exclusion removes documents");
    assert!(!slugs(&without).contains(&"sunflower-centre-operation-processes".to_string()));

    // Anything else is searched as plain text, never an error page.
    let noise = "lorem ipsum ".repeat(200);
    for q in ["\"unbalanced centre", "- + && || !", "centre\"", ")(*&^%$#@!", "\u{0}\u{1}", noise.as_str(), "-", "\"\""]
    {
        let encoded = app::model::encode_component(q);
        let page = app.get(&format!("/en/search?q={encoded}")).await;
        page.assert_status(StatusCode::OK);
        let api = app.get(&format!("/api/v1/search?q={encoded}")).await;
        api.assert_status(StatusCode::OK);
    }
    let unbalanced = app.get("/api/v1/search?q=%22unbalanced%20crisis%20centres").await.json();
    assert_eq!(unbalanced["ignored_words"], serde_json::json!(["unbalanced"]));
    assert!(slugs(&unbalanced).contains(&"kyrgyzstan-crisis-centres".to_string()));
}

#[tokio::test]
async fn each_language_is_analysed_in_its_own_way() {
    let app = TestApp::new().await;
    let cases = [
        ("кризисных%20центров", "ru", "kyrgyzstan-crisis-centres"),
        ("борборлордун", "ky", "kyrgyzstan-crisis-centres"),
        ("кризистик%20борборлордо", "ky", "kyrgyzstan-crisis-centres"),
        ("%EC%84%BC%ED%84%B0%EC%97%90%EC%84%9C", "ko", "sunflower-centre-model"), // 센터에서
        ("%ED%95%B4%EB%B0%94%EB%9D%BC%EA%B8%B0", "ko", "sunflower-centre-model"), // 해바라기
        ("centres%20funded", "en", "sunflower-centre-funding-mechanisms"),
    ];
    for (q, lang, expected) in cases {
        let r = app.get(&format!("/api/v1/search?q={q}&lang={lang}")).await.json();
        let top: Vec<String> = slugs(&r).into_iter().take(3).collect();
        assert!(top.contains(&expected.to_string()), "{q}: {top:?}");
        assert_eq!(r["hits"][0]["matched_language"], lang, "{q} matched in its own language");
    }
}

#[tokio::test]
async fn a_hit_on_a_translation_leads_to_the_readers_language() {
    let app = TestApp::new().await;
    // A Russian query read by a Korean reader.
    let r = app.get("/api/v1/search?q=%D0%BA%D1%80%D0%B8%D0%B7%D0%B8%D1%81%D0%BD%D1%8B%D0%B5%20%D1%86%D0%B5%D0%BD%D1%82%D1%80%D1%8B&lang=ko").await.json();
    let hit = r["hits"].as_array().unwrap().iter().find(|h| h["slug"] == "kyrgyzstan-crisis-centres").expect("found");
    assert_eq!(hit["language"], "ko", "shown in Korean");
    assert_eq!(hit["matched_language"], "ru");
    assert_eq!(hit["title"], "키르기스스탄의 위기지원센터");
    assert!(hit["url"].as_str().unwrap().starts_with("/ko/doc/kyrgyzstan-crisis-centres"));
    assert!(hit["matched_url"].as_str().unwrap().starts_with("/ru/doc/kyrgyzstan-crisis-centres"));
    let langs: Vec<&str> =
        hit["translations"].as_array().unwrap().iter().map(|t| t["language"].as_str().unwrap()).collect();
    assert!(langs.contains(&"ru") && langs.contains(&"en") && !langs.contains(&"ko"), "{langs:?}");
    // Grouped: one result per document, not one per language version.
    let all = slugs(&r);
    let mut dedup = all.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(all.len(), dedup.len());
    // The page says where it matched.
    let page = app.get("/ko/search?q=%D0%BA%D1%80%D0%B8%D0%B7%D0%B8%D1%81%D0%BD%D1%8B%D0%B5").await;
    assert!(page.body.contains(app::i18n::ui(app::model::Lang::Ko).matched_in), "says where, in Korean");
}

#[tokio::test]
async fn typos_of_five_letters_or_more_still_find_their_document() {
    let app = TestApp::new().await;
    for (q, expected) in [
        ("fundng", "sunflower-centre-funding-mechanisms"),
        ("Sunflwoer%20funding", "sunflower-centre-funding-mechanisms"),
        ("kyrgystan%20crisis", "kyrgyzstan-crisis-centres"),
        (
            "%D0%BA%D1%80%D0%B8%D0%B7%D0%B8%D1%81%D0%BD%D1%8B%D1%85%20%D1%86%D0%B5%D0%BD%D1%82%D0%BE%D0%B2",
            "kyrgyzstan-crisis-centres",
        ), // кризисных центов
    ] {
        let r = app.get(&format!("/api/v1/search?q={q}")).await.json();
        let top: Vec<String> = slugs(&r).into_iter().take(3).collect();
        assert!(top.contains(&expected.to_string()), "{q}: {top:?}");
    }
}

#[tokio::test]
async fn empty_results_explain_themselves() {
    let app = TestApp::new().await;
    let r = app.get("/api/v1/search?q=gbc").await.json();
    assert_eq!(r["total"], 0);
    assert_eq!(r["suggestion"], "gbv", "did you mean");
    let page = app.get("/en/search?q=ceter").await;
    assert!(page.body.contains("Did you mean"), "{}", page.body);
    assert!(page.body.contains("href=\"/en/search?q=centr"), "the suggestion is a link");

    let filtered = app.get("/api/v1/search?q=sunflower&kind=webinar&year=2020").await.json();
    assert_eq!(filtered["total"], 0);
    let removed: Vec<&str> =
        filtered["removed_by"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    // Without the kind filter there is still nothing from 2020; without the year there is.
    assert_eq!(removed, ["year"]);
    let page = app.get("/en/search?q=sunflower&kind=webinar&year=2020").await;
    assert!(page.body.contains("These filters removed every result"));
    assert!(page.body.contains("href=\"/en/search?q=sunflower&amp;kind=webinar\""), "a link without the year");

    let nothing = app.get("/api/v1/search?q=zzqxvw").await.json();
    assert_eq!(nothing["total"], 0);
    assert!(nothing["suggestion"].is_null());
}

#[tokio::test]
async fn filters_and_pagination() {
    let app = TestApp::new().await;
    let all = app.get("/api/v1/search?q=centre").await.json();
    let total = all["total"].as_u64().unwrap();
    assert!(total > 10, "enough for two pages: {total}");
    assert_eq!(all["hits"].as_array().unwrap().len(), 10);
    let page2 = app.get("/api/v1/search?q=centre&page=2").await.json();
    assert_eq!(page2["page"], 2);
    let first: Vec<String> = slugs(&all);
    assert!(slugs(&page2).iter().all(|s| !first.contains(s)), "page 2 holds other documents");
    let kind = app.get("/api/v1/search?q=centre&kind=webinar").await.json();
    assert!(kind["hits"].as_array().unwrap().iter().all(|h| h["kind"] == "webinar"));
    let ru = app.get("/api/v1/search?q=%D1%86%D0%B5%D0%BD%D1%82%D1%80&language=ru").await.json();
    assert!(ru["hits"].as_array().unwrap().iter().all(|h| h["matched_language"] == "ru"));
    let kg = app.get("/api/v1/search?q=centre&country=KG").await.json();
    assert!(kg["total"].as_u64().unwrap() < total);
    let year = app.get("/api/v1/search?q=centre&year=2019").await.json();
    assert!(year["hits"].as_array().unwrap().iter().all(|h| h["date"].as_str().unwrap_or("").starts_with("2019")));
    let area = app.get("/api/v1/search?q=centre&area=funding-mechanisms").await.json();
    assert!(slugs(&area).contains(&"sunflower-centre-funding-mechanisms".to_string()));
}

#[tokio::test]
async fn restricted_documents_never_leak_through_search() {
    let app = TestApp::new().await;
    for q in ["zebracrossing", "quartermaster", "Partners-only", "referral%20agreements"] {
        let r = app.get(&format!("/api/v1/search?q={q}")).await;
        assert!(!r.body.contains("partners-only-lesson"), "{q}");
        assert!(!r.body.contains("staff-only-note"), "{q}");
        let page = app.get(&format!("/en/search?q={q}")).await;
        assert!(!page.body.contains("Partners-only lesson"), "{q}");
    }
    // Not through counts: the restricted lesson is tagged with area operation-processes and KG.
    let r = app.get("/api/v1/search?q=zebracrossing").await.json();
    assert_eq!(r["total"], 0);
    assert!(r["suggestion"].is_null(), "a correction must not reveal a restricted word");
    let near = app.get("/api/v1/search?q=quartermastr").await.json();
    assert_eq!(near["total"], 0, "typo tolerance must not reach restricted documents");
    assert!(near["suggestion"].is_null());
    // Nor through suggestions.
    let s = app.get("/api/v1/suggest?q=zebracro").await.json();
    assert_eq!(s, serde_json::json!([]));
    let s = app.get("/api/v1/suggest?q=Partners-o").await;
    assert!(!s.body.contains("Partners-only"));
}

#[tokio::test]
async fn suggestions_offer_titles_and_sections() {
    let app = TestApp::new().await;
    let s = app.get("/api/v1/suggest?q=sunfl&lang=en").await.json();
    let titles: Vec<&str> = s.as_array().unwrap().iter().map(|x| x["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"The Sunflower Centre model"), "{titles:?}");
    let s = app.get("/api/v1/suggest?q=referr&lang=en").await.json();
    let section =
        s.as_array().unwrap().iter().find(|x| x["section"] == "Step 5: Referral").expect("a section suggestion");
    assert_eq!(section["url"], "/en/doc/sunflower-centre-operation-processes#step-5-referral");
    let ko = app.get("/api/v1/suggest?q=%ED%95%B4%EB%B0%94&lang=ko").await.json(); // 해바
    assert!(ko.as_array().unwrap().iter().any(|x| x["title"] == "해바라기센터 모델"), "{ko}");
    assert_eq!(app.get("/api/v1/suggest?q=a").await.json(), serde_json::json!([]), "one Latin letter is too little");
}

#[tokio::test]
async fn changes_become_searchable_within_a_second_without_being_told() {
    let app = TestApp::new().await;
    let path = app.content.path().join("lessons/exchange-lessons-first-webinar.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## Context", "## Context\n\nThe word xylophonist marks this change.")).unwrap();
    // Import without telling the index: the writer finds the change in the database's log.
    server::content::import::import_dir(&app.state.store, &app.state.blobs, app.content.path()).await.unwrap();
    let found = tests::eventually(Duration::from_millis(1500), || async {
        let r = app.get("/api/v1/search?q=xylophonist").await.json();
        (r["total"] == 1).then_some(())
    })
    .await;
    assert!(found.is_some(), "not searchable within 1.5 s");
    // A removed document leaves the index.
    std::fs::remove_file(&path).unwrap();
    app.reimport().await;
    assert_eq!(app.get("/api/v1/search?q=xylophonist").await.json()["total"], 0);
}

#[tokio::test]
async fn the_index_is_rebuilt_when_missing_corrupt_or_outdated() {
    let app = TestApp::new().await;
    let data = app.data.path().to_path_buf();
    let store = app.state.store.clone();
    let count = app.state.search.len();
    assert!(count >= 26);
    drop(app.router);
    drop(app.state);

    // Corrupt: garbage in the index's metadata.
    let dir = data.join(format!("search/v{}", server::search::schema::SCHEMA_VERSION));
    std::fs::write(dir.join("meta.json"), b"{ not json").unwrap();
    // Outdated: an index folder of an older schema version.
    std::fs::create_dir_all(data.join("search/v0")).unwrap();
    let search = server::search::SearchIndex::open(&data, store.clone()).await.expect("rebuilt");
    assert_eq!(search.len(), count, "rebuilt from the database");
    assert!(!data.join("search/v0").exists(), "old versions are removed");
    let r = search.search(
        &app::model::Viewer::anonymous(),
        app::model::Lang::En,
        &app::model::SearchQuery { q: "funding".into(), ..Default::default() },
    );
    assert!(r.unwrap().total > 0);
    drop(search);

    // Missing: deleted entirely; `portal reindex` (the CLI path) builds it again.
    std::fs::remove_dir_all(data.join("search")).unwrap();
    let cli = <server::config::Cli as clap::Parser>::parse_from([
        "portal",
        "--data-dir",
        data.to_str().unwrap(),
        "--database-url",
        &format!("sqlite://{}?mode=rwc", data.join("portal.db").display()),
        "reindex",
    ]);
    server::cli::run(cli).await.expect("reindex");
    let search = server::search::SearchIndex::open(&data, store).await.unwrap();
    assert_eq!(search.len(), count);
}

#[tokio::test]
async fn no_query_is_logged() {
    let (capture, _guard) = tests::LogCapture::start();
    let app = TestApp::new().await;
    app.get("/en/search?q=confidentialword&kind=lesson").await.assert_status(StatusCode::OK);
    app.get("/api/v1/search?q=confidentialword").await.assert_status(StatusCode::OK);
    app.get("/api/v1/suggest?q=confidentialwo").await.assert_status(StatusCode::OK);
    let logs = capture.text();
    assert!(logs.contains("/en/search"), "requests are logged (so the check below means something): {logs}");
    assert!(!logs.contains("confidentialword") && !logs.contains("confidentialwo"), "a query reached the logs");
}
