"""State RunPlaybook: start the runner task with the task token it will answer."""

from typing import Any

from pydantic import BaseModel

from playrunner.orchestration.step_handler import step_handler
from playrunner.services.steps import StepState
from playrunner.services.wiring import execution_steps


class RunnerStarted(BaseModel):
    task_arn: str


def run_playbook(state: StepState, event: dict[str, Any]) -> RunnerStarted:
    return RunnerStarted(task_arn=execution_steps().start_runner(state, str(event["task_token"])))


lambda_handler = step_handler(run_playbook)
