//! The words of the interface (the "chrome"), per language.
//!
//! Documents come in four languages already; the chrome is English for now and every string
//! goes through [`ui`], so translating it means adding tables here, not touching views.

use crate::model::{ActivityStatus, Kind, Lang, Section, Visibility};

/// Every fixed string the views show.
pub struct Ui {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub quick_exit: &'static str,
    pub quick_exit_hint: &'static str,
    pub sections_nav: &'static str,
    pub language_nav: &'static str,
    pub home: &'static str,
    pub latest: &'static str,
    pub sections: &'static str,
    pub exchange_areas: &'static str,
    pub read_more: &'static str,
    pub contents: &'static str,
    pub linked_from: &'static str,
    pub attachments: &'static str,
    pub other_languages: &'static str,
    pub not_in_language: &'static str,
    pub filter_language: &'static str,
    pub filter_country: &'static str,
    pub filter_area: &'static str,
    pub any: &'static str,
    pub apply: &'static str,
    pub clear_filters: &'static str,
    pub no_documents: &'static str,
    pub page_previous: &'static str,
    pub page_next: &'static str,
    pub page_of: &'static str,
    pub kind: &'static str,
    pub date: &'static str,
    pub authors: &'static str,
    pub countries: &'static str,
    pub areas: &'static str,
    pub tags: &'static str,
    pub tag: &'static str,
    pub language: &'static str,
    pub visibility: &'static str,
    pub anchor_label: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub error_title: &'static str,
    pub error_text: &'static str,
    pub event: &'static str,
    pub organisers: &'static str,
    pub agenda: &'static str,
    pub time_zone: &'static str,
    pub recording: &'static str,
    pub slides: &'static str,
    pub activities: &'static str,
    pub lead: &'static str,
    pub partners: &'static str,
    pub period: &'static str,
    pub status: &'static str,
    pub outputs: &'static str,
    pub indicators: &'static str,
    pub in_this_area: &'static str,
    pub workplan_activities: &'static str,
    pub footer_privacy: &'static str,
    pub footer_source: &'static str,
    pub all_tags: &'static str,
    pub loading: &'static str,
    pub account_nav: &'static str,
    pub forum: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub my_threads: &'static str,
    pub moderation: &'static str,
    pub invitations: &'static str,
    pub users: &'static str,
    pub audit_log: &'static str,
    pub account: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub sign_in_intro: &'static str,
    pub sign_in_help: &'static str,
    pub create_account: &'static str,
    pub invitation_intro: &'static str,
    pub reset_intro: &'static str,
    pub set_password: &'static str,
    pub change_password: &'static str,
    pub password_changed: &'static str,
    pub discussion: &'static str,
    pub discussion_sign_in: &'static str,
    pub new_thread: &'static str,
    pub thread_title: &'static str,
    pub message: &'static str,
    pub markdown_hint: &'static str,
    pub start_thread: &'static str,
    pub reply: &'static str,
    pub reply_to: &'static str,
    pub post_reply: &'static str,
    pub edit: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub delete: &'static str,
    pub report: &'static str,
    pub report_reason: &'static str,
    pub edited: &'static str,
    pub deleted_placeholder: &'static str,
    pub hidden_placeholder: &'static str,
    pub hidden_marker: &'static str,
    pub hide: &'static str,
    pub unhide: &'static str,
    pub lock: &'static str,
    pub unlock: &'static str,
    pub pin: &'static str,
    pub unpin: &'static str,
    pub locked: &'static str,
    pub pinned: &'static str,
    pub replies: &'static str,
    pub no_threads: &'static str,
    pub new_replies: &'static str,
    pub feed: &'static str,
    pub forum_intro: &'static str,
    pub about_document: &'static str,
    pub open_reports: &'static str,
    pub no_reports: &'static str,
    pub reported_by: &'static str,
    pub invite_someone: &'static str,
    pub valid_days: &'static str,
    pub create_invitation: &'static str,
    pub invitation_link: &'static str,
    pub link_once: &'static str,
    pub disable: &'static str,
    pub enable: &'static str,
    pub disabled: &'static str,
    pub reset_link: &'static str,
    pub change_role: &'static str,
    pub when: &'static str,
    pub who: &'static str,
    pub what: &'static str,
    pub target: &'static str,
    pub year: &'static str,
    pub search: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_results: &'static str,
    pub search_hint: &'static str,
    pub no_results: &'static str,
    pub did_you_mean: &'static str,
    pub filters_removed: &'static str,
    pub matched_in: &'static str,
    pub not_found_words: &'static str,
    pub suggestions: &'static str,
    pub refine: &'static str,
    pub section_label: &'static str,
}

