//! Webinars, the partnership's main format of exchange: the `event` block of a webinar's front
//! matter (day, times in an IANA time zone, organisers, institutions, agenda, recording),
//! checked and turned into what pages show (times in Bishkek and Seoul side by side, upcoming
//! or past) and into iCalendar files that Outlook and Google Calendar read.

use app::i18n::format;
use app::i18n::msg::Msg;
use app::model::{AgendaItem, EventInfo, EventTimes, Lang};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

/// The event block, strict about its fields like the rest of the front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFields {
    pub date: String,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub organisers: Vec<String>,
    #[serde(default)]
    pub institutions: Vec<String>,
    #[serde(default)]
    pub agenda: Vec<AgendaFields>,
    #[serde(default)]
    pub recording: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaFields {
    pub title: String,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub presenter: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// The zones every webinar is shown in: the two partners' capitals.
pub const PARTNER_ZONES: [Tz; 2] = [chrono_tz::Asia::Bishkek, chrono_tz::Asia::Seoul];

/// `HH:MM`, 00:00 to 23:59.
fn clock_time(value: &str) -> Option<NaiveTime> {
    let (h, m) = value.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// Checks an `event` block.
///
/// # Errors
/// What is wrong, naming the field or the agenda item: a day that is not a date, a time that is
/// not `HH:MM`, a zone that is not in the IANA database, an end before the start, an agenda
/// item outside the event.
pub fn validate(e: EventFields) -> Result<EventInfo, Msg> {
    if !crate::dates::valid_date(&e.date) {
        return Err(Msg::EventDate { date: e.date });
    }
    let time = |field: &str, value: &Option<String>| -> Result<Option<NaiveTime>, Msg> {
        value
            .as_deref()
            .map(|v| clock_time(v).ok_or_else(|| Msg::EventTime { field: field.into(), value: v.into() }))
            .transpose()
    };
    if let Some(zone) = &e.time_zone
        && zone.parse::<Tz>().is_err()
    {
        return Err(Msg::EventZone { zone: zone.clone() });
    }
    let start = time("start", &e.start)?;
    let end = time("end", &e.end)?;
    match (start, end) {
        (None, Some(_)) => {
            return Err(Msg::EventEndBeforeStart { start: String::new(), end: e.end.unwrap_or_default() });
        }
        (Some(_), _) if e.time_zone.is_none() => return Err(Msg::EventNeedsZone),
        (Some(s), Some(en)) if en < s => {
            return Err(Msg::EventEndBeforeStart {
                start: e.start.unwrap_or_default(),
                end: e.end.unwrap_or_default(),
            });
        }
        _ => {}
    }
    let mut agenda = Vec::new();
    for a in e.agenda {
        let (a_start, a_end) = (time("agenda.start", &a.start)?, time("agenda.end", &a.end)?);
        if let (Some(s), Some(en)) = (a_start, a_end)
            && en < s
        {
            return Err(Msg::AgendaEndBeforeStart { title: a.title });
        }
        let outside = match (a_start.or(a_end), start) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(_), Some(event_start)) => {
                let event_end = end.unwrap_or(NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(event_start));
                [a_start, a_end].into_iter().flatten().any(|t| t < event_start || t > event_end)
            }
        };
        if outside {
            return Err(Msg::AgendaOutside { title: a.title });
        }
        agenda.push(AgendaItem {
            title: a.title,
            start: a.start,
            end: a.end,
            presenter: a.presenter,
            organisation: a.organisation,
            summary: a.summary,
        });
    }
    Ok(EventInfo {
        date: e.date,
        start: e.start,
        end: e.end,
        time_zone: e.time_zone,
        organisers: e.organisers,
        institutions: e.institutions,
        agenda,
        recording: e.recording,
    })
}

/// The event's own zone (UTC when a whole-day event names none).
fn zone(e: &EventInfo) -> Tz {
    e.time_zone.as_deref().and_then(|z| z.parse().ok()).unwrap_or(chrono_tz::UTC)
}

fn day(e: &EventInfo) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&e.date, "%Y-%m-%d").ok()
}

/// A local time of the event's day in its zone, as a moment.
fn moment(e: &EventInfo, time: &str) -> Option<DateTime<Utc>> {
    let local = day(e)?.and_time(clock_time(time)?);
    zone(e).from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
}

/// When the event starts and ends: its times, or its whole day in its zone.
pub fn span(e: &EventInfo) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    match (&e.start, &e.end) {
        (Some(s), Some(en)) => Some((moment(e, s)?, moment(e, en)?)),
        (Some(s), None) => {
            let start = moment(e, s)?;
            Some((start, start + chrono::Duration::hours(1)))
        }
        _ => {
            let midnight = zone(e).from_local_datetime(&day(e)?.and_hms_opt(0, 0, 0)?).earliest()?;
            Some((midnight.with_timezone(&Utc), (midnight + chrono::Duration::days(1)).with_timezone(&Utc)))
        }
    }
}

