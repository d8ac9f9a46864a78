#!/usr/bin/env python3
"""Call a fake Amazon Connect with boto3, a real third-party client.

Usage:
    python boto3_calls_fake.py ENDPOINT      e.g. http://127.0.0.1:PORT
    python boto3_calls_fake.py --check-installed

With ENDPOINT, makes four calls and prints one JSON object per call on
stdout, in this order:

  1. StartChatContact (valid input): the response's ContactId, ParticipantId
     and ParticipantToken.
  2. DescribeUser of "nobody": must raise the modeled
     ResourceNotFoundException (client.exceptions.ResourceNotFoundException,
     so boto3 mapped the error code to the modeled class); prints its code,
     message and HTTP status.
  3. DescribeUser of "jane": the user's Id and Username.
  4. StartChatContact with DisplayName "" (the model says length 1..256),
     sent with boto3's own parameter validation off: must fail with an
     error from the server; prints its code and HTTP status.

Exits 0 when every call behaved like that, 1 with a message on stderr
otherwise (another exception, a call that should have failed succeeding,
the endpoint not answering), 2 on bad usage. The values themselves are for
the caller (tests/tests/boto3.rs) to check.

--check-installed prints boto3's and botocore's versions (and Python's) as
one JSON object and exits 0, or exits 1 with a message on stderr when boto3
is not importable.
"""

import json
import os
import sys

USAGE = "usage: boto3_calls_fake.py ENDPOINT | --check-installed"


def emit(obj):
    print(json.dumps(obj), flush=True)


class Failure(Exception):
    """A call that did not behave as the fake is expected to make it."""


def hermetic_environment():
    # The fake is on the loopback interface and the credentials are given
    # explicitly: keep the caller's proxies, AWS profile, config files and
    # endpoint overrides from changing what boto3 sends, or where.
    for name in list(os.environ):
        if name.upper().startswith("AWS_") or name.lower() in (
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


def make_client(endpoint, **config):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "connect",
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        config=Config(
            retries={"total_max_attempts": 1},
            connect_timeout=5,
            read_timeout=5,
            **config,
        ),
    )


def error_fields(e):
    return {
        "error": e.response.get("Error", {}).get("Code"),
        "message": e.response.get("Error", {}).get("Message"),
        "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
    }


def run(endpoint):
    from botocore.exceptions import ClientError

    client = make_client(endpoint)

    # 1. A valid StartChatContact.
    resp = client.start_chat_contact(
        InstanceId="instance-1",
        ContactFlowId="flow-1",
        ParticipantDetails={"DisplayName": "Jane"},
    )
    emit(
        {
            "call": "StartChatContact",
            "ContactId": resp.get("ContactId"),
            "ParticipantId": resp.get("ParticipantId"),
            "ParticipantToken": resp.get("ParticipantToken"),
        }
    )

    # 2. A modeled error: boto3 must raise the modeled exception class.
    try:
        resp = client.describe_user(UserId="nobody", InstanceId="instance-1")
    except client.exceptions.ResourceNotFoundException as e:
        fields = error_fields(e)
        emit(
            {
                "call": "DescribeUser",
                "error": fields["error"],
                "message": fields["message"],
                "status": fields["status"],
            }
        )
    except ClientError as e:
        raise Failure(
            "DescribeUser(nobody): expected ResourceNotFoundException, "
            "got %s: %s" % (type(e).__name__, json.dumps(error_fields(e)))
        )
    else:
        raise Failure(
            "DescribeUser(nobody): expected ResourceNotFoundException, "
            "got a success: %r" % (strip_metadata(resp),)
        )

    # 3. A DescribeUser that succeeds.
    resp = client.describe_user(UserId="jane", InstanceId="instance-1")
    user = resp.get("User") or {}
    emit({"call": "DescribeUser", "Id": user.get("Id"), "Username": user.get("Username")})

    # 4. Input that breaks the model's constraint, which only the server
    # checks: boto3's own validation is off for this client.
    unvalidated = make_client(endpoint, parameter_validation=False)
    try:
        resp = unvalidated.start_chat_contact(
            InstanceId="instance-1",
            ContactFlowId="flow-1",
            ParticipantDetails={"DisplayName": ""},
        )
    except ClientError as e:
        fields = error_fields(e)
        emit({"call": "StartChatContact", "error": fields["error"], "status": fields["status"]})
    else:
        raise Failure(
            'StartChatContact(DisplayName=""): expected an error from the '
            "server, got a success: %r" % (strip_metadata(resp),)
        )


def strip_metadata(resp):
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


def check_installed():
    try:
        import boto3
        import botocore
    except ImportError as e:
        print("boto3_calls_fake.py: boto3 is not installed: %s" % e, file=sys.stderr)
        return 1

    emit(
        {
            "boto3": boto3.__version__,
            "botocore": botocore.__version__,
            "python": "%d.%d.%d" % sys.version_info[:3],
        }
    )
    return 0


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 2
    if argv[1] == "--check-installed":
        return check_installed()
    endpoint = argv[1]
    if not endpoint.startswith(("http://", "https://")):
        print(
            "boto3_calls_fake.py: ENDPOINT must be a URL, got %r\n%s" % (endpoint, USAGE),
            file=sys.stderr,
        )
        return 2

    hermetic_environment()
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        run(endpoint)
    except Failure as e:
        print("boto3_calls_fake.py: %s" % e, file=sys.stderr)
        return 1
    except ClientError as e:
        print(
            "boto3_calls_fake.py: unexpected %s from %s: %s"
            % (type(e).__name__, e.operation_name, json.dumps(error_fields(e))),
            file=sys.stderr,
        )
        return 1
    except BotoCoreError as e:
        print("boto3_calls_fake.py: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    except Exception as e:
        import traceback

        traceback.print_exc()
        print("boto3_calls_fake.py: unexpected %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
