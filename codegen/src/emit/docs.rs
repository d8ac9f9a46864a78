//! Type-level documentation, Paws-style: what the type is for (and for an
//! operation's input: the operation's documentation, a runnable synopsis,
//! an attributes table, its errors and the AWS link), then which operations
//! use it.

use std::collections::BTreeSet;

use crate::docs::ends_sentence;
use crate::emit::common::{constraint_phrases, inline_code};
use crate::emit::synopsis::{output_example, synopsis};
use crate::ir::*;

/// How many operations a "Used by" line names before summarising the rest.
const USES_SHOWN: usize = 12;

/// The docs of a generated type.
pub fn shape_docs(service: &Service, shape: &NamedShape, crate_name: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let input_of: Vec<&Operation> = ops_with_role(service, shape, Role::Input);
    let output_of: Vec<&Operation> = ops_with_role(service, shape, Role::Output);
    let model_docs = shape
        .docs
        .as_ref()
        .map(|d| d.markdown.clone())
        .unwrap_or_default();
    if let [op] = input_of.as_slice() {
        let trait_name = &service.trait_name;
        lines.push(purpose(
            &format!("Arguments of {}", method_link(trait_name, &op.method)),
            op,
        ));
        lines.push(String::new());
        let op_docs = op
            .docs
            .as_ref()
            .map(|d| d.markdown.clone())
            .unwrap_or_default();
        lines.extend(if op_docs.is_empty() {
            model_docs
        } else {
            op_docs
        });
        if let Some(d) = &op.deprecated {
            push_para(
                &mut lines,
                format!(
                    "**Deprecated operation.** {}",
                    d.message.as_deref().unwrap_or("")
                ),
            );
        }
        push_heading(&mut lines, "Synopsis");
        lines.extend(synopsis(service, op, shape, crate_name));
        if let ShapeKind::Structure(st) = &shape.kind {
            push_heading(&mut lines, "Attributes");
            lines.extend(attributes_table(st));
        }
        push_heading(&mut lines, "Errors");
        lines.extend(errors_list(service, op));
        lines.extend(errors_example(service, op, shape, crate_name));
        push_para(
            &mut lines,
            format!("The result is a {}.", output_link(service, op)),
        );
        push_para(
            &mut lines,
            format!("AWS API documentation: <{}>", aws_link(service, &op.name)),
        );
    } else {
        if let [op] = output_of.as_slice() {
            let trait_name = &service.trait_name;
            lines.push(purpose(
                &format!("Result of {}", method_link(trait_name, &op.method)),
                op,
            ));
            lines.push(String::new());
        }
        let values = enum_values(service, &shape.id, usize::MAX);
        if model_docs.is_empty() {
            if lines.is_empty() {
                lines.push(match &values {
                    Some(v) => format!("A `{}`: {v}.", shape.id.name()),
                    None => format!("The `{}` shape.", shape.id.name()),
                });
            }
        } else {
            lines.extend(model_docs);
            if let Some(v) = &values {
                push_para(&mut lines, format!("One of {v}."));
            }
        }
        if let [op] = output_of.as_slice() {
            if let ShapeKind::Structure(st) = &shape.kind
                && !st.members.is_empty()
            {
                push_heading(&mut lines, "Example");
                lines.extend(output_example(service, op, shape, crate_name));
                push_heading(&mut lines, "Attributes");
                lines.extend(output_table(st));
            }
            push_para(
                &mut lines,
                format!("AWS API documentation: <{}>", aws_link(service, &op.name)),
            );
        }
    }
    if let Some(d) = &shape.deprecated {
        push_para(
            &mut lines,
            format!("**Deprecated.** {}", d.message.as_deref().unwrap_or("")),
        );
    }
    let only_own_role = shape.uses.len() == 1 && (input_of.len() == 1 || output_of.len() == 1);
    if let Some(used) = uses_line(service, shape).filter(|_| !only_own_role) {
        push_para(&mut lines, used);
    }
    push_para(&mut lines, format!("Smithy shape: `{}`.", shape.id));
    lines
}

