//! What people do with accounts: sign in (throttled), sign out, accept an invitation, change
//! or reset a password; what admins do to accounts (roles, disabling, reset links), each
//! written to the audit log. Pages, the API and the command line all come through here.

pub mod second_step;

use app::model::AuditAction;

use crate::audit::{self, Detail, Target};
use app::i18n::msg::Msg;
use app::model::{Lang, Role};

use crate::auth::password::{self, Passwords};
use crate::auth::tokens::{hash_token, new_token};
use crate::auth::{SESSION_SECONDS, Session};
use crate::db::{NewAccountError, Store, UserRow, now};
use crate::error::{Error, Result};
use crate::limits::{Limit, Taken};

/// Failed sign-ins per account from browsers that never signed in to it (OWASP: slow
/// guessing down per account; NIST 800-63B allows at most 100 consecutive failures).
pub const SIGN_IN_PER_ACCOUNT: Limit = Limit { name: "signin-account", max: 5, window: 15 * 60 };
/// Failed sign-ins from a browser that signed in to the account before: its owner's own
/// mistakes, counted apart so a stranger's guesses never lock the owner out.
pub const SIGN_IN_PER_DEVICE: Limit = Limit { name: "signin-device", max: 10, window: 15 * 60 };
/// Failed sign-ins per client address (an office behind one NAT shares it). Over it, only
/// existing accounts are still checked, so made-up addresses cost no more hashing while the
/// office's members can still sign in with their correct passwords.
pub const SIGN_IN_PER_ADDRESS: Limit = Limit { name: "signin-address", max: 20, window: 15 * 60 };
/// Wrong current passwords when changing one's password.
pub const CHANGE_PASSWORD: Limit = Limit { name: "password-change", max: 5, window: 15 * 60 };
/// Reset links work this long.
const RESET_SECONDS: i64 = 24 * 3600;
/// Devices are remembered this long after their last sign-in.
pub const DEVICE_SECONDS: i64 = 365 * 86_400;

/// A new session: the cookie value (shown once) and what it opens.
pub struct NewSession {
    pub token: String,
    pub user: UserRow,
    /// A new device cookie for a browser that had none for this account.
    pub new_device: Option<String>,
}

/// One sign-in attempt, with what the request tells about where it comes from.
pub struct Attempt<'a> {
    pub email: &'a str,
    pub password: &'a str,
    /// The client address (see `routes::client_address`).
    pub address: &'a str,
    /// The device cookie the browser sent, if any.
    pub device: Option<&'a str>,
    /// Where to go once signed in (kept through a second step).
    pub next: &'a str,
}

pub use self::second_step::{SignIn, after_password};

fn too_many(retry_after: u64, from_network: bool) -> Error {
    let minutes = retry_after.div_ceil(60).max(1);
    let msg = if from_network { Msg::TooManyFromNetwork { minutes } } else { Msg::TooManyForAccount { minutes } };
    Error::TooManyRequests { msg, retry_after }
}

