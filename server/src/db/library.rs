//! The published library held in memory: every published version with its facets, grouped
//! into translation sets, so list pages (sections, areas, tags, the home page, the exchange
//! map) never load every readable row per request.
//!
//! It follows the `changes` log, like the search index: a use compares one cheap mark of the
//! log (its newest entry, and how many entries lie in a window below it) with the mark the
//! library was built at, and builds a new library when they differ. The comparison is made at
//! most every 200 ms, and at once after this store committed a change. The window counts entries
//! that became visible late (on PostgreSQL a sequence number can commit after a later one), so
//! a change made on another node is seen within 200 ms of its commit. Permissions are
//! not decided here: the library holds every published version, and the catalog filters by
//! what its viewer may read.
//!
//! Results derived from one library (a section's order for one class of viewer, the exchange
//! map's counts) are memoised on it with [`Library::memo`] and go away with it.

use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use sqlx::Row;

use super::documents::{DOCUMENT_COLUMNS, document_from_row};
use super::{DocumentRow, Facets, Store, TagLabel};

/// How far below the newest change the mark counts entries (the search index's overlap).
const WINDOW: i64 = 64;
/// How long a library is used without looking at the log again. Changes made through this
/// store are seen at once; changes made by another process or node within this.
const RECHECK: Duration = Duration::from_millis(200);

/// Where the `changes` log stood when a library was built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ChangeMark {
    newest: i64,
    in_window: i64,
}

/// One published version and its facets.
#[derive(Debug)]
pub struct PublishedVersion {
    /// The version's row, its summary left empty (lists read the summaries they show).
    pub row: DocumentRow,
    pub facets: Facets,
}

/// Every published version of one slug.
#[derive(Debug)]
pub struct PublishedSet {
    pub slug: String,
    pub versions: Vec<PublishedVersion>,
}

type Memo = Arc<tokio::sync::OnceCell<Arc<dyn Any + Send + Sync>>>;

/// Every published document, as of one mark of the `changes` log.
pub struct Library {
    mark: ChangeMark,
    /// Translation sets, newest first (by their newest version), then by title. Shared with
    /// the next library, which replaces only the sets that changed.
    pub sets: Vec<Arc<PublishedSet>>,
    by_slug: HashMap<String, usize>,
    pub tag_labels: Vec<TagLabel>,
    /// Bits of the country and area values (the first 63 of each; later ones share
    /// [`Library::OTHER`]), and each version's bits, stored flat: a list filtered by country or
    /// area checks these small arrays instead of every version's facets.
    country_bits: HashMap<String, u64>,
    area_bits: HashMap<String, u64>,
    first_version: Vec<u32>,
    masks: Vec<(u64, u64)>,
    /// Summaries of cards shown lately (the library holds none), by document id.
    summaries: moka::sync::Cache<i64, Arc<str>>,
    memo: Mutex<HashMap<String, Memo>>,
}

impl Library {
    /// Where the `changes` log stood when this library was made: the newest entry, and how
    /// many lay in the window below it. Two libraries with the same mark hold the same.
    pub fn mark(&self) -> (i64, i64) {
        (self.mark.newest, self.mark.in_window)
    }

    /// The set of `slug`, with every published version (readable or not).
    pub fn set(&self, slug: &str) -> Option<&PublishedSet> {
        self.by_slug.get(slug).map(|i| self.sets[*i].as_ref())
    }

    /// The bit shared by values beyond the first 63 (their versions are checked one by one).
    pub const OTHER: u64 = 1 << 63;

    /// The bit of a country value; `None` when no published version carries it.
    pub fn country_bit(&self, value: &str) -> Option<u64> {
        self.country_bits.get(value).copied()
    }

    /// The bit of an area value; `None` when no published version carries it.
    pub fn area_bit(&self, value: &str) -> Option<u64> {
        self.area_bits.get(value).copied()
    }

    /// The country and area bits of version `version` of set `set`.
    pub fn masks(&self, set: usize, version: usize) -> (u64, u64) {
        self.masks[self.first_version[set] as usize + version]
    }

    /// The summaries of `ids` read lately, and the ids still to read.
    pub fn recent_summaries(&self, ids: &[i64]) -> (HashMap<i64, Arc<str>>, Vec<i64>) {
        let mut found = HashMap::new();
        let mut missing = Vec::new();
        for id in ids {
            match self.summaries.get(id) {
                Some(s) => {
                    found.insert(*id, s);
                }
                None => missing.push(*id),
            }
        }
        (found, missing)
    }

