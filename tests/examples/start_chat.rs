//! StartChatContact, signed and over HTTPS, against a local TLS fake of
//! Amazon Connect that verifies the SigV4 signature with the same
//! credentials. Run with `cargo run -p connect-tests --example start_chat`.
//!
//! The client is built the way an application builds one: credentials from
//! the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, else a
//! profile's static keys; example keys when neither is set), the endpoint
//! from the model's rules (here pinned to the fake), retries on, and the
//! runtime's HTTPS transport trusting the fake's self-signed certificate.

use std::sync::Arc;

use bytes::Bytes;
use connect::endpoints::EndpointSettings;
use connect::operations::StartChatContactError;
use connect::runtime::aws::{self, Credentials, DefaultCredentials, ProvideCredentials};
use connect::runtime::http;
use connect::runtime::https::{Https, HttpsSettings};
use connect::runtime::rest::Error;
use connect::*;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

/// The fake: starts chats.
struct FakeConnect;

impl Connect for FakeConnect {
    async fn start_chat_contact(
        &self,
        input: StartChatContactRequest,
    ) -> Result<StartChatContactResponse, Error<StartChatContactError>> {
        Ok(StartChatContactResponse::new()
            .with_contact_id(format!(
                "contact-for-{}",
                input.participant_details.display_name.to_lowercase()
            ))
            .with_participant_id("participant-1")
            .with_participant_token("token-1"))
    }
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

/// Serves the fake over TLS on 127.0.0.1; returns its port and certificate.
async fn serve(credentials: Credentials) -> Result<(u16, Vec<u8>), Box<dyn std::error::Error>> {
    let key = P256Key::generate()?;
    let pkcs8 = key.pkcs8()?;
    let signer = rcgen::KeyPair::from_remote(Box::new(key))?;
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string()])?;
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
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let credentials = Arc::new(credentials);
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, credentials) = (acceptor.clone(), credentials.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let handler = hyper::service::service_fn(
                    move |request: http::Request<hyper::body::Incoming>| {
                        let credentials = credentials.clone();
                        async move {
                            let (parts, body) = request.into_parts();
                            let request = http::Request::from_parts(
                                parts,
                                body.collect().await?.to_bytes().to_vec(),
                            );
                            let response = if aws::signature_matches(
                                &request,
                                &credentials,
                                "us-east-1",
                                SIGNING_NAME,
                            ) {
                                connect::dispatch(&FakeConnect, request).await
                            } else {
                                connect::runtime::rest::error_response(
                                    403,
                                    "InvalidSignatureException",
                                    r#"{"message":"the signature does not match"}"#.into(),
                                )
                            };
                            Ok::<_, hyper::Error>(response.map(|b| Full::new(Bytes::from(b))))
                        }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), handler)
                    .await;
            });
        }
    });
    Ok((port, der))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = match DefaultCredentials.provide_credentials().await {
        Ok(c) => {
            println!(
                "credentials: from the environment or the profile ({})",
                c.access_key_id()
            );
            c
        }
        Err(_) => {
            println!("credentials: none in the environment or a profile; using example keys");
            Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
                None,
                "example",
            )
        }
    };
    let (port, certificate) = serve(credentials.clone()).await?;
    println!("fake Amazon Connect listening on https://localhost:{port}");

    let https = Https::with_settings(HttpsSettings {
        extra_roots: vec![certificate],
        ..HttpsSettings::default()
    })?;
    let settings = EndpointSettings {
        region: Some("us-east-1".into()),
        endpoint: Some(format!("https://localhost:{port}")),
        ..EndpointSettings::default()
    };
    let client = signed_client_with(https.clone(), &settings, credentials)?;
    let chat = client
        .start_chat_contact(StartChatContactRequest::new(
            "instance-1",
            "flow-1",
            ParticipantDetails::new("Jane"),
        ))
        .await?;
    println!(
        "StartChatContact (signed, HTTPS) -> contact {:?}, participant token {:?}",
        chat.contact_id, chat.participant_token
    );
    assert_eq!(chat.contact_id.as_deref(), Some("contact-for-jane"));

    // Keys the fake does not know are refused: it really checks the signature.
    let stranger = signed_client_with(
        https,
        &settings,
        Credentials::new("AKIDOTHER", "not-the-secret", None, None, "example"),
    )?;
    match stranger
        .start_chat_contact(StartChatContactRequest::new(
            "instance-1",
            "flow-1",
            ParticipantDetails::new("Eve"),
        ))
        .await
    {
        Err(e) => println!("the same call with other keys -> {e}"),
        Ok(_) => return Err("a wrongly signed request was accepted".into()),
    }
    Ok(())
}
