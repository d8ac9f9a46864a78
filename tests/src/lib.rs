//! Test support for the generated Connect crate: a transport for a fake
//! served on loopback ([`loopback_transport`]), a self-signed TLS
//! configuration for an HTTPS fake ([`self_signed_tls`]), random values of
//! any model shape ([`model_values`]) and the pinned model they come from
//! ([`pinned_model`]).

pub mod model_values;

use std::future::Future;
use std::sync::Arc;

use connect::runtime::https::{Https, HttpsSettings};
use connect::runtime::rest::{AtEndpoint, Endpoint};

/// Runs a future that never waits on I/O (an in-process transport, a
/// dispatch to a fake) to completion, with a waker that does nothing.
pub fn block_on<F: Future>(future: F) -> F::Output {
    struct Ignore;
    impl std::task::Wake for Ignore {
        fn wake(self: Arc<Self>) {}
    }
    let waker = std::task::Waker::from(Arc::new(Ignore));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// The benchmarks' timing loop (no benchmark framework): the median seconds
/// per call of `f` over `runs` timed runs of about `run_secs` each, the
/// number of calls in a run chosen from a warm-up of `0.4 * run_secs`.
pub fn median_secs_per_call(runs: usize, run_secs: f64, mut f: impl FnMut()) -> f64 {
    let warm = std::time::Instant::now();
    let mut warm_calls = 0u64;
    while warm.elapsed().as_secs_f64() < 0.4 * run_secs {
        f();
        warm_calls += 1;
    }
    let per_call = warm.elapsed().as_secs_f64() / warm_calls.max(1) as f64;
    let calls = ((run_secs / per_call) as u64).max(1);
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = std::time::Instant::now();
            for _ in 0..calls {
                f();
            }
            start.elapsed().as_secs_f64() / calls as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The model the committed crate is generated from, as the pin
/// (`models/connect.toml`) names it: its cached copy under `models/.cache/`.
/// `None` (with a note on stderr) when it has not been fetched; a test that
/// needs it fails instead when `CI` is set.
pub fn pinned_model() -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let pin = std::fs::read_to_string(root.join("models/connect.toml"))
        .expect("models/connect.toml is readable");
    let file = pin
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("file")
                .map(str::trim)
                .and_then(|r| r.strip_prefix('='))
        })
        .map(|v| v.trim().trim_matches('"').to_string())
        .expect("the pin names its cached file");
    let path = root.join("models/.cache").join(&file);
    if path.exists() {
        return Some(path);
    }
    let msg = format!(
        "the pinned model is absent ({}); run `cargo xtask fetch-model`",
        path.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("skipping: {msg}");
    None
}

/// A fake Amazon Connect for the examples, the benchmark and the boto3
/// test: StartChatContact answers contact `contact-for-<display name,
/// lower-cased>`, participant `participant-1` and, as participant token,
/// the request's client token (`token-1` without one); DescribeUser knows
/// `jane` (`jane@example.com`) and answers `ResourceNotFoundException`
/// (`no user <id>`) for anyone else. Every other operation is `NotImplemented`.
pub struct FakeConnect;

impl connect::Connect for FakeConnect {
    async fn start_chat_contact(
        &self,
        input: connect::StartChatContactRequest,
    ) -> Result<
        connect::StartChatContactResponse,
        connect::runtime::rest::Error<connect::operations::StartChatContactError>,
    > {
        Ok(connect::StartChatContactResponse::new()
            .with_contact_id(format!(
                "contact-for-{}",
                input.participant_details.display_name.to_lowercase()
            ))
            .with_participant_id("participant-1")
            .with_participant_token(input.client_token.unwrap_or_else(|| "token-1".into())))
    }

    async fn describe_user(
        &self,
        input: connect::DescribeUserRequest,
    ) -> Result<
        connect::DescribeUserResponse,
        connect::runtime::rest::Error<connect::operations::DescribeUserError>,
    > {
        match input.user_id.as_str() {
            "jane" => Ok(connect::DescribeUserResponse::new().with_user(
                connect::User::new()
                    .with_id("jane")
                    .with_username("jane@example.com"),
            )),
            other => Err(
                connect::operations::DescribeUserError::ResourceNotFoundException(
                    connect::ResourceNotFoundException::new()
                        .with_message(format!("no user {other}")),
                )
                .into(),
            ),
        }
    }
}

