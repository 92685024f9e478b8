//! Markdown to safe HTML: the only place that sets pulldown-cmark's options and ammonia's
//! allow-list, used for documents and discussion posts alike.
//!
//! One pass over the parser's events gives the HTML (with an anchor on every heading), the
//! table of contents, the plain text of each section for the search index, and the `doc:`
//! links. Then ammonia sanitises the HTML, whatever its source: no script, event handler,
//! `javascript:` URL or request to another host survives.

use std::collections::HashSet;
use std::sync::LazyLock;

use app::model::{Kind, TocEntry};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use app::i18n::msg::Msg;

use crate::document::{LANG_PLACEHOLDER, Rendered, TextSection};

/// Bumped whenever the renderer's output changes, so imports re-render unchanged files.
pub const RENDER_VERSION: u32 = 1;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The sanitised HTML of `markdown` with its `doc:` links resolved against `slugs` only: what
/// posts store (resolved against what their author may read) and previews show.
pub fn render_html(markdown: &str, slugs: &std::collections::HashMap<String, Kind>) -> String {
    render(markdown, &|s| slugs.get(s).copied()).html
}

/// [`render_html`] with the links pointing into the reader's language: a preview as it will
/// be published.
pub fn render_for(markdown: &str, slugs: &std::collections::HashMap<String, Kind>, lang: app::model::Lang) -> String {
    crate::document::localise_html(&render_html(markdown, slugs), lang)
}

/// Renders a document body. `resolve` tells the kind of the document a `doc:` slug names, or
/// `None` when there is no such document (the link is then rendered as plain text and reported).
pub fn render(markdown: &str, resolve: &dyn Fn(&str) -> Option<Kind>) -> Rendered {
    let line_starts: Vec<usize> = std::iter::once(0).chain(markdown.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);

    let mut out: Vec<Event<'_>> = Vec::new();
    let mut toc = Vec::new();
    let mut links = Vec::new();
    let mut problems = Vec::new();
    let mut sections = vec![TextSection { anchor: None, heading: String::new(), text: String::new() }];
    let mut used_ids = HashSet::new();

    // A heading is buffered until its end, because its id comes from its whole text.
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event<'_>>, String)> = None;
    let mut dropping_link = false;
    let mut dropping_image = false;

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|s| s.to_string()), Vec::new(), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, explicit, inner, text)) = heading.take() else {
                    continue;
                };
                let text = text.trim().to_string();
                let base = explicit.map(|s| anchor_id(&s)).unwrap_or_else(|| anchor_id(&text));
                let id = unique_id(&base, &mut used_ids);
                let n = level as u8;
                out.push(Event::Html(format!("<h{n} id=\"{id}\"><a class=\"heading-anchor\" href=\"#{id}\">").into()));
                out.extend(inner);
                out.push(Event::Html(format!("</a></h{n}>\n").into()));
                toc.push(TocEntry { level: n, id: id.clone(), text: text.clone() });
                sections.push(TextSection { anchor: Some(id), heading: text, text: String::new() });
            }
            Event::Start(Tag::Link { dest_url, title, link_type, id }) => {
                let in_heading = heading.is_some();
                let target = if let Some(rest) = dest_url.strip_prefix("doc:") {
                    let (slug, fragment) = match rest.split_once('#') {
                        Some((s, f)) => (s, Some(f)),
                        None => (rest, None),
                    };
                    match resolve(slug) {
                        Some(kind) => {
                            links.push(slug.to_string());
                            let section = if kind == Kind::Area { "areas" } else { "doc" };
                            let frag = fragment.map(|f| format!("#{}", anchor_id(f))).unwrap_or_default();
                            Some(CowStr::from(format!("{LANG_PLACEHOLDER}{section}/{slug}{frag}")))
                        }
                        None => {
                            problems.push((line_of(range.start), Msg::MissingLink { slug: slug.to_string() }));
                            None
                        }
                    }
                } else {
                    Some(dest_url)
                };
                match target {
                    // Links inside a heading are dropped: the heading itself is a link.
                    Some(url) if !in_heading => {
                        out.push(Event::Start(Tag::Link { link_type, dest_url: url, title, id }));
                    }
                    _ => dropping_link = true,
                }
            }
            Event::End(TagEnd::Link) => {
                if dropping_link {
                    dropping_link = false;
                } else {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                if is_local_url(&dest_url) {
                    out.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
                } else {
                    // Another host's image would be a third-party request: keep its alt text.
                    dropping_image = true;
                }
            }
            Event::End(TagEnd::Image) => {
                if dropping_image {
                    dropping_image = false;
                } else {
                    out.push(Event::End(TagEnd::Image));
                }
            }
            // A checkbox would need `<input>`, which the sanitiser refuses from any source.
            Event::TaskListMarker(done) => {
                out.push(Event::Text(if done { "☑ ".into() } else { "☐ ".into() }));
            }
            other => {
                if let Some((_, _, inner, text)) = heading.as_mut() {
                    if let Event::Text(t) | Event::Code(t) = &other {
                        text.push_str(t);
                    }
                    inner.push(other);
                    continue;
                }
                if let Some(section) = sections.last_mut() {
                    match &other {
                        Event::Text(t) | Event::Code(t) => section.text.push_str(t),
                        Event::SoftBreak | Event::HardBreak => section.text.push(' '),
                        Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock) => {
                            section.text.push('\n')
                        }
                        _ => {}
                    }
                }
                out.push(other);
            }
        }
    }

    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, out.into_iter());
    for s in &mut sections {
        s.text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    sections.retain(|s| s.anchor.is_some() || !s.text.is_empty());
    Rendered { html: sanitize(&raw), toc, links, sections, problems }
}

