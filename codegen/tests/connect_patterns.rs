//! Every `@pattern` of the Connect model: it translates and compiles, it
//! accepts realistic values and rejects wrong ones with ECMA-262 meaning —
//! or, where the model's pattern is wrong as written, the overrides file
//! switches it off, and this test shows the pattern rejecting realistic values.

use std::collections::BTreeMap;

use codegen::load_file;
use codegen::pattern::{is_match, translate};

mod common;

/// Shape → (values that must pass, values that must fail).
fn table() -> BTreeMap<&'static str, (Vec<String>, Vec<String>)> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let uuid = "12345678-90ab-cdef-1234-567890abcdef";
    let instance_arn = format!("arn:aws:connect:us-west-2:123456789012:instance/{uuid}");
    let tdg_arn =
        format!("arn:aws:connect:us-west-2:123456789012:traffic-distribution-group/{uuid}");
    let mut t = BTreeMap::new();
    let mut add = |shape: &'static str, pass: Vec<String>, fail: Vec<String>| {
        t.insert(shape, (pass, fail));
    };
    add(
        "ContactFlowModuleDescription",
        s(&["My module", " x "]),
        s(&["", "   ", "\t\n"]),
    );
    add("ContactFlowModuleName", s(&["Greeting"]), s(&[" "]));
    add("VocabularyNextToken", s(&["abc=="]), s(&[""]));
    add(
        "TagKey",
        s(&["Department", "cost-center", "Café 1", "a:b/c=d+e@f", ""]),
        s(&["aws:createdBy", "bad#key", "tab\tkey"]),
    );
    add(
        "ContactTagKey",
        s(&["team", "a.b:c/d", "key1", "A=B"]),
        s(&["aws:x", "has space", "", "emoji👍"]),
    );
    add(
        "PrimaryAttributeContextKeyName",
        s(&["customerId", "tier é"]),
        s(&["connect:x", "aws:y", "", "emoji👍"]),
    );
    add(
        "DirectoryAlias",
        s(&["mycompany", "my-company", "a1"]),
        s(&["d-123", "-abc", "abc-", "my_company"]),
    );
    add(
        "ContactFlowModuleAlias",
        s(&["LATEST", "$LATEST", "v1_2", "a-b"]),
        s(&["", "a__b", "has space"]),
    );
    add(
        "CurrentMetricId",
        vec![
            uuid.to_string(),
            "arn:aws:connect:us-west-2:123456789012:instance/abc-1/metric/m-1".into(),
            "arn:aws:connect:us-west-2:aws:metric/AGENTS_ONLINE".into(),
        ],
        s(&["AGENTS_ONLINE", "metric"]),
    );
    add(
        "ViewAction",
        s(&["Submit", "Go back (1)"]),
        s(&[" leading", "bad#"]),
    );
    add("ViewName", s(&["My view", "Form-1"]), s(&["", "bad#name"]));
    add(
        "ViewDescription",
        s(&["Shows things, nicely"]),
        s(&["tab\there", "#"]),
    );
    add("ViewsClientToken", s(&["token-123", ""]), s(&["bad#token"]));
    add(
        "Description250",
        s(&["A description", "A"]),
        s(&[" leading", "trailing ", ""]),
    );
    add("Name128", s(&["Name", "Two words"]), s(&[" Name", "Name "]));
    add(
        "TrafficDistributionGroupIdOrArn",
        vec![uuid.into(), tdg_arn.clone()],
        s(&["tdg-1", "12345678-90AB-CDEF-1234-567890ABCDEF"]),
    );
    add(
        "InstanceIdOrArn",
        vec![uuid.into(), instance_arn.clone()],
        s(&["my-instance", "12345678-90AB-CDEF-1234-567890ABCDEF"]),
    );
    add("SlaName", s(&["Gold SLA", "x"]), s(&["trailing ", ""]));
    add(
        "CreateSecurityProfileName",
        s(&["Agent profile", "admin_1@x-y"]),
        s(&["Agent.profile", ""]),
    );
    add(
        "ReferenceArn",
        s(&["arn:aws:s3:::bucket/key"]),
        s(&["arn.with.dots", "a b"]),
    );
    add("RuleName", s(&["my_rule-1.0"]), s(&["my rule", ""]));
    add("VocabularyName", s(&["vocab.v2"]), s(&["vocab!"]));
    add(
        "WorkspaceErrorCode",
        s(&["404", "500"]),
        s(&["600", "40", "4040"]),
    );
    add(
        "CommonHumanReadableName",
        s(&["Support queue", "Café", "Line 1\nLine 2"]),
        vec![String::new(), "x".repeat(128), "bell\u{7}".into()],
    );
    add(
        "CommonHumanReadableDescription",
        vec!["A queue for billing questions.".into(), "x".repeat(250)],
        vec!["x".repeat(251), "nul\u{0}".into()],
    );
    add(
        "PhoneNumberDescription",
        s(&[
            "Main line",
            "",
            "any text, ECMA's [\\W\\S_] admits every character",
        ]),
        vec![],
    );
    add("PhoneNumberWorkflowMessage", s(&["Pending"]), vec![]);
    add(
        "DataTableName",
        s(&["Customer table", "v1.2_x"]),
        s(&["bad/slash", ""]),
    );
    add(
        "IAMRestrictedPrimaryValue",
        s(&["value é", "tab\tok"]),
        s(&["emoji 👍", ""]),
    );
    add(
        "AuthenticationError",
        s(&["access_denied", ""]),
        s(&["quote\"", "back\\slash", "é"]),
    );
    add(
        "AuthenticationErrorDescription",
        s(&["The user denied access."]),
        s(&["line\nbreak"]),
    );
    add(
        "EmailAddress",
        s(&["jane@example.com", "a.b+c@mail.example.org"]),
        s(&["jane@example", "ja ne@example.com", "@example.com"]),
    );
    add(
        "TrafficDistributionGroupId",
        vec![uuid.into()],
        vec![tdg_arn.clone()],
    );
    add(
        "FileExtension",
        s(&["pdf", "tar-gz", "a_b"]),
        s(&[".pdf", ""]),
    );
    add(
        "ViewsNextToken",
        s(&["abc+/==", "a.b_c-d"]),
        s(&["bad token"]),
    );
    add(
        "ViewId",
        s(&[
            "arn:aws:connect:us-west-2:123456789012:instance/x/view/y:$LATEST",
            "view_1",
        ]),
        s(&["view id", ""]),
    );
    add("ViewsInstanceId", s(&["abc-123"]), s(&["a b", "$x"]));
    add(
        "FlowContentSha256",
        vec!["a".repeat(64)],
        vec!["a".repeat(63), "g".repeat(65)],
    );
    add(
        "FlowModuleContentSha256",
        vec!["0".repeat(64)],
        vec!["0".repeat(63)],
    );
    add("TestCaseSha256", vec!["F".repeat(64)], vec![String::new()]);
    add(
        "SourceApplicationName",
        s(&["My app", "app_1-2"]),
        s(&["app!", ""]),
    );
    add(
        "AwsRegion",
        s(&["us-west-2", "us-gov-west-1", "eu-central-1"]),
        s(&["US-WEST-2", "uswest2", "us-west-22"]),
    );
    add("RegionName", s(&["ap-southeast-2"]), s(&["ap"]));
    add(
        "SensitivePhoneNumber",
        s(&["+12065550100", "+44"]),
        s(&["12065550100", "+0123", "+1234567890123456"]),
    );
    add(
        "FileName",
        s(&["report.pdf", "résumé.docx", "名前.txt"]),
        s(&["bad\u{0}name", "tab\tname"]),
    );
    add(
        "DateYearMonthDayFormat",
        s(&["2026-11-25"]),
        s(&["25/11/2026", "2026-1-5", "٢٠٢٦-١١-٢٥"]),
    );
    add(
        "HoursOfOperationOverrideYearMonthDayDateFormat",
        s(&["2026-12-24"]),
        s(&["2026/12/24"]),
    );
    add(
        "DateTimeFormat",
        s(&[
            "2026-11-25T10:00:00Z",
            "2026-11-25T10:00:00.123Z",
            "2026-11-25T10:00:00",
        ]),
        s(&["2026-11-25 10:00:00", "2026-11-25T10:00Z"]),
    );
    add(
        "InstanceArn",
        vec![instance_arn.clone()],
        vec![uuid.into(), instance_arn.replace("aws:connect", "aws:s3")],
    );
    add(
        "TrafficDistributionGroupArn",
        vec![tdg_arn.clone()],
        vec![instance_arn],
    );
    add(
        "DirectoryId",
        s(&["d-12345678ab"]),
        s(&["d-123", "D-12345678AB"]),
    );
    t
}

