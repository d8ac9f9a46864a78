//! Constraint checks: the [`Validate`] trait every generated type implements,
//! the [`Validator`] that walks a value collecting every [`Violation`], and
//! the rules ([`StrRules`], [`ListRules`], [`IntRange`], …) that generated
//! code hands it. Messages follow Smithy's wording exactly and never include
//! the value (so `@sensitive` values never leak).
//!
//! A generated structure's check looks like this:
//!
//! ```text
//! impl Validate for ParticipantDetails {
//!     fn validate_into<'a>(&'a self, v: &mut Validator<'a>) {
//!         v.member("DisplayName", &self.display_name, &StrRules { length: Some(Length { min: Some(1), max: Some(256) }), pattern: None });
//!     }
//! }
//! ```
//!
//! Several violations are summarised as `N validation errors detected. M1; M2; …`
//! (Smithy only specifies the single-violation form `1 validation error detected. M`).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use crate::json::{JsonKey, JsonWriter};

/// A value whose Smithy constraints can be checked.
pub trait Validate {
    /// Checks every constraint, returning all violations (never only the first).
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut v = Validator::new();
        self.validate_into(&mut v);
        v.finish()
    }

    /// Adds this value's violations to `v`, at `v`'s current path.
    fn validate_into<'a>(&'a self, v: &mut Validator<'a>);
}

/// Operations without input take `()`: nothing to check.
impl Validate for () {
    fn validate_into<'a>(&'a self, _v: &mut Validator<'a>) {}
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into<'a>(&'a self, v: &mut Validator<'a>) {
        (**self).validate_into(v)
    }
}

/// The kinds of constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConstraintKind {
    /// `@required`: the member is missing or `null`.
    Required,
    /// `@length`.
    Length,
    /// `@pattern`.
    Pattern,
    /// `@range`.
    Range,
    /// The value is not one of an enum's values.
    Enum,
    /// `@uniqueItems`.
    UniqueItems,
}

/// One failed constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer built from Smithy member names (`/ParticipantDetails/DisplayName`).
    pub path: String,
    /// Which constraint failed.
    pub kind: ConstraintKind,
    /// Smithy's message, e.g. `Value at '/InstanceId' failed to satisfy constraint: Member must not be null`.
    pub message: String,
}

/// Every violation found in one value, in a stable order (the order of the
/// members in the model, depth first; missing required members found while
/// reading JSON come first).
///
/// A server lists only the first few violations (see [`Validator::bounded`])
/// and counts the rest, so that a small hostile request cannot make it build
/// a huge answer; [`Validate::validate`] lists them all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
    /// Violations found but not listed.
    omitted: usize,
}

impl ValidationErrors {
    /// Wraps a list of violations.
    pub fn new(violations: Vec<Violation>) -> Self {
        ValidationErrors {
            violations,
            omitted: 0,
        }
    }

    /// The violations listed (all of them, unless found by a bounded validator).
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// How many violations were found but not listed.
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// Number of violations found (listed or not).
    pub fn len(&self) -> usize {
        self.violations.len() + self.omitted
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends another set of violations.
    pub fn extend(&mut self, other: ValidationErrors) {
        self.violations.extend(other.violations);
        self.omitted += other.omitted;
    }

    /// The same violations, listing only as many as keep the answer's messages
    /// (each is written twice: in the summary and in `fieldList`) within
    /// `max_bytes`, the first always, and counting the others.
    pub fn within(&self, max_bytes: usize) -> ValidationErrors {
        let mut used = 0;
        let mut kept = 0;
        for v in &self.violations {
            let cost = 2 * (v.message.len() + v.path.len()) + 32;
            if kept > 0 && used + cost > max_bytes {
                break;
            }
            used += cost;
            kept += 1;
        }
        ValidationErrors {
            violations: self.violations[..kept].to_vec(),
            omitted: self.omitted + (self.violations.len() - kept),
        }
    }

    /// The body of a Smithy `ValidationException`:
    /// `{"message": "<summary>", "fieldList": [{"message": …, "path": …}, …]}`.
    pub fn to_json_body(&self) -> String {
        let mut w = JsonWriter::new();
        let mut o = w.object();
        o.field("message", &self.to_string());
        o.field(
            "fieldList",
            &self.violations.iter().map(FieldItem).collect::<Vec<_>>(),
        );
        o.end();
        w.into_string()
    }
}

struct FieldItem<'a>(&'a Violation);

impl crate::json::ToJson for FieldItem<'_> {
    fn write_json(&self, out: &mut JsonWriter) {
        let mut o = out.object();
        o.field("message", &self.0.message);
        o.field("path", &self.0.path);
        o.end();
    }
}

