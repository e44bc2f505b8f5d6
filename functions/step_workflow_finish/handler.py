"""A workflow run's last step: the run is complete, or in error when a failure had no transition."""

from typing import Any

from playrunner.composition.workflows import workflow_runs
from playrunner.orchestration.step_handler import step_handler
from playrunner.services.workflow_runs import FinishStep, StepAnswer


def finish(step: FinishStep, _event: dict[str, Any]) -> StepAnswer:
    return workflow_runs().finish(step)


lambda_handler = step_handler(finish, FinishStep)
