"""State Finalize: SUCCESS or FAILURE, the timer's end, and the job's last run."""

from typing import Any

from playrunner.orchestration.step_handler import step_handler
from playrunner.services.steps import FinalState, StepState
from playrunner.services.wiring import execution_steps


def finalize(state: StepState, _event: dict[str, Any]) -> FinalState:
    return execution_steps().finalize(state)


lambda_handler = step_handler(finalize)
