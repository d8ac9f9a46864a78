//! The restJson1 wire format, written once: building requests (URI labels,
//! query strings, headers, JSON bodies), reading responses and errors, and the
//! pieces a server needs to do the reverse. Generated code describes each
//! operation's bindings and calls these.

use std::collections::BTreeMap;
use std::fmt;

use crate::datetime::DateTime;
pub use crate::datetime::TimestampFormat;
use crate::json::{DecodeError, JsonWriter};
use crate::validate::Validate as _;

pub use crate::json;
pub use crate::validate::{InputError, ValidationErrors, check_decoded};

/// The request type at the transport boundary.
pub type HttpRequest = http::Request<Vec<u8>>;
/// The response type at the transport boundary.
pub type HttpResponse = http::Response<Vec<u8>>;

/// An operation's static description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The model name (`StartChatContact`).
    pub name: &'static str,
    /// HTTP method (`PUT`).
    pub method: &'static str,
    /// URI template (`/contact/chat`, `/users/{InstanceId}/{UserId}`).
    pub uri: &'static str,
    /// Success status code.
    pub code: u16,
    /// The media type of the request body: `None` when the input has no
    /// body, `*/*` when any is accepted (a blob payload without `@mediaType`).
    /// A server answers 415 to a request whose `Content-Type` disagrees.
    pub request_media: Option<&'static str>,
    /// The media type of the response body (same conventions); a server
    /// answers 406 to a request whose `Accept` excludes it.
    pub response_media: Option<&'static str>,
}

/// The wire protocol of an operation, as far as the runtime must know it:
/// how a server words the answers it makes itself (malformed or invalid
/// input, unknown operations, failures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protocol {
    /// restJson1: the error code in `X-Amzn-Errortype`, `application/json` bodies.
    #[default]
    RestJson1,
    /// awsJson1_0 or awsJson1_1: the error's shape in the body's `__type`.
    AwsJson {
        /// `application/x-amz-json-1.0` or `application/x-amz-json-1.1`.
        media_type: &'static str,
        /// `@awsQueryCompatible`: errors also carry `x-amzn-query-error`.
        query_compatible: bool,
    },
}

impl Protocol {
    /// The response to an unmodeled error an implementation returned: its
    /// code (`UnknownError` when empty) and message, with its status when
    /// that is an error status (500 otherwise).
    pub fn unhandled_response(&self, u: &UnhandledError) -> http::Response<Vec<u8>> {
        let code = if u.code.is_empty() {
            "UnknownError"
        } else {
            &u.code
        };
        let status = if (400..600).contains(&u.status) {
            u.status
        } else {
            500
        };
        self.error_response(status, code, message_body(u.message.as_deref()))
    }

    /// An error response of this protocol: `code` is the error's name
    /// (`ValidationException`) or shape ID, `body` its JSON object.
    pub fn error_response(&self, status: u16, code: &str, body: String) -> http::Response<Vec<u8>> {
        match self {
            Protocol::RestJson1 => error_response(status, code, body),
            Protocol::AwsJson { media_type, .. } => {
                aws_json_error(status, code, media_type, None, body)
            }
        }
    }
}

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// A URI label's value is empty (it cannot be sent).
    EmptyLabel(&'static str),
    /// The URI template has no such label, or a header value is not valid.
    Invalid(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::EmptyLabel(name) => write!(
                f,
                "the URI label `{name}` is empty; an empty value cannot be sent"
            ),
            BuildError::Invalid(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for BuildError {}

/// Percent-encodes a URI label or query part: everything but `A-Z a-z 0-9 - . _ ~`
/// (upper-case hex); with `keep_slash`, `/` too (greedy labels).
pub fn percent_encode(value: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(b))
            }
            b'/' if keep_slash => out.push('/'),
            _ => {
                out.push('%');
                out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
                out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
            }
        }
    }
    out
}

/// Decodes `%XX` escapes (and nothing else); `None` if the result is not UTF-8.
pub fn percent_decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A value that can be written into a URI label, a query parameter or a header.
pub trait HttpValue {
    /// The value's text (timestamps in `format`).
    fn http_text(&self, format: TimestampFormat) -> String;
    /// Whether, as an item of a list header, text holding `,` or `"` is
    /// quoted (strings); timestamps (`Mon, 16 Dec 2019 …`) never are.
    fn quoted_in_lists(&self) -> bool {
        false
    }
}

impl HttpValue for String {
    fn http_text(&self, _: TimestampFormat) -> String {
        self.clone()
    }
    fn quoted_in_lists(&self) -> bool {
        true
    }
}

impl HttpValue for bool {
    fn http_text(&self, _: TimestampFormat) -> String {
        self.to_string()
    }
}

macro_rules! http_number {
    ($($t:ty),*) => {$(
        impl HttpValue for $t {
            fn http_text(&self, _: TimestampFormat) -> String {
                self.to_string()
            }
        }
    )*};
}
http_number!(i8, i16, i32, i64);

impl HttpValue for f32 {
    fn http_text(&self, _: TimestampFormat) -> String {
        float_text(*self)
    }
}

impl HttpValue for f64 {
    fn http_text(&self, _: TimestampFormat) -> String {
        float_text(*self)
    }
}

fn float_text<T: Copy + Into<f64> + fmt::Debug>(x: T) -> String {
    match crate::json::float_text(x) {
        Some(text) => text,
        None => crate::json::non_finite_name(x.into())
            .unwrap_or("NaN")
            .to_string(),
    }
}

impl HttpValue for DateTime {
    fn http_text(&self, format: TimestampFormat) -> String {
        self.fmt(format)
    }
}

/// The host prefix of an operation with `@endpoint` (`foo.data.`), labels
/// filled: a request extension the transport prepends to the endpoint's host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPrefix(pub String);

/// An authentication scheme an operation accepts (the model's auth traits,
/// ordered by `@auth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthScheme {
    /// AWS Signature Version 4 (`aws.auth#sigv4`).
    SigV4,
    /// An `Authorization: Bearer` token (`smithy.api#httpBearerAuth`).
    Bearer,
    /// No credentials: the request may be sent without authentication
    /// (`@optionalAuth` on the operation, or `@auth([])`).
    Anonymous,
}

/// The authentication schemes of an operation, in preference order: a
/// request extension set by [`RequestBuilder::auth`] for every operation
/// that takes anything but SigV4 alone. Absent: SigV4 alone (what most AWS
/// operations take, so their generated code says nothing). Empty: no
/// authentication at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthSchemes(pub &'static [AuthScheme]);

/// Where requests are sent: an endpoint URI with a scheme, a host and
/// optionally a base path (`https://example.com/custom`).
///
/// [`Endpoint::place`] makes a generated request's path-only URI absolute:
/// the endpoint's scheme, the operation's [`HostPrefix`] before the
/// endpoint's host, the base path before the request's path; and sets `Host`.
/// [`AtEndpoint`] does it for every request a transport sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(http::Uri);

impl Endpoint {
    /// Reads an endpoint URI; it needs a scheme and a host. A trailing `/`
    /// of the base path is dropped.
    pub fn new(endpoint: &str) -> Result<Self, BuildError> {
        let uri: http::Uri = endpoint.parse().map_err(|e| {
            BuildError::Invalid(format!("the endpoint {endpoint:?} is not a URI: {e}"))
        })?;
        if uri.scheme().is_none() || uri.authority().is_none() {
            return Err(BuildError::Invalid(format!(
                "the endpoint {endpoint:?} needs a scheme and a host"
            )));
        }
        if uri.query().is_some() {
            return Err(BuildError::Invalid(format!(
                "the endpoint {endpoint:?} has a query string"
            )));
        }
        Ok(Endpoint(uri))
    }

    /// The endpoint's URI.
    pub fn uri(&self) -> &http::Uri {
        &self.0
    }

    /// The URI `request` has at this endpoint (see the type's docs).
    fn absolute(&self, request: &http::Request<Vec<u8>>) -> Result<http::Uri, BuildError> {
        let prefix = request
            .extensions()
            .get::<HostPrefix>()
            .map(|p| p.0.as_str())
            .unwrap_or_default();
        let authority = self.0.authority().map(|a| a.as_str()).unwrap_or_default();
        let base = self.0.path().trim_end_matches('/');
        let path_and_query = request.uri().path_and_query().map_or("/", |p| p.as_str());
        let scheme = self.0.scheme_str().unwrap_or("https");
        format!("{scheme}://{prefix}{authority}{base}{path_and_query}")
            .parse()
            .map_err(|e| BuildError::Invalid(format!("the request URI at {}: {e}", self.0)))
    }

    /// Gives `request` its URI at this endpoint and the matching `Host` header.
    pub fn place(&self, request: &mut http::Request<Vec<u8>>) -> Result<(), BuildError> {
        let uri = self.absolute(request)?;
        if let Some(host) = uri
            .authority()
            .and_then(|a| http::HeaderValue::from_str(a.as_str()).ok())
        {
            request.headers_mut().insert(http::header::HOST, host);
        }
        *request.uri_mut() = uri;
        Ok(())
    }
}

/// A [`Transport`] that sends every request, unsigned, to one [`Endpoint`]
/// through the inner transport (a service that is not AWS's, or a local
/// fake reached over the network).
#[derive(Debug, Clone)]
pub struct AtEndpoint<T> {
    inner: T,
    endpoint: Endpoint,
}