/// Whether the event is still to come (or under way) at `now`.
pub fn upcoming(e: &EventInfo, now: i64) -> bool {
    span(e).is_some_and(|(_, end)| end.timestamp() > now)
}

/// When an event is, in the reader's words, for cards: its day, and its times in its own zone
/// (named) where the source gives them: "29 января 2019 г., 10:00–12:00 (Сеул)".
pub fn when(e: &EventInfo, lang: Lang) -> String {
    let date = format::date(&e.date, lang);
    match (span(e), e.start.is_some()) {
        (Some((start, end)), true) => {
            let z = zone(e);
            format!("{date}, {} ({})", clock_range(start, end, z, lang, None), format::zone_name(z, lang))
        }
        _ => date,
    }
}

/// "10:00–12:00" in `zone`, with the day written first when it is not `on` (the other side of
/// midnight).
fn clock_range(start: DateTime<Utc>, end: DateTime<Utc>, zone: Tz, lang: Lang, on: Option<NaiveDate>) -> String {
    let (s, en) = (start.with_timezone(&zone), end.with_timezone(&zone));
    let hm = |t: &DateTime<Tz>| {
        use chrono::Timelike;
        format::time_of_day(t.hour() as u8, t.minute() as u8, lang)
    };
    let prefix = |t: &DateTime<Tz>| match on {
        Some(d) if t.date_naive() != d => format!("{}, ", format::date(&t.date_naive().to_string(), lang)),
        _ => String::new(),
    };
    if start == end {
        return format!("{}{}", prefix(&s), hm(&s));
    }
    if s.date_naive() == en.date_naive() {
        format!("{}{}–{}", prefix(&s), hm(&s), hm(&en))
    } else {
        format!("{}{} – {}, {}", prefix(&s), hm(&s), format::date(&en.date_naive().to_string(), lang), hm(&en))
    }
}

/// The event and its agenda in Bishkek and Seoul time side by side, and in `own` (the reader's
/// zone, from their account) when it is neither.
pub fn times(e: &EventInfo, lang: Lang, own: Option<Tz>, now: i64, ics_href: String) -> EventTimes {
    let mut zones: Vec<Tz> = PARTNER_ZONES.to_vec();
    if let Some(own) = own
        && !zones.contains(&own)
    {
        zones.push(own);
    }
    let whole_day = e.whole_day();
    let event = zones
        .iter()
        .map(|z| match (span(e), whole_day) {
            (Some((start, end)), false) => {
                let d = start.with_timezone(z).date_naive();
                format!("{}, {}", format::date(&d.to_string(), lang), clock_range(start, end, *z, lang, Some(d)))
            }
            _ => format::date(&e.date, lang),
        })
        .collect();
    let agenda = e
        .agenda
        .iter()
        .map(|a| {
            let (Some(start), Some(first)) = (a.start.as_deref().or(a.end.as_deref()), span(e)) else {
                return Vec::new();
            };
            let (Some(s), en) = (moment(e, start), a.end.as_deref().and_then(|t| moment(e, t))) else {
                return Vec::new();
            };
            zones
                .iter()
                .map(|z| clock_range(s, en.unwrap_or(s), *z, lang, Some(first.0.with_timezone(z).date_naive())))
                .collect()
        })
        .collect();
    let rfc = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let agenda_utc = e
        .agenda
        .iter()
        .map(|a| {
            let start = a.start.as_deref().or(a.end.as_deref()).and_then(|t| moment(e, t))?;
            let end = a.end.as_deref().and_then(|t| moment(e, t)).unwrap_or(start);
            Some((rfc(start), rfc(end)))
        })
        .collect();
    EventTimes {
        upcoming: upcoming(e, now),
        whole_day,
        zones: zones.iter().map(|z| format::zone_name(*z, lang)).collect(),
        event,
        agenda,
        ics_href,
        utc: span(e).filter(|_| !whole_day).map(|(s, en)| (rfc(s), rfc(en))),
        agenda_utc,
        zone_names: zones.iter().map(|z| z.name().to_string()).collect(),
    }
}

/// One webinar for a calendar.
pub struct CalendarEntry<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub event: &'a EventInfo,
    /// The page's full address.
    pub url: String,
    /// When this version was published: the calendar's stamp, so the same content gives the
    /// same file.
    pub published_at: i64,
}

