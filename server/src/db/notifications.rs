//! Notifications and e-mail: each member's choices, who follows a thread, the in-portal list,
//! the outbox the mail worker sends from, and what a digest lists.

use app::model::{Lang, Role, Visibility};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::documents::code_list;
use super::{Store, now};

/// How often a member gets a digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digest {
    Off,
    Daily,
    Weekly,
}

impl Digest {
    pub fn code(self) -> &'static str {
        match self {
            Digest::Off => "off",
            Digest::Daily => "daily",
            Digest::Weekly => "weekly",
        }
    }

    pub fn from_code(s: &str) -> Option<Digest> {
        [Digest::Off, Digest::Daily, Digest::Weekly].into_iter().find(|d| d.code() == s)
    }

    /// Seconds between two digests.
    pub fn period(self) -> Option<i64> {
        match self {
            Digest::Off => None,
            Digest::Daily => Some(86_400),
            Digest::Weekly => Some(7 * 86_400),
        }
    }
}

/// A member's e-mail choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailChoices {
    pub replies: bool,
    pub reviews: bool,
    pub mentions: bool,
    pub digest: Digest,
    /// `None` until they choose: their e-mail is then in English.
    pub language: Option<Lang>,
}

/// One notification as stored.
#[derive(Clone, Debug)]
pub struct NotificationRow {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub actor: String,
    pub title: String,
    pub path: String,
    pub doc_slug: Option<String>,
    pub created_at: i64,
    pub read: bool,
}

/// A notification to record.
#[derive(Clone, Debug)]
pub struct NewNotification {
    pub user_id: i64,
    pub kind: &'static str,
    pub actor: String,
    pub title: String,
    pub path: String,
    pub doc_slug: Option<String>,
}

/// What the mail worker needs to know about a recipient.
#[derive(Clone, Debug)]
pub struct Recipient {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub choices: MailChoices,
    pub unsubscribe_key: Option<String>,
    pub created_at: i64,
    pub digest_at: Option<i64>,
}

/// An e-mail to send, composed.
#[derive(Clone, Debug)]
pub struct NewMail {
    pub recipient: String,
    pub kind: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub unsubscribe_url: Option<String>,
}

/// A message in the outbox.
#[derive(Clone, Debug)]
pub struct OutboxRow {
    pub id: i64,
    pub mail: NewMail,
    pub created_at: i64,
    pub attempts: i64,
}

/// A document published in a digest's period.
#[derive(Clone, Debug)]
pub struct PublishedLately {
    pub slug: String,
    pub language: Lang,
    pub title: String,
    pub is_original: bool,
}

/// A thread with posts in a digest's period.
#[derive(Clone, Debug)]
pub struct ActiveThread {
    pub id: i64,
    pub title: String,
    pub doc_slug: Option<String>,
    pub new_posts: i64,
}

const RECIPIENT_COLUMNS: &str = "id, email, name, role, mail_replies, mail_reviews, mail_mentions, digest, \
     mail_language, unsubscribe_key, created_at, digest_at";

fn recipient_from_row(r: &AnyRow) -> Result<Recipient, sqlx::Error> {
    let role: String = r.try_get("role")?;
    let digest: String = r.try_get("digest")?;
    let language: Option<String> = r.try_get("mail_language")?;
    Ok(Recipient {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        role: Role::from_code(&role).unwrap_or(Role::Reader),
        choices: MailChoices {
            replies: r.try_get::<i64, _>("mail_replies")? != 0,
            reviews: r.try_get::<i64, _>("mail_reviews")? != 0,
            mentions: r.try_get::<i64, _>("mail_mentions")? != 0,
            digest: Digest::from_code(&digest).unwrap_or(Digest::Weekly),
            language: language.as_deref().and_then(Lang::from_code),
        },
        unsubscribe_key: r.try_get("unsubscribe_key")?,
        created_at: r.try_get("created_at")?,
        digest_at: r.try_get("digest_at")?,
    })
}

fn notification_from_row(r: &AnyRow) -> Result<NotificationRow, sqlx::Error> {
    Ok(NotificationRow {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        kind: r.try_get("kind")?,
        actor: r.try_get("actor")?,
        title: r.try_get("title")?,
        path: r.try_get("path")?,
        doc_slug: r.try_get("doc_slug")?,
        created_at: r.try_get("created_at")?,
        read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
    })
}

const NOTIFICATION_COLUMNS: &str = "id, user_id, kind, actor, title, path, doc_slug, created_at, read_at";

