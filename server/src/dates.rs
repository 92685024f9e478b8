//! Dates and times: how they are written for people, and which strings are dates.

/// "2026-11-28 21:30 UTC".
pub fn format_time(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC")).ok())
        .unwrap_or_default()
}

/// Whether `s` is a date written `YYYY-MM-DD`.
pub fn valid_date(s: &str) -> bool {
    time::Date::parse(s, &time::macros::format_description!("[year]-[month]-[day]")).is_ok()
}

/// Whether `s` is a month written `YYYY-MM`.
pub fn valid_month(s: &str) -> bool {
    valid_date(&format!("{s}-01"))
}
