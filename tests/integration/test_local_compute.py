"""The compute the local stack provisions: the same state machine definition, logged without data."""

import json

import boto3

from playrunner.catalogue import FUNCTIONS
from playrunner.local.compute import provision_compute
from playrunner.local.provision import LocalResources
from playrunner.naming import ENV_FUNCTION, LOCAL_FUNCTION_PREFIX
from playrunner.orchestration.definition import STEP_FUNCTIONS, definition_text, placeholders


def test_the_state_machine_is_the_shared_definition_logged_without_execution_data(aws: LocalResources) -> None:
    compute, _ = provision_compute(boto3.Session(), aws, heartbeat_seconds=20)

    described = boto3.client("stepfunctions").describe_state_machine(stateMachineArn=compute.state_machine_arn)

    assert described["loggingConfiguration"]["includeExecutionData"] is False
    assert described["loggingConfiguration"]["level"] == "ALL"
    created = json.loads(described["definition"])
    shared = json.loads(definition_text())
    assert created["States"].keys() == shared["States"].keys()
    assert placeholders() == STEP_FUNCTIONS.keys()
    assert "${" not in described["definition"]


def test_each_local_function_is_given_exactly_its_catalogue_environment(aws: LocalResources) -> None:
    # Given the local stack's compute, with a value only the local stack sets
    _, environments = provision_compute(
        boto3.Session(), aws, heartbeat_seconds=20, stack_values={"PLAYRUNNER_CALLBACKS_ALLOW_LOOPBACK": "true"}
    )
    lambdas = boto3.client("lambda")
    for name, entry in FUNCTIONS.items():
        registered = lambdas.get_function_configuration(FunctionName=f"{LOCAL_FUNCTION_PREFIX}{name}")
        variables = registered["Environment"]["Variables"]
        # Then each is registered with, and runs with, its entry's variables and no other
        assert variables == environments[name]
        assert variables[ENV_FUNCTION] == name
        assert set(variables) <= set(entry.variables()), name
    assert "PLAYRUNNER_CALLBACKS_ALLOW_LOOPBACK" in environments["create_job"]
    assert "PLAYRUNNER_CALLBACKS_ALLOW_LOOPBACK" not in environments["get_execution"]
