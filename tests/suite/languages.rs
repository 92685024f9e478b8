//! Four languages all the way: translations that know which version of their original they
//! follow (the notice, the desk, the editor's side-by-side view, `translated_from` through
//! export and import), messages, dates, tags and lists in the reader's language.

use app::i18n::format;
use app::i18n::msg::Msg;
use app::model::{Lang, Role};
use axum::http::StatusCode;
use tests::{Agent, TestApp, as_shown, form_fields, set_field};

/// Today (UTC), as the portal records publications.
fn today() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    server::dates::iso_date(now)
}

/// The part of `html` from the first `from` to the next `to` after it (empty when absent).
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    html.split_once(from).map(|(_, rest)| rest.split(to).next().unwrap_or(rest)).unwrap_or("")
}

async fn document_id(app: &TestApp, slug: &str, lang: Lang) -> i64 {
    app.scalar(&format!("SELECT id FROM documents WHERE slug = '{slug}' AND language = '{lang}'")).await
}

/// Appends a paragraph to a document through the editor, as a browser would send its form.
async fn edit_in_browser(agent: &mut Agent<'_>, lang: Lang, id: i64, paragraph: &str) {
    let page = agent.get(&format!("/{lang}/editor/{id}")).await;
    page.assert_status(StatusCode::OK);
    let mut fields = form_fields(&page.body, "form.editor-form");
    let body = fields.iter().find(|(n, _)| n == "body").map(|(_, v)| v.clone()).unwrap();
    set_field(&mut fields, "body", &format!("{body}\n\n{paragraph}\n"));
    set_field(&mut fields, "action", "save");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    agent.post_raw_form(&format!("/{lang}/editor/{id}"), &pairs).await.assert_status(StatusCode::SEE_OTHER);
}

