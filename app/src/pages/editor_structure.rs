//! The editor's fields for the structure of webinars (the event and its agenda) and workplans
//! (the activities): ordinary form fields, one group per row, that the server turns into the
//! same front matter a file would carry. The stored rows are shown with empty ones after them;
//! saving the draft adds more. No script is needed.

use leptos::prelude::*;

use crate::i18n::{Ui, status_label, ui};
use crate::model::{ActivityRow, ActivityStatus, AgendaRow, EventRows, Lang, Named};

/// Empty agenda rows after the stored ones.
const SPARE_AGENDA_ROWS: usize = 3;
/// Empty activity rows after the stored ones.
const SPARE_ACTIVITY_ROWS: usize = 1;

/// A labelled one-line field whose id is unique per row.
fn field(label: String, name: &'static str, row: usize, value: String, kind: &'static str) -> impl IntoView {
    let id = format!("{name}-{row}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id name=name type=kind value=value/>
        </div>
    }
}

/// A labelled text area whose id is unique per row.
fn area(label: String, name: &'static str, row: usize, value: String) -> impl IntoView {
    let id = format!("{name}-{row}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea id=id name=name rows="2">{value}</textarea>
        </div>
    }
}

fn with_hint(label: &str, hint: &str) -> String {
    format!("{label} ({hint})")
}

/// A webinar's event: date, times, zone, organisers, institutions, recording and agenda.
#[component]
pub fn EventFieldset(lang: Lang, event: EventRows) -> impl IntoView {
    let t = ui(lang);
    let rows = event.agenda.len() + SPARE_AGENDA_ROWS;
    let agenda = event
        .agenda
        .into_iter()
        .chain(std::iter::repeat_with(AgendaRow::default))
        .take(rows)
        .enumerate()
        .map(|(i, r)| agenda_row(t, i, r))
        .collect_view();
    view! {
        <fieldset class="structure">
            <legend>{t.event}</legend>
            <div class="structure-grid">
                {field(t.date.into(), "event_date", 0, event.date, "date")}
                {field(t.starts.into(), "event_start", 0, event.start, "time")}
                {field(t.ends.into(), "event_end", 0, event.end, "time")}
                {field(t.time_zone.into(), "event_time_zone", 0, event.time_zone, "text")}
            </div>
            {area(with_hint(t.organisers, t.one_per_line), "event_organisers", 0, event.organisers)}
            {area(with_hint(t.institutions, t.one_per_line), "event_institutions", 0, event.institutions)}
            {field(t.recording.into(), "event_recording", 0, event.recording, "text")}
            <fieldset class="structure-rows">
                <legend>{t.agenda}</legend>
                <p class="hint">{t.structure_hint}</p>
                <ol>{agenda}</ol>
            </fieldset>
        </fieldset>
    }
}

fn agenda_row(t: &'static Ui, i: usize, r: AgendaRow) -> impl IntoView {
    view! {
        <li class="structure-row">
            {field(t.thread_title.into(), "agenda_title", i, r.title, "text")}
            <div class="structure-grid">
                {field(t.starts.into(), "agenda_start", i, r.start, "time")}
                {field(t.ends.into(), "agenda_end", i, r.end, "time")}
                {field(t.presenter.into(), "agenda_presenter", i, r.presenter, "text")}
                {field(t.organisation.into(), "agenda_organisation", i, r.organisation, "text")}
            </div>
            {area(t.summary_label.into(), "agenda_summary", i, r.summary)}
        </li>
    }
}

/// A workplan's activities, one group of fields each.
#[component]
pub fn ActivitiesFieldset(lang: Lang, activities: Vec<ActivityRow>, areas: Vec<Named>) -> impl IntoView {
    let t = ui(lang);
    let rows = activities.len() + SPARE_ACTIVITY_ROWS;
    let items = activities
        .into_iter()
        .chain(std::iter::repeat_with(ActivityRow::default))
        .take(rows)
        .enumerate()
        .map(|(i, r)| activity_row(lang, t, i, r, &areas))
        .collect_view();
    view! {
        <fieldset class="structure structure-rows">
            <legend>{t.activities}</legend>
            <p class="hint">{t.structure_hint}</p>
            <ol>{items}</ol>
        </fieldset>
    }
}

fn activity_row(lang: Lang, t: &'static Ui, i: usize, r: ActivityRow, areas: &[Named]) -> impl IntoView + use<> {
    let area_id = format!("activity_area-{i}");
    let status_id = format!("activity_status-{i}");
    let area_options = std::iter::once(view! { <option value="" selected=r.area.is_empty()>"—"</option> }.into_any())
        .chain(areas.iter().map(|a| {
            view! { <option value=a.slug.clone() selected=a.slug == r.area>{a.title.clone()}</option> }.into_any()
        }))
        .collect_view();
    let statuses = ActivityStatus::ALL
        .into_iter()
        .map(|s| {
            let selected = s.code() == r.status || (r.status.is_empty() && s == ActivityStatus::Planned);
            view! { <option value=s.code() selected=selected>{status_label(lang, s)}</option> }
        })
        .collect_view();
    view! {
        <li class="structure-row">
            <div class="structure-grid">
                {field(t.activity_id.into(), "activity_id", i, r.id, "text")}
                {field(t.activity_title.into(), "activity_title", i, r.title, "text")}
                <div class="field">
                    <label for=area_id.clone()>{t.area_one}</label>
                    <select id=area_id name="activity_area">{area_options}</select>
                </div>
                {field(t.lead.into(), "activity_lead", i, r.lead, "text")}
                {field(with_hint(t.partners, t.comma_separated), "activity_partners", i, r.partners, "text")}
                {field(t.starts.into(), "activity_start", i, r.start, "month")}
                {field(t.ends.into(), "activity_end", i, r.end, "month")}
                <div class="field">
                    <label for=status_id.clone()>{t.status}</label>
                    <select id=status_id name="activity_status">{statuses}</select>
                </div>
            </div>
            {area(with_hint(t.outputs, t.one_per_line), "activity_outputs", i, r.outputs)}
            {area(with_hint(t.indicators, t.one_per_line), "activity_indicators", i, r.indicators)}
            {field(with_hint(t.depends_on, t.comma_separated), "activity_depends_on", i, r.depends_on, "text")}
            {field(with_hint(t.evidence, t.comma_separated), "activity_evidence", i, r.evidence, "text")}
        </li>
    }
}