    /// Keeps summaries just read for the next cards (at most [`SUMMARIES_KEPT`]).
    pub fn keep_summaries(&self, read: &HashMap<i64, Arc<str>>) {
        for (id, s) in read {
            self.summaries.insert(*id, s.clone());
        }
    }

    /// Where the set of `slug` stands in [`Library::sets`].
    pub fn position(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// `make`'s result for `key`, computed once per library. Concurrent callers with the same
    /// key wait for one computation; a failed one is tried again by the next caller.
    ///
    /// The key must name everything the result depends on besides the library (language,
    /// the viewer's visibilities, the day).
    ///
    /// # Errors
    /// What `make` returns.
    pub async fn memo<T, E, F, Fut>(&self, key: String, make: F) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let cell = self.memo.lock().unwrap_or_else(|e| e.into_inner()).entry(key).or_default().clone();
        let value =
            cell.get_or_try_init(|| async move { make().await.map(|v| Arc::new(v) as Arc<dyn Any + Send + Sync>) });
        let value = value.await?.clone();
        Ok(value.downcast::<T>().unwrap_or_else(|_| panic!("memo key used for two types")))
    }
}

/// The current library of one store.
#[derive(Default)]
pub(super) struct LibraryCell {
    /// The library, and when the log was last compared with its mark.
    current: Mutex<Option<(Arc<Library>, Instant)>>,
    /// Set after this store committed a change: the next use compares the mark at once.
    changed_here: AtomicBool,
    /// One build at a time: requests that find the library stale wait for the same build.
    building: tokio::sync::Mutex<()>,
    /// Where a large library is kept between starts, and when it was last written.
    snapshot: Mutex<Option<(PathBuf, Option<Instant>)>>,
    /// The mark of the library last written to the file; held while writing, so writes never
    /// overlap and an older library never replaces a newer one.
    written: Arc<Mutex<Option<ChangeMark>>>,
}

/// A library as kept on disk: derived data (like the search index), used at start only when
/// the `changes` log stands where it stood when the file was written.
#[derive(serde::Deserialize)]
struct Snapshot {
    newest: i64,
    in_window: i64,
    versions: Vec<(DocumentRow, Facets)>,
}

/// The same, written from a library without copying it.
#[derive(serde::Serialize)]
struct SnapshotRef<'a> {
    newest: i64,
    in_window: i64,
    versions: Vec<(&'a DocumentRow, &'a Facets)>,
}

/// Libraries smaller than this build faster than their file reads.
const SNAPSHOT_MIN_VERSIONS: usize = 5_000;
/// A snapshot is written at most this often (the newest library wins).
const SNAPSHOT_EVERY: Duration = Duration::from_secs(60);

impl Store {
    /// The published library as of now (built again when the `changes` log moved).
    ///
    /// # Errors
    /// Database errors.
    pub async fn library(&self) -> Result<Arc<Library>, sqlx::Error> {
        if let Some(lib) = self.current_library(false).await? {
            return Ok(lib);
        }
        let _building = self.library.building.lock().await;
        // Another request may have built it while this one waited. Compared with the log
        // whatever the time: the first look cleared `changed_here`, so a recent comparison
        // would otherwise pass a library this store has just changed.
        if let Some(lib) = self.current_library(true).await? {
            return Ok(lib);
        }
        let previous = self.library.current.lock().unwrap_or_else(|e| e.into_inner()).clone().map(|(lib, _)| lib);
        let lib = Arc::new(self.build_library(previous.as_deref()).await?);
        *self.library.current.lock().unwrap_or_else(|e| e.into_inner()) = Some((lib.clone(), Instant::now()));
        self.write_snapshot(lib.clone());
        Ok(lib)
    }

    /// The library if it is still current: recently compared and nothing changed here since
    /// (unless `compare` asks to look at the log anyway), or its mark still matches the log's.
    async fn current_library(&self, compare: bool) -> Result<Option<Arc<Library>>, sqlx::Error> {
        let current = self.library.current.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let Some((lib, checked)) = current else { return Ok(None) };
        if !compare && checked.elapsed() < RECHECK && !self.library.changed_here.load(Ordering::SeqCst) {
            return Ok(Some(lib));
        }
        // Cleared before reading the log, so a change committed meanwhile is looked for again.
        self.library.changed_here.store(false, Ordering::SeqCst);
        if self.change_mark(lib.mark.newest).await? != lib.mark {
            return Ok(None);
        }
        if let Some(entry) = self.library.current.lock().unwrap_or_else(|e| e.into_inner()).as_mut()
            && Arc::ptr_eq(&entry.0, &lib)
        {
            entry.1 = Instant::now();
        }
        Ok(Some(lib))
    }

