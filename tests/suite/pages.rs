//! Every page type on the real router: what a reader sees, in which language, with which
//! permissions, and the security properties every page shares.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tests::TestApp;

#[tokio::test]
async fn home_page_introduces_the_partnership_and_lists_sections_and_areas() {
    let app = TestApp::new().await;
    let res = app.get("/en/").await;
    res.assert_status(StatusCode::OK);
    let b = &res.body;
    assert!(b.contains("<html lang=\"en\""), "lang attribute");
    assert!(b.contains("The Development Solutions Partnership on GBV"), "overview title from content");
    assert!(b.contains("Latest documents"));
    for section in ["/en/case-studies", "/en/workplans", "/en/webinars", "/en/lessons"] {
        assert!(b.contains(&format!("href=\"{section}\"")), "link to {section}");
    }
    for area in ["Management structure", "Funding mechanisms", "Crisis-centre capacity", "Social protection"] {
        assert!(b.contains(area), "area {area} listed");
    }
    assert_eq!(res.header("content-language"), Some("en"));
}

#[tokio::test]
async fn pages_follow_the_language_prefix() {
    let app = TestApp::new().await;
    let ko = app.get("/ko/").await;
    ko.assert_status(StatusCode::OK);
    assert!(ko.body.contains("<html lang=\"ko\""));
    // The overview exists in Korean, so the Korean title is the intro.
    assert!(ko.body.contains("lang=\"ko\" class=\"intro\""), "intro is the Korean version");
    assert!(ko.body.contains("href=\"/ko/doc/partnership-overview\""));
    // Section links stay in the prefix.
    assert!(ko.body.contains("href=\"/ko/case-studies\""));
}

#[tokio::test]
async fn the_interface_speaks_the_language_of_the_prefix() {
    let app = TestApp::new().await;
    for (lang, quick_exit, latest, case_studies, docs_on_tag) in [
        ("ru", "Быстрый выход", "Последние документы", "Кейсы", "документ"),
        ("ky", "Тез чыгуу", "Акыркы документтер", "Кейстер", "документ"),
        ("ko", "빠른 나가기", "최신 문서", "사례 연구", "문서 "),
    ] {
        let home = app.get(&format!("/{lang}/")).await;
        home.assert_status(StatusCode::OK);
        assert!(home.body.contains(quick_exit), "{lang}: quick exit in the reader's language");
        assert!(home.body.contains(latest), "{lang}: home headings translated");
        for english in ["Quick exit", "Latest documents", "Skip to content", "Exchange areas"] {
            assert!(!home.body.contains(english), "{lang}: English chrome left: {english}");
        }
        let section = app.get(&format!("/{lang}/case-studies")).await;
        assert!(section.body.contains(&format!("<h1>{case_studies}</h1>")), "{lang}: section title");
        // Counts are phrased in the language too ("3 документа", "문서 3건").
        let tag = app.get(&format!("/{lang}/tags/sunflower-centre")).await;
        tag.assert_status(StatusCode::OK);
        let count = tag.body.split("class=\"result-count\">").nth(1).and_then(|r| r.split('<').next()).unwrap_or("");
        assert!(count.contains(docs_on_tag) && count.chars().any(|c| c.is_ascii_digit()), "{lang}: {count:?}");
    }
    // English stays English.
    let en = app.get("/en/").await;
    assert!(en.body.contains("Quick exit") && en.body.contains("Latest documents"));
}

#[tokio::test]
async fn document_page_shows_metadata_toc_anchors_translations_and_backlinks() {
    let app = TestApp::new().await;
    let res = app.get("/en/doc/sunflower-centre-model").await;
    res.assert_status(StatusCode::OK);
    let b = &res.body;
    assert!(b.contains("<h1>The Sunflower Centre model</h1>"));
    assert!(b.contains("Case study"), "kind");
    assert!(b.contains("<time datetime=\"2019-03-14\">"), "date");
    assert!(b.contains("Sunflower Exchange editorial team"), "authors");
    assert!(b.contains("Republic of Korea"), "country");
    assert!(b.contains("href=\"/en/areas/management-structure\""), "area link");
    assert!(b.contains("href=\"/en/tags/sunflower-centre\""), "tag link");
    // Table of contents pointing at heading anchors that exist.
    assert!(b.contains("<nav aria-labelledby=\"toc-title\""));
    assert!(b.contains("href=\"#what-a-sunflower-centre-is\""));
    assert!(b.contains(
        "<h2 id=\"what-a-sunflower-centre-is\"><a class=\"heading-anchor\" href=\"#what-a-sunflower-centre-is\""
    ));
    // Translations in the three other languages.
    for (lang, name) in [("ru", "Русский"), ("ky", "Кыргызча"), ("ko", "한국어")] {
        assert!(
            b.contains(&format!(
                "href=\"/{lang}/doc/sunflower-centre-model\" hreflang=\"{lang}\" lang=\"{lang}\">{name}</a>"
            )),
            "{lang}"
        );
    }
    // "Linked from": the overview links here.
    assert!(b.contains("Linked from"));
    assert!(b.contains("href=\"/en/doc/partnership-overview\""));
    // Internal links in the body point into the reader's language.
    assert!(b.contains("href=\"/en/doc/sunflower-centre-operation-processes\""));
    assert!(!b.contains("/_lang_/"), "placeholder replaced");
}

