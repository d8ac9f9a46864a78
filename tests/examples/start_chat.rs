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

use connect::endpoints::EndpointSettings;
use connect::operations::StartChatContactError;
use connect::runtime::aws::{self, Credentials, DefaultCredentials, ProvideCredentials};
use connect::runtime::https::{Https, HttpsSettings};
use connect::runtime::rest::{Error, Protocol};
use connect::runtime::serve::{ServeSettings, Server, serve};
use connect::*;

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

/// Serves the fake over TLS on 127.0.0.1, checking each request's
/// signature before dispatching it; returns the server and its certificate.
async fn serve_fake(
    credentials: Credentials,
) -> Result<(Server, Vec<u8>), Box<dyn std::error::Error>> {
    let (tls, certificate) = connect_tests::self_signed_tls()?;
    let settings = ServeSettings {
        tls: Some(tls),
        ..ServeSettings::default()
    };
    let credentials = Arc::new(credentials);
    let server = serve(
        "127.0.0.1:0",
        Protocol::RestJson1,
        settings,
        move |request| {
            let credentials = credentials.clone();
            async move {
                if aws::signature_matches(&request, &credentials, "us-east-1", SIGNING_NAME) {
                    connect::dispatch(&FakeConnect, request).await
                } else {
                    connect::runtime::rest::error_response(
                        403,
                        "InvalidSignatureException",
                        r#"{"message":"the signature does not match"}"#.into(),
                    )
                }
            }
        },
    )
    .await?;
    Ok((server, certificate))
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
    let (server, certificate) = serve_fake(credentials.clone()).await?;
    println!("fake Amazon Connect listening on {}", server.endpoint());

    let https = Https::with_settings(HttpsSettings {
        extra_roots: vec![certificate],
        ..HttpsSettings::default()
    })?;
    let settings = EndpointSettings {
        region: Some("us-east-1".into()),
        endpoint: Some(server.endpoint()),
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
    server.shutdown().await;
    Ok(())
}
