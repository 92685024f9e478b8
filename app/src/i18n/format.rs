//! Dates, times, numbers and file sizes written the way each language writes them, with ICU4X
//! (CLDR's data, compiled in): "29 January 2019", "29 января 2019 г.", "2019-ж. 29-январь",
//! "2019년 1월 29일". Times are shown in a time zone, which is named.
//!
//! Server-side only: pages receive these as text, so the browser bundle carries no ICU data.

use std::sync::LazyLock;

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use icu::datetime::fieldsets::{T, YM, YMD, YMDT};
use icu::datetime::input::{Date, DateTime, Time};
use icu::datetime::options::TimePrecision;
use icu::datetime::{DateTimeFormatter, NoCalendarFormatter};
use icu::decimal::DecimalFormatter;
use icu::decimal::input::Decimal;
use icu::locale::Locale;

use crate::model::Lang;

/// The locale each language is written in (British English: "29 January 2019").
fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::En => "en-GB",
        Lang::Ru => "ru",
        Lang::Ky => "ky",
        Lang::Ko => "ko",
    }
    .parse()
    .expect("a valid locale")
}

/// One formatter of each kind per language, made once.
struct Formatters {
    date: DateTimeFormatter<YMD>,
    date_time: DateTimeFormatter<YMDT>,
    month: DateTimeFormatter<YM>,
    time: NoCalendarFormatter<T>,
    decimal: DecimalFormatter,
}

static FORMATTERS: LazyLock<[Formatters; 4]> = LazyLock::new(|| {
    Lang::ALL.map(|lang| {
        let l = locale(lang);
        Formatters {
            date: DateTimeFormatter::try_new(l.clone().into(), YMD::long()).expect("date data"),
            date_time: DateTimeFormatter::try_new(
                l.clone().into(),
                YMDT::long().with_time_precision(TimePrecision::Minute),
            )
            .expect("date-time data"),
            month: DateTimeFormatter::try_new(l.clone().into(), YM::long()).expect("month data"),
            time: NoCalendarFormatter::try_new(l.clone().into(), T::hm()).expect("time data"),
            decimal: DecimalFormatter::try_new(l.into(), Default::default()).expect("number data"),
        }
    })
});

fn formatters(lang: Lang) -> &'static Formatters {
    &FORMATTERS[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
}

/// A `YYYY-MM-DD` date in full ("29 January 2019"); anything else as it is.
pub fn date(iso: &str, lang: Lang) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let parsed = match parts.as_slice() {
        [y, m, d] => y.parse().ok().zip(m.parse().ok()).zip(d.parse().ok()),
        _ => None,
    };
    match parsed.and_then(|((y, m), d)| Date::try_new_iso(y, m, d).ok()) {
        Some(d) => formatters(lang).date.format(&d).to_string(),
        None => iso.to_string(),
    }
}

/// A `YYYY-MM` month ("April 2019", "апрель 2019 г."); anything else as it is.
pub fn month(iso: &str, lang: Lang) -> String {
    let parsed = iso.split_once('-').and_then(|(y, m)| y.parse().ok().zip(m.parse().ok()));
    match parsed.and_then(|(y, m)| Date::try_new_iso(y, m, 1).ok()) {
        Some(d) => formatters(lang).month.format(&d).to_string(),
        None => iso.to_string(),
    }
}

/// A time of day ("10:00", "오전 10:00").
pub fn time_of_day(hour: u8, minute: u8, lang: Lang) -> String {
    match Time::try_new(hour, minute, 0, 0) {
        Ok(t) => formatters(lang).time.format(&t).to_string(),
        Err(_) => String::new(),
    }
}

/// A moment (seconds since the epoch) as a date and time in `zone`, the zone named:
/// "12 March 2026 at 14:05 (Bishkek)".
pub fn date_time(unix: i64, lang: Lang, zone: Tz) -> String {
    let Some(local) = Utc.timestamp_opt(unix, 0).single().map(|t| t.with_timezone(&zone)) else {
        return String::new();
    };
    use chrono::{Datelike, Timelike};
    let date = Date::try_new_iso(local.year(), local.month() as u8, local.day() as u8);
    let time = Time::try_new(local.hour() as u8, local.minute() as u8, 0, 0);
    match (date, time) {
        (Ok(date), Ok(time)) => {
            let text = formatters(lang).date_time.format(&DateTime { date, time });
            format!("{text} ({})", zone_name(zone, lang))
        }
        _ => String::new(),
    }
}

