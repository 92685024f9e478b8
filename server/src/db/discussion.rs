//! Discussion: threads, posts, reports, and what each member has seen.

use app::model::{PostState, Role};
use std::sync::Arc;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, now};

/// A thread with its counts, as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadRow {
    pub id: i64,
    pub doc_slug: Option<String>,
    pub title: String,
    pub author_id: i64,
    pub author_name: String,
    pub created_at: i64,
    pub last_activity_at: i64,
    pub locked: bool,
    pub pinned: bool,
    /// Posts after the first.
    pub replies: i64,
}

const THREAD_SELECT: &str = "SELECT t.id, t.doc_slug, t.title, t.author_id, u.name AS author_name, t.created_at, \
     t.last_activity_at, t.locked, t.pinned, (SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id) - 1 AS replies \
     FROM threads t JOIN users u ON u.id = t.author_id";

fn thread_from_row(r: &AnyRow) -> Result<ThreadRow, sqlx::Error> {
    Ok(ThreadRow {
        id: r.try_get("id")?,
        doc_slug: r.try_get("doc_slug")?,
        title: r.try_get("title")?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        created_at: r.try_get("created_at")?,
        last_activity_at: r.try_get("last_activity_at")?,
        locked: r.try_get::<i64, _>("locked")? != 0,
        pinned: r.try_get::<i64, _>("pinned")? != 0,
        replies: r.try_get("replies")?,
    })
}

/// A post as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostRow {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub author_organisation: Option<String>,
    pub author_country: Option<String>,
    pub author_role: Role,
    pub reply_to: Option<i64>,
    pub body: String,
    pub html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub state: PostState,
    /// The author of the post this one replies to.
    pub reply_to_author: Option<String>,
}

const POST_SELECT: &str = "SELECT p.id, p.thread_id, p.author_id, u.name AS author_name, u.organisation AS \
     author_organisation, u.country AS author_country, u.role AS author_role, p.reply_to, p.body, p.html, p.created_at, p.edited_at, p.state, ru.name AS reply_to_author FROM posts p JOIN users u ON u.id = p.author_id \
     LEFT JOIN posts rp ON rp.id = p.reply_to LEFT JOIN users ru ON ru.id = rp.author_id";

fn post_from_row(r: &AnyRow) -> Result<PostRow, sqlx::Error> {
    Ok(PostRow {
        id: r.try_get("id")?,
        thread_id: r.try_get("thread_id")?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        author_organisation: r.try_get("author_organisation")?,
        author_country: r.try_get("author_country")?,
        author_role: Role::from_code(&r.try_get::<String, _>("author_role")?).unwrap_or(Role::Reader),
        reply_to: r.try_get("reply_to")?,
        body: r.try_get("body")?,
        html: r.try_get("html")?,
        created_at: r.try_get("created_at")?,
        edited_at: r.try_get("edited_at")?,
        state: {
            let code: String = r.try_get("state")?;
            PostState::from_code(&code).ok_or_else(|| sqlx::Error::ColumnDecode {
                index: "state".into(),
                source: format!("unknown post state `{code}`").into(),
            })?
        },
        reply_to_author: r.try_get("reply_to_author")?,
    })
}

/// A flag a moderator sets on a thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreadFlag {
    /// No new replies.
    Locked,
    /// Listed first.
    Pinned,
}

/// An open report with the post it is about.
#[derive(Clone, Debug)]
pub struct ReportRow {
    pub id: i64,
    pub post: PostRow,
    pub thread_title: String,
    pub reporter_name: String,
    pub reason: String,
    pub created_at: i64,
}

