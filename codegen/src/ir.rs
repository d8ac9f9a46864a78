//! The intermediate representation: the service with every name, target,
//! constraint, binding and doc resolved, in a deterministic order. Emitters
//! read it and never look back at the raw [`Model`](crate::model::Model).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::ShapeId;

/// The whole service, ready to emit.
#[derive(Clone, Debug)]
pub struct Service {
    /// The service shape ID.
    pub id: ShapeId,
    /// The service's title (`@title`), or its shape name.
    pub title: String,
    /// The AWS SDK ID (`aws.api#service` `sdkId`), or the shape name.
    pub sdk_id: String,
    /// The service trait's Rust name: the SDK ID in UpperCamelCase (`Connect`).
    pub trait_name: String,
    /// The wire protocol the model declares (the one the crate speaks).
    pub protocol: Protocol,
    /// The SDK customizations the configuration turns on for this service.
    pub customizations: Vec<Customization>,
    /// The operation (model name) the crate root's example fakes, when the
    /// configuration names one that was generated.
    pub headline: Option<String>,
    /// The authentication schemes of its operations by default, in order of preference.
    pub auth: Vec<AuthScheme>,
    /// Whether some operation takes a bearer token (the crate gets `bearer_client`).
    pub bearer: bool,
    /// The service's name in AWS documentation links (`endpointPrefix`, else
    /// `arnNamespace`, else the lower-cased SDK ID): `https://docs.aws.amazon.com/goto/WebAPI/<doc_id>/<Operation>`.
    pub doc_id: String,
    /// The API version.
    pub version: String,
    /// The SigV4 signing name (`aws.auth#sigv4`'s `name`), when the service signs.
    pub signing_name: Option<String>,
    /// `aws.api#service`'s `endpointPrefix`: the first label of its endpoints.
    pub endpoint_prefix: Option<String>,
    /// `smithy.rules#endpointRuleSet`, as JSON text.
    pub endpoint_rules: Option<String>,
    /// The service documentation (converted from the model's HTML in lowering).
    pub docs: Option<Docs>,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Generated types (structures, enums, unions), by shape ID.
    pub shapes: BTreeMap<ShapeId, NamedShape>,
    /// The distinct sets of operation errors, by enum name.
    pub error_sets: Vec<ErrorSet>,
    /// What lowering noticed without failing: patterns it cannot enforce
    /// exactly, overrides that match nothing (the caller decides whether
    /// these are errors: `--strict`, the pinned model).
    pub warnings: Vec<crate::error::Warning>,
    /// Overrides entries (shape or member IDs) that no generated pattern uses.
    pub unused_overrides: Vec<String>,
}

/// The wire protocols the generator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#restJson1`: HTTP bindings, JSON bodies.
    RestJson1,
    /// `aws.protocols#awsJson1_0` and `awsJson1_1`: `POST /`, the operation
    /// in `X-Amz-Target`, the input and output as JSON documents.
    AwsJson {
        /// `1.0` or `1.1` (only the media type differs).
        version: AwsJsonVersion,
        /// `@awsQueryCompatible`: error codes also travel in
        /// `x-amzn-query-error`, as the service's awsQuery API named them.
        query_compatible: bool,
    },
}

/// The two versions of the awsJson protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AwsJsonVersion {
    /// `awsJson1_0`: `application/x-amz-json-1.0`.
    V1_0,
    /// `awsJson1_1`: `application/x-amz-json-1.1`.
    V1_1,
}

impl AwsJsonVersion {
    /// The media type of its bodies.
    pub const fn media_type(self) -> &'static str {
        match self {
            AwsJsonVersion::V1_0 => "application/x-amz-json-1.0",
            AwsJsonVersion::V1_1 => "application/x-amz-json-1.1",
        }
    }
}

/// An SDK customization of one service, turned on by configuration
/// (a generated crate's `[crate]` table), applied by a decorator of the emitters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Customization {
    /// Amazon Glacier's: the `X-Amz-Glacier-Version` header, payload
    /// checksums, and `-` for an empty account ID.
    Glacier,
}

impl Customization {
    /// The customization named `name` in configuration (`glacier`).
    pub fn from_name(name: &str) -> Option<Customization> {
        match name {
            "glacier" => Some(Customization::Glacier),
            _ => None,
        }
    }
}

