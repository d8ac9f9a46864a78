//! The wire protocols, each a plug-in behind [`WireProtocol`]: what an
//! operation's request and response look like on each side, how an error
//! travels, how a server routes a request. The emitters of `operations`,
//! the error enums and `dispatch` write everything else (names, docs,
//! types, idempotency tokens, paginators) the same way for every protocol.

mod aws_json;
mod rest_json;
mod wire;

pub use wire::{OpCx, OperationWire, WireProtocol};

use crate::ir::{AwsJsonVersion, Protocol, Service};

/// The protocol of the service.
pub fn of(service: &Service) -> &'static dyn WireProtocol {
    match service.protocol {
        Protocol::RestJson1 => &rest_json::RestJson1,
        Protocol::AwsJson {
            version,
            query_compatible,
        } => match (version, query_compatible) {
            (AwsJsonVersion::V1_0, false) => &aws_json::AWS_JSON_1_0,
            (AwsJsonVersion::V1_0, true) => &aws_json::AWS_JSON_1_0_QUERY,
            (AwsJsonVersion::V1_1, false) => &aws_json::AWS_JSON_1_1,
            (AwsJsonVersion::V1_1, true) => &aws_json::AWS_JSON_1_1_QUERY,
        },
    }
}
