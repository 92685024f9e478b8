//! Password hashing with argon2id.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::{Error, Result};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 10;
/// The longest: argon2 would accept more, but nobody types it and it bounds the work.
pub const MAX_LENGTH: usize = 256;

/// Why a new password is refused, in words for the person choosing it.
pub fn check_new(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        return Err(Error::BadRequest(format!("The password must have at least {MIN_LENGTH} characters.")));
    }
    if n > MAX_LENGTH {
        return Err(Error::BadRequest(format!("The password may have at most {MAX_LENGTH} characters.")));
    }
    Ok(())
}

/// Hashes a password with argon2id and a random salt.
///
/// Argon2 is designed to be computationally intensive, so this runs on a blocking thread and
/// never stalls the async workers.
pub async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::Internal(anyhow::anyhow!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| Error::Internal(e.into()))?
}

/// Whether `password` matches the stored hash (on a blocking thread, as above).
pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// A hash that matches no password, verified when an account does not exist so that a wrong
/// e-mail address takes as long as a wrong password.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$Wm9ndXNoYXNoWm9ndXNoYXNoWm9ndXNoYXNoWm9ndXM";