impl<T: Transport> AtEndpoint<T> {
    /// Sends through `inner` to `endpoint`.
    pub fn new(inner: T, endpoint: Endpoint) -> Self {
        AtEndpoint { inner, endpoint }
    }

    /// The inner transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }
}

impl<T: Transport> Transport for AtEndpoint<T> {
    async fn send(
        &self,
        mut request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        self.endpoint
            .place(&mut request)
            .map_err(TransportError::new)?;
        self.inner.send(request).await
    }
}

/// One item of a list-valued header: quoted (with `"` and `\` escaped)
/// when it holds a comma or a double quote and the type quotes.
fn header_item<T: HttpValue>(v: &T, format: TimestampFormat) -> String {
    let text = v.http_text(format);
    if v.quoted_in_lists() && text.contains([',', '"']) {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text
    }
}

/// The headers of a request or response being built, in order.
#[derive(Debug, Default, Clone)]
pub struct Headers(pub Vec<(String, String)>);

impl Headers {
    /// Adds header `name` when the value is set.
    pub fn header<T: HttpValue>(
        &mut self,
        name: &str,
        value: Option<&T>,
        format: TimestampFormat,
    ) -> &mut Self {
        if let Some(v) = value {
            self.0.push((name.to_string(), v.http_text(format)));
        }
        self
    }

    /// Adds header `name` holding a string with a `@mediaType`, base64-encoded.
    pub fn header_base64(&mut self, name: &str, value: Option<&String>) -> &mut Self {
        if let Some(v) = value {
            self.0
                .push((name.to_string(), crate::base64::encode(v.as_bytes())));
        }
        self
    }

    /// Adds header `name` holding a list, items joined by `, ` (strings with
    /// `,` or `"` quoted); an unset list adds nothing, an empty one an empty value.
    pub fn header_list<T: HttpValue>(
        &mut self,
        name: &str,
        values: Option<&Vec<T>>,
        format: TimestampFormat,
    ) -> &mut Self {
        if let Some(values) = values {
            let items: Vec<String> = values.iter().map(|v| header_item(v, format)).collect();
            self.0.push((name.to_string(), items.join(", ")));
        }
        self
    }

    /// Adds one header per map entry, named `prefix` + key (`@httpPrefixHeaders`).
    /// A header a member binds by name wins over a prefix-map entry of the same name.
    pub fn prefix_headers<T: HttpValue>(
        &mut self,
        prefix: &str,
        map: Option<&BTreeMap<String, T>>,
    ) -> &mut Self {
        for (k, v) in map.into_iter().flatten() {
            let name = format!("{prefix}{k}");
            if !self.has(&name) {
                self.0.push((name, v.http_text(TimestampFormat::HttpDate)));
            }
        }
        self
    }

    /// The headers as name and value.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether header `name` is set (names compare case-insensitively).
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
    }
}

#[cfg(feature = "glacier")]
fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).into()
}

#[cfg(feature = "glacier")]
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Glacier's SHA-256 tree hash: the hashes of each 1 MiB chunk, combined
/// pairwise (an odd one out carried up) until one is left.
#[cfg(feature = "glacier")]
pub fn tree_hash(bytes: &[u8]) -> [u8; 32] {
    let mut level: Vec<[u8; 32]> = if bytes.is_empty() {
        vec![sha256(b"")]
    } else {
        bytes.chunks(1 << 20).map(sha256).collect()
    };
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match (pair.first(), pair.get(1)) {
                (Some(a), Some(b)) => sha256(&[a.as_slice(), b.as_slice()].concat()),
                (Some(a), None) => *a,
                (None, _) => sha256(b""),
            })
            .collect();
    }
    level.first().copied().unwrap_or_else(|| sha256(b""))
}

/// The smallest body a client compresses (Smithy's default
/// `requestMinCompressionSizeBytes`).
pub const MIN_COMPRESSION_BYTES: usize = 10_240;

/// Builds an HTTP request for one operation.
#[derive(Debug)]
pub struct RequestBuilder {
    method: &'static str,
    path: String,
    /// Name and value (`None`: a literal `?flag` of the URI template, sent without `=`).
    query: Vec<(String, Option<String>)>,
    headers: Headers,
    body: Option<Vec<u8>>,
    content_type: &'static str,
    host_prefix: Option<String>,
    auth: Option<&'static [AuthScheme]>,
    #[cfg(feature = "checksum")]
    checksum: bool,
    #[cfg(feature = "compression")]
    compression: bool,
    #[cfg(feature = "glacier")]
    glacier_checksums: bool,
}

impl RequestBuilder {
    /// Starts a request for `op`; labels are filled with [`RequestBuilder::label`].
    pub fn new(op: &Operation) -> Self {
        let (path, literal_query) = op
            .uri
            .split_once('?')
            .map_or((op.uri, None), |(p, q)| (p, Some(q)));
        let mut query = Vec::new();
        if let Some(q) = literal_query {
            for part in q.split('&').filter(|p| !p.is_empty()) {
                match part.split_once('=') {
                    Some((k, v)) => query.push((k.to_string(), Some(v.to_string()))),
                    None => query.push((part.to_string(), None)),
                }
            }
        }
        RequestBuilder {
            method: op.method,
            path: path.to_string(),
            query,
            headers: Headers::default(),
            body: None,
            content_type: "application/json",
            host_prefix: None,
            auth: None,
            #[cfg(feature = "checksum")]
            checksum: false,
            #[cfg(feature = "compression")]
            compression: false,
            #[cfg(feature = "glacier")]
            glacier_checksums: false,
        }
    }

    /// Sets the host prefix (`@endpoint`'s `hostPrefix`), filling each
    /// `{Label}` with its value, which must be a valid host label (letters,
    /// digits, `-`; dots separate labels).
    pub fn host_prefix(
        &mut self,
        template: &str,
        labels: &[(&str, Option<&String>)],
    ) -> Result<&mut Self, BuildError> {
        let mut prefix = template.to_string();
        for (name, value) in labels {
            let value = value.map(String::as_str).unwrap_or_default();
            let valid = !value.is_empty()
                && value.split('.').all(|l| {
                    !l.is_empty()
                        && l.len() <= 63
                        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                        && !l.starts_with('-')
                });
            if !valid {
                return Err(BuildError::Invalid(format!(
                    "the host label `{name}` must be a valid host name label, not {value:?}"
                )));
            }
            prefix = prefix.replace(&format!("{{{name}}}"), value);
        }
        self.host_prefix = Some(prefix);
        Ok(self)
    }

    /// Sets the operation's authentication schemes in preference order
    /// (for an operation that takes anything but SigV4 alone): the request
    /// carries them as an [`AuthSchemes`] extension. An empty slice means no
    /// authentication at all.
    pub fn auth(&mut self, schemes: &'static [AuthScheme]) -> &mut Self {
        self.auth = Some(schemes);
        self
    }

    /// Fills URI label `{name}` (or greedy `{name+}`) with a percent-encoded value.
    pub fn label(&mut self, name: &'static str, value: &str) -> Result<&mut Self, BuildError> {
        if value.is_empty() {
            return Err(BuildError::EmptyLabel(name));
        }
        let plain = format!("{{{name}}}");
        let greedy = format!("{{{name}+}}");
        if self.path.contains(&plain) {
            self.path = self.path.replace(&plain, &percent_encode(value, false));
        } else if self.path.contains(&greedy) {
            self.path = self.path.replace(&greedy, &percent_encode(value, true));
        } else {
            return Err(BuildError::Invalid(format!(
                "the URI template has no label `{name}`"
            )));
        }
        Ok(self)
    }

    /// Adds query parameter `name` when the value is set.
    pub fn query<T: HttpValue>(
        &mut self,
        name: &str,
        value: Option<&T>,
        format: TimestampFormat,
    ) -> &mut Self {
        if let Some(v) = value {
            self.query
                .push((name.to_string(), Some(v.http_text(format))));
        }
        self
    }

    /// Adds query parameter `name` once per item (an empty or unset list adds nothing).
    pub fn query_list<T: HttpValue>(
        &mut self,
        name: &str,
        values: Option<&Vec<T>>,
        format: TimestampFormat,
    ) -> &mut Self {
        for v in values.into_iter().flatten() {
            self.query
                .push((name.to_string(), Some(v.http_text(format))));
        }
        self
    }

    /// The request's headers, to add list, prefix and base64 headers to.
    pub fn headers(&mut self) -> &mut Headers {
        &mut self.headers
    }

    /// Adds one query parameter per map entry (`@httpQueryParams`), except
    /// those whose name an `@httpQuery` member already set (call it last).
    pub fn query_params<T: HttpValue>(&mut self, map: Option<&BTreeMap<String, T>>) -> &mut Self {
        let taken: Vec<String> = self.query.iter().map(|(k, _)| k.clone()).collect();
        for (k, v) in map
            .into_iter()
            .flatten()
            .filter(|(k, _)| !taken.contains(k))
        {
            self.query
                .push((k.clone(), Some(v.http_text(TimestampFormat::DateTime))));
        }
        self
    }

    /// Like [`RequestBuilder::query_params`], for a map of lists: one parameter per item.
    pub fn query_params_lists<T: HttpValue>(
        &mut self,
        map: Option<&BTreeMap<String, Vec<T>>>,
    ) -> &mut Self {
        let taken: Vec<String> = self.query.iter().map(|(k, _)| k.clone()).collect();
        for (k, items) in map
            .into_iter()
            .flatten()
            .filter(|(k, _)| !taken.contains(k))
        {
            for v in items {
                self.query
                    .push((k.clone(), Some(v.http_text(TimestampFormat::DateTime))));
            }
        }
        self
    }