/// An operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Its shape ID.
    pub id: ShapeId,
    /// Its model name (`StartChatContact`).
    pub name: String,
    /// Its Rust method name on the service trait (`start_chat_contact`).
    pub method: String,
    /// The Rust name of its marker type in `operations` (`StartChatContact`).
    pub type_name: String,
    /// The Rust name of its error alias in `operations` (`StartChatContactError`).
    pub error_alias: String,
    /// Its module (and file) in `operations` (`start_chat_contact`).
    pub module: String,
    /// What `X-Amz-Target` names it with in the awsJson protocols (`Connect.StartChatContact`).
    pub target: String,
    /// The input structure (`smithy.api#Unit` inputs get none).
    pub input: Option<ShapeId>,
    /// The output structure (none for `smithy.api#Unit`).
    pub output: Option<ShapeId>,
    /// Modeled errors (operation errors, then service errors), sorted.
    pub errors: Vec<ShapeId>,
    /// The `@http` binding (awsJson: `POST /`, 200).
    pub http: Http,
    /// The authentication schemes it accepts, in order of preference
    /// (`@auth`, `@optionalAuth`, the service's auth traits).
    pub auth: Vec<AuthScheme>,
    /// `@endpoint`'s `hostPrefix` (`{Label}.data.`): prepended to the
    /// endpoint's host, its labels filled from the input's `@hostLabel` members.
    pub host_prefix: Option<String>,
    /// `@httpChecksumRequired`: the client sends `Content-MD5`.
    pub checksum_required: bool,
    /// `@requestCompression` with `gzip` among its encodings: the client gzips large bodies.
    pub gzip: bool,
    /// `@paginated` (merged with the service's defaults), when the
    /// operation pages through top-level members.
    pub paginated: Option<Pagination>,
    /// Documentation (converted from the model's HTML in lowering).
    pub docs: Option<Docs>,
    /// `@deprecated`, when present.
    pub deprecated: Option<Deprecated>,
    /// Every generated shape this operation reaches (input, output, errors, transitively).
    pub closure: BTreeSet<ShapeId>,
    /// The name of the error enum of its set of errors (see [`ErrorSet`]).
    pub error_set: String,
}

/// How an operation pages: the model names of its members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// The input member that takes the token.
    pub input_token: String,
    /// The output member that holds the next page's token.
    pub output_token: String,
    /// The output member that lists the page's items, if named.
    pub items: Option<String>,
    /// The input member that sets the page size, if named.
    pub page_size: Option<String>,
}

/// One distinct set of operation errors and the enum generated for it.
#[derive(Clone, Debug)]
pub struct ErrorSet {
    /// The enum's name, from the errors alone (so adding an operation never
    /// renames one): their names without `Exception`, joined by `_`
    /// (`InternalService_InvalidParameter_ResourceNotFound`), or `NoErrors`.
    pub name: String,
    /// The errors, sorted.
    pub errors: Vec<ShapeId>,
    /// The operations whose errors are exactly these, in name order.
    pub operations: Vec<String>,
}

/// An authentication scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AuthScheme {
    /// `aws.auth#sigv4`.
    SigV4,
    /// `smithy.api#httpBearerAuth`.
    Bearer,
    /// No authentication (`@optionalAuth`, or `@auth([])`).
    Anonymous,
}

/// An HTTP method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `HEAD`.
    Head,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
    /// Any other method token the model names.
    Other(String),
}

impl HttpMethod {
    /// The method for its name as the model writes it.
    pub fn parse(name: &str) -> HttpMethod {
        match name {
            "GET" => HttpMethod::Get,
            "HEAD" => HttpMethod::Head,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            other => HttpMethod::Other(other.to_string()),
        }
    }

    /// Its name on the wire (`PUT`).
    pub fn as_str(&self) -> &str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Head => "HEAD",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Other(m) => m,
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `@http` trait of an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Http {
    /// HTTP method.
    pub method: HttpMethod,
    /// URI pattern, e.g. `/contact/chat` or `/users/{InstanceId}/{UserId}`.
    pub uri: String,
    /// Success status code.
    pub code: u16,
}

/// Documentation, converted from the model's HTML once, in lowering.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    /// Markdown, one entry per line.
    pub markdown: Vec<String>,
    /// The first line of text (not a quote or a code fence), when there is one.
    pub summary: Option<String>,
    /// Values the docs give as the ones to use (the code after "must be",
    /// "valid values are" and the like), in the order they give them.
    pub named_values: Vec<String>,
    /// The first sentence that states a rule the model may not encode:
    /// that the member is required, or a length ("Maximum of 1024").
    pub stated_rule: Option<String>,
}

