//! The words of the interface (the "chrome"), per language.
//!
//! Every fixed string the views show goes through [`ui`]; each language is one table of the same
//! struct, so a missing translation is a compile error rather than an English word on a Kyrgyz page.
//! Messages from the server's rules are in [`msg`], dates, times, numbers and sizes in
//! [`format`] (both server-side only).

mod en;
mod ko;
mod ky;
mod ru;

#[cfg(feature = "ssr")]
pub mod format;
#[cfg(feature = "ssr")]
pub mod msg;

use crate::model::{
    ActivityStatus, AuditAction, Decision, EditorialState, Kind, Lang, Role, Section, TranslationStatus, Visibility,
};

/// A phrase with a number in it, in the plural forms a language needs: English and Kyrgyz use
/// `one`/`many`, Korean only `many`, Russian all three (1 документ, 2 документа, 5 документов).
/// `{n}` stands for the number, wherever the language puts it.
pub struct Counted {
    pub one: &'static str,
    pub few: &'static str,
    pub many: &'static str,
}

/// Every fixed string the views show.
pub struct Ui {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub quick_exit: &'static str,
    pub quick_exit_hint: &'static str,
    pub sections_nav: &'static str,
    pub language_nav: &'static str,
    pub menu: &'static str,
    pub filters: &'static str,
    pub col_name: &'static str,
    pub col_last_sign_in: &'static str,
    pub col_actions: &'static str,
    pub col_details: &'static str,
    pub advanced: &'static str,
    pub brand_partners: &'static str,
    pub pending_invitations: &'static str,
    pub no_pending: &'static str,
    pub revoke: &'static str,
    pub col_created: &'static str,
    pub col_expires: &'static str,
    pub col_by: &'static str,
    pub copy_hint: &'static str,
    pub review_page: &'static str,
    pub open_review: &'static str,
    pub changes_since_published: &'static str,
    pub first_publication: &'static str,
    pub as_it_will_read: &'static str,
    pub profile_title: &'static str,
    pub organisation_label: &'static str,
    pub country_label: &'static str,
    pub not_said: &'static str,
    pub profile_saved: &'static str,
    pub your_time: &'static str,
    pub link_document: &'static str,
    pub link_document_hint: &'static str,
    pub no_differences: &'static str,
    pub dismiss_report: &'static str,
    pub sign_in_to_see_more: &'static str,
    pub not_in_language_named: &'static str,
    pub showing_results_for: &'static str,
    pub search_how: &'static str,
    pub start_here: &'static str,
    pub main_menu: &'static str,
    pub pages_nav: &'static str,
    pub breadcrumb: &'static str,
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
    pub time_zone_hint: &'static str,
    pub time_zone_default: &'static str,
    pub time_zone_saved: &'static str,
    pub stale_updated: &'static str,
    pub stale_changed: &'static str,
    pub stale_unknown: &'static str,
    pub read_original: &'static str,
    pub original_changes: &'static str,
    pub outdated_translation: &'static str,
    pub not_translated: &'static str,
    pub only_my_language: &'static str,
    pub filters_of: &'static str,
    pub translation_desk: &'static str,
    pub desk_intro: &'static str,
    pub tr_original: &'static str,
    pub tr_missing: &'static str,
    pub tr_up_to_date: &'static str,
    pub tr_outdated: &'static str,
    pub tr_unknown: &'static str,
    pub tr_in_progress: &'static str,
    pub original_updated_on: &'static str,
    pub translate_action: &'static str,
    pub document_column: &'static str,
    pub no_desk_rows: &'static str,
    pub compare_title: &'static str,
    pub compare_hint: &'static str,
    pub compare_base_unknown: &'static str,
    pub translation_label: &'static str,
    pub changed_mark: &'static str,
    pub language_names: [&'static str; 4],
    pub original_names: [&'static str; 4],
    pub state_new: &'static str,
    pub state_draft: &'static str,
    pub state_review: &'static str,
    pub state_published: &'static str,
    pub state_archived: &'static str,
    pub edited_in_portal: &'static str,
    pub imported_from: &'static str,
    pub updated_from: &'static str,
    pub template_lesson: &'static str,
    pub template_case_study: &'static str,
    pub template_webinar: &'static str,
    pub template_workplan: &'static str,
    pub content_folder: &'static str,
    pub command_line: &'static str,
    pub via_invitation: &'static str,
    pub via_command_line: &'static str,
    pub finding_line: &'static str,
    pub decision_approved: &'static str,
    pub decision_returned: &'static str,
    pub up_to_date_label: &'static str,
    pub up_to_date_hint: &'static str,
    pub audit_actions: [&'static str; AuditAction::ALL.len()],
    pub audit_targets: [&'static str; 5],
    pub privacy_kinds: [&'static str; PRIVACY_KINDS.len()],
    pub recording: &'static str,
    pub materials: &'static str,
    pub institutions: &'static str,
    pub organisation: &'static str,
    pub whole_day: &'static str,
    pub upcoming: &'static str,
    pub past: &'static str,
    pub add_to_calendar: &'static str,
    pub subscribe_webinars: &'static str,
    pub agenda_item: &'static str,
    pub presenter: &'static str,
    pub starts: &'static str,
    pub ends: &'static str,
    pub area_one: &'static str,
    pub one_per_line: &'static str,
    pub comma_separated: &'static str,
    pub structure_hint: &'static str,
    pub activity_id: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub upcoming_webinars: &'static str,
    pub past_webinars: &'static str,
    pub timeline: &'static str,
    pub today: &'static str,
    pub delayed: &'static str,
    pub depends_on: &'static str,
    pub evidence: &'static str,
    pub history_title: &'static str,
    pub progress_since: &'static str,
    pub change_status: &'static str,
    pub progress_note: &'static str,
    pub save_status: &'static str,
    pub download_csv: &'static str,
    pub activity_table: &'static str,
    pub open_questions: &'static str,
    pub map_title: &'static str,
    pub map_intro: &'static str,
    pub map_korean_practice: &'static str,
    pub map_kyrgyz_context: &'static str,
    pub map_open_discussions: &'static str,
    pub map_area: &'static str,
    pub map_link: &'static str,
    pub activity_title: &'static str,
    pub activity_number: &'static str,
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
    pub editor: &'static str,
    pub new_document: &'static str,
    pub waiting_for_review: &'static str,
    pub drafts: &'static str,
    pub all_documents: &'static str,
    pub nothing_here: &'static str,
    pub body_label: &'static str,
    pub preview: &'static str,
    pub preview_hint: &'static str,
    pub conflict_title: &'static str,
    pub conflict_text: &'static str,
    pub differences: &'static str,
    pub their_version: &'static str,
    pub privacy_title: &'static str,
    pub privacy_text: &'static str,
    pub confirmed_findings: &'static str,
    pub confirm_and_submit: &'static str,
    pub remove: &'static str,
    pub upload_file: &'static str,
    pub upload_hint: &'static str,
    pub upload: &'static str,
    pub review: &'static str,
    pub review_comment: &'static str,
    pub approve: &'static str,
    pub send_back: &'static str,
    pub reviews: &'static str,
    pub history: &'static str,
    pub published_version: &'static str,
    pub working_version: &'static str,
    pub archive: &'static str,
    pub slug: &'static str,
    pub slug_hint: &'static str,
    pub translation_of: &'static str,
    pub summary_label: &'static str,
    pub authors_label: &'static str,
    pub tags_label: &'static str,
    pub structured_label: &'static str,
    pub structured_hint: &'static str,
    pub change_message: &'static str,
    pub save_draft: &'static str,
    pub save_and_submit: &'static str,
    pub compare_from: &'static str,
    pub compare_to: &'static str,
    pub compare: &'static str,
    pub restore: &'static str,
    pub translate: &'static str,
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
    pub two_factor: &'static str,
    pub code_title: &'static str,
    pub code_label: &'static str,
    pub code_help: &'static str,
    pub setup_title: &'static str,
    pub setup_intro: &'static str,
    pub setup_intro_optional: &'static str,
    pub setup_manual: &'static str,
    pub confirm_code: &'static str,
    pub recovery_title: &'static str,
    pub recovery_intro: &'static str,
    pub continue_on: &'static str,
    pub two_factor_on: &'static str,
    pub two_factor_off: &'static str,
    pub set_up_two_factor: &'static str,
    pub turn_off_two_factor: &'static str,
    pub reset_two_factor: &'static str,
    pub qr_label: &'static str,
    pub create_account: &'static str,
    pub invitation_intro: &'static str,
    pub reset_intro: &'static str,
    pub set_password: &'static str,
    pub change_password: &'static str,
    pub password_changed: &'static str,
    pub time_zone: &'static str,
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
    pub delete_confirm: &'static str,
    pub edited: &'static str,
    pub deleted_placeholder: &'static str,
    pub hidden_placeholder: &'static str,
    pub hidden_marker: &'static str,
    pub hide: &'static str,
    pub moderate_post: &'static str,
    pub back_to_thread: &'static str,
    pub unhide: &'static str,
    pub lock: &'static str,
    pub unlock: &'static str,
    pub pin: &'static str,
    pub unpin: &'static str,
    pub locked: &'static str,
    pub pinned: &'static str,
    pub no_threads: &'static str,
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
    // Names of things the views list: kinds, sections, countries, visibilities, statuses, roles.
    pub kind_case_study: &'static str,
    pub kind_workplan: &'static str,
    pub kind_webinar: &'static str,
    pub kind_lesson: &'static str,
    pub kind_resource: &'static str,
    pub kind_area: &'static str,
    pub section_case_studies: &'static str,
    pub section_workplans: &'static str,
    pub section_webinars: &'static str,
    pub section_lessons: &'static str,
    pub section_resources: &'static str,
    pub intro_case_studies: &'static str,
    pub intro_workplans: &'static str,
    pub intro_webinars: &'static str,
    pub intro_lessons: &'static str,
    pub intro_resources: &'static str,
    pub country_kr: &'static str,
    pub country_kg: &'static str,
    pub visibility_public: &'static str,
    pub visibility_partners: &'static str,
    pub visibility_staff: &'static str,
    pub status_planned: &'static str,
    pub status_in_progress: &'static str,
    pub status_done: &'static str,
    pub status_postponed: &'static str,
    pub role_reader: &'static str,
    pub role_editor: &'static str,
    pub role_moderator: &'static str,
    pub role_admin: &'static str,
    // Notifications and e-mail.
    pub notifications: &'static str,
    pub no_notifications: &'static str,
    pub mark_all_read: &'static str,
    pub unread: &'static str,
    pub notif_reply: &'static str,
    pub notif_mention: &'static str,
    pub notif_review: &'static str,
    pub notif_approved: &'static str,
    pub notif_returned: &'static str,
    pub mail_title: &'static str,
    pub mail_intro: &'static str,
    pub mail_off_note: &'static str,
    pub mail_replies: &'static str,
    pub mail_reviews: &'static str,
    pub mail_mentions: &'static str,
    pub digest_label: &'static str,
    pub digest_off: &'static str,
    pub digest_daily: &'static str,
    pub digest_weekly: &'static str,
    pub mail_language: &'static str,
    pub choices_saved: &'static str,
    pub unsubscribe_title: &'static str,
    pub unsubscribe_confirm: &'static str,
    pub unsubscribe_button: &'static str,
    pub unsubscribed: &'static str,
    pub all_mail: &'static str,
    pub mail_is_off: &'static str,
    pub mail_status: &'static str,
    pub invite_email: &'static str,
    pub invite_language: &'static str,
    pub reset_mailed: &'static str,
    pub follow_thread: &'static str,
    pub unfollow_thread: &'static str,
    // Counted phrases: `{n}` is replaced by the number (see [`Counted`]).
    pub n_documents: Counted,
    pub n_replies: Counted,
    pub n_new: Counted,
    pub n_suggestions: Counted,
    pub n_versions_since: Counted,
    pub n_valid_days: Counted,
}

/// The interface strings for a language.
pub fn ui(lang: Lang) -> &'static Ui {
    match lang {
        Lang::En => &en::EN,
        Lang::Ru => &ru::RU,
        Lang::Ky => &ky::KY,
        Lang::Ko => &ko::KO,
    }
}

/// `counted` with the plural form `lang` calls for, e.g. "3 documents", "3 документа", "문서 3건".
pub fn count(lang: Lang, n: u64, counted: &Counted) -> String {
    let form = match lang {
        Lang::Ru => match (n % 10, n % 100) {
            (1, r) if r != 11 => counted.one,
            (2..=4, r) if !(12..=14).contains(&r) => counted.few,
            _ => counted.many,
        },
        Lang::En | Lang::Ky | Lang::Ko => {
            if n == 1 {
                counted.one
            } else {
                counted.many
            }
        }
    };
    form.replace("{n}", &n.to_string())
}

/// "1 document", "12 documents".
pub fn count_documents(lang: Lang, n: u32) -> String {
    count(lang, n.into(), &ui(lang).n_documents)
}

/// A kind's name, singular.
pub fn kind_label(lang: Lang, kind: Kind) -> &'static str {
    let t = ui(lang);
    match kind {
        Kind::CaseStudy => t.kind_case_study,
        Kind::Workplan => t.kind_workplan,
        Kind::Webinar => t.kind_webinar,
        Kind::Lesson => t.kind_lesson,
        Kind::Resource => t.kind_resource,
        Kind::Area => t.kind_area,
    }
}

/// A section's title.
pub fn section_label(lang: Lang, section: Section) -> &'static str {
    let t = ui(lang);
    match section {
        Section::CaseStudies => t.section_case_studies,
        Section::Workplans => t.section_workplans,
        Section::Webinars => t.section_webinars,
        Section::Lessons => t.section_lessons,
        Section::Resources => t.section_resources,
    }
}

/// A short line under a section's title saying what it holds.
pub fn section_intro(lang: Lang, section: Section) -> &'static str {
    let t = ui(lang);
    match section {
        Section::CaseStudies => t.intro_case_studies,
        Section::Workplans => t.intro_workplans,
        Section::Webinars => t.intro_webinars,
        Section::Lessons => t.intro_lessons,
        Section::Resources => t.intro_resources,
    }
}

/// A country code's name (codes the partnership does not use are shown as they are).
pub fn country_label(lang: Lang, code: &str) -> String {
    let t = ui(lang);
    match code {
        "KR" => t.country_kr.into(),
        "KG" => t.country_kg.into(),
        other => other.to_string(),
    }
}

pub fn visibility_label(lang: Lang, v: Visibility) -> &'static str {
    let t = ui(lang);
    match v {
        Visibility::Public => t.visibility_public,
        Visibility::Partners => t.visibility_partners,
        Visibility::Staff => t.visibility_staff,
    }
}

