//! The read path's cache and conditional requests.
//!
//! Every `GET` answer that is text (pages, JSON, feeds, calendars, CSV) leaves through the
//! read-cache layer (`routes::read_cache`): it gets a strong `ETag` (a hash of its bytes), a `304 Not Modified` when the
//! browser already holds those bytes, and is compressed here (brotli or gzip, as the client
//! accepts), so the outer compression layer leaves it alone.
//!
//! Anonymous answers of the reading pages, the document API and the webinar calendar are also
//! kept, finished and compressed once, in [`PageCache`]. Safety rests on three rules:
//! - only a request with no session is answered from the cache or fills it, so what is kept
//!   was rendered for the public and is served only to someone who sees at least that much;
//! - an answer carrying the visitor's form token (a form) is never kept;
//! - every key holds the *generation*: the last entry of the database's `changes` log that the
//!   search index has applied. The index follows that log (at once after a local publish,
//!   within a second for a change made by another process or node), so when a document
//!   changes the generation moves on and every page kept before is never looked up again.
//!   A page rendered while a change commits is stored under the old generation, so it cannot
//!   outlive the change. Entries also expire after [`TIME_TO_LIVE`], because some pages depend
//!   on the clock (upcoming webinars, delayed activities).
//!
//! Signed-in readers share the cached body of a document page too: see [`Fragments`].

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use app::model::{Lang, Section};
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use sha2::{Digest, Sha256};

/// How long a kept answer may be served before it is rendered again, even with no change.
pub const TIME_TO_LIVE: Duration = Duration::from_secs(60);
/// The most bytes kept for finished answers (all three encodings of each count).
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;

/// Finished anonymous answers and shared document bodies, by generation.
pub struct PageCache {
    pub answers: moka::sync::Cache<AnswerKey, Arc<Answer>>,
    pub fragments: Fragments,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct AnswerKey {
    pub generation: i64,
    /// The path and query as asked.
    pub target: String,
    /// The language of API messages (from `Accept-Language`); pages carry theirs in the path.
    pub api_lang: Option<Lang>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::new()
    }
}

impl PageCache {
    pub fn new() -> PageCache {
        PageCache {
            answers: moka::sync::Cache::builder()
                .max_capacity(CAPACITY_BYTES)
                .weigher(|k: &AnswerKey, v: &Arc<Answer>| (k.target.len() + v.weight()).try_into().unwrap_or(u32::MAX))
                .time_to_live(TIME_TO_LIVE)
                .build(),
            fragments: Fragments::new(),
        }
    }

    /// How many finished answers are kept (for tests and metrics).
    pub fn len(&self) -> u64 {
        self.answers.run_pending_tasks();
        self.answers.entry_count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Rendered document bodies shared by signed-in readers of one class (what they may read),
/// keyed like answers by generation. The document handler adds only what is personal.
pub struct Fragments {
    cache: moka::sync::Cache<String, Arc<dyn std::any::Any + Send + Sync>>,
}

impl Fragments {
    fn new() -> Fragments {
        Fragments {
            cache: moka::sync::Cache::builder()
                .max_capacity(CAPACITY_BYTES / 2)
                .weigher(|k: &String, _v: &Arc<dyn std::any::Any + Send + Sync>| {
                    // Bodies are of the size of a page; a fair guess keeps the bound meaningful.
                    u32::try_from(k.len() + 32 * 1024).unwrap_or(u32::MAX)
                })
                .time_to_live(TIME_TO_LIVE)
                .build(),
        }
    }

    /// The value kept under `key` at `generation`, or the one `make` produces (then kept).
    ///
    /// # Errors
    /// Whatever `make` fails with (nothing is kept then).
    pub async fn get_or_make<T, E, F>(&self, generation: i64, key: String, make: F) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
        F: Future<Output = Result<T, E>>,
    {
        let key = format!("{generation}\u{0}{key}");
        if let Some(v) = self.cache.get(&key).and_then(|v| v.downcast::<T>().ok()) {
            return Ok(v);
        }
        let v = Arc::new(make.await?);
        self.cache.insert(key, v.clone());
        Ok(v)
    }
}

/// A finished answer: its bytes in each encoding, and the headers that describe them.
pub struct Answer {
    pub content_type: HeaderValue,
    pub content_language: Option<HeaderValue>,
    /// The handler's other headers (`Content-Disposition` of a calendar file...), given again
    /// with every answer; cookies, caching and length are not among them.
    pub headers: HeaderMap,
    pub body: Encoded,
}

impl Answer {
    fn weight(&self) -> usize {
        self.body.identity.len() + self.body.gzip.len() + self.body.brotli.len() + 256 + 64 * self.headers.len()
    }
}

/// One body with its hash and compressed twins.
pub struct Encoded {
    /// The hash of the identity bytes (the `ETag` without quotes or encoding suffix).
    pub hash: String,
    pub identity: Bytes,
    pub gzip: Bytes,
    pub brotli: Bytes,
}

/// How hard to compress: once for a kept answer, quickly for a personal one.
#[derive(Clone, Copy)]
pub enum Effort {
    Kept,
    Quick,
}

impl Encoded {
    pub fn new(identity: Bytes, wanted: Accepted, effort: Effort) -> Encoded {
        let hash = hex::encode(&Sha256::digest(&identity)[..16]);
        // A kept answer is compressed once, so as small as is sensible; a personal one on every
        // request, so fast (level 1 is within a few percent of level 6 on HTML).
        // A personal answer is sent once, in the one encoding `pick` will choose.
        let (gz_level, br_quality, wanted) = match effort {
            Effort::Kept => (9, 9, wanted),
            Effort::Quick => (1, 2, Accepted { gzip: wanted.gzip && !wanted.brotli, brotli: wanted.brotli }),
        };
        let gzip = if wanted.gzip { gzip(&identity, gz_level) } else { Bytes::new() };
        let brotli = if wanted.brotli { brotli(&identity, br_quality) } else { Bytes::new() };
        Encoded { hash, identity, gzip, brotli }
    }

    /// The best representation the client accepts: (bytes, `Content-Encoding`, `ETag`).
    pub fn pick(&self, accepted: Accepted) -> (Bytes, Option<&'static str>, String) {
        if accepted.brotli && !self.brotli.is_empty() {
            (self.brotli.clone(), Some("br"), format!("\"{}-br\"", self.hash))
        } else if accepted.gzip && !self.gzip.is_empty() {
            (self.gzip.clone(), Some("gzip"), format!("\"{}-gz\"", self.hash))
        } else {
            (self.identity.clone(), None, format!("\"{}\"", self.hash))
        }
    }
}

fn gzip(bytes: &[u8], level: u32) -> Bytes {
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::new(level));
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    Bytes::from(enc.finish().unwrap_or_default())
}

fn brotli(bytes: &[u8], quality: u32) -> Bytes {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, quality, 22);
        let _ = w.write_all(bytes);
    }
    Bytes::from(out)
}

