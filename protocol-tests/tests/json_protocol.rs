//! Smithy's awsJson1_1 service `JsonProtocol`: every `httpRequestTests` and `httpResponseTests` case on
//! each side it applies to (client: request serialization and response
//! parsing; server: request parsing through `dispatch` and response
//! serialization). Run with `cargo test -p protocol-tests --test json_protocol`.

mod support;

suite!(json_protocol, "aws.protocoltests.json#JsonProtocol");
