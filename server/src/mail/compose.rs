//! Letters: what one e-mail says, written once and rendered twice, as plain text and as a
//! small HTML page (inline styles only: mail clients drop style sheets and block remote
//! images, so there are none). Every value is escaped in the HTML part.

use app::i18n::fill;
use app::model::Lang;

use super::words::words;
use crate::db::NewMail;

/// A link in a letter.
#[derive(Clone, Debug)]
pub struct Link {
    pub label: String,
    pub url: String,
    /// A short note after the link (for digest lines: "new posts: 3").
    pub note: Option<String>,
}

/// What one e-mail says, before rendering.
#[derive(Clone, Debug)]
pub struct Letter {
    pub lang: Lang,
    pub kind: &'static str,
    pub to: String,
    pub name: Option<String>,
    pub subject: String,
    pub intro: Vec<String>,
    /// The one thing to do (opens the portal at the right place).
    pub action: Option<Link>,
    /// Lists under headings (the digest).
    pub lists: Vec<(String, Vec<Link>)>,
    pub outro: Vec<String>,
    /// Where the member's choices are changed; `None` for invitations and resets.
    pub account_url: Option<String>,
    /// The one-click unsubscribe address for this kind, and the one for everything.
    pub unsubscribe: Option<(String, String)>,
}

impl Letter {
    pub fn new(lang: Lang, kind: &'static str, to: &str, subject: String) -> Letter {
        Letter {
            lang,
            kind,
            to: to.to_string(),
            name: None,
            subject,
            intro: Vec::new(),
            action: None,
            lists: Vec::new(),
            outro: Vec::new(),
            account_url: None,
            unsubscribe: None,
        }
    }

    /// The letter as the outbox keeps it: plain text and HTML.
    pub fn render(&self) -> NewMail {
        NewMail {
            recipient: self.to.clone(),
            kind: self.kind.to_string(),
            subject: self.subject.clone(),
            text: self.text(),
            html: self.html(),
            unsubscribe_url: self.unsubscribe.as_ref().map(|(one, _)| one.clone()),
        }
    }

    fn greeting(&self) -> Option<String> {
        self.name.as_ref().map(|n| fill(words(self.lang).greeting, &[("name", n)]))
    }

    fn text(&self) -> String {
        let w = words(self.lang);
        let mut out = String::new();
        if let Some(g) = self.greeting() {
            out.push_str(&g);
            out.push_str("\n\n");
        }
        for p in &self.intro {
            out.push_str(p);
            out.push_str("\n\n");
        }
        if let Some(a) = &self.action {
            out.push_str(&format!("{}:\n{}\n\n", a.label, a.url));
        }
        for (heading, links) in &self.lists {
            out.push_str(&format!("{heading}\n{}\n", "-".repeat(heading.chars().count())));
            for l in links {
                let note = l.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
                out.push_str(&format!("* {}{note}\n  {}\n", l.label, l.url));
            }
            out.push('\n');
        }
        for p in &self.outro {
            out.push_str(p);
            out.push_str("\n\n");
        }
        out.push_str("-- \nSunflower Exchange\n");
        if let Some(account) = &self.account_url {
            out.push_str(&format!("{}\n{account}\n", w.why));
        }
        if let Some((one, all)) = &self.unsubscribe {
            out.push_str(&format!("{}: {one}\n{}: {all}\n", w.unsubscribe, w.unsubscribe_all));
        }
        out
    }

    fn html(&self) -> String {
        let w = words(self.lang);
        let esc = |s: &str| html_escape::encode_text(s).replace('"', "&quot;");
        let a = |l: &Link| format!("<a href=\"{}\" style=\"color:#7a4b00\">{}</a>", esc(&l.url), esc(&l.label));
        let mut body = String::new();
        if let Some(g) = self.greeting() {
            body.push_str(&format!("<p>{}</p>", esc(&g)));
        }
        for p in &self.intro {
            body.push_str(&format!("<p>{}</p>", esc(p)));
        }
        if let Some(action) = &self.action {
            body.push_str(&format!("<p style=\"margin:1.5em 0\"><strong>{}</strong></p>", a(action)));
        }
        for (heading, links) in &self.lists {
            body.push_str(&format!("<h2 style=\"font-size:1.1em;margin:1.5em 0 .5em\">{}</h2><ul>", esc(heading)));
            for l in links {
                let note = l.note.as_ref().map(|n| format!(" <small>({})</small>", esc(n))).unwrap_or_default();
                body.push_str(&format!("<li style=\"margin:.3em 0\">{}{note}</li>", a(l)));
            }
            body.push_str("</ul>");
        }
        for p in &self.outro {
            body.push_str(&format!("<p>{}</p>", esc(p)));
        }
        let mut footer = String::from("Sunflower Exchange");
        if let Some(account) = &self.account_url {
            footer.push_str(&format!("<br>{} <a href=\"{}\">{}</a>", esc(w.why), esc(account), esc(account)));
        }
        if let Some((one, all)) = &self.unsubscribe {
            footer.push_str(&format!(
                "<br><a href=\"{}\">{}</a> · <a href=\"{}\">{}</a>",
                esc(one),
                esc(w.unsubscribe),
                esc(all),
                esc(w.unsubscribe_all)
            ));
        }
        format!(
            "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
             <body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#222;max-width:40em;margin:0 auto;padding:1em\">\
             {body}<hr style=\"border:0;border-top:1px solid #ccc;margin-top:2em\">\
             <p style=\"font-size:.85em;color:#555\">{footer}</p></body></html>",
            lang = self.lang.code(),
            title = esc(&self.subject),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parts_say_the_same_and_the_html_escapes_every_value() {
        let mut l = Letter::new(Lang::En, "reply", "a@example.org", "New reply: <b>x</b>".into());
        l.name = Some("Aida <script>".into());
        l.intro.push("Someone wrote \"hi\" & more".into());
        l.action =
            Some(Link { label: "Open".into(), url: "https://p.example/en/threads/1?a=1&b=2".into(), note: None });
        l.unsubscribe = Some(("https://p.example/u/k?kind=replies".into(), "https://p.example/u/k".into()));
        let m = l.render();
        assert!(m.text.contains("Hello Aida <script>,"), "{}", m.text);
        assert!(m.text.contains("https://p.example/en/threads/1?a=1&b=2"));
        assert!(m.html.contains("Aida &lt;script&gt;"), "{}", m.html);
        assert!(!m.html.contains("<script>"));
        assert!(m.html.contains("href=\"https://p.example/en/threads/1?a=1&amp;b=2\""));
        assert!(m.html.contains("&lt;b&gt;x&lt;/b&gt;"), "the title is escaped too");
        assert_eq!(m.unsubscribe_url.as_deref(), Some("https://p.example/u/k?kind=replies"));
    }
}
