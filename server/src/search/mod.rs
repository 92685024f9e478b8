//! Full-text search over every readable document, in four languages, with tantivy.
//!
//! The index lives in the data dir and is derived data: the database is the truth. It is
//! rebuilt from the database when it is missing, unreadable or of an older schema version
//! (and on demand with `portal reindex`). Afterwards one writer task keeps it current by
//! following the database's `changes` log: imports and publishing record a change, the task
//! notices it (at once when told, within a second otherwise, also when another app node made
//! the change) and re-indexes those documents. The last change applied is stored in the
//! index's commit, so a restart catches up with exactly what it missed.
//!
//! Nothing here logs a query.

pub mod analysis;
pub mod collector;
pub mod engine;
pub mod korean;
pub mod kyrgyz;
pub mod query;
pub mod schema;
pub mod service;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use tantivy::collector::Count;
use tantivy::query::AllQuery;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};
use tokio::sync::{mpsc, oneshot};

use self::schema::{Fields, IndexEntry, SCHEMA_VERSION};
use crate::db::Store;

/// How often the writer looks for changes made elsewhere (another process or node).
const POLL: Duration = Duration::from_millis(1000);
/// Changes are re-read with this much overlap: on PostgreSQL a sequence number can become
/// visible after a later one, and re-indexing a document twice is harmless.
const OVERLAP: i64 = 64;
const WRITER_HEAP: usize = 64 * 1024 * 1024;

enum Job {
    Sync(Option<oneshot::Sender<Result<(), String>>>),
    Rebuild(oneshot::Sender<Result<usize, String>>),
}

/// The search index of this process.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    pub(crate) dicts: collector::DictCache,
    writer: Arc<Mutex<IndexWriter>>,
    /// The last change (of the `changes` log) the index reflects.
    applied: AtomicI64,
    jobs: mpsc::UnboundedSender<Job>,
}

