//! JSON encoding and decoding for generated types, written once here so that
//! each generated type only lists its members.
//!
//! Encoding ([`ToJson`]) writes straight into a `String`. Decoding
//! ([`FromJson`]) walks a parsed [`serde_json::Value`]: unknown keys are
//! ignored, `null` counts as absent, and the [`Decoder`] keeps the JSON
//! pointer of where it is so that errors (and missing required members) name
//! the place. A generated structure's impls look like this:
//!
//! ```text
//! impl ToJson for ChatMessage {
//!     fn write_json(&self, out: &mut JsonWriter) {
//!         let mut o = out.object();
//!         o.field("ContentType", &self.content_type);
//!         o.field("Content", &self.content);
//!         o.end();
//!     }
//! }
//! impl FromJson for ChatMessage {
//!     fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
//!         let o = d.object(v)?;
//!         Ok(Self { content_type: d.required(o, "ContentType")?, content: d.required(o, "Content")? })
//!     }
//! }
//! ```

// The generic readers (instantiated per member type of every generated type)
// match on results instead of using `?`: in a debug build each `?` adds a
// copy of `Try::branch` and `FromResidual::from_residual` per type.
#![allow(clippy::question_mark)]

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use serde_json::{Map, Value};

use crate::datetime::{DateTime, TimestampFormat};

/// The Smithy spelling of a non-finite float (`NaN`, `Infinity`, `-Infinity`), if `x` is one.
pub(crate) fn non_finite_name(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("NaN")
    } else if x.is_infinite() {
        Some(if x > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        None
    }
}

/// The non-finite float Smithy spells `text`, if any.
pub(crate) fn non_finite_value(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// A value that can be written as JSON.
pub trait ToJson {
    /// Appends the JSON form of `self`.
    fn write_json(&self, out: &mut JsonWriter);

    /// Whether an object member holding this value is left out (unset options).
    fn is_absent(&self) -> bool {
        false
    }
}

/// A value that can be read from parsed JSON.
pub trait FromJson: Sized {
    /// Reads a value; `d` tracks the path and collects missing required members.
    fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError>;
    /// Whether `null` is a value of the type (items of `@sparse` collections),
    /// rather than an error inside a list or map.
    const NULLABLE: bool = false;
}

/// A string-keyed map key: `String` or a string enum.
pub trait JsonKey: Ord + Sized {
    /// The key as written in JSON.
    fn as_key(&self) -> &str;
    /// Reads a key.
    fn from_key(key: &str) -> Self;
}

impl JsonKey for String {
    fn as_key(&self) -> &str {
        self
    }
    fn from_key(key: &str) -> Self {
        key.to_owned()
    }
}

/// Writes JSON text into a growing string.
#[derive(Default, Debug, Clone)]
pub struct JsonWriter {
    buf: String,
}

impl JsonWriter {
    /// An empty writer.
    pub fn new() -> Self {
        JsonWriter::default()
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// The text written.
    pub fn into_string(self) -> String {
        self.buf
    }

    /// Starts an object; members are added through the returned writer.
    pub fn object(&mut self) -> ObjectWriter<'_> {
        self.buf.push('{');
        ObjectWriter {
            out: self,
            first: true,
        }
    }

    /// Writes a JSON string with the required escapes.
    pub fn string(&mut self, s: &str) {
        self.buf.reserve(s.len() + 2);
        self.buf.push('"');
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape: &str = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.buf.push_str(&s[start..i]);
            if escape.is_empty() {
                let _ = write!(self.buf, "\\u{b:04x}");
            } else {
                self.buf.push_str(escape);
            }
            start = i + 1;
        }
        self.buf.push_str(&s[start..]);
        self.buf.push('"');
    }

    /// Writes pre-formatted JSON text as is.
    pub fn raw(&mut self, json: &str) {
        self.buf.push_str(json);
    }

    /// Writes a timestamp in the given format (epoch seconds as a number, the others as strings).
    pub fn timestamp(&mut self, t: &DateTime, format: TimestampFormat) {
        match format {
            TimestampFormat::EpochSeconds => self.buf.push_str(&t.fmt_epoch_seconds()),
            other => self.string(&t.fmt(other)),
        }
    }
}

/// Writes the members of one JSON object; see [`JsonWriter::object`].
#[derive(Debug)]
pub struct ObjectWriter<'a> {
    out: &'a mut JsonWriter,
    first: bool,
}

impl ObjectWriter<'_> {
    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.buf.push(',');
        }
        self.first = false;
        self.out.string(key);
        self.out.buf.push(':');
    }

    /// Adds a member, unless the value is absent (an unset option). The
    /// value is a trait object: a generated type's members share this one
    /// function instead of a copy per member type.
    pub fn field(&mut self, key: &str, value: &dyn ToJson) -> &mut Self {
        if !value.is_absent() {
            self.key(key);
            value.write_json(self.out);
        }
        self
    }

    /// Adds a member written with a [`Codec`], unless it is unset.
    pub fn field_as<T, C: Codec<T>>(
        &mut self,
        key: &str,
        value: Option<&T>,
        codec: &C,
    ) -> &mut Self {
        if let Some(v) = value {
            self.key(key);
            codec.write(v, self.out);
        }
        self
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.buf.push('}');
    }
}

/// Serializes a value to a JSON string, through a trait object: one
/// function for every type (see [`to_string`]).
pub fn to_string_dyn(value: &dyn ToJson) -> String {
    let mut w = JsonWriter::new();
    value.write_json(&mut w);
    w.into_string()
}

/// Serializes a value to a JSON string.
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut w = JsonWriter::new();
    value.write_json(&mut w);
    w.into_string()
}

/// Parses a message body: empty (or all white space) reads as `{}`.
pub fn parse_body(bytes: &[u8]) -> Result<Value, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        Ok(Value::Object(Map::new()))
    } else {
        serde_json::from_slice(bytes).map_err(|e| DecodeError::syntax(e.to_string()))
    }
}

/// Parses JSON text into a value, leniently: missing required members are
/// filled with placeholders and returned in [`Missing`] instead of failing
/// (see [`Decoder::lenient`]). An empty body reads as `{}`.
pub fn from_slice_lenient<T: FromJson>(bytes: &[u8]) -> Result<(T, Missing), DecodeError> {
    read_body(bytes, Mode::Lenient)
}

