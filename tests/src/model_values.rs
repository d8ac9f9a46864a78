//! Random values for any shape of a Smithy model, generated from the model's
//! own traits (not from the generator's IR, so that they judge it): the JSON
//! form a structure is written in, every constraint satisfied (`@required`,
//! `@length`, `@pattern`, `@range`, enum values, `@uniqueItems`), timestamps
//! in the format the model gives them (member trait, else target trait, else
//! the binding's default), and values that the member's HTTP binding can
//! carry (no empty URI labels, visible ASCII in headers, whole seconds in
//! `http-date`, no empty list in a query string).
//!
//! Outputs may also hold what a newer model could send: enum values and union
//! members this model does not know.

use std::collections::BTreeMap;

use codegen::model::{Model, Shape, ShapeId, ShapeType, Traits};
use serde_json::{Map, Number, Value, json};

/// A small, seedable pseudo-random generator (SplitMix64): the same seed gives
/// the same values on every machine.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = hi - lo;
        if span == u64::MAX {
            self.next_u64()
        } else {
            lo + self.next_u64() % (span + 1)
        }
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One item of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as u64 - 1) as usize]
    }
}

/// Which way a value travels: outputs may carry what the model does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// A request: only what the model allows.
    Input,
    /// A response: also unknown enum values and union members, sometimes.
    Output,
}

/// Where a member travels in the HTTP message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Body,
    Label,
    Query,
    Header,
}

/// Constraints in effect at one use of a shape (member traits replace the
/// target's of the same kind).
#[derive(Default)]
struct Effective {
    length: Option<(u64, u64)>,
    range: Option<(Option<f64>, Option<f64>)>,
    pattern: Option<String>,
    unique: bool,
    timestamp_format: Option<String>,
}

/// Generates values of one model.
pub struct ValueGen<'m> {
    model: &'m Model,
    /// The random source.
    pub rng: Rng,
    /// Beyond this depth, optional members are left out and collections kept short.
    pub max_depth: usize,
}

impl<'m> ValueGen<'m> {
    /// A generator for `model` with the given seed.
    pub fn new(model: &'m Model, seed: u64) -> Self {
        ValueGen {
            model,
            rng: Rng::new(seed),
            max_depth: 5,
        }
    }

