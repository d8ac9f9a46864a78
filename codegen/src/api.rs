//! The API listing and the change report.
//!
//! The listing ([`Listing`]) is a compact, stable, line-oriented text of
//! everything a user of the generated crate or of the wire depends on: each
//! operation with its HTTP binding, input, output and errors; each type with
//! its members (Rust field and type, required-ness, binding, constraints) or
//! values. It is written into the generated crate (`API.txt`) and read back
//! on the next run, so that `cargo xtask generate` can say what changed.
//!
//! ```text
//! operation StartChatContact
//!   http: PUT /contact/chat (200)
//!   input: StartChatContactRequest
//!   errors: InternalServiceException, InvalidParameterException, …
//! structure StartChatContactRequest (input)
//!   InstanceId -> instance_id: String; required; length 1..=100
//!   ClientToken -> client_token: Option<String>; idempotency-token; length ..=500
//! enum ChatEventType
//!   TEXT -> Text = "TEXT"
//! ```
//!
//! The report ([`diff`]) compares two listings and judges each change for
//! code that uses the generated crate and for the wire, the way Smithy's
//! `smithy-diff` judges the wire: a member that turns optional changes `T`
//! into `Option<T>` and drops a `new()` argument (breaking in Rust, harmless
//! on the wire).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::emit::common::range_notation;
use crate::ir::*;

/// The API of a generated crate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// Operations by model name.
    pub operations: BTreeMap<String, OpEntry>,
    /// Types by Rust name.
    pub types: BTreeMap<String, TypeEntry>,
}

/// One operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpEntry {
    /// `METHOD /uri (status)`.
    pub http: String,
    /// The input type, if any.
    pub input: Option<String>,
    /// The output type, if any.
    pub output: Option<String>,
    /// The modeled errors.
    pub errors: Vec<String>,
}

/// One generated type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeEntry {
    /// `structure`, `union`, `enum` or `int-enum`.
    pub kind: String,
    /// What the type is for: `input`, `output`, `error client 400` (structures).
    pub role: Option<String>,
    /// Members, variants or values, in model order.
    pub members: Vec<MemberEntry>,
}

/// One member, union variant or enum value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberEntry {
    /// The model's member name.
    pub name: String,
    /// The Rust field or variant name.
    pub rust: String,
    /// The Rust type (members, variants) or the wire value (enums, JSON-quoted).
    pub ty: String,
    /// Facts in a fixed order: `required`, `default …`, the binding, flags, constraints.
    pub attrs: Vec<String>,
}

impl MemberEntry {
    fn has(&self, attr: &str) -> bool {
        self.attrs.iter().any(|a| a == attr)
    }

    fn value(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find_map(|a| a.strip_prefix(key).and_then(|r| r.strip_prefix(' ')))
    }

    /// The HTTP binding: `body`, `label`, `query "x"`, `header "x"`.
    fn binding(&self) -> String {
        for k in ["label", "query", "header", "response-code"] {
            if self.has(k) {
                return k.to_string();
            }
            if let Some(v) = self.value(k) {
                return format!("{k} {v}");
            }
        }
        "body".into()
    }
}

