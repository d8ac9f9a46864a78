//! Arbitrary-precision numbers (Smithy `bigInteger` and `bigDecimal`), kept
//! as their decimal text so that no precision is lost in this crate.

use std::fmt;

use crate::json::{DecodeError, Decoder, FromJson, JsonWriter, ToJson};

macro_rules! big {
    ($name:ident, $what:literal, $check:expr) => {
        #[doc = concat!("A Smithy `", $what, "`, kept as its decimal text (written as a JSON number).")]
        #[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
        pub struct $name(String);

        impl $name {
            /// Wraps decimal text; no check is made (see `parse` for one).
            pub fn new(text: impl Into<String>) -> Self {
                $name(text.into())
            }

            /// Wraps decimal text if it has the number's form.
            pub fn parse(text: &str) -> Option<Self> {
                let check: fn(&str) -> bool = $check;
                check(text).then(|| $name(text.to_string()))
            }

            /// The decimal text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ToJson for $name {
            fn write_json(&self, out: &mut JsonWriter) {
                let check: fn(&str) -> bool = $check;
                if check(&self.0) {
                    out.raw(&self.0)
                } else {
                    out.string(&self.0)
                }
            }
        }

        impl FromJson for $name {
            fn from_json<'v>(
                v: &'v serde_json::Value,
                d: &mut Decoder<'v>,
            ) -> Result<Self, DecodeError> {
                match v {
                    serde_json::Value::Number(n) => Ok($name(n.to_string())),
                    serde_json::Value::String(s) => {
                        $name::parse(s).ok_or_else(|| d.error(concat!("expected a ", $what)))
                    }
                    serde_json::Value::Null => Ok($name::default()),
                    _ => Err(d.error(concat!("expected a ", $what))),
                }
            }
        }
    };
}

fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(s: &str) -> bool {
    serde_json::from_str::<serde_json::Number>(s).is_ok()
}

big!(BigInteger, "bigInteger", is_integer);
big!(BigDecimal, "bigDecimal", is_decimal);
