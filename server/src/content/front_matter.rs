//! Front matter: the YAML block at the top of every Markdown document, and how a file's path
//! gives its slug and language (the Zola/Hugo convention: `x.md` is the original, `x.ru.md`
//! its Russian translation).

use app::model::{Activity, EventInfo, Kind, Lang, Visibility};
use serde::Deserialize;

use app::i18n::msg::Msg;

use crate::document::{AttachmentMeta, DocMeta};
use crate::{webinar, workplan};

/// The front matter as written. Unknown fields are an error that names the field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The document's title. Required.
    pub title: String,
    /// What the document is: `case-study`, `workplan`, `webinar`, `lesson`, `resource` or `area`.
    pub kind: Kind,
    /// `en`, `ru`, `ky` or `ko`; defaults to the file name's suffix, else `en`.
    #[serde(default)]
    pub language: Option<Lang>,
    /// Overrides the slug taken from the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// One or two plain sentences shown in lists and search results.
    #[serde(default)]
    pub summary: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// Organisations or people who wrote it.
    #[serde(default)]
    pub authors: Vec<String>,
    /// ISO 3166 alpha-2 codes (`KR`, `KG`).
    #[serde(default)]
    pub countries: Vec<String>,
    /// Slugs of exchange areas (documents of kind `area`).
    #[serde(default)]
    pub areas: Vec<String>,
    /// Free tags, lowercase with hyphens.
    #[serde(default)]
    pub tags: Vec<String>,
    /// `public` (default), `partners` or `staff`.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// Files beside the Markdown file: `{ file, title }`.
    #[serde(default)]
    pub attachments: Vec<AttachmentRef>,
    /// Webinars only: the event (date, time zone, organisers, agenda...).
    #[serde(default)]
    pub event: Option<webinar::EventFields>,
    /// Workplans only: the structured activities.
    #[serde(default)]
    pub activities: Vec<workplan::ActivityFields>,
    /// Areas only: the open questions of the exchange in this area.
    #[serde(default)]
    pub open_questions: Vec<String>,
    /// Translations only: the version of the original this translation follows, as the
    /// original's revision fingerprint (its history shows it) or the date (`YYYY-MM-DD`) the
    /// original was read. Absent: not recorded (shown as such, never guessed).
    #[serde(default)]
    pub translated_from: Option<String>,
}

/// An attachment entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRef {
    pub file: String,
    #[serde(default)]
    pub title: Option<String>,
}

/// Writes metadata back as front matter, in the order and with the omissions a person would
/// use (the export's way out, and what revision diffs compare).
pub fn to_yaml(meta: &DocMeta, slug: Option<&str>, language: Option<Lang>) -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        title: &'a str,
        kind: Kind,
        #[serde(skip_serializing_if = "Option::is_none")]
        language: Option<Lang>,
        #[serde(skip_serializing_if = "Option::is_none")]
        slug: Option<&'a str>,
        #[serde(skip_serializing_if = "str::is_empty")]
        summary: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        date: Option<&'a str>,
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        authors: &'a [String],
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        countries: &'a [String],
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        areas: &'a [String],
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        tags: &'a [String],
        #[serde(skip_serializing_if = "Option::is_none")]
        visibility: Option<Visibility>,
        #[serde(skip_serializing_if = "<[AttachmentMeta]>::is_empty")]
        attachments: &'a [AttachmentMeta],
        #[serde(skip_serializing_if = "Option::is_none")]
        event: Option<&'a EventInfo>,
        #[serde(skip_serializing_if = "<[Activity]>::is_empty")]
        activities: &'a [Activity],
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        open_questions: &'a [String],
        #[serde(skip_serializing_if = "Option::is_none")]
        translated_from: Option<&'a str>,
    }
    let out = Out {
        title: &meta.title,
        kind: meta.kind,
        language,
        slug,
        summary: &meta.summary,
        date: meta.date.as_deref(),
        authors: &meta.authors,
        countries: &meta.countries,
        areas: &meta.areas,
        tags: &meta.tags,
        visibility: (meta.visibility != Visibility::Public).then_some(meta.visibility),
        attachments: &meta.attachments,
        event: meta.event.as_ref(),
        open_questions: &meta.open_questions,
        activities: &meta.activities,
        translated_from: meta.translated_from.as_deref(),
    };
    serde_norway::to_string(&out).unwrap_or_default()
}

