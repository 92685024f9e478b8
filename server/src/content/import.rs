//! Importing a folder of Markdown documents into the database.
//!
//! Two passes, like a static-site generator: first parse every file (so every slug is known),
//! then render each with the map of all slugs (so `doc:` links resolve) and store what changed.
//! Importing is idempotent: a file whose hash (with what it links to) matches its last import
//! changes nothing. A changed file becomes a new revision; a removed file archives its
//! document. A malformed file is reported with path, line and reason, and skipped; its
//! document, if it had one, is left as it was.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Component, Path};

use app::model::{Kind, Lang};
use sha2::{Digest, Sha256};

use super::front_matter::{self, Parsed};
use super::markdown::{self, RENDER_VERSION};
use crate::blobs::BlobStore;
use crate::db::{NewAttachment, NewRevision, Store, TagLabel};
use crate::document::{Status, SystemMessage};

/// Files larger than this are not documents.
const MAX_MARKDOWN_BYTES: u64 = 4 * 1024 * 1024;
/// The largest attachment the content folder may carry.
pub const MAX_ATTACHMENT_BYTES: u64 = 50 * 1024 * 1024;

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub archived: usize,
    pub problems: Vec<Problem>,
    /// Ids of the documents created, updated or archived (the search index follows them).
    pub changed: Vec<i64>,
}

impl ImportReport {
    /// Whether some file could not be imported at all.
    pub fn has_failures(&self) -> bool {
        self.problems.iter().any(|p| p.skipped)
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} unchanged, {} archived, {} problem(s)",
            self.created,
            self.updated,
            self.unchanged,
            self.archived,
            self.problems.len()
        )
    }
}

/// A problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path relative to the imported folder.
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
    /// True when the file was not imported because of it (false: imported with a warning).
    pub skipped: bool,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// One file after the first pass.
struct Candidate {
    rel_path: String,
    parsed: Parsed,
    body: String,
    body_line: usize,
    raw: Vec<u8>,
    attachments: Vec<(NewAttachment, Vec<u8>)>,
}