    /// Keeps large libraries in `path` between starts (the portal's data dir), so a restart
    /// does not read every document again when nothing changed.
    pub fn keep_library_in(&self, path: PathBuf) {
        *self.library.snapshot.lock().unwrap_or_else(|e| e.into_inner()) = Some((path, None));
    }

    /// Says that this store committed a change to published documents.
    pub(super) fn library_changed(&self) {
        self.library.changed_here.store(true, Ordering::SeqCst);
    }

    /// The log's newest entry, and how many entries lie within [`WINDOW`] below `newest`.
    async fn change_mark(&self, newest: i64) -> Result<ChangeMark, sqlx::Error> {
        let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS newest, COUNT(*) AS n FROM changes WHERE seq > $1")
            .bind(newest - WINDOW)
            .fetch_one(self.pool())
            .await?;
        let found: i64 = row.try_get("newest")?;
        // Entries newer than the window's top make the mark differ however they are counted.
        Ok(ChangeMark { newest: found.max(newest), in_window: row.try_get("n")? })
    }

    /// A new library: from `previous` and the documents changed since its mark when there are
    /// few, else from every published document.
    async fn build_library(&self, previous: Option<&Library>) -> Result<Library, sqlx::Error> {
        // The mark is read first: a change committing during the load is seen as a change next time.
        let newest: i64 = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS seq FROM changes")
            .fetch_one(self.pool())
            .await?
            .try_get("seq")?;
        let mark = self.change_mark(newest).await?;
        let started = Instant::now();
        let mut how = "in full";
        let mut sets = None;
        if let Some(old) = previous {
            // The window below the old mark is read again: a change that became visible late.
            let changed = self.changed_since(old.mark.newest - WINDOW).await?;
            if changed.len() <= INCREMENTAL_LIMIT {
                sets = Some(self.updated_sets(old, &changed).await?);
                how = "from changes";
            }
        }
        if sets.is_none()
            && previous.is_none()
            && let Some(kept) = self.read_snapshot(mark).await
        {
            sets = Some(kept);
            how = "from its file";
        }
        let sets = match sets {
            Some(sets) => sets,
            None => self.load_sets("", Vec::new()).await?,
        };
        let lib = assemble(mark, sets, self.tag_labels().await?);
        let versions: usize = lib.sets.iter().map(|s| s.versions.len()).sum();
        tracing::info!(
            "library of published documents built {how}: {versions} versions in {} ms",
            started.elapsed().as_millis()
        );
        Ok(lib)
    }

    /// `old`'s sets with those of the changed documents' slugs read again (gone when nothing
    /// of theirs is published any more).
    async fn updated_sets(&self, old: &Library, changed: &[i64]) -> Result<Vec<Arc<PublishedSet>>, sqlx::Error> {
        if changed.is_empty() {
            return Ok(old.sets.clone());
        }
        let placeholders: Vec<String> = (1..=changed.len()).map(|i| format!("${i}")).collect();
        let sql = format!("SELECT DISTINCT slug FROM documents WHERE id IN ({})", placeholders.join(", "));
        let mut q = sqlx::query(&sql);
        for id in changed {
            q = q.bind(*id);
        }
        let slugs: Vec<String> =
            q.fetch_all(self.pool()).await?.iter().map(|r| r.try_get("slug")).collect::<Result<_, _>>()?;
        let placeholders: Vec<String> = (1..=slugs.len()).map(|i| format!("${i}")).collect();
        let fresh = self.load_sets(&format!(" AND slug IN ({})", placeholders.join(", ")), slugs.clone()).await?;
        let mut sets: Vec<Arc<PublishedSet>> =
            old.sets.iter().filter(|s| !slugs.contains(&s.slug)).cloned().chain(fresh).collect();
        sets.sort_by(|a, b| set_order(a, b));
        Ok(sets)
    }