/// The first sentence of an operation's input or output: what it is (`role`:
/// "Arguments of [`Connect::start_chat_contact`](…)") and what the operation
/// does, from the first sentence of its docs, so that the crate root's item
/// list and search results say what each type is for: "Arguments of …,
/// which initiates a flow to start a new chat for the customer." A summary
/// that does not start with a verb ("Initiates", "Lists") follows a colon.
fn purpose(role: &str, op: &Operation) -> String {
    let summary = op
        .docs
        .as_ref()
        .and_then(|d| d.summary.clone())
        .unwrap_or_default();
    let summary = first_sentence(summary.trim());
    let first = summary.split(' ').next().unwrap_or("");
    let mut chars = first.chars();
    let verb = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && first.len() > 3
        && first.ends_with('s')
        && !first.ends_with("ss")
        && chars.all(|c| c.is_ascii_lowercase());
    if summary.is_empty() {
        format!("{role} (`{}`).", op.name)
    } else if verb {
        let mut rest = summary.to_string();
        rest.replace_range(..1, &first[..1].to_ascii_lowercase());
        format!("{role}, which {}", ends_sentence(&rest))
    } else {
        format!("{role}: {}", ends_sentence(summary))
    }
}

/// The first sentence of `text`: up to the first full stop followed by a
/// space and a capital letter (so "e.g. x" and "v1.2" do not end it).
fn first_sentence(text: &str) -> &str {
    let mut from = 0;
    while let Some(i) = text[from..].find(". ") {
        let end = from + i + 1;
        if text[end + 1..].starts_with(|c: char| c.is_uppercase()) {
            return &text[..end];
        }
        from = end;
    }
    text
}

/// How many enum values a field's docs list before summarising the rest.
pub const VALUES_SHOWN: usize = 12;

/// The values of enum `id` as the wire spells them (`` `AGENT`, `CUSTOMER` or
/// `SYSTEM` ``; an int enum's with their names), at most `shown` of them;
/// `None` when `id` is not an enum.
pub fn enum_values(service: &Service, id: &crate::model::ShapeId, shown: usize) -> Option<String> {
    let values: Vec<String> = match &service.shapes.get(id)?.kind {
        ShapeKind::Enum(e) => e.variants.iter().map(|v| inline_code(&v.value)).collect(),
        ShapeKind::IntEnum(e) => e
            .variants
            .iter()
            .map(|v| format!("`{}` ({})", v.value, v.name))
            .collect(),
        _ => return None,
    };
    let total = values.len();
    Some(match values.as_slice() {
        [] => "no value the model defines".into(),
        [one] => one.clone(),
        _ if total > shown => format!("{}, and {} more", values[..shown].join(", "), total - shown),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    })
}

/// A link to a service-trait method (raw identifiers cannot be linked: shown as code).
fn method_link(trait_name: &str, method: &str) -> String {
    match method.strip_prefix("r#") {
        Some(raw) => format!("`{trait_name}::{raw}`"),
        None => format!("[`{trait_name}::{method}`](crate::{trait_name}::{method})"),
    }
}

fn ops_with_role<'s>(service: &'s Service, shape: &NamedShape, role: Role) -> Vec<&'s Operation> {
    shape
        .uses
        .iter()
        .filter(|u| u.role == role)
        .filter_map(|u| service.operations.iter().find(|o| o.name == u.operation))
        .collect()
}

fn push_para(lines: &mut Vec<String>, text: String) {
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(text);
}

fn push_heading(lines: &mut Vec<String>, heading: &str) {
    push_para(lines, format!("# {heading}"));
    lines.push(String::new());
}

/// `https://docs.aws.amazon.com/goto/WebAPI/<service>/<Operation>`.
pub fn aws_link(service: &Service, operation: &str) -> String {
    format!(
        "https://docs.aws.amazon.com/goto/WebAPI/{}/{operation}",
        service.doc_id
    )
}

fn output_link(service: &Service, op: &Operation) -> String {
    match op.output.as_ref().and_then(|o| service.shapes.get(o)) {
        Some(out) => format!("[`{0}`](crate::{0})", out.rust_name),
        None => "nothing (the operation has no output)".to_string(),
    }
}

/// A link to a generated type, for Markdown.
fn type_md(ty: &Ty) -> String {
    match &ty.kind {
        TyKind::List(item) => format!("list of {}", type_md(item)),
        TyKind::Map(k, v) => format!("map of {} to {}", type_md(k), type_md(v)),
        TyKind::Named(r) => format!("[`{0}`](crate::{0})", r.rust_name),
        _ => format!("`{}`", crate::emit::common::type_label(ty)),
    }
}

/// A member's field type as Rust writes it, for Markdown: code spans, with
/// the generated types linked (`` `Option<Vec<`[`ChatMessage`](crate::ChatMessage)`>>` ``).
fn field_type_md(m: &Member) -> String {
    let mut pieces = Vec::new();
    let optional = m.presence == Presence::Optional;
    if optional {
        pieces.push(Piece::Code("Option<".into()));
    }
    if m.boxed {
        pieces.push(Piece::Code("Box<".into()));
    }
    type_pieces(&m.ty, &mut pieces);
    if m.boxed {
        pieces.push(Piece::Code(">".into()));
    }
    if optional {
        pieces.push(Piece::Code(">".into()));
    }
    let mut out = String::new();
    let mut code = String::new();
    for piece in pieces {
        match piece {
            Piece::Code(c) => code.push_str(&c),
            Piece::Link(name) => {
                if !code.is_empty() {
                    out.push_str(&format!("`{}`", std::mem::take(&mut code)));
                }
                out.push_str(&format!("[`{name}`](crate::{name})"));
            }
        }
    }
    if !code.is_empty() {
        out.push_str(&format!("`{code}`"));
    }
    out
}

