//! The partnership's working tools: webinar events (times in Bishkek and Seoul, upcoming or
//! past, iCalendar files and feed), the workplan (validation, timeline, status changes, CSV,
//! search) and the exchange map (counts against the content, per viewer).

use std::collections::HashSet;
use std::str::FromStr;

use app::i18n::format;
use app::model::{Lang, Role};
use axum::http::StatusCode;
use tests::TestApp;

/// A timed webinar in Seoul time, with a transcript, still to come; and a partners-only one.
const TIMED: &str = "---\ntitle: Fixture webinar on shelter standards\nkind: webinar\nsummary: A test fixture.\ndate: 2030-05-14\nareas: [crisis-centre-capacity]\nevent:\n  date: 2030-05-14\n  start: '09:00'\n  end: '11:00'\n  time_zone: Asia/Seoul\n  organisers: [Fixture organiser]\n  institutions: [Fixture institution]\n  agenda:\n    - title: Opening\n      start: '09:00'\n      end: '09:15'\n      presenter: Fixture presenter\n      organisation: Fixture organisation\n    - title: Questions and answers\n      start: '10:30'\n      end: '11:00'\n---\n\n## Transcript\n\nThe speakers discussed the zephyrine standard for shelters.\n";
const PARTNERS_ONLY: &str = "---\ntitle: Partners-only fixture webinar\nkind: webinar\nvisibility: partners\ndate: 2030-06-01\nevent:\n  date: 2030-06-01\n---\n\nFor partners.\n";

async fn with_webinars() -> TestApp {
    let app = TestApp::new().await;
    let dir = app.content.path().join("webinars");
    std::fs::write(dir.join("fixture-timed-webinar.md"), TIMED).unwrap();
    std::fs::write(dir.join("fixture-partners-webinar.md"), PARTNERS_ONLY).unwrap();
    let report = app.reimport().await;
    assert!(!report.has_failures(), "{report}");
    app
}

#[tokio::test]
async fn a_webinar_shows_its_times_in_bishkek_and_seoul_and_is_upcoming_or_past() {
    let app = with_webinars().await;
    let page = app.get("/en/doc/fixture-timed-webinar").await;
    page.assert_status(StatusCode::OK);
    // 09:00–11:00 in Seoul (UTC+9) is 06:00–08:00 in Bishkek (UTC+6).
    for text in ["Upcoming", "Bishkek", "Seoul", "14 May 2030, 06:00–08:00", "14 May 2030, 09:00–11:00"] {
        assert!(page.body.contains(text), "{text} on the webinar page");
    }
    assert!(page.body.contains("06:00–06:15") && page.body.contains("09:00–09:15"), "agenda times in both zones");
    assert!(page.body.contains("Fixture presenter, Fixture organisation"));
    assert!(page.body.contains("Fixture institution"));

    let shipped = app.get("/en/doc/2019-01-29-integrative-support-webinar").await;
    for text in ["Past", "Whole day: the source gives no time", "29 January 2019", "Participating institutions"] {
        assert!(shipped.body.contains(text), "{text} on the 2019 webinar");
    }
    // Before the body, not 900 px down: the event block comes right after the header.
    let event_at = shipped.body.find("id=\"event-title\"").unwrap();
    assert!(event_at < shipped.body.find("class=\"doc-layout\"").unwrap());

    // Russian: the dates as Russian writes them, zones named in Russian.
    let ru = app.get("/ru/doc/fixture-timed-webinar").await;
    assert!(
        ru.body.contains("14 мая 2030\u{202f}г., 06:00–08:00")
            && ru.body.contains("Бишкек")
            && ru.body.contains("Предстоит")
    );

    // The list: upcoming first, then past.
    let list = app.get("/en/webinars").await;
    // Searched in the rendered list.
    let rendered = &list.body[list.body.find("class=\"section-browser\"").expect("the list")..];
    let at = |s: &str| rendered.find(s).unwrap_or_else(|| panic!("{s} in the list"));
    assert!(at("Upcoming webinars") < at("Fixture webinar on shelter standards"));
    assert!(at("Fixture webinar on shelter standards") < at("Past webinars"));
    assert!(at("Past webinars") < at("Webinar: integrative support mechanisms"));
    assert!(list.body.contains("href=\"/feeds/webinars.ics\""));
}

