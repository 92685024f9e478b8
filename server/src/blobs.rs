//! Attachment bytes, stored content-addressed in the data dir (`blobs/ab/abcdef...`): the same
//! file attached twice is stored once, and a stored file never changes under its name.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

#[derive(Clone, Debug)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    pub fn new(data_dir: &Path) -> BlobStore {
        BlobStore { root: data_dir.join("blobs") }
    }

    /// Stores `bytes` and returns their SHA-256 (hex).
    ///
    /// # Errors
    /// When the data dir cannot be written.
    pub async fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let hash = sha256_hex(bytes);
        let path = self.path_of(&hash).expect("a fresh hash is well-formed");
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(hash);
        }
        let dir = path.parent().expect("blob paths have a parent");
        tokio::fs::create_dir_all(dir).await?;
        // Write then rename, so a reader never sees half a file.
        let tmp = dir.join(format!(".{hash}.{}.tmp", std::process::id()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
        Ok(hash)
    }

    /// Where the blob with this hash lives; `None` for anything that is not a SHA-256 in hex.
    pub fn path_of(&self, hash: &str) -> Option<PathBuf> {
        let well_formed = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        well_formed.then(|| self.root.join(&hash[..2]).join(hash))
    }

    /// Reads a blob.
    ///
    /// # Errors
    /// When it is missing or unreadable.
    pub async fn read(&self, hash: &str) -> std::io::Result<Vec<u8>> {
        let path = self
            .path_of(hash)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a blob hash"))?;
        tokio::fs::read(path).await
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
