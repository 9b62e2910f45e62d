//! RFC 3339 timestamps (`2026-11-30T12:00:00.123456Z`, `...+02:00`), as
//! audit events and `--since`/`--until` write them: parsed to microseconds
//! since the Unix epoch, so that any two compare correctly whatever their
//! offset or precision.

use std::fmt;

/// An instant, with the text it was written as (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    pub micros: i64,
    pub text: String,
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.micros.cmp(&other.micros)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Timestamp {
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `None` when not RFC 3339.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let num = |range: std::ops::Range<usize>| -> Option<i64> {
            let digits = b.get(range)?;
            digits
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
        };
        let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
        if separators.iter().any(|&(i, c)| b.get(i) != Some(&c))
            || !matches!(b.get(10), Some(b'T' | b't' | b' '))
        {
            return None;
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
            return None;
        }
        let mut i = 19;
        let mut micros = 0;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            i = start;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            let digits = &text[start..i];
            if digits.is_empty() {
                return None;
            }
            let padded = format!("{digits:0<6}");
            micros = padded[..6].parse::<i64>().ok()?;
        }
        let offset = match &text[i..] {
            "Z" | "z" => 0,
            zone if zone.len() == 6 && zone.as_bytes()[3] == b':' => {
                let sign = match zone.as_bytes()[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                sign * (num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?)
            }
            _ => return None,
        };
        let seconds =
            days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
                - offset * 60;
        Some(Timestamp {
            micros: seconds * 1_000_000 + micros,
            text: text.to_string(),
        })
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_utc_and_offsets_to_the_same_instant() {
        let utc = Timestamp::parse("2026-11-30T12:00:00.5Z").unwrap();
        let offset = Timestamp::parse("2026-11-30T14:00:00.500000+02:00").unwrap();
        assert_eq!(utc.micros, offset.micros);
        assert_eq!(
            Timestamp::parse("1970-01-02T00:00:00Z").unwrap().micros,
            86_400_000_000
        );
        assert!(Timestamp::parse("2026-11-30 noon").is_none());
        assert!(Timestamp::parse("2026-13-01T00:00:00Z").is_none());
        assert!(Timestamp::parse("2026-11-30T12:00:00").is_none());
    }
}
