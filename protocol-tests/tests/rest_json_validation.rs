//! Smithy's `RestJsonValidation` service: every `httpMalformedRequestTests`
//! case (125 once parameters are expanded) sent to the generated crate's
//! `dispatch`, which must answer exactly as the case says (status, headers,
//! `ValidationException` body). Run with `cargo test -p protocol-tests`.

mod support;

suite!(
    rest_json_validation,
    "aws.protocoltests.restjson.validation#RestJsonValidation"
);
