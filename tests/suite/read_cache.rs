//! The read path (issue 15): kept anonymous pages, conditional requests, compression, and the
//! rules that keep the cache honest: a page follows a change within a second, and nothing a
//! visitor may not read is ever answered from the cache, on one node or across two on
//! PostgreSQL.

use std::io::Read;
use std::time::Duration;

use app::model::Role;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::content::import::import_dir;
use tests::{TestApp, content_with_fixtures, eventually};

const LESSON: &str = "lessons/fixture-forensic-examination.md";
const LESSON_PAGE: &str = "/en/doc/fixture-forensic-examination";

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = tower::ServiceExt::oneshot(app.router.clone(), req.body(Body::empty()).unwrap()).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = http_body_util::BodyExt::collect(body).await.unwrap().to_bytes().to_vec();
    (parts.status, parts.headers, bytes)
}

/// Imports the content folder as it is now, without telling search: the cache must notice
/// the change by following the database's log, as a second node would.
async fn import_quietly(app: &TestApp) {
    let report = import_dir(&app.state.store, &app.state.blobs, app.content.path()).await.unwrap();
    assert!(!report.has_failures(), "{report}");
}

/// Waits up to a little over a second for `path` to show `text` (or, with `present` false, to
/// stop showing it).
async fn follows(app: &TestApp, path: &str, text: &str, present: bool) -> bool {
    eventually(Duration::from_millis(1500), || async {
        let page = app.get(path).await;
        (page.body.contains(text) == present).then_some(())
    })
    .await
    .is_some()
}

fn edit(app: &TestApp, file: &str, from: &str, to: &str) {
    let path = app.content.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[tokio::test]
async fn an_anonymous_page_is_kept_compressed_and_revalidated_with_a_304_without_body() {
    let app = TestApp::new().await;
    // A first visit sets the visitor's cookies: that answer is theirs alone.
    let (status, headers, identity) = get_with(&app, LESSON_PAGE, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get("set-cookie").is_some());
    assert_eq!(headers.get("cache-control").unwrap(), "private, no-cache");
    let etag = headers.get("etag").expect("an ETag").to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "a strong ETag: {etag}");
    // With its cookies back, the same page is what every visitor sees.
    let cookies = format!("lang=en; sx_csrf={}", "ab".repeat(32));
    let (_, headers, again) = get_with(&app, LESSON_PAGE, &[("cookie", &cookies)]).await;
    assert_eq!(again, identity);
    assert!(headers.get("set-cookie").is_none());
    assert_eq!(headers.get("cache-control").unwrap(), "public, no-cache");
    assert!(headers.get("vary").unwrap().to_str().unwrap().contains("Cookie"));
    assert!(!app.state.pages.is_empty(), "the page is kept");

    // The same page from the cache, in brotli and gzip, decodes to the same bytes.
    let (_, br_headers, br) = get_with(&app, LESSON_PAGE, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(br_headers.get("content-encoding").unwrap(), "br");
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&br[..], 4096).read_to_end(&mut decoded).unwrap();
    assert_eq!(decoded, identity);
    let (_, gz_headers, gz) = get_with(&app, LESSON_PAGE, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz_headers.get("content-encoding").unwrap(), "gzip");
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut decoded).unwrap();
    assert_eq!(decoded, identity);
    assert!(String::from_utf8_lossy(&identity).contains("Forensic medical examination"));

    // A browser that holds the page (in any encoding) gets 304 and no body.
    let gz_etag = gz_headers.get("etag").unwrap().to_str().unwrap().to_string();
    for tag in [etag.as_str(), gz_etag.as_str()] {
        let (status, headers, body) = get_with(&app, LESSON_PAGE, &[("if-none-match", tag)]).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        assert!(body.is_empty(), "a 304 carries no body");
        assert!(headers.get("etag").is_some());
    }
    let (status, _, _) = get_with(&app, LESSON_PAGE, &[("if-none-match", "\"something-else\"")]).await;
    assert_eq!(status, StatusCode::OK);

    // The API and feeds too; a signed-in page is private and not kept.
    let (status, headers, _) = get_with(&app, "/api/v1/documents/fixture-forensic-examination", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let api_etag = headers.get("etag").unwrap().to_str().unwrap().to_string();
    let (status, _, body) =
        get_with(&app, "/api/v1/documents/fixture-forensic-examination", &[("if-none-match", &api_etag)]).await;
    assert_eq!((status, body.len()), (StatusCode::NOT_MODIFIED, 0));
    let (status, headers, _) = get_with(&app, "/feeds/webinars.ics", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get("etag").is_some(), "feeds carry an ETag");
    // A kept calendar file keeps the headers its handler gave (it downloads as a file).
    for _ in 0..2 {
        let (status, headers, _) =
            get_with(&app, "/en/doc/2019-01-29-integrative-support-webinar/event.ics", &[]).await;
        assert_eq!(status, StatusCode::OK);
        let disposition = headers.get("content-disposition").expect("still a file").to_str().unwrap();
        assert!(disposition.contains(".ics"), "{disposition}");
    }

    let mut reader = app.member(Role::Reader).await;
    let page = reader.get(LESSON_PAGE).await;
    page.assert_status(StatusCode::OK);
    assert_eq!(page.header("cache-control"), Some("private, no-cache"));
    assert!(page.header("etag").is_some(), "signed-in pages can be revalidated too");
    assert!(page.body.contains("reader 1"), "the member's own header");
}

