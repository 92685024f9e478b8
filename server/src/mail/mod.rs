//! E-mail: optional, over SMTP with `lettre`. Nothing is sent from a request: requests record
//! notifications (see [`crate::notify`]) or put a message in the outbox, and a worker on each
//! node turns notifications into letters, sends digests when due, and sends the outbox with
//! retries. Claims in the database (one UPDATE each) make several nodes send a message once.
//!
//! Without `--smtp-url` the portal works as before: notifications still appear in the portal,
//! no worker runs, and the admin pages say e-mail is off.

mod compose;
mod digest;
mod words;

use std::sync::Arc;
use std::time::Duration;

use app::i18n::{fill, role_label};
use app::model::{Lang, Role, Viewer};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub use self::compose::{Letter, Link};
use self::words::words;
use crate::catalog::Catalog;
use crate::db::{NotificationRow, OutboxRow, Recipient, Store, now};

/// A message is given up this long after it was queued.
const GIVE_UP_AFTER: i64 = 86_400;
/// How long a worker holds a message it is sending.
const CLAIM_SECONDS: i64 = 120;

/// Settings from the command line.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `smtp://user:pass@host:587` (STARTTLS), `smtps://...` (TLS); `None`: e-mail is off.
    pub smtp_url: Option<String>,
    /// The sender, `Name <address>` or an address.
    pub from: Option<String>,
    /// How often the worker looks for work.
    pub poll: Duration,
    /// The first wait after a failed attempt; it doubles each time, up to an hour.
    pub retry_base: Duration,
}

struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// The portal's e-mail: off, or a sender and its worker's settings.
pub struct Mail {
    sender: Option<Sender>,
    base_url: String,
    poll: Duration,
    retry_base: i64,
}

/// The transport for a URL. A plain `smtp://` URL to another machine uses STARTTLS and
/// refuses to go on without it (credentials never travel in clear), unless the URL says
/// `?tls=opportunistic`; to this machine (a local relay, or the test server) it is plain.
fn transport(url: &str) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let url = with_tls_rule(url)?;
    Ok(AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
        .map_err(|e| anyhow::anyhow!("the SMTP URL cannot be used: {e}"))?
        .timeout(Some(Duration::from_secs(20)))
        .build())
}

impl Mail {
    /// E-mail off.
    pub fn off(base_url: &str) -> Mail {
        Mail { sender: None, base_url: base_url.to_string(), poll: Duration::from_secs(5), retry_base: 30 }
    }

