"""The template is the catalogue: every entry has its function, its environment and its policy
in the template, and nothing else."""

import pytest

from playrunner.catalogue import FUNCTIONS, RUNTIME_ENVIRONMENT, Function, Grant, Kind
from playrunner.naming import ENV_FUNCTION
from tests.infra.conftest import Synthesized

pytestmark = pytest.mark.infra

SENDS = {"sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}
# The IAM each grant stands for, as the CDK's grant methods write it.
ACTIONS: dict[Grant, set[str]] = {
    Grant.TABLE: {
        "dynamodb:BatchGetItem",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:Query",
        "dynamodb:GetItem",
        "dynamodb:Scan",
        "dynamodb:ConditionCheckItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:DescribeTable",
    },
    Grant.SEAL: {"kms:GenerateDataKey"},
    Grant.OPEN: {"kms:Decrypt"},
    Grant.START_RUNS: {"states:StartExecution"},
    Grant.STOP_RUNS: {"states:StopExecution"},
    Grant.STOP_TASKS: {"ecs:StopTask"},
    Grant.RUN_TASKS: {"ecs:RunTask", "iam:PassRole"},
    Grant.READ_STDOUT: {"s3:GetObject*", "s3:GetBucket*", "s3:List*"},
    Grant.MANAGE_SCHEDULES: {
        "scheduler:CreateSchedule",
        "scheduler:UpdateSchedule",
        "scheduler:DeleteSchedule",
        "scheduler:GetSchedule",
        "iam:PassRole",
    },
    Grant.MANAGE_WORKFLOWS: {
        "states:CreateStateMachine",
        "states:UpdateStateMachine",
        "states:DescribeStateMachine",
        "states:DeleteStateMachine",
        "states:StartExecution",
        "states:TagResource",
        "states:ListTagsForResource",
        "states:StopExecution",
        "iam:PassRole",
    },
    Grant.ANSWER_WORKFLOW_TASKS: {"states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"},
    Grant.PUT_STATUS_EVENTS: {"events:PutEvents"},
    Grant.QUEUE_NOTICES: SENDS,
    Grant.QUEUE_RETRIES: SENDS,
}
EVERY_FUNCTION = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
# What reading its event source takes, by what invokes the function.
BY_KIND: dict[Kind, set[str]] = {
    Kind.QUEUE: {
        "sqs:ReceiveMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueUrl",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
    },
    # the stream, and the queue where changes that could not be published are set aside
    Kind.STREAM: {
        "dynamodb:ListStreams",
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        *SENDS,
    },
}


def _functions(synthesized: Synthesized) -> dict[str, dict]:
    """Catalogue name -> the function's properties."""
    found: dict[str, dict] = {}
    for resource in synthesized.resources("AWS::Lambda::Function").values():
        properties = resource["Properties"]
        handler = properties.get("Handler", "")
        if handler.startswith("functions."):
            name = handler.split(".")[1]
            assert name not in found, f"two functions for {name}"
            found[name] = properties
    return found


def _actions_of_role(synthesized: Synthesized, role: str) -> set[str]:
    actions: set[str] = set()
    for policy in synthesized.resources("AWS::IAM::Policy").values():
        if {"Ref": role} in policy["Properties"]["Roles"]:
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                listed = statement["Action"]
                actions.update([listed] if isinstance(listed, str) else listed)
    return actions


def _expected_actions(entry: Function) -> set[str]:
    return EVERY_FUNCTION | BY_KIND.get(entry.kind, set()) | {a for grant in entry.grants for a in ACTIONS[grant]}


def test_every_catalogue_entry_is_one_function_of_the_template_and_nothing_else(synthesized: Synthesized) -> None:
    functions = _functions(synthesized)
    assert set(functions) == set(FUNCTIONS)
    for name, properties in functions.items():
        assert properties["Timeout"] == FUNCTIONS[name].timeout_seconds, name


def test_every_function_is_given_only_what_its_entry_reads(synthesized: Synthesized) -> None:
    for name, properties in _functions(synthesized).items():
        entry = FUNCTIONS[name]
        variables = properties["Environment"]["Variables"]
        assert variables[ENV_FUNCTION] == name
        given = set(variables) - set(RUNTIME_ENVIRONMENT)
        assert given <= set(entry.variables()), (name, given - set(entry.variables()))
        required = {v for model in entry.settings for v in model.required_variables()}
        assert required <= given, (name, required - given)


def test_every_function_may_do_what_its_grants_say_and_nothing_else(synthesized: Synthesized) -> None:
    for name, properties in _functions(synthesized).items():
        role = properties["Role"]["Fn::GetAtt"][0]
        actions = _actions_of_role(synthesized, role)
        assert actions == _expected_actions(FUNCTIONS[name]), (
            name,
            "more:",
            actions - _expected_actions(FUNCTIONS[name]),
            "missing:",
            _expected_actions(FUNCTIONS[name]) - actions,
        )