/// Parses a request body the way a server does (see [`Decoder::for_server`]).
pub fn from_slice_for_server<T: FromJson>(bytes: &[u8]) -> Result<(T, Missing), DecodeError> {
    read_body(bytes, Mode::Server)
}

/// Parses a response body the way a client does: leniently, without
/// recording what is missing (see [`Decoder::client`]). The readers call
/// `T::from_json` directly: a closure handed to a shared reader (as they
/// once did) cost a closure, its vtable and a shim per type, and measurably
/// more build time than this.
pub fn from_slice_client<T: FromJson>(bytes: &[u8]) -> Result<T, DecodeError> {
    let v = match parse_body(bytes) {
        Ok(v) => v,
        Err(e) => return Err(e),
    };
    T::from_json(&v, &mut Decoder::client())
}

/// Reads a body into `T` with a decoder of `mode`.
fn read_body<T: FromJson>(bytes: &[u8], mode: Mode) -> Result<(T, Missing), DecodeError> {
    let v = match parse_body(bytes) {
        Ok(v) => v,
        Err(e) => return Err(e),
    };
    let mut d = Decoder::with_mode(mode);
    match T::from_json(&v, &mut d) {
        Ok(value) => Ok((value, d.into_missing())),
        Err(e) => Err(e),
    }
}

/// Parses JSON text into a value, strictly: a missing required member is an error.
pub fn from_slice<T: FromJson>(bytes: &[u8]) -> Result<T, DecodeError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| DecodeError::syntax(e.to_string()))?;
    from_value(&v)
}

/// Reads a value from parsed JSON, strictly.
pub fn from_value<T: FromJson>(v: &Value) -> Result<T, DecodeError> {
    T::from_json(v, &mut Decoder::strict())
}

/// Why JSON could not be read into a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// JSON pointer of the offending value (`""` for the root).
    pub path: String,
    /// What was wrong.
    pub message: String,
}

impl DecodeError {
    fn syntax(message: String) -> Self {
        DecodeError {
            path: String::new(),
            message,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{} at '{}'", self.message, self.path)
        }
    }
}

impl std::error::Error for DecodeError {}

/// One step of a JSON pointer: an object key or an array index.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg<'v> {
    Key(&'v str),
    Index(usize),
}

/// The JSON pointer (RFC 6901) of a path: `/a~1b/0` for key `a/b`, index 0.
pub(crate) fn pointer_of(path: &[Seg<'_>]) -> String {
    let mut p = String::new();
    for seg in path {
        p.push('/');
        match seg {
            Seg::Key(k) => {
                for c in k.chars() {
                    match c {
                        '~' => p.push_str("~0"),
                        '/' => p.push_str("~1"),
                        c => p.push(c),
                    }
                }
            }
            Seg::Index(i) => {
                let _ = write!(p, "{i}");
            }
        }
    }
    p
}

/// How a [`Decoder`] treats what the model does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A missing required member is an error (serde deserialization).
    Strict,
    /// A missing required member is filled with a placeholder and recorded
    /// (clients reading responses); unknown union members are kept.
    Lenient,
    /// Like `Lenient`, but an unknown union member is an error (servers
    /// reading requests answer it with a `SerializationException`).
    Server,
}

/// Reading state: where in the document the reader is, how strict it is,
/// and which required members were missing.
#[derive(Debug)]
pub struct Decoder<'v> {
    path: Vec<Seg<'v>>,
    /// For each step of `path`: its node in `missing` once one was needed,
    /// and whether stepping in started a placeholder.
    steps: Vec<Step>,
    mode: Mode,
    /// Whether missing required members are recorded (a client that only
    /// wants the value does not pay for the record).
    record: bool,
    /// Nesting depth of placeholder construction (0 when reading real data).
    placeholder: u32,
    missing: Missing,
    /// The first error of the structure being read by the `_into` readers
    /// ([`Decoder::optional_into`] and the rest): once one is recorded, the
    /// structure's later reads are skipped, and [`Decoder::finish`] or
    /// [`Decoder::fail`] returns it. `None` whenever no generated
    /// `from_json` is between its reads and its end.
    error: Option<DecodeError>,
}

/// The decoder's state for one step of its path.
#[derive(Debug, Clone, Copy)]
struct Step {
    node: Option<u32>,
    placeholder: bool,
}

/// What a missing required member is read from: its placeholder.
static NULL: Value = Value::Null;

/// How deep placeholders for missing required members may nest before the
/// decoder gives up (a cycle of required members has no finite value).
const MAX_PLACEHOLDER_DEPTH: u32 = 32;

/// How deep JSON may nest (guards recursive shapes against stack exhaustion).
const MAX_DEPTH: usize = 256;

static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();

impl<'v> Decoder<'v> {
    fn with_mode(mode: Mode) -> Self {
        Decoder {
            path: Vec::new(),
            steps: Vec::new(),
            mode,
            record: true,
            placeholder: 0,
            missing: Missing::default(),
            error: None,
        }
    }

    /// A decoder that fails on a missing required member.
    pub fn strict() -> Self {
        Decoder::with_mode(Mode::Strict)
    }

    /// A decoder that fills a missing required member with a placeholder
    /// (empty string, zero, empty list, …) and records where it was, so that
    /// a client can read responses that omit a member the model calls
    /// required. Union members the model does not know are kept.
    pub fn lenient() -> Self {
        Decoder::with_mode(Mode::Lenient)
    }

    /// A lenient decoder that does not record what is missing: a client
    /// reading a response it only wants the value of.
    pub fn client() -> Self {
        Decoder {
            record: false,
            ..Decoder::with_mode(Mode::Lenient)
        }
    }

    /// A lenient decoder for a server reading a request: missing required
    /// members are recorded (to be reported with every other violation), and
    /// a union member the model does not know is an error.
    pub fn for_server() -> Self {
        Decoder::with_mode(Mode::Server)
    }

    /// An optional member with a model default, as read: a server fills
    /// the default in when it is absent; a client leaves it unset.
    pub fn server_default<T>(&self, value: Option<T>, default: impl FnOnce() -> T) -> Option<T> {
        match value {
            None if self.mode == Mode::Server => Some(default()),
            value => value,
        }
    }

    /// Whether absent members with a model default are filled in (a server
    /// reading a request does; a client reading a response does not).
    pub fn fills_defaults(&self) -> bool {
        self.mode == Mode::Server
    }

