//! The JSON API: lists with filters, one document with its rendering, and JSON errors.

use axum::http::StatusCode;
use tests::TestApp;

#[tokio::test]
async fn list_filters_by_kind_language_area_and_tag() {
    let app = TestApp::new().await;
    let all = app.get("/api/v1/documents").await;
    all.assert_status(StatusCode::OK);
    assert_eq!(all.header("content-type"), Some("application/json"));
    let all = all.json();
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 20, "every readable version: {total}");

    let ru = app.get("/api/v1/documents?lang=ru").await.json();
    let docs = ru["documents"].as_array().unwrap();
    assert!(docs.len() >= 3);
    assert!(docs.iter().all(|d| d["language"] == "ru"));
    let model = docs.iter().find(|d| d["slug"] == "sunflower-centre-model").expect("model in Russian");
    assert_eq!(model["title"], "Модель центров «Подсолнух»");
    assert_eq!(model["kind"], "case-study");
    assert_eq!(model["translations"], serde_json::json!(["en", "ru", "ky", "ko"]));
    assert_eq!(model["countries"], serde_json::json!(["KR"]));
    for key in ["summary", "date", "areas", "tags"] {
        assert!(!model[key].is_null(), "{key}");
    }

    let webinars = app.get("/api/v1/documents?kind=webinar").await.json();
    assert!(webinars["documents"].as_array().unwrap().iter().all(|d| d["kind"] == "webinar"));
    assert_eq!(webinars["documents"][0]["slug"], "2019-01-29-integrative-support-webinar");

    let area = app.get("/api/v1/documents?area=funding-mechanisms&lang=en").await.json();
    let slugs: Vec<&str> = area["documents"].as_array().unwrap().iter().map(|d| d["slug"].as_str().unwrap()).collect();
    assert!(slugs.contains(&"sunflower-centre-funding-mechanisms"), "{slugs:?}");
    assert!(!slugs.contains(&"sunflower-centre-children-and-disabilities"));

    let tag = app.get("/api/v1/documents?tag=webinar").await.json();
    assert!(tag["total"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn detail_returns_rendered_html_toc_and_backlinks() {
    let app = TestApp::new().await;
    let res = app.get("/api/v1/documents/sunflower-centre-model?lang=ko").await;
    res.assert_status(StatusCode::OK);
    let d = res.json();
    assert_eq!(d["language"], "ko");
    assert_eq!(d["title"], "해바라기센터 모델");
    assert_eq!(d["in_requested_language"], true);
    assert!(d["html"].as_str().unwrap().contains("<h2 id="));
    assert!(d["html"].as_str().unwrap().contains("href=\"/ko/doc/"), "links in the requested language");
    assert!(!d["toc"].as_array().unwrap().is_empty());
    let backlinks = d["backlinks"].as_array().unwrap();
    assert!(backlinks.iter().any(|b| b["slug"] == "partnership-overview"), "{backlinks:?}");

    let fallback = app.get("/api/v1/documents/sunflower-centre-funding-mechanisms?lang=ky").await.json();
    assert_eq!(fallback["language"], "en");
    assert_eq!(fallback["in_requested_language"], false);

    let with_files = app.get("/api/v1/documents/attachment-example").await.json();
    let files = with_files["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["mime"], "application/pdf");
    assert!(files[0]["url"].as_str().unwrap().starts_with("/attachments/"));

    let webinar = app.get("/api/v1/documents/2019-01-29-integrative-support-webinar").await.json();
    assert_eq!(webinar["event"]["date"], "2019-01-29");
    let plan = app.get("/api/v1/documents/strategic-workplan-draft").await.json();
    assert!(plan["activities"].as_array().unwrap().len() >= 6);
}

#[tokio::test]
async fn errors_are_json_with_status_and_message() {
    let app = TestApp::new().await;
    let missing = app.get("/api/v1/documents/no-such-doc").await;
    missing.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["status"], 404);
    assert_eq!(missing.json()["error"], "not_found", "a stable code");
    assert_eq!(missing.json()["message"], "Not found.");

    let bad_kind = app.get("/api/v1/documents?kind=essay").await;
    bad_kind.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(bad_kind.json()["error"], "unknown_value");
    assert!(bad_kind.json()["message"].as_str().unwrap().contains("Unknown kind `essay`"));
    // The message follows the reader's language: the `lang` parameter, else Accept-Language.
    let ru = app.get("/api/v1/documents/no-such-doc?lang=ru").await.json();
    assert_eq!(
        (ru["error"].as_str(), ru["message"].as_str()),
        (Some("not_found"), Some(app::i18n::msg::Msg::NotFound.text(app::model::Lang::Ru).as_str()))
    );
    assert_ne!(ru["message"], "Not found.");
    let ko = app
        .request(
            axum::http::Request::get("/api/v1/documents?kind=essay")
                .header("accept-language", "ko-KR,ko;q=0.9")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .json();
    assert_eq!(ko["error"], "unknown_value");
    assert!(
        ko["message"].as_str().unwrap().contains("`essay`") && !ko["message"].as_str().unwrap().contains("Unknown")
    );

    let bad_lang = app.get("/api/v1/documents/sunflower-centre-model?lang=de").await;
    bad_lang.assert_status(StatusCode::BAD_REQUEST);
    assert!(bad_lang.json()["message"].as_str().unwrap().contains("Unknown language `de`"));

    let nowhere = app.get("/api/v1/nowhere").await;
    nowhere.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(nowhere.json()["status"], 404);
}

#[tokio::test]
async fn restricted_documents_never_appear_in_the_api_for_anonymous_callers() {
    let app = TestApp::new().await;
    let all = app.get("/api/v1/documents").await;
    assert!(!all.body.contains("partners-only-lesson"));
    assert!(!all.body.contains("staff-only-note"));
    app.get("/api/v1/documents/partners-only-lesson").await.assert_status(StatusCode::NOT_FOUND);
    let model = app.get("/api/v1/documents/sunflower-centre-model").await;
    assert!(!model.body.contains("staff-only-note"), "no backlink from a restricted document");
}
