//! What people do with accounts: sign in (throttled), sign out, accept an invitation, change
//! or reset a password; what admins do to accounts (roles, disabling, reset links), each
//! written to the audit log. Pages, the API and the command line all come through here.

use app::model::Role;

use crate::auth::password;
use crate::auth::tokens::{hash_token, new_token};
use crate::auth::{SESSION_SECONDS, Session};
use crate::db::{NewAccountError, Store, UserRow, now};
use crate::error::{Error, Result};

/// Failed sign-ins allowed per account, and per address, within [`THROTTLE_WINDOW`].
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const THROTTLE_WINDOW: i64 = 15 * 60;
/// Reset links work this long.
const RESET_SECONDS: i64 = 24 * 3600;

/// A new session: the cookie value (shown once) and what it opens.
pub struct NewSession {
    pub token: String,
    pub user: UserRow,
}

fn account_scope(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

fn address_scope(addr: &str) -> String {
    format!("address:{addr}")
}

/// Signs in with e-mail and password. Wrong e-mail and wrong password give the same answer
/// (and take the same time), so accounts cannot be discovered; too many failures for an
/// account or an address in 15 minutes stop further attempts for a while.
///
/// # Errors
/// `Unauthorized` for wrong credentials, `TooManyRequests` when throttled.
pub async fn sign_in(store: &Store, email: &str, password: &str, address: &str) -> Result<NewSession> {
    let since = now() - THROTTLE_WINDOW;
    let (account, addr) = (account_scope(email), address_scope(address));
    if store.login_failures_since(&account, since).await? >= MAX_FAILURES_PER_ACCOUNT
        || store.login_failures_since(&addr, since).await? >= MAX_FAILURES_PER_ADDRESS
    {
        return Err(Error::TooManyRequests(
            "Too many failed sign-ins. Wait 15 minutes and try again, or ask an administrator for a reset link.".into(),
        ));
    }
    let user = store.user_by_email(email).await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| password::DUMMY_HASH.to_string());
    let ok = password::verify(password.to_string(), stored).await;
    let user = match user {
        Some(u) if ok && !u.disabled => u,
        _ => {
            store.record_login_failure(&account).await?;
            store.record_login_failure(&addr).await?;
            return Err(Error::Unauthorized);
        }
    };
    store.clear_login_failures(&account).await?;
    store.record_login(user.id).await?;
    open_session(store, user).await
}

/// A fresh session for an account: a new token every time, so a session id known before
/// signing in is worth nothing after.
pub async fn open_session(store: &Store, user: UserRow) -> Result<NewSession> {
    let token = new_token();
    store.create_session(&hash_token(&token), user.id, &new_token(), now() + SESSION_SECONDS).await?;
    Ok(NewSession { token, user })
}

pub async fn sign_out(store: &Store, session: &Session) -> Result<()> {
    Ok(store.delete_session(&session.token_hash).await?)
}

/// Roles an inviter may hand out: admins any, editors readers and editors.
pub fn may_invite(inviter: Role, role: Role) -> bool {
    match inviter {
        Role::Admin => true,
        Role::Editor => matches!(role, Role::Reader | Role::Editor),
        _ => false,
    }
}

/// Creates an invitation; returns the token for the link `/{lang}/invite/{token}`.
///
/// # Errors
/// `Forbidden` when the inviter may not hand out that role.
pub async fn invite(store: &Store, by: Option<&Session>, role: Role, days: i64) -> Result<String> {
    if let Some(s) = by
        && !may_invite(s.user.role, role)
    {
        return Err(Error::Forbidden);
    }
    if !(1..=90).contains(&days) {
        return Err(Error::BadRequest("An invitation may last from 1 to 90 days.".into()));
    }
    let token = new_token();
    store.create_invitation(&hash_token(&token), role, by.map(|s| s.user.id), now() + days * 86_400).await?;
    store
        .audit(
            by.map(|s| s.user.id),
            "invitation.create",
            &format!("role {}", role.code()),
            &format!("valid {days} days"),
        )
        .await?;
    Ok(token)
}

fn valid_email(email: &str) -> bool {
    let e = email.trim();
    e.len() <= 254
        && e.split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && !domain.starts_with('.'))
        && !e.chars().any(char::is_whitespace)
}

fn check_name(name: &str) -> Result<()> {
    let n = name.trim().chars().count();
    if n == 0 || n > 80 {
        return Err(Error::BadRequest("The name must have between 1 and 80 characters.".into()));
    }
    Ok(())
}

/// Creates the account an invitation was for, and signs it in.
///
/// # Errors
/// `BadRequest` for unusable details, `Conflict` for a used or expired invitation or a taken
/// address.
pub async fn accept_invitation(
    store: &Store,
    token: &str,
    email: &str,
    name: &str,
    new_password: &str,
) -> Result<NewSession> {
    if !valid_email(email) {
        return Err(Error::BadRequest("Enter a valid e-mail address.".into()));
    }
    check_name(name)?;
    password::check_new(new_password)?;
    let hash = password::hash(new_password.to_string()).await?;
    let (id, role) = store
        .accept_invitation(&hash_token(token), email, name, &hash, &new_token())
        .await
        .map_err(new_account_error)?;
    store
        .audit(Some(id), "account.create", &format!("user {id}"), &format!("from an invitation, role {}", role.code()))
        .await?;
    let user = store.user(id).await?.ok_or(Error::NotFound)?;
    open_session(store, user).await
}

