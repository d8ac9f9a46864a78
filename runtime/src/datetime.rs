//! Timestamps for Smithy `timestamp` shapes.
//!
//! Generated code stores every `timestamp` member as a [`DateTime`]: a signed
//! count of seconds since the Unix epoch plus a sub-second nanosecond part.
//! On the wire a timestamp travels in one of the three encodings selected by
//! Smithy's `@timestampFormat` trait (see [`TimestampFormat`]):
//!
//! * `epoch-seconds` — a decimal number of seconds, e.g. `1515531081.123`;
//! * `date-time` — RFC 3339 in UTC, e.g. `2018-01-09T20:51:21.123Z`;
//! * `http-date` — the IMF-fixdate form of RFC 9110, e.g.
//!   `Tue, 09 Jan 2018 20:51:21 GMT`.
//!
//! Every parser here works on the raw bytes of its input and reports problems
//! through [`DateTimeError`]; none of them panics, whatever the input.
//! Formatting is total as well: any `DateTime`, down to `i64::MIN` seconds,
//! can be written in every format (years outside `0000..=9999` come out in
//! the ISO 8601 expanded form, such as `+292277026596` or `-0001`, which the
//! strict parsers then decline).
//!
//! ```
//! use smithy_runtime::datetime::{DateTime, TimestampFormat};
//!
//! let t = DateTime::parse("2018-01-09T20:51:21Z", TimestampFormat::DateTime).unwrap();
//! assert_eq!(t.secs(), 1_515_531_081);
//! assert_eq!(t.fmt(TimestampFormat::HttpDate), "Tue, 09 Jan 2018 20:51:21 GMT");
//! assert_eq!(t.fmt(TimestampFormat::EpochSeconds), "1515531081");
//! ```

use std::error::Error;
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

/// Nanoseconds in one second.
const NANOS_PER_SEC: u32 = 1_000_000_000;
/// Seconds in one (leap-second-free) day.
const SECS_PER_DAY: i64 = 86_400;
/// 2^63 as a float: the exclusive upper bound of `i64` seconds.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// Three-letter weekday names, indexed so that 0 is Sunday.
const WEEKDAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/// Three-letter month names, indexed so that 0 is January.
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A point in time with nanosecond precision, as Smithy `timestamp` shapes carry it.
///
/// The value is a whole number of seconds since `1970-01-01T00:00:00Z`
/// (negative for earlier instants) plus a non-negative nanosecond offset
/// within that second. So one and a half seconds *before* the epoch is
/// `secs() == -2` with `subsec_nanos() == 500_000_000`. Leap seconds are not
/// modelled, exactly as in Unix time.
///
/// Ordering, equality and hashing follow the instant the value denotes;
/// [`Default`] is the Unix epoch.
///
/// ```
/// use smithy_runtime::datetime::DateTime;
///
/// let t = DateTime::from_secs_and_nanos(-2, 500_000_000).unwrap();
/// assert_eq!(t.fmt_epoch_seconds(), "-1.5");
/// assert_eq!(t.to_string(), "1969-12-31T23:59:58.5Z");
/// assert!(t < DateTime::UNIX_EPOCH);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DateTime {
    /// Whole seconds since the Unix epoch, rounded towards negative infinity.
    seconds: i64,
    /// Nanoseconds after `seconds`; always below one billion.
    nanos: u32,
}

/// The three wire encodings of a timestamp that Smithy's `@timestampFormat`
/// trait can select.
///
/// ```
/// use smithy_runtime::datetime::{DateTime, TimestampFormat};
///
/// let t = DateTime::from_secs(784_111_777);
/// assert_eq!(t.fmt(TimestampFormat::EpochSeconds), "784111777");
/// assert_eq!(t.fmt(TimestampFormat::DateTime), "1994-11-06T08:49:37Z");
/// assert_eq!(t.fmt(TimestampFormat::HttpDate), "Sun, 06 Nov 1994 08:49:37 GMT");
/// assert_eq!(TimestampFormat::HttpDate.as_str(), "http-date");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// `epoch-seconds`: seconds since the Unix epoch as a decimal number,
    /// with an optional fraction of up to nanosecond precision
    /// (`1515531081` or `1515531081.123`).
    EpochSeconds,
    /// `date-time`: an RFC 3339 date and time, written in UTC with a `Z`
    /// suffix (`2018-01-09T20:51:21Z`); offsets such as `-08:00` are
    /// accepted when parsing.
    DateTime,
    /// `http-date`: the IMF-fixdate form used in HTTP headers
    /// (`Tue, 09 Jan 2018 20:51:21 GMT`), optionally with fractional seconds.
    HttpDate,
}

impl TimestampFormat {
    /// The name Smithy uses for this format in the `@timestampFormat` trait:
    /// `"epoch-seconds"`, `"date-time"` or `"http-date"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        }
    }
}

impl fmt::Display for TimestampFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a timestamp could not be parsed or converted.
///
/// The message names the format involved and gives a short reason:
///
/// ```
/// use smithy_runtime::datetime::{DateTime, TimestampFormat};
///
/// let err = DateTime::parse_date_time("2018-02-30T00:00:00Z").unwrap_err();
/// assert_eq!(err.format(), Some(TimestampFormat::DateTime));
/// assert_eq!(err.to_string(), "invalid date-time timestamp: day out of range for the month");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeError {
    /// The format being parsed, or `None` for a conversion failure.
    format: Option<TimestampFormat>,
    /// Short human-readable explanation.
    reason: &'static str,
}

impl DateTimeError {
    /// An error raised while parsing `format`.
    const fn parse(format: TimestampFormat, reason: &'static str) -> Self {
        DateTimeError {
            format: Some(format),
            reason,
        }
    }

    /// The wire format whose parsing failed, or `None` when the error came
    /// from converting to another time type (such as [`SystemTime`]).
    pub fn format(&self) -> Option<TimestampFormat> {
        self.format
    }

    /// A short description of what was wrong, without the format name.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format {
            Some(format) => write!(f, "invalid {format} timestamp: {}", self.reason),
            None => write!(f, "timestamp conversion failed: {}", self.reason),
        }
    }
}

impl Error for DateTimeError {}

impl DateTime {
    /// The Unix epoch, `1970-01-01T00:00:00Z`.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// assert_eq!(DateTime::UNIX_EPOCH, DateTime::from_secs(0));
    /// assert_eq!(DateTime::UNIX_EPOCH, DateTime::default());
    /// ```
    pub const UNIX_EPOCH: DateTime = DateTime {
        seconds: 0,
        nanos: 0,
    };

    /// The latest representable instant.
    const MAX: DateTime = DateTime {
        seconds: i64::MAX,
        nanos: NANOS_PER_SEC - 1,
    };

    /// The earliest representable instant.
    const MIN: DateTime = DateTime {
        seconds: i64::MIN,
        nanos: 0,
    };

    /// A whole number of seconds since the Unix epoch.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// assert_eq!(DateTime::from_secs(-1).to_string(), "1969-12-31T23:59:59Z");
    /// ```
    pub const fn from_secs(seconds: i64) -> Self {
        DateTime { seconds, nanos: 0 }
    }

    /// Seconds since the Unix epoch plus a nanosecond offset *forward* from
    /// them; `None` unless `nanos` is below 1,000,000,000.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// let t = DateTime::from_secs_and_nanos(1, 250_000_000).unwrap();
    /// assert_eq!(t.as_secs_f64(), 1.25);
    /// assert!(DateTime::from_secs_and_nanos(1, 1_000_000_000).is_none());
    /// ```
    pub const fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Option<Self> {
        if nanos < NANOS_PER_SEC {
            Some(DateTime { seconds, nanos })
        } else {
            None
        }
    }