/// Submits a document and has another member approve it.
async fn publish(author: &mut Agent<'_>, reviewer: &mut Agent<'_>, id: i64) {
    author.post_form(&format!("/en/editor/{id}/submit"), &[]).await.assert_status(StatusCode::SEE_OTHER);
    reviewer
        .post_form(&format!("/en/editor/{id}/review"), &[("decision", "approve"), ("comment", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
}

/// The desk's cell status for one document and language, from the API.
fn cell(desk: &serde_json::Value, slug: &str, lang: &str) -> serde_json::Value {
    let row = desk.as_array().unwrap().iter().find(|r| r["slug"] == slug).unwrap_or_else(|| panic!("no row {slug}"));
    row["cells"].as_array().unwrap().iter().find(|c| c["language"] == lang).cloned().unwrap()
}

#[tokio::test]
async fn a_new_version_of_the_original_file_makes_its_translations_outdated() {
    let app = TestApp::new().await;
    for lang in ["ru", "ky", "ko"] {
        let page = app.visitor().get(&format!("/{lang}/doc/partnership-overview")).await;
        assert!(!page.body.contains("notice-stale"), "shipped {lang} translation follows its original");
    }
    let path = app.content.path().join("resources/partnership-overview.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n## Added later\n\nA paragraph added to the English original.\n")).unwrap();
    let report = app.reimport().await;
    assert_eq!(report.updated, 1, "{report}");

    for (lang, words) in [
        (Lang::Ru, "Английский оригинал обновлён"),
        (Lang::Ky, "Англисче түп нуска"),
        (Lang::Ko, "영어 원문이 수정되었습니다"),
    ] {
        let page = app.visitor().get(&format!("/{lang}/doc/partnership-overview")).await;
        let notice = between(&page.body, "notice-stale", "</aside>");
        assert!(notice.contains(words), "{lang}: {notice}");
        assert!(notice.contains(&format::date(&today(), lang)), "{lang}: the day, as {lang} writes it: {notice}");
        assert!(notice.contains("href=\"/en/doc/partnership-overview\""), "a link to the original: {notice}");
        assert!(!notice.contains("/editor/"), "visitors get no editor link: {notice}");
    }
    let original = app.visitor().get("/en/doc/partnership-overview").await;
    assert!(!original.body.contains("notice-stale"), "the original itself is never outdated");

    // Editors also get what changed in the original between the two versions.
    let mut editor = app.member(Role::Editor).await;
    let page = editor.get("/ru/doc/partnership-overview").await;
    let notice = between(&page.body, "notice-stale", "</aside>");
    let href = regex::Regex::new(r#"href="(/ru/editor/\d+/diff\?a=1&amp;b=2)""#).unwrap();
    let href = href.captures(notice).unwrap_or_else(|| panic!("a diff link: {notice}"))[1].replace("&amp;", "&");
    let diff = editor.get(&href).await;
    diff.assert_status(StatusCode::OK);
    assert!(diff.body.contains("A paragraph added to the English original."));

    // The desk says the same, with how far behind and since when.
    let desk = editor.get("/api/v1/translations?language=ko").await.assert_status(StatusCode::OK).json();
    let ko = cell(&desk, "partnership-overview", "ko");
    assert_eq!((ko["status"].as_str(), ko["behind"].as_u64()), (Some("outdated"), Some(1)), "{ko}");
    assert_eq!(ko["since_date"], serde_json::json!(today()));
}

#[tokio::test]
async fn a_browser_edit_of_the_original_makes_its_translations_outdated() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Editor).await;
    let mut reviewer = app.member(Role::Editor).await;
    let id = document_id(&app, "kyrgyzstan-crisis-centres", Lang::En).await;
    edit_in_browser(&mut author, Lang::En, id, "A sentence added in the portal.").await;
    // A draft of the original changes nothing readers see: the translations still follow it.
    let ko = app.visitor().get("/ko/doc/kyrgyzstan-crisis-centres").await;
    assert!(!ko.body.contains("notice-stale"), "a draft does not make translations outdated");
    publish(&mut author, &mut reviewer, id).await;

    let ko = app.visitor().get("/ko/doc/kyrgyzstan-crisis-centres").await;
    let notice = between(&ko.body, "notice-stale", "</aside>");
    assert!(notice.contains("영어 원문이") && notice.contains(&format::date(&today(), Lang::Ko)), "{notice}");
    let desk = author.get("/api/v1/translations").await.json();
    for lang in ["ru", "ky", "ko"] {
        assert_eq!(cell(&desk, "kyrgyzstan-crisis-centres", lang)["status"], "outdated", "{lang}");
    }
    assert_eq!(cell(&desk, "kyrgyzstan-crisis-centres", "en")["status"], "original");
}

#[tokio::test]
async fn the_translation_desk_shows_every_state_in_the_readers_language() {
    let app = TestApp::new().await;
    // A translation file that does not say which version it was made from.
    let unknown = app.content.path().join("lessons/exchange-lessons-first-webinar.ru.md");
    let original =
        std::fs::read_to_string(app.content.path().join("lessons/exchange-lessons-first-webinar.md")).unwrap();
    std::fs::write(&unknown, original.replacen("title: ", "title: Уроки первого вебинара — ", 1)).unwrap();
    app.reimport().await;
    let mut editor = app.member(Role::Editor).await;

    // A translation being written: the form starts from the original as published now.
    let form = editor.get("/ru/editor/new?translation_of=sunflower-centre-funding-mechanisms&language=ru").await;
    form.assert_status(StatusCode::OK);
    let mut fields = form_fields(&form.body, "form.editor-form");
    let from = fields.iter().find(|(n, _)| n == "translated_from").map(|(_, v)| v.clone()).unwrap();
    let hash = app.state.store.original_history("sunflower-centre-funding-mechanisms").await.unwrap();
    assert_eq!(from, hash.last().unwrap().fingerprint(), "the translation follows the original it was opened on");
    assert!(form.body.contains("class=\"compare\""), "the original beside the translation");
    assert!(
        fields.iter().any(|(n, v)| n == "body" && v.contains("Ministry of Gender Equality and Family")),
        "the original's text, to translate in place"
    );
    set_field(&mut fields, "title", "Механизмы финансирования центров «Подсолнух»");
    set_field(&mut fields, "action", "save");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    editor.post_raw_form("/ru/editor/new", &pairs).await.assert_status(StatusCode::SEE_OTHER);

    let desk = editor.get("/api/v1/translations?language=ru").await.assert_status(StatusCode::OK).json();
    for (slug, status) in [
        ("kyrgyzstan-crisis-centres", "up-to-date"),
        ("sunflower-centre-management-structure", "missing"),
        ("sunflower-centre-funding-mechanisms", "in-progress"),
        ("exchange-lessons-first-webinar", "unknown"),
    ] {
        assert_eq!(cell(&desk, slug, "ru")["status"], status, "{slug}");
    }
    assert!(desk.as_array().unwrap().iter().all(|r| r["cells"].as_array().unwrap().len() == 1), "one column");

    let page = editor.get("/ru/editor/translations").await;
    page.assert_status(StatusCode::OK);
    let row = |title: &str| between(&page.body, title, "</tr>").to_string();
    assert!(row("Crisis centres in Kyrgyzstan").contains("Актуален"), "{}", row("Crisis centres in Kyrgyzstan"));
    let missing = row("Sunflower Centre management structure");
    assert!(missing.contains("Нет") && missing.contains("translation_of=sunflower-centre-management-structure"));
    assert!(row("Sunflower Centre funding mechanisms").contains("Черновик в работе"));
    assert!(row("Lessons from the first joint webinar").contains("Основа не указана"));
    // The unknown base shows on the translation itself, in its reader's words.
    let lesson = app.visitor().get("/ru/doc/exchange-lessons-first-webinar").await;
    assert!(between(&lesson.body, "notice-stale", "</aside>").contains("Не указано, с какой версии оригинала"));

    // Filters: kind and area, as plain links and in the API.
    let areas = editor.get("/api/v1/translations?kind=area").await.json();
    assert_eq!(areas.as_array().unwrap().len(), 7, "the seven exchange areas");
    assert!(areas.as_array().unwrap().iter().all(|r| r["kind"] == "area"));
    let in_area = editor.get("/api/v1/translations?area=funding-mechanisms").await.json();
    assert!(in_area.as_array().unwrap().iter().any(|r| r["slug"] == "sunflower-centre-funding-mechanisms"));
    assert!(in_area.as_array().unwrap().iter().all(|r| r["slug"] != "kyrgyzstan-crisis-centres"));
    let bad = editor.get("/api/v1/translations?kind=novel").await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["error"], "unknown_value");

    // Staff only, in pages and the API.
    let mut reader = app.member(Role::Reader).await;
    reader.get("/ru/editor/translations").await.assert_status(StatusCode::FORBIDDEN);
    reader.get("/api/v1/translations").await.assert_status(StatusCode::FORBIDDEN);
    app.visitor().get("/api/v1/translations").await.assert_status(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn translated_from_survives_export_and_import() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Editor).await;
    let mut reviewer = app.member(Role::Admin).await;
    let form = author.get("/ky/editor/new?translation_of=sunflower-centre-management-structure&language=ky").await;
    let mut fields = form_fields(&form.body, "form.editor-form");
    let from = fields.iter().find(|(n, _)| n == "translated_from").map(|(_, v)| v.clone()).unwrap();
    assert_eq!(from.len(), 12, "a fingerprint: {from}");
    set_field(&mut fields, "title", "Күн карама борборлорунун башкаруу түзүмү");
    set_field(&mut fields, "action", "save");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    author.post_raw_form("/ky/editor/new", &pairs).await.assert_status(StatusCode::SEE_OTHER);
    let id = document_id(&app, "sunflower-centre-management-structure", Lang::Ky).await;
    publish(&mut author, &mut reviewer, id).await;

    let out = tempfile::TempDir::new().unwrap();
    server::content::export::export_dir(&app.state.store, &app.state.blobs, out.path()).await.unwrap();
    let file =
        std::fs::read_to_string(out.path().join("case-studies/sunflower-centre-management-structure.ky.md")).unwrap();
    assert!(file.contains(&format!("translated_from: {from}")), "{file}");
    let shipped = std::fs::read_to_string(out.path().join("resources/partnership-overview.ru.md")).unwrap();
    assert!(shipped.contains("translated_from: "), "a file's own value is written back");

    let copy = tempfile::TempDir::new().unwrap();
    tests::copy_tree(out.path(), copy.path());
    let fresh = TestApp::with_content(copy).await;
    assert!(fresh.import.problems.iter().all(|p| !p.skipped), "{:?}", fresh.import.problems);
    let doc = fresh.state.store.document(document_id(&fresh, "sunflower-centre-management-structure", Lang::Ky).await);
    let rev = fresh.state.store.revision(doc.await.unwrap().unwrap().published_revision_id.unwrap()).await;
    assert_eq!(rev.unwrap().unwrap().meta.translated_from.as_deref(), Some(from.as_str()));
    let mut admin = fresh.member(Role::Admin).await;
    let desk = admin.get("/api/v1/translations?language=ky").await.json();
    assert_eq!(cell(&desk, "sunflower-centre-management-structure", "ky")["status"], "up-to-date");
    assert_eq!(cell(&desk, "partnership-overview", "ky")["status"], "up-to-date");
}

