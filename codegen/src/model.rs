//! A Smithy 2.0 JSON AST as an owned [`Model`]: shapes by ID, members in
//! model order, traits kept raw (by trait shape ID) for the IR to interpret.
//! Nothing here knows about Rust, nor reads files: [`crate::load`] does, and
//! hands this module either a JSON AST file's text ([`load_str`]) or an
//! assembled model in memory ([`from_ast`]).
//!
//! A model is read in two steps so that errors can name the shape at fault:
//! first the top level with every shape kept raw (JSON text or a
//! [`Node`]), then each shape on its own.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::ast::{AstVersion, Node, recognise_format, recognise_node};
use crate::error::{Error, ErrorKind, Result};

/// An absolute shape ID such as `com.amazonaws.connect#StartChatContact`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct ShapeId(String);

impl ShapeId {
    /// Wraps an absolute shape ID.
    pub fn new(id: impl Into<String>) -> Self {
        ShapeId(id.into())
    }

    /// The whole ID.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The shape name: what follows `#` (and precedes `$`, for a member ID).
    pub fn name(&self) -> &str {
        let after = self.0.split_once('#').map_or(self.0.as_str(), |(_, n)| n);
        after.split_once('$').map_or(after, |(n, _)| n)
    }

    /// The namespace: what precedes `#`.
    pub fn namespace(&self) -> &str {
        self.0.split_once('#').map_or("", |(ns, _)| ns)
    }

    /// The ID of member `member` of this shape.
    pub fn member(&self, member: &str) -> String {
        format!("{}${member}", self.0)
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The type of a shape, as the JSON AST's `type` property spells it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub enum ShapeType {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    Set,
    Map,
    Structure,
    Union,
    Operation,
    Service,
    Resource,
    Apply,
}

/// Traits applied to a shape or member: raw JSON values by trait shape ID.
pub type Traits = BTreeMap<String, Value>;

/// A member of an aggregate shape (list `member`, map `key`/`value`, or a
/// structure, union or enum member).
#[derive(Clone, Debug)]
pub struct Member {
    /// The member name as written in the model.
    pub name: String,
    /// The shape it targets.
    pub target: ShapeId,
    /// The member's own traits.
    pub traits: Traits,
}

/// One shape of the model.
#[derive(Clone, Debug)]
pub struct Shape {
    /// Its absolute ID.
    pub id: ShapeId,
    /// Its type.
    pub ty: ShapeType,
    /// Its traits.
    pub traits: Traits,
    /// Members in model order (list: `member`; map: `key`, `value`).
    pub members: Vec<Member>,
    /// Operation input, when this is an operation.
    pub input: Option<ShapeId>,
    /// Operation output, when this is an operation.
    pub output: Option<ShapeId>,
    /// Operation or service errors.
    pub errors: Vec<ShapeId>,
    /// Operations bound to a service or resource (for a resource, its
    /// lifecycle and collection operations too).
    pub operations: Vec<ShapeId>,
    /// Resources bound to a service or resource.
    pub resources: Vec<ShapeId>,
    /// A service's `rename` of shape names (shape ID → new name).
    pub rename: BTreeMap<String, String>,
    /// Service version.
    pub version: Option<String>,
}

/// A loaded model.
#[derive(Clone, Debug)]
pub struct Model {
    /// The file it was read from, the first one of several (for error messages).
    pub file: PathBuf,
    /// For a model read from several files: the file that defines each shape.
    pub files: BTreeMap<String, PathBuf>,
    /// Every shape, by ID, including the prelude shapes the model refers to.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Model {
    /// Builds an error about `shape` in the file that defines it.
    pub fn error(&self, shape: impl Into<String>, kind: ErrorKind) -> Error {
        let shape = shape.into();
        Error::shape(self.file_of(&shape), shape, kind)
    }

    /// The file that defines a shape (or a member's shape).
    pub fn file_of(&self, shape: &str) -> &Path {
        let base = shape.split_once('$').map_or(shape, |(b, _)| b);
        self.files.get(base).unwrap_or(&self.file)
    }

