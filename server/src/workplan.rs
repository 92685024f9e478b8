//! Workplans: the structured activities of a workplan's front matter, checked and turned into
//! what pages show, and the activities of an exchange area across workplans.

use app::i18n::msg::Msg;
use app::model::{Activity, DocCard};
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
    pub status: app::model::ActivityStatus,
    #[serde(default)]
    pub outputs: Vec<String>,
    #[serde(default)]
    pub indicators: Vec<String>,
}

/// Checks a workplan's activities.
///
/// # Errors
/// What is wrong, naming the activity and the field.
pub fn validate(fields: Vec<ActivityFields>) -> Result<Vec<Activity>, Msg> {
    let mut activities = Vec::new();
    for a in fields {
        for (field, value) in [("start", &a.start), ("end", &a.end)] {
            if !crate::dates::valid_month(value) {
                return Err(Msg::ActivityMonth { id: a.id, field: field.into(), value: value.clone() });
            }
        }
        activities.push(Activity {
            id: a.id,
            title: a.title,
            area: a.area,
            lead: a.lead,
            partners: a.partners,
            start: a.start,
            end: a.end,
            status: a.status,
            outputs: a.outputs,
            indicators: a.indicators,
        });
    }
    Ok(activities)
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
