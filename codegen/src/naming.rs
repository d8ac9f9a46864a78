//! The one place where model names become Rust names.
//!
//! Types and enum variants are UpperCamelCase, fields and methods snake_case.
//! Keywords become raw identifiers (`r#type`), or get a `_` suffix where Rust
//! has no raw form (`self_`); names that would start with a digit get a
//! prefix. Collisions are not resolved here: the IR reports them, naming
//! both sources.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict, reserved, and edition-2024 ones such as `gen`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// AWS spellings that mix cases inside one acronym; written as one word so
/// that `IPv4Address` becomes `ipv4_address`, not `i_pv4_address`.
const MIXED_ACRONYMS: &[(&str, &str)] = &[("IPv4", "Ipv4"), ("IPv6", "Ipv6"), ("iOS", "Ios")];

fn normalise_acronyms(raw: &str) -> String {
    let mut s = raw.to_string();
    for (from, to) in MIXED_ACRONYMS {
        s = s.replace(from, to);
    }
    s
}

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// The Rust type name for a shape name: `StartChatContactRequest`, `Http`, `V1Hour`.
pub fn type_name(raw: &str) -> String {
    let s = normalise_acronyms(raw).to_upper_camel_case();
    let s = if s.is_empty() { "Shape".to_string() } else { s };
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else {
        s
    };
    if is_keyword(&s) {
        format!("{s}Type")
    } else {
        s
    }
}

/// The Rust variant name for an enum or union member name: `EN_US` → `EnUs`.
pub fn variant_name(raw: &str) -> String {
    type_name(raw)
}

/// The Rust field or method-part name for a member name: `InstanceId` →
/// `instance_id`, `Type` → `r#type`, `Self` → `self_`.
pub fn field_name(raw: &str) -> String {
    let s = normalise_acronyms(raw).to_snake_case();
    let s = if s.is_empty() { "field".to_string() } else { s };
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    };
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if is_keyword(&s) {
        format!("r#{s}")
    } else {
        s
    }
}

/// A field name without its `r#` prefix, for building other identifiers
/// (`with_type`, not `with_r#type`).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// A module (file) name for a Rust item name: `StartChatContactRequest` →
/// `start_chat_contact_request`; keywords get a `_` suffix (`type_`).
pub fn module_name(rust_name: &str) -> String {
    let s = unraw(&field_name(rust_name)).to_string();
    if is_keyword(&s) && !s.ends_with('_') {
        format!("{s}_")
    } else {
        s
    }
}

/// The name of an operation's error alias: `StartChatContact` → `StartChatContactError`.
pub fn error_alias_name(operation: &str) -> String {
    format!("{}Error", type_name(operation))
}

/// The service trait's name: the SDK ID in UpperCamelCase (`Connect`,
/// `VoiceId`), with `Service` after a keyword.
pub fn trait_name(sdk_id: &str) -> String {
    let n = type_name(&sdk_id.replace(' ', ""));
    if is_keyword(&n) {
        format!("{n}Service")
    } else {
        n
    }
}

/// The snake_case name of an operation's method: `StartChatContact` → `start_chat_contact`.
pub fn method_name(raw: &str) -> String {
    field_name(raw)
}

/// Error-set names longer than this are shortened: the name is written on
/// one line with the operation's alias (`pub type XError = …;`), which no
/// printer can break.
pub const MAX_ERROR_SET_NAME: usize = 32;

/// The name of a set of errors, from their names: joined with `_`
/// (`AccessDenied_Throttling`); when that is longer than
/// [`MAX_ERROR_SET_NAME`], the first one, how many more, and a hash of the
/// joined list (`AccessDenied_And7More_5d1f0c`), so that the name still
/// depends on the set alone (a new operation never renames it).
pub fn error_set_name(errors: &[String]) -> String {
    let Some(first) = errors.first() else {
        return "NoErrors".into();
    };
    let joined = errors.join("_");
    if joined.len() <= MAX_ERROR_SET_NAME {
        return joined;
    }
    // FNV-1a: fixed, so the name is the same on every machine and release.
    let hash = joined.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!(
        "{first}_And{}More_{:06x}",
        errors.len() - 1,
        hash & 0x00ff_ffff
    )
}

