//! Our `ValidationException` bodies against the official Smithy restJson1
//! validation suite (`smithy-aws-protocol-tests/model/restJson1/validation/` of the
//! files `models/smithy.toml` pins, fetched into `models/.cache/smithy/`):
//! for each case, the same constraint and value give exactly the body the
//! suite expects (summary `message` and `fieldList`).
//!
//! The suite's texts use `$$` for a literal `$` (and `$name:L` for test
//! parameters, which each case below fills in). `RestJsonMalformedPatternReDOSString`
//! has no parameters yet also writes `$$`, an upstream defect: the pattern is `^([0-9]+)+$`.

use std::path::PathBuf;

use smithy_runtime::validate::{
    FloatRange, IntRange, Length, ListRules, MapRules, Nested, Pattern, Rule, StrRules, Unchecked,
    Validate, ValidationErrors, Validator,
};

fn suite_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../models/.cache/smithy/smithy-aws-protocol-tests/model/restJson1/validation");
    // The files, not the folder: a fetch without network access leaves the
    // folders it made empty.
    let has_files = std::fs::read_dir(&dir).is_ok_and(|mut entries| {
        entries.any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "smithy")))
    });
    if has_files {
        return Some(dir);
    }
    let msg = "Smithy's test models (pinned by models/smithy.toml) are absent from models/.cache/smithy: run `cargo xtask fetch-model`";
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("skipping: {msg}");
    None
}

/// The expected response body of test case `id`, parameters filled in.
fn expected(dir: &std::path::Path, id: &str, params: &[(&str, &str)]) -> serde_json::Value {
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let Some(at) = text.find(&format!("id: \"{id}\"")) else {
            continue;
        };
        let rest = &text[at..];
        let start = rest.find("contents: \"\"\"").unwrap() + "contents: \"\"\"".len();
        let end = start + rest[start..].find("\"\"\"").unwrap();
        let mut body = rest[start..end].to_string();
        for (name, value) in params {
            body = body.replace(name, value);
        }
        let body = body.replace("$$", "$");
        return serde_json::from_str(&body).unwrap_or_else(|e| panic!("{id}: {e}: {body}"));
    }
    panic!("test case {id} not found in the suite");
}

/// A one-member input: validates `value` under `name` with `rule`.
struct One<T: 'static, R: 'static> {
    name: &'static str,
    value: T,
    rule: R,
}

impl<T, R: Rule<T>> Validate for One<T, R> {
    fn validate_into<'a>(&'a self, v: &mut Validator<'a>) {
        v.member(self.name, &self.value, &self.rule);
    }
}

fn body(errors: ValidationErrors) -> serde_json::Value {
    serde_json::from_str(&errors.to_json_body()).unwrap()
}

fn check<T, R: Rule<T>>(dir: &std::path::Path, id: &str, params: &[(&str, &str)], one: One<T, R>) {
    let errors = one.validate().expect_err(id);
    assert_eq!(body(errors), expected(dir, id, params), "{id}");
}

fn len(min: Option<u64>, max: Option<u64>) -> Option<Length> {
    Some(Length { min, max })
}

fn s(x: &str) -> String {
    x.to_string()
}

static A_TO_M: Pattern = Pattern::new("^[a-m]+$", "^[a-m]+$", None, &[], None);
static EVIL: Pattern = Pattern::new("^([0-9]+)+$", "^([0-9]+)+$", None, &[], None);

/// A string enum with values abc, def, jkl, as the suite's `EnumString`.
#[derive(PartialEq)]
struct EnumString(String);

impl Validate for EnumString {
    fn validate_into<'a>(&'a self, v: &mut Validator<'a>) {
        if !["abc", "def", "jkl"].contains(&self.0.as_str()) {
            v.not_in_enum("[abc, def, jkl]");
        }
    }
}

impl smithy_runtime::json::ToJson for EnumString {
    fn write_json(&self, out: &mut smithy_runtime::json::JsonWriter) {
        out.string(&self.0)
    }
}

impl smithy_runtime::json::JsonKey for EnumString {
    fn as_key(&self) -> &str {
        &self.0
    }
    fn from_key(key: &str) -> Self {
        EnumString(key.to_string())
    }
}

