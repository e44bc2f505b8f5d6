"""State MarkInitializing: PENDING -> INITIALIZING, a new timer, and the run's time limits."""

from typing import Any

from playrunner.composition.steps import execution_steps
from playrunner.orchestration.contracts import RunLimits, StepState
from playrunner.orchestration.step_handler import step_handler


def initialize(state: StepState, _event: dict[str, Any]) -> RunLimits:
    return execution_steps().initialize(state)


lambda_handler = step_handler(initialize)
