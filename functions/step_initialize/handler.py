"""State MarkInitializing: PENDING -> INITIALIZING, a new timer, and the run's time limits."""

from typing import Any

from playrunner.orchestration.step_handler import step_handler
from playrunner.services.steps import RunLimits, StepState
from playrunner.services.wiring import execution_steps


def initialize(state: StepState, _event: dict[str, Any]) -> RunLimits:
    return execution_steps().initialize(state)


lambda_handler = step_handler(initialize)