    fn shape(&self, id: &ShapeId) -> &'m Shape {
        self.model
            .shapes
            .get(id)
            .unwrap_or_else(|| panic!("the model has no shape `{id}`"))
    }

    /// The JSON form of an operation's input or output structure: every
    /// member by its JSON name, values fit for the member's HTTP binding.
    pub fn top_level(&mut self, id: &ShapeId, side: Side) -> Value {
        self.structure(id, side, 0, true)
    }

    fn structure(&mut self, id: &ShapeId, side: Side, depth: usize, top: bool) -> Value {
        let shape = self.shape(id);
        let is_input = shape.traits.contains_key("smithy.api#input");
        let mut out = Map::new();
        for m in &shape.members {
            let required = m.traits.contains_key("smithy.api#required");
            let has_default = m
                .traits
                .get("smithy.api#default")
                .is_some_and(|d| !d.is_null());
            // Defaults are filled when absent (except at the top of an
            // input), so a generated value always states them.
            let present = required
                || (has_default && !(top && is_input))
                || (depth < self.max_depth && self.rng.chance(if depth < 2 { 0.7 } else { 0.35 }));
            if !present {
                continue;
            }
            let place = if !top {
                Place::Body
            } else if m.traits.contains_key("smithy.api#httpLabel") {
                Place::Label
            } else if m.traits.contains_key("smithy.api#httpQuery") {
                Place::Query
            } else if m.traits.contains_key("smithy.api#httpHeader") {
                Place::Header
            } else {
                Place::Body
            };
            let key = json_name(m).to_string();
            let value = self.value(&m.target, &m.traits, side, place, depth + 1);
            out.insert(key, value);
        }
        Value::Object(out)
    }

    fn effective(&self, member_traits: &Traits, target: &Shape) -> Effective {
        let pick = |id: &str| member_traits.get(id).or_else(|| target.traits.get(id));
        let num = |v: &Value, k: &str| v.get(k).and_then(Value::as_f64);
        Effective {
            length: pick("smithy.api#length").map(|v| {
                (
                    num(v, "min").map_or(0, |n| n as u64),
                    num(v, "max").map_or(u64::MAX, |n| n as u64),
                )
            }),
            range: pick("smithy.api#range").map(|v| (num(v, "min"), num(v, "max"))),
            pattern: pick("smithy.api#pattern")
                .and_then(Value::as_str)
                .map(str::to_string),
            unique: pick("smithy.api#uniqueItems").is_some() || target.ty == ShapeType::Set,
            timestamp_format: pick("smithy.api#timestampFormat")
                .and_then(Value::as_str)
                .map(str::to_string),
        }
    }

    fn value(
        &mut self,
        target: &ShapeId,
        member_traits: &Traits,
        side: Side,
        place: Place,
        depth: usize,
    ) -> Value {
        let shape = self.shape(target);
        let c = self.effective(member_traits, shape);
        match shape.ty {
            ShapeType::String => Value::String(self.string(&c, place)),
            ShapeType::Boolean => Value::Bool(self.rng.chance(0.5)),
            ShapeType::Byte => self.integer(&c, i8::MIN.into(), i8::MAX.into()),
            ShapeType::Short => self.integer(&c, i16::MIN.into(), i16::MAX.into()),
            ShapeType::Integer => self.integer(&c, i32::MIN.into(), i32::MAX.into()),
            ShapeType::Long => self.integer(&c, i64::MIN, i64::MAX),
            ShapeType::Float => self.float(&c, true),
            ShapeType::Double => self.float(&c, false),
            ShapeType::Timestamp => self.timestamp(&c, place),
            ShapeType::Blob => {
                let (lo, hi) = c.length.unwrap_or((0, u64::MAX));
                let n = self.rng.range(lo, hi.min(lo + 12));
                let bytes: Vec<u8> = (0..n).map(|_| self.rng.next_u64() as u8).collect();
                Value::String(smithy_runtime::base64::encode(&bytes))
            }
            ShapeType::Document => self.document(2, true),
            ShapeType::Enum => {
                let values: Vec<String> = shape
                    .members
                    .iter()
                    .map(|m| {
                        m.traits
                            .get("smithy.api#enumValue")
                            .and_then(Value::as_str)
                            .unwrap_or(&m.name)
                            .to_string()
                    })
                    .collect();
                if side == Side::Output && self.rng.chance(0.2) {
                    Value::String(format!("FUTURE_VALUE_{}", self.rng.range(0, 999)))
                } else {
                    Value::String(self.rng.pick(&values).clone())
                }
            }
            ShapeType::IntEnum => {
                let values: Vec<i64> = shape
                    .members
                    .iter()
                    .filter_map(|m| m.traits.get("smithy.api#enumValue").and_then(Value::as_i64))
                    .collect();
                if side == Side::Output && self.rng.chance(0.2) {
                    json!(1_000_000 + self.rng.range(0, 999))
                } else {
                    json!(*self.rng.pick(&values))
                }
            }
            ShapeType::List | ShapeType::Set => {
                let item = &shape.members[0];
                let (lo, hi) = c.length.unwrap_or((0, u64::MAX));
                // An empty list in the query string is not sent at all.
                let lo = if place == Place::Query { lo.max(1) } else { lo };
                let cap = if depth >= self.max_depth { lo } else { lo + 3 };
                let n = self.rng.range(lo, hi.min(cap));
                let mut items: Vec<Value> = Vec::new();
                let mut attempts = 0;
                while (items.len() as u64) < n && attempts < 20 * (n + 1) {
                    attempts += 1;
                    let v = self.value(&item.target, &item.traits, side, place, depth + 1);
                    if c.unique && items.contains(&v) {
                        continue;
                    }
                    items.push(v);
                }
                Value::Array(items)
            }
            ShapeType::Map => {
                let (key, value) = (&shape.members[0], &shape.members[1]);
                let (lo, hi) = c.length.unwrap_or((0, u64::MAX));
                let cap = if depth >= self.max_depth { lo } else { lo + 3 };
                let n = self.rng.range(lo, hi.min(cap));
                let mut out = Map::new();
                let mut attempts = 0;
                while (out.len() as u64) < n && attempts < 20 * (n + 1) {
                    attempts += 1;
                    let k = self.value(&key.target, &key.traits, Side::Input, place, depth + 1);
                    let Value::String(k) = k else {
                        panic!("map keys of `{target}` are not strings")
                    };
                    let v = self.value(&value.target, &value.traits, side, place, depth + 1);
                    out.insert(k, v);
                }
                Value::Object(out)
            }
            ShapeType::Structure => self.structure(target, side, depth, false),
            ShapeType::Union => {
                if side == Side::Output && self.rng.chance(0.15) {
                    let mut o = Map::new();
                    let value = self.document(2, true);
                    o.insert(format!("FutureMember{}", self.rng.range(0, 99)), value);
                    return Value::Object(o);
                }
                // Deep down, prefer a member that does not nest further.
                let flat: Vec<_> = shape
                    .members
                    .iter()
                    .filter(|m| {
                        !matches!(
                            self.shape(&m.target).ty,
                            ShapeType::Structure
                                | ShapeType::Union
                                | ShapeType::List
                                | ShapeType::Map
                        )
                    })
                    .collect();
                let m = if depth >= self.max_depth && !flat.is_empty() {
                    *self.rng.pick(&flat)
                } else {
                    self.rng.pick(&shape.members)
                };
                let v = if m.target.as_str() == "smithy.api#Unit" {
                    json!({})
                } else {
                    self.value(&m.target, &m.traits, side, place, depth + 1)
                };
                let key = json_name(m);
                let mut o = Map::new();
                o.insert(key.to_string(), v);
                Value::Object(o)
            }
            other => panic!("the value generator does not make {other:?} values (`{target}`)"),
        }
    }

    fn integer(&mut self, c: &Effective, min: i64, max: i64) -> Value {
        let (lo, hi) = match c.range {
            Some((lo, hi)) => (
                lo.map_or(min, |l| (l.ceil() as i64).max(min)),
                hi.map_or(max, |h| (h.floor() as i64).min(max)),
            ),
            None => (min, max),
        };
        // Mostly small numbers near the bounds and zero, sometimes anything.
        let n = match self.rng.range(0, 3) {
            0 => lo,
            1 => hi,
            2 => 0i64.clamp(lo, hi),
            _ => lo.wrapping_add(self.rng.range(0, hi.wrapping_sub(lo) as u64) as i64),
        };
        json!(n)
    }

    fn float(&mut self, c: &Effective, single: bool) -> Value {
        let x: f64 = match c.range {
            Some((lo, hi)) => {
                let lo = lo.unwrap_or(-1e6);
                let hi = hi.unwrap_or(lo.abs() + 1e6);
                let t = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                let x = lo + (hi - lo) * t;
                if single {
                    // The nearest f32 may fall just outside the bounds: step inside.
                    let y = x as f32;
                    [y, step(y, true), step(y, false)]
                        .into_iter()
                        .map(f64::from)
                        .find(|v| *v >= lo && *v <= hi)
                        .unwrap_or(lo)
                } else {
                    x
                }
            }
            None => match self.rng.range(0, 5) {
                0 => f64::NAN,
                1 => f64::INFINITY,
                2 => -0.0,
                _ if single => f64::from(f32::from_bits(self.rng.next_u64() as u32)),
                _ => f64::from_bits(self.rng.next_u64()),
            },
        };
        if x.is_nan() {
            json!("NaN")
        } else if x.is_infinite() {
            json!(if x > 0.0 { "Infinity" } else { "-Infinity" })
        } else if single {
            // A float is written in the shortest text that reads back as the
            // same f32 (not as the f64 that holds it).
            serde_json::from_str(&format!("{:?}", x as f32)).expect("a number")
        } else {
            Value::Number(Number::from_f64(x).expect("finite"))
        }
    }

    fn timestamp(&mut self, c: &Effective, place: Place) -> Value {
        let format = c.timestamp_format.as_deref().unwrap_or(match place {
            Place::Body => "epoch-seconds",
            Place::Header => "http-date",
            Place::Label | Place::Query => "date-time",
        });
        let secs = self.rng.range(0, 4_102_444_799) as i64;
        // http-date has whole seconds; so do headers, whatever the format.
        let millis = if format == "http-date" || place == Place::Header {
            0
        } else {
            self.rng.range(0, 999) as u32
        };
        let t = smithy_runtime::DateTime::from_secs_and_nanos(secs, millis * 1_000_000)
            .expect("in range");
        // The JSON form a structure writes: epoch seconds unless the model
        // names another format for this member or its target.
        match c.timestamp_format.as_deref() {
            Some("date-time") => json!(t.fmt_date_time()),
            Some("http-date") => json!(t.fmt_http_date()),
            _ => serde_json::from_str(&t.fmt_epoch_seconds()).expect("a number"),
        }
    }

    /// A document value; `null` only inside another (a member or item set
    /// to `null` is not set, whatever its type).
    fn document(&mut self, depth: usize, top: bool) -> Value {
        match self
            .rng
            .range(u64::from(top), if depth == 0 { 2 } else { 4 })
        {
            0 => Value::Null,
            1 => json!(self.rng.chance(0.5)),
            2 => json!(self.rng.range(0, 1000)),
            3 => json!([self.document(depth - 1, false), "x"]),
            _ => json!({"k": self.document(depth - 1, false), "n": 1.5}),
        }
    }

    fn string(&mut self, c: &Effective, place: Place) -> String {
        let (mut lo, hi) = c.length.unwrap_or((0, u64::MAX));
        if place == Place::Label {
            lo = lo.max(1);
        }
        let translated = c
            .pattern
            .as_deref()
            .and_then(|p| codegen::pattern::translate(p).ok());
        for attempt in 0..200u32 {
            let s = match &translated {
                Some(t) => match regex_sample(&t.regex, t.char_count, &mut self.rng, attempt) {
                    Some(s) => s,
                    None => break,
                },
                None => {
                    let n = self.rng.range(lo, hi.min(lo + 12));
                    (0..n).map(|_| self.char(place)).collect()
                }
            };
            let n = s.chars().count() as u64;
            let fits_place = match place {
                Place::Header => s.bytes().all(|b| (0x20..0x7f).contains(&b)) && s.trim() == s,
                _ => true,
            };
            if n >= lo
                && n <= hi
                && fits_place
                && translated
                    .as_ref()
                    .is_none_or(|t| codegen::pattern::is_match(t, &s))
            {
                return s;
            }
        }
        panic!(
            "no value of length {lo}..={hi} found for pattern {:?} ({place:?})",
            c.pattern
        )
    }

    fn char(&mut self, place: Place) -> char {
        const ASCII: &[u8] = b"abcXYZ019 -_.~/:%+&=?#@!\"\\'";
        if place == Place::Header {
            return char::from(b"abcXYZ019-_.~/:;,=+"[self.rng.range(0, 18) as usize]);
        }
        match self.rng.range(0, 9) {
            0 => *self
                .rng
                .pick(&['é', '👍', '中', '\u{2028}', '\n', '\t', '\u{0}', 'ß']),
            _ => char::from(*self.rng.pick(ASCII)),
        }
    }
}

