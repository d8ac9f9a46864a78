//! Smithy's `RestJson` service: every `httpRequestTests` and
//! `httpResponseTests` case on each side it applies to (client: request
//! serialization and response parsing; server: request parsing through
//! `dispatch` and response serialization), and every
//! `httpMalformedRequestTests` case sent to `dispatch`. Event-stream
//! operations are not generated, so their cases do not run.
//! Run with `cargo test -p protocol-tests --test rest_json`.

mod support;

suite!(rest_json, "aws.protocoltests.restjson#RestJson");