#[tokio::test]
async fn a_translator_marks_a_translation_as_caught_up() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Editor).await;
    let mut reviewer = app.member(Role::Editor).await;
    let original = document_id(&app, "sunflower-centre-model", Lang::En).await;
    edit_in_browser(&mut author, Lang::En, original, "A new paragraph for the translators.").await;
    publish(&mut author, &mut reviewer, original).await;

    // The Russian editor page shows the original beside the translation, the change marked.
    let ru = document_id(&app, "sunflower-centre-model", Lang::Ru).await;
    let page = author.get(&format!("/ru/editor/{ru}")).await;
    let compare = between(&page.body, "class=\"compare\"", "</section>");
    assert!(compare.contains("<mark class=\"changed\">"), "{compare}");
    let marked: Vec<&str> =
        compare.split("<mark class=\"changed\">").skip(1).map(|m| m.split("</mark>").next().unwrap()).collect();
    assert!(marked.iter().any(|m| m.contains("A new paragraph for the translators.")), "{marked:?}");
    assert!(!marked.iter().any(|m| m.contains("Sunflower")), "only what changed is marked: {marked:?}");
    assert!(page.body.contains("name=\"up_to_date\""), "the box to say it caught up");

    // A save without the box keeps it outdated; with the box it follows the current original.
    edit_in_browser(&mut author, Lang::Ru, ru, "Исправлена опечатка.").await;
    publish(&mut author, &mut reviewer, ru).await;
    assert!(app.visitor().get("/ru/doc/sunflower-centre-model").await.body.contains("notice-stale"));
    let page = author.get(&format!("/ru/editor/{ru}")).await;
    let mut fields = form_fields(&page.body, "form.editor-form");
    set_field(&mut fields, "up_to_date", "on");
    set_field(&mut fields, "action", "save");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    author.post_raw_form(&format!("/ru/editor/{ru}"), &pairs).await.assert_status(StatusCode::SEE_OTHER);
    publish(&mut author, &mut reviewer, ru).await;
    assert!(!app.visitor().get("/ru/doc/sunflower-centre-model").await.body.contains("notice-stale"));
}