#[tokio::test]
async fn a_translation_is_served_in_its_language_and_links_stay_in_it() {
    let app = TestApp::new().await;
    let res = app.get("/ru/doc/sunflower-centre-model").await;
    res.assert_status(StatusCode::OK);
    assert!(res.body.contains("<article lang=\"ru\" class=\"doc\">"), "the Russian version");
    assert!(res.body.contains("href=\"/ru/doc/"), "internal links keep the Russian prefix");
    assert!(!res.body.contains("not available in your language"), "no fallback notice");
}

#[tokio::test]
async fn a_missing_translation_falls_back_to_the_original_with_a_notice() {
    let app = TestApp::new().await;
    let res = app.get("/ko/doc/sunflower-centre-funding-mechanisms").await;
    res.assert_status(StatusCode::OK);
    assert!(res.body.contains("<html lang=\"ko\""), "chrome stays in the requested language");
    assert!(res.body.contains("<article lang=\"en\" class=\"doc\">"), "original shown, marked English");
    use app::model::Lang;
    let notice = app::i18n::fill(
        app::i18n::ui(Lang::Ko).not_in_language_named,
        &[
            ("language", app::i18n::language_name(Lang::Ko, Lang::Ko)),
            ("original", app::i18n::original_name(Lang::Ko, Lang::En)),
        ],
    );
    assert!(res.body.contains(&notice), "the notice, naming the languages, in Korean like the rest of the chrome");
    assert!(res.body.find(&notice).unwrap() < res.body.find("<h1>").unwrap(), "the notice above the title");
    assert!(!res.body.contains("This document is not available in your language yet"), "no English notice");
}

