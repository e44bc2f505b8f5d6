"""Where playrunner keeps things: the table (from the shared schema), the stdout bucket, and
the key that seals secrets."""

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.buckets import private_bucket
from playrunner.naming import ACCOUNT_ALIAS_ATTRIBUTE
from playrunner.store import schema

STDOUT_RETENTION_DAYS = 365


_ATTRIBUTE_TYPES = {"S": dynamodb.AttributeType.STRING, "N": dynamodb.AttributeType.NUMBER}


def _attribute(name: str) -> dynamodb.Attribute:
    types = {a["AttributeName"]: a["AttributeType"] for a in schema.ATTRIBUTE_DEFINITIONS}
    return dynamodb.Attribute(name=name, type=_ATTRIBUTE_TYPES[types[name]])


def _key(schema_keys: tuple[dict[str, str], ...] | list[dict[str, str]], key_type: str) -> str:
    return next(k["AttributeName"] for k in schema_keys if k["KeyType"] == key_type)


class Data(Construct):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.secrets_key = kms.Key(
            self,
            "SecretsKey",
            description="playrunner: seals SSH keys and repository credentials (envelope encryption)",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.table = dynamodb.TableV2(
            self,
            "Table",
            partition_key=_attribute(_key(schema.KEY_SCHEMA, "HASH")),
            sort_key=_attribute(_key(schema.KEY_SCHEMA, "RANGE")),
            billing=dynamodb.Billing.on_demand(),
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryptionV2.aws_managed_key(),
            time_to_live_attribute=schema.TTL_ATTRIBUTE,
            dynamo_stream=dynamodb.StreamViewType[schema.STREAM_VIEW_TYPE],
            global_secondary_indexes=[
                dynamodb.GlobalSecondaryIndexPropsV2(
                    index_name=index["IndexName"],
                    partition_key=_attribute(_key(index["KeySchema"], "HASH")),
                    sort_key=_attribute(_key(index["KeySchema"], "RANGE")),
                    projection_type=dynamodb.ProjectionType.ALL,
                )
                for index in schema.GLOBAL_SECONDARY_INDEXES
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.artifacts = private_bucket(
            self,
            "Artifacts",
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(STDOUT_RETENTION_DAYS))],
            removal_policy=RemovalPolicy.RETAIN,
        )

    def grant_seal(self, grantee: iam.IGrantable) -> None:
        """Seal secrets (GenerateDataKey) under a context that names the account alias."""
        self._grant(grantee, "kms:GenerateDataKey")

    def grant_open(self, grantee: iam.IGrantable) -> None:
        """Open sealed secrets: the runner, and the functions that keep or reuse a stored secret."""
        self._grant(grantee, "kms:Decrypt")

    def _grant(self, grantee: iam.IGrantable, *actions: str) -> None:
        # Only under an encryption context that names an account alias: every seal has one.
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(actions),
                resources=[self.secrets_key.key_arn],
                conditions={"Null": {f"kms:EncryptionContext:{ACCOUNT_ALIAS_ATTRIBUTE}": "false"}},
            )
        )
