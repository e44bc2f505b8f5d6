"""The runner's tenant role: what one execution's runner may reach of the data, and no more.

The runner's task role may only assume this role, tagging the session with the execution's
account alias (runner/tenant_session.py). Every data statement here is bound to that tag (ABAC,
as in AWS's SaaS tenant-isolation guidance): DynamoDB items whose partition key is the account's
(`dynamodb:LeadingKeys`), KMS Decrypt under the account's encryption context, S3 objects under
the account's prefix. The task role keeps only what is not tenant data: answering its own task
token, putting status events, queueing callback notices.
"""

from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.data import Data
from playrunner.naming import ACCOUNT_ALIAS_ATTRIBUTE

TENANT_TAG = f"${{aws:PrincipalTag/{ACCOUNT_ALIAS_ATTRIBUTE}}}"
# The actions a runner's data calls use: its job and execution items, its events, its keys, its stdout.
TABLE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:Query",
    "dynamodb:BatchWriteItem",
)


def account_partitions() -> list[str]:
    """The partition keys of one account's items (store/keys.py): the account's own, and its collections."""
    return [f"ACCOUNT#{TENANT_TAG}", f"ACCOUNT#{TENANT_TAG}#*"]


class RunnerTenantRole(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, data: Data, runner_task_role: iam.IRole) -> None:
        super().__init__(scope, construct_id)
        self.role = iam.Role(
            self,
            "Role",
            description="playrunner: one execution's runner, scoped to its account by a session tag",
            assumed_by=iam.ArnPrincipal(runner_task_role.role_arn),
        )
        # The task role assumes it only with the account tag set, and may set no other tag.
        trust = self.role.assume_role_policy
        assert trust is not None
        trust.add_statements(
            iam.PolicyStatement(
                actions=["sts:TagSession"],
                principals=[iam.ArnPrincipal(runner_task_role.role_arn)],
                conditions={
                    "StringLike": {f"aws:RequestTag/{ACCOUNT_ALIAS_ATTRIBUTE}": "?*"},
                    "ForAllValues:StringEquals": {"aws:TagKeys": [ACCOUNT_ALIAS_ATTRIBUTE]},
                },
            )
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=list(TABLE_ACTIONS),
                resources=[data.table.table_arn, f"{data.table.table_arn}/index/*"],
                conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": account_partitions()}},
            )
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["kms:Decrypt"],
                resources=[data.secrets_key.key_arn],
                conditions={"StringEquals": {f"kms:EncryptionContext:{ACCOUNT_ALIAS_ATTRIBUTE}": TENANT_TAG}},
            )
        )
        bucket: s3.IBucket = data.artifacts
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["s3:PutObject"],
                resources=[bucket.arn_for_objects(f"stdout/{TENANT_TAG}/*")],
            )
        )
        runner_task_role.add_to_principal_policy(
            iam.PolicyStatement(actions=["sts:AssumeRole", "sts:TagSession"], resources=[self.role.role_arn])
        )