pub fn status_label(lang: Lang, s: ActivityStatus) -> &'static str {
    let t = ui(lang);
    match s {
        ActivityStatus::Planned => t.status_planned,
        ActivityStatus::InProgress => t.status_in_progress,
        ActivityStatus::Done => t.status_done,
        ActivityStatus::Postponed => t.status_postponed,
    }
}

pub fn role_label(lang: Lang, role: Role) -> &'static str {
    let t = ui(lang);
    match role {
        Role::Reader => t.role_reader,
        Role::Editor => t.role_editor,
        Role::Moderator => t.role_moderator,
        Role::Admin => t.role_admin,
    }
}

/// A language's name as a reader of `reader` calls it ("English", "Английский", "영어").
pub fn language_name(reader: Lang, l: Lang) -> &'static str {
    ui(reader).language_names[Lang::ALL.iter().position(|x| *x == l).unwrap_or(0)]
}

/// "English original" in the reader's language, for the outdated-translation notice.
pub fn original_name(reader: Lang, l: Lang) -> &'static str {
    ui(reader).original_names[Lang::ALL.iter().position(|x| *x == l).unwrap_or(0)]
}

pub fn translation_status_label(lang: Lang, s: TranslationStatus) -> &'static str {
    let t = ui(lang);
    match s {
        TranslationStatus::Original => t.tr_original,
        TranslationStatus::Missing => t.tr_missing,
        TranslationStatus::UpToDate => t.tr_up_to_date,
        TranslationStatus::Outdated => t.tr_outdated,
        TranslationStatus::Unknown => t.tr_unknown,
        TranslationStatus::InProgress => t.tr_in_progress,
    }
}