    /// Sets the body to a payload's bytes with its media type (unset: no body).
    pub fn payload_bytes(
        &mut self,
        value: Option<&Vec<u8>>,
        media_type: &'static str,
    ) -> &mut Self {
        if let Some(v) = value {
            self.body = Some(v.clone());
            self.content_type = media_type;
        }
        self
    }

    /// Sets the body to a payload's text with its media type (unset: no body).
    pub fn payload_text<T: HttpValue>(
        &mut self,
        value: Option<&T>,
        media_type: &'static str,
    ) -> &mut Self {
        if let Some(v) = value {
            self.body = Some(v.http_text(TimestampFormat::DateTime).into_bytes());
            self.content_type = media_type;
        }
        self
    }

    /// Sets the body to a payload's JSON (a union or document; unset: no body).
    pub fn payload_json<T: crate::json::ToJson>(&mut self, value: Option<&T>) -> &mut Self {
        if let Some(v) = value {
            self.body = Some(crate::json::to_string(v).into_bytes());
        }
        self
    }

    /// Sets the body to a structure payload's JSON (unset: `{}`).
    pub fn payload_structure<T: crate::json::ToJson>(&mut self, value: Option<&T>) -> &mut Self {
        self.body = Some(value.map_or_else(
            || b"{}".to_vec(),
            |v| crate::json::to_string(v).into_bytes(),
        ));
        self
    }

    /// Sets the JSON body to a value's own JSON form (an input whose members are all in the body).
    pub fn json_body_of(&mut self, value: &dyn crate::json::ToJson) -> &mut Self {
        self.body = Some(crate::json::to_string_dyn(value).into_bytes());
        self
    }

    /// Sets the JSON body.
    pub fn json_body(&mut self, body: JsonWriter) -> &mut Self {
        self.body = Some(body.into_string().into_bytes());
        self
    }

    /// awsJson1_0 and awsJson1_1: names the operation in `X-Amz-Target`
    /// (`<Service>.<Operation>`) and sends the body as `media_type`; the
    /// body is `{}` unless one is set (the protocol asks clients to send a
    /// document even without an input).
    pub fn aws_json(&mut self, target: &str, media_type: &'static str) -> &mut Self {
        self.headers
            .0
            .push(("X-Amz-Target".to_string(), target.to_string()));
        self.content_type = media_type;
        if self.body.is_none() {
            self.body = Some(b"{}".to_vec());
        }
        self
    }

    /// Adds a header with a fixed value (a service's customization, such as
    /// Glacier's `X-Amz-Glacier-Version`).
    pub fn fixed_header(&mut self, name: &str, value: &str) -> &mut Self {
        self.headers.0.push((name.to_string(), value.to_string()));
        self
    }

    /// Glacier's customization: sends `X-Amz-Content-Sha256` and
    /// `X-Amz-Sha256-Tree-Hash` for the body, unless a member set them.
    #[cfg(feature = "glacier")]
    pub fn glacier_checksums(&mut self) -> &mut Self {
        self.glacier_checksums = true;
        self
    }

    /// Sends a `Content-MD5` header with the body's MD5 (`@httpChecksumRequired`).
    #[cfg(feature = "checksum")]
    pub fn content_md5(&mut self) -> &mut Self {
        self.checksum = true;
        self
    }

    /// Gzips a body of at least [`MIN_COMPRESSION_BYTES`] and appends `gzip`
    /// to `Content-Encoding` (`@requestCompression`).
    #[cfg(feature = "compression")]
    pub fn gzip(&mut self) -> &mut Self {
        self.compression = true;
        self
    }

    /// The finished request. No body (no body-bound members) means no `Content-Type`.
    pub fn build(&mut self) -> Result<http::Request<Vec<u8>>, BuildError> {
        #[cfg(feature = "compression")]
        if self.compression
            && let Some(body) = self.body.as_mut()
            && body.len() >= MIN_COMPRESSION_BYTES
        {
            use std::io::Write as _;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            let zipped = gz
                .write_all(body)
                .and_then(|()| gz.finish())
                .map_err(|e| BuildError::Invalid(format!("gzip: {e}")))?;
            *body = zipped;
            match self
                .headers
                .0
                .iter_mut()
                .find(|(k, _)| k.eq_ignore_ascii_case("Content-Encoding"))
            {
                Some((_, v)) => v.push_str(", gzip"),
                None => self
                    .headers
                    .0
                    .push(("Content-Encoding".into(), "gzip".into())),
            }
        }
        #[cfg(feature = "glacier")]
        if self.glacier_checksums {
            let body = self.body.as_deref().unwrap_or_default();
            if !self.headers.has("X-Amz-Content-Sha256") {
                self.headers
                    .0
                    .push(("X-Amz-Content-Sha256".into(), hex(&sha256(body))));
            }
            if !self.headers.has("X-Amz-Sha256-Tree-Hash") {
                self.headers
                    .0
                    .push(("X-Amz-Sha256-Tree-Hash".into(), hex(&tree_hash(body))));
            }
        }
        #[cfg(feature = "checksum")]
        if self.checksum {
            use md5::Digest as _;
            let digest = md5::Md5::digest(self.body.as_deref().unwrap_or_default());
            self.headers
                .0
                .push(("Content-MD5".into(), crate::base64::encode(&digest)));
        }
        let mut uri = self.path.clone();
        for (i, (k, v)) in self.query.iter().enumerate() {
            uri.push(if i == 0 { '?' } else { '&' });
            uri.push_str(&percent_encode(k, false));
            if let Some(v) = v {
                uri.push('=');
                uri.push_str(&percent_encode(v, false));
            }
        }
        let mut b = http::Request::builder().method(self.method).uri(uri);
        for (k, v) in &self.headers.0 {
            b = b.header(k.as_str(), v.as_str());
        }
        let body = match self.body.take() {
            Some(body) => {
                // A member bound to `Content-Type` sets it itself.
                if !self.headers.has("Content-Type") {
                    b = b.header("Content-Type", self.content_type);
                }
                b = b.header("Content-Length", body.len());
                body
            }
            None => Vec::new(),
        };
        if let Some(prefix) = self.host_prefix.take() {
            b = b.extension(HostPrefix(prefix));
        }
        if let Some(schemes) = self.auth {
            b = b.extension(AuthSchemes(schemes));
        }
        b.body(body).map_err(|e| BuildError::Invalid(e.to_string()))
    }
}

/// The error code and message of an error response: the code from
/// `X-Amzn-Errortype`, else the body's `code`, else `__type`, keeping what is
/// before the first `:` and then what follows the last `#`; the message from
/// `message`, `Message` or `errorMessage`.
pub fn error_code_and_message(headers: &http::HeaderMap, body: &[u8]) -> (String, Option<String>) {
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = |k: &str| {
        json.as_ref()
            .and_then(|v| v.get(k))
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    let raw = headers
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| field("code"))
        .or_else(|| field("__type"))
        .unwrap_or_default();
    let code = sanitize_error_code(&raw);
    let message = field("message")
        .or_else(|| field("Message"))
        .or_else(|| field("errorMessage"));
    (code, message)
}

