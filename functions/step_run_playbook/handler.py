"""State RunPlaybook: start the runner task with the task token it will answer."""

from typing import Any

from playrunner.composition.steps import execution_steps
from playrunner.orchestration.contracts import RunnerStarted, RunPlaybookInput
from playrunner.orchestration.step_handler import step_handler


def run_playbook(state: RunPlaybookInput, _event: dict[str, Any]) -> RunnerStarted:
    return RunnerStarted(task_arn=execution_steps().start_runner(state))


lambda_handler = step_handler(run_playbook, RunPlaybookInput)
