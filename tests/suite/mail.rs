//! E-mail and notifications (issue 16), against a real SMTP server (`aiosmtpd`, started and
//! stopped here): every kind of message arrives once, in its recipient's language, with links
//! that open the right page; the outbox retries while the server is down and gives up after a
//! day; a digest lists only what its reader may read; unsubscribing needs no sign-in; two
//! nodes on PostgreSQL send each message once; the in-app list and its count in the header.

use std::time::Duration;

use app::model::Role;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tests::smtp::{Received, SmtpServer, free_port};
use tests::{Agent, TestApp, content_with_fixtures, eventually, start_thread};

/// The portal with e-mail on, sending to `smtp_url`, on a new SQLite database.
async fn mail_app(smtp_url: &str) -> TestApp {
    let data = tempfile::TempDir::new().unwrap();
    let url = format!("sqlite://{}?mode=rwc", data.path().join("portal.db").display());
    mail_app_on(smtp_url, data, &url).await
}

async fn mail_app_on(smtp_url: &str, data: tempfile::TempDir, db_url: &str) -> TestApp {
    let mut opts = tests::serve_options(data.path());
    opts.smtp_url = Some(smtp_url.to_string());
    opts.mail_from = Some("Sunflower Exchange <portal@example.org>".into());
    TestApp::with_options(content_with_fixtures(), data, db_url, &opts).await
}

/// Waits until the worker has handled every notification and the outbox holds nothing due.
async fn settled(app: &TestApp) {
    let done = eventually(Duration::from_secs(20), || async {
        let pending = app.scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").await;
        let unmailed = app.scalar("SELECT COUNT(*) FROM notifications WHERE mailed = 0").await;
        (pending == 0 && unmailed == 0).then_some(())
    })
    .await;
    assert!(done.is_some(), "the mail worker finished within 20 s");
}

