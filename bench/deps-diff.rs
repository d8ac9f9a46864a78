//! The runtime's date-time and base64 vectors run through `aws-smithy-types`
//! (bench/deps.sh builds this in a scratch crate): every input on which the
//! two disagree is printed, then a count per format.
use aws_smithy_types::date_time::Format;
use smithy_runtime::datetime::{DateTime, TimestampFormat};

const DATE_TIME: &[&str] = &[
    "1970-01-01T00:00:00Z", "1970-01-01t00:00:00z", "1970-01-01T00:00:00.000Z",
    "1970-01-01T00:00:00.1234567899Z", "1970-01-01T00:00:00.5+00:00", "1970-01-01T00:00:00-00:00",
    "1970-01-01T00:00:00+23:59", "1969-12-31T23:59:58.5Z", "2000-02-29T12:00:00Z",
    "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1985-04-12T23:20:50.52Z",
    "1996-12-19T16:39:57-08:00", "2000-01-01T05:30:00+05:30", "", "abc", "2018-02-30T00:00:00Z",
    "2019-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2018-04-31T00:00:00Z", "2018-00-10T00:00:00Z",
    "2018-13-10T00:00:00Z", "2018-01-00T00:00:00Z", "2018-01-32T00:00:00Z", "2018-01-09T24:00:00Z",
    "2018-01-09T20:60:00Z", "2018-01-09T20:51:60Z", "2018-1-09T20:51:21Z", "2018-01-9T20:51:21Z",
    "18-01-09T20:51:21Z", "2018-01-09 20:51:21Z", "2018-01-09T20:51:21", "2018-01-09T20:51Z",
    "2018-01-09T20:51:21.Z", "2018-01-09T20:51:21Ｚ", "２018-01-09T20:51:21Z",
    "2018-01-09T20:51:21Zjunk", " 2018-01-09T20:51:21Z", "2018-01-09T20:51:21Z ",
    "2018-01-09T20:51:21+0800", "2018-01-09T20:51:21+08", "2018-01-09T20:51:21+24:00",
    "2018-01-09T20:51:21+08:60", "2018-01-09", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
    "Tue, 09 Jan 2018 20:51:21 GMT", "1515531081",
];

const HTTP_DATE: &[&str] = &[
    "Thu, 01 Jan 1970 00:00:00 GMT", "Wed, 31 Dec 1969 23:59:58.5 GMT",
    "Tue, 29 Apr 2014 18:30:38.123 GMT", "Tue, 29 Apr 2014 18:30:38.1234567891 GMT",
    "Tue, 29 Feb 2000 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "", "abc",
    "Tue, 29 Apr 2014 18:30:38", "Tue, 29 Apr 2014 18:30:38 UTC", "Tue, 29 Apr 2014 18:30:38 gmt",
    "tue, 29 Apr 2014 18:30:38 GMT", "Tue, 29 apr 2014 18:30:38 GMT",
    "Tuesday, 29-Apr-14 18:30:38 GMT", "Tue Apr 29 18:30:38 2014", "Tue, 29 Apr 14 18:30:38 GMT",
    "Tue, 9 Apr 2014 18:30:38 GMT", "Tue,29 Apr 2014 18:30:38 GMT", "Wed, 29 Apr 2014 18:30:38 GMT",
    "Xyz, 29 Apr 2014 18:30:38 GMT", "Tue, 29 Abc 2014 18:30:38 GMT", "Fri, 30 Feb 2018 00:00:00 GMT",
    "Tue, 29 Apr 2014 24:30:38 GMT", "Tue, 29 Apr 2014 18:60:38 GMT", "Tue, 29 Apr 2014 18:30:60 GMT",
    "Tue, 29 Apr 2014 18:30:38. GMT", "Tue, 29 Apr 2014 18:30:38 GMT ",
    " Tue, 29 Apr 2014 18:30:38 GMT", "Tue, 29 Apr 2014 18:30:38 GMTx",
    "Tue, 29 Apr 2014 18:30:38 ＧMT", "Tüe, 29 Apr 2014 18:30:38 GMT", "Tu", "2018-01-09T20:51:21Z",
];