    /// Published versions (those matching `filter`, an `AND ...` clause over `binds`) with
    /// their facets, grouped into sets in list order.
    async fn load_sets(&self, filter: &str, binds: Vec<String>) -> Result<Vec<Arc<PublishedSet>>, sqlx::Error> {
        // One row per document, its facets folded into one text (`facet:value` lines), and
        // streamed: the library is the only copy held, never a second one in rows.
        // Without summaries: cards read the few they show (see `Store::summaries`).
        let columns = DOCUMENT_COLUMNS.replace("summary", "'' AS summary");
        let sql = format!(
            "SELECT {columns}, (SELECT string_agg(f.facet || ':' || f.value, '\n' ORDER BY f.facet, f.position) \
             FROM document_facets f WHERE f.document_id = documents.id) AS facets \
             FROM documents WHERE status = 'published'{filter}"
        );
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(b);
        }
        let mut versions = Vec::new();
        let mut rows = q.fetch(self.pool());
        while let Some(row) = rows.try_next().await? {
            let folded: Option<String> = row.try_get("facets")?;
            let row = document_from_row(&row)?;
            versions.push(PublishedVersion { facets: unfold_facets(folded.as_deref().unwrap_or("")), row });
        }
        versions.sort_by(|a, b| version_order(&a.row, &b.row));
        let mut sets = into_sets(versions);
        sets.sort_by(|a, b| set_order(a, b));
        Ok(sets)
    }
}

impl Store {
    fn snapshot_path(&self) -> Option<PathBuf> {
        self.library.snapshot.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(|(p, _)| p.clone())
    }

    /// The sets kept on disk, when the file was written at `mark`.
    async fn read_snapshot(&self, mark: ChangeMark) -> Option<Vec<Arc<PublishedSet>>> {
        let path = self.snapshot_path()?;
        let read = tokio::task::spawn_blocking(move || -> Option<Snapshot> {
            // Read whole (a large buffer is given back to the system when dropped): parsing from
            // a slice is several times faster than from a reader.
            let bytes = std::fs::read(&path).ok()?;
            serde_json::from_slice(&bytes).ok()
        });
        let kept = read.await.ok()??;
        if (ChangeMark { newest: kept.newest, in_window: kept.in_window }) != mark {
            return None;
        }
        let versions = kept.versions.into_iter().map(|(row, mut facets)| {
            compact(&mut facets);
            PublishedVersion { row, facets }
        });
        // Written in list order already: kept as it is.
        Some(into_sets(versions))
    }

    /// Writes a large library to its file in the background, at most every minute.
    fn write_snapshot(&self, lib: Arc<Library>) {
        let versions: usize = lib.sets.iter().map(|s| s.versions.len()).sum();
        let path = {
            let mut guard = self.library.snapshot.lock().unwrap_or_else(|e| e.into_inner());
            let Some((path, written)) = guard.as_mut() else { return };
            if versions < SNAPSHOT_MIN_VERSIONS || written.is_some_and(|at| at.elapsed() < SNAPSHOT_EVERY) {
                return;
            }
            *written = Some(Instant::now());
            path.clone()
        };
        let written = self.library.written.clone();
        tokio::task::spawn_blocking(move || write_if_newer(&path, &lib, &written));
    }

    /// Writes the current library to its file now if the file holds an older one: at a
    /// graceful stop, so the next start reads the newest (the writes during the run are at most
    /// one a minute, and the last change before a stop is often within that minute).
    pub async fn keep_library_now(&self) {
        let Some(path) = self.snapshot_path() else { return };
        // As of now: the library in memory may predate the last changes (nobody asked since).
        let Ok(lib) = self.library().await else { return };
        if lib.sets.iter().map(|s| s.versions.len()).sum::<usize>() < SNAPSHOT_MIN_VERSIONS {
            return;
        }
        let written = self.library.written.clone();
        let _ = tokio::task::spawn_blocking(move || write_if_newer(&path, &lib, &written)).await;
    }
}

/// Writes `lib` to `path` unless a library at least as new was written already.
fn write_if_newer(path: &Path, lib: &Library, written: &Mutex<Option<ChangeMark>>) {
    let mut written = written.lock().unwrap_or_else(|e| e.into_inner());
    if written.is_some_and(|w| w.newest > lib.mark.newest || w == lib.mark) {
        return;
    }
    let snapshot = SnapshotRef {
        newest: lib.mark.newest,
        in_window: lib.mark.in_window,
        versions: lib.sets.iter().flat_map(|s| s.versions.iter().map(|v| (&v.row, &v.facets))).collect(),
    };
    match write_atomically(path, &snapshot) {
        Ok(()) => *written = Some(lib.mark),
        Err(e) => tracing::warn!(error = %e, "keeping the library in {} failed", path.display()),
    }
}

