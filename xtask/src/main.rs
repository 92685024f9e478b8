//! Build helper: does what cargo-leptos would do, without its 20-minute install.
//!
//! `cargo xtask bundle` builds the `app` crate for wasm32 with the `hydrate` feature, runs
//! wasm-bindgen (as a library, so its version always equals the one in Cargo.lock), optionally
//! wasm-opt, then writes content-hashed files and their gzip/brotli twins to `target/site/pkg`,
//! with a `manifest.json` the server reads at start-up.
//! `cargo xtask run` builds the bundle and starts the portal; `cargo xtask test` builds the bundle
//! and runs the whole test suite.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use sha2::{Digest, Sha256};

#[derive(Parser)]
#[command(about = "Build helper for the Sunflower Exchange portal")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build the hydration bundle into target/site/pkg.
    Bundle {
        /// Build with the debug profile (faster, larger).
        #[arg(long)]
        dev: bool,
    },
    /// Build the bundle, then run `portal serve` with the shipped content.
    Run {
        /// Extra arguments for `portal serve`.
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Build the bundle, then run the whole test suite (cargo nextest, or cargo test).
    Test {
        /// Extra arguments for the test runner.
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let root = workspace_root();
    match cli.command {
        Cmd::Bundle { dev } => bundle(&root, !dev),
        Cmd::Run { args } => {
            npm_packages(&root);
            bundle(&root, true)?;
            let mut cmd = Command::new(cargo());
            cmd.current_dir(&root)
                .args(["run", "--release", "--package", "server", "--bin", "portal", "--", "serve"])
                .args(args);
            check(cmd.status()?, "portal serve")
        }
        Cmd::Test { args } => {
            npm_packages(&root);
            bundle(&root, true)?;
            let nextest =
                Command::new(cargo()).args(["nextest", "--version"]).output().is_ok_and(|o| o.status.success());
            let mut cmd = Command::new(cargo());
            cmd.current_dir(&root);
            if nextest {
                cmd.args(["nextest", "run", "--workspace", "--no-fail-fast"]);
            } else {
                cmd.args(["test", "--workspace", "--no-fail-fast"]);
            }
            cmd.args(args);
            check(cmd.status()?, "tests")
        }
    }
}

/// Installs the npm packages of `package.json` (wasm-opt for the bundle, axe-core for the
/// accessibility test) when they are missing, as on a fresh machine. Without npm the bundle is
/// left unoptimised and the accessibility test fails saying what it needs.
fn npm_packages(root: &Path) {
    let wanted = ["node_modules/.bin/wasm-opt", "node_modules/axe-core/axe.min.js"];
    if wanted.iter().all(|p| root.join(p).exists()) {
        return;
    }
    eprintln!("xtask: installing the npm packages of package.json (npm ci)");
    let ok = Command::new("npm")
        .current_dir(root)
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("xtask: `npm ci` did not succeed; wasm-opt and axe-core are missing");
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn check(status: ExitStatus, what: &str) -> Result<()> {
    if status.success() { Ok(()) } else { bail!("{what} failed ({status})") }
}

/// The compiler route for wasm32: rustup's target when it is (or can be) installed, otherwise
/// Debian's rustc-web with build-std (see README, "Building the hydration bundle").
enum WasmRoute {
    Rustup,
    Debian,
}

fn wasm_route() -> Result<WasmRoute> {
    let sysroot = Command::new("rustc").args(["--print", "sysroot"]).output()?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    if sysroot.join("lib/rustlib/wasm32-unknown-unknown").exists() {
        return Ok(WasmRoute::Rustup);
    }
    eprintln!("xtask: installing the wasm32-unknown-unknown target with rustup (2 min limit)");
    let mut child = Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]).spawn();
    if let Ok(child) = child.as_mut() {
        let started = std::time::Instant::now();
        loop {
            if let Some(status) = child.try_wait()? {
                if status.success() {
                    return Ok(WasmRoute::Rustup);
                }
                break;
            }
            if started.elapsed() > Duration::from_secs(120) {
                let _ = child.kill();
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    if Path::new("/usr/lib/rustlib/src/rust").exists() && Path::new("/usr/lib/llvm-19/bin/wasm-ld").exists() {
        eprintln!("xtask: rustup failed; using Debian's rustc-web with build-std");
        return Ok(WasmRoute::Debian);
    }
    bail!(
        "no wasm32 standard library: `rustup target add wasm32-unknown-unknown` failed and Debian's \
         fallback is missing (apt-get install rustc-web cargo-web rust-web-src lld-19)"
    )
}

fn bundle(root: &Path, release: bool) -> Result<()> {
    let route = wasm_route()?;
    let profile = if release { "wasm-release" } else { "dev" };
    let mut cmd = match route {
        WasmRoute::Rustup => Command::new(cargo()),
        WasmRoute::Debian => {
            let mut c = Command::new("/usr/bin/cargo");
            c.env("RUSTC", "/usr/bin/rustc")
                .env("RUSTDOC", "/usr/bin/rustdoc")
                .env("RUSTC_BOOTSTRAP", "1")
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", "/usr/lib/llvm-19/bin/wasm-ld");
            c
        }
    };
    // `cargo rustc --crate-type cdylib` keeps `app` an rlib for the server while letting LTO
    // apply to the wasm build (a cdylib+rlib crate cannot be fully LTO'd).
    cmd.current_dir(root).args([
        "rustc",
        "--package",
        "app",
        "--lib",
        "--crate-type",
        "cdylib",
        "--target",
        "wasm32-unknown-unknown",
        "--no-default-features",
        "--features",
        "hydrate",
        "--profile",
        profile,
    ]);
    if matches!(route, WasmRoute::Debian) {
        // A separate target dir keeps Debian's compiler from invalidating rustup's artefacts.
        cmd.args(["-Zbuild-std=std,panic_abort", "--target-dir", "target/debian-wasm"]);
    }
    // Host-only linker flags (mold) must not reach the wasm linker.
    cmd.env_remove("RUSTFLAGS");
    check(cmd.status().context("running cargo for wasm32")?, "wasm build")?;

    let target_dir = match route {
        WasmRoute::Rustup => root.join("target"),
        WasmRoute::Debian => root.join("target/debian-wasm"),
    };
    let profile_dir = if release { "wasm-release" } else { "debug" };
    let wasm_in = target_dir.join("wasm32-unknown-unknown").join(profile_dir).join("app.wasm");
    let staging = root.join("target/site/staging");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm_in)
        .out_name("app")
        .web(true)?
        .typescript(false)
        .generate(&staging)
        .context("wasm-bindgen")?;

    let wasm = staging.join("app_bg.wasm");
    // Kept with its function names for size reports (`twiggy top target/site/app.names.wasm`).
    std::fs::copy(&wasm, root.join("target/site/app.names.wasm"))?;
    if release {
        optimise(root, &wasm)?;
    }

    let pkg = root.join("target/site/pkg");
    let _ = std::fs::remove_dir_all(&pkg);
    std::fs::create_dir_all(&pkg)?;
    let wasm_bytes = std::fs::read(&wasm)?;
    let wasm_name = format!("app.{}.wasm", short_hash(&wasm_bytes));
    // The glue loads its wasm from the URL given to init(), so the hashed name only needs to be
    // known by the boot script, which reads it from data attributes the server writes.
    let js_bytes = std::fs::read(staging.join("app.js"))?;
    let js_name = format!("app.{}.js", short_hash(&js_bytes));
    write_with_twins(&pkg.join(&wasm_name), &wasm_bytes)?;
    write_with_twins(&pkg.join(&js_name), &js_bytes)?;
    let manifest = serde_json::json!({ "js": js_name, "wasm": wasm_name });
    std::fs::write(pkg.join("manifest.json"), serde_json::to_vec_pretty(&manifest)?)?;
    let _ = std::fs::remove_dir_all(&staging);
    let gz = std::fs::metadata(pkg.join(format!("{wasm_name}.gz")))?.len();
    let br = std::fs::metadata(pkg.join(format!("{wasm_name}.br")))?.len();
    eprintln!("xtask: bundle {} ({} bytes, gzip {gz}, brotli {br}) and {}", wasm_name, wasm_bytes.len(), js_name);
    Ok(())
}

/// Runs wasm-opt when a working one is around. Debian's binaryen 108 produces bundles that fail
/// at start-up, so only the npm build (binaryen >= 116, in node_modules) or an explicit
/// `WASM_OPT` is used; the browser tests then prove the optimised bundle starts.
fn optimise(root: &Path, wasm: &Path) -> Result<()> {
    let candidate = std::env::var_os("WASM_OPT")
        .map(PathBuf::from)
        .or_else(|| Some(root.join("node_modules/.bin/wasm-opt")).filter(|p| p.exists()));
    let Some(wasm_opt) = candidate else {
        eprintln!("xtask: wasm-opt not found (npm install in the workspace root adds it); skipping");
        return Ok(());
    };
    let out = wasm.with_extension("opt.wasm");
    let status = Command::new(&wasm_opt)
        .arg("-Oz")
        .arg("--enable-bulk-memory")
        .arg("--enable-nontrapping-float-to-int")
        .arg("--enable-sign-ext")
        .arg("--enable-mutable-globals")
        .arg(wasm)
        .arg("-o")
        .arg(&out)
        .status()
        .with_context(|| format!("running {}", wasm_opt.display()))?;
    check(status, "wasm-opt")?;
    std::fs::rename(&out, wasm)?;
    Ok(())
}

fn short_hash(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..8])
}

/// Writes a file plus `.gz` and `.br` copies, so the server can send pre-compressed assets.
fn write_with_twins(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    std::fs::write(append_ext(path, "gz"), gz.finish()?)?;
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(bytes)?;
    }
    std::fs::write(append_ext(path, "br"), br)?;
    Ok(())
}

fn append_ext(path: &Path, ext: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}
