//! What the benchmarks share: the `portal` binary started on a free port, an HTTP client,
//! accounts made directly in the database, and a failure that stops every server started.
#![allow(dead_code)]

pub mod library;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use app::model::Role;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use server::auth::password::Passwords;
use server::db::Store;

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

pub const PASSWORD: &str = "a long enough pass phrase";

/// Servers started by this run, stopped when a check fails.
pub static SERVERS: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

pub fn fail(message: String) -> ! {
    eprintln!("FAILED: {message}");
    for pid in SERVERS.lock().unwrap().iter() {
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
    }
    std::process::exit(1)
}

/// A `portal serve` child process on a free port.
pub struct Portal {
    pub child: Child,
    pub base: String,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

impl Portal {
    /// Starts the portal and waits until `/readyz` answers.
    pub async fn start(data: &Path, database_url: &str, port: u16, extra: &[&str]) -> Portal {
        Self::start_within(data, database_url, port, extra, Duration::from_secs(60)).await
    }

    /// Starts the portal and waits up to `patience` until `/readyz` answers.
    pub async fn start_within(
        data: &Path,
        database_url: &str,
        port: u16,
        extra: &[&str],
        patience: Duration,
    ) -> Portal {
        let portal = Self::spawn(data, database_url, port, extra);
        let client = client();
        let started = Instant::now();
        loop {
            if let Ok((200, _, _)) = request(&client, "GET", &format!("{}/readyz", portal.base), None, None, &[]).await
            {
                return portal;
            }
            if started.elapsed() > patience {
                fail(format!("the portal did not become ready within {patience:?}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Starts the portal without waiting for it.
    pub fn spawn(data: &Path, database_url: &str, port: u16, extra: &[&str]) -> Portal {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_portal"));
        cmd.arg("--data-dir")
            .arg(data)
            .arg("--database-url")
            .arg(database_url)
            .arg("--content-dir")
            .arg(workspace().join("content"))
            .arg("serve")
            .arg("--bind")
            .arg(format!("127.0.0.1:{port}"))
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::options().create(true).append(true).open(data.join("portal.log")).unwrap());
        let child = cmd.spawn().expect("start portal");
        SERVERS.lock().unwrap().push(child.id());
        Portal { child, base: format!("http://127.0.0.1:{port}") }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory of the server process, in MiB.
    pub fn rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(0.0)
    }

    /// Stops the server as a service manager does (TERM), and waits for it to finish its
    /// graceful stop (up to 60 s, then it is killed).
    pub fn stop(mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.pid().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn kill_9(&mut self) {
        let _ = Command::new("kill").arg("-9").arg(self.pid().to_string()).status();
        let _ = self.child.wait();
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).pool_max_idle_per_host(256).build_http()
}

/// Sends a request; returns status, `Set-Cookie` session value (if any) and body.
pub async fn request(
    client: &HttpClient,
    method: &str,
    url: &str,
    cookie: Option<&str>,
    json: Option<serde_json::Value>,
    headers: &[(&str, String)],
) -> Result<(u16, Option<String>, String), String> {
    let mut b = hyper::Request::builder().method(method).uri(url);
    if let Some(c) = cookie {
        b = b.header("cookie", c);
    }
    for (k, v) in headers {
        b = b.header(*k, v);
    }
    let body = match json {
        Some(j) => {
            b = b.header("content-type", "application/json");
            Full::new(Bytes::from(j.to_string()))
        }
        None => Full::new(Bytes::new()),
    };
    let res = client.request(b.body(body).unwrap()).await.map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    let session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sx_session="))
        .map(|v| v.split(';').next().unwrap().to_string());
    let bytes = res.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
    Ok((status, session, String::from_utf8_lossy(&bytes).into_owned()))
}

/// Creates `n` reader accounts directly in the database; returns their addresses.
pub async fn create_accounts(database_url: &str, prefix: &str, n: usize) -> Vec<String> {
    let store = Store::connect(database_url).await.expect("database");
    let passwords = Passwords::for_this_machine();
    let mut set = tokio::task::JoinSet::new();
    for i in 0..n {
        let (store, passwords, email) = (store.clone(), passwords.clone(), format!("{prefix}{i}@example.org"));
        let name = format!("{prefix} {i}");
        set.spawn(async move {
            loop {
                match server::accounts::add_user(&store, &passwords, &email, &name, Role::Reader, PASSWORD).await {
                    // More hashes than the pool queues: come back later, as it says.
                    Err(server::error::Error::Busy { retry_after }) => {
                        tokio::time::sleep(Duration::from_secs(retry_after)).await
                    }
                    other => return other.map(|_| email),
                }
            }
        });
    }
    let mut out = Vec::new();
    while let Some(r) = set.join_next().await {
        out.push(r.unwrap().unwrap_or_else(|e| fail(format!("creating an account: {e:?}"))));
    }
    store.close().await;
    out.sort();
    out
}

pub async fn sign_in(client: &HttpClient, base: &str, email: &str) -> String {
    let body = serde_json::json!({"email": email, "password": PASSWORD});
    match request(client, "POST", &format!("{base}/api/v1/session"), None, Some(body), &[]).await {
        Ok((201, Some(cookie), _)) => cookie,
        other => fail(format!("signing in {email}: {other:?}")),
    }
}
