//! What each subcommand does.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use crate::assets::Assets;
use crate::blobs::BlobStore;
use crate::config::{Cli, Command, GlobalOptions, ServeOptions, UserCommand};
use crate::content::import::import_dir;
use crate::db::Store;
use crate::search::SearchIndex;
use crate::state::{AppState, Settings};
use app::model::Role;

pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_target(false).init();
}

/// Opens the data dir and database named by the global options.
pub async fn open(global: &GlobalOptions) -> anyhow::Result<(Store, BlobStore)> {
    std::fs::create_dir_all(&global.data_dir)
        .with_context(|| format!("creating the data dir {}", global.data_dir.display()))?;
    let url = global.database_url();
    if let Some(file) = crate::db::sqlite_file(&url) {
        check_sqlite_folder(&file)?;
    }
    let store = Store::connect(&url).await.context("opening the database")?;
    Ok((store, BlobStore::new(&global.data_dir)))
}

/// Says clearly why a SQLite file cannot be created, instead of SQLite's "unable to open
/// database file".
fn check_sqlite_folder(file: &Path) -> anyhow::Result<()> {
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !folder.is_dir() {
        anyhow::bail!(
            "the folder {} for the SQLite database {} does not exist: create it, or name another file in DATABASE_URL",
            folder.display(),
            file.display()
        );
    }
    if !file.exists() {
        let probe = folder.join(format!(".portal-write-test-{}", std::process::id()));
        std::fs::write(&probe, b"").map_err(|e| {
            anyhow::anyhow!(
                "the folder {} is not writable ({e}), so the database cannot be created there",
                folder.display()
            )
        })?;
        let _ = std::fs::remove_file(&probe);
    }
    Ok(())
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    run_with_input(cli, &mut std::io::BufReader::new(std::io::stdin())).await
}

