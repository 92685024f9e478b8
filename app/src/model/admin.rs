//! Administration and moderation as their pages show them: accounts, the audit log, reports.

use super::discussion::PostState;
use super::vocab::Role;

/// An account as the admin list shows it.
#[derive(Clone, Debug)]
pub struct UserLine {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    pub last_login: String,
}

/// One entry of the audit log.
#[derive(Clone, Debug)]
pub struct AuditLine {
    pub when: String,
    pub who: String,
    pub what: String,
    pub target: String,
    pub detail: String,
}

/// A reported post in the moderation queue.
#[derive(Clone, Debug)]
pub struct ReportLine {
    pub post_id: i64,
    pub thread_id: i64,
    pub thread_title: String,
    pub author: String,
    pub html: String,
    pub state: PostState,
    pub reporter: String,
    pub reason: String,
    pub when: String,
}