impl Docs {
    /// The Markdown as one line, lines joined with spaces.
    pub fn text(&self) -> String {
        self.markdown.join(" ")
    }
}

/// A `@deprecated` trait.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Deprecated {
    /// Its message as the model writes it, if any.
    pub message: Option<String>,
    /// The message converted from HTML to one line of Markdown.
    pub message_markdown: Option<String>,
    /// Its `since`, if any.
    pub since: Option<String>,
}

/// A shape that becomes a Rust type.
#[derive(Clone, Debug)]
pub struct NamedShape {
    /// Its shape ID.
    pub id: ShapeId,
    /// The Rust type name.
    pub rust_name: String,
    /// Its module (and file) in `types` (`start_chat_contact_request`).
    pub module: String,
    /// Documentation (converted from the model's HTML in lowering).
    pub docs: Option<Docs>,
    /// `@sensitive` on the shape itself.
    pub sensitive: bool,
    /// `@deprecated` on the shape itself.
    pub deprecated: Option<Deprecated>,
    /// How operations use it.
    pub uses: Vec<Use>,
    /// What kind of type it is.
    pub kind: ShapeKind,
}

/// How an operation uses a shape.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Use {
    /// The operation's model name.
    pub operation: String,
    /// The role the shape plays.
    pub role: Role,
    /// For a shape nested in the input, output or an error: the shortest way
    /// there from that structure, in Rust names (`contact.agent_info`,
    /// `contacts[i].agent_info`, `attributes[key]`).
    pub via: Option<String>,
}

/// The role a shape plays in an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// The operation's input structure.
    Input,
    /// The operation's output structure.
    Output,
    /// One of the operation's errors.
    Error,
    /// Reached from the operation's input structure.
    InInput,
    /// Reached from the operation's output structure.
    InOutput,
    /// Reached from one of the operation's errors.
    InError,
}

/// The kinds of generated type.
#[derive(Clone, Debug)]
pub enum ShapeKind {
    /// A structure (also error structures and operation inputs and outputs).
    Structure(Structure),
    /// A string enum.
    Enum(Enum),
    /// An integer enum.
    IntEnum(IntEnum),
    /// A tagged union.
    Union(Union),
}

/// A structure.
#[derive(Clone, Debug)]
pub struct Structure {
    /// Members in model order.
    pub members: Vec<Member>,
    /// `@input`: top-level defaults stay optional.
    pub is_input: bool,
    /// `@error`, when this is an error structure.
    pub error: Option<ErrorInfo>,
}

/// Facts of an `@error` structure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// `client` or `server`.
    pub fault: Fault,
    /// `@httpError`, else 400 for client and 500 for server faults.
    pub http_status: u16,
    /// The field that holds the message (`Message` or `message`), if any,
    /// and whether it is a plain (required or defaulted) `String`.
    pub message_field: Option<(String, bool)>,
    /// `aws.protocols#awsQueryError`'s code: the error's name in the
    /// service's awsQuery API (sent by query-compatible awsJson servers).
    pub query_code: Option<String>,
}

/// Who is at fault for an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The caller.
    Client,
    /// The service.
    Server,
}

/// A structure member, or a union variant.
#[derive(Clone, Debug)]
pub struct Member {
    /// The model's member name (also the JSON key, unless `@jsonName`).
    pub name: String,
    /// The Rust field name (may be raw: `r#type`), or the variant name for unions.
    pub rust_name: String,
    /// The key in JSON documents (`@jsonName`, else the member name).
    pub wire_name: String,
    /// The resolved type.
    pub ty: Ty,
    /// Required, optional or defaulted, as the Rust field holds it.
    pub presence: Presence,
    /// `@required` on the member (also for `@clientOptional` and idempotency tokens).
    pub required: bool,
    /// The model's `@default`, also where the field stays optional (top-level input members).
    pub model_default: Option<DefaultValue>,
    /// Boxed, because the member closes a cycle of direct structure/union members.
    pub boxed: bool,
    /// Effective documentation: the member's own, else its target's (converted from the model's HTML in lowering).
    pub docs: Option<Docs>,
    /// Where the member travels in an HTTP request or response.
    pub binding: Binding,
    /// `@idempotencyToken`.
    pub idempotency_token: bool,
    /// `@deprecated` on the member.
    pub deprecated: Option<Deprecated>,
    /// `@hostLabel`: also fills its label in the operation's host prefix.
    pub host_label: bool,
}

