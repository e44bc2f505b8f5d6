"""Each grant of the catalogue (playrunner/catalogue.py: Grant) as the IAM it stands for: a
function's policy is made from its entry, and from nothing else."""

from collections.abc import Callable

from aws_cdk import aws_events as events
from aws_cdk import aws_lambda as lambda_

from infra.callbacks import Callbacks
from infra.data import Data
from infra.orchestration import Orchestration
from infra.runner import Runner
from infra.schedules import Schedules
from infra.workflows import Workflows
from playrunner.catalogue import FUNCTIONS, Grant


class Grants:
    def __init__(
        self,
        *,
        data: Data,
        runner: Runner,
        orchestration: Orchestration,
        schedules: Schedules,
        workflows: Workflows,
        callbacks: Callbacks,
        event_bus: events.IEventBus,
    ) -> None:
        state_machine = orchestration.state_machine

        def stop_runs(function: lambda_.Function) -> None:
            state_machine.grant_execution(function, "states:StopExecution")

        def stop_tasks(function: lambda_.Function) -> None:
            Orchestration.grant_stop_tasks(function, runner)

        self._grants: dict[Grant, Callable[[lambda_.Function], object]] = {
            Grant.TABLE: data.table.grant_read_write_data,
            Grant.SEAL: data.grant_seal,
            Grant.OPEN: data.grant_open,
            Grant.START_RUNS: state_machine.grant_start_execution,
            Grant.STOP_RUNS: stop_runs,
            Grant.STOP_TASKS: stop_tasks,
            Grant.RUN_TASKS: runner.task_definition.grant_run,
            Grant.READ_STDOUT: data.artifacts.grant_read,
            Grant.MANAGE_SCHEDULES: schedules.grant_manage,
            Grant.MANAGE_WORKFLOWS: workflows.grant_manage,
            Grant.ANSWER_WORKFLOW_TASKS: workflows.grant_answer,
            Grant.PUT_STATUS_EVENTS: event_bus.grant_put_events_to,
            Grant.QUEUE_NOTICES: callbacks.notices.grant_send_messages,
            Grant.QUEUE_RETRIES: callbacks.retries.grant_send_messages,
        }
        missing = set(Grant) - set(self._grants)
        if missing:
            raise KeyError(f"no IAM for the grants {sorted(missing)}")

    def give(self, functions: dict[str, lambda_.Function]) -> None:
        for name, function in functions.items():
            for grant in sorted(FUNCTIONS[name].grants):
                self._grants[grant](function)
