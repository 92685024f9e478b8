//! Helpers for the test suite: a fresh database and content folder per test, the real router
//! driven in-process, a real server on a free port, and headless Chromium through chromedriver.
//!
//! Nothing is mocked: every test gets its own SQLite file (or PostgreSQL database), imports
//! real Markdown, and browser tests run the real hydration bundle.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use server::blobs::BlobStore;
use server::config::ServeOptions;
use server::content::import::{ImportReport, import_dir};
use server::db::Store;
use server::state::AppState;
use tempfile::TempDir;
use tower::ServiceExt;

pub mod browser;
pub mod postgres;
pub mod smtp;

/// The workspace root (tests run with the `tests/` crate as working directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is inside the workspace").to_path_buf()
}

pub fn fixtures() -> PathBuf {
    workspace_root().join("tests/fixtures")
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
            std::fs::copy(&entry, &dest).expect("copy");
        }
    }
}

/// Every file and folder under `dir`, sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            out.push(p.clone());
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The shipped content plus the test fixtures (restricted documents, attachments...), in a
/// temporary folder the test may change.
pub fn content_with_fixtures() -> TempDir {
    let dir = TempDir::new().expect("tempdir");
    copy_tree(&workspace_root().join("content"), dir.path());
    copy_tree(&fixtures().join("extra"), dir.path());
    dir
}

/// A response read to the end.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Fails the test with the body shown unless the status is as expected.
    #[track_caller]
    pub fn assert_status(&self, expected: StatusCode) -> &Self {
        assert_eq!(self.status, expected, "unexpected status; body:\n{}", self.body);
        self
    }
}

/// The real application on a fresh database, driven without a socket.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub content: TempDir,
    pub data: TempDir,
    pub import: ImportReport,
}

impl TestApp {
    /// Shipped content and fixtures, imported into a new SQLite database.
    pub async fn new() -> TestApp {
        TestApp::with_content(content_with_fixtures()).await
    }

    /// The given content folder, imported into a new SQLite database.
    pub async fn with_content(content: TempDir) -> TestApp {
        let data = TempDir::new().expect("tempdir");
        let url = format!("sqlite://{}?mode=rwc", data.path().join("portal.db").display());
        TestApp::with_database(content, data, &url).await
    }

    /// The given content imported into the database at `url`.
    pub async fn with_database(content: TempDir, data: TempDir, url: &str) -> TestApp {
        let opts = serve_options(data.path());
        TestApp::with_options(content, data, url, &opts).await
    }

    /// As [`TestApp::with_database`], with these serve options (e-mail on, for instance).
    pub async fn with_options(content: TempDir, data: TempDir, url: &str, opts: &ServeOptions) -> TestApp {
        let store = Store::connect(url).await.expect("database");
        let blobs = BlobStore::new(data.path());
        let import = import_dir(&store, &blobs, content.path()).await.expect("import");
        let state = server::cli::state(store, blobs, data.path(), opts).await.expect("state");
        let router = server::routes::router(state.clone());
        TestApp { router, state, content, data, import }
    }

    /// Imports the content folder again (after a test changed it), and waits until search
    /// reflects it.
    pub async fn reimport(&self) -> ImportReport {
        let report = import_dir(&self.state.store, &self.state.blobs, self.content.path()).await.expect("import");
        self.state.search.sync().await.expect("search sync");
        report
    }

    pub async fn request(&self, req: Request<Body>) -> TestResponse {
        let res = self.router.clone().oneshot(req).await.expect("infallible router");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).expect("request")).await
    }

    /// Creates an account directly (as `portal user add` does).
    pub async fn add_user(&self, email: &str, name: &str, role: app::model::Role) -> i64 {
        server::accounts::add_user(&self.state.store, &self.state.passwords, email, name, role, PASSWORD)
            .await
            .expect("add user")
    }

    /// A browser-like client without an account.
    pub fn visitor(&self) -> Agent<'_> {
        Agent { app: self, cookies: Vec::new() }
    }

    /// Creates an account with `role` and signs it in through the login form.
    pub async fn member(&self, role: app::model::Role) -> Agent<'_> {
        let n = self.scalar("SELECT COUNT(*) FROM users").await + 1;
        let email = format!("{}{n}@example.org", role.code());
        self.add_user(&email, &format!("{} {n}", role.code()), role).await;
        let mut agent = self.visitor();
        let res = agent.sign_in(&email).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "sign-in failed: {}", res.body);
        agent
    }

    /// Runs a query against the test database and returns the first column of the first row.
    pub async fn scalar(&self, sql: &str) -> i64 {
        server::db::testing::scalar(&self.state.store, sql).await
    }
}

/// The password of accounts made by the helpers.
pub const PASSWORD: &str = "correct horse battery staple";

