"""The runner's data credentials: its execution's account, and nothing of any other.

AWS's SaaS tenant-isolation pattern (ABAC): the task role may only assume the runner's tenant
role, tagging the session with the execution's account alias. That role's policy reaches
DynamoDB items whose partition key is that account's (`dynamodb:LeadingKeys`), KMS Decrypt
under that account's encryption context, and S3 under that account's prefix, each through
`${aws:PrincipalTag/account_alias}`. Even a runner made to misbehave cannot read another
tenant's data. Role chaining caps such a session at an hour: botocore's refreshable
credentials assume the role again before it expires.
"""

from typing import Any

import boto3
import botocore.session
from botocore.credentials import DeferredRefreshableCredentials

from playrunner.naming import ACCOUNT_ALIAS_ATTRIBUTE

SESSION_SECONDS = 3600  # the most role chaining allows


def _session_name(execution_id: str) -> str:
    return f"run-{execution_id}"[:64]


def tenant_session(role_arn: str, account_alias: str, execution_id: str, sts: Any = None) -> boto3.Session:
    """A boto3 session on ROLE_ARN, tagged with ACCOUNT_ALIAS, that renews itself."""
    client = sts or boto3.client("sts")

    def assume() -> dict[str, str]:
        answer = client.assume_role(
            RoleArn=role_arn,
            RoleSessionName=_session_name(execution_id),
            DurationSeconds=SESSION_SECONDS,
            Tags=[{"Key": ACCOUNT_ALIAS_ATTRIBUTE, "Value": account_alias}],
        )
        credentials = answer["Credentials"]
        return {
            "access_key": credentials["AccessKeyId"],
            "secret_key": credentials["SecretAccessKey"],
            "token": credentials["SessionToken"],
            "expiry_time": credentials["Expiration"].isoformat(),
        }

    core = botocore.session.get_session()
    # botocore's own way to hold credentials it refreshes (as its assume-role provider does),
    # first fetched at the first call: a failure to assume is then the run's error, reported.
    core._credentials = DeferredRefreshableCredentials(refresh_using=assume, method="sts-assume-role")
    return boto3.Session(botocore_session=core)
