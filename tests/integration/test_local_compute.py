"""The compute the local stack provisions: the same state machine definition, logged without data."""

import json

import boto3

from playrunner.local.compute import provision_compute
from playrunner.local.provision import LocalResources
from playrunner.orchestration.definition import STEP_FUNCTIONS, definition_text, placeholders


def test_the_state_machine_is_the_shared_definition_logged_without_execution_data(aws: LocalResources) -> None:
    compute = provision_compute(boto3.Session(), aws, heartbeat_seconds=20)

    described = boto3.client("stepfunctions").describe_state_machine(stateMachineArn=compute.state_machine_arn)

    assert described["loggingConfiguration"]["includeExecutionData"] is False
    assert described["loggingConfiguration"]["level"] == "ALL"
    created = json.loads(described["definition"])
    shared = json.loads(definition_text())
    assert created["States"].keys() == shared["States"].keys()
    assert placeholders() == STEP_FUNCTIONS.keys()
    assert "${" not in described["definition"]
