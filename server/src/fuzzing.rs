//! The bodies of the fuzz targets (`server/fuzz`), here so that the regression tests below run
//! exactly what the fuzzer runs: every input a fuzzer ever crashed becomes a file under
//! `server/fuzz/regressions/<target>/`, and the shipped content is a seed for each target.
//!
//! Each function must not panic on any input, and checks what must always hold of its output.

use app::model::{Kind, Lang};

use crate::content::{front_matter, markdown};

/// Front matter: split and parse any file; what parses must write back as YAML that parses.
pub fn front_matter(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let Ok(split) = front_matter::split(source) else { return };
    for name in ["doc.md", "doc.ru.md", "doc.ky.md", "doc.ko.md"] {
        let info = front_matter::path_info(name);
        if let Ok(parsed) = front_matter::parse(split.yaml, 2, &info) {
            let yaml = front_matter::to_yaml(&parsed.meta, Some(&parsed.slug), Some(parsed.meta.language));
            let again = front_matter::parse(&yaml, 2, &info);
            assert!(again.is_ok(), "written front matter does not parse again: {yaml}\n{again:?}");
        }
    }
}

/// Markdown: render any text; the sanitised HTML never carries a script, a frame or an event
/// handler, whatever the input.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let known = |slug: &str| slug.len().is_multiple_of(2).then_some(Kind::CaseStudy);
    let rendered = markdown::render(&text, &known);
    let html = rendered.html.to_ascii_lowercase();
    for forbidden in ["<script", "<iframe", "<object", "<embed", "<form", "<style"] {
        assert!(!html.contains(forbidden), "`{forbidden}` survived sanitising: {}", rendered.html);
    }
    // Inside every tag: no event handler, no inline style, no script address.
    for tag in html.split('<').skip(1) {
        let inside = tag.split('>').next().unwrap_or("");
        for (name, value) in attributes(inside) {
            assert!(!name.starts_with("on"), "an event handler survived sanitising: <{inside}>");
            assert!(name != "style", "a style attribute survived sanitising: <{inside}>");
            assert!(!value.contains("javascript:") && !value.contains("vbscript:"), "a script address: <{inside}>");
        }
    }
}

/// The attributes of a tag's inside (`a href="x" title='y z'`), as (name, value) pairs.
fn attributes(inside: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = inside.chars().peekable();
    // The tag name.
    while chars.next_if(|c| !c.is_whitespace()).is_some() {}
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=') {
            name.push(c);
        }
        if name.is_empty() {
            return out;
        }
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            match chars.next_if(|c| *c == '"' || *c == '\'') {
                Some(quote) => {
                    for c in chars.by_ref() {
                        if c == quote {
                            break;
                        }
                        value.push(c);
                    }
                }
                None => {
                    while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                        value.push(c);
                    }
                }
            }
        }
        out.push((name, value));
    }
}

/// The search query: parse anything, and analyse every part in the four languages.
pub fn search_query(data: &[u8]) {
    use std::sync::LazyLock;
    static MANAGER: LazyLock<tantivy::tokenizer::TokenizerManager> = LazyLock::new(|| {
        let m = tantivy::tokenizer::TokenizerManager::default();
        crate::search::analysis::register(&m);
        m
    });
    let text = String::from_utf8_lossy(data);
    let parsed = crate::search::query::parse(&text);
    assert!(parsed.words.len() + parsed.phrases.len() + parsed.excluded.len() <= crate::search::query::MAX_PARTS);
    for part in parsed.words.iter().chain(&parsed.phrases).chain(&parsed.excluded) {
        for lang in Lang::ALL {
            let terms = crate::search::analysis::terms(&MANAGER, crate::search::analysis::analyzer_name(lang), part);
            assert!(terms.iter().all(|t| !t.is_empty()), "an empty term from {part:?} in {lang}");
        }
    }
}

/// Attachments: judge any bytes; a type shown inline (PNG, JPEG, GIF, WebP) is only ever given
/// to what decodes as an image.
pub fn attachment(data: &[u8]) {
    let inspection = crate::attachments::inspect(data, "upload.bin");
    if crate::attachments::shown_inline(&inspection.mime) {
        assert!(inspection.problem.is_none(), "{inspection:?}");
        assert!(
            image::ImageReader::new(std::io::Cursor::new(data))
                .with_guessed_format()
                .unwrap()
                .into_dimensions()
                .is_ok()
        );
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    fn files(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    out.extend(files(&p));
                } else {
                    out.push(p);
                }
            }
        }
        out
    }

    fn regressions(target: &str) -> Vec<PathBuf> {
        files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target))
    }

    fn shipped_content() -> Vec<PathBuf> {
        files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect()
    }

    #[test]
    fn shipped_content_and_past_crashes_pass_every_target() {
        let content = shipped_content();
        assert!(content.len() >= 20, "the seed corpus is the shipped content");
        for path in content.iter().chain(&regressions("front_matter")) {
            front_matter(&std::fs::read(path).unwrap());
        }
        for path in content.iter().chain(&regressions("markdown")) {
            markdown(&std::fs::read(path).unwrap());
        }
        for path in regressions("search_query") {
            search_query(&std::fs::read(path).unwrap());
        }
        let fixtures = files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/extra"));
        for path in fixtures.iter().chain(&regressions("attachment")) {
            attachment(&std::fs::read(path).unwrap());
        }
    }

    #[test]
    fn attributes_are_read_with_their_quotes() {
        let attrs = attributes("a href=\"/x\" title='only one' data-x=y");
        assert_eq!(
            attrs,
            [("href".into(), "/x".into()), ("title".into(), "only one".into()), ("data-x".into(), "y".into())]
        );
    }

    #[test]
    fn hostile_inputs_hold() {
        markdown(b"<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href=\"vbscript:x\">y</a>");
        search_query("\"unbalanced -  --- \"\" -\u{0} 센터에서 кризисных борборлордун".as_bytes());
        attachment(b"GIF89a<script>alert(1)</script>");
        front_matter(b"---\ntitle: x\nkind: lesson\n---\nbody");
    }
}
