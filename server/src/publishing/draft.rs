//! The editor's form turned into a revision: validated like a file's front matter, rendered
//! like an import, saved as a draft that never overwrites a revision saved meanwhile.

use app::model::AuditAction;

use crate::audit::{self, Detail, Target};
use app::i18n::msg::Msg;
use app::model::{
    Activity, ActivityRow, AgendaRow, ConflictView, EditorForm, EventInfo, EventRows, Kind, Lang, Visibility,
};

use super::diff::diff_text;
use super::may_edit;
use crate::auth::Session;
use crate::content::front_matter::{self, FrontMatter, PathInfo};
use crate::content::markdown;
use crate::db::{NewAttachment, NewRevision, RevisionRow, SaveOutcome, Store};
use crate::error::{Error, Result};
use crate::webinar::{AgendaFields, EventFields};
use crate::workplan::{ActivityFields, ProgressFields};

/// The headings staff are expected to fill, per kind, in the document's language.
pub fn template(kind: Kind, language: Lang) -> &'static str {
    let t = app::i18n::ui(language);
    match kind {
        Kind::Lesson => t.template_lesson,
        Kind::CaseStudy => t.template_case_study,
        Kind::Webinar => t.template_webinar,
        Kind::Workplan => t.template_workplan,
        Kind::Resource | Kind::Area => "",
    }
}

/// The structured parts of webinars and workplans, written as YAML in the editor.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Structured {
    #[serde(default)]
    event: Option<EventFields>,
    #[serde(default)]
    activities: Vec<ActivityFields>,
    #[serde(default)]
    open_questions: Vec<String>,
}

