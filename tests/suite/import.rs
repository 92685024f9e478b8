//! Importing the content folder: idempotence, revisions, archiving, and malformed files.

use axum::http::StatusCode;
use tests::{TestApp, fixtures};

#[tokio::test]
async fn importing_twice_changes_nothing() {
    let app = TestApp::new().await;
    assert!(
        app.import.problems.iter().all(|p| !p.skipped),
        "shipped content imports cleanly: {:?}",
        app.import.problems
    );
    assert!(app.import.created >= 26, "{}", app.import);
    let revisions = app.scalar("SELECT COUNT(*) FROM revisions").await;
    let again = app.reimport().await;
    assert_eq!((again.created, again.updated, again.archived), (0, 0, 0), "{again}");
    assert_eq!(again.unchanged, app.import.created);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM revisions").await, revisions, "no new revisions");
}

#[tokio::test]
async fn shipped_content_has_no_broken_links_or_unknown_areas() {
    let app = TestApp::with_content({
        let dir = tempfile::TempDir::new().unwrap();
        tests::copy_tree(&tests::workspace_root().join("content"), dir.path());
        dir
    })
    .await;
    assert!(app.import.problems.is_empty(), "{:#?}", app.import.problems);
}

#[tokio::test]
async fn a_changed_file_becomes_a_new_revision() {
    let app = TestApp::new().await;
    let path = app.content.path().join("lessons/exchange-lessons-first-webinar.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## Context", "## Context\n\nAn added sentence about pelicans.")).unwrap();
    let report = app.reimport().await;
    assert_eq!(report.updated, 1, "{report}");
    let revs = app
        .scalar(
            "SELECT COUNT(*) FROM revisions r JOIN documents d ON d.id = r.document_id \
             WHERE d.slug = 'exchange-lessons-first-webinar'",
        )
        .await;
    assert_eq!(revs, 2);
    let page = app.get("/en/doc/exchange-lessons-first-webinar").await;
    assert!(page.body.contains("An added sentence about pelicans."));
}

#[tokio::test]
async fn a_removed_file_archives_its_document() {
    let app = TestApp::new().await;
    app.get("/en/doc/sunflower-centre-funding-mechanisms").await.assert_status(StatusCode::OK);
    std::fs::remove_file(app.content.path().join("case-studies/sunflower-centre-funding-mechanisms.md")).unwrap();
    let report = app.reimport().await;
    assert_eq!(report.archived, 1, "{report}");
    app.get("/en/doc/sunflower-centre-funding-mechanisms").await.assert_status(StatusCode::NOT_FOUND);
    assert!(!app.get("/en/case-studies").await.body.contains("Sunflower Centre funding mechanisms"));
    // The row is kept (archived), not deleted: the database remembers.
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM documents WHERE slug = 'sunflower-centre-funding-mechanisms' AND status = 'archived'"
        )
        .await,
        1
    );
    // Links to it now render as plain text in the documents that pointed at it.
    let model = app.get("/en/doc/sunflower-centre-model").await;
    assert!(!model.body.contains("href=\"/en/doc/sunflower-centre-funding-mechanisms\""));
}

#[tokio::test]
async fn malformed_files_are_reported_and_the_rest_imported() {
    let dir = tempfile::TempDir::new().unwrap();
    tests::copy_tree(&fixtures().join("malformed"), dir.path());
    let app = TestApp::with_content(dir).await;
    let r = &app.import;
    assert_eq!(r.created, 1, "only the good file: {r}");
    let find = |name: &str| {
        r.problems
            .iter()
            .find(|p| p.path.ends_with(name))
            .unwrap_or_else(|| panic!("no problem reported for {name}: {:#?}", r.problems))
    };
    let unknown = find("unknown-field.md");
    assert_eq!(unknown.path, "zz-bad/unknown-field.md");
    assert_eq!(unknown.line, Some(4));
    assert!(unknown.message.contains("unknown field `colour`"));
    assert_eq!(unknown.to_string().split(':').take(2).collect::<Vec<_>>(), ["zz-bad/unknown-field.md", "4"]);
    let kind = find("bad-kind.md");
    assert_eq!(kind.line, Some(3));
    assert!(kind.message.contains("unknown variant `essay`"));
    assert!(find("no-front-matter.md").message.contains("must start with a `---` line"));
    assert!(find("broken-yaml.md").line.is_some());
    assert!(find("unclosed.md").message.contains("never closed"));
    assert!(find("zz-duplicate.md").message.contains("already defined by fine.md"));
    assert!(r.has_failures());
    // The portal still serves what was imported.
    let page = app.get("/en/doc/fine").await;
    page.assert_status(StatusCode::OK);
    assert!(page.body.contains("Imported even though its neighbours are broken."));
}

#[tokio::test]
async fn a_file_that_breaks_later_keeps_its_last_good_version() {
    let app = TestApp::new().await;
    let path = app.content.path().join("webinars/2019-01-29-integrative-support-webinar.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("kind: webinar", "kind: webinar\nunexpected: true", 1)).unwrap();
    let report = app.reimport().await;
    assert_eq!(report.archived, 0, "a broken file must not archive its document: {report}");
    let problem =
        report.problems.iter().find(|p| p.path.ends_with("integrative-support-webinar.md")).expect("reported");
    assert!(problem.message.contains("unknown field `unexpected`"));
    app.get("/en/doc/2019-01-29-integrative-support-webinar").await.assert_status(StatusCode::OK);
}
