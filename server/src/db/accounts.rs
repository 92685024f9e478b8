//! Accounts: users, sessions, invitations, password resets, the audit log.

use app::model::Role;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, now};

/// An account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub feed_token: String,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// The IANA time zone the account's times are shown in; none: the language's default.
    pub time_zone: Option<String>,
    /// Shown next to their posts; both optional.
    pub organisation: Option<String>,
    pub country: Option<String>,
}

pub(super) const USER_COLUMNS: &str = "u.id, u.email, u.name, u.role, u.disabled, u.feed_token, u.created_at, u.last_login_at, \
     u.password_hash, u.time_zone, u.organisation, u.country";

pub(super) fn user_from_row(row: &AnyRow) -> Result<UserRow, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Ok(UserRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: Role::from_code(&role).ok_or_else(|| sqlx::Error::ColumnDecode {
            index: "role".into(),
            source: format!("unknown role `{role}`").into(),
        })?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        feed_token: row.try_get("feed_token")?,
        created_at: row.try_get("created_at")?,
        last_login_at: row.try_get("last_login_at")?,
        password_hash: row.try_get("password_hash")?,
        time_zone: row.try_get("time_zone")?,
        organisation: row.try_get("organisation")?,
        country: row.try_get("country")?,
    })
}

/// A live session with its account.
#[derive(Clone, Debug)]
pub struct SessionRow {
    pub user: UserRow,
    pub csrf: String,
    pub expires_at: i64,
    pub last_seen_at: i64,
    /// Notifications not read yet (the count in the header), read with the session so a page
    /// costs no extra query.
    pub unread: i64,
}

/// An invitation still waiting to be used.
#[derive(Clone, Debug)]
pub struct PendingInvitation {
    pub token_hash: String,
    pub role: Role,
    pub created_at: i64,
    pub expires_at: i64,
    pub created_by: Option<String>,
}

/// An invitation as stored.
#[derive(Clone, Debug)]
pub struct InvitationRow {
    pub role: Role,
    pub expires_at: i64,
    pub used: bool,
}

