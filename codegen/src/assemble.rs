//! Assembling a model from files: Smithy IDL (`.smithy`) and JSON AST
//! files in any mix, and folders of them, merged into one JSON AST.
//!
//! 1. read every file (IDL through [`crate::idl`]);
//! 2. resolve the relative shape IDs of each IDL file: its `use`
//!    statements, then any shape of its namespace in the whole model, then
//!    the prelude (`smithy.api`);
//! 3. merge the shapes (a shape defined twice is an error naming both files);
//! 4. apply the `apply` statements (array traits concatenate; other traits
//!    must agree);
//! 5. flatten mixins (members and traits copied in, the local ones winning)
//!    and fill elided `$member` targets from mixins or the `for` resource;
//! 6. give the shapes of Smithy 1.0 files 2.0's nullability (`upgrade_v1`).
//!
//! The result is a Smithy 2.0 JSON AST (mixins flattened) — what
//! `cargo xtask ast` prints and [`crate::model::from_ast`] reads (put
//! together by [`crate::load`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::ast::{self, AstVersion, Node};
use crate::error::{Error, ErrorKind, Result};
use crate::idl::{self, UNRESOLVED};

/// A merged model: its JSON AST and which file defines each shape.
#[derive(Debug)]
pub struct Assembled {
    /// `{"smithy": "2.0", "metadata": {…}, "shapes": {…}}`, shapes sorted by ID.
    pub ast: Node,
    /// The file that defines each shape.
    pub files: BTreeMap<String, PathBuf>,
    /// The first file read (for errors about the whole model).
    pub first: PathBuf,
}

/// Shapes of the prelude that models refer to without defining them.
const PRELUDE: &[&str] = &[
    "String",
    "Blob",
    "BigInteger",
    "BigDecimal",
    "Timestamp",
    "Document",
    "Boolean",
    "Byte",
    "Short",
    "Integer",
    "Long",
    "Float",
    "Double",
    "PrimitiveBoolean",
    "PrimitiveByte",
    "PrimitiveShort",
    "PrimitiveInteger",
    "PrimitiveLong",
    "PrimitiveFloat",
    "PrimitiveDouble",
    "Unit",
];

/// The model files under `paths` (folders searched recursively for
/// `.smithy` and `.json` files), in a stable order.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                let entries = std::fs::read_dir(&dir)
                    .map_err(|e| Error::file(&dir, ErrorKind::Io(e.to_string())))?;
                for entry in entries {
                    let path = entry
                        .map_err(|e| Error::file(&dir, ErrorKind::Io(e.to_string())))?
                        .path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path
                        .extension()
                        .is_some_and(|e| e == "smithy" || e == "json")
                    {
                        found.push(path);
                    }
                }
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// One file, read.
struct Source {
    path: PathBuf,
    /// IDL files: namespace and `use`s, for resolution.
    idl: Option<(String, Vec<String>)>,
    shapes: Vec<(String, Node)>,
    applies: Vec<(String, Node)>,
    metadata: Vec<(String, Node)>,
    /// A Smithy 1.0 file: its shapes get 2.0's nullability ([`upgrade_v1`]).
    version_1: bool,
}

fn read(path: &Path) -> Result<Source> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::file(path, ErrorKind::Io(e.to_string())))?;
    let json = path.extension().is_some_and(|e| e == "json") || text.trim_start().starts_with('{');
    if !json {
        let f = idl::parse(path, &text)?;
        return Ok(Source {
            path: path.to_path_buf(),
            idl: Some((f.namespace, f.uses)),
            shapes: f.shapes,
            applies: f.applies,
            metadata: f.metadata,
            version_1: f.version_1,
        });
    }
    let node =
        Node::from_json_text(&text).map_err(|e| Error::file(path, ErrorKind::Malformed(e)))?;
    let version_1 = ast::recognise_node(path, &node)? == AstVersion::V1;
    let shapes = match node.get("shapes") {
        Some(Node::Object(entries)) => entries.clone(),
        _ => Vec::new(),
    };
    let metadata = match node.get("metadata") {
        Some(Node::Object(entries)) => entries.clone(),
        _ => Vec::new(),
    };
    for (id, _) in &shapes {
        if !id.contains('#') || id.contains('$') {
            return Err(Error::shape(
                path,
                id,
                ErrorKind::Malformed("a shape ID must be absolute (`namespace#Name`)".into()),
            ));
        }
    }
    Ok(Source {
        path: path.to_path_buf(),
        idl: None,
        shapes,
        applies: Vec::new(),
        metadata,
        version_1,
    })
}

