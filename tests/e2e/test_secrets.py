"""A secret given to the API is in no response, no log line and no table item in clear; the
stored ciphertext opens only under its own encryption context."""

import os
from typing import Any

import boto3
import pytest

from playrunner.errors import Forbidden
from playrunner.naming import ENCRYPTED_MARKER
from playrunner.secrets.envelope import SecretBox
from playrunner.services.secret_contexts import job_context
from tests.e2e.stack import RunningStack
from tests.keys import b64, openssh_private_key, secret_fragments

REPO_PASSWORD = "git-Pass-7f3k2"


def test_secrets_never_leak(stack: RunningStack, token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a job with a common key, a host key and a repository password
    common, per_host = openssh_private_key(), openssh_private_key()
    document: dict[str, Any] = {
        "repository": {
            "url": "https://git.example.com/ops.git",
            "defaultPlaybook": "site.yml",
            "credentials": {"username": "git", "password": REPO_PASSWORD},
        },
        "hosts": [{"id": "web1", "sshPrivateKey": b64(per_host)}],
        "sshPrivateKey": b64(common),
    }
    responses = [stack.call("POST", "/jobs/DEMO", token, json=document)]
    job = responses[0].json()
    job_id = job["id"]

    # When it is read, listed, updated keeping the secrets, and refused once with them
    kept = {
        **document,
        "sshPrivateKey": ENCRYPTED_MARKER,
        "hosts": [{"id": "web1", "sshPrivateKey": ENCRYPTED_MARKER}],
    }
    kept["repository"] = {
        **document["repository"],
        "credentials": {"username": "git", "password": ENCRYPTED_MARKER},
    }
    responses += [
        stack.call("GET", f"/jobs/DEMO/{job_id}", token),
        stack.call("GET", "/jobs/DEMO", token),
        stack.call("PUT", f"/jobs/DEMO/{job_id}", token, json=kept),
        stack.call(
            "POST",
            "/jobs/DEMO",
            token,
            json={**document, "hosts": [{"id": "bad host", "sshPrivateKey": b64(per_host)}]},
        ),
        stack.call("POST", "/jobs/DEMO", token, json={**document, "bogus": b64(common)}),
    ]
    assert [r.status_code for r in responses] == [201, 200, 200, 200, 400, 400]
    assert job["sshPrivateKey"] == ENCRYPTED_MARKER
    assert job["hosts"][0]["sshPrivateKey"] == ENCRYPTED_MARKER
    assert job["repository"]["credentials"]["password"] == ENCRYPTED_MARKER

    # Then no response, no line of the server's log and no table item holds them in clear
    monkeypatch.setenv("AWS_ENDPOINT_URL", stack.state["aws_endpoint"])
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "playrunner-local")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    resources = stack.state["resources"]
    items = boto3.client("dynamodb").scan(TableName=resources["table_name"])["Items"]
    haystacks = {"responses": "".join(r.text for r in responses), "log": stack.log(), "table": str(items)}
    for fragment in [*secret_fragments(common), *secret_fragments(per_host), REPO_PASSWORD]:
        for where, text in haystacks.items():
            assert fragment not in text, f"a secret reached the {where}"

    # And the sealed secrets open with this job's context only
    item = next(i for i in items if i["sk"]["S"] == f"JOB#{job_id}")
    sealed = item["sealed_secrets"]["S"]
    box = SecretBox(resources["secrets_key_arn"])
    opened = box.open(sealed, job_context("DEMO", job_id))
    assert opened["sshPrivateKey"] == b64(common)
    assert opened["hosts/web1/sshPrivateKey"] == b64(per_host)
    assert opened["repository/credentials/password"] == REPO_PASSWORD
    with pytest.raises(Forbidden):
        box.open(sealed, job_context("OTHER", job_id))
    assert os.environ["AWS_ENDPOINT_URL"] == stack.state["aws_endpoint"]
