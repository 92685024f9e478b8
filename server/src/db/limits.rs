//! Counters behind the portal's limits, and the devices that signed in before.

use sqlx::Row;

use super::{Store, now};

impl Store {
    /// Adds one to a window's counter and returns the new count, atomically: concurrent
    /// callers (on any node) each get a different count.
    pub async fn bump_counter(&self, scope: &str, window_start: i64) -> Result<i64, sqlx::Error> {
        sqlx::query(
            "INSERT INTO rate_counters (scope, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (scope, window_start) DO UPDATE SET hits = rate_counters.hits + 1 RETURNING hits",
        )
        .bind(scope.to_string())
        .bind(window_start)
        .fetch_one(self.pool())
        .await?
        .try_get("hits")
    }

    /// A window's count (0 when nothing was counted).
    pub async fn counter(&self, scope: &str, window_start: i64) -> Result<i64, sqlx::Error> {
        let row = sqlx::query("SELECT hits FROM rate_counters WHERE scope = $1 AND window_start = $2")
            .bind(scope.to_string())
            .bind(window_start)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| r.try_get("hits")).transpose().map(Option::unwrap_or_default)
    }

    /// Takes one back from a window's counter (a reservation that was not used).
    pub async fn lower_counter(&self, scope: &str, window_start: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE rate_counters SET hits = hits - 1 WHERE scope = $1 AND window_start = $2 AND hits > 0")
            .bind(scope.to_string())
            .bind(window_start)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Forgets windows that ended before `before`.
    pub async fn prune_counters(&self, before: i64) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM rate_counters WHERE window_start < $1").bind(before).execute(self.pool()).await?;
        Ok(())
    }

    /// Remembers that a browser signed in to an account.
    pub async fn add_known_device(&self, token_hash: &str, user_id: i64) -> Result<(), sqlx::Error> {
        let now = now();
        sqlx::query(
            "INSERT INTO known_devices (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (token_hash, user_id) DO UPDATE SET last_seen_at = $3",
        )
        .bind(token_hash.to_string())
        .bind(user_id)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Whether this browser signed in to this account before.
    pub async fn is_known_device(&self, token_hash: &str, user_id: i64) -> Result<bool, sqlx::Error> {
        Ok(sqlx::query("SELECT 1 AS found FROM known_devices WHERE token_hash = $1 AND user_id = $2")
            .bind(token_hash.to_string())
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?
            .is_some())
    }
}
