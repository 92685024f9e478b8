//! Publishing from the browser: the editor, review and its permissions, the personal-data
//! check, attachments, conflicts, history and diffs, and export then import.

use app::model::Role;
use axum::http::StatusCode;
use tests::{Agent, TestApp};

fn lesson<'a>(title: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("kind", "lesson"),
        ("language", "en"),
        ("summary", "What the pilot taught us."),
        ("date", "2026-11-01"),
        ("authors", "Programme staff"),
        ("countries", "KG"),
        ("countries", "KR"),
        ("areas", "crisis-centre-capacity"),
        ("tags", "pilot, referral"),
        ("visibility", "public"),
        ("body", body),
        ("message", "First draft"),
    ]
}

/// Creates a document through the editor; returns its id.
async fn create(agent: &mut Agent<'_>, fields: &[(&str, &str)], action: &str) -> i64 {
    let mut all = fields.to_vec();
    all.push(("action", action));
    let res = agent.post_form("/en/editor/new", &all).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res.header("location").unwrap().to_string();
    loc.trim_start_matches("/en/editor/").split('?').next().unwrap().parse().unwrap()
}

/// The current revision id of a document (what the editor form carries as its base).
async fn base(app: &TestApp, id: i64) -> String {
    app.scalar(&format!("SELECT current_revision_id FROM documents WHERE id = {id}")).await.to_string()
}

#[tokio::test]
async fn an_editor_writes_a_lesson_and_another_editor_publishes_it() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Editor).await;
    let mut reviewer = app.member(Role::Editor).await;
    let form = author.get("/en/editor/new?kind=lesson").await;
    form.assert_status(StatusCode::OK);
    assert!(form.body.contains("## What worked") && form.body.contains("## Recommendations"), "the lesson template");
    assert!(form.body.contains("<leptos-island data-component=\"BodyEditor_"), "the live preview is an island");
    let case = author.get("/en/editor/new?kind=case-study").await;
    assert!(case.body.contains("## Strengths and challenges"), "the case-study template");

    // Preview without JavaScript renders server-side with the published renderer.
    let mut preview = lesson("Pilot lesson", "## Context\n\nSee the [model](doc:sunflower-centre-model).");
    preview.push(("action", "preview"));
    let p = author.post_form("/en/editor/new", &preview).await;
    p.assert_status(StatusCode::OK);
    assert!(p.body.contains("href=\"/en/doc/sunflower-centre-model\""), "preview renders doc: links");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM documents WHERE slug = 'pilot-lesson'").await,
        0,
        "a preview saves nothing"
    );

    let id =
        create(&mut author, &lesson("Pilot lesson", "## Context\n\nThe zanzibarite pilot ran well."), "save").await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM documents WHERE id = {id} AND slug = 'pilot-lesson' AND pending = 'draft'"
        ))
        .await,
        1
    );
    // A draft is invisible to readers, in pages, lists and search; staff see it in the editor.
    app.visitor().get("/en/doc/pilot-lesson").await.assert_status(StatusCode::NOT_FOUND);
    assert!(!app.visitor().get("/en/lessons").await.body.contains("Pilot lesson"));
    assert_eq!(app.visitor().get("/api/v1/search?q=zanzibarite").await.json()["total"], 0);
    let mut reader = app.member(Role::Reader).await;
    reader.get(&format!("/en/editor/{id}")).await.assert_status(StatusCode::FORBIDDEN);
    reader.get("/en/editor").await.assert_status(StatusCode::FORBIDDEN);
    assert!(reviewer.get("/en/editor").await.body.contains("Pilot lesson"));

    // Submitted; its author cannot approve it, another editor can.
    author.post_form(&format!("/en/editor/{id}/submit"), &[]).await.assert_status(StatusCode::SEE_OTHER);
    let own = author.post_form(&format!("/en/editor/{id}/review"), &[("decision", "approve"), ("comment", "")]).await;
    own.assert_status(StatusCode::FORBIDDEN);
    assert!(own.body.contains("You submitted this document"));
    reader
        .post_form(&format!("/en/editor/{id}/review"), &[("decision", "approve")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let ok = reviewer
        .post_form(&format!("/en/editor/{id}/review"), &[("decision", "approve"), ("comment", "Clear and useful.")])
        .await;
    ok.assert_status(StatusCode::SEE_OTHER);

    // Published: pages, lists, the API and search at once.
    let page = app.visitor().get("/en/doc/pilot-lesson").await;
    page.assert_status(StatusCode::OK);
    assert!(page.body.contains("The zanzibarite pilot ran well."));
    assert!(app.visitor().get("/en/lessons").await.body.contains("Pilot lesson"));
    assert_eq!(app.visitor().get("/api/v1/search?q=zanzibarite").await.json()["total"], 1, "searchable at once");
    let api = app.visitor().get("/api/v1/documents/pilot-lesson").await.json();
    assert_eq!(api["countries"], serde_json::json!(["KG", "KR"]));
    assert_eq!(api["tags"], serde_json::json!(["pilot", "referral"]));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM reviews WHERE decision = 'approved'").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'document.approve'").await, 1);

    // Editing a published document keeps the published version until the edit is approved.
    let mut edit = lesson("Pilot lesson", "## Context\n\nA second version.");
    let b = base(&app, id).await;
    edit.push(("base_revision", &b));
    edit.push(("action", "save"));
    author.post_form(&format!("/en/editor/{id}"), &edit).await.assert_status(StatusCode::SEE_OTHER);
    let page = app.visitor().get("/en/doc/pilot-lesson").await;
    assert!(page.body.contains("zanzibarite") && !page.body.contains("A second version."));
}