/// The listing of a lowered service.
pub fn listing(service: &Service) -> Listing {
    let mut l = Listing::default();
    for op in &service.operations {
        let name_of = |id: &crate::model::ShapeId| {
            service
                .shapes
                .get(id)
                .map_or_else(|| id.name().to_string(), |s| s.rust_name.clone())
        };
        l.operations.insert(
            op.name.clone(),
            OpEntry {
                http: {
                    let mut http = format!("{} {} ({})", op.http.method, op.http.uri, op.http.code);
                    if let Some(p) = &op.host_prefix {
                        http.push_str(&format!(" host-prefix {}", quoted(p)));
                    }
                    if op.checksum_required {
                        http.push_str(" content-md5");
                    }
                    if op.gzip {
                        http.push_str(" gzip");
                    }
                    http
                },
                input: op.input.as_ref().map(name_of),
                output: op.output.as_ref().map(name_of),
                errors: op.errors.iter().map(name_of).collect(),
            },
        );
    }
    for shape in service.shapes.values() {
        let entry = match &shape.kind {
            ShapeKind::Structure(st) => TypeEntry {
                kind: "structure".into(),
                role: match (
                    &st.error,
                    st.is_input,
                    shape.uses.iter().map(|u| u.role).min(),
                ) {
                    (Some(e), _, _) => Some(format!(
                        "error {} {}",
                        if e.fault == Fault::Client {
                            "client"
                        } else {
                            "server"
                        },
                        e.http_status
                    )),
                    (None, true, _) | (None, _, Some(Role::Input)) => Some("input".into()),
                    (None, _, Some(Role::Output)) => Some("output".into()),
                    _ => None,
                },
                members: st.members.iter().map(|m| member_entry(m, true)).collect(),
            },
            ShapeKind::Union(u) => TypeEntry {
                kind: "union".into(),
                role: None,
                members: u.variants.iter().map(|m| member_entry(m, false)).collect(),
            },
            ShapeKind::Enum(e) => TypeEntry {
                kind: "enum".into(),
                role: None,
                members: e
                    .variants
                    .iter()
                    .map(|v| {
                        let mut attrs = Vec::new();
                        if v.internal {
                            attrs.push("internal".into());
                        }
                        if v.deprecated.is_some() {
                            attrs.push("deprecated".into());
                        }
                        MemberEntry {
                            name: v.name.clone(),
                            rust: v.rust_name.clone(),
                            ty: quoted(&v.value),
                            attrs,
                        }
                    })
                    .collect(),
            },
            ShapeKind::IntEnum(e) => TypeEntry {
                kind: "int-enum".into(),
                role: None,
                members: e
                    .variants
                    .iter()
                    .map(|v| MemberEntry {
                        name: v.name.clone(),
                        rust: v.rust_name.clone(),
                        ty: v.value.to_string(),
                        attrs: Vec::new(),
                    })
                    .collect(),
            },
        };
        l.types.insert(shape.rust_name.clone(), entry);
    }
    l
}

