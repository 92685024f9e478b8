//! Browser tests in headless Chromium: the section filters hydrated (no console errors) and
//! without JavaScript (the same content, filters as plain links), quick exit.

use tests::TestServer;
use tests::browser::{Browser, Js};

/// The number a list page's result counter shows.
fn result_count(body: &str) -> u32 {
    let after = body.split("class=\"result-count\"").nth(1).expect("a result counter");
    let text = &after[after.find('>').expect("tag end") + 1..];
    // "12 documents", "문서 12건": the first number in the counter.
    let text = &text[..text.find('<').unwrap_or(text.len())];
    let digits: String = text.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    digits.parse().expect("a number")
}

fn bundle_built() {
    let manifest = tests::workspace_root().join("target/site/pkg/manifest.json");
    assert!(
        manifest.exists(),
        "the hydration bundle is missing: run `cargo xtask bundle` first (`cargo xtask test` does)"
    );
}

#[tokio::test]
async fn console_errors_are_really_captured() {
    // Guards the other tests: if this fails, "no console errors" would prove nothing.
    let server = TestServer::start().await;
    let b = Browser::start(Js::On).await;
    b.goto(&server.url("/en/")).await;
    b.js("console.error('probe-error-123'); return true;").await;
    let errors = b.console_errors().await;
    assert!(errors.iter().any(|e| e.contains("probe-error-123")), "{errors:?}");
    b.close().await;
}

#[tokio::test]
async fn hydrated_filters_lead_to_the_filtered_page_and_back() {
    // The filters are links to pages of their own (kept by the page cache), not an island:
    // with JavaScript on they must work exactly as without, and raise no error.
    bundle_built();
    let server = TestServer::start().await;
    let all_count = result_count(&server.app.get("/en/case-studies").await.body);
    let ru_count = result_count(&server.app.get("/en/case-studies?language=ru").await.body);
    assert!(ru_count > 0 && ru_count < all_count, "the filter must change the list ({ru_count} of {all_count})");
    let b = Browser::start(Js::On).await;
    b.goto(&server.url("/en/case-studies")).await;
    b.wait_until("return document.documentElement.dataset.hydrated === 'true'", "hydration").await;
    assert!(b.scripts_ran().await, "the check used by the no-JavaScript test sees scripts run");
    assert!(b.text(".result-count").await.starts_with(&format!("{all_count} ")), "all case studies first");
    b.js("document.querySelector('a[href=\"/en/case-studies?language=ru\"]').click(); return true;").await;
    b.wait_until("return location.search === '?language=ru'", "the address to follow the filter").await;
    b.wait_until(
        &format!("return document.querySelector('.result-count').textContent.startsWith('{ru_count} ')"),
        "the Russian list",
    )
    .await;
    let titles = b.text(".card-list").await;
    assert!(titles.contains("Модель центров «Подсолнух»"), "{titles}");
    assert!(!titles.contains("Sunflower Centre funding mechanisms"), "{titles}");
    // The current filter is marked for assistive technology.
    assert_eq!(
        b.js(
            "return document.querySelector('a[aria-current=\"true\"][href=\"/en/case-studies?language=ru\"]') !== null"
        )
        .await,
        true
    );
    // Back restores the previous list.
    b.js("history.back(); return true;").await;
    b.wait_until("return location.search === ''", "back navigation").await;
    b.wait_until(
        &format!("return document.querySelector('.result-count').textContent.startsWith('{all_count} ')"),
        "the full list again",
    )
    .await;
    let errors = b.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
    b.close().await;
}

#[tokio::test]
async fn hydrated_pages_keep_the_readers_language() {
    bundle_built();
    let server = TestServer::start().await;
    let kg_count = result_count(&server.app.get("/ru/case-studies?country=KG").await.body);
    let b = Browser::start(Js::On).await;
    b.goto(&server.url("/ru/case-studies")).await;
    b.wait_until("return document.documentElement.dataset.hydrated === 'true'", "hydration").await;
    b.js("document.querySelector('a[href=\"/ru/case-studies?country=KG\"]').click(); return true;").await;
    b.wait_until("return location.search === '?country=KG'", "the address to follow the filter").await;
    // The filtered page counts in Russian, with the plural form it needs.
    let expected = app::i18n::count_documents(app::model::Lang::Ru, kg_count);
    b.wait_until(
        &format!("return document.querySelector('.result-count').textContent === '{expected}'"),
        "the Russian count",
    )
    .await;
    assert!(expected.contains("документ"), "{expected}");
    assert_eq!(b.text("#quick-exit").await, "Быстрый выход");
    let errors = b.console_errors().await;
    assert!(errors.is_empty(), "console errors (a hydration mismatch shows here): {errors:?}");
    b.close().await;
}

