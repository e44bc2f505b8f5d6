"""Job parameters: declared on the job, given at start, checked, and seen by the playbook."""

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.stack import RunningStack
from tests.e2e.test_engine import create_job, playbook, start

FINAL = {"SUCCESS", "FAILURE"}
DECLARED = [
    {"name": "release", "required": True, "description": "the version to deploy"},
    {"name": "colour", "default": "blue"},
]


def writes_params(out: Path) -> str:
    return playbook(f"    - copy:\n        content: '{{{{ release }}}}|{{{{ colour }}}}'\n        dest: {out}\n")


def test_declared_parameters_reach_the_playbook_with_their_defaults(
    stack: RunningStack, token: str, playbook_dir: Path
) -> None:
    # Given a job declaring a required parameter and one with a default
    out = playbook_dir / "params"
    job_id = create_job(stack, token, playbook=writes_params(out), parameters=DECLARED)
    assert stack.call("GET", f"/jobs/DEMO/{job_id}", token).json()["parameters"][1] == {
        "name": "colour",
        "default": "blue",
        "required": False,
        "description": "",
    }

    # When it starts with only the required one
    started = start(stack, token, job_id, {"jobParams": [{"name": "release", "value": "v2.1"}]})
    execution = stack.wait_for_status(token, job_id, started["execution_id"], FINAL)

    # Then the playbook saw both, and the execution records both
    assert execution["status"] == "SUCCESS", execution
    assert out.read_text() == "v2.1|blue"
    expected = [{"name": "release", "value": "v2.1"}, {"name": "colour", "value": "blue"}]
    assert execution["job_params"] == expected

    # And a relaunch runs with the same parameters
    out.unlink()
    relaunched = stack.call("POST", f"/jobs/DEMO/{job_id}/executions/{execution['execution_id']}/relaunch", token)
    assert relaunched.status_code == 201, relaunched.text
    again = stack.wait_for_status(token, job_id, relaunched.json()["execution_id"], FINAL)
    assert again["job_params"] == expected
    assert out.read_text() == "v2.1|blue"


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ([{"name": "release", "value": "1"}, {"name": "nope", "value": "x"}], ["jobParams.nope"]),
        ([{"name": "colour", "value": "red"}], ["jobParams.release"]),
        ([{"name": "nope", "value": "x"}], ["jobParams.nope", "jobParams.release"]),
    ],
)
def test_unknown_and_missing_parameters_are_400_naming_each(
    stack: RunningStack, token: str, playbook_dir: Path, params: list[dict[str, str]], fields: list[str]
) -> None:
    job_id = create_job(stack, token, playbook=writes_params(playbook_dir / "out"), parameters=DECLARED)
    answer = stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json={"jobParams": params})
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["error_code"] == "INVALID_JOB_PARAMETERS"
    assert [detail["field"] for detail in body["details"]] == fields
    for field in fields:
        assert field.split(".")[1] in body["error_msg"]
    assert stack.call("GET", f"/jobs/DEMO/{job_id}/executions", token).json()["totalSize"] == 0


@pytest.mark.parametrize(
    ("param", "status"),
    [
        ({"name": "n" * 64, "value": "v"}, 201),
        ({"name": "n" * 65, "value": "v"}, 400),
        ({"name": "n", "value": "v" * 1024}, 201),
        ({"name": "n", "value": "v" * 1025}, 400),
        ({"name": "n", "value": ""}, 201),
        ({"name": "", "value": "v"}, 400),
    ],
)
def test_parameter_limits_are_exactly_64_and_1024(
    stack: RunningStack, token: str, param: dict[str, str], status: int
) -> None:
    job_id = create_job(stack, token)
    answer = stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json={"jobParams": [param]})
    assert answer.status_code == status, answer.text
    if status == 201:
        stack.wait_for_status(token, job_id, answer.json()["execution_id"], FINAL)


@pytest.mark.parametrize(
    "parameters",
    [
        [{"name": "a", "required": True, "default": "x"}],
        [{"name": "a"}, {"name": "a"}],
        [{"name": "has space"}],
        [{"name": "a", "default": "v" * 1025}],
    ],
)
def test_bad_declarations_are_400(stack: RunningStack, token: str, parameters: list[dict[str, Any]]) -> None:
    document = {"playbook": playbook("    - ping:\n"), "hosts": [{"id": "web1"}], "parameters": parameters}
    answer = stack.call("POST", "/jobs/DEMO", token, json=document)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error_code"] == "VALIDATION_ERROR"


def test_a_job_with_required_parameters_cannot_be_scheduled(
    stack: RunningStack, token: str, playbook_dir: Path
) -> None:
    job_id = create_job(stack, token, playbook=writes_params(playbook_dir / "out"), parameters=DECLARED)
    trigger = {"type": "cron", "expression": "0 3 * * *"}
    answer = stack.call("POST", f"/jobs/DEMO/{job_id}/schedules", token, json={"trigger": trigger})
    assert answer.status_code == 400, answer.text
    assert answer.json()["error_code"] == "SCHEDULE_NEEDS_PARAMETERS"
    assert "release" in answer.json()["error_msg"]