/// A problem in a file, with the 1-based line it is on when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub line: Option<usize>,
    pub msg: Msg,
}

impl FileProblem {
    fn at(line: usize, msg: Msg) -> Self {
        FileProblem { line: Some(line), msg }
    }
}

/// A Markdown file split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub body: &'a str,
    /// The 1-based file line the body starts on.
    pub body_line: usize,
}

/// Splits `source` at its `---` fences.
///
/// # Errors
/// When the file does not start with a `---` line or the block is never closed.
pub fn split(source: &str) -> Result<Split<'_>, FileProblem> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(FileProblem::at(1, Msg::FrontMatterStart));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if line.trim_end() == "---" {
            let yaml = &source[yaml_start..offset];
            let body = &source[offset + line.len()..];
            return Ok(Split { yaml, body, body_line: line_no + 1 });
        }
        offset += line.len();
    }
    Err(FileProblem::at(1, Msg::FrontMatterUnclosed))
}

/// Where a file sits: its slug and language from the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathInfo {
    pub slug: String,
    /// The language suffix (`x.ru.md`), if any.
    pub language: Option<Lang>,
}

/// Reads slug and language from a file name: `foo.md`, `foo.ru.md`.
pub fn path_info(file_name: &str) -> PathInfo {
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    if let Some((base, suffix)) = stem.rsplit_once('.')
        && let Some(lang) = Lang::from_code(suffix)
    {
        return PathInfo { slug: base.to_string(), language: Some(lang) };
    }
    PathInfo { slug: stem.to_string(), language: None }
}

pub use super::keys::valid_slug;

/// A parsed and validated document header.
#[derive(Debug)]
pub struct Parsed {
    pub slug: String,
    pub is_original: bool,
    pub meta: DocMeta,
    /// Tags written in words rather than as keys: (key, the words), in the document's language.
    pub tag_labels: Vec<(String, String)>,
}

/// Parses and validates front matter. `yaml_line` is the file line the YAML starts on, so
/// every problem points at the right line of the file.
///
/// # Errors
/// The first problem found: a YAML error, an unknown field, a bad value.
pub fn parse(yaml: &str, yaml_line: usize, info: &PathInfo) -> Result<Parsed, FileProblem> {
    let fm: FrontMatter = serde_norway::from_str(yaml).map_err(|e| {
        let line = e.location().map(|l| l.line() + yaml_line - 1).unwrap_or(yaml_line);
        FileProblem::at(line, Msg::FrontMatterYaml { detail: yaml_message(&e) })
    })?;
    let line_of = |key: &str| {
        yaml.lines().position(|l| l.starts_with(&format!("{key}:"))).map(|i| i + yaml_line).unwrap_or(yaml_line)
    };
    validate(fm, info, &line_of)
}