    /// Fractional seconds since the Unix epoch; `None` for NaN, infinities
    /// and values beyond the range of `i64` seconds.
    ///
    /// The float is read through its shortest decimal representation, so a
    /// literal such as `0.52` gives exactly 520,000,000 nanoseconds rather
    /// than the binary approximation's 519,999,999. Digits below a
    /// nanosecond are dropped (rounding towards zero).
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// let t = DateTime::from_secs_f64(482_196_050.52).unwrap();
    /// assert_eq!((t.secs(), t.subsec_nanos()), (482_196_050, 520_000_000));
    /// assert_eq!(DateTime::from_secs_f64(-1.5), DateTime::from_secs_and_nanos(-2, 500_000_000));
    /// assert!(DateTime::from_secs_f64(f64::NAN).is_none());
    /// assert!(DateTime::from_secs_f64(1e19).is_none());
    /// ```
    pub fn from_secs_f64(secs: f64) -> Option<Self> {
        if !secs.is_finite() {
            return None;
        }
        // `{:e}` prints the shortest digits that identify the float, with an
        // exponent, so the text stays short even for tiny or huge values.
        if let Ok(t) = Self::parse_epoch_seconds(&format!("{secs:e}")) {
            return Some(t);
        }
        // The shortest decimal can overshoot the range even though the float
        // itself is inside it (-2^63 prints as -9.223372036854776e18), so
        // fall back to the float's exact binary value. Floats this large
        // have no fractional part.
        if (-TWO_POW_63..TWO_POW_63).contains(&secs) {
            let whole = secs.floor();
            let nanos = ((secs - whole) * f64::from(NANOS_PER_SEC)) as u32;
            return Self::from_secs_and_nanos(whole as i64, nanos.min(NANOS_PER_SEC - 1));
        }
        None
    }

