//! The design pass, as a reader, a member and a moderator meet it: the 404 that offers to sign
//! in, search that says what it searched for and where to start, document and area pages that
//! put the text first and list things once, a report that is acknowledged and can be
//! dismissed, and a comparison of identical revisions that says so.

use app::i18n::msg::Msg;
use app::i18n::ui;
use app::model::{Lang, Role};
use axum::http::StatusCode;
use tests::TestApp;

#[tokio::test]
async fn every_404_offers_to_sign_in_without_saying_whether_the_page_exists() {
    let app = TestApp::new().await;
    for lang in Lang::ALL {
        let restricted = app.get(&format!("/{lang}/doc/staff-only-note")).await;
        restricted.assert_status(StatusCode::NOT_FOUND);
        let missing = app.get(&format!("/{lang}/doc/staff-only-notf")).await;
        missing.assert_status(StatusCode::NOT_FOUND);
        for res in [&restricted, &missing] {
            assert!(res.body.contains(ui(lang).sign_in_to_see_more), "{lang}: the hint");
        }
        assert!(restricted.body.contains(&format!("/{lang}/login?next=%2F{lang}%2Fdoc%2Fstaff-only-note")));
        // The two pages differ only by the address they name.
        assert_eq!(restricted.body.replace("staff-only-note", "X"), missing.body.replace("staff-only-notf", "X"));
    }
}

#[tokio::test]
async fn search_says_what_it_searched_for_and_where_to_start() {
    let app = TestApp::new().await;
    let typo = app.get("/en/search?q=sunflwer").await;
    assert!(typo.body.contains("Showing results for <strong>sunflower</strong>"), "the corrected word is named");
    assert!(typo.body.contains("class=\"hit\""));
    // Snippets that do not reach the section's edges say so.
    assert!(typo.body.contains("… "), "an ellipsis where the text was cut");
    // An exact word is not "corrected".
    assert!(!app.get("/en/search?q=sunflower").await.body.contains("Showing results for"));
    // An empty query: how to search, and documents to start from.
    let blank = app.get("/en/search?q=").await;
    assert!(blank.body.contains(ui(Lang::En).search_hint));
    assert!(blank.body.contains(ui(Lang::En).start_here) && blank.body.contains("class=\"card"));
    // Nothing found: the same starting points, not an empty box.
    let none = app.get("/ru/search?q=qqqqzzzz").await;
    assert!(none.body.contains(ui(Lang::Ru).start_here));
    // Results come before the filters, and the filters are folded.
    let hits = app.get("/en/search?q=crisis").await;
    let first_hit = hits.body.find("class=\"hit\"").unwrap();
    let filters = hits.body.find("<details class=\"facets\"").unwrap();
    assert!(hits.body[filters..].starts_with("<details class=\"facets\">"), "folded while no filter is chosen");
    assert!(hits.body.find("class=\"result-count\"").unwrap() < first_hit);
    // One search box on the search page.
    assert_eq!(hits.body.matches("type=\"search\"").count(), 1);
}

#[tokio::test]
async fn document_and_area_pages_put_the_text_first_and_list_things_once() {
    let app = TestApp::new().await;
    // The backlinks are a compact list of titles, not cards with summaries.
    let doc = app.get("/en/doc/sunflower-centre-model").await;
    let backlinks = &doc.body[doc.body.find("id=\"backlinks-title\"").expect("backlinks")..];
    let backlinks = &backlinks[..backlinks.find("</section>").unwrap()];
    assert!(backlinks.contains("class=\"backlink-list\"") && !backlinks.contains("class=\"card"));
    // Wide tables scroll inside a frame.
    let table_doc = app.get("/en/doc/sunflower-centre-funding-mechanisms").await;
    assert!(table_doc.body.contains("<div class=\"table-scroll\" tabindex=\"0\"><table>"));
    // An area page lists its documents once ("in this area"), with no "linked from" repeat.
    let area = app.get("/en/areas/funding-mechanisms").await;
    assert!(area.body.contains("id=\"area-docs\"") && !area.body.contains("id=\"backlinks-title\""));
}