/// [`run`], reading passwords from `input` instead of standard input (tests use it).
pub async fn run_with_input(cli: Cli, input: &mut (dyn std::io::BufRead + Send)) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(opts) => serve(&cli.global, &opts).await.map(|_| ExitCode::SUCCESS),
        Command::Import { dir } => {
            let (store, blobs) = open(&cli.global).await?;
            let report = import_dir(&store, &blobs, &dir).await?;
            for p in &report.problems {
                println!("{p}");
            }
            println!("import of {}: {report}", dir.display());
            // A running portal picks the changes up from the database within a second.
            Ok(if report.has_failures() { ExitCode::from(2) } else { ExitCode::SUCCESS })
        }
        Command::User(UserCommand::Add { email, role, name }) => {
            let role = parse_role(&role)?;
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_string());
            let password = read_password(input)?;
            let (store, _) = open(&cli.global).await?;
            let passwords = crate::auth::password::Passwords::new(1);
            let id = crate::accounts::add_user(&store, &passwords, &email, &name, role, &password)
                .await
                .map_err(|e| anyhow::anyhow!(e.message(app::model::Lang::En)))?;
            println!("account {id} created for {email} ({})", role.code());
            Ok(ExitCode::SUCCESS)
        }
        Command::User(UserCommand::Invite { role, days, base_url }) => {
            let role = parse_role(&role)?;
            let (store, _) = open(&cli.global).await?;
            let token = crate::accounts::invite(&store, None, role, days)
                .await
                .map_err(|e| anyhow::anyhow!(e.message(app::model::Lang::En)))?;
            println!("{}/en/invite/{token}", base_url.trim_end_matches('/'));
            Ok(ExitCode::SUCCESS)
        }
        Command::User(UserCommand::ResetTwoFactor { email }) => {
            let (store, _) = open(&cli.global).await?;
            let user = store
                .user_by_email(&email.trim().to_lowercase())
                .await?
                .ok_or_else(|| anyhow::anyhow!("no account has the address {email}"))?;
            store.clear_two_factor(user.id).await?;
            store.end_sessions(user.id).await?;
            let target = crate::audit::Target::User { id: user.id, name: &user.name };
            let action = app::model::AuditAction::TwoFactorReset;
            crate::audit::record(&store, None, action, target, crate::audit::Detail::Text("cli")).await?;
            println!("the second factor of {email} is removed; it signs in with its password next time");
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { dir } => {
            let (store, blobs) = open(&cli.global).await?;
            let report = crate::content::export::export_dir(&store, &blobs, &dir).await?;
            println!(
                "exported {} documents and {} attachments to {}",
                report.documents,
                report.attachments,
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { file } => {
            let (store, _) = open(&cli.global).await?;
            let m = crate::backup::backup(&store, &cli.global.data_dir, &file).await?;
            let db = if m.database == "sqlite" {
                "the database and "
            } else {
                "(PostgreSQL: back the database up with pg_dump) "
            };
            println!("backup written to {}: {db}{} attachment files", file.display(), m.blobs);
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file, force } => {
            let sqlite = crate::db::sqlite_file(&cli.global.database_url());
            std::fs::create_dir_all(&cli.global.data_dir)?;
            if let Some(db) = &sqlite {
                check_sqlite_folder(db)?;
            }
            let m = crate::backup::restore(&file, &cli.global.data_dir, sqlite.as_deref(), force)?;
            println!(
                "restored {} attachment files{} into {}",
                m.blobs,
                if sqlite.is_some() { " and the database" } else { " (restore the database with pg_restore)" },
                cli.global.data_dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Reindex => {
            let (store, _) = open(&cli.global).await?;
            let search = SearchIndex::open(&cli.global.data_dir, store).await?;
            let n = search.rebuild().await?;
            println!("search index rebuilt: {n} documents");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn parse_role(s: &str) -> anyhow::Result<Role> {
    Role::from_code(s).ok_or_else(|| anyhow::anyhow!("unknown role `{s}`: use reader, editor, moderator or admin"))
}

/// The password, from standard input (one line), so it never appears in a process list or a
/// shell history.
fn read_password(input: &mut (dyn std::io::BufRead + Send)) -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        eprint!("Password (at least 10 characters; it is shown as you type): ");
    }
    let mut line = String::new();
    input.read_line(&mut line).context("reading the password from standard input")?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        anyhow::bail!("no password on standard input: pipe it in, e.g. `printf '%s' \"$PW\" | portal user add ...`");
    }
    Ok(password)
}

/// Builds the state the router needs, opening (or building) the search index.
///
/// # Errors
/// When the search index cannot be opened.
pub async fn state(store: Store, blobs: BlobStore, data_dir: &Path, opts: &ServeOptions) -> anyhow::Result<AppState> {
    let search = SearchIndex::open(data_dir, store.clone()).await?;
    let mail = crate::mail::MailSettings {
        smtp_url: opts.smtp_url.clone(),
        from: opts.mail_from.clone(),
        poll: std::time::Duration::from_millis(opts.mail_poll_ms.max(10)),
        retry_base: std::time::Duration::from_secs(opts.mail_retry_seconds),
    };
    let mail = Arc::new(crate::mail::Mail::new(&mail, opts.base_url.trim_end_matches('/'))?);
    mail.start(store.clone());
    let settings = Settings {
        secure_cookies: opts.secure_cookies,
        trust_proxy: opts.trust_proxy,
        base_url: opts.base_url.trim_end_matches('/').to_string(),
    };
    Ok(AppState {
        store,
        blobs,
        assets: Arc::new(Assets::load(&opts.site_dir, &opts.quick_exit_url)),
        search,
        passwords: crate::auth::password::Passwords::for_this_machine(),
        settings: Arc::new(settings),
        pages: Arc::new(crate::page_cache::PageCache::new()),
        mail,
    })
}

async fn serve(global: &GlobalOptions, opts: &ServeOptions) -> anyhow::Result<()> {
    let (store, blobs) = open(global).await?;
    // The list pages' library is built beside the start, rather than by the first visitor's
    // request (a content import below is seen by it as a change, and followed).
    store.keep_library_in(global.data_dir.join("library.json"));
    let warm = store.clone();
    tokio::spawn(async move {
        if let Err(e) = warm.library().await {
            tracing::warn!(error = %e, "building the library of published documents failed");
        }
    });
    if !opts.no_import {
        match import_dir(&store, &blobs, &global.content_dir).await {
            Ok(report) => {
                for p in &report.problems {
                    tracing::warn!("{p}");
                }
                tracing::info!("content import: {report}");
            }
            // A missing or unreadable content folder must not stop the portal.
            Err(e) => tracing::error!("content import failed: {e:#}"),
        }
    }
    let app = crate::routes::router(state(store.clone(), blobs, &global.data_dir, opts).await?);
    if let Some(addr) = opts.metrics_bind {
        let handle = crate::metrics::install()?;
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("listening on {addr}"))?;
        tracing::info!("metrics on http://{addr}/metrics");
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, crate::metrics::router(handle)).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    tokio::spawn(upkeep(store.clone()));
    let listener =
        tokio::net::TcpListener::bind(opts.bind).await.with_context(|| format!("listening on {}", opts.bind))?;
    tracing::info!("Sunflower Exchange on http://{}", opts.bind);
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving")?;
    store.keep_library_now().await;
    Ok(())
}

/// Hourly housekeeping: forgets old limit counters.
async fn upkeep(store: Store) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        if let Err(e) = crate::limits::prune(&store).await {
            tracing::warn!(error = %e, "pruning limit counters failed");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
