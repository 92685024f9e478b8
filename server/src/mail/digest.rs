//! The digest: once a day or once a week (each member's choice), what was published and
//! which discussions were active since their last one, only what they may read at the moment
//! it is composed. Nothing new: no digest (the mark still moves on).

use app::i18n::fill;
use app::model::{Lang, Viewer};

use super::words::words;
use super::{Letter, Link, Mail, may_read};
use crate::db::{PublishedLately, Recipient, Store, now};

impl Mail {
    /// Sends every digest that is due. A node claims a member's digest by moving their mark,
    /// so on several nodes it is composed once.
    pub(super) async fn digests(&self, store: &Store) -> anyhow::Result<()> {
        let now = now();
        for r in store.digests_due(now).await? {
            if !store.claim_digest(r.id, r.digest_at, now).await? {
                continue;
            }
            let since = r.digest_at.unwrap_or(r.created_at);
            if let Some(letter) = self.digest_letter(store, &r, since).await? {
                store.enqueue_mail(&letter.render()).await?;
            }
        }
        Ok(())
    }

    async fn digest_letter(&self, store: &Store, r: &Recipient, since: i64) -> anyhow::Result<Option<Letter>> {
        let lang = r.choices.language.unwrap_or(Lang::En);
        let w = words(lang);
        let viewer = Viewer { user_id: Some(r.id), role: Some(r.role) };
        // One line per document, newest first: its version in the member's language, else the
        // original, else any.
        let mut sets: Vec<(String, Vec<PublishedLately>)> = Vec::new();
        for d in store.published_since(since, viewer.visibilities()).await? {
            match sets.iter_mut().find(|(slug, _)| *slug == d.slug) {
                Some((_, versions)) => versions.push(d),
                None => sets.push((d.slug.clone(), vec![d])),
            }
        }
        let documents: Vec<Link> = sets
            .iter()
            .filter_map(|(slug, versions)| {
                let pick = versions
                    .iter()
                    .find(|v| v.language == lang)
                    .or_else(|| versions.iter().find(|v| v.is_original))
                    .or(versions.first())?;
                Some(Link { label: pick.title.clone(), url: self.url(lang, &format!("/doc/{slug}")), note: None })
            })
            .collect();
        let mut threads = Vec::new();
        for t in store.threads_active_since(since).await? {
            if may_read(store, r, t.doc_slug.as_deref()).await {
                let n = t.new_posts.to_string();
                threads.push(Link {
                    label: t.title,
                    url: self.url(lang, &format!("/threads/{}", t.id)),
                    note: Some(fill(w.new_posts, &[("n", &n)])),
                });
            }
        }
        if documents.is_empty() && threads.is_empty() {
            return Ok(None);
        }
        let mut letter = Letter::new(lang, "digest", &r.email, w.digest_subject.to_string());
        letter.name = Some(r.name.clone());
        let daily = r.choices.digest == crate::db::Digest::Daily;
        letter.intro.push(if daily { w.digest_intro_daily } else { w.digest_intro_weekly }.to_string());
        if !documents.is_empty() {
            letter.lists.push((w.digest_documents.to_string(), documents));
        }
        if !threads.is_empty() {
            letter.lists.push((w.digest_threads.to_string(), threads));
        }
        self.footer(store, &mut letter, r, "digest").await?;
        Ok(Some(letter))
    }
}