/// The next f32 up or down from a finite `y` (what `f32::next_up` does, on older toolchains).
fn step(y: f32, up: bool) -> f32 {
    if y == 0.0 {
        let tiny = f32::from_bits(1);
        return if up { tiny } else { -tiny };
    }
    let bits = y.to_bits();
    let away_from_zero = up == (y > 0.0);
    f32::from_bits(if away_from_zero { bits + 1 } else { bits - 1 })
}

/// A random string matched by `regex` (the `regex` crate's syntax): walks the
/// parsed expression, choosing branches, characters and repetition counts at
/// random (unbounded repetitions grow with `attempt`; `char_count` bounds the
/// length of patterns the generator matches as `^[class]*$` plus a count).
/// Look-arounds are ignored; callers check the result with the real matcher.
pub fn regex_sample(
    regex: &str,
    char_count: Option<(u64, u64)>,
    rng: &mut Rng,
    attempt: u32,
) -> Option<String> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn walk(h: &Hir, rng: &mut Rng, out: &mut String, spread: u64, star: Option<(u64, u64)>) {
        match h.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
            HirKind::Class(Class::Unicode(cls)) => {
                let ranges = cls.ranges();
                if ranges.is_empty() {
                    return;
                }
                // Prefer the first ranges (usually the plain ones), sometimes any.
                let r = if rng.chance(0.7) {
                    &ranges[0..ranges.len().min(3)]
                } else {
                    ranges
                };
                let r = rng.pick(r);
                let (a, b) = (
                    u64::from(u32::from(r.start())),
                    u64::from(u32::from(r.end())),
                );
                let c = (0..8)
                    .find_map(|_| char::from_u32(rng.range(a, b.min(a + 200)) as u32))
                    .unwrap_or(r.start());
                out.push(c);
            }
            HirKind::Class(Class::Bytes(cls)) => {
                if let Some(r) = cls.ranges().first() {
                    out.push(char::from(r.start().min(0x7f)));
                }
            }
            HirKind::Repetition(rep) => {
                let (lo, hi) = match (rep.max, star) {
                    (None, Some((a, b))) => (u64::from(rep.min).max(a), b.min(a + 8)),
                    (None, None) => (u64::from(rep.min), u64::from(rep.min) + spread),
                    (Some(max), _) => (
                        u64::from(rep.min),
                        u64::from(max).min(u64::from(rep.min) + spread.max(2)),
                    ),
                };
                let n = rng.range(lo, hi.max(lo));
                for _ in 0..n {
                    walk(&rep.sub, rng, out, spread, None);
                }
            }
            HirKind::Capture(cap) => walk(&cap.sub, rng, out, spread, star),
            HirKind::Concat(items) => {
                for item in items {
                    walk(item, rng, out, spread, star);
                }
            }
            HirKind::Alternation(items) => walk(rng.pick(items), rng, out, spread, star),
        }
    }
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(regex)
        .ok()?;
    let mut out = String::new();
    walk(&hir, rng, &mut out, 1 << (attempt % 7), char_count);
    Some(out)
}

