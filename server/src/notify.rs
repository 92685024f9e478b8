//! Notifications: what happens that concerns someone (a reply in a thread they take part in
//! or follow, an `@name` mention, a submission waiting for their review, the outcome of their
//! own submission) is recorded for them, once, if they may read what it is about. The portal
//! lists them at `/{lang}/notifications`; the mail worker ([`crate::mail`]) e-mails them to
//! members who chose to be told by e-mail.
//!
//! A post or a review has already happened when these run: a failure to record a
//! notification is logged and does not undo it or fail the request.

use app::model::{Role, Viewer};

use crate::auth::Session;
use crate::catalog::Catalog;
use crate::db::{NewNotification, PostRow, Store, ThreadRow};

/// After a new thread or a reply.
/// `address` is the post's address in English (`/en/threads/4#post-9`).
pub async fn posted(store: &Store, session: &Session, thread: &ThreadRow, post: &PostRow, address: &str) {
    if let Err(e) = record_post(store, session, thread, post, address).await {
        tracing::warn!(error = %e, thread = thread.id, "recording reply notifications failed");
    }
}

/// After a submission for review: every reviewer but its author.
pub async fn submitted(store: &Store, session: &Session, document_id: i64, title: &str) {
    let outcome = async {
        let list: Vec<NewNotification> = store
            .reviewers()
            .await?
            .into_iter()
            .filter(|(id, _)| *id != session.user.id)
            .map(|(id, _)| NewNotification {
                user_id: id,
                kind: "review",
                actor: session.user.name.clone(),
                title: title.to_string(),
                path: format!("/editor/{document_id}/review"),
                doc_slug: None,
            })
            .collect();
        store.add_notifications(&list).await
    };
    if let Err(e) = outcome.await {
        tracing::warn!(error = %e, document_id, "recording review notifications failed");
    }
}

/// After a review decision: the one who submitted it, unless they decided it themselves.
pub async fn reviewed(store: &Store, session: &Session, document_id: i64, title: &str, author: i64, approved: bool) {
    if author == session.user.id {
        return;
    }
    let n = NewNotification {
        user_id: author,
        kind: if approved { "approved" } else { "returned" },
        actor: session.user.name.clone(),
        title: title.to_string(),
        path: format!("/editor/{document_id}"),
        doc_slug: None,
    };
    if let Err(e) = store.add_notifications(&[n]).await {
        tracing::warn!(error = %e, document_id, "recording a review outcome notification failed");
    }
}

async fn record_post(
    store: &Store,
    session: &Session,
    thread: &ThreadRow,
    post: &PostRow,
    address: &str,
) -> anyhow::Result<()> {
    // Most posts mention nobody: the member list is read only for those with an `@`.
    let mentioned =
        if post.body.contains('@') { mentions(&post.body, &store.member_names().await?) } else { Vec::new() };
    let audience = store.thread_audience(thread.id).await?;
    let path = address.strip_prefix("/en").unwrap_or(address).to_string();
    let mut list = Vec::new();
    let mut told = std::collections::HashSet::new();
    // A mention says more than a reply: someone mentioned and following is told once, of the
    // mention.
    let wanted = mentioned
        .iter()
        .map(|(id, role)| (*id, *role, "mention"))
        .chain(audience.iter().map(|(id, role)| (*id, *role, "reply")));
    for (id, role, kind) in wanted {
        if id == session.user.id || !told.insert(id) || !may_read(store, id, role, thread.doc_slug.as_deref()).await {
            continue;
        }
        list.push(NewNotification {
            user_id: id,
            kind,
            actor: session.user.name.clone(),
            title: thread.title.clone(),
            path: path.clone(),
            doc_slug: thread.doc_slug.clone(),
        });
    }
    store.add_notifications(&list).await?;
    Ok(())
}

async fn may_read(store: &Store, user_id: i64, role: Role, doc_slug: Option<&str>) -> bool {
    Catalog::new(store, &Viewer { user_id: Some(user_id), role: Some(role) }).may_read_about(doc_slug).await
}

/// The members a post mentions: `@` then a member's name as shown (spaces and all, any case),
/// not inside a word, and not followed by more of a word. The longest name wins, so
/// `@Aida Sadykova` is not taken for `@Aida`.
pub fn mentions(body: &str, members: &[(i64, String, Role)]) -> Vec<(i64, Role)> {
    let mut found: Vec<(i64, Role)> = Vec::new();
    let lower = body.to_lowercase();
    for (at, _) in lower.match_indices('@') {
        let before = lower[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // an e-mail address, not a mention
        }
        let rest = &lower[at + 1..];
        let best = members
            .iter()
            .filter(|(_, name, _)| {
                let name = name.trim().to_lowercase();
                !name.is_empty()
                    && rest.starts_with(&name)
                    && !rest[name.len()..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
            .max_by_key(|(_, name, _)| name.trim().len());
        if let Some((id, _, role)) = best
            && !found.iter().any(|(f, _)| f == id)
        {
            found.push((*id, *role));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_take_whole_names_and_skip_addresses() {
        let members = vec![
            (1, "Aida".to_string(), Role::Reader),
            (2, "Aida Sadykova".to_string(), Role::Editor),
            (3, "김민지".to_string(), Role::Reader),
            (4, "Bo".to_string(), Role::Reader),
        ];
        let ids = |body: &str| mentions(body, &members).into_iter().map(|(id, _)| id).collect::<Vec<_>>();
        assert_eq!(ids("Thanks @aida sadykova, and @Aida."), vec![2, 1]);
        assert_eq!(ids("@김민지 님 감사합니다"), vec![3]);
        assert_eq!(ids("write to bo@example.org"), Vec::<i64>::new());
        assert_eq!(ids("@Bob is not Bo"), Vec::<i64>::new());
        assert_eq!(ids("@Bo @Bo"), vec![4]);
    }
}
