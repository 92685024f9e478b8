//! A real SMTP server for the mail tests: Python's `aiosmtpd` (from PyPI, installed by
//! `.ci/run`), started on a free port and delivering into a Maildir that the tests read and
//! parse with `mail-parser`. Missing, it fails the test that needs it; it never skips.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use mail_parser::MimeHeaders;
use tempfile::TempDir;

use crate::{ChildGuard, spawn_quiet};

/// One message as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The `List-Unsubscribe` header, without its angle brackets.
    pub list_unsubscribe: Option<String>,
    pub list_unsubscribe_post: Option<String>,
    pub message_id: String,
    /// `multipart/alternative`, as the portal sends every message.
    pub content_type: String,
}

impl Received {
    /// The first address in the plain-text part that starts with `prefix`
    /// (`http://localhost/ru/invite/`), cut at the first space or line end.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let start = self.text.find(prefix)?;
        Some(self.text[start..].split(char::is_whitespace).next()?.to_string())
    }

    /// The same, as a path on the test app (without `http://localhost`).
    pub fn path(&self, prefix: &str) -> Option<String> {
        self.link(&format!("http://localhost{prefix}")).map(|l| l.trim_start_matches("http://localhost").to_string())
    }
}

/// A running `aiosmtpd`, stopped when dropped.
pub struct SmtpServer {
    pub port: u16,
    maildir: TempDir,
    child: Option<ChildGuard>,
}

/// A port nothing listens on (yet).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

impl SmtpServer {
    /// Starts a server on a free port.
    pub fn start() -> SmtpServer {
        SmtpServer::start_on(free_port())
    }

    /// Starts a server on `port`.
    ///
    /// # Panics
    /// When `aiosmtpd` is not installed or does not come up: the tests need it.
    pub fn start_on(port: u16) -> SmtpServer {
        let mut server = SmtpServer { port, maildir: TempDir::new().expect("tempdir"), child: None };
        server.restart();
        server
    }

    /// Starts the server again on the same port and folder (after [`SmtpServer::stop`]).
    pub fn restart(&mut self) {
        let child = spawn_quiet(Command::new("python3").args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{}", self.port),
            "-c",
            "aiosmtpd.handlers.Mailbox",
            // A folder that does not exist yet: Python's Maildir creates its parts only then.
            &self.maildir.path().join("box").display().to_string(),
        ]))
        .expect("python3 is required for the mail tests");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Some(status) = self.child.as_mut().and_then(|c| c.0.try_wait().ok().flatten()) {
                panic!("aiosmtpd exited ({status}): install it with `pip install aiosmtpd` (.ci/run does)");
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not listen on port {} within 15 s", self.port);
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn stop(&mut self) {
        self.child = None;
    }

    /// The portal's `--smtp-url` for this server.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(dir) = std::fs::read_dir(self.maildir.path().join("box").join(sub)) {
                files.extend(dir.filter_map(|e| e.ok()).map(|e| e.path()));
            }
        }
        files.sort();
        files
    }

    /// Every message received so far.
    pub fn received(&self) -> Vec<Received> {
        self.files().iter().map(|f| parse(&std::fs::read(f).expect("a delivered message"))).collect()
    }

    /// Messages to `to`.
    pub fn received_by(&self, to: &str) -> Vec<Received> {
        self.received().into_iter().filter(|m| m.to == to).collect()
    }

    /// Waits (up to `secs`) until a message to `to` whose subject contains `subject` arrives.
    pub async fn wait_for(&self, to: &str, subject: &str, secs: u64) -> Received {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(m) = self.received_by(to).into_iter().find(|m| m.subject.contains(subject)) {
                return m;
            }
            if Instant::now() > deadline {
                let got: Vec<(String, String)> = self.received().into_iter().map(|m| (m.to, m.subject)).collect();
                panic!("no message to {to} with “{subject}” within {secs} s; received: {got:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Parses one delivered message.
pub fn parse(raw: &[u8]) -> Received {
    let m = mail_parser::MessageParser::default().parse(raw).expect("a message mail-parser can read");
    let header = |name: &str| m.header_raw(name).map(|v| v.trim().to_string());
    Received {
        to: m.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_string(),
        subject: m.subject().unwrap_or_default().to_string(),
        text: m.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        html: m.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        list_unsubscribe: header("List-Unsubscribe").map(|v| v.trim_matches(['<', '>']).to_string()),
        list_unsubscribe_post: header("List-Unsubscribe-Post"),
        message_id: m.message_id().unwrap_or_default().to_string(),
        content_type: m
            .content_type()
            .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()))
            .unwrap_or_default(),
    }
}