/// `aws.protocoltests.restjson#FooError:http://…` → `FooError`.
pub fn sanitize_error_code(raw: &str) -> String {
    let before_colon = raw.split(':').next().unwrap_or("");
    before_colon
        .rsplit('#')
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// An error response whose code the operation does not model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnhandledError {
    /// The error code (possibly empty).
    pub code: String,
    /// The message, if any.
    pub message: Option<String>,
    /// The HTTP status.
    pub status: u16,
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = if self.code.is_empty() {
            "UnknownError"
        } else {
            &self.code
        };
        write!(f, "{code} (HTTP {})", self.status)?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnhandledError {}

/// Why a call failed.
#[derive(Debug)]
pub enum Error<E> {
    /// The input broke a constraint (checked before anything is sent).
    InvalidInput(crate::validate::ValidationErrors),
    /// The request could not be built (an empty URI label, …).
    Build(BuildError),
    /// The transport failed (connection, timeout, …).
    Transport(TransportError),
    /// The response could not be read.
    Response {
        /// The HTTP status.
        status: u16,
        /// What could not be read.
        error: DecodeError,
    },
    /// The service answered with an error: a modeled one, or `Unhandled`.
    Service {
        /// The error.
        error: E,
        /// The response's `x-amzn-RequestId`, for AWS support.
        request_id: Option<String>,
    },
}

impl<E> Error<E> {
    /// A service error without a request id (fakes and servers build these).
    pub fn service(error: E) -> Self {
        Error::Service {
            error,
            request_id: None,
        }
    }

    /// The service's error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            Error::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The request id of the response, when the service answered with an error.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

/// An output with the request id of the response that carried it
/// ([`Client::call_with_request_id`]).
#[derive(Debug, Clone, PartialEq)]
pub struct WithRequestId<T> {
    /// The operation's output.
    pub output: T,
    /// The response's `x-amzn-RequestId`, if it had one.
    pub request_id: Option<String>,
}

/// The request id of a response (`x-amzn-RequestId`, else `x-amz-request-id`).
pub fn request_id(headers: &http::HeaderMap) -> Option<String> {
    ["x-amzn-requestid", "x-amz-request-id"]
        .iter()
        .find_map(|h| headers.get(*h))
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput(e) => write!(f, "invalid input: {e}"),
            Error::Build(e) => write!(f, "cannot build the request: {e}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Response { status, error } => {
                write!(f, "unreadable response (HTTP {status}): {error}")
            }
            Error::Service {
                error,
                request_id: Some(id),
            } => write!(f, "service error: {error} (request id {id})"),
            Error::Service {
                error,
                request_id: None,
            } => write!(f, "service error: {error}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {}

impl<E> From<E> for Error<E> {
    fn from(e: E) -> Self {
        Error::service(e)
    }
}

/// A transport failure, as the transport describes it.
#[derive(Debug)]
pub struct TransportError(pub Box<dyn std::error::Error + Send + Sync>);

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl TransportError {
    /// Wraps any error.
    pub fn new(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TransportError(e.into())
    }
}

/// Sends HTTP requests: plug in any HTTP client, or a fake.
pub trait Transport: Send + Sync {
    /// Sends one request and returns the response.
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, TransportError>> + Send;
}

/// The URI label values and query parameters of a request, as a server reads them.
#[derive(Debug, Default, Clone)]
pub struct Bindings {
    /// Label values by name, percent-decoded.
    pub labels: BTreeMap<String, String>,
    /// Query parameters in order, percent-decoded.
    pub query: Vec<(String, String)>,
}

impl Bindings {
    /// Reads the query string of a request.
    pub fn with_query(mut self, query: Option<&str>) -> Self {
        for part in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let k = percent_decode(&k.replace('+', " ")).unwrap_or_default();
            let v = percent_decode(&v.replace('+', " ")).unwrap_or_default();
            self.query.push((k, v));
        }
        self
    }
}

/// Matches a path against a URI template (`/users/{InstanceId}/{UserId}`,
/// greedy `{Key+}`); returns the decoded label values.
pub fn match_template(template: &str, path: &str) -> Option<BTreeMap<String, String>> {
    let template = template.split_once('?').map_or(template, |(p, _)| p);
    let t: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let mut labels = BTreeMap::new();
    let mut i = 0;
    for (ti, seg) in t.iter().enumerate() {
        if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix("+}")) {
            let rest_segments = t.len() - ti - 1;
            if p.len() < i + 1 + rest_segments {
                return None;
            }
            let take = p.len() - i - rest_segments;
            let value = p[i..i + take].join("/");
            labels.insert(name.to_string(), percent_decode(&value)?);
            i += take;
        } else if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let value = p.get(i)?;
            if value.is_empty() {
                return None;
            }
            labels.insert(name.to_string(), percent_decode(value)?);
            i += 1;
        } else {
            if p.get(i) != Some(seg) {
                return None;
            }
            i += 1;
        }
    }
    (i == p.len()).then_some(labels)
}

/// A JSON response with the given status and extra headers.
pub fn json_response(
    status: u16,
    headers: &[(&str, String)],
    body: String,
) -> http::Response<Vec<u8>> {
    let headers = headers.iter().map(|(k, v)| (*k, v.as_str()));
    respond(
        status,
        std::iter::once(("Content-Type", "application/json")).chain(headers),
        body.into_bytes(),
    )
}

/// A JSON response with the given status and the headers of an output's members.
/// A member bound to `Content-Type` sets it itself.
pub fn json_response_with(status: u16, headers: &Headers, body: String) -> http::Response<Vec<u8>> {
    respond(
        status,
        content_type(headers, "application/json")
            .into_iter()
            .chain(headers.pairs()),
        body.into_bytes(),
    )
}

/// A Smithy error response with the headers of the error's header-bound members.
pub fn error_response_with(
    status: u16,
    code: &str,
    headers: &Headers,
    body: String,
) -> http::Response<Vec<u8>> {
    let head = content_type(headers, "application/json")
        .into_iter()
        .chain([("X-Amzn-Errortype", code)]);
    respond(status, head.chain(headers.pairs()), body.into_bytes())
}

/// `Content-Type: <media_type>`, unless a member sets `Content-Type`.
fn content_type<'a>(headers: &Headers, media_type: &'a str) -> Option<(&'static str, &'a str)> {
    (!headers.has("Content-Type")).then_some(("Content-Type", media_type))
}

/// A response with these headers, in order (one whose status or headers
/// are not valid HTTP becomes an empty 500).
fn respond<'a>(
    status: u16,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    body: Vec<u8>,
) -> http::Response<Vec<u8>> {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(k, v);
    }
    b.body(body).unwrap_or_else(|_| {
        let mut r = http::Response::new(Vec::new());
        *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

/// A Smithy error response: status, `X-Amzn-Errortype`, JSON body.
pub fn error_response(status: u16, code: &str, body: String) -> http::Response<Vec<u8>> {
    json_response(status, &[("X-Amzn-Errortype", code.to_string())], body)
}

/// `400 SerializationException`: the body is not JSON of the right shape.
pub fn serialization_error(e: &DecodeError) -> http::Response<Vec<u8>> {
    error_response(
        400,
        "SerializationException",
        message_body(Some(&e.to_string())),
    )
}

/// Server: 413 `PayloadTooLargeException` in `protocol`'s form, for a
/// body over the limit (read by [`admit_as`], or by the `serve` feature's
/// server before it is read whole).
pub(crate) fn payload_too_large(protocol: Protocol) -> http::Response<Vec<u8>> {
    protocol.error_response(
        413,
        "PayloadTooLargeException",
        message_body(Some("the request body is larger than this service accepts")),
    )
}

/// `{"message": …}` (`{}` without a message).
pub(crate) fn message_body(message: Option<&str>) -> String {
    let mut w = JsonWriter::new();
    let mut o = w.object();
    o.field("message", &message);
    o.end();
    w.into_string()
}

/// `400 ValidationException` with Smithy's body.
pub fn validation_error(e: &crate::validate::ValidationErrors) -> http::Response<Vec<u8>> {
    error_response(400, "ValidationException", e.to_json_body())
}

/// `404 UnknownOperationException`: no operation matches the method and path.
pub fn not_found() -> http::Response<Vec<u8>> {
    error_response(
        404,
        "UnknownOperationException",
        "{\"message\":\"no operation matches this request\"}".into(),
    )
}

/// `500 InternalFailure`, for a fake that failed without a modeled error.
pub fn internal_failure(message: &str) -> http::Response<Vec<u8>> {
    error_response(500, "InternalFailure", message_body(Some(message)))
}

/// awsJson: the operation a request names (`X-Amz-Target`), or `""` when it
/// is not a `POST /` or names none.
pub fn aws_json_target(request: &http::Request<Vec<u8>>) -> &str {
    if request.method() != http::Method::POST || request.uri().path() != "/" {
        return "";
    }
    request
        .headers()
        .get("X-Amz-Target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// awsJson: a successful response, `200` with the output's document, or
/// with no body for an operation without output (the media type is sent either way).
pub fn aws_json_response(media_type: &str, body: Option<String>) -> http::Response<Vec<u8>> {
    respond(
        200,
        [("Content-Type", media_type)],
        body.map(String::into_bytes).unwrap_or_default(),
    )
}

/// awsJson: an error response. `error_type` (a shape ID or a bare name)
/// goes in the body's `__type`, ahead of the error's members (`body`, a
/// JSON object); `query_error` (`Code;Sender`) in `x-amzn-query-error`.
pub fn aws_json_error(
    status: u16,
    error_type: &str,
    media_type: &str,
    query_error: Option<&str>,
    body: String,
) -> http::Response<Vec<u8>> {
    let mut w = JsonWriter::new();
    let mut o = w.object();
    o.field("__type", &error_type);
    o.end();
    let mut text = w.into_string();
    // Splice the error's own members after `__type` (the body is an object,
    // as the generated code writes it; anything else is left out).
    let members = body
        .trim()
        .strip_prefix('{')
        .and_then(|b| b.strip_suffix('}'))
        .map(str::trim)
        .unwrap_or("");
    if !members.is_empty() {
        text.pop();
        text.push(',');
        text.push_str(members);
        text.push('}');
    }
    let head = [("Content-Type", media_type)]
        .into_iter()
        .chain(query_error.map(|q| ("x-amzn-query-error", q)));
    respond(status, head, text.into_bytes())
}

/// The answer to a request no operation takes: restJson1's is 404, awsJson's
/// 400 (both `UnknownOperationException`).
pub fn unknown_operation(protocol: Protocol) -> http::Response<Vec<u8>> {
    match protocol {
        Protocol::RestJson1 => not_found(),
        protocol => protocol.error_response(
            400,
            "UnknownOperationException",
            message_body(Some("no operation matches this request")),
        ),
    }
}

/// A value a server reads from a URI label, a query parameter or a header.
pub trait FromHttpText: Sized {
    /// Parses the text (timestamps in `format`); the error says what was expected.
    fn from_http_text(text: &str, format: TimestampFormat) -> Result<Self, String>;
    /// Whether every value's text holds exactly one comma (an `http-date`
    /// timestamp), so that a list header's items are rejoined in pairs.
    fn has_comma(_format: TimestampFormat) -> bool {
        false
    }
}

impl FromHttpText for String {
    fn from_http_text(text: &str, _: TimestampFormat) -> Result<Self, String> {
        Ok(text.to_string())
    }
}

impl FromHttpText for bool {
    fn from_http_text(text: &str, _: TimestampFormat) -> Result<Self, String> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err("expected true or false".into()),
        }
    }
}

macro_rules! from_http_number {
    ($($t:ty),*) => {$(
        impl FromHttpText for $t {
            fn from_http_text(text: &str, _: TimestampFormat) -> Result<Self, String> {
                text.parse().map_err(|_| format!("expected {}", stringify!($t)))
            }
        }
    )*};
}
from_http_number!(i8, i16, i32, i64);

macro_rules! from_http_float {
    ($($t:ty),*) => {$(
        impl FromHttpText for $t {
            fn from_http_text(text: &str, _: TimestampFormat) -> Result<Self, String> {
                match crate::json::non_finite_value(text) {
                    Some(x) => Ok(x as $t),
                    None => text.parse().map_err(|_| "expected a number".to_string()),
                }
            }
        }
    )*};
}
from_http_float!(f32, f64);

impl FromHttpText for DateTime {
    fn from_http_text(text: &str, format: TimestampFormat) -> Result<Self, String> {
        if format == TimestampFormat::DateTime && crate::datetime::has_utc_offset(text) {
            return Err("a date-time must be in UTC (end in Z), not carry an offset".into());
        }
        DateTime::parse(text, format).map_err(|e| e.to_string())
    }
    fn has_comma(format: TimestampFormat) -> bool {
        format == TimestampFormat::HttpDate
    }
}

fn binding_error(place: &str, name: &str, why: String) -> DecodeError {
    DecodeError {
        path: String::new(),
        message: format!("{place} `{name}`: {why}"),
    }
}

/// Reads URI label `name`.
pub fn read_label<T: FromHttpText>(
    b: &Bindings,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<T>, DecodeError> {
    b.labels
        .get(name)
        .map(|v| T::from_http_text(v, format).map_err(|why| binding_error("URI label", name, why)))
        .transpose()
}

/// Reads the first value of query parameter `name`.
pub fn read_query<T: FromHttpText>(
    b: &Bindings,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<T>, DecodeError> {
    b.query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| {
            T::from_http_text(v, format).map_err(|why| binding_error("query parameter", name, why))
        })
        .transpose()
}

/// Reads every value of query parameter `name` (none: unset).
pub fn read_query_list<T: FromHttpText>(
    b: &Bindings,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<Vec<T>>, DecodeError> {
    let values: Vec<T> = b
        .query
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| {
            T::from_http_text(v, format).map_err(|why| binding_error("query parameter", name, why))
        })
        .collect::<Result<_, _>>()?;
    Ok((!values.is_empty()).then_some(values))
}

/// Reads header `name`.
pub fn read_header<T: FromHttpText>(
    headers: &http::HeaderMap,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<T>, DecodeError> {
    match headers.get(name) {
        None => Ok(None),
        Some(v) => {
            let text = v
                .to_str()
                .map_err(|_| binding_error("header", name, "not visible ASCII".into()))?;
            T::from_http_text(text.trim(), format)
                .map(Some)
                .map_err(|why| binding_error("header", name, why))
        }
    }
}

/// Reads header `name` holding a list: every line of it, split at commas
/// outside double quotes (quotes removed, `\"` and `\\` unescaped), items
/// trimmed; `http-date` timestamps, which hold a comma, are rejoined in pairs.
pub fn read_header_list<T: FromHttpText>(
    headers: &http::HeaderMap,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<Vec<T>>, DecodeError> {
    let mut lines = headers.get_all(name).iter().peekable();
    if lines.peek().is_none() {
        return Ok(None);
    }
    let mut items = Vec::new();
    for line in lines {
        let text = line
            .to_str()
            .map_err(|_| binding_error("header", name, "not visible ASCII".into()))?;
        items.extend(split_header_list(text));
    }
    if T::has_comma(format) {
        let mut joined = Vec::with_capacity(items.len() / 2);
        for pair in items.chunks(2) {
            joined.push(pair.join(", "));
        }
        items = joined;
    }
    items
        .iter()
        .map(|i| T::from_http_text(i, format).map_err(|why| binding_error("header", name, why)))
        .collect::<Result<Vec<T>, _>>()
        .map(Some)
}

/// Splits a list header's value at commas outside double-quoted strings.
fn split_header_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => item.extend(chars.next()),
                    '"' => break,
                    c => item.push(c),
                }
            }
            // Skip to the next separator.
            for c in chars.by_ref() {
                if c == ',' {
                    break;
                }
            }
            items.push(item);
        } else {
            let mut ended = true;
            for c in chars.by_ref() {
                if c == ',' {
                    ended = false;
                    break;
                }
                item.push(c);
            }
            items.push(item.trim().to_string());
            if ended {
                break;
            }
            continue;
        }
        if chars.peek().is_none() {
            break;
        }
    }
    items
}

