//! The `# Synopsis` of an operation's input: a doctest that builds the
//! request with Paws-style placeholder values (`"MyInstanceId"`: `My` + the
//! target shape's name), comments giving each value's constraints, asserts
//! that `validate()` passes, then makes a client the crate root's way, calls
//! the operation and reads each member of its result (compiled, not run: it
//! would reach the network). Idempotency tokens are left unset, with a
//! comment: the client fills a fresh one for each call.
//!
//! Placeholders are made to satisfy their constraints (lengths, ranges,
//! patterns, list sizes), so the assertion holds; the generator checks each
//! one and falls back to a sample of the pattern's language when `My…`
//! does not match it. Top-level members are all shown (optional ones with
//! `// optional`); nested structures show their required members; a shape
//! that re-enters itself is not expanded again, and nothing is expanded
//! more than [`MAX_NESTING`] structures and unions deep (the example is then
//! compiled but not run).

use std::cell::Cell;
use std::collections::BTreeSet;

use regex_syntax::hir::{Class, Hir, HirKind};

use crate::emit::common::{constraint_phrases, type_label};
use crate::ir::*;
use crate::model::ShapeId;
use crate::naming::{is_keyword, unraw};

/// A value in the example: lines of code (the first continues the line it
/// is placed on) and whether the generator could make it satisfy its constraints.
struct Val {
    lines: Vec<String>,
    valid: bool,
}

/// An item of a `@sparse` collection: the value in `Some(…)`.
fn some(mut v: Val) -> Val {
    if let Some(first) = v.lines.first_mut() {
        first.insert_str(0, "Some(");
    }
    append_to_last_code(&mut v.lines, ")");
    v
}

impl Val {
    fn one(text: impl Into<String>) -> Self {
        Val {
            lines: vec![text.into()],
            valid: true,
        }
    }
}

/// Writes the synopsis of operation `op` whose input is `input`: Markdown
/// lines, including the fences. `crate_name` is the generated crate's lib name.
pub fn synopsis(
    service: &Service,
    op: &Operation,
    input: &NamedShape,
    crate_name: &str,
) -> Vec<String> {
    let ShapeKind::Structure(st) = &input.kind else {
        return Vec::new();
    };
    let cx = Cx {
        service,
        too_deep: Cell::new(false),
        required_only: false,
    };
    let mut stack = BTreeSet::from([input.id.clone()]);
    let value = cx.structure(&input.rust_name, st, 0, &mut stack);
    // A value left as `todo!()` compiles but must not run.
    let fence = if cx.too_deep.get() {
        "```no_run"
    } else {
        "```"
    };
    let mut out = vec![
        fence.to_string(),
        format!("use {crate_name}::*;"),
        String::new(),
    ];
    push_let(&mut out, "request", &value.lines);
    if value.valid {
        out.push("assert!(request.validate().is_ok());".into());
    } else {
        out.push(
            "// Some placeholders above do not satisfy their constraints; see the field docs."
                .into(),
        );
        out.push("let _ = request.validate();".into());
    }
    // Then, as Paws's synopsis does, the call and the reading of its
    // result, through the crate root's client: compiled (in a function
    // that is never called, so nothing reaches the network), not run.
    out.push(String::new());
    out.extend(call_lines(service, op, input));
    out.push("```".into());
    fit_width(out)
}

/// The synopsis's network part: make a client the crate root's way (a
/// signed one where the service signs with SigV4, with the features that
/// define it), call the operation, read each member of its output. Lines
/// starting `# ` wrap it in a function that is compiled and never called.
fn call_lines(service: &Service, op: &Operation, input: &NamedShape) -> Vec<String> {
    let mut out = Vec::new();
    // `use crate::*` brings the model's names in: one may be `Result` or `Box`.
    let result = "std::result::Result<(), std::boxed::Box<dyn std::error::Error>>";
    if service.signing_name.is_some() {
        out.extend([
            "# #[cfg(all(feature = \"aws\", feature = \"https\"))]".to_string(),
            format!(
                "# async fn call(request: {}) -> {result} {{",
                input.rust_name
            ),
            "// A client that signs its calls (features `aws` and `https`; see the crate root):"
                .into(),
        ]);
        out.extend(signed_client_lines());
    } else {
        out.extend([
            format!(
                "# async fn call(client: &Client<impl runtime::rest::Transport>, request: {}) -> {result} {{",
                input.rust_name
            ),
            "// `client`: a `Client` over any `Transport` (see the crate root).".into(),
        ]);
    }
    let output = op
        .output
        .as_ref()
        .and_then(|o| service.shapes.get(o))
        .and_then(|o| match &o.kind {
            ShapeKind::Structure(st) if !st.members.is_empty() => Some((o, st)),
            _ => None,
        });
    match output {
        Some((shape, st)) => {
            let (local, reads) = read_members(st, "");
            out.push(format!(
                "let {local} = client.{}(request).await?; // {}",
                op.method, shape.rust_name
            ));
            out.extend(reads);
        }
        None => out.push(format!("client.{}(request).await?;", op.method)),
    }
    out.extend([
        "# std::result::Result::Ok(())".to_string(),
        "# }".to_string(),
    ]);
    out
}