impl PartialOrd for EnumString {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Eq for EnumString {}
impl Ord for EnumString {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

#[test]
fn length_messages() {
    let Some(d) = suite_dir() else { return };
    let str_len = |min, max| StrRules {
        length: len(min, max),
        pattern: None,
    };
    check(
        &d,
        "RestJsonMalformedLengthString",
        &[("$inputLength:L", "1")],
        One {
            name: "string",
            value: s("a"),
            rule: str_len(Some(2), Some(8)),
        },
    );
    check(
        &d,
        "RestJsonMalformedLengthMinString",
        &[],
        One {
            name: "minString",
            value: s("a"),
            rule: str_len(Some(2), None),
        },
    );
    check(
        &d,
        "RestJsonMalformedLengthMaxString",
        &[],
        One {
            name: "maxString",
            value: s("abcdefghijklmnopqrstuvwxyz"),
            rule: str_len(None, Some(8)),
        },
    );
    check(
        &d,
        "RestJsonMalformedLengthList",
        &[("$inputLength:L", "1")],
        One {
            name: "list",
            value: vec![s("abc")],
            rule: ListRules {
                length: len(Some(2), Some(8)),
                unique: false,
                item: Unchecked,
            },
        },
    );
    check(
        &d,
        "RestJsonMalformedLengthListValue",
        &[("$inputLength:L", "1")],
        One {
            name: "list",
            value: vec![s("a"), s("abc")],
            rule: ListRules {
                length: len(Some(2), Some(8)),
                unique: false,
                item: str_len(Some(2), Some(8)),
            },
        },
    );
    let map = |k: &str| {
        std::collections::BTreeMap::from([
            (s(k), vec![s("abc"), s("def")]),
            (s("ghi"), vec![s("jkl"), s("mno")]),
        ])
    };
    let list_rule = ListRules {
        length: len(Some(2), Some(8)),
        unique: false,
        item: Unchecked,
    };
    check(
        &d,
        "RestJsonMalformedLengthMapKey",
        &[("$inputLength:L", "1")],
        One {
            name: "map",
            value: map("a"),
            rule: MapRules {
                length: len(Some(2), Some(8)),
                key: str_len(Some(2), Some(8)),
                value: Unchecked,
            },
        },
    );
    let map_value = std::collections::BTreeMap::from([
        (s("abc"), vec![s("def")]),
        (s("ghi"), vec![s("jkl"), s("mno")]),
    ]);
    check(
        &d,
        "RestJsonMalformedLengthMapValue",
        &[("$inputLength:L", "1")],
        One {
            name: "map",
            value: map_value,
            rule: MapRules {
                length: len(Some(2), Some(8)),
                key: Unchecked,
                value: list_rule,
            },
        },
    );
}

#[test]
fn pattern_messages() {
    let Some(d) = suite_dir() else { return };
    let pat = |p: &'static Pattern| StrRules {
        length: None,
        pattern: Some(p),
    };
    check(
        &d,
        "RestJsonMalformedPatternString",
        &[],
        One {
            name: "string",
            value: s("ABC"),
            rule: pat(&A_TO_M),
        },
    );
    check(
        &d,
        "RestJsonMalformedPatternReDOSString",
        &[],
        One {
            name: "evilString",
            value: format!("{}!", "0".repeat(84)),
            rule: pat(&EVIL),
        },
    );
    check(
        &d,
        "RestJsonMalformedPatternList",
        &[],
        One {
            name: "list",
            value: vec![s("ABC")],
            rule: ListRules {
                length: None,
                unique: false,
                item: pat(&A_TO_M),
            },
        },
    );
    check(
        &d,
        "RestJsonMalformedPatternMapKey",
        &[],
        One {
            name: "map",
            value: std::collections::BTreeMap::from([(s("ABC"), s("abc"))]),
            rule: MapRules {
                length: None,
                key: pat(&A_TO_M),
                value: Unchecked,
            },
        },
    );
    check(
        &d,
        "RestJsonMalformedPatternMapValue",
        &[],
        One {
            name: "map",
            value: std::collections::BTreeMap::from([(s("abc"), s("ABC"))]),
            rule: MapRules {
                length: None,
                key: Unchecked,
                value: pat(&A_TO_M),
            },
        },
    );
    // A union is a nested value: its member adds a path segment.
    struct Union(String);
    impl Validate for Union {
        fn validate_into<'a>(&'a self, v: &mut Validator<'a>) {
            v.member(
                "first",
                &self.0,
                &StrRules {
                    length: None,
                    pattern: Some(&A_TO_M),
                },
            );
        }
    }
    let errors = One {
        name: "union",
        value: Union(s("ABC")),
        rule: Nested,
    }
    .validate()
    .unwrap_err();
    assert_eq!(
        body(errors),
        expected(&d, "RestJsonMalformedPatternUnion", &[])
    );
}

