//! What the editor's pages show, built from the publishing rules: the dashboard, the editor
//! page of a document (its state, whether this member may review it, its attachments, reviews
//! and confirmed findings), the history and a diff. Routes render these; they decide nothing.

use app::model::{
    ConfirmedView, DiffLine, EditorPage, EditorialState, HistoryLine, Lang, Named, ReviewPage, ReviewView, WorkLine,
};

use super::{editorial_state, may_edit, may_review};
use crate::auth::Session;
use crate::catalog::Catalog;
use crate::dates::Clock;
use crate::db::Store;
use crate::document::Status;
use crate::error::{Error, Result};
use crate::translations;

/// The dashboard: documents with unpublished work, then every published document.
pub async fn dashboard(store: &Store, clock: Clock) -> Result<(Vec<WorkLine>, Vec<WorkLine>)> {
    let work = store
        .work_items()
        .await?
        .into_iter()
        .map(|w| WorkLine {
            document_id: w.document.id,
            title: if w.working_title.is_empty() { w.document.title.clone() } else { w.working_title },
            kind: w.document.kind,
            language: w.document.language,
            state: match w.pending {
                crate::document::Pending::Draft => EditorialState::Draft,
                crate::document::Pending::Review => EditorialState::Review,
            },
            updated: clock.time(w.updated_at),
        })
        .collect();
    let published = store
        .editable_documents(None)
        .await?
        .into_iter()
        .filter(|d| d.status == Status::Published)
        .map(|d| WorkLine {
            document_id: d.id,
            title: d.title,
            kind: d.kind,
            language: d.language,
            state: EditorialState::Published,
            updated: clock.time(d.updated_at),
        })
        .collect();
    Ok((work, published))
}

/// Area choices in the reader's language, by title.
async fn area_choices(store: &Store, session: &Session, lang: Lang) -> Result<Vec<Named>> {
    let mut areas: Vec<Named> = Catalog::new(store, &session.viewer())
        .area_titles(lang)
        .await?
        .into_iter()
        .map(|(slug, title)| Named { slug, title })
        .collect();
    areas.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(areas)
}

/// Every document the editor may read, to link to: title in the reader's language, by title.
async fn link_choices(store: &Store, session: &Session, lang: Lang) -> Result<Vec<(Named, Lang)>> {
    let viewer = session.viewer();
    let catalog = Catalog::new(store, &viewer);
    let mut docs: Vec<(Named, Lang)> = crate::catalog::group(catalog.readable(None).await?)
        .iter()
        .map(|s| (Named { slug: s.slug.clone(), title: s.pick(lang).title.clone() }, s.pick(lang).language))
        .collect();
    docs.sort_by(|a, b| a.0.title.cmp(&b.0.title));
    Ok(docs)
}

/// The editor page for a form: the document's state, what this member may do, its
/// attachments, reviews and (in review) the personal-data findings its author confirmed.
pub async fn editor_page(store: &Store, session: &Session, clock: Clock, mut page: EditorPage) -> Result<EditorPage> {
    let lang = clock.lang;
    page.area_choices = area_choices(store, session, lang).await?;
    page.link_choices = link_choices(store, session, lang).await?;
    page.can_edit = may_edit(session);
    let Some(id) = page.form.document_id else {
        page.state = EditorialState::New;
        if !page.form.translation_of.is_empty() {
            let f = &page.form;
            page.compare = translations::compare(store, &f.translation_of, Some(&f.translated_from), &f.body).await?;
        }
        return Ok(page);
    };
    let doc = store.document(id).await?.ok_or(Error::NotFound)?;
    if !doc.is_original {
        let f = &page.form;
        page.compare = translations::compare(store, &doc.slug, Some(&f.translated_from), &f.body).await?;
    }
    let wf = store.workflow(id).await?;
    page.state = editorial_state(&doc, &wf);
    page.can_review = may_review(session) && wf.submitted_by != Some(session.user.id);
    if let Some(rev) = doc.current_revision_id {
        page.attachments = crate::catalog::attachment_infos(store, rev, lang).await?;
        if page.state == EditorialState::Review {
            page.confirmed = store
                .privacy_confirmations(rev)
                .await?
                .into_iter()
                .map(|c| ConfirmedView { kind: c.kind, excerpt: c.excerpt, line: c.line, confirmed_by: c.confirmed_by })
                .collect();
        }
    }
    page.reviews = store
        .reviews(id)
        .await?
        .into_iter()
        .map(|r| ReviewView { reviewer: r.reviewer, decision: r.decision, comment: r.comment, when: clock.time(r.at) })
        .collect();
    if doc.published_revision_id.is_some() && doc.status == Status::Published {
        page.public_url = Some(format!("/{lang}/doc/{}", doc.slug));
    }
    Ok(page)
}

