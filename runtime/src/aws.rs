//! Calling AWS for real (the `aws` feature): credentials, SigV4 signing, a
//! transport that signs requests for an endpoint, and bearer tokens.
//!
//! Signing is the `aws-sigv4` crate's; credentials come through
//! `aws-credential-types`' [`ProvideCredentials`], so the `aws-config`
//! chain (SSO, assume-role, IMDS…) plugs in unchanged. Built in: static
//! keys ([`Credentials::new`]), [`EnvironmentCredentials`],
//! [`ProfileCredentials`] (static keys of a profile) and [`DefaultCredentials`]
//! (the environment, then the profile). Bearer tokens (`@httpBearerAuth`)
//! come through [`ProvideToken`]: a static [`Token`] is a provider, and so
//! is [`EnvironmentToken`]. Secrets never appear in `Debug`, `Display` or
//! an error.
//!
//! [`Signed`] and [`Bearer`] follow each request's [`AuthSchemes`] (the
//! operation's schemes, when they differ from the service's): without the
//! extension they authenticate every request; with it, only requests whose
//! schemes include theirs, and when the schemes also include
//! [`AuthScheme::Anonymous`] a provider's failure sends the request
//! unauthenticated instead of failing it.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

pub use aws_credential_types::Credentials;
pub use aws_credential_types::Token;
pub use aws_credential_types::provider::ProvideCredentials;
pub use aws_credential_types::provider::error::{CredentialsError, TokenError};
use aws_credential_types::provider::future;
pub use aws_credential_types::provider::token::ProvideToken;

use crate::rest::{AuthScheme, AuthSchemes, Endpoint, Transport, TransportError};

/// The name credentials built here carry (their `provider_name`).
const PROVIDER: &str = "smithy-runtime";

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
/// (optionally) `AWS_SESSION_TOKEN`.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvironmentCredentials;

impl EnvironmentCredentials {
    /// Reads the variables through `var` (tests pass their own).
    pub fn load(var: impl Fn(&str) -> Option<String>) -> Result<Credentials, CredentialsError> {
        let get = |k: &str| var(k).filter(|v| !v.trim().is_empty());
        let (Some(id), Some(secret)) = (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY"))
        else {
            return Err(CredentialsError::not_loaded(
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set",
            ));
        };
        Ok(Credentials::new(
            id.trim(),
            secret.trim(),
            get("AWS_SESSION_TOKEN").map(|t| t.trim().to_string()),
            None,
            PROVIDER,
        ))
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Self::load(|k| std::env::var(k).ok()))
    }
}

/// The static keys (`aws_access_key_id`, `aws_secret_access_key`,
/// `aws_session_token`) of a profile: `AWS_PROFILE` (else `default`) in the
/// shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else
/// `~/.aws/credentials`), else in the config file (`AWS_CONFIG_FILE`, else
/// `~/.aws/config`, where it is `[profile NAME]`). Other kinds of profile
/// (SSO, roles, processes) are `aws-config`'s to provide.
#[derive(Debug, Clone, Default)]
pub struct ProfileCredentials {
    /// The profile, when not `AWS_PROFILE`'s.
    pub profile: Option<String>,
}

impl ProfileCredentials {
    /// Reads the profile's keys, with environment variables read through `var`.
    pub fn load(
        &self,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Credentials, CredentialsError> {
        let profile = self
            .profile
            .clone()
            .or_else(|| var("AWS_PROFILE"))
            .unwrap_or_else(|| "default".into());
        let home = var("HOME")
            .or_else(|| var("USERPROFILE"))
            .map(PathBuf::from);
        let file = |env: &str, default: &str| {
            var(env)
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| h.join(".aws").join(default)))
        };
        let sources = [
            (
                file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
                profile.clone(),
            ),
            (
                file("AWS_CONFIG_FILE", "config"),
                format!("profile {profile}"),
            ),
        ];
        for (path, section) in sources {
            let Some(path) = path else { continue };
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let keys = ini_section(&text, &section).or_else(|| {
                (profile == "default")
                    .then(|| ini_section(&text, "default"))
                    .flatten()
            });
            let Some(keys) = keys else { continue };
            let get = |k: &str| {
                keys.iter()
                    .find(|(name, _)| name == k)
                    .map(|(_, v)| v.clone())
            };
            if let (Some(id), Some(secret)) =
                (get("aws_access_key_id"), get("aws_secret_access_key"))
            {
                return Ok(Credentials::new(
                    id,
                    secret,
                    get("aws_session_token"),
                    None,
                    PROVIDER,
                ));
            }
        }
        Err(CredentialsError::not_loaded(format!(
            "the profile `{profile}` has no static keys in the shared credentials or config file"
        )))
    }
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(self.load(|k| std::env::var(k).ok()))
    }
}

