//! Webinars: the event behind webinar materials, with its agenda, and how its times read for
//! a reader (computed by the server, which has the time-zone database).

use serde::{Deserialize, Serialize};

/// One item of a webinar's agenda.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AgendaItem {
    pub title: String,
    /// `HH:MM` in the event's time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// `HH:MM` in the event's time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presenter: Option<String>,
    /// The presenter's organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// The event behind webinar materials. Without `start` it is a whole-day event: the source
/// gave no time, and none is guessed.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EventInfo {
    /// `YYYY-MM-DD`, in the event's time zone.
    pub date: String,
    /// `HH:MM` in `time_zone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// `HH:MM` in `time_zone`, the same day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// An IANA time-zone name (`Asia/Bishkek`, `Asia/Seoul`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub organisers: Vec<String>,
    /// The participating institutions.
    #[serde(default)]
    pub institutions: Vec<String>,
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording: Option<String>,
}

impl EventInfo {
    /// Whether the source gave no time (the event is shown as the whole day).
    pub fn whole_day(&self) -> bool {
        self.start.is_none()
    }
}

/// A webinar's times as a reader sees them: the event and each agenda item in Bishkek and Seoul
/// time side by side (and in the reader's own zone when it is neither).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EventTimes {
    /// Not over yet (its end, or the end of its day, is still to come).
    pub upcoming: bool,
    pub whole_day: bool,
    /// The columns: each zone's name in the reader's language ("Бишкек").
    pub zones: Vec<String>,
    /// The event in each zone: "29 января 2019 г., 10:00–12:00".
    pub event: Vec<String>,
    /// Each agenda item's times in each zone (empty where the item has none).
    pub agenda: Vec<Vec<String>>,
    /// The event's `.ics` file.
    pub ics_href: String,
    /// For timed events: start and end in UTC (RFC 3339), for the viewer's own zone in the
    /// browser; and each agenda item's, where it has times.
    #[serde(default)]
    pub utc: Option<(String, String)>,
    #[serde(default)]
    pub agenda_utc: Vec<Option<(String, String)>>,
    /// The IANA names of the zones already shown.
    #[serde(default)]
    pub zone_names: Vec<String>,
}