#[tokio::test]
async fn reviewers_send_work_back_with_a_comment() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Editor).await;
    let mut moderator = app.member(Role::Moderator).await;
    let id = create(&mut author, &lesson("Returned lesson", "Text."), "submit").await;
    let silent =
        moderator.post_form(&format!("/en/editor/{id}/review"), &[("decision", "return"), ("comment", " ")]).await;
    silent.assert_status(StatusCode::BAD_REQUEST);
    assert!(silent.body.contains("Say what should change"));
    moderator
        .post_form(&format!("/en/editor/{id}/review"), &[("decision", "return"), ("comment", "Add the dates.")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = author.get(&format!("/en/editor/{id}")).await;
    assert!(page.body.contains("Add the dates.") && page.body.contains("state-draft"));
    app.visitor().get("/en/doc/returned-lesson").await.assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn personal_data_must_be_fixed_or_confirmed_before_review() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Editor).await;
    let body = "## Context\n\n\
                Позвоните в центр по телефону +996 555 123 456.\n\n\
                Туулган күнү: 12.03.1985 деп жазылган.\n\n\
                주민등록번호 850312-2345678 은 삭제해야 합니다.\n\n\
                Write to a.survivor@example.org for the file.\n";
    let id = create(&mut author, &lesson("Sensitive lesson", body), "save").await;
    let res = author.post_form(&format!("/en/editor/{id}/submit"), &[]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    for kind in ["phone number", "date of birth", "Korean resident registration number", "e-mail address"] {
        assert!(res.body.contains(kind), "{kind} found");
    }
    let list = res.body.split("class=\"finding-list\"").nth(1).unwrap().split("</ul>").next().unwrap();
    assert!(list.contains("a.•"), "{list}");
    assert!(!list.contains("a.survivor@example.org"), "findings are shown masked");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM documents WHERE id = {id} AND pending = 'draft'")).await,
        1,
        "not submitted"
    );
    // Confirming only some is not enough.
    let fingerprints: Vec<String> =
        res.body.split("name=\"confirm\" value=\"").skip(1).map(|s| s.split('"').next().unwrap().to_string()).collect();
    assert_eq!(fingerprints.len(), 4);
    let partial = author.post_form(&format!("/en/editor/{id}/submit"), &[("confirm", &fingerprints[0])]).await;
    partial.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    // Fixing the text removes findings; confirming the rest submits, and is recorded.
    let b = base(&app, id).await;
    let mut fixed = lesson("Sensitive lesson", "## Context\n\nCall the public hotline 0800 123 456 7.\n");
    fixed.push(("base_revision", &b));
    fixed.push(("action", "save"));
    author.post_form(&format!("/en/editor/{id}"), &fixed).await.assert_status(StatusCode::SEE_OTHER);
    let res = author.post_form(&format!("/en/editor/{id}/submit"), &[]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let remaining: Vec<String> =
        res.body.split("name=\"confirm\" value=\"").skip(1).map(|s| s.split('"').next().unwrap().to_string()).collect();
    assert_eq!(remaining.len(), 1, "only the hotline is left");
    let confirms: Vec<(&str, &str)> = remaining.iter().map(|f| ("confirm", f.as_str())).collect();
    author.post_form(&format!("/en/editor/{id}/submit"), &confirms).await.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM documents WHERE id = {id} AND pending = 'review'")).await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'privacy.confirm'").await, 1);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'privacy.confirm' AND detail LIKE '%0800 123 456 7%'"
        )
        .await,
        0,
        "the audit log holds the masked excerpt, not the number"
    );
}

