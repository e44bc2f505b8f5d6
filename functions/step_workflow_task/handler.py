"""A workflow task's step: start the task's execution, which answers the step's token when it ends."""

from typing import Any

from playrunner.composition.workflows import workflow_runs
from playrunner.orchestration.step_handler import step_handler
from playrunner.services.workflow_runs import StepAnswer, TaskStep


def run_task(step: TaskStep, _event: dict[str, Any]) -> StepAnswer:
    return workflow_runs().run_task(step)


lambda_handler = step_handler(run_task, TaskStep)
