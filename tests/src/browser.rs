//! Headless Chromium through chromedriver (both from Debian's packages, installed by
//! `.ci/run`). A missing browser fails the test: it is never skipped.

use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::{ChildGuard, spawn_quiet};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// A browser session; the driver process ends with it.
pub struct Browser {
    pub client: Client,
    _driver: ChildGuard,
    _profile: tempfile::TempDir,
}

/// Whether pages run JavaScript.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Js {
    On,
    Off,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    ///
    /// # Panics
    /// When Chromium or chromedriver is missing: CI must install them.
    pub async fn start(js: Js) -> Browser {
        for bin in [CHROMEDRIVER, CHROMIUM] {
            assert!(
                std::path::Path::new(bin).exists(),
                "{bin} is missing: install Debian's chromium and chromium-driver (see .ci/run)"
            );
        }
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let driver =
            spawn_quiet(Command::new(CHROMEDRIVER).arg(format!("--port={port}"))).expect("chromedriver starts");
        let profile = tempfile::TempDir::new().expect("profile dir");
        let mut prefs = serde_json::Map::new();
        if js == Js::Off {
            prefs.insert("profile.managed_default_content_settings.javascript".into(), json!(2));
        }
        let caps: Capabilities = serde_json::from_value(json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-sync", "--disable-quic", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": prefs,
            }
        }))
        .expect("capabilities");
        let url = format!("http://127.0.0.1:{port}");
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut last_err = None;
        for _ in 0..100 {
            match ClientBuilder::new(connector.clone()).capabilities(caps.clone()).connect(&url).await {
                Ok(client) => {
                    return Browser { client, _driver: driver, _profile: profile };
                }
                Err(e) => last_err = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("could not start a Chromium session: {last_err:?}");
    }

    /// Sets the viewport (CSS pixels) for mobile-width checks.
    pub async fn set_window(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.expect("resize");
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
            .text()
            .await
            .expect("text")
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits until a script returns a truthy value.
    pub async fn wait_until(&self, script: &str, what: &str) {
        for _ in 0..200 {
            let v = self.js(script).await;
            if v.as_bool() == Some(true)
                || (v.is_string() && v.as_str() != Some(""))
                || v.as_u64().is_some_and(|n| n > 0)
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("timed out waiting for {what} ({script})");
    }

    /// The browser console's messages at level SEVERE (errors, failed loads, uncaught exceptions)
    /// since the last call.
    pub async fn console_errors(&self) -> Vec<String> {
        let log = self.client.issue_cmd(BrowserLog).await.expect("browser log");
        log.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// chromedriver's log endpoint (a Selenium extension to WebDriver).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": "browser" }).to_string()))
    }
}

impl Browser {
    /// Whether the page's own scripts ran: the boot script marks `<html data-boot>`. Read from
    /// the page source, because WebDriver's scripts run even when the page's may not.
    pub async fn scripts_ran(&self) -> bool {
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.client.source().await.expect("page source").contains("data-boot=")
    }

    /// Clicks the link with this exact `href` and waits for the navigation.
    /// Opens a folded `<details>` (a menu, the filters) by clicking its summary, as a person
    /// would; works with JavaScript off.
    pub async fn open_details(&self, details_css: &str) {
        let summary = self
            .client
            .find(Locator::Css(&format!("{details_css} > summary")))
            .await
            .unwrap_or_else(|e| panic!("no {details_css}: {e}"));
        summary.click().await.expect("click");
    }

    pub async fn click_link(&self, href: &str) {
        let el = self
            .client
            .find(Locator::Css(&format!("a[href=\"{href}\"]")))
            .await
            .unwrap_or_else(|e| panic!("no link to {href}: {e}"));
        el.click().await.expect("click");
        for _ in 0..100 {
            if self.client.current_url().await.map(|u| u.as_str().ends_with(href)).unwrap_or(false) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("clicking {href} did not navigate");
    }
}
