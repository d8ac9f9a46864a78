//! A whole chat, end to end, against local HTTPS fakes of Amazon Connect and
//! of the Amazon Connect Participant Service: StartChatContact (Connect)
//! returns a participant token; CreateParticipantConnection (the Participant
//! Service, the token in `X-Amz-Bearer`) turns it into a connection token;
//! SendMessage posts with it; GetTranscript reads the chat back. Run with
//! `cargo run --example chat`.
//!
//! Both fakes are served by the generated crates' runtime (`serve`, over TLS
//! with a self-signed certificate the client trusts) and check each
//! request's SigV4 signature, with the signing name of their own service,
//! before dispatching it; the two fakes share the chats they know.
//! Credentials come from the environment or a profile, else example keys.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use connect::runtime::aws::Credentials;
use connect::runtime::https::{Https, HttpsSettings};
use connect::runtime::rest::{Error, Protocol};
use connect::runtime::serve::{ServeSettings, Server, serve};
use connect::runtime::{DateTime, TimestampFormat};
use connect::{Connect, ParticipantDetails, StartChatContactRequest, StartChatContactResponse};
use connect_participant::operations::{
    CreateParticipantConnectionError, GetTranscriptError, SendMessageError,
};
use connect_participant::{
    AccessDeniedException, ConnectParticipant, ConnectionCredentials, ConnectionType,
    CreateParticipantConnectionRequest, CreateParticipantConnectionResponse, GetTranscriptRequest,
    GetTranscriptResponse, Item, ParticipantRole, SendMessageRequest, SendMessageResponse,
    Websocket,
};
use connect_tests::refuse_unsigned;

const REGION: &str = "us-east-1";

/// What both fakes know: chats, their participants and connections.
#[derive(Default)]
struct Chats {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// For numbering ids and tokens.
    issued: u32,
    /// Participant token → the participant.
    participants: HashMap<String, Participant>,
    /// Connection token → participant token.
    connections: HashMap<String, String>,
    /// Contact id → the chat's messages and events.
    transcripts: HashMap<String, Vec<Item>>,
}

#[derive(Clone)]
struct Participant {
    contact_id: String,
    participant_id: String,
    display_name: String,
}

impl State {
    fn next(&mut self, what: &str) -> String {
        self.issued += 1;
        format!("{what}-{}", self.issued)
    }
}

fn now() -> String {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    DateTime::from_secs(i64::try_from(since.as_secs()).unwrap_or(0)).fmt(TimestampFormat::DateTime)
}

/// The fake Amazon Connect: starts chats.
struct FakeConnect(Arc<Chats>);

impl Connect for FakeConnect {
    async fn start_chat_contact(
        &self,
        input: StartChatContactRequest,
    ) -> Result<StartChatContactResponse, Error<connect::operations::StartChatContactError>> {
        let mut state = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        let participant = Participant {
            contact_id: state.next("contact"),
            participant_id: state.next("participant"),
            display_name: input.participant_details.display_name,
        };
        let token = state.next("participant-token");
        let joined = Item::new()
            .with_id(state.next("event"))
            .with_absolute_time(now())
            .with_content_type("application/vnd.amazonaws.connect.event.participant.joined")
            .with_participant_id(participant.participant_id.clone())
            .with_display_name(participant.display_name.clone())
            .with_participant_role(ParticipantRole::Customer);
        state
            .transcripts
            .insert(participant.contact_id.clone(), vec![joined]);
        state
            .participants
            .insert(token.clone(), participant.clone());
        Ok(StartChatContactResponse::new()
            .with_contact_id(participant.contact_id)
            .with_participant_id(participant.participant_id)
            .with_participant_token(token))
    }
}

/// The fake Participant Service: connects participants, takes and gives back messages.
struct FakeParticipant(Arc<Chats>);

fn denied(what: &str) -> AccessDeniedException {
    AccessDeniedException::new(format!("unknown {what}"))
}

