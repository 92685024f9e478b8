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
    /// Ids of activities of the same workplan that come first.
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// Slugs of the documents that came out of the activity (lessons, webinars, case studies).
    #[serde(default)]
    pub evidence: Vec<String>,
    /// How the status changed, oldest first.
    #[serde(default)]
    pub progress: Vec<ProgressEntry>,
}

/// One change of an activity's status, with a short note.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ProgressEntry {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub status: ActivityStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Activity {
    /// The activity's anchor on its workplan's page.
    pub fn anchor(&self) -> String {
        format!("activity-{}", self.id.to_lowercase())
    }

    /// Whether its end (`YYYY-MM`) has passed by `this_month` (`YYYY-MM`) while it is neither
    /// done nor postponed.
    pub fn delayed(&self, this_month: &str) -> bool {
        matches!(self.status, ActivityStatus::Planned | ActivityStatus::InProgress) && self.end.as_str() < this_month
    }
}

/// What a workplan page shows beyond the document: the timeline and who may change statuses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct WorkplanView {
    /// The Gantt chart, drawn by the server (SVG markup built from escaped text).
    pub timeline_svg: String,
    /// `YYYY-MM` now, for the "delayed" flags.
    pub this_month: String,
    /// Area slug → name in the reader's language.
    pub area_names: Vec<(String, String)>,
    /// Evidence slug → title and the language it is in, where the document exists for the
    /// viewer.
    pub evidence_titles: Vec<(String, String, super::Lang)>,
    /// Per activity id: "in progress since April 2019" in the reader's words, and the notes.
    pub histories: Vec<(String, Vec<String>)>,
    /// Per activity (in order): its period in the reader's words ("April – June 2019").
    pub periods: Vec<String>,
    /// Whether the viewer may change statuses (editors and above), and the form token.
    pub can_update: bool,
    pub csrf: String,
    /// The workplan's CSV export.
    pub csv_href: String,
}