/// What a fake that checks signatures answers a request not signed by
/// `credentials` for `signing_name` in `region` (SigV4): 403
/// `InvalidSignatureException`; `None` for a request that is.
pub fn refuse_unsigned(
    request: &connect::runtime::rest::HttpRequest,
    credentials: &connect::runtime::aws::Credentials,
    region: &str,
    signing_name: &str,
) -> Option<connect::runtime::rest::HttpResponse> {
    (!connect::runtime::aws::signature_matches(request, credentials, region, signing_name)).then(
        || {
            connect::runtime::rest::error_response(
                403,
                "InvalidSignatureException",
                r#"{"message":"the signature does not match"}"#.into(),
            )
        },
    )
}

/// A transport for a fake served over plain HTTP on loopback
/// (`connect::serve`): the runtime's HTTPS transport, told it may send
/// unencrypted, aimed at `endpoint` (`Server::endpoint`).
pub fn loopback_transport(endpoint: &str) -> Result<AtEndpoint<Https>, Box<dyn std::error::Error>> {
    Ok(AtEndpoint::new(plain_http()?, Endpoint::new(endpoint)?))
}

/// The runtime's HTTPS transport, told it may also send unencrypted (to a
/// fake served without TLS), for clients that place requests themselves
/// (`signed_client_with`).
pub fn plain_http() -> Result<Https, connect::runtime::rest::TransportError> {
    Https::with_settings(HttpsSettings {
        plain_http: true,
        ..HttpsSettings::default()
    })
}

/// Credentials as an application finds them (the environment, else a
/// profile's static keys), else AWS's documentation example keys; and
/// whether they were found.
pub async fn credentials_or_example() -> (connect::runtime::aws::Credentials, bool) {
    use connect::runtime::aws::{Credentials, DefaultCredentials, ProvideCredentials};
    match DefaultCredentials.provide_credentials().await {
        Ok(c) => (c, true),
        Err(_) => (
            Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
                None,
                "example",
            ),
            false,
        ),
    }
}

/// A TLS server configuration for a local fake, with a fresh self-signed
/// certificate for `localhost` and `127.0.0.1` (an ECDSA P-256 key from
/// Graviola, the runtime's crypto provider: no C), and the certificate
/// (DER) for a client to trust (`HttpsSettings::extra_roots`).
pub fn self_signed_tls() -> Result<(Arc<rustls::ServerConfig>, Vec<u8>), Box<dyn std::error::Error>>
{
    let key = P256Key::generate()?;
    let pkcs8 = key.pkcs8()?;
    let signer = rcgen::KeyPair::from_remote(Box::new(key))?;
    let mut params =
        rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])?;
    // rcgen draws the serial number itself only with its own crypto.
    let mut serial = [0u8; 16];
    graviola::random::fill(&mut serial).map_err(|e| format!("{e:?}"))?;
    serial[0] &= 0x7f;
    params.serial_number = Some(rcgen::SerialNumber::from_slice(&serial));
    let cert = params.self_signed(&signer)?;
    let der = cert.der().to_vec();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(pkcs8.into());
    let provider = Arc::new(rustls_graviola::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(vec![der.clone().into()], key)?;
    Ok((Arc::new(config), der))
}

/// A fresh ECDSA P-256 key (Graviola) that rcgen signs the certificate with.
struct P256Key {
    key: graviola::signing::ecdsa::SigningKey<graviola::signing::ecdsa::P256>,
    /// The public key as an uncompressed point (what rcgen puts in the certificate).
    public: Vec<u8>,
}

impl P256Key {
    fn generate() -> Result<Self, Box<dyn std::error::Error>> {
        let key = graviola::signing::ecdsa::SigningKey::generate().map_err(|e| format!("{e:?}"))?;
        let mut spki = [0u8; 128];
        // A P-256 SubjectPublicKeyInfo ends with the 65-byte uncompressed point.
        let spki = key.to_spki_der(&mut spki).map_err(|e| format!("{e:?}"))?;
        let public = spki[spki.len().saturating_sub(65)..].to_vec();
        Ok(P256Key { key, public })
    }

    fn pkcs8(&self) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        let mut out = [0u8; 256];
        Ok(self
            .key
            .to_pkcs8_der(&mut out)
            .map_err(|e| format!("{e:?}"))?
            .to_vec())
    }
}

impl rcgen::RemoteKeyPair for P256Key {
    fn public_key(&self) -> &[u8] {
        &self.public
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        let mut out = [0u8; 80];
        let signature = self
            .key
            .sign_asn1::<graviola::hashing::Sha256>(&[msg], &mut out)
            .map_err(|_| rcgen::Error::RemoteKeyError)?;
        Ok(signature.to_vec())
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}