    /// The required members that were missing.
    pub fn into_missing(self) -> Missing {
        self.missing
    }

    /// The current JSON pointer.
    pub fn pointer(&self) -> String {
        pointer_of(&self.path)
    }

    /// An error at the current path.
    pub fn error(&self, message: impl Into<String>) -> DecodeError {
        DecodeError {
            path: self.pointer(),
            message: message.into(),
        }
    }

    fn expected(&self, what: &str, v: &Value) -> DecodeError {
        let found = match v {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        self.error(format!("expected {what}, found {found}"))
    }

    /// Whether `null` stands for a placeholder being built.
    fn placeholder_null(&self, v: &Value) -> bool {
        self.placeholder > 0 && v.is_null()
    }

    /// Reads an object (a structure's members).
    pub fn object(&mut self, v: &'v Value) -> Result<&'v Map<String, Value>, DecodeError> {
        match v {
            Value::Object(o) => Ok(o),
            v if self.placeholder_null(v) => Ok(EMPTY.get_or_init(Map::new)),
            v => Err(self.expected("an object", v)),
        }
    }

    /// Steps into `seg` (an error past [`MAX_DEPTH`]).
    fn enter(&mut self, seg: Seg<'v>) -> Result<(), DecodeError> {
        if self.path.len() >= MAX_DEPTH {
            return Err(self.error("the document nests too deeply"));
        }
        self.path.push(seg);
        self.steps.push(Step {
            node: None,
            placeholder: false,
        });
        Ok(())
    }

    /// Steps back out of what [`Decoder::enter`] stepped into (ending the
    /// placeholder it started, if any).
    fn leave(&mut self) {
        self.path.pop();
        if let Some(step) = self.steps.pop()
            && step.placeholder
        {
            self.placeholder -= 1;
        }
    }

    // The generic readers below are instantiated for every member type of
    // every generated type: they only step in, read and step out, and leave
    // the rest to the plain functions `enter_set`, `enter_required`,
    // `enter_missing` and `enter_item` (and match instead of `?`, whose
    // glue would be instantiated too).

    /// Steps into member `key` of `o` when it is set (present and not `null`).
    fn enter_set(
        &mut self,
        o: &'v Map<String, Value>,
        key: &'v str,
    ) -> Result<Option<&'v Value>, DecodeError> {
        match o.get_key_value(key) {
            Some((k, v)) if !v.is_null() => match self.enter(Seg::Key(k)) {
                Ok(()) => Ok(Some(v)),
                Err(e) => Err(e),
            },
            _ => Ok(None),
        }
    }

    /// Steps into required member `key` of `o`: its value, or the `null` its
    /// placeholder is read from when it is missing (see [`Decoder::enter_missing`]).
    fn enter_required(
        &mut self,
        o: &'v Map<String, Value>,
        key: &'v str,
    ) -> Result<&'v Value, DecodeError> {
        match self.enter_set(o, key) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => self.enter_missing(key),
            Err(e) => Err(e),
        }
    }

    /// Steps into missing required member `key`: an error when strict; else
    /// records it (unless a placeholder is being built already) and starts
    /// its placeholder, read from `null`.
    fn enter_missing(&mut self, key: &'v str) -> Result<&'v Value, DecodeError> {
        self.enter(Seg::Key(key))?;
        let refused = if self.mode == Mode::Strict {
            Some("missing required member")
        } else if self.placeholder >= MAX_PLACEHOLDER_DEPTH {
            Some("required members form a cycle with no finite value")
        } else {
            None
        };
        if let Some(message) = refused {
            let e = self.error(message);
            self.leave();
            return Err(e);
        }
        if self.placeholder == 0 && self.record {
            self.record_missing();
        }
        self.placeholder += 1;
        if let Some(step) = self.steps.last_mut() {
            step.placeholder = true;
        }
        Ok(&NULL)
    }

    /// Reads a required member; a missing or `null` member is an error in a
    /// strict decoder, and a recorded placeholder in a lenient one.
    pub fn required<T: FromJson>(
        &mut self,
        o: &'v Map<String, Value>,
        key: &'v str,
    ) -> Result<T, DecodeError> {
        let v = match self.enter_required(o, key) {
            Ok(v) => v,
            Err(e) => return Err(e),
        };
        let r = T::from_json(v, self);
        self.leave();
        r
    }

    /// A required member read from somewhere other than the JSON body (a URI
    /// label, the query string, a header): `None` is recorded as missing at
    /// `/<member>`, like a missing body member.
    pub fn bound<T: FromJson>(
        &mut self,
        member: &'v str,
        value: Option<T>,
    ) -> Result<T, DecodeError> {
        if let Some(v) = value {
            return Ok(v);
        }
        let v = match self.enter_missing(member) {
            Ok(v) => v,
            Err(e) => return Err(e),
        };
        let r = T::from_json(v, self);
        self.leave();
        r
    }

    /// Adds the current path to `missing`, creating only the nodes of steps
    /// that have none yet: each step of the document gets at most one node,
    /// so recording stays linear in the size of the document however many
    /// members are missing under a long path.
    fn record_missing(&mut self) {
        let known = self.steps.iter().rposition(|s| s.node.is_some());
        let mut node = known.and_then(|i| self.steps[i].node).unwrap_or(0);
        let first_new = known.map_or(0, |i| i + 1);
        for i in first_new..self.path.len() {
            node = self.missing.child_or_insert(node, self.path[i]);
            self.steps[i].node = Some(node);
        }
        self.missing.mark(node);
    }

    /// Reads an optional member (`null` reads as absent).
    pub fn optional<T: FromJson>(
        &mut self,
        o: &'v Map<String, Value>,
        key: &'v str,
    ) -> Result<Option<T>, DecodeError> {
        let v = match self.enter_set(o, key) {
            Ok(Some(v)) => v,
            Ok(None) => return Ok(None),
            Err(e) => return Err(e),
        };
        let r = T::from_json(v, self);
        self.leave();
        match r {
            Ok(x) => Ok(Some(x)),
            Err(e) => Err(e),
        }
    }

    /// Reads a required member written in a form other than its type's own
    /// (see [`Codec`]).
    pub fn required_as<T, C: Codec<T>>(
        &mut self,
        o: &'v Map<String, Value>,
        key: &'v str,
        codec: &C,
    ) -> Result<T, DecodeError> {
        let v = match self.enter_required(o, key) {
            Ok(v) => v,
            Err(e) => return Err(e),
        };
        let r = codec.read(v, self);
        self.leave();
        r
    }

    /// Reads an optional member written in a form other than its type's own
    /// (see [`Codec`]).
    pub fn optional_as<T, C: Codec<T>>(
        &mut self,
        o: &'v Map<String, Value>,
        key: &'v str,
        codec: &C,
    ) -> Result<Option<T>, DecodeError> {
        let v = match self.enter_set(o, key) {
            Ok(Some(v)) => v,
            Ok(None) => return Ok(None),
            Err(e) => return Err(e),
        };
        let r = codec.read(v, self);
        self.leave();
        match r {
            Ok(x) => Ok(Some(x)),
            Err(e) => Err(e),
        }
    }

    // The `_into` readers: a generated `from_json` reads each member into
    // its place (a field of the structure, or a local) with one call and no
    // `?`, so that its body is a list of calls with nothing to drop between
    // them. The first error is kept in the decoder, the structure's later
    // reads are skipped, and the structure ends with `finish` (or `fail`).

    /// Steps into member `key` of `o` for an `_into` read when it is set and
    /// no earlier read of the structure failed.
    fn enter_set_into(&mut self, o: &'v Map<String, Value>, key: &'v str) -> Option<&'v Value> {
        if self.error.is_some() {
            return None;
        }
        match self.enter_set(o, key) {
            Ok(v) => v,
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    /// Steps into required member `key` of `o` for an `_into` read (its
    /// placeholder's `null` when it is missing and the decoder is lenient),
    /// unless an earlier read of the structure failed.
    fn enter_required_into(
        &mut self,
        o: &'v Map<String, Value>,
        key: &'v str,
    ) -> Option<&'v Value> {
        if self.error.is_some() {
            return None;
        }
        match self.enter_required(o, key) {
            Ok(v) => Some(v),
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    /// Reads optional member `key` of `o` into `slot` when it is set
    /// (`null` reads as absent and leaves `slot` as it is).
    ///
    /// `slot` is a trait object (an `Option<T>` of the member's type), so
    /// that this function is compiled once, not once per member type.
    pub fn optional_into(&mut self, o: &'v Map<String, Value>, key: &'v str, slot: &mut dyn Slot) {
        if let Some(v) = self.enter_set_into(o, key) {
            if let Err(e) = slot.read_into(v, self) {
                self.error = Some(e);
            }
            self.leave();
        }
    }

    /// Reads required member `key` of `o` into `slot` (an `Option<T>` of the
    /// member's type): a missing or `null` member is an error in a strict
    /// decoder, and a recorded placeholder in a lenient one. `slot` stays
    /// `None` only when the structure failed.
    pub fn required_into(&mut self, o: &'v Map<String, Value>, key: &'v str, slot: &mut dyn Slot) {
        if let Some(v) = self.enter_required_into(o, key) {
            if let Err(e) = slot.read_into(v, self) {
                self.error = Some(e);
            }
            self.leave();
        }
    }

    /// Reads member `key` of `o` into `slot` when it is set, leaving the
    /// model default `slot` starts with otherwise.
    pub fn defaulted_into<T: FromJson>(
        &mut self,
        o: &'v Map<String, Value>,
        key: &'v str,
        slot: &mut T,
    ) {
        if let Some(v) = self.enter_set_into(o, key) {
            match T::from_json(v, self) {
                Ok(x) => *slot = x,
                Err(e) => self.error = Some(e),
            }
            self.leave();
        }
    }

    /// [`Decoder::optional_into`] for a member written in a form other than
    /// its type's own (see [`Codec`]).
    pub fn optional_as_into<T, C: Codec<T>>(
        &mut self,
        o: &'v Map<String, Value>,
        key: &'v str,
        codec: &C,
        slot: &mut Option<T>,
    ) {
        if let Some(v) = self.enter_set_into(o, key) {
            match codec.read(v, self) {
                Ok(x) => *slot = Some(x),
                Err(e) => self.error = Some(e),
            }
            self.leave();
        }
    }

    /// [`Decoder::required_into`] for a member written in a form other than
    /// its type's own (see [`Codec`]).
    pub fn required_as_into<T, C: Codec<T>>(
        &mut self,
        o: &'v Map<String, Value>,
        key: &'v str,
        codec: &C,
        slot: &mut Option<T>,
    ) {
        if let Some(v) = self.enter_required_into(o, key) {
            match codec.read(v, self) {
                Ok(x) => *slot = Some(x),
                Err(e) => self.error = Some(e),
            }
            self.leave();
        }
    }

    /// [`Decoder::defaulted_into`] for a member written in a form other than
    /// its type's own (see [`Codec`]).
    pub fn defaulted_as_into<T, C: Codec<T>>(
        &mut self,
        o: &'v Map<String, Value>,
        key: &'v str,
        codec: &C,
        slot: &mut T,
    ) {
        if let Some(v) = self.enter_set_into(o, key) {
            match codec.read(v, self) {
                Ok(x) => *slot = x,
                Err(e) => self.error = Some(e),
            }
            self.leave();
        }
    }

    /// Ends a structure read with the `_into` readers: the first error one
    /// of its reads recorded, if any.
    pub fn finish(&mut self) -> Result<(), DecodeError> {
        match self.error.take() {
            None => Ok(()),
            Some(e) => Err(e),
        }
    }

    /// The error that left a required member of the structure being read
    /// unset (taken from the decoder, so that the next structure starts clean).
    pub fn fail(&mut self) -> DecodeError {
        match self.error.take() {
            Some(e) => e,
            None => self.error("a required member could not be read"),
        }
    }

    fn timestamp_value(
        &mut self,
        v: &'v Value,
        format: TimestampFormat,
    ) -> Result<DateTime, DecodeError> {
        if self.placeholder_null(v) {
            return Ok(DateTime::UNIX_EPOCH);
        }
        let parsed = match (v, format) {
            (Value::Number(n), TimestampFormat::EpochSeconds) => {
                DateTime::parse_epoch_seconds(&n.to_string())
            }
            // A server takes `date-time` in UTC only (`Z`), as Smithy's protocol tests require.
            (Value::String(s), TimestampFormat::DateTime)
                if self.mode == Mode::Server && crate::datetime::has_utc_offset(s) =>
            {
                return Err(
                    self.error("a date-time must be in UTC (end in Z), not carry an offset")
                );
            }
            (Value::String(s), TimestampFormat::DateTime | TimestampFormat::HttpDate) => {
                DateTime::parse(s, format)
            }
            (v, TimestampFormat::EpochSeconds) => return Err(self.expected("epoch seconds", v)),
            (v, _) => return Err(self.expected(&format!("a {format} timestamp string"), v)),
        };
        parsed.map_err(|e| self.error(e.to_string()))
    }

    /// Reads a union: exactly one member set (`__type` is ignored). Returns
    /// the member's name and value.
    pub fn union(&mut self, v: &'v Value) -> Result<(&'v str, &'v Value), DecodeError> {
        if self.placeholder_null(v) {
            return Ok(("", v));
        }
        let o = self.object(v)?;
        let mut set = o
            .iter()
            .filter(|(k, v)| !v.is_null() && k.as_str() != "__type");
        match (set.next(), set.next()) {
            (Some((k, v)), None) => Ok((k, v)),
            (None, _) => Err(self.error("a union must have exactly one member set, found none")),
            (Some(_), Some(_)) => {
                Err(self.error("a union must have exactly one member set, found several"))
            }
        }
    }

    /// Reads the value of the union member `key`.
    pub fn variant<T: FromJson>(&mut self, key: &'v str, v: &'v Value) -> Result<T, DecodeError> {
        if let Err(e) = self.enter(Seg::Key(key)) {
            return Err(e);
        }
        let r = T::from_json(v, self);
        self.leave();
        r
    }

    /// Reads the value of the union member `key`, written in a form other
    /// than its type's own (see [`Codec`]).
    pub fn variant_as<T, C: Codec<T>>(
        &mut self,
        key: &'v str,
        v: &'v Value,
        codec: &C,
    ) -> Result<T, DecodeError> {
        if let Err(e) = self.enter(Seg::Key(key)) {
            return Err(e);
        }
        let r = codec.read(v, self);
        self.leave();
        r
    }

    /// A union member the model does not know: kept with its value (so that
    /// it is written back as received), or an error for a server.
    pub fn unknown_member(
        &mut self,
        key: &'v str,
        v: &'v Value,
    ) -> Result<UnknownMember, DecodeError> {
        if self.placeholder_null(v) {
            return Ok(UnknownMember {
                name: String::new(),
                value: Value::Null,
            });
        }
        if self.mode == Mode::Server {
            self.enter(Seg::Key(key))?;
            let e = self.error("this union has no such member");
            self.leave();
            return Err(e);
        }
        Ok(UnknownMember {
            name: key.to_owned(),
            value: v.clone(),
        })
    }

    /// Reads a string.
    pub fn str(&mut self, v: &'v Value) -> Result<&'v str, DecodeError> {
        match v {
            Value::String(s) => Ok(s),
            v if self.placeholder_null(v) => Ok(""),
            v => Err(self.expected("a string", v)),
        }
    }

    fn integer(&mut self, v: &Value, min: i64, max: i64, what: &str) -> Result<i64, DecodeError> {
        match v {
            Value::Number(n) => match n.as_i64() {
                Some(i) if (min..=max).contains(&i) => Ok(i),
                Some(_) => {
                    Err(self.error(format!("expected {what}, found a number out of its range")))
                }
                // `-0` is read as a float (to keep its sign): it is integer zero.
                None if n.as_f64().is_some_and(|f| f == 0.0 && f.is_sign_negative()) => Ok(0),
                None if n.is_f64()
                    && n.as_f64()
                        .is_some_and(|f| f.fract() != 0.0 || f.abs() < 9.2e18) =>
                {
                    Err(self.error(format!(
                        "expected {what}, found a number with a fraction or an exponent"
                    )))
                }
                None => {
                    Err(self.error(format!("expected {what}, found a number out of its range")))
                }
            },
            v if self.placeholder_null(v) => Ok(0),
            v => Err(self.expected(what, v)),
        }
    }

    fn float(&mut self, v: &Value) -> Result<f64, DecodeError> {
        match v {
            Value::Number(n) => n.as_f64().ok_or_else(|| self.error("expected a number")),
            Value::String(s) => non_finite_value(s).ok_or_else(|| {
                self.error(
                    "expected a number, found a string other than NaN, Infinity or -Infinity",
                )
            }),
            v if self.placeholder_null(v) => Ok(0.0),
            v => Err(self.expected("a number", v)),
        }
    }

    /// The items of an array (none for a placeholder's `null`).
    fn array(&mut self, v: &'v Value) -> Result<&'v [Value], DecodeError> {
        match v {
            Value::Array(items) => Ok(items),
            v if self.placeholder_null(v) => Ok(&[]),
            v => Err(self.expected("an array", v)),
        }
    }

    /// Steps into item `i` of `items`; an error for a `null` item where the
    /// list is not `@sparse` (`nulls`).
    fn enter_item(
        &mut self,
        items: &'v [Value],
        i: usize,
        nulls: bool,
    ) -> Result<&'v Value, DecodeError> {
        self.enter(Seg::Index(i))?;
        let v = &items[i];
        if v.is_null() && !nulls {
            let e = self.error("null is not allowed in a list");
            self.leave();
            return Err(e);
        }
        Ok(v)
    }

    /// Steps into the value of map entry `key`; an error for a `null` value
    /// where the map is not `@sparse` (`nulls`).
    fn enter_entry(
        &mut self,
        key: &'v str,
        v: &'v Value,
        nulls: bool,
    ) -> Result<&'v Value, DecodeError> {
        self.enter(Seg::Key(key))?;
        if v.is_null() && !nulls {
            let e = self.error("null is not allowed as a map value");
            self.leave();
            return Err(e);
        }
        Ok(v)
    }
}

/// Where a lenient read found required members missing: a tree of JSON
/// pointer steps, so that a validator walking the value can skip what lies
/// under a missing member (its placeholder) in constant time per step.
#[derive(Debug, Clone)]
pub struct Missing {
    nodes: Vec<MissingNode>,
    /// The nodes of missing members, in the order they were found.
    found: Vec<u32>,
}

#[derive(Debug, Clone, Default)]
struct MissingNode {
    parent: u32,
    step: Option<OwnedSeg>,
    keys: std::collections::HashMap<Box<str>, u32>,
    indices: std::collections::HashMap<usize, u32>,
    missing: bool,
}

#[derive(Debug, Clone)]
enum OwnedSeg {
    Key(Box<str>),
    Index(usize),
}

impl Default for Missing {
    fn default() -> Self {
        Missing {
            nodes: vec![MissingNode::default()],
            found: Vec::new(),
        }
    }
}

impl Missing {
    /// The root of the tree (the document itself).
    pub(crate) const ROOT: u32 = 0;

    /// Whether no required member is missing.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// How many required members are missing.
    pub fn len(&self) -> usize {
        self.found.len()
    }

    /// The JSON pointers of the missing members, in the order they were found.
    pub fn paths(&self) -> impl Iterator<Item = String> + '_ {
        self.found.iter().map(|&n| self.pointer(n))
    }

    /// The JSON pointer of a node.
    pub(crate) fn pointer(&self, mut node: u32) -> String {
        let mut steps = Vec::new();
        while let Some(step) = &self.nodes[node as usize].step {
            steps.push(match step {
                OwnedSeg::Key(k) => Seg::Key(k),
                OwnedSeg::Index(i) => Seg::Index(*i),
            });
            node = self.nodes[node as usize].parent;
        }
        steps.reverse();
        pointer_of(&steps)
    }

    /// The child of `node` for one step, if the tree has it.
    pub(crate) fn child(&self, node: u32, seg: Seg<'_>) -> Option<u32> {
        let n = &self.nodes[node as usize];
        match seg {
            Seg::Key(k) => n.keys.get(k).copied(),
            Seg::Index(i) => n.indices.get(&i).copied(),
        }
    }

    /// Whether a node is a missing member.
    pub(crate) fn is_missing(&self, node: u32) -> bool {
        self.nodes[node as usize].missing
    }

    fn child_or_insert(&mut self, node: u32, seg: Seg<'_>) -> u32 {
        if let Some(c) = self.child(node, seg) {
            return c;
        }
        let id = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        let step = match seg {
            Seg::Key(k) => {
                self.nodes[node as usize].keys.insert(k.into(), id);
                OwnedSeg::Key(k.into())
            }
            Seg::Index(i) => {
                self.nodes[node as usize].indices.insert(i, id);
                OwnedSeg::Index(i)
            }
        };
        self.nodes.push(MissingNode {
            parent: node,
            step: Some(step),
            ..MissingNode::default()
        });
        id
    }

    fn mark(&mut self, node: u32) {
        let n = &mut self.nodes[node as usize];
        if !n.missing {
            n.missing = true;
            self.found.push(node);
        }
    }
}

/// A union member this version of the model does not know, kept whole: its
/// name and its JSON value, written back exactly as they were received (or
/// a lenient read's placeholder, see [`UnknownMember::is_placeholder`]).
#[derive(Clone, PartialEq)]
pub struct UnknownMember {
    /// The member's name on the wire.
    pub name: String,
    /// Its value, as received.
    pub value: Value,
}

impl fmt::Debug for UnknownMember {
    // The value is unknown, so it may be sensitive: show only the name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnknownMember")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl UnknownMember {
    /// What a lenient read (see [`Decoder::lenient`]) puts in place of a
    /// required union the document left out: no name, `null` value. It is
    /// no member received (a union member set to `null` counts as not set),
    /// so the union holding it is written back left out, not as `{"":null}`.
    pub fn is_placeholder(&self) -> bool {
        self.name.is_empty() && self.value.is_null()
    }

    /// Writes the member into a union's object.
    pub fn write_into(&self, o: &mut ObjectWriter<'_>) {
        o.field(&self.name, &self.value);
    }
}

/// How a value is written and read when its wire form is not its type's own:
/// a timestamp in a format other than epoch seconds ([`Ts`]), and lists and
/// maps of such values ([`ListOf`], [`MapOf`]).
pub trait Codec<T> {
    /// Appends the JSON form of `value`.
    fn write(&self, value: &T, out: &mut JsonWriter);
    /// Reads a value (a `null` stands for a placeholder when the decoder builds one).
    fn read<'v>(&self, v: &'v Value, d: &mut Decoder<'v>) -> Result<T, DecodeError>;
    /// Whether `null` is a value (see [`FromJson::NULLABLE`]).
    const NULLABLE: bool = false;
}

/// A timestamp in the given format (`@timestampFormat`).
#[derive(Debug, Clone, Copy)]
pub struct Ts(pub TimestampFormat);

impl Codec<DateTime> for Ts {
    fn write(&self, value: &DateTime, out: &mut JsonWriter) {
        out.timestamp(value, self.0)
    }
    fn read<'v>(&self, v: &'v Value, d: &mut Decoder<'v>) -> Result<DateTime, DecodeError> {
        d.timestamp_value(v, self.0)
    }
}