#[tokio::test]
async fn hydrated_kyrgyz_and_korean_pages_have_no_english_interface_word() {
    bundle_built();
    let server = TestServer::start().await;
    let b = Browser::start(Js::On).await;
    for lang in [app::model::Lang::Ky, app::model::Lang::Ko] {
        let kg_count = result_count(&server.app.get(&format!("/{lang}/case-studies?country=KG")).await.body);
        b.goto(&server.url(&format!("/{lang}/case-studies"))).await;
        b.wait_until("return document.documentElement.dataset.hydrated === 'true'", "hydration").await;
        b.js(&format!("document.querySelector('a[href=\"/{lang}/case-studies?country=KG\"]').click(); return true;"))
            .await;
        let expected = app::i18n::count_documents(lang, kg_count);
        b.wait_until(
            &format!("return document.querySelector('.result-count').textContent === '{expected}'"),
            "the count in the page's language",
        )
        .await;
        // What the islands render in the browser (from the words they were given) is in the
        // page's language too.
        b.wait_until("return document.documentElement.dataset.hydrated === 'true'", "hydration").await;
        let html = b.js("return document.documentElement.outerHTML;").await;
        let words = crate::interface_words::english_words(html.as_str().unwrap(), lang);
        assert!(words.is_empty(), "{lang}: English interface words after hydration: {words:?}");
        let errors = b.console_errors().await;
        assert!(errors.is_empty(), "{lang}: console errors: {errors:?}");
    }
    b.close().await;
}

#[tokio::test]
async fn without_javascript_filters_are_plain_links_with_the_same_content() {
    let server = TestServer::start().await;
    let kg_count = result_count(&server.app.get("/en/case-studies?country=KG").await.body);
    let b = Browser::start(Js::Off).await;
    b.goto(&server.url("/en/case-studies")).await;
    assert!(!b.scripts_ran().await, "JavaScript really is off");
    let all = b.text(".card-list").await;
    assert!(all.contains("The Sunflower Centre model"));
    assert!(all.contains("Crisis centres in Kyrgyzstan"));
    // The filters are folded behind "Filters": open them as a reader would.
    b.open_details("details.filters").await;
    b.click_link("/en/case-studies?country=KG").await;
    let url = b.client.current_url().await.unwrap();
    assert_eq!(url.query(), Some("country=KG"), "a real navigation");
    let kg = b.text(".card-list").await;
    assert!(kg.contains("Crisis centres in Kyrgyzstan"));
    assert!(!kg.contains("Sunflower Centre management structure"), "{kg}");
    assert!(b.text(".result-count").await.starts_with(&format!("{kg_count} ")));
    b.close().await;
}

#[tokio::test]
async fn quick_exit_leaves_and_replaces_the_history_entry() {
    let server = TestServer::start().await;
    let b = Browser::start(Js::On).await;
    b.goto(&server.url("/en/doc/sunflower-centre-model")).await;
    // The real exit address is elsewhere; point the control at a local page to stay offline.
    let target = server.url("/healthz");
    b.js(&format!("document.getElementById('quick-exit').href = '{target}'; return true;")).await;
    let before = b.js("return history.length").await.as_u64().unwrap();
    b.js("document.getElementById('quick-exit').click(); return true;").await;
    b.wait_until("return location.pathname === '/healthz'", "the exit").await;
    let after = b.js("return history.length").await.as_u64().unwrap();
    assert_eq!(after, before, "location.replace: the portal page is not left behind as a new entry");
    b.close().await;

    // Without JavaScript the control is an ordinary link to a neutral site.
    let server_res = server.app.get("/en/").await;
    assert!(server_res.body.contains("href=\"https://www.wikipedia.org/\" rel=\"noreferrer noopener\""));
}