    /// E-mail as the settings say (off without an SMTP URL).
    ///
    /// # Errors
    /// When the URL or the sender address cannot be used.
    pub fn new(settings: &MailSettings, base_url: &str) -> anyhow::Result<Mail> {
        let mut mail = Mail::off(base_url);
        mail.poll = settings.poll;
        mail.retry_base = settings.retry_base.as_secs().max(1) as i64;
        let Some(url) = settings.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) else { return Ok(mail) };
        let from = settings.from.as_deref().unwrap_or("Sunflower Exchange <portal@localhost>");
        let from: Mailbox = from.parse().map_err(|e| anyhow::anyhow!("--mail-from `{from}` is not an address: {e}"))?;
        mail.sender = Some(Sender { transport: transport(url.trim())?, from });
        Ok(mail)
    }

    pub fn is_on(&self) -> bool {
        self.sender.is_some()
    }

    /// Starts the worker on this node (when e-mail is on).
    pub fn start(self: &Arc<Self>, store: Store) {
        if !self.is_on() {
            return;
        }
        let mail = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = mail.round(&store).await {
                    tracing::warn!(error = %e, "the mail worker's round failed; it tries again");
                }
                tokio::time::sleep(mail.poll).await;
            }
        });
    }

    /// One round of the worker: letters for new notifications, due digests, then the outbox.
    ///
    /// # Errors
    /// On database errors (a failed send is recorded, not returned).
    pub async fn round(&self, store: &Store) -> anyhow::Result<()> {
        self.letters_for_notifications(store).await?;
        self.digests(store).await?;
        self.send_due(store).await
    }

    fn url(&self, lang: Lang, path: &str) -> String {
        format!("{}/{lang}{path}", self.base_url)
    }

    /// The footer links of a member's letter: their account, and one-click unsubscribes.
    async fn footer(&self, store: &Store, letter: &mut Letter, r: &Recipient, kind: &str) -> anyhow::Result<()> {
        let key = match &r.unsubscribe_key {
            Some(k) => k.clone(),
            None => store.unsubscribe_key(r.id, &fresh_key()).await?,
        };
        let lang = letter.lang;
        letter.account_url = Some(self.url(lang, "/account#mail"));
        let all = self.url(lang, &format!("/unsubscribe/{key}"));
        letter.unsubscribe = Some((format!("{all}?kind={kind}"), all));
        Ok(())
    }

    /// An invitation, in the language the inviter chose.
    ///
    /// # Errors
    /// When the outbox cannot be written.
    pub async fn invitation(
        &self,
        store: &Store,
        to: &str,
        lang: Lang,
        role: Role,
        days: i64,
        token: &str,
    ) -> anyhow::Result<()> {
        let w = words(lang);
        let mut letter = Letter::new(lang, "invitation", to, w.invitation_subject.to_string());
        let days = days.to_string();
        letter.intro.push(fill(w.invitation_intro, &[("role", role_label(lang, role)), ("days", &days)]));
        letter.action = Some(Link {
            label: w.invitation_action.into(),
            url: self.url(lang, &format!("/invite/{token}")),
            note: None,
        });
        store.enqueue_mail(&letter.render()).await?;
        Ok(())
    }

    /// A password-reset link, in the member's language.
    ///
    /// # Errors
    /// When the outbox cannot be written.
    pub async fn reset(&self, store: &Store, user_id: i64, token: &str) -> anyhow::Result<()> {
        let Some(r) = store.recipient(user_id).await? else { return Ok(()) };
        let lang = r.choices.language.unwrap_or(Lang::En);
        let w = words(lang);
        let mut letter = Letter::new(lang, "reset", &r.email, w.reset_subject.to_string());
        letter.name = Some(r.name.clone());
        letter.intro.push(w.reset_intro.to_string());
        letter.action =
            Some(Link { label: w.reset_action.into(), url: self.url(lang, &format!("/reset/{token}")), note: None });
        letter.outro.push(w.reset_ignore.to_string());
        store.enqueue_mail(&letter.render()).await?;
        Ok(())
    }

    /// Turns new notifications into letters, for members who want that kind by e-mail and
    /// may still read what it is about.
    async fn letters_for_notifications(&self, store: &Store) -> anyhow::Result<()> {
        loop {
            let batch = store.unmailed_notifications(50).await?;
            if batch.is_empty() {
                return Ok(());
            }
            for n in &batch {
                // Older than a day (e-mail was off, or this node was down): the portal's list
                // has it; a late e-mail would only confuse.
                if now() - n.created_at > GIVE_UP_AFTER {
                    store.mail_notification(n.id, None).await?;
                    continue;
                }
                let letter = self.notification_letter(store, n).await?;
                store.mail_notification(n.id, letter.map(|l| l.render()).as_ref()).await?;
            }
        }
    }

    async fn notification_letter(&self, store: &Store, n: &NotificationRow) -> anyhow::Result<Option<Letter>> {
        let Some(r) = store.recipient(n.user_id).await? else { return Ok(None) };
        let wanted = match n.kind.as_str() {
            "reply" => r.choices.replies,
            "mention" => r.choices.mentions,
            _ => r.choices.reviews,
        };
        if !wanted || !may_read(store, &r, n.doc_slug.as_deref()).await {
            return Ok(None);
        }
        let lang = r.choices.language.unwrap_or(Lang::En);
        let w = words(lang);
        let (subject, intro, kind) = match n.kind.as_str() {
            "reply" => (w.reply_subject, w.reply_intro, "replies"),
            "mention" => (w.mention_subject, w.mention_intro, "mentions"),
            "review" => (w.review_subject, w.review_intro, "reviews"),
            "approved" => (w.approved_subject, w.approved_intro, "reviews"),
            _ => (w.returned_subject, w.returned_intro, "reviews"),
        };
        let values = [("actor", n.actor.as_str()), ("title", n.title.as_str())];
        let mut letter = Letter::new(lang, kind, &r.email, fill(subject, &values));
        letter.name = Some(r.name.clone());
        letter.intro.push(fill(intro, &values));
        letter.action = Some(Link { label: w.open_link.into(), url: self.url(lang, &n.path), note: None });
        self.footer(store, &mut letter, &r, kind).await?;
        Ok(Some(letter))
    }

    /// Sends what is due. Each message is claimed first, so a message another node holds is
    /// left to it.
    async fn send_due(&self, store: &Store) -> anyhow::Result<()> {
        let Some(sender) = &self.sender else { return Ok(()) };
        for row in store.due_mail(50).await? {
            if !store.claim_mail(row.id, CLAIM_SECONDS).await? {
                continue;
            }
            match self.send(sender, &row).await {
                Ok(()) => store.mail_sent(row.id).await?,
                Err((error, permanent)) => {
                    let late = now() - row.created_at > GIVE_UP_AFTER;
                    let wait = (self.retry_base << row.attempts.clamp(0, 12)).min(3600);
                    let retry = (!permanent && !late).then(|| now() + wait);
                    tracing::warn!(id = row.id, attempts = row.attempts + 1, given_up = retry.is_none(), %error, "sending an e-mail failed");
                    store.mail_failed(row.id, &error, retry).await?;
                }
            }
        }
        Ok(())
    }

    /// One message over SMTP; the error says whether trying again could help.
    async fn send(&self, sender: &Sender, row: &OutboxRow) -> Result<(), (String, bool)> {
        let m = &row.mail;
        let to: Mailbox = m.recipient.parse().map_err(|e| (format!("recipient address: {e}"), true))?;
        let host = url::Url::parse(&self.base_url).ok().and_then(|u| u.host_str().map(str::to_string));
        let mut builder = Message::builder()
            .from(sender.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .message_id(Some(format!("<outbox-{}@{}>", row.id, host.unwrap_or_else(|| "localhost".into()))));
        if let Some(url) = &m.unsubscribe_url {
            // RFC 2369 and RFC 8058: mail programs offer "unsubscribe", and may do it with one
            // POST to this address, without signing in.
            builder = builder
                .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(m.text.clone(), m.html.clone()))
            .map_err(|e| (format!("building the message: {e}"), true))?;
        sender.transport.send(message).await.map(|_| ()).map_err(|e| (e.to_string(), e.is_permanent()))
    }
}