impl Member {
    /// Whether the service needs the member set: `@required`, unless the
    /// client fills it (an idempotency token) or the service does (a default).
    pub fn must_be_set(&self) -> bool {
        self.required && !self.idempotency_token && self.model_default.is_none()
    }
}

/// How a member is held in its Rust field.
#[derive(Clone, Debug, PartialEq)]
pub enum Presence {
    /// Plain `T`: `@required`, not `@clientOptional`.
    Required,
    /// `Option<T>`.
    Optional,
    /// Plain `T` with a model default filled in when the member is absent.
    Default(DefaultValue),
}

/// A `@default` value.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    /// A boolean.
    Bool(bool),
    /// An integer (also integer-valued defaults of float members).
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (also enum values).
    String(String),
    /// An epoch-seconds timestamp.
    Timestamp(f64),
    /// A blob, as the model writes it (base64).
    Blob(String),
    /// An empty list.
    EmptyList,
    /// An empty map.
    EmptyMap,
    /// A document value.
    Document(serde_json::Value),
}

/// Where a member is bound in the HTTP message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A JSON body member.
    Body,
    /// `@httpLabel`.
    Label,
    /// `@httpQuery(name)`.
    Query(String),
    /// `@httpHeader(name)`.
    Header(String),
    /// `@httpResponseCode`: the HTTP status of a response.
    ResponseCode,
    /// `@httpPayload`: the member is the whole body (JSON for structures,
    /// unions and documents; the bytes or text themselves for blobs and strings).
    Payload,
    /// `@httpPrefixHeaders(prefix)`: a map, one header per entry, named prefix + key.
    PrefixHeaders(String),
    /// `@httpQueryParams`: a map, one query parameter per entry (or per item
    /// of a list value) not already bound by `@httpQuery`.
    QueryParams,
}

/// A `@timestampFormat` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `epoch-seconds`.
    EpochSeconds,
    /// `date-time` (RFC 3339).
    DateTime,
    /// `http-date` (IMF-fixdate).
    HttpDate,
}

/// A resolved type at a use site, with the constraints that apply there.
#[derive(Clone, Debug)]
pub struct Ty {
    /// The target shape.
    pub shape: ShapeId,
    /// Its kind.
    pub kind: TyKind,
    /// Effective constraints (member traits replace the target's of the same kind).
    pub constraints: Constraints,
    /// `@sensitive` on the target.
    pub sensitive: bool,
    /// `@timestampFormat` of the use site, else of the target, when set
    /// (timestamps only; where it is unset the binding's default applies).
    pub timestamp_format: Option<TimestampFormat>,
    /// `@sparse` on a list or map: items (values) may be null, held as `Option`.
    pub sparse: bool,
    /// `@mediaType` of a string or blob target: the `Content-Type` of a
    /// payload; a string in a header is sent base64-encoded.
    pub media_type: Option<String>,
}

/// The kinds of resolved type.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub enum TyKind {
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
    /// `smithy.api#Unit`: a union variant that carries no value.
    Unit,
    /// A list of the item type.
    List(Box<Ty>),
    /// A map from key to value type.
    Map(Box<Ty>, Box<Ty>),
    /// A generated type.
    Named(NamedRef),
}

/// A reference to a generated type.
#[derive(Clone, Debug)]
pub struct NamedRef {
    /// Its shape ID.
    pub id: ShapeId,
    /// Its Rust name.
    pub rust_name: String,
    /// What kind of generated type it is.
    pub kind: NamedKind,
}

/// The kinds of generated type, for references.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedKind {
    /// A structure.
    Structure,
    /// A string enum.
    Enum,
    /// An integer enum.
    IntEnum,
    /// A union.
    Union,
}

/// Effective constraint traits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// `@length`.
    pub length: Option<Bounds>,
    /// `@range`, with bounds as the model writes them.
    pub range: Option<Bounds>,
    /// `@pattern`.
    pub pattern: Option<Pattern>,
    /// `@uniqueItems`.
    pub unique_items: bool,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A `@pattern` constraint.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// The pattern as the model writes it (ECMA-262).
    pub source: String,
    /// The shape or member ID that declares it (where an override applies).
    pub owner: String,
    /// Whether it is checked, and how.
    pub check: PatternCheck,
}