const EPOCH_SECONDS: &[&str] = &[
    "0", "-0", "-0.0", "0e999999999999999999999", "1.5e9", "1.5E+9", "15e-1", "1515531081123e-3",
    "-1.5", "-1", "007", "1.1234567891", "-1.0000000009", "1e-9", "1e-10", "1e-99999999999999999999",
    "0.000000000000000000000000001e27", "9223372036854775807", "9223372036854775807.999999999",
    "-9223372036854775808", "9.223372036854775807e18", "00000000000000000000000000001",
    "482196050.52", "", "-", "+1", " 1", "1 ", "abc", "NaN", "nan", "inf", "-inf", "Infinity", "1.",
    ".5", "1.2.3", "--1", "1e", "1e+", "1e1.5", "e5", "0x10", "1_000", "１", "1٣",
    "9223372036854775808", "-9223372036854775809", "1e19", "1e99999999999999999999",
    "99999999999999999999999999999999999999999999",
];

const INSTANTS: &[(i64, u32)] = &[
    (0, 0), (-2, 500_000_000), (-1, 999_999_999), (0, 1), (1, 100_000_000), (1, 123_456_789),
    (482_196_050, 520_000_000), (1_515_531_081, 0), (1_398_796_238, 123_000_000),
    (951_782_400, 0), (253_402_300_799, 0), (-62_135_596_800, 0), (-62_167_219_200, 0),
    (253_402_300_800, 0), (-62_167_219_201, 0),
];

fn ours(s: &str, f: TimestampFormat) -> Option<(i64, u32)> {
    DateTime::parse(s, f).ok().map(|t| (t.secs(), t.subsec_nanos()))
}

fn theirs(s: &str, f: Format) -> Option<(i64, u32)> {
    aws_smithy_types::DateTime::from_str(s, f).ok().map(|t| (t.secs(), t.subsec_nanos()))
}

fn main() {
    let formats = [
        ("date-time", TimestampFormat::DateTime, Format::DateTime, DATE_TIME),
        ("http-date", TimestampFormat::HttpDate, Format::HttpDate, HTTP_DATE),
        ("epoch-seconds", TimestampFormat::EpochSeconds, Format::EpochSeconds, EPOCH_SECONDS),
    ];
    let mut total = 0;
    for (name, f, g, inputs) in formats {
        let mut differ = 0;
        for s in inputs {
            let (a, b) = (ours(s, f), theirs(s, g));
            if a != b {
                differ += 1;
                println!("  parse {name:<13} {s:?}: runtime {a:?}, aws-smithy-types {b:?}");
            }
        }
        for &(secs, nanos) in INSTANTS {
            let a = DateTime::from_secs_and_nanos(secs, nanos).expect("valid nanos").fmt(f);
            let b = aws_smithy_types::DateTime::from_secs_and_nanos(secs, nanos).fmt(g);
            if b.as_deref().ok() != Some(a.as_str()) {
                differ += 1;
                println!("  format {name:<12} ({secs}, {nanos}): runtime {a:?}, aws-smithy-types {b:?}");
            }
        }
        println!("{name}: {differ} of {} cases differ", inputs.len() + INSTANTS.len());
        total += differ;
    }

    let base64 = ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy", "Zm9vYg", "YmxvYg=", "Zm9v!", "Z", "Zg==="];
    let mut differ = 0;
    for s in base64 {
        let a = smithy_runtime::base64::decode(s);
        let b = aws_smithy_types::base64::decode(s).ok();
        if a != b {
            differ += 1;
            println!("  base64 decode {s:?}: runtime {a:?}, aws-smithy-types {b:?}");
        }
    }
    println!("base64: {differ} of {} cases differ", base64.len());
    total += differ;
    println!("in all: {total} differences");
}