/// Reads header `name` holding a string with a `@mediaType` (base64-encoded).
pub fn read_header_base64(
    headers: &http::HeaderMap,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<String>, DecodeError> {
    let Some(text) = read_header::<String>(headers, name, format)? else {
        return Ok(None);
    };
    let bytes = crate::base64::decode(&text)
        .ok_or_else(|| binding_error("header", name, "expected base64 text".into()))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| binding_error("header", name, "expected base64 of UTF-8 text".into()))
}

/// Reads the headers whose names start with `prefix` (case-insensitively)
/// into a map keyed by the rest of the (lower-case) name (`@httpPrefixHeaders`).
pub fn read_prefix_headers<T: FromHttpText>(
    headers: &http::HeaderMap,
    prefix: &str,
    format: TimestampFormat,
) -> Result<Option<BTreeMap<String, T>>, DecodeError> {
    let prefix = prefix.to_ascii_lowercase();
    let mut map = BTreeMap::new();
    for (k, v) in headers {
        if let Some(key) = k.as_str().strip_prefix(prefix.as_str()) {
            let text = v
                .to_str()
                .map_err(|_| binding_error("header", k.as_str(), "not visible ASCII".into()))?;
            let value = T::from_http_text(text.trim(), format)
                .map_err(|why| binding_error("header", k.as_str(), why))?;
            map.entry(key.to_string()).or_insert(value);
        }
    }
    Ok((!map.is_empty()).then_some(map))
}

/// Reads every query parameter into a map, the first value of each name (`@httpQueryParams`).
pub fn read_query_params<T: FromHttpText>(
    b: &Bindings,
    format: TimestampFormat,
) -> Result<Option<BTreeMap<String, T>>, DecodeError> {
    let mut map = BTreeMap::new();
    for (k, v) in &b.query {
        if !map.contains_key(k) {
            map.insert(
                k.clone(),
                T::from_http_text(v, format)
                    .map_err(|why| binding_error("query parameter", k, why))?,
            );
        }
    }
    Ok((!map.is_empty()).then_some(map))
}

/// Reads every query parameter into a map of lists (`@httpQueryParams` of lists).
pub fn read_query_params_lists<T: FromHttpText>(
    b: &Bindings,
    format: TimestampFormat,
) -> Result<Option<BTreeMap<String, Vec<T>>>, DecodeError> {
    let mut map: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for (k, v) in &b.query {
        let value =
            T::from_http_text(v, format).map_err(|why| binding_error("query parameter", k, why))?;
        map.entry(k.clone()).or_default().push(value);
    }
    Ok((!map.is_empty()).then_some(map))
}

/// Reads a blob payload: the body's bytes (an empty body: unset).
pub fn payload_bytes(body: &[u8]) -> Result<Option<Vec<u8>>, DecodeError> {
    Ok((!body.is_empty()).then(|| body.to_vec()))
}

/// Reads a required blob payload: the body's bytes, none at all being an
/// empty blob (a required payload is always there; it may be empty).
pub fn payload_bytes_required(body: &[u8]) -> Result<Option<Vec<u8>>, DecodeError> {
    Ok(Some(body.to_vec()))
}

/// Reads a string (or string enum) payload: the body's UTF-8 text (empty: unset).
pub fn payload_text<T: FromHttpText>(body: &[u8]) -> Result<Option<T>, DecodeError> {
    if body.is_empty() {
        return Ok(None);
    }
    payload_text_required(body)
}

/// Reads a required string (or string enum) payload: the body's UTF-8
/// text, an empty body being the empty string.
pub fn payload_text_required<T: FromHttpText>(body: &[u8]) -> Result<Option<T>, DecodeError> {
    let fail = |why: String| DecodeError {
        path: String::new(),
        message: format!("the body: {why}"),
    };
    let text = std::str::from_utf8(body).map_err(|_| fail("not UTF-8 text".into()))?;
    T::from_http_text(text, TimestampFormat::DateTime)
        .map(Some)
        .map_err(fail)
}

/// Reads a structure payload: the body's JSON (empty, or `{}`: unset, as a
/// client sends an unset one).
pub fn payload_structure<T: crate::json::FromJson>(body: &[u8]) -> Result<Option<T>, DecodeError> {
    let mut text = body.iter().filter(|b| !b.is_ascii_whitespace());
    let unset = matches!(
        (text.next(), text.next(), text.next()),
        (None, _, _) | (Some(b'{'), Some(b'}'), None)
    );
    if unset {
        return Ok(None);
    }
    payload_json(body)
}

/// Reads a union or document payload: the body's JSON (empty: unset).
pub fn payload_json<T: crate::json::FromJson>(body: &[u8]) -> Result<Option<T>, DecodeError> {
    if body.is_empty() {
        return Ok(None);
    }
    crate::json::from_slice_for_server::<T>(body).map(|(v, _)| Some(v))
}