/// Signs in with e-mail and password.
///
/// Wrong e-mail and wrong password give the same answer (and take the same time), so accounts
/// cannot be discovered. Each attempt first takes a place within the limits, atomically, before
/// any password is checked:
/// - per account (5 failures in 15 minutes), unless the browser signed in to that account
///   before, in which case per device (10): a stranger's wrong guesses never lock out the owner;
/// - per address (20): over it, attempts on e-mail addresses that have no account are refused
///   without hashing, while existing accounts are still checked (an office behind one address
///   is not locked out by someone else's guesses).
///
/// A successful sign-in gives its places back: only failures count.
///
/// A right password gives a session, or the second step for an account with a second factor
/// and for staff (see [`second_step`]).
///
/// # Errors
/// `Unauthorized` for wrong credentials, `TooManyRequests` when limited, `Busy` when the
/// password workers are saturated.
pub async fn sign_in(store: &Store, passwords: &Passwords, attempt: Attempt<'_>) -> Result<SignIn> {
    let email = attempt.email.trim().to_lowercase();
    let user = store.user_by_email(&email).await?;
    let device_hash = attempt.device.map(hash_token);
    let known_device = match (&device_hash, &user) {
        (Some(h), Some(u)) => store.is_known_device(h, u.id).await?,
        _ => false,
    };
    let account_place = match known_device {
        true => SIGN_IN_PER_DEVICE.take(store, device_hash.as_deref().unwrap_or_default()).await?,
        false => SIGN_IN_PER_ACCOUNT.take(store, &email).await?,
    };
    let account_place = match account_place {
        Taken::Granted(p) => p,
        Taken::Refused { retry_after } => return Err(too_many(retry_after, false)),
    };
    let (address_place, address_limited) = match SIGN_IN_PER_ADDRESS.take(store, attempt.address).await? {
        Taken::Granted(p) => (Some(p), None),
        Taken::Refused { retry_after } => (None, Some(retry_after)),
    };
    if let (Some(retry_after), None) = (address_limited, &user) {
        // Nothing to check: answer after as long as a check takes, so the timing does not
        // tell which addresses have accounts.
        tokio::time::sleep(passwords.typical()).await;
        return Err(too_many(retry_after, true));
    }
    let stored = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| password::DUMMY_HASH.to_string());
    let ok = match passwords.verify(attempt.password.to_string(), stored).await {
        Ok(ok) => ok,
        Err(e) => {
            // Not checked (the workers are saturated): the attempt does not count.
            account_place.give_back(store).await?;
            if let Some(p) = address_place {
                p.give_back(store).await?;
            }
            return Err(e);
        }
    };
    let user = match user {
        Some(u) if ok && !u.disabled => u,
        _ => {
            return Err(match address_limited {
                Some(retry_after) => too_many(retry_after, true),
                None => Error::Unauthorized,
            });
        }
    };
    account_place.give_back(store).await?;
    if let Some(p) = address_place {
        p.give_back(store).await?;
    }
    store.record_login(user.id).await?;
    let new_device = match (known_device, device_hash) {
        (true, Some(h)) => {
            store.add_known_device(&h, user.id).await?;
            None
        }
        // A browser with a device cookie for another account keeps it: one cookie, many accounts.
        (false, Some(h)) => {
            store.add_known_device(&h, user.id).await?;
            None
        }
        (_, None) => {
            let token = new_token();
            store.add_known_device(&hash_token(&token), user.id).await?;
            Some(token)
        }
    };
    Ok(after_password(store, user, attempt.next).await?.with_device(new_device))
}

/// A fresh session for an account: a new token every time, so a session id known before
/// signing in is worth nothing after.
pub async fn open_session(store: &Store, user: UserRow) -> Result<NewSession> {
    let token = new_token();
    store.create_session(&hash_token(&token), user.id, &new_token(), now() + SESSION_SECONDS).await?;
    Ok(NewSession { token, user, new_device: None })
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
        return Err(Error::BadRequest(Msg::InvitationDays));
    }
    let token = new_token();
    store.create_invitation(&hash_token(&token), role, by.map(|s| s.user.id), now() + days * 86_400).await?;
    let actor = by.map(|s| s.user.id);
    audit::record(store, actor, AuditAction::InvitationCreate, Target::Role(role), Detail::ValidDays(days)).await?;
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
        return Err(Error::BadRequest(Msg::NameLength));
    }
    Ok(())
}

/// What someone accepting an invitation typed.
#[derive(Clone, Copy)]
pub struct Applicant<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password: &'a str,
}

