//! Display names of tags per language. A tag's key (its address) never changes; its words come
//! from `content/tags.yaml` (which wins) or from the first document that wrote it in words.

use app::model::Lang;
use sqlx::Row;

use super::Store;

/// One tag's words in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagLabel {
    pub tag: String,
    pub language: Lang,
    pub label: String,
}

impl Store {
    /// Words a document used for its tags, kept unless the tag already has words in `language`.
    pub async fn add_tag_labels(&self, language: Lang, labels: &[(String, String)]) -> Result<(), sqlx::Error> {
        for (tag, label) in labels {
            sqlx::query(
                "INSERT INTO tag_labels (tag, language, label) VALUES ($1, $2, $3) \
                 ON CONFLICT (tag, language) DO NOTHING",
            )
            .bind(tag.clone())
            .bind(language.code())
            .bind(label.clone())
            .execute(self.pool())
            .await?;
        }
        Ok(())
    }

    /// The labels of the content folder's `tags.yaml`, replacing what was there for those tags.
    pub async fn set_tag_labels(&self, labels: &[TagLabel]) -> Result<(), sqlx::Error> {
        let mut tx = self.begin_write().await?;
        for l in labels {
            sqlx::query(
                "INSERT INTO tag_labels (tag, language, label) VALUES ($1, $2, $3) \
                 ON CONFLICT (tag, language) DO UPDATE SET label = excluded.label",
            )
            .bind(l.tag.clone())
            .bind(l.language.code())
            .bind(l.label.clone())
            .execute(&mut *tx.tx)
            .await?;
        }
        tx.commit().await
    }

    /// Every tag's words in every language it has them in.
    pub async fn tag_labels(&self) -> Result<Vec<TagLabel>, sqlx::Error> {
        let rows = sqlx::query("SELECT tag, language, label FROM tag_labels ORDER BY tag, language")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .filter_map(|r| {
                let language: String = match r.try_get("language") {
                    Ok(l) => l,
                    Err(e) => return Some(Err(e)),
                };
                let language = Lang::from_code(&language)?;
                Some(Ok(TagLabel { tag: r.try_get("tag").ok()?, language, label: r.try_get("label").ok()? }))
            })
            .collect()
    }
}