impl SearchIndex {
    /// Opens the index under `data_dir/search`, rebuilding it from the database when needed,
    /// and starts the writer task.
    ///
    /// # Errors
    /// When the folder cannot be written, the index is locked by another running portal, or
    /// the database fails.
    pub async fn open(data_dir: &Path, store: Store) -> anyhow::Result<Arc<SearchIndex>> {
        let root = data_dir.join("search");
        std::fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
        let dir = root.join(format!("v{SCHEMA_VERSION}"));
        // Indexes of older schema versions are of no use any more.
        for entry in std::fs::read_dir(&root)?.flatten() {
            if entry.path() != dir {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let (schema, fields) = schema::build();
        let (index, fresh) = match open_existing(&dir, &schema) {
            Ok(index) => (index, false),
            Err(reason) => {
                if dir.exists() {
                    tracing::warn!("search index unusable ({reason}); rebuilding it from the database");
                    std::fs::remove_dir_all(&dir)?;
                }
                std::fs::create_dir_all(&dir)?;
                (Index::create_in_dir(&dir, schema).context("creating the search index")?, true)
            }
        };
        analysis::register(index.tokenizers());
        let payload = index.load_metas().ok().and_then(|m| m.payload).and_then(|p| p.parse::<i64>().ok());
        let reader =
            index.reader_builder().reload_policy(ReloadPolicy::Manual).doc_store_cache_num_blocks(1024).try_into()?;
        let writer = open_writer(&index, &dir).await?;
        let (tx, rx) = mpsc::unbounded_channel();
        let this = Arc::new(SearchIndex {
            index,
            reader,
            fields,
            dicts: collector::DictCache::default(),
            writer: Arc::new(Mutex::new(writer)),
            applied: AtomicI64::new(payload.unwrap_or(0)),
            jobs: tx,
        });
        if fresh || payload.is_none() {
            let n = this.rebuild_now(&store).await?;
            tracing::info!("search index built: {n} documents");
        } else {
            this.sync_now(&store).await?;
        }
        tokio::spawn(writer_loop(Arc::downgrade(&this), store, rx));
        Ok(this)
    }

    /// Indexes what changed in the database, and waits until it is searchable.
    ///
    /// # Errors
    /// When the database or the index fails.
    pub async fn sync(&self) -> anyhow::Result<()> {
        let (tx, rx) = oneshot::channel();
        self.jobs.send(Job::Sync(Some(tx))).map_err(|_| anyhow::anyhow!("the search writer has stopped"))?;
        rx.await?.map_err(|e| anyhow::anyhow!(e))
    }

    /// The last entry of the `changes` log the index reflects: what is on a page rendered now
    /// is at least as new as this (the page cache keys its entries by it).
    pub fn generation(&self) -> i64 {
        self.applied.load(Ordering::SeqCst)
    }

    /// Asks the writer to index recent changes soon, without waiting.
    pub fn notify(&self) {
        let _ = self.jobs.send(Job::Sync(None));
    }

    /// Rebuilds the whole index from the database; returns how many documents it holds.
    ///
    /// # Errors
    /// When the database or the index fails.
    pub async fn rebuild(&self) -> anyhow::Result<usize> {
        let (tx, rx) = oneshot::channel();
        self.jobs.send(Job::Rebuild(tx)).map_err(|_| anyhow::anyhow!("the search writer has stopped"))?;
        rx.await?.map_err(|e| anyhow::anyhow!(e))
    }

    /// How many document versions the index holds.
    /// Whether the index can be searched (for `/readyz`).
    ///
    /// # Errors
    /// When a search over the index fails.
    pub fn check(&self) -> tantivy::Result<()> {
        self.reader.searcher().search(&AllQuery, &Count).map(|_| ())
    }

    pub fn len(&self) -> usize {
        self.reader.searcher().search(&AllQuery, &Count).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds entries directly, then commits (the benchmark's way in; the portal goes through
    /// the database).
    ///
    /// # Errors
    /// When the index cannot be written.
    pub async fn add_entries(&self, entries: Vec<IndexEntry>) -> anyhow::Result<()> {
        self.apply(Vec::new(), entries, None).await
    }

    /// Merges all segments into one (after a bulk load): fewer segments make every query
    /// cheaper. Waits for the merge.
    ///
    /// # Errors
    /// When the index cannot be written.
    pub async fn optimise(&self) -> anyhow::Result<()> {
        let writer = self.writer.clone();
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            // A merge the writer started on its own may hold some segments; wait for it and
            // try again. Merging is an optimisation, so giving up is not an error.
            for _ in 0..50 {
                let ids = index.searchable_segment_ids()?;
                if ids.len() <= 1 {
                    break;
                }
                let mut w = writer.lock().map_err(|_| anyhow::anyhow!("search writer poisoned"))?;
                match w.merge(&ids).wait() {
                    Ok(_) => break,
                    Err(_) => {
                        drop(w);
                        std::thread::sleep(Duration::from_millis(100));
                    }
                }
            }
            Ok(())
        })
        .await??;
        self.reader.reload()?;
        Ok(())
    }

    /// Deletes `delete`, adds `add`, commits (recording `applied` when given) and reloads.
    async fn apply(&self, delete: Vec<i64>, add: Vec<IndexEntry>, applied: Option<i64>) -> anyhow::Result<()> {
        let writer = self.writer.clone();
        let fields = self.fields.clone();
        let tokenizers = self.index.tokenizers().clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut w = writer.lock().map_err(|_| anyhow::anyhow!("search writer poisoned"))?;
            for id in delete {
                w.delete_term(fields.doc_term(id));
            }
            for e in &add {
                w.add_document(fields.document(e, &tokenizers))?;
            }
            let mut commit = w.prepare_commit()?;
            if let Some(seq) = applied {
                commit.set_payload(&seq.to_string());
            }
            commit.commit()?;
            Ok(())
        })
        .await??;
        self.reader.reload()?;
        if let Some(seq) = applied {
            self.applied.store(seq, Ordering::SeqCst);
        }
        Ok(())
    }

    async fn sync_now(&self, store: &Store) -> anyhow::Result<()> {
        let applied = self.applied.load(Ordering::SeqCst);
        let latest = store.max_change_seq().await?;
        if latest <= applied {
            return Ok(());
        }
        let mut ids = store.changed_since(applied - OVERLAP).await?;
        ids.sort_unstable();
        ids.dedup();
        let entries = index_entries(store, &ids).await?;
        self.apply(ids, entries, Some(latest)).await
    }