/// A part of a type written as Rust: code, or a generated type's name.
enum Piece {
    Code(String),
    Link(String),
}

fn type_pieces(ty: &Ty, out: &mut Vec<Piece>) {
    let code = |out: &mut Vec<Piece>, s: &str| out.push(Piece::Code(s.to_string()));
    match &ty.kind {
        TyKind::List(item) => {
            code(out, if ty.sparse { "Vec<Option<" } else { "Vec<" });
            type_pieces(item, out);
            code(out, if ty.sparse { ">>" } else { ">" });
        }
        TyKind::Map(k, v) => {
            code(out, "BTreeMap<");
            type_pieces(k, out);
            code(out, if ty.sparse { ", Option<" } else { ", " });
            type_pieces(v, out);
            code(out, if ty.sparse { ">>" } else { ">" });
        }
        TyKind::Named(r) => out.push(Piece::Link(r.rust_name.clone())),
        _ => code(
            out,
            &crate::emit::common::simple_type_name(ty).unwrap_or_default(),
        ),
    }
}

/// The `# Attributes` table: name (linked), Rust type, required, constraints.
fn attributes_table(st: &Structure) -> Vec<String> {
    let mut rows = vec![
        "| attribute | type | required | constraints |".to_string(),
        "|---|---|---|---|".to_string(),
    ];
    for m in &st.members {
        let required = match (&m.presence, m.required, m.idempotency_token) {
            (_, _, true) => "auto",
            (Presence::Required, _, _) => "**yes**",
            (_, true, _) => "yes (service)",
            _ => "",
        };
        let cons = constraint_phrases(&m.ty).join("; ");
        rows.push(format!(
            "| {} | {} | {required} | {} |",
            member_link(m),
            cell(&type_md(&m.ty)),
            cell(&cons)
        ));
    }
    rows
}

/// A member's name in a table: a link to its field (raw identifiers cannot be linked).
fn member_link(m: &Member) -> String {
    if m.rust_name.starts_with("r#") {
        format!("`{}`", m.rust_name)
    } else {
        format!("[`{0}`](Self::{0})", m.rust_name)
    }
}

/// Text made safe for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// An output's `# Attributes` table: name (linked), Rust type, and the
/// first sentence of the member's docs (nothing in an output is required).
fn output_table(st: &Structure) -> Vec<String> {
    let mut rows = vec![
        "| attribute | type | what it is |".to_string(),
        "|---|---|---|".to_string(),
    ];
    for m in &st.members {
        let summary = m
            .docs
            .as_ref()
            .and_then(|d| d.summary.clone())
            .unwrap_or_default();
        rows.push(format!(
            "| {} | {} | {} |",
            member_link(m),
            cell(&field_type_md(m)),
            cell(&summary)
        ));
    }
    rows
}

/// The `# Errors` list: each modeled error, its HTTP status and summary.
fn errors_list(service: &Service, op: &Operation) -> Vec<String> {
    if op.errors.is_empty() {
        return vec!["The model lists no errors for this operation.".into()];
    }
    let mut out = Vec::new();
    for e in &op.errors {
        let Some(shape) = service.shapes.get(e) else {
            continue;
        };
        // What the client does with it: the runtime's retry strategy takes
        // a throttling or transient status (runtime/src/retry.rs).
        let retried = service.signing_name.is_some()
            && matches!(error_status(shape), 429 | 500 | 502 | 503 | 504);
        let mut meaning = error_status_and_summary(shape);
        if retried {
            meaning =
                ends_sentence(&meaning) + " A client made with `signed_client` retries it first.";
        }
        out.push(format!("- [`{0}`](crate::{0}) {meaning}", shape.rust_name));
    }
    out
}

