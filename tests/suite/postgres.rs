//! The same portal on PostgreSQL, the scale-out database: a fresh database on the local
//! server per test, the real import, pages, API and search. A missing server fails the test.

use axum::http::StatusCode;
use tests::{TestApp, content_with_fixtures};

#[tokio::test]
async fn the_portal_runs_on_postgresql() {
    let db = tests::postgres::FreshDatabase::create().await;
    let data = tempfile::TempDir::new().unwrap();
    let app = TestApp::with_database(content_with_fixtures(), data, &db.url).await;
    assert!(app.import.problems.iter().all(|p| !p.skipped), "{:?}", app.import.problems);
    assert!(app.import.created >= 30, "{}", app.import);

    let home = app.get("/en/").await;
    home.assert_status(StatusCode::OK);
    assert!(home.body.contains("The Development Solutions Partnership on GBV"));
    let doc = app.get("/ko/doc/sunflower-centre-model").await;
    doc.assert_status(StatusCode::OK);
    assert!(doc.body.contains("해바라기센터 모델"));
    assert!(doc.body.contains("이 문서를 링크한 문서"), "backlinks, headed in Korean");
    let ru = app.get("/en/case-studies?language=ru").await;
    assert!(ru.body.contains("Модель центров «Подсолнух»"));
    let api = app.get("/api/v1/documents?kind=webinar").await.json();
    assert_eq!(api["documents"][0]["slug"], "2019-01-29-integrative-support-webinar");
    app.get("/en/doc/partners-only-lesson").await.assert_status(StatusCode::NOT_FOUND);
    let search =
        app.get("/api/v1/search?q=%D0%BA%D1%80%D0%B8%D0%B7%D0%B8%D1%81%D0%BD%D1%8B%D1%85&lang=en").await.json();
    assert!(search["hits"].as_array().unwrap().iter().any(|h| h["slug"] == "kyrgyzstan-crisis-centres"));

    // Import is idempotent, revisions and archiving work the same.
    let revisions = app.scalar("SELECT COUNT(*) FROM revisions").await;
    let again = app.reimport().await;
    assert_eq!((again.created, again.updated, again.archived), (0, 0, 0), "{again}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM revisions").await, revisions);
    let path = app.content.path().join("lessons/exchange-lessons-first-webinar.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## Context", "## Context\n\nEdited on PostgreSQL.")).unwrap();
    std::fs::remove_file(app.content.path().join("case-studies/sunflower-centre-funding-mechanisms.md")).unwrap();
    let r = app.reimport().await;
    assert_eq!(r.archived, 1, "{r}");
    // The edited lesson, plus every document that linked to the removed one (its links now
    // render as plain text, and each is reported).
    assert!(r.updated > 1, "{r}");
    assert!(r.problems.iter().any(|p| p.message.contains("doc:sunflower-centre-funding-mechanisms")));
    assert!(app.get("/en/doc/exchange-lessons-first-webinar").await.body.contains("Edited on PostgreSQL."));
    app.get("/en/doc/sunflower-centre-funding-mechanisms").await.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/search?q=%22Edited%20on%20PostgreSQL%22").await.json()["total"], 1);

    drop(app);
    db.drop().await;
}