#[tokio::test]
async fn pages_fit_a_360_pixel_phone() {
    let server = TestServer::start().await;
    let b = Browser::start(Js::On).await;
    b.set_window(360, 740).await;
    for path in ["/en/", "/ru/doc/sunflower-centre-model", "/en/case-studies", "/en/doc/strategic-workplan-draft"] {
        b.goto(&server.url(path)).await;
        let overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth").await.as_i64().unwrap();
        assert!(overflow <= 0, "{path} scrolls sideways by {overflow}px at 360px");
        let exit_visible = b
            .js("const r = document.getElementById('quick-exit').getBoundingClientRect(); return r.top >= 0 && r.right <= window.innerWidth && r.width > 0;")
            .await;
        assert_eq!(exit_visible, true, "{path}: quick exit visible");
    }
    b.close().await;
}

#[tokio::test]
async fn search_box_suggests_as_you_type_with_the_keyboard() {
    bundle_built();
    let server = TestServer::start().await;
    let b = Browser::start(Js::On).await;
    b.goto(&server.url("/en/")).await;
    b.wait_until("return document.documentElement.dataset.hydrated === 'true'", "hydration").await;
    let input = b.client.find(fantoccini::Locator::Id("site-search")).await.expect("search box");
    input.send_keys("sunfl").await.expect("typing");
    b.wait_until(
        "return document.querySelectorAll('#site-search-list [role=option]').length > 0",
        "suggestions to appear",
    )
    .await;
    assert_eq!(b.js("return document.getElementById('site-search').getAttribute('aria-expanded')").await, "true");
    let listed = b.text("#site-search-list").await;
    assert!(listed.contains("The Sunflower Centre model"), "{listed}");
    assert!(b.text("[role=status].visually-hidden").await.contains("suggestion"), "announced to screen readers");
    // Arrow down selects the first suggestion, Enter opens it.
    input.send_keys("\u{E015}").await.unwrap();
    assert_eq!(
        b.js("return document.getElementById('site-search').getAttribute('aria-activedescendant')").await,
        "site-search-opt-0"
    );
    let first = b.js("return document.querySelector('#site-search-opt-0 a').getAttribute('href')").await;
    input.send_keys("\u{E007}").await.unwrap();
    let target = first.as_str().unwrap().to_string();
    b.wait_until(&format!("return location.pathname + location.hash === '{target}'"), "the suggestion to open").await;
    let errors = b.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
    b.close().await;
}

