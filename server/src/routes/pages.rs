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
use std::sync::Arc;

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
    let part = list_body(&state, &ctx, "home", || async {
        let data = Catalog::new(&state.store, &ctx.viewer).home(lang).await?;
        let html = app::render::render_fragment(move || view! { <HomePage lang data/> });
        Ok(ListBody { html, path: "/".into(), title: String::new() })
    })
    .await?;
    let meta = PageMeta { lang, path: part.path.clone(), ..Default::default() };
    Ok(page(&state, &ctx, meta, move || part.view()))
}

/// A list page's body (home, section, tag), rendered, with the address it settled on and
/// (for a tag) its title.
struct ListBody {
    html: String,
    path: String,
    title: String,
}

impl ListBody {
    fn view(&self) -> impl IntoView + use<> {
        view! { <div class="list-body" inner_html=self.html.clone()></div> }
    }
}

/// A list page's body for this viewer. For members it is rendered once per class of reader
/// (what they may read), language, address, day and state of the library, and shared, as a
/// document's body is: their pages are never kept whole, and the list is the same for everyone
/// of a class. Visitors' whole pages are kept by the page cache, so theirs is made each time.
async fn list_body<F, Fut>(state: &AppState, ctx: &PageContext, what: &str, make: F) -> Result<Arc<ListBody>>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<ListBody>>,
{
    if ctx.session.is_none() {
        return Ok(Arc::new(make().await?));
    }
    // Keyed by the library's own mark (not the search index's): a member sees a change made on
    // this node at once, as the library does.
    let (newest, in_window) = state.store.library().await?.mark();
    let class: Vec<&str> = ctx.viewer.visibilities().iter().map(|v| v.code()).collect();
    // Webinars move from "upcoming" to "past" with the date.
    let today = crate::dates::iso_date(crate::db::now());
    let key = format!("list\u{0}{}\u{0}{what}\u{0}{}\u{0}{in_window}\u{0}{today}", ctx.lang, class.join(","));
    state.pages.fragments.get_or_make(newest, key, make()).await
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
    let what = format!("section\u{0}{}{}", section.path(), filters.query_string());
    let part = list_body(&state, &ctx, &what, || async {
        let list = Catalog::new(&state.store, &ctx.viewer).section_list(lang, section, filters).await?;
        // The address as the list settled it (a page past the last is the last).
        let path = format!("/{}{}", section.path(), list.filters.query_string());
        let html = app::render::render_fragment(move || view! { <SectionPage lang list/> });
        Ok(ListBody { html, path, title: String::new() })
    })
    .await?;
    let meta = PageMeta {
        lang,
        title: section_label(lang, section).into(),
        path: part.path.clone(),
        section: Some(section),
        ..Default::default()
    };
    Ok(page(&state, &ctx, meta, move || part.view()))
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
    // Webinar times in the reader's own zone (from their account), status forms for editors.
    let zone_name = ctx.session.as_ref().and_then(|s| s.user.time_zone.clone()).unwrap_or_default();
    let editor = ctx.session.as_ref().filter(|s| crate::publishing::may_edit(s)).map(|_| ctx.csrf.clone());
    let body = if editor.is_some() {
        // Editors' pages carry their forms: made for them alone.
        Arc::new(document_body(&state, &ctx.viewer, lang, &slug, &zone_name, editor).await?)
    } else {
        // Everyone who may read the same sees the same body; only the page around it is theirs.
        let class: Vec<&str> = ctx.viewer.visibilities().iter().map(|v| v.code()).collect();
        let key = format!("doc\u{0}{lang}\u{0}{slug}\u{0}{}\u{0}{zone_name}", class.join(","));
        let generation = state.search.generation();
        state
            .pages
            .fragments
            .get_or_make(generation, key, document_body(&state, &ctx.viewer, lang, &slug, &zone_name, None))
            .await?
    };
    if body.kind == Kind::Area {
        return Ok(Redirect::permanent(&format!("/{lang}/areas/{slug}")).into_response());
    }
    let notice = crate::publishing::status::flash(&notice).map(|m| m.text(lang));
    let meta = PageMeta {
        lang,
        title: body.title.clone(),
        description: Some(body.summary.clone()).filter(|s| !s.is_empty()),
        path: format!("/doc/{slug}"),
        section: Section::for_kind(body.kind),
        languages: Some(body.translations.clone()),
        ..Default::default()
    };
    // The body above was made for this viewer's class, so they may read the document.
    let threads = match &ctx.session {
        Some(_) => Some(crate::discussion::threads_on_shown_document(&state.store, &slug, ctx.clock()).await?),
        None => None,
    };
    let csrf = ctx.csrf.clone();
    let staff = ctx.session.as_ref().filter(|s| crate::publishing::may_edit(s)).map(|_| {
        let missing: Vec<Lang> = Lang::ALL.into_iter().filter(|l| !body.translations.contains(l)).collect();
        (body.document_id, body.kind, missing)
    });
    Ok(page(&state, &ctx, meta, move || {
        let tools = staff.map(|(document_id, kind, missing)| {
            view! { <DocStaffTools lang document_id slug=slug.clone() kind missing/> }
        });
        view! {
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {tools}
            <div class="doc-body" inner_html=body.html.clone()></div>
            <DocDiscussion lang slug=slug.clone() threads csrf/>
        }
    }))
}

