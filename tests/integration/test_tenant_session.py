"""The runner's data session: the tenant role assumed with the account's session tag, through
which the runner reads its job, writes its events and opens its keys (moto does not check the
policy's conditions: the infra tests check those on the template)."""

import json

import boto3

from playrunner.local.provision import LocalResources
from playrunner.runner.tenant_session import tenant_session
from playrunner.secrets.envelope import SecretBox
from playrunner.services.secret_contexts import execution_context


def test_the_runner_works_through_a_tagged_session_on_its_tenant_role(aws: LocalResources) -> None:
    # Given the runner's tenant role
    trust = {"Version": "2012-10-17", "Statement": []}
    role = boto3.client("iam").create_role(RoleName="tenant", AssumeRolePolicyDocument=json.dumps(trust))["Role"]

    # When a runner of DEMO's execution e1 takes its session
    session = tenant_session(role["Arn"], "DEMO", "e1")

    # Then it calls AWS as that role, in a session named for the run, with credentials that renew
    identity = session.client("sts").get_caller_identity()
    assert identity["Arn"].endswith(":assumed-role/tenant/run-e1")
    credentials = session.get_credentials()
    assert credentials is not None
    assert credentials.method == "sts-assume-role"
    assert credentials.get_frozen_credentials().token
    assert credentials.refresh_needed() is False
    # And what the service sealed for the account opens through it
    sealed = SecretBox(aws.secrets_key_arn).seal({"sshPrivateKey": "K"}, execution_context("DEMO", "e1"))
    assert SecretBox(aws.secrets_key_arn, session=session).open(sealed, execution_context("DEMO", "e1")) == {
        "sshPrivateKey": "K"
    }
