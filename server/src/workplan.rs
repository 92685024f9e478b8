//! Workplans: the structured activities of a workplan's front matter, checked (areas, periods,
//! statuses, dependencies without cycles) and turned into what pages show: a timeline drawn on
//! the server as SVG, a CSV export, and the activities of an exchange area across workplans.

use std::collections::{HashMap, HashSet};

use app::i18n::msg::Msg;
use app::model::{Activity, ActivityStatus, DocCard, ProgressEntry};
use serde::Deserialize;

/// One activity as front matter writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityFields {
    pub id: String,
    pub title: String,
    pub area: String,
    pub lead: String,
    #[serde(default)]
    pub partners: Vec<String>,
    pub start: String,
    pub end: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub outputs: Vec<String>,
    #[serde(default)]
    pub indicators: Vec<String>,
    #[serde(default)]
    pub depends_on: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub progress: Vec<ProgressFields>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressFields {
    pub date: String,
    pub status: String,
    #[serde(default)]
    pub note: String,
}

fn status(id: &str, value: &str) -> Result<ActivityStatus, Msg> {
    ActivityStatus::from_code(value).ok_or_else(|| Msg::ActivityUnknownStatus {
        id: id.into(),
        value: value.into(),
        expected: ActivityStatus::ALL.map(|s| format!("`{}`", s.code())).join(", "),
    })
}

/// Checks a workplan's activities on their own (areas are checked against the portal's by
/// [`unknown_area`], which needs the store).
///
/// # Errors
/// What is wrong, naming the activity and the field.
pub fn validate(fields: Vec<ActivityFields>) -> Result<Vec<Activity>, Msg> {
    let mut activities = Vec::new();
    let mut ids = HashSet::new();
    for a in fields {
        if !ids.insert(a.id.clone()) {
            return Err(Msg::ActivityDuplicate { id: a.id });
        }
        for (field, value) in [("start", &a.start), ("end", &a.end)] {
            if !crate::dates::valid_month(value) {
                return Err(Msg::ActivityMonth { id: a.id, field: field.into(), value: value.clone() });
            }
        }
        if a.end < a.start {
            return Err(Msg::ActivityEndBeforeStart { id: a.id, start: a.start, end: a.end });
        }
        let current = match &a.status {
            Some(s) => status(&a.id, s)?,
            None => ActivityStatus::Planned,
        };
        let mut progress = Vec::new();
        for p in a.progress {
            if !crate::dates::valid_date(&p.date) {
                return Err(Msg::ActivityProgress { id: a.id, value: p.date });
            }
            progress.push(ProgressEntry { status: status(&a.id, &p.status)?, date: p.date, note: p.note });
        }
        activities.push(Activity {
            id: a.id,
            title: a.title,
            area: a.area,
            lead: a.lead,
            partners: a.partners,
            start: a.start,
            end: a.end,
            status: current,
            outputs: a.outputs,
            indicators: a.indicators,
            depends_on: a.depends_on,
            evidence: a.evidence,
            progress,
        });
    }
    for a in &activities {
        if let Some(d) = a.depends_on.iter().find(|d| !ids.contains(*d)) {
            return Err(Msg::ActivityUnknownDependency { id: a.id.clone(), dependency: d.clone() });
        }
    }
    if let Some(cycle) = cycle(&activities) {
        return Err(Msg::ActivityCycle { ids: cycle.join(" → ") });
    }
    Ok(activities)
}

/// A circle of dependencies, written from its first activity back to it (`A → B → A`).
fn cycle(activities: &[Activity]) -> Option<Vec<String>> {
    let deps: HashMap<&str, &[String]> = activities.iter().map(|a| (a.id.as_str(), a.depends_on.as_slice())).collect();
    // Depth-first search; `path` is the chain being followed.
    fn visit<'a>(
        id: &'a str,
        deps: &HashMap<&'a str, &'a [String]>,
        done: &mut HashSet<&'a str>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| *p == id) {
            let mut c: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
            c.push(id.to_string());
            return Some(c);
        }
        if !done.insert(id) {
            return None;
        }
        path.push(id);
        for d in deps.get(id).copied().unwrap_or_default() {
            if let Some(c) = visit(d, deps, done, path) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = HashSet::new();
    activities.iter().find_map(|a| visit(&a.id, &deps, &mut done, &mut Vec::new()))
}