impl fmt::Display for ValidationErrors {
    /// `N validation errors detected. M1; M2; …` (Smithy's own wording for
    /// one violation), ending `; and K more` when only some are listed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.len();
        write!(
            f,
            "{n} validation error{} detected. ",
            if n == 1 { "" } else { "s" }
        )?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&v.message)?;
        }
        if self.omitted > 0 {
            write!(f, "; and {} more", self.omitted)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Why an input document was refused: it is not JSON of the right shape, or
/// it breaks constraints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Not JSON, or a value of the wrong JSON type (a `SerializationException`).
    Malformed(crate::json::DecodeError),
    /// Every constraint violation, missing required members included (a `ValidationException`).
    Invalid(ValidationErrors),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Malformed(e) => write!(f, "malformed input: {e}"),
            InputError::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for InputError {}

impl From<crate::json::DecodeError> for InputError {
    fn from(e: crate::json::DecodeError) -> Self {
        InputError::Malformed(e)
    }
}

/// Reads a JSON document and checks every constraint, as a Smithy server
/// does: an unknown union member is malformed; missing or `null` required
/// members are reported as `Member must not be null` (first, in document
/// order) together with every other violation; the placeholders that stand
/// in for missing members are not checked themselves. Only the first
/// violations are listed (see [`Validator::bounded`]).
pub fn decode_and_validate<T: crate::json::FromJson + Validate>(
    bytes: &[u8],
) -> Result<T, InputError> {
    let (value, missing) = crate::json::from_slice_for_server::<T>(bytes)?;
    check_decoded(value, &missing)
}

/// The second half of [`decode_and_validate`], for a value read leniently
/// (and completed from HTTP bindings): `missing` are the required members
/// still missing. Time is linear in the size of the value, and the answer's
/// size is bounded ([`Validator::bounded`]).
pub fn check_decoded<T: Validate>(
    value: T,
    missing: &crate::json::Missing,
) -> Result<T, InputError> {
    let mut v = Validator::bounded();
    for path in missing.paths().take(LISTED_LIMIT) {
        if !v.count_if_full() {
            v.push(path, ConstraintKind::Required, |p| {
                format!("Value at '{p}' failed to satisfy constraint: Member must not be null")
            });
        }
    }
    v.omitted += missing.len().saturating_sub(LISTED_LIMIT);
    v.missing = Some(missing);
    v.cursor.push(Some(crate::json::Missing::ROOT));
    value.validate_into(&mut v);
    match v.finish() {
        Ok(()) => Ok(value),
        Err(e) => Err(InputError::Invalid(e)),
    }
}

/// A bounded validator lists at most this many violations…
pub const LISTED_LIMIT: usize = 16;
/// …and stops listing once their messages reach this many bytes.
pub const LISTED_BYTES: usize = 8 * 1024;

use crate::json::Seg;

/// Walks a value, keeping the JSON pointer of where it is and collecting violations.
#[derive(Debug)]
pub struct Validator<'a> {
    path: Vec<Seg<'a>>,
    violations: Vec<Violation>,
    /// Violations found beyond the listing limits.
    omitted: usize,
    /// Listing limits: violations, and bytes of messages.
    limit: (usize, usize),
    listed_bytes: usize,
    /// Required members that were missing when the value was read: nothing
    /// under them (their placeholders) is checked.
    missing: Option<&'a crate::json::Missing>,
    /// For each step of `path` (and the root first), its node in `missing`.
    cursor: Vec<Option<u32>>,
    /// How many steps of `path` are missing members.
    inside_missing: usize,
}

impl Default for Validator<'_> {
    fn default() -> Self {
        Validator {
            path: Vec::new(),
            violations: Vec::new(),
            omitted: 0,
            limit: (usize::MAX, usize::MAX),
            listed_bytes: 0,
            missing: None,
            cursor: Vec::new(),
            inside_missing: 0,
        }
    }
}

impl<'a> Validator<'a> {
    /// A validator at the root, with no violations, that lists every violation.
    pub fn new() -> Self {
        Validator::default()
    }

    /// A validator that lists the first [`LISTED_LIMIT`] violations (fewer
    /// once their messages reach [`LISTED_BYTES`]) and only counts the rest:
    /// what a server answers stays small whatever the request.
    pub fn bounded() -> Self {
        Validator {
            limit: (LISTED_LIMIT, LISTED_BYTES),
            ..Validator::default()
        }
    }