/// `let {name} = {value};` for a value written as lines (the first
/// continues the `let`).
pub fn push_let(code: &mut Vec<String>, name: &str, value: &[String]) {
    let mut lines = value.iter();
    code.push(format!(
        "let {name} = {}",
        lines.next().map(String::as_str).unwrap_or_default()
    ));
    code.extend(lines.cloned());
    append_to_last_code(code, ";");
}

/// The crate root's way to make a client that calls AWS: `signed_client`
/// over the HTTPS transport, the region's endpoint, credentials from the
/// environment or a profile (in scope: the crate's `*`).
pub fn signed_client_lines() -> Vec<String> {
    [
        "let client = signed_client(",
        "    runtime::https::Https::new()?,",
        "    \"us-east-1\",",
        "    None, // the region's endpoint",
        "    runtime::aws::DefaultCredentials, // the environment, or a profile",
        ")?;",
    ]
    .map(String::from)
    .to_vec()
}

/// The lines reading each member of output `st` into a local of its own
/// name (`let contact_id = &response.contact_id; // Option<String>`), at
/// `indent`, and the output's own local: `response`, unless a member takes
/// that name (Amazon Q in Connect's GetNextMessage has a member `response`).
fn read_members(st: &Structure, indent: &str) -> (&'static str, Vec<String>) {
    let binding = |m: &Member| {
        let b = unraw(&m.rust_name);
        if is_keyword(b) || ["client", "request"].contains(&b) {
            format!("{b}_")
        } else {
            b.to_string()
        }
    };
    let taken: Vec<String> = st.members.iter().map(binding).collect();
    let local = ["response", "output", "result", "reply"]
        .into_iter()
        .find(|l| !taken.iter().any(|t| t == l))
        .unwrap_or("response_");
    let mut out = Vec::new();
    for (m, binding) in st.members.iter().zip(&taken) {
        let ty = match m.presence {
            Presence::Optional => format!("Option<{}>", type_label(&m.ty)),
            _ => type_label(&m.ty),
        };
        // `fit_width` moves the comment above a line that is too long.
        out.push(format!(
            "{indent}let {binding} = &{local}.{}; // {ty}",
            m.rust_name
        ));
    }
    (local, out)
}

/// The smallest valid value of the input `input` (its required members,
/// and what they require), as lines of code, the first starting the
/// expression; `None` when the generator cannot make it valid or it nests
/// too deep to write out.
pub fn required_request(service: &Service, input: &NamedShape) -> Option<Vec<String>> {
    let ShapeKind::Structure(st) = &input.kind else {
        return None;
    };
    let cx = Cx {
        service,
        too_deep: Cell::new(false),
        required_only: true,
    };
    let mut stack = BTreeSet::from([input.id.clone()]);
    let value = cx.structure(&input.rust_name, st, 0, &mut stack);
    (value.valid && !cx.too_deep.get()).then_some(value.lines)
}

/// Keeps every line within [`MAX_WIDTH`]: a trailing comment that does not
/// fit goes on its own line above the code, at the code's indentation; a
/// comment line is wrapped at word boundaries; a statement breaks before
/// its method calls (`client` / `.call::<…>(…)` / `.await?;`), else after
/// its `=`. A line with none of these stays as it is.
pub fn fit_width(lines: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.chars().count() <= MAX_WIDTH {
            out.push(line);
            continue;
        }
        let indent: String = line.chars().take_while(|c| *c == ' ').collect();
        let body = &line[indent.len()..];
        if let Some(text) = body.strip_prefix("// ") {
            wrap_comment(&mut out, &indent, text);
        } else if let Some(at) = body.find(" // ") {
            wrap_comment(&mut out, &indent, &body[at + 4..]);
            out.extend(fit_width(vec![format!("{indent}{}", &body[..at])]));
        } else if let Some(at) = body.find(" = client.") {
            let (head, calls) = body.split_at(at + " = client".len());
            out.push(format!("{indent}{head}"));
            let deeper = format!("{indent}    ");
            for (i, call) in calls.split_inclusive(").").enumerate() {
                let call = call.strip_suffix('.').unwrap_or(call);
                let call = if i == 0 {
                    call.to_string()
                } else {
                    format!(".{call}")
                };
                out.push(format!("{deeper}{call}"));
            }
        } else if let (true, Some(open), Some(close)) =
            (body.starts_with('.'), body.find('('), body.rfind(')'))
        {
            // `.with_x(long value);` → `.with_x(` / `    long value` / `);`
            out.push(format!("{indent}{}", &body[..=open]));
            out.push(format!("{indent}    {}", &body[open + 1..close]));
            out.push(format!("{indent}{}", &body[close..]));
        } else if let Some(at) = body.find(" = ") {
            out.push(format!("{indent}{} =", &body[..at]));
            out.push(format!("{indent}    {}", &body[at + 3..]));
        } else {
            out.push(line);
        }
    }
    out
}