/// Realistic values that the patterns switched off in the overrides file reject.
fn wrongly_rejected() -> BTreeMap<&'static str, Vec<&'static str>> {
    BTreeMap::from([
        ("PhoneNumber", vec!["+12065550100", "+442071838750"]),
        ("PhoneNumberPrefix", vec!["+1", "44"]),
        ("DataTableDescription", vec!["Customer records", "Orders"]),
        ("WorkspaceDescription", vec!["Workspace for agents"]),
        ("WorkspaceTitle", vec!["Agent desktop"]),
        ("Page", vec!["home", "settings"]),
        ("Slug", vec!["my-page", "home"]),
        ("MediaSource", vec!["https://example.com/logo.png"]),
        ("ThemeImageLink", vec!["https://example.com/logo.png"]),
        ("ThemeString", vec!["#ff9900"]),
        ("WorkspaceAssociatedResourceName", vec!["SalesQueue"]),
        ("WorkspaceName", vec!["Agent workspace"]),
        (
            "S3Uri",
            vec!["https://bucket.s3.us-east-1.amazonaws.com/key"],
        ),
        ("IpCidr", vec!["10.0.0.0/16", "192.168.1.0/24"]),
        (
            "ViewContentSha256",
            vec!["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
        ),
        ("Password", vec!["Str0ngPassw0rd!"]),
    ])
}

#[test]
fn every_connect_pattern_is_translated_and_tested() {
    let Some(path) = common::connect_model() else {
        return;
    };
    let model = load_file(&path).unwrap();
    let overrides: toml::Table = toml::from_str(
        &std::fs::read_to_string(common::root().join("models/connect.overrides.toml")).unwrap(),
    )
    .unwrap();
    let overridden: Vec<String> = overrides["pattern"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["shape"]
                .as_str()
                .unwrap()
                .trim_start_matches("com.amazonaws.connect#")
                .to_string()
        })
        .collect();
    let table = table();
    let wrong = wrongly_rejected();
    let mut seen = 0;
    for shape in model.shapes.values() {
        let Some(source) = shape
            .traits
            .get("smithy.api#pattern")
            .and_then(|v| v.as_str())
        else {
            continue;
        };
        seen += 1;
        let name = shape.id.name();
        if overridden.iter().any(|o| o == name) {
            let values = wrong
                .get(name)
                .unwrap_or_else(|| panic!("{name}: overridden, but no realistic values show why"));
            for v in values {
                if let Ok(t) = translate(source) {
                    assert!(
                        !is_match(&t, v),
                        "{name}: the pattern as written accepts {v:?}; is the override still needed?"
                    );
                }
            }
            continue;
        }
        let t = translate(source).unwrap_or_else(|e| panic!("{name}: {source}: {e}"));
        let (pass, fail) = table
            .get(name)
            .unwrap_or_else(|| panic!("{name}: add realistic values for {source}"));
        for v in pass {
            assert!(
                is_match(&t, v),
                "{name}: {source} should accept {v:?} (as {})",
                t.regex
            );
        }
        for v in fail {
            assert!(
                !is_match(&t, v),
                "{name}: {source} should reject {v:?} (as {})",
                t.regex
            );
        }
    }
    assert!(seen > 0, "the model has shapes with a pattern");
    // Evidence of a wrong pattern for a shape this model has must come with
    // its override (the other way round is checked in the loop above).
    let patterned: Vec<&str> = model
        .shapes
        .values()
        .filter(|s| s.traits.contains_key("smithy.api#pattern"))
        .map(|s| s.id.name())
        .collect();
    for name in wrong.keys().filter(|n| patterned.contains(n)) {
        assert!(
            overridden.iter().any(|o| o == name),
            "{name}: shown wrong here, but the overrides file does not switch it off"
        );
    }
}