/// Imports every Markdown file under `dir`.
///
/// # Errors
/// Only when the folder cannot be read at all or the database fails; problems with single
/// files are in the report.
pub async fn import_dir(store: &Store, blobs: &BlobStore, dir: &Path) -> anyhow::Result<ImportReport> {
    if !dir.is_dir() {
        anyhow::bail!("the content folder {} does not exist or is not a folder", dir.display());
    }
    let mut report = ImportReport::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    // Paths that exist but failed to parse: their documents must not be archived.
    let mut failed_paths: HashSet<String> = HashSet::new();
    let mut seen_keys: HashMap<(String, Lang), String> = HashMap::new();

    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.starts_with('.') || name.starts_with('_'))
    }) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| rel(dir, p)).unwrap_or_default();
                report.problems.push(Problem { path, line: None, message: e.to_string(), skipped: true });
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().to_string();
        if !entry.file_type().is_file() || !name.ends_with(".md") || name.eq_ignore_ascii_case("README.md") {
            continue;
        }
        let rel_path = rel(dir, entry.path());
        match read_candidate(dir, entry.path(), &rel_path, &name, &mut report).await {
            Ok(c) => {
                let key = (c.parsed.slug.clone(), c.parsed.meta.language);
                if let Some(first) = seen_keys.get(&key) {
                    failed_paths.insert(rel_path.clone());
                    report.problems.push(Problem {
                        path: rel_path,
                        line: None,
                        message: format!(
                            "`{}` in language `{}` is already defined by {first}; this file was skipped",
                            key.0, key.1
                        ),
                        skipped: true,
                    });
                    continue;
                }
                seen_keys.insert(key, rel_path.clone());
                candidates.push(c);
            }
            Err(problem) => {
                failed_paths.insert(rel_path.clone());
                report.problems.push(problem);
            }
        }
    }

    // Tag labels first: documents' own words for a tag only fill in where the file has none.
    match read_tag_labels(dir).await {
        Ok(labels) => store.set_tag_labels(&labels).await?,
        Err(problem) => report.problems.push(problem),
    }

    let known_tags = super::keys::known_words(&store.tag_labels().await?);
    let existing = store.import_state().await?;
    let existing_by_key: HashMap<(String, Lang), _> =
        existing.iter().map(|d| ((d.slug.clone(), d.language), d.clone())).collect();

    // What `doc:` links may point at after this import: the files just read, documents made in
    // the portal, and imported documents whose file is still there but failed to parse.
    let mut targets: HashMap<String, Kind> = HashMap::new();
    for d in &existing {
        let kept = match &d.source_path {
            None => d.status != Status::Archived,
            Some(p) => failed_paths.contains(p) && d.status != Status::Archived,
        };
        if kept {
            targets.insert(d.slug.clone(), d.kind);
        }
    }
    for c in &candidates {
        targets.insert(c.parsed.slug.clone(), c.parsed.meta.kind);
    }

    let mut imported_keys = HashSet::new();
    for mut c in candidates {
        super::keys::resolve_known(&mut c.parsed.meta.tags, &mut c.parsed.tag_labels, &known_tags);
        let key = (c.parsed.slug.clone(), c.parsed.meta.language);
        let previous = existing_by_key.get(&key);
        if let Some(prev) = previous
            && prev.source_path.is_none()
        {
            report.problems.push(Problem {
                path: c.rel_path.clone(),
                line: None,
                message: format!(
                    "`{}` in language `{}` was created in the portal; the file was not imported over it",
                    key.0, key.1
                ),
                skipped: true,
            });
            continue;
        }
        imported_keys.insert(key.clone());
        store.add_tag_labels(c.parsed.meta.language, &c.parsed.tag_labels).await?;

        // An activity must belong to an exchange area: the file is refused, naming it.
        if let Some(m) =
            crate::workplan::unknown_area(&c.parsed.meta.activities, |a| targets.get(a) == Some(&Kind::Area))
        {
            report.problems.push(Problem {
                path: c.rel_path.clone(),
                line: None,
                message: m.to_string(),
                skipped: true,
            });
            continue;
        }
        let evidence = c.parsed.meta.activities.iter().flat_map(|a| a.evidence.iter().map(move |e| (a, e)));
        for (a, slug) in evidence {
            if !targets.contains_key(slug) {
                report.problems.push(Problem {
                    path: c.rel_path.clone(),
                    line: None,
                    message: format!("activity {}: evidence `{slug}` is not a document", a.id),
                    skipped: false,
                });
            }
        }
        for area in &c.parsed.meta.areas {
            if targets.get(area) != Some(&Kind::Area) {
                report.problems.push(Problem {
                    path: c.rel_path.clone(),
                    line: None,
                    message: format!(
                        "exchange area `{area}` does not exist (no document of kind `area` has that slug)"
                    ),
                    skipped: false,
                });
            }
        }

        let rendered = markdown::render(&c.body, &|slug| targets.get(slug).copied());
        for (line, message) in &rendered.problems {
            report.problems.push(Problem {
                path: c.rel_path.clone(),
                line: Some(c.body_line + line - 1),
                message: message.to_string(),
                skipped: false,
            });
        }
        let hash = import_hash(&c, &targets);
        if let Some(prev) = previous
            && prev.import_hash.as_deref() == Some(hash.as_str())
            && prev.status == Status::Published
            && prev.source_path.as_deref() == Some(c.rel_path.as_str())
        {
            report.unchanged += 1;
            continue;
        }

        let mut attachments = Vec::new();
        for (meta, bytes) in &c.attachments {
            let sha = blobs.put(bytes).await?;
            attachments.push(NewAttachment { sha256: sha, ..meta.clone() });
        }
        let message = match previous {
            Some(_) => SystemMessage::UpdatedFrom(c.rel_path.clone()).stored(),
            None => SystemMessage::ImportedFrom(c.rel_path.clone()).stored(),
        };
        let rev = NewRevision {
            slug: c.parsed.slug.clone(),
            is_original: c.parsed.is_original,
            meta: c.parsed.meta.clone(),
            body: c.body.clone(),
            html: rendered.html,
            toc: rendered.toc,
            sections: [rendered.sections, crate::document::structured_sections(&c.parsed.meta)].concat(),
            links: rendered.links,
            attachments,
            content_hash: crate::document::content_hash(
                &c.parsed.meta,
                &c.body,
                &c.attachments.iter().map(|(a, _)| a.sha256.as_str()).collect::<Vec<_>>(),
            ),
            source_path: Some(c.rel_path.clone()),
            import_hash: Some(hash),
            author_id: None,
            message,
        };
        let id = store.publish_revision(&rev).await?;
        report.changed.push(id);
        if previous.is_some() { report.updated += 1 } else { report.created += 1 }
    }

    for d in &existing {
        let Some(path) = &d.source_path else { continue };
        if d.status == Status::Archived
            || imported_keys.contains(&(d.slug.clone(), d.language))
            || failed_paths.contains(path)
        {
            continue;
        }
        store.archive_document(d.id).await?;
        report.changed.push(d.id);
        report.archived += 1;
    }
    Ok(report)
}

