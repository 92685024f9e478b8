//! The authorisation matrix: every role (and anonymous visitors) against every action and
//! every visibility, through pages, lists, the API, search, attachments and feeds.

use app::model::Role;
use axum::http::StatusCode;
use tests::{Agent, TestApp};

#[derive(Clone, Copy, Debug)]
enum Who {
    Anonymous,
    As(Role),
}

const WHO: [Who; 5] =
    [Who::Anonymous, Who::As(Role::Reader), Who::As(Role::Editor), Who::As(Role::Moderator), Who::As(Role::Admin)];

/// Performs an action; `true` when it was allowed.
async fn attempt(agent: &mut Agent<'_>, action: &str, ctx: &Ctx) -> bool {
    let ok = |s: StatusCode| s.is_success();
    // A redirect that is not to the sign-in page: the action was done.
    let done = |r: &tests::TestResponse| {
        r.status == StatusCode::SEE_OTHER && !r.header("location").unwrap_or("").contains("/login")
    };
    match action {
        "read public document" => agent.get("/en/doc/sunflower-centre-model").await.status == StatusCode::OK,
        "read partners document" => agent.get("/en/doc/partners-only-lesson").await.status == StatusCode::OK,
        "read staff document" => agent.get("/en/doc/staff-only-note").await.status == StatusCode::OK,
        "partners document in section list" => agent.get("/en/lessons").await.body.contains("Partners-only lesson"),
        "staff document in API list" => agent.get("/api/v1/documents").await.body.contains("staff-only-note"),
        "partners document in search" => agent.get("/api/v1/search?q=zebracrossing").await.json()["total"] == 1,
        "staff document in search" => agent.get("/api/v1/search?q=quartermaster").await.json()["total"] == 1,
        "staff document in facet counts" => {
            let r = agent.get("/api/v1/search?q=fixture").await.json();
            r["facets"]["country"]["KR"].as_u64().unwrap_or(0) > ctx.public_fixture_kr
        }
        "partners attachment" => {
            let href = &ctx.partners_attachment;
            agent.get(href).await.status == StatusCode::OK
        }
        "read forum" => agent.get("/en/forum").await.status == StatusCode::OK,
        "start a thread" => done(&agent.post_form("/en/threads", &[("title", "Matrix"), ("body", "Hello")]).await),
        "reply" => done(&agent.post_form(&format!("/en/threads/{}/reply", ctx.thread), &[("body", "Reply")]).await),
        "read thread on staff document" => {
            agent.get(&format!("/en/threads/{}", ctx.staff_thread)).await.status == StatusCode::OK
        }
        "feed of thread on partners document" => {
            let key = agent.app.scalar_text_for(agent).await;
            agent.get(&format!("/feeds/threads/{}.atom?key={key}", ctx.partners_thread)).await.status == StatusCode::OK
        }
        "hide a post" => done(&agent.post_form(&format!("/en/moderation/posts/{}/hide", ctx.post), &[]).await),
        "lock a thread" => {
            let locked = done(&agent.post_form(&format!("/en/moderation/threads/{}/lock", ctx.thread), &[]).await);
            if locked {
                agent.post_form(&format!("/en/moderation/threads/{}/unlock", ctx.thread), &[]).await;
            }
            locked
        }
        "moderation queue" => agent.get("/en/moderation").await.status == StatusCode::OK,
        "list users" => agent.get("/en/admin/users").await.status == StatusCode::OK,
        "audit log" => agent.get("/en/admin/audit").await.status == StatusCode::OK,
        "invite a reader" => {
            ok(agent.post_form("/en/admin/invitations", &[("role", "reader"), ("days", "3")]).await.status)
        }
        "invite an admin" => {
            ok(agent.post_form("/en/admin/invitations", &[("role", "admin"), ("days", "3")]).await.status)
        }
        "change a role" => {
            agent.post_form(&format!("/en/admin/users/{}/role", ctx.victim), &[("role", "reader")]).await.status
                == StatusCode::OK
        }
        other => panic!("unknown action {other}"),
    }
}

struct Ctx {
    thread: i64,
    post: i64,
    staff_thread: i64,
    partners_thread: i64,
    partners_attachment: String,
    victim: i64,
    public_fixture_kr: u64,
}