/// Writes `// text` lines at `indent`, wrapped at word boundaries within [`MAX_WIDTH`].
fn wrap_comment(out: &mut Vec<String>, indent: &str, text: &str) {
    let mut line = format!("{indent}//");
    let empty = line.len();
    for word in text.split(' ') {
        if line.len() > empty && line.chars().count() + 1 + word.chars().count() > MAX_WIDTH {
            out.push(std::mem::replace(&mut line, format!("{indent}//")));
        }
        line.push(' ');
        line.push_str(word);
    }
    if line.len() > empty {
        out.push(line);
    }
}

/// The `# Example` of an operation's output: compiled (not run) functions
/// that call the operation through a client once each: one reads every
/// member, the other gets the request id through `call_with_request_id`.
pub fn output_example(
    service: &Service,
    op: &Operation,
    output: &NamedShape,
    crate_name: &str,
) -> Vec<String> {
    let ShapeKind::Structure(st) = &output.kind else {
        return Vec::new();
    };
    let Some(input) = op.input.as_ref().and_then(|i| service.shapes.get(i)) else {
        return Vec::new();
    };
    let (marker, error) = (op.type_name.clone(), op.error_alias.clone());
    let trait_name = service.trait_name.clone();
    let (local, reads) = read_members(st, "    ");
    let names = format!("{trait_name}, {}, operations, runtime", input.rust_name);
    let one_line = format!("use {crate_name}::{{{names}}};");
    let mut out = vec!["```".to_string()];
    // As rustfmt would break it, where it is wider than a code block.
    if one_line.chars().count() <= MAX_WIDTH {
        out.push(one_line);
    } else {
        out.push(format!("use {crate_name}::{{"));
        out.push(format!("    {names},"));
        out.push("};".to_string());
    }
    let signature = |name: &str| {
        [
            format!("async fn {name}("),
            "    client: &Client<impl Transport>,".to_string(),
            format!("    request: {},", input.rust_name),
            format!(") -> Result<(), Error<operations::{error}>> {{"),
        ]
    };
    out.extend([
        "use runtime::rest::{Client, Error, Transport};".to_string(),
        String::new(),
        "/// Calls the operation and reads each member of its output.".to_string(),
    ]);
    out.extend(signature("read"));
    out.push(format!(
        "    let {local} = client.{}(request).await?;",
        op.method
    ));
    out.extend(reads);
    out.extend([
        "    Ok(())".to_string(),
        "}".to_string(),
        String::new(),
        "/// The same call, with the response's request id (`x-amzn-RequestId`) beside the output;"
            .to_string(),
        "/// an error carries its own (`Error::request_id`).".to_string(),
    ]);
    out.extend(signature("with_request_id"));
    out.extend([
        format!(
            "    let with_id = client.call_with_request_id::<operations::{marker}>(request).await?;"
        ),
        "    let request_id = &with_id.request_id; // Option<String>".to_string(),
        format!("    let {local} = with_id.output; // {}", output.rust_name),
        "    Ok(())".to_string(),
        "}".to_string(),
        "```".to_string(),
    ]);
    fit_width(out)
}

/// The widest line a synopsis writes: rustdoc's code blocks show 100
/// characters before they scroll.
pub const MAX_WIDTH: usize = 100;

/// How many structures and unions deep a synopsis expands values: a model
/// may nest them without end (a chain of required members), and each level
/// is a call of `Cx::value`.
pub const MAX_NESTING: usize = 12;

struct Cx<'s> {
    service: &'s Service,
    /// Set when a value nested deeper than [`MAX_NESTING`] was left as `todo!()`.
    too_deep: Cell<bool>,
    /// Only what the service requires, at the top level too (the crate
    /// root's example), instead of every member of the input.
    required_only: bool,
}