/// A document page's body, rendered, with what the page around it needs.
struct DocumentBody {
    html: String,
    document_id: i64,
    kind: Kind,
    title: String,
    summary: String,
    translations: Vec<Lang>,
}

async fn document_body(
    state: &AppState,
    viewer: &app::model::Viewer,
    lang: Lang,
    slug: &str,
    zone_name: &str,
    editor: Option<String>,
) -> Result<DocumentBody> {
    let catalog = Catalog::new(&state.store, viewer);
    let (mut doc, rev) = catalog.document(lang, slug).await?;
    let own_zone = Some(zone_name).filter(|z| !z.is_empty()).and_then(|z| z.parse().ok());
    if doc.card.kind != Kind::Area {
        catalog.structured_parts(lang, &mut doc, own_zone, editor).await?;
    }
    let card = doc.card.clone();
    let html = app::render::render_fragment(move || view! { <DocumentPage lang doc/> });
    Ok(DocumentBody {
        html,
        document_id: rev.document_id,
        kind: card.kind,
        title: card.title,
        summary: card.summary,
        translations: card.translations,
    })
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
    RawQuery(query): RawQuery,
) -> Result<Response> {
    let lang = ctx.lang;
    let catalog = Catalog::new(&state.store, &ctx.viewer);
    let wanted = ListFilters::from_query(query.as_deref().unwrap_or("")).page;
    // The area's own document is the same for everyone who may read the same: kept like a
    // document page's body.
    let class: Vec<&str> = ctx.viewer.visibilities().iter().map(|v| v.code()).collect();
    let key = format!("area\u{0}{lang}\u{0}{slug}\u{0}{}", class.join(","));
    let generation = state.search.generation();
    let part = state.pages.fragments.get_or_make(generation, key, catalog.area_document(lang, &slug)).await?;
    let (doc, open_questions) = part.as_ref().clone();
    let mut page_data = catalog.area_with(lang, &slug, wanted, doc, open_questions).await?;
    let map = catalog.exchange_map(lang).await?;
    page_data.map = map.rows.into_iter().find(|r| r.area.slug == slug).map(|r| (map.columns, r));
    let meta = PageMeta {
        lang,
        title: page_data.doc.card.title.clone(),
        description: Some(page_data.doc.card.summary.clone()).filter(|s| !s.is_empty()),
        path: format!("/areas/{slug}{}", page_query(page_data.page)),
        languages: Some(page_data.doc.card.translations.clone()),
        ..Default::default()
    };
    Ok(page(&state, &ctx, meta, move || view! { <AreaPageView lang page=page_data/> }))
}

async fn tags(State(state): State<AppState>, ctx: PageContext) -> Result<Response> {
    let lang = ctx.lang;
    let tags = Catalog::new(&state.store, &ctx.viewer).tags(lang).await?.as_ref().clone();
    let meta = PageMeta { lang, title: ui(lang).all_tags.into(), path: "/tags".into(), ..Default::default() };
    Ok(page(&state, &ctx, meta, move || view! { <TagIndexPage lang tags/> }))
}

async fn tag(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(TagParam { tag }): Path<TagParam>,
    RawQuery(query): RawQuery,
) -> Result<Response> {
    let lang = ctx.lang;
    let wanted = ListFilters::from_query(query.as_deref().unwrap_or("")).page;
    let what = format!("tag\u{0}{tag}\u{0}{wanted}");
    let part = list_body(&state, &ctx, &what, || async {
        let page_data = Catalog::new(&state.store, &ctx.viewer).tag(lang, &tag, wanted).await?;
        let path = format!("/tags/{}{}", app::model::encode_component(&tag), page_query(page_data.page));
        let title = format!("#{}", page_data.tag.title);
        let html = app::render::render_fragment(move || view! { <TagPageView lang page=page_data/> });
        Ok(ListBody { html, path, title })
    })
    .await?;
    let meta = PageMeta { lang, title: part.title.clone(), path: part.path.clone(), ..Default::default() };
    Ok(page(&state, &ctx, meta, move || part.view()))
}

/// `?page=N` for pages after the first.
fn page_query(page: u32) -> String {
    if page > 1 { format!("?page={page}") } else { String::new() }
}