/// After the list of errors: what becomes of an error the model does not
/// list, and a `match` on the operation's result (compiled, not run).
fn errors_example(
    service: &Service,
    op: &Operation,
    input: &NamedShape,
    crate_name: &str,
) -> Vec<String> {
    let mut out = vec![
        String::new(),
        "An error the list does not name (a `TooManyRequestsException` from throttling that the operation's docs may mention, or one the service adds later) arrives as `Unhandled`, with its code, message and HTTP status. A client made with `signed_client` retries throttling and transient errors before it returns one.".to_string(),
        String::new(),
    ];
    let errors: Vec<&NamedShape> = op
        .errors
        .iter()
        .filter_map(|e| service.shapes.get(e))
        .collect();
    // The one most worth handling: a throttling or limit error (429), else the first.
    let shown = errors
        .iter()
        .find(|s| error_status(s) == 429)
        .or(errors.first());
    let mut code = vec![
        "```".to_string(),
        format!(
            "use {crate_name}::{{{}, {}}};",
            service.trait_name, input.rust_name
        ),
        format!("use {crate_name}::operations::{} as E;", op.error_alias),
        format!("use {crate_name}::runtime::rest::Error;"),
        String::new(),
        "async fn call(".to_string(),
        format!("    client: &impl {},", service.trait_name),
        format!("    request: {},", input.rust_name),
        ") {".to_string(),
        format!("    match client.{}(request).await {{", op.method),
        "        Ok(response) => drop(response),".to_string(),
    ];
    if let Some(e) = shown {
        code.push(format!(
            "        Err(Error::Service {{ error: E::{}(e), .. }}) => {{",
            e.rust_name
        ));
        code.push(format!("            // {}", error_status_and_summary(e)));
        code.push("            drop(e);".to_string());
        code.push("        }".to_string());
    }
    code.extend([
        "        Err(Error::Service { error: E::Unhandled(e), .. }) => {".to_string(),
        "            // Not in the model's list: `e.code`, `e.message`, `e.status`.".to_string(),
        "            drop(e);".to_string(),
        "        }".to_string(),
        "        // The input broke a constraint, the transport failed, the answer was unreadable…"
            .to_string(),
        "        Err(e) => drop(e),".to_string(),
        "    }".to_string(),
        "}".to_string(),
        "```".to_string(),
    ]);
    out.extend(crate::emit::synopsis::fit_width(code));
    out
}

/// An error shape's HTTP status (400 when the model gives none).
fn error_status(shape: &NamedShape) -> u16 {
    match &shape.kind {
        ShapeKind::Structure(Structure {
            error: Some(info), ..
        }) => info.http_status,
        _ => 400,
    }
}

/// `(HTTP 500): Request processing failed …` for an error shape: its status
/// and the first sentence of its docs; the status alone when it has none.
pub fn error_status_and_summary(shape: &NamedShape) -> String {
    let status = error_status(shape);
    match shape
        .docs
        .as_ref()
        .and_then(|d| d.summary.clone())
        .filter(|s| !s.is_empty())
    {
        Some(summary) => format!("(HTTP {status}): {summary}"),
        None => format!("(HTTP {status})"),
    }
}

/// "Used by 3 operations: [`DescribeContact`] (output, at `contact.agent_info`), …":
/// each operation links to its input or output type (whichever the shape is in).
fn uses_line(service: &Service, shape: &NamedShape) -> Option<String> {
    if shape.uses.is_empty() {
        return None;
    }
    let link = |op: &str, role: Role| {
        let op_ir = service.operations.iter().find(|o| o.name == op);
        let target = match role {
            Role::Output | Role::InOutput => op_ir.and_then(|o| o.output.as_ref()),
            _ => op_ir.and_then(|o| o.input.as_ref()),
        };
        match target.and_then(|t| service.shapes.get(t)) {
            Some(t) => format!("[`{op}`](crate::{})", t.rust_name),
            None => format!("`{op}`"),
        }
    };
    let items: Vec<String> = shape
        .uses
        .iter()
        .map(|u| {
            let role = match u.role {
                Role::Input => "input".to_string(),
                Role::Output => "output".to_string(),
                Role::Error => "error".to_string(),
                Role::InInput => format!("input, at `{}`", u.via.as_deref().unwrap_or_default()),
                Role::InOutput => format!("output, at `{}`", u.via.as_deref().unwrap_or_default()),
                Role::InError => "in an error".to_string(),
            };
            format!("{} ({role})", link(&u.operation, u.role))
        })
        .collect();
    let total = items.len();
    let mut shown: Vec<String> = items.into_iter().take(USES_SHOWN).collect();
    if total > USES_SHOWN {
        shown.push(format!("and {} more", total - USES_SHOWN));
    }
    let ops: BTreeSet<&str> = shape.uses.iter().map(|u| u.operation.as_str()).collect();
    let n = ops.len();
    Some(format!(
        "Used by {n} operation{}: {}.",
        if n == 1 { "" } else { "s" },
        shown.join(", ")
    ))
}