/// Sanitises HTML from any source with the portal's allow-list.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tag_attributes("div", ["id"])
        .add_tag_attributes("sup", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_allowed_classes("a", ["heading-anchor", "footnote-backref"])
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") => is_local_url(value).then(|| value.into()),
            _ => Some(value.into()),
        });
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id"]);
    }
    b
});

/// A URL on this site: a path, not another host (`//host/...`) and not a scheme.
fn is_local_url(url: &str) -> bool {
    let url = url.trim();
    (url.starts_with('/') && !url.starts_with("//"))
        || (!url.contains(':') && !url.starts_with("//") && !url.is_empty())
}

/// A heading's anchor: transliterated to ASCII, lowercase, hyphenated (`Структура управления`
/// becomes `struktura-upravleniia`), so addresses stay readable when copied.
pub fn anchor_id(text: &str) -> String {
    let s = super::keys::text_key(text);
    if s.is_empty() { "section".to_string() } else { s }
}

fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(slug: &str) -> Option<Kind> {
        match slug {
            "sunflower-centre-model" => Some(Kind::CaseStudy),
            "operation-processes" => Some(Kind::Area),
            _ => None,
        }
    }

    fn html(md: &str) -> String {
        render(md, &resolve).html
    }

    #[test]
    fn headings_get_ids_anchors_and_toc() {
        let r = render(
            "## Management structure\n\ntext\n\n## Management structure\n\n### Структура управления\n",
            &resolve,
        );
        insta::assert_snapshot!(r.html);
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["management-structure", "management-structure-2", "struktura-upravleniia"]);
        assert_eq!(r.toc[2].level, 3);
    }

    #[test]
    fn extensions_render() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\"\n\n- [x] done\n- [ ] open\n\nNote[^1].\n\n[^1]: The footnote.\n\n## Custom {#my-id}\n";
        insta::assert_snapshot!(html(md));
    }

    #[test]
    fn doc_links_resolve_and_missing_ones_are_reported() {
        let r = render(
            "See [the model](doc:sunflower-centre-model#funding) and [the area](doc:operation-processes).\n\nAnd [gone](doc:no-such-doc).\n",
            &resolve,
        );
        assert!(r.html.contains(r#"href="/_lang_/doc/sunflower-centre-model#funding""#), "{}", r.html);
        assert!(r.html.contains(r#"href="/_lang_/areas/operation-processes""#), "{}", r.html);
        assert!(r.html.contains("And gone."), "missing link becomes plain text: {}", r.html);
        assert_eq!(r.links, ["sunflower-centre-model", "operation-processes"]);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].0, 3);
        assert_eq!(r.problems[0].1, Msg::MissingLink { slug: "no-such-doc".into() });
    }

    #[test]
    fn hostile_markdown_is_neutralised() {
        let md = concat!(
            "<script>alert(1)</script>\n\n",
            "<img src=x onerror=alert(1)>\n\n",
            "[click](javascript:alert(1))\n\n",
            "<a href=\"javascript:alert(2)\">x</a>\n\n",
            "<div onclick=\"steal()\" style=\"position:fixed\">div</div>\n\n",
            "![tracker](https://evil.example/pixel.png)\n\n",
            "<img src=\"//evil.example/p.png\">\n\n",
            "<iframe src=\"https://evil.example\"></iframe>\n\n",
            "<svg><script>alert(3)</script></svg>\n\n",
            "<input type=\"text\" name=\"csrf\">\n\n",
            "<form action=\"https://evil.example\"><button>go</button></form>\n",
        );
        let out = html(md);
        insta::assert_snapshot!(out);
        for bad in
            ["<script", "onerror", "javascript:", "onclick", "style=", "evil.example", "<iframe", "<form", "<input"]
        {
            assert!(!out.contains(bad), "{bad} survived: {out}");
        }
        assert!(out.contains("tracker"), "an external image keeps its alt text");
    }

    #[test]
    fn sections_hold_plain_text_for_search() {
        let r = render("Intro *text*.\n\n## Funding\n\nMinistry and `local` governments.\n\n- one\n- two\n", &resolve);
        assert_eq!(r.sections.len(), 2);
        assert_eq!(r.sections[0].anchor, None);
        assert_eq!(r.sections[0].text, "Intro text.");
        assert_eq!(r.sections[1].anchor.as_deref(), Some("funding"));
        assert_eq!(r.sections[1].heading, "Funding");
        assert_eq!(r.sections[1].text, "Ministry and local governments. one two");
    }

    #[test]
    fn local_images_stay() {
        let out = html("![chart](/attachments/1/chart.png)");
        assert!(out.contains(r#"src="/attachments/1/chart.png""#), "{out}");
    }
}