/// Creates the account an invitation was for, and signs it in (staff through the setup of
/// their second factor). Its e-mail comes in `lang`, the language the invitation was
/// accepted in, until the member chooses another.
///
/// # Errors
/// `BadRequest` for unusable details, `Conflict` for a used or expired invitation or a taken
/// address.
pub async fn accept_invitation(
    store: &Store,
    passwords: &Passwords,
    token: &str,
    applicant: &Applicant<'_>,
    next: &str,
    lang: Lang,
) -> Result<SignIn> {
    let Applicant { email, name, password: new_password } = *applicant;
    if !valid_email(email) {
        return Err(Error::BadRequest(Msg::InvalidEmail));
    }
    check_name(name)?;
    password::check_new(new_password)?;
    let hash = passwords.hash(new_password.to_string()).await?;
    let (id, role) = store
        .accept_invitation(&hash_token(token), email, name, &hash, &new_token())
        .await
        .map_err(new_account_error)?;
    store.default_mail_language(id, lang).await?;
    let user = store.user(id).await?.ok_or(Error::NotFound)?;
    audit::record(
        store,
        Some(id),
        AuditAction::AccountCreate,
        Target::User { id, name: &user.name },
        Detail::Created { invitation: true, role },
    )
    .await?;
    after_password(store, user, next).await
}

fn new_account_error(e: NewAccountError) -> Error {
    match e {
        NewAccountError::EmailTaken => Error::Conflict(Msg::EmailTaken),
        NewAccountError::InvitationInvalid => Error::Conflict(Msg::InvitationUsed),
        NewAccountError::Database(e) => Error::Database(e),
    }
}

/// Creates an account directly (the command line's `portal user add`).
///
/// # Errors
/// As for an invitation.
pub async fn add_user(
    store: &Store,
    passwords: &Passwords,
    email: &str,
    name: &str,
    role: Role,
    new_password: &str,
) -> Result<i64> {
    if !valid_email(email) {
        return Err(Error::BadRequest(Msg::InvalidEmail));
    }
    check_name(name)?;
    password::check_new(new_password)?;
    let hash = passwords.hash(new_password.to_string()).await?;
    let id = store.create_user(email, name, role, &hash, &new_token()).await.map_err(new_account_error)?;
    audit::record(
        store,
        None,
        AuditAction::AccountCreate,
        Target::User { id, name },
        Detail::Created { invitation: false, role },
    )
    .await?;
    Ok(id)
}

/// Changes one's own password; other sessions of the account end.
///
/// # Errors
/// `BadRequest` when the current password is wrong or the new one unusable.
pub async fn change_password(
    store: &Store,
    passwords: &Passwords,
    session: &Session,
    current: &str,
    new_password: &str,
) -> Result<()> {
    // Someone at an unattended, signed-in browser must not guess the password at leisure.
    let place = match CHANGE_PASSWORD.take(store, &session.user.id.to_string()).await? {
        Taken::Granted(p) => p,
        Taken::Refused { retry_after } => return Err(too_many(retry_after, false)),
    };
    if !passwords.verify(current.to_string(), session.user.password_hash.clone()).await? {
        return Err(Error::BadRequest(Msg::WrongCurrentPassword));
    }
    place.give_back(store).await?;
    password::check_new(new_password)?;
    let hash = passwords.hash(new_password.to_string()).await?;
    store.set_password(session.user.id, &hash, Some(&session.token_hash)).await?;
    let me = Target::User { id: session.user.id, name: &session.user.name };
    audit::record(store, Some(session.user.id), AuditAction::AccountPassword, me, Detail::Text("")).await?;
    Ok(())
}

/// The countries a profile may name: the partnership's two.
pub const PROFILE_COUNTRIES: [&str; 2] = ["KG", "KR"];

/// The longest organisation name, in characters.
pub const MAX_ORGANISATION_CHARS: usize = 120;

/// Sets one's organisation and country (`KR`, `KG` or nothing), shown next to one's posts.
///
/// # Errors
/// `BadRequest` for a name too long or a country not offered.
pub async fn set_profile(store: &Store, session: &Session, organisation: &str, country: &str) -> Result<()> {
    let organisation = organisation.trim();
    if organisation.chars().count() > MAX_ORGANISATION_CHARS {
        return Err(Error::BadRequest(Msg::OrganisationTooLong { max: MAX_ORGANISATION_CHARS }));
    }
    let country = country.trim();
    if !country.is_empty() && !PROFILE_COUNTRIES.contains(&country) {
        return Err(Error::BadRequest(Msg::UnknownValue {
            name: "country".into(),
            value: country.into(),
            expected: PROFILE_COUNTRIES.join(", "),
        }));
    }
    let some = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    Ok(store.set_profile(session.user.id, some(organisation).as_deref(), some(country).as_deref()).await?)
}