impl Cx<'_> {
    /// `Name::new(required…)` and, at the top level, `.with_x(…)` for each optional member.
    fn structure(
        &self,
        rust_name: &str,
        st: &Structure,
        depth: usize,
        stack: &mut BTreeSet<ShapeId>,
    ) -> Val {
        let mut valid = true;
        let required: Vec<&Member> = st
            .members
            .iter()
            .filter(|m| m.presence == Presence::Required)
            .collect();
        let mut lines = Vec::new();
        if required.is_empty() {
            lines.push(format!("{rust_name}::new()"));
        } else {
            lines.push(format!("{rust_name}::new("));
            for m in &required {
                let v = self.value(&m.ty, true, depth + 1, stack, Hint::of(m));
                valid &= v.valid;
                let c = with_doc_rule(m, with_binding(depth, m, comment(&m.ty)));
                place(&mut lines, "    ", "", v, ",", &c);
            }
            lines.push(")".into());
        }
        // The input and the structures directly in it show every member, as
        // Paws does; deeper ones the members the service requires.
        let reenters = |m: &&Member| refers_to_any(&m.ty, stack);
        let mut optional: Vec<&Member> = st
            .members
            .iter()
            .filter(|m| {
                m.presence != Presence::Required
                    && ((depth <= 1 && !self.required_only) || m.must_be_set())
            })
            .filter(|m| !reenters(m))
            .collect();
        // Members whose names share their first word (`ValueString`,
        // `ValueMap`, …) with no required member beside them are one-of in
        // practice: one is shown. So is one member of a deep structure that
        // would otherwise be empty.
        if depth >= 1 && required.is_empty() && (one_of_in_practice(st) || optional.is_empty()) {
            optional = st.members.iter().filter(|m| !reenters(m)).take(1).collect();
        }
        let conflicts = conflicts(st);
        let indent = if depth == 0 { "" } else { "    " };
        let mut shown: Vec<&str> = Vec::new();
        for m in optional {
            let setter = format!(".with_{}(", unraw(&m.rust_name));
            if let Some((_, other)) = conflicts
                .iter()
                .find(|(a, b)| *a == m.name && shown.contains(&b.as_str()))
            {
                let other_rust = st
                    .members
                    .iter()
                    .find(|x| &x.name == other)
                    .map(|x| unraw(&x.rust_name))
                    .unwrap_or(other.as_str());
                lines.push(format!(
                    "{indent}// {setter}…): not with `{other_rust}`, as its docs say"
                ));
                continue;
            }
            // The client fills an unset token with a fresh one for each
            // call; a copied value would make every call the same request.
            if m.idempotency_token && depth == 0 {
                lines.push(format!(
                    "{indent}// {setter}…): left unset, the client fills a fresh token for each call"
                ));
                continue;
            }
            shown.push(&m.name);
            let v = self.value(&m.ty, true, depth + 1, stack, Hint::of(m));
            valid &= v.valid;
            // A member the docs call required is optional in the model only.
            let note = if doc_rule(m).is_some_and(|r| r.to_lowercase().contains("required")) {
                "optional in the model"
            } else {
                "optional"
            };
            let c = with_doc_rule(m, with_binding(depth, m, comment(&m.ty)));
            let c = if c.is_empty() {
                note.to_string()
            } else {
                format!("{note}; {c}")
            };
            place(&mut lines, indent, &setter, v, ")", &c);
        }
        Val { lines, valid }
    }

    /// A placeholder for a value of `ty`. `into` says the position takes
    /// `impl Into<…>` (so a string literal will do).
    fn value(
        &self,
        ty: &Ty,
        into: bool,
        depth: usize,
        stack: &mut BTreeSet<ShapeId>,
        hint: Hint,
    ) -> Val {
        let c = &ty.constraints;
        match &ty.kind {
            TyKind::String => {
                let (s, valid) = placeholder_string(ty, hint);
                let lit = format!("{s:?}");
                Val {
                    lines: vec![if into {
                        lit
                    } else {
                        format!("{lit}.to_string()")
                    }],
                    valid,
                }
            }
            TyKind::Boolean => Val::one("true"),
            TyKind::Byte | TyKind::Short | TyKind::Integer | TyKind::Long => {
                let mut x: i128 = 1;
                if let Some(r) = &c.range {
                    if let Some(lo) = r.min.as_ref().map(|b| b.float) {
                        x = x.max(lo.ceil() as i128);
                    }
                    if let Some(hi) = r.max.as_ref().map(|b| b.float) {
                        x = x.min(hi.floor() as i128);
                    }
                }
                Val::one(x.to_string())
            }
            TyKind::Float | TyKind::Double => {
                let mut x: f64 = 1.0;
                if let Some(r) = &c.range {
                    if let Some(lo) = r.min.as_ref().map(|b| b.float) {
                        x = x.max(lo);
                    }
                    if let Some(hi) = r.max.as_ref().map(|b| b.float) {
                        x = x.min(hi);
                    }
                }
                Val::one(format!("{x:?}"))
            }
            TyKind::Timestamp => Val::one("runtime::DateTime::from_secs(3600)"),
            TyKind::Blob => Val::one(format!("b\"My{}\".to_vec()", ty.shape.name())),
            TyKind::Document => Val::one(format!(
                "runtime::Document::from(\"My{}\")",
                ty.shape.name()
            )),
            TyKind::BigInteger => Val::one("runtime::BigInteger::new(\"1\")"),
            TyKind::BigDecimal => Val::one("runtime::BigDecimal::new(\"1.5\")"),
            TyKind::Unit => Val::one("()"),
            TyKind::List(item) => {
                let n = c
                    .length
                    .as_ref()
                    .and_then(|l| l.min.as_ref()?.integer)
                    .and_then(|m| usize::try_from(m).ok())
                    .unwrap_or(1)
                    .max(1);
                let v = self.value(item, false, depth, stack, Hint { name: None, ..hint });
                let v = if ty.sparse { some(v) } else { v };
                let mut valid = v.valid && !(c.unique_items && n > 1);
                if c.length
                    .as_ref()
                    .and_then(|l| l.max.as_ref()?.integer)
                    .is_some_and(|m| m == 0)
                {
                    valid = false;
                }
                let mut lines = vec!["vec![".to_string()];
                for _ in 0..n {
                    place(
                        &mut lines,
                        "    ",
                        "",
                        Val {
                            lines: v.lines.clone(),
                            valid: true,
                        },
                        ",",
                        "",
                    );
                }
                lines.push("]".into());
                collapse(lines, valid)
            }
            TyKind::Map(k, v) => {
                let key = self.value(k, false, depth, stack, Hint::NONE);
                let value = self.value(v, false, depth, stack, Hint::NONE);
                let value = if ty.sparse { some(value) } else { value };
                let min = c
                    .length
                    .as_ref()
                    .and_then(|l| l.min.as_ref()?.integer)
                    .and_then(|m| usize::try_from(m).ok())
                    .unwrap_or(1);
                let valid = key.valid && value.valid && min <= 1;
                let mut lines = vec!["std::collections::BTreeMap::from([".to_string()];
                place(
                    &mut lines,
                    "    ",
                    &format!("({}, ", key.lines.join(" ")),
                    value,
                    "),",
                    "",
                );
                lines.push("])".into());
                collapse(lines, valid)
            }
            TyKind::Named(r) => {
                // Lowering collects every shape a member refers to, so the lookup cannot fail.
                let shape = self
                    .service
                    .shapes
                    .get(&r.id)
                    .expect("lowering collects every referenced shape");
                match &shape.kind {
                    ShapeKind::Enum(e) => match e.variants.iter().find(|v| !v.internal) {
                        Some(v) => Val::one(format!("{}::{}", shape.rust_name, v.rust_name)),
                        None => Val {
                            lines: vec![format!("{}::from(\"\")", shape.rust_name)],
                            valid: false,
                        },
                    },
                    ShapeKind::IntEnum(e) => match e.variants.first() {
                        Some(v) => Val::one(format!("{}::{}", shape.rust_name, v.rust_name)),
                        None => Val {
                            lines: vec![format!("{}::from(0)", shape.rust_name)],
                            valid: false,
                        },
                    },
                    ShapeKind::Structure(_) | ShapeKind::Union(_) if stack.len() >= MAX_NESTING => {
                        self.too_deep.set(true);
                        let line = format!(
                            "todo!(/* a `{}`: nested more than {MAX_NESTING} deep */)",
                            shape.rust_name
                        );
                        Val {
                            lines: vec![line],
                            valid: false,
                        }
                    }
                    ShapeKind::Structure(st) => {
                        if !stack.insert(r.id.clone()) {
                            return Val {
                                lines: vec![format!("{}::new()", shape.rust_name)],
                                valid: false,
                            };
                        }
                        let v = self.structure(&shape.rust_name, st, depth, stack);
                        stack.remove(&r.id);
                        v
                    }
                    ShapeKind::Union(u) => {
                        // The first variant that does not lead back into a
                        // shape being written, the union itself included
                        // (directly, or through a list or map of it).
                        let inside = stack.insert(r.id.clone());
                        let pick = u.variants.iter().find(|m| !refers_to_any(&m.ty, stack));
                        let leave = |stack: &mut BTreeSet<ShapeId>| {
                            if inside {
                                stack.remove(&r.id);
                            }
                        };
                        let Some(m) = pick else {
                            leave(stack);
                            let line = format!(
                                "{}::{}(runtime::json::UnknownMember {{ name: String::new(), value: Default::default() }})",
                                shape.rust_name, u.unknown_variant
                            );
                            return Val {
                                lines: vec![line],
                                valid: false,
                            };
                        };
                        if matches!(m.ty.kind, TyKind::Unit) {
                            leave(stack);
                            return Val::one(format!("{}::{}", shape.rust_name, m.rust_name));
                        }
                        let v = self.value(&m.ty, false, depth, stack, Hint::of(m));
                        leave(stack);
                        let inner = if m.boxed { wrap_box(v) } else { v };
                        let valid = inner.valid;
                        let mut lines = vec![format!("{}::{}(", shape.rust_name, m.rust_name)];
                        place(&mut lines, "    ", "", inner, "", "");
                        lines.push(")".into());
                        collapse(lines, valid)
                    }
                }
            }
        }
    }
}

