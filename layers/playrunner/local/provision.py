"""Create, or find again, the AWS resources the local stack needs inside moto."""

from typing import Any

import boto3
from botocore.exceptions import ClientError

from playrunner.models.base import Model
from playrunner.naming import (
    ACCOUNT_ALIAS_ATTRIBUTE,
    ENV_ARTIFACTS_BUCKET,
    ENV_SECRETS_KEY_ARN,
    ENV_TABLE_NAME,
    ENV_USER_POOL_CLIENT_ID,
    ENV_USER_POOL_ID,
    LOCAL_ARTIFACTS_BUCKET,
    LOCAL_SECRETS_KEY_ALIAS,
    LOCAL_TABLE_NAME,
    LOCAL_USER_POOL_CLIENT_NAME,
    LOCAL_USER_POOL_NAME,
)
from playrunner.store.schema import create_table_request, stream_specification, time_to_live


class LocalResources(Model):
    """The resources whose data the local stack keeps across restarts."""

    region: str
    table_name: str
    secrets_key_arn: str
    user_pool_id: str
    user_pool_client_id: str
    artifacts_bucket: str

    def function_environment(self) -> dict[str, str]:
        """What the CDK stack would put in each function's environment."""
        return {
            ENV_TABLE_NAME: self.table_name,
            ENV_SECRETS_KEY_ARN: self.secrets_key_arn,
            ENV_USER_POOL_ID: self.user_pool_id,
            ENV_USER_POOL_CLIENT_ID: self.user_pool_client_id,
            ENV_ARTIFACTS_BUCKET: self.artifacts_bucket,
        }


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _ensure_table(dynamodb: Any) -> str:
    try:
        table = dynamodb.describe_table(TableName=LOCAL_TABLE_NAME)["Table"]
    except ClientError as exc:
        if _error_code(exc) != "ResourceNotFoundException":
            raise
        dynamodb.create_table(**create_table_request(LOCAL_TABLE_NAME))
        dynamodb.update_time_to_live(TableName=LOCAL_TABLE_NAME, TimeToLiveSpecification=time_to_live())
        return LOCAL_TABLE_NAME
    if not table.get("StreamSpecification", {}).get("StreamEnabled"):  # a data directory from before the stream
        dynamodb.update_table(TableName=LOCAL_TABLE_NAME, StreamSpecification=stream_specification())
    return LOCAL_TABLE_NAME


def _lists_counted(table_name: str, dynamodb: Any) -> str:
    """A data directory from before the lists kept their sizes has them counted, once."""
    from playrunner.store.collections import count_every_list_once
    from playrunner.store.dynamodb import Table

    count_every_list_once(Table(table_name, client=dynamodb))
    return table_name


def _ensure_key(kms: Any) -> str:
    try:
        return str(kms.describe_key(KeyId=LOCAL_SECRETS_KEY_ALIAS)["KeyMetadata"]["Arn"])
    except ClientError as exc:
        if _error_code(exc) != "NotFoundException":
            raise
    metadata = kms.create_key(Description="playrunner secrets (local stack)")["KeyMetadata"]
    kms.create_alias(AliasName=LOCAL_SECRETS_KEY_ALIAS, TargetKeyId=metadata["KeyId"])
    return str(metadata["Arn"])


def _ensure_user_pool(cognito: Any) -> tuple[str, str]:
    pools = cognito.get_paginator("list_user_pools").paginate(MaxResults=60)
    pool_id = next((p["Id"] for page in pools for p in page["UserPools"] if p["Name"] == LOCAL_USER_POOL_NAME), None)
    if pool_id is None:
        pool_id = cognito.create_user_pool(
            PoolName=LOCAL_USER_POOL_NAME,
            Schema=[{"Name": ACCOUNT_ALIAS_ATTRIBUTE, "AttributeDataType": "String", "Mutable": True}],
        )["UserPool"]["Id"]
    clients = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    client_id = next((c["ClientId"] for c in clients if c["ClientName"] == LOCAL_USER_POOL_CLIENT_NAME), None)
    if client_id is None:
        client_id = cognito.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName=LOCAL_USER_POOL_CLIENT_NAME,
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            ReadAttributes=[f"custom:{ACCOUNT_ALIAS_ATTRIBUTE}"],
        )["UserPoolClient"]["ClientId"]
    return str(pool_id), str(client_id)


def _ensure_bucket(s3: Any) -> str:
    try:
        s3.head_bucket(Bucket=LOCAL_ARTIFACTS_BUCKET)
    except ClientError:
        s3.create_bucket(Bucket=LOCAL_ARTIFACTS_BUCKET)
    return LOCAL_ARTIFACTS_BUCKET


def provision(session: boto3.Session | None = None) -> LocalResources:
    session = session or boto3.Session()
    pool_id, client_id = _ensure_user_pool(session.client("cognito-idp"))
    return LocalResources(
        region=session.region_name or "us-east-1",
        table_name=_lists_counted(_ensure_table(session.client("dynamodb")), session.client("dynamodb")),
        secrets_key_arn=_ensure_key(session.client("kms")),
        user_pool_id=pool_id,
        user_pool_client_id=client_id,
        artifacts_bucket=_ensure_bucket(session.client("s3")),
    )