#[tokio::test]
async fn calendar_files_read_back_and_the_feed_holds_only_public_webinars() {
    use icalendar::Component;
    let app = with_webinars().await;
    let ics = app.get("/en/doc/fixture-timed-webinar/event.ics").await;
    ics.assert_status(StatusCode::OK);
    assert!(ics.header("content-type").unwrap().starts_with("text/calendar"));
    let cal = icalendar::Calendar::from_str(&ics.body).expect("valid iCalendar");
    let events: Vec<_> = cal.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].get_summary(), Some("Fixture webinar on shelter standards"));
    let utc = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
    assert_eq!(
        events[0].get_start(),
        Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(utc("2030-05-14T00:00:00Z"))))
    );

    let feed = app.get("/feeds/webinars.ics").await;
    feed.assert_status(StatusCode::OK);
    let cal = icalendar::Calendar::from_str(&feed.body).expect("valid iCalendar");
    let titles: HashSet<&str> =
        cal.components.iter().filter_map(|c| c.as_event()).filter_map(|e| e.get_summary()).collect();
    assert!(titles.contains("Fixture webinar on shelter standards"));
    assert!(titles.contains("Webinar: integrative support mechanisms for GBV survivors in Kyrgyzstan"));
    assert!(!titles.contains("Partners-only fixture webinar"), "a partners-only webinar never reaches the public feed");
    let whole_day = cal
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .find(|e| e.get_summary().is_some_and(|s| s.starts_with("Webinar: integrative")))
        .unwrap();
    assert_eq!(
        whole_day.get_start(),
        Some(icalendar::DatePerhapsTime::Date(chrono::NaiveDate::from_ymd_opt(2019, 1, 29).unwrap())),
        "no time was given: an all-day event"
    );
    // The partners-only webinar's own file is not found for a visitor.
    app.get("/en/doc/fixture-partners-webinar/event.ics").await.assert_status(StatusCode::NOT_FOUND);

    // A transcript in the body is searchable, and the hit links to its section.
    let hits = app.get("/en/search?q=zephyrine").await;
    assert!(hits.body.contains("/en/doc/fixture-timed-webinar#transcript"), "{}", hits.body);
}

