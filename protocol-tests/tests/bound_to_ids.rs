//! The harness finds a case's operation, input, output and errors by full
//! shape ID within the service under test, even though the suite's folder
//! (loaded whole, every protocol's suite in it) defines operations of the
//! same name in other services: `SimpleScalarProperties` exists in the
//! restJson1, restXml, awsJson1_1… suites.

use protocol_tests::{Side, io, load, service_operations, suite_paths};

const SERVICE: &str = "aws.protocoltests.restjson#RestJson";

#[test]
fn cases_are_bound_to_the_service_under_tests_shapes() {
    let Some(paths) = suite_paths() else { return };
    let kinds = [
        "httpRequestTests",
        "httpResponseTests",
        "httpMalformedRequestTests",
    ];
    let suite = load(&paths, SERVICE, &kinds).unwrap_or_else(|e| panic!("{e}"));
    let shapes = suite.model["shapes"].as_object().expect("shapes");

    // The hazard is real: the folder holds several operations of that name.
    let same_name: Vec<&String> = shapes
        .iter()
        .filter(|(id, s)| s["type"] == "operation" && id.ends_with("#SimpleScalarProperties"))
        .map(|(id, _)| id)
        .collect();
    assert!(
        same_name.len() >= 3,
        "expected several SimpleScalarProperties operations, found {same_name:?}"
    );

    let ops = service_operations(shapes, SERVICE);
    assert!(
        ops.iter()
            .all(|id| id.starts_with("aws.protocoltests.restjson#")),
        "{ops:?}"
    );
    for case in &suite.cases {
        assert!(
            ops.contains(&case.operation_id),
            "{}: {} is not an operation of {SERVICE}",
            case.name,
            case.operation_id
        );
        assert_eq!(
            case.operation_id.split_once('#').map(|(_, n)| n),
            Some(case.operation.as_str()),
            "{}",
            case.name
        );
        if let Some(error) = &case.error {
            let listed = shapes[&case.operation_id]["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|e| e["target"] == error.as_str());
            assert!(
                listed,
                "{}: {error} is not an error of {}",
                case.name, case.operation_id
            );
        }
    }
    let case = suite
        .cases
        .iter()
        .find(|c| {
            c.name == "SimpleScalarProperties::RestJsonSupportsNaNFloatInputs::client"
                && c.side == Side::Client
        })
        .expect("the NaN case");
    assert_eq!(
        case.operation_id,
        "aws.protocoltests.restjson#SimpleScalarProperties"
    );
    assert_eq!(
        io(&suite.model, case, "input"),
        "aws.protocoltests.restjson#SimpleScalarPropertiesInputOutput"
    );
    assert_eq!(
        io(&suite.model, case, "output"),
        "aws.protocoltests.restjson#SimpleScalarPropertiesInputOutput"
    );
}

#[test]
fn resource_bound_operations_belong_to_the_service() {
    let model = serde_json::json!({"shapes": {
        "a#S": {"type": "service", "operations": [{"target": "a#Op"}], "resources": [{"target": "a#R"}]},
        "a#R": {"type": "resource", "read": {"target": "a#Get"}, "operations": [{"target": "a#Op"}], "resources": [{"target": "a#Child"}]},
        "a#Child": {"type": "resource", "list": {"target": "a#List"}, "collectionOperations": [{"target": "a#Batch"}], "resources": [{"target": "a#R"}]},
    }});
    let shapes = model["shapes"].as_object().expect("shapes");
    assert_eq!(
        service_operations(shapes, "a#S"),
        ["a#Op", "a#Get", "a#List", "a#Batch"]
    );
}