    /// Whole seconds since the Unix epoch, rounded towards negative infinity
    /// (so `-0.5` seconds reports `-1`).
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// assert_eq!(DateTime::from_secs_f64(-0.5).unwrap().secs(), -1);
    /// ```
    pub const fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`secs`](Self::secs), in `0..1_000_000_000`.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// assert_eq!(DateTime::from_secs_f64(-0.5).unwrap().subsec_nanos(), 500_000_000);
    /// ```
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Seconds since the Unix epoch as a float; precision is lost for
    /// instants far from the epoch.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// let t = DateTime::from_secs_and_nanos(-2, 500_000_000).unwrap();
    /// assert_eq!(t.as_secs_f64(), -1.5);
    /// ```
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.nanos) / f64::from(NANOS_PER_SEC)
    }

    /// Writes the timestamp in the given wire format; see
    /// [`fmt_epoch_seconds`](Self::fmt_epoch_seconds),
    /// [`fmt_date_time`](Self::fmt_date_time) and
    /// [`fmt_http_date`](Self::fmt_http_date).
    ///
    /// ```
    /// use smithy_runtime::datetime::{DateTime, TimestampFormat};
    ///
    /// let t = DateTime::from_secs(0);
    /// assert_eq!(t.fmt(TimestampFormat::DateTime), "1970-01-01T00:00:00Z");
    /// ```
    pub fn fmt(&self, format: TimestampFormat) -> String {
        match format {
            TimestampFormat::EpochSeconds => self.fmt_epoch_seconds(),
            TimestampFormat::DateTime => self.fmt_date_time(),
            TimestampFormat::HttpDate => self.fmt_http_date(),
        }
    }

    /// Reads a timestamp in the given wire format; see
    /// [`parse_epoch_seconds`](Self::parse_epoch_seconds),
    /// [`parse_date_time`](Self::parse_date_time) and
    /// [`parse_http_date`](Self::parse_http_date).
    ///
    /// ```
    /// use smithy_runtime::datetime::{DateTime, TimestampFormat};
    ///
    /// let t = DateTime::parse("Thu, 01 Jan 1970 00:00:01 GMT", TimestampFormat::HttpDate);
    /// assert_eq!(t, Ok(DateTime::from_secs(1)));
    /// assert!(DateTime::parse("1", TimestampFormat::HttpDate).is_err());
    /// ```
    pub fn parse(input: &str, format: TimestampFormat) -> Result<Self, DateTimeError> {
        match format {
            TimestampFormat::EpochSeconds => Self::parse_epoch_seconds(input),
            TimestampFormat::DateTime => Self::parse_date_time(input),
            TimestampFormat::HttpDate => Self::parse_http_date(input),
        }
    }

    /// Writes the `epoch-seconds` form: the integer number of seconds when
    /// there is no sub-second part, otherwise a decimal with up to nine
    /// fraction digits and no trailing zeros.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// assert_eq!(DateTime::from_secs(1_515_531_081).fmt_epoch_seconds(), "1515531081");
    /// let t = DateTime::from_secs_and_nanos(1_515_531_081, 123_000_000).unwrap();
    /// assert_eq!(t.fmt_epoch_seconds(), "1515531081.123");
    /// let t = DateTime::from_secs_and_nanos(-1, 999_999_999).unwrap();
    /// assert_eq!(t.fmt_epoch_seconds(), "-0.000000001");
    /// ```
    pub fn fmt_epoch_seconds(&self) -> String {
        let total = self.total_nanos();
        let sign = if total < 0 { "-" } else { "" };
        let magnitude = total.unsigned_abs();
        let whole = magnitude / u128::from(NANOS_PER_SEC);
        // The remainder is below one billion, so it fits in a u32.
        let fraction = (magnitude % u128::from(NANOS_PER_SEC)) as u32;
        format!("{sign}{whole}{}", Fraction(fraction))
    }

    /// Reads the `epoch-seconds` form: an optional `-`, digits, an optional
    /// `.` followed by digits, and an optional exponent (`e` or `E`, an
    /// optional sign, digits) — i.e. any JSON number.
    ///
    /// The conversion is exact decimal arithmetic; digits below a nanosecond
    /// are dropped, rounding towards zero. NaN, infinities, surrounding
    /// whitespace and values outside the `i64` seconds range are rejected.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// let t = DateTime::parse_epoch_seconds("482196050.52").unwrap();
    /// assert_eq!((t.secs(), t.subsec_nanos()), (482_196_050, 520_000_000));
    /// assert_eq!(DateTime::parse_epoch_seconds("1.5e9"), Ok(DateTime::from_secs(1_500_000_000)));
    /// let t = DateTime::from_secs_and_nanos(-2, 500_000_000).unwrap();
    /// assert_eq!(DateTime::parse_epoch_seconds("-1.5"), Ok(t));
    /// assert!(DateTime::parse_epoch_seconds("NaN").is_err());
    /// ```
    pub fn parse_epoch_seconds(input: &str) -> Result<Self, DateTimeError> {
        let err = |reason| DateTimeError::parse(TimestampFormat::EpochSeconds, reason);
        let bytes = input.as_bytes();
        if bytes.is_empty() {
            return Err(err("empty input"));
        }
        let (negative, unsigned) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, bytes),
        };
        let (mantissa, exponent) = match unsigned.iter().position(|&b| b == b'e' || b == b'E') {
            Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
            None => (unsigned, None),
        };
        let (int_digits, frac_digits) = match mantissa.iter().position(|&b| b == b'.') {
            Some(at) => (&mantissa[..at], &mantissa[at + 1..]),
            None => (mantissa, &[][..]),
        };
        if int_digits.is_empty() || !int_digits.iter().all(u8::is_ascii_digit) {
            return Err(err("expected a decimal number"));
        }
        if mantissa.len() > int_digits.len()
            && (frac_digits.is_empty() || !frac_digits.iter().all(u8::is_ascii_digit))
        {
            return Err(err("expected digits after the decimal point"));
        }
        let exponent = match exponent {
            Some(text) => parse_exponent(text).ok_or_else(|| err("malformed exponent"))?,
            None => 0,
        };

        // View the mantissa as one digit string d0 d1 d2 ... with the decimal
        // point sitting just before digit index `point`.
        let digit_count = int_digits.len() + frac_digits.len();
        let digit_at = |index: usize| -> u32 {
            let byte = if index < int_digits.len() {
                int_digits.get(index)
            } else {
                frac_digits.get(index - int_digits.len())
            };
            byte.map_or(0, |b| u32::from(b - b'0'))
        };
        let Some(first_nonzero) = (0..digit_count).find(|&i| digit_at(i) != 0) else {
            return Ok(DateTime::UNIX_EPOCH);
        };
        let point = i64::try_from(int_digits.len())
            .unwrap_or(i64::MAX)
            .saturating_add(exponent);
        let first = i64::try_from(first_nonzero).unwrap_or(i64::MAX);
        // More than 19 significant integer digits means at least 10^19 seconds,
        // beyond anything an i64 can hold.
        if point.saturating_sub(first) > 19 {
            return Err(err("value out of range"));
        }
        let digit_at_signed = |index: i64| usize::try_from(index).map_or(0, digit_at);

        let mut whole: u128 = 0;
        for index in first..point {
            whole = whole * 10 + u128::from(digit_at_signed(index));
        }
        let mut fraction: u32 = 0;
        for offset in 0..9 {
            fraction = fraction * 10 + digit_at_signed(point + offset);
        }
        // `whole` has at most 19 digits, so this cannot overflow an i128.
        let magnitude = (whole * u128::from(NANOS_PER_SEC) + u128::from(fraction)) as i128;
        let total = if negative { -magnitude } else { magnitude };
        Self::from_total_nanos(total).ok_or_else(|| err("value out of range"))
    }

    /// Writes the `date-time` form: RFC 3339 in UTC with a `Z` suffix, with
    /// fractional seconds only when they are non-zero (trailing zeros
    /// trimmed).
    ///
    /// Years outside `0000..=9999` are written in ISO 8601 expanded form
    /// (`+10000-01-01T00:00:00Z`, `-0001-12-31T00:00:00Z`); RFC 3339 has no
    /// place for them, and [`parse_date_time`](Self::parse_date_time) will
    /// not read them back.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// assert_eq!(DateTime::from_secs(482_196_050).fmt_date_time(), "1985-04-12T23:20:50Z");
    /// let t = DateTime::from_secs_and_nanos(482_196_050, 520_000_000).unwrap();
    /// assert_eq!(t.fmt_date_time(), "1985-04-12T23:20:50.52Z");
    /// ```
    pub fn fmt_date_time(&self) -> String {
        let c = self.civil();
        format!(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}{}Z",
            Year(c.year),
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second,
            Fraction(self.nanos)
        )
    }

    /// Reads the `date-time` form: an RFC 3339 timestamp
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
    ///
    /// The `T` and `Z` may be lower case; a numeric offset is applied to give
    /// the UTC instant. The fraction may have any number of digits, and those
    /// below a nanosecond are dropped. Every field is range-checked (including
    /// February 29th against leap years); leap seconds (`:60`) are rejected,
    /// as is anything before or after the timestamp, whitespace included.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// let t = DateTime::parse_date_time("1996-12-19T16:39:57-08:00").unwrap();
    /// assert_eq!(t.to_string(), "1996-12-20T00:39:57Z");
    /// let t = DateTime::parse_date_time("1985-04-12t23:20:50.52z").unwrap();
    /// assert_eq!(t.subsec_nanos(), 520_000_000);
    /// assert!(DateTime::parse_date_time("2018-02-30T00:00:00Z").is_err());
    /// ```
    pub fn parse_date_time(input: &str) -> Result<Self, DateTimeError> {
        let mut p = Parser::new(input, TimestampFormat::DateTime)?;
        let year = p.digits(4, "expected a four-digit year")?;
        p.expect(b'-', "expected '-' after the year")?;
        let month = p.digits(2, "expected a two-digit month")?;
        p.expect(b'-', "expected '-' after the month")?;
        let day = p.digits(2, "expected a two-digit day")?;
        if !(p.eat(b'T') || p.eat(b't')) {
            return Err(p.error("expected 'T' between the date and the time"));
        }
        let time = p.time_of_day()?;
        let offset = match p.peek() {
            Some(b'Z' | b'z') => {
                p.pos += 1;
                0
            }
            Some(sign @ (b'+' | b'-')) => {
                p.pos += 1;
                let hours = p.digits(2, "expected a two-digit offset hour")?;
                p.expect(b':', "expected ':' in the UTC offset")?;
                let minutes = p.digits(2, "expected two-digit offset minutes")?;
                if hours > 23 || minutes > 59 {
                    return Err(p.error("UTC offset out of range"));
                }
                let seconds = i64::from(hours * 3600 + minutes * 60);
                if sign == b'-' { -seconds } else { seconds }
            }
            _ => return Err(p.error("expected 'Z' or a UTC offset")),
        };
        p.finish()?;
        let date = p.date(year, month, day)?;
        let local = date.days * SECS_PER_DAY + time.seconds_of_day();
        Ok(DateTime {
            seconds: local - offset,
            nanos: time.nanos,
        })
    }

    /// Writes the `http-date` form: an IMF-fixdate such as
    /// `Tue, 29 Apr 2014 18:30:38 GMT`. Following Smithy's convention, a
    /// non-zero sub-second part is kept as a fraction of the seconds field
    /// (`18:30:38.123 GMT`) with trailing zeros trimmed.
    ///
    /// Years outside `0000..=9999` are written as in
    /// [`fmt_date_time`](Self::fmt_date_time) and cannot be parsed back.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// assert_eq!(DateTime::from_secs(1_398_796_238).fmt_http_date(), "Tue, 29 Apr 2014 18:30:38 GMT");
    /// let t = DateTime::from_secs_and_nanos(1_398_796_238, 123_000_000).unwrap();
    /// assert_eq!(t.fmt_http_date(), "Tue, 29 Apr 2014 18:30:38.123 GMT");
    /// ```
    pub fn fmt_http_date(&self) -> String {
        let c = self.civil();
        format!(
            "{}, {:02} {} {} {:02}:{:02}:{:02}{} GMT",
            WEEKDAY_NAMES[c.weekday],
            c.day,
            MONTH_NAMES[c.month as usize - 1],
            Year(c.year),
            c.hour,
            c.minute,
            c.second,
            Fraction(self.nanos)
        )
    }

    /// Reads the `http-date` form: an IMF-fixdate
    /// `Www, DD Mmm YYYY HH:MM:SS[.fraction] GMT`.
    ///
    /// Weekday and month names are case-sensitive, as the HTTP specification
    /// requires, and the weekday must be the right one for the date. The
    /// obsolete RFC 850 and asctime forms are rejected, as is surrounding
    /// whitespace. Fractional seconds of any length are accepted, with digits
    /// below a nanosecond dropped.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    ///
    /// let t = DateTime::parse_http_date("Tue, 09 Jan 2018 20:51:21 GMT").unwrap();
    /// assert_eq!(t.secs(), 1_515_531_081);
    /// let t = DateTime::parse_http_date("Tue, 09 Jan 2018 20:51:21.5 GMT").unwrap();
    /// assert_eq!(t.subsec_nanos(), 500_000_000);
    /// // 9 January 2018 was a Tuesday, not a Monday.
    /// assert!(DateTime::parse_http_date("Mon, 09 Jan 2018 20:51:21 GMT").is_err());
    /// ```
    pub fn parse_http_date(input: &str) -> Result<Self, DateTimeError> {
        let mut p = Parser::new(input, TimestampFormat::HttpDate)?;
        let weekday = p.name(&WEEKDAY_NAMES, "expected a weekday name such as 'Tue'")?;
        p.expect_all(b", ", "expected ', ' after the weekday")?;
        let day = p.digits(2, "expected a two-digit day")?;
        p.expect(b' ', "expected ' ' after the day")?;
        let month = p.name(&MONTH_NAMES, "expected a month name such as 'Jan'")?;
        p.expect(b' ', "expected ' ' after the month")?;
        let year = p.digits(4, "expected a four-digit year")?;
        p.expect(b' ', "expected ' ' after the year")?;
        let time = p.time_of_day()?;
        p.expect_all(b" GMT", "expected ' GMT' after the time")?;
        p.finish()?;
        // `name` returns an index below 12, so the month is in 1..=12.
        let date = p.date(year, month as u32 + 1, day)?;
        if weekday_of(date.days) != weekday {
            return Err(p.error("weekday does not match the date"));
        }
        Ok(DateTime {
            seconds: date.days * SECS_PER_DAY + time.seconds_of_day(),
            nanos: time.nanos,
        })
    }

    /// The instant as a signed count of nanoseconds since the epoch.
    fn total_nanos(&self) -> i128 {
        i128::from(self.seconds) * i128::from(NANOS_PER_SEC) + i128::from(self.nanos)
    }

    /// The inverse of [`total_nanos`](Self::total_nanos); `None` when the
    /// seconds do not fit in an `i64`.
    fn from_total_nanos(total: i128) -> Option<Self> {
        let per_sec = i128::from(NANOS_PER_SEC);
        let seconds = i64::try_from(total.div_euclid(per_sec)).ok()?;
        // rem_euclid with a positive divisor lies in 0..1e9.
        let nanos = total.rem_euclid(per_sec) as u32;
        Some(DateTime { seconds, nanos })
    }

    /// Splits the instant into UTC calendar fields.
    fn civil(&self) -> Civil {
        let days = self.seconds.div_euclid(SECS_PER_DAY);
        // rem_euclid with a positive divisor lies in 0..86_400.
        let second_of_day = self.seconds.rem_euclid(SECS_PER_DAY) as u32;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: second_of_day / 3600,
            minute: second_of_day / 60 % 60,
            second: second_of_day % 60,
            weekday: weekday_of(days),
        }
    }
}

