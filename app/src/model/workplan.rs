//! Webinars and workplans, the partnership's structured documents: a webinar's event and
//! agenda, a workplan's activities.

use serde::{Deserialize, Serialize};

/// One item of a webinar's agenda.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AgendaItem {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presenter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// The event behind webinar materials.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EventInfo {
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub organisers: Vec<String>,
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slides: Option<String>,
}

/// Where a workplan activity stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityStatus {
    #[default]
    Planned,
    InProgress,
    Done,
    Postponed,
}

crate::vocabulary!(ActivityStatus {
    Planned => "planned",
    InProgress => "in-progress",
    Done => "done",
    Postponed => "postponed",
});

/// One structured activity of a workplan.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub area: String,
    pub lead: String,
    #[serde(default)]
    pub partners: Vec<String>,
    /// `YYYY-MM`.
    pub start: String,
    /// `YYYY-MM`.
    pub end: String,
    #[serde(default)]
    pub status: ActivityStatus,
    #[serde(default)]
    pub outputs: Vec<String>,
    #[serde(default)]
    pub indicators: Vec<String>,
}