/// A list whose items are written with a codec.
#[derive(Debug, Clone, Copy)]
pub struct ListOf<C>(pub C);

impl<T, C: Codec<T>> Codec<Vec<T>> for ListOf<C> {
    fn write(&self, value: &Vec<T>, out: &mut JsonWriter) {
        out.buf.push('[');
        for (i, item) in value.iter().enumerate() {
            if i > 0 {
                out.buf.push(',');
            }
            self.0.write(item, out);
        }
        out.buf.push(']');
    }
    fn read<'v>(&self, v: &'v Value, d: &mut Decoder<'v>) -> Result<Vec<T>, DecodeError> {
        let items = d.array(v)?;
        let mut out = Vec::with_capacity(items.len());
        for i in 0..items.len() {
            let item = d.enter_item(items, i, C::NULLABLE)?;
            let r = self.0.read(item, d);
            d.leave();
            out.push(r?);
        }
        Ok(out)
    }
}

/// An item of a `@sparse` list (value of a `@sparse` map) written with a
/// codec: `None` is `null`.
#[derive(Debug, Clone, Copy)]
pub struct Nullable<C>(pub C);

impl<T, C: Codec<T>> Codec<Option<T>> for Nullable<C> {
    fn write(&self, value: &Option<T>, out: &mut JsonWriter) {
        match value {
            Some(v) => self.0.write(v, out),
            None => out.raw("null"),
        }
    }
    fn read<'v>(&self, v: &'v Value, d: &mut Decoder<'v>) -> Result<Option<T>, DecodeError> {
        if v.is_null() {
            return Ok(None);
        }
        match self.0.read(v, d) {
            Ok(x) => Ok(Some(x)),
            Err(e) => Err(e),
        }
    }
    const NULLABLE: bool = true;
}