impl fmt::Display for DateTime {
    /// Writes the RFC 3339 (`date-time`) form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fmt_date_time())
    }
}

impl fmt::Debug for DateTime {
    /// Writes `DateTime(<RFC 3339 form>)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({})", self.fmt_date_time())
    }
}

impl FromStr for DateTime {
    type Err = DateTimeError;

    /// Parses the RFC 3339 (`date-time`) form, like
    /// [`DateTime::parse_date_time`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_date_time(s)
    }
}

impl From<SystemTime> for DateTime {
    /// Converts a system clock reading, saturating at the ends of the
    /// `DateTime` range (which is wider than any real clock's).
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    /// use std::time::{Duration, SystemTime};
    ///
    /// let t = SystemTime::UNIX_EPOCH - Duration::from_millis(1500);
    /// assert_eq!(DateTime::from(t).fmt_epoch_seconds(), "-1.5");
    /// ```
    fn from(time: SystemTime) -> Self {
        let total = match time.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).unwrap_or(i128::MAX),
            Err(before) => -i128::try_from(before.duration().as_nanos()).unwrap_or(i128::MAX),
        };
        Self::from_total_nanos(total).unwrap_or(if total < 0 {
            DateTime::MIN
        } else {
            DateTime::MAX
        })
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeError;

    /// Converts to a system clock reading; fails when the platform's
    /// `SystemTime` cannot represent the instant.
    ///
    /// ```
    /// use smithy_runtime::datetime::DateTime;
    /// use std::time::{Duration, SystemTime};
    ///
    /// let t = DateTime::from_secs_and_nanos(-2, 500_000_000).unwrap();
    /// let system = SystemTime::try_from(t).unwrap();
    /// assert_eq!(system, SystemTime::UNIX_EPOCH - Duration::from_millis(1500));
    /// ```
    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        let whole = Duration::from_secs(value.seconds.unsigned_abs());
        let base = if value.seconds >= 0 {
            SystemTime::UNIX_EPOCH.checked_add(whole)
        } else {
            SystemTime::UNIX_EPOCH.checked_sub(whole)
        };
        base.and_then(|t| t.checked_add(Duration::from_nanos(u64::from(value.nanos))))
            .ok_or(DateTimeError {
                format: None,
                reason: "instant is out of range for SystemTime",
            })
    }
}

/// Parses the digits after an `e`/`E`: an optional sign and at least one
/// digit. Huge exponents saturate, which is harmless because any exponent
/// beyond a few dozen already means "out of range" or "zero".
fn parse_exponent(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let magnitude = digits.iter().fold(0i64, |acc, &b| {
        acc.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    });
    Some(if negative { -magnitude } else { magnitude })
}

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Number of days in `month` (1..=12) of `year`.
fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date, which must be
/// valid (month 1..=12, day within the month).
///
/// The calculation counts years from March, so that the irregular February
/// is the last month of each counting year, and splits time into 400-year
/// eras, which always hold exactly 146,097 days.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // January and February belong to the previous March-based year.
    let march_year = if month <= 2 { year - 1 } else { year };
    let era = march_year.div_euclid(400);
    let year_of_era = march_year.rem_euclid(400); // 0..=399
    // Months since March: Mar = 0, ..., Jan = 10, Feb = 11.
    let shifted_month = i64::from((month + 9) % 12);
    // Days in the months before `shifted_month`, from the 153-days-per-5-months
    // pattern (31, 30, 31, 30, 31) that March..January follows.
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1; // 0..=365
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719,468 is the number of days from 0000-03-01 to 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01, as
/// (year, month 1..=12, day 1..=31). Total for every `i64` that a `DateTime`
/// can produce (|days| < 2^47), so no step can overflow.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let since_march_0000 = days + 719_468;
    let era = since_march_0000.div_euclid(146_097);
    let day_of_era = since_march_0000.rem_euclid(146_097); // 0..=146_096
    // Remove the leap days (one per 4 years, minus one per century, plus the
    // one at the very end of the era) to get a uniform 365-day count.
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // 0 = March ... 11 = February
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = era * 400 + year_of_era + i64::from(month <= 2);
    // Both values are small and positive by construction.
    (year, month as u32, day as u32)
}

/// Day of the week for a day count since 1970-01-01, with 0 meaning Sunday.
fn weekday_of(days: i64) -> usize {
    // 1970-01-01 was a Thursday (4); the result lies in 0..7.
    (days + 4).rem_euclid(7) as usize
}

/// Calendar fields of an instant in UTC.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// 0 = Sunday.
    weekday: usize,
}