/// Checks front matter (from a file, or built from the editor's form) and turns it into the
/// document's metadata. `line_of` gives the line of a key, for messages.
///
/// # Errors
/// The first problem found, with its line.
pub fn validate(fm: FrontMatter, info: &PathInfo, line_of: &dyn Fn(&str) -> usize) -> Result<Parsed, FileProblem> {
    let title = fm.title.trim().to_string();
    if title.is_empty() {
        return Err(FileProblem::at(line_of("title"), Msg::TitleEmpty));
    }
    let language = match (fm.language, info.language) {
        (Some(a), Some(b)) if a != b => {
            return Err(FileProblem::at(
                line_of("language"),
                Msg::LanguageContradicts { given: a.to_string(), file: b.to_string() },
            ));
        }
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => Lang::En,
    };
    let slug = fm.slug.clone().unwrap_or_else(|| info.slug.clone());
    if !valid_slug(&slug) {
        return Err(FileProblem::at(line_of("slug"), Msg::BadSlug { slug }));
    }
    if let Some(date) = &fm.date
        && !crate::dates::valid_date(date)
    {
        return Err(FileProblem::at(line_of("date"), Msg::BadDate { date: date.clone() }));
    }
    for c in &fm.countries {
        if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(FileProblem::at(line_of("countries"), Msg::BadCountry { code: c.clone() }));
        }
    }
    if let Some(bad) = fm.areas.iter().find(|v| !valid_slug(v)) {
        return Err(FileProblem::at(line_of("areas"), Msg::BadListValue { value: bad.clone(), key: "areas".into() }));
    }
    // Tags may be written in any script; each gets a stable key for its address.
    let mut tags: Vec<String> = Vec::new();
    let mut tag_labels = Vec::new();
    for raw in &fm.tags {
        let (key, label) = super::keys::tag(raw).ok_or_else(|| {
            FileProblem::at(line_of("tags"), Msg::BadTag { value: raw.clone(), max: super::keys::MAX_TAG_CHARS })
        })?;
        if !tags.contains(&key) {
            tags.push(key.clone());
        }
        tag_labels.extend(label.map(|l| (key, l)));
    }
    if fm.event.is_some() && fm.kind != Kind::Webinar {
        return Err(FileProblem::at(line_of("event"), Msg::EventOnlyWebinar));
    }
    if !fm.activities.is_empty() && fm.kind != Kind::Workplan {
        return Err(FileProblem::at(line_of("activities"), Msg::ActivitiesOnlyWorkplan));
    }
    if !fm.open_questions.is_empty() && fm.kind != Kind::Area {
        return Err(FileProblem::at(line_of("open_questions"), Msg::OpenQuestionsOnlyArea));
    }
    if let Some(tf) = &fm.translated_from {
        // A file without a language suffix is an original: it follows nothing.
        if info.language.is_none() {
            return Err(FileProblem::at(line_of("translated_from"), Msg::TranslatedFromOnTranslations));
        }
        if !valid_translated_from(tf) {
            return Err(FileProblem::at(line_of("translated_from"), Msg::BadTranslatedFrom { value: tf.clone() }));
        }
    }
    let event = fm.event.map(webinar::validate).transpose().map_err(|m| FileProblem::at(line_of("event"), m))?;
    let activities = workplan::validate(fm.activities).map_err(|m| FileProblem::at(line_of("activities"), m))?;
    let attachments = fm
        .attachments
        .into_iter()
        .map(|a| AttachmentMeta { title: a.title.unwrap_or_else(|| a.file.clone()), file: a.file })
        .collect();
    Ok(Parsed {
        slug,
        is_original: info.language.is_none(),
        meta: DocMeta {
            title,
            kind: fm.kind,
            language,
            summary: fm.summary.unwrap_or_default().trim().to_string(),
            date: fm.date,
            authors: fm.authors,
            countries: fm.countries,
            areas: fm.areas,
            tags,
            visibility: fm.visibility.unwrap_or_default(),
            attachments,
            event,
            activities,
            open_questions: fm
                .open_questions
                .into_iter()
                .map(|q| q.trim().to_string())
                .filter(|q| !q.is_empty())
                .collect(),
            translated_from: fm.translated_from,
        },
        tag_labels,
    })
}

/// A `translated_from` value: a revision fingerprint (8 to 64 hex digits) or a date.
pub fn valid_translated_from(value: &str) -> bool {
    let hex = (8..=64).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_hexdigit());
    hex || crate::dates::valid_date(value)
}