fn wrap_box(v: Val) -> Val {
    let mut lines = vec!["Box::new(".to_string()];
    let valid = v.valid;
    place(&mut lines, "    ", "", v, "", "");
    lines.push(")".into());
    collapse(lines, valid)
}

/// Puts a value into `lines`: `prefix` before its first line, `suffix`
/// after its last, each line indented by `indent`, and `comment` on the first line.
fn place(lines: &mut Vec<String>, indent: &str, prefix: &str, v: Val, suffix: &str, comment: &str) {
    let mut value = v.lines;
    append_to_last_code(&mut value, suffix);
    for (i, l) in value.into_iter().enumerate() {
        let mut line = if i == 0 {
            format!("{indent}{prefix}{l}")
        } else {
            format!("{indent}{l}")
        };
        if i == 0 && !comment.is_empty() {
            line.push_str(" // ");
            line.push_str(comment);
        }
        lines.push(line);
    }
}

/// Appends code to the last line that holds code (lines that are only a
/// comment, such as a member left out, may follow it).
pub fn append_to_last_code(lines: &mut [String], code: &str) {
    if let Some(line) = lines
        .iter_mut()
        .rev()
        .find(|l| !l.trim_start().starts_with("//"))
    {
        append_code(line, code);
    }
}

/// Appends code to a line, before its trailing `// comment` if it has one.
fn append_code(line: &mut String, code: &str) {
    match line.find(" // ") {
        Some(at) => line.insert_str(at, code),
        None => line.push_str(code),
    }
}