/// Sets a member's e-mail choices through the account form.
async fn choose(agent: &mut Agent<'_>, language: &str, kinds: &[&str], digest: &str) {
    let mut fields: Vec<(&str, &str)> = kinds.iter().map(|k| (*k, "1")).collect();
    fields.push(("digest", digest));
    fields.push(("language", language));
    let res = agent.post_form("/en/account/mail", &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = agent.get("/en/account?done=mail").await;
    assert!(page.body.contains("Your e-mail choices are saved."), "{}", page.body);
}

async fn reply(agent: &mut Agent<'_>, thread: i64, body: &str) {
    let res = agent.post_form(&format!("/en/threads/{thread}/reply"), &[("body", body)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
}

/// A lesson written in the editor and submitted (or only saved); returns its id.
async fn lesson(agent: &mut Agent<'_>, title: &str, action: &str) -> i64 {
    let res = agent
        .post_form(
            "/en/editor/new",
            &[
                ("title", title),
                ("kind", "lesson"),
                ("language", "en"),
                ("summary", "What a pilot taught the programme (illustrative)."),
                ("date", "2026-11-01"),
                ("authors", "Programme staff"),
                ("countries", "KG"),
                ("areas", "crisis-centre-capacity"),
                ("tags", "pilot"),
                ("visibility", "public"),
                ("body", "## Context\n\nAn illustrative lesson for the mail tests."),
                ("message", "First draft"),
                ("action", action),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.header("location").unwrap().trim_start_matches("/en/editor/").split('?').next().unwrap().parse().unwrap()
}

/// What every member's letter carries: both parts, and a one-click unsubscribe for its kind.
fn assert_member_letter(m: &Received, lang: &str, kind: &str) {
    assert_eq!(m.content_type, "multipart/alternative", "{m:?}");
    assert!(!m.text.is_empty() && m.html.contains("<a href="), "plain text and HTML: {m:?}");
    let unsubscribe = m.list_unsubscribe.as_deref().expect("a List-Unsubscribe header");
    assert!(unsubscribe.starts_with(&format!("http://localhost/{lang}/unsubscribe/")), "{unsubscribe}");
    assert!(unsubscribe.ends_with(&format!("?kind={kind}")), "{unsubscribe}");
    assert_eq!(m.list_unsubscribe_post.as_deref(), Some("List-Unsubscribe=One-Click"));
    assert!(m.text.contains(unsubscribe), "the link is in the letter too");
}

#[tokio::test]
async fn every_kind_of_message_arrives_once_in_its_recipients_language() {
    let smtp = SmtpServer::start();
    let app = mail_app(&smtp.url()).await;
    let mut admin = app.member(Role::Admin).await;
    let users = admin.get("/en/admin/users").await;
    assert!(users.body.contains("E-mail is on."), "the admin page says e-mail is on");

    // An invitation in Russian: its link opens the Russian form, which makes the account.
    let res = admin
        .post_form(
            "/en/admin/invitations",
            &[("role", "reader"), ("days", "7"), ("email", "newcomer@example.org"), ("language", "ru")],
        )
        .await;
    res.assert_status(StatusCode::OK);
    let invitation = smtp.wait_for("newcomer@example.org", "Приглашение", 20).await;
    assert!(invitation.text.contains("7"), "{}", invitation.text);
    assert!(invitation.list_unsubscribe.is_none(), "an invitation is not a subscription");
    let link = invitation.path("/ru/invite/").expect("the invitation link");
    let mut newcomer = app.visitor();
    let form = newcomer.get(&link).await;
    form.assert_status(StatusCode::OK);
    newcomer
        .post_form(&link, &[("name", "Newcomer"), ("email", "newcomer@example.org"), ("password", tests::PASSWORD)])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let chosen = app.scalar("SELECT COUNT(*) FROM users WHERE email = 'newcomer@example.org' AND mail_language = 'ru'");
    assert_eq!(chosen.await, 1, "the invitation's language becomes the member's e-mail language");

    // Members with their languages: a Kyrgyz reader, a Korean reader, an English editor pair.
    let mut ky = app.member(Role::Reader).await; // "reader 3"
    choose(&mut ky, "ky", &["replies", "reviews", "mentions"], "weekly").await;
    let mut ko = app.member(Role::Reader).await; // "reader 4"
    choose(&mut ko, "ko", &["replies", "reviews", "mentions"], "weekly").await;
    let ko_id = app.scalar("SELECT id FROM users WHERE email = 'reader4@example.org'").await;

    // A password reset for the Korean reader goes to them in Korean; its link opens the form.
    let reset = admin.post_form(&format!("/en/admin/users/{ko_id}/reset"), &[]).await;
    assert!(reset.body.contains("A password-reset link has been sent"), "{}", reset.body);
    assert!(!reset.body.contains("/reset/"), "the link itself is not shown when it was mailed");
    let mail = smtp.wait_for("reader4@example.org", "새 비밀번호", 20).await;
    let reset_link = mail.path("/ko/reset/").expect("the reset link");
    app.visitor().get(&reset_link).await.assert_status(StatusCode::OK);

    // A reply in the Kyrgyz reader's thread reaches them in Kyrgyz, pointing at the post.
    let thread = start_thread(&mut ky, None, "Referral pathways", "How do centres refer to hospitals?").await;
    reply(&mut ko, thread, "Through a written agreement with each hospital.").await;
    let m = smtp.wait_for("reader3@example.org", "Жаңы жооп: Referral pathways", 20).await;
    assert_member_letter(&m, "ky", "replies");
    assert!(m.text.contains("reader 4"), "who replied: {}", m.text);
    let post = m.path(&format!("/ky/threads/{thread}")).expect("the post's address");
    assert!(post.contains("#post-"), "{post}");
    assert!(ky.get(&post).await.body.contains("Through a written agreement"));

    // A mention reaches the Korean reader once, as a mention (they also take part now).
    reply(&mut ky, thread, "Thank you @reader 4, that helps.").await;
    let m = smtp.wait_for("reader4@example.org", "언급", 20).await;
    assert_member_letter(&m, "ko", "mentions");
    assert!(m.subject.contains("reader 3"), "{}", m.subject);

    // Review: waiting for the other editor; the outcome back to the author.
    let mut author = app.member(Role::Editor).await; // "editor 5"
    let mut reviewer = app.member(Role::Editor).await; // "editor 6"
    let approved = lesson(&mut author, "Mail lesson approved", "submit").await;
    let m = smtp.wait_for("editor6@example.org", "Waiting for your review: Mail lesson approved", 20).await;
    assert_member_letter(&m, "en", "reviews");
    let review = m.path(&format!("/en/editor/{approved}/review")).expect("the review page");
    assert!(reviewer.get(&review).await.body.contains("Mail lesson approved"));
    reviewer
        .post_form(&format!("/en/editor/{approved}/review"), &[("decision", "approve"), ("comment", "Clear.")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    smtp.wait_for("editor5@example.org", "Published: Mail lesson approved", 20).await;
    let returned = lesson(&mut author, "Mail lesson returned", "submit").await;
    reviewer
        .post_form(&format!("/en/editor/{returned}/review"), &[("decision", "return"), ("comment", "Add dates.")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let m = smtp.wait_for("editor5@example.org", "Returned to draft: Mail lesson returned", 20).await;
    assert!(m.path(&format!("/en/editor/{returned}")).is_some(), "{}", m.text);

    // Once each: no recipient got the same subject twice, and nobody was told of their own act.
    settled(&app).await;
    let all = smtp.received();
    for m in &all {
        let same = all.iter().filter(|o| o.to == m.to && o.subject == m.subject).count();
        assert_eq!(same, 1, "{} received “{}” {same} times", m.to, m.subject);
    }
    assert_eq!(smtp.received_by("reader4@example.org").iter().filter(|m| m.subject.contains("새 답글")).count(), 0);
    assert!(smtp.received_by("editor5@example.org").iter().all(|m| !m.subject.contains("Waiting for your review")));
    let sent = app.scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await;
    assert_eq!(sent as usize, all.len(), "the outbox records each message as sent");
}

#[tokio::test]
async fn the_outbox_retries_while_the_server_is_down_and_gives_up_after_a_day() {
    let port = free_port();
    let app = mail_app(&format!("smtp://127.0.0.1:{port}")).await;
    let mut admin = app.member(Role::Admin).await;
    let first = app.add_user("first@example.org", "First", Role::Reader).await;
    let stale = app.add_user("stale@example.org", "Stale", Role::Reader).await;
    admin.post_form(&format!("/en/admin/users/{first}/reset"), &[]).await.assert_status(StatusCode::OK);
    admin.post_form(&format!("/en/admin/users/{stale}/reset"), &[]).await.assert_status(StatusCode::OK);

    // Nothing listens: both fail, are kept, and wait to be tried again.
    let tried = eventually(Duration::from_secs(20), || async {
        let n = app.scalar(
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND attempts >= 1 AND last_error IS NOT NULL",
        );
        (n.await == 2).then_some(())
    })
    .await;
    assert!(tried.is_some(), "both messages were tried and kept");
    // One was queued more than a day ago: the worker gives it up at its next attempt.
    app.scalar("UPDATE outbox SET created_at = created_at - 90000 WHERE recipient = 'stale@example.org' RETURNING 1")
        .await;
    let given_up = eventually(Duration::from_secs(30), || async {
        let n = app.scalar("SELECT COUNT(*) FROM outbox WHERE recipient = 'stale@example.org' AND status = 'failed'");
        (n.await == 1).then_some(())
    })
    .await;
    assert!(given_up.is_some(), "a message older than a day is given up");
    let admin_page = admin.get("/en/admin/users").await;
    assert!(admin_page.body.contains("1 given up"), "the admin page counts it");

    // The server comes back: the other is sent, once, and recorded as sent after retries.
    let smtp = SmtpServer::start_on(port);
    let m = smtp.wait_for("first@example.org", "Set a new password", 40).await;
    assert!(m.path("/en/reset/").is_some(), "{}", m.text);
    settled(&app).await;
    assert_eq!(smtp.received().len(), 1, "the given-up message stays unsent");
    let attempts =
        app.scalar("SELECT attempts FROM outbox WHERE recipient = 'first@example.org' AND status = 'sent'").await;
    assert!(attempts >= 2, "sent after {attempts} attempts");
}

#[tokio::test]
async fn a_digest_lists_only_what_its_reader_may_read() {
    let smtp = SmtpServer::start();
    let app = mail_app(&smtp.url()).await;
    let mut reader = app.member(Role::Reader).await; // reader1
    choose(&mut reader, "ru", &[], "daily").await;
    let mut editor = app.member(Role::Editor).await; // editor2
    // Discussions since: one on a public document, one on the staff-only note.
    start_thread(&mut editor, Some("sunflower-centre-model"), "Open question on the model", "Public.").await;
    start_thread(&mut editor, Some("staff-only-note"), "Staff planning thread", "Internal.").await;
    // Both members' last digest was long ago (before the import), so everything counts as new.
    app.scalar("UPDATE users SET digest_at = 1 RETURNING 1").await;

    let r = smtp.wait_for("reader1@example.org", "что нового", 20).await;
    let e = smtp.wait_for("editor2@example.org", "what is new", 20).await;
    assert_member_letter(&r, "ru", "digest");
    // The reader's digest: the public model in Russian, the public thread, nothing staff-only.
    assert!(r.text.contains("http://localhost/ru/doc/sunflower-centre-model"), "{}", r.text);
    assert!(r.text.contains("Open question on the model"), "{}", r.text);
    assert!(r.text.contains("partners-only-lesson"), "a reader is a partner official: {}", r.text);
    for secret in ["staff-only-note", "Staff-only planning note", "Staff planning thread"] {
        assert!(!r.text.contains(secret) && !r.html.contains(secret), "{secret} leaked into a reader's digest");
    }
    // The editor's lists the staff note and thread.
    assert!(e.text.contains("staff-only-note") && e.text.contains("Staff planning thread"), "{}", e.text);

    // Sent once: the mark moved on, so the next rounds send nothing more.
    settled(&app).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.received_by("reader1@example.org").len(), 1);
    let moved = app.scalar("SELECT COUNT(*) FROM users WHERE email = 'reader1@example.org' AND digest_at > 1").await;
    assert_eq!(moved, 1);
}

#[tokio::test]
async fn unsubscribing_needs_no_sign_in_and_stops_only_that_kind() {
    let smtp = SmtpServer::start();
    let app = mail_app(&smtp.url()).await;
    let mut a = app.member(Role::Reader).await; // reader1
    let mut b = app.member(Role::Reader).await; // reader2
    let thread = start_thread(&mut a, None, "Shelter capacity", "How many places per region?").await;
    reply(&mut b, thread, "It differs by oblast.").await;
    let m = smtp.wait_for("reader1@example.org", "New reply: Shelter capacity", 20).await;
    let url = m.list_unsubscribe.clone().unwrap();
    let path = url.trim_start_matches("http://localhost").to_string();

    // A mail program's one-click POST: no session, no form token, no Origin.
    let req = Request::post(&path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    let res = app.request(req).await;
    res.assert_status(StatusCode::OK);
    assert!(res.body.contains("will not send you this e-mail any more"), "{}", res.body);
    let choices = app
        .scalar("SELECT mail_replies * 100 + mail_reviews * 10 + mail_mentions FROM users WHERE email = 'reader1@example.org'")
        .await;
    assert_eq!(choices, 11, "replies off; reviews and mentions still on");

    // A wrong key changes nothing; the link in a browser asks first (GET changes nothing).
    app.visitor().get("/en/unsubscribe/0123456789abcdef?kind=mentions").await.assert_status(StatusCode::NOT_FOUND);
    let key = path.split('/').nth(3).unwrap().split('?').next().unwrap().to_string();
    let all = app.visitor().get(&format!("/en/unsubscribe/{key}")).await;
    all.assert_status(StatusCode::OK);
    assert!(all.body.contains("All e-mail from the portal"));
    assert_eq!(app.scalar("SELECT mail_mentions FROM users WHERE email = 'reader1@example.org'").await, 1);

    // The next reply is listed in the portal but not mailed.
    reply(&mut b, thread, "And by season.").await;
    settled(&app).await;
    assert_eq!(smtp.received_by("reader1@example.org").len(), 1, "no second reply e-mail");
    let list = a.get("/en/notifications").await;
    assert_eq!(list.body.matches("replied in").count(), 2, "both replies are in the portal's list");
}

#[tokio::test]
async fn two_nodes_on_postgresql_send_each_message_once() {
    let smtp = SmtpServer::start();
    let db = tests::postgres::FreshDatabase::create().await;
    let node_a = mail_app_on(&smtp.url(), tempfile::TempDir::new().unwrap(), &db.url).await;
    let node_b = mail_app_on(&smtp.url(), tempfile::TempDir::new().unwrap(), &db.url).await;
    let mut admin = node_a.member(Role::Admin).await;
    let mut starter = node_b.member(Role::Reader).await; // reader2
    let thread = start_thread(&mut starter, None, "Two nodes", "Who answers?").await;
    // Sixteen resets queued on node A and four replies on node B; both workers poll the outbox.
    for i in 0..16 {
        let id = node_a.add_user(&format!("member{i}@example.org"), &format!("Member {i}"), Role::Reader).await;
        admin.post_form(&format!("/en/admin/users/{id}/reset"), &[]).await.assert_status(StatusCode::OK);
    }
    let mut other = node_b.member(Role::Reader).await;
    for i in 0..4 {
        reply(&mut other, thread, &format!("Answer {i}")).await;
    }
    settled(&node_a).await;
    settled(&node_b).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let all = smtp.received();
    assert_eq!(all.len(), 20, "sixteen resets and four replies, each once");
    let mut ids: Vec<&str> = all.iter().map(|m| m.message_id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20, "no message was sent twice");
    assert_eq!(smtp.received_by("reader2@example.org").len(), 4);
    db.drop().await;
}

#[tokio::test]
async fn the_portal_lists_notifications_with_a_count_in_the_header_when_mail_is_off() {
    let app = TestApp::new().await;
    let mut admin = app.member(Role::Admin).await;
    assert!(admin.get("/en/admin/users").await.body.contains("E-mail is off"));
    let mut a = app.member(Role::Reader).await; // reader2
    let mut b = app.member(Role::Reader).await; // reader3
    let mut c = app.member(Role::Reader).await; // reader4
    let thread = start_thread(&mut a, None, "Hotline hours", "Is the hotline open at night?").await;

    // C follows the thread from its page (a plain form); A stops following their own.
    let page = c.get(&format!("/en/threads/{thread}")).await;
    assert!(page.body.contains("Follow (notify me of replies)"));
    c.post_form(&format!("/en/threads/{thread}/follow"), &[("follow", "1")]).await.assert_status(StatusCode::SEE_OTHER);
    assert!(c.get(&format!("/en/threads/{thread}")).await.body.contains("Stop following"));
    reply(&mut b, thread, "Yes, around the clock. @reader 4 may know more.").await;

    // A and C are told (C of the mention, once); the header counts it.
    assert_eq!(header_count(&a.get("/en/").await.body).as_deref(), Some("(1)"));
    let list = a.get("/en/notifications").await;
    assert!(list.body.contains("reader 3") && list.body.contains("replied in"), "{}", list.body);
    assert!(list.body.contains(&format!("href=\"/en/threads/{thread}#post-")), "{}", list.body);
    let list = c.get("/en/notifications").await;
    assert_eq!(list.body.matches("mentioned you in").count(), 1, "{}", list.body);
    assert_eq!(list.body.matches("replied in").count(), 0, "told once, of the mention");

    // Marking read clears the count.
    a.post_form("/en/notifications/read", &[]).await.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(header_count(&a.get("/en/").await.body), None);

    // After unfollowing, A is not told of the next reply.
    a.post_form(&format!("/en/threads/{thread}/follow"), &[("follow", "0")]).await.assert_status(StatusCode::SEE_OTHER);
    reply(&mut b, thread, "Also on holidays.").await;
    assert_eq!(header_count(&a.get("/en/").await.body), None);
    // Nobody is told of their own post; the visitor's forms stay closed.
    assert_eq!(header_count(&b.get("/en/").await.body), None);
    app.visitor().get("/en/notifications").await.assert_status(StatusCode::SEE_OTHER);
    let forged = app
        .request(
            Request::post(format!("/en/threads/{thread}/follow"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from("follow=1"))
                .unwrap(),
        )
        .await;
    assert_ne!(forged.status, StatusCode::OK);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM thread_follows WHERE following = 1").await, 1, "only C follows");
}

/// The unread count the header's notifications link shows, as `(n)`; `None` without one.
fn header_count(body: &str) -> Option<String> {
    let link = body.split("id=\"notifications-link\"").nth(1)?.split("</a>").next()?;
    let start = link.find('(')?;
    Some(link[start..].split(')').next()?.to_string() + ")")
}
