//! Calendar dates as `#[endpoint(deprecated = "2027-06-01")]` writes them, and the
//! deprecation they declare. Days in UTC: a deprecation or a sunset takes effect at
//! midnight UTC of its date. Parsed by the macro (a bad date is a compile error) and read
//! by the runtime, which sends them as `Deprecation` (RFC 9745) and `Sunset` (RFC 8594).

use std::fmt;
use std::str::FromStr;

/// A proleptic Gregorian calendar date, written `YYYY-MM-DD` (RFC 3339's `full-date`).
///
/// ```
/// use guidepost_core::Date;
///
/// let date: Date = "2027-06-01".parse().unwrap();
/// assert_eq!(date.unix_seconds(), 1_811_808_000);
/// assert_eq!(date.to_string(), "2027-06-01");
/// assert!("2027-02-29".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 1970 to 9999.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to its last.
    pub day: u8,
}

/// Text that is no `YYYY-MM-DD` date from 1970 on, or a day its month lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseDateError;

impl fmt::Display for ParseDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a `YYYY-MM-DD` date from 1970 to 9999")
    }
}

impl std::error::Error for ParseDateError {}

impl Date {
    /// The date `year-month-day`, when it exists.
    ///
    /// ```
    /// assert!(guidepost_core::Date::new(2028, 2, 29).is_some());
    /// assert!(guidepost_core::Date::new(2027, 13, 1).is_none());
    /// ```
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 {
            return None;
        }
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let last = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day > last {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub const fn days_since_epoch(self) -> i64 {
        let (month, day) = (self.month as i64, self.day as i64);
        let year = self.year as i64 - if month <= 2 { 1 } else { 0 };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// Seconds since the Unix epoch at midnight UTC of the date.
    pub const fn unix_seconds(self) -> i64 {
        self.days_since_epoch() * 86_400
    }

    /// The date that holds `unix_seconds` (UTC), for "today".
    ///
    /// ```
    /// let date = guidepost_core::Date::from_unix_seconds(1_811_808_000 + 3_600);
    /// assert_eq!(date.to_string(), "2027-06-01");
    /// ```
    pub fn from_unix_seconds(unix_seconds: u64) -> Date {
        // Howard Hinnant's `civil_from_days`.
        let days = (unix_seconds / 86_400) as i64 + 719_468;
        let era = days.div_euclid(146_097);
        let day_of_era = days - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        // In range by construction (a day 1–31, a month 1–12, a year from 1970), up to
        // 9999-12-31, the last date there is, where a later instant stays.
        if year > 9999 {
            return Date {
                year: 9999,
                month: 12,
                day: 31,
            };
        }
        Date {
            year: u16::try_from(year).unwrap_or(9999),
            month: u8::try_from(month).unwrap_or(12),
            day: u8::try_from(day).unwrap_or(31),
        }
    }

    /// Today in UTC, by the system clock.
    pub fn today() -> Date {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Date::from_unix_seconds(now)
    }
}

impl FromStr for Date {
    type Err = ParseDateError;

    fn from_str(text: &str) -> Result<Self, ParseDateError> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = bytes.get(range)?;
            part.iter().all(u8::is_ascii_digit).then(|| {
                part.iter()
                    .fold(0u16, |value, digit| value * 10 + u16::from(digit - b'0'))
            })
        };
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(ParseDateError);
        }
        let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10))
        else {
            return Err(ParseDateError);
        };
        let (Ok(month), Ok(day)) = (u8::try_from(month), u8::try_from(day)) else {
            return Err(ParseDateError);
        };
        Date::new(year, month, day).ok_or(ParseDateError)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An endpoint's deprecation: in effect from `since`, removed on `sunset`
/// (`#[endpoint(deprecated = "2027-06-01")]`, or `deprecated(since = "…", sunset = "…")`).
///
/// The runtime sends `Deprecation: @<since as Unix seconds>` (RFC 9745 §2, a structured
/// date) and `Sunset: <sunset as an HTTP-date>` (RFC 8594 §3) on every answer of the
/// endpoint, and marks the operation `deprecated: true` with `x-sunset` in the document.
///
/// ```
/// use guidepost_core::{Date, Deprecation};
///
/// let sunset = Date::new(2027, 6, 1).unwrap();
/// // Deprecated now, since a day the declaration does not say: `@0`.
/// assert_eq!(Deprecation::until(sunset).deprecation_header(), "@0");
/// let since = Date::new(2026, 12, 1).unwrap();
/// let dated = Deprecation { since: Some(since), sunset };
/// assert_eq!(dated.deprecation_header(), "@1796083200");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deprecation {
    /// The day the deprecation took effect, when the declaration says.
    pub since: Option<Date>,
    /// The day the operation stops answering and may be removed.
    pub sunset: Date,
}

impl Deprecation {
    /// Sentry's form, one date: deprecated now, until `sunset` (its "deprecation date").
    pub const fn until(sunset: Date) -> Deprecation {
        Deprecation {
            since: None,
            sunset,
        }
    }

    /// The `Deprecation` header's value: `@` and the Unix seconds of `since` (RFC 9745 §2,
    /// an `sf-date`). Without `since`, `@0`: a date in the past says "deprecated" (a
    /// future one would say "not yet"), and the earliest one claims no particular day.
    pub fn deprecation_header(&self) -> String {
        format!("@{}", self.since.map_or(0, Date::unix_seconds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        let mut expected = 0;
        let mut date = Date::new(1970, 1, 1).unwrap();
        while date.year < 2370 {
            assert_eq!(date.days_since_epoch(), expected, "{date}");
            assert_eq!(Date::from_unix_seconds(date.unix_seconds() as u64), date);
            assert_eq!(date.to_string().parse::<Date>(), Ok(date));
            expected += 1;
            date = Date::from_unix_seconds(((expected) * 86_400) as u64);
        }
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        let last = Date::new(9999, 12, 31).unwrap();
        assert_eq!(
            Date::from_unix_seconds(last.unix_seconds() as u64 + 86_400),
            last
        );
        assert_eq!(Date::from_unix_seconds(u64::MAX), last);
    }

    #[test]
    fn refuses_what_is_no_date() {
        for text in [
            "2027-6-1",
            "2027/06/01",
            "27-06-01",
            "2027-00-10",
            "2027-04-31",
            "2100-02-29",
            "1969-12-31",
            "2027-06-01T00:00:00Z",
            "２０２７-06-01",
            "",
        ] {
            assert_eq!(text.parse::<Date>(), Err(ParseDateError), "{text}");
        }
        assert!("2000-02-29".parse::<Date>().is_ok());
    }
}