/// Joins short multi-line values onto one line.
fn collapse(lines: Vec<String>, valid: bool) -> Val {
    let joined: String = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("");
    let joined = joined.replace(",]", "]").replace(",)", ")");
    if joined.len() <= 60 && !lines.iter().any(|l| l.contains("//")) {
        Val {
            lines: vec![joined],
            valid,
        }
    } else {
        Val { lines, valid }
    }
}

/// The rule a member's docs state (see [`Docs::stated_rule`]).
fn doc_rule(m: &Member) -> Option<&str> {
    m.docs.as_ref()?.stated_rule.as_deref()
}

/// `comment` and, after it, the rule the member's docs state.
fn with_doc_rule(m: &Member, comment: String) -> String {
    match doc_rule(m) {
        None => comment,
        Some(rule) if comment.is_empty() => format!("its docs: {rule}"),
        Some(rule) => format!("{comment}; its docs: {rule}"),
    }
}

/// A top-level input member's comment, with where a header-bound member
/// travels first (`sent as the X-Amz-Bearer header`): what a caller of the
/// Participant Service must know of its tokens.
fn with_binding(depth: usize, m: &Member, comment: String) -> String {
    let Binding::Header(h) = &m.binding else {
        return comment;
    };
    if depth > 0 {
        return comment;
    }
    let sent = format!("sent as the `{h}` header");
    if comment.is_empty() {
        sent
    } else {
        format!("{sent}; {comment}")
    }
}