#[tokio::test]
async fn rules_for_events_and_activities_name_what_is_wrong() {
    let app = TestApp::new().await;
    let dir = app.content.path().join("zz-bad");
    std::fs::create_dir_all(&dir).unwrap();
    let webinar = |event: &str| format!("---\ntitle: Bad webinar\nkind: webinar\nevent:\n{event}---\n\nText.\n");
    let plan =
        |activities: &str| format!("---\ntitle: Bad plan\nkind: workplan\nactivities:\n{activities}---\n\nText.\n");
    let a = |id: &str, extra: &str| {
        format!(
            "  - {{id: {id}, title: T, area: funding-mechanisms, lead: L, start: '2020-01', end: '2020-03'{extra}}}\n"
        )
    };
    let files = [
        ("zone.md", webinar("  date: 2030-01-01\n  start: '10:00'\n  time_zone: Asia/Nowhere\n"), "Asia/Nowhere"),
        (
            "order.md",
            webinar("  date: 2030-01-01\n  start: '10:00'\n  end: '08:00'\n  time_zone: Asia/Bishkek\n"),
            "end: 08:00",
        ),
        (
            "outside.md",
            webinar(
                "  date: 2030-01-01\n  start: '10:00'\n  end: '11:00'\n  time_zone: Asia/Bishkek\n  agenda:\n    - {title: Late item, start: '11:30'}\n",
            ),
            "Late item",
        ),
        (
            "area.md",
            plan(&a("B1", "").replace("funding-mechanisms", "no-such-area")),
            "activity B1: there is no exchange area `no-such-area`",
        ),
        ("dates.md", plan(&a("B2", "").replace("'2020-03'", "'2019-12'")), "activity B2: it ends"),
        ("status.md", plan(&a("B3", ", status: stalled")), "activity B3: `status: stalled`"),
        ("dependency.md", plan(&a("B4", ", depends_on: [B9]")), "activity B4: `depends_on` names `B9`"),
        (
            "cycle.md",
            plan(&(a("C1", ", depends_on: [C2]") + &a("C2", ", depends_on: [C1]"))),
            "activities depend on each other in a circle: C1 → C2 → C1",
        ),
    ];
    for (name, text, _) in &files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let report = app.reimport().await;
    for (name, _, expected) in &files {
        let p = report
            .problems
            .iter()
            .find(|p| p.path.ends_with(name))
            .unwrap_or_else(|| panic!("no problem for {name}: {report}"));
        assert!(p.message.contains(expected), "{name}: {}", p.message);
        assert!(p.skipped, "{name} is refused, not imported");
    }
    app.get("/en/doc/bad-plan").await.assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_timeline_is_well_formed_with_every_activity_and_dependency() {
    let app = TestApp::new().await;
    let page = app.get("/en/doc/strategic-workplan-draft").await;
    page.assert_status(StatusCode::OK);
    let start = page.body.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\"").expect("a timeline");
    let end = page.body[start..].find("</svg>").unwrap() + start + "</svg>".len();
    let svg = roxmltree::Document::parse(&page.body[start..end]).expect("well-formed SVG");
    let stored: serde_json::Value = app.get("/api/v1/documents/strategic-workplan-draft").await.json();
    let activities = stored["activities"].as_array().expect("activities in the API");
    assert!(activities.len() >= 8);
    let bars: HashSet<String> = svg
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| n.attribute("href").map(str::to_string))
        .collect();
    let arrows: HashSet<(String, String)> = svg
        .descendants()
        .filter(|n| n.attribute("class") == Some("gantt-dep"))
        .map(|n| (n.attribute("data-from").unwrap().to_string(), n.attribute("data-to").unwrap().to_string()))
        .collect();
    let mut dependencies = 0;
    for a in activities {
        let id = a["id"].as_str().unwrap();
        assert!(bars.contains(&format!("#activity-{}", id.to_lowercase())), "a bar for {id}");
        assert!(page.body.contains(&format!("id=\"activity-{}\"", id.to_lowercase())), "an anchor for {id}");
        for d in a["depends_on"].as_array().unwrap() {
            dependencies += 1;
            assert!(arrows.contains(&(d.as_str().unwrap().to_string(), id.to_string())), "arrow {d} → {id}");
        }
    }
    assert!(dependencies > 0, "the shipped workplan has dependencies");
    // The text alternative and the raw keys gone: area names, periods in words, once each.
    assert!(page.body.contains("<caption id=\"activity-table-caption\">The activities as a table</caption>"));
    assert!(page.body.contains("April 2019 – June 2019"));
    assert!(!page.body.contains(">crisis-centre-capacity<"), "no raw area key shown");
    // Its end passed long ago while still planned: flagged.
    assert!(page.body.contains("Delayed: its end has passed"));
    // The CSV export, read back with the csv crate.
    let csv = app.get("/en/doc/strategic-workplan-draft/activities.csv").await;
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().take(3).collect::<Vec<_>>(), ["id", "title", "area"]);
    assert_eq!(reader.records().count(), activities.len());
}