impl ConnectParticipant for FakeParticipant {
    async fn create_participant_connection(
        &self,
        input: CreateParticipantConnectionRequest,
    ) -> Result<CreateParticipantConnectionResponse, Error<CreateParticipantConnectionError>> {
        let mut state = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        if !state.participants.contains_key(&input.participant_token) {
            let e = denied("participant token");
            return Err(CreateParticipantConnectionError::AccessDeniedException(e).into());
        }
        let token = state.next("connection-token");
        state
            .connections
            .insert(token.clone(), input.participant_token);
        let expiry = now();
        Ok(CreateParticipantConnectionResponse::new()
            .with_connection_credentials(
                ConnectionCredentials::new()
                    .with_connection_token(token)
                    .with_expiry(expiry.clone()),
            )
            .with_websocket(
                Websocket::new()
                    .with_url("wss://localhost/not-served")
                    .with_connection_expiry(expiry),
            ))
    }

    async fn send_message(
        &self,
        input: SendMessageRequest,
    ) -> Result<SendMessageResponse, Error<SendMessageError>> {
        let mut state = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        let Some(participant) = state
            .connections
            .get(&input.connection_token)
            .and_then(|p| state.participants.get(p))
            .cloned()
        else {
            let e = denied("connection token");
            return Err(SendMessageError::AccessDeniedException(e).into());
        };
        let (id, time) = (state.next("message"), now());
        let message = Item::new()
            .with_id(id.clone())
            .with_absolute_time(time.clone())
            .with_content_type(input.content_type)
            .with_content(input.content)
            .with_participant_id(participant.participant_id)
            .with_display_name(participant.display_name)
            .with_participant_role(ParticipantRole::Customer);
        state
            .transcripts
            .entry(participant.contact_id)
            .or_default()
            .push(message);
        Ok(SendMessageResponse::new()
            .with_id(id)
            .with_absolute_time(time))
    }

    async fn get_transcript(
        &self,
        input: GetTranscriptRequest,
    ) -> Result<GetTranscriptResponse, Error<GetTranscriptError>> {
        let state = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        let Some(participant) = state
            .connections
            .get(&input.connection_token)
            .and_then(|p| state.participants.get(p))
        else {
            let e = denied("connection token");
            return Err(GetTranscriptError::AccessDeniedException(e).into());
        };
        let items = state
            .transcripts
            .get(&participant.contact_id)
            .cloned()
            .unwrap_or_default();
        Ok(GetTranscriptResponse::new()
            .with_initial_contact_id(participant.contact_id.clone())
            .with_transcript(items))
    }
}

