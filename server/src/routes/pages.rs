//! The reading pages: home, sections, documents, exchange areas, tags; `/` picks the language.
//! Each handler asks the catalog for one page's data and renders it.

use app::components::layout::PageMeta;
use app::i18n::{section_label, ui};
use app::model::{Kind, Lang, ListFilters, Section};
use app::pages::area::AreaPageView;
use app::pages::document::DocumentPage;
use app::pages::editor::DocStaffTools;
use app::pages::forum::DocDiscussion;
use app::pages::home::HomePage;
use app::pages::section::SectionPage;
use app::pages::tag::{TagIndexPage, TagPageView};
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum_extra::extract::CookieJar;
use leptos::prelude::*;
use serde::Deserialize;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::context::LANG_COOKIE;
use crate::web::{PageContext, PageLang, page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(root))
        .route("/{lang}", get(lang_root))
        .route("/{lang}/", get(home))
        .route("/{lang}/doc/{slug}", get(document))
        .route("/{lang}/areas", get(areas))
        .route("/{lang}/areas/{slug}", get(area))
        .route("/{lang}/tags", get(tags))
        .route("/{lang}/tags/{tag}", get(tag))
        .route("/{lang}/{section}", get(section))
}

/// Any address nothing else answers.
pub async fn not_found() -> Error {
    Error::NotFound
}

#[derive(Deserialize)]
struct SlugParam {
    slug: String,
}

#[derive(Deserialize)]
struct TagParam {
    tag: String,
}

#[derive(Deserialize)]
struct SectionParam {
    section: String,
}

/// `/`: to the remembered language, else the browser's preferred one, else English.
async fn root(jar: CookieJar, headers: HeaderMap) -> Response {
    let lang = preferred_language(&jar, &headers);
    let mut res = Redirect::to(&format!("/{lang}/")).into_response();
    res.headers_mut().insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    res
}

/// The language for a visitor without a prefix: cookie, then `Accept-Language`, then English.
pub fn preferred_language(jar: &CookieJar, headers: &HeaderMap) -> Lang {
    if let Some(l) = jar.get(LANG_COOKIE).and_then(|c| Lang::from_code(c.value())) {
        return l;
    }
    crate::web::context::accepted_language(headers).unwrap_or(Lang::En)
}

async fn lang_root(PageLang(lang): PageLang) -> Redirect {
    Redirect::permanent(&format!("/{lang}/"))
}

async fn home(State(state): State<AppState>, ctx: PageContext) -> Result<Response> {
    let lang = ctx.lang;
    let data = Catalog::new(&state.store, &ctx.viewer).home(lang).await?;
    let meta = PageMeta { lang, path: "/".into(), ..Default::default() };
    Ok(page(&state, &ctx, meta, move || view! { <HomePage lang data/> }))
}

async fn section(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(SectionParam { section }): Path<SectionParam>,
    RawQuery(query): RawQuery,
) -> Result<Response> {
    let lang = ctx.lang;
    let section = Section::from_path(&section).ok_or(Error::NotFound)?;
    let filters = ListFilters::from_query(query.as_deref().unwrap_or(""));
    let list = Catalog::new(&state.store, &ctx.viewer).section_list(lang, section, filters).await?;
    let meta = PageMeta {
        lang,
        title: section_label(lang, section).into(),
        path: format!("/{}{}", section.path(), list.filters.query_string()),
        section: Some(section),
        ..Default::default()
    };
    Ok(page(&state, &ctx, meta, move || view! { <SectionPage lang list/> }))
}

#[derive(Deserialize, Default)]
struct NoticeQuery {
    #[serde(default)]
    notice: String,
}