/// Reads and merges the model in `paths`.
pub fn assemble(paths: &[PathBuf]) -> Result<Assembled> {
    let files = expand(paths)?;
    let first = files.first().cloned().ok_or_else(|| {
        Error::file(
            "(no files)",
            ErrorKind::Invalid("no model files given".into()),
        )
    })?;
    let mut sources = Vec::new();
    for f in &files {
        sources.push(read(f)?);
    }
    // Every defined shape, for resolving relative IDs.
    let mut defined: BTreeSet<String> = PRELUDE.iter().map(|n| format!("smithy.api#{n}")).collect();
    for s in &sources {
        defined.extend(s.shapes.iter().map(|(id, _)| id.clone()));
    }
    let mut shapes: BTreeMap<String, Node> = BTreeMap::new();
    let mut origin: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut applies = Vec::new();
    let mut metadata: Vec<(String, Node)> = Vec::new();
    let mut version_1: BTreeSet<String> = BTreeSet::new();
    for mut s in sources {
        if let Some((ns, uses)) = &s.idl {
            let r = Resolver {
                ns,
                uses,
                defined: &defined,
            };
            for (id, body) in &mut s.shapes {
                r.node(body, &s.path, id)?;
            }
            for (target, traits) in &mut s.applies {
                let t = r.resolve(target, false).ok_or_else(|| {
                    Error::file(
                        &s.path,
                        ErrorKind::UnknownTarget {
                            target: target.clone(),
                        },
                    )
                })?;
                *target = t;
                r.node(traits, &s.path, target)?;
            }
            for (_, v) in &mut s.metadata {
                r.node(v, &s.path, "metadata")?;
            }
        }
        for (id, body) in s.shapes {
            if let Some(other) = origin.get(&id) {
                if shapes.get(&id) != Some(&body) {
                    return Err(Error::shape(
                        &s.path,
                        &id,
                        ErrorKind::Invalid(format!("defined again (also in {})", other.display())),
                    ));
                }
                continue;
            }
            origin.insert(id.clone(), s.path.clone());
            if s.version_1 {
                version_1.insert(id.clone());
            }
            shapes.insert(id, body);
        }
        applies.extend(s.applies.into_iter().map(|a| (s.path.clone(), a)));
        for (k, v) in s.metadata {
            match metadata.iter_mut().find(|(key, _)| *key == k) {
                Some((_, Node::Array(existing))) if matches!(v, Node::Array(_)) => {
                    if let Node::Array(more) = v {
                        existing.extend(more);
                    }
                }
                Some((_, existing)) if *existing == v => {}
                Some(_) => {
                    return Err(Error::file(
                        &s.path,
                        ErrorKind::Invalid(format!("metadata `{k}` conflicts with another file's")),
                    ));
                }
                None => metadata.push((k, v)),
            }
        }
    }
    for (path, (target, traits)) in applies {
        let (shape_id, member) = match target.split_once('$') {
            Some((s, m)) => (s.to_string(), Some(m.to_string())),
            None => (target.clone(), None),
        };
        let shape = shapes.get_mut(&shape_id).ok_or_else(|| {
            Error::file(
                &path,
                ErrorKind::UnknownTarget {
                    target: target.clone(),
                },
            )
        })?;
        let holder = match &member {
            None => shape,
            Some(m) => member_mut(shape, m).ok_or_else(|| {
                Error::file(
                    &path,
                    ErrorKind::UnknownTarget {
                        target: target.clone(),
                    },
                )
            })?,
        };
        merge_traits(holder, traits)
            .map_err(|why| Error::shape(&path, &target, ErrorKind::Invalid(why)))?;
    }
    let ids: Vec<String> = shapes.keys().cloned().collect();
    let mut done = BTreeSet::new();
    for id in &ids {
        flatten(id, &mut shapes, &mut done, 0).map_err(|why| {
            Error::shape(
                origin.get(id).unwrap_or(&first),
                id,
                ErrorKind::Invalid(why),
            )
        })?;
    }
    upgrade_v1(&mut shapes, &version_1);
    let mut ast = Node::Object(vec![("smithy".into(), Node::String("2.0".into()))]);
    if !metadata.is_empty() {
        ast.set("metadata", Node::Object(metadata));
    }
    ast.set("shapes", Node::Object(shapes.into_iter().collect()));
    Ok(Assembled {
        ast,
        files: origin,
        first,
    })
}

