//! Static assets: the stylesheet, icon and boot script are compiled into the binary and served
//! under content-hashed names (cached for a year); the hydration bundle is read from the site
//! dir that `cargo xtask bundle` fills, with its pre-compressed twins.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use app::components::layout::Shell;
use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::blobs::sha256_hex;
use crate::error::Error;

const STYLESHEET: &str = include_str!("../../style/main.css");
const ICON: &str = include_str!("assets/icon.svg");
const BOOT_TEMPLATE: &str = include_str!("assets/boot.js");

/// One embedded file.
#[derive(Clone, Debug)]
pub struct StaticFile {
    pub bytes: Bytes,
    pub content_type: &'static str,
}

/// The assets of this process.
#[derive(Debug)]
pub struct Assets {
    pub shell: Shell,
    files: HashMap<String, StaticFile>,
    /// `{site_dir}/pkg`, when a bundle was found there.
    pub pkg_dir: Option<PathBuf>,
}

/// The file names of a built bundle, as `cargo xtask bundle` writes them to `manifest.json`.
#[derive(Debug, serde::Deserialize)]
struct Manifest {
    js: String,
    wasm: String,
}

impl Assets {
    /// Loads the embedded assets and looks for a bundle under `site_dir`.
    pub fn load(site_dir: &Path, quick_exit_url: &str) -> Assets {
        let pkg_dir = site_dir.join("pkg");
        let manifest = std::fs::read_to_string(pkg_dir.join("manifest.json"))
            .ok()
            .and_then(|s| serde_json::from_str::<Manifest>(&s).ok())
            .filter(|m| pkg_dir.join(&m.js).is_file() && pkg_dir.join(&m.wasm).is_file());
        if manifest.is_none() {
            tracing::warn!(
                site_dir = %site_dir.display(),
                "no hydration bundle found (run `cargo xtask bundle`); pages work without it"
            );
        }
        let bundle = manifest
            .as_ref()
            .map(|m| serde_json::json!({ "js": format!("/pkg/{}", m.js), "wasm": format!("/pkg/{}", m.wasm) }))
            .unwrap_or(serde_json::Value::Null);
        let boot = BOOT_TEMPLATE.replace("__BUNDLE__", &bundle.to_string());

        let mut files = HashMap::new();
        let css_href = add(&mut files, "main", "css", STYLESHEET.as_bytes(), "text/css; charset=utf-8");
        let icon_href = add(&mut files, "icon", "svg", ICON.as_bytes(), "image/svg+xml");
        let boot_href = add(&mut files, "boot", "js", boot.as_bytes(), "text/javascript; charset=utf-8");
        Assets {
            shell: Shell {
                css_href,
                boot_href: Some(boot_href),
                icon_href,
                quick_exit_url: quick_exit_url.to_string(),
            },
            files,
            pkg_dir: manifest.map(|_| pkg_dir),
        }
    }

    pub fn get(&self, name: &str) -> Option<&StaticFile> {
        self.files.get(name)
    }
}

fn add(
    files: &mut HashMap<String, StaticFile>,
    stem: &str,
    ext: &str,
    bytes: &[u8],
    content_type: &'static str,
) -> String {
    let name = format!("{stem}.{}.{ext}", &sha256_hex(bytes)[..12]);
    files.insert(name.clone(), StaticFile { bytes: Bytes::copy_from_slice(bytes), content_type });
    format!("/assets/{name}")
}

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");

async fn embedded(State(assets): State<Arc<Assets>>, UrlPath(name): UrlPath<String>) -> Result<Response, Error> {
    let file = assets.get(&name).ok_or(Error::NotFound)?;
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type)), (header::CACHE_CONTROL, IMMUTABLE)],
        file.bytes.clone(),
    )
        .into_response())
}

/// `/assets/*` (embedded) and `/pkg/*` (the bundle, when there is one).
pub fn router<S>(assets: Arc<Assets>) -> Router<S> {
    let mut r = Router::new().route("/assets/{name}", get(embedded));
    if let Some(dir) = &assets.pkg_dir {
        r = r.nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, IMMUTABLE))
                .service(ServeDir::new(dir).precompressed_br().precompressed_gzip()),
        );
    }
    r.with_state(assets)
}
