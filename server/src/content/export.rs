//! Writing the published documents back as a content folder: Markdown with front matter and
//! attachments, in the layout `import` reads, so export then import on a fresh database gives
//! the same documents. Documents keep the path they were imported from; documents made in the
//! portal go to the folder of their kind. Drafts and archived documents stay in the database.

use std::path::{Path, PathBuf};

use app::model::Kind;

use super::front_matter;
use crate::blobs::BlobStore;
use crate::db::Store;

/// What an export wrote.
#[derive(Debug, Default)]
pub struct ExportReport {
    pub documents: usize,
    pub attachments: usize,
}

/// The folder of a kind, as the shipped content is laid out.
pub fn folder(kind: Kind) -> &'static str {
    match kind {
        Kind::CaseStudy => "case-studies",
        Kind::Workplan => "workplans",
        Kind::Webinar => "webinars",
        Kind::Lesson => "lessons",
        Kind::Resource => "resources",
        Kind::Area => "areas",
    }
}

/// Exports every published document to `dir`.
///
/// # Errors
/// When the folder cannot be written or the database read.
pub async fn export_dir(store: &Store, blobs: &BlobStore, dir: &Path) -> anyhow::Result<ExportReport> {
    std::fs::create_dir_all(dir)?;
    let mut report = ExportReport::default();
    for doc in store.exportable().await? {
        let Some(rev_id) = doc.published_revision_id else { continue };
        let Some(rev) = store.revision(rev_id).await? else { continue };
        let rel: PathBuf = match &doc.source_path {
            Some(p) => PathBuf::from(p),
            None => {
                let name = if doc.is_original {
                    format!("{}.md", doc.slug)
                } else {
                    format!("{}.{}.md", doc.slug, doc.language)
                };
                Path::new(folder(doc.kind)).join(name)
            }
        };
        let path = dir.join(&rel);
        let parent = path.parent().unwrap_or(dir).to_path_buf();
        std::fs::create_dir_all(&parent)?;
        let mut meta = rev.meta.clone();
        // Attachments go beside the file, under names taken from what was stored.
        let stored = store.attachments_of_revision(rev.id).await?;
        let stem = rel.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let named = std::mem::take(&mut meta.attachments);
        for (i, a) in stored.into_iter().enumerate() {
            // The path the document named it by, when there is a safe one; else one of ours.
            let relative = named
                .get(i)
                .map(|m| m.file.clone())
                .filter(|f| !f.starts_with('/') && !f.split('/').any(|c| c == ".."))
                .unwrap_or_else(|| format!("files/{stem}/{}", a.file_name));
            let target = parent.join(&relative);
            std::fs::create_dir_all(target.parent().unwrap_or(&parent))?;
            std::fs::write(&target, blobs.read(&a.sha256).await?)?;
            meta.attachments.push(crate::document::AttachmentMeta { file: relative, title: a.title });
            report.attachments += 1;
        }
        // The file name says the language and slug where it can; front matter says the rest.
        let file_name = rel.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let info = front_matter::path_info(&file_name);
        let slug = (info.slug != doc.slug).then_some(doc.slug.as_str());
        let language = match info.language {
            Some(l) if l == doc.language => None,
            _ if doc.language == app::model::Lang::En && info.language.is_none() => None,
            _ => Some(doc.language),
        };
        let yaml = front_matter::to_yaml(&meta, slug, language);
        std::fs::write(&path, format!("---\n{yaml}---\n{}", rev.body))?;
        report.documents += 1;
    }
    Ok(report)
}