/// A validated calendar date.
struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

/// A validated time of day.
struct TimeOfDay {
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
}

impl TimeOfDay {
    fn seconds_of_day(&self) -> i64 {
        i64::from(self.hour * 3600 + self.minute * 60 + self.second)
    }
}

/// Displays a year with at least four digits, using the ISO 8601 expanded
/// form (explicit sign) outside `0000..=9999`.
struct Year(i64);

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            year @ 0..=9999 => write!(f, "{year:04}"),
            year if year > 9999 => write!(f, "+{year}"),
            year => write!(f, "-{:04}", year.unsigned_abs()),
        }
    }
}

/// Displays nanoseconds as `.` plus the fraction of a second without
/// trailing zeros, or nothing at all when zero.
struct Fraction(u32);

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return Ok(());
        }
        let mut value = self.0;
        let mut width = 9;
        while value.is_multiple_of(10) {
            value /= 10;
            width -= 1;
        }
        write!(f, ".{value:0width$}")
    }
}

/// A byte cursor shared by the date-time and http-date parsers. Working on
/// bytes means non-ASCII input simply fails to match and can never split a
/// character.
struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
    format: TimestampFormat,
}

impl<'a> Parser<'a> {
    fn new(input: &'a str, format: TimestampFormat) -> Result<Self, DateTimeError> {
        if input.is_empty() {
            return Err(DateTimeError::parse(format, "empty input"));
        }
        Ok(Parser {
            bytes: input.as_bytes(),
            pos: 0,
            format,
        })
    }