/// A client that keeps cookies and sends forms with their CSRF token, as a browser does.
pub struct Agent<'a> {
    pub app: &'a TestApp,
    pub cookies: Vec<(String, String)>,
}

impl Agent<'_> {
    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep_cookies(&mut self, res: &TestResponse) {
        for v in res.headers.get_all("set-cookie") {
            let Ok(v) = v.to_str() else { continue };
            let pair = v.split(';').next().unwrap_or("");
            if let Some((k, val)) = pair.split_once('=') {
                self.cookies.retain(|(name, _)| name != k);
                if !val.is_empty() && !v.contains("Max-Age=0") {
                    self.cookies.push((k.to_string(), val.to_string()));
                }
            }
        }
    }

    /// Sends a request from this client (same-site `Origin`, its cookies).
    pub async fn send(&mut self, mut req: Request<Body>) -> TestResponse {
        let h = req.headers_mut();
        h.insert("host", "localhost".parse().unwrap());
        if req.method() != axum::http::Method::GET && !req.headers().contains_key("origin") {
            req.headers_mut().insert("origin", "http://localhost".parse().unwrap());
        }
        if !self.cookies.is_empty() {
            req.headers_mut().insert("cookie", self.cookie_header().parse().unwrap());
        }
        let res = self.app.request(req).await;
        self.keep_cookies(&res);
        res
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    /// The CSRF token the portal's forms carry for this client.
    pub async fn csrf(&mut self) -> String {
        let mut page = self.get("/en/login").await;
        if page.status == StatusCode::SEE_OTHER {
            page = self.get("/en/account").await;
        }
        csrf_in(&page.body).expect("a form token on the page")
    }

    /// Posts a form with its CSRF token.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", &token)];
        all.extend_from_slice(fields);
        self.post_raw_form(path, &all).await
    }

    /// Posts exactly these fields (no token added).
    pub async fn post_raw_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let req = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Signs in through the forms as a person would: the password, then (staff, or an account
    /// with a second factor) the setup or the code from the app, computed here from the key
    /// the setup page shows (kept in [`Agent::totp_key`]). Returns the answer that signed in
    /// (a 303 to the next page), or the first refusal.
    pub async fn sign_in(&mut self, email: &str) -> TestResponse {
        let res = self.post_form("/en/login", &[("email", email), ("password", PASSWORD), ("next", "/en/")]).await;
        match res.header("location") {
            Some("/en/login/setup") => {
                let page = self.get("/en/login/setup").await;
                let key = secret_key_in(&page.body).expect("the setup page shows the key");
                let code = code_for(&key, email, 0);
                let done = self.post_form("/en/login/setup", &[("code", &code)]).await;
                assert_eq!(done.status, StatusCode::OK, "setting up failed: {}", done.body);
                assert!(done.body.contains("recovery-codes"), "the recovery codes are shown once");
                remember_totp_key(email, &key);
                // Answer as the form's redirect would, so callers see one shape.
                TestResponse { status: StatusCode::SEE_OTHER, headers: done.headers, body: done.body }
            }
            Some("/en/login/code") => {
                let key = totp_key(email).expect("this test set up the account's second factor");
                // One step ahead: the step of setting up (a moment ago) is used already.
                let code = code_for(&key, email, 30);
                self.post_form("/en/login/code", &[("code", &code)]).await
            }
            _ => res,
        }
    }

    /// Sends JSON.
    pub async fn json(&mut self, method: &str, path: &str, body: serde_json::Value) -> TestResponse {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }
}

/// Starts a forum thread through the form (on a document when `doc` names one); returns its id.
pub async fn start_thread(agent: &mut Agent<'_>, doc: Option<&str>, title: &str, body: &str) -> i64 {
    let mut fields = vec![("title", title), ("body", body)];
    if let Some(d) = doc {
        fields.push(("doc", d));
    }
    let res = agent.post_form("/en/threads", &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.header("location").unwrap().rsplit('/').next().unwrap().parse().unwrap()
}

/// Second-factor keys of accounts that set one up through [`Agent::sign_in`], by e-mail.
static TOTP_KEYS: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());

/// Remembers the key an account set up (a browser test reads it off the setup page).
pub fn remember_totp_key(email: &str, key: &str) {
    TOTP_KEYS.lock().unwrap().push((email.to_string(), key.to_string()));
}

/// The key an account set up in this test run.
pub fn totp_key(email: &str) -> Option<String> {
    TOTP_KEYS.lock().unwrap().iter().rev().find(|(e, _)| e == email).map(|(_, k)| k.clone())
}

/// The code an authenticator app shows for `key`, `ahead` seconds from now.
pub fn code_for(key: &str, email: &str, ahead: u64) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    server::auth::two_factor::code_at(key, email, now + ahead).expect("a valid key")
}

