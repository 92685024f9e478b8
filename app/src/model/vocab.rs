//! The shared vocabulary: languages, document kinds, sections, visibilities, roles and who is
//! asking. Every closed vocabulary has the same small interface ([`vocabulary!`]): `ALL`, a
//! stable `code()` used in URLs, front matter, the database and the API, `from_code()`,
//! `Display` and `FromStr`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Implements the interface of a closed vocabulary for a fieldless enum: `ALL` (in the order
/// given), `code()`, `from_code()`, `Display` (the code) and `FromStr` (failing with
/// [`UnknownValue`]).
#[macro_export]
macro_rules! vocabulary {
    ($ty:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in the order the interface lists them.
            pub const ALL: [$ty; [$($code),+].len()] = [$($ty::$variant),+];

            /// The stable code (URLs, front matter, database, API).
            pub fn code(self) -> &'static str {
                match self {
                    $($ty::$variant => $code),+
                }
            }

            /// Parses a code; `None` for anything else.
            pub fn from_code(code: &str) -> Option<$ty> {
                Self::ALL.into_iter().find(|v| v.code() == code)
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl $crate::model::Vocabulary for $ty {
            fn parse_code(code: &str) -> Option<Self> {
                $ty::from_code(code)
            }

            fn codes() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.code()).collect()
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::model::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::from_code(s).ok_or_else(|| $crate::model::UnknownValue(s.to_string()))
            }
        }
    };
}

/// What every closed vocabulary offers generic code (API parameters, forms): its codes.
pub trait Vocabulary: Sized {
    fn parse_code(code: &str) -> Option<Self>;
    /// Every code, in order.
    fn codes() -> Vec<&'static str>;
}

/// A language the portal serves and documents are written in.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ru,
    Ky,
    Ko,
}

crate::vocabulary!(Lang { En => "en", Ru => "ru", Ky => "ky", Ko => "ko" });

impl Lang {
    /// The language's name in itself, as the language switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Ky => "Кыргызча",
            Lang::Ko => "한국어",
        }
    }

    /// The language a path starts with (`/ru/doc/x` → Russian); `None` without a language prefix.
    pub fn from_path(path: &str) -> Option<Lang> {
        path.trim_start_matches('/').split('/').next().and_then(Lang::from_code)
    }

    /// The path after its language prefix (`/ru/doc/x` → `/doc/x`), `/` for anything else.
    pub fn path_after(path: &str) -> String {
        match Lang::from_path(path) {
            Some(l) => {
                let rest = &path[1 + l.code().len()..];
                if rest.is_empty() { "/".into() } else { rest.to_string() }
            }
            None => "/".into(),
        }
    }
}

/// The error of parsing one of the closed vocabularies (language, kind, visibility...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue(pub String);

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value `{}`", self.0)
    }
}

impl std::error::Error for UnknownValue {}

/// What a document is. Areas are documents too: the exchange-area pages of the knowledge map.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    CaseStudy,
    Workplan,
    Webinar,
    Lesson,
    Resource,
    Area,
}

crate::vocabulary!(Kind {
    CaseStudy => "case-study",
    Workplan => "workplan",
    Webinar => "webinar",
    Lesson => "lesson",
    Resource => "resource",
    Area => "area",
});

/// A browsable section of the portal: a URL segment that lists documents of some kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    CaseStudies,
    Workplans,
    Webinars,
    Lessons,
    Resources,
}

impl Section {
    pub const ALL: [Section; 5] =
        [Section::CaseStudies, Section::Workplans, Section::Webinars, Section::Lessons, Section::Resources];

    /// The URL segment: `/{lang}/{path}`.
    pub fn path(self) -> &'static str {
        match self {
            Section::CaseStudies => "case-studies",
            Section::Workplans => "workplans",
            Section::Webinars => "webinars",
            Section::Lessons => "lessons",
            Section::Resources => "resources",
        }
    }

    pub fn from_path(path: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.path() == path)
    }

    /// The one kind a section lists.
    pub fn kind(self) -> Kind {
        match self {
            Section::CaseStudies => Kind::CaseStudy,
            Section::Workplans => Kind::Workplan,
            Section::Webinars => Kind::Webinar,
            Section::Lessons => Kind::Lesson,
            Section::Resources => Kind::Resource,
        }
    }

    pub fn for_kind(kind: Kind) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.kind() == kind)
    }
}

/// Who may read a document.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Anyone, signed in or not.
    #[default]
    Public,
    /// Any signed-in account.
    Partners,
    /// Editors, moderators and admins.
    Staff,
}

crate::vocabulary!(Visibility { Public => "public", Partners => "partners", Staff => "staff" });

/// An area or any other slug shown with its title in the reader's language.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub slug: String,
    pub title: String,
}

/// The role of an account. Anonymous visitors have none.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Reader,
    Editor,
    Moderator,
    Admin,
}

crate::vocabulary!(Role { Reader => "reader", Editor => "editor", Moderator => "moderator", Admin => "admin" });

/// Who is asking: the one input every permission check takes.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: Option<i64>,
    pub role: Option<Role>,
}

impl Viewer {
    pub fn anonymous() -> Viewer {
        Viewer::default()
    }

    /// The visibilities this viewer may read: public for everyone, partners for any account,
    /// staff for editors and above.
    pub fn visibilities(&self) -> &'static [Visibility] {
        match self.role {
            None => &[Visibility::Public],
            Some(Role::Reader) => &[Visibility::Public, Visibility::Partners],
            Some(_) => &[Visibility::Public, Visibility::Partners, Visibility::Staff],
        }
    }

    pub fn can_read(&self, v: Visibility) -> bool {
        self.visibilities().contains(&v)
    }
}

/// The characters a query-string component keeps as they are (RFC 3986 "unreserved").
const COMPONENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes a query-string component.
pub fn encode_component(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, COMPONENT).to_string()
}