    fn error(&self, reason: &'static str) -> DateTimeError {
        DateTimeError::parse(self.format, reason)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Consumes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8, reason: &'static str) -> Result<(), DateTimeError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.error(reason))
        }
    }

    fn expect_all(&mut self, text: &[u8], reason: &'static str) -> Result<(), DateTimeError> {
        if self
            .bytes
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(text))
        {
            self.pos += text.len();
            Ok(())
        } else {
            Err(self.error(reason))
        }
    }

    /// Reads exactly `count` ASCII digits (at most nine) as a number.
    fn digits(&mut self, count: usize, reason: &'static str) -> Result<u32, DateTimeError> {
        let mut value = 0u32;
        for _ in 0..count {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(b - b'0');
                    self.pos += 1;
                }
                _ => return Err(self.error(reason)),
            }
        }
        Ok(value)
    }

    /// Reads one of `names` (all three bytes long) and returns its index.
    fn name(&mut self, names: &[&str], reason: &'static str) -> Result<usize, DateTimeError> {
        let next = self.bytes.get(self.pos..).unwrap_or_default();
        match names
            .iter()
            .position(|name| next.starts_with(name.as_bytes()))
        {
            Some(index) => {
                self.pos += 3;
                Ok(index)
            }
            None => Err(self.error(reason)),
        }
    }

    /// Reads `HH:MM:SS` with an optional `.fraction`, range-checking each
    /// field.
    fn time_of_day(&mut self) -> Result<TimeOfDay, DateTimeError> {
        let hour = self.digits(2, "expected a two-digit hour")?;
        self.expect(b':', "expected ':' after the hour")?;
        let minute = self.digits(2, "expected two-digit minutes")?;
        self.expect(b':', "expected ':' after the minutes")?;
        let second = self.digits(2, "expected two-digit seconds")?;
        let nanos = if self.eat(b'.') { self.fraction()? } else { 0 };
        if hour > 23 {
            return Err(self.error("hour out of range"));
        }
        if minute > 59 {
            return Err(self.error("minutes out of range"));
        }
        if second > 59 {
            return Err(self.error("seconds out of range (leap seconds are not supported)"));
        }
        Ok(TimeOfDay {
            hour,
            minute,
            second,
            nanos,
        })
    }

    /// Reads the digits after a decimal point as nanoseconds, ignoring any
    /// beyond the ninth.
    fn fraction(&mut self) -> Result<u32, DateTimeError> {
        let mut nanos = 0u32;
        let mut count = 0usize;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if count < 9 {
                nanos = nanos * 10 + u32::from(b - b'0');
            }
            count += 1;
            self.pos += 1;
        }
        if count == 0 {
            return Err(self.error("expected digits after the decimal point"));
        }
        for _ in count.min(9)..9 {
            nanos *= 10;
        }
        Ok(nanos)
    }

    /// Fails unless the whole input has been consumed.
    fn finish(&self) -> Result<(), DateTimeError> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(self.error("unexpected text after the timestamp"))
        }
    }

    /// Validates a calendar date and converts it to days since the epoch.
    fn date(&self, year: u32, month: u32, day: u32) -> Result<Date, DateTimeError> {
        let year = i64::from(year);
        if !(1..=12).contains(&month) {
            return Err(self.error("month out of range"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(self.error("day out of range for the month"));
        }
        Ok(Date {
            days: days_from_civil(year, month, day),
        })
    }
}

/// Whether a `date-time` text ends in a numeric UTC offset (`+01:00`,
/// `-08:00`) rather than `Z`.
pub fn has_utc_offset(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 6
        && matches!(b[b.len() - 6], b'+' | b'-')
        && b[b.len() - 3] == b':'
        && text.contains(['T', 't'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64, nanos: u32) -> DateTime {
        DateTime::from_secs_and_nanos(seconds, nanos).unwrap()
    }

    /// Seconds values that stress every formatter: the i64 extremes, values
    /// around powers of two and ten, and the edges of years 0 and 9999.
    fn interesting_seconds() -> Vec<i64> {
        let mut values = vec![
            0,
            1,
            -1,
            i64::MIN,
            i64::MIN + 1,
            i64::MAX,
            i64::MAX - 1,
            -62_167_219_200, // 0000-01-01T00:00:00Z
            -62_167_219_201,
            -62_135_596_800, // 0001-01-01T00:00:00Z
            253_402_300_799, // 9999-12-31T23:59:59Z
            253_402_300_800,
            951_782_400, // 2000-02-29
        ];
        for shift in 0..63 {
            let p = 1i64 << shift;
            values.extend([p, p - 1, -p, -p + 1, -p - 1]);
        }
        let mut p: i64 = 1;
        while let Some(next) = p.checked_mul(10) {
            values.extend([p, -p, p + 86_399, -p - 86_399]);
            p = next;
        }
        values.extend(values.clone().iter().map(|v| v / 86_400 * 86_400));
        values
    }

    #[test]
    fn constructors_and_accessors() {
        assert_eq!(DateTime::from_secs(5).secs(), 5);
        assert_eq!(DateTime::from_secs(5).subsec_nanos(), 0);
        assert_eq!(
            DateTime::from_secs_and_nanos(5, 999_999_999).map(|t| t.subsec_nanos()),
            Some(999_999_999)
        );
        assert_eq!(DateTime::from_secs_and_nanos(5, 1_000_000_000), None);
        assert_eq!(DateTime::from_secs_and_nanos(5, u32::MAX), None);
        assert_eq!(DateTime::UNIX_EPOCH, DateTime::default());
        assert_eq!(at(-2, 500_000_000).as_secs_f64(), -1.5);
        assert_eq!(at(1, 250_000_000).as_secs_f64(), 1.25);
        assert!(at(-1, 999_999_999) < DateTime::UNIX_EPOCH);
        assert!(at(0, 1) > DateTime::UNIX_EPOCH);
    }

    #[test]
    fn from_secs_f64_cases() {
        assert_eq!(DateTime::from_secs_f64(0.0), Some(DateTime::UNIX_EPOCH));
        assert_eq!(DateTime::from_secs_f64(-0.0), Some(DateTime::UNIX_EPOCH));
        assert_eq!(DateTime::from_secs_f64(1.5), Some(at(1, 500_000_000)));
        assert_eq!(DateTime::from_secs_f64(-1.5), Some(at(-2, 500_000_000)));
        assert_eq!(
            DateTime::from_secs_f64(482_196_050.52),
            Some(at(482_196_050, 520_000_000))
        );
        assert_eq!(
            DateTime::from_secs_f64(1_515_531_081.123),
            Some(at(1_515_531_081, 123_000_000))
        );
        assert_eq!(DateTime::from_secs_f64(1e-10), Some(DateTime::UNIX_EPOCH));
        assert_eq!(DateTime::from_secs_f64(1e-9), Some(at(0, 1)));
        assert_eq!(
            DateTime::from_secs_f64(f64::MIN_POSITIVE),
            Some(DateTime::UNIX_EPOCH)
        );
        assert_eq!(
            DateTime::from_secs_f64(i64::MIN as f64),
            Some(DateTime::from_secs(i64::MIN))
        );
        assert_eq!(DateTime::from_secs_f64(-(i64::MIN as f64)), None);
        assert_eq!(DateTime::from_secs_f64(f64::NAN), None);
        assert_eq!(DateTime::from_secs_f64(f64::INFINITY), None);
        assert_eq!(DateTime::from_secs_f64(f64::NEG_INFINITY), None);
        assert_eq!(DateTime::from_secs_f64(f64::MAX), None);
        assert_eq!(DateTime::from_secs_f64(f64::MIN), None);
    }

    #[test]
    fn known_vectors() {
        let t = DateTime::from_secs(1_515_531_081);
        assert_eq!(t.fmt_epoch_seconds(), "1515531081");
        assert_eq!(t.fmt_date_time(), "2018-01-09T20:51:21Z");
        assert_eq!(t.fmt_http_date(), "Tue, 09 Jan 2018 20:51:21 GMT");
        assert_eq!(DateTime::parse_epoch_seconds("1515531081"), Ok(t));
        assert_eq!(DateTime::parse_date_time("2018-01-09T20:51:21Z"), Ok(t));
        assert_eq!(
            DateTime::parse_http_date("Tue, 09 Jan 2018 20:51:21 GMT"),
            Ok(t)
        );

        let t = DateTime::parse_date_time("1985-04-12T23:20:50.52Z").unwrap();
        assert_eq!(t, at(482_196_050, 520_000_000));
        assert_eq!(DateTime::parse_epoch_seconds("482196050.52"), Ok(t));
        assert_eq!(t.fmt_epoch_seconds(), "482196050.52");
        assert_eq!(t.fmt_date_time(), "1985-04-12T23:20:50.52Z");

        assert_eq!(
            DateTime::parse_date_time("1996-12-19T16:39:57-08:00"),
            DateTime::parse_date_time("1996-12-20T00:39:57Z")
        );
        assert_eq!(
            DateTime::parse_date_time("1996-12-19T16:39:57-08:00")
                .unwrap()
                .to_string(),
            "1996-12-20T00:39:57Z"
        );
        assert_eq!(
            DateTime::parse_date_time("1990-12-31T15:59:59+00:00"),
            DateTime::parse_date_time("1990-12-31T15:59:59Z")
        );
        assert_eq!(
            DateTime::parse_date_time("2000-01-01T05:30:00+05:30"),
            DateTime::parse_date_time("2000-01-01T00:00:00Z")
        );
        assert_eq!(
            DateTime::from_secs(1_398_796_238).fmt_http_date(),
            "Tue, 29 Apr 2014 18:30:38 GMT"
        );
        assert_eq!(
            DateTime::from_secs(784_111_777).fmt_http_date(),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(
            at(1_398_796_238, 123_000_000).fmt_http_date(),
            "Tue, 29 Apr 2014 18:30:38.123 GMT"
        );
        assert_eq!(
            DateTime::from_secs(0).fmt_http_date(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        assert_eq!(
            DateTime::from_secs(253_402_300_799).fmt_date_time(),
            "9999-12-31T23:59:59Z"
        );
        assert_eq!(
            DateTime::from_secs(253_402_300_799).fmt_http_date(),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
        assert_eq!(
            DateTime::from_secs(-62_135_596_800).fmt_date_time(),
            "0001-01-01T00:00:00Z"
        );
        assert_eq!(
            DateTime::from_secs(-62_135_596_800).fmt_http_date(),
            "Mon, 01 Jan 0001 00:00:00 GMT"
        );
        assert_eq!(
            DateTime::from_secs(951_782_400).fmt_date_time(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            DateTime::from_secs(951_782_400).fmt_http_date(),
            "Tue, 29 Feb 2000 00:00:00 GMT"
        );
    }

    #[test]
    fn epoch_seconds_formatting() {
        assert_eq!(DateTime::UNIX_EPOCH.fmt_epoch_seconds(), "0");
        assert_eq!(at(-2, 500_000_000).fmt_epoch_seconds(), "-1.5");
        assert_eq!(at(-1, 500_000_000).fmt_epoch_seconds(), "-0.5");
        assert_eq!(at(-1, 0).fmt_epoch_seconds(), "-1");
        assert_eq!(at(0, 1).fmt_epoch_seconds(), "0.000000001");
        assert_eq!(at(-1, 999_999_999).fmt_epoch_seconds(), "-0.000000001");
        assert_eq!(
            at(1_515_531_081, 123_000_000).fmt_epoch_seconds(),
            "1515531081.123"
        );
        assert_eq!(at(1, 100_000_000).fmt_epoch_seconds(), "1.1");
        assert_eq!(at(1, 123_456_789).fmt_epoch_seconds(), "1.123456789");
        assert_eq!(
            DateTime::from_secs(i64::MIN).fmt_epoch_seconds(),
            "-9223372036854775808"
        );
        assert_eq!(
            at(i64::MIN, 500_000_000).fmt_epoch_seconds(),
            "-9223372036854775807.5"
        );
        assert_eq!(
            at(i64::MAX, 999_999_999).fmt_epoch_seconds(),
            "9223372036854775807.999999999"
        );
    }

    #[test]
    fn epoch_seconds_parsing() {
        let ok = |s: &str| DateTime::parse_epoch_seconds(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(ok("0"), DateTime::UNIX_EPOCH);
        assert_eq!(ok("-0"), DateTime::UNIX_EPOCH);
        assert_eq!(ok("-0.0"), DateTime::UNIX_EPOCH);
        assert_eq!(ok("0e999999999999999999999"), DateTime::UNIX_EPOCH);
        assert_eq!(ok("1.5e9"), DateTime::from_secs(1_500_000_000));
        assert_eq!(ok("1.5E+9"), DateTime::from_secs(1_500_000_000));
        assert_eq!(ok("15e-1"), at(1, 500_000_000));
        assert_eq!(ok("1515531081123e-3"), at(1_515_531_081, 123_000_000));
        assert_eq!(ok("-1.5"), at(-2, 500_000_000));
        assert_eq!(ok("-1"), DateTime::from_secs(-1));
        assert_eq!(ok("007"), DateTime::from_secs(7));
        assert_eq!(ok("1.1234567891"), at(1, 123_456_789));
        assert_eq!(ok("-1.0000000009"), DateTime::from_secs(-1));
        assert_eq!(ok("1e-9"), at(0, 1));
        assert_eq!(ok("1e-10"), DateTime::UNIX_EPOCH);
        assert_eq!(ok("1e-99999999999999999999"), DateTime::UNIX_EPOCH);
        assert_eq!(
            ok("0.000000000000000000000000001e27"),
            DateTime::from_secs(1)
        );
        assert_eq!(ok("9223372036854775807"), DateTime::from_secs(i64::MAX));
        assert_eq!(ok("9223372036854775807.999999999"), DateTime::MAX);
        assert_eq!(ok("-9223372036854775808"), DateTime::MIN);
        assert_eq!(ok("9.223372036854775807e18"), DateTime::from_secs(i64::MAX));
        assert_eq!(ok("00000000000000000000000000001"), DateTime::from_secs(1));

        for bad in [
            "",
            "-",
            "+1",
            " 1",
            "1 ",
            "abc",
            "NaN",
            "nan",
            "inf",
            "-inf",
            "Infinity",
            "1.",
            ".5",
            "1.2.3",
            "--1",
            "1e",
            "1e+",
            "1e1.5",
            "e5",
            "0x10",
            "1_000",
            "１",
            "1٣",
            "9223372036854775808",
            "-9223372036854775809",
            "1e19",
            "1e99999999999999999999",
            "99999999999999999999999999999999999999999999",
        ] {
            let err = DateTime::parse_epoch_seconds(bad).unwrap_err();
            assert_eq!(err.format(), Some(TimestampFormat::EpochSeconds), "{bad}");
        }
    }

    #[test]
    fn date_time_parsing() {
        let ok = |s: &str| DateTime::parse_date_time(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(ok("1970-01-01T00:00:00Z"), DateTime::UNIX_EPOCH);
        assert_eq!(ok("1970-01-01t00:00:00z"), DateTime::UNIX_EPOCH);
        assert_eq!(ok("1970-01-01T00:00:00.000Z"), DateTime::UNIX_EPOCH);
        assert_eq!(ok("1970-01-01T00:00:00.1234567899Z"), at(0, 123_456_789));
        assert_eq!(ok("1970-01-01T00:00:00.5+00:00"), at(0, 500_000_000));
        assert_eq!(ok("1970-01-01T00:00:00-00:00"), DateTime::UNIX_EPOCH);
        assert_eq!(
            ok("1970-01-01T00:00:00+23:59"),
            DateTime::from_secs(-86_340)
        );
        assert_eq!(ok("1969-12-31T23:59:58.5Z"), at(-2, 500_000_000));
        assert_eq!(ok("2000-02-29T12:00:00Z"), DateTime::from_secs(951_825_600));
        assert_eq!(
            ok("2024-02-29T00:00:00Z").fmt_date_time(),
            "2024-02-29T00:00:00Z"
        );
        assert_eq!(
            ok("9999-12-31T23:59:59Z"),
            DateTime::from_secs(253_402_300_799)
        );
        assert_eq!(
            ok("0000-01-01T00:00:00Z"),
            DateTime::from_secs(-62_167_219_200)
        );
        assert_eq!(
            "2018-01-09T20:51:21Z".parse::<DateTime>(),
            Ok(DateTime::from_secs(1_515_531_081))
        );

        for bad in [
            "",
            "abc",
            "2018-02-30T00:00:00Z",
            "2019-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2018-04-31T00:00:00Z",
            "2018-00-10T00:00:00Z",
            "2018-13-10T00:00:00Z",
            "2018-01-00T00:00:00Z",
            "2018-01-32T00:00:00Z",
            "2018-01-09T24:00:00Z",
            "2018-01-09T20:60:00Z",
            "2018-01-09T20:51:60Z",
            "2018-1-09T20:51:21Z",
            "2018-01-9T20:51:21Z",
            "18-01-09T20:51:21Z",
            "2018-01-09 20:51:21Z",
            "2018-01-09T20:51:21",
            "2018-01-09T20:51Z",
            "2018-01-09T20:51:21.Z",
            "2018-01-09T20:51:21Ｚ",
            "２018-01-09T20:51:21Z",
            "2018-01-09T20:51:21Zjunk",
            " 2018-01-09T20:51:21Z",
            "2018-01-09T20:51:21Z ",
            "2018-01-09T20:51:21+0800",
            "2018-01-09T20:51:21+08",
            "2018-01-09T20:51:21+24:00",
            "2018-01-09T20:51:21+08:60",
            "2018-01-09",
            "+10000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z",
            "Tue, 09 Jan 2018 20:51:21 GMT",
            "1515531081",
        ] {
            let err = DateTime::parse_date_time(bad).unwrap_err();
            assert_eq!(err.format(), Some(TimestampFormat::DateTime), "{bad}");
        }
    }

    #[test]
    fn http_date_parsing() {
        let ok = |s: &str| DateTime::parse_http_date(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(ok("Thu, 01 Jan 1970 00:00:00 GMT"), DateTime::UNIX_EPOCH);
        assert_eq!(ok("Wed, 31 Dec 1969 23:59:58.5 GMT"), at(-2, 500_000_000));
        assert_eq!(
            ok("Tue, 29 Apr 2014 18:30:38.123 GMT"),
            at(1_398_796_238, 123_000_000)
        );
        assert_eq!(
            ok("Tue, 29 Apr 2014 18:30:38.1234567891 GMT"),
            at(1_398_796_238, 123_456_789)
        );
        assert_eq!(
            ok("Tue, 29 Feb 2000 00:00:00 GMT"),
            DateTime::from_secs(951_782_400)
        );
        assert_eq!(
            ok("Fri, 31 Dec 9999 23:59:59 GMT"),
            DateTime::from_secs(253_402_300_799)
        );

        for bad in [
            "",
            "abc",
            "Tue, 29 Apr 2014 18:30:38",
            "Tue, 29 Apr 2014 18:30:38 UTC",
            "Tue, 29 Apr 2014 18:30:38 gmt",
            "tue, 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 apr 2014 18:30:38 GMT",
            "Tuesday, 29-Apr-14 18:30:38 GMT",
            "Tue Apr 29 18:30:38 2014",
            "Tue, 29 Apr 14 18:30:38 GMT",
            "Tue, 9 Apr 2014 18:30:38 GMT",
            "Tue,29 Apr 2014 18:30:38 GMT",
            "Wed, 29 Apr 2014 18:30:38 GMT",
            "Xyz, 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 Abc 2014 18:30:38 GMT",
            "Fri, 30 Feb 2018 00:00:00 GMT",
            "Tue, 29 Apr 2014 24:30:38 GMT",
            "Tue, 29 Apr 2014 18:60:38 GMT",
            "Tue, 29 Apr 2014 18:30:60 GMT",
            "Tue, 29 Apr 2014 18:30:38. GMT",
            "Tue, 29 Apr 2014 18:30:38 GMT ",
            " Tue, 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38 GMTx",
            "Tue, 29 Apr 2014 18:30:38 ＧMT",
            "Tüe, 29 Apr 2014 18:30:38 GMT",
            "Tu",
            "2018-01-09T20:51:21Z",
        ] {
            let err = DateTime::parse_http_date(bad).unwrap_err();
            assert_eq!(err.format(), Some(TimestampFormat::HttpDate), "{bad}");
        }
    }

    #[test]
    fn round_trips() {
        let instants = [
            DateTime::UNIX_EPOCH,
            DateTime::from_secs(-1),
            at(-2, 500_000_000),
            at(-86_401, 1),
            DateTime::from_secs(951_782_400),     // 2000-02-29
            at(951_868_799, 999_999_999),         // 2000-02-29T23:59:59.999999999
            DateTime::from_secs(253_402_300_799), // 9999-12-31T23:59:59Z
            at(253_402_300_799, 999_999_999),
            DateTime::from_secs(-62_135_596_800), // 0001-01-01
            DateTime::from_secs(-62_167_219_200), // 0000-01-01
            at(1_515_531_081, 123_000_000),
            at(482_196_050, 520_000_000),
            at(1_700_000_000, 100),
        ];
        for t in instants {
            for format in [
                TimestampFormat::EpochSeconds,
                TimestampFormat::DateTime,
                TimestampFormat::HttpDate,
            ] {
                let text = t.fmt(format);
                assert_eq!(DateTime::parse(&text, format), Ok(t), "{format}: {text}");
            }
        }
    }

    #[test]
    fn round_trip_sweep() {
        // Step through years 0000..=9999 with a stride that visits every
        // time of day and weekday, checking all formats read back.
        let first = -62_167_219_200i64;
        let last = 253_402_300_799i64;
        let mut seconds = first;
        let mut nanos = 0u32;
        while seconds <= last {
            let t = at(seconds, nanos);
            for format in [
                TimestampFormat::EpochSeconds,
                TimestampFormat::DateTime,
                TimestampFormat::HttpDate,
            ] {
                let text = t.fmt(format);
                assert_eq!(DateTime::parse(&text, format), Ok(t), "{format}: {text}");
            }
            seconds += 3_155_760_013; // a little over a century, and prime-ish
            nanos = (nanos + 123_456_791) % NANOS_PER_SEC;
        }
        for days in -1_000_000..=3_000_000i64 {
            let (y, m, d) = civil_from_days(days);
            assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m));
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn calendar_helpers() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1, 1, 1), -719_162);
        assert_eq!(weekday_of(0), 4);
        assert_eq!(weekday_of(-1), 3);
        assert!(
            is_leap_year(2000) && is_leap_year(2024) && !is_leap_year(1900) && !is_leap_year(2023)
        );
        assert!(is_leap_year(0) && is_leap_year(-4) && !is_leap_year(-100));
    }

    #[test]
    fn extreme_years_format_without_panicking() {
        assert_eq!(
            DateTime::from_secs(253_402_300_800).fmt_date_time(),
            "+10000-01-01T00:00:00Z"
        );
        assert_eq!(
            DateTime::from_secs(-62_167_219_201).fmt_date_time(),
            "-0001-12-31T23:59:59Z"
        );
        assert_eq!(
            DateTime::MAX.fmt_date_time(),
            "+292277026596-12-04T15:30:07.999999999Z"
        );
        assert_eq!(
            DateTime::MIN.fmt_date_time(),
            "-292277022657-01-27T08:29:52Z"
        );
        assert_eq!(
            DateTime::MIN.fmt_http_date(),
            "Sun, 27 Jan -292277022657 08:29:52 GMT"
        );
        for seconds in interesting_seconds() {
            for nanos in [0, 1, 500_000_000, 999_999_999] {
                let t = at(seconds, nanos);
                let epoch = t.fmt_epoch_seconds();
                assert_eq!(DateTime::parse_epoch_seconds(&epoch), Ok(t), "{epoch}");
                let date_time = t.fmt_date_time();
                let http = t.fmt_http_date();
                assert!(date_time.ends_with('Z') && http.ends_with(" GMT"));
                assert_eq!(format!("{t:?}"), format!("DateTime({date_time})"));
                assert_eq!(t.to_string(), date_time);
                // Whatever is printed, parsing it back must never panic, and
                // must succeed exactly for four-digit years.
                let in_range = date_time.as_bytes().first().is_some_and(u8::is_ascii_digit);
                assert_eq!(
                    DateTime::parse_date_time(&date_time).is_ok(),
                    in_range,
                    "{date_time}"
                );
                assert_eq!(DateTime::parse_http_date(&http).is_ok(), in_range, "{http}");
                let _ = t.as_secs_f64();
                let _ = SystemTime::try_from(t);
            }
        }
    }

    #[test]
    fn mangled_inputs_never_panic() {
        let samples = [
            "2018-01-09T20:51:21.123456789Z",
            "1996-12-19T16:39:57-08:00",
            "Tue, 09 Jan 2018 20:51:21.5 GMT",
            "-1515531081.123e-2",
        ];
        let replacements = [
            "",
            "0",
            "9",
            "-",
            "+",
            ".",
            ":",
            "e",
            "Z",
            " ",
            "é",
            "Ｚ",
            "\u{0}",
            "99999999999999999999",
        ];
        for sample in samples {
            let chars: Vec<char> = sample.chars().collect();
            for i in 0..=chars.len() {
                for replacement in replacements {
                    for skip in 0..2 {
                        let mut mangled: String = chars[..i].iter().collect();
                        mangled.push_str(replacement);
                        mangled.extend(chars.iter().skip(i + skip));
                        for format in [
                            TimestampFormat::EpochSeconds,
                            TimestampFormat::DateTime,
                            TimestampFormat::HttpDate,
                        ] {
                            if let Err(e) = DateTime::parse(&mangled, format) {
                                assert!(!e.to_string().is_empty());
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn errors_display() {
        let err = DateTime::parse_epoch_seconds("abc").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid epoch-seconds timestamp: expected a decimal number"
        );
        assert_eq!(err.reason(), "expected a decimal number");
        let err = DateTime::parse_http_date("").unwrap_err();
        assert_eq!(err.to_string(), "invalid http-date timestamp: empty input");
        let err = DateTime::parse_date_time("2018-01-09T20:51:60Z").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid date-time timestamp: seconds out of range")
        );
        let boxed: Box<dyn Error> = Box::new(err);
        assert!(boxed.source().is_none());
        assert_eq!(TimestampFormat::EpochSeconds.to_string(), "epoch-seconds");
        assert_eq!(TimestampFormat::DateTime.as_str(), "date-time");
    }

    #[test]
    fn system_time_conversions() {
        use std::time::Duration;
        let epoch = SystemTime::UNIX_EPOCH;
        assert_eq!(DateTime::from(epoch), DateTime::UNIX_EPOCH);
        assert_eq!(DateTime::from(epoch + Duration::new(5, 7)), at(5, 7));
        assert_eq!(
            DateTime::from(epoch - Duration::new(1, 500_000_000)),
            at(-2, 500_000_000)
        );
        for t in [
            at(5, 7),
            at(-2, 500_000_000),
            DateTime::from_secs(1_515_531_081),
        ] {
            assert_eq!(SystemTime::try_from(t).map(DateTime::from), Ok(t));
        }
        // Whether the extremes fit depends on the platform; they must not panic,
        // and a failure must be reported as a conversion error.
        for t in [DateTime::MAX, DateTime::MIN] {
            match SystemTime::try_from(t) {
                Ok(system) => assert_eq!(DateTime::from(system), t),
                Err(err) => {
                    assert_eq!(err.format(), None);
                    assert!(err.to_string().contains("SystemTime"));
                }
            }
        }
        let now = SystemTime::now();
        assert_eq!(SystemTime::try_from(DateTime::from(now)), Ok(now));
    }

    #[test]
    fn debug_and_display() {
        let t = DateTime::from_secs(482_196_050);
        assert_eq!(format!("{t:?}"), "DateTime(1985-04-12T23:20:50Z)");
        assert_eq!(format!("{t}"), "1985-04-12T23:20:50Z");
    }
}
