//! Workplans: their structured activities, each in an exchange area with a period and a status.

use serde::{Deserialize, Serialize};

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
