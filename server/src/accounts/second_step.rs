//! The second step of signing in: what follows a right password (or an accepted invitation, or
//! a reset link) for an account with a second factor, or for a staff account, which must set
//! one up before it gets a session. Also turning the second factor on and off, and an admin's
//! reset.
//!
//! Between the password and the second step the browser holds a challenge (a random token in
//! a cookie; the database keeps its hash) that names the account for ten minutes. No session
//! exists until the second step succeeds. Wrong codes are throttled per account like wrong
//! passwords, and every code opens the account once.

use app::i18n::msg::Msg;
use app::model::{AuditAction, Role};

use super::{NewSession, open_session, too_many};
use crate::audit::{self, Detail, Target};
use crate::auth::Session;
use crate::auth::tokens::{hash_token, new_token};
use crate::auth::two_factor;
use crate::db::{Store, UserRow, now};
use crate::error::{Error, Result};
use crate::limits::{Limit, Taken};

/// How long the second step may take after the password.
pub const CHALLENGE_SECONDS: i64 = 10 * 60;
/// Wrong second-step codes per account (the password's own limit: 5 in 15 minutes).
pub const SECOND_FACTOR: Limit = Limit { name: "second-factor", max: 5, window: 15 * 60 };

/// What a right password leads to.
pub enum SignIn {
    /// Signed in (boxed: the account row is large beside the other variant).
    Session(Box<NewSession>),
    /// The second step is due. `challenge` goes into a cookie; `setup` when the account has
    /// no second factor yet and must set one up (staff).
    SecondStep { challenge: String, setup: bool, new_device: Option<String> },
}

impl SignIn {
    pub(super) fn with_device(self, device: Option<String>) -> SignIn {
        match self {
            SignIn::Session(mut s) => {
                s.new_device = device;
                SignIn::Session(s)
            }
            SignIn::SecondStep { challenge, setup, .. } => SignIn::SecondStep { challenge, setup, new_device: device },
        }
    }
}

/// Staff (editors, moderators, admins) must sign in with a second factor; readers may.
pub fn requires_two_factor(role: Role) -> bool {
    role >= Role::Editor
}

/// A session, or the second step when the account has a second factor or must set one up.
pub async fn after_password(store: &Store, user: UserRow, next: &str) -> Result<SignIn> {
    let state = store.two_factor(user.id).await?;
    if state.secret.is_none() && !requires_two_factor(user.role) {
        return Ok(SignIn::Session(Box::new(open_session(store, user).await?)));
    }
    let token = new_token();
    store.create_challenge(&hash_token(&token), user.id, next, now() + CHALLENGE_SECONDS).await?;
    Ok(SignIn::SecondStep { challenge: token, setup: state.secret.is_none(), new_device: None })
}

/// The account a challenge names, and where to go after; `Unauthorized` with a message when
/// it expired (or never was).
pub async fn challenged(store: &Store, challenge: &str) -> Result<(UserRow, String)> {
    store.challenge(&hash_token(challenge)).await?.ok_or(Error::Conflict(Msg::SignInExpired))
}

/// Takes a place within the second-step limit for `user`.
async fn take_place(store: &Store, user: &UserRow) -> Result<crate::limits::Place> {
    match SECOND_FACTOR.take(store, &user.id.to_string()).await? {
        Taken::Granted(p) => Ok(p),
        Taken::Refused { retry_after } => Err(too_many(retry_after, false)),
    }
}

/// Checks a code (from the app, or a recovery code) for an account with a second factor,
/// using it up. Wrong codes count towards [`SECOND_FACTOR`].
pub async fn check_code(store: &Store, user: &UserRow, code: &str) -> Result<()> {
    let place = take_place(store, user).await?;
    let secret = store.two_factor(user.id).await?.secret.ok_or(Error::Unauthorized)?;
    let ok = match two_factor::matching_step(&secret, &user.email, code, now() as u64) {
        Some(step) => store.use_totp_step(user.id, step).await?,
        None => {
            let used = store.use_recovery_code(user.id, &two_factor::recovery_hash(code)).await?;
            if used {
                let target = Target::User { id: user.id, name: &user.name };
                audit::record(store, Some(user.id), AuditAction::RecoveryCodeUse, target, Detail::Text("")).await?;
            }
            used
        }
    };
    if !ok {
        return Err(Error::BadRequest(Msg::WrongCode));
    }
    place.give_back(store).await?;
    Ok(())
}

