//! Second-factor state of accounts: the TOTP secret and its last used step, a secret being set
//! up, recovery codes (hashed), and the challenges that sit between a right password and a
//! session.

use sqlx::Row;

use super::accounts::{USER_COLUMNS, user_from_row};
use super::{Store, UserRow, now};

/// An account's second factor as stored.
#[derive(Clone, Debug, Default)]
pub struct TwoFactorState {
    /// Base32; `None` when no second factor is set up.
    pub secret: Option<String>,
    /// A secret shown for setting up, not yet confirmed by a code.
    pub pending: Option<String>,
    /// Recovery codes not used yet.
    pub recovery_left: i64,
}

impl Store {
    pub async fn two_factor(&self, user_id: i64) -> Result<TwoFactorState, sqlx::Error> {
        let row = sqlx::query("SELECT totp_secret, totp_pending FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else { return Ok(TwoFactorState::default()) };
        let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
            .bind(user_id)
            .fetch_one(self.pool())
            .await?
            .try_get("n")?;
        Ok(TwoFactorState {
            secret: row.try_get("totp_secret")?,
            pending: row.try_get("totp_pending")?,
            recovery_left: left,
        })
    }

    /// Keeps a secret shown for setting up until a code confirms it.
    pub async fn set_pending_secret(&self, user_id: i64, secret: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2")
            .bind(secret.to_string())
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Turns the pending secret on (confirmed at `step`), with new recovery codes. Returns
    /// false when the pending secret changed meanwhile (another tab started again).
    pub async fn enable_two_factor(
        &self,
        user_id: i64,
        secret: &str,
        step: i64,
        recovery_hashes: &[String],
    ) -> Result<bool, sqlx::Error> {
        let mut w = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $1 \
             WHERE id = $2 AND totp_pending = $3",
        )
        .bind(step)
        .bind(user_id)
        .bind(secret.to_string())
        .execute(&mut *w.tx)
        .await?
        .rows_affected()
            == 1;
        if !done {
            return Ok(false);
        }
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *w.tx).await?;
        for hash in recovery_hashes {
            sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind(user_id)
                .bind(hash.clone())
                .execute(&mut *w.tx)
                .await?;
        }
        w.commit().await?;
        Ok(true)
    }

    /// Records that a code of `step` was used; false when that step (or a later one) was
    /// already used, so each code opens the account once, also across app nodes.
    pub async fn use_totp_step(&self, user_id: i64, step: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1")
            .bind(step)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Uses a recovery code; false when it is wrong or was used before.
    pub async fn use_recovery_code(&self, user_id: i64, code_hash: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now())
        .bind(user_id)
        .bind(code_hash.to_string())
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes the second factor (an admin's reset, or a reader turning it off).
    pub async fn clear_two_factor(&self, user_id: i64) -> Result<(), sqlx::Error> {
        let mut w = self.begin_write().await?;
        sqlx::query("UPDATE users SET totp_secret = NULL, totp_pending = NULL WHERE id = $1")
            .bind(user_id)
            .execute(&mut *w.tx)
            .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *w.tx).await?;
        w.commit().await
    }

    /// Opens a challenge: the password was right, the second step is due.
    pub async fn create_challenge(
        &self,
        token_hash: &str,
        user_id: i64,
        next: &str,
        expires_at: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sign_in_challenges WHERE expires_at < $1").bind(now()).execute(self.pool()).await?;
        sqlx::query("INSERT INTO sign_in_challenges (token_hash, user_id, next, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash.to_string())
            .bind(user_id)
            .bind(next.to_string())
            .bind(expires_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The account and the address to go on to of a challenge that has not expired.
    pub async fn challenge(&self, token_hash: &str) -> Result<Option<(UserRow, String)>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, c.next AS next FROM sign_in_challenges c JOIN users u ON u.id = c.user_id \
             WHERE c.token_hash = $1 AND c.expires_at > $2 AND u.disabled = 0"
        ))
        .bind(token_hash.to_string())
        .bind(now())
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(r) => Ok(Some((user_from_row(&r)?, r.try_get("next")?))),
            None => Ok(None),
        }
    }

    /// Ends every session of an account.
    pub async fn end_sessions(&self, user_id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn delete_challenge(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sign_in_challenges WHERE token_hash = $1")
            .bind(token_hash.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
