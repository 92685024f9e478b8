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

/// An invitation waiting to be used, as the invitations page lists it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PendingLine {
    /// The stored hash of the link (the link itself is not kept): what revoking names.
    pub id: String,
    pub role: Role,
    pub created: String,
    pub expires: String,
    pub created_by: String,
}

/// What an audit-log entry records. The codes are what the database keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    DocumentSave,
    DocumentRestore,
    DocumentSubmit,
    DocumentApprove,
    DocumentReturn,
    DocumentArchive,
    ActivityStatus,
    PrivacyConfirm,
    InvitationCreate,
    InvitationRevoke,
    AccountCreate,
    AccountPassword,
    AccountPasswordReset,
    AccountResetLink,
    AccountRole,
    AccountDisable,
    AccountEnable,
    TwoFactorEnable,
    TwoFactorDisable,
    TwoFactorReset,
    RecoveryCodeUse,
    ThreadLock,
    ThreadUnlock,
    ThreadPin,
    ThreadUnpin,
    PostHide,
    PostUnhide,
    ReportDismiss,
}
crate::vocabulary!(AuditAction {
    DocumentSave => "document.save",
    DocumentRestore => "document.restore",
    DocumentSubmit => "document.submit",
    DocumentApprove => "document.approve",
    DocumentReturn => "document.return",
    DocumentArchive => "document.archive",
    ActivityStatus => "workplan.status",
    PrivacyConfirm => "privacy.confirm",
    InvitationCreate => "invitation.create",
    InvitationRevoke => "invitation.revoke",
    AccountCreate => "account.create",
    AccountPassword => "account.password",
    AccountPasswordReset => "account.password-reset",
    AccountResetLink => "account.reset-link",
    AccountRole => "account.role",
    AccountDisable => "account.disable",
    AccountEnable => "account.enable",
    TwoFactorEnable => "account.two-factor-on",
    TwoFactorDisable => "account.two-factor-off",
    TwoFactorReset => "account.two-factor-reset",
    RecoveryCodeUse => "account.recovery-code",
    ThreadLock => "thread.lock",
    ThreadUnlock => "thread.unlock",
    ThreadPin => "thread.pin",
    ThreadUnpin => "thread.unpin",
    PostHide => "post.hide",
    PostUnhide => "post.unhide",
    ReportDismiss => "report.dismiss",
});

/// One entry of the audit log.
#[derive(Clone, Debug)]
pub struct AuditLine {
    pub when: String,
    pub who: String,
    /// The action in the reader's words, and its stable code.
    pub what: String,
    pub code: String,
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
