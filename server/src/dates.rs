//! Dates and times: how they are written for a reader (their language, their time zone), and
//! which strings are dates.

use app::i18n::format;
use app::model::Lang;
use chrono_tz::Tz;

/// The time zones offered in the account settings: the partnership's two countries first.
pub const ZONES: &[Tz] = &[
    chrono_tz::Asia::Bishkek,
    chrono_tz::Asia::Seoul,
    chrono_tz::UTC,
    chrono_tz::Europe::London,
    chrono_tz::Europe::Moscow,
    chrono_tz::Asia::Almaty,
    chrono_tz::Asia::Tashkent,
    chrono_tz::America::New_York,
];

/// How times are written for one reader: in their language, in their time zone (their
/// account's, else the language's default: Bishkek for Russian and Kyrgyz, Seoul for Korean,
/// UTC for English), the zone named.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    pub lang: Lang,
    pub zone: Tz,
}

impl Clock {
    /// The clock of a reader of `lang` whose account chose `zone` (an IANA name), if any.
    pub fn new(lang: Lang, zone: Option<&str>) -> Clock {
        let zone = zone.and_then(|z| z.parse::<Tz>().ok()).unwrap_or_else(|| format::default_zone(lang));
        Clock { lang, zone }
    }

    /// A moment: "12 March 2026 at 14:05 (Bishkek)".
    pub fn time(&self, unix: i64) -> String {
        format::date_time(unix, self.lang, self.zone)
    }

    /// A `YYYY-MM-DD` date in full: "29 January 2019".
    pub fn date(&self, iso: &str) -> String {
        format::date(iso, self.lang)
    }
}

/// A moment for machines (the API, feeds): RFC 3339 in UTC.
pub fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Whether `s` is a date written `YYYY-MM-DD`.
pub fn valid_date(s: &str) -> bool {
    time::Date::parse(s, &time::macros::format_description!("[year]-[month]-[day]")).is_ok()
}

/// Whether `s` is a month written `YYYY-MM`.
pub fn valid_month(s: &str) -> bool {
    valid_date(&format!("{s}-01"))
}

/// The UTC day of a moment, written `YYYY-MM-DD`.
pub fn iso_date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default().format("%Y-%m-%d").to_string()
}
