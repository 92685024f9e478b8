//! Operations: backups taken while the portal serves and restored on a "new machine", for
//! SQLite (database and attachments) and PostgreSQL (attachments; the database is pg_dump's).

use app::model::Role;
use axum::http::StatusCode;
use tests::{TestApp, content_with_fixtures};

/// The bytes of every attachment linked from a document page, by address.
async fn attachments_of(app: &TestApp, page: &str) -> Vec<(String, String)> {
    let body = app.get(page).await.body;
    let mut out = Vec::new();
    for href in body.split("href=\"/attachments/").skip(1).map(|s| s.split('"').next().unwrap().to_string()) {
        let file = app.get(&format!("/attachments/{href}")).await;
        file.assert_status(StatusCode::OK);
        out.push((href, file.body));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_serving_restores_on_a_new_machine() {
    let app = TestApp::new().await;
    let mut member = app.member(Role::Reader).await;
    let t = member
        .json(
            "POST",
            "/api/v1/threads",
            serde_json::json!({"doc": null, "title": "Before the backup", "body": "Kept."}),
        )
        .await;
    let thread = t.json()["id"].as_i64().unwrap();
    let author = app.scalar("SELECT MAX(id) FROM users").await;

    // Writes go on while the backup is taken.
    let store = app.state.store.clone();
    let writer = tokio::spawn(async move {
        for n in 0..200 {
            store.add_post(thread, author, None, &format!("During {n}"), &format!("<p>During {n}</p>")).await.unwrap();
        }
    });
    let archive = app.data.path().join("backup.tar.gz");
    let manifest = server::backup::backup(&app.state.store, app.data.path(), &archive).await.expect("backup");
    writer.await.unwrap();
    assert_eq!(manifest.database, "sqlite");
    assert!(manifest.blobs >= 2, "the fixtures' attachments: {manifest:?}");

    // A new machine: an empty data dir.
    let machine = tempfile::TempDir::new().unwrap();
    let db_file = machine.path().join("portal.db");
    let restored = server::backup::restore(&archive, machine.path(), Some(&db_file), false).expect("restore");
    assert_eq!(restored, manifest);
    let again = server::backup::restore(&archive, machine.path(), Some(&db_file), false).unwrap_err();
    assert!(format!("{again:#}").contains("already exists"), "{again:#}");

    let store = server::db::Store::connect(&format!("sqlite://{}", db_file.display())).await.unwrap();
    let blobs = server::blobs::BlobStore::new(machine.path());
    let state = server::cli::state(store, blobs, machine.path(), &tests::serve_options(machine.path())).await.unwrap();
    let copy = TestApp {
        router: server::routes::router(state.clone()),
        state,
        content: tempfile::TempDir::new().unwrap(),
        data: machine,
        import: Default::default(),
    };
    // The same documents, search (rebuilt from the restored database), attachments and threads.
    assert_eq!(copy.get("/api/v1/documents").await.json(), app.get("/api/v1/documents").await.json());
    assert_eq!(
        copy.get("/api/v1/search?q=sunflower").await.json()["total"],
        app.get("/api/v1/search?q=sunflower").await.json()["total"]
    );
    for page in ["/en/doc/attachment-example"] {
        let (old, new) = (attachments_of(&app, page).await, attachments_of(&copy, page).await);
        assert!(!old.is_empty(), "the fixture has attachments");
        assert_eq!(old, new);
    }
    let posts_then = copy.scalar(&format!("SELECT COUNT(*) FROM posts WHERE thread_id = {thread}")).await;
    assert!(posts_then >= 1, "the thread written before the backup is there");
    let same = copy.scalar(&format!("SELECT COUNT(*) FROM posts WHERE thread_id = {thread} AND body = 'Kept.'")).await;
    assert_eq!(same, 1);
    // Every post in the copy is exactly what the original has under that id (a consistent snapshot).
    let max = copy.scalar(&format!("SELECT COALESCE(MAX(id), 0) FROM posts WHERE thread_id = {thread}")).await;
    assert_eq!(
        posts_then,
        app.scalar(&format!("SELECT COUNT(*) FROM posts WHERE thread_id = {thread} AND id <= {max}")).await
    );
    let mut signed_in = copy.visitor();
    let res = signed_in
        .post_form("/en/login", &[("email", &format!("reader{author}@example.org")), ("password", tests::PASSWORD)])
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(signed_in.get(&format!("/en/threads/{thread}")).await.body.contains("Before the backup"));
}

#[tokio::test]
async fn a_postgresql_backup_holds_the_attachments() {
    let db = tests::postgres::FreshDatabase::create().await;
    let data = tempfile::TempDir::new().unwrap();
    let app = TestApp::with_database(content_with_fixtures(), data, &db.url).await;
    let archive = app.data.path().join("blobs.tar.gz");
    let manifest = server::backup::backup(&app.state.store, app.data.path(), &archive).await.expect("backup");
    assert_eq!(manifest.database, "postgres");
    let machine = tempfile::TempDir::new().unwrap();
    server::backup::restore(&archive, machine.path(), None, false).expect("blobs restored");
    let mut restored = 0;
    for entry in tests::walk(&app.data.path().join("blobs")).into_iter().filter(|p| p.is_file()) {
        let rel = entry.strip_prefix(app.data.path()).unwrap();
        assert_eq!(std::fs::read(&entry).unwrap(), std::fs::read(machine.path().join(rel)).unwrap());
        restored += 1;
    }
    assert_eq!(restored, manifest.blobs);
    assert!(restored >= 2);
    // Restoring a database from a PostgreSQL backup is refused with a clear reason.
    let other = tempfile::TempDir::new().unwrap();
    let err =
        server::backup::restore(&archive, other.path(), Some(&other.path().join("portal.db")), false).unwrap_err();
    assert!(format!("{err:#}").contains("pg_restore"), "{err:#}");
    drop(app);
    db.drop().await;
}
