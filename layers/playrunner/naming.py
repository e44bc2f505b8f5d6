"""Names shared by the CDK app, the local stack and the tests.

Everything that must agree between the two homes of playrunner is spelled here once.
"""

from typing import Final

APP_NAME: Final = "playrunner"

# Environment variables every function reads through its settings model.
ENV_PREFIX: Final = "PLAYRUNNER_"
ENV_TABLE_NAME: Final = "PLAYRUNNER_TABLE_NAME"
ENV_SECRETS_KEY_ARN: Final = "PLAYRUNNER_SECRETS_KEY_ARN"
ENV_USER_POOL_ID: Final = "PLAYRUNNER_USER_POOL_ID"
ENV_USER_POOL_CLIENT_ID: Final = "PLAYRUNNER_USER_POOL_CLIENT_ID"

# Cognito: the tenant travels in the ID token as a custom attribute, roles as groups.
ACCOUNT_ALIAS_ATTRIBUTE: Final = "account_alias"
ACCOUNT_ALIAS_CLAIM: Final = f"custom:{ACCOUNT_ALIAS_ATTRIBUTE}"
GROUPS_CLAIM: Final = "cognito:groups"
USERNAME_CLAIM: Final = "cognito:username"

# Resource names used by the local stack (CDK lets CloudFormation name them in AWS).
LOCAL_TABLE_NAME: Final = "playrunner"
LOCAL_USER_POOL_NAME: Final = "playrunner-users"
LOCAL_USER_POOL_CLIENT_NAME: Final = "playrunner-api"
LOCAL_SECRETS_KEY_ALIAS: Final = "alias/playrunner-secrets"

# Secrets are write-only: this marker stands where one is set.
ENCRYPTED_MARKER: Final = "$encrypted$"

# Bodies larger than this are refused with 413 before any parsing.
MAX_BODY_BYTES: Final = 1024 * 1024
