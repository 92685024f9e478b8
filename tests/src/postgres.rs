//! A fresh PostgreSQL database per test, on the server CI starts (127.0.0.1:5432, trust auth).

use sqlx::{Connection, Executor};

/// The server to create test databases on; `PORTAL_TEST_POSTGRES_URL` overrides it.
pub fn admin_url() -> String {
    std::env::var("PORTAL_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database that exists for one test.
pub struct FreshDatabase {
    pub name: String,
    pub url: String,
}

impl FreshDatabase {
    /// Creates `portal_test_<random>`.
    ///
    /// # Panics
    /// When the server cannot be reached: CI must provide it (see `.ci/run`).
    pub async fn create() -> FreshDatabase {
        let admin = admin_url();
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {admin} is required for this test: {e}"));
        let name = format!("portal_test_{}", uuid_like());
        conn.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create database");
        let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).expect("a database in the URL");
        FreshDatabase { url: format!("{base}/{name}"), name }
    }

    /// Drops the database now (dropping the value does the same, also when a test fails).
    pub async fn drop(self) {}
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        // On a thread of its own: Drop cannot await, and the test's runtime may be ending.
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url()).await {
                    let _ = conn.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
                }
            });
        })
        .join();
    }
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{:x}{:x}", nanos, std::process::id())
}
