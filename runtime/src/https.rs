//! An HTTPS transport (the `https` feature): hyper's client with rustls
//! (the Graviola crypto provider: pure Rust, post-quantum key exchange; no
//! OpenSSL, no C), trusting Mozilla's root certificates (and any given),
//! with a connect timeout and a timeout on the whole exchange. It runs on
//! tokio: call it from inside a tokio runtime.
//!
//! Graviola runs on x86_64 and aarch64 CPUs with AES and carry-less
//! multiply instructions (x86_64: also AVX2, BMI1 and ADX; most CPUs made
//! since about 2013): [`Https::new`] returns an error on any other CPU
//! rather than fail later; bring your own [`Transport`] there.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;

use crate::rest::{Transport, TransportError};

/// A root certificate to trust besides Mozilla's, DER-encoded (a local fake's).
pub type Certificate = Vec<u8>;

/// Settings of an [`Https`] transport.
#[derive(Debug, Clone)]
pub struct HttpsSettings {
    /// How long connecting (TCP and TLS) may take. Default 3.1 s.
    pub connect_timeout: Duration,
    /// How long the whole exchange may take once sent. Default 30 s.
    pub read_timeout: Duration,
    /// Root certificates to trust besides Mozilla's.
    pub extra_roots: Vec<Certificate>,
    /// Also send to `http://` endpoints, unencrypted (a local fake served
    /// without TLS). Off by default: only `https://` is sent to.
    pub plain_http: bool,
}

impl Default for HttpsSettings {
    fn default() -> Self {
        HttpsSettings {
            connect_timeout: Duration::from_millis(3100),
            read_timeout: Duration::from_secs(30),
            extra_roots: Vec::new(),
            plain_http: false,
        }
    }
}

/// Sends requests over HTTPS (HTTP/1.1), reusing connections.
#[derive(Clone)]
pub struct Https {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    read_timeout: Duration,
}

impl std::fmt::Debug for Https {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Https")
            .field("read_timeout", &self.read_timeout)
            .finish_non_exhaustive()
    }
}

impl Https {
    /// With the default settings.
    pub fn new() -> Result<Self, TransportError> {
        Self::with_settings(HttpsSettings::default())
    }

    /// With the settings given (a bad extra root certificate is an error,
    /// and so is a CPU the crypto provider cannot run on).
    pub fn with_settings(settings: HttpsSettings) -> Result<Self, TransportError> {
        if !crypto_supported() {
            return Err(TransportError::new(
                "this CPU lacks instructions the HTTPS transport's crypto provider (Graviola) needs \
                 (x86_64: AES, PCLMULQDQ, AVX, AVX2, BMI1, ADX; aarch64: AES, SHA2, PMULL, NEON): use another Transport",
            ));
        }
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for der in settings.extra_roots {
            roots.add(der.into()).map_err(TransportError::new)?;
        }
        let provider = std::sync::Arc::new(rustls_graviola::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(TransportError::new)?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let mut http = HttpConnector::new();
        http.set_connect_timeout(Some(settings.connect_timeout));
        http.enforce_http(false);
        let builder = hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(tls);
        let builder = if settings.plain_http {
            builder.https_or_http()
        } else {
            builder.https_only()
        };
        let connector = builder.enable_http1().wrap_connector(http);
        let client = Client::builder(hyper_util::rt::TokioExecutor::new()).build(connector);
        Ok(Https {
            client,
            read_timeout: settings.read_timeout,
        })
    }
}

/// Whether this CPU has what Graviola requires (it would panic otherwise).
fn crypto_supported() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("aes")
            && std::arch::is_x86_feature_detected!("pclmulqdq")
            && std::arch::is_x86_feature_detected!("avx")
            && std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("bmi1")
            && std::arch::is_x86_feature_detected!("adx")
    }
    #[cfg(target_arch = "aarch64")]
    {
        std::arch::is_aarch64_feature_detected!("aes")
            && std::arch::is_aarch64_feature_detected!("sha2")
            && std::arch::is_aarch64_feature_detected!("pmull")
            && std::arch::is_aarch64_feature_detected!("neon")
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        false
    }
}

impl Transport for Https {
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let (parts, body) = request.into_parts();
        let request = http::Request::from_parts(parts, Full::new(Bytes::from(body)));
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(TransportError::new)?;
            let (parts, body) = response.into_parts();
            let bytes = body
                .collect()
                .await
                .map_err(TransportError::new)?
                .to_bytes();
            Ok(http::Response::from_parts(parts, bytes.to_vec()))
        };
        match tokio::time::timeout(self.read_timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::new(format!(
                "no complete answer within {:?}",
                self.read_timeout
            ))),
        }
    }
}
