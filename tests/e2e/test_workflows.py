"""Workflows over HTTP: defined, read, listed, replaced and deleted; a broken one lists its problems."""

from typing import Any

from tests.e2e.jobs import job_document
from tests.e2e.stack import RunningStack


def create_jobs(stack: RunningStack, token: str, *names: str) -> dict[str, str]:
    ids = {}
    for name in names:
        answer = stack.call("POST", "/jobs/DEMO", token, json=job_document(description=name))
        assert answer.status_code == 201, answer.text
        ids[name] = answer.json()["id"]
    return ids


def runbook(name: str, jobs: dict[str, str]) -> dict[str, Any]:
    return {
        "name": name,
        "description": "prepare, deploy, verify; roll back on error",
        "start": "prepare",
        "errorHandler": "rollback",
        "tasks": {
            "prepare": {"jobId": jobs["prepare"], "transitions": {"success": ["deploy"]}},
            "deploy": {
                "jobId": jobs["deploy"],
                "variables": {"release": "2026.11"},
                "transitions": {"success": ["verify"]},
            },
            "verify": {"jobId": jobs["verify"]},
            "rollback": {"jobId": jobs["rollback"]},
        },
    }


def test_a_workflow_is_defined_read_listed_replaced_and_deleted(stack: RunningStack, token: str) -> None:
    jobs = create_jobs(stack, token, "prepare", "deploy", "verify", "rollback")
    document = runbook("deploy-web", jobs)

    created = stack.call("POST", "/workflows/DEMO", token, json=document)
    assert created.status_code == 201, created.text
    workflow = created.json()
    assert workflow["tasks"]["deploy"]["variables"] == {"release": "2026.11"}
    assert workflow["createdBy"] == "admin"
    assert stack.call("POST", "/workflows/DEMO", token, json=document).status_code == 409

    assert stack.call("GET", "/workflows/DEMO/deploy-web", token).json() == workflow
    listed = stack.call("GET", "/workflows/DEMO", token).json()
    assert "deploy-web" in [w["name"] for w in listed["results"]]

    document["tasks"]["verify"]["transitions"] = {"failure": ["rollback"]}
    replaced = stack.call("PUT", "/workflows/DEMO/deploy-web", token, json=document)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["tasks"]["verify"]["transitions"]["failure"] == ["rollback"]
    assert replaced.json()["createdTime"] == workflow["createdTime"]

    assert stack.call("DELETE", "/workflows/DEMO/deploy-web", token).status_code == 204
    gone = stack.call("GET", "/workflows/DEMO/deploy-web", token)
    assert gone.status_code == 404
    assert gone.json()["error_code"] == "WORKFLOW_NOT_FOUND"


def test_a_broken_workflow_is_400_with_every_problem_and_nothing_is_saved(stack: RunningStack, token: str) -> None:
    jobs = create_jobs(stack, token, "prepare", "deploy", "verify", "rollback")
    document = runbook("broken", jobs)
    document["tasks"]["deploy"]["jobId"] = "no-such-job"
    document["tasks"]["verify"]["transitions"] = {"success": ["verify"]}  # a loop with no bound
    document["tasks"]["orphan"] = {"jobId": jobs["verify"]}

    answer = stack.call("POST", "/workflows/DEMO", token, json=document)

    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["error_code"] == "INVALID_WORKFLOW"
    assert [detail["field"] for detail in body["details"]] == ["tasks.deploy.jobId", "tasks.orphan", "tasks.verify"]
    assert stack.call("GET", "/workflows/DEMO/broken", token).status_code == 404


def test_unknown_fields_and_a_name_that_disagrees_with_the_path_are_400(stack: RunningStack, token: str) -> None:
    jobs = create_jobs(stack, token, "prepare", "deploy", "verify", "rollback")
    document = runbook("strict", jobs)
    assert stack.call("POST", "/workflows/DEMO", token, json={**document, "colour": "blue"}).status_code == 400
    assert stack.call("POST", "/workflows/DEMO", token, json=document).status_code == 201
    renamed = stack.call("PUT", "/workflows/DEMO/strict", token, json={**document, "name": "other"})
    assert renamed.status_code == 400
    assert renamed.json()["error_code"] == "NAME_MISMATCH"
