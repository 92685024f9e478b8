//! Messages from the server's rules (validation errors, limits, conflicts, flashes), in every
//! language. A [`Msg`] is a stable code with its values; [`Msg::text`] writes it in a language
//! from that language's [`Messages`] table, and the API sends its [`Msg::code`] beside the text.
//! Templates name their values in braces (`{min}`); each language puts them where it needs.
//!
//! The tables are apart from the interface words ([`super::Ui`]) so that they stay out of the
//! browser bundle: only the server writes messages.

mod en;
mod ko;
mod ky;
mod ru;

use crate::model::Lang;

/// Declares the messages: the enum, its codes, the table struct and the text of each.
macro_rules! messages {
    ($($(#[$doc:meta])* $variant:ident $({ $($field:ident : $ty:ty),* $(,)? })? => $key:ident),+ $(,)?) => {
        /// A message from the server's rules: what happened, in no language yet.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Msg {
            $($(#[$doc])* $variant $({ $($field: $ty),* })?),+
        }

        /// One language's text of every message.
        pub struct Messages {
            $(pub $key: &'static str),+
        }

        impl Msg {
            /// The stable code (the API's `error`).
            pub fn code(&self) -> &'static str {
                match self {
                    $(Msg::$variant { .. } => stringify!($key)),+
                }
            }

            /// The message in `lang`.
            pub fn text(&self, lang: Lang) -> String {
                let t = messages(lang);
                match self {
                    $(Msg::$variant $({ $($field),* })? => {
                        fill(t.$key, &[$($((stringify!($field), $field.value(lang))),*)?])
                    }),+
                }
            }
        }
    };
}

messages! {
    // General
    NotFound => not_found,
    SignInRequired => sign_in_required,
    Forbidden => forbidden,
    Internal => internal,
    Busy => busy,
    RequestTooLarge => request_too_large,
    CrossSite => cross_site,
    FormExpired => form_expired,
    UnsupportedRequest => unsupported_request,
    /// A form that could not be read; `detail` is the parser's (technical) reason.
    FormUnreadable { detail: String } => form_unreadable,
    BodyNotJson => body_not_json,
    BodyUnreadable { detail: String } => body_unreadable,
    AddressUnreadable { detail: String } => address_unreadable,
    QueryUnreadable { detail: String } => query_unreadable,
    UnknownValue { name: String, value: String, expected: String } => unknown_value,
    NotANumber { name: String, value: String } => not_a_number,
    // Accounts
    WrongCredentials => wrong_credentials,
    WrongCode => wrong_code,
    SignInExpired => sign_in_expired,
    TwoFactorRequired => two_factor_required,
    CodeRequired => code_required,
    TwoFactorMandatory => two_factor_mandatory,
    TooManyForAccount { minutes: u64 } => too_many_for_account,
    TooManyFromNetwork { minutes: u64 } => too_many_from_network,
    PasswordTooShort { min: usize } => password_too_short,
    PasswordTooLong { max: usize } => password_too_long,
    InvalidEmail => invalid_email,
    NameLength => name_length,
    EmailTaken => email_taken,
    InvitationUsed => invitation_used,
    InvitationDays => invitation_days,
    ResetLinkUsed => reset_link_used,
    WrongCurrentPassword => wrong_current_password,
    CannotDemoteSelf => cannot_demote_self,
    CannotDisableSelf => cannot_disable_self,
    UnknownRole => unknown_role,
    // Discussion
    EmptyPost => empty_post,
    PostTooLong { max: usize, n: usize } => post_too_long,
    TitleLength { max: usize } => title_length,
    ReasonLength { max: usize } => reason_length,
    PostsPerMinute { max: i64 } => posts_per_minute,
    PostsPerHour { max: i64 } => posts_per_hour,
    ThreadLocked => thread_locked,
    ReplyToMissing => reply_to_missing,
    PostNotEditable => post_not_editable,
    PostNotShown => post_not_shown,
    PostDeletedByAuthor => post_deleted_by_author,
    // Publishing
    ChooseKind => choose_kind,
    NoSuchOriginal { slug: String } => no_such_original,
    StructuredData { detail: String } => structured_data,
    SlugTaken { slug: String } => slug_taken,
    OnlyDraftSubmitted => only_draft_submitted,
    NotInReview => not_in_review,
    OwnSubmission => own_submission,
    ReturnNeedsComment => return_needs_comment,
    DecidedMeanwhile => decided_meanwhile,
    DocumentChanged => document_changed,
    ChooseFile => choose_file,
    FileEmpty => file_empty,
    FileTooLarge { size: Bytes, max: usize } => file_too_large,
    UploadTooLarge { max: usize } => upload_too_large,
    FileTypeRefused { mime: String, allowed: String } => file_type_refused,
    FileHasMarkup => file_has_markup,
    FileNotAnImage => file_not_an_image,
    ChooseTwoRevisions => choose_two_revisions,
    NoSuchArea { area: String } => no_such_area,
    /// A problem found in a document's text, at a line of its body.
    AtLine { line: usize, problem: Box<Msg> } => at_line,
    MissingLink { slug: String } => missing_link,
    // Front matter (files and the editor alike)
    FrontMatterStart => front_matter_start,
    FrontMatterUnclosed => front_matter_unclosed,
    /// What the YAML reader said (technical, in English).
    FrontMatterYaml { detail: String } => front_matter_yaml,
    TitleEmpty => title_empty,
    BadSlug { slug: String } => bad_slug,
    LanguageContradicts { given: String, file: String } => language_contradicts,
    BadDate { date: String } => bad_date,
    BadCountry { code: String } => bad_country,
    BadListValue { value: String, key: String } => bad_list_value,
    /// A tag with no letter or digit, too long, or with a comma or line break in it.
    BadTag { value: String, max: usize } => bad_tag,
    EventOnlyWebinar => event_only_webinar,
    ActivitiesOnlyWorkplan => activities_only_workplan,
    EventDate { date: String } => event_date,
    ActivityMonth { id: String, field: String, value: String } => activity_month,
    EventZone { zone: String } => event_zone,
    EventTime { field: String, value: String } => event_time,
    EventNeedsZone => event_needs_zone,
    EventEndBeforeStart { start: String, end: String } => event_end_before_start,
    AgendaOutside { title: String } => agenda_outside,
    AgendaEndBeforeStart { title: String } => agenda_end_before_start,
    ActivityUnknownArea { id: String, area: String } => activity_unknown_area,
    ActivityEndBeforeStart { id: String, start: String, end: String } => activity_end_before_start,
    ActivityUnknownStatus { id: String, value: String, expected: String } => activity_unknown_status,
    ActivityUnknownDependency { id: String, dependency: String } => activity_unknown_dependency,
    ActivityCycle { ids: String } => activity_cycle,
    ActivityDuplicate { id: String } => activity_duplicate,
    ActivityProgress { id: String, value: String } => activity_progress,
    NoSuchActivity { id: String } => no_such_activity,
    OpenQuestionsOnlyArea => open_questions_only_area,
    NoteTooLong { max: usize } => note_too_long,
    OrganisationTooLong { max: usize } => organisation_too_long,
    AttachmentProblem { file: String, problem: String } => attachment_problem,
    TranslatedFromOnTranslations => translated_from_on_translations,
    BadTranslatedFrom { value: String } => bad_translated_from,
    // Flashes: what a form did
    DraftSaved => draft_saved,
    Submitted => submitted,
    Approved => approved,
    Returned => returned,
    FileAttached => file_attached,
    AttachmentRemoved => attachment_removed,
    RevisionRestored => revision_restored,
    Done => done,
    StatusChanged => status_changed,
    Reported => reported,
    WorkplanHasDraft => workplan_has_draft,
}

impl std::fmt::Display for Msg {
    /// In English: for logs and the command line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// The table of a language.
pub fn messages(lang: Lang) -> &'static Messages {
    match lang {
        Lang::En => &en::MESSAGES,
        Lang::Ru => &ru::MESSAGES,
        Lang::Ky => &ky::MESSAGES,
        Lang::Ko => &ko::MESSAGES,
    }
}

/// A template with its `{name}`s replaced.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A number of bytes, written as a file size in the message's language ("1,2 МБ").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bytes(pub i64);

impl Value for Bytes {
    fn value(&self, lang: Lang) -> String {
        super::format::file_size(self.0, lang)
    }
}

/// A message's value, written in the message's language.
trait Value {
    fn value(&self, lang: Lang) -> String;
}

impl Value for String {
    fn value(&self, _: Lang) -> String {
        self.clone()
    }
}

/// Numbers are written the way each language writes them (`12 345` in Russian and Kyrgyz).
macro_rules! number_values {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn value(&self, lang: Lang) -> String {
                super::format::number(*self as i64, lang)
            }
        }
    )*};
}
number_values!(usize, u64, i64);

/// A message inside another (`AtLine`'s problem) is written in the same language.
impl Value for Box<Msg> {
    fn value(&self, lang: Lang) -> String {
        self.text(lang)
    }
}