pub fn editorial_state_label(lang: Lang, s: EditorialState) -> &'static str {
    let t = ui(lang);
    match s {
        EditorialState::New => t.state_new,
        EditorialState::Draft => t.state_draft,
        EditorialState::Review => t.state_review,
        EditorialState::Published => t.state_published,
        EditorialState::Archived => t.state_archived,
    }
}

/// What an audit-log entry records, in the reader's words.
pub fn audit_action_label(lang: Lang, action: AuditAction) -> &'static str {
    ui(lang).audit_actions[AuditAction::ALL.iter().position(|a| *a == action).unwrap_or(0)]
}

/// The kinds of personal data the pre-review check finds, as the check names them (and as
/// confirmations keep them); [`privacy_kind_label`] gives the reader's words.
pub const PRIVACY_KINDS: [&str; 7] = [
    "e-mail address",
    "Korean resident registration number",
    "Kyrgyz personal identification number",
    "passport number",
    "date of birth",
    "phone number",
    // Not personal data, but confirmed the same way before review: a `doc:` link to a
    // document that does not exist (it is published as plain text).
    "link to a missing document",
];

pub fn privacy_kind_label(lang: Lang, kind: &str) -> String {
    match PRIVACY_KINDS.iter().position(|k| *k == kind) {
        Some(i) => ui(lang).privacy_kinds[i].to_string(),
        None => kind.to_string(),
    }
}

