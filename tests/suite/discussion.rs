//! Discussion: threads and replies, editing and deleting, moderation, feeds, "my threads",
//! limits, the API, and many members replying at once.

use app::model::Role;
use axum::http::StatusCode;
use tests::{TestApp, start_thread};

#[tokio::test]
async fn members_start_threads_reply_edit_and_delete() {
    let app = TestApp::new().await;
    let mut a = app.member(Role::Reader).await;
    let mut b = app.member(Role::Editor).await;
    let id =
        start_thread(&mut a, None, "Referral between agencies", "How do **crisis centres** refer to hospitals?").await;
    let page = a.get(&format!("/en/threads/{id}")).await;
    page.assert_status(StatusCode::OK);
    assert!(page.body.contains("<h1>Referral between agencies</h1>"));
    assert!(page.body.contains("<strong>crisis centres</strong>"), "Markdown rendered");
    assert!(page.body.contains("<leptos-island data-component=\"ReplyForm_"), "replying is an island");

    // A reply, and a reply to that reply.
    let r1 = b
        .post_form(&format!("/en/threads/{id}/reply"), &[("body", "Through a [model](doc:sunflower-centre-model).")])
        .await;
    r1.assert_status(StatusCode::SEE_OTHER);
    let first_reply: i64 = r1.header("location").unwrap().rsplit("#post-").next().unwrap().parse().unwrap();
    let r2 = a
        .post_form(
            &format!("/en/threads/{id}/reply"),
            &[("body", "Thank you."), ("reply_to", &first_reply.to_string())],
        )
        .await;
    r2.assert_status(StatusCode::SEE_OTHER);
    let page = a.get(&format!("/en/threads/{id}")).await;
    assert!(page.body.contains("href=\"/en/doc/sunflower-centre-model\""), "doc: links resolve in posts");
    assert!(page.body.contains(&format!("href=\"#post-{first_reply}\"")), "the reply points at its parent");
    assert!(page.body.contains("In reply to editor"), "{}", page.body);

    // Only the author edits; an edit is marked.
    let other_edit = a.post_form(&format!("/en/posts/{first_reply}/edit"), &[("body", "Hijacked")]).await;
    other_edit.assert_status(StatusCode::FORBIDDEN);
    let edited =
        b.post_form(&format!("/en/posts/{first_reply}/edit"), &[("body", "Through a referral agreement.")]).await;
    edited.assert_status(StatusCode::SEE_OTHER);
    let page = a.get(&format!("/en/threads/{id}")).await;
    assert!(page.body.contains("Through a referral agreement."));
    assert!(page.body.contains("(edited)"));

    // A deleted post leaves a placeholder; the thread stays readable.
    a.post_form(&format!("/en/posts/{first_reply}/delete"), &[]).await.assert_status(StatusCode::FORBIDDEN);
    b.post_form(&format!("/en/posts/{first_reply}/delete"), &[]).await.assert_status(StatusCode::SEE_OTHER);
    let page = a.get(&format!("/en/threads/{id}")).await;
    assert!(page.body.contains("This post was deleted by its author."));
    assert!(!page.body.contains("Through a referral agreement."));
    assert!(page.body.contains("Thank you."));

    // The forum lists the thread with its replies.
    let forum = a.get("/en/forum").await;
    assert!(forum.body.contains("Referral between agencies"));
    assert!(forum.body.contains("2 replies"));
}

#[tokio::test]
async fn hostile_markdown_in_posts_is_neutralised() {
    let app = TestApp::new().await;
    let mut a = app.member(Role::Reader).await;
    let body = "<script>alert(1)</script>\n\n[x](javascript:alert(2))\n\n<img src=x onerror=alert(3)>\n\n![t](https://evil.example/t.png)\n\n<a href=\"/en/logout\" onclick=\"steal()\">out</a>";
    let id = start_thread(&mut a, None, "<b>Bold</b> title", body).await;
    let api = a.json("GET", &format!("/api/v1/threads/{id}"), serde_json::Value::Null).await.json();
    let html = api["posts"][0]["body_html"].as_str().unwrap();
    for bad in ["<script", "javascript:", "onerror", "evil.example", "onclick"] {
        assert!(!html.contains(bad), "{bad} survived: {html}");
    }
    let page = a.get(&format!("/en/threads/{id}")).await;
    for bad in
        ["<script>alert", "href=\"javascript:", "<img src=\"x\" onerror", "src=\"https://evil.example", "<b>Bold</b>"]
    {
        assert!(!page.body.contains(bad), "{bad} survived on the page");
    }
    assert!(page.body.contains("&lt;b&gt;Bold&lt;/b&gt; title"), "titles are text");
}