/// A member's key in JSON documents: `@jsonName`, else its name.
pub fn json_name(m: &codegen::model::Member) -> &str {
    m.traits
        .get("smithy.api#jsonName")
        .and_then(Value::as_str)
        .unwrap_or(&m.name)
}

/// Canonical JSON for comparing two documents: numbers compared as doubles
/// (`1` and `1.0` are the same number), everything else as is.
pub fn canonical(v: &Value) -> Value {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(x) => Value::String(format!("{:?}", x + 0.0)),
            None => v.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
        }
        other => other.clone(),
    }
}

/// Like [`canonical`], guided by the shape: numbers of `float` shapes are
/// compared as `f32` (`3.2003706` and `3.2003705501556396` are the same f32),
/// those of `double` shapes as `f64`.
pub fn canonical_as(model: &Model, target: &ShapeId, v: &Value) -> Value {
    let Some(shape) = model.shapes.get(target) else {
        return canonical(v);
    };
    match (shape.ty, v) {
        (ShapeType::Float, Value::Number(n)) => {
            Value::String(format!("{:?}", n.as_f64().unwrap_or(f64::NAN) as f32 + 0.0))
        }
        (ShapeType::Structure | ShapeType::Union, Value::Object(o)) => Value::Object(
            o.iter()
                .map(|(k, x)| {
                    let member = shape.members.iter().find(|m| json_name(m) == k);
                    (
                        k.clone(),
                        member.map_or_else(|| canonical(x), |m| canonical_as(model, &m.target, x)),
                    )
                })
                .collect(),
        ),
        (ShapeType::List | ShapeType::Set, Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|x| canonical_as(model, &shape.members[0].target, x))
                .collect(),
        ),
        (ShapeType::Map, Value::Object(o)) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), canonical_as(model, &shape.members[1].target, x)))
                .collect(),
        ),
        _ => canonical(v),
    }
}