impl Store {
    /// Starts a thread with its first post. Returns (thread id, post id).
    pub async fn create_thread(
        &self,
        doc_slug: Option<&str>,
        title: &str,
        author_id: i64,
        body: &str,
        html: &str,
    ) -> Result<(i64, i64), sqlx::Error> {
        let mut w = self.begin_write().await?;
        let now = now();
        let thread_id: i64 = sqlx::query(
            "INSERT INTO threads (doc_slug, title, author_id, created_at, last_activity_at) VALUES ($1, $2, $3, $4, $4) \
             RETURNING id",
        )
        .bind(doc_slug.map(str::to_string))
        .bind(title.to_string())
        .bind(author_id)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        let post_id: i64 = sqlx::query(
            "INSERT INTO posts (thread_id, author_id, body, html, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(thread_id)
        .bind(author_id)
        .bind(body.to_string())
        .bind(html.to_string())
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        w.commit().await?;
        self.threads_changed();
        Ok((thread_id, post_id))
    }

    /// Threads on a document (`Some(slug)`) or in the forum (`None`): pinned first, then by
    /// latest activity.
    pub async fn threads(&self, doc_slug: Option<&str>) -> Result<Vec<ThreadRow>, sqlx::Error> {
        let rows = match doc_slug {
            Some(slug) => {
                sqlx::query(&format!(
                    "{THREAD_SELECT} WHERE t.doc_slug = $1 ORDER BY t.pinned DESC, t.last_activity_at DESC, t.id DESC"
                ))
                .bind(slug.to_string())
                .fetch_all(self.pool())
                .await?
            }
            None => sqlx::query(&format!(
                "{THREAD_SELECT} WHERE t.doc_slug IS NULL ORDER BY t.pinned DESC, t.last_activity_at DESC, t.id DESC"
            ))
            .fetch_all(self.pool())
            .await?,
        };
        rows.iter().map(thread_from_row).collect()
    }

    /// Unlocked threads per document, in one query (the exchange map counts them per area).
    /// Open threads per document slug (the exchange map's members' column). Read again at
    /// most every second, and at once after this store opened, locked or unlocked a thread:
    /// every area page shows its row, and the count need not be newer than that.
    pub async fn open_thread_counts(&self) -> Result<Arc<std::collections::HashMap<String, u32>>, sqlx::Error> {
        let kept = self.open_threads.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some((at, counts)) = kept
            && at.elapsed() < std::time::Duration::from_secs(1)
        {
            return Ok(counts);
        }
        let read_at = std::time::Instant::now();
        let rows = sqlx::query(
            "SELECT doc_slug, COUNT(*) AS n FROM threads WHERE doc_slug IS NOT NULL AND locked = 0 GROUP BY doc_slug",
        )
        .fetch_all(self.pool())
        .await?;
        let counts: std::collections::HashMap<String, u32> = rows
            .iter()
            .map(|r| Ok((r.try_get("doc_slug")?, r.try_get::<i64, _>("n")? as u32)))
            .collect::<Result<_, sqlx::Error>>()?;
        let counts = Arc::new(counts);
        *self.open_threads.lock().unwrap_or_else(|e| e.into_inner()) = Some((read_at, counts.clone()));
        Ok(counts)
    }

    /// Forgets the kept open-thread counts (this store changed a thread).
    fn threads_changed(&self) {
        *self.open_threads.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    pub async fn thread(&self, id: i64) -> Result<Option<ThreadRow>, sqlx::Error> {
        let row = sqlx::query(&format!("{THREAD_SELECT} WHERE t.id = $1")).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(thread_from_row).transpose()
    }

    /// A thread's posts in the order they were written.
    pub async fn posts(&self, thread_id: i64) -> Result<Vec<PostRow>, sqlx::Error> {
        let rows = sqlx::query(&format!("{POST_SELECT} WHERE p.thread_id = $1 ORDER BY p.id"))
            .bind(thread_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(post_from_row).collect()
    }

    /// One page of a thread's posts, in the order they were written.
    pub async fn posts_page(&self, thread_id: i64, offset: i64, limit: i64) -> Result<Vec<PostRow>, sqlx::Error> {
        let rows = sqlx::query(&format!("{POST_SELECT} WHERE p.thread_id = $1 ORDER BY p.id LIMIT $2 OFFSET $3"))
            .bind(thread_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(post_from_row).collect()
    }

    /// The newest posts of a thread, newest first (feeds).
    pub async fn latest_posts(&self, thread_id: i64, limit: i64) -> Result<Vec<PostRow>, sqlx::Error> {
        let rows = sqlx::query(&format!("{POST_SELECT} WHERE p.thread_id = $1 ORDER BY p.id DESC LIMIT $2"))
            .bind(thread_id)
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(post_from_row).collect()
    }

    /// How many posts a thread has.
    pub async fn post_count(&self, thread_id: i64) -> Result<i64, sqlx::Error> {
        sqlx::query("SELECT COUNT(*) AS n FROM posts WHERE thread_id = $1")
            .bind(thread_id)
            .fetch_one(self.pool())
            .await?
            .try_get("n")
    }

    /// The 1-based place of a post in its thread (which page it is on).
    pub async fn post_position(&self, thread_id: i64, post_id: i64) -> Result<i64, sqlx::Error> {
        sqlx::query("SELECT COUNT(*) AS n FROM posts WHERE thread_id = $1 AND id <= $2")
            .bind(thread_id)
            .bind(post_id)
            .fetch_one(self.pool())
            .await?
            .try_get("n")
    }

    pub async fn post(&self, id: i64) -> Result<Option<PostRow>, sqlx::Error> {
        let row = sqlx::query(&format!("{POST_SELECT} WHERE p.id = $1")).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(post_from_row).transpose()
    }

    /// Adds a reply, unless the thread is locked (checked in the same transaction, so a lock
    /// and a reply racing cannot both win). Returns `None` for a locked or missing thread.
    pub async fn add_post(
        &self,
        thread_id: i64,
        author_id: i64,
        reply_to: Option<i64>,
        body: &str,
        html: &str,
    ) -> Result<Option<PostRow>, sqlx::Error> {
        let mut w = self.begin_write().await?;
        let now = now();
        let open = sqlx::query("UPDATE threads SET last_activity_at = $1 WHERE id = $2 AND locked = 0")
            .bind(now)
            .bind(thread_id)
            .execute(&mut *w.tx)
            .await?;
        if open.rows_affected() != 1 {
            return Ok(None);
        }
        let id: i64 = sqlx::query(
            "INSERT INTO posts (thread_id, author_id, reply_to, body, html, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING id",
        )
        .bind(thread_id)
        .bind(author_id)
        .bind(reply_to)
        .bind(body.to_string())
        .bind(html.to_string())
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        w.commit().await?;
        self.post(id).await
    }

    pub async fn edit_post(&self, id: i64, body: &str, html: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE posts SET body = $1, html = $2, edited_at = $3 WHERE id = $4")
            .bind(body.to_string())
            .bind(html.to_string())
            .bind(now())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Sets a post's state: `visible`, `hidden` or `deleted`.
    pub async fn set_post_state(&self, id: i64, state: PostState) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE posts SET state = $1 WHERE id = $2")
            .bind(state.code())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Sets one of a thread's flags.
    pub async fn set_thread_flag(&self, id: i64, flag: ThreadFlag, on: bool) -> Result<(), sqlx::Error> {
        let column = match flag {
            ThreadFlag::Locked => "locked",
            ThreadFlag::Pinned => "pinned",
        };
        sqlx::query(&format!("UPDATE threads SET {column} = $1 WHERE id = $2"))
            .bind(on as i64)
            .bind(id)
            .execute(self.pool())
            .await?;
        self.threads_changed();
        Ok(())
    }

    pub async fn report_post(&self, post_id: i64, reporter_id: i64, reason: &str) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO reports (post_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4)")
            .bind(post_id)
            .bind(reporter_id)
            .bind(reason.to_string())
            .bind(now())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Reports no moderator has acted on yet, oldest first.
    pub async fn open_reports(&self) -> Result<Vec<ReportRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT r.id AS report_id, r.reason, r.created_at AS reported_at, ru.name AS reporter_name, t.title AS thread_title, \
             p.id, p.thread_id, p.author_id, u.name AS author_name, u.organisation AS author_organisation, \
             u.country AS author_country, u.role AS author_role, p.reply_to, p.body, p.html, p.created_at, p.edited_at, p.state, \
             CAST(NULL AS TEXT) AS reply_to_author FROM reports r JOIN posts p ON p.id = r.post_id JOIN users u ON u.id = p.author_id \
             JOIN users ru ON ru.id = r.reporter_id JOIN threads t ON t.id = p.thread_id \
             WHERE r.resolved_at IS NULL ORDER BY r.id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReportRow {
                    id: r.try_get("report_id")?,
                    post: post_from_row(r)?,
                    thread_title: r.try_get("thread_title")?,
                    reporter_name: r.try_get("reporter_name")?,
                    reason: r.try_get("reason")?,
                    created_at: r.try_get("reported_at")?,
                })
            })
            .collect()
    }

    /// Closes every open report about a post.
    pub async fn resolve_reports(&self, post_id: i64, by: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE reports SET resolved_by = $1, resolved_at = $2 WHERE post_id = $3 AND resolved_at IS NULL")
            .bind(by)
            .bind(now())
            .bind(post_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Remembers the last post a member has seen in a thread.
    pub async fn mark_seen(&self, user_id: i64, thread_id: i64, last_post_id: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO thread_visits (user_id, thread_id, last_seen_post_id) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, thread_id) DO UPDATE SET last_seen_post_id = excluded.last_seen_post_id \
             WHERE excluded.last_seen_post_id > thread_visits.last_seen_post_id",
        )
        .bind(user_id)
        .bind(thread_id)
        .bind(last_post_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Threads a member started or wrote in, newest activity first, with how many posts
    /// arrived since their last visit.
    pub async fn my_threads(&self, user_id: i64) -> Result<Vec<(ThreadRow, i64)>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "{THREAD_SELECT} WHERE t.id IN (SELECT thread_id FROM posts WHERE author_id = $1) \
             ORDER BY t.last_activity_at DESC, t.id DESC"
        ))
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let thread = thread_from_row(&r)?;
            let unread: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM posts p WHERE p.thread_id = $1 AND p.author_id <> $2 AND p.id > \
                 COALESCE((SELECT last_seen_post_id FROM thread_visits v WHERE v.user_id = $2 AND v.thread_id = $1), 0)",
            )
            .bind(thread.id)
            .bind(user_id)
            .fetch_one(self.pool())
            .await?
            .try_get("n")?;
            out.push((thread, unread));
        }
        Ok(out)
    }
}