trait FeedKey {
    async fn scalar_text_for(&self, agent: &Agent<'_>) -> String;
}

impl FeedKey for TestApp {
    /// The feed key of the agent's account ("none" for visitors).
    async fn scalar_text_for(&self, agent: &Agent<'_>) -> String {
        let Some((_, token)) = agent.cookies.iter().find(|(k, _)| k == "sx_session") else { return "none".into() };
        let hash = server::auth::tokens::hash_token(token);
        let Ok(Some(s)) = self.state.store.session(&hash).await else { return "none".into() };
        s.user.feed_token
    }
}

#[tokio::test]
async fn every_role_against_every_action() {
    let app = TestApp::new().await;
    let mut admin = app.member(Role::Admin).await;
    let victim = app.scalar("SELECT MAX(id) FROM users").await;
    let mut editor = app.member(Role::Editor).await;
    let thread: i64 = {
        let res = admin.post_form("/en/threads", &[("title", "Fixture thread"), ("body", "Fixture post")]).await;
        res.header("location").unwrap().rsplit('/').next().unwrap().parse().unwrap()
    };
    let staff_thread: i64 = {
        let res =
            editor.post_form("/en/threads", &[("title", "Staff"), ("body", "Staff"), ("doc", "staff-only-note")]).await;
        res.header("location").unwrap().rsplit('/').next().unwrap().parse().unwrap()
    };
    let partners_thread: i64 = {
        let res = editor
            .post_form("/en/threads", &[("title", "Partners"), ("body", "Partners"), ("doc", "partners-only-lesson")])
            .await;
        res.header("location").unwrap().rsplit('/').next().unwrap().parse().unwrap()
    };
    let post = app.scalar(&format!("SELECT MIN(id) FROM posts WHERE thread_id = {thread}")).await;
    let partners_attachment = {
        let page = editor.get("/en/doc/partners-only-lesson").await;
        format!("/attachments/{}", page.body.split("href=\"/attachments/").nth(1).unwrap().split('"').next().unwrap())
    };
    let public_fixture_kr =
        app.visitor().get("/api/v1/search?q=fixture").await.json()["facets"]["country"]["KR"].as_u64().unwrap_or(0);
    let ctx = Ctx { thread, post, staff_thread, partners_thread, partners_attachment, victim, public_fixture_kr };

    //                                         anon   reader editor mod    admin
    let expected: &[(&str, [bool; 5])] = &[
        ("read public document", [true, true, true, true, true]),
        ("read partners document", [false, true, true, true, true]),
        ("read staff document", [false, false, true, true, true]),
        ("partners document in section list", [false, true, true, true, true]),
        ("staff document in API list", [false, false, true, true, true]),
        ("partners document in search", [false, true, true, true, true]),
        ("staff document in search", [false, false, true, true, true]),
        ("staff document in facet counts", [false, false, true, true, true]),
        ("partners attachment", [false, true, true, true, true]),
        ("read forum", [false, true, true, true, true]),
        ("start a thread", [false, true, true, true, true]),
        ("reply", [false, true, true, true, true]),
        ("read thread on staff document", [false, false, true, true, true]),
        ("feed of thread on partners document", [false, true, true, true, true]),
        ("hide a post", [false, false, false, true, true]),
        ("lock a thread", [false, false, false, true, true]),
        ("moderation queue", [false, false, false, true, true]),
        ("list users", [false, false, false, false, true]),
        ("audit log", [false, false, false, false, true]),
        ("invite a reader", [false, false, true, false, true]),
        ("invite an admin", [false, false, false, false, true]),
        ("change a role", [false, false, false, false, true]),
    ];
    let mut agents = Vec::new();
    for who in WHO {
        agents.push(match who {
            Who::Anonymous => app.visitor(),
            Who::As(role) => app.member(role).await,
        });
    }
    let mut table = String::new();
    let mut mismatches = Vec::new();
    for (action, want) in expected {
        let mut got = [false; 5];
        for (i, agent) in agents.iter_mut().enumerate() {
            got[i] = attempt(agent, action, &ctx).await;
        }
        table.push_str(&format!("{action:<40} {got:?}\n"));
        if got != *want {
            mismatches.push(format!("{action}: expected {want:?}, got {got:?}"));
        }
    }
    println!("{table}");
    assert!(
        mismatches.is_empty(),
        "authorisation mismatches:\n{}\n\nfull matrix (anon, reader, editor, moderator, admin):\n{table}",
        mismatches.join("\n")
    );
}
