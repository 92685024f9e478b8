//! List pages from the in-memory library (issue 15): sections, areas and tags are paged, the
//! library follows the `changes` log (also a change made on another node), and a reader's
//! lists never show what they may not read.

use std::time::Duration;

use app::model::Role;
use axum::http::StatusCode;
use tests::{Agent, TestApp, content_with_fixtures};

/// Whether `path` satisfies `ok` for this agent within a little over a second.
async fn within_a_second(agent: &mut Agent<'_>, path: &str, ok: impl Fn(&str) -> bool) -> bool {
    let start = std::time::Instant::now();
    loop {
        if ok(&agent.get(path).await.body) {
            return true;
        }
        if start.elapsed() > Duration::from_millis(1500) {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Writes `n` lessons tagged `paging-check` in the crisis-centre area, the middle one
/// partners-only, into the content folder.
fn write_lessons(app: &TestApp, n: usize) {
    let dir = app.content.path().join("lessons");
    for i in 0..n {
        let visibility = if i == n / 2 { "partners" } else { "public" };
        let text = format!(
            "---\ntitle: Paging check lesson {i:02}\nkind: lesson\nsummary: An illustrative test document for paging.\n\
             date: 2021-01-{:02}\ncountries: [KG]\nareas: [crisis-centre-capacity]\ntags: [paging-check]\n\
             visibility: {visibility}\n---\n\nIllustrative text for the paging test.\n",
            1 + i % 28
        );
        std::fs::write(dir.join(format!("paging-check-{i:02}.md")), text).unwrap();
    }
}

/// How many "Paging check lesson" cards a page shows.
fn cards(body: &str) -> usize {
    body.matches("Paging check lesson").count()
}

#[tokio::test]
async fn tag_area_and_section_pages_are_paged_and_count_what_the_viewer_may_read() {
    let app = TestApp::new().await;
    write_lessons(&app, 45);
    app.reimport().await;

    // 44 public lessons for a visitor: pages of 20, 20 and 4, and the count says 44.
    let first = app.get("/en/tags/paging-check").await;
    first.assert_status(StatusCode::OK);
    assert_eq!(cards(&first.body), 20, "{}", first.body);
    assert!(first.body.contains("44 documents"), "the count covers every page");
    assert!(first.body.contains("1 of 3"), "the pager names the pages");
    assert!(first.body.contains("href=\"/en/tags/paging-check?page=2\""));
    let last = app.get("/en/tags/paging-check?page=3").await;
    assert_eq!(cards(&last.body), 4);
    for n in 1..=3 {
        let page = app.get(&format!("/en/tags/paging-check?page={n}")).await;
        assert!(!page.body.contains("Paging check lesson 22"), "the partners-only lesson is not listed");
    }
    // A page past the end shows the last page, not an error.
    assert_eq!(cards(&app.get("/en/tags/paging-check?page=99").await.body), 4);

    // A reader also sees the partners-only lesson: 45, so the third page has 5.
    let mut reader = app.member(Role::Reader).await;
    let page = reader.get("/en/tags/paging-check?page=3").await;
    assert_eq!(cards(&page.body), 5, "{}", page.body);
    assert!(reader.get("/en/tags/paging-check").await.body.contains("45 documents"));

    // The area lists its documents 20 at a time too, with links to the next page.
    let area = app.get("/en/areas/crisis-centre-capacity").await;
    area.assert_status(StatusCode::OK);
    assert!(cards(&area.body) <= 20);
    assert!(area.body.contains("href=\"/en/areas/crisis-centre-capacity?page=2#area-docs\""));
    let pages: usize = area
        .body
        .split("1 of ")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .and_then(|n| n.trim().parse().ok())
        .expect("the area's pager says how many pages");
    let mut seen = 0;
    for n in 1..=pages {
        seen += cards(&app.get(&format!("/en/areas/crisis-centre-capacity?page={n}")).await.body);
    }
    assert_eq!(seen, 44, "every public lesson of the area is on exactly one page");

    // The lessons section counts them with the shipped lessons, and pages them.
    let section = app.get("/en/lessons?page=2").await;
    assert!(section.body.contains("2 of"), "{}", section.body);
}

#[tokio::test]
async fn a_list_follows_a_change_at_once_and_a_second_node_follows_within_a_second() {
    let db = tests::postgres::FreshDatabase::create().await;
    let a = TestApp::with_database(content_with_fixtures(), tempfile::TempDir::new().unwrap(), &db.url).await;
    let b = TestApp::with_database(content_with_fixtures(), tempfile::TempDir::new().unwrap(), &db.url).await;
    // A signed-in reader on B: their pages never come from the page cache, only the library.
    let mut reader = b.member(Role::Reader).await;
    assert_eq!(cards(&reader.get("/en/tags/paging-check").await.body), 0);
    let before = reader.get("/en/lessons").await;
    before.assert_status(StatusCode::OK);
    // A reader on A too: members' list bodies are shared and kept per state of the library.
    let mut reader_a = a.member(Role::Reader).await;
    assert_eq!(cards(&reader_a.get("/en/tags/paging-check").await.body), 0);

    write_lessons(&a, 3);
    a.reimport().await;
    // On the node that made the change, at once.
    assert_eq!(cards(&a.get("/en/tags/paging-check").await.body), 2);
    assert_eq!(cards(&reader_a.get("/en/tags/paging-check").await.body), 3, "a member's kept list follows at once");
    // On the other node, within a second (its library compares the log's mark per request).
    let shown = within_a_second(&mut reader, "/en/tags/paging-check", |body| cards(body) == 3).await;
    assert!(shown, "node B's reader sees node A's three lessons, the partners-only one included");

    // Node A removes a lesson (archive): node B's list drops it.
    std::fs::remove_file(a.content.path().join("lessons/paging-check-01.md")).unwrap();
    a.reimport().await;
    let gone = within_a_second(&mut reader, "/en/tags/paging-check", |body| {
        cards(body) == 2 && !body.contains("Paging check lesson 01")
    })
    .await;
    assert!(gone, "an archived lesson leaves the other node's list");
    db.drop().await;
}

#[tokio::test]
async fn a_library_updated_from_changes_equals_one_read_in_full() {
    let app = TestApp::new().await;
    let before = app.state.store.library().await.unwrap();
    write_lessons(&app, 5);
    app.reimport().await;
    let added = app.state.store.library().await.unwrap();
    assert!(!std::sync::Arc::ptr_eq(&before, &added), "the change made a new library");
    assert!(added.set("paging-check-03").is_some());
    // A new date moves a lesson in the order; removing its file archives another.
    let shipped = app.content.path().join("lessons/paging-check-02.md");
    let text = std::fs::read_to_string(&shipped).unwrap().replace("date: 2021-01-03", "date: 2030-01-01");
    std::fs::write(&shipped, text).unwrap();
    std::fs::remove_file(app.content.path().join("lessons/paging-check-04.md")).unwrap();
    app.reimport().await;
    let updated = app.state.store.library().await.unwrap();
    // A second store on the same database reads everything afresh.
    let url = format!("sqlite://{}", app.data.path().join("portal.db").display());
    let fresh = server::db::Store::connect(&url).await.unwrap().library().await.unwrap();
    // Each set's slug, and each version's id and tags, in list order.
    type Shape = Vec<(String, Vec<(i64, Vec<String>)>)>;
    let shape = |lib: &server::db::Library| -> Shape {
        lib.sets
            .iter()
            .map(|s| (s.slug.clone(), s.versions.iter().map(|v| (v.row.id, v.facets.tags.clone())).collect()))
            .collect()
    };
    assert_eq!(shape(&updated), shape(&fresh));
    assert_eq!(updated.sets[0].slug, "paging-check-02", "the newest date comes first");
    assert!(updated.set("paging-check-04").is_none(), "the archived lesson left the library");
}
