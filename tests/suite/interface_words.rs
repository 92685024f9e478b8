//! No English left on a Russian, Kyrgyz or Korean page: every page type, every flash and every
//! error, walked in `ru`, `ky` and `ko` by a visitor, a reader, an editor and an admin. Names,
//! codes (addresses, file names, acronyms) and text marked as another language (an English
//! document, a card in English) are allowed; an English interface word is not.

use std::collections::BTreeSet;

use app::model::{Lang, Role};
use axum::http::StatusCode;
use scraper::{ElementRef, Html, Node};
use tests::{Agent, TestApp, TestResponse};

/// Latin-script words that are names, not interface words.
const NAMES: &[&str] = &[
    // The portal and the key that leaves it.
    "Sunflower",
    "Exchange",
    "Esc",
    // Formats and programs people know by these names.
    "Atom",
    "Markdown",
    "Word",
    "PowerPoint",
    "Excel",
    // A person a document quotes (the Korean text gives her name in Latin letters too).
    "Janyl",
    "Alybaeva",
];

/// Elements whose text is not interface: code, what people typed, scripts.
/// A form the walk sends to be refused: its name, address and fields.
type RefusedForm = (&'static str, String, Vec<(&'static str, &'static str)>);

const SKIPPED: &[&str] = &["script", "style", "code", "pre", "textarea", "template"];

/// Attributes people read (or hear).
const READ_ATTRIBUTES: &[&str] = &["title", "aria-label", "placeholder", "alt"];

/// Whether `token` looks like an English word: Latin letters (with inner hyphens or
/// apostrophes), not an acronym, not a name.
fn english_word(token: &str) -> bool {
    let word = token.trim_matches(|c: char| !c.is_alphanumeric());
    if word.chars().count() < 2 || NAMES.contains(&word) {
        return false;
    }
    // Addresses, file names, codes and numbers are not words.
    if token.contains(['/', '.', '@', '_', '#', '=', '&', '?', ':']) && !token.ends_with(['.', ':', '?']) {
        return false;
    }
    let latin = word.chars().all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'');
    let acronym = word.chars().all(|c| c.is_ascii_uppercase() || c == '-');
    // A lowercase hyphenated token is an address (`chernovik-uroka`, `crisis-centres`).
    let slug = word.contains('-') && word.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    latin && !acronym && !slug
}

/// The Latin words a reader of `lang` meets on the page outside text marked as another
/// language, with where they were.
pub(crate) fn english_words(html: &str, lang: Lang) -> BTreeSet<String> {
    let doc = Html::parse_document(html);
    let mut found = BTreeSet::new();
    walk(doc.root_element(), lang.code(), lang.code(), &mut found);
    found
}

fn walk(el: ElementRef<'_>, page_lang: &str, inherited: &str, found: &mut BTreeSet<String>) {
    let v = el.value();
    if SKIPPED.contains(&v.name()) {
        return;
    }
    let lang = v.attr("lang").unwrap_or(inherited);
    if lang == page_lang {
        let mut texts: Vec<&str> = READ_ATTRIBUTES.iter().filter_map(|a| v.attr(a)).collect();
        if v.name() == "input" && matches!(v.attr("type"), Some("submit" | "button")) {
            texts.extend(v.attr("value"));
        }
        if v.name() == "title" {
            // "Document title · Sunflower Exchange": the title may be a document's own.
            return;
        }
        for t in texts {
            found
                .extend(t.split_whitespace().filter(|w| english_word(w)).map(|w| format!("{w} (in {}@{t})", v.name())));
        }
    }
    for child in el.children() {
        match child.value() {
            Node::Text(text) if lang == page_lang => {
                found.extend(
                    text.split_whitespace()
                        .filter(|w| english_word(w))
                        .map(|w| format!("{w} (in <{}>: {})", v.name(), text.trim())),
                );
            }
            Node::Element(_) => walk(ElementRef::wrap(child).expect("an element"), page_lang, lang, found),
            _ => {}
        }
    }
}

/// Collects the English words of a response for `lang` under the name `what`.
fn check(problems: &mut Vec<String>, lang: Lang, what: &str, res: &TestResponse) {
    assert!(
        res.header("content-type").is_some_and(|c| c.starts_with("text/html")),
        "{what} ({lang}) is not a page: {} {}",
        res.status,
        res.body.chars().take(300).collect::<String>()
    );
    for w in english_words(&res.body, lang) {
        problems.push(format!("/{lang} {what}: {w}"));
    }
}

#[test]
fn the_checker_finds_english_and_allows_names_codes_and_marked_text() {
    let html = r#"<html lang="ru"><body><p>Фильтры: Кейсы filters</p>
        <a href="/x" title="Open it">UNDP · Sunflower Exchange · agenda.pdf · application/pdf · 12 KB</a>
        <article lang="en"><h1>An English document</h1><p lang="ru">Кейс</p></article>
        <code>document.approve</code><input type="submit" value="Save"></body></html>"#;
    let words = english_words(html, Lang::Ru);
    let bare: Vec<&str> = words.iter().map(|w| w.split(' ').next().unwrap()).collect();
    assert_eq!(bare, ["Open", "Save", "filters", "it"], "{words:?}");
}

