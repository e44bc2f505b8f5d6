"""State RecordResults: after every slice, the hosts that never ran are not_run; the failed counted."""

from typing import Any

from playrunner.composition.steps import execution_steps
from playrunner.orchestration.contracts import RecordedResults, StepState
from playrunner.orchestration.step_handler import step_handler


def record_results(state: StepState, _event: dict[str, Any]) -> RecordedResults:
    return execution_steps().record_results(state)


lambda_handler = step_handler(record_results)