/// A map whose values are written with a codec.
#[derive(Debug, Clone, Copy)]
pub struct MapOf<C>(pub C);

impl<K: JsonKey, T, C: Codec<T>> Codec<BTreeMap<K, T>> for MapOf<C> {
    fn write(&self, value: &BTreeMap<K, T>, out: &mut JsonWriter) {
        let mut o = out.object();
        for (k, v) in value {
            o.key(k.as_key());
            self.0.write(v, o.out);
        }
        o.end();
    }
    fn read<'v>(&self, v: &'v Value, d: &mut Decoder<'v>) -> Result<BTreeMap<K, T>, DecodeError> {
        let o = d.object(v)?;
        let mut out = BTreeMap::new();
        for (k, v) in o {
            let v = d.enter_entry(k, v, C::NULLABLE)?;
            let r = self.0.read(v, d);
            d.leave();
            out.insert(K::from_key(k), r?);
        }
        Ok(out)
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut JsonWriter) {
        (**self).write_json(out)
    }
    fn is_absent(&self) -> bool {
        (**self).is_absent()
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut JsonWriter) {
        match self {
            Some(v) => v.write_json(out),
            None => out.raw("null"),
        }
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

/// The place a generated `from_json` reads a member into
/// ([`Decoder::optional_into`], [`Decoder::required_into`]): an `Option` of
/// any type that reads from JSON.
pub trait Slot {
    /// Reads `v` and sets the slot to what it read.
    fn read_into<'v>(&mut self, v: &'v Value, d: &mut Decoder<'v>) -> Result<(), DecodeError>;
}

impl<T: FromJson> Slot for Option<T> {
    fn read_into<'v>(&mut self, v: &'v Value, d: &mut Decoder<'v>) -> Result<(), DecodeError> {
        match T::from_json(v, d) {
            Ok(x) => {
                *self = Some(x);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// An item of a `@sparse` list or a value of a `@sparse` map: `null` is `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
        if v.is_null() {
            return Ok(None);
        }
        match T::from_json(v, d) {
            Ok(x) => Ok(Some(x)),
            Err(e) => Err(e),
        }
    }
    const NULLABLE: bool = true;
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, out: &mut JsonWriter) {
        (**self).write_json(out)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
        match T::from_json(v, d) {
            Ok(x) => Ok(Box::new(x)),
            Err(e) => Err(e),
        }
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(self)
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(self)
    }
}

impl FromJson for String {
    fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
        d.str(v).map(str::to_owned)
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut JsonWriter) {
        out.raw(if *self { "true" } else { "false" })
    }
}