fn quoted(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// A member's entry: Rust field (or variant) and type, then its facts.
fn member_entry(m: &Member, field: bool) -> MemberEntry {
    let inner = type_text(&m.ty);
    let inner = if m.boxed {
        format!("Box<{inner}>")
    } else {
        inner
    };
    let ty = if field && m.presence == Presence::Optional {
        format!("Option<{inner}>")
    } else {
        inner
    };
    let mut attrs = Vec::new();
    if m.required {
        attrs.push("required".to_string());
    }
    if let Some(d) = &m.model_default {
        attrs.push(format!("default {}", default_text(d)));
    }
    match &m.binding {
        Binding::Body => {}
        Binding::Label => attrs.push("label".into()),
        Binding::Query(q) => attrs.push(format!("query {}", quoted(q))),
        Binding::Header(h) => attrs.push(format!("header {}", quoted(h))),
        Binding::ResponseCode => attrs.push("response-code".into()),
        Binding::Payload => attrs.push("payload".into()),
        Binding::PrefixHeaders(p) => attrs.push(format!("prefix-headers {}", quoted(p))),
        Binding::QueryParams => attrs.push("query-params".into()),
    }
    if m.wire_name != m.name {
        attrs.push(format!("json-name {}", quoted(&m.wire_name)));
    }
    if m.idempotency_token {
        attrs.push("idempotency-token".into());
    }
    if m.ty.sensitive {
        attrs.push("sensitive".into());
    }
    if m.deprecated.is_some() {
        attrs.push("deprecated".into());
    }
    attrs.extend(constraint_attrs(&m.ty));
    MemberEntry {
        name: m.name.clone(),
        rust: m.rust_name.clone(),
        ty,
        attrs,
    }
}

fn default_text(d: &DefaultValue) -> String {
    match d {
        DefaultValue::Bool(b) => b.to_string(),
        DefaultValue::Int(i) => i.to_string(),
        DefaultValue::Float(f) => format!("{f:?}"),
        DefaultValue::String(s) | DefaultValue::Blob(s) => quoted(s),
        DefaultValue::Timestamp(t) => format!("{t:?}"),
        DefaultValue::EmptyList => "[]".into(),
        DefaultValue::EmptyMap => "{}".into(),
        DefaultValue::Document(v) => v.to_string(),
    }
}

/// The constraints of a type at its use site, as attributes.
fn constraint_attrs(ty: &Ty) -> Vec<String> {
    let c = &ty.constraints;
    let mut out = Vec::new();
    if let Some(f) = ty.timestamp_format {
        out.push(format!(
            "timestamp {}",
            match f {
                TimestampFormat::EpochSeconds => "epoch-seconds",
                TimestampFormat::DateTime => "date-time",
                TimestampFormat::HttpDate => "http-date",
            }
        ));
    }
    if let Some(b) = &c.length {
        out.push(format!("length {}", range_notation(b)));
    }
    if let Some(b) = &c.range {
        out.push(format!("range {}", range_notation(b)));
    }
    if let Some(p) = &c.pattern {
        let key = if p.check.enforced().is_some() {
            "pattern"
        } else {
            "pattern-unchecked"
        };
        out.push(format!("{key} {}", quoted(&p.source)));
    }
    if c.unique_items {
        out.push("unique".into());
    }
    out
}

/// The Rust type of a value, with the constraints of nested items in brackets:
/// `Vec<String [length 1..=10]>`.
fn type_text(ty: &Ty) -> String {
    let nested = |t: &Ty| {
        let base = type_text(t);
        let attrs = constraint_attrs(t);
        if attrs.is_empty() {
            base
        } else {
            format!("{base} [{}]", attrs.join("; "))
        }
    };
    match &ty.kind {
        TyKind::List(item) if ty.sparse => format!("Vec<Option<{}>>", nested(item)),
        TyKind::List(item) => format!("Vec<{}>", nested(item)),
        TyKind::Map(k, v) if ty.sparse => format!("BTreeMap<{}, Option<{}>>", nested(k), nested(v)),
        TyKind::Map(k, v) => format!("BTreeMap<{}, {}>", nested(k), nested(v)),
        _ => crate::emit::common::simple_type_name(ty).unwrap_or_default(),
    }
}

impl Listing {
    /// The listing as text, after `header` lines (each prefixed with `# `).
    pub fn to_text(&self, header: &[String]) -> String {
        let mut out = String::new();
        for h in header {
            let _ = writeln!(out, "# {h}");
        }
        for (name, op) in &self.operations {
            let _ = writeln!(out, "operation {name}");
            let _ = writeln!(out, "  http: {}", op.http);
            if let Some(i) = &op.input {
                let _ = writeln!(out, "  input: {i}");
            }
            if let Some(o) = &op.output {
                let _ = writeln!(out, "  output: {o}");
            }
            if !op.errors.is_empty() {
                let _ = writeln!(out, "  errors: {}", op.errors.join(", "));
            }
        }
        for (name, t) in &self.types {
            match &t.role {
                Some(r) => {
                    let _ = writeln!(out, "{} {name} ({r})", t.kind);
                }
                None => {
                    let _ = writeln!(out, "{} {name}", t.kind);
                }
            }
            let sep = if t.kind.ends_with("enum") {
                " = "
            } else {
                ": "
            };
            for m in &t.members {
                let _ = write!(out, "  {} -> {}{sep}{}", m.name, m.rust, m.ty);
                for a in &m.attrs {
                    let _ = write!(out, "; {a}");
                }
                out.push('\n');
            }
        }
        out
    }

    /// Reads a listing written by [`Listing::to_text`] (`#` lines are skipped).
    pub fn parse(text: &str) -> Result<Listing, String> {
        let mut l = Listing::default();
        enum Cur {
            None,
            Op(String),
            Type(String),
        }
        let mut cur = Cur::None;
        for (n, line) in text.lines().enumerate() {
            let bad = || format!("line {}: not an API listing line: {line}", n + 1);
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some(rest) = line.strip_prefix("  ") {
                match &cur {
                    Cur::None => return Err(bad()),
                    Cur::Op(name) => {
                        let op = l.operations.get_mut(name).ok_or_else(bad)?;
                        let (key, value) = rest.split_once(": ").ok_or_else(bad)?;
                        match key {
                            "http" => op.http = value.to_string(),
                            "input" => op.input = Some(value.to_string()),
                            "output" => op.output = Some(value.to_string()),
                            "errors" => op.errors = value.split(", ").map(str::to_string).collect(),
                            _ => return Err(bad()),
                        }
                    }
                    Cur::Type(name) => {
                        let t = l.types.get_mut(name).ok_or_else(bad)?;
                        let sep = if t.kind.ends_with("enum") {
                            " = "
                        } else {
                            ": "
                        };
                        let (name, rest) = rest.split_once(" -> ").ok_or_else(bad)?;
                        let (rust, rest) = rest.split_once(sep).ok_or_else(bad)?;
                        let mut parts = split_top(rest).into_iter();
                        let ty = parts.next().ok_or_else(bad)?;
                        t.members.push(MemberEntry {
                            name: name.into(),
                            rust: rust.into(),
                            ty,
                            attrs: parts.collect(),
                        });
                    }
                }
                continue;
            }
            let (kind, rest) = line.split_once(' ').ok_or_else(bad)?;
            match kind {
                "operation" => {
                    l.operations.insert(rest.to_string(), OpEntry::default());
                    cur = Cur::Op(rest.to_string());
                }
                "structure" | "union" | "enum" | "int-enum" => {
                    let (name, role) = match rest.split_once(" (") {
                        Some((n, r)) => (n, Some(r.strip_suffix(')').ok_or_else(bad)?.to_string())),
                        None => (rest, None),
                    };
                    l.types.insert(
                        name.to_string(),
                        TypeEntry {
                            kind: kind.into(),
                            role,
                            members: Vec::new(),
                        },
                    );
                    cur = Cur::Type(name.to_string());
                }
                _ => return Err(bad()),
            }
        }
        Ok(l)
    }
}

/// Splits on `; ` outside quotes and brackets.
fn split_top(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut quotes) = (0i32, Quotes::default());
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if quotes.inside(c) {
            cur.push(c);
            continue;
        }
        if c == ';' && depth == 0 && chars.peek() == Some(&' ') {
            out.push(std::mem::take(&mut cur));
            chars.next();
            continue;
        }
        match c {
            '<' | '[' | '(' => depth += 1,
            '>' | ']' | ')' => depth -= 1,
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

/// Tracks JSON-quoted strings (with `\\` escapes) in listing text.
#[derive(Default)]
struct Quotes {
    quoted: bool,
    escaped: bool,
}

impl Quotes {
    /// Whether `c` (the next character) belongs to a quoted string, quotes included.
    fn inside(&mut self, c: char) -> bool {
        if self.quoted {
            if self.escaped {
                self.escaped = false;
            } else if c == '\\' {
                self.escaped = true;
            } else if c == '"' {
                self.quoted = false;
            }
            true
        } else if c == '"' {
            self.quoted = true;
            true
        } else {
            false
        }
    }
}

/// One change between two listings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Whether code that uses the generated crate (or a client on the wire)
    /// can break.
    pub breaking: bool,
    /// What kind of change (for grouping): `operation added`, `member removed`, …
    pub kind: &'static str,
    /// What changed, and why it breaks when it does.
    pub text: String,
}

/// Every change from `old` to `new`, breaking ones first (then by kind, in
/// listing order).
pub fn diff(old: &Listing, new: &Listing) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |breaking: bool, kind: &'static str, text: String| {
        out.push(Change {
            breaking,
            kind,
            text,
        })
    };
    for (name, o) in &old.operations {
        match new.operations.get(name) {
            None => push(
                true,
                "operation removed",
                format!("operation {name} removed"),
            ),
            Some(n) => {
                if o.http != n.http {
                    push(
                        true,
                        "HTTP binding changed",
                        format!("operation {name}: {} -> {}", o.http, n.http),
                    );
                }
                for (what, a, b) in [
                    ("input", &o.input, &n.input),
                    ("output", &o.output, &n.output),
                ] {
                    if a != b {
                        push(
                            true,
                            "input or output changed",
                            format!("operation {name}: {what} {} -> {}", opt(a), opt(b)),
                        );
                    }
                }
                for e in n.errors.iter().filter(|e| !o.errors.contains(e)) {
                    push(
                        false,
                        "error added",
                        format!(
                            "operation {name}: error {e} added (a new variant of its error enum)"
                        ),
                    );
                }
                for e in o.errors.iter().filter(|e| !n.errors.contains(e)) {
                    push(
                        true,
                        "error removed",
                        format!(
                            "operation {name}: error {e} removed (code matching its variant no longer compiles)"
                        ),
                    );
                }
            }
        }
    }
    for name in new
        .operations
        .keys()
        .filter(|n| !old.operations.contains_key(*n))
    {
        push(false, "operation added", format!("operation {name} added"));
    }
    for (name, o) in &old.types {
        match new.types.get(name) {
            None => push(true, "type removed", format!("{} {name} removed", o.kind)),
            Some(n) if n.kind != o.kind => push(
                true,
                "type changed",
                format!("{name}: {} -> {}", o.kind, n.kind),
            ),
            Some(n) => diff_type(name, o, n, &mut push),
        }
    }
    for (name, t) in new
        .types
        .iter()
        .filter(|(n, _)| !old.types.contains_key(*n))
    {
        push(false, "type added", format!("{} {name} added", t.kind));
    }
    out.sort_by_key(|c| {
        (
            !c.breaking,
            KINDS
                .iter()
                .position(|k| *k == c.kind)
                .unwrap_or(usize::MAX),
        )
    });
    out
}