fn lines(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn comma_list(s: &str) -> Vec<String> {
    s.split([',', '\n']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

fn optional(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|v| !v.is_empty())
}

/// The event as front matter would write it, from the form's fields.
fn event_fields(rows: &EventRows) -> EventFields {
    EventFields {
        date: rows.date.trim().to_string(),
        start: optional(&rows.start),
        end: optional(&rows.end),
        time_zone: optional(&rows.time_zone),
        organisers: lines(&rows.organisers),
        institutions: lines(&rows.institutions),
        agenda: rows
            .agenda
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| AgendaFields {
                title: r.title.trim().to_string(),
                start: optional(&r.start),
                end: optional(&r.end),
                presenter: optional(&r.presenter),
                organisation: optional(&r.organisation),
                summary: optional(&r.summary),
            })
            .collect(),
        recording: optional(&rows.recording),
    }
}

/// An activity as front matter would write it, from its row; its status history is the one
/// the same activity number had in the version edited (the form does not carry it).
fn activity_fields(row: &ActivityRow, before: &[Activity]) -> ActivityFields {
    let history = if row.progress.is_empty() {
        before.iter().find(|a| a.id == row.id.trim()).map(|a| a.progress.as_slice()).unwrap_or_default()
    } else {
        row.progress.as_slice()
    };
    let progress = history
        .iter()
        .map(|p| ProgressFields { date: p.date.clone(), status: p.status.code().to_string(), note: p.note.clone() })
        .collect();
    ActivityFields {
        id: row.id.trim().to_string(),
        title: row.title.trim().to_string(),
        area: row.area.trim().to_string(),
        lead: row.lead.trim().to_string(),
        partners: comma_list(&row.partners),
        start: row.start.trim().to_string(),
        end: row.end.trim().to_string(),
        status: optional(&row.status),
        outputs: lines(&row.outputs),
        indicators: lines(&row.indicators),
        depends_on: comma_list(&row.depends_on),
        evidence: comma_list(&row.evidence),
        progress,
    }
}

/// The form's rows for a stored event.
fn event_rows(e: &EventInfo) -> EventRows {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    EventRows {
        date: e.date.clone(),
        start: text(&e.start),
        end: text(&e.end),
        time_zone: text(&e.time_zone),
        organisers: e.organisers.join("\n"),
        institutions: e.institutions.join("\n"),
        recording: text(&e.recording),
        agenda: e
            .agenda
            .iter()
            .map(|a| AgendaRow {
                title: a.title.clone(),
                start: text(&a.start),
                end: text(&a.end),
                presenter: text(&a.presenter),
                organisation: text(&a.organisation),
                summary: text(&a.summary),
            })
            .collect(),
    }
}

/// The form's row for a stored activity.
fn activity_row(a: &Activity) -> ActivityRow {
    ActivityRow {
        id: a.id.clone(),
        title: a.title.clone(),
        area: a.area.clone(),
        lead: a.lead.clone(),
        partners: a.partners.join(", "),
        start: a.start.clone(),
        end: a.end.clone(),
        status: a.status.code().to_string(),
        outputs: a.outputs.join("\n"),
        indicators: a.indicators.join("\n"),
        depends_on: a.depends_on.join(", "),
        evidence: a.evidence.join(", "),
        progress: a.progress.clone(),
    }
}

/// A revision built from the form, with the warnings rendering gave (missing link targets).
pub struct Built {
    pub slug: String,
    pub is_original: bool,
    pub revision: NewRevision,
    pub warnings: Vec<Msg>,
    /// Tags the editor wrote in words: (key, words), in the document's language.
    pub tag_labels: Vec<(String, String)>,
}

/// Validates the form like a file's front matter and renders the body like an import.
///
/// # Errors
/// `BadRequest` with the first problem, in words for the editor.
pub async fn build(
    store: &Store,
    form: &EditorForm,
    author: &Session,
    attachments: Vec<NewAttachment>,
) -> Result<Built> {
    let kind = form.kind.ok_or_else(|| Error::BadRequest(Msg::ChooseKind))?;
    let (slug, is_original) = match form.document_id {
        Some(id) => {
            let d = store.document(id).await?.ok_or(Error::NotFound)?;
            (d.slug, d.is_original)
        }
        None if !form.translation_of.trim().is_empty() => {
            let original = form.translation_of.trim().to_string();
            if !store.live_slugs().await?.contains_key(&original) {
                return Err(Error::BadRequest(Msg::NoSuchOriginal { slug: original.clone() }));
            }
            (original, false)
        }
        None => {
            let wanted = if form.slug.trim().is_empty() {
                markdown::anchor_id(&form.title)
            } else {
                form.slug.trim().to_string()
            };
            (wanted, true)
        }
    };
    let structured: Structured = if form.structured.trim().is_empty() {
        Structured::default()
    } else {
        serde_norway::from_str(&form.structured)
            .map_err(|e| Error::BadRequest(Msg::StructuredData { detail: e.to_string() }))?
    };
    // The form's fields for the event and the activities; the YAML only where they are empty.
    let event = if form.event.is_empty() { structured.event } else { Some(event_fields(&form.event)) };
    let activities = if form.activities.is_empty() {
        structured.activities
    } else {
        let history = match form.base_revision {
            Some(id) => store.revision(id).await?.map(|r| r.meta.activities).unwrap_or_default(),
            None => Vec::new(),
        };
        form.activities.iter().map(|row| activity_fields(row, &history)).collect()
    };
    // Which version of the original a translation follows: the one the translator started
    // from (carried by the form), or the one published now when they say they caught up.
    let translated_from = match (is_original, form.up_to_date) {
        (true, _) => None,
        (false, true) => store.original_history(&slug).await?.last().map(|r| r.fingerprint().to_string()),
        (false, false) => Some(form.translated_from.trim().to_string()).filter(|v| !v.is_empty()),
    };
    let fm = FrontMatter {
        title: form.title.clone(),
        kind,
        language: Some(form.language),
        slug: Some(slug.clone()),
        summary: Some(form.summary.clone()),
        date: Some(form.date.trim().to_string()).filter(|d| !d.is_empty()),
        authors: lines(&form.authors),
        countries: form.countries.clone(),
        areas: form.areas.clone(),
        tags: comma_list(&form.tags),
        visibility: Some(form.visibility),
        attachments: Vec::new(),
        event,
        activities,
        open_questions: structured.open_questions,
        translated_from,
    };
    let info = PathInfo { slug: slug.clone(), language: Some(form.language) };
    let parsed = front_matter::validate(fm, &info, &|_| 0).map_err(|p| Error::BadRequest(p.msg))?;
    let mut meta = parsed.meta;
    let mut tag_labels = parsed.tag_labels;
    let known = crate::content::keys::known_words(&store.tag_labels().await?);
    crate::content::keys::resolve_known(&mut meta.tags, &mut tag_labels, &known);
    meta.attachments = attachments
        .iter()
        .map(|a| crate::document::AttachmentMeta { file: format!("files/{}", a.file_name), title: a.title.clone() })
        .collect();
    let slugs = store.live_slugs().await?;
    if let Some(m) = crate::workplan::unknown_area(&meta.activities, |a| slugs.get(a) == Some(&Kind::Area)) {
        return Err(Error::BadRequest(m));
    }
    let mut warnings = Vec::new();
    for area in &meta.areas {
        if slugs.get(area) != Some(&Kind::Area) {
            warnings.push(Msg::NoSuchArea { area: area.clone() });
        }
    }
    let mut known = slugs;
    known.insert(slug.clone(), kind);
    let rendered = markdown::render(&form.body, &|s| known.get(s).copied());
    warnings
        .extend(rendered.problems.iter().map(|(line, m)| Msg::AtLine { line: *line, problem: Box::new(m.clone()) }));
    let hashes: Vec<&str> = attachments.iter().map(|a| a.sha256.as_str()).collect();
    let content_hash = crate::document::content_hash(&meta, &form.body, &hashes);
    let sections = [rendered.sections, crate::document::structured_sections(&meta)].concat();
    let message = if form.message.trim().is_empty() {
        crate::document::SystemMessage::EditedInPortal.stored()
    } else {
        form.message.trim().to_string()
    };
    Ok(Built {
        slug: slug.clone(),
        is_original,
        tag_labels,
        revision: NewRevision {
            slug,
            is_original,
            meta,
            body: form.body.clone(),
            html: rendered.html,
            toc: rendered.toc,
            sections,
            links: rendered.links,
            attachments,
            content_hash,
            source_path: None,
            import_hash: None,
            author_id: Some(author.user.id),
            message,
        },
        warnings,
    })
}

/// The outcome of saving from the editor.
pub enum Saved {
    Ok { document_id: i64, warnings: Vec<Msg> },
    Conflict(ConflictView, i64),
}

/// Saves a working revision (a draft), refusing to overwrite a revision saved meanwhile.
pub async fn save(store: &Store, session: &Session, form: &EditorForm) -> Result<Saved> {
    if !may_edit(session) {
        return Err(Error::Forbidden);
    }
    // Attachments carry over from the revision the editor started from.
    let attachments = match form.base_revision {
        Some(base) => store.carried_attachments(base).await?,
        None => Vec::new(),
    };
    let built = build(store, form, session, attachments).await?;
    match store.save_draft(form.document_id, form.base_revision, &built.revision).await? {
        SaveOutcome::Saved { document_id, .. } => {
            store.add_tag_labels(form.language, &built.tag_labels).await?;
            let target = Target::Document { id: document_id, slug: Some(&built.slug) };
            let detail = Detail::Text(&built.revision.message);
            audit::record(store, Some(session.user.id), AuditAction::DocumentSave, target, detail).await?;
            Ok(Saved::Ok { document_id, warnings: built.warnings })
        }
        SaveOutcome::SlugTaken => Err(Error::Conflict(Msg::SlugTaken { slug: built.slug })),
        SaveOutcome::Conflict { current } => {
            let theirs = store.revision(current).await?.ok_or(Error::NotFound)?;
            let author = match theirs.author_id {
                Some(id) => store.user(id).await?.map(|u| u.name).unwrap_or_default(),
                // Shown as "the content folder" in the editor's language.
                None => String::new(),
            };
            Ok(Saved::Conflict(
                ConflictView {
                    theirs_author: author,
                    diff: diff_text(&theirs.body, &form.body),
                    theirs_body: theirs.body,
                },
                current,
            ))
        }
    }
}

/// The editor's form filled from a stored revision.
pub fn form_from(doc_id: i64, rev: &RevisionRow, slug: &str) -> EditorForm {
    let m = &rev.meta;
    // The event and the activities have their fields; the YAML keeps the rest.
    #[derive(serde::Serialize)]
    struct StructuredOut<'a> {
        open_questions: &'a [String],
    }
    let structured = if m.open_questions.is_empty() {
        String::new()
    } else {
        serde_norway::to_string(&StructuredOut { open_questions: &m.open_questions }).unwrap_or_default()
    };
    EditorForm {
        document_id: Some(doc_id),
        base_revision: Some(rev.id),
        slug: slug.to_string(),
        translation_of: String::new(),
        translated_from: m.translated_from.clone().unwrap_or_default(),
        up_to_date: false,
        title: m.title.clone(),
        kind: Some(m.kind),
        language: m.language,
        summary: m.summary.clone(),
        date: m.date.clone().unwrap_or_default(),
        authors: m.authors.join("\n"),
        countries: m.countries.clone(),
        areas: m.areas.clone(),
        tags: m.tags.join(", "),
        visibility: m.visibility,
        body: rev.body.clone(),
        structured,
        event: m.event.as_ref().map(event_rows).unwrap_or_default(),
        activities: m.activities.iter().map(activity_row).collect(),
        message: String::new(),
    }
}