/// The first activity whose area is not one of `areas` (the portal's exchange areas).
pub fn unknown_area(activities: &[Activity], is_area: impl Fn(&str) -> bool) -> Option<Msg> {
    activities
        .iter()
        .find(|a| !is_area(&a.area))
        .map(|a| Msg::ActivityUnknownArea { id: a.id.clone(), area: a.area.clone() })
}

/// The activities of an exchange area among the given workplans, each with its plan's card.
pub fn in_area(plans: &[(DocCard, Vec<Activity>)], area: &str) -> Vec<(DocCard, Activity)> {
    plans
        .iter()
        .flat_map(|(card, activities)| {
            activities.iter().filter(|a| a.area == area).map(move |a| (card.clone(), a.clone()))
        })
        .collect()
}

/// An activity's period in the reader's words: "April 2019 – June 2019".
pub fn period(a: &Activity, lang: app::model::Lang) -> String {
    let (start, end) = (app::i18n::format::month(&a.start, lang), app::i18n::format::month(&a.end, lang));
    if a.start == a.end { start } else { format!("{start} – {end}") }
}

/// The activities as CSV (one row each; lists joined with "; "), written by the `csv` crate.
pub fn csv(activities: &[Activity]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "title",
        "area",
        "lead",
        "partners",
        "start",
        "end",
        "status",
        "outputs",
        "indicators",
        "depends_on",
        "evidence",
    ];
    // Writing to memory cannot fail.
    let _ = w.write_record(header);
    for a in activities {
        let _ = w.write_record([
            a.id.as_str(),
            &a.title,
            &a.area,
            &a.lead,
            &a.partners.join("; "),
            &a.start,
            &a.end,
            a.status.code(),
            &a.outputs.join("; "),
            &a.indicators.join("; "),
            &a.depends_on.join("; "),
            &a.evidence.join("; "),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// Months since year 0 of a `YYYY-MM`.
fn month_index(ym: &str) -> Option<i32> {
    let (y, m) = ym.split_once('-')?;
    Some(y.parse::<i32>().ok()? * 12 + m.parse::<i32>().ok()? - 1)
}

/// Words the timeline needs, in the reader's language.
pub struct TimelineWords<'a> {
    /// The language the activities are written in (`en`): their titles are marked with it.
    pub doc_lang: &'a str,
    pub title: &'a str,
    pub today: &'a str,
    pub status: &'a dyn Fn(ActivityStatus) -> &'a str,
    pub area: &'a dyn Fn(&str) -> String,
    pub month: &'a dyn Fn(&str) -> String,
}

/// The timeline: a Gantt chart grouped by exchange area, a bar per activity coloured by status
/// (the colour is a class, so the stylesheet and print decide), a line for `this_month`, and
/// an arrow per dependency. Every text is escaped; the chart is `role="img"` with a title, and
/// the page gives the table beside it for screen readers.
pub fn timeline_svg(activities: &[Activity], this_month: &str, words: &TimelineWords<'_>) -> String {
    use std::fmt::Write;
    let esc = |s: &str| html_escape::encode_text(s).replace('"', "&quot;");
    let months: Vec<i32> =
        activities.iter().flat_map(|a| [month_index(&a.start), month_index(&a.end)]).flatten().collect();
    let (Some(&first), Some(&last)) = (months.iter().min(), months.iter().max()) else {
        return String::new();
    };
    let now = month_index(this_month);
    let span = (last - first + 1).max(1);
    const LABEL: i32 = 0; // labels sit above each bar, so the chart keeps its width on phones
    // At least 720 units wide: long labels fit, and the chart scales down inside its frame.
    let month_w: i32 = (720 / span).max(28);
    const ROW: i32 = 34;
    const AREA_ROW: i32 = 26;
    const TOP: i32 = 30;
    let width = LABEL + span * month_w + 2;

    // Rows: an area heading, then its activities in start order.
    let mut areas: Vec<&str> = Vec::new();
    for a in activities {
        if !areas.contains(&a.area.as_str()) {
            areas.push(&a.area);
        }
    }
    let mut y = TOP;
    let mut rows = String::new();
    let mut bar_at: HashMap<&str, (i32, i32, i32)> = HashMap::new(); // id → (x0, x1, y middle)
    for area in &areas {
        let _ = write!(rows, r#"<text class="gantt-area" x="2" y="{}">{}</text>"#, y + 17, esc(&(words.area)(area)));
        y += AREA_ROW;
        let mut in_area: Vec<&Activity> = activities.iter().filter(|a| a.area == *area).collect();
        in_area.sort_by(|a, b| a.start.cmp(&b.start).then(a.id.cmp(&b.id)));
        for a in in_area {
            let (Some(s), Some(e)) = (month_index(&a.start), month_index(&a.end)) else { continue };
            let x0 = LABEL + (s - first) * month_w;
            let x1 = LABEL + (e - first + 1) * month_w;
            let delayed = now.is_some_and(|n| a.delayed(this_month) && e < n);
            let class = format!("gantt-bar status-{}{}", a.status.code(), if delayed { " delayed" } else { "" });
            let name = format!("{} {}", a.id, a.title);
            let label = format!("{name} ({})", (words.status)(a.status));
            // The label starts at the bar, or ends at it when it would run past the chart.
            let text_w = (label.chars().count() as f32 * 6.6) as i32;
            let (label_x, anchor_attr) = if x0 + text_w <= width {
                (x0.max(2), "")
            } else if x1 - text_w >= 0 {
                (x1, r#" text-anchor="end""#)
            } else {
                (2, "")
            };
            let _ = write!(
                rows,
                r##"<a href="#{anchor}"><title lang="{dl}">{tip}</title><rect class="{class}" x="{x0}" y="{by}" width="{w}" height="12" rx="3"/><text class="gantt-label" x="{tx}" y="{ty}"{end}><tspan lang="{dl}">{name}</tspan> ({status})</text></a>"##,
                anchor = esc(&a.anchor()),
                dl = esc(words.doc_lang),
                tip = esc(&name),
                name = esc(&name),
                status = esc((words.status)(a.status)),
                by = y + 16,
                w = (x1 - x0).max(4),
                tx = label_x,
                end = anchor_attr,
                ty = y + 12,
            );
            bar_at.insert(&a.id, (x0, x1, y + 22));
            y += ROW;
        }
    }
    // Dependency arrows: from the end of what comes first to the start of what depends on it.
    let mut arrows = String::new();
    for a in activities {
        for d in &a.depends_on {
            if let (Some(&(_, from_x, from_y)), Some(&(to_x, _, to_y))) =
                (bar_at.get(d.as_str()), bar_at.get(a.id.as_str()))
            {
                let mid = (from_x + 6).max(to_x - 6);
                let _ = write!(
                    arrows,
                    r#"<path class="gantt-dep" data-from="{}" data-to="{}" d="M{from_x} {from_y} H{mid} V{to_y} H{to_x}" marker-end="url(#arrow)"/>"#,
                    esc(d),
                    esc(&a.id)
                );
            }
        }
    }
    // Month ticks: a label at each January and at the first month.
    let mut ticks = String::new();
    for m in first..=last {
        if m == first || m % 12 == 0 {
            let x = LABEL + (m - first) * month_w;
            let ym = format!("{:04}-{:02}", m / 12, m % 12 + 1);
            let _ = write!(
                ticks,
                r#"<line class="gantt-tick" x1="{x}" y1="{TOP}" x2="{x}" y2="{y}"/><text class="gantt-month" x="{}" y="16">{}</text>"#,
                x + 2,
                esc(&(words.month)(&ym))
            );
        }
    }
    let today = match now {
        Some(n) if n >= first && n <= last + 1 => {
            let x = LABEL + (n - first) * month_w;
            format!(
                r#"<line class="gantt-today" x1="{x}" y1="{TOP}" x2="{x}" y2="{y}"/><text class="gantt-today-label" x="{}" y="{}">{}</text>"#,
                x + 3,
                TOP - 2,
                esc(words.today)
            )
        }
        _ => String::new(),
    };
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="gantt" aria-labelledby="gantt-title" viewBox="0 0 {width} {h}" width="{width}" height="{h}"><title id="gantt-title">{title}</title><defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0 L8 4 L0 8 z" class="gantt-arrowhead"/></marker></defs>{ticks}{rows}{arrows}{today}</svg>"#,
        h = y + 8,
        title = esc(words.title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(yaml: &str) -> Result<Vec<Activity>, Msg> {
        validate(serde_norway::from_str(yaml).unwrap())
    }

    const BASE: &str = "- {id: A1, title: One, area: x, lead: L, start: '2019-04', end: '2019-06'}\n";

    #[test]
    fn rules_name_the_activity() {
        assert_eq!(
            plan(&format!("{BASE}- {{id: A2, title: Two, area: x, lead: L, start: '2019-06', end: '2019-05'}}")),
            Err(Msg::ActivityEndBeforeStart { id: "A2".into(), start: "2019-06".into(), end: "2019-05".into() })
        );
        assert!(matches!(
            plan(&format!("{BASE}- {{id: A2, title: Two, area: x, lead: L, start: '2019-06', end: '2019-07', status: stalled}}")),
            Err(Msg::ActivityUnknownStatus { id, value, .. }) if id == "A2" && value == "stalled"
        ));
        assert_eq!(
            plan(&format!(
                "{BASE}- {{id: A2, title: Two, area: x, lead: L, start: '2019-06', end: '2019-07', depends_on: [A9]}}"
            )),
            Err(Msg::ActivityUnknownDependency { id: "A2".into(), dependency: "A9".into() })
        );
        assert_eq!(plan(&format!("{BASE}{BASE}")), Err(Msg::ActivityDuplicate { id: "A1".into() }));
        let cyclic = "- {id: A1, title: One, area: x, lead: L, start: '2019-04', end: '2019-06', depends_on: [A3]}\n\
                      - {id: A2, title: Two, area: x, lead: L, start: '2019-04', end: '2019-06', depends_on: [A1]}\n\
                      - {id: A3, title: Three, area: x, lead: L, start: '2019-04', end: '2019-06', depends_on: [A2]}\n";
        assert_eq!(plan(cyclic), Err(Msg::ActivityCycle { ids: "A1 → A3 → A2 → A1".into() }));
        let ok = plan(BASE).unwrap();
        assert_eq!(
            unknown_area(&ok, |a| a == "y"),
            Some(Msg::ActivityUnknownArea { id: "A1".into(), area: "x".into() })
        );
        assert!(ok[0].delayed("2019-07") && !ok[0].delayed("2019-06"));
    }

    #[test]
    fn the_csv_reads_back() {
        let a = plan("- {id: A1, title: 'One, with a comma', area: x, lead: L, partners: [P, Q], start: '2019-04', end: '2019-06'}").unwrap();
        let bytes = csv(&a);
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        let row = r.records().next().unwrap().unwrap();
        assert_eq!(&row[1], "One, with a comma");
        assert_eq!(&row[4], "P; Q");
        assert_eq!(&row[7], "planned");
    }
}