impl FromJson for bool {
    fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
        match v {
            Value::Bool(b) => Ok(*b),
            v if d.placeholder_null(v) => Ok(false),
            v => Err(d.expected("a boolean", v)),
        }
    }
}

macro_rules! integers {
    ($($t:ty => $what:literal),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut JsonWriter) {
                let _ = write!(out.buf, "{}", self);
            }
        }
        impl FromJson for $t {
            fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
                let i = d.integer(v, <$t>::MIN as i64, <$t>::MAX as i64, $what)?;
                <$t>::try_from(i).map_err(|_| d.error(concat!("expected ", $what)))
            }
        }
    )*};
}
integers!(i8 => "a byte", i16 => "a short", i32 => "an integer", i64 => "a long");

/// The JSON text of a finite float: integral values below 10^15 as integers
/// (`2`, not `2.0`), every other value in the shortest form that reads back
/// as the same number (`0.1`, `1.7976931348623157e308`), and negative zero
/// as `-0.0` so that its sign survives. `None` for NaN and the infinities.
pub(crate) fn float_text<T: Copy + Into<f64> + fmt::Debug>(x: T) -> Option<String> {
    let wide: f64 = x.into();
    if !wide.is_finite() {
        None
    } else if wide == 0.0 && wide.is_sign_negative() {
        Some("-0.0".to_string())
    } else if wide.fract() == 0.0 && wide.abs() < 1e15 {
        Some(format!("{}", wide as i64))
    } else {
        // `Debug` prints the shortest digits that round-trip, with an exponent
        // for very large and very small magnitudes (`Display` would spell out
        // all 309 digits of f64::MAX).
        Some(format!("{x:?}"))
    }
}