#[tokio::test]
async fn a_kept_page_follows_an_edit_a_publication_a_translation_a_linked_title_and_an_archive() {
    let app = TestApp::new().await;
    let kept = app.get(LESSON_PAGE).await;
    assert!(kept.body.contains("Forensic medical examination"));
    assert!(!kept.body.contains("Cache-following fixture"));

    // An edit of the body.
    edit(&app, LESSON, "visibility: public\n---\n", "visibility: public\n---\n\nThe wording zanzibarine was added.\n");
    import_quietly(&app).await;
    assert!(follows(&app, LESSON_PAGE, "zanzibarine", true).await, "the edit within a second");

    // A new document that links to the lesson: the lesson's "Linked from" names it.
    let linking = "---\ntitle: Cache-following fixture\nkind: lesson\nsummary: Links to the forensic lesson.\n\
                   date: 2020-06-01\nvisibility: public\n---\n\nSee [the lesson](doc:fixture-forensic-examination).\n";
    std::fs::write(app.content.path().join("lessons/cache-following-fixture.md"), linking).unwrap();
    import_quietly(&app).await;
    assert!(follows(&app, LESSON_PAGE, "Cache-following fixture", true).await, "the new backlink within a second");
    assert!(follows(&app, "/en/lessons", "Cache-following fixture", true).await, "the section list");

    // The linking document's title changes: the lesson's backlink follows.
    edit(
        &app,
        "lessons/cache-following-fixture.md",
        "title: Cache-following fixture",
        "title: Renamed linking fixture",
    );
    import_quietly(&app).await;
    assert!(follows(&app, LESSON_PAGE, "Renamed linking fixture", true).await, "the linked title within a second");

    // A translation appears: the Russian page shows it instead of the notice.
    let ru_before = app.get("/ru/doc/fixture-forensic-examination").await;
    assert!(!ru_before.body.contains("Судебно-медицинское обследование"));
    let translation = "---\ntitle: Судебно-медицинское обследование\nkind: lesson\nlanguage: ru\n\
                       summary: Перевод тестового документа.\ndate: 2020-05-02\nvisibility: public\n---\n\nТекст.\n";
    std::fs::write(app.content.path().join("lessons/fixture-forensic-examination.ru.md"), translation).unwrap();
    import_quietly(&app).await;
    assert!(
        follows(&app, "/ru/doc/fixture-forensic-examination", "Судебно-медицинское обследование", true).await,
        "the translation within a second"
    );

    // Archived: the kept page gives way to the 404 at once.
    std::fs::remove_file(app.content.path().join(LESSON)).unwrap();
    std::fs::remove_file(app.content.path().join("lessons/fixture-forensic-examination.ru.md")).unwrap();
    import_quietly(&app).await;
    let gone = eventually(Duration::from_millis(1500), || async {
        (app.get(LESSON_PAGE).await.status == StatusCode::NOT_FOUND).then_some(())
    })
    .await;
    assert!(gone.is_some(), "the archived page is gone within a second");
}