/// serde_norway's message without its own position suffix (we report the file line instead).
fn yaml_message(e: &serde_norway::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_file(name: &str, source: &str) -> Result<Parsed, FileProblem> {
        let s = split(source)?;
        parse(s.yaml, 2, &path_info(name))
    }

    #[test]
    fn names_give_slug_and_language() {
        assert_eq!(
            path_info("sunflower-centre-model.md"),
            PathInfo { slug: "sunflower-centre-model".into(), language: None }
        );
        assert_eq!(
            path_info("sunflower-centre-model.ru.md"),
            PathInfo { slug: "sunflower-centre-model".into(), language: Some(Lang::Ru) }
        );
        // A dot that is not a language code stays in the slug (and the slug check rejects it).
        assert_eq!(path_info("v1.2.md").slug, "v1.2");
        assert!(!valid_slug("v1.2"));
        assert!(valid_slug("2019-01-29-webinar"));
        assert!(!valid_slug("Bad_Slug"));
        assert!(!valid_slug("a--b"));
    }

    #[test]
    fn parses_a_full_header() {
        let p = parse_file(
            "model.ko.md",
            "---\ntitle: 해바라기센터\nkind: case-study\ndate: 2019-03-14\ncountries: [KR]\nareas: [operation-processes]\ntags: [sunflower-centre]\n---\n\nBody\n",
        )
        .unwrap();
        assert_eq!(p.slug, "model");
        assert!(!p.is_original);
        assert_eq!(p.meta.language, Lang::Ko);
        assert_eq!(p.meta.kind, Kind::CaseStudy);
        assert_eq!(p.meta.visibility, Visibility::Public);
        assert_eq!(p.meta.countries, vec!["KR"]);
    }

    #[test]
    fn unknown_field_is_named_with_its_line() {
        let err = parse_file("x.md", "---\ntitle: X\nkind: lesson\ncolour: red\n---\nbody").unwrap_err();
        assert!(err.msg.to_string().contains("unknown field `colour`"), "{}", err.msg.to_string());
        assert_eq!(err.line, Some(4));
    }

    #[test]
    fn bad_values_are_explained() {
        let err = parse_file("x.md", "---\ntitle: X\nkind: essay\n---\n").unwrap_err();
        assert!(err.msg.to_string().contains("unknown variant `essay`"), "{}", err.msg.to_string());
        assert_eq!(err.line, Some(3));

        let err = parse_file("x.md", "---\ntitle: X\nkind: lesson\ndate: 2019-13-01\n---\n").unwrap_err();
        assert!(err.msg.to_string().contains("YYYY-MM-DD"));
        assert_eq!(err.line, Some(4));

        let err = parse_file("x.ru.md", "---\ntitle: X\nkind: lesson\nlanguage: ko\n---\n").unwrap_err();
        assert!(err.msg.to_string().contains("contradicts the file name"));

        let err = parse_file("x.md", "---\nkind: lesson\n---\n").unwrap_err();
        assert!(err.msg.to_string().contains("missing field `title`"), "{}", err.msg.to_string());

        let err = parse_file("x.md", "---\ntitle: X\nkind: lesson\ncountries: [Korea]\n---\n").unwrap_err();
        assert!(err.msg.to_string().contains("ISO country code"));

        let err = parse_file("x.md", "---\ntitle: X\nkind: lesson\nevent: {date: 2019-01-29}\n---\n").unwrap_err();
        assert!(err.msg.to_string().contains("only for documents of kind `webinar`"));
    }

    #[test]
    fn broken_yaml_and_fences_are_reported() {
        let err = split("title: X\n").unwrap_err();
        assert_eq!(err.line, Some(1));
        let err = split("---\ntitle: X\n").unwrap_err();
        assert!(err.msg.to_string().contains("never closed"));
        let err = parse_file("x.md", "---\ntitle: X\nkind: [lesson\n---\n").unwrap_err();
        assert!(err.line.unwrap() >= 3, "{err:?}");
    }

    #[test]
    fn split_finds_the_body_line() {
        let s = split("---\ntitle: X\n---\nline four\n").unwrap();
        assert_eq!(s.body_line, 4);
        assert_eq!(s.body, "line four\n");
        assert_eq!(s.yaml, "title: X\n");
    }
}