async fn document(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(SlugParam { slug }): Path<SlugParam>,
    axum::extract::Query(NoticeQuery { notice }): axum::extract::Query<NoticeQuery>,
) -> Result<Response> {
    let lang = ctx.lang;
    let catalog = Catalog::new(&state.store, &ctx.viewer);
    let (mut doc, rev) = catalog.document(lang, &slug).await?;
    if doc.card.kind == Kind::Area {
        return Ok(Redirect::permanent(&format!("/{lang}/areas/{slug}")).into_response());
    }
    // Webinar times in the reader's own zone (from their account), status forms for editors.
    let own_zone = ctx.session.as_ref().and_then(|s| s.user.time_zone.as_deref()).and_then(|z| z.parse().ok());
    let editor = ctx.session.as_ref().filter(|s| crate::publishing::may_edit(s)).map(|_| ctx.csrf.clone());
    catalog.structured_parts(lang, &mut doc, own_zone, editor).await?;
    let notice = crate::publishing::status::flash(&notice).map(|m| m.text(lang));
    let meta = PageMeta {
        lang,
        title: doc.card.title.clone(),
        description: Some(doc.card.summary.clone()).filter(|s| !s.is_empty()),
        path: format!("/doc/{slug}"),
        section: Section::for_kind(doc.card.kind),
        languages: Some(doc.card.translations.clone()),
        ..Default::default()
    };
    let threads = match &ctx.session {
        Some(s) => Some(crate::discussion::threads(&state.store, s, Some(&slug), ctx.clock()).await?),
        None => None,
    };
    let csrf = ctx.csrf.clone();
    let staff = ctx.session.as_ref().filter(|s| crate::publishing::may_edit(s)).map(|_| {
        let missing: Vec<Lang> = Lang::ALL.into_iter().filter(|l| !doc.card.translations.contains(l)).collect();
        (rev.document_id, doc.card.kind, missing)
    });
    Ok(page(&state, &ctx, meta, move || {
        let tools = staff.map(|(document_id, kind, missing)| {
            view! { <DocStaffTools lang document_id slug=slug.clone() kind missing/> }
        });
        view! {
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {tools}
            <DocumentPage lang doc/>
            <DocDiscussion lang slug=slug.clone() threads csrf/>
        }
    }))
}

async fn areas(State(state): State<AppState>, ctx: PageContext) -> Result<Response> {
    let lang = ctx.lang;
    let cards = Catalog::new(&state.store, &ctx.viewer).areas(lang).await?;
    let t = ui(lang);
    let meta = PageMeta { lang, title: t.exchange_areas.into(), path: "/areas".into(), ..Default::default() };
    Ok(page(&state, &ctx, meta, move || {
        view! {
            <div class="areas-page">
                <h1>{t.exchange_areas}</h1>
                <p><a href=format!("/{lang}/map")>{t.map_link}</a></p>
                <app::components::doc_card::CardList cards reader=lang top=true/>
            </div>
        }
    }))
}

async fn area(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(SlugParam { slug }): Path<SlugParam>,
) -> Result<Response> {
    let lang = ctx.lang;
    let catalog = Catalog::new(&state.store, &ctx.viewer);
    let mut page_data = catalog.area(lang, &slug).await?;
    let map = catalog.exchange_map(lang).await?;
    page_data.map = map.rows.into_iter().find(|r| r.area.slug == slug).map(|r| (map.columns, r));
    let meta = PageMeta {
        lang,
        title: page_data.doc.card.title.clone(),
        description: Some(page_data.doc.card.summary.clone()).filter(|s| !s.is_empty()),
        path: format!("/areas/{slug}"),
        languages: Some(page_data.doc.card.translations.clone()),
        ..Default::default()
    };
    Ok(page(&state, &ctx, meta, move || view! { <AreaPageView lang page=page_data/> }))
}

async fn tags(State(state): State<AppState>, ctx: PageContext) -> Result<Response> {
    let lang = ctx.lang;
    let tags = Catalog::new(&state.store, &ctx.viewer).tags(lang).await?;
    let meta = PageMeta { lang, title: ui(lang).all_tags.into(), path: "/tags".into(), ..Default::default() };
    Ok(page(&state, &ctx, meta, move || view! { <TagIndexPage lang tags/> }))
}

async fn tag(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(TagParam { tag }): Path<TagParam>,
) -> Result<Response> {
    let lang = ctx.lang;
    let page_data = Catalog::new(&state.store, &ctx.viewer).tag(lang, &tag).await?;
    let meta = PageMeta {
        lang,
        title: format!("#{}", page_data.tag.title),
        path: format!("/tags/{}", app::model::encode_component(&tag)),
        ..Default::default()
    };
    Ok(page(&state, &ctx, meta, move || view! { <TagPageView lang page=page_data/> }))
}