/// The URL as lettre takes it: `smtp://` to another machine gets `tls=required` unless it
/// says otherwise.
fn with_tls_rule(url: &str) -> anyhow::Result<String> {
    let parsed = url::Url::parse(url).map_err(|e| anyhow::anyhow!("the SMTP URL cannot be read: {e}"))?;
    let local = matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    Ok(if parsed.scheme() == "smtp" && !local && !parsed.query_pairs().any(|(k, _)| k == "tls") {
        format!("{url}{}tls=required", if url.contains('?') { '&' } else { '?' })
    } else {
        url.to_string()
    })
}

/// Whether `s` is an address a message can be sent to.
pub fn valid_address(s: &str) -> bool {
    s.parse::<lettre::Address>().is_ok()
}

/// Whether the member may read the document a notification is about (always, without one).
async fn may_read(store: &Store, r: &Recipient, doc_slug: Option<&str>) -> bool {
    Catalog::new(store, &Viewer { user_id: Some(r.id), role: Some(r.role) }).may_read_about(doc_slug).await
}

/// A new unsubscribe key: 128 random bits, hex.
fn fresh_key() -> String {
    let bytes: [u8; 16] = rand::random();
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    // In a runtime: lettre's connection pool starts a task.
    #[tokio::test]
    async fn credentials_to_another_machine_never_travel_in_clear() {
        assert_eq!(
            with_tls_rule("smtp://u:p@mail.example.org:587").unwrap(),
            "smtp://u:p@mail.example.org:587?tls=required"
        );
        assert_eq!(
            with_tls_rule("smtp://mail.example.org?tls=opportunistic").unwrap(),
            "smtp://mail.example.org?tls=opportunistic"
        );
        assert_eq!(with_tls_rule("smtps://u:p@mail.example.org").unwrap(), "smtps://u:p@mail.example.org");
        assert_eq!(with_tls_rule("smtp://127.0.0.1:2525").unwrap(), "smtp://127.0.0.1:2525");
        assert!(with_tls_rule("not a url").is_err());
        // lettre accepts each form the rule produces.
        for url in ["smtp://u:p@mail.example.org:587", "smtps://mail.example.org", "smtp://localhost:25"] {
            assert!(transport(url).is_ok(), "{url}");
        }
    }
}
