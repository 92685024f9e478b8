//! Load and crash tests against the real `portal` binary (release build), as scripts anyone can
//! run. Each starts its own server on a free port with a fresh data dir, drives it over HTTP,
//! checks what must hold, and prints a Markdown table for BENCHMARKS.md. A failed check exits
//! non-zero.
//!
//! ```text
//! cargo bench -p server --bench load -- posts [--postgres]  # 50 clients × 40 posts: none lost, no 5xx
//! cargo bench -p server --bench load -- crash               # kill -9 under write load, restart, check
//! cargo bench -p server --bench load -- signin-flood        # 1,000 concurrent sign-ins, memory sampled
//! ```
//!
//! Accounts are created directly in the database with the server's own code (hashing 400
//! passwords through HTTP would measure the sign-in, not the posting).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use server::db::Store;
use tokio::sync::Mutex;

mod common;
use common::*;

struct Backend {
    name: &'static str,
    url: String,
    /// Dropped (and the database removed) at the end.
    _pg: Option<PgDatabase>,
}

/// A fresh PostgreSQL database for one run.
struct PgDatabase {
    admin: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .args([&self.admin, "-q", "-c", &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)])
            .status();
    }
}

async fn backend(postgres: bool, data: &Path) -> Backend {
    if !postgres {
        return Backend {
            name: "SQLite",
            url: format!("sqlite://{}?mode=rwc", data.join("portal.db").display()),
            _pg: None,
        };
    }
    let admin =
        std::env::var("BENCH_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("portal_load_{}", std::process::id());
    use sqlx::{Connection, Executor};
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| fail(format!("PostgreSQL: {e}")));
    conn.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
    let base = admin.rsplit_once('/').unwrap().0.to_string();
    Backend { name: "PostgreSQL", url: format!("{base}/{name}"), _pg: Some(PgDatabase { admin, name }) }
}

// ---------------------------------------------------------------- posts

/// 50 clients post 40 replies each into one thread, all at once (each client cycles through
/// 8 accounts, 5 posts per account: the posting limit is 5 a minute).
async fn posts(postgres: bool) {
    const CLIENTS: usize = 50;
    const POSTS_EACH: usize = 40;
    const ACCOUNTS_EACH: usize = 8;
    let data = tempfile::TempDir::new().unwrap();
    let db = backend(postgres, data.path()).await;
    let portal = Portal::start(data.path(), &db.url, free_port(), &[]).await;
    let mut emails = create_accounts(&db.url, "poster", CLIENTS * ACCOUNTS_EACH + 1).await;
    let client = client();
    // One more account opens the thread, so each poster has its five posts a minute to give.
    let opener = sign_in(&client, &portal.base, &emails.pop().unwrap()).await;
    let (_, _, body) = request(
        &client,
        "POST",
        &format!("{}/api/v1/threads", portal.base),
        Some(&opener),
        Some(serde_json::json!({"doc": null, "title": "Load", "body": "Opening post."})),
        &[],
    )
    .await
    .unwrap();
    let thread: i64 = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"].as_i64().unwrap();
    let mut sessions = Vec::new();
    for chunk in emails.chunks(ACCOUNTS_EACH) {
        let mut cookies = Vec::new();
        for e in chunk {
            cookies.push(sign_in(&client, &portal.base, e).await);
        }
        sessions.push(cookies);
    }
    let acked = Arc::new(Mutex::new(HashMap::<i64, String>::new()));
    let statuses = Arc::new(Mutex::new(HashMap::<u16, usize>::new()));
    let started = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for (c, cookies) in sessions.into_iter().enumerate() {
        let (client, base, acked, statuses) = (client.clone(), portal.base.clone(), acked.clone(), statuses.clone());
        set.spawn(async move {
            for n in 0..POSTS_EACH {
                let cookie = &cookies[n / 5];
                let text = format!("Client {c} post {n}");
                let r = request(
                    &client,
                    "POST",
                    &format!("{base}/api/v1/threads/{thread}/posts"),
                    Some(cookie),
                    Some(serde_json::json!({"body": text, "reply_to": null})),
                    &[],
                )
                .await;
                let status = r.as_ref().map(|r| r.0).unwrap_or(0);
                *statuses.lock().await.entry(status).or_default() += 1;
                if let Ok((201, _, body)) = r {
                    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"].as_i64().unwrap();
                    acked.lock().await.insert(id, text);
                }
            }
        });
    }
    while let Some(r) = set.join_next().await {
        r.unwrap();
    }
    let elapsed = started.elapsed();
    let statuses = statuses.lock().await.clone();
    let acked = acked.lock().await.clone();
    // Every acknowledged post is stored, with its text, exactly once.
    let store = Store::connect(&db.url).await.unwrap();
    let mut lost = 0;
    for (id, text) in &acked {
        match store.post(*id).await.unwrap() {
            Some(p) if &p.body == text && p.thread_id == thread => {}
            _ => lost += 1,
        }
    }
    let stored = store.post_count(thread).await.unwrap() - 1;
    store.close().await;
    let server_errors: usize = statuses.iter().filter(|(s, _)| **s >= 500 || **s == 0).map(|(_, n)| n).sum();
    let total = CLIENTS * POSTS_EACH;
    println!("\n### Concurrent posts ({})\n", db.name);
    println!("Command: `cargo bench -p server --bench load -- posts{}`\n", if postgres { " --postgres" } else { "" });
    println!("| clients × posts | acknowledged (201) | stored | lost | 5xx or failed | other statuses | posts/s |");
    println!("|---|---:|---:|---:|---:|---|---:|");
    let other: Vec<String> = statuses
        .iter()
        .filter(|(s, _)| **s != 201 && **s < 500 && **s != 0)
        .map(|(s, n)| format!("{s}: {n}"))
        .collect();
    println!(
        "| {CLIENTS} × {POSTS_EACH} | {} | {stored} | {lost} | {server_errors} | {} | {:.0} |",
        acked.len(),
        if other.is_empty() { "none".into() } else { other.join(", ") },
        acked.len() as f64 / elapsed.as_secs_f64()
    );
    if lost > 0 || server_errors > 0 || acked.len() != total || stored as usize != acked.len() {
        fail(format!(
            "{lost} lost, {server_errors} server errors, {} of {total} acknowledged, {stored} stored",
            acked.len()
        ));
    }
    drop(portal);
}