/// A module (file) name for each Rust name, unique: snake_case, with `_2`,
/// `_3`… for names that collide once lower-cased (in name order, so adding a
/// name moves another only when they collide).
pub fn module_names<'a>(
    names: impl Iterator<Item = &'a str>,
) -> std::collections::BTreeMap<String, String> {
    let mut sorted: Vec<&str> = names.collect();
    sorted.sort_unstable();
    let mut taken = std::collections::BTreeSet::new();
    let mut out = std::collections::BTreeMap::new();
    for name in sorted {
        let base = module_name(name);
        let mut m = base.clone();
        let mut n = 2;
        while !taken.insert(m.clone()) || m == "error_sets" || m == "mod" {
            m = format!("{base}_{n}");
            n += 1;
        }
        out.insert(name.to_string(), m);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let table = [
            ("InstanceId", "instance_id"),
            ("Type", "r#type"),
            ("Enum", "r#enum"),
            ("Gen", "r#gen"),
            ("Match", "r#match"),
            ("Async", "r#async"),
            ("Try", "r#try"),
            ("Self", "self_"),
            ("Super", "super_"),
            ("Crate", "crate_"),
            ("ARN", "arn"),
            ("URLExpiry", "url_expiry"),
            ("IPv4Address", "ipv4_address"),
            ("S3Bucket", "s3_bucket"),
            ("HTTPConfig", "http_config"),
            ("customerID", "customer_id"),
            ("1Hour", "_1hour"),
            ("String", "string"),
            ("Option", "option"),
            ("ViewContentSha256", "view_content_sha256"),
        ];
        for (raw, want) in table {
            assert_eq!(field_name(raw), want, "field_name({raw:?})");
        }
    }

    #[test]
    fn types_and_variants() {
        let table = [
            ("StartChatContactRequest", "StartChatContactRequest"),
            ("EN_US", "EnUs"),
            ("ZH_CN", "ZhCn"),
            ("AGENT", "Agent"),
            ("HTTPConfig", "HttpConfig"),
            ("IPv4Address", "Ipv4Address"),
            ("1_HOUR", "V1Hour"),
            ("String", "String"),
            ("Option", "Option"),
            ("Result", "Result"),
            ("Self", "SelfType"),
            ("Foo_Bar", "FooBar"),
            ("FooBar", "FooBar"),
        ];
        for (raw, want) in table {
            assert_eq!(type_name(raw), want, "type_name({raw:?})");
            assert_eq!(variant_name(raw), want, "variant_name({raw:?})");
        }
    }

    #[test]
    fn every_produced_name_is_an_identifier() {
        for raw in ["Type", "Self", "1x", "gen", "a-b", "EN_US", "__", "x"] {
            for name in [field_name(raw), type_name(raw)] {
                let ident = unraw(&name);
                assert!(
                    syn::parse_str::<syn::Ident>(&name).is_ok()
                        || syn::parse_str::<syn::Ident>(ident).is_ok(),
                    "{raw} -> {name}"
                );
            }
        }
    }

    #[test]
    fn unraw_strips_prefix() {
        assert_eq!(unraw("r#type"), "type");
        assert_eq!(unraw("name"), "name");
    }

    #[test]
    fn error_set_names_are_short_and_depend_on_the_set_alone() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(error_set_name(&[]), "NoErrors");
        assert_eq!(
            error_set_name(&names(&["AccessDenied", "Throttling"])),
            "AccessDenied_Throttling"
        );
        let long = names(&[
            "AccessDenied",
            "InternalService",
            "InvalidParameter",
            "ResourceNotFound",
            "Throttling",
        ]);
        let name = error_set_name(&long);
        assert!(
            name.starts_with("AccessDenied_And4More_") && name.len() <= MAX_ERROR_SET_NAME,
            "{name}"
        );
        assert_eq!(name, error_set_name(&long), "deterministic");
        // Same first error and count, another set: another name.
        let other = names(&[
            "AccessDenied",
            "InternalService",
            "InvalidParameter",
            "ResourceNotFound",
            "Throttled",
        ]);
        assert_ne!(error_set_name(&other), name);
    }
}
