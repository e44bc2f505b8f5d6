"""Which workflows can run: names that exist, every task reachable, loops only with a bound."""

from typing import Any

import pytest

from playrunner.models.workflow import WorkflowSpec
from playrunner.services.workflow_graph import workflow_problems

JOBS = {"prepare-job", "deploy-job", "verify-job", "rollback-job"}


def spec(tasks: dict[str, Any], start: str = "prepare", error_handler: str | None = None) -> WorkflowSpec:
    return WorkflowSpec.model_validate(
        {"name": "deploy", "tasks": tasks, "start": start, "errorHandler": error_handler}
    )


def task(job: str, **transitions: list[str]) -> dict[str, Any]:
    return {"jobId": job, "transitions": transitions}


RUNBOOK = {
    "prepare": task("prepare-job", success=["deploy"]),
    "deploy": task("deploy-job", success=["verify"]),
    "verify": task("verify-job"),
    "rollback": task("rollback-job"),
}


def fields(problems: list[Any]) -> list[str]:
    return [problem.field for problem in problems]


def test_a_runbook_with_an_error_handler_can_run() -> None:
    assert workflow_problems(spec(RUNBOOK, error_handler="rollback"), JOBS) == []


def test_every_problem_is_listed_with_its_field() -> None:
    broken = {
        "prepare": task("prepare-job", success=["deploy"], failure=["nowhere"]),
        "deploy": task("no-such-job"),
        "orphan": task("verify-job"),
    }
    problems = workflow_problems(spec(broken, error_handler="missing"), JOBS)
    assert fields(problems) == [
        "errorHandler",
        "tasks.prepare.transitions.failure",
        "tasks.deploy.jobId",
        "tasks.orphan",
    ]
    assert "no-such-job" in problems[2].reason


def test_start_must_be_a_task() -> None:
    assert fields(workflow_problems(spec(RUNBOOK, start="first", error_handler="rollback"), JOBS))[0] == "start"


def test_the_error_handler_and_what_follows_it_count_as_reachable() -> None:
    tasks = {**RUNBOOK, "rollback": task("rollback-job", success=["notify"]), "notify": task("verify-job")}
    assert workflow_problems(spec(tasks, error_handler="rollback"), JOBS) == []


@pytest.mark.parametrize(
    ("tasks", "allowed"),
    [
        ({"prepare": task("prepare-job", failure=["prepare"])}, False),
        ({"prepare": {**task("prepare-job", failure=["prepare"]), "maxIterations": 3}}, True),
        (
            {
                "prepare": task("prepare-job", success=["deploy"]),
                "deploy": task("deploy-job", failure=["prepare"]),
            },
            False,
        ),
        (
            {
                "prepare": task("prepare-job", success=["deploy"]),
                "deploy": {**task("deploy-job", failure=["prepare"]), "maxIterations": 2},
            },
            True,
        ),
    ],
)
def test_a_loop_needs_a_task_with_max_iterations(tasks: dict[str, Any], allowed: bool) -> None:
    problems = workflow_problems(spec(tasks), JOBS)
    assert (problems == []) == allowed
    if not allowed:
        assert "maxIterations" in problems[0].reason


@pytest.mark.parametrize("name", ["jobs", "runs", "-x", "a b", "x" * 129])
def test_reserved_and_malformed_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="name"):
        WorkflowSpec.model_validate({"name": name, "tasks": RUNBOOK, "start": "prepare"})


def test_a_loop_may_not_go_back_through_tasks_started_side_by_side() -> None:
    tasks = {
        "prepare": {**task("prepare-job", success=["deploy", "verify"]), "maxIterations": 2},
        "deploy": task("deploy-job", failure=["prepare"]),
        "verify": task("verify-job"),
    }
    problems = workflow_problems(spec(tasks), JOBS)
    assert fields(problems) == ["tasks.prepare.transitions.success"]
    assert "side by side" in problems[0].reason


def test_a_task_listed_twice_in_one_transition_is_a_problem() -> None:
    tasks = {"prepare": task("prepare-job", success=["deploy", "deploy"]), "deploy": task("deploy-job")}
    assert fields(workflow_problems(spec(tasks), JOBS)) == ["tasks.prepare.transitions.success"]
