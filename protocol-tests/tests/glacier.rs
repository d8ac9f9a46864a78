//! Amazon Glacier as Smithy's restJson1 protocol tests model it: its
//! `httpRequestTests` (the version header, payload checksums, `-` for an
//! empty account ID) on each side they apply to.
//! Run with `cargo test -p protocol-tests --test glacier`.

mod support;

suite!(glacier, "com.amazonaws.glacier#Glacier");