macro_rules! floats {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut JsonWriter) {
                match float_text(*self) {
                    Some(text) => out.buf.push_str(&text),
                    None => out.string(non_finite_name(f64::from(*self)).unwrap_or("NaN")),
                }
            }
        }
        impl FromJson for $t {
            fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
                d.float(v).map(|f| f as $t)
            }
        }
    )*};
}
floats!(f32, f64);

impl ToJson for DateTime {
    fn write_json(&self, out: &mut JsonWriter) {
        out.timestamp(self, TimestampFormat::EpochSeconds)
    }
}

impl FromJson for DateTime {
    fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
        d.timestamp_value(v, TimestampFormat::EpochSeconds)
    }
}

impl ToJson for Value {
    fn write_json(&self, out: &mut JsonWriter) {
        out.raw(&self.to_string())
    }
}

impl FromJson for Value {
    fn from_json<'v>(v: &'v Value, _d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
        Ok(v.clone())
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut JsonWriter) {
        out.buf.push('[');
        let mut i = 0;
        while i < self.len() {
            if i > 0 {
                out.buf.push(',');
            }
            self[i].write_json(out);
            i += 1;
        }
        out.buf.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut JsonWriter) {
        self.as_slice().write_json(out)
    }
}

/// A list being read: each item is read and appended through this trait
/// object, so that the loop over the items ([`read_items`]) is compiled
/// once, not once per item type.
trait ItemSink {
    fn read_item<'v>(&mut self, v: &'v Value, d: &mut Decoder<'v>) -> Result<(), DecodeError>;
}

