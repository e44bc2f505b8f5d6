"""Schedules over HTTP on the local stack: CRUD, validation, a date schedule firing exactly
once, and a deleted job taking its schedules with it."""

import base64
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.stack import RunningStack

PLAYBOOK = base64.b64encode(b"- hosts: all\n  gather_facts: false\n  tasks:\n    - ping:\n").decode()


def create_job(stack: RunningStack, token: str) -> str:
    document = {"playbook": PLAYBOOK, "hosts": [{"id": "web1", "hostVars": {"ansible_connection": "local"}}]}
    answer = stack.call("POST", "/jobs/DEMO", token, json=document)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def scheduler(stack: RunningStack) -> Any:
    return stack.aws("scheduler")


def in_seconds(seconds: int) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_schedules_are_created_listed_updated_and_deleted(stack: RunningStack, token: str) -> None:
    job_id = create_job(stack, token)
    base = f"/jobs/DEMO/{job_id}/schedules"

    created = stack.call(
        "POST", base, token, json={"description": "nightly", "trigger": {"type": "cron", "expression": "0 3 * * *"}}
    )
    assert created.status_code == 201, created.text
    schedule = created.json()
    assert {k: schedule[k] for k in ("jobId", "accountAlias", "description")} == {
        "jobId": job_id,
        "accountAlias": "DEMO",
        "description": "nightly",
    }
    stored = scheduler(stack).get_schedule(Name=schedule["scheduleId"], GroupName="playrunner")
    assert stored["ScheduleExpression"] == "cron(0 3 * * ? *)"
    assert stored["ScheduleExpressionTimezone"] == "UTC"

    listed = stack.call("GET", base, token).json()
    assert (listed["totalSize"], listed["results"][0]["id"]) == (1, schedule["id"])

    updated = stack.call(
        "PUT", f"{base}/{schedule['id']}", token, json={"trigger": {"type": "cron", "expression": "30 4 * * 1-5"}}
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["trigger"]["expression"] == "30 4 * * 1-5"
    stored = scheduler(stack).get_schedule(Name=schedule["scheduleId"], GroupName="playrunner")
    assert stored["ScheduleExpression"] == "cron(30 4 ? * MON-FRI *)"

    assert stack.call("DELETE", f"{base}/{schedule['id']}", token).status_code == 204
    assert stack.call("GET", base, token).json()["totalSize"] == 0
    assert stack.call("DELETE", f"{base}/{schedule['id']}", token).json()["error_code"] == "SCHEDULE_NOT_FOUND"
    names = [s["Name"] for s in scheduler(stack).list_schedules(GroupName="playrunner")["Schedules"]]
    assert schedule["scheduleId"] not in names


def test_bad_schedules_are_400_with_the_reason_and_create_nothing(stack: RunningStack, token: str) -> None:
    job_id = create_job(stack, token)
    base = f"/jobs/DEMO/{job_id}/schedules"
    for trigger, reason in [
        ({"type": "cron", "expression": "0 3 * *"}, "5 fields"),
        ({"type": "cron", "expression": "0 25 * * *"}, "not a valid cron"),
        ({"type": "date", "expression": "2001-01-01T00:00:00Z"}, "in the past"),
        ({"type": "weekly", "expression": "x"}, "trigger.type"),
    ]:
        answer = stack.call("POST", base, token, json={"trigger": trigger})
        assert (answer.status_code, answer.json()["error_code"]) == (400, "VALIDATION_ERROR"), answer.text
        assert reason in answer.text
    unknown = stack.call(
        "POST", "/jobs/DEMO/no-such-job/schedules", token, json={"trigger": {"type": "cron", "expression": "0 3 * * *"}}
    )
    assert unknown.status_code == 404
    assert stack.call("GET", base, token).json()["totalSize"] == 0


def test_a_date_schedule_fires_exactly_once(stack: RunningStack, token: str) -> None:
    # Given a job scheduled a few seconds ahead
    job_id = create_job(stack, token)
    answer = stack.call(
        "POST", f"/jobs/DEMO/{job_id}/schedules", token, json={"trigger": {"type": "date", "expression": in_seconds(3)}}
    )
    assert answer.status_code == 201, answer.text

    # When the time comes (and goes)
    deadline = time.monotonic() + 30
    executions: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not executions:
        executions = stack.call("GET", f"/jobs/DEMO/{job_id}/executions", token).json()["results"]
        time.sleep(0.5)
    time.sleep(4)

    # Then it started the job once, as a scheduled launch, and the run succeeded
    executions = stack.call("GET", f"/jobs/DEMO/{job_id}/executions", token).json()["results"]
    assert len(executions) == 1, executions
    assert executions[0]["launch_type"] == "schedule"
    assert executions[0]["created_by"] == f"schedule:{answer.json()['id']}"
    final = stack.wait_for_status(token, job_id, executions[0]["execution_id"], {"SUCCESS", "FAILURE"})
    assert final["status"] == "SUCCESS", final


def test_a_deleted_job_takes_its_schedules_with_it(stack: RunningStack, token: str) -> None:
    job_id = create_job(stack, token)
    created = stack.call(
        "POST", f"/jobs/DEMO/{job_id}/schedules", token, json={"trigger": {"type": "cron", "expression": "0 3 * * *"}}
    )
    name = created.json()["scheduleId"]
    assert stack.call("DELETE", f"/jobs/DEMO/{job_id}", token).status_code == 204
    names = [s["Name"] for s in scheduler(stack).list_schedules(GroupName="playrunner")["Schedules"]]
    assert name not in names
    assert stack.call("GET", f"/jobs/DEMO/{job_id}/schedules", token).status_code == 404
