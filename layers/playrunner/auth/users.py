"""Users of a Cognito user pool, each bound to one account alias."""

from typing import Any

from botocore.exceptions import ClientError

from playrunner.naming import ACCOUNT_ALIAS_CLAIM


def add_user(
    cognito: Any,
    user_pool_id: str,
    *,
    username: str,
    password: str,
    account_alias: str,
    groups: list[str] | None = None,
) -> None:
    """Create (or reset) a confirmed user with a permanent password."""
    try:
        cognito.admin_create_user(
            UserPoolId=user_pool_id,
            Username=username,
            MessageAction="SUPPRESS",
            UserAttributes=[{"Name": ACCOUNT_ALIAS_CLAIM, "Value": account_alias}],
        )
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "UsernameExistsException":
            raise
        cognito.admin_update_user_attributes(
            UserPoolId=user_pool_id,
            Username=username,
            UserAttributes=[{"Name": ACCOUNT_ALIAS_CLAIM, "Value": account_alias}],
        )
    cognito.admin_set_user_password(UserPoolId=user_pool_id, Username=username, Password=password, Permanent=True)
    for group in groups or []:
        try:
            cognito.create_group(UserPoolId=user_pool_id, GroupName=group)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "GroupExistsException":
                raise
        cognito.admin_add_user_to_group(UserPoolId=user_pool_id, Username=username, GroupName=group)
