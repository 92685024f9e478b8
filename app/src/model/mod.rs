//! Data shared by the server and the views: languages, document kinds, and the shapes of what a
//! page shows. Everything here is plain data (serde), so it can cross into an island as props or
//! come back from a server function.
//!
//! One file per noun, all re-exported here: [`vocab`] (languages, kinds, roles, who is asking),
//! [`document`], [`search`], [`discussion`], [`editorial`], [`translation`], [`webinar`],
//! [`workplan`] and [`admin`].

pub mod admin;
pub mod discussion;
pub mod document;
pub mod editorial;
pub mod exchange;
pub mod search;
pub mod translation;
pub mod vocab;
pub mod webinar;
pub mod workplan;

pub use self::admin::*;
pub use self::discussion::*;
pub use self::document::*;
pub use self::editorial::*;
pub use self::exchange::*;
pub use self::search::*;
pub use self::translation::*;
pub use self::vocab::*;
pub use self::webinar::*;
pub use self::workplan::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(k));
        }
        for s in Section::ALL {
            assert_eq!(Section::from_path(s.path()), Some(s));
        }
        assert_eq!(Lang::from_code("de"), None);
    }

    #[test]
    fn filters_make_query_strings() {
        let f = ListFilters { language: Some(Lang::Ru), country: Some("KG".into()), area: None, page: 2 };
        assert_eq!(f.query_string(), "?language=ru&country=KG&page=2");
        assert_eq!(ListFilters::default().query_string(), "");
        assert_eq!(ListFilters::from_query(&f.query_string()), f);
        assert_eq!(ListFilters::from_query("?language=xx&area=&page=abc"), ListFilters::default());
        assert_eq!(encode_component("a b&c"), "a%20b%26c");
    }
}