impl<T: FromJson> ItemSink for Vec<T> {
    fn read_item<'v>(&mut self, v: &'v Value, d: &mut Decoder<'v>) -> Result<(), DecodeError> {
        match T::from_json(v, d) {
            Ok(x) => {
                self.push(x);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// Reads `items` into `sink`, each at its index; `nulls` allows `null` items.
fn read_items<'v>(
    d: &mut Decoder<'v>,
    items: &'v [Value],
    nulls: bool,
    sink: &mut dyn ItemSink,
) -> Result<(), DecodeError> {
    for i in 0..items.len() {
        let item = d.enter_item(items, i, nulls)?;
        let r = sink.read_item(item, d);
        d.leave();
        r?;
    }
    Ok(())
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
        let items = match d.array(v) {
            Ok(items) => items,
            Err(e) => return Err(e),
        };
        let mut out = Vec::with_capacity(items.len());
        match read_items(d, items, T::NULLABLE, &mut out) {
            Ok(()) => Ok(out),
            Err(e) => Err(e),
        }
    }
}

impl<K: JsonKey, V: ToJson> ToJson for BTreeMap<K, V> {
    fn write_json(&self, out: &mut JsonWriter) {
        let mut o = out.object();
        for (k, v) in self {
            o.key(k.as_key());
            v.write_json(o.out);
        }
        o.end();
    }
}

impl<K: JsonKey, V: FromJson> FromJson for BTreeMap<K, V> {
    fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
        let o = match d.object(v) {
            Ok(o) => o,
            Err(e) => return Err(e),
        };
        let mut out = BTreeMap::new();
        for (k, v) in o {
            let v = match d.enter_entry(k, v, V::NULLABLE) {
                Ok(v) => v,
                Err(e) => return Err(e),
            };
            let r = V::from_json(v, d);
            d.leave();
            match r {
                Ok(x) => {
                    out.insert(K::from_key(k), x);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }
}

/// Operations without input or output use `()`: written as `{}`, read from anything.
impl ToJson for () {
    fn write_json(&self, out: &mut JsonWriter) {
        out.raw("{}")
    }
}

impl FromJson for () {
    fn from_json<'v>(_v: &'v Value, _d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
        Ok(())
    }
}

/// The JSON value `{}` (a union member that targets `smithy.api#Unit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EmptyObject;

impl ToJson for EmptyObject {
    fn write_json(&self, out: &mut JsonWriter) {
        out.raw("{}")
    }
}

/// `serde::Serialize` through [`ToJson`], for the generated types' serde impls.
pub fn serialize_with_serde<T: ToJson + ?Sized, S: serde::Serializer>(
    value: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    let text = to_string(value);
    let v: Value = serde_json::from_str(&text).map_err(serde::ser::Error::custom)?;
    serde::Serialize::serialize(&v, s)
}

/// `serde::Deserialize` through [`FromJson`] (strict), for the generated types' serde impls.
pub fn deserialize_with_serde<'de, T: FromJson, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<T, D::Error> {
    let v: Value = serde::Deserialize::deserialize(d)?;
    from_value(&v).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        let mut w = JsonWriter::new();
        w.string("a\"b\\c\n\u{1}é👍");
        assert_eq!(w.as_str(), r#""a\"b\\c\n\u0001é👍""#);
        let back: String = serde_json::from_str(w.as_str()).unwrap();
        assert_eq!(back, "a\"b\\c\n\u{1}é👍");
    }

    #[test]
    fn floats_use_strings_for_non_finite() {
        assert_eq!(to_string(&f64::NAN), "\"NaN\"");
        assert_eq!(to_string(&f64::INFINITY), "\"Infinity\"");
        assert_eq!(to_string(&f64::NEG_INFINITY), "\"-Infinity\"");
        assert_eq!(to_string(&1.5f64), "1.5");
        assert_eq!(to_string(&2.0f32), "2");
        let v: f64 = from_slice(b"\"NaN\"").unwrap();
        assert!(v.is_nan());
    }

    #[test]
    fn integers_check_their_range() {
        assert_eq!(from_slice::<i32>(b"7").unwrap(), 7);
        let e = from_slice::<i8>(b"300").unwrap_err();
        assert!(e.message.contains("out of its range"), "{e}");
        assert!(from_slice::<i32>(b"1.5").is_err());
        assert_eq!(from_slice::<i64>(b"9223372036854775807").unwrap(), i64::MAX);
        assert_eq!(from_slice::<i32>(b"-0").unwrap(), 0, "-0 is integer zero");
        assert!(
            from_slice::<i32>(b"1.5")
                .unwrap_err()
                .message
                .contains("fraction")
        );
        assert!(from_slice::<i32>(b"1e400").is_err());
    }

    #[test]
    fn errors_carry_the_path() {
        let e = from_slice::<BTreeMap<String, Vec<i32>>>(br#"{"a/b":[1,"x"]}"#).unwrap_err();
        assert_eq!(e.path, "/a~1b/1");
        assert_eq!(
            e.to_string(),
            "expected an integer, found a string at '/a~1b/1'"
        );
    }

    #[test]
    fn lenient_records_missing_required() {
        #[derive(Debug)]
        struct S {
            a: String,
            b: Option<i32>,
        }
        impl FromJson for S {
            fn from_json<'v>(v: &'v Value, d: &mut Decoder<'v>) -> Result<Self, DecodeError> {
                let o = d.object(v)?;
                Ok(S {
                    a: d.required(o, "A")?,
                    b: d.optional(o, "B")?,
                })
            }
        }
        let (s, missing) = from_slice_lenient::<S>(br#"{"A":null,"B":3,"C":true}"#).unwrap();
        assert_eq!((s.a.as_str(), s.b), ("", Some(3)));
        assert_eq!(missing.paths().collect::<Vec<_>>(), ["/A"]);
        let e = from_slice::<S>(br#"{"B":3}"#).unwrap_err();
        assert_eq!(e.to_string(), "missing required member at '/A'");
        let (_, missing) = from_slice_lenient::<Vec<S>>(br#"[{"A":"x"},{}]"#).unwrap();
        assert_eq!(missing.paths().collect::<Vec<_>>(), ["/1/A"]);
    }

    #[test]
    fn unions_need_exactly_one_member() {
        let v: Value = serde_json::from_str(r#"{"__type":"x","A":1,"B":null}"#).unwrap();
        let mut d = Decoder::strict();
        assert_eq!(d.union(&v).unwrap().0, "A");
        let v: Value = serde_json::from_str(r#"{"A":1,"B":2}"#).unwrap();
        assert!(d.union(&v).is_err());
        let v: Value = serde_json::from_str(r#"{}"#).unwrap();
        assert!(d.union(&v).is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        // serde_json itself refuses beyond 128 levels.
        assert!(from_slice::<Vec<Value>>(text.as_bytes()).is_err());
    }
}