/// The shape types that had a zero value in Smithy 1.0.
const HAD_ZERO_VALUE_IN_1_0: &[&str] = &[
    "boolean", "byte", "short", "integer", "long", "float", "double",
];

/// Gives the structures of Smithy 1.0 files 2.0's meaning, as Smithy's own
/// loader does: a member that targets a boolean or a number that was not
/// boxed (no `@box` on the member or its target, and not one of the
/// prelude's boxed shapes: `Integer`, …; not a 2.0 file's shape without a
/// default) had a zero value in 1.0, so it gets
/// `@default(0)` (`false` for booleans); so does an optional `@httpPayload`
/// member targeting a `@streaming` blob (`""`). A boxed member stays
/// nullable. `@box` traits are dropped (2.0 has no such trait).
fn upgrade_v1(shapes: &mut BTreeMap<String, Node>, version_1: &BTreeSet<String>) {
    // What each member needs, decided before any shape is changed.
    let mut defaults: Vec<(String, String, Node)> = Vec::new();
    for id in version_1 {
        let Some(shape) = shapes.get(id) else {
            continue;
        };
        if shape.get("type").and_then(Node::as_str) != Some("structure") {
            continue;
        }
        let Some(Node::Object(members)) = shape.get("members") else {
            continue;
        };
        for (name, member) in members {
            let has = |n: &Node, t: &str| n.get("traits").and_then(|ts| ts.get(t)).is_some();
            if has(member, "smithy.api#default") || has(member, "smithy.api#box") {
                continue;
            }
            let Some(target) = member.get("target").and_then(Node::as_str) else {
                continue;
            };
            let (ty, target_boxed, streaming) = match shapes.get(target) {
                // A 2.0 file's number without a default is nullable, as if boxed.
                Some(t) => {
                    let boxed = has(t, "smithy.api#box")
                        || (!version_1.contains(target) && !has(t, "smithy.api#default"));
                    (
                        t.get("type")
                            .and_then(Node::as_str)
                            .unwrap_or_default()
                            .to_string(),
                        boxed,
                        has(t, "smithy.api#streaming"),
                    )
                }
                // The prelude: its `Primitive…` shapes were not boxed; `Integer`
                // and the other simple shapes were.
                None => match target.strip_prefix("smithy.api#Primitive") {
                    Some(ty) => (ty.to_lowercase(), false, false),
                    None => continue,
                },
            };
            if target_boxed {
                continue;
            }
            let zero = match ty.as_str() {
                "boolean" => Node::Bool(false),
                t if HAD_ZERO_VALUE_IN_1_0.contains(&t) => Node::Number("0".into()),
                "blob"
                    if streaming
                        && has(member, "smithy.api#httpPayload")
                        && !has(member, "smithy.api#required") =>
                {
                    Node::String(String::new())
                }
                _ => continue,
            };
            defaults.push((id.clone(), name.clone(), zero));
        }
    }
    for (id, member, zero) in defaults {
        if let Some(m) = shapes.get_mut(&id).and_then(|s| member_mut(s, &member)) {
            let _ = merge_traits(m, Node::Object(vec![("smithy.api#default".into(), zero)]));
        }
    }
    for id in version_1 {
        let Some(shape) = shapes.get_mut(id) else {
            continue;
        };
        drop_trait(shape, "smithy.api#box");
        if let Some(Node::Object(members)) = get_mut(shape, "members") {
            for (_, m) in members {
                drop_trait(m, "smithy.api#box");
            }
        }
    }
}

/// Removes trait `name` from a shape or member.
fn drop_trait(holder: &mut Node, name: &str) {
    if let Some(Node::Object(traits)) = get_mut(holder, "traits") {
        traits.retain(|(k, _)| k != name);
    }
}

/// Resolution of relative shape IDs in one IDL file.
struct Resolver<'a> {
    ns: &'a str,
    uses: &'a [String],
    defined: &'a BTreeSet<String>,
}

