"""State PlanSlices: the run's hosts in slices, each host pending in its slice."""

from typing import Any

from playrunner.composition.steps import execution_steps
from playrunner.orchestration.contracts import SlicePlan, StepState
from playrunner.orchestration.step_handler import step_handler


def plan(state: StepState, _event: dict[str, Any]) -> SlicePlan:
    return execution_steps().plan(state)


lambda_handler = step_handler(plan)