    /// Looks up a shape, or reports `from` as referring to an unknown one.
    pub fn get(&self, id: &ShapeId, from: &str) -> Result<&Shape> {
        self.shapes.get(id).ok_or_else(|| {
            self.error(
                from,
                ErrorKind::UnknownTarget {
                    target: id.to_string(),
                },
            )
        })
    }
}

/// Parses a Smithy 2.x JSON AST model from text (a 1.0 model is read with
/// [`crate::load::load_files`]); `file` is only used in error messages.
pub fn load_str(file: &Path, text: &str) -> Result<Model> {
    load_v2_str(file, text)?.ok_or_else(|| {
        Error::file(
            file,
            ErrorKind::Unsupported(
                "a Smithy 1.0 model given as text; load it from its file, which upgrades it to 2.0"
                    .into(),
            ),
        )
    })
}

/// Parses a JSON AST model from text; `None` for a Smithy 1.0 one (which
/// [`crate::assemble`] upgrades).
pub(crate) fn load_v2_str(file: &Path, text: &str) -> Result<Option<Model>> {
    let top: Value = serde_json::from_str(text)
        .map_err(|e| Error::file(file, ErrorKind::Malformed(e.to_string())))?;
    if recognise_format(file, &top)? == AstVersion::V1 {
        return Ok(None);
    }
    let raw: RawModel<'_> = serde_json::from_str(text)
        .map_err(|e| Error::file(file, ErrorKind::Malformed(e.to_string())))?;
    let mut shapes = BTreeMap::new();
    for (id, body) in raw.shapes.0 {
        let shape_id = absolute_id(file, id)?;
        let raw = serde_json::from_str(body.get());
        let shape = load_shape(file, &shape_id, raw)?;
        shapes.insert(shape_id, shape);
    }
    Ok(Some(Model::with_prelude(file, shapes)))
}

/// Builds the model of a Smithy 2.x JSON AST already in memory, such as an
/// assembled one ([`crate::assemble::Assembled::ast`], mixins flattened),
/// without printing and parsing it again; `file` is only used in error
/// messages, and [`Model::files`] is left empty for the caller to fill.
pub fn from_ast(file: &Path, ast: &Node) -> Result<Model> {
    if recognise_node(file, ast)? == AstVersion::V1 {
        return Err(Error::file(
            file,
            ErrorKind::Unsupported(
                "a Smithy 1.0 model given as a JSON AST value; assemble it, which upgrades it to 2.0"
                    .into(),
            ),
        ));
    }
    let entries = match ast.get("shapes") {
        Some(Node::Object(entries)) => entries.as_slice(),
        None => &[],
        Some(_) => {
            return Err(Error::file(
                file,
                ErrorKind::Malformed("`shapes` must be an object".into()),
            ));
        }
    };
    let mut shapes = BTreeMap::new();
    for (id, body) in entries {
        let shape_id = absolute_id(file, id.clone())?;
        if shapes.contains_key(&shape_id) {
            return Err(Error::file(
                file,
                ErrorKind::Malformed(format!("key `{id}` appears twice")),
            ));
        }
        let raw = RawShape::deserialize(body.deserializer());
        let shape = load_shape(file, &shape_id, raw)?;
        shapes.insert(shape_id, shape);
    }
    Ok(Model::with_prelude(file, shapes))
}

/// Checks that a top-level shape ID is absolute.
fn absolute_id(file: &Path, id: String) -> Result<ShapeId> {
    if !id.contains('#') || id.contains('$') {
        return Err(Error::shape(
            file,
            id,
            ErrorKind::Malformed("a shape ID must be absolute (`namespace#Name`)".into()),
        ));
    }
    Ok(ShapeId::new(id))
}

impl Model {
    /// The model of `shapes` read from `file`, with the prelude shapes added.
    fn with_prelude(file: &Path, shapes: BTreeMap<ShapeId, Shape>) -> Model {
        let mut model = Model {
            file: file.to_path_buf(),
            files: BTreeMap::new(),
            shapes,
        };
        add_prelude(&mut model);
        model
    }
}

#[derive(Deserialize)]
struct RawModel<'a> {
    #[serde(borrow, default)]
    shapes: Ordered<&'a RawValue>,
}

