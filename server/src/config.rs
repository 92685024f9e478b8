//! The command line: one `clap` parser, every option also readable from the environment.
//! Parsed once in `main`; the rest of the code receives plain values.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "portal", version, about = "Sunflower Exchange: the Korea–Kyrgyzstan GBV knowledge-exchange portal")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOptions,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand shares.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalOptions {
    /// Where the portal keeps its SQLite database, search index and attachment files.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// Database URL (`sqlite://...` or `postgres://...`); defaults to SQLite in the data dir.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// The folder of Markdown documents imported at start-up.
    #[arg(long, env = "PORTAL_CONTENT_DIR", default_value = "./content", global = true)]
    pub content_dir: PathBuf,
}

impl GlobalOptions {
    /// The database URL in effect: the explicit one, or a SQLite file in the data dir. A SQLite
    /// file is created when missing, whichever way it was named (unless the URL says `mode=`).
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => {
                let url = url.trim();
                let sqlite = url.starts_with("sqlite:");
                if sqlite && !url.contains("mode=") && !url.contains(":memory:") {
                    format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
                } else {
                    url.to_string()
                }
            }
            _ => format!("sqlite://{}?mode=rwc", self.data_dir.join("portal.db").display()),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import the content folder, then serve the portal.
    Serve(ServeOptions),
    /// Import a folder of Markdown documents (idempotent) and report what changed.
    Import {
        /// The folder to import.
        dir: PathBuf,
    },
    /// Rebuild the search index from the database.
    Reindex,
    /// Write every published document (with its attachments) to a folder, in the layout
    /// `import` reads.
    Export {
        /// The folder to write to.
        dir: PathBuf,
    },
    /// Write a consistent backup (the SQLite database and every attachment) to a `.tar.gz`
    /// file, while the portal keeps serving. With PostgreSQL it holds the attachments only:
    /// back the database up with `pg_dump`.
    Backup {
        /// The archive to write.
        file: PathBuf,
    },
    /// Restore a backup into the data dir (which must hold no database, unless `--force`).
    /// The search index is rebuilt at the next start.
    Restore {
        /// The archive `portal backup` wrote.
        file: PathBuf,
        /// Replace the database already in the data dir.
        #[arg(long)]
        force: bool,
    },
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input (never an argument).
    Add {
        #[arg(long)]
        email: String,
        /// reader, editor, moderator or admin.
        #[arg(long)]
        role: String,
        /// The name shown beside posts (defaults to the part of the address before `@`).
        #[arg(long)]
        name: Option<String>,
    },
    /// Create an invitation and print its link.
    Invite {
        /// reader, editor, moderator or admin.
        #[arg(long)]
        role: String,
        /// Days until the link expires.
        #[arg(long, default_value_t = 7)]
        days: i64,
        /// The address people reach the portal at.
        #[arg(long, env = "PORTAL_BASE_URL", default_value = "http://127.0.0.1:3000")]
        base_url: String,
    },
    /// Remove an account's second factor (a lost phone and lost recovery codes, when no other
    /// admin can reset it); its sessions end, and staff set up a new one at the next sign-in.
    ResetTwoFactor {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeOptions {
    /// Address to listen on.
    #[arg(long, env = "PORTAL_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,
    /// Where the hydration bundle was built (`cargo xtask bundle` writes `target/site`).
    /// Without it, pages still work fully, only without the in-page enhancements.
    #[arg(long, env = "PORTAL_SITE_DIR", default_value = "./target/site")]
    pub site_dir: PathBuf,
    /// Where the quick-exit control sends the reader.
    #[arg(long, env = "PORTAL_QUICK_EXIT_URL", default_value = "https://www.wikipedia.org/")]
    pub quick_exit_url: String,
    /// Skip importing the content folder at start-up.
    #[arg(long, env = "PORTAL_NO_IMPORT")]
    pub no_import: bool,
    /// Mark cookies `Secure` (serve over HTTPS, directly or behind a proxy, when setting this).
    #[arg(long, env = "PORTAL_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Read the client address from `X-Forwarded-For` (only behind a proxy you trust), for
    /// login throttling per address.
    #[arg(long, env = "PORTAL_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// The address people reach the portal at, for invitation links and feeds.
    #[arg(long, env = "PORTAL_BASE_URL", default_value = "http://127.0.0.1:3000")]
    pub base_url: String,
    /// Serve request metrics (Prometheus text format) at `/metrics` on this address; off when
    /// unset. Keep it private (127.0.0.1 or an internal network).
    #[arg(long, env = "PORTAL_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,
    /// Send e-mail through this SMTP server: `smtp://user:pass@host:587` (STARTTLS, required
    /// unless the host is this machine or the URL says `?tls=opportunistic`) or
    /// `smtps://user:pass@host:465` (TLS). Without it the portal sends no e-mail.
    #[arg(long, env = "PORTAL_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of the portal's e-mail, e.g. `Sunflower Exchange <portal@example.org>`.
    #[arg(long, env = "PORTAL_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// How often the mail worker looks for work, in milliseconds.
    #[arg(long, env = "PORTAL_MAIL_POLL_MS", default_value_t = 5000, hide = true)]
    pub mail_poll_ms: u64,
    /// The first wait after a failed send, in seconds (it doubles each time, up to an hour).
    #[arg(long, env = "PORTAL_MAIL_RETRY_SECONDS", default_value_t = 30, hide = true)]
    pub mail_retry_seconds: u64,
}