fn new_account_error(e: NewAccountError) -> Error {
    match e {
        NewAccountError::EmailTaken => Error::Conflict("An account with this e-mail address already exists.".into()),
        NewAccountError::InvitationInvalid => {
            Error::Conflict("This invitation has expired or was already used.".into())
        }
        NewAccountError::Database(e) => Error::Database(e),
    }
}

/// Creates an account directly (the command line's `portal user add`).
///
/// # Errors
/// As for an invitation.
pub async fn add_user(store: &Store, email: &str, name: &str, role: Role, new_password: &str) -> Result<i64> {
    if !valid_email(email) {
        return Err(Error::BadRequest("Enter a valid e-mail address.".into()));
    }
    check_name(name)?;
    password::check_new(new_password)?;
    let hash = password::hash(new_password.to_string()).await?;
    let id = store.create_user(email, name, role, &hash, &new_token()).await.map_err(new_account_error)?;
    store
        .audit(None, "account.create", &format!("user {id}"), &format!("from the command line, role {}", role.code()))
        .await?;
    Ok(id)
}

/// Changes one's own password; other sessions of the account end.
///
/// # Errors
/// `BadRequest` when the current password is wrong or the new one unusable.
pub async fn change_password(store: &Store, session: &Session, current: &str, new_password: &str) -> Result<()> {
    if !password::verify(current.to_string(), session.user.password_hash.clone()).await {
        return Err(Error::BadRequest("The current password is not right.".into()));
    }
    password::check_new(new_password)?;
    let hash = password::hash(new_password.to_string()).await?;
    store.set_password(session.user.id, &hash, Some(&session.token_hash)).await?;
    store.audit(Some(session.user.id), "account.password", &format!("user {}", session.user.id), "changed").await?;
    Ok(())
}

/// An admin issues a reset link (there is no mail server: the admin passes it on).
///
/// # Errors
/// `Forbidden` for non-admins, `NotFound` for an unknown account.
pub async fn issue_reset(store: &Store, admin: &Session, user_id: i64) -> Result<String> {
    admin.require(Role::Admin)?;
    let user = store.user(user_id).await?.ok_or(Error::NotFound)?;
    let token = new_token();
    store.create_password_reset(&hash_token(&token), user.id, Some(admin.user.id), now() + RESET_SECONDS).await?;
    store
        .audit(Some(admin.user.id), "account.reset-link", &format!("user {} ({})", user.id, user.name), "issued")
        .await?;
    Ok(token)
}

/// Uses a reset link: sets the password, ends every session, and signs in.
///
/// # Errors
/// `Conflict` when the link is expired or used.
pub async fn use_reset(store: &Store, token: &str, new_password: &str) -> Result<NewSession> {
    password::check_new(new_password)?;
    let hash = password::hash(new_password.to_string()).await?;
    let id = store
        .use_password_reset(&hash_token(token), &hash)
        .await?
        .ok_or_else(|| Error::Conflict("This reset link has expired or was already used.".into()))?;
    store.audit(Some(id), "account.password", &format!("user {id}"), "reset with a link").await?;
    let user = store.user(id).await?.ok_or(Error::NotFound)?;
    open_session(store, user).await
}

/// An admin changes someone's role.
///
/// # Errors
/// `Forbidden` for non-admins or for an admin demoting themselves (someone must stay admin).
pub async fn set_role(store: &Store, admin: &Session, user_id: i64, role: Role) -> Result<()> {
    admin.require(Role::Admin)?;
    if user_id == admin.user.id && role != Role::Admin {
        return Err(Error::BadRequest("You cannot take away your own admin role.".into()));
    }
    let user = store.user(user_id).await?.ok_or(Error::NotFound)?;
    store.set_role(user_id, role).await?;
    store
        .audit(
            Some(admin.user.id),
            "account.role",
            &format!("user {} ({})", user.id, user.name),
            &format!("{} → {}", user.role.code(), role.code()),
        )
        .await?;
    Ok(())
}

/// An admin disables or enables an account; disabling ends its sessions at once.
///
/// # Errors
/// `Forbidden` for non-admins; an admin cannot disable themselves.
pub async fn set_disabled(store: &Store, admin: &Session, user_id: i64, disabled: bool) -> Result<()> {
    admin.require(Role::Admin)?;
    if user_id == admin.user.id {
        return Err(Error::BadRequest("You cannot disable your own account.".into()));
    }
    let user = store.user(user_id).await?.ok_or(Error::NotFound)?;
    store.set_disabled(user_id, disabled).await?;
    let action = if disabled { "account.disable" } else { "account.enable" };
    store.audit(Some(admin.user.id), action, &format!("user {} ({})", user.id, user.name), "").await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_may_invite_whom() {
        assert!(may_invite(Role::Admin, Role::Admin));
        assert!(may_invite(Role::Editor, Role::Reader));
        assert!(may_invite(Role::Editor, Role::Editor));
        assert!(!may_invite(Role::Editor, Role::Admin));
        assert!(!may_invite(Role::Editor, Role::Moderator));
        assert!(!may_invite(Role::Moderator, Role::Reader));
        assert!(!may_invite(Role::Reader, Role::Reader));
    }

    #[test]
    fn email_addresses_are_checked_loosely() {
        assert!(valid_email("a.b@undp.org"));
        assert!(!valid_email("no-at-sign"));
        assert!(!valid_email("a@b"));
        assert!(!valid_email("a b@c.org"));
    }
}
