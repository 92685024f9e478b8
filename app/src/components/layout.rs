//! The page shell every page shares: `<head>`, skip link, quick exit, header with sections and
//! languages, and the footer.

use leptos::prelude::*;

use crate::i18n::{section_label, ui};
use crate::islands::search_box::SearchBox;
use crate::model::{Lang, Section};

/// What the shell needs that does not change between requests: asset URLs and settings.
#[derive(Clone, Debug)]
pub struct Shell {
    /// URL of the stylesheet (content-hashed).
    pub css_href: String,
    /// URL of the boot script that adds quick-exit keys and hydrates islands; `None` when the
    /// portal runs without a hydration bundle.
    pub boot_href: Option<String>,
    pub icon_href: String,
    /// Where the quick-exit control sends the reader: a neutral, everyday site.
    pub quick_exit_url: String,
}

/// The signed-in person as the header shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserBadge {
    pub name: String,
    pub role: crate::model::Role,
    /// Notifications not read yet.
    pub unread: i64,
}

/// What a page tells the shell about itself.
#[derive(Clone, Debug, Default)]
pub struct PageMeta {
    pub lang: Lang,
    pub title: String,
    pub description: Option<String>,
    /// The path after the language prefix, with its query (`/doc/x`, `/case-studies?area=y`),
    /// so the language switcher can point at the same page in another language.
    pub path: String,
    /// Pages a search engine should not index (errors, personal pages).
    pub noindex: bool,
    pub user: Option<UserBadge>,
    /// Which section the page belongs to, for `aria-current` in the navigation.
    pub section: Option<Section>,
    /// What the search box shows (the current query on the search page).
    pub search_text: String,
    /// The CSRF token the page's forms carry (the sign-out button among them).
    pub csrf: String,
    /// The languages this page's content exists in, when not all four (a document and its
    /// translations): the switcher marks the others, and only these are declared alternates.
    pub languages: Option<Vec<Lang>>,
    /// The site's public address (`https://exchange.example.org`), for absolute alternates.
    pub base_url: String,
}

impl PageMeta {
    /// Whether the page's content exists in `l`.
    pub fn exists_in(&self, l: Lang) -> bool {
        self.languages.as_ref().is_none_or(|ls| ls.contains(&l))
    }
}

/// The whole HTML document around a page body.
#[component]
pub fn Document(shell: Shell, meta: PageMeta, children: Children) -> AnyView {
    let t = ui(meta.lang);
    let lang = meta.lang;
    let title =
        if meta.title.is_empty() { t.site_name.to_string() } else { format!("{} · {}", meta.title, t.site_name) };
    let description = meta.description.clone().unwrap_or_else(|| t.tagline.to_string());
    let robots = meta.noindex.then_some("noindex");
    let boot = shell.boot_href.clone().map(|src| view! { <script type="module" src=src></script> });
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() dir="ltr">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="referrer" content="same-origin"/>
                <meta name="description" content=description/>
                {robots.map(|r| view! { <meta name="robots" content=r/> })}
                <title>{title}</title>
                <link rel="stylesheet" href=shell.css_href.clone()/>
                <link rel="icon" href=shell.icon_href.clone() type="image/svg+xml"/>
                {(!meta.noindex).then(|| alternates(&meta))}
                {boot}
            </head>
            <body>
                <a class="skip-link" href="#main">{t.skip_to_content}</a>
                <Header meta=meta.clone() quick_exit_url=shell.quick_exit_url.clone()/>
                <main id="main" tabindex="-1">
                    {children()}
                </main>
                <footer class="site-footer">
                    <p>{t.footer_source}</p>
                    <p>{t.footer_privacy}</p>
                </footer>
            </body>
        </html>
    }
    .into_any()
}

