//! Limits on how often something may be done (failed sign-ins, posts), reserved before the
//! work they protect.
//!
//! A limit allows `max` events per `window` seconds for one key (an account, an address...).
//! Taking a place raises the key's counter in the database in one atomic statement, so 100
//! simultaneous requests get 100 different counts and exactly `max` of them go on, on one node
//! or several. A place that turns out not to be needed (a sign-in that succeeded, a post that
//! could not be stored) is given back.
//!
//! Counting uses the current fixed window plus the previous one, weighted by how much of it
//! still overlaps the last `window` seconds, so a burst at the end of one window and the start
//! of the next is not allowed twice the limit.

use crate::db::{Store, now};
use crate::error::Result;

/// A limit: at most `max` events per `window` seconds per key.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    /// Names the counter ("signin-account", "post-minute"...).
    pub name: &'static str,
    pub max: i64,
    pub window: i64,
}

/// A place taken within a limit; give it back with [`Place::give_back`] when the event did
/// not happen after all.
#[derive(Debug)]
#[must_use = "a place is either used (dropped) or given back"]
pub struct Place {
    scope: String,
    window_start: i64,
}

/// The answer to asking for a place.
#[derive(Debug)]
pub enum Taken {
    Granted(Place),
    /// Over the limit; try again in this many seconds.
    Refused {
        retry_after: u64,
    },
}

impl Limit {
    /// Takes a place for `key`, or says when one will be free.
    ///
    /// # Errors
    /// Database errors.
    pub async fn take(&self, store: &Store, key: &str) -> Result<Taken> {
        let scope = format!("{}:{key}", self.name);
        let now = now();
        let window_start = now - now.rem_euclid(self.window);
        let current = store.bump_counter(&scope, window_start).await?;
        let previous = store.counter(&scope, window_start - self.window).await?;
        let elapsed = now - window_start;
        // Events of the previous window still inside the last `window` seconds, estimated.
        let carried = previous * (self.window - elapsed) / self.window;
        if carried + current <= self.max {
            return Ok(Taken::Granted(Place { scope, window_start }));
        }
        store.lower_counter(&scope, window_start).await?;
        let retry_after = if current > self.max || previous == 0 {
            self.window - elapsed
        } else {
            // When enough of the previous window has slid out for one more event.
            let excess = carried + current - self.max;
            ((excess * self.window + previous - 1) / previous).min(self.window - elapsed)
        };
        Ok(Taken::Refused { retry_after: retry_after.max(1) as u64 })
    }

    /// Whether `key` is over the limit, without taking a place.
    ///
    /// # Errors
    /// Database errors.
    pub async fn is_reached(&self, store: &Store, key: &str) -> Result<bool> {
        let scope = format!("{}:{key}", self.name);
        let now = now();
        let window_start = now - now.rem_euclid(self.window);
        let current = store.counter(&scope, window_start).await?;
        let previous = store.counter(&scope, window_start - self.window).await?;
        Ok(previous * (self.window - (now - window_start)) / self.window + current >= self.max)
    }
}

impl Place {
    /// Gives the place back: the event it was taken for did not happen.
    ///
    /// # Errors
    /// Database errors.
    pub async fn give_back(self, store: &Store) -> Result<()> {
        Ok(store.lower_counter(&self.scope, self.window_start).await?)
    }
}

/// Forgets counters older than any window in use (a day is more than the longest).
///
/// # Errors
/// Database errors.
pub async fn prune(store: &Store) -> Result<()> {
    Ok(store.prune_counters(now() - 2 * 86_400).await?)
}