#[tokio::test]
async fn a_report_is_acknowledged_and_a_moderator_can_dismiss_it() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Reader).await;
    let res = author.post_form("/en/threads", &[("title", "Referral question"), ("body", "A fair question.")]).await;
    let thread: i64 = res.header("location").unwrap().rsplit('/').next().unwrap().parse().unwrap();
    let post = app.scalar(&format!("SELECT MIN(id) FROM posts WHERE thread_id = {thread}")).await;
    let mut reporter = app.member(Role::Reader).await;
    let reported = reporter.post_form(&format!("/ru/posts/{post}/report"), &[("reason", "Off topic")]).await;
    reported.assert_status(StatusCode::SEE_OTHER);
    let location = reported.header("location").unwrap().to_string();
    assert!(location.contains("notice=reported") && location.ends_with(&format!("#post-{post}")), "{location}");
    let page = reporter.get(location.split('#').next().unwrap()).await;
    assert!(page.body.contains(&Msg::Reported.text(Lang::Ru)), "the confirmation, in Russian");

    let mut moderator = app.member(Role::Moderator).await;
    assert!(moderator.get("/en/moderation").await.body.contains("Off topic"));
    let dismissed = moderator.post_form(&format!("/en/moderation/posts/{post}/dismiss"), &[]).await;
    dismissed.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(dismissed.header("location"), Some("/en/moderation"));
    assert!(moderator.get("/en/moderation").await.body.contains("No open reports."));
    assert!(author.get(&format!("/en/threads/{thread}")).await.body.contains("A fair question."), "the post stays");
    let audited = app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'report.dismiss'").await;
    assert_eq!(audited, 1);
    // Only moderators dismiss.
    reporter.post_form(&format!("/en/moderation/posts/{post}/dismiss"), &[]).await.assert_status(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn comparing_identical_revisions_says_there_is_no_difference() {
    let app = TestApp::new().await;
    let mut editor = app.member(Role::Editor).await;
    let id = app.scalar("SELECT id FROM documents WHERE slug = 'sunflower-centre-model' AND language = 'en'").await;
    // Restoring the only revision makes a second, identical one.
    editor.post_form(&format!("/en/editor/{id}/restore/1"), &[]).await.assert_status(StatusCode::SEE_OTHER);
    let diff = editor.get(&format!("/en/editor/{id}/diff?a=1&b=2")).await;
    diff.assert_status(StatusCode::OK);
    assert!(diff.body.contains(ui(Lang::En).no_differences));
    assert!(!diff.body.contains("class=\"diff\""), "no full text shown as if it changed");
}

#[tokio::test]
async fn pending_invitations_are_listed_and_can_be_revoked() {
    let app = TestApp::new().await;
    let mut editor = app.member(Role::Editor).await;
    let res = editor.post_form("/en/admin/invitations", &[("role", "reader"), ("days", "7")]).await;
    res.assert_status(StatusCode::OK);
    // The link in a read-only field, to select and copy.
    let link = res.body.split("value=\"http://localhost").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
    assert!(link.starts_with("/en/invite/"));
    let page = editor.get("/en/admin/invitations").await;
    assert!(page.body.contains(ui(Lang::En).pending_invitations));
    let revoke =
        page.body.split("action=\"").find(|s| s.contains("/revoke\"")).and_then(|s| s.split('"').next()).unwrap();
    // Another editor neither sees nor revokes it.
    let mut other = app.member(Role::Editor).await;
    assert!(other.get("/en/admin/invitations").await.body.contains(ui(Lang::En).no_pending));
    other.post_form(revoke, &[]).await.assert_status(StatusCode::NOT_FOUND);
    // Its author revokes it: the link stops working and the list is empty.
    editor.post_form(revoke, &[]).await.assert_status(StatusCode::SEE_OTHER);
    assert!(editor.get("/en/admin/invitations").await.body.contains(ui(Lang::En).no_pending));
    let mut invitee = app.visitor();
    let refused = invitee
        .post_form(&link, &[("name", "Late"), ("email", "late@example.org"), ("password", "a long enough password")])
        .await;
    assert_ne!(refused.status, StatusCode::SEE_OTHER, "no account from a revoked invitation");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users WHERE email = 'late@example.org'").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'invitation.revoke'").await, 1);
}

