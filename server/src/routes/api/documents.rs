//! `/api/v1/documents`: published documents, with the same permission checks as the pages.

use app::model::{AttachmentInfo, DocCard, Kind, Lang, TocEntry};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::{ApiPath, ApiQuery, ErrorBody, code_param};
use crate::auth::CurrentViewer;
use crate::catalog::Catalog;
use crate::error::ApiResult;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/documents", get(list)).route("/documents/{slug}", get(detail))
}

/// A document in a list.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiDocument {
    pub slug: String,
    pub kind: Kind,
    pub language: Lang,
    pub title: String,
    pub summary: String,
    pub date: Option<String>,
    pub countries: Vec<String>,
    pub areas: Vec<String>,
    pub tags: Vec<String>,
    pub translations: Vec<Lang>,
    pub url: String,
}

impl ApiDocument {
    fn from_card(c: DocCard) -> Self {
        ApiDocument {
            url: format!("/{}/doc/{}", c.language, c.slug),
            slug: c.slug,
            kind: c.kind,
            language: c.language,
            title: c.title,
            summary: c.summary,
            date: c.date,
            countries: c.countries,
            areas: c.areas.into_iter().map(|a| a.slug).collect(),
            tags: c.tags.into_iter().map(|t| t.slug).collect(),
            translations: c.translations,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiList {
    pub total: usize,
    pub documents: Vec<ApiDocument>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `case-study`, `workplan`, `webinar`, `lesson`, `resource` or `area`.
    kind: Option<String>,
    /// Only versions in this language (`en`, `ru`, `ky`, `ko`).
    lang: Option<String>,
    /// An exchange area's slug.
    area: Option<String>,
    tag: Option<String>,
}

/// Every readable version matching the filters.
#[utoipa::path(
    get, path = "/documents", tag = "documents", params(ListQuery),
    responses(
        (status = 200, description = "The documents", body = ApiList),
        (status = 400, description = "An unknown kind or language", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<ApiList>> {
    let kind = code_param::<Kind>(&q.kind, "kind")?;
    let lang = code_param::<Lang>(&q.lang, "language")?;
    let cards = Catalog::new(&state.store, &viewer)
        .api_list(kind, lang, q.area.as_deref().filter(|s| !s.is_empty()), q.tag.as_deref().filter(|s| !s.is_empty()))
        .await?;
    let documents: Vec<ApiDocument> = cards.into_iter().map(ApiDocument::from_card).collect();
    Ok(Json(ApiList { total: documents.len(), documents }))
}

/// A linked document, as backlinks list them.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiLink {
    pub slug: String,
    pub language: Lang,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiAttachment {
    #[serde(flatten)]
    pub info: AttachmentInfo,
    pub url: String,
}

/// One document with its rendered body.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiDocumentDetail {
    #[serde(flatten)]
    pub document: ApiDocument,
    pub authors: Vec<String>,
    pub visibility: app::model::Visibility,
    /// False when `lang` asked for a translation that does not exist (the original is returned).
    pub in_requested_language: bool,
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub backlinks: Vec<ApiLink>,
    pub attachments: Vec<ApiAttachment>,
    pub event: Option<app::model::EventInfo>,
    pub activities: Vec<app::model::Activity>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DetailQuery {
    /// The reader's language: the version in it, else the original.
    lang: Option<String>,
}

/// The version in `lang` (else the original), rendered.
#[utoipa::path(
    get, path = "/documents/{slug}", tag = "documents",
    params(("slug" = String, Path, description = "The document's slug"), DetailQuery),
    responses(
        (status = 200, description = "The document", body = ApiDocumentDetail),
        (status = 400, description = "An unknown language", body = ErrorBody),
        (status = 404, description = "No such document, or not readable by the caller", body = ErrorBody),
    )
)]
pub async fn detail(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<DetailQuery>,
) -> ApiResult<Json<ApiDocumentDetail>> {
    let requested = code_param::<Lang>(&q.lang, "language")?;
    let catalog = Catalog::new(&state.store, &viewer);
    let lang = match requested {
        Some(l) => l,
        None => catalog.set(&slug).await?.pick(Lang::En).language,
    };
    let (doc, _) = catalog.document(lang, &slug).await?;
    let backlinks = doc
        .backlinks
        .iter()
        .map(|c| ApiLink { slug: c.slug.clone(), language: c.language, title: c.title.clone(), url: c.href(lang) })
        .collect();
    let attachments = doc
        .attachments
        .iter()
        .map(|a| ApiAttachment {
            url: format!("/attachments/{}/{}", a.id, app::model::encode_component(&a.file_name)),
            info: a.clone(),
        })
        .collect();
    Ok(Json(ApiDocumentDetail {
        visibility: doc.card.visibility,
        document: ApiDocument::from_card(doc.card),
        authors: doc.authors,
        in_requested_language: doc.requested_language.is_none(),
        html: doc.html,
        toc: doc.toc,
        backlinks,
        attachments,
        event: doc.event,
        activities: doc.activities,
    }))
}
