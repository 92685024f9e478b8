//! Reading speed against a static file server (issue 15), as a script anyone can run:
//!
//! ```text
//! cargo bench -p server --bench pages
//! ```
//!
//! In one run on one machine: the release `portal` (SQLite, the shipped content) and nginx
//! serving the very same rendered page and JSON answer as static files with gzip on (installed
//! with apt when missing, started on a free port with a config written here). `wrk` drives
//! each at 32 connections with `Accept-Encoding: gzip`. Rows: nginx; the portal's document
//! page anonymous and signed in (a reader); the JSON document API; a revalidation answered 304.
//! Prints a Markdown table for BENCHMARKS.md and whether each target of the issue is met;
//! exits non-zero when a check (not a speed) fails: a 304 with a body, a page that differs.
//!
//! Then the same portal at scale: a second data dir filled with 100,000 illustrative documents
//! (`PAGES_BENCH_DOCS` changes the number) through the store, indexed by a first start; then
//! a cold start (to the first 200 of a section page), section, area and tag pages deep in
//! their lists for a signed-in reader (whom the page cache never serves) and an anonymous
//! visitor, and the resident memory afterwards.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::*;

const DOC: &str = "/en/doc/sunflower-centre-model";
const API: &str = "/api/v1/documents/sunflower-centre-model?lang=en";
const SECONDS: u32 = 8;
const CONNECTIONS: u32 = 32;

/// What wrk measured.
#[derive(Clone, Copy, Debug)]
struct Run {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    non_2xx: u64,
}

fn wrk(url: &str, headers: &[String]) -> Run {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", &format!("-c{CONNECTIONS}"), &format!("-d{SECONDS}s"), "--latency"])
        .args(["-H", "Accept-Encoding: gzip"]);
    for h in headers {
        cmd.args(["-H", h]);
    }
    let out = cmd.arg(url).stderr(Stdio::inherit()).output().unwrap_or_else(|e| fail(format!("wrk: {e}")));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let number = |prefix: &str| -> Option<String> {
        text.lines().map(str::trim).find_map(|l| l.strip_prefix(prefix)).map(|v| v.trim().to_string())
    };
    let ms = |v: String| -> f64 {
        let (n, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(v.len()));
        let n: f64 = n.parse().unwrap_or(f64::NAN);
        match unit {
            "us" => n / 1000.0,
            "ms" => n,
            "s" => n * 1000.0,
            _ => f64::NAN,
        }
    };
    let rps =
        number("Requests/sec:").and_then(|v| v.parse().ok()).unwrap_or_else(|| fail(format!("wrk said:\n{text}")));
    let non_2xx = number("Non-2xx or 3xx responses:").and_then(|v| v.parse().ok()).unwrap_or(0);
    Run {
        rps,
        p50_ms: number("50%").map(ms).unwrap_or(f64::NAN),
        p99_ms: number("99%").map(ms).unwrap_or(f64::NAN),
        non_2xx,
    }
}

/// nginx on `port`, serving `root` with gzip on, until dropped.
struct Nginx {
    child: std::process::Child,
}

/// Installs a Debian package when `program` is missing.
fn ensure(program: &str, version_arg: &str, package: &str) {
    let present = Command::new(program).arg(version_arg).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    if present {
        return;
    }
    eprintln!("installing {package} with apt");
    let ok = Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends", package])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        fail(format!("{program} is missing and `apt-get install {package}` failed"));
    }
}