/// Sets the time zone one's times are shown in: one of those offered, or empty for the
/// language's default.
///
/// # Errors
/// `BadRequest` for a zone that is not offered.
pub async fn set_time_zone(store: &Store, session: &Session, zone: &str) -> Result<()> {
    let zone = zone.trim();
    if zone.is_empty() {
        return Ok(store.set_time_zone(session.user.id, None).await?);
    }
    if !crate::dates::ZONES.iter().any(|z| z.name() == zone) {
        return Err(Error::BadRequest(Msg::UnknownValue {
            name: "time_zone".into(),
            value: zone.into(),
            expected: crate::dates::ZONES.iter().map(|z| z.name()).collect::<Vec<_>>().join(", "),
        }));
    }
    Ok(store.set_time_zone(session.user.id, Some(zone)).await?)
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
    let target = Target::User { id: user.id, name: &user.name };
    audit::record(store, Some(admin.user.id), AuditAction::AccountResetLink, target, Detail::Text("")).await?;
    Ok(token)
}

/// Uses a reset link: sets the password, ends every session, and signs in (through the second
/// step when the account has a second factor or is staff's).
///
/// # Errors
/// `Conflict` when the link is expired or used.
pub async fn use_reset(
    store: &Store,
    passwords: &Passwords,
    token: &str,
    new_password: &str,
    next: &str,
) -> Result<SignIn> {
    password::check_new(new_password)?;
    let hash = passwords.hash(new_password.to_string()).await?;
    let id = store
        .use_password_reset(&hash_token(token), &hash)
        .await?
        .ok_or_else(|| Error::Conflict(Msg::ResetLinkUsed))?;
    let user = store.user(id).await?.ok_or(Error::NotFound)?;
    let target = Target::User { id, name: &user.name };
    audit::record(store, Some(id), AuditAction::AccountPasswordReset, target, Detail::Text("")).await?;
    after_password(store, user, next).await
}

/// An admin changes someone's role.
///
/// # Errors
/// `Forbidden` for non-admins or for an admin demoting themselves (someone must stay admin).
pub async fn set_role(store: &Store, admin: &Session, user_id: i64, role: Role) -> Result<()> {
    admin.require(Role::Admin)?;
    if user_id == admin.user.id && role != Role::Admin {
        return Err(Error::BadRequest(Msg::CannotDemoteSelf));
    }
    let user = store.user(user_id).await?.ok_or(Error::NotFound)?;
    store.set_role(user_id, role).await?;
    let target = Target::User { id: user.id, name: &user.name };
    let change = Detail::RoleChange { from: user.role, to: role };
    audit::record(store, Some(admin.user.id), AuditAction::AccountRole, target, change).await?;
    Ok(())
}

/// An admin disables or enables an account; disabling ends its sessions at once.
///
/// # Errors
/// `Forbidden` for non-admins; an admin cannot disable themselves.
pub async fn set_disabled(store: &Store, admin: &Session, user_id: i64, disabled: bool) -> Result<()> {
    admin.require(Role::Admin)?;
    if user_id == admin.user.id {
        return Err(Error::BadRequest(Msg::CannotDisableSelf));
    }
    let user = store.user(user_id).await?.ok_or(Error::NotFound)?;
    store.set_disabled(user_id, disabled).await?;
    let action = if disabled { AuditAction::AccountDisable } else { AuditAction::AccountEnable };
    let target = Target::User { id: user.id, name: &user.name };
    audit::record(store, Some(admin.user.id), action, target, Detail::Text("")).await?;
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