    /// `Ok` if nothing was reported, else every violation.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.violations.is_empty() && self.omitted == 0 {
            Ok(())
        } else {
            Err(ValidationErrors {
                violations: self.violations,
                omitted: self.omitted,
            })
        }
    }

    /// The violations reported so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The current JSON pointer (`""` at the root).
    pub fn pointer(&self) -> String {
        crate::json::pointer_of(&self.path)
    }

    /// Steps into `seg`; whether it is a missing member.
    fn enter(&mut self, seg: Seg<'a>) -> bool {
        self.path.push(seg);
        let node = match (self.missing, self.cursor.last()) {
            (Some(m), Some(Some(parent))) => m.child(*parent, seg),
            _ => None,
        };
        let is_missing = node.is_some_and(|n| self.missing.is_some_and(|m| m.is_missing(n)));
        if self.missing.is_some() {
            self.cursor.push(node);
        }
        self.inside_missing += usize::from(is_missing);
        is_missing
    }

    /// Steps back out of what [`Validator::enter`] stepped into.
    fn leave(&mut self, is_missing: bool) {
        self.inside_missing -= usize::from(is_missing);
        if self.missing.is_some() {
            self.cursor.pop();
        }
        self.path.pop();
    }

    /// Lists a violation at `path` (the caller checked the listing limits).
    fn push(&mut self, path: String, kind: ConstraintKind, message: impl FnOnce(&str) -> String) {
        let message = message(&path);
        self.listed_bytes += message.len() + path.len();
        self.violations.push(Violation {
            path,
            kind,
            message,
        });
    }

    /// Whether a violation here would be counted but not listed, or is
    /// under a missing member (then it is not reported at all).
    fn reporting(&mut self) -> bool {
        if self.inside_missing > 0 {
            return false;
        }
        !self.count_if_full()
    }

    /// Whether the listing limits are reached; if so, counts one more omitted violation.
    fn count_if_full(&mut self) -> bool {
        let full = self.violations.len() >= self.limit.0
            || (self.listed_bytes >= self.limit.1 && !self.violations.is_empty());
        self.omitted += usize::from(full);
        full
    }

    /// Reports a violation at the current path; `what` completes
    /// `Value at '…' failed to satisfy constraint: Member must …`.
    pub fn report(&mut self, kind: ConstraintKind, what: fmt::Arguments<'_>) {
        if self.reporting() {
            let path = self.pointer();
            self.push(path, kind, |p| {
                format!("Value at '{p}' failed to satisfy constraint: Member must {what}")
            });
        }
    }

    fn report_length(&mut self, len: usize, rule: &Length) {
        let bound = match (rule.min, rule.max) {
            (Some(lo), Some(hi)) => format!("between {lo} and {hi}, inclusive"),
            (Some(lo), None) => format!("greater than or equal to {lo}"),
            (None, Some(hi)) => format!("less than or equal to {hi}"),
            (None, None) => return,
        };
        if self.reporting() {
            let path = self.pointer();
            self.push(path, ConstraintKind::Length, |p| {
                format!("Value with length {len} at '{p}' failed to satisfy constraint: Member must have length {bound}")
            });
        }
    }

    // `member`, `optional` and `required` are instantiated for every
    // member of every generated type: they step in, check and step out, and
    // leave the bookkeeping to the plain `enter` and `leave`.

    /// Checks a member that is set.
    pub fn member<T: ?Sized, R: Rule<T>>(&mut self, name: &'a str, value: &'a T, rules: &R) {
        let is_missing = self.enter(Seg::Key(name));
        rules.check(value, self);
        self.leave(is_missing);
    }

    /// Checks an optional member when it is set.
    pub fn optional<T, R: Rule<T>>(&mut self, name: &'a str, value: &'a Option<T>, rules: &R) {
        if let Some(value) = value {
            let is_missing = self.enter(Seg::Key(name));
            rules.check(value, self);
            self.leave(is_missing);
        }
    }

    /// Checks a member the service requires but the Rust type leaves optional
    /// (`@clientOptional`): unset is a `Member must not be null` violation.
    pub fn required<T, R: Rule<T>>(&mut self, name: &'a str, value: &'a Option<T>, rules: &R) {
        let is_missing = self.enter(Seg::Key(name));
        match value {
            Some(value) => rules.check(value, self),
            None => self.report(ConstraintKind::Required, format_args!("not be null")),
        }
        self.leave(is_missing);
    }

    /// Reports a value outside its enum's value set (`values` is `[a, b, c]`).
    pub fn not_in_enum(&mut self, values: &str) {
        self.report(
            ConstraintKind::Enum,
            format_args!("satisfy enum value set: {values}"),
        );
    }

    /// Checks a generated value's own constraints.
    pub fn nested<T: Validate + ?Sized>(&mut self, value: &'a T) {
        value.validate_into(self);
    }
}

/// How to check one value; generated code passes these to [`Validator::member`].
pub trait Rule<T: ?Sized> {
    /// Reports the value's violations at the validator's current path.
    fn check<'a>(&self, value: &'a T, v: &mut Validator<'a>);
}

/// A generated type: its own [`Validate`] impl does the checking.
#[derive(Debug, Clone, Copy)]
pub struct Nested;

