"""State Finalize: SUCCESS or FAILURE, the timer's end, and the job's last run."""

from typing import Any

from playrunner.composition.steps import execution_steps
from playrunner.orchestration.contracts import FinalState, StepState
from playrunner.orchestration.step_handler import step_handler


def finalize(state: StepState, _event: dict[str, Any]) -> FinalState:
    return execution_steps().finalize(state)


lambda_handler = step_handler(finalize)