/// The account's links: for visitors the discussion and sign-in; for members their pages and a
/// sign-out button (a form, so it works without JavaScript and cannot be triggered by a link
/// from elsewhere).
fn account_links(meta: &PageMeta) -> AnyView {
    use crate::model::Role;
    let lang = meta.lang;
    let t = ui(lang);
    match meta.user.clone() {
        None => view! {
            <li><a href=format!("/{lang}/forum")>{t.forum}</a></li>
            <li>
                <a href=format!("/{lang}/login?next={}", crate::model::encode_component(&format!("/{lang}{}", meta.path)))>
                    {t.sign_in}
                </a>
            </li>
        }
        .into_any(),
        Some(user) => {
            let admin = user.role == Role::Admin;
            let moderator = matches!(user.role, Role::Moderator | Role::Admin);
            let inviter = matches!(user.role, Role::Editor | Role::Admin);
            let staff = user.role != Role::Reader;
            // The count says "unread" in words too, so it is not a bare number to a screen reader.
            let unread = (user.unread > 0).then(|| {
                view! { <span class="count" title=t.unread>{format!(" ({})", user.unread)}<span class="visually-hidden">{format!(" {}", t.unread)}</span></span> }
            });
            view! {
                <li><a href=format!("/{lang}/account")>{t.account_nav}</a></li>
                <li><a href=format!("/{lang}/notifications") id="notifications-link">{t.notifications}{unread}</a></li>
                <li><a href=format!("/{lang}/forum")>{t.forum}</a></li>
                <li><a href=format!("/{lang}/my-threads")>{t.my_threads}</a></li>
                {staff.then(|| view! { <li><a href=format!("/{lang}/editor")>{t.editor}</a></li> })}
                {moderator.then(|| view! { <li><a href=format!("/{lang}/moderation")>{t.moderation}</a></li> })}
                {inviter.then(|| view! { <li><a href=format!("/{lang}/admin/invitations")>{t.invitations}</a></li> })}
                {admin.then(|| view! { <li><a href=format!("/{lang}/admin/users")>{t.users}</a></li> })}
                {admin.then(|| view! { <li><a href=format!("/{lang}/admin/audit")>{t.audit_log}</a></li> })}
                <li>
                    <form method="post" action=format!("/{lang}/logout") class="inline-form">
                        <input type="hidden" name="csrf" value=meta.csrf.clone()/>
                        <button type="submit" class="link-button">{t.sign_out}</button>
                    </form>
                </li>
            }
            .into_any()
        }
    }
}

/// On wide screens: the visitor's two links as they are, a member's behind one menu (their name).
#[component]
fn UserMenu(meta: PageMeta) -> AnyView {
    let t = ui(meta.lang);
    match meta.user.clone() {
        None => view! {
            <nav class="user-nav" aria-label=t.account_nav>
                <ul>{account_links(&meta)}</ul>
            </nav>
        }
        .into_any(),
        Some(user) => view! {
            <details class="menu user-menu">
                <summary>{user.name.clone()}</summary>
                <nav aria-label=t.account_nav>
                    <ul>{account_links(&meta)}</ul>
                </nav>
            </details>
        }
        .into_any(),
    }
}

/// `<link rel="alternate" hreflang>` for each language the page exists in, absolute as search
/// engines want them.
fn alternates(meta: &PageMeta) -> impl IntoView {
    let base = meta.base_url.trim_end_matches('/').to_string();
    Lang::ALL
        .into_iter()
        .filter(|l| meta.exists_in(*l))
        .map(|l| view! { <link rel="alternate" hreflang=l.code() href=format!("{base}/{}{}", l.code(), meta.path)/> })
        .collect_view()
}

/// The portal's mark: a sunflower drawn as SVG (no image request, no font), coloured by the
/// stylesheet.
const BRAND_MARK: &str = r#"<svg class="brand-mark" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false"><g class="petals"><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(0 12 12)"/><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(30 12 12)"/><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(60 12 12)"/><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(90 12 12)"/><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(120 12 12)"/><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(150 12 12)"/><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(180 12 12)"/><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(210 12 12)"/><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(240 12 12)"/><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(270 12 12)"/><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(300 12 12)"/><ellipse cx="12" cy="4.6" rx="2.1" ry="4.2" transform="rotate(330 12 12)"/></g><circle class="seeds" cx="12" cy="12" r="4.6"/></svg>"#;

