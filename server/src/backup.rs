//! Backups: `portal backup <file>` writes one `.tar.gz` with a consistent copy of the
//! database and every attachment blob, while the portal keeps serving; `portal restore <file>`
//! brings it back in an empty data dir (on a new machine, say). The search index is not in
//! the backup: it is rebuilt from the database at the next start.
//!
//! SQLite is copied with `VACUUM INTO`, a transactionally consistent snapshot that does not
//! stop readers or writers for longer than one write. PostgreSQL is backed up with its own
//! tools (`pg_dump`); the backup then holds the blobs only, which the manifest says.
//!
//! Blobs are content-addressed and written before any revision refers to them, so copying them
//! after the database snapshot includes every blob the snapshot needs (and maybe a few newer
//! ones, which are harmless).

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};

use crate::blobs::sha256_hex;
use crate::db::{Backend, Store};

/// The format of the archive's layout, checked on restore.
const FORMAT: u32 = 1;
const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "portal.db";

/// What a backup holds, written as `manifest.json` at the top of the archive.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: u32,
    /// Seconds since the epoch when the snapshot was taken.
    pub created_at: i64,
    /// `sqlite` (the database is in the archive) or `postgres` (blobs only: use pg_dump).
    pub database: String,
    pub blobs: usize,
    pub portal_version: String,
}

/// Writes a backup of the database (SQLite) and the blobs of `data_dir` to `file`.
///
/// # Errors
/// When the snapshot or the archive cannot be written (nothing is left at `file` then).
pub async fn backup(store: &Store, data_dir: &Path, file: &Path) -> anyhow::Result<Manifest> {
    let work = data_dir.join(format!(".backup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
    let result = async {
        let snapshot = work.join(DATABASE);
        let database = match store.backend() {
            Backend::Sqlite => {
                store.snapshot_into(&snapshot).await.context("copying the database (VACUUM INTO)")?;
                "sqlite"
            }
            Backend::Postgres => "postgres",
        };
        let (data_dir, file, snapshot) = (data_dir.to_path_buf(), file.to_path_buf(), snapshot.clone());
        tokio::task::spawn_blocking(move || write_archive(&data_dir, &file, database, &snapshot)).await?
    }
    .await;
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn blob_files(data_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let root = data_dir.join("blobs");
    let mut out = Vec::new();
    if !root.exists() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy();
        // Half-written uploads (`.hash.pid.tmp`) are not blobs yet.
        if entry.file_type().is_file() && !name.starts_with('.') {
            out.push(entry.path().to_path_buf());
        }
    }
    Ok(out)
}

fn write_archive(data_dir: &Path, file: &Path, database: &str, snapshot: &Path) -> anyhow::Result<Manifest> {
    let blobs = blob_files(data_dir)?;
    let manifest = Manifest {
        format: FORMAT,
        created_at: crate::db::now(),
        database: database.into(),
        blobs: blobs.len(),
        portal_version: env!("CARGO_PKG_VERSION").into(),
    };
    let partial = file.with_extension("partial");
    let out = File::create(&partial).with_context(|| format!("creating {}", partial.display()))?;
    let mut tar = tar::Builder::new(GzEncoder::new(BufWriter::new(out), Compression::default()));
    let json = serde_json::to_vec_pretty(&manifest)?;
    let mut header = tar::Header::new_gnu();
    header.set_size(json.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(manifest.created_at as u64);
    tar.append_data(&mut header, MANIFEST, json.as_slice())?;
    if database == "sqlite" {
        tar.append_path_with_name(snapshot, DATABASE)?;
    }
    for blob in &blobs {
        let rel = blob.strip_prefix(data_dir)?;
        tar.append_path_with_name(blob, rel)?;
    }
    tar.into_inner()?.finish()?;
    std::fs::rename(&partial, file).with_context(|| format!("moving the backup to {}", file.display()))?;
    Ok(manifest)
}

/// Restores a backup: the blobs into `data_dir`, and the database into `database_file` when
/// the portal uses SQLite (`None` for PostgreSQL). Refuses to overwrite an existing database
/// unless `force`; every blob is checked against its name (its SHA-256) before it is kept.
///
/// # Errors
/// A missing or unreadable archive, an unknown format, an existing database, a blob whose
/// content does not match its name.
pub fn restore(file: &Path, data_dir: &Path, database_file: Option<&Path>, force: bool) -> anyhow::Result<Manifest> {
    let restore_database = database_file.is_some();
    if let Some(db) = database_file
        && db.exists()
        && !force
    {
        bail!("{} already exists; restore into an empty data dir, or add --force to replace it", db.display());
    }
    std::fs::create_dir_all(data_dir)?;
    let open = || -> anyhow::Result<tar::Archive<GzDecoder<BufReader<File>>>> {
        let f = File::open(file).with_context(|| format!("opening {}", file.display()))?;
        Ok(tar::Archive::new(GzDecoder::new(BufReader::new(f))))
    };
    let mut manifest: Option<Manifest> = None;
    let staging = data_dir.join(format!(".restore-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging)?;
    for entry in open()?.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.into_owned();
        if path == Path::new(MANIFEST) {
            let m: Manifest = serde_json::from_reader(&mut entry).context("reading the manifest")?;
            if m.format != FORMAT {
                bail!("this backup has format {}, this portal reads format {FORMAT}", m.format);
            }
            manifest = Some(m);
        } else if path == Path::new(DATABASE) {
            if restore_database {
                entry.unpack(staging.join(DATABASE))?;
            }
        } else if path.starts_with("blobs") {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes)?;
            if sha256_hex(&bytes) != name {
                bail!("the blob {} does not match its content: the backup is damaged", path.display());
            }
            let dest = data_dir.join("blobs").join(&name[..2]).join(&name);
            std::fs::create_dir_all(dest.parent().expect("blob paths have a parent"))?;
            std::fs::write(dest, bytes)?;
        } else {
            bail!("unexpected file {} in the backup", path.display());
        }
    }
    let manifest = manifest.context("the archive has no manifest: not a portal backup")?;
    if let Some(db) = database_file {
        if manifest.database != "sqlite" {
            bail!("this backup holds no database (it was taken from PostgreSQL: restore that with pg_restore)");
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        std::fs::copy(staging.join(DATABASE), db).with_context(|| format!("writing {}", db.display()))?;
        // The index describes the old database: rebuilt from the restored one at the next start.
        let _ = std::fs::remove_dir_all(data_dir.join("search"));
        // The list pages' library file, derived like the index, describes the old database.
        let _ = std::fs::remove_file(data_dir.join("library.json"));
    }
    let _ = std::fs::remove_dir_all(&staging);
    Ok(manifest)
}