#[tokio::test]
async fn a_failed_form_says_what_is_wrong_in_the_pages_language() {
    let app = TestApp::new().await;
    let mut editor = app.member(Role::Editor).await;
    for lang in Lang::ALL {
        let res = editor
            .post_form(
                &format!("/{lang}/editor/new"),
                &[("title", " "), ("kind", "lesson"), ("language", lang.code()), ("action", "save")],
            )
            .await;
        res.assert_status(StatusCode::BAD_REQUEST);
        assert!(res.body.contains(&as_shown(&Msg::TitleEmpty.text(lang))), "{lang}: {}", Msg::TitleEmpty.text(lang));

        let mut visitor = app.visitor();
        let wrong = visitor
            .post_form(&format!("/{lang}/login"), &[("email", "nobody@example.org"), ("password", "wrong password")])
            .await;
        assert!(wrong.body.contains(&as_shown(&Msg::WrongCredentials.text(lang))), "{lang}: {}", wrong.body);

        // The API keeps its stable code and says it in the asked language.
        let api = app.visitor().get(&format!("/api/v1/documents?kind=novel&lang={lang}")).await;
        let body = api.json();
        assert_eq!(body["error"], "unknown_value");
        assert_eq!(
            body["message"].as_str().unwrap(),
            Msg::UnknownValue {
                name: "kind".into(),
                value: "novel".into(),
                expected: app::model::Kind::ALL.map(|k| k.code()).join(", ")
            }
            .text(lang)
        );
    }
    // Error pages too.
    let missing = app.visitor().get("/ky/doc/no-such-document").await;
    missing.assert_status(StatusCode::NOT_FOUND);
    assert!(missing.body.contains(app::i18n::ui(Lang::Ky).not_found_title));
    let mut reader = app.member(Role::Reader).await;
    let forbidden = reader.get("/ko/editor").await;
    forbidden.assert_status(StatusCode::FORBIDDEN);
    assert!(forbidden.body.contains(&as_shown(&Msg::Forbidden.text(Lang::Ko))));
}

