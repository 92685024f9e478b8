//! The exchange map: each exchange area against what the portal holds for it.

use serde::{Deserialize, Serialize};

use super::Named;

/// One count of the map, linking to the list it counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MapCell {
    pub count: u32,
    pub href: String,
}

/// An exchange area's row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapRow {
    pub area: Named,
    /// One per column of [`ExchangeMap::columns`].
    pub cells: Vec<MapCell>,
}

/// The whole map, as the viewer may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ExchangeMap {
    /// Column headings in the reader's language.
    pub columns: Vec<String>,
    pub rows: Vec<MapRow>,
    /// The largest count, for each cell's visual weight.
    pub max: u32,
}