/// A time zone's name for people: its city in the reader's language where the portal knows
/// it, else the IANA name.
pub fn zone_name(zone: Tz, lang: Lang) -> String {
    let city = |en: &'static str, ru: &'static str, ky: &'static str, ko: &'static str| match lang {
        Lang::En => en,
        Lang::Ru => ru,
        Lang::Ky => ky,
        Lang::Ko => ko,
    };
    match zone {
        chrono_tz::Asia::Bishkek => city("Bishkek", "Бишкек", "Бишкек", "비슈케크"),
        chrono_tz::Asia::Seoul => city("Seoul", "Сеул", "Сеул", "서울"),
        chrono_tz::UTC => "UTC",
        other => return other.name().to_string(),
    }
    .to_string()
}

/// The time zone a language's readers are most likely in: Bishkek for Russian and Kyrgyz,
/// Seoul for Korean, UTC for English (the partnership's working language, read everywhere).
pub fn default_zone(lang: Lang) -> Tz {
    match lang {
        Lang::Ru | Lang::Ky => chrono_tz::Asia::Bishkek,
        Lang::Ko => chrono_tz::Asia::Seoul,
        Lang::En => chrono_tz::UTC,
    }
}

/// A whole number ("12 345" in Russian).
pub fn number(n: i64, lang: Lang) -> String {
    formatters(lang).decimal.format(&Decimal::from(n)).to_string()
}

/// A file size in the largest unit that keeps it above 1, with one decimal ("1,2 МБ").
pub fn file_size(bytes: i64, lang: Lang) -> String {
    let units = match lang {
        Lang::En => ["bytes", "KB", "MB", "GB"],
        Lang::Ru => ["байт", "КБ", "МБ", "ГБ"],
        Lang::Ky => ["байт", "КБ", "МБ", "ГБ"],
        Lang::Ko => ["바이트", "KB", "MB", "GB"],
    };
    if bytes < 1024 {
        return format!("{} {}", number(bytes, lang), units[0]);
    }
    let (mut value, mut unit) = (bytes as f64 / 1024.0, 1);
    while value >= 1024.0 && unit < 3 {
        value /= 1024.0;
        unit += 1;
    }
    let mut d = Decimal::from((value * 10.0).round() as i64);
    d.multiply_pow10(-1);
    let separator = if lang == Lang::Ko { "" } else { " " };
    format!("{}{separator}{}", formatters(lang).decimal.format(&d), units[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_each_language_writes_them() {
        assert_eq!(date("2019-01-29", Lang::En), "29 January 2019");
        // CLDR puts a narrow no-break space before the abbreviation.
        assert_eq!(date("2019-01-29", Lang::Ru), "29 января 2019\u{202f}г.");
        // CLDR's Kyrgyz long date: the year first.
        assert_eq!(date("2019-01-29", Lang::Ky), "2019-ж. 29-январь");
        assert_eq!(date("2019-01-29", Lang::Ko), "2019년 1월 29일");
        assert_eq!(date("not a date", Lang::Ru), "not a date");
    }

    #[test]
    fn times_in_the_zone_named() {
        // 2026-03-12 08:05 UTC is 14:05 in Bishkek (UTC+6) and 17:05 in Seoul (UTC+9).
        let t = 1_773_302_700;
        assert_eq!(date_time(t, Lang::En, chrono_tz::Asia::Bishkek), "12 March 2026 at 14:05 (Bishkek)");
        assert_eq!(date_time(t, Lang::Ru, chrono_tz::Asia::Bishkek), "12 марта 2026\u{202f}г. в 14:05 (Бишкек)");
        assert_eq!(date_time(t, Lang::Ko, chrono_tz::Asia::Seoul), "2026년 3월 12일 오후 5:05 (서울)");
        assert!(date_time(t, Lang::Ky, chrono_tz::Asia::Bishkek).contains("14:05 (Бишкек)"));
    }

    #[test]
    fn numbers_and_sizes() {
        assert_eq!(number(1_234_567, Lang::En), "1,234,567");
        assert_eq!(number(12_345, Lang::Ru), "12\u{a0}345");
        assert_eq!(file_size(1_258_291, Lang::Ru), "1,2 МБ");
        assert_eq!(file_size(1_258_291, Lang::En), "1.2 MB");
        assert_eq!(file_size(500, Lang::Ko), "500 바이트");
    }
}
