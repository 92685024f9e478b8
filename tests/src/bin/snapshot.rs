//! Writes the HTML (and API JSON) of every page type for the shipped content, as each role sees
//! it, into a folder, with what changes from run to run (tokens, times) replaced by fixed
//! marks. Two runs of the same code give identical folders; a refactoring that must not change
//! behaviour is checked by running it before and after and comparing:
//!
//! ```text
//! cargo run -p tests --bin snapshot -- /tmp/before
//! # ... change the code ...
//! cargo run -p tests --bin snapshot -- /tmp/after && diff -r /tmp/before /tmp/after
//! ```
//!
//! Suggestions are left out: documents with equal scores come in index order, which changes
//! from build to build of the index.
//!
//! Suggestions are left out: documents with equal scores come in index order, which changes
//! from build to build of the index.

use std::path::{Path, PathBuf};

use app::model::{Lang, Role};
use regex::Regex;
use tests::{Agent, TestApp};

fn normalise(text: &str) -> String {
    let rules = [
        (r#"name="csrf" value="[0-9a-f]{64}""#, r#"name="csrf" value="CSRF""#),
        (r"key=[0-9a-f]{64}", "key=FEEDKEY"),
        (r"/invite/[0-9a-f]{64}", "/invite/TOKEN"),
        (r"/reset/[0-9a-f]{64}", "/reset/TOKEN"),
        (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "TIME"),
        (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", "TIMESTAMP"),
        (r#""csrf":"[0-9a-f]{64}""#, r#""csrf":"CSRF""#),
        (r"csrf=[0-9a-f]{64}", "csrf=CSRF"),
        // Any other secret of 64 hex digits (the form token in islands' props).
        (r"[0-9a-f]{64}", "HEX64"),
    ];
    let mut out = text.to_string();
    for (pattern, mark) in rules {
        out = Regex::new(pattern).unwrap().replace_all(&out, mark).into_owned();
    }
    out
}

struct Writer {
    dir: PathBuf,
    count: usize,
}

impl Writer {
    async fn page(&mut self, agent: &mut Agent<'_>, who: &str, path: &str) {
        let res = agent.get(path).await;
        let name = format!("{who}{}", path.replace(['/', '?', '&', '='], "_"));
        let text = format!("status {}\n{}", res.status.as_u16(), normalise(&res.body));
        std::fs::write(self.dir.join(format!("{name}.html")), text).unwrap();
        self.count += 1;
    }
}

#[tokio::main]
async fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: snapshot <folder>"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let app = TestApp::new().await;
    let mut w = Writer { dir: dir.clone(), count: 0 };

    let slugs = documents(&tests::workspace_root().join("content"));
    let mut visitor = app.visitor();
    let mut reader = app.member(Role::Reader).await;
    let mut editor = app.member(Role::Editor).await;
    let mut moderator = app.member(Role::Moderator).await;
    let mut admin = app.member(Role::Admin).await;

    // Discussion content, written the same way each run.
    let thread = reader
        .json(
            "POST",
            "/api/v1/threads",
            serde_json::json!({"doc": "sunflower-centre-model", "title": "A question", "body": "Why **hospitals**?"}),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    editor
        .json(
            "POST",
            &format!("/api/v1/threads/{thread}/posts"),
            serde_json::json!({"body": "See [the model](doc:sunflower-centre-model).", "reply_to": null}),
        )
        .await;
    let forum = reader
        .json("POST", "/api/v1/threads", serde_json::json!({"doc": null, "title": "Forum thread", "body": "Hello."}))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let post = app.scalar(&format!("SELECT MIN(id) FROM posts WHERE thread_id = {forum}")).await;
    moderator.post_form(&format!("/en/posts/{post}/report"), &[("reason", "Test report")]).await;

    for lang in Lang::ALL {
        let l = lang.code();
        for path in [
            "/",
            "/case-studies",
            "/workplans",
            "/webinars",
            "/lessons",
            "/resources",
            "/areas",
            "/tags",
            "/search?q=sunflower",
            "/search?q=кризис",
            "/search?q=",
            "/search?q=sunflwer",
            "/search?q=zzzzqqq&kind=lesson",
            "/case-studies?language=ru",
            "/case-studies?country=KG",
            "/login",
            "/no-such-page",
            "/doc/no-such-document",
        ] {
            w.page(&mut visitor, "visitor", &format!("/{l}{path}")).await;
        }
        for slug in &slugs {
            w.page(&mut visitor, "visitor", &format!("/{l}/doc/{slug}")).await;
        }
        for area in documents(&tests::workspace_root().join("content/areas")) {
            w.page(&mut visitor, "visitor", &format!("/{l}/areas/{area}")).await;
        }
        for tag in ["sunflower-centre", "crisis-centres", "gbv"] {
            w.page(&mut visitor, "visitor", &format!("/{l}/tags/{tag}")).await;
        }
        for path in [
            "/",
            "/forum",
            "/my-threads",
            "/account",
            &format!("/threads/{thread}"),
            &format!("/threads/{forum}"),
            "/doc/sunflower-centre-model",
            "/doc/partners-only-lesson",
            &format!("/posts/{post}/report"),
        ] {
            w.page(&mut reader, "reader", &format!("/{l}{path}")).await;
        }
        for path in [
            "/editor",
            "/editor/new?kind=lesson",
            "/editor/new?kind=case-study",
            "/editor/1",
            "/editor/1/history",
            "/editor/1/diff?a=1&b=1",
            "/doc/staff-only-note",
            "/doc/sunflower-centre-model",
        ] {
            w.page(&mut editor, "editor", &format!("/{l}{path}")).await;
        }
        for path in ["/moderation", &format!("/threads/{forum}"), &format!("/moderation/posts/{post}")] {
            w.page(&mut moderator, "moderator", &format!("/{l}{path}")).await;
        }
        for path in ["/admin/users", "/admin/invitations", "/admin/audit"] {
            w.page(&mut admin, "admin", &format!("/{l}{path}")).await;
        }
    }
    for path in [
        "/api/v1/documents",
        "/api/v1/documents/sunflower-centre-model?lang=ru",
        "/api/v1/search?q=centre",
        "/api/v1/documents?kind=nothing",
    ] {
        w.page(&mut visitor, "api", path).await;
    }
    w.page(&mut reader, "api", &format!("/api/v1/threads/{thread}")).await;
    w.page(&mut reader, "api", "/api/v1/threads").await;
    println!("{} pages written to {}", w.count, dir.display());
}

/// The slugs of the Markdown files under `dir`.
fn documents(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = tests::walk(dir)
        .into_iter()
        .filter_map(|p| p.file_name()?.to_str()?.strip_suffix(".md").map(|s| s.split('.').next().unwrap().to_string()))
        .filter(|s| s != "README")
        .collect();
    out.sort();
    out.dedup();
    out
}