const EN: Ui = Ui {
    site_name: "Sunflower Exchange",
    tagline: "Korea–Kyrgyzstan knowledge exchange on support for survivors of gender-based violence",
    skip_to_content: "Skip to content",
    quick_exit: "Quick exit",
    quick_exit_hint: "Leave this site now (or press Esc twice)",
    sections_nav: "Sections",
    language_nav: "Language",
    home: "Home",
    latest: "Latest documents",
    sections: "Sections",
    exchange_areas: "Exchange areas",
    read_more: "Read more",
    contents: "Contents",
    linked_from: "Linked from",
    attachments: "Attachments",
    other_languages: "Also available in",
    not_in_language: "This document is not available in your language yet. It is shown in its original language.",
    filter_language: "Language",
    filter_country: "Country",
    filter_area: "Exchange area",
    any: "Any",
    apply: "Apply",
    clear_filters: "Clear filters",
    no_documents: "No documents match these filters.",
    page_previous: "Previous",
    page_next: "Next",
    page_of: "of",
    kind: "Kind",
    date: "Date",
    authors: "Authors",
    countries: "Countries",
    areas: "Exchange areas",
    tags: "Tags",
    tag: "Tag",
    language: "Language",
    visibility: "Visibility",
    anchor_label: "Link to this section",
    not_found_title: "Page not found",
    not_found_text: "There is no page at this address. It may have moved, or the link may be mistyped.",
    error_title: "Something went wrong",
    error_text: "The portal could not show this page. Nothing you entered was lost; please try again.",
    event: "Event",
    organisers: "Organisers",
    agenda: "Agenda",
    time_zone: "Time zone",
    recording: "Recording",
    slides: "Slides",
    activities: "Activities",
    lead: "Lead",
    partners: "Partners",
    period: "Period",
    status: "Status",
    outputs: "Outputs",
    indicators: "Indicators",
    in_this_area: "Documents in this area",
    workplan_activities: "Workplan activities in this area",
    footer_privacy: "This portal loads nothing from other sites and does not record what you search for.",
    footer_source: "A Development Solutions Partnership of UNDP Seoul Policy Centre and UNDP Kyrgyz Republic.",
    all_tags: "All tags",
    loading: "Loading…",
    account_nav: "Account",
    forum: "Discussion",
    sign_in: "Sign in",
    sign_out: "Sign out",
    my_threads: "My threads",
    moderation: "Moderation",
    invitations: "Invite",
    users: "Users",
    audit_log: "Audit log",
    account: "Your account",
    email: "E-mail address",
    password: "Password",
    current_password: "Current password",
    new_password: "New password (at least 10 characters)",
    name: "Name shown with your posts",
    role: "Role",
    sign_in_intro: "Partner officials and programme staff sign in to read partner documents and to join the discussion.",
    sign_in_help: "Accounts are by invitation. If you forgot your password, ask an administrator for a reset link.",
    create_account: "Create your account",
    invitation_intro: "You were invited to the Sunflower Exchange. Choose how you sign in.",
    reset_intro: "Choose a new password. You will be signed out everywhere else.",
    set_password: "Set password",
    change_password: "Change password",
    password_changed: "Your password was changed. Other sessions were signed out.",
    discussion: "Discussion",
    discussion_sign_in: "Sign in to read and join the discussion of this document.",
    new_thread: "Start a new thread",
    thread_title: "Title",
    message: "Message",
    markdown_hint: "Markdown: **bold**, *italic*, [link](https://…), lists with -, links to documents with [text](doc:slug).",
    start_thread: "Start thread",
    reply: "Reply",
    reply_to: "In reply to",
    post_reply: "Post reply",
    edit: "Edit",
    save: "Save",
    cancel: "Cancel",
    delete: "Delete",
    report: "Report",
    report_reason: "Why should a moderator look at this post?",
    edited: "edited",
    deleted_placeholder: "This post was deleted by its author.",
    hidden_placeholder: "This post was hidden by a moderator.",
    hidden_marker: "Hidden from members",
    hide: "Hide",
    unhide: "Show again",
    lock: "Lock thread",
    unlock: "Unlock thread",
    pin: "Pin thread",
    unpin: "Unpin thread",
    locked: "Locked",
    pinned: "Pinned",
    replies: "replies",
    no_threads: "No threads yet.",
    new_replies: "new",
    feed: "Atom feed",
    forum_intro: "Questions and exchange between partner officials and programme staff.",
    about_document: "About",
    open_reports: "Reported posts",
    no_reports: "No open reports.",
    reported_by: "Reported by",
    invite_someone: "Invite someone",
    valid_days: "Valid for (days)",
    create_invitation: "Create invitation link",
    invitation_link: "Invitation link",
    link_once: "Copy this link now and send it to the person; it is not shown again.",
    disable: "Disable",
    enable: "Enable",
    disabled: "Disabled",
    reset_link: "Reset link",
    change_role: "Change role",
    when: "When",
    who: "Who",
    what: "What",
    target: "Target",
    year: "Year",
    search: "Search",
    search_label: "Search the portal",
    search_placeholder: "Search in any language",
    search_results: "Search results",
    search_hint: "Type words in English, Russian, Kyrgyz or Korean. Use \"quotes\" for an exact phrase and -word to leave a word out.",
    no_results: "No documents match your search.",
    did_you_mean: "Did you mean",
    filters_removed: "These filters removed every result:",
    matched_in: "Matched in",
    not_found_words: "Not found, so left out:",
    suggestions: "suggestions",
    refine: "Refine",
    section_label: "Section",
};