/// Whether a `@pattern` is checked.
#[derive(Clone, Debug, PartialEq)]
pub enum PatternCheck {
    /// Enforced with this translation.
    Enforced(crate::pattern::Translated),
    /// Switched off by the reviewed overrides file, for this reason (Markdown).
    Overridden(String),
    /// Not enforced: the generator cannot translate it exactly, for this reason.
    Untranslatable(String),
}

impl PatternCheck {
    /// The translation, when the pattern is enforced.
    pub fn enforced(&self) -> Option<&crate::pattern::Translated> {
        match self {
            PatternCheck::Enforced(t) => Some(t),
            _ => None,
        }
    }

    /// Why it is not enforced, as the docs say it (`None` when it is).
    pub fn not_enforced_because(&self) -> Option<String> {
        match self {
            PatternCheck::Enforced(_) => None,
            PatternCheck::Overridden(reason) => Some(reason.clone()),
            PatternCheck::Untranslatable(why) => {
                Some(format!("the generator cannot check it exactly: {why}."))
            }
        }
    }
}

/// Inclusive bounds of `@length` or `@range`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bounds {
    /// Lower bound.
    pub min: Option<Bound>,
    /// Upper bound.
    pub max: Option<Bound>,
}

/// One bound, read once: the model's decimal text and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    /// As the model writes it (`9223372036854775807`, `1.0`): what the docs show.
    pub text: String,
    /// Its exact value, when the text is an integer (`@length` bounds always are).
    pub integer: Option<i128>,
    /// Its value as a double.
    pub float: f64,
}

impl std::fmt::Display for Bound {
    /// The model's text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<str> for Bound {
    /// Whether the model writes it so.
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl Bound {
    /// The bound of a JSON number.
    pub fn of(n: &serde_json::Number) -> Bound {
        let text = n.to_string();
        Bound {
            integer: text.parse().ok(),
            float: n.as_f64().unwrap_or(f64::NAN),
            text,
        }
    }

    /// As an integer bound: exact when it is one; else a lower bound rounds
    /// up and an upper bound down; saturated at the `i64` range.
    pub fn to_i64(&self, lower: bool) -> i64 {
        if let Some(i) = self.integer {
            return i64::try_from(i).unwrap_or(if i < 0 { i64::MIN } else { i64::MAX });
        }
        let r = if lower {
            self.float.ceil()
        } else {
            self.float.floor()
        };
        if r >= i64::MAX as f64 {
            i64::MAX
        } else if r <= i64::MIN as f64 {
            i64::MIN
        } else {
            r as i64
        }
    }
}

/// A string enum.
#[derive(Clone, Debug)]
pub struct Enum {
    /// Variants in model order.
    pub variants: Vec<EnumVariant>,
    /// The name of the catch-all variant (`Unknown`, unless a member takes it).
    pub unknown_variant: String,
}

/// One enum value.
#[derive(Clone, Debug)]
pub struct EnumVariant {
    /// The model's member name (`EN_US`).
    pub name: String,
    /// The Rust variant (`EnUs`).
    pub rust_name: String,
    /// The wire value (`en-US`).
    pub value: String,
    /// Documentation (converted from the model's HTML in lowering).
    pub docs: Option<Docs>,
    /// `@internal`: left out of the "enum value set" message.
    pub internal: bool,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
}

/// An integer enum.
#[derive(Clone, Debug)]
pub struct IntEnum {
    /// Variants in model order.
    pub variants: Vec<IntEnumVariant>,
    /// The name of the catch-all variant.
    pub unknown_variant: String,
}

/// One intEnum value.
#[derive(Clone, Debug)]
pub struct IntEnumVariant {
    /// The model's member name.
    pub name: String,
    /// The Rust variant.
    pub rust_name: String,
    /// The wire value.
    pub value: i32,
    /// Documentation (converted from the model's HTML in lowering).
    pub docs: Option<Docs>,
}

/// A tagged union.
#[derive(Clone, Debug)]
pub struct Union {
    /// Variants in model order (`rust_name` is the variant name, `presence` is `Required`).
    pub variants: Vec<Member>,
    /// The name of the catch-all variant.
    pub unknown_variant: String,
}
