"""State StartSlice (in the Map): whether this slice runs, within the failure budget."""

from typing import Any

from playrunner.composition.steps import execution_steps
from playrunner.orchestration.contracts import SliceGate, SliceState
from playrunner.orchestration.step_handler import step_handler


def start_slice(state: SliceState, _event: dict[str, Any]) -> SliceGate:
    return execution_steps().start_slice(state)


lambda_handler = step_handler(start_slice, SliceState)