#[tokio::test]
async fn search_works_without_javascript() {
    let server = TestServer::start().await;
    let b = Browser::start(Js::Off).await;
    b.goto(&server.url("/ru/")).await;
    let input = b.client.find(fantoccini::Locator::Id("site-search")).await.expect("search box");
    input.send_keys("кризисных центров\u{E007}").await.unwrap();
    for _ in 0..100 {
        if b.client.current_url().await.unwrap().path() == "/ru/search" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let url = b.client.current_url().await.unwrap();
    assert_eq!(url.path(), "/ru/search");
    let hits = b.text(".hits").await;
    assert!(hits.contains("Кризисные центры в Кыргызстане"), "{hits}");
    assert!(!b.scripts_ran().await);
    b.close().await;
}

/// Signs in through the sign-in form, as a person would.
async fn sign_in(b: &Browser, server: &TestServer, email: &str) {
    b.goto(&server.url("/en/login")).await;
    let email_box = b.client.find(fantoccini::Locator::Id("email")).await.unwrap();
    email_box.send_keys(email).await.unwrap();
    let pw = b.client.find(fantoccini::Locator::Id("password")).await.unwrap();
    pw.send_keys(&format!("{}\u{E007}", tests::PASSWORD)).await.unwrap();
    for _ in 0..100 {
        let path = b.client.current_url().await.unwrap().path().to_string();
        if path.ends_with("/login/setup") {
            return set_up_second_factor(b, email).await;
        }
        if path.ends_with("/login/code") {
            // Signed in before in this test: the next step's code (this one's is used).
            let code = tests::code_for(&tests::totp_key(email).expect("set up earlier"), email, 30);
            let field = b.client.find(fantoccini::Locator::Id("code")).await.unwrap();
            field.send_keys(&format!("{code}\u{E007}")).await.unwrap();
            b.wait_until("return !location.pathname.includes('/login')", "the code to sign in").await;
            return;
        }
        if !path.ends_with("/login") {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("signing in did not leave the sign-in page: {}", b.client.source().await.unwrap());
}

/// The setup a staff account does at its first sign-in: reads the key as a person would type
/// it into an app, sends the app's code, and goes on from the recovery codes.
async fn set_up_second_factor(b: &Browser, email: &str) {
    let key: String = b.text("code.secret-key").await.split_whitespace().collect();
    tests::remember_totp_key(email, &key);
    let code = tests::code_for(&key, email, 0);
    let field = b.client.find(fantoccini::Locator::Id("code")).await.unwrap();
    field.send_keys(&format!("{code}\u{E007}")).await.unwrap();
    b.wait_until("return document.querySelector('.recovery-codes') !== null", "the recovery codes").await;
    b.client.find(fantoccini::Locator::Css("a.button")).await.unwrap().click().await.unwrap();
    for _ in 0..100 {
        if !b.client.current_url().await.unwrap().path().contains("/login") {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the recovery codes page did not lead on");
}

/// Starts a forum thread through the form; returns the thread page's path.
async fn new_thread(b: &Browser, server: &TestServer, title: &str) -> String {
    b.goto(&server.url("/en/forum")).await;
    b.client.find(fantoccini::Locator::Id("thread-title")).await.unwrap().send_keys(title).await.unwrap();
    b.client.find(fantoccini::Locator::Id("thread-body")).await.unwrap().send_keys("Opening post.").await.unwrap();
    b.client.find(fantoccini::Locator::Css(".new-thread button[type=submit]")).await.unwrap().click().await.unwrap();
    for _ in 0..100 {
        let path = b.client.current_url().await.unwrap().path().to_string();
        if path.contains("/threads/") {
            return path;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the thread was not created");
}

#[tokio::test]
async fn replying_and_editing_happen_in_place_once_hydrated() {
    bundle_built();
    let server = TestServer::start().await;
    server.app.add_user("hydrated@example.org", "Hydrated Member", app::model::Role::Reader).await;
    let b = Browser::start(Js::On).await;
    sign_in(&b, &server, "hydrated@example.org").await;
    let path = new_thread(&b, &server, "In-place thread").await;
    b.goto(&server.url(&path)).await;
    b.wait_until("return document.documentElement.dataset.hydrated === 'true'", "hydration").await;
    b.js("window.__noReload = 'still here'; return true;").await;
    let body = b.client.find(fantoccini::Locator::Id("reply-body")).await.unwrap();
    body.send_keys("A reply typed with JavaScript on.").await.unwrap();
    b.client.find(fantoccini::Locator::Css(".reply-form button[type=submit]")).await.unwrap().click().await.unwrap();
    b.wait_until(
        "return document.querySelectorAll('.posts > li').length === 2 && document.querySelector('.posts').textContent.includes('A reply typed with JavaScript on.')",
        "the reply to appear",
    )
    .await;
    assert_eq!(b.js("return window.__noReload").await, "still here", "no reload");
    assert_eq!(b.js("return document.getElementById('reply-body').value").await, "", "the box is emptied");
    let stored = server.app.scalar("SELECT COUNT(*) FROM posts WHERE body = 'A reply typed with JavaScript on.'").await;
    assert_eq!(stored, 1, "stored once");

    // Edit the reply in place.
    b.js("document.querySelectorAll('.posts > li')[1].querySelector('a[href$=\"/edit\"]').click(); return true;").await;
    b.wait_until("return document.querySelector('.edit-in-place textarea') !== null", "the edit box").await;
    b.js("const t = document.querySelector('.edit-in-place textarea'); t.value = 'An edited reply.'; t.dispatchEvent(new Event('input')); return true;").await;
    b.js("document.querySelector('.edit-in-place button[type=submit]').click(); return true;").await;
    b.wait_until(
        "return document.querySelector('.posts').textContent.includes('An edited reply.') && document.querySelector('.posts').textContent.includes('(edited)')",
        "the edit to show",
    )
    .await;
    assert_eq!(b.js("return window.__noReload").await, "still here", "no reload");
    assert_eq!(
        server.app.scalar("SELECT COUNT(*) FROM posts WHERE body = 'An edited reply.' AND edited_at IS NOT NULL").await,
        1
    );
    let errors = b.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
    b.close().await;
}

#[tokio::test]
async fn replying_works_without_javascript() {
    let server = TestServer::start().await;
    server.app.add_user("plain@example.org", "Plain Member", app::model::Role::Reader).await;
    let b = Browser::start(Js::Off).await;
    sign_in(&b, &server, "plain@example.org").await;
    let path = new_thread(&b, &server, "Plain thread").await;
    assert!(!b.scripts_ran().await);
    b.client
        .find(fantoccini::Locator::Id("reply-body"))
        .await
        .unwrap()
        .send_keys("A reply without JavaScript.")
        .await
        .unwrap();
    b.client.find(fantoccini::Locator::Css(".reply-form button[type=submit]")).await.unwrap().click().await.unwrap();
    for _ in 0..100 {
        if b.client.current_url().await.unwrap().fragment().is_some_and(|f| f.starts_with("post-")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let url = b.client.current_url().await.unwrap();
    assert_eq!(url.path(), path, "back on the thread after the post (redirect after post)");
    assert!(b.text(".posts").await.contains("A reply without JavaScript."));
    b.close().await;
}

#[tokio::test]
async fn the_editor_previews_live_once_hydrated() {
    bundle_built();
    let server = TestServer::start().await;
    server.app.add_user("writer@example.org", "Writer", app::model::Role::Editor).await;
    let b = Browser::start(Js::On).await;
    sign_in(&b, &server, "writer@example.org").await;
    b.goto(&server.url("/en/editor/new?kind=lesson")).await;
    b.wait_until("return document.documentElement.dataset.hydrated === 'true'", "hydration").await;
    b.js("window.__noReload = 'still here'; return true;").await;
    b.client.find(fantoccini::Locator::Id("title")).await.unwrap().send_keys("Live preview lesson").await.unwrap();
    let body = b.client.find(fantoccini::Locator::Id("body")).await.unwrap();
    body.clear().await.unwrap();
    body.send_keys("## Typed heading\n\nSome *emphasis* and a [link](doc:sunflower-centre-model).").await.unwrap();
    b.wait_until(
        "const p = document.querySelector('.body-preview .prose'); return p !== null && p.innerHTML.includes('<em>emphasis</em>') && p.innerHTML.includes('href=\"/en/doc/sunflower-centre-model\"')",
        "the live preview",
    )
    .await;
    assert_eq!(b.js("return window.__noReload").await, "still here", "previewed without a reload");
    b.js("document.querySelector('button[value=save]').click(); return true;").await;
    b.wait_until("return location.search.includes('notice=saved')", "the saved draft").await;
    assert_eq!(
        server
            .app
            .scalar("SELECT COUNT(*) FROM documents WHERE slug = 'live-preview-lesson' AND pending = 'draft'")
            .await,
        1
    );
    let errors = b.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
    b.close().await;
}

#[tokio::test]
async fn the_editor_works_without_javascript() {
    let server = TestServer::start().await;
    server.app.add_user("plainwriter@example.org", "Plain Writer", app::model::Role::Editor).await;
    let b = Browser::start(Js::Off).await;
    sign_in(&b, &server, "plainwriter@example.org").await;
    b.goto(&server.url("/en/editor/new?kind=case-study")).await;
    assert!(!b.scripts_ran().await);
    b.client.find(fantoccini::Locator::Id("title")).await.unwrap().send_keys("Plain case study").await.unwrap();
    let body = b.client.find(fantoccini::Locator::Id("body")).await.unwrap();
    body.clear().await.unwrap();
    body.send_keys("## Summary\n\nWritten with **no** JavaScript.").await.unwrap();
    b.client.find(fantoccini::Locator::Css("button[value=preview]")).await.unwrap().click().await.unwrap();
    for _ in 0..100 {
        if b.client.source().await.unwrap().contains("<strong>no</strong>") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(b.text(".body-preview").await.contains("Written with no JavaScript."), "server-side preview");
    assert_eq!(
        b.js("return document.getElementById('title').value").await,
        "Plain case study",
        "nothing typed was lost"
    );
    b.client.find(fantoccini::Locator::Css("button[value=save]")).await.unwrap().click().await.unwrap();
    for _ in 0..100 {
        if b.client.current_url().await.unwrap().query().is_some_and(|q| q.contains("notice=saved")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(b.text(".notice").await.contains("Draft saved."));
    assert_eq!(server.app.scalar("SELECT COUNT(*) FROM documents WHERE slug = 'plain-case-study'").await, 1);
    b.close().await;
}

/// The workplan timeline and the exchange map on a 360 px phone, with and without JavaScript:
/// the page never scrolls sideways (the chart and the table scroll inside their frames), the
/// timeline is drawn, every map count is a reachable link.
#[tokio::test]
async fn workplan_and_map_work_at_360_pixels_with_and_without_javascript() {
    bundle_built();
    let server = TestServer::start().await;
    for js in [Js::On, Js::Off] {
        let b = Browser::start(js).await;
        b.set_window(360, 740).await;
        for path in ["/ru/doc/strategic-workplan-draft", "/ru/map", "/en/doc/2019-01-29-integrative-support-webinar"] {
            b.goto(&server.url(path)).await;
            if js == Js::On {
                b.wait_until("return document.documentElement.dataset.hydrated === 'true'", "hydration").await;
            } else {
                assert!(!b.scripts_ran().await, "JavaScript really is off");
            }
            let overflow =
                b.js("return document.documentElement.scrollWidth - window.innerWidth").await.as_i64().unwrap();
            assert!(overflow <= 0, "{path} scrolls sideways by {overflow}px at 360px ({js:?})");
        }
        b.goto(&server.url("/ru/doc/strategic-workplan-draft")).await;
        let bars = b.js("return document.querySelectorAll('svg.gantt rect.gantt-bar').length").await.as_i64().unwrap();
        assert!(bars >= 8, "the timeline draws every activity ({js:?})");
        let drawn =
            b.js("return document.querySelector('svg.gantt').getBoundingClientRect().height").await.as_f64().unwrap();
        assert!(drawn > 100.0, "the timeline has a real size");
        b.goto(&server.url("/ru/map")).await;
        assert!(b.text("table.exchange-map thead").await.contains("Опыт Кореи"));
        // Follow a count: it leads to the filtered list.
        let href = b
            .js("return document.querySelector('table.exchange-map td.map-cell a[href*=case-studies]').getAttribute('href')")
            .await;
        let href = href.as_str().expect("a count with a link").to_string();
        b.click_link(&href).await;
        let url = b.client.current_url().await.unwrap();
        assert!(url.query().unwrap_or_default().contains("area="), "{url} is a filtered list");
        b.close().await;
    }
}

/// The header is one compact row at 1280 px and a brand, a menu and the quick exit at 360 px;
/// the phone menu opens without JavaScript and holds the sections, languages and account.
#[tokio::test]
async fn the_header_is_one_row_on_desktop_and_a_menu_on_phones() {
    let server = TestServer::start().await;
    for js in [Js::On, Js::Off] {
        let b = Browser::start(js).await;
        for (width, max_height) in [(1280, 100.0), (360, 80.0)] {
            b.set_window(width, 800).await;
            for path in ["/en/", "/ru/doc/sunflower-centre-model", "/ky/case-studies"] {
                b.goto(&server.url(path)).await;
                let h = b.js("return document.querySelector('.site-header').getBoundingClientRect().height").await;
                let h = h.as_f64().unwrap();
                assert!(h <= max_height, "{path} at {width}px ({js:?}): header {h}px high");
                let overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth").await;
                assert!(overflow.as_i64().unwrap() <= 0, "{path} at {width}px scrolls sideways");
            }
        }
        // On a phone every section is reachable through the menu, with JavaScript or without.
        b.set_window(360, 800).await;
        b.goto(&server.url("/en/")).await;
        b.open_details("details.phone-menu").await;
        let menu = b.text("details.phone-menu nav").await;
        for word in ["Case studies", "Workplans", "Webinars", "Lessons learnt", "Resources", "Русский", "Sign in"]
        {
            assert!(menu.contains(word), "{word} in the phone menu ({js:?}): {menu}");
        }
        let link = b
            .client
            .find(fantoccini::Locator::Css("details.phone-menu a[href=\"/en/resources\"]"))
            .await
            .expect("the section in the menu");
        link.click().await.expect("a reachable link");
        b.wait_until("return location.pathname === '/en/resources'", "the section page").await;
        b.close().await;
    }
}

/// On a 360×800 phone the first result of a search is on the first screen.
#[tokio::test]
async fn on_a_phone_the_first_search_result_is_above_the_fold() {
    let server = TestServer::start().await;
    for js in [Js::On, Js::Off] {
        let b = Browser::start(js).await;
        b.set_window(360, 800).await;
        b.goto(&server.url("/en/search?q=crisis+centres")).await;
        let top = b.js("return document.querySelector('.hit .hit-title').getBoundingClientRect().bottom").await;
        let top = top.as_f64().unwrap();
        let fold = b.js("return window.innerHeight").await.as_f64().unwrap();
        assert!(top < fold, "first hit ends at {top}px, the screen at {fold}px ({js:?})");
        let boxes = b.js("return document.querySelectorAll('input[type=search]').length").await.as_i64();
        assert_eq!(boxes, Some(1), "one search box on the search page ({js:?})");
        b.close().await;
    }
}

/// axe-core (npm, `node_modules/axe-core`) on every page type in the four languages, hydrated,
/// as a visitor and as an admin: no violation of WCAG 2.x A/AA rules or best practices.
#[tokio::test]
async fn every_page_type_passes_axe_in_four_languages() {
    bundle_built();
    let axe_path = tests::workspace_root().join("node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_path)
        .unwrap_or_else(|e| panic!("axe-core is required: `npm ci` installs it ({}: {e})", axe_path.display()));
    let server = TestServer::start().await;
    server.app.add_user("axe@example.org", "Axe Admin", app::model::Role::Admin).await;
    let b = Browser::start(Js::On).await;
    b.set_window(1280, 900).await;
    let public = [
        "/",
        "/case-studies",
        "/webinars",
        "/doc/sunflower-centre-model",
        "/doc/sunflower-centre-funding-mechanisms",
        "/doc/2019-01-29-integrative-support-webinar",
        "/doc/strategic-workplan-draft",
        "/areas",
        "/areas/funding-mechanisms",
        "/tags",
        "/tags/sunflower-centre",
        "/search?q=crisis",
        "/search?q=",
        "/map",
        "/login",
        "/doc/no-such-document",
    ];
    let staff = [
        "/forum",
        "/account",
        "/editor",
        "/editor/translations",
        "/moderation",
        "/admin/users",
        "/admin/invitations",
        "/admin/audit",
        "/notifications",
    ];
    let mut problems = Vec::new();
    let mut check = async |b: &Browser, path: String| {
        b.goto(&server.url(&path)).await;
        b.wait_until("return document.readyState === 'complete'", "the page").await;
        let result = b
            .client
            .execute_async(
                &format!(
                    "{axe}\nconst done = arguments[arguments.length - 1];\
                     axe.run(document, {{ resultTypes: ['violations'] }}).then(r => done(r.violations.map(v => \
                     v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '))));"
                ),
                vec![],
            )
            .await
            .expect("axe ran");
        for v in result.as_array().cloned().unwrap_or_default() {
            problems.push(format!("{path}: {}", v.as_str().unwrap_or_default()));
        }
    };
    for lang in app::model::Lang::ALL {
        for p in public {
            check(&b, format!("/{lang}{p}")).await;
        }
    }
    sign_in(&b, &server, "axe@example.org").await;
    for lang in app::model::Lang::ALL {
        for p in staff {
            check(&b, format!("/{lang}{p}")).await;
        }
    }
    b.close().await;
    assert!(problems.is_empty(), "axe-core found {} problems:\n{}", problems.len(), problems.join("\n"));
}

/// Once the page has run its script, a timed webinar also shows the viewer's own time zone
/// (here the machine's, UTC) beside Bishkek and Seoul, for the event and each agenda item.
#[tokio::test]
async fn webinar_times_add_the_viewers_own_zone_in_the_browser() {
    bundle_built();
    let server = TestServer::start().await;
    let webinar = "---\ntitle: Fixture timed webinar\nkind: webinar\ndate: 2030-05-14\nevent:\n  date: 2030-05-14\n  start: '09:00'\n  end: '11:00'\n  time_zone: Asia/Seoul\n  agenda:\n    - {title: Opening, start: '09:00', end: '09:15'}\n---\n\nText.\n";
    std::fs::write(server.app.content.path().join("webinars/fixture-timed.md"), webinar).unwrap();
    server.app.reimport().await;
    let b = Browser::start(Js::On).await;
    b.goto(&server.url("/en/doc/fixture-timed")).await;
    b.wait_until("return document.querySelector('table.event-when tr.own-zone') !== null", "the viewer's zone").await;
    let zone = b.js("return Intl.DateTimeFormat().resolvedOptions().timeZone").await;
    let zone = zone.as_str().unwrap().to_string();
    assert!(!zone.contains("Bishkek") && !zone.contains("Seoul"), "the test machine's zone is neither: {zone}");
    let row = b.text("table.event-when tr.own-zone").await;
    assert!(row.contains("Your time") && row.contains("2030"), "{row}");
    // 09:00 in Seoul is 00:00 UTC: written by the browser, in the page's language.
    let expected = b
        .js("return new Intl.DateTimeFormat('en', {hour: '2-digit', minute: '2-digit'}).format(new Date('2030-05-14T00:00:00Z'))")
        .await;
    assert!(row.contains(expected.as_str().unwrap()), "{row}");
    let columns = b.js("return document.querySelectorAll('table.agenda-table thead th').length").await;
    assert_eq!(columns.as_i64(), Some(4), "Bishkek, Seoul, the viewer's zone and the item");
    b.close().await;
    // Without the script the page keeps the two partners' zones.
    let plain = Browser::start(Js::Off).await;
    plain.goto(&server.url("/en/doc/fixture-timed")).await;
    let rows = plain.text("table.event-when").await;
    assert!(rows.contains("Bishkek") && rows.contains("Seoul") && !rows.contains("Your time"));
    plain.close().await;
}

#[tokio::test]
async fn agenda_fields_work_without_javascript_and_copy_buttons_come_with_it() {
    bundle_built();
    let server = TestServer::start().await;
    server.app.add_user("agenda@example.org", "Agenda Writer", app::model::Role::Editor).await;
    let id = server
        .app
        .scalar("SELECT id FROM documents WHERE slug = '2019-01-29-integrative-support-webinar' AND language = 'en'")
        .await;

    // Without JavaScript: type an agenda item into an empty row and save the draft.
    let b = Browser::start(Js::Off).await;
    sign_in(&b, &server, "agenda@example.org").await;
    b.goto(&server.url(&format!("/en/editor/{id}"))).await;
    assert!(!b.scripts_ran().await);
    let rows = b.js("return document.querySelectorAll('input[name=agenda_title]').length").await.as_u64().unwrap();
    let empty = b
        .js("return [...document.querySelectorAll('input[name=agenda_title]')].findIndex(i => i.value === '')")
        .await
        .as_i64()
        .unwrap();
    assert!(empty >= 0 && (empty as u64) < rows, "an empty agenda row");
    let title = b.client.find(fantoccini::Locator::Id(&format!("agenda_title-{empty}"))).await.unwrap();
    title.send_keys("Questions from the floor").await.unwrap();
    assert!(!b.text("body").await.contains("Copy"), "no copy button without a script");
    b.client.find(fantoccini::Locator::Css("button[value=save]")).await.unwrap().click().await.unwrap();
    let mut saved = false;
    for _ in 0..100 {
        let n = server
            .app
            .scalar(&format!(
                "SELECT COUNT(*) FROM revisions WHERE document_id = {id} AND meta LIKE '%Questions from the floor%'"
            ))
            .await;
        if n > 0 {
            saved = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(saved, "the agenda item is stored in the draft's front matter");
    b.close().await;

    // With JavaScript: "Link a document" lines get a Copy button.
    let b = Browser::start(Js::On).await;
    sign_in(&b, &server, "agenda@example.org").await;
    b.goto(&server.url(&format!("/en/editor/{id}"))).await;
    b.wait_until("return document.querySelector('.link-picker .copy-button') !== null", "copy buttons").await;
    assert_eq!(b.js("return document.querySelector('.link-picker .copy-button').textContent").await, "Copy");
    let errors = b.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
    b.close().await;
}

#[tokio::test]
async fn a_staff_member_sets_up_two_factor_sign_in_without_javascript() {
    let server = TestServer::start().await;
    server.app.add_user("twofactor@example.org", "Two Factor", app::model::Role::Editor).await;
    let b = Browser::start(Js::Off).await;
    b.goto(&server.url("/en/login")).await;
    b.client.find(fantoccini::Locator::Id("email")).await.unwrap().send_keys("twofactor@example.org").await.unwrap();
    let pw = b.client.find(fantoccini::Locator::Id("password")).await.unwrap();
    pw.send_keys(&format!("{}\u{E007}", tests::PASSWORD)).await.unwrap();
    b.wait_until("return location.pathname === '/en/login/setup'", "the setup page").await;
    assert!(!b.scripts_ran().await);
    // The QR code is an inline SVG with a name for screen readers; the key is there to type.
    let qr = b.js("const f = document.querySelector('figure.qr-code'); return f && f.querySelector('svg') !== null && f.getAttribute('aria-label');").await;
    assert_eq!(qr, "QR code for your authenticator app");
    set_up_second_factor(&b, "twofactor@example.org").await;
    b.goto(&server.url("/en/account")).await;
    let section = b.text("#two-factor + p").await;
    assert!(section.contains("Two-factor sign-in is on. Recovery codes left: 10"), "{section}");
    assert_eq!(server.app.scalar("SELECT COUNT(*) FROM recovery_codes").await, 10);
    b.close().await;
}