/// Serves both fakes over HTTPS on loopback ports.
async fn serve_fakes(
    credentials: &Credentials,
    tls: Arc<rustls::ServerConfig>,
) -> std::io::Result<(Server, Server)> {
    let chats = Arc::new(Chats::default());
    let settings = ServeSettings {
        tls: Some(tls),
        ..ServeSettings::default()
    };
    let (fake, keys) = (Arc::new(FakeConnect(chats.clone())), credentials.clone());
    let connect_fake = serve(
        "127.0.0.1:0",
        Protocol::RestJson1,
        settings.clone(),
        move |request| {
            let (fake, keys) = (fake.clone(), keys.clone());
            async move {
                match refuse_unsigned(&request, &keys, REGION, connect::SIGNING_NAME) {
                    Some(refusal) => refusal,
                    None => connect::dispatch(&*fake, request).await,
                }
            }
        },
    )
    .await?;
    let (fake, keys) = (Arc::new(FakeParticipant(chats)), credentials.clone());
    let participant_fake = serve(
        "127.0.0.1:0",
        Protocol::RestJson1,
        settings,
        move |request| {
            let (fake, keys) = (fake.clone(), keys.clone());
            async move {
                match refuse_unsigned(&request, &keys, REGION, connect_participant::SIGNING_NAME) {
                    Some(refusal) => refusal,
                    None => connect_participant::dispatch(&*fake, request).await,
                }
            }
        },
    )
    .await?;
    Ok((connect_fake, participant_fake))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (credentials, _) = connect_tests::credentials_or_example().await;
    let (tls, certificate) = connect_tests::self_signed_tls()?;
    let (connect_fake, participant_fake) = serve_fakes(&credentials, tls).await?;
    println!(
        "fake Amazon Connect:                     {}",
        connect_fake.endpoint()
    );
    println!(
        "fake Amazon Connect Participant Service: {}",
        participant_fake.endpoint()
    );

    // The clients an application makes: SigV4, endpoints from the model's
    // rules (pinned here to the fakes), HTTPS trusting the fakes' certificate.
    let https = Https::with_settings(HttpsSettings {
        extra_roots: vec![certificate.clone()],
        ..HttpsSettings::default()
    })?;
    let connect = connect::signed_client_with(
        https.clone(),
        &connect::endpoints::EndpointSettings {
            region: Some(REGION.into()),
            endpoint: Some(connect_fake.endpoint()),
            ..Default::default()
        },
        credentials.clone(),
    )?;
    let participant = connect_participant::signed_client_with(
        https,
        &connect_participant::endpoints::EndpointSettings {
            region: Some(REGION.into()),
            endpoint: Some(participant_fake.endpoint()),
            ..Default::default()
        },
        credentials.clone(),
    )?;

    // 1. Connect starts the chat and hands out a participant token.
    let chat = connect
        .start_chat_contact(StartChatContactRequest::new(
            "instance-1",
            "flow-1",
            ParticipantDetails::new("Jane"),
        ))
        .await?;
    let participant_token = chat.participant_token.ok_or("no participant token")?;
    println!(
        "1. StartChatContact            -> contact {}, participant token {participant_token}",
        chat.contact_id.as_deref().unwrap_or("?")
    );

    // 2. The participant token (sent as X-Amz-Bearer) buys a connection.
    let connection = participant
        .create_participant_connection(
            CreateParticipantConnectionRequest::new(participant_token)
                .with_type(vec![ConnectionType::ConnectionCredentials])
                .with_connect_participant(true),
        )
        .await?;
    let connection_token = connection
        .connection_credentials
        .and_then(|c| c.connection_token)
        .ok_or("no connection token")?;
    println!("2. CreateParticipantConnection -> connection token {connection_token}");

    // 3. A message, with the connection token.
    let sent = participant
        .send_message(SendMessageRequest::new(
            "text/plain",
            "Hello! I would like to change my booking.",
            connection_token.clone(),
        ))
        .await?;
    println!(
        "3. SendMessage                 -> message {} at {}",
        sent.id.as_deref().unwrap_or("?"),
        sent.absolute_time.as_deref().unwrap_or("?")
    );

    // 4. The chat so far.
    let transcript = participant
        .get_transcript(GetTranscriptRequest::new(connection_token.clone()))
        .await?;
    let items = transcript.transcript.unwrap_or_default();
    println!("4. GetTranscript               -> {} items", items.len());
    for item in &items {
        println!(
            "   {} {}: {}",
            item.display_name.as_deref().unwrap_or("?"),
            item.content_type.as_deref().unwrap_or("?"),
            item.content.as_deref().unwrap_or("")
        );
    }
    let said: Vec<_> = items.iter().filter_map(|i| i.content.as_deref()).collect();
    if said != ["Hello! I would like to change my booking."] {
        return Err(format!("the transcript does not hold the message: {said:?}").into());
    }

    // What the fakes refuse: a token they did not issue, a wrong signature.
    match participant
        .send_message(SendMessageRequest::new("text/plain", "hi", "forged"))
        .await
    {
        Err(Error::Service {
            error: SendMessageError::AccessDeniedException(e),
            ..
        }) => println!("   SendMessage with a forged connection token -> {e}"),
        other => return Err(format!("a forged token was not refused: {other:?}").into()),
    }
    let stranger = connect_participant::signed_client_with(
        Https::with_settings(HttpsSettings {
            extra_roots: vec![certificate],
            ..HttpsSettings::default()
        })?,
        &connect_participant::endpoints::EndpointSettings {
            region: Some(REGION.into()),
            endpoint: Some(participant_fake.endpoint()),
            ..Default::default()
        },
        Credentials::new("AKIDOTHER", "not-the-secret", None, None, "example"),
    )?;
    // The real connection token, signed with keys the fakes do not know.
    let refused = stranger
        .get_transcript(GetTranscriptRequest::new(connection_token))
        .await;
    match &refused {
        Err(Error::Service {
            error: GetTranscriptError::Unhandled(u),
            ..
        }) if u.status == 403 && u.code == "InvalidSignatureException" => {
            println!("   GetTranscript signed with other keys -> {}", u.code)
        }
        other => return Err(format!("a wrongly signed request was not refused: {other:?}").into()),
    }
    connect_fake.shutdown().await;
    participant_fake.shutdown().await;
    Ok(())
}