impl Resolver<'_> {
    /// `Foo` → `a.b#Foo` by `use`, namespace, prelude; `trait_name` falls
    /// back to `smithy.api` (the prelude's traits need not be loaded).
    fn resolve(&self, text: &str, trait_name: bool) -> Option<String> {
        if text.contains('#') {
            return Some(text.to_string());
        }
        let (base, member) = match text.split_once('$') {
            Some((b, m)) => (b, Some(m)),
            None => (text, None),
        };
        let with_member = |id: String| match member {
            Some(m) => format!("{id}${m}"),
            None => id,
        };
        if let Some(u) = self
            .uses
            .iter()
            .find(|u| u.rsplit_once('#').is_some_and(|(_, n)| n == base))
        {
            return Some(with_member(u.clone()));
        }
        let local = format!("{}#{base}", self.ns);
        if self.defined.contains(&local) {
            return Some(with_member(local));
        }
        let prelude = format!("smithy.api#{base}");
        if trait_name || self.defined.contains(&prelude) {
            return Some(with_member(prelude));
        }
        None
    }

    /// Resolves every reference in a shape body (targets, trait names, shape
    /// IDs in trait values).
    fn node(&self, n: &mut Node, file: &Path, at: &str) -> Result<()> {
        match n {
            Node::Ref(text) => {
                // Unquoted shape IDs in node values: resolved where they can be.
                *n = Node::String(self.resolve(text, false).unwrap_or_else(|| text.clone()));
            }
            Node::Array(items) => {
                for item in items {
                    self.node(item, file, at)?;
                }
            }
            Node::Object(entries) => {
                for (k, v) in entries.iter_mut() {
                    if let Some(name) = k.strip_prefix(UNRESOLVED)
                        && let Some(resolved) = self.resolve(name, true)
                    {
                        *k = resolved;
                    }
                    // Member and operation targets must resolve.
                    if (k == "target" || k == "\u{0}for")
                        && let Node::Ref(text) = v
                    {
                        let t = self.resolve(text, false).ok_or_else(|| {
                            Error::shape(
                                file,
                                at,
                                ErrorKind::UnknownTarget {
                                    target: text.clone(),
                                },
                            )
                        })?;
                        *v = Node::String(t);
                    }
                    self.node(v, file, at)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn member_mut<'a>(shape: &'a mut Node, name: &str) -> Option<&'a mut Node> {
    if shape.get("members").is_some() {
        return match get_mut(shape, "members") {
            Some(Node::Object(members)) => {
                members.iter_mut().find(|(k, _)| k == name).map(|(_, v)| v)
            }
            _ => None,
        };
    }
    if matches!(name, "member" | "key" | "value") {
        return get_mut(shape, name);
    }
    None
}

fn get_mut<'a>(n: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    match n {
        Node::Object(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Adds `traits` (an object) to `holder`'s traits: arrays concatenate; any
/// other trait must have the same value.
fn merge_traits(holder: &mut Node, traits: Node) -> std::result::Result<(), String> {
    let Node::Object(new) = traits else {
        return Ok(());
    };
    if holder.get("traits").is_none() {
        holder.set("traits", Node::Object(Vec::new()));
    }
    let Some(Node::Object(existing)) = get_mut(holder, "traits") else {
        return Ok(());
    };
    for (k, v) in new {
        match existing.iter_mut().find(|(key, _)| *key == k) {
            None => existing.push((k, v)),
            Some((_, Node::Array(items))) if matches!(v, Node::Array(_)) => {
                if let Node::Array(more) = v {
                    items.extend(more);
                }
            }
            Some((_, old)) if *old == v => {}
            Some(_) => {
                return Err(format!(
                    "trait `{k}` is applied twice with different values"
                ));
            }
        }
    }
    Ok(())
}

/// Copies mixins' members and traits into a shape (mixins first, local
/// members and traits winning) and fills elided member targets.
fn flatten(
    id: &str,
    shapes: &mut BTreeMap<String, Node>,
    done: &mut BTreeSet<String>,
    depth: usize,
) -> std::result::Result<(), String> {
    if done.contains(id) {
        return Ok(());
    }
    if depth > 64 {
        return Err("mixins form a cycle".into());
    }
    let Some(shape) = shapes.get(id).cloned() else {
        return Ok(());
    };
    let mixins: Vec<String> = match shape.get("mixins") {
        Some(Node::Array(items)) => items
            .iter()
            .filter_map(|m| m.get("target").and_then(Node::as_str).map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    for m in &mixins {
        if !shapes.contains_key(m) {
            return Err(format!("mixin `{m}` is not defined"));
        }
        flatten(m, shapes, done, depth + 1)?;
    }
    let mut shape = shape;
    if !mixins.is_empty() {
        let mut members: Vec<(String, Node)> = Vec::new();
        let mut traits: Vec<(String, Node)> = Vec::new();
        for m in &mixins {
            let mixin = &shapes[m];
            if let Some(Node::Object(ms)) = mixin.get("members") {
                for (name, member) in ms {
                    members.retain(|(n, _)| n != name);
                    members.push((name.clone(), member.clone()));
                }
            }
            if let Some(Node::Object(ts)) = mixin.get("traits") {
                for (k, v) in ts {
                    // `@mixin` and the local-only traits of a mixin stay with it.
                    if k == "smithy.api#mixin" || k == "smithy.api#documentation" {
                        continue;
                    }
                    traits.retain(|(key, _)| key != k);
                    traits.push((k.clone(), v.clone()));
                }
            }
            for single in ["member", "key", "value"] {
                if shape.get(single).is_none()
                    && let Some(v) = mixin.get(single)
                {
                    shape.set(single, v.clone());
                }
            }
        }
        if let Some(Node::Object(local)) = shape.get("members").cloned() {
            for (name, member) in local {
                match members.iter_mut().find(|(n, _)| *n == name) {
                    // A redeclared mixin member adds traits to the inherited one.
                    Some((_, inherited)) => {
                        if let Some(t) = member.get("traits").cloned() {
                            merge_traits(inherited, t)
                                .map_err(|why| format!("member `{name}`: {why}"))?;
                        }
                        if let Some(target) = member.get("target") {
                            inherited.set("target", target.clone());
                        }
                    }
                    None => members.push((name, member)),
                }
            }
        }
        if shape.get("members").is_some() || !members.is_empty() {
            shape.set("members", Node::Object(members));
        }
        if let Some(Node::Object(local)) = shape.get("traits").cloned() {
            for (k, v) in local {
                traits.retain(|(key, _)| *key != k);
                traits.push((k, v));
            }
        }
        if !traits.is_empty() {
            shape.set("traits", Node::Object(traits));
        }
        if let Node::Object(entries) = &mut shape {
            entries.retain(|(k, _)| k != "mixins");
        }
    }
    // Elided members: the target comes from the `for` resource.
    let resource = shape
        .get("\u{0}for")
        .and_then(Node::as_str)
        .map(str::to_string);
    if let Some(Node::Object(members)) = get_mut(&mut shape, "members") {
        for (name, member) in members.iter_mut() {
            if member.get("\u{0}elided").is_none() {
                continue;
            }
            let from_resource = resource.as_ref().and_then(|r| shapes.get(r)).and_then(|r| {
                ["identifiers", "properties"].iter().find_map(|k| {
                    r.get(k)
                        .and_then(|ids| ids.get(name))
                        .and_then(|t| t.get("target"))
                        .cloned()
                })
            });
            let target = match (member.get("target"), from_resource) {
                (Some(t), _) => t.clone(),
                (None, Some(t)) => t,
                (None, None) => {
                    return Err(format!(
                        "member `${name}` is elided, but no mixin or `for` resource declares `{name}`"
                    ));
                }
            };
            member.set("target", target);
            if let Node::Object(entries) = member {
                entries.retain(|(k, _)| k != "\u{0}elided");
            }
        }
    }
    if let Node::Object(entries) = &mut shape {
        entries.retain(|(k, _)| k != "\u{0}for");
    }
    // Any member left elided (a mixin gave no target) is an error.
    if let Some(Node::Object(members)) = shape.get("members")
        && let Some((name, _)) = members
            .iter()
            .find(|(_, m)| m.get("\u{0}elided").is_some() || m.get("target").is_none())
    {
        return Err(format!("member `{name}` has no target"));
    }
    shapes.insert(id.to_string(), shape);
    done.insert(id.to_string());
    Ok(())
}

impl Assembled {
    /// The JSON AST as text (four-space indentation, keys in order).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.ast.write_json(&mut out, 0);
        out.push('\n');
        out
    }
}