impl<T: Validate + ?Sized> Rule<T> for Nested {
    fn check<'a>(&self, value: &'a T, v: &mut Validator<'a>) {
        v.nested(value)
    }
}

/// Nothing to check.
#[derive(Debug, Clone, Copy)]
pub struct Unchecked;

impl<T: ?Sized> Rule<T> for Unchecked {
    fn check<'a>(&self, _value: &'a T, _v: &mut Validator<'a>) {}
}

/// The items of a `@sparse` list or values of a `@sparse` map: `null`
/// (`None`) passes, a value is checked by the inner rule.
#[derive(Debug, Clone, Copy)]
pub struct Sparse<R>(pub R);

impl<T, R: Rule<T>> Rule<Option<T>> for Sparse<R> {
    fn check<'a>(&self, value: &'a Option<T>, v: &mut Validator<'a>) {
        if let Some(x) = value {
            self.0.check(x, v);
        }
    }
}

/// `@length` bounds, inclusive.
#[derive(Debug, Clone, Copy)]
pub struct Length {
    /// Lower bound.
    pub min: Option<u64>,
    /// Upper bound.
    pub max: Option<u64>,
}

impl Length {
    /// No bound (used where a list or map has item rules but no `@length`).
    pub const ANY: Length = Length {
        min: None,
        max: None,
    };

    /// `min..=max`.
    pub const fn between(min: u64, max: u64) -> Self {
        Length {
            min: Some(min),
            max: Some(max),
        }
    }

    /// `min..`.
    pub const fn at_least(min: u64) -> Self {
        Length {
            min: Some(min),
            max: None,
        }
    }

    /// `..=max`.
    pub const fn at_most(max: u64) -> Self {
        Length {
            min: None,
            max: Some(max),
        }
    }

    fn admits(&self, len: usize) -> bool {
        let len = len as u64;
        self.min.is_none_or(|m| len >= m) && self.max.is_none_or(|m| len <= m)
    }
}

/// Rules for a string: `@length` in Unicode scalar values, and `@pattern`.
#[derive(Debug, Clone, Copy)]
pub struct StrRules {
    /// `@length`.
    pub length: Option<Length>,
    /// `@pattern`.
    pub pattern: Option<&'static Pattern>,
}

impl StrRules {
    /// `@length` only.
    pub const fn len(length: Length) -> Self {
        StrRules {
            length: Some(length),
            pattern: None,
        }
    }

    /// `@pattern` only.
    pub const fn pat(pattern: &'static Pattern) -> Self {
        StrRules {
            length: None,
            pattern: Some(pattern),
        }
    }

    /// `@length` and `@pattern`.
    pub const fn len_pat(length: Length, pattern: &'static Pattern) -> Self {
        StrRules {
            length: Some(length),
            pattern: Some(pattern),
        }
    }
}

impl Rule<String> for StrRules {
    fn check<'a>(&self, value: &'a String, v: &mut Validator<'a>) {
        if let Some(length) = &self.length {
            // Bytes bound the count of chars from both sides; count only when needed.
            let bytes = value.len();
            let fits_fast = length.min.is_none_or(|m| bytes as u64 >= m * 4)
                && length.max.is_none_or(|m| bytes as u64 <= m);
            if !fits_fast {
                let n = value.chars().count();
                if !length.admits(n) {
                    v.report_length(n, length);
                }
            }
        }
        if let Some(p) = self.pattern
            && !p.is_match(value)
        {
            v.report(
                ConstraintKind::Pattern,
                format_args!("satisfy regular expression pattern: {}", p.source()),
            );
        }
    }
}

/// Rules for a blob: `@length` in bytes.
#[derive(Debug, Clone, Copy)]
pub struct BlobRules {
    /// `@length`.
    pub length: Option<Length>,
}

impl BlobRules {
    /// `@length` in bytes.
    pub const fn len(length: Length) -> Self {
        BlobRules {
            length: Some(length),
        }
    }
}

impl Rule<Vec<u8>> for BlobRules {
    fn check<'a>(&self, value: &'a Vec<u8>, v: &mut Validator<'a>) {
        if let Some(length) = &self.length
            && !length.admits(value.len())
        {
            v.report_length(value.len(), length);
        }
    }
}

/// Rules for a list: `@length` in items, `@uniqueItems`, and each item's rules.
#[derive(Debug, Clone, Copy)]
pub struct ListRules<R> {
    /// `@length`.
    pub length: Option<Length>,
    /// `@uniqueItems`.
    pub unique: bool,
    /// Rules for each item.
    pub item: R,
}

impl<R> ListRules<R> {
    /// A list's rules ([`Length::ANY`] when it has no `@length`).
    pub const fn new(length: Length, unique: bool, item: R) -> Self {
        ListRules {
            length: Some(length),
            unique,
            item,
        }
    }
}

