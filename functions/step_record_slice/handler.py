"""State RecordSlice (in the Map): the slice's hosts left without a result, and the counts."""

from typing import Any

from playrunner.composition.steps import execution_steps
from playrunner.orchestration.contracts import SliceRecorded, SliceState
from playrunner.orchestration.step_handler import step_handler


def record_slice(state: SliceState, _event: dict[str, Any]) -> SliceRecorded:
    return execution_steps().record_slice(state)


lambda_handler = step_handler(record_slice, SliceState)
