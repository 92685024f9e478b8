//! Webinars, the partnership's main format of exchange: the `event` block of a webinar's front
//! matter (date, time zone, organisers, agenda, recording, slides), checked and turned into the
//! event pages show.

use app::i18n::msg::Msg;
use app::model::{AgendaItem, EventInfo};
use serde::Deserialize;

/// The `event` block, strict about its fields like the rest of the front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFields {
    pub date: String,
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub organisers: Vec<String>,
    #[serde(default)]
    pub agenda: Vec<AgendaFields>,
    #[serde(default)]
    pub recording: Option<String>,
    #[serde(default)]
    pub slides: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaFields {
    pub title: String,
    #[serde(default)]
    pub presenter: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// Checks an `event` block.
///
/// # Errors
/// What is wrong, naming the field.
pub fn validate(e: EventFields) -> Result<EventInfo, Msg> {
    if !crate::dates::valid_date(&e.date) {
        return Err(Msg::EventDate { date: e.date });
    }
    Ok(EventInfo {
        date: e.date,
        time: e.time,
        time_zone: e.time_zone,
        organisers: e.organisers,
        agenda: e
            .agenda
            .into_iter()
            .map(|a| AgendaItem { title: a.title, presenter: a.presenter, summary: a.summary })
            .collect(),
        recording: e.recording,
        slides: e.slides,
    })
}

/// When an event was, in the reader's words: its date, and its time in its own time zone
/// (named) where the source gives them: "29 января 2019 г., 10:00 (Сеул)".
pub fn when(e: &EventInfo, lang: app::model::Lang) -> String {
    let date = app::i18n::format::date(&e.date, lang);
    let zone = e.time_zone.as_deref().and_then(|z| z.parse::<chrono_tz::Tz>().ok());
    match (&e.time, zone) {
        (Some(time), Some(zone)) => format!("{date}, {time} ({})", app::i18n::format::zone_name(zone, lang)),
        (Some(time), None) => format!("{date}, {time}"),
        _ => date,
    }
}