#[tokio::test]
async fn editors_change_an_activity_status_from_the_page_and_it_is_recorded() {
    let app = TestApp::new().await;
    let path = "/en/doc/strategic-workplan-draft/activities/A3";
    let mut reader = app.member(Role::Reader).await;
    reader.post_form(path, &[("status", "done"), ("note", "")]).await.assert_status(StatusCode::FORBIDDEN);
    app.visitor().post_form(path, &[("status", "done")]).await;
    let page = app.get("/en/doc/strategic-workplan-draft").await;
    assert!(!page.body.contains("class=\"status-form\""), "no form for visitors");

    let mut editor = app.member(Role::Editor).await;
    let editing = editor.get("/en/doc/strategic-workplan-draft").await;
    assert!(editing.body.contains("action=\"/en/doc/strategic-workplan-draft/activities/A3\""));
    let before = app.scalar("SELECT COUNT(*) FROM revisions r JOIN documents d ON d.id = r.document_id WHERE d.slug = 'strategic-workplan-draft'").await;
    let res = editor
        .post_form(path, &[("status", "in-progress"), ("note", "Intake practice described in two centres")])
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/en/doc/strategic-workplan-draft?notice=status#activity-a3"));
    let after = app.scalar("SELECT COUNT(*) FROM revisions r JOIN documents d ON d.id = r.document_id WHERE d.slug = 'strategic-workplan-draft'").await;
    assert_eq!(after, before + 1, "a new revision");

    let shown = editor.get("/en/doc/strategic-workplan-draft?notice=status").await;
    assert!(shown.body.contains("Status changed."));
    let today = format::date(&tests::today_iso(), Lang::En);
    let line = format!("In progress since {today}: Intake practice described in two centres");
    assert!(shown.body.contains(&line), "the history line {line}");
    // Everyone reads the new status, the CSV says it, and the area page shows it.
    let public = app.get("/en/doc/strategic-workplan-draft").await;
    assert!(public.body.contains(&line));
    let csv = app.get("/en/doc/strategic-workplan-draft/activities.csv").await;
    assert!(csv.body.lines().any(|l| l.starts_with("A3,") && l.contains(",in-progress,")), "{}", csv.body);
    let area = app.get("/en/areas/operation-processes").await;
    assert!(area.body.contains("A3 Review operation processes") && area.body.contains("status-in-progress"));
    // Audited with who and what.
    let audited = app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'workplan.status' AND detail LIKE 'A3: planned → in-progress%'").await;
    assert_eq!(audited, 1);
    let mut admin = app.member(Role::Admin).await;
    assert!(admin.get("/en/admin/audit").await.body.contains("Activity status changed"));
    // The history of the document lists the change by its author.
    let history = app
        .scalar(
            "SELECT COUNT(*) FROM revisions WHERE message LIKE 'A3: planned → in-progress%' AND author_id IS NOT NULL",
        )
        .await;
    assert_eq!(history, 1);
    // Searchable by the activity, linking to its anchor.
    let hits = app.get("/en/search?q=%22Review+operation+processes+from+intake%22").await;
    assert!(hits.body.contains("/en/doc/strategic-workplan-draft#activity-a3"), "{}", hits.body);

    // Bad input: a clear error, nothing stored.
    let bad = editor.post_form(path, &[("status", "finished"), ("note", "")]).await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    let unknown = editor.post_form("/en/doc/strategic-workplan-draft/activities/Z9", &[("status", "done")]).await;
    unknown.assert_status(StatusCode::BAD_REQUEST);
    let long = "x".repeat(301);
    editor.post_form(path, &[("status", "done"), ("note", &long)]).await.assert_status(StatusCode::BAD_REQUEST);
    let end = app.scalar("SELECT COUNT(*) FROM revisions r JOIN documents d ON d.id = r.document_id WHERE d.slug = 'strategic-workplan-draft'").await;
    assert_eq!(end, after, "refused changes store nothing");
}

