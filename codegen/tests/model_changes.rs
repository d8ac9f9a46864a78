//! The maintainer's loop at the generator level: the API listing, the change
//! report's judgement of every kind of change, output that stays put when an
//! operation is added, warnings instead of refusals, and the report between
//! the two pinned Connect models.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use codegen::api::{Change, Listing, diff, listing, report_text};
use codegen::{Config, Generated};

mod common;
use common::{pinned_model, root};

fn fixture(rel: &str) -> PathBuf {
    root().join("models/fixtures").join(rel)
}

fn config(operations: &[&str], overrides: &[(&str, &str)]) -> Config {
    Config {
        crate_name: "fixture".into(),
        runtime_path: "../../runtime".into(),
        standalone: false,
        command: "cargo test -p codegen".into(),
        lower: codegen::lower::Options {
            operations: operations.iter().map(|s| s.to_string()).collect(),
            pattern_overrides: overrides
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            service: None,
            exclude: Vec::new(),
            customizations: Vec::new(),
            headline: None,
        },
        partitions: None,
        format_cache: None,
    }
}

fn generate(path: &std::path::Path) -> Generated {
    codegen::generate(path, &config(&[], &[])).unwrap_or_else(|e| panic!("{e}"))
}

fn lowered_listing(path: &std::path::Path, overrides: &[(&str, &str)]) -> Listing {
    let model = codegen::load_file(path).unwrap();
    listing(&codegen::lower::lower(&model, &config(&[], overrides).lower).unwrap())
}

fn find<'c>(changes: &'c [Change], text: &str) -> &'c Change {
    changes
        .iter()
        .find(|c| c.text.starts_with(text))
        .unwrap_or_else(|| panic!("no change `{text}` in:\n{}", report_text(changes)))
}

#[test]
fn the_change_report_judges_every_kind_of_change() {
    let before = lowered_listing(&fixture("changes/before.json"), &[]);
    let after = lowered_listing(&fixture("changes/after.json"), &[]);
    let changes = diff(&before, &after);
    // (text the change starts with, its kind, breaking)
    let expected: &[(&str, &str, bool)] = &[
        ("operation RemovedOp removed", "operation removed", true),
        ("operation AddedOp added", "operation added", false),
        (
            "operation GetThing: GET /things/{Id} (200) -> GET /v2/things/{Id} (200)",
            "HTTP binding changed",
            true,
        ),
        (
            "operation ListThings: GET /things (200) -> GET /things (201)",
            "HTTP binding changed",
            true,
        ),
        (
            "operation MoveThing: POST /move (200) -> PUT /move (200)",
            "HTTP binding changed",
            true,
        ),
        (
            "operation GetThing: output GetThingResponse -> GetThingResult",
            "input or output changed",
            true,
        ),
        (
            "operation PutThing: error Conflict removed",
            "error removed",
            true,
        ),
        (
            "operation PutThing: error Throttled added",
            "error added",
            false,
        ),
        ("structure GetThingResponse removed", "type removed", true),
        ("structure GetThingResult added", "type added", false),
        ("Kind: structure -> union", "type changed", true),
        ("PutThingRequest.Removed removed", "member removed", true),
        ("PutThingRequest.NewOptional added", "member added", false),
        (
            "PutThingRequest.NewRequired added (String): `new()` takes one more argument; required: callers must send it",
            "member added",
            true,
        ),
        (
            "PutThingRequest.Name: required -> optional; the field becomes Option<String>; `new()` loses an argument; harmless on the wire",
            "required changed",
            true,
        ),
        (
            "PutThingRequest.Note: optional -> required; the field becomes String; `new()` takes one more argument; callers must now send it",
            "required changed",
            true,
        ),
        (
            "PutThingRequest.Count: i32 -> i64",
            "member type changed",
            true,
        ),
        (
            "GetThingRequest.Verbose: query \"verbose\" -> header \"x-verbose\"",
            "member binding changed",
            true,
        ),
        (
            "PutThingRequest.Size: range 1..=100 -> 1..=50 (tightened)",
            "constraint changed",
            true,
        ),
        (
            "PutThingRequest.Label: length 1..=10 -> 1..=20 (loosened)",
            "constraint changed",
            false,
        ),
        (
            "ListThingsResponse.Things: length ..=100 -> ..=50 (tightened)",
            "constraint changed",
            true,
        ),
        (
            "PutThingRequest.Code: pattern \"^[a-z]+$\" -> \"^[a-z0-9]+$\"",
            "constraint changed",
            true,
        ),
        (
            "PutThingRequest.Tag: pattern \"^[A-Z]+$\" added (tightened)",
            "constraint changed",
            true,
        ),
        (
            "PutThingRequest.Tags: Vec<String> -> Vec<String [pattern \"^[A-Z]+$\"]> (tightened)",
            "constraint changed",
            true,
        ),
        (
            "PutThingRequest.Tags: items need no longer be unique (loosened)",
            "constraint changed",
            false,
        ),
        ("Mode: value \"c\" removed", "enum value removed", true),
        ("Mode: value \"d\" added", "enum value added", false),
        (
            "Shape: variant Square removed",
            "union variant removed",
            true,
        ),
        (
            "Shape: variant Triangle added",
            "union variant added",
            false,
        ),
        (
            "PutThingRequest.Mode: default \"a\" -> \"b\"",
            "member changed",
            true,
        ),
        (
            "PutThingRequest.Flag: default false added",
            "member changed",
            false,
        ),
        (
            "PutThingRequest.Pin: now sensitive",
            "member changed",
            false,
        ),
        (
            "PutThingRequest.Token: now idempotency-token",
            "member changed",
            false,
        ),
        (
            "PutThingRequest.Old: now deprecated",
            "member changed",
            false,
        ),
    ];
    for (text, kind, breaking) in expected {
        let c = find(&changes, text);
        assert_eq!((c.kind, c.breaking), (*kind, *breaking), "{text}");
    }
    assert_eq!(
        changes.len(),
        expected.len() + 3,
        "every change is expected (plus the removed Conflict and RemovedOpRequest, the added AddedOpRequest):\n{}",
        report_text(&changes)
    );
    // Breaking changes come first.
    let first_compatible = changes.iter().position(|c| !c.breaking).unwrap();
    assert!(changes[first_compatible..].iter().all(|c| !c.breaking));
    insta::assert_snapshot!("change_report_fixture", report_text(&changes));
    // Nothing changed, nothing reported.
    assert!(diff(&after, &after).is_empty());
}

