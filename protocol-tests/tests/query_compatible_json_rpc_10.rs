//! Smithy's awsJson1_0 service with `@awsQueryCompatible`, `QueryCompatibleJsonRpc10`: every `httpRequestTests` and `httpResponseTests` case on
//! each side it applies to (client: request serialization and response
//! parsing; server: request parsing through `dispatch` and response
//! serialization). Run with `cargo test -p protocol-tests --test query_compatible_json_rpc_10`.

mod support;

suite!(
    query_compatible_json_rpc_10,
    "aws.protocoltests.json10#QueryCompatibleJsonRpc10"
);
