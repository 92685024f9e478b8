//! A library of many documents for the benchmarks at scale, written straight through the
//! store as the importer would (so the schema, facets and `changes` log are the real ones).
//!
//! Every document is illustrative filler: numbered titles and repeated generic sentences, no
//! people, no cases, no figures about anyone.

use app::model::{Kind, Lang, Visibility};
use server::db::{NewRevision, Store};
use server::document::{DocMeta, TextSection};

pub const AREAS: [&str; 7] = [
    "children-and-persons-with-disabilities",
    "crisis-centre-capacity",
    "funding-mechanisms",
    "management-structure",
    "operation-processes",
    "social-protection",
    "victim-centred-services",
];

pub const TAGS: [&str; 12] = [
    "capacity-building",
    "case-management",
    "crisis-centres",
    "funding",
    "governance",
    "helpline",
    "hospital-based-services",
    "legal-aid",
    "one-stop-centre",
    "partnership",
    "referral",
    "shelter",
];

const SENTENCES: [&str; 6] = [
    "This illustrative benchmark document stands in for a case study, lesson or resource of the exchange.",
    "It describes in general terms how a one-stop centre brings counselling, medical care and investigation together.",
    "Referral between services is coordinated so that a survivor tells what happened once.",
    "Staff training, supervision and records management are part of every service model.",
    "The exchange compares practice in Korea and in the Kyrgyz Republic area by area.",
    "Funding, management structure and operating procedures decide whether a centre lasts.",
];

/// Writes `sets` translation sets (an English original and a Russian translation each, so
/// `2 × sets` documents) spread over kinds, visibilities, countries, areas, tags and dates.
pub async fn fill(store: &Store, sets: usize) {
    for i in 0..sets {
        let kind = match i % 20 {
            0..=7 => Kind::CaseStudy,
            8..=12 => Kind::Lesson,
            13..=15 => Kind::Webinar,
            _ => Kind::Resource,
        };
        let visibility = match i % 20 {
            0..=15 => Visibility::Public,
            16..=18 => Visibility::Partners,
            _ => Visibility::Staff,
        };
        let countries = match i % 3 {
            0 => vec!["KR".to_string()],
            1 => vec!["KG".to_string()],
            _ => vec!["KR".to_string(), "KG".to_string()],
        };
        let areas = vec![AREAS[i % 7].to_string(), AREAS[(i / 7 + 3) % 7].to_string()];
        let tags = vec![TAGS[i % 12].to_string(), TAGS[(i / 12 + 5) % 12].to_string()];
        let date = format!("{}-{:02}-{:02}", 2012 + i % 14, 1 + i % 12, 1 + i % 28);
        let slug = format!("bench-document-{i:06}");
        for (language, title) in [
            (Lang::En, format!("Illustrative benchmark document {i}: services, referral and coordination")),
            (Lang::Ru, format!("Иллюстративный документ для замеров {i}: услуги, направление и координация")),
        ] {
            let text: String = (0..12).map(|k| SENTENCES[(i + k) % SENTENCES.len()]).collect::<Vec<_>>().join(" ");
            let meta = DocMeta {
                title,
                kind,
                language,
                summary: SENTENCES[i % SENTENCES.len()].to_string() + " " + SENTENCES[(i + 1) % SENTENCES.len()],
                date: Some(date.clone()),
                authors: Vec::new(),
                countries: countries.clone(),
                areas: areas.clone(),
                tags: tags.clone(),
                visibility,
                attachments: Vec::new(),
                event: None,
                activities: Vec::new(),
                open_questions: Vec::new(),
                translated_from: None,
            };
            let rev = NewRevision {
                slug: slug.clone(),
                is_original: language == Lang::En,
                body: text.clone(),
                html: format!("<p>{text}</p>"),
                toc: Vec::new(),
                sections: vec![TextSection { anchor: None, heading: String::new(), text }],
                links: Vec::new(),
                attachments: Vec::new(),
                content_hash: format!("bench-{i}-{}", language.code()),
                source_path: None,
                import_hash: None,
                author_id: None,
                message: "benchmark filler".into(),
                meta,
            };
            store.publish_revision(&rev).await.unwrap_or_else(|e| super::fail(format!("writing filler: {e}")));
        }
    }
}
