//! The `# Synopsis` of an operation's input: a doctest that builds the
//! request with Paws-style placeholder values (`"MyInstanceId"`: `My` + the
//! target shape's name), comments giving each value's constraints, asserts
//! that `validate()` passes, and shows how the result's fields are read.
//!
//! Placeholders are made to satisfy their constraints (lengths, ranges,
//! patterns, list sizes), so the assertion holds; the generator checks each
//! one and falls back to a sample of the pattern's language when `My…`
//! does not match it. Top-level members are all shown (optional ones with
//! `// optional`); nested structures show their required members; a shape
//! that re-enters itself is not expanded again.

use std::collections::BTreeSet;

use regex_syntax::hir::{Class, Hir, HirKind};

use crate::emit::common::{range_notation, type_label};
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
    if let Some(last) = v.lines.last_mut() {
        last.push(')');
    }
    v
}

impl Val {
    fn one(text: impl Into<String>) -> Self {
        Val { lines: vec![text.into()], valid: true }
    }
}

/// Writes the synopsis of operation `op` whose input is `input`: Markdown
/// lines, including the fences. `crate_name` is the generated crate's lib name.
pub fn synopsis(service: &Service, op: &Operation, input: &NamedShape, crate_name: &str) -> Vec<String> {
    let ShapeKind::Structure(st) = &input.kind else { return Vec::new() };
    let cx = Cx { service };
    let mut stack = BTreeSet::from([input.id.clone()]);
    let value = cx.structure(&input.rust_name, st, 0, &mut stack);
    let mut out = vec!["```".to_string(), format!("use {crate_name}::*;"), String::new()];
    let mut first = value.lines.into_iter();
    out.push(format!("let request = {}", first.next().unwrap_or_default()));
    out.extend(first);
    if let Some(last) = out.last_mut() {
        append_code(last, ";");
    }
    if value.valid {
        out.push("assert!(request.validate().is_ok());".into());
    } else {
        out.push("// Some placeholders above do not satisfy their constraints; see the field docs.".into());
        out.push("let _ = request.validate();".into());
    }
    // How to send it: a client from the crate root's "Sending a request to AWS".
    out.push(String::new());
    out.push(format!("// Send it with a client (the crate root shows how to make one): `client.{}(request).await`.", op.method));
    if let Some(output) = op.output.as_ref().and_then(|o| service.shapes.get(o))
        && let ShapeKind::Structure(out_st) = &output.kind
            && !out_st.members.is_empty() {
                out.push(String::new());
                out.push(format!("// The result: a `{}`.", output.rust_name));
                out.push(format!(
                    "# let response: {0} = runtime::json::from_slice_lenient::<{0}>(b\"{{}}\").unwrap().0;",
                    output.rust_name
                ));
                for m in &out_st.members {
                    let binding = unraw(&m.rust_name);
                    let binding = if is_keyword(binding) { format!("{binding}_") } else { binding.to_string() };
                    let ty = match m.presence {
                        Presence::Optional => format!("Option<{}>", type_label(&m.ty)),
                        _ => type_label(&m.ty),
                    };
                    out.push(format!("let {binding} = &response.{}; // {ty}", m.rust_name));
                }
            }
    out.push("```".into());
    out
}

struct Cx<'s> {
    service: &'s Service,
}

