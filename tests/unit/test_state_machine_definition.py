"""The one state machine definition: valid JSON, every placeholder served by a function."""

import importlib
import json
from typing import Any

import pytest

from playrunner.orchestration.definition import STEP_FUNCTIONS, definition, definition_text, placeholders, substitute


def test_every_placeholder_has_a_step_function_and_back() -> None:
    assert placeholders() == set(STEP_FUNCTIONS)


@pytest.mark.parametrize("function", sorted(STEP_FUNCTIONS.values()))
def test_each_step_function_has_a_handler(function: str) -> None:
    assert callable(importlib.import_module(f"functions.{function}.handler").lambda_handler)


def test_substitution_fills_every_placeholder() -> None:
    document = definition({name: f"arn:aws:lambda:us-east-1:1:function:{name}" for name in STEP_FUNCTIONS})
    assert "${" not in json.dumps(document)
    with pytest.raises(KeyError):
        substitute({})


def _every_state(states: dict[str, Any]) -> dict[str, Any]:
    """STATES and the states of each Map in them."""
    found = dict(states)
    for state in states.values():
        if "ItemProcessor" in state:
            found |= _every_state(state["ItemProcessor"]["States"])
    return found


def test_every_task_has_a_timeout_and_the_runner_a_heartbeat() -> None:
    top = json.loads(definition_text())["States"]
    states = _every_state(top)
    for name, state in states.items():
        if state["Type"] == "Task":
            assert "TimeoutSeconds" in state or "TimeoutSecondsPath" in state, name
    assert "HeartbeatSecondsPath" in states["RunSlice"]
    assert states["RunSlice"]["Resource"].endswith(".waitForTaskToken")
    for name, state in top.items():
        if name != "Finalize":
            assert any("States.ALL" in c["ErrorEquals"] for c in state.get("Catch", [])), name
    # In a slice, whatever fails is recorded as that slice's hosts' failure (RecordSlice ends it).
    for name in ("StartSlice", "RunSlice"):
        assert [c["Next"] for c in states[name]["Catch"]] == ["RecordSlice"], name


def test_slices_run_in_a_map_as_many_at_once_as_the_plan_says() -> None:
    run_slices = json.loads(definition_text())["States"]["RunSlices"]
    assert (run_slices["Type"], run_slices["ItemsPath"]) == ("Map", "$.plan.slices")
    assert run_slices["MaxConcurrencyPath"] == "$.plan.max_concurrency"
    assert run_slices["ResultPath"] is None  # each slice's results are in the table, not the state


def test_every_step_of_every_state_machine_retries_by_the_one_policy() -> None:
    from playrunner.models.workflow import WorkflowSpec
    from playrunner.orchestration import retry_policy
    from playrunner.orchestration.workflow_definition import compile_workflow

    execution = _every_state(json.loads(definition_text())["States"])
    spec = WorkflowSpec.model_validate({"name": "w", "start": "a", "tasks": {"a": {"jobId": "j1"}}})
    workflow = compile_workflow(spec, task_function="task", finish_function="finish")["States"]
    policies = [retry_policy.transient(), retry_policy.dispatch(), retry_policy.last_step()]
    tasks = [state for states in (execution, workflow) for state in states.values() if state["Type"] == "Task"]
    assert len(tasks) >= 6
    assert all(state["Retry"] in policies for state in tasks)