#[test]
fn range_messages() {
    let Some(d) = suite_dir() else { return };
    let int = |min: Option<i64>, max: Option<i64>, t: (&'static str, &'static str)| IntRange {
        min,
        max,
        text: t,
    };
    check(
        &d,
        "RestJsonMalformedRangeByte",
        &[],
        One {
            name: "byte",
            value: 1i8,
            rule: int(Some(2), Some(8), ("2", "8")),
        },
    );
    check(
        &d,
        "RestJsonMalformedRangeMinShort",
        &[],
        One {
            name: "minShort",
            value: 1i16,
            rule: int(Some(2), None, ("2", "")),
        },
    );
    check(
        &d,
        "RestJsonMalformedRangeMaxLong",
        &[],
        One {
            name: "maxLong",
            value: 9i64,
            rule: int(None, Some(8), ("", "8")),
        },
    );
    check(
        &d,
        "RestJsonMalformedRangeInteger",
        &[],
        One {
            name: "integer",
            value: 9i32,
            rule: int(Some(2), Some(8), ("2", "8")),
        },
    );
    check(
        &d,
        "RestJsonMalformedRangeFloat",
        &[],
        One {
            name: "float",
            value: 8.9f32,
            rule: FloatRange {
                min: Some(2.2),
                max: Some(8.8),
                text: ("2.2", "8.8"),
            },
        },
    );
    check(
        &d,
        "RestJsonMalformedRangeMinFloat",
        &[],
        One {
            name: "minFloat",
            value: 2.1f32,
            rule: FloatRange {
                min: Some(2.2),
                max: None,
                text: ("2.2", ""),
            },
        },
    );
    check(
        &d,
        "RestJsonMalformedRangeMaxFloat",
        &[],
        One {
            name: "maxFloat",
            value: 8.9f32,
            rule: FloatRange {
                min: None,
                max: Some(8.8),
                text: ("", "8.8"),
            },
        },
    );
}

#[test]
fn required_enum_and_unique_messages() {
    let Some(d) = suite_dir() else { return };
    struct Required(Option<String>);
    impl Validate for Required {
        fn validate_into<'a>(&'a self, v: &mut Validator<'a>) {
            v.required("string", &self.0, &Unchecked);
        }
    }
    assert_eq!(
        body(Required(None).validate().unwrap_err()),
        expected(&d, "RestJsonMalformedRequiredBodyExplicitNull", &[])
    );
    // Unset: the member is absent from the document a server reads.
    struct Unset(#[allow(dead_code)] String);
    impl Validate for Unset {
        fn validate_into<'a>(&'a self, _v: &mut Validator<'a>) {}
    }
    impl smithy_runtime::json::FromJson for Unset {
        fn from_json<'v>(
            v: &'v serde_json::Value,
            d: &mut smithy_runtime::json::Decoder<'v>,
        ) -> Result<Self, smithy_runtime::json::DecodeError> {
            let o = d.object(v)?;
            Ok(Unset(d.required(o, "string")?))
        }
    }
    let Err(smithy_runtime::validate::InputError::Invalid(unset)) =
        smithy_runtime::validate::decode_and_validate::<Unset>(b"{}")
    else {
        panic!("an unset required member must be a validation error")
    };
    assert_eq!(
        body(unset),
        expected(&d, "RestJsonMalformedRequiredBodyUnset", &[])
    );

    check(
        &d,
        "RestJsonMalformedEnumString",
        &[],
        One {
            name: "string",
            value: EnumString(s("ABC")),
            rule: Nested,
        },
    );
    check(
        &d,
        "RestJsonMalformedEnumList",
        &[],
        One {
            name: "list",
            value: vec![EnumString(s("ABC"))],
            rule: ListRules {
                length: None,
                unique: false,
                item: Nested,
            },
        },
    );
    check(
        &d,
        "RestJsonMalformedEnumMapKey",
        &[],
        One {
            name: "map",
            value: std::collections::BTreeMap::from([(EnumString(s("ABC")), s("abc"))]),
            rule: MapRules {
                length: None,
                key: Nested,
                value: Unchecked,
            },
        },
    );
    check(
        &d,
        "RestJsonMalformedEnumMapValue",
        &[],
        One {
            name: "map",
            value: std::collections::BTreeMap::from([(s("abc"), EnumString(s("ABC")))]),
            rule: MapRules {
                length: None,
                key: Unchecked,
                value: Nested,
            },
        },
    );
    check(
        &d,
        "RestJsonMalformedUniqueItemsStringList",
        &[],
        One {
            name: "stringList",
            value: vec![s("abc"), s("abc")],
            rule: ListRules {
                length: None,
                unique: true,
                item: Unchecked,
            },
        },
    );
    check(
        &d,
        "RestJsonMalformedUniqueItemsIntegerList",
        &[],
        One {
            name: "integerList",
            value: vec![1i32, 2, 1],
            rule: ListRules {
                length: None,
                unique: true,
                item: Unchecked,
            },
        },
    );
}