#[tokio::test]
async fn reviewers_get_a_page_with_the_decision_first_and_the_changes() {
    let app = TestApp::new().await;
    let mut author = app.member(Role::Editor).await;
    let mut reviewer = app.member(Role::Editor).await;
    let fields = |body: &'static str| {
        vec![
            ("title", "Reviewed lesson"),
            ("kind", "lesson"),
            ("language", "en"),
            ("summary", "A lesson for the review page."),
            ("visibility", "public"),
            ("body", body),
            ("message", "First draft"),
        ]
    };
    let mut first = fields("## What happened\n\nThe first text of the lesson.\n");
    first.push(("action", "submit"));
    author.post_form("/en/editor/new", &first).await.assert_status(StatusCode::SEE_OTHER);
    let id = app.scalar("SELECT id FROM documents WHERE title = 'Reviewed lesson'").await;

    // The dashboard sends the reviewer to the review page.
    assert!(reviewer.get("/en/editor").await.body.contains(&format!("href=\"/en/editor/{id}/review\"")));
    let page = reviewer.get(&format!("/en/editor/{id}/review")).await;
    page.assert_status(StatusCode::OK);
    let decision = page.body.find("name=\"decision\" value=\"approve\"").expect("the decision");
    let text = page.body.find("The first text of the lesson.").expect("the rendered text");
    assert!(decision < text, "the decision comes first");
    assert!(page.body.contains(ui(Lang::En).first_publication));
    assert!(page.body.contains("<h2 id=\"what-happened\">"), "rendered, not raw Markdown");
    reviewer
        .post_form(&format!("/en/editor/{id}/review"), &[("decision", "approve"), ("comment", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);

    // A second version: the page shows what changed against the published one.
    let base = app.scalar(&format!("SELECT current_revision_id FROM documents WHERE id = {id}")).await.to_string();
    let mut second = fields("## What happened\n\nThe revised text of the lesson.\n");
    second.extend([("base_revision", base.as_str()), ("action", "submit")]);
    author.post_form(&format!("/en/editor/{id}"), &second).await.assert_status(StatusCode::SEE_OTHER);
    let page = reviewer.get(&format!("/en/editor/{id}/review")).await;
    assert!(page.body.contains(ui(Lang::En).changes_since_published));
    assert!(page.body.contains("<li class=\"diff-del\"><span aria-hidden=\"true\" class=\"diff-sign\">-</span>The first text of the lesson.</li>"));
    assert!(page.body.contains("<li class=\"diff-add\"><span aria-hidden=\"true\" class=\"diff-sign\">+</span>The revised text of the lesson.</li>"));
    // A reader has no review page.
    let mut reader = app.member(Role::Reader).await;
    reader.get(&format!("/en/editor/{id}/review")).await.assert_status(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn posts_say_which_organisation_and_country_the_poster_speaks_for() {
    let app = TestApp::new().await;
    let mut official = app.member(Role::Reader).await;
    let saved = official
        .post_form("/ru/account/profile", &[("organisation", "Кризисный центр «Сезим»"), ("country", "KG")])
        .await;
    saved.assert_status(StatusCode::SEE_OTHER);
    assert!(official.get("/ru/account?done=profile").await.body.contains(ui(Lang::Ru).profile_saved));
    let res = official.post_form("/en/threads", &[("title", "Shelter standards"), ("body", "Our question.")]).await;
    let thread = res.header("location").unwrap().rsplit('/').next().unwrap().to_string();
    let mut moderator = app.member(Role::Moderator).await;
    moderator
        .post_form(&format!("/en/threads/{thread}/reply"), &[("body", "An answer.")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = moderator.get(&format!("/ru/threads/{thread}")).await;
    let about = format!("Кризисный центр «Сезим», {}", app::i18n::country_label(Lang::Ru, "KG"));
    assert!(page.body.contains(&about), "{about}");
    assert!(
        page.body
            .contains(&format!("class=\"author-about\">{}</span>", app::i18n::role_label(Lang::Ru, Role::Moderator))),
        "a staff role is said"
    );
    // Bad input: a clear error, nothing changed.
    official
        .post_form("/en/account/profile", &[("organisation", "x"), ("country", "ZZ")])
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    let long = "o".repeat(121);
    official
        .post_form("/en/account/profile", &[("organisation", &long), ("country", "")])
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE organisation = 'Кризисный центр «Сезим»' AND country = 'KG'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_editor_offers_each_readable_document_as_a_link_to_copy() {
    let app = TestApp::new().await;
    let mut editor = app.member(Role::Editor).await;
    let page = editor.get("/ru/editor/new?kind=lesson").await;
    page.assert_status(StatusCode::OK);
    assert!(page.body.contains(ui(Lang::Ru).link_document));
    // In the reader's language where the document has it, with the stable slug.
    assert!(page.body.contains("value=\"[Модель центров «Подсолнух»](doc:sunflower-centre-model)\""));
    // Staff documents are offered to staff (they may read them); a visitor has no editor at all.
    assert!(page.body.contains("(doc:staff-only-note)"));
    app.visitor().get("/ru/editor/new?kind=lesson").await.assert_status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_date_every_card_shares_is_not_repeated_on_each_card() {
    let app = TestApp::new().await;
    // The shipped case studies all carry the date of the one source they come from.
    let same = app.get("/en/case-studies").await;
    let list = &same.body[same.body.find("class=\"card-list\"").expect("a list")..];
    assert!(list.contains("The Sunflower Centre model"));
    assert!(!list.contains("<time"), "no card repeats the shared date");
    // Lessons differ in date (the fixtures are from 2020): each card says its own.
    let mixed = app.get("/en/lessons").await;
    let list = &mixed.body[mixed.body.find("class=\"card-list\"").expect("a list")..];
    assert!(list.contains("<time datetime=\"2020-05-02\">"), "dates that differ are shown");
    // The document page keeps its date.
    assert!(app.get("/en/doc/sunflower-centre-model").await.body.contains("<time datetime=\"2019-03-14\">"));
}