/// One entry of the audit log.
#[derive(Clone, Debug)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub target: String,
    pub detail: String,
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum NewAccountError {
    #[error("an account with this e-mail address already exists")]
    EmailTaken,
    #[error("this invitation has expired or was already used")]
    InvitationInvalid,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl Store {
    /// Creates an account. The e-mail address is stored lowercased.
    ///
    /// # Errors
    /// [`NewAccountError::EmailTaken`] when the address is in use.
    pub async fn create_user(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
        feed_token: &str,
    ) -> Result<i64, NewAccountError> {
        let mut w = self.begin_write().await?;
        let id = insert_user(&mut w.tx, email, name, role, password_hash, feed_token).await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1"))
            .bind(email.trim().to_lowercase())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn user(&self, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// The account a private feed address belongs to (enabled accounts only).
    pub async fn user_by_feed_token(&self, token: &str) -> Result<Option<UserRow>, sqlx::Error> {
        let row =
            sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.feed_token = $1 AND u.disabled = 0"))
                .bind(token.to_string())
                .fetch_optional(self.pool())
                .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn users(&self) -> Result<Vec<UserRow>, sqlx::Error> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.name, u.id"))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// Sets (or, with `None`, clears) the time zone an account's times are shown in.
    pub async fn set_profile(
        &self,
        id: i64,
        organisation: Option<&str>,
        country: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET organisation = $1, country = $2 WHERE id = $3")
            .bind(organisation.map(str::to_string))
            .bind(country.map(str::to_string))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn set_time_zone(&self, id: i64, zone: Option<&str>) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET time_zone = $1 WHERE id = $2")
            .bind(zone.map(str::to_string))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn set_role(&self, id: i64, role: Role) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET role = $1 WHERE id = $2").bind(role.code()).bind(id).execute(self.pool()).await?;
        Ok(())
    }

    /// Disables or enables an account; disabling ends its sessions at once.
    pub async fn set_disabled(&self, id: i64, disabled: bool) -> Result<(), sqlx::Error> {
        let mut w = self.begin_write().await?;
        sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(disabled as i64)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *w.tx).await?;
        }
        w.commit().await
    }

    /// Sets a new password and ends every other session of the account (all of them when
    /// `keep` is `None`).
    pub async fn set_password(&self, id: i64, password_hash: &str, keep: Option<&str>) -> Result<(), sqlx::Error> {
        let mut w = self.begin_write().await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash.to_string())
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(id)
            .bind(keep.unwrap_or("").to_string())
            .execute(&mut *w.tx)
            .await?;
        w.commit().await
    }

    pub async fn record_login(&self, id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
            .bind(now())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    // ---- sessions

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        expires_at: i64,
    ) -> Result<(), sqlx::Error> {
        let now = now();
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $4)",
        )
        .bind(token_hash.to_string())
        .bind(user_id)
        .bind(csrf.to_string())
        .bind(now)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A session that has not expired, of an account that is not disabled.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, s.csrf, s.expires_at, s.last_seen_at, \
             (SELECT COUNT(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0"
        ))
        .bind(token_hash.to_string())
        .bind(now())
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(SessionRow {
                user: user_from_row(&r)?,
                csrf: r.try_get("csrf")?,
                expires_at: r.try_get("expires_at")?,
                last_seen_at: r.try_get("last_seen_at")?,
                unread: r.try_get("unread")?,
            })
        })
        .transpose()
    }

    /// Extends a session that is in use.
    pub async fn touch_session(&self, token_hash: &str, expires_at: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(now())
            .bind(expires_at)
            .bind(token_hash.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Makes a session look older (tests of expiry use it).
    #[doc(hidden)]
    pub async fn expire_sessions_now(&self) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE sessions SET expires_at = $1").bind(now() - 1).execute(self.pool()).await?;
        Ok(())
    }

    // ---- invitations and resets

    pub async fn create_invitation(
        &self,
        token_hash: &str,
        role: Role,
        by: Option<i64>,
        expires_at: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO invitations (token_hash, role, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash.to_string())
        .bind(role.code())
        .bind(by)
        .bind(now())
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Invitations neither used nor expired, newest first; only `by`'s when given. The link
    /// itself is not kept (only its hash), so it cannot be shown again.
    pub async fn pending_invitations(&self, by: Option<i64>) -> Result<Vec<PendingInvitation>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT i.token_hash, i.role, i.created_at, i.expires_at, u.name AS created_by_name FROM invitations i \
             LEFT JOIN users u ON u.id = i.created_by \
             WHERE i.used_at IS NULL AND i.expires_at > $1 AND ($2 IS NULL OR i.created_by = $2) \
             ORDER BY i.created_at DESC",
        )
        .bind(now())
        .bind(by)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.try_get("role")?;
                Ok(PendingInvitation {
                    token_hash: r.try_get("token_hash")?,
                    role: Role::from_code(&role).unwrap_or(Role::Reader),
                    created_at: r.try_get("created_at")?,
                    expires_at: r.try_get("expires_at")?,
                    created_by: r.try_get::<Option<String>, _>("created_by_name")?,
                })
            })
            .collect()
    }

    /// Ends a pending invitation at once; `false` when it was used, expired or not `by`'s.
    pub async fn revoke_invitation(&self, token_hash: &str, by: Option<i64>) -> Result<bool, sqlx::Error> {
        let now = now();
        let done = sqlx::query(
            "UPDATE invitations SET expires_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
             AND ($3 IS NULL OR created_by = $3)",
        )
        .bind(now)
        .bind(token_hash.to_string())
        .bind(by)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn invitation(&self, token_hash: &str) -> Result<Option<InvitationRow>, sqlx::Error> {
        let row = sqlx::query("SELECT role, expires_at, used_at FROM invitations WHERE token_hash = $1")
            .bind(token_hash.to_string())
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            let role: String = r.try_get("role")?;
            Ok(InvitationRow {
                role: Role::from_code(&role).unwrap_or(Role::Reader),
                expires_at: r.try_get("expires_at")?,
                used: r.try_get::<Option<i64>, _>("used_at")?.is_some(),
            })
        })
        .transpose()
    }

    /// Turns an invitation into an account, once.
    ///
    /// # Errors
    /// When the invitation is expired or used, or the e-mail address is taken.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        email: &str,
        name: &str,
        password_hash: &str,
        feed_token: &str,
    ) -> Result<(i64, Role), NewAccountError> {
        let mut w = self.begin_write().await?;
        let now = now();
        let row =
            sqlx::query("SELECT role FROM invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2")
                .bind(token_hash.to_string())
                .bind(now)
                .fetch_optional(&mut *w.tx)
                .await?
                .ok_or(NewAccountError::InvitationInvalid)?;
        let role = Role::from_code(&row.try_get::<String, _>("role")?).unwrap_or(Role::Reader);
        let id = insert_user(&mut w.tx, email, name, role, password_hash, feed_token).await?;
        // Marking it used only if still unused makes two simultaneous acceptances end with one account.
        let marked =
            sqlx::query("UPDATE invitations SET used_by = $1, used_at = $2 WHERE token_hash = $3 AND used_at IS NULL")
                .bind(id)
                .bind(now)
                .bind(token_hash.to_string())
                .execute(&mut *w.tx)
                .await?;
        if marked.rows_affected() != 1 {
            return Err(NewAccountError::InvitationInvalid);
        }
        w.commit().await?;
        Ok((id, role))
    }

    pub async fn create_password_reset(
        &self,
        token_hash: &str,
        user_id: i64,
        by: Option<i64>,
        expires_at: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash.to_string())
        .bind(user_id)
        .bind(by)
        .bind(now())
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The account a usable reset link is for.
    pub async fn password_reset_user(&self, token_hash: &str) -> Result<Option<UserRow>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM password_resets r JOIN users u ON u.id = r.user_id \
             WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.disabled = 0"
        ))
        .bind(token_hash.to_string())
        .bind(now())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Uses a reset link: sets the password and ends every session of the account.
    /// Returns the account, or `None` when the link is not (or no longer) usable.
    pub async fn use_password_reset(&self, token_hash: &str, password_hash: &str) -> Result<Option<i64>, sqlx::Error> {
        let mut w = self.begin_write().await?;
        let now = now();
        let row = sqlx::query(
            "SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash.to_string())
        .bind(now)
        .fetch_optional(&mut *w.tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user_id: i64 = row.try_get("user_id")?;
        let marked = sqlx::query("UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
            .bind(now)
            .bind(token_hash.to_string())
            .execute(&mut *w.tx)
            .await?;
        if marked.rows_affected() != 1 {
            return Ok(None);
        }
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash.to_string())
            .bind(user_id)
            .execute(&mut *w.tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *w.tx).await?;
        w.commit().await?;
        Ok(Some(user_id))
    }

    // ---- audit log

    /// Records who did what to whom.
    pub async fn audit(&self, actor: Option<i64>, action: &str, target: &str, detail: &str) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO audit_log (at, actor_id, action, target, detail) VALUES ($1, $2, $3, $4, $5)")
            .bind(now())
            .bind(actor)
            .bind(action.to_string())
            .bind(target.to_string())
            .bind(detail.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The newest entries first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT a.id, a.at, u.name AS actor, a.action, a.target, a.detail FROM audit_log a \
             LEFT JOIN users u ON u.id = a.actor_id ORDER BY a.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditRow {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    target: r.try_get("target")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }
}

async fn insert_user(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    email: &str,
    name: &str,
    role: Role,
    password_hash: &str,
    feed_token: &str,
) -> Result<i64, NewAccountError> {
    let email = email.trim().to_lowercase();
    let taken =
        sqlx::query("SELECT id FROM users WHERE email = $1").bind(email.clone()).fetch_optional(&mut **tx).await?;
    if taken.is_some() {
        return Err(NewAccountError::EmailTaken);
    }
    let row = sqlx::query(
        "INSERT INTO users (email, name, role, password_hash, feed_token, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         RETURNING id",
    )
    .bind(email)
    .bind(name.trim().to_string())
    .bind(role.code())
    .bind(password_hash.to_string())
    .bind(feed_token.to_string())
    .bind(now())
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| match &e {
        // Two sign-ups with one address at once on PostgreSQL: the unique index decides.
        sqlx::Error::Database(d) if d.is_unique_violation() => NewAccountError::EmailTaken,
        _ => NewAccountError::Database(e),
    })?;
    Ok(row.try_get("id")?)
}