#[tokio::test]
async fn two_editors_saving_one_document_never_overwrite_each_other() {
    let app = TestApp::new().await;
    let mut a = app.member(Role::Editor).await;
    let mut b = app.member(Role::Editor).await;
    let id = create(&mut a, &lesson("Shared lesson", "Version one."), "save").await;
    let start = base(&app, id).await;
    let mut first = lesson("Shared lesson", "Version from A.");
    first.extend([("base_revision", start.as_str()), ("action", "save")]);
    a.post_form(&format!("/en/editor/{id}"), &first).await.assert_status(StatusCode::SEE_OTHER);
    let mut second = lesson("Shared lesson", "Version from B.");
    second.extend([("base_revision", start.as_str()), ("action", "save")]);
    let clash = b.post_form(&format!("/en/editor/{id}"), &second).await;
    clash.assert_status(StatusCode::CONFLICT);
    assert!(clash.body.contains("Someone else saved this document while you were editing"));
    assert!(clash.body.contains("Version from A."), "their version is shown");
    assert!(clash.body.contains("Version from B."), "B's text is still in the form");
    // The differences, line by line: A's line removed, B's added.
    assert!(
        clash.body.contains(
            "<li class=\"diff-del\"><span aria-hidden=\"true\" class=\"diff-sign\">-</span>Version from A.</li>"
        ),
        "A's line, as theirs: {}",
        clash.body
    );
    assert!(
        clash.body.contains(
            "<li class=\"diff-add\"><span aria-hidden=\"true\" class=\"diff-sign\">+</span>Version from B.</li>"
        ),
        "B's line, as this editor's"
    );
    let current = app.scalar(&format!("SELECT r.body = 'Version from A.' FROM revisions r JOIN documents d ON d.current_revision_id = r.id WHERE d.id = {id}")).await;
    assert_eq!(current, 1, "A's save stands");
    // Saving again from the conflict page builds on A's version knowingly.
    let newer =
        clash.body.split("name=\"base_revision\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let mut again = lesson("Shared lesson", "Version from B, after reading A's.");
    again.extend([("base_revision", newer.as_str()), ("action", "save")]);
    b.post_form(&format!("/en/editor/{id}"), &again).await.assert_status(StatusCode::SEE_OTHER);
}

/// The file name, title and SHA-256 of the newest attachment of a document's working revision.
async fn attachment_row(app: &TestApp, id: i64) -> (String, String, String) {
    let store = &app.state.store;
    let doc = store.document(id).await.unwrap().unwrap();
    let list = store.attachments_of_revision(doc.current_revision_id.unwrap()).await.unwrap();
    let a = list.last().expect("an attachment");
    (a.file_name.clone(), a.title.clone(), a.sha256.clone())
}

#[tokio::test]
async fn attachments_are_checked_on_content_and_follow_the_document() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Editor).await;
    let mut reviewer = app.member(Role::Editor).await;
    let id = create(&mut author, &lesson("Lesson with slides", "Text."), "save").await;
    let token = author.csrf().await;
    let path = format!("/en/editor/{id}/attachments?csrf={token}");
    let pdf = std::fs::read(tests::fixtures().join("extra/resources/files/agenda.pdf")).unwrap();

    // Without the token, refused.
    author
        .send(tests::multipart_upload(&format!("/en/editor/{id}/attachments"), "a.pdf", &pdf))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // An executable named like a PDF is refused by its content.
    let exe = [b"MZ\x90\x00\x03\x00\x00\x00".as_slice(), &[0u8; 64]].concat();
    let res = author.send(tests::multipart_upload(&path, "slides.pdf", &exe)).await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert!(res.body.contains("cannot be attached (whatever its name says)"), "{}", res.body);
    // Too large: a clear message, nothing changed.
    let big = vec![b'%'; 21 * 1024 * 1024];
    let res = author.send(tests::multipart_upload(&path, "big.pdf", &big)).await;
    res.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.body.contains("at most") || res.body.contains("larger than"), "{}", res.body);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM attachments a JOIN revisions r ON r.id = a.revision_id JOIN documents d ON d.id = r.document_id WHERE d.slug = 'lesson-with-slides'").await, 0);

    // A real PDF, named oddly, is stored content-addressed under a clean name.
    let res = author.send(tests::multipart_upload(&path, "../../Agenda: v2?.pdf", &pdf)).await;
    res.assert_status(StatusCode::SEE_OTHER);
    let page = author.get(&format!("/en/editor/{id}")).await;
    assert!(page.body.contains("application/pdf"));
    let href = page.body.split("href=\"/attachments/").nth(1).unwrap().split('"').next().unwrap().to_string();
    // Stored under a clean name (no path, no characters file systems refuse), titled as sent...
    assert!(href.ends_with("/Agenda%20v2.pdf"), "{href}");
    let (name, title, sha256) = attachment_row(&app, id).await;
    assert_eq!((name.as_str(), title.as_str()), ("Agenda v2.pdf", "Slides"));
    // ...and content-addressed: the blob is the upload, under its SHA-256.
    assert_eq!(sha256, server::blobs::sha256_hex(&pdf));
    assert_eq!(std::fs::read(app.data.path().join("blobs").join(&sha256[..2]).join(&sha256)).unwrap(), pdf);
    // Draft attachments are not public.
    app.visitor().get(&format!("/attachments/{href}")).await.assert_status(StatusCode::NOT_FOUND);
    author.post_form(&format!("/en/editor/{id}/submit"), &[]).await;
    reviewer
        .post_form(&format!("/en/editor/{id}/review"), &[("decision", "approve"), ("comment", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let public = app.visitor().get("/en/doc/lesson-with-slides").await;
    let href = public.body.split("href=\"/attachments/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let file = app.visitor().get(&format!("/attachments/{href}")).await;
    file.assert_status(StatusCode::OK);
    assert_eq!(file.header("content-type"), Some("application/pdf"));
    assert!(file.header("content-disposition").unwrap().starts_with("attachment; filename="));
}

#[tokio::test]
async fn history_diffs_and_restore() {
    let app = TestApp::new().await;
    let mut e = app.member(Role::Editor).await;
    let id = create(&mut e, &lesson("Versioned lesson", "First text.\nShared line.\n"), "save").await;
    let b1 = base(&app, id).await;
    let mut v2: Vec<(&str, &str)> = lesson("Versioned lesson", "Second text.\nShared line.\n")
        .into_iter()
        .filter(|(k, _)| *k != "message")
        .collect();
    v2.extend([("base_revision", b1.as_str()), ("action", "save"), ("message", "Rewrote the opening")]);
    e.post_form(&format!("/en/editor/{id}"), &v2).await.assert_status(StatusCode::SEE_OTHER);
    let history = e.get(&format!("/en/editor/{id}/history")).await;
    history.assert_status(StatusCode::OK);
    assert!(history.body.contains("First draft"));
    let diff = e.get(&format!("/en/editor/{id}/diff?a=1&b=2")).await;
    diff.assert_status(StatusCode::OK);
    assert!(
        diff.body
            .contains("<li class=\"diff-del\"><span aria-hidden=\"true\" class=\"diff-sign\">-</span>First text.</li>"),
        "{}",
        diff.body
    );
    assert!(
        diff.body.contains(
            "<li class=\"diff-add\"><span aria-hidden=\"true\" class=\"diff-sign\">+</span>Second text.</li>"
        )
    );
    assert!(
        diff.body.contains(
            "<li class=\"diff-same\"><span aria-hidden=\"true\" class=\"diff-sign\"> </span>Shared line.</li>"
        )
    );
    e.post_form(&format!("/en/editor/{id}/restore/1"), &[]).await.assert_status(StatusCode::SEE_OTHER);
    let restored = app.scalar(&format!("SELECT r.number FROM revisions r JOIN documents d ON d.current_revision_id = r.id WHERE d.id = {id} AND r.body = 'First text.\nShared line.\n'")).await;
    assert_eq!(restored, 3, "restored as a new revision, nothing lost");
    assert!(e.get(&format!("/en/editor/{id}/history")).await.body.contains("Restored revision 1"));
}

#[tokio::test]
async fn export_then_import_gives_the_same_documents() {
    let app = TestApp::new().await;
    // A document made in the portal, with an attachment, published.
    let mut author = app.member(Role::Editor).await;
    let mut reviewer = app.member(Role::Admin).await;
    let id = create(&mut author, &lesson("Exported lesson", "## Context\n\nMade in the portal."), "save").await;
    let token = author.csrf().await;
    let pdf = std::fs::read(tests::fixtures().join("extra/resources/files/agenda.pdf")).unwrap();
    author
        .send(tests::multipart_upload(&format!("/en/editor/{id}/attachments?csrf={token}"), "notes.pdf", &pdf))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    author.post_form(&format!("/en/editor/{id}/submit"), &[]).await;
    reviewer
        .post_form(&format!("/en/editor/{id}/review"), &[("decision", "approve"), ("comment", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);

    let out = tempfile::TempDir::new().unwrap();
    let data = app.data.path().to_str().unwrap().to_string();
    let url = format!("sqlite://{}?mode=rwc", app.data.path().join("portal.db").display());
    let cli = <server::config::Cli as clap::Parser>::parse_from([
        "portal",
        "--data-dir",
        &data,
        "--database-url",
        &url,
        "export",
        out.path().to_str().unwrap(),
    ]);
    server::cli::run(cli).await.unwrap();
    assert!(out.path().join("lessons/exported-lesson.md").exists());
    assert!(out.path().join("case-studies/sunflower-centre-model.ko.md").exists(), "the import layout");

    let copy = tempfile::TempDir::new().unwrap();
    tests::copy_tree(out.path(), copy.path());
    let fresh = TestApp::with_content(copy).await;
    assert!(fresh.import.problems.iter().all(|p| !p.skipped), "{:?}", fresh.import.problems);
    let snapshot = |app: &TestApp| {
        let store = app.state.store.clone();
        async move {
            let mut docs = Vec::new();
            for d in store.exportable().await.unwrap() {
                let rev = store.revision(d.published_revision_id.unwrap()).await.unwrap().unwrap();
                let files: Vec<(String, String)> = store
                    .attachments_of_revision(rev.id)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|a| (a.title, a.sha256))
                    .collect();
                let mut meta = rev.meta.clone();
                meta.attachments.clear();
                docs.push((d.slug, d.language, d.is_original, serde_json::to_string(&meta).unwrap(), rev.body, files));
            }
            docs.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
            docs
        }
    };
    let before = snapshot(&app).await;
    let after = snapshot(&fresh).await;
    assert_eq!(before.len(), after.len());
    for (x, y) in before.iter().zip(after.iter()) {
        assert_eq!(x, y, "document {} ({}) differs after the round trip", x.0, x.1);
    }
}

#[tokio::test]
async fn a_link_to_a_missing_document_must_be_confirmed_before_review() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Editor).await;
    let body = "## Context\n\nSee [the referral note](doc:no-such-referral-note) and [the model](doc:sunflower-centre-model).\n";
    // Saving keeps the draft and lists the broken link in the editor.
    let mut fields = lesson("Lesson with a broken link", body);
    fields.push(("action", "save"));
    let saved = author.post_form("/en/editor/new", &fields).await;
    saved.assert_status(StatusCode::OK);
    assert!(saved.body.contains("<code>doc:no-such-referral-note</code>: there is no document with that slug"));
    let id = app.scalar("SELECT id FROM documents WHERE title = 'Lesson with a broken link'").await;
    let res = author.post_form(&format!("/en/editor/{id}/submit"), &[]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let list = res.body.split("class=\"finding-list\"").nth(1).unwrap().split("</ul>").next().unwrap();
    assert!(list.contains("link to a missing document") && list.contains("doc:no-such-referral-note"), "{list}");
    assert!(!list.contains("sunflower-centre-model"), "a link that resolves is fine");
    // Confirmed, it goes to review, and the reviewer sees what was confirmed.
    author
        .post_form(&format!("/en/editor/{id}/submit"), &[("confirm", "link:no-such-referral-note")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM documents WHERE id = {id} AND pending = 'review'")).await, 1);
    let mut reviewer = app.member(Role::Editor).await;
    let review = reviewer.get(&format!("/ru/editor/{id}")).await;
    assert!(review.body.contains("ссылка на несуществующий документ"), "the confirmation, in the reviewer's language");
}