/// The file of tag labels: for each tag key, its words per language.
pub const TAG_LABELS_FILE: &str = "tags.yaml";

/// Reads `tags.yaml` (none: no labels). A malformed file is one problem; no label is taken
/// from it, and the labels already in the database stay.
async fn read_tag_labels(dir: &Path) -> Result<Vec<TagLabel>, Problem> {
    let path = dir.join(TAG_LABELS_FILE);
    let problem = |line: Option<usize>, message: String| Problem {
        path: TAG_LABELS_FILE.to_string(),
        line,
        message,
        skipped: true,
    };
    let text = match tokio::fs::read_to_string(&path).await {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(problem(None, e.to_string())),
    };
    let map: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> =
        serde_norway::from_str(&text).map_err(|e| problem(e.location().map(|l| l.line()), e.to_string()))?;
    let line_of = |key: &str| text.lines().position(|l| l.starts_with(&format!("{key}:"))).map(|i| i + 1);
    let mut labels = Vec::new();
    for (tag, words) in map {
        if !front_matter::valid_slug(&tag) {
            return Err(problem(
                line_of(&tag),
                format!("`{tag}` is not a tag key: lowercase letters, digits and single hyphens"),
            ));
        }
        for (code, label) in words {
            let language = Lang::from_code(&code).ok_or_else(|| {
                problem(line_of(&tag), format!("`{code}` under `{tag}` is not one of the languages en, ru, ky, ko"))
            })?;
            let label = label.trim().to_string();
            if label.is_empty() || label.chars().count() > super::keys::MAX_TAG_CHARS {
                return Err(problem(line_of(&tag), format!("the `{code}` label of `{tag}` is empty or too long")));
            }
            labels.push(TagLabel { tag: tag.clone(), language, label });
        }
    }
    Ok(labels)
}