#[tokio::test]
async fn section_lists_filter_by_language_country_and_area_with_plain_links() {
    let app = TestApp::new().await;
    let all = app.get("/en/case-studies").await;
    all.assert_status(StatusCode::OK);
    assert!(all.body.contains("<h1>Case studies</h1>"));
    assert!(all.body.contains("The Sunflower Centre model"));
    assert!(all.body.contains("Crisis centres in Kyrgyzstan"));
    // Filters are plain links that work without JavaScript.
    assert!(all.body.contains("href=\"/en/case-studies?language=ru\""));
    assert!(all.body.contains("href=\"/en/case-studies?country=KG\""));
    assert!(all.body.contains("href=\"/en/case-studies?area=funding-mechanisms\""));

    let ru = app.get("/en/case-studies?language=ru").await;
    assert!(ru.body.contains("Модель центров"), "Russian titles: {}", ru.body.len());
    assert!(!ru.body.contains("Sunflower Centre funding mechanisms"), "no English-only documents");

    let kg = app.get("/en/case-studies?country=KG").await;
    assert!(kg.body.contains("Crisis centres in Kyrgyzstan"));
    assert!(!kg.body.contains(">Sunflower Centre management structure<"), "a Korea-only case study is filtered out");

    let area = app.get("/en/case-studies?area=funding-mechanisms").await;
    assert!(area.body.contains("Sunflower Centre funding mechanisms"));
    assert!(!area.body.contains(">Sunflower Centre services for children"), "other areas filtered out");

    // Nonsense in the query string still gives a list, not an error page.
    app.get("/en/case-studies?language=xx&page=abc&area=%00").await.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn a_section_page_lists_once_and_ships_no_list_island() {
    let app = TestApp::new().await;
    let res = app.get("/en/webinars").await;
    assert!(res.body.contains("Webinar: integrative support mechanisms"));
    // The list is plain HTML once: no island, no copy of the cards as props.
    assert!(!res.body.contains("SectionBrowser"), "no list island");
    assert_eq!(res.body.matches("Webinar: integrative support mechanisms").count(), 1, "the card once");
    // The only islands are the header's search box; it carries its words, not the tables.
    assert!(res.body.contains("<leptos-island data-component=\"SearchBox_"));
    let island = res.body.split("<leptos-island data-component=\"SearchBox_").nth(1).unwrap();
    let props = &island[..island.find('>').unwrap()];
    let placeholder = app::i18n::ui(app::model::Lang::En).search_placeholder;
    assert!(props.contains(placeholder), "the search box's words are its props: {props}");
}

#[tokio::test]
async fn webinar_and_workplan_pages_show_their_structure() {
    let app = TestApp::new().await;
    let w = app.get("/en/doc/2019-01-29-integrative-support-webinar").await;
    w.assert_status(StatusCode::OK);
    assert!(w.body.contains("Organisers"));
    assert!(w.body.contains("UNDP Seoul Policy Centre"));
    assert!(w.body.contains("Agenda"));
    assert!(w.body.contains("<time datetime=\"2019-01-29\">"));

    let p = app.get("/en/doc/strategic-workplan-draft").await;
    p.assert_status(StatusCode::OK);
    assert!(p.body.contains("illustrative"), "marked illustrative");
    assert!(p.body.contains("id=\"activity-a1\" class=\"activity\""), "activities are structured");
    assert!(p.body.contains("Lead"));
    assert!(p.body.contains("Planned"));
}

#[tokio::test]
async fn area_and_tag_pages_list_what_belongs_to_them() {
    let app = TestApp::new().await;
    let area = app.get("/en/areas/funding-mechanisms").await;
    area.assert_status(StatusCode::OK);
    assert!(area.body.contains("<h1>Funding mechanisms</h1>"));
    assert!(area.body.contains("Documents in this area"));
    assert!(area.body.contains("Sunflower Centre funding mechanisms"));
    assert!(area.body.contains("Workplan activities in this area"), "activities of the workplan");

    // The document URL of an area redirects to its area page.
    let r = app.get("/en/doc/funding-mechanisms").await;
    assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.header("location"), Some("/en/areas/funding-mechanisms"));

    let tag = app.get("/en/tags/sunflower-centre").await;
    tag.assert_status(StatusCode::OK);
    assert!(tag.body.contains("#Sunflower Centre"), "the tag's label from content/tags.yaml");
    let ru_tag = app.get("/ru/tags/sunflower-centre").await;
    assert!(ru_tag.body.contains("#Центр «Подсолнух»"), "the Russian label, same address");
    assert!(tag.body.contains("The Sunflower Centre model"));
    let tags = app.get("/en/tags").await;
    assert!(tags.body.contains("href=\"/en/tags/crisis-centres\""));
    app.get("/en/areas").await.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn unknown_addresses_get_a_real_404_page() {
    let app = TestApp::new().await;
    for path in [
        "/en/doc/no-such-doc",
        "/ru/nowhere",
        "/xx/",
        "/en/areas/no-area",
        "/en/tags/no-tag",
        "/en/areas/sunflower-centre-model",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        let lang = if path.starts_with("/ru/") { app::model::Lang::Ru } else { app::model::Lang::En };
        let title = app::i18n::ui(lang).not_found_title;
        assert!(res.body.contains(&format!("<h1>{title}</h1>")), "{path}: {}", res.body);
        assert!(res.body.contains("class=\"quick-exit\""), "{path} still has the quick exit");
    }
    let ru = app.get("/ru/doc/no-such-doc").await;
    assert!(ru.body.contains("<html lang=\"ru\""), "404 in the prefix language");
}

#[tokio::test]
async fn root_redirects_by_cookie_then_accept_language_then_english() {
    let app = TestApp::new().await;
    let plain = app.get("/").await;
    assert_eq!(plain.status, StatusCode::SEE_OTHER);
    assert_eq!(plain.header("location"), Some("/en/"));

    let req = |headers: &[(&str, &str)]| {
        let mut r = Request::get("/");
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r.body(Body::empty()).unwrap()
    };
    let by_header = app.request(req(&[("accept-language", "de-DE,ko-KR;q=0.9,en;q=0.5")])).await;
    assert_eq!(by_header.header("location"), Some("/ko/"));
    let by_cookie = app.request(req(&[("accept-language", "ko"), ("cookie", "lang=ky")])).await;
    assert_eq!(by_cookie.header("location"), Some("/ky/"), "cookie wins over the header");
    let junk = app.request(req(&[("accept-language", ";;;q=x,*"), ("cookie", "lang=zz")])).await;
    assert_eq!(junk.header("location"), Some("/en/"));

    // Visiting a language remembers it.
    let ru = app.get("/ru/").await;
    assert!(ru.header("set-cookie").is_some_and(|c| c.starts_with("lang=ru")), "{:?}", ru.headers);
    let r = app.get("/ru").await;
    assert_eq!(r.header("location"), Some("/ru/"));
}

#[tokio::test]
async fn restricted_documents_are_invisible_to_anonymous_visitors_everywhere() {
    let app = TestApp::new().await;
    let page = app.get("/en/doc/partners-only-lesson").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    app.get("/en/doc/staff-only-note").await.assert_status(StatusCode::NOT_FOUND);
    let lessons = app.get("/en/lessons").await;
    assert!(!lessons.body.contains("Partners-only lesson"));
    assert!(!lessons.body.contains("Staff-only planning note"));
    let tag = app.get("/en/tags/fixture-restricted").await;
    assert_eq!(tag.status, StatusCode::NOT_FOUND, "a tag with only restricted documents is empty");
    let area = app.get("/en/areas/operation-processes").await;
    assert!(!area.body.contains("Partners-only"), "not in area lists");
    // The staff note links to the model; its backlink must not show.
    let model = app.get("/en/doc/sunflower-centre-model").await;
    assert!(!model.body.contains("Staff-only planning note"), "no backlink from a restricted document");
    let home = app.get("/en/").await;
    assert!(!home.body.contains("Partners-only"));
}

#[tokio::test]
async fn attachments_are_listed_and_served_safely() {
    let app = TestApp::new().await;
    let page = app.get("/en/doc/attachment-example").await;
    page.assert_status(StatusCode::OK);
    assert!(page.body.contains("Attachments"));
    assert!(page.body.contains("Agenda (PDF)"));
    assert!(page.body.contains("application/pdf"));
    assert!(page.body.contains("image/png"));
    let href =
        page.body.split("href=\"/attachments/").nth(1).and_then(|s| s.split('"').next()).expect("attachment link");
    let file = app.get(&format!("/attachments/{href}")).await;
    file.assert_status(StatusCode::OK);
    assert_eq!(file.header("content-type"), Some("application/pdf"));
    assert!(file.header("content-disposition").is_some_and(|d| d.starts_with("attachment; filename=\"agenda.pdf\"")));
    assert!(file.body.starts_with("%PDF"));
    assert_eq!(file.header("x-content-type-options"), Some("nosniff"));
    // A made-up id is a 404, like a restricted one.
    app.get("/attachments/999999/x.pdf").await.assert_status(StatusCode::NOT_FOUND);
    app.get("/attachments/abc/x.pdf").await;
    // The missing link target was rendered as plain text.
    assert!(page.body.contains("a document that does not exist"));
    assert!(!page.body.contains("no-such-document"));
}

#[tokio::test]
async fn every_page_has_quick_exit_skip_link_landmarks_and_no_third_party_requests() {
    let app = TestApp::new().await;
    for path in [
        "/en/",
        "/ru/case-studies",
        "/ky/doc/kyrgyzstan-crisis-centres",
        "/ko/areas/social-protection",
        "/en/tags/webinar",
        "/en/doc/strategic-workplan-draft",
    ] {
        let res = app.get(path).await;
        res.assert_status(StatusCode::OK);
        let b = &res.body;
        assert!(b.contains("<a href=\"#main\" class=\"skip-link\">"), "{path}: skip link");
        assert!(b.contains("id=\"quick-exit\""), "{path}: quick exit");
        assert!(b.contains("<main id=\"main\""), "{path}: main landmark");
        assert!(b.contains("<header class=\"site-header\">") && b.contains("<footer"), "{path}: landmarks");
        let lang = app::model::Lang::from_code(&path[1..3]).unwrap();
        let nav = app::i18n::ui(lang).sections_nav;
        assert!(b.contains(&format!("aria-label=\"{nav}\"")), "{path}: labelled navigation");
        // Nothing is loaded from another host: scripts, styles, images, frames.
        for attr in ["src=\"http", "src=\"//", "href=\"//"] {
            assert!(!b.contains(attr), "{path}: external resource {attr}");
        }
        assert!(!b.contains("<link rel=\"stylesheet\" href=\"http"), "{path}");
        let csp = res.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"), "{path}: CSP {csp}");
        assert_eq!(res.header("referrer-policy"), Some("same-origin"));
    }
}

#[tokio::test]
async fn assets_are_served_with_long_caching() {
    let app = TestApp::new().await;
    let home = app.get("/en/").await;
    let css = home.body.split("href=\"/assets/main.").nth(1).and_then(|s| s.split('"').next()).expect("css link");
    let res = app.get(&format!("/assets/main.{css}")).await;
    res.assert_status(StatusCode::OK);
    assert!(res.header("content-type").unwrap_or_default().starts_with("text/css"));
    assert!(res.header("cache-control").unwrap_or_default().contains("immutable"));
    assert!(res.body.contains("@media print"), "print stylesheet");
    assert!(res.body.contains(".quick-exit"));
    app.get("/assets/main.000000000000.css").await.assert_status(StatusCode::NOT_FOUND);
}
