"""Hostile input never gets a 5xx: the served OpenAPI document fuzzed with schemathesis, with a
valid token for the path's own account (so requests get past the 403s), bounded in cases.

Operations that would start a run are left out of the fuzzing: a generated job's hosts are
any address at all, and a run would connect to them. Their bodies still meet the same early
checks, tested directly below."""

import json
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from tests.e2e.jobs import job_document
from tests.e2e.stack import RunningStack

STARTS_A_RUN = [
    "start_execution_get_jobs__accountAlias___jobId__start_get",
    "start_execution_jobs__accountAlias___jobId__start_post",
    "restart_execution_jobs__accountAlias___jobId__executions__executionId__restart_post",
    "relaunch_execution_jobs__accountAlias___jobId__executions__executionId__relaunch_post",
    "create_schedule_jobs__accountAlias___jobId__schedules_post",
    "update_schedule_jobs__accountAlias___jobId__schedules__id__put",
    "start_workflow_run_workflows__accountAlias__jobs_start_post",
    "resume_workflow_run_workflows__accountAlias__runs__runId__resume_post",
]
# Every operation that takes a body, with a path whose ids need not exist.
BODY_OPERATIONS = [
    ("POST", "/authentication/login"),
    ("POST", "/jobs/DEMO"),
    ("PUT", "/jobs/DEMO/j1"),
    ("POST", "/jobs/DEMO/j1/start"),
    ("POST", "/jobs/DEMO/j1/callbacks/secret"),
    ("POST", "/jobs/DEMO/j1/schedules"),
    ("PUT", "/jobs/DEMO/j1/schedules/s1"),
    ("POST", "/workflows/DEMO"),
    ("PUT", "/workflows/DEMO/w1"),
    ("POST", "/workflows/DEMO/jobs/start"),
    ("POST", "/jobs/DEMO/j1/executions/e1/restart"),
    ("POST", "/jobs/DEMO/j1/executions/e1/relaunch"),
    ("POST", "/jobs/DEMO/j1/executions/e1/stop"),
]
LISTS = ["/jobs/DEMO", "/jobs/DEMO/{job}/executions", "/workflows/DEMO", "/jobs/DEMO/{job}/schedules"]


# The document the stack serves at /openapi.json is this one (make openapi-check fails on any
# drift); reading it from the file lets pytest name each operation's test at collection.
DOCUMENT = Path(__file__).parents[2] / "docs" / "openapi.json"
schema = schemathesis.openapi.from_path(DOCUMENT).exclude(operation_id=STARTS_A_RUN)


def test_the_served_document_is_the_one_fuzzed(stack: RunningStack) -> None:
    assert stack.call("GET", "/openapi.json").json() == json.loads(DOCUMENT.read_text())


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_generated_request_gets_a_server_error(case: Any, stack: RunningStack, token: str) -> None:
    if case.path_parameters and "accountAlias" in case.path_parameters:
        case.path_parameters["accountAlias"] = stack.account
    if case.query:
        case.query.pop("immediate", None)  # ?immediate=true would start a run
    if isinstance(case.body, dict):
        case.body.pop("callbacks", None)  # saving one resolves its host name
    response = case.call(base_url=stack.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"
    if response.status_code >= 400:
        assert {"error_code", "error_msg"} <= set(response.json()), response.text


@pytest.mark.parametrize(("method", "path"), BODY_OPERATIONS)
def test_a_body_that_is_not_utf8_is_a_400(stack: RunningStack, token: str, method: str, path: str) -> None:
    answer = requests.request(
        method,
        f"{stack.url}{path}",
        data=b'{"name": "\xff\xfe\xfa"}',
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert (answer.status_code, answer.json()["error_code"]) == (400, "MALFORMED_JSON"), answer.text


@pytest.mark.parametrize("path", LISTS)
def test_any_page_of_a_small_list_answers_empty(stack: RunningStack, token: str, path: str) -> None:
    job = stack.call("POST", "/jobs/DEMO", token, json=job_document()).json()
    for page in ("1", "45371010927880275857802405085184"):
        answer = stack.call("GET", f"{path.format(job=job['id'])}?page={page}&size=100", token)
        assert answer.status_code == 200, answer.text
        assert answer.json()["results"] == []