#[tokio::test]
async fn tags_may_be_written_in_any_script_and_are_named_in_each_language() {
    let app = TestApp::new().await;
    let mut editor = app.member(Role::Editor).await;
    let fields = |tags: &'static str| {
        vec![
            ("title", "Урок о консультировании"),
            ("kind", "lesson"),
            ("language", "ru"),
            ("tags", tags),
            ("body", "## Контекст\n\nТекст."),
            ("action", "save"),
        ]
    };
    let bad = editor.post_form("/ru/editor/new", &fields("!!!")).await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    assert!(bad.body.contains(&Msg::BadTag { value: "!!!".into(), max: 60 }.text(Lang::Ru)), "in Russian");
    let res = editor.post_form("/ru/editor/new", &fields("Консультирование, Ведение случая")).await;
    res.assert_status(StatusCode::SEE_OTHER);
    let id = app.scalar("SELECT id FROM documents WHERE slug = 'urok-o-konsultirovanii'").await;
    let doc = app.state.store.document(id).await.unwrap().unwrap();
    let rev = app.state.store.revision(doc.current_revision_id.unwrap()).await.unwrap().unwrap();
    assert_eq!(rev.meta.tags, ["konsultirovanie", "case-management"], "a new key, and a known tag by its words");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM tag_labels WHERE tag = 'konsultirovanie' AND language = 'ru'").await,
        1
    );
    let page = editor.get(&format!("/ru/editor/{id}")).await;
    assert!(page.body.contains("value=\"Консультирование, Ведение случая\""), "the editor shows the words back");

    // Shipped tags are named from content/tags.yaml in every language; the address keeps the key.
    let tags = app.visitor().get("/ky/tags").await;
    assert!(tags.body.contains("href=\"/ky/tags/crisis-centres\"") && tags.body.contains("#Кризистик борборлор"));
    let tag = app.visitor().get("/ko/tags/sunflower-centre").await;
    tag.assert_status(StatusCode::OK);
    assert!(between(&tag.body, "<h1>", "</h1>").contains("해바라기"), "{}", between(&tag.body, "<h1>", "</h1>"));
    let doc = app.visitor().get("/ru/doc/sunflower-centre-model").await;
    assert!(doc.body.contains(">#Центр «Подсолнух»</a>"), "tags named in Russian on the page");
}

#[tokio::test]
async fn lists_put_the_readers_language_first_and_mark_the_others() {
    let app = TestApp::new().await;
    let page = app.visitor().get("/ru/case-studies").await;
    // Each card: its language, and what it says.
    let cards: Vec<(&str, &str)> =
        page.body.split("<article lang=\"").skip(1).map(|c| c.split_once('"').unwrap()).collect();
    let first_other = cards.iter().position(|(l, _)| *l != "ru").unwrap();
    assert!(first_other > 0, "Russian cards first");
    assert!(cards[first_other..].iter().all(|(l, _)| *l != "ru"), "then the others");
    for (_, c) in &cards[first_other..] {
        let c = c.split("</article>").next().unwrap();
        assert!(c.contains(">Английский</span>"), "marked in Russian: {c}");
    }
    assert!(cards[..first_other].iter().all(|(_, c)| !c.split("</article>").next().unwrap().contains("lang-badge")));
    assert!(page.body.contains("href=\"/ru/case-studies?language=ru\""), "only my language, one step away");
    assert!(page.body.contains(app::i18n::ui(Lang::Ru).only_my_language));
    let home = app.visitor().get("/ko/").await;
    let latest = between(&home.body, "id=\"latest-title\"", "</section>");
    let first = latest.split("<article lang=\"").nth(1).unwrap();
    assert!(first.starts_with("ko\""), "the latest list starts with Korean documents");
}

