//! Search benchmark: the portal's tantivy search against PostgreSQL full-text search and SQLite
//! FTS5, on the same generated corpus and query set, in one run.
//!
//! ```text
//! cargo bench -p server --bench search -- [--docs 10000] [--queries 400] [--pg-url URL] [--write BENCHMARKS.md]
//! ```
//!
//! The corpus is multilingual (English, Russian, Kyrgyz, Korean in equal parts): the real
//! vocabulary of the shipped content, ranked by frequency, followed by a long tail of
//! pseudo-words built from each language's own syllables, drawn with a Zipf distribution, in
//! documents of 200–1,000 words with a title and headed sections. Queries are one to three
//! mid-frequency words, one in ten with a typo and one in ten as a quoted phrase.
//!
//! What each engine does per query:
//! - portal (tantivy): the full search of the search page: every word in every language's
//!   fields, typo expansion, grouping by translation set, facet counts, top-10 snippets;
//! - PostgreSQL: `websearch_to_tsquery` in the english, russian and simple configurations
//!   (there are none for Kyrgyz or Korean), GIN index, `ts_rank_cd`, top 10 plus the count;
//! - SQLite FTS5: unicode61 tokenizer, `bm25()` ranking, top 10 plus the count.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::model::{Kind, Lang, SearchQuery, Viewer, Visibility};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Zipf};
use server::document::TextSection;
use server::search::SearchIndex;
use server::search::schema::IndexEntry;
use sqlx::{Connection, Executor, Row};

struct Options {
    docs: usize,
    queries: usize,
    pg_url: String,
    write: Option<String>,
    /// Only the portal's own search (for profiling).
    only_portal: bool,
}