/// A personal-data finding: "phone number (line 3): … ██████ …".
pub fn finding_line(lang: Lang, kind: &str, line: usize, excerpt: &str) -> String {
    fill(
        ui(lang).finding_line,
        &[("kind", &privacy_kind_label(lang, kind)), ("line", &line.to_string()), ("excerpt", excerpt)],
    )
}

pub fn decision_label(lang: Lang, d: Decision) -> &'static str {
    let t = ui(lang);
    match d {
        Decision::Approved => t.decision_approved,
        Decision::Returned => t.decision_returned,
    }
}

/// A phrase with named blanks filled: `fill("{a} and {b}", &[("a", "x"), ("b", "y")])`.
pub fn fill(phrase: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(phrase.to_string(), |s, (name, value)| s.replace(&format!("{{{name}}}"), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_counts_take_the_form_the_number_needs() {
        let forms: Vec<String> =
            [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map(|n| count_documents(Lang::Ru, n)).into();
        let nouns: Vec<&str> = forms.iter().map(|f| f.split(' ').nth(1).unwrap()).collect();
        assert_eq!(
            nouns,
            [
                "документ",
                "документа",
                "документа",
                "документов",
                "документов",
                "документов",
                "документов",
                "документ",
                "документа",
                "документов",
                "документ",
                "документов"
            ]
        );
    }

    #[test]
    fn counts_put_the_number_where_each_language_puts_it() {
        assert_eq!(count_documents(Lang::En, 1), "1 document");
        assert_eq!(count_documents(Lang::En, 3), "3 documents");
        assert!(count_documents(Lang::Ko, 3).contains('3') && !count_documents(Lang::Ko, 3).contains("{n}"));
        assert!(count_documents(Lang::Ky, 3).starts_with("3 "));
    }

    #[test]
    fn every_language_has_its_own_words_for_the_chrome() {
        let en = ui(Lang::En);
        for lang in [Lang::Ru, Lang::Ky, Lang::Ko] {
            let t = ui(lang);
            // A sample across the table; the compiler already checks that no field is missing.
            for (english, translated) in [
                (en.quick_exit, t.quick_exit),
                (en.skip_to_content, t.skip_to_content),
                (en.search, t.search),
                (en.latest, t.latest),
                (en.not_found_title, t.not_found_title),
                (en.sign_in, t.sign_in),
                (en.post_reply, t.post_reply),
                (en.save_draft, t.save_draft),
                (en.kind_case_study, t.kind_case_study),
                (en.intro_lessons, t.intro_lessons),
                (en.role_reader, t.role_reader),
            ] {
                assert!(!translated.is_empty() && translated != english, "{lang:?}: {english:?} is not translated");
            }
            assert_eq!(t.site_name, en.site_name, "the product name stays the same");
        }
    }
}