impl<T: crate::json::ToJson, R: Rule<T>> Rule<Vec<T>> for ListRules<R> {
    fn check<'a>(&self, value: &'a Vec<T>, v: &mut Validator<'a>) {
        if let Some(length) = &self.length
            && !length.admits(value.len())
        {
            v.report_length(value.len(), length);
        }
        let items = value.as_slice();
        if self.unique && has_duplicates(items.len(), &|i| &items[i]) {
            v.report(
                ConstraintKind::UniqueItems,
                format_args!("have unique values"),
            );
        }
        let mut i = 0;
        while i < items.len() {
            let is_missing = v.enter(Seg::Index(i));
            self.item.check(&items[i], v);
            v.leave(is_missing);
            i += 1;
        }
    }
}

/// Whether two items are equal on the wire: each item's JSON text goes into
/// a hash set, so the check is linear in the size of the list (comparing
/// every pair would be quadratic).
/// `item(i)` is item `i`.
fn has_duplicates<'a>(len: usize, item: &dyn Fn(usize) -> &'a dyn crate::json::ToJson) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(len);
    (0..len).any(|i| !seen.insert(crate::json::to_string_dyn(item(i))))
}

/// Rules for a map: `@length` in entries, rules for keys (reported at the
/// map's own path) and for values (at `/<key>`).
#[derive(Debug, Clone, Copy)]
pub struct MapRules<K, V> {
    /// `@length`.
    pub length: Option<Length>,
    /// Rules for each key.
    pub key: K,
    /// Rules for each value.
    pub value: V,
}

impl<K, V> MapRules<K, V> {
    /// A map's rules ([`Length::ANY`] when it has no `@length`).
    pub const fn new(length: Length, key: K, value: V) -> Self {
        MapRules {
            length: Some(length),
            key,
            value,
        }
    }
}

impl<Kt: JsonKey, Vt, K: Rule<Kt>, V: Rule<Vt>> Rule<BTreeMap<Kt, Vt>> for MapRules<K, V> {
    fn check<'a>(&self, map: &'a BTreeMap<Kt, Vt>, v: &mut Validator<'a>) {
        if let Some(length) = &self.length
            && !length.admits(map.len())
        {
            v.report_length(map.len(), length);
        }
        for (key, value) in map {
            self.key.check(key, v);
            let is_missing = v.enter(Seg::Key(key.as_key()));
            self.value.check(value, v);
            v.leave(is_missing);
        }
    }
}

/// `@range` for integers; the bounds' text is printed as the model writes it.
#[derive(Debug, Clone, Copy)]
pub struct IntRange {
    /// Lower bound (rounded up when the model writes a fraction).
    pub min: Option<i64>,
    /// Upper bound (rounded down when the model writes a fraction).
    pub max: Option<i64>,
    /// The bounds as the model writes them.
    pub text: (&'static str, &'static str),
}

/// `@range` for floats; NaN is outside every range.
#[derive(Debug, Clone, Copy)]
pub struct FloatRange {
    /// Lower bound.
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
    /// The bounds as the model writes them.
    pub text: (&'static str, &'static str),
}

impl IntRange {
    /// `min..=max`, with the bounds' model text.
    pub const fn between(
        min: i64,
        max: i64,
        min_text: &'static str,
        max_text: &'static str,
    ) -> Self {
        IntRange {
            min: Some(min),
            max: Some(max),
            text: (min_text, max_text),
        }
    }

    /// `min..`.
    pub const fn at_least(min: i64, min_text: &'static str) -> Self {
        IntRange {
            min: Some(min),
            max: None,
            text: (min_text, ""),
        }
    }

    /// `..=max`.
    pub const fn at_most(max: i64, max_text: &'static str) -> Self {
        IntRange {
            min: None,
            max: Some(max),
            text: ("", max_text),
        }
    }
}

impl FloatRange {
    /// `min..=max`, with the bounds' model text.
    pub const fn between(
        min: f64,
        max: f64,
        min_text: &'static str,
        max_text: &'static str,
    ) -> Self {
        FloatRange {
            min: Some(min),
            max: Some(max),
            text: (min_text, max_text),
        }
    }

    /// `min..`.
    pub const fn at_least(min: f64, min_text: &'static str) -> Self {
        FloatRange {
            min: Some(min),
            max: None,
            text: (min_text, ""),
        }
    }

    /// `..=max`.
    pub const fn at_most(max: f64, max_text: &'static str) -> Self {
        FloatRange {
            min: None,
            max: Some(max),
            text: ("", max_text),
        }
    }
}

fn report_range(v: &mut Validator<'_>, has: (bool, bool), text: (&str, &str)) {
    match has {
        (true, true) => v.report(
            ConstraintKind::Range,
            format_args!("be between {} and {}, inclusive", text.0, text.1),
        ),
        (true, false) => v.report(
            ConstraintKind::Range,
            format_args!("be greater than or equal to {}", text.0),
        ),
        (false, true) => v.report(
            ConstraintKind::Range,
            format_args!("be less than or equal to {}", text.1),
        ),
        (false, false) => {}
    }
}