fn options() -> Options {
    let mut o = Options {
        docs: 10_000,
        queries: 400,
        pg_url: std::env::var("BENCH_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        write: None,
        only_portal: false,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--docs" => o.docs = value.parse().expect("--docs N"),
            "--queries" => o.queries = value.parse().expect("--queries N"),
            "--pg-url" => o.pg_url = value,
            "--write" => o.write = Some(value),
            "--only-portal" => {
                o.only_portal = true;
                i += 1;
                continue;
            }
            // cargo bench passes --bench; anything else unknown is ignored.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

// ---------------------------------------------------------------- corpus

/// Words of one language, most frequent first.
struct Vocabulary {
    words: Vec<String>,
    zipf: Zipf<f64>,
}

impl Vocabulary {
    fn word<'a>(&'a self, rng: &mut StdRng) -> &'a str {
        let rank = self.zipf.sample(rng) as usize;
        &self.words[(rank - 1).min(self.words.len() - 1)]
    }
}

const SYLLABLES_EN: &[&str] = &[
    "ka", "ro", "mi", "den", "tal", "ver", "sun", "lo", "pre", "tion", "ing", "ment", "co", "ra", "ly", "ser", "vi",
    "ces",
];
const SYLLABLES_CYR: &[&str] = &[
    "ка", "ро", "ми", "ден", "тал", "вер", "ст", "ло", "пре", "ция", "ние", "мен", "ко", "ра", "лы", "сер", "ви", "ба",
    "ор", "лук",
];
const SYLLABLES_KO: &[&str] = &[
    "가", "나", "다", "센", "터", "지", "원", "상", "담", "의", "료", "경", "찰", "보", "호", "아", "동", "피", "해",
    "자", "기", "관",
];

fn vocabulary(lang: Lang, content_words: &HashMap<Lang, Vec<(String, usize)>>, rng: &mut StdRng) -> Vocabulary {
    let mut words: Vec<String> =
        content_words.get(&lang).map(|v| v.iter().map(|(w, _)| w.clone()).collect()).unwrap_or_default();
    let syllables = match lang {
        Lang::En => SYLLABLES_EN,
        Lang::Ru | Lang::Ky => SYLLABLES_CYR,
        Lang::Ko => SYLLABLES_KO,
    };
    // The long tail: 30,000 pseudo-words of two to four syllables.
    for _ in 0..30_000 {
        let n = rng.random_range(2..=4);
        words.push((0..n).map(|_| syllables[rng.random_range(0..syllables.len())]).collect());
    }
    let zipf = Zipf::new(words.len() as f64, 1.05).expect("zipf");
    Vocabulary { words, zipf }
}

/// Word frequencies per language in the shipped content and fixtures.
fn content_words() -> HashMap<Lang, Vec<(String, usize)>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut counts: HashMap<Lang, HashMap<String, usize>> = HashMap::new();
    for dir in [root.join("content"), root.join("tests/fixtures/extra")] {
        for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !name.ends_with(".md") || name == "README.md" {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let lang = ["ru", "ky", "ko"]
                .into_iter()
                .find(|l| name.ends_with(&format!(".{l}.md")) || text.contains(&format!("\nlanguage: {l}\n")))
                .and_then(Lang::from_code)
                .unwrap_or(Lang::En);
            let body = text.splitn(3, "---").nth(2).unwrap_or("");
            for w in body.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 2) {
                *counts.entry(lang).or_default().entry(w.to_string()).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .map(|(l, m)| {
            let mut v: Vec<(String, usize)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            (l, v)
        })
        .collect()
}

fn sentence(v: &Vocabulary, rng: &mut StdRng, words: usize) -> String {
    (0..words).map(|_| v.word(rng)).collect::<Vec<_>>().join(" ")
}

fn corpus(n: usize, vocab: &HashMap<Lang, Vocabulary>, rng: &mut StdRng) -> Vec<IndexEntry> {
    let kinds = [Kind::CaseStudy, Kind::Lesson, Kind::Webinar, Kind::Workplan, Kind::Resource];
    (0..n)
        .map(|i| {
            let lang = Lang::ALL[i % 4];
            let v = &vocab[&lang];
            let total_words = rng.random_range(200..=1000);
            let sections = rng.random_range(3..=8);
            let per = total_words / sections;
            let sections = (0..sections)
                .map(|s| {
                    let n = rng.random_range(2..=6);
                    let heading = sentence(v, rng, n);
                    TextSection { anchor: Some(format!("s{s}")), heading, text: sentence(v, rng, per) }
                })
                .collect();
            let title_words = rng.random_range(4..=9);
            IndexEntry {
                doc_id: i as i64 + 1,
                // Every four consecutive documents are one translation set.
                slug: format!("doc-{}", i / 4),
                language: lang,
                kind: kinds[(i / 4) % kinds.len()],
                visibility: Visibility::Public,
                title: sentence(v, rng, title_words),
                summary: sentence(v, rng, 25),
                date: Some(format!("{}-0{}-15", 2017 + (i % 8), 1 + i % 9)),
                countries: vec![if i % 3 == 0 { "KR".into() } else { "KG".into() }],
                areas: vec![format!("area-{}", i % 7)],
                sections,
            }
        })
        .collect()
}

/// One to three mid-frequency words; some misspelt, some quoted.
fn queries(n: usize, vocab: &HashMap<Lang, Vocabulary>, rng: &mut StdRng) -> Vec<(Lang, String)> {
    (0..n)
        .map(|i| {
            let lang = Lang::ALL[i % 4];
            let v = &vocab[&lang];
            let count = rng.random_range(1..=3);
            let mut words: Vec<String> = (0..count)
                .map(|_| {
                    let rank = rng.random_range(15..v.words.len().min(3000));
                    v.words[rank].clone()
                })
                .collect();
            let roll = rng.random_range(0..10);
            if roll == 0 {
                // A typo: swap two letters of the longest word.
                if let Some(w) = words.iter_mut().max_by_key(|w| w.chars().count()) {
                    let mut c: Vec<char> = w.chars().collect();
                    if c.len() >= 5 {
                        c.swap(1, 2);
                        *w = c.into_iter().collect();
                    }
                }
            }
            let q = if roll == 1 && words.len() > 1 { format!("\"{}\"", words.join(" ")) } else { words.join(" ") };
            (lang, q)
        })
        .collect()
}

// ---------------------------------------------------------------- measuring

struct Measured {
    engine: &'static str,
    build: Duration,
    p50: Duration,
    p99: Duration,
    qps_sequential: f64,
    qps_parallel: f64,
    mean_hits: f64,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn summarise(engine: &'static str, build: Duration, mut lat: Vec<Duration>, parallel: f64, hits: usize) -> Measured {
    let total: Duration = lat.iter().sum();
    let n = lat.len();
    lat.sort();
    Measured {
        engine,
        build,
        p50: percentile(&lat, 0.5),
        p99: percentile(&lat, 0.99),
        qps_sequential: n as f64 / total.as_secs_f64(),
        qps_parallel: parallel,
        mean_hits: hits as f64 / n as f64,
    }
}

const PARALLEL: usize = 2;

/// Runs the query set against an async engine: a warm-up of 50 queries, then one query at a time
/// for latency (and the summed match counts), then `PARALLEL` concurrent clients for throughput.
async fn measure_async<F, Fut>(qs: &[(Lang, String)], run: F) -> (Vec<Duration>, usize, f64)
where
    F: Fn(Lang, String) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = usize> + Send,
{
    for (lang, q) in qs.iter().take(50) {
        run(*lang, q.clone()).await;
    }
    let mut lat = Vec::new();
    let mut hits = 0;
    for (lang, q) in qs {
        let t = Instant::now();
        hits += run(*lang, q.clone()).await;
        lat.push(t.elapsed());
    }
    let start = Instant::now();
    let mut tasks = Vec::new();
    for part in 0..PARALLEL {
        let mine: Vec<(Lang, String)> = qs.iter().skip(part).step_by(PARALLEL).cloned().collect();
        let run = run.clone();
        tasks.push(tokio::spawn(async move {
            for (lang, q) in mine {
                run(lang, q).await;
            }
        }));
    }
    for t in tasks {
        t.await.expect("a benchmark client panicked");
    }
    (lat, hits, qs.len() as f64 / start.elapsed().as_secs_f64())
}

async fn bench_tantivy(
    entries: &[IndexEntry],
    qs: &[(Lang, String)],
    data: &std::path::Path,
) -> (Measured, Arc<SearchIndex>, server::db::Store) {
    let store =
        server::db::Store::connect(&format!("sqlite://{}?mode=rwc", data.join("bench.db").display())).await.unwrap();
    let index = SearchIndex::open(data, store.clone()).await.unwrap();
    let start = Instant::now();
    for chunk in entries.chunks(5_000) {
        index.add_entries(chunk.to_vec()).await.unwrap();
    }
    index.optimise().await.unwrap();
    let build = start.elapsed();
    let viewer = Viewer::anonymous();
    let search = |(lang, q): &(Lang, String)| {
        index.search(&viewer, *lang, &SearchQuery { q: q.clone(), ..Default::default() }).unwrap().total as usize
    };
    for q in qs.iter().take(50) {
        search(q); // warm-up
    }
    let mut lat = Vec::new();
    let mut hits = 0;
    for q in qs {
        let t = Instant::now();
        hits += search(q);
        lat.push(t.elapsed());
    }
    let start = Instant::now();
    std::thread::scope(|s| {
        for part in 0..PARALLEL {
            let index = index.clone();
            s.spawn(move || {
                let viewer = Viewer::anonymous();
                for (lang, q) in qs.iter().skip(part).step_by(PARALLEL) {
                    index.search(&viewer, *lang, &SearchQuery { q: q.clone(), ..Default::default() }).unwrap();
                }
            });
        }
    });
    let parallel = qs.len() as f64 / start.elapsed().as_secs_f64();
    (summarise("portal search (tantivy)", build, lat, parallel, hits), index, store)
}

async fn bench_http(
    index: Arc<SearchIndex>,
    store: server::db::Store,
    data: &std::path::Path,
    qs: &[(Lang, String)],
) -> Measured {
    let state = server::state::AppState {
        store,
        blobs: server::blobs::BlobStore::new(data),
        assets: Arc::new(server::assets::Assets::load(data, "https://www.wikipedia.org/")),
        search: index,
        passwords: server::auth::password::Passwords::new(1),
        settings: Arc::new(server::state::Settings::default()),
        pages: Arc::new(server::page_cache::PageCache::new()),
        mail: Arc::new(server::mail::Mail::off("http://127.0.0.1:3000")),
    };
    let app = server::routes::router(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client: hyper_util::client::legacy::Client<_, http_body_util::Empty<bytes::Bytes>> =
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http();
    let get = move |lang: Lang, q: String| {
        let client = client.clone();
        let url: hyper::Uri =
            format!("http://{addr}/api/v1/search?lang={lang}&q={}", app::model::encode_component(&q)).parse().unwrap();
        async move {
            let res = client.get(url).await.unwrap();
            assert!(res.status().is_success());
            let body = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
            assert!(!body.is_empty());
            0 // match counts are the in-process engine's column
        }
    };
    let (lat, _, parallel) = measure_async(qs, get).await;
    summarise("portal search over HTTP", Duration::ZERO, lat, parallel, 0)
}

fn pg_config(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "english",
        Lang::Ru => "russian",
        // PostgreSQL has no Kyrgyz or Korean configuration.
        Lang::Ky | Lang::Ko => "simple",
    }
}

fn body_text(e: &IndexEntry) -> String {
    let mut b = e.summary.clone();
    for s in &e.sections {
        b.push('\n');
        b.push_str(&s.heading);
        b.push('\n');
        b.push_str(&s.text);
    }
    b
}

async fn bench_postgres(url: &str, entries: &[IndexEntry], qs: &[(Lang, String)]) -> anyhow::Result<Measured> {
    let mut admin = sqlx::PgConnection::connect(url).await?;
    admin.execute("DROP DATABASE IF EXISTS portal_search_bench WITH (FORCE)").await?;
    admin.execute("CREATE DATABASE portal_search_bench").await?;
    let bench_url = match url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/portal_search_bench"),
        None => anyhow::bail!("the PostgreSQL URL needs a database name"),
    };
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(PARALLEL as u32).connect(&bench_url).await?;
    let pool_handle = pool.clone();
    pool.execute("CREATE TABLE docs (id BIGINT PRIMARY KEY, lang TEXT, title TEXT, body TEXT, tsv TSVECTOR)").await?;
    let start = Instant::now();
    for chunk in entries.chunks(500) {
        let mut qb = sqlx::QueryBuilder::<sqlx::Postgres>::new("INSERT INTO docs (id, lang, title, body, tsv) ");
        qb.push_values(chunk, |mut b, e| {
            let cfg = pg_config(e.language);
            b.push_bind(e.doc_id)
                .push_bind(e.language.code())
                .push_bind(e.title.clone())
                .push_bind(body_text(e))
                .push(format!("setweight(to_tsvector('{cfg}', "))
                .push_bind_unseparated(e.title.clone())
                .push_unseparated(format!("), 'A') || setweight(to_tsvector('{cfg}', "))
                .push_bind_unseparated(body_text(e))
                .push_unseparated("), 'D')");
        });
        qb.build().execute(&pool).await?;
    }
    pool.execute("CREATE INDEX docs_tsv ON docs USING GIN (tsv)").await?;
    pool.execute("ANALYZE docs").await?;
    let build = start.elapsed();
    // The query's language is unknown: ask in every configuration at once, as the portal does.
    const SQL: &str = "SELECT id, ts_rank_cd(tsv, q) AS r, count(*) OVER () AS total FROM docs, \
        (SELECT websearch_to_tsquery('english', $1) || websearch_to_tsquery('russian', $1) \
        || websearch_to_tsquery('simple', $1) AS q) AS query WHERE tsv @@ q ORDER BY r DESC LIMIT 10";
    let run = move |_: Lang, q: String| {
        let pool = pool.clone();
        async move {
            let rows = sqlx::query(SQL).bind(q).fetch_all(&pool).await.unwrap();
            rows.first().map(|r| r.get::<i64, _>("total") as usize).unwrap_or(0)
        }
    };
    let (lat, hits, parallel) = measure_async(qs, run).await;
    pool_handle.close().await;
    if let Err(e) = admin.execute("DROP DATABASE IF EXISTS portal_search_bench WITH (FORCE)").await {
        eprintln!("could not drop the benchmark database: {e}");
    }
    Ok(summarise("PostgreSQL FTS (GIN, ts_rank_cd)", build, lat, parallel, hits))
}

/// FTS5 reads quotes and operators in MATCH; each word is quoted so any input is valid.
fn fts5_query(q: &str) -> String {
    let phrase = q.starts_with('"');
    let words: Vec<String> =
        q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"")).collect();
    if phrase {
        format!("\"{}\"", words.iter().map(|w| w.trim_matches('"')).collect::<Vec<_>>().join(" "))
    } else {
        words.join(" ")
    }
}