/// Client: reads an output that has a payload member (no JSON body
/// object): `read` gets a lenient decoder and reads every member itself.
pub fn read_payload_output<T, E>(
    response: &http::Response<Vec<u8>>,
    read: impl for<'v> FnOnce(&mut crate::json::Decoder<'v>) -> Result<T, DecodeError>,
) -> Result<T, Error<E>> {
    let mut d = crate::json::Decoder::client();
    read(&mut d).map_err(|error| Error::Response {
        status: response.status().as_u16(),
        error,
    })
}

/// Server: reads an input that has a payload member, then checks it.
pub fn read_payload_input<T: crate::validate::Validate>(
    read: impl for<'v> FnOnce(&mut crate::json::Decoder<'v>) -> Result<T, DecodeError>,
) -> Result<T, crate::validate::InputError> {
    let mut d = crate::json::Decoder::for_server();
    let value = read(&mut d)?;
    check_decoded(value, &d.into_missing())
}

/// Server: a response whose body is a payload (`None`: no body).
pub fn payload_response(
    status: u16,
    headers: &Headers,
    body: Option<(&str, Vec<u8>)>,
) -> http::Response<Vec<u8>> {
    let (media_type, body) = body.map_or((None, Vec::new()), |(t, b)| (Some(t), b));
    let content_type = media_type.and_then(|t| content_type(headers, t));
    let length = body.len().to_string();
    respond(
        status,
        headers
            .pairs()
            .chain(content_type)
            .chain([("Content-Length", length.as_str())]),
        body,
    )
}

/// Server: the status an output member asks for (`@httpResponseCode`), if
/// it is a valid status, else the operation's.
pub fn status_or(wanted: Option<i32>, default: u16) -> u16 {
    wanted
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| (100..600).contains(s))
        .unwrap_or(default)
}

/// Reads a modeled error's body; `None` if it does not parse.
pub fn read_error<T: crate::json::FromJson>(body: &[u8]) -> Option<T> {
    crate::json::from_slice_client::<T>(body).ok()
}

/// An empty response with the given status.
pub fn empty_response(status: u16) -> http::Response<Vec<u8>> {
    let mut r = http::Response::new(Vec::new());
    *r.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    r
}

/// The response for an error this operation does not model.
pub fn unhandled_response(u: &UnhandledError) -> http::Response<Vec<u8>> {
    Protocol::RestJson1.unhandled_response(u)
}

/// An operation's error enum.
pub trait ServiceError: Sized + fmt::Debug + fmt::Display {
    /// The error for a response's code (an unmodeled code gives the `Unhandled` variant).
    fn from_code(code: &str, message: Option<String>, status: u16, body: &[u8]) -> Self;
    /// The error for a whole response: [`ServiceError::from_code`], plus the
    /// members of errors bound to headers (generated where an error has some).
    fn from_response(
        code: &str,
        message: Option<String>,
        status: u16,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Self {
        let _ = headers;
        Self::from_code(code, message, status, body)
    }
    /// The `Unhandled` variant.
    fn unhandled(error: UnhandledError) -> Self;
}

/// The server half of an operation's error enum (the generated crate's `server` feature).
pub trait ServerError: ServiceError {
    /// The HTTP response a server answers this error with.
    fn to_response(&self) -> http::Response<Vec<u8>>;
}

/// The error a service-trait method returns when an implementation does not provide it.
pub fn not_implemented<E: ServiceError>() -> Error<E> {
    Error::service(E::unhandled(UnhandledError {
        code: "NotImplemented".into(),
        message: Some("this operation is not implemented by this service".into()),
        status: 501,
    }))
}

/// One operation's wire format, both ways (generated for every operation).
pub trait OperationShape {
    /// The input structure (`()` for none).
    type Input: crate::validate::Validate
        + crate::json::ToJson
        + crate::json::FromJson
        + Send
        + 'static;
    /// The output structure (`()` for none).
    type Output: crate::json::ToJson + crate::json::FromJson + Send + 'static;
    /// The operation's error enum.
    type Error: ServiceError + Send + 'static;
    /// Name, method, URI template, success code.
    const SPEC: Operation;
    /// The wire protocol (restJson1 unless the operation says otherwise).
    const PROTOCOL: Protocol = Protocol::RestJson1;

    /// Client: the HTTP request for an input.
    fn serialize_request(input: &Self::Input) -> Result<http::Request<Vec<u8>>, BuildError>;
    /// Client: the output of a successful (2xx) response.
    fn parse_output(response: &http::Response<Vec<u8>>)
    -> Result<Self::Output, Error<Self::Error>>;
    /// Client: fills unset idempotency tokens.
    fn fill_idempotency_tokens(_input: &mut Self::Input, _token: &mut dyn FnMut() -> String) {}
    /// Client: the required-member check made by default before sending.
    fn check_required(input: &Self::Input) -> Result<(), crate::validate::ValidationErrors> {
        required_only(input.validate())
    }
    /// Client: every constraint (with [`Validation::Full`]).
    fn check_all(input: &Self::Input) -> Result<(), crate::validate::ValidationErrors> {
        input.validate()
    }
}

/// Keeps only the `Member must not be null` violations (the client's default check).
pub fn required_only(
    result: Result<(), crate::validate::ValidationErrors>,
) -> Result<(), crate::validate::ValidationErrors> {
    match result {
        Ok(()) => Ok(()),
        Err(e) => {
            let kept: Vec<_> = e
                .violations()
                .iter()
                .filter(|v| v.kind == crate::validate::ConstraintKind::Required)
                .cloned()
                .collect();
            if kept.is_empty() {
                Ok(())
            } else {
                Err(crate::validate::ValidationErrors::new(kept))
            }
        }
    }
}

/// The server half of an operation's wire format (the generated crate's `server` feature).
pub trait ServerOperation: OperationShape<Error: ServerError> {
    /// The input of a request (JSON body, labels, query, headers), fully validated.
    fn parse_request(
        request: &http::Request<Vec<u8>>,
        bindings: &Bindings,
    ) -> Result<Self::Input, crate::validate::InputError>;
    /// The response for an output.
    fn serialize_output(output: &Self::Output) -> http::Response<Vec<u8>>;
}

/// Client: reads an output whose members are all in the JSON body
/// (leniently: a missing required member is left at a placeholder).
pub fn parse_json_output<T: crate::json::FromJson, E>(
    response: &http::Response<Vec<u8>>,
) -> Result<T, Error<E>> {
    match crate::json::from_slice_client::<T>(response.body()) {
        Ok(value) => Ok(value),
        Err(error) => Err(Error::Response {
            status: response.status().as_u16(),
            error,
        }),
    }
}

/// Client: reads an output whose members are not all in the body: `read`
/// gets the body's object and a lenient decoder, and reads the headers itself.
pub fn read_output<T, E>(
    response: &http::Response<Vec<u8>>,
    read: impl for<'v> FnOnce(
        &'v serde_json::Map<String, serde_json::Value>,
        &mut crate::json::Decoder<'v>,
    ) -> Result<T, DecodeError>,
) -> Result<T, Error<E>> {
    let status = response.status().as_u16();
    let fail = |error| Error::Response { status, error };
    let body = crate::json::parse_body(response.body()).map_err(fail)?;
    let mut d = crate::json::Decoder::client();
    let o = d.object(&body).map_err(fail)?;
    read(o, &mut d).map_err(fail)
}

/// Server: reads an input whose members are not all in the body: `read`
/// gets the body's object and a server's decoder, reads the members bound to
/// labels, the query and headers itself (each from there only), and records
/// those that are missing with [`Decoder::bound`](crate::json::Decoder::bound);
/// then every constraint is checked.
pub fn read_input<T: crate::validate::Validate>(
    body: &[u8],
    read: impl for<'v> FnOnce(
        &'v serde_json::Map<String, serde_json::Value>,
        &mut crate::json::Decoder<'v>,
    ) -> Result<T, DecodeError>,
) -> Result<T, crate::validate::InputError> {
    let body = crate::json::parse_body(body)?;
    let mut d = crate::json::Decoder::for_server();
    let o = d.object(&body)?;
    let value = read(o, &mut d)?;
    check_decoded(value, &d.into_missing())
}

/// Server: reads an input whose members are all in the JSON body, and checks it.
pub fn read_body_input<T: crate::json::FromJson + crate::validate::Validate>(
    body: &[u8],
) -> Result<T, crate::validate::InputError> {
    crate::validate::decode_and_validate(body)
}

/// Client: parses any response to a call of `O`.
pub fn parse_response<O: OperationShape>(
    response: &http::Response<Vec<u8>>,
) -> Result<O::Output, Error<O::Error>> {
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        O::parse_output(response)
    } else {
        let (code, message) = error_code_and_message(response.headers(), response.body());
        let error =
            O::Error::from_response(&code, message, status, response.headers(), response.body());
        Err(Error::Service {
            error,
            request_id: request_id(response.headers()),
        })
    }
}