#[tokio::test]
async fn pages_declare_their_real_alternates() {
    let app = TestApp::new().await;
    let page = app.visitor().get("/ru/doc/sunflower-centre-funding-mechanisms").await;
    let alternates: Vec<&str> = page.body.matches("<link rel=\"alternate\" hreflang=").collect();
    assert_eq!(alternates.len(), 1, "English only");
    let base = app.state.settings.base_url.trim_end_matches('/').to_string();
    let href = format!("hreflang=\"en\" href=\"{base}/en/doc/sunflower-centre-funding-mechanisms\"");
    assert!(page.body.contains(&href), "an absolute address");
    let switcher = between(&page.body, "class=\"menu lang-menu", "</nav>");
    assert_eq!(switcher.matches("class=\"lang-missing\"").count(), 3, "{switcher}");
    let translated = app.visitor().get("/ko/doc/sunflower-centre-model").await;
    assert_eq!(translated.body.matches("<link rel=\"alternate\" hreflang=").count(), 4);
    assert!(!between(&translated.body, "class=\"menu lang-menu", "</nav>").contains("lang-missing"));
    assert_eq!(app.visitor().get("/ky/case-studies").await.body.matches("<link rel=\"alternate\"").count(), 4);
}

#[tokio::test]
async fn dates_and_times_are_written_as_each_language_writes_them() {
    let app = TestApp::new().await;
    for (lang, date) in [
        (Lang::En, "14 March 2019"),
        (Lang::Ru, "14 марта 2019\u{202f}г."),
        (Lang::Ky, "2019-ж. 14-март"),
        (Lang::Ko, "2019년 3월 14일"),
    ] {
        let page = app.visitor().get(&format!("/{lang}/doc/sunflower-centre-model")).await;
        assert!(page.body.contains(&format!(">{date}</time>")), "{lang}: {date}");
    }
    // Times in the reader's zone, named: Bishkek by default for Russian, their choice after.
    let mut member = app.member(Role::Editor).await;
    let dashboard = member.get("/ru/editor/translations").await;
    dashboard.assert_status(StatusCode::OK);
    let history_of = document_id(&app, "sunflower-centre-model", Lang::Ru).await;
    let history = member.get(&format!("/ru/editor/{history_of}/history")).await;
    assert!(history.body.contains("(Бишкек)"), "Bishkek time by default");
    assert!(history.body.contains("Импортировано из case-studies/sunflower-centre-model.ru.md"));
    member.post_form("/ru/account/time-zone", &[("zone", "Asia/Seoul")]).await.assert_status(StatusCode::SEE_OTHER);
    let history = member.get(&format!("/ru/editor/{history_of}/history")).await;
    assert!(history.body.contains("(Сеул)") && !history.body.contains("(Бишкек)"));
    let korean = member.get(&format!("/ko/editor/{history_of}/history")).await;
    assert!(korean.body.contains("(서울)"));
}

#[tokio::test]
async fn editor_words_templates_states_and_audit_follow_the_language() {
    let app = TestApp::new().await;
    let mut admin = app.member(Role::Admin).await;
    let ky = admin.get("/ky/editor/new?kind=lesson").await;
    assert!(ky.body.contains("## Эмне иштеди"), "the Kyrgyz lesson template");
    let ko = admin.get("/ko/editor/new?kind=case-study").await;
    assert!(ko.body.contains("## 강점과 과제"), "the Korean case-study template");
    let en = admin.get("/ru/editor/new?kind=lesson&language=en").await;
    assert!(en.body.contains("## What worked"), "the template follows the document's language");
    let dashboard = admin.get("/ru/editor").await;
    assert!(dashboard.body.contains(">Опубликован</span>") && !dashboard.body.contains(">published<"));

    let mut author = app.member(Role::Editor).await;
    let id = document_id(&app, "partnership-overview", Lang::En).await;
    edit_in_browser(&mut author, Lang::En, id, "One more sentence.").await;
    publish(&mut author, &mut admin, id).await;
    let audit = admin.get("/ru/admin/audit").await;
    audit.assert_status(StatusCode::OK);
    let table = between(&audit.body, "<tbody>", "</tbody>");
    for words in ["Одобрено и опубликовано", "Отправлено на проверку", "Черновик сохранён", "документ"]
    {
        assert!(table.contains(words), "{words}: {table}");
    }
    assert!(!table.contains(">document.approve<"), "codes only as a tooltip");
}

#[tokio::test]
async fn russian_heading_anchors_drop_the_soft_sign() {
    let app = TestApp::new().await;
    let page = app.visitor().get("/ru/doc/kyrgyzstan-crisis-centres").await;
    assert!(page.body.contains("id=\"silnye-storony-i-trudnosti\""), "no hyphen for ь");
    assert!(!page.body.contains("sil-nye"));
}