/// The JSON pointer of the first place where two documents differ, with both values there.
pub fn first_difference(a: &Value, b: &Value) -> Option<(String, Value, Value)> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => {
                        if let Some((path, u, v)) = first_difference(p, q) {
                            return Some((format!("/{k}{path}"), u, v));
                        }
                    }
                    (p, q) => {
                        return Some((
                            format!("/{k}"),
                            p.cloned().unwrap_or(Value::Null),
                            q.cloned().unwrap_or(Value::Null),
                        ));
                    }
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (p, q))| {
                first_difference(p, q).map(|(path, u, v)| (format!("/{i}{path}"), u, v))
            })
        }
        _ if a == b => None,
        _ => Some((String::new(), a.clone(), b.clone())),
    }
}

/// The members of an operation's input or output structure by HTTP binding:
/// JSON name → binding (`"body"`, `"label"`, `"query:<name>"`,
/// `"header:<name>"`, `"payload"`, `"prefix-headers"`, `"query-params"`,
/// `"status"`).
pub fn bindings(model: &Model, id: &ShapeId) -> BTreeMap<String, String> {
    let shape = &model.shapes[id];
    shape
        .members
        .iter()
        .map(|m| {
            let key = json_name(m).to_string();
            let t = &m.traits;
            let b = if t.contains_key("smithy.api#httpLabel") {
                "label".to_string()
            } else if let Some(q) = t.get("smithy.api#httpQuery").and_then(Value::as_str) {
                format!("query:{q}")
            } else if let Some(h) = t.get("smithy.api#httpHeader").and_then(Value::as_str) {
                format!("header:{h}")
            } else if t.contains_key("smithy.api#httpPayload") {
                "payload".to_string()
            } else if t.contains_key("smithy.api#httpPrefixHeaders") {
                "prefix-headers".to_string()
            } else if t.contains_key("smithy.api#httpQueryParams") {
                "query-params".to_string()
            } else if t.contains_key("smithy.api#httpResponseCode") {
                "status".to_string()
            } else {
                "body".to_string()
            };
            (key, b)
        })
        .collect()
}
