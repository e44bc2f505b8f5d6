"""Each workflow's state machine against moto: names that no two (account, workflow) pairs
share, and no state machine touched that is not tagged as the account's workflow."""

import json
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from playrunner.errors import Conflict
from playrunner.models.workflow import WorkflowSpec
from playrunner.orchestration.workflow_machines import MAX_NAME_LENGTH, WorkflowMachines
from playrunner.settings import WorkflowMakingSettings, WorkflowSettings

ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:playrunner-execution"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:step"


@pytest.fixture
def machines(monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkflowMachines]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        role = boto3.client("iam").create_role(RoleName="wf", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        making = WorkflowMakingSettings(
            workflow_role_arn=role, workflow_task_function_arn=FUNCTION, workflow_finish_function_arn=FUNCTION
        )
        yield WorkflowMachines(WorkflowSettings(state_machine_arn=ARN), boto3.client("stepfunctions"), making)


def spec(name: str) -> WorkflowSpec:
    return WorkflowSpec.model_validate({"name": name, "tasks": {"a": {"jobId": "j1"}}, "start": "a"})


def machine_names() -> set[str]:
    return {m["name"] for m in boto3.client("stepfunctions").list_state_machines()["stateMachines"]}


def test_pairs_that_read_alike_get_their_own_state_machines(machines: WorkflowMachines) -> None:
    # Given account acme with workflow x-deploy, and account acme-x with workflow deploy
    first = machines.ensure("acme", spec("x-deploy"))
    second = machines.ensure("acme-x", spec("deploy"))

    # Then each has its own state machine, and deleting one leaves the other
    assert first != second
    assert len(machine_names()) == 2
    machines.delete("acme", "x-deploy")
    assert machine_names() == {second.rsplit(":", 1)[1]}


def test_long_names_stay_within_the_limit_and_apart() -> None:
    machines = WorkflowMachines(WorkflowSettings(state_machine_arn=ARN), client=object())
    alias, workflow = "a" * 64, "w" * 64
    names = {
        machines.name(alias, workflow),
        machines.name(alias + "-w", workflow[2:]),
        machines.name(alias[1:], workflow),
    }
    assert len(names) == 3
    assert all(len(name) <= MAX_NAME_LENGTH for name in names)


def test_a_state_machine_not_tagged_as_the_accounts_workflow_is_never_adopted(machines: WorkflowMachines) -> None:
    # Given a state machine made elsewhere under the name acme's workflow would take
    client = boto3.client("stepfunctions")
    role = boto3.client("iam").get_role(RoleName="wf")["Role"]["Arn"]
    foreign = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    client.create_state_machine(name=machines.name("acme", "deploy"), definition=json.dumps(foreign), roleArn=role)

    # When acme saves or deletes its workflow of that name, it is refused, and the other is left as it was
    with pytest.raises(Conflict) as refused:
        machines.ensure("acme", spec("deploy"))
    assert refused.value.error_code == "STATE_MACHINE_NOT_OURS"
    with pytest.raises(Conflict):
        machines.delete("acme", "deploy")
    arn = machines.arn("acme", "deploy")
    assert json.loads(client.describe_state_machine(stateMachineArn=arn)["definition"]) == foreign


def test_its_own_state_machine_is_tagged_and_updated(machines: WorkflowMachines) -> None:
    arn = machines.ensure("acme", spec("deploy"))
    tags = boto3.client("stepfunctions").list_tags_for_resource(resourceArn=arn)["tags"]
    assert {(t["key"], t["value"]) for t in tags} == {
        ("playrunner:account_alias", "acme"),
        ("playrunner:workflow", "deploy"),
    }
    assert machines.ensure("acme", spec("deploy")) == arn