    async fn rebuild_now(&self, store: &Store) -> anyhow::Result<usize> {
        let latest = store.max_change_seq().await?;
        let ids = store.published_ids().await?;
        {
            let writer = self.writer.clone();
            tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
                writer.lock().map_err(|_| anyhow::anyhow!("search writer poisoned"))?.delete_all_documents()?;
                Ok(())
            })
            .await??;
        }
        let mut count = 0;
        for chunk in ids.chunks(500) {
            let entries = index_entries(store, chunk).await?;
            count += entries.len();
            let writer = self.writer.clone();
            let fields = self.fields.clone();
            let tokenizers = self.index.tokenizers().clone();
            tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
                let w = writer.lock().map_err(|_| anyhow::anyhow!("search writer poisoned"))?;
                for e in &entries {
                    w.add_document(fields.document(e, &tokenizers))?;
                }
                Ok(())
            })
            .await??;
        }
        self.apply(Vec::new(), Vec::new(), Some(latest)).await?;
        self.optimise().await?;
        Ok(count)
    }
}

/// The index entries of the published, readable-by-someone versions among `ids`.
async fn index_entries(store: &Store, ids: &[i64]) -> anyhow::Result<Vec<IndexEntry>> {
    Ok(store
        .published_with_revisions(ids)
        .await?
        .into_iter()
        .map(|(d, r)| IndexEntry {
            doc_id: d.id,
            slug: d.slug,
            language: d.language,
            kind: d.kind,
            visibility: d.visibility,
            title: d.title,
            summary: d.summary,
            date: d.date,
            countries: r.meta.countries,
            areas: r.meta.areas,
            sections: r.sections,
        })
        .collect())
}

/// Takes the index's writer lock. A process that just finished with the index (a `reindex`
/// that returned, a test that dropped its portal) may still be releasing it, so a busy lock is
/// retried for two seconds before it is reported as another running portal.
async fn open_writer(index: &Index, dir: &Path) -> anyhow::Result<IndexWriter> {
    let mut attempts = 0;
    loop {
        match index.writer(WRITER_HEAP) {
            Ok(w) => return Ok(w),
            Err(tantivy::TantivyError::LockFailure(..)) if attempts < 40 => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(tantivy::TantivyError::LockFailure(..)) => {
                anyhow::bail!(
                    "the search index in {} is in use by another running portal; stop it first",
                    dir.display()
                )
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Opens an index if it is there, of this schema, and readable.
fn open_existing(dir: &PathBuf, schema: &tantivy::schema::Schema) -> Result<Index, String> {
    if !dir.join("meta.json").exists() {
        return Err("no index yet".into());
    }
    let index = Index::open_in_dir(dir).map_err(|e| e.to_string())?;
    if index.schema() != *schema {
        return Err("schema differs".into());
    }
    analysis::register(index.tokenizers());
    let reader: IndexReader = index.reader().map_err(|e| e.to_string())?;
    reader.searcher().search(&AllQuery, &Count).map_err(|e| e.to_string())?;
    Ok(index)
}

/// The one writer: applies changes when told, and every [`POLL`] in case another process
/// changed the database. Ends when the index is dropped.
async fn writer_loop(index: std::sync::Weak<SearchIndex>, store: Store, mut jobs: mpsc::UnboundedReceiver<Job>) {
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + POLL, POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let job = tokio::select! {
            job = jobs.recv() => match job { Some(j) => j, None => break },
            _ = tick.tick() => Job::Sync(None),
        };
        let Some(index) = index.upgrade() else { break };
        // The strong reference is dropped before replying, so whoever waits for the reply can
        // drop the index and release its lock at once.
        match job {
            Job::Sync(reply) => {
                let result = index.sync_now(&store).await.map_err(|e| format!("{e:#}"));
                drop(index);
                if let Err(e) = &result {
                    tracing::error!("search index update failed: {e}");
                }
                if let Some(reply) = reply {
                    let _ = reply.send(result);
                }
            }
            Job::Rebuild(reply) => {
                let result = index.rebuild_now(&store).await.map_err(|e| format!("{e:#}"));
                drop(index);
                let _ = reply.send(result);
            }
        }
    }
}
