//! Hardening: limits that hold under concurrency, lock-out that a stranger cannot use as a
//! weapon, client errors answered as such, no existence oracles, paged threads, cache headers,
//! polyglot uploads, masked personal data, SQLite addresses, health and metrics.

use app::model::Role;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tests::{PASSWORD, TestApp};
use tower::ServiceExt;

/// Sends every request at once to the real router; returns each status with its body.
async fn all_at_once(app: &TestApp, requests: Vec<Request<Body>>) -> Vec<(StatusCode, String)> {
    let mut set = tokio::task::JoinSet::new();
    for req in requests {
        let router = app.router.clone();
        set.spawn(async move {
            let res = router.oneshot(req).await.expect("infallible");
            let status = res.status();
            let body = res.into_body().collect().await.expect("body").to_bytes();
            (status, String::from_utf8_lossy(&body).into_owned())
        });
    }
    let mut out = Vec::new();
    while let Some(r) = set.join_next().await {
        out.push(r.expect("task"));
    }
    out
}

fn json_post(path: &str, body: serde_json::Value, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::post(path).header("content-type", "application/json").header("host", "localhost");
    if let Some(c) = cookie {
        b = b.header("cookie", c);
    }
    b.body(Body::from(body.to_string())).unwrap()
}

fn count(results: &[(StatusCode, String)], status: StatusCode) -> usize {
    results.iter().filter(|(s, _)| *s == status).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_in_limits_are_taken_before_any_password_is_checked() {
    let app = TestApp::new().await;
    app.add_user("target@example.org", "Target", Role::Reader).await;

    // 100 wrong passwords for one account at once: exactly 5 are checked.
    let before = app.state.passwords.verified();
    let wrong = (0..100)
        .map(|_| {
            json_post(
                "/api/v1/session",
                serde_json::json!({"email": "target@example.org", "password": "wrong password!"}),
                None,
            )
        })
        .collect();
    let results = all_at_once(&app, wrong).await;
    assert_eq!(count(&results, StatusCode::UNAUTHORIZED), 5, "{:?}", results.iter().map(|r| r.0).collect::<Vec<_>>());
    assert_eq!(count(&results, StatusCode::TOO_MANY_REQUESTS), 95);
    assert_eq!(app.state.passwords.verified() - before, 5, "real password checks");

    // 200 attempts on made-up addresses from the same client address at once: the address had
    // 5 failures above, so exactly 15 more are checked (20 per 15 minutes).
    let before = app.state.passwords.verified();
    let guesses = (0..200)
        .map(|i| {
            json_post(
                "/api/v1/session",
                serde_json::json!({"email": format!("made-up-{i}@example.org"), "password": "wrong password!"}),
                None,
            )
        })
        .collect();
    let results = all_at_once(&app, guesses).await;
    assert_eq!(count(&results, StatusCode::UNAUTHORIZED), 15);
    assert_eq!(count(&results, StatusCode::TOO_MANY_REQUESTS), 185);
    assert_eq!(app.state.passwords.verified() - before, 15, "real password checks");
    let refused = results.iter().find(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS).unwrap();
    assert!(refused.1.contains("from your network"), "{}", refused.1);
}

#[tokio::test]
async fn a_strangers_wrong_guesses_do_not_lock_out_the_owner() {
    let app = TestApp::new().await;
    // A reader: staff have a second step after the password (see two_factor.rs).
    app.add_user("owner@example.org", "Owner", Role::Reader).await;
    // The owner signs in once on their own browser, which is then remembered.
    let mut owner = app.visitor();
    let res = owner.post_form("/en/login", &[("email", "owner@example.org"), ("password", PASSWORD)]).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.headers.get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("sx_device=")));
    owner.post_form("/en/logout", &[]).await;

    // A stranger guesses wrong five times: the account is closed to browsers it does not know...
    let mut stranger = app.visitor();
    for _ in 0..5 {
        let r = stranger.post_form("/en/login", &[("email", "owner@example.org"), ("password", "guess guess!")]).await;
        r.assert_status(StatusCode::UNAUTHORIZED);
    }
    let blocked = stranger.post_form("/en/login", &[("email", "owner@example.org"), ("password", PASSWORD)]).await;
    blocked.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.body.contains("Too many failed sign-ins for this account"), "{}", blocked.body);
    assert!(blocked.header("retry-after").is_some_and(|s| s.parse::<u64>().unwrap() > 0));
    // ...but not to the owner's.
    let back = owner.post_form("/en/login", &[("email", "owner@example.org"), ("password", PASSWORD)]).await;
    back.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(back.header("location"), Some("/en/"));
}

