//! Publishing from the browser: the rules of who writes and who reviews, and where a document
//! stands. The work itself is in the submodules:
//!
//! - [`draft`]: the editor's form turned into a revision (validated like a file's front
//!   matter, rendered like an import), saved with conflict detection; previews; templates;
//! - [`review`]: the personal-data check before review, review decisions, archiving;
//! - [`attachments`]: uploads checked on their content, attached and removed as new revisions;
//! - [`diff`]: line diffs between revisions; [`history`]: restoring an old revision;
//! - [`views`]: what the editor's pages show, built from the above.

pub mod attachments;
pub mod diff;
pub mod draft;
pub mod history;
pub mod review;
pub mod status;
pub mod views;

use app::model::{EditorialState, Role};

pub use self::attachments::{ALLOWED_TYPES, MAX_UPLOAD_BYTES, attach, clean_file_name, detach, store_upload};
pub use self::diff::{comparable, diff_text};
pub use self::draft::{Saved, form_from, new_form, preview, save, template, translation_form};
pub use self::history::restore;
pub use self::review::{Submitted, archive, review, submit};

use crate::auth::Session;
use crate::db::{DocumentRow, Workflow};
use crate::document::{Pending, Status};

/// Whether a member may write in the editor (editors and admins).
pub fn may_edit(session: &Session) -> bool {
    session.is(Role::Editor)
}

/// Whether a member may review (editors, moderators, admins).
pub fn may_review(session: &Session) -> bool {
    session.is(Role::Editor) || session.is(Role::Moderator)
}

/// Whether this member may decide on the document's submission: a reviewer, and not the one
/// who submitted it (nobody approves their own work).
pub fn may_decide(session: &Session, workflow: &Workflow) -> bool {
    may_review(session) && workflow.pending == Some(Pending::Review) && workflow.submitted_by != Some(session.user.id)
}

/// Where a document stands for its editors.
pub fn editorial_state(doc: &DocumentRow, workflow: &Workflow) -> EditorialState {
    match (doc.status, workflow.pending) {
        (Status::Archived, _) => EditorialState::Archived,
        (_, Some(Pending::Draft)) => EditorialState::Draft,
        (_, Some(Pending::Review)) => EditorialState::Review,
        (_, None) => EditorialState::Published,
    }
}