#[tokio::test]
async fn nothing_restricted_is_ever_served_from_the_cache_to_someone_who_may_not_read_it() {
    let app = TestApp::new().await;
    let mut reader = app.member(Role::Reader).await;
    let mut editor = app.member(Role::Editor).await;

    // Members read first, so their pages (and the shared bodies) are made and kept.
    let partners = reader.get("/en/doc/partners-only-lesson").await;
    partners.assert_status(StatusCode::OK);
    editor.get("/en/doc/staff-only-note").await.assert_status(StatusCode::OK);
    editor.get("/en/doc/partners-only-lesson").await.assert_status(StatusCode::OK);
    editor.get("/en/lessons").await.assert_status(StatusCode::OK);
    reader.get("/en/lessons").await.assert_status(StatusCode::OK);
    // The staff note's tag, first for staff (whose list body is then kept), then for a reader.
    assert!(editor.get("/en/tags/fixture-restricted").await.body.contains("staff-only-note"));
    assert!(!reader.get("/en/tags/fixture-restricted").await.body.contains("staff-only-note"));
    for _ in 0..2 {
        // Anonymous visitors, twice (the second time a kept page would be used).
        app.get("/en/doc/partners-only-lesson").await.assert_status(StatusCode::NOT_FOUND);
        app.get("/en/doc/staff-only-note").await.assert_status(StatusCode::NOT_FOUND);
        app.get("/api/v1/documents/partners-only-lesson").await.assert_status(StatusCode::NOT_FOUND);
        let list = app.get("/en/lessons").await;
        assert!(!list.body.contains("partners-only-lesson") && !list.body.contains("staff-only-note"));
        // A reader never gets the staff note, from a kept body or otherwise.
        reader.get("/en/doc/staff-only-note").await.assert_status(StatusCode::NOT_FOUND);
        let list = reader.get("/en/lessons").await;
        assert!(list.body.contains("partners-only-lesson") && !list.body.contains("staff-only-note"));
    }

    // An anonymous page kept first is not what a member gets: theirs is made for them.
    let anonymous = app.get("/en/").await;
    assert!(!anonymous.body.contains("reader 1"));
    let home = reader.get("/en/").await;
    assert!(home.body.contains("reader 1"), "the member's own header, not the kept page");

    // A page carrying a visitor's form token is never kept for the next visitor.
    let mut visitor = app.visitor();
    let login = visitor.get("/en/login").await;
    let token = tests::csrf_in(&login.body).unwrap();
    let other = app.get("/en/login").await;
    assert!(!other.body.contains(&token), "another visitor's form token");
}

#[tokio::test]
async fn two_nodes_on_postgresql_follow_each_other_and_keep_nothing_restricted() {
    let db = tests::postgres::FreshDatabase::create().await;
    let a = TestApp::with_database(content_with_fixtures(), tempfile::TempDir::new().unwrap(), &db.url).await;
    let b = TestApp::with_database(content_with_fixtures(), tempfile::TempDir::new().unwrap(), &db.url).await;

    // Node B keeps the page; node A changes the document; B follows within a second.
    assert!(b.get(LESSON_PAGE).await.body.contains("Forensic medical examination"));
    edit(&a, LESSON, "visibility: public\n---\n", "visibility: public\n---\n\nThe wording quillworthy was added.\n");
    import_quietly(&a).await;
    assert!(follows(&b, LESSON_PAGE, "quillworthy", true).await, "node B shows node A's edit within a second");

    // A member on node A reads a partners-only page; anonymous visitors of B never get it.
    let mut reader = a.member(Role::Reader).await;
    reader.get("/en/doc/partners-only-lesson").await.assert_status(StatusCode::OK);
    for _ in 0..2 {
        b.get("/en/doc/partners-only-lesson").await.assert_status(StatusCode::NOT_FOUND);
        a.get("/en/doc/partners-only-lesson").await.assert_status(StatusCode::NOT_FOUND);
    }

    // Node A makes the lesson partners-only: node B stops serving its kept public page.
    edit(&a, LESSON, "visibility: public", "visibility: partners");
    import_quietly(&a).await;
    let hidden = eventually(Duration::from_millis(1500), || async {
        (b.get(LESSON_PAGE).await.status == StatusCode::NOT_FOUND).then_some(())
    })
    .await;
    assert!(hidden.is_some(), "node B no longer shows a page that became partners-only");
    db.drop().await;
}