/// The constraint comment for a value, in the words of the field docs and
/// the attributes table (a long pattern is named, not quoted).
fn comment(ty: &Ty) -> String {
    constraint_phrases(ty)
        .into_iter()
        .map(|p| match p.find("pattern `") {
            Some(at) if p.len() > 40 => format!("{}pattern (see the field)", &p[..at]),
            _ => p,
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What a member tells its value's placeholder: its name (`MyCustomerId`
/// rather than the shape's `MyCustomerIdNonEmpty`) and its docs (a value
/// they name, such as `text/plain` in "must always contain `text/plain`").
#[derive(Clone, Copy)]
struct Hint<'a> {
    name: Option<&'a str>,
    docs: Option<&'a Docs>,
}

impl<'a> Hint<'a> {
    const NONE: Hint<'static> = Hint {
        name: None,
        docs: None,
    };

    fn of(m: &'a Member) -> Self {
        Hint {
            name: Some(&m.name),
            docs: m.docs.as_ref(),
        }
    }
}

/// A string for `ty`: a value its docs name, else `My<Member>` or
/// `My<Shape>`, whichever satisfies the constraints first, else a sample of
/// the pattern's language, cut or padded to the length bounds. Returns the
/// string and whether it satisfies every constraint.
fn placeholder_string(ty: &Ty, hint: Hint) -> (String, bool) {
    let c = &ty.constraints;
    let (min, max) = match &c.length {
        Some(l) => (
            l.min
                .as_ref()
                .and_then(|b| b.integer)
                .and_then(|m| usize::try_from(m).ok())
                .unwrap_or(0),
            l.max
                .as_ref()
                .and_then(|b| b.integer)
                .and_then(|m| usize::try_from(m).ok())
                .unwrap_or(usize::MAX),
        ),
        None => (0, usize::MAX),
    };
    let pattern = c.pattern.as_ref().and_then(|p| p.check.enforced());
    // A `^X{a,b}$` pattern checked as `^X*$` plus a count: the count bounds the length too.
    let (min, max) = match pattern.and_then(|t| t.char_count) {
        Some((lo, hi)) => (
            min.max(usize::try_from(lo).unwrap_or(usize::MAX)),
            max.min(usize::try_from(hi).unwrap_or(usize::MAX)),
        ),
        None => (min, max),
    };
    let fits_len = |s: &str| (min..=max).contains(&s.chars().count());
    let fits = |s: &str| fits_len(s) && pattern.is_none_or(|t| crate::pattern::is_match(t, s));
    let named = hint
        .docs
        .map(|d| d.named_values.clone())
        .unwrap_or_default();
    if let Some(v) = named.into_iter().find(|v| fits(v)) {
        return (v, true);
    }
    let candidates = hint
        .name
        .into_iter()
        .chain([ty.shape.name()])
        .map(|n| fit_length(&format!("My{n}"), min, max, 'x'));
    let candidates: Vec<String> = candidates.collect();
    if let Some(v) = candidates.iter().find(|v| fits(v)) {
        return (v.clone(), true);
    }
    if let Some(t) = pattern {
        for at_least_one in [true, false] {
            if let Some(sample) = sample_regex(&t.regex, at_least_one) {
                if fits(&sample) {
                    return (sample, true);
                }
                let pad = sample.chars().last().unwrap_or('x');
                let resized = fit_length(&sample, min, max, pad);
                if fits(&resized) {
                    return (resized, true);
                }
            }
        }
    }
    (candidates.into_iter().next().unwrap_or_default(), false)
}

/// Whether a structure with only optional members reads as a one-of: two or
/// more members whose names share a first word (`ValueString`, `ValueMap`).
fn one_of_in_practice(st: &Structure) -> bool {
    let first_word = |name: &str| {
        let mut end = name
            .char_indices()
            .skip(1)
            .find(|(_, c)| c.is_ascii_uppercase())
            .map(|(i, _)| i)
            .unwrap_or(name.len());
        if end == name.len() {
            end = 0;
        }
        name[..end].to_string()
    };
    let words: BTreeSet<String> = st.members.iter().map(|m| first_word(&m.name)).collect();
    st.members.len() > 1
        && st.members.iter().all(|m| m.presence != Presence::Required)
        && words.len() == 1
        && !words.contains("")
}

/// Pairs of members (model names) that a member's docs say cannot be
/// given together: a sentence with "both" and a negation ("You cannot
/// provide data for both RelatedContactId and PersistentChat") that names
/// two members. Each pair appears both ways.
fn conflicts(st: &Structure) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for m in &st.members {
        let Some(docs) = &m.docs else {
            continue;
        };
        let text = docs.text();
        for sentence in text.split(". ") {
            let lower = sentence.to_ascii_lowercase();
            let negated = ["cannot", "can't", "can not", "not both", "only one of"]
                .iter()
                .any(|n| lower.contains(n));
            if !negated || !lower.contains("both") {
                continue;
            }
            let named: Vec<&Member> = st
                .members
                .iter()
                .filter(|x| mentions(sentence, &x.name))
                .collect();
            if let [a, b] = named.as_slice() {
                out.push((a.name.clone(), b.name.clone()));
                out.push((b.name.clone(), a.name.clone()));
            }
        }
    }
    out
}

