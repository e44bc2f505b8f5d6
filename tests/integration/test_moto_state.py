"""The local stack's AWS state survives a restart through its data directory."""

from pathlib import Path

import boto3
from moto import mock_aws

from playrunner.local import moto_state
from playrunner.local.provision import LocalResources, provision
from playrunner.secrets.envelope import SecretBox


def test_items_keys_and_users_come_back(aws: LocalResources, tmp_path: Path) -> None:
    # Given an item, a sealed secret and a user, saved to a data directory
    dynamodb = boto3.client("dynamodb")
    dynamodb.put_item(TableName=aws.table_name, Item={"pk": {"S": "a"}, "sk": {"S": "b"}})
    sealed = SecretBox(aws.secrets_key_arn).seal({"k": "v"}, {"account_alias": "DEMO"})
    boto3.client("cognito-idp").admin_create_user(UserPoolId=aws.user_pool_id, Username="kept")
    moto_state.save(tmp_path)

    # When a new, empty moto restores that directory
    with mock_aws():
        assert moto_state.restore(tmp_path)
        again = provision()
        # Then the same resources are found, the item is there, the secret opens, the user exists
        assert again == aws
        assert boto3.client("dynamodb").get_item(TableName=aws.table_name, Key={"pk": {"S": "a"}, "sk": {"S": "b"}})[
            "Item"
        ]
        assert SecretBox(aws.secrets_key_arn).open(sealed, {"account_alias": "DEMO"}) == {"k": "v"}
        users = boto3.client("cognito-idp").list_users(UserPoolId=aws.user_pool_id)["Users"]
        assert [u["Username"] for u in users] == ["kept"]