/// Report order of change kinds.
const KINDS: &[&str] = &[
    "operation removed",
    "HTTP binding changed",
    "input or output changed",
    "error removed",
    "type removed",
    "type changed",
    "member removed",
    "member added",
    "required changed",
    "member type changed",
    "member binding changed",
    "constraint changed",
    "enum value removed",
    "union variant removed",
    "member changed",
    "operation added",
    "error added",
    "type added",
    "enum value added",
    "union variant added",
];

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("none")
}

fn diff_type(
    name: &str,
    o: &TypeEntry,
    n: &TypeEntry,
    push: &mut impl FnMut(bool, &'static str, String),
) {
    let by_name = |t: &TypeEntry| -> BTreeMap<String, MemberEntry> {
        t.members
            .iter()
            .map(|m| (m.name.clone(), m.clone()))
            .collect()
    };
    let (om, nm) = (by_name(o), by_name(n));
    let is_enum = o.kind.ends_with("enum");
    let is_union = o.kind == "union";
    for (mname, a) in &om {
        let at = format!("{name}.{mname}");
        let Some(b) = nm.get(mname) else {
            match (is_enum, is_union) {
                (true, _) => push(
                    true,
                    "enum value removed",
                    format!("{name}: value {} removed", a.ty),
                ),
                (_, true) => push(
                    true,
                    "union variant removed",
                    format!("{name}: variant {mname} removed"),
                ),
                _ => push(true, "member removed", format!("{at} removed")),
            }
            continue;
        };
        if is_enum {
            if a.ty != b.ty || a.rust != b.rust {
                push(
                    true,
                    "member changed",
                    format!("{at}: {} {} -> {} {}", a.rust, a.ty, b.rust, b.ty),
                );
            }
            continue;
        }
        if a.rust != b.rust {
            push(
                true,
                "member changed",
                format!("{at}: Rust name {} -> {}", a.rust, b.rust),
            );
        }
        let (a_req, b_req) = (a.has("required"), b.has("required"));
        let (a_opt, b_opt) = (a.ty.starts_with("Option<"), b.ty.starts_with("Option<"));
        // A plain field without a default is an argument of `new()`.
        let (a_arg, b_arg) = (
            !a_opt && a.value("default").is_none(),
            !b_opt && b.value("default").is_none(),
        );
        if a_req != b_req || a_opt != b_opt || (a_arg != b_arg && !is_union) {
            let (from, to) = (
                if a_req { "required" } else { "optional" },
                if b_req { "required" } else { "optional" },
            );
            let field = if a_opt != b_opt {
                format!("; the field becomes {}", b.ty)
            } else {
                String::new()
            };
            let arg = match (a_arg, b_arg) {
                (true, false) if !is_union => "; `new()` loses an argument",
                (false, true) if !is_union => "; `new()` takes one more argument",
                _ => "",
            };
            let rust = format!("{field}{arg}");
            let wire = if b_req && !a_req {
                "; callers must now send it"
            } else if a_req && !b_req {
                "; harmless on the wire"
            } else {
                ""
            };
            let breaking = (b_req && !a_req) || a_opt != b_opt || (a_arg != b_arg && !is_union);
            push(
                breaking,
                "required changed",
                format!("{at}: {from} -> {to}{rust}{wire}"),
            );
        }
        let strip = |t: &str| {
            t.strip_prefix("Option<")
                .and_then(|r| r.strip_suffix('>'))
                .unwrap_or(t)
                .to_string()
        };
        let (ta, tb) = (strip(&a.ty), strip(&b.ty));
        if ta != tb {
            let (ba, ca) = nested_constraints(&ta);
            let (bb, cb) = nested_constraints(&tb);
            if ba == bb {
                // Same type; the constraints of its items, keys or values changed.
                let positions: std::collections::BTreeSet<usize> =
                    ca.keys().chain(cb.keys()).copied().collect();
                let tighter = positions.iter().any(|p| {
                    let (x, y) = (
                        ca.get(p).map_or("", String::as_str),
                        cb.get(p).map_or("", String::as_str),
                    );
                    x != y && attrs_tightened(x, y)
                });
                let how = if tighter { "tightened" } else { "loosened" };
                push(
                    tighter,
                    "constraint changed",
                    format!("{at}: {ta} -> {tb} ({how})"),
                );
            } else {
                push(true, "member type changed", format!("{at}: {ta} -> {tb}"));
            }
        }
        if a.binding() != b.binding() {
            push(
                true,
                "member binding changed",
                format!("{at}: {} -> {}", a.binding(), b.binding()),
            );
        }
        for key in ["length", "range"] {
            match (a.value(key), b.value(key)) {
                (x, y) if x == y => {}
                (x, y) => {
                    let tighter = tightened(x, y);
                    let how = if tighter { "tightened" } else { "loosened" };
                    push(
                        tighter,
                        "constraint changed",
                        format!(
                            "{at}: {key} {} -> {} ({how})",
                            x.unwrap_or("none"),
                            y.unwrap_or("none")
                        ),
                    );
                }
            }
        }
        let pat = |m: &MemberEntry| m.value("pattern").map(str::to_string);
        match (pat(a), pat(b)) {
            (x, y) if x == y => {}
            (None, Some(y)) => push(
                true,
                "constraint changed",
                format!("{at}: pattern {y} added (tightened)"),
            ),
            (Some(x), None) => push(
                false,
                "constraint changed",
                format!("{at}: pattern {x} no longer checked (loosened)"),
            ),
            (Some(x), Some(y)) => push(
                true,
                "constraint changed",
                format!("{at}: pattern {x} -> {y}"),
            ),
            _ => {}
        }
        match (a.has("unique"), b.has("unique")) {
            (false, true) => push(
                true,
                "constraint changed",
                format!("{at}: items must now be unique (tightened)"),
            ),
            (true, false) => push(
                false,
                "constraint changed",
                format!("{at}: items need no longer be unique (loosened)"),
            ),
            _ => {}
        }
        match (a.value("default"), b.value("default")) {
            (x, y) if x == y => {}
            // A new default: callers may leave the member out; nothing they send breaks.
            (None, Some(y)) => push(false, "member changed", format!("{at}: default {y} added")),
            (x, y) => push(
                true,
                "member changed",
                format!(
                    "{at}: default {} -> {}",
                    x.unwrap_or("none"),
                    y.unwrap_or("none")
                ),
            ),
        }
        for flag in ["idempotency-token", "sensitive", "deprecated"] {
            if a.has(flag) != b.has(flag) {
                let how = if b.has(flag) { "now" } else { "no longer" };
                push(false, "member changed", format!("{at}: {how} {flag}"));
            }
        }
    }
    for (mname, b) in nm.iter().filter(|(m, _)| !om.contains_key(*m)) {
        let at = format!("{name}.{mname}");
        match (is_enum, is_union) {
            (true, _) => push(
                false,
                "enum value added",
                format!("{name}: value {} added", b.ty),
            ),
            (_, true) => push(
                false,
                "union variant added",
                format!("{name}: variant {mname} added"),
            ),
            _ => {
                let rust_breaks = !b.ty.starts_with("Option<") && b.value("default").is_none();
                let wire_breaks = b.has("required")
                    && b.value("default").is_none()
                    && !b.has("idempotency-token");
                let mut text = format!("{at} added ({})", b.ty);
                if rust_breaks {
                    text.push_str(": `new()` takes one more argument");
                }
                if wire_breaks {
                    text.push_str("; required: callers must send it");
                }
                push(rust_breaks || wire_breaks, "member added", text);
            }
        }
    }
}

/// A type text without its bracketed constraints, and those constraints by
/// where they stood in it: `Vec<String [length 1..=64]>` → (`Vec<String>`,
/// {10: `length 1..=64`}).
fn nested_constraints(ty: &str) -> (String, BTreeMap<usize, String>) {
    let (mut base, mut groups, mut depth, mut cur) =
        (String::new(), BTreeMap::new(), 0usize, String::new());
    let mut quotes = Quotes::default();
    let mut chars = ty.chars().peekable();
    while let Some(c) = chars.next() {
        if depth == 0 {
            if c == ' ' && chars.peek() == Some(&'[') {
                chars.next();
                depth = 1;
            } else {
                base.push(c);
            }
            continue;
        }
        if !quotes.inside(c) {
            if c == '[' {
                depth += 1;
            } else if c == ']' {
                depth -= 1;
                if depth == 0 {
                    groups.insert(base.len(), std::mem::take(&mut cur));
                    continue;
                }
            }
        }
        cur.push(c);
    }
    (base, groups)
}

/// Whether nested constraints (`length 1..=64; pattern "…"`) got tighter.
fn attrs_tightened(old: &str, new: &str) -> bool {
    let entry = |text: &str| MemberEntry {
        attrs: split_top(text),
        ..MemberEntry::default()
    };
    let (a, b) = (entry(old), entry(new));
    ["length", "range"]
        .iter()
        .any(|k| a.value(k) != b.value(k) && tightened(a.value(k), b.value(k)))
        || (b.value("pattern").is_some() && a.value("pattern") != b.value("pattern"))
        || (b.has("unique") && !a.has("unique"))
}

/// Whether bounds went from `old` to `new` admitting fewer values
/// (`1..=100` → `1..=50`, none → `..=10`).
fn tightened(old: Option<&str>, new: Option<&str>) -> bool {
    let parse = |s: Option<&str>| -> (Option<f64>, Option<f64>) {
        let Some(s) = s else { return (None, None) };
        let (lo, hi) = s.split_once("..").unwrap_or((s, ""));
        (lo.parse().ok(), hi.trim_start_matches('=').parse().ok())
    };
    let ((olo, ohi), (nlo, nhi)) = (parse(old), parse(new));
    let lo_tighter = match (olo, nlo) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b > a,
        _ => false,
    };
    let hi_tighter = match (ohi, nhi) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b < a,
        _ => false,
    };
    lo_tighter || hi_tighter
}

/// The report as text: a summary line, then the breaking changes, then the
/// others, grouped by kind. Added operations and types are listed by name.
pub fn report_text(changes: &[Change]) -> String {
    let mut out = String::new();
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let _ = writeln!(
        out,
        "API changes: {} ({breaking} breaking, {} compatible)",
        changes.len(),
        changes.len() - breaking
    );
    for (title, want) in [("Breaking", true), ("Compatible", false)] {
        let group: Vec<&Change> = changes.iter().filter(|c| c.breaking == want).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title} ({}):", group.len());
        let mut kinds: Vec<&str> = group.iter().map(|c| c.kind).collect();
        kinds.dedup();
        for kind in kinds {
            let items: Vec<&&Change> = group.iter().filter(|c| c.kind == kind).collect();
            let _ = writeln!(out, "  {kind} ({}):", items.len());
            for c in items {
                let _ = writeln!(out, "    {}", c.text);
            }
        }
    }
    out
}
