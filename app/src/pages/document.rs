//! A document page: header with metadata, table of contents, body with heading anchors,
//! structured parts (webinar event, workplan activities), attachments, translations, backlinks.

use leptos::prelude::*;

use crate::i18n::{count, country_label, fill, kind_label, original_name, section_label, ui, visibility_label};
use crate::model::{DocPage, Lang, Section, StaleNotice, Visibility};
use crate::pages::webinar::EventBlock;
use crate::pages::workplan::WorkplanSection;

/// The sections a document page adds to the document's own (their headings are the reader's).
const CHROME_SECTIONS: [&str; 2] = ["event-title", "activities-title"];

#[component]
pub fn DocumentPage(lang: Lang, doc: DocPage) -> AnyView {
    let t = ui(lang);
    let card = doc.card.clone();
    let section = Section::for_kind(card.kind);
    let breadcrumb = section.map(|s| {
        view! {
            <nav class="breadcrumb" aria-label=t.breadcrumb>
                <a href=format!("/{lang}/")>{t.home}</a>
                " › "
                <a href=format!("/{lang}/{}", s.path())>{section_label(lang, s)}</a>
            </nav>
        }
    });
    // Named, and above the title in the other language.
    let notice = doc.requested_language.map(|_| {
        let text = fill(
            t.not_in_language_named,
            &[("language", crate::i18n::language_name(lang, lang)), ("original", original_name(lang, card.language))],
        );
        view! { <p class="notice" role="note" lang=lang.code()>{text}</p> }
    });
    let toc = (!doc.toc.is_empty()).then(|| {
        let items = doc
            .toc
            .iter()
            .filter(|e| e.level <= 3)
            .map(|e| {
                // Headings are the document's words; the two the page adds are the reader's.
                let words = if CHROME_SECTIONS.contains(&e.id.as_str()) { lang } else { card.language };
                view! {
                    <li class=format!("toc-level-{}", e.level)>
                        <a href=format!("#{}", e.id) lang=words.code()>{e.text.clone()}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <nav class="toc" aria-labelledby="toc-title" lang=lang.code()>
                <h2 id="toc-title">{t.contents}</h2>
                <ol>{items}</ol>
            </nav>
        }
    });
    let event = doc.event.clone().zip(doc.event_times.clone()).map(|(event, times)| {
        view! { <EventBlock lang doc_lang=card.language event times/> }
    });
    let activities = doc.workplan.clone().filter(|_| !doc.activities.is_empty()).map(|view| {
        view! {
            <WorkplanSection lang doc_lang=card.language slug=card.slug.clone() activities=doc.activities.clone() view/>
        }
    });
    let attachments = (!doc.attachments.is_empty()).then(|| {
        let items = doc
            .attachments
            .iter()
            .map(|a| {
                view! {
                    <li>
                        <a
                            href=format!("/attachments/{}/{}", a.id, crate::model::encode_component(&a.file_name))
                            lang=card.language.code()
                        >
                            {a.title.clone()}
                        </a>
                        <span class="file-meta">{format!(" ({}, {})", a.mime, a.size_label.clone())}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="attachments" aria-labelledby="attachments-title" lang=lang.code()>
                <h2 id="attachments-title">
                    {if card.kind == crate::model::Kind::Webinar { t.materials } else { t.attachments }}
                </h2>
                <ul>{items}</ul>
            </section>
        }
    });
    let backlinks = (!doc.backlinks.is_empty()).then(|| {
        view! {
            <section class="backlinks" aria-labelledby="backlinks-title" lang=lang.code()>
                <h2 id="backlinks-title">{t.linked_from}</h2>
                <ul class="backlink-list">
                    {doc.backlinks.iter().map(|c| view! {
                        <li>
                            <a href=c.href(lang) lang=c.language.code()>{c.title.clone()}</a>
                            " "
                            <span class="file-meta">{kind_label(lang, c.kind)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    view! {
        {breadcrumb}
        <article class="doc" lang=card.language.code()>
            <header class="doc-header">
                {notice}
                <p class=format!("eyebrow kind-{}", card.kind.code()) lang=lang.code()>{kind_label(lang, card.kind)}</p>
                <h1>{card.title.clone()}</h1>
                {(!card.summary.is_empty()).then(|| view! { <p class="lead">{card.summary.clone()}</p> })}
                {doc.stale.clone().map(|stale| view! { <StaleNoticeView lang stale/> })}
                <Translations lang card_lang=card.language slug=card.slug.clone() translations=card.translations.clone()/>
                <DocMeta lang doc=doc.clone()/>
            </header>
            {event}
            <div class="doc-layout">
                {toc}
                <div class="doc-body">
                    <div class="prose" inner_html=doc.html.clone()></div>
                    {activities}
                </div>
            </div>
            {attachments}
        </article>
        {backlinks}
    }.into_any()
}

/// Links to the same document in the other languages it exists in.
#[component]
fn Translations(lang: Lang, card_lang: Lang, slug: String, translations: Vec<Lang>) -> AnyView {
    let t = ui(lang);
    let others: Vec<Lang> = translations.into_iter().filter(|l| *l != card_lang).collect();
    (!others.is_empty())
        .then(|| {
            let links = others
                .into_iter()
                .map(|l| {
                    view! {
                        <li>
                            <a href=format!("/{}/doc/{slug}", l.code()) hreflang=l.code() lang=l.code()>
                                {l.native_name()}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="translations" lang=lang.code()>
                    <span>{format!("{}: ", t.other_languages)}</span>
                    <ul class="inline-list">{links}</ul>
                </div>
            }
        })
        .into_any()
}

#[component]
fn DocMeta(lang: Lang, doc: DocPage) -> AnyView {
    let t = ui(lang);
    let c = doc.card;
    let date = c.date.clone().map(|d| {
        let label = c.date_label.clone().unwrap_or_else(|| d.clone());
        view! {
            <div><dt>{t.date}</dt><dd><time datetime=d.clone()>{label}</time></dd></div>
        }
    });
    let authors = (!doc.authors.is_empty()).then(|| {
        view! { <div><dt>{t.authors}</dt><dd lang=c.language.code()>{doc.authors.join(", ")}</dd></div> }
    });
    let countries = (!c.countries.is_empty()).then(|| {
        let names = c.countries.iter().map(|k| country_label(lang, k)).collect::<Vec<_>>().join(", ");
        view! { <div><dt>{t.countries}</dt><dd>{names}</dd></div> }
    });
    let areas = (!c.areas.is_empty()).then(|| {
        let links = c
            .areas
            .iter()
            .map(|a| view! { <li><a href=format!("/{lang}/areas/{}", a.slug)>{a.title.clone()}</a></li> })
            .collect_view();
        view! { <div><dt>{t.areas}</dt><dd><ul class="inline-list">{links}</ul></dd></div> }
    });
    let tags = (!c.tags.is_empty()).then(|| {
        let links = c
            .tags
            .iter()
            .map(|tag| {
                view! {
                    <li>
                        <a href=format!("/{lang}/tags/{}", crate::model::encode_component(&tag.slug))>
                            {format!("#{}", tag.title)}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! { <div><dt>{t.tags}</dt><dd><ul class="inline-list">{links}</ul></dd></div> }
    });
    let visibility = (c.visibility != Visibility::Public).then(|| {
        view! { <div><dt>{t.visibility}</dt><dd>{visibility_label(lang, c.visibility)}</dd></div> }
    });
    view! {
        <dl class="doc-meta" lang=lang.code()>
            {date}
            {authors}
            {countries}
            {areas}
            {tags}
            {visibility}
        </dl>
    }
    .into_any()
}

/// The notice on a translation whose original moved on since it was made (or whose base is
/// not recorded): when, how many versions behind, a link to the original and, for editors,
/// to what changed in it.
#[component]
fn StaleNoticeView(lang: Lang, stale: StaleNotice) -> AnyView {
    let t = ui(lang);
    let original = original_name(lang, stale.original_language);
    let text = match (&stale.updated_on, stale.known) {
        (_, false) => t.stale_unknown.to_string(),
        (Some(date), true) => fill(t.stale_updated, &[("original", original), ("date", date)]),
        (None, true) => fill(t.stale_changed, &[("original", original)]),
    };
    let behind = (stale.behind > 1).then(|| format!(" ({})", count(lang, stale.behind.into(), &t.n_versions_since)));
    view! {
        <aside class="notice notice-stale" role="note" lang=lang.code()>
            <p>
                <strong>{if stale.known { t.outdated_translation } else { t.tr_unknown }}</strong>
                ": "
                {text}
                {behind}
            </p>
            <p class="notice-links">
                <a href=stale.original_href.clone() hreflang=stale.original_language.code()>{t.read_original}</a>
                {stale.diff_href.clone().map(|href| view! { " · " <a href=href>{t.original_changes}</a> })}
            </p>
        </aside>
    }
    .into_any()
}