impl Cx<'_> {
    /// `Name::new(required…)` and, at the top level, `.with_x(…)` for each optional member.
    fn structure(&self, rust_name: &str, st: &Structure, depth: usize, stack: &mut BTreeSet<ShapeId>) -> Val {
        let mut valid = true;
        let required: Vec<&Member> = st.members.iter().filter(|m| m.presence == Presence::Required).collect();
        let mut lines = Vec::new();
        if required.is_empty() {
            lines.push(format!("{rust_name}::new()"));
        } else {
            lines.push(format!("{rust_name}::new("));
            for m in &required {
                let v = self.value(&m.ty, true, depth + 1, stack);
                valid &= v.valid;
                place(&mut lines, "    ", "", v, ",", &comment(&m.ty));
            }
            lines.push(")".into());
        }
        // Nested structures show the members the service requires; the top level shows all.
        {
            for m in st.members.iter().filter(|m| m.presence != Presence::Required && (depth == 0 || m.must_be_set())) {
                if let TyKind::Named(r) = &m.ty.kind
                    && stack.contains(&r.id) {
                        continue;
                    }
                let v = self.value(&m.ty, true, depth + 1, stack);
                valid &= v.valid;
                let note = if m.idempotency_token { "optional; filled automatically when unset" } else { "optional" };
                let c = comment(&m.ty);
                let c = if c.is_empty() { note.to_string() } else { format!("{note}; {c}") };
                place(&mut lines, "", &format!(".with_{}(", unraw(&m.rust_name)), v, ")", &c);
            }
        }
        Val { lines, valid }
    }

    /// A placeholder for a value of `ty`. `into` says the position takes
    /// `impl Into<…>` (so a string literal will do).
    fn value(&self, ty: &Ty, into: bool, depth: usize, stack: &mut BTreeSet<ShapeId>) -> Val {
        let c = &ty.constraints;
        match &ty.kind {
            TyKind::String => {
                let (s, valid) = placeholder_string(ty);
                let lit = format!("{s:?}");
                Val { lines: vec![if into { lit } else { format!("{lit}.to_string()") }], valid }
            }
            TyKind::Boolean => Val::one("true"),
            TyKind::Byte | TyKind::Short | TyKind::Integer | TyKind::Long => {
                let mut x: i128 = 1;
                if let Some(r) = &c.range {
                    if let Some(lo) = r.min.as_deref().and_then(|m| m.parse::<f64>().ok()) {
                        x = x.max(lo.ceil() as i128);
                    }
                    if let Some(hi) = r.max.as_deref().and_then(|m| m.parse::<f64>().ok()) {
                        x = x.min(hi.floor() as i128);
                    }
                }
                Val::one(x.to_string())
            }
            TyKind::Float | TyKind::Double => {
                let mut x: f64 = 1.0;
                if let Some(r) = &c.range {
                    if let Some(lo) = r.min.as_deref().and_then(|m| m.parse::<f64>().ok()) {
                        x = x.max(lo);
                    }
                    if let Some(hi) = r.max.as_deref().and_then(|m| m.parse::<f64>().ok()) {
                        x = x.min(hi);
                    }
                }
                Val::one(format!("{x:?}"))
            }
            TyKind::Timestamp => Val::one("runtime::DateTime::from_secs(3600)"),
            TyKind::Blob => Val::one(format!("b\"My{}\".to_vec()", ty.shape.name())),
            TyKind::Document => Val::one(format!("runtime::Document::from(\"My{}\")", ty.shape.name())),
            TyKind::BigInteger => Val::one("runtime::BigInteger::new(\"1\")"),
            TyKind::BigDecimal => Val::one("runtime::BigDecimal::new(\"1.5\")"),
            TyKind::Unit => Val::one("()"),
            TyKind::List(item) => {
                let n = c.length.as_ref().and_then(|l| l.min.as_deref()).and_then(|m| m.parse::<usize>().ok()).unwrap_or(1).max(1);
                let v = self.value(item, false, depth, stack);
                let v = if ty.sparse { some(v) } else { v };
                let mut valid = v.valid && !(c.unique_items && n > 1);
                if c.length.as_ref().and_then(|l| l.max.as_deref()).is_some_and(|m| m == "0") {
                    valid = false;
                }
                let mut lines = vec!["vec![".to_string()];
                for _ in 0..n {
                    place(&mut lines, "    ", "", Val { lines: v.lines.clone(), valid: true }, ",", "");
                }
                lines.push("]".into());
                collapse(lines, valid)
            }
            TyKind::Map(k, v) => {
                let key = self.value(k, false, depth, stack);
                let value = self.value(v, false, depth, stack);
                let value = if ty.sparse { some(value) } else { value };
                let min = c.length.as_ref().and_then(|l| l.min.as_deref()).and_then(|m| m.parse::<usize>().ok()).unwrap_or(1);
                let valid = key.valid && value.valid && min <= 1;
                let mut lines = vec!["std::collections::BTreeMap::from([".to_string()];
                place(&mut lines, "    ", &format!("({}, ", key.lines.join(" ")), value, "),", "");
                lines.push("])".into());
                collapse(lines, valid)
            }
            TyKind::Named(r) => {
                // Lowering collects every shape a member refers to, so the lookup cannot fail.
                let shape = self.service.shapes.get(&r.id).expect("lowering collects every referenced shape");
                match &shape.kind {
                    ShapeKind::Enum(e) => match e.variants.iter().find(|v| !v.internal) {
                        Some(v) => Val::one(format!("{}::{}", shape.rust_name, v.rust_name)),
                        None => Val { lines: vec![format!("{}::from(\"\")", shape.rust_name)], valid: false },
                    },
                    ShapeKind::IntEnum(e) => match e.variants.first() {
                        Some(v) => Val::one(format!("{}::{}", shape.rust_name, v.rust_name)),
                        None => Val { lines: vec![format!("{}::from(0)", shape.rust_name)], valid: false },
                    },
                    ShapeKind::Structure(st) => {
                        if !stack.insert(r.id.clone()) {
                            return Val { lines: vec![format!("{}::new()", shape.rust_name)], valid: false };
                        }
                        let v = self.structure(&shape.rust_name, st, depth, stack);
                        stack.remove(&r.id);
                        v
                    }
                    ShapeKind::Union(u) => {
                        let pick = u.variants.iter().find(|m| match &m.ty.kind {
                            TyKind::Named(n) => !stack.contains(&n.id),
                            _ => true,
                        });
                        let Some(m) = pick else {
                            let line = format!("{}::{}(runtime::json::UnknownMember {{ name: String::new(), value: Default::default() }})", shape.rust_name, u.unknown_variant);
                            return Val { lines: vec![line], valid: false };
                        };
                        if matches!(m.ty.kind, TyKind::Unit) {
                            return Val::one(format!("{}::{}", shape.rust_name, m.rust_name));
                        }
                        stack.insert(r.id.clone());
                        let v = self.value(&m.ty, false, depth, stack);
                        stack.remove(&r.id);
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
    let n = v.lines.len();
    for (i, l) in v.lines.into_iter().enumerate() {
        let mut line = if i == 0 { format!("{indent}{prefix}{l}") } else { format!("{indent}{l}") };
        if i + 1 == n {
            append_code(&mut line, suffix);
        }
        if i == 0 && !comment.is_empty() {
            line.push_str(" // ");
            line.push_str(comment);
        }
        lines.push(line);
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
        Val { lines: vec![joined], valid }
    } else {
        Val { lines, valid }
    }
}

/// The constraint comment for a value: `length 1..=100`, `values: A, B`, `range 1..=5`.
fn comment(ty: &Ty) -> String {
    let c = &ty.constraints;
    let mut parts = Vec::new();
    let bounds = range_notation;
    if let Some(l) = &c.length {
        let what = match ty.kind {
            TyKind::List(_) | TyKind::Map(..) => "items",
            _ => "length",
        };
        parts.push(format!("{what} {}", bounds(l)));
    }
    if let Some(r) = &c.range {
        parts.push(format!("range {}", bounds(r)));
    }
    if let Some(p) = &c.pattern
        && p.check.is_ok() {
            parts.push("pattern".into());
        }
    parts.join(", ")
}

/// A string for `ty`: `My<Shape>` when it satisfies the constraints, else a
/// sample of the pattern's language, cut or padded to the length bounds.
/// Returns the string and whether it satisfies every constraint.
fn placeholder_string(ty: &Ty) -> (String, bool) {
    let c = &ty.constraints;
    let (min, max) = match &c.length {
        Some(l) => (
            l.min.as_deref().and_then(|m| m.parse::<usize>().ok()).unwrap_or(0),
            l.max.as_deref().and_then(|m| m.parse::<usize>().ok()).unwrap_or(usize::MAX),
        ),
        None => (0, usize::MAX),
    };
    let fits_len = |s: &str| (min..=max).contains(&s.chars().count());
    let pattern = c.pattern.as_ref().and_then(|p| p.check.as_ref().ok());
    let fits = |s: &str| fits_len(s) && pattern.is_none_or(|t| crate::pattern::is_match(t, s));
    let base = format!("My{}", ty.shape.name());
    let sized = fit_length(&base, min, max);
    if fits(&sized) {
        return (sized, true);
    }
    if let Some(t) = pattern {
        for at_least_one in [true, false] {
            if let Some(sample) = sample_regex(&t.regex, at_least_one) {
                if fits(&sample) {
                    return (sample, true);
                }
                let resized = fit_length(&sample, min, max);
                if fits(&resized) {
                    return (resized, true);
                }
            }
        }
    }
    (sized, false)
}

fn fit_length(s: &str, min: usize, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    while out.chars().count() < min {
        out.push('x');
    }
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
                    ranges.iter().find_map(|r| (r.start()..=r.end()).find(|c| !c.is_control() && !c.is_whitespace()))
                })
                .or_else(|| ranges.first().map(|r| r.start()))?;
            out.push(pick);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let b = class.ranges().first()?.start();
            out.push(char::from(b));
        }
        HirKind::Repetition(rep) => {
            let n = if at_least_one && rep.min == 0 && rep.max.is_none_or(|m| m >= 1) { 1 } else { rep.min };
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
        for p in [r"^[a-f0-9]{8}-[a-f0-9]{4}$", r"^d-[0-9a-f]{10}$", r"^[a-z]{2}(-[a-z]+){1,2}(-[0-9])?$", r"^\+[1-9][0-9]{1,14}$"] {
            let t = crate::pattern::translate(p).unwrap();
            let s = sample_regex(&t.regex, true).unwrap();
            assert!(crate::pattern::is_match(&t, &s), "{p}: {s}");
        }
    }

    #[test]
    fn length_fitting() {
        assert_eq!(fit_length("MyName", 0, 3), "MyN");
        assert_eq!(fit_length("My", 4, 10), "Myxx");
    }
}