/// A new document's form: the kind's template, the editor as author.
pub fn new_form(kind: Kind, language: Lang, author: &str) -> EditorForm {
    EditorForm {
        kind: Some(kind),
        language,
        authors: author.to_string(),
        body: template(kind, language).to_string(),
        visibility: Visibility::Partners,
        date: time::OffsetDateTime::now_utc().date().to_string(),
        ..Default::default()
    }
}

/// A new translation's form: the original as published now (its text to translate in place,
/// its metadata), following that version of the original.
///
/// # Errors
/// `BadRequest` when `original` is not a live original; database errors.
pub async fn translation_form(store: &Store, original: &str, language: Lang, author: &str) -> Result<EditorForm> {
    let history = store.original_history(original).await?;
    let current = history.last().ok_or_else(|| Error::BadRequest(Msg::NoSuchOriginal { slug: original.into() }))?;
    let rev = store.revision(current.id).await?.ok_or(Error::NotFound)?;
    let from = form_from(current.document_id, &rev, original);
    Ok(EditorForm {
        document_id: None,
        base_revision: None,
        slug: String::new(),
        translation_of: original.to_string(),
        translated_from: current.fingerprint().to_string(),
        language,
        authors: author.to_string(),
        message: String::new(),
        ..from
    })
}

/// The body as it will be published, for the editor's preview (live and without JavaScript):
/// the same renderer and sanitiser, links resolved against every live document.
///
/// # Errors
/// `Forbidden` for members who do not write.
pub async fn preview(store: &Store, session: &Session, body: &str, lang: Lang) -> Result<String> {
    if !may_edit(session) {
        return Err(Error::Forbidden);
    }
    let slugs = store.live_slugs().await?;
    Ok(markdown::render_for(body, &slugs, lang))
}