impl Store {
    /// A member's e-mail choices and what the worker needs to write to them.
    pub async fn recipient(&self, user_id: i64) -> Result<Option<Recipient>, sqlx::Error> {
        let sql = format!("SELECT {RECIPIENT_COLUMNS} FROM users WHERE id = $1 AND disabled = 0");
        let row = sqlx::query(&sql).bind(user_id).fetch_optional(self.pool()).await?;
        row.as_ref().map(recipient_from_row).transpose()
    }

    pub async fn set_mail_choices(&self, user_id: i64, c: &MailChoices) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE users SET mail_replies = $1, mail_reviews = $2, mail_mentions = $3, digest = $4, \
             mail_language = $5 WHERE id = $6",
        )
        .bind(i64::from(c.replies))
        .bind(i64::from(c.reviews))
        .bind(i64::from(c.mentions))
        .bind(c.digest.code())
        .bind(c.language.map(|l| l.code().to_string()))
        .bind(user_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Sets the language of a member's e-mail unless they chose one already.
    pub async fn default_mail_language(&self, user_id: i64, lang: Lang) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET mail_language = $1 WHERE id = $2 AND mail_language IS NULL")
            .bind(lang.code())
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The key of a member's unsubscribe links, made the first time it is needed.
    pub async fn unsubscribe_key(&self, user_id: i64, fresh: &str) -> Result<String, sqlx::Error> {
        sqlx::query("UPDATE users SET unsubscribe_key = $1 WHERE id = $2 AND unsubscribe_key IS NULL")
            .bind(fresh.to_string())
            .bind(user_id)
            .execute(self.pool())
            .await?;
        sqlx::query("SELECT unsubscribe_key FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(self.pool())
            .await?
            .try_get("unsubscribe_key")
    }

    /// The member an unsubscribe key belongs to.
    pub async fn recipient_by_unsubscribe_key(&self, key: &str) -> Result<Option<Recipient>, sqlx::Error> {
        let sql = format!("SELECT {RECIPIENT_COLUMNS} FROM users WHERE unsubscribe_key = $1");
        let row = sqlx::query(&sql).bind(key.to_string()).fetch_optional(self.pool()).await?;
        row.as_ref().map(recipient_from_row).transpose()
    }

    /// Follows (`true`) or stops following a thread.
    pub async fn set_following(&self, thread_id: i64, user_id: i64, following: bool) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO thread_follows (thread_id, user_id, following) VALUES ($1, $2, $3) \
             ON CONFLICT (thread_id, user_id) DO UPDATE SET following = excluded.following",
        )
        .bind(thread_id)
        .bind(user_id)
        .bind(i64::from(following))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Whether replies in the thread notify the member: they follow it, or took part and did
    /// not stop following.
    pub async fn follows(&self, thread_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
        let row = sqlx::query(
            "SELECT (SELECT following FROM thread_follows WHERE thread_id = $1 AND user_id = $2) AS chosen, \
             (SELECT COUNT(*) FROM posts WHERE thread_id = $1 AND author_id = $2 AND state = 'visible') AS posts",
        )
        .bind(thread_id)
        .bind(user_id)
        .fetch_one(self.pool())
        .await?;
        let chosen: Option<i64> = row.try_get("chosen")?;
        let posts: i64 = row.try_get("posts")?;
        Ok(chosen.map_or(posts > 0, |f| f != 0))
    }

    /// Members a reply in the thread notifies (see [`Store::follows`]), with their roles.
    pub async fn thread_audience(&self, thread_id: i64) -> Result<Vec<(i64, Role)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT u.id, u.role FROM users u WHERE u.disabled = 0 AND ( \
               EXISTS (SELECT 1 FROM thread_follows f WHERE f.thread_id = $1 AND f.user_id = u.id AND f.following = 1) \
               OR (EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = $1 AND p.author_id = u.id AND p.state = 'visible') \
                   AND NOT EXISTS (SELECT 1 FROM thread_follows f WHERE f.thread_id = $1 AND f.user_id = u.id AND f.following = 0)))",
        )
        .bind(thread_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(id_and_role).collect()
    }

    /// Every active member's id, name and role (for finding `@name` mentions).
    pub async fn member_names(&self) -> Result<Vec<(i64, String, Role)>, sqlx::Error> {
        let rows = sqlx::query("SELECT id, name, role FROM users WHERE disabled = 0").fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                let (id, role) = id_and_role(r)?;
                Ok((id, r.try_get("name")?, role))
            })
            .collect()
    }

    /// Active members who review submissions.
    pub async fn reviewers(&self) -> Result<Vec<(i64, Role)>, sqlx::Error> {
        let rows =
            sqlx::query("SELECT id, role FROM users WHERE disabled = 0 AND role IN ('editor', 'moderator', 'admin')")
                .fetch_all(self.pool())
                .await?;
        rows.iter().map(id_and_role).collect()
    }

    pub async fn add_notifications(&self, list: &[NewNotification]) -> Result<(), sqlx::Error> {
        if list.is_empty() {
            return Ok(());
        }
        let mut w = self.begin_write().await?;
        for n in list {
            sqlx::query(
                "INSERT INTO notifications (user_id, kind, actor, title, path, doc_slug, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(n.user_id)
            .bind(n.kind)
            .bind(n.actor.clone())
            .bind(n.title.clone())
            .bind(n.path.clone())
            .bind(n.doc_slug.clone())
            .bind(now())
            .execute(&mut *w.tx)
            .await?;
        }
        w.commit().await
    }

    /// A member's latest notifications, newest first.
    pub async fn notifications(&self, user_id: i64, limit: i64) -> Result<Vec<NotificationRow>, sqlx::Error> {
        let sql =
            format!("SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2");
        let rows = sqlx::query(&sql).bind(user_id).bind(limit).fetch_all(self.pool()).await?;
        rows.iter().map(notification_from_row).collect()
    }

    pub async fn mark_notifications_read(&self, user_id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now())
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Notifications the mail worker has not looked at yet, oldest first.
    pub async fn unmailed_notifications(&self, limit: i64) -> Result<Vec<NotificationRow>, sqlx::Error> {
        let sql = format!("SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE mailed = 0 ORDER BY id LIMIT $1");
        let rows = sqlx::query(&sql).bind(limit).fetch_all(self.pool()).await?;
        rows.iter().map(notification_from_row).collect()
    }

    /// Marks a notification as handled by the mail worker and puts its e-mail (if any) in the
    /// outbox, in one transaction. False when another worker claimed it first.
    pub async fn mail_notification(&self, id: i64, mail: Option<&NewMail>) -> Result<bool, sqlx::Error> {
        let mut w = self.begin_write().await?;
        let claimed = sqlx::query("UPDATE notifications SET mailed = 1 WHERE id = $1 AND mailed = 0")
            .bind(id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected()
            == 1;
        if claimed && let Some(mail) = mail {
            insert_mail(&mut w.tx, mail).await?;
        }
        w.commit().await?;
        Ok(claimed)
    }

    /// Puts a message in the outbox; the worker sends it.
    pub async fn enqueue_mail(&self, mail: &NewMail) -> Result<(), sqlx::Error> {
        let mut w = self.begin_write().await?;
        insert_mail(&mut w.tx, mail).await?;
        w.commit().await
    }

    /// Pending messages whose time has come and that no worker holds.
    pub async fn due_mail(&self, limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, recipient, kind, subject, text_body, html_body, unsubscribe_url, created_at, attempts \
             FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 AND claimed_until < $1 ORDER BY id LIMIT $2",
        )
        .bind(now())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OutboxRow {
                    id: r.try_get("id")?,
                    mail: NewMail {
                        recipient: r.try_get("recipient")?,
                        kind: r.try_get("kind")?,
                        subject: r.try_get("subject")?,
                        text: r.try_get("text_body")?,
                        html: r.try_get("html_body")?,
                        unsubscribe_url: r.try_get("unsubscribe_url")?,
                    },
                    created_at: r.try_get("created_at")?,
                    attempts: r.try_get("attempts")?,
                })
            })
            .collect()
    }

    /// Takes a message for `seconds`; false when another worker holds it or it was sent.
    /// One UPDATE whose condition is checked again on the locked row, so on PostgreSQL two
    /// nodes racing for it cannot both win.
    pub async fn claim_mail(&self, id: i64, seconds: i64) -> Result<bool, sqlx::Error> {
        let now = now();
        let done = sqlx::query(
            "UPDATE outbox SET claimed_until = $1 WHERE id = $2 AND status = 'pending' AND claimed_until < $3",
        )
        .bind(now + seconds)
        .bind(id)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn mail_sent(&self, id: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2",
        )
        .bind(now())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records a failed attempt: tried again at `retry_at`, or given up when `None`.
    pub async fn mail_failed(&self, id: i64, error: &str, retry_at: Option<i64>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $1, claimed_until = 0, \
             status = $2, next_attempt_at = $3 WHERE id = $4",
        )
        .bind(error.chars().take(500).collect::<String>())
        .bind(if retry_at.is_some() { "pending" } else { "failed" })
        .bind(retry_at.unwrap_or(0))
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// How many messages wait, were sent, and were given up, for the admin page.
    pub async fn outbox_counts(&self) -> Result<(i64, i64, i64), sqlx::Error> {
        let row = sqlx::query(
            "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS pending, \
             COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0) AS sent, \
             COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS failed FROM outbox",
        )
        .fetch_one(self.pool())
        .await?;
        Ok((row.try_get("pending")?, row.try_get("sent")?, row.try_get("failed")?))
    }

    /// Members whose digest is due at `now`.
    pub async fn digests_due(&self, now: i64) -> Result<Vec<Recipient>, sqlx::Error> {
        let sql = format!(
            "SELECT {RECIPIENT_COLUMNS} FROM users WHERE disabled = 0 AND \
             ((digest = 'daily' AND COALESCE(digest_at, created_at) <= $1) \
              OR (digest = 'weekly' AND COALESCE(digest_at, created_at) <= $2))"
        );
        let since = |d: Digest| now - d.period().unwrap_or_default();
        let rows =
            sqlx::query(&sql).bind(since(Digest::Daily)).bind(since(Digest::Weekly)).fetch_all(self.pool()).await?;
        rows.iter().map(recipient_from_row).collect()
    }

    /// Moves a member's digest mark from what was read to `now`; false when another node did
    /// it first (that node sends the digest).
    pub async fn claim_digest(&self, user_id: i64, was: Option<i64>, now: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("UPDATE users SET digest_at = $1 WHERE id = $2 AND COALESCE(digest_at, -1) = $3")
            .bind(now)
            .bind(user_id)
            .bind(was.unwrap_or(-1))
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Published versions first published after `since`, readable with `visibilities`,
    /// newest first.
    pub async fn published_since(
        &self,
        since: i64,
        visibilities: &[Visibility],
    ) -> Result<Vec<PublishedLately>, sqlx::Error> {
        let sql = format!(
            "SELECT d.slug, d.language, d.title, d.is_original FROM documents d \
             WHERE d.status = 'published' AND d.visibility IN ({}) AND \
             (SELECT MIN(r.published_at) FROM revisions r WHERE r.document_id = d.id) > $1 \
             ORDER BY d.updated_at DESC, d.id DESC LIMIT 200",
            code_list(visibilities.iter().map(|v| v.code()))
        );
        let rows = sqlx::query(&sql).bind(since).fetch_all(self.pool()).await?;
        rows.iter()
            .filter_map(|r| {
                let language: String = r.try_get("language").ok()?;
                Some(Ok(PublishedLately {
                    slug: r.try_get("slug").ok()?,
                    language: Lang::from_code(&language)?,
                    title: r.try_get("title").ok()?,
                    is_original: r.try_get::<i64, _>("is_original").ok()? != 0,
                }))
            })
            .collect()
    }

    /// Threads with visible posts after `since`, most active first.
    pub async fn threads_active_since(&self, since: i64) -> Result<Vec<ActiveThread>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT t.id, t.title, t.doc_slug, COUNT(p.id) AS n FROM threads t JOIN posts p ON p.thread_id = t.id \
             WHERE p.created_at > $1 AND p.state = 'visible' GROUP BY t.id, t.title, t.doc_slug \
             ORDER BY n DESC, t.id DESC LIMIT 50",
        )
        .bind(since)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ActiveThread {
                    id: r.try_get("id")?,
                    title: r.try_get("title")?,
                    doc_slug: r.try_get("doc_slug")?,
                    new_posts: r.try_get("n")?,
                })
            })
            .collect()
    }
}

fn id_and_role(r: &AnyRow) -> Result<(i64, Role), sqlx::Error> {
    let role: String = r.try_get("role")?;
    Ok((r.try_get("id")?, Role::from_code(&role).unwrap_or(Role::Reader)))
}

async fn insert_mail(tx: &mut sqlx::Transaction<'static, sqlx::Any>, mail: &NewMail) -> Result<(), sqlx::Error> {
    let now = now();
    sqlx::query(
        "INSERT INTO outbox (recipient, kind, subject, text_body, html_body, unsubscribe_url, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(mail.recipient.clone())
    .bind(mail.kind.clone())
    .bind(mail.subject.clone())
    .bind(mail.text.clone())
    .bind(mail.html.clone())
    .bind(mail.unsubscribe_url.clone())
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
