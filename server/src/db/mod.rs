//! All SQL lives under this module; the rest of the portal calls [`Store`] methods and never
//! sees a query.
//!
//! One SQL dialect serves both backends through sqlx's `Any` driver: embedded SQLite (the
//! default) and PostgreSQL (for several app nodes). The queries stick to what both understand
//! (`$n` parameters, `RETURNING`, `ON CONFLICT`, integers for flags and Unix-second timestamps);
//! only the migrations differ, one folder per backend.

mod accounts;
mod discussion;
mod documents;
mod editorial;
mod library;
mod limits;
mod notifications;
mod tags;
mod two_factor;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};
use tokio::sync::{Mutex, MutexGuard};

pub use self::accounts::*;
pub use self::discussion::*;
pub use self::documents::*;
pub use self::editorial::*;
pub use self::library::{Library, PublishedSet, PublishedVersion};
pub use self::notifications::*;
pub use self::tags::*;
pub use self::two_factor::TwoFactorState;

/// Which database engine is behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The portal's database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite allows one writer at a time, and a deferred transaction that reads before it
    /// writes can fail with SQLITE_BUSY when another writer got in first. Serialising writers
    /// in-process removes that failure mode; PostgreSQL needs no such lock.
    write_lock: Arc<Mutex<()>>,
    /// Published documents in memory for list pages (see [`Library`]).
    library: Arc<library::LibraryCell>,
    /// Open threads per document, read at most every second (see `open_thread_counts`).
    open_threads: Arc<std::sync::Mutex<Option<KeptCounts>>>,
}

/// Counts kept with the moment they were read.
type KeptCounts = (std::time::Instant, Arc<std::collections::HashMap<String, u32>>);

/// A write transaction. Commit it with [`WriteTx::commit`]; dropping it rolls back.
pub struct WriteTx<'a> {
    pub(crate) tx: Transaction<'static, Any>,
    _guard: Option<MutexGuard<'a, ()>>,
}

impl WriteTx<'_> {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl Store {
    /// Connects to `url` and brings the schema up to date.
    ///
    /// # Errors
    /// When the database cannot be reached or a migration fails.
    pub async fn connect(url: &str) -> Result<Store, sqlx::Error> {
        install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let options = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the writer; NORMAL is durable in WAL mode
                        // except for the last transactions before a power cut.
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;")
                            .await?;
                    }
                    Ok(())
                })
            });
        let pool = options.connect(url).await?;
        let store = Store {
            pool,
            backend,
            write_lock: Arc::new(Mutex::new(())),
            library: Arc::default(),
            open_threads: Arc::default(),
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), sqlx::Error> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&self.pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&self.pool).await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a write transaction (serialised on SQLite, see [`Store::write_lock`]).
    ///
    /// On SQLite it is `BEGIN IMMEDIATE`: the database's write lock is taken before the first
    /// read, so a single-statement write from elsewhere (another process, or an audit entry on
    /// another connection) waits for it instead of making its read snapshot stale, which SQLite
    /// would answer with SQLITE_BUSY_SNAPSHOT at the transaction's first write.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx<'_>, sqlx::Error> {
        let (guard, tx) = match self.backend {
            Backend::Sqlite => {
                let guard = self.write_lock.lock().await;
                (Some(guard), self.pool.begin_with("BEGIN IMMEDIATE").await?)
            }
            Backend::Postgres => (None, self.pool.begin().await?),
        };
        Ok(WriteTx { tx, _guard: guard })
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Writes a consistent copy of a SQLite database to `path` (`VACUUM INTO`), while readers
    /// and writers go on.
    ///
    /// # Errors
    /// On PostgreSQL (use `pg_dump`), or when the file cannot be written.
    pub async fn snapshot_into(&self, path: &std::path::Path) -> Result<(), sqlx::Error> {
        if self.backend != Backend::Sqlite {
            return Err(sqlx::Error::Configuration("snapshots are for SQLite; use pg_dump for PostgreSQL".into()));
        }
        sqlx::query("VACUUM INTO $1").bind(path.display().to_string()).execute(&self.pool).await?;
        Ok(())
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    /// Closes every connection (tests call it before deleting a database).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Raw reads for tests that assert on stored rows (the one door to SQL outside this module,
/// and only for tests).
#[doc(hidden)]
pub mod testing {
    use sqlx::Row;

    use super::Store;

    /// The first column of the first row of `sql`, as an integer.
    ///
    /// # Panics
    /// When the query fails: tests want to know.
    pub async fn scalar(store: &Store, sql: &str) -> i64 {
        let row = sqlx::query(sql).fetch_one(store.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        row.try_get(0).unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The first column of the first row of `sql`, as text.
    ///
    /// # Panics
    /// When the query fails.
    pub async fn text(store: &Store, sql: &str) -> String {
        let row = sqlx::query(sql).fetch_one(store.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        row.try_get(0).unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

/// The file a SQLite URL names (`sqlite://data/portal.db?mode=rwc` → `data/portal.db`); `None`
/// for other databases and in-memory SQLite.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

/// Seconds since the Unix epoch: the one timestamp format the database stores.
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}