/// The second step: a right code ends the challenge and opens a session.
pub async fn second_step(store: &Store, challenge: &str, code: &str) -> Result<(NewSession, String)> {
    let (user, next) = challenged(store, challenge).await?;
    check_code(store, &user, code).await?;
    store.delete_challenge(&hash_token(challenge)).await?;
    Ok((open_session(store, user).await?, next))
}

/// What the setup page shows: the secret (kept pending until confirmed), the `otpauth://`
/// address and its QR code as SVG.
pub struct SetupKey {
    pub secret: String,
    pub url: String,
    pub qr_svg: String,
}

/// The key to set up for `user`: the pending one if a setup was started, else a new one.
pub async fn setup_key(store: &Store, user: &UserRow) -> Result<SetupKey> {
    let secret = match store.two_factor(user.id).await?.pending {
        Some(pending) => pending,
        None => {
            let secret = two_factor::new_secret();
            store.set_pending_secret(user.id, &secret).await?;
            secret
        }
    };
    let url = two_factor::setup_url(&secret, &user.email)
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("the TOTP key could not be made")))?;
    let qr_svg = two_factor::qr_svg(&url)
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("the setup QR code could not be drawn")))?;
    Ok(SetupKey { secret, url, qr_svg })
}

/// Confirms the pending key with a code from the app: the second factor is on, and the ten
/// recovery codes (returned, to be shown once) replace any earlier ones.
pub async fn confirm_setup(store: &Store, user: &UserRow, code: &str) -> Result<Vec<String>> {
    let place = take_place(store, user).await?;
    let pending = store.two_factor(user.id).await?.pending.ok_or(Error::Conflict(Msg::SignInExpired))?;
    let step = two_factor::matching_step(&pending, &user.email, code, now() as u64)
        .ok_or(Error::BadRequest(Msg::WrongCode))?;
    let codes = two_factor::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| two_factor::recovery_hash(c)).collect();
    if !store.enable_two_factor(user.id, &pending, step, &hashes).await? {
        return Err(Error::Conflict(Msg::SignInExpired));
    }
    place.give_back(store).await?;
    let target = Target::User { id: user.id, name: &user.name };
    audit::record(store, Some(user.id), AuditAction::TwoFactorEnable, target, Detail::Text("")).await?;
    Ok(codes)
}

/// Setup as the second step of signing in: confirms the key, ends the challenge, opens a
/// session. Returns the session, where to go, and the recovery codes.
pub async fn setup_at_sign_in(store: &Store, challenge: &str, code: &str) -> Result<(NewSession, String, Vec<String>)> {
    let (user, next) = challenged(store, challenge).await?;
    let codes = confirm_setup(store, &user, code).await?;
    store.delete_challenge(&hash_token(challenge)).await?;
    Ok((open_session(store, user).await?, next, codes))
}

/// A reader turns their second factor off, proving it with a code. Staff cannot.
pub async fn turn_off(store: &Store, session: &Session, code: &str) -> Result<()> {
    if requires_two_factor(session.user.role) {
        return Err(Error::BadRequest(Msg::TwoFactorMandatory));
    }
    check_code(store, &session.user, code).await?;
    store.clear_two_factor(session.user.id).await?;
    let target = Target::User { id: session.user.id, name: &session.user.name };
    audit::record(store, Some(session.user.id), AuditAction::TwoFactorDisable, target, Detail::Text("")).await?;
    Ok(())
}

/// An admin removes a member's second factor (a lost phone and lost codes). The member's
/// sessions end; staff set up a new one at their next sign-in.
pub async fn reset(store: &Store, admin: &Session, user_id: i64) -> Result<()> {
    admin.require(Role::Admin)?;
    let user = store.user(user_id).await?.ok_or(Error::NotFound)?;
    store.clear_two_factor(user_id).await?;
    store.end_sessions(user_id).await?;
    let target = Target::User { id: user.id, name: &user.name };
    audit::record(store, Some(admin.user.id), AuditAction::TwoFactorReset, target, Detail::Text("")).await?;
    Ok(())
}