/// A JSON object read as a list of entries in document order (serde_json's
/// own map would sort them, and member order is significant in Smithy).
struct Ordered<T>(Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, T>()? {
                    if out.iter().any(|(seen, _): &(String, T)| *seen == k) {
                        return Err(de::Error::custom(format!("key `{k}` appears twice")));
                    }
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    target: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMember {
    target: String,
    #[serde(default)]
    traits: Traits,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawShape {
    #[serde(rename = "type")]
    ty: ShapeType,
    #[serde(default)]
    traits: Traits,
    #[serde(default)]
    members: Option<Ordered<RawMember>>,
    member: Option<RawMember>,
    key: Option<RawMember>,
    value: Option<RawMember>,
    input: Option<RawTarget>,
    output: Option<RawTarget>,
    #[serde(default)]
    errors: Vec<RawTarget>,
    #[serde(default)]
    operations: Vec<RawTarget>,
    #[serde(default)]
    resources: Vec<RawTarget>,
    version: Option<String>,
    #[serde(default)]
    mixins: Vec<RawTarget>,
    // Resource lifecycle operations: bound like `operations`.
    create: Option<RawTarget>,
    put: Option<RawTarget>,
    read: Option<RawTarget>,
    update: Option<RawTarget>,
    delete: Option<RawTarget>,
    list: Option<RawTarget>,
    #[serde(default, rename = "collectionOperations")]
    collection_operations: Vec<RawTarget>,
    #[serde(default)]
    rename: BTreeMap<String, String>,
}

/// One shape, from its body as read (or the error reading it).
fn load_shape(
    file: &Path,
    id: &ShapeId,
    raw: std::result::Result<RawShape, serde_json::Error>,
) -> Result<Shape> {
    let err = |kind| Error::shape(file, id.as_str(), kind);
    let raw = raw.map_err(|e| err(ErrorKind::Malformed(e.to_string())))?;
    if !raw.mixins.is_empty() {
        return Err(err(ErrorKind::Unsupported(
            "mixins left unflattened".into(),
        )));
    }
    if raw.ty == ShapeType::Apply {
        return Err(err(ErrorKind::Unsupported(
            "`apply` statements in a JSON AST".into(),
        )));
    }
    // The Smithy 1.0 `@enum` trait on a string: read as the enum shape it means.
    if raw.ty == ShapeType::String && raw.traits.contains_key("smithy.api#enum") {
        let mut traits = raw.traits.clone();
        let entries = traits.remove("smithy.api#enum").unwrap_or_default();
        let members = enum_trait_members(&entries).map_err(|why| {
            err(ErrorKind::InvalidTrait {
                trait_id: "smithy.api#enum".into(),
                reason: why,
            })
        })?;
        return Ok(Shape {
            members,
            ..simple_shape(id.clone(), ShapeType::Enum, traits)
        });
    }
    let member = |name: &str, m: RawMember| Member {
        name: name.to_string(),
        target: ShapeId::new(m.target),
        traits: m.traits,
    };
    let mut members = Vec::new();
    match raw.ty {
        ShapeType::List | ShapeType::Set => {
            let m = raw
                .member
                .ok_or_else(|| err(ErrorKind::Malformed("a list needs a `member`".into())))?;
            members.push(member("member", m));
        }
        ShapeType::Map => {
            let k = raw
                .key
                .ok_or_else(|| err(ErrorKind::Malformed("a map needs a `key`".into())))?;
            let v = raw
                .value
                .ok_or_else(|| err(ErrorKind::Malformed("a map needs a `value`".into())))?;
            members.push(member("key", k));
            members.push(member("value", v));
        }
        _ => {
            for (name, m) in raw.members.unwrap_or_default().0 {
                members.push(member(&name, m));
            }
        }
    }
    let target = |t: RawTarget| ShapeId::new(t.target);
    // A resource's lifecycle and collection operations are bound to it like
    // its instance `operations`: the service reaches them all the same way.
    let lifecycle = [
        raw.create, raw.put, raw.read, raw.update, raw.delete, raw.list,
    ]
    .into_iter()
    .flatten();
    let operations = lifecycle
        .chain(raw.operations)
        .chain(raw.collection_operations)
        .map(target)
        .collect();
    Ok(Shape {
        id: id.clone(),
        ty: raw.ty,
        traits: raw.traits,
        members,
        input: raw.input.map(target),
        output: raw.output.map(target),
        errors: raw.errors.into_iter().map(target).collect(),
        operations,
        resources: raw.resources.into_iter().map(target).collect(),
        rename: raw.rename,
        version: raw.version,
    })
}

/// The members of an enum shape for a 1.0 `@enum` trait's entries
/// (`{value, name?, documentation?, deprecated?, tags?}`): named by `name`,
/// else by the value made an identifier; `internal` tags mark `@internal`.
fn enum_trait_members(entries: &Value) -> std::result::Result<Vec<Member>, String> {
    let list = entries
        .as_array()
        .ok_or("must be a list of enum definitions")?;
    let mut out = Vec::new();
    for e in list {
        let value = e
            .get("value")
            .and_then(Value::as_str)
            .ok_or("every entry needs a string `value`")?;
        let name = match e.get("name").and_then(Value::as_str) {
            Some(n) => n.to_string(),
            None => {
                let n: String = value
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_uppercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                if n.starts_with(|c: char| c.is_ascii_digit()) || n.is_empty() {
                    format!("V_{n}")
                } else {
                    n
                }
            }
        };
        let mut traits = Traits::new();
        traits.insert(
            "smithy.api#enumValue".into(),
            Value::String(value.to_string()),
        );
        if let Some(d) = e.get("documentation") {
            traits.insert("smithy.api#documentation".into(), d.clone());
        }
        if e.get("deprecated").and_then(Value::as_bool) == Some(true) {
            traits.insert(
                "smithy.api#deprecated".into(),
                Value::Object(Default::default()),
            );
        }
        if e.get("tags")
            .and_then(Value::as_array)
            .is_some_and(|t| t.iter().any(|x| x == "internal"))
        {
            traits.insert(
                "smithy.api#internal".into(),
                Value::Object(Default::default()),
            );
        }
        out.push(Member {
            name,
            target: ShapeId::new("smithy.api#Unit"),
            traits,
        });
    }
    Ok(out)
}

/// The prelude shapes (`smithy.api#String`, …) that models refer to without
/// defining them.
fn add_prelude(model: &mut Model) {
    use ShapeType as T;
    let simple = [
        ("String", T::String, None),
        ("Blob", T::Blob, None),
        ("BigInteger", T::BigInteger, None),
        ("BigDecimal", T::BigDecimal, None),
        ("Timestamp", T::Timestamp, None),
        ("Document", T::Document, None),
        ("Boolean", T::Boolean, None),
        ("Byte", T::Byte, None),
        ("Short", T::Short, None),
        ("Integer", T::Integer, None),
        ("Long", T::Long, None),
        ("Float", T::Float, None),
        ("Double", T::Double, None),
        ("PrimitiveBoolean", T::Boolean, Some(Value::Bool(false))),
        ("PrimitiveByte", T::Byte, Some(Value::from(0))),
        ("PrimitiveShort", T::Short, Some(Value::from(0))),
        ("PrimitiveInteger", T::Integer, Some(Value::from(0))),
        ("PrimitiveLong", T::Long, Some(Value::from(0))),
        ("PrimitiveFloat", T::Float, Some(Value::from(0))),
        ("PrimitiveDouble", T::Double, Some(Value::from(0))),
    ];
    for (name, ty, default) in simple {
        let id = ShapeId::new(format!("smithy.api#{name}"));
        let mut traits = Traits::new();
        if let Some(d) = default {
            traits.insert("smithy.api#default".into(), d);
        }
        model
            .shapes
            .entry(id.clone())
            .or_insert_with(|| simple_shape(id, ty, traits));
    }
    let unit = ShapeId::new("smithy.api#Unit");
    let mut traits = Traits::new();
    traits.insert(
        "smithy.api#unitType".into(),
        Value::Object(Default::default()),
    );
    model
        .shapes
        .entry(unit.clone())
        .or_insert_with(|| simple_shape(unit, T::Structure, traits));
}

/// A shape with no members and no operation or service properties (the
/// prelude's; the start of others).
fn simple_shape(id: ShapeId, ty: ShapeType, traits: Traits) -> Shape {
    Shape {
        id,
        ty,
        traits,
        members: Vec::new(),
        input: None,
        output: None,
        errors: Vec::new(),
        operations: Vec::new(),
        resources: Vec::new(),
        rename: BTreeMap::new(),
        version: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_id_parts() {
        let id = ShapeId::new("com.example#Foo$bar");
        assert_eq!(id.name(), "Foo");
        assert_eq!(id.namespace(), "com.example");
    }

    #[test]
    fn members_keep_model_order() {
        let text = r#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"structure","members":{
            "Zeta":{"target":"smithy.api#String"},"Alpha":{"target":"smithy.api#String"},
            "Mid":{"target":"smithy.api#Integer"}}}}}"#;
        let m = load_str(Path::new("t.json"), text).unwrap();
        let s = &m.shapes[&ShapeId::new("a.b#S")];
        let names: Vec<_> = s.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Zeta", "Alpha", "Mid"]);
    }

    #[test]
    fn botocore_is_recognised_and_refused() {
        let text = r#"{"version":"2.0","metadata":{},"operations":{},"shapes":{}}"#;
        let e = load_str(Path::new("svc.json"), text).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::NotSmithy(_)), "{e}");
        assert!(e.to_string().contains("botocore"), "{e}");
    }

    #[test]
    fn shape_errors_name_the_shape() {
        let text = r#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"structure","members":{"X":{}}}}}"#;
        let e = load_str(Path::new("t.json"), text).unwrap_err();
        assert_eq!(e.shape.as_deref(), Some("a.b#S"));
        assert!(
            e.to_string()
                .starts_with("t.json: shape `a.b#S`: malformed model"),
            "{e}"
        );
    }
}