#[tokio::test]
async fn discussions_follow_document_permissions_and_need_an_account() {
    let app = TestApp::new().await;
    let mut editor = app.member(Role::Editor).await;
    let mut reader = app.member(Role::Reader).await;
    let on_staff = start_thread(&mut editor, Some("staff-only-note"), "Staff planning", "Internal.").await;
    let on_public =
        start_thread(&mut reader, Some("sunflower-centre-model"), "Question on the model", "Why hospitals?").await;

    // Below the document: its threads for members, an invitation to sign in for visitors.
    let doc = reader.get("/en/doc/sunflower-centre-model").await;
    assert!(doc.body.contains("Question on the model"));
    assert!(doc.body.contains("Start a new thread"));
    let anon = app.visitor().get("/en/doc/sunflower-centre-model").await;
    assert!(anon.body.contains("Sign in to read and join the discussion"));
    assert!(!anon.body.contains("Question on the model"));
    // Visitors are sent to sign in.
    let res = app.visitor().get(&format!("/en/threads/{on_public}")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // A reader may not see a thread on a staff document, nor start one there.
    reader.get(&format!("/en/threads/{on_staff}")).await.assert_status(StatusCode::NOT_FOUND);
    let refused = reader.post_form("/en/threads", &[("doc", "staff-only-note"), ("title", "x"), ("body", "y")]).await;
    refused.assert_status(StatusCode::NOT_FOUND);
    let list = reader.json("GET", "/api/v1/threads?doc=staff-only-note", serde_json::Value::Null).await;
    list.assert_status(StatusCode::NOT_FOUND);
    editor.get(&format!("/en/threads/{on_staff}")).await.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn moderators_hide_lock_and_pin_and_reports_reach_them() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Reader).await;
    let mut member = app.member(Role::Reader).await;
    let mut moderator = app.member(Role::Moderator).await;
    let id = start_thread(&mut author, None, "Heated thread", "A rude remark.").await;
    let post_id = app.scalar(&format!("SELECT MIN(id) FROM posts WHERE thread_id = {id}")).await;

    member
        .post_form(&format!("/en/posts/{post_id}/report"), &[("reason", "Insulting")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    member.get("/en/moderation").await.assert_status(StatusCode::FORBIDDEN);
    let queue = moderator.get("/en/moderation").await;
    assert!(queue.body.contains("Insulting") && queue.body.contains("A rude remark."));

    member.post_form(&format!("/en/moderation/posts/{post_id}/hide"), &[]).await.assert_status(StatusCode::FORBIDDEN);
    moderator
        .post_form(&format!("/en/moderation/posts/{post_id}/hide"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let seen_by_member = member.get(&format!("/en/threads/{id}")).await;
    assert!(seen_by_member.body.contains("This post was hidden by a moderator."));
    assert!(!seen_by_member.body.contains("A rude remark."));
    let seen_by_mod = moderator.get(&format!("/en/threads/{id}")).await;
    assert!(seen_by_mod.body.contains("A rude remark.") && seen_by_mod.body.contains("Hidden from members"));
    assert!(moderator.get("/en/moderation").await.body.contains("No open reports."), "resolved by the action");
    moderator.post_form(&format!("/en/moderation/posts/{post_id}/unhide"), &[]).await;
    assert!(member.get(&format!("/en/threads/{id}")).await.body.contains("A rude remark."));

    moderator.post_form(&format!("/en/moderation/threads/{id}/lock"), &[]).await.assert_status(StatusCode::SEE_OTHER);
    let refused = author.post_form(&format!("/en/threads/{id}/reply"), &[("body", "One more thing")]).await;
    refused.assert_status(StatusCode::CONFLICT);
    assert!(refused.body.contains("This thread is locked"));
    assert!(refused.body.contains("One more thing"), "the text typed is kept");
    moderator.post_form(&format!("/en/moderation/threads/{id}/unlock"), &[]).await;
    author
        .post_form(&format!("/en/threads/{id}/reply"), &[("body", "One more thing")])
        .await
        .assert_status(StatusCode::SEE_OTHER);

    let newer = start_thread(&mut author, None, "Newer thread", "Body").await;
    let forum = member.get("/en/forum").await;
    assert!(forum.body.find("Newer thread").unwrap() < forum.body.find("Heated thread").unwrap());
    moderator.post_form(&format!("/en/moderation/threads/{id}/pin"), &[]).await;
    let forum = member.get("/en/forum").await;
    assert!(forum.body.find("Heated thread").unwrap() < forum.body.find("Newer thread").unwrap(), "pinned first");
    let _ = newer;

    for action in ["post.hide", "post.unhide", "thread.lock", "thread.unlock", "thread.pin"] {
        assert_eq!(
            app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")).await,
            1,
            "{action}"
        );
    }
}

#[tokio::test]
async fn feeds_and_my_threads_follow_new_replies() {
    let app = TestApp::new().await;
    let mut a = app.member(Role::Reader).await;
    let mut b = app.member(Role::Reader).await;
    let id = start_thread(&mut a, Some("sunflower-centre-model"), "Feeds", "First.").await;
    b.post_form(&format!("/en/threads/{id}/reply"), &[("body", "Second, from B.")]).await;
    let mine = a.get("/en/my-threads").await;
    assert!(mine.body.contains("Feeds") && mine.body.contains("1 new"), "{}", mine.body);
    a.get(&format!("/en/threads/{id}")).await;
    assert!(!a.get("/en/my-threads").await.body.contains("1 new"), "seen after the visit");

    let page = a.get(&format!("/en/threads/{id}")).await;
    let feed_url = page
        .body
        .split("href=\"http://localhost/feeds/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let feed = app.visitor().get(&format!("/feeds/{feed_url}")).await;
    feed.assert_status(StatusCode::OK);
    assert!(feed.header("content-type").unwrap().starts_with("application/atom+xml"));
    assert!(feed.body.contains("<feed") && feed.body.contains("Second, from B."));
    app.visitor().get(&format!("/feeds/threads/{id}.atom")).await.assert_status(StatusCode::NOT_FOUND);
    app.visitor().get(&format!("/feeds/threads/{id}.atom?key=wrong")).await.assert_status(StatusCode::NOT_FOUND);
    let doc_feed = app
        .visitor()
        .get(&format!("/feeds/docs/sunflower-centre-model.atom?{}", feed_url.split('?').nth(1).unwrap()))
        .await;
    assert!(doc_feed.body.contains("First."));
    // A reader's key does not open a staff document's feed.
    let key = feed_url.split("key=").nth(1).unwrap();
    app.visitor()
        .get(&format!("/feeds/docs/staff-only-note.atom?key={key}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn limits_give_clear_messages_and_keep_the_text() {
    let app = TestApp::new().await;
    let mut a = app.member(Role::Reader).await;
    let id = start_thread(&mut a, None, "Limits", "Start.").await;
    let long = "x".repeat(20_001);
    let res = a.post_form(&format!("/en/threads/{id}/reply"), &[("body", &long)]).await;
    res.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.body.contains("at most 20,000 characters"), "{}", res.body);
    assert!(res.body.contains(&long[..100]), "the text typed comes back");
    let empty = a.post_form(&format!("/en/threads/{id}/reply"), &[("body", "   ")]).await;
    empty.assert_status(StatusCode::BAD_REQUEST);
    // The rate limit: the thread's first post plus four replies fill the minute.
    for i in 0..4 {
        a.post_form(&format!("/en/threads/{id}/reply"), &[("body", &format!("Reply {i}"))])
            .await
            .assert_status(StatusCode::SEE_OTHER);
    }
    let res = a.post_form(&format!("/en/threads/{id}/reply"), &[("body", "Too fast")]).await;
    res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(res.body.contains("5 times a minute") && res.body.contains("Too fast"));
}

#[tokio::test]
async fn the_api_speaks_json_with_the_same_rules() {
    let app = TestApp::new().await;
    app.add_user("api@example.org", "Api User", Role::Reader).await;
    let mut c = app.visitor();
    c.json("GET", "/api/v1/threads", serde_json::Value::Null).await.assert_status(StatusCode::UNAUTHORIZED);
    let bad = c
        .json("POST", "/api/v1/session", serde_json::json!({"email": "api@example.org", "password": "wrong password"}))
        .await;
    bad.assert_status(StatusCode::UNAUTHORIZED);
    let ok = c
        .json("POST", "/api/v1/session", serde_json::json!({"email": "api@example.org", "password": tests::PASSWORD}))
        .await;
    ok.assert_status(StatusCode::CREATED);
    assert_eq!(ok.json()["user"]["name"], "Api User");
    assert!(ok.header("set-cookie").unwrap().contains("HttpOnly"));

    let created = c
        .json(
            "POST",
            "/api/v1/threads",
            serde_json::json!({"doc": "kyrgyzstan-crisis-centres", "title": "API thread", "body": "From the *API*."}),
        )
        .await;
    created.assert_status(StatusCode::CREATED);
    let thread = created.json();
    let id = thread["id"].as_i64().unwrap();
    assert_eq!(thread["doc"], "kyrgyzstan-crisis-centres");
    assert!(thread["posts"][0]["body_html"].as_str().unwrap().contains("<em>API</em>"));
    let post = c
        .json(
            "POST",
            &format!("/api/v1/threads/{id}/posts"),
            serde_json::json!({"body": "A reply", "reply_to": thread["posts"][0]["id"]}),
        )
        .await;
    post.assert_status(StatusCode::CREATED);
    assert_eq!(post.json()["reply_to"], thread["posts"][0]["id"]);
    let list = c.json("GET", "/api/v1/threads?doc=kyrgyzstan-crisis-centres", serde_json::Value::Null).await.json();
    assert_eq!(list[0]["title"], "API thread");
    assert_eq!(list[0]["replies"], 1);
    for key in ["id", "title", "doc", "author", "replies", "last_activity"] {
        assert!(list[0].get(key).is_some(), "{key}");
    }
    let got = c.json("GET", &format!("/api/v1/threads/{id}"), serde_json::Value::Null).await.json();
    assert_eq!(got["posts"].as_array().unwrap().len(), 2);
    for key in ["id", "author", "body_html", "reply_to", "created_at", "edited_at", "state"] {
        assert!(got["posts"][1].get(key).is_some(), "{key}");
    }
    let too_long =
        c.json("POST", &format!("/api/v1/threads/{id}/posts"), serde_json::json!({"body": "y".repeat(20_001)})).await;
    too_long.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_long.json()["error"], "post_too_long");
    assert!(too_long.json()["message"].as_str().unwrap().contains("at most 20,000"));
    c.json("DELETE", "/api/v1/session", serde_json::Value::Null).await.assert_status(StatusCode::NO_CONTENT);
    c.json("GET", "/api/v1/threads", serde_json::Value::Null).await.assert_status(StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_members_replying_at_once_are_each_stored_once_in_order() {
    let app = TestApp::new().await;
    let mut starter = app.member(Role::Reader).await;
    let id = start_thread(&mut starter, None, "Busy thread", "Go.").await;
    let mut members = Vec::new();
    for _ in 0..10 {
        members.push(app.member(Role::Reader).await);
    }
    // Ten members, four replies each, all at once through the API.
    let mut tasks = Vec::new();
    for (m, agent) in members.into_iter().enumerate() {
        let cookies = agent.cookies.clone();
        let router = app.router.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for n in 0..4 {
                let req = axum::http::Request::post(format!("/api/v1/threads/{id}/posts"))
                    .header("host", "localhost")
                    .header("origin", "http://localhost")
                    .header("content-type", "application/json")
                    .header("cookie", cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "))
                    .body(axum::body::Body::from(
                        serde_json::json!({"body": format!("member {m} reply {n}")}).to_string(),
                    ))
                    .unwrap();
                let res = tower::ServiceExt::oneshot(router.clone(), req).await.unwrap();
                assert_eq!(res.status(), StatusCode::CREATED);
                let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
                let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                ids.push(v["id"].as_i64().unwrap());
            }
            ids
        }));
    }
    let mut all_ids = Vec::new();
    for t in tasks {
        let ids = t.await.unwrap();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "each member's replies in the order sent");
        all_ids.extend(ids);
    }
    let thread = starter.json("GET", &format!("/api/v1/threads/{id}"), serde_json::Value::Null).await.json();
    let posts = thread["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 41, "every reply stored exactly once");
    let shown: Vec<i64> = posts.iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert!(shown.windows(2).all(|w| w[0] < w[1]), "shown in the order stored");
    let mut bodies: Vec<String> = posts.iter().skip(1).map(|p| p["body_html"].as_str().unwrap().to_string()).collect();
    bodies.sort();
    bodies.dedup();
    assert_eq!(bodies.len(), 40, "no duplicates");
    all_ids.sort();
    assert_eq!(all_ids, shown[1..].to_vec());
}