/// Server: serves one request for operation `O` with `call` (the service's method).
pub async fn serve<O, F, Fut>(
    request: &http::Request<Vec<u8>>,
    labels: BTreeMap<String, String>,
    call: F,
) -> http::Response<Vec<u8>>
where
    O: ServerOperation,
    F: FnOnce(O::Input) -> Fut,
    Fut: Future<Output = Result<O::Output, Error<O::Error>>>,
{
    // The work that does not depend on `O` is done by plain functions, so
    // that each operation's instance of `serve` stays small.
    if let Some(refusal) = check_media_types_as(&O::SPEC, request, O::PROTOCOL) {
        return refusal;
    }
    let bindings = Bindings {
        labels,
        query: Vec::new(),
    }
    .with_query(request.uri().query());
    let input = match O::parse_request(request, &bindings) {
        Ok(input) => input,
        Err(e) => return input_refusal(O::PROTOCOL, &e, request.body().len()),
    };
    match call(input).await {
        Ok(output) => O::serialize_output(&output),
        Err(Error::Service { error, .. }) => error.to_response(),
        Err(other) => internal_failure_as(O::PROTOCOL, &other),
    }
}

/// Server: the answer to input that cannot be read (400
/// `SerializationException`) or breaks a constraint (400
/// `ValidationException`, within a small multiple of the request's
/// `body_len`, 4 KiB at least).
fn input_refusal(
    protocol: Protocol,
    error: &crate::validate::InputError,
    body_len: usize,
) -> http::Response<Vec<u8>> {
    match error {
        crate::validate::InputError::Malformed(e) => protocol.error_response(
            400,
            "SerializationException",
            message_body(Some(&e.to_string())),
        ),
        crate::validate::InputError::Invalid(e) => {
            let e = e.within((2 * body_len).max(4096));
            protocol.error_response(400, "ValidationException", e.to_json_body())
        }
    }
}

/// Server: 500 `InternalFailure`, for an implementation that failed without a modeled error.
fn internal_failure_as(protocol: Protocol, error: &dyn fmt::Display) -> http::Response<Vec<u8>> {
    protocol.error_response(
        500,
        "InternalFailure",
        message_body(Some(&error.to_string())),
    )
}

/// Server: 415 `UnsupportedMediaTypeException` when the request's
/// `Content-Type` is not the input's (a body with any `Content-Type` when
/// the input has no body; a body without one, when it has), 406 `NotAcceptableException`
/// when its `Accept` rules out the output's media type.
pub fn check_media_types(
    op: &Operation,
    request: &http::Request<Vec<u8>>,
) -> Option<http::Response<Vec<u8>>> {
    check_media_types_as(op, request, Protocol::RestJson1)
}

/// [`check_media_types`], with the refusal in `protocol`'s form.
pub fn check_media_types_as(
    op: &Operation,
    request: &http::Request<Vec<u8>>,
    protocol: Protocol,
) -> Option<http::Response<Vec<u8>>> {
    let content_type = request
        .headers()
        .get(http::header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    let essence = |t: &str| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    let type_ok = match (op.request_media, content_type) {
        // Without a modeled body, a body is ignored unless it claims a media
        // type: a Content-Type is refused only with a body.
        (None, None) => true,
        (None, Some(_)) => request.body().is_empty(),
        (Some(wanted), None) => request.body().is_empty() || wanted == "*/*",
        (Some(wanted), Some(given)) => wanted == "*/*" || essence(given) == wanted,
    };
    if !type_ok {
        let message = "the request's Content-Type is not the one this operation accepts";
        return Some(protocol.error_response(
            415,
            "UnsupportedMediaTypeException",
            message_body(Some(message)),
        ));
    }
    if let (Some(produced), Some(accept)) = (
        op.response_media,
        request.headers().get(http::header::ACCEPT),
    ) && produced != "*/*"
    {
        let accept = accept.to_str().unwrap_or("");
        let (kind, _) = produced.split_once('/').unwrap_or((produced, ""));
        let accepted = accept
            .split(',')
            .map(essence)
            .any(|range| range == "*/*" || range == produced || range == format!("{kind}/*"));
        if !accepted {
            let message =
                "the request's Accept rules out the media type of this operation's response";
            return Some(protocol.error_response(
                406,
                "NotAcceptableException",
                message_body(Some(message)),
            ));
        }
    }
    None
}

/// What a server accepts before it reads a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest body (after inflating a gzip body) read; larger ones get
    /// 413 `PayloadTooLargeException`. Default: 1 MiB.
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 1 << 20,
        }
    }
}

/// Server: applies `limits` to a request before it is routed; returns the
/// refusal, if any: 413 for a body over the limit; a gzip body (`Content-Encoding: gzip`, with the
/// `compression` feature) is inflated, at most up to the limit.
pub fn admit(
    request: &mut http::Request<Vec<u8>>,
    limits: &Limits,
) -> Option<http::Response<Vec<u8>>> {
    admit_as(request, limits, Protocol::RestJson1)
}

/// Server: [`admit`], with a refusal in `protocol`'s form.
pub fn admit_as(
    request: &mut http::Request<Vec<u8>>,
    limits: &Limits,
    protocol: Protocol,
) -> Option<http::Response<Vec<u8>>> {
    let too_large = || payload_too_large(protocol);
    if request.body().len() > limits.max_body_bytes {
        return Some(too_large());
    }
    #[cfg(feature = "compression")]
    {
        let encodings: Vec<String> = request
            .headers()
            .get_all(http::header::CONTENT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(',').map(|e| e.trim().to_ascii_lowercase()))
            .collect();
        if encodings.last().is_some_and(|e| e == "gzip") {
            use std::io::Read as _;
            let mut inflated = Vec::new();
            let limit = u64::try_from(limits.max_body_bytes)
                .unwrap_or(u64::MAX)
                .saturating_add(1);
            let read = flate2::read::GzDecoder::new(request.body().as_slice())
                .take(limit)
                .read_to_end(&mut inflated);
            if read.is_err() {
                return Some(protocol.error_response(
                    400,
                    "SerializationException",
                    message_body(Some("the body is not valid gzip")),
                ));
            }
            if inflated.len() > limits.max_body_bytes {
                return Some(too_large());
            }
            *request.body_mut() = inflated;
            let rest: Vec<&str> = encodings[..encodings.len() - 1]
                .iter()
                .map(String::as_str)
                .collect();
            if rest.is_empty() {
                request.headers_mut().remove(http::header::CONTENT_ENCODING);
            } else if let Ok(v) = rest.join(", ").parse() {
                request
                    .headers_mut()
                    .insert(http::header::CONTENT_ENCODING, v);
            }
        }
    }
    None
}

/// How much the client checks before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Validation {
    /// Nothing: the service will judge.
    None,
    /// What the service would reject anyway: required members and non-empty URI labels (the default).
    #[default]
    Required,
    /// Every constraint of the model.
    Full,
}

/// A client over a [`Transport`]; the generated crate implements its service trait for it.
pub struct Client<T> {
    transport: T,
    validation: Validation,
    token: std::sync::Mutex<Box<dyn FnMut() -> String + Send>>,
}