#[component]
fn Header(meta: PageMeta, quick_exit_url: String) -> AnyView {
    let lang = meta.lang;
    let t = ui(lang);
    let sections = || {
        Section::ALL
            .into_iter()
            .map(|s| {
                let current = (meta.section == Some(s)).then_some("page");
                view! {
                    <li>
                        <a href=format!("/{lang}/{}", s.path()) aria-current=current>
                            {section_label(lang, s)}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    let languages = || {
        Lang::ALL
            .into_iter()
            .map(|l| {
                let current = (l == lang).then_some("true");
                // The interface switches either way; the note says the text itself stays untranslated.
                let missing = (!meta.exists_in(l))
                    .then(|| view! { <span class="lang-missing" lang=lang.code()>{t.not_translated}</span> });
                view! {
                    <li>
                        <a
                            href=format!("/{}{}", l.code(), meta.path)
                            hreflang=l.code()
                            lang=l.code()
                            aria-current=current
                        >
                            {l.native_name()}
                        </a>
                        {missing}
                    </li>
                }
            })
            .collect_view()
    };
    // The search page has its own box; one per page.
    let on_search_page = meta.path.starts_with("/search");
    let search = (!on_search_page).then(|| {
        view! { <div class="wide-only header-search"><SearchBox
            lang
            words=crate::islands::search_box::SearchWords::new(lang)
            labels=crate::islands::search_box::SearchLabels::new(lang)
            value=meta.search_text.clone()
        /></div> }
    });
    // In the phone menu, a plain form (the suggesting box is the wide header's).
    let menu_search = (!on_search_page).then(|| {
        view! {
            <form class="search-form" role="search" action=format!("/{lang}/search") method="get">
                <label for="menu-search" class="visually-hidden">{t.search_label}</label>
                <input id="menu-search" type="search" name="q" placeholder=t.search_placeholder/>
                <button type="submit">{t.search}</button>
            </form>
        }
    });
    view! {
        <header class="site-header">
            <div class="header-bar">
                <a class="brand" href=format!("/{lang}/")>
                    <span class="brand-svg" inner_html=BRAND_MARK></span>
                    <span class="brand-name">
                        {t.site_name}
                        <span class="brand-partners">{t.brand_partners}</span>
                    </span>
                </a>
                // Wide screens: sections, languages and the account in one row.
                <nav class="section-nav wide-only" aria-label=t.sections_nav>
                    <ul>{sections()}</ul>
                </nav>
                {search}
                <details class="menu lang-menu wide-only">
                    <summary lang=lang.code()>{lang.native_name()}</summary>
                    <nav aria-label=t.language_nav><ul>{languages()}</ul></nav>
                </details>
                <div class="wide-only"><UserMenu meta=meta.clone()/></div>
                // Phones: one menu with everything.
                <details class="menu phone-menu narrow-only">
                    <summary>
                        <span class="menu-icon" aria-hidden="true">"☰"</span>
                        <span class="menu-label">{t.menu}</span>
                    </summary>
                    <nav aria-label=t.main_menu>
                        {menu_search}
                        <h2 class="menu-heading">{t.sections_nav}</h2>
                        <ul>{sections()}</ul>
                        <h2 class="menu-heading">{t.language_nav}</h2>
                        <ul>{languages()}</ul>
                        <h2 class="menu-heading">{t.account_nav}</h2>
                        <ul>{account_links(&meta)}</ul>
                    </nav>
                </details>
                <a class="quick-exit" id="quick-exit" href=quick_exit_url rel="noreferrer noopener" title=t.quick_exit_hint>
                    {t.quick_exit}
                </a>
            </div>
        </header>
    }
    .into_any()
}
