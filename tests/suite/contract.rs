//! The API contract: the OpenAPI 3.1 description generated from the code, and schemathesis
//! (PyPI) run against a real server with it, anonymous and signed in, bounded in examples:
//! no 5xx, no status, content type, header or body that the description does not allow.

use std::process::Command;

use axum::http::StatusCode;
use tests::TestServer;

/// What schemathesis checks on every answer.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_headers_conformance,response_schema_conformance";

/// Runs schemathesis against the server; returns its exit code and output.
async fn schemathesis(server: &TestServer, extra: &[String]) -> (i32, String) {
    let mut args: Vec<String> = vec![
        "run".into(),
        server.url("/api/v1/openapi.json"),
        "--url".into(),
        server.url("/api/v1"),
        "--checks".into(),
        CHECKS.into(),
        "--max-examples".into(),
        "25".into(),
        "--seed".into(),
        "20261203".into(),
        "--generation-database".into(),
        "none".into(),
        "--phases".into(),
        "examples,coverage,fuzzing".into(),
        "--request-timeout".into(),
        "10".into(),
        "--no-color".into(),
        "--workers".into(),
        "2".into(),
    ];
    args.extend_from_slice(extra);
    let output = tokio::task::spawn_blocking(move || Command::new("schemathesis").args(&args).output())
        .await
        .unwrap()
        .unwrap_or_else(|e| {
            panic!("schemathesis (PyPI) is required for the API contract test: `pip install schemathesis` ({e})")
        });
    let text = format!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap_or(-1), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_keeps_its_openapi_contract() {
    let server = TestServer::start().await;
    let spec = server.app.get("/api/v1/openapi.json").await;
    spec.assert_status(StatusCode::OK);
    let spec = spec.json();
    assert_eq!(spec["openapi"], "3.1.0");
    for path in [
        "/documents",
        "/documents/{slug}",
        "/search",
        "/suggest",
        "/session",
        "/threads",
        "/threads/{id}",
        "/threads/{id}/posts",
        "/translations",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path} is described");
    }

    let (code, out) = schemathesis(&server, &[]).await;
    assert_eq!(code, 0, "anonymous run:\n{out}");
    assert!(out.contains("Tested: 11"), "every operation was exercised:\n{out}");

    // Signed in as an editor: the discussion endpoints and the translation desk answer for real.
    let mut reader = server.app.member(app::model::Role::Editor).await;
    let session = reader.cookies.iter().find(|(k, _)| k == "sx_session").expect("a session").1.clone();
    reader
        .json(
            "POST",
            "/api/v1/threads",
            serde_json::json!({"doc": null, "title": "Seed thread", "body": "For the contract test."}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    let (code, out) = schemathesis(
        &server,
        &[
            "--header".into(),
            format!("Cookie: sx_session={session}"),
            // Signing out would end the session the run uses.
            "--exclude-operation-id".into(),
            "delete_session".into(),
        ],
    )
    .await;
    assert_eq!(code, 0, "signed-in run:\n{out}");
    assert!(!out.contains("Authentication failed"), "the session was used:\n{out}");
}
