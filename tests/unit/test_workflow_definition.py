"""A workflow compiled to ASL: each shape of graph, checked as Step Functions checks a
definition (every target exists in its scope, every state is reached, names unique and short)."""

from typing import Any

import pytest

from playrunner.models.workflow import WorkflowSpec
from playrunner.orchestration.workflow_definition import (
    HANDLER_FAILED,
    HANDLER_FAILED_ERROR,
    RUN_ENDED,
    TASK_FAILED_ERROR,
    UNHANDLED,
    UNHANDLED_NO_HANDLER,
    WorkflowTooLarge,
    compile_workflow,
)


def spec(tasks: dict[str, dict[str, Any]], start: str = "A", **fields: Any) -> WorkflowSpec:
    documents = {task_id: {"jobId": "job", **task} for task_id, task in tasks.items()}
    return WorkflowSpec.model_validate({"name": "w", "start": start, "tasks": documents, **fields})


def compiled(workflow: WorkflowSpec) -> dict[str, Any]:
    definition = compile_workflow(workflow, task_function="task-fn", finish_function="finish-fn")
    check_scope(definition)
    names = all_state_names(definition)
    assert len(names) == len(set(names)), "state names are unique in the whole machine"
    assert all(len(name) <= 80 for name in names)
    return definition


def targets(state: dict[str, Any]) -> list[str]:
    found = [state[key] for key in ("Next", "Default") if key in state]
    found += [choice["Next"] for choice in state.get("Choices", [])]
    found += [catch["Next"] for catch in state.get("Catch", [])]
    return found


def check_scope(scope: dict[str, Any]) -> None:
    states = scope["States"]
    reached, pending = set(), [scope["StartAt"]]
    while pending:
        name = pending.pop()
        assert name in states, f"{name} is not in its scope"
        if name in reached:
            continue
        reached.add(name)
        state = states[name]
        pending.extend(targets(state))
        ends = state.get("End") or state["Type"] in {"Succeed", "Fail", "Choice"} or "Next" in state
        assert ends, f"{name} neither ends nor goes on"
        for branch in state.get("Branches", []):
            check_scope(branch)
    assert reached == set(states), f"unreachable: {set(states) - reached}"


def all_state_names(scope: dict[str, Any]) -> list[str]:
    names = list(scope["States"])
    for state in scope["States"].values():
        for branch in state.get("Branches", []):
            names += all_state_names(branch)
    return names


def choice_targets(definition: dict[str, Any], task: str) -> dict[str, str]:
    choice = definition["States"][f"{task} ended"]
    found = {c["StringEquals"]: c["Next"] for c in choice["Choices"]}
    return {**found, "ERROR": choice["Default"]}


def test_a_chain_runs_each_task_on_success_and_ends_in_error_otherwise() -> None:
    definition = compiled(spec({"A": {"transitions": {"success": ["B"]}}, "B": {}}))

    assert definition["StartAt"] == "A"
    task = definition["States"]["A"]
    assert task["Resource"] == "arn:aws:states:::lambda:invoke.waitForTaskToken"
    assert task["Parameters"]["FunctionName"] == "task-fn"
    assert task["Parameters"]["Payload"]["task_id"] == "A"
    assert task["Parameters"]["Payload"]["task_token.$"] == "$$.Task.Token"
    assert choice_targets(definition, "A") == {
        "SUCCESS": "B",
        "FAILURE": UNHANDLED_NO_HANDLER,
        "ERROR": UNHANDLED_NO_HANDLER,
    }
    assert choice_targets(definition, "B")["SUCCESS"] == RUN_ENDED
    assert definition["States"][UNHANDLED_NO_HANDLER]["Next"] == RUN_ENDED
    assert definition["States"][RUN_ENDED]["Parameters"]["FunctionName"] == "finish-fn"


def test_each_outcome_follows_its_own_transition() -> None:
    definition = compiled(
        spec({"A": {"transitions": {"success": ["B"], "failure": ["C"], "error": ["D"]}}, "B": {}, "C": {}, "D": {}})
    )
    assert choice_targets(definition, "A") == {"SUCCESS": "B", "FAILURE": "C", "ERROR": "D"}
    # A task that could not start at all takes the error transition too
    assert definition["States"]["A could not run"]["Next"] == "A ended"


def test_the_error_handler_runs_once_after_an_unhandled_failure_and_its_own_failure_ends_the_run() -> None:
    definition = compiled(
        spec({"A": {"transitions": {"success": ["B"]}}, "B": {}, "rollback": {}}, errorHandler="rollback")
    )
    assert choice_targets(definition, "A")["FAILURE"] == UNHANDLED
    assert definition["States"][UNHANDLED]["Next"] == "rollback"
    assert definition["States"][UNHANDLED]["ResultPath"] == "$.unhandled"
    assert choice_targets(definition, "rollback") == {
        "SUCCESS": RUN_ENDED,
        "FAILURE": HANDLER_FAILED,
        "ERROR": HANDLER_FAILED,
    }


def test_tasks_started_together_are_parallel_branches_with_their_own_copies() -> None:
    definition = compiled(
        spec(
            {
                "A": {"transitions": {"success": ["B", "C"]}},
                "B": {"transitions": {"success": ["D"]}},
                "C": {"transitions": {"success": ["D"]}},
                "D": {},
                "rollback": {},
            },
            errorHandler="rollback",
        )
    )
    parallel = definition["States"]["A success"]
    assert choice_targets(definition, "A")["SUCCESS"] == "A success"
    assert parallel["Type"] == "Parallel"
    assert parallel["Next"] == RUN_ENDED
    assert parallel["ResultPath"] is None
    assert [branch["StartAt"] for branch in parallel["Branches"]] == ["B #1", "C #2"]
    # D follows each branch, in each branch
    assert "D #1" in parallel["Branches"][0]["States"]
    assert "D #2" in parallel["Branches"][1]["States"]
    # A failure in a branch fails the Parallel, which hands it to the error handler at the top
    first = parallel["Branches"][0]["States"]
    assert first[first["B ended #1"]["Default"]] == {
        "Type": "Fail",
        "Error": TASK_FAILED_ERROR,
        "Cause": "a task of this branch ended with no transition for its outcome",
    }
    assert [c["Next"] for c in parallel["Catch"]] == [HANDLER_FAILED, UNHANDLED]
    assert parallel["Catch"][0]["ErrorEquals"] == [HANDLER_FAILED_ERROR]


def test_a_loop_through_single_transitions_stays_in_its_scope() -> None:
    definition = compiled(
        spec(
            {
                "deploy": {"maxIterations": 3, "transitions": {"success": ["verify"], "failure": ["fix"]}},
                "fix": {"transitions": {"success": ["deploy"]}},
                "verify": {},
            },
            start="deploy",
        )
    )
    assert choice_targets(definition, "fix")["SUCCESS"] == "deploy"
    assert choice_targets(definition, "deploy")["FAILURE"] == "fix"


def test_a_graph_that_unfolds_too_far_is_refused() -> None:
    # Each level fans out to two tasks that both lead to the next level: 2^n copies
    tasks: dict[str, dict[str, Any]] = {}
    for level in range(12):
        tasks[f"L{level}"] = {"transitions": {"success": [f"X{level}", f"Y{level}"]}}
        tasks[f"X{level}"] = {"transitions": {"success": [f"L{level + 1}"]}}
        tasks[f"Y{level}"] = {"transitions": {"success": [f"L{level + 1}"]}}
    tasks["L12"] = {}
    with pytest.raises(WorkflowTooLarge):
        compile_workflow(spec(tasks, start="L0"), task_function="t", finish_function="f")