impl<T: fmt::Debug> fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("transport", &self.transport)
            .field("validation", &self.validation)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> Client<T> {
    /// A client that checks required members, with random UUID v4 idempotency tokens.
    pub fn new(transport: T) -> Self {
        Client {
            transport,
            validation: Validation::default(),
            token: std::sync::Mutex::new(Box::new(uuid_v4)),
        }
    }

    /// Sets how much is checked before sending.
    pub fn with_validation(mut self, validation: Validation) -> Self {
        self.validation = validation;
        self
    }

    /// Sets where idempotency tokens come from (tests inject a fixed one).
    pub fn with_token_source(mut self, source: impl FnMut() -> String + Send + 'static) -> Self {
        self.token = std::sync::Mutex::new(Box::new(source));
        self
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Calls operation `O`: fills tokens, checks, serializes, sends, parses.
    pub async fn call<O: OperationShape>(
        &self,
        input: O::Input,
    ) -> Result<O::Output, Error<O::Error>> {
        self.call_with_request_id::<O>(input)
            .await
            .map(|r| r.output)
    }

    /// [`Client::call`], keeping the response's request id beside the output
    /// (an error carries its own: [`Error::request_id`]).
    pub async fn call_with_request_id<O: OperationShape>(
        &self,
        mut input: O::Input,
    ) -> Result<WithRequestId<O::Output>, Error<O::Error>> {
        {
            let mut token = self
                .token
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            O::fill_idempotency_tokens(&mut input, &mut *token);
        }
        match self.validation {
            Validation::None => {}
            Validation::Required => O::check_required(&input).map_err(Error::InvalidInput)?,
            Validation::Full => O::check_all(&input).map_err(Error::InvalidInput)?,
        }
        let request = O::serialize_request(&input).map_err(Error::Build)?;
        let response = self
            .transport
            .send(request)
            .await
            .map_err(Error::Transport)?;
        let output = parse_response::<O>(&response)?;
        Ok(WithRequestId {
            output,
            request_id: request_id(response.headers()),
        })
    }
}

/// Serves every operation of a service with one generic method. The
/// generated service trait is implemented for every `Handler`, so one impl
/// fakes or wraps a whole service: record every call, answer from a table,
/// forward to another implementation. [`Client`] is a `Handler` that sends
/// each call over its transport.
pub trait Handler: Send + Sync {
    /// Handles one call of operation `O`.
    fn handle<O: OperationShape>(
        &self,
        input: O::Input,
    ) -> impl Future<Output = Result<O::Output, Error<O::Error>>> + Send;
}

impl<T: Transport> Handler for Client<T> {
    fn handle<O: OperationShape>(
        &self,
        input: O::Input,
    ) -> impl Future<Output = Result<O::Output, Error<O::Error>>> + Send {
        self.call::<O>(input)
    }
}

/// Visits operations by type; a generated crate's `operations::visit_all`
/// calls [`OperationVisitor::visit`] once per operation, in model order.
pub trait OperationVisitor {
    /// Called with one operation.
    fn visit<O: OperationShape>(&mut self);
}

/// Visits operations with their server half; a generated crate's
/// `operations::visit_all_server` (the `server` feature) calls
/// [`ServerOperationVisitor::visit`] once per operation.
pub trait ServerOperationVisitor {
    /// Called with one operation.
    fn visit<O: ServerOperation>(&mut self);
}

/// A random (version 4) UUID, from the operating system's randomness.
pub fn uuid_v4() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: fall back to the clock and a counter (unique, not secret).
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let c = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        bytes[..8].copy_from_slice(&(t as u64).to_le_bytes());
        bytes[8..].copy_from_slice(&c.to_le_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_percent_encoded() {
        assert_eq!(
            percent_encode("arn:aws:connect:us-west-2:1:instance/abc", false),
            "arn%3Aaws%3Aconnect%3Aus-west-2%3A1%3Ainstance%2Fabc"
        );
        assert_eq!(percent_encode("a b/c~", true), "a%20b/c~");
        assert_eq!(percent_encode("é", false), "%C3%A9");
        assert_eq!(percent_decode("a%20b%2Fc").as_deref(), Some("a b/c"));
    }

    #[test]
    fn empty_payloads() {
        // An optional payload with an empty body is unset; a required one is empty.
        assert_eq!(payload_bytes(b"").unwrap(), None);
        assert_eq!(payload_bytes_required(b"").unwrap(), Some(Vec::new()));
        assert_eq!(payload_text::<String>(b"").unwrap(), None);
        assert_eq!(
            payload_text_required::<String>(b"").unwrap(),
            Some(String::new())
        );
        assert!(payload_text_required::<String>(&[0xff]).is_err());
    }

    #[test]
    fn a_member_bound_to_content_type_sets_it() {
        let mut headers = Headers::default();
        let r = json_response_with(200, &headers, "{}".into());
        assert_eq!(
            r.headers()
                .get_all(http::header::CONTENT_TYPE)
                .iter()
                .collect::<Vec<_>>(),
            ["application/json"]
        );
        headers.header(
            "Content-Type",
            Some(&"image/png".to_string()),
            TimestampFormat::HttpDate,
        );
        let r = json_response_with(200, &headers, "{}".into());
        assert_eq!(
            r.headers()
                .get_all(http::header::CONTENT_TYPE)
                .iter()
                .collect::<Vec<_>>(),
            ["image/png"]
        );
        let r = error_response_with(400, "Bad", &headers, "{}".into());
        assert_eq!(
            r.headers()
                .get_all(http::header::CONTENT_TYPE)
                .iter()
                .collect::<Vec<_>>(),
            ["image/png"]
        );
        assert_eq!(r.headers()["X-Amzn-Errortype"], "Bad");
    }

    #[test]
    fn endpoints_place_requests() {
        let request = || {
            http::Request::builder()
                .uri("/things/a%2Fb?x=1")
                .body(Vec::new())
                .unwrap()
        };
        let at = |endpoint: &str, mut r: http::Request<Vec<u8>>| {
            Endpoint::new(endpoint).unwrap().place(&mut r).unwrap();
            (
                r.uri().to_string(),
                r.headers()[http::header::HOST]
                    .to_str()
                    .unwrap()
                    .to_string(),
            )
        };
        assert_eq!(
            at("https://example.com", request()),
            (
                "https://example.com/things/a%2Fb?x=1".into(),
                "example.com".into()
            )
        );
        assert_eq!(
            at("http://localhost:8080/custom/", request()),
            (
                "http://localhost:8080/custom/things/a%2Fb?x=1".into(),
                "localhost:8080".into()
            )
        );
        let mut prefixed = request();
        prefixed.extensions_mut().insert(HostPrefix("data.".into()));
        assert_eq!(
            at("https://example.com/base", prefixed),
            (
                "https://data.example.com/base/things/a%2Fb?x=1".into(),
                "data.example.com".into()
            )
        );
        for bad in [
            "example.com",
            "/path",
            "https://example.com/?q=1",
            "not a uri",
        ] {
            assert!(Endpoint::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn templates_match() {
        let l = match_template("/users/{InstanceId}/{UserId}", "/users/i-1/u%2F2").unwrap();
        assert_eq!(l["InstanceId"], "i-1");
        assert_eq!(l["UserId"], "u/2");
        assert!(match_template("/users/{InstanceId}/{UserId}", "/users/i-1").is_none());
        assert!(match_template("/users/{InstanceId}", "/users/").is_none());
        let l = match_template("/files/{Path+}/meta", "/files/a/b/c/meta").unwrap();
        assert_eq!(l["Path"], "a/b/c");
        assert!(match_template("/contact/chat", "/contact/chat").is_some());
        assert!(match_template("/contact/chat", "/contact/chats").is_none());
    }

    #[test]
    fn error_codes_are_cleaned() {
        assert_eq!(
            sanitize_error_code(
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "FooError"
        );
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(sanitize_error_code("FooError:http://x"), "FooError");
        let mut h = http::HeaderMap::new();
        h.insert(
            "x-amzn-errortype",
            "ResourceNotFoundException:http://x".parse().unwrap(),
        );
        let (code, msg) = error_code_and_message(&h, br#"{"code":"Other","Message":"gone"}"#);
        assert_eq!(
            (code.as_str(), msg.as_deref()),
            ("ResourceNotFoundException", Some("gone"))
        );
        let (code, _) = error_code_and_message(
            &http::HeaderMap::new(),
            br#"{"__type":"com.amazonaws.connect#ThrottlingException"}"#,
        );
        assert_eq!(code, "ThrottlingException");
        let (code, msg) = error_code_and_message(
            &http::HeaderMap::new(),
            br#"{"code":"Nope","errorMessage":"m"}"#,
        );
        assert_eq!((code.as_str(), msg.as_deref()), ("Nope", Some("m")));
    }

    #[test]
    fn aws_json_errors_name_their_type_first() {
        let body = |r: http::Response<Vec<u8>>| String::from_utf8(r.into_body()).unwrap();
        let media = "application/x-amz-json-1.1";
        let r = aws_json_error(400, "ns#Bad", media, None, "{\"Message\":\"m\"}".into());
        assert_eq!(r.headers()["Content-Type"], media);
        assert!(!r.headers().contains_key("x-amzn-query-error"));
        assert_eq!(body(r), r#"{"__type":"ns#Bad","Message":"m"}"#);
        let r = aws_json_error(400, "Bad", media, Some("Custom;Sender"), " { } ".into());
        assert_eq!(r.headers()["x-amzn-query-error"], "Custom;Sender");
        assert_eq!(body(r), r#"{"__type":"Bad"}"#);
        // A type that needs escaping stays one JSON string.
        let r = aws_json_error(500, "a\"b", media, None, "{}".into());
        assert_eq!(body(r), r#"{"__type":"a\"b"}"#);
    }

    #[test]
    fn aws_json_targets_need_post_to_the_root() {
        let req = |method: &str, uri: &str| {
            http::Request::builder()
                .method(method)
                .uri(uri)
                .header("X-Amz-Target", "Svc.Op")
                .body(Vec::new())
                .unwrap()
        };
        assert_eq!(aws_json_target(&req("POST", "/")), "Svc.Op");
        assert_eq!(aws_json_target(&req("GET", "/")), "");
        assert_eq!(aws_json_target(&req("POST", "/other")), "");
    }

    #[test]
    fn uuids_are_version_4() {
        let u = uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"), "{u}");
        assert_ne!(uuid_v4(), u);
    }

    #[test]
    fn response_code_members_set_the_status() {
        assert_eq!(status_or(Some(201), 200), 201);
        assert_eq!(status_or(None, 200), 200);
        assert_eq!(status_or(Some(42), 200), 200, "not a status");
        assert_eq!(status_or(Some(-1), 204), 204);
    }

    #[test]
    fn empty_label_is_refused() {
        let op = Operation {
            name: "X",
            method: "GET",
            uri: "/x/{Id}",
            code: 200,
            request_media: None,
            response_media: None,
        };
        let e = RequestBuilder::new(&op).label("Id", "").unwrap_err();
        assert_eq!(e, BuildError::EmptyLabel("Id"));
    }

    #[test]
    fn auth_schemes_ride_as_an_extension_only_when_set() {
        let op = Operation {
            name: "X",
            method: "GET",
            uri: "/x",
            code: 200,
            request_media: None,
            response_media: None,
        };
        let r = RequestBuilder::new(&op).build().unwrap();
        assert_eq!(r.extensions().get::<AuthSchemes>(), None);
        let r = RequestBuilder::new(&op)
            .auth(&[AuthScheme::SigV4, AuthScheme::Anonymous])
            .build()
            .unwrap();
        assert_eq!(
            r.extensions().get::<AuthSchemes>(),
            Some(&AuthSchemes(&[AuthScheme::SigV4, AuthScheme::Anonymous]))
        );
        let r = RequestBuilder::new(&op).auth(&[]).build().unwrap();
        assert_eq!(r.extensions().get::<AuthSchemes>(), Some(&AuthSchemes(&[])));
    }
}