#[tokio::test]
async fn made_up_addresses_do_not_lock_an_office_out() {
    let app = TestApp::new().await;
    app.add_user("colleague@example.org", "Colleague", Role::Reader).await;
    // Twenty failures against made-up addresses from one (shared) address.
    let mut someone = app.visitor();
    for i in 0..20 {
        someone.post_form("/en/login", &[("email", &format!("nobody{i}@example.org")), ("password", "wrong!")]).await;
    }
    let more = someone.post_form("/en/login", &[("email", "nobody-else@example.org"), ("password", "wrong!")]).await;
    more.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(more.body.contains("from your network"));
    // A wrong password for a real account gets the same answer (nothing tells accounts apart)...
    let wrong = someone.post_form("/en/login", &[("email", "colleague@example.org"), ("password", "wrong!")]).await;
    wrong.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(wrong.body.contains("from your network"));
    // ...while a colleague behind the same address, on a new browser, still signs in.
    let mut colleague = app.visitor();
    let ok = colleague.post_form("/en/login", &[("email", "colleague@example.org"), ("password", PASSWORD)]).await;
    ok.assert_status(StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_posting_limit_holds_under_concurrency() {
    let app = TestApp::new().await;
    let mut opener = app.member(Role::Reader).await;
    let thread = opener
        .json("POST", "/api/v1/threads", serde_json::json!({"doc": null, "title": "Busy thread", "body": "Opening."}))
        .await;
    thread.assert_status(StatusCode::CREATED);
    let thread_id = thread.json()["id"].as_i64().unwrap();
    let poster = app.member(Role::Reader).await;
    let cookie = poster.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let replies = (0..100)
        .map(|i| {
            json_post(
                &format!("/api/v1/threads/{thread_id}/posts"),
                serde_json::json!({"body": format!("Reply {i}"), "reply_to": null}),
                Some(&cookie),
            )
        })
        .collect();
    let results = all_at_once(&app, replies).await;
    assert_eq!(count(&results, StatusCode::CREATED), 5);
    assert_eq!(count(&results, StatusCode::TOO_MANY_REQUESTS), 95);
    let stored = app.scalar(&format!("SELECT COUNT(*) FROM posts WHERE thread_id = {thread_id}")).await;
    assert_eq!(stored, 6, "the opening post and exactly five replies");
}

#[tokio::test]
async fn server_functions_answer_client_mistakes_with_4xx_and_log_no_error() {
    let app = TestApp::new().await;
    let (logs, _guard) = tests::LogCapture::start();
    let mut visitor = app.visitor();
    let mut reader = app.member(Role::Reader).await;
    let mut editor = app.member(Role::Editor).await;
    let preview = serde_json::json!({"lang": "en", "body": "Some *text*"});

    let malformed = editor
        .send(
            Request::post("/_fn/preview")
                .header("content-type", "application/json")
                .body(Body::from("{\"lang\": 12"))
                .unwrap(),
        )
        .await;
    malformed.assert_status(StatusCode::BAD_REQUEST);
    visitor.json("POST", "/_fn/preview", preview.clone()).await.assert_status(StatusCode::UNAUTHORIZED);
    reader.json("POST", "/_fn/preview", preview.clone()).await.assert_status(StatusCode::FORBIDDEN);
    let ok = editor.json("POST", "/_fn/preview", preview).await;
    ok.assert_status(StatusCode::OK);
    assert!(ok.body.contains("<em>text</em>"), "{}", ok.body);
    let missing = reader
        .json(
            "POST",
            "/_fn/thread-reply",
            serde_json::json!({"lang": "en", "thread_id": 999999, "body": "Hi", "reply_to": null}),
        )
        .await;
    missing.assert_status(StatusCode::NOT_FOUND);
    let huge = "x".repeat(10 * 1024 * 1024);
    let too_big = editor.json("POST", "/_fn/preview", serde_json::json!({"lang": "en", "body": huge})).await;
    too_big.assert_status(StatusCode::PAYLOAD_TOO_LARGE);

    let text = logs.text();
    assert!(text.contains("/_fn/preview"), "requests are logged: {text}");
    assert!(!text.contains("ERROR"), "a client's mistake was logged as an error: {text}");
}

#[tokio::test]
async fn links_and_reply_ids_reveal_nothing_a_member_cannot_read() {
    let app = TestApp::new().await;
    let mut reader = app.member(Role::Reader).await;
    let mut editor = app.member(Role::Editor).await;
    let body = "See [the note](doc:staff-only-note) and [nothing](doc:no-such-document).";
    let t =
        reader.json("POST", "/api/v1/threads", serde_json::json!({"doc": null, "title": "Links", "body": body})).await;
    t.assert_status(StatusCode::CREATED);
    let html = t.json()["posts"][0]["body_html"].as_str().unwrap().to_string();
    assert!(!html.contains("staff-only-note") && !html.contains("no-such-document"), "{html}");
    assert!(html.contains("See the note and nothing."), "both rendered the same way, as text: {html}");
    // Staff may link staff documents.
    let t = editor
        .json("POST", "/api/v1/threads", serde_json::json!({"doc": null, "title": "Staff links", "body": body}))
        .await;
    assert!(t.json()["posts"][0]["body_html"].as_str().unwrap().contains("/doc/staff-only-note"));

    // Replying to a post of a thread the reader cannot see answers as for a post that does not exist.
    let hidden = editor
        .json(
            "POST",
            "/api/v1/threads",
            serde_json::json!({"doc": "staff-only-note", "title": "Internal", "body": "x"}),
        )
        .await;
    let hidden_post = hidden.json()["posts"][0]["id"].as_i64().unwrap();
    let mine =
        reader.json("POST", "/api/v1/threads", serde_json::json!({"doc": null, "title": "Mine", "body": "y"})).await;
    let mine = mine.json()["id"].as_i64().unwrap();
    let to_hidden = reader
        .json(
            "POST",
            &format!("/api/v1/threads/{mine}/posts"),
            serde_json::json!({"body": "z", "reply_to": hidden_post}),
        )
        .await;
    let to_nothing = reader
        .json("POST", &format!("/api/v1/threads/{mine}/posts"), serde_json::json!({"body": "z", "reply_to": 987654}))
        .await;
    assert_eq!(to_hidden.status, StatusCode::BAD_REQUEST);
    assert_eq!((to_hidden.status, to_hidden.json()), (to_nothing.status, to_nothing.json()));
}

#[tokio::test]
async fn long_threads_are_paged_and_carry_no_form_per_post() {
    let app = TestApp::new().await;
    let mut member = app.member(Role::Reader).await;
    let t = member
        .json("POST", "/api/v1/threads", serde_json::json!({"doc": null, "title": "Long", "body": "Post 1"}))
        .await;
    let id = t.json()["id"].as_i64().unwrap();
    let author = app.scalar("SELECT MAX(id) FROM users").await;
    for n in 2..=120 {
        // Written directly: the posting limit is not what this test is about.
        app.state.store.add_post(id, author, None, &format!("Post {n}"), &format!("<p>Post {n}.</p>")).await.unwrap();
    }
    let first = member.get(&format!("/en/threads/{id}")).await;
    first.assert_status(StatusCode::OK);
    assert!(first.body.contains("Post 50.") && !first.body.contains("Post 51."), "50 posts a page");
    assert!(first.body.contains("1 of 3"), "a pager");
    assert!(first.body.contains(&format!("href=\"/en/threads/{id}?page=2\"")));
    let forms = first.body.matches("<form").count();
    // The header's (a search box and a sign-out button, each in the wide bar and in the phone
    // menu) and the reply form: none per post.
    assert!(forms <= 6, "{forms} forms on a page of 50 posts");
    assert!(first.body.len() < 200_000, "{} bytes", first.body.len());
    let last = member.get(&format!("/en/threads/{id}?page=3")).await;
    assert!(last.body.contains("Post 120.") && last.body.contains("Post 101.") && !last.body.contains("Post 100."));

    let api = member.get(&format!("/api/v1/threads/{id}?page=2")).await.json();
    assert_eq!((api["page"].as_i64(), api["page_count"].as_i64()), (Some(2), Some(3)));
    assert_eq!(api["posts"].as_array().unwrap().len(), 50);
    assert!(api["posts"][0]["body_html"].as_str().unwrap().contains("Post 51."));

    // A reply (without JavaScript) lands on the page it is on.
    let res = member.post_form(&format!("/en/threads/{id}/reply"), &[("body", "Post 121")]).await;
    res.assert_status(StatusCode::SEE_OTHER);
    let to = res.header("location").unwrap();
    assert!(to.starts_with(&format!("/en/threads/{id}?page=3#post-")), "{to}");
    // Reporting happens on its own page.
    let post = app.scalar(&format!("SELECT MIN(id) FROM posts WHERE thread_id = {id}")).await;
    let mut other = app.member(Role::Reader).await;
    let page = other.get(&format!("/en/posts/{post}/report")).await;
    page.assert_status(StatusCode::OK);
    assert!(page.body.contains("Post 1") && page.body.contains("name=\"reason\""));
}

#[tokio::test]
async fn api_answers_are_never_kept_by_shared_caches() {
    let app = TestApp::new().await;
    let mut member = app.member(Role::Reader).await;
    for path in ["/api/v1/documents", "/api/v1/documents/sunflower-centre-model", "/api/v1/search?q=centre"] {
        let res = member.get(path).await;
        res.assert_status(StatusCode::OK);
        assert_eq!(res.header("cache-control"), Some("private, no-cache"), "{path}");
        assert!(res.header("vary").unwrap_or_default().contains("Cookie"), "{path}");
    }
    let threads = member.get("/api/v1/threads").await;
    assert_eq!(threads.header("cache-control"), Some("no-store"));
    let session = app
        .visitor()
        .json("POST", "/api/v1/session", serde_json::json!({"email": "nobody@example.org", "password": "x"}))
        .await;
    assert_eq!(session.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn polyglot_files_are_refused_and_images_are_checked() {
    let app = TestApp::new().await;
    let mut editor = app.member(Role::Editor).await;
    let res = editor
        .post_form(
            "/en/editor/new",
            &[
                ("title", "Files"),
                ("kind", "resource"),
                ("language", "en"),
                ("visibility", "public"),
                ("body", "Text."),
                ("action", "save"),
            ],
        )
        .await;
    let id = res.header("location").unwrap().trim_start_matches("/en/editor/").split('?').next().unwrap().to_string();
    let path = format!("/en/editor/{id}/attachments?csrf={}", editor.csrf().await);
    for (name, bytes) in [
        ("report.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>".to_vec()),
        ("pixel.gif", b"GIF89a<script>alert(1)</script>".to_vec()),
    ] {
        let res = editor.send(tests::multipart_upload(&path, name, &bytes)).await;
        res.assert_status(StatusCode::BAD_REQUEST);
        assert!(res.body.contains("web-page markup"), "{name}: {}", res.body);
    }
    let broken = editor.send(tests::multipart_upload(&path, "photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\0junk")).await;
    broken.assert_status(StatusCode::BAD_REQUEST);
    assert!(broken.body.contains("not a readable image"), "{}", broken.body);
    let png = std::fs::read(tests::fixtures().join("extra/resources/files/chart.png")).unwrap();
    editor.send(tests::multipart_upload(&path, "chart.png", &png)).await.assert_status(StatusCode::SEE_OTHER);
    let stored = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM attachments a JOIN documents d ON d.current_revision_id = a.revision_id \
             WHERE d.id = {id} AND a.mime = 'image/png'"
        ))
        .await;
    assert_eq!(stored, 1, "only the real image was attached");
}

#[tokio::test]
async fn personal_data_is_masked_in_every_excerpt_and_shown_to_the_reviewer() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Editor).await;
    let mut reviewer = app.member(Role::Editor).await;
    let body = "Write to aigul@example.org or call +996 555 123 456 in the evening.";
    let res = author
        .post_form(
            "/en/editor/new",
            &[
                ("title", "Contacts lesson"),
                ("kind", "lesson"),
                ("language", "en"),
                ("visibility", "public"),
                ("body", body),
                ("action", "save"),
            ],
        )
        .await;
    let id = res.header("location").unwrap().trim_start_matches("/en/editor/").split('?').next().unwrap().to_string();
    let findings = author.post_form(&format!("/en/editor/{id}/submit"), &[]).await;
    findings.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    // The author's own text is in the form below; the findings above it are masked.
    let listed = findings.body.split("class=\"findings\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(listed.contains("e-mail address") && listed.contains("phone number"), "{listed}");
    assert!(!listed.contains("555 123 456") && !listed.contains("aigul@example.org"), "{listed}");
    let fingerprints: Vec<String> = findings
        .body
        .split("name=\"confirm\" value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    assert_eq!(fingerprints.len(), 2);
    let confirm: Vec<(&str, &str)> = fingerprints.iter().map(|f| ("confirm", f.as_str())).collect();
    author.post_form(&format!("/en/editor/{id}/submit"), &confirm).await.assert_status(StatusCode::SEE_OTHER);

    let audit = app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'privacy.confirm'").await;
    assert_eq!(audit, 2);
    let leaked =
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%555 123%' OR detail LIKE '%example.org%'").await;
    assert_eq!(leaked, 0, "the audit log holds only masked excerpts");
    let page = reviewer.get(&format!("/en/editor/{id}")).await;
    let review = page.body.split("class=\"review\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(review.contains("Personal data the author confirmed may be published"), "{review}");
    assert!(review.contains("e-mail address") && review.contains("phone number"), "{review}");
    assert!(!review.contains("555 123 456") && !review.contains("aigul@example.org"), "{review}");
}

#[tokio::test]
async fn an_explicit_sqlite_address_is_created_or_refused_clearly() {
    use clap::Parser;
    let dir = tempfile::TempDir::new().unwrap();
    let content = tests::workspace_root().join("content");
    let run = |url: String| {
        let content = content.clone();
        let data = dir.path().join("data");
        async move {
            let cli = server::config::Cli::parse_from([
                "portal".into(),
                "--data-dir".into(),
                data.display().to_string(),
                "--database-url".into(),
                url,
                "import".into(),
                content.display().to_string(),
            ]);
            server::cli::run_with_input(cli, &mut std::io::empty()).await
        }
    };
    let file = dir.path().join("portal.db");
    run(format!("sqlite://{}", file.display())).await.expect("created like the default");
    assert!(file.exists());
    let missing = dir.path().join("no-such-folder/portal.db");
    let err = run(format!("sqlite://{}", missing.display())).await.unwrap_err();
    assert!(format!("{err:#}").contains("does not exist"), "{err:#}");
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::new().await;
    let health = app.get("/healthz").await;
    assert_eq!((health.status, health.body.as_str()), (StatusCode::OK, "ok"));
    let ready = app.get("/readyz").await;
    assert_eq!((ready.status, ready.body.as_str()), (StatusCode::OK, "ready"));

    let handle = server::metrics::install().expect("recorder");
    app.get("/en/doc/sunflower-centre-model").await.assert_status(StatusCode::OK);
    app.get("/en/doc/no-such-document").await.assert_status(StatusCode::NOT_FOUND);
    app.get("/en/search?q=secretword").await.assert_status(StatusCode::OK);
    let metrics =
        server::metrics::router(handle).oneshot(Request::get("/metrics").body(Body::empty()).unwrap()).await.unwrap();
    let text = String::from_utf8(metrics.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(
        text.contains(r#"portal_http_requests_total{method="GET",route="/{lang}/doc/{slug}",status="200"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"route="/{lang}/doc/{slug}",status="404"} 1"#), "{text}");
    assert!(text.contains("portal_http_request_duration_seconds_bucket"), "{text}");
    assert!(!text.contains("sunflower-centre-model") && !text.contains("secretword"), "no address reaches the metrics");
    // The database gone: not ready.
    app.state.store.close().await;
    let not_ready = app.get("/readyz").await;
    assert_eq!(not_ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(not_ready.body.contains("database"));
}
