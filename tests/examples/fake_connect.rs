//! A fake Amazon Connect on 127.0.0.1, and the generated client talking to it
//! over real HTTP. Run with `cargo run -p connect-tests --example fake_connect`.

use connect::operations::*;
use connect::runtime::rest::Error;
use connect::*;
use connect_tests::loopback_transport;

/// The fake: starts chats, knows one user.
struct FakeConnect;

impl Connect for FakeConnect {
    async fn start_chat_contact(
        &self,
        input: StartChatContactRequest,
    ) -> Result<StartChatContactResponse, Error<StartChatContactError>> {
        Ok(StartChatContactResponse::new()
            .with_contact_id(format!(
                "contact-{}",
                input.participant_details.display_name.to_lowercase()
            ))
            .with_participant_id("participant-1")
            .with_participant_token("token-1"))
    }

    async fn describe_user(
        &self,
        input: DescribeUserRequest,
    ) -> Result<DescribeUserResponse, Error<DescribeUserError>> {
        match input.user_id.as_str() {
            "jane" => Ok(DescribeUserResponse::new().with_user(
                User::new()
                    .with_id("jane")
                    .with_username("jane@example.com"),
            )),
            _ => Err(DescribeUserError::ResourceNotFoundException(
                ResourceNotFoundException::new().with_message(format!("no user {}", input.user_id)),
            )
            .into()),
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = connect::serve(FakeConnect, "127.0.0.1:0").await?;
    println!("fake Connect listening on {}", server.endpoint());
    let client = Client::new(loopback_transport(&server.endpoint())?);

    let chat = client
        .start_chat_contact(StartChatContactRequest::new(
            "instance-1",
            "flow-1",
            ParticipantDetails::new("Jane"),
        ))
        .await?;
    println!(
        "StartChatContact -> contact {:?}, token {:?}",
        chat.contact_id, chat.participant_token
    );

    let user = client
        .describe_user(DescribeUserRequest::new("jane", "instance-1"))
        .await?;
    println!(
        "DescribeUser(jane) -> {:?}",
        user.user.and_then(|u| u.username)
    );

    match client
        .describe_user(DescribeUserRequest::new("bob", "instance-1"))
        .await
    {
        Err(Error::Service { error: e, .. }) => println!("DescribeUser(bob) -> {e}"),
        other => println!("DescribeUser(bob) -> unexpected {other:?}"),
    }

    let invalid = client
        .start_chat_contact(StartChatContactRequest::new(
            "",
            "flow-1",
            ParticipantDetails::new("Jane"),
        ))
        .await;
    match invalid {
        Err(Error::Service { error: e, .. }) => {
            println!("StartChatContact with an empty InstanceId -> {e}")
        }
        other => println!("StartChatContact with an empty InstanceId -> {other:?}"),
    }
    server.shutdown().await;
    Ok(())
}