async fn read_candidate(
    dir: &Path,
    path: &Path,
    rel_path: &str,
    name: &str,
    report: &mut ImportReport,
) -> Result<Candidate, Problem> {
    let problem =
        |line: Option<usize>, message: String| Problem { path: rel_path.to_string(), line, message, skipped: true };
    let size = tokio::fs::metadata(path).await.map_err(|e| problem(None, e.to_string()))?.len();
    if size > MAX_MARKDOWN_BYTES {
        return Err(problem(None, format!("the file is {size} bytes; documents may be at most {MAX_MARKDOWN_BYTES}")));
    }
    let raw = tokio::fs::read(path).await.map_err(|e| problem(None, e.to_string()))?;
    let source = std::str::from_utf8(&raw).map_err(|e| {
        let line = raw[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        problem(Some(line), "the file is not valid UTF-8 text".into())
    })?;
    let split = front_matter::split(source).map_err(|p| problem(p.line, p.msg.to_string()))?;
    let parsed = front_matter::parse(split.yaml, 2, &front_matter::path_info(name))
        .map_err(|p| problem(p.line, p.msg.to_string()))?;

    let base = path.parent().unwrap_or(dir);
    let mut attachments = Vec::new();
    for a in &parsed.meta.attachments {
        match read_attachment(dir, base, &a.file).await {
            Ok((bytes, mime)) => {
                let file_name =
                    Path::new(&a.file).file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                attachments.push((
                    NewAttachment {
                        sha256: crate::blobs::sha256_hex(&bytes),
                        file_name,
                        title: a.title.clone(),
                        mime,
                        size: bytes.len() as i64,
                    },
                    bytes,
                ));
            }
            Err(message) => report.problems.push(Problem {
                path: rel_path.to_string(),
                line: None,
                message: format!("attachment `{}`: {message}; the document was imported without it", a.file),
                skipped: false,
            }),
        }
    }
    Ok(Candidate {
        rel_path: rel_path.to_string(),
        parsed,
        body: split.body.to_string(),
        body_line: split.body_line,
        raw,
        attachments,
    })
}

/// Reads an attachment named relative to its Markdown file, refusing paths that leave the
/// content folder. Returns the bytes and their media type, sniffed from the content.
async fn read_attachment(root: &Path, base: &Path, file: &str) -> Result<(Vec<u8>, String), String> {
    let relative = Path::new(file);
    if relative.is_absolute() || relative.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err("the path must stay inside the content folder (no `..`, no absolute path)".into());
    }
    let path = base.join(relative);
    let canonical = tokio::fs::canonicalize(&path).await.map_err(|_| "the file does not exist".to_string())?;
    let root = tokio::fs::canonicalize(root).await.map_err(|e| e.to_string())?;
    if !canonical.starts_with(&root) {
        return Err("the path must stay inside the content folder".into());
    }
    let meta = tokio::fs::metadata(&canonical).await.map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a file".into());
    }
    if meta.len() > MAX_ATTACHMENT_BYTES {
        return Err(format!("{} bytes is over the limit of {MAX_ATTACHMENT_BYTES}", meta.len()));
    }
    let bytes = tokio::fs::read(&canonical).await.map_err(|e| e.to_string())?;
    let inspection = crate::attachments::inspect(&bytes, file);
    if let Some(problem) = inspection.problem {
        return Err(format!("refused: {problem}"));
    }
    Ok((bytes, inspection.mime))
}

/// The hash an import compares: the file, its attachments, and what each of its `doc:` links
/// points at (so a document re-renders when a page it links to appears or disappears).
fn import_hash(c: &Candidate, targets: &HashMap<String, Kind>) -> String {
    let mut h = Sha256::new();
    h.update(RENDER_VERSION.to_le_bytes());
    h.update(c.rel_path.as_bytes());
    h.update([0]);
    h.update(&c.raw);
    for (a, _) in &c.attachments {
        h.update(a.sha256.as_bytes());
    }
    let mut slugs: Vec<&str> = c.body.match_indices("doc:").map(|(i, _)| slug_at(&c.body[i + 4..])).collect();
    slugs.sort();
    slugs.dedup();
    for s in slugs {
        h.update(format!("{s}={};", targets.get(s).map(|k| k.code()).unwrap_or("-")).as_bytes());
    }
    // Areas that exist or not change the warnings, not the output, so they are not hashed.
    hex::encode(h.finalize())
}

fn slug_at(s: &str) -> &str {
    let end = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(s.len());
    &s[..end]
}

fn rel(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
