//! The Smithy JSON AST in memory, shared by the loader's stages: the
//! [`Node`] value (object keys in document order) that [`crate::idl`] parses
//! into, [`crate::assemble`] merges and [`crate::model`] reads shapes from,
//! and the recognition of a JSON AST and its Smithy version.
//!
//! Depends on nothing of the loader but [`crate::error`].

use std::path::Path;

use serde::de::{self, IntoDeserializer, Visitor};
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};

/// A JSON AST value, with object keys in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, keys in order.
    Object(Vec<(String, Node)>),
    /// An unquoted shape ID as written in a file (`Foo`, `a.b#Foo$bar`),
    /// resolved against the file's namespace and `use` statements later.
    Ref(String),
}

impl Node {
    /// The value of key `k` of an object.
    pub fn get(&self, k: &str) -> Option<&Node> {
        match self {
            Node::Object(entries) => entries.iter().find(|(key, _)| key == k).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets key `k` of an object (replacing or appending).
    pub fn set(&mut self, k: &str, v: Node) {
        if let Node::Object(entries) = self {
            match entries.iter_mut().find(|(key, _)| key == k) {
                Some(slot) => slot.1 = v,
                None => entries.push((k.to_string(), v)),
            }
        }
    }

    /// The string value, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// Writes the node as JSON, indented by `indent` levels of four spaces.
    pub fn write_json(&self, out: &mut String, indent: usize) {
        match self {
            Node::Null => out.push_str("null"),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Number(n) => out.push_str(n),
            Node::String(s) | Node::Ref(s) => {
                out.push_str(&serde_json::Value::String(s.clone()).to_string())
            }
            Node::Array(items) if items.is_empty() => out.push_str("[]"),
            Node::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    push_indent(out, indent + 1);
                    item.write_json(out, indent + 1);
                }
                out.push('\n');
                push_indent(out, indent);
                out.push(']');
            }
            Node::Object(entries) if entries.is_empty() => out.push_str("{}"),
            Node::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    push_indent(out, indent + 1);
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push_str(": ");
                    v.write_json(out, indent + 1);
                }
                out.push('\n');
                push_indent(out, indent);
                out.push('}');
            }
        }
    }

    /// Converts a parsed JSON value, keeping object key order.
    pub fn from_json_text(text: &str) -> std::result::Result<Node, String> {
        let mut de = serde_json::Deserializer::from_str(text);
        let n = <Node as serde::Deserialize>::deserialize(&mut de).map_err(|e| e.to_string())?;
        de.end().map_err(|e| e.to_string())?;
        Ok(n)
    }
}