/// The interface strings for a language.
pub fn ui(_lang: Lang) -> &'static Ui {
    &EN
}

/// A kind's name, singular.
pub fn kind_label(_lang: Lang, kind: Kind) -> &'static str {
    match kind {
        Kind::CaseStudy => "Case study",
        Kind::Workplan => "Workplan",
        Kind::Webinar => "Webinar",
        Kind::Lesson => "Lesson learnt",
        Kind::Resource => "Resource",
        Kind::Area => "Exchange area",
    }
}

/// A section's title.
pub fn section_label(_lang: Lang, section: Section) -> &'static str {
    match section {
        Section::CaseStudies => "Case studies",
        Section::Workplans => "Workplans",
        Section::Webinars => "Webinars",
        Section::Lessons => "Lessons learnt",
        Section::Resources => "Resources",
    }
}

/// A short line under a section's title saying what it holds.
pub fn section_intro(_lang: Lang, section: Section) -> &'static str {
    match section {
        Section::CaseStudies => {
            "The Sunflower Centre model and Kyrgyzstan's crisis centres: how they are managed, how they work, how they are funded."
        }
        Section::Workplans => {
            "What the partnership plans to do, by exchange area: leads, partners, periods and outputs."
        }
        Section::Webinars => "Webinars of the partnership with their agenda, materials and questions.",
        Section::Lessons => "Lessons learnt written by programme staff.",
        Section::Resources => "Background on the partnership and how to use this portal.",
    }
}

/// A country code's name.
pub fn country_label(_lang: Lang, code: &str) -> String {
    match code {
        "KR" => "Republic of Korea".into(),
        "KG" => "Kyrgyz Republic".into(),
        other => other.to_string(),
    }
}

pub fn visibility_label(_lang: Lang, v: Visibility) -> &'static str {
    match v {
        Visibility::Public => "Public",
        Visibility::Partners => "Partners only",
        Visibility::Staff => "Staff only",
    }
}

pub fn status_label(_lang: Lang, s: ActivityStatus) -> &'static str {
    match s {
        ActivityStatus::Planned => "Planned",
        ActivityStatus::InProgress => "In progress",
        ActivityStatus::Done => "Done",
        ActivityStatus::Postponed => "Postponed",
    }
}

pub fn role_label(_lang: Lang, role: crate::model::Role) -> &'static str {
    use crate::model::Role;
    match role {
        Role::Reader => "Reader (partner official)",
        Role::Editor => "Editor (programme staff)",
        Role::Moderator => "Moderator",
        Role::Admin => "Administrator",
    }
}

/// "1 document", "12 documents".
pub fn count_documents(_lang: Lang, n: u32) -> String {
    if n == 1 { "1 document".to_string() } else { format!("{n} documents") }
}

/// A byte count as people read it.
pub fn human_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}