/// The map's cells for one area's row, as numbers.
fn map_row(html: &str, area_title: &str) -> Vec<u32> {
    let doc = scraper::Html::parse_document(html);
    let row = scraper::Selector::parse("table.exchange-map tbody tr").unwrap();
    let cell = scraper::Selector::parse("td").unwrap();
    let head = scraper::Selector::parse("th").unwrap();
    doc.select(&row)
        .find(|r| r.select(&head).next().is_some_and(|h| h.text().collect::<String>() == area_title))
        .unwrap_or_else(|| panic!("a row for {area_title}"))
        .select(&cell)
        .map(|c| c.text().collect::<String>().trim().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn the_exchange_map_counts_what_each_viewer_may_read() {
    let app = TestApp::new().await;
    // Expected counts from the API (another path to the same content): distinct documents.
    let count = |docs: &serde_json::Value, country: Option<&str>| {
        docs.as_array()
            .unwrap()
            .iter()
            .filter(|d| country.is_none_or(|c| d["countries"].as_array().unwrap().iter().any(|x| x == c)))
            .map(|d| d["slug"].as_str().unwrap().to_string())
            .collect::<HashSet<_>>()
            .len() as u32
    };
    let api = |kind: &str, area: &str| format!("/api/v1/documents?kind={kind}&area={area}");
    for (area, title) in [("operation-processes", "Operation processes"), ("funding-mechanisms", "Funding mechanisms")]
    {
        let cases = app.get(&api("case-study", area)).await.json()["documents"].clone();
        let lessons = app.get(&api("lesson", area)).await.json()["documents"].clone();
        let webinars = app.get(&api("webinar", area)).await.json()["documents"].clone();
        let row = map_row(&app.get("/en/map").await.body, title);
        assert_eq!(row[0], count(&cases, Some("KR")), "{area}: Korean practice");
        assert_eq!(row[1], count(&cases, Some("KG")), "{area}: Kyrgyz context");
        assert_eq!(row[6], count(&webinars, None), "{area}: webinars");
        assert_eq!(row[7], count(&lessons, None), "{area}: lessons");
        assert_eq!(row.len(), 8, "no discussion column for visitors");
    }
    // The shipped workplan has one planned activity in operation processes (A3).
    let visitor_row = map_row(&app.get("/en/map").await.body, "Operation processes");
    assert_eq!(visitor_row[2], 1, "planned activities");
    // A partners-only lesson in operation processes counts for a reader, not for a visitor.
    let mut reader = app.member(Role::Reader).await;
    let reader_row = map_row(&reader.get("/en/map").await.body, "Operation processes");
    assert_eq!(reader_row[7], visitor_row[7] + 1, "the partners-only lesson");
    assert_eq!(reader_row.len(), 9, "members see open discussions");
    // A thread on a document of the area counts there; locked, it no longer does.
    let res = reader
        .post_form(
            "/en/threads",
            &[("title", "Intake forms"), ("body", "A question."), ("doc", "partners-only-lesson")],
        )
        .await;
    let thread: i64 = res.header("location").unwrap().rsplit('/').next().unwrap().parse().unwrap();
    let with_thread = map_row(&reader.get("/en/map").await.body, "Operation processes");
    assert_eq!(with_thread[8], reader_row[8] + 1, "one more open discussion");
    let mut moderator = app.member(Role::Moderator).await;
    moderator.post_form(&format!("/en/moderation/threads/{thread}/lock"), &[]).await;
    assert_eq!(map_row(&reader.get("/en/map").await.body, "Operation processes")[8], reader_row[8]);
    // Each count links to the filtered list.
    assert!(app.get("/en/map").await.body.contains("href=\"/en/case-studies?country=KR&amp;area=funding-mechanisms\""));
    // The area page shows the same row and its open questions; in Russian too.
    let area = app.get("/ru/areas/operation-processes").await;
    assert!(area.body.contains("Открытые вопросы") && area.body.contains("Карта обмена"));
    let questions = app.get("/en/areas/operation-processes").await;
    assert!(questions.body.contains("id=\"open-questions\""));
}

/// Sets the `n`-th field called `name` (0-based), as typing in that row would.
fn set_nth(fields: &mut [(String, String)], name: &str, n: usize, value: &str) {
    let field = fields.iter_mut().filter(|(k, _)| k == name).nth(n).unwrap_or_else(|| panic!("no {name} #{n}"));
    field.1 = value.to_string();
}

/// The stored front matter (JSON) of a document's published revision and of its newest one.
async fn published_and_newest(app: &TestApp, slug: &str) -> (serde_json::Value, serde_json::Value) {
    let id = app.scalar(&format!("SELECT id FROM documents WHERE slug = '{slug}' AND language = 'en'")).await;
    let store = &app.state.store;
    let published = server::db::testing::text(
        store,
        &format!("SELECT r.meta FROM revisions r JOIN documents d ON d.published_revision_id = r.id WHERE d.id = {id}"),
    )
    .await;
    let newest = server::db::testing::text(
        store,
        &format!("SELECT meta FROM revisions WHERE document_id = {id} ORDER BY number DESC LIMIT 1"),
    )
    .await;
    (serde_json::from_str(&published).unwrap(), serde_json::from_str(&newest).unwrap())
}

#[tokio::test]
async fn the_editor_gives_the_event_and_the_activities_form_fields_that_round_trip() {
    let app = TestApp::new().await;
    let mut editor = app.member(Role::Editor).await;

    // The webinar: its event is in fields (no YAML), saved unchanged it stays the same.
    let slug = "2019-01-29-integrative-support-webinar";
    let id = app.scalar(&format!("SELECT id FROM documents WHERE slug = '{slug}' AND language = 'en'")).await;
    let page = editor.get(&format!("/en/editor/{id}")).await;
    page.assert_status(StatusCode::OK);
    let mut fields = tests::form_fields(&page.body, "form.editor-form");
    let value = |fields: &[(String, String)], name: &str| {
        fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    };
    assert_eq!(value(&fields, "event_date"), "2019-01-29");
    assert!(value(&fields, "structured").trim().is_empty(), "no YAML for the event");
    assert!(page.body.contains("id=\"agenda_title-0\""), "agenda rows");
    let agenda_rows = fields.iter().filter(|(k, _)| k == "agenda_title").count();
    tests::set_field(&mut fields, "message", "Round trip");
    tests::set_field(&mut fields, "action", "save");
    let body = value(&fields, "body");
    tests::set_field(&mut fields, "body", &format!("{body}\n\nA paragraph to make a draft.\n"));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    editor.post_raw_form(&format!("/en/editor/{id}"), &pairs).await.assert_status(StatusCode::SEE_OTHER);
    let (published, newest) = published_and_newest(&app, slug).await;
    assert_eq!(newest["event"], published["event"], "the event round-trips through the fields");

    // A new agenda item typed into an empty row is stored as front matter.
    let filled = published["event"]["agenda"].as_array().map(Vec::len).unwrap_or(0);
    assert!(agenda_rows > filled, "empty rows to fill");
    set_nth(&mut fields, "agenda_title", filled, "Closing remarks");
    set_nth(&mut fields, "agenda_presenter", filled, "Fixture presenter");
    let base = app.scalar(&format!("SELECT MAX(id) FROM revisions WHERE document_id = {id}")).await.to_string();
    tests::set_field(&mut fields, "base_revision", &base);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    editor.post_raw_form(&format!("/en/editor/{id}"), &pairs).await.assert_status(StatusCode::SEE_OTHER);
    let (_, newest) = published_and_newest(&app, slug).await;
    let last = newest["event"]["agenda"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["title"].as_str(), last["presenter"].as_str()),
        (Some("Closing remarks"), Some("Fixture presenter"))
    );

    // The workplan: every activity is a group of fields; saved unchanged (status history
    // included) it stays the same.
    let slug = "strategic-workplan-draft";
    let id = app.scalar(&format!("SELECT id FROM documents WHERE slug = '{slug}' AND language = 'en'")).await;
    let page = editor.get(&format!("/en/editor/{id}")).await;
    page.assert_status(StatusCode::OK);
    let mut fields = tests::form_fields(&page.body, "form.editor-form");
    let (published, _) = published_and_newest(&app, slug).await;
    let activities = published["activities"].as_array().unwrap();
    assert!(!activities.is_empty());
    assert_eq!(value(&fields, "activity_id"), activities[0]["id"].as_str().unwrap());
    assert!(fields.iter().filter(|(k, _)| k == "activity_id").count() > activities.len(), "an empty row");
    // A status changed in its field is stored (the history stays that of the activity).
    set_nth(&mut fields, "activity_status", 0, "postponed");
    tests::set_field(&mut fields, "action", "save");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    editor.post_raw_form(&format!("/en/editor/{id}"), &pairs).await.assert_status(StatusCode::SEE_OTHER);
    let (_, newest) = published_and_newest(&app, slug).await;
    let mut expected = published["activities"].clone();
    expected[0]["status"] = serde_json::json!("postponed");
    assert_eq!(newest["activities"], expected, "the activities round-trip through the fields");

    // A mistake in a row is named like one in a file.
    set_nth(&mut fields, "activity_area", 0, "");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let refused = editor.post_raw_form(&format!("/en/editor/{id}"), &pairs).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
}