/// Writes beside `path` and renames, so a reader never sees half a file.
fn write_atomically(path: &Path, snapshot: &SnapshotRef<'_>) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
    serde_json::to_writer(&mut file, snapshot)?;
    file.flush()?;
    drop(file);
    std::fs::rename(&tmp, path)
}

/// Versions grouped by slug into sets, in the order each slug first appears (versions in the
/// order given).
fn into_sets(versions: impl IntoIterator<Item = PublishedVersion>) -> Vec<Arc<PublishedSet>> {
    let mut sets: Vec<PublishedSet> = Vec::new();
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    for version in versions {
        match by_slug.get(&version.row.slug) {
            Some(i) => sets[*i].versions.push(version),
            None => {
                by_slug.insert(version.row.slug.clone(), sets.len());
                sets.push(PublishedSet { slug: version.row.slug.clone(), versions: vec![version] });
            }
        }
    }
    sets.into_iter()
        .map(|mut s| {
            s.versions.shrink_to_fit();
            Arc::new(s)
        })
        .collect()
}

/// More changed documents than this: the library is read again in full.
const INCREMENTAL_LIMIT: usize = 2_000;

/// Versions newest first, then by title.
fn version_order(a: &DocumentRow, b: &DocumentRow) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title))
}

/// Sets by their first version (the newest), as [`version_order`]; then by slug, so the order
/// is total.
fn set_order(a: &PublishedSet, b: &PublishedSet) -> std::cmp::Ordering {
    version_order(&a.versions[0].row, &b.versions[0].row).then_with(|| a.slug.cmp(&b.slug))
}

/// A library from its sets: the slug index and the filter bits.
fn assemble(mark: ChangeMark, sets: Vec<Arc<PublishedSet>>, tag_labels: Vec<TagLabel>) -> Library {
    let by_slug = sets.iter().enumerate().map(|(i, s)| (s.slug.clone(), i)).collect();
    let (mut country_bits, mut area_bits) = (HashMap::new(), HashMap::new());
    let mut first_version = Vec::with_capacity(sets.len());
    let mut masks = Vec::new();
    for set in &sets {
        first_version.push(masks.len() as u32);
        for v in &set.versions {
            masks.push((bits(&mut country_bits, &v.facets.countries), bits(&mut area_bits, &v.facets.areas)));
        }
    }
    let summaries = moka::sync::Cache::new(SUMMARIES_KEPT);
    Library {
        mark,
        sets,
        by_slug,
        tag_labels,
        country_bits,
        area_bits,
        first_version,
        masks,
        summaries,
        memo: Mutex::default(),
    }
}

/// How many summaries a library keeps for its cards (a few hundred list pages' worth).
const SUMMARIES_KEPT: u64 = 10_000;

/// Facets from `facet:value` lines (values never hold a line break: they are one-line
/// front-matter list items).
fn unfold_facets(folded: &str) -> Facets {
    let mut f = Facets::default();
    for line in folded.lines() {
        let Some((facet, value)) = line.split_once(':') else { continue };
        let value = value.to_string();
        match facet {
            "country" => f.countries.push(value),
            "area" => f.areas.push(value),
            "tag" => f.tags.push(value),
            "author" => f.authors.push(value),
            _ => {}
        }
    }
    compact(&mut f);
    f
}

/// Gives back the room vectors grew into (a pushed vector holds four): a hundred thousand
/// versions would otherwise keep tens of megabytes of empty space.
fn compact(f: &mut Facets) {
    for values in [&mut f.countries, &mut f.areas, &mut f.tags, &mut f.authors] {
        values.shrink_to_fit();
    }
}

/// The mask of `values`, giving each new value the next free bit (after 63: [`Library::OTHER`]).
fn bits(known: &mut HashMap<String, u64>, values: &[String]) -> u64 {
    let mut mask = 0;
    for v in values {
        let next = known.len();
        mask |= *known.entry(v.clone()).or_insert(if next < 63 { 1 << next } else { Library::OTHER });
    }
    mask
}