/// An iCalendar file (RFC 5545) of the given webinars, made with the `icalendar` crate.
pub fn calendar(name: &str, entries: &[CalendarEntry<'_>]) -> String {
    use icalendar::{Calendar, Component, EventLike};
    let mut cal = Calendar::new();
    cal.name(name);
    for entry in entries {
        let Some((start, end)) = span(entry.event) else { continue };
        let mut ev = icalendar::Event::new();
        ev.uid(&format!("{}@sunflower-exchange", entry.slug))
            .summary(entry.title)
            .description(entry.summary)
            .url(&entry.url)
            .timestamp(Utc.timestamp_opt(entry.published_at, 0).single().unwrap_or_default());
        match (entry.event.whole_day(), day(entry.event)) {
            (true, Some(d)) => {
                ev.all_day(d);
            }
            _ => {
                ev.starts(start).ends(end);
            }
        }
        if !entry.event.organisers.is_empty() {
            ev.add_property("ORGANIZER", format!("CN={}", entry.event.organisers.join(", ")));
        }
        cal.push(ev.done());
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(yaml: &str) -> EventFields {
        serde_norway::from_str(yaml).unwrap()
    }

    #[test]
    fn rules_name_the_field() {
        let bad = |y: &str| validate(fields(y)).unwrap_err();
        assert_eq!(
            bad("date: 2026-03-12\nstart: '10:00'\ntime_zone: Asia/Tashkentt"),
            Msg::EventZone { zone: "Asia/Tashkentt".into() }
        );
        assert_eq!(bad("date: 2026-03-12\nstart: '10:00'"), Msg::EventNeedsZone);
        assert_eq!(
            bad("date: 2026-03-12\nstart: '10:00'\nend: '09:00'\ntime_zone: Asia/Seoul"),
            Msg::EventEndBeforeStart { start: "10:00".into(), end: "09:00".into() }
        );
        assert_eq!(
            bad("date: 2026-03-12\nstart: '25:00'\ntime_zone: Asia/Seoul"),
            Msg::EventTime { field: "start".into(), value: "25:00".into() }
        );
        assert_eq!(
            bad(
                "date: 2026-03-12\nstart: '10:00'\nend: '12:00'\ntime_zone: Asia/Seoul\nagenda:\n  - title: Late\n    start: '12:30'"
            ),
            Msg::AgendaOutside { title: "Late".into() }
        );
        assert_eq!(
            bad("date: 2026-03-12\nagenda:\n  - title: Timed\n    start: '10:00'"),
            Msg::AgendaOutside { title: "Timed".into() }
        );
        assert!(validate(fields("date: 2019-01-29")).unwrap().whole_day());
    }

    #[test]
    fn times_cross_midnight_between_bishkek_and_seoul() {
        // 01:00 in Seoul (UTC+9) is 22:00 the evening before in Bishkek (UTC+6).
        let e = validate(fields(
            "date: 2026-03-12\nstart: '01:00'\nend: '02:30'\ntime_zone: Asia/Seoul\nagenda:\n  - title: Opening\n    start: '01:00'\n    end: '01:15'",
        ))
        .unwrap();
        let t = times(&e, Lang::En, None, 0, String::new());
        assert_eq!(t.zones, ["Bishkek", "Seoul"]);
        assert_eq!(t.event, ["11 March 2026, 22:00–23:30", "12 March 2026, 01:00–02:30"]);
        assert_eq!(t.agenda[0], ["22:00–22:15", "01:00–01:15"]);
        assert!(t.upcoming, "in 1970 it was still to come");
        let after = span(&e).unwrap().1.timestamp();
        assert!(!upcoming(&e, after), "over once it ended");
        let ru = times(&e, Lang::Ru, Some(chrono_tz::Europe::Moscow), 0, String::new());
        assert_eq!(ru.zones.len(), 3, "the reader's own zone as a third column");
        assert_eq!(
            ru.event[0], "11 марта 2026\u{202f}г., 22:00–23:30",
            "CLDR joins the year and «г.» with a narrow no-break space"
        );
    }

    #[test]
    fn the_calendar_reads_back() {
        use std::str::FromStr;
        let timed =
            validate(fields("date: 2026-03-12\nstart: '10:00'\nend: '12:00'\ntime_zone: Asia/Bishkek")).unwrap();
        let day = validate(fields("date: 2019-01-29")).unwrap();
        let ics = calendar(
            "Webinars",
            &[
                CalendarEntry {
                    slug: "a",
                    title: "Timed webinar",
                    summary: "S",
                    event: &timed,
                    url: "http://x/en/doc/a".into(),
                    published_at: 0,
                },
                CalendarEntry {
                    slug: "b",
                    title: "Day webinar",
                    summary: "S",
                    event: &day,
                    url: "http://x/en/doc/b".into(),
                    published_at: 0,
                },
            ],
        );
        let parsed = icalendar::Calendar::from_str(&ics).unwrap();
        let events: Vec<_> = parsed.components.iter().filter_map(|c| c.as_event()).collect();
        assert_eq!(events.len(), 2);
        use icalendar::Component;
        assert_eq!(events[0].get_summary(), Some("Timed webinar"));
        let start = events[0].get_start().unwrap();
        assert_eq!(
            start,
            icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(
                Utc.with_ymd_and_hms(2026, 3, 12, 4, 0, 0).unwrap()
            )),
            "10:00 in Bishkek is 04:00 UTC"
        );
        assert_eq!(
            events[1].get_start(),
            Some(icalendar::DatePerhapsTime::Date(NaiveDate::from_ymd_opt(2019, 1, 29).unwrap()))
        );
    }
}
