//! Two-factor sign-in (issue 16): staff set it up at their next sign-in and cannot skip it;
//! the code after the password, a wrong code, a reused code, a recovery code used once; the
//! second step is throttled; readers may turn it on and off; an admin's reset is audited; the
//! API asks for the code too.

use app::model::Role;
use axum::http::StatusCode;
use tests::{TestApp, code_for, secret_key_in, totp_key};

fn recovery_codes_in(html: &str) -> Vec<String> {
    html.split("<li><code translate=\"no\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .map(str::to_string)
        .collect()
}

/// The password step of signing in, going on to the forum.
async fn password_step(agent: &mut tests::Agent<'_>, email: &str) -> tests::TestResponse {
    agent.post_form("/en/login", &[("email", email), ("password", tests::PASSWORD), ("next", "/en/forum")]).await
}

#[tokio::test]
async fn staff_set_up_a_second_factor_at_sign_in_and_cannot_skip_it() {
    let app = TestApp::new().await;
    app.add_user("editor2fa@example.org", "Editor", Role::Editor).await;
    let mut agent = app.visitor();
    let res = agent
        .post_form("/en/login", &[("email", "editor2fa@example.org"), ("password", tests::PASSWORD), ("next", "/en/")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/en/login/setup"));
    assert!(!agent.cookies.iter().any(|(k, _)| k == "sx_session"), "no session before the second step");
    // Skipping ahead: the account page still wants a sign-in, the code step opens nothing.
    assert_eq!(agent.get("/en/account").await.status, StatusCode::SEE_OTHER);
    let skipped = agent.post_form("/en/login/code", &[("code", "123456")]).await;
    assert_ne!(skipped.status, StatusCode::SEE_OTHER, "{}", skipped.body);
    assert!(!agent.cookies.iter().any(|(k, _)| k == "sx_session"));

    let setup = agent.get("/en/login/setup").await;
    setup.assert_status(StatusCode::OK);
    assert_eq!(setup.header("cache-control"), Some("no-store"));
    assert!(setup.body.contains("<svg"), "the QR code is drawn on the server");
    let key = secret_key_in(&setup.body).unwrap();
    assert_eq!(key.len(), 32, "a 160-bit key in base32");

    // A wrong code is refused with a message; the right one turns it on.
    let right = code_for(&key, "editor2fa@example.org", 0);
    let wrong = if right == "000000" { "111111" } else { "000000" };
    let refused = agent.post_form("/en/login/setup", &[("code", wrong)]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("That code is not right"), "{}", refused.body);
    let done = agent.post_form("/en/login/setup", &[("code", &right)]).await;
    done.assert_status(StatusCode::OK);
    assert_eq!(done.header("cache-control"), Some("no-store"));
    let codes = recovery_codes_in(&done.body);
    assert_eq!(codes.len(), 10, "{}", done.body);
    let account = agent.get("/en/account").await;
    account.assert_status(StatusCode::OK);
    assert!(account.body.contains("Two-factor sign-in is on. Recovery codes left: 10"), "{}", account.body);
    assert!(!account.body.contains("/en/account/two-factor/off"), "staff cannot turn it off");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users WHERE totp_secret IS NOT NULL").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM recovery_codes WHERE used_at IS NULL").await, 10);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'account.two-factor-on'").await, 1);
    // Stored hashed: no recovery code appears in the database.
    let stored =
        app.scalar(&format!("SELECT COUNT(*) FROM recovery_codes WHERE code_hash LIKE '%{}%'", codes[0])).await;
    assert_eq!(stored, 0);

    // A staff account cannot turn it off either.
    let off =
        agent.post_form("/en/account/two-factor/off", &[("code", &code_for(&key, "editor2fa@example.org", 30))]).await;
    assert_eq!(off.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users WHERE totp_secret IS NOT NULL").await, 1);
}

#[tokio::test]
async fn codes_open_the_account_once_recovery_codes_once_and_wrong_codes_are_throttled() {
    let app = TestApp::new().await;
    let email = "moderator2fa@example.org";
    app.add_user(email, "Moderator", Role::Moderator).await;
    let mut first = app.visitor();
    let setup = first.sign_in(email).await;
    let codes = recovery_codes_in(&setup.body);
    let key = totp_key(email).unwrap();

    // The code of the next step signs in, to where the sign-in was going.
    let mut second = app.visitor();
    assert_eq!(password_step(&mut second, email).await.header("location"), Some("/en/login/code"));
    let code = code_for(&key, email, 30);
    let ok = second.post_form("/en/login/code", &[("code", &code)]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(ok.header("location"), Some("/en/forum"));
    assert!(second.cookies.iter().any(|(k, _)| k == "sx_session"));

    // The same code again (another browser, seconds later) is refused.
    let mut third = app.visitor();
    password_step(&mut third, email).await;
    let replay = third.post_form("/en/login/code", &[("code", &code)]).await;
    assert_eq!(replay.status, StatusCode::BAD_REQUEST);
    assert!(replay.body.contains("already used"), "{}", replay.body);
    // A recovery code works once, typed in capitals with spaces even.
    let typed = codes[3].to_uppercase().replace('-', " ");
    let recovered = third.post_form("/en/login/code", &[("code", &typed)]).await;
    assert_eq!(recovered.status, StatusCode::SEE_OTHER, "{}", recovered.body);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM recovery_codes WHERE used_at IS NOT NULL").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'account.recovery-code'").await, 1);
    let mut fourth = app.visitor();
    password_step(&mut fourth, email).await;
    let again = fourth.post_form("/en/login/code", &[("code", &codes[3])]).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);

    // Five wrong codes per account (the replayed code and the used recovery code were two),
    // then the step waits like the password does.
    for n in 0..3 {
        let r = fourth.post_form("/en/login/code", &[("code", "99999999")]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "attempt {n}");
    }
    let limited = fourth.post_form("/en/login/code", &[("code", "99999999")]).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{}", limited.body);
    assert!(limited.header("retry-after").is_some());
    assert!(!fourth.cookies.iter().any(|(k, _)| k == "sx_session"));
}