/// The keys of section `[name]` of an INI file (names lower-cased, values
/// trimmed; `#` and `;` start comments).
fn ini_section(text: &str, name: &str) -> Option<Vec<(String, String)>> {
    let mut keys = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if keys.is_some() {
                break;
            }
            if section.split_whitespace().collect::<Vec<_>>().join(" ") == name {
                keys = Some(Vec::new());
            }
            continue;
        }
        if let (Some(keys), Some((k, v))) = (keys.as_mut(), line.split_once('=')) {
            keys.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    keys
}

/// The environment's credentials, else the profile's static keys.
#[derive(Debug, Clone, Default)]
pub struct DefaultCredentials;

impl ProvideCredentials for DefaultCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        let var = |k: &str| std::env::var(k).ok();
        future::ProvideCredentials::ready(
            EnvironmentCredentials::load(var).or_else(|_| ProfileCredentials::default().load(var)),
        )
    }
}

/// Why a request could not be signed (or its endpoint resolved).
#[derive(Debug)]
pub struct SignError(String);

impl SignError {
    /// An error with this message (it must not hold a secret).
    pub fn new(message: impl Into<String>) -> Self {
        SignError(message.into())
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the request cannot be signed: {}", self.0)
    }
}

impl std::error::Error for SignError {}

/// Signs `request` (whose URI must be absolute) with SigV4 for `service` in
/// `region` at `time`: adds `x-amz-date`, `authorization` and, with a
/// session token, `x-amz-security-token`.
pub fn sign(
    request: &mut http::Request<Vec<u8>>,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), SignError> {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
    let identity = credentials.clone().into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| SignError(e.to_string()))?
        .into();
    let uri = request.uri().to_string();
    let headers: Vec<(&str, &str)> = request
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str(), v.to_str().ok()?)))
        .collect();
    let signable = SignableRequest::new(
        request.method().as_str(),
        uri,
        headers.into_iter(),
        SignableBody::Bytes(request.body()),
    )
    .map_err(|e| SignError(e.to_string()))?;
    let (instructions, _signature) = aws_sigv4::http_request::sign(signable, &params)
        .map_err(|e| SignError(e.to_string()))?
        .into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(())
}

/// Whether `request` carries the SigV4 signature that `credentials` give it
/// for `service` in `region`, at the time its `x-amz-date` states: the
/// request is signed again and the two `Authorization` headers compared
/// (what a fake service checks), over the headers its `SignedHeaders` lists.
/// Those must include `Host`, and `Content-Type`, `Content-Encoding` and
/// every `X-Amz-*` header present (`X-Amzn-Trace-Id` aside): a client may
/// add other headers after signing (botocore adds `amz-sdk-request` and
/// `Content-Length`), not change what the request does. The date is not
/// checked for freshness. A path-only URI, as a server sees it, is
/// completed with the `Host` header.
pub fn signature_matches(
    request: &http::Request<Vec<u8>>,
    credentials: &Credentials,
    region: &str,
    service: &str,
) -> bool {
    let header = |name: &str| request.headers().get(name).and_then(|h| h.to_str().ok());
    let (Some(host), Some(date)) = (
        header("host").or_else(|| request.uri().authority().map(|a| a.as_str())),
        header("x-amz-date"),
    ) else {
        return false;
    };
    // `20150830T123600Z`, the basic form of a date-time.
    let Some(stamp) = (date.len() == 16).then(|| {
        format!(
            "{}-{}-{}T{}:{}:{}Z",
            &date[0..4],
            &date[4..6],
            &date[6..8],
            &date[9..11],
            &date[11..13],
            &date[13..15]
        )
    }) else {
        return false;
    };
    let Some(at) = crate::DateTime::parse_date_time(&stamp)
        .ok()
        .and_then(|t| SystemTime::try_from(t).ok())
    else {
        return false;
    };
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let Ok(mut copy) = http::Request::builder()
        .method(request.method())
        .uri(format!("https://{host}{path}"))
        .body(request.body().clone())
    else {
        return false;
    };
    // Only the headers the signer signed (`SignedHeaders=…`): clients add
    // others after signing (botocore: `amz-sdk-request`, `content-length`…).
    let Some(signed) = header("authorization").and_then(|a| {
        a.split([',', ' '])
            .find_map(|part| part.trim().strip_prefix("SignedHeaders="))
    }) else {
        return false;
    };
    let signed: Vec<&str> = signed.split(';').collect();
    // What says which operation runs, with what, and for whom must be
    // signed: `Host`, the body's type and encoding, and every `X-Amz-*`
    // header (`X-Amz-Target`, `X-Amz-Bearer`…) but the trace id.
    let must_sign = |name: &str| {
        matches!(name, "host" | "content-type" | "content-encoding")
            || (name.starts_with("x-amz") && name != "x-amzn-trace-id")
    };
    if !signed.contains(&"host")
        || request
            .headers()
            .keys()
            .any(|k| must_sign(k.as_str()) && k != "authorization" && !signed.contains(&k.as_str()))
    {
        return false;
    }
    for (k, v) in request.headers() {
        if signed.contains(&k.as_str())
            && !matches!(
                k.as_str(),
                "authorization" | "x-amz-date" | "x-amz-security-token"
            )
        {
            copy.headers_mut().append(k, v.clone());
        }
    }
    sign(&mut copy, credentials, region, service, at).is_ok()
        && copy.headers().get("authorization") == request.headers().get("authorization")
}

