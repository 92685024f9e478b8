//! Accounts: the command line, sign-in and sessions, throttling, CSRF, invitations, password
//! changes and resets, admin actions and the audit log.

use std::io::Cursor;

use app::model::Role;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tests::{PASSWORD, TestApp};

fn cli(app: &TestApp, args: &[&str]) -> server::config::Cli {
    let data = app.data.path().to_str().unwrap().to_string();
    let url = format!("sqlite://{}?mode=rwc", app.data.path().join("portal.db").display());
    let mut all = vec!["portal", "--data-dir", &data, "--database-url", &url];
    all.extend_from_slice(args);
    <server::config::Cli as clap::Parser>::parse_from(all)
}

#[tokio::test]
async fn the_first_admin_comes_from_the_command_line_with_the_password_on_stdin() {
    let app = TestApp::new().await;
    let mut stdin = Cursor::new(format!("{PASSWORD}\n"));
    server::cli::run_with_input(
        cli(&app, &["user", "add", "--email", "Admin@Example.org", "--role", "admin"]),
        &mut stdin,
    )
    .await
    .unwrap();
    let user = app.state.store.user_by_email("admin@example.org").await.unwrap().expect("created, lowercased");
    assert_eq!(user.role, Role::Admin);
    assert!(user.password_hash.starts_with("$argon2id$"), "argon2id: {}", user.password_hash);
    assert!(!user.password_hash.contains(PASSWORD));
    // No password on stdin is an error, not an empty password.
    let mut empty = Cursor::new(String::new());
    let err = server::cli::run_with_input(
        cli(&app, &["user", "add", "--email", "b@example.org", "--role", "reader"]),
        &mut empty,
    )
    .await;
    assert!(err.is_err());
    // A too-short password is refused with its reason.
    let mut short = Cursor::new("short\n".to_string());
    let err = server::cli::run_with_input(
        cli(&app, &["user", "add", "--email", "c@example.org", "--role", "reader"]),
        &mut short,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("at least 10 characters"), "{err}");
    // `portal user invite` makes a working link.
    let mut none = Cursor::new(String::new());
    server::cli::run_with_input(cli(&app, &["user", "invite", "--role", "editor"]), &mut none).await.unwrap();
    assert_eq!(app.scalar("SELECT COUNT(*) FROM invitations WHERE role = 'editor'").await, 1);
}

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_a_new_session_id() {
    let app = TestApp::new().await;
    app.add_user("reader@example.org", "Reader", Role::Reader).await;
    let mut v = app.visitor();
    let wrong = v.post_form("/en/login", &[("email", "reader@example.org"), ("password", "not the password")]).await;
    wrong.assert_status(StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("The e-mail address or the password is not right."));
    assert!(wrong.body.contains("value=\"reader@example.org\""), "the address typed stays in the form");
    let unknown = v.post_form("/en/login", &[("email", "nobody@example.org"), ("password", PASSWORD)]).await;
    assert!(unknown.body.contains("The e-mail address or the password is not right."), "same answer: no enumeration");

    let ok = v
        .post_form("/en/login", &[("email", "READER@example.org"), ("password", PASSWORD), ("next", "/ru/forum")])
        .await;
    ok.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(ok.header("location"), Some("/ru/forum"));
    let set = ok.header("set-cookie").unwrap();
    assert!(set.starts_with("sx_session="), "{set}");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"), "{set}");
    assert!(!set.contains("Secure"), "not over plain HTTP unless configured");
    let first = v.cookies.iter().find(|(k, _)| k == "sx_session").unwrap().1.clone();
    // The session is stored hashed, never as the cookie value.
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM sessions WHERE token_hash = '{first}'")).await, 0);
    // Signing in again gives a new session id; the old one stops working.
    let again = v.post_form("/en/login", &[("email", "reader@example.org"), ("password", PASSWORD)]).await;
    again.assert_status(StatusCode::SEE_OTHER);
    let second = v.cookies.iter().find(|(k, _)| k == "sx_session").unwrap().1.clone();
    assert_ne!(first, second);
    let mut old = app.visitor();
    old.cookies.push(("sx_session".into(), first));
    assert_eq!(old.get("/en/account").await.status, StatusCode::SEE_OTHER, "the old session id is dead");
    // An open redirect is refused.
    let evil = v
        .post_form("/en/login", &[("email", "reader@example.org"), ("password", PASSWORD), ("next", "//evil.example/")])
        .await;
    assert_eq!(evil.header("location"), Some("/en/"));
    // Signing out ends the session.
    let account = v.get("/en/account").await;
    account.assert_status(StatusCode::OK);
    assert!(account.body.contains("Reader"));
    v.post_form("/en/logout", &[]).await.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(v.get("/en/account").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn cookies_are_secure_when_configured() {
    let app = TestApp::new().await;
    app.add_user("r@example.org", "R", Role::Reader).await;
    let mut state = app.state.clone();
    state.settings = std::sync::Arc::new(server::state::Settings { secure_cookies: true, ..Default::default() });
    let router = server::routes::router(state);
    let login = tower::ServiceExt::oneshot(router.clone(), Request::get("/en/login").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let cookies: Vec<String> =
        login.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert!(cookies.iter().all(|c| c.contains("Secure")), "{cookies:?}");
    let anon = cookies.iter().find(|c| c.starts_with("sx_csrf=")).expect("a form cookie").clone();
    assert!(anon.contains("Secure"), "{anon}");
    let token = anon.split(';').next().unwrap().split_once('=').unwrap().1.to_string();
    let body = format!("csrf={token}&email=r%40example.org&password={}", PASSWORD.replace(' ', "+"));
    let res = tower::ServiceExt::oneshot(
        router,
        Request::post("/en/login")
            .header("host", "localhost")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("sx_csrf={token}"))
            .body(Body::from(body))
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Secure"));
}

#[tokio::test]
async fn sessions_expire_and_disabled_accounts_lose_theirs_at_once() {
    let app = TestApp::new().await;
    let mut reader = app.member(Role::Reader).await;
    reader.get("/en/forum").await.assert_status(StatusCode::OK);
    app.state.store.expire_sessions_now().await.unwrap();
    let res = reader.get("/en/forum").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "expired");
    assert!(res.header("location").unwrap().starts_with("/en/login?next="));

    let mut admin = app.member(Role::Admin).await;
    let mut reader = app.member(Role::Reader).await;
    reader.get("/en/forum").await.assert_status(StatusCode::OK);
    let id = app.scalar("SELECT MAX(id) FROM users WHERE role = 'reader'").await;
    admin.post_form(&format!("/en/admin/users/{id}/disable"), &[]).await.assert_status(StatusCode::OK);
    assert_eq!(reader.get("/en/forum").await.status, StatusCode::SEE_OTHER, "the session ended at once");
    let email = format!("reader{id}@example.org");
    let mut again = app.visitor();
    let res = again.post_form("/en/login", &[("email", &email), ("password", PASSWORD)]).await;
    res.assert_status(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn forged_requests_are_refused() {
    let app = TestApp::new().await;
    let mut member = app.member(Role::Reader).await;
    // A form without its token, with another member's token, with a wrong one.
    let none = member.post_raw_form("/en/threads", &[("title", "Forged"), ("body", "Forged")]).await;
    none.assert_status(StatusCode::FORBIDDEN);
    assert!(none.body.contains("This form has expired or was not sent from this site"), "{}", none.body);
    let wrong = member.post_raw_form("/en/threads", &[("csrf", "0123"), ("title", "Forged"), ("body", "Forged")]).await;
    wrong.assert_status(StatusCode::FORBIDDEN);
    let mut other = app.member(Role::Reader).await;
    let other_token = other.csrf().await;
    let swapped =
        member.post_raw_form("/en/threads", &[("csrf", &other_token), ("title", "Forged"), ("body", "Forged")]).await;
    swapped.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM threads").await, 0, "nothing was created");

    // Another site's Origin is refused for forms, the API and server functions alike.
    let token = member.csrf().await;
    let mut cross = Request::post("/en/threads")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .body(Body::from(format!("csrf={token}&title=x&body=y")))
        .unwrap();
    cross.headers_mut().insert("origin", "https://evil.example".parse().unwrap());
    member.send(cross).await.assert_status(StatusCode::FORBIDDEN);
    let api = Request::post("/api/v1/threads")
        .header("content-type", "application/json")
        .header("origin", "https://evil.example")
        .body(Body::from(r#"{"doc":null,"title":"x","body":"y"}"#))
        .unwrap();
    let res = member.send(api).await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.json()["status"], 403);
    let fun = Request::post("/_fn/thread-reply")
        .header("content-type", "application/json")
        .header("origin", "https://evil.example")
        .body(Body::from(r#"{"lang":"en","thread_id":1,"body":"x","reply_to":null}"#))
        .unwrap();
    member.send(fun).await.assert_status(StatusCode::FORBIDDEN);
    // A text/plain post (which any site can send) is refused.
    let plain = Request::post("/api/v1/threads").header("content-type", "text/plain").body(Body::from("{}")).unwrap();
    member.send(plain).await.assert_status(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // The sign-in form is protected too (no login CSRF).
    let mut visitor = app.visitor();
    visitor
        .post_raw_form("/en/login", &[("email", "x@example.org"), ("password", "y")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM threads").await, 0);
}

#[tokio::test]
async fn invitations_let_people_in_once_with_the_role_given() {
    let app = TestApp::new().await;
    let mut editor = app.member(Role::Editor).await;
    // An editor may not invite an admin.
    editor
        .post_form("/en/admin/invitations", &[("role", "admin"), ("days", "7")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let res = editor.post_form("/en/admin/invitations", &[("role", "reader"), ("days", "7")]).await;
    res.assert_status(StatusCode::OK);
    let link =
        res.body.split("http://localhost").nth(1).and_then(|s| s.split(['<', '"']).next()).expect("a link").to_string();
    assert!(link.starts_with("/en/invite/"), "{link}");

    let mut invitee = app.visitor();
    let form = invitee.get(&link).await;
    form.assert_status(StatusCode::OK);
    assert!(form.body.contains("Reader (partner official)"));
    let short =
        invitee.post_form(&link, &[("name", "Aigul"), ("email", "aigul@example.org"), ("password", "short")]).await;
    short.assert_status(StatusCode::BAD_REQUEST);
    assert!(short.body.contains("at least 10 characters"));
    assert!(short.body.contains("value=\"aigul@example.org\""), "nothing typed is lost");
    let ok =
        invitee.post_form(&link, &[("name", "Aigul"), ("email", "aigul@example.org"), ("password", PASSWORD)]).await;
    ok.assert_status(StatusCode::SEE_OTHER);
    let home = invitee.get("/en/").await;
    assert!(home.body.contains("Aigul"), "signed in as the new member");
    let user = app.state.store.user_by_email("aigul@example.org").await.unwrap().unwrap();
    assert_eq!(user.role, Role::Reader);
    // Used once.
    let mut late = app.visitor();
    let again = late.get(&link).await;
    again.assert_status(StatusCode::CONFLICT);
    assert!(again.body.contains("expired or was already used"));
    // Readers cannot invite.
    let mut reader = app.member(Role::Reader).await;
    reader.get("/en/admin/invitations").await.assert_status(StatusCode::FORBIDDEN);
    // The sign-up is in the audit log.
    assert!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'account.create'").await >= 1);
}

#[tokio::test]
async fn passwords_can_be_changed_and_reset_by_an_admin_link() {
    let app = TestApp::new().await;
    let mut reader = app.member(Role::Reader).await;
    let id = app.scalar("SELECT MAX(id) FROM users").await;
    let email = format!("reader{id}@example.org");
    let wrong = reader
        .post_form("/en/account/password", &[("current", "nope nope nope"), ("new", "a brand new password")])
        .await;
    wrong.assert_status(StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("The current password is not right."));
    let mut second_device = app.visitor();
    second_device.post_form("/en/login", &[("email", &email), ("password", PASSWORD)]).await;
    let ok = reader.post_form("/en/account/password", &[("current", PASSWORD), ("new", "a brand new password")]).await;
    assert_eq!(ok.header("location"), Some("/en/account?done=password"));
    reader.get("/en/account").await.assert_status(StatusCode::OK);
    assert_eq!(second_device.get("/en/account").await.status, StatusCode::SEE_OTHER, "other sessions ended");

    let mut admin = app.member(Role::Admin).await;
    let res = admin.post_form(&format!("/en/admin/users/{id}/reset"), &[]).await;
    res.assert_status(StatusCode::OK);
    let link = res.body.split("http://localhost").nth(1).and_then(|s| s.split('<').next()).unwrap().to_string();
    assert!(link.starts_with("/en/reset/"), "{link}");
    let mut forgetful = app.visitor();
    forgetful.get(&link).await.assert_status(StatusCode::OK);
    let set = forgetful.post_form(&link, &[("password", "another fresh password")]).await;
    set.assert_status(StatusCode::SEE_OTHER);
    forgetful.get("/en/account").await.assert_status(StatusCode::OK);
    assert_eq!(reader.get("/en/account").await.status, StatusCode::SEE_OTHER, "a reset ends every session");
    let mut v = app.visitor();
    v.post_form("/en/login", &[("email", &email), ("password", "a brand new password")])
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    v.post_form("/en/login", &[("email", &email), ("password", "another fresh password")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    app.visitor().get(&link).await.assert_status(StatusCode::CONFLICT);
}

#[tokio::test]
async fn admins_manage_accounts_and_everything_is_audited() {
    let app = TestApp::new().await;
    let mut admin = app.member(Role::Admin).await;
    let mut editor = app.member(Role::Editor).await;
    let reader_id = {
        app.member(Role::Reader).await;
        app.scalar("SELECT MAX(id) FROM users").await
    };
    let list = admin.get("/en/admin/users").await;
    list.assert_status(StatusCode::OK);
    assert!(list.body.contains(&format!("reader{reader_id}@example.org")));
    editor.get("/en/admin/users").await.assert_status(StatusCode::FORBIDDEN);
    editor
        .post_form(&format!("/en/admin/users/{reader_id}/role"), &[("role", "admin")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    admin
        .post_form(&format!("/en/admin/users/{reader_id}/role"), &[("role", "moderator")])
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(app.state.store.user(reader_id).await.unwrap().unwrap().role, Role::Moderator);
    admin.post_form(&format!("/en/admin/users/{reader_id}/disable"), &[]).await.assert_status(StatusCode::OK);
    admin.post_form(&format!("/en/admin/users/{reader_id}/enable"), &[]).await.assert_status(StatusCode::OK);
    let admin_id = app.scalar("SELECT MIN(id) FROM users WHERE role = 'admin'").await;
    let own = admin.post_form(&format!("/en/admin/users/{admin_id}/disable"), &[]).await;
    own.assert_status(StatusCode::BAD_REQUEST);

    let log = admin.get("/en/admin/audit").await;
    log.assert_status(StatusCode::OK);
    for action in ["account.role", "account.disable", "account.enable"] {
        assert!(log.body.contains(action), "{action} in the audit log");
    }
    assert!(log.body.contains("Reader (partner official) → Moderator"), "the role change in words");
    editor.get("/en/admin/audit").await.assert_status(StatusCode::FORBIDDEN);
    app.visitor().get("/en/admin/audit").await.assert_status(StatusCode::SEE_OTHER);
}
