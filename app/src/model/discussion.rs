//! Discussion as pages show it: threads, posts, and the actions on a post.

use serde::{Deserialize, Serialize};

/// Where a post stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostState {
    Visible,
    /// Hidden by a moderator: members see a placeholder, moderators the post with a marker.
    Hidden,
    /// Deleted by its author: everyone sees a placeholder.
    Deleted,
}

crate::vocabulary!(PostState { Visible => "visible", Hidden => "hidden", Deleted => "deleted" });

/// A thread in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadSummary {
    pub id: i64,
    pub title: String,
    /// The document the thread is about (`None`: the general forum).
    pub doc: Option<String>,
    pub author: String,
    pub replies: i64,
    /// When the last post was written, as people read it (UTC).
    pub last_activity: String,
    pub locked: bool,
    pub pinned: bool,
    /// Posts by others since the reader's last visit (on "my threads").
    pub unread: Option<i64>,
}

/// A post as a reader sees it. Placeholders replace hidden (for non-moderators) and deleted
/// posts, so the thread stays readable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    pub author: String,
    /// The author's organisation, country and (staff) role, in the reader's words.
    #[serde(default)]
    pub author_about: String,
    /// Sanitised HTML, empty for a placeholder.
    pub html: String,
    pub reply_to: Option<i64>,
    pub reply_to_author: Option<String>,
    pub created_at: String,
    pub edited: bool,
    pub state: PostState,
    /// Written by the reader (who may edit and delete it).
    pub mine: bool,
    /// The Markdown source, for the reader's own posts (to edit them).
    pub source: Option<String>,
}

/// Everything a thread page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadPage {
    pub thread: ThreadSummary,
    /// The document's title in the reader's language, for threads on a document.
    pub doc_title: Option<String>,
    /// One page of posts: `page` of `page_count` (1-based).
    pub posts: Vec<PostView>,
    pub page: u32,
    pub page_count: u32,
    pub can_reply: bool,
    pub moderator: bool,
    /// The private Atom feed address (with the reader's feed key).
    pub feed_url: String,
    /// Whether replies notify the member (they follow the thread or took part in it).
    pub following: bool,
}

/// What a post's action page does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostAction {
    Report,
    Delete,
    /// Hide or unhide (the post is hidden now when `true`).
    Moderate {
        hidden: bool,
    },
}
