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
use connect::runtime::aws::Credentials;
use connect::runtime::https::{Https, HttpsSettings};
use connect::runtime::rest::Protocol;
use connect::runtime::serve::{ServeSettings, Server, serve};
use connect::*;
use connect_tests::{FakeConnect, refuse_unsigned};

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
                match refuse_unsigned(&request, &credentials, "us-east-1", SIGNING_NAME) {
                    Some(refusal) => refusal,
                    None => connect::dispatch(&FakeConnect, request).await,
                }
            }
        },
    )
    .await?;
    Ok((server, certificate))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (credentials, found) = connect_tests::credentials_or_example().await;
    if found {
        println!(
            "credentials: from the environment or the profile ({})",
            credentials.access_key_id()
        );
    } else {
        println!("credentials: none in the environment or a profile; using example keys");
    }
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
    if chat.contact_id.as_deref() != Some("contact-for-jane") {
        return Err(format!("unexpected contact {:?}", chat.contact_id).into());
    }

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