/// The key a setup page shows for typing by hand (without its spaces).
pub fn secret_key_in(html: &str) -> Option<String> {
    let at = html.find("class=\"secret-key\"")?;
    let rest = &html[at..];
    let text = rest.split('>').nth(1)?.split('<').next()?;
    Some(text.split_whitespace().collect())
}

/// The value of the first `csrf` hidden field in a page.
pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")?;
    let rest = &html[at + "name=\"csrf\" value=\"".len()..];
    rest.split('"').next().map(str::to_string)
}

/// Serve options for tests: the workspace's bundle, a recognisable quick-exit address.
pub fn serve_options(_data: &Path) -> ServeOptions {
    ServeOptions {
        bind: "127.0.0.1:0".parse().expect("addr"),
        site_dir: workspace_root().join("target/site"),
        quick_exit_url: "https://www.wikipedia.org/".into(),
        no_import: false,
        secure_cookies: false,
        trust_proxy: false,
        base_url: "http://localhost".into(),
        metrics_bind: None,
        smtp_url: None,
        mail_from: None,
        mail_poll_ms: 100,
        mail_retry_seconds: 1,
    }
}

/// A real server on a free port, for the browser.
pub struct TestServer {
    pub app: TestApp,
    pub base: String,
    handle: tokio::task::JoinHandle<()>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        let app = TestApp::new().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = app.router.clone();
        let handle = tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
                .await
                .expect("serve");
        });
        TestServer { app, base: format!("http://{addr}"), handle }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

/// A child process killed when dropped.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a command in the background, with its output discarded.
pub fn spawn_quiet(cmd: &mut Command) -> std::io::Result<ChildGuard> {
    cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().map(ChildGuard)
}

/// A `multipart/form-data` upload of one file (field `file`) titled "Slides", as the editor's
/// attachment form sends it.
pub fn multipart_upload(path: &str, file_name: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "XyZboundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nSlides\r\n").as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::post(path)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap()
}

/// Everything the `tracing` subscriber it installs writes, for tests that read the logs.
#[derive(Clone, Default)]
pub struct LogCapture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl LogCapture {
    /// Captures every level of logs on this thread until the guard is dropped.
    pub fn start() -> (LogCapture, tracing::subscriber::DefaultGuard) {
        let capture = LogCapture::default();
        let writer = capture.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        (capture, tracing::subscriber::set_default(subscriber))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Polls `f` until it returns `Some`, or fails after `timeout`.
pub async fn eventually<T, F, Fut>(timeout: Duration, mut f: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = std::time::Instant::now();
    loop {
        if let Some(v) = f().await {
            return Some(v);
        }
        if start.elapsed() > timeout {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The fields a browser would send for the form matching `form_css` in `html`, as filled:
/// inputs (checked boxes only, no buttons or files), text areas, and each select's chosen
/// option.
///
/// # Panics
/// When the page has no such form.
pub fn form_fields(html: &str, form_css: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let form_sel = scraper::Selector::parse(form_css).expect("selector");
    let form = doc.select(&form_sel).next().unwrap_or_else(|| panic!("no form {form_css} on the page"));
    let fields = scraper::Selector::parse("input, textarea, select").expect("selector");
    let selected = scraper::Selector::parse("option[selected]").expect("selector");
    let first = scraper::Selector::parse("option").expect("selector");
    let mut out = Vec::new();
    for el in form.select(&fields) {
        let v = el.value();
        let Some(name) = v.attr("name") else { continue };
        match v.name() {
            "textarea" => out.push((name.to_string(), el.text().collect::<String>())),
            "select" => {
                let option = el.select(&selected).next().or_else(|| el.select(&first).next());
                if let Some(o) = option {
                    out.push((name.to_string(), o.value().attr("value").unwrap_or_default().to_string()));
                }
            }
            _ => {
                let kind = v.attr("type").unwrap_or("text");
                if matches!(kind, "submit" | "button" | "file" | "image" | "reset")
                    || (matches!(kind, "checkbox" | "radio") && v.attr("checked").is_none())
                {
                    continue;
                }
                out.push((
                    name.to_string(),
                    v.attr("value").unwrap_or(if kind == "checkbox" { "on" } else { "" }).to_string(),
                ));
            }
        }
    }
    out
}

/// Replaces (or adds) a field's value in a form's fields.
pub fn set_field(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(n, _)| n != name);
    fields.push((name.to_string(), value.to_string()));
}

/// A server message as a page shows it: HTML-escaped, with its `backquoted` parts as `<code>`
/// (see `app::components::coded`).
pub fn as_shown(message: &str) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { format!("<code>{}</code>", escape(part)) } else { escape(part) })
        .collect()
}

/// Today's date (UTC), `YYYY-MM-DD`, as the server writes it.
pub fn today_iso() -> String {
    server::dates::iso_date(server::db::now())
}