/// Signs in a member with a name in the page's script, so names do not count as English.
async fn member<'a>(app: &'a TestApp, role: Role, name: &str) -> Agent<'a> {
    let email = format!("{}-{}@example.org", role.code(), app.scalar("SELECT COUNT(*) FROM users").await);
    app.add_user(&email, name, role).await;
    let mut agent = app.visitor();
    let res = agent.sign_in(&email).await;
    res.assert_status(StatusCode::SEE_OTHER);
    agent
}

#[tokio::test]
async fn no_english_interface_word_is_left_on_russian_kyrgyz_or_korean_pages() {
    let app = TestApp::new().await;
    let mut visitor = app.visitor();
    let mut reader = member(&app, Role::Reader, "Айгерим").await;
    let mut editor = member(&app, Role::Editor, "Бакыт").await;
    let mut admin = member(&app, Role::Admin, "Жылдыз").await;
    let mut moderator = member(&app, Role::Moderator, "민지").await;
    let original = app.scalar("SELECT id FROM documents WHERE slug = 'partnership-overview' AND language = 'en'").await;
    // Work to show: a thread with a reported post, a second revision (history, diff, outdated
    // translations), a draft with personal data, an attachment.
    let thread = reader
        .post_form(
            "/ru/threads",
            &[
                ("doc", "sunflower-centre-model"),
                ("title", "Вопрос о модели"),
                ("body", "Как устроено финансирование?"),
            ],
        )
        .await;
    let thread_path =
        thread.header("location").unwrap().split('#').next().unwrap().trim_start_matches("/ru").to_string();
    let thread_id: i64 = thread_path.trim_start_matches("/threads/").parse().unwrap();
    let post_id = app.scalar(&format!("SELECT MIN(id) FROM posts WHERE thread_id = {thread_id}")).await;
    editor.post_form(&format!("/ru/posts/{post_id}/report"), &[("reason", "Проверьте, пожалуйста")]).await;
    let page = editor.get(&format!("/en/editor/{original}")).await;
    let mut fields = tests::form_fields(&page.body, "form.editor-form");
    let body = fields.iter().find(|(n, _)| n == "body").map(|(_, v)| v.clone()).unwrap();
    tests::set_field(&mut fields, "body", &format!("{body}\n\nOne more paragraph.\n"));
    tests::set_field(&mut fields, "action", "submit");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    editor.post_raw_form(&format!("/en/editor/{original}"), &pairs).await.assert_status(StatusCode::SEE_OTHER);
    admin
        .post_form(&format!("/en/editor/{original}/review"), &[("decision", "approve"), ("comment", "Хорошо")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let sensitive = editor
        .post_form(
            "/ru/editor/new",
            &[
                ("title", "Черновик урока"),
                ("kind", "lesson"),
                ("language", "ru"),
                ("body", "## Контекст\n\nТелефон +996 555 123 456.\n"),
                ("action", "save"),
            ],
        )
        .await;
    let draft: i64 =
        sensitive.header("location").unwrap().split('/').nth(3).unwrap().split('?').next().unwrap().parse().unwrap();
    let translation =
        app.scalar("SELECT id FROM documents WHERE slug = 'partnership-overview' AND language = 'ru'").await;

    let mut problems = Vec::new();
    for lang in [Lang::Ru, Lang::Ky, Lang::Ko] {
        let l = lang.code();
        let visitor_pages = [
            format!("/{l}/"),
            format!("/{l}/case-studies"),
            format!("/{l}/case-studies?country=KG&page=1"),
            format!("/{l}/workplans"),
            format!("/{l}/webinars"),
            format!("/{l}/lessons"),
            format!("/{l}/resources"),
            format!("/{l}/areas"),
            format!("/{l}/areas/operation-processes"),
            format!("/{l}/doc/sunflower-centre-model"),
            format!("/{l}/doc/partnership-overview"),
            format!("/{l}/doc/sunflower-centre-funding-mechanisms"),
            format!("/{l}/doc/2019-01-29-integrative-support-webinar"),
            format!("/{l}/doc/strategic-workplan-draft"),
            format!("/{l}/doc/attachment-example"),
            format!("/{l}/tags"),
            format!("/{l}/tags/sunflower-centre"),
            format!("/{l}/search?q=%D1%86%D0%B5%D0%BD%D1%82%D1%80"),
            format!("/{l}/search?q=zzqqxxyy"),
            format!("/{l}/search?q=%22%22%22"),
            format!("/{l}/search"),
            format!("/{l}/login"),
            format!("/{l}/no/such/page"),
            format!("/{l}/doc/no-such-document"),
            format!("/{l}/invite/not-a-token"),
            format!("/{l}/reset/not-a-token"),
            format!("/{l}/editor"),
        ];
        for path in &visitor_pages {
            let res = visitor.get(path).await;
            let res = if res.status == StatusCode::SEE_OTHER {
                visitor.get(res.header("location").unwrap()).await
            } else {
                res
            };
            check(&mut problems, lang, path, &res);
        }
        let reader_pages = [
            format!("/{l}/account"),
            format!("/{l}/account?done=password"),
            format!("/{l}/account?done=zone"),
            format!("/{l}/forum"),
            format!("/{l}/my-threads"),
            format!("/{l}{thread_path}"),
            format!("/{l}/posts/{post_id}/report"),
            format!("/{l}/posts/{post_id}/edit"),
            format!("/{l}/posts/{post_id}/delete"),
            format!("/{l}/editor"),
        ];
        for path in &reader_pages {
            check(&mut problems, lang, path, &reader.get(path).await);
        }
        let editor_pages = [
            format!("/{l}/editor"),
            format!("/{l}/editor/translations"),
            format!("/{l}/editor/translations?language=ky&kind=area"),
            format!("/{l}/editor/new?kind=lesson"),
            format!("/{l}/editor/new?kind=webinar"),
            format!("/{l}/editor/new?kind=workplan"),
            format!("/{l}/editor/new?translation_of=sunflower-centre-funding-mechanisms&language={l}"),
            format!("/{l}/editor/{original}"),
            format!("/{l}/editor/{translation}"),
            format!("/{l}/editor/{original}/history"),
            format!("/{l}/editor/{original}/diff?a=1&b=2"),
            format!("/{l}/editor/{original}/diff?a=x"),
            format!("/{l}/editor/{draft}"),
        ];
        for path in &editor_pages {
            check(&mut problems, lang, path, &editor.get(path).await);
        }
        for notice in ["saved", "submitted", "approved", "returned", "attached", "removed", "restored"] {
            check(&mut problems, lang, notice, &editor.get(&format!("/{l}/editor/{draft}?notice={notice}")).await);
        }
        for path in [format!("/{l}/admin/users"), format!("/{l}/admin/invitations"), format!("/{l}/admin/audit")] {
            check(&mut problems, lang, &path, &admin.get(&path).await);
        }
        for path in [format!("/{l}/moderation"), format!("/{l}/moderation/posts/{post_id}")] {
            check(&mut problems, lang, &path, &moderator.get(&path).await);
        }

        // Refused forms, each shown again with the reason.
        let forms: Vec<RefusedForm> = vec![
            ("login", format!("/{l}/login"), vec![("email", "nobody@example.org"), ("password", "wrong")]),
            ("password", format!("/{l}/account/password"), vec![("current", "wrong"), ("new", "short")]),
            ("thread", format!("/{l}/threads"), vec![("title", " "), ("body", " ")]),
            ("reply", format!("/{l}{thread_path}/reply"), vec![("body", " ")]),
            ("report", format!("/{l}/posts/{post_id}/report"), vec![("reason", " ")]),
            ("editor", format!("/{l}/editor/new"), vec![("title", " "), ("kind", "lesson"), ("action", "save")]),
            (
                "tags",
                format!("/{l}/editor/new"),
                vec![("title", "Т"), ("kind", "lesson"), ("tags", "!!!"), ("action", "save")],
            ),
            (
                "structured",
                format!("/{l}/editor/new"),
                vec![("title", "Т"), ("kind", "webinar"), ("structured", "event: [")],
            ),
            ("submit", format!("/{l}/editor/{draft}/submit"), vec![]),
            ("review", format!("/{l}/editor/{draft}/review"), vec![("decision", "return"), ("comment", " ")]),
            ("invitation", format!("/{l}/admin/invitations"), vec![("role", "editor"), ("days", "999")]),
        ];
        for (what, path, fields) in &forms {
            let agent = match *what {
                "login" => &mut visitor,
                "password" | "thread" | "reply" | "report" => &mut reader,
                "invitation" => &mut admin,
                _ => &mut editor,
            };
            let res = agent.post_form(path, fields).await;
            assert!(res.status.is_client_error(), "{what} ({lang}) was refused: {} {}", res.status, res.body);
            check(&mut problems, lang, &format!("refused {what}"), &res);
        }
        // A forged form (no token) and a form from another site.
        let forged = reader.post_raw_form(&format!("/{l}/threads"), &[("title", "x"), ("body", "y")]).await;
        forged.assert_status(StatusCode::FORBIDDEN);
        check(&mut problems, lang, "forged form", &forged);
    }
    // Too many failed sign-ins: the lock-out page in each language.
    for lang in [Lang::Ru, Lang::Ky, Lang::Ko] {
        let mut stranger = app.visitor();
        let mut last = None;
        for _ in 0..12 {
            let res = stranger
                .post_form(&format!("/{lang}/login"), &[("email", "admin-3@example.org"), ("password", "wrong")])
                .await;
            if res.status == StatusCode::TOO_MANY_REQUESTS {
                last = Some(res);
                break;
            }
        }
        let res = last.expect("a lock-out after repeated failures");
        check(&mut problems, lang, "429", &res);
    }
    assert!(problems.is_empty(), "English interface words left ({}):\n{}", problems.len(), problems.join("\n"));
}