async fn bench_sqlite(
    data: &std::path::Path,
    entries: &[IndexEntry],
    qs: &[(Lang, String)],
) -> anyhow::Result<Measured> {
    let url = format!("sqlite://{}?mode=rwc", data.join("fts5.db").display());
    let pool = sqlx::sqlite::SqlitePoolOptions::new().max_connections(PARALLEL as u32).connect(&url).await?;
    pool.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')")
        .await?;
    let start = Instant::now();
    let mut tx = pool.begin().await?;
    for e in entries {
        sqlx::query("INSERT INTO docs (rowid, title, body) VALUES ($1, $2, $3)")
            .bind(e.doc_id)
            .bind(e.title.clone())
            .bind(body_text(e))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    pool.execute("INSERT INTO docs(docs) VALUES('optimize')").await?;
    let build = start.elapsed();
    let run = move |_: Lang, q: String| {
        let pool = pool.clone();
        async move {
            let m = fts5_query(&q);
            if m.is_empty() {
                return 0;
            }
            let top = sqlx::query(
                "SELECT rowid, bm25(docs, 3.0, 1.0) AS r FROM docs WHERE docs MATCH $1 ORDER BY r LIMIT 10",
            )
            .bind(m.clone())
            .fetch_all(&pool)
            .await
            .unwrap();
            let total: i64 = sqlx::query("SELECT count(*) FROM docs WHERE docs MATCH $1")
                .bind(m)
                .fetch_one(&pool)
                .await
                .unwrap()
                .get(0);
            let _ = top;
            total as usize
        }
    };
    let (lat, hits, parallel) = measure_async(qs, run).await;
    Ok(summarise("SQLite FTS5 (bm25)", build, lat, parallel, hits))
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<u64>().unwrap_or(0)))
        .map(|kb| format!("{:.0} GiB", kb as f64 / 1024.0 / 1024.0))
        .unwrap_or_default();
    format!("{cpu}, {cores} cores, {mem} RAM")
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let o = options();
    let mut rng = StdRng::seed_from_u64(20190129);
    eprintln!("generating {} documents and {} queries…", o.docs, o.queries);
    let words = content_words();
    let vocab: HashMap<Lang, Vocabulary> =
        Lang::ALL.into_iter().map(|l| (l, vocabulary(l, &words, &mut rng))).collect();
    let entries = corpus(o.docs, &vocab, &mut rng);
    let qs = queries(o.queries, &vocab, &mut rng);
    let words_total: usize =
        entries.iter().map(|e| e.sections.iter().map(|s| s.text.split(' ').count()).sum::<usize>()).sum();
    let tmp = tempfile::TempDir::new()?;

    eprintln!("tantivy…");
    let (tantivy, index, store) = bench_tantivy(&entries, &qs, tmp.path()).await;
    if o.only_portal {
        println!(
            "portal: p50 {} ms, p99 {} ms, {:.0} queries/s (2 threads)",
            ms(tantivy.p50),
            ms(tantivy.p99),
            tantivy.qps_parallel
        );
        return Ok(());
    }
    eprintln!("  p50 {} ms, p99 {} ms, {:.0} q/s", ms(tantivy.p50), ms(tantivy.p99), tantivy.qps_parallel);
    eprintln!("HTTP…");
    let http = bench_http(index, store, tmp.path(), &qs).await;
    eprintln!("  p50 {} ms, p99 {} ms, {:.0} q/s", ms(http.p50), ms(http.p99), http.qps_parallel);
    eprintln!("SQLite FTS5…");
    let sqlite = bench_sqlite(tmp.path(), &entries, &qs).await?;
    eprintln!("  p50 {} ms, p99 {} ms, {:.0} q/s", ms(sqlite.p50), ms(sqlite.p99), sqlite.qps_parallel);
    eprintln!("PostgreSQL…");
    let pg = bench_postgres(&o.pg_url, &entries, &qs).await?;

    let mut out = String::new();
    out.push_str(&format!(
        "Corpus: {} documents ({} words, en/ru/ky/ko in equal parts, 4 language versions per translation set), \
         {} queries. Machine: {}.\n\n",
        o.docs,
        words_total,
        o.queries,
        machine()
    ));
    out.push_str("| engine | index build (s) | p50 (ms) | p99 (ms) | queries/s, 1 client | queries/s, 2 clients | mean matches |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    for m in [&tantivy, &http, &pg, &sqlite] {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {:.0} | {:.0} | {} |\n",
            m.engine,
            if m.build.is_zero() { "—".into() } else { format!("{:.1}", m.build.as_secs_f64()) },
            ms(m.p50),
            ms(m.p99),
            m.qps_sequential,
            m.qps_parallel,
            if m.mean_hits == 0.0 { "—".into() } else { format!("{:.0}", m.mean_hits) },
        ));
    }
    out.push_str(&format!(
        "\nRatios (portal ÷ PostgreSQL): throughput ×{:.1} with 1 client, ×{:.1} with 2; p99 ÷{:.1}. \
         Portal ÷ SQLite FTS5: throughput ×{:.1} (2 clients). HTTP p99 {} ms.\n",
        tantivy.qps_sequential / pg.qps_sequential,
        tantivy.qps_parallel / pg.qps_parallel,
        pg.p99.as_secs_f64() / tantivy.p99.as_secs_f64(),
        tantivy.qps_parallel / sqlite.qps_parallel,
        ms(http.p99),
    ));
    println!("{out}");
    if let Some(path) = o.write {
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        let heading = format!("### {} documents", o.docs);
        let section = format!(
            "{heading}\n\nCommand: `cargo bench -p server --bench search -- --docs {} --queries {}`\n\n{out}\n",
            o.docs, o.queries
        );
        // Replace this corpus size's section, keep the others.
        let updated = match existing.find(&heading) {
            Some(start) => {
                let end = existing[start + heading.len()..]
                    .find("\n### ")
                    .map(|e| start + heading.len() + e + 1)
                    .unwrap_or(existing.len());
                format!("{}{}{}", &existing[..start], section, &existing[end..])
            }
            None => format!("{existing}\n{section}"),
        };
        std::fs::write(&path, updated)?;
        eprintln!("written to {path}");
    }
    Ok(())
}