macro_rules! int_range {
    ($($t:ty),*) => {$(
        impl Rule<$t> for IntRange {
            fn check<'a>(&self, value: &'a $t, v: &mut Validator<'a>) {
                let x = i64::from(*value);
                if self.min.is_some_and(|m| x < m) || self.max.is_some_and(|m| x > m) {
                    report_range(v, (self.min.is_some(), self.max.is_some()), self.text);
                }
            }
        }
    )*};
}
int_range!(i8, i16, i32, i64);

impl Rule<f64> for FloatRange {
    fn check<'a>(&self, value: &'a f64, v: &mut Validator<'a>) {
        let x = *value;
        let below = self.min.is_some_and(|m| x.is_nan() || x < m);
        let above = self.max.is_some_and(|m| x.is_nan() || x > m);
        if below || above {
            report_range(v, (self.min.is_some(), self.max.is_some()), self.text);
        }
    }
}

impl Rule<f32> for FloatRange {
    fn check<'a>(&self, value: &'a f32, v: &mut Validator<'a>) {
        // Compare in f32, so that a bound such as 8.8 admits the f32 nearest to it.
        let x = *value;
        let below = self.min.is_some_and(|m| x.is_nan() || x < m as f32);
        let above = self.max.is_some_and(|m| x.is_nan() || x > m as f32);
        if below || above {
            report_range(v, (self.min.is_some(), self.max.is_some()), self.text);
        }
    }
}

/// A `@pattern`, translated by the generator from ECMA-262 to the `regex`
/// crate's syntax (linear time, compiled once on first use).
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    regex: &'static str,
    forbidden_prefix: Option<&'static str>,
    required_prefixes: &'static [&'static str],
    char_count: Option<(u64, u64)>,
    compiled: OnceLock<Option<Compiled>>,
}

/// A pattern's expressions, compiled: the main one, the forbidden prefix,
/// the required prefixes.
type Compiled = (regex::Regex, Option<regex::Regex>, Vec<regex::Regex>);