#[test]
fn the_listing_reads_back_as_written() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("models/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.extend([
        fixture("changes/before.json"),
        fixture("changes/after.json"),
    ]);
    if let Some(connect) = pinned_model("connect") {
        paths.push(connect);
    }
    for path in paths {
        let l = generate(&path).listing;
        let text = l.to_text(&["header".into()]);
        assert_eq!(
            Listing::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            l,
            "{}",
            path.display()
        );
    }
    assert!(Listing::parse("operation X\n  color: red\n").is_err());
}

/// Adding an operation that sorts first and shares the others' errors
/// renames, re-points or rewrites nothing that existed.
#[test]
fn adding_an_operation_renames_and_repoints_nothing() {
    let base = generate(&fixture("stable/base.json"));
    let plus = generate(&fixture("stable/plus_one_operation.json"));
    let plus_files: BTreeMap<&PathBuf, &str> = plus
        .files
        .iter()
        .map(|f| (&f.path, f.contents.as_str()))
        .collect();
    // Files that list every operation, or count them, change with the model;
    // so do the docs of the types the new operation uses ("Used by …").
    let listing_files = [
        "API.txt",
        "src/lib.rs",
        "src/types/mod.rs",
        "src/operations/mod.rs",
        "src/operations/error_sets.rs",
        "src/service.rs",
        "src/client.rs",
        "src/server.rs",
    ];
    for f in &base.files {
        let path = f.path.to_string_lossy();
        let new = plus_files
            .get(&f.path)
            .unwrap_or_else(|| panic!("{path} disappeared"));
        if listing_files.contains(&path.as_ref()) {
            continue;
        }
        let (old_lines, new_lines): (Vec<&str>, Vec<&str>) =
            (f.contents.lines().collect(), new.lines().collect());
        assert_eq!(old_lines.len(), new_lines.len(), "{path} changed");
        for (a, b) in old_lines.iter().zip(&new_lines) {
            assert!(
                a == b || (a.contains("Used by") && b.contains("Used by")),
                "{path} changed:\n- {a}\n+ {b}"
            );
        }
    }
    // The error enums keep their names and members; every alias points where it did.
    let aliases = |g: &Generated| -> BTreeSet<String> {
        g.files
            .iter()
            .flat_map(|f| {
                f.contents
                    .lines()
                    .filter(|l| l.starts_with("pub type ") || l.starts_with("pub enum "))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (a, b) = (aliases(&base), aliases(&plus));
    assert!(
        a.is_subset(&b),
        "gone or changed: {:?}",
        a.difference(&b).collect::<Vec<_>>()
    );
    assert!(
        b.contains("pub type ArchiveWidgetError = InvalidParameter_And2More_1d1db7;"),
        "{b:?}"
    );
    // And the report says exactly what was added.
    let changes = diff(&base.listing, &plus.listing);
    let texts: Vec<&str> = changes.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "operation ArchiveWidget added",
            "structure ArchiveWidgetRequest added"
        ]
    );
}

#[test]
fn patterns_that_cannot_be_enforced_are_warnings_and_documented() {
    let g = generate(&fixture("unenforced_pattern.json"));
    let shapes: Vec<&str> = g.warnings.iter().map(|w| w.shape.as_str()).collect();
    assert_eq!(
        shapes,
        ["fixture.unenforced#Nickname", "fixture.unenforced#Password"]
    );
    for w in &g.warnings {
        let shown = w.to_string();
        assert!(
            shown.contains("unenforced_pattern.json: shape `fixture.unenforced#"),
            "{shown}"
        );
        assert!(shown.contains("cannot be enforced exactly"), "{shown}");
    }
    let request = g
        .files
        .iter()
        .find(|f| f.path.ends_with("set_password_request.rs"))
        .unwrap();
    assert!(
        request.contents.contains("(not enforced)")
            && request.contents.contains("is not enforced because"),
        "the member's docs say so"
    );
    let patterns = g
        .files
        .iter()
        .find(|f| f.path.ends_with("patterns.rs"))
        .unwrap();
    assert!(
        !patterns.contents.contains("PASSWORD"),
        "no check is generated for it"
    );
}

#[test]
fn every_unused_override_is_reported_in_one_run() {
    let model = codegen::load_file(&fixture("unenforced_pattern.json")).unwrap();
    let options = config(
        &[],
        &[
            ("fixture.unenforced#Password", "tested"),
            ("fixture.unenforced#Gone", "x"),
            ("fixture.unenforced#Also$Gone", "y"),
        ],
    )
    .lower;
    let service = codegen::lower::lower(&model, &options).unwrap();
    assert_eq!(
        service.unused_overrides,
        ["fixture.unenforced#Also$Gone", "fixture.unenforced#Gone"]
    );
    // The overridden pattern is switched off by the override, so only one warning is about a pattern.
    assert_eq!(
        service
            .warnings
            .iter()
            .filter(|w| w.message.contains("cannot be enforced"))
            .count(),
        1
    );
}

/// The same for the Connect Participant Service (`generated/connect-participant`).
#[test]
fn connect_participant_api_listing() {
    let path =
        common::root().join("models/.cache/connect-family/connectparticipant-2018-09-07.json");
    if !path.exists() {
        let msg = "the Participant Service model (models/connect-family.toml) is absent: run `cargo xtask fetch-model`";
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("skipping: {msg}");
        return;
    }
    let l = lowered_listing(&path, &[]);
    insta::assert_snapshot!("connect_participant_api_listing", l.to_text(&[]));
}

/// The reviewer's view of a model change: the listing of the pinned model.
#[test]
fn connect_api_listing() {
    let Some(path) = pinned_model("connect") else {
        return;
    };
    let overrides = overrides();
    let l = lowered_listing(
        &path,
        &overrides
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect::<Vec<_>>(),
    );
    insta::assert_snapshot!("connect_api_listing", l.to_text(&[]));
}

fn overrides() -> Vec<(String, String)> {
    let table: toml::Table = toml::from_str(
        &std::fs::read_to_string(root().join("models/connect.overrides.toml")).unwrap(),
    )
    .unwrap();
    table["pattern"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["shape"].as_str().unwrap().to_string(),
                p["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The report between the two pinned Connect models lists every added
/// operation and every member that became optional, as breaking; what it
/// must list is read from the model files themselves.
#[test]
fn connect_change_report_between_the_pins() {
    let (Some(old_path), Some(new_path)) =
        (pinned_model("connect-2025-04-02"), pinned_model("connect"))
    else {
        return;
    };
    let overrides = overrides();
    let o: Vec<(&str, &str)> = overrides
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let changes = diff(
        &lowered_listing(&old_path, &o),
        &lowered_listing(&new_path, &o),
    );
    let raw = |p: &PathBuf| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let (old, new) = (raw(&old_path), raw(&new_path));
    let ops = |m: &serde_json::Value| -> BTreeSet<String> {
        let shapes = m["shapes"].as_object().unwrap();
        let service = shapes.values().find(|s| s["type"] == "service").unwrap();
        service["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                o["target"]
                    .as_str()
                    .unwrap()
                    .split('#')
                    .nth(1)
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let added: Vec<String> = ops(&new).difference(&ops(&old)).cloned().collect();
    for op in &added {
        let c = find(&changes, &format!("operation {op} added"));
        assert!(!c.breaking);
    }
    // Members required in the old model and not in the new one.
    let mut now_optional = Vec::new();
    for (id, shape) in old["shapes"].as_object().unwrap() {
        let Some(members) = shape["members"].as_object() else {
            continue;
        };
        for (name, m) in members {
            let required = |m: &serde_json::Value| m["traits"].get("smithy.api#required").is_some();
            let newer = &new["shapes"][id]["members"][name];
            if shape["type"] == "structure" && required(m) && !newer.is_null() && !required(newer) {
                now_optional.push(format!(
                    "{}.{name}: required -> optional",
                    id.split('#').nth(1).unwrap()
                ));
            }
        }
    }
    for m in &now_optional {
        let c = find(&changes, m);
        assert!(c.breaking, "{m} must be flagged breaking for Rust callers");
        assert_eq!(c.kind, "required changed");
    }
    eprintln!(
        "{} operations added, {} members now optional",
        added.len(),
        now_optional.len()
    );
    insta::assert_snapshot!(
        "connect_change_report_between_the_pins",
        report_text(&changes)
    );
}