/// Whether `ty` is, or holds in a list or map, one of the shapes in `stack`.
fn refers_to_any(ty: &Ty, stack: &BTreeSet<ShapeId>) -> bool {
    match &ty.kind {
        TyKind::Named(r) => stack.contains(&r.id),
        TyKind::List(item) => refers_to_any(item, stack),
        TyKind::Map(k, v) => refers_to_any(k, stack) || refers_to_any(v, stack),
        _ => false,
    }
}

/// Whether `text` has `word` as a whole word.
fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

/// `s` cut to at most `max` characters, or padded with `pad` to `min`.
fn fit_length(s: &str, min: usize, max: usize, pad: char) -> String {
    let mut out: String = s.chars().take(max).collect();
    let short = min.saturating_sub(out.chars().count());
    out.extend(std::iter::repeat_n(pad, short));
    out
}

/// A short string in the language of `regex` (first alternatives, minimal
/// repetitions — or one, with `at_least_one`), or `None` if it has constructs
/// this sampler does not follow.
fn sample_regex(regex: &str, at_least_one: bool) -> Option<String> {
    let hir = regex_syntax::parse(regex).ok()?;
    let mut out = String::new();
    sample(&hir, at_least_one, &mut out)?;
    Some(out)
}

fn sample(hir: &Hir, at_least_one: bool, out: &mut String) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            let pick = ['a', 'A', '0']
                .into_iter()
                .find(|c| ranges.iter().any(|r| r.start() <= *c && *c <= r.end()))
                .or_else(|| {
                    ranges.iter().find_map(|r| {
                        (r.start()..=r.end()).find(|c| !c.is_control() && !c.is_whitespace())
                    })
                })
                .or_else(|| ranges.first().map(|r| r.start()))?;
            out.push(pick);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let b = class.ranges().first()?.start();
            out.push(char::from(b));
        }
        HirKind::Repetition(rep) => {
            let n = if at_least_one && rep.min == 0 && rep.max.is_none_or(|m| m >= 1) {
                1
            } else {
                rep.min
            };
            for _ in 0..n {
                sample(&rep.sub, at_least_one, out)?;
            }
        }
        HirKind::Capture(cap) => sample(&cap.sub, at_least_one, out)?,
        HirKind::Concat(items) => {
            for h in items {
                sample(h, at_least_one, out)?;
            }
        }
        HirKind::Alternation(alts) => sample(alts.first()?, at_least_one, out)?,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_satisfy_their_patterns() {
        for p in [
            r"^[a-f0-9]{8}-[a-f0-9]{4}$",
            r"^d-[0-9a-f]{10}$",
            r"^[a-z]{2}(-[a-z]+){1,2}(-[0-9])?$",
            r"^\+[1-9][0-9]{1,14}$",
        ] {
            let t = crate::pattern::translate(p).unwrap();
            let s = sample_regex(&t.regex, true).unwrap();
            assert!(crate::pattern::is_match(&t, &s), "{p}: {s}");
        }
    }

    #[test]
    fn long_lines_are_folded() {
        let long_comment = format!("x // {}", "word ".repeat(30).trim_end());
        let call = format!(
            "    let with_id = client.call_with_request_id::<operations::{}>(request).await?;",
            "A".repeat(40)
        );
        let setter = format!(".with_hash(\"{}\");", "a".repeat(90));
        let out = fit_width(vec!["short // fine".into(), long_comment, call, setter]);
        assert!(
            out.iter().all(|l| l.chars().count() <= MAX_WIDTH),
            "{out:#?}"
        );
        assert_eq!(out[0], "short // fine");
        assert!(out[1].starts_with("// word") && out[3] == "x", "{out:#?}");
        assert_eq!(out[4], "    let with_id = client");
        assert!(
            out[5].starts_with("        .call_with_request_id::<") && out[6] == "        .await?;",
            "{out:#?}"
        );
        assert_eq!(
            &out[7..],
            [
                ".with_hash(".to_string(),
                format!("    \"{}\"", "a".repeat(90)),
                ");".to_string()
            ]
        );
    }

    #[test]
    fn length_fitting() {
        assert_eq!(fit_length("MyName", 0, 3, 'x'), "MyN");
        assert_eq!(fit_length("My", 4, 10, 'x'), "Myxx");
    }
}