// ---------------------------------------------------------------- crash

/// Writes (posts over HTTP, documents through `portal import`) while the server is killed
/// with SIGKILL; after a restart every acknowledged write is there and search agrees with the
/// database.
async fn crash() {
    const WRITERS: usize = 20;
    let data = tempfile::TempDir::new().unwrap();
    let db = backend(false, data.path()).await;
    let port = free_port();
    let mut portal = Portal::start(data.path(), &db.url, port, &[]).await;
    // Ten accounts a writer, so the posting limit (5 a minute) leaves 50 posts a writer.
    let emails = create_accounts(&db.url, "writer", WRITERS * 10).await;
    let client = client();
    let mut cookies = Vec::new();
    for chunk in emails.chunks(10) {
        let mut mine = Vec::new();
        for e in chunk {
            mine.push(sign_in(&client, &portal.base, e).await);
        }
        cookies.push(mine);
    }
    let (_, _, body) = request(
        &client,
        "POST",
        &format!("{}/api/v1/threads", portal.base),
        Some(&cookies[0][0]),
        Some(serde_json::json!({"doc": null, "title": "Crash", "body": "Opening."})),
        &[],
    )
    .await
    .unwrap();
    let thread = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"].as_i64().unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Vec::<(i64, String)>::new()));
    let mut writers = tokio::task::JoinSet::new();
    for (w, mine) in cookies.into_iter().enumerate() {
        let (client, base, stop, acked) = (client.clone(), portal.base.clone(), stop.clone(), acked.clone());
        writers.spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let text = format!("writer {w} post {n}");
                let cookie = &mine[(n / 5) % mine.len()];
                n += 1;
                let r = request(
                    &client,
                    "POST",
                    &format!("{base}/api/v1/threads/{thread}/posts"),
                    Some(cookie),
                    Some(serde_json::json!({"body": text, "reply_to": null})),
                    &[],
                )
                .await;
                match r {
                    Ok((201, _, body)) => {
                        let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"].as_i64().unwrap();
                        acked.lock().await.push((id, text));
                    }
                    // The posting limit: wait, as a person would.
                    Ok((429, _, _)) => tokio::time::sleep(Duration::from_millis(200)).await,
                    _ => tokio::time::sleep(Duration::from_millis(20)).await,
                }
            }
        });
    }
    // Documents arrive through imports running beside the server, one new file each time.
    let content = tempfile::TempDir::new().unwrap();
    server_copy_tree(&workspace().join("content"), content.path());
    let imported = Arc::new(Mutex::new(Vec::<String>::new()));
    let importer = {
        let (stop, imported, url, data_dir, dir) =
            (stop.clone(), imported.clone(), db.url.clone(), data.path().to_path_buf(), content.path().to_path_buf());
        tokio::task::spawn_blocking(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let word = format!("crashword{n}x");
                std::fs::write(
                    dir.join(format!("lessons/crash-{n}.md")),
                    format!("---\ntitle: Crash lesson {n}\nkind: lesson\n---\n\nThe word {word} marks this lesson.\n"),
                )
                .unwrap();
                let status = Command::new(env!("CARGO_BIN_EXE_portal"))
                    .arg("--data-dir")
                    .arg(&data_dir)
                    .arg("--database-url")
                    .arg(&url)
                    .arg("import")
                    .arg(&dir)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .unwrap();
                if status.success() {
                    imported.blocking_lock().push(word);
                }
                n += 1;
            }
        })
    };
    tokio::time::sleep(Duration::from_secs(4)).await;
    let killed_at = acked.lock().await.len();
    portal.kill_9();
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    while writers.join_next().await.is_some() {}
    importer.await.unwrap();
    let acked = acked.lock().await.clone();
    let imported = imported.lock().await.clone();

    let restarted = Instant::now();
    let portal = Portal::start(data.path(), &db.url, port, &["--no-import"]).await;
    let ready_after = restarted.elapsed();
    let store = Store::connect(&db.url).await.unwrap();
    let mut lost_posts = 0;
    for (id, text) in &acked {
        if store.post(*id).await.unwrap().is_none_or(|p| &p.body != text) {
            lost_posts += 1;
        }
    }
    // Search catches up with every imported document (the index follows the change log).
    let mut missing_in_search = BTreeSet::new();
    for word in &imported {
        let url = format!("{}/api/v1/search?q={word}", portal.base);
        let mut found = false;
        for _ in 0..50 {
            if let Ok((200, _, body)) = request(&client, "GET", &url, None, None, &[]).await
                && serde_json::from_str::<serde_json::Value>(&body).unwrap()["total"] == 1
            {
                found = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if !found {
            missing_in_search.insert(word.clone());
        }
    }
    let published = server::db::testing::scalar(
        &store,
        "SELECT COUNT(*) FROM documents WHERE status = 'published' AND visibility = 'public'",
    )
    .await;
    let (_, _, body) =
        request(&client, "GET", &format!("{}/api/v1/documents", portal.base), None, None, &[]).await.unwrap();
    let listed = serde_json::from_str::<serde_json::Value>(&body).unwrap()["total"].as_i64().unwrap();
    store.close().await;
    println!("\n### kill -9 under write load (SQLite)\n");
    println!("Command: `cargo bench -p server --bench load -- crash`\n");
    println!(
        "| acknowledged posts | acknowledged imports | lost posts | imports missing from search | public documents in the database / listed | restart to ready |"
    );
    println!("|---:|---:|---:|---:|---|---:|");
    println!(
        "| {} ({killed_at} before the kill) | {} | {lost_posts} | {} | {published} / {listed} | {:.2} s |",
        acked.len(),
        imported.len(),
        missing_in_search.len(),
        ready_after.as_secs_f64()
    );
    if lost_posts > 0 || !missing_in_search.is_empty() || published != listed || acked.is_empty() || imported.is_empty()
    {
        fail(format!(
            "lost {lost_posts} posts; not searchable: {missing_in_search:?}; {published} published vs {listed} listed"
        ));
    }
    drop(portal);
}

fn server_copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

// ---------------------------------------------------------------- sign-in flood

/// 1,000 sign-in attempts at once, each from its own address (behind a trusted proxy): 500
/// correct passwords of 100 accounts and 500 attempts on addresses that have no account.
/// Resident memory is sampled every 20 ms; clients told to come back later (503 + Retry-After)
/// do so, so every attempt ends with an answer about the password.
async fn signin_flood() {
    const ACCOUNTS: usize = 100;
    const ATTEMPTS: usize = 1000;
    let data = tempfile::TempDir::new().unwrap();
    let db = backend(false, data.path()).await;
    let emails = {
        // The schema must exist before accounts are created: start once, stop.
        let p = Portal::start(data.path(), &db.url, free_port(), &["--no-import"]).await;
        drop(p);
        create_accounts(&db.url, "member", ACCOUNTS).await
    };
    let portal = Portal::start(data.path(), &db.url, free_port(), &["--trust-proxy"]).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = portal.rss_mib();

    let peak = Arc::new(AtomicU64::new(0));
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (peak, sampling, pid) = (peak.clone(), sampling.clone(), portal.pid());
        tokio::spawn(async move {
            while sampling.load(Ordering::Relaxed) {
                let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                if let Some(kb) = status
                    .lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
                {
                    peak.fetch_max(kb, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let client = client();
    let busy = Arc::new(AtomicU64::new(0));
    let outcomes = Arc::new(Mutex::new(HashMap::<u16, usize>::new()));
    let started = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for i in 0..ATTEMPTS {
        let (client, base, busy, outcomes) = (client.clone(), portal.base.clone(), busy.clone(), outcomes.clone());
        let (email, password) = if i % 2 == 0 {
            (emails[(i / 2) % ACCOUNTS].clone(), PASSWORD.to_string())
        } else {
            (format!("nobody{i}@example.org"), "not the password".to_string())
        };
        let address = format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256);
        set.spawn(async move {
            loop {
                let r = request(
                    &client,
                    "POST",
                    &format!("{base}/api/v1/session"),
                    None,
                    Some(serde_json::json!({"email": email, "password": password})),
                    &[("x-forwarded-for", address.clone())],
                )
                .await;
                match r {
                    Ok((503, _, _)) => {
                        busy.fetch_add(1, Ordering::Relaxed);
                        tokio::time::sleep(Duration::from_millis(500)).await;
                    }
                    Ok((status, _, _)) => {
                        *outcomes.lock().await.entry(status).or_default() += 1;
                        return;
                    }
                    Err(_) => {
                        *outcomes.lock().await.entry(0).or_default() += 1;
                        return;
                    }
                }
            }
        });
    }
    while set.join_next().await.is_some() {}
    let elapsed = started.elapsed();
    sampling.store(false, Ordering::Relaxed);
    sampler.await.unwrap();
    let peak = peak.load(Ordering::Relaxed) as f64 / 1024.0;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after = portal.rss_mib();
    let outcomes = outcomes.lock().await.clone();
    let ok = outcomes.get(&201).copied().unwrap_or(0);
    let refused = outcomes.get(&401).copied().unwrap_or(0);
    println!(
        "\n### Sign-in flood (SQLite, {} cores)\n",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
    );
    println!("Command: `cargo bench -p server --bench load -- signin-flood`\n");
    println!(
        "| attempts at once | signed in (201) | wrong (401) | answered 503, retried | idle RSS | peak RSS | RSS 5 s after | checks/s | sign-ins/s |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {ATTEMPTS} | {ok} | {refused} | {} | {idle:.0} MB | {peak:.0} MB | {after:.0} MB | {:.0} | {:.0} |",
        busy.load(Ordering::Relaxed),
        (ok + refused) as f64 / elapsed.as_secs_f64(),
        ok as f64 / elapsed.as_secs_f64()
    );
    if ok != ATTEMPTS / 2 || refused != ATTEMPTS / 2 {
        fail(format!("unexpected outcomes: {outcomes:?}"));
    }
    if peak > 300.0 || after > 100.0 {
        fail(format!("memory: peak {peak:.0} MB (target < 300), after {after:.0} MB (target < 100)"));
    }
    drop(portal);
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    match args.first().map(String::as_str) {
        Some("posts") => posts(args.iter().any(|a| a == "--postgres")).await,
        Some("crash") => crash().await,
        Some("signin-flood") => signin_flood().await,
        _ => {
            eprintln!("usage: cargo bench -p server --bench load -- posts [--postgres] | crash | signin-flood");
            std::process::exit(2);
        }
    }
}
