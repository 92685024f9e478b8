//! The editors' pages: dashboard, the document editor, history and diffs.

use leptos::prelude::*;

use crate::components::coded::coded;
use crate::components::forms::{ActionButton, FormError, Hidden};
use crate::i18n::{
    country_label, decision_label, editorial_state_label, finding_line, kind_label, language_name, ui, visibility_label,
};
use crate::islands::body_editor::BodyEditor;
use crate::model::{
    CompareView, DiffLine, EditorPage, EditorialState, HistoryLine, Kind, Lang, ReviewPage, Visibility, WorkLine,
};

const NEW_KINDS: [Kind; 5] = [Kind::Lesson, Kind::CaseStudy, Kind::Webinar, Kind::Workplan, Kind::Resource];

#[component]
pub fn DashboardPage(lang: Lang, work: Vec<WorkLine>, documents: Vec<WorkLine>) -> AnyView {
    let t = ui(lang);
    let new_links = NEW_KINDS
        .into_iter()
        .map(|k| view! { <li><a class="button" href=format!("/{lang}/editor/new?kind={}", k.code())>{kind_label(lang, k)}</a></li> })
        .collect_view();
    let rows = |lines: Vec<WorkLine>| {
        lines
            .into_iter()
            .map(|w| {
                view! {
                    <tr>
                        <td>
                            <a
                                href=if w.state == EditorialState::Review {
                                    format!("/{lang}/editor/{}/review", w.document_id)
                                } else {
                                    format!("/{lang}/editor/{}", w.document_id)
                                }
                                lang=w.language.code()
                            >
                                {w.title.clone()}
                            </a>
                        </td>
                        <td>{kind_label(lang, w.kind)}</td>
                        <td>{language_name(lang, w.language)}</td>
                        <td><span class=format!("state state-{}", w.state)>{editorial_state_label(lang, w.state)}</span></td>
                        <td>{w.updated.clone()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let review: Vec<WorkLine> = work.iter().filter(|w| w.state == EditorialState::Review).cloned().collect();
    let drafts: Vec<WorkLine> = work.iter().filter(|w| w.state == EditorialState::Draft).cloned().collect();
    let table = move |lines: Vec<WorkLine>| {
        if lines.is_empty() {
            view! { <p class="empty">{t.nothing_here}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table>
                        <thead><tr><th>{t.thread_title}</th><th>{t.kind}</th><th>{t.language}</th><th>{t.status}</th><th>{t.when}</th></tr></thead>
                        <tbody>{rows(lines)}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <div class="editor-dashboard">
            <h1>{t.editor}</h1>
            <p class="editor-tools"><a href=format!("/{lang}/editor/translations")>{t.translation_desk}</a></p>
            <h2>{t.new_document}</h2>
            <ul class="inline-list new-kinds">{new_links}</ul>
            <h2>{t.waiting_for_review}</h2>
            {table(review)}
            <h2>{t.drafts}</h2>
            {table(drafts)}
            <h2>{t.all_documents}</h2>
            {table(documents)}
        </div>
    }
    .into_any()
}

fn diff_view(lines: Vec<DiffLine>) -> impl IntoView {
    let items = lines
        .into_iter()
        .map(|l| {
            let class = match l.sign {
                '+' => "diff-add",
                '-' => "diff-del",
                _ => "diff-same",
            };
            view! { <li class=class><span class="diff-sign" aria-hidden="true">{l.sign.to_string()}</span>{l.text}</li> }
        })
        .collect_view();
    view! { <ol class="diff">{items}</ol> }
}

#[component]
pub fn EditorPageView(lang: Lang, page: EditorPage, csrf: String) -> AnyView {
    let t = ui(lang);
    let f = page.form.clone();
    let id = f.document_id;
    let action = match id {
        Some(id) => format!("/{lang}/editor/{id}"),
        None => format!("/{lang}/editor/new"),
    };
    let title = match id {
        Some(_) => view! { {format!("{}: ", t.edit)} <span lang=f.language.code()>{f.title.clone()}</span> }.into_any(),
        None => t.new_document.into_any(),
    };
    let conflict = page.conflict.clone().map(|c| {
        view! {
            <section class="conflict" role="alert">
                <h2>{t.conflict_title}</h2>
                <p>
                    {format!(
                        "{} {}",
                        t.conflict_text,
                        if c.theirs_author.is_empty() { t.content_folder } else { c.theirs_author.as_str() },
                    )}
                </p>
                <h3>{t.differences}</h3>
                {diff_view(c.diff)}
                <label for="theirs">{t.their_version}</label>
                <textarea id="theirs" rows="10" readonly>{c.theirs_body}</textarea>
            </section>
        }
    });
    let findings = (!page.findings.is_empty()).then(|| {
        let items = page
            .findings
            .iter()
            .map(|fd| {
                let fid = format!("confirm-{}", fd.fingerprint.replace(':', "-"));
                view! {
                    <li>
                        <input type="checkbox" name="confirm" value=fd.fingerprint.clone() id=fid.clone()/>
                        <label for=fid>{finding_line(lang, &fd.kind, fd.line, &fd.excerpt)}</label>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="findings" role="alert">
                <h2>{t.privacy_title}</h2>
                <p>{t.privacy_text}</p>
                <form method="post" action=format!("/{lang}/editor/{}/submit", id.unwrap_or_default()) class="stack-form">
                    <Hidden name="csrf" value=csrf.clone()/>
                    <ul class="finding-list">{items}</ul>
                    <button type="submit">{t.confirm_and_submit}</button>
                </form>
            </section>
        }
    });
    let kinds = Kind::ALL
        .into_iter()
        .filter(|k| *k != Kind::Area || f.kind == Some(Kind::Area))
        .map(|k| view! { <option value=k.code() selected=f.kind == Some(k)>{kind_label(lang, k)}</option> })
        .collect_view();
    let languages = crate::components::forms::language_options(lang, Some(f.language));
    let visibilities = Visibility::ALL
        .into_iter()
        .map(|v| view! { <option value=v.code() selected=f.visibility == v>{visibility_label(lang, v)}</option> })
        .collect_view();
    let countries = ["KG", "KR"]
        .into_iter()
        .map(|c| {
            view! {
                <label class="check">
                    <input type="checkbox" name="countries" value=c checked=f.countries.iter().any(|x| x == c)/>
                    {country_label(lang, c)}
                </label>
            }
        })
        .collect_view();
    let areas = page
        .area_choices
        .iter()
        .map(|a| {
            view! {
                <label class="check">
                    <input type="checkbox" name="areas" value=a.slug.clone() checked=f.areas.contains(&a.slug)/>
                    {a.title.clone()}
                </label>
            }
        })
        .collect_view();
    let new_doc = id.is_none();
    let structured_open = !f.structured.trim().is_empty();
    // The structure of webinars and workplans has fields of its own.
    let structure = match f.kind {
        Some(Kind::Webinar) => {
            Some(view! { <crate::pages::editor_structure::EventFieldset lang event=f.event.clone()/> }.into_any())
        }
        Some(Kind::Workplan) => Some(
            view! {
                <crate::pages::editor_structure::ActivitiesFieldset
                    lang
                    activities=f.activities.clone()
                    areas=page.area_choices.clone()
                />
            }
            .into_any(),
        ),
        _ => None,
    };
    let attachments = id.map(|doc| {
        let items = page
            .attachments
            .iter()
            .map(|a| {
                view! {
                    <li>
                        <a href=format!("/attachments/{}/{}", a.id, crate::model::encode_component(&a.file_name))>{a.title.clone()}</a>
                        <span class="file-meta">{format!(" ({}, {}) ", a.mime, a.size_label.clone())}</span>
                        <ActionButton action=format!("/{lang}/editor/{doc}/attachments/{}/remove", a.id) csrf=csrf.clone() label=t.remove/>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="editor-attachments" aria-labelledby="attachments-h">
                <h2 id="attachments-h">{t.attachments}</h2>
                <ul>{items}</ul>
                <form
                    method="post"
                    enctype="multipart/form-data"
                    action=format!("/{lang}/editor/{doc}/attachments?csrf={}", csrf)
                    class="stack-form"
                >
                    <label for="file">{t.upload_file}</label>
                    <input id="file" name="file" type="file" required accept=".pdf,.docx,.pptx,.xlsx,.odt,.odp,.png,.jpg,.jpeg,.gif,.webp"/>
                    <label for="file-title">{t.thread_title}</label>
                    <input id="file-title" name="title" maxlength="200"/>
                    <p class="hint">{t.upload_hint}</p>
                    <button type="submit">{t.upload}</button>
                </form>
            </section>
        }
    });
    let confirmed = (!page.confirmed.is_empty()).then(|| {
        let items = page
            .confirmed
            .iter()
            .map(|c| view! { <li>{format!("{} — {}", finding_line(lang, &c.kind, c.line, &c.excerpt), c.confirmed_by)}</li> })
            .collect_view();
        view! {
            <h3>{t.confirmed_findings}</h3>
            <ul class="finding-list">{items}</ul>
        }
    });
    let review_link = (page.can_review && page.state == EditorialState::Review).then(|| {
        view! {
            <p class="notice review-link">
                <a href=format!("/{lang}/editor/{}/review", id.unwrap_or_default())>{t.open_review}</a>
            </p>
        }
    });
    let review = (page.can_review && page.state == EditorialState::Review).then(|| {
        view! {
            <section class="review" aria-labelledby="review-h">
                <h2 id="review-h">{t.review}</h2>
                {confirmed}
                <DecisionForm lang id=id.unwrap_or_default() csrf=csrf.clone()/>
            </section>
        }
    });
    let reviews = (!page.reviews.is_empty()).then(|| {
        let items = page
            .reviews
            .iter()
            .map(|r| {
                let decision = decision_label(lang, r.decision);
                view! { <li>{format!("{} — {} ({decision}): {}", r.when, r.reviewer, r.comment)}</li> }
            })
            .collect_view();
        view! { <section><h2>{t.reviews}</h2><ul>{items}</ul></section> }
    });
    let tools = id.map(|doc| {
        view! {
            <p class="editor-tools">
                <a href=format!("/{lang}/editor/{doc}/history")>{t.history}</a>
                {page.public_url.clone().map(|u| view! { " · " <a href=u>{t.published_version}</a> })}
                " · "
                <ActionButton action=format!("/{lang}/editor/{doc}/archive") csrf=csrf.clone() label=t.archive/>
            </p>
        }
    });
    // A translation behind its original can be marked as caught up when saved.
    let behind =
        page.compare.as_ref().is_some_and(|c| !c.base_known || c.rows.iter().any(|r| r.original.iter().any(|l| l.0)));
    let catch_up = behind.then(|| {
        view! {
            <label class="check">
                <input type="checkbox" name="up_to_date" value="on" checked=f.up_to_date/>
                {t.up_to_date_label}
            </label>
            <p class="hint">{t.up_to_date_hint}</p>
        }
    });
    let errors = page.errors.iter().map(|e| view! { <p class="form-error" role="alert">{coded(e)}</p> }).collect_view();
    let warnings = page.warnings.iter().map(|w| view! { <p class="notice">{coded(w)}</p> }).collect_view();
    view! {
        <div class="editor-page">
            <p class="breadcrumb"><a href=format!("/{lang}/editor")>{t.editor}</a></p>
            <h1>{title}</h1>
            <p class="card-meta"><span class=format!("state state-{}", page.state)>{editorial_state_label(lang, page.state)}</span></p>
            {tools}
            {review_link}
            {page.notice.clone().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {errors}
            {warnings}
            {conflict}
            {findings}
            {page.compare.clone().map(|compare| view! { <CompareSection lang compare/> })}
            <form method="post" action=action class="editor-form">
                <Hidden name="csrf" value=csrf.clone()/>
                <Hidden name="base_revision" value=f.base_revision.map(|b| b.to_string()).unwrap_or_default()/>
                <Hidden name="translation_of" value=f.translation_of.clone()/>
                <Hidden name="translated_from" value=f.translated_from.clone()/>
                <div class="editor-fields">
                    <label for="title">{t.thread_title}</label>
                    <input id="title" name="title" required maxlength="300" value=f.title.clone()/>
                    {(!f.translation_of.is_empty()).then(|| view! { <p class="notice">{format!("{} {}", t.translation_of, f.translation_of)}</p> })}
                    <label for="kind">{t.kind}</label>
                    <select id="kind" name="kind">{kinds}</select>
                    <label for="language">{t.language}</label>
                    <select id="language" name="language">{languages}</select>
                    <label for="summary">{t.summary_label}</label>
                    <textarea id="summary" name="summary" rows="2">{f.summary.clone()}</textarea>
                    <label for="date">{t.date}</label>
                    <input id="date" name="date" type="date" value=f.date.clone()/>
                    <label for="authors">{t.authors_label}</label>
                    <textarea id="authors" name="authors" rows="2">{f.authors.clone()}</textarea>
                    <fieldset><legend>{t.countries}</legend>{countries}</fieldset>
                    <fieldset><legend>{t.areas}</legend>{areas}</fieldset>
                    <label for="tags">{t.tags_label}</label>
                    <input id="tags" name="tags" value=f.tags.clone()/>
                    <label for="visibility">{t.visibility}</label>
                    <select id="visibility" name="visibility">{visibilities}</select>
                </div>
                {structure}
                // For experts: the address, and as YAML what has no fields (an area's open
                // questions). Open when it holds something.
                <details class="advanced" open=structured_open>
                    <summary>{t.advanced}</summary>
                    <div class="editor-fields">
                        {new_doc.then(|| view! {
                            <label for="slug">{t.slug}</label>
                            <input id="slug" name="slug" pattern="[a-z0-9]+(-[a-z0-9]+)*" value=f.slug.clone()/>
                            <p class="hint">{t.slug_hint}</p>
                        })}
                        <label for="structured">{t.structured_label}</label>
                        <textarea id="structured" name="structured" rows="4" class="code">{f.structured.clone()}</textarea>
                        <p class="hint">{coded(t.structured_hint)}</p>
                    </div>
                </details>
                <BodyEditor lang words=crate::islands::body_editor::EditorWords::new(lang) body=f.body.clone() preview_html=page.preview_html.clone()/>
                // Linking without knowing slugs: each document's link, ready to copy (no script).
                <details class="link-picker">
                    <summary>{t.link_document}</summary>
                    <p class="hint">{t.link_document_hint}</p>
                    <ul>
                        {page.link_choices.iter().map(|(d, l)| {
                            let line = format!("[{}](doc:{})", d.title, d.slug);
                            view! {
                                <li>
                                    <label>
                                        <span class="link-title" lang=l.code()>{d.title.clone()}</span>
                                        <input
                                            type="text"
                                            readonly
                                            value=line
                                            class="code copy"
                                            lang=l.code()
                                            data-copy=t.copy
                                            data-copied=t.copied
                                        />
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
                {catch_up}
                <label for="message">{t.change_message}</label>
                <input id="message" name="message" maxlength="300" value=f.message.clone()/>
                <div class="button-row">
                    <button type="submit" name="action" value="preview" class="secondary">{t.preview}</button>
                    <button type="submit" name="action" value="save">{t.save_draft}</button>
                    {page.can_edit.then(|| view! { <button type="submit" name="action" value="submit">{t.save_and_submit}</button> })}
                </div>
            </form>
            {attachments}
            {review}
            {reviews}
        </div>
    }
    .into_any()
}

#[component]
pub fn HistoryPage(
    lang: Lang,
    document_id: i64,
    title: String,
    doc_lang: Lang,
    lines: Vec<HistoryLine>,
    csrf: String,
) -> AnyView {
    let t = ui(lang);
    let count = lines.len();
    let rows = lines
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            let n = h.number;
            view! {
                <tr>
                    <td><input type="radio" name="a" value=n.to_string() checked=i == 1 aria-label=format!("{} {n}", t.compare_from)/></td>
                    <td><input type="radio" name="b" value=n.to_string() checked=i == 0 aria-label=format!("{} {n}", t.compare_to)/></td>
                    <td>{n}</td>
                    <td>{h.when.clone()}</td>
                    <td>{h.author.clone()}</td>
                    <td>
                        {h.message.clone()}
                        {h.published.then(|| view! { " " <span class="flag">{t.published_version}</span> })}
                        {h.current.then(|| view! { " " <span class="flag">{t.working_version}</span> })}
                    </td>
                    <td>
                        {(!h.current).then(|| view! {
                            <ActionButton action=format!("/{lang}/editor/{document_id}/restore/{n}") csrf=csrf.clone() label=t.restore/>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="editor-page">
            <p class="breadcrumb">
                <a href=format!("/{lang}/editor/{document_id}") lang=doc_lang.code()>{title.clone()}</a>
            </p>
            <h1>{format!("{}: ", t.history)}<span lang=doc_lang.code()>{title}</span></h1>
            <form method="get" action=format!("/{lang}/editor/{document_id}/diff")>
                <div class="table-wrap">
                    <table>
                        <thead><tr><th>{t.compare_from}</th><th>{t.compare_to}</th><th>"#"</th><th>{t.when}</th><th>{t.who}</th><th>{t.change_message}</th><th></th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {(count > 1).then(|| view! { <button type="submit">{t.compare}</button> })}
            </form>
        </div>
    }
    .into_any()
}

#[component]
pub fn DiffPage(
    lang: Lang,
    document_id: i64,
    title: String,
    doc_lang: Lang,
    a: i64,
    b: i64,
    lines: Vec<DiffLine>,
) -> AnyView {
    let t = ui(lang);
    view! {
        <div class="editor-page">
            <p class="breadcrumb"><a href=format!("/{lang}/editor/{document_id}/history")>{t.history}</a></p>
            <h1><span lang=doc_lang.code()>{title}</span>{format!(": {} {a} → {b}", t.differences)}</h1>
            {if lines.iter().all(|l| l.sign == ' ') {
                view! { <p class="notice" role="status">{t.no_differences}</p> }.into_any()
            } else {
                view! { <div lang=doc_lang.code()>{diff_view(lines)}</div> }.into_any()
            }}
            <FormError error=None/>
        </div>
    }
    .into_any()
}

/// Links for staff below a published document: edit it, or start a missing translation.
#[component]
pub fn DocStaffTools(lang: Lang, document_id: i64, slug: String, kind: Kind, missing: Vec<Lang>) -> AnyView {
    let t = ui(lang);
    let translations = missing
        .into_iter()
        .map(|l| {
            view! {
                <li>
                    <a
                        href=format!("/{lang}/editor/new?kind={}&language={}&translation_of={slug}", kind.code(), l.code())
                        lang=l.code()
                    >
                        {l.native_name()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <aside class="staff-tools" aria-label=t.editor>
            <a class="button" href=format!("/{lang}/editor/{document_id}")>{t.edit}</a>
            <span>{format!(" {}: ", t.translate)}</span>
            <ul class="inline-list">{translations}</ul>
        </aside>
    }
    .into_any()
}

/// The original beside the translation, section by section (aligned on headings), the
/// original's lines changed since the version translated marked.
#[component]
fn CompareSection(lang: Lang, compare: CompareView) -> AnyView {
    let t = ui(lang);
    let original_lang = compare.original_language;
    let rows = compare
        .rows
        .into_iter()
        .map(|row| {
            let original = row
                .original
                .into_iter()
                .map(|(changed, text)| {
                    if changed {
                        view! {
                            <mark class="changed">
                                <span class="visually-hidden" lang=lang.code()>{format!("{}: ", t.changed_mark)}</span>
                                {text}
                            </mark>
                            "\n"
                        }
                        .into_any()
                    } else {
                        view! { {text} "\n" }.into_any()
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <td lang=original_lang.code()><pre class="compare-text">{original}</pre></td>
                    <td><pre class="compare-text">{row.translation}</pre></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="compare" aria-labelledby="compare-h">
            <h2 id="compare-h">{t.compare_title}</h2>
            <p class="hint">{if compare.base_known { t.compare_hint } else { t.compare_base_unknown }}</p>
            <div class="table-wrap">
                <table class="compare-table">
                    <thead>
                        <tr>
                            <th scope="col">{format!("{} ({})", t.tr_original, language_name(lang, original_lang))}</th>
                            <th scope="col">{t.translation_label}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// The reviewer's decision on a submission: approve, or send back with a comment.
#[component]
fn DecisionForm(lang: Lang, id: i64, csrf: String) -> impl IntoView {
    let t = ui(lang);
    view! {
        <form method="post" action=format!("/{lang}/editor/{id}/review") class="stack-form decision">
            <Hidden name="csrf" value=csrf/>
            <label for="comment">{t.review_comment}</label>
            <textarea id="comment" name="comment" rows="3"></textarea>
            <div class="button-row">
                <button type="submit" name="decision" value="approve">{t.approve}</button>
                <button type="submit" name="decision" value="return" class="secondary">{t.send_back}</button>
            </div>
        </form>
    }
}

/// A submission's review page: the decision at the top, the author's confirmations, the
/// changes against what is published, then the text as it will read.
#[component]
pub fn ReviewPageView(lang: Lang, page: ReviewPage, csrf: String) -> AnyView {
    let t = ui(lang);
    let id = page.document_id;
    let confirmed = (!page.editor.confirmed.is_empty()).then(|| {
        let items = page
            .editor
            .confirmed
            .iter()
            .map(|c| view! { <li>{format!("{} — {}", finding_line(lang, &c.kind, c.line, &c.excerpt), c.confirmed_by)}</li> })
            .collect_view();
        view! {
            <section aria-labelledby="confirmed-h">
                <h2 id="confirmed-h">{t.confirmed_findings}</h2>
                <ul class="finding-list">{items}</ul>
            </section>
        }
    });
    let changes = match page.changes.clone() {
        Some(lines) if lines.iter().all(|l| l.sign == ' ') => view! { <p>{t.no_differences}</p> }.into_any(),
        Some(lines) => view! { <div lang=page.doc_lang.code()>{diff_view(lines)}</div> }.into_any(),
        None => view! { <p>{t.first_publication}</p> }.into_any(),
    };
    let decision = (page.editor.can_review && page.editor.state == EditorialState::Review)
        .then(|| view! { <DecisionForm lang id csrf=csrf.clone()/> });
    view! {
        <div class="editor-page review-page">
            <p class="breadcrumb"><a href=format!("/{lang}/editor/{id}")>{t.editor}</a></p>
            <h1>{format!("{}: ", t.review_page)}<span lang=page.doc_lang.code()>{page.title.clone()}</span></h1>
            {decision}
            {confirmed}
            <section aria-labelledby="changes-h">
                <h2 id="changes-h">{t.changes_since_published}</h2>
                {changes}
            </section>
            <section aria-labelledby="text-h">
                <h2 id="text-h">{t.as_it_will_read}</h2>
                <article class="prose" lang=page.doc_lang.code() inner_html=page.html.clone()></article>
            </section>
        </div>
    }
    .into_any()
}
