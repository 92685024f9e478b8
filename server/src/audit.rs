//! The audit log: who did what to which document, account, thread or post. Entries are written
//! with a typed action and target, kept as stable codes, and shown in the reader's language.

use app::i18n::{audit_action_label, count, role_label, ui};
use app::model::{AuditAction, AuditLine, Role};

use crate::dates::Clock;
use crate::db::{AuditRow, Store};

/// What an entry is about.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    Document { id: i64, slug: Option<&'a str> },
    User { id: i64, name: &'a str },
    Thread(i64),
    Post { id: i64, author: &'a str },
    Role(Role),
}

/// The words a stored target starts with, in the order of `Ui::audit_targets`.
const TARGET_WORDS: [&str; 5] = ["document", "user", "thread", "post", "role"];

impl Target<'_> {
    /// As the database keeps it: "document 12 (slug)", "user 3 (name)", "role editor".
    fn stored(&self) -> String {
        match self {
            Target::Document { id, slug: Some(slug) } => format!("document {id} ({slug})"),
            Target::Document { id, slug: None } => format!("document {id}"),
            Target::User { id, name } => format!("user {id} ({name})"),
            Target::Thread(id) => format!("thread {id}"),
            Target::Post { id, author } => format!("post {id} ({author})"),
            Target::Role(role) => format!("role {}", role.code()),
        }
    }
}

/// The fixed details some actions record, kept as codes.
pub enum Detail<'a> {
    /// Free text someone wrote (a change message, a review comment), or nothing.
    Text(&'a str),
    /// An account created from an invitation or on the command line, with its role.
    Created { invitation: bool, role: Role },
    /// An invitation's validity.
    ValidDays(i64),
    /// A role change.
    RoleChange { from: Role, to: Role },
}

impl Detail<'_> {
    fn stored(&self) -> String {
        match self {
            Detail::Text(text) => text.to_string(),
            Detail::Created { invitation: true, role } => format!("invitation {}", role.code()),
            Detail::Created { invitation: false, role } => format!("cli {}", role.code()),
            Detail::ValidDays(days) => days.to_string(),
            Detail::RoleChange { from, to } => format!("{} → {}", from.code(), to.code()),
        }
    }
}

/// Writes an entry.
///
/// # Errors
/// Database errors.
pub async fn record(
    store: &Store,
    actor: Option<i64>,
    action: AuditAction,
    target: Target<'_>,
    detail: Detail<'_>,
) -> Result<(), sqlx::Error> {
    store.audit(actor, action.code(), &target.stored(), &detail.stored()).await
}

/// An entry as the audit page shows it to a reader of `clock.lang`. Entries written before
/// actions were kept as codes show their English text as it was written.
pub fn line(row: AuditRow, clock: Clock) -> AuditLine {
    let lang = clock.lang;
    let t = ui(lang);
    let action = AuditAction::from_code(&row.action);
    let role = |code: &str| Role::from_code(code.trim()).map(|r| role_label(lang, r).to_string());
    let target = match row.target.split_once(' ') {
        Some(("role", code)) => format!("{}: {}", t.audit_targets[4], role(code).unwrap_or_else(|| code.into())),
        Some((word, rest)) if TARGET_WORDS.contains(&word) => {
            let i = TARGET_WORDS.iter().position(|w| *w == word).unwrap_or(0);
            let rest = match rest.split_once(" by ") {
                Some((id, author)) => format!("{id} ({author})"),
                None => rest.to_string(),
            };
            format!("{} {rest}", t.audit_targets[i])
        }
        _ => row.target.clone(),
    };
    let detail = match (action, row.detail.as_str()) {
        (Some(AuditAction::AccountCreate), d) => match d.split_once(' ') {
            Some(("invitation", r)) => format!("{}, {}", t.via_invitation, role(r).unwrap_or_default()),
            Some(("cli", r)) => format!("{}, {}", t.via_command_line, role(r).unwrap_or_default()),
            _ => d.to_string(),
        },
        (Some(AuditAction::InvitationCreate), d) => match d.parse::<u64>() {
            Ok(days) => count(lang, days, &t.n_valid_days),
            Err(_) => d.to_string(),
        },
        (Some(AuditAction::AccountRole), d) => match d.split_once(" → ") {
            Some((a, b)) => {
                format!("{} → {}", role(a).unwrap_or_else(|| a.into()), role(b).unwrap_or_else(|| b.into()))
            }
            None => d.to_string(),
        },
        // Older entries wrote these fixed words; the action says it all.
        (Some(AuditAction::AccountPassword | AuditAction::AccountResetLink), "changed" | "issued") => String::new(),
        (Some(AuditAction::AccountPassword), "reset with a link") => {
            audit_action_label(lang, AuditAction::AccountPasswordReset).to_string()
        }
        // A save's or restore's message: the portal's own ones in the reader's words.
        (Some(AuditAction::DocumentSave | AuditAction::DocumentRestore), d) => {
            crate::document::SystemMessage::shown(d, lang)
        }
        (_, d) => d.to_string(),
    };
    AuditLine {
        when: clock.time(row.at),
        who: row.actor.unwrap_or_else(|| t.command_line.into()),
        what: action.map(|a| audit_action_label(lang, a).to_string()).unwrap_or_else(|| row.action.clone()),
        code: row.action,
        target,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::Lang;

    fn row(action: &str, target: &str, detail: &str) -> AuditRow {
        AuditRow { id: 1, at: 0, actor: None, action: action.into(), target: target.into(), detail: detail.into() }
    }

    #[test]
    fn entries_read_in_the_readers_language() {
        let clock = Clock::new(Lang::Ru, Some("UTC"));
        let stored = |t: Target<'_>, d: Detail<'_>| (t.stored(), d.stored());
        let (target, detail) =
            stored(Target::User { id: 3, name: "Айгуль" }, Detail::RoleChange { from: Role::Reader, to: Role::Editor });
        let l = line(row("account.role", &target, &detail), clock);
        assert_eq!(l.what, "Изменена роль");
        assert_eq!(l.target, "учётная запись 3 (Айгуль)");
        assert_eq!(l.who, "командная строка");
        assert!(!l.detail.contains("reader") && l.detail.contains(" → "), "{}", l.detail);
        let (target, detail) = stored(Target::Role(Role::Editor), Detail::ValidDays(7));
        let l = line(row("invitation.create", &target, &detail), clock);
        assert_eq!(l.detail, "действует 7 дней");
        assert!(!l.target.contains("editor"), "{}", l.target);
        // An entry from before codes: the English detail of a password change disappears.
        let l = line(row("account.password", "user 4", "changed"), clock);
        assert_eq!((l.what.as_str(), l.detail.as_str()), ("Пароль изменён", ""));
        let l = line(row("post.hide", "post 9 by Dana", ""), clock);
        assert_eq!(l.target, "сообщение 9 (Dana)");
    }
}