fn push_indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push_str("    ");
    }
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> std::result::Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E>(self, b: bool) -> std::result::Result<Node, E> {
                Ok(Node::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> std::result::Result<Node, E> {
                Ok(Node::Number(n.to_string()))
            }
            fn visit_u64<E>(self, n: u64) -> std::result::Result<Node, E> {
                Ok(Node::Number(n.to_string()))
            }
            fn visit_f64<E>(self, n: f64) -> std::result::Result<Node, E> {
                Ok(Node::Number(
                    serde_json::Number::from_f64(n)
                        .map_or_else(|| n.to_string(), |x| x.to_string()),
                ))
            }
            fn visit_str<E>(self, s: &str) -> std::result::Result<Node, E> {
                Ok(Node::String(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> std::result::Result<Node, E> {
                Ok(Node::String(s))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element()? {
                    out.push(v);
                }
                Ok(Node::Array(out))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Node, A::Error> {
                let mut out: Vec<(String, Node)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Node>()? {
                    if out.iter().any(|(seen, _)| *seen == k) {
                        return Err(serde::de::Error::custom(format!("key `{k}` appears twice")));
                    }
                    out.push((k, v));
                }
                Ok(Node::Object(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl Node {
    /// Reads the node as serde data, object keys in document order: typed
    /// values deserialize from it as from its JSON text, without printing it.
    pub fn deserializer(&self) -> NodeDeserializer<'_> {
        NodeDeserializer(self)
    }
}

/// A [`Node`] as a serde [`Deserializer`](de::Deserializer) (see
/// [`Node::deserializer`]). Numbers are read as `serde_json` reads them from
/// text, and errors are `serde_json`'s (without a position).
#[derive(Clone, Copy, Debug)]
pub struct NodeDeserializer<'a>(&'a Node);

impl<'de> de::Deserializer<'de> for NodeDeserializer<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> serde_json::Result<V::Value> {
        match self.0 {
            Node::Null => v.visit_unit(),
            Node::Bool(b) => v.visit_bool(*b),
            Node::Number(n) => n.parse::<serde_json::Number>()?.deserialize_any(v),
            Node::String(s) | Node::Ref(s) => v.visit_borrowed_str(s),
            Node::Array(items) => {
                let mut seq = de::value::SeqDeserializer::new(items.iter().map(NodeDeserializer));
                let out = v.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(out)
            }
            Node::Object(entries) => {
                let mut map = de::value::MapDeserializer::new(
                    entries
                        .iter()
                        .map(|(k, v)| (k.as_str(), NodeDeserializer(v))),
                );
                let out = v.visit_map(&mut map)?;
                map.end()?;
                Ok(out)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> serde_json::Result<V::Value> {
        match self.0 {
            Node::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> serde_json::Result<V::Value> {
        match self.0 {
            // A unit variant, as serde_json reads `"name"`.
            Node::String(s) | Node::Ref(s) => {
                v.visit_enum(de::value::BorrowedStrDeserializer::<serde_json::Error>::new(s))
            }
            _ => self.deserialize_any(v),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> serde_json::Result<V::Value> {
        v.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, serde_json::Error> for NodeDeserializer<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// The Smithy version a JSON AST declares (its `smithy` property).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AstVersion {
    /// `1` or `1.x`: read with 1.0's nullability, upgraded by [`crate::assemble`].
    V1,
    /// `2` or `2.x`.
    V2,
}

impl AstVersion {
    /// The version a `smithy` property or an IDL `$version` names, if read.
    pub(crate) fn of(version: &str) -> Option<Self> {
        match version.split('.').next() {
            Some("1") => Some(AstVersion::V1),
            Some("2") => Some(AstVersion::V2),
            _ => None,
        }
    }
}

/// [`recognise_format`] for a JSON AST already read as a [`Node`]: the check
/// reads only the top-level keys and string values, so it is handed those.
pub(crate) fn recognise_node(file: &Path, node: &Node) -> Result<AstVersion> {
    let top = match node {
        Node::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str()
                            .map_or(Value::Null, |s| Value::String(s.to_string())),
                    )
                })
                .collect(),
        ),
        _ => Value::Null,
    };
    recognise_format(file, &top)
}

/// Tells a Smithy JSON AST from the other JSON formats AWS models come in,
/// and gives its version.
pub(crate) fn recognise_format(file: &Path, top: &Value) -> Result<AstVersion> {
    let Some(obj) = top.as_object() else {
        return Err(Error::file(
            file,
            ErrorKind::NotSmithy("the top level is not an object".into()),
        ));
    };
    let declared = obj.get("smithy").and_then(Value::as_str);
    if let Some(version) = declared.and_then(AstVersion::of) {
        return Ok(version);
    }
    match declared {
        Some(v) => Err(Error::file(
            file,
            ErrorKind::Unsupported(format!(
                "Smithy version {v}; models of Smithy 1.0 and 2.x are read (0.x predates 1.0's specification)"
            )),
        )),
        None if obj.contains_key("operations") && obj.contains_key("metadata") => Err(Error::file(
            file,
            ErrorKind::NotSmithy(
                "this looks like a botocore service model; give the Smithy JSON AST of the service"
                    .into(),
            ),
        )),
        None => Err(Error::file(
            file,
            ErrorKind::NotSmithy("no `smithy` version property".into()),
        )),
    }
}