impl Nginx {
    fn start(dir: &Path, port: u16) -> Nginx {
        ensure("nginx", "-v", "nginx-light");
        let conf = dir.join("nginx.conf");
        std::fs::write(
            &conf,
            format!(
                "worker_processes auto;\ndaemon off;\npid {pid};\nerror_log {err} warn;\nevents {{ worker_connections 1024; }}\n\
                 http {{\n  access_log off;\n  sendfile on;\n  gzip on;\n  gzip_types application/json;\n  \
                 client_body_temp_path {tmp};\n  proxy_temp_path {tmp};\n  fastcgi_temp_path {tmp};\n  uwsgi_temp_path {tmp};\n  scgi_temp_path {tmp};\n  \
                 server {{\n    listen 127.0.0.1:{port};\n    root {root};\n    default_type text/html;\n    \
                 location /api/ {{ default_type application/json; }}\n  }}\n}}\n",
                pid = dir.join("nginx.pid").display(),
                err = dir.join("nginx.err").display(),
                tmp = dir.display(),
                root = dir.join("root").display(),
            ),
        )
        .unwrap();
        let child = Command::new("nginx")
            .args(["-c", &conf.display().to_string(), "-p", &dir.display().to_string()])
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| fail(format!("starting nginx: {e}")));
        SERVERS.lock().unwrap().push(child.id());
        Nginx { child }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // TERM, not KILL: nginx's master then stops its workers, which a killed master would
        // leave running after the benchmark.
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

fn row(name: &str, r: Run, base: Run) -> String {
    format!(
        "| {name} | {:.0} | {:.2}x | {:.2} ms | {:.2} ms | {:.1}x |",
        r.rps,
        r.rps / base.rps,
        r.p50_ms,
        r.p99_ms,
        r.p99_ms / base.p99_ms
    )
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    ensure("wrk", "--version", "wrk");
    ensure("curl", "--version", "curl");
    let database_url = format!("sqlite://{}?mode=rwc", data.join("portal.db").display());
    let portal = Portal::start(&data, &database_url, free_port(), &[]).await;
    let http = client();
    let email = create_accounts(&database_url, "bench-reader", 1).await.remove(0);
    let session = sign_in(&http, &portal.base, &email).await;

    // The same bytes for nginx: the page as an anonymous visitor gets it, and the API answer.
    let (status, _, page) = request(&http, "GET", &format!("{}{DOC}", portal.base), None, None, &[]).await.unwrap();
    let (api_status, _, api) = request(&http, "GET", &format!("{}{API}", portal.base), None, None, &[]).await.unwrap();
    if status != 200 || api_status != 200 || !page.contains("Sunflower") {
        fail(format!("the portal answered {status} / {api_status} for the benchmark's page"));
    }
    let root = dir.path().join("nginx/root");
    std::fs::create_dir_all(root.join("en/doc")).unwrap();
    std::fs::create_dir_all(root.join("api/v1/documents")).unwrap();
    std::fs::write(root.join("en/doc/sunflower-centre-model"), &page).unwrap();
    std::fs::write(root.join("api/v1/documents/sunflower-centre-model"), &api).unwrap();
    let nginx_port = free_port();
    let _nginx = Nginx::start(&dir.path().join("nginx"), nginx_port);
    let nginx = format!("http://127.0.0.1:{nginx_port}");
    for _ in 0..100 {
        if request(&http, "GET", &format!("{nginx}{DOC}"), None, None, &[]).await.is_ok_and(|r| r.0 == 200) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // A revalidation: 304, no body, for the page a browser already holds.
    let etag_of = |headers: &[(&str, String)]| {
        let out = Command::new("curl")
            .args(["-s", "-D", "-", "-o", "/dev/null"])
            .args(headers.iter().flat_map(|(k, v)| ["-H".to_string(), format!("{k}: {v}")]))
            .arg(format!("{}{DOC}", portal.base))
            .output()
            .unwrap_or_else(|e| fail(format!("curl: {e}")));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let first = etag_of(&[("Accept-Encoding", "gzip".into())]);
    let etag = first
        .lines()
        .find_map(|l| l.strip_prefix("etag: ").or_else(|| l.strip_prefix("ETag: ")))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| fail(format!("no ETag on the document page:\n{first}")));
    let again = etag_of(&[("Accept-Encoding", "gzip".into()), ("If-None-Match", etag.clone())]);
    let not_modified = again.starts_with("HTTP/1.1 304");
    let body_len = again
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length: ").map(|v| v.trim().to_string()));
    if !not_modified || body_len.is_some_and(|l| l != "0") {
        fail(format!("an unchanged page was not answered 304 without a body:\n{again}"));
    }

    let cookie = format!("Cookie: {session}");
    let nginx_page = wrk(&format!("{nginx}{DOC}"), &[]);
    let nginx_api = wrk(&format!("{nginx}/api/v1/documents/sunflower-centre-model"), &[]);
    let anon = wrk(&format!("{}{DOC}", portal.base), &[]);
    let signed_in = wrk(&format!("{}{DOC}", portal.base), std::slice::from_ref(&cookie));
    let api_run = wrk(&format!("{}{API}", portal.base), &[]);
    let revalidated = wrk(&format!("{}{DOC}", portal.base), &[format!("If-None-Match: {etag}")]);
    let rss = portal.rss_mib();
    for (name, r) in [("anonymous", anon), ("signed in", signed_in), ("API", api_run)] {
        if r.non_2xx > 0 {
            fail(format!("{name}: {} answers were not 2xx", r.non_2xx));
        }
    }

    println!("\n| server and request | requests/s | ratio to nginx | p50 | p99 | p99 ratio |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!("{}", row("nginx, the page as a static file (gzip on)", nginx_page, nginx_page));
    println!("{}", row("portal, document page, anonymous", anon, nginx_page));
    println!("{}", row("portal, document page, signed in (reader)", signed_in, nginx_page));
    println!("{}", row("nginx, the JSON answer as a static file", nginx_api, nginx_api));
    println!("{}", row("portal, JSON document API, anonymous", api_run, nginx_api));
    println!("{}", row("portal, document page revalidated (304)", revalidated, nginx_page));
    println!("\nPortal resident memory after the runs: {rss:.0} MB. Unchanged page: 304 without a body.");
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    println!(
        "Targets: anonymous ≥ 0.5x nginx: {}; anonymous p99 ≤ 2x nginx's: {}; signed in ≥ 0.25x: {}.",
        verdict(anon.rps >= 0.5 * nginx_page.rps),
        verdict(anon.p99_ms <= 2.0 * nginx_page.p99_ms),
        verdict(signed_in.rps >= 0.25 * nginx_page.rps),
    );
    drop(portal);
    at_scale().await;
}

/// The list pages, cold start and memory with many documents.
async fn at_scale() {
    let documents: usize = std::env::var("PAGES_BENCH_DOCS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    // PAGES_BENCH_DATA keeps the filled data dir between runs (it is filled when empty).
    let dir = tempfile::tempdir().unwrap();
    let data = std::env::var_os("PAGES_BENCH_DATA").map(std::path::PathBuf::from).unwrap_or(dir.path().join("data"));
    std::fs::create_dir_all(&data).unwrap();
    let database_url = format!("sqlite://{}?mode=rwc", data.join("portal.db").display());
    let started = Instant::now();
    let store = server::db::Store::connect(&database_url).await.unwrap();
    let fresh = server::db::testing::scalar(&store, "SELECT COUNT(*) FROM documents").await == 0;
    if fresh {
        library::fill(&store, documents / 2).await;
    }
    store.close().await;
    let filled = started.elapsed();
    let email = create_accounts(&database_url, &format!("scale-reader-{}", std::process::id()), 1).await.remove(0);

    // The first start imports the shipped content beside the filler and builds the index.
    let started = Instant::now();
    let first = Portal::start_within(&data, &database_url, free_port(), &[], Duration::from_secs(1200)).await;
    let indexed = started.elapsed();
    // It also keeps its library of published documents in the data dir, in the background.
    for _ in 0..600 {
        if data.join("library.json").exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Stopped as a service manager stops it: at a graceful stop it writes its newest library,
    // which the cold start below reads.
    first.stop();

    // Cold start: from launching the process to the first 200 of a section page.
    let port = free_port();
    let started = Instant::now();
    let portal = Portal::spawn(&data, &database_url, port, &[]);
    let http = client();
    let section = format!("{}/en/case-studies", portal.base);
    loop {
        if let Ok((200, _, body)) = request(&http, "GET", &section, None, None, &[]).await {
            if !body.contains("benchmark document") {
                fail("the section page at scale lists no filler".into());
            }
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            fail("the portal did not answer within 120 s".into());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let cold = started.elapsed();

    let session = sign_in(&http, &portal.base, &email).await;
    let cookie = format!("Cookie: {session}");
    let deep = documents / 2 / 20 * 8 / 20 * 9 / 10;
    let pages = [
        ("section, page 1", "/en/case-studies".to_string()),
        ("section, deep page", format!("/en/case-studies?page={deep}")),
        ("section, filtered", "/en/case-studies?country=KG&area=funding-mechanisms&page=20".to_string()),
        ("area, deep page", format!("/en/areas/funding-mechanisms?page={}", deep / 2)),
        ("tag, deep page", format!("/en/tags/referral?page={}", deep / 4)),
        ("home", "/en/".to_string()),
    ];
    // Each page is checked once for what a reader sees before it is measured.
    for (name, path) in &pages {
        let (status, _, body) =
            request(&http, "GET", &format!("{}{path}", portal.base), Some(&session), None, &[]).await.unwrap();
        if status != 200 || !body.contains("benchmark document") {
            fail(format!("{name} ({path}) answered {status} without filler"));
        }
    }
    println!(
        "\nAt {documents} documents ({} translation sets; filled in {:.0} s, first start with indexing {:.0} s):",
        documents / 2,
        filled.as_secs_f64(),
        indexed.as_secs_f64()
    );
    println!("\n| page (signed-in reader unless said) | requests/s | p50 | p99 |");
    println!("|---|---:|---:|---:|");
    let mut worst_list_p99: f64 = 0.0;
    for (name, path) in &pages {
        let r = wrk(&format!("{}{path}", portal.base), std::slice::from_ref(&cookie));
        if r.non_2xx > 0 {
            fail(format!("{name}: {} answers were not 2xx", r.non_2xx));
        }
        if *name != "home" {
            worst_list_p99 = worst_list_p99.max(r.p99_ms);
        }
        println!("| {name} `{path}` | {:.0} | {:.2} ms | {:.2} ms |", r.rps, r.p50_ms, r.p99_ms);
    }
    let anon = wrk(&format!("{}{}", portal.base, pages[1].1), &[]);
    println!("| section, deep page, anonymous | {:.0} | {:.2} ms | {:.2} ms |", anon.rps, anon.p50_ms, anon.p99_ms);
    let rss = portal.rss_mib();
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    println!(
        "\nCold start to the first 200: {:.0} ms. Resident memory after the runs: {rss:.0} MB.",
        cold.as_secs_f64() * 1000.0
    );
    println!(
        "Targets at scale: list pages p99 ≤ 20 ms: {} (worst {worst_list_p99:.2} ms); cold start ≤ 1 s: {}; memory ≤ 200 MB: {}.",
        verdict(worst_list_p99 <= 20.0),
        verdict(cold <= Duration::from_secs(1)),
        verdict(rss <= 200.0),
    );
    drop(portal);
}