impl Pattern {
    /// A pattern: `source` as the model writes it (for messages), `regex` its
    /// translation, and `forbidden_prefix` a lowered leading negative lookahead
    /// (`^(?!aws:)…`): a value matching it at the start fails;
    /// `required_prefixes` lowered leading positive lookaheads
    /// (`^(?=.*\d)…`): a value must match each at its start. `char_count`
    /// bounds the number of characters, for `^X{a,b}$` patterns (`X` one
    /// class, escape or `.`) that the generator splits so that their
    /// automaton stays small.
    pub const fn new(
        source: &'static str,
        regex: &'static str,
        forbidden_prefix: Option<&'static str>,
        required_prefixes: &'static [&'static str],
        char_count: Option<(u64, u64)>,
    ) -> Self {
        Pattern {
            source,
            regex,
            forbidden_prefix,
            required_prefixes,
            char_count,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the model writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `value` satisfies the pattern (ECMA-262 semantics: a search, not a full match).
    pub fn is_match(&self, value: &str) -> bool {
        let compiled = self.compiled.get_or_init(|| {
            let main = regex::Regex::new(self.regex).ok()?;
            let prefix = match self.forbidden_prefix {
                Some(p) => Some(regex::Regex::new(&format!("^(?:{p})")).ok()?),
                None => None,
            };
            let required = self
                .required_prefixes
                .iter()
                .map(|p| regex::Regex::new(&format!("^(?:{p})")).ok())
                .collect::<Option<Vec<_>>>()?;
            Some((main, prefix, required))
        });
        match compiled {
            // The generator checks every pattern compiles; should one not, no value is refused for it.
            None => true,
            Some((main, prefix, required)) => {
                self.char_count
                    .is_none_or(|(lo, hi)| (lo..=hi).contains(&(value.chars().count() as u64)))
                    && !prefix.as_ref().is_some_and(|p| p.is_match(value))
                    && required.iter().all(|r| r.is_match(value))
                    && main.is_match(value)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct S {
        name: String,
        tags: Option<Vec<String>>,
        score: f32,
        count: Option<i64>,
    }

    static NAME: Pattern = Pattern::new("^[a-z]+$", "^[a-z]+$", None, &[], None);

    impl Validate for S {
        fn validate_into<'a>(&'a self, v: &mut Validator<'a>) {
            v.member(
                "Name",
                &self.name,
                &StrRules {
                    length: Some(Length {
                        min: Some(2),
                        max: Some(4),
                    }),
                    pattern: Some(&NAME),
                },
            );
            v.optional(
                "Tags",
                &self.tags,
                &ListRules {
                    length: Some(Length {
                        min: None,
                        max: Some(2),
                    }),
                    unique: true,
                    item: StrRules {
                        length: Some(Length {
                            min: Some(1),
                            max: None,
                        }),
                        pattern: None,
                    },
                },
            );
            v.member(
                "Score",
                &self.score,
                &FloatRange {
                    min: Some(1.0),
                    max: Some(5.0),
                    text: ("1.0", "5.0"),
                },
            );
            v.required(
                "Count",
                &self.count,
                &IntRange {
                    min: None,
                    max: Some(i64::MAX),
                    text: ("", "9223372036854775807"),
                },
            );
        }
    }

    fn s() -> S {
        S {
            name: "ab".into(),
            tags: None,
            score: 1.0,
            count: Some(i64::MAX),
        }
    }

    #[test]
    fn valid_value_passes() {
        assert_eq!(s().validate(), Ok(()));
    }

    #[test]
    fn length_boundaries_count_scalar_values() {
        for (name, ok) in [("a", false), ("ab", true), ("abcd", true), ("abcde", false)] {
            let r = S {
                name: name.into(),
                ..s()
            }
            .validate();
            assert_eq!(r.is_ok(), ok, "{name}");
        }
        let e = S {
            name: "👍".into(),
            ..s()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            e.violations()[0].message,
            "Value with length 1 at '/Name' failed to satisfy constraint: Member must have length between 2 and 4, inclusive"
        );
        assert_eq!(e.violations()[1].kind, ConstraintKind::Pattern);
    }

    #[test]
    fn every_violation_is_collected_in_order() {
        let bad = S {
            name: "A".into(),
            tags: Some(vec!["x".into(), "".into(), "x".into()]),
            score: f32::NAN,
            count: None,
        };
        let e = bad.validate().unwrap_err();
        let paths: Vec<_> = e.violations().iter().map(|v| v.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/Name", "/Name", "/Tags", "/Tags", "/Tags/1", "/Score", "/Count"
            ]
        );
        assert_eq!(
            e.violations()[3].message,
            "Value at '/Tags' failed to satisfy constraint: Member must have unique values"
        );
        assert_eq!(
            e.violations()[5].message,
            "Value at '/Score' failed to satisfy constraint: Member must be between 1.0 and 5.0, inclusive"
        );
        assert_eq!(
            e.violations()[6].message,
            "Value at '/Count' failed to satisfy constraint: Member must not be null"
        );
        assert!(
            e.to_string()
                .starts_with("7 validation errors detected. Value with length 1 at '/Name'"),
            "{e}"
        );
    }

    #[test]
    fn float_bounds_are_inclusive_in_f32() {
        for (x, ok) in [
            (0.99f32, false),
            (1.0, true),
            (5.0, true),
            (5.01, false),
            (f32::INFINITY, false),
        ] {
            assert_eq!(S { score: x, ..s() }.validate().is_ok(), ok, "{x}");
        }
    }

    #[test]
    fn json_body_has_smithy_shape() {
        let e = S { count: None, ..s() }.validate().unwrap_err();
        assert_eq!(
            e.to_json_body(),
            r#"{"message":"1 validation error detected. Value at '/Count' failed to satisfy constraint: Member must not be null","fieldList":[{"message":"Value at '/Count' failed to satisfy constraint: Member must not be null","path":"/Count"}]}"#
        );
    }

    #[test]
    fn answers_can_be_kept_within_a_budget() {
        let many: Vec<Violation> = (0..10)
            .map(|i| Violation {
                path: format!("/L/{i}"),
                kind: ConstraintKind::Enum,
                message: format!("Value at '/L/{i}' failed: {}", "x".repeat(1000)),
            })
            .collect();
        let e = ValidationErrors::new(many);
        let small = e.within(4096);
        assert_eq!(small.violations().len(), 1, "two would pass 4 KiB");
        assert_eq!(small.len(), 10, "the others are counted");
        assert!(small.to_json_body().len() < 4096);
        assert_eq!(
            e.within(0).violations().len(),
            1,
            "the first is always listed"
        );
        assert_eq!(e.within(usize::MAX), e);
    }

    #[test]
    fn required_prefixes_are_each_checked() {
        static PASSWORD: Pattern = Pattern::new(
            "^(?=.*[a-z])(?=.*\\d)[a-z0-9]+$",
            "^[a-z0-9]+$",
            None,
            &[".*[a-z]", ".*\\d"],
            None,
        );
        assert!(PASSWORD.is_match("abc1"));
        assert!(!PASSWORD.is_match("abc"), "no digit");
        assert!(!PASSWORD.is_match("123"), "no letter");
    }

    #[test]
    fn forbidden_prefix_lowers_negative_lookahead() {
        static TAG: Pattern =
            Pattern::new("^(?!aws:)[a-z:]+$", "^[a-z:]+$", Some("aws:"), &[], None);
        assert!(TAG.is_match("team:x"));
        assert!(!TAG.is_match("aws:x"));
        assert!(!TAG.is_match("Team"));
    }

    /// A structure with a required constrained member, in a map of maps.
    struct Leaf {
        name: String,
        note: Option<String>,
    }

    impl crate::json::FromJson for Leaf {
        fn from_json<'v>(
            v: &'v serde_json::Value,
            d: &mut crate::json::Decoder<'v>,
        ) -> Result<Self, crate::json::DecodeError> {
            let o = d.object(v)?;
            Ok(Leaf {
                name: d.required(o, "Name")?,
                note: d.optional(o, "Note")?,
            })
        }
    }

    impl Validate for Leaf {
        fn validate_into<'a>(&'a self, v: &mut Validator<'a>) {
            let rule = StrRules::len(Length::at_least(1));
            v.member("Name", &self.name, &rule);
            v.optional("Note", &self.note, &rule);
        }
    }

    type Tree = BTreeMap<String, BTreeMap<String, Leaf>>;

    impl Validate for Tree {
        fn validate_into<'a>(&'a self, v: &mut Validator<'a>) {
            MapRules::new(
                Length::ANY,
                Unchecked,
                MapRules::new(Length::ANY, Unchecked, Nested),
            )
            .check(self, v);
        }
    }

    #[test]
    fn placeholders_of_missing_members_are_not_checked() {
        let text = br#"{"a":{"x":{},"y":{"Name":"","Note":""},"z":{"Note":""}}}"#;
        let Err(InputError::Invalid(e)) = decode_and_validate::<Tree>(text) else {
            panic!()
        };
        let listed: Vec<(&str, ConstraintKind)> = e
            .violations()
            .iter()
            .map(|v| (v.path.as_str(), v.kind))
            .collect();
        // The missing `Name`s first; the empty one at y is a length violation;
        // nothing is said of the placeholders' own (empty) values.
        assert_eq!(
            listed,
            [
                ("/a/x/Name", ConstraintKind::Required),
                ("/a/z/Name", ConstraintKind::Required),
                ("/a/y/Name", ConstraintKind::Length),
                ("/a/y/Note", ConstraintKind::Length),
                ("/a/z/Note", ConstraintKind::Length),
            ]
        );
    }

    #[test]
    fn many_missing_members_under_a_long_key_stay_cheap() {
        // One 100 KB key holding 5,000 entries that each miss `Name`: a
        // pointer string per missing member would be 500 MB of text.
        let key = "k".repeat(100_000);
        let entries: Vec<String> = (0..5_000).map(|i| format!("\"{i}\":{{}}")).collect();
        let text = format!("{{\"{key}\":{{{}}}}}", entries.join(","));
        let Err(InputError::Invalid(e)) = decode_and_validate::<Tree>(text.as_bytes()) else {
            panic!()
        };
        assert_eq!(e.len(), 5_000);
        assert_eq!(e.violations().len(), 16.min(LISTED_BYTES / key.len() + 1));
        assert!(e.to_json_body().len() < 4 * LISTED_BYTES + 4 * key.len());
    }

    #[test]
    fn bounded_validator_lists_few_and_counts_all() {
        let tags: Vec<String> = vec![String::new(); 1_000];
        let s = S {
            tags: Some(tags),
            ..s()
        };
        let mut v = Validator::bounded();
        s.validate_into(&mut v);
        let e = v.finish().unwrap_err();
        // The list is too long (1 violation), has duplicates (1), and every item is empty (1,000).
        assert_eq!(e.len(), 1_002);
        assert_eq!(e.violations().len(), LISTED_LIMIT);
        assert_eq!(e.omitted(), 1_002 - LISTED_LIMIT);
        assert!(
            e.to_string()
                .ends_with(&format!("; and {} more", 1_002 - LISTED_LIMIT)),
            "{e}"
        );
        // Unbounded, all are listed.
        assert_eq!(s.validate().unwrap_err().violations().len(), 1_002);
    }

    #[test]
    fn unique_items_compare_wire_forms() {
        let rule = ListRules::new(Length::ANY, true, Unchecked);
        let check = |items: Vec<f64>| {
            let mut v = Validator::new();
            rule.check(&items, &mut v);
            v.finish().is_err()
        };
        assert!(check(vec![1.0, 2.0, 1.0]));
        assert!(!check(vec![1.0, 2.0, 3.0]));
        assert!(
            check(vec![f64::NAN, f64::NAN]),
            "NaN is written the same way twice"
        );
        let many: Vec<f64> = (0..100_000).map(f64::from).collect();
        assert!(!check(many));
    }
}
