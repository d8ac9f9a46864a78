//! Support code for crates generated from Smithy service models.
//!
//! Generated crates stay small by calling into this crate for everything that
//! does not depend on the model: JSON encoding and decoding ([`json`]),
//! timestamps ([`DateTime`]), blobs ([`base64`]) and redaction of sensitive
//! values ([`Redacted`]).

#![deny(missing_docs)]

#[cfg(feature = "aws")]
pub mod aws;
pub mod base64;
pub mod big;
pub mod datetime;
#[cfg(feature = "aws")]
pub mod endpoints;
#[cfg(feature = "https")]
pub mod https;
pub mod json;
#[cfg(feature = "paginators")]
pub mod paginate;
pub mod rest;
#[cfg(feature = "aws")]
pub mod retry;
#[cfg(feature = "serve")]
pub mod serve;
pub mod validate;

pub use big::{BigDecimal, BigInteger};
pub use datetime::{DateTime, DateTimeError, TimestampFormat};
pub use json::{DecodeError, FromJson, ToJson};
pub use validate::{Validate, ValidationErrors, Violation};

pub use http;
#[doc(hidden)]
pub use serde;
#[doc(hidden)]
pub use serde_json;

/// A JSON document (Smithy `document` shapes).
pub type Document = serde_json::Value;

/// Stands in for a `@sensitive` value in `Debug` output.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("*** Sensitive Data Redacted ***")
    }
}