/// A [`Transport`] that sends each request to an endpoint, signed: it makes
/// the request's URI absolute (the endpoint's scheme, host with the
/// operation's host prefix, base path), sets `Host`, signs with the
/// provider's credentials, and hands it to the inner transport.
///
/// A request with [`AuthSchemes`] is signed only when they list
/// [`AuthScheme::SigV4`] (without credentials, it is sent unsigned when
/// they also list [`AuthScheme::Anonymous`]); otherwise it is sent
/// unsigned, still placed at the endpoint.
pub struct Signed<T> {
    inner: T,
    endpoint: Endpoint,
    region: String,
    service: String,
    credentials: Arc<dyn ProvideCredentials>,
    clock: Arc<dyn Fn() -> SystemTime + Send + Sync>,
}

impl<T> fmt::Debug for Signed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("endpoint", self.endpoint.uri())
            .field("region", &self.region)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> Signed<T> {
    /// Signs for `service` (the model's SigV4 signing name) in `region`,
    /// sending to `endpoint` (`https://connect.us-east-1.amazonaws.com`).
    pub fn new(
        inner: T,
        endpoint: &str,
        region: &str,
        service: &str,
        credentials: impl ProvideCredentials + 'static,
    ) -> Result<Self, SignError> {
        let endpoint = Endpoint::new(endpoint).map_err(|e| SignError(e.to_string()))?;
        Ok(Signed {
            inner,
            endpoint,
            region: region.into(),
            service: service.into(),
            credentials: Arc::new(credentials),
            clock: Arc::new(SystemTime::now),
        })
    }

    /// Uses `clock` for the signing time (tests fix it).
    pub fn with_clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The inner transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }
}

impl<T: Transport> Transport for Signed<T> {
    async fn send(
        &self,
        mut request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        self.endpoint
            .place(&mut request)
            .map_err(TransportError::new)?;
        let need = need(&request, AuthScheme::SigV4);
        if need == Need::Skip {
            return self.inner.send(request).await;
        }
        let credentials = match self.credentials.provide_credentials().await {
            Ok(credentials) => credentials,
            // `@optionalAuth`: anonymous when there are no credentials at
            // all, not when loading them failed (an expired session, a bad
            // profile), which is reported.
            Err(CredentialsError::CredentialsNotLoaded(_)) if need == Need::Optional => {
                return self.inner.send(request).await;
            }
            Err(e) => {
                return Err(TransportError::new(SignError(format!(
                    "no credentials: {}",
                    causes(&e)
                ))));
            }
        };
        sign(
            &mut request,
            &credentials,
            &self.region,
            &self.service,
            (self.clock)(),
        )
        .map_err(TransportError::new)?;
        self.inner.send(request).await
    }
}

/// What a request asks of the transport that authenticates with one scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Authenticate, or fail.
    Required,
    /// Authenticate if the provider has an identity, else send as is.
    Optional,
    /// Send as is: another scheme (or none) applies.
    Skip,
}

/// What `request`'s [`AuthSchemes`] ask of `scheme`: required when they
/// list it (optional when they also list [`AuthScheme::Anonymous`]),
/// otherwise skipped. Without the extension a request takes SigV4 alone
/// (generated code marks every operation that takes anything else).
fn need(request: &http::Request<Vec<u8>>, scheme: AuthScheme) -> Need {
    match request.extensions().get::<AuthSchemes>() {
        None if scheme == AuthScheme::SigV4 => Need::Required,
        None => Need::Skip,
        Some(AuthSchemes(schemes)) if schemes.contains(&scheme) => {
            if schemes.contains(&AuthScheme::Anonymous) {
                Need::Optional
            } else {
                Need::Required
            }
        }
        Some(_) => Need::Skip,
    }
}

