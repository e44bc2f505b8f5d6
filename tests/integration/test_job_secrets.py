"""Secrets are sealed with KMS under an encryption context, and only ciphertext is stored."""

import base64

import boto3
import pytest

from playrunner.composition.jobs import job_service
from playrunner.errors import Forbidden, Invalid
from playrunner.local.provision import LocalResources
from playrunner.models.auth import Caller
from playrunner.models.job import JobSpec
from playrunner.naming import ENCRYPTED_MARKER
from playrunner.secrets.envelope import SecretBox
from playrunner.services.secret_contexts import job_context
from playrunner.store.dynamodb import Table
from playrunner.store.jobs import JobStore
from tests.keys import b64, openssh_private_key, secret_fragments

CALLER = Caller(user_name="tester", account_alias="DEMO")
PLAYBOOK = base64.b64encode(b"- hosts: all\n  tasks: []\n").decode()


def spec(**fields: object) -> JobSpec:
    return JobSpec.model_validate({"playbook": PLAYBOOK, "hosts": [{"id": "web1"}], **fields})


def table_dump(resources: LocalResources) -> str:
    client = boto3.client("dynamodb")
    return str(client.scan(TableName=resources.table_name)["Items"])


def test_only_ciphertext_reaches_the_table(aws: LocalResources) -> None:
    # Given a job with a common key, a host key and a repository password
    common, per_host = openssh_private_key(), openssh_private_key()
    job = job_service().create(
        "DEMO",
        JobSpec.model_validate(
            {
                "repository": {
                    "url": "https://git.example.com/ops.git",
                    "defaultPlaybook": "site.yml",
                    "credentials": {"username": "git", "password": "repo-pass-Zq81"},
                },
                "hosts": [{"id": "web1", "sshPrivateKey": b64(per_host)}],
                "sshPrivateKey": b64(common),
            }
        ),
        CALLER,
    )
    # Then the answer shows markers, and no key material or password is anywhere in the table
    assert job.ssh_private_key == ENCRYPTED_MARKER
    assert job.hosts[0].ssh_private_key == ENCRYPTED_MARKER
    stored = table_dump(aws)
    for fragment in [*secret_fragments(common), *secret_fragments(per_host), "repo-pass-Zq81"]:
        assert fragment not in stored

    # And the sealed secrets open only under this account's and this job's context
    record = JobStore(Table(aws.table_name)).get("DEMO", job.id)
    assert record.sealed_secrets is not None
    box = SecretBox(aws.secrets_key_arn)
    opened = box.open(record.sealed_secrets, job_context("DEMO", job.id))
    assert opened["sshPrivateKey"] == b64(common)
    assert opened["repository/credentials/password"] == "repo-pass-Zq81"
    with pytest.raises(Forbidden):
        box.open(record.sealed_secrets, job_context("OTHER", job.id))
    with pytest.raises(Forbidden):
        box.open(record.sealed_secrets, job_context("DEMO", "another-job"))


def test_an_update_sending_the_marker_keeps_the_stored_key(aws: LocalResources) -> None:
    key = openssh_private_key()
    job = job_service().create("DEMO", spec(sshPrivateKey=b64(key)), CALLER)
    job_service().replace("DEMO", job.id, spec(sshPrivateKey=ENCRYPTED_MARKER, description="v2"), CALLER)
    record = JobStore(Table(aws.table_name)).get("DEMO", job.id)
    assert record.sealed_secrets is not None
    opened = SecretBox(aws.secrets_key_arn).open(record.sealed_secrets, job_context("DEMO", job.id))
    assert opened == {"sshPrivateKey": b64(key)}
    assert record.job.description == "v2"


def test_an_update_leaving_the_key_out_removes_it(aws: LocalResources) -> None:
    job = job_service().create("DEMO", spec(sshPrivateKey=b64(openssh_private_key())), CALLER)
    updated = job_service().replace("DEMO", job.id, spec(), CALLER)
    assert updated.ssh_private_key is None
    assert JobStore(Table(aws.table_name)).get("DEMO", job.id).sealed_secrets is None


def test_the_marker_on_create_is_refused_and_nothing_is_written(aws: LocalResources) -> None:
    with pytest.raises(Invalid):
        job_service().create("DEMO", spec(sshPrivateKey=ENCRYPTED_MARKER), CALLER)
    assert job_service().list("DEMO", 0, 10).total_size == 0
