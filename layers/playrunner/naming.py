"""Names shared by the CDK app, the local stack and the tests.

Everything that must agree between the two homes of playrunner is spelled here once.
"""

from typing import Final

APP_NAME: Final = "playrunner"

# Environment variables every function reads through its settings model.
ENV_PREFIX: Final = "PLAYRUNNER_"
# Each function is told its catalogue name: its settings are checked against its entry.
ENV_FUNCTION: Final = "PLAYRUNNER_FUNCTION"
# The Python the functions run on, in AWS and as the local stack registers them.
LAMBDA_PYTHON: Final = "python3.12"
ENV_TABLE_NAME: Final = "PLAYRUNNER_TABLE_NAME"
# The web console's origin (https://...), the one origin the API answers cross-origin requests of.
ENV_CONSOLE_ORIGIN: Final = "PLAYRUNNER_CONSOLE_ORIGIN"
ENV_SECRETS_KEY_ARN: Final = "PLAYRUNNER_SECRETS_KEY_ARN"
ENV_USER_POOL_ID: Final = "PLAYRUNNER_USER_POOL_ID"
ENV_USER_POOL_CLIENT_ID: Final = "PLAYRUNNER_USER_POOL_CLIENT_ID"
ENV_STATE_MACHINE_ARN: Final = "PLAYRUNNER_STATE_MACHINE_ARN"
ENV_ARTIFACTS_BUCKET: Final = "PLAYRUNNER_ARTIFACTS_BUCKET"
ENV_RUNNER_CLUSTER: Final = "PLAYRUNNER_RUNNER_CLUSTER"
ENV_RUNNER_TASK_DEFINITION: Final = "PLAYRUNNER_RUNNER_TASK_DEFINITION"
ENV_RUNNER_SUBNETS: Final = "PLAYRUNNER_RUNNER_SUBNETS"
ENV_RUNNER_SECURITY_GROUPS: Final = "PLAYRUNNER_RUNNER_SECURITY_GROUPS"
ENV_RUNNER_HEARTBEAT_SECONDS: Final = "PLAYRUNNER_RUNNER_HEARTBEAT_SECONDS"
# The role a runner assumes, tagged with its account, for its data calls (ABAC).
ENV_RUNNER_TENANT_ROLE_ARN: Final = "PLAYRUNNER_RUNNER_TENANT_ROLE_ARN"
ENV_CALLBACKS_ALLOW_LOOPBACK: Final = "PLAYRUNNER_CALLBACKS_ALLOW_LOOPBACK"
ENV_CALLBACKS_STACK_PORTS: Final = "PLAYRUNNER_CALLBACKS_STACK_PORTS"
ENV_EVENT_BUS_NAME: Final = "PLAYRUNNER_EVENT_BUS_NAME"
ENV_CALLBACK_QUEUE_URL: Final = "PLAYRUNNER_CALLBACK_QUEUE_URL"
ENV_CALLBACK_RETRY_QUEUE_URL: Final = "PLAYRUNNER_CALLBACK_RETRY_QUEUE_URL"
ENV_CALLBACK_RETRY_SCHEDULE: Final = "PLAYRUNNER_CALLBACK_RETRY_SCHEDULE"
ENV_CALLBACK_TIMEOUT_SECONDS: Final = "PLAYRUNNER_CALLBACK_TIMEOUT_SECONDS"
ENV_SCHEDULE_GROUP: Final = "PLAYRUNNER_SCHEDULE_GROUP"
ENV_SCHEDULE_TARGET_ARN: Final = "PLAYRUNNER_SCHEDULE_TARGET_ARN"
ENV_SCHEDULE_ROLE_ARN: Final = "PLAYRUNNER_SCHEDULE_ROLE_ARN"
ENV_WORKFLOW_ROLE_ARN: Final = "PLAYRUNNER_WORKFLOW_ROLE_ARN"
ENV_WORKFLOW_TASK_FUNCTION_ARN: Final = "PLAYRUNNER_WORKFLOW_TASK_FUNCTION_ARN"
ENV_WORKFLOW_FINISH_FUNCTION_ARN: Final = "PLAYRUNNER_WORKFLOW_FINISH_FUNCTION_ARN"
ENV_WORKFLOW_LOG_GROUP_ARN: Final = "PLAYRUNNER_WORKFLOW_LOG_GROUP_ARN"
ENV_WORKFLOW_STATE_MACHINE_PREFIX: Final = "PLAYRUNNER_WORKFLOW_STATE_MACHINE_PREFIX"

# The function EventBridge Scheduler invokes when a job's schedule fires (not an API route).
SCHEDULE_FUNCTION: Final = "fire_schedule"
# The function the callback queues feed: it signs and sends each delivery (not an API route).
CALLBACK_FUNCTION: Final = "deliver_callbacks"
# The function the table's change stream feeds: it publishes each status change (status event
# and callback notice), so that a status written is published even if its writer dies.
NOTICE_FUNCTION: Final = "publish_notices"

# What a runner task is told by the dispatch step (container environment overrides): ids only.
ENV_EXECUTION_ID: Final = "PLAYRUNNER_EXECUTION_ID"
ENV_ACCOUNT_ALIAS: Final = "PLAYRUNNER_ACCOUNT_ALIAS"
ENV_TASK_TOKEN: Final = "PLAYRUNNER_TASK_TOKEN"  # noqa: S105 - a variable name
ENV_SLICE: Final = "PLAYRUNNER_SLICE"
ENV_WORK_DIR: Final = "PLAYRUNNER_WORK_DIR"
# How many runners the local stack runs at once (its capacity; `playrunner serve --runner-slots`).
ENV_LOCAL_RUNNER_SLOTS: Final = "PLAYRUNNER_LOCAL_RUNNER_SLOTS"

RUNNER_CONTAINER_NAME: Final = "runner"
RUNNER_TASK_FAMILY: Final = "playrunner-runner"

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
LOCAL_ARTIFACTS_BUCKET: Final = "playrunner-artifacts"
LOCAL_STATE_MACHINE_NAME: Final = "playrunner-execution"
LOCAL_RUNNER_CLUSTER: Final = "playrunner"
LOCAL_FUNCTION_PREFIX: Final = "playrunner-"
LOCAL_SCHEDULE_GROUP: Final = "playrunner"
LOCAL_EVENT_BUS: Final = "playrunner"
LOCAL_CALLBACK_QUEUE: Final = "playrunner-callbacks.fifo"
LOCAL_CALLBACK_RETRY_QUEUE: Final = "playrunner-callback-retries"
# Each workflow's state machine is named from this prefix, its account and its name.
WORKFLOW_STATE_MACHINE_PREFIX: Final = "playrunner-wf-"

# Secrets are write-only: this marker stands where one is set.
ENCRYPTED_MARKER: Final = "$encrypted$"

# Bodies larger than this are refused with 413 before any parsing: what a Lambda behind API
# Gateway can be given (6 MiB for the whole event), less room for the event around the body.
MAX_BODY_BYTES: Final = 6_000_000
