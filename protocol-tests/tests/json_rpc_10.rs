//! Smithy's awsJson1_0 service `JsonRpc10`: every `httpRequestTests` and `httpResponseTests` case on
//! each side it applies to (client: request serialization and response
//! parsing; server: request parsing through `dispatch` and response
//! serialization). Run with `cargo test -p protocol-tests --test json_rpc_10`.

mod support;

suite!(json_rpc_10, "aws.protocoltests.json10#JsonRpc10");