/// The content codings a request accepts (`Accept-Encoding`, honouring `q=0`).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub gzip: bool,
    pub brotli: bool,
}

impl Accepted {
    pub fn of(headers: &HeaderMap) -> Accepted {
        let mut out = Accepted::default();
        for value in headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()) {
            for item in value.split(',') {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
                let refused = parts.any(|p| {
                    p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q <= 0.0)
                });
                match coding.as_str() {
                    "gzip" | "x-gzip" => out.gzip = !refused,
                    "br" => out.brotli = !refused,
                    "*" if !refused => {
                        out.gzip = true;
                        out.brotli = true;
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

/// Whether `If-None-Match` names this body (in any of its encodings: they are the same page).
pub fn not_modified(if_none_match: &[HeaderValue], hash: &str) -> bool {
    if_none_match.iter().filter_map(|v| v.to_str().ok()).any(|v| {
        v.split(',').any(|tag| {
            let tag = tag.trim();
            if tag == "*" {
                return true;
            }
            let tag = tag.strip_prefix("W/").unwrap_or(tag).trim_matches('"');
            let tag = tag.strip_suffix("-br").or_else(|| tag.strip_suffix("-gz")).unwrap_or(tag);
            tag == hash
        })
    })
}

/// Which answers may be kept for anonymous visitors: the reading pages, the document API and
/// the public webinar calendar. Search is not kept (queries are not remembered anywhere), nor anything
/// of accounts, editing or discussion.
pub fn keepable(path: &str) -> bool {
    // Discussion feeds are left out: posts are not in the `changes` log, and their key is personal.
    if path.starts_with("/api/v1/documents") || path == "/feeds/webinars.ics" {
        return true;
    }
    let Some(lang) = Lang::from_path(path) else {
        return false;
    };
    let rest = &path[1 + lang.code().len()..];
    let mut segments = rest.trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or("");
    match first {
        "" => rest == "/",
        "doc" | "areas" | "tags" | "map" => true,
        other => Section::from_path(other).is_some() && segments.next().is_none(),
    }
}

pub fn is_text(content_type: &HeaderValue) -> bool {
    let ct = content_type.as_bytes();
    ct.starts_with(b"text/") || ct.starts_with(b"application/json") || ct.starts_with(b"application/atom+xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_reading_pages_only() {
        for p in [
            "/en/",
            "/ru/doc/x",
            "/ko/areas",
            "/ky/areas/a",
            "/en/tags/t",
            "/en/map",
            "/en/webinars",
            "/api/v1/documents/x",
        ] {
            assert!(keepable(p), "{p}");
        }
        for p in [
            "/",
            "/en/search",
            "/en/account",
            "/en/editor",
            "/en/forum",
            "/en/webinars/x",
            "/api/v1/search",
            "/xx/doc/a",
        ] {
            assert!(!keepable(p), "{p}");
        }
    }

    #[test]
    fn accept_encoding_honours_q_zero() {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br;q=0"));
        assert_eq!(Accepted::of(&h), Accepted { gzip: true, brotli: false });
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("identity"));
        assert_eq!(Accepted::of(&h), Accepted::default());
    }

    #[test]
    fn if_none_match_matches_any_encoding_of_the_body() {
        let h = [HeaderValue::from_static("\"abc-gz\", \"zzz\"")];
        assert!(not_modified(&h, "abc"));
        assert!(!not_modified(&h, "abd"));
    }

    #[test]
    fn compressed_twins_decode_to_the_page() {
        let page = Bytes::from("<p>Sunflower ".repeat(500));
        let e = Encoded::new(page.clone(), Accepted { gzip: true, brotli: true }, Effort::Kept);
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&e.gzip[..]), &mut out).unwrap();
        assert_eq!(out, page);
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut brotli::Decompressor::new(&e.brotli[..], 4096), &mut out).unwrap();
        assert_eq!(out, page);
        assert!(e.brotli.len() < page.len() / 10);
    }
}