/// An error's message followed by those of its sources (a provider error's
/// own message rarely says why).
fn causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// A bearer token from the environment variable AWS SDKs read for a
/// service (Amazon Bedrock's API keys, `AWS_BEARER_TOKEN_BEDROCK`):
/// `AWS_BEARER_TOKEN_` followed by the service's SigV4 signing name, each
/// `-` and whitespace character replaced by `_`, upper-cased. A blank value
/// is no token; the token has no expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentToken {
    /// The service's SigV4 signing name (`bedrock`).
    pub signing_name: String,
}

impl EnvironmentToken {
    /// The token of the service whose SigV4 signing name is `signing_name`.
    pub fn new(signing_name: &str) -> Self {
        EnvironmentToken {
            signing_name: signing_name.into(),
        }
    }

    /// The variable's name (`AWS_BEARER_TOKEN_BEDROCK`).
    pub fn variable(&self) -> String {
        let name: String = self
            .signing_name
            .chars()
            .map(|c| {
                if c == '-' || c.is_whitespace() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        format!("AWS_BEARER_TOKEN_{}", name.to_uppercase())
    }

    /// Reads the variable through `var` (tests pass their own).
    pub fn load(&self, var: impl Fn(&str) -> Option<String>) -> Result<Token, TokenError> {
        let name = self.variable();
        match var(&name).filter(|v| !v.trim().is_empty()) {
            Some(token) => Ok(Token::new(token.trim(), None)),
            None => Err(TokenError::not_loaded(format!("{name} is not set"))),
        }
    }
}

impl ProvideToken for EnvironmentToken {
    fn provide_token<'a>(&'a self) -> future::ProvideToken<'a>
    where
        Self: 'a,
    {
        future::ProvideToken::ready(self.load(|k| std::env::var(k).ok()))
    }
}

/// A [`Transport`] that gives requests an `Authorization: Bearer <token>`
/// header (`@httpBearerAuth`) with the provider's token, then hands them to
/// the inner transport (to place them at an endpoint, wrap an
/// [`AtEndpoint`](crate::rest::AtEndpoint)). Every request whose
/// [`AuthSchemes`] list [`AuthScheme::Bearer`] gets the header; others
/// (a request without the extension takes SigV4 alone) are sent as they
/// are. With [`AuthScheme::Anonymous`] also listed, a provider with no
/// token sends the request without one. The header value is marked sensitive.
///
/// For a service whose operations accept both SigV4 and bearer tokens, use
/// [`Signed`] or `Bearer`, not both: each authenticates the requests that
/// list its scheme, and the later one's `Authorization` header would win.
pub struct Bearer<T> {
    inner: T,
    token: Arc<dyn ProvideToken>,
}

impl<T> fmt::Debug for Bearer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bearer").finish_non_exhaustive()
    }
}

impl<T: Transport> Bearer<T> {
    /// Sends through `inner` with tokens from `token` (a [`Token`] itself,
    /// an [`EnvironmentToken`], or any [`ProvideToken`]).
    pub fn new(inner: T, token: impl ProvideToken + 'static) -> Self {
        Bearer {
            inner,
            token: Arc::new(token),
        }
    }

    /// The inner transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }
}

impl<T: Transport> Transport for Bearer<T> {
    async fn send(
        &self,
        mut request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let need = need(&request, AuthScheme::Bearer);
        if need != Need::Skip {
            match self.token.provide_token().await {
                Ok(token) => {
                    request
                        .headers_mut()
                        .insert(http::header::AUTHORIZATION, bearer_header(&token)?);
                }
                // Anonymous only when there is no token at all.
                Err(TokenError::TokenNotLoaded(_)) if need == Need::Optional => {}
                Err(e) => {
                    return Err(TransportError::new(format!(
                        "no bearer token: {}",
                        causes(&e)
                    )));
                }
            }
        }
        self.inner.send(request).await
    }
}

/// `Bearer <token>`, marked sensitive; the error does not show the token.
fn bearer_header(token: &Token) -> Result<http::HeaderValue, TransportError> {
    let mut value =
        http::HeaderValue::try_from(format!("Bearer {}", token.token())).map_err(|_| {
            TransportError::new(
                "the bearer token is not a valid header value (it has a control character)",
            )
        })?;
    value.set_sensitive(true);
    Ok(value)
}

/// The endpoint of a service in a region, as AWS's partitions name them
/// (`https://{prefix}.{region}.amazonaws.com`; `.amazonaws.com.cn` in the
/// China regions). Not the service's endpoint rules: FIPS, dual-stack and
/// other partitions need an explicit endpoint.
pub fn default_endpoint(endpoint_prefix: &str, region: &str) -> String {
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("https://{endpoint_prefix}.{region}.{suffix}")
}
