//! The client and the served fake (`connect::serve`) over real HTTP on 127.0.0.1.

use connect::operations::*;
use connect::runtime::rest::Error;
use connect::*;
use connect_tests::loopback_transport;

struct Fake;

impl Connect for Fake {
    async fn start_chat_contact(
        &self,
        input: StartChatContactRequest,
    ) -> Result<StartChatContactResponse, Error<StartChatContactError>> {
        Ok(StartChatContactResponse::new()
            .with_contact_id(input.instance_id)
            .with_participant_token(input.client_token.unwrap_or_default()))
    }

    async fn describe_user(
        &self,
        _input: DescribeUserRequest,
    ) -> Result<DescribeUserResponse, Error<DescribeUserError>> {
        Err(DescribeUserError::ResourceNotFoundException(
            ResourceNotFoundException::new().with_message("gone"),
        )
        .into())
    }
}

#[tokio::test]
async fn round_trips_over_loopback_http() {
    let server = connect::serve(Fake, "127.0.0.1:0").await.unwrap();
    let client = Client::new(loopback_transport(&server.endpoint()).unwrap())
        .with_token_source(|| "00000000-0000-4000-8000-000000000000".to_string());

    let out = client
        .start_chat_contact(StartChatContactRequest::new(
            "inst-1",
            "flow-1",
            ParticipantDetails::new("Jane"),
        ))
        .await
        .unwrap();
    assert_eq!(out.contact_id.as_deref(), Some("inst-1"));
    assert_eq!(
        out.participant_token.as_deref(),
        Some("00000000-0000-4000-8000-000000000000")
    );

    let err = client
        .describe_user(DescribeUserRequest::new("u/1", "inst-1"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Service { error: DescribeUserError::ResourceNotFoundException(e), .. } if e.message.as_deref() == Some("gone")),
        "{err}"
    );

    // The server validates: an empty InstanceId is a 400 ValidationException (the client's default check lets it through).
    let err = client
        .start_chat_contact(StartChatContactRequest::new(
            "",
            "flow-1",
            ParticipantDetails::new("Jane"),
        ))
        .await
        .unwrap_err();
    let Error::Service {
        error: StartChatContactError::Unhandled(u),
        ..
    } = err
    else {
        panic!("{err}")
    };
    assert_eq!((u.code.as_str(), u.status), ("ValidationException", 400));
    assert!(u.message.unwrap().contains("'/InstanceId'"));
    server.shutdown().await;
}