#[tokio::test]
async fn readers_choose_it_admins_reset_it_and_the_api_asks_for_the_code() {
    let app = TestApp::new().await;
    // A reader signs in with the password alone, then turns the second factor on.
    app.add_user("reader2fa@example.org", "Reader", Role::Reader).await;
    let mut reader = app.visitor();
    let res = reader.sign_in("reader2fa@example.org").await;
    assert_eq!(res.header("location"), Some("/en/"));
    let account = reader.get("/en/account").await;
    assert!(account.body.contains("Two-factor sign-in is off."));
    let setup = reader.get("/en/account/two-factor").await;
    setup.assert_status(StatusCode::OK);
    assert!(setup.body.contains("A second step makes your account safer"));
    let key = secret_key_in(&setup.body).unwrap();
    let on = reader.post_form("/en/account/two-factor", &[("code", &code_for(&key, "reader2fa@example.org", 0))]).await;
    on.assert_status(StatusCode::OK);
    assert_eq!(recovery_codes_in(&on.body).len(), 10);
    // The API now wants the code too.
    let mut api = app.visitor();
    let body = serde_json::json!({"email": "reader2fa@example.org", "password": tests::PASSWORD});
    let no_code = api.json("POST", "/api/v1/session", body).await;
    assert_eq!(no_code.status, StatusCode::UNAUTHORIZED);
    assert_eq!(no_code.json()["error"], "code_required");
    let code = code_for(&key, "reader2fa@example.org", 30);
    let body = serde_json::json!({"email": "reader2fa@example.org", "password": tests::PASSWORD, "code": code});
    api.json("POST", "/api/v1/session", body).await.assert_status(StatusCode::CREATED);
    // A reader may turn it off again, with a code.
    let off = reader.post_form("/en/account/two-factor/off", &[("code", "not-a-code")]).await;
    assert_eq!(off.status, StatusCode::BAD_REQUEST);
    let stored =
        app.scalar("SELECT COUNT(*) FROM users WHERE email = 'reader2fa@example.org' AND totp_secret IS NOT NULL");
    assert_eq!(stored.await, 1);

    // Staff without a second factor cannot sign in through the API: they set it up in a browser.
    app.add_user("newadmin@example.org", "New admin", Role::Admin).await;
    let body = serde_json::json!({"email": "newadmin@example.org", "password": tests::PASSWORD});
    let refused = app.visitor().json("POST", "/api/v1/session", body).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.json()["error"], "two_factor_required");

    // An admin resets the editor's second factor: audited, the editor's sessions end, and the
    // next sign-in sets it up again.
    app.add_user("lostphone@example.org", "Lost phone", Role::Editor).await;
    let mut editor = app.visitor();
    editor.sign_in("lostphone@example.org").await;
    editor.get("/en/account").await.assert_status(StatusCode::OK);
    let mut admin = app.member(Role::Admin).await;
    let id = app.scalar("SELECT id FROM users WHERE email = 'lostphone@example.org'").await;
    let reset = admin.post_form(&format!("/en/admin/users/{id}/two-factor-reset"), &[]).await;
    reset.assert_status(StatusCode::OK);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'account.two-factor-reset'").await, 1);
    assert_eq!(editor.get("/en/account").await.status, StatusCode::SEE_OTHER, "the editor's session ended");
    let again = editor
        .post_form("/en/login", &[("email", "lostphone@example.org"), ("password", tests::PASSWORD), ("next", "/en/")])
        .await;
    assert_eq!(again.header("location"), Some("/en/login/setup"));
}