/// The editor page of a document's working revision (with an optional notice, error list...).
pub async fn document_page(
    store: &Store,
    session: &Session,
    clock: Clock,
    id: i64,
    page: EditorPage,
) -> Result<EditorPage> {
    let doc = store.document(id).await?.ok_or(Error::NotFound)?;
    let rev = store.revision(doc.current_revision_id.ok_or(Error::NotFound)?).await?.ok_or(Error::NotFound)?;
    let mut form = super::form_from(id, &rev, &doc.slug);
    form.tags = tag_words(store, &rev.meta.tags, rev.meta.language).await?;
    editor_page(store, session, clock, EditorPage { form, ..page }).await
}

/// Tags as the editor shows them: in the document's language where they have words in it
/// (saving them again finds the same tags), else their keys.
async fn tag_words(store: &Store, tags: &[String], language: Lang) -> Result<String> {
    let labels = store.tag_labels().await?;
    let words: Vec<String> = tags
        .iter()
        .map(|t| {
            labels
                .iter()
                .find(|l| l.tag == *t && l.language == language)
                .map(|l| l.label.clone())
                .unwrap_or_else(|| t.clone())
        })
        .collect();
    Ok(words.join(", "))
}

/// A submission's review page: the working revision rendered, its changes against the
/// published one, and the editor page's confirmations and reviews.
pub async fn review_page(store: &Store, session: &Session, clock: Clock, id: i64, lang: Lang) -> Result<ReviewPage> {
    let doc = store.document(id).await?.ok_or(Error::NotFound)?;
    let current = store.revision(doc.current_revision_id.ok_or(Error::NotFound)?).await?.ok_or(Error::NotFound)?;
    let changes = match doc.published_revision_id.filter(|p| Some(*p) != doc.current_revision_id) {
        Some(p) => {
            let published = store.revision(p).await?.ok_or(Error::NotFound)?;
            Some(super::diff_text(&super::comparable(&published), &super::comparable(&current)))
        }
        None if doc.published_revision_id.is_some() => Some(Vec::new()),
        None => None,
    };
    let editor = document_page(store, session, clock, id, EditorPage::default()).await?;
    Ok(ReviewPage {
        document_id: id,
        title: current.meta.title.clone(),
        doc_lang: current.meta.language,
        html: crate::document::localise_html(&current.html, lang),
        changes,
        editor,
    })
}

/// A document's history: its title and revisions, newest first.
pub async fn history(store: &Store, id: i64, clock: Clock) -> Result<(String, Lang, Vec<HistoryLine>)> {
    let doc = store.document(id).await?.ok_or(Error::NotFound)?;
    let lines = store
        .history(id)
        .await?
        .into_iter()
        .map(|r| HistoryLine {
            number: r.number,
            author: r.author.unwrap_or_else(|| app::i18n::ui(clock.lang).content_folder.into()),
            message: crate::document::SystemMessage::shown(&r.message, clock.lang),
            when: clock.time(r.created_at),
            published: doc.published_revision_id == Some(r.id),
            current: doc.current_revision_id == Some(r.id),
        })
        .collect();
    Ok((doc.title, doc.language, lines))
}

/// The differences between two revisions (by number) of a document, with its title.
pub async fn diff(store: &Store, id: i64, a: i64, b: i64) -> Result<(String, Lang, Vec<DiffLine>)> {
    let doc = store.document(id).await?.ok_or(Error::NotFound)?;
    let ra = store.revision_by_number(id, a).await?.ok_or(Error::NotFound)?;
    let rb = store.revision_by_number(id, b).await?.ok_or(Error::NotFound)?;
    Ok((doc.title, doc.language, super::diff_text(&super::comparable(&ra), &super::comparable(&rb))))
}
